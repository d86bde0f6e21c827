//! `spec record`, `spec gates` and `spec status` as a user runs them, in
//! temporary workspaces.

mod common;
use common::spec;

const PLAN: &str = "@prefix : <https://example.org/b#> .\n@prefix sg: <https://w3id.org/specgraph#> .\n\
:build-time a sg:Metric ; sg:title \"First build\" ; sg:unit \"s\" ; sg:baseline 120 ; sg:target 15 ;\n\
    sg:direction sg:LowerIsBetter ; sg:measuredBy \"cargo build\" .\n\
:gate-1 a sg:Gate ; sg:title \"Fast build\" ; sg:status sg:Passed ; sg:criterion :c1 .\n\
:c1 a sg:Criterion ; sg:title \"First build under 15 s\" ; sg:metric :build-time ; sg:comparator \"<=\" ; sg:threshold 15 .\n";

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("specs/001-build");
    std::fs::create_dir_all(&spec).unwrap();
    std::fs::write(spec.join("plan.ttl"), PLAN).unwrap();
    std::fs::write(dir.path().join("spec.toml"), "").unwrap();
    dir
}

const EVIDENCE: &str = "specs/001-build/evidence/measurements.ttl";

#[test]
fn record_appends_and_the_gate_follows_the_latest_measurement() {
    let ws = workspace();
    let dir = ws.path();
    // No measurement yet: the baseline is the current value, and it
    // already contradicts the declared pass.
    let (code, out, _) = spec(dir, &["gates", "001"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(":build-time 120 s > 15 s, the baseline: no measurement yet"),
        "{out}"
    );

    let (code, out, err) = spec(
        dir,
        &[
            "record",
            "001",
            "build-time",
            "41",
            "--source",
            "cargo build --timings",
            "--at",
            "2026-01-29",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        format!("recorded :build-time = 41 s at 2026-01-29 (target 15 s) in {EVIDENCE}\n")
    );
    let first = std::fs::read_to_string(dir.join(EVIDENCE)).unwrap();
    assert!(first.contains("sg:value 41 ;"), "{first}");

    let (code, out, _) = spec(dir, &["gates", "001"]);
    assert_eq!(code, 1, "a gate declared passed that fails exits 1:\n{out}");
    assert!(
        out.contains(
            "✗ :c1 (First build under 15 s): :build-time 41 s > 15 s, measured 2026-01-29"
        ),
        "{out}"
    );
    assert!(
        out.contains("error[gate-claim-false] :gate-1 is declared passed, but its criteria fail"),
        "{out}"
    );

    let (code, _, err) = spec(
        dir,
        &[
            "record",
            "001",
            "build-time",
            "12.5",
            "--unit",
            "s",
            "--at",
            "2026-01-30T10:00:00Z",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let second = std::fs::read_to_string(dir.join(EVIDENCE)).unwrap();
    assert!(
        second.starts_with(&first),
        "earlier evidence is kept byte for byte"
    );
    let (code, out, _) = spec(dir, &["gates", "001"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(":gate-1 (Fast build): PASSED"), "{out}");
    let (code, out, _) = spec(dir, &["check", "001"]);
    assert_eq!(code, 0, "the recorded evidence is clean:\n{out}");
    let (_, out, _) = spec(dir, &["status", "001"]);
    assert!(
        out.contains(":build-time: 120 s → 12.5 s → 15 s · 9.6× · met"),
        "{out}"
    );
}

#[test]
fn record_refuses_bad_input_and_leaves_evidence_untouched() {
    let ws = workspace();
    let dir = ws.path();
    let existing = "@prefix sg: <https://w3id.org/specgraph#> .\n# hand-written, kept as is\n";
    std::fs::create_dir_all(dir.join("specs/001-build/evidence")).unwrap();
    std::fs::write(dir.join(EVIDENCE), existing).unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["record", "001", "build-time", "fast"],
            "`fast` is not a number",
        ),
        (
            &["record", "001", "build-time", "1e3"],
            "`1e3` is not a number",
        ),
        (
            &["record", "001", "build-time", "41", "--unit", "ms"],
            "unit `ms` does not match the unit of :build-time: `s`",
        ),
        (
            &["record", "001", "build-tme", "41"],
            "did you mean `build-time`?",
        ),
        (
            &["record", "001", "build-time", "41", "--at", "yesterday"],
            "`yesterday` is not a date or a date-time",
        ),
    ];
    for (args, expected) in cases {
        let (code, out, err) = spec(dir, args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty());
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_eq!(
            std::fs::read_to_string(dir.join(EVIDENCE)).unwrap(),
            existing
        );
    }
    // Only the existing prefix is reused; xsd is not declared there, so full IRIs are written.
    let (code, _, err) = spec(
        dir,
        &[
            "record",
            "001",
            "https://example.org/b#build-time",
            "-3",
            "--at",
            "2026-01-29",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(dir.join(EVIDENCE)).unwrap();
    assert!(text.starts_with(existing));
    assert!(
        text.contains("\"2026-01-29\"^^<http://www.w3.org/2001/XMLSchema#date>"),
        "{text}"
    );
}

#[test]
fn status_ready_lists_what_can_start() {
    let ws = workspace();
    let dir = ws.path();
    std::fs::write(
        dir.join("specs/001-build/tasks.ttl"),
        "@prefix : <https://example.org/b#> .\n@prefix sg: <https://w3id.org/specgraph#> .\n\
         :agent-1 a sg:Agent .\n\
         :t1 a sg:Task ; sg:title \"Measure\" ; sg:status sg:Pending ; sg:assignee :agent-1 .\n\
         :t2 a sg:Task ; sg:title \"Optimise\" ; sg:status sg:Pending ; sg:dependsOn :t1 .\n\
         :t3 a sg:Task ; sg:title \"Report\" ; sg:status sg:Done .\n",
    )
    .unwrap();
    let (code, out, _) = spec(dir, &["status", "--ready"]);
    assert_eq!(code, 0);
    assert_eq!(out, "001-build  :t1 (Measure)  @agent-1\n");
    let (_, out, _) = spec(dir, &["status", "001"]);
    assert!(
        out.contains("waits for task :t1 is Pending (delivered by :agent-1)"),
        "{out}"
    );
}

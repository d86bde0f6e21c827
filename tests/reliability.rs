//! Hostile and careless input, as issue 13 lists it: every case must end with
//! a clear message and an exit code, never a panic, a hang, a lost record or a
//! write outside the workspace.

mod common;
use common::spec;

const HEAD: &str =
    "@prefix : <https://example.org/r#> .\n@prefix sg: <https://w3id.org/specgraph#> .\n";

/// A workspace with one spec, `specs/001-r/plan.ttl`, holding `plan`.
fn workspace(plan: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("specs/001-r");
    std::fs::create_dir_all(&spec).unwrap();
    std::fs::write(spec.join("plan.ttl"), plan).unwrap();
    std::fs::write(dir.path().join("spec.toml"), "").unwrap();
    dir
}

/// `spec ARGS` ended by itself (exit 0, 1 or 2), not by a panic (101) or a signal.
fn assert_no_crash(code: i32, stderr: &str) {
    assert!(matches!(code, 0..=2), "exit code {code}, stderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_latin1_byte_is_a_located_error_in_human_output() {
    let mut plan = HEAD.as_bytes().to_vec();
    plan.extend_from_slice(b":t a sg:Task ; sg:title \"caf\xe9\" .\n");
    let ws = workspace(&plan);
    for format in ["human", "json", "sarif", "github"] {
        let (code, out, err) = spec(ws.path(), &["check", "--format", format]);
        assert_no_crash(code, &err);
        assert_eq!(code, 1, "{format}: {out}");
        assert!(out.contains("not valid UTF-8"), "{format}: {out}");
    }
    let (_, out, _) = spec(ws.path(), &["check"]);
    assert!(out.contains("specs/001-r/plan.ttl:3:"), "{out}");
}

#[test]
fn random_bytes_never_panic() {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut byte = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 56) as u8
    };
    for _ in 0..3 {
        let bytes: Vec<u8> = (0..4000).map(|_| byte()).collect();
        let ws = workspace(&bytes);
        for command in ["check", "gates", "status"] {
            let (code, _, err) = spec(ws.path(), &[command]);
            assert_no_crash(code, &err);
        }
    }
}

#[test]
fn findings_past_column_65535_show_a_window_of_the_line() {
    let long = format!("{HEAD}:a :b \"{}\" ; :c nope:d .\n", "x".repeat(70_000));
    let deep = format!(
        "{HEAD}:a :b {}:c{} ; :q nope:x .\n",
        "[ :p ".repeat(100_000),
        " ]".repeat(100_000)
    );
    let iri = format!(
        "{HEAD}:a :b <https://example.org/{}> ; :q nope:x .\n",
        "y".repeat(10_000_000)
    );
    for (case, plan, column) in [
        ("long literal", long, "3:70015"),
        ("deep nesting", deep, "3:700015"),
        ("10 MB IRI", iri, "3:10000035"),
    ] {
        let ws = workspace(plan.as_bytes());
        let (code, out, err) = spec(ws.path(), &["check"]);
        assert_no_crash(code, &err);
        assert_eq!(code, 1, "{case}");
        // Still located by line and column, but the snippet is a window.
        assert!(
            out.contains(&format!("specs/001-r/plan.ttl:{column}]")),
            "{case}: {}",
            &out[..out.len().min(2000)]
        );
        assert!(out.contains("nope:"), "{case}");
        assert!(out.len() < 8_000, "{case}: {} bytes of output", out.len());
        assert!(out.lines().all(|l| l.chars().count() < 400), "{case}");
    }
}

const METRIC: &str = ":build-time a sg:Metric ; sg:title \"Build\" ; sg:unit \"s\" ; sg:baseline 120 ; sg:target 15 ;\n    sg:direction sg:LowerIsBetter ; sg:measuredBy \"cargo build\" .\n";

#[test]
fn concurrent_records_all_survive_with_distinct_iris() {
    let ws = workspace(format!("{HEAD}{METRIC}").as_bytes());
    let children: Vec<_> = (0..20)
        .map(|i| {
            std::process::Command::new(env!("CARGO_BIN_EXE_spec"))
                .args(["record", "001", "build-time", &format!("{}", 40 + i)])
                .current_dir(ws.path())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let evidence =
        std::fs::read_to_string(ws.path().join("specs/001-r/evidence/measurements.ttl")).unwrap();
    let recorded: Vec<&str> = evidence
        .lines()
        .filter(|l| l.contains("sg:value"))
        .collect();
    assert_eq!(recorded.len(), 20, "{evidence}");
    for i in 0..20 {
        assert!(
            evidence.contains(&format!("sg:value {} ;", 40 + i)),
            "{evidence}"
        );
    }
    let iris: std::collections::BTreeSet<&str> = evidence
        .lines()
        .filter(|l| l.contains("a sg:Measurement"))
        .collect();
    assert_eq!(iris.len(), 20, "{evidence}");
    let (_, out, _) = spec(ws.path(), &["check", "--format", "json"]);
    assert!(!out.contains("conflicting-values"), "{out}");
}

#[test]
fn record_refuses_values_check_would_reject() {
    let ws = workspace(format!("{HEAD}{METRIC}").as_bytes());
    let huge = "9".repeat(1000);
    let fine = format!("0.{}", "1".repeat(18));
    let too_fine = format!("0.{}", "1".repeat(19));
    for value in [huge.as_str(), too_fine.as_str(), "9223372036854775808"] {
        let (code, out, err) = spec(ws.path(), &["record", "001", "build-time", value]);
        assert_eq!(code, 2, "{value}: {out}{err}");
        assert!(err.contains("out of range"), "{err}");
    }
    assert!(!ws.path().join("specs/001-r/evidence").exists());
    let (code, _, err) = spec(ws.path(), &["record", "001", "build-time", &fine]);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = spec(ws.path(), &["check", "--format", "json"]);
    assert!(!out.contains("wrong-kind"), "{out}");
}

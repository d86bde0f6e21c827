//! Hostile and careless input, as issue 13 lists it: every case must end with
//! a clear message and an exit code, never a panic, a hang, a lost record or a
//! write outside the workspace.

mod common;
use common::spec;
use std::path::Path;

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

/// `spec ARGS` in `dir`, killed (and the test failed) if it runs past a
/// minute: a regression to a hang fails instead of blocking the suite.
fn spec_bounded(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = tempfile::NamedTempFile::new().unwrap();
    let err = tempfile::NamedTempFile::new().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_spec"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(out.reopen().unwrap())
        .stderr(err.reopen().unwrap())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("spec {args:?} still running after 60 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let read = |f: &tempfile::NamedTempFile| {
        String::from_utf8_lossy(&std::fs::read(f.path()).unwrap()).into_owned()
    };
    (status.code().unwrap_or(-1), read(&out), read(&err))
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

/// A gate whose condition is a three-way cartesian product of 400 triples
/// (64 million rows), and one that asks a SERVICE.
fn slow_condition_workspace() -> tempfile::TempDir {
    let mut plan = format!(
        "{HEAD}:slow a sg:Gate ; sg:title \"Slow\" ; sg:status sg:Passed ; sg:criterion :c1 .\n\
         :c1 a sg:Criterion ; sg:title \"Product\" ; sg:condition \"ASK {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . FILTER(STR(?a) = CONCAT(STR(?d), STR(?g), 'x')) }}\" .\n\
         :remote a sg:Gate ; sg:title \"Remote\" ; sg:criterion :c2 .\n\
         :c2 a sg:Criterion ; sg:title \"Asks elsewhere\" ; sg:condition \"ASK {{ FILTER EXISTS {{ SERVICE SILENT <http://127.0.0.1:9/sparql> {{ ?s ?p ?o }} }} }}\" .\n"
    );
    for i in 0..400 {
        plan.push_str(&format!(":n{i} :p {i} .\n"));
    }
    workspace(plan.as_bytes())
}

#[test]
fn an_expensive_condition_is_undecided_after_the_time_limit() {
    let ws = slow_condition_workspace();
    let dir = ws.path();
    let out_dir = dir.join("docs");
    let out_dir = out_dir.to_str().unwrap();
    for args in [
        &["check", "--timeout", "300ms"][..],
        &["gates", "--timeout", "300ms"],
        &["status", "--timeout", "300ms"],
        &["render", "--timeout", "300ms", "--out", out_dir],
        &["export", "001", "--timeout", "300ms"],
    ] {
        let (code, _, err) = spec_bounded(dir, args);
        assert_no_crash(code, &err);
    }
    let (_, out, _) = spec_bounded(dir, &["gates", "--timeout", "300ms"]);
    assert!(out.contains(":slow (Slow): PENDING"), "{out}");
    assert!(out.contains("did not finish within 300 ms"), "{out}");
    // spec.toml sets the limit too.
    std::fs::write(dir.join("spec.toml"), "timeout = \"250ms\"\n").unwrap();
    let (_, out, _) = spec_bounded(dir, &["gates"]);
    assert!(out.contains("did not finish within 250 ms"), "{out}");
    std::fs::write(dir.join("spec.toml"), "timeout = \"soon\"\n").unwrap();
    let (code, _, err) = spec_bounded(dir, &["gates"]);
    assert_eq!(code, 2);
    assert!(err.contains("timeout: `soon` is not a duration"), "{err}");
}

#[test]
fn spec_query_stops_at_the_time_limit() {
    let ws = slow_condition_workspace();
    let (code, _, err) = spec_bounded(
        ws.path(),
        &[
            "query",
            "001",
            "--timeout",
            "300ms",
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("did not finish within 300 ms"), "{err}");
}

#[test]
fn a_condition_may_not_call_a_service() {
    let ws = slow_condition_workspace();
    let (_, out, _) = spec_bounded(ws.path(), &["gates", "--timeout", "300ms"]);
    assert!(out.contains(":remote (Remote): PENDING"), "{out}");
    assert!(out.contains("must not use SERVICE"), "{out}");
}

#[test]
fn a_runaway_template_runs_out_of_fuel() {
    let ws = workspace(format!("{HEAD}{METRIC}").as_bytes());
    let templates = ws.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("LOOP.md.j2"),
        "{% for a in range(10000) %}{% for b in range(10000) %}{% for c in range(10000) %}.{% endfor %}{% endfor %}{% endfor %}\n",
    )
    .unwrap();
    let (code, _, err) = spec_bounded(ws.path(), &["render"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("ran out of fuel"), "{err}");
    assert!(!ws.path().join("docs").exists(), "nothing is written");
}

#[cfg(unix)]
#[test]
fn render_never_writes_or_deletes_through_a_link() {
    let ws = workspace(format!("{HEAD}{METRIC}").as_bytes());
    let elsewhere = tempfile::tempdir().unwrap();
    let theirs = elsewhere.path().join("NOTES.md");
    // A file there that even carries the generated header.
    std::fs::write(
        &theirs,
        "<!-- Generated by spec render from a spec. -->\nmine\n",
    )
    .unwrap();
    std::fs::create_dir_all(ws.path().join("docs")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), ws.path().join("docs/001-r")).unwrap();
    let (code, _, err) = spec(ws.path(), &["render"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is a symbolic link"), "{err}");
    let left: Vec<_> = std::fs::read_dir(elsewhere.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "nothing written there");
    assert!(theirs.exists(), "nothing deleted there");
}

#[test]
fn spec_toml_paths_must_stay_inside_the_workspace() {
    let ws = workspace(format!("{HEAD}{METRIC}").as_bytes());
    let dir = ws.path();
    // Where `output = "../../x"` points; it must not be created. (It was
    // checked as `../x`, which a clone at /tmp/x made fail.)
    let escaped = dir.join("../../x");
    let existed = escaped.exists();
    for (config, key) in [
        ("roots = [\"/\"]\n", "roots: `/`"),
        ("output = \"../../x\"\n", "output: `../../x`"),
        ("templates = \"/etc\"\n", "templates: `/etc`"),
        ("shapes = [\"../shapes.ttl\"]\n", "shapes: `../shapes.ttl`"),
        ("rules = [\"specs/../..\"]\n", "rules: `specs/../..`"),
    ] {
        std::fs::write(dir.join("spec.toml"), config).unwrap();
        for command in ["check", "render"] {
            let (code, _, err) = spec_bounded(dir, &[command]);
            assert_eq!(code, 2, "{config}: {err}");
            assert!(err.contains(key), "{config}: {err}");
            assert!(err.contains("outside the workspace"), "{err}");
            assert!(err.contains("spec.toml:1:"), "located: {err}");
        }
    }
    assert!(existed || !escaped.exists(), "{}", escaped.display());
    // The same folder named on the command line is the user's choice.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(dir.join("spec.toml"), "").unwrap();
    let out = outside.path().join("docs");
    let (code, _, err) = spec(dir, &["render", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.join("001-r/DASHBOARD.md").exists());
}

#[test]
fn relative_iris_resolve_against_the_file_in_spec_shacl_and_need_a_base_in_specs() {
    // As the W3C SHACL tests are written: shapes and data in one file, `<>` and `<#x>` relative.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("test.ttl");
    std::fs::write(
        &file,
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n\
         <> a <#Manifest> .\n\
         <#Shape> a sh:NodeShape ; sh:targetClass <#Thing> ; sh:property [ sh:path <#name> ; sh:minCount 1 ] .\n\
         <#a> a <#Thing> .\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let (code, out, err) = spec(dir.path(), &["shacl", "--shapes", path, "--data", path]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("1 result"), "{out}");
    assert!(out.contains("test.ttl#a"), "{out}");

    let ws = workspace(b"@prefix sg: <https://w3id.org/specgraph#> .\n<> a sg:Task .\n");
    let (code, out, _) = spec(ws.path(), &["check"]);
    assert_eq!(code, 1);
    assert!(out.contains("specs/001-r/plan.ttl:2:1"), "{out}");
    assert!(out.contains("@base"), "{out}");
}

#[test]
fn gates_status_and_render_say_when_part_of_a_spec_did_not_parse() {
    let plan = format!(
        "{HEAD}{METRIC}:gate-1 a sg:Gate ; sg:title \"G\" ; sg:criterion :c1 .\n:c1 a sg:Criterion ; sg:title \"C\" ; sg:satisfied true .\n"
    );
    let ws = workspace(plan.as_bytes());
    std::fs::write(
        ws.path().join("specs/001-r/broken.ttl"),
        format!("{HEAD}:task-1 a sg:Task ; sg:title \"Half\" ; nope:x 1 .\n"),
    )
    .unwrap();
    for command in ["gates", "status", "render"] {
        let (code, _, err) = spec(ws.path(), &[command]);
        assert_eq!(code, 0, "{command}: {err}");
        assert!(
            err.contains("warning: 001-r: 1 of 2 files did not parse completely (1 syntax error)"),
            "{command}: {err}"
        );
        let (code, _, err) = spec(ws.path(), &[command, "--strict"]);
        assert_eq!(code, 1, "{command} --strict: {err}");
    }
    // JSON on stdout stays parseable; the warning is on stderr.
    let (_, out, err) = spec(ws.path(), &["gates", "--format", "json"]);
    assert!(
        serde_json::from_str::<serde_json::Value>(&out).is_ok(),
        "{out}"
    );
    assert!(err.contains("did not parse completely"), "{err}");
}

/// Found by the fuzzer (fuzz/regressions/): an unterminated IRI at the end
/// of a file panicked while locating a finding; a phase whose sg:gate is not
/// a gate made the built-in coordinator log fail to render.
#[test]
fn fuzzer_findings_check_and_render() {
    let ws = workspace(b"@prefix:<h:>prefix sg:<https://w3id.org/specgraph#>\"\n< \".: a sg: \n");
    let (code, _, err) = spec(ws.path(), &["check"]);
    assert_no_crash(code, &err);
    assert_eq!(code, 1);
    let ws = workspace(
        b"prefix :<h:>prefix sg:<https://w3id.org/specgraph#>: a sg:Phase;sg: 1;sg:gate :\n",
    );
    let (code, out, err) = spec(ws.path(), &["render"]);
    assert_eq!(code, 0, "{out}{err}");
    let log = std::fs::read_to_string(ws.path().join("docs/001-r/COORDINATOR-LOG.md")).unwrap();
    assert!(
        log.contains("which is not described as an `sg:Gate`"),
        "{log}"
    );
}

/// `spec` ends with `_exit` once stdout is flushed (src/main.rs): a report
/// far larger than a pipe's buffer arrives whole, through a pipe and into a
/// file, with the exit code of the findings.
#[test]
fn a_large_report_arrives_whole_through_a_pipe_and_into_a_file() {
    let mut plan = String::from(HEAD);
    for i in 0..2000 {
        plan.push_str(&format!(":t{i} a sg:Tsk .\n"));
    }
    let dir = workspace(plan.as_bytes());
    let args = ["check", "--format", "json", "specs/001-r"];
    let (piped_code, piped, stderr) = spec(dir.path(), &args);
    let (filed_code, filed, _) = spec_bounded(dir.path(), &args);
    assert_eq!((piped_code, filed_code), (1, 1), "{stderr}");
    assert!(piped.len() > 256 * 1024, "{} bytes", piped.len());
    assert_eq!(piped, filed);
    let report: serde_json::Value = serde_json::from_str(&piped).unwrap();
    let text = report.to_string();
    assert_eq!(
        text.matches("\"unknown-term\"").count(),
        2000,
        "{}",
        &text[..400]
    );
}

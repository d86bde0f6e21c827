//! `--watch` re-runs on changes and survives broken intermediate states.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const SPEC: &str = env!("CARGO_BIN_EXE_spec");
const HEAD: &str =
    "@prefix : <https://example.org/w#> .\n@prefix sg: <https://w3id.org/specgraph#> .\n";

/// Reads stdout lines until one contains `needle` (or gives up after 20 s).
fn wait_for(lines: &mpsc::Receiver<String>, needle: &str) -> Vec<String> {
    let mut seen = Vec::new();
    while let Ok(line) = lines.recv_timeout(Duration::from_secs(20)) {
        let found = line.contains(needle);
        seen.push(line);
        if found {
            return seen;
        }
    }
    panic!("never saw {needle:?}; saw {seen:#?}");
}

/// Starts `spec ARGS` in `dir` and streams its stdout lines.
fn spawn(dir: &std::path::Path, args: &[&str]) -> (std::process::Child, mpsc::Receiver<String>) {
    let mut child = Command::new(SPEC)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    (child, lines)
}

#[test]
fn render_watch_rerenders_when_a_template_changes() {
    let dir = tempfile::tempdir().unwrap();
    let spec_dir = dir.path().join("specs/001-w");
    std::fs::create_dir_all(&spec_dir).unwrap();
    std::fs::create_dir_all(dir.path().join("templates/spec")).unwrap();
    std::fs::write(dir.path().join("spec.toml"), "").unwrap();
    std::fs::write(
        spec_dir.join("plan.ttl"),
        format!("{HEAD}:a a sg:Agent ; sg:title \"A\" ; sg:role \"r\" .\n"),
    )
    .unwrap();
    let (mut child, lines) = spawn(dir.path(), &["render", "--watch"]);
    wait_for(&lines, "rendered 5 files into docs: 5 new");
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(
        dir.path().join("templates/spec/NOTES.md.j2"),
        "{{ spec.name }}\n",
    )
    .unwrap();
    wait_for(&lines, "rendered 6 files into docs: 1 new");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("docs/001-w/NOTES.md"))
            .unwrap()
            .lines()
            .last(),
        Some("001-w")
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn check_watch_reruns_on_change_and_survives_a_broken_file() {
    let dir = tempfile::tempdir().unwrap();
    let spec_dir = dir.path().join("specs/001-w");
    std::fs::create_dir_all(&spec_dir).unwrap();
    std::fs::write(dir.path().join("spec.toml"), "").unwrap();
    let plan = spec_dir.join("plan.ttl");
    std::fs::write(
        &plan,
        format!("{HEAD}:a a sg:Agent ; sg:title \"A\" ; sg:role \"r\" .\n"),
    )
    .unwrap();

    let (mut child, lines) = spawn(dir.path(), &["check", "--watch", "--color", "never"]);

    wait_for(&lines, "001-w: 1 file, 3 triples · closure 100.0%");
    // Give the watcher a moment to settle, then break closure.
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(&plan, format!("{HEAD}:a a sg:Agent ; sg:title \"A\" .\n")).unwrap();
    wait_for(&lines, "1 error");
    // A half-typed file is reported, and watching goes on.
    std::fs::write(&plan, format!("{HEAD}:a a sg:Agent ; sg:title \n")).unwrap();
    wait_for(&lines, "parse-error");
    std::fs::write(
        &plan,
        format!("{HEAD}:a a sg:Agent ; sg:title \"A\" ; sg:role \"r\" .\n"),
    )
    .unwrap();
    wait_for(&lines, "closure 100.0%");
    // A file that is not an input does not trigger a run (after any run the
    // last write may still cause has finished).
    std::thread::sleep(Duration::from_millis(700));
    while lines.try_recv().is_ok() {}
    std::fs::write(dir.path().join("notes.md"), "hello\n").unwrap();
    let extra = lines.recv_timeout(Duration::from_millis(800));
    assert!(extra.is_err(), "{extra:?}");
    child.kill().unwrap();
    child.wait().unwrap();
}

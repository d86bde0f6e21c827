//! Running the `spec` binary as a user would, for the end-to-end tests.

use std::path::Path;
use std::process::Command;

/// Runs `spec ARGS` in `dir` without colour: (exit code, stdout, stderr).
pub fn spec(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_spec"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Says that a test skipped its work, on the process's stderr itself: libtest
/// captures `eprintln!` of passing tests, so a skip printed that way was
/// invisible.
/// The folders directly under `dir`, sorted: the specs of a root, the
/// fixtures of a rule.
#[allow(dead_code)]
pub fn subdirs(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[allow(dead_code)]
pub fn skip(test: &str, reason: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "SKIPPED {test}: {reason}");
}

/// A figure a test measured, on the process's stderr (visible in the test
/// run's output, like `skip`).
#[allow(dead_code)]
pub fn report(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Runs git in `dir` as a test user (no signing, branch `main`), outside any
/// index a hook may have been given.
#[allow(dead_code)]
pub fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("git runs")
}

/// `spec ARGS --format json` in `dir`, parsed (exit 0 or 1: findings are fine).
#[allow(dead_code)]
pub fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, out, err) = spec(dir, &all);
    assert!(code == 0 || code == 1, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}\n{out}"))
}

/// (id, state) of the first spec's items in the JSON of `spec gates`
/// (`"gates"`, `"gate"`) or `spec status` (`"readiness"`, `"task"`).
#[allow(dead_code)]
pub fn states(json: &serde_json::Value, list: &str, name: &str) -> Vec<(String, String)> {
    json["specs"][0][list]
        .as_array()
        .unwrap_or_else(|| panic!("no {list}: {json}"))
        .iter()
        .map(|item| {
            (
                item[name]["id"].as_str().unwrap().to_owned(),
                item["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The codes of the first spec's findings in the JSON of `spec check`.
#[allow(dead_code)]
pub fn codes(json: &serde_json::Value) -> Vec<String> {
    json["specs"][0]["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings: {json}"))
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

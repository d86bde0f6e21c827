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

//! End-to-end CLI cases: `tests/cmd/*.toml` (args, exit code, stdout, stderr).
//! Regenerate the expected output with `TRYCMD=overwrite cargo test --test cli`.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .case("tests/cmd/*.toml");
}

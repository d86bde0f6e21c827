//! `spec hook install` in a real git repository: a commit with a dangling
//! reference is refused, a clean one goes through, foreign hooks are kept.

mod common;

use common::git;
use std::path::Path;
use std::process::{Command, Output};

const SPEC: &str = env!("CARGO_BIN_EXE_spec");

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    assert!(git(dir.path(), &["init", "-q"]).status.success());
    std::fs::create_dir_all(dir.path().join("specs/001-demo")).unwrap();
    dir
}

const CLEAN: &str =
    "@prefix : <https://example.org/demo#> .\n@prefix sg: <https://w3id.org/specgraph#> .\n\
:lead a sg:Agent ; sg:title \"Lead\" ; sg:role \"leads\" .\n";

fn install(dir: &Path, extra: &[&str]) -> Output {
    Command::new(SPEC)
        .args(["hook", "install"])
        .args(extra)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn refuses_a_commit_that_breaks_closure_and_accepts_a_clean_one() {
    let repo = repo();
    let dir = repo.path();
    let out = install(dir, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.join(".git/hooks/pre-commit").is_file());

    let file = dir.join("specs/001-demo/plan.ttl");
    std::fs::write(&file, format!("{CLEAN}:task-1 sg:assignee :ghost .\n")).unwrap();
    git(dir, &["add", "."]);
    let refused = git(dir, &["commit", "-qm", "dangling"]);
    assert!(!refused.status.success(), "the hook must refuse the commit");
    let said = String::from_utf8_lossy(&refused.stdout).into_owned()
        + &String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("dangling-reference"), "{said}");
    assert!(
        git(dir, &["rev-parse", "HEAD"]).status.code() != Some(0),
        "nothing was committed"
    );

    std::fs::write(&file, CLEAN).unwrap();
    git(dir, &["add", "."]);
    let accepted = git(dir, &["commit", "-qm", "clean"]);
    assert!(
        accepted.status.success(),
        "{}",
        String::from_utf8_lossy(&accepted.stderr)
    );
}

#[test]
fn keeps_a_foreign_hook_unless_forced() {
    let repo = repo();
    let dir = repo.path();
    let hook = dir.join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    std::fs::write(&hook, "#!/bin/sh\necho mine\n").unwrap();

    let refused = install(dir, &[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(&hook).unwrap(),
        "#!/bin/sh\necho mine\n"
    );

    let forced = install(dir, &["--force"]);
    assert!(forced.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.join(".git/hooks/pre-commit.bak")).unwrap(),
        "#!/bin/sh\necho mine\n"
    );
    assert!(std::fs::read_to_string(&hook)
        .unwrap()
        .contains("spec hook install"));
    // Reinstalling over our own hook needs no --force.
    assert!(install(dir, &[]).status.success());
}

#[test]
fn respects_core_hooks_path() {
    let repo = repo();
    let dir = repo.path();
    git(dir, &["config", "core.hooksPath", "githooks"]);
    assert!(install(dir, &[]).status.success());
    assert!(dir.join("githooks/pre-commit").is_file());
    assert!(!dir.join(".git/hooks/pre-commit").exists());
}

#[test]
fn outside_a_repository_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(SPEC)
        .args(["hook", "install"])
        .current_dir(dir.path())
        .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not inside a git repository"));
}

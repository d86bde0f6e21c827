//! The pre-commit hook in real git repositories (issue 15): it checks what is
//! staged, not the working tree; only the specs a commit touches; and a
//! baseline lets a repository with findings adopt it. Then the pre-commit
//! framework end to end.

mod common;
use common::{git, spec};

use std::path::Path;
use std::process::{Command, Output};

const SPEC: &str = env!("CARGO_BIN_EXE_spec");

fn said(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

const HEAD: &str =
    "@prefix : <https://example.org/demo#> .\n@prefix sg: <https://w3id.org/specgraph#> .\n";
const CLEAN: &str = ":lead a sg:Agent ; sg:title \"Lead\" ; sg:role \"leads\" .\n";
/// Clean too, and different from `CLEAN`.
const GOOD: &str = ":lead a sg:Agent ; sg:title \"Lead\" ; sg:role \"leads\" .\n\
    :other a sg:Agent ; sg:title \"Other\" ; sg:role \"helps\" .\n";
/// A dangling reference: an error.
const BROKEN: &str =
    ":lead a sg:Agent ; sg:title \"Lead\" ; sg:role \"leads\" .\n:task-1 sg:assignee :ghost .\n";

/// A repository with two specs, both clean and committed, and the hook.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    assert!(git(root, &["init", "-q"]).status.success());
    std::fs::write(root.join("spec.toml"), "").unwrap();
    for name in ["001-one", "002-two"] {
        std::fs::create_dir_all(root.join("specs").join(name)).unwrap();
        write(root, name, CLEAN);
    }
    std::fs::write(root.join("README.md"), "# demo\n").unwrap();
    git(root, &["add", "."]);
    let first = git(root, &["commit", "-qm", "start"]);
    assert!(first.status.success(), "{}", said(&first));
    let (code, _, err) = spec(root, &["hook", "install"]);
    assert_eq!(code, 0, "{err}");
    dir
}

fn write(root: &Path, spec: &str, body: &str) {
    std::fs::write(
        root.join("specs").join(spec).join("plan.ttl"),
        format!("{HEAD}{body}"),
    )
    .unwrap();
}

/// Stages a broken version of 001-one, fixes it in the working tree only,
/// and commits: the hook must refuse, naming the finding.
fn refuse_broken_staged(root: &Path) -> Output {
    write(root, "001-one", BROKEN);
    git(root, &["add", "specs"]);
    write(root, "001-one", CLEAN);
    let refused = commit(root, "broken staged");
    assert!(!refused.status.success(), "{}", said(&refused));
    assert!(
        said(&refused).contains("dangling-reference"),
        "{}",
        said(&refused)
    );
    refused
}

fn commit(root: &Path, message: &str) -> Output {
    git(root, &["commit", "-qm", message])
}

#[test]
fn the_hook_checks_the_staged_content_not_the_working_tree() {
    let repo = repo();
    let root = repo.path();
    // Broken version staged, fixed only in the working tree: refused (it was
    // accepted, and the broken version landed in HEAD).
    let refused = refuse_broken_staged(root);
    // Paths print as in the work tree, not the temporary snapshot.
    assert!(
        said(&refused).contains("specs/001-one/plan.ttl:4"),
        "{}",
        said(&refused)
    );
    assert!(
        !said(&refused).contains("spec-staged-"),
        "{}",
        said(&refused)
    );

    // Good version staged, broken in the working tree: accepted (it was
    // refused).
    write(root, "001-one", GOOD);
    git(root, &["add", "specs"]);
    write(root, "001-one", BROKEN);
    let accepted = commit(root, "clean staged");
    assert!(accepted.status.success(), "{}", said(&accepted));
    let committed = git(root, &["show", "HEAD:specs/001-one/plan.ttl"]);
    assert!(!String::from_utf8_lossy(&committed.stdout).contains(":ghost"));
    // `git commit -a` builds its own index (GIT_INDEX_FILE): checked as committed.
    let all = git(root, &["commit", "-aqm", "broken, all"]);
    assert!(!all.status.success(), "{}", said(&all));
    assert!(said(&all).contains("dangling-reference"), "{}", said(&all));
    // No snapshot is left behind.
    let left: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&format!("spec-staged-{}-", std::process::id()))
        })
        .collect();
    assert!(left.is_empty());
}

#[test]
fn only_the_specs_a_change_touches_are_checked() {
    let repo = repo();
    let root = repo.path();
    // A broken spec already in history (committed past the hook).
    write(root, "002-two", BROKEN);
    git(root, &["add", "."]);
    assert!(git(root, &["commit", "-qm", "x", "--no-verify"])
        .status
        .success());

    // A commit touching only the README, or only the other spec, is not
    // blocked by it.
    std::fs::write(root.join("README.md"), "# demo, again\n").unwrap();
    git(root, &["add", "README.md"]);
    let readme = commit(root, "readme");
    assert!(readme.status.success(), "{}", said(&readme));
    write(
        root,
        "001-one",
        &format!("{CLEAN}:other a sg:Agent ; sg:title \"Other\" ; sg:role \"helps\" .\n"),
    );
    git(root, &["add", "."]);
    let other = commit(root, "other spec");
    assert!(other.status.success(), "{}", said(&other));

    let (code, out, _) = spec(root, &["check", "--changed"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "no spec changed since HEAD: nothing to check\n")
    );
    let (code, out, _) = spec(root, &["check", "--changed", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (code, json["specs"].as_array().unwrap().len()),
        (0, 0),
        "{out}"
    );
    // Since an earlier commit, the broken spec changed: checked, and refused.
    let (code, out, _) = spec(root, &["check", "--changed", "HEAD~3", "--format", "json"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("002-two") && out.contains("001-one"), "{out}");
    // A change to spec.toml concerns every spec.
    std::fs::write(root.join("spec.toml"), "timeout = \"5s\"\n").unwrap();
    let (code, out, _) = spec(root, &["check", "--changed", "--format", "json"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("002-two"), "{out}");
    // Before the first commit, everything staged is a change.
    let fresh = tempfile::tempdir().unwrap();
    git(fresh.path(), &["init", "-q"]);
    std::fs::create_dir_all(fresh.path().join("specs/001-one")).unwrap();
    write(fresh.path(), "001-one", BROKEN);
    git(fresh.path(), &["add", "."]);
    let (code, _, err) = spec(fresh.path(), &["check", "--staged", "--changed"]);
    assert_eq!(code, 1, "{err}");
    // An unknown revision is a usage error.
    let (code, _, err) = spec(root, &["check", "--changed", "no-such-branch"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("`no-such-branch` is not a commit"), "{err}");
}

#[test]
fn a_baseline_accepts_existing_findings_and_blocks_new_ones() {
    let repo = repo();
    let root = repo.path();
    write(root, "002-two", BROKEN);
    let (code, _, _) = spec(root, &["check"]);
    assert_eq!(code, 1);
    let (code, out, err) = spec(root, &["baseline"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("wrote spec-baseline.json: 2 accepted finding(s)"),
        "{out}"
    );
    let baseline = std::fs::read_to_string(root.join("spec-baseline.json")).unwrap();
    assert!(
        baseline.contains("\"code\": \"dangling-reference\""),
        "{baseline}"
    );
    assert!(
        !baseline.contains("\"line\""),
        "matched without lines: {baseline}"
    );

    // Accepted: check passes, and says so.
    let (code, out, _) = spec(root, &["check"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("2 in the baseline (not shown)"), "{out}");
    // Lines moved by an edit elsewhere in the file do not revive it.
    write(root, "002-two", &format!("# a comment\n\n{BROKEN}"));
    let (code, out, _) = spec(root, &["check"]);
    assert_eq!(code, 0, "{out}");
    // JSON and SARIF mark it.
    let (_, json, _) = spec(root, &["check", "--format", "json"]);
    assert!(json.contains("\"baselined\": true"), "{json}");
    let (_, sarif, _) = spec(root, &["check", "--format", "sarif"]);
    assert!(
        sarif.contains("\"baselineState\": \"unchanged\""),
        "{sarif}"
    );

    // A new finding fails, and only it is shown.
    write(
        root,
        "002-two",
        &format!("{BROKEN}:task-2 sg:assignee :nobody .\n"),
    );
    let (code, out, _) = spec(root, &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(":nobody") && !out.contains(":ghost is"),
        "{out}"
    );
    let (_, sarif, _) = spec(root, &["check", "--format", "sarif"]);
    assert!(sarif.contains("\"baselineState\": \"new\""), "{sarif}");
    // The hook agrees (the baseline is read as staged).
    git(root, &["add", "."]);
    let refused = commit(root, "new finding");
    assert!(!refused.status.success(), "{}", said(&refused));

    // Fixed: reported, and `spec baseline` shrinks the file.
    write(root, "002-two", CLEAN);
    let (code, out, _) = spec(root, &["check"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("2 accepted finding(s) are fixed; run `spec baseline`"),
        "{out}"
    );
    let (code, out, _) = spec(root, &["baseline"]);
    assert_eq!(code, 0);
    assert!(out.contains("0 accepted finding(s)"), "{out}");
    // --no-baseline reports everything; a corrupt baseline is an error.
    std::fs::write(root.join("spec-baseline.json"), "{ not json").unwrap();
    let (code, _, err) = spec(root, &["check"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("spec-baseline.json:1:"), "{err}");
    let (code, _, _) = spec(root, &["check", "--no-baseline"]);
    assert_eq!(code, 0);
}

/// The pre-commit framework (https://pre-commit.com) with a local hook that
/// runs this build of spec: it stashes unstaged changes, so `--changed`
/// sees what will be committed.
#[test]
fn the_pre_commit_framework_runs_the_hook() {
    let Some(pre_commit) = which("pre-commit") else {
        common::skip(
            "the_pre_commit_framework_runs_the_hook",
            "pre-commit is not installed (pip install pre-commit; .ci/run installs it)",
        );
        return;
    };
    let repo = repo();
    let root = repo.path();
    std::fs::remove_file(root.join(".git/hooks/pre-commit")).unwrap();
    std::fs::write(
        root.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n- repo: local\n  hooks:\n  - id: spec-check\n    name: spec check\n    \
             entry: {SPEC} check --quiet --changed\n    language: system\n    \
             files: (\\.ttl|spec\\.toml|spec-baseline\\.json)$\n    pass_filenames: false\n"
        ),
    )
    .unwrap();
    git(root, &["add", ".pre-commit-config.yaml"]);
    assert!(commit(root, "config").status.success());
    let home = tempfile::tempdir().unwrap();
    let framework = |args: &[&str]| {
        Command::new(&pre_commit)
            .args(args)
            .current_dir(root)
            .env("PRE_COMMIT_HOME", home.path())
            .output()
            .unwrap()
    };
    let installed = framework(&["install"]);
    assert!(installed.status.success(), "{}", said(&installed));

    refuse_broken_staged(root);
    // The unstaged fix is back in the working tree afterwards.
    let text = std::fs::read_to_string(root.join("specs/001-one/plan.ttl")).unwrap();
    assert!(!text.contains(":ghost"));

    write(root, "001-one", GOOD);
    git(root, &["add", "."]);
    let accepted = commit(root, "fixed");
    assert!(accepted.status.success(), "{}", said(&accepted));
}

fn which(program: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

#[test]
fn a_change_also_checks_the_specs_that_import_the_changed_one() {
    let repo = repo();
    let root = repo.path();
    for name in ["003-base", "004-user", "005-user-of-user"] {
        std::fs::create_dir_all(root.join("specs").join(name)).unwrap();
    }
    let owl = "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n";
    write(
        root,
        "003-base",
        &format!("{owl}<https://example.org/base> a owl:Ontology .\n{CLEAN}"),
    );
    write(
        root,
        "004-user",
        &format!("{owl}<https://example.org/user> a owl:Ontology ; owl:imports <https://example.org/base> .\n{CLEAN}"),
    );
    write(
        root,
        "005-user-of-user",
        &format!(
            "{owl}<https://example.org/top> owl:imports <https://example.org/user> .\n{CLEAN}"
        ),
    );
    git(root, &["add", "."]);
    assert!(commit(root, "imports").status.success());
    write(
        root,
        "003-base",
        &format!("{owl}<https://example.org/base> a owl:Ontology .\n{GOOD}"),
    );
    let (code, out, err) = spec(root, &["check", "--changed", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let names: Vec<&str> = json["specs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["003-base", "004-user", "005-user-of-user"]);
}

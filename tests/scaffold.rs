//! `spec init` and `spec new` in fresh repositories.

mod common;
use common::spec;

#[test]
fn init_writes_the_workspace_once_and_never_clobbers() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), "mine\n").unwrap();
    let (code, out, err) = spec(dir.path(), &["init"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("created spec.toml and .specify/specs/"));
    assert!(dir.path().join(".specify/specs").is_dir());
    let config = std::fs::read_to_string(dir.path().join("spec.toml")).unwrap();
    assert!(config.contains("roots = [\".specify/specs\"]"));
    std::fs::write(dir.path().join("spec.toml"), "# edited\n").unwrap();
    let (code, _, err) = spec(dir.path(), &["init"]);
    assert_eq!(code, 2);
    assert!(err.contains("spec.toml already exists"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("spec.toml")).unwrap(),
        "# edited\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("README.md")).unwrap(),
        "mine\n"
    );
}

#[test]
fn new_numbers_after_the_highest_spec_and_lists_only_real_gaps() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(spec(dir.path(), &["init"]).0, 0);
    std::fs::create_dir_all(dir.path().join(".specify/specs/007-optimize-build-times")).unwrap();
    let (code, out, err) = spec(dir.path(), &["new", "faster-tests"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "created .specify/specs/008-faster-tests (feature.ttl, entities.ttl, plan.ttl)\nnext: `spec check 008` lists the links to fill in\n"
    );
    let feature = std::fs::read_to_string(
        dir.path()
            .join(".specify/specs/008-faster-tests/feature.ttl"),
    )
    .unwrap();
    assert!(feature.contains("sg:title \"Faster tests\""), "{feature}");

    // The skeleton loads cleanly; every finding is a required link to fill in.
    let (code, out, _) = spec(dir.path(), &["check", "008", "--format", "json"]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let findings = json["specs"][0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 9);
    assert!(
        findings.iter().all(|f| f["code"] == "missing-property"),
        "{findings:#?}"
    );

    // An explicit number is kept; a taken name is refused.
    let (code, out, _) = spec(
        dir.path(),
        &["new", "012-Release Prep", "--title", "Release preparation"],
    );
    assert_eq!(code, 0);
    assert!(
        out.starts_with("created .specify/specs/012-release-prep "),
        "{out}"
    );
    let (code, _, err) = spec(dir.path(), &["new", "012-release-prep"]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    let (code, out, _) = spec(dir.path(), &["new", "next"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("created .specify/specs/013-next "), "{out}");
}

#[test]
fn new_writes_titles_turtle_can_read() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(spec(dir.path(), &["init"]).0, 0);
    // Rust's `{:?}` wrote `\u{200b}` and `\u{1b}`, which Turtle rejects.
    let title = "Faster \"tests\" \u{200b}\u{1b} café \\ done";
    let (code, _, err) = spec(dir.path(), &["new", "faster-tests", "--title", title]);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = spec(dir.path(), &["check", "001", "--format", "json"]);
    assert!(!out.contains("parse-error"), "{out}");
    let (_, out, _) = spec(
        dir.path(),
        &[
            "query",
            "001",
            "SELECT ?t WHERE { ?c a sg:Campaign ; sg:title ?t }",
            "--format",
            "csv",
        ],
    );
    assert!(out.contains("café \\ done"), "{out}");
    assert!(out.contains('\u{200b}'), "{out}");
}

//! Workspace discovery and I/O errors, run in temporary directories.

mod common;
use common::spec;

use std::path::Path;

/// The prefixes every test spec starts with.
const HEAD: &str =
    "@prefix : <https://example.org/x#> .\n@prefix sg: <https://w3id.org/specgraph#> .\n";
/// A complete agent: closure 100%.
const AGENT: &str = ":a a sg:Agent ; sg:title \"A\" ; sg:role \"r\" .\n";

/// Writes `contents` at `root/relative`, creating folders on the way.
fn write(root: &Path, relative: &str, contents: impl AsRef<[u8]>) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

#[test]
fn no_spec_directory_is_exit_2_never_a_silent_success() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = spec(dir.path(), &["check"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("no spec directory found"), "{stderr}");
    assert!(stderr.contains(".specify/specs/*/"), "{stderr}");
}

#[test]
fn finds_specs_under_dot_specify_and_configured_roots() {
    let dir = tempfile::tempdir().unwrap();
    for spec_dir in [".specify/specs/007-optimize", "campaigns/alpha"] {
        write(
            dir.path(),
            &format!("{spec_dir}/feature.ttl"),
            format!("{HEAD}{AGENT}"),
        );
    }
    let (code, stdout, _) = spec(dir.path(), &["check"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("007-optimize: 1 file") && !stdout.contains("alpha"),
        "{stdout}"
    );

    write(
        dir.path(),
        "spec.toml",
        "roots = [\"campaigns\", \".specify/specs\"]\n",
    );
    let (code, stdout, _) = spec(dir.path(), &["check"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("alpha: 1 file") && stdout.contains("checked 2 specs"),
        "{stdout}"
    );

    // A unique NNN prefix is enough, from a subfolder too (spec.toml is found upwards).
    let (code, stdout, _) = spec(&dir.path().join("campaigns"), &["check", "007"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("007-optimize"));
}

#[test]
fn evidence_subfolders_are_part_of_the_spec() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "specs/001-x/plan.ttl", format!("{HEAD}{AGENT}"));
    write(
        dir.path(),
        "specs/001-x/evidence/m.ttl",
        format!("{HEAD}:note sg:title \"n\" ; sg:owner :a .\n"),
    );
    let (code, stdout, _) = spec(dir.path(), &["check", "specs/001-x"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("2 files"), "{stdout}");
}

#[test]
fn every_bad_file_is_reported_and_good_files_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str| format!("specs/001-x/{name}");
    write(
        dir.path(),
        &file("a.ttl"),
        format!("{HEAD}:a sg:title \"x\" \n:b sg:title \"y\" .\n"),
    );
    write(
        dir.path(),
        &file("b.ttl"),
        format!("{HEAD}:c sg:owner nope:d .\n"),
    );
    write(
        dir.path(),
        &file("c.ttl"),
        [HEAD.as_bytes(), b":e sg:title \"\xff\" .\n"].concat(),
    );
    write(
        dir.path(),
        &file("d.ttl"),
        format!("{HEAD}:t a sg:Task ; sg:dependsOn :ghost .\n"),
    );
    let (code, stdout, _) = spec(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let findings = json["specs"][0]["findings"].as_array().unwrap();
    for file in ["a.ttl", "b.ttl", "c.ttl"] {
        assert!(
            findings.iter().any(|f| f["code"] == "parse-error"
                && f["file"].as_str().unwrap().ends_with(file)
                && f["line"].as_u64().unwrap() >= 3),
            "{file}: {stdout}"
        );
    }
    assert!(
        findings.iter().any(|f| f["code"] == "dangling-reference"),
        "d.ttl is still checked"
    );
}

#[test]
fn json_envelope_is_versioned() {
    let (code, stdout, _) = spec(
        std::path::Path::new("tests/fixtures/workspace"),
        &["check", "specs/001", "--format", "json"],
    );
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["specs"][0]["closure"]["percent"], 100.0);
    assert_eq!(json["summary"]["errors"], 0);
}

#[test]
fn closure_is_counted_even_when_missing_property_is_turned_off() {
    let dir = tempfile::tempdir().unwrap();
    // An agent without its required sg:role: one of two required links present.
    write(
        dir.path(),
        "specs/001-x/plan.ttl",
        format!("{HEAD}:a a sg:Agent ; sg:title \"A\" .\n"),
    );
    let (code, stdout, _) = spec(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["specs"][0]["closure"]["present"], 1);
    assert_eq!(json["specs"][0]["closure"]["expected"], 2);

    write(
        dir.path(),
        "spec.toml",
        "[severity]\nmissing-property = \"off\"\n",
    );
    let (code, stdout, _) = spec(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code, 0, "the gap is no longer an error");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["specs"][0]["findings"].as_array().unwrap().len(), 0);
    assert_eq!(
        json["specs"][0]["closure"]["present"], 1,
        "but closure still counts it"
    );
}

#[test]
fn a_self_referencing_message_template_does_not_recurse_forever() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "specs/001-x/plan.ttl", format!("{HEAD}{AGENT}"));
    write(dir.path(), "spec.toml", "");
    write(
        dir.path(),
        "rules/loop.rq",
        "# code: loop\n# severity: warning\n# message: {problem}\n#\n# Binds a message that names itself.\nSELECT ?subject ?problem WHERE { ?subject a sg:Agent BIND(\"again {problem}\" AS ?problem) }\n",
    );
    let (code, stdout, stderr) = spec(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let message = json["specs"][0]["findings"][0]["message"].as_str().unwrap();
    assert!(message.starts_with("again again"), "{message}");
}

#[test]
fn rules_beside_spec_toml_and_from_the_command_line_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let rule = |code: &str| {
        format!("# code: {code}\n# severity: warning\n# message: {{subject}} is noted\n#\n# A test rule.\nSELECT ?subject WHERE {{ ?subject a sg:Agent }}\n")
    };
    write(dir.path(), "specs/001-x/plan.ttl", format!("{HEAD}{AGENT}"));
    write(dir.path(), "spec.toml", "");
    write(dir.path(), "rules/beside.rq", rule("beside"));
    write(dir.path(), "more/extra.rq", rule("extra"));
    let (code, stdout, stderr) = spec(dir.path(), &["rules", "--rules", "more"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("beside") && stdout.contains("extra"),
        "{stdout}"
    );

    // Listing rule folders in spec.toml replaces the implied `rules/`.
    write(dir.path(), "spec.toml", "rules = [\"more\"]\n");
    let (_, stdout, _) = spec(dir.path(), &["rules"]);
    assert!(
        !stdout.contains("beside") && stdout.contains("extra"),
        "{stdout}"
    );
}

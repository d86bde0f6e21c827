//! `spec shacl` (pySHACL-style) and `spec check --shapes` end to end.

mod common;
use common::spec;
use std::path::Path;

const SHAPES: &str =
    "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <https://example.org/> .\n\
ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;\n\
  sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message \"a person needs a name\" ] ;\n\
  sh:property [ sh:path [ sh:inversePath ex:knows ] ; sh:class ex:Person ] .\n";
const DATA: &str = "@prefix ex: <https://example.org/> .\n\
ex:ada a ex:Person ; ex:name \"Ada\" .\nex:bob a ex:Person .\nex:rex ex:knows ex:ada .\n\
ex:Person ex:label \"Person\" .\n";

/// `spec shacl --shapes shapes.ttl --data DATA --format FORMAT` in `dir`.
fn shacl(dir: &Path, data: &str, format: &str) -> (i32, String, String) {
    spec(
        dir,
        &[
            "shacl",
            "--shapes",
            "shapes.ttl",
            "--data",
            data,
            "--format",
            format,
        ],
    )
}

fn files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("shapes.ttl"), SHAPES).unwrap();
    std::fs::write(dir.path().join("data.ttl"), DATA).unwrap();
    dir
}

#[test]
fn shacl_reports_in_three_formats_with_pyshacl_exit_codes() {
    let dir = files();
    let (code, out, _) = spec(
        dir.path(),
        &["shacl", "--shapes", "shapes.ttl", "--data", "data.ttl"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "Violation: ex:ada ^ex:knows = ex:rex — ClassConstraintComponent of a property shape of ex:PersonShape\n\
         Violation: ex:bob ex:name — MinCountConstraintComponent of a property shape of ex:PersonShape: a person needs a name\n\
         does not conform: 2 results\n"
    );

    let (code, turtle, _) = shacl(dir.path(), "data.ttl", "turtle");
    assert_eq!(code, 1);
    let triples: Vec<_> = oxttl::TurtleParser::new()
        .for_slice(turtle.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    let has = |p: &str, o: &str| {
        triples
            .iter()
            .any(|t| t.predicate.as_str().ends_with(p) && t.object.to_string().contains(o))
    };
    assert!(has("#conforms", "false"));
    assert!(has(
        "#sourceConstraintComponent",
        "ClassConstraintComponent"
    ));
    // The complex result path is in the report with its structure.
    assert!(has("#inversePath", "https://example.org/knows"), "{turtle}");

    let (code, json, _) = shacl(dir.path(), "data.ttl", "json");
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["conforms"], false);
    assert_eq!(v["results"].as_array().unwrap().len(), 2);

    std::fs::write(
        dir.path().join("good.ttl"),
        "@prefix ex: <https://example.org/> .\nex:ada a ex:Person ; ex:name \"Ada\" .\n",
    )
    .unwrap();
    let (code, out, _) = spec(
        dir.path(),
        &["shacl", "--shapes", "shapes.ttl", "--data", "good.ttl"],
    );
    assert_eq!((code, out.as_str()), (0, "conforms\n"));

    std::fs::write(
        dir.path().join("bad.ttl"),
        "@prefix ex: <https://example.org/> .\nex:a ex:b .\n",
    )
    .unwrap();
    let (code, _, err) = spec(
        dir.path(),
        &["shacl", "--shapes", "shapes.ttl", "--data", "bad.ttl"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("bad.ttl"), "{err}");
}

#[test]
fn check_uses_shapes_from_the_flag_and_from_spec_toml() {
    let dir = files();
    std::fs::create_dir_all(dir.path().join("specs/001-people")).unwrap();
    std::fs::copy(
        dir.path().join("data.ttl"),
        dir.path().join("specs/001-people/data.ttl"),
    )
    .unwrap();
    std::fs::write(dir.path().join("spec.toml"), "").unwrap();
    let (code, out, _) = spec(
        dir.path(),
        &["check", "--format", "json", "--shapes", "shapes.ttl"],
    );
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let findings = v["specs"][0]["findings"].as_array().unwrap();
    let shacl: Vec<_> = findings
        .iter()
        .filter(|f| f["code"] == "shacl-violation")
        .collect();
    assert_eq!(shacl.len(), 2, "{findings:#?}");
    assert_eq!(shacl[0]["file"], "specs/001-people/data.ttl");
    let lines: Vec<u64> = shacl.iter().map(|f| f["line"].as_u64().unwrap()).collect();
    assert_eq!(
        lines,
        [2, 3],
        "ex:ada (known by a non-person) and ex:bob (no name)"
    );

    std::fs::write(
        dir.path().join("spec.toml"),
        "shapes = [\"shapes.ttl\"]\n[severity]\nshacl-violation = \"warning\"\n",
    )
    .unwrap();
    let (code, out, _) = spec(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code, 0, "violations lowered to warnings");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["warnings"].as_u64(), Some(2), "{v}");
}

#[test]
#[cfg_attr(not(external_corpus), ignore = "../shared/external is not present")]
fn the_spec_kit_specs_of_ggen_against_their_own_schema() {
    let (code, out, err) = spec(
        Path::new("."),
        &[
            "check",
            "../shared/external/ggen-specs/014-affiliate-routing",
            "--shapes",
            "../shared/external/spec-kit-schema.ttl",
            "--isolated",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let findings = v["specs"][0]["findings"].as_array().unwrap();
    let shacl: Vec<_> = findings
        .iter()
        .filter(|f| f["code"] == "shacl-violation")
        .collect();
    assert!(!shacl.is_empty());
    assert!(
        shacl.iter().all(|f| f["line"].as_u64().is_some()),
        "every result is located"
    );
}

fn has_pyshacl() -> bool {
    std::process::Command::new("python3")
        .args(["-c", "import pyshacl"])
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs scripts/pyshacl_agreement.py and asserts that both tools agree.
fn assert_pyshacl_agrees(shapes: &Path, data: &[String]) {
    let out = std::process::Command::new("python3")
        .arg("scripts/pyshacl_agreement.py")
        .arg(env!("CARGO_BIN_EXE_spec"))
        .arg(shapes)
        .args(data)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}: {stdout}{}",
        shapes.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("agree: "), "{stdout}");
}

#[test]
#[cfg_attr(not(external_corpus), ignore = "../shared/external is not present")]
fn agrees_with_pyshacl_on_the_ggen_spec_kit_specs() {
    let external = Path::new("../shared/external");
    if !has_pyshacl() {
        common::skip(
            "agrees_with_pyshacl_on_the_ggen_spec_kit_specs",
            "pySHACL is not installed (pip install pyshacl); agreement not checked",
        );
        return;
    }
    let mut data: Vec<String> =
        std::fs::read_dir(external.join("ggen-specs/014-affiliate-routing"))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ttl"))
            .map(|p| p.display().to_string())
            .collect();
    data.sort();
    assert_pyshacl_agrees(&external.join("spec-kit-schema.ttl"), &data);
}

/// The vocabulary's own shapes are standard SHACL: pySHACL finds the same
/// results on each example spec (with the vocabulary beside the data, for its
/// individuals).
#[test]
fn agrees_with_pyshacl_on_the_vocabulary_shapes() {
    if !has_pyshacl() {
        common::skip(
            "agrees_with_pyshacl_on_the_vocabulary_shapes",
            "pySHACL is not installed (pip install pyshacl); agreement not checked",
        );
        return;
    }
    for spec in ["007-optimize-build-times", "phase7-release", "rustydb-v065"] {
        let mut files: Vec<String> = walkdir::WalkDir::new(Path::new("specs").join(spec))
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.path().display().to_string())
            .filter(|p| p.ends_with(".ttl"))
            .collect();
        files.sort();
        let mut data = vec!["ontology/campaign.ttl".to_owned()];
        data.extend(files);
        assert_pyshacl_agrees(Path::new("ontology/shapes.ttl"), &data);
    }
}

//! `spec export`: deterministic documents, and a canonical hash that follows
//! meaning, not layout.

mod common;
use common::spec;
use std::path::Path;

fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("spec.toml"), "").unwrap();
    for (path, text) in files {
        let path = dir.path().join("specs/001-x").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn hash(export: &str) -> String {
    export
        .lines()
        .find_map(|l| l.split("sg:canonicalHash \"").nth(1))
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .expect("the export states its canonical hash")
}

const HEAD: &str =
    "@prefix : <https://example.org/x#> .\n@prefix sg: <https://w3id.org/specgraph#> .\n";

#[test]
fn the_hash_follows_meaning_not_layout() {
    let one = workspace(&[(
        "plan.ttl",
        &format!("{HEAD}:t a sg:Task ; sg:title \"T\" ; sg:touches \"a\", \"b\" .\n:g a sg:Gate ; sg:criterion [ sg:title \"c\" ; sg:satisfied true ] .\n"),
    )]);
    // Same triples: other files, other order, other blank node labels, comments.
    let two = workspace(&[
        ("a.ttl", &format!("{HEAD}# gates\n:g a sg:Gate ; sg:criterion _:crit .\n_:crit sg:satisfied true ; sg:title \"c\" .\n")),
        ("b.ttl", &format!("{HEAD}:t sg:touches \"b\" , \"a\" ; sg:title \"T\" ; a sg:Task .\n")),
    ]);
    let three = workspace(&[(
        "plan.ttl",
        &format!("{HEAD}:t a sg:Task ; sg:title \"T2\" ; sg:touches \"a\", \"b\" .\n:g a sg:Gate ; sg:criterion [ sg:title \"c\" ; sg:satisfied true ] .\n"),
    )]);
    let export = |dir: &Path| {
        let (code, out, err) = spec(dir, &["export", "001"]);
        assert_eq!(code, 0, "{err}");
        out
    };
    let (a, b, c) = (export(one.path()), export(two.path()), export(three.path()));
    assert!(hash(&a).starts_with("sha256:") && hash(&a).len() == 7 + 64);
    assert_eq!(hash(&a), hash(&b));
    assert_ne!(hash(&a), hash(&c));
    // Byte-for-byte reproducible, blank nodes with canonical labels.
    assert_eq!(a, export(one.path()));
    assert!(a.contains("_:c14n0"), "{a}");
}

#[test]
fn formats_and_computed_facts() {
    let dir = Path::new(".");
    let (code, turtle, _) = spec(dir, &["export", "phase7"]);
    assert_eq!(code, 0);
    for fact in [
        "sg:computedState sg:Pending",
        "sg:openTask :task-7-1",
        "sg:readiness \"ready\"",
        "sg:closureExpected 270",
        "sg:metricState \"unmeasured\"",
    ] {
        assert!(turtle.contains(fact), "{fact}");
    }
    let (code, nquads, _) = spec(dir, &["export", "phase7", "--format", "nquads"]);
    assert_eq!(code, 0);
    let parsed = oxttl::NQuadsParser::new()
        .for_slice(nquads.as_bytes())
        .count();
    assert_eq!(parsed, nquads.lines().count());
    let (code, jsonld, _) = spec(dir, &["export", "phase7", "--format", "jsonld"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&jsonld).unwrap();
    assert!(json.as_array().is_some_and(|nodes| nodes.len() > 100));
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("phase7.ttl");
    let (code, stdout, err) = spec(dir, &["export", "phase7", "--out", file.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(stdout.is_empty());
    assert!(err.starts_with("exported phase7-release ("), "{err}");
    assert_eq!(std::fs::read_to_string(file).unwrap(), turtle);
}

#[test]
fn a_spec_that_does_not_parse_is_not_exported() {
    let ws = workspace(&[("plan.ttl", &format!("{HEAD}:t a sg:Task ;\n"))]);
    let (code, out, err) = spec(ws.path(), &["export", "001"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("specs/001-x/plan.ttl:4:1: syntax error"),
        "{err}"
    );
}

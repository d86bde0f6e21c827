//! The vocabulary's axioms (`<https://w3id.org/specgraph>`) go into a spec's
//! store only when a query reads them (src/load/mod.rs `SpecStore`). Every
//! way a user can read them must still see them: a query of `spec query`, a
//! rule of their own, a gate condition and `sparql()` in a template.

mod common;

use common::spec;

const SPEC: &str = "@prefix : <https://example.org/v#> .
@prefix sg: <https://w3id.org/specgraph#> .
:campaign a sg:Campaign ; sg:title \"Vocabulary graph\" ; sg:gate :g .
:g a sg:Gate ; sg:title \"Knows its vocabulary\" ; sg:criterion :c .
:c a sg:Criterion ; sg:title \"sg:Task is a class\" ;
    sg:condition \"PREFIX owl: <http://www.w3.org/2002/07/owl#> ASK { GRAPH <https://w3id.org/specgraph> { sg:Task a owl:Class } }\" .
";

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("spec.toml"), "").unwrap();
    let spec_dir = dir.path().join("specs/001-v");
    std::fs::create_dir_all(&spec_dir).unwrap();
    std::fs::write(spec_dir.join("spec.ttl"), SPEC).unwrap();
    dir
}

#[test]
fn a_query_sees_the_vocabulary_graph_and_the_default_graph_does_not_hold_it() {
    let ws = workspace();
    let count = |query: &str| {
        let (code, out, err) = spec(ws.path(), &["query", "--format", "csv", "001", query]);
        assert_eq!(code, 0, "{err}");
        out.lines().nth(1).unwrap().parse::<usize>().unwrap()
    };
    assert!(
        count("SELECT (COUNT(*) AS ?n) { GRAPH <https://w3id.org/specgraph> { ?s ?p ?o } }") > 200
    );
    assert!(count("SELECT (COUNT(*) AS ?n) { GRAPH ?g { sg:Task ?p ?o } }") >= 1);
    assert_eq!(count("SELECT (COUNT(*) AS ?n) { sg:Task ?p ?o }"), 0);
}

#[test]
fn a_condition_a_user_rule_and_a_template_see_it() {
    let ws = workspace();
    let dir = ws.path();
    let (code, out, err) = spec(dir, &["gates", "--format", "json"]);
    assert!(code == 0 || code == 1, "{err}");
    let gates: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        gates["specs"][0]["gates"][0]["state"], "passed",
        "the condition reads the vocabulary: {out}"
    );

    std::fs::create_dir_all(dir.join("rules")).unwrap();
    std::fs::write(
        dir.join("rules/typed-by-a-class.rq"),
        "# code: typed-by-a-class\n# severity: info\n# summary: says which vocabulary class types a resource\n# message: {subject} is typed by a class of the vocabulary\n#\n# Wrong / Right: none; a test rule.\nSELECT ?subject WHERE { ?subject a ?class . GRAPH <https://w3id.org/specgraph> { ?class a <http://www.w3.org/2002/07/owl#Class> } }\n",
    )
    .unwrap();
    let (_, out, err) = spec(dir, &["check", "--format", "json"]);
    let found = common::codes(&serde_json::from_str(&out).unwrap());
    assert_eq!(
        found.iter().filter(|c| *c == "typed-by-a-class").count(),
        3,
        "the campaign, the gate and the criterion: {found:?} {err}"
    );

    std::fs::create_dir_all(dir.join("templates/spec")).unwrap();
    std::fs::write(
        dir.join("templates/spec/CLASSES.md.j2"),
        "{{ sparql('SELECT (COUNT(*) AS ?n) { GRAPH <https://w3id.org/specgraph> { ?c a owl:Class } }')[0].n }}\n",
    )
    .unwrap();
    let (code, _, err) = spec(dir, &["render"]);
    assert_eq!(code, 0, "{err}");
    let classes = std::fs::read_to_string(dir.join("docs/001-v/CLASSES.md")).unwrap();
    let n: usize = classes.lines().last().unwrap().trim().parse().unwrap();
    assert!(n > 20, "{classes}");
}

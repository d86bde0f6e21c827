//! Files with many prefixes: the prefix tables keep declaration order, the
//! first (spec) or last (file) declaration wins, and IRIs are compacted as the
//! linear search over the table did, through maps. (The time these took grew
//! with the square of the number of prefixes; `cargo bench --bench check`
//! prints the time of a 40,000-prefix file, as the project keeps performance
//! targets in benchmarks, not in timed tests.)

use specgraph::check::functions::Prefixes;
use specgraph::load::{load_spec, LoadOptions};

/// A file of `count` prefixes (`p0:` … declared in reverse order, so that no
/// sorted or hashed order can pass for declaration order), one redeclared, and
/// a task whose objects use the first and the last of them.
fn many_prefixes(count: usize) -> String {
    let mut text = String::from(
        "@prefix : <https://example.org/x#> .\n@prefix sg: <https://w3id.org/specgraph#> .\n",
    );
    for i in (0..count).rev() {
        text.push_str(&format!("@prefix p{i}: <https://example.org/ns{i}#> .\n"));
    }
    text.push_str("@prefix p1: <https://example.org/again#> .\n");
    text.push_str(&format!(
        ":t a sg:Task ; sg:title \"T\" ; sg:dependsOn p0:x, p{}:y, p1:z .\n",
        count - 1
    ));
    text
}

#[test]
fn a_file_of_20000_prefixes_keeps_them_in_declaration_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.ttl");
    std::fs::write(&path, many_prefixes(20_000)).unwrap();
    let spec = load_spec(&path, &LoadOptions::default()).unwrap();
    assert!(spec.sources.syntax_errors.is_empty());

    let file = &spec.sources.files[0];
    assert_eq!(file.prefixes.len(), 2 + 20_000);
    assert_eq!(
        file.prefixes[0],
        (String::new(), "https://example.org/x#".into())
    );
    assert_eq!(file.prefixes[1].0, "sg");
    assert_eq!(file.prefixes[2].0, "p19999");
    assert_eq!(file.prefixes.last().unwrap().0, "p0");
    // p1 keeps its place and takes the IRI of its last declaration.
    assert_eq!(
        file.prefixes[2 + 20_000 - 2],
        ("p1".into(), "https://example.org/again#".into())
    );
    assert_eq!(file.prefix("p1"), Some("https://example.org/again#"));
    assert_eq!(file.prefix("p12345"), Some("https://example.org/ns12345#"));
    assert_eq!(file.prefix("p20000"), None);

    let prefixes = Prefixes::for_spec(&spec.sources);
    assert_eq!(prefixes.compact("https://example.org/ns0#x"), "p0:x");
    assert_eq!(
        prefixes.compact("https://example.org/ns19999#y"),
        "p19999:y"
    );
    assert_eq!(prefixes.compact("https://example.org/again#z"), "p1:z");
    assert_eq!(prefixes.compact("https://example.org/x#t"), ":t");
    // A namespace of the table that is not followed by a local name.
    assert_eq!(
        prefixes.compact("https://example.org/ns7#a b"),
        "<https://example.org/ns7#a b>"
    );
    let parser = prefixes.declare(spargebra::SparqlParser::new());
    let query = parser
        .parse_query("ASK { :t sg:dependsOn p19999:y, p1:z }")
        .unwrap();
    assert!(query
        .to_string()
        .contains("<https://example.org/ns19999#y>"));
    assert!(query.to_string().contains("<https://example.org/again#z>"));
}

#[test]
fn the_first_declaration_of_a_name_or_a_namespace_wins() {
    let pair = |p: &str, i: &str| (p.to_owned(), i.to_owned());
    let prefixes = Prefixes::from_pairs(vec![
        pair("a", "http://a/"),
        pair("a", "http://other/"),
        pair("b", "http://a/"),
        pair("sg", "http://not-the-vocabulary/"),
        pair("mine", "https://w3id.org/specgraph#"),
        pair("c", "http://c/"),
    ]);
    let custom: Vec<(&str, &str)> = prefixes
        .pairs()
        .filter(|(p, _)| ["a", "b", "c", "mine"].contains(p))
        .collect();
    assert_eq!(custom, vec![("a", "http://a/"), ("c", "http://c/")]);
    assert_eq!(prefixes.compact("http://other/x"), "<http://other/x>");
    assert_eq!(
        prefixes.compact("https://w3id.org/specgraph#Task"),
        "sg:Task"
    );
}

#[test]
fn a_prefix_whose_iri_does_not_parse_is_left_out_of_queries() {
    let pair = |p: &str, i: &str| (p.to_owned(), i.to_owned());
    let prefixes = Prefixes::from_pairs(vec![pair("bad", "not an iri"), pair("ok", "http://ok/")]);
    let parser = prefixes.declare(spargebra::SparqlParser::new());
    assert!(parser.clone().parse_query("ASK { ok:a ok:b ok:c }").is_ok());
    assert!(parser.parse_query("ASK { bad:a ok:b ok:c }").is_err());
}

/// The linear search `compact` used to make: every namespace of the table that
/// starts the IRI and leaves a local name, the longest one.
fn compact_by_search(table: &[(&str, &str)], iri: &str) -> String {
    let local = |l: &str| {
        !l.is_empty()
            && !l.ends_with('.')
            && !l.starts_with(['-', '.'])
            && l.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
    };
    let best = table
        .iter()
        .filter(|(_, ns)| iri.starts_with(ns))
        .filter(|(_, ns)| local(&iri[ns.len()..]))
        .max_by_key(|(_, ns)| ns.len());
    match best {
        Some((prefix, ns)) => format!("{prefix}:{}", &iri[ns.len()..]),
        None => format!("<{iri}>"),
    }
}

#[test]
fn compacting_through_the_map_agrees_with_the_search_of_the_table() {
    let custom = [
        ("e", "http://e/"),
        ("", "http://e/x#"),
        ("ex", "http://e/x"),
        ("d", "http://e/a.b"),
        ("u", "urn:"),
        ("uu", "urn:uuid:"),
        ("h", "http://e/x-"),
        ("é", "http://é/"),
    ];
    let prefixes = Prefixes::from_pairs(
        custom
            .iter()
            .map(|(p, i)| ((*p).to_owned(), (*i).to_owned()))
            .collect(),
    );
    let table: Vec<(&str, &str)> = prefixes.pairs().collect();
    let iris = [
        "http://e/x#task-1",
        "http://e/x#",
        "http://e/xa",
        "http://e/x-y",
        "http://e/x-",
        "http://e/x#-a",
        "http://e/x#.a",
        "http://e/x#a.",
        "http://e/x#a.b",
        "http://e/a.b.c",
        "http://e/a.bc",
        "http://e/a",
        "http://e/a b",
        "http://e/ça_va",
        "http://é/été",
        "urn:uuid:0e1f-22",
        "urn:x",
        "urn:",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://www.w3.org/2001/XMLSchema#dateTime",
        "https://w3id.org/specgraph#Task",
        "https://w3id.org/specgraph/shapes#TaskShape",
        "http://other/a",
        "",
    ];
    for iri in iris {
        assert_eq!(
            prefixes.compact(iri),
            compact_by_search(&table, iri),
            "{iri}"
        );
    }
}

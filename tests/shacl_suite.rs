//! The W3C SHACL test suite (`../shared/external/shacl-test-suite/`, read in
//! place when present): every test's `sh:conforms` and set of results (focus
//! node, path, value, source shape, constraint component, severity) compared
//! with the expected report. Prints pass/fail per test and the totals; fails
//! when a test that is not listed in `tests/data/shacl-known-failures.txt`
//! fails, or when a listed one passes (so the list stays true).

use oxigraph::model::{NamedNode, Term, Triple};
use specgraph::shacl::graph::{iri, sh, Graph, RDF};
use specgraph::shacl::path::Path as ShaclPath;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const SUITE: &str = "../shared/external/shacl-test-suite";
const MF: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
const SHT: &str = "http://www.w3.org/ns/shacl-test#";

fn parse(file: &Path) -> Vec<Triple> {
    let text = std::fs::read_to_string(file).unwrap();
    let base = format!("file://{}", file.canonicalize().unwrap().display());
    oxttl::TurtleParser::new()
        .with_base_iri(&base)
        .unwrap()
        .for_slice(text.as_bytes())
        .filter_map(Result::ok)
        .collect()
}

fn file_of(term: &Term) -> Option<PathBuf> {
    match term {
        Term::NamedNode(n) => n.as_str().strip_prefix("file://").map(PathBuf::from),
        _ => None,
    }
}

/// A term as compared: blank nodes match any blank node, except paths,
/// which are compared by structure.
fn key(graph: &Graph, term: Option<&Term>, as_path: bool) -> String {
    match term {
        None => "-".into(),
        Some(Term::BlankNode(_)) if as_path => ShaclPath::parse(graph, term.unwrap())
            .map_or_else(|e| format!("bad path {e}"), |p| format!("{p:?}")),
        Some(Term::NamedNode(n)) if as_path => format!("{:?}", ShaclPath::Predicate(n.clone())),
        Some(Term::BlankNode(_)) => "_".into(),
        Some(t) => t.to_string(),
    }
}

struct Outcome {
    name: String,
    passed: bool,
    reason: String,
}

fn run_manifest(manifest: &Path, outcomes: &mut Vec<Outcome>) {
    let triples = parse(manifest);
    let graph = Graph::new(triples);
    let mf = |l: &str| iri(MF, l);
    let base = format!("file://{}", manifest.canonicalize().unwrap().display());
    let me = Term::NamedNode(NamedNode::new_unchecked(&base));
    for include in graph
        .objects(&me, &mf("include"))
        .cloned()
        .collect::<Vec<_>>()
    {
        if let Some(path) = file_of(&include) {
            run_manifest(&path, outcomes);
        }
    }
    let Some(entries) = graph
        .object(&me, &mf("entries"))
        .and_then(|l| graph.list(l))
    else {
        return;
    };
    for entry in entries {
        let name = file_of(&entry)
            .and_then(|p| {
                p.strip_prefix(Path::new(SUITE).canonicalize().unwrap())
                    .ok()
                    .map(|p| p.display().to_string())
            })
            .unwrap_or_else(|| entry.to_string());
        let action = graph.object(&entry, &mf("action")).cloned();
        let expected = graph.object(&entry, &mf("result")).cloned();
        let (Some(action), Some(expected)) = (action, expected) else {
            continue;
        };
        let data_file = graph
            .object(&action, &iri(SHT, "dataGraph"))
            .and_then(file_of);
        let shapes_file = graph
            .object(&action, &iri(SHT, "shapesGraph"))
            .and_then(file_of);
        let (Some(data_file), Some(shapes_file)) = (data_file, shapes_file) else {
            continue;
        };
        let data = parse(&data_file);
        let shapes_triples = parse(&shapes_file);
        let shapes = Graph::new(shapes_triples.clone());
        let result = specgraph::shacl::validate(data, shapes_triples);
        let outcome = if expected == Term::NamedNode(iri(SHT, "Failure")) {
            match result {
                Err(_) => (true, String::new()),
                Ok(_) => (
                    false,
                    "expected a failure (ill-formed shapes), but validation ran".into(),
                ),
            }
        } else {
            match result {
                Err(e) => (false, format!("validation failed: {e}")),
                Ok(report) => compare(&graph, &expected, &shapes, &report),
            }
        };
        outcomes.push(Outcome {
            name,
            passed: outcome.0,
            reason: outcome.1,
        });
    }
}

fn compare(
    manifest: &Graph,
    expected: &Term,
    shapes: &Graph,
    report: &specgraph::shacl::Report,
) -> (bool, String) {
    let conforms = matches!(manifest.object(expected, &sh("conforms")), Some(Term::Literal(l)) if l.value() == "true");
    let mut wanted: Vec<String> = manifest
        .objects(expected, &sh("result"))
        .map(|r| {
            let get = |p: &str| manifest.object(r, &sh(p));
            format!(
                "focus={} path={} value={} shape={} component={} severity={}",
                key(manifest, get("focusNode"), false),
                key(manifest, get("resultPath"), true),
                key(manifest, get("value"), false),
                key(manifest, get("sourceShape"), false),
                key(manifest, get("sourceConstraintComponent"), false),
                key(manifest, get("resultSeverity"), false),
            )
        })
        .collect();
    let mut got: Vec<String> = report
        .results
        .iter()
        .map(|r| {
            format!(
                "focus={} path={} value={} shape={} component={} severity={}",
                key(shapes, Some(&r.focus), false),
                key(shapes, r.path.as_ref(), true),
                key(shapes, r.value.as_ref(), false),
                key(shapes, Some(&r.source_shape), false),
                Term::NamedNode(r.component.clone()),
                Term::NamedNode(r.severity.clone()),
            )
        })
        .collect();
    wanted.sort();
    got.sort();
    if conforms != report.conforms() {
        return (
            false,
            format!("conforms: expected {conforms}, got {}", report.conforms()),
        );
    }
    if wanted != got {
        let missing: Vec<_> = wanted.iter().filter(|w| !got.contains(w)).collect();
        let extra: Vec<_> = got.iter().filter(|g| !wanted.contains(g)).collect();
        return (
            false,
            format!("results differ: missing {missing:?}, unexpected {extra:?}"),
        );
    }
    (true, String::new())
}

#[test]
#[cfg_attr(not(external_corpus), ignore = "../shared/external is not present")]
fn w3c_shacl_test_suite() {
    let suite = Path::new(SUITE);
    let _ = RDF;
    let known: BTreeMap<String, String> =
        std::fs::read_to_string("tests/data/shacl-known-failures.txt")
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| match l.split_once(" — ") {
                Some((name, why)) => (name.trim().to_owned(), why.trim().to_owned()),
                None => (l.trim().to_owned(), String::new()),
            })
            .collect();
    let mut report = String::new();
    let mut totals: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut unexpected = BTreeSet::new();
    for part in ["core", "sparql"] {
        let mut outcomes = Vec::new();
        run_manifest(&suite.join(part).join("manifest.ttl"), &mut outcomes);
        let entry = totals.entry(part).or_default();
        for o in &outcomes {
            entry.1 += 1;
            if o.passed {
                entry.0 += 1;
                if known.contains_key(&o.name) {
                    unexpected.insert(format!(
                        "{} passes now: remove it from tests/data/shacl-known-failures.txt",
                        o.name
                    ));
                }
            } else if !known.contains_key(&o.name) {
                unexpected.insert(format!("{} fails: {}", o.name, o.reason));
            }
            report.push_str(&format!(
                "{} {}{}\n",
                if o.passed { "PASS" } else { "FAIL" },
                o.name,
                if o.passed {
                    String::new()
                } else {
                    format!(" — {}", o.reason)
                }
            ));
        }
    }
    for (part, (passed, total)) in &totals {
        report.push_str(&format!("{part}: {passed}/{total} passed\n"));
    }
    println!("{report}");
    assert!(unexpected.is_empty(), "{:#?}", unexpected);
}

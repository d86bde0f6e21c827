//! The campaign vocabulary (`ontology/campaign.ttl`), embedded in the binary.

use oxigraph::model::{BlankNode, GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use std::collections::{BTreeSet, HashSet};
use std::sync::OnceLock;

pub const NAMESPACE: &str = "https://w3id.org/specgraph#";
/// The named graph the vocabulary is loaded into, next to each spec's files.
pub const GRAPH: &str = "https://w3id.org/specgraph";
pub const TEXT: &str = include_str!("../ontology/campaign.ttl");
/// The CONSTRUCT that flattens ranges into `sg:accepts`/`sg:minimum`/`sg:maximum`.
pub const DERIVED: &str = include_str!("../ontology/derived.rq");

/// The vocabulary's triples, in its own named graph.
pub fn quads() -> &'static [Quad] {
    static QUADS: OnceLock<Vec<Quad>> = OnceLock::new();
    QUADS.get_or_init(|| {
        let graph = GraphName::NamedNode(NamedNode::new_unchecked(GRAPH));
        let parsed = crate::load::parse::parse_turtle(TEXT);
        assert!(
            parsed.errors.is_empty(),
            "the embedded vocabulary does not parse: {:?}",
            parsed.errors
        );
        parsed
            .triples
            .into_iter()
            .map(|t| Quad::new(t.subject, t.predicate, t.object, graph.clone()))
            .collect()
    })
}

/// The vocabulary's axioms: types, ranges, datatype definitions and restrictions,
/// required properties. This is what every spec store carries for the rules;
/// labels, comments and domains (documentation) are left out, which keeps each
/// store and every full scan smaller.
pub fn axioms() -> &'static [Quad] {
    static AXIOMS: OnceLock<Vec<Quad>> = OnceLock::new();
    AXIOMS.get_or_init(|| {
        const DOCUMENTATION: &[&str] = &[
            "http://www.w3.org/2000/01/rdf-schema#label",
            "http://www.w3.org/2000/01/rdf-schema#comment",
            "http://www.w3.org/2000/01/rdf-schema#domain",
            "http://www.w3.org/2002/07/owl#versionInfo",
        ];
        let named: Vec<&Quad> = quads()
            .iter()
            .filter(|q| !DOCUMENTATION.contains(&q.predicate.as_str()))
            .collect();
        // Keep blank nodes (lists, restrictions) only when a kept triple reaches them.
        let mut reachable: HashSet<&BlankNode> = HashSet::new();
        loop {
            let before = reachable.len();
            for quad in &named {
                let kept = match &quad.subject {
                    NamedOrBlankNode::NamedNode(_) => true,
                    NamedOrBlankNode::BlankNode(b) => reachable.contains(b),
                };
                if let (true, Term::BlankNode(object)) = (kept, &quad.object) {
                    reachable.insert(object);
                }
            }
            if reachable.len() == before {
                break;
            }
        }
        let mut axioms: Vec<Quad> = named
            .into_iter()
            .filter(|q| match &q.subject {
                NamedOrBlankNode::NamedNode(_) => true,
                NamedOrBlankNode::BlankNode(b) => reachable.contains(b),
            })
            .cloned()
            .collect();
        axioms.extend(derived());
        axioms
    })
}

/// Runs `ontology/derived.rq` over the vocabulary (once per process).
fn derived() -> Vec<Quad> {
    let store = oxigraph::store::Store::new().expect("an in-memory store");
    store
        .extend(quads().iter().map(|q| {
            Quad::new(
                q.subject.clone(),
                q.predicate.clone(),
                q.object.clone(),
                GraphName::DefaultGraph,
            )
        }))
        .expect("the vocabulary loads");
    let query = crate::check::functions::declare_prefixes(spargebra::SparqlParser::new())
        .parse_query(DERIVED)
        .expect("ontology/derived.rq parses");
    let graph = GraphName::NamedNode(NamedNode::new_unchecked(GRAPH));
    match oxigraph::sparql::SparqlEvaluator::new()
        .for_query(query)
        .on_store(&store)
        .execute()
    {
        Ok(oxigraph::sparql::QueryResults::Graph(triples)) => triples
            .map(|t| {
                let t = t.expect("derived triples evaluate");
                Quad::new(t.subject, t.predicate, t.object, graph.clone())
            })
            .collect(),
        _ => panic!("ontology/derived.rq must be a CONSTRUCT query"),
    }
}

/// Every `sg:` term the vocabulary defines (classes, properties, individuals, datatypes).
pub fn terms() -> &'static BTreeSet<String> {
    static TERMS: OnceLock<BTreeSet<String>> = OnceLock::new();
    TERMS.get_or_init(|| {
        quads()
            .iter()
            .filter_map(|q| match &q.subject {
                oxigraph::model::NamedOrBlankNode::NamedNode(n)
                    if n.as_str().starts_with(NAMESPACE) =>
                {
                    Some(n.as_str().to_owned())
                }
                _ => None,
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_parses_and_defines_the_core_terms() {
        let terms = terms();
        for local in [
            "Campaign",
            "Phase",
            "Task",
            "Agent",
            "Gate",
            "Criterion",
            "Metric",
            "Measurement",
            "Risk",
            "Decision",
            "Deliverable",
            "Feature",
            "Requirement",
            "Pending",
            "Active",
            "Blocked",
            "Done",
            "Low",
            "Medium",
            "High",
            "Critical",
            "title",
            "dependsOn",
            "estimateDays",
            "condition",
            "coordinator",
            "measuredBy",
        ] {
            assert!(terms.contains(&format!("{NAMESPACE}{local}")), "sg:{local}");
        }
    }

    #[test]
    fn axioms_keep_every_term_and_the_lists_ranges_need() {
        let axioms = axioms();
        let derived = ["accepts", "minimum", "maximum"].map(|l| format!("{NAMESPACE}{l}"));
        let kept = axioms
            .iter()
            .filter(|q| !derived.iter().any(|d| d.as_str() == q.predicate.as_str()))
            .count();
        assert!(kept < quads().len() / 2, "{kept} of {}", quads().len());
        for term in terms() {
            assert!(
                axioms.iter().any(
                    |q| matches!(&q.subject, NamedOrBlankNode::NamedNode(n) if n.as_str() == term)
                ),
                "{term} is still defined"
            );
        }
        let union_members = axioms
            .iter()
            .filter(|q| q.predicate.as_str().ends_with("#first"))
            .count();
        assert!(union_members >= 4, "range unions and restrictions are kept");
    }

    #[test]
    fn derived_ranges_are_flattened() {
        let has = |p: &str, o: &str| {
            axioms().iter().any(|q| {
                q.subject.to_string() == format!("<{NAMESPACE}{p}>") && q.object.to_string() == o
            })
        };
        let sg = |local: &str| format!("<{NAMESPACE}{local}>");
        let xsd = |local: &str| format!("<http://www.w3.org/2001/XMLSchema#{local}>");
        assert!(has("assignee", &sg("Agent")));
        assert!(
            has("status", &sg("Done")) && has("impact", &sg("High")),
            "vocabulary individuals"
        );
        assert!(has("probability", &sg("Level")), "union member class");
        assert!(
            has("probability", &xsd("decimal")) && has("probability", &xsd("integer")),
            "union member datatype"
        );
        assert!(has("at", &xsd("date")) && has("at", &xsd("dateTime")));
        assert!(
            has("title", &xsd("string"))
                && has(
                    "title",
                    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString>"
                )
        );
        assert!(
            has(
                "progress",
                "\"100\"^^<http://www.w3.org/2001/XMLSchema#integer>"
            ),
            "sg:maximum of a percentage"
        );
        assert!(
            !has("order", &xsd("decimal")),
            "an integer range does not admit decimals"
        );
    }
}

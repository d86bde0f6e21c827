//! The campaign vocabulary (`ontology/campaign.ttl`), embedded in the binary.

use oxigraph::model::{BlankNode, GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use std::collections::{BTreeSet, HashSet};
use std::sync::OnceLock;

pub const NAMESPACE: &str = "https://w3id.org/specgraph#";
/// The named graph the vocabulary is loaded into, next to each spec's files.
pub const GRAPH: &str = "https://w3id.org/specgraph";
pub const TEXT: &str = include_str!("../ontology/campaign.ttl");

/// The vocabulary's triples, in its own named graph.
pub fn quads() -> &'static [Quad] {
    static QUADS: OnceLock<Vec<Quad>> = OnceLock::new();
    QUADS.get_or_init(|| {
        let graph = GraphName::NamedNode(NamedNode::new_unchecked(GRAPH));
        let parsed = crate::load::parse::parse_turtle(TEXT, None);
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
        named
            .into_iter()
            .filter(|q| match &q.subject {
                NamedOrBlankNode::NamedNode(_) => true,
                NamedOrBlankNode::BlankNode(b) => reachable.contains(b),
            })
            .cloned()
            .collect()
    })
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
        assert!(
            axioms.len() < quads().len() / 2 + 60,
            "{} of {}",
            axioms.len(),
            quads().len()
        );
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
}

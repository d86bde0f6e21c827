//! The campaign vocabulary (`ontology/campaign.ttl`), embedded in the binary.

use oxigraph::model::{GraphName, NamedNode, Quad};
use std::collections::BTreeSet;
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
}

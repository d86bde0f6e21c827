//! `spec export`: the compiled spec — every file's triples plus the facts
//! `spec` computes — as one deterministic RDF document, with the spec's
//! canonical hash (RDFC-1.0 over its own triples, SHA-256) so that two exports
//! can be compared for meaning rather than bytes.

use oxigraph::model::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

fn to_canon_subject(s: &NamedOrBlankNode) -> oxrdf02::Subject {
    match s {
        NamedOrBlankNode::NamedNode(n) => oxrdf02::NamedNode::new_unchecked(n.as_str()).into(),
        NamedOrBlankNode::BlankNode(b) => oxrdf02::BlankNode::new_unchecked(b.as_str()).into(),
    }
}

fn to_canon_term(t: &Term) -> oxrdf02::Term {
    match t {
        Term::NamedNode(n) => oxrdf02::NamedNode::new_unchecked(n.as_str()).into(),
        Term::BlankNode(b) => oxrdf02::BlankNode::new_unchecked(b.as_str()).into(),
        Term::Literal(l) => match l.language() {
            Some(language) => {
                oxrdf02::Literal::new_language_tagged_literal_unchecked(l.value(), language).into()
            }
            None => oxrdf02::Literal::new_typed_literal(
                l.value(),
                oxrdf02::NamedNode::new_unchecked(l.datatype().as_str()),
            )
            .into(),
        },
        #[allow(unreachable_patterns)]
        other => oxrdf02::Literal::new_simple_literal(other.to_string()).into(),
    }
}

fn canon_dataset(triples: &[Triple]) -> oxrdf02::Dataset {
    triples
        .iter()
        .map(|t| {
            oxrdf02::Quad::new(
                to_canon_subject(&t.subject),
                oxrdf02::NamedNode::new_unchecked(t.predicate.as_str()),
                to_canon_term(&t.object),
                oxrdf02::GraphName::DefaultGraph,
            )
        })
        .collect()
}

/// `sha256:<hex>` of the RDFC-1.0 canonical N-Quads of `triples`, and the
/// canonical blank node labels (`c14n0`, …) by original label.
pub fn canonical(triples: &[Triple]) -> Result<(String, HashMap<String, String>), String> {
    let dataset = canon_dataset(triples);
    let nquads =
        rdf_canon::canonicalize(&dataset).map_err(|e| format!("canonicalization failed: {e}"))?;
    let labels = rdf_canon::issue(&dataset).map_err(|e| format!("canonicalization failed: {e}"))?;
    let digest = Sha256::digest(nquads.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    Ok((format!("sha256:{hex}"), labels))
}

/// Blank nodes renamed to their canonical labels, then sorted: the same
/// meaning always gives the same document.
pub fn canonical_order(triples: Vec<Triple>, labels: &HashMap<String, String>) -> Vec<Triple> {
    let rename = |b: &BlankNode| {
        labels
            .get(b.as_str())
            .map_or_else(|| b.clone(), BlankNode::new_unchecked)
    };
    let mut out: Vec<Triple> = triples
        .into_iter()
        .map(|t| {
            let subject = match &t.subject {
                NamedOrBlankNode::BlankNode(b) => NamedOrBlankNode::BlankNode(rename(b)),
                s => s.clone(),
            };
            let object = match &t.object {
                Term::BlankNode(b) => Term::BlankNode(rename(b)),
                o => o.clone(),
            };
            Triple::new(subject, t.predicate, object)
        })
        .collect();
    out.sort_by_cached_key(|t| {
        (
            t.subject.to_string(),
            t.predicate.to_string(),
            t.object.to_string(),
        )
    });
    out.dedup();
    out
}

/// The node that describes the spec in an export.
pub fn spec_node(name: &str) -> NamedNode {
    NamedNode::new_unchecked(format!(
        "urn:specgraph:spec:{}",
        crate::render::view::slug(name)
    ))
}

/// A decimal literal for a figure.
pub fn decimal(value: f64) -> Literal {
    Literal::new_typed_literal(
        crate::model::format_number(value),
        NamedNode::new_unchecked("http://www.w3.org/2001/XMLSchema#decimal"),
    )
}

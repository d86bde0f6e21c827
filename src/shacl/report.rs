//! A validation report as the standard `sh:ValidationReport` graph, so that
//! `spec shacl` can stand in for pySHACL in a pipeline.

use super::graph::{iri, sh, Graph, RDF, XSD};
use super::Report;
use oxigraph::model::{BlankNode, Literal, NamedOrBlankNode, Term, Triple};
use rustc_hash::FxHashSet as HashSet;

/// The report's triples. A complex result path (a blank node) is copied from
/// the shapes graph with everything it reaches.
pub fn triples(report: &Report, shapes: &Graph) -> Vec<Triple> {
    let rdf_type = iri(RDF, "type");
    let node = BlankNode::new_unchecked("report");
    let mut out = vec![
        Triple::new(node.clone(), rdf_type.clone(), sh("ValidationReport")),
        Triple::new(
            node.clone(),
            sh("conforms"),
            Literal::new_typed_literal(report.conforms().to_string(), iri(XSD, "boolean")),
        ),
    ];
    let mut copied = HashSet::default();
    for (i, result) in report.results.iter().enumerate() {
        let r = BlankNode::new_unchecked(format!("result{i}"));
        out.push(Triple::new(node.clone(), sh("result"), r.clone()));
        out.push(Triple::new(
            r.clone(),
            rdf_type.clone(),
            sh("ValidationResult"),
        ));
        out.push(Triple::new(
            r.clone(),
            sh("focusNode"),
            result.focus.clone(),
        ));
        if let Some(path) = &result.path {
            out.push(Triple::new(r.clone(), sh("resultPath"), path.clone()));
            copy_reachable(shapes, path, &mut copied, &mut out);
        }
        if let Some(value) = &result.value {
            out.push(Triple::new(r.clone(), sh("value"), value.clone()));
        }
        out.push(Triple::new(
            r.clone(),
            sh("sourceShape"),
            result.source_shape.clone(),
        ));
        out.push(Triple::new(
            r.clone(),
            sh("sourceConstraintComponent"),
            result.component.clone(),
        ));
        out.push(Triple::new(
            r.clone(),
            sh("resultSeverity"),
            result.severity.clone(),
        ));
        for message in &result.messages {
            out.push(Triple::new(r.clone(), sh("resultMessage"), message.clone()));
        }
    }
    out
}

fn copy_reachable(shapes: &Graph, term: &Term, copied: &mut HashSet<Term>, out: &mut Vec<Triple>) {
    if !matches!(term, Term::BlankNode(_)) || !copied.insert(term.clone()) {
        return;
    }
    let subject = match term {
        Term::BlankNode(b) => NamedOrBlankNode::BlankNode(b.clone()),
        _ => return,
    };
    let outgoing: Vec<(oxigraph::model::NamedNode, Term)> = shapes
        .outgoing(term)
        .map(|(p, o)| (p.clone(), o.clone()))
        .collect();
    for (predicate, object) in outgoing {
        out.push(Triple::new(subject.clone(), predicate, object.clone()));
        copy_reachable(shapes, &object, copied, out);
    }
}

//! SHACL shapes as a source of findings (`shacl-violation`): the shapes given
//! with `--shapes` or spec.toml's `shapes`, plus any shapes in the spec's own
//! files, validated against the spec's triples.

use super::functions::Prefixes;
use super::locate::locate;
use crate::finding::{Finding, Severity};
use crate::load::Spec;
use crate::shacl::graph::SH;
use oxigraph::model::{NamedOrBlankNode, Term, Triple};

pub const CODE: &str = "shacl-violation";

/// Whether the spec's own files declare SHACL shapes.
fn has_own_shapes(spec: &Spec) -> bool {
    spec.triples
        .iter()
        .any(|t| t.predicate.as_str().starts_with(SH))
}

pub fn findings(
    spec: &Spec,
    shapes: &[Triple],
    severity: Option<Severity>,
    prefixes: &Prefixes,
) -> Result<Vec<Finding>, String> {
    let Some(base_severity) = severity else {
        return Ok(Vec::new());
    };
    if shapes.is_empty() && !has_own_shapes(spec) {
        return Ok(Vec::new());
    }
    let mut shapes_graph = shapes.to_vec();
    if has_own_shapes(spec) {
        shapes_graph.extend(spec.triples.iter().cloned());
    }
    let shapes_index = crate::shacl::graph::Graph::new(shapes_graph.clone());
    let report = crate::shacl::validate(spec.triples.clone(), shapes_graph)?;
    let show = |t: &Term| match t {
        Term::NamedNode(n) => prefixes.compact(n.as_str()),
        Term::BlankNode(_) => "a blank node".to_owned(),
        Term::Literal(l) => format!("{:?}", l.value()),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    };
    let mut out = Vec::new();
    for result in &report.results {
        let severity = match result.severity.as_str().strip_prefix(SH) {
            Some("Warning") => Severity::Warning,
            Some("Info") => Severity::Info,
            // The configured severity raises or lowers violations only.
            _ => base_severity,
        };
        let component = result
            .component
            .as_str()
            .strip_prefix(SH)
            .unwrap_or(result.component.as_str())
            .trim_end_matches("ConstraintComponent");
        let compact = |iri: &str| prefixes.compact(iri);
        let path = result.path.as_ref().map(|p| match p {
            Term::BlankNode(_) => crate::shacl::path::Path::parse(&shapes_index, p)
                .map_or_else(|_| show(p), |path| path.to_sparql(&compact)),
            other => show(other),
        });
        let message = match result.messages.first() {
            Some(m) => format!("{}: {}", show(&result.focus), m.value()),
            None => {
                let mut text = format!(
                    "{} fails sh:{}",
                    show(&result.focus),
                    lower_first(component)
                );
                if let Some(path) = &path {
                    text.push_str(&format!(" on {path}"));
                }
                if let Some(value) = &result.value {
                    text.push_str(&format!(" (value {})", show(value)));
                }
                text
            }
        };
        let shape = match &result.source_shape {
            Term::NamedNode(n) => prefixes.compact(n.as_str()),
            _ => match &path {
                Some(path) => format!("the property shape on {path}"),
                None => "an anonymous shape".to_owned(),
            },
        };
        let subject = match &result.focus {
            Term::NamedNode(n) => Some(NamedOrBlankNode::NamedNode(n.clone())),
            Term::BlankNode(b) => Some(NamedOrBlankNode::BlankNode(b.clone())),
            _ => None,
        };
        let predicate = result
            .path
            .as_ref()
            .filter(|p| matches!(p, Term::NamedNode(_)));
        let location = subject
            .as_ref()
            .and_then(|s| locate(spec, s, predicate, result.value.as_ref()));
        out.push(Finding {
            code: CODE.to_owned(),
            severity,
            message,
            help: Some(format!(
                "required by {shape} (sh:{} constraint)",
                lower_first(component)
            )),
            label: Some(format!("violates sh:{}", lower_first(component))),
            location,
            subject: subject.map(|s| match s {
                NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
                NamedOrBlankNode::BlankNode(b) => b.to_string(),
            }),
        });
    }
    Ok(out)
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

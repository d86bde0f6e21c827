//! SHACL in `spec check`: every spec is validated, in one pass, against the
//! vocabulary's shapes (ontology/shapes.ttl), the user's shapes (`--shapes`,
//! spec.toml `shapes`) and any shapes in its own files. Results of the
//! vocabulary's shapes become closure findings (`shapes.rs`); all the others
//! are `shacl-violation`s, reported here.

use super::functions::Prefixes;
use super::locate::locate;
use super::shapes;
use super::{Closure, Code, RuleSet};
use crate::finding::{Finding, Severity};
use crate::load::Spec;
use crate::shacl::graph::{Graph, SH};
use crate::shacl::validate::{Compiled, ValidationResult, Validator};
use oxigraph::model::{NamedOrBlankNode, Term, Triple};
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

/// The shapes every spec is validated against: the vocabulary's and the
/// user's, indexed once and shared by every spec.
#[derive(Clone, Default)]
pub struct Shapes {
    user: Arc<Vec<Triple>>,
    compiled: Arc<OnceLock<Result<(Graph, Compiled), String>>>,
}

impl Shapes {
    /// The vocabulary's shapes plus `user` (which may add to them by name).
    pub fn with_user(user: Vec<Triple>) -> Self {
        Self {
            user: Arc::new(user),
            compiled: Arc::default(),
        }
    }

    /// The shapes graph with its shapes compiled, or why the shapes are not valid SHACL.
    fn compiled(&self) -> Result<&(Graph, Compiled), String> {
        self.compiled
            .get_or_init(|| {
                let graph = Graph::from_refs(
                    crate::vocabulary::shapes()
                        .iter()
                        .copied()
                        .chain(self.user.iter().map(Triple::as_ref)),
                );
                let compiled = Compiled::new(&graph).map_err(|e| e.to_string())?;
                Ok((graph, compiled))
            })
            .as_ref()
            .map_err(|e| e.clone())
    }
}

impl std::fmt::Debug for Shapes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Shapes({} user triples)", self.user.len())
    }
}

/// Whether the spec's own files declare SHACL shapes.
fn has_own_shapes(spec: &Spec) -> bool {
    spec.triples
        .iter()
        .any(|t| t.predicate.as_str().starts_with(SH))
}

/// What the shapes found in one spec.
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// Required links present / expected, from the closure shapes.
    pub closure: Closure,
}

/// Validates `spec` and turns every result into a finding under its code.
pub fn check(
    spec: &Spec,
    shapes: &Shapes,
    rules: &RuleSet,
    severity: &dyn Fn(&str) -> Option<Severity>,
    prefixes: &Prefixes,
) -> Result<Outcome, String> {
    let (base_graph, base_compiled) = shapes.compiled()?;
    let (shapes_graph, compiled): (Cow<Graph>, Cow<Compiled>) = if has_own_shapes(spec) {
        let mut graph = base_graph.clone();
        for triple in &spec.triples {
            graph.insert_ref(triple.as_ref());
        }
        let compiled = Compiled::new(&graph).map_err(|e| e.to_string())?;
        (Cow::Owned(graph), Cow::Owned(compiled))
    } else {
        (Cow::Borrowed(base_graph), Cow::Borrowed(base_compiled))
    };
    let data = Graph::from_refs(
        spec.triples
            .iter()
            .map(Triple::as_ref)
            .chain(crate::vocabulary::individuals().iter().copied()),
    );
    let validator =
        Validator::with_compiled(&data, &shapes_graph, compiled).map_err(|e| e.to_string())?;
    let report = validator.run().map_err(|e| e.to_string())?;
    let vocabulary = shapes::Vocabulary {
        spec,
        data: &data,
        shapes: &shapes_graph,
        validator: &validator,
        rules,
        prefixes,
    };
    let (mut findings, others) = vocabulary.findings(&report.results, severity);
    let closure = vocabulary.closure(&report.results);
    if let Some(base) = severity(Code::ShaclViolation.as_str()) {
        findings.extend(
            others
                .into_iter()
                .map(|result| violation(spec, &shapes_graph, result, base, prefixes)),
        );
    }
    Ok(Outcome { findings, closure })
}

/// A `shacl-violation` finding: the shape's message when it has one, else
/// the focus node, the constraint component, the path and the value.
fn violation(
    spec: &Spec,
    shapes: &Graph,
    result: &ValidationResult,
    base_severity: Severity,
    prefixes: &Prefixes,
) -> Finding {
    let severity = match result.severity.as_str().strip_prefix(SH) {
        Some("Warning") => Severity::Warning,
        Some("Info") => Severity::Info,
        // The configured severity raises or lowers violations only.
        _ => base_severity,
    };
    let show = |t: &Term| match t {
        Term::NamedNode(n) => prefixes.compact(n.as_str()),
        Term::BlankNode(_) => "a blank node".to_owned(),
        Term::Literal(l) => format!("{:?}", l.value()),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    };
    let component = result
        .component
        .as_str()
        .strip_prefix(SH)
        .unwrap_or(result.component.as_str())
        .trim_end_matches("ConstraintComponent");
    let compact = |iri: &str| prefixes.compact(iri);
    let path = result.path.as_ref().map(|p| match p {
        Term::BlankNode(_) => crate::shacl::path::Path::parse(shapes, p)
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
    Finding {
        code: Code::ShaclViolation.into(),
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
        predicate: predicate.map(crate::finding::term_text),
        object: result.value.as_ref().map(crate::finding::term_text),
        baselined: false,
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

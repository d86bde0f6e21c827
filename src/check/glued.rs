//! `glued-prefix`: a prefix whose namespace IRI lacks its trailing `/` or
//! `#` (`@prefix a2a: <https://ggen.dev/ontology/a2a> .`), so every local
//! name is glued to the last path segment: `a2a:Agent` is
//! `<https://ggen.dev/ontology/a2aAgent>`. In the ggen corpus one such line
//! produced 66 `dangling-reference` findings and was never named; it is now
//! one finding at the `@prefix` line, and the findings it causes are dropped.

use super::rule::Rule;
use super::run::render;
use crate::finding::{Finding, Severity};
use crate::load::Spec;
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term};
use std::collections::{BTreeMap, BTreeSet};

/// Codes whose findings about a glued IRI are the glued prefix's doing.
pub const CAUSED: &[&str] = &[
    "dangling-reference",
    "unknown-term",
    "literal-names-resource",
    "external-vocabulary",
];

/// The glued prefixes of `spec` with one finding each, and their IRIs (to
/// drop the findings they cause).
pub fn findings(
    spec: &Spec,
    rule: &Rule,
    severity: Severity,
    prefixes: &super::functions::Prefixes,
) -> (Vec<Finding>, Vec<String>) {
    // Candidate namespaces: declared, and not ending in a separator.
    // namespace → (file, prefix name, the distinct glued IRIs seen)
    let mut glued: BTreeMap<&str, (usize, &str, BTreeSet<String>)> = BTreeMap::new();
    for (index, file) in spec.sources.files.iter().enumerate() {
        for (name, iri) in &file.prefixes {
            if iri.is_empty() || iri.ends_with(['/', '#', ':', '?', '=', '_', '-', '.']) {
                continue;
            }
            glued
                .entry(iri.as_str())
                .or_insert((index, name.as_str(), BTreeSet::new()));
        }
    }
    if glued.is_empty() {
        return (Vec::new(), Vec::new());
    }
    // A glued IRI extends a candidate: look its prefixes of the candidates'
    // lengths up (few lengths, so linear in the triples).
    let lengths: BTreeSet<usize> = glued.keys().map(|k| k.len()).collect();
    let mut count = |iri: &NamedNode| {
        let text = iri.as_str();
        let namespace = lengths
            .iter()
            .rev()
            .filter(|&&l| glues(text, l))
            .find_map(|&l| glued.get_key_value(&text[..l]).map(|(k, _)| *k));
        if let Some(namespace) = namespace {
            if let Some(entry) = glued.get_mut(namespace) {
                entry.2.insert(text.to_owned());
            }
        }
    };
    for triple in &spec.triples {
        if let NamedOrBlankNode::NamedNode(n) = &triple.subject {
            count(n);
        }
        count(&triple.predicate);
        if let Term::NamedNode(n) = &triple.object {
            count(n);
        }
    }
    let mut found = Vec::new();
    let mut iris = Vec::new();
    for (iri, (index, name, terms)) in glued {
        let Some(example) = terms.first().cloned() else {
            continue;
        };
        let uses = terms.len();
        let file = &spec.sources.files[index];
        let Some((offset, length)) = declaration(&file.text, name, iri) else {
            continue;
        };
        let local = &example[iri.len()..];
        let solution = super::run::Bindings::new()
            .term("subject", NamedNode::new_unchecked(iri))
            .text("prefixText", &format!("{name}:"))
            .text("iriText", iri)
            .text("exampleText", &format!("{name}:{local}"))
            .text("gluedText", &example)
            .text("usesText", &uses.to_string());
        let render = |template: &str| render(template, &solution, prefixes);
        found.push(Finding {
            code: rule.code.clone(),
            severity,
            message: render(&rule.message),
            help: rule.help.as_deref().map(render),
            label: rule.label.as_deref().map(render),
            location: Some(file.location(index, offset, length)),
            subject: None,
            predicate: None,
            object: Some(iri.to_owned()),
            baselined: false,
        });
        iris.push(iri.to_owned());
    }
    (found, iris)
}

/// Whether `text` is a namespace of `length` bytes with a local name glued
/// on: the next character starts a name (`a2aAgent`), not a separator
/// (`a2a/entities` is a full IRI in the namespace `a2a/`, written out).
pub fn glues(text: &str, length: usize) -> bool {
    length < text.len()
        && text.is_char_boundary(length)
        && text[length..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Where `@prefix name: <iri>` (or SPARQL-style `PREFIX`) declares the IRI:
/// the byte range of `<iri>`.
fn declaration(text: &str, name: &str, iri: &str) -> Option<(usize, usize)> {
    let target = format!("<{iri}>");
    let mut from = 0;
    while let Some(found) = text[from..].find(&target) {
        let at = from + found;
        let before = text[..at].trim_end();
        let declared = before
            .strip_suffix(&format!("{name}:"))
            .map(str::trim_end)
            .is_some_and(|b| {
                let lower = b.to_ascii_lowercase();
                lower.ends_with("@prefix") || lower.ends_with("prefix")
            });
        if declared {
            return Some((at, target.len()));
        }
        from = at + target.len();
    }
    None
}

//! `external-vocabulary` (ontology/rules/external-vocabulary.md): the
//! namespaces whose properties and classes nothing can check, once each, as
//! information. A native check of the parsed triples: it groups by namespace
//! in one pass, which a query would do with a scan and an aggregate.

use super::rule::Rule;
use super::run::Bindings;
use crate::finding::{Finding, Severity};
use crate::load::{is_well_known, namespace_of, Spec};
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term};
use oxrdf::vocab::rdf;
use std::collections::{BTreeMap, BTreeSet, HashSet};

const OWL_IMPORTS: &str = "http://www.w3.org/2002/07/owl#imports";

/// One finding per external namespace of `spec`. `known` are the namespaces
/// of the profiles in force.
pub fn findings(
    spec: &Spec,
    rule: &Rule,
    severity: Severity,
    prefixes: &super::functions::Prefixes,
    known: &[String],
) -> Vec<Finding> {
    let imported: HashSet<&str> = spec
        .triples
        .iter()
        .filter(|t| t.predicate.as_str() == OWL_IMPORTS)
        .filter_map(|t| match &t.object {
            Term::NamedNode(n) => Some(n.as_str().trim_end_matches(['#', '/'])),
            _ => None,
        })
        .collect();
    let external = |namespace: &str| {
        !namespace.is_empty()
            && namespace.ends_with(['#', '/'])
            && !is_well_known(namespace)
            && !spec.graph.own_namespaces.contains(namespace)
            && !known.iter().any(|k| k == namespace)
            && !imported.contains(namespace.trim_end_matches(['#', '/']))
    };
    // Namespace → (first use, terms), in file order.
    let mut found: BTreeMap<&str, (usize, BTreeSet<&str>)> = BTreeMap::new();
    for (index, triple) in spec.triples.iter().enumerate() {
        let class = match &triple.object {
            Term::NamedNode(n) if triple.predicate == rdf::TYPE => Some(n),
            _ => None,
        };
        for term in std::iter::once(&triple.predicate).chain(class) {
            let namespace = namespace_of(term.as_str());
            if term.as_str().len() > namespace.len() && external(namespace) {
                let entry = found.entry(namespace).or_insert((index, BTreeSet::new()));
                entry.1.insert(term.as_str());
            }
        }
    }
    let mut findings: Vec<Finding> = found
        .into_iter()
        .filter_map(|(namespace, (index, terms))| {
            let triple = &spec.triples[index];
            let example = terms.first()?;
            let solution = Bindings::new()
                .term("subject", subject_term(&triple.subject))
                .term("predicate", triple.predicate.clone())
                .term("object", triple.object.clone())
                .text("namespaceText", namespace)
                .text("exampleText", &prefixes.compact(example))
                .text("usesText", &terms.len().to_string());
            let mut finding = super::run::finding(spec, rule, severity, &solution, prefixes)?;
            finding.predicate = Some((*example).to_owned());
            finding.object = Some(namespace.to_owned());
            Some(finding)
        })
        .collect();
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

fn subject_term(subject: &NamedOrBlankNode) -> Term {
    match subject {
        NamedOrBlankNode::NamedNode(n) => Term::NamedNode(NamedNode::clone(n)),
        NamedOrBlankNode::BlankNode(b) => Term::BlankNode(b.clone()),
    }
}

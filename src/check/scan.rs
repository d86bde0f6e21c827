//! `unknown-term`, `dangling-reference` and `literal-names-resource`,
//! answered in one pass over the parsed triples.
//!
//! The three rules must look at every triple of a spec. As SPARQL over the
//! spec's store they were 30 % of `spec check`'s CPU time on the 1,000-spec
//! benchmark (0.67 + 0.54 + 0.48 CPU-s of 5.9), each a full scan through the
//! evaluator at about 0.5 µs a triple. Here each triple costs a few hash
//! lookups.
//!
//! The `.rq` files stay the definition: they are what `spec explain` shows,
//! what `--reference-rules` runs instead of this module, and what
//! `tests/reference_rules.rs` compares this module with, finding for finding,
//! on every fixture, example spec, the external corpus and generated
//! workspaces. Each test below names the part of the query it mirrors.

use super::functions::{FunctionContext, Prefixes};
use super::rule::Rule;
use super::run::{finding, Bindings};
use crate::finding::{Finding, Severity};
use crate::load::Spec;
use crate::vocabulary;
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use rustc_hash::{FxHashMap, FxHashSet};

/// The codes this module answers instead of their queries.
pub const CODES: [&str; 3] = [UNKNOWN_TERM, DANGLING_REFERENCE, LITERAL_NAMES_RESOURCE];
const UNKNOWN_TERM: &str = "unknown-term";
const DANGLING_REFERENCE: &str = "dangling-reference";
const LITERAL_NAMES_RESOURCE: &str = "literal-names-resource";

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
const OWL: &str = "http://www.w3.org/2002/07/owl#";
const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";
const RDF_LANG_STRING: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

/// `dangling-reference`: links to ontologies and documents, not to resources
/// described here (`?predicate NOT IN (…)`).
const DOCUMENT_LINKS: [&str; 7] = [
    "http://www.w3.org/2000/01/rdf-schema#isDefinedBy",
    "http://www.w3.org/2000/01/rdf-schema#seeAlso",
    "http://www.w3.org/2002/07/owl#imports",
    "http://www.w3.org/2002/07/owl#versionIRI",
    "http://www.w3.org/2002/07/owl#priorVersion",
    "http://www.w3.org/2002/07/owl#backwardCompatibleWith",
    "http://www.w3.org/2002/07/owl#incompatibleWith",
];

/// `literal-names-resource`: text properties (`?predicate NOT IN (…)`).
const TEXT_PROPERTIES: [&str; 7] = [
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2000/01/rdf-schema#comment",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://purl.org/dc/terms/title",
    "http://purl.org/dc/terms/description",
    "http://purl.org/dc/elements/1.1/title",
];

/// `literal-names-resource`: the namespaces of shared vocabularies, whose
/// properties define their own ranges (the `STRSTARTS` filter).
const SHARED_PROPERTY_NAMESPACES: [&str; 7] = [
    "http://www.w3.org/",
    "http://purl.org/dc/",
    "http://purl.org/vocab/vann/",
    "http://xmlns.com/foaf/",
    "http://usefulinc.com/ns/doap#",
    "http://schema.org/",
    "https://schema.org/",
];

/// Which of the three rules run, and at what severity.
#[derive(Default)]
pub struct Active<'r> {
    pub unknown_term: Option<(&'r Rule, Severity)>,
    pub dangling_reference: Option<(&'r Rule, Severity)>,
    pub literal_names_resource: Option<(&'r Rule, Severity)>,
}

impl<'r> Active<'r> {
    /// Files `rule` under its code when it is one of the three.
    pub fn set(&mut self, rule: &'r Rule, severity: Severity) {
        let slot = match rule.code.as_str() {
            UNKNOWN_TERM => &mut self.unknown_term,
            DANGLING_REFERENCE => &mut self.dangling_reference,
            LITERAL_NAMES_RESOURCE => &mut self.literal_names_resource,
            _ => return,
        };
        *slot = Some((rule, severity));
    }

    fn any(&self) -> bool {
        self.unknown_term.is_some()
            || self.dangling_reference.is_some()
            || self.literal_names_resource.is_some()
    }
}

/// The findings of the active rules on `spec`, as their queries give them
/// (one per distinct solution).
pub fn findings(spec: &Spec, context: &FunctionContext, active: &Active) -> Vec<Finding> {
    if !active.any() {
        return Vec::new();
    }
    let scan = Scan::new(spec, context);
    let prefixes = context.prefixes();
    let mut findings = Vec::new();
    if let Some((rule, severity)) = active.unknown_term {
        findings.extend(scan.unknown_terms(spec, rule, severity, prefixes));
    }
    if let Some((rule, severity)) = active.dangling_reference {
        findings.extend(scan.dangling_references(spec, rule, severity, prefixes));
    }
    if let Some((rule, severity)) = active.literal_names_resource {
        findings.extend(scan.literal_names(spec, rule, severity, prefixes));
    }
    findings
}

/// What the three rules look up, built once per spec.
struct Scan<'s> {
    triples: &'s [Triple],
    context: &'s FunctionContext,
    /// IRIs the spec describes (`?x ?p ?o` in the default graph).
    described: FxHashSet<&'s str>,
}

impl<'s> Scan<'s> {
    fn new(spec: &'s Spec, context: &'s FunctionContext) -> Self {
        let described = spec
            .graph
            .subjects
            .keys()
            .filter_map(|s| match s {
                NamedOrBlankNode::NamedNode(n) => Some(n.as_str()),
                NamedOrBlankNode::BlankNode(_) => None,
            })
            .collect();
        Self {
            triples: &spec.triples,
            context,
            described,
        }
    }

    /// `unknown-term`'s test of a term: not described by the vocabulary's
    /// axioms (the `MINUS`), and an `sg:` term, or a term a well-known
    /// vocabulary does not define that the spec does not describe either.
    fn is_unknown(&self, term: &str) -> bool {
        (term.starts_with(vocabulary::NAMESPACE)
            || (crate::well_known::is_unknown_term(term) && !self.described.contains(term)))
            && !vocabulary::described().contains(term)
    }

    /// `unknown-term`: the unknown properties (first branch of the `UNION`),
    /// then the unknown IRI objects (second branch).
    fn unknown_terms(
        &self,
        spec: &Spec,
        rule: &Rule,
        severity: Severity,
        prefixes: &Prefixes,
    ) -> Vec<Finding> {
        // Properties repeat: each is tested once.
        let mut properties: FxHashMap<&str, bool> = FxHashMap::default();
        let mut seen: FxHashSet<(&NamedOrBlankNode, &NamedNode, Option<&NamedNode>)> =
            FxHashSet::default();
        let mut findings = Vec::new();
        for triple in self.triples {
            let predicate = triple.predicate.as_str();
            let unknown_property = *properties
                .entry(predicate)
                .or_insert_with(|| self.is_unknown(predicate));
            if unknown_property && seen.insert((&triple.subject, &triple.predicate, None)) {
                findings.extend(self.unknown_term(
                    spec,
                    rule,
                    severity,
                    prefixes,
                    triple,
                    &triple.predicate,
                    false,
                ));
            }
            if let Term::NamedNode(object) = &triple.object {
                if self.is_unknown(object.as_str())
                    && seen.insert((&triple.subject, &triple.predicate, Some(object)))
                {
                    findings.extend(
                        self.unknown_term(spec, rule, severity, prefixes, triple, object, true),
                    );
                }
            }
        }
        findings
    }

    #[allow(clippy::too_many_arguments)]
    fn unknown_term(
        &self,
        spec: &Spec,
        rule: &Rule,
        severity: Severity,
        prefixes: &Prefixes,
        triple: &Triple,
        term: &NamedNode,
        as_object: bool,
    ) -> Option<Finding> {
        let mut bindings = Bindings::new()
            .term("subject", triple.subject.clone())
            .term("predicate", triple.predicate.clone())
            .term("term", term.clone());
        if as_object {
            bindings = bindings.term("object", term.clone());
        }
        if let Some(suggestion) = self.context.suggest(term.as_str()) {
            bindings = bindings.term("suggestion", NamedNode::new_unchecked(suggestion));
        }
        if let Some(title) = vocabulary_title(term.as_str()) {
            bindings = bindings.text("vocabularyText", title);
        }
        finding(spec, rule, severity, &bindings, prefixes)
    }

    /// `dangling-reference`: IRI objects of the spec's own namespaces that
    /// nothing describes, here or in an imported spec, outside document links
    /// and `owl:oneOf` enumerations.
    fn dangling_references(
        &self,
        spec: &Spec,
        rule: &Rule,
        severity: Severity,
        prefixes: &Prefixes,
    ) -> Vec<Finding> {
        let candidates: Vec<&Triple> = self
            .triples
            .iter()
            .filter(|t| match &t.object {
                Term::NamedNode(object) => {
                    let iri = object.as_str();
                    !self.described.contains(iri)
                        && self.context.is_own(iri)
                        && !self.context.described_by_import(iri)
                        && !DOCUMENT_LINKS.contains(&t.predicate.as_str())
                }
                _ => false,
            })
            .collect();
        if candidates.is_empty() {
            return Vec::new();
        }
        let enumerated = self.enumeration_members();
        let mut seen: FxHashSet<&Triple> = FxHashSet::default();
        candidates
            .into_iter()
            .filter(|t| !enumerated.contains(&&t.object) && seen.insert(*t))
            .filter_map(|triple| {
                let Term::NamedNode(object) = &triple.object else {
                    return None;
                };
                let mut bindings = Bindings::new()
                    .term("subject", triple.subject.clone())
                    .term("predicate", triple.predicate.clone())
                    .term("object", object.clone());
                if let Some(suggestion) = self.context.suggest(object.as_str()) {
                    bindings = bindings.term("suggestion", NamedNode::new_unchecked(suggestion));
                }
                if let Some(names) = self.context.imported_from(object.as_str()) {
                    bindings = bindings.text("importsText", &names);
                }
                finding(spec, rule, severity, &bindings, prefixes)
            })
            .collect()
    }

    /// `?enumeration owl:oneOf/rdf:rest*/rdf:first ?member`: the members of
    /// every `owl:oneOf` list of the spec.
    fn enumeration_members(&self) -> FxHashSet<&'s Term> {
        let one_of = format!("{OWL}oneOf");
        let rest = format!("{RDF}rest");
        let first = format!("{RDF}first");
        let mut heads: Vec<&Term> = Vec::new();
        let mut rests: FxHashMap<&NamedOrBlankNode, Vec<&Term>> = FxHashMap::default();
        let mut firsts: FxHashMap<&NamedOrBlankNode, Vec<&Term>> = FxHashMap::default();
        for triple in self.triples {
            let predicate = triple.predicate.as_str();
            if predicate == one_of {
                heads.push(&triple.object);
            } else if predicate == rest {
                rests
                    .entry(&triple.subject)
                    .or_default()
                    .push(&triple.object);
            } else if predicate == first {
                firsts
                    .entry(&triple.subject)
                    .or_default()
                    .push(&triple.object);
            }
        }
        let mut members = FxHashSet::default();
        if heads.is_empty() {
            return members;
        }
        // rdf:rest* from each head, the head included; each node once.
        let mut visited: FxHashSet<NamedOrBlankNode> = FxHashSet::default();
        let mut todo: Vec<NamedOrBlankNode> = heads.into_iter().filter_map(as_subject).collect();
        while let Some(node) = todo.pop() {
            if !visited.insert(node.clone()) {
                continue;
            }
            if let Some(values) = firsts.get(&node) {
                members.extend(values.iter().copied());
            }
            if let Some(next) = rests.get(&node) {
                todo.extend(next.iter().copied().filter_map(as_subject));
            }
        }
        members
    }

    /// `literal-names-resource`: a string that is the label (`rdfs:label`,
    /// `sg:title`) of an own resource, else the local name of one
    /// (`sg:resourceNamed`), written where a link belongs.
    fn literal_names(
        &self,
        spec: &Spec,
        rule: &Rule,
        severity: Severity,
        prefixes: &Prefixes,
    ) -> Vec<Finding> {
        let label = format!("{RDFS}label");
        let title = format!("{}title", vocabulary::NAMESPACE);
        let rdf_first = format!("{RDF}first");
        // ?labelled rdfs:label|sg:title ?object, ?labelled an own IRI.
        let mut labelled: FxHashMap<&Literal, Vec<&NamedNode>> = FxHashMap::default();
        for triple in self.triples {
            let predicate = triple.predicate.as_str();
            if predicate != label && predicate != title {
                continue;
            }
            if let (NamedOrBlankNode::NamedNode(subject), Term::Literal(text)) =
                (&triple.subject, &triple.object)
            {
                if self.context.is_own(subject.as_str()) {
                    let entry = labelled.entry(text).or_default();
                    if !entry.contains(&subject) {
                        entry.push(subject);
                    }
                }
            }
        }
        let mut properties: FxHashMap<&str, bool> = FxHashMap::default();
        let mut seen: FxHashSet<(&Triple, &str)> = FxHashSet::default();
        let mut findings = Vec::new();
        for triple in self.triples {
            let Term::Literal(text) = &triple.object else {
                continue;
            };
            let datatype = text.datatype().as_str();
            if datatype != XSD_STRING && datatype != RDF_LANG_STRING {
                continue;
            }
            let predicate = triple.predicate.as_str();
            let checked = *properties.entry(predicate).or_insert_with(|| {
                !TEXT_PROPERTIES.contains(&predicate)
                    && !vocabulary::datatype_properties().contains(predicate)
                    && (predicate == rdf_first
                        || !SHARED_PROPERTY_NAMESPACES
                            .iter()
                            .any(|ns| predicate.starts_with(ns)))
            });
            if !checked {
                continue;
            }
            // The labelled resources when there are any (the OPTIONAL), else
            // the resource of that local name (the COALESCE); never the
            // subject itself.
            let resources: Vec<&str> = match labelled.get(text) {
                Some(resources) => resources.iter().map(|r| r.as_str()).collect(),
                None => self
                    .context
                    .resource_named(text.value())
                    .into_iter()
                    .collect(),
            };
            for resource in resources {
                let is_subject = matches!(&triple.subject,
                    NamedOrBlankNode::NamedNode(s) if s.as_str() == resource);
                if is_subject || !seen.insert((triple, resource)) {
                    continue;
                }
                let bindings = Bindings::new()
                    .term("subject", triple.subject.clone())
                    .term("predicate", triple.predicate.clone())
                    .term("object", triple.object.clone())
                    .term("resource", NamedNode::new_unchecked(resource));
                findings.extend(finding(spec, rule, severity, &bindings, prefixes));
            }
        }
        findings
    }
}

/// `sg:vocabularyTitle`: "RDF Schema", "the specgraph vocabulary", …
pub fn vocabulary_title(iri: &str) -> Option<&'static str> {
    match crate::well_known::vocabulary_of(iri) {
        Some(vocabulary) => Some(vocabulary.title),
        None if iri.starts_with(vocabulary::NAMESPACE) => Some("the specgraph vocabulary"),
        None => None,
    }
}

fn as_subject(term: &Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        _ => None,
    }
}

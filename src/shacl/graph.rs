//! An indexed, read-only set of triples for validation: SHACL walks a graph
//! node by node (objects of a subject, subjects of an object, lists, class
//! membership), which hash indexes answer directly.

use oxigraph::model::{NamedNode, NamedOrBlankNode, Term, Triple};
use std::collections::{HashMap, HashSet};

pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const SH: &str = "http://www.w3.org/ns/shacl#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

pub fn iri(namespace: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{namespace}{local}"))
}

pub fn sh(local: &str) -> NamedNode {
    iri(SH, local)
}

pub fn subject_term(s: &NamedOrBlankNode) -> Term {
    match s {
        NamedOrBlankNode::NamedNode(n) => Term::NamedNode(n.clone()),
        NamedOrBlankNode::BlankNode(b) => Term::BlankNode(b.clone()),
    }
}

#[derive(Default)]
pub struct Graph {
    triples: Vec<Triple>,
    by_subject: HashMap<Term, Vec<usize>>,
    by_object: HashMap<Term, Vec<usize>>,
    by_predicate: HashMap<NamedNode, Vec<usize>>,
}

impl Graph {
    pub fn new(triples: Vec<Triple>) -> Self {
        let mut graph = Self::default();
        let mut seen = HashSet::new();
        for triple in triples {
            if !seen.insert(triple.clone()) {
                continue;
            }
            let index = graph.triples.len();
            graph
                .by_subject
                .entry(subject_term(&triple.subject))
                .or_default()
                .push(index);
            graph
                .by_object
                .entry(triple.object.clone())
                .or_default()
                .push(index);
            graph
                .by_predicate
                .entry(triple.predicate.clone())
                .or_default()
                .push(index);
            graph.triples.push(triple);
        }
        graph
    }

    pub fn triples(&self) -> &[Triple] {
        &self.triples
    }

    /// Objects of `subject`'s `predicate`, in file order.
    pub fn objects<'a>(
        &'a self,
        subject: &Term,
        predicate: &NamedNode,
    ) -> impl Iterator<Item = &'a Term> + 'a {
        let predicate = predicate.clone();
        self.by_subject
            .get(subject)
            .into_iter()
            .flatten()
            .map(|&i| &self.triples[i])
            .filter(move |t| t.predicate == predicate)
            .map(|t| &t.object)
    }

    pub fn object(&self, subject: &Term, predicate: &NamedNode) -> Option<&Term> {
        self.objects(subject, predicate).next()
    }

    /// Subjects with `predicate` `object`.
    pub fn subjects<'a>(
        &'a self,
        predicate: &NamedNode,
        object: &Term,
    ) -> impl Iterator<Item = Term> + 'a {
        let predicate = predicate.clone();
        self.by_object
            .get(object)
            .into_iter()
            .flatten()
            .map(|&i| &self.triples[i])
            .filter(move |t| t.predicate == predicate)
            .map(|t| subject_term(&t.subject))
    }

    /// Every (predicate, object) of `subject`.
    pub fn outgoing<'a>(
        &'a self,
        subject: &Term,
    ) -> impl Iterator<Item = (&'a NamedNode, &'a Term)> + 'a {
        self.by_subject
            .get(subject)
            .into_iter()
            .flatten()
            .map(|&i| (&self.triples[i].predicate, &self.triples[i].object))
    }

    /// Every triple with `predicate`.
    pub fn with_predicate<'a>(
        &'a self,
        predicate: &NamedNode,
    ) -> impl Iterator<Item = &'a Triple> + 'a {
        self.by_predicate
            .get(predicate)
            .into_iter()
            .flatten()
            .map(|&i| &self.triples[i])
    }

    pub fn has(&self, subject: &Term, predicate: &NamedNode, object: &Term) -> bool {
        self.objects(subject, predicate).any(|o| o == object)
    }

    /// The members of an RDF list (`rdf:first`/`rdf:rest`), or `None` when it is not one.
    pub fn list(&self, head: &Term) -> Option<Vec<Term>> {
        let first = iri(RDF, "first");
        let rest = iri(RDF, "rest");
        let nil = Term::NamedNode(iri(RDF, "nil"));
        let mut items = Vec::new();
        let mut node = head.clone();
        let mut seen = HashSet::new();
        while node != nil {
            if !seen.insert(node.clone()) {
                return None;
            }
            items.push(self.object(&node, &first)?.clone());
            node = self.object(&node, &rest)?.clone();
        }
        Some(items)
    }

    /// `class` and every class below it by `rdfs:subClassOf`.
    pub fn subclasses(&self, class: &Term) -> HashSet<Term> {
        let sub_class_of = iri(RDFS, "subClassOf");
        let mut found = HashSet::new();
        let mut stack = vec![class.clone()];
        while let Some(c) = stack.pop() {
            if found.insert(c.clone()) {
                stack.extend(self.subjects(&sub_class_of, &c));
            }
        }
        found
    }

    /// Whether `node` is a SHACL instance of `class` (`rdf:type/rdfs:subClassOf*`).
    pub fn is_instance(&self, node: &Term, class: &Term) -> bool {
        let rdf_type = iri(RDF, "type");
        let sub_class_of = iri(RDFS, "subClassOf");
        let mut seen = HashSet::new();
        let mut stack: Vec<Term> = self.objects(node, &rdf_type).cloned().collect();
        while let Some(c) = stack.pop() {
            if &c == class {
                return true;
            }
            if seen.insert(c.clone()) {
                stack.extend(self.objects(&c, &sub_class_of).cloned());
            }
        }
        false
    }

    /// SHACL instances of `class`, in a stable order.
    pub fn instances(&self, class: &Term) -> Vec<Term> {
        let rdf_type = iri(RDF, "type");
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for c in self.subclasses(class) {
            for node in self.subjects(&rdf_type, &c) {
                if seen.insert(node.clone()) {
                    out.push(node);
                }
            }
        }
        out.sort_by_key(|t| t.to_string());
        out
    }
}

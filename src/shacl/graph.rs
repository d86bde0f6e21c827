//! An indexed, read-only set of triples for validation: SHACL walks a graph
//! node by node (objects of a subject, subjects of an object, lists, class
//! membership), which hash indexes answer directly.

use crate::literal_key::{AsLiteral, LiteralKey};
use oxigraph::model::{
    NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Term, TermRef, Triple,
    TripleRef,
};
use oxrdf::vocab::rdf;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const SH: &str = "http://www.w3.org/ns/shacl#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
const RDFS_SUB_CLASS_OF: &str = "http://www.w3.org/2000/01/rdf-schema#subClassOf";

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

/// Terms are stored once and triples as three term numbers: validation reads
/// the graph many times over, and a million triples must fit comfortably.
#[derive(Default, Clone)]
pub struct Graph {
    terms: Vec<Term>,
    /// IRIs by their text, so that looking one up never builds a term.
    iris: HashMap<String, u32>,
    /// Blank nodes by their label: looked up without building a term (a
    /// blank node is met again in every triple that mentions it).
    blanks: HashMap<String, u32>,
    /// Literals, found from a `LiteralRef` without building a `Literal`.
    literals: HashMap<LiteralKey, u32>,
    triples: Vec<[u32; 3]>,
    /// The triples added, to leave out a repeat.
    seen: HashSet<[u32; 3]>,
    /// The triples of each term, built on the first read after an insert.
    index: OnceLock<Index>,
}

/// Positions in `triples` by subject, object and predicate, each list in
/// insertion order. Term numbers are dense, so each is one array of
/// positions grouped by term and the start of each term's group, built by
/// counting. A hash map of vectors per term cost three lookups and a push
/// per triple: indexing 100 specs of 8,050 triples (`from_refs`) went from
/// 0.97 G to 0.70 G instructions (callgrind; `spec check` 15.3 G).
#[derive(Clone, Default)]
struct Index {
    by_subject: Lists,
    by_object: Lists,
    by_predicate: Lists,
}

#[derive(Clone, Default)]
struct Lists {
    /// `start[t]..start[t + 1]`: where term `t`'s positions are in `items`.
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Lists {
    /// The positions of `triples` grouped by the term at `part`.
    fn new(triples: &[[u32; 3]], part: usize, terms: usize) -> Self {
        let positions: Vec<u32> = (0..triples.len() as u32).collect();
        let groups = crate::counting::group(&positions, terms, |&i| triples[i as usize][part]);
        Self {
            start: groups.start,
            items: groups.order,
        }
    }

    fn get(&self, term: u32) -> &[u32] {
        let term = term as usize;
        match (self.start.get(term), self.start.get(term + 1)) {
            (Some(&from), Some(&to)) => &self.items[from as usize..to as usize],
            _ => &[],
        }
    }

    /// The terms with at least one position.
    fn keys(&self) -> impl Iterator<Item = u32> + '_ {
        self.start
            .windows(2)
            .enumerate()
            .filter(|(_, w)| w[0] < w[1])
            .map(|(t, _)| t as u32)
    }
}

impl Graph {
    pub fn new(triples: Vec<Triple>) -> Self {
        let mut graph = Self::default();
        for triple in triples {
            graph.insert(triple);
        }
        graph
    }

    /// Indexes borrowed triples, copying each distinct term once.
    pub fn from_refs<'t>(triples: impl IntoIterator<Item = TripleRef<'t>>) -> Self {
        let triples = triples.into_iter();
        let mut graph = Self::default();
        let (expected, _) = triples.size_hint();
        graph.triples.reserve(expected);
        graph.seen.reserve(expected);
        // Reserved as the dataset's dictionary is (`SpecStore::new`, which
        // gives the measured shares of distinct IRIs and literals).
        graph.iris.reserve(expected / 5);
        graph.literals.reserve(expected / 3);
        // A subject's statements come together in Turtle: the last subject
        // is compared before hashing it again.
        let mut last: Option<(NamedOrBlankNodeRef<'t>, u32)> = None;
        for triple in triples {
            let s = match last {
                Some((subject, id)) if subject == triple.subject => id,
                _ => graph.intern_subject(triple.subject),
            };
            last = Some((triple.subject, s));
            graph.insert_ids(s, triple);
        }
        graph
    }

    /// Adds a triple (a repeated one is ignored).
    pub fn insert(&mut self, triple: Triple) {
        self.insert_ref(triple.as_ref());
    }

    /// Adds a borrowed triple (a repeated one is ignored).
    pub fn insert_ref(&mut self, triple: TripleRef<'_>) {
        let s = self.intern_subject(triple.subject);
        self.insert_ids(s, triple);
    }

    /// Adds `triple`, whose subject is term `s` already.
    fn insert_ids(&mut self, s: u32, triple: TripleRef<'_>) {
        let p = self.intern_named(triple.predicate);
        let o = self.intern(triple.object);
        if self.seen.insert([s, p, o]) {
            self.triples.push([s, p, o]);
            self.index.take();
        }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let terms = self.terms.len();
            Index {
                by_subject: Lists::new(&self.triples, 0, terms),
                by_object: Lists::new(&self.triples, 2, terms),
                by_predicate: Lists::new(&self.triples, 1, terms),
            }
        })
    }

    /// The positions of the triples whose subject is `id`, in insertion order.
    fn by_subject(&self, id: u32) -> &[u32] {
        self.index().by_subject.get(id)
    }

    fn by_object(&self, id: u32) -> &[u32] {
        self.index().by_object.get(id)
    }

    fn by_predicate(&self, id: u32) -> &[u32] {
        self.index().by_predicate.get(id)
    }

    fn intern(&mut self, term: TermRef<'_>) -> u32 {
        match term {
            TermRef::NamedNode(n) => self.intern_named(n),
            TermRef::BlankNode(b) => {
                if let Some(&id) = self.blanks.get(b.as_str()) {
                    return id;
                }
                let id = self.terms.len() as u32;
                self.terms.push(Term::BlankNode(b.into_owned()));
                self.blanks.insert(b.as_str().to_owned(), id);
                id
            }
            TermRef::Literal(l) => {
                if let Some(&id) = self.literals.get(&l as &dyn AsLiteral) {
                    return id;
                }
                let id = self.terms.len() as u32;
                let literal = l.into_owned();
                self.terms.push(Term::Literal(literal.clone()));
                self.literals.insert(LiteralKey(literal), id);
                id
            }
        }
    }

    fn intern_named(&mut self, node: NamedNodeRef<'_>) -> u32 {
        if let Some(&id) = self.iris.get(node.as_str()) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push(Term::NamedNode(node.into_owned()));
        self.iris.insert(node.as_str().to_owned(), id);
        id
    }

    fn intern_subject(&mut self, subject: NamedOrBlankNodeRef<'_>) -> u32 {
        match subject {
            NamedOrBlankNodeRef::NamedNode(n) => self.intern_named(n),
            NamedOrBlankNodeRef::BlankNode(b) => self.intern(b.into()),
        }
    }

    fn id(&self, term: &Term) -> Option<u32> {
        if let Some(id) = self.position(term) {
            return Some(id);
        }
        match term {
            Term::NamedNode(n) => self.iris.get(n.as_str()).copied(),
            Term::BlankNode(b) => self.blanks.get(b.as_str()).copied(),
            Term::Literal(l) => self.literals.get(&l.as_ref() as &dyn AsLiteral).copied(),
        }
    }

    /// The id of a term borrowed from this graph, from its address: focus
    /// nodes and value nodes are, and finding each by hashing its text again
    /// was a fifth of walking a spec's properties (callgrind, 100 specs).
    /// `None` for a term that lives anywhere else.
    fn position(&self, term: &Term) -> Option<u32> {
        let size = std::mem::size_of::<Term>();
        let offset = (term as *const Term as usize).checked_sub(self.terms.as_ptr() as usize)?;
        let index = offset / size;
        (offset % size == 0 && index < self.terms.len()).then_some(index as u32)
    }

    fn predicate_id(&self, predicate: &NamedNode) -> Option<u32> {
        self.iris.get(predicate.as_str()).copied()
    }

    fn named(&self, id: u32) -> &NamedNode {
        match &self.terms[id as usize] {
            Term::NamedNode(n) => n,
            _ => unreachable!("predicates are IRIs"),
        }
    }

    /// Every triple, rebuilt (for handing the graph to a SPARQL store).
    pub fn triples(&self) -> impl Iterator<Item = Triple> + '_ {
        self.triples.iter().map(|&[s, p, o]| {
            let subject = match &self.terms[s as usize] {
                Term::NamedNode(n) => NamedOrBlankNode::NamedNode(n.clone()),
                Term::BlankNode(b) => NamedOrBlankNode::BlankNode(b.clone()),
                _ => unreachable!("subjects are IRIs or blank nodes"),
            };
            Triple::new(
                subject,
                self.named(p).clone(),
                self.terms[o as usize].clone(),
            )
        })
    }

    /// Every term that is a subject or an object.
    pub fn nodes(&self) -> impl Iterator<Item = &Term> + '_ {
        let index = self.index();
        index
            .by_subject
            .keys()
            .chain(index.by_object.keys())
            .map(|id| &self.terms[id as usize])
    }

    /// Objects of `subject`'s `predicate`, in file order.
    pub fn objects<'a>(
        &'a self,
        subject: &Term,
        predicate: &NamedNode,
    ) -> impl Iterator<Item = &'a Term> + 'a {
        let p = self.predicate_id(predicate);
        self.id(subject)
            .map(|s| self.by_subject(s))
            .into_iter()
            .flatten()
            .map(|&i| self.triples[i as usize])
            .filter(move |t| Some(t[1]) == p)
            .map(|t| &self.terms[t[2] as usize])
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
        let p = self.predicate_id(predicate);
        self.id(object)
            .map(|o| self.by_object(o))
            .into_iter()
            .flatten()
            .map(|&i| self.triples[i as usize])
            .filter(move |t| Some(t[1]) == p)
            .map(|t| self.terms[t[0] as usize].clone())
    }

    /// Every (predicate, object) of `subject`.
    pub fn outgoing<'a>(
        &'a self,
        subject: &Term,
    ) -> impl Iterator<Item = (&'a NamedNode, &'a Term)> + 'a {
        self.id(subject)
            .map(|s| self.by_subject(s))
            .into_iter()
            .flatten()
            .map(|&i| {
                let [_, p, o] = self.triples[i as usize];
                (self.named(p), &self.terms[o as usize])
            })
    }

    /// Every (subject, object) linked by `predicate`.
    pub fn with_predicate<'a>(
        &'a self,
        predicate: &NamedNode,
    ) -> impl Iterator<Item = (&'a Term, &'a Term)> + 'a {
        self.predicate_id(predicate)
            .map(|p| self.by_predicate(p))
            .into_iter()
            .flatten()
            .map(|&i| {
                let [s, _, o] = self.triples[i as usize];
                (&self.terms[s as usize], &self.terms[o as usize])
            })
    }

    /// The distinct subjects (`subjects`) or objects of `predicate`'s triples, in file order.
    pub fn ends_of(&self, predicate: &NamedNode, subjects: bool) -> Vec<&Term> {
        // Terms are stored once, so one address is one term.
        let mut seen = HashSet::default();
        self.with_predicate(predicate)
            .map(|(s, o)| if subjects { s } else { o })
            .filter(|term| seen.insert(std::ptr::from_ref(*term)))
            .collect()
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
        let mut seen = HashSet::default();
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
        let mut found = HashSet::default();
        let mut stack = vec![class.clone()];
        while let Some(c) = stack.pop() {
            if found.insert(c.clone()) {
                stack.extend(self.subjects(&sub_class_of, &c));
            }
        }
        found
    }

    /// Objects of `subject`'s `predicate`, as term numbers.
    fn object_ids(&self, subject: u32, predicate: u32) -> impl Iterator<Item = u32> + '_ {
        self.by_subject(subject)
            .iter()
            .map(|&i| self.triples[i as usize])
            .filter(move |t| t[1] == predicate)
            .map(|t| t[2])
    }

    /// Whether `node` is a SHACL instance of `class` (`rdf:type/rdfs:subClassOf*`).
    pub fn is_instance(&self, node: &Term, class: &Term) -> bool {
        let (Some(node), Some(class), Some(&rdf_type)) = (
            self.id(node),
            self.id(class),
            self.iris.get(rdf::TYPE.as_str()),
        ) else {
            return false;
        };
        // Most nodes are typed directly; walk superclasses only when there are any.
        if self.object_ids(node, rdf_type).any(|c| c == class) {
            return true;
        }
        let Some(&sub_class_of) = self.iris.get(RDFS_SUB_CLASS_OF) else {
            return false;
        };
        let mut seen = HashSet::default();
        let mut stack: Vec<u32> = self.object_ids(node, rdf_type).collect();
        while let Some(c) = stack.pop() {
            if c == class {
                return true;
            }
            if seen.insert(c) {
                stack.extend(self.object_ids(c, sub_class_of));
            }
        }
        false
    }

    /// SHACL instances of `class`, in the order they first appear in the data.
    pub fn instances(&self, class: &Term) -> Vec<&Term> {
        let Some(&rdf_type) = self.iris.get(rdf::TYPE.as_str()) else {
            return Vec::new();
        };
        let mut ids: Vec<u32> = Vec::new();
        let mut seen = HashSet::default();
        for c in self.subclasses(class) {
            let Some(c) = self.id(&c) else { continue };
            for &i in self.by_object(c) {
                let [s, p, _] = self.triples[i as usize];
                if p == rdf_type && seen.insert(s) {
                    ids.push(s);
                }
            }
        }
        // Term numbers follow the data's order, which is deterministic.
        ids.sort_unstable();
        ids.into_iter().map(|id| &self.terms[id as usize]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::Literal;

    #[test]
    fn finds_a_term_borrowed_from_the_graph_and_an_equal_one_from_elsewhere() {
        let e = |local| iri("http://e/", local);
        let p = e("p");
        let graph = Graph::new(vec![
            Triple::new(e("a"), p.clone(), e("b")),
            Triple::new(e("b"), p.clone(), Literal::new_simple_literal("one")),
            Triple::new(e("b"), p.clone(), e("c")),
        ]);
        // `b` as the graph holds it (found from its address) and a copy of
        // it (found by its text) have the same values.
        let borrowed: &Term = graph.objects(&e("a").into(), &p).next().unwrap();
        let copy = Term::from(e("b"));
        assert_eq!(borrowed, &copy);
        let from_borrowed: Vec<&Term> = graph.objects(borrowed, &p).collect();
        let from_copy: Vec<&Term> = graph.objects(&copy, &p).collect();
        assert_eq!(from_borrowed, from_copy);
        assert_eq!(from_copy.len(), 2);
        // A borrowed literal and an IRI the graph lacks: no values.
        assert_eq!(graph.objects(from_copy[0], &p).count(), 0);
        assert_eq!(graph.objects(&e("z").into(), &p).count(), 0);
    }
}

//! A spec's RDF dataset for SPARQL: its triples as the default graph, the
//! computed facts as `<https://w3id.org/specgraph/computed>`, the vocabulary's
//! axioms as `<https://w3id.org/specgraph>`. oxigraph's evaluator (spareval)
//! answers the queries; this module only finds the quads that match a pattern.
//!
//! It replaces an oxigraph in-memory `Store` per spec. Filling that store was
//! about a quarter of the CPU of `spec check` on 1,000 specs (`perf`: term
//! hashing, `StrHash`, DashMap inserts, its indexes and the kernel
//! zeroing their fresh pages); this dataset interns each term once into a
//! `u32` and keeps three sorted orders of the triples, and the vocabulary's
//! 252 axioms are interned once per process and shared by every spec.
//!
//! Literals are stored as oxigraph's store keeps them, so that queries answer
//! as they did on it: a literal of a datatype oxigraph stores by value
//! (numbers, booleans, dates and times, durations) is kept in its canonical
//! form (`"01"^^xsd:int` is `"1"^^xsd:integer`); see [`canonical`].

use crate::counting::group;
use crate::literal_key::{AsLiteral, LiteralKey};
use oxigraph::model::{
    BlankNode, GraphName, Literal, LiteralRef, NamedNode, NamedNodeRef, NamedOrBlankNode,
    NamedOrBlankNodeRef, Quad, Term, TermRef, Triple,
};
use rustc_hash::FxHashMap as HashMap;
use spareval::{InternalQuad, QueryableDataset};
use std::cell::RefCell;
use std::convert::Infallible;
use std::sync::{Arc, LazyLock, OnceLock};

/// Terms and their ids; ids start at `offset`, after those of the
/// dictionaries looked up before this one.
#[derive(Debug, Default)]
struct Dictionary {
    offset: u32,
    terms: Vec<Term>,
    // By kind, so that a lookup borrows (`&str`, `&Literal`) and clones only
    // a term seen for the first time.
    iris: HashMap<Box<str>, u32>,
    blanks: HashMap<Box<str>, u32>,
    literals: HashMap<LiteralKey, u32>,
}

impl Dictionary {
    fn new(offset: u32) -> Self {
        Self {
            offset,
            ..Self::default()
        }
    }

    fn end(&self) -> u32 {
        self.offset + self.terms.len() as u32
    }

    fn get_iri(&self, iri: &str) -> Option<u32> {
        self.iris.get(iri).copied()
    }

    fn get(&self, term: &Term) -> Option<u32> {
        self.get_ref(term.as_ref())
    }

    fn get_ref(&self, term: TermRef<'_>) -> Option<u32> {
        match term {
            TermRef::NamedNode(n) => self.iris.get(n.as_str()).copied(),
            TermRef::BlankNode(b) => self.blanks.get(b.as_str()).copied(),
            TermRef::Literal(l) => self.get_literal(l),
        }
    }

    fn get_literal(&self, literal: LiteralRef<'_>) -> Option<u32> {
        self.literals.get(&literal as &dyn AsLiteral).copied()
    }

    fn term(&self, id: u32) -> Option<&Term> {
        self.terms.get(id.checked_sub(self.offset)? as usize)
    }

    /// Adds `term` (not yet in any dictionary) and returns its id.
    fn add(&mut self, term: Term) -> u32 {
        let id = self.end();
        match &term {
            Term::NamedNode(n) => self.iris.insert(n.as_str().into(), id),
            Term::BlankNode(b) => self.blanks.insert(b.as_str().into(), id),
            Term::Literal(l) => self.literals.insert(LiteralKey(l.clone()), id),
        };
        self.terms.push(term);
        id
    }
}

/// Triples of one graph, in three sorted orders: subject-predicate-object
/// (the triples themselves, without duplicates), predicate-object-subject and
/// object-subject-predicate (positions in the first). The last is built on
/// first use: only a pattern with nothing but its object known needs it, and
/// the built-in rules and conditions have none.
#[derive(Debug, Default)]
struct Segment {
    spo: Vec<[u32; 3]>,
    pos: Vec<u32>,
    osp: OnceLock<Vec<u32>>,
}

impl Segment {
    fn new(mut spo: Vec<[u32; 3]>) -> Self {
        sort_triples(&mut spo);
        spo.dedup();
        // By object, then predicate: within a predicate and object, by subject.
        let pos = order(&spo, |[s, p, o]| [p, o, s], &[2, 1]);
        Self {
            spo,
            pos,
            osp: OnceLock::new(),
        }
    }

    fn osp(&self) -> &[u32] {
        self.osp
            .get_or_init(|| order(&self.spo, |[s, p, o]| [o, s, p], &[2]))
    }

    fn len(&self) -> usize {
        self.spo.len()
    }

    /// The triples that match a pattern (`None`: any term).
    fn matching(
        &self,
        s: Option<u32>,
        p: Option<u32>,
        o: Option<u32>,
    ) -> Box<dyn Iterator<Item = [u32; 3]> + '_> {
        let spo = &self.spo;
        match (s, p, o) {
            (Some(s), p, o) => {
                // The subject's triples, narrowed by the predicate when known.
                let key: &[u32] = match (p, o) {
                    (Some(p), Some(o)) => &[s, p, o],
                    (Some(p), None) => &[s, p],
                    _ => &[s],
                };
                let range = range(spo.len(), |i| &spo[i][..key.len()], key);
                Box::new(
                    spo[range]
                        .iter()
                        .copied()
                        .filter(move |t| o.is_none_or(|o| t[2] == o)),
                )
            }
            (None, Some(p), o) => {
                let key: &[u32] = match o {
                    Some(o) => &[p, o],
                    None => &[p],
                };
                let at = |i: usize| {
                    let [s, p, o] = spo[self.pos[i] as usize];
                    [p, o, s]
                };
                let range = range(self.pos.len(), at, key);
                Box::new(self.pos[range].iter().map(move |&i| spo[i as usize]))
            }
            (None, None, Some(o)) => {
                let osp = self.osp();
                let range = range(osp.len(), |i| [spo[osp[i] as usize][2]], &[o]);
                Box::new(osp[range].iter().map(move |&i| spo[i as usize]))
            }
            (None, None, None) => Box::new(spo.iter().copied()),
        }
    }
}

/// Sorts triples by subject, predicate and object.
///
/// Term ids are dense (a spec's terms are numbered from 0 up), so three
/// stable counting passes, least significant part first, sort them in
/// linear time. Sorting these orders by comparison was 3.5% of `spec
/// check`'s instructions on 100 specs of 8,050 triples (callgrind: 548 M of
/// 15.6 G); by counting, the check is 0.33 G shorter. Few triples over a
/// wide range of ids (the computed facts of a small spec) sort by comparison.
fn sort_triples(spo: &mut Vec<[u32; 3]>) {
    let Some(bound) = counting_bound(spo) else {
        spo.sort_unstable();
        return;
    };
    let by_object = group(spo, bound, |t| t[2]).order;
    let by_predicate = group(&by_object, bound, |t| t[1]).order;
    *spo = group(&by_predicate, bound, |t| t[0]).order;
}

/// The positions of `spo` (sorted by subject, predicate, object) sorted by
/// the key `key` makes of each triple. With dense ids they are the subject
/// order made stable by counting passes over `passes` (parts of a triple,
/// least significant first, those the subject order already gives left
/// out), in linear time as in [`sort_triples`].
fn order(spo: &[[u32; 3]], key: impl Fn([u32; 3]) -> [u32; 3], passes: &[usize]) -> Vec<u32> {
    let Some(bound) = counting_bound(spo) else {
        let mut keyed: Vec<([u32; 3], u32)> = spo
            .iter()
            .enumerate()
            .map(|(i, &t)| (key(t), i as u32))
            .collect();
        keyed.sort_unstable();
        return keyed.into_iter().map(|(_, i)| i).collect();
    };
    let mut sorted: Vec<u32> = (0..spo.len() as u32).collect();
    for &part in passes {
        sorted = group(&sorted, bound, |&i| spo[i as usize][part]).order;
    }
    sorted
}

/// One more than the largest id of `spo`, when a counting sort over ids
/// that large pays (the ids are not spread far wider than the triples).
fn counting_bound(spo: &[[u32; 3]]) -> Option<usize> {
    let largest = spo.iter().flatten().copied().max()? as usize;
    (spo.len() >= 64 && largest < spo.len().saturating_mul(8)).then_some(largest + 1)
}

/// The positions `0..len` whose key (its first `key.len()` parts) equals
/// `key`, the keys being sorted.
fn range<K: AsRef<[u32]>>(
    len: usize,
    at: impl Fn(usize) -> K,
    key: &[u32],
) -> std::ops::Range<usize> {
    let prefix = |i: usize| {
        let k = at(i);
        let k = k.as_ref();
        k[..key.len()].cmp(key)
    };
    let start = partition_point(len, |i| prefix(i).is_lt());
    let end = start + partition_point(len - start, |i| prefix(start + i).is_le());
    start..end
}

fn partition_point(len: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut low, mut high) = (0, len);
    while low < high {
        let mid = low + (high - low) / 2;
        if pred(mid) {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    low
}

/// A graph's terms and triples. The dictionary holds the terms that are not
/// in the dictionaries before it.
#[derive(Debug, Default)]
struct Part {
    dictionary: Dictionary,
    triples: Segment,
}

/// The vocabulary's axioms, interned once per process: their ids come first.
struct Vocabulary {
    part: Part,
    graph: u32,
    computed_graph: u32,
}

fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
        let mut dictionary = Dictionary::new(0);
        // As in `Computed::id`: a term found as it is is canonical.
        let id = |term: TermRef<'_>, dictionary: &mut Dictionary| {
            dictionary.get_ref(term).unwrap_or_else(|| {
                let term = canonical(term.into_owned());
                dictionary
                    .get(&term)
                    .unwrap_or_else(|| dictionary.add(term))
            })
        };
        let graph = id(
            NamedNodeRef::new_unchecked(crate::vocabulary::GRAPH).into(),
            &mut dictionary,
        );
        let computed_graph = id(
            NamedNodeRef::new_unchecked(crate::model::computed::GRAPH).into(),
            &mut dictionary,
        );
        let triples = crate::vocabulary::axioms()
            .iter()
            .map(|t| {
                [
                    id(t.subject.into(), &mut dictionary),
                    id(t.predicate.into(), &mut dictionary),
                    id(t.object, &mut dictionary),
                ]
            })
            .collect();
        Vocabulary {
            part: Part {
                dictionary,
                triples: Segment::new(triples),
            },
            graph,
            computed_graph,
        }
    });
    &VOCABULARY
}

/// A spec's dataset. Clones share it; the computed facts are added once,
/// after the model is computed, and every clone sees them.
#[derive(Clone)]
pub struct SpecStore {
    data: Arc<Part>,
    computed: Arc<OnceLock<Part>>,
}

impl std::fmt::Debug for SpecStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpecStore")
            .field("triples", &self.data.triples.len())
            .field(
                "computed",
                &self.computed.get().map_or(0, |c| c.triples.len()),
            )
            .finish()
    }
}

impl SpecStore {
    /// A dataset of `triples` (duplicates count once).
    pub fn new(triples: &[Triple]) -> Self {
        let vocabulary = &vocabulary().part.dictionary;
        let mut dictionary = Dictionary::new(vocabulary.end());
        // A generated spec of 8,050 triples has 0.18 distinct IRIs and 0.32
        // distinct literals per triple (`spec query` counts): reserved, the
        // maps are not grown and rehashed step by step.
        dictionary.iris.reserve(triples.len() / 5);
        dictionary.literals.reserve(triples.len() / 3);
        let mut last_subject: Option<(&NamedOrBlankNode, u32)> = None;
        let mut spo = Vec::with_capacity(triples.len());
        for triple in triples {
            let s = match last_subject {
                Some((subject, id)) if *subject == triple.subject => id,
                _ => {
                    let id = match &triple.subject {
                        NamedOrBlankNode::NamedNode(n) => iri_id(vocabulary, &mut dictionary, n),
                        NamedOrBlankNode::BlankNode(b) => blank_id(&mut dictionary, b),
                    };
                    last_subject = Some((&triple.subject, id));
                    id
                }
            };
            let p = iri_id(vocabulary, &mut dictionary, &triple.predicate);
            let o = match &triple.object {
                Term::NamedNode(n) => iri_id(vocabulary, &mut dictionary, n),
                Term::BlankNode(b) => blank_id(&mut dictionary, b),
                Term::Literal(l) => literal_id(vocabulary, &mut dictionary, l),
            };
            spo.push([s, p, o]);
        }
        Self {
            data: Arc::new(Part {
                dictionary,
                triples: Segment::new(spo),
            }),
            computed: Arc::default(),
        }
    }

    /// The IRIs that are subjects of the spec's own triples (the default
    /// graph), each once.
    pub fn subject_iris(&self) -> impl Iterator<Item = &str> + '_ {
        let vocabulary = &vocabulary().part.dictionary;
        let data = &*self.data;
        let mut last = None;
        data.triples.spo.iter().filter_map(move |&[s, _, _]| {
            if last.replace(s) == Some(s) {
                return None;
            }
            match data.dictionary.term(s).or_else(|| vocabulary.term(s))? {
                Term::NamedNode(n) => Some(n.as_str()),
                _ => None,
            }
        })
    }

    /// A dataset with no triples.
    pub fn empty() -> Self {
        Self::new(&[])
    }

    /// Adds the computed facts (once: a second call is an error).
    pub fn insert_computed(&self, quads: &[Quad]) -> Result<(), String> {
        let graph = NamedNode::new_unchecked(crate::model::computed::GRAPH);
        let mut computed = self.computed();
        for quad in quads {
            if quad.graph_name != GraphName::NamedNode(graph.clone()) {
                return Err(format!(
                    "a computed fact outside the computed graph: {quad}"
                ));
            }
            computed.add(
                quad.subject.as_ref(),
                quad.predicate.as_ref(),
                quad.object.as_ref(),
            );
        }
        computed.finish()
    }

    /// The computed facts, added one at a time ([`Computed::add`]) and
    /// stored by [`Computed::finish`].
    pub fn computed(&self) -> Computed<'_> {
        Computed {
            store: self,
            dictionary: Dictionary::new(self.data.dictionary.end()),
            triples: Vec::new(),
        }
    }

    /// A view to evaluate one query on (`PreparedSparqlQuery::on_queryable_dataset`).
    pub fn view(&self) -> View<'_> {
        let end = self
            .computed
            .get()
            .map_or(self.data.dictionary.end(), |c| c.dictionary.end());
        View {
            vocabulary: vocabulary(),
            data: &self.data,
            computed: self.computed.get(),
            extra: RefCell::new(Dictionary::new(end)),
        }
    }

    /// Every `(subject, object)` linked by `predicate`, in any graph.
    pub fn pairs(&self, predicate: &NamedNode) -> Vec<(Term, Term)> {
        let view = self.view();
        let Some(p) = view.id(&predicate.clone().into()) else {
            return Vec::new();
        };
        view.graphs(Some(None))
            .into_iter()
            .chain(view.graphs(None))
            .flat_map(|(_, part)| {
                part.matching(None, Some(p), None)
                    .map(|[s, _, o]| (view.term(s), view.term(o)))
            })
            .collect()
    }

    /// How many triples the spec's own graph has.
    pub fn len(&self) -> usize {
        self.data.triples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Which graph a native rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Graph {
    /// The spec's own triples (the default graph).
    Data,
    /// The computed facts (`<https://w3id.org/specgraph/computed>`).
    Computed,
}

/// Read access by id to a spec's dataset, for the rules answered natively
/// (check/native.rs): the patterns their queries match, without the
/// evaluator.
pub struct Reader<'a> {
    view: View<'a>,
}

impl<'a> Reader<'a> {
    /// The id of an IRI, if the dataset has it.
    pub fn iri(&self, iri: &str) -> Option<u32> {
        self.view.dictionaries().find_map(|d| d.get_iri(iri))
    }

    /// The id of a term, if the dataset has it (as oxigraph's store keeps it).
    pub fn id(&self, term: &Term) -> Option<u32> {
        let term = canonical(term.clone());
        self.view.dictionaries().find_map(|d| d.get(&term))
    }

    /// The term of an id.
    pub fn term(&self, id: u32) -> &'a Term {
        self.view
            .dictionaries()
            .find_map(|d| d.term(id))
            .expect("the ids of a reader come from its dataset")
    }

    /// The triples of `graph` that match a pattern (`None`: any term).
    pub fn matching(
        &self,
        graph: Graph,
        s: Option<u32>,
        p: Option<u32>,
        o: Option<u32>,
    ) -> Box<dyn Iterator<Item = [u32; 3]> + 'a> {
        let segment: &'a Segment = match graph {
            Graph::Data => &self.view.data.triples,
            Graph::Computed => match self.view.computed {
                Some(computed) => &computed.triples,
                None => return Box::new(std::iter::empty()),
            },
        };
        segment.matching(s, p, o)
    }

    /// The objects of `s` and `p` in `graph`, in the order a query sees them.
    pub fn objects(&self, graph: Graph, s: u32, p: u32) -> impl Iterator<Item = u32> + 'a {
        self.matching(graph, Some(s), Some(p), None).map(|t| t[2])
    }

    /// Whether `graph` has the triple.
    pub fn has(&self, graph: Graph, s: u32, p: u32, o: u32) -> bool {
        self.matching(graph, Some(s), Some(p), Some(o))
            .next()
            .is_some()
    }
}

impl SpecStore {
    /// Read access by id (check/native.rs).
    pub fn reader(&self) -> Reader<'_> {
        Reader { view: self.view() }
    }
}

fn iri_id(vocabulary: &Dictionary, dictionary: &mut Dictionary, iri: &NamedNode) -> u32 {
    vocabulary
        .get_iri(iri.as_str())
        .or_else(|| dictionary.get_iri(iri.as_str()))
        .unwrap_or_else(|| dictionary.add(iri.clone().into()))
}

fn blank_id(dictionary: &mut Dictionary, blank: &BlankNode) -> u32 {
    match dictionary.blanks.get(blank.as_str()) {
        Some(&id) => id,
        None => dictionary.add(blank.clone().into()),
    }
}

fn literal_id(vocabulary: &Dictionary, dictionary: &mut Dictionary, literal: &Literal) -> u32 {
    let found = |literal: &Literal, dictionary: &Dictionary| {
        vocabulary
            .get_literal(literal.as_ref())
            .or_else(|| dictionary.get_literal(literal.as_ref()))
    };
    // Found as it is, it is canonical (only canonical forms are kept).
    if let Some(id) = found(literal, dictionary) {
        return id;
    }
    if !stored_by_value(literal.datatype().as_str()) {
        return dictionary.add(literal.clone().into());
    }
    let Term::Literal(canonical) = canonical(literal.clone().into()) else {
        unreachable!("a literal stays a literal")
    };
    found(&canonical, dictionary).unwrap_or_else(|| dictionary.add(canonical.into()))
}

/// The computed facts of a spec while they are added ([`SpecStore::computed`]).
pub struct Computed<'a> {
    store: &'a SpecStore,
    dictionary: Dictionary,
    triples: Vec<[u32; 3]>,
}

impl Computed<'_> {
    /// Adds one fact; the terms are copied only when seen for the first time.
    pub fn add(&mut self, s: NamedOrBlankNodeRef<'_>, p: NamedNodeRef<'_>, o: TermRef<'_>) {
        let triple = [self.id(s.into()), self.id(p.into()), self.id(o)];
        self.triples.push(triple);
    }

    fn find(&self, term: TermRef<'_>) -> Option<u32> {
        vocabulary()
            .part
            .dictionary
            .get_ref(term)
            .or_else(|| self.store.data.dictionary.get_ref(term))
            .or_else(|| self.dictionary.get_ref(term))
    }

    fn id(&mut self, term: TermRef<'_>) -> u32 {
        // A term found as it is is canonical (only canonical forms are kept):
        // most computed values repeat, and parsing each again was half the
        // cost of storing the computed facts.
        if let Some(id) = self.find(term) {
            return id;
        }
        let term = canonical(term.into_owned());
        match self.find(term.as_ref()) {
            Some(id) => id,
            None => self.dictionary.add(term),
        }
    }

    /// Stores the facts added (once per spec: a second time is an error).
    pub fn finish(self) -> Result<(), String> {
        self.store
            .computed
            .set(Part {
                dictionary: self.dictionary,
                triples: Segment::new(self.triples),
            })
            .map_err(|_| "the computed facts are already in the store".to_owned())
    }
}

/// The view of a spec's dataset one query runs on: terms the query makes up
/// (constants, computed values) get ids of their own for its duration.
pub struct View<'a> {
    vocabulary: &'a Vocabulary,
    data: &'a Part,
    computed: Option<&'a Part>,
    extra: RefCell<Dictionary>,
}

impl<'a> View<'a> {
    fn dictionaries(&self) -> impl Iterator<Item = &'a Dictionary> {
        [
            Some(&self.vocabulary.part.dictionary),
            Some(&self.data.dictionary),
            self.computed.map(|c| &c.dictionary),
        ]
        .into_iter()
        .flatten()
    }

    fn id(&self, term: &Term) -> Option<u32> {
        self.dictionaries()
            .find_map(|d| d.get(term))
            .or_else(|| self.extra.borrow().get(term))
    }

    fn term(&self, id: u32) -> Term {
        self.dictionaries()
            .find_map(|d| d.term(id).cloned())
            .or_else(|| self.extra.borrow().term(id).cloned())
            .expect("every id of a view names a term")
    }

    /// The named graphs to search, with their names: `None` for every named
    /// graph, `Some(None)` for the default graph.
    fn graphs(&self, graph: Option<Option<u32>>) -> Vec<(Option<u32>, &'a Segment)> {
        let named = [
            self.computed
                .map(|c| (Some(self.vocabulary.computed_graph), &c.triples)),
            Some((Some(self.vocabulary.graph), &self.vocabulary.part.triples)),
        ];
        match graph {
            Some(None) => vec![(None, &self.data.triples)],
            Some(Some(name)) => named
                .into_iter()
                .flatten()
                .filter(|(g, _)| *g == Some(name))
                .collect(),
            None => named.into_iter().flatten().collect(),
        }
    }
}

impl<'a> QueryableDataset<'a> for View<'a> {
    type InternalTerm = u32;
    type Error = Infallible;

    fn internal_quads_for_pattern(
        &self,
        subject: Option<&u32>,
        predicate: Option<&u32>,
        object: Option<&u32>,
        graph_name: Option<Option<&u32>>,
    ) -> impl Iterator<Item = Result<InternalQuad<u32>, Infallible>> + use<'a> {
        let (s, p, o) = (subject.copied(), predicate.copied(), object.copied());
        self.graphs(graph_name.map(|g| g.copied()))
            .into_iter()
            .flat_map(move |(graph_name, segment)| {
                segment.matching(s, p, o).map(move |[s, p, o]| {
                    Ok(InternalQuad {
                        subject: s,
                        predicate: p,
                        object: o,
                        graph_name,
                    })
                })
            })
    }

    fn internal_named_graphs(&self) -> impl Iterator<Item = Result<u32, Infallible>> + use<'a> {
        self.graphs(None)
            .into_iter()
            .filter(|(_, segment)| segment.len() > 0)
            .filter_map(|(g, _)| g.map(Ok))
    }

    fn contains_internal_graph_name(&self, graph_name: &u32) -> Result<bool, Infallible> {
        Ok(self
            .graphs(Some(Some(*graph_name)))
            .iter()
            .any(|(_, segment)| segment.len() > 0))
    }

    fn internalize_term(&self, term: Term) -> Result<u32, Infallible> {
        let term = canonical(term);
        if let Some(id) = self.id(&term) {
            return Ok(id);
        }
        Ok(self.extra.borrow_mut().add(term))
    }

    fn externalize_term(&self, term: u32) -> Result<Term, Infallible> {
        Ok(self.term(term))
    }
}

/// Whether oxigraph's store keeps literals of `datatype` by value.
fn stored_by_value(datatype: &str) -> bool {
    datatype
        .strip_prefix("http://www.w3.org/2001/XMLSchema#")
        .is_some_and(|local| {
            matches!(
                local,
                "boolean"
                    | "float"
                    | "double"
                    | "integer"
                    | "byte"
                    | "short"
                    | "int"
                    | "long"
                    | "unsignedByte"
                    | "unsignedShort"
                    | "unsignedInt"
                    | "unsignedLong"
                    | "positiveInteger"
                    | "negativeInteger"
                    | "nonPositiveInteger"
                    | "nonNegativeInteger"
                    | "decimal"
                    | "dateTime"
                    | "dateTimeStamp"
                    | "time"
                    | "date"
                    | "gYearMonth"
                    | "gYear"
                    | "gMonthDay"
                    | "gDay"
                    | "gMonth"
                    | "duration"
                    | "yearMonthDuration"
                    | "dayTimeDuration"
            )
        })
}

/// `term` as oxigraph's store gives it back: a literal it keeps by value in
/// its canonical form and base datatype (`"01"^^xsd:int` → `"1"^^xsd:integer`,
/// `"1"^^xsd:boolean` → `"true"`); any other term, or a literal whose text is
/// not a valid value, as it is.
fn canonical(term: Term) -> Term {
    use oxsdatatypes::*;
    let Term::Literal(literal) = &term else {
        return term;
    };
    let Some(local) = literal
        .datatype()
        .as_str()
        .strip_prefix("http://www.w3.org/2001/XMLSchema#")
    else {
        return term;
    };
    fn by<T: std::str::FromStr>(value: &str) -> Option<Literal>
    where
        Literal: From<T>,
    {
        value.parse::<T>().ok().map(Literal::from)
    }
    let value = literal.value();
    let canonical = match local {
        "boolean" => by::<Boolean>(value),
        "float" => by::<Float>(value),
        "double" => by::<Double>(value),
        "integer" | "byte" | "short" | "int" | "long" | "unsignedByte" | "unsignedShort"
        | "unsignedInt" | "unsignedLong" | "positiveInteger" | "negativeInteger"
        | "nonPositiveInteger" | "nonNegativeInteger" => by::<Integer>(value),
        "decimal" => by::<Decimal>(value),
        "dateTime" | "dateTimeStamp" => by::<DateTime>(value),
        "time" => by::<Time>(value),
        "date" => by::<Date>(value),
        "gYearMonth" => by::<GYearMonth>(value),
        "gYear" => by::<GYear>(value),
        "gMonthDay" => by::<GMonthDay>(value),
        "gDay" => by::<GDay>(value),
        "gMonth" => by::<GMonth>(value),
        "duration" => by::<Duration>(value),
        "yearMonthDuration" => by::<YearMonthDuration>(value),
        "dayTimeDuration" => by::<DayTimeDuration>(value),
        _ => None,
    };
    canonical.map_or(term, Term::Literal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphNameRef, QuadRef};
    use oxigraph::sparql::{QueryResults, SparqlEvaluator};
    use oxigraph::store::Store;

    const DATA: &str = r#"
        @prefix : <https://example.org/> .
        @prefix sg: <https://w3id.org/specgraph#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        :t1 a sg:Task ; sg:title "One"@en, "One" ; sg:dependsOn :t2, :t3 ;
            sg:estimateDays "01"^^xsd:int, 2.50, "x"^^xsd:integer, 1e0 ;
            sg:done "1"^^xsd:boolean ; sg:due "2026-01-01"^^xsd:date, "P1D"^^xsd:duration .
        :t2 a sg:Task ; sg:dependsOn :t1 ; sg:note [ :n "blank" ] .
        :t3 a sg:Task ; sg:title "Three" ; sg:status sg:Done .
        :t1 sg:dependsOn :t2 .
    "#;

    /// The counting sorts give the comparison sorts' orders: dense ids and
    /// sparse ones, repeats, sizes on both sides of the cut-over.
    #[test]
    fn counting_orders_equal_comparison_orders() {
        let mut state = 0x2545_f491_u64;
        let mut next = |below: u32| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            ((state >> 33) % u64::from(below)) as u32
        };
        for (len, range) in [
            (0, 5),
            (10, 1_000),
            (63, 20),
            (64, 20),
            (500, 300),
            (2_000, 50),
            (3_000, 100_000),
        ] {
            let triples: Vec<[u32; 3]> = (0..len)
                .map(|_| [next(range), next(range), next(range)])
                .collect();
            let mut expected = triples.clone();
            expected.sort_unstable();
            let mut sorted = triples.clone();
            sort_triples(&mut sorted);
            assert_eq!(sorted, expected, "spo, {len} triples over {range} ids");
            expected.dedup();
            for (key, passes) in [
                (
                    (|[s, p, o]: [u32; 3]| [p, o, s]) as fn([u32; 3]) -> [u32; 3],
                    &[2, 1][..],
                ),
                (|[s, p, o]| [o, s, p], &[2][..]),
            ] {
                let got: Vec<[u32; 3]> = order(&expected, key, passes)
                    .into_iter()
                    .map(|i| key(expected[i as usize]))
                    .collect();
                let mut want: Vec<[u32; 3]> = expected.iter().map(|&t| key(t)).collect();
                want.sort_unstable();
                assert_eq!(got, want, "{len} triples over {range} ids");
            }
        }
    }

    fn triples() -> Vec<Triple> {
        oxttl::TurtleParser::new()
            .for_slice(DATA.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap()
    }

    /// The same dataset in an oxigraph store: the reference.
    fn reference(triples: &[Triple], computed: &[Quad]) -> Store {
        let store = Store::new().unwrap();
        for t in triples {
            store
                .insert(QuadRef::new(
                    t.subject.as_ref(),
                    t.predicate.as_ref(),
                    t.object.as_ref(),
                    GraphNameRef::DefaultGraph,
                ))
                .unwrap();
        }
        store.extend(computed.iter().cloned()).unwrap();
        store
            .extend(
                crate::vocabulary::axioms()
                    .iter()
                    .map(|t| t.in_graph(NamedNodeRef::new_unchecked(crate::vocabulary::GRAPH))),
            )
            .unwrap();
        store
    }

    fn computed() -> Vec<Quad> {
        let graph = GraphName::NamedNode(NamedNode::new_unchecked(crate::model::computed::GRAPH));
        let sg = |l: &str| NamedNode::new_unchecked(format!("https://w3id.org/specgraph#{l}"));
        let ex = |l: &str| NamedNode::new_unchecked(format!("https://example.org/{l}"));
        vec![
            Quad::new(
                ex("t1"),
                sg("readiness"),
                Literal::from("ready"),
                graph.clone(),
            ),
            Quad::new(
                ex("t3"),
                sg("computedDays"),
                Literal::from(3),
                graph.clone(),
            ),
            // A term the data does not have.
            Quad::new(ex("gate"), sg("computedState"), sg("Failed"), graph),
        ]
    }

    /// Solutions as sorted lines, blank nodes named by their order.
    fn answers(results: QueryResults<'_>) -> Vec<String> {
        match results {
            QueryResults::Boolean(b) => vec![b.to_string()],
            QueryResults::Solutions(solutions) => {
                let mut rows: Vec<String> = solutions
                    .map(|s| {
                        let s = s.unwrap();
                        s.iter()
                            .map(|(v, t)| match t {
                                Term::BlankNode(_) => format!("{v}=_"),
                                t => format!("{v}={t}"),
                            })
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect();
                rows.sort();
                rows
            }
            QueryResults::Graph(_) => unreachable!("no CONSTRUCT here"),
        }
    }

    #[test]
    fn answers_every_query_as_an_oxigraph_store_does() {
        let triples = triples();
        let store = SpecStore::new(&triples);
        store.insert_computed(&computed()).unwrap();
        let reference = reference(&triples, &computed());
        let queries = [
            "SELECT * WHERE { ?s ?p ?o }",
            "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }",
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
            "SELECT ?g WHERE { GRAPH ?g { } }",
            "SELECT * WHERE { <https://example.org/t1> ?p ?o }",
            "SELECT * WHERE { <https://example.org/t1> <https://w3id.org/specgraph#dependsOn> ?o }",
            "SELECT * WHERE { ?s <https://w3id.org/specgraph#dependsOn> <https://example.org/t1> }",
            "SELECT * WHERE { ?s ?p <https://example.org/t2> }",
            "SELECT * WHERE { ?s <https://w3id.org/specgraph#estimateDays> 1 }",
            "SELECT * WHERE { ?s ?p \"1\"^^<http://www.w3.org/2001/XMLSchema#int> }",
            "SELECT * WHERE { ?s ?p true }",
            "SELECT * WHERE { ?s ?p ?o FILTER(isNumeric(?o) && ?o > 1) }",
            "SELECT * WHERE { ?x <https://w3id.org/specgraph#dependsOn>+ ?y }",
            "SELECT * WHERE { GRAPH <https://w3id.org/specgraph/computed> { ?s ?p ?o } }",
            "SELECT * WHERE { GRAPH <https://w3id.org/specgraph> { ?s a ?c } }",
            "SELECT * WHERE { GRAPH <https://example.org/none> { ?s ?p ?o } }",
            "SELECT * FROM <https://w3id.org/specgraph/computed> WHERE { ?s ?p ?o }",
            "SELECT * WHERE { ?s a <https://w3id.org/specgraph#Task> \
             MINUS { ?s <https://w3id.org/specgraph#status> ?any } }",
            "SELECT * WHERE { ?s <https://w3id.org/specgraph#title> ?t \
             BIND(STR(?t) AS ?text) FILTER(LANG(?t) = \"\") }",
            "SELECT * WHERE { ?s <https://w3id.org/specgraph#note> ?b . ?b ?p ?o }",
            "ASK { <https://example.org/gate> ?p <https://w3id.org/specgraph#Failed> }",
            "ASK { GRAPH ?g { <https://example.org/gate> ?p <https://w3id.org/specgraph#Failed> } }",
            "SELECT * WHERE { VALUES ?s { <https://example.org/t3> <https://example.org/nowhere> } \
             OPTIONAL { ?s ?p ?o } }",
        ];
        for query in queries {
            let ours = SparqlEvaluator::new()
                .parse_query(query)
                .unwrap()
                .on_queryable_dataset(store.view())
                .execute()
                .unwrap();
            let theirs = SparqlEvaluator::new()
                .parse_query(query)
                .unwrap()
                .on_store(&reference)
                .execute()
                .unwrap();
            assert_eq!(answers(ours), answers(theirs), "{query}");
        }
    }

    #[test]
    fn keeps_literals_as_an_oxigraph_store_does() {
        let triples = triples();
        let reference = reference(&triples, &[]);
        let literals = |terms: &mut dyn Iterator<Item = Term>| {
            let mut literals: Vec<String> = terms
                .filter(Term::is_literal)
                .map(|t| t.to_string())
                .collect();
            literals.sort();
            literals.dedup();
            literals
        };
        let stored = literals(
            &mut reference
                .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
                .map(|q| q.unwrap().object),
        );
        let ours = literals(&mut triples.into_iter().map(|t| canonical(t.object)));
        assert_eq!(ours, stored);
        assert!(
            ours.contains(&"\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>".into()),
            "\"01\"^^xsd:int is 1: {ours:?}"
        );
        assert!(ours.contains(&"\"x\"^^<http://www.w3.org/2001/XMLSchema#integer>".into()));
    }

    #[test]
    fn a_pattern_finds_what_a_scan_finds() {
        let store = SpecStore::new(&triples());
        let segment = &store.data.triples;
        let ids: Vec<u32> = {
            let mut ids: Vec<u32> = segment.spo.iter().flatten().copied().collect();
            ids.sort_unstable();
            ids.dedup();
            ids.push(u32::MAX);
            ids
        };
        let any = std::iter::once(None).chain(ids.iter().map(|&i| Some(i)));
        for s in any.clone() {
            for p in any.clone() {
                for o in any.clone() {
                    let mut found: Vec<[u32; 3]> = segment.matching(s, p, o).collect();
                    found.sort_unstable();
                    let scanned: Vec<[u32; 3]> = segment
                        .spo
                        .iter()
                        .copied()
                        .filter(|t| {
                            s.is_none_or(|s| t[0] == s)
                                && p.is_none_or(|p| t[1] == p)
                                && o.is_none_or(|o| t[2] == o)
                        })
                        .collect();
                    assert_eq!(found, scanned, "{s:?} {p:?} {o:?}");
                }
            }
        }
        // The duplicate `:t1 sg:dependsOn :t2` counts once.
        assert_eq!(store.len(), triples().len() - 1);
    }

    #[test]
    fn computed_facts_go_in_once_and_every_clone_sees_them() {
        let store = SpecStore::new(&triples());
        let clone = store.clone();
        store.insert_computed(&computed()).unwrap();
        let failed = NamedNode::new_unchecked("https://w3id.org/specgraph#computedState");
        assert_eq!(clone.pairs(&failed).len(), 1);
        assert!(store.insert_computed(&computed()).is_err());
    }

    #[test]
    fn a_borrowed_literal_finds_the_owned_one() {
        let xsd =
            |l: &str| NamedNode::new_unchecked(format!("http://www.w3.org/2001/XMLSchema#{l}"));
        let literals = [
            Literal::new_simple_literal("ready"),
            Literal::new_language_tagged_literal("prêt", "fr").unwrap(),
            Literal::new_typed_literal("2026-12-02", xsd("date")),
            Literal::new_typed_literal("ready", xsd("token")),
        ];
        let mut dictionary = Dictionary::new(7);
        let ids: Vec<u32> = literals
            .iter()
            .map(|l| dictionary.add(l.clone().into()))
            .collect();
        for (literal, id) in literals.iter().zip(ids) {
            assert_eq!(
                dictionary.get_literal(literal.as_ref()),
                Some(id),
                "{literal}"
            );
            assert_eq!(
                dictionary.get(&literal.clone().into()),
                Some(id),
                "{literal}"
            );
        }
        // Same text, another kind: not the same literal.
        let other = LiteralRef::new_typed_literal(
            "ready",
            NamedNodeRef::new_unchecked("http://www.w3.org/2001/XMLSchema#NMTOKEN"),
        );
        assert_eq!(dictionary.get_literal(other), None);
        assert_eq!(
            dictionary.get_literal(LiteralRef::new_simple_literal("prêt")),
            None
        );
    }

    #[test]
    fn computed_facts_are_interned_canonically_from_borrowed_terms() {
        let store = SpecStore::new(&triples());
        let mut computed = store.computed();
        let subject = NamedNodeRef::new_unchecked("https://example.org/t3");
        let days = NamedNodeRef::new_unchecked("https://w3id.org/specgraph#computedDays");
        let integer = NamedNodeRef::new_unchecked("http://www.w3.org/2001/XMLSchema#int");
        // `"03"^^xsd:int` is stored as oxigraph stores it: `"3"^^xsd:integer`.
        computed.add(
            subject.into(),
            days,
            LiteralRef::new_typed_literal("03", integer).into(),
        );
        computed.finish().unwrap();
        let pairs = store.pairs(&days.into_owned());
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].1, Term::from(Literal::from(3)));
    }
}

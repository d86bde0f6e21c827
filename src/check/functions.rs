//! SPARQL extension functions available to every rule, in the `sg:` namespace.
//!
//! - `sg:own(?iri)`: true when the IRI is in one of the spec's own namespaces.
//! - `sg:localName(?iri)`: the part after the namespace (`#` or last `/`).
//! - `sg:suggest(?iri)`: the closest known term — a vocabulary term for `sg:` IRIs,
//!   a described resource of the same namespace otherwise — or unbound.
//! - `sg:compact(?iri)`: the IRI written with the spec's prefixes (`:task-1`, `sg:Task`).
//! - `sg:cycleRepresentative(?node, ?property)`: the first member (by IRI) of the
//!   cycle of `?property` edges that `?node` lies on, or unbound; and
//!   `sg:cycleMembers(?node, ?property)`: that cycle's members, written compactly.
//!   Both use strongly connected components computed once per property (linear).
//! - `sg:resourceNamed(?text)`: the described IRI of an own namespace whose local
//!   name is `?text`, or unbound (a hash lookup, so rules need not join on strings).

use super::cycles::Cycles;
use crate::load::{namespace_of, Spec};
use crate::vocabulary;
use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::SparqlEvaluator;
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, OnceLock};

/// What the extension functions know about one spec.
pub struct FunctionContext {
    own: BTreeSet<String>,
    /// Described IRIs by namespace, for suggestions: grouped on the first
    /// suggestion (most specs need none; grouping every subject's IRI up
    /// front was 1.5% of checking 100 specs of 8,050 triples).
    described: OnceLock<BTreeMap<String, Vec<String>>>,
    /// Described IRIs of own namespaces by local name (the first in IRI order wins).
    by_local_name: HashMap<String, String>,
    prefixes: Prefixes,
    store: crate::load::SpecStore,
    cycles: Mutex<HashMap<NamedNode, Arc<Cycles>>>,
    /// The specs of the workspace this one imports.
    imports: Vec<Arc<crate::load::imports::ImportedSpec>>,
}

/// Prefix table used to write IRIs compactly in messages, the position of
/// each namespace in it, and which lengths some namespace has: `compact`
/// looks up the few namespaces an IRI can end in rather than testing every
/// prefix (5,000 findings in a file of 20,000 prefixes took minutes).
#[derive(Clone, Debug, Default)]
pub struct Prefixes(Vec<(String, String)>, HashMap<String, usize>, Vec<bool>);

const STANDARD_PREFIXES: &[(&str, &str)] = &[
    ("sg", vocabulary::NAMESPACE),
    ("sgs", vocabulary::SHAPES_NAMESPACE),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("sh", "http://www.w3.org/ns/shacl#"),
];

impl Prefixes {
    /// The standard prefixes plus those of the spec's files (first declaration wins).
    pub fn for_spec(spec: &crate::load::Sources) -> Self {
        Self::from_pairs(
            spec.files
                .iter()
                .flat_map(|f| f.prefixes.iter().cloned())
                .collect(),
        )
    }

    /// The standard prefixes plus `pairs` (first declaration wins). The names
    /// and namespaces taken are kept in sets: a search of the table for each
    /// pair made 20,000 prefixes quadratic.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut table: Vec<(String, String)> = STANDARD_PREFIXES
            .iter()
            .map(|(p, i)| ((*p).to_owned(), (*i).to_owned()))
            .collect();
        let mut names: rustc_hash::FxHashSet<String> =
            table.iter().map(|(p, _)| p.clone()).collect();
        let mut namespaces: rustc_hash::FxHashSet<String> =
            table.iter().map(|(_, i)| i.clone()).collect();
        for (prefix, iri) in pairs {
            if !names.contains(&prefix) && !namespaces.contains(&iri) {
                names.insert(prefix.clone());
                namespaces.insert(iri.clone());
                table.push((prefix, iri));
            }
        }
        Self::new(table)
    }

    fn new(table: Vec<(String, String)>) -> Self {
        let by_namespace = table
            .iter()
            .enumerate()
            .map(|(i, (_, ns))| (ns.clone(), i))
            .collect();
        let mut lengths = Vec::new();
        for (_, ns) in &table {
            if lengths.len() <= ns.len() {
                lengths.resize(ns.len() + 1, false);
            }
            lengths[ns.len()] = true;
        }
        Self(table, by_namespace, lengths)
    }

    /// The table: (prefix, namespace), standard prefixes first.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(p, i)| (p.as_str(), i.as_str()))
    }

    /// Declares every prefix of the table to a SPARQL parser.
    /// An IRI that does not parse is left out; it is checked first so that the
    /// parser (and its table of prefixes) is not cloned for each prefix, which
    /// made 20,000 prefixes quadratic.
    pub fn declare(&self, mut parser: spargebra::SparqlParser) -> spargebra::SparqlParser {
        for (prefix, iri) in &self.0 {
            if NamedNode::new(iri.as_str()).is_ok() {
                parser = parser
                    .with_prefix(prefix, iri)
                    .expect("an IRI that parses as a named node parses as a prefix");
            }
        }
        parser
    }

    /// `sg:Task` for a vocabulary IRI, `<…>` when no prefix fits.
    pub fn compact(&self, iri: &str) -> String {
        // The longest namespace followed by a local name: the namespace ends
        // inside the IRI's trailing run of local-name characters, so only
        // those cuts are looked up, the longest first.
        let mut best = None;
        if !iri.ends_with('.') {
            for (cut, c) in iri.char_indices().rev() {
                if !is_local_char(c) {
                    break;
                }
                // Only a cut as long as some namespace is looked up (names
                // are compacted by the hundred thousand for the documents).
                if c == '-' || c == '.' || !self.2.get(cut).copied().unwrap_or(false) {
                    continue;
                }
                if let Some(&i) = self.1.get(&iri[..cut]) {
                    best = Some(&self.0[i]);
                    break;
                }
            }
        }
        match best {
            Some((prefix, ns)) => {
                let local = &iri[ns.len()..];
                let mut name = String::with_capacity(prefix.len() + 1 + local.len());
                name.push_str(prefix);
                name.push(':');
                name.push_str(local);
                name
            }
            // Not an absolute IRI: a name an aligned vocabulary gives as text
            // (`sk:assignedTo "rust-coder"`), shown as written.
            None if !iri.is_empty() && !iri.contains(':') => iri.to_owned(),
            None => format!("<{iri}>"),
        }
    }
}

/// Whether a character may be written after a prefix without an escape.
fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

impl FunctionContext {
    pub fn new(spec: &Spec) -> Self {
        let mut context = Self {
            own: spec.graph.own_namespaces.clone(),
            described: OnceLock::new(),
            by_local_name: HashMap::default(),
            store: spec.graph.store.clone(),
            cycles: Mutex::new(HashMap::default()),
            prefixes: Prefixes::for_spec(&spec.sources),
            imports: spec.graph.imports.clone(),
        };
        // The described IRIs of own namespaces by local name; of two with
        // one local name, the first by namespace, then by IRI.
        let mut by_local_name: HashMap<String, String> = HashMap::default();
        for iri in context.described_iris() {
            let namespace = namespace_of(iri);
            if !context.own.contains(namespace) {
                continue;
            }
            let local = &iri[namespace.len()..];
            match by_local_name.get_mut(local) {
                Some(kept) if (namespace_of(kept), kept.as_str()) <= (namespace, iri) => {}
                Some(kept) => iri.clone_into(kept),
                None => {
                    by_local_name.insert(local.to_owned(), iri.to_owned());
                }
            }
        }
        context.by_local_name = by_local_name;
        context
    }

    /// `sg:resourceNamed`: the described IRI of an own namespace whose
    /// local name is `text`.
    pub fn resource_named(&self, text: &str) -> Option<&str> {
        self.by_local_name.get(text).map(String::as_str)
    }

    /// Whether a spec this one imports describes `iri`.
    pub fn described_by_import(&self, iri: &str) -> bool {
        self.imports.iter().any(|i| i.described.contains(iri))
    }

    /// The imported specs whose namespaces `iri` is in (`universal`).
    pub fn imported_from(&self, iri: &str) -> Option<String> {
        let namespace = namespace_of(iri);
        let names: Vec<&str> = self
            .imports
            .iter()
            .filter(|i| i.namespaces.contains(namespace))
            .map(|i| i.name.as_str())
            .collect();
        (!names.is_empty()).then(|| names.join(", "))
    }

    /// The cycles formed by `property`, computed on first use.
    pub(super) fn cycles(&self, property: &NamedNode) -> Arc<Cycles> {
        let mut cache = self.cycles.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(
            cache
                .entry(property.clone())
                .or_insert_with(|| Arc::new(Cycles::of(&self.store, property))),
        )
    }

    /// `sg:cycleMembers`: a cycle's members, written compactly.
    pub(super) fn members_text(&self, members: &[Term]) -> String {
        let names: Vec<String> = members
            .iter()
            .map(|m| match m {
                Term::NamedNode(n) => self.prefixes.compact(n.as_str()),
                other => other.to_string(),
            })
            .collect();
        names.join(", ")
    }

    /// The prefixes findings of this spec are written with.
    pub fn prefixes(&self) -> &Prefixes {
        &self.prefixes
    }

    pub fn is_own(&self, iri: &str) -> bool {
        self.own.contains(namespace_of(iri))
    }

    /// The closest known IRI to `iri`, if one is close enough to be a likely typo.
    pub fn suggest(&self, iri: &str) -> Option<String> {
        if crate::well_known::vocabulary_of(iri).is_some() {
            return crate::well_known::suggest(iri);
        }
        let namespace = namespace_of(iri);
        let wanted = &iri[namespace.len()..];
        let candidates: Box<dyn Iterator<Item = &str>> = if namespace == vocabulary::NAMESPACE {
            Box::new(vocabulary::terms().iter().copied())
        } else {
            Box::new(
                self.described()
                    .get(namespace)
                    .into_iter()
                    .flatten()
                    .map(String::as_str),
            )
        };
        closest(wanted, candidates.map(|c| (c, &c[namespace_of(c).len()..]))).map(str::to_owned)
    }
}

impl FunctionContext {
    /// The IRIs the spec describes (the subjects of its triples) and those
    /// the specs it imports describe.
    fn described_iris(&self) -> impl Iterator<Item = &str> {
        // An imported spec's terms are candidates for "did you mean" too.
        let imported = self
            .imports
            .iter()
            .flat_map(|import| import.described.iter().map(String::as_str));
        self.store.subject_iris().chain(imported)
    }

    /// Described IRIs by namespace, each list sorted.
    fn described(&self) -> &BTreeMap<String, Vec<String>> {
        self.described.get_or_init(|| {
            let mut described: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for iri in self.described_iris() {
                described
                    .entry(namespace_of(iri).to_owned())
                    .or_default()
                    .push(iri.to_owned());
            }
            for list in described.values_mut() {
                list.sort();
                list.dedup();
            }
            described
        })
    }
}

/// The candidate whose local name is nearest to `wanted` (case-insensitive edit distance).
pub fn closest<'a>(
    wanted: &str,
    candidates: impl Iterator<Item = (&'a str, &'a str)>,
) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    let limit = (wanted.chars().count() / 3).max(2);
    candidates
        .filter(|(_, local)| *local != wanted)
        .map(|(full, local)| {
            (
                strsim::damerau_levenshtein(&wanted_lower, &local.to_lowercase()),
                full,
            )
        })
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, full)| full)
}

/// A SPARQL evaluator with the `sg:` functions bound to `context`. Build it once
/// per spec and clone it per query; queries are parsed beforehand (with
/// `declare_prefixes`), so it needs no prefixes of its own.
pub fn evaluator(context: &Arc<FunctionContext>) -> SparqlEvaluator {
    let mut evaluator = SparqlEvaluator::new();
    let sg = |local: &str| NamedNode::new_unchecked(format!("{}{local}", vocabulary::NAMESPACE));
    let ctx = Arc::clone(context);
    evaluator = evaluator.with_custom_function(sg("own"), move |args| match args {
        [Term::NamedNode(n)] => Some(Literal::from(ctx.is_own(n.as_str())).into()),
        [_] => Some(Literal::from(false).into()),
        _ => None,
    });
    // sg:notInVocabulary(term): a term of a bundled well-known vocabulary's
    // namespace that the vocabulary does not define (well_known.rs).
    evaluator = evaluator.with_custom_function(sg("notInVocabulary"), |args| match args {
        [Term::NamedNode(n)] => {
            Some(Literal::from(crate::well_known::is_unknown_term(n.as_str())).into())
        }
        [_] => Some(Literal::from(false).into()),
        _ => None,
    });
    let ctx = Arc::clone(context);
    evaluator = evaluator.with_custom_function(sg("describedByImport"), move |args| match args {
        [Term::NamedNode(n)] => Some(Literal::from(ctx.described_by_import(n.as_str())).into()),
        [_] => Some(Literal::from(false).into()),
        _ => None,
    });
    let ctx = Arc::clone(context);
    evaluator = evaluator.with_custom_function(sg("importedFrom"), move |args| match args {
        [Term::NamedNode(n)] => ctx
            .imported_from(n.as_str())
            .map(|names| Literal::new_simple_literal(names).into()),
        _ => None,
    });
    // sg:vocabularyTitle(term): "the specgraph vocabulary", "RDF Schema", …
    evaluator = evaluator.with_custom_function(sg("vocabularyTitle"), |args| match args {
        [Term::NamedNode(n)] => {
            let title = match crate::well_known::vocabulary_of(n.as_str()) {
                Some(vocabulary) => vocabulary.title,
                None if n.as_str().starts_with(vocabulary::NAMESPACE) => "the specgraph vocabulary",
                None => return None,
            };
            Some(Literal::new_simple_literal(title).into())
        }
        _ => None,
    });
    // sg:overlaps(a, b): two sg:touches values that can name the same file
    // (globs included), as the computed collisions use it.
    evaluator = evaluator.with_custom_function(sg("overlaps"), |args| match args {
        [Term::Literal(a), Term::Literal(b)] => {
            Some(Literal::from(crate::model::collisions::overlap(a.value(), b.value())).into())
        }
        _ => None,
    });
    evaluator = evaluator.with_custom_function(sg("localName"), |args| match args {
        [Term::NamedNode(n)] => {
            let iri = n.as_str();
            Some(Literal::new_simple_literal(&iri[namespace_of(iri).len()..]).into())
        }
        _ => None,
    });
    let ctx = Arc::clone(context);
    evaluator = evaluator.with_custom_function(sg("suggest"), move |args| match args {
        [Term::NamedNode(n)] => ctx
            .suggest(n.as_str())
            .map(|iri| NamedNode::new_unchecked(iri).into()),
        _ => None,
    });
    let ctx = Arc::clone(context);
    evaluator = evaluator.with_custom_function(sg("cycleRepresentative"), move |args| match args {
        [node, Term::NamedNode(property)] => {
            ctx.cycles(property).cycle_of(node).map(|m| m[0].clone())
        }
        _ => None,
    });
    let ctx = Arc::clone(context);
    evaluator = evaluator.with_custom_function(sg("cycleMembers"), move |args| match args {
        [node, Term::NamedNode(property)] => ctx
            .cycles(property)
            .cycle_of(node)
            .map(|members| Literal::new_simple_literal(ctx.members_text(members)).into()),
        _ => None,
    });
    let ctx = Arc::clone(context);
    evaluator = evaluator.with_custom_function(sg("resourceNamed"), move |args| match args {
        [Term::Literal(text)] => ctx
            .by_local_name
            .get(text.value())
            .map(|iri| NamedNode::new_unchecked(iri.clone()).into()),
        _ => None,
    });
    let ctx = Arc::clone(context);
    evaluator.with_custom_function(sg("compact"), move |args| match args {
        [Term::NamedNode(n)] => {
            Some(Literal::new_simple_literal(ctx.prefixes.compact(n.as_str())).into())
        }
        _ => None,
    })
}

/// The prefixes every rule may use without declaring them.
pub fn declare_prefixes(mut parser: spargebra::SparqlParser) -> spargebra::SparqlParser {
    for (prefix, iri) in STANDARD_PREFIXES {
        parser = parser
            .with_prefix(*prefix, *iri)
            .expect("standard prefixes are valid IRIs");
    }
    parser
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_term() {
        let terms = ["http://e/#dependsOn", "http://e/#description"];
        let pick = |w| closest(w, terms.iter().map(|t| (*t, &t[9..])));
        assert_eq!(pick("dependOn"), Some("http://e/#dependsOn"));
        assert_eq!(pick("DependsOn"), Some("http://e/#dependsOn"));
        assert_eq!(pick("xyz"), None);
    }

    #[test]
    fn compacts_with_the_longest_namespace() {
        let prefixes = Prefixes::new(vec![
            ("e".into(), "http://e/".into()),
            ("".into(), "http://e/x#".into()),
        ]);
        assert_eq!(prefixes.compact("http://e/x#task-1"), ":task-1");
        assert_eq!(prefixes.compact("http://e/a"), "e:a");
        assert_eq!(prefixes.compact("http://other/a b"), "<http://other/a b>");
    }

    #[test]
    fn compacts_with_a_namespace_that_ends_inside_a_name() {
        // Only cuts as long as some namespace are looked up: each length
        // must still find its namespace, the longest first.
        let prefixes = Prefixes::new(vec![
            ("e".into(), "http://e/".into()),
            ("t".into(), "http://e/task".into()),
            ("long".into(), "http://e/task-group/".into()),
        ]);
        assert_eq!(prefixes.compact("http://e/task1"), "t:1");
        assert_eq!(prefixes.compact("http://e/task-1"), "e:task-1");
        assert_eq!(prefixes.compact("http://e/task-group/a"), "long:a");
        assert_eq!(prefixes.compact("http://e/other"), "e:other");
        assert_eq!(Prefixes::default().compact("http://e/a"), "<http://e/a>");
    }
}

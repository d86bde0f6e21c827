//! Vocabulary alignment: how another vocabulary's classes and properties map
//! onto the campaign model, from plain RDFS/OWL axioms — `rdfs:subClassOf`,
//! `rdfs:subPropertyOf`, `owl:equivalentClass`, `owl:equivalentProperty` —
//! written in the spec itself or in a profile in force (`crate::profile`).
//!
//! The model reads an aligned spec as if it had written the `sg:` terms:
//! an instance of a subclass of `sg:Task` is a task, a value of a
//! subproperty of `sg:dependsOn` is a dependency. Alignment is transitive
//! (`:Chore ⊑ :Item ⊑ sg:Task`). Only what reaches an `sg:` term matters.
//!
//! What alignment entails (`?t a sg:Task`, `?t sg:dependsOn ?u`) also goes
//! into the computed graph, so that queries, `spec export` and a published
//! store see the aligned resources as campaign resources. SHACL and the
//! rules read the triples as written: the vocabulary's shapes do not apply
//! to a foreign vocabulary's data.

use crate::profile::Profile;
use crate::vocabulary::NAMESPACE;
use oxigraph::model::{NamedNode, Term, Triple};
use oxrdf::vocab::rdf;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

const SUB_CLASS: &str = "http://www.w3.org/2000/01/rdf-schema#subClassOf";
const SUB_PROPERTY: &str = "http://www.w3.org/2000/01/rdf-schema#subPropertyOf";
const EQUIVALENT_CLASS: &str = "http://www.w3.org/2002/07/owl#equivalentClass";
const EQUIVALENT_PROPERTY: &str = "http://www.w3.org/2002/07/owl#equivalentProperty";

/// Working hours in a day, to read estimates given in hours, unless
/// spec.toml `hours_per_day` says otherwise.
pub const DEFAULT_HOURS_PER_DAY: f64 = 8.0;

/// The `sg:` classes and properties each foreign term stands for.
#[derive(Debug, Clone)]
pub struct Alignment {
    classes: HashMap<NamedNode, Vec<Term>>,
    properties: HashMap<NamedNode, Vec<NamedNode>>,
    /// How many working hours make a day (`sg:estimateHours` → days).
    pub hours_per_day: f64,
    /// The names of the profiles in force, for the record.
    pub profiles: Vec<String>,
    /// The namespaces those profiles align.
    pub namespaces: Vec<String>,
}

impl Default for Alignment {
    fn default() -> Self {
        Self {
            classes: HashMap::default(),
            properties: HashMap::default(),
            hours_per_day: DEFAULT_HOURS_PER_DAY,
            profiles: Vec::new(),
            namespaces: Vec::new(),
        }
    }
}

/// Superclass (or superproperty) edges, in both directions for equivalences.
#[derive(Default)]
struct Edges<'a> {
    up: HashMap<&'a NamedNode, Vec<&'a NamedNode>>,
}

impl<'a> Edges<'a> {
    fn add(&mut self, sub: &'a NamedNode, sup: &'a NamedNode) {
        self.up.entry(sub).or_default().push(sup);
    }

    /// Every `sg:` term reachable upwards from each foreign term.
    fn to_campaign(&self) -> HashMap<NamedNode, Vec<NamedNode>> {
        let mut found = HashMap::default();
        for &start in self.up.keys() {
            if is_campaign(start) {
                continue;
            }
            let mut seen: HashSet<&NamedNode> = HashSet::default();
            let mut stack = vec![start];
            let mut targets: Vec<NamedNode> = Vec::new();
            while let Some(node) = stack.pop() {
                for &sup in self.up.get(node).into_iter().flatten() {
                    if seen.insert(sup) {
                        if is_campaign(sup) {
                            targets.push(sup.clone());
                        } else {
                            stack.push(sup);
                        }
                    }
                }
            }
            if !targets.is_empty() {
                targets.sort();
                found.insert(start.clone(), targets);
            }
        }
        found
    }
}

fn is_campaign(node: &NamedNode) -> bool {
    node.as_str().starts_with(NAMESPACE)
}

impl Alignment {
    /// The alignment of a spec: its own axioms and those of `profiles`.
    pub fn of(triples: &[Triple], profiles: &[&Profile], hours_per_day: f64) -> Self {
        let mut classes = Edges::default();
        let mut properties = Edges::default();
        let axioms = triples
            .iter()
            .chain(profiles.iter().flat_map(|p| p.triples.iter()));
        for triple in axioms {
            let (oxigraph::model::NamedOrBlankNode::NamedNode(subject), Term::NamedNode(object)) =
                (&triple.subject, &triple.object)
            else {
                continue;
            };
            match triple.predicate.as_str() {
                SUB_CLASS => classes.add(subject, object),
                SUB_PROPERTY => properties.add(subject, object),
                EQUIVALENT_CLASS => {
                    classes.add(subject, object);
                    classes.add(object, subject);
                }
                EQUIVALENT_PROPERTY => {
                    properties.add(subject, object);
                    properties.add(object, subject);
                }
                _ => {}
            }
        }
        Self {
            classes: classes
                .to_campaign()
                .into_iter()
                .map(|(k, v)| (k, v.into_iter().map(Term::NamedNode).collect()))
                .collect(),
            properties: properties.to_campaign(),
            hours_per_day,
            profiles: profiles.iter().map(|p| p.name.clone()).collect(),
            namespaces: profiles
                .iter()
                .flat_map(|p| p.namespaces.iter().cloned())
                .collect(),
        }
    }

    /// Whether nothing is aligned (the spec speaks `sg:` only).
    pub fn is_empty(&self) -> bool {
        self.classes.is_empty() && self.properties.is_empty()
    }

    /// The `sg:` classes a class stands for.
    pub fn classes_of(&self, class: &NamedNode) -> &[Term] {
        self.classes.get(class).map_or(&[], Vec::as_slice)
    }

    /// The `sg:` properties a property stands for.
    pub fn properties_of(&self, property: &NamedNode) -> &[NamedNode] {
        self.properties.get(property).map_or(&[], Vec::as_slice)
    }

    /// What the alignment entails and the spec does not state: each aligned
    /// statement again with its `sg:` class or property.
    pub fn entailed(&self, triples: &[Triple]) -> Vec<Triple> {
        if self.is_empty() {
            return Vec::new();
        }
        let stated: HashSet<&Triple> = triples.iter().collect();
        let mut entailed: Vec<Triple> = Vec::new();
        let mut add = |triple: Triple| {
            if !stated.contains(&triple) {
                entailed.push(triple);
            }
        };
        for triple in triples {
            if triple.predicate == rdf::TYPE {
                if let Term::NamedNode(class) = &triple.object {
                    for target in self.classes_of(class) {
                        add(Triple::new(
                            triple.subject.clone(),
                            rdf::TYPE.into_owned(),
                            target.clone(),
                        ));
                    }
                }
            }
            for target in self.properties_of(&triple.predicate) {
                add(Triple::new(
                    triple.subject.clone(),
                    target.clone(),
                    triple.object.clone(),
                ));
            }
        }
        entailed.sort_by_cached_key(ToString::to_string);
        entailed.dedup();
        entailed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse::parse_turtle;

    fn node(iri: &str) -> NamedNode {
        NamedNode::new_unchecked(iri)
    }

    #[test]
    fn alignment_is_transitive_and_reads_equivalences_both_ways() {
        let triples = parse_turtle(
            "@prefix sg: <https://w3id.org/specgraph#> . @prefix : <http://e/#> .
             @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
             @prefix owl: <http://www.w3.org/2002/07/owl#> .
             :Chore rdfs:subClassOf :Item . :Item rdfs:subClassOf sg:Task .
             sg:Phase owl:equivalentClass :Stage .
             :after owl:equivalentProperty sg:dependsOn .
             :Loop rdfs:subClassOf :Loop .
             :c a :Chore ; :after :d .",
        )
        .triples;
        let alignment = Alignment::of(&triples, &[], 8.0);
        let task = Term::NamedNode(node("https://w3id.org/specgraph#Task"));
        assert_eq!(
            alignment.classes_of(&node("http://e/#Chore")),
            std::slice::from_ref(&task)
        );
        assert_eq!(alignment.classes_of(&node("http://e/#Item")), [task]);
        assert_eq!(alignment.classes_of(&node("http://e/#Stage")).len(), 1);
        assert!(alignment.classes_of(&node("http://e/#Loop")).is_empty());
        assert_eq!(
            alignment.properties_of(&node("http://e/#after")),
            [node("https://w3id.org/specgraph#dependsOn")]
        );
        let entailed: Vec<String> = alignment
            .entailed(&triples)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            entailed,
            [
                "<http://e/#c> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/specgraph#Task>",
                "<http://e/#c> <https://w3id.org/specgraph#dependsOn> <http://e/#d>",
            ]
        );
    }

    #[test]
    fn a_spec_without_axioms_is_not_aligned() {
        let triples = parse_turtle("<http://e/#a> <http://e/#p> 1 .").triples;
        let alignment = Alignment::of(&triples, &[], 8.0);
        assert!(alignment.is_empty());
        assert!(alignment.entailed(&triples).is_empty());
    }
}

//! Typed reads of a spec's default graph: the few shapes of access the model
//! needs, in a deterministic order (oxigraph's iteration order is not stable).

use super::align::Alignment;
use crate::vocabulary::NAMESPACE;
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use oxrdf::vocab::rdf;
use rustc_hash::FxHashMap as HashMap;

/// The spec's own triples, indexed by subject in one pass over the parsed
/// triples (borrowed, not copied): the model reads a dozen properties of every
/// resource, and decoding them back from the store costs several times more.
///
/// With an alignment (`super::align`), each statement of an aligned class or
/// property is indexed again under its `sg:` term, marked as aligned.
pub struct Graph<'a> {
    by_subject: HashMap<&'a NamedNode, Vec<Entry<'a>>>,
    by_class: HashMap<&'a NamedNode, Vec<NamedNode>>,
}

/// A property and value of a subject; `aligned` when the property is the
/// `sg:` term an aligned property stands for.
#[derive(Clone, Copy)]
struct Entry<'a> {
    property: &'a NamedNode,
    value: &'a Term,
    aligned: bool,
}

/// A property the graph is read by: an IRI, or an `sg:` term by its local
/// name ([`Sg`], compared without building the IRI: the model reads a dozen
/// properties of every resource).
pub trait Property {
    fn is(&self, property: &NamedNode) -> bool;
}

impl Property for NamedNode {
    fn is(&self, property: &NamedNode) -> bool {
        self == property
    }
}

/// An `sg:` property by local name.
pub struct Sg<'a>(pub &'a str);

impl Property for Sg<'_> {
    fn is(&self, property: &NamedNode) -> bool {
        property.as_str().strip_prefix(NAMESPACE) == Some(self.0)
    }
}

/// An `sg:` term by local name.
pub fn sg(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{NAMESPACE}{local}"))
}

impl<'a> Graph<'a> {
    pub fn new(triples: &'a [Triple], alignment: &'a Alignment) -> Self {
        let mut by_subject: HashMap<&NamedNode, Vec<Entry<'a>>> = HashMap::default();
        let mut by_class: HashMap<&NamedNode, Vec<NamedNode>> = HashMap::default();
        let aligned = !alignment.is_empty();
        for triple in triples {
            let NamedOrBlankNode::NamedNode(subject) = &triple.subject else {
                continue;
            };
            let entries = by_subject.entry(subject).or_default();
            if triple.predicate.as_str() == rdf::TYPE.as_str() {
                if let Term::NamedNode(class) = &triple.object {
                    by_class.entry(class).or_default().push(subject.clone());
                    if aligned {
                        for target in alignment.classes_of(class) {
                            if let Term::NamedNode(target_class) = target {
                                by_class
                                    .entry(target_class)
                                    .or_default()
                                    .push(subject.clone());
                            }
                        }
                    }
                }
            }
            entries.push(Entry {
                property: &triple.predicate,
                value: &triple.object,
                aligned: false,
            });
            if aligned {
                for target in alignment.properties_of(&triple.predicate) {
                    entries.push(Entry {
                        property: target,
                        value: &triple.object,
                        aligned: true,
                    });
                }
            }
        }
        for list in by_class.values_mut() {
            list.sort();
            list.dedup();
        }
        Self {
            by_subject,
            by_class,
        }
    }

    /// Every IRI typed `class`, sorted.
    pub fn instances(&self, class: &NamedNode) -> Vec<NamedNode> {
        self.by_class.get(class).cloned().unwrap_or_default()
    }

    /// Every value of `property` on `subject`, in the order the files give
    /// them (files in path order), without repeats.
    pub fn objects(&self, subject: &NamedNode, property: &(impl Property + ?Sized)) -> Vec<Term> {
        let mut found: Vec<Term> = self
            .entries(subject, property)
            .map(|e| e.value.clone())
            .collect();
        if found.len() > 1 {
            let mut seen = rustc_hash::FxHashSet::default();
            found.retain(|t| seen.insert(t.clone()));
        }
        found
    }

    /// The first value (see `objects`); a second, conflicting value is
    /// `conflicting-values`' business, not the model's.
    pub fn object(&self, subject: &NamedNode, property: &(impl Property + ?Sized)) -> Option<Term> {
        self.entries(subject, property)
            .next()
            .map(|e| e.value.clone())
    }

    /// The first IRI value (file order).
    pub fn iri(
        &self,
        subject: &NamedNode,
        property: &(impl Property + ?Sized),
    ) -> Option<NamedNode> {
        self.entries(subject, property).find_map(|e| match e.value {
            Term::NamedNode(n) => Some(n.clone()),
            _ => None,
        })
    }

    /// The IRI values of `property`, in file order.
    pub fn iris(&self, subject: &NamedNode, property: &(impl Property + ?Sized)) -> Vec<NamedNode> {
        self.objects(subject, property)
            .into_iter()
            .filter_map(|t| match t {
                Term::NamedNode(n) => Some(n),
                _ => None,
            })
            .collect()
    }

    /// The first literal value (file order).
    pub fn literal(
        &self,
        subject: &NamedNode,
        property: &(impl Property + ?Sized),
    ) -> Option<Literal> {
        self.entries(subject, property).find_map(|e| match e.value {
            Term::Literal(l) => Some(l.clone()),
            _ => None,
        })
    }

    pub fn text(&self, subject: &NamedNode, property: &(impl Property + ?Sized)) -> Option<String> {
        self.literal(subject, property)
            .map(|l| l.value().to_owned())
    }

    /// Every literal value of `property` as text, in file order.
    pub fn texts(&self, subject: &NamedNode, property: &(impl Property + ?Sized)) -> Vec<String> {
        let found: Vec<String> = self
            .objects(subject, property)
            .into_iter()
            .filter_map(|t| match t {
                Term::Literal(l) => Some(l.value().to_owned()),
                _ => None,
            })
            .collect();
        found
    }

    /// A numeric literal's value; anything else (wrong-kind reports it) is absent.
    pub fn number(&self, subject: &NamedNode, property: &(impl Property + ?Sized)) -> Option<f64> {
        self.literal(subject, property).and_then(|l| number(&l))
    }

    pub fn boolean(
        &self,
        subject: &NamedNode,
        property: &(impl Property + ?Sized),
    ) -> Option<bool> {
        match self.literal(subject, property)?.value() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        }
    }

    /// A valid `xsd:date` (or the date part of an `xsd:dateTime`).
    pub fn date(
        &self,
        subject: &NamedNode,
        property: &(impl Property + ?Sized),
    ) -> Option<oxsdatatypes::Date> {
        date(&self.literal(subject, property)?)
    }

    /// The local name of an IRI value (`Done` for `sg:Done`).
    pub fn local(
        &self,
        subject: &NamedNode,
        property: &(impl Property + ?Sized),
    ) -> Option<String> {
        self.iri(subject, property)
            .map(|n| crate::load::local_name(n.as_str()).to_owned())
    }

    fn entries<'s>(
        &'s self,
        subject: &NamedNode,
        property: &'s (impl Property + ?Sized),
    ) -> impl Iterator<Item = Entry<'a>> + 's {
        self.by_subject
            .get(subject)
            .into_iter()
            .flatten()
            .filter(move |e| property.is(e.property))
            .copied()
    }

    /// The text of a literal value that came through an aligned property
    /// (`sk:assignedTo "rust-coder"` for `sg:assignee`): a foreign vocabulary
    /// may name with a string what ours names with an IRI. A literal written
    /// with the `sg:` property itself is `literal-names-resource`'s business.
    pub fn aligned_text(
        &self,
        subject: &NamedNode,
        property: &(impl Property + ?Sized),
    ) -> Option<String> {
        self.entries(subject, property).find_map(|e| match e.value {
            Term::Literal(l) if e.aligned && !l.value().trim().is_empty() => {
                Some(l.value().trim().to_owned())
            }
            _ => None,
        })
    }
}

/// The value of a numeric literal (integer, decimal, double, or a datatype
/// derived from them such as `sg:Percentage`).
pub fn number(literal: &Literal) -> Option<f64> {
    let datatype = literal.datatype().as_str();
    let numeric = datatype.starts_with("http://www.w3.org/2001/XMLSchema#")
        && matches!(
            &datatype[33..],
            "integer" | "decimal" | "double" | "float" | "int" | "long" | "nonNegativeInteger"
        )
        || datatype.starts_with(NAMESPACE);
    if !numeric {
        return None;
    }
    literal
        .value()
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

/// The date of an `xsd:date` or `xsd:dateTime` literal.
pub fn date(literal: &Literal) -> Option<oxsdatatypes::Date> {
    let value = literal.value();
    match literal.datatype().as_str() {
        "http://www.w3.org/2001/XMLSchema#date" => value.parse().ok(),
        "http://www.w3.org/2001/XMLSchema#dateTime" => value
            .parse::<oxsdatatypes::DateTime>()
            .ok()
            .and_then(|d| oxsdatatypes::Date::try_from(d).ok()),
        _ => None,
    }
}

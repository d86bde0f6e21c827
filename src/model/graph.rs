//! Typed reads of a spec's default graph: the few shapes of access the model
//! needs, in a deterministic order (oxigraph's iteration order is not stable).

use super::align::Alignment;
use crate::vocabulary::NAMESPACE;
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use oxrdf::vocab::rdf;
use rustc_hash::FxHashMap as HashMap;
use std::cell::Cell;

/// The spec's own triples, indexed by subject in one pass over the parsed
/// triples (borrowed, not copied): the model reads a dozen properties of every
/// resource, and decoding them back from the store costs several times more.
///
/// With an alignment (`super::align`), each statement of an aligned class or
/// property is indexed again under its `sg:` term, marked as aligned.
pub struct Graph<'a> {
    /// Where each subject's statements are in `statements`.
    subjects: HashMap<&'a NamedNode, usize>,
    statements: Vec<Vec<Entry<'a>>>,
    by_class: HashMap<&'a NamedNode, Vec<&'a NamedNode>>,
    /// The subject looked up last: a reader asks a dozen properties of one
    /// resource in a row, and hashing its IRI for each was a tenth of reading
    /// the model (callgrind, 100 specs). Compared by text, so any subject
    /// may be asked.
    last: Cell<Option<(&'a NamedNode, usize)>>,
}

/// A property and value of a subject; `aligned` when the property is the
/// `sg:` term an aligned property stands for.
#[derive(Clone, Copy)]
struct Entry<'a> {
    property: &'a NamedNode,
    /// The property's local name when it is an `sg:` term, cut once here:
    /// the model reads a dozen `sg:` properties of every resource, each
    /// through all of its statements, and comparing the namespace again
    /// each time was a third of reading the model (callgrind, 100 specs).
    sg_local: Option<&'a str>,
    value: &'a Term,
    aligned: bool,
}

impl<'a> Entry<'a> {
    fn new(property: &'a NamedNode, value: &'a Term, aligned: bool) -> Self {
        Self {
            property,
            sg_local: property.as_str().strip_prefix(NAMESPACE),
            value,
            aligned,
        }
    }
}

/// A property the graph is read by: an IRI, or an `sg:` term by its local
/// name ([`Sg`], compared without building the IRI: the model reads a dozen
/// properties of every resource).
pub trait Property {
    /// Whether `property` is this one; `sg_local` is its local name when
    /// it is an `sg:` term.
    fn is(&self, property: &NamedNode, sg_local: Option<&str>) -> bool;
}

impl Property for NamedNode {
    fn is(&self, property: &NamedNode, _: Option<&str>) -> bool {
        self == property
    }
}

/// An `sg:` property by local name.
pub struct Sg<'a>(pub &'a str);

impl Property for Sg<'_> {
    fn is(&self, _: &NamedNode, sg_local: Option<&str>) -> bool {
        sg_local == Some(self.0)
    }
}

/// An `sg:` term by local name.
pub fn sg(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{NAMESPACE}{local}"))
}

impl<'a> Graph<'a> {
    pub fn new(triples: &'a [Triple], alignment: &'a Alignment) -> Self {
        let mut subjects: HashMap<&NamedNode, usize> = HashMap::default();
        let mut statements: Vec<Vec<Entry<'a>>> = Vec::new();
        // Statements about one subject come together in Turtle: the last
        // subject is compared before hashing.
        let mut last: Option<(&NamedNode, usize)> = None;
        let mut by_class: HashMap<&NamedNode, Vec<&NamedNode>> = HashMap::default();
        let aligned = !alignment.is_empty();
        for triple in triples {
            let NamedOrBlankNode::NamedNode(subject) = &triple.subject else {
                continue;
            };
            let at = match last {
                Some((previous, at)) if previous == subject => at,
                _ => *subjects.entry(subject).or_insert_with(|| {
                    statements.push(Vec::new());
                    statements.len() - 1
                }),
            };
            last = Some((subject, at));
            let entries = &mut statements[at];
            if triple.predicate.as_str() == rdf::TYPE.as_str() {
                if let Term::NamedNode(class) = &triple.object {
                    by_class.entry(class).or_default().push(subject);
                    if aligned {
                        for target in alignment.classes_of(class) {
                            if let Term::NamedNode(target_class) = target {
                                by_class.entry(target_class).or_default().push(subject);
                            }
                        }
                    }
                }
            }
            entries.push(Entry::new(&triple.predicate, &triple.object, false));
            if aligned {
                for target in alignment.properties_of(&triple.predicate) {
                    entries.push(Entry::new(target, &triple.object, true));
                }
            }
        }
        for list in by_class.values_mut() {
            list.sort();
            list.dedup();
        }
        Self {
            subjects,
            statements,
            by_class,
            last: Cell::new(None),
        }
    }

    /// Every IRI typed `class`, sorted.
    pub fn instances(&self, class: &NamedNode) -> &[&'a NamedNode] {
        self.by_class.get(class).map_or(&[], Vec::as_slice)
    }

    /// Every value of `property` on `subject`, in the order the files give
    /// them (files in path order), without repeats. The values are borrowed
    /// from the triples, as by every reader here: the model copies only the
    /// text it keeps (a term copied and then copied again into a `String`
    /// was two allocations per value read).
    pub fn objects(
        &self,
        subject: &NamedNode,
        property: &(impl Property + ?Sized),
    ) -> Vec<&'a Term> {
        let mut found: Vec<&'a Term> = self.entries(subject, property).map(|e| e.value).collect();
        if found.len() > 1 {
            let mut seen = rustc_hash::FxHashSet::default();
            found.retain(|t| seen.insert(*t));
        }
        found
    }

    /// The first value (see `objects`); a second, conflicting value is
    /// `conflicting-values`' business, not the model's.
    pub fn object(
        &self,
        subject: &NamedNode,
        property: &(impl Property + ?Sized),
    ) -> Option<&'a Term> {
        self.entries(subject, property).next().map(|e| e.value)
    }

    /// The first IRI value (file order).
    pub fn iri(
        &self,
        subject: &NamedNode,
        property: &(impl Property + ?Sized),
    ) -> Option<&'a NamedNode> {
        self.entries(subject, property).find_map(|e| match e.value {
            Term::NamedNode(n) => Some(n),
            _ => None,
        })
    }

    /// The IRI values of `property`, in file order.
    pub fn iris(
        &self,
        subject: &NamedNode,
        property: &(impl Property + ?Sized),
    ) -> Vec<&'a NamedNode> {
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
    ) -> Option<&'a Literal> {
        self.entries(subject, property).find_map(|e| match e.value {
            Term::Literal(l) => Some(l),
            _ => None,
        })
    }

    pub fn text(&self, subject: &NamedNode, property: &(impl Property + ?Sized)) -> Option<String> {
        self.literal(subject, property)
            .map(|l| l.value().to_owned())
    }

    /// Every literal value of `property` as text, in file order.
    pub fn texts(&self, subject: &NamedNode, property: &(impl Property + ?Sized)) -> Vec<String> {
        self.objects(subject, property)
            .into_iter()
            .filter_map(|t| match t {
                Term::Literal(l) => Some(l.value().to_owned()),
                _ => None,
            })
            .collect()
    }

    /// A numeric literal's value; anything else (wrong-kind reports it) is absent.
    pub fn number(&self, subject: &NamedNode, property: &(impl Property + ?Sized)) -> Option<f64> {
        self.literal(subject, property).and_then(number)
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
        date(self.literal(subject, property)?)
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
        self.statements_of(subject)
            .iter()
            .filter(move |e| property.is(e.property, e.sg_local))
            .copied()
    }

    fn statements_of(&self, subject: &NamedNode) -> &[Entry<'a>] {
        let at = match self.last.get() {
            Some((last, at)) if last == subject => Some(at),
            _ => {
                let found = self.subjects.get_key_value(subject);
                if let Some((&key, &at)) = found {
                    self.last.set(Some((key, at)));
                }
                found.map(|(_, &at)| at)
            }
        };
        at.map_or(&[], |at| &self.statements[at])
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_subject_whatever_was_asked_before() {
        let e = |local: &str| NamedNode::new_unchecked(format!("http://e/{local}"));
        let triples = vec![
            Triple::new(e("a"), rdf::TYPE, sg("Task")),
            Triple::new(e("a"), sg("title"), Literal::new_simple_literal("A")),
            Triple::new(e("b"), rdf::TYPE, sg("Task")),
            Triple::new(e("b"), sg("title"), Literal::new_simple_literal("B")),
            // `a` again, after `b`: still one subject.
            Triple::new(e("a"), sg("dependsOn"), e("b")),
            Triple::new(e("a"), sg("dependsOn"), e("b")),
        ];
        let alignment = Alignment::default();
        let graph = Graph::new(&triples, &alignment);
        let title = |s: &NamedNode| graph.text(s, &Sg("title"));
        // Asked in turn, and each time through a new copy of its IRI.
        for _ in 0..2 {
            assert_eq!(title(&e("a")).as_deref(), Some("A"));
            assert_eq!(title(&e("b")).as_deref(), Some("B"));
            assert_eq!(title(&e("c")), None);
        }
        assert_eq!(graph.iris(&e("a"), &Sg("dependsOn")), vec![&e("b")]);
        assert_eq!(graph.instances(&sg("Task")), &[&e("a"), &e("b")]);
        assert_eq!(
            graph.iri(&e("a"), &NamedNode::from(rdf::TYPE)),
            Some(&sg("Task"))
        );
    }
}

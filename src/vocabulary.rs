//! The campaign vocabulary (`ontology/campaign.ttl`), embedded in the binary.

use oxigraph::model::{
    BlankNodeRef, LiteralRef, NamedNodeRef, NamedOrBlankNodeRef, TermRef, Triple, TripleRef,
};
use oxrdf::vocab::rdf;
use rustc_hash::FxHashSet as HashSet;
use std::collections::BTreeSet;
use std::sync::OnceLock;

pub const NAMESPACE: &str = "https://w3id.org/specgraph#";
const OWL_CLASS: &str = "http://www.w3.org/2002/07/owl#Class";
/// The named graph the vocabulary is loaded into, next to each spec's files.
pub const GRAPH: &str = "https://w3id.org/specgraph";
/// The vocabulary's text; build.rs embeds it parsed, and a test compares.
#[cfg(test)]
const TEXT: &str = include_str!("../ontology/campaign.ttl");
/// The namespace of the vocabulary's SHACL shapes (`ontology/shapes.ttl`).
pub const SHAPES_NAMESPACE: &str = "https://w3id.org/specgraph/shapes#";
/// What a complete, well-formed spec is, as SHACL shapes (embedded parsed
/// the same way).
#[cfg(test)]
const SHAPES: &str = include_str!("../ontology/shapes.ttl");

/// The vocabulary and its shapes, parsed at build time (build.rs).
mod embedded {
    /// Where a string is in [`STRINGS`]: start and length in bytes.
    #[derive(Clone, Copy)]
    pub struct S(pub u32, pub u32);

    /// A term as build.rs writes it.
    pub enum T {
        Iri(S),
        Blank(S),
        Simple(S),
        Typed(S, S),
        // The vocabulary has no language-tagged text today.
        #[allow(dead_code)]
        Lang(S, S),
    }

    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

    /// The string at `span`.
    pub fn text(span: S) -> &'static str {
        &STRINGS[span.0 as usize..(span.0 + span.1) as usize]
    }
}

/// Triples embedded by build.rs, as oxrdf terms borrowing the binary's own
/// text: nothing is copied. The owned form this replaced allocated each
/// term's string (about 5,000 allocations and 590 KB of heap in every
/// process, a quarter of a small check's peak), only for the dictionaries
/// and graphs that read it to copy the terms again.
fn embedded(triples: &'static [[embedded::T; 3]]) -> Vec<TripleRef<'static>> {
    use embedded::{text, T};
    let term = |t: &T| -> TermRef<'static> {
        match *t {
            T::Iri(iri) => NamedNodeRef::new_unchecked(text(iri)).into(),
            T::Blank(id) => BlankNodeRef::new_unchecked(text(id)).into(),
            T::Simple(value) => LiteralRef::new_simple_literal(text(value)).into(),
            T::Typed(value, datatype) => LiteralRef::new_typed_literal(
                text(value),
                NamedNodeRef::new_unchecked(text(datatype)),
            )
            .into(),
            T::Lang(value, language) => {
                LiteralRef::new_language_tagged_literal_unchecked(text(value), text(language))
                    .into()
            }
        }
    };
    triples
        .iter()
        .map(|[s, p, o]| {
            let subject = match term(s) {
                TermRef::NamedNode(n) => NamedOrBlankNodeRef::NamedNode(n),
                TermRef::BlankNode(b) => NamedOrBlankNodeRef::BlankNode(b),
                other => unreachable!("build.rs wrote a literal subject: {other}"),
            };
            let TermRef::NamedNode(predicate) = term(p) else {
                unreachable!("build.rs wrote a predicate that is not an IRI")
            };
            TripleRef::new(subject, predicate, term(o))
        })
        .collect()
}

/// The vocabulary's triples (`ontology/campaign.ttl`); in a spec's dataset
/// they are in the named graph [`GRAPH`].
pub fn triples() -> &'static [TripleRef<'static>] {
    static TRIPLES: OnceLock<Vec<TripleRef<'static>>> = OnceLock::new();
    TRIPLES.get_or_init(|| embedded(embedded::CAMPAIGN))
}

/// The vocabulary's axioms: types, ranges, datatype definitions and restrictions,
/// required properties. This is what every spec store carries for the rules
/// (in the named graph [`GRAPH`]); labels, comments and domains
/// (documentation) are left out, which keeps each store and every full scan
/// smaller.
pub fn axioms() -> &'static [TripleRef<'static>] {
    static AXIOMS: OnceLock<Vec<TripleRef<'static>>> = OnceLock::new();
    AXIOMS.get_or_init(|| {
        const DOCUMENTATION: &[&str] = &[
            "http://www.w3.org/2000/01/rdf-schema#label",
            "http://www.w3.org/2000/01/rdf-schema#comment",
            "http://www.w3.org/2000/01/rdf-schema#domain",
            "http://www.w3.org/2002/07/owl#versionInfo",
        ];
        let named: Vec<TripleRef<'static>> = triples()
            .iter()
            .filter(|t| !DOCUMENTATION.contains(&t.predicate.as_str()))
            .copied()
            .collect();
        // Keep blank nodes (lists, restrictions) only when a kept triple reaches them.
        let mut reachable: HashSet<BlankNodeRef<'static>> = HashSet::default();
        loop {
            let before = reachable.len();
            for triple in &named {
                let kept = match triple.subject {
                    NamedOrBlankNodeRef::NamedNode(_) => true,
                    NamedOrBlankNodeRef::BlankNode(b) => reachable.contains(&b),
                };
                if let (true, TermRef::BlankNode(object)) = (kept, triple.object) {
                    reachable.insert(object);
                }
            }
            if reachable.len() == before {
                break;
            }
        }
        named
            .into_iter()
            .filter(|t| match t.subject {
                NamedOrBlankNodeRef::NamedNode(_) => true,
                NamedOrBlankNodeRef::BlankNode(b) => reachable.contains(&b),
            })
            .collect()
    })
}

/// The IRIs the axioms describe: what `GRAPH <https://w3id.org/specgraph> {
/// ?term ?p ?o }` matches, for the native `unknown-term` (check/scan.rs).
pub fn described() -> &'static rustc_hash::FxHashSet<&'static str> {
    static DESCRIBED: OnceLock<rustc_hash::FxHashSet<&'static str>> = OnceLock::new();
    DESCRIBED.get_or_init(|| {
        axioms()
            .iter()
            .filter_map(|t| match t.subject {
                NamedOrBlankNodeRef::NamedNode(n) => Some(n.as_str()),
                NamedOrBlankNodeRef::BlankNode(_) => None,
            })
            .collect()
    })
}

/// The properties the axioms type `owl:DatatypeProperty`: their values are
/// text by design (`literal-names-resource` leaves them alone).
pub fn datatype_properties() -> &'static rustc_hash::FxHashSet<&'static str> {
    static PROPERTIES: OnceLock<rustc_hash::FxHashSet<&'static str>> = OnceLock::new();
    PROPERTIES.get_or_init(|| {
        let datatype_property = "http://www.w3.org/2002/07/owl#DatatypeProperty";
        axioms()
            .iter()
            .filter(|t| {
                t.predicate == rdf::TYPE
                    && matches!(t.object, TermRef::NamedNode(o) if o.as_str() == datatype_property)
            })
            .filter_map(|t| match t.subject {
                NamedOrBlankNodeRef::NamedNode(n) => Some(n.as_str()),
                NamedOrBlankNodeRef::BlankNode(_) => None,
            })
            .collect()
    })
}

/// A bundled profile's triples (`ontology/profiles/NAME.ttl`), parsed at
/// build time.
pub fn bundled_profile(name: &str) -> Option<Vec<Triple>> {
    match name {
        "spec-kit" => Some(
            embedded(embedded::SPEC_KIT)
                .into_iter()
                .map(TripleRef::into_owned)
                .collect(),
        ),
        _ => None,
    }
}

/// The vocabulary's shapes (`ontology/shapes.ttl`).
pub fn shapes() -> &'static [TripleRef<'static>] {
    static SHAPES_TRIPLES: OnceLock<Vec<TripleRef<'static>>> = OnceLock::new();
    SHAPES_TRIPLES.get_or_init(|| embedded(embedded::SHAPES))
}

/// The types of the vocabulary's individuals (`sg:Done a sg:Status`, …). They
/// join every data graph the shapes validate, the way pySHACL mixes an
/// ontology graph in, so that `sh:class sg:Status` accepts `sg:Done`.
pub fn individuals() -> &'static [TripleRef<'static>] {
    static INDIVIDUALS: OnceLock<Vec<TripleRef<'static>>> = OnceLock::new();
    INDIVIDUALS.get_or_init(|| {
        let owl_class = TermRef::NamedNode(NamedNodeRef::new_unchecked(OWL_CLASS));
        let classes: HashSet<TermRef<'static>> = triples()
            .iter()
            .filter(|t| t.predicate == rdf::TYPE && t.object == owl_class)
            .map(|t| t.subject.into())
            .collect();
        triples()
            .iter()
            .filter(|t| t.predicate == rdf::TYPE && classes.contains(&t.object))
            .copied()
            .collect()
    })
}

/// Every `sg:` term the vocabulary defines (classes, properties, individuals, datatypes).
pub fn terms() -> &'static BTreeSet<&'static str> {
    static TERMS: OnceLock<BTreeSet<&'static str>> = OnceLock::new();
    TERMS.get_or_init(|| {
        triples()
            .iter()
            .filter_map(|t| match t.subject {
                NamedOrBlankNodeRef::NamedNode(n) if n.as_str().starts_with(NAMESPACE) => {
                    Some(n.as_str())
                }
                _ => None,
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(triples: &'static [[embedded::T; 3]]) -> Vec<Triple> {
        embedded(triples)
            .into_iter()
            .map(TripleRef::into_owned)
            .collect()
    }

    #[test]
    fn the_embedded_triples_are_the_files_parsed_at_run_time() {
        let canonical = |triples: &[Triple]| {
            let mut graph = oxrdf::Graph::new();
            for triple in triples {
                graph.insert(triple);
            }
            graph.canonicalize(oxrdf::graph::CanonicalizationAlgorithm::Unstable);
            graph
        };
        let has_blank = |t: &Triple| t.subject.is_blank_node() || t.object.is_blank_node();
        for (text, built) in [
            (TEXT, owned(embedded::CAMPAIGN)),
            (SHAPES, owned(embedded::SHAPES)),
            (
                crate::profile::BUNDLED[0].1,
                bundled_profile(crate::profile::BUNDLED[0].0).unwrap(),
            ),
        ] {
            let parsed = crate::load::parse::parse_turtle(text);
            assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
            assert_eq!(parsed.triples.len(), built.len());
            // In the same order, blank nodes aside (their ids are made up per parse)…
            for (run_time, build_time) in parsed.triples.iter().zip(&built) {
                if !has_blank(run_time) {
                    assert_eq!(run_time, build_time);
                }
            }
            // …and the same graph.
            assert!(canonical(&parsed.triples) == canonical(&built));
        }
    }

    #[test]
    fn vocabulary_parses_and_defines_the_core_terms() {
        let terms = terms();
        for local in [
            "Campaign",
            "Phase",
            "Task",
            "Agent",
            "Gate",
            "Criterion",
            "Metric",
            "Measurement",
            "Risk",
            "Decision",
            "Deliverable",
            "Feature",
            "Requirement",
            "Pending",
            "Active",
            "Blocked",
            "Done",
            "Low",
            "Medium",
            "High",
            "Critical",
            "title",
            "dependsOn",
            "estimateDays",
            "condition",
            "coordinator",
            "measuredBy",
        ] {
            assert!(
                terms.contains(format!("{NAMESPACE}{local}").as_str()),
                "sg:{local}"
            );
        }
    }

    #[test]
    fn axioms_keep_every_term_and_the_lists_ranges_need() {
        let axioms = axioms();
        assert!(
            axioms.len() < triples().len() / 2,
            "{} of {}",
            axioms.len(),
            triples().len()
        );
        for term in terms() {
            assert!(
                axioms.iter().any(
                    |t| matches!(t.subject, NamedOrBlankNodeRef::NamedNode(n) if n.as_str() == *term)
                ),
                "{term} is still defined"
            );
        }
        let union_members = axioms
            .iter()
            .filter(|q| q.predicate.as_str().ends_with("#first"))
            .count();
        assert!(union_members >= 4, "range unions and restrictions are kept");
    }

    #[test]
    fn individuals_are_typed_by_vocabulary_classes() {
        let typed: Vec<String> = individuals().iter().map(|t| t.to_string()).collect();
        let sg = |local: &str| format!("<{NAMESPACE}{local}>");
        for (individual, class) in [
            ("Done", "Status"),
            ("High", "Level"),
            ("LowerIsBetter", "Direction"),
        ] {
            let expected = format!("{} <{}> {}", sg(individual), rdf::TYPE.as_str(), sg(class));
            assert!(typed.contains(&expected), "{expected}");
        }
        assert!(
            individuals()
                .iter()
                .all(|t| t.subject.to_string().starts_with(&format!("<{NAMESPACE}"))),
            "only the vocabulary's own individuals"
        );
    }

    /// ontology/shapes.ttl says as SHACL what campaign.ttl says as RDFS/OWL:
    /// a values shape per property, `sh:maxCount 1` exactly for functional
    /// properties, `sh:class` for class ranges.
    #[test]
    fn shapes_agree_with_the_vocabulary() {
        let has = |triples: &[TripleRef<'_>], s: &str, p: &str, o: &str| {
            triples.iter().any(|t| {
                t.subject.to_string() == s && t.predicate.as_str() == p && t.object.to_string() == o
            })
        };
        let vocabulary = triples();
        const RANGE: &str = "http://www.w3.org/2000/01/rdf-schema#range";
        const SH: &str = "http://www.w3.org/ns/shacl#";
        let functional = "<http://www.w3.org/2002/07/owl#FunctionalProperty>";
        let mut checked = 0;
        for t in vocabulary.iter().filter(|t| t.predicate.as_str() == RANGE) {
            let property = t.subject.to_string();
            let local = &property[NAMESPACE.len() + 1..property.len() - 1];
            let shape = format!("<{SHAPES_NAMESPACE}{local}-values>");
            let shapes = shapes();
            assert!(
                has(shapes, &shape, &format!("{SH}targetSubjectsOf"), &property)
                    && has(shapes, &shape, &format!("{SH}path"), &property),
                "{shape} targets and constrains {property}"
            );
            let one = "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>";
            assert_eq!(
                has(shapes, &shape, &format!("{SH}maxCount"), one),
                has(vocabulary, &property, rdf::TYPE.as_str(), functional),
                "{shape} has sh:maxCount 1 exactly when {property} is functional"
            );
            let range = t.object.to_string();
            if has(
                vocabulary,
                &range,
                rdf::TYPE.as_str(),
                &format!("<{OWL_CLASS}>"),
            ) {
                assert!(
                    has(shapes, &shape, &format!("{SH}class"), &range),
                    "{shape} takes instances of {range}"
                );
            }
            checked += 1;
        }
        assert!(checked > 50, "{checked} properties");
    }
}

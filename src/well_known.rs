//! The terms of well-known vocabularies (RDF, RDFS, OWL, XSD, SHACL, Dublin
//! Core, FOAF, SKOS, PROV, DOAP, schema.org, VANN), bundled as lists in
//! `ontology/terms/` (written by `scripts/well-known-terms.py` from rdflib's
//! namespace definitions). `unknown-term` checks the terms a spec uses in
//! those namespaces against them (`rdf:Class` is not RDF's; `rdfs:Class`
//! is), and suggests from them.

use crate::load::namespace_of;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

const FILES: &[&str] = &[
    include_str!("../ontology/terms/rdf.txt"),
    include_str!("../ontology/terms/rdfs.txt"),
    include_str!("../ontology/terms/owl.txt"),
    include_str!("../ontology/terms/xsd.txt"),
    include_str!("../ontology/terms/sh.txt"),
    include_str!("../ontology/terms/dcterms.txt"),
    include_str!("../ontology/terms/dc.txt"),
    include_str!("../ontology/terms/foaf.txt"),
    include_str!("../ontology/terms/skos.txt"),
    include_str!("../ontology/terms/prov.txt"),
    include_str!("../ontology/terms/doap.txt"),
    include_str!("../ontology/terms/schema.txt"),
    include_str!("../ontology/terms/vann.txt"),
];

/// One bundled vocabulary. Its terms are read from the list on first use
/// and the lower-case index only for a suggestion: building them all up
/// front (schema.org alone has 2,700 terms) was 1.5 ms of every process.
#[derive(Debug)]
pub struct Vocabulary {
    pub namespace: &'static str,
    pub prefix: &'static str,
    pub title: &'static str,
    /// The list's lines after the header.
    list: &'static str,
    terms: OnceLock<HashSet<&'static str>>,
    /// Local names by lower case, for "did you mean" across case.
    by_lower: OnceLock<HashMap<String, &'static str>>,
}

impl Vocabulary {
    pub fn contains(&self, local: &str) -> bool {
        self.term_set().contains(local)
            // rdf:_1, rdf:_2, …: container membership properties.
            || (self.prefix == "rdf"
                && local.strip_prefix('_').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
    }

    pub fn terms(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.term_set().iter().copied()
    }

    fn term_set(&self) -> &HashSet<&'static str> {
        self.terms
            .get_or_init(|| self.list.lines().filter(|l| !l.is_empty()).collect())
    }

    fn by_lower(&self) -> &HashMap<String, &'static str> {
        self.by_lower
            .get_or_init(|| self.terms().map(|t| (t.to_lowercase(), t)).collect())
    }
}

fn parse(text: &'static str) -> Vocabulary {
    let (header, list) = text.split_once('\n').unwrap_or((text, ""));
    let header = header.strip_prefix("# ").unwrap_or("");
    let mut fields = header.splitn(3, ' ');
    let namespace = fields.next().unwrap_or("");
    let prefix = fields.next().unwrap_or("");
    let title = fields.next().unwrap_or("");
    Vocabulary {
        namespace,
        prefix,
        title,
        list,
        terms: OnceLock::new(),
        by_lower: OnceLock::new(),
    }
}

/// Every bundled vocabulary, by namespace. schema.org answers for both its
/// `https://` and `http://` namespaces.
fn vocabularies() -> &'static HashMap<&'static str, Vocabulary> {
    static VOCABULARIES: OnceLock<HashMap<&'static str, Vocabulary>> = OnceLock::new();
    VOCABULARIES.get_or_init(|| {
        let mut map = HashMap::default();
        for text in FILES {
            let vocabulary = parse(text);
            if vocabulary.namespace == "https://schema.org/" {
                map.insert("http://schema.org/", parse(text));
            }
            map.insert(vocabulary.namespace, vocabulary);
        }
        map
    })
}

/// The bundled vocabulary whose namespace `iri` is in.
pub fn vocabulary_of(iri: &str) -> Option<&'static Vocabulary> {
    vocabularies().get(namespace_of(iri))
}

/// A term of a bundled vocabulary's namespace that the vocabulary does not
/// define (`rdfs:Comment`). The namespace IRI itself (`owl:imports
/// <http://www.w3.org/ns/prov#>`) is not a term.
pub fn is_unknown_term(iri: &str) -> bool {
    let Some(vocabulary) = vocabulary_of(iri) else {
        return false;
    };
    let local = &iri[namespace_of(iri).len()..];
    !local.is_empty() && !vocabulary.contains(local)
}

/// The term `iri` most likely meant: the same name in another case
/// (`rdfs:Comment` → `rdfs:comment`), the same name in a related
/// vocabulary (`rdf:Class` → `rdfs:Class`), or the nearest name.
pub fn suggest(iri: &str) -> Option<String> {
    let vocabulary = vocabulary_of(iri)?;
    let local = &iri[vocabulary.namespace.len()..];
    if let Some(term) = vocabulary.by_lower().get(&local.to_lowercase()) {
        return Some(format!("{}{term}", vocabulary.namespace));
    }
    const RELATED: &[&[&str]] = &[&["rdf", "rdfs", "owl"], &["dcterms", "dc"]];
    // In the group's order: rdf:Class is rdfs:Class before owl:Class.
    if let Some(group) = RELATED.iter().find(|g| g.contains(&vocabulary.prefix)) {
        for prefix in group.iter().filter(|p| **p != vocabulary.prefix) {
            let other = vocabularies().values().find(|v| v.prefix == *prefix);
            if let Some(other) = other.filter(|o| o.contains(local)) {
                return Some(format!("{}{local}", other.namespace));
            }
        }
    }
    let mut candidates: Vec<&str> = vocabulary.terms().collect();
    candidates.sort_unstable();
    crate::check::functions::closest(local, candidates.iter().map(|t| (*t, *t)))
        .map(|t| format!("{}{t}", vocabulary.namespace))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";

    #[test]
    fn every_list_has_a_namespace_and_terms() {
        assert_eq!(vocabularies().len(), FILES.len() + 1);
        for vocabulary in vocabularies().values() {
            assert!(vocabulary.namespace.ends_with(['#', '/']), "{vocabulary:?}");
            assert!(!vocabulary.prefix.is_empty() && !vocabulary.title.is_empty());
            assert!(vocabulary.term_set().len() >= 6, "{}", vocabulary.prefix);
        }
    }

    #[test]
    fn knows_terms_and_suggests_the_intended_one() {
        assert!(!is_unknown_term(&format!("{RDF}type")));
        assert!(!is_unknown_term(&format!("{RDF}_12")));
        assert!(!is_unknown_term("http://www.w3.org/ns/prov#"));
        assert!(!is_unknown_term("https://example.org/x#Class"));
        assert!(!is_unknown_term("http://schema.org/name"));
        assert!(is_unknown_term(&format!("{RDF}Class")));
        assert_eq!(
            suggest(&format!("{RDF}Class")),
            Some(format!("{RDFS}Class"))
        );
        assert_eq!(
            suggest(&format!("{RDFS}Comment")),
            Some(format!("{RDFS}comment"))
        );
        assert_eq!(
            suggest("http://xmlns.com/foaf/0.1/nmae").as_deref(),
            Some("http://xmlns.com/foaf/0.1/name")
        );
    }
}

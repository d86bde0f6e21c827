//! `spec export`: the compiled spec — every file's triples plus the facts
//! `spec` computes — as one deterministic RDF document, with the spec's
//! canonical hash (RDFC-1.0 over its own triples, SHA-256) so that two exports
//! can be compared for meaning rather than bytes.

use oxigraph::model::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

fn to_canon_subject(s: &NamedOrBlankNode) -> oxrdf02::Subject {
    match s {
        NamedOrBlankNode::NamedNode(n) => oxrdf02::NamedNode::new_unchecked(n.as_str()).into(),
        NamedOrBlankNode::BlankNode(b) => oxrdf02::BlankNode::new_unchecked(b.as_str()).into(),
    }
}

fn to_canon_term(t: &Term) -> oxrdf02::Term {
    match t {
        Term::NamedNode(n) => oxrdf02::NamedNode::new_unchecked(n.as_str()).into(),
        Term::BlankNode(b) => oxrdf02::BlankNode::new_unchecked(b.as_str()).into(),
        Term::Literal(l) => match l.language() {
            Some(language) => {
                oxrdf02::Literal::new_language_tagged_literal_unchecked(l.value(), language).into()
            }
            None => oxrdf02::Literal::new_typed_literal(
                l.value(),
                oxrdf02::NamedNode::new_unchecked(l.datatype().as_str()),
            )
            .into(),
        },
        #[allow(unreachable_patterns)]
        other => oxrdf02::Literal::new_simple_literal(other.to_string()).into(),
    }
}

fn canon_dataset(triples: &[Triple]) -> oxrdf02::Dataset {
    triples
        .iter()
        .map(|t| {
            oxrdf02::Quad::new(
                to_canon_subject(&t.subject),
                oxrdf02::NamedNode::new_unchecked(t.predicate.as_str()),
                to_canon_term(&t.object),
                oxrdf02::GraphName::DefaultGraph,
            )
        })
        .collect()
}

fn sha256_hex(digest: &[u8]) -> String {
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Whether any triple has a blank node (RDF 1.1 triples: subject or object).
pub fn has_blank_nodes(triples: &[Triple]) -> bool {
    triples
        .iter()
        .any(|t| t.subject.is_blank_node() || t.object.is_blank_node())
}

/// `sha256:<hex>` of the RDFC-1.0 canonical N-Quads of `triples`, and the
/// canonical blank node labels (`c14n0`, …) by original label.
///
/// A graph without blank nodes has nothing to canonicalize: its canonical
/// N-Quads are its lines in canonical form, sorted and deduplicated
/// ([`ground_nquads`]), and the hash is computed from them directly. On a
/// spec of 924,000 triples and no blank node, `spec export` took 33.0 CPU-s
/// and 3.3 GiB with rdf-canon (it interns every term into a dataset, hashes
/// each quad for the first-degree hashes, then serializes), 15.7 CPU-s and
/// 1.6 GiB without (medians of 3 alternating runs). The hash is bit-identical
/// (`ground_hash_is_rdfc_hash` in the tests). Graphs with blank nodes still go
/// through rdf-canon.
pub fn canonical(triples: &[Triple]) -> Result<(String, HashMap<String, String>), String> {
    if !has_blank_nodes(triples) {
        return Ok((ground_hash(triples), HashMap::new()));
    }
    rdfc(triples)
}

/// [`canonical`] through rdf-canon, blank nodes or not.
fn rdfc(triples: &[Triple]) -> Result<(String, HashMap<String, String>), String> {
    let dataset = canon_dataset(triples);
    let nquads =
        rdf_canon::canonicalize(&dataset).map_err(|e| format!("canonicalization failed: {e}"))?;
    let labels = rdf_canon::issue(&dataset).map_err(|e| format!("canonicalization failed: {e}"))?;
    Ok((sha256_hex(&Sha256::digest(nquads.as_bytes())), labels))
}

/// The RDFC-1.0 hash of a graph without blank nodes: SHA-256 over its
/// [`ground_nquads`] lines, fed to the hasher one by one (no 150 MB document
/// for a million triples).
fn ground_hash(triples: &[Triple]) -> String {
    let mut hasher = Sha256::new();
    for line in ground_nquads(triples) {
        hasher.update(line.as_bytes());
    }
    sha256_hex(&hasher.finalize())
}

/// The serialized canonical form (RDFC-1.0 §4.5 step 5 and Appendix A) of a
/// graph without blank nodes, as lines: each triple in canonical N-Quads
/// form, `" .\n"` included, sorted in code point order (the byte order of
/// UTF-8), duplicates removed (a dataset is a set).
///
/// rdf-canon sorts on the line without its `" .\n"`; the order is the same,
/// since a line can only be a prefix of another when the other goes on with a
/// language tag or a datatype (`@`, `-`, letters, `^`), all above the space.
fn ground_nquads(triples: &[Triple]) -> Vec<String> {
    let mut lines: Vec<String> = triples
        .iter()
        .map(|t| {
            let mut line = String::with_capacity(128);
            match &t.subject {
                NamedOrBlankNode::NamedNode(n) => write_iri(&mut line, n.as_str()),
                NamedOrBlankNode::BlankNode(_) => {
                    unreachable!("ground_nquads takes no blank node")
                }
            }
            line.push(' ');
            write_iri(&mut line, t.predicate.as_str());
            line.push(' ');
            match &t.object {
                Term::NamedNode(n) => write_iri(&mut line, n.as_str()),
                Term::Literal(l) => write_literal(&mut line, l),
                Term::BlankNode(_) => unreachable!("ground_nquads takes no blank node"),
            }
            line.push_str(" .\n");
            line
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();
    lines
}

/// An IRI in canonical N-Quads: between `<` and `>`, as it is. RDFC-1.0's
/// canonical form escapes nothing in an IRIREF, and neither does rdf-canon
/// (oxrdf 0.2's `Display`), even for characters an IRIREF cannot hold.
fn write_iri(out: &mut String, iri: &str) {
    out.push('<');
    out.push_str(iri);
    out.push('>');
}

/// A literal in canonical N-Quads form (RDFC-1.0 Appendix A): BS, HT, LF, FF,
/// CR, `"` and `\` as ECHAR; the other characters of U+0000–U+001F and U+007F
/// as UCHAR with upper-case HEX; everything else as it is; no datatype for
/// `xsd:string`, `@tag` for a language-tagged string, `^^<iri>` otherwise.
///
/// This is oxrdf 0.2's `Display`, which rdf-canon hashes. oxrdf 0.3 (the one
/// `spec` parses with) also escapes U+FFFE and U+FFFF (RDF 1.2 drafts): its
/// `Display` would give another hash for a literal holding one of them.
fn write_literal(out: &mut String, literal: &Literal) {
    use std::fmt::Write;
    out.push('"');
    for c in literal.value().chars() {
        match c {
            '\u{08}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{0C}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0'..='\u{1F}' | '\u{7F}' => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            _ => out.push(c),
        }
    }
    out.push('"');
    if let Some(language) = literal.language() {
        out.push('@');
        out.push_str(language);
    } else if literal.datatype() != oxrdf::vocab::xsd::STRING {
        out.push_str("^^");
        write_iri(out, literal.datatype().as_str());
    }
}

/// Whether `a` and `b` are the same graph: the proof `spec fmt` needs that
/// formatting changed no triple. Without blank nodes on either side, the same
/// set of triples (order and repeats aside): two hash sets instead of two
/// RDFC-1.0 canonicalizations, which were 92 % of the CPU time of
/// `spec fmt --check` on a 924,000-triple file (39.4 CPU-s and 2.9 GiB, now
/// 3.0 CPU-s and 0.6 GiB). With blank nodes, the same RDFC-1.0 hash (labels
/// differ from one parse to the next). An error when either cannot be
/// canonicalized (blank nodes that cannot be told apart exceed RDFC-1.0's
/// call limit): then nothing is proven either way.
pub fn same_graph(a: &[Triple], b: &[Triple]) -> Result<bool, String> {
    if has_blank_nodes(a) || has_blank_nodes(b) {
        return Ok(canonical(a)?.0 == canonical(b)?.0);
    }
    fn set(triples: &[Triple]) -> rustc_hash::FxHashSet<&Triple> {
        triples.iter().collect()
    }
    Ok(set(a) == set(b))
}

/// Blank nodes renamed to their canonical labels, then sorted: the same
/// meaning always gives the same document.
pub fn canonical_order(triples: Vec<Triple>, labels: &HashMap<String, String>) -> Vec<Triple> {
    let rename = |b: &BlankNode| {
        labels
            .get(b.as_str())
            .map_or_else(|| b.clone(), BlankNode::new_unchecked)
    };
    let mut out: Vec<Triple> = triples
        .into_iter()
        .map(|t| {
            let subject = match &t.subject {
                NamedOrBlankNode::BlankNode(b) => NamedOrBlankNode::BlankNode(rename(b)),
                s => s.clone(),
            };
            let object = match &t.object {
                Term::BlankNode(b) => Term::BlankNode(rename(b)),
                o => o.clone(),
            };
            Triple::new(subject, t.predicate, object)
        })
        .collect();
    out.sort_by_cached_key(|t| {
        (
            t.subject.to_string(),
            t.predicate.to_string(),
            t.object.to_string(),
        )
    });
    out.dedup();
    out
}

/// The node that describes the spec in an export.
pub fn spec_node(name: &str) -> NamedNode {
    NamedNode::new_unchecked(format!(
        "urn:specgraph:spec:{}",
        crate::render::view::slug(name)
    ))
}

/// A decimal literal for a figure.
pub fn decimal(value: f64) -> Literal {
    Literal::new_typed_literal(
        crate::model::format_number(value),
        NamedNode::new_unchecked("http://www.w3.org/2001/XMLSchema#decimal"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse::parse_turtle;

    fn turtle(text: &str) -> Vec<Triple> {
        let parsed = parse_turtle(text);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        parsed.triples
    }

    fn iri(text: &str) -> NamedNode {
        NamedNode::new_unchecked(text)
    }

    /// The fast path against rdf-canon, hash and document, on one graph.
    fn assert_same_as_rdfc(triples: &[Triple]) {
        assert!(!has_blank_nodes(triples));
        let dataset = canon_dataset(triples);
        let document = rdf_canon::canonicalize(&dataset).unwrap();
        assert_eq!(ground_nquads(triples).concat(), document);
        let (hash, labels) = canonical(triples).unwrap();
        assert_eq!(hash, rdfc(triples).unwrap().0);
        assert!(labels.is_empty());
    }

    #[test]
    fn ground_hash_is_rdfc_hash() {
        // Escapes, language tags (a tag that extends another), datatypes,
        // xsd:string, unicode, IRIs written with escapes, repeats.
        let graph = turtle(
            r#"@prefix : <http://example.org/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
:s :p "tab\there", "quote \" and backslash \\", "line\nfeed\rreturn", "bell\u0007 bs\b ff\f vt\u000B del\u007F nul\u0000" .
:s :p """long
string with "quotes" """ .
:s :p "chat"@fr, "chat"@en, "chat"@en-GB, "chat"@EN-gb, "chat", "chat"^^xsd:string, "chat"^^:dt .
:s :p 1, 1.0, 1e0, "01"^^xsd:integer, true, "2024-01-02"^^xsd:date .
:s :p "café", "日本語", "emoji 😀", "\U0001F600", "nbsp\u00A0", "non-characters \uFFFE \uFFFF", "max \U0010FFFF" .
<http://example.org/caf\u00E9> <http://example.org/p\U0001F600> <http://example.org/o?q=a%20b#frag> .
:s :p "chat"@en, "chat"@en .
:s :p :o .
:s :p :o .
"#,
        );
        assert_same_as_rdfc(&graph);
        // Literals and IRIs built directly: every ASCII character, the
        // boundaries of the escaped ranges, and IRIs that a parser would
        // refuse (both leave IRIs as they are).
        let every: String = (0u32..=0x80)
            .chain([0x9F, 0xA0, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x10FFFF])
            .filter_map(char::from_u32)
            .collect();
        let s = iri("http://example.org/s");
        let built = vec![
            Triple::new(
                s.clone(),
                iri("http://example.org/p"),
                Literal::new_simple_literal(&every),
            ),
            Triple::new(
                s.clone(),
                iri("http://example.org/p"),
                Literal::new_language_tagged_literal_unchecked(&every, "x-private"),
            ),
            Triple::new(
                s.clone(),
                iri("http://example.org/p"),
                Literal::new_typed_literal(&every, iri("http://example.org/dt")),
            ),
            Triple::new(
                iri("http://example.org/a b<c>\"d\"{e}|f^g`h\\i\u{7}"),
                iri("http://example.org/ü"),
                iri("urn:x:\u{FFFF}"),
            ),
        ];
        assert_same_as_rdfc(&built);
        // No triples at all: the hash of the empty document.
        assert_same_as_rdfc(&[]);
        assert_eq!(
            canonical(&[]).unwrap().0,
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        // The repository's specs, their blank node triples left out.
        let mut files = 0;
        for entry in walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/specs")) {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "ttl") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                let ground: Vec<Triple> = turtle(&text)
                    .into_iter()
                    .filter(|t| !t.subject.is_blank_node() && !t.object.is_blank_node())
                    .collect();
                assert!(ground.len() > 10, "{}", entry.path().display());
                assert_same_as_rdfc(&ground);
                files += 1;
            }
        }
        assert!(files >= 9, "{files} spec files");
    }

    #[test]
    fn the_ground_order_is_code_point_order() {
        let p = iri("http://example.org/p");
        let s = iri("http://example.org/s");
        let object = |o: Term| Triple::new(s.clone(), p.clone(), o);
        let lines = ground_nquads(&[
            object(Literal::new_language_tagged_literal_unchecked("a", "en-gb").into()),
            object(Literal::new_simple_literal("é").into()),
            object(Literal::new_language_tagged_literal_unchecked("a", "en").into()),
            object(Literal::new_simple_literal("a").into()),
            object(Literal::new_simple_literal("a").into()),
            object(Literal::new_typed_literal("a", iri("http://example.org/dt")).into()),
            object(Literal::new_simple_literal("z").into()),
        ]);
        let objects: Vec<&str> = lines
            .iter()
            .map(|l| l.split_once("/p> ").unwrap().1)
            .collect();
        assert_eq!(
            objects,
            [
                "\"a\" .\n",
                "\"a\"@en .\n",
                "\"a\"@en-gb .\n",
                "\"a\"^^<http://example.org/dt> .\n",
                "\"z\" .\n",
                "\"é\" .\n",
            ]
        );
    }

    #[test]
    fn blank_nodes_still_get_canonical_labels() {
        let graph = turtle("@prefix : <http://example.org/ns#> .\n:s :p [ :q \"x\" ] .\n");
        let (hash, labels) = canonical(&graph).unwrap();
        assert_eq!((hash.clone(), labels.clone()), rdfc(&graph).unwrap());
        assert_eq!(labels.values().collect::<Vec<_>>(), ["c14n0"]);
    }

    /// Blank nodes that cannot be told apart (an 8-clique) exceed
    /// RDFC-1.0's call limit: no answer, rather than two equal errors
    /// taken for the same graph.
    #[test]
    fn same_graph_is_unknown_when_it_cannot_be_canonicalized() {
        let mut text = String::from("@prefix : <http://example.org/ns#> .\n");
        for i in 0..8 {
            for j in (0..8).filter(|&j| j != i) {
                text.push_str(&format!("_:b{i} :next _:b{j} .\n"));
            }
        }
        let clique = turtle(&text);
        let error = same_graph(&clique, &clique).unwrap_err();
        assert!(error.contains("Hash N-degree Quads"), "{error}");
    }

    #[test]
    fn same_graph_is_the_same_set_of_triples() {
        let base = "@prefix : <http://example.org/ns#> .\n";
        let same = |a: &str, b: &str| {
            same_graph(
                &turtle(&format!("{base}{a}")),
                &turtle(&format!("{base}{b}")),
            )
            .unwrap()
        };
        // Order, repeats and layout aside.
        assert!(same(
            ":s :p 1, 2 ; :q \"x\" .",
            ":s :q \"x\" .\n:s :p 2, 1, 2 ."
        ));
        // One literal, language tag or datatype changed.
        assert!(!same(":s :p \"x\" .", ":s :p \"y\" ."));
        assert!(!same(":s :p \"x\"@en .", ":s :p \"x\"@fr ."));
        assert!(!same(":s :p \"1\" .", ":s :p 1 ."));
        assert!(!same(":s :p 1 .", ":s :p 1, 2 ."));
        assert!(!same(":s :p 1, 2 .", ":s :p 1 ."));
        // Blank nodes: the same shape with other labels is the same graph;
        // a blank node is not an IRI, and another shape is another graph.
        assert!(same(":s :p [ :q 1 ] .", "_:x :q 1 .\n:s :p _:x ."));
        assert!(!same(":s :p [ :q 1 ] .", ":s :p :x .\n:x :q 1 ."));
        assert!(!same(":s :p [ :q 1 ] .", ":s :p [ :q 2 ] ."));
    }
}

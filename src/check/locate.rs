//! Finding the exact token of a term inside the statements that describe a subject.
//!
//! Only findings are located, so this re-lexes a handful of statements on demand
//! instead of keeping a position for every triple.

use crate::finding::Location;
use crate::load::lexer::{Lexer, TokenKind};
use crate::load::source::SourceFile;
use crate::load::Spec;
use oxigraph::model::{NamedOrBlankNode, Term};
use oxrdf::vocab::rdf;

/// Where to point for a finding about `subject` (and, when given, the term `predicate`/`object`).
pub fn locate(
    spec: &Spec,
    subject: &NamedOrBlankNode,
    predicate: Option<&Term>,
    object: Option<&Term>,
) -> Option<Location> {
    let statements = spec.graph.subjects.get(subject)?;
    let mut fallback = None;
    // Prefer the statement where predicate and object appear together, then the predicate alone.
    for wanted in [(predicate, object), (predicate, None), (None, object)] {
        for reference in statements {
            let file = &spec.sources.files[reference.file as usize];
            let statement = file.statements[reference.statement as usize];
            fallback.get_or_insert_with(|| {
                let end = first_token_end(file, statement.start, statement.end);
                file.location(
                    reference.file as usize,
                    statement.start,
                    end - statement.start,
                )
            });
            if wanted == (None, None) {
                continue;
            }
            if let Some((start, end)) =
                find_in_statement(file, statement.start, statement.end, wanted)
            {
                return Some(file.location(reference.file as usize, start, end - start));
            }
        }
    }
    fallback
}

fn first_token_end(file: &SourceFile, start: usize, end: usize) -> usize {
    Lexer::new(&file.text[start..end])
        .next()
        .map_or(end, |t| start + t.end)
}

/// The byte range of the object token (or predicate token if no object is wanted).
fn find_in_statement(
    file: &SourceFile,
    start: usize,
    end: usize,
    (predicate, object): (Option<&Term>, Option<&Term>),
) -> Option<(usize, usize)> {
    let text = &file.text[start..end];
    let mut predicate_seen = predicate.is_none();
    let mut predicate_at = None;
    for token in Lexer::new(text) {
        let spelled = &text[token.start..token.end];
        if let Some(p) = predicate {
            if (!predicate_seen || object.is_none()) && spells(file, token.kind, spelled, p, true) {
                predicate_seen = true;
                predicate_at = Some((start + token.start, start + token.end));
                if object.is_none() {
                    return predicate_at;
                }
                continue;
            }
        }
        if let (true, Some(o)) = (predicate_seen, object) {
            if spells(file, token.kind, spelled, o, false) {
                return Some((start + token.start, start + token.end));
            }
        }
    }
    predicate_at.filter(|_| object.is_none())
}

/// Whether a token spells `term` in this file.
fn spells(
    file: &SourceFile,
    kind: TokenKind,
    token: &str,
    term: &Term,
    predicate_position: bool,
) -> bool {
    match (kind, term) {
        (TokenKind::Iri, Term::NamedNode(node)) => {
            // An unterminated IRI at the end of a file is a lone `<`.
            let inner = token.strip_prefix('<').unwrap_or(token);
            let inner = inner.strip_suffix('>').unwrap_or(inner);
            inner == node.as_str()
                || (!inner.contains(':') && node.as_str().ends_with(inner) && !inner.is_empty())
        }
        (TokenKind::Bare, Term::NamedNode(node)) => {
            if token == "a" && predicate_position {
                return node.as_str() == rdf::TYPE.as_str();
            }
            expand_prefixed(file, token).is_some_and(|iri| iri == node.as_str())
        }
        (TokenKind::String, Term::Literal(literal)) => unquote(token) == literal.value(),
        (TokenKind::Bare, Term::Literal(literal)) => token == literal.value(),
        _ => false,
    }
}

fn expand_prefixed(file: &SourceFile, token: &str) -> Option<String> {
    let (prefix, local) = token.split_once(':')?;
    let namespace = file.prefix(prefix)?;
    Some(format!("{namespace}{}", local.replace('\\', "")))
}

/// The value of a string token, with the common escapes resolved.
fn unquote(token: &str) -> String {
    let quote_len = if token.starts_with("\"\"\"") || token.starts_with("'''") {
        3
    } else {
        1
    };
    let inner = token
        .get(quote_len..token.len().saturating_sub(quote_len))
        .unwrap_or_default();
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquotes_all_quote_styles() {
        assert_eq!(unquote("\"a\\\"b\""), "a\"b");
        assert_eq!(unquote("'''x\ny'''"), "x\ny");
        assert_eq!(unquote("\"\"\"z\"\"\""), "z");
    }
}

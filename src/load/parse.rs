//! Parsing one Turtle file: triples with the statement each came from, and
//! every syntax error of the file (oxttl recovers and keeps going).

use super::lexer::{split_statements, Lexer, Statement, TokenKind};
use oxrdf::Triple;
use oxttl::TurtleParser;
use rustc_hash::FxHashMap as HashMap;

/// A syntax error with its byte range in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub start: usize,
    pub end: usize,
}

/// The result of parsing one file.
#[derive(Debug, Default)]
pub struct ParsedFile {
    pub statements: Vec<Statement>,
    pub triples: Vec<Triple>,
    /// For each triple, the index of the statement it came from.
    pub triple_statement: Vec<u32>,
    pub errors: Vec<SyntaxError>,
    /// Prefixes declared in the file (`("", iri)` for the empty prefix): each
    /// name once, in the order of its first declaration, with the IRI of its
    /// last declaration (the one in force at the end of the file).
    pub prefixes: Vec<(String, String)>,
}

/// Parses `text`, attributing each triple to the top-level statement it came from.
pub fn parse_turtle(text: &str) -> ParsedFile {
    let statements = split_statements(text);
    let mut parser = TurtleParser::new().low_level();
    let mut out = ParsedFile::default();
    // About one triple per 25 bytes in the specs measured (26 KB, 938
    // triples); growing the vector by doubling copied it nine times.
    out.triples.reserve(text.len() / 25);
    out.triple_statement.reserve(text.len() / 25);
    let bytes = text.as_bytes();
    // Feed everything up to the start of the next statement so the parser sees
    // the whitespace that lets it finish the current one.
    let mut fed = 0;
    for index in 0..statements.len() {
        let until = statements.get(index + 1).map_or(bytes.len(), |s| s.start);
        parser.extend_from_slice(&bytes[fed..until]);
        fed = until;
        drain(&mut parser, &mut out, index as u32, bytes.len());
    }
    if fed < bytes.len() {
        parser.extend_from_slice(&bytes[fed..]);
    }
    parser.end();
    let last = statements.len().saturating_sub(1) as u32;
    drain(&mut parser, &mut out, last, bytes.len());
    let declared: HashMap<&str, &str> = parser.prefixes().collect();
    out.prefixes = declaration_order(text, &statements, declared);
    out.statements = statements;
    out
}

/// The parser's final prefix table in declaration order. oxttl keeps its
/// prefixes in a `HashMap`, whose iteration order changes from run to run,
/// so the order comes from the directives themselves: one pass over the
/// statements, one map lookup per directive. (The parser's table is read once,
/// at the end: reading it after every statement made a file of 20,000
/// `@prefix` lines quadratic.) A name the directives do not show (none in a
/// well-formed file) goes last, by name.
fn declaration_order(
    text: &str,
    statements: &[Statement],
    mut declared: HashMap<&str, &str>,
) -> Vec<(String, String)> {
    let mut ordered = Vec::with_capacity(declared.len());
    for statement in statements {
        let Some(name) = directive_prefix(&text[statement.start..statement.end]) else {
            continue;
        };
        if let Some(iri) = declared.remove(name) {
            ordered.push((name.to_owned(), iri.to_owned()));
        }
    }
    let mut rest: Vec<(&str, &str)> = declared.into_iter().collect();
    rest.sort_unstable();
    ordered.extend(rest.into_iter().map(|(p, i)| (p.to_owned(), i.to_owned())));
    ordered
}

/// The prefix name a `@prefix` or `PREFIX` directive declares (`ex` for
/// `@prefix ex: <…> .`, the empty string for `:`).
fn directive_prefix(statement: &str) -> Option<&str> {
    let mut tokens = Lexer::new(statement);
    let keyword = tokens.next()?;
    let keyword = &statement[keyword.start..keyword.end];
    if keyword != "@prefix" && !keyword.eq_ignore_ascii_case("PREFIX") {
        return None;
    }
    let name = tokens.next().filter(|t| t.kind == TokenKind::Bare)?;
    statement[name.start..name.end].strip_suffix(':')
}

fn drain(
    parser: &mut oxttl::turtle::LowLevelTurtleParser,
    out: &mut ParsedFile,
    statement: u32,
    len: usize,
) {
    while let Some(result) = parser.parse_next() {
        match result {
            Ok(triple) => {
                out.triples.push(triple);
                out.triple_statement.push(statement);
            }
            Err(error) => {
                let location = error.location();
                let start = (location.start.offset as usize).min(len);
                let end = (location.end.offset as usize).clamp(start, len);
                out.errors.push(SyntaxError {
                    message: error.message().to_owned(),
                    start,
                    end,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triples_know_their_statement() {
        let text = "@prefix : <http://e/#> .\n:a :b :c ;\n   :d [ :e :f ] .\n\n:g :h :i .\n";
        let parsed = parse_turtle(text);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(parsed.triples.len(), 4);
        assert_eq!(parsed.triple_statement, vec![1, 1, 1, 2]);
        assert_eq!(parsed.prefixes, vec![(String::new(), "http://e/#".into())]);
    }

    #[test]
    fn prefixes_keep_declaration_order_and_the_last_declaration() {
        let mut text = String::from("@prefix : <http://e/#> .\n");
        for i in (0..200).rev() {
            text.push_str(&format!("@prefix p{i}: <http://e/{i}#> .\n"));
        }
        text.push_str("PREFIX q: <http://q/>\n@prefix p7: <http://e/seven#> .\n:a :b p7:c .\n");
        let parsed = parse_turtle(&text);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let mut expected = vec![(String::new(), "http://e/#".to_owned())];
        for i in (0..200).rev() {
            let iri = if i == 7 {
                "http://e/seven#".to_owned()
            } else {
                format!("http://e/{i}#")
            };
            expected.push((format!("p{i}"), iri));
        }
        expected.push(("q".into(), "http://q/".into()));
        assert_eq!(parsed.prefixes, expected);
        assert_eq!(parsed.triples[0].object.to_string(), "<http://e/seven#c>");
    }

    #[test]
    fn directives_name_their_prefix() {
        assert_eq!(directive_prefix("@prefix ex: <http://e/> ."), Some("ex"));
        assert_eq!(directive_prefix("@prefix : <http://e/> ."), Some(""));
        assert_eq!(directive_prefix("prefix ex:<http://e/>"), Some("ex"));
        assert_eq!(directive_prefix("@base <http://e/> ."), None);
        assert_eq!(directive_prefix(":prefix :b :c ."), None);
        assert_eq!(directive_prefix("@prefix <http://e/> ."), None);
    }

    #[test]
    fn reports_every_error_and_keeps_good_statements() {
        let text =
            "@prefix : <http://e/#> .\n:a :b nope:c .\n:d :e :f .\n:g :h \"x\" \"y\" .\n:j :k :l .\n";
        let parsed = parse_turtle(text);
        assert!(parsed.errors.len() >= 2, "{:?}", parsed.errors);
        let first = &parsed.errors[0];
        assert_eq!(
            &text[first.start..first.end.max(first.start + 5)][..5],
            "nope:"
        );
        let objects: Vec<String> = parsed
            .triples
            .iter()
            .map(|t| t.object.to_string())
            .collect();
        assert!(objects.contains(&"<http://e/#f>".to_owned()));
        assert!(objects.contains(&"<http://e/#l>".to_owned()));
    }
}

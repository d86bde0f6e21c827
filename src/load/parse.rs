//! Parsing one Turtle file: triples with the statement each came from, and
//! every syntax error of the file (oxttl recovers and keeps going).

use super::lexer::{split_statements, Statement};
use oxrdf::Triple;
use oxttl::TurtleParser;

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
    /// Prefixes declared in the file (`("", iri)` for the empty prefix), in declaration order.
    pub prefixes: Vec<(String, String)>,
}

/// Parses `text`, attributing each triple to the top-level statement it came from.
pub fn parse_turtle(text: &str) -> ParsedFile {
    let statements = split_statements(text);
    let mut parser = TurtleParser::new().low_level();
    let mut out = ParsedFile::default();
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
    out.prefixes = parser
        .prefixes()
        .map(|(p, iri)| (p.to_owned(), iri.to_owned()))
        .collect();
    out.statements = statements;
    out
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

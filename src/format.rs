//! `spec fmt`: one canonical, readable layout for Turtle, keeping every comment
//! where the author put it. It works on tokens, not triples — an RDF round trip
//! through a serializer would lose comments and the author's order.
//!
//! The layout: one directive per line; a statement starts with its subject and
//! first predicate, and every further predicate goes on its own line, indented
//! four spaces (` ;` ends the line before); objects of one predicate stay on one
//! line (` , `); `[ … ]` and `( … )` stay inline; ` .` ends the statement. A
//! comment after code stays after that code; a comment on its own line stays
//! on its own line, indented like the code around it. Runs of blank lines
//! between statements become one; blank lines inside a statement go.
//!
//! The result is checked before it is used: it must parse to the same triples
//! as the original (`crate::export::same_graph`: the same set of triples, or
//! with blank nodes the same RDFC-1.0 canonical hash).

use crate::load::lexer::{split_statements, Lexer, Token, TokenKind};

/// Lines longer than this wrap their object lists.
const MAX_WIDTH: usize = 100;

/// What to put between two tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    None,
    Space,
    Line(usize),
}

/// The comments in the text between two tokens: the one that trails the
/// previous token's line, and the ones on lines of their own.
struct Trivia<'a> {
    trailing: Option<&'a str>,
    own_lines: Vec<&'a str>,
}

fn trivia(gap: &str) -> Trivia<'_> {
    let mut lines = gap.split('\n');
    let first = lines.next().unwrap_or("");
    let trailing = first.find('#').map(|i| first[i..].trim_end());
    let rest: Vec<&str> = lines.collect();
    // The last piece is the indentation before the next token.
    let own_lines = rest
        .iter()
        .take(rest.len().saturating_sub(1))
        .map(|l| l.trim())
        .filter(|l| l.starts_with('#'))
        .collect();
    Trivia {
        trailing,
        own_lines,
    }
}

fn indent(out: &mut String, width: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', width));
}

/// Formats `text`. The caller checks that it parses first.
pub fn format(text: &str) -> String {
    let statements = split_statements(text);
    let mut out = String::new();
    let mut previous_end = 0;
    for (index, statement) in statements.iter().enumerate() {
        let between = trivia(&text[previous_end..statement.start]);
        if let Some(comment) = between.trailing.filter(|_| index > 0) {
            out.push(' ');
            out.push_str(comment);
        }
        if index > 0 {
            out.push('\n');
        }
        // Comments on their own lines, with the blank lines between them
        // (runs collapsed to one), then the statement.
        let gap = &text[previous_end..statement.start];
        let lines: Vec<&str> = gap.split('\n').collect();
        let own = if index == 0 { &lines[..] } else { &lines[1..] };
        let mut blank = false;
        for line in own.iter().take(own.len().saturating_sub(1)) {
            let line = line.trim();
            if line.is_empty() {
                blank = !(index == 0 && out.is_empty());
            } else if line.starts_with('#') {
                if blank {
                    out.push('\n');
                    blank = false;
                }
                out.push_str(line);
                out.push('\n');
            }
        }
        if blank {
            out.push('\n');
        }
        statement_text(&mut out, text, statement.start, statement.end);
        previous_end = statement.end;
    }
    // Comments after the last statement.
    let tail = trivia(&text[previous_end..]);
    if let Some(comment) = tail.trailing.filter(|_| !statements.is_empty()) {
        out.push(' ');
        out.push_str(comment);
    }
    let rest = &text[previous_end..];
    let own: Vec<&str> = rest
        .split('\n')
        .skip(1)
        .map(str::trim)
        .filter(|l| l.starts_with('#'))
        .collect();
    if !own.is_empty() {
        out.push('\n');
        if rest
            .split('\n')
            .skip(1)
            .take_while(|l| !l.trim().starts_with('#'))
            .any(|l| l.trim().is_empty())
        {
            out.push('\n');
        }
        out.push_str(&own.join("\n"));
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// One statement, from its first token to its terminator, with the comments inside it.
fn statement_text(out: &mut String, text: &str, start: usize, end: usize) {
    let tokens: Vec<Token> = Lexer::new(&text[start..end])
        .map(|t| Token {
            start: t.start + start,
            end: t.end + start,
            ..t
        })
        .collect();
    let mut depth = 0usize;
    let mut gap = Gap::None;
    for (i, token) in tokens.iter().enumerate() {
        let word = &text[token.start..token.end];
        if i > 0 {
            let between = trivia(&text[tokens[i - 1].end..token.start]);
            let width = 4 * (depth + 1);
            if let Some(comment) = between.trailing {
                out.push(' ');
                out.push_str(comment);
                gap = Gap::Line(width);
            }
            for comment in &between.own_lines {
                indent(out, width);
                out.push_str(comment);
                gap = Gap::Line(width);
            }
        }
        // A long object list wraps after a comma, indented one step further.
        let column = out.len() - out.rfind('\n').map_or(0, |i| i + 1);
        let after_comma = i > 0 && &text[tokens[i - 1].start..tokens[i - 1].end] == ",";
        if gap == Gap::Space && after_comma && column + 1 + word.len() > MAX_WIDTH {
            gap = Gap::Line(4 * (depth + 2));
        }
        match gap {
            Gap::None => {}
            Gap::Space => out.push(' '),
            Gap::Line(width) => indent(out, width),
        }
        out.push_str(word);
        let next = tokens.get(i + 1);
        let next_closes_empty =
            token.kind == TokenKind::Open && next.is_some_and(|n| n.kind == TokenKind::Close);
        gap = match token.kind {
            TokenKind::Open => {
                depth += 1;
                if next_closes_empty {
                    Gap::None
                } else {
                    Gap::Space
                }
            }
            TokenKind::Close => {
                depth = depth.saturating_sub(1);
                Gap::Space
            }
            TokenKind::Separator if word == ";" && depth == 0 => {
                if next.is_some_and(|n| n.kind == TokenKind::Dot) {
                    Gap::Space
                } else {
                    Gap::Line(4)
                }
            }
            _ => Gap::Space,
        };
        // A literal's language tag or datatype sticks to it (`"x"@en`, `"1"^^xsd:int`).
        let tag_follows = next.is_some_and(|n| {
            let w = &text[n.start..n.end];
            w.starts_with('@') || w.starts_with("^^")
        });
        if (token.kind == TokenKind::String && tag_follows) || word == "^^" {
            gap = Gap::None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lays_out_statements_and_keeps_comments() {
        let input = "@prefix : <http://e/#> .\n@prefix  sg:<https://w3id.org/specgraph#>.\n# tasks\n:a a sg:Task;sg:title \"A\"@en ; # the title\n  # estimate next\n      sg:estimateDays \"2\"^^<http://www.w3.org/2001/XMLSchema#decimal>,3 ;sg:x [ sg:y 1 ; sg:z () ] .\n\n\n\n:b sg:p :c .   # done\n# end\n";
        let expected = "@prefix : <http://e/#> .\n@prefix sg: <https://w3id.org/specgraph#> .\n# tasks\n:a a sg:Task ;\n    sg:title \"A\"@en ; # the title\n    # estimate next\n    sg:estimateDays \"2\"^^<http://www.w3.org/2001/XMLSchema#decimal> , 3 ;\n    sg:x [ sg:y 1 ; sg:z () ] .\n\n:b sg:p :c . # done\n# end\n";
        assert_eq!(format(input), expected);
        assert_eq!(format(expected), expected);
    }
}

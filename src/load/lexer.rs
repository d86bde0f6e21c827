//! A light Turtle lexer: just enough to cut a document into top-level statements
//! and to find the token that spells a term inside one statement.
//!
//! oxigraph forgets where triples came from, so the loader feeds oxttl one
//! statement at a time and attributes the triples it emits to that statement.

/// The kinds of token the statement splitter needs to tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// `<...>`
    Iri,
    /// A quoted string (any of the four quote styles), without its datatype or language.
    String,
    /// A prefixed name, keyword, number, language tag or `^^`.
    Bare,
    /// `[` or `(`
    Open,
    /// `]` or `)`
    Close,
    /// `;` or `,`
    Separator,
    /// The `.` that ends a statement.
    Dot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

/// Iterates over the tokens of a Turtle text, skipping whitespace and comments.
/// Malformed input never panics: an unterminated string or IRI runs to the end.
pub struct Lexer<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            bytes: text.as_bytes(),
            pos: 0,
        }
    }

    fn skip_trivia(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            if b.is_ascii_whitespace() {
                self.pos += 1;
            } else if b == b'#' {
                while let Some(&c) = self.bytes.get(self.pos) {
                    if c == b'\n' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn scan_string(&mut self, quote: u8) {
        let long = self.bytes.get(self.pos + 1) == Some(&quote)
            && self.bytes.get(self.pos + 2) == Some(&quote);
        self.pos += if long { 3 } else { 1 };
        while let Some(&b) = self.bytes.get(self.pos) {
            if b == b'\\' {
                self.pos += 2;
                continue;
            }
            if b == quote {
                if !long {
                    self.pos += 1;
                    return;
                }
                if self.bytes.get(self.pos + 1) == Some(&quote)
                    && self.bytes.get(self.pos + 2) == Some(&quote)
                {
                    self.pos += 3;
                    // A long string may end with extra quotes: `""""a"""" ` is not valid, but
                    // `"""a""""` ends with a quote inside; consume greedily like the grammar.
                    while self.bytes.get(self.pos) == Some(&quote) {
                        self.pos += 1;
                    }
                    return;
                }
            }
            if b == b'\n' && !long {
                // Unterminated short string: stop at the line end so one bad
                // line does not swallow the rest of the file.
                return;
            }
            self.pos += 1;
        }
        self.pos = self.pos.min(self.bytes.len());
    }

    fn scan_iri(&mut self) {
        self.pos += 1;
        while let Some(&b) = self.bytes.get(self.pos) {
            self.pos += 1;
            if b == b'>' {
                return;
            }
            if b == b'\n' || b == b' ' {
                // Not an IRI after all (`<` cannot contain spaces); treat as one char.
                self.pos -= 1;
                return;
            }
        }
    }

    fn scan_bare(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            if b == b'\\' {
                self.pos += 2;
                continue;
            }
            if b == b'.' {
                // Dots belong to a name or number only when more of it follows
                // them (a local name may hold several: `ex:re..turns`).
                let after = self.bytes[self.pos..]
                    .iter()
                    .position(|&c| c != b'.')
                    .map_or(self.bytes.len(), |k| self.pos + k);
                match self.bytes.get(after) {
                    Some(&n) if is_bare(n) => {
                        self.pos = after;
                        continue;
                    }
                    _ => return,
                }
            }
            if !is_bare(b) {
                return;
            }
            self.pos += 1;
        }
        self.pos = self.pos.min(self.bytes.len());
    }
}

fn is_bare(b: u8) -> bool {
    !b.is_ascii_whitespace()
        && !matches!(
            b,
            b'<' | b'>'
                | b'"'
                | b'\''
                | b'['
                | b']'
                | b'('
                | b')'
                | b'{'
                | b'}'
                | b';'
                | b','
                | b'#'
        )
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        self.skip_trivia();
        let start = self.pos;
        let b = *self.bytes.get(self.pos)?;
        let kind = match b {
            b'<' => {
                self.scan_iri();
                if self.pos == start {
                    self.pos += 1;
                }
                TokenKind::Iri
            }
            b'"' | b'\'' => {
                self.scan_string(b);
                TokenKind::String
            }
            b'[' | b'(' | b'{' => {
                self.pos += 1;
                TokenKind::Open
            }
            b']' | b')' | b'}' => {
                self.pos += 1;
                TokenKind::Close
            }
            b';' | b',' => {
                self.pos += 1;
                TokenKind::Separator
            }
            b'.' => {
                // `.5` is a decimal, not a terminator.
                if self.bytes.get(self.pos + 1).is_some_and(u8::is_ascii_digit) {
                    self.scan_bare();
                    TokenKind::Bare
                } else {
                    self.pos += 1;
                    TokenKind::Dot
                }
            }
            b'>' => {
                self.pos += 1;
                TokenKind::Bare
            }
            _ => {
                self.scan_bare();
                if self.pos == start {
                    self.pos += 1;
                }
                TokenKind::Bare
            }
        };
        Some(Token {
            kind,
            start,
            end: self.pos.min(self.bytes.len()),
        })
    }
}

/// A top-level statement: a directive or a block of triples ending with `.`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Statement {
    /// Byte offset of the statement's first token.
    pub start: usize,
    /// Byte offset just after its terminator (or its last token).
    pub end: usize,
}

/// Cuts a Turtle document into top-level statements.
///
/// `@prefix`/`@base` end with a dot like triples; SPARQL-style `PREFIX`/`BASE`
/// end after their IRI.
pub fn split_statements(text: &str) -> Vec<Statement> {
    let mut statements = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<usize> = None;
    let mut sparql_directive: Option<usize> = None; // tokens still expected
    let mut last_end = 0;
    for token in Lexer::new(text) {
        let first = current.is_none();
        let start = *current.get_or_insert(token.start);
        last_end = token.end;
        if first && token.kind == TokenKind::Bare {
            let word = &text[token.start..token.end];
            if word.eq_ignore_ascii_case("PREFIX") {
                sparql_directive = Some(2);
                continue;
            }
            if word.eq_ignore_ascii_case("BASE") {
                sparql_directive = Some(1);
                continue;
            }
        }
        if let Some(remaining) = sparql_directive.as_mut() {
            *remaining -= 1;
            if *remaining == 0 || token.kind == TokenKind::Dot {
                statements.push(Statement {
                    start,
                    end: token.end,
                });
                current = None;
                sparql_directive = None;
            }
            continue;
        }
        match token.kind {
            TokenKind::Open => depth += 1,
            TokenKind::Close => depth = depth.saturating_sub(1),
            TokenKind::Dot if depth == 0 => {
                statements.push(Statement {
                    start,
                    end: token.end,
                });
                current = None;
            }
            _ => {}
        }
    }
    if let Some(start) = current {
        statements.push(Statement {
            start,
            end: last_end,
        });
    }
    statements
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<&str> {
        split_statements(src)
            .into_iter()
            .map(|s| &src[s.start..s.end])
            .collect()
    }

    #[test]
    fn splits_directives_and_triples() {
        let src = "@prefix : <http://e/#> .\nPREFIX x: <http://x/>\n:a :b :c ; :d \"e.f\" .\n# c.\n:g :h 1.5 .";
        assert_eq!(
            texts(src),
            vec![
                "@prefix : <http://e/#> .",
                "PREFIX x: <http://x/>",
                ":a :b :c ; :d \"e.f\" .",
                ":g :h 1.5 ."
            ]
        );
    }

    #[test]
    fn dots_inside_names_and_nested_blocks_do_not_split() {
        let src =
            ":a :b [ :c :d ] , ( :e.f :g ) .\n:h :i \"\"\"long . \"quoted\" .\"\"\" .\n:j :k :l.";
        assert_eq!(
            texts(src),
            vec![
                ":a :b [ :c :d ] , ( :e.f :g ) .",
                ":h :i \"\"\"long . \"quoted\" .\"\"\" .",
                ":j :k :l."
            ]
        );
        // Found by fuzzing spec fmt: several dots in a row inside a local name.
        assert_eq!(
            texts(":a :re..turns :b .\n:c :d :e ."),
            vec![":a :re..turns :b .", ":c :d :e ."]
        );
    }

    #[test]
    fn unterminated_input_never_runs_past_its_line() {
        let src = ":a :b \"never closed\n:c :d :e .";
        let strings: Vec<&str> = Lexer::new(src)
            .filter(|t| t.kind == TokenKind::String)
            .map(|t| &src[t.start..t.end])
            .collect();
        assert_eq!(strings, vec!["\"never closed"]);
        assert_eq!(texts(src), vec![src]);
        assert_eq!(texts(":a :b :c"), vec![":a :b :c"]);
    }

    #[test]
    fn lexes_escaped_quotes_and_language_tags() {
        let src = r#":a :b "say \"hi\""@en ."#;
        assert_eq!(texts(src), vec![src]);
    }
}

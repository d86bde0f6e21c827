//! A loaded source file: its text, statements and line table.

use super::lexer::Statement;
use crate::finding::Location;
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

#[derive(Debug)]
pub struct SourceFile {
    /// Path as shown to the user (relative to the working directory when possible).
    pub display: String,
    pub text: Arc<str>,
    pub statements: Vec<Statement>,
    /// Each declared prefix once, in declaration order (see `parse::ParsedFile::prefixes`).
    pub prefixes: Vec<(String, String)>,
    pub triple_count: usize,
    lines: LineIndex,
    /// Position of each prefix name in `prefixes`: locating a finding looks up
    /// the prefix of every token it compares, and a search through the table
    /// made that cost grow with the number of prefixes.
    prefix_index: HashMap<String, usize>,
}

/// Where each line of a text starts, to turn byte offsets into lines and columns.
#[derive(Debug)]
pub struct LineIndex(Vec<usize>);

impl LineIndex {
    pub fn new(text: &str) -> Self {
        Self(
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }

    /// 1-based line and column (in characters) of a byte offset of `text`.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.0.partition_point(|&s| s <= offset) - 1;
        let start = self.0[line];
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }
}

impl SourceFile {
    pub fn new(
        display: String,
        text: Arc<str>,
        statements: Vec<Statement>,
        prefixes: Vec<(String, String)>,
        triple_count: usize,
    ) -> Self {
        let lines = LineIndex::new(&text);
        // The last declaration of a name wins, as in the parser.
        let prefix_index = prefixes
            .iter()
            .enumerate()
            .map(|(i, (p, _))| (p.clone(), i))
            .collect();
        Self {
            display,
            text,
            statements,
            prefixes,
            triple_count,
            lines,
            prefix_index,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        self.lines.line_column(&self.text, offset)
    }

    pub fn location(&self, file_index: usize, offset: usize, length: usize) -> Location {
        let (line, column) = self.line_column(offset);
        Location {
            file_index,
            file: self.display.clone(),
            line,
            column,
            offset,
            length,
        }
    }

    /// The IRI a prefix maps to in this file.
    pub fn prefix(&self, name: &str) -> Option<&str> {
        self.prefix_index
            .get(name)
            .map(|&i| self.prefixes[i].1.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let file = SourceFile::new("f.ttl".into(), Arc::from("ab\nçd e\n"), vec![], vec![], 0);
        assert_eq!(file.line_column(0), (1, 1));
        assert_eq!(file.line_column(3), (2, 1));
        assert_eq!(file.line_column(7), (2, 4));
    }

    #[test]
    fn prefixes_are_looked_up_by_name_and_the_last_declaration_wins() {
        let pairs = |names: &[(&str, &str)]| {
            names
                .iter()
                .map(|(p, i)| ((*p).to_owned(), (*i).to_owned()))
                .collect::<Vec<_>>()
        };
        let file = SourceFile::new(
            "f.ttl".into(),
            Arc::from(""),
            vec![],
            pairs(&[
                ("", "http://e/#"),
                ("a", "http://a/1#"),
                ("a", "http://a/2#"),
            ]),
            0,
        );
        assert_eq!(file.prefix(""), Some("http://e/#"));
        assert_eq!(file.prefix("a"), Some("http://a/2#"));
        assert_eq!(file.prefix("b"), None);
    }
}

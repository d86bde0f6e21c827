//! A loaded source file: its text, statements and line table.

use super::lexer::Statement;
use crate::finding::Location;
use std::sync::Arc;

#[derive(Debug)]
pub struct SourceFile {
    /// Path as shown to the user (relative to the working directory when possible).
    pub display: String,
    pub text: Arc<str>,
    pub statements: Vec<Statement>,
    pub prefixes: Vec<(String, String)>,
    pub triple_count: usize,
    lines: LineIndex,
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
        Self {
            display,
            text,
            statements,
            prefixes,
            triple_count,
            lines,
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
        self.prefixes
            .iter()
            .rev()
            .find(|(p, _)| p == name)
            .map(|(_, iri)| iri.as_str())
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
}

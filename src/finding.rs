//! One model for every diagnostic `spec` reports, whatever produced it.

use serde::Serialize;
use std::fmt;

/// How serious a finding is. Errors fail `spec check`; warnings fail it only with `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "error" => Some(Self::Error),
            "warning" => Some(Self::Warning),
            "info" => Some(Self::Info),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a finding points: a byte range of one source file, with its 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// Index of the file in its spec's file list (not serialised).
    #[serde(skip)]
    pub file_index: usize,
    /// The file's path as shown to the user.
    pub file: String,
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub offset: usize,
    #[serde(skip)]
    pub length: usize,
}

/// A diagnostic: a rule's code, severity and message about one place of a spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: String,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Short text shown under the highlighted source (what is wrong right there).
    #[serde(skip)]
    pub label: Option<String>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The IRI (or blank node) the finding is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The property of the statement the finding is about, where the rule
    /// has one (an IRI).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
    /// The offending term: an IRI, a literal's lexical form or a blank node
    /// (`dangling-reference`: the IRI nothing describes), so JSON consumers
    /// can group findings by it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    /// Accepted in the workspace's baseline: reported, but it fails nothing.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub baselined: bool,
}

/// How many of `findings` are of `severity` and count: not in the baseline.
pub fn counted(findings: &[Finding], severity: Severity) -> usize {
    findings
        .iter()
        .filter(|f| f.severity == severity && !f.baselined)
        .count()
}

/// How a term is carried in `predicate` and `object`.
pub fn term_text(term: &oxigraph::model::Term) -> String {
    use oxigraph::model::Term;
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}

impl Finding {
    /// The order findings are reported in: by file position, then code, then message.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            self.location
                .as_ref()
                .map(|l| (l.file_index, l.offset, l.line, l.column)),
            &self.code,
            &self.message,
        )
    }
}

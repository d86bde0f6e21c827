//! A problem that stops a command (exit code 2), printed as a diagnostic on stderr.

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report,
};

#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub help: Option<String>,
    /// Where in a file the problem is, when it is in one (boxed: failures travel through `Result`s).
    pub source: Option<Box<FailureSource>>,
}

/// A file excerpt to show with a failure.
#[derive(Debug)]
pub struct FailureSource {
    pub name: String,
    pub text: String,
    pub range: std::ops::Range<usize>,
    pub label: String,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            help: None,
            source: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Points at `line` (1-based) of `path`, when it can be read.
    pub fn at_line(self, path: &std::path::Path, line: usize, label: &str) -> Self {
        match std::fs::read_to_string(path) {
            Ok(text) => self.in_text(&crate::load::display_path(path), text, line, label),
            Err(_) => self,
        }
    }

    /// Points at `column` (1-based, in characters) of `line` of `text`.
    pub fn in_text_at(
        self,
        name: &str,
        text: String,
        line: usize,
        column: usize,
        label: &str,
    ) -> Self {
        let mut failure = self.in_text(name, text, line, label);
        if let Some(source) = failure.source.as_mut() {
            let line_text = &source.text[source.range.clone()];
            // Past the end of the line (the query ended early): the last character.
            let start = line_text
                .char_indices()
                .nth(column.saturating_sub(1))
                .or_else(|| line_text.char_indices().last())
                .map_or(0, |(i, _)| i);
            let width = line_text[start..].chars().next().map_or(0, char::len_utf8);
            let begin = source.range.start + start;
            source.range = begin..begin + width;
        }
        failure
    }

    /// Points at `line` (1-based) of `text`, shown under `name`.
    pub fn in_text(mut self, name: &str, text: String, line: usize, label: &str) -> Self {
        let start: usize = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let start = start.min(text.len());
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        self.source = Some(Box::new(FailureSource {
            name: name.to_owned(),
            text,
            range: start..end,
            label: label.to_owned(),
        }));
        self
    }

    pub fn render(&self, color: bool) -> String {
        let mut diagnostic =
            MietteDiagnostic::new(self.message.clone()).with_severity(miette::Severity::Error);
        if let Some(help) = &self.help {
            diagnostic = diagnostic.with_help(help.clone());
        }
        let report = match &self.source {
            Some(source) => {
                diagnostic = diagnostic.with_label(LabeledSpan::new(
                    Some(source.label.clone()),
                    source.range.start,
                    source.range.len(),
                ));
                Report::new(diagnostic)
                    .with_source_code(NamedSource::new(source.name.clone(), source.text.clone()))
            }
            None => Report::new(diagnostic),
        };
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let mut out = String::new();
        if GraphicalReportHandler::new_themed(theme)
            .with_width(100)
            .render_report(&mut out, report.as_ref())
            .is_err()
        {
            out = format!("error: {}\n", self.message);
        }
        out
    }
}

impl From<crate::workspace::WorkspaceError> for Failure {
    fn from(error: crate::workspace::WorkspaceError) -> Self {
        use crate::workspace::WorkspaceError;
        match error {
            WorkspaceError::Config(config) => {
                let shown = crate::load::display_path(&config.path);
                let mut failure = Failure::new(format!("invalid configuration {shown}"));
                match config.span {
                    Some(span) => {
                        let label = config.message.trim().lines().next().unwrap_or_default().to_owned();
                        failure.source = Some(Box::new(FailureSource {
                            name: shown,
                            text: config.text,
                            range: span,
                            label,
                        }));
                    }
                    None => failure.help = Some(config.message.trim().to_owned()),
                }
                failure
            }
            WorkspaceError::NoSpecs { .. } => Failure::new(error.to_string())
                .with_help("pass a spec directory (`spec check path/to/spec`) or list spec roots in spec.toml (`roots = [\"specs\"]`)"),
            other => Failure::new(other.to_string()),
        }
    }
}

impl From<crate::check::rule::RuleError> for Failure {
    fn from(error: crate::check::rule::RuleError) -> Self {
        let shown = crate::load::display_path(std::path::Path::new(&error.origin));
        let failure = Failure::new(format!("invalid rule {shown}: {}", error.message));
        if error.line > 0 {
            failure.at_line(std::path::Path::new(&error.origin), error.line, "here")
        } else {
            failure
        }
    }
}

impl From<crate::load::LoadError> for Failure {
    fn from(error: crate::load::LoadError) -> Self {
        Failure::new(error.to_string())
    }
}

impl From<crate::check::run::RuleFailure> for Failure {
    fn from(error: crate::check::run::RuleFailure) -> Self {
        Failure::new(format!("rule `{}` failed: {}", error.code, error.message))
    }
}

//! Human output: one miette diagnostic per finding (file, line, column,
//! labelled snippet, help, rule code), then a summary line per spec.

use super::Style;
use crate::check::SpecReport;
use crate::finding::{Finding, Severity};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, Report, SourceCode, SourceSpan, SpanContents,
};
use std::fmt::Write;
use std::sync::Arc;

fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme).with_width(100)
}

fn miette_severity(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

/// The few lines around a finding, with their true line numbers. miette finds
/// line numbers by scanning a source from its start, which is quadratic when a
/// large file has thousands of findings; an excerpt keeps each render local.
struct Excerpt {
    name: String,
    text: String,
    /// Byte offset of the excerpt in the file, and its first line (0-based).
    base: usize,
    first_line: usize,
}

impl Excerpt {
    const CONTEXT_LINES: usize = 3;

    fn around(name: &str, text: &str, offset: usize, length: usize, line: usize) -> Self {
        let offset = offset.min(text.len());
        let end = (offset + length).min(text.len());
        let mut start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let mut first_line = line.saturating_sub(1);
        for _ in 0..Self::CONTEXT_LINES {
            if start == 0 {
                break;
            }
            start = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
            first_line = first_line.saturating_sub(1);
        }
        let mut stop = end;
        for _ in 0..=Self::CONTEXT_LINES {
            match text[stop..].find('\n') {
                Some(i) => stop += i + 1,
                None => {
                    stop = text.len();
                    break;
                }
            }
        }
        // Keep char boundaries (offsets come from the lexer, so they are).
        let stop = (stop..=text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(text.len());
        Self {
            name: name.to_owned(),
            text: text[start..stop].to_owned(),
            base: start,
            first_line,
        }
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let local = SourceSpan::new(span.offset().saturating_sub(self.base).into(), span.len());
        let inner =
            self.text
                .as_str()
                .read_span(&local, context_lines_before, context_lines_after)?;
        Ok(Box::new(
            MietteSpanContents::new_named(
                self.name.clone(),
                inner.data(),
                SourceSpan::new(
                    (inner.span().offset() + self.base).into(),
                    inner.span().len(),
                ),
                inner.line() + self.first_line,
                inner.column(),
                inner.line_count(),
            )
            .with_language("turtle"),
        ))
    }
}

/// Renders one finding; `source` is the text of the file it points into
/// (shared, not copied: a file may carry hundreds of findings).
pub fn render_finding(finding: &Finding, source: Option<&Arc<str>>, style: Style) -> String {
    let mut diagnostic = MietteDiagnostic::new(finding.message.clone())
        .with_code(finding.code.clone())
        .with_severity(miette_severity(finding.severity));
    if let Some(help) = &finding.help {
        diagnostic = diagnostic.with_help(help.clone());
    }
    let mut out = String::new();
    let report = match (&finding.location, source) {
        (Some(location), Some(text)) => {
            let label = finding.label.clone().unwrap_or_else(|| "here".into());
            let length = location
                .length
                .min(text.len().saturating_sub(location.offset));
            diagnostic =
                diagnostic.with_label(LabeledSpan::new(Some(label), location.offset, length));
            Report::new(diagnostic).with_source_code(Excerpt::around(
                &location.file,
                text,
                location.offset,
                length,
                location.line,
            ))
        }
        _ => Report::new(diagnostic),
    };
    if handler(style)
        .render_report(&mut out, report.as_ref())
        .is_err()
    {
        let _ = writeln!(
            out,
            "{}[{}]: {}",
            finding.severity, finding.code, finding.message
        );
    }
    out
}

/// Everything `spec check` prints for one spec.
pub fn render_spec(report: &SpecReport, style: Style) -> String {
    let mut out = String::new();
    for finding in &report.findings {
        let source = finding
            .location
            .as_ref()
            .and_then(|l| report.spec.files.get(l.file_index))
            .map(|f| &f.text);
        out.push_str(&render_finding(finding, source, style));
        out.push('\n');
    }
    if !style.quiet {
        out.push_str(&summary_line(report));
        out.push('\n');
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `007-optimize-build-times: 3 files, 1024 triples · closure 93.7% (330/352 required links) · 22 errors, 1 warning`
pub fn summary_line(report: &SpecReport) -> String {
    let closure = report.closure;
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let verdict = if errors == 0 && warnings == 0 {
        "no findings".to_owned()
    } else {
        format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    };
    format!(
        "{}: {}, {} · closure {:.1}% ({}/{} required links) · {}",
        report.spec.name,
        plural(report.spec.files.len(), "file"),
        plural(report.spec.triple_count, "triple"),
        closure.percent(),
        closure.present,
        closure.expected,
        verdict
    )
}

/// The line after several specs: how many specs, errors and warnings in all.
pub fn total_line(reports: &[SpecReport]) -> String {
    let errors: usize = reports.iter().map(|r| r.count(Severity::Error)).sum();
    let warnings: usize = reports.iter().map(|r| r.count(Severity::Warning)).sum();
    format!(
        "checked {}: {}, {}",
        plural(reports.len(), "spec"),
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

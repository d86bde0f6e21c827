//! Human output: one miette diagnostic per finding (file, line, column,
//! labelled snippet, help, rule code), then a summary line per spec.

use super::Style;
use crate::check::SpecReport;
use crate::finding::{Finding, Severity};
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
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
///
/// Long lines are cut to a window around the finding (`…` marks a cut): a
/// 70,000-column literal printed whole made 361 KB of snippet, and miette
/// panics on columns past 65,535. Offsets given to miette are the excerpt's
/// own; the header's column is put back to the file's.
struct Excerpt {
    name: String,
    text: String,
    /// The first line of the excerpt in the file (0-based).
    first_line: usize,
    /// Per excerpt line: where it starts in `text`, and how many bytes of the
    /// file's line were replaced by the opening `…` (0 when not cut).
    lines: Vec<(usize, usize)>,
    /// The finding's byte range in `text`.
    label: std::ops::Range<usize>,
}

impl Excerpt {
    const CONTEXT_LINES: usize = 3;
    /// Lines up to this many bytes are shown whole.
    const LONG_LINE: usize = 240;
    /// A long line keeps this many bytes before the finding…
    const BEFORE: usize = 80;
    /// …and this many from where the finding starts (a context line: its first `AFTER`).
    const AFTER: usize = 160;
    const CUT: &'static str = "…";

    /// `offset..offset + length` is a byte range of `text`, clamped to it and
    /// widened to char boundaries (a lossily decoded file can point into the
    /// middle of a replacement character).
    fn around(name: &str, text: &str, offset: usize, length: usize, line: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let mut end = offset.saturating_add(length).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
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
        let mut excerpt = Self {
            name: name.to_owned(),
            text: String::with_capacity((stop - start).min(16 * Self::LONG_LINE)),
            first_line,
            lines: Vec::new(),
            label: 0..0,
        };
        // Copy line by line, cutting long ones; map the finding's ends as we go.
        let mut mapped_start = None;
        let mut mapped_end = None;
        let mut line_start = start;
        while line_start < stop {
            let line_end = text[line_start..stop]
                .find('\n')
                .map_or(stop, |i| line_start + i + 1);
            let line = &text[line_start..line_end];
            let keep = if line.len() <= Self::LONG_LINE {
                0..line.len()
            } else {
                let anchor = if (line_start..line_end).contains(&offset) {
                    offset - line_start
                } else if (line_start..line_end).contains(&end) {
                    end - line_start
                } else {
                    0
                };
                let from = floor_boundary(line, anchor.saturating_sub(Self::BEFORE));
                let to = floor_boundary(line, (anchor + Self::AFTER).min(line.len()));
                from..to.max(from)
            };
            let cut_before = keep.start;
            excerpt.lines.push((excerpt.text.len(), cut_before));
            if cut_before > 0 {
                excerpt.text.push_str(Self::CUT);
            }
            let base = excerpt.text.len();
            let map = |at: usize| base + (at - line_start).clamp(keep.start, keep.end) - keep.start;
            if mapped_start.is_none() && offset < line_end.max(line_start + 1) {
                mapped_start = Some(map(offset));
            }
            if mapped_end.is_none() && end < line_end.max(line_start + 1) {
                mapped_end = Some(map(end));
            }
            excerpt.text.push_str(&line[keep.clone()]);
            if keep.end < line.len() {
                excerpt.text.push_str(Self::CUT);
                if line.ends_with('\n') {
                    excerpt.text.push('\n');
                }
            }
            line_start = line_end;
        }
        let label_start = mapped_start.unwrap_or(excerpt.text.len());
        let label_end = mapped_end.unwrap_or(excerpt.text.len()).max(label_start);
        excerpt.label = label_start..label_end;
        excerpt
    }
}

/// The largest char boundary of `text` at or before `at`.
fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner =
            self.text
                .as_str()
                .read_span(span, context_lines_before, context_lines_after)?;
        // A cut line's columns count from the file's line start, not the `…`.
        let column = match self.lines.get(inner.line()) {
            Some(&(line_start, cut)) if cut > 0 && inner.span().offset() > line_start => {
                inner.column() + cut - Self::CUT.len()
            }
            _ => inner.column(),
        };
        Ok(Box::new(
            MietteSpanContents::new_named(
                self.name.clone(),
                inner.data(),
                *inner.span(),
                inner.line() + self.first_line,
                column,
                inner.line_count(),
            )
            .with_language("turtle"),
        ))
    }
}

/// A finding's diagnostic with the excerpt it points into, rendered by our
/// handler directly. Not a `miette::Report`: making one builds miette's
/// default handler for its `Debug` output, which asks whether stdout and
/// stderr are terminals, and how wide, each time (seven `ioctl` calls and
/// the colour variables per finding, 7,169 times on a spec with 7,169
/// findings).
struct Located {
    diagnostic: MietteDiagnostic,
    excerpt: Option<Excerpt>,
}

impl std::fmt::Display for Located {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.diagnostic, f)
    }
}

impl std::fmt::Debug for Located {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.diagnostic, f)
    }
}

impl std::error::Error for Located {}

impl Diagnostic for Located {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diagnostic.code()
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.diagnostic.severity()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diagnostic.help()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.diagnostic.labels()
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.excerpt.as_ref().map(|e| e as &dyn SourceCode)
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
    let excerpt = match (&finding.location, source) {
        (Some(location), Some(text)) => {
            let label = finding.label.clone().unwrap_or_else(|| "here".into());
            let excerpt = Excerpt::around(
                &location.file,
                text,
                location.offset,
                location.length,
                location.line,
            );
            diagnostic = diagnostic.with_label(LabeledSpan::new(
                Some(label),
                excerpt.label.start,
                excerpt.label.len(),
            ));
            Some(excerpt)
        }
        _ => None,
    };
    let located = Located {
        diagnostic,
        excerpt,
    };
    if handler(style).render_report(&mut out, &located).is_err() {
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
    // Baselined findings fail nothing: the summary line counts them.
    for finding in report.findings.iter().filter(|f| !f.baselined) {
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

/// `007-optimize-build-times: 3 files, 1024 triples · closure 93.8% of 352 required links (330 present) · 22 errors, 1 warning`
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
    let baselined = report.findings.iter().filter(|f| f.baselined).count();
    let baselined = if baselined > 0 {
        format!(" · {baselined} in the baseline (not shown)")
    } else {
        String::new()
    };
    format!(
        "{}: {}, {} · closure {} · {}{baselined}",
        report.spec.name,
        plural(report.spec.files.len(), "file"),
        plural(report.spec.triple_count, "triple"),
        closure.describe(),
        verdict
    )
}

/// The line after several specs: how many specs, errors and warnings in all.
pub fn total_line(pieces: &[super::emit::Piece]) -> String {
    let errors: usize = pieces.iter().map(|p| p.errors).sum();
    let warnings: usize = pieces.iter().map(|p| p.warnings).sum();
    format!(
        "checked {}: {}, {}",
        plural(pieces.len(), "spec"),
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

//! One interface for every output format of `spec check`, `spec gates` and
//! `spec status` (the shape of ruff's `Emitter`): a format keeps a `Piece` of
//! each spec, made in the thread that checked it, so no command holds every
//! spec's analysis until the end; `finish` makes the output from the pieces,
//! in argument order.
//!
//! The commands differ in what they show of a spec (findings, gates, the
//! schedule) and in which findings they annotate (all of them, or the false
//! claims of `spec gates`); the formats are shared.

use super::{github, sarif};
use crate::check::{RuleSet, SpecReport};
use crate::finding::{Finding, Severity};
use serde::Serialize;
use std::path::PathBuf;

/// What an output format keeps of one spec.
#[derive(Debug, Default)]
pub struct Piece {
    /// What is printed for the spec (human lines, its JSON object, …).
    pub text: String,
    /// The findings the command reports (SARIF and GitHub annotate them).
    pub findings: Vec<Finding>,
    /// Errors and warnings among all the spec's findings.
    pub errors: usize,
    pub warnings: usize,
    /// Files of the spec that did not parse completely (gates, status).
    pub partial: Option<String>,
}

impl Piece {
    /// The counts and the reported findings of `report`; the text is the format's.
    fn of(report: &SpecReport, select: fn(&Finding) -> bool, text: String) -> Self {
        Self {
            text,
            findings: report
                .findings
                .iter()
                .filter(|f| select(f))
                .cloned()
                .collect(),
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            partial: super::partial_read_warning(report),
        }
    }
}

/// An output format.
pub trait Emitter: Sync {
    /// What to keep of one checked spec.
    fn spec(&self, report: &SpecReport) -> Piece;
    /// The whole output.
    fn finish(&self, pieces: &[Piece]) -> String;
}

/// Text for people: the command's own lines per spec, joined by `separator`,
/// with `total` after several specs (check's "checked 3 specs: …").
pub struct Human<F> {
    pub body: F,
    pub select: fn(&Finding) -> bool,
    pub separator: &'static str,
    pub total: bool,
}

impl<F: Fn(&SpecReport) -> String + Sync> Emitter for Human<F> {
    fn spec(&self, report: &SpecReport) -> Piece {
        Piece::of(report, self.select, (self.body)(report))
    }

    fn finish(&self, pieces: &[Piece]) -> String {
        let texts: Vec<&str> = pieces.iter().map(|p| p.text.as_str()).collect();
        let mut out = texts.join(self.separator);
        if self.total && pieces.len() > 1 {
            out.push_str(&super::human::total_line(pieces));
            out.push('\n');
        }
        out
    }
}

/// The versioned JSON envelope: `{"version", "tool", "specs", "summary"}`,
/// each spec the command's own object.
pub struct Json<F> {
    pub body: F,
    pub select: fn(&Finding) -> bool,
}

impl<F: Fn(&SpecReport) -> String + Sync> Emitter for Json<F> {
    fn spec(&self, report: &SpecReport) -> Piece {
        Piece::of(report, self.select, (self.body)(report))
    }

    fn finish(&self, pieces: &[Piece]) -> String {
        let texts: Vec<&str> = pieces.iter().map(|p| p.text.as_str()).collect();
        envelope(&texts, &Summary::of(pieces))
    }
}

/// SARIF 2.1.0 for code scanning: one run with every reported finding.
pub struct Sarif {
    /// For the rules' metadata in the run.
    pub rules: RuleSet,
    pub root: PathBuf,
    pub select: fn(&Finding) -> bool,
    /// Whether a baseline is in use: each result then says `baselineState`
    /// (`unchanged` for a baselined finding, `new` for the others).
    pub baseline: bool,
}

impl Emitter for Sarif {
    fn spec(&self, report: &SpecReport) -> Piece {
        Piece::of(report, self.select, String::new())
    }

    fn finish(&self, pieces: &[Piece]) -> String {
        let findings: Vec<&Finding> = pieces.iter().flat_map(|p| &p.findings).collect();
        sarif::render(&findings, &self.rules, &self.root, self.baseline)
    }
}

/// GitHub Actions workflow commands, one per reported finding.
pub struct Github {
    pub select: fn(&Finding) -> bool,
}

impl Emitter for Github {
    fn spec(&self, report: &SpecReport) -> Piece {
        let mut piece = Piece::of(report, self.select, String::new());
        piece.text = github::render(&piece.findings.iter().collect::<Vec<_>>());
        piece
    }

    fn finish(&self, pieces: &[Piece]) -> String {
        pieces.iter().map(|p| p.text.as_str()).collect()
    }
}

/// Bumped whenever a field of the JSON output changes meaning or disappears.
pub const VERSION: u32 = 1;

/// The last member of every JSON envelope.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub specs: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    fn of(pieces: &[Piece]) -> Self {
        Self {
            specs: pieces.len(),
            errors: pieces.iter().map(|p| p.errors).sum(),
            warnings: pieces.iter().map(|p| p.warnings).sum(),
        }
    }
}

/// The envelope of every `--format json`, as a type (the documentation of
/// the format; `envelope` prints it without holding the specs as values).
#[derive(Serialize)]
pub struct Envelope<S> {
    pub version: u32,
    pub tool: &'static str,
    pub specs: Vec<S>,
    pub summary: Summary,
}

/// `Envelope` around specs already printed as pretty JSON, byte for byte
/// what serde_json prints for the whole value (a unit test keeps it so).
pub fn envelope(specs: &[&str], summary: &Summary) -> String {
    let mut out = format!("{{\n  \"version\": {VERSION},\n  \"tool\": \"spec\",\n  \"specs\": [");
    for (i, spec) in specs.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        // Pretty JSON has no line break inside a string: indenting lines is safe.
        for (j, line) in spec.lines().enumerate() {
            if j > 0 {
                out.push('\n');
            }
            out.push_str("    ");
            out.push_str(line);
        }
    }
    if !specs.is_empty() {
        out.push_str("\n  ");
    }
    let summary = serde_json::to_string_pretty(summary).unwrap_or_default();
    out.push_str("],\n  \"summary\": ");
    out.push_str(&summary.replace('\n', "\n  "));
    out.push_str("\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_envelope_is_what_serde_json_prints_for_the_whole_value() {
        let specs = [
            json!({ "name": "a", "gates": [{ "state": "passed", "reasons": ["x\ny"] }], "empty": [] }),
            json!({ "name": "b", "nested": { "deep": { "list": [1, 2.5, null] } } }),
        ];
        let summary = Summary {
            specs: 2,
            errors: 3,
            warnings: 0,
        };
        for count in 0..=specs.len() {
            let whole = Envelope {
                version: VERSION,
                tool: "spec",
                specs: specs[..count].to_vec(),
                summary,
            };
            let mut expected = serde_json::to_string_pretty(&whole).unwrap();
            expected.push('\n');
            let printed: Vec<String> = specs[..count]
                .iter()
                .map(|s| serde_json::to_string_pretty(s).unwrap())
                .collect();
            let printed: Vec<&str> = printed.iter().map(String::as_str).collect();
            assert_eq!(envelope(&printed, &summary), expected);
        }
    }
}

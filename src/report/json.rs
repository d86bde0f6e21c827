//! Machine output: a versioned JSON envelope.
//!
//! ```json
//! { "version": 1, "tool": "spec", "specs": [ { "name": …, "path": …, "files": [ { "path": …, "triples": … } ],
//!   "triples": …, "closure": { "present": …, "expected": …, "percent": … },
//!   "findings": [ { "code", "severity", "message", "help", "file", "line", "column", "subject" } ] } ],
//!   "summary": { "specs": …, "errors": …, "warnings": … } }
//! ```

use crate::check::SpecReport;
use crate::finding::{Finding, Severity};
use serde::Serialize;

/// Bumped whenever a field changes meaning or disappears.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Envelope<'a> {
    version: u32,
    tool: &'static str,
    specs: Vec<SpecJson<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct SpecJson<'a> {
    name: &'a str,
    path: String,
    files: Vec<FileJson<'a>>,
    triples: usize,
    closure: ClosureJson,
    findings: &'a [Finding],
}

#[derive(Serialize)]
struct FileJson<'a> {
    path: &'a str,
    triples: usize,
}

#[derive(Serialize)]
struct ClosureJson {
    present: usize,
    expected: usize,
    percent: f64,
}

#[derive(Serialize)]
struct Summary {
    specs: usize,
    errors: usize,
    warnings: usize,
}

pub fn render(reports: &[SpecReport]) -> String {
    let envelope = Envelope {
        version: VERSION,
        tool: "spec",
        specs: reports
            .iter()
            .map(|r| SpecJson {
                name: &r.spec.name,
                path: crate::load::display_path(&r.spec.dir),
                files: r
                    .spec
                    .files
                    .iter()
                    .map(|f| FileJson {
                        path: &f.display,
                        triples: f.triple_count,
                    })
                    .collect(),
                triples: r.spec.triple_count,
                closure: ClosureJson {
                    present: r.closure.present,
                    expected: r.closure.expected,
                    percent: r.closure.percent(),
                },
                findings: &r.findings,
            })
            .collect(),
        summary: Summary {
            specs: reports.len(),
            errors: reports.iter().map(|r| r.count(Severity::Error)).sum(),
            warnings: reports.iter().map(|r| r.count(Severity::Warning)).sum(),
        },
    };
    let mut text = serde_json::to_string_pretty(&envelope).expect("findings serialise");
    text.push('\n');
    text
}

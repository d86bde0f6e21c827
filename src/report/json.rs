//! Machine output: a versioned JSON envelope.
//!
//! ```json
//! { "version": 1, "tool": "spec", "specs": [ { "name": …, "path": …, "files": [ { "path": …, "triples": … } ],
//!   "triples": …, "closure": { "present": …, "expected": …, "percent": … },
//!   "findings": [ { "code", "severity", "message", "help", "file", "line", "column", "subject" } ] } ],
//!   "summary": { "specs": …, "errors": …, "warnings": … } }
//! ```

use crate::check::SpecReport;
use crate::finding::Finding;
use serde::Serialize;

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
    /// `null` when no shape requires anything of the spec (not 100).
    percent: Option<f64>,
}

/// One spec of `spec check --format json`, printed (the envelope is `emit::Json`'s).
pub fn spec(r: &SpecReport) -> String {
    let spec = SpecJson {
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
    };
    serde_json::to_string_pretty(&spec).expect("findings serialise")
}

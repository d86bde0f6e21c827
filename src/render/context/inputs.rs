//! What a spec's view is made of: the part of the check's report the
//! builder reads, and nothing else. The builder holds only this, so what
//! it can read is what is written here; the render cache fingerprints it
//! (`cache.rs`) and builds the view only for a spec whose documents it
//! renders again.
//!
//! Measured on 1,000 generated specs (an up-to-date render, CPU time summed
//! over threads): fingerprinting the inputs took 63–80 ms, building the
//! views 133–156 ms and fingerprinting them 76–89 ms, and up-to-date specs
//! then dropped their views again.
//!
//! The fingerprint is taken of what serde writes, so every field the model
//! and the report do not serialise (`#[serde(skip)]`) is either derived
//! from fields that are serialised, hashed here on its own, or not read by
//! the builder: [`NOT_SERIALISED`] says which, and a test keeps that list
//! the list of every such field in the program.

use crate::check::{Closure, SpecReport};
use crate::finding::{Finding, Severity};
use crate::model::Analysis;
use serde::Serialize;

/// Everything [`super::SpecView::new`] makes a spec's view of.
#[derive(Serialize)]
pub struct ViewInputs<'a> {
    /// The spec's folder name.
    pub(super) name: &'a str,
    /// The spec's folder as shown: relative to the working directory.
    pub(super) dir: String,
    /// Each file as shown, with its number of triples.
    pub(super) files: Vec<(&'a str, usize)>,
    pub(super) triples: usize,
    pub(super) findings: &'a [Finding],
    pub(super) closure: Closure,
    pub(super) analysis: &'a Analysis,
    /// The spec's prefixes, which write the id of an IRI the campaign does
    /// not describe (`Campaign::id`): the campaign does not serialise them.
    prefixes: Vec<(&'a str, &'a str)>,
}

impl<'a> ViewInputs<'a> {
    /// The inputs of `report`'s spec, with its folder shown from the
    /// working directory.
    pub fn of(report: &'a SpecReport) -> Self {
        Self {
            name: &report.spec.name,
            dir: crate::load::display_path(&report.spec.dir),
            files: report
                .spec
                .files
                .iter()
                .map(|f| (f.display.as_str(), f.triple_count))
                .collect(),
            triples: report.spec.triple_count,
            findings: &report.findings,
            closure: report.closure,
            analysis: &report.analysis,
            prefixes: report.analysis.campaign.prefixes.pairs().collect(),
        }
    }

    /// Findings of `severity` that count: those not in the baseline (as
    /// [`SpecReport::count`]).
    pub(super) fn count(&self, severity: Severity) -> usize {
        crate::finding::counted(self.findings, severity)
    }
}

/// Every field the program does not serialise, by file and name, and why
/// the fingerprint of [`ViewInputs`] covers what the view makes of it (a
/// test compares it with the source).
#[cfg(test)]
const NOT_SERIALISED: &[(&str, &str, &str)] = &[
    (
        "src/finding.rs",
        "file_index",
        "not read by the builder (a location's file is read as shown)",
    ),
    (
        "src/finding.rs",
        "offset",
        "not read by the builder (the line is)",
    ),
    (
        "src/finding.rs",
        "length",
        "not read by the builder (the line is)",
    ),
    (
        "src/finding.rs",
        "label",
        "not read by the builder (the message is)",
    ),
    (
        "src/model/gates.rs",
        "index",
        "derived: each gate's position in the serialised list",
    ),
    (
        "src/model/mod.rs",
        "prefixes",
        "hashed on their own (`ViewInputs::prefixes`)",
    ),
    (
        "src/model/mod.rs",
        "index",
        "derived: positions in the serialised lists",
    ),
    (
        "src/model/mod.rs",
        "latest",
        "derived: positions in the serialised measurements",
    ),
    (
        "src/model/mod.rs",
        "entailed",
        "not read by the builder (the computed graph's)",
    ),
    (
        "src/model/schedule.rs",
        "index",
        "derived: positions in the serialised slots",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// The field declared after each `#[serde(skip)]` of every source file
    /// under `dir`, by path relative to the crate.
    fn skipped_fields(dir: &Path, found: &mut BTreeSet<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                skipped_fields(&path, found);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let mut lines = text.lines();
            while let Some(line) = lines.next() {
                if line.trim() != "#[serde(skip)]" {
                    continue;
                }
                let field = lines
                    .by_ref()
                    .map(str::trim)
                    .find(|l| !l.starts_with("#[") && !l.starts_with("//"))
                    .unwrap();
                let name = field
                    .trim_start_matches("pub(crate) ")
                    .trim_start_matches("pub(super) ")
                    .trim_start_matches("pub ")
                    .split(':')
                    .next()
                    .unwrap()
                    .trim();
                let relative = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
                found.insert((relative.display().to_string(), name.to_owned()));
            }
        }
    }

    #[test]
    fn every_field_serde_skips_is_accounted_for() {
        let mut found = BTreeSet::new();
        skipped_fields(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        let listed: BTreeSet<(String, String)> = NOT_SERIALISED
            .iter()
            .map(|(file, name, _)| ((*file).to_owned(), (*name).to_owned()))
            .collect();
        assert_eq!(
            found, listed,
            "a field is not serialised: say in NOT_SERIALISED why the view's \
             fingerprint still covers it (hash it in ViewInputs if the view reads it)"
        );
    }
}

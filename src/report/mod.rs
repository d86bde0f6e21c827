//! Stage 4 — report: print findings and closure figures for people (miette)
//! or machines (JSON, SARIF, GitHub Actions commands), every format behind
//! `emit::Emitter`.

pub mod emit;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

/// How output should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    pub color: bool,
    /// Only findings, no per-spec summary lines.
    pub quiet: bool,
}

/// What gates, status and render say on stderr about a spec that was only
/// partly read: their answers come from the triples that parsed, and a gate
/// or a READY computed without the rest must not look complete.
pub fn partial_read_warning(report: &crate::check::SpecReport) -> Option<String> {
    let errors = &report.spec.syntax_errors;
    if errors.is_empty() {
        return None;
    }
    let files: std::collections::BTreeSet<usize> = errors
        .iter()
        .filter_map(|f| f.location.as_ref().map(|l| l.file_index))
        .collect();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    Some(format!(
        "warning: {}: {} of {} did not parse completely ({}); what is shown is computed from the triples that could be read (`spec check {}` lists the errors)\n",
        report.spec.name,
        files.len(),
        plural(report.spec.files.len(), "file"),
        plural(errors.len(), "syntax error"),
        report.spec.name,
    ))
}

/// Prints the partial-read warnings, and says whether there were any.
pub fn warn_partial_reads<'a>(warnings: impl IntoIterator<Item = Option<&'a str>>) -> bool {
    let mut any = false;
    for warning in warnings.into_iter().flatten() {
        eprint!("{warning}");
        any = true;
    }
    any
}

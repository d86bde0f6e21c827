//! Stage 3 — report: print findings and closure figures for people (miette)
//! or machines (JSON, SARIF, GitHub Actions commands).

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
pub fn warn_partial_reads(warnings: &[Option<String>]) -> bool {
    let mut any = false;
    for warning in warnings.iter().flatten() {
        eprint!("{warning}");
        any = true;
    }
    any
}

/// The `{"specs": […], "version": 1}` envelope of `--format json` around specs
/// already printed as pretty JSON, byte for byte what serde_json prints for the
/// whole value. Each spec is printed by the thread that checked it, so the
/// values of every spec never need to be in memory at once.
pub fn json_envelope(specs: &[String]) -> String {
    let mut out = String::from("{\n  \"specs\": [");
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
    out.push_str("],\n  \"version\": 1\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::json_envelope;
    use serde_json::json;

    #[test]
    fn the_envelope_is_what_serde_json_prints_for_the_whole_value() {
        let specs = [
            json!({ "name": "a", "gates": [{ "state": "passed", "reasons": ["x\ny"] }], "empty": [] }),
            json!({ "name": "b", "nested": { "deep": { "list": [1, 2.5, null] } } }),
        ];
        for count in 0..=specs.len() {
            let whole = json!({ "version": 1, "specs": specs[..count] });
            let mut expected = serde_json::to_string_pretty(&whole).unwrap();
            expected.push('\n');
            let printed: Vec<String> = specs[..count]
                .iter()
                .map(|s| serde_json::to_string_pretty(s).unwrap())
                .collect();
            assert_eq!(json_envelope(&printed), expected);
        }
    }
}

//! One file per subcommand. Each returns the process exit code or a `Failure` (exit 2).

pub mod check;
pub mod completions;
pub mod explain;
pub mod export;
pub mod fmt;
pub mod gates;
pub mod hook;
pub mod init;
pub mod new;
pub mod query;
pub mod record;
pub mod render;
pub mod rules;
pub mod shacl;
pub mod status;
pub mod templates;

use crate::check::{CheckConfig, RuleSet};
use crate::cli::{ColorChoice, WorkspaceArgs};
use crate::failure::Failure;
use crate::load::LoadOptions;
use crate::workspace::Workspace;
use std::io::IsTerminal;

/// Exit codes, as documented in the README.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_FAILURE: u8 = 2;

/// The workspace, rules and options a command runs with.
pub struct Session {
    pub workspace: Workspace,
    pub rules: RuleSet,
    pub check: CheckConfig,
    pub load: LoadOptions,
}

impl Session {
    pub fn open(args: &WorkspaceArgs) -> Result<Self, Failure> {
        let cwd = std::env::current_dir()
            .map_err(|e| Failure::new(format!("cannot read the working directory: {e}")))?;
        if let Some(config) = &args.config {
            if !config.is_file() {
                return Err(Failure::new(format!(
                    "configuration file {} does not exist",
                    config.display()
                )));
            }
        }
        let workspace = Workspace::discover(&cwd, args.config.as_deref(), args.isolated)?;
        let timeout = match (args.timeout, &workspace.config.timeout) {
            (Some(timeout), _) => timeout,
            (None, Some(text)) => crate::deadline::parse_duration(text).map_err(|e| {
                let config = workspace
                    .config_path
                    .as_deref()
                    .map(crate::load::display_path)
                    .unwrap_or_default();
                Failure::new(format!("{config}: timeout: {e}"))
            })?,
            (None, None) => crate::deadline::DEFAULT_TIMEOUT,
        };
        crate::deadline::set_timeout(timeout);
        let mut rules = RuleSet::builtin();
        let mut dirs: Vec<_> = workspace
            .config
            .rules
            .iter()
            .map(|d| workspace.root.join(d))
            .collect();
        if workspace.config.rules.is_empty() {
            // `rules/` beside spec.toml is picked up unless spec.toml lists its
            // rule folders; `--rules` adds folders either way.
            let beside = workspace.root.join("rules");
            if workspace.config_path.is_some() && beside.is_dir() {
                dirs.push(beside);
            }
        }
        dirs.extend(args.rule_dirs.iter().cloned());
        for dir in dirs {
            if !dir.is_dir() {
                return Err(Failure::new(format!(
                    "rules folder {} does not exist",
                    dir.display()
                )));
            }
            rules.add_dir(&dir)?;
        }
        let mut check = CheckConfig::default();
        for (code, level) in &workspace.config.severity {
            if rules.get(code).is_none() {
                let config = workspace
                    .config_path
                    .as_deref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                return Err(Failure::new(format!(
                    "{config}: unknown rule code `{code}` in [severity]"
                ))
                .with_help("`spec rules` lists the codes"));
            }
            check.severities.insert(code.clone(), level.severity());
        }
        let mut shape_files: Vec<std::path::PathBuf> = workspace
            .config
            .shapes
            .iter()
            .map(|s| workspace.root.join(s))
            .collect();
        shape_files.extend(args.shapes.iter().cloned());
        if !shape_files.is_empty() {
            check.shapes = crate::check::shacl::Shapes::with_user(
                shacl::read_graph(&shape_files)?.0.triples().collect(),
            );
        }
        let load = LoadOptions {
            namespaces: workspace.config.namespaces.clone(),
        };
        Ok(Self {
            workspace,
            rules,
            check,
            load,
        })
    }
}

impl Session {
    /// What `--watch` watches: the spec roots, templates and rule folders, and
    /// the workspace root (for spec.toml).
    pub fn watched(&self) -> crate::watch::Watched {
        let root = &self.workspace.root;
        let mut recursive = self.workspace.roots();
        recursive.push(root.join("templates"));
        recursive.push(root.join("rules"));
        if let Some(templates) = &self.workspace.config.templates {
            recursive.push(root.join(templates));
        }
        recursive.extend(self.workspace.config.rules.iter().map(|r| root.join(r)));
        crate::watch::Watched {
            recursive,
            root: root.clone(),
        }
    }
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

/// Whether to colour output written to stdout.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => auto_color(std::io::stdout().is_terminal()),
    }
}

/// Colour by default on a terminal, unless `NO_COLOR` is set (https://no-color.org).
pub fn auto_color(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Writes a command's output to stdout. A closed pipe (`spec gates | head`) is
/// not an error worth reporting.
pub fn print(output: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush());
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

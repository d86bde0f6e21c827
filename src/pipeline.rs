//! The pipeline every command runs: the workspace and its configuration
//! (`Session`) → load each spec (`load`) → analyse and check it (`check`,
//! which computes the model first) → hand the report to the command's output,
//! in the thread that checked it. Specs are loaded and checked in parallel;
//! each spec's graph is dropped as soon as its report is made.

use crate::check::{check_spec, CheckConfig, Checked, RuleSet};
use crate::cli::WorkspaceArgs;
use crate::failure::Failure;
use crate::load::{load_spec, LoadOptions};
use crate::report::emit::{Emitter, Piece};
use crate::workspace::Workspace;
use rayon::prelude::*;

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
                crate::shacl::read::read_graph(&shape_files)?
                    .0
                    .triples()
                    .collect(),
            );
        }
        for name in &workspace.config.profiles {
            check
                .profiles
                .force(name, &workspace.root)
                .map_err(Failure::new)?;
        }
        check.hours_per_day = workspace.config.hours_per_day;
        check.reference_rules = args.reference_rules;
        let load = LoadOptions {
            namespaces: workspace.config.namespaces.clone(),
            // Read only when a spec imports something that is not a
            // well-known vocabulary (load/imports.rs).
            imports: std::sync::Arc::new(crate::load::imports::Imports::lazy({
                let workspace = workspace.clone();
                move || workspace.all_specs().unwrap_or_default()
            })),
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

/// Who reads the output: a progress bar is shown only to people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    People,
    Machines,
}

impl Audience {
    /// People read human output; machines read everything else.
    pub fn when_people(human_output: bool) -> Self {
        if human_output {
            Self::People
        } else {
            Self::Machines
        }
    }
}

/// Loads and checks the specs named by `arguments` (every spec of the
/// workspace when empty), in parallel, and hands each checked spec to `keep`
/// in the worker thread as soon as it is checked: a command keeps what it
/// prints of a spec (its lines, its JSON, its documents), and the spec's graph
/// is dropped with the rest. Results come back in argument order.
pub fn check_each<T: Send>(
    session: &mut Session,
    arguments: &[std::path::PathBuf],
    audience: Audience,
    keep: impl Fn(Checked) -> T + Sync,
) -> Result<Vec<T>, Failure> {
    let dirs = session.workspace.resolve(arguments)?;
    session.check.parallel_rules = dirs.len() < threads();
    let session = &*session;
    let bar = crate::progress::bar(dirs.len(), audience == Audience::People);
    let one = |dir: &std::path::PathBuf| {
        bar.inc(1);
        let spec = load_spec(dir, &session.load)?;
        Ok(keep(check_spec(spec, &session.rules, &session.check)?))
    };
    // One spec needs no thread pool to share specs out (its start is about
    // 0.5 ms, a tenth of checking a small spec).
    let kept = if dirs.len() == 1 {
        dirs.iter().map(one).collect()
    } else {
        dirs.par_iter().map(one).collect()
    };
    bar.finish_and_clear();
    kept
}

/// The cores to share work out to, read without starting rayon's pool
/// (`rayon::current_num_threads` starts it).
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Checks every spec and prints what `emitter` makes of them (the pieces
/// come back, for the exit code): `spec check`, `spec gates`, `spec status`.
pub fn emit(
    session: &mut Session,
    arguments: &[std::path::PathBuf],
    audience: Audience,
    emitter: &dyn Emitter,
) -> Result<Vec<Piece>, Failure> {
    let pieces = check_each(session, arguments, audience, |checked| {
        emitter.spec(&checked.report)
    })?;
    crate::terminal::print(&emitter.finish(&pieces));
    Ok(pieces)
}

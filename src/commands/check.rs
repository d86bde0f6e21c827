//! `spec check`: load each spec, run the rules, print findings and closure.
//! `--staged` checks the git index, `--changed` only the specs a change
//! touches, and a baseline (`spec baseline`) turns accepted findings into
//! ones that fail nothing: together, the pre-commit hook.

use crate::baseline::Baseline;
use crate::check::SpecReport;
use crate::cli::{CheckArgs, FindingsFormat};
use crate::failure::Failure;
use crate::finding::Finding;
use crate::git::{Repository, Snapshot};
use crate::pipeline::{check_each, Audience, Session};
use crate::report::emit::{Emitter, Github, Human, Json, Sarif};
use crate::report::{human, json, Style};
use crate::terminal::{EXIT_FINDINGS, EXIT_OK};
use std::path::{Path, PathBuf};

pub fn run(args: &CheckArgs) -> Result<u8, Failure> {
    if args.watch {
        let session = Session::open(&args.workspace)?;
        return crate::watch::run(&session.watched(), || once(args));
    }
    once(args)
}

/// What the repository says before the session opens: the changed files
/// (relative to the top of the work tree) and the staged snapshot, whose
/// folder stands for the top of the work tree while it lives.
struct Git {
    changed: Option<(String, Vec<PathBuf>)>,
    /// The folder that stands for the top of the work tree.
    top: PathBuf,
    _snapshot: Option<Snapshot>,
}

fn git(args: &CheckArgs) -> Result<Option<Git>, Failure> {
    if !args.staged && args.changed.is_none() {
        return Ok(None);
    }
    let cwd = std::env::current_dir()
        .map_err(|e| Failure::new(format!("cannot read the working directory: {e}")))?;
    let repo = Repository::discover(&cwd)?;
    let changed = match &args.changed {
        Some(rev) => Some((rev.clone(), repo.changed(rev, args.staged)?)),
        None => None,
    };
    if !args.staged {
        return Ok(Some(Git {
            changed,
            top: repo.top.clone(),
            _snapshot: None,
        }));
    }
    // The workspace (spec.toml's folder) as staged, laid out like the work
    // tree; then work from the same place inside it, so that every path
    // prints as it would in the work tree.
    let workspace = match &args.workspace.config {
        Some(config) => std::path::absolute(config)
            .ok()
            .and_then(|c| c.parent().map(Path::to_path_buf)),
        None if args.workspace.isolated => None,
        None => crate::config::Config::find(&cwd).and_then(|c| c.parent().map(Path::to_path_buf)),
    };
    let under = workspace
        .and_then(|w| repo.relative(&w))
        .unwrap_or_default();
    let snapshot = repo.export_index(&under)?;
    let inside = snapshot.dir.join(repo.relative(&cwd).unwrap_or_default());
    std::fs::create_dir_all(&inside)
        .and_then(|()| std::env::set_current_dir(&inside))
        .map_err(|e| Failure::new(format!("cannot enter {}: {e}", inside.display())))?;
    Ok(Some(Git {
        changed,
        top: snapshot.dir.clone(),
        _snapshot: Some(snapshot),
    }))
}

/// The specs to check for `--changed`: those with a changed file and the
/// specs that import them, or all of them when a file they share changed
/// (spec.toml, rules, shapes, the baseline).
fn changed_specs(
    session: &Session,
    args: &CheckArgs,
    git: &Git,
    files: &[PathBuf],
) -> Result<Vec<PathBuf>, Failure> {
    let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let top = real(&git.top);
    let changed: Vec<PathBuf> = files.iter().map(|f| top.join(f)).collect();
    let workspace = &session.workspace;
    let root = &workspace.root;
    let mut shared: Vec<PathBuf> = vec![root.join("rules"), baseline_path(session)];
    shared.extend(workspace.config_path.iter().cloned());
    shared.extend(workspace.config.rules.iter().map(|r| root.join(r)));
    shared.extend(workspace.config.shapes.iter().map(|s| root.join(s)));
    shared.extend(args.workspace.rule_dirs.iter().cloned());
    shared.extend(args.workspace.shapes.iter().cloned());
    let shared: Vec<PathBuf> = shared.iter().map(|p| real(p)).collect();
    let all = workspace.resolve(&args.specs)?;
    if changed
        .iter()
        .any(|f| shared.iter().any(|s| f.starts_with(s)))
    {
        return Ok(all);
    }
    let (mut selected, rest): (Vec<PathBuf>, Vec<PathBuf>) = all.into_iter().partition(|dir| {
        let dir = real(dir);
        changed.iter().any(|f| f.starts_with(&dir))
    });
    importers(&mut selected, rest);
    Ok(selected)
}

const OWL_IMPORTS: &str = "http://www.w3.org/2002/07/owl#imports";
const OWL_ONTOLOGY: &str = "http://www.w3.org/2002/07/owl#Ontology";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// Adds to `selected` the specs of `rest` that import (`owl:imports`) an
/// ontology one of them declares, transitively: a change to a spec can
/// break the specs built on it. Only files that mention `imports` are
/// parsed, so a workspace without imports costs a text search.
fn importers(selected: &mut Vec<PathBuf>, mut rest: Vec<PathBuf>) {
    let mut ontologies: Vec<String> = selected
        .iter()
        .flat_map(|d| declared_ontologies(d))
        .collect();
    while !ontologies.is_empty() && !rest.is_empty() {
        let (importing, others): (Vec<PathBuf>, Vec<PathBuf>) = rest
            .into_iter()
            .partition(|dir| imports_of(dir).iter().any(|i| ontologies.contains(i)));
        rest = others;
        ontologies = importing
            .iter()
            .flat_map(|d| declared_ontologies(d))
            .collect();
        selected.extend(importing);
    }
    selected.sort();
}

/// The triples of a spec folder's Turtle files whose text contains `needle`
/// (unparseable statements are skipped: `spec check` reports them).
fn triples_of(dir: &Path, needle: &str) -> Vec<oxrdf::Triple> {
    let mut triples = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "ttl") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        if !text.contains(needle) {
            continue;
        }
        let base = crate::fs::file_url(path);
        let Ok(parser) = oxttl::TurtleParser::new().with_base_iri(&base) else {
            continue;
        };
        triples.extend(parser.for_slice(text.as_bytes()).filter_map(Result::ok));
    }
    triples
}

fn declared_ontologies(dir: &Path) -> Vec<String> {
    triples_of(dir, "Ontology")
        .into_iter()
        .filter(|t| {
            t.predicate.as_str() == RDF_TYPE && t.object.to_string() == format!("<{OWL_ONTOLOGY}>")
        })
        .map(|t| t.subject.to_string().trim_matches(['<', '>']).to_owned())
        .collect()
}

fn imports_of(dir: &Path) -> Vec<String> {
    triples_of(dir, "imports")
        .into_iter()
        .filter(|t| t.predicate.as_str() == OWL_IMPORTS)
        .map(|t| t.object.to_string().trim_matches(['<', '>']).to_owned())
        .collect()
}

fn baseline_path(session: &Session) -> PathBuf {
    let workspace = &session.workspace;
    workspace.root.join(
        workspace
            .config
            .baseline
            .as_deref()
            .unwrap_or(Path::new(crate::baseline::DEFAULT_FILE)),
    )
}

fn once(args: &CheckArgs) -> Result<u8, Failure> {
    let git = git(args)?;
    let mut session = Session::open(&args.workspace)?;
    let baseline = match args.no_baseline {
        true => None,
        false => Baseline::load(&baseline_path(&session))?,
    };
    let audience = Audience::when_people(args.format == FindingsFormat::Human && !args.quiet);
    let style = Style {
        color: crate::terminal::use_color(args.color),
        quiet: args.quiet,
    };
    let every: fn(&Finding) -> bool = |_| true;
    let emitter: Box<dyn Emitter> = match args.format {
        FindingsFormat::Human => Box::new(Human {
            body: move |report: &SpecReport| human::render_spec(report, style),
            select: every,
            separator: "",
            total: !args.quiet,
        }),
        FindingsFormat::Json => Box::new(Json {
            body: json::spec,
            select: every,
        }),
        FindingsFormat::Sarif => Box::new(Sarif {
            rules: session.rules.clone(),
            root: session.workspace.root.clone(),
            select: every,
            baseline: baseline.is_some(),
        }),
        // An accepted finding is not annotated on the pull request.
        FindingsFormat::Github => Box::new(Github {
            select: |f| !f.baselined,
        }),
    };
    let specs = match git
        .as_ref()
        .and_then(|g| g.changed.as_ref().map(|c| (g, c)))
    {
        None => args.specs.clone(),
        Some((git, (rev, files))) => {
            let specs = changed_specs(&session, args, git, files)?;
            if specs.is_empty() {
                // Machines still get a well-formed (empty) document.
                match args.format {
                    FindingsFormat::Human if !args.quiet => {
                        println!("no spec changed since {rev}: nothing to check");
                    }
                    FindingsFormat::Human => {}
                    _ => crate::terminal::print(&emitter.finish(&[])),
                }
                return Ok(EXIT_OK);
            }
            specs
        }
    };
    let pieces = check_each(&mut session, &specs, audience, |mut checked| {
        if let Some(baseline) = &baseline {
            let report = &mut checked.report;
            baseline.mark(&report.spec.name, &mut report.findings);
        }
        emitter.spec(&checked.report)
    })?;
    crate::terminal::print(&emitter.finish(&pieces));
    if let (Some(baseline), FindingsFormat::Human) = (&baseline, args.format) {
        let kept: usize = pieces
            .iter()
            .flat_map(|p| &p.findings)
            .filter(|f| f.baselined)
            .count();
        let fixed = baseline.fixed();
        let file = crate::load::display_path(&baseline.path);
        if fixed > 0 {
            println!(
                "{file}: {fixed} accepted finding(s) are fixed; run `spec baseline` to drop them"
            );
        } else if kept > 0 && !args.quiet {
            println!("{file}: {kept} accepted finding(s) not shown");
        }
    }
    let errors = pieces.iter().any(|p| p.errors > 0);
    let warnings = pieces.iter().any(|p| p.warnings > 0);
    Ok(if errors || (args.strict && warnings) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

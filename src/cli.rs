//! The command-line interface: clap definitions only; each command lives in `commands/`.

use clap::{ArgMatches, Args, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "spec",
    version,
    about = "Check and render declarative RDF/Turtle campaign specs",
    long_about = "spec loads campaign specs written in Turtle (phases, tasks, agents, gates, metrics, risks), \
checks specification closure and consistency with SPARQL rules, and reports every gap with its file, line and column.",
    after_help = "Exit codes: 0 no errors · 1 errors found (or warnings with --strict) · 2 usage or I/O problem.\n\
Run `spec rules` for the rule list and `spec explain CODE` for one rule."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check specs: parse, closure and consistency rules, located diagnostics.
    Check(Deferred<CheckArgs>),
    /// Accept the current findings: write them to the baseline file, so that
    /// `spec check` and the hook fail only on new ones.
    Baseline(Deferred<BaselineArgs>),
    /// Evaluate every gate from its criteria: passed, failed (and why) or pending.
    Gates(Deferred<GatesArgs>),
    /// Phases and tasks with status, readiness (what each task waits for) and the computed schedule.
    Status(Deferred<StatusArgs>),
    /// Append a measurement of a metric to the spec's evidence/ folder.
    Record(Deferred<RecordArgs>),
    /// Render dashboards, summaries, coordinator logs and agent briefings from templates.
    Render(Deferred<RenderArgs>),
    /// List the templates `spec render` uses and where each comes from.
    Templates(Deferred<TemplatesArgs>),
    /// Run a SPARQL query over a spec (its files, evidence, vocabulary and computed facts).
    Query(Deferred<QueryArgs>),
    /// Export the compiled spec: its triples plus the computed facts, with a canonical hash.
    Export(Deferred<ExportArgs>),
    /// Publish compiled specs to a SPARQL store, one named graph each (Graph Store Protocol).
    #[cfg(feature = "endpoint")]
    Publish(Deferred<PublishArgs>),
    /// Validate data against SHACL shapes (W3C SHACL Core), pySHACL-style.
    Shacl(Deferred<ShaclArgs>),
    /// Rewrite Turtle files in one canonical layout, keeping every comment.
    Fmt(Deferred<FmtArgs>),
    /// Start a workspace: spec.toml and .specify/specs/ (nothing is overwritten).
    Init,
    /// Create the next numbered spec directory with skeleton files.
    New(Deferred<NewArgs>),
    /// List every rule with its code, default severity and summary.
    Rules(Deferred<RulesArgs>),
    /// Print a rule's explanation, with a wrong and a right example.
    Explain(Deferred<ExplainArgs>),
    /// Manage the git pre-commit hook.
    #[command(subcommand)]
    Hook(HookCommand),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(Deferred<CompletionsArgs>),
    /// Print the man page (roff), e.g. `spec man > spec.1`.
    Man,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Human,
    Json,
}

/// Output of commands that report findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum FindingsFormat {
    /// Diagnostics with source snippets, for people.
    #[default]
    Human,
    /// The versioned JSON envelope.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Where the workspace and its configuration come from.
#[derive(Debug, Args, Clone, Default)]
pub struct WorkspaceArgs {
    /// Use this configuration file instead of searching for spec.toml.
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Ignore spec.toml files.
    #[arg(long, global = true, conflicts_with = "config")]
    pub isolated: bool,
    /// Extra folder of user rules (*.rq); may be repeated.
    #[arg(long = "rules", value_name = "DIR", global = true)]
    pub rule_dirs: Vec<PathBuf>,
    /// SHACL shapes (file or folder) to validate the specs against; may be repeated.
    #[arg(long = "shapes", value_name = "FILE", global = true)]
    pub shapes: Vec<PathBuf>,
    /// Time limit of each SPARQL query (gate conditions, rules, `spec query`,
    /// `sparql()` in templates), e.g. 500ms, 5s, 2m [default: spec.toml
    /// `timeout`, else 5s].
    #[arg(long, value_name = "DURATION", global = true, value_parser = crate::deadline::parse_duration)]
    pub timeout: Option<std::time::Duration>,
    /// Run every built-in rule from its SPARQL query, also the scanning rules
    /// that are otherwise answered natively in one pass (same findings, slower).
    #[arg(long, global = true)]
    pub reference_rules: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Spec directories, files or unique NNN prefixes (default: every spec of the workspace).
    #[arg(value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: FindingsFormat,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Print findings only, without summary lines.
    #[arg(long, short)]
    pub quiet: bool,
    /// When to use colour (NO_COLOR is honoured in auto mode).
    #[arg(long, value_enum, default_value_t)]
    pub color: ColorChoice,
    /// Check again whenever a spec, template, rule or spec.toml changes.
    #[arg(long, conflicts_with_all = ["staged", "changed"])]
    pub watch: bool,
    /// Check the content staged for commit (the git index), not the working
    /// tree: what the pre-commit hook checks.
    #[arg(long)]
    pub staged: bool,
    /// Check only the specs with a file changed since REV (default HEAD):
    /// against the index with --staged, else the working tree. A change to
    /// spec.toml, rules, shapes or the baseline checks every spec.
    #[arg(long, value_name = "REV", num_args = 0..=1, default_missing_value = "HEAD")]
    pub changed: Option<String>,
    /// Ignore the baseline file: report every finding as new.
    #[arg(long)]
    pub no_baseline: bool,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
}

#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// Spec directories or unique NNN prefixes (default: every spec; the
    /// entries of the other specs are kept).
    #[arg(value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
}

#[derive(Debug, Args)]
pub struct GatesArgs {
    /// Spec directories or unique NNN prefixes (default: every spec of the workspace).
    #[arg(value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: FindingsFormat,
    /// Exit 1 when a file of a spec did not parse completely (the gates
    /// would be computed from part of the spec).
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Spec directories or unique NNN prefixes (default: every spec of the workspace).
    #[arg(value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
    /// List only the tasks that can start now.
    #[arg(long)]
    pub ready: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Exit 1 when a file of a spec did not parse completely (readiness
    /// and schedule would be computed from part of the spec).
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
}

#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The spec directory (or unique NNN prefix).
    #[arg(value_name = "SPEC")]
    pub spec: PathBuf,
    /// The metric: its local name (`build-time`) or full IRI.
    #[arg(value_name = "METRIC")]
    pub metric: String,
    /// The measured value, a decimal number.
    #[arg(value_name = "VALUE", allow_hyphen_values = true)]
    pub value: String,
    /// The unit of the value; must match the metric's sg:unit.
    #[arg(long)]
    pub unit: Option<String>,
    /// The command that produced the value (sg:measuredBy).
    #[arg(long)]
    pub source: Option<String>,
    /// The source revision measured (sg:commit).
    #[arg(long)]
    pub commit: Option<String>,
    /// When it was measured: an xsd:date or xsd:dateTime (default: now, UTC).
    #[arg(long, value_name = "INSTANT")]
    pub at: Option<String>,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Spec directories or unique NNN prefixes (default: every spec, plus the workspace index).
    #[arg(value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
    /// The output folder (default: spec.toml's `output`, else docs/ at the workspace root).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Write nothing; exit 1 if the output folder is not up to date.
    #[arg(long)]
    pub check: bool,
    /// Render again whenever a spec, template, rule or spec.toml changes.
    #[arg(long, conflicts_with = "check")]
    pub watch: bool,
    /// Template overrides (default: spec.toml's `templates`, else templates/ at the workspace root).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Markdown documents, or a self-contained static HTML site (default
    /// output folder: the markdown one's `html/`).
    #[arg(long, value_enum, default_value_t = crate::render::Format::Markdown)]
    pub format: crate::render::Format,
    /// Render the portfolio of every spec published to this SPARQL store
    /// (`portfolio.md`) instead of the workspace's documents.
    #[command(flatten)]
    pub endpoint: EndpointArgs,
    /// Exit 1 when a file of a spec did not parse completely (nothing is
    /// written: the documents would describe part of the spec).
    #[arg(long)]
    pub strict: bool,
    /// Evaluate every template, even for specs whose documents are up to
    /// date by the cache in `.spec_cache/` (`--check` never uses it).
    #[arg(long)]
    pub no_cache: bool,
    /// Evaluate the default templates with minijinja too, as overridden
    /// ones are (the dashboard, summary, coordinator log and briefings are
    /// otherwise written natively: the same documents, faster).
    #[arg(long)]
    pub reference_templates: bool,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
}

#[derive(Debug, Args)]
pub struct TemplatesArgs {
    /// Template overrides (default: spec.toml's `templates`, else templates/ at the workspace root).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The spec's name (`faster-tests`); an `NNN-` prefix is kept as given.
    pub name: String,
    /// The campaign's title (default: from the name).
    #[arg(long)]
    pub title: Option<String>,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum QueryFormat {
    /// An aligned table.
    #[default]
    Table,
    /// SPARQL 1.1 query results JSON.
    Json,
    Csv,
    Tsv,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// [SPEC] QUERY: the spec (optional when the workspace has one) and the query text.
    /// With --file, every argument names the spec.
    #[arg(value_name = "ARGS", required_unless_present = "file")]
    pub args: Vec<String>,
    /// Read the query from a file.
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Output format for SELECT and ASK (CONSTRUCT and DESCRIBE print Turtle).
    #[arg(long, value_enum, default_value_t)]
    pub format: QueryFormat,
    /// Query a SPARQL store instead of a spec (what `spec publish` put there):
    /// then every argument is the query.
    #[command(flatten)]
    pub endpoint: EndpointArgs,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
}

/// A SPARQL store and how to reach it.
#[derive(Debug, Clone, Args)]
pub struct EndpointArgs {
    /// The store's base URL: its services are BASE/query, BASE/update and
    /// BASE/store (Oxigraph server) unless given below.
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// The SPARQL query service, if not BASE/query.
    #[arg(long, value_name = "URL", requires = "endpoint")]
    pub query_url: Option<String>,
    /// The SPARQL update service, if not BASE/update.
    #[arg(long, value_name = "URL", requires = "endpoint")]
    pub update_url: Option<String>,
    /// The Graph Store Protocol service, if not BASE/store (Fuseki: BASE/data).
    #[arg(long, value_name = "URL", requires = "endpoint")]
    pub store_url: Option<String>,
    /// Time limit of each request, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub http_timeout: f64,
}

#[cfg(feature = "endpoint")]
#[derive(Debug, Args)]
pub struct PublishArgs {
    /// Spec directories or unique NNN prefixes (default: every spec; then
    /// specs the store has from this workspace but the workspace no longer
    /// has are removed from it).
    #[arg(value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
    #[command(flatten)]
    pub endpoint: EndpointArgs,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ExportFormat {
    #[default]
    Turtle,
    Jsonld,
    Nquads,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The spec directory (or unique NNN prefix).
    #[arg(value_name = "SPEC")]
    pub spec: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: ExportFormat,
    /// Write to this file (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Files or folders (default: every spec of the workspace).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Write nothing; exit 1 if a file would change.
    #[arg(long)]
    pub check: bool,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ShaclFormat {
    #[default]
    Human,
    /// A standard sh:ValidationReport graph.
    Turtle,
    Json,
}

#[derive(Debug, Args)]
pub struct ShaclArgs {
    /// Shapes: Turtle files or folders (repeatable).
    #[arg(long, value_name = "FILE", required = true)]
    pub shapes: Vec<PathBuf>,
    /// Data: Turtle files or folders (repeatable).
    #[arg(long, value_name = "FILE", required = true)]
    pub data: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: ShaclFormat,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code, e.g. dangling-reference.
    pub code: String,
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
}

#[derive(Debug, Subcommand)]
pub enum HookCommand {
    /// Install a git pre-commit hook that runs `spec check` (respects core.hooksPath).
    Install(HookInstallArgs),
}

#[derive(Debug, Args)]
pub struct HookInstallArgs {
    /// Replace an existing pre-commit hook that spec did not write (it is kept as pre-commit.bak).
    #[arg(long)]
    pub force: bool,
}

/// A subcommand's arguments, added to clap's command tree only when that
/// subcommand runs (or help or completions need every one): building the
/// whole tree of seventeen commands and their options was 0.3–0.45 ms of
/// every run, about 5% of checking one small spec.
#[derive(Debug)]
pub struct Deferred<T>(pub T);

impl<T> std::ops::Deref for Deferred<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: FromArgMatches> FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Self)
    }
    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Self)
    }
    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }
    fn update_from_arg_matches_mut(&mut self, matches: &mut ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

impl<T: Args> Args for Deferred<T> {
    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| keep_about(cmd, T::augment_args))
    }
    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| keep_about(cmd, T::augment_args_for_update))
    }
}

/// `augment(cmd)`, keeping the description the subcommand's variant gave
/// it: run late, a flattened struct's doc comment (`WorkspaceArgs`') would
/// replace it.
fn keep_about(cmd: clap::Command, augment: fn(clap::Command) -> clap::Command) -> clap::Command {
    let about = cmd.get_about().cloned();
    let long_about = cmd.get_long_about().cloned();
    let cmd = augment(cmd);
    match (about, long_about) {
        (Some(about), Some(long_about)) => cmd.about(about).long_about(long_about),
        (Some(about), None) => cmd.about(about).long_about(None::<&str>),
        (None, _) => cmd,
    }
}

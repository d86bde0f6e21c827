//! `spec.toml`: the workspace configuration.
//!
//! ```toml
//! roots = ["specs", ".specify/specs", "campaigns"]   # where spec directories live
//! rules = ["rules"]                                    # folders of extra `*.rq` rules
//! namespaces = ["https://example.org/plan#"]           # IRIs the specs describe themselves
//! timeout = "5s"                                       # time limit of each SPARQL query
//! baseline = "spec-baseline.json"                      # accepted findings (`spec baseline`)
//! profiles = ["spec-kit"]                              # vocabularies aligned for every spec
//! hours_per_day = 8                                    # estimates in hours → days
//!
//! [severity]
//! literal-names-resource = "error"
//! dangling-reference = "off"
//! ```

use crate::finding::Severity;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAMES: &[&str] = &["spec.toml", ".spec.toml"];
pub const DEFAULT_ROOTS: &[&str] = &[".specify/specs", "specs"];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Folders whose subfolders are spec directories, relative to the workspace root.
    #[serde(default)]
    pub roots: Option<Vec<PathBuf>>,
    /// Folders of user rules (`*.rq`), relative to the workspace root.
    #[serde(default)]
    pub rules: Vec<PathBuf>,
    /// Namespaces that count as the specs' own (for `dangling-reference`).
    #[serde(default)]
    pub namespaces: Vec<String>,
    /// Per-rule severity: `error`, `warning`, `info` or `off`.
    #[serde(default)]
    pub severity: BTreeMap<String, SeverityLevel>,
    /// Where `spec render` writes, relative to the workspace root (default `docs`).
    #[serde(default)]
    pub output: Option<PathBuf>,
    /// The folder of template overrides, relative to the workspace root (default `templates`).
    #[serde(default)]
    pub templates: Option<PathBuf>,
    /// SHACL shapes files or folders every spec is validated against.
    #[serde(default)]
    pub shapes: Vec<PathBuf>,
    /// Time limit of each SPARQL query (`500ms`, `5s`, `2m`); `--timeout` wins.
    #[serde(default)]
    pub timeout: Option<String>,
    /// The baseline file, relative to the workspace root (default `spec-baseline.json`).
    #[serde(default)]
    pub baseline: Option<PathBuf>,
    /// Profiles on for every spec: a bundled profile's name (`spec-kit`) or a
    /// `.ttl` file of alignment axioms, relative to the workspace root.
    #[serde(default)]
    pub profiles: Vec<String>,
    /// Working hours in a day, to read estimates in hours (default 8).
    #[serde(default)]
    pub hours_per_day: Option<f64>,
    /// The workspace's name in a SPARQL store (`spec publish`); default: the
    /// git remote `origin`, else the folder's name.
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeverityLevel {
    Error,
    Warning,
    Info,
    Off,
}

impl SeverityLevel {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Self::Error => Some(Severity::Error),
            Self::Warning => Some(Severity::Warning),
            Self::Info => Some(Severity::Info),
            Self::Off => None,
        }
    }
}

/// A configuration file that cannot be used, with where the problem is.
#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: String,
    pub span: Option<std::ops::Range<usize>>,
    pub text: String,
}

impl Config {
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            message: format!("cannot read the configuration: {e}"),
            span: None,
            text: String::new(),
        })?;
        let config: Self = toml::from_str(&text).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            message: e.message().to_owned(),
            span: e.span(),
            text: text.clone(),
        })?;
        let root = path.parent().unwrap_or(Path::new("."));
        let root = if root.as_os_str().is_empty() {
            Path::new(".")
        } else {
            root
        };
        check_paths_inside(root, path, &text)?;
        Ok(config)
    }

    /// The first `spec.toml`/`.spec.toml` in `start` or one of its parents.
    pub fn find(start: &Path) -> Option<PathBuf> {
        start.ancestors().find_map(|dir| {
            FILE_NAMES
                .iter()
                .map(|name| dir.join(name))
                .find(|candidate| candidate.is_file())
        })
    }
}

/// The paths of spec.toml, with where each is written (for the error).
#[derive(Deserialize, Default)]
#[serde(default)]
struct PathsOf {
    roots: Vec<toml::Spanned<String>>,
    rules: Vec<toml::Spanned<String>>,
    shapes: Vec<toml::Spanned<String>>,
    output: Option<toml::Spanned<String>>,
    templates: Option<toml::Spanned<String>>,
    baseline: Option<toml::Spanned<String>>,
    profiles: Vec<toml::Spanned<String>>,
    hours_per_day: Option<toml::Spanned<f64>>,
}

/// Every path spec.toml names must lie inside the workspace. spec.toml comes
/// with the repository, and the pre-commit hook runs on clones of other
/// people's: `roots = ["/"]` made it crawl the whole filesystem (2.4 GB read
/// in 30 s) and `output = "../../x"` made `spec render` write outside. A path
/// given on the command line is the user's own choice and is not limited.
fn check_paths_inside(root: &Path, config: &Path, text: &str) -> Result<(), ConfigError> {
    let paths: PathsOf = toml::from_str(text).unwrap_or_default();
    let named = paths
        .roots
        .iter()
        .map(|p| ("roots", p))
        .chain(paths.rules.iter().map(|p| ("rules", p)))
        .chain(paths.shapes.iter().map(|p| ("shapes", p)))
        .chain(paths.output.iter().map(|p| ("output", p)))
        .chain(paths.templates.iter().map(|p| ("templates", p)))
        .chain(paths.baseline.iter().map(|p| ("baseline", p)))
        .chain(paths.profiles.iter().map(|p| ("profiles", p)));
    for (key, path) in named {
        if !is_inside(root, Path::new(path.get_ref())) {
            return Err(ConfigError {
                path: config.to_path_buf(),
                message: format!(
                    "{key}: `{}` is outside the workspace; spec.toml may only name folders and files inside it (pass an outside path on the command line instead)",
                    path.get_ref()
                ),
                span: Some(path.span()),
                text: text.to_owned(),
            });
        }
    }
    let error = |span: std::ops::Range<usize>, message: String| ConfigError {
        path: config.to_path_buf(),
        message,
        span: Some(span),
        text: text.to_owned(),
    };
    for profile in &paths.profiles {
        let name = profile.get_ref();
        let bundled = crate::profile::BUNDLED.iter().any(|(n, _)| n == name);
        let file = name.ends_with(".ttl") && root.join(name).is_file();
        if !(bundled || file) {
            let known: Vec<&str> = crate::profile::BUNDLED.iter().map(|(n, _)| *n).collect();
            return Err(error(
                profile.span(),
                format!(
                    "profiles: `{name}` is neither a bundled profile ({}) nor a .ttl file of the workspace",
                    known.join(", ")
                ),
            ));
        }
    }
    if let Some(hours) = &paths.hours_per_day {
        let value = *hours.get_ref();
        if !(value > 0.0 && value <= 24.0) {
            return Err(error(
                hours.span(),
                format!("hours_per_day: {value} is not a number of hours in a day (more than 0, at most 24)"),
            ));
        }
    }
    Ok(())
}

/// Whether `path` (relative to `root`, or absolute) stays inside `root`, both
/// as written (`..` cannot climb above it) and on disk (no symbolic link out
/// of it: the nearest existing ancestor is resolved).
pub fn is_inside(root: &Path, path: &Path) -> bool {
    use std::path::Component;
    let Ok(root) = root.canonicalize() else {
        return false;
    };
    let joined = root.join(path);
    let mut normal = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                if !normal.pop() {
                    return false;
                }
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    if !normal.starts_with(&root) {
        return false;
    }
    let existing = normal
        .ancestors()
        .find(|p| p.symlink_metadata().is_ok())
        .and_then(|p| p.canonicalize().ok());
    existing.is_some_and(|p| p.starts_with(&root))
}

#[cfg(test)]
mod tests {
    use super::is_inside;
    use std::path::Path;

    #[test]
    fn paths_must_stay_inside_the_workspace() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        std::fs::create_dir_all(root.join("specs")).unwrap();
        for inside in ["specs", "docs/new", "./specs/../docs", "specs/"] {
            assert!(is_inside(&root, Path::new(inside)), "{inside}");
        }
        for outside in ["/", "..", "../x", "specs/../../x", "/etc"] {
            assert!(!is_inside(&root, Path::new(outside)), "{outside}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
            assert!(!is_inside(&root, Path::new("up/elsewhere")));
        }
    }
}

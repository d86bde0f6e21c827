//! `spec.toml`: the workspace configuration.
//!
//! ```toml
//! roots = ["specs", ".specify/specs", "campaigns"]   # where spec directories live
//! rules = ["rules"]                                    # folders of extra `*.rq` rules
//! namespaces = ["https://example.org/plan#"]           # IRIs the specs describe themselves
//! timeout = "5s"                                       # time limit of each SPARQL query
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
        toml::from_str(&text).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            message: e.message().to_owned(),
            span: e.span(),
            text: text.clone(),
        })
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

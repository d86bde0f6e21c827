//! The template set: the defaults embedded from `templates/`, overridden by
//! name — and extended — by a workspace's own templates folder.
//!
//! Where a template lives decides what it renders:
//! - `templates/*.md.j2`: once for the workspace (`index.md.j2` → `<out>/index.md`);
//! - `templates/spec/*.md.j2`: once per spec (`<out>/<spec>/DASHBOARD.md`);
//! - `templates/agent/*.md.j2`: once per agent of a spec
//!   (`briefing.md.j2` → `<out>/<spec>/briefings/<agent>.md`; another name
//!   `X.md.j2` → `briefings/<agent>-X.md`).
//!
//! The templates under `templates/html/` make the static HTML site of
//! `spec render --format html`, with the same layout below `html/`
//! (`html/index.html.j2` → `<out>/index.html`, `html/spec/index.html.j2` →
//! `<out>/<spec>/index.html`); each format ignores the other's templates.

use crate::failure::Failure;
use std::path::{Path, PathBuf};

/// The default templates, embedded in the binary.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("index.md.j2", include_str!("../../templates/index.md.j2")),
    (
        "spec/DASHBOARD.md.j2",
        include_str!("../../templates/spec/DASHBOARD.md.j2"),
    ),
    (
        "spec/SUMMARY.md.j2",
        include_str!("../../templates/spec/SUMMARY.md.j2"),
    ),
    (
        "spec/COORDINATOR-LOG.md.j2",
        include_str!("../../templates/spec/COORDINATOR-LOG.md.j2"),
    ),
    (
        "agent/briefing.md.j2",
        include_str!("../../templates/agent/briefing.md.j2"),
    ),
    ("macros.j2", include_str!("../../templates/macros.j2")),
    (
        "portfolio.md.j2",
        include_str!("../../templates/portfolio.md.j2"),
    ),
    (
        "html/index.html.j2",
        include_str!("../../templates/html/index.html.j2"),
    ),
    (
        "html/spec/index.html.j2",
        include_str!("../../templates/html/spec/index.html.j2"),
    ),
    (
        "html/layout.j2",
        include_str!("../../templates/html/layout.j2"),
    ),
    (
        "html/portfolio.html.j2",
        include_str!("../../templates/html/portfolio.html.j2"),
    ),
];

/// What `spec render` writes: markdown documents, or a static HTML site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Markdown,
    Html,
}

impl Format {
    /// The extension of the documents it writes.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Html => "html",
        }
    }

    /// The format a template belongs to: `html/…` is the site's.
    pub fn of(template: &Template) -> Self {
        if template.name.starts_with("html/") {
            Self::Html
        } else {
            Self::Markdown
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Workspace,
    Spec,
    Agent,
    /// Imported by other templates (`macros.j2`), never rendered on its own.
    Library,
    /// The portfolio across a SPARQL store (`portfolio.md.j2`), rendered by
    /// `spec render --endpoint` only.
    Portfolio,
}

#[derive(Debug, Clone)]
pub struct Template {
    /// The path under the templates folder, with `/` separators (`spec/DASHBOARD.md.j2`).
    pub name: String,
    pub text: String,
    /// `None` for an embedded default.
    pub file: Option<PathBuf>,
}

impl Template {
    /// What it renders when `spec render` writes `format` (a template of
    /// the other format is a library, never rendered on its own).
    pub fn scope_in(&self, format: Format) -> Scope {
        if Format::of(self) != format {
            return Scope::Library;
        }
        let name = self.name.strip_prefix("html/").unwrap_or(&self.name);
        if !name.ends_with(".j2") || !name.trim_end_matches(".j2").contains('.') {
            Scope::Library
        } else if name.starts_with("portfolio.") {
            Scope::Portfolio
        } else if name.starts_with("spec/") {
            Scope::Spec
        } else if name.starts_with("agent/") {
            Scope::Agent
        } else if name.contains('/') {
            Scope::Library
        } else {
            Scope::Workspace
        }
    }

    /// What it renders in its own format.
    pub fn scope(&self) -> Scope {
        self.scope_in(Format::of(self))
    }

    /// The output file name: the template's name without `.j2` and its folder.
    pub fn output_name(&self) -> &str {
        let file = self.name.rsplit('/').next().unwrap_or(&self.name);
        file.strip_suffix(".j2").unwrap_or(file)
    }

    /// Where it comes from, for `spec templates`.
    pub fn origin(&self) -> String {
        match &self.file {
            Some(path) => crate::load::display_path(path),
            None => "built in".to_owned(),
        }
    }

    /// Shows `line` of the template in a failure.
    pub fn failure_at(&self, failure: Failure, line: usize, label: &str) -> Failure {
        match &self.file {
            Some(path) => failure.at_line(path, line, label),
            None => failure.in_text(
                &format!("templates/{} (built in)", self.name),
                self.text.clone(),
                line,
                label,
            ),
        }
    }
}

/// The defaults, with every `*.j2` of `dir` (recursively) replacing the
/// default of the same name or adding to the set.
pub fn load(dir: Option<&Path>) -> Result<Vec<Template>, Failure> {
    let mut templates: Vec<Template> = DEFAULTS
        .iter()
        .map(|(name, text)| Template {
            name: (*name).to_owned(),
            text: (*text).to_owned(),
            file: None,
        })
        .collect();
    let Some(dir) = dir else {
        return Ok(templates);
    };
    if !dir.is_dir() {
        return Err(Failure::new(format!(
            "templates folder {} does not exist",
            crate::load::display_path(dir)
        )));
    }
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "j2"))
        .collect();
    found.sort();
    for path in found {
        let relative = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Failure::new(format!(
                "cannot read template {}: {e}",
                crate::load::display_path(&path)
            ))
        })?;
        let template = Template {
            name: relative,
            text,
            file: Some(path),
        };
        match templates.iter_mut().find(|t| t.name == template.name) {
            Some(existing) => *existing = template,
            None => templates.push(template),
        }
    }
    templates.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(templates)
}

/// `--templates`, else spec.toml's `templates`, else `templates/` at the root when it exists.
pub fn folder(workspace: &crate::workspace::Workspace, flag: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = flag {
        return Some(dir.to_path_buf());
    }
    if let Some(dir) = &workspace.config.templates {
        return Some(workspace.root.join(dir));
    }
    let default = workspace.root.join("templates");
    default.is_dir().then_some(default)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of `templates/` is a default, embedded once.
    #[test]
    fn every_template_file_is_embedded() {
        let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/templates"));
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = DEFAULTS.iter().map(|(n, _)| (*n).to_owned()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
    }
}

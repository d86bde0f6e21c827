//! The default markdown templates, written in Rust: the dashboard, the
//! summary, the coordinator log and the agents' briefings, byte for byte
//! what their `templates/*.j2` give.
//!
//! The templates stay the definition, as the `.rq` files do for the rules:
//! users read them, override them by name, and `--reference-templates`
//! renders with them. Each function here follows its template line by line
//! (whitespace control included: `trim_blocks`, `lstrip_blocks`, a line
//! that only holds a tag writes nothing) and is used only when the template
//! in force is the embedded default and `macros.j2` is too; an overridden
//! template, or one that imports an overridden `macros.j2`, is evaluated by
//! minijinja. `tests/native_templates.rs` renders the bundled specs, the
//! test data, a generated workspace and the external corpus both ways and
//! compares every document; the render fuzz target does the same on
//! arbitrary specs.
//!
//! Why: minijinja's evaluation of these four templates was 1.03 CPU-s of
//! the 3.2 of a fresh `spec render` of 1,000 generated specs (a throw-away
//! timer around each template, 2026-12-05; dashboard 359 ms, briefings
//! 308 ms, coordinator log 225 ms, summary 139 ms), where the check itself
//! is 1.7 CPU-s: an interpreter looking up every attribute by name, with a
//! value per string. No change to the templates or their context reached
//! the 1.5× a check the render is allowed.

mod briefing;
mod coordinator_log;
mod dashboard;
mod macros;
mod summary;

use super::templates::{Template, DEFAULTS};
use super::view::{AgentRef, AgentView, Shared, SpecView};
use crate::model::calendar::Day;
use std::borrow::Cow;

/// A default template that has a native rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    Dashboard,
    Summary,
    CoordinatorLog,
    Briefing,
}

impl Document {
    /// The native rendering of `template`, when it is the embedded default
    /// and so is every template it imports (`macros.j2`, in `templates`).
    pub fn of(template: &Template, templates: &[Template]) -> Option<Self> {
        let document = match template.name.as_str() {
            "spec/DASHBOARD.md.j2" => Self::Dashboard,
            "spec/SUMMARY.md.j2" => Self::Summary,
            "spec/COORDINATOR-LOG.md.j2" => Self::CoordinatorLog,
            "agent/briefing.md.j2" => Self::Briefing,
            _ => return None,
        };
        let embedded = |t: &Template| {
            t.file.is_none()
                && DEFAULTS
                    .iter()
                    .any(|(name, text)| *name == t.name && *text == t.text)
        };
        let macros = templates.iter().find(|t| t.name == "macros.j2");
        (embedded(template) && macros.is_some_and(embedded)).then_some(document)
    }

    /// The document of a spec (`agent` for a briefing).
    pub fn render(self, spec: &SpecView, agent: Option<&AgentView>) -> String {
        let mut out = String::with_capacity(8 * 1024);
        match (self, agent) {
            (Self::Dashboard, _) => dashboard::write(&mut out, spec),
            (Self::Summary, _) => summary::write(&mut out, spec),
            (Self::CoordinatorLog, _) => coordinator_log::write(&mut out, spec),
            (Self::Briefing, Some(agent)) => briefing::write(&mut out, spec, agent),
            (Self::Briefing, None) => {}
        }
        out
    }

    /// Whether it is rendered once per agent.
    pub fn per_agent(self) -> bool {
        self == Self::Briefing
    }
}

/// A piece of text as a template writes it (`{{ x }}`): strings as they
/// are, numbers in decimal, dates as `YYYY-MM-DD`, nothing as `none`.
trait Put {
    fn put(&self, out: &mut String);
}

impl Put for str {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Put for String {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Put for Cow<'_, str> {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Put for usize {
    fn put(&self, out: &mut String) {
        use std::fmt::Write;
        let _ = write!(out, "{self}");
    }
}

impl Put for u64 {
    fn put(&self, out: &mut String) {
        use std::fmt::Write;
        let _ = write!(out, "{self}");
    }
}

impl Put for Day {
    fn put(&self, out: &mut String) {
        self.push_to(out);
    }
}

impl<T: Put + ?Sized> Put for &T {
    fn put(&self, out: &mut String) {
        (**self).put(out);
    }
}

impl<T: Put> Put for Option<T> {
    fn put(&self, out: &mut String) {
        match self {
            Some(value) => value.put(out),
            None => out.push_str("none"),
        }
    }
}

/// Writes each piece in turn: `put!(out; "a", b, c)`.
macro_rules! put {
    ($out:expr; $($piece:expr),+ $(,)?) => {{
        let out: &mut String = $out;
        $( $crate::render::native::Put::put(&$piece, out); )+
    }};
}
use put;

/// A template's truth of an optional text: set and not empty.
fn set(text: &Option<String>) -> bool {
    text.as_deref().is_some_and(|t| !t.is_empty())
}

/// The `agent` filter: an agent's label, or `unassigned`.
fn agent(reference: &Option<Shared<AgentRef>>) -> &str {
    reference
        .as_deref()
        .map_or("unassigned", |a| a.name.label.as_str())
}

/// `a|join(separator)` of texts.
fn join<T: AsRef<str>>(items: &[T], separator: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(item.as_ref());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::templates::DEFAULTS;

    fn defaults() -> Vec<Template> {
        DEFAULTS
            .iter()
            .map(|(name, text)| Template {
                name: (*name).to_owned(),
                text: (*text).to_owned(),
                file: None,
            })
            .collect()
    }

    #[test]
    fn only_the_embedded_defaults_are_rendered_natively() {
        let mut templates = defaults();
        let dashboard = templates
            .iter()
            .find(|t| t.name == "spec/DASHBOARD.md.j2")
            .unwrap()
            .clone();
        assert_eq!(
            Document::of(&dashboard, &templates),
            Some(Document::Dashboard)
        );
        let index = templates.iter().find(|t| t.name == "index.md.j2").unwrap();
        assert_eq!(Document::of(index, &templates), None);

        // An override of the template itself, even with the same text.
        let mut overridden = dashboard.clone();
        overridden.file = Some("templates/spec/DASHBOARD.md.j2".into());
        assert_eq!(Document::of(&overridden, &templates), None);

        // An override of the macros it imports.
        let macros = templates
            .iter_mut()
            .find(|t| t.name == "macros.j2")
            .unwrap();
        macros.text.push_str("{% macro extra() %}{% endmacro %}\n");
        macros.file = Some("templates/macros.j2".into());
        assert_eq!(Document::of(&dashboard, &templates), None);
    }
}

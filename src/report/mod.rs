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

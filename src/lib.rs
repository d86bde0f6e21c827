//! specgraph: the library behind the `spec` command.
//!
//! The stages, one module each: `load` (Turtle → store with a source map) →
//! `check` (SPARQL rules → findings, closure) → `report` (human, JSON).

pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod deadline;
pub mod export;
pub mod failure;
pub mod finding;
pub mod format;
pub mod fs;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod report;
pub mod shacl;
pub mod terminal;
pub mod vocabulary;
pub mod watch;
pub mod workspace;

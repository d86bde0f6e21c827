//! specgraph: the library behind the `spec` command.
//!
//! `pipeline` runs the stages for every command, one module each:
//! 1. `load`: Turtle files → triples with a source map, syntax errors, the store;
//! 2. `model`: the campaign as typed data, and what is computed from it
//!    (gates, metrics, readiness, schedule);
//! 3. `check`: computes the model, then runs the rules (SPARQL, SHACL via
//!    `shacl`, native checks) → located findings and the closure figure;
//! 4. outputs: `report` (human, JSON, SARIF, GitHub, behind one `Emitter`)
//!    and `render` (documents from templates).
//!
//! `commands` holds one thin file per subcommand.
//!
//! The public modules are the surface the binary, the tests, the benchmarks
//! and the fuzz targets use (the stages, their outputs, the CLI); the
//! session, configuration, workspace discovery, time limits, file writing,
//! progress and watching are internal to the crate.

pub mod allocator;
mod baseline;
pub mod check;
pub mod cli;
pub mod commands;
mod config;
mod counting;
mod deadline;
#[cfg(feature = "endpoint")]
pub mod endpoint;
pub mod export;
pub mod failure;
pub mod finding;
pub mod format;
mod fs;
mod git;
mod literal_key;
pub mod load;
pub mod model;
mod pipeline;
pub mod profile;
mod progress;
pub mod render;
pub mod report;
pub mod shacl;
mod sparql;
pub mod terminal;
mod vocabulary;
mod watch;
pub mod well_known;
mod workspace;

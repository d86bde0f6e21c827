//! One file per subcommand: parse its arguments, run the pipeline, print.
//! Each returns the process exit code or a `Failure` (exit 2).

pub mod baseline;
pub mod check;
pub mod completions;
pub mod explain;
pub mod export;
pub mod fmt;
pub mod gates;
pub mod hook;
pub mod init;
pub mod new;
#[cfg(feature = "endpoint")]
pub mod portfolio;
#[cfg(feature = "endpoint")]
pub mod publish;
pub mod query;
pub mod record;
pub mod render;
pub mod rules;
pub mod shacl;
pub mod status;
pub mod templates;

//! `spec completions SHELL` and `spec man`: generated from the clap
//! definitions, so they always match the commands and flags.

use crate::cli::{Cli, CompletionsArgs};
use crate::failure::Failure;
use crate::terminal::EXIT_OK;
use clap::CommandFactory;

pub fn run(args: &CompletionsArgs) -> Result<u8, Failure> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "spec", &mut out);
    crate::terminal::print(&String::from_utf8_lossy(&out));
    Ok(EXIT_OK)
}

pub fn man() -> Result<u8, Failure> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| Failure::new(format!("cannot render the man page: {e}")))?;
    crate::terminal::print(&String::from_utf8_lossy(&out));
    Ok(EXIT_OK)
}

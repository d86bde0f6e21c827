//! What `spec` writes to the terminal: exit codes, the colour choice, and
//! printing to stdout. Commands and `--watch` share them.

use crate::cli::ColorChoice;
use std::io::IsTerminal;

/// Exit codes, as documented in the README.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_FAILURE: u8 = 2;

/// Whether to colour output written to stdout.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => auto_color(std::io::stdout().is_terminal()),
    }
}

/// Colour by default on a terminal, unless `NO_COLOR` is set (https://no-color.org).
pub fn auto_color(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Writes a command's output to stdout. A closed pipe (`spec gates | head`) is
/// not an error worth reporting.
pub fn print(output: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush());
}

//! A progress bar on stderr for large workspaces — only for people watching a
//! terminal: never with a machine format, `--quiet`, or output redirected.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// Below this many specs a run is too short to need a bar.
const MIN_SPECS: usize = 50;

pub fn bar(specs: usize, for_people: bool) -> ProgressBar {
    if !for_people || specs < MIN_SPECS || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(specs as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} specs  {elapsed}") {
        bar.set_style(style);
    }
    bar
}

//! `spec baseline`: accept the current findings (see `crate::baseline`).

use crate::baseline::{Baseline, Entry};
use crate::cli::BaselineArgs;
use crate::failure::Failure;
use crate::pipeline::{check_each, Audience, Session};
use crate::terminal::EXIT_OK;
use std::path::Path;

pub fn run(args: &BaselineArgs) -> Result<u8, Failure> {
    let mut session = Session::open(&args.workspace)?;
    let workspace = &session.workspace;
    let path = workspace.root.join(
        workspace
            .config
            .baseline
            .as_deref()
            .unwrap_or(Path::new(crate::baseline::DEFAULT_FILE)),
    );
    let checked: Vec<(String, Vec<Entry>)> =
        check_each(&mut session, &args.specs, Audience::Machines, |checked| {
            let report = &checked.report;
            let name = report.spec.name.clone();
            let entries = report
                .findings
                .iter()
                .map(|f| Entry::of(&name, f))
                .collect();
            (name, entries)
        })?;
    // The entries of specs not checked now stay as they are.
    let before = Baseline::load(&path)?
        .map(|b| b.entries())
        .unwrap_or_default();
    let now: usize = checked.iter().map(|(_, e)| e.len()).sum();
    let names: std::collections::HashSet<&str> =
        checked.iter().map(|(name, _)| name.as_str()).collect();
    let (replaced, mut entries): (Vec<Entry>, Vec<Entry>) = before
        .into_iter()
        .partition(|e| names.contains(e.spec.as_str()));
    let dropped = replaced.len();
    entries.extend(checked.into_iter().flat_map(|(_, e)| e));
    crate::baseline::write(&path, entries)?;
    println!(
        "wrote {}: {now} accepted finding(s) in {} (was {dropped})",
        crate::load::display_path(&path),
        if args.specs.is_empty() {
            "the workspace"
        } else {
            "the specs named"
        }
    );
    Ok(EXIT_OK)
}

//! `--watch`: run a command, then again whenever a spec, template, rule or
//! `spec.toml` changes (debounced), clearing the screen first. A failing run
//! (a half-typed Turtle file, a broken template) is shown and watching goes on.
//!
//! Only creations, modifications and removals count: reading the files (which
//! each run does) raises access events on Linux, and reacting to those would
//! loop forever — which is why the generic debouncer crates are not used.

use crate::failure::Failure;
use notify::{EventKind, RecursiveMode, Watcher};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Files whose change re-runs the command.
fn is_relevant(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with('.') && name.ends_with(".tmp") {
        return false; // our own atomic writes
    }
    matches!(name.as_ref(), "spec.toml" | ".spec.toml")
        || path
            .extension()
            .is_some_and(|e| e == "ttl" || e == "j2" || e == "rq")
}

/// What to watch: folders recursively (spec roots, templates, rules), and the
/// workspace root itself for `spec.toml`.
pub struct Watched {
    pub recursive: Vec<PathBuf>,
    pub root: PathBuf,
}

/// How long the files must be quiet before a run: an editor's save is often
/// several writes.
const QUIET: Duration = Duration::from_millis(250);

pub fn run(
    watched: &Watched,
    mut once: impl FnMut() -> Result<u8, Failure>,
) -> Result<u8, Failure> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = sender.send(event);
    })
    .map_err(|e| Failure::new(format!("cannot watch for changes: {e}")))?;
    for dir in watched.recursive.iter().filter(|d| d.is_dir()) {
        watcher.watch(dir, RecursiveMode::Recursive).map_err(|e| {
            Failure::new(format!(
                "cannot watch {}: {e}",
                crate::load::display_path(dir)
            ))
        })?;
    }
    watcher
        .watch(&watched.root, RecursiveMode::NonRecursive)
        .map_err(|e| {
            Failure::new(format!(
                "cannot watch {}: {e}",
                crate::load::display_path(&watched.root)
            ))
        })?;
    let terminal = std::io::stdout().is_terminal();
    let color = crate::terminal::auto_color(std::io::stderr().is_terminal());
    loop {
        if terminal {
            // Clear the screen and go home, as `cargo watch` does.
            crate::terminal::print("\x1b[2J\x1b[H");
        }
        if let Err(failure) = once() {
            eprint!("{}", failure.render(color));
        }
        eprintln!(
            "\n[watching for changes to .ttl, templates, rules and spec.toml — Ctrl-C to stop]"
        );
        loop {
            match receiver.recv() {
                Ok(Ok(event))
                    if is_change(&event.kind) && event.paths.iter().any(|p| is_relevant(p)) =>
                {
                    break
                }
                Ok(_) => continue,
                Err(_) => return Ok(crate::terminal::EXIT_OK),
            }
        }
        while receiver.recv_timeout(QUIET).is_ok() {}
    }
}

fn is_change(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inputs_trigger_a_run() {
        assert!(is_relevant(Path::new("specs/a/plan.ttl")));
        assert!(is_relevant(Path::new("templates/spec/X.md.j2")));
        assert!(is_relevant(Path::new("spec.toml")));
        assert!(!is_relevant(Path::new("docs/a/DASHBOARD.md")));
        assert!(!is_relevant(Path::new("specs/a/.plan.ttl.42.tmp")));
    }
}

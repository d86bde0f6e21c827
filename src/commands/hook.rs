//! `spec hook install`: a git pre-commit hook that refuses commits breaking closure.

use crate::cli::{HookCommand, HookInstallArgs};
use crate::failure::Failure;
use crate::terminal::EXIT_OK;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Marks a hook as ours, so reinstalling may replace it.
pub const MARKER: &str = "# installed by `spec hook install`";

pub fn run(command: &HookCommand) -> Result<u8, Failure> {
    match command {
        HookCommand::Install(args) => install(args),
    }
}

/// The hooks folder git uses here (`core.hooksPath` when set).
fn hooks_dir() -> Result<PathBuf, Failure> {
    let output = Command::new("git")
        .args(["rev-parse", "--git-path", "hooks"])
        .output()
        .map_err(|e| Failure::new(format!("cannot run git: {e}")))?;
    if !output.status.success() {
        return Err(Failure::new("not inside a git repository")
            .with_help("run `spec hook install` from your repository (git init first)"));
    }
    let path = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    Ok(PathBuf::from(path))
}

fn script(exe: &Path) -> String {
    let exe = exe.display().to_string().replace('\'', "'\\''");
    format!(
        "#!/bin/sh\n{MARKER}\n# Refuses a commit when `spec check` finds new errors in what is staged:\n\
         # the specs with a staged change, read from the index (not the working tree).\n\
         # Bypass once with `git commit --no-verify`.\n\
         spec='{exe}'\n\
         if [ ! -x \"$spec\" ]; then spec=spec; fi\n\
         exec \"$spec\" check --quiet --staged --changed\n"
    )
}

fn install(args: &HookInstallArgs) -> Result<u8, Failure> {
    let dir = hooks_dir()?;
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::new(format!("cannot create {}: {e}", dir.display())))?;
    let hook = dir.join("pre-commit");
    if let Ok(existing) = std::fs::read_to_string(&hook) {
        if !existing.contains(MARKER) {
            if !args.force {
                return Err(Failure::new(format!(
                    "{} exists and was not written by spec",
                    hook.display()
                ))
                .with_help("add `spec check` to that hook yourself, or rerun with --force (the old hook is kept as pre-commit.bak)"));
            }
            let backup = dir.join("pre-commit.bak");
            std::fs::copy(&hook, &backup)
                .map_err(|e| Failure::new(format!("cannot back up {}: {e}", hook.display())))?;
            eprintln!("kept the previous hook as {}", backup.display());
        }
    }
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("spec"));
    crate::fs::write_atomic(&hook, script(&exe).as_bytes())
        .map_err(|e| Failure::new(format!("cannot write {}: {e}", hook.display())))?;
    make_executable(&hook)?;
    println!("installed {}", hook.display());
    Ok(EXIT_OK)
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), Failure> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| Failure::new(format!("cannot make {} executable: {e}", path.display())))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<(), Failure> {
    Ok(())
}

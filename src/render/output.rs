//! Writing rendered documents: only inside the output folder, only over files
//! `spec render` generated (recognised by their header), atomically, and all or
//! nothing — a hand-written file in the way stops the run before any write.

use super::{Rendered, HEADER_PREFIX};
use crate::failure::Failure;
use crate::load::display_path;
use std::path::{Component, Path, PathBuf};

/// What differs between the rendered documents and the output folder.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub missing: Vec<PathBuf>,
    pub stale: Vec<PathBuf>,
    /// Generated files no template produces any more (an agent was removed, say).
    pub obsolete: Vec<PathBuf>,
    pub unchanged: usize,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.stale.is_empty() && self.obsolete.is_empty()
    }
}

/// A relative path made only of plain names (no `..`, no root): it cannot leave the folder.
fn is_contained(path: &Path) -> bool {
    !path.as_os_str().is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// The first symbolic link among `out/a`, `out/a/b`, … `out/relative`.
/// Writing or removing through one would touch files outside `out` (a
/// `docs/<spec>` linked to a folder elsewhere had its files replaced and
/// deleted there).
fn symlink_on_the_way(out: &Path, relative: &Path) -> Option<PathBuf> {
    let mut path = out.to_path_buf();
    for component in relative.components() {
        path.push(component);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => return Some(path),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

fn is_generated(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|bytes| bytes.starts_with(HEADER_PREFIX.as_bytes()))
}

/// Compares `documents` with `out`. `owned` are the folders (relative to `out`)
/// whose generated files of this format (`extension`) this run is
/// responsible for: those that no document produces are obsolete. The other
/// format's files in the same folders are left alone.
pub fn compare(
    out: &Path,
    documents: &[Rendered],
    owned: &[PathBuf],
    extension: &str,
) -> Result<Changes, Failure> {
    let mut changes = Changes::default();
    let mut in_the_way = Vec::new();
    for document in documents {
        if !is_contained(&document.path) {
            return Err(Failure::new(format!(
                "refusing to write {}: outside the output folder",
                document.path.display()
            )));
        }
        if let Some(link) = symlink_on_the_way(out, &document.path) {
            return Err(Failure::new(format!(
                "refusing to write {}: {} is a symbolic link",
                display_path(&out.join(&document.path)),
                display_path(&link)
            ))
            .with_help(
                "spec render never writes through a link inside the output folder; replace the link with a folder",
            ));
        }
        let target = out.join(&document.path);
        match std::fs::read(&target) {
            Ok(existing) if existing == document.text.as_bytes() => changes.unchanged += 1,
            Ok(existing) if existing.starts_with(HEADER_PREFIX.as_bytes()) => {
                changes.stale.push(document.path.clone())
            }
            Ok(_) => in_the_way.push(target),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                changes.missing.push(document.path.clone())
            }
            Err(_) if target.is_dir() => in_the_way.push(target),
            Err(e) => {
                return Err(Failure::new(format!(
                    "cannot read {}: {e}",
                    display_path(&target)
                )))
            }
        }
    }
    if !in_the_way.is_empty() {
        let list: Vec<String> = in_the_way.iter().map(|p| display_path(p)).collect();
        return Err(Failure::new(format!(
            "refusing to overwrite {} not written by spec render: {}",
            if list.len() == 1 { "a file" } else { "files" },
            list.join(", ")
        ))
        .with_help(format!(
            "move it away, or choose another --out; generated files start with `{HEADER_PREFIX}`"
        )));
    }
    let produced: std::collections::HashSet<&Path> =
        documents.iter().map(|d| d.path.as_path()).collect();
    for folder in owned {
        let dir = out.join(folder);
        // A linked folder is not ours to clean: its files live elsewhere.
        if symlink_on_the_way(out, folder).is_some() || !dir.is_dir() {
            continue;
        }
        let mut found: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| e.path().strip_prefix(out).ok().map(Path::to_path_buf))
            .filter(|relative| !produced.contains(relative.as_path()))
            .filter(|relative| relative.extension().is_some_and(|e| e == extension))
            .filter(|relative| is_generated(&out.join(relative)))
            .collect();
        found.sort();
        changes.obsolete.extend(found);
    }
    changes.missing.sort();
    changes.stale.sort();
    Ok(changes)
}

/// Applies `changes`: writes missing and stale documents (atomically), removes
/// obsolete generated files. Unchanged files are not touched.
pub fn apply(out: &Path, documents: &[Rendered], changes: &Changes) -> Result<(), Failure> {
    let write: std::collections::HashSet<&PathBuf> =
        changes.missing.iter().chain(&changes.stale).collect();
    for document in documents.iter().filter(|d| write.contains(&d.path)) {
        let target = out.join(&document.path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Failure::new(format!("cannot create {}: {e}", display_path(parent)))
            })?;
        }
        crate::fs::write_atomic(&target, document.text.as_bytes())
            .map_err(|e| Failure::new(format!("cannot write {}: {e}", display_path(&target))))?;
    }
    for relative in &changes.obsolete {
        let target = out.join(relative);
        std::fs::remove_file(&target)
            .map_err(|e| Failure::new(format!("cannot remove {}: {e}", display_path(&target))))?;
    }
    Ok(())
}

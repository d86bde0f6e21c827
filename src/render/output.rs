//! Writing rendered documents: only inside the output folder, only over files
//! `spec render` generated (recognised by their header), atomically, and all or
//! nothing — a hand-written file in the way stops the run before any write, and
//! a document that cannot be written leaves every other one as it was.

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
    /// Files where a document goes that `spec render` did not write: the
    /// run refuses to start ([`Changes::refuse_files_in_the_way`]).
    pub in_the_way: Vec<PathBuf>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.stale.is_empty() && self.obsolete.is_empty()
    }

    /// The changes of several parts of the output (each spec is compared in
    /// the thread that rendered it), together; the lists sorted once.
    pub fn merged(parts: impl IntoIterator<Item = Changes>) -> Changes {
        let mut all = Changes::default();
        for part in parts {
            all.missing.extend(part.missing);
            all.stale.extend(part.stale);
            all.obsolete.extend(part.obsolete);
            all.in_the_way.extend(part.in_the_way);
            all.unchanged += part.unchanged;
        }
        for list in [
            &mut all.missing,
            &mut all.stale,
            &mut all.obsolete,
            &mut all.in_the_way,
        ] {
            list.sort();
        }
        all
    }

    /// An error naming every file in the way, if there is one.
    pub fn refuse_files_in_the_way(&self) -> Result<(), Failure> {
        if self.in_the_way.is_empty() {
            return Ok(());
        }
        let list: Vec<String> = self.in_the_way.iter().map(|p| display_path(p)).collect();
        Err(Failure::new(format!(
            "refusing to overwrite {} not written by spec render: {}",
            if list.len() == 1 { "a file" } else { "files" },
            list.join(", ")
        ))
        .with_help(format!(
            "move it away, or choose another --out; generated files start with `{HEADER_PREFIX}`"
        )))
    }

    /// The documents these changes write: those missing or stale.
    pub fn to_write(&self, documents: Vec<Rendered>) -> Vec<Rendered> {
        let write: std::collections::HashSet<&PathBuf> =
            self.missing.iter().chain(&self.stale).collect();
        documents
            .into_iter()
            .filter(|d| write.contains(&d.path))
            .collect()
    }
}

/// A relative path made only of plain names (no `..`, no root): it cannot leave the folder.
pub(super) fn is_contained(path: &Path) -> bool {
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

/// Whether the file at `path` starts with the header of generated files
/// (only the header's bytes are read).
pub(super) fn is_generated(path: &Path) -> bool {
    use std::io::Read;
    let mut start = [0; HEADER_PREFIX.len()];
    std::fs::File::open(path)
        .and_then(|mut file| file.read_exact(&mut start))
        .is_ok_and(|()| start == HEADER_PREFIX.as_bytes())
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
    let changes = survey(out, documents, owned, extension)?;
    changes.refuse_files_in_the_way()?;
    Ok(changes)
}

/// [`compare`] without refusing the files in the way: they are listed in
/// [`Changes::in_the_way`], so that the parts of an output compared apart
/// can be refused together.
pub fn survey(
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
    changes.in_the_way = in_the_way;
    Ok(changes)
}

/// Applies `changes`: writes missing and stale documents, removes obsolete
/// generated files. Unchanged files are not touched.
///
/// The documents are written all or nothing (`crate::fs::write_all_atomic`):
/// if one cannot be written, none is replaced and no obsolete file is
/// removed. They are made durable together rather than one `fsync` each:
/// those were 23 % of the wall time of rendering 8,001 documents.
pub fn apply(out: &Path, documents: &[Rendered], changes: &Changes) -> Result<(), Failure> {
    let write: std::collections::HashSet<&PathBuf> =
        changes.missing.iter().chain(&changes.stale).collect();
    let files: Vec<(PathBuf, &[u8])> = documents
        .iter()
        .filter(|d| write.contains(&d.path))
        .map(|d| (out.join(&d.path), d.text.as_bytes()))
        .collect();
    crate::fs::write_all_atomic(&files).map_err(|e| {
        Failure::new(format!(
            "cannot {} {}: {}",
            e.action,
            display_path(&e.path),
            e.error
        ))
    })?;
    for relative in &changes.obsolete {
        let target = out.join(relative);
        std::fs::remove_file(&target)
            .map_err(|e| Failure::new(format!("cannot remove {}: {e}", display_path(&target))))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated(text: &str) -> String {
        format!("{HEADER_PREFIX} from a test. -->\n\n{text}\n")
    }

    fn document(path: &str, text: &str) -> Rendered {
        Rendered {
            path: PathBuf::from(path),
            text: generated(text),
        }
    }

    #[test]
    fn a_document_that_cannot_be_written_replaces_no_other() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::create_dir(out.join("s")).unwrap();
        std::fs::write(out.join("s/DASHBOARD.md"), generated("old dashboard")).unwrap();
        std::fs::write(out.join("s/gone.md"), generated("an agent removed since")).unwrap();
        // A folder where the last document's temporary file must go.
        std::fs::create_dir(crate::fs::temp_beside(&out.join("s/z.md"))).unwrap();
        let documents = [
            document("s/DASHBOARD.md", "new dashboard"),
            document("s/briefings/a.md", "a briefing"),
            document("s/z.md", "z"),
        ];
        let changes = compare(out, &documents, &[PathBuf::from("s")], "md").unwrap();
        assert_eq!(changes.stale, [PathBuf::from("s/DASHBOARD.md")]);
        assert_eq!(changes.obsolete, [PathBuf::from("s/gone.md")]);
        let failure = apply(out, &documents, &changes).unwrap_err();
        assert!(
            failure.message.contains("cannot write"),
            "{}",
            failure.message
        );
        assert!(failure.message.contains("z.md"), "{}", failure.message);
        // Nothing replaced, nothing removed, nothing left behind.
        assert_eq!(
            std::fs::read_to_string(out.join("s/DASHBOARD.md")).unwrap(),
            generated("old dashboard")
        );
        assert!(out.join("s/gone.md").exists());
        assert!(!out.join("s/briefings").exists());
        let left: Vec<String> = std::fs::read_dir(out.join("s"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".tmp") && !name.starts_with(".z.md."))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}

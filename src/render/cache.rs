//! The render cache: `spec render` does not evaluate a spec's templates again
//! when nothing they read has changed and the spec's documents on disk are
//! still the ones it wrote. Evaluating the templates was most of what an
//! up-to-date `spec render` cost beyond the check (100 generated specs,
//! callgrind: 780 M of the 956 M instructions it spent more than `spec check`).
//!
//! What a spec's documents are made of, and so what its fingerprint covers:
//! - what the spec's view is made of (`context/inputs.rs`: the part of the
//!   check's report the view's builder reads, the folder as shown
//!   included; the view is everything the templates are given about the
//!   spec, and the SVG charts are drawn from it), fed whole to a 128-bit
//!   hash (`fingerprint.rs`). The view itself is built only for a spec
//!   rendered again: building and fingerprinting the views of 1,000
//!   generated specs took 210–245 ms of CPU, fingerprinting their inputs
//!   63–80 ms (an up-to-date render, 1.16× a check's wall time before,
//!   1.08× after);
//! - the identity of the run: this program (its version, and its file's size
//!   and modification time, so a rebuilt `spec` never trusts a cache of
//!   another build), the format, every template's name and text, and the
//!   output folder.
//!
//! The one thing templates can read outside the view is the spec's graph,
//! through `sparql()`: when any template's text names it, nothing is cached.
//!
//! A hit also needs the spec's documents on disk as they were written, and
//! no obsolete document beside them. Each document is recorded with its
//! length and content hash; the first run after it was written reads it and
//! compares, and when that matches it records the file's status too
//! (device, inode, size, modification and change times, as git's index
//! does). Later runs compare only the status, one `lstat` a document instead
//! of opening and reading it: the change time is the kernel's, set on every
//! write, rename or `touch` and settable by no program, so a file whose
//! status is unchanged has not been written since. Status taken within
//! [`RACY`] of the file's last change is not trusted (a write in the same
//! clock tick keeps the times: git's "racily clean" files), and the content
//! is compared again next time. The spec's folders are recorded the same
//! way: a folder's times change when an entry is added or removed, so an
//! unchanged folder holds no new obsolete document.
//!
//! `spec render --check` never reads the cache: what CI verifies is always
//! rendered in full. `--no-cache` renders in full too.
//!
//! The workspace index (`index.md`) is kept the same way, its fingerprint
//! taken of every spec's fingerprint (its lines are made of what the
//! views are made of): it is rendered again when any spec changed.
//!
//! The cache lives in `.spec_cache/` at the workspace root, with a
//! `.gitignore` that ignores the folder and a `CACHEDIR.TAG`: one file per
//! output folder and format. One file a spec, read and written by the
//! thread that checks it, was tried: a fresh render of 1,000 specs then
//! created 1,000 more files, 0.3 s more system time on ext4 (the documents
//! themselves take 0.4–0.6 s), to save the 15 ms that parsing the one file
//! (2 MB) costs an up-to-date render. It is only an optimisation: a file
//! that cannot be read or parsed is an empty cache, and one that cannot be
//! written is left as it was (the documents are written either way).

use super::fingerprint::Fingerprinter;
use super::output::{self, Changes};
use super::{Rendered, Renderer};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The cache folder, at the workspace root.
pub const DIR: &str = ".spec_cache";

/// The layout of the cache file; a file of another layout is ignored.
const LAYOUT: u32 = 2;

/// A file's status taken less than this after its last change is not
/// trusted: file systems keep times in ticks (a few milliseconds on Linux,
/// two seconds on FAT), and a second write within the tick of the first
/// leaves them as they were.
const RACY: Duration = Duration::from_secs(2);

/// What `.spec_cache/.gitignore` holds: the folder is never committed.
const GITIGNORE: &str = "# Written by spec render: a local cache, never committed.\n*\n";

/// The cache directory tag (<https://bford.info/cachedir/>): backup tools skip the folder.
const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This file is a cache directory tag created by spec render.\n\
# For information about cache directory tags see https://bford.info/cachedir/\n";

/// One output folder's cache, as read at the start of a run.
pub struct Cache {
    /// `.spec_cache/render-<hash of the output folder and format>.json`.
    file: PathBuf,
    /// The run's identity (program, format, templates, output folder), in hex.
    identity: String,
    stored: Parts,
}

/// The entries of a cache file: each spec's, by name, and the index's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Parts {
    specs: BTreeMap<String, Entry>,
    index: Option<Entry>,
}

impl Parts {
    fn get(&self, part: &Part) -> Option<&Entry> {
        match part {
            Part::Spec(name) => self.specs.get(name),
            Part::Index => self.index.as_ref(),
        }
    }
}

/// What a run keeps of one part of the output (a spec's documents, or the
/// workspace index): its entry (`None`: nothing to keep).
pub struct Kept {
    part: Part,
    entry: Option<Entry>,
}

/// A part of the output: a spec's documents, by the spec's name, or the
/// workspace index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Spec(String),
    Index,
}

/// What one spec's documents were rendered from, and what was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    fingerprint: String,
    documents: Vec<Recorded>,
    /// The folders of the spec's documents, each with its trusted status;
    /// `None` until a run has found no obsolete document in them.
    folders: Option<Vec<Folder>>,
}

/// One document as written: its path under the output folder, its length
/// and hash, and the file's status once a run has trusted it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Recorded {
    path: String,
    len: u64,
    hash: String,
    status: Option<Status>,
}

/// A folder under the output folder, with its trusted status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Folder {
    path: String,
    status: Status,
}

/// A file's status, as `lstat` gives it: what changes when it is written,
/// replaced, renamed over, or (a folder) gains or loses an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Status {
    device: u64,
    inode: u64,
    size: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl Status {
    /// The status in `meta`.
    #[cfg(unix)]
    fn of(meta: &std::fs::Metadata) -> Option<Self> {
        use std::os::unix::fs::MetadataExt;
        Some(Self {
            device: meta.dev(),
            inode: meta.ino(),
            size: meta.size(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
        })
    }

    /// Elsewhere there is no change time: no status, and the content is
    /// compared every time.
    #[cfg(not(unix))]
    fn of(_: &std::fs::Metadata) -> Option<Self> {
        None
    }

    /// The status in `meta`, when it can be trusted: the file last changed
    /// [`RACY`] or more before `before`, a time read before `meta` was.
    fn trusted(meta: &std::fs::Metadata, before: SystemTime) -> Option<Self> {
        let status = Self::of(meta)?;
        let (seconds, nanoseconds) = status.changed;
        let changed = SystemTime::UNIX_EPOCH.checked_add(Duration::new(
            u64::try_from(seconds).ok()?,
            u32::try_from(nanoseconds).ok()?,
        ))?;
        (changed + RACY <= before).then_some(status)
    }

    /// Whether `meta` is this status.
    fn is(&self, meta: &std::fs::Metadata) -> bool {
        Self::of(meta).as_ref() == Some(self)
    }
}

#[derive(Serialize, Deserialize)]
struct Stored {
    layout: u32,
    identity: String,
    parts: Parts,
}

fn hash_of(bytes: &[u8]) -> String {
    format!("{:032x}", super::fingerprint::hash(bytes))
}

impl Entry {
    /// The entry of documents just rendered from a view of `fingerprint`;
    /// `None` if a path is not text (it could not be recorded).
    fn of(fingerprint: &str, documents: &[Rendered]) -> Option<Self> {
        let documents = documents
            .iter()
            .map(|d| {
                Some(Recorded {
                    path: d.path.to_str()?.to_owned(),
                    len: d.text.len() as u64,
                    hash: hash_of(d.text.as_bytes()),
                    status: None,
                })
            })
            .collect::<Option<_>>()?;
        Some(Self {
            fingerprint: fingerprint.to_owned(),
            documents,
            folders: None,
        })
    }
}

impl Cache {
    /// The cache of what `renderer` writes into `out` for the workspace at
    /// `root`, or `None` when documents cannot be cached: a template calls
    /// `sparql()`, or this program's file cannot be read.
    pub fn open(root: &Path, out: &Path, renderer: &Renderer) -> Option<Self> {
        if renderer
            .templates()
            .iter()
            .any(|t| t.text.contains("sparql"))
        {
            return None;
        }
        let out = std::path::absolute(out).ok()?;
        let program = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
        let modified = program
            .modified()
            .ok()?
            .duration_since(SystemTime::UNIX_EPOCH)
            .ok()?;
        let extension = renderer.format().extension();
        let mut key = Fingerprinter::new();
        key.bytes(out.as_os_str().as_encoded_bytes());
        key.bytes(extension.as_bytes());
        let file = root
            .join(DIR)
            .join(format!("render-{:032x}.json", key.finish()));
        let mut identity = Fingerprinter::new();
        identity.number(u64::from(LAYOUT));
        identity.bytes(env!("CARGO_PKG_VERSION").as_bytes());
        identity.number(program.len());
        identity.number(modified.as_secs());
        identity.number(u64::from(modified.subsec_nanos()));
        identity.bytes(extension.as_bytes());
        identity.bytes(out.as_os_str().as_encoded_bytes());
        identity.number(renderer.templates().len() as u64);
        for template in renderer.templates() {
            identity.bytes(template.name.as_bytes());
            identity.bytes(template.text.as_bytes());
        }
        let identity = format!("{:032x}", identity.finish());
        let stored = std::fs::read(&file)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Stored>(&bytes).ok())
            .filter(|stored| stored.layout == LAYOUT && stored.identity == identity)
            .map(|stored| stored.parts)
            .unwrap_or_default();
        Some(Self {
            file,
            identity,
            stored,
        })
    }

    /// The fingerprint of what a part's documents are made of: the run's
    /// identity and `made_of` (what a spec's view is made of; for the
    /// index, the specs' fingerprints). `None` if it cannot be hashed.
    pub fn fingerprint<T: Serialize + ?Sized>(&self, made_of: &T) -> Option<String> {
        let mut hasher = Fingerprinter::new();
        hasher.bytes(self.identity.as_bytes());
        hasher.value(made_of).ok()?;
        Some(format!("{:032x}", hasher.finish()))
    }

    /// What to keep of `part` after rendering it in full: `documents`, as
    /// rendered from what `fingerprint` was taken of (`None`: nothing to keep).
    pub fn rendered(&self, part: Part, fingerprint: Option<&str>, documents: &[Rendered]) -> Kept {
        Kept {
            part,
            entry: fingerprint.and_then(|f| Entry::of(f, documents)),
        }
    }

    /// If `part`'s documents were rendered from `fingerprint`, are on disk
    /// as written, and no obsolete document of this format (`extension`) is
    /// in its folders (`owned`): its entry, with the status
    /// of what this run read and compared now trusted, and the changes (none).
    /// Anything else, an error included, is a miss: the spec is rendered in
    /// full, which reports what is wrong.
    pub fn unchanged(
        &self,
        part: &Part,
        fingerprint: &str,
        out: &Path,
        owned: &[PathBuf],
        extension: &str,
    ) -> Option<(Kept, Changes)> {
        let stored = self.stored.get(part)?;
        if stored.fingerprint != fingerprint {
            return None;
        }
        let mut entry = stored.clone();
        // The folders first: when each is the one found without an obsolete
        // document (same inode, times unchanged), it is a folder and no link,
        // and the documents' paths need no more `lstat`s.
        let trusted = entry.folders.as_ref().is_some_and(|folders| {
            folders.iter().all(|f| {
                std::fs::symlink_metadata(out.join(&f.path)).is_ok_and(|meta| f.status.is(&meta))
            })
        });
        let mut folders_seen: HashSet<PathBuf> = match (&entry.folders, trusted) {
            // Only plain paths: a cache file is input, and its paths stay under `out`.
            (Some(folders), true) => folders
                .iter()
                .map(|f| PathBuf::from(&f.path))
                .filter(|p| output::is_contained(p))
                .collect(),
            _ => HashSet::new(),
        };
        for document in &mut entry.documents {
            if !folders_on_the_way(out, Path::new(&document.path), &mut folders_seen) {
                return None;
            }
            let path = out.join(&document.path);
            let before = SystemTime::now();
            let meta = std::fs::symlink_metadata(&path).ok()?;
            if !meta.is_file() {
                return None;
            }
            if document.status.is_some_and(|s| s.is(&meta)) {
                continue;
            }
            let bytes = std::fs::read(&path).ok()?;
            if bytes.len() as u64 != document.len || hash_of(&bytes) != document.hash {
                return None;
            }
            document.status = Status::trusted(&meta, before);
        }
        if !trusted {
            entry.folders = no_obsolete(out, &entry.documents, owned, extension)?;
        }
        let changes = Changes {
            unchanged: entry.documents.len(),
            ..Changes::default()
        };
        let kept = Kept {
            part: part.clone(),
            entry: Some(entry),
        };
        Some((kept, changes))
    }

    /// Stores `kept` after the documents were written, when something
    /// changed. `whole`: every spec of the workspace was rendered, so specs
    /// no longer there are dropped; otherwise the other specs' entries stay.
    /// A failure to write is ignored: the next run renders in full.
    pub fn save(&self, kept: Vec<Kept>, whole: bool) {
        let mut parts = if whole {
            Parts::default()
        } else {
            self.stored.clone()
        };
        for Kept { part, entry } in kept {
            match (part, entry) {
                (Part::Spec(name), Some(entry)) => {
                    parts.specs.insert(name, entry);
                }
                (Part::Spec(name), None) => {
                    parts.specs.remove(&name);
                }
                (Part::Index, entry) => parts.index = entry,
            }
        }
        if parts == self.stored && self.file.exists() {
            return;
        }
        let stored = Stored {
            layout: LAYOUT,
            identity: self.identity.clone(),
            parts,
        };
        let _ = write(&self.file, &stored);
    }
}

/// Whether every folder on the way to `relative` (under `out`) is a folder,
/// not a link; `seen` holds those already found so.
fn folders_on_the_way(out: &Path, relative: &Path, seen: &mut HashSet<PathBuf>) -> bool {
    let Some(parent) = relative.parent() else {
        return false;
    };
    let mut path = PathBuf::new();
    for component in parent.components() {
        let Component::Normal(name) = component else {
            return false;
        };
        path.push(name);
        if seen.contains(&path) {
            continue;
        }
        if !std::fs::symlink_metadata(out.join(&path)).is_ok_and(|m| m.is_dir()) {
            return false;
        }
        seen.insert(path.clone());
    }
    true
}

/// The folders `owned` (under `out`, each with every folder below it), when
/// none holds a generated file of this format (`extension`) that
/// `documents` does not name — an obsolete one; each folder with its status
/// when it can be trusted (else the list is `None`: the folders are walked
/// again next time). A file of the format that is not generated keeps the
/// folders untrusted too: it could become one in place, without changing
/// its folder. `None` (a miss) when there is an obsolete document or a
/// folder cannot be read.
fn no_obsolete(
    out: &Path,
    documents: &[Recorded],
    owned: &[PathBuf],
    extension: &str,
) -> Option<Option<Vec<Folder>>> {
    let named: HashSet<&Path> = documents.iter().map(|d| Path::new(&d.path)).collect();
    let mut folders = Vec::new();
    let mut all_trusted = true;
    for folder in owned {
        let mut pending = vec![folder.clone()];
        while let Some(relative) = pending.pop() {
            let dir = out.join(&relative);
            let before = SystemTime::now();
            let meta = std::fs::symlink_metadata(&dir).ok()?;
            if !meta.is_dir() {
                return None;
            }
            match Status::trusted(&meta, before) {
                Some(status) => folders.push(Folder {
                    path: relative.to_str()?.to_owned(),
                    status,
                }),
                None => all_trusted = false,
            }
            for item in std::fs::read_dir(&dir).ok()? {
                let item = item.ok()?;
                let kind = item.file_type().ok()?;
                let path = relative.join(item.file_name());
                if kind.is_dir() {
                    pending.push(path);
                } else if kind.is_file()
                    && !named.contains(path.as_path())
                    && path.extension().is_some_and(|e| e == extension)
                {
                    if output::is_generated(&out.join(&path)) {
                        return None;
                    }
                    all_trusted = false;
                }
            }
        }
    }
    Some(all_trusted.then_some(folders))
}

/// Writes the cache file (its folder made, with its `.gitignore` and tag),
/// through a temporary file renamed over it: a reader sees the old file or
/// the new one. Not made durable: a cache lost in a crash costs one full render.
fn write(file: &Path, stored: &Stored) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    for (name, text) in [(".gitignore", GITIGNORE), ("CACHEDIR.TAG", CACHEDIR_TAG)] {
        let path = dir.join(name);
        if !path.exists() {
            std::fs::write(path, text)?;
        }
    }
    let bytes = serde_json::to_vec(stored).map_err(std::io::Error::other)?;
    let temp = crate::fs::temp_beside(file);
    let result = std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, file));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A status taken within two seconds of the file's last change is not
    /// trusted; one taken later is, and tells the file apart after a write.
    #[cfg(unix)]
    #[test]
    fn a_racy_status_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "one").unwrap();
        let meta = std::fs::symlink_metadata(&file).unwrap();
        assert_eq!(Status::trusted(&meta, SystemTime::now()), None);
        let later = SystemTime::now() + RACY + Duration::from_millis(10);
        let status = Status::trusted(&meta, later).unwrap();
        assert!(status.is(&meta));
        std::fs::write(&file, "two").unwrap();
        assert!(!status.is(&std::fs::symlink_metadata(&file).unwrap()));
    }

    /// A folder on the way that is a link, or a file, fails the check.
    #[cfg(unix)]
    #[test]
    fn folders_on_the_way_are_folders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::create_dir_all(out.join("s/briefings")).unwrap();
        std::fs::create_dir(out.join("elsewhere")).unwrap();
        std::os::unix::fs::symlink(out.join("elsewhere"), out.join("linked")).unwrap();
        std::fs::write(out.join("file"), "").unwrap();
        let mut seen = HashSet::new();
        assert!(folders_on_the_way(
            out,
            Path::new("s/briefings/a.md"),
            &mut seen
        ));
        assert!(folders_on_the_way(
            out,
            Path::new("s/DASHBOARD.md"),
            &mut seen
        ));
        assert_eq!(seen.len(), 2);
        assert!(!folders_on_the_way(
            out,
            Path::new("linked/a.md"),
            &mut seen
        ));
        assert!(!folders_on_the_way(out, Path::new("file/a.md"), &mut seen));
        assert!(!folders_on_the_way(
            out,
            Path::new("missing/a.md"),
            &mut seen
        ));
    }
}

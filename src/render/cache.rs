//! The render cache: `spec render` does not evaluate a spec's templates again
//! when nothing they read has changed and the spec's documents on disk are
//! still the ones it wrote. Evaluating the templates was most of what an
//! up-to-date `spec render` cost beyond the check (100 generated specs,
//! callgrind: 780 M of the 956 M instructions it spent more than `spec check`).
//!
//! What a spec's documents are made of, and so what its fingerprint covers:
//! - the spec's view (`view.rs`: everything the templates are given about the
//!   spec, the folder it is written to and the header's source included;
//!   the SVG charts are drawn from it), fed whole to a 128-bit hash
//!   (`fingerprint.rs`);
//! - the identity of the run: this program (its version, and its file's size
//!   and modification time, so a rebuilt `spec` never trusts a cache of
//!   another build), the format, every template's name and text, and the
//!   output folder.
//!
//! The one thing templates can read outside the view is the spec's graph,
//! through `sparql()`: when any template's text names it, nothing is cached.
//! A hit also needs every document to be on disk with the length and the
//! hash it was written with (a document edited or removed by hand is
//! rendered again), and no obsolete document in the spec's folder.
//! `spec render --check` never reads the cache: what CI verifies is always
//! rendered in full. `--no-cache` renders in full too.
//!
//! The cache lives in `.spec_cache/` at the workspace root, one file per
//! output folder and format, with a `.gitignore` that ignores the folder and
//! a `CACHEDIR.TAG`. It is only an optimisation: a file that cannot be read
//! or parsed is an empty cache, and one that cannot be written is left as it
//! was (the documents are written either way).

use super::fingerprint::Fingerprinter;
use super::output::{self, Changes, Expected};
use super::view::SpecView;
use super::{Rendered, Renderer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The cache folder, at the workspace root.
pub const DIR: &str = ".spec_cache";

/// The layout of the cache file; a file of another layout is ignored.
const LAYOUT: u32 = 1;

/// What `.spec_cache/.gitignore` holds: the folder is never committed.
const GITIGNORE: &str = "# Written by spec render: a local cache, never committed.\n*\n";

/// The cache directory tag (<https://bford.info/cachedir/>): backup tools skip the folder.
const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This file is a cache directory tag created by spec render.\n\
# For information about cache directory tags see https://bford.info/cachedir/\n";

/// One output folder's cache, as read at the start of a run.
pub struct Cache {
    file: PathBuf,
    /// The run's identity (program, format, templates, output folder), in hex.
    identity: String,
    specs: BTreeMap<String, Entry>,
}

/// What one spec's documents were rendered from, and what was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    fingerprint: String,
    documents: Vec<Recorded>,
}

/// One document as written: its path under the output folder, its length and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Recorded {
    path: String,
    len: u64,
    hash: String,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    layout: u32,
    identity: String,
    specs: BTreeMap<String, Entry>,
}

impl Expected for Recorded {
    fn path(&self) -> &Path {
        Path::new(&self.path)
    }

    fn matches(&self, existing: &[u8]) -> bool {
        existing.len() as u64 == self.len && hash_of(existing) == self.hash
    }
}

fn hash_of(bytes: &[u8]) -> String {
    format!("{:032x}", super::fingerprint::hash(bytes))
}

impl Entry {
    /// The entry of documents just rendered from a view of `fingerprint`;
    /// `None` if a path is not text (it could not be recorded).
    pub fn of(fingerprint: &str, documents: &[Rendered]) -> Option<Self> {
        let documents = documents
            .iter()
            .map(|d| {
                Some(Recorded {
                    path: d.path.to_str()?.to_owned(),
                    len: d.text.len() as u64,
                    hash: hash_of(d.text.as_bytes()),
                })
            })
            .collect::<Option<_>>()?;
        Some(Self {
            fingerprint: fingerprint.to_owned(),
            documents,
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
            .duration_since(std::time::UNIX_EPOCH)
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
        let specs = std::fs::read(&file)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Stored>(&bytes).ok())
            .filter(|stored| stored.layout == LAYOUT && stored.identity == identity)
            .map(|stored| stored.specs)
            .unwrap_or_default();
        Some(Self {
            file,
            identity,
            specs,
        })
    }

    /// The fingerprint of what a spec's documents are made of: the run's
    /// identity and the spec's view. `None` if the view cannot be hashed.
    pub fn fingerprint(&self, view: &SpecView) -> Option<String> {
        let mut hasher = Fingerprinter::new();
        hasher.bytes(self.identity.as_bytes());
        hasher.value(view).ok()?;
        Some(format!("{:032x}", hasher.finish()))
    }

    /// If the spec `name`'s documents were rendered from `fingerprint` and
    /// are on disk as written, with no obsolete document beside them: its
    /// entry and the (empty) changes. Anything else, an error included, is
    /// a miss: the spec is rendered in full, which reports what is wrong.
    pub fn unchanged(
        &self,
        name: &str,
        fingerprint: &str,
        out: &Path,
        owned: &[PathBuf],
        extension: &str,
    ) -> Option<(Entry, Changes)> {
        let entry = self.specs.get(name)?;
        if entry.fingerprint != fingerprint {
            return None;
        }
        let changes = output::survey(out, &entry.documents, owned, extension).ok()?;
        (changes.is_empty() && changes.in_the_way.is_empty()).then(|| (entry.clone(), changes))
    }

    /// Keeps `entries` (spec name, entry; `None`: nothing to keep for it)
    /// after the documents were written. `whole`: every spec of the workspace
    /// was rendered, so specs no longer there are dropped; otherwise the
    /// other specs' entries stay. Written only when something changed; a
    /// failure to write is ignored (the next run renders those specs in full).
    pub fn save(mut self, entries: Vec<(String, Option<Entry>)>, whole: bool) {
        let before = std::mem::take(&mut self.specs);
        let mut specs = if whole {
            BTreeMap::new()
        } else {
            before.clone()
        };
        for (name, entry) in entries {
            match entry {
                Some(entry) => specs.insert(name, entry),
                None => specs.remove(&name),
            };
        }
        if specs == before && self.file.exists() {
            return;
        }
        let stored = Stored {
            layout: LAYOUT,
            identity: self.identity,
            specs,
        };
        let _ = write(&self.file, &stored);
    }
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

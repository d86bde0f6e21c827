//! The baseline: findings a team has accepted for now, so that `spec check`
//! (and the pre-commit hook) fails only on new ones. Adopting `spec` on a
//! corpus with 600 findings would otherwise block every commit that touches
//! a spec.
//!
//! `spec baseline` writes the current findings to `spec-baseline.json` (or
//! spec.toml's `baseline`). A finding is matched by its spec's folder name,
//! code, subject and message — the message names the term (property, value)
//! it is about — and never by line or column, so editing elsewhere in a file
//! does not revive it. Each entry matches one finding; entries left over are
//! findings that have been fixed, and `spec baseline` again drops them.

use crate::failure::Failure;
use crate::finding::Finding;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub const DEFAULT_FILE: &str = "spec-baseline.json";
const VERSION: u32 = 1;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// The spec's folder name (`007-optimize-build-times`).
    pub spec: String,
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub message: String,
}

impl Entry {
    pub fn of(spec: &str, finding: &Finding) -> Self {
        Self {
            spec: spec.to_owned(),
            code: finding.code.clone(),
            // A blank node's label changes from one parse to the next.
            subject: finding.subject.clone().filter(|s| !s.starts_with("_:")),
            message: finding.message.clone(),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

/// A loaded baseline; matching consumes entries (from any thread).
pub struct Baseline {
    pub path: PathBuf,
    /// How many times each entry is still to be matched.
    open: Mutex<BTreeMap<Entry, usize>>,
    /// The specs whose findings were matched against it.
    checked: Mutex<HashSet<String>>,
}

impl Baseline {
    /// The baseline file, if it exists. A file that is not a baseline is an
    /// error (a silently ignored baseline would block every commit).
    pub fn load(path: &Path) -> Result<Option<Self>, Failure> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Failure::new(format!("cannot read {}: {e}", path.display()))),
        };
        let file: File = serde_json::from_str(&text).map_err(|e| {
            Failure::new(format!(
                "{}:{}:{}: not a spec baseline: {e}",
                crate::load::display_path(path),
                e.line(),
                e.column()
            ))
            .with_help("write it again with `spec baseline`")
        })?;
        if file.version != VERSION {
            return Err(Failure::new(format!(
                "{}: baseline version {} (this spec reads version {VERSION})",
                crate::load::display_path(path),
                file.version
            ))
            .with_help("write it again with `spec baseline`"));
        }
        let mut open = BTreeMap::new();
        for entry in file.findings {
            *open.entry(entry).or_insert(0) += 1;
        }
        Ok(Some(Self {
            path: path.to_path_buf(),
            open: Mutex::new(open),
            checked: Mutex::new(HashSet::new()),
        }))
    }

    /// Marks the findings of `spec` that the baseline accepts.
    pub fn mark(&self, spec: &str, findings: &mut [Finding]) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        for finding in findings {
            if let Some(count) = open.get_mut(&Entry::of(spec, finding)) {
                if *count > 0 {
                    *count -= 1;
                    finding.baselined = true;
                }
            }
        }
        drop(open);
        self.checked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(spec.to_owned());
    }

    /// Every entry, as loaded (before any matching).
    pub fn entries(self) -> Vec<Entry> {
        self.open
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_iter()
            .flat_map(|(entry, count)| std::iter::repeat_n(entry, count))
            .collect()
    }

    /// The entries of the checked specs that nothing matched.
    pub fn fixed(&self) -> usize {
        let checked = self.checked.lock().unwrap_or_else(|e| e.into_inner());
        self.open
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .filter(|(entry, _)| checked.contains(&entry.spec))
            .map(|(_, count)| count)
            .sum()
    }
}

/// Writes `entries` as the baseline at `path` (atomically; sorted, so the
/// file diffs well).
pub fn write(path: &Path, mut entries: Vec<Entry>) -> Result<(), Failure> {
    entries.sort();
    let file = File {
        version: VERSION,
        findings: entries,
    };
    let mut text = serde_json::to_string_pretty(&file)
        .map_err(|e| Failure::new(format!("cannot write the baseline: {e}")))?;
    text.push('\n');
    crate::fs::write_atomic(path, text.as_bytes())
        .map_err(|e| Failure::new(format!("cannot write {}: {e}", path.display())))
}

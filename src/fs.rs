//! File writes that never leave a half-written file behind.

use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The folder a file goes in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The longest file name, in bytes, that the common file systems take
/// (ext4, XFS, Btrfs, APFS; NTFS counts 255 UTF-16 units).
const NAME_MAX: usize = 255;

/// The temporary file beside `path` that [`write_atomic`] and
/// [`write_all_atomic`] write first: hidden, and named after this process so
/// that two runs do not write the same one.
///
/// File systems take names of up to 255 bytes, and the temporary name adds
/// up to 16 to the file's. A name too long for that, or not valid UTF-8, is
/// cut to a prefix and a hash of the whole name, so that every file of one
/// run still gets a temporary file of its own.
pub(crate) fn temp_beside(path: &Path) -> PathBuf {
    use std::hash::{Hash, Hasher};
    /// The longest name less `.`, `.` and the widest `u32` process id, `.tmp`.
    const WHOLE: usize = NAME_MAX - 1 - 11 - 4;
    /// What is kept of a name that is cut: room for `~` and 16 hex digits.
    const CUT: usize = WHOLE - 17;
    let raw = path.file_name().unwrap_or_default();
    let name = raw.to_string_lossy();
    let pid = std::process::id();
    let temp = match name {
        std::borrow::Cow::Borrowed(name) if name.len() <= WHOLE => format!(".{name}.{pid}.tmp"),
        _ => {
            let mut end = name.len().min(CUT);
            while !name.is_char_boundary(end) {
                end -= 1;
            }
            let mut hasher = std::hash::DefaultHasher::new();
            raw.as_encoded_bytes().hash(&mut hasher);
            format!(".{}~{:016x}.{pid}.tmp", &name[..end], hasher.finish())
        }
    };
    folder_of(path).join(temp)
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = temp_beside(path);
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// What [`write_all_atomic`] could not do, and to which path.
#[derive(Debug)]
pub struct WriteError {
    /// `"create"` (a folder), `"write"` (a file) or `"sync"` (a folder's file system).
    pub action: &'static str,
    pub path: PathBuf,
    pub error: std::io::Error,
}

impl WriteError {
    fn new(action: &'static str, path: &Path, error: std::io::Error) -> Self {
        Self {
            action,
            path: path.to_path_buf(),
            error,
        }
    }
}

/// Writes every `(path, bytes)`, creating the folders they need, all or
/// nothing: each file is first written to a temporary file beside it; if one
/// cannot be written (or a folder cannot be created), every temporary file
/// and every folder this call created are removed, and no file is replaced.
/// Then the temporary files are made durable, all at once, renamed into
/// place, and the renames are made durable, all at once.
///
/// All at once is one `syncfs(2)` per file system on Linux, instead of one
/// `fsync` per file: on 8,001 rendered documents (59 MB in 2,001 folders) the
/// write phase took 11.0 s with an `fsync` per file, 7.4 s with two
/// `syncfs`, 7.2 s with no sync at all (medians of 7 alternating runs;
/// `fsync`s on 16 threads were 7.9 s). `libc` was already built for other
/// crates. An `fsync` of each folder instead would not do: it makes the
/// folder's entries durable, not the contents of the files in it. Elsewhere
/// each file is synced as it is written, as [`write_atomic`] does, and on
/// Unix each folder after the renames.
///
/// Only a failing rename (after every file was written and made durable: a
/// full or failing disk) leaves the job half done, each file whole; a failing
/// last sync is reported with every file in place.
pub fn write_all_atomic(files: &[(PathBuf, &[u8])]) -> Result<(), WriteError> {
    let mut created = Vec::new();
    let mut temps = Vec::with_capacity(files.len());
    let mut staged = stage(files, &mut created, &mut temps);
    // The folders whose entries change: where the files go, and where the
    // folders created on the way go.
    let mut folders: std::collections::BTreeSet<&Path> =
        files.iter().map(|(path, _)| folder_of(path)).collect();
    folders.extend(created.iter().map(|folder| folder_of(folder)));
    if staged.is_ok() {
        staged = sync_contents(&folders);
    }
    if let Err(error) = staged {
        for temp in &temps {
            let _ = std::fs::remove_file(temp);
        }
        // Children before parents; only empty folders go.
        for folder in created.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
        return Err(error);
    }
    // Renamed on every thread: each rename is its own system call.
    let failed = temps
        .par_iter()
        .zip(files)
        .map(|(temp, (path, _))| std::fs::rename(temp, path).map_err(|e| (path, e)))
        .collect::<Vec<_>>()
        .into_iter()
        .find_map(Result::err);
    if let Some((path, error)) = failed {
        for temp in &temps {
            let _ = std::fs::remove_file(temp);
        }
        return Err(WriteError::new("write", path, error));
    }
    sync_names(&folders)
}

/// Writes the temporary files, creating missing folders; `created` and
/// `temps` record what there is to remove if something fails.
fn stage(
    files: &[(PathBuf, &[u8])],
    created: &mut Vec<PathBuf>,
    temps: &mut Vec<PathBuf>,
) -> Result<(), WriteError> {
    let mut present: rustc_hash::FxHashSet<&Path> = rustc_hash::FxHashSet::default();
    for (path, _) in files {
        let folder = folder_of(path);
        if present.insert(folder) {
            create_folders(folder, created)
                .map_err(|error| WriteError::new("create", folder, error))?;
        }
        // Found now, while nothing is replaced: the rename would fail after
        // the files before it had landed.
        let length = path.file_name().map_or(0, |n| n.as_encoded_bytes().len());
        if length > NAME_MAX {
            let error = std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("the file name is {length} bytes long, and file systems take at most {NAME_MAX}"),
            );
            return Err(WriteError::new("write", path, error));
        }
    }
    // Written on every thread (each file is a few system calls): serially,
    // this was 3% of the CPU of rendering 8,001 documents on tmpfs, all of
    // it on the main thread after the specs were done (`perf`). Every
    // temporary file is recorded, written or not, for the clean-up; the
    // first failure in the files' order is reported.
    temps.extend(files.iter().map(|(path, _)| temp_beside(path)));
    let failed = files
        .par_iter()
        .zip(temps.par_iter())
        .map(|((path, bytes), temp)| {
            let write = || -> std::io::Result<()> {
                let mut file = std::fs::File::create(temp)?;
                file.write_all(bytes)?;
                #[cfg(not(target_os = "linux"))]
                file.sync_all()?;
                Ok(())
            };
            write().map_err(|error| WriteError::new("write", path, error))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .find_map(Result::err);
    failed.map_or(Ok(()), Err)
}

/// `create_dir_all`, recording each folder it creates, parents first.
fn create_folders(folder: &Path, created: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut missing = Vec::new();
    let mut at = folder;
    while !at.as_os_str().is_empty() && !at.is_dir() {
        missing.push(at);
        match at.parent() {
            Some(parent) => at = parent,
            None => break,
        }
    }
    for folder in missing.into_iter().rev() {
        match std::fs::create_dir(folder) {
            Ok(()) => created.push(folder.to_path_buf()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && folder.is_dir() => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Makes the written temporary files durable: one `syncfs` for each file
/// system the folders are on. It also writes out what other programs have
/// written to that file system: with another program's 1 GB written just
/// before, the write phase above took 8.7 s, against 7.9 s with no sync and
/// 12.7 s with an `fsync` per file (medians of 4 alternating runs).
#[cfg(target_os = "linux")]
fn sync_contents(folders: &std::collections::BTreeSet<&Path>) -> Result<(), WriteError> {
    let mut done = std::collections::BTreeSet::new();
    for folder in folders {
        syncfs_once(folder, &mut done).map_err(|error| WriteError::new("sync", folder, error))?;
    }
    Ok(())
}

/// `syncfs` on the file system of `folder`, unless `done` has it already.
#[cfg(target_os = "linux")]
fn syncfs_once(folder: &Path, done: &mut std::collections::BTreeSet<u64>) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::MetadataExt;
    if done.insert(std::fs::metadata(folder)?.dev()) {
        let handle = std::fs::File::open(folder)?;
        // SAFETY: `handle` is an open file descriptor for the whole call, and
        // syncfs(2) only reads it.
        if unsafe { libc::syncfs(handle.as_raw_fd()) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Each file was synced as it was written.
#[cfg(not(target_os = "linux"))]
fn sync_contents(_folders: &std::collections::BTreeSet<&Path>) -> Result<(), WriteError> {
    Ok(())
}

/// Makes the renames durable: on Linux, one more `syncfs` per file system
/// (which commits the folders' entries, 2,001 folder `fsync`s in one call).
#[cfg(target_os = "linux")]
fn sync_names(folders: &std::collections::BTreeSet<&Path>) -> Result<(), WriteError> {
    sync_contents(folders)
}

/// Makes the renames durable: an `fsync` of each folder.
#[cfg(all(unix, not(target_os = "linux")))]
fn sync_names(folders: &std::collections::BTreeSet<&Path>) -> Result<(), WriteError> {
    for folder in folders {
        std::fs::File::open(folder)
            .and_then(|handle| handle.sync_all())
            .map_err(|error| WriteError::new("sync", folder, error))?;
    }
    Ok(())
}

/// A folder cannot be opened as a file on Windows: a rename is as durable as
/// the system makes it.
#[cfg(not(unix))]
fn sync_names(_folders: &std::collections::BTreeSet<&Path>) -> Result<(), WriteError> {
    Ok(())
}

/// Percent-encodes everything but unreserved characters and `/` (a path as
/// the path of a URI).
pub fn percent_encode_path(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The `file:` URL of a file (absolute, `/`-separated, percent-encoded): the
/// base that relative IRIs in it resolve against, as pySHACL, rdflib and Jena
/// do.
pub fn file_url(path: &Path) -> String {
    let absolute = path
        .canonicalize()
        .or_else(|_| std::env::current_dir().map(|cwd| cwd.join(path)))
        .unwrap_or_else(|_| path.to_path_buf());
    let text = absolute
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/");
    format!("file:///{}", percent_encode_path(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file under `root`, relative, sorted.
    fn tree(root: &Path) -> Vec<String> {
        let mut found: Vec<String> = walkdir::WalkDir::new(root)
            .min_depth(1)
            .into_iter()
            .map(|e| {
                let e = e.unwrap();
                let relative = e.path().strip_prefix(root).unwrap().display().to_string();
                if e.file_type().is_dir() {
                    format!("{relative}/")
                } else {
                    format!(
                        "{relative} = {}",
                        std::fs::read_to_string(e.path()).unwrap()
                    )
                }
            })
            .collect();
        found.sort();
        found
    }

    #[test]
    fn writes_every_file_and_its_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("a")).unwrap();
        std::fs::write(root.join("a/x.md"), "old x").unwrap();
        write_all_atomic(&[
            (root.join("a/x.md"), b"new x".as_slice()),
            (root.join("a/y.md"), b"y".as_slice()),
            (root.join("b/c/z.md"), b"z".as_slice()),
        ])
        .unwrap();
        assert_eq!(
            tree(root),
            [
                "a/",
                "a/x.md = new x",
                "a/y.md = y",
                "b/",
                "b/c/",
                "b/c/z.md = z"
            ]
        );
    }

    #[test]
    fn a_file_that_cannot_be_written_replaces_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("a")).unwrap();
        std::fs::write(root.join("a/x.md"), "old x").unwrap();
        // A folder where the last file's temporary file must go.
        std::fs::create_dir_all(temp_beside(&root.join("a/z.md"))).unwrap();
        let before = tree(root);
        let error = write_all_atomic(&[
            (root.join("a/x.md"), b"new x".as_slice()),
            (root.join("new/folder/y.md"), b"y".as_slice()),
            (root.join("a/z.md"), b"z".as_slice()),
        ])
        .unwrap_err();
        assert_eq!((error.action, error.path), ("write", root.join("a/z.md")));
        // The old file, no temporary file, no folder created on the way.
        assert_eq!(tree(root), before);
    }

    #[test]
    fn a_folder_that_cannot_be_created_replaces_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("a")).unwrap();
        std::fs::write(root.join("a/x.md"), "old x").unwrap();
        // A file where a folder must go.
        std::fs::write(root.join("f"), "a file").unwrap();
        let before = tree(root);
        let error = write_all_atomic(&[
            (root.join("a/x.md"), b"new x".as_slice()),
            (root.join("b/y.md"), b"y".as_slice()),
            (root.join("f/g/z.md"), b"z".as_slice()),
        ])
        .unwrap_err();
        assert_eq!((error.action, error.path), ("create", root.join("f/g")));
        assert_eq!(tree(root), before);
    }

    /// A file name the file system takes (up to 255 bytes) is written,
    /// though its temporary file's name would be longer; two long names
    /// that differ only at the end get temporary files of their own.
    #[test]
    fn a_name_of_255_bytes_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let long = |end: &str| format!("{}{end}.md", "é".repeat(124));
        let (a, b) = (long("a"), long("b"));
        assert_eq!(a.len(), 252);
        write_atomic(&root.join(&a), b"one").unwrap();
        assert_eq!(std::fs::read_to_string(root.join(&a)).unwrap(), "one");
        write_all_atomic(&[
            (root.join(&a), b"a".as_slice()),
            (root.join(&b), b"b".as_slice()),
            (root.join("x".repeat(251) + ".md"), b"x".as_slice()),
        ])
        .unwrap();
        assert_eq!(std::fs::read_to_string(root.join(&a)).unwrap(), "a");
        assert_eq!(std::fs::read_to_string(root.join(&b)).unwrap(), "b");
        assert_eq!(std::fs::read_dir(root).unwrap().count(), 3);
    }

    #[test]
    fn a_name_longer_than_255_bytes_replaces_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("a")).unwrap();
        std::fs::write(root.join("a/x.md"), "old x").unwrap();
        let before = tree(root);
        let long = root.join("b").join("y".repeat(253) + ".md");
        let error = write_all_atomic(&[
            (root.join("a/x.md"), b"new x".as_slice()),
            (long.clone(), b"y".as_slice()),
        ])
        .unwrap_err();
        assert_eq!((error.action, &error.path), ("write", &long));
        assert_eq!(
            error.error.to_string(),
            "the file name is 256 bytes long, and file systems take at most 255"
        );
        assert_eq!(tree(root), before);
    }

    #[test]
    fn file_urls_are_absolute_and_encoded() {
        let url = super::file_url(std::path::Path::new("/tmp/a b/c#d.ttl"));
        assert_eq!(url, "file:///tmp/a%20b/c%23d.ttl");
    }
}

//! Git, for the pre-commit hook: `--staged` checks the content that will be
//! committed (the index), exported into a temporary folder, instead of the
//! working tree; `--changed REV` names the files that differ from REV so that
//! only the specs they belong to are checked.
//!
//! Everything goes through the `git` command (plumbing only: `rev-parse`,
//! `diff --name-only`, `ls-files`, `checkout-index`), so `spec` reads the
//! repository exactly as git does — worktrees, `core.hooksPath`, the index
//! of a commit in progress (`GIT_INDEX_FILE`, set by `git commit -a` and
//! `git commit <paths>`) — without linking a git library.

use crate::failure::Failure;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository the working directory belongs to.
pub struct Repository {
    /// The top of the work tree, as git prints it (symbolic links resolved).
    pub top: PathBuf,
}

impl Repository {
    pub fn discover(cwd: &Path) -> Result<Self, Failure> {
        let out = run(cwd, &["rev-parse", "--show-toplevel"], None).map_err(|e| {
            e.with_help("--staged and --changed read the git repository: run spec inside one")
        })?;
        let top = String::from_utf8_lossy(&out)
            .trim_end_matches('\n')
            .to_owned();
        Ok(Self {
            top: PathBuf::from(top),
        })
    }

    fn git(&self, args: &[&str], input: Option<&[u8]>) -> Result<Vec<u8>, Failure> {
        run(&self.top, args, input)
    }

    /// The path of `path` (absolute, in this work tree) relative to the top.
    pub fn relative(&self, path: &Path) -> Option<PathBuf> {
        let real = std::fs::canonicalize(path).ok()?;
        real.strip_prefix(&self.top).ok().map(Path::to_path_buf)
    }

    /// The files, relative to the top, that differ between `rev` and the
    /// index (`staged`) or the working tree (then untracked files count too).
    /// `HEAD` before the first commit is the empty tree.
    pub fn changed(&self, rev: &str, staged: bool) -> Result<Vec<PathBuf>, Failure> {
        let base = self.resolve(rev)?;
        let mut args = vec!["diff", "--name-only", "--no-renames", "-z"];
        if staged {
            args.push("--cached");
        }
        args.extend([base.as_str(), "--"]);
        let mut files = split_nul(&self.git(&args, None)?);
        if !staged {
            files.extend(split_nul(
                &self.git(&["ls-files", "-z", "--others", "--exclude-standard"], None)?,
            ));
        }
        files.sort();
        files.dedup();
        Ok(files.into_iter().map(PathBuf::from).collect())
    }

    /// A commit (or tree) id for `rev`.
    fn resolve(&self, rev: &str) -> Result<String, Failure> {
        let spec = format!("{rev}^{{commit}}");
        match self.git(&["rev-parse", "--verify", "--quiet", &spec], None) {
            Ok(id) => Ok(String::from_utf8_lossy(&id).trim().to_owned()),
            Err(_) if rev == "HEAD" => {
                // No commit yet: everything staged is new. The empty tree's id
                // depends on the repository's hash (SHA-1 or SHA-256).
                let id = self.git(&["hash-object", "-t", "tree", "--stdin"], Some(b""))?;
                Ok(String::from_utf8_lossy(&id).trim().to_owned())
            }
            Err(_) => Err(
                Failure::new(format!("`{rev}` is not a commit of this repository")).with_help(
                    "give --changed a branch, tag or commit, e.g. --changed origin/main",
                ),
            ),
        }
    }

    /// Writes the index's version of every file under `under` (a folder of
    /// the work tree) into a new temporary folder laid out like the work tree.
    pub fn export_index(&self, under: &Path) -> Result<Snapshot, Failure> {
        let snapshot = Snapshot::create()?;
        let pathspec = match under.as_os_str().is_empty() {
            true => ".".to_owned(),
            false => under.display().to_string(),
        };
        // `-s` shows the mode: gitlinks (160000, submodules) have no content here.
        let listing = self.git(&["ls-files", "-z", "-s", "--", &pathspec], None)?;
        let mut paths = Vec::new();
        for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
            let Some(tab) = entry.iter().position(|&b| b == b'\t') else {
                continue;
            };
            if !entry.starts_with(b"160000") {
                paths.extend_from_slice(&entry[tab + 1..]);
                paths.push(0);
            }
        }
        let prefix = format!("--prefix={}/", snapshot.dir.display());
        self.git(
            &["checkout-index", "-f", &prefix, "-z", "--stdin"],
            Some(&paths),
        )?;
        Ok(snapshot)
    }
}

/// A temporary copy of the staged tree, removed when dropped.
pub struct Snapshot {
    pub dir: PathBuf,
}

impl Snapshot {
    fn create() -> Result<Self, Failure> {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!("spec-staged-{}-{stamp}", std::process::id()));
        std::fs::create_dir(&dir)
            .map_err(|e| Failure::new(format!("cannot create {}: {e}", dir.display())))?;
        // Resolved, so that paths under it compare with what git prints.
        let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
        Ok(Self { dir })
    }
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn split_nul(bytes: &[u8]) -> Vec<String> {
    bytes
        .split(|&b| b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect()
}

fn run(dir: &Path, args: &[&str], input: Option<&[u8]>) -> Result<Vec<u8>, Failure> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Failure::new(format!("cannot run git: {e}")))?;
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        // Written before reading: git reads all of stdin before it answers.
        stdin
            .write_all(input)
            .map_err(|e| Failure::new(format!("cannot talk to git: {e}")))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| Failure::new(format!("cannot run git: {e}")))?;
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        return Err(Failure::new(format!("git {}: {message}", args.join(" "))));
    }
    Ok(output.stdout)
}

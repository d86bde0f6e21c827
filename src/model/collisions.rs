//! Parallel file collisions: two tasks that are not done, may run at the
//! same time (no dependency path between them, and not separated by a phase
//! gate) and `sg:touches` the same file. A touched file may be a glob
//! (`*`, `**`, `?`, `[…]`): `crates/*/src/config.rs` and
//! `crates/core/src/config.rs` are the same file for this purpose.

use super::{Campaign, Name};
use globset::GlobMatcher;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Debug, Clone, Serialize)]
pub struct Collision {
    /// The file both touch: the path, or the glob when both are globs.
    pub file: String,
    pub first: Name,
    pub second: Name,
}

fn is_glob(path: &str) -> bool {
    path.contains(['*', '?', '['])
}

/// `*` and `?` stay within one path segment; `**` crosses them.
fn matcher(glob: &str) -> Option<GlobMatcher> {
    let glob = globset::GlobBuilder::new(glob)
        .literal_separator(true)
        .build()
        .ok()?;
    Some(glob.compile_matcher())
}

/// Whether two `sg:touches` values can name the same file: equal paths, a
/// glob that matches the other path, or (two globs) one that matches the
/// other's text. Shared with the `sg:overlaps` SPARQL function of the
/// `parallel-file-collision` rule.
pub fn overlap(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let matches =
        |glob: &str, path: &str| is_glob(glob) && matcher(glob).is_some_and(|m| m.is_match(path));
    matches(a, b) || matches(b, a)
}

/// The file to name for two overlapping values: the plain path if there is one.
fn shown<'a>(a: &'a str, b: &'a str) -> &'a str {
    if is_glob(a) && !is_glob(b) {
        b
    } else {
        a
    }
}

/// Every colliding pair, by file then task order.
pub fn of(campaign: &Campaign) -> Vec<Collision> {
    let tasks = &campaign.tasks;
    let index: HashMap<&str, usize> = tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.iri.as_str(), i))
        .collect();
    let phase_order: HashMap<&str, Option<f64>> = campaign
        .phases
        .iter()
        .map(|p| (p.name.iri.as_str(), p.order))
        .collect();
    let orders: Vec<Option<f64>> = tasks
        .iter()
        .map(|t| phase_order.get(t.phase.as_deref()?).copied().flatten())
        .collect();
    // Tasks by touched value; done tasks collide with nothing any more.
    let mut by_file: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, task) in tasks.iter().enumerate().filter(|(_, t)| !t.is_done()) {
        for file in &task.touches {
            by_file.entry(file.as_str()).or_default().push(i);
        }
    }
    // Equal values, then each glob against every other value (globs are few).
    let mut groups: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    for (&file, members) in &by_file {
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                groups.entry(file).or_default().push((a, b));
            }
        }
    }
    let files: Vec<&str> = by_file.keys().copied().collect();
    for (k, &glob) in files.iter().enumerate().filter(|(_, f)| is_glob(f)) {
        for (l, &other) in files.iter().enumerate() {
            if l == k || (is_glob(other) && l < k) || !overlap(glob, other) {
                continue;
            }
            for &a in &by_file[glob] {
                for &b in &by_file[other] {
                    if a != b {
                        groups
                            .entry(shown(glob, other))
                            .or_default()
                            .push((a.min(b), a.max(b)));
                    }
                }
            }
        }
    }
    let mut ancestors: HashMap<usize, HashSet<usize>> = HashMap::new();
    let mut seen = HashSet::new();
    let mut collisions = Vec::new();
    for (file, mut pairs) in groups {
        pairs.sort_unstable();
        for (a, b) in pairs {
            // Tasks of two ordered phases are separated by the gate between them.
            if let (Some(x), Some(y)) = (orders[a], orders[b]) {
                if x != y {
                    continue;
                }
            }
            for m in [a, b] {
                ancestors
                    .entry(m)
                    .or_insert_with(|| ancestors_of(campaign, &index, m));
            }
            if ancestors[&a].contains(&b) || ancestors[&b].contains(&a) {
                continue;
            }
            if seen.insert((file, a, b)) {
                collisions.push(Collision {
                    file: file.to_owned(),
                    first: tasks[a].name.clone(),
                    second: tasks[b].name.clone(),
                });
            }
        }
    }
    collisions
}

/// Every task `task` waits for, directly or not.
fn ancestors_of(campaign: &Campaign, index: &HashMap<&str, usize>, task: usize) -> HashSet<usize> {
    let mut seen = HashSet::new();
    let mut stack = vec![task];
    while let Some(n) = stack.pop() {
        for dependency in &campaign.tasks[n].depends_on {
            if let Some(&d) = index.get(dependency.as_str()) {
                if seen.insert(d) {
                    stack.push(d);
                }
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::overlap;

    #[test]
    fn globs_overlap_paths_and_each_other() {
        assert!(overlap("Cargo.toml", "Cargo.toml"));
        assert!(!overlap("Cargo.toml", "cargo.toml"));
        assert!(overlap(
            "crates/*/src/config.rs",
            "crates/core/src/config.rs"
        ));
        assert!(!overlap("crates/*/src/config.rs", "crates/core/src/lib.rs"));
        assert!(
            !overlap("crates/*.rs", "crates/core/src/lib.rs"),
            "* stays in a segment"
        );
        assert!(overlap("crates/**/*.rs", "crates/core/src/lib.rs"));
        assert!(overlap("crates/**/*.rs", "crates/*/src/config.rs"));
        assert!(overlap("src/?.rs", "src/a.rs"));
        assert!(!overlap("docs/*.md", "src/*.rs"));
    }
}

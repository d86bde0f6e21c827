//! Parallel file collisions: two tasks that are not done, may run at the
//! same time (no dependency path between them, and not separated by a phase
//! gate) and `sg:touches` the same file. A touched file may be a glob
//! (`*`, `**`, `?`, `[…]`): `crates/*/src/config.rs` and
//! `crates/core/src/config.rs` are the same file for this purpose.

use super::{Campaign, Name};
use globset::GlobMatcher;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Serialize;
use std::collections::BTreeMap;

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
    for (&file, members) in by_file.iter().filter(|(_, m)| m.len() > 1) {
        concurrent_pairs(members, members, &orders, true, |a, b| {
            groups.entry(file).or_default().push((a, b));
        });
    }
    let files: Vec<&str> = by_file.keys().copied().collect();
    // Each glob compiled once, not once for each value it is tested against.
    let matchers: HashMap<&str, Option<GlobMatcher>> = files
        .iter()
        .filter(|f| is_glob(f))
        .map(|&f| (f, matcher(f)))
        .collect();
    let matches = |glob: &str, path: &str| {
        matchers
            .get(glob)
            .and_then(Option::as_ref)
            .is_some_and(|m| m.is_match(path))
    };
    for (k, &glob) in files.iter().enumerate().filter(|(_, f)| is_glob(f)) {
        for (l, &other) in files.iter().enumerate() {
            // `overlap`, with the compiled globs (the values differ).
            if l == k
                || (is_glob(other) && l < k)
                || !(matches(glob, other) || matches(other, glob))
            {
                continue;
            }
            let file = shown(glob, other);
            concurrent_pairs(&by_file[glob], &by_file[other], &orders, false, |a, b| {
                groups.entry(file).or_default().push((a, b));
            });
        }
    }
    let reach = reach(campaign, &index, &orders);
    let mut ancestors: HashMap<(usize, Option<u64>), HashSet<usize>> = HashMap::default();
    let mut waits_for = |from: usize, to: usize| {
        // Only the tasks from which `to`'s phase order can be reached.
        let floor = orders[to];
        ancestors
            .entry((from, floor.map(order_key)))
            .or_insert_with(|| ancestors_of(campaign, &index, &reach, from, floor))
            .contains(&to)
    };
    let mut seen = HashSet::default();
    let mut collisions = Vec::new();
    for (file, mut pairs) in groups {
        pairs.sort_unstable();
        for (a, b) in pairs {
            if waits_for(a, b) || waits_for(b, a) {
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

/// A phase order as a map key: equal orders (`0` and `-0` too) give one key.
fn order_key(order: f64) -> u64 {
    (order + 0.0).to_bits()
}

/// Calls `pair(a, b)` (`a < b`) for each task `a` of `xs` and `b` of `ys`
/// (with `within`, `xs` is `ys` and each pair comes once) that are not
/// separated by a phase gate: tasks of two ordered phases are, so only the
/// tasks of one phase order pair up, and the tasks of no ordered phase with
/// all. Pairing every two tasks of a file first and dropping those of two
/// phases after was quadratic in the tasks touching the file: in a spec of
/// 41,616 tasks in 144 phases, half of them open and one in ten touching one
/// of 50 shared files, that was 41,515 pairs to keep 527.
fn concurrent_pairs(
    xs: &[usize],
    ys: &[usize],
    orders: &[Option<f64>],
    within: bool,
    mut pair: impl FnMut(usize, usize),
) {
    let mut by_order: HashMap<Option<u64>, Vec<usize>> = HashMap::default();
    for &y in ys {
        by_order
            .entry(orders[y].map(order_key))
            .or_default()
            .push(y);
    }
    let none: &[usize] = by_order.get(&None).map_or(&[], Vec::as_slice);
    for &x in xs {
        let same: &[usize] = match orders[x] {
            Some(order) => by_order
                .get(&Some(order_key(order)))
                .map_or(&[], Vec::as_slice),
            None => ys,
        };
        let others = if orders[x].is_some() { none } else { &[] };
        for &y in same.iter().chain(others) {
            if x != y && (!within || x < y) {
                pair(x.min(y), x.max(y));
            }
        }
    }
}

/// For each task, the highest phase order of the tasks it waits for,
/// directly or not, and its own (a task of no ordered phase, or one on or
/// behind a dependency cycle, counts as infinite): a task whose figure is
/// below a phase order cannot lead to a task of that order.
fn reach(campaign: &Campaign, index: &HashMap<&str, usize>, orders: &[Option<f64>]) -> Vec<f64> {
    let tasks = &campaign.tasks;
    let mut reach: Vec<f64> = orders.iter().map(|o| o.unwrap_or(f64::INFINITY)).collect();
    let mut waiting = vec![0usize; tasks.len()];
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); tasks.len()];
    for (i, task) in tasks.iter().enumerate() {
        for dependency in &task.depends_on {
            if let Some(&d) = index.get(dependency.as_str()) {
                waiting[i] += 1;
                successors[d].push(i);
            }
        }
    }
    let mut done = vec![false; tasks.len()];
    let mut queue: Vec<usize> = (0..tasks.len()).filter(|&i| waiting[i] == 0).collect();
    while let Some(n) = queue.pop() {
        done[n] = true;
        for &s in &successors[n] {
            reach[s] = reach[s].max(reach[n]);
            waiting[s] -= 1;
            if waiting[s] == 0 {
                queue.push(s);
            }
        }
    }
    for (r, done) in reach.iter_mut().zip(done) {
        if !done {
            *r = f64::INFINITY;
        }
    }
    reach
}

/// Every task `task` waits for, directly or not, through tasks that can lead
/// to a task of phase order `floor` (all of them without one). The search
/// stops at the phases before: in a 144-phase spec the full set of a task
/// reaches back through every earlier phase, and building it for each
/// colliding task grew as tasks × phases.
fn ancestors_of(
    campaign: &Campaign,
    index: &HashMap<&str, usize>,
    reach: &[f64],
    task: usize,
    floor: Option<f64>,
) -> HashSet<usize> {
    let mut seen = HashSet::default();
    let mut stack = vec![task];
    while let Some(n) = stack.pop() {
        for dependency in &campaign.tasks[n].depends_on {
            if let Some(&d) = index.get(dependency.as_str()) {
                if floor.is_some_and(|f| reach[d] < f) {
                    continue;
                }
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

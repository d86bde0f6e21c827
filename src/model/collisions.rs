//! Parallel file collisions: two tasks that may run at the same time (no
//! dependency path between them, and not separated by a phase gate) and both
//! `sg:touches` the same file.

use super::{Campaign, Name};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Debug, Clone, Serialize)]
pub struct Collision {
    pub file: String,
    pub first: Name,
    pub second: Name,
}

/// Every colliding pair, by file then task order.
pub fn of(campaign: &Campaign) -> Vec<Collision> {
    let tasks = &campaign.tasks;
    let index: HashMap<&str, usize> = tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.iri.as_str(), i))
        .collect();
    let phase_order = |i: usize| -> Option<f64> {
        let phase = tasks[i].phase.as_deref()?;
        campaign
            .phases
            .iter()
            .find(|p| p.name.iri == phase)
            .and_then(|p| p.order)
    };
    let orders: Vec<Option<f64>> = (0..tasks.len()).map(phase_order).collect();
    let mut by_file: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, task) in tasks.iter().enumerate() {
        for file in &task.touches {
            by_file.entry(file.as_str()).or_default().push(i);
        }
    }
    let mut ancestors: HashMap<usize, HashSet<usize>> = HashMap::new();
    let mut collisions = Vec::new();
    for (file, members) in by_file {
        if members.len() < 2 {
            continue;
        }
        for &m in &members {
            ancestors
                .entry(m)
                .or_insert_with(|| ancestors_of(campaign, &index, m));
        }
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                // Tasks of two ordered phases are separated by the gate between them.
                if let (Some(x), Some(y)) = (orders[a], orders[b]) {
                    if x != y {
                        continue;
                    }
                }
                if ancestors[&a].contains(&b) || ancestors[&b].contains(&a) {
                    continue;
                }
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

//! Strongly connected components of one property's graph (iterative Tarjan),
//! so cycle rules stay linear: a `?x sg:dependsOn+ ?x` path per task is
//! quadratic on long dependency chains.

use crate::load::SpecStore;
use oxigraph::model::{NamedNode, Term};
use std::collections::HashMap;

/// The cycles of one property: each node that lies on a cycle, with its cycle.
#[derive(Debug, Default)]
pub struct Cycles {
    /// Node → index into `cycles`.
    member_of: HashMap<Term, usize>,
    /// Each cycle's members, sorted by their string form.
    cycles: Vec<Vec<Term>>,
}

impl Cycles {
    /// Finds every cycle formed by `property` edges between resources.
    pub fn of(store: &SpecStore, property: &NamedNode) -> Self {
        let mut index: HashMap<Term, usize> = HashMap::new();
        let mut nodes: Vec<Term> = Vec::new();
        let mut edges: Vec<Vec<usize>> = Vec::new();
        let mut self_loops = Vec::new();
        let mut id = |term: Term, nodes: &mut Vec<Term>, edges: &mut Vec<Vec<usize>>| {
            *index.entry(term.clone()).or_insert_with(|| {
                nodes.push(term);
                edges.push(Vec::new());
                nodes.len() - 1
            })
        };
        for (subject, object) in store.pairs(property) {
            if object.is_literal() {
                continue;
            }
            let from = id(subject, &mut nodes, &mut edges);
            let to = id(object, &mut nodes, &mut edges);
            if from == to {
                self_loops.push(from);
            }
            if !edges[from].contains(&to) {
                edges[from].push(to);
            }
        }
        let components = tarjan(&edges);
        let mut result = Cycles::default();
        for component in components {
            let cyclic = component.len() > 1 || self_loops.contains(&component[0]);
            if !cyclic {
                continue;
            }
            let mut members: Vec<Term> = component.iter().map(|&n| nodes[n].clone()).collect();
            members.sort_by_key(|t| t.to_string());
            for member in &members {
                result.member_of.insert(member.clone(), result.cycles.len());
            }
            result.cycles.push(members);
        }
        result
    }

    /// The members of the cycle `node` lies on, if any (sorted).
    pub fn cycle_of(&self, node: &Term) -> Option<&[Term]> {
        self.member_of.get(node).map(|&i| self.cycles[i].as_slice())
    }
}

/// Strongly connected components, iteratively (no recursion limit on long chains).
fn tarjan(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNVISITED: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNVISITED; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut counter = 0;
    for root in 0..n {
        if index[root] != UNVISITED {
            continue;
        }
        // (node, next edge to look at)
        let mut work = vec![(root, 0)];
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut next)) = work.last_mut() {
            if let Some(&to) = edges[node].get(*next) {
                *next += 1;
                if index[to] == UNVISITED {
                    index[to] = counter;
                    low[to] = counter;
                    counter += 1;
                    stack.push(to);
                    on_stack[to] = true;
                    work.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(index[to]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}

#[cfg(test)]
mod tests {
    use super::tarjan;

    #[test]
    fn finds_cycles_and_ignores_chains() {
        // 0 → 1 → 2 → 0, 3 → 0, 4 → 4, a long chain 5 → 6 → … → 10005.
        let mut edges = vec![vec![1], vec![2], vec![0], vec![0], vec![4]];
        for i in 5..10_005 {
            edges.push(vec![i + 1]);
        }
        edges.push(vec![]);
        let mut big: Vec<Vec<usize>> = tarjan(&edges).into_iter().filter(|c| c.len() > 1).collect();
        assert_eq!(big.len(), 1);
        big[0].sort();
        assert_eq!(big[0], vec![0, 1, 2]);
    }
}

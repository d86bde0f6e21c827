//! Counting sorts over dense ids. A spec's terms are numbered from 0 up, so
//! putting triples in the order of one of their terms is two passes over
//! the triples and one over the ids, in linear time, where a comparison sort
//! is n log n comparisons of whole triples. The dataset sorts its triple
//! orders this way (`load/dataset.rs`), and the SHACL graph groups its
//! triples by subject, object and predicate (`shacl/graph.rs`).

/// Items grouped by a key below a bound: `order` holds them by increasing
/// key, items of equal key in their order in the input (the sort is
/// stable), and the items of key `k` are `order[start[k]..start[k + 1]]`.
pub(crate) struct Groups<T> {
    pub start: Vec<u32>,
    pub order: Vec<T>,
}

/// `items` grouped by `key`; every key must be below `bound`.
pub(crate) fn group<T: Copy>(items: &[T], bound: usize, key: impl Fn(&T) -> u32) -> Groups<T> {
    // How many items each key has, then where each key's items begin.
    let mut start = vec![0u32; bound + 1];
    for item in items {
        start[key(item) as usize] += 1;
    }
    let mut total = 0;
    for slot in &mut start {
        let count = *slot;
        *slot = total;
        total += count;
    }
    let Some(&first) = items.first() else {
        return Groups {
            start,
            order: Vec::new(),
        };
    };
    // Each item at its key's next place; a key's slot ends at its end,
    // which is where the next key begins.
    let mut order = vec![first; items.len()];
    for item in items {
        let slot = &mut start[key(item) as usize];
        order[*slot as usize] = *item;
        *slot += 1;
    }
    start.copy_within(0..bound, 1);
    start[0] = 0;
    Groups { start, order }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_in_key_order_and_stable() {
        let items = [(2, 'a'), (0, 'b'), (2, 'c'), (3, 'd'), (0, 'e')];
        let groups = group(&items, 5, |&(k, _)| k);
        assert_eq!(
            groups.order,
            [(0, 'b'), (0, 'e'), (2, 'a'), (2, 'c'), (3, 'd')]
        );
        assert_eq!(groups.start, [0, 2, 2, 4, 5, 5]);
        let empty = group(&[] as &[(u32, char)], 3, |&(k, _)| k);
        assert!(empty.order.is_empty());
        assert_eq!(empty.start, [0, 0, 0, 0]);
    }
}

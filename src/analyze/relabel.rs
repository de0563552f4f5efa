//! Cuthill-McKee labels (Cuthill & McKee 1969) for the betweenness passes: a row's neighbours
//! get nearby labels, so the per-person arrays they touch sit close together in memory.

use crate::graph::InteractionGraph;

/// `(person, label)`: `person[i]` is the person labelled i, `label[v]` the label of person v.
/// Roots by decreasing degree (equal degrees in the people's order: a stable sort), each BFS
/// level's newcomers by increasing degree, so the labels are a function of the graph only and
/// results do not depend on the thread count or on the input's row order. O(n + m log d).
pub(crate) fn cuthill_mckee(g: &InteractionGraph) -> (Vec<u32>, Vec<u32>) {
    let n = g.node_count();
    let degree = |v: u32| g.neighbors(v).len();
    let mut by_degree: Vec<u32> = (0..n as u32).collect();
    by_degree.sort_by_key(|&v| std::cmp::Reverse(degree(v)));
    let mut person = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    let mut fresh = Vec::new();
    for root in by_degree {
        if seen[root as usize] {
            continue;
        }
        seen[root as usize] = true;
        person.push(root);
        let mut head = person.len() - 1;
        while head < person.len() {
            let v = person[head];
            head += 1;
            fresh.clear();
            fresh.extend(
                g.neighbors(v)
                    .iter()
                    .copied()
                    .filter(|&w| !seen[w as usize]),
            );
            fresh.sort_by_key(|&w| degree(w));
            for &w in &fresh {
                seen[w as usize] = true;
            }
            person.extend_from_slice(&fresh);
        }
    }
    let mut label = vec![0u32; n];
    for (i, &v) in person.iter().enumerate() {
        label[v as usize] = i as u32;
    }
    (person, label)
}

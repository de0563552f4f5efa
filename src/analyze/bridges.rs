//! Bridges, articulation points (cut points) and connected components.
//!
//! A bridge is a tie whose removal disconnects the graph; an articulation point a person whose
//! removal does. Hopcroft & Tarjan (1973), "Algorithm 447: efficient algorithms for graph
//! manipulation", CACM 16(6): one depth-first search with discovery times and low points,
//! iterative (an explicit stack) so that long chains of people cannot overflow the call stack.
//! O(n + m) time and space.

use crate::graph::InteractionGraph;

/// Bridges, cut points and components of the interaction graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Structure {
    /// Per tie: is it a bridge?
    pub is_bridge: Vec<bool>,
    /// Per person: is it an articulation point?
    pub is_articulation_point: Vec<bool>,
    /// Per person: its connected component, numbered by smallest member.
    pub component: Vec<u32>,
    /// Number of connected components (isolated people count as one each).
    pub components: usize,
}

impl Structure {
    /// Number of bridges.
    pub fn bridge_count(&self) -> usize {
        self.is_bridge.iter().filter(|&&b| b).count()
    }
    /// Number of articulation points.
    pub fn articulation_point_count(&self) -> usize {
        self.is_articulation_point.iter().filter(|&&b| b).count()
    }
    /// Size of each component, by component number.
    pub fn component_sizes(&self) -> Vec<usize> {
        let mut sizes = vec![0; self.components];
        for &c in &self.component {
            sizes[c as usize] += 1;
        }
        sizes
    }
}

const UNVISITED: u32 = u32::MAX;

/// Finds bridges, articulation points and components. O(n + m).
pub fn structure(g: &InteractionGraph) -> Structure {
    let n = g.node_count();
    let mut disc = vec![UNVISITED; n];
    let mut low = vec![0u32; n];
    let mut component = vec![UNVISITED; n];
    let mut is_bridge = vec![false; g.tie_count()];
    let mut is_cut = vec![false; n];
    let mut time = 0u32;
    let mut components = 0u32;
    // Stack frames: (node, tie it was reached by, next adjacency position).
    let mut stack: Vec<(u32, u32, usize)> = Vec::new();
    for root in 0..n as u32 {
        if disc[root as usize] != UNVISITED {
            continue;
        }
        let label = components;
        components += 1;
        disc[root as usize] = time;
        low[root as usize] = time;
        time += 1;
        component[root as usize] = label;
        let mut root_children = 0;
        stack.push((root, u32::MAX, 0));
        while let Some(frame) = stack.last_mut() {
            let (v, via, pos) = *frame;
            let neighbors = g.neighbors(v);
            if pos < neighbors.len() {
                frame.2 += 1;
                let w = neighbors[pos];
                let tie = g.tie_ids(v)[pos];
                if tie == via {
                    continue;
                }
                if disc[w as usize] == UNVISITED {
                    disc[w as usize] = time;
                    low[w as usize] = time;
                    time += 1;
                    component[w as usize] = label;
                    if v == root {
                        root_children += 1;
                    }
                    stack.push((w, tie, 0));
                } else {
                    low[v as usize] = low[v as usize].min(disc[w as usize]);
                }
            } else {
                stack.pop();
                if let Some(&(parent, _, _)) = stack.last() {
                    let (p, vi) = (parent as usize, v as usize);
                    low[p] = low[p].min(low[vi]);
                    if low[vi] > disc[p] {
                        is_bridge[via as usize] = true;
                    }
                    if parent != root && low[vi] >= disc[p] {
                        is_cut[p] = true;
                    }
                }
            }
        }
        if root_children > 1 {
            is_cut[root as usize] = true;
        }
    }
    Structure {
        is_bridge,
        is_articulation_point: is_cut,
        component,
        components: components as usize,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_triangles_joined_by_one_tie_and_an_isolate() {
        // 0-1-2 triangle, 3-4-5 triangle, tie 2-3, person 6 alone
        let g = InteractionGraph::from_weighted_ties(
            7,
            &[
                (0, 1, 1.0),
                (1, 2, 1.0),
                (0, 2, 1.0),
                (3, 4, 1.0),
                (4, 5, 1.0),
                (3, 5, 1.0),
                (2, 3, 1.0),
            ],
        );
        let s = structure(&g);
        assert_eq!(s.components, 2);
        assert_eq!(s.bridge_count(), 1);
        let bridge = g
            .ties()
            .iter()
            .position(|t| (t.source, t.target) == (2, 3))
            .unwrap();
        assert!(s.is_bridge[bridge]);
        assert_eq!(
            s.is_articulation_point,
            vec![false, false, true, true, false, false, false]
        );
        assert_eq!(s.component_sizes(), vec![6, 1]);
    }

    #[test]
    fn a_star_centre_is_a_cut_point_and_every_tie_a_bridge() {
        let g = InteractionGraph::from_weighted_ties(4, &[(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0)]);
        let s = structure(&g);
        assert!(s.is_articulation_point[0]);
        assert_eq!(s.articulation_point_count(), 1);
        assert_eq!(s.bridge_count(), 3);
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let n = 200_000u32;
        let edges: Vec<(u32, u32, f64)> = (0..n - 1).map(|i| (i, i + 1, 1.0)).collect();
        let g = InteractionGraph::from_weighted_ties(n as usize, &edges);
        let s = structure(&g);
        assert_eq!(s.bridge_count(), (n - 1) as usize);
        assert_eq!(s.articulation_point_count(), (n - 2) as usize);
    }
}

//! Betweenness centrality: Brandes (2001), "A faster algorithm for betweenness centrality",
//! J. Math. Sociol. 25(2):163-177; the edge variant from Brandes (2008), "On variants of
//! shortest-path betweenness centrality and their generic computation", Social Networks 30(2).
//!
//! C_B(v) = Σ_{s≠v≠t} σ_st(v) / σ_st over unordered pairs, normalized as NetworkX does for
//! undirected graphs: × 2 / ((n−1)(n−2)) for people, × 2 / (n(n−1)) for ties.
//! By hops: one BFS per source, O(nm) time. Weighted: path length = 1/weight, one Dijkstra per
//! source, O(nm + n² log n). Space O(n + m) per worker.
//!
//! Weighted path lengths are sums of floats, so two equally short paths can differ in the last
//! bit. As igraph does, lengths within a relative 1e-10 of each other count as equal
//! ([`cmp_lengths`]); NetworkX compares exactly, which splits such ties arbitrarily.
//!
//! Weighted, the Dijkstra pass records each person's predecessors on shortest paths (nearly
//! always one), so the backward pass walks about n arcs a source instead of every entry
//! ([`crate::analyze::weighted_betweenness`]).
//!
//! By hops no predecessor is stored; the sources go in batches of [`LANES`], one per SIMD
//! lane, through one level-synchronous BFS that tests no distance (see
//! [`crate::analyze::hop_lanes`]): each adjacency entry walked costs one lane-wide load and
//! addition forward and backward, plus one read-modify-write of its edge slot when ties are
//! asked for, and a row is walked once per distinct distance from the batch's sources rather
//! than once per source.

use crate::analyze::hop_lanes::{self, LANES, LaneWorkspace, Sums};
use crate::analyze::parallel::sum_over_sources;
use crate::graph::InteractionGraph;
use crate::progress::Progress;

/// Betweenness by hops of people and, if asked, of ties and between departments.
#[derive(Debug, Clone, PartialEq)]
pub struct HopBetweenness {
    /// Normalized betweenness per person.
    pub people: Vec<f64>,
    /// Normalized edge betweenness per tie (empty when not asked for).
    pub ties: Vec<f64>,
    /// Between-department betweenness per person (empty when not asked for): see
    /// [`crate::analyze::brokerage::between_department_betweenness`].
    pub between_departments: Vec<f64>,
}

/// Distance of a person not reached yet.
pub(crate) const UNSEEN: u32 = u32::MAX;

/// The adjacency that the BFS passes walk: people relabelled in Cuthill-McKee order (a BFS
/// from the highest-degree person of each component, neighbours queued by increasing degree;
/// Cuthill & McKee 1969, "Reducing the bandwidth of sparse symmetric matrices"), rows sorted
/// by the new labels. Neighbours then sit close together in the per-person arrays (σ, the
/// coefficients), so one row touches fewer cache lines; on the medium organisation the passes
/// run about a third faster. Results are mapped back to the people's own indexes; the order
/// depends on the graph only, so the result is the same for any thread count (the last bits
/// differ from a run in the original labels, the sums being taken in another order).
pub(crate) struct HopGraph {
    /// Start of each row in `targets` (n + 1 offsets).
    offsets: Vec<usize>,
    /// Neighbours, relabelled, each row sorted; every entry < n.
    targets: Vec<u32>,
    /// The tie of each entry.
    tie: Vec<u32>,
    /// `person[i]`: the person labelled i.
    person: Vec<u32>,
}

impl HopGraph {
    /// O(n + m log d).
    fn new(g: &InteractionGraph) -> HopGraph {
        let n = g.node_count();
        let (person, label) = crate::analyze::relabel::cuthill_mckee(g);
        let entries = 2 * g.tie_count();
        let mut offsets = Vec::with_capacity(n + 1);
        let mut targets = Vec::with_capacity(entries);
        let mut tie = Vec::with_capacity(entries);
        let mut row: Vec<(u32, u32)> = Vec::new();
        offsets.push(0);
        for &v in &person {
            row.clear();
            row.extend(
                g.neighbors(v)
                    .iter()
                    .zip(g.tie_ids(v))
                    .map(|(&w, &t)| (label[w as usize], t)),
            );
            row.sort_unstable();
            targets.extend(row.iter().map(|e| e.0));
            tie.extend(row.iter().map(|e| e.1));
            offsets.push(targets.len());
        }
        HopGraph {
            offsets,
            targets,
            tie,
            person,
        }
    }

    pub(crate) fn node_count(&self) -> usize {
        self.person.len()
    }

    /// The position of v's first entry, and v's neighbours.
    #[inline]
    pub(crate) fn row(&self, v: u32) -> (usize, &[u32]) {
        let (a, b) = (self.offsets[v as usize], self.offsets[v as usize + 1]);
        (a, &self.targets[a..b])
    }
}

/// What one pass computes besides the betweenness of people.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras<'a> {
    /// Edge betweenness (hops only).
    pub ties: bool,
    /// Between-department betweenness, given the department of each person.
    pub departments: Option<&'a [u32]>,
}

/// Betweenness by hops of every person (and of every tie when `with_ties`), in one BFS pass
/// per source. Deterministic for any thread count.
pub fn hop_betweenness(
    g: &InteractionGraph,
    with_ties: bool,
    progress: &dyn Progress,
) -> HopBetweenness {
    hop_betweenness_with(
        g,
        Extras {
            ties: with_ties,
            departments: None,
        },
        progress,
    )
}

/// [`hop_betweenness`] with the extras of `extras` computed in the same BFS pass: edge
/// betweenness, and the between-department betweenness (Brandes 2008's endpoint-restricted
/// accumulation: δ'_s(v) = Σ_w σ_sv/σ_sw (1[g(w) ≠ g(s)] + δ'_s(w)), normalized by the number
/// of unordered pairs of people of different departments, (n² − Σ_D n_D²)/2). The extras cost
/// one more addition per edge of the shortest-path DAG.
pub fn hop_betweenness_with(
    g: &InteractionGraph,
    extras: Extras<'_>,
    progress: &dyn Progress,
) -> HopBetweenness {
    let n = g.node_count();
    let cross = extras.departments;
    if let Some(d) = cross {
        assert_eq!(d.len(), n, "one department per person");
    }
    // Layout of a partial sum: people, then people again for the cross-department dependency,
    // then one slot per adjacency entry (2 per tie), written in row order by the backward pass
    // and folded into ties once at the end.
    let cross_width = if cross.is_some() { n } else { 0 };
    let entries = if extras.ties { 2 * g.tie_count() } else { 0 };
    let hg = HopGraph::new(g);
    let relabelled: Option<Vec<u32>> =
        cross.map(|d| hg.person.iter().map(|&v| d[v as usize]).collect());
    let department: &[u32] = relabelled.as_deref().unwrap_or(&[]);
    let width = n + cross_width + entries;
    let raw = lane_sums::<{ LANES }>(&hg, department, width, cross_width, progress);
    progress.finish();
    let (people, rest) = raw.split_at(n);
    let (between, per_entry) = rest.split_at(cross_width);
    let mut ties = vec![0.0; if extras.ties { g.tie_count() } else { 0 }];
    // Each tie gets its two entries, a + b = b + a: the fold order does not matter.
    for (&tie, &x) in hg.tie.iter().zip(per_entry) {
        ties[tie as usize] += x;
    }
    let back = |labelled: &[f64]| {
        let mut own = vec![0.0; labelled.len()];
        for (&v, &x) in hg.person.iter().zip(labelled) {
            own[v as usize] = x;
        }
        own
    };
    HopBetweenness {
        people: back(people).iter().map(|x| x * node_scale(n)).collect(),
        ties: ties.iter().map(|x| x * tie_scale(n)).collect(),
        between_departments: cross.map_or_else(Vec::new, |d| cross_scale(d, &back(between))),
    }
}

/// The batched passes with L lanes (generic so that other widths can be measured: 4 and 16
/// were slower than 8 on the medium organisation, see docs/PERFORMANCE.md): sums of people,
/// between departments, adjacency entries.
fn lane_sums<const L: usize>(
    hg: &HopGraph,
    department: &[u32],
    width: usize,
    cross_width: usize,
    progress: &dyn Progress,
) -> Vec<f64> {
    let n = hg.node_count();
    // one "source" of the deterministic sum (and one progress step) is a batch of L
    // consecutive labels
    progress.start("betweenness", n.div_ceil(L) as u64);
    sum_over_sources(
        n.div_ceil(L),
        width,
        || LaneWorkspace::<L>::new(n, cross_width > 0),
        |ws, b, acc| {
            let (nodes, rest) = acc.split_at_mut(n);
            let (cross_nodes, entries) = rest.split_at_mut(cross_width);
            let out = Sums {
                nodes,
                cross_nodes,
                entries,
            };
            hop_lanes::batch(hg, ws, b as usize, department, out);
        },
        progress,
    )
}

/// Normalizes a cross-department sum: each unordered pair was met from both ends, so divide by
/// n² − Σ_D n_D² (twice the number of pairs); all zero without any such pair.
pub(crate) fn cross_scale(department: &[u32], raw: &[f64]) -> Vec<f64> {
    let n = department.len() as u64;
    let mut headcount = vec![0u64; department.iter().max().map_or(0, |&d| d as usize + 1)];
    for &d in department {
        headcount[d as usize] += 1;
    }
    let twice_pairs = n * n - headcount.iter().map(|h| h * h).sum::<u64>();
    if twice_pairs == 0 {
        return vec![0.0; raw.len()];
    }
    raw.iter().map(|x| x / twice_pairs as f64).collect()
}

/// The forward half of a BFS Brandes from `s`: hop distances, σ (the number of shortest
/// paths from `s`) and the BFS order. `dist` must be [`UNSEEN`] and `sigma` 0 everywhere; the
/// caller resets the entries of `order` afterwards. O(n + m).
pub(crate) fn count_shortest_paths(
    g: &InteractionGraph,
    s: u32,
    dist: &mut [u32],
    sigma: &mut [f64],
    order: &mut Vec<u32>,
) {
    order.clear();
    dist[s as usize] = 0;
    sigma[s as usize] = 1.0;
    order.push(s);
    let mut head = 0;
    while head < order.len() {
        let v = order[head];
        head += 1;
        let next = dist[v as usize] + 1;
        let sv = sigma[v as usize];
        for &w in g.neighbors(v) {
            let w = w as usize;
            if dist[w] == UNSEEN {
                dist[w] = next;
                order.push(w as u32);
            }
            if dist[w] == next {
                sigma[w] += sv;
            }
        }
    }
}

pub use crate::analyze::weighted_betweenness::{
    LENGTH_EPSILON, cmp_lengths, weighted_betweenness, weighted_betweenness_with,
};

pub(crate) fn node_scale(n: usize) -> f64 {
    if n > 2 {
        1.0 / ((n - 1) as f64 * (n - 2) as f64)
    } else {
        0.5
    }
}

fn tie_scale(n: usize) -> f64 {
    if n > 1 {
        1.0 / (n as f64 * (n - 1) as f64)
    } else {
        0.5
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::NoProgress;

    /// A path a-b-c-d plus a pendant e on c: hand-counted pair dependencies.
    fn path_with_pendant() -> InteractionGraph {
        InteractionGraph::from_weighted_ties(
            5,
            &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (2, 4, 1.0)],
        )
    }

    #[test]
    fn hop_betweenness_by_hand() {
        let g = path_with_pendant();
        let b = hop_betweenness(&g, true, &NoProgress);
        // pairs through b: (a,c) (a,d) (a,e) = 3; through c: (a,d) (a,e) (b,d) (b,e) (d,e) = 5
        let norm = 6.0; // (n-1)(n-2)/2
        assert!((b.people[1] - 3.0 / norm).abs() < 1e-15);
        assert!((b.people[2] - 5.0 / norm).abs() < 1e-15);
        assert_eq!(b.people[0], 0.0);
        // tie b-c carries (a|b) x (c|d|e) = 6 pairs of 10
        assert!((b.ties[1] - 6.0 / 10.0).abs() < 1e-15);
        assert!((b.ties[0] - 4.0 / 10.0).abs() < 1e-15);
    }

    /// Textbook Brandes (stack, predecessor lists, distances) on unnormalized sums: people,
    /// ties by index, and the cross-department dependency.
    fn textbook(g: &InteractionGraph, department: &[u32]) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let n = g.node_count();
        let (mut people, mut cross) = (vec![0.0; n], vec![0.0; n]);
        let mut ties = vec![0.0; g.tie_count()];
        for s in 0..n as u32 {
            let mut dist = vec![usize::MAX; n];
            let mut sigma = vec![0.0; n];
            let mut preds: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
            let mut stack = Vec::new();
            let mut queue = std::collections::VecDeque::from([s]);
            dist[s as usize] = 0;
            sigma[s as usize] = 1.0;
            while let Some(v) = queue.pop_front() {
                stack.push(v);
                for (&w, &t) in g.neighbors(v).iter().zip(g.tie_ids(v)) {
                    let (v, w) = (v as usize, w as usize);
                    if dist[w] == usize::MAX {
                        dist[w] = dist[v] + 1;
                        queue.push_back(w as u32);
                    }
                    if dist[w] == dist[v] + 1 {
                        sigma[w] += sigma[v];
                        preds[w].push((v as u32, t));
                    }
                }
            }
            let (mut delta, mut delta_cross) = (vec![0.0; n], vec![0.0; n]);
            while let Some(w) = stack.pop() {
                let w = w as usize;
                let endpoint = f64::from(u8::from(department[w] != department[s as usize]));
                for &(v, t) in &preds[w] {
                    let share = sigma[v as usize] / sigma[w];
                    delta[v as usize] += share * (1.0 + delta[w]);
                    delta_cross[v as usize] += share * (endpoint + delta_cross[w]);
                    ties[t as usize] += share * (1.0 + delta[w]);
                }
                if w != s as usize {
                    people[w] += delta[w];
                    cross[w] += delta_cross[w];
                }
            }
        }
        (people, ties, cross)
    }

    #[test]
    fn relabelled_passes_agree_with_textbook_brandes() {
        // a small pseudo-random graph with equal-length paths, pendants and two components
        let mut state = 7u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u32
        };
        let n = 60u32;
        let mut edges = Vec::new();
        for _ in 0..150 {
            let (a, b) = (next() % 50, next() % 50);
            edges.push((a, b, 1.0));
        }
        edges.extend([(50, 51, 1.0), (51, 52, 1.0), (52, 50, 1.0), (53, 52, 1.0)]);
        let g = InteractionGraph::from_weighted_ties(n as usize, &edges);
        let department: Vec<u32> = (0..n).map(|v| v % 3).collect();
        let got = hop_betweenness_with(
            &g,
            Extras {
                ties: true,
                departments: Some(&department),
            },
            &NoProgress,
        );
        let (people, ties, cross) = textbook(&g, &department);
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
        let cross = cross_scale(&department, &cross);
        for (v, (&x, &c)) in people.iter().zip(&cross).enumerate() {
            assert!(close(got.people[v], x * node_scale(n as usize)), "{v}");
            assert!(close(got.between_departments[v], c), "{v}");
        }
        for (t, &x) in ties.iter().enumerate() {
            assert!(close(got.ties[t], x * tie_scale(n as usize)), "tie {t}");
        }
        // the relabelling is a permutation and keeps every entry
        let hg = HopGraph::new(&g);
        let mut person = hg.person.clone();
        person.sort_unstable();
        assert_eq!(person, (0..n).collect::<Vec<_>>());
        assert_eq!(hg.targets.len(), 2 * g.tie_count());
        assert!((0..n).all(|v| hg.row(v).1.is_sorted()));
    }

    #[test]
    fn every_lane_width_gives_the_same_sums() {
        // 37 people: batches of 4, 8 and 16 all end with a partial one
        let mut edges = Vec::new();
        for v in 0..37u32 {
            edges.push((v, (v * 7 + 3) % 37, 1.0));
            edges.push((v, (v * 11 + 5) % 37, 1.0));
        }
        let g = InteractionGraph::from_weighted_ties(37, &edges);
        let hg = HopGraph::new(&g);
        let department: Vec<u32> = (0..37).map(|v| v % 4).collect();
        let width = 2 * 37 + 2 * g.tie_count();
        let narrow = lane_sums::<4>(&hg, &department, width, 37, &NoProgress);
        for wide in [
            lane_sums::<8>(&hg, &department, width, 37, &NoProgress),
            lane_sums::<16>(&hg, &department, width, 37, &NoProgress),
        ] {
            for (a, b) in narrow.iter().zip(&wide) {
                assert!((a - b).abs() <= 1e-12 * a.abs().max(1.0), "{a} {b}");
            }
        }
    }
}

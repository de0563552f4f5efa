//! Weighted betweenness: Brandes (2001) with one Dijkstra per source, path length = 1/weight,
//! lengths equal within igraph's relative epsilon ([`cmp_lengths`]). Moved out of
//! `betweenness.rs` so that the hop passes and the weighted passes evolve separately; the
//! module docs of [`crate::analyze::betweenness`] describe the measure and its normalization.

use std::cmp::Ordering;

use crate::analyze::betweenness::{cross_scale, node_scale};
use crate::analyze::heap::IndexedHeap;
use crate::analyze::parallel::sum_over_sources;
use crate::graph::InteractionGraph;
use crate::progress::Progress;

/// igraph's `IGRAPH_SHORTEST_PATH_EPSILON`.
pub const LENGTH_EPSILON: f64 = 1e-10;

/// Compares two path lengths with a relative tolerance, as igraph's `igraph_cmp_epsilon`:
/// `Equal` when |a − b| < 1e-10 · (|a| + |b|) (igraph divides; multiplying is the same test
/// up to the last bit of the threshold, and cheaper in the inner loop).
#[inline]
pub fn cmp_lengths(a: f64, b: f64) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let diff = a - b;
    let sum = a.abs() + b.abs();
    let equal = if a == 0.0 || b == 0.0 || sum < f64::MIN_POSITIVE {
        diff.abs() < LENGTH_EPSILON * f64::MIN_POSITIVE
    } else if !sum.is_finite() {
        diff.abs() < LENGTH_EPSILON * a.abs()
    } else {
        diff.abs() < LENGTH_EPSILON * sum
    };
    if equal {
        Ordering::Equal
    } else if diff < 0.0 {
        Ordering::Less
    } else {
        Ordering::Greater
    }
}

const UNREACHED: u8 = 0;
const QUEUED: u8 = 1;
const SETTLED: u8 = 2;

struct WeightedWorkspace {
    dist: Vec<f64>,
    sigma: Vec<f64>,
    delta: Vec<f64>,
    delta_cross: Vec<f64>,
    state: Vec<u8>,
    order: Vec<u32>,
    heap: IndexedHeap,
}

/// Weighted betweenness of every person, path length = 1/weight, normalized as NetworkX.
/// Deterministic for any thread count.
pub fn weighted_betweenness(g: &InteractionGraph, progress: &dyn Progress) -> Vec<f64> {
    weighted_betweenness_with(g, None, progress).0
}

/// [`weighted_betweenness`], and in the same Dijkstra pass, when `departments` is given, the
/// weighted between-department betweenness (the endpoint-restricted accumulation of
/// [`hop_betweenness_with`](crate::analyze::hop_betweenness_with) on weighted shortest paths). Returns (people, between departments;
/// empty when not asked for).
pub fn weighted_betweenness_with(
    g: &InteractionGraph,
    departments: Option<&[u32]>,
    progress: &dyn Progress,
) -> (Vec<f64>, Vec<f64>) {
    let n = g.node_count();
    if let Some(d) = departments {
        assert_eq!(d.len(), n, "one department per person");
    }
    let cross_width = if departments.is_some() { n } else { 0 };
    progress.start("betweenness (weighted)", n as u64);
    let raw = sum_over_sources(
        n,
        n + cross_width,
        || WeightedWorkspace {
            dist: vec![f64::INFINITY; n],
            sigma: vec![0.0; n],
            delta: vec![0.0; n],
            delta_cross: vec![0.0; cross_width],
            state: vec![UNREACHED; n],
            order: Vec::with_capacity(n),
            heap: IndexedHeap::new(n),
        },
        |ws, s, acc| weighted_source(g, ws, s, departments, acc),
        progress,
    );
    progress.finish();
    let (people, between) = raw.split_at(n);
    (
        people.iter().map(|x| x * node_scale(n)).collect(),
        departments.map_or_else(Vec::new, |d| cross_scale(d, between)),
    )
}

/// One source of the Dijkstra Brandes.
fn weighted_source(
    g: &InteractionGraph,
    ws: &mut WeightedWorkspace,
    s: u32,
    departments: Option<&[u32]>,
    acc: &mut [f64],
) {
    // Plain slices, so that their pointers stay in registers across the heap calls.
    let dist: &mut [f64] = &mut ws.dist;
    let sigma: &mut [f64] = &mut ws.sigma;
    let delta: &mut [f64] = &mut ws.delta;
    let delta_cross: &mut [f64] = &mut ws.delta_cross;
    let state: &mut [u8] = &mut ws.state;
    let order = &mut ws.order;
    let heap = &mut ws.heap;
    order.clear();
    dist[s as usize] = 0.0;
    sigma[s as usize] = 1.0;
    state[s as usize] = QUEUED;
    heap.push(s, 0.0);
    while let Some((d, v)) = heap.pop() {
        let vi = v as usize;
        state[vi] = SETTLED;
        order.push(v);
        let sv = sigma[vi];
        for (&w, &length) in g.neighbors(v).iter().zip(g.lengths(v)) {
            let wi = w as usize;
            let st = state[wi];
            if st == SETTLED {
                continue;
            }
            let alt = d + length;
            if st == UNREACHED {
                dist[wi] = alt;
                sigma[wi] = sv;
                state[wi] = QUEUED;
                heap.push(w, alt);
                continue;
            }
            match cmp_lengths(alt, dist[wi]) {
                Ordering::Less => {
                    dist[wi] = alt;
                    sigma[wi] = sv;
                    heap.decrease(w, alt);
                }
                Ordering::Equal => sigma[wi] += sv,
                Ordering::Greater => {}
            }
        }
    }
    // Backward, successors found again from the distances; delta[w] becomes (1 + δ(w)) / σ(w).
    // w is a successor of v when d(v) + len(v, w) equals d(w) within the epsilon of
    // `cmp_lengths` (unreached w have d = ∞ and delta = 0). Branch-free: the test is taken on
    // every edge anyway, and a mispredicted branch costs more than the multiplication.
    let n = g.node_count();
    let (nodes, cross_nodes) = acc.split_at_mut(n);
    let source_department = departments.map(|d| d[s as usize]);
    let dist_ro: &[f64] = dist;
    for &v in order.iter().rev() {
        let vi = v as usize;
        let dv_len = dist_ro[vi];
        let mut dv = 0.0;
        let mut dv_cross = 0.0;
        let row = g.neighbors(v).iter().zip(g.lengths(v));
        if let (Some(department), Some(ds)) = (departments, source_department) {
            for (&w, &length) in row {
                let wi = w as usize;
                let dw = dist_ro[wi];
                let through = dv_len + length;
                let on_path = f64::from(u8::from(
                    (through - dw).abs() < LENGTH_EPSILON * (through + dw),
                ));
                dv += on_path * delta[wi];
                dv_cross += on_path * delta_cross[wi];
            }
            dv_cross *= sigma[vi];
            if v != s {
                cross_nodes[vi] += dv_cross;
            }
            let endpoint = f64::from(u8::from(department[vi] != ds));
            delta_cross[vi] = (endpoint + dv_cross) / sigma[vi];
        } else {
            for (&w, &length) in row {
                let wi = w as usize;
                let dw = dist_ro[wi];
                let through = dv_len + length;
                let on_path = (through - dw).abs() < LENGTH_EPSILON * (through + dw);
                dv += f64::from(u8::from(on_path)) * delta[wi];
            }
        }
        dv *= sigma[vi];
        if v != s {
            nodes[vi] += dv;
        }
        delta[vi] = (1.0 + dv) / sigma[vi];
    }
    for &v in order.iter() {
        let vi = v as usize;
        dist[vi] = f64::INFINITY;
        sigma[vi] = 0.0;
        delta[vi] = 0.0;
        state[vi] = UNREACHED;
        if departments.is_some() {
            delta_cross[vi] = 0.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::NoProgress;

    #[test]
    fn weighted_prefers_strong_ties_and_splits_equal_paths() {
        // square 0-1-3 and 0-2-3; the heavier route through 1 is shorter
        let g = InteractionGraph::from_weighted_ties(
            4,
            &[(0, 1, 2.0), (1, 3, 2.0), (0, 2, 1.0), (2, 3, 1.0)],
        );
        let b = weighted_betweenness(&g, &NoProgress);
        assert!((b[1] - 1.0 / 3.0).abs() < 1e-15, "{b:?}"); // pair (0,3) of 3 pairs
        assert_eq!(b[2], 0.0);
        // two routes whose lengths differ only in the last bits (0.1 + 0.2 against 0.15 + 0.15)
        // are equally short: the pair (0, 3) splits half and half
        let g = InteractionGraph::from_weighted_ties(
            4,
            &[
                (0, 1, 10.0),
                (1, 3, 5.0),
                (0, 2, 1.0 / 0.15),
                (2, 3, 1.0 / 0.15),
            ],
        );
        let b = weighted_betweenness(&g, &NoProgress);
        assert!((b[1] - 0.5 / 3.0).abs() < 1e-15, "{b:?}");
        assert!((b[2] - 0.5 / 3.0).abs() < 1e-15, "{b:?}");
    }

    #[test]
    fn epsilon_comparison() {
        assert_eq!(cmp_lengths(0.1 + 0.2, 0.3), Ordering::Equal);
        assert_eq!(cmp_lengths(1.0, 1.0 + 1e-9), Ordering::Less);
        assert_eq!(cmp_lengths(2.0, 1.0), Ordering::Greater);
    }
}

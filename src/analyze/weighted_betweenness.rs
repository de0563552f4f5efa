//! Weighted betweenness: Brandes (2001), "A faster algorithm for betweenness centrality",
//! J. Math. Sociol. 25(2), with one Dijkstra per source; path length = 1/weight, lengths
//! equal within igraph's relative epsilon ([`cmp_lengths`]); normalized as NetworkX
//! (× 2 / ((n−1)(n−2)) over unordered pairs, see [`crate::analyze::betweenness`]).
//! O(nm + n² log n) time in theory, O(n + m) space per worker.
//!
//! What makes it fast (docs/PERFORMANCE.md, Issue 14, "weighted betweenness"):
//! - Ties on no shortest path are dropped ([`crate::analyze::dominated_ties`]): first those
//!   with a short witness path, then, between waves of sources, those a source's Dijkstra
//!   showed dominated; on the medium organisation 76% of the entries go before the first
//!   source, and 90% are known by the last. Every bit of the result stays the same.
//! - Predecessors are recorded during Dijkstra. Weighted shortest paths are almost unique,
//!   so the shortest-path DAG is almost a tree (≈ n arcs, not 2m): the backward pass walks
//!   the recorded predecessors instead of testing all 2m adjacency entries again.
//! - Most adjacency entries lead to a person already reached by a shorter path: one
//!   multiplication and one comparison against a widened bound proves `Greater` before
//!   [`cmp_lengths`] is called (the constant `GREATER`).
//! - A monotone radix heap on the f64 bit patterns ([`RadixHeap`]): O(1) push, no
//!   decrease-key.
//! - People are relabelled in Cuthill-McKee order (as the hop pass), so that neighbours'
//!   distances share cache lines.

use std::cmp::Ordering;

use crate::analyze::betweenness::{cross_scale, node_scale};
use crate::analyze::dominated_ties::{Margin, Rows, dominated_entries, mirror};
use crate::analyze::heap::RadixHeap;
use crate::analyze::parallel::{sum_over_sources, sum_over_sources_learning};
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

/// No predecessor / no overflow entry.
const NONE: u32 = u32::MAX;

/// `alt > dw · GREATER` proves `cmp_lengths(alt, dw) == Greater` for a positive normal `dw`:
/// Greater needs alt − dw ≥ ε(alt + dw), i.e. alt ≥ dw (1 + ε)/(1 − ε) ≈ dw (1 + 2ε + 2ε²);
/// 4ε leaves a margin far above the rounding of the product (2⁻⁵³ relative). An unreached
/// `dw` = ∞ never passes (∞ · GREATER = ∞), nor does a subnormal or zero one (checked apart).
const GREATER: f64 = 1.0 + 4.0 * LENGTH_EPSILON;

/// One adjacency entry: interleaved, so that a row is one stream.
#[derive(Debug, Clone, Copy)]
struct Entry {
    length: f64,
    target: u32,
}

/// The graph relabelled in Cuthill-McKee order: rows of (neighbour label, length), sorted.
#[derive(Clone)]
struct WeightedGraph {
    offsets: Vec<usize>,
    entries: Vec<Entry>,
    /// Every length is a normal float (≥ f64::MIN_POSITIVE), so every distance but the
    /// source's 0 is one too, and [`GREATER`] needs no check of the distance.
    normal: bool,
    /// person[label] = the person's index in the input graph.
    person: Vec<u32>,
    /// Set when dominated ties may be dropped (every length positive, finite and normal).
    margin: Option<Margin>,
}

impl WeightedGraph {
    /// [`WeightedGraph::labelled`] without the ties on no shortest path, when every length is
    /// a positive, finite, normal float (the margin argument of
    /// [`crate::analyze::dominated_ties`] needs it). O(n + m log d + Σ_v deg(v)²).
    fn new(g: &InteractionGraph) -> WeightedGraph {
        let full = WeightedGraph::labelled(g);
        if full.normal && full.entries.iter().all(|e| e.length.is_finite()) {
            let margin = Margin::of(&full);
            full.without_dominated_ties(margin)
        } else {
            full
        }
    }

    /// Labels from [`crate::analyze::relabel::cuthill_mckee`] (a function of the graph only).
    /// O(n + m log d).
    fn labelled(g: &InteractionGraph) -> WeightedGraph {
        let n = g.node_count();
        let (person, label) = crate::analyze::relabel::cuthill_mckee(g);
        let entries: usize = (0..n as u32).map(|v| g.neighbors(v).len()).sum();
        let mut offsets = Vec::with_capacity(n + 1);
        let mut out = Vec::with_capacity(entries);
        let mut row: Vec<(u32, f64)> = Vec::new();
        offsets.push(0);
        for &v in &person {
            row.clear();
            row.extend(
                g.neighbors(v)
                    .iter()
                    .zip(g.lengths(v))
                    .map(|(&w, &length)| (label[w as usize], length)),
            );
            row.sort_unstable_by_key(|e| e.0);
            out.extend(row.iter().map(|&(target, length)| Entry { length, target }));
            offsets.push(out.len());
        }
        WeightedGraph {
            offsets,
            normal: out.iter().all(|e| e.length >= f64::MIN_POSITIVE),
            entries: out,
            person,
            margin: None,
        }
    }

    /// The same graph without the ties that lie on no shortest path
    /// ([`crate::analyze::dominated_ties`]): every distance, σ and predecessor stays the same.
    fn without_dominated_ties(self, margin: Margin) -> WeightedGraph {
        let dropped = dominated_entries(&self, margin);
        WeightedGraph {
            margin: Some(margin),
            ..self.without(&dropped)
        }
    }

    /// Drops the entries (positions in `entries`) the sources found dominated, and their twins
    /// in the other rows. O(m log d).
    fn drop_ties(&mut self, found: &[usize]) {
        if found.is_empty() {
            return;
        }
        let mut dropped = vec![false; self.entries.len()];
        for &at in found {
            dropped[at] = true;
        }
        mirror(self, &mut dropped);
        *self = self.without(&dropped);
    }

    /// The graph without the entries flagged in `dropped` (aligned with `entries`).
    fn without(&self, dropped: &[bool]) -> WeightedGraph {
        let mut offsets = Vec::with_capacity(self.offsets.len());
        let mut entries = Vec::with_capacity(self.entries.len());
        offsets.push(0);
        for v in 0..self.person.len() {
            let span = self.offsets[v]..self.offsets[v + 1];
            entries.extend(
                self.entries[span.clone()]
                    .iter()
                    .zip(&dropped[span])
                    .filter(|(_, dropped)| !**dropped)
                    .map(|(e, _)| *e),
            );
            offsets.push(entries.len());
        }
        WeightedGraph {
            offsets,
            entries,
            normal: self.normal,
            person: self.person.clone(),
            margin: self.margin,
        }
    }

    #[inline]
    fn row(&self, v: u32) -> &[Entry] {
        &self.entries[self.offsets[v as usize]..self.offsets[v as usize + 1]]
    }
}

impl Rows for WeightedGraph {
    fn people(&self) -> usize {
        self.person.len()
    }
    fn row(&self, v: u32) -> impl Iterator<Item = (u32, f64)> + '_ {
        WeightedGraph::row(self, v)
            .iter()
            .map(|e| (e.target, e.length))
    }
}

/// Per-worker arrays, indexed by label, reset after each source (only the entries it reached).
struct WeightedWorkspace {
    dist: Vec<f64>,
    sigma: Vec<f64>,
    /// Σ over successors w of (1 + δ(w)) / σ(w), pushed by the successors in the backward pass.
    acc: Vec<f64>,
    acc_cross: Vec<f64>,
    settled: Vec<bool>,
    /// The first predecessor on a shortest path (the one that set the distance).
    pred: Vec<u32>,
    /// Head of the list of the other predecessors in `overflow`, or NONE.
    extra: Vec<u32>,
    /// (predecessor, next entry or NONE): the rare equally short alternatives.
    overflow: Vec<(u32, u32)>,
    /// Settle order.
    order: Vec<u32>,
    heap: RadixHeap,
}

/// Weighted betweenness of every person, path length = 1/weight, normalized as NetworkX.
/// Deterministic for any thread count. O(nm + n² log n) time, O(n + m) space per worker.
pub fn weighted_betweenness(g: &InteractionGraph, progress: &dyn Progress) -> Vec<f64> {
    weighted_betweenness_with(g, None, progress).0
}

/// [`weighted_betweenness`], and in the same Dijkstra pass, when `departments` is given, the
/// weighted between-department betweenness (the endpoint-restricted accumulation of
/// [`hop_betweenness_with`](crate::analyze::hop_betweenness_with) on weighted shortest
/// paths). Returns (people, between departments; empty when not asked for).
/// O(nm + n² log n) time, O(n + m) space per worker.
pub fn weighted_betweenness_with(
    g: &InteractionGraph,
    departments: Option<&[u32]>,
    progress: &dyn Progress,
) -> (Vec<f64>, Vec<f64>) {
    let n = g.node_count();
    if let Some(d) = departments {
        assert_eq!(d.len(), n, "one department per person");
    }
    weighted_betweenness_on(&WeightedGraph::new(g), departments, progress)
}

/// [`weighted_betweenness_with`] on the relabelled graph.
fn weighted_betweenness_on(
    wg: &WeightedGraph,
    departments: Option<&[u32]>,
    progress: &dyn Progress,
) -> (Vec<f64>, Vec<f64>) {
    let n = wg.person.len();
    let labelled_departments: Option<Vec<u32>> =
        departments.map(|d| wg.person.iter().map(|&p| d[p as usize]).collect());
    let cross_width = if departments.is_some() { n } else { 0 };
    progress.start("betweenness (weighted)", n as u64);
    let d = labelled_departments.as_deref();
    let raw = if wg.normal {
        run::<true>(wg, d, cross_width, progress)
    } else {
        run::<false>(wg, d, cross_width, progress)
    };
    progress.finish();
    let (people, between) = raw.split_at(n);
    let mut by_person = vec![0.0; n];
    let mut between_by_person = vec![0.0; cross_width];
    for (l, &p) in wg.person.iter().enumerate() {
        by_person[p as usize] = people[l] * node_scale(n);
        if departments.is_some() {
            between_by_person[p as usize] = between[l];
        }
    }
    (
        by_person,
        departments.map_or_else(Vec::new, |d| cross_scale(d, &between_by_person)),
    )
}

/// All sources, summed (by label); `NORMAL`: every length is normal.
fn run<const NORMAL: bool>(
    wg: &WeightedGraph,
    departments: Option<&[u32]>,
    cross_width: usize,
    progress: &dyn Progress,
) -> Vec<f64> {
    let n = wg.person.len();
    let new_state = || WeightedWorkspace {
        dist: vec![f64::INFINITY; n],
        sigma: vec![0.0; n],
        acc: vec![0.0; n],
        acc_cross: vec![0.0; cross_width],
        settled: vec![false; n],
        pred: vec![NONE; n],
        extra: vec![NONE; n],
        overflow: Vec::new(),
        order: Vec::with_capacity(n),
        heap: RadixHeap::new(),
    };
    let Some(margin) = wg.margin else {
        return sum_over_sources(
            n,
            n + cross_width,
            new_state,
            |ws, s, acc| weighted_source::<NORMAL>(wg, ws, s, departments, acc, None),
            progress,
        );
    };
    // Each source's Dijkstra tells which of its own ties are dominated (its neighbour is
    // reached by a path shorter beyond the margin); the next waves run without them.
    let mut graph = wg.clone();
    sum_over_sources_learning(
        &mut graph,
        n,
        n + cross_width,
        new_state,
        |g, ws, s, acc, found| {
            weighted_source::<NORMAL>(g, ws, s, departments, acc, Some((margin, found)))
        },
        |g, found| g.drop_ties(&found),
        progress,
    )
}

/// One source (a label) of the Dijkstra Brandes: forward with predecessors, then the
/// dependencies pushed from each person to its predecessors in reverse settle order.
fn weighted_source<const NORMAL: bool>(
    g: &WeightedGraph,
    ws: &mut WeightedWorkspace,
    s: u32,
    departments: Option<&[u32]>,
    acc: &mut [f64],
    dominated: Option<(Margin, &mut Vec<usize>)>,
) {
    let dist: &mut [f64] = &mut ws.dist;
    let sigma: &mut [f64] = &mut ws.sigma;
    let settled: &mut [bool] = &mut ws.settled;
    let pred: &mut [u32] = &mut ws.pred;
    let extra: &mut [u32] = &mut ws.extra;
    let overflow = &mut ws.overflow;
    let order = &mut ws.order;
    let heap = &mut ws.heap;
    order.clear();
    overflow.clear();
    dist[s as usize] = 0.0;
    sigma[s as usize] = 1.0;
    heap.push(s, 0.0);
    while let Some((d, v)) = heap.pop() {
        let vi = v as usize;
        // stale: pushed again at a strictly shorter distance, which was popped first
        if settled[vi] {
            continue;
        }
        settled[vi] = true;
        order.push(v);
        let sv = sigma[vi];
        for &Entry { length, target: w } in g.row(v) {
            let wi = w as usize;
            debug_assert!(wi < dist.len());
            // SAFETY: targets are labels, < n = dist.len() (WeightedGraph::new).
            let dw = unsafe { *dist.get_unchecked(wi) };
            let alt = d + length;
            // the common case: w is reached by a path shorter beyond the epsilon (settled
            // people always are, lengths being positive, unless a length is below ε·d)
            if alt > dw * GREATER && (NORMAL || dw >= f64::MIN_POSITIVE) {
                continue;
            }
            if settled[wi] {
                continue;
            }
            // Exactly the old forward test; the recorded predecessors are the ones σ was
            // counted on: reset with σ on a strict decrease, added with σ on an equal.
            if dw == f64::INFINITY {
                dist[wi] = alt;
                sigma[wi] = sv;
                pred[wi] = v;
                extra[wi] = NONE;
                heap.push(w, alt);
                continue;
            }
            match cmp_lengths(alt, dw) {
                Ordering::Less => {
                    dist[wi] = alt;
                    sigma[wi] = sv;
                    pred[wi] = v;
                    extra[wi] = NONE;
                    heap.push(w, alt);
                }
                Ordering::Equal => {
                    sigma[wi] += sv;
                    overflow.push((v, extra[wi]));
                    extra[wi] = (overflow.len() - 1) as u32;
                }
                Ordering::Greater => {}
            }
        }
    }
    if let Some((margin, found)) = dominated {
        let first = g.offsets[s as usize];
        for (i, e) in g.row(s).iter().enumerate() {
            if dist[e.target as usize] <= margin.limit(e.length) {
                found.push(first + i);
            }
        }
    }
    // Backward over the recorded DAG. Before, the successors of v were found again from the
    // final distances (w with |d(v) + len − d(w)| < ε (d(v) + len + d(w))); that is the same
    // arc set as the forward `cmp_lengths` test wherever the epsilon relation is transitive
    // (lengths of distinct shortest paths to a person differ by far more than 1e-10 relative
    // or not at all, as in every reference case), and where it is not, the recorded arcs are
    // the ones σ was summed over, which keeps Σ_pred σ(v)/σ(w) = 1, as igraph does.
    // (Where a length is below ε times a distance, weights spanning over ten orders of
    // magnitude, d(v) + len equals d(v) and the old test also took arcs between people at
    // equal distances in both directions; then both depend on the settle order of equal keys.)
    // acc[w] = Σ_succ (1 + δ)/σ is complete when w comes off the reversed order.
    let n = dist.len();
    let (nodes, cross_nodes) = acc.split_at_mut(n);
    let source_department = departments.map(|d| d[s as usize]);
    let up: &mut [f64] = &mut ws.acc;
    let up_cross: &mut [f64] = &mut ws.acc_cross;
    for &w in order.iter().rev() {
        let wi = w as usize;
        let sw = sigma[wi];
        let dw = up[wi] * sw;
        if w != s {
            nodes[wi] += dw;
        }
        let coef = (1.0 + dw) / sw;
        let p = pred[wi];
        if let (Some(department), Some(ds)) = (departments, source_department) {
            let dc = up_cross[wi] * sw;
            if w != s {
                cross_nodes[wi] += dc;
            }
            let endpoint = f64::from(u8::from(department[wi] != ds));
            let coef_cross = (endpoint + dc) / sw;
            if p != NONE {
                up[p as usize] += coef;
                up_cross[p as usize] += coef_cross;
                let mut e = extra[wi];
                while e != NONE {
                    let (v, next) = overflow[e as usize];
                    up[v as usize] += coef;
                    up_cross[v as usize] += coef_cross;
                    e = next;
                }
            }
        } else if p != NONE {
            up[p as usize] += coef;
            let mut e = extra[wi];
            while e != NONE {
                let (v, next) = overflow[e as usize];
                up[v as usize] += coef;
                e = next;
            }
        }
    }
    let cross = departments.is_some();
    for &v in order.iter() {
        let vi = v as usize;
        dist[vi] = f64::INFINITY;
        sigma[vi] = 0.0;
        up[vi] = 0.0;
        settled[vi] = false;
        pred[vi] = NONE;
        extra[vi] = NONE;
        if cross {
            up_cross[vi] = 0.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::heap::IndexedHeap;
    use crate::progress::NoProgress;

    // The implementation before predecessors were recorded (successors found again from the
    // distances, addressable 4-ary heap, input labels): the new one must agree to 1e-12.
    const UNREACHED: u8 = 0;
    const QUEUED: u8 = 1;
    const SETTLED: u8 = 2;

    struct OldWorkspace {
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
    fn old_weighted_betweenness(g: &InteractionGraph, progress: &dyn Progress) -> Vec<f64> {
        old_weighted_betweenness_with(g, None, progress).0
    }

    /// [`weighted_betweenness`], and in the same Dijkstra pass, when `departments` is given, the
    /// weighted between-department betweenness (the endpoint-restricted accumulation of
    /// [`hop_betweenness_with`](crate::analyze::hop_betweenness_with) on weighted shortest paths). Returns (people, between departments;
    /// empty when not asked for).
    fn old_weighted_betweenness_with(
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
            || OldWorkspace {
                dist: vec![f64::INFINITY; n],
                sigma: vec![0.0; n],
                delta: vec![0.0; n],
                delta_cross: vec![0.0; cross_width],
                state: vec![UNREACHED; n],
                order: Vec::with_capacity(n),
                heap: IndexedHeap::new(n),
            },
            |ws, s, acc| old_source(g, ws, s, departments, acc),
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
    fn old_source(
        g: &InteractionGraph,
        ws: &mut OldWorkspace,
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

    #[test]
    fn agrees_with_the_implementation_before_predecessors() {
        let mut state = 11u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u32
        };
        for round in 0..6 {
            let n = 40 + 30 * round;
            let mut edges = Vec::new();
            for _ in 0..4 * n {
                let (a, b) = (next() % (n - 8), next() % (n - 8));
                // few distinct weights, so that equally short paths are common (exactly or
                // within the epsilon, 1/3 + 1/6 against 1/2)
                let w = [1.0, 2.0, 3.0, 6.0, 1.5][(next() % 5) as usize];
                edges.push((a, b, w));
            }
            // a second component and isolated people
            let m = n - 8;
            edges.extend([(m, m + 1, 2.0), (m + 1, m + 2, 3.0), (m + 2, m, 6.0)]);
            edges.push((m + 3, m + 2, 1.0));
            let g = InteractionGraph::from_weighted_ties(n as usize, &edges);
            let department: Vec<u32> = (0..n).map(|v| v % 4).collect();
            let (people, between) = weighted_betweenness_with(&g, Some(&department), &NoProgress);
            let (old_people, old_between) =
                old_weighted_betweenness_with(&g, Some(&department), &NoProgress);
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1e-300);
            for v in 0..n as usize {
                assert!(close(people[v], old_people[v]), "{round} {v}");
                assert!(close(between[v], old_between[v]), "{round} {v}");
            }
            assert!(people.iter().any(|&x| x > 0.0));
            assert_eq!(weighted_betweenness(&g, &NoProgress), people);
            assert_eq!(old_weighted_betweenness(&g, &NoProgress), old_people);
        }
    }

    #[test]
    fn dropping_the_dominated_ties_changes_no_bit() {
        let mut state = 5u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u32
        };
        let mut dropped = 0;
        for round in 0..8 {
            let n = 30 + 25 * round;
            let mut edges = Vec::new();
            for _ in 0..5 * n {
                let (a, b) = (next() % n, next() % n);
                // few distinct weights: many exactly and ε-equally short paths, and many weak
                // ties beside a strong two-step path
                let w = [1.0, 2.0, 3.0, 6.0, 1.5, 0.25, 10.0][(next() % 7) as usize];
                edges.push((a, b, w));
            }
            let g = InteractionGraph::from_weighted_ties(n as usize, &edges);
            let department: Vec<u32> = (0..n).map(|v| v % 3).collect();
            let full = WeightedGraph::labelled(&g);
            let pruned = WeightedGraph::new(&g);
            assert_eq!(pruned.person, full.person);
            dropped += full.entries.len() - pruned.entries.len();
            let on = |wg: &WeightedGraph| {
                let (people, between) = weighted_betweenness_on(wg, Some(&department), &NoProgress);
                let bits = |v: Vec<f64>| v.into_iter().map(f64::to_bits).collect::<Vec<_>>();
                (bits(people), bits(between))
            };
            assert_eq!(on(&pruned), on(&full), "round {round}");
        }
        assert!(dropped > 0, "the test graphs have dominated ties");
    }

    #[test]
    fn subnormal_lengths_take_the_checked_path() {
        // weights near f64::MAX give subnormal lengths 1/weight: the fast `GREATER` test
        // alone would not be exact there (weights within a factor 10 of each other, so
        // that no length is below ε times a distance)
        let edges = [
            (0, 1, 1e308),
            (1, 2, 1e308),
            (0, 2, 5e307),
            (2, 3, 2e307),
            (3, 4, 1e307),
            (1, 4, 2e307),
            (0, 5, 1e308),
            (5, 2, 1e308),
        ];
        let g = InteractionGraph::from_weighted_ties(6, &edges);
        assert!(!WeightedGraph::new(&g).normal);
        let department = [0, 1, 0, 1, 0, 1];
        assert_eq!(
            weighted_betweenness_with(&g, Some(&department), &NoProgress),
            old_weighted_betweenness_with(&g, Some(&department), &NoProgress)
        );
    }
}

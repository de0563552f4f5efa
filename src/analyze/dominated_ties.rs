//! Ties that lie on no weighted shortest path, found before the weighted betweenness runs so
//! that its Dijkstra passes never scan them.
//!
//! A tie (u, v) of length ℓ is on a shortest path from some source s only if ℓ is the
//! shortest u–v distance (a subpath of a shortest path is a shortest path). When another path
//! between u and v (a *witness*) is shorter than ℓ by a wide margin, the tie is *dominated*:
//! from every source its relaxation offers v a length that [`cmp_lengths`] finds `Greater`
//! than every length within the tolerance of v's shortest one, so it changes no distance, no
//! path count σ and no recorded predecessor (the argument is at [`Margin`]). Removing it leaves
//! every output bit the same and spares both the edge scan and the stale heap entries it
//! would push. Weak ties between two people who share strong contacts are the common case: on
//! the medium generated organisation 76% of the adjacency entries go (docs/PERFORMANCE.md).
//!
//! Witnesses are looked for as in the contraction of contraction hierarchies (Geisberger et
//! al. 2008, "Contraction Hierarchies: Faster and Simpler Hierarchical Routing in Road
//! Networks", WEA): every two-tie path first, then a Dijkstra from each person limited to
//! [`WITNESS_SETTLES`] people. A search that stops early only keeps a tie: the test is
//! sufficient, never a wrong removal. Since removing any set of dominated ties changes no
//! bit, the weighted betweenness also drops, between waves of sources, the ties its sources
//! found dominated ([`Margin::limit`] against their exact distances).
//! O(Σ_v deg(v)² + n · WITNESS_SETTLES · d log) time, O(n) space per thread.
//!
//! [`cmp_lengths`]: crate::analyze::weighted_betweenness::cmp_lengths

use rayon::prelude::*;

use crate::analyze::heap::RadixHeap;
use crate::analyze::weighted_betweenness::LENGTH_EPSILON;

/// A graph in rows of (neighbour, length) entries, each row sorted by neighbour; undirected
/// (each tie in both rows, with the same length), every length positive and finite.
pub(crate) trait Rows: Sync {
    /// People.
    fn people(&self) -> usize;
    /// v's entries as (neighbour, length), by neighbour.
    fn row(&self, v: u32) -> impl Iterator<Item = (u32, f64)> + '_;
}

/// The margin by which a witness path must be shorter than a tie for the tie to be dropped:
/// C · (2D + ℓ) with C = (2n + 16)ε + 4n·2⁻⁵³ and D ≥ every finite shortest distance.
///
/// Why it suffices. For a source s let d̂ be the computed distances and d* the exact ones. A
/// computed distance is a sum of at most n lengths, so it is within n·2⁻⁵³·D of its path's
/// exact length; Dijkstra with the ε tolerance keeps, at each of at most n steps, an arrival
/// up to 2ε longer (relative) than the shortest, so d̂(v) ≤ d*(v) + 2nεD + n·2⁻⁵³·D. The
/// dropped tie's relaxation offers alt = d̂(u) + ℓ ≥ d*(u) + ℓ − n·2⁻⁵³·D, while the witness
/// path gives d*(v) ≤ d*(u) + ℓ − C(2D + ℓ). So alt exceeds every value within the tolerance
/// of d̂(v) by more than ε (alt + that value) ≤ ε(3D + ℓ) + 4εD: it compares
/// `Greater` to every state v can be in once a near-shortest relaxation has reached it, and
/// before that it is overwritten (`Less`) by the first such relaxation, which always comes.
/// Either way the final distance, σ and predecessors of v are those without the tie, and the
/// heap pops the other entries in the same order (equal keys sit in one bucket and keep their
/// push order). The tolerance is not transitive, so the tie's value can change which of the
/// longer relaxations before that one win at v, and the runs with and without it can pass
/// through different values at v; each such divergence lowers the smaller of the two by a
/// factor of at most (1 − 2ε), and v has fewer than n relaxations, so they stay above
/// alt·(1 − 2nε) ≥ alt − 2nε(D + ℓ): the 2nε·(2D + ℓ) of C covers that drift and the 2nεD of
/// d̂(v)'s bound, and the rest of C the final `Less` test and the rounding (n·2⁻⁵³ on d̂(u), on
/// d̂(v) and on the witness sum).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Margin {
    c: f64,
    distance_bound: f64,
}

impl Margin {
    /// The margin of a graph: one Dijkstra per component for D ([`distance_bound`]).
    pub(crate) fn of(rows: &impl Rows) -> Margin {
        let n = rows.people() as f64;
        Margin {
            c: (2.0 * n + 16.0) * LENGTH_EPSILON + 4.0 * n * (f64::EPSILON / 2.0),
            distance_bound: distance_bound(rows),
        }
    }

    /// The longest witness path that proves a tie of `length` dominated (≤ 0: none can).
    #[inline]
    pub(crate) fn limit(&self, length: f64) -> f64 {
        length - self.c * (2.0 * self.distance_bound + length)
    }
}

/// An upper bound on every finite shortest distance: twice the largest eccentricity of one
/// person per connected component (the triangle inequality), widened for rounding.
/// One Dijkstra per component: O(m + n log n) in all.
fn distance_bound(rows: &impl Rows) -> f64 {
    let n = rows.people();
    let mut dist = vec![f64::INFINITY; n];
    let mut heap = RadixHeap::new();
    let mut bound = 0.0f64;
    for root in 0..n {
        if dist[root] != f64::INFINITY {
            continue;
        }
        dist[root] = 0.0;
        heap.push(root as u32, 0.0);
        let mut eccentricity = 0.0f64;
        while let Some((d, v)) = heap.pop() {
            if d > dist[v as usize] {
                continue;
            }
            eccentricity = eccentricity.max(d);
            for (w, length) in rows.row(v) {
                let alt = d + length;
                if alt < dist[w as usize] {
                    dist[w as usize] = alt;
                    heap.push(w, alt);
                }
            }
        }
        bound = bound.max(2.0 * eccentricity);
    }
    bound * (1.0 + 1e-6)
}

/// Settled people after which a witness search gives up (the test stays sufficient: a search
/// that stops early only keeps more ties). On the medium organisation (docs/PERFORMANCE.md)
/// 64, 256 and 1,024 keep 240k, 172k and 119k of 722k entries for 0.27, 0.86 and 2.3 s of
/// search; the weighted betweenness then learns the rest from its own sources (each source's
/// Dijkstra shows which of its ties are dominated), which makes 32 to 128 equally good.
const WITNESS_SETTLES: usize = 64;

/// Rows with some entries left out.
struct Kept {
    offsets: Vec<usize>,
    entries: Vec<(u32, f64)>,
    /// For each kept entry, its position among the input's entries.
    position: Vec<usize>,
}

impl Rows for Kept {
    fn people(&self) -> usize {
        self.offsets.len() - 1
    }
    fn row(&self, v: u32) -> impl Iterator<Item = (u32, f64)> + '_ {
        self.entries[self.offsets[v as usize]..self.offsets[v as usize + 1]]
            .iter()
            .copied()
    }
}

/// The input's entries whose flag is false, with their positions.
fn keep(rows: &impl Rows, dropped: &[bool]) -> Kept {
    let n = rows.people();
    let mut kept = Kept {
        offsets: Vec::with_capacity(n + 1),
        entries: Vec::new(),
        position: Vec::new(),
    };
    kept.offsets.push(0);
    let mut at = 0;
    for v in 0..n as u32 {
        for entry in rows.row(v) {
            if !dropped[at] {
                kept.entries.push(entry);
                kept.position.push(at);
            }
            at += 1;
        }
        kept.offsets.push(kept.entries.len());
    }
    kept
}

/// One flag per adjacency entry, in row order: `true` where the entry's tie is dominated, a
/// path between its ends being shorter by more than the [`Margin`]. Two passes: every two-tie path
/// (a scan of each neighbour's row against the person's own, O(Σ_v deg(v)²)), then a Dijkstra
/// from each person over the ties left, stopped after [`WITNESS_SETTLES`] people or beyond its
/// longest tie (O(n · WITNESS_SETTLES · deg · log)), and each drop mirrored to the tie's other
/// row. A function of the graph only: rows are computed in parallel, each on its own.
pub(crate) fn dominated_entries(rows: &impl Rows, margin: Margin) -> Vec<bool> {
    let n = rows.people();
    let limit = |length: f64| margin.limit(length);
    let two_steps: Vec<bool> = (0..n as u32)
        .into_par_iter()
        .map_init(
            || vec![f64::INFINITY; n],
            |to_u, u| {
                for (w, length) in rows.row(u) {
                    to_u[w as usize] = length;
                }
                let flags: Vec<bool> = rows
                    .row(u)
                    .map(|(v, length)| {
                        let limit = limit(length);
                        limit > 0.0
                            && rows
                                .row(v)
                                .any(|(w, second)| to_u[w as usize] + second <= limit)
                    })
                    .collect();
                for (w, _) in rows.row(u) {
                    to_u[w as usize] = f64::INFINITY;
                }
                flags
            },
        )
        .flatten_iter()
        .collect();
    // dropping dominated ties changes no shortest distance, so the searches run on the rest
    let rest = keep(rows, &two_steps);
    let searched: Vec<bool> = (0..n as u32)
        .into_par_iter()
        .map_init(
            || Search::new(n),
            |search, u| search.dominated(&rest, u, &limit),
        )
        .flatten_iter()
        .collect();
    let mut dropped = two_steps;
    for (&position, _) in rest.position.iter().zip(&searched).filter(|(_, s)| **s) {
        dropped[position] = true;
    }
    mirror(rows, &mut dropped);
    dropped
}

/// One thread's witness search: a Dijkstra from a person that stops as soon as every tie of
/// the person still lacking a witness is longer than the distance reached (or after
/// [`WITNESS_SETTLES`] people).
struct Search {
    dist: Vec<f64>,
    touched: Vec<u32>,
    heap: RadixHeap,
    /// 1 + the index in `wanted` of a neighbour of the searched person, else 0.
    slot: Vec<u32>,
    /// The person's ties as (limit, row position, found), longest limit first.
    wanted: Vec<(f64, u32, bool)>,
}

impl Search {
    fn new(n: usize) -> Search {
        Search {
            dist: vec![f64::INFINITY; n],
            touched: Vec::new(),
            heap: RadixHeap::new(),
            slot: vec![0; n],
            wanted: Vec::new(),
        }
    }

    /// Flags of u's row in `rest`: `true` where a path shorter than the tie's limit was found.
    fn dominated(&mut self, rest: &Kept, u: u32, limit: &impl Fn(f64) -> f64) -> Vec<bool> {
        let row: Vec<(u32, f64)> = rest.row(u).collect();
        self.wanted.clear();
        self.wanted.extend(
            row.iter()
                .enumerate()
                .map(|(i, &(_, length))| (limit(length), i as u32, false))
                .filter(|w| w.0 > 0.0),
        );
        self.wanted
            .sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for (k, w) in self.wanted.iter().enumerate() {
            self.slot[row[w.1 as usize].0 as usize] = k as u32 + 1;
        }
        let mut longest = 0;
        self.dist[u as usize] = 0.0;
        self.touched.push(u);
        self.heap.push(u, 0.0);
        let mut settled = 0;
        while let Some((d, v)) = self.heap.pop() {
            if d > self.dist[v as usize] {
                continue;
            }
            while longest < self.wanted.len() && self.wanted[longest].2 {
                longest += 1;
            }
            // every tie still without a witness is shorter than d: none can get one now
            if longest == self.wanted.len()
                || d > self.wanted[longest].0
                || settled >= WITNESS_SETTLES
            {
                break;
            }
            settled += 1;
            for (w, length) in rest.row(v) {
                let alt = d + length;
                let wi = w as usize;
                if alt < self.dist[wi] {
                    if self.dist[wi] == f64::INFINITY {
                        self.touched.push(w);
                    }
                    self.dist[wi] = alt;
                    self.heap.push(w, alt);
                    let slot = self.slot[wi];
                    if slot != 0 {
                        let wanted = &mut self.wanted[slot as usize - 1];
                        wanted.2 |= alt <= wanted.0;
                    }
                }
            }
        }
        self.heap.clear();
        let mut flags = vec![false; row.len()];
        for &(_, i, found) in &self.wanted {
            flags[i as usize] = found;
            self.slot[row[i as usize].0 as usize] = 0;
        }
        for &w in &self.touched {
            self.dist[w as usize] = f64::INFINITY;
        }
        self.touched.clear();
        flags
    }
}

/// Drops each dropped entry's twin in the other end's row too (a witness path read backwards
/// is one for the twin). O(m log d): rows are sorted by neighbour.
pub(crate) fn mirror(rows: &impl Rows, dropped: &mut [bool]) {
    let n = rows.people();
    let mut first = Vec::with_capacity(n + 1);
    first.push(0);
    for v in 0..n as u32 {
        first.push(first[v as usize] + rows.row(v).count());
    }
    let neighbours: Vec<u32> = (0..n as u32)
        .flat_map(|v| rows.row(v).map(|e| e.0))
        .collect();
    for u in 0..n {
        for at in first[u]..first[u + 1] {
            if !dropped[at] {
                continue;
            }
            let v = neighbours[at] as usize;
            let row = &neighbours[first[v]..first[v + 1]];
            if let Ok(i) = row.binary_search(&(u as u32)) {
                dropped[first[v] + i] = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Csr(Vec<Vec<(u32, f64)>>);

    impl Rows for Csr {
        fn people(&self) -> usize {
            self.0.len()
        }
        fn row(&self, v: u32) -> impl Iterator<Item = (u32, f64)> + '_ {
            self.0[v as usize].iter().copied()
        }
    }

    fn undirected(n: usize, ties: &[(u32, u32, f64)]) -> Csr {
        let mut rows = vec![Vec::new(); n];
        for &(a, b, l) in ties {
            rows[a as usize].push((b, l));
            rows[b as usize].push((a, l));
        }
        Csr(rows)
    }

    #[test]
    fn a_weak_tie_beside_a_strong_two_step_path_is_dominated() {
        // 0–1 (length 5) is beaten by 0–2–1 (1 + 1); 0–2 and 2–1 are shortest themselves
        let g = undirected(3, &[(0, 1, 5.0), (0, 2, 1.0), (2, 1, 1.0)]);
        // rows: 0 → [1, 2], 1 → [0, 2], 2 → [0, 1]
        assert_eq!(
            dominated_entries(&g, Margin::of(&g)),
            vec![true, false, true, false, false, false]
        );
    }

    #[test]
    fn an_equally_short_alternative_is_kept() {
        // 0–1 (2) against 0–2–1 (1 + 1): both are shortest paths, σ counts both
        let g = undirected(3, &[(0, 1, 2.0), (0, 2, 1.0), (2, 1, 1.0)]);
        assert!(dominated_entries(&g, Margin::of(&g)).iter().all(|&f| !f));
        // shorter by less than the margin: kept too
        let g = undirected(3, &[(0, 1, 2.0 + 1e-12), (0, 2, 1.0), (2, 1, 1.0)]);
        assert!(dominated_entries(&g, Margin::of(&g)).iter().all(|&f| !f));
    }

    #[test]
    fn a_longer_witness_is_found_by_the_search() {
        // 0–1 (10) against 0–2–3–4–1 (1 each): no two-step path, a four-step one
        let g = undirected(
            5,
            &[
                (0, 1, 10.0),
                (0, 2, 1.0),
                (2, 3, 1.0),
                (3, 4, 1.0),
                (4, 1, 1.0),
            ],
        );
        let dropped = dominated_entries(&g, Margin::of(&g));
        // rows: 0 → [1, 2], 1 → [0, 4], ...: the tie 0–1 goes from both rows, nothing else
        assert_eq!(dropped.iter().filter(|&&d| d).count(), 2);
        assert!(dropped[0] && dropped[2]);
    }

    #[test]
    fn the_bound_covers_every_component() {
        let g = undirected(5, &[(0, 1, 3.0), (1, 2, 4.0), (3, 4, 10.0)]);
        let bound = distance_bound(&g);
        assert!(bound >= 10.0, "{bound}");
        assert!(bound >= 7.0);
    }
}

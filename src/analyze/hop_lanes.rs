//! Hop Brandes for a batch of sources at once, one source per SIMD lane.
//!
//! The multi-source BFS of Then et al. ("The More the Merrier: Efficient Multi-Source Graph
//! Traversal", PVLDB 8(4), 2014) carried through both halves of Brandes (2001): the
//! [`LANES`] sources of a batch share one level-synchronous traversal. Per person the
//! workspace holds a lane vector of σ and of the dependency coefficients ([`LANES`] f64,
//! contiguous, one cache line), and a bitmask of the lanes that have reached the person.
//! The batch's sources are consecutive Cuthill-McKee labels, so they are close to each other
//! and a person lies at one to three distinct distances from them: its row is walked once per
//! distinct distance (a *frontier entry*: person, level, lanes at that level), not once per
//! source, and each neighbour entry costs one lane-wide addition instead of [`LANES`] scalar
//! ones. Edge betweenness adds, per adjacency entry and walk, the dot product of the lanes of
//! σ(v) and of the coefficient of w: the slot is read and written once per walk instead of
//! once per source, which was half of the single-source pass's memory traffic.
//!
//! As in the single-source kernel, no distance is tested per entry: a level's values are
//! written only once the whole level is done, so that, for a lane at level d, the neighbours
//! at levels d and d + 1 still hold 0 forward (σ(v) is the sum over all neighbours) and only
//! those at level d + 1 are non-zero backward ((1 + δ(v)) / σ(v) is the sum of all the
//! neighbours' coefficients). The lanes of a row that are not at the entry's level get
//! meaningless sums and are masked out. Adding zeros leaves every sum bit-identical to the
//! sum over predecessors or successors only, and every sum is taken in a fixed order (lane by
//! lane, lanes folded in a fixed tree), so the result depends on the graph only.
//!
//! Cost: a walk of v's row is O(deg v) lane-wide operations, at most [`LANES`] walks per
//! person and batch (one per source in the worst case, as many as distinct distances in
//! general), so O(nm) in all as Brandes, with fewer row walks. Memory per worker: 8·[`LANES`]
//! bytes per person for σ, for each coefficient array and for a level's pending values
//! (64 bytes each for 8 lanes: 3.2 MB per array for 50,000 people), plus 6 bytes per frontier
//! entry (at most [`LANES`]·n).

use crate::analyze::betweenness::HopGraph;

/// Sources per batch, one per f64 lane: 8 lanes are one 64-byte cache line per person.
pub(crate) const LANES: usize = 8;

/// One f64 per lane, aligned on a cache line so that a person's lanes are one line.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(64))]
struct Lanes<const L: usize>([f64; L]);

impl<const L: usize> Default for Lanes<L> {
    fn default() -> Self {
        Lanes([0.0; L])
    }
}

/// Lane bitmasks: up to 16 lanes, so that the kernel can be built for 4, 8 or 16.
type Mask = u16;

/// The lanes of `mask` as all-ones / all-zeros bit patterns, so that masking is an `and`
/// that the compiler vectorizes (a select would do too, but NaN × 0 would not).
#[inline(always)]
fn keep<const L: usize>(x: &[f64; L], mask: Mask) -> [f64; L] {
    let mut out = [0.0; L];
    for i in 0..L {
        let all = 0u64.wrapping_sub(u64::from((mask >> i) & 1));
        out[i] = f64::from_bits(x[i].to_bits() & all);
    }
    out
}

/// Σ_i a_i · b_i folded in a fixed tree (halves added lane-wise), so that the compiler can
/// keep it in vector registers and the result never depends on the instruction set.
#[inline(always)]
fn dot<const L: usize>(a: &[f64; L], b: &[f64; L]) -> f64 {
    let mut p = [0.0; L];
    for i in 0..L {
        p[i] = a[i] * b[i];
    }
    let mut width = L / 2;
    while width > 0 {
        for i in 0..width {
            p[i] += p[i + width];
        }
        width /= 2;
    }
    p[0]
}

/// Per-worker arrays of [`batch`].
pub(crate) struct LaneWorkspace<const L: usize> {
    /// Lanes that reached the person at a finished level.
    seen: Vec<Mask>,
    /// Lanes reaching the person at the level being discovered.
    next: Vec<Mask>,
    /// σ per lane; a lane is 0 until its level is finished.
    sigma: Vec<Lanes<L>>,
    /// (1 + δ) / σ per lane once the lane's level is finished backward, 0 before.
    coef: Vec<Lanes<L>>,
    /// The same for the dependency on targets of another department than the lane's source.
    coef_cross: Vec<Lanes<L>>,
    /// The level being computed, by position in the level.
    pending: Vec<Lanes<L>>,
    pending_cross: Vec<Lanes<L>>,
    /// Frontier entries: the person and its lanes at that level. One slot more than the most
    /// entries a batch can have, as the discovery writes one entry ahead.
    order: Vec<u32>,
    mask: Vec<Mask>,
    /// Level k is `order[levels[k]..levels[k + 1]]`.
    levels: Vec<usize>,
}

impl<const L: usize> LaneWorkspace<L> {
    pub(crate) fn new(n: usize, cross: bool) -> LaneWorkspace<L> {
        let cross_n = if cross { n } else { 0 };
        LaneWorkspace {
            seen: vec![0; n],
            next: vec![0; n],
            sigma: vec![Lanes::default(); n],
            coef: vec![Lanes::default(); n],
            coef_cross: vec![Lanes::default(); cross_n],
            pending: vec![Lanes::default(); n],
            pending_cross: vec![Lanes::default(); cross_n],
            order: vec![0; n * L + 1],
            mask: vec![0; n * L + 1],
            levels: Vec::new(),
        }
    }
}

/// Where one batch's dependencies are added: per person, per person between departments
/// (empty when not asked for), per adjacency entry (empty when ties are not asked for).
pub(crate) struct Sums<'a> {
    pub(crate) nodes: &'a mut [f64],
    pub(crate) cross_nodes: &'a mut [f64],
    pub(crate) entries: &'a mut [f64],
}

/// Batch `b`: the sources labelled `b·L ..` (fewer in the last batch). `department` is
/// per label, empty when the cross-department dependency is not asked for. O(walks · d̄).
pub(crate) fn batch<const L: usize>(
    g: &HopGraph,
    ws: &mut LaneWorkspace<L>,
    b: usize,
    department: &[u32],
    out: Sums<'_>,
) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2 (just checked). No FMA is enabled, so products and
            // sums round as in the baseline build: the same bits on any x86-64.
            unsafe { batch_avx2(g, ws, b, department, out) };
            return;
        }
    }
    batch_body(g, ws, b, department, out);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn batch_avx2<const L: usize>(
    g: &HopGraph,
    ws: &mut LaneWorkspace<L>,
    b: usize,
    department: &[u32],
    out: Sums<'_>,
) {
    batch_body(g, ws, b, department, out);
}

#[inline(always)]
fn batch_body<const L: usize>(
    g: &HopGraph,
    ws: &mut LaneWorkspace<L>,
    b: usize,
    department: &[u32],
    out: Sums<'_>,
) {
    let n = g.node_count();
    let first = b * L;
    let count = L.min(n - first);
    let total = forward(g, ws, first, count);
    match (out.entries.is_empty(), department.is_empty()) {
        (false, false) => backward::<L, true, true>(g, ws, first, department, out),
        (false, true) => backward::<L, true, false>(g, ws, first, department, out),
        (true, false) => backward::<L, false, true>(g, ws, first, department, out),
        (true, true) => backward::<L, false, false>(g, ws, first, department, out),
    }
    let cross = !department.is_empty();
    for &v in &ws.order[..total] {
        let v = v as usize;
        ws.seen[v] = 0;
        ws.sigma[v] = Lanes::default();
        ws.coef[v] = Lanes::default();
        if cross {
            ws.coef_cross[v] = Lanes::default();
        }
    }
}

/// The level-synchronous multi-source BFS: fills the frontier entries, `levels` and σ;
/// returns the number of frontier entries.
#[inline(always)]
fn forward<const L: usize>(
    g: &HopGraph,
    ws: &mut LaneWorkspace<L>,
    first: usize,
    count: usize,
) -> usize {
    let n = g.node_count();
    let seen: &mut [Mask] = &mut ws.seen[..n];
    let next: &mut [Mask] = &mut ws.next[..n];
    let sigma: &mut [Lanes<L>] = &mut ws.sigma[..n];
    let pending: &mut [Lanes<L>] = &mut ws.pending[..n];
    let order: &mut [u32] = &mut ws.order[..n * L + 1];
    let mask: &mut [Mask] = &mut ws.mask[..n * L + 1];
    let levels = &mut ws.levels;
    levels.clear();
    levels.push(0);
    for i in 0..count {
        order[i] = (first + i) as u32;
        mask[i] = 1 << i;
        seen[first + i] = 1 << i;
    }
    let (mut start, mut end, mut tail) = (0, count, count);
    while start < end {
        levels.push(end);
        for p in start..end {
            let (_, row) = g.row(order[p]);
            let frontier = mask[p];
            let mut sv = [0.0; L];
            for &w in row {
                let w = w as usize;
                // SAFETY: w < n (a label, by construction of `HopGraph`); `tail` stays below
                // n·L + 1 as each (person, lane) is discovered once and a person is
                // queued once per level, when its first lane of that level reaches it.
                unsafe {
                    let sw = &sigma.get_unchecked(w).0;
                    for i in 0..L {
                        sv[i] += sw[i];
                    }
                    let fresh = frontier & !*seen.get_unchecked(w);
                    let before = *next.get_unchecked(w);
                    *next.get_unchecked_mut(w) = before | fresh;
                    // branch-free queueing: the slot at `tail` is written every time and kept
                    // only when w gets its first lane of the next level
                    *order.get_unchecked_mut(tail) = w as u32;
                    tail += usize::from((before == 0) & (fresh != 0));
                }
            }
            pending[p - start] = Lanes(keep(&sv, frontier));
        }
        if start == 0 {
            for i in 0..count {
                let mut unit = [0.0; L];
                unit[i] = 1.0;
                pending[i] = Lanes(unit);
            }
        }
        for p in start..end {
            // the lanes of this level are 0 in σ, the others 0 in `pending`
            let s = &mut sigma[order[p] as usize].0;
            let add = &pending[p - start].0;
            for i in 0..L {
                s[i] += add[i];
            }
        }
        for p in end..tail {
            let w = order[p] as usize;
            mask[p] = next[w];
            seen[w] |= next[w];
            next[w] = 0;
        }
        start = end;
        end = tail;
    }
    tail
}

/// The backward pass, specialised on what is asked, so that the inner loop carries only the
/// arrays it needs.
#[inline(always)]
fn backward<const L: usize, const TIES: bool, const CROSS: bool>(
    g: &HopGraph,
    ws: &mut LaneWorkspace<L>,
    first: usize,
    department: &[u32],
    out: Sums<'_>,
) {
    let n = g.node_count();
    let sigma: &[Lanes<L>] = &ws.sigma[..n];
    let coef: &mut [Lanes<L>] = &mut ws.coef[..n];
    let coef_cross: &mut [Lanes<L>] = &mut ws.coef_cross[..if CROSS { n } else { 0 }];
    let pending: &mut [Lanes<L>] = &mut ws.pending[..n];
    let pending_cross: &mut [Lanes<L>] = &mut ws.pending_cross[..if CROSS { n } else { 0 }];
    let order: &[u32] = &ws.order;
    let mask: &[Mask] = &ws.mask;
    let count = L.min(n - first);
    let mut source_department = [u32::MAX; L];
    if CROSS {
        source_department[..count].copy_from_slice(&department[first..first + count]);
    }
    for level in ws.levels.windows(2).rev() {
        let (start, end) = (level[0], level[1]);
        for p in start..end {
            let v = order[p];
            let vi = v as usize;
            let lanes = mask[p];
            let sv = keep(&sigma[vi].0, lanes);
            let (entry, row) = g.row(v);
            let mut dv = [0.0; L];
            let mut dv_cross = [0.0; L];
            if TIES {
                let slots = &mut out.entries[entry..entry + row.len()];
                for (&w, slot) in row.iter().zip(slots) {
                    // SAFETY: w < n, a label (by construction of `HopGraph`).
                    let cw = unsafe { &coef.get_unchecked(w as usize).0 };
                    for i in 0..L {
                        dv[i] += cw[i];
                    }
                    // lanes of w not one level further than v have a 0 coefficient or a
                    // masked σ: the dot product is the entry's dependency for the batch
                    *slot += dot(&sv, cw);
                    if CROSS {
                        let cc = unsafe { &coef_cross.get_unchecked(w as usize).0 };
                        for i in 0..L {
                            dv_cross[i] += cc[i];
                        }
                    }
                }
            } else {
                for &w in row {
                    // SAFETY: w < n, a label (by construction of `HopGraph`).
                    let cw = unsafe { &coef.get_unchecked(w as usize).0 };
                    for i in 0..L {
                        dv[i] += cw[i];
                    }
                    if CROSS {
                        let cc = unsafe { &coef_cross.get_unchecked(w as usize).0 };
                        for i in 0..L {
                            dv_cross[i] += cc[i];
                        }
                    }
                }
            }
            let mut node = 0.0;
            let mut node_cross = 0.0;
            let mut c = [0.0; L];
            let mut c_cross = [0.0; L];
            for i in 0..L {
                if (lanes >> i) & 1 == 0 {
                    continue;
                }
                let own_source = vi == first + i;
                let d = sv[i] * dv[i];
                if !own_source {
                    node += d;
                }
                c[i] = (1.0 + d) / sv[i];
                if CROSS {
                    let d = sv[i] * dv_cross[i];
                    if !own_source {
                        node_cross += d;
                    }
                    let endpoint = f64::from(u8::from(department[vi] != source_department[i]));
                    c_cross[i] = (endpoint + d) / sv[i];
                }
            }
            out.nodes[vi] += node;
            pending[p - start] = Lanes(c);
            if CROSS {
                out.cross_nodes[vi] += node_cross;
                pending_cross[p - start] = Lanes(c_cross);
            }
        }
        for p in start..end {
            let vi = order[p] as usize;
            // the lanes of this level are 0 in the coefficients, the others 0 in `pending`
            let (into, add) = (&mut coef[vi].0, &pending[p - start].0);
            for i in 0..L {
                into[i] += add[i];
            }
            if CROSS {
                let (into, add) = (&mut coef_cross[vi].0, &pending_cross[p - start].0);
                for i in 0..L {
                    into[i] += add[i];
                }
            }
        }
    }
}

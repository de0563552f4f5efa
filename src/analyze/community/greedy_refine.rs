//! Leiden's refinement with greedy merges, the communities refined in parallel.
//!
//! Inside a community C, the refinement reads and writes only the nodes of C and the
//! sub-communities of C: the weights from a node to the other sub-communities of C, their
//! totals K_T, and their weights to the rest of C, w(T, C \ T). With the greedy choice (no
//! random draw), each community's merges therefore depend only on the order of its own nodes.
//! Here each community takes its nodes in the seeded order of the whole level, as the
//! sequential refinement does, on local copies of those numbers, and the communities run in
//! parallel: the refined partition is the sequential one, bit for bit, whatever the threads.
//! O(n + m) work, the largest community's share of it on one thread.

use super::{GroupMembers, Level, compact};
use rayon::prelude::*;

/// The greedy refinement of `community` (compact labels) on `level`, visiting the nodes in
/// `order`; returns the refined labels (compact) and their count, as [`super::refine`] with
/// `randomized = false` given the same order.
pub(super) fn refine_greedy_parallel(
    level: &Level,
    community: &[u32],
    count: usize,
    gamma: f64,
    order: &[u32],
) -> (Vec<u32>, usize) {
    let n = level.len();
    let two_m: f64 = level.strength.iter().sum();
    let scale = gamma / two_m;
    // the nodes of each community in the seeded order, and the place of each among them
    let groups = GroupMembers::of(community, count, order.iter().copied());
    // K_C summed in node order, as the sequential refinement sums it
    let mut community_total = vec![0.0; count];
    for (v, &c) in community.iter().enumerate() {
        community_total[c as usize] += level.strength[v];
    }
    // one task per community: the communities of a late iteration are few and large, and a
    // task each lets the threads share them out
    let labels: Vec<Vec<u32>> = (0..count)
        .into_par_iter()
        .map_init(Local::default, |work, c| {
            let nodes = groups.of_group(c);
            work.refine(
                level,
                community,
                c as u32,
                nodes,
                &groups.place,
                community_total[c],
                scale,
                two_m,
            );
            work.refined.iter().map(|&r| nodes[r as usize]).collect()
        })
        .collect();
    let mut refined = vec![0u32; n];
    for (&v, &r) in groups.members.iter().zip(labels.iter().flatten()) {
        refined[v as usize] = r;
    }
    let count = compact(&mut refined);
    (refined, count)
}

/// One community's refinement state, numbered by the nodes' places in the community; the
/// buffers are reused from one community to the next.
#[derive(Default)]
struct Local {
    refined: Vec<u32>,
    total: Vec<f64>,
    external: Vec<f64>,
    singleton: Vec<bool>,
    weight_to: Vec<f64>,
    touched: Vec<u32>,
}

impl Local {
    /// The sequential greedy refinement of community `c`, whose nodes are `nodes` in the
    /// seeded order (`local[v]` = the place of v in `nodes`).
    #[allow(clippy::too_many_arguments)]
    fn refine(
        &mut self,
        level: &Level,
        community: &[u32],
        c: u32,
        nodes: &[u32],
        local: &[u32],
        kc: f64,
        scale: f64,
        two_m: f64,
    ) {
        let s = nodes.len();
        self.refined.clear();
        self.refined.extend(0..s as u32);
        self.total.clear();
        self.total
            .extend(nodes.iter().map(|&v| level.strength[v as usize]));
        self.singleton.clear();
        self.singleton.resize(s, true);
        self.weight_to.clear();
        self.weight_to.resize(s, 0.0);
        self.external.clear();
        self.external.extend(nodes.iter().map(|&v| {
            let (ts, ws) = level.row(v as usize);
            ts.iter()
                .zip(ws)
                .filter(|(t, _)| community[**t as usize] == c)
                .map(|(_, w)| w)
                .sum::<f64>()
        }));
        for (i, &v) in nodes.iter().enumerate() {
            if !self.singleton[i] {
                continue;
            }
            let kv = level.strength[v as usize];
            if self.external[i] < kv * (kc - kv) * scale {
                continue; // v is not well connected to its community
            }
            let (ts, ws) = level.row(v as usize);
            for (&t, &w) in ts.iter().zip(ws) {
                if community[t as usize] != c {
                    continue;
                }
                let r = self.refined[local[t as usize] as usize];
                if self.weight_to[r as usize] == 0.0 {
                    self.touched.push(r);
                }
                self.weight_to[r as usize] += w;
            }
            let own = self.refined[i];
            let mut best = own;
            let mut top = f64::NEG_INFINITY;
            for &r in &self.touched {
                if r == own {
                    continue;
                }
                let kr = self.total[r as usize];
                if self.external[r as usize] < kr * (kc - kr) * scale {
                    continue; // not well connected
                }
                let gain = self.weight_to[r as usize] - kv * kr * scale;
                if gain >= 0.0 {
                    let dq = 2.0 * gain / two_m;
                    if dq > top {
                        top = dq;
                        best = r;
                    }
                }
            }
            if best != own {
                let to_best = self.weight_to[best as usize];
                // w(T ∪ {v}, C \ (T ∪ {v})) = w(T, C\T) + w(v, C\v) − 2 w(v, T)
                self.external[best as usize] += self.external[i] - 2.0 * to_best;
                self.total[best as usize] += kv;
                self.total[own as usize] = 0.0;
                self.refined[i] = best;
                self.singleton[i] = false;
                for &t in ts {
                    if community[t as usize] == c {
                        let j = local[t as usize] as usize;
                        if self.refined[j] == best {
                            self.singleton[j] = false;
                        }
                    }
                }
            }
            for &r in &self.touched {
                self.weight_to[r as usize] = 0.0;
            }
            self.touched.clear();
        }
    }
}

//! Leiden's fast local moving in deterministic parallel batches, for the single run of a large
//! graph.
//!
//! The nodes are taken in a seeded order, in batches of [`batch_size`] nodes. For each batch,
//! every node's best move (the gain of the sequential pass, v taken out of its community:
//! w(v, C) − γ k_v K_C / 2m, staying alone 0) is computed in parallel against the state at the
//! batch's start. The moves are then applied one by one in the batch's order, each weighed
//! again against the community totals as they are then (so that many nodes joining one
//! community in the same batch do not overshoot it), and computed again from scratch when a
//! community it counts on changed under it: a member left its target, or one joined its own
//! (two singletons joining each other would otherwise swap forever). The neighbours of the nodes
//! that moved, outside their new community, are looked at again in the next round, in the
//! seeded order, until a round moves almost nothing ([`SETTLED_SHARE`]). As in NetworKit's PLM
//! (Staudt & Meyerhenke 2016, "Engineering Parallel Algorithms for Community Detection in
//! Massive Networks", IEEE TPDS 27(1)) and Grappolo (Lu, Halappanavar & Kalyanaraman 2015,
//! Parallel Computing 47), the parallel work reads a state one batch old; unlike them, the
//! batches and the order in which moves are applied depend on the graph and the seed only, so
//! the partition is the same for any number of threads.
//!
//! O(m) per round (each entry gathered once, a few again where moves conflict), a few rounds per
//! level; O(n) memory besides one [`Mover`] per thread.

use super::{Level, Mover};
use crate::analyze::rng::Rng;
use rayon::prelude::*;

/// A proposal to leave every community for an empty one.
const ALONE: u32 = u32::MAX;

/// Most rounds of one local moving: moves weighed on a state one batch old are not each
/// guaranteed to raise Q, so unlike the sequential queue the rounds are bounded. On the
/// generated organisations a level settles in far fewer.
const MAX_ROUNDS: usize = 64;

/// A round that moves fewer than this share of the level's nodes ends its local moving. On the
/// large generated organisation (50,000 people) the first level's rounds move 47,225, 16,592,
/// 6,187, ... nodes and then, from the ninth round on, a few dozen each for twenty rounds more
/// (40 % of the level's work for 2 % of its moves); stopping below 1 in 1,000 leaves Q the same
/// to five decimals there (0.826042 against 0.826043) and on the medium one (0.80049 against
/// 0.80031): the moves left are at the margin, and the next level and the next iteration take
/// them up.
const SETTLED_SHARE: f64 = 0.001;

/// Nodes per batch: a fixed share of the level (1/64, at least 256), so that a batch's moves
/// see a state that is a small part of the graph old, whatever the number of threads.
pub(super) fn batch_size(nodes: usize) -> usize {
    (nodes / 64).max(256)
}

/// Where one node would go, and the weights its gains came from.
#[derive(Debug, Clone, Copy, Default)]
struct Proposal {
    target: u32,
    to_own: f64,
    to_target: f64,
}

/// The state the gains are read from: community of each node, K_C and size of each community.
struct State<'a> {
    level: &'a Level,
    community: &'a [u32],
    total: &'a [f64],
    size: &'a [u32],
    scale: f64,
}

impl<'a> State<'a> {
    fn of(
        level: &'a Level,
        community: &'a [u32],
        total: &'a [f64],
        size: &'a [u32],
        scale: f64,
    ) -> State<'a> {
        State {
            level,
            community,
            total,
            size,
            scale,
        }
    }

    /// The best move of `v`: the community of largest gain (first met on ties), staying
    /// first, or [`ALONE`] when every gain is negative. O(degree).
    fn propose(&self, v: u32, mover: &mut Mover) -> Proposal {
        let vi = v as usize;
        let own = self.community[vi];
        let kv = self.level.strength[vi];
        let (ts, ws) = self.level.row(vi);
        mover.gather(ts, ws, self.community, |_| true);
        let to_own = mover.weight_to[own as usize];
        let mut best = own;
        let mut best_gain = to_own - kv * (self.total[own as usize] - kv) * self.scale;
        let mut to_best = to_own;
        for &c in mover.met() {
            if c == own {
                continue;
            }
            let w = mover.weight_to[c as usize];
            let gain = w - kv * self.total[c as usize] * self.scale;
            if gain > best_gain {
                best_gain = gain;
                best = c;
                to_best = w;
            }
        }
        mover.reset();
        if best_gain < 0.0 && self.size[own as usize] > 1 {
            best = ALONE;
            to_best = 0.0;
        }
        Proposal {
            target: best,
            to_own,
            to_target: to_best,
        }
    }
}

/// Fast local moving in batches (module doc); `movers` holds one buffer per thread, each sized
/// for the level. Returns whether any node moved. `community` holds ids below `level.len()`.
pub(super) fn move_nodes_batched(
    level: &Level,
    community: &mut [u32],
    gamma: f64,
    rng: &mut Rng,
    movers: &mut [Mover],
) -> bool {
    let n = level.len();
    let two_m: f64 = level.strength.iter().sum();
    if two_m <= 0.0 || movers.is_empty() {
        return false;
    }
    let scale = gamma / two_m;
    let mut total = vec![0.0; n];
    let mut size = vec![0u32; n];
    for v in 0..n {
        total[community[v] as usize] += level.strength[v];
        size[community[v] as usize] += 1;
    }
    let mut empty: Vec<u32> = (0..n as u32).filter(|&c| size[c as usize] == 0).collect();
    let mut order: Vec<u32> = (0..n as u32).collect();
    rng.shuffle(&mut order);
    // to look at in the next round
    let mut flagged = vec![false; n];
    // communities a member left or joined during the current batch
    let mut left = vec![false; n];
    let mut joined = vec![false; n];
    let mut changed: Vec<u32> = Vec::new();
    let batch = batch_size(n);
    let mut proposals = vec![Proposal::default(); batch];
    let mut moved: Vec<u32> = Vec::with_capacity(batch);
    let mut active = order.clone();
    let mut moved_any = false;
    for _ in 0..MAX_ROUNDS {
        if active.is_empty() {
            break;
        }
        let mut moved_in_round = 0usize;
        for nodes in active.chunks(batch) {
            for &v in nodes {
                flagged[v as usize] = false;
            }
            let proposed = &mut proposals[..nodes.len()];
            {
                let state = State::of(level, community, &total, &size, scale);
                let per = nodes.len().div_ceil(movers.len());
                movers
                    .par_iter_mut()
                    .zip(nodes.par_chunks(per).zip(proposed.par_chunks_mut(per)))
                    .for_each(|(mover, (vs, ps))| {
                        for (&v, p) in vs.iter().zip(ps) {
                            *p = state.propose(v, mover);
                        }
                    });
            }
            moved.clear();
            for (&v, p) in nodes.iter().zip(proposed.iter()) {
                let vi = v as usize;
                let own = community[vi];
                let kv = level.strength[vi];
                let mut target = p.target;
                if target == own {
                    continue;
                }
                if (target != ALONE && left[target as usize]) || joined[own as usize] {
                    let state = State::of(level, community, &total, &size, scale);
                    target = state.propose(v, &mut movers[0]).target;
                    if target == own {
                        continue;
                    }
                } else {
                    if target == ALONE && size[own as usize] == 1 {
                        continue;
                    }
                    let stay = p.to_own - kv * (total[own as usize] - kv) * scale;
                    let gain = if target == ALONE {
                        0.0
                    } else {
                        p.to_target - kv * total[target as usize] * scale
                    };
                    if gain <= stay {
                        continue;
                    }
                }
                if target == ALONE {
                    // own has another member, so some community id is free
                    target = empty
                        .pop()
                        .expect("invariant: fewer communities than nodes");
                }
                total[own as usize] -= kv;
                size[own as usize] -= 1;
                if size[own as usize] == 0 {
                    empty.push(own);
                }
                total[target as usize] += kv;
                size[target as usize] += 1;
                community[vi] = target;
                for c in [own, target] {
                    if !left[c as usize] && !joined[c as usize] {
                        changed.push(c);
                    }
                }
                left[own as usize] = true;
                joined[target as usize] = true;
                moved.push(v);
            }
            moved_any |= !moved.is_empty();
            moved_in_round += moved.len();
            for &c in &changed {
                left[c as usize] = false;
                joined[c as usize] = false;
            }
            changed.clear();
            // sequential: a parallel pass costs more here, its stores to the flags of shared
            // cache lines bouncing between the cores
            for &v in &moved {
                let c = community[v as usize];
                for &t in level.row(v as usize).0 {
                    flagged[t as usize] |= community[t as usize] != c;
                }
            }
        }
        if (moved_in_round as f64) < SETTLED_SHARE * n as f64 {
            break;
        }
        active.clear();
        active.extend(order.iter().copied().filter(|&v| flagged[v as usize]));
    }
    moved_any
}

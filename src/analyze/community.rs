//! Communities: Leiden (Traag, Waltman & van Eck 2019, "From Louvain to Leiden: guaranteeing
//! well-connected communities", Sci. Rep. 9:5233) maximizing modularity (Newman 2006) with a
//! resolution γ, and Louvain (Blondel et al. 2008) for comparison.
//!
//! Q = 1/(2m) Σ_ij (A_ij − γ k_i k_j / (2m)) δ(c_i, c_j), weights = tie weights.
//!
//! Each Leiden iteration: fast local moving (a queue of nodes, each moved to the neighbouring
//! community of largest gain), refinement (inside each community, well-connected singletons
//! merge greedily into well-connected sub-communities, so aggregates never join disconnected
//! parts), aggregation of the refined partition with the unrefined one as its start, and again
//! until each node is its own community. Iterations repeat from the partition found until one
//! changes nothing (leidenalg's `n_iterations = -1`), or at most [`LARGE_ITERATIONS`] times on
//! graphs above [`LARGE_GRAPH`] entries. A last pass splits any community that is
//! not connected into its components, which can only raise Q. Node orders come from a seeded
//! SplitMix64 generator written here, so that a seed gives the same partition on every machine
//! and with every version of siloscope's dependencies. On graphs up to [`LARGE_GRAPH`] entries
//! each run is sequential and the [`runs_for`] runs of a call go in parallel, on one level-0
//! graph. Above it, where runs agree within 0.0005 in modularity, a call makes one run with
//! greedy refinement and every stage of it in parallel: the local moving in deterministic
//! batches (`batched`), the refinement one community per task (`greedy_refine`, the sequential
//! result bit for bit), the aggregation in ranges of groups; each gives the same partition for
//! any number of threads. About O(m) per pass, a few passes per level.

use crate::analyze::rng::Rng;
use crate::graph::InteractionGraph;

mod batched;
mod greedy_refine;

/// A partition of the people into communities.
#[derive(Debug, Clone, PartialEq)]
pub struct Communities {
    /// Community of each person, numbered 0.. by decreasing size (ties: smallest member first).
    pub membership: Vec<u32>,
    /// Number of communities.
    pub count: usize,
    /// Modularity of the partition at the resolution used.
    pub modularity: f64,
}

/// Which algorithm to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Leiden (default).
    Leiden,
    /// Louvain.
    Louvain,
}

/// Randomness of the refinement (the paper's θ).
const THETA: f64 = 0.01;

/// A weighted graph of one level: adjacency without self-loops, the self-loop weight apart,
/// and k_i = Σ_j A_ij with A_ii = 2 × self-loop.
#[derive(Debug, Clone)]
struct Level {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
    self_loops: Vec<f64>,
    strength: Vec<f64>,
}

impl Level {
    /// Level 0: the people and their ties. The weights are gathered in parallel (a pure map,
    /// the same whatever the threads). O(n + m).
    fn from_graph(g: &InteractionGraph) -> Level {
        use rayon::prelude::*;
        let n = g.node_count();
        let offsets: Vec<usize> = (0..=n as u32).map(|v| g.first_entry(v)).collect();
        let mut targets = Vec::with_capacity(offsets[n]);
        for v in 0..n as u32 {
            targets.extend_from_slice(g.neighbors(v));
        }
        let ties = g.ties();
        let weights: Vec<f64> = g
            .entry_ties()
            .par_iter()
            .with_min_len(1 << 14)
            .map(|&tie| ties[tie as usize].weight)
            .collect();
        Level {
            offsets,
            targets,
            weights,
            self_loops: vec![0.0; n],
            strength: g.strength().to_vec(),
        }
    }

    fn len(&self) -> usize {
        self.self_loops.len()
    }

    fn row(&self, v: usize) -> (&[u32], &[f64]) {
        let r = self.offsets[v]..self.offsets[v + 1];
        (&self.targets[r.clone()], &self.weights[r])
    }

    /// The graph whose nodes are the groups of `group` (ids 0..count). The rows of the groups
    /// are built in parallel ranges and joined in order: each row is summed in the same order as
    /// a sequential build, so the same bits for any number of threads. O(n + m).
    fn aggregate(&self, group: &[u32], count: usize) -> Level {
        use rayon::prelude::*;
        let members = GroupMembers::of(group, count, 0..group.len() as u32);
        let span = count.div_ceil(16 * rayon::current_num_threads()).max(64);
        let ranges: Vec<std::ops::Range<usize>> = (0..count)
            .step_by(span)
            .map(|a| a..(a + span).min(count))
            .collect();
        let parts: Vec<Level> = ranges
            .into_par_iter()
            .map(|groups| {
                let mut part = Level {
                    offsets: Vec::with_capacity(groups.len()),
                    targets: Vec::new(),
                    weights: Vec::new(),
                    self_loops: vec![0.0; groups.len()],
                    strength: vec![0.0; groups.len()],
                };
                let mut acc = vec![0.0; count];
                let mut touched: Vec<u32> = Vec::new();
                for (i, c) in groups.enumerate() {
                    for &v in members.of_group(c) {
                        let v = v as usize;
                        part.strength[i] += self.strength[v];
                        part.self_loops[i] += self.self_loops[v];
                        let (ts, ws) = self.row(v);
                        for (&t, &w) in ts.iter().zip(ws) {
                            let d = group[t as usize] as usize;
                            if d == c {
                                part.self_loops[i] += w / 2.0; // met from both ends
                            } else {
                                if acc[d] == 0.0 {
                                    touched.push(d as u32);
                                }
                                acc[d] += w;
                            }
                        }
                    }
                    for &d in &touched {
                        part.targets.push(d);
                        part.weights.push(acc[d as usize]);
                        acc[d as usize] = 0.0;
                    }
                    touched.clear();
                    // row ends, relative to the part
                    part.offsets.push(part.targets.len());
                }
                part
            })
            .collect();
        let entries: usize = parts.iter().map(|p| p.targets.len()).sum();
        let mut level = Level {
            offsets: Vec::with_capacity(count + 1),
            targets: Vec::with_capacity(entries),
            weights: Vec::with_capacity(entries),
            self_loops: Vec::with_capacity(count),
            strength: Vec::with_capacity(count),
        };
        level.offsets.push(0);
        for part in parts {
            let base = level.targets.len();
            level
                .offsets
                .extend(part.offsets.iter().map(|end| base + end));
            level.targets.extend_from_slice(&part.targets);
            level.weights.extend_from_slice(&part.weights);
            level.self_loops.extend_from_slice(&part.self_loops);
            level.strength.extend_from_slice(&part.strength);
        }
        level
    }
}

/// Renumbers `labels` to 0..count in order of first appearance; returns count.
fn compact(labels: &mut [u32]) -> usize {
    let mut map = vec![u32::MAX; labels.len().max(1)];
    let mut next = 0u32;
    for l in labels.iter_mut() {
        let m = &mut map[*l as usize];
        if *m == u32::MAX {
            *m = next;
            next += 1;
        }
        *l = *m;
    }
    next as usize
}

/// Weights from one node to each label of its neighbours, gathered without a branch per
/// neighbour: the labels met are `touched[..len]` in order of first appearance (the order the
/// gain ties are broken in), `weight_to` is all zero between two nodes.
/// The nodes of each group, group after group, each group's in the order `visit` gives them
/// (a stable counting sort: one flat list, no vector per group).
struct GroupMembers {
    /// Group g's nodes are `members[start[g]..start[g + 1]]`.
    start: Vec<usize>,
    members: Vec<u32>,
    /// The place of each node among its group's.
    place: Vec<u32>,
}

impl GroupMembers {
    /// `group` holds ids below `count`; `visit` lists every node once. O(n + count).
    fn of(group: &[u32], count: usize, visit: impl IntoIterator<Item = u32>) -> GroupMembers {
        let mut start = vec![0usize; count + 1];
        for &c in group {
            start[c as usize + 1] += 1;
        }
        for c in 0..count {
            start[c + 1] += start[c];
        }
        let mut members = vec![0u32; group.len()];
        let mut place = vec![0u32; group.len()];
        let mut next = start.clone();
        for v in visit {
            let c = group[v as usize] as usize;
            members[next[c]] = v;
            place[v as usize] = (next[c] - start[c]) as u32;
            next[c] += 1;
        }
        GroupMembers {
            start,
            members,
            place,
        }
    }

    fn of_group(&self, c: usize) -> &[u32] {
        &self.members[self.start[c]..self.start[c + 1]]
    }
}

struct Mover {
    weight_to: Vec<f64>,
    touched: Vec<u32>,
    len: usize,
}

impl Mover {
    fn new(n: usize) -> Mover {
        Mover {
            weight_to: vec![0.0; n],
            // one slot past the most labels a row can meet: the slot after the last label is
            // written (and not counted) when a label is met again
            touched: vec![0; n + 1],
            len: 0,
        }
    }

    /// Adds the weight of each entry of a row to its label's sum, for the entries that `keep`.
    /// Tie weights are positive, so a zero sum means a label not met yet. O(row).
    #[inline]
    fn gather(&mut self, ts: &[u32], ws: &[f64], label: &[u32], keep: impl Fn(u32) -> bool) {
        let mut len = self.len;
        for (&t, &w) in ts.iter().zip(ws) {
            let kept = keep(t);
            let c = label[t as usize];
            let slot = &mut self.weight_to[c as usize];
            self.touched[len] = c;
            len += (kept & (*slot == 0.0)) as usize;
            *slot += if kept { w } else { 0.0 };
        }
        self.len = len;
    }

    fn met(&self) -> &[u32] {
        &self.touched[..self.len]
    }

    /// Back to all zero. O(labels met).
    fn reset(&mut self) {
        for &c in &self.touched[..self.len] {
            self.weight_to[c as usize] = 0.0;
        }
        self.len = 0;
    }
}

/// Fast local moving (Leiden) or the repeated sweeps of Louvain, both as a queue: a node whose
/// neighbour moved is looked at again. Returns whether any node moved. `community` holds ids
/// below `level.len()`.
fn move_nodes(
    level: &Level,
    community: &mut [u32],
    gamma: f64,
    rng: &mut Rng,
    mover: &mut Mover,
) -> bool {
    let n = level.len();
    let two_m: f64 = level.strength.iter().sum();
    if two_m <= 0.0 {
        return false;
    }
    let mut total = vec![0.0; n]; // K_c
    let mut size = vec![0u32; n];
    for v in 0..n {
        total[community[v] as usize] += level.strength[v];
        size[community[v] as usize] += 1;
    }
    let mut empty: Vec<u32> = (0..n as u32).filter(|&c| size[c as usize] == 0).collect();
    let mut queue: std::collections::VecDeque<u32> = {
        let mut order: Vec<u32> = (0..n as u32).collect();
        rng.shuffle(&mut order);
        order.into()
    };
    let mut queued = vec![true; n];
    let mut moved_any = false;
    let scale = gamma / two_m;
    while let Some(v) = queue.pop_front() {
        let vi = v as usize;
        queued[vi] = false;
        let own = community[vi];
        let kv = level.strength[vi];
        let (ts, ws) = level.row(vi);
        mover.gather(ts, ws, community, |_| true);
        // take v out of its community
        total[own as usize] -= kv;
        size[own as usize] -= 1;
        let stay = mover.weight_to[own as usize] - kv * total[own as usize] * scale;
        let mut best = own;
        let mut best_gain = stay;
        for &c in mover.met() {
            if c == own {
                continue;
            }
            let gain = mover.weight_to[c as usize] - kv * total[c as usize] * scale;
            if gain > best_gain {
                best_gain = gain;
                best = c;
            }
        }
        if best_gain < 0.0 && size[own as usize] > 0 {
            // alone is better than anywhere: an empty community (gain 0)
            if let Some(&e) = empty.last() {
                best = e;
            }
        }
        mover.reset();
        if size[own as usize] == 0 && best != own {
            empty.push(own);
        }
        if empty.last() == Some(&best) {
            empty.pop();
        }
        total[best as usize] += kv;
        size[best as usize] += 1;
        community[vi] = best;
        if best != own {
            moved_any = true;
            for &t in ts {
                let ti = t as usize;
                if !queued[ti] && community[ti] != best {
                    queued[ti] = true;
                    queue.push_back(t);
                }
            }
        }
    }
    moved_any
}

/// Leiden's refinement: inside each community of `community`, singletons that are well
/// connected to their community merge into the well-connected sub-community of largest
/// non-negative gain. Returns the refined labels (compact) and their count.
fn refine(
    level: &Level,
    community: &[u32],
    gamma: f64,
    randomized: bool,
    rng: &mut Rng,
    mover: &mut Mover,
) -> (Vec<u32>, usize) {
    let n = level.len();
    let two_m: f64 = level.strength.iter().sum();
    let scale = gamma / two_m;
    let mut refined: Vec<u32> = (0..n as u32).collect();
    let mut total = level.strength.clone(); // K of each refined community
    let mut singleton = vec![true; n];
    // weight from each node (then each refined community) to the rest of its community
    let mut community_total = vec![0.0; n];
    for v in 0..n {
        community_total[community[v] as usize] += level.strength[v];
    }
    let mut external = vec![0.0; n]; // w(T, C \ T) of refined community T
    for v in 0..n {
        let (ts, ws) = level.row(v);
        external[v] = ts
            .iter()
            .zip(ws)
            .filter(|(t, _)| community[**t as usize] == community[v])
            .map(|(_, w)| w)
            .sum();
    }
    let mut order: Vec<u32> = (0..n as u32).collect();
    rng.shuffle(&mut order);
    let mut candidates: Vec<(u32, f64)> = Vec::new();
    for &v in &order {
        let vi = v as usize;
        if !singleton[vi] {
            continue;
        }
        let c = community[vi];
        let kv = level.strength[vi];
        let kc = community_total[c as usize];
        if external[vi] < kv * (kc - kv) * scale {
            continue; // v is not well connected to its community
        }
        let (ts, ws) = level.row(vi);
        mover.gather(ts, ws, &refined, |t| community[t as usize] == c);
        // Candidates: well-connected sub-communities with a non-negative gain, drawn with
        // probability ∝ exp(ΔQ / θ), θ = 0.01, ΔQ the modularity gain (the paper's randomness,
        // which lets different seeds explore different partitions).
        let own = refined[vi];
        candidates.clear();
        let mut top = f64::NEG_INFINITY;
        for &r in mover.met() {
            if r == own {
                continue;
            }
            let kr = total[r as usize];
            if external[r as usize] < kr * (kc - kr) * scale {
                continue; // not well connected
            }
            let gain = mover.weight_to[r as usize] - kv * kr * scale;
            if gain >= 0.0 {
                let dq = 2.0 * gain / two_m;
                top = top.max(dq);
                candidates.push((r, dq));
            }
        }
        let mut best = own;
        if !randomized {
            // greedy: the largest gain, first met on ties
            let mut top_gain = f64::NEG_INFINITY;
            for &(r, dq) in &candidates {
                if dq > top_gain {
                    top_gain = dq;
                    best = r;
                }
            }
        } else if !candidates.is_empty() {
            let weights: Vec<f64> = candidates
                .iter()
                .map(|&(_, dq)| ((dq - top) / THETA).exp())
                .collect();
            let sum: f64 = weights.iter().sum();
            let mut x = rng.unit() * sum;
            best = candidates.last().expect("not empty").0;
            for (&(r, _), &w) in candidates.iter().zip(&weights) {
                if x < w {
                    best = r;
                    break;
                }
                x -= w;
            }
        }
        if best != own {
            let to_best = mover.weight_to[best as usize];
            // w(T ∪ {v}, C \ (T ∪ {v})) = w(T, C\T) + w(v, C\v) − 2 w(v, T)
            external[best as usize] += external[vi] - 2.0 * to_best;
            total[best as usize] += kv;
            total[own as usize] = 0.0;
            refined[vi] = best;
            singleton[vi] = false;
            // members of best are no longer singletons either
            for &t in ts {
                if refined[t as usize] == best {
                    singleton[t as usize] = false;
                }
            }
        }
        mover.reset();
    }
    let count = compact(&mut refined);
    (refined, count)
}

/// Modularity of `membership` on `g` at resolution `gamma`:
/// Q = Σ_inside 2w / 2m − γ Σ_c (K_c / 2m)². The inside weight is summed over fixed chunks of
/// ties in parallel, then the chunks in order: the same bits for any number of threads.
/// O(n + m).
pub fn modularity(g: &InteractionGraph, membership: &[u32], gamma: f64) -> f64 {
    use rayon::prelude::*;
    let two_m = 2.0 * g.total_weight();
    if two_m <= 0.0 {
        return 0.0;
    }
    let count = membership
        .iter()
        .map(|&c| c as usize + 1)
        .max()
        .unwrap_or(0);
    let mut total = vec![0.0; count];
    for (v, &c) in membership.iter().enumerate() {
        total[c as usize] += g.strength()[v];
    }
    let chunks: Vec<f64> = g
        .ties()
        .par_chunks(1 << 15)
        .map(|chunk| {
            chunk
                .iter()
                .filter(|t| membership[t.source as usize] == membership[t.target as usize])
                .map(|t| t.weight)
                .sum::<f64>()
        })
        .collect();
    let inside: f64 = chunks.iter().sum();
    let expected: f64 = total.iter().map(|k| (k / two_m).powi(2)).sum();
    2.0 * inside / two_m - gamma * expected
}

/// One pass of the multi-level scheme from `start` (labels on people); returns the new labels
/// and whether anything moved.
fn one_iteration(
    base: &Level,
    start: &[u32],
    method: Method,
    gamma: f64,
    randomized: bool,
    batched: bool,
    rng: &mut Rng,
) -> (Vec<u32>, bool) {
    // level 0 is the caller's, shared by every iteration and run: only aggregates are built
    let mut level = std::borrow::Cow::Borrowed(base);
    let mut community: Vec<u32> = start.to_vec();
    compact(&mut community);
    let mut node_of: Vec<u32> = (0..base.len() as u32).collect();
    let mut changed = false;
    // sized for level 0, the largest: every level reuses it (it is left all zero)
    let threads = if batched {
        rayon::current_num_threads()
    } else {
        1
    };
    let mut movers: Vec<Mover> = (0..threads).map(|_| Mover::new(base.len())).collect();
    loop {
        changed |= if batched && level.len() >= BATCHED_MIN_NODES {
            batched::move_nodes_batched(&level, &mut community, gamma, rng, &mut movers)
        } else {
            move_nodes(&level, &mut community, gamma, rng, &mut movers[0])
        };
        let mover = &mut movers[0];
        let count = compact(&mut community);
        if count == level.len() {
            break;
        }
        let (grouping, groups) = match method {
            Method::Leiden if batched && !randomized => {
                // the sequential refinement's order, drawn the same way
                let mut order: Vec<u32> = (0..level.len() as u32).collect();
                rng.shuffle(&mut order);
                greedy_refine::refine_greedy_parallel(&level, &community, count, gamma, &order)
            }
            Method::Leiden => refine(&level, &community, gamma, randomized, rng, mover),
            Method::Louvain => (community.clone(), count),
        };
        if groups == level.len() {
            break;
        }
        // the next level starts from the unrefined partition
        let mut next_community = vec![0u32; groups];
        for v in 0..level.len() {
            next_community[grouping[v] as usize] = community[v];
        }
        level = std::borrow::Cow::Owned(level.aggregate(&grouping, groups));
        for x in node_of.iter_mut() {
            *x = grouping[*x as usize];
        }
        community = next_community;
    }
    let labels = node_of.iter().map(|&x| community[x as usize]).collect();
    (labels, changed)
}

/// Splits every community that is not connected into its connected components: a search
/// inside each community, the communities in parallel. The labels are the place of each
/// component's first node in a community-by-community list (not compact): the callers number
/// communities afresh. O(n + m).
fn split_disconnected(g: &InteractionGraph, membership: &mut [u32]) {
    use rayon::prelude::*;
    let n = g.node_count();
    let count = compact(membership);
    let groups = GroupMembers::of(membership, count, 0..n as u32);
    let community: &[u32] = membership;
    let labels: Vec<Vec<u32>> = (0..count)
        .into_par_iter()
        .map_init(
            || (Vec::new(), Vec::new()),
            |(component, stack): &mut (Vec<u32>, Vec<u32>), c| {
                let nodes = groups.of_group(c);
                component.clear();
                component.resize(nodes.len(), u32::MAX);
                let mut found = 0u32;
                for i in 0..nodes.len() {
                    if component[i] != u32::MAX {
                        continue;
                    }
                    component[i] = found;
                    stack.push(nodes[i]);
                    while let Some(v) = stack.pop() {
                        for &w in g.neighbors(v) {
                            if community[w as usize] == c as u32 {
                                let j = groups.place[w as usize] as usize;
                                if component[j] == u32::MAX {
                                    component[j] = found;
                                    stack.push(w);
                                }
                            }
                        }
                    }
                    found += 1;
                }
                component
                    .iter()
                    .map(|&k| groups.start[c] as u32 + k)
                    .collect()
            },
        )
        .collect();
    for (&v, &label) in groups.members.iter().zip(labels.iter().flatten()) {
        membership[v as usize] = label;
    }
}

/// Numbers communities by decreasing size, ties by smallest member: labels that depend on the
/// partition only.
fn canonical(membership: &mut [u32]) -> usize {
    let count = compact(membership);
    let mut size = vec![0usize; count];
    let mut first = vec![usize::MAX; count];
    for (v, &c) in membership.iter().enumerate() {
        size[c as usize] += 1;
        first[c as usize] = first[c as usize].min(v);
    }
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by(|&a, &b| size[b].cmp(&size[a]).then(first[a].cmp(&first[b])));
    let mut rank = vec![0u32; count];
    for (r, &c) in order.iter().enumerate() {
        rank[c] = r as u32;
    }
    for c in membership.iter_mut() {
        *c = rank[*c as usize];
    }
    count
}

/// Work budget of one call, in adjacency entries (twice the ties): the number of independent
/// runs is this budget over the graph's entries, within [`MIN_RUNS`]..=[`MAX_RUNS`], so that the
/// runs of a call together sweep about as many entries whatever the size of a small graph.
/// Small graphs, where a run is cheap and runs differ most (a labelling of a 27-person
/// organisation can lead every one of 4 runs to the same local optimum, 0.006 below the other
/// labelling's), get many runs; email-eu-core (32,128 entries) keeps the 4 of before; large
/// graphs, where runs agree within 0.0005 in modularity, get two (one per core here).
pub const RUN_BUDGET: usize = 131_072;

/// Fewest runs per call (two cores: two runs cost the wall time of one).
pub const MIN_RUNS: u64 = 2;

/// Most runs per call (graphs up to 2,048 entries, about 1,000 ties): 64 runs of such a graph
/// take milliseconds.
pub const MAX_RUNS: u64 = 64;

/// Graphs with more adjacency entries than this stop a run after [`LARGE_ITERATIONS`]
/// iterations instead of iterating until one changes nothing.
pub const LARGE_GRAPH: usize = 500_000;

/// Iterations of a run on a graph above [`LARGE_GRAPH`]: leidenalg's default (`n_iterations =
/// 2`). On the medium organisation the third and later iterations raise Q by 0.0001 at most
/// and each costs 40 % of the first one; every iteration keeps the communities γ-connected
/// (Traag et al. 2019, Table 1), only the guarantees of a stable iteration (subset optimality)
/// are given up.
pub const LARGE_ITERATIONS: usize = 2;

/// Runs for a graph of `entries` adjacency entries (twice its ties): [`RUN_BUDGET`] /
/// `entries` within [`MIN_RUNS`]..=[`MAX_RUNS`]. Depends on the graph only, not on the threads.
pub fn runs_for(entries: usize) -> u64 {
    ((RUN_BUDGET / entries.max(1)) as u64).clamp(MIN_RUNS, MAX_RUNS)
}

/// Finds communities with `method` at resolution `gamma` from seed `seed`. Up to
/// [`LARGE_GRAPH`] entries: [`runs_for`] runs in parallel (seeds derived from `seed`; run 0
/// refines greedily, the others with the paper's randomized refinement: the greedy run is
/// steady, the random ones explore), the one of highest modularity kept (ties: the lowest run),
/// so the result does not depend on the number of threads; runs 0..k are the same whatever the
/// number of runs, so more runs never lower Q. Above it: run 0 alone, greedy, each of its
/// stages in parallel (module doc), at most [`LARGE_ITERATIONS`] iterations; on the medium
/// generated organisation its Q is within 0.0003 of the two sequential runs' best.
/// O(runs × iterations × m) time, O(runs × (n + m)) memory (one level-0 graph shared by all).
pub fn communities(g: &InteractionGraph, method: Method, gamma: f64, seed: u64) -> Communities {
    let base = Level::from_graph(g);
    let large = base.targets.len() > LARGE_GRAPH;
    find(g, &base, method, gamma, seed, large)
}

/// [`communities`] with the schedule of a large graph (`large`: one run, in parallel stages)
/// or of a small one, whatever the size: the tests use the large schedule on small graphs.
fn find(
    g: &InteractionGraph,
    base: &Level,
    method: Method,
    gamma: f64,
    seed: u64,
    large: bool,
) -> Communities {
    use rayon::prelude::*;
    let entries = base.targets.len();
    let run_count = if large { 1 } else { runs_for(entries) };
    let runs: Vec<(f64, Vec<u32>)> = (0..run_count)
        .into_par_iter()
        .map(|run| {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(run));
            let membership = one_run(g, base, method, gamma, run > 0, large, &mut rng);
            let q = if run_count > 1 {
                modularity(g, &membership, gamma)
            } else {
                0.0
            };
            (q, membership)
        })
        .collect();
    let mut best = 0;
    for (i, r) in runs.iter().enumerate() {
        if r.0 > runs[best].0 {
            best = i;
        }
    }
    let mut membership = runs
        .into_iter()
        .nth(best)
        .expect("invariant: MIN_RUNS > 0")
        .1;
    let count = canonical(&mut membership);
    let modularity = modularity(g, &membership, gamma);
    Communities {
        membership,
        count,
        modularity,
    }
}

/// Levels with fewer nodes than this move their nodes sequentially even in a batched run:
/// their passes take under a millisecond.
const BATCHED_MIN_NODES: usize = 1_024;

/// Iterations of a run on graphs up to [`LARGE_GRAPH`]: in practice a run stops long before,
/// when an iteration brings nothing.
const MAX_ITERATIONS: usize = 100;

/// One run: iterations from singletons until one brings nothing (at most
/// [`LARGE_ITERATIONS`] on the schedule of a large graph, `large`, whose stages run in
/// parallel), then the split of disconnected communities.
fn one_run(
    g: &InteractionGraph,
    base: &Level,
    method: Method,
    gamma: f64,
    randomized: bool,
    large: bool,
    rng: &mut Rng,
) -> Vec<u32> {
    let iterations = if large {
        LARGE_ITERATIONS
    } else {
        MAX_ITERATIONS
    };
    let n = g.node_count();
    let mut membership: Vec<u32> = (0..n as u32).collect();
    let mut best_q = modularity(g, &membership, gamma);
    for _ in 0..iterations {
        let (next, changed) =
            one_iteration(base, &membership, method, gamma, randomized, large, rng);
        let q = modularity(g, &next, gamma);
        if q > best_q + 1e-12 {
            membership = next;
            best_q = q;
        } else {
            if q > best_q {
                membership = next;
            }
            if !changed || q <= best_q {
                break;
            }
        }
    }
    split_disconnected(g, &mut membership);
    membership
}

/// Agreement between two partitions of the same people.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Agreement {
    /// Normalized mutual information, arithmetic normalization: I / ((H_a + H_b) / 2), as
    /// scikit-learn's default (Vinh, Epps & Bailey 2010); 1 when both are a single group.
    pub nmi: f64,
    /// Adjusted Rand index (Hubert & Arabie 1985); 1 for identical partitions.
    pub ari: f64,
}

/// NMI and ARI of two labelings. O(n log n).
pub fn agreement(a: &[u32], b: &[u32]) -> Agreement {
    let n = a.len();
    let mut pairs: Vec<(u32, u32)> = a.iter().copied().zip(b.iter().copied()).collect();
    pairs.sort_unstable();
    let mut cells: Vec<f64> = Vec::new();
    let mut i = 0;
    while i < pairs.len() {
        let j = pairs[i..].iter().take_while(|p| **p == pairs[i]).count();
        cells.push(j as f64);
        i += j;
    }
    let counts = |labels: &[u32]| {
        let mut l = labels.to_vec();
        l.sort_unstable();
        let mut out = Vec::new();
        let mut i = 0;
        while i < l.len() {
            let j = l[i..].iter().take_while(|x| **x == l[i]).count();
            out.push(j as f64);
            i += j;
        }
        out
    };
    let (ca, cb) = (counts(a), counts(b));
    let nf = n as f64;
    let entropy = |c: &[f64]| -c.iter().map(|x| x / nf * (x / nf).ln()).sum::<f64>();
    let (ha, hb) = (entropy(&ca), entropy(&cb));
    // I = Σ p_ij ln(p_ij / (p_i p_j)), from the contingency cells
    let mut mi = 0.0;
    {
        let mut pa = std::collections::HashMap::new();
        let mut pb = std::collections::HashMap::new();
        for &x in a {
            *pa.entry(x).or_insert(0.0) += 1.0;
        }
        for &x in b {
            *pb.entry(x).or_insert(0.0) += 1.0;
        }
        let mut i = 0;
        while i < pairs.len() {
            let j = pairs[i..].iter().take_while(|p| **p == pairs[i]).count();
            let nij = j as f64;
            let (x, y) = pairs[i];
            mi += nij / nf * (nf * nij / (pa[&x] * pb[&y])).ln();
            i += j;
        }
    }
    let nmi = if ha == 0.0 && hb == 0.0 {
        1.0
    } else {
        (mi / ((ha + hb) / 2.0)).clamp(0.0, 1.0)
    };
    let choose2 = |x: f64| x * (x - 1.0) / 2.0;
    let index: f64 = cells.iter().map(|&x| choose2(x)).sum();
    let sa: f64 = ca.iter().map(|&x| choose2(x)).sum();
    let sb: f64 = cb.iter().map(|&x| choose2(x)).sum();
    let expected = if n > 1 { sa * sb / choose2(nf) } else { 0.0 };
    let max = (sa + sb) / 2.0;
    let ari = if max == expected {
        1.0
    } else {
        (index - expected) / (max - expected)
    };
    Agreement { nmi, ari }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_cliques_and_a_bridge() -> InteractionGraph {
        let mut e = Vec::new();
        for a in 0..5u32 {
            for b in a + 1..5 {
                e.push((a, b, 1.0));
                e.push((a + 5, b + 5, 1.0));
            }
        }
        e.push((4, 5, 1.0));
        InteractionGraph::from_weighted_ties(11, &e) // 10 is isolated
    }

    #[test]
    fn finds_the_two_cliques() {
        let g = two_cliques_and_a_bridge();
        for method in [Method::Leiden, Method::Louvain] {
            for seed in 0..5 {
                let c = communities(&g, method, 1.0, seed);
                assert_eq!(&c.membership[..5], &[0; 5], "{method:?} {seed}");
                assert!(c.membership[5..10].iter().all(|&x| x == 1));
                assert_eq!(c.count, 3);
                // Q by hand: m = 21; each clique: inside 10, total strength 21
                let q = 2.0 * (10.0 / 21.0 - (21.0f64 / 42.0).powi(2));
                assert!((c.modularity - q).abs() < 1e-12, "{}", c.modularity);
            }
        }
    }

    /// 3,000 people in 30 planted groups of 100: about 12 ties inside the group and 2 outside
    /// per person, weights in [1, 5).
    fn planted_groups() -> (InteractionGraph, Vec<u32>) {
        let (n, size) = (3_000u32, 100u32);
        let mut rng = Rng(11);
        let mut edges = Vec::new();
        for v in 0..n {
            let group = v / size;
            for _ in 0..6 {
                let w = group * size + rng.below(size as usize) as u32;
                edges.push((v, w, 1.0 + 4.0 * rng.unit()));
            }
            let w = rng.below(n as usize) as u32;
            edges.push((v, w, 1.0 + 4.0 * rng.unit()));
        }
        let planted = (0..n).map(|v| v / size).collect();
        (
            InteractionGraph::from_weighted_ties(n as usize, &edges),
            planted,
        )
    }

    fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(f)
    }

    #[test]
    fn the_large_schedule_gives_the_same_partition_for_any_threads() {
        let (g, _) = planted_groups();
        let base = Level::from_graph(&g);
        assert!(
            base.len() >= BATCHED_MIN_NODES,
            "level 0 must move in batches"
        );
        for method in [Method::Leiden, Method::Louvain] {
            let one = in_pool(1, || find(&g, &base, method, 1.0, 5, true));
            for threads in [2, 3] {
                let other = in_pool(threads, || find(&g, &base, method, 1.0, 5, true));
                assert_eq!(one.membership, other.membership, "{method:?} {threads}");
                assert_eq!(one.modularity.to_bits(), other.modularity.to_bits());
            }
        }
    }

    #[test]
    fn the_large_schedule_keeps_the_quality_of_the_sequential_runs() {
        let (g, planted) = planted_groups();
        let base = Level::from_graph(&g);
        for seed in 0..3 {
            let batched = in_pool(2, || find(&g, &base, Method::Leiden, 1.0, seed, true));
            let sequential = find(&g, &base, Method::Leiden, 1.0, seed, false);
            assert!(
                batched.modularity >= sequential.modularity - 0.005,
                "seed {seed}: {} against {}",
                batched.modularity,
                sequential.modularity
            );
            let found = agreement(&batched.membership, &planted);
            assert!(found.nmi > 0.95, "seed {seed}: {found:?}");
            assert!((batched.modularity - modularity(&g, &batched.membership, 1.0)).abs() < 1e-12);
        }
    }

    #[test]
    fn the_parallel_greedy_refinement_is_the_sequential_one() {
        let (g, _) = planted_groups();
        let mut level = Level::from_graph(&g);
        let mut mover = Mover::new(level.len());
        for seed in 0..4 {
            // level 0, then the aggregate of the refined partition (self-loops, weights summed)
            for depth in 0..2 {
                let mut rng = Rng(seed);
                let mut community: Vec<u32> = (0..level.len() as u32).collect();
                move_nodes(&level, &mut community, 1.0, &mut rng, &mut mover);
                let count = compact(&mut community);
                let mut sequential_rng = rng.clone();
                let sequential = refine(
                    &level,
                    &community,
                    1.0,
                    false,
                    &mut sequential_rng,
                    &mut mover,
                );
                let mut order: Vec<u32> = (0..level.len() as u32).collect();
                rng.shuffle(&mut order);
                let parallel = in_pool(2, || {
                    greedy_refine::refine_greedy_parallel(&level, &community, count, 1.0, &order)
                });
                assert_eq!(sequential, parallel, "seed {seed} depth {depth}");
                assert!(sequential.1 < level.len(), "some node merged");
                if depth == 0 {
                    level = level.aggregate(&sequential.0, sequential.1);
                }
            }
            level = Level::from_graph(&g);
        }
    }

    #[test]
    fn runs_follow_the_size() {
        assert_eq!(runs_for(0), MAX_RUNS);
        assert_eq!(runs_for(74), MAX_RUNS); // 27 people, 37 ties
        assert_eq!(runs_for(2_048), MAX_RUNS);
        assert_eq!(runs_for(32_128), 4); // email-eu-core: the 4 runs of before
        assert_eq!(runs_for(722_480), MIN_RUNS); // the medium organisation
    }

    #[test]
    fn agreement_by_hand() {
        let same = agreement(&[0, 0, 1, 1], &[5, 5, 7, 7]);
        assert!((same.nmi - 1.0).abs() < 1e-12 && (same.ari - 1.0).abs() < 1e-12);
        // sklearn: adjusted_rand_score([0,0,1,1],[0,1,0,1]) = -0.5, NMI = 0
        let cross = agreement(&[0, 0, 1, 1], &[0, 1, 0, 1]);
        assert!((cross.ari + 0.5).abs() < 1e-12, "{cross:?}");
        assert!(cross.nmi.abs() < 1e-12);
        // sklearn: labels [0,0,0,1,1,1] vs [0,0,1,1,2,2]: ARI 0.24242424242424246,
        // NMI 0.5158037429793889
        let partial = agreement(&[0, 0, 0, 1, 1, 1], &[0, 0, 1, 1, 2, 2]);
        assert!(
            (partial.ari - 0.24242424242424246).abs() < 1e-12,
            "{partial:?}"
        );
        assert!(
            (partial.nmi - 0.5158037429793889).abs() < 1e-12,
            "{partial:?}"
        );
    }
}

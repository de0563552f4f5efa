//! The employee interaction graph: one node per person of the directory (isolated ones
//! included), one undirected tie per pair that exchanged, weighted by the sum of both directions;
//! the directed weights are kept. Stored as a petgraph [`Csr`] with `u32` node ids whose
//! adjacency entries carry the path length 1/weight, plus the tie index of each entry in a
//! parallel array, so that each analysis streams only the arrays it needs.

use petgraph::Undirected;
use petgraph::csr::Csr;
use rayon::prelude::*;

use crate::graph::exact::Shares;
use crate::graph::weighting::TieAccumulator;

/// One undirected tie, `source < target` (person indexes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tie {
    /// The person with the lower index.
    pub source: u32,
    /// The person with the higher index.
    pub target: u32,
    /// w(source, target) = w(source→target) + w(target→source), rounded once.
    pub weight: f64,
    /// w(source→target).
    pub forward: f64,
    /// w(target→source).
    pub backward: f64,
}

/// The weighted undirected interaction graph with directed weights kept.
#[derive(Debug, Clone)]
pub struct InteractionGraph {
    csr: Csr<(), f64, Undirected, u32>,
    /// Start of each person's adjacency entries (n + 1 offsets).
    offsets: Vec<usize>,
    /// Tie index of each adjacency entry, aligned with the CSR's entries.
    tie_ids: Vec<u32>,
    ties: Vec<Tie>,
    strength: Vec<f64>,
    in_strength: Vec<f64>,
    out_strength: Vec<f64>,
    total_weight: f64,
    /// The exact directed sums of each tie (forward, backward) and their unit, when the graph
    /// was built from messages, so that sums over many ties (a department's weight, a flow)
    /// are exact too and rounded once.
    exact: Option<(Vec<(u128, u128)>, Shares)>,
}

/// A sum of tie weights: exact (integer units, rounded once at the end) when the graph keeps
/// its exact weights, else a float sum in the order of the calls.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WeightSum {
    units: u128,
    float: f64,
}

/// Which weight of a tie a [`WeightSum`] adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Both directions.
    Both,
    /// source → target.
    Forward,
    /// target → source.
    Backward,
}

impl InteractionGraph {
    /// Builds the graph of `people` nodes from accumulated ties. Strengths and the total weight
    /// are exact sums rounded once. O(n + m log m).
    pub fn build(people: usize, accumulator: TieAccumulator) -> InteractionGraph {
        let (sums, shares, _) = accumulator.into_sorted();
        // the conversions to the nearest f64 are the costly part: in parallel, in order
        let ties: Vec<Tie> = sums
            .par_iter()
            .map(|&(s, t, fwd, bwd)| Tie {
                source: s,
                target: t,
                weight: shares.to_f64(fwd + bwd),
                forward: shares.to_f64(fwd),
                backward: shares.to_f64(bwd),
            })
            .collect();
        let mut strength = vec![0u128; people];
        let mut in_strength = vec![0u128; people];
        let mut out_strength = vec![0u128; people];
        let mut total = 0u128;
        for &(s, t, fwd, bwd) in &sums {
            let (su, tu) = (s as usize, t as usize);
            strength[su] += fwd + bwd;
            strength[tu] += fwd + bwd;
            out_strength[su] += fwd;
            in_strength[tu] += fwd;
            out_strength[tu] += bwd;
            in_strength[su] += bwd;
            total += fwd + bwd;
        }
        let round = |v: Vec<u128>| {
            v.into_iter()
                .map(|x| shares.to_f64(x))
                .collect::<Vec<f64>>()
        };
        let (csr, offsets, tie_ids) = csr_from_sorted_ties(people, &ties);
        let exact: Vec<(u128, u128)> = sums.iter().map(|&(_, _, f, b)| (f, b)).collect();
        InteractionGraph {
            csr,
            offsets,
            tie_ids,
            ties,
            strength: round(strength),
            in_strength: round(in_strength),
            out_strength: round(out_strength),
            total_weight: shares.to_f64(total),
            exact: Some((exact, shares)),
        }
    }

    /// Builds a graph from weighted undirected ties given directly (pre-aggregated ties, tests).
    /// Pairs are sorted and merged (weights of a repeated pair added); self-loops and
    /// non-positive weights are skipped. Directed weights are taken as all forward.
    pub fn from_weighted_ties(people: usize, edges: &[(u32, u32, f64)]) -> InteractionGraph {
        let mut pairs: Vec<(u32, u32, f64)> = edges
            .iter()
            .filter(|e| e.0 != e.1 && e.2 > 0.0 && e.2.is_finite())
            .map(|&(a, b, w)| (a.min(b), a.max(b), w))
            .collect();
        pairs.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(a.2.total_cmp(&b.2)));
        let mut ties: Vec<Tie> = Vec::with_capacity(pairs.len());
        for (s, t, w) in pairs {
            match ties.last_mut() {
                Some(last) if last.source == s && last.target == t => {
                    last.weight += w;
                    last.forward += w;
                }
                _ => ties.push(Tie {
                    source: s,
                    target: t,
                    weight: w,
                    forward: w,
                    backward: 0.0,
                }),
            }
        }
        let mut strength = vec![0.0; people];
        let mut in_strength = vec![0.0; people];
        let mut out_strength = vec![0.0; people];
        for t in &ties {
            strength[t.source as usize] += t.weight;
            strength[t.target as usize] += t.weight;
            out_strength[t.source as usize] += t.forward;
            in_strength[t.target as usize] += t.forward;
        }
        let (csr, offsets, tie_ids) = csr_from_sorted_ties(people, &ties);
        InteractionGraph {
            csr,
            offsets,
            tie_ids,
            total_weight: ties.iter().map(|t| t.weight).sum(),
            ties,
            strength,
            in_strength,
            out_strength,
            exact: None,
        }
    }

    /// Adds `part` of tie `tie` (an index into [`InteractionGraph::ties`]) to `sum`.
    pub fn add_to(&self, sum: &mut WeightSum, tie: usize, part: Part) {
        match &self.exact {
            Some((units, _)) => {
                let (f, b) = units[tie];
                sum.units += match part {
                    Part::Both => f + b,
                    Part::Forward => f,
                    Part::Backward => b,
                };
            }
            None => {
                let t = &self.ties[tie];
                sum.float += match part {
                    Part::Both => t.weight,
                    Part::Forward => t.forward,
                    Part::Backward => t.backward,
                };
            }
        }
    }

    /// The value of a sum, rounded once.
    pub fn value(&self, sum: &WeightSum) -> f64 {
        match &self.exact {
            Some((_, shares)) => shares.to_f64(sum.units),
            None => sum.float,
        }
    }

    /// Number of people (nodes).
    pub fn node_count(&self) -> usize {
        self.strength.len()
    }

    /// Number of undirected ties.
    pub fn tie_count(&self) -> usize {
        self.ties.len()
    }

    /// The ties, sorted by (source, target).
    pub fn ties(&self) -> &[Tie] {
        &self.ties
    }

    /// The petgraph CSR: both directions of every tie, rows sorted, entries carrying the path
    /// length 1/weight.
    pub fn csr(&self) -> &Csr<(), f64, Undirected, u32> {
        &self.csr
    }

    /// Neighbours of `v`, sorted.
    #[inline]
    pub fn neighbors(&self, v: u32) -> &[u32] {
        self.csr.neighbors_slice(v)
    }

    /// Path lengths (1/weight) of `v`'s ties, aligned with [`InteractionGraph::neighbors`].
    #[inline]
    pub fn lengths(&self, v: u32) -> &[f64] {
        self.csr.edges_slice(v)
    }

    /// Position of `v`'s first adjacency entry among all `2m` entries (rows are contiguous).
    #[inline]
    pub fn first_entry(&self, v: u32) -> usize {
        self.offsets[v as usize]
    }

    /// Tie index of every adjacency entry, row after row (`2m` entries).
    pub fn entry_ties(&self) -> &[u32] {
        &self.tie_ids
    }

    /// Tie indexes of `v`'s ties, aligned with [`InteractionGraph::neighbors`].
    #[inline]
    pub fn tie_ids(&self, v: u32) -> &[u32] {
        let v = v as usize;
        &self.tie_ids[self.offsets[v]..self.offsets[v + 1]]
    }

    /// Number of ties of `v`.
    pub fn degree(&self, v: u32) -> usize {
        self.neighbors(v).len()
    }

    /// Sum of the weights of `v`'s ties.
    pub fn strength(&self) -> &[f64] {
        &self.strength
    }

    /// Weight received by each person.
    pub fn in_strength(&self) -> &[f64] {
        &self.in_strength
    }

    /// Weight sent by each person.
    pub fn out_strength(&self) -> &[f64] {
        &self.out_strength
    }

    /// Sum of all tie weights.
    pub fn total_weight(&self) -> f64 {
        self.total_weight
    }
}

/// Rows come out sorted without a sort: walking ties in (source, target) order, row x first
/// receives its lower neighbours (ties (y, x), y < x, met while the source is y) and then its
/// higher ones in increasing order. Returns the CSR, the row offsets and the tie index of each
/// entry. O(n + m).
fn csr_from_sorted_ties(
    people: usize,
    ties: &[Tie],
) -> (Csr<(), f64, Undirected, u32>, Vec<usize>, Vec<u32>) {
    let mut offsets = vec![0usize; people + 1];
    for t in ties {
        offsets[t.source as usize + 1] += 1;
        offsets[t.target as usize + 1] += 1;
    }
    for v in 0..people {
        offsets[v + 1] += offsets[v];
    }
    let entries = 2 * ties.len();
    let mut fill = offsets.clone();
    let mut targets = vec![0u32; entries];
    let mut lengths = vec![0.0f64; entries];
    let mut tie_ids = vec![0u32; entries];
    for (i, t) in ties.iter().enumerate() {
        let length = 1.0 / t.weight;
        for (from, to) in [(t.source, t.target), (t.target, t.source)] {
            let slot = fill[from as usize];
            fill[from as usize] += 1;
            targets[slot] = to;
            lengths[slot] = length;
            tie_ids[slot] = i as u32;
        }
    }
    let mut edges: Vec<(u32, u32, f64)> = Vec::with_capacity(entries);
    for v in 0..people {
        for slot in offsets[v]..offsets[v + 1] {
            edges.push((v as u32, targets[slot], lengths[slot]));
        }
    }
    let mut csr = Csr::from_sorted_edges(&edges).expect("invariant: rows are built sorted");
    while csr.node_count() < people {
        csr.add_node(());
    }
    (csr, offsets, tie_ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::weighting::Weighting;
    use crate::ingest::{Message, Sender};

    fn msg(s: u32, r: &[u32], k: usize) -> Message<'_> {
        Message {
            timestamp: None,
            sender: Sender::Person(s),
            recipients: r,
            recipient_count: k,
            no_recipient_listed: false,
            channel: "email",
        }
    }

    #[test]
    fn one_over_k_and_both_directions() {
        let mut acc = TieAccumulator::new(Weighting::default());
        acc.add(&msg(0, &[1, 2], 3)); // a third recipient is external
        acc.add(&msg(1, &[0], 1));
        acc.add(&msg(2, &[], 0)); // self-message
        let g = InteractionGraph::build(4, acc);
        assert_eq!(g.node_count(), 4);
        assert_eq!(g.tie_count(), 2);
        let t = g.ties()[0];
        assert_eq!((t.source, t.target), (0, 1));
        assert_eq!(t.forward, 1.0 / 3.0);
        assert_eq!(t.backward, 1.0);
        assert_eq!(t.weight, 4.0 / 3.0);
        assert_eq!(g.neighbors(0).len(), 2);
        assert_eq!(g.degree(3), 0);
        assert_eq!(g.out_strength()[0], 2.0 / 3.0);
        assert_eq!(g.in_strength()[0], 1.0);
        assert_eq!(g.strength()[0], 5.0 / 3.0);
        assert_eq!(g.lengths(1)[0], 0.75);
        assert_eq!(g.tie_ids(1), [0]);
        assert_eq!(g.tie_ids(0), [0, 1]);
    }

    #[test]
    fn broadcasts_are_left_out() {
        let mut acc = TieAccumulator::new(Weighting {
            max_recipients: 2,
            ..Weighting::default()
        });
        acc.add(&msg(0, &[1, 2, 3], 3));
        assert_eq!(acc.counts().broadcasts, 1);
        assert_eq!(acc.tie_count(), 0);
    }
}

//! Through whom a flow between two departments goes: for every pair of departments (A, B), the
//! share of the shortest paths (by hops) between people of A and people of B that pass through
//! each person x (x ≠ s, t):
//!
//!   share_AB(x) = 1 / (|A|·|B|) · Σ_{s∈A, t∈B} σ_st(x) / σ_st.
//!
//! One BFS per source s ∈ A gives, in one backward pass, the dependency on every target
//! department at once (Brandes 2008's endpoint-restricted accumulation, a vector per person):
//! δ^B_s(v) = Σ_w σ_sv/σ_sw (1[g(w) = B] + δ^B_s(w)). Only sources of the lower department of
//! each pair are needed. Exact cost O(n·m·D) for D departments; above [`EXACT_WORK_LIMIT`] each
//! department contributes a fixed-size sample of its members as sources (the first ones in a
//! seeded shuffle), and the shares are estimates whose error is bounded by Hoeffding's
//! inequality: each source's contribution lies in [0, 1], so with k sources per department,
//! |estimate − share| ≤ √(ln(2/α) / 2k) with probability 1 − α (α = 0.05 here).
//! When the budget affords so few sources that this bound is wider than [`MAX_ERROR_BOUND`]
//! (±1.36 with one source per department, on a 50,000-person organisation of 80
//! departments), the shares would say nothing: the pairs are left out, and the caller says so.
//! Departments run in parallel, each summing its sources in order: the same bits for any
//! number of threads.

use rayon::prelude::*;

use crate::analyze::betweenness::{UNSEEN, count_shortest_paths};
use crate::graph::InteractionGraph;

/// Above this much work (people × adjacency entries × departments), sources are sampled, with
/// as many per department as this budget allows. Measured on the 2-core machine:
/// email-eu-core (1,005 × 32,128 × 42 = 1.4e9) is exact in 0.3 s; the medium generated
/// organisation (10,000 × 722,480 × 40 = 2.9e11) samples 25 people per department (bound ±0.27
/// at 95%) in about 5 s, a quarter of its exact betweenness.
pub const EXACT_WORK_LIMIT: u64 = 30_000_000_000;
/// People kept per pair, by decreasing share.
pub const TOP: usize = 5;
/// Risk of the stated error bound.
pub const ALPHA: f64 = 0.05;
/// The widest error bound worth reporting: above it the pairs are left out (shares lie in
/// [0, 1]; the medium generated organisation's 25 sources per department give ±0.27).
pub const MAX_ERROR_BOUND: f64 = 0.3;

/// The people carrying most of the paths between two departments.
#[derive(Debug, Clone, PartialEq)]
pub struct PairBrokers {
    /// Department a (a < b).
    pub a: u32,
    /// Department b.
    pub b: u32,
    /// (person, share of the A↔B shortest paths through them), by decreasing share.
    pub top: Vec<(u32, f64)>,
}

/// All pairs, and how they were computed.
#[derive(Debug, Clone, PartialEq)]
pub struct DepartmentBrokers {
    /// Pairs a < b with at least one path between them.
    pub pairs: Vec<PairBrokers>,
    /// Sources per department when sampled (`None` when exact).
    pub sampled_sources: Option<usize>,
    /// The error bound of every share when sampled (probability 1 − [`ALPHA`]).
    pub error_bound: Option<f64>,
    /// The affordable sample's bound was wider than [`MAX_ERROR_BOUND`]: no pair computed.
    pub left_out: bool,
}

/// Computes the brokers of every pair of departments. `department[v]` in 0..count. Exact up
/// to [`EXACT_WORK_LIMIT`], sampled above, left out when the sample's bound would be wider
/// than [`MAX_ERROR_BOUND`].
///
/// # Complexity
/// O(k·m·D) for k sources (n when exact, at most [`EXACT_WORK_LIMIT`] / m·D when sampled),
/// O(n·D) space per worker.
pub fn department_brokers(
    g: &InteractionGraph,
    department: &[u32],
    count: usize,
    seed: u64,
) -> DepartmentBrokers {
    department_brokers_within(g, department, count, seed, EXACT_WORK_LIMIT)
}

fn department_brokers_within(
    g: &InteractionGraph,
    department: &[u32],
    count: usize,
    seed: u64,
    work_limit: u64,
) -> DepartmentBrokers {
    let n = g.node_count();
    let entries = 2 * g.tie_count() as u64;
    let work = n as u64 * entries.max(1) * count as u64;
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); count];
    for (v, &d) in department.iter().enumerate() {
        members[d as usize].push(v as u32);
    }
    let bound_of = |k: usize| ((2.0 / ALPHA).ln() / (2.0 * k as f64)).sqrt();
    let sampled = if work > work_limit {
        let per_department =
            (work_limit / (count as u64 * entries.max(1) * count as u64)).max(1) as usize;
        if bound_of(per_department) > MAX_ERROR_BOUND {
            return DepartmentBrokers {
                pairs: Vec::new(),
                sampled_sources: Some(per_department),
                error_bound: Some(bound_of(per_department)),
                left_out: true,
            };
        }
        let mut state = seed ^ 0x5EED_B40C_E25A_11CE;
        for list in members.iter_mut() {
            // a seeded Fisher-Yates, then keep the first ones
            for i in (1..list.len()).rev() {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let j = ((state >> 33) as usize) % (i + 1);
                list.swap(i, j);
            }
            list.truncate(per_department);
            list.sort_unstable();
        }
        Some(per_department)
    } else {
        None
    };
    let headcount: Vec<usize> = {
        let mut h = vec![0; count];
        for &d in department {
            h[d as usize] += 1;
        }
        h
    };
    let per_department: Vec<Vec<PairBrokers>> = (0..count)
        .into_par_iter()
        .map(|a| {
            if members[a].is_empty() || a + 1 >= count {
                return Vec::new();
            }
            let acc = accumulate(g, department, count, &members[a]);
            let scale_sources = headcount[a] as f64 / members[a].len() as f64;
            (a + 1..count)
                .filter(|&b| headcount[b] > 0)
                .filter_map(|b| {
                    let norm = scale_sources / (headcount[a] as f64 * headcount[b] as f64);
                    let mut top: Vec<(u32, f64)> = (0..n)
                        .map(|v| (v as u32, acc[v * count + b] * norm))
                        .filter(|&(_, x)| x > 0.0)
                        .collect();
                    if top.is_empty() {
                        return None;
                    }
                    top.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
                    top.truncate(TOP);
                    Some(PairBrokers {
                        a: a as u32,
                        b: b as u32,
                        top,
                    })
                })
                .collect()
        })
        .collect();
    DepartmentBrokers {
        pairs: per_department.into_iter().flatten().collect(),
        sampled_sources: sampled,
        error_bound: sampled.map(bound_of),
        left_out: false,
    }
}

/// Σ over `sources` of δ^B_s(v), as a person-major matrix n × count.
fn accumulate(g: &InteractionGraph, department: &[u32], count: usize, sources: &[u32]) -> Vec<f64> {
    let n = g.node_count();
    let mut acc = vec![0.0; n * count];
    let mut coef = vec![0.0; n * count]; // (1[g(w) = B] + δ^B(w)) / σ(w)
    let mut dist = vec![UNSEEN; n];
    let mut sigma = vec![0.0; n];
    let mut order: Vec<u32> = Vec::with_capacity(n);
    let mut row = vec![0.0; count];
    for &s in sources {
        count_shortest_paths(g, s, &mut dist, &mut sigma, &mut order);
        for &v in order.iter().rev() {
            let vi = v as usize;
            let next = dist[vi] + 1;
            row.iter_mut().for_each(|x| *x = 0.0);
            for &w in g.neighbors(v) {
                let wi = w as usize;
                if dist[wi] == next {
                    for (r, c) in row.iter_mut().zip(&coef[wi * count..(wi + 1) * count]) {
                        *r += c;
                    }
                }
            }
            let sv = sigma[vi];
            let own = department[vi] as usize;
            let target = &mut coef[vi * count..(vi + 1) * count];
            if v != s {
                for (a, r) in acc[vi * count..(vi + 1) * count].iter_mut().zip(&row) {
                    *a += sv * r;
                }
            }
            for (b, (t, r)) in target.iter_mut().zip(&row).enumerate() {
                let endpoint = if b == own { 1.0 } else { 0.0 };
                *t = (endpoint + sv * r) / sv;
            }
        }
        for &v in &order {
            dist[v as usize] = UNSEEN;
            sigma[v as usize] = 0.0;
        }
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_too_small_to_say_anything_is_left_out() {
        // two departments of 50 people on a path: exact work 100 × 198 × 2 = 39,600
        let ties: Vec<(u32, u32, f64)> = (0..99).map(|v| (v, v + 1, 1.0)).collect();
        let g = InteractionGraph::from_weighted_ties(100, &ties);
        let department: Vec<u32> = (0..100).map(|v| u32::from(v >= 50)).collect();
        let per_source = 198 * 2 * 2;
        // 21 sources per department: ±0.296, reported
        let kept = department_brokers_within(&g, &department, 2, 7, 21 * per_source);
        assert_eq!((kept.sampled_sources, kept.left_out), (Some(21), false));
        assert!(kept.error_bound.unwrap() <= MAX_ERROR_BOUND && !kept.pairs.is_empty());
        // 20 sources: ±0.304, left out
        let left = department_brokers_within(&g, &department, 2, 7, 20 * per_source);
        assert_eq!((left.sampled_sources, left.left_out), (Some(20), true));
        assert!(left.pairs.is_empty() && left.error_bound.unwrap() > MAX_ERROR_BOUND);
    }

    #[test]
    fn the_only_link_carries_every_path() {
        // A = {0, 1}, B = {3, 4}; everything goes through 2 (department C)
        let g = InteractionGraph::from_weighted_ties(
            5,
            &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 4, 1.0)],
        );
        let d = department_brokers(&g, &[0, 0, 2, 1, 1], 3, 1);
        let ab = d.pairs.iter().find(|p| (p.a, p.b) == (0, 1)).unwrap();
        // through 2: all 4 pairs; through 1: pairs (0,3), (0,4) = 2 of 4; through 3: (0,4), (1,4)
        assert_eq!(ab.top[0], (2, 1.0));
        assert!(ab.top.contains(&(1, 0.5)) && ab.top.contains(&(3, 0.5)));
        assert_eq!(d.sampled_sources, None);
    }

    #[test]
    fn two_equal_routes_share_the_paths() {
        // A = {0}, B = {3}; routes 0-1-3 and 0-2-3
        let g = InteractionGraph::from_weighted_ties(
            4,
            &[(0, 1, 1.0), (1, 3, 1.0), (0, 2, 1.0), (2, 3, 1.0)],
        );
        let d = department_brokers(&g, &[0, 2, 2, 1], 3, 1);
        let ab = d.pairs.iter().find(|p| (p.a, p.b) == (0, 1)).unwrap();
        assert_eq!(ab.top, vec![(1, 0.5), (2, 0.5)]);
    }
}

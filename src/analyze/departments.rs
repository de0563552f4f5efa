//! Department-level measures: who exchanges with whom, and who lives in a silo.
//!
//! - E-I index (Krackhardt & Stern 1988): (E − I) / (E + I), on tie weights and on tie counts;
//!   −1 is a closed silo, +1 a department that only looks outward; undefined without any tie.
//!   A cross-department tie counts as external for both of its departments.
//! - Participation coefficient (Guimerà & Amaral 2005, Nature 433:895): P_i = 1 − Σ_d (k_id/k_i)²
//!   from unweighted neighbour counts; 0 for an isolated person.
//! - Modularity of the department partition (Newman 2006, PNAS 103:8577), weighted, γ = 1:
//!   Q = Σ_d [ I_d / W − (S_d / 2W)² ], I_d internal weight, S_d the departments' strength,
//!   W the total weight.
//! - Flows for every unordered pair (a ≤ b): weight a→b, b→a, their sum, tie count, and the sum
//!   over the possible pairs of people (n_a·n_b, or n_a(n_a−1)/2 inside a department).
//!
//! All in O(n + m + D²).
//!
//! With a directory of snapshots, [`with_attributed_weights`] replaces the weights (and what
//! is computed from them: E-I on weights, flows, normalized flows, modularity) by those of the
//! flows attributed message by message to each person's department as of the message's date;
//! the tie counts, boundary spanners, isolated people and participation stay those of the
//! people, each in their department at the end of the period.

use crate::graph::{InteractionGraph, Part, PeriodFlows, WeightSum};

/// Measures of one department.
#[derive(Debug, Clone, PartialEq)]
pub struct DepartmentStats {
    /// People in the directory.
    pub headcount: usize,
    /// Weight of ties inside the department.
    pub internal_weight: f64,
    /// Weight of ties with other departments.
    pub external_weight: f64,
    /// Ties inside the department.
    pub internal_ties: usize,
    /// Ties with other departments.
    pub external_ties: usize,
    /// Members with at least one tie to another department (boundary spanners).
    pub boundary_spanners: usize,
    /// Members with no tie at all.
    pub isolated: usize,
}

impl DepartmentStats {
    /// E-I index on weights; `None` without any tie.
    pub fn ei_index_weight(&self) -> Option<f64> {
        ei(self.external_weight, self.internal_weight)
    }
    /// E-I index on tie counts; `None` without any tie.
    pub fn ei_index_ties(&self) -> Option<f64> {
        ei(self.external_ties as f64, self.internal_ties as f64)
    }
    /// Internal ties over possible pairs of members; `None` under two members.
    pub fn density(&self) -> Option<f64> {
        let n = self.headcount as f64;
        (self.headcount > 1).then(|| self.internal_ties as f64 / (n * (n - 1.0) / 2.0))
    }
}

fn ei(external: f64, internal: f64) -> Option<f64> {
    (external + internal > 0.0).then(|| (external - internal) / (external + internal))
}

/// Flow between departments a ≤ b.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    /// Department index a.
    pub a: u32,
    /// Department index b (a ≤ b).
    pub b: u32,
    /// Weight sent from a to b (inside a department: all its weight).
    pub a_to_b: f64,
    /// Weight sent from b to a (inside a department: `None`, the same flow).
    pub b_to_a: Option<f64>,
    /// Undirected weight between them.
    pub weight: f64,
    /// Number of ties between them.
    pub ties: usize,
    /// `weight` over the possible pairs of people; `None` when there is no possible pair.
    pub normalized: Option<f64>,
}

/// Department measures, flows, participation and modularity.
#[derive(Debug, Clone, PartialEq)]
pub struct Departments {
    /// Per department (sorted by name, as in the directory).
    pub stats: Vec<DepartmentStats>,
    /// All pairs a ≤ b, in (a, b) order.
    pub flows: Vec<Flow>,
    /// Participation coefficient per person.
    pub participation: Vec<f64>,
    /// Per person: number of ties to other departments.
    pub external_ties_of_person: Vec<u32>,
    /// Modularity of the department partition.
    pub modularity: f64,
}

/// Computes the department measures. `department[v]` is the department index of person v,
/// `count` the number of departments.
pub fn departments(g: &InteractionGraph, department: &[u32], count: usize) -> Departments {
    let n = g.node_count();
    let mut stats = vec![
        DepartmentStats {
            headcount: 0,
            internal_weight: 0.0,
            external_weight: 0.0,
            internal_ties: 0,
            external_ties: 0,
            boundary_spanners: 0,
            isolated: 0,
        };
        count
    ];
    let mut strength_of = vec![0.0; count];
    for (v, &d) in department.iter().enumerate().take(n) {
        let d = d as usize;
        stats[d].headcount += 1;
        strength_of[d] += g.strength()[v];
        if g.degree(v as u32) == 0 {
            stats[d].isolated += 1;
        }
    }
    let pair = |a: usize, b: usize| a * count + b;
    // sums of tie weights are exact (integer units rounded once) so that a department's
    // weight prints as the sum of its ties, whatever their order
    let mut directed = vec![WeightSum::default(); count * count];
    let mut undirected = vec![WeightSum::default(); count * count];
    let mut internal = vec![WeightSum::default(); count];
    let mut external = vec![WeightSum::default(); count];
    let mut tie_counts = vec![0usize; count * count];
    let mut external_ties_of_person = vec![0u32; n];
    for (i, t) in g.ties().iter().enumerate() {
        let (ds, dt) = (
            department[t.source as usize] as usize,
            department[t.target as usize] as usize,
        );
        g.add_to(&mut directed[pair(ds, dt)], i, Part::Forward);
        g.add_to(&mut directed[pair(dt, ds)], i, Part::Backward);
        let (lo, hi) = (ds.min(dt), ds.max(dt));
        g.add_to(&mut undirected[pair(lo, hi)], i, Part::Both);
        tie_counts[pair(lo, hi)] += 1;
        if ds == dt {
            g.add_to(&mut internal[ds], i, Part::Both);
            stats[ds].internal_ties += 1;
        } else {
            for d in [ds, dt] {
                g.add_to(&mut external[d], i, Part::Both);
                stats[d].external_ties += 1;
            }
            external_ties_of_person[t.source as usize] += 1;
            external_ties_of_person[t.target as usize] += 1;
        }
    }
    for d in 0..count {
        stats[d].internal_weight = g.value(&internal[d]);
        stats[d].external_weight = g.value(&external[d]);
    }
    for (v, &ties) in external_ties_of_person.iter().enumerate() {
        if ties > 0 {
            stats[department[v] as usize].boundary_spanners += 1;
        }
    }

    let mut flows = Vec::with_capacity(count * (count + 1) / 2);
    for a in 0..count {
        for b in a..count {
            let (na, nb) = (stats[a].headcount as f64, stats[b].headcount as f64);
            let possible = if a == b {
                na * (na - 1.0) / 2.0
            } else {
                na * nb
            };
            let weight = g.value(&undirected[pair(a, b)]);
            flows.push(Flow {
                a: a as u32,
                b: b as u32,
                a_to_b: if a == b {
                    weight
                } else {
                    g.value(&directed[pair(a, b)])
                },
                b_to_a: (a != b).then(|| g.value(&directed[pair(b, a)])),
                weight,
                ties: tie_counts[pair(a, b)],
                normalized: (possible > 0.0).then(|| weight / possible),
            });
        }
    }

    let participation = (0..n as u32)
        .map(|v| {
            let neighbors = g.neighbors(v);
            if neighbors.is_empty() {
                return 0.0;
            }
            let mut per: Vec<u32> = neighbors.iter().map(|&w| department[w as usize]).collect();
            per.sort_unstable();
            let k = neighbors.len() as f64;
            let mut sum = 0.0;
            let mut i = 0;
            while i < per.len() {
                let j = per[i..].iter().take_while(|&&d| d == per[i]).count();
                sum += (j as f64 / k).powi(2);
                i += j;
            }
            1.0 - sum
        })
        .collect();

    let total = g.total_weight();
    let modularity = if total > 0.0 {
        (0..count)
            .map(|d| stats[d].internal_weight / total - (strength_of[d] / (2.0 * total)).powi(2))
            .sum()
    } else {
        0.0
    };
    Departments {
        stats,
        flows,
        participation,
        external_ties_of_person,
        modularity,
    }
}

/// `d` (computed by [`departments`] from the ties and each person's department at the end of
/// the period) with the weights of `flows`, the directed flows between the same departments
/// attributed message by message (`M[a][b]` the weight from a to b, summed over the period):
/// internal weight I_d = M[d][d], external weight E_d = Σ_{e≠d} (M[d][e] + M[e][d]); for each
/// pair a < b, a→b = M[a][b], b→a = M[b][a], weight = M[a][b] + M[b][a] (inside a department,
/// M[d][d]), normalized = weight over the possible pairs of the (end-of-period) headcounts;
/// modularity Q = Σ_d [I_d / W − (S_d / 2W)²] with S_d = 2 I_d + E_d and W = Σ_{a,b} M[a][b].
/// Sums are exact (one rounding each). Headcounts, tie counts, density, boundary spanners,
/// isolated people and participation are kept from `d`. When every directed flow is the
/// ties' (no move changed a message's departments), `d` is returned as it is, modularity
/// included, so that snapshots without a move give the figures of a directory without dates.
/// `flows.groups` must be `d.stats.len()`. O(D²).
pub fn with_attributed_weights(d: &Departments, flows: &PeriodFlows) -> Departments {
    let count = d.stats.len();
    debug_assert_eq!(flows.groups, count);
    let at = |a: usize, b: usize| flows.units(a, b);
    let unchanged = d.flows.iter().all(|f| {
        let (a, b) = (f.a as usize, f.b as usize);
        f.a_to_b == flows.weight(a, b) && f.b_to_a.is_none_or(|w| w == flows.weight(b, a))
    });
    if unchanged {
        return d.clone();
    }
    let mut out = d.clone();
    let mut total = 0u128;
    let mut strength = Vec::with_capacity(count);
    for (a, stats) in out.stats.iter_mut().enumerate() {
        let internal = at(a, a);
        let external: u128 = (0..count)
            .filter(|&b| b != a)
            .map(|b| at(a, b) + at(b, a))
            .sum();
        stats.internal_weight = flows.value(internal);
        stats.external_weight = flows.value(external);
        strength.push(2 * internal + external);
        total += (0..count).map(|b| at(a, b)).sum::<u128>();
    }
    for f in &mut out.flows {
        let (a, b) = (f.a as usize, f.b as usize);
        let weight = if a == b {
            flows.value(at(a, a))
        } else {
            flows.value(at(a, b) + at(b, a))
        };
        f.a_to_b = if a == b {
            weight
        } else {
            flows.value(at(a, b))
        };
        f.b_to_a = (a != b).then(|| flows.value(at(b, a)));
        f.weight = weight;
        f.normalized = possible_pairs(&out.stats, a, b).map(|p| weight / p);
    }
    out.modularity = if total > 0 {
        let w = flows.value(total);
        (0..count)
            .map(|d| flows.value(at(d, d)) / w - (flows.value(strength[d]) / (2.0 * w)).powi(2))
            .sum()
    } else {
        0.0
    };
    out
}

/// [`with_attributed_weights`] for the reported groups (small departments merged): `flows`
/// between the true departments are folded into the groups first, `of_department[d]` being the
/// reported group of true department d among `grouped`'s. O(D² + G²).
pub fn with_attributed_group_weights(
    grouped: &Departments,
    flows: &PeriodFlows,
    of_department: &[u32],
) -> Departments {
    with_attributed_weights(grouped, &flows.folded(of_department, grouped.stats.len()))
}

/// The possible pairs of people between departments a and b (inside a department when equal),
/// from the headcounts: n_a·n_b, or n_a(n_a−1)/2; `None` when there is none.
fn possible_pairs(stats: &[DepartmentStats], a: usize, b: usize) -> Option<f64> {
    let (na, nb) = (stats[a].headcount as f64, stats[b].headcount as f64);
    let possible = if a == b {
        na * (na - 1.0) / 2.0
    } else {
        na * nb
    };
    (possible > 0.0).then_some(possible)
}

/// The department measures of flows between groups given directly (a Viva Insights
/// group-to-group query), with no people behind them: `flows[a * count + b]` is the directed
/// flow a → b in units of 10^-12, `of_group` maps each group to its reported group (merged
/// small groups, `None` when suppressed), `headcount` gives each reported group's size.
/// Weights, E-I on weights, flows and the modularity of the grouping are computed as for a
/// people graph (Q = Σ_d [w_dd / W − (s_d / 2W)²], s_d = 2 w_dd + external weight); tie
/// counts, density, participation and boundary spanners are unknown and left at zero, and the
/// report says so. O(count²).
pub fn departments_from_flows(
    flows: &[u128],
    count: usize,
    of_group: &[Option<u32>],
    headcount: &[usize],
) -> Departments {
    let reported = headcount.len();
    let mut directed = vec![0u128; reported * reported];
    for a in 0..count {
        for b in 0..count {
            if let (Some(ra), Some(rb)) = (of_group[a], of_group[b]) {
                directed[ra as usize * reported + rb as usize] += flows[a * count + b];
            }
        }
    }
    let shares = crate::graph::exact::Shares::for_tie_decimals();
    let value = |u: u128| shares.to_f64(u);
    let at = |a: usize, b: usize| directed[a * reported + b];
    let mut stats: Vec<DepartmentStats> = headcount
        .iter()
        .map(|&h| DepartmentStats {
            headcount: h,
            internal_weight: 0.0,
            external_weight: 0.0,
            internal_ties: 0,
            external_ties: 0,
            boundary_spanners: 0,
            isolated: 0,
        })
        .collect();
    let mut total = 0u128;
    let mut strength = vec![0u128; reported];
    for a in 0..reported {
        let internal = at(a, a);
        let external: u128 = (0..reported)
            .filter(|&b| b != a)
            .map(|b| at(a, b) + at(b, a))
            .sum();
        stats[a].internal_weight = value(internal);
        stats[a].external_weight = value(external);
        strength[a] = 2 * internal + external;
        total += internal
            + (0..reported)
                .filter(|&b| b > a)
                .map(|b| at(a, b) + at(b, a))
                .sum::<u128>();
    }
    let mut flows_out = Vec::with_capacity(reported * (reported + 1) / 2);
    for a in 0..reported {
        for b in a..reported {
            let (na, nb) = (headcount[a] as f64, headcount[b] as f64);
            let possible = if a == b {
                na * (na - 1.0) / 2.0
            } else {
                na * nb
            };
            let weight = if a == b {
                at(a, a)
            } else {
                at(a, b) + at(b, a)
            };
            let w = value(weight);
            flows_out.push(Flow {
                a: a as u32,
                b: b as u32,
                a_to_b: if a == b { w } else { value(at(a, b)) },
                b_to_a: (a != b).then(|| value(at(b, a))),
                weight: w,
                ties: 0,
                normalized: (possible > 0.0).then(|| w / possible),
            });
        }
    }
    let modularity = if total > 0 {
        let w = value(total);
        (0..reported)
            .map(|d| value(at(d, d)) / w - (value(strength[d]) / (2.0 * w)).powi(2))
            .sum()
    } else {
        0.0
    };
    Departments {
        stats,
        flows: flows_out,
        participation: Vec::new(),
        external_ties_of_person: Vec::new(),
        modularity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flows_between_groups_by_hand() {
        // groups F (0) and V (1); F→V 0.5, V→F 3.75, V→V 7, F→F 0.1; a third group merged
        // into V's report row does not exist here
        let u = 10u128.pow(12);
        let flows = [u / 10, u / 2, 3 * u + 3 * u / 4, 7 * u];
        let d = departments_from_flows(&flows, 2, &[Some(0), Some(1)], &[6, 12]);
        assert_eq!(d.stats[0].internal_weight, 0.1);
        assert_eq!(d.stats[0].external_weight, 4.25);
        assert_eq!(d.stats[1].internal_weight, 7.0);
        assert_eq!(d.flows[1].a_to_b, 0.5);
        assert_eq!(d.flows[1].b_to_a, Some(3.75));
        assert_eq!(d.flows[1].weight, 4.25);
        assert_eq!(d.flows[1].normalized, Some(4.25 / 72.0));
        // W = 0.1 + 4.25 + 7 = 11.35; s_F = 0.2 + 4.25, s_V = 14 + 4.25
        let w = 11.35f64;
        let q = (0.1 / w - (4.45 / (2.0 * w)).powi(2)) + (7.0 / w - (18.25 / (2.0 * w)).powi(2));
        assert!((d.modularity - q).abs() < 1e-12);
        assert_eq!(d.stats[0].ei_index_weight(), Some((4.25 - 0.1) / 4.35));
    }

    #[test]
    fn department_sums_are_exact_decimal_sums_of_the_ties() {
        use crate::graph::{TieAccumulator, Weighting};
        use crate::ingest::{Message, Sender};
        // person 0 writes three times to 1, 2, 3 and two outsiders (k = 5): each tie 0.6
        let mut acc = TieAccumulator::new(Weighting::default());
        for _ in 0..3 {
            acc.add(&Message {
                timestamp: None,
                sender: Sender::Person(0),
                recipients: &[1, 2, 3],
                recipient_count: 5,
                no_recipient_listed: false,
                channel: "email",
            });
        }
        let g = InteractionGraph::build(4, acc);
        let d = departments(&g, &[0, 0, 0, 0], 1);
        let float_sum: f64 = g.ties().iter().map(|t| t.weight).sum();
        assert_ne!(float_sum, 1.8, "the float sum has a tail");
        assert_eq!(d.stats[0].internal_weight, 1.8);
        assert_eq!(d.flows[0].weight, 1.8);
    }

    #[test]
    fn two_departments_by_hand() {
        // department 0: people 0,1,2 ; department 1: people 3,4
        // ties: 0-1 (w 2), 1-2 (w 1), 2-3 (w 1), 3-4 (w 3)
        let g = InteractionGraph::from_weighted_ties(
            5,
            &[(0, 1, 2.0), (1, 2, 1.0), (2, 3, 1.0), (3, 4, 3.0)],
        );
        let d = departments(&g, &[0, 0, 0, 1, 1], 2);
        let a = &d.stats[0];
        assert_eq!((a.headcount, a.internal_ties, a.external_ties), (3, 2, 1));
        assert_eq!(a.ei_index_weight(), Some((1.0 - 3.0) / 4.0));
        assert_eq!(a.ei_index_ties(), Some(-1.0 / 3.0));
        assert_eq!(a.boundary_spanners, 1);
        // person 2: neighbours 1 (dept 0) and 3 (dept 1) -> 1 - (1/4 + 1/4)
        assert_eq!(d.participation[2], 0.5);
        assert_eq!(d.participation[0], 0.0);
        // Q = (3/7 - (7/14)^2) + (3/7 - (7/14)^2), strengths: dept0 = 2+3+2 = 7, dept1 = 1+4+...
        let s0 = 2.0 + 3.0 + 2.0;
        let s1 = 4.0 + 3.0;
        let q = (3.0 / 7.0 - (s0 / 14.0f64).powi(2)) + (3.0 / 7.0 - (s1 / 14.0f64).powi(2));
        assert!((d.modularity - q).abs() < 1e-15);
        assert_eq!(d.flows.len(), 3);
        let cross = &d.flows[1];
        assert_eq!((cross.a, cross.b, cross.ties), (0, 1, 1));
        assert_eq!(cross.normalized, Some(1.0 / 6.0));
        assert_eq!(d.flows[2].normalized, Some(3.0));
    }

    /// The messages of the tests of the attributed weights: (t, sender, recipients).
    const JUL: i64 = 1_719_792_000; // 2024-07-01T00:00Z
    const MESSAGES: [(i64, u32, &[u32]); 5] = [
        (JUL - 10, 1, &[0]),
        (JUL - 5, 2, &[1, 3]),
        (JUL + 10, 1, &[0]),
        (JUL + 20, 0, &[1, 2, 3]),
        (JUL + 30, 3, &[2]),
    ];

    /// The graph of [`MESSAGES`] and their flows attributed as of each message's date in
    /// `directory`.
    fn attributed(
        directory: &crate::ingest::Directory,
    ) -> (InteractionGraph, crate::graph::PeriodFlows) {
        use crate::graph::{DailyCollector, GroupOf, TieAccumulator, Weighting};
        use crate::ingest::{Collector, Message};
        let mut acc = TieAccumulator::new(Weighting::default());
        let mut daily = DailyCollector::new(
            Weighting::default(),
            chrono_tz::UTC,
            GroupOf::Department,
            false,
        );
        daily.begin(directory);
        for (t, sender, recipients) in MESSAGES {
            let m = Message::email(Some(t), sender, recipients);
            acc.add(&m);
            daily.message(&m);
        }
        let g = InteractionGraph::build(directory.people().len(), acc);
        (g, daily.finish_attributed().total)
    }

    fn snapshots(rows: &[(&str, &str, i64)]) -> crate::ingest::Directory {
        let name = crate::error::InputName::Path("people.csv".into());
        crate::ingest::Directory::from_snapshots(&name, rows.iter().copied()).unwrap()
    }

    #[test]
    fn attributed_weights_without_a_move_are_the_ties_weights() {
        let jan = JUL - 86_400 * 180;
        let dir = snapshots(&[
            ("a", "A", jan),
            ("b", "A", jan),
            ("b", "A", JUL),
            ("c", "B", jan),
            ("d", "B", jan),
        ]);
        let (g, flows) = attributed(&dir);
        let d = departments(&g, &dir.department_of_each(), 2);
        assert_eq!(with_attributed_weights(&d, &flows), d);
        let folded = departments(&g, &[0, 0, 0, 0], 1);
        assert_eq!(
            with_attributed_group_weights(&folded, &flows, &[0, 0]),
            folded
        );
    }

    #[test]
    fn attributed_weights_follow_a_move_by_hand() {
        // b (1) is in A until 2024-07-01, then in B; a (0) in A, c (2) and d (3) in B
        let jan = JUL - 86_400 * 180;
        let dir = snapshots(&[
            ("a", "A", jan),
            ("b", "A", jan),
            ("b", "B", JUL),
            ("c", "B", jan),
            ("d", "B", jan),
        ]);
        let (g, flows) = attributed(&dir);
        // messages: b→a before (A→A 1); c→b, d before (B→A ½, B→B ½); b→a after (B→A 1);
        // a→b, c, d after (A→B 1); d→c (B→B 1)
        let end = dir.department_of_each_at(None);
        let d = with_attributed_weights(&departments(&g, &end, 2), &flows);
        assert_eq!(d.stats[0].internal_weight, 1.0);
        assert_eq!(d.stats[0].external_weight, 2.5);
        assert_eq!(d.stats[1].internal_weight, 1.5);
        assert_eq!(d.stats[1].external_weight, 2.5);
        let cross = &d.flows[1];
        assert_eq!(
            (cross.a_to_b, cross.b_to_a, cross.weight),
            (1.0, Some(1.5), 2.5)
        );
        // headcounts at the end: A 1, B 3; a A–B pair per (1 × 3)
        assert_eq!((d.stats[0].headcount, d.stats[1].headcount), (1, 3));
        assert_eq!(cross.normalized, Some(2.5 / 3.0));
        assert_eq!(d.flows[0].normalized, None);
        // the tie counts stay those of the people at the end: a–b is now across
        assert_eq!(cross.ties, departments(&g, &end, 2).flows[1].ties);
        // W = 5; S_A = 2 + 2.5, S_B = 3 + 2.5
        let q = (1.0 / 5.0 - (4.5f64 / 10.0).powi(2)) + (1.5 / 5.0 - (5.5f64 / 10.0).powi(2));
        assert!((d.modularity - q).abs() < 1e-15);
        // one reported group: every weight inside it, Q = 0
        let one = departments(&g, &[0, 0, 0, 0], 1);
        let folded = with_attributed_group_weights(&one, &flows, &[0, 0]);
        assert_eq!(folded.stats[0].internal_weight, 5.0);
        assert!(folded.modularity.abs() < 1e-15);
    }
}

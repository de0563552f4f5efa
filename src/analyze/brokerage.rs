//! Brokerage: who stands between others, and between departments.
//!
//! - **Brokerage roles**, Gould & Fernandez (1989), "Structures of mediation: a formal approach
//!   to brokerage in transaction networks", Sociological Methodology 19:89-126. On the directed
//!   tie graph (i→j when i sent j any weight > 0), j brokers every ordered triple of distinct
//!   people (i, j, k) with i→j, j→k and no i→k; the departments g(·) name the role:
//!   coordinator g(i) = g(j) = g(k); consultant (itinerant) g(i) = g(k) ≠ g(j); representative
//!   g(i) = g(j) ≠ g(k); gatekeeper g(j) = g(k) ≠ g(i); liaison all three different.
//! - **Constraint and effective size**, Burt (1992), *Structural Holes: The Social Structure of
//!   Competition*, Harvard University Press, on the undirected weighted graph, as NetworkX 3.6.1
//!   computes them (`nx.constraint`, `nx.effective_size` with `weight="weight"`). With
//!   p_ij = w_ij / Σ_k w_ik (share of i's tie weight spent on j; NetworkX's mutual weights
//!   w_ij + w_ji are 2·w_ij on an undirected graph, which cancels) and
//!   m_jq = w_jq / max_k w_jk:
//!   constraint c_i = Σ_{j∈N(i)} (p_ij + Σ_{q∈N(i)} p_iq p_qj)²,
//!   effective size e_i = Σ_{j∈N(i)} (1 − Σ_{q∈N(i)} p_iq m_jq). Undefined for isolated people.
//! - **Between-department betweenness**: Brandes (2001) betweenness restricted to the pairs of
//!   endpoints from different departments, the source/target-subset variant of Brandes (2008),
//!   "On variants of shortest-path betweenness centrality and their generic computation",
//!   Social Networks 30(2):136-145: B(x) = Σ σ_st(x) / σ_st over unordered pairs {s, t} with
//!   g(s) ≠ g(t) and s ≠ x ≠ t, divided by the number of such pairs (n² − Σ_D n_D²) / 2. By hops
//!   (one BFS per source, O(nm)) or weighted (path length 1/weight, one Dijkstra per source,
//!   O(nm + n² log n), lengths equal within [`cmp_lengths`]'s epsilon as in
//!   [`weighted_betweenness`](crate::analyze::weighted_betweenness)).
//!
//! # Example
//! ```
//! use siloscope::analyze::brokerage::{between_department_betweenness, brokerage_roles, burt};
//! use siloscope::graph::InteractionGraph;
//! use siloscope::progress::NoProgress;
//!
//! // 0 → 1 → 2 (ties built from pairs are directed source → target); 0 and 1 in department 0
//! let g = InteractionGraph::from_weighted_ties(3, &[(0, 1, 1.0), (1, 2, 1.0)]);
//! let department = [0, 0, 1];
//! // 1 passes 0's messages on to the other department, and 0 has no tie of its own to 2
//! assert_eq!(brokerage_roles(&g, &department)[1].representative, 1);
//! // 1 splits its weight in two halves between contacts who do not know each other
//! let b = burt(&g)[1].unwrap();
//! assert_eq!((b.constraint, b.effective_size), (0.5, 2.0));
//! // of the two cross-department pairs {0, 2} and {1, 2}, one goes through 1
//! assert_eq!(between_department_betweenness(&g, &department, &NoProgress)[1], 0.5);
//! ```

use rayon::prelude::*;

use crate::analyze::betweenness::{Extras, hop_betweenness_with, weighted_betweenness_with};
use crate::analyze::parallel::chunk_size;
use crate::graph::InteractionGraph;
use crate::progress::Progress;

/// Gould & Fernandez (1989) brokerage counts of one person j: the number of ordered triples
/// (i, j, k) of distinct people with i→j, j→k and no i→k, by role.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BrokerageRoles {
    /// g(i) = g(j) = g(k): brokers inside their own department.
    pub coordinator: u64,
    /// g(i) = g(k) ≠ g(j): an outsider links two people of another department (itinerant).
    pub consultant: u64,
    /// g(i) = g(j) ≠ g(k): speaks for their department to another one.
    pub representative: u64,
    /// g(j) = g(k) ≠ g(i): controls what enters their department.
    pub gatekeeper: u64,
    /// g(i), g(j), g(k) all different: links two departments, belongs to neither.
    pub liaison: u64,
}

impl BrokerageRoles {
    /// All brokered triples, whatever the role.
    pub fn total(&self) -> u64 {
        self.coordinator + self.consultant + self.representative + self.gatekeeper + self.liaison
    }
}

/// Directed tie graph in CSR form: i→j when w(i→j) > 0. Rows sorted.
struct Directed {
    out_offsets: Vec<usize>,
    out_adj: Vec<u32>,
    in_offsets: Vec<usize>,
    in_adj: Vec<u32>,
}

impl Directed {
    /// From the undirected rows (sorted), keeping each direction with weight > 0. O(n + m).
    fn new(g: &InteractionGraph) -> Directed {
        let n = g.node_count();
        let entries = 2 * g.tie_count();
        let mut d = Directed {
            out_offsets: Vec::with_capacity(n + 1),
            out_adj: Vec::with_capacity(entries),
            in_offsets: Vec::with_capacity(n + 1),
            in_adj: Vec::with_capacity(entries),
        };
        d.out_offsets.push(0);
        d.in_offsets.push(0);
        let ties = g.ties();
        for v in 0..n as u32 {
            for (&w, &id) in g.neighbors(v).iter().zip(g.tie_ids(v)) {
                let t = &ties[id as usize];
                let (sent, received) = if t.source == v {
                    (t.forward, t.backward)
                } else {
                    (t.backward, t.forward)
                };
                if sent > 0.0 {
                    d.out_adj.push(w);
                }
                if received > 0.0 {
                    d.in_adj.push(w);
                }
            }
            d.out_offsets.push(d.out_adj.len());
            d.in_offsets.push(d.in_adj.len());
        }
        d
    }

    fn outs(&self, v: u32) -> &[u32] {
        &self.out_adj[self.out_offsets[v as usize]..self.out_offsets[v as usize + 1]]
    }

    fn ins(&self, v: u32) -> &[u32] {
        &self.in_adj[self.in_offsets[v as usize]..self.in_offsets[v as usize + 1]]
    }
}

/// Per-worker scratch of [`brokerage_roles`].
struct RolesWorkspace {
    /// `mark[k] == j` when j→k, for the broker j being counted.
    mark: Vec<u32>,
    /// Out-neighbours of the broker j per department.
    per_department: Vec<u64>,
}

/// Gould & Fernandez (1989) brokerage roles of every person, by person index: for each broker
/// j, the ordered triples (i, j, k) of distinct people with i→j, j→k and no i→k, counted by
/// the departments of i, j and k (see [`BrokerageRoles`]). A directed tie i→j exists when
/// w(i→j) > 0. `department[v]` is the department index of person v.
///
/// For each j and each in-neighbour i, the candidates k are j's out-neighbours, counted by
/// department once per j; the out-neighbours of j that i reaches itself (and i itself) are
/// then taken off, by walking the shorter side: i's out-list against a marker of j's
/// out-neighbours, or j's out-list with a binary search in i's sorted out-list.
///
/// # Complexity
/// **O(n + m + Σ_j in(j) · out(j) · log d)** time (d the largest out-degree; each (i, j) pair
/// costs min(out(i), out(j) · log out(i))), O(n + m) space plus O(n + D) per worker. Parallel
/// over brokers; the counts are integers, so any thread count gives the same result.
///
/// # Panics
/// If `department` does not have one entry per person.
pub fn brokerage_roles(g: &InteractionGraph, department: &[u32]) -> Vec<BrokerageRoles> {
    let n = g.node_count();
    assert_eq!(department.len(), n, "one department per person");
    let directed = Directed::new(g);
    let departments = department.iter().max().map_or(0, |&d| d as usize + 1);
    (0..n as u32)
        .into_par_iter()
        .with_min_len(chunk_size(n))
        .map_init(
            || RolesWorkspace {
                mark: vec![u32::MAX; n],
                per_department: vec![0; departments],
            },
            |ws, j| roles_of(&directed, department, ws, j),
        )
        .collect()
}

/// The roles of broker `j`.
fn roles_of(
    directed: &Directed,
    department: &[u32],
    ws: &mut RolesWorkspace,
    j: u32,
) -> BrokerageRoles {
    let mut roles = BrokerageRoles::default();
    let (ins, outs) = (directed.ins(j), directed.outs(j));
    if ins.is_empty() || outs.is_empty() {
        return roles;
    }
    let gj = department[j as usize];
    for &k in outs {
        ws.mark[k as usize] = j;
        ws.per_department[department[k as usize] as usize] += 1;
    }
    for &i in ins {
        let gi = department[i as usize];
        // Out-neighbours k of j that are not candidates: i itself, and those with i→k.
        let (mut gone, mut gone_gi, mut gone_gj) = (0u64, 0u64, 0u64);
        let mut take_off = |k: u32| {
            let gk = department[k as usize];
            gone += 1;
            gone_gi += u64::from(gk == gi);
            gone_gj += u64::from(gk == gj);
        };
        if ws.mark[i as usize] == j {
            take_off(i);
        }
        let reach = directed.outs(i); // holds j, never i
        let log = (usize::BITS - reach.len().leading_zeros()) as usize;
        if reach.len() <= outs.len() * log {
            for &k in reach {
                if ws.mark[k as usize] == j {
                    take_off(k);
                }
            }
        } else {
            for &k in outs {
                if reach.binary_search(&k).is_ok() {
                    take_off(k);
                }
            }
        }
        let all = outs.len() as u64 - gone;
        let in_gj = ws.per_department[gj as usize] - gone_gj;
        if gi == gj {
            roles.coordinator += in_gj;
            roles.representative += all - in_gj;
        } else {
            let in_gi = ws.per_department[gi as usize] - gone_gi;
            roles.consultant += in_gi;
            roles.gatekeeper += in_gj;
            roles.liaison += all - in_gi - in_gj;
        }
    }
    for &k in outs {
        ws.per_department[department[k as usize] as usize] = 0;
    }
    roles
}

/// Burt's (1992) structural-hole measures of one person.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Burt {
    /// c_i = Σ_{j∈N(i)} (p_ij + Σ_{q∈N(i)} p_iq p_qj)²: high when i's contacts are few, or
    /// tied to each other (1 for a single contact; ≈ 1/deg for many unconnected equal ones).
    pub constraint: f64,
    /// e_i = Σ_{j∈N(i)} (1 − Σ_{q∈N(i)} p_iq m_jq): the number of contacts, less their
    /// redundancy (deg(i) when none of them are tied to each other).
    pub effective_size: f64,
}

/// Burt's (1992) constraint and effective size of every person on the undirected weighted
/// graph, by person index, exactly as NetworkX 3.6.1's `constraint(G, weight="weight")` and
/// `effective_size(G, nodes=list(G), weight="weight")`: with p_ij = w_ij / Σ_k w_ik and
/// m_jq = w_jq / max_k w_jk,
/// c_i = Σ_{j∈N(i)} (p_ij + Σ_{q∈N(i)} p_iq p_qj)² and
/// e_i = Σ_{j∈N(i)} (1 − Σ_{q∈N(i)} p_iq m_jq). `None` for isolated people (NetworkX: NaN).
///
/// For each ego i, p_i· is spread over a dense array once; for each contact j, the inner sums
/// over q ∈ N(i) ∩ N(j) walk the shorter side: j's row against that array, or i's contacts
/// with a binary search in j's sorted row. Either way the intersection is summed in increasing
/// q (the other terms are +0.0), so both give the same bits. Tie weights and w_jq / s_q are
/// laid out along the adjacency entries first, so the walks read memory in order.
///
/// # Complexity
/// **O(n + m + Σ_{(i,j)} min(deg(j), deg(i) · log deg(j)))** time over the 2m ordered pairs of
/// tied people, O(n + m) space plus O(n) per worker. Parallel over egos; each value is summed
/// serially, so any thread count gives the same bits.
pub fn burt(g: &InteractionGraph) -> Vec<Option<Burt>> {
    let n = g.node_count();
    let ties = g.ties();
    let row = |v: u32| g.first_entry(v)..g.first_entry(v) + g.degree(v);
    let weights: Vec<f64> = g
        .entry_ties()
        .iter()
        .map(|&id| ties[id as usize].weight)
        .collect();
    let strongest: Vec<f64> = (0..n as u32)
        .map(|v| weights[row(v)].iter().copied().fold(0.0, f64::max))
        .collect();
    let strength = g.strength();
    // p_qj's factor w_jq / s_q, per entry (row j, column q)
    let mut shares = Vec::with_capacity(weights.len());
    for j in 0..n as u32 {
        let row_weights = &weights[row(j)];
        shares.extend(
            g.neighbors(j)
                .iter()
                .zip(row_weights)
                .map(|(&q, &w)| w / strength[q as usize]),
        );
    }
    (0..n as u32)
        .into_par_iter()
        .with_min_len(chunk_size(n))
        .map_init(
            || vec![0.0f64; n],
            |p, i| {
                let contacts = g.neighbors(i);
                if contacts.is_empty() {
                    return None;
                }
                let si = strength[i as usize];
                for (&q, &w) in contacts.iter().zip(&weights[row(i)]) {
                    p[q as usize] = w / si;
                }
                let (mut constraint, mut effective_size) = (0.0, 0.0);
                for &j in contacts {
                    let (mut indirect, mut redundancy) = (0.0, 0.0);
                    let (entries, row_j) = (row(j), g.neighbors(j));
                    let strongest_j = strongest[j as usize];
                    let log = (usize::BITS - row_j.len().leading_zeros()) as usize;
                    if row_j.len() <= contacts.len() * log {
                        let (w_j, share_j) = (&weights[entries.clone()], &shares[entries]);
                        for ((&q, &w), &share) in row_j.iter().zip(w_j).zip(share_j) {
                            let piq = p[q as usize]; // 0 unless q is also i's contact
                            indirect += piq * share;
                            redundancy += piq * (w / strongest_j);
                        }
                    } else {
                        for &q in contacts {
                            if let Ok(k) = row_j.binary_search(&q) {
                                let (piq, e) = (p[q as usize], entries.start + k);
                                indirect += piq * shares[e];
                                redundancy += piq * (weights[e] / strongest_j);
                            }
                        }
                    }
                    let local = p[j as usize] + indirect;
                    constraint += local * local;
                    effective_size += 1.0 - redundancy;
                }
                for &q in contacts {
                    p[q as usize] = 0.0;
                }
                Some(Burt {
                    constraint,
                    effective_size,
                })
            },
        )
        .collect()
}

/// Between-department betweenness by hops of every person, by person index:
/// B(x) = Σ σ_st(x) / σ_st over unordered pairs {s, t} of people of different departments,
/// s ≠ x ≠ t, divided by the number of such pairs (n² − Σ_D n_D²) / 2 (all zero when there is
/// none). Brandes (2001), with the endpoint-subset accumulation of Brandes (2008):
/// δ_s(v) = Σ_{w: v ∈ P_s(w)} σ_sv / σ_sw · (1[g(w) ≠ g(s)] + δ_s(w)); each pair is met from
/// both ends, hence the ½. `department[v]` is the department index of person v.
///
/// # Complexity
/// **O(nm)** time (one BFS per source), O(n + m) space plus O(n) per worker. Sources are summed
/// in a fixed chunk order ([`crate::analyze::parallel::sum_over_sources`]): the same bits for any thread count.
///
/// # Panics
/// If `department` does not have one entry per person.
pub fn between_department_betweenness(
    g: &InteractionGraph,
    department: &[u32],
    progress: &dyn Progress,
) -> Vec<f64> {
    let extras = Extras {
        ties: false,
        departments: Some(department),
    };
    hop_betweenness_with(g, extras, progress).between_departments
}

/// The weighted variant of [`between_department_betweenness`]: shortest paths by length
/// 1/weight (a strong tie is a short path), lengths within a relative 1e-10 counting as equal
/// ([`cmp_lengths`](crate::analyze::betweenness::cmp_lengths), as
/// [`weighted_betweenness`](crate::analyze::weighted_betweenness) and igraph). Same pairs,
/// same normalization. Computed by the same Dijkstra pass as the weighted betweenness
/// ([`weighted_betweenness_with`]).
///
/// # Complexity
/// **O(nm + n² log n)** time (one Dijkstra per source), O(n + m) space plus O(n) per worker;
/// the same bits for any thread count.
///
/// # Panics
/// If `department` does not have one entry per person.
pub fn weighted_between_department_betweenness(
    g: &InteractionGraph,
    department: &[u32],
    progress: &dyn Progress,
) -> Vec<f64> {
    weighted_betweenness_with(g, Some(department), progress).1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{hop_betweenness, weighted_betweenness};
    use crate::graph::{TieAccumulator, Weighting};
    use crate::ingest::{Message, Sender};
    use crate::progress::NoProgress;

    /// A directed graph from one message per arc `s → r`.
    fn directed(n: usize, arcs: &[(u32, u32)]) -> InteractionGraph {
        let mut acc = TieAccumulator::new(Weighting::default());
        for (s, r) in arcs {
            acc.add(&Message {
                timestamp: None,
                sender: Sender::Person(*s),
                recipients: std::slice::from_ref(r),
                recipient_count: 1,
                no_recipient_listed: false,
                channel: "email",
            });
        }
        InteractionGraph::build(n, acc)
    }

    /// The definition, over all ordered triples.
    fn roles_brute_force(n: usize, arcs: &[(u32, u32)], department: &[u32]) -> Vec<BrokerageRoles> {
        let mut arc = vec![vec![false; n]; n];
        for &(s, r) in arcs {
            arc[s as usize][r as usize] = true;
        }
        let mut roles = vec![BrokerageRoles::default(); n];
        for j in 0..n {
            for i in 0..n {
                for k in 0..n {
                    if i == j || j == k || i == k || !arc[i][j] || !arc[j][k] || arc[i][k] {
                        continue;
                    }
                    let (gi, gj, gk) = (department[i], department[j], department[k]);
                    let r = &mut roles[j];
                    if gi == gj && gj == gk {
                        r.coordinator += 1;
                    } else if gi == gk {
                        r.consultant += 1;
                    } else if gi == gj {
                        r.representative += 1;
                    } else if gj == gk {
                        r.gatekeeper += 1;
                    } else {
                        r.liaison += 1;
                    }
                }
            }
        }
        roles
    }

    #[test]
    fn roles_by_hand() {
        // 0→1 and 1→0 (so 1 brokers nothing from 0 back to 0), 2→4 closes 2→3→4,
        // 1→0 closes 1→2→0.
        let arcs = [
            (0, 1),
            (1, 0),
            (1, 2),
            (2, 3),
            (3, 4),
            (2, 0),
            (4, 5),
            (1, 5),
            (2, 4),
            (4, 6),
        ];
        let department = [0, 0, 1, 1, 2, 0, 1];
        let g = directed(7, &arcs);
        let r = brokerage_roles(&g, &department);
        let role = |c, s, rep, gk, l| BrokerageRoles {
            coordinator: c,
            consultant: s,
            representative: rep,
            gatekeeper: gk,
            liaison: l,
        };
        assert_eq!(r[0], role(0, 0, 0, 1, 0)); // 2 → 0 → 1
        assert_eq!(r[1], role(1, 0, 1, 0, 0)); // 0 → 1 → 5, 0 → 1 → 2
        assert_eq!(r[2], role(0, 0, 0, 1, 1)); // 1 → 2 → 3, 1 → 2 → 4
        assert_eq!(r[3], role(0, 0, 0, 0, 0));
        assert_eq!(r[4], role(0, 2, 0, 0, 2)); // {2,3} → 4 → 6 and → 5
        assert_eq!(r[4].total(), 4);
        assert_eq!(r[5], BrokerageRoles::default());
        assert_eq!(r, roles_brute_force(7, &arcs, &department));
    }

    #[test]
    fn roles_match_brute_force_on_random_graphs() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for (n, arcs_wanted, depts) in [(12, 40, 3), (30, 200, 4), (40, 500, 2), (25, 300, 25)] {
            let mut arcs = Vec::new();
            for _ in 0..arcs_wanted {
                let (s, r) = ((next() % n) as u32, (next() % n) as u32);
                if s != r && !arcs.contains(&(s, r)) {
                    arcs.push((s, r));
                }
            }
            // two hubs, so that both ways of taking off i's reach are used
            for v in 2..n as u32 {
                for arc in [(0, v), (v, 1)] {
                    if next() % 2 == 0 && !arcs.contains(&arc) {
                        arcs.push(arc);
                    }
                }
            }
            let department: Vec<u32> = (0..n).map(|_| (next() % depts) as u32).collect();
            let g = directed(n as usize, &arcs);
            assert_eq!(
                brokerage_roles(&g, &department),
                roles_brute_force(n as usize, &arcs, &department),
                "n = {n}"
            );
        }
    }

    #[test]
    fn burt_by_hand() {
        // triangle 0-1-2 (weight 1) with a pendant 3 on 2 (weight 2), and 4 isolated
        let g = InteractionGraph::from_weighted_ties(
            5,
            &[(0, 1, 1.0), (0, 2, 1.0), (1, 2, 1.0), (2, 3, 2.0)],
        );
        let b = burt(&g);
        let close = |got: f64, want: f64| assert!((got - want).abs() < 1e-15, "{got} {want}");
        let b0 = b[0].unwrap();
        close(b0.constraint, 61.0 / 64.0); // (1/2 + 1/2·1/4)² + (1/2 + 1/2·1/2)²
        close(b0.effective_size, 1.25); // (1 − 1/2·1) + (1 − 1/2·1/2)
        let b2 = b[2].unwrap();
        close(b2.constraint, 17.0 / 32.0); // 2 (1/4 + 1/4·1/2)² + (1/2)²
        close(b2.effective_size, 2.5); // 2 (1 − 1/4) + 1
        assert_eq!(
            b[3],
            Some(Burt {
                constraint: 1.0,
                effective_size: 1.0
            })
        );
        assert_eq!(b[4], None);
        assert_eq!(b[1], b[0]);
    }

    #[test]
    fn between_departments_by_hand() {
        // path 0-1-2-3-4 with departments A A B B A: cross pairs (3·2 = 6):
        // {0,2} via 1; {0,3} via 1, 2; {1,2} none; {1,3} via 2; {2,4} via 3; {3,4} none
        let g = InteractionGraph::from_weighted_ties(
            5,
            &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 4, 1.0)],
        );
        let department = [0, 0, 1, 1, 0];
        let b = between_department_betweenness(&g, &department, &NoProgress);
        assert_eq!(b, vec![0.0, 2.0 / 6.0, 2.0 / 6.0, 1.0 / 6.0, 0.0]);
        let w = weighted_between_department_betweenness(&g, &department, &NoProgress);
        assert_eq!(w, b);
        // one department: no pair to count
        let none = between_department_betweenness(&g, &[0; 5], &NoProgress);
        assert_eq!(none, vec![0.0; 5]);
    }

    #[test]
    fn weighted_between_departments_follows_strong_ties() {
        // square 0-1-3, 0-2-3: the heavier route through 1 is shorter; 0 and 3 in department
        // 0, 1 and 2 in department 1. Cross pairs: {0,1} {0,2} {3,1} {3,2}, all direct ties.
        let g = InteractionGraph::from_weighted_ties(
            4,
            &[(0, 1, 2.0), (1, 3, 2.0), (0, 2, 1.0), (2, 3, 1.0)],
        );
        let w = weighted_between_department_betweenness(&g, &[0, 1, 1, 0], &NoProgress);
        assert_eq!(w, vec![0.0; 4]);
        // 3 apart: of its 3 pairs, {0,3} goes via 1 only (by hops: half via 1, half via 2)
        let w = weighted_between_department_betweenness(&g, &[0, 0, 0, 1], &NoProgress);
        assert_eq!(w, vec![0.0, 1.0 / 3.0, 0.0, 0.0]);
        let h = between_department_betweenness(&g, &[0, 0, 0, 1], &NoProgress);
        assert_eq!(h, vec![0.0, 1.0 / 6.0, 1.0 / 6.0, 0.0]);
    }

    #[test]
    fn one_person_per_department_is_plain_betweenness() {
        // every pair crosses: same sums as Brandes, normalized by n(n−1)/2 instead of
        // (n−1)(n−2)/2
        let mut edges = Vec::new();
        for v in 0..20u32 {
            edges.push((v, (v + 1) % 20, 1.0 + f64::from(v % 3)));
            edges.push((v, (v * 7 + 3) % 20, 0.5 + f64::from(v % 2)));
        }
        let g = InteractionGraph::from_weighted_ties(20, &edges);
        let own: Vec<u32> = (0..20).collect();
        let ratio = (19.0 * 18.0) / (20.0 * 19.0);
        let hop = hop_betweenness(&g, false, &NoProgress).people;
        let cross = between_department_betweenness(&g, &own, &NoProgress);
        let weighted = weighted_betweenness(&g, &NoProgress);
        let cross_w = weighted_between_department_betweenness(&g, &own, &NoProgress);
        for v in 0..20 {
            assert!((cross[v] - hop[v] * ratio).abs() < 1e-14, "{v}");
            assert!((cross_w[v] - weighted[v] * ratio).abs() < 1e-14, "{v}");
        }
        assert!(hop.iter().any(|&x| x > 0.0) && weighted.iter().any(|&x| x > 0.0));
    }

    #[test]
    fn same_bits_for_any_thread_count() {
        let mut edges = Vec::new();
        for v in 0..300u32 {
            edges.push((v, (v * 13 + 5) % 300, 1.0 / f64::from(1 + v % 7)));
            edges.push((v, (v + 1) % 300, 1.0));
        }
        let g = InteractionGraph::from_weighted_ties(300, &edges);
        let department: Vec<u32> = (0..300).map(|v| v % 5).collect();
        let run = |threads| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                (
                    brokerage_roles(&g, &department),
                    burt(&g),
                    between_department_betweenness(&g, &department, &NoProgress),
                    weighted_between_department_betweenness(&g, &department, &NoProgress),
                )
            })
        };
        let one = run(1);
        assert_eq!(one, run(3));
    }
}

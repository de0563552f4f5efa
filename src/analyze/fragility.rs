//! Single points of failure between departments.
//!
//! For every pair of departments (A, B):
//! - the direct link: the ties between A and B, their weight, and how many distinct people of A
//!   and of B hold them (the boundary spanners); when all of them touch one person, the link
//!   rests on that person;
//! - the indirect link: the minimum number of intermediaries (people outside A and B) whose
//!   removal leaves no path from A to B other than the direct ties: the vertex connectivity
//!   between A contracted to a source and B contracted to a sink (Menger's theorem), found as a
//!   maximum flow with unit node capacities (Ford & Fulkerson 1956; each augmenting path by BFS,
//!   node splitting v_in → v_out), with one minimum set of intermediaries read off the residual
//!   graph. The flow stops at [`CONNECTIVITY_CAP`] paths: beyond that a link is "robust" and the
//!   exact number no longer matters. O(cap × (n + m)) per pair.
//!
//! And per cut point, the people of each department that its absence cuts off from the largest
//! remaining part of its component: O(n + m) per cut point.

use std::collections::VecDeque;

use crate::graph::{InteractionGraph, Part, WeightSum};

/// Paths counted at most between two departments.
pub const CONNECTIVITY_CAP: u32 = 5;

/// The link between two departments.
#[derive(Debug, Clone, PartialEq)]
pub struct DepartmentPair {
    /// Department index a (a < b).
    pub a: u32,
    /// Department index b.
    pub b: u32,
    /// Ties between A and B.
    pub direct_ties: usize,
    /// Their weight.
    pub direct_weight: f64,
    /// Distinct people of A holding them.
    pub spanners_a: usize,
    /// Distinct people of B holding them.
    pub spanners_b: usize,
    /// The one person every direct tie touches, when there is one (and at least one tie).
    pub sole_spanner: Option<u32>,
    /// Vertex-disjoint indirect paths, capped at [`CONNECTIVITY_CAP`]; `None` when not computed.
    pub indirect_paths: Option<u32>,
    /// A minimum set of intermediaries cutting every indirect path (when under the cap).
    pub intermediaries: Vec<u32>,
}

/// People of one department cut off by the absence of a cut point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CutOff {
    /// The cut point.
    pub person: u32,
    /// The department whose people are cut off.
    pub department: u32,
    /// How many of them.
    pub people: usize,
}

/// Residual graph with node splitting: node 2v = v_in, 2v + 1 = v_out.
struct FlowGraph {
    to: Vec<u32>,
    cap: Vec<i32>,
    /// Arc index of each person's internal arc v_in → v_out.
    internal: Vec<usize>,
    /// Arc of each tie, from its source's out to its target's in (the other direction is +2).
    tie_arc: Vec<usize>,
}

impl FlowGraph {
    fn new(g: &InteractionGraph) -> FlowGraph {
        let n = g.node_count();
        let mut arcs: Vec<(u32, u32)> = Vec::with_capacity(2 * n + 4 * g.tie_count());
        let mut internal = Vec::with_capacity(n);
        let mut tie_arc = Vec::with_capacity(g.tie_count());
        for v in 0..n as u32 {
            internal.push(arcs.len());
            arcs.push((2 * v, 2 * v + 1));
            arcs.push((2 * v + 1, 2 * v)); // reverse
        }
        for t in g.ties() {
            tie_arc.push(arcs.len());
            arcs.push((2 * t.source + 1, 2 * t.target));
            arcs.push((2 * t.target, 2 * t.source + 1));
            arcs.push((2 * t.target + 1, 2 * t.source));
            arcs.push((2 * t.source, 2 * t.target + 1));
        }
        FlowGraph {
            to: arcs.iter().map(|a| a.1).collect(),
            cap: vec![0; arcs.len()],
            internal,
            tie_arc,
        }
    }
}

/// Above this much work (department pairs × (people + ties)), the indirect connectivity is
/// skipped with a notice. Measured on this project's 2-core machine (one thread): email-eu-core
/// (861 pairs × 17,069 = 1.5e7) takes 0.37 s; the medium generated organisation (780 pairs ×
/// 371,240 = 2.9e8) 30 s, longer than its exact betweenness. The limit keeps this part under
/// about 1.5 s.
pub const INDIRECT_WORK_LIMIT: u64 = 60_000_000;

/// Single points of failure: department pairs and cut-offs.
#[derive(Debug, Clone, PartialEq)]
pub struct Fragility {
    /// Every pair a < b.
    pub pairs: Vec<DepartmentPair>,
    /// People cut off by each cut point (empty when bridges were not computed).
    pub cut_offs: Vec<CutOff>,
    /// Whether the indirect connectivity was computed (false above [`INDIRECT_WORK_LIMIT`]).
    pub indirect_computed: bool,
}

/// A pair is fragile when one person carries it: every direct tie touches the same person, or
/// all indirect paths go through a single intermediary.
pub fn is_fragile(sole: bool, indirect: Option<u32>) -> bool {
    sole || indirect == Some(1)
}

/// Computes [`Fragility`]: the pairs, and the cut-offs when `is_cut` (articulation points) is
/// given.
pub fn fragility(
    g: &InteractionGraph,
    department: &[u32],
    count: usize,
    is_cut: Option<&[bool]>,
) -> Fragility {
    let pairs_count = (count * count.saturating_sub(1) / 2) as u64;
    let work = pairs_count * (g.node_count() + g.tie_count()) as u64;
    let indirect_computed = work <= INDIRECT_WORK_LIMIT;
    Fragility {
        pairs: department_pairs(g, department, count, indirect_computed),
        cut_offs: is_cut.map_or_else(Vec::new, |c| cut_offs(g, department, c)),
        indirect_computed,
    }
}

/// Per-pair state, reused.
struct Search {
    arcs_of: Vec<Vec<u32>>,
    parent: Vec<u32>,
    seen: Vec<u32>,
    stamp: u32,
    queue: VecDeque<u32>,
}

/// Computes the direct and indirect links of every pair of departments. `compute_indirect`
/// turns the max-flow part off (above the size limit chosen by the caller).
pub fn department_pairs(
    g: &InteractionGraph,
    department: &[u32],
    count: usize,
    compute_indirect: bool,
) -> Vec<DepartmentPair> {
    let n = g.node_count();
    // direct links
    let mut pairs: Vec<DepartmentPair> = Vec::new();
    let index = |a: usize, b: usize| a * count + b;
    let mut ties_between: Vec<Vec<u32>> = vec![Vec::new(); count * count];
    for (i, t) in g.ties().iter().enumerate() {
        let (da, db) = (
            department[t.source as usize] as usize,
            department[t.target as usize] as usize,
        );
        if da != db {
            ties_between[index(da.min(db), da.max(db))].push(i as u32);
        }
    }
    let mut flow = compute_indirect.then(|| {
        let fg = FlowGraph::new(g);
        let mut arcs_of = vec![Vec::new(); 2 * n];
        // arcs come in pairs (i, i ^ 1): the origin of arc i is the target of arc i ^ 1
        for i in 0..fg.to.len() {
            let from = fg.to[i ^ 1];
            arcs_of[from as usize].push(i as u32);
        }
        (
            fg,
            Search {
                arcs_of,
                parent: vec![u32::MAX; 2 * n],
                seen: vec![0; 2 * n],
                stamp: 0,
                queue: VecDeque::new(),
            },
        )
    });
    for a in 0..count {
        for b in a + 1..count {
            let list = &ties_between[index(a, b)];
            let mut side_a: Vec<u32> = Vec::new();
            let mut side_b: Vec<u32> = Vec::new();
            let mut weight = WeightSum::default();
            for &i in list {
                let t = g.ties()[i as usize];
                g.add_to(&mut weight, i as usize, Part::Both);
                let (pa, pb) = if department[t.source as usize] as usize == a {
                    (t.source, t.target)
                } else {
                    (t.target, t.source)
                };
                side_a.push(pa);
                side_b.push(pb);
            }
            side_a.sort_unstable();
            side_a.dedup();
            side_b.sort_unstable();
            side_b.dedup();
            let sole = if list.is_empty() {
                None
            } else if side_a.len() == 1 {
                Some(side_a[0])
            } else if side_b.len() == 1 {
                Some(side_b[0])
            } else {
                None
            };
            let (indirect_paths, intermediaries) = match flow.as_mut() {
                Some((fg, search)) => {
                    let (k, cut) = indirect(g, fg, search, department, a as u32, b as u32, list);
                    (Some(k), cut)
                }
                None => (None, Vec::new()),
            };
            pairs.push(DepartmentPair {
                a: a as u32,
                b: b as u32,
                direct_ties: list.len(),
                direct_weight: g.value(&weight),
                spanners_a: side_a.len(),
                spanners_b: side_b.len(),
                sole_spanner: sole,
                indirect_paths,
                intermediaries,
            });
        }
    }
    pairs
}

const BIG: i32 = i32::MAX / 4;

/// Vertex connectivity between departments a and b through people of other departments,
/// capped; and a minimum cut when under the cap.
fn indirect(
    g: &InteractionGraph,
    fg: &mut FlowGraph,
    s: &mut Search,
    department: &[u32],
    a: u32,
    b: u32,
    direct: &[u32],
) -> (u32, Vec<u32>) {
    let n = g.node_count();
    let role = |v: usize| {
        if department[v] == a {
            1u8
        } else if department[v] == b {
            2
        } else {
            0
        }
    };
    // capacities for this pair: node arcs 1 for intermediaries, unbounded inside A and B
    for v in 0..n {
        let arc = fg.internal[v];
        fg.cap[arc] = if role(v) == 0 { 1 } else { BIG };
        fg.cap[arc + 1] = 0;
    }
    // ties unbounded: only people limit the flow, so the minimum cut is made of people
    for &arc in &fg.tie_arc {
        fg.cap[arc] = BIG;
        fg.cap[arc + 1] = 0;
        fg.cap[arc + 2] = BIG;
        fg.cap[arc + 3] = 0;
    }
    for &t in direct {
        let arc = fg.tie_arc[t as usize];
        fg.cap[arc] = 0;
        fg.cap[arc + 2] = 0;
    }
    let sources: Vec<u32> = (0..n)
        .filter(|&v| role(v) == 1)
        .map(|v| 2 * v as u32)
        .collect();
    if sources.is_empty() || !(0..n).any(|v| role(v) == 2) {
        return (0, Vec::new());
    }
    let mut paths = 0;
    while paths < CONNECTIVITY_CAP {
        // BFS from every A node's in-copy, to any B node's in-copy
        s.stamp += 1;
        s.queue.clear();
        for &x in &sources {
            s.seen[x as usize] = s.stamp;
            s.parent[x as usize] = u32::MAX;
            s.queue.push_back(x);
        }
        let mut found = None;
        while let Some(x) = s.queue.pop_front() {
            if x % 2 == 0 && role((x / 2) as usize) == 2 {
                found = Some(x);
                break;
            }
            for &arc in &s.arcs_of[x as usize] {
                let y = fg.to[arc as usize];
                if fg.cap[arc as usize] > 0 && s.seen[y as usize] != s.stamp {
                    s.seen[y as usize] = s.stamp;
                    s.parent[y as usize] = arc;
                    s.queue.push_back(y);
                }
            }
        }
        let Some(mut x) = found else { break };
        while s.parent[x as usize] != u32::MAX {
            let arc = s.parent[x as usize] as usize;
            fg.cap[arc] -= 1;
            fg.cap[arc ^ 1] += 1;
            x = fg.to[arc ^ 1];
        }
        paths += 1;
    }
    if paths >= CONNECTIVITY_CAP {
        return (paths, Vec::new());
    }
    // the last BFS reached everything reachable: intermediaries with in reached, out not
    let cut = (0..n)
        .filter(|&v| role(v) == 0 && s.seen[2 * v] == s.stamp && s.seen[2 * v + 1] != s.stamp)
        .map(|v| v as u32)
        .collect();
    (paths, cut)
}

/// For every cut point, the people of each department cut off from the largest remaining part
/// of its component when it is absent. `is_cut` flags the cut points.
pub fn cut_offs(g: &InteractionGraph, department: &[u32], is_cut: &[bool]) -> Vec<CutOff> {
    let n = g.node_count();
    let mut out = Vec::new();
    let mut label = vec![u32::MAX; n];
    let mut stack = Vec::new();
    for v in 0..n as u32 {
        if !is_cut[v as usize] {
            continue;
        }
        // components of the neighbourhood once v is gone
        label.iter_mut().for_each(|l| *l = u32::MAX);
        label[v as usize] = u32::MAX - 1;
        let mut parts: Vec<Vec<u32>> = Vec::new();
        for &start in g.neighbors(v) {
            if label[start as usize] != u32::MAX {
                continue;
            }
            let id = parts.len() as u32;
            let mut members = vec![start];
            label[start as usize] = id;
            stack.push(start);
            while let Some(x) = stack.pop() {
                for &y in g.neighbors(x) {
                    if label[y as usize] == u32::MAX {
                        label[y as usize] = id;
                        members.push(y);
                        stack.push(y);
                    }
                }
            }
            parts.push(members);
        }
        let largest = (0..parts.len())
            .max_by_key(|&i| (parts[i].len(), std::cmp::Reverse(i)))
            .unwrap_or(0);
        let mut per_department: Vec<(u32, usize)> = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            if i == largest {
                continue;
            }
            for &x in part {
                let d = department[x as usize];
                match per_department.iter_mut().find(|e| e.0 == d) {
                    Some(e) => e.1 += 1,
                    None => per_department.push((d, 1)),
                }
            }
        }
        per_department.sort_unstable();
        for (d, people) in per_department {
            out.push(CutOff {
                person: v,
                department: d,
                people,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Departments: 0 = {0, 1}, 1 = {2, 3}, 2 = {4, 5}, 3 = {6}.
    /// A (0) and B (1) are joined through person 4 only, and directly by tie 1-2.
    fn one_intermediary() -> (InteractionGraph, Vec<u32>) {
        let g = InteractionGraph::from_weighted_ties(
            7,
            &[
                (0, 1, 1.0),
                (2, 3, 1.0),
                (0, 4, 1.0),
                (4, 3, 1.0),
                (1, 2, 2.0),
                (4, 5, 1.0),
            ],
        );
        (g, vec![0, 0, 1, 1, 2, 2, 3])
    }

    #[test]
    fn a_pair_joined_through_one_person() {
        let (g, d) = one_intermediary();
        let pairs = department_pairs(&g, &d, 4, true);
        let ab = &pairs[0];
        assert_eq!((ab.a, ab.b), (0, 1));
        assert_eq!(ab.direct_ties, 1);
        assert_eq!(ab.direct_weight, 2.0);
        assert_eq!((ab.spanners_a, ab.spanners_b), (1, 1));
        assert_eq!(ab.sole_spanner, Some(1));
        assert_eq!(ab.indirect_paths, Some(1));
        assert_eq!(ab.intermediaries, vec![4]);
        // departments 0 and 3: no tie, no path at all
        let none = pairs.iter().find(|p| (p.a, p.b) == (0, 3)).unwrap();
        assert_eq!((none.direct_ties, none.indirect_paths), (0, Some(0)));
        assert_eq!(none.sole_spanner, None);
    }

    #[test]
    fn a_pair_joined_by_two_disjoint_paths() {
        // A = {0}, B = {1}; intermediaries 2 and 3 of department 2 each join them
        let g = InteractionGraph::from_weighted_ties(
            4,
            &[(0, 2, 1.0), (2, 1, 1.0), (0, 3, 1.0), (3, 1, 1.0)],
        );
        let pairs = department_pairs(&g, &[0, 1, 2, 2], 3, true);
        assert_eq!(pairs[0].indirect_paths, Some(2));
        assert_eq!(pairs[0].intermediaries.len(), 2);
        assert_eq!(pairs[0].direct_ties, 0);
    }

    #[test]
    fn a_cut_point_cuts_off_its_department() {
        // 0-1-2 chain plus 2-3, 2-4: removing 2 cuts 3 and 4 (department 1) off from 0-1
        let g = InteractionGraph::from_weighted_ties(
            5,
            &[
                (0, 1, 1.0),
                (1, 2, 1.0),
                (2, 3, 1.0),
                (2, 4, 1.0),
                (0, 3, 0.0),
            ],
        );
        let is_cut = vec![false, true, true, false, false];
        let cuts = cut_offs(&g, &[0, 0, 0, 1, 1], &is_cut);
        // removing 1: {0} is cut off (the largest part is {2, 3, 4})
        assert!(cuts.contains(&CutOff {
            person: 1,
            department: 0,
            people: 1
        }));
        // removing 2: parts {0, 1}, {3}, {4}: the two of department 1 are cut off
        assert!(cuts.contains(&CutOff {
            person: 2,
            department: 1,
            people: 2
        }));
    }
}

#[cfg(test)]
mod timing {
    /// Run by hand: `cargo test --release --lib fragility::timing -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn medium() {
        use crate::graph::{InteractionGraph, TieAccumulator, Weighting};
        use crate::ingest::{
            DirectoryOptions, IngestCounts, Inputs, MessageOptions, Rejects, Tally, read_inputs,
        };
        use crate::progress::NoProgress;
        for dir in ["../shared/data/email-eu-core", "/tmp/silo_medium"] {
            let mut rejects = Rejects::new(false);
            let mut directory_rejects = Rejects::new(false);
            let mut acc = TieAccumulator::new(Weighting::default());
            let mut counts = IngestCounts::default();
            let d = read_inputs(
                &Inputs {
                    messages: &[crate::InputName::Path(format!("{dir}/messages.csv").into())],
                    people: Some(&crate::InputName::Path(format!("{dir}/people.csv").into())),
                    message_options: &MessageOptions::default(),
                    directory_options: &DirectoryOptions::default(),
                },
                Tally {
                    rejects: &mut rejects,
                    directory_rejects: &mut directory_rejects,
                    counts: &mut counts,
                },
                &NoProgress,
                &mut acc,
            )
            .unwrap();
            let g = InteractionGraph::build(d.people().len(), acc);
            let t = std::time::Instant::now();
            let p =
                super::department_pairs(&g, &d.department_of_each(), d.departments().len(), true);
            eprintln!("{dir}: {} pairs in {:?}", p.len(), t.elapsed());
        }
    }
}

//! Formal against informal: how much of the collaboration runs along the org chart's reporting
//! lines (issue 16).
//!
//! The reporting tree comes from each person's `manager` column, resolved with
//! [`Directory::find`] (ids and aliases). A manager id that names nobody in the directory, and a
//! person named as their own manager, leave that person without a manager (a root), and are
//! reported. A chain of managers that loops (a → b → a) is reported too; its people keep their
//! managers, so a tie between two people of a loop is still a reporting line.
//!
//! Each tie {i, j} falls in exactly one class, the first that applies:
//!
//! 1. **reporting line**: one end is the other's manager, m(i) = j or m(j) = i;
//! 2. **team**: the same manager, m(i) = m(j) ≠ none (two roots are not a team);
//! 3. **department**: the same department (or group), g(i) = g(j);
//! 4. **across departments**: the rest.
//!
//! The precedence is the order of the list: a reporting line or a team that crosses departments
//! is counted as a reporting line or a team, not as "across departments".
//!
//! Shares: share_c = W_c / W, W_c the weight of the ties of class c and W the total tie weight.
//! Per department d: share_{d,c} = W_{d,c} / W_d, over the ties with at least one end in d,
//! each counted once for each department it touches (so a tie across departments counts, in
//! its class, for both of them: Σ_d W_d = W + the weight of the ties between departments).
//! Per person i: formal_i = (weight of i's ties with their manager, their team, i.e. the
//! people who share their manager, and their direct reports) / s_i, the share of classes 1 and
//! 2 in i's ties.
//!
//! Sums of weights are the exact sums of the graph ([`InteractionGraph::add_to`]), rounded
//! once, so that the shares do not depend on the order of the ties. Everything is O(n + m)
//! (plus O(u log u) to count u distinct unknown manager ids).

use crate::graph::{InteractionGraph, Part, WeightSum};
use crate::ingest::Directory;

/// People whose formal share ([`ReportingLines::formal_share`]) is under this value, and who
/// have at least one tie, are listed in [`ReportingLines::low_formal`]: under 10%, nine tenths
/// of a person's exchanges are with people outside their manager, team and direct reports.
pub const LOW_FORMAL_SHARE: f64 = 0.10;

/// The class of a tie against the reporting lines, in order of precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LineClass {
    /// One end is the other's manager.
    ReportingLine,
    /// Both ends have the same manager (and neither manages the other).
    Team,
    /// The same department, different teams.
    Department,
    /// Different departments, neither a reporting line nor a team.
    AcrossDepartments,
}

impl LineClass {
    /// The four classes, in order of precedence (the order of [`LineWeights::weight`]).
    pub const ALL: [LineClass; 4] = [
        LineClass::ReportingLine,
        LineClass::Team,
        LineClass::Department,
        LineClass::AcrossDepartments,
    ];

    /// Position in [`LineClass::ALL`].
    pub fn index(self) -> usize {
        match self {
            LineClass::ReportingLine => 0,
            LineClass::Team => 1,
            LineClass::Department => 2,
            LineClass::AcrossDepartments => 3,
        }
    }

    /// A name for column headers and JSON keys.
    pub fn name(self) -> &'static str {
        match self {
            LineClass::ReportingLine => "reporting_line",
            LineClass::Team => "team",
            LineClass::Department => "department",
            LineClass::AcrossDepartments => "across_departments",
        }
    }
}

/// The weight and number of ties of each class, in the order of [`LineClass::ALL`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineWeights {
    /// W_c: the weight of the ties of each class.
    pub weight: [f64; 4],
    /// The number of ties of each class.
    pub ties: [usize; 4],
    /// W = Σ_c W_c (exact sum, rounded once).
    pub total: f64,
}

impl LineWeights {
    /// W_c / W; `None` without any tie weight.
    pub fn share(&self, class: LineClass) -> Option<f64> {
        (self.total > 0.0).then(|| self.weight[class.index()] / self.total)
    }

    /// The four shares in the order of [`LineClass::ALL`]; `None` without any tie weight.
    pub fn shares(&self) -> Option<[f64; 4]> {
        (self.total > 0.0).then(|| self.weight.map(|w| w / self.total))
    }
}

/// The reporting tree as the directory gives it, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportingTree {
    /// The manager of each person; `None` for a root: no manager given, a manager outside the
    /// directory, or the person themself. People on a cycle keep their manager.
    pub manager: Vec<Option<u32>>,
    /// Steps up to a root (0 for a root); `None` for the people on a cycle and those whose
    /// chain of managers runs into one.
    pub depth: Vec<Option<u32>>,
    /// Number of direct reports of each person.
    pub direct_reports: Vec<u32>,
    /// Number of people without a manager (roots): none given, a manager outside the
    /// directory ([`ReportingTree::missing_manager`]) or themself
    /// ([`ReportingTree::self_managed`]).
    pub roots: usize,
    /// People whose manager id is not in the directory, sorted.
    pub missing_manager: Vec<u32>,
    /// Distinct manager ids not in the directory.
    pub missing_manager_ids: usize,
    /// People given as their own manager, sorted.
    pub self_managed: Vec<u32>,
    /// People on a cycle of the manager chain (a → b → … → a), sorted.
    pub on_cycle: Vec<u32>,
    /// Number of distinct cycles.
    pub cycles: usize,
    /// People not on a cycle whose chain of managers runs into one.
    pub under_cycle: usize,
}

/// How one person's manager column resolved.
enum Resolved<'a> {
    None,
    Missing(&'a str),
    Itself,
    Manager(u32),
}

impl ReportingTree {
    /// The tree of the directory's `manager` column (normalized ids, resolved with
    /// [`Directory::find`], aliases included). An empty manager makes a root. O(n + u log u)
    /// for u distinct unknown manager ids.
    pub fn from_directory(directory: &Directory) -> ReportingTree {
        let resolved: Vec<Resolved<'_>> = directory
            .people()
            .iter()
            .enumerate()
            .map(|(i, p)| match p.manager.as_deref().map(str::trim) {
                None | Some("") => Resolved::None,
                Some(id) => match directory.find(id) {
                    Some(m) if m as usize == i => Resolved::Itself,
                    Some(m) => Resolved::Manager(m),
                    None => Resolved::Missing(id),
                },
            })
            .collect();
        ReportingTree::assemble(&resolved)
    }

    /// The tree of managers given by index: `managers[i]` is person i's manager. An index out of
    /// range counts as a manager outside the directory (each such index one id), i itself as
    /// self-management. O(n + u log u).
    pub fn from_managers(managers: &[Option<u32>]) -> ReportingTree {
        let n = managers.len();
        let names: Vec<String> = managers
            .iter()
            .map(|m| match m {
                Some(m) if *m as usize >= n => m.to_string(),
                _ => String::new(),
            })
            .collect();
        let resolved: Vec<Resolved<'_>> = managers
            .iter()
            .enumerate()
            .map(|(i, m)| match *m {
                None => Resolved::None,
                Some(m) if m as usize >= n => Resolved::Missing(&names[i]),
                Some(m) if m as usize == i => Resolved::Itself,
                Some(m) => Resolved::Manager(m),
            })
            .collect();
        ReportingTree::assemble(&resolved)
    }

    /// Roots, cycles and depths by one iterative walk up the chains: each person is pushed on
    /// the current path once and finished once, so O(n) whatever the shape (no recursion: a
    /// chain of 100,000 managers does not overflow the stack).
    fn assemble(resolved: &[Resolved<'_>]) -> ReportingTree {
        let n = resolved.len();
        let mut manager = vec![None; n];
        let mut missing_manager = Vec::new();
        let mut missing_ids: Vec<&str> = Vec::new();
        let mut self_managed = Vec::new();
        for (i, r) in resolved.iter().enumerate() {
            match r {
                Resolved::None => {}
                Resolved::Missing(id) => {
                    missing_manager.push(i as u32);
                    missing_ids.push(id);
                }
                Resolved::Itself => self_managed.push(i as u32),
                Resolved::Manager(m) => manager[i] = Some(*m),
            }
        }
        missing_ids.sort_unstable();
        missing_ids.dedup();
        let mut direct_reports = vec![0u32; n];
        for m in manager.iter().flatten() {
            direct_reports[*m as usize] += 1;
        }

        #[derive(Clone, Copy, PartialEq)]
        enum State {
            New,
            OnPath,
            Done,
        }
        enum End {
            Root,
            Finished(u32),
            Cycle(u32),
        }
        let mut state = vec![State::New; n];
        let mut depth: Vec<Option<u32>> = vec![None; n];
        let mut on_cycle = Vec::new();
        let mut cycles = 0;
        let mut under_cycle = 0;
        let mut path: Vec<u32> = Vec::new();
        for start in 0..n as u32 {
            if state[start as usize] != State::New {
                continue;
            }
            path.clear();
            let mut v = start;
            let end = loop {
                state[v as usize] = State::OnPath;
                path.push(v);
                match manager[v as usize] {
                    None => break End::Root,
                    Some(m) => match state[m as usize] {
                        State::New => v = m,
                        State::OnPath => break End::Cycle(m),
                        State::Done => break End::Finished(m),
                    },
                }
            };
            // the people of the path below the point where the walk stopped, top first
            let below = match end {
                End::Root => {
                    let top = path.len() - 1;
                    depth[path[top] as usize] = Some(0);
                    top
                }
                End::Finished(_) => path.len(),
                End::Cycle(m) => {
                    // the cycle is the tail of the path from m: its length, not the path's, is
                    // what this search costs, and each person is on one cycle at most
                    let from = path.iter().rposition(|&x| x == m).unwrap_or(0);
                    on_cycle.extend_from_slice(&path[from..]);
                    cycles += 1;
                    under_cycle += from;
                    from
                }
            };
            for &p in path[..below].iter().rev() {
                let above = manager[p as usize].and_then(|m| depth[m as usize]);
                depth[p as usize] = above.map(|d| d + 1);
            }
            if let End::Finished(m) = end
                && depth[m as usize].is_none()
            {
                under_cycle += path.len();
            }
            for &p in &path {
                state[p as usize] = State::Done;
            }
        }
        on_cycle.sort_unstable();
        let roots = manager.iter().filter(|m| m.is_none()).count();
        ReportingTree {
            manager,
            depth,
            direct_reports,
            roots,
            missing_manager,
            missing_manager_ids: missing_ids.len(),
            self_managed,
            on_cycle,
            cycles,
            under_cycle,
        }
    }

    /// The class of a tie between `a` and `b` of groups `group_a` and `group_b`.
    pub fn class(&self, a: u32, b: u32, group_a: u32, group_b: u32) -> LineClass {
        let (ma, mb) = (self.manager[a as usize], self.manager[b as usize]);
        if ma == Some(b) || mb == Some(a) {
            LineClass::ReportingLine
        } else if ma.is_some() && ma == mb {
            LineClass::Team
        } else if group_a == group_b {
            LineClass::Department
        } else {
            LineClass::AcrossDepartments
        }
    }
}

/// Formal against informal collaboration: the classes of the ties, their shares overall, per
/// department and per person, and the reporting tree they were read against.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportingLines {
    /// The reporting tree and its anomalies.
    pub tree: ReportingTree,
    /// The class of each tie, aligned with [`InteractionGraph::ties`].
    pub class_of_tie: Vec<LineClass>,
    /// The weights of the four classes over all ties.
    pub overall: LineWeights,
    /// The weights of the four classes over the ties touching each department (see the module
    /// documentation for the counting of ties between departments).
    pub per_department: Vec<LineWeights>,
    /// Per person: weight of their ties of class reporting line or team over their strength;
    /// `None` without any tie.
    pub formal_share: Vec<Option<f64>>,
    /// People with at least one tie whose formal share is under [`LOW_FORMAL_SHARE`], sorted
    /// by index (the caller pseudonymizes them).
    pub low_formal: Vec<u32>,
}

/// Reads the graph against the directory's reporting lines. `department[v]` is the group of
/// person v (true departments or reported groups), `departments` the number of groups; the
/// directory's people are the graph's nodes. O(n + m + u log u), u the unknown manager ids.
pub fn reporting_lines(
    g: &InteractionGraph,
    directory: &Directory,
    department: &[u32],
    departments: usize,
) -> ReportingLines {
    reporting_lines_of(
        g,
        ReportingTree::from_directory(directory),
        department,
        departments,
    )
}

/// [`reporting_lines`] against a tree built elsewhere (tests, a tree from another source).
/// The tree and `department` have one entry per node, and every group is below
/// `departments`. O(n + m).
pub fn reporting_lines_of(
    g: &InteractionGraph,
    tree: ReportingTree,
    department: &[u32],
    departments: usize,
) -> ReportingLines {
    let n = g.node_count();
    let mut overall = [WeightSum::default(); 4];
    let mut overall_total = WeightSum::default();
    let mut overall_ties = [0usize; 4];
    let mut per = vec![([WeightSum::default(); 4], WeightSum::default(), [0usize; 4]); departments];
    let mut class_of_tie = Vec::with_capacity(g.tie_count());
    for (i, t) in g.ties().iter().enumerate() {
        let (ds, dt) = (department[t.source as usize], department[t.target as usize]);
        let class = tree.class(t.source, t.target, ds, dt);
        let c = class.index();
        class_of_tie.push(class);
        g.add_to(&mut overall[c], i, Part::Both);
        g.add_to(&mut overall_total, i, Part::Both);
        overall_ties[c] += 1;
        let touched: &[u32] = if ds == dt { &[ds] } else { &[ds, dt] };
        for &d in touched {
            let (weights, total, ties) = &mut per[d as usize];
            g.add_to(&mut weights[c], i, Part::Both);
            g.add_to(total, i, Part::Both);
            ties[c] += 1;
        }
    }
    let weights = |sums: &[WeightSum; 4], total: &WeightSum, ties: [usize; 4]| LineWeights {
        weight: sums.map(|s| g.value(&s)),
        ties,
        total: g.value(total),
    };
    let overall = weights(&overall, &overall_total, overall_ties);
    let per_department = per
        .iter()
        .map(|(sums, total, ties)| weights(sums, total, *ties))
        .collect();

    let mut formal_share = Vec::with_capacity(n);
    let mut low_formal = Vec::new();
    for v in 0..n as u32 {
        let (mut formal, mut all) = (WeightSum::default(), WeightSum::default());
        for &tie in g.tie_ids(v) {
            let tie = tie as usize;
            g.add_to(&mut all, tie, Part::Both);
            if matches!(
                class_of_tie[tie],
                LineClass::ReportingLine | LineClass::Team
            ) {
                g.add_to(&mut formal, tie, Part::Both);
            }
        }
        let all = g.value(&all);
        let share = (g.degree(v) > 0 && all > 0.0).then(|| g.value(&formal) / all);
        if share.is_some_and(|s| s < LOW_FORMAL_SHARE) {
            low_formal.push(v);
        }
        formal_share.push(share);
    }
    ReportingLines {
        tree,
        class_of_tie,
        overall,
        per_department,
        formal_share,
        low_formal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_missing_managers_self_management_and_depths() {
        // 0 is the root; 1, 2 report to 0; 3 reports to 1; 4 names itself; 5 names nobody (9)
        let tree =
            ReportingTree::from_managers(&[None, Some(0), Some(0), Some(1), Some(4), Some(9)]);
        assert_eq!(tree.manager, [None, Some(0), Some(0), Some(1), None, None]);
        assert_eq!(
            tree.depth,
            [Some(0), Some(1), Some(1), Some(2), Some(0), Some(0)]
        );
        assert_eq!(tree.direct_reports, [2, 1, 0, 0, 0, 0]);
        assert_eq!(tree.roots, 3);
        assert_eq!(tree.missing_manager, [5]);
        assert_eq!(tree.missing_manager_ids, 1);
        assert_eq!(tree.self_managed, [4]);
        assert!(tree.on_cycle.is_empty());
        assert_eq!((tree.cycles, tree.under_cycle), (0, 0));
    }

    #[test]
    fn cycles_and_the_people_under_them() {
        // 0 ↔ 1 is a cycle, 2 reports to 1 and 3 to 2 (both under it); 4 → 5 → 6 → 4 another;
        // 7 is a root with 8 under it
        let tree = ReportingTree::from_managers(&[
            Some(1),
            Some(0),
            Some(1),
            Some(2),
            Some(5),
            Some(6),
            Some(4),
            None,
            Some(7),
        ]);
        assert_eq!(tree.on_cycle, [0, 1, 4, 5, 6]);
        assert_eq!(tree.cycles, 2);
        assert_eq!(tree.under_cycle, 2);
        assert_eq!(
            tree.depth,
            [None, None, None, None, None, None, None, Some(0), Some(1)]
        );
        assert_eq!(tree.roots, 1);
        // a walk that starts below a cycle: 0 → 1 → 2 ↔ 3
        let reversed = ReportingTree::from_managers(&[Some(1), Some(2), Some(3), Some(2)]);
        assert_eq!(reversed.on_cycle, [2, 3]);
        assert_eq!((reversed.cycles, reversed.under_cycle), (1, 2));
    }

    #[test]
    fn a_long_chain_is_walked_without_recursion() {
        let n = 200_000u32;
        let managers: Vec<Option<u32>> = (0..n).map(|i| i.checked_sub(1)).collect();
        let tree = ReportingTree::from_managers(&managers);
        assert_eq!(tree.depth[n as usize - 1], Some(n - 1));
        assert_eq!(tree.roots, 1);
    }

    /// manager 0 with reports 1, 2 (department 0) and 3 (department 1); 4 in department 0
    /// without a manager; 5 in department 1 without a manager.
    fn small_org() -> ReportingTree {
        ReportingTree::from_managers(&[None, Some(0), Some(0), Some(0), None, None])
    }

    #[test]
    fn each_tie_in_one_class_by_precedence() {
        let department = [0, 0, 0, 1, 0, 1];
        // 0-1 line (w 4), 0-3 line across departments (w 1), 1-2 team (w 2), 1-3 team across
        // departments (w 1), 2-4 department (w 1), 4-5 across (w 1): W = 10
        let g = InteractionGraph::from_weighted_ties(
            6,
            &[
                (0, 1, 4.0),
                (0, 3, 1.0),
                (1, 2, 2.0),
                (1, 3, 1.0),
                (2, 4, 1.0),
                (4, 5, 1.0),
            ],
        );
        let r = reporting_lines_of(&g, small_org(), &department, 2);
        use LineClass::*;
        assert_eq!(
            r.class_of_tie,
            [
                ReportingLine,
                ReportingLine,
                Team,
                Team,
                Department,
                AcrossDepartments
            ]
        );
        assert_eq!(r.overall.weight, [5.0, 3.0, 1.0, 1.0]);
        assert_eq!(r.overall.ties, [2, 2, 1, 1]);
        assert_eq!(r.overall.total, 10.0);
        assert_eq!(r.overall.shares(), Some([0.5, 0.3, 0.1, 0.1]));
        // department 0 touches every tie (W_0 = 10); department 1 the ties 0-3, 1-3, 4-5
        assert_eq!(r.per_department[0].weight, [5.0, 3.0, 1.0, 1.0]);
        assert_eq!(r.per_department[1].weight, [1.0, 1.0, 0.0, 1.0]);
        assert_eq!(r.per_department[1].total, 3.0);
        assert_eq!(r.per_department[1].share(Team), Some(1.0 / 3.0));
        // person 2: team 2 of 3; person 4: nothing formal; person 5: nothing formal either
        assert_eq!(r.formal_share[2], Some(2.0 / 3.0));
        assert_eq!(r.formal_share[0], Some(1.0));
        assert_eq!(r.formal_share[4], Some(0.0));
        assert_eq!(r.low_formal, [4, 5]);
    }

    #[test]
    fn roots_are_no_team_and_people_without_ties_have_no_share() {
        // 0 and 1 are both roots of the same department: their tie is "department", not "team"
        let g = InteractionGraph::from_weighted_ties(3, &[(0, 1, 1.0)]);
        let tree = ReportingTree::from_managers(&[None, None, None]);
        let r = reporting_lines_of(&g, tree, &[0, 0, 0], 1);
        assert_eq!(r.class_of_tie, [LineClass::Department]);
        assert_eq!(r.formal_share, [Some(0.0), Some(0.0), None]);
        assert_eq!(r.low_formal, [0, 1]);
        // no tie at all: no share anywhere
        let empty = InteractionGraph::from_weighted_ties(2, &[]);
        let r = reporting_lines_of(
            &empty,
            ReportingTree::from_managers(&[None, None]),
            &[0, 0],
            1,
        );
        assert_eq!(r.overall.shares(), None);
        assert!(r.low_formal.is_empty());
    }

    #[test]
    fn a_tie_inside_a_cycle_is_a_reporting_line() {
        let g = InteractionGraph::from_weighted_ties(2, &[(0, 1, 1.0)]);
        let tree = ReportingTree::from_managers(&[Some(1), Some(0)]);
        let r = reporting_lines_of(&g, tree, &[0, 1], 2);
        assert_eq!(r.class_of_tie, [LineClass::ReportingLine]);
        assert_eq!(r.tree.on_cycle, [0, 1]);
    }

    #[test]
    fn shares_are_exact_sums_of_the_ties() {
        use crate::graph::{TieAccumulator, Weighting};
        use crate::ingest::{Message, Sender};
        // 0 manages 1, 2, 3; 0 writes three times to 1, 2, 3 and two outsiders (k = 5): each
        // tie 0.6, whose float sum 0.6 + 0.6 + 0.6 is not 1.8
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
        let tree = ReportingTree::from_managers(&[None, Some(0), Some(0), Some(0)]);
        let r = reporting_lines_of(&g, tree, &[0; 4], 1);
        assert_eq!(r.overall.weight[0], 1.8);
        assert_eq!(r.overall.total, 1.8);
        assert_eq!(r.overall.share(LineClass::ReportingLine), Some(1.0));
    }
}

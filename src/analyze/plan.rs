//! Runs the selected analyses and times each stage: the one place that knows which pass
//! serves which measures (the BFS pass gives betweenness, edge betweenness and the
//! between-department betweenness together; the Dijkstra pass the weighted ones).

use std::time::Instant;

use crate::analyze::approx_betweenness::{BetweennessOptions, Estimates};
use crate::analyze::brokerage::{BrokerageRoles, Burt};
use crate::analyze::fragility::Fragility;
use crate::analyze::pair_brokers::DepartmentBrokers;
use crate::analyze::{
    Agreement, Analysis, Communities, Departments, Extras, HopBetweenness, Method, Selection,
    Structure,
};
use crate::graph::{InteractionGraph, PeriodFlows};
use crate::progress::Progress;

/// What to run, and on which departments.
#[derive(Debug, Clone, Copy)]
pub struct Plan<'a> {
    /// The analyses asked for.
    pub selection: Selection,
    /// Department index of each person.
    pub department: &'a [u32],
    /// Number of departments.
    pub departments: usize,
    /// Community detection method, resolution and seed (the seed also drives sampling).
    pub method: Method,
    /// Resolution γ of the community detection.
    pub resolution: f64,
    /// Seed of every randomized step.
    pub seed: u64,
    /// Exact or sampled betweenness (`--betweenness`, `--epsilon`, `--delta`).
    pub betweenness: BetweennessOptions,
    /// The groups the outputs report (small departments merged by the privacy stage): the
    /// group of each person and their number, or `None` when no group may be shown. The
    /// department tables and the links between departments are computed on these; everything
    /// else on the true departments.
    pub reported: Option<(&'a [u32], usize)>,
    /// The department flows attributed message by message (a directory of snapshots), which
    /// replace the weights of the department tables on the true departments and on the
    /// reported groups ([`crate::analyze::with_attributed_weights`]); `None` without
    /// snapshots: the weights are the ties'.
    pub attributed: Option<Attribution<'a>>,
}

/// Flows attributed to each person's department as of each message's date.
#[derive(Debug, Clone, Copy)]
pub struct Attribution<'a> {
    /// The directed flows between the true departments, summed over the period.
    pub flows: &'a PeriodFlows,
    /// The reported group of each true department, to fold the flows into the groups of
    /// `reported`; without it the reported groups keep the ties' weights.
    pub reported_of_department: Option<&'a [u32]>,
}

/// Brokerage measures: roles, Burt's measures, the brokers of each department pair.
pub type Brokerage = (Vec<BrokerageRoles>, Vec<Option<Burt>>, DepartmentBrokers);

/// Everything the analyses found (`None` for those not run), and the seconds per stage under
/// the names of `--timings`.
#[derive(Debug, Clone)]
pub struct Results {
    /// Betweenness by hops, edge betweenness, between-department betweenness.
    pub hop: Option<HopBetweenness>,
    /// Weighted betweenness and its between-department variant.
    pub weighted: Option<(Vec<f64>, Vec<f64>)>,
    /// Which betweenness passes were sampled, and their guarantees.
    pub estimates: Estimates,
    /// Brokerage measures.
    pub brokerage: Option<Brokerage>,
    /// Bridges, cut points, components.
    pub structure: Option<Structure>,
    /// Department measures on the true departments.
    pub departments: Option<Departments>,
    /// Department measures on the reported groups.
    pub grouped: Option<Departments>,
    /// Department-pair links, on the reported groups.
    pub fragility: Option<Fragility>,
    /// Communities, and their agreement with the true departments.
    pub communities: Option<(Communities, Agreement)>,
    /// Seconds per stage; a pass that serves several measures is counted under the first.
    pub timings: Vec<(&'static str, f64)>,
}

/// Runs `plan` on `g`, in the rayon pool of the caller.
pub fn run(g: &InteractionGraph, plan: &Plan<'_>, progress: &dyn Progress) -> Results {
    let has = |a| plan.selection.has(a);
    let mut timings = Vec::new();
    let t = Instant::now();
    let (want_nodes, want_ties, want_brokers) = (
        has(Analysis::Betweenness),
        has(Analysis::EdgeBetweenness),
        has(Analysis::Brokerage),
    );
    let cross = want_brokers.then_some(plan.department);
    let mut estimates = Estimates::default();
    let extras = Extras {
        ties: want_ties,
        departments: cross,
    };
    let hop = (want_nodes || want_ties || want_brokers).then(|| {
        if plan.betweenness.samples_hops(g) {
            let (hop, estimate) = crate::analyze::approx_betweenness::sampled_hop_betweenness(
                g,
                extras,
                plan.betweenness.accuracy,
                plan.seed,
                progress,
            );
            estimates.hops = Some(estimate);
            hop
        } else {
            crate::analyze::hop_betweenness_with(g, extras, progress)
        }
    });
    let pass = t.elapsed().as_secs_f64();
    timings.push(("betweenness", if want_nodes { pass } else { 0.0 }));
    timings.push((
        "edge_betweenness",
        if want_ties && !want_nodes { pass } else { 0.0 },
    ));
    let brokerage_pass = if want_brokers && !want_nodes && !want_ties {
        pass
    } else {
        0.0
    };

    let t = Instant::now();
    let left_out = has(Analysis::BetweennessWeighted) && plan.betweenness.leaves_out_weighted(g);
    if left_out {
        estimates.weighted_left_out = Some(crate::analyze::approx_betweenness::LeftOut {
            people: g.node_count(),
            ties: g.tie_count(),
        });
    }
    let weighted = (has(Analysis::BetweennessWeighted) && !left_out).then(|| {
        if plan.betweenness.samples_weighted(g) {
            let (weighted, estimate) =
                crate::analyze::approx_betweenness::sampled_weighted_betweenness(
                    g,
                    cross,
                    plan.betweenness.accuracy,
                    plan.seed,
                    progress,
                );
            estimates.weighted = Some(estimate);
            weighted
        } else {
            crate::analyze::weighted_betweenness_with(g, cross, progress)
        }
    });
    timings.push(("betweenness_weighted", t.elapsed().as_secs_f64()));

    let t = Instant::now();
    let brokerage = want_brokers.then(|| {
        (
            crate::analyze::brokerage::brokerage_roles(g, plan.department),
            crate::analyze::brokerage::burt(g),
            crate::analyze::pair_brokers::department_brokers(
                g,
                plan.department,
                plan.departments,
                plan.seed,
            ),
        )
    });
    timings.push(("brokerage", brokerage_pass + t.elapsed().as_secs_f64()));

    let t = Instant::now();
    let structure = has(Analysis::Bridges).then(|| crate::analyze::structure(g));
    timings.push(("bridges", t.elapsed().as_secs_f64()));

    let t = Instant::now();
    let departments = has(Analysis::Departments)
        .then(|| crate::analyze::departments(g, plan.department, plan.departments));
    let same_groups = plan
        .reported
        .is_some_and(|(of_each, count)| count == plan.departments && of_each == plan.department);
    let grouped = match (&departments, plan.reported) {
        (Some(d), _) if same_groups => Some(d.clone()),
        (Some(_), Some((of_each, count))) => Some(crate::analyze::departments(g, of_each, count)),
        _ => None,
    };
    let (departments, grouped) = match plan.attributed {
        Some(a) => (
            departments.map(|d| crate::analyze::with_attributed_weights(&d, a.flows)),
            match (grouped, a.reported_of_department) {
                (Some(d), _) if same_groups => {
                    Some(crate::analyze::with_attributed_weights(&d, a.flows))
                }
                (Some(d), Some(of_department)) => Some(
                    crate::analyze::with_attributed_group_weights(&d, a.flows, of_department),
                ),
                (grouped, _) => grouped,
            },
        ),
        None => (departments, grouped),
    };
    timings.push(("departments", t.elapsed().as_secs_f64()));

    let t = Instant::now();
    let fragility = plan
        .reported
        .filter(|_| has(Analysis::Fragility))
        .map(|(of_each, count)| {
            crate::analyze::fragility::fragility(
                g,
                of_each,
                count,
                structure
                    .as_ref()
                    .map(|s| s.is_articulation_point.as_slice()),
            )
        });
    timings.push(("fragility", t.elapsed().as_secs_f64()));

    let t = Instant::now();
    let communities = has(Analysis::Communities).then(|| {
        let found = crate::analyze::communities(g, plan.method, plan.resolution, plan.seed);
        let agreement = crate::analyze::agreement(&found.membership, plan.department);
        (found, agreement)
    });
    timings.push(("communities", t.elapsed().as_secs_f64()));

    Results {
        hop,
        weighted,
        estimates,
        brokerage,
        structure,
        departments,
        grouped,
        fragility,
        communities,
        timings,
    }
}

/// What to run for one more grouping (`--group-by site`): its group-level analyses only.
#[derive(Debug, Clone, Copy)]
pub struct LensPlan<'a> {
    /// The analyses asked for (the group-level ones among them are run).
    pub selection: Selection,
    /// True group of each person, and the number of groups.
    pub group: (&'a [u32], usize),
    /// The reported groups (small ones merged), or `None` when no group may be shown.
    pub reported: Option<(&'a [u32], usize)>,
    /// Seed of the sampled pair brokers and of a sampled between-group betweenness.
    pub seed: u64,
    /// Exact or sampled between-group betweenness.
    pub betweenness: BetweennessOptions,
}

/// The group-level results of one grouping: the same measures as the department ones, on its
/// groups (`None` for those not run).
#[derive(Debug, Clone)]
pub struct LensResults {
    /// Group measures on the true groups (modularity, ties to other groups per person).
    pub true_groups: Option<Departments>,
    /// Group measures on the reported groups.
    pub grouped: Option<Departments>,
    /// Links between reported groups that rest on one person.
    pub fragility: Option<Fragility>,
    /// Between-group betweenness by hops, Gould & Fernandez roles and the pair brokers, on
    /// the true groups.
    pub brokerage: Option<(Vec<f64>, Vec<BrokerageRoles>, DepartmentBrokers)>,
    /// How the between-group betweenness was sampled (`None`: exact).
    pub estimate: Option<crate::analyze::approx_betweenness::Estimate>,
}

/// Runs the group-level analyses of `plan` on `g`: O(n + m + G²) for the group measures,
/// O(n·m) for between-group betweenness (one more BFS pass), in the caller's rayon pool.
pub fn run_lens(
    g: &InteractionGraph,
    plan: &LensPlan<'_>,
    structure: Option<&Structure>,
    progress: &dyn Progress,
) -> LensResults {
    let has = |a| plan.selection.has(a);
    let (of_each, count) = plan.group;
    let true_groups =
        has(Analysis::Departments).then(|| crate::analyze::departments(g, of_each, count));
    let grouped = match (&true_groups, plan.reported) {
        (Some(d), Some((r, c))) if c == count && r == of_each => Some(d.clone()),
        (Some(_), Some((r, c))) => Some(crate::analyze::departments(g, r, c)),
        _ => None,
    };
    let fragility = plan
        .reported
        .filter(|_| has(Analysis::Fragility))
        .map(|(r, c)| {
            crate::analyze::fragility::fragility(
                g,
                r,
                c,
                structure.map(|s| s.is_articulation_point.as_slice()),
            )
        });
    let mut estimate = None;
    let brokerage = has(Analysis::Brokerage).then(|| {
        let between = if plan.betweenness.samples_hops(g) {
            let extras = Extras {
                ties: false,
                departments: Some(of_each),
            };
            let (hop, e) = crate::analyze::approx_betweenness::sampled_hop_betweenness(
                g,
                extras,
                plan.betweenness.accuracy,
                plan.seed,
                progress,
            );
            estimate = Some(e);
            hop.between_departments
        } else {
            crate::analyze::between_department_betweenness(g, of_each, progress)
        };
        (
            between,
            crate::analyze::brokerage::brokerage_roles(g, of_each),
            crate::analyze::pair_brokers::department_brokers(g, of_each, count, plan.seed),
        )
    });
    LensResults {
        true_groups,
        grouped,
        fragility,
        brokerage,
        estimate,
    }
}

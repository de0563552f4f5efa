//! Runs the selected analyses and times each stage: the one place that knows which pass
//! serves which measures (the BFS pass gives betweenness, edge betweenness and the
//! between-department betweenness together; the Dijkstra pass the weighted ones).

use std::time::Instant;

use crate::analyze::brokerage::{BrokerageRoles, Burt};
use crate::analyze::fragility::Fragility;
use crate::analyze::pair_brokers::DepartmentBrokers;
use crate::analyze::{
    Analysis, Communities, Departments, Extras, HopBetweenness, Method, Selection, Structure,
};
use crate::graph::InteractionGraph;
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
    /// Leave the department-pair links to the report (small departments will be merged, and
    /// the links are only reported between the merged groups).
    pub defer_fragility: bool,
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
    /// Brokerage measures.
    pub brokerage: Option<Brokerage>,
    /// Bridges, cut points, components.
    pub structure: Option<Structure>,
    /// Department measures.
    pub departments: Option<Departments>,
    /// Department-pair links (unless deferred).
    pub fragility: Option<Fragility>,
    /// Communities.
    pub communities: Option<Communities>,
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
    let hop = (want_nodes || want_ties || want_brokers).then(|| {
        crate::analyze::hop_betweenness_with(
            g,
            Extras {
                ties: want_ties,
                departments: cross,
            },
            progress,
        )
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
    let weighted = has(Analysis::BetweennessWeighted)
        .then(|| crate::analyze::weighted_betweenness_with(g, cross, progress));
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
    timings.push(("departments", t.elapsed().as_secs_f64()));

    let t = Instant::now();
    let fragility = (has(Analysis::Fragility) && !plan.defer_fragility).then(|| {
        crate::analyze::fragility::fragility(
            g,
            plan.department,
            plan.departments,
            structure
                .as_ref()
                .map(|s| s.is_articulation_point.as_slice()),
        )
    });
    timings.push(("fragility", t.elapsed().as_secs_f64()));

    let t = Instant::now();
    let communities = has(Analysis::Communities)
        .then(|| crate::analyze::communities(g, plan.method, plan.resolution, plan.seed));
    timings.push(("communities", t.elapsed().as_secs_f64()));

    Results {
        hop,
        weighted,
        brokerage,
        structure,
        departments,
        fragility,
        communities,
        timings,
    }
}

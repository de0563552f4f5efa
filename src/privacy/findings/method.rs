//! How the betweenness measures were computed, as the outputs state it: exact, or sampled with
//! the guarantee of [`crate::analyze::approx_betweenness`]. O(1).

use serde::Serialize;

use crate::analyze::Run;
use crate::analyze::approx_betweenness::{Estimate, Guarantee};

/// The betweenness passes of a run (`None` for a pass that did not run).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BetweennessFacts {
    /// By hops: people, ties and between groups.
    pub hops: Option<MethodFacts>,
    /// Weighted: people and between groups.
    pub weighted: Option<MethodFacts>,
    /// The weighted pass was asked for but left out on a graph this large (`--betweenness
    /// auto`): its people and ties.
    pub weighted_left_out: Option<LeftOutFacts>,
}

/// The size of the graph on which a pass was left out.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LeftOutFacts {
    /// People of the graph.
    pub people: usize,
    /// Ties of the graph.
    pub ties: usize,
    /// The n·m above which `auto` leaves the pass out.
    pub above_people_times_ties: u64,
}

/// One pass.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MethodFacts {
    /// `exact` or `sampled`.
    pub method: &'static str,
    /// People (and ties, by hops), when sampled.
    pub people_and_ties: Option<GuaranteeFacts>,
    /// Between-group betweenness, when sampled.
    pub between_groups: Option<GuaranteeFacts>,
}

/// With probability at least 1 − `delta`, every value is within `epsilon` of the exact one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GuaranteeFacts {
    /// Largest absolute error of a normalized value.
    pub epsilon: f64,
    /// Risk that some value misses by more.
    pub delta: f64,
    /// Pairs of people sampled.
    pub samples: u64,
    /// The bound used on the people of a shortest path.
    pub vertex_diameter_bound: u64,
    /// `vc_dimension` (Riondato & Kornaropoulos) or `hoeffding_union`.
    pub sample_bound: &'static str,
}

impl From<Guarantee> for GuaranteeFacts {
    fn from(g: Guarantee) -> GuaranteeFacts {
        GuaranteeFacts {
            epsilon: g.epsilon,
            delta: g.delta,
            samples: g.samples,
            vertex_diameter_bound: g.vertex_diameter_bound,
            sample_bound: g.bound.name(),
        }
    }
}

fn pass(ran: bool, estimate: Option<Estimate>) -> Option<MethodFacts> {
    ran.then(|| match estimate {
        None => MethodFacts {
            method: "exact",
            people_and_ties: None,
            between_groups: None,
        },
        Some(e) => MethodFacts {
            method: "sampled",
            people_and_ties: Some(e.pairs.into()),
            between_groups: e.between_departments.map(Into::into),
        },
    })
}

/// The facts of `run`'s passes.
pub(super) fn betweenness_facts(run: &Run<'_>) -> BetweennessFacts {
    let hops_ran = run.betweenness.is_some()
        || run.edge_betweenness.is_some()
        || run
            .brokerage
            .is_some_and(|b| b.between_departments.is_some());
    BetweennessFacts {
        hops: pass(hops_ran, run.estimates.hops),
        weighted: pass(run.betweenness_weighted.is_some(), run.estimates.weighted),
        weighted_left_out: run.estimates.weighted_left_out.map(|l| LeftOutFacts {
            people: l.people,
            ties: l.ties,
            above_people_times_ties: crate::analyze::approx_betweenness::AUTO_WEIGHTED_WORK,
        }),
    }
}

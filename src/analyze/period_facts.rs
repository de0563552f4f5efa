//! The person-level facts of one period that a comparison of periods follows from one to the
//! next: who is a cut point, which ties are bridges, who carries the paths between two groups,
//! which links between groups rest on one person. Yes/no facts of one analysis: point
//! estimates, without an interval (resampling them would cost one full analysis per resample).

use crate::analyze::community::Agreement;
use crate::analyze::run::Run;

/// The facts of one period, under the directory's person indexes (the same in every period).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeriodFacts {
    /// People whose removal disconnects the network (articulation points), sorted; `None`
    /// when the bridges analysis did not run.
    pub cut_points: Option<Vec<u32>>,
    /// Ties that are bridges, as (low, high) person pairs, sorted.
    pub bridges: Option<Vec<(u32, u32)>>,
    /// People who carry the most paths between some pair of reported groups (the first of a
    /// pair's brokers), sorted; `None` when brokerage did not run.
    pub brokers: Option<Vec<u32>>,
    /// Links between two reported groups that rest on one person: (a, b, person), sorted;
    /// `None` when fragility did not run.
    pub sole_spanners: Option<Vec<(u32, u32, u32)>>,
    /// Agreement of the communities with the departments.
    pub agreement: Option<Agreement>,
}

impl PeriodFacts {
    /// The facts of a run. O(n + m + pairs).
    pub fn of(run: &Run<'_>) -> PeriodFacts {
        let cut_points = run.structure.map(|s| {
            (0..s.is_articulation_point.len() as u32)
                .filter(|&v| s.is_articulation_point[v as usize])
                .collect()
        });
        let bridges = run.structure.map(|s| {
            let mut b: Vec<(u32, u32)> = run
                .graph
                .ties()
                .iter()
                .zip(&s.is_bridge)
                .filter(|(_, is)| **is)
                .map(|(t, _)| (t.source, t.target))
                .collect();
            b.sort_unstable();
            b
        });
        let brokers = run.brokerage.as_ref().map(|b| {
            let mut people: Vec<u32> = b
                .pairs
                .pairs
                .iter()
                .filter_map(|p| p.top.first().map(|t| t.0))
                .collect();
            people.sort_unstable();
            people.dedup();
            people
        });
        let sole_spanners = run.fragility.map(|f| {
            let mut s: Vec<(u32, u32, u32)> = f
                .pairs
                .iter()
                .filter_map(|p| p.sole_spanner.map(|v| (p.a, p.b, v)))
                .collect();
            s.sort_unstable();
            s
        });
        PeriodFacts {
            cut_points,
            bridges,
            brokers,
            sole_spanners,
            agreement: run.communities.as_ref().map(|c| c.agreement),
        }
    }
}

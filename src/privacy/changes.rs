//! The findings of a comparison of two periods, as they may be shown: group pairs and groups
//! under their reported labels (small groups merged), people under their pseudonyms and only
//! when person-level outputs are allowed, clear changes first. Rendered alike by the
//! comparison's summary.md, report.html, summary.json and CSV files.

use serde::Serialize;

use crate::analyze::change::{Change, Changes, Verdict};
use crate::analyze::group_matrix::possible_pairs;
use crate::analyze::{Agreement, PeriodFacts};

/// A period of the comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodSummary {
    /// `before` or `after`.
    pub name: &'static str,
    /// First day (YYYY-MM-DD, in the time zone).
    pub first_day: String,
    /// Last day included.
    pub last_day: String,
    /// Calendar days.
    pub days: usize,
    /// Bootstrap blocks (days or weeks).
    pub blocks: usize,
    /// Messages that added weight.
    pub messages: u64,
    /// Too little activity to tell changes from noise (see [`is_low_activity`]).
    pub low_activity: bool,
}

/// Blocks under which a period is flagged: a bootstrap of fewer blocks has too few distinct
/// resamples for its intervals to mean much.
pub const LOW_ACTIVITY_BLOCKS: usize = 6;
/// Messages per day under which a period is flagged.
pub const LOW_ACTIVITY_MESSAGES_PER_DAY: f64 = 1.0;

/// Whether a period has too little activity for its changes to be told from noise: fewer
/// than [`LOW_ACTIVITY_BLOCKS`] blocks or fewer than [`LOW_ACTIVITY_MESSAGES_PER_DAY`]
/// messages a day. Flagged, never hidden.
pub fn is_low_activity(blocks: usize, days: usize, messages: u64) -> bool {
    blocks < LOW_ACTIVITY_BLOCKS
        || days == 0
        || (messages as f64) < LOW_ACTIVITY_MESSAGES_PER_DAY * days as f64
}

/// A measure before and after, its change and interval, as shown.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Shown {
    /// Before.
    pub before: Option<f64>,
    /// After.
    pub after: Option<f64>,
    /// after − before.
    pub change: Option<f64>,
    /// Interval of the change (low, high).
    pub interval: Option<(f64, f64)>,
    /// The verdict.
    pub verdict: VerdictShown,
}

/// A verdict as serialized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictShown {
    /// The interval lies above 0.
    ClearIncrease,
    /// The interval lies below 0.
    ClearDecrease,
    /// Not told from noise.
    NoClearChange,
}

impl From<&Change> for Shown {
    fn from(c: &Change) -> Shown {
        Shown {
            before: c.before,
            after: c.after,
            change: c.change(),
            interval: c.interval,
            verdict: match c.verdict() {
                Verdict::ClearIncrease => VerdictShown::ClearIncrease,
                Verdict::ClearDecrease => VerdictShown::ClearDecrease,
                Verdict::NoClearChange => VerdictShown::NoClearChange,
            },
        }
    }
}

impl Shown {
    /// The change relative to before, when before is not 0.
    pub fn relative(&self) -> Option<f64> {
        let (b, c) = (self.before?, self.change?);
        (b != 0.0).then(|| c / b)
    }
}

/// One pair of groups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairRow {
    /// Group a.
    pub a: String,
    /// Group b.
    pub b: String,
    /// Weight per day.
    pub per_day: Shown,
    /// Weight per day over the possible pairs of people, before and after.
    pub per_possible_pair: (Option<f64>, Option<f64>),
    /// The person the link rested on, in each period (person-level outputs only).
    pub rested_on: (Option<String>, Option<String>),
}

/// One group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupRow {
    /// The group.
    pub group: String,
    /// People in the directory.
    pub headcount: usize,
    /// Share of its weight with other groups.
    pub cross_share: Shown,
    /// E-I index on weights.
    pub ei_index: Shown,
    /// Weight per day with the other groups.
    pub external_per_day: Shown,
}

/// What changed for one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonChange {
    /// A top broker between two groups after, not before.
    BecameBroker,
    /// A top broker before, not after.
    StoppedBeingBroker,
    /// A cut point after, not before.
    NewCutPoint,
    /// A cut point before, not after.
    NoLongerCutPoint,
}

impl PersonChange {
    /// The CSV's words.
    pub fn key(self) -> &'static str {
        match self {
            PersonChange::BecameBroker => "became a broker",
            PersonChange::StoppedBeingBroker => "stopped being a broker",
            PersonChange::NewCutPoint => "new cut point",
            PersonChange::NoLongerCutPoint => "no longer a cut point",
        }
    }
}

/// A person whose role changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonRow {
    /// The person's shown label (a pseudonym by default).
    pub person: String,
    /// Their reported group.
    pub group: String,
    /// What changed.
    pub change: PersonChange,
}

/// Everything a comparison tells.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeFindings {
    /// What the groups are (`department`, `site`…).
    pub grouping: String,
    /// The two periods.
    pub periods: [PeriodSummary; 2],
    /// Resamples, blocks, confidence and seed.
    pub resamples: usize,
    /// `day` or `week`.
    pub block: &'static str,
    /// Confidence level of the intervals.
    pub confidence: f64,
    /// Seed of the resamples.
    pub seed: u64,
    /// Every pair of different groups: clear increases first (largest first), then clear
    /// decreases, then the rest by the size of their change.
    pub pairs: Vec<PairRow>,
    /// Every group, in label order.
    pub groups: Vec<GroupRow>,
    /// Share of the whole weight between groups.
    pub cross_share: Shown,
    /// Modularity of the partition into groups.
    pub modularity: Shown,
    /// Total weight per day.
    pub weight_per_day: Shown,
    /// Agreement of the communities with the departments, before and after.
    pub agreement: (Option<Agreement>, Option<Agreement>),
    /// Bridges (ties whose loss splits the network): how many in each period, how many are
    /// new after, how many were lost.
    pub bridges: Option<BridgeCounts>,
    /// People whose role changed (person-level outputs only), by change then label.
    pub people: Option<Vec<PersonRow>>,
    /// Groups that exchanged in one period only: (before only, after only), by label.
    pub active_in_one_period: (Vec<String>, Vec<String>),
    /// People who moved department from the start of the first period to the end of the
    /// second (a directory with snapshots only).
    pub people_moved: Option<usize>,
}

/// Bridges in both periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BridgeCounts {
    /// Before.
    pub before: usize,
    /// After.
    pub after: usize,
    /// After and not before.
    pub new: usize,
    /// Before and not after.
    pub lost: usize,
}

/// How groups and people are shown.
pub struct ChangeView<'a> {
    /// The grouping's name.
    pub grouping: &'a str,
    /// Reported group labels.
    pub labels: &'a [String],
    /// Headcount of each reported group.
    pub headcounts: &'a [usize],
    /// Shown label of each person, when person-level outputs are allowed.
    pub people: Option<&'a dyn Fn(u32) -> String>,
    /// Reported group of each person (for the people's rows), by person index.
    pub group_of_person: &'a [Option<u32>],
}

impl ChangeFindings {
    /// The findings of `changes` and of the two periods' facts, shown under `view`.
    /// O(G² log G + n).
    pub fn new(
        changes: &Changes,
        periods: [PeriodSummary; 2],
        facts: [&PeriodFacts; 2],
        view: &ChangeView<'_>,
    ) -> ChangeFindings {
        let label = |g: u32| view.labels[g as usize].clone();
        let person = |v: u32| view.people.map(|p| p(v));
        let rested_on = |f: &PeriodFacts, a: u32, b: u32| {
            f.sole_spanners.as_ref().and_then(|s| {
                s.iter()
                    .find(|x| (x.0, x.1) == (a, b))
                    .and_then(|x| person(x.2))
            })
        };
        let per_pair = |per_day: Option<f64>, a: u32, b: u32| {
            Some(per_day? / possible_pairs(view.headcounts, a as usize, b as usize)?)
        };
        let mut pairs: Vec<PairRow> = changes
            .pairs
            .iter()
            .filter(|p| p.a != p.b)
            .map(|p| PairRow {
                a: label(p.a),
                b: label(p.b),
                per_day: Shown::from(&p.per_day),
                per_possible_pair: (
                    per_pair(p.per_day.before, p.a, p.b),
                    per_pair(p.per_day.after, p.a, p.b),
                ),
                rested_on: (rested_on(facts[0], p.a, p.b), rested_on(facts[1], p.a, p.b)),
            })
            .collect();
        pairs.sort_by(|x, y| {
            let size = |r: &PairRow| r.per_day.change.unwrap_or(0.0).abs();
            x.per_day
                .verdict
                .cmp(&y.per_day.verdict)
                .then(size(y).total_cmp(&size(x)))
                .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
        });
        let groups = changes
            .groups
            .iter()
            .enumerate()
            .map(|(g, c)| GroupRow {
                group: label(g as u32),
                headcount: view.headcounts[g],
                cross_share: Shown::from(&c.cross_share),
                ei_index: Shown::from(&c.ei_index),
                external_per_day: Shown::from(&c.external_per_day),
            })
            .collect();
        let bridges = match (&facts[0].bridges, &facts[1].bridges) {
            (Some(b), Some(a)) => Some(BridgeCounts {
                before: b.len(),
                after: a.len(),
                new: a.iter().filter(|x| b.binary_search(x).is_err()).count(),
                lost: b.iter().filter(|x| a.binary_search(x).is_err()).count(),
            }),
            _ => None,
        };
        let people = view.people.map(|_| {
            let mut rows = Vec::new();
            let mut add = |before: &Option<Vec<u32>>, after: &Option<Vec<u32>>, gained, lost| {
                let (Some(b), Some(a)) = (before, after) else {
                    return;
                };
                for (list, other, what) in [(a, b, gained), (b, a, lost)] {
                    for &v in list {
                        if other.binary_search(&v).is_err()
                            && let (Some(p), Some(g)) =
                                (person(v), view.group_of_person[v as usize])
                        {
                            rows.push(PersonRow {
                                person: p,
                                group: label(g),
                                change: what,
                            });
                        }
                    }
                }
            };
            add(
                &facts[0].brokers,
                &facts[1].brokers,
                PersonChange::BecameBroker,
                PersonChange::StoppedBeingBroker,
            );
            add(
                &facts[0].cut_points,
                &facts[1].cut_points,
                PersonChange::NewCutPoint,
                PersonChange::NoLongerCutPoint,
            );
            rows.sort_by(|x, y| (x.change, &x.person).cmp(&(y.change, &y.person)));
            rows
        });
        let mut before_only = Vec::new();
        let mut after_only = Vec::new();
        for (g, c) in changes.groups.iter().enumerate() {
            match (c.cross_share.before, c.cross_share.after) {
                (Some(_), None) => before_only.push(label(g as u32)),
                (None, Some(_)) => after_only.push(label(g as u32)),
                _ => {}
            }
        }
        ChangeFindings {
            active_in_one_period: (before_only, after_only),
            people_moved: None,
            grouping: view.grouping.to_string(),
            periods,
            resamples: changes.bootstrap.resamples,
            block: changes.bootstrap.block.key(),
            confidence: changes.bootstrap.confidence,
            seed: changes.bootstrap.seed,
            pairs,
            groups,
            cross_share: Shown::from(&changes.cross_share),
            modularity: Shown::from(&changes.modularity),
            weight_per_day: Shown::from(&changes.weight_per_day),
            agreement: (facts[0].agreement, facts[1].agreement),
            bridges,
            people,
        }
    }

    /// The pairs whose flow clearly rose, in order.
    pub fn clear_increases(&self) -> impl Iterator<Item = &PairRow> {
        self.pairs
            .iter()
            .filter(|p| p.per_day.verdict == VerdictShown::ClearIncrease)
    }

    /// The pairs whose flow clearly fell, in order.
    pub fn clear_decreases(&self) -> impl Iterator<Item = &PairRow> {
        self.pairs
            .iter()
            .filter(|p| p.per_day.verdict == VerdictShown::ClearDecrease)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_with_few_blocks_or_messages_is_flagged() {
        assert!(is_low_activity(5, 35, 1000));
        assert!(is_low_activity(26, 182, 100));
        assert!(!is_low_activity(26, 182, 5000));
        assert!(is_low_activity(0, 0, 0));
    }
}

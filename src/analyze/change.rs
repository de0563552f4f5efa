//! The change of the group-level measures between two periods, with confidence intervals from
//! a seeded block bootstrap.
//!
//! Messages cluster in time (a project week, a crisis, the holidays), so single messages are
//! not independent draws and resampling them would give intervals far too narrow. Each period
//! is cut into calendar blocks (days, or ISO weeks, the default: a week holds the weekly rhythm
//! of work), and each resample draws as many blocks as the period has, with replacement, from
//! that period alone: the non-overlapping block bootstrap (Carlstein 1986, Ann. Statist.
//! 14:1171; Künsch 1989, Ann. Statist. 17:1217; Efron & Tibshirani 1993, ch. 8). A measure's
//! change is after − before on the whole periods; its standard error is the standard deviation
//! of the resampled after − before, inflated by √(B/(B − 1)) for the B blocks of the shorter
//! period (the bootstrap variance of a mean of B blocks is (B − 1)/B of the unbiased one), and
//! its interval is change ± t·SE with t the Student quantile at B − 1 degrees of freedom: the
//! standard interval (Efron & Tibshirani 1993, §6.4 and §13.2: 200 resamples estimate a
//! standard error well, while the tails of a percentile interval need about 1,000), with the
//! small-sample quantile that a handful of weeks calls for. The change is *clear* when the
//! interval excludes 0. Flows are per day (the weight of the drawn blocks over their
//! calendar days), so that periods of different lengths compare; shares, E-I and modularity
//! are ratios and need no such scaling.
//!
//! Resample r of the before period draws from stream 2r of the seed, of the after period from
//! stream 2r + 1: the same seed gives the same intervals whatever the number of threads.
//! Cost: O(R · (B · P + G²)) for R resamples, B blocks per period, P group pairs that exchanged
//! in a block, G groups.

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use crate::analyze::group_matrix::GroupMatrix;
use crate::analyze::rng::Rng;
use crate::graph::daily::DailyFlows;

/// What a bootstrap block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// One calendar day.
    Day,
    /// One ISO week (Monday to Sunday; the first and last weeks of a period may be partial).
    Week,
}

impl BlockKind {
    /// `day` or `week`.
    pub fn key(self) -> &'static str {
        match self {
            BlockKind::Day => "day",
            BlockKind::Week => "week",
        }
    }
}

/// The bootstrap's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bootstrap {
    /// Number of resamples (200 by default).
    pub resamples: usize,
    /// Blocks resampled.
    pub block: BlockKind,
    /// Confidence level of the intervals (0.95 by default).
    pub confidence: f64,
    /// Seed of the draws.
    pub seed: u64,
}

/// A block: its calendar days and its flows `(a, b, weight)`, a ≤ b, sorted.
type Block = (usize, Vec<(u32, u32, f64)>);

/// One period cut into blocks, on the reported groups.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodBlocks {
    blocks: Vec<Block>,
    groups: usize,
    messages: u64,
}

impl PeriodBlocks {
    /// Cuts `flows` into blocks and folds its groups into the reported ones (`of_group[g]`;
    /// `None`: suppressed). O(days · pairs).
    pub fn new(
        flows: &DailyFlows,
        of_group: &[Option<u32>],
        groups: usize,
        kind: BlockKind,
    ) -> PeriodBlocks {
        let block_of = |date: NaiveDate| match kind {
            BlockKind::Day => (date.year(), date.ordinal()),
            BlockKind::Week => {
                let w = date.iso_week();
                (w.year(), w.week())
            }
        };
        let mut blocks: Vec<Block> = Vec::new();
        let mut current = None;
        let mut messages = 0;
        for day in &flows.days {
            messages += day.messages;
            let key = block_of(day.date);
            if current != Some(key) {
                current = Some(key);
                blocks.push((0, Vec::new()));
            }
            let Some(block) = blocks.last_mut() else {
                continue;
            };
            block.0 += 1;
            for &(from, to, w) in &day.flows {
                let (Some(a), Some(b)) = (of_group[from as usize], of_group[to as usize]) else {
                    continue;
                };
                block.1.push((a.min(b), a.max(b), w));
            }
        }
        for (_, flows) in &mut blocks {
            flows.sort_unstable_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)).then(x.2.total_cmp(&y.2)));
            let mut merged: Vec<(u32, u32, f64)> = Vec::with_capacity(flows.len());
            for &(a, b, w) in flows.iter() {
                match merged.last_mut() {
                    Some(last) if last.0 == a && last.1 == b => last.2 += w,
                    _ => merged.push((a, b, w)),
                }
            }
            *flows = merged;
        }
        PeriodBlocks {
            blocks,
            groups,
            messages,
        }
    }

    /// Number of blocks.
    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    /// True without any block (an empty period).
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Calendar days of the period.
    pub fn days(&self) -> usize {
        self.blocks.iter().map(|b| b.0).sum()
    }

    /// Messages that added weight in the period.
    pub fn messages(&self) -> u64 {
        self.messages
    }

    /// The matrix of the blocks picked (a block picked twice counts twice) and their days.
    fn matrix_of(&self, picks: impl Iterator<Item = usize>) -> (GroupMatrix, usize) {
        let g = self.groups;
        let mut m = GroupMatrix::zero(g);
        let mut days = 0;
        for i in picks {
            let (d, flows) = &self.blocks[i];
            days += d;
            for &(a, b, w) in flows {
                let (a, b) = (a as usize, b as usize);
                m.weights[a * g + b] += w;
                if a != b {
                    m.weights[b * g + a] += w;
                }
            }
        }
        (m, days)
    }

    /// The whole period's matrix and days.
    pub fn matrix(&self) -> (GroupMatrix, usize) {
        self.matrix_of(0..self.blocks.len())
    }
}

/// A measure in both periods and its change.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    /// Before (`None`: undefined, e.g. a group without any exchange).
    pub before: Option<f64>,
    /// After.
    pub after: Option<f64>,
    /// The interval of after − before at the chosen confidence; `None` when undefined in too
    /// many resamples.
    pub interval: Option<(f64, f64)>,
}

/// Whether a change is told from noise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// The interval lies above 0.
    ClearIncrease,
    /// The interval lies below 0.
    ClearDecrease,
    /// The interval holds 0 (or the measure is undefined).
    NoClearChange,
}

impl Verdict {
    /// `clear increase`, `clear decrease`, `no clear change` (the CSV's words).
    pub fn key(self) -> &'static str {
        match self {
            Verdict::ClearIncrease => "clear increase",
            Verdict::ClearDecrease => "clear decrease",
            Verdict::NoClearChange => "no clear change",
        }
    }
}

impl Change {
    /// after − before, when both are defined.
    pub fn change(&self) -> Option<f64> {
        Some(self.after? - self.before?)
    }

    /// Clear when the interval excludes 0.
    pub fn verdict(&self) -> Verdict {
        match (self.change(), self.interval) {
            (Some(_), Some((low, _))) if low > 0.0 => Verdict::ClearIncrease,
            (Some(_), Some((_, high))) if high < 0.0 => Verdict::ClearDecrease,
            _ => Verdict::NoClearChange,
        }
    }
}

/// The change of one pair of groups' flow per day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairChange {
    /// Group a.
    pub a: u32,
    /// Group b (a ≤ b; inside a group when equal).
    pub b: u32,
    /// Weight per day.
    pub per_day: Change,
}

/// The change of one group's measures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupChange {
    /// Share of its weight with other groups.
    pub cross_share: Change,
    /// E-I index on weights.
    pub ei_index: Change,
    /// Weight per day with the other groups.
    pub external_per_day: Change,
}

/// Every change between the two periods.
#[derive(Debug, Clone, PartialEq)]
pub struct Changes {
    /// Every pair a ≤ b, in (a, b) order.
    pub pairs: Vec<PairChange>,
    /// Per group.
    pub groups: Vec<GroupChange>,
    /// Share of the whole weight between groups.
    pub cross_share: Change,
    /// Modularity of the partition into the groups.
    pub modularity: Change,
    /// Total weight per day.
    pub weight_per_day: Change,
    /// The settings used.
    pub bootstrap: Bootstrap,
    /// Blocks and days of each period.
    pub blocks: [(usize, usize); 2],
}

/// The measures of one period (or resample) in a fixed order: pairs per day, then per group
/// cross share, E-I and external weight per day, then the organisation's cross share,
/// modularity and weight per day. NaN where undefined.
fn measures(m: &GroupMatrix, days: usize) -> Vec<f64> {
    let g = m.groups;
    let per_day = |w: f64| {
        if days > 0 { w / days as f64 } else { f64::NAN }
    };
    let mut out = Vec::with_capacity(g * (g + 1) / 2 + 3 * g + 3);
    for a in 0..g {
        for b in a..g {
            out.push(per_day(m.weight(a, b)));
        }
    }
    for x in 0..g {
        out.push(m.cross_share(x).unwrap_or(f64::NAN));
        out.push(m.ei_index(x).unwrap_or(f64::NAN));
        out.push(per_day(m.external(x)));
    }
    out.push(m.overall_cross_share().unwrap_or(f64::NAN));
    out.push(m.modularity().unwrap_or(f64::NAN));
    out.push(per_day(m.total()));
    out
}

/// Share of resamples in which a measure must be defined for its interval to be given.
const DEFINED_SHARE: f64 = 0.9;

/// The interval change ± t·SE, SE the standard deviation of the finite resampled changes
/// times √(B/(B − 1)) for B blocks, t the Student quantile at B − 1 degrees of freedom;
/// `None` when fewer than [`DEFINED_SHARE`] of them are finite, when there are fewer than two,
/// with fewer than two blocks, or without a change.
fn normal_interval(
    change: Option<f64>,
    values: &[f64],
    blocks: usize,
    confidence: f64,
) -> Option<(f64, f64)> {
    let change = change?;
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if finite.len() < 2 || (finite.len() as f64) < DEFINED_SHARE * values.len() as f64 {
        return None;
    }
    let n = finite.len() as f64;
    let mean = finite.iter().sum::<f64>() / n;
    let variance = finite.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    if blocks < 2 {
        return None;
    }
    let b = blocks as f64;
    let se = (variance * b / (b - 1.0)).sqrt();
    let t = student_quantile(0.5 + confidence / 2.0, b - 1.0);
    Some((change - t * se, change + t * se))
}

/// The quantile of Student's t distribution with `nu` degrees of freedom, from the normal
/// one by the Cornish-Fisher expansion of Abramowitz & Stegun 26.7.5 (four terms: within
/// 10⁻³ of the tables from 3 degrees of freedom on, 10⁻⁵ from 10).
pub fn student_quantile(p: f64, nu: f64) -> f64 {
    let z = normal_quantile(p);
    let z3 = z.powi(3);
    let z5 = z.powi(5);
    let z7 = z.powi(7);
    let z9 = z.powi(9);
    z + (z3 + z) / (4.0 * nu)
        + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * nu.powi(2))
        + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * nu.powi(3))
        + (79.0 * z9 + 776.0 * z7 + 1482.0 * z5 - 1920.0 * z3 - 945.0 * z) / (92160.0 * nu.powi(4))
}

/// The quantile function of the standard normal distribution, by Acklam's rational
/// approximation (relative error under 1.2·10⁻⁹) for p in (0, 1).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let low = 0.02425;
    if p < low {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - low {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -normal_quantile(1.0 - p)
    }
}

/// Compares the two periods: each measure on the whole periods, and its interval from
/// `bootstrap.resamples` resamples of each period's blocks. Periods without any block give
/// undefined measures.
pub fn compare(before: &PeriodBlocks, after: &PeriodBlocks, bootstrap: &Bootstrap) -> Changes {
    let g = before.groups;
    let point = |p: &PeriodBlocks| {
        let (m, days) = p.matrix();
        measures(&m, days)
    };
    let (point_before, point_after) = (point(before), point(after));
    let draw = |p: &PeriodBlocks, stream: u64| {
        let mut rng = Rng::for_stream(bootstrap.seed, stream);
        let n = p.len();
        let picks: Vec<usize> = (0..n).map(|_| rng.below(n)).collect();
        let (m, days) = p.matrix_of(picks.into_iter());
        measures(&m, days)
    };
    let resampled: Vec<Vec<f64>> = (0..bootstrap.resamples as u64)
        .into_par_iter()
        .map(|r| {
            let b = draw(before, 2 * r);
            let a = draw(after, 2 * r + 1);
            a.iter().zip(&b).map(|(a, b)| a - b).collect()
        })
        .collect();
    let blocks = before.len().min(after.len());
    let changes: Vec<Change> = (0..point_before.len())
        .map(|i| {
            let values: Vec<f64> = resampled.iter().map(|r| r[i]).collect();
            let defined = |v: f64| v.is_finite().then_some(v);
            let (before, after) = (defined(point_before[i]), defined(point_after[i]));
            let change = before.zip(after).map(|(b, a)| a - b);
            Change {
                before,
                after,
                interval: normal_interval(change, &values, blocks, bootstrap.confidence),
            }
        })
        .collect();
    let mut next = changes.into_iter();
    let mut take = || {
        next.next().unwrap_or(Change {
            before: None,
            after: None,
            interval: None,
        })
    };
    let mut pairs = Vec::with_capacity(g * (g + 1) / 2);
    for a in 0..g as u32 {
        for b in a..g as u32 {
            pairs.push(PairChange {
                a,
                b,
                per_day: take(),
            });
        }
    }
    let groups = (0..g)
        .map(|_| GroupChange {
            cross_share: take(),
            ei_index: take(),
            external_per_day: take(),
        })
        .collect();
    Changes {
        pairs,
        groups,
        cross_share: take(),
        modularity: take(),
        weight_per_day: take(),
        bootstrap: *bootstrap,
        blocks: [(before.len(), before.days()), (after.len(), after.days())],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::daily::Day;

    /// `days` days from 2024-01-01 (a Monday), each with `flow(day)` between groups 0 and 1
    /// and 10 inside group 0.
    fn period(start: NaiveDate, days: usize, flow: impl Fn(usize) -> f64) -> DailyFlows {
        DailyFlows {
            days: (0..days)
                .map(|i| Day {
                    date: start + chrono::Duration::days(i as i64),
                    messages: 1,
                    active: Vec::new(),
                    flows: vec![(0, 0, 10.0), (0, 1, flow(i))],
                })
                .collect(),
            departments: 2,
            timezone: chrono_tz::UTC,
        }
    }

    fn monday() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
    }

    const BOOT: Bootstrap = Bootstrap {
        resamples: 200,
        block: BlockKind::Week,
        confidence: 0.95,
        seed: 7,
    };

    #[test]
    fn weeks_are_iso_weeks_and_partial_weeks_are_blocks() {
        // Wednesday 2024-01-03 to Sunday 2024-01-21: 5 + 7 + 7 days
        let f = period(monday() + chrono::Duration::days(2), 19, |_| 1.0);
        let p = PeriodBlocks::new(&f, &[Some(0), Some(1)], 2, BlockKind::Week);
        assert_eq!(p.len(), 3);
        assert_eq!(p.days(), 19);
        assert_eq!(p.blocks[0].0, 5);
        let d = PeriodBlocks::new(&f, &[Some(0), Some(1)], 2, BlockKind::Day);
        assert_eq!(d.len(), 19);
    }

    #[test]
    fn a_tripled_flow_is_a_clear_increase_and_a_steady_one_is_not() {
        let noisy = |i: usize| 1.0 + ((i * 7919) % 5) as f64 * 0.2;
        let before = period(monday(), 182, noisy);
        let after = period(monday() + chrono::Duration::days(182), 182, |i| {
            3.0 * noisy(i)
        });
        let of = [Some(0), Some(1)];
        let b = PeriodBlocks::new(&before, &of, 2, BlockKind::Week);
        let a = PeriodBlocks::new(&after, &of, 2, BlockKind::Week);
        let c = compare(&b, &a, &BOOT);
        let between = c.pairs[1];
        assert_eq!((between.a, between.b), (0, 1));
        assert_eq!(between.per_day.verdict(), Verdict::ClearIncrease);
        let (lo, hi) = between.per_day.interval.unwrap();
        let change = between.per_day.change().unwrap();
        assert!(lo < change && change < hi, "{lo} {change} {hi}");
        // inside group 0 nothing changed: the interval is [0, 0]
        assert_eq!(c.pairs[0].per_day.verdict(), Verdict::NoClearChange);
        assert_eq!(c.groups[1].cross_share.verdict(), Verdict::NoClearChange);
        assert_eq!(c.groups[0].cross_share.verdict(), Verdict::ClearIncrease);
        assert_eq!(c.modularity.verdict(), Verdict::ClearDecrease);
        // the same flow in two halves of one period: no clear change
        let placebo = period(monday() + chrono::Duration::days(182), 182, noisy);
        let p = PeriodBlocks::new(&placebo, &of, 2, BlockKind::Week);
        let c = compare(&b, &p, &BOOT);
        assert_eq!(c.pairs[1].per_day.verdict(), Verdict::NoClearChange);
    }

    #[test]
    fn periods_of_different_lengths_compare_per_day() {
        let of = [Some(0), Some(1)];
        let short = PeriodBlocks::new(&period(monday(), 28, |_| 2.0), &of, 2, BlockKind::Week);
        let long = PeriodBlocks::new(&period(monday(), 84, |_| 2.0), &of, 2, BlockKind::Week);
        let c = compare(&short, &long, &BOOT);
        assert_eq!(c.pairs[1].per_day.change(), Some(0.0));
        assert_eq!(c.pairs[1].per_day.verdict(), Verdict::NoClearChange);
        assert_eq!(c.blocks, [(4, 28), (12, 84)]);
    }

    #[test]
    fn the_same_seed_gives_the_same_intervals_whatever_the_threads() {
        let of = [Some(0), Some(1)];
        let noisy = |i: usize| ((i * 31) % 7) as f64;
        let b = PeriodBlocks::new(&period(monday(), 70, noisy), &of, 2, BlockKind::Day);
        let a = PeriodBlocks::new(
            &period(monday(), 70, |i| noisy(i + 3)),
            &of,
            2,
            BlockKind::Day,
        );
        let run = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| compare(&b, &a, &BOOT))
        };
        assert_eq!(run(1), run(4));
        let other = compare(&b, &a, &Bootstrap { seed: 8, ..BOOT });
        assert_ne!(
            other.pairs[1].per_day.interval,
            run(1).pairs[1].per_day.interval
        );
    }

    #[test]
    fn normal_quantiles_match_the_tables() {
        assert!((normal_quantile(0.975) - 1.959_963_985).abs() < 1e-8);
        assert!((normal_quantile(0.5)).abs() < 1e-12);
        assert!((normal_quantile(0.995) - 2.575_829_304).abs() < 1e-8);
        assert!((normal_quantile(0.01) + 2.326_347_874).abs() < 1e-8);
    }

    #[test]
    fn student_quantiles_match_the_tables() {
        // t(0.975; 12) = 2.1788, t(0.975; 25) = 2.0595, t(0.995; 10) = 3.1693, t(0.975; 4) = 2.7764
        for (p, nu, t, tolerance) in [
            (0.975, 12.0, 2.178_813, 1e-4),
            (0.975, 25.0, 2.059_539, 1e-5),
            (0.995, 10.0, 3.169_273, 2e-3),
            (0.975, 4.0, 2.776_445, 5e-3),
        ] {
            let got = student_quantile(p, nu);
            assert!(
                (got - t).abs() < tolerance,
                "t({p}; {nu}) = {got}, table {t}"
            );
        }
    }

    #[test]
    fn the_interval_is_the_change_plus_or_minus_t_standard_errors() {
        // resampled changes 1, 2, 3: sd 1; 5 blocks inflate the variance by 5/4, t at 4 df
        let (lo, hi) = normal_interval(Some(2.0), &[1.0, 2.0, 3.0], 5, 0.95).unwrap();
        let half = student_quantile(0.975, 4.0) * (1.25f64).sqrt();
        assert!((lo - (2.0 - half)).abs() < 1e-8 && (hi - (2.0 + half)).abs() < 1e-8);
        assert_eq!(
            normal_interval(Some(2.0), &[1.0, f64::NAN, f64::NAN], 5, 0.95),
            None
        );
        assert_eq!(normal_interval(None, &[1.0, 2.0], 5, 0.95), None);
    }

    #[test]
    fn an_empty_period_gives_undefined_changes() {
        let of = [Some(0), Some(1)];
        let b = PeriodBlocks::new(&period(monday(), 14, |_| 1.0), &of, 2, BlockKind::Week);
        let empty = PeriodBlocks::new(&period(monday(), 0, |_| 1.0), &of, 2, BlockKind::Week);
        let c = compare(&b, &empty, &BOOT);
        assert_eq!(c.pairs[1].per_day.after, None);
        assert_eq!(c.pairs[1].per_day.verdict(), Verdict::NoClearChange);
    }
}

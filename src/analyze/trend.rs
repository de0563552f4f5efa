//! The headline measures period by period (`siloscope trend`): to see whether departments
//! started working together after a collaboration programme's launch.
//!
//! The days of [`DailyFlows`] (calendar days of `--timezone`, quiet days included) are cut into
//! periods: days, ISO weeks (Monday to Sunday, labelled `2024-W27`), months (`2024-07`) or
//! quarters (`2024-Q3`). A period partly outside the span analysed (the data's first and last
//! days, or `--since` / `--until`) is kept as a *partial* period of fewer days; the measures per
//! day make periods of different lengths comparable. For each period:
//! - `messages`: messages (or tie rows) that added weight, and `messages_per_day` = messages / days;
//! - `people_active`: distinct people of the directory who sent or received such a message on
//!   one of its days;
//! - on the department matrix of the period folded into the reported groups
//!   ([`GroupMatrix::fold`]): the cross-department share of the weight, the modularity of the
//!   department partition, the E-I index of each reported group, and the [`TOP_FLOWS`]
//!   strongest pairs of different groups with their weight per day (formulas in
//!   [`crate::analyze::group_matrix`]);
//! - `low_activity`: fewer than [`LOW_ACTIVITY_MESSAGES`] messages or fewer than
//!   [`LOW_ACTIVITY_PEOPLE`] people active. Such a period is flagged, never hidden.
//!
//! With a launch date, each period is before it (it ends at the launch or earlier), after it
//! (it starts at the launch or later) or straddles it; the periods before and those after are
//! pooled into one figure each (the sums of their days, so an active week weighs more than a
//! quiet one), the straddling period in neither.
//!
//! O(days·pairs + A log A + periods·G²) for A person-days of activity and G reported groups.

use std::ops::Range;

use chrono::{Datelike, Duration, NaiveDate, TimeZone};
use chrono_tz::Tz;

use crate::analyze::group_matrix::GroupMatrix;
use crate::graph::DailyFlows;

/// A period with fewer messages than this is flagged `low_activity`: a share estimated from
/// fewer than 30 messages moves by about ±9 points (one standard error, √(¼/30)) from chance
/// alone.
pub const LOW_ACTIVITY_MESSAGES: u64 = 30;
/// A period with fewer people active than this is flagged `low_activity`: a handful of people
/// then make the figures.
pub const LOW_ACTIVITY_PEOPLE: usize = 10;
/// Strongest pairs of departments given per period.
pub const TOP_FLOWS: usize = 5;

/// How the days are cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    /// Calendar days.
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    Month,
    /// Calendar quarters (January–March is Q1).
    Quarter,
}

impl PeriodKind {
    /// The name used on the command line and in the files: day, week, month, quarter.
    pub fn key(self) -> &'static str {
        match self {
            PeriodKind::Day => "day",
            PeriodKind::Week => "week",
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
        }
    }

    /// The first and last calendar days of the period holding `date`.
    pub fn bounds(self, date: NaiveDate) -> (NaiveDate, NaiveDate) {
        let first = match self {
            PeriodKind::Day => date,
            PeriodKind::Week => {
                date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
            }
            PeriodKind::Month => date.with_day(1).unwrap_or(date),
            PeriodKind::Quarter => {
                let month = (date.month0() / 3) * 3 + 1;
                NaiveDate::from_ymd_opt(date.year(), month, 1).unwrap_or(date)
            }
        };
        let last = match self {
            PeriodKind::Day => date,
            PeriodKind::Week => first + Duration::days(6),
            PeriodKind::Month | PeriodKind::Quarter => {
                let months = if self == PeriodKind::Month { 1 } else { 3 };
                first
                    .checked_add_months(chrono::Months::new(months))
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(first)
            }
        };
        (first, last)
    }

    /// The label of the period starting on `first`: `2024-07-01`, `2024-W27`, `2024-07`,
    /// `2024-Q3`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use siloscope::analyze::trend::PeriodKind;
    /// let d = NaiveDate::from_ymd_opt(2024, 7, 3).unwrap();
    /// let label = |k: PeriodKind| k.label(k.bounds(d).0);
    /// assert_eq!(label(PeriodKind::Day), "2024-07-03");
    /// assert_eq!(label(PeriodKind::Week), "2024-W27");
    /// assert_eq!(label(PeriodKind::Month), "2024-07");
    /// assert_eq!(label(PeriodKind::Quarter), "2024-Q3");
    /// ```
    pub fn label(self, first: NaiveDate) -> String {
        match self {
            PeriodKind::Day => first.format("%Y-%m-%d").to_string(),
            PeriodKind::Week => {
                let week = first.iso_week();
                format!("{}-W{:02}", week.year(), week.week())
            }
            PeriodKind::Month => first.format("%Y-%m").to_string(),
            PeriodKind::Quarter => format!("{}-Q{}", first.year(), first.month0() / 3 + 1),
        }
    }
}

/// Where a period lies against the launch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The period ends at the launch or earlier.
    Before,
    /// The launch falls inside the period.
    Straddles,
    /// The period starts at the launch or later.
    After,
}

/// The flow between two different reported groups in one period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairFlow {
    /// One group (reported index, the lower).
    pub a: u32,
    /// The other group.
    pub b: u32,
    /// Weight between them (both directions) over the period.
    pub weight: f64,
    /// `weight` / days of the period.
    pub per_day: f64,
}

/// The measures of one period.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodMeasures {
    /// `2024-W27`, `2024-07`...
    pub label: String,
    /// The first day of the period inside the span analysed.
    pub first: NaiveDate,
    /// The last day of the period inside the span analysed (included).
    pub last: NaiveDate,
    /// Days of the period inside the span (fewer than its calendar length for a partial period).
    pub days: usize,
    /// Days of the whole calendar period.
    pub calendar_days: usize,
    /// First second of `first` and first second after `last`, unix seconds, in the time zone.
    pub instants: (i64, i64),
    /// The indexes of its days in [`DailyFlows::days`].
    pub day_range: Range<usize>,
    /// Where it lies against the launch, when one is given.
    pub side: Option<Side>,
    /// Fewer than [`LOW_ACTIVITY_MESSAGES`] messages or [`LOW_ACTIVITY_PEOPLE`] people active.
    pub low_activity: bool,
    /// Messages (or tie rows) that added weight.
    pub messages: u64,
    /// `messages` / `days`.
    pub messages_per_day: f64,
    /// Distinct people who sent or received such a message.
    pub people_active: usize,
    /// Share of the weight between two different reported groups; `None` without weight.
    pub cross_share: Option<f64>,
    /// Modularity of the partition into reported groups; `None` without weight.
    pub modularity: Option<f64>,
    /// E-I index of each reported group on weights; `None` for a group without weight.
    pub ei: Vec<Option<f64>>,
    /// The [`TOP_FLOWS`] strongest pairs of different groups (weight > 0), strongest first
    /// (ties by group indexes).
    pub top_flows: Vec<PairFlow>,
}

/// The periods on one side of the launch, pooled: sums over their days.
#[derive(Debug, Clone, PartialEq)]
pub struct Pooled {
    /// Periods pooled.
    pub periods: usize,
    /// Their days.
    pub days: usize,
    /// Of them, flagged low-activity.
    pub low_activity: usize,
    /// Messages over those days.
    pub messages: u64,
    /// `messages` / `days`.
    pub messages_per_day: f64,
    /// Cross-department share of the summed weight.
    pub cross_share: Option<f64>,
    /// Modularity of the summed matrix.
    pub modularity: Option<f64>,
}

/// The launch of the programme, placed on the periods.
#[derive(Debug, Clone, PartialEq)]
pub struct Launch {
    /// When, unix seconds.
    pub at: i64,
    /// Its place on the periods (2.5: halfway through the third), or `None` when it falls
    /// outside the span analysed.
    pub position: Option<f64>,
    /// The periods before it, pooled (`None` when there is none).
    pub before: Option<Pooled>,
    /// The periods after it, pooled.
    pub after: Option<Pooled>,
    /// The index of the period it falls inside, when it is not that period's first second.
    pub straddling: Option<usize>,
}

/// The trend: one [`PeriodMeasures`] per period, in time order.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    /// How the days were cut.
    pub kind: PeriodKind,
    /// The time zone of the days.
    pub timezone: Tz,
    /// Reported groups (the length of each period's `ei`).
    pub groups: usize,
    /// The periods.
    pub periods: Vec<PeriodMeasures>,
    /// The launch, when given.
    pub launch: Option<Launch>,
}

impl Trend {
    /// First and last day of the span analysed.
    pub fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((self.periods.first()?.first, self.periods.last()?.last))
    }

    /// Messages over every period.
    pub fn messages(&self) -> u64 {
        self.periods.iter().map(|p| p.messages).sum()
    }

    /// The periods flagged low-activity.
    pub fn low_activity(&self) -> impl Iterator<Item = &PeriodMeasures> {
        self.periods.iter().filter(|p| p.low_activity)
    }
}

/// The first second of `date` in `tz` (the earlier one where midnight repeats, the first
/// existing second where it is skipped).
fn midnight(tz: Tz, date: NaiveDate) -> i64 {
    let naive = date.and_time(chrono::NaiveTime::MIN);
    tz.from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(naive + Duration::hours(1)))
                .earliest()
        })
        .map_or_else(|| naive.and_utc().timestamp(), |d| d.timestamp())
}

/// The folded matrix of `days` and its measures.
fn folded(
    flows: &DailyFlows,
    days: Range<usize>,
    of_group: &[Option<u32>],
    groups: usize,
) -> GroupMatrix {
    GroupMatrix {
        groups: flows.departments,
        weights: flows.matrix(days),
    }
    .fold(of_group, groups)
}

/// Cuts `flows` into periods of `kind` and measures each on the reported groups (`of_group[d]`
/// is department d's reported group, `None` when suppressed; `groups` reported groups), with
/// the `launch` (unix seconds) placed on them. O(days·pairs + A log A + periods·G²).
pub fn trend(
    flows: &DailyFlows,
    kind: PeriodKind,
    of_group: &[Option<u32>],
    groups: usize,
    launch: Option<i64>,
) -> Trend {
    let tz = flows.timezone;
    let mut ranges: Vec<(NaiveDate, NaiveDate, Range<usize>)> = Vec::new();
    for (i, day) in flows.days.iter().enumerate() {
        let (first, last) = kind.bounds(day.date);
        match ranges.last_mut() {
            Some((f, _, r)) if *f == first => r.end = i + 1,
            _ => ranges.push((first, last, i..i + 1)),
        }
    }
    let mut periods: Vec<PeriodMeasures> = ranges
        .into_iter()
        .map(|(first, last, range)| measure(flows, kind, (first, last), range, of_group, groups))
        .collect();
    let launch = launch.map(|at| place_launch(flows, &mut periods, at, of_group, groups));
    Trend {
        kind,
        timezone: tz,
        groups,
        periods,
        launch,
    }
}

/// The measures of the days `range` of the calendar period `calendar`.
fn measure(
    flows: &DailyFlows,
    kind: PeriodKind,
    calendar: (NaiveDate, NaiveDate),
    range: Range<usize>,
    of_group: &[Option<u32>],
    groups: usize,
) -> PeriodMeasures {
    let tz = flows.timezone;
    let days = &flows.days[range.clone()];
    let first = days[0].date;
    let last = days[days.len() - 1].date;
    let messages: u64 = days.iter().map(|d| d.messages).sum();
    let mut active: Vec<u32> = days.iter().flat_map(|d| d.active.iter().copied()).collect();
    active.sort_unstable();
    active.dedup();
    let m = folded(flows, range.clone(), of_group, groups);
    let n = days.len();
    let mut pairs: Vec<PairFlow> = (0..groups)
        .flat_map(|a| (a + 1..groups).map(move |b| (a, b)))
        .filter_map(|(a, b)| {
            let w = m.weight(a, b);
            (w > 0.0).then(|| PairFlow {
                a: a as u32,
                b: b as u32,
                weight: w,
                per_day: w / n as f64,
            })
        })
        .collect();
    pairs.sort_by(|x, y| {
        y.weight
            .total_cmp(&x.weight)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    pairs.truncate(TOP_FLOWS);
    let after_last = last.succ_opt().unwrap_or(last);
    PeriodMeasures {
        label: kind.label(calendar.0),
        first,
        last,
        days: n,
        calendar_days: (calendar.1 - calendar.0).num_days() as usize + 1,
        instants: (midnight(tz, first), midnight(tz, after_last)),
        day_range: range,
        side: None,
        low_activity: messages < LOW_ACTIVITY_MESSAGES || active.len() < LOW_ACTIVITY_PEOPLE,
        messages,
        messages_per_day: messages as f64 / n as f64,
        people_active: active.len(),
        cross_share: m.overall_cross_share(),
        modularity: m.modularity(),
        ei: (0..groups).map(|g| m.ei_index(g)).collect(),
        top_flows: pairs,
    }
}

/// Sets each period's side of the launch at `at` and pools the periods on either side.
fn place_launch(
    flows: &DailyFlows,
    periods: &mut [PeriodMeasures],
    at: i64,
    of_group: &[Option<u32>],
    groups: usize,
) -> Launch {
    let mut position = None;
    let mut straddling = None;
    for (i, p) in periods.iter_mut().enumerate() {
        let (start, end) = p.instants;
        p.side = Some(if at <= start {
            Side::After
        } else if end <= at {
            Side::Before
        } else {
            straddling = Some(i);
            Side::Straddles
        });
        if at >= start && at < end {
            position = Some(i as f64 + (at - start) as f64 / (end - start).max(1) as f64);
        }
    }
    let pool = |side: Side| -> Option<Pooled> {
        let chosen: Vec<&PeriodMeasures> =
            periods.iter().filter(|p| p.side == Some(side)).collect();
        let (first, last) = (chosen.first()?, chosen.last()?);
        let range = first.day_range.start..last.day_range.end;
        let days = range.len();
        let messages: u64 = chosen.iter().map(|p| p.messages).sum();
        let m = folded(flows, range, of_group, groups);
        Some(Pooled {
            periods: chosen.len(),
            days,
            low_activity: chosen.iter().filter(|p| p.low_activity).count(),
            messages,
            messages_per_day: messages as f64 / days as f64,
            cross_share: m.overall_cross_share(),
            modularity: m.modularity(),
        })
    };
    Launch {
        at,
        position,
        before: pool(Side::Before),
        after: pool(Side::After),
        straddling,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Day;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// One day's (messages, active people, flows).
    type DayOf<'a> = (u64, &'a [u32], &'a [(u32, u32, f64)]);

    /// Days from `first`.
    fn flows(first: NaiveDate, days: &[DayOf<'_>]) -> DailyFlows {
        DailyFlows {
            days: days
                .iter()
                .enumerate()
                .map(|(i, (messages, active, flows))| Day {
                    date: first + Duration::days(i as i64),
                    messages: *messages,
                    active: active.to_vec(),
                    flows: flows.to_vec(),
                })
                .collect(),
            departments: 3,
            timezone: chrono_tz::UTC,
        }
    }

    #[test]
    fn periods_follow_the_calendar_and_partial_ones_are_kept() {
        // Saturday 2024-06-29 to Wednesday 2024-07-10
        let f = flows(
            date(2024, 6, 29),
            &[(1, &[0, 1][..], &[(0, 1, 1.0)][..]); 12],
        );
        let labels = |k| -> Vec<(String, usize)> {
            trend(&f, k, &[Some(0), Some(1), Some(2)], 3, None)
                .periods
                .into_iter()
                .map(|p| (p.label, p.days))
                .collect()
        };
        assert_eq!(
            labels(PeriodKind::Week),
            [
                ("2024-W26".into(), 2),
                ("2024-W27".into(), 7),
                ("2024-W28".into(), 3)
            ]
        );
        assert_eq!(
            labels(PeriodKind::Month),
            [("2024-06".into(), 2), ("2024-07".into(), 10)]
        );
        assert_eq!(
            labels(PeriodKind::Quarter),
            [("2024-Q2".into(), 2), ("2024-Q3".into(), 10)]
        );
        assert_eq!(labels(PeriodKind::Day).len(), 12);
        // ISO weeks belong to the year of their Thursday
        assert_eq!(PeriodKind::Week.label(date(2024, 12, 30)), "2025-W01");
        assert_eq!(
            PeriodKind::Week.bounds(date(2025, 1, 1)).0,
            date(2024, 12, 30)
        );
        assert_eq!(
            PeriodKind::Quarter.bounds(date(2024, 5, 9)),
            (date(2024, 4, 1), date(2024, 6, 30))
        );
    }

    #[test]
    fn measures_are_those_of_the_folded_matrix_of_the_period() {
        // department 2 is merged into group 1
        let f = flows(
            date(2024, 7, 1),
            &[
                (40, &[0, 1, 2], &[(0, 0, 6.0), (0, 1, 1.0)]),
                (0, &[], &[]),
                (3, &[1, 3], &[(1, 2, 2.0), (2, 0, 1.0)]),
            ],
        );
        let t = trend(&f, PeriodKind::Week, &[Some(0), Some(1), Some(1)], 2, None);
        let p = &t.periods[0];
        assert_eq!((p.days, p.calendar_days, p.messages), (3, 7, 43));
        assert_eq!(p.messages_per_day, 43.0 / 3.0);
        assert_eq!(p.people_active, 4);
        assert!(p.low_activity, "4 people active");
        // inside group 0: 6; inside group 1: 2; between: 2
        assert_eq!(p.cross_share, Some(0.2));
        assert_eq!(p.ei, vec![Some((2.0 - 6.0) / 8.0), Some(0.0)]);
        assert_eq!(
            p.top_flows,
            vec![PairFlow {
                a: 0,
                b: 1,
                weight: 2.0,
                per_day: 2.0 / 3.0
            }]
        );
        let q = 0.6 - 0.49 + 0.2 - 0.09;
        assert!((p.modularity.unwrap() - q).abs() < 1e-12);
        // a period without weight has no share
        let quiet = trend(&f, PeriodKind::Day, &[Some(0), Some(1), Some(1)], 2, None);
        assert_eq!(quiet.periods[1].cross_share, None);
        assert_eq!(quiet.periods[1].ei, vec![None, None]);
        assert!(quiet.periods[1].top_flows.is_empty());
    }

    #[test]
    fn the_launch_splits_the_periods_and_pools_each_side() {
        // 2024-07-01 (Monday) to 2024-07-21: three weeks
        let mut days = vec![(1, &[0u32][..], &[(0u32, 0u32, 1.0)][..]); 21];
        for d in days.iter_mut().skip(14) {
            *d = (2, &[0, 1][..], &[(0, 1, 1.0)][..]);
        }
        let f = flows(date(2024, 7, 1), &days);
        let of = [Some(0), Some(1), Some(2)];
        let at = |d: NaiveDate| midnight(chrono_tz::UTC, d);
        // on a Wednesday: the second week straddles it
        let t = trend(&f, PeriodKind::Week, &of, 3, Some(at(date(2024, 7, 10))));
        let sides: Vec<Side> = t.periods.iter().map(|p| p.side.unwrap()).collect();
        assert_eq!(sides, [Side::Before, Side::Straddles, Side::After]);
        let l = t.launch.unwrap();
        assert_eq!(l.straddling, Some(1));
        assert_eq!(l.position, Some(1.0 + 2.0 / 7.0));
        let (before, after) = (l.before.unwrap(), l.after.unwrap());
        assert_eq!((before.periods, before.days, before.messages), (1, 7, 7));
        assert_eq!(before.cross_share, Some(0.0));
        assert_eq!((after.days, after.messages_per_day), (7, 2.0));
        assert_eq!(after.cross_share, Some(1.0));
        // on a Monday: no period straddles it
        let t = trend(&f, PeriodKind::Week, &of, 3, Some(at(date(2024, 7, 15))));
        let l = t.launch.unwrap();
        assert_eq!((l.straddling, l.position), (None, Some(2.0)));
        assert_eq!(l.before.unwrap().periods, 2);
        // outside the span: every period on one side, no place on the chart
        let t = trend(&f, PeriodKind::Week, &of, 3, Some(at(date(2025, 1, 1))));
        let l = t.launch.unwrap();
        assert_eq!((l.position, l.after), (None, None));
        assert_eq!(l.before.unwrap().periods, 3);
    }
}

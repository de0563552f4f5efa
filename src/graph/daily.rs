//! Department flows day by day: the weight each message adds between the sender's department
//! and each recipient's (as of the message's date, when the directory holds snapshots), summed
//! per calendar day of `--timezone`. The input of the comparison of periods (its bootstrap
//! resamples days or weeks, which only the day-by-day sums allow) and of the trends.
//!
//! The messages counted are exactly those [`crate::graph::TieAccumulator`] counts (the same
//! [`Weighting::weigh`]), so that a period's flows summed over its days are its department
//! flows. Memory: one entry per (day, department pair) that exchanged, plus, when asked, one per
//! (day, active person).
//!
//! [`DailyCollector::finish_attributed`] also sums the days into one directed matrix of the
//! period ([`PeriodFlows`], exact): with a directory of snapshots, `analyze` takes its
//! department flows from it, each message attributed as of its date.

use chrono::{Datelike, NaiveDate, TimeZone};
use chrono_tz::Tz;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::graph::exact::Shares;
use crate::graph::weighting::Weighting;
use crate::ingest::{Collector, Directory, Message, WeightedTie};

/// One calendar day's exchanges.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    /// The day, in the time zone of the flows.
    pub date: NaiveDate,
    /// Messages (or tie rows) that added weight that day.
    pub messages: u64,
    /// People of the directory who sent or received such a message that day (sorted), when
    /// asked for.
    pub active: Vec<u32>,
    /// Directed weight from the sender's department to the recipient's, `(from, to, weight)`
    /// sorted by (from, to); inside a department `from == to`.
    pub flows: Vec<(u32, u32, f64)>,
}

/// The day-by-day flows of one period: every calendar day from its first to its last, days
/// without any message included (a quiet day is data too).
#[derive(Debug, Clone, PartialEq)]
pub struct DailyFlows {
    /// The days, in order, one per calendar day.
    pub days: Vec<Day>,
    /// Number of departments of the directory (the indexes of the flows).
    pub departments: usize,
    /// The time zone the days are cut in.
    pub timezone: Tz,
}

/// The directed flows of a whole period between groups (or departments), summed exactly over
/// its days (and, for a period without bounds, its undated messages too): the same messages
/// and weights as the period's ties, so that the flows add up to the graph's total weight.
#[derive(Debug, Clone)]
pub struct PeriodFlows {
    /// Number of groups.
    pub groups: usize,
    /// `units[from * groups + to]`: the exact weight from → to, in the units of `shares`.
    units: Vec<u128>,
    shares: Shares,
}

impl PeriodFlows {
    /// The exact weight from `from` to `to` (inside a group when they are equal), in the
    /// units of [`PeriodFlows::value`].
    pub fn units(&self, from: usize, to: usize) -> u128 {
        self.units[from * self.groups + to]
    }

    /// A sum of [`PeriodFlows::units`] as the nearest `f64` (one rounding whatever the sum).
    pub fn value(&self, units: u128) -> f64 {
        self.shares.to_f64(units)
    }

    /// The weight from `from` to `to`. O(1).
    pub fn weight(&self, from: usize, to: usize) -> f64 {
        self.value(self.units(from, to))
    }

    /// Whether each group sent or received any weight. O(groups²).
    pub fn active_groups(&self) -> Vec<bool> {
        (0..self.groups)
            .map(|a| (0..self.groups).any(|b| self.units(a, b) > 0 || self.units(b, a) > 0))
            .collect()
    }

    /// The flows between larger groups: `of_group[g]` is the larger group of group `g`, among
    /// `count`; the weight from A to B is the exact sum of the weights from each of A's groups
    /// to each of B's. O(groups² + count²).
    pub fn folded(&self, of_group: &[u32], count: usize) -> PeriodFlows {
        let mut units = vec![0u128; count * count];
        for a in 0..self.groups {
            for b in 0..self.groups {
                let (fa, fb) = (of_group[a] as usize, of_group[b] as usize);
                units[fa * count + fb] += self.units(a, b);
            }
        }
        PeriodFlows {
            groups: count,
            units,
            shares: self.shares.clone(),
        }
    }

    /// Flows given as exact units between `groups` groups (`units[from * groups + to]`) in the
    /// units of `shares`. `units` must have `groups²` entries.
    pub fn from_units(groups: usize, units: Vec<u128>, shares: Shares) -> PeriodFlows {
        debug_assert_eq!(units.len(), groups * groups);
        PeriodFlows {
            groups,
            units,
            shares,
        }
    }
}

/// The flows of one period attributed message by message to each person's department as of
/// the message's date: day by day, and summed over the period.
#[derive(Debug, Clone)]
pub struct Attributed {
    /// Day by day.
    pub daily: DailyFlows,
    /// Summed over the period, undated messages included when it has no bounds.
    pub total: PeriodFlows,
}

/// What the flows are between.
#[derive(Clone)]
pub enum GroupOf {
    /// Each person's department as of the message's date.
    Department,
    /// A fixed group per person (a site, a role, any column of the directory), and the
    /// number of groups.
    Fixed(Vec<u32>, usize),
    /// A fixed group per person found once the directory is read (a column named on the
    /// command line): the group of each person and the number of groups.
    Resolve(std::sync::Arc<GroupsOfDirectory>),
}

/// Finds the group of each person in a directory, and the number of groups.
pub type GroupsOfDirectory = dyn Fn(&Directory) -> (Vec<u32>, usize) + Send + Sync;

impl std::fmt::Debug for GroupOf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GroupOf::Department => f.write_str("Department"),
            GroupOf::Fixed(_, groups) => write!(f, "Fixed({groups} groups)"),
            GroupOf::Resolve(_) => f.write_str("Resolve"),
        }
    }
}

/// Collects [`DailyFlows`] from the messages of a period (a [`Collector`]).
#[derive(Debug, Clone)]
pub struct DailyCollector {
    weighting: Weighting,
    timezone: Tz,
    shares: Shares,
    tie_input: bool,
    track_people: bool,
    /// Collect nothing unless the directory has snapshots ([`DailyCollector::only_with_history`]).
    only_with_history: bool,
    /// Set by `begin`: nothing to collect, every message is passed over.
    idle: bool,
    group_of: GroupOf,
    directory: Option<Directory>,
    /// Exact units per (day, from, to).
    units: FxHashMap<(i32, u32, u32), u128>,
    /// Exact units per (from, to) of the undated messages (a period without bounds only:
    /// they have no day, but their ties count).
    undated: FxHashMap<(u32, u32), u128>,
    messages: FxHashMap<i32, u64>,
    active: FxHashSet<(i32, u32)>,
    /// The last day looked up: [start, end) in unix seconds and its number, since messages
    /// mostly come in time order.
    last_day: Option<(i64, i64, i32)>,
}

impl DailyCollector {
    /// Collects the messages of `weighting.period` (every dated message without one) between
    /// the groups of `group_of`, days cut in `timezone`; `track_people` also keeps who was
    /// active each day.
    pub fn new(
        weighting: Weighting,
        timezone: Tz,
        group_of: GroupOf,
        track_people: bool,
    ) -> DailyCollector {
        DailyCollector {
            group_of,
            shares: Shares::new(weighting.max_recipients),
            weighting,
            timezone,
            tie_input: false,
            track_people,
            only_with_history: false,
            idle: false,
            directory: None,
            units: FxHashMap::default(),
            undated: FxHashMap::default(),
            messages: FxHashMap::default(),
            active: FxHashSet::default(),
            last_day: None,
        }
    }

    /// This collector, collecting nothing (and not even copying the directory) unless the
    /// directory read has snapshots (an `effective_date` column): with one department per
    /// person the flows are those of the ties, and the run pays one test per message.
    pub fn only_with_history(mut self) -> DailyCollector {
        self.only_with_history = true;
        self
    }

    /// Whether `begin` found nothing to collect (see [`DailyCollector::only_with_history`]).
    pub fn is_idle(&self) -> bool {
        self.idle
    }

    /// The day number (days from the common era) of `t` in the time zone.
    fn day_of(&mut self, t: i64) -> i32 {
        if let Some((start, end, day)) = self.last_day
            && t >= start
            && t < end
        {
            return day;
        }
        let Some(local) = self.timezone.timestamp_opt(t, 0).single() else {
            return i32::MIN;
        };
        let date = local.date_naive();
        let start = midnight(self.timezone, date).unwrap_or(t);
        let end = date
            .succ_opt()
            .and_then(|d| midnight(self.timezone, d))
            .unwrap_or(t + 1);
        let day = date.num_days_from_ce();
        self.last_day = Some((start, end.max(t + 1), day));
        day
    }

    /// The group of `person` at `t` (`None`: undated, the latest department).
    fn group(&self, person: u32, t: Option<i64>) -> u32 {
        match (&self.group_of, &self.directory) {
            (GroupOf::Fixed(of, _), _) => of[person as usize],
            (GroupOf::Department, Some(d)) => d.department_at(person, t),
            // before `begin` (no message comes then): a grouping not resolved yet
            _ => 0,
        }
    }

    /// Whether a message dated `t` that is in no day still counts in the period's ties (an
    /// undated one, when the period has no bounds).
    fn counts_undated(&self, t: Option<i64>) -> bool {
        t.is_none() && self.weighting.period.is_none()
    }

    fn in_period(&self, t: Option<i64>) -> Option<i64> {
        let t = t?;
        self.weighting
            .period
            .is_none_or(|p| p.contains(t))
            .then_some(t)
    }

    /// The flows, one entry per calendar day from the period's first day to its last (the
    /// data's first and last days where the period is open). O(entries log entries).
    pub fn finish(self) -> DailyFlows {
        let departments = match &self.group_of {
            GroupOf::Department => self.directory.as_ref().map_or(0, |d| d.departments().len()),
            GroupOf::Fixed(_, groups) => *groups,
            GroupOf::Resolve(_) => 0,
        };
        let shares = self.shares;
        let seen = self
            .messages
            .keys()
            .copied()
            .chain(self.units.keys().map(|k| k.0));
        let (seen_first, seen_last) = seen.fold((None, None), |(lo, hi): (Option<i32>, _), d| {
            (
                Some(lo.map_or(d, |l: i32| l.min(d))),
                Some(hi.map_or(d, |h: i32| h.max(d))),
            )
        });
        let bound = |t: Option<i64>| {
            t.and_then(|t| self.timezone.timestamp_opt(t, 0).single())
                .map(|d| d.date_naive().num_days_from_ce())
        };
        let period = self.weighting.period;
        let first = period.and_then(|p| bound(p.from)).or(seen_first);
        let last = period
            .and_then(|p| bound(p.to.map(|t| t - 1)))
            .or(seen_last);
        let mut by_day: FxHashMap<i32, Vec<(u32, u32, f64)>> = FxHashMap::default();
        for ((day, from, to), units) in self.units {
            by_day
                .entry(day)
                .or_default()
                .push((from, to, shares.to_f64(units)));
        }
        let mut active: FxHashMap<i32, Vec<u32>> = FxHashMap::default();
        for (day, person) in self.active {
            active.entry(day).or_default().push(person);
        }
        let days = match (first, last) {
            (Some(first), Some(last)) if first <= last => (first..=last)
                .filter_map(|d| {
                    let date = NaiveDate::from_num_days_from_ce_opt(d)?;
                    let mut flows = by_day.remove(&d).unwrap_or_default();
                    flows.sort_unstable_by_key(|f| (f.0, f.1));
                    let mut people = active.remove(&d).unwrap_or_default();
                    people.sort_unstable();
                    Some(Day {
                        date,
                        messages: self.messages.get(&d).copied().unwrap_or(0),
                        active: people,
                        flows,
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        DailyFlows {
            days,
            departments,
            timezone: self.timezone,
        }
    }
}

impl DailyCollector {
    /// The flows day by day ([`DailyCollector::finish`]) and summed over the period: the
    /// directed D×D sums of every day's exact units, plus the undated messages' when the
    /// period has no bounds. O(entries + D²).
    pub fn finish_attributed(self) -> Attributed {
        let groups = match &self.group_of {
            GroupOf::Department => self.directory.as_ref().map_or(0, |d| d.departments().len()),
            GroupOf::Fixed(_, groups) => *groups,
            GroupOf::Resolve(_) => 0,
        };
        let mut units = vec![0u128; groups * groups];
        let cells = self
            .units
            .iter()
            .map(|(&(_, from, to), &u)| (from, to, u))
            .chain(self.undated.iter().map(|(&(from, to), &u)| (from, to, u)));
        for (from, to, u) in cells {
            units[from as usize * groups + to as usize] += u;
        }
        let total = PeriodFlows::from_units(groups, units, self.shares.clone());
        Attributed {
            daily: self.finish(),
            total,
        }
    }
}

/// The first second of `date` in `tz` (the earlier one where midnight repeats, the first
/// existing second where it is skipped).
fn midnight(tz: Tz, date: NaiveDate) -> Option<i64> {
    let naive = date.and_hms_opt(0, 0, 0)?;
    tz.from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(naive + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|d| d.timestamp())
}

impl Collector for DailyCollector {
    fn begin(&mut self, directory: &Directory) {
        if self.only_with_history && !directory.has_history() {
            self.idle = true;
            return;
        }
        if let GroupOf::Resolve(resolve) = &self.group_of {
            let (of, groups) = resolve(directory);
            self.group_of = GroupOf::Fixed(of, groups);
        }
        if matches!(self.group_of, GroupOf::Department) {
            self.directory = Some(directory.clone());
        }
    }

    fn message(&mut self, message: &Message<'_>) {
        if self.idle || self.tie_input {
            return;
        }
        let Some(t) = self.in_period(message.timestamp) else {
            if self.counts_undated(message.timestamp)
                && let Ok((sender, share)) = self.weighting.weigh(&self.shares, message)
            {
                let from = self.group(sender, None);
                for &r in message.recipients {
                    let to = self.group(r, None);
                    *self.undated.entry((from, to)).or_default() += share;
                }
            }
            return;
        };
        let Ok((sender, share)) = self.weighting.weigh(&self.shares, message) else {
            return;
        };
        let day = self.day_of(t);
        let from = self.group(sender, Some(t));
        for &r in message.recipients {
            let to = self.group(r, Some(t));
            *self.units.entry((day, from, to)).or_default() += share;
        }
        *self.messages.entry(day).or_default() += 1;
        if self.track_people {
            self.active.insert((day, sender));
            for &r in message.recipients {
                self.active.insert((day, r));
            }
        }
    }

    fn tie(&mut self, tie: &WeightedTie<'_>) {
        if self.idle {
            return;
        }
        if !self.tie_input {
            self.tie_input = true;
            self.units.clear();
            self.undated.clear();
            self.messages.clear();
            self.active.clear();
            self.shares = Shares::for_weighted_ties();
        }
        let Ok(units) = self.weighting.tie_units(tie) else {
            return;
        };
        let Some(t) = self.in_period(tie.timestamp) else {
            if self.counts_undated(tie.timestamp) {
                let from = self.group(tie.source, None);
                let to = self.group(tie.target, None);
                *self.undated.entry((from, to)).or_default() += units;
            }
            return;
        };
        let day = self.day_of(t);
        let from = self.group(tie.source, Some(t));
        let to = self.group(tie.target, Some(t));
        *self.units.entry((day, from, to)).or_default() += units;
        *self.messages.entry(day).or_default() += 1;
        if self.track_people {
            self.active.insert((day, tie.source));
            self.active.insert((day, tie.target));
        }
    }
}

impl DailyFlows {
    /// The undirected department matrix (D×D, row-major, symmetric; the diagonal holds the
    /// weight inside each department) of the days `range`, summed in day order. O(days·pairs).
    pub fn matrix(&self, days: std::ops::Range<usize>) -> Vec<f64> {
        let d = self.departments;
        let mut m = vec![0.0; d * d];
        for day in &self.days[days] {
            add_day(&mut m, d, day, 1.0);
        }
        m
    }
}

/// Adds `times` × the day's flows to the undirected matrix `m` (D×D).
pub fn add_day(m: &mut [f64], d: usize, day: &Day, times: f64) {
    for &(from, to, w) in &day.flows {
        let (a, b) = (from as usize, to as usize);
        m[a * d + b] += w * times;
        if a != b {
            m[b * d + a] += w * times;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::period::Period;

    fn directory() -> Directory {
        Directory::from_pairs([("a", "D1"), ("b", "D1"), ("c", "D2")]).unwrap()
    }

    fn message(t: i64, sender: u32, recipients: &[u32]) -> Message<'_> {
        Message::email(Some(t), sender, recipients)
    }

    #[test]
    fn days_are_cut_in_the_time_zone_and_quiet_days_kept() {
        let dir = directory();
        let tz: Tz = "Europe/Paris".parse().unwrap();
        let mut c = DailyCollector::new(Weighting::default(), tz, GroupOf::Department, true);
        c.begin(&dir);
        // 2024-01-01T23:30Z is 2024-01-02 00:30 in Paris
        c.message(&message(1_704_151_800, 0, &[1, 2]));
        // 2024-01-04T10:00Z
        c.message(&message(1_704_362_400, 2, &[0]));
        let f = c.finish();
        let dates: Vec<String> = f.days.iter().map(|d| d.date.to_string()).collect();
        assert_eq!(dates, ["2024-01-02", "2024-01-03", "2024-01-04"]);
        assert_eq!(f.days[0].flows, vec![(0, 0, 0.5), (0, 1, 0.5)]);
        assert_eq!(f.days[0].active, vec![0, 1, 2]);
        assert!(f.days[1].flows.is_empty());
        assert_eq!(f.days[1].messages, 0);
        assert_eq!(f.days[2].flows, vec![(1, 0, 1.0)]);
        let m = f.matrix(0..3);
        assert_eq!(m, vec![0.5, 1.5, 1.5, 0.0]);
    }

    #[test]
    fn a_bounded_period_spans_its_calendar_days_and_leaves_the_rest_out() {
        let dir = directory();
        let period = Period::parse(Some("2024-01-01"), Some("2024-01-08"), "UTC")
            .unwrap()
            .unwrap();
        let weighting = Weighting {
            period: Some(period),
            ..Weighting::default()
        };
        let mut c = DailyCollector::new(weighting, chrono_tz::UTC, GroupOf::Department, false);
        c.begin(&dir);
        c.message(&message(1_704_362_400, 2, &[0])); // 2024-01-04
        c.message(&message(1_704_672_000, 2, &[0])); // 2024-01-08: excluded
        let f = c.finish();
        assert_eq!(f.days.len(), 7);
        assert_eq!(f.days.iter().map(|d| d.messages).sum::<u64>(), 1);
        assert!(f.days.iter().all(|d| d.active.is_empty()));
    }

    const JUL: i64 = 1_719_792_000; // 2024-07-01T00:00Z

    /// a stays in D1; b moves from D1 to D2 on 2024-07-01; c is in D2.
    fn history() -> Directory {
        let name = crate::error::InputName::Path("people.csv".into());
        Directory::from_snapshots(
            &name,
            [
                ("a", "D1", JUL - 86_400 * 100),
                ("b", "D1", JUL - 86_400 * 100),
                ("b", "D2", JUL),
                ("c", "D2", JUL - 86_400 * 100),
            ],
        )
        .unwrap()
    }

    #[test]
    fn only_with_history_collects_nothing_from_a_directory_without_one() {
        let mut c = DailyCollector::new(
            Weighting::default(),
            chrono_tz::UTC,
            GroupOf::Department,
            false,
        )
        .only_with_history();
        c.begin(&directory());
        assert!(c.is_idle());
        c.message(&message(1_704_362_400, 2, &[0]));
        let a = c.finish_attributed();
        assert!(a.daily.days.is_empty());
        assert_eq!(a.total.groups, 0);
    }

    #[test]
    fn a_period_total_attributes_each_message_as_of_its_date_undated_ones_to_the_latest() {
        let dir = history();
        let mut c = DailyCollector::new(
            Weighting::default(),
            chrono_tz::UTC,
            GroupOf::Department,
            false,
        )
        .only_with_history();
        c.begin(&dir);
        assert!(!c.is_idle());
        // b (1) → a (0) just before the move: D1 → D1; just after: D2 → D1
        c.message(&message(JUL - 1, 1, &[0]));
        c.message(&message(JUL, 1, &[0]));
        // a → b, c (½ each) after the move: D1 → D2 twice
        c.message(&message(JUL + 3_600, 0, &[1, 2]));
        // undated, c → b: D2 → D2 (latest), counted in the total but in no day
        c.message(&Message {
            timestamp: None,
            ..message(0, 2, &[1])
        });
        let a = c.finish_attributed();
        assert_eq!(a.daily.days.len(), 2);
        assert_eq!(a.daily.days.iter().map(|d| d.messages).sum::<u64>(), 3);
        let t = &a.total;
        assert_eq!(t.groups, 2);
        assert_eq!(
            [
                t.weight(0, 0),
                t.weight(0, 1),
                t.weight(1, 0),
                t.weight(1, 1)
            ],
            [1.0, 1.0, 1.0, 1.0]
        );
        // folded into one group, the sum is exact
        assert_eq!(t.active_groups(), [true, true]);
        let one = t.folded(&[0, 0], 1);
        assert_eq!(one.weight(0, 0), 4.0);
        assert_eq!(one.value(one.units(0, 0) / 4), 1.0);
    }

    #[test]
    fn undated_messages_stay_out_of_a_bounded_period() {
        let period = Period::parse(Some("2024-01-01"), None, "UTC")
            .unwrap()
            .unwrap();
        let weighting = Weighting {
            period: Some(period),
            ..Weighting::default()
        };
        let mut c = DailyCollector::new(weighting, chrono_tz::UTC, GroupOf::Department, false);
        c.begin(&history());
        c.message(&Message {
            timestamp: None,
            ..message(0, 2, &[1])
        });
        let a = c.finish_attributed();
        assert_eq!(a.total.weight(1, 1), 0.0);
    }
}

//! People's departments over time, from HR snapshots (a directory with an `effective_date`
//! column): for each person, the sorted list of (effective from, department), where consecutive
//! snapshots with the same department are collapsed into the first one. Everyone's list is
//! stored in one flat `Vec` with per-person offsets, so that [`History::department_at`], called
//! once per message recipient while streaming, is a binary search over a slice and never
//! allocates.

use serde::Serialize;

/// A change of department: from `at` on (Unix seconds, the effective date of the snapshot that
/// first shows it), `person` is in `to_department` instead of `from_department`. Both are
/// indices into [`crate::ingest::Directory::departments`]; `person` is the person's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Move {
    /// The person (index into [`crate::ingest::Directory::people`]).
    pub person: u32,
    /// When the move takes effect, Unix seconds.
    pub at: i64,
    /// The department before.
    pub from_department: u32,
    /// The department from `at` on.
    pub to_department: u32,
}

/// Every person's (effective from, department) entries, people in index order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// `starts[p]..starts[p + 1]` are person `p`'s entries; `starts[0] == 0`.
    starts: Vec<usize>,
    /// (effective from, department), sorted by date within a person, two consecutive entries
    /// of a person never in the same department.
    entries: Vec<(i64, u32)>,
}

impl History {
    /// An empty history, to which people are pushed in index order.
    pub fn with_capacity(people: usize, snapshots: usize) -> History {
        let mut starts = Vec::with_capacity(people + 1);
        starts.push(0);
        History {
            starts,
            entries: Vec::with_capacity(snapshots),
        }
    }

    /// Appends the next person's snapshots, `(effective from, department)` sorted by date
    /// (dates distinct). A snapshot in the same department as the one before it is no change
    /// and is dropped. `snapshots` must not be empty. Returns the latest department.
    pub fn push_person(&mut self, snapshots: impl IntoIterator<Item = (i64, u32)>) -> u32 {
        let first = self.entries.len();
        for (from, department) in snapshots {
            if self.entries.len() > first && self.entries.last().map(|e| e.1) == Some(department) {
                continue;
            }
            self.entries.push((from, department));
        }
        self.starts.push(self.entries.len());
        debug_assert!(self.entries.len() > first, "a person without snapshot");
        self.entries.last().map_or(0, |e| e.1)
    }

    /// Person `person`'s entries: (effective from, department), sorted by date.
    pub fn of(&self, person: u32) -> &[(i64, u32)] {
        let p = person as usize;
        &self.entries[self.starts[p]..self.starts[p + 1]]
    }

    /// The department of `person` at `t` (Unix seconds): that of the latest entry in effect
    /// at `t` (effective from ≤ t); before the first entry, the first one's; `None` (an
    /// undated message), the latest. O(1) for a person who never moved or for `None`,
    /// O(log entries) otherwise; no allocation.
    pub fn department_at(&self, person: u32, t: Option<i64>) -> u32 {
        let entries = self.of(person);
        let i = match (entries.len(), t) {
            (1, _) | (_, None) => entries.len(),
            (_, Some(t)) => entries.partition_point(|&(from, _)| from <= t).max(1),
        };
        entries[i - 1].1
    }

    /// The moves whose effective date is in `[from, to)` (an open end when `None`), sorted by
    /// (date, person). O(entries + moves · log moves).
    pub fn moves(&self, from: Option<i64>, to: Option<i64>) -> Vec<Move> {
        let in_window = |at: i64| from.is_none_or(|f| at >= f) && to.is_none_or(|t| at < t);
        let mut moves: Vec<Move> = (0..self.starts.len().saturating_sub(1) as u32)
            .flat_map(|person| {
                self.of(person).windows(2).map(move |w| {
                    let ((_, before), (at, after)) = (w[0], w[1]);
                    Move {
                        person,
                        at,
                        from_department: before,
                        to_department: after,
                    }
                })
            })
            .filter(|m| in_window(m.at))
            .collect();
        moves.sort_by_key(|m| (m.at, m.person));
        moves
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JAN: i64 = 1_704_067_200; // 2024-01-01
    const JUL: i64 = 1_719_792_000; // 2024-07-01
    const OCT: i64 = 1_727_740_800; // 2024-10-01

    /// Person 0 never moves; person 1 goes 0 → 1 in July (and stays 1 in October); person 2
    /// goes 1 → 2 in July and back to 1 in October.
    fn history() -> History {
        let mut h = History::with_capacity(3, 7);
        assert_eq!(h.push_person([(JAN, 0), (JUL, 0)]), 0);
        assert_eq!(h.push_person([(JAN, 0), (JUL, 1), (OCT, 1)]), 1);
        assert_eq!(h.push_person([(JAN, 1), (JUL, 2), (OCT, 1)]), 1);
        h
    }

    #[test]
    fn collapses_snapshots_without_a_change() {
        let h = history();
        assert_eq!(h.of(0), [(JAN, 0)]);
        assert_eq!(h.of(1), [(JAN, 0), (JUL, 1)]);
        assert_eq!(h.of(2), [(JAN, 1), (JUL, 2), (OCT, 1)]);
    }

    #[test]
    fn department_before_at_and_after_a_move() {
        let h = history();
        // before the first snapshot: the first one's department
        assert_eq!(h.department_at(1, Some(JAN - 86_400)), 0);
        assert_eq!(h.department_at(1, Some(JAN)), 0);
        assert_eq!(h.department_at(1, Some(JUL - 1)), 0);
        // the effective date itself is in the new department
        assert_eq!(h.department_at(1, Some(JUL)), 1);
        assert_eq!(h.department_at(1, Some(OCT + 1)), 1);
        assert_eq!(h.department_at(2, Some(JUL + 1)), 2);
        assert_eq!(h.department_at(2, Some(OCT)), 1);
        // undated: the latest
        assert_eq!(h.department_at(1, None), 1);
        assert_eq!(h.department_at(2, None), 1);
        assert_eq!(h.department_at(0, Some(i64::MIN)), 0);
    }

    #[test]
    fn moves_in_a_window_sorted_by_date_then_person() {
        let h = history();
        let all = h.moves(None, None);
        let seen: Vec<(i64, u32, u32, u32)> = all
            .iter()
            .map(|m| (m.at, m.person, m.from_department, m.to_department))
            .collect();
        assert_eq!(seen, [(JUL, 1, 0, 1), (JUL, 2, 1, 2), (OCT, 2, 2, 1)]);
        // [from, to): the end is excluded, the start included
        assert_eq!(h.moves(Some(JUL), Some(OCT)).len(), 2);
        assert_eq!(h.moves(Some(JUL + 1), None).len(), 1);
        assert_eq!(h.moves(None, Some(JUL)).len(), 0);
        assert!(History::default().moves(None, None).is_empty());
    }
}

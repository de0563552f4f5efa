//! Moves of department during the analysed period (a directory of HR snapshots): which ones
//! count, and how many people moved. The flows themselves are attributed while the messages
//! are read ([`crate::graph::DailyCollector`]); this only says what the outputs tell about it.

use crate::analyze::run::InputCounts;
use crate::ingest::{Directory, Move};

/// The bounds `[from, to)` of the analysed period for its moves: `--since` and `--until`, an
/// open end closed by the first message read (from) or just after the last one (to); `None`
/// where there is neither (nothing dated). O(1).
pub fn window(input: &InputCounts) -> (Option<i64>, Option<i64>) {
    let period = input.weighting_options.period;
    let span = input.ingest.time_span;
    let from = period.and_then(|p| p.from).or(span.map(|(first, _)| first));
    let to = period.and_then(|p| p.to).or(span.map(|(_, last)| last + 1));
    (from, to)
}

/// The moves of the analysed period ([`window`]), sorted by (date, person); none without
/// snapshots. O(snapshots + moves · log moves).
pub fn period_moves(directory: &Directory, input: &InputCounts) -> Vec<Move> {
    let (from, to) = window(input);
    directory.moves(from, to)
}

/// How many people `moves` concern (a person who moved twice counts once). O(m log m).
pub fn people_moved(moves: &[Move]) -> usize {
    let mut people: Vec<u32> = moves.iter().map(|m| m.person).collect();
    people.sort_unstable();
    people.dedup();
    people.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Period, Weighting};

    const JAN: i64 = 1_704_067_200; // 2024-01-01
    const JUL: i64 = 1_719_792_000; // 2024-07-01
    const OCT: i64 = 1_727_740_800; // 2024-10-01

    fn directory() -> Directory {
        let name = crate::error::InputName::Path("people.csv".into());
        Directory::from_snapshots(
            &name,
            [
                ("a", "A", JAN),
                ("a", "B", JUL),
                ("a", "A", OCT),
                ("b", "A", JAN),
                ("b", "B", JUL),
                ("c", "B", JAN),
            ],
        )
        .unwrap()
    }

    fn input(span: (i64, i64), since: Option<&str>, until: Option<&str>) -> InputCounts {
        let mut input = InputCounts::default();
        input.ingest.time_span = Some(span);
        input.weighting_options = Weighting {
            period: Period::parse(since, until, "UTC").unwrap(),
            ..Weighting::default()
        };
        input
    }

    #[test]
    fn the_moves_of_the_period_and_the_people_who_moved() {
        let d = directory();
        // the data span closes an open period: both July moves and a's October move
        let all = period_moves(&d, &input((JAN, OCT + 86_400), None, None));
        assert_eq!(all.len(), 3);
        assert_eq!(people_moved(&all), 2);
        // messages until September only: October's move is after the period
        let before_october = period_moves(&d, &input((JAN, OCT - 86_400), None, None));
        assert_eq!(before_october.len(), 2);
        // --until is excluded, --since included
        let until = period_moves(&d, &input((JAN, OCT), None, Some("2024-07-01")));
        assert!(until.is_empty());
        let since = period_moves(&d, &input((JAN, OCT), Some("2024-07-01"), None));
        assert_eq!(people_moved(&since), 2);
        // without snapshots, none
        let flat = Directory::from_pairs([("a", "A")]).unwrap();
        assert!(period_moves(&flat, &input((JAN, OCT), None, None)).is_empty());
    }
}

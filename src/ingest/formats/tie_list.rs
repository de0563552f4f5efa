//! A tie list aggregated elsewhere (a data lake: DuckDB, Spark, a warehouse; docs/SCALE.md
//! gives the SQL that makes one from a message log): one row per directed tie, `source,
//! target, weight`, with an optional `period` (the day, `YYYY-MM-DD`, at midnight of
//! `--timezone`) and `channel`. Given with `--ties`, which forces this format. The weights are
//! exact decimals ([`crate::ingest::ties`]) and rows of the same tie are summed, so that
//! neither the order of the rows nor a tie split over several rows changes anything.

use super::tie_rows::{DateReading, TieNames, position};
use chrono_tz::Tz;

/// The columns of a tie list, whose days are midnights in `zone`.
pub fn names(zone: Tz) -> TieNames {
    TieNames {
        source: &["source", "from", "sender"],
        target: &["target", "to", "recipient"],
        date: &["period", "day", "date"],
        weight: &["weight"],
        channel: &["channel"],
        default_channel: Some(crate::ingest::channel::EMAIL),
        date_reading: DateReading::Day(zone),
        empty_weight_is_zero: false,
    }
}

/// True when a header is a tie list's: a source, a target and a `weight` column (a message
/// CSV has no weight), so that a tie list given as `--messages` is read as one rather than as
/// messages from its sources to its targets.
pub fn is_tie_list(headers: &[String]) -> bool {
    let names = names(Tz::UTC);
    position(headers, names.source).is_some()
        && position(headers, names.target).is_some()
        && position(headers, names.weight).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(text: &str) -> Vec<String> {
        text.split(',').map(str::to_string).collect()
    }

    #[test]
    fn a_tie_list_is_told_by_its_weight_column() {
        assert!(is_tie_list(&header("Source,Target,Weight,Period")));
        assert!(is_tie_list(&header("from,to,weight")));
        assert!(!is_tie_list(&header("from,to,cc")));
        assert!(!is_tie_list(&header("source,weight")));
    }
}

//! A tie list aggregated elsewhere (a data lake: DuckDB, Spark, a warehouse; docs/SCALE.md
//! gives the SQL that makes one from a message log): one row per directed tie, `source,
//! target, weight`, with an optional `period` (the day, `YYYY-MM-DD`, at midnight of
//! `--timezone`) and `channel`. Given with `--ties`, which forces this format. The weights are
//! exact decimals ([`crate::ingest::ties`]) and rows of the same tie are summed, so that
//! neither the order of the rows nor a tie split over several rows changes anything.

use super::tie_rows::{DateReading, TieNames};
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

//! The formats whose rows are already directed ties with a weight: a Viva Insights
//! person-to-person query ([`super::viva`]) and a tie list aggregated elsewhere
//! ([`super::tie_list`]). Each names its columns ([`TieNames`]); finding them, reading a row
//! and rejecting a malformed weight or date is shared here, so both follow the same rules.

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;

use super::{RowSink, empty_sender};
use crate::error::{Error, Result};
use crate::ingest::columns::FieldMapping;
use crate::ingest::rejects::{RejectReason, RejectedRow};
use crate::ingest::source::{CsvInput, Row};
use crate::ingest::ties::decimal_units;
use crate::ingest::time::{DateFormat, parse_timestamp};

/// The header names of a tie format, compared without case and with spaces read as `_`.
pub struct TieNames {
    /// The person the tie starts from.
    pub source: &'static [&'static str],
    /// The person it goes to.
    pub target: &'static [&'static str],
    /// The date of the row (a week, a day), optional.
    pub date: &'static [&'static str],
    /// The weight, best first (`--map weight=` names another).
    pub weight: &'static [&'static str],
    /// The channel, optional (empty: the format has none).
    pub channel: &'static [&'static str],
    /// The channel of a row whose channel is empty or not given, as a message CSV's is
    /// `email`; `None`: a tie of no channel, which `--channel` and `--weight` leave alone.
    pub default_channel: Option<&'static str>,
    /// How the date is read.
    pub date_reading: DateReading,
    /// True when an empty weight is a weight of 0 (Viva leaves a metric empty for none),
    /// false when it is a malformed row.
    pub empty_weight_is_zero: bool,
}

/// How a tie format writes its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateReading {
    /// Viva's MetricDate: ISO, or month first (`3/4/2024`) as the analyst portal writes it,
    /// unless `--date-format` says otherwise.
    VivaWeek,
    /// A day `YYYY-MM-DD`, taken at midnight in this time zone (`--timezone`), so that
    /// `--since` and `--until` dates cut the days where they say.
    Day(Tz),
}

/// A header as the tie formats compare it: without case, spaces read as `_`.
pub fn key(header: &str) -> String {
    header.trim().to_lowercase().replace(' ', "_")
}

/// The first header of `headers` that is one of `names`, in the order of `names`.
pub fn position(headers: &[String], names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|n| headers.iter().position(|h| key(h) == *n))
}

/// The column `--map FIELD=` names, or else the first of `names` present.
fn mapped_or(
    input: &CsvInput,
    mapping: &FieldMapping,
    field: &'static str,
    names: &[&str],
) -> Result<Option<usize>> {
    match mapping.column(field) {
        Some(column) => position(&input.headers, &[key(column).as_str()])
            .map(Some)
            .ok_or_else(|| Error::MappedColumnMissing {
                file: input.name.clone(),
                field: field.to_string(),
                column: column.to_string(),
                found: input.found_headers(),
            }),
        None => Ok(position(&input.headers, names)),
    }
}

/// The columns of a tie input.
pub struct Columns {
    pub(super) source: usize,
    target: usize,
    date: Option<usize>,
    weight: usize,
    channel: Option<usize>,
    default_channel: Option<&'static str>,
    metric: String,
    date_reading: DateReading,
    empty_weight_is_zero: bool,
}

impl Columns {
    /// Finds the two people, the date, the weight and the channel named by `names` (with
    /// `--map sender=`, `recipients=`, `timestamp=`, `weight=`, `channel=` taken into
    /// account).
    pub fn locate(input: &CsvInput, mapping: &FieldMapping, names: &TieNames) -> Result<Columns> {
        let missing = |field: &'static str, names: &[&str]| Error::MissingColumn {
            file: input.name.clone(),
            field,
            synonyms: names.join(", "),
            found: input.found_headers(),
        };
        let source = mapped_or(input, mapping, "sender", names.source)?
            .ok_or_else(|| missing("sender", names.source))?;
        let target = mapped_or(input, mapping, "recipients", names.target)?
            .ok_or_else(|| missing("recipients", names.target))?;
        let date = mapped_or(input, mapping, "timestamp", names.date)?;
        let weight = mapped_or(input, mapping, "weight", names.weight)?
            .ok_or_else(|| missing("weight", names.weight))?;
        let channel = mapped_or(input, mapping, "channel", names.channel)?;
        Ok(Columns {
            source,
            target,
            date,
            weight,
            channel,
            default_channel: names.default_channel,
            metric: input.headers[weight].clone(),
            date_reading: names.date_reading,
            empty_weight_is_zero: names.empty_weight_is_zero,
        })
    }

    /// `(field, column)` pairs.
    pub fn columns(&self) -> Vec<(&'static str, usize)> {
        let mut out = vec![
            ("tie_source", self.source),
            ("tie_target", self.target),
            ("weight", self.weight),
        ];
        out.extend(self.date.map(|c| ("timestamp", c)));
        out.extend(self.channel.map(|c| ("channel", c)));
        out
    }

    /// The column read as the tie weight.
    pub fn metric(&self) -> &str {
        &self.metric
    }

    /// One row, one directed tie.
    pub fn read<S: RowSink>(
        &self,
        row: &Row<'_>,
        sink: &mut S,
    ) -> std::result::Result<(), RejectedRow> {
        let source = row.text(self.source)?.trim();
        if source.is_empty() {
            return Err(empty_sender(row, self.source));
        }
        let target = row.text(self.target)?.trim();
        let time = match self.date {
            Some(c) => self
                .date_of(row.text(c)?, sink.date_format())
                .map_err(|expected| {
                    row.reject(RejectReason::BadTimestamp, Some(c), expected.into())
                })?,
            None => None,
        };
        let channel = match self.channel {
            Some(c) => Some(row.text(c)?.trim()).filter(|c| !c.is_empty()),
            None => None,
        }
        .or(self.default_channel);
        let text = row.text(self.weight)?;
        let units = if text.trim().is_empty() && self.empty_weight_is_zero {
            0
        } else {
            decimal_units(text).ok_or_else(|| {
                row.reject(
                    RejectReason::BadWeight,
                    Some(self.weight),
                    format!(
                        "expected a number of at least 0 such as 0.25, found a value shaped '{}'",
                        crate::ingest::shape_of(text)
                    ),
                )
            })?
        };
        sink.tie(source, target, units, time, channel);
        Ok(())
    }

    /// The date of a row as Unix seconds (`None` when empty), or what was expected.
    fn date_of(
        &self,
        text: &str,
        format: &DateFormat,
    ) -> std::result::Result<Option<i64>, &'static str> {
        match self.date_reading {
            DateReading::VivaWeek => {
                const EXPECTED: &str = "expected the week's date, like 2024-03-04 or 3/4/2024 (Viva writes month first)";
                if let Ok(t) = parse_timestamp(text, format) {
                    return Ok(t);
                }
                parse_timestamp(text, &DateFormat::MonthFirst).map_err(|_| EXPECTED)
            }
            DateReading::Day(zone) => day_start(text, zone),
        }
    }
}

/// A day `YYYY-MM-DD` as the Unix second of its midnight in `zone` (the first instant of the
/// day where a time change skips midnight); `None` for an empty field.
pub fn day_start(text: &str, zone: Tz) -> std::result::Result<Option<i64>, &'static str> {
    const EXPECTED: &str = "expected the day as YYYY-MM-DD, like 2024-03-04";
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let day = NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| EXPECTED)?;
    let start = (0..24)
        .find_map(|hour| {
            let naive = day.and_hms_opt(hour, 0, 0)?;
            zone.from_local_datetime(&naive).earliest()
        })
        .ok_or(EXPECTED)?;
    Ok(Some(start.timestamp()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_starts_at_midnight_of_the_time_zone() {
        assert_eq!(day_start("2024-01-01", Tz::UTC), Ok(Some(1_704_067_200)));
        let paris: Tz = "Europe/Paris".parse().unwrap();
        assert_eq!(
            day_start("2024-01-01", paris),
            Ok(Some(1_704_067_200 - 3600))
        );
        let new_york: Tz = "America/New_York".parse().unwrap();
        assert_eq!(
            day_start(" 2024-01-01 ", new_york),
            Ok(Some(1_704_067_200 + 5 * 3600))
        );
        assert_eq!(day_start("", Tz::UTC), Ok(None));
        assert!(day_start("2024-13-01", Tz::UTC).is_err());
        assert!(day_start("01/02/2024", Tz::UTC).is_err());
    }
}

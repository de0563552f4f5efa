//! The period analysed (`--since`, `--until`, `--timezone`): `FROM..TO` includes FROM and
//! excludes TO, dates are midnight in the time zone (default UTC; `Europe/Paris` for a French
//! client), full timestamps are read as they are. A message outside the period, or undated when
//! a period is asked for, is left out of the graph and counted.

use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

/// A half-open span of time, in unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First second included (`--since`), or unbounded.
    pub from: Option<i64>,
    /// First second excluded (`--until`), or unbounded.
    pub to: Option<i64>,
    /// The time zone in which dates are cut and shown.
    pub timezone: Tz,
}

impl Period {
    /// Whether `t` (unix seconds) falls in the period.
    pub fn contains(&self, t: i64) -> bool {
        self.from.is_none_or(|f| t >= f) && self.to.is_none_or(|u| t < u)
    }

    /// Reads `--since`, `--until` and `--timezone`; `None` when neither bound is given.
    pub fn parse(
        since: Option<&str>,
        until: Option<&str>,
        timezone: &str,
    ) -> Result<Option<Period>, String> {
        let timezone: Tz = timezone.trim().parse().map_err(|_| {
            format!("--timezone {timezone}: not a time zone name (for example UTC, Europe/Paris)")
        })?;
        let bound = |flag: &str, text: Option<&str>| {
            text.map(|t| {
                instant(t, timezone).ok_or_else(|| {
                    format!(
                        "{flag} {t}: expected a date YYYY-MM-DD or a timestamp YYYY-MM-DDTHH:MM:SS (with an optional offset or Z)"
                    )
                })
            })
            .transpose()
        };
        let (from, to) = (bound("--since", since)?, bound("--until", until)?);
        if let (Some(f), Some(u)) = (from, to)
            && f >= u
        {
            return Err(format!(
                "--since {} is not before --until {}: the period would be empty (FROM is included, TO excluded)",
                since.unwrap_or_default(),
                until.unwrap_or_default()
            ));
        }
        Ok((from.is_some() || to.is_some()).then_some(Period { from, to, timezone }))
    }

    /// The day of `t` in the period's time zone, `YYYY-MM-DD`.
    pub fn day(&self, t: i64) -> String {
        self.timezone
            .timestamp_opt(t, 0)
            .single()
            .map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string())
    }
}

/// A date (midnight in `tz`) or a timestamp (an offset or `Z` as written, else local to `tz`).
fn instant(text: &str, tz: Tz) -> Option<i64> {
    let t = text.trim();
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(t) {
        return Some(d.timestamp());
    }
    let local = NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S"))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })?;
    // a time that falls in a daylight-saving gap has no instant: refuse it rather than guess
    tz.from_local_datetime(&local)
        .earliest()
        .map(|d| d.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_midnight_in_the_time_zone_and_to_is_excluded() {
        let p = Period::parse(Some("2024-03-01"), Some("2024-04-01"), "Europe/Paris")
            .unwrap()
            .unwrap();
        // 2024-03-01 00:00 in Paris is 2024-02-29 23:00 UTC
        assert_eq!(p.from, Some(1_709_247_600));
        assert!(p.contains(1_709_247_600));
        assert!(!p.contains(1_709_247_599));
        // 2024-04-01 00:00 in Paris (summer time) is 2024-03-31 22:00 UTC: excluded
        assert_eq!(p.to, Some(1_711_922_400));
        assert!(!p.contains(1_711_922_400));
        assert!(p.contains(1_711_922_399));
        assert_eq!(p.day(1_711_922_399), "2024-03-31");
    }

    #[test]
    fn timestamps_bad_values_and_empty_periods() {
        let p = Period::parse(Some("2024-03-01T12:00:00Z"), None, "UTC")
            .unwrap()
            .unwrap();
        assert_eq!(p.from, Some(1_709_294_400));
        assert_eq!(p.to, None);
        assert_eq!(Period::parse(None, None, "UTC"), Ok(None));
        assert!(Period::parse(Some("01/03/2024"), None, "UTC").is_err());
        assert!(Period::parse(None, None, "Paris").is_err());
        assert!(Period::parse(Some("2024-03-01"), Some("2024-03-01"), "UTC").is_err());
    }
}

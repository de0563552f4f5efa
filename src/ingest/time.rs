//! Timestamps as exports write them: RFC 3339, `YYYY-MM-DD HH:MM[:SS]`, Unix seconds, and
//! day-first dates (`dd/mm/yyyy HH:MM`, as French exports write them) when asked for with
//! `--date-format day-first` or an explicit chrono pattern. Times without a zone are read as UTC.
//! The effective dates of HR snapshots have their own, stricter reader ([`parse_date`]).

use chrono::{DateTime, NaiveDate, NaiveDateTime};

/// How to read timestamps that are not RFC 3339 or Unix seconds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum DateFormat {
    /// ISO forms only (`2024-03-01 09:30`, RFC 3339, Unix seconds).
    #[default]
    Iso,
    /// Day first: `31/01/2024 09:30[:00]`, also with `-` or `.` between the parts.
    DayFirst,
    /// Month first, as US exports and PowerShell in English write them: `3/12/2024 9:15:00 AM`,
    /// `03/12/2024 09:15`.
    MonthFirst,
    /// A chrono `strftime` pattern such as `%d/%m/%Y %Hh%M`; ISO forms are still accepted.
    Pattern(String),
}

impl DateFormat {
    /// Parses the value of `--date-format`: `iso`, `day-first` (or `dmy`), or a pattern with `%`.
    pub fn from_arg(s: &str) -> Result<DateFormat, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "iso" | "auto" => Ok(DateFormat::Iso),
            "day-first" | "dayfirst" | "dmy" | "fr" => Ok(DateFormat::DayFirst),
            "month-first" | "monthfirst" | "mdy" | "us" => Ok(DateFormat::MonthFirst),
            _ if s.contains('%') => {
                let broken = chrono::format::StrftimeItems::new(s)
                    .any(|item| matches!(item, chrono::format::Item::Error));
                if broken {
                    Err(format!(
                        "'{s}' is not a date pattern chrono understands: use %Y, %m, %d, %H, %M, %S... like '%d/%m/%Y %H:%M'"
                    ))
                } else {
                    Ok(DateFormat::Pattern(s.to_string()))
                }
            }
            _ => Err(format!(
                "unknown date format '{s}': use iso, day-first, month-first, or a pattern like '%d/%m/%Y %H:%M'"
            )),
        }
    }
}

/// What a timestamp column should hold, for error messages.
pub const EXPECTED: &str = "a timestamp like 2024-03-01T09:30:00Z, 2024-03-01 09:30[:00] or Unix seconds (day-first dates like 01/03/2024 09:30 need --date-format day-first, US dates like 3/1/2024 9:30:00 AM --date-format month-first)";

const ISO_NAIVE: [&str; 6] = [
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
];
const MONTH_FIRST: [&str; 7] = [
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S%.f",
    "%m-%d-%Y %H:%M:%S",
    "%m-%d-%Y %H:%M",
];
const MONTH_FIRST_DATES: [&str; 2] = ["%m/%d/%Y", "%m-%d-%Y"];
const DAY_FIRST: [&str; 10] = [
    "%d/%m/%Y %I:%M:%S %p",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d/%m/%Y %Hh%M",
    "%d/%m/%Y %H:%M:%S%.f",
    "%d/%m/%Y",
];
// chrono's `%Y` also takes "24" as the year 24: two-digit years get their own patterns,
// chosen by looking at the year's width.
const DAY_FIRST_SHORT_YEAR: [&str; 3] = ["%d/%m/%y %H:%M:%S", "%d/%m/%y %H:%M", "%d/%m/%y"];
const DAY_FIRST_DATES: [&str; 3] = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"];

/// True when the date part (before a space or `T`) ends in a two-digit year: `01/03/24`.
fn has_short_year(s: &str) -> bool {
    let date = s.split([' ', 'T']).next().unwrap_or("");
    let parts: Vec<&str> = date.split(['/', '-', '.']).collect();
    parts.len() == 3 && parts[2].len() == 2 && parts[0].len() <= 2
}

/// The text is not a timestamp in any accepted form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotATimestamp;

/// Parses one timestamp into Unix seconds. `Ok(None)` for an empty value (timestamps are
/// optional); `Err(NotATimestamp)` when the text is not a timestamp in any accepted form.
pub fn parse_timestamp(text: &str, format: &DateFormat) -> Result<Option<i64>, NotATimestamp> {
    let s = text.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(secs) = parse_unix(s) {
        return Ok(Some(secs));
    }
    if let DateFormat::Pattern(p) = format
        && let Some(t) = parse_with(s, p)
    {
        return Ok(Some(t));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(Some(t.timestamp()));
    }
    // ISO forms start with a four-digit year; without this check `%Y` would read 01/03/24 as
    // the year 1.
    let iso_like = s.len() > 4 && s.as_bytes()[..4].iter().all(u8::is_ascii_digit);
    for f in ISO_NAIVE.iter().filter(|_| iso_like) {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Ok(Some(t.and_utc().timestamp()));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        && iso_like
    {
        return Ok(Some(midnight(d)));
    }
    if *format == DateFormat::MonthFirst {
        if has_short_year(s) {
            return Err(NotATimestamp);
        }
        for f in MONTH_FIRST {
            if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
                return Ok(Some(t.and_utc().timestamp()));
            }
        }
        for f in MONTH_FIRST_DATES {
            if let Ok(d) = NaiveDate::parse_from_str(s, f) {
                return Ok(Some(midnight(d)));
            }
        }
        return Err(NotATimestamp);
    }
    if *format == DateFormat::DayFirst {
        if has_short_year(s) {
            for f in DAY_FIRST_SHORT_YEAR {
                if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
                    return Ok(Some(t.and_utc().timestamp()));
                }
                if let Ok(d) = NaiveDate::parse_from_str(s, f) {
                    return Ok(Some(midnight(d)));
                }
            }
            return Err(NotATimestamp);
        }
        for f in DAY_FIRST {
            if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
                return Ok(Some(t.and_utc().timestamp()));
            }
        }
        for f in DAY_FIRST_DATES {
            if let Ok(d) = NaiveDate::parse_from_str(s, f) {
                return Ok(Some(midnight(d)));
            }
        }
    }
    Err(NotATimestamp)
}

/// What an effective date should hold, for error messages.
pub const EXPECTED_DATE: &str = "an effective date like 2024-07-01 (also 01/07/2024, day first, or a timestamp like 2024-07-01T00:00:00Z)";

/// Parses the effective date of an HR snapshot into Unix seconds: `YYYY-MM-DD`, `DD/MM/YYYY`
/// (day first, as French exports write it; also with `-` or `.`), each at **midnight UTC**, or
/// a full ISO timestamp (RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` read as UTC). Unlike message
/// timestamps, Unix seconds, month-first and two-digit years are refused: `20240701` would be
/// read as a second of 1970 and `01/07/24` as the year 24. O(length of the text).
pub fn parse_date(text: &str) -> Result<i64, NotATimestamp> {
    let s = text.trim();
    let date = s.split([' ', 'T']).next().unwrap_or("");
    let date_only = date.len() == s.len();
    let digits = |p: &str, widths: std::ops::RangeInclusive<usize>| {
        widths.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    let iso: Vec<&str> = date.split('-').collect();
    if let [y, m, d] = iso[..]
        && digits(y, 4..=4)
        && digits(m, 1..=2)
        && digits(d, 1..=2)
    {
        if !date_only {
            return parse_timestamp(s, &DateFormat::Iso)?.ok_or(NotATimestamp);
        }
        return ymd(y, m, d);
    }
    for separator in ['/', '-', '.'] {
        let parts: Vec<&str> = date.split(separator).collect();
        if let [d, m, y] = parts[..]
            && digits(d, 1..=2)
            && digits(m, 1..=2)
            && digits(y, 4..=4)
        {
            if !date_only {
                return parse_timestamp(s, &DateFormat::DayFirst)?.ok_or(NotATimestamp);
            }
            return ymd(y, m, d);
        }
    }
    Err(NotATimestamp)
}

/// Midnight UTC of a calendar day given as digits (already checked), if the day exists.
fn ymd(y: &str, m: &str, d: &str) -> Result<i64, NotATimestamp> {
    let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) else {
        return Err(NotATimestamp);
    };
    NaiveDate::from_ymd_opt(y, m, d)
        .map(midnight)
        .ok_or(NotATimestamp)
}

fn midnight(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0)
        .expect("invariant: midnight exists")
        .and_utc()
        .timestamp()
}

fn parse_with(s: &str, pattern: &str) -> Option<i64> {
    if let Ok(t) = DateTime::parse_from_str(s, pattern) {
        return Some(t.timestamp());
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(s, pattern) {
        return Some(t.and_utc().timestamp());
    }
    NaiveDate::parse_from_str(s, pattern).ok().map(midnight)
}

/// Unix seconds, optionally with a fraction (Slack writes `1700000000.123456`).
fn parse_unix(s: &str) -> Option<i64> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let digits = int.strip_prefix('-').unwrap_or(int);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = frac
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    int.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_documented_forms() {
        let iso = DateFormat::Iso;
        let t = 1_709_285_400; // 2024-03-01 09:30:00 UTC
        assert_eq!(parse_timestamp("2024-03-01T09:30:00Z", &iso), Ok(Some(t)));
        assert_eq!(
            parse_timestamp("2024-03-01T10:30:00+01:00", &iso),
            Ok(Some(t))
        );
        assert_eq!(parse_timestamp("2024-03-01 09:30:00", &iso), Ok(Some(t)));
        assert_eq!(parse_timestamp("2024-03-01 09:30", &iso), Ok(Some(t)));
        assert_eq!(parse_timestamp(" 1709285400 ", &iso), Ok(Some(t)));
        assert_eq!(parse_timestamp("1709285400.25", &iso), Ok(Some(t)));
        assert_eq!(parse_timestamp("", &iso), Ok(None));
        assert_eq!(
            parse_timestamp("01/03/2024 09:30", &iso),
            Err(NotATimestamp)
        );
        assert_eq!(parse_timestamp("yesterday", &iso), Err(NotATimestamp));
        let fr = DateFormat::DayFirst;
        assert_eq!(parse_timestamp("01/03/2024 09:30", &fr), Ok(Some(t)));
        assert_eq!(parse_timestamp("01/03/2024 09:30:00", &fr), Ok(Some(t)));
        assert_eq!(parse_timestamp("01/03/24 09:30", &fr), Ok(Some(t)));
        let us = DateFormat::MonthFirst;
        assert_eq!(parse_timestamp("3/1/2024 9:30:00 AM", &us), Ok(Some(t)));
        assert_eq!(parse_timestamp("03/01/2024 09:30", &us), Ok(Some(t)));
        assert_eq!(
            parse_timestamp("3/1/2024 9:30:00 PM", &us),
            Ok(Some(t + 12 * 3600))
        );
        assert_eq!(parse_timestamp("13/01/2024 09:30", &us), Err(NotATimestamp));
        assert_eq!(
            parse_timestamp("2024-03-01T09:30:00.1234567Z", &iso),
            Ok(Some(t))
        );
        let pat = DateFormat::from_arg("%d/%m/%Y %Hh%M").unwrap();
        assert_eq!(parse_timestamp("01/03/2024 09h30", &pat), Ok(Some(t)));
    }

    #[test]
    fn effective_dates() {
        let july = 1_719_792_000; // 2024-07-01 00:00:00 UTC
        assert_eq!(parse_date("2024-07-01"), Ok(july));
        assert_eq!(parse_date(" 2024-7-1 "), Ok(july));
        assert_eq!(parse_date("01/07/2024"), Ok(july));
        assert_eq!(parse_date("1.7.2024"), Ok(july));
        assert_eq!(parse_date("01-07-2024"), Ok(july));
        assert_eq!(parse_date("2024-07-01T00:00:00Z"), Ok(july));
        assert_eq!(parse_date("2024-07-01T02:00:00+02:00"), Ok(july));
        assert_eq!(parse_date("2024-07-01 09:30"), Ok(july + 9 * 3600 + 1800));
        assert_eq!(parse_date("01/07/2024 00:00:00"), Ok(july));
        for bad in [
            "",
            "20240701",
            "1719792000",
            "01/07/24",
            "31/02/2024",
            "2024-13-01",
            "07/01/2024 9:00:00 AM x",
            "July 1, 2024",
            "2024-07-01T25:00",
        ] {
            assert_eq!(parse_date(bad), Err(NotATimestamp), "{bad}");
        }
    }

    #[test]
    fn date_format_argument() {
        assert_eq!(DateFormat::from_arg("day-first"), Ok(DateFormat::DayFirst));
        assert_eq!(DateFormat::from_arg("iso"), Ok(DateFormat::Iso));
        assert!(DateFormat::from_arg("french").is_err());
    }
}

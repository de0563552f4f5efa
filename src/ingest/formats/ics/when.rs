//! Dates, times, time zones and recurrence of iCalendar events.
//!
//! - Values (RFC 5545 §3.3.4, §3.3.5): `YYYYMMDD` (a date: midnight UTC), `YYYYMMDDTHHMMSSZ`
//!   (UTC), `YYYYMMDDTHHMMSS` with `TZID=` (local time of that zone), and without it (a
//!   *floating* time, read as UTC: the file does not say where it is). A local time that occurs
//!   twice (autumn) is the first one; one that does not occur (spring) is read with the offset
//!   before the gap, as §3.3.5 says.
//! - Zones: an IANA name (`Europe/Paris`, any case; also at the end of a path such as
//!   `/mozilla.org/20050126_1/Europe/Paris`), or a Windows name as Outlook writes it
//!   (`Romance Standard Time`), mapped as CLDR's windowsZones.xml does for territory 001. Any
//!   other TZID (Outlook's `Customized Time Zone` with its own VTIMEZONE) is refused by name.
//! - Recurrence (§3.8.5): RRULE (every rule part of RFC 5545, expanded by the `rrule` crate in
//!   the event's own zone, so that a weekly 09:00 Europe/Paris meeting stays at 09:00 across
//!   daylight saving), RDATE, EXDATE; DTSTART always counts as the first occurrence (§3.8.5.3),
//!   even when the rule would not give it.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// Where a time is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// `Z`: UTC.
    Utc,
    /// No zone at all (read as UTC).
    Floating,
    /// A named zone.
    Named(chrono_tz::Tz),
}

impl Zone {
    fn rrule(self) -> rrule::Tz {
        match self {
            Zone::Utc | Zone::Floating => rrule::Tz::UTC,
            Zone::Named(tz) => rrule::Tz::Tz(tz),
        }
    }

    /// The calendar date of `instant` in this zone.
    fn date_of(self, instant: DateTime<Utc>) -> NaiveDate {
        match self {
            Zone::Utc | Zone::Floating => instant.date_naive(),
            Zone::Named(tz) => instant.with_timezone(&tz).date_naive(),
        }
    }

    /// The instant of a local time of this zone.
    fn instant(self, local: NaiveDateTime) -> DateTime<Utc> {
        match self {
            Zone::Utc | Zone::Floating => local.and_utc(),
            Zone::Named(tz) => local_to_utc(tz, local),
        }
    }
}

fn local_to_utc(tz: chrono_tz::Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            // in a gap: the offset in force before it (a day earlier there is no other change)
            let before = tz.offset_from_utc_datetime(&(local - Duration::days(1)));
            let offset = chrono::Offset::fix(&before);
            (local - Duration::seconds(i64::from(offset.local_minus_utc()))).and_utc()
        }
    }
}

/// A DATE or DATE-TIME value, read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// The instant (midnight UTC for a date).
    pub instant: DateTime<Utc>,
    /// A date without a time (an all-day event).
    pub date_only: bool,
    /// The zone it was written in.
    pub zone: Zone,
}

impl Written {
    /// Unix seconds.
    pub fn unix(&self) -> i64 {
        self.instant.timestamp()
    }
}

/// Why a value cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhenError {
    /// Not a DATE or DATE-TIME of RFC 5545.
    Malformed,
    /// A TZID that names no zone siloscope knows (the name is kept for the message: a zone
    /// name is not personal data).
    UnknownZone(String),
}

/// The zones met in one file, resolved once each.
#[derive(Debug, Default)]
pub struct Zones {
    known: HashMap<String, Option<chrono_tz::Tz>>,
}

impl Zones {
    /// The zone a TZID names.
    pub fn resolve(&mut self, tzid: &str) -> Result<chrono_tz::Tz, WhenError> {
        if let Some(found) = self.known.get(tzid) {
            return found.ok_or_else(|| WhenError::UnknownZone(tzid.to_string()));
        }
        let found = resolve_zone(tzid);
        self.known.insert(tzid.to_string(), found);
        found.ok_or_else(|| WhenError::UnknownZone(tzid.to_string()))
    }

    /// Reads one value: `value_type` is the VALUE parameter (`DATE`, `DATE-TIME`, `PERIOD`),
    /// `tzid` the TZID parameter. A PERIOD (`start/end`, RDATE only) gives its start.
    pub fn read(
        &mut self,
        value: &str,
        tzid: Option<&str>,
        value_type: Option<&str>,
    ) -> Result<Written, WhenError> {
        let value = value.trim();
        let value = match value_type {
            Some(t) if t.eq_ignore_ascii_case("PERIOD") => {
                value.split('/').next().unwrap_or_default()
            }
            _ => value,
        };
        let bytes = value.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Result<u32, WhenError> {
            let part = bytes.get(r).ok_or(WhenError::Malformed)?;
            if !part.iter().all(u8::is_ascii_digit) {
                return Err(WhenError::Malformed);
            }
            part.iter()
                .try_fold(0u32, |n, d| Some(n * 10 + u32::from(d - b'0')))
                .ok_or(WhenError::Malformed)
        };
        let date = NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(4..6)?, digits(6..8)?)
            .ok_or(WhenError::Malformed)?;
        if bytes.len() == 8 {
            return Ok(Written {
                instant: date.and_time(NaiveTime::MIN).and_utc(),
                date_only: true,
                zone: Zone::Floating,
            });
        }
        if value_type.is_some_and(|t| t.eq_ignore_ascii_case("DATE")) {
            return Err(WhenError::Malformed);
        }
        if !matches!(bytes.get(8), Some(b'T' | b't')) {
            return Err(WhenError::Malformed);
        }
        let utc = match bytes.len() {
            15 => false,
            16 if matches!(bytes[15], b'Z' | b'z') => true,
            _ => return Err(WhenError::Malformed),
        };
        let time = NaiveTime::from_hms_opt(digits(9..11)?, digits(11..13)?, digits(13..15)?)
            .ok_or(WhenError::Malformed)?;
        let local = date.and_time(time);
        let zone = match (utc, tzid) {
            (true, _) => Zone::Utc,
            (false, Some(id)) => Zone::Named(self.resolve(id)?),
            (false, None) => Zone::Floating,
        };
        Ok(Written {
            instant: zone.instant(local),
            date_only: false,
            zone,
        })
    }
}

/// An IANA name (any case, or the end of a path), then a Windows name.
fn resolve_zone(tzid: &str) -> Option<chrono_tz::Tz> {
    let id = tzid.trim();
    if let Some(tz) = iana(id) {
        return Some(tz);
    }
    let parts: Vec<&str> = id.split('/').filter(|p| !p.is_empty()).collect();
    for take in [3, 2, 1] {
        if parts.len() > take
            && let Some(tz) = iana(&parts[parts.len() - take..].join("/"))
        {
            return Some(tz);
        }
    }
    WINDOWS_ZONES
        .iter()
        .find(|(windows, _)| windows.eq_ignore_ascii_case(id))
        .and_then(|(_, iana_name)| chrono_tz::Tz::from_str(iana_name).ok())
}

fn iana(name: &str) -> Option<chrono_tz::Tz> {
    chrono_tz::Tz::from_str(name).ok().or_else(|| {
        chrono_tz::TZ_VARIANTS
            .iter()
            .find(|tz| tz.name().eq_ignore_ascii_case(name))
            .copied()
    })
}

/// Windows zone names (the `Name` Outlook and Exchange write as TZID) and the IANA zone CLDR
/// maps them to for territory 001 (unicode-org/cldr, common/supplemental/windowsZones.xml).
/// The zones of Europe, the Americas, Africa, Asia and Oceania that companies meet most.
const WINDOWS_ZONES: &[(&str, &str)] = &[
    ("UTC", "Etc/UTC"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("Romance Standard Time", "Europe/Paris"),
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("FLE Standard Time", "Europe/Kiev"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("Turkey Standard Time", "Europe/Istanbul"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("Belarus Standard Time", "Europe/Minsk"),
    ("Kaliningrad Standard Time", "Europe/Kaliningrad"),
    ("Azores Standard Time", "Atlantic/Azores"),
    ("Morocco Standard Time", "Africa/Casablanca"),
    ("W. Central Africa Standard Time", "Africa/Lagos"),
    ("South Africa Standard Time", "Africa/Johannesburg"),
    ("E. Africa Standard Time", "Africa/Nairobi"),
    ("Egypt Standard Time", "Africa/Cairo"),
    ("Israel Standard Time", "Asia/Jerusalem"),
    ("Arab Standard Time", "Asia/Riyadh"),
    ("Arabian Standard Time", "Asia/Dubai"),
    ("Iran Standard Time", "Asia/Tehran"),
    ("Pakistan Standard Time", "Asia/Karachi"),
    ("India Standard Time", "Asia/Kolkata"),
    ("Bangladesh Standard Time", "Asia/Dhaka"),
    ("SE Asia Standard Time", "Asia/Bangkok"),
    ("China Standard Time", "Asia/Shanghai"),
    ("Singapore Standard Time", "Asia/Singapore"),
    ("Taipei Standard Time", "Asia/Taipei"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("Korea Standard Time", "Asia/Seoul"),
    ("W. Australia Standard Time", "Australia/Perth"),
    ("Cen. Australia Standard Time", "Australia/Adelaide"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("E. Australia Standard Time", "Australia/Brisbane"),
    ("New Zealand Standard Time", "Pacific/Auckland"),
    ("Hawaiian Standard Time", "Pacific/Honolulu"),
    ("Alaskan Standard Time", "America/Anchorage"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("US Mountain Standard Time", "America/Phoenix"),
    ("Mountain Standard Time", "America/Denver"),
    ("Central Standard Time", "America/Chicago"),
    ("Central Standard Time (Mexico)", "America/Mexico_City"),
    ("Eastern Standard Time", "America/New_York"),
    ("Atlantic Standard Time", "America/Halifax"),
    ("Newfoundland Standard Time", "America/St_Johns"),
    ("SA Pacific Standard Time", "America/Bogota"),
    ("Pacific SA Standard Time", "America/Santiago"),
    ("Argentina Standard Time", "America/Argentina/Buenos_Aires"),
    ("E. South America Standard Time", "America/Sao_Paulo"),
];

/// A recurring event's occurrences, before EXDATE, overrides and the analysed period.
pub struct Series {
    set: rrule::RRuleSet,
    zone: Zone,
    /// No rule has COUNT or UNTIL: the occurrences never end.
    pub open_ended: bool,
}

/// Why a recurrence cannot be expanded (words for the rejected record).
pub type RecurrenceError = String;

/// The largest number of occurrences of one series (the `rrule` crate's own cap on one
/// expansion): a daily meeting for 179 years.
pub const MAX_OCCURRENCES: u16 = u16::MAX;

impl Series {
    /// The series of an event starting at `start`, with its RRULE values (as written, without
    /// `RRULE:`) and its RDATEs.
    pub fn new(
        start: &Written,
        rules: &[String],
        rdates: &[Written],
        zones: &mut Zones,
    ) -> Result<Series, RecurrenceError> {
        let tz = start.zone.rrule();
        let dt_start = start.instant.with_timezone(&tz);
        let mut set = rrule::RRuleSet::new(dt_start).rdate(dt_start);
        let mut open_ended = !rules.is_empty();
        for rule in rules {
            let Some(parsed) = parse_rule(rule, start, zones, &dt_start)? else {
                open_ended = false; // an UNTIL before DTSTART: the rule gives nothing
                continue;
            };
            if parsed.get_count().is_some() || parsed.get_until().is_some() {
                open_ended = false;
            }
            set = set.rrule(parsed);
        }
        for r in rdates {
            set = set.rdate(r.instant.with_timezone(&tz));
        }
        Ok(Series {
            set,
            zone: start.zone,
            open_ended,
        })
    }

    /// The occurrences, in order, without duplicates; those of an open-ended series up to
    /// `until` (included). An error when there are more than [`MAX_OCCURRENCES`] or when the
    /// rule cannot reach its next occurrence.
    pub fn occurrences(&self, until: DateTime<Utc>) -> Result<Vec<DateTime<Utc>>, RecurrenceError> {
        let mut set = self.set.clone();
        if self.open_ended {
            set = set.before(until.with_timezone(&self.zone.rrule()));
        }
        let expanded = std::panic::catch_unwind(|| set.all(MAX_OCCURRENCES)).map_err(|_| {
            "the recurrence rule cannot be expanded (the rrule crate failed on it)".to_string()
        })?;
        if expanded.limited {
            return Err(format!(
                "the recurrence gives more than {} occurrences{}, or its rule cannot reach a next one",
                MAX_OCCURRENCES - 1,
                if self.open_ended {
                    " up to the end of the period"
                } else {
                    ""
                }
            ));
        }
        let mut out: Vec<DateTime<Utc>> = expanded
            .dates
            .iter()
            .map(|d| d.with_timezone(&Utc))
            .collect();
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    /// True when EXDATE value `exdate` removes occurrence `at`: the same instant, or, for a
    /// date written without a time, the same day in the series' zone.
    pub fn excludes(&self, exdate: &Written, at: DateTime<Utc>) -> bool {
        if exdate.date_only {
            self.zone.date_of(at) == exdate.instant.date_naive()
        } else {
            exdate.instant == at
        }
    }
}

/// One RRULE value: its UNTIL read here (RFC 5545 ties its form to DTSTART's; a date means the
/// end of that day in the event's zone, a floating time is read in the event's zone), the rest
/// by the `rrule` crate. X- parts (`X-EVOLUTION-ENDDATE`) are dropped. `None` for a rule whose
/// UNTIL comes before DTSTART.
fn parse_rule(
    rule: &str,
    start: &Written,
    zones: &mut Zones,
    dt_start: &DateTime<rrule::Tz>,
) -> Result<Option<rrule::RRule>, RecurrenceError> {
    if !rule.is_ascii() {
        return Err("the recurrence rule holds characters that are not ASCII".into());
    }
    let mut until = None;
    let mut kept = Vec::new();
    for part in rule.trim().split(';').filter(|p| !p.trim().is_empty()) {
        let (name, value) = part.split_once('=').unwrap_or((part, ""));
        let name = name.trim();
        if name.eq_ignore_ascii_case("UNTIL") {
            until = Some(read_until(value, start, zones)?);
        } else if !name.to_ascii_uppercase().starts_with("X-") {
            kept.push(part.trim());
        }
    }
    let unvalidated = rrule::RRule::<rrule::Unvalidated>::from_str(&kept.join(";"))
        .map_err(|e| format!("the recurrence rule cannot be read: {e}"))?;
    let unvalidated = match until {
        Some(u) if u < start.instant => return Ok(None),
        Some(u) => unvalidated.until(u.with_timezone(&rrule::Tz::UTC)),
        None => unvalidated,
    };
    unvalidated
        .validate(*dt_start)
        .map(Some)
        .map_err(|e| format!("the recurrence rule is not valid: {e}"))
}

fn read_until(
    value: &str,
    start: &Written,
    zones: &mut Zones,
) -> Result<DateTime<Utc>, RecurrenceError> {
    let bad = || {
        format!(
            "UNTIL is not a DATE or DATE-TIME: '{}'",
            crate::ingest::shape_of(value)
        )
    };
    let written = zones.read(value, None, None).map_err(|_| bad())?;
    Ok(if written.date_only {
        let last = written
            .instant
            .date_naive()
            .and_hms_opt(23, 59, 59)
            .ok_or_else(bad)?;
        start.zone.instant(last)
    } else if written.zone == Zone::Floating {
        start.zone.instant(written.instant.naive_utc())
    } else {
        written.instant
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(value: &str, tzid: Option<&str>) -> Result<Written, WhenError> {
        Zones::default().read(value, tzid, None)
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn reads_utc_zoned_floating_and_date_values() {
        assert_eq!(
            read("20240312T091500Z", None).unwrap().instant,
            utc("2024-03-12T09:15:00Z")
        );
        // Paris is UTC+1 in March, UTC+2 in July
        let paris = read("20240312T101500", Some("Europe/Paris")).unwrap();
        assert_eq!(paris.instant, utc("2024-03-12T09:15:00Z"));
        assert_eq!(
            read("20240712T101500", Some("europe/paris"))
                .unwrap()
                .instant,
            utc("2024-07-12T08:15:00Z")
        );
        assert_eq!(
            read("20240312T101500", Some("Romance Standard Time"))
                .unwrap()
                .instant,
            utc("2024-03-12T09:15:00Z")
        );
        assert_eq!(
            read(
                "20240312T101500",
                Some("/mozilla.org/20050126_1/Europe/Paris")
            )
            .unwrap()
            .instant,
            utc("2024-03-12T09:15:00Z")
        );
        let floating = read("20240312T101500", None).unwrap();
        assert_eq!(
            (floating.instant, floating.zone),
            (utc("2024-03-12T10:15:00Z"), Zone::Floating)
        );
        let day = read("20240312", None).unwrap();
        assert!(day.date_only);
        assert_eq!(day.instant, utc("2024-03-12T00:00:00Z"));
        // Z wins over a TZID
        assert_eq!(
            read("20240312T101500Z", Some("Europe/Paris")).unwrap().zone,
            Zone::Utc
        );
    }

    #[test]
    fn refuses_what_is_not_rfc_5545() {
        for bad in [
            "2024-03-12T10:15:00Z",
            "20240332T101500Z",
            "20240312T251500",
            "20240312 101500",
            "",
            "2024031",
            "20240312T101500+01",
        ] {
            assert_eq!(read(bad, None), Err(WhenError::Malformed), "{bad}");
        }
        assert_eq!(
            read("20240312T101500", Some("Customized Time Zone")),
            Err(WhenError::UnknownZone("Customized Time Zone".into()))
        );
        assert_eq!(
            Zones::default().read("20240312T101500", None, Some("DATE")),
            Err(WhenError::Malformed)
        );
    }

    #[test]
    fn daylight_saving_gaps_and_repeats() {
        // 2024-03-31 02:30 does not exist in Paris: read with the offset before (+1)
        assert_eq!(
            read("20240331T023000", Some("Europe/Paris"))
                .unwrap()
                .instant,
            utc("2024-03-31T01:30:00Z")
        );
        // 2024-10-27 02:30 happens twice: the first (+2)
        assert_eq!(
            read("20241027T023000", Some("Europe/Paris"))
                .unwrap()
                .instant,
            utc("2024-10-27T00:30:00Z")
        );
    }

    fn series(start: &str, tzid: Option<&str>, rules: &[&str]) -> Series {
        let mut zones = Zones::default();
        let s = zones.read(start, tzid, None).unwrap();
        let rules: Vec<String> = rules.iter().map(|r| r.to_string()).collect();
        Series::new(&s, &rules, &[], &mut zones).unwrap()
    }

    fn far() -> DateTime<Utc> {
        utc("2030-01-01T00:00:00Z")
    }

    #[test]
    fn weekly_rules_stay_at_the_local_hour_across_daylight_saving() {
        let s = series(
            "20240321T090000",
            Some("Europe/Paris"),
            &["FREQ=WEEKLY;COUNT=3;BYDAY=TH"],
        );
        assert!(!s.open_ended);
        assert_eq!(
            s.occurrences(far()).unwrap(),
            [
                utc("2024-03-21T08:00:00Z"),
                utc("2024-03-28T08:00:00Z"),
                utc("2024-04-04T07:00:00Z")
            ]
        );
    }

    #[test]
    fn until_count_interval_and_byday() {
        // every other week on Monday and Wednesday until the 17th (a date: the whole day)
        let s = series(
            "20240101T100000Z",
            None,
            &["FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;UNTIL=20240117"],
        );
        assert_eq!(
            s.occurrences(far()).unwrap(),
            [
                utc("2024-01-01T10:00:00Z"),
                utc("2024-01-03T10:00:00Z"),
                utc("2024-01-15T10:00:00Z"),
                utc("2024-01-17T10:00:00Z")
            ]
        );
        // monthly on the last Friday, yearly, daily
        let s = series(
            "20240126T140000Z",
            None,
            &["FREQ=MONTHLY;BYDAY=-1FR;COUNT=3"],
        );
        assert_eq!(
            s.occurrences(far()).unwrap()[2],
            utc("2024-03-29T14:00:00Z")
        );
        let s = series("20240229T140000Z", None, &["FREQ=YEARLY;COUNT=2"]);
        assert_eq!(
            s.occurrences(far()).unwrap(),
            [utc("2024-02-29T14:00:00Z"), utc("2028-02-29T14:00:00Z")]
        );
        let s = series(
            "20240101T080000Z",
            None,
            &["FREQ=DAILY;UNTIL=20240103T080000Z;X-EVOLUTION-ENDDATE=20240103T080000Z"],
        );
        assert_eq!(s.occurrences(far()).unwrap().len(), 3);
    }

    #[test]
    fn open_ended_rules_stop_at_the_bound_and_dtstart_always_counts() {
        let s = series("20240101T080000Z", None, &["FREQ=WEEKLY"]);
        assert!(s.open_ended);
        assert_eq!(s.occurrences(utc("2024-01-15T08:00:00Z")).unwrap().len(), 3);
        // a Tuesday start for a Monday rule: the Tuesday counts, then the Mondays
        let s = series("20240102T080000Z", None, &["FREQ=WEEKLY;BYDAY=MO;COUNT=2"]);
        assert_eq!(
            s.occurrences(far()).unwrap(),
            [
                utc("2024-01-02T08:00:00Z"),
                utc("2024-01-08T08:00:00Z"),
                utc("2024-01-15T08:00:00Z")
            ]
        );
        // an UNTIL before DTSTART: DTSTART alone
        let s = series(
            "20240102T080000Z",
            None,
            &["FREQ=DAILY;UNTIL=20231201T000000Z"],
        );
        assert_eq!(s.occurrences(far()).unwrap(), [utc("2024-01-02T08:00:00Z")]);
    }

    #[test]
    fn bad_rules_are_errors_not_panics() {
        let mut zones = Zones::default();
        let start = zones.read("20240101T080000Z", None, None).unwrap();
        for rule in [
            "FREQ=FORTNIGHTLY",
            "COUNT=3",
            "FREQ=WEEKLY;BYDAY=1Té",
            "FREQ=WEEKLY;BYDAY=X",
            "FREQ=DAILY;UNTIL=tomorrow",
            "FREQ=MONTHLY;BYMONTHDAY=40",
        ] {
            assert!(
                Series::new(&start, &[rule.to_string()], &[], &mut zones).is_err(),
                "{rule}"
            );
        }
        // a rule that never matches: DTSTART alone, or an error, but an answer
        let s = Series::new(
            &start,
            &["FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30".to_string()],
            &[],
            &mut zones,
        )
        .unwrap();
        match s.occurrences(far()) {
            Ok(at) => assert_eq!(at, [start.instant]),
            Err(e) => assert!(e.contains("cannot reach"), "{e}"),
        }
        // too many occurrences
        let s = Series::new(&start, &["FREQ=MINUTELY".to_string()], &[], &mut zones).unwrap();
        assert!(s.occurrences(far()).is_err());
    }

    #[test]
    fn exdates_match_instants_or_days() {
        let s = series(
            "20240101T090000",
            Some("Europe/Paris"),
            &["FREQ=DAILY;COUNT=3"],
        );
        let mut zones = Zones::default();
        let at = s.occurrences(far()).unwrap();
        let by_instant = zones
            .read("20240102T090000", Some("Europe/Paris"), None)
            .unwrap();
        let by_day = zones.read("20240103", None, Some("DATE")).unwrap();
        assert_eq!(
            at.iter().filter(|t| s.excludes(&by_instant, **t)).count(),
            1
        );
        assert!(s.excludes(&by_instant, at[1]));
        assert!(s.excludes(&by_day, at[2]));
        assert!(!s.excludes(&by_day, at[0]));
    }
}

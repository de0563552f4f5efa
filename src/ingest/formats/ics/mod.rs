//! Calendar files (iCalendar, RFC 5545): each occurrence of an event (VEVENT) is one meeting,
//! read as a message from its ORGANIZER to its ATTENDEEs on channel `meeting`.
//!
//! **The message rule applied to meetings.** An occurrence with k distinct attendees other than
//! the organizer adds 1/k to each organizer–attendee tie, external attendees counting in k (the
//! sink's rule for every format); it links the organizer to each attendee, *not* the attendees
//! among themselves, exactly as an e-mail links its sender to each recipient and not the
//! recipients to one another. More than `--max-recipients` attendees is a broadcast (an
//! all-hands), left out by the weighting.
//!
//! **Who.** The organizer is the ORGANIZER value, the attendees the ATTENDEE values, `mailto:`
//! removed; CN (display names) and every text property (SUMMARY, DESCRIPTION, LOCATION,
//! COMMENT, ATTACH…) are never kept ([`lines`] reads past them). The organizer listed among the
//! attendees (ROLE=CHAIR) is removed by the sink. Left out, and counted by kind
//! ([`LeftOut`]): attendees with CUTYPE=ROOM or RESOURCE (a room is not a person),
//! CUTYPE=GROUP (a list invited as one entry), ROLE=NON-PARTICIPANT (copied for information),
//! PARTSTAT=DECLINED or DELEGATED (they said they would not come; a delegate is listed as an
//! attendee of their own); attendees who have not answered (NEEDS-ACTION) or are TENTATIVE
//! count, as an unread e-mail does. Counts of attendees left out are per occurrence.
//!
//! **What is not a meeting.** STATUS:CANCELLED events (and every event of a `METHOD:CANCEL`
//! calendar) are left out and counted once per VEVENT; a cancelled override (RECURRENCE-ID)
//! removes its one occurrence. An event with neither ORGANIZER nor ATTENDEE is a personal
//! appointment, left out and counted. An event with attendees but no ORGANIZER is a rejected
//! record (`no_organizer`): siloscope cannot tell who called the meeting, and guessing (the
//! first attendee?) would give ties nobody can check.
//!
//! **Occurrences.** A VEVENT without RRULE or RDATE is one occurrence at its DTSTART. A
//! recurring one ([`when::Series`]) counts once per occurrence: RRULE (FREQ, INTERVAL, COUNT,
//! UNTIL, BYDAY and every other rule part), RDATE, EXDATE; DTSTART always counts (RFC 5545
//! §3.8.5.3). An override (a VEVENT with the same UID and a RECURRENCE-ID) replaces the
//! occurrence it names: its own DTSTART (a meeting moved), ORGANIZER and ATTENDEEs (taken from
//! the series when it lists none), STATUS (a cancelled occurrence). An override is one
//! occurrence even when its series is missing from the file or its instance is excluded.
//! Timestamps are the Unix seconds of each occurrence's start.
//!
//! **The period.** Every occurrence outside `[--calendar-since, --calendar-until]` (whole UTC
//! days) is left out and counted (`outside_calendar_period`), except those of an open-ended
//! rule after the end, which are not generated (they never end). Without `--calendar-until`,
//! what the file says is read as it says it (single events, series with COUNT or UNTIL), and
//! an open-ended rule (neither COUNT nor UNTIL) is expanded up to the UTC day of the latest
//! DTSTART or RECURRENCE-ID written in the file, never later: an open-ended weekly meeting is
//! not counted into the future, and a file whose only event is an open-ended series counts its
//! first occurrence. The day used is said in the input's description (`siloscope check`,
//! summary.json).
//!
//! **The same meeting twice.** A UID is one meeting (RFC 5545 §3.8.4.7: globally unique): a
//! second VEVENT with the same UID (and the same RECURRENCE-ID, for an override), in the same
//! file or in another calendar of the run (the same meeting exported from two people's
//! calendars), is left out and counted (`duplicate_event`); the first one read is kept.
//!
//! **Streaming.** The file is read VEVENT by VEVENT. Events that do not recur are handed on at
//! once; recurring events and overrides are kept (addresses, dates and rules only) until the
//! end of the file, since an override may come before or after its series: memory is one event
//! plus the recurring events and overrides of the file, plus 16 bytes per UID of the run.
//!
//! **Time zones** ([`when`]): UTC, TZID (IANA or Windows names), floating times read as UTC.

mod lines;
mod when;

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::{BufReader, Read};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use chrono::{DateTime, NaiveDate, Utc};
use sha2::{Digest, Sha256};

use super::{LeftOut, MessageSink, MessageSource};
use crate::error::{Error, InputName, Result};
use crate::ingest::address::normalize_into;
use crate::ingest::decode::DetectedEncoding;
use crate::ingest::format::InputFormat;
use crate::ingest::messages::{InputDescription, shape_of};
use crate::ingest::rejects::{RejectReason, RejectedRow, Rejects};
use crate::ingest::source::{TextInput, report_raw_bytes};
use crate::progress::Progress;

use lines::{ContentLines, Property};
use when::{Series, WhenError, Written, Zones};

/// The analysed period of calendar files (`--calendar-since`, `--calendar-until`): whole days,
/// in UTC, both included. Without an end, each file's period ends with its latest written date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CalendarPeriod {
    /// The first day.
    pub since: Option<NaiveDate>,
    /// The last day.
    pub until: Option<NaiveDate>,
}

impl CalendarPeriod {
    fn start(&self) -> Option<DateTime<Utc>> {
        self.since
            .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc())
    }
}

/// The last second of a UTC day.
fn end_of_day(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN).and_utc() + chrono::Duration::seconds(86_399)
}

/// True for a text that starts with `BEGIN:VCALENDAR` (any case), after a byte order mark and
/// blank lines.
pub fn looks_like_calendar(start: &[u8]) -> bool {
    let start = start.strip_prefix(b"\xef\xbb\xbf").unwrap_or(start);
    let first = start
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(start.len());
    let text = &start[first..];
    text.len() >= 15 && text[..15].eq_ignore_ascii_case(b"BEGIN:VCALENDAR")
}

/// The properties a VEVENT is read for; every other one is read past unstored.
fn wanted(name: &[u8]) -> bool {
    const KEPT: [&[u8]; 12] = [
        b"BEGIN",
        b"END",
        b"UID",
        b"DTSTART",
        b"ORGANIZER",
        b"ATTENDEE",
        b"RRULE",
        b"RDATE",
        b"EXDATE",
        b"RECURRENCE-ID",
        b"STATUS",
        b"METHOD",
    ];
    KEPT.iter().any(|k| k.eq_ignore_ascii_case(name))
}

/// What an attendee is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Person,
    Left(LeftOut),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Attendee {
    /// Normalized (`mailto:` removed, trimmed, lowercased).
    address: String,
    kind: Kind,
}

/// What siloscope keeps of one VEVENT.
#[derive(Debug, Clone, Default)]
struct Event {
    /// The line of its BEGIN:VEVENT.
    line: u64,
    uid: Option<String>,
    organizer: Option<String>,
    attendees: Vec<Attendee>,
    start: Option<Written>,
    recurrence_id: Option<Written>,
    rules: Vec<String>,
    rdates: Vec<Written>,
    exdates: Vec<Written>,
    cancelled: bool,
}

/// A VEVENT being read, with the first problem met in it.
struct Building {
    event: Event,
    problem: Option<(RejectReason, String)>,
    /// Nesting depth of components inside it (VALARM): their properties are not the event's.
    depth: u32,
}

enum Record {
    Event(Event),
    Rejected(RejectedRow),
}

/// A recurring event, kept until the end of the file.
struct Master {
    event: Event,
    series: Series,
}

/// The reader of one calendar file.
pub struct IcsSource {
    name: InputName,
    encoding: DetectedEncoding,
    len: u64,
    raw_bytes: Arc<AtomicU64>,
    lines: ContentLines<BufReader<Box<dyn Read + Send>>>,
    period: CalendarPeriod,
    zones: Zones,
    open: Option<Building>,
    /// The calendar being read says METHOD:CANCEL.
    method_cancel: bool,
    /// A BEGIN:VCALENDAR was read (a file forced with `--input-format ics` may have none).
    saw_calendar: bool,
    /// Records read ahead by [`MessageSource::sample_senders`].
    ahead: VecDeque<Record>,
    /// The latest DTSTART or RECURRENCE-ID read.
    latest: Option<DateTime<Utc>>,
    masters: Vec<Master>,
    master_of: HashMap<String, usize>,
    overrides: Vec<Event>,
    cancelled_series: HashSet<String>,
    /// The end of the period, when given.
    end: Option<DateTime<Utc>>,
    /// The day open-ended rules were expanded to by default (known at the end of the file).
    default_end: Option<DateTime<Utc>>,
    open_ended: u64,
}

impl IcsSource {
    /// A reader of `text`, a calendar.
    pub fn new(text: TextInput, period: CalendarPeriod) -> IcsSource {
        let raw_bytes = text.raw_bytes_counter();
        let TextInput {
            name,
            encoding,
            len,
            reader,
            ..
        } = text;
        IcsSource {
            name,
            encoding,
            len,
            raw_bytes,
            lines: ContentLines::new(reader, wanted),
            period,
            zones: Zones::default(),
            open: None,
            method_cancel: false,
            saw_calendar: false,
            ahead: VecDeque::new(),
            latest: None,
            masters: Vec::new(),
            master_of: HashMap::new(),
            overrides: Vec::new(),
            cancelled_series: HashSet::new(),
            end: period.until.map(end_of_day),
            default_end: None,
            open_ended: 0,
        }
    }

    fn rejected(&self, line: u64, reason: RejectReason, detail: String) -> RejectedRow {
        RejectedRow {
            file: self.name.clone(),
            line,
            column: None,
            reason,
            detail,
        }
    }

    fn unterminated(&self, line: u64) -> RejectedRow {
        self.rejected(
            line,
            RejectReason::UnterminatedEvent,
            "expected END:VEVENT before the next BEGIN:VEVENT, END:VCALENDAR or the end of the file: this event is cut".into(),
        )
    }

    /// The next record: one read ahead, else the next VEVENT of the file; `None` at its end.
    fn next_record(&mut self) -> Result<Option<Record>> {
        match self.ahead.pop_front() {
            Some(r) => Ok(Some(r)),
            None => self.parse_next(),
        }
    }

    /// The next VEVENT of the file, read, or `None` at its end.
    fn parse_next(&mut self) -> Result<Option<Record>> {
        loop {
            let next = self.lines.next_line().map_err(|source| Error::Read {
                file: self.name.clone(),
                source,
            })?;
            let Some(logical) = next else {
                return Ok(self
                    .open
                    .take()
                    .map(|b| Record::Rejected(self.unterminated(b.event.line))));
            };
            let line = logical.line;
            let Some(p) = Property::parse(logical.bytes) else {
                if let Some(b) = self.open.as_mut()
                    && b.depth == 0
                    && b.problem.is_none()
                {
                    b.problem = Some((
                        RejectReason::MalformedLine,
                        format!(
                            "line {line} is not NAME:value (a long value folded without the leading space that RFC 5545 requires?)"
                        ),
                    ));
                }
                continue;
            };
            let value = String::from_utf8_lossy(p.value);
            let value = value.trim();
            if p.is("BEGIN") {
                if value.eq_ignore_ascii_case("VEVENT") {
                    let new = Building {
                        event: Event {
                            line,
                            cancelled: self.method_cancel,
                            ..Event::default()
                        },
                        problem: None,
                        depth: 0,
                    };
                    if let Some(cut) = self.open.replace(new) {
                        return Ok(Some(Record::Rejected(self.unterminated(cut.event.line))));
                    }
                } else if let Some(b) = self.open.as_mut() {
                    b.depth += 1;
                } else if value.eq_ignore_ascii_case("VCALENDAR") {
                    self.method_cancel = false;
                    self.saw_calendar = true;
                }
                continue;
            }
            if p.is("END") {
                let Some(b) = self.open.as_mut() else {
                    continue;
                };
                if value.eq_ignore_ascii_case("VCALENDAR") {
                    let cut = self.open.take().map_or(line, |b| b.event.line);
                    return Ok(Some(Record::Rejected(self.unterminated(cut))));
                }
                if b.depth > 0 {
                    b.depth -= 1;
                    continue;
                }
                if value.eq_ignore_ascii_case("VEVENT")
                    && let Some(done) = self.open.take()
                {
                    return Ok(Some(match done.problem {
                        Some((reason, detail)) => {
                            Record::Rejected(self.rejected(done.event.line, reason, detail))
                        }
                        None => Record::Event(done.event),
                    }));
                }
                continue;
            }
            match self.open.as_mut() {
                Some(b) if b.depth == 0 => read_property(b, &p, line, &mut self.zones),
                Some(_) => {}
                None => {
                    if p.is("METHOD") {
                        self.method_cancel = value.eq_ignore_ascii_case("CANCEL");
                    }
                }
            }
        }
    }

    /// Whether `at` is in the period given (without `--calendar-until`, what the file says is
    /// read as it says it).
    fn in_period(&self, at: DateTime<Utc>) -> bool {
        self.period.start().is_none_or(|s| at >= s) && self.end.is_none_or(|e| at <= e)
    }

    /// One occurrence to the sink; false when the organizer names nobody.
    fn emit(
        &self,
        sink: &mut MessageSink<'_, '_>,
        organizer: &str,
        attendees: &[Attendee],
        at: DateTime<Utc>,
    ) -> bool {
        if !sink.begin(organizer) {
            return false;
        }
        for a in attendees {
            match a.kind {
                Kind::Person => sink.recipient(&a.address),
                Kind::Left(_) if a.address == organizer => {} // the organizer, removed anyway
                Kind::Left(what) => sink.left_out(what),
            }
        }
        sink.end(Some(at.timestamp()), crate::ingest::channel::MEETING);
        true
    }

    /// An occurrence of `event` (organizer and attendees already settled) at `at`, if it is
    /// in the period.
    fn occurrence(
        &self,
        sink: &mut MessageSink<'_, '_>,
        rejects: &mut Rejects,
        line: u64,
        organizer: &str,
        attendees: &[Attendee],
        at: DateTime<Utc>,
    ) -> Result<()> {
        if !self.in_period(at) {
            sink.left_out(LeftOut::OutsideCalendarPeriod);
            return Ok(());
        }
        if !self.emit(sink, organizer, attendees, at) {
            rejects.reject(self.rejected(
                line,
                RejectReason::EmptySender,
                format!(
                    "ORGANIZER: expected an address, found a value shaped '{}'",
                    shape_of(organizer)
                ),
            ))?;
        }
        Ok(())
    }

    /// Whose meeting it is: `None` (and the record counted) when nobody organizes it.
    fn organizer_of<'e>(
        &self,
        organizer: Option<&'e str>,
        attendees: &[Attendee],
        line: u64,
        sink: &mut MessageSink<'_, '_>,
        rejects: &mut Rejects,
    ) -> Result<Option<&'e str>> {
        match organizer {
            Some(o) => Ok(Some(o)),
            None if attendees.is_empty() => {
                sink.left_out(LeftOut::PersonalAppointment);
                Ok(None)
            }
            None => {
                rejects.reject(self.rejected(
                    line,
                    RejectReason::NoOrganizer,
                    format!(
                        "expected an ORGANIZER: this event has {} attendee(s) and nobody who calls the meeting",
                        attendees.len()
                    ),
                ))?;
                Ok(None)
            }
        }
    }

    /// A record, as it comes: a single event goes on at once, a recurring one or an override
    /// waits for the end of the file.
    fn process(
        &mut self,
        record: Record,
        sink: &mut MessageSink<'_, '_>,
        rejects: &mut Rejects,
    ) -> Result<()> {
        let event = match record {
            Record::Rejected(row) => return rejects.reject(row),
            Record::Event(e) => e,
        };
        for w in event.start.iter().chain(event.recurrence_id.iter()) {
            self.latest = Some(self.latest.map_or(w.instant, |l| l.max(w.instant)));
        }
        let key = event
            .uid
            .as_deref()
            .map(|u| meeting_key(u, event.recurrence_id.as_ref().map(Written::unix)));
        if key.is_some_and(|k| sink.counts.calendar_keys.contains(&k)) {
            sink.left_out(LeftOut::DuplicateEvent);
            return Ok(());
        }
        let remember = |sink: &mut MessageSink<'_, '_>| {
            if let Some(k) = key {
                sink.counts.calendar_keys.insert(k);
            }
        };
        if event.recurrence_id.is_some() {
            remember(sink); // it replaces its instance, whatever becomes of it
            self.overrides.push(event);
            return Ok(());
        }
        if event.cancelled {
            remember(sink);
            if let Some(u) = &event.uid {
                self.cancelled_series.insert(u.clone());
            }
            sink.left_out(LeftOut::CancelledEvent);
            return Ok(());
        }
        let Some(organizer) = self.organizer_of(
            event.organizer.as_deref(),
            &event.attendees,
            event.line,
            sink,
            rejects,
        )?
        else {
            if event.attendees.is_empty() {
                remember(sink);
            }
            return Ok(());
        };
        let Some(start) = event.start else {
            return rejects.reject(self.rejected(
                event.line,
                RejectReason::NoStart,
                "expected a DTSTART: an event without one has no date".into(),
            ));
        };
        if event.rules.is_empty() && event.rdates.is_empty() {
            remember(sink);
            if !event.exdates.iter().any(|x| x.instant == start.instant) {
                self.occurrence(
                    sink,
                    rejects,
                    event.line,
                    organizer,
                    &event.attendees,
                    start.instant,
                )?;
            }
            return Ok(());
        }
        match Series::new(&start, &event.rules, &event.rdates, &mut self.zones) {
            Ok(series) => {
                remember(sink);
                if series.open_ended {
                    self.open_ended += 1;
                }
                if let Some(u) = &event.uid {
                    self.master_of.insert(u.clone(), self.masters.len());
                }
                self.masters.push(Master { event, series });
                Ok(())
            }
            Err(why) => rejects.reject(self.rejected(event.line, RejectReason::BadRecurrence, why)),
        }
    }

    /// The end of the file: the period's end is known; the recurring events are expanded with
    /// their overrides, then the overrides whose series is not in the file.
    fn finish(&mut self, sink: &mut MessageSink<'_, '_>, rejects: &mut Rejects) -> Result<()> {
        if self.end.is_none() {
            self.default_end = self.latest.map(|l| end_of_day(l.date_naive()));
        }
        let end = self
            .end
            .or(self.default_end)
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        let masters = std::mem::take(&mut self.masters);
        let mut overrides: HashMap<String, Vec<Event>> = HashMap::new();
        let mut orphans = Vec::new();
        for o in std::mem::take(&mut self.overrides) {
            match o.uid.as_ref().filter(|u| self.master_of.contains_key(*u)) {
                Some(u) => overrides.entry(u.clone()).or_default().push(o),
                None => orphans.push(o),
            }
        }
        for m in &masters {
            let e = &m.event;
            let organizer = e.organizer.as_deref().unwrap_or_default();
            match m.series.occurrences(end) {
                Ok(all) => {
                    for at in all {
                        if e.exdates.iter().any(|x| m.series.excludes(x, at)) {
                            continue;
                        }
                        let replaced = e.uid.as_deref().is_some_and(|u| {
                            sink.counts
                                .calendar_keys
                                .contains(&meeting_key(u, Some(at.timestamp())))
                        });
                        if !replaced {
                            self.occurrence(sink, rejects, e.line, organizer, &e.attendees, at)?;
                        }
                    }
                }
                Err(why) => {
                    rejects.reject(self.rejected(e.line, RejectReason::BadRecurrence, why))?
                }
            }
            for o in e
                .uid
                .as_ref()
                .and_then(|u| overrides.remove(u))
                .unwrap_or_default()
            {
                self.override_occurrence(&o, Some(e), sink, rejects)?;
            }
        }
        for o in &orphans {
            self.override_occurrence(o, None, sink, rejects)?;
        }
        Ok(())
    }

    /// An override: one occurrence (or one cancelled), organizer and attendees taken from its
    /// series when it lists none.
    fn override_occurrence(
        &self,
        o: &Event,
        series: Option<&Event>,
        sink: &mut MessageSink<'_, '_>,
        rejects: &mut Rejects,
    ) -> Result<()> {
        let uid = o.uid.as_deref().unwrap_or_default();
        if o.cancelled || (series.is_none() && self.cancelled_series.contains(uid)) {
            sink.left_out(LeftOut::CancelledEvent);
            return Ok(());
        }
        if series.is_none() && sink.counts.calendar_keys.contains(&meeting_key(uid, None)) {
            // its series was read from another calendar, with this occurrence
            sink.left_out(LeftOut::DuplicateEvent);
            return Ok(());
        }
        let organizer = o
            .organizer
            .as_deref()
            .or(series.and_then(|s| s.organizer.as_deref()));
        let attendees = match series {
            Some(s) if o.attendees.is_empty() => &s.attendees,
            _ => &o.attendees,
        };
        let Some(organizer) = self.organizer_of(organizer, attendees, o.line, sink, rejects)?
        else {
            return Ok(());
        };
        let Some(start) = o.start else {
            return rejects.reject(self.rejected(
                o.line,
                RejectReason::NoStart,
                "expected a DTSTART: this occurrence (RECURRENCE-ID) has no date of its own".into(),
            ));
        };
        self.occurrence(sink, rejects, o.line, organizer, attendees, start.instant)
    }

    fn period_words(&self) -> String {
        let since = self
            .period
            .since
            .map(|d| format!("from {d} "))
            .unwrap_or_default();
        match (self.period.until, self.default_end, self.open_ended) {
            (Some(u), _, 0) => format!("{since}to {u} (--calendar-until; UTC days)"),
            (Some(u), _, n) => format!(
                "{since}to {u} (--calendar-until; UTC days); {n} open-ended recurrence rule(s) expanded up to it"
            ),
            (None, Some(_), 0) => format!(
                "{since}as written (no open-ended recurrence rule; --calendar-until sets an end)"
            ),
            (None, Some(e), n) => format!(
                "{since}as written; {n} open-ended recurrence rule(s) expanded up to {}, the day of the latest DTSTART or RECURRENCE-ID of the file (--calendar-until sets the end)",
                e.date_naive()
            ),
            (None, None, _) => format!(
                "{since}as written; open-ended recurrence rules expanded up to the day of the latest DTSTART or RECURRENCE-ID of the file (--calendar-until sets the end)"
            ),
        }
    }
}

/// The identity of a meeting (a UID) or of one overridden occurrence (UID and RECURRENCE-ID),
/// as 16 bytes of SHA-256.
fn meeting_key(uid: &str, recurrence: Option<i64>) -> [u8; 16] {
    let mut h = Sha256::new();
    match recurrence {
        None => h.update(b"u"),
        Some(t) => {
            h.update(b"r");
            h.update(t.to_be_bytes());
        }
    }
    h.update(uid.as_bytes());
    let digest = h.finalize();
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

/// `mailto:` removed, trimmed, lowercased.
fn address(value: &str) -> String {
    let v = value.trim();
    let v = match v.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => &v[7..],
        _ => v,
    };
    let mut out = String::new();
    normalize_into(v, &mut out);
    out
}

fn attendee_kind(p: &Property<'_>) -> Kind {
    let is = |param: &str, values: &[&str]| {
        p.param(param)
            .is_some_and(|v| values.iter().any(|x| v.eq_ignore_ascii_case(x.as_bytes())))
    };
    if is("CUTYPE", &["ROOM", "RESOURCE"]) {
        Kind::Left(LeftOut::RoomOrResource)
    } else if is("CUTYPE", &["GROUP"]) {
        Kind::Left(LeftOut::GroupAttendee)
    } else if is("ROLE", &["NON-PARTICIPANT"]) {
        Kind::Left(LeftOut::NonParticipant)
    } else if is("PARTSTAT", &["DECLINED", "DELEGATED"]) {
        Kind::Left(LeftOut::DeclinedAttendee)
    } else {
        Kind::Person
    }
}

/// One property of a VEVENT (not of a component inside it).
fn read_property(b: &mut Building, p: &Property<'_>, line: u64, zones: &mut Zones) {
    if b.problem.is_some() {
        return;
    }
    let name = String::from_utf8_lossy(p.name).to_ascii_uppercase();
    let Ok(value) = std::str::from_utf8(p.value) else {
        b.problem = Some((
            RejectReason::InvalidUtf8,
            format!(
                "{name} on line {line}: expected UTF-8 text (--encoding names the file's encoding)"
            ),
        ));
        return;
    };
    let param = |n: &str| p.param(n).and_then(|v| std::str::from_utf8(v).ok());
    let mut dates = |value: &str, out: &mut Vec<Written>| -> Result<(), (RejectReason, String)> {
        for v in value.split(',').filter(|v| !v.trim().is_empty()) {
            out.push(read_date(
                zones,
                &name,
                line,
                v,
                param("TZID"),
                param("VALUE"),
            )?);
        }
        Ok(())
    };
    let e = &mut b.event;
    let result = match name.as_str() {
        "UID" => {
            if e.uid.is_none() && !value.trim().is_empty() {
                e.uid = Some(value.trim().to_string());
            }
            Ok(())
        }
        "ORGANIZER" => {
            let a = address(value);
            if e.organizer.is_none() && !a.is_empty() {
                e.organizer = Some(a);
            }
            Ok(())
        }
        "ATTENDEE" => {
            let a = address(value);
            if !a.is_empty() {
                e.attendees.push(Attendee {
                    address: a,
                    kind: attendee_kind(p),
                });
            }
            Ok(())
        }
        "STATUS" => {
            if value.trim().eq_ignore_ascii_case("CANCELLED") {
                e.cancelled = true;
            }
            Ok(())
        }
        "RRULE" => {
            e.rules.push(value.trim().to_string());
            Ok(())
        }
        "DTSTART" | "RECURRENCE-ID" => {
            let mut one = Vec::new();
            dates(value, &mut one).map(|()| {
                let slot = if name == "DTSTART" {
                    &mut e.start
                } else {
                    &mut e.recurrence_id
                };
                if slot.is_none() {
                    *slot = one.first().copied();
                }
            })
        }
        "RDATE" => dates(value, &mut e.rdates),
        "EXDATE" => dates(value, &mut e.exdates),
        _ => Ok(()),
    };
    if let Err(problem) = result {
        b.problem = Some(problem);
    }
}

fn read_date(
    zones: &mut Zones,
    name: &str,
    line: u64,
    value: &str,
    tzid: Option<&str>,
    value_type: Option<&str>,
) -> Result<Written, (RejectReason, String)> {
    zones.read(value, tzid, value_type).map_err(|e| match e {
        WhenError::Malformed => (
            RejectReason::BadTimestamp,
            format!(
                "{name} on line {line}: expected YYYYMMDDTHHMMSS, with Z for UTC or a TZID, or a date YYYYMMDD; found a value shaped '{}'",
                shape_of(value)
            ),
        ),
        WhenError::UnknownZone(zone) => (
            RejectReason::UnknownTimeZone,
            format!(
                "{name} on line {line}: TZID '{}' is neither an IANA zone (Europe/Paris) nor a Windows zone siloscope knows; the event's times cannot be placed",
                zone.chars().take(60).collect::<String>()
            ),
        ),
    })
}

impl MessageSource for IcsSource {
    fn description(&self) -> InputDescription {
        InputDescription {
            file: self.name.to_string(),
            format: Some(InputFormat::Ics),
            encoding: self.encoding.name(),
            encoding_reason: self.encoding.reason,
            delimiter: String::new(),
            columns: vec![
                ("sender".into(), "ORGANIZER".into()),
                ("recipients".into(), "ATTENDEE".into()),
                ("timestamp".into(), "DTSTART of each occurrence".into()),
                ("period".into(), self.period_words()),
            ],
        }
    }

    fn sample_senders(&mut self, n: usize) -> Result<Vec<String>> {
        while self.ahead.len() < n {
            match self.parse_next()? {
                Some(r) => self.ahead.push_back(r),
                None => break,
            }
        }
        Ok(self
            .ahead
            .iter()
            .filter_map(|r| match r {
                Record::Event(e) => e.organizer.clone(),
                Record::Rejected(_) => None,
            })
            .collect())
    }

    fn read(
        &mut self,
        sink: &mut MessageSink<'_, '_>,
        rejects: &mut Rejects,
        progress: &dyn Progress,
    ) -> Result<u64> {
        progress.start("ingest", self.len);
        let mut records = 0u64;
        let mut reported = 0u64;
        while let Some(record) = self.next_record()? {
            records += 1;
            self.process(record, sink, rejects)?;
            if records.is_multiple_of(4096) {
                report_raw_bytes(progress, &self.raw_bytes, &mut reported);
            }
        }
        if records == 0 && !self.saw_calendar {
            return Err(Error::WrongInput {
                file: self.name.clone(),
                given_as: "--messages",
                looks_like: "no calendar (it holds no BEGIN:VCALENDAR)",
                hint: "give an iCalendar (.ics) export, or drop --input-format ics",
            });
        }
        self.finish(sink, rejects)?;
        report_raw_bytes(progress, &self.raw_bytes, &mut reported);
        progress.finish();
        Ok(records)
    }
}

#[cfg(test)]
mod tests;

use super::*;
use crate::ingest::directory::Directory;
use crate::ingest::formats::test_support::{Got, left, read_all};
use crate::ingest::messages::{
    IngestCounts, Message, MessageInput, MessageOptions, Sender, read_messages,
};
use crate::ingest::ties::MessagesOnly;
use crate::progress::NoProgress;

const PEOPLE: [(&str, &str); 4] = [("a@x", "A"), ("b@x", "B"), ("c@x", "C"), ("d@x", "D")];

fn run_with(text: &str, options: &MessageOptions) -> Result<(Got, IngestCounts, Rejects)> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cal.ics");
    std::fs::write(&p, text).unwrap();
    let directory = Directory::from_pairs(PEOPLE.iter().copied()).unwrap();
    let mut input = MessageInput::open(&InputName::Path(p), options)?;
    assert_eq!(input.format(), InputFormat::Ics);
    input.sample_senders(2)?;
    read_all(input, &directory, options, false, "meeting")
}

fn run(text: &str) -> (Got, IngestCounts, Rejects) {
    run_with(text, &MessageOptions::default()).unwrap()
}

fn calendar(events: &[&str]) -> String {
    let mut s = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n");
    for e in events {
        s.push_str("BEGIN:VEVENT\r\n");
        for line in e.lines() {
            s.push_str(line.trim_start());
            s.push_str("\r\n");
        }
        s.push_str("END:VEVENT\r\n");
    }
    s.push_str("END:VCALENDAR\r\n");
    s
}

fn t(s: &str) -> Option<i64> {
    Some(DateTime::parse_from_rfc3339(s).unwrap().timestamp())
}

#[test]
fn one_meeting_from_its_organizer_to_its_attendees() {
    let (got, counts, rejects) = run(&calendar(&["UID:1
        DTSTART:20240304T081500Z
        SUMMARY:Budget
        ORGANIZER;CN=\"Ann; A\":MAILTO:A@x
        ATTENDEE;ROLE=CHAIR;PARTSTAT=ACCEPTED:mailto:a@x
        ATTENDEE;CN=Bee:mailto:b@x
        ATTENDEE;PARTSTAT=TENTATIVE:mailto:out@y
        ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:c@x
        ATTENDEE;PARTSTAT=DECLINED:mailto:d@x
        ATTENDEE;CUTYPE=ROOM:mailto:room-1@x
        ATTENDEE;CUTYPE=RESOURCE:mailto:beamer@x
        ATTENDEE;ROLE=NON-PARTICIPANT:mailto:d@x
        ATTENDEE;CUTYPE=GROUP:mailto:team@x
        BEGIN:VALARM
        ACTION:EMAIL
        ATTENDEE:mailto:d@x
        END:VALARM"]));
    assert_eq!(rejects.total(), 0);
    assert_eq!(
        got,
        [(Sender::Person(0), vec![1, 2], 3, t("2024-03-04T08:15:00Z"))]
    );
    assert_eq!(left(&counts, LeftOut::DeclinedAttendee), 1);
    assert_eq!(left(&counts, LeftOut::RoomOrResource), 2);
    assert_eq!(left(&counts, LeftOut::NonParticipant), 1);
    assert_eq!(left(&counts, LeftOut::GroupAttendee), 1);
    assert_eq!(counts.rows_read, 1);
}

#[test]
fn a_weekly_series_with_exdate_a_moved_and_a_cancelled_occurrence() {
    // the overrides come before and after their series
    let (got, counts, rejects) = run(&calendar(&[
        "UID:w
        RECURRENCE-ID;TZID=Europe/Paris:20240318T100000
        DTSTART;TZID=Europe/Paris:20240319T140000
        ORGANIZER:mailto:a@x
        ATTENDEE:mailto:b@x
        ATTENDEE:mailto:c@x",
        "UID:w
        DTSTART;TZID=Europe/Paris:20240304T100000
        RRULE:FREQ=WEEKLY;COUNT=5;BYDAY=MO
        EXDATE;TZID=Europe/Paris:20240311T100000
        ORGANIZER:mailto:a@x
        ATTENDEE:mailto:b@x",
        "UID:w
        RECURRENCE-ID;TZID=Europe/Paris:20240325T100000
        DTSTART;TZID=Europe/Paris:20240325T100000
        STATUS:CANCELLED",
    ]));
    assert_eq!(rejects.total(), 0);
    // 5 Mondays (4, 11, 18, 25 March, 1 April): the 11th excluded, the 18th moved to Tuesday
    // 19th with c added, the 25th cancelled
    assert_eq!(
        got,
        [
            (Sender::Person(0), vec![1], 1, t("2024-03-04T09:00:00Z")),
            (Sender::Person(0), vec![1], 1, t("2024-04-01T08:00:00Z")),
            (Sender::Person(0), vec![1, 2], 2, t("2024-03-19T13:00:00Z")),
        ]
    );
    assert_eq!(left(&counts, LeftOut::CancelledEvent), 1);
    assert_eq!(counts.rows_read, 3);
}

#[test]
fn open_ended_rules_stop_at_the_latest_written_date_or_at_the_given_day() {
    let text = calendar(&[
        "UID:open
        DTSTART:20240101T090000Z
        RRULE:FREQ=DAILY
        ORGANIZER:mailto:a@x
        ATTENDEE:mailto:b@x",
        "UID:late
        DTSTART:20240105T170000Z
        ORGANIZER:mailto:b@x
        ATTENDEE:mailto:c@x",
    ]);
    let (got, counts, _) = run(&text);
    // 1..5 January, the 5th included (the whole UTC day of the latest DTSTART)
    assert_eq!(got.len(), 6);
    assert_eq!(left(&counts, LeftOut::OutsideCalendarPeriod), 0);
    let period = &counts.files[0].columns[3].1;
    assert!(
        period.contains(
            "as written; 1 open-ended recurrence rule(s) expanded up to 2024-01-05, the day of the latest DTSTART"
        ),
        "{period}"
    );
    let options = MessageOptions {
        calendar: CalendarPeriod {
            since: NaiveDate::from_ymd_opt(2024, 1, 2),
            until: NaiveDate::from_ymd_opt(2024, 1, 3),
        },
        ..MessageOptions::default()
    };
    let (got, counts, _) = run_with(&text, &options).unwrap();
    assert_eq!(got.len(), 2, "the 2nd and the 3rd");
    // the 1st and the single event of the 5th (open-ended occurrences after the end are not
    // generated, so not counted)
    assert_eq!(left(&counts, LeftOut::OutsideCalendarPeriod), 2);
}

#[test]
fn the_same_uid_twice_counts_once() {
    let e = "UID:same
        DTSTART:20240101T090000Z
        ORGANIZER:mailto:a@x
        ATTENDEE:mailto:b@x";
    let (got, counts, _) = run(&calendar(&[e, e]));
    assert_eq!(got.len(), 1);
    assert_eq!(left(&counts, LeftOut::DuplicateEvent), 1);
}

#[test]
fn what_is_not_a_meeting_is_counted() {
    let (got, counts, rejects) = run(&calendar(&[
        "UID:p
        DTSTART:20240101T090000Z
        SUMMARY:Dentist",
        "UID:c
        DTSTART:20240101T090000Z
        STATUS:CANCELLED
        ORGANIZER:mailto:a@x
        ATTENDEE:mailto:b@x",
        "UID:alone
        DTSTART:20240101T090000Z
        ORGANIZER:mailto:a@x",
    ]));
    assert_eq!(rejects.total(), 0);
    assert_eq!(left(&counts, LeftOut::PersonalAppointment), 1);
    assert_eq!(left(&counts, LeftOut::CancelledEvent), 1);
    // an organizer alone is a message without recipients (the weighting counts it)
    assert_eq!(
        got,
        [(Sender::Person(0), vec![], 0, t("2024-01-01T09:00:00Z"))]
    );
}

#[test]
fn a_cancel_method_cancels_its_events() {
    let text = calendar(&["UID:1
        DTSTART:20240101T090000Z
        ORGANIZER:mailto:a@x
        ATTENDEE:mailto:b@x"])
    .replace("VERSION:2.0", "VERSION:2.0\r\nMETHOD:CANCEL");
    let err = run_with(&text, &MessageOptions::default()).err();
    // nothing left: the run is refused later by the meaningful-run checks, not here
    assert!(err.is_none());
    let (got, counts, _) = run(&text);
    assert!(got.is_empty());
    assert_eq!(left(&counts, LeftOut::CancelledEvent), 1);
}

#[test]
fn malformed_events_are_rejected_with_the_line_of_their_begin() {
    let text = calendar(&[
        "UID:1
        ORGANIZER:mailto:a@x
        ATTENDEE:mailto:b@x",
        "UID:2
        DTSTART:2024-01-01 09:00
        ORGANIZER:mailto:a@x
        ATTENDEE:mailto:b@x",
        "UID:3
        DTSTART:20240101T090000Z
        ATTENDEE:mailto:b@x",
        "UID:4
        DTSTART;TZID=Customized Time Zone:20240101T090000
        ORGANIZER:mailto:a@x",
        "UID:5
        DTSTART:20240101T090000Z
        RRULE:FREQ=SOMETIMES
        ORGANIZER:mailto:a@x",
        "UID:6
        DTSTART:20240101T090000Z
        Agenda without a colon
        ORGANIZER:mailto:a@x",
        "UID:ok
        DTSTART:20240101T090000Z
        ORGANIZER:mailto:a@x
        ATTENDEE:mailto:b@x",
    ]) + "BEGIN:VEVENT\r\nUID:cut\r\nDTSTART:20240101T090000Z\r\n";
    let (got, counts, rejects) = run(&text);
    assert_eq!(got.len(), 1);
    assert_eq!(counts.rows_read, 8);
    let keys: Vec<&str> = rejects.counts().keys().map(|r| r.key()).collect();
    assert_eq!(
        keys,
        [
            "bad_timestamp",
            "no_organizer",
            "no_start",
            "unknown_time_zone",
            "bad_recurrence",
            "unterminated_event",
            "malformed_line",
        ]
    );
    assert_eq!(rejects.total(), 8 - 1);
    let lines: Vec<u64> = rejects.samples().iter().map(|r| r.line).collect();
    assert_eq!(lines, [4, 9, 15, 20, 25]);
    let first = rejects.samples()[1].to_string();
    assert!(first.contains("line 9: DTSTART on line 11"), "{first}");
    assert!(first.contains("'9999-99-99 99:99'"), "{first}");
}

#[test]
fn strict_makes_a_rejected_event_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cal.ics");
    std::fs::write(&p, calendar(&["UID:1\nORGANIZER:mailto:a@x"])).unwrap();
    let directory = Directory::from_pairs(PEOPLE.iter().copied()).unwrap();
    let options = MessageOptions::default();
    let input = MessageInput::open(&InputName::Path(p), &options).unwrap();
    let err = read_messages(
        vec![input],
        &directory,
        &options,
        &mut Rejects::new(true),
        &mut IngestCounts::default(),
        &NoProgress,
        MessagesOnly(|_: &Message<'_>| {}),
    )
    .unwrap_err();
    assert!(matches!(err, Error::RejectedRow { line: 4, .. }), "{err}");
}

#[test]
fn sampled_organizers_are_not_lost() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cal.ics");
    let e1 = "UID:1\nDTSTART:20240101T090000Z\nORGANIZER:mailto:A@x\nATTENDEE:mailto:b@x";
    let e2 = "UID:2\nDTSTART:20240101T090000Z\nORGANIZER:b@x\nATTENDEE:mailto:c@x";
    let e3 = "UID:3\nDTSTART:20240101T090000Z\nORGANIZER:c@x\nATTENDEE:mailto:d@x";
    std::fs::write(&p, calendar(&[e1, e2, e3])).unwrap();
    let options = MessageOptions::default();
    let mut input = MessageInput::open(&InputName::Path(p), &options).unwrap();
    assert_eq!(input.sample_senders(2).unwrap(), ["a@x", "b@x"]);
    let directory = Directory::from_pairs(PEOPLE.iter().copied()).unwrap();
    let mut senders = Vec::new();
    read_messages(
        vec![input],
        &directory,
        &options,
        &mut Rejects::new(true),
        &mut IngestCounts::default(),
        &NoProgress,
        MessagesOnly(|m: &Message<'_>| senders.push(m.sender)),
    )
    .unwrap();
    assert_eq!(
        senders,
        [Sender::Person(0), Sender::Person(1), Sender::Person(2)]
    );
}

#[test]
fn a_calendar_is_told_by_its_first_line() {
    assert!(looks_like_calendar(
        b"\xef\xbb\xbf\r\n\r\nbegin:vcalendar\r\n"
    ));
    assert!(looks_like_calendar(b"BEGIN:VCALENDAR"));
    assert!(!looks_like_calendar(b"sender,recipients\nBEGIN:VCALENDAR"));
    assert!(!looks_like_calendar(b"BEGIN:VCARD\r\n"));
}

#[test]
fn meeting_keys_tell_a_series_from_its_occurrences() {
    assert_ne!(meeting_key("u", None), meeting_key("u", Some(0)));
    assert_ne!(meeting_key("u", Some(1)), meeting_key("u", Some(2)));
    assert_eq!(meeting_key("u", Some(1)), meeting_key("u", Some(1)));
    assert_eq!(
        address(" MAILTO:Jean.Dupont@Acme.fr "),
        "jean.dupont@acme.fr"
    );
    assert_eq!(address("urn:uuid:1"), "urn:uuid:1");
}

#[test]
fn overrides_take_what_they_do_not_say_from_their_series() {
    let (got, counts, rejects) = run(&calendar(&[
        "UID:s
        DTSTART:20240101T090000Z
        RRULE:FREQ=DAILY;COUNT=2
        RDATE:20240110T090000Z
        ORGANIZER:mailto:a@x
        ATTENDEE:mailto:b@x",
        // moved, nothing else said: the series' organizer and attendees
        "UID:s
        RECURRENCE-ID:20240102T090000Z
        DTSTART:20240103T090000Z",
        // an occurrence whose series is not in the file: one meeting of its own
        "UID:orphan
        RECURRENCE-ID:20240105T090000Z
        DTSTART:20240105T100000Z
        ORGANIZER:mailto:c@x
        ATTENDEE:mailto:d@x",
    ]));
    assert_eq!(rejects.total(), 0);
    assert_eq!(
        got,
        [
            (Sender::Person(0), vec![1], 1, t("2024-01-01T09:00:00Z")),
            (Sender::Person(0), vec![1], 1, t("2024-01-10T09:00:00Z")),
            (Sender::Person(0), vec![1], 1, t("2024-01-03T09:00:00Z")),
            (Sender::Person(2), vec![3], 1, t("2024-01-05T10:00:00Z")),
        ]
    );
    assert!(counts.left_out.is_empty(), "{:?}", counts.left_out);
}

#[test]
fn a_series_in_two_calendars_counts_once_with_its_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let series = "UID:s
        DTSTART:20240101T090000Z
        RRULE:FREQ=DAILY;COUNT=3
        ORGANIZER:mailto:a@x
        ATTENDEE:mailto:b@x";
    let moved = "UID:s
        RECURRENCE-ID:20240102T090000Z
        DTSTART:20240102T150000Z
        ORGANIZER:mailto:a@x
        ATTENDEE:mailto:b@x
        ATTENDEE:mailto:c@x";
    // the organizer's calendar has the series and its moved occurrence; an attendee's has the
    // same series, and the moved occurrence alone comes first in a third file
    let files = [
        calendar(&[moved]),
        calendar(&[series, moved]),
        calendar(&[series]),
    ];
    let options = MessageOptions::default();
    let mut inputs = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let p = dir.path().join(format!("{i}.ics"));
        std::fs::write(&p, f).unwrap();
        inputs.push(MessageInput::open(&InputName::Path(p), &options).unwrap());
    }
    let directory = Directory::from_pairs(PEOPLE.iter().copied()).unwrap();
    let mut counts = IngestCounts::default();
    let mut got = Vec::new();
    read_messages(
        inputs,
        &directory,
        &options,
        &mut Rejects::new(true),
        &mut counts,
        &NoProgress,
        MessagesOnly(|m: &Message<'_>| got.push((m.recipients.to_vec(), m.timestamp))),
    )
    .unwrap();
    assert_eq!(
        got,
        [
            (vec![1, 2], t("2024-01-02T15:00:00Z")),
            (vec![1], t("2024-01-01T09:00:00Z")),
            (vec![1], t("2024-01-03T09:00:00Z")),
        ]
    );
    assert_eq!(left(&counts, LeftOut::DuplicateEvent), 2);
}

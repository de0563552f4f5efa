//! Calendar files (.ics, RFC 5545) as message inputs: the nine messages of
//! fixtures/exports/README.md rendered as nine meetings give the same hand-computed ties; the
//! quirks calendar (recurrence with COUNT, UNTIL and EXDATE, a moved and a cancelled
//! occurrence, rooms, declined attendees, a cancelled event, time zones, folded lines, an
//! open-ended rule) counts the occurrences of fixtures/exports/ics/README.md; `siloscope check`
//! says how a calendar is read and up to when; malformed events are rejected with their line,
//! fatal under --strict.

mod util;

use predicates::prelude::*;
use util::{
    analyze, assert_same_outputs, assert_same_ties, assert_snapshot, check_writing_nothing,
    expected_ties, fixture, siloscope, summary, ties,
};

/// [`check_writing_nothing`] of a calendar with the fixtures' directory.
fn check(messages: &str, extra: &[&str]) -> String {
    check_writing_nothing(messages, "fixtures/exports/directory.csv", extra)
}

const ACME: &str = "exports/ics/acme.ics";
const QUIRKS: &str = "exports/ics/quirks.ics";

#[test]
fn the_nine_messages_as_nine_meetings_give_the_ties_computed_by_hand() {
    for people in ["exports/directory.csv", "exports/annuaire_cp1252.csv"] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        analyze(&fixture(ACME), &fixture(people), &out, &[])
            .assert()
            .success()
            .stderr(predicate::str::contains("iCalendar file"));
        assert_same_ties(
            &ties(&out),
            &expected_ties("exports/expected_ties.csv"),
            people,
        );
        let s = summary(&out);
        assert_eq!(s["input"]["rows_read"], 9, "{people}");
        assert_eq!(s["input"]["messages"], 9, "{people}");
        assert_eq!(s["input"]["messages_used"], 8, "{people}");
        assert_eq!(s["input"]["messages_from_external_senders"], 1, "{people}");
        assert_eq!(s["input"]["external_addresses"], 1, "{people}");
        assert_eq!(s["input"]["external_recipients"], 1, "{people}");
        assert_eq!(s["input"]["rejected_rows"], 0, "{people}");
        assert_eq!(s["input"]["files"][0]["format"], "ics", "{people}");
        // never a word of the meetings' text in the outputs
        for f in std::fs::read_dir(&out).unwrap() {
            let text =
                String::from_utf8_lossy(&std::fs::read(f.unwrap().path()).unwrap()).into_owned();
            for content in [
                "Lancement du budget",
                "Ordre du jour",
                "Salle 3",
                "salle 12",
            ] {
                assert!(!text.contains(content), "{content}");
            }
        }
    }
}

#[test]
fn the_same_meetings_in_two_calendars_and_on_standard_input_count_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let people = fixture("exports/directory.csv");
    // the same meetings exported from two people's calendars: every UID a second time
    let copy = dir.path().join("copy.ics");
    std::fs::copy(fixture(ACME), &copy).unwrap();
    analyze(
        &fixture(ACME),
        &people,
        &out,
        &["--messages", copy.to_str().unwrap()],
    )
    .assert()
    .success();
    assert_same_ties(
        &ties(&out),
        &expected_ties("exports/expected_ties.csv"),
        "twice",
    );
    assert_eq!(summary(&out)["input"]["rows_read"], 18);
    assert_eq!(summary(&out)["input"]["messages"], 9);
    let out = dir.path().join("stdin");
    analyze("-", &people, &out, &[])
        .pipe_stdin(fixture(ACME))
        .unwrap()
        .assert()
        .success();
    assert_same_ties(
        &ties(&out),
        &expected_ties("exports/expected_ties.csv"),
        "stdin",
    );
}

#[test]
fn the_quirks_calendar_counts_the_occurrences_counted_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    analyze(
        &fixture(QUIRKS),
        &fixture("exports/directory.csv"),
        &out,
        &[],
    )
    .assert()
    .success();
    assert_same_ties(
        &ties(&out),
        &expected_ties("exports/ics/quirks_expected_ties.csv"),
        "quirks",
    );
    let s = summary(&out);
    // 11 VEVENTs; occurrences: Q1 3 + Q2 3 + Q4 1 + Q5 5 + Q6 1 + Q9 1
    assert_eq!(s["input"]["rows_read"], 11);
    assert_eq!(s["input"]["messages"], 14);
    assert_eq!(s["input"]["messages_used"], 14);
    assert_eq!(s["input"]["external_recipients"], 1);
    assert_eq!(s["input"]["rejected_rows"], 0);
    let period = s["input"]["files"][0]["columns"]["period"]
        .as_str()
        .unwrap();
    assert!(period.contains("expanded up to 2024-04-19"), "{period}");
    let got = check("fixtures/exports/ics/quirks.ics", &[]);
    for line in [
        "message rows read: 11",
        "messages: 14",
        "left out, cancelled event: 2 ",
        "left out, room or resource: 3 ",
        "left out, declined attendee: 3 ",
        "left out, non participant: 1 ",
        "left out, personal appointment: 1 ",
        "left out, duplicate event: 1 ",
        "time span: 2024-03-04 08:30 UTC .. 2024-04-19 16:00 UTC",
        "1 open-ended recurrence rule(s) expanded up to 2024-04-19, the day of the latest DTSTART or RECURRENCE-ID of the file",
        "ties between people: 12",
    ] {
        assert!(got.contains(line), "no '{line}' in\n{got}");
    }
    assert!(!got.contains("outside_calendar_period"), "{got}");
}

#[test]
fn the_calendar_period_bounds_every_occurrence() {
    let period = [
        "--calendar-since",
        "2024-03-10",
        "--calendar-until",
        "2024-04-16",
    ];
    let got = check("fixtures/exports/ics/quirks.ics", &period);
    for line in [
        "period <- from 2024-03-10 to 2024-04-16 (--calendar-until; UTC days); 1 open-ended recurrence rule(s) expanded up to it",
        // Q1 4 March, Q2 6 March and 17 April, Q6 19 April
        "left out, outside calendar period: 4 ",
        // Q1 11 and 19 March, Q2 3 April, Q4, Q5 15 and 16 April, Q9
        "messages: 7",
        "left out, room or resource: 1 ",
        "left out, declined attendee: 1 ",
        "time span: 2024-03-11 08:30 UTC .. 2024-04-16 07:00 UTC",
    ] {
        assert!(got.contains(line), "no '{line}' in\n{got}");
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    analyze(
        &fixture(QUIRKS),
        &fixture("exports/directory.csv"),
        &out,
        &period,
    )
    .assert()
    .success();
    let t = ties(&out);
    let tie = |a: &str, b: &str| t[&(a.to_string(), b.to_string())];
    assert_eq!(tie("chloe.leboeuf@acme.fr", "lucas.petit@acme.fr"), 2.0);
    assert_eq!(tie("lucas.petit@acme.fr", "sophie.bernard@acme.fr"), 0.75);
    assert_eq!(tie("gerard.martin@acme.fr", "marie.lefevre@acme.fr"), 0.5);
    assert!(!t.contains_key(&(
        "chloe.leboeuf@acme.fr".to_string(),
        "francois.moreau@acme.fr".to_string()
    )));
}

#[test]
fn a_calendar_gives_the_same_bytes_whatever_its_event_order() {
    let text = std::fs::read_to_string(fixture(QUIRKS)).unwrap();
    let start = text.find("BEGIN:VEVENT").unwrap();
    let end = text.rfind("END:VCALENDAR").unwrap();
    let mut events: Vec<&str> = text[start..end].split_inclusive("END:VEVENT\r\n").collect();
    events.reverse();
    let dir = tempfile::tempdir().unwrap();
    let reversed = dir.path().join("reversed.ics");
    std::fs::write(
        &reversed,
        format!("{}{}{}", &text[..start], events.concat(), &text[end..]),
    )
    .unwrap();
    let people = fixture("exports/directory.csv");
    assert_same_outputs(
        &fixture(QUIRKS),
        reversed.to_str().unwrap(),
        &people,
        dir.path(),
    );
}

#[test]
fn check_says_how_a_calendar_is_read() {
    let got = check("fixtures/exports/ics/acme.ics", &[]);
    assert_snapshot("check_ics.txt", &got);
}

#[test]
fn malformed_events_are_rejected_with_their_line_and_fatal_under_strict() {
    let messages = fixture("exports/ics/rejects.ics");
    let people = fixture("exports/directory.csv");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    analyze(&messages, &people, &out, &[])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("3 malformed message record(s) skipped")
                .and(predicate::str::contains("1 × no_start"))
                .and(predicate::str::contains("1 × bad_timestamp"))
                .and(predicate::str::contains("1 × unterminated_event"))
                .and(predicate::str::contains(
                    "rejects.ics: line 10: expected a DTSTART",
                ))
                .and(predicate::str::contains(
                    "rejects.ics: line 16: DTSTART on line 18: expected YYYYMMDDTHHMMSS",
                ))
                .and(predicate::str::contains("'9999-99-99 99:99'"))
                .and(predicate::str::contains(
                    "rejects.ics: line 28: expected END:VEVENT",
                ))
                .and(predicate::str::contains("@acme.fr").not()),
        );
    let s = summary(&out);
    assert_eq!(s["input"]["rows_read"], 5);
    assert_eq!(s["input"]["messages"], 2);
    assert_eq!(s["input"]["rejected_rows"], 3);
    assert_eq!(s["input"]["rejected"]["unterminated_event"], 1);
    let strict = dir.path().join("strict");
    analyze(&messages, &people, &strict, &["--strict"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "rejects.ics: line 10: expected a DTSTART: an event without one has no date (--strict",
        ));
    assert!(!strict.exists(), "a refused run writes nothing");
}

#[test]
fn calendar_options_are_checked_before_reading() {
    for (args, says) in [
        (
            &["--calendar-until", "30/06/2024"][..],
            "--calendar-until 30/06/2024: expected a date such as 2024-06-30",
        ),
        (
            &[
                "--calendar-since",
                "2024-07-01",
                "--calendar-until",
                "2024-06-30",
            ][..],
            "--calendar-since 2024-07-01 comes after --calendar-until 2024-06-30",
        ),
    ] {
        siloscope()
            .args(["check", "-m", "missing.ics", "-p", "missing.csv"])
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
    // a file forced as a calendar that is none
    siloscope()
        .args([
            "check",
            "-m",
            &fixture("exports/plain.csv"),
            "-p",
            &fixture("exports/directory.csv"),
            "--input-format",
            "ics",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no calendar (it holds no BEGIN:VCALENDAR)",
        ));
}

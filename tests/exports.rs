//! Reading what the client's IT exports (issue 10): the same messages rendered as a plain CSV,
//! a display-name CSV, a Microsoft 365 message trace (UTF-8, UTF-16 without BOM, Windows
//! PowerShell's UTF-16 with its #TYPE line and US dates) and an Exchange historical search
//! report give the ties computed by hand in fixtures/exports/README.md; a French Excel
//! directory (Windows-1252, Matricule and E-mail) and a UTF-16 BE one give the same people;
//! `siloscope check` says how each file was read; meaningless runs are refused.

mod util;

use std::collections::BTreeMap;

use predicates::prelude::*;
use util::{
    analyze, assert_same_outputs, assert_same_ties, assert_snapshot, check_writing_nothing,
    expected_ties, fixture, read_csv, siloscope, summary, ties,
};

/// (message file, extra options) for every rendering of the fixture's messages.
const RENDERINGS: [(&str, &[&str]); 6] = [
    ("exports/plain.csv", &[]),
    ("exports/display_names.csv", &[]),
    ("exports/m365_trace.csv", &[]),
    ("exports/m365_trace_utf16_nobom.csv", &[]),
    (
        "exports/m365_trace_powershell.csv",
        &["--date-format", "month-first"],
    ),
    ("exports/historical_report.csv", &[]),
];

#[test]
fn every_rendering_of_the_same_messages_gives_the_ties_computed_by_hand() {
    for (messages, extra) in RENDERINGS {
        for people in [
            "exports/directory.csv",
            "exports/annuaire_cp1252.csv",
            "exports/annuaire_utf16be.csv",
        ] {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("out");
            analyze(&fixture(messages), &fixture(people), &out, extra)
                .assert()
                .success();
            let what = format!("{messages} with {people}");
            assert_same_ties(
                &ties(&out),
                &expected_ties("exports/expected_ties.csv"),
                &what,
            );
            let s = summary(&out);
            assert_eq!(s["input"]["messages"], 9, "{what}");
            assert_eq!(s["input"]["messages_used"], 8, "{what}");
            assert_eq!(s["input"]["messages_from_external_senders"], 1, "{what}");
            assert_eq!(s["input"]["external_addresses"], 1, "{what}");
            assert_eq!(s["input"]["rejected_rows"], 0, "{what}");
            // the department figures of the README, accents intact whatever the encoding
            let departments: BTreeMap<String, (String, f64)> =
                read_csv(&out.join("departments.csv"))
                    .into_iter()
                    .map(|r| {
                        (
                            r["department"].clone(),
                            (
                                r["headcount"].clone(),
                                r["internal_weight"].parse().unwrap(),
                            ),
                        )
                    })
                    .collect();
            let want = [
                ("Direction Générale", "2", 0.5),
                ("Finance", "3", 1.5),
                ("Systèmes d'information", "3", 2.2),
            ];
            assert_eq!(departments.len(), 3, "{what}: {departments:?}");
            for (name, headcount, internal) in want {
                let (h, w) = &departments[name];
                assert_eq!(h, headcount, "{what}: {name}");
                assert!((w - internal).abs() < 1e-9, "{what}: {name} {w}");
            }
        }
    }
}

#[test]
fn a_trace_gives_the_same_bytes_whatever_its_row_order() {
    let text = std::fs::read_to_string(fixture("exports/m365_trace.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    lines.reverse();
    let dir = tempfile::tempdir().unwrap();
    let reversed = dir.path().join("reversed.csv");
    std::fs::write(&reversed, format!("{header}\n{}\n", lines.join("\n"))).unwrap();
    let people = fixture("exports/directory.csv");
    assert_same_outputs(
        &fixture("exports/m365_trace.csv"),
        reversed.to_str().unwrap(),
        &people,
        dir.path(),
    );
}

#[test]
fn check_says_how_a_trace_and_a_french_excel_directory_are_read() {
    let got = check_writing_nothing(
        "fixtures/exports/m365_trace.csv",
        "fixtures/exports/annuaire_cp1252.csv",
        &[],
    );
    assert_snapshot("check_m365_trace.txt", &got);
}

#[test]
fn check_reports_each_format_and_encoding() {
    let cases: [(&str, &str, &[&str], &[&str]); 5] = [
        (
            "fixtures/exports/m365_trace_powershell.csv",
            "fixtures/exports/annuaire_utf16be.csv",
            &["--date-format", "month-first"],
            &[
                "format     m365-trace",
                "encoding   UTF-16LE (byte order mark)",
                "encoding   UTF-16BE (no byte order mark; zero bytes of UTF-16 text)",
                "per-recipient rows grouped into messages: 25",
                "time span: 2024-03-04 08:15 UTC .. 2024-03-13 17:12 UTC",
            ],
        ),
        (
            "fixtures/exports/m365_trace_utf16_nobom.csv",
            "fixtures/exports/directory.csv",
            &[],
            &["encoding   UTF-16LE (no byte order mark; zero bytes of UTF-16 text)"],
        ),
        (
            "fixtures/exports/historical_report.csv",
            "fixtures/exports/directory.csv",
            &[],
            &[
                "format     historical-report",
                "recipient_status <- recipient_status",
                "left out, distribution group: 1",
            ],
        ),
        (
            "fixtures/exports/display_names.csv",
            "fixtures/exports/directory.csv",
            &[],
            &["format     csv", "messages: 9", "ties between people: 17"],
        ),
        (
            "fixtures/exports/plain.csv",
            "fixtures/exports/annuaire_cp1252.csv",
            &["--people-encoding", "windows-1252"],
            &[
                "encoding   Windows-1252 (forced by option)",
                "key        'E-mail'",
            ],
        ),
    ];
    for (messages, people, extra, expect) in cases {
        let got = check_writing_nothing(messages, people, extra);
        for e in expect {
            assert!(got.contains(e), "{messages}: no '{e}' in\n{got}");
        }
        assert!(
            got.contains("ties between people: 17"),
            "{messages}:\n{got}"
        );
    }
}

// ---- refusals: exit 1, a message that says what to fix, nothing written ---------------------

fn refused(messages: &[u8], people: &[u8], expect: &[&str], never: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("messages.csv");
    let p = dir.path().join("people.csv");
    std::fs::write(&m, messages).unwrap();
    std::fs::write(&p, people).unwrap();
    let out = dir.path().join("out");
    let mut pred = predicate::str::contains("siloscope: error:").boxed();
    for e in expect {
        pred = pred.and(predicate::str::contains(*e)).boxed();
    }
    for n in never {
        pred = pred.and(predicate::str::contains(*n).not()).boxed();
    }
    let (m, p) = (m.to_str().unwrap(), p.to_str().unwrap());
    analyze(m, p, &out, &[]).assert().code(1).stderr(pred);
    assert!(!out.exists(), "a refused run writes nothing");
    siloscope()
        .args(["check", "--messages", m, "--people", p])
        .assert()
        .code(1);
}

const LOG: &[u8] = b"timestamp,sender,recipients\n2024-03-01 09:00,jean.dupont@acme.fr,marie.curie@acme.fr\n2024-03-01 10:00,marie.curie@acme.fr,jean.dupont@acme.fr\n";

#[test]
fn a_header_only_log_is_refused() {
    refused(
        b"timestamp,sender,recipients\n",
        b"id,department\njean.dupont@acme.fr,A\nmarie.curie@acme.fr,B\n",
        &["holds no message row"],
        &[],
    );
}

#[test]
fn a_directory_keyed_by_employee_number_against_address_logs_is_refused() {
    refused(
        LOG,
        b"Matricule;Nom;Direction\nA01234;Dupont;Finance\nA01235;Curie;Ventes\n",
        &[
            "no sender of the 2 messages is in the directory",
            "'Matricule'",
            "'a99999'",
            "'aaaa.aaaaaa@aaaa.aa'",
        ],
        &["jean.dupont", "A01234", "Dupont"],
    );
}

#[test]
fn a_log_of_another_company_is_refused() {
    refused(
        LOG,
        b"id,department\npaul@other.fr,A\nanne@other.fr,B\n",
        &["no sender of the 2 messages is in the directory"],
        &["paul@other.fr"],
    );
}

#[test]
fn fewer_than_two_people_is_refused() {
    refused(
        LOG,
        b"id,department\njean.dupont@acme.fr,A\n",
        &["at least two people"],
        &[],
    );
}

#[test]
fn messages_that_link_nobody_are_refused() {
    refused(
        b"sender,recipients\njean.dupont@acme.fr,jean.dupont@acme.fr\njean.dupont@acme.fr,partner@ext.com\n",
        b"id,department\njean.dupont@acme.fr,A\nmarie.curie@acme.fr,B\n",
        &["links two people", "1 self-messages", "1 only to external recipients"],
        &[],
    );
}

#[test]
fn a_directory_given_as_messages_and_a_log_given_as_people_are_refused() {
    let people = b"Matricule;Direction;E-mail\nA1;Finance;jean.dupont@acme.fr\nA2;Ventes;marie.curie@acme.fr\n";
    refused(
        people,
        people,
        &["given as --messages", "people directory"],
        &[],
    );
    refused(LOG, LOG, &["given as --people", "message log"], &[]);
}

#[test]
fn most_senders_outside_the_directory_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m.csv");
    std::fs::write(
        &m,
        "sender,recipients\na@x,b@x\nz1@y,a@x\nz2@y,a@x\nz3@y,b@x\n",
    )
    .unwrap();
    let p = dir.path().join("p.csv");
    std::fs::write(&p, "id,department\na@x,A\nb@x,B\n").unwrap();
    let out = dir.path().join("out");
    analyze(m.to_str().unwrap(), p.to_str().unwrap(), &out, &[])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: 3 of the 4 distinct senders are not in the directory",
        ));
    let s = summary(&out);
    assert_eq!(s["input"]["warnings"].as_array().unwrap().len(), 1);
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(
        md.contains("**Warning:** 3 of the 4 distinct senders"),
        "{md}"
    );
}

// ---- encodings -------------------------------------------------------------------------------

#[test]
fn an_invalid_byte_after_a_utf8_sample_is_a_rejected_row_that_names_the_fix() {
    let mut log = b"sender,recipients\n".to_vec();
    while log.len() < 70_000 {
        log.extend_from_slice(b"jean.dupont@acme.fr,marie.curie@acme.fr\n");
    }
    let bad_line = log.iter().filter(|&&b| b == b'\n').count() + 1;
    log.extend_from_slice(b"jean.dupont@acme.fr,h\xe9l\xe8ne@acme.fr\n");
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m.csv");
    std::fs::write(&m, &log).unwrap();
    let p = dir.path().join("p.csv");
    std::fs::write(
        &p,
        "id,department\njean.dupont@acme.fr,A\nmarie.curie@acme.fr,B\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    analyze(m.to_str().unwrap(), p.to_str().unwrap(), &out, &[])
        .assert()
        .success()
        .stderr(
            predicate::str::contains(format!("m.csv: line {bad_line}, column 'recipients'"))
                .and(predicate::str::contains("--encoding windows-1252")),
        );
    // forced, the same file is read whole
    let forced = dir.path().join("forced");
    analyze(
        m.to_str().unwrap(),
        p.to_str().unwrap(),
        &forced,
        &["--encoding", "windows-1252"],
    )
    .assert()
    .success();
    let s = summary(&forced);
    assert_eq!(s["input"]["rejected_rows"], 0);
    assert_eq!(s["input"]["files"][0]["encoding"], "Windows-1252");
}

#[test]
fn a_bad_encoding_name_is_a_usage_error() {
    siloscope()
        .args([
            "check",
            "-m",
            "x.csv",
            "-p",
            "y.csv",
            "--encoding",
            "klingon",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown encoding"));
    siloscope()
        .args([
            "check",
            "-m",
            "x.csv",
            "-p",
            "y.csv",
            "--input-format",
            "pst",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("m365-trace"));
}

//! Mail exports (mbox, .eml): the 9 messages of fixtures/exports rendered as a Thunderbird mbox,
//! a Gmail Takeout mbox and a folder of .eml files give the ties computed by hand in
//! fixtures/exports/README.md; the formats' own quirks (separators and escapes, Bcc,
//! duplicates, Thunderbird's deleted copies, distribution lists, dates) with ties computed by
//! hand; rejected messages named by file and line; a large mbox read in bounded memory.

mod util;

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use util::{Ties, analyze, assert_same_ties, check, expected_ties, fixture, summary, ties};

/// [`assert_same_ties`] against ties written out as (a, b, weight).
fn assert_ties(got: &Ties, want: &[(&str, &str, f64)], what: &str) {
    let want: Ties = want
        .iter()
        .map(|&(a, b, w)| ((a.to_string(), b.to_string()), w))
        .collect();
    assert_same_ties(got, &want, what);
}

const THUNDERBIRD: &str = "exports/mail/Archives";
const TAKEOUT: &str = "exports/mail/All mail Including Spam and Trash.mbox";
const EML_FOLDER: &str = "exports/mail/eml";

#[test]
fn every_mail_rendering_of_the_same_messages_gives_the_ties_computed_by_hand() {
    for messages in [THUNDERBIRD, TAKEOUT, EML_FOLDER] {
        for people in [
            "exports/directory.csv",
            "exports/annuaire_cp1252.csv",
            "exports/annuaire_utf16be.csv",
        ] {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("out");
            analyze(&fixture(messages), &fixture(people), &out, &[])
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
        }
    }
}

#[test]
fn check_reports_the_mail_formats() {
    let cases: [(&str, &[&str]); 3] = [
        (
            "fixtures/exports/mail/Archives",
            &[
                "format     mbox",
                "delimiter  From_ line",
                "columns    sender <- From, recipients <- To, cc <- Cc, bcc <- Bcc, timestamp <- Date",
                // 9 messages and Thunderbird's deleted copy of M6
                "message rows read: 10",
                "messages: 9",
            ],
        ),
        (
            "fixtures/exports/mail/All mail Including Spam and Trash.mbox",
            &["format     mbox", "message rows read: 9"],
        ),
        (
            "fixtures/exports/mail/eml",
            &[
                "format     eml",
                "delimiter  one message per .eml file",
                // 10 files: M8 saved twice (received and sent), read once
                "message rows read: 10",
                "messages: 9",
            ],
        ),
    ];
    for (messages, expect) in cases {
        let got = check(messages, "fixtures/exports/directory.csv", &[]);
        for e in expect {
            assert!(got.contains(e), "{messages}: no '{e}' in\n{got}");
        }
        assert!(
            got.contains("ties between people: 17"),
            "{messages}:\n{got}"
        );
        assert!(
            got.contains("time span: 2024-03-04 08:15 UTC .. 2024-03-13 17:12 UTC"),
            "{messages}:\n{got}"
        );
        assert!(got.contains("only message headers are read"), "{got}");
    }
}

// ---- the formats' own quirks, ties by hand ----------------------------------------------------

const PEOPLE: &str = "id,department\na@acme.fr,A\nb@acme.fr,B\nc@acme.fr,B\nd@acme.fr,A\n";

/// Writes `files` (relative path → bytes) and the people into a temporary folder.
fn write(files: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for (rel, bytes) in files {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    let people = dir.path().join("people.csv");
    std::fs::write(&people, PEOPLE).unwrap();
    (dir, people)
}

fn run(messages: &Path, people: &Path, extra: &[&str]) -> (PathBuf, String) {
    let out = messages.parent().unwrap().join("out");
    let output = analyze(
        messages.to_str().unwrap(),
        people.to_str().unwrap(),
        &out,
        extra,
    )
    .output()
    .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (out, String::from_utf8(output.stderr).unwrap())
}

#[test]
fn separators_are_from_lines_after_a_blank_line_and_escaped_lines_never_are() {
    // Line numbers on the right. Message 1 (a → b) has a body with a `From ` line that follows
    // a text line (not a separator), escaped `>From ` and `>>From ` lines after blank lines
    // (never separators) and a quoted `From:` line. Message 2 (b → a, c) is a CRLF message.
    // The unescaped `From ` after a blank line at line 21 does start a message: one without
    // a From: field, rejected (empty_sender, line 21).
    let mbox = b"From a@acme.fr Mon Mar  4 08:15:07 2024\n\
From: A <a@acme.fr>\n\
To: b@acme.fr\n\
Date: Mon, 4 Mar 2024 09:15:07 +0100\n\
\n\
Hello,\n\
From what I saw, this is not a separator.\n\
\n\
>From the escaped line (mboxo and mboxrd)\n\
\n\
>>From an escaped escaped line (mboxrd)\n\
From: a quoted reply header, not a separator\n\
\n\
From b@acme.fr Mon Mar  4 09:00:00 2024\r\n\
From: b@acme.fr\r\n\
To: a@acme.fr,\r\n c@acme.fr\r\n\
\r\n\
body\r\n\
\r\n\
From the unescaped body of an mboxcl file\n\
that is not a header\n";
    let (_dir, people) = write(&[("box.mbox", mbox)]);
    let m = people.parent().unwrap().join("box.mbox");
    let (out, stderr) = run(&m, &people, &[]);
    // a → b: 1; b → a, c: 1/2 each
    assert_ties(
        &ties(&out),
        &[
            ("a@acme.fr", "b@acme.fr", 1.5),
            ("b@acme.fr", "c@acme.fr", 0.5),
        ],
        "separators",
    );
    let s = summary(&out);
    assert_eq!(s["input"]["messages"], 2);
    assert_eq!(s["input"]["rejected_rows"], 1);
    assert!(
        stderr.contains("box.mbox: line 21: expected a From: field"),
        "{stderr}"
    );
}

#[test]
fn bcc_counts_duplicates_and_deleted_copies_are_left_out_and_lists_count_in_k() {
    let mbox = b"From - Mon Mar 04 09:15:07 2024\n\
X-Mozilla-Status: 0001\n\
Message-ID: <m1@acme.fr>\n\
From: a@acme.fr\n\
To: b@acme.fr\n\
Bcc: c@acme.fr, d@acme.fr\n\
Date: Mon, 4 Mar 2024 09:15:07 +0100\n\
\n\
From - Mon Mar 04 09:15:07 2024\n\
X-Mozilla-Status: 0001\n\
Message-ID:\n <m1@acme.fr>\n\
From: a@acme.fr\n\
To: b@acme.fr\n\
Date: Mon, 4 Mar 2024 09:15:07 +0100\n\
\n\
From - Mon Mar 04 10:00:00 2024\n\
X-Mozilla-Status: 0009\n\
Message-ID: <m2@acme.fr>\n\
From: c@acme.fr\n\
To: d@acme.fr\n\
\n\
From - Mon Mar 04 11:00:00 2024\n\
X-Mozilla-Status: 8001\n\
X-GM-THRID: 1792600000000000000\n\
X-Gmail-Labels: Inbox,Opened\n\
Message-ID: <m3@acme.fr>\n\
From: =?UTF-8?Q?D=C3=A9d=C3=A9?= <D@Acme.fr>\n\
To: liste-b@acme.fr, b@acme.fr\n\
\n";
    let (_dir, people) = write(&[("Inbox", mbox)]);
    let m = people.parent().unwrap().join("Inbox");
    let (out, _) = run(&m, &people, &[]);
    // M1: a → b, c, d (Bcc counts): 1/3 each; its second copy (same Message-ID, folded) is
    // left out. The deleted copy (0009) c → d is left out. M3: d → a list address outside the
    // directory and b: k = 2, d–b 1/2; no Date: no timestamp, still a message.
    let third = 1.0 / 3.0;
    assert_ties(
        &ties(&out),
        &[
            ("a@acme.fr", "b@acme.fr", third),
            ("a@acme.fr", "c@acme.fr", third),
            ("a@acme.fr", "d@acme.fr", third),
            ("b@acme.fr", "d@acme.fr", 0.5),
        ],
        "quirks",
    );
    let s = summary(&out);
    assert_eq!(s["input"]["messages"], 2);
    assert_eq!(s["input"]["external_addresses"], 1);
    assert_eq!(s["input"]["rejected_rows"], 0);
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.contains("Inbox"), "{md}");
}

#[test]
fn a_folder_of_eml_files_is_read_in_name_order_with_its_subfolders() {
    // Two copies of one message (same Message-ID): the first in name order is kept, so the
    // Bcc of the sent copy ("Sent/") counts, the received copy ("Z/") is left out. A hidden
    // AppleDouble file, a text file and a .msg are ignored. A Windows-1252 file is decoded.
    let sent = b"From: a@acme.fr\r\nTo: b@acme.fr\r\nBcc: c@acme.fr\r\nMessage-ID: <x@acme.fr>\r\nDate: Mon, 4 Mar 2024 09:15:07 +0100\r\n\r\nbody\r\n";
    let received = b"Received: from mx\r\nFrom: a@acme.fr\r\nTo: b@acme.fr\r\nMessage-ID: <x@acme.fr>\r\nDate: Mon, 4 Mar 2024 09:15:07 +0100\r\n\r\nbody\r\n";
    let latin = b"From: \"D\xe9d\xe9\" <d@acme.fr>\nTo: c@acme.fr\nSubject: R\xe9union\nDate: Tue, 5 Mar 2024 10:00:00 +0100\n\nCorps en \xe9\n";
    let (dir, people) = write(&[
        ("mails/Sent/1.eml", sent),
        ("mails/Z/1.EML", received),
        ("mails/Sent/._1.eml", b"\x00\x05\x16\x07"),
        ("mails/notes.txt", b"not a message"),
        ("mails/old.msg", b"\xd0\xcf\x11\xe0"),
        ("mails/2 latin.eml", latin),
    ]);
    let m = dir.path().join("mails");
    let (out, _) = run(&m, &people, &[]);
    assert_ties(
        &ties(&out),
        &[
            ("a@acme.fr", "b@acme.fr", 0.5),
            ("a@acme.fr", "c@acme.fr", 0.5),
            ("c@acme.fr", "d@acme.fr", 1.0),
        ],
        "eml folder",
    );
    let s = summary(&out);
    assert_eq!(s["input"]["messages"], 2);
    let got = check(m.to_str().unwrap(), people.to_str().unwrap(), &[]);
    assert!(got.contains("message rows read: 3"), "{got}");
}

#[test]
fn a_single_eml_file_and_standard_input_are_read() {
    let eml = b"Return-Path: <a@acme.fr>\nFrom: a@acme.fr\nTo: b@acme.fr, c@acme.fr\nDate: Mon, 4 Mar 2024 09:15:07 +0100\n\nbody\n";
    let (dir, people) = write(&[("message.eml", eml)]);
    let m = dir.path().join("message.eml");
    let (out, _) = run(&m, &people, &[]);
    let want = [
        ("a@acme.fr", "b@acme.fr", 0.5),
        ("a@acme.fr", "c@acme.fr", 0.5),
    ];
    assert_ties(&ties(&out), &want, "one .eml");
    let out = dir.path().join("stdin");
    analyze("-", people.to_str().unwrap(), &out, &[])
        .write_stdin(
            "From a@acme.fr Mon Mar  4 08:15:07 2024\nFrom: a@acme.fr\nTo: b@acme.fr, c@acme.fr\n\n",
        )
        .assert()
        .success();
    assert_ties(&ties(&out), &want, "an mbox on standard input");
}

#[test]
fn a_csv_whose_header_starts_with_from_is_still_a_csv() {
    let (dir, people) = write(&[("log.csv", b"From Address,To Address\na@acme.fr,b@acme.fr\n")]);
    let m = dir.path().join("log.csv");
    let got = check(
        m.to_str().unwrap(),
        people.to_str().unwrap(),
        &[
            "--map",
            "sender=From Address",
            "--map",
            "recipients=To Address",
        ],
    );
    assert!(got.contains("format     csv"), "{got}");
}

// ---- rejected messages: file and line, fatal under --strict -----------------------------------

#[test]
fn rejected_messages_name_the_file_and_the_line() {
    let mut mbox = b"From a Mon Mar  4 08:15:07 2024\n\
From: a@acme.fr\n\
To: b@acme.fr\n\
Subject: ok\n\
\n\
From b Mon Mar  4 08:15:07 2024\n\
From: b@acme.fr\n\
To: a@acme.fr\n\
Date: le 4 mars\n\
\n\
From c Mon Mar  4 08:15:07 2024\n\
Sender: c@acme.fr\n\
To: a@acme.fr\n\
\n\
From d Mon Mar  4 08:15:07 2024\n\
From: <>\n\
To: a@acme.fr\n\
\n\
From e Mon Mar  4 08:15:07 2024\n\
From: d@acme.fr\n\
X-Huge: "
        .to_vec();
    mbox.extend(std::iter::repeat_n(b'x', 1 << 20));
    mbox.extend_from_slice(b"\nTo: a@acme.fr\n\nbody\n");
    let (dir, people) = write(&[("box.mbox", &mbox)]);
    let m = dir.path().join("box.mbox");
    let (out, stderr) = run(&m, &people, &[]);
    assert_ties(&ties(&out), &[("a@acme.fr", "b@acme.fr", 1.0)], "rejects");
    let s = summary(&out);
    assert_eq!(s["input"]["rejected_rows"], 4, "{s}");
    for e in [
        "box.mbox: line 9: expected a Date: field as RFC 5322 writes it (Mon, 4 Mar 2024 09:15:07 +0100), found a value shaped 'aa 9 aaaa'",
        "box.mbox: line 11: expected a From: field",
        "box.mbox: line 16: expected the sender's address in the From: field",
        "box.mbox: line 19: expected a header block",
        "bad_timestamp",
        "empty_sender",
        "header_too_long",
    ] {
        assert!(stderr.contains(e), "no '{e}' in {stderr}");
    }
    assert!(
        !stderr.contains("le 4 mars"),
        "a value is never shown: {stderr}"
    );
    analyze(
        m.to_str().unwrap(),
        people.to_str().unwrap(),
        &dir.path().join("strict"),
        &["--strict"],
    )
    .assert()
    .code(1)
    .stderr(
        predicate::str::contains("box.mbox: line 9:").and(predicate::str::contains("--strict")),
    );

    // in a folder, the file is the .eml that holds the message
    let (dir, people) = write(&[
        ("mails/1.eml", b"From: a@acme.fr\nTo: b@acme.fr\n\n"),
        (
            "mails/2.eml",
            b"Received: x\nFrom: b@acme.fr\nTo: a@acme.fr\nDate: 31 Feb 2024 10:00:00 +0100\n\n",
        ),
    ]);
    let m = dir.path().join("mails");
    let want = format!("{}: line 4:", m.join("2.eml").display());
    let (_, stderr) = run(&m, &people, &[]);
    assert!(stderr.contains(&want), "no '{want}' in {stderr}");
    analyze(
        m.to_str().unwrap(),
        people.to_str().unwrap(),
        &dir.path().join("strict"),
        &["--strict"],
    )
    .assert()
    .code(1)
    .stderr(predicate::str::contains(want));
}

#[test]
fn what_is_not_mail_is_refused() {
    // a folder without .eml files
    let (dir, people) = write(&[("mails/a.txt", b"x"), ("mails/b/c.msg", b"y")]);
    analyze(
        dir.path().join("mails").to_str().unwrap(),
        people.to_str().unwrap(),
        &dir.path().join("out"),
        &[],
    )
    .assert()
    .code(1)
    .stderr(predicate::str::contains(
        "a folder of .eml messages, or a Slack export",
    ));
    // a CSV forced as an mbox
    let (dir, people) = write(&[("log.csv", b"sender,recipients\na@acme.fr,b@acme.fr\n")]);
    analyze(
        dir.path().join("log.csv").to_str().unwrap(),
        people.to_str().unwrap(),
        &dir.path().join("out"),
        &["--input-format", "mbox"],
    )
    .assert()
    .code(1)
    .stderr(predicate::str::contains("not an mbox"));
}

// ---- streaming ---------------------------------------------------------------------------------

/// Peak resident memory of `cmd` in KiB: `/usr/bin/time -v`'s maximum resident set size when
/// it is there, else the child's VmHWM, polled in /proc until it exits.
fn peak_rss_kib(program: &str, args: &[std::ffi::OsString]) -> (u64, f64) {
    use std::process::{Command, Stdio};
    let start = std::time::Instant::now();
    if Path::new("/usr/bin/time").exists() {
        let output = Command::new("/usr/bin/time")
            .arg("-v")
            .arg(program)
            .args(args)
            .env("XDG_CONFIG_HOME", util::config_home())
            .stdout(Stdio::null())
            .output()
            .unwrap();
        let secs = start.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stderr}");
        let kib = stderr
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("Maximum resident set size (kbytes): ")
            })
            .and_then(|v| v.trim().parse().ok())
            .expect("/usr/bin/time -v reports the maximum resident set size");
        return (kib, secs);
    }
    let mut child = Command::new(program)
        .args(args)
        .env("XDG_CONFIG_HOME", util::config_home())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status)
            && let Some(kib) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        {
            peak = peak.max(kib);
        }
        if let Some(s) = child.try_wait().unwrap() {
            assert!(s.success());
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    (peak, start.elapsed().as_secs_f64())
}

#[test]
fn a_large_mbox_is_streamed_in_bounded_memory() {
    use std::io::Write;
    // SILOSCOPE_LONG_TESTS=1: a million messages; by default 20,000. 200 people in 10
    // departments; message i goes from person i % 200 to the next two. Every 1000th of the
    // first 20,000 messages has a 4 MiB body on one line, which must not be held either.
    let n: u64 = if std::env::var_os("SILOSCOPE_LONG_TESTS").is_some() {
        1_000_000
    } else {
        20_000
    };
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    let mut p = std::io::BufWriter::new(std::fs::File::create(&people).unwrap());
    writeln!(p, "id,department").unwrap();
    for i in 0..200 {
        writeln!(p, "p{i}@acme.fr,D{}", i % 10).unwrap();
    }
    p.flush().unwrap();
    let mbox = dir.path().join("big.mbox");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&mbox).unwrap());
    let long_line = "x".repeat(4 << 20);
    for i in 0..n {
        let (s, r1, r2) = (i % 200, (i + 1) % 200, (i + 2) % 200);
        let t = 1_709_540_107 + i;
        write!(
            w,
            "From p{s}@acme.fr Mon Mar  4 08:15:07 2024\nMessage-ID: <{i}@acme.fr>\nFrom: P {s} <p{s}@acme.fr>\nTo: p{r1}@acme.fr, \"P, {r2}\" <p{r2}@acme.fr>\nDate: {t}\nSubject: message {i}\n\nHello,\n\n>From the body.\n"
        )
        .unwrap();
        if i % 1000 == 999 && i < 20_000 {
            w.write_all(long_line.as_bytes()).unwrap();
            w.write_all(b"\n").unwrap();
        }
        w.write_all(b"\n").unwrap();
    }
    w.flush().unwrap();
    drop(w);
    let size = std::fs::metadata(&mbox).unwrap().len();
    let out = dir.path().join("out");
    let args: Vec<std::ffi::OsString> = [
        "analyze".into(),
        "--format".into(),
        "none".into(),
        "--analyses".into(),
        "departments".into(),
        "--messages".into(),
        mbox.clone().into_os_string(),
        "--people".into(),
        people.into_os_string(),
        "--out".into(),
        out.clone().into_os_string(),
    ]
    .into_iter()
    .collect();
    let (kib, secs) = peak_rss_kib(env!("CARGO_BIN_EXE_siloscope"), &args);
    eprintln!(
        "mbox streaming: {n} messages, {:.1} MiB, peak RSS {:.1} MiB, {secs:.2} s",
        size as f64 / 1048576.0,
        kib as f64 / 1024.0
    );
    let s = summary(&out);
    assert_eq!(s["input"]["messages"], n);
    assert_eq!(s["input"]["rejected_rows"], 0);
    // The file is 80 MiB at 20,000 messages: a reader that kept it, or a body line, would show.
    // Bounded: the process itself (~10 MiB), a header block, 8 bytes per Message-ID.
    let bound_mib = 40 + n * 8 * 4 / 1048576;
    assert!(
        kib / 1024 < bound_mib,
        "peak RSS {kib} KiB for {n} messages ({size} bytes)"
    );
}

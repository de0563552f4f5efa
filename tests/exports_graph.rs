//! Microsoft Graph exports (fixtures/exports/graph/README.md): Acme's 9 messages as Graph mail
//! JSON (one page, pages one after another, PowerShell's UTF-16 array of pages, JSON lines,
//! standard input) give the ties computed by hand in fixtures/exports/README.md; a Teams chat
//! export with its members file gives the ties computed by hand in the graph README (members
//! from the members file, or from the chats' system messages from the add onward; bots,
//! system messages, channel messages and chats without members left out and counted);
//! `siloscope check` says how each is read; broken JSON, malformed records and JSON that is
//! not Graph are reported with file, line and column.

mod util;

use std::collections::BTreeMap;

use predicates::prelude::*;
use util::{
    Ties, analyze, assert_same_outputs, assert_same_ties, check, expected_ties, fixture, read_csv,
    siloscope, summary, ties,
};

const DIRECTORY: &str = "exports/directory.csv";
const TEAMS: &str = "exports/graph/teams_chats.json";
const TEAMS_DIRECTORY: &str = "exports/graph/teams_directory.csv";

/// What a file leaves out besides its messages, by kind.
type LeftOut = &'static [(&'static str, u64)];

/// (file, encoding read, what is left out besides the 9 messages)
const MAIL: [(&str, &str, LeftOut); 4] = [
    ("exports/graph/mail_page.json", "UTF-8", &[]),
    (
        "exports/graph/mail_pages.json",
        "UTF-8",
        &[("draft", 1), ("duplicate_copy", 1)],
    ),
    ("exports/graph/mail_pages_array_utf16.json", "UTF-16LE", &[]),
    ("exports/graph/mail.jsonl", "UTF-8", &[]),
];

#[test]
fn every_shape_of_graph_mail_gives_the_ties_computed_by_hand() {
    let want = expected_ties("exports/expected_ties.csv");
    for (messages, encoding, left_out) in MAIL {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        analyze(&fixture(messages), &fixture(DIRECTORY), &out, &[])
            .assert()
            .success();
        assert_same_ties(&ties(&out), &want, messages);
        let s = summary(&out);
        let i = &s["input"];
        assert_eq!(i["messages"], 9, "{messages}");
        assert_eq!(i["messages_used"], 8, "{messages}");
        assert_eq!(i["messages_from_external_senders"], 1, "{messages}");
        assert_eq!(i["external_addresses"], 1, "{messages}");
        assert_eq!(i["rejected_rows"], 0, "{messages}");
        assert_eq!(i["rows_read"], 9 + left_out.len() as u64, "{messages}");
        let want_left: serde_json::Map<String, serde_json::Value> = left_out
            .iter()
            .map(|(k, n)| (k.to_string(), (*n).into()))
            .collect();
        assert_eq!(
            i["left_out"],
            serde_json::Value::Object(want_left),
            "{messages}"
        );
        assert_eq!(i["files"][0]["format"], "graph-mail", "{messages}");
        assert_eq!(i["files"][0]["encoding"], encoding, "{messages}");
        // the department figures of ../README.md
        let departments: BTreeMap<String, f64> = read_csv(&out.join("departments.csv"))
            .into_iter()
            .map(|r| {
                (
                    r["department"].clone(),
                    r["internal_weight"].parse().unwrap(),
                )
            })
            .collect();
        for (name, internal) in [
            ("Direction Générale", 0.5),
            ("Finance", 1.5),
            ("Systèmes d'information", 2.2),
        ] {
            assert!(
                (departments[name] - internal).abs() < 1e-9,
                "{messages}: {name}"
            );
        }
    }
}

#[test]
fn graph_mail_from_standard_input_gives_the_same_ties() {
    // standard input cannot be read twice: the sample of senders is kept and handed out again
    let want = expected_ties("exports/expected_ties.csv");
    for messages in ["exports/graph/mail_pages.json", "exports/graph/mail.jsonl"] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        analyze("-", &fixture(DIRECTORY), &out, &[])
            .pipe_stdin(fixture(messages))
            .unwrap()
            .assert()
            .success();
        assert_same_ties(&ties(&out), &want, messages);
        assert_eq!(summary(&out)["input"]["messages"], 9, "{messages}");
    }
}

#[test]
fn a_message_read_again_from_another_file_counts_once() {
    // the same messages twice (as when the sender's and a recipient's mailboxes are exported)
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    analyze(
        &fixture("exports/graph/mail_page.json"),
        &fixture(DIRECTORY),
        &out,
        &["--messages", &fixture("exports/graph/mail.jsonl")],
    )
    .assert()
    .success()
    .stderr(predicate::str::contains(
        "records left out on purpose: 9 duplicate_copy",
    ));
    assert_same_ties(
        &ties(&out),
        &expected_ties("exports/expected_ties.csv"),
        "twice",
    );
    let s = summary(&out);
    assert_eq!(s["input"]["messages"], 9);
    assert_eq!(s["input"]["rows_read"], 18);
    assert_eq!(s["input"]["left_out"]["duplicate_copy"], 9);
}

#[test]
fn teams_chats_give_the_ties_computed_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    analyze(&fixture(TEAMS), &fixture(TEAMS_DIRECTORY), &out, &[])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "records left out on purpose: 1 bot_message",
        ));
    assert_same_ties(
        &ties(&out),
        &expected_ties("exports/graph/teams_expected_ties.csv"),
        "teams",
    );
    let i = &summary(&out)["input"];
    assert_eq!(i["rows_read"], 16);
    assert_eq!(i["messages"], 7);
    assert_eq!(i["messages_used"], 7);
    assert_eq!(i["rejected_rows"], 0);
    assert_eq!(
        i["left_out"],
        serde_json::json!({"bot_message": 1, "system_message": 5, "channel_message": 1, "chat_without_members": 2})
    );
    assert_eq!(i["files"][0]["format"], "teams-chat");
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(
        md.contains("| left out: chat without members | 2 |"),
        "{md}"
    );
}

/// The records of a Graph JSON file (pages one after another).
fn records_of(path: &str) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::Deserializer::from_str(&text)
        .into_iter::<serde_json::Value>()
        .flat_map(|page| page.unwrap()["value"].as_array().unwrap().clone())
        .collect()
}

#[test]
fn teams_chats_give_the_same_bytes_whatever_the_order_of_their_messages() {
    // Graph lists a chat's messages newest first: oldest first, as JSON lines, is the same
    let dir = tempfile::tempdir().unwrap();
    let mut records = records_of(&fixture(TEAMS));
    records.reverse();
    let lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    let moved = dir.path().join("oldest_first.jsonl");
    std::fs::write(&moved, lines.join("\n")).unwrap();
    std::fs::copy(
        fixture("exports/graph/teams_chats.members.json"),
        dir.path().join("oldest_first.members.json"),
    )
    .unwrap();
    let people = fixture(TEAMS_DIRECTORY);
    assert_same_outputs(
        &fixture(TEAMS),
        moved.to_str().unwrap(),
        &people,
        dir.path(),
    );
}

#[test]
fn without_a_members_file_the_system_messages_and_the_directory_ids_decide() {
    // the members file is what turns user ids into addresses: without it, only the people whose
    // Azure AD object id the directory lists (Chloé, Lucas) are found, and the chats known by
    // no system message (C1, C4) are left out
    let dir = tempfile::tempdir().unwrap();
    let alone = dir.path().join("chats.json");
    std::fs::copy(fixture(TEAMS), &alone).unwrap();
    let out = dir.path().join("out");
    analyze(
        alone.to_str().unwrap(),
        &fixture(TEAMS_DIRECTORY),
        &out,
        &[],
    )
    .assert()
    .success();
    let mut want = Ties::new();
    // C3: Lucas -> Sophie, Chloé (1/2) at 09:10; Chloé -> Sophie, Lucas, Jean, Hélène (1/4)
    want.insert(
        (
            "chloe.leboeuf@acme.fr".to_string(),
            "lucas.petit@acme.fr".to_string(),
        ),
        0.75,
    );
    assert_same_ties(&ties(&out), &want, "no members file");
    let i = &summary(&out)["input"];
    assert_eq!(i["left_out"]["chat_without_members"], 4);
    assert_eq!(i["messages"], 5);
    assert!(
        i["files"][0]["columns"]["members"]
            .as_str()
            .unwrap()
            .starts_with("no members file beside it")
    );
}

#[test]
fn chats_whose_members_are_all_unknown_are_refused_and_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("cafe.json");
    std::fs::write(
        &m,
        r#"{"value":[{"id":"1","messageType":"message","chatId":"19:cafe@thread.v2","createdDateTime":"2024-03-22T12:00:00.000Z","from":{"user":{"id":"u1"}}}]}"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    analyze(m.to_str().unwrap(), &fixture(TEAMS_DIRECTORY), &out, &[])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("is a message between people")
                .and(predicate::str::contains("1 chat_without_members")),
        );
    assert!(!out.exists());
}

// ---- siloscope check --------------------------------------------------------------------------

#[test]
fn check_reports_each_graph_format() {
    let cases: [(&str, &str, &[&str]); 3] = [
        (
            "fixtures/exports/graph/mail_pages_array_utf16.json",
            "fixtures/exports/directory.csv",
            &[
                "format     graph-mail: Microsoft Graph mail",
                "encoding   UTF-16LE (byte order mark)",
                "delimiter  none (JSON)",
                "sender <- from.emailAddress.address (else sender.emailAddress.address)",
                "timestamp <- sentDateTime",
                "messages: 9",
                "time span: 2024-03-04 08:15 UTC .. 2024-03-13 17:12 UTC",
                "ties between people: 17",
            ],
        ),
        (
            "fixtures/exports/graph/mail_pages.json",
            "fixtures/exports/directory.csv",
            &[
                "message rows read: 11",
                "left out, draft: 1 (a draft was never sent)",
                "left out, duplicate copy: 1",
                "ties between people: 17",
            ],
        ),
        (
            "fixtures/exports/graph/teams_chats.json",
            "fixtures/exports/graph/teams_directory.csv",
            &[
                "format     teams-chat: Microsoft Teams chat messages from Graph",
                "members <- fixtures/exports/graph/teams_chats.members.json (2 chats with their members)",
                "timestamp <- createdDateTime",
                "left out, bot message: 1",
                "left out, system message: 5",
                "left out, channel message: 1",
                "left out, chat without members: 2",
                "messages: 7",
                "time span: 2024-03-18 08:00 UTC .. 2024-03-21 09:00 UTC",
                "ties between people: 12",
            ],
        ),
    ];
    for (messages, people, expect) in cases {
        let got = check(messages, people, &[]);
        for e in expect {
            assert!(got.contains(e), "{messages}: no '{e}' in\n{got}");
        }
    }
}

// ---- broken JSON, malformed records, JSON that is not Graph -------------------------------------

#[test]
fn a_json_value_cut_in_the_middle_names_the_file_line_and_column() {
    let text = std::fs::read_to_string(fixture("exports/graph/mail_page.json")).unwrap();
    // cut in the middle of the fifth message, inside a string
    let at = text
        .match_indices("\"internetMessageId\"")
        .nth(4)
        .unwrap()
        .0
        + 30;
    let cut = &text[..at];
    let line = cut.lines().count();
    let column = cut.lines().last().unwrap().len();
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("cut.json");
    std::fs::write(&m, cut).unwrap();
    let out = dir.path().join("out");
    let where_ = format!("cut.json: line {line}, column {column}: ");
    let pred =
        || predicate::str::contains(where_.clone()).and(predicate::str::contains("cut short"));
    analyze(m.to_str().unwrap(), &fixture(DIRECTORY), &out, &[])
        .assert()
        .code(1)
        .stderr(pred());
    assert!(!out.exists(), "a failed run writes nothing");
    siloscope()
        .args(["check", "--messages", m.to_str().unwrap(), "--people"])
        .arg(fixture(DIRECTORY))
        .assert()
        .code(1)
        .stderr(pred());
}

#[test]
fn malformed_records_are_rejected_with_their_line_and_fatal_under_strict() {
    // the 9 messages as JSON lines, then a message without from or sender (line 10), a message
    // whose toRecipients is a string (line 11), and a number in a page's value (line 12)
    let mut text = std::fs::read_to_string(fixture("exports/graph/mail.jsonl")).unwrap();
    text = text.trim_end().to_string();
    text.push_str(concat!(
        "\n{\"id\":\"x1\",\"sentDateTime\":\"2024-03-14T08:00:00Z\",\"toRecipients\":[{\"emailAddress\":{\"address\":\"jean.dupont@acme.fr\"}}]}",
        "\n{\"from\":{\"emailAddress\":{\"address\":\"jean.dupont@acme.fr\"}},\"toRecipients\":\"helene.leroy@acme.fr\"}",
        "\n{\"value\":[7]}\n",
    ));
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("bad.jsonl");
    std::fs::write(&m, &text).unwrap();
    let out = dir.path().join("out");
    analyze(m.to_str().unwrap(), &fixture(DIRECTORY), &out, &[])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("3 malformed message record(s) skipped")
                .and(predicate::str::contains("1 × empty_sender"))
                .and(predicate::str::contains("2 × bad_field"))
                .and(predicate::str::contains(
                    "bad.jsonl: line 10, column 'from': expected the sender's address in from.emailAddress.address",
                ))
                .and(predicate::str::contains("bad.jsonl: line 11, column 'toRecipients'"))
                .and(predicate::str::contains("bad.jsonl: line 12: expected a message object"))
                .and(predicate::str::contains("helene.leroy").not()),
        );
    assert_same_ties(
        &ties(&out),
        &expected_ties("exports/expected_ties.csv"),
        "bad",
    );
    let s = summary(&out);
    assert_eq!(s["input"]["rows_read"], 12);
    assert_eq!(s["input"]["rejected"]["empty_sender"], 1);
    let strict = dir.path().join("strict");
    analyze(
        m.to_str().unwrap(),
        &fixture(DIRECTORY),
        &strict,
        &["--strict"],
    )
    .assert()
    .code(1)
    .stderr(
        predicate::str::contains(
            "bad.jsonl: line 10, column 'from': expected the sender's address",
        )
        .and(predicate::str::contains("--strict")),
    );
    assert!(!strict.exists());
}

#[test]
fn a_teams_message_without_a_sender_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let mut records = records_of(&fixture(TEAMS));
    // the newest message of the one-to-one chat C1 (Sophie's) loses its from
    let i = records
        .iter()
        .position(|r| {
            r["chatId"]
                .as_str()
                .is_some_and(|c| c.ends_with("@unq.gbl.spaces"))
        })
        .unwrap();
    records[i]["from"] = serde_json::Value::Null;
    let lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    let m = dir.path().join("chats.jsonl");
    std::fs::write(&m, lines.join("\n")).unwrap();
    std::fs::copy(
        fixture("exports/graph/teams_chats.members.json"),
        dir.path().join("members.json"),
    )
    .unwrap();
    let out = dir.path().join("out");
    analyze(m.to_str().unwrap(), &fixture(TEAMS_DIRECTORY), &out, &[])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "chats.jsonl: line {}, column 'from': expected the sender's Azure AD object id in from.user.id",
            i + 1
        )));
    assert_eq!(summary(&out)["input"]["messages"], 6);
    analyze(
        m.to_str().unwrap(),
        &fixture(TEAMS_DIRECTORY),
        &out,
        &["--strict"],
    )
    .assert()
    .code(1);
}

fn refused(name: &str, content: &str, expect: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join(name);
    std::fs::write(&m, content).unwrap();
    let out = dir.path().join("out");
    let mut pred = predicate::str::contains(format!("{name}: ")).boxed();
    for e in expect {
        pred = pred.and(predicate::str::contains(*e)).boxed();
    }
    analyze(m.to_str().unwrap(), &fixture(DIRECTORY), &out, &[])
        .assert()
        .code(1)
        .stderr(pred);
    assert!(!out.exists());
}

#[test]
fn json_that_is_not_a_graph_export_is_refused_with_what_was_expected() {
    refused(
        "export.json",
        "[{\"Expediteur\": \"jean.dupont@acme.fr\", \"Destinataires\": \"helene.leroy@acme.fr\"}]",
        &[
            "this is JSON, but its first bytes (up to 64 KiB) hold none of the keys",
            "toRecipients, sentDateTime",
            "--input-format graph-mail",
        ],
    );
    refused(
        "members.json",
        r#"{"value":[{"userId":"u1","roles":["owner"],"email":"jean.dupont@acme.fr"}]}"#,
        &["Teams members or chats file", "beside the chat messages"],
    );
    refused(
        "both.json",
        r#"{"toRecipients":[],"chatId":"19:x"}"#,
        &["both Graph mail keys"],
    );
}

#[test]
fn input_format_reads_graph_mail_that_detection_cannot_tell() {
    // an export with $select=from,sender holds no key that tells it is mail
    let text = "{\"from\":{\"emailAddress\":{\"address\":\"jean.dupont@acme.fr\"}}}\n{\"from\":{\"emailAddress\":{\"address\":\"helene.leroy@acme.fr\"}}}\n";
    refused("select.jsonl", text, &["none of the keys"]);
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("select.jsonl");
    std::fs::write(&m, text).unwrap();
    // read as Graph mail, the messages have no recipient: refused for that reason, not the format
    analyze(
        m.to_str().unwrap(),
        &fixture(DIRECTORY),
        &dir.path().join("out"),
        &["--input-format", "graph-mail"],
    )
    .assert()
    .code(1)
    .stderr(predicate::str::contains("2 without recipients"));
}

#[test]
fn teams_chats_cannot_be_read_from_standard_input() {
    analyze(
        "-",
        &fixture(TEAMS_DIRECTORY),
        &tempfile::tempdir().unwrap().path().join("out"),
        &[],
    )
    .pipe_stdin(fixture(TEAMS))
    .unwrap()
    .assert()
    .code(1)
    .stderr(predicate::str::contains(
        "<stdin>: cannot read: Teams chat messages are read twice",
    ));
}

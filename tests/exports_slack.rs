//! Slack workspace exports (fixtures/exports/slack/README.md): the 9 messages of the Acme
//! fixture as a Slack export, unzipped and zipped, give the ties computed by hand in
//! fixtures/exports/expected_ties.csv; the quirks export (bots, joins, threads, mentions, a
//! deleted user, a user without e-mail) gives the hand-computed ties of each channel policy;
//! `siloscope check` says how the export was read; a truncated day file is a rejected record
//! naming the file inside the archive (fatal under --strict), a truncated or foreign zip a
//! clear error; a generated export of 20,000 messages (1,000,000 with SILOSCOPE_LONG_TESTS) is
//! read in bounded memory.

mod util;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use predicates::prelude::*;
use util::{
    analyze, assert_same_ties_within, assert_snapshot, check, expected_ties, fixture, siloscope,
    summary, ties,
};

const ACME: [&str; 2] = ["exports/slack/acme", "exports/slack/acme.zip"];
const QUIRKS: [&str; 2] = ["exports/slack/quirks", "exports/slack/quirks_nested.zip"];

#[test]
fn the_acme_export_folder_and_zip_give_the_ties_computed_by_hand() {
    for messages in ACME {
        for people in [
            "exports/directory.csv",
            "exports/annuaire_cp1252.csv",
            "exports/annuaire_utf16be.csv",
        ] {
            for policy in ["none", "threads", "threads+mentions"] {
                let dir = tempfile::tempdir().unwrap();
                let out = dir.path().join("out");
                analyze(
                    &fixture(messages),
                    &fixture(people),
                    &out,
                    &["--slack-channels", policy],
                )
                .assert()
                .success()
                .stderr(predicate::str::contains("Slack workspace export"));
                let what = format!("{messages} with {people}, {policy}");
                assert_same_ties_within(
                    &ties(&out),
                    &expected_ties("exports/expected_ties.csv"),
                    &what,
                    1e-9,
                );
                let s = summary(&out);
                let i = &s["input"];
                assert_eq!(i["rows_read"], 9, "{what}");
                assert_eq!(i["messages"], 9, "{what}");
                assert_eq!(i["messages_used"], 8, "{what}");
                assert_eq!(i["messages_from_external_senders"], 1, "{what}");
                assert_eq!(i["external_addresses"], 1, "{what}");
                assert_eq!(i["external_recipients"], 1, "{what}");
                assert_eq!(i["rejected_rows"], 0, "{what}");
                assert_eq!(i["left_out"], serde_json::json!({}), "{what}");
                assert_eq!(i["files"][0]["format"], "slack", "{what}");
                if policy == "none" {
                    // the Slack rendering is one more way of writing the same messages: the
                    // outputs equal those of plain.csv but for the summary's input section
                    let plain = dir.path().join("plain");
                    analyze(&fixture("exports/plain.csv"), &fixture(people), &plain, &[])
                        .assert()
                        .success();
                    for file in ["ties.csv", "people.csv", "departments.csv"] {
                        assert_eq!(
                            std::fs::read(out.join(file)).unwrap(),
                            std::fs::read(plain.join(file)).unwrap(),
                            "{what}: {file}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn the_quirks_export_gives_the_hand_computed_ties_of_each_channel_policy() {
    // (policy, expected ties, messages, used, channel messages left out)
    let cases = [
        ("none", "exports/slack/quirks_expected_none.csv", 5, 4, 13),
        (
            "threads",
            "exports/slack/quirks_expected_threads.csv",
            14,
            12,
            4,
        ),
        (
            "threads+mentions",
            "exports/slack/quirks_expected_threads_mentions.csv",
            15,
            13,
            3,
        ),
    ];
    let people = fixture("exports/slack/quirks_directory.csv");
    for messages in QUIRKS {
        for (policy, want, n, used, channel) in cases {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("out");
            let mut args = vec!["--slack-channels", policy];
            if policy == "none" {
                args.clear(); // the default
            }
            analyze(&fixture(messages), &people, &out, &args)
                .assert()
                .success();
            let what = format!("{messages}, {policy}");
            assert_same_ties_within(&ties(&out), &expected_ties(want), &what, 1e-9);
            let i = &summary(&out)["input"];
            assert_eq!(i["rows_read"], 30, "{what}");
            assert_eq!(i["messages"], n, "{what}");
            assert_eq!(i["messages_used"], used, "{what}");
            assert_eq!(i["self_messages"], 1, "{what}");
            assert_eq!(i["rejected_rows"], 0, "{what}");
            assert_eq!(
                i["left_out"],
                serde_json::json!({
                    "bot_message": 5,
                    "system_message": 5,
                    "channel_message": channel,
                    "chat_without_members": 1,
                    "to_bots_only": 1,
                }),
                "{what}"
            );
            assert!(
                i["files"][0]["columns"]["channel messages"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("--slack-channels {policy}")),
                "{what}: the policy is said in summary.json"
            );
            let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
            assert!(md.contains("| left out: bot message | 5 |"), "{what}\n{md}");
        }
    }
}

#[test]
fn check_says_how_a_slack_export_is_read() {
    let got = check(
        "fixtures/exports/slack/quirks_nested.zip",
        "fixtures/exports/slack/quirks_directory.csv",
        &["--slack-channels", "threads+mentions"],
    );
    assert_snapshot("check_slack_quirks.txt", &got);
    let acme = check(
        "fixtures/exports/slack/acme",
        "fixtures/exports/directory.csv",
        &[],
    );
    for e in [
        "format     slack",
        "export <- folder",
        "channel messages <- left out (--slack-channels none)",
        "1 channels, 0 private channels, 2 DMs, 7 group DMs",
        "messages: 9",
        "ties between people: 17",
    ] {
        assert!(acme.contains(e), "no '{e}' in\n{acme}");
    }
    assert!(!acme.contains("\n  left out,"), "nothing left out:\n{acme}");
}

/// A copy of the Acme folder in `dir`, with `day` (a path inside it) cut to `keep` bytes.
fn acme_with_a_cut_day_file(dir: &Path, day: &str, keep: usize) -> PathBuf {
    let root = dir.join("acme");
    copy_dir(Path::new(&fixture("exports/slack/acme")), &root);
    let p = root.join(day);
    let bytes = std::fs::read(&p).unwrap();
    std::fs::write(&p, &bytes[..keep]).unwrap();
    root
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Zips a folder (stored, names in byte order), as a test's own archive.
fn zip_dir(root: &Path, zip_path: &Path) {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let name = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((name, p));
            }
        }
    }
    let mut files = Vec::new();
    walk(root, root, &mut files);
    files.sort();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(zip_path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, path) in files {
        zip.start_file(name, options).unwrap();
        zip.write_all(&std::fs::read(path).unwrap()).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn a_truncated_day_file_is_a_rejected_record_naming_the_file_and_its_line() {
    let dir = tempfile::tempdir().unwrap();
    // M8, Lucas to Sophie, cut in the middle of its `ts`
    let day = "D06ACMEM8/2024-03-13.json";
    let text = std::fs::read_to_string(fixture(&format!("exports/slack/acme/{day}"))).unwrap();
    let cut = text.find("\"ts\": \"").unwrap() + 10;
    // serde_json places the end of the text at its last character
    let (line, column) = (
        text[..cut].matches('\n').count() + 1,
        cut - 1 - text[..cut].rfind('\n').unwrap(),
    );
    let root = acme_with_a_cut_day_file(dir.path(), day, cut);
    let zip = dir.path().join("acme-cut.zip");
    zip_dir(&root, &zip);
    let people = fixture("exports/directory.csv");
    for export in [root.clone(), zip.clone()] {
        let m = export.to_str().unwrap();
        let out = dir.path().join("out");
        let inner = export.join(day);
        analyze(m, &people, &out, &[]).assert().success().stderr(
            predicate::str::contains(format!("{}: line {line}:", inner.display()))
                .and(predicate::str::contains(format!("column {column}")))
                .and(predicate::str::contains("truncated"))
                .and(predicate::str::contains("1 × invalid_json")),
        );
        let i = &summary(&out)["input"];
        assert_eq!(i["rejected_rows"], 1);
        assert_eq!(i["rejected"]["invalid_json"], 1);
        assert_eq!(i["messages"], 8, "the other 8 messages are read");
        // Lucas–Sophie is 1.5 with M8, 0.5 without
        let t = ties(&out);
        let pair = (
            "lucas.petit@acme.fr".to_string(),
            "sophie.bernard@acme.fr".to_string(),
        );
        assert_eq!(t[&pair], 0.5);
        std::fs::remove_dir_all(&out).unwrap();
        analyze(m, &people, &out, &["--strict"])
            .assert()
            .code(1)
            .stderr(
                predicate::str::contains(format!("{}: line {line}", inner.display()))
                    .and(predicate::str::contains("--strict")),
            );
        assert!(!out.exists(), "a failed run writes nothing");
    }
}

#[test]
fn a_truncated_zip_and_a_zip_that_is_no_slack_export_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(fixture("exports/slack/acme.zip")).unwrap();
    let truncated = dir.path().join("acme-partial.zip");
    std::fs::write(&truncated, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let people = fixture("exports/directory.csv");
    for strict in [false, true] {
        let out = dir.path().join("out");
        let mut extra = vec![];
        if strict {
            extra.push("--strict");
        }
        analyze(truncated.to_str().unwrap(), &people, &out, &extra)
            .assert()
            .code(1)
            .stderr(
                predicate::str::contains("acme-partial.zip")
                    .and(predicate::str::contains("cannot be opened as one"))
                    .and(predicate::str::contains("truncated")),
            );
        assert!(!out.exists());
    }
    let out = dir.path().join("out");
    analyze(&fixture("exports/slack/not_slack.zip"), &people, &out, &[])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("holds no users.json")
                .and(predicate::str::contains("not a Slack export")),
        );
    // a folder that is no export
    let folder = dir.path().join("photos");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("users.json"), "[]").unwrap();
    analyze(folder.to_str().unwrap(), &people, &out, &[])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "not one of the exports siloscope reads",
        ));
    // a zip on standard input
    siloscope()
        .args(["check", "--messages", "-", "--people", &people])
        .write_stdin(bytes.clone())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not from standard input"));
    // --input-format slack on a CSV
    analyze(
        &fixture("exports/plain.csv"),
        &people,
        &out,
        &["--input-format", "slack"],
    )
    .assert()
    .code(1)
    .stderr(predicate::str::contains("its folder or its .zip archive"));
}

#[test]
fn an_unknown_channel_policy_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    analyze(
        &fixture("exports/slack/acme"),
        &fixture("exports/directory.csv"),
        &dir.path().join("out"),
        &["--slack-channels", "everything"],
    )
    .assert()
    .code(2)
    .stderr(predicate::str::contains("threads+mentions"));
}

#[test]
fn an_export_of_channels_only_is_refused_under_the_default_policy() {
    let people = fixture("exports/slack/quirks_directory.csv");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("public");
    std::fs::create_dir_all(root.join("general")).unwrap();
    let users = std::fs::read(fixture("exports/slack/quirks/users.json")).unwrap();
    std::fs::write(root.join("users.json"), users).unwrap();
    std::fs::write(
        root.join("channels.json"),
        r#"[{"id": "C1", "name": "general", "members": ["U01ANA", "U02BEN"]}]"#,
    )
    .unwrap();
    std::fs::write(
        root.join("general/2024-03-04.json"),
        r#"[{"type": "message", "user": "U01ANA", "text": "q", "ts": "1709542800.000100", "thread_ts": "1709542800.000100"},
 {"type": "message", "user": "U02BEN", "text": "a", "ts": "1709542900.000100", "thread_ts": "1709542800.000100"}]"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    analyze(root.to_str().unwrap(), &people, &out, &[])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("none of the 2 records read is a message between people")
                .and(predicate::str::contains("2 channel_message"))
                .and(predicate::str::contains("--slack-channels threads")),
        );
    analyze(
        root.to_str().unwrap(),
        &people,
        &out,
        &["--slack-channels", "threads"],
    )
    .assert()
    .success();
    assert_eq!(ties(&out).len(), 1);
}

// ---- streaming --------------------------------------------------------------------------------

/// A generated export: people in 20 departments, DMs, group DMs of 3 to 6 and channels of 30
/// members whose messages are threads of up to 8 replies, plus bots and joins, one day file
/// per conversation and day from 2024-01-01. Holds the expected ties (under
/// `--slack-channels threads`) and the number of messages handed on.
struct Generated {
    ties: BTreeMap<(u32, u32), f64>,
    messages: u64,
    records: u64,
}

fn lcg(state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *state >> 33
}

fn email(u: u32) -> String {
    format!("u{u:05}@gen.test")
}

/// The shape of a generated export.
struct Shape {
    records: u64,
    users: u32,
    dms: u32,
    group_dms: u32,
    channels: u32,
    /// Days from 2024-01-01 (at most 366).
    days: u64,
}

fn generate(root: &Path, shape: &Shape) -> Generated {
    let Shape {
        records,
        users,
        dms: dm_count,
        group_dms: group_dm_count,
        channels: channel_count,
        days,
    } = *shape;
    let mut rng = 7u64;
    std::fs::create_dir_all(root).unwrap();
    let mut users_json = String::from("[");
    for u in 0..users {
        let _ = write!(
            users_json,
            "{}{{\"id\": \"U{u:07}\", \"name\": \"u{u}\", \"profile\": {{\"email\": \"{}\"}}}}",
            if u == 0 { "" } else { "," },
            email(u)
        );
    }
    users_json.push_str(",{\"id\": \"B0000001\", \"is_bot\": true, \"profile\": {}}]");
    std::fs::write(root.join("users.json"), users_json).unwrap();
    // conversations: (folder, members)
    let mut conversations: Vec<(String, Vec<u32>, bool)> = Vec::new();
    let mut dms = String::from("[");
    for d in 0..dm_count {
        let a = (lcg(&mut rng) % users as u64) as u32;
        let b = (a + 1 + (lcg(&mut rng) % (users as u64 - 1)) as u32) % users;
        let _ = write!(
            dms,
            "{}{{\"id\": \"D{d:07}\", \"members\": [\"U{a:07}\", \"U{b:07}\"]}}",
            if d == 0 { "" } else { "," }
        );
        conversations.push((format!("D{d:07}"), vec![a, b], false));
    }
    dms.push(']');
    let mut mpims = String::from("[");
    for g in 0..group_dm_count {
        let n = 3 + lcg(&mut rng) % 4;
        let mut members: Vec<u32> = Vec::new();
        while (members.len() as u64) < n {
            let u = (lcg(&mut rng) % users as u64) as u32;
            if !members.contains(&u) {
                members.push(u);
            }
        }
        let list: Vec<String> = members.iter().map(|u| format!("\"U{u:07}\"")).collect();
        let _ = write!(
            mpims,
            "{}{{\"id\": \"G{g:07}\", \"name\": \"mpdm-g{g}-1\", \"members\": [{}]}}",
            if g == 0 { "" } else { "," },
            list.join(", ")
        );
        conversations.push((format!("mpdm-g{g}-1"), members, false));
    }
    mpims.push(']');
    let mut channels = String::from("[");
    for c in 0..channel_count {
        let members: Vec<u32> = (0..30).map(|i| (c * 97 + i * 13) % users).collect();
        let _ = write!(
            channels,
            "{}{{\"id\": \"C{c:07}\", \"name\": \"channel-{c}\", \"members\": []}}",
            if c == 0 { "" } else { "," }
        );
        conversations.push((format!("channel-{c}"), members, true));
    }
    channels.push(']');
    std::fs::write(root.join("dms.json"), dms).unwrap();
    std::fs::write(root.join("mpims.json"), mpims).unwrap();
    std::fs::write(root.join("channels.json"), channels).unwrap();
    for (folder, _, _) in &conversations {
        std::fs::create_dir_all(root.join(folder)).unwrap();
    }

    let mut expected = Generated {
        ties: BTreeMap::new(),
        messages: 0,
        records,
    };
    // per channel: the open thread's ts and participants
    let mut threads: Vec<Option<(String, Vec<u32>)>> = vec![None; conversations.len()];
    let per_day = records.div_ceil(days);
    let start = 1_704_067_200u64; // 2024-01-01
    let mut written = 0u64;
    for day in 0..days {
        let mut files: BTreeMap<usize, String> = BTreeMap::new();
        for i in 0..per_day.min(records - written) {
            let c = (lcg(&mut rng) % conversations.len() as u64) as usize;
            let (_, members, channel) = &conversations[c];
            let ts = format!(
                "{}.{:06}",
                start + day * 86_400 + i,
                lcg(&mut rng) % 1_000_000
            );
            let file = files.entry(c).or_insert_with(|| String::from("["));
            if file.len() > 1 {
                file.push_str(",\n");
            }
            let roll = lcg(&mut rng) % 100;
            let sender = members[(lcg(&mut rng) % members.len() as u64) as usize];
            if roll < 2 {
                let _ = write!(
                    file,
                    "{{\"type\": \"message\", \"subtype\": \"bot_message\", \"bot_id\": \"B1\", \"text\": \"build {i} passed\", \"ts\": \"{ts}\"}}"
                );
            } else if roll < 3 {
                let _ = write!(
                    file,
                    "{{\"type\": \"message\", \"subtype\": \"channel_join\", \"user\": \"U{sender:07}\", \"text\": \"<@U{sender:07}> has joined\", \"ts\": \"{ts}\"}}"
                );
            } else if !*channel {
                let _ = write!(
                    file,
                    "{{\"type\": \"message\", \"user\": \"U{sender:07}\", \"text\": \"message {i} of the day, with some words to make it as long as a real one\", \"ts\": \"{ts}\"}}"
                );
                let others: Vec<u32> = members.iter().copied().filter(|&m| m != sender).collect();
                add(sender, &others, &mut expected);
            } else {
                let open = threads[c]
                    .as_ref()
                    .is_some_and(|(_, p)| p.len() < 8 && !roll.is_multiple_of(4));
                if open {
                    let (parent, participants) = threads[c].as_mut().unwrap();
                    let _ = write!(
                        file,
                        "{{\"type\": \"message\", \"user\": \"U{sender:07}\", \"text\": \"a reply {i}\", \"ts\": \"{ts}\", \"thread_ts\": \"{parent}\"}}"
                    );
                    let others: Vec<u32> = participants
                        .iter()
                        .copied()
                        .filter(|&m| m != sender)
                        .collect();
                    if !others.is_empty() {
                        add(sender, &others, &mut expected);
                    }
                    if !participants.contains(&sender) {
                        participants.push(sender);
                    }
                } else {
                    let _ = write!(
                        file,
                        "{{\"type\": \"message\", \"user\": \"U{sender:07}\", \"text\": \"a question {i}\", \"ts\": \"{ts}\", \"thread_ts\": \"{ts}\", \"reply_count\": 1}}"
                    );
                    threads[c] = Some((ts.clone(), vec![sender]));
                }
            }
        }
        written += per_day.min(records - written);
        let date = chrono_date(day);
        for (c, mut text) in files {
            text.push_str("]\n");
            std::fs::write(
                root.join(&conversations[c].0).join(format!("{date}.json")),
                text,
            )
            .unwrap();
        }
    }
    let mut directory = String::from("id,department\n");
    for u in 0..users {
        let _ = writeln!(directory, "{},D{:02}", email(u), u % 20);
    }
    std::fs::write(root.with_extension("people.csv"), directory).unwrap();
    expected
}

/// A message from `s` to `recipients` (k = their number), as the weighting counts it.
fn add(s: u32, recipients: &[u32], expected: &mut Generated) {
    expected.messages += 1;
    let k = recipients.len() as f64;
    for &r in recipients {
        let key = if s < r { (s, r) } else { (r, s) };
        *expected.ties.entry(key).or_default() += 1.0 / k;
    }
}

/// `YYYY-MM-DD` of day `d` of 2024 (a leap year).
fn chrono_date(d: u64) -> String {
    let lengths = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut day = d;
    for (m, len) in lengths.iter().enumerate() {
        if day < *len {
            return format!("2024-{:02}-{:02}", m + 1, day + 1);
        }
        day -= len;
    }
    unreachable!("2024 has 366 days")
}

/// Runs the command, polling its peak resident memory (VmHWM, Linux; 0 elsewhere); returns
/// (peak RSS in KiB, seconds).
fn run_measured(mut cmd: std::process::Command) -> (u64, f64) {
    let started = Instant::now();
    let mut child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_path)
            && let Some(line) = text.lines().find(|l| l.starts_with("VmHWM:"))
        {
            let kib: u64 = line
                .split_whitespace()
                .nth(1)
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            peak = peak.max(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let seconds = started.elapsed().as_secs_f64();
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert!(status.success(), "{stderr}");
    (peak, seconds)
}

#[test]
fn a_generated_export_is_read_in_bounded_memory() {
    let long = std::env::var_os("SILOSCOPE_LONG_TESTS").is_some();
    let shape = if long {
        Shape {
            records: 1_000_000,
            users: 2_000,
            dms: 50,
            group_dms: 30,
            channels: 20,
            days: 120,
        }
    } else {
        // fewer conversations and days: fewer files to write, the same kinds of message
        Shape {
            records: 20_000,
            users: 2_000,
            dms: 20,
            group_dms: 12,
            channels: 8,
            days: 10,
        }
    };
    let records = shape.records;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("export");
    let started = Instant::now();
    let generated = generate(&root, &shape);
    let generated_in = started.elapsed().as_secs_f64();
    let zip = dir.path().join("export.zip");
    zip_dir(&root, &zip);
    eprintln!(
        "generated {records} records in {generated_in:.1} s, zipped in {:.1} s ({} bytes)",
        started.elapsed().as_secs_f64() - generated_in,
        std::fs::metadata(&zip).unwrap().len()
    );
    let people = root.with_extension("people.csv");
    for export in [&root, &zip] {
        let out = dir.path().join("out");
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_siloscope"));
        cmd.env("XDG_CONFIG_HOME", util::config_home())
            .args([
                "analyze",
                "--reveal-identities",
                "--min-group-size",
                "1",
                "--format",
                "none",
                "--analyses",
                "departments",
                "--slack-channels",
                "threads",
                "--quiet",
                "--messages",
            ])
            .arg(export)
            .arg("--people")
            .arg(&people)
            .arg("--out")
            .arg(&out);
        let (peak_kib, seconds) = run_measured(cmd);
        eprintln!(
            "{}: {records} records read in {seconds:.2} s, peak RSS {:.1} MiB",
            export.display(),
            peak_kib as f64 / 1024.0
        );
        let i = &summary(&out)["input"];
        assert_eq!(i["rows_read"], generated.records);
        assert_eq!(i["messages"], generated.messages);
        assert_eq!(i["rejected_rows"], 0);
        let got = ties(&out);
        assert_eq!(got.len(), generated.ties.len());
        for ((a, b), w) in &generated.ties {
            let key = (email(*a), email(*b));
            assert!(
                (got[&key] - w).abs() < 1e-6,
                "{key:?}: {} != {w}",
                got[&key]
            );
        }
        // the reader holds one day file, the users and the members, not the export (tens of
        // MiB at 1,000,000 messages); the bound leaves room for the binary and the graph
        if peak_kib > 0 {
            assert!(
                peak_kib < 150 * 1024,
                "peak RSS {peak_kib} KiB for {records} records"
            );
        }
        std::fs::remove_dir_all(&out).unwrap();
    }
}

//! The Slack reader on small exports written here: the folder and the zip read alike,
//! malformed day files and messages are rejected records naming the file inside the archive,
//! the order of the archive and of a day file does not matter, and the thread rules.

use std::io::Write;
use std::path::Path;

use super::*;
use crate::ingest::directory::Directory;
use crate::ingest::formats::test_support::{Got, left, read_all};
use crate::ingest::messages::{IngestCounts, MessageInput, MessageOptions, Sender};

const USERS: &str = r#"[
  {"id": "UA", "profile": {"email": "a@x"}},
  {"id": "UB", "profile": {"email": "B@X"}},
  {"id": "UC", "profile": {}},
  {"id": "BOT", "is_bot": true, "profile": {}}
]"#;

fn write_folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn write_zip(path: &Path, files: &[(&str, &str)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in files.iter().rev() {
        zip.start_file(*name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

/// a@x → 0, b@x → 1, c (the id `UC`) → 2.
fn directory() -> Directory {
    Directory::from_pairs([("a@x", "D1"), ("b@x", "D1"), ("uc", "D2")]).unwrap()
}

fn read_with(
    path: &Path,
    policy: SlackChannels,
    strict: bool,
) -> Result<(Got, IngestCounts, Rejects)> {
    let options = MessageOptions {
        slack_channels: policy,
        ..MessageOptions::default()
    };
    let mut input = MessageInput::open(&InputName::Path(path.to_path_buf()), &options)?;
    let sample = input.sample_senders(2)?;
    assert!(sample.len() <= 2);
    read_all(input, &directory(), &options, strict, CHAT)
}

fn read(path: &Path, policy: SlackChannels) -> (Got, IngestCounts, Rejects) {
    read_with(path, policy, false).unwrap()
}

const DM_EXPORT: [(&str, &str); 5] = [
    ("users.json", USERS),
    ("channels.json", "[]"),
    (
        "dms.json",
        r#"[{"id": "D1", "members": ["UA", "UB"]}, {"id": "D2", "members": ["UC", "BOT"]}]"#,
    ),
    (
        "mpims.json",
        r#"[{"id": "G1", "name": "mpdm-a--b--c-1", "members": ["UA", "UB", "UC", "UZ"]}]"#,
    ),
    (
        "D1/2024-03-12.json",
        r#"[{"type": "message", "user": "UB", "text": "x", "ts": "1710234960.000100"},
 {"type": "message", "user": "UA", "text": "y", "ts": "1710234900.000200"}]"#,
    ),
];

fn dm_export_files() -> Vec<(&'static str, &'static str)> {
    let mut files = DM_EXPORT.to_vec();
    files.push((
        "mpdm-a--b--c-1/2024-03-13.json",
        r#"[{"type": "message", "user": "UC", "ts": "1710320000.000001"}]"#,
    ));
    files.push((
        "D2/2024-03-13.json",
        r#"[{"type": "message", "user": "UC", "ts": "1710320001.000001"}]"#,
    ));
    files
}

#[test]
fn dms_and_group_dms_go_to_the_other_members_in_folder_and_zip_alike() {
    let files = dm_export_files();
    let dir = write_folder(&files);
    let zip = dir.path().join("export.zip");
    write_zip(&zip, &files);
    let want: Got = vec![
        // D1, in ts order: UA first
        (Sender::Person(0), vec![1], 1, Some(1710234900)),
        (Sender::Person(1), vec![0], 1, Some(1710234960)),
        // D2: UC to the bot only is left out; the group DM: UC (id) to a, b and UZ, an id
        // that users.json does not list (outside the directory, counted in k)
        (Sender::Person(2), vec![0, 1], 3, Some(1710320000)),
    ];
    for path in [dir.path(), zip.as_path()] {
        let (got, counts, rejects) = read(path, SlackChannels::None);
        assert_eq!(got, want, "{}", path.display());
        assert_eq!(counts.rows_read, 4);
        assert_eq!(left(&counts, LeftOut::ToBotsOnly), 1);
        assert_eq!(counts.external_recipients, 1);
        assert_eq!(rejects.total(), 0);
        assert_eq!(counts.files[0].format, Some(InputFormat::Slack));
    }
}

#[test]
fn the_sample_is_the_first_senders_and_read_still_reads_them() {
    let dir = write_folder(&dm_export_files());
    let options = MessageOptions::default();
    let mut input = MessageInput::open(&InputName::Path(dir.path().into()), &options).unwrap();
    // D1 first (folders in byte order: "D1" < "D2" < "mpdm..."), UA before UB by ts; UC's
    // message to the bot is left out but its author is sampled
    assert_eq!(input.sample_senders(2).unwrap(), ["a@x", "b@x"]);
    assert_eq!(
        input.sample_senders(10).unwrap(),
        ["a@x", "b@x", "uc", "uc"]
    );
    let (got, _, _) = read(dir.path(), SlackChannels::None);
    assert_eq!(got.len(), 3);
}

#[test]
fn a_truncated_day_file_is_one_rejected_record_naming_the_file_inside_the_zip() {
    let mut files = DM_EXPORT.to_vec();
    files.push((
        "D1/2024-03-13.json",
        "[\n  {\"type\": \"message\", \"user\": \"UA\",\n   \"ts\": \"17103",
    ));
    let dir = write_folder(&files);
    let zip = dir.path().join("export.zip");
    write_zip(&zip, &files);
    let (got, counts, rejects) = read(&zip, SlackChannels::None);
    assert_eq!(got.len(), 2, "the other day file is read");
    assert_eq!(counts.rows_read, 3);
    let row = &rejects.samples()[0];
    assert_eq!(row.reason, RejectReason::InvalidJson);
    assert_eq!(row.file, InputName::Path(zip.join("D1/2024-03-13.json")));
    assert_eq!(row.line, 3);
    assert!(row.detail.contains("column 15"), "{}", row.detail);
    assert!(row.detail.contains("truncated"), "{}", row.detail);
    let err = read_with(&zip, SlackChannels::None, true).err().unwrap();
    assert!(matches!(&err, Error::RejectedRow { line: 3, .. }), "{err}");
    assert!(
        err.to_string().contains("export.zip/D1/2024-03-13.json"),
        "{err}"
    );
}

#[test]
fn malformed_messages_are_rejected_one_by_one_with_their_line() {
    let mut files = DM_EXPORT.to_vec();
    files.push((
        "D1/2024-03-14.json",
        r#"[
 {"type": "message", "user": 42, "ts": "1710400000.000100"},
 {"type": "message", "ts": "1710400001.000100"},
 {"type": "message", "user": "UA", "ts": "yesterday"},
 {"type": "message", "user": "UA", "ts": "1710400003.000100"},
 {"type": "message", "user": "UB", "text": ["not", "text"], "ts": "1710400004.000100"}
]"#,
    ));
    files.push(("D1/2024-03-15.json", r#"{"messages": []}"#));
    files.push(("D1/2024-03-16.json", "[\n\"caf\u{e9}\"]"));
    let dir = write_folder(&files);
    let mut bad = std::fs::read(dir.path().join("D1/2024-03-16.json")).unwrap();
    let e = bad.iter().position(|&b| b == 0xc3).unwrap();
    bad[e] = 0xe9; // Windows-1252 é: not UTF-8
    bad.remove(e + 1);
    std::fs::write(dir.path().join("D1/2024-03-16.json"), bad).unwrap();
    let (got, counts, rejects) = read(dir.path(), SlackChannels::None);
    assert_eq!(got.len(), 3);
    assert_eq!(counts.rows_read, 2 + 5 + 1 + 1);
    let by: Vec<(RejectReason, u64)> = rejects
        .samples()
        .iter()
        .map(|r| (r.reason, r.line))
        .collect();
    assert_eq!(
        by,
        [
            (RejectReason::MalformedRecord, 2),
            (RejectReason::MalformedRecord, 6),
            // a `ts` that cannot be read sorts first
            (RejectReason::BadTimestamp, 4),
            (RejectReason::EmptySender, 3),
            (RejectReason::InvalidJson, 1),
        ]
    );
    assert_eq!(rejects.counts()[&RejectReason::InvalidJson], 2);
    assert!(
        rejects.samples()[4].detail.contains("not an array"),
        "{}",
        rejects.samples()[4].detail
    );
    // nothing of the values is shown
    for r in rejects.samples() {
        assert!(
            !r.detail.contains("42") && !r.detail.contains("yesterday"),
            "{}",
            r.detail
        );
    }
}

#[test]
fn the_order_of_a_day_file_does_not_matter() {
    let channel = |order: &[usize]| {
        let messages = [
            r#"{"type": "message", "user": "UA", "ts": "100.000001", "thread_ts": "100.000001", "reply_count": 2}"#,
            r#"{"type": "message", "user": "UB", "ts": "101.000001", "thread_ts": "100.000001"}"#,
            r#"{"type": "message", "user": "UC", "ts": "102.000001", "thread_ts": "100.000001"}"#,
        ];
        let picked: Vec<&str> = order.iter().map(|&i| messages[i]).collect();
        format!("[{}]", picked.join(",\n"))
    };
    let mut results = Vec::new();
    for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
        let day = channel(&order);
        let dir = write_folder(&[
            ("users.json", USERS),
            (
                "channels.json",
                r#"[{"id": "C1", "name": "general", "members": []}]"#,
            ),
            ("general/1970-01-01.json", &day),
        ]);
        let (got, counts, _) = read(dir.path(), SlackChannels::Threads);
        assert_eq!(left(&counts, LeftOut::ChannelMessage), 1);
        results.push(got);
    }
    // UB answers UA; UC answers UA and UB
    assert_eq!(
        results[0],
        vec![
            (Sender::Person(1), vec![0], 1, Some(101)),
            (Sender::Person(2), vec![0, 1], 2, Some(102))
        ]
    );
    assert_eq!(results[0], results[1]);
    assert_eq!(results[0], results[2]);
}

#[test]
fn thread_rules_parent_outside_the_export_bot_parents_and_mentions() {
    let day = r#"[
 {"type": "message", "user": "UB", "ts": "200.000001", "thread_ts": "150.000001", "parent_user_id": "UA"},
 {"type": "message", "subtype": "bot_message", "bot_id": "B1", "ts": "300.000001", "thread_ts": "300.000001"},
 {"type": "message", "user": "UA", "ts": "301.000001", "thread_ts": "300.000001", "parent_user_id": "BOT"},
 {"type": "message", "user": "UC", "ts": "302.000001", "thread_ts": "300.000001", "parent_user_id": "BOT", "text": "<@UB> <@BOT> <@UC>"},
 {"type": "message", "user": "UC", "ts": "400.000001", "text": "hello <@UA|a> and <@UQ>"}
]"#;
    let dir = write_folder(&[
        ("users.json", USERS),
        ("groups.json", r#"[{"id": "G1", "name": "private"}]"#),
        ("private/1970-01-01.json", day),
    ]);
    let (got, counts, _) = read(dir.path(), SlackChannels::Threads);
    assert_eq!(
        got,
        vec![
            // the parent is not in the export: its author is the reply's parent_user_id
            (Sender::Person(1), vec![0], 1, Some(200)),
            // a bot's thread: UA answers nobody; UC answers UA
            (Sender::Person(2), vec![0], 1, Some(302)),
        ]
    );
    assert_eq!(left(&counts, LeftOut::ChannelMessage), 2);
    assert_eq!(left(&counts, LeftOut::BotMessage), 1);
    let (got, counts, _) = read(dir.path(), SlackChannels::ThreadsMentions);
    assert_eq!(
        got,
        vec![
            (Sender::Person(1), vec![0], 1, Some(200)),
            // UC: UA (a participant) and UB (mentioned); the bot and herself are not
            (Sender::Person(2), vec![0, 1], 2, Some(302)),
            // top level: UA, and UQ (unknown to users.json: an id outside the directory)
            (Sender::Person(2), vec![0], 2, Some(400)),
        ]
    );
    assert_eq!(left(&counts, LeftOut::ChannelMessage), 1);
    let (got, counts, _) = read(dir.path(), SlackChannels::None);
    assert!(got.is_empty());
    assert_eq!(left(&counts, LeftOut::ChannelMessage), 4);
}

#[test]
fn archives_that_are_no_slack_export_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let not_slack = dir.path().join("photos.zip");
    write_zip(&not_slack, &[("a.txt", "x")]);
    let open =
        |p: &Path| MessageInput::open(&InputName::Path(p.into()), &MessageOptions::default());
    let err = open(&not_slack).err().unwrap().to_string();
    assert!(err.contains("no users.json"), "{err}");

    let files = dm_export_files();
    let zip = dir.path().join("export.zip");
    write_zip(&zip, &files);
    let bytes = std::fs::read(&zip).unwrap();
    let truncated = dir.path().join("truncated.zip");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let err = open(&truncated).err().unwrap().to_string();
    assert!(err.contains("truncated"), "{err}");

    let only_users = dir.path().join("only_users.zip");
    write_zip(&only_users, &[("users.json", USERS)]);
    let err = open(&only_users).err().unwrap().to_string();
    assert!(err.contains("none of channels.json"), "{err}");

    let folder = write_folder(&[("notes.txt", "x")]);
    let err = open(folder.path()).err().unwrap().to_string();
    assert!(err.contains("not one of the exports"), "{err}");

    let broken_users = write_folder(&[("users.json", "[{\"id\": "), ("dms.json", "[]")]);
    let err = open(broken_users.path()).err().unwrap().to_string();
    assert!(
        err.contains("users.json") && err.contains("line 1"),
        "{err}"
    );
}

#[test]
fn a_zipped_export_in_one_top_folder_is_found() {
    let files: Vec<(String, &str)> = dm_export_files()
        .into_iter()
        .map(|(p, t)| (format!("export 2024/{p}"), t))
        .collect();
    let mut refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    refs.push(("__MACOSX/export 2024/._users.json", "junk"));
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("export.zip");
    write_zip(&zip, &refs);
    let (got, _, _) = read(&zip, SlackChannels::None);
    assert_eq!(got.len(), 3);
}

#[test]
fn a_damaged_zip_entry_is_an_unreadable_file_the_others_are_read() {
    let files = dm_export_files();
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("export.zip");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&zip).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in &files {
        writer.start_file(*name, stored).unwrap();
        writer.write_all(text.as_bytes()).unwrap();
    }
    writer.finish().unwrap();
    // flip one byte of D1's day file (its JSON stays valid; its CRC does not match)
    let mut bytes = std::fs::read(&zip).unwrap();
    let at = bytes.windows(9).position(|w| w == b"\"text\": \"").unwrap();
    bytes[at + 9] = b'z';
    std::fs::write(&zip, bytes).unwrap();
    let (got, counts, rejects) = read(&zip, SlackChannels::None);
    assert_eq!(got.len(), 1, "the group DM is read");
    assert_eq!(counts.rows_read, 3);
    let row = &rejects.samples()[0];
    assert_eq!(row.reason, RejectReason::UnreadableFile);
    assert_eq!(row.file, InputName::Path(zip.join("D1/2024-03-12.json")));
}

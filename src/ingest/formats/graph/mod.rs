//! Microsoft Graph exports, in JSON: mail messages ([`mail`], `graph-mail`) and Teams chat
//! messages ([`teams`], `teams-chat`), streamed by [`json`] one record at a time.
//!
//! Detection ([`sniff`]): a text whose first non-blank byte is `{` or `[` is JSON. Its first
//! decoded bytes (up to 64 KiB) are searched for keys (a quoted name followed by `:`, not
//! escaped, so that a key quoted inside a body does not count): `toRecipients`,
//! `ccRecipients`, `bccRecipients`, `sentDateTime`, `internetMessageId` or `isDraft` make it
//! Graph mail; `chatId`, `messageType` or `channelIdentity` make it Teams chat messages (no
//! mail message has those, no chat message has the mail keys). Both kinds of keys, or neither,
//! is an error that names the file and what was expected (`--input-format` decides instead).
//! Keys are compared regardless of ASCII case, here and when reading ([`json`]).

mod json;
mod mail;
mod teams;

use std::io::{Cursor, Read};

use serde_json::Value;

use crate::error::{InputName, Result};
use crate::ingest::format::InputFormat;
use crate::ingest::formats::MessageSource;
use crate::ingest::messages::{InputDescription, MessageOptions};
use crate::ingest::rejects::{RejectReason, RejectedRow, Rejects};
use crate::ingest::source::{OpenOptions, TextInput};
use crate::progress::Progress;
use json::{Position, Reading, Records, Tracked, read_collection};

/// Keys of a Graph mail message that no Teams chat message has.
const MAIL_KEYS: [&str; 6] = [
    "toRecipients",
    "ccRecipients",
    "bccRecipients",
    "sentDateTime",
    "internetMessageId",
    "isDraft",
];
/// Keys of a Teams chatMessage that no mail message has.
const TEAMS_KEYS: [&str; 3] = ["chatId", "messageType", "channelIdentity"];
/// Keys of a Teams members or chats file (conversationMember, chat).
const MEMBERS_KEYS: [&str; 3] = ["userId", "roles", "chatType"];

/// True when `start` (lowercased) holds `"key"` followed by optional white space and `:`, and
/// the quote is not escaped (a key written inside a string value is `\"key\"`).
fn has_key(start: &[u8], key: &str) -> bool {
    let quoted = format!("\"{}\"", key.to_ascii_lowercase());
    memchr::memmem::find_iter(start, quoted.as_bytes()).any(|p| {
        let escaped = p > 0 && start[p - 1] == b'\\';
        let after = start[p + quoted.len()..]
            .iter()
            .find(|b| !b.is_ascii_whitespace());
        !escaped && after == Some(&b':')
    })
}

/// The format of a text input from its first decoded bytes: `None` when it is not JSON (its
/// first non-blank byte is neither `{` nor `[`), else the Graph format its keys show, or what
/// it looks like instead (for [`Error::UnknownJson`]).
pub(super) fn sniff(start: &[u8]) -> Option<std::result::Result<InputFormat, &'static str>> {
    let first = start.iter().find(|b| !b.is_ascii_whitespace())?;
    if !matches!(first, b'{' | b'[') {
        return None;
    }
    let start = start.to_ascii_lowercase();
    let start = start.as_slice();
    let mail = MAIL_KEYS.iter().any(|k| has_key(start, k));
    let teams = TEAMS_KEYS.iter().any(|k| has_key(start, k));
    Some(match (mail, teams) {
        (true, false) => Ok(InputFormat::GraphMail),
        (false, true) => Ok(InputFormat::TeamsChat),
        (true, true) => Err(
            "it holds both Graph mail keys (toRecipients, sentDateTime) and Teams chat keys (chatId, messageType), so it cannot be told which it is",
        ),
        (false, false) if MEMBERS_KEYS.iter().any(|k| has_key(start, k)) => Err(
            "it looks like a Teams members or chats file (userId, roles, chatType), not messages: put it beside the chat messages as members.json",
        ),
        (false, false) => Err(
            "its first bytes (up to 64 KiB) hold none of the keys of Graph mail (toRecipients, sentDateTime) or of Teams chat messages (chatId, messageType)",
        ),
    })
}

/// Opens the reader of a Graph format.
pub(super) fn open(
    format: InputFormat,
    text: TextInput,
    options: &MessageOptions,
) -> Result<Box<dyn MessageSource>> {
    let input = JsonInput {
        text,
        open: options.open,
        replay: Vec::new(),
        sample_limit: STDIN_SAMPLE_BYTES,
    };
    Ok(match format {
        InputFormat::TeamsChat => Box::new(teams::TeamsChat::open(input)?),
        _ => Box::new(mail::GraphMail::new(input)),
    })
}

/// How many bytes of standard input a sample may keep to hand them out again (the sample
/// stops at the first record past it: fewer senders are sampled, nothing is lost).
const STDIN_SAMPLE_BYTES: u64 = 8 << 20;

/// A JSON input, read from its start by each pass.
pub(super) struct JsonInput {
    text: TextInput,
    open: OpenOptions,
    /// What a sample read of standard input, handed out again first.
    replay: Vec<u8>,
    /// How many bytes of standard input a sample may keep ([`STDIN_SAMPLE_BYTES`]).
    sample_limit: u64,
}

impl JsonInput {
    fn name(&self) -> &InputName {
        &self.text.name
    }

    /// Reads from the start with `records` until they stop, without losing anything for
    /// [`JsonInput::read`]: a file is opened again; standard input is read through a tee whose
    /// bytes `read` hands out first (the sample stops past [`STDIN_SAMPLE_BYTES`]).
    fn sample(&mut self, records: &mut dyn Records) -> Result<()> {
        if let InputName::Path(_) = self.text.name {
            return self.reread(records).map(|_| ());
        }
        let name = self.text.name.clone();
        let replay = Cursor::new(std::mem::take(&mut self.replay));
        let position = Position::new();
        let mut reader = Tracked::new(replay.chain(&mut self.text.reader), &position, true);
        let reading = Reading {
            byte_limit: Some(self.sample_limit),
            ..Reading::quiet()
        };
        let result = read_collection(&name, &mut reader, records, reading);
        let (chain, mut kept) = reader.into_parts();
        let (rest_of_replay, _) = chain.into_inner();
        let unread = rest_of_replay.position() as usize;
        kept.extend_from_slice(
            &rest_of_replay.get_ref()[unread.min(rest_of_replay.get_ref().len())..],
        );
        self.replay = kept;
        result.map(|_| ())
    }

    /// Reads a file again from its start, whole (not standard input: it cannot be read twice).
    fn reread(&mut self, records: &mut dyn Records) -> Result<u64> {
        let mut again = TextInput::open(&self.text.name, self.open)?;
        let position = Position::new();
        let mut reader = Tracked::new(&mut again.reader, &position, false);
        read_collection(&self.text.name, &mut reader, records, Reading::quiet())
    }

    /// Reads the input (what a sample kept first), with progress in raw bytes.
    fn read(&mut self, records: &mut dyn Records, progress: &dyn Progress) -> Result<u64> {
        let name = self.text.name.clone();
        let raw = self.text.raw_bytes_counter();
        progress.start("ingest", self.text.len);
        let replay = Cursor::new(std::mem::take(&mut self.replay));
        let position = Position::new();
        let mut reader = Tracked::new(replay.chain(&mut self.text.reader), &position, false);
        let reading = Reading {
            progress,
            raw_bytes: Some(&raw),
            byte_limit: None,
        };
        let n = read_collection(&name, &mut reader, records, reading);
        progress.finish();
        n
    }

    /// The description of the input, with `columns` as `(field, where it is read from)`.
    fn description(&self, format: InputFormat, columns: &[(&str, &str)]) -> InputDescription {
        InputDescription {
            file: self.text.name.to_string(),
            format: Some(format),
            encoding: self.text.encoding.name(),
            encoding_reason: self.text.encoding.reason,
            delimiter: "none (JSON)".to_string(),
            columns: columns
                .iter()
                .map(|(f, c)| (f.to_string(), c.to_string()))
                .collect(),
        }
    }
}

/// The value of `key` in object `v`, its case ignored (an exact match first): `None` when `v`
/// is not an object or has no such key.
fn field<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    let Value::Object(map) = v else { return None };
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// The string value of `key` in object `v`, trimmed; `None` when absent, not a string, or blank.
pub(super) fn text_field<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    field(v, key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The address of a Graph recipient, `{"emailAddress": {"name": …, "address": …}}`:
/// `Ok(None)` when it is null or has no address, `Err(what it is)` when it is not shaped so.
fn email_address(v: &Value) -> std::result::Result<Option<&str>, &'static str> {
    match v {
        Value::Null => return Ok(None),
        Value::Object(_) => {}
        other => return Err(json::kind(other)),
    }
    let email = match field(v, "emailAddress") {
        None | Some(Value::Null) => return Ok(None),
        Some(e @ Value::Object(_)) => e,
        Some(other) => return Err(json::kind(other)),
    };
    match field(email, "address") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(a)) if a.trim().is_empty() => Ok(None),
        Some(Value::String(a)) => Ok(Some(a.as_str())),
        Some(other) => Err(json::kind(other)),
    }
}

/// A Graph timestamp (ISO 8601, UTC: `2024-03-12T09:15:00Z`, with or without fraction) as
/// Unix seconds, or Windows PowerShell 5.1's `ConvertTo-Json` form of a date,
/// `/Date(1710234900000)/` (milliseconds since 1970, UTC; an offset after them is ignored):
/// `Ok(None)` when null or absent, `Err(shape)` when it cannot be read.
fn timestamp(v: Option<&Value>) -> std::result::Result<Option<i64>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.starts_with("/Date(") => {
            let digits: &str = s["/Date(".len()..]
                .split(|c: char| !(c.is_ascii_digit() || c == '-'))
                .next()
                .unwrap_or("");
            match (digits.parse::<i64>(), s.ends_with(")/")) {
                (Ok(ms), true) => Ok(Some(ms.div_euclid(1000))),
                _ => Err(format!("a string shaped '{}'", crate::ingest::shape_of(s))),
            }
        }
        Some(Value::String(s)) => {
            crate::ingest::time::parse_timestamp(s, &crate::ingest::time::DateFormat::Iso)
                .map_err(|_| format!("a string shaped '{}'", crate::ingest::shape_of(s)))
        }
        Some(other) => Err(json::kind(other).to_string()),
    }
}

/// Why a record is rejected: the reason, the key to blame (empty: none), what was expected.
type Bad = (RejectReason, &'static str, String);

/// Hands `rejects` the record at `line` of `file`, rejected for `bad`; reading goes on.
fn reject(
    rejects: &mut Rejects,
    file: &InputName,
    (reason, column, detail): Bad,
    line: u64,
) -> Result<json::Flow> {
    rejects.reject(RejectedRow {
        file: file.clone(),
        line,
        column: (!column.is_empty()).then(|| column.to_string()),
        reason,
        detail,
    })?;
    Ok(json::Flow::Continue)
}

/// The values of `keys` (as written) in the JSON object `json`, in the order of `keys`, as a
/// reader's [`Records::record`] is handed them: for the readers' unit tests.
#[cfg(test)]
fn fields_of(json: &str, keys: &[&str]) -> Vec<Option<Value>> {
    let v: serde_json::Map<String, Value> = serde_json::from_str(json).unwrap();
    keys.iter().map(|k| v.get(*k).cloned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::formats::graph::json::Flow;
    use crate::progress::NoProgress;

    /// The `id` of every record.
    #[derive(Default)]
    struct Ids {
        got: Vec<String>,
        stop_after: usize,
    }

    impl Records for Ids {
        fn keys(&self) -> &'static [&'static str] {
            &["id"]
        }
        fn record(&mut self, fields: &mut [Option<Value>], _: u64) -> Result<Flow> {
            self.got.push(
                fields[0]
                    .as_ref()
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .into(),
            );
            Ok(if self.got.len() == self.stop_after {
                Flow::Stop
            } else {
                Flow::Continue
            })
        }
        fn not_an_object(&mut self, _: &'static str, _: u64) -> Result<Flow> {
            Ok(Flow::Continue)
        }
    }

    #[test]
    fn a_sample_of_standard_input_is_handed_out_again() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.jsonl");
        let lines: Vec<String> = (0..50).map(|i| format!("{{\"id\":\"m{i}\"}}")).collect();
        std::fs::write(&p, lines.join("\n")).unwrap();
        for (limit, sampled) in [(u64::MAX, 10), (30, 3)] {
            let mut text =
                TextInput::open(&InputName::Path(p.clone()), OpenOptions::default()).unwrap();
            text.name = InputName::Stdin; // read once, as standard input is
            let mut input = JsonInput {
                text,
                open: OpenOptions::default(),
                replay: Vec::new(),
                sample_limit: limit,
            };
            let mut sample = Ids {
                stop_after: 10,
                ..Ids::default()
            };
            input.sample(&mut sample).unwrap();
            // a byte limit stops the sample at the first record past it
            assert_eq!(sample.got.len(), sampled);
            let mut again = Ids {
                stop_after: 2,
                ..Ids::default()
            };
            input.sample(&mut again).unwrap();
            assert_eq!(again.got, ["m0", "m1"]);
            let mut all = Ids::default();
            assert_eq!(input.read(&mut all, &NoProgress).unwrap(), 50);
            assert_eq!(
                all.got,
                lines
                    .iter()
                    .map(|l| l[7..l.len() - 2].to_string())
                    .collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn sniffs_graph_mail_teams_and_other_json() {
        let mail = br#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users('x')/messages","value":[{"id":"AAMk","sentDateTime":"2024-03-12T09:15:00Z","toRecipients":[]}]}"#;
        assert_eq!(sniff(mail), Some(Ok(InputFormat::GraphMail)));
        let lines = b"\n  {\"from\": {}, \"toRecipients\" : []}\n";
        assert_eq!(sniff(lines), Some(Ok(InputFormat::GraphMail)));
        let teams =
            br#"[{"value":[{"id":"1","messageType":"message","chatId":"19:a@thread.v2"}]}]"#;
        assert_eq!(sniff(teams), Some(Ok(InputFormat::TeamsChat)));
        // a mail key quoted inside a Teams body does not count, nor a value equal to a key
        let quoted = br#"{"messageType":"message","body":{"content":"{\"toRecipients\": 1}"},"subject":"sentDateTime"}"#;
        assert_eq!(sniff(quoted), Some(Ok(InputFormat::TeamsChat)));
        assert!(matches!(
            sniff(br#"{"toRecipients":[],"chatId":"x"}"#),
            Some(Err(_))
        ));
        // the Graph PowerShell SDK's objects, converted to JSON: PascalCase keys
        let sdk = b"[\r\n    {\r\n        \"From\":  {\"EmailAddress\": {\"Address\": \"a@x\"}},\r\n        \"ToRecipients\":  []\r\n    }\r\n]";
        assert_eq!(sniff(sdk), Some(Ok(InputFormat::GraphMail)));
        let members = br#"{"value":[{"userId":"u","roles":["owner"]}]}"#;
        assert!(matches!(sniff(members), Some(Err(m)) if m.contains("members.json")));
        assert!(matches!(sniff(br#"{"a": 1}"#), Some(Err(_))));
        assert_eq!(sniff(b"timestamp,sender,recipients\n"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn reads_graph_addresses_and_times() {
        let v: Value = serde_json::from_str(
            r#"[{"emailAddress":{"name":"Jean","address":"jean@x"}}, null, {"EmailAddress":{"Address":"sdk@x"}}, {"emailAddress":{"name":"No address"}}, {"emailAddress":{"address":"  "}}, "jean@x", {"emailAddress":"jean@x"}]"#,
        )
        .unwrap();
        let got: Vec<_> = v.as_array().unwrap().iter().map(email_address).collect();
        assert_eq!(
            got,
            vec![
                Ok(Some("jean@x")),
                Ok(None),
                Ok(Some("sdk@x")),
                Ok(None),
                Ok(None),
                Err("a string"),
                Err("a string")
            ]
        );
        let t = |s: &str| timestamp(Some(&Value::String(s.into())));
        assert_eq!(t("2024-03-12T09:15:00Z"), Ok(Some(1_710_234_900)));
        assert_eq!(t("2024-03-12T09:15:00.1234567Z"), Ok(Some(1_710_234_900)));
        assert_eq!(timestamp(None), Ok(None));
        assert_eq!(timestamp(Some(&Value::Null)), Ok(None));
        assert_eq!(t("/Date(1710234900000)/"), Ok(Some(1_710_234_900)));
        assert_eq!(t("/Date(1710234900999+0100)/"), Ok(Some(1_710_234_900)));
        assert!(t("/Date(soon)/").is_err());
        assert!(t("12/03/2024").is_err());
        assert!(timestamp(Some(&Value::Bool(true))).is_err());
    }
}

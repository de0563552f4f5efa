//! Microsoft Graph mail (`graph-mail`): the message resources of `GET /users/{id}/messages`,
//! `GET /users/{id}/mailFolders/sentitems/messages` or `GET /me/messages` (Graph v1.0,
//! "message resource type"), as one page, several pages, an array of pages or JSON lines
//! (see [`super::json`]).
//!
//! - Sender: `from.emailAddress.address`, else `sender.emailAddress.address` (`from` is who
//!   the message is from; `sender` differs only when a delegate sent it on the owner's behalf,
//!   and stands in when `from` is missing or null). Neither: the record is rejected.
//! - Recipients: the `emailAddress.address` of every entry of `toRecipients`, `ccRecipients`
//!   and `bccRecipients`; entries without an address are skipped. A distribution list is one
//!   address here (Graph does not expand it).
//! - Timestamp: `sentDateTime` (ISO 8601, UTC); null or absent: no timestamp.
//! - Channel: `email`.
//! - Left out and counted: drafts (`isDraft: true`, never sent); a message whose
//!   `internetMessageId` was met before, in this file or another (the same message exported
//!   from the sender's and the recipients' mailboxes): it counts once, the first copy read.
//! - Never kept: `body`, `uniqueBody`, `bodyPreview`, `subject` and every other field, skipped
//!   unread by the streaming reader.

use serde_json::Value;

use super::json::{Flow, Records};
use super::{Bad, JsonInput, email_address, timestamp};
use crate::error::{InputName, Result};
use crate::ingest::channel;
use crate::ingest::format::InputFormat;
use crate::ingest::formats::{LeftOut, MessageSink, MessageSource};
use crate::ingest::messages::InputDescription;
use crate::ingest::rejects::{RejectReason, Rejects};
use crate::progress::Progress;

/// The keys of a message that are read; every other one is skipped unread.
const KEYS: &[&str] = &[
    "from",
    "sender",
    "toRecipients",
    "ccRecipients",
    "bccRecipients",
    "sentDateTime",
    "isDraft",
    "internetMessageId",
];
const FROM: usize = 0;
const SENDER: usize = 1;
const RECIPIENTS: [usize; 3] = [2, 3, 4];
const SENT: usize = 5;
const DRAFT: usize = 6;
const MESSAGE_ID: usize = 7;

/// A Graph mail export.
pub(super) struct GraphMail {
    input: JsonInput,
}

impl GraphMail {
    pub(super) fn new(input: JsonInput) -> GraphMail {
        GraphMail { input }
    }
}

/// One message record, read.
#[derive(Debug, PartialEq, Eq)]
enum Parsed<'f> {
    /// A draft, left out.
    Draft,
    /// A sent message.
    Message {
        sender: &'f str,
        recipients: Vec<&'f str>,
        time: Option<i64>,
        id: Option<&'f str>,
    },
}

fn parse(fields: &[Option<Value>]) -> std::result::Result<Parsed<'_>, Bad> {
    match fields[DRAFT].as_ref() {
        None | Some(Value::Null) | Some(Value::Bool(false)) => {}
        Some(Value::Bool(true)) => return Ok(Parsed::Draft),
        Some(other) => {
            return Err((
                RejectReason::BadField,
                KEYS[DRAFT],
                format!("expected true or false, found {}", super::json::kind(other)),
            ));
        }
    }
    let address = |i: usize| -> std::result::Result<Option<&str>, Bad> {
        match fields[i].as_ref() {
            None => Ok(None),
            Some(v) => email_address(v).map_err(|found| {
                (
                    RejectReason::BadField,
                    KEYS[i],
                    format!(
                        "expected {{\"emailAddress\": {{\"name\": ..., \"address\": ...}}}}, found {found}"
                    ),
                )
            }),
        }
    };
    let sender = match address(FROM)? {
        Some(a) => a,
        None => address(SENDER)?.ok_or_else(|| {
            (
                RejectReason::EmptySender,
                KEYS[FROM],
                "expected the sender's address in from.emailAddress.address (or sender.emailAddress.address), found none".to_string(),
            )
        })?,
    };
    let mut recipients = Vec::new();
    for i in RECIPIENTS {
        match fields[i].as_ref() {
            None | Some(Value::Null) => {}
            Some(Value::Array(list)) => {
                for entry in list {
                    let found = email_address(entry).map_err(|found| {
                        (
                            RejectReason::BadField,
                            KEYS[i],
                            format!(
                                "expected an array of {{\"emailAddress\": {{\"name\": ..., \"address\": ...}}}}, found {found} in it"
                            ),
                        )
                    })?;
                    recipients.extend(found);
                }
            }
            Some(other) => {
                return Err((
                    RejectReason::BadField,
                    KEYS[i],
                    format!(
                        "expected an array of recipients, found {}",
                        super::json::kind(other)
                    ),
                ));
            }
        }
    }
    let time = timestamp(fields[SENT].as_ref()).map_err(|found| {
        (
            RejectReason::BadTimestamp,
            KEYS[SENT],
            format!("expected an ISO 8601 time such as 2024-03-12T09:15:00Z, found {found}"),
        )
    })?;
    let id = match fields[MESSAGE_ID].as_ref() {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim()),
        _ => None,
    };
    Ok(Parsed::Message {
        sender,
        recipients,
        time,
        id,
    })
}

/// Collects the senders of the first `n` sent messages.
struct Sampler<'a> {
    out: &'a mut Vec<String>,
    n: usize,
}

impl Records for Sampler<'_> {
    fn keys(&self) -> &'static [&'static str] {
        KEYS
    }
    fn record(&mut self, fields: &mut [Option<Value>], _line: u64) -> Result<Flow> {
        if let Ok(Parsed::Message { sender, .. }) = parse(fields) {
            self.out.push(sender.to_string());
        }
        Ok(if self.out.len() >= self.n {
            Flow::Stop
        } else {
            Flow::Continue
        })
    }
    fn not_an_object(&mut self, _: &'static str, _: u64) -> Result<Flow> {
        Ok(Flow::Continue)
    }
}

/// Hands every message to the sink.
struct Reader<'r, 's, 'a, 'd> {
    name: InputName,
    sink: &'r mut MessageSink<'a, 'd>,
    rejects: &'s mut Rejects,
}

impl Reader<'_, '_, '_, '_> {
    fn reject(&mut self, bad: Bad, line: u64) -> Result<Flow> {
        super::reject(self.rejects, &self.name, bad, line)
    }
}

impl Records for Reader<'_, '_, '_, '_> {
    fn keys(&self) -> &'static [&'static str] {
        KEYS
    }

    fn record(&mut self, fields: &mut [Option<Value>], line: u64) -> Result<Flow> {
        let (sender, recipients, time, id) = match parse(fields) {
            Err(bad) => return self.reject(bad, line),
            Ok(Parsed::Draft) => {
                self.sink.left_out(LeftOut::Draft);
                return Ok(Flow::Continue);
            }
            Ok(Parsed::Message {
                sender,
                recipients,
                time,
                id,
            }) => (sender, recipients, time, id),
        };
        if let Some(id) = id
            && !self.sink.first_copy(&format!("graph-mail:{id}"))
        {
            self.sink.left_out(LeftOut::DuplicateCopy);
            return Ok(Flow::Continue);
        }
        if !self.sink.begin(sender) {
            let bad = (
                RejectReason::EmptySender,
                KEYS[FROM],
                "expected the sender's address, found an empty one".to_string(),
            );
            return self.reject(bad, line);
        }
        for r in recipients {
            self.sink.recipient(r);
        }
        self.sink.end(time, channel::EMAIL);
        Ok(Flow::Continue)
    }

    fn not_an_object(&mut self, found: &'static str, line: u64) -> Result<Flow> {
        let bad = (
            RejectReason::BadField,
            "",
            format!("expected a message object in the page's value, found {found}"),
        );
        self.reject(bad, line)
    }
}

impl MessageSource for GraphMail {
    fn description(&self) -> InputDescription {
        self.input.description(
            InputFormat::GraphMail,
            &[
                (
                    "sender",
                    "from.emailAddress.address (else sender.emailAddress.address)",
                ),
                (
                    "recipients",
                    "toRecipients, ccRecipients, bccRecipients (emailAddress.address)",
                ),
                ("timestamp", "sentDateTime"),
                (
                    "message_id",
                    "internetMessageId (a copy met again counts once)",
                ),
                ("channel", "email"),
            ],
        )
    }

    fn sample_senders(&mut self, n: usize) -> Result<Vec<String>> {
        let mut out = Vec::new();
        if n > 0 {
            self.input.sample(&mut Sampler { out: &mut out, n })?;
        }
        Ok(out)
    }

    fn read(
        &mut self,
        sink: &mut MessageSink<'_, '_>,
        rejects: &mut Rejects,
        progress: &dyn Progress,
    ) -> Result<u64> {
        let name = self.input.name().clone();
        let mut reader = Reader {
            name,
            sink,
            rejects,
        };
        self.input.read(&mut reader, progress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(json: &str) -> Vec<Option<Value>> {
        crate::ingest::formats::graph::fields_of(json, KEYS)
    }

    #[test]
    fn sender_recipients_time_and_id() {
        let f = fields(
            r#"{"from":{"emailAddress":{"name":"Jean","address":"Jean@x"}},
                "sender":{"emailAddress":{"address":"assistant@x"}},
                "toRecipients":[{"emailAddress":{"address":"a@x"}}],
                "ccRecipients":[{"emailAddress":{"name":"No address"}}, {"emailAddress":{"address":"b@x"}}],
                "bccRecipients":null,
                "sentDateTime":"2024-03-12T09:15:00Z",
                "isDraft":false,
                "internetMessageId":" <m1@x> "}"#,
        );
        assert_eq!(
            parse(&f),
            Ok(Parsed::Message {
                sender: "Jean@x",
                recipients: vec!["a@x", "b@x"],
                time: Some(1_710_234_900),
                id: Some("<m1@x>"),
            })
        );
    }

    #[test]
    fn sender_falls_back_to_sender_and_drafts_are_drafts() {
        let f = fields(
            r#"{"from":null,"sender":{"emailAddress":{"address":"s@x"}},"toRecipients":[]}"#,
        );
        assert!(matches!(
            parse(&f),
            Ok(Parsed::Message { sender: "s@x", .. })
        ));
        let f = fields(r#"{"isDraft":true,"toRecipients":[]}"#);
        assert_eq!(parse(&f), Ok(Parsed::Draft));
    }

    #[test]
    fn the_powershell_sdk_shape_is_read() {
        // Get-MgUserMessage | ConvertTo-Json -Depth 10 in Windows PowerShell 5.1
        let json = "[\r\n    {\r\n        \"From\":  { \"EmailAddress\":  { \"Address\":  \"jean@x\", \"Name\":  \"Jean\" } },\r\n        \"ToRecipients\":  [ { \"EmailAddress\":  { \"Address\":  \"a@x\" } } ],\r\n        \"SentDateTime\":  \"\\/Date(1710234900000)\\/\",\r\n        \"IsDraft\":  false,\r\n        \"AdditionalProperties\":  { }\r\n    }\r\n]";
        let position = super::super::json::Position::new();
        let mut reader = super::super::json::Tracked::new(json.as_bytes(), &position, false);
        struct One(Vec<String>);
        impl Records for One {
            fn keys(&self) -> &'static [&'static str] {
                KEYS
            }
            fn record(&mut self, fields: &mut [Option<Value>], _: u64) -> Result<Flow> {
                self.0.push(format!("{:?}", parse(fields)));
                Ok(Flow::Continue)
            }
            fn not_an_object(&mut self, _: &'static str, _: u64) -> Result<Flow> {
                Ok(Flow::Continue)
            }
        }
        let mut one = One(Vec::new());
        super::super::json::read_collection(
            &InputName::Stdin,
            &mut reader,
            &mut one,
            super::super::json::Reading::quiet(),
        )
        .unwrap();
        let want = Parsed::Message {
            sender: "jean@x",
            recipients: vec!["a@x"],
            time: Some(1_710_234_900),
            id: None,
        };
        assert_eq!(one.0, [format!("{:?}", Ok::<_, Bad>(want))]);
    }

    #[test]
    fn malformed_records_say_which_key_and_what_was_expected() {
        let reason = |json: &str| parse(&fields(json)).map(|_| ()).unwrap_err();
        let (r, key, detail) = reason(r#"{"toRecipients":[{"emailAddress":{"address":"a@x"}}]}"#);
        assert_eq!((r, key), (RejectReason::EmptySender, "from"));
        assert!(detail.contains("from.emailAddress.address"), "{detail}");
        let (r, key, _) = reason(r#"{"from":"jean@x"}"#);
        assert_eq!((r, key), (RejectReason::BadField, "from"));
        let (r, key, detail) =
            reason(r#"{"from":{"emailAddress":{"address":"j@x"}},"ccRecipients":"a@x"}"#);
        assert_eq!((r, key), (RejectReason::BadField, "ccRecipients"));
        assert!(!detail.contains("a@x"), "never the value: {detail}");
        let (r, key, detail) = reason(
            r#"{"from":{"emailAddress":{"address":"j@x"}},"sentDateTime":"12/03/2024 09:15"}"#,
        );
        assert_eq!((r, key), (RejectReason::BadTimestamp, "sentDateTime"));
        assert!(detail.contains("'99/99/9999 99:99'"), "{detail}");
        let (r, _, _) = reason(r#"{"isDraft":"yes"}"#);
        assert_eq!(r, RejectReason::BadField);
    }
}

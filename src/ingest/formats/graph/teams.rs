//! Microsoft Teams chat messages from Graph (`teams-chat`): the chatMessage resources of
//! `GET /chats/{chat-id}/messages`, `GET /users/{id}/chats/getAllMessages` or
//! `GET /me/chats/{chat-id}/messages` (Graph v1.0, "chatMessage resource type"), in any of the
//! shapes of [`super::json`].
//!
//! A chat message names no recipient: its recipients are the chat's *other* members, found in
//! one of two places, in this order:
//!
//! 1. **A members file beside the messages file**: `NAME.members.json` for `NAME.json` (or
//!    `NAME.jsonl`), else `members.json` in the same folder. It holds either the output of
//!    `GET /chats?$expand=members` (or `/users/{id}/chats?$expand=members`: pages of chats,
//!    each with its `id` and its `members`), or an object keyed by chat id whose values are the
//!    output of `GET /chats/{chat-id}/members` (a page of conversationMember resources, or a
//!    bare array of them). A chat listed there has those members for all its messages (the
//!    file is a snapshot of the membership when it was exported).
//! 2. Otherwise, **the chat's system messages**: `membersAddedEventMessageDetail` and
//!    `membersJoinedEventMessageDetail` make their `members` (and the user who added them, the
//!    `initiator`, who is in the chat) members *from the event's `createdDateTime` onward*;
//!    `membersDeletedEventMessageDetail` and `membersLeftEventMessageDetail` end the membership
//!    from theirs. A message sent before someone was added did not reach them. Graph lists a
//!    chat's messages newest first, so the file is read twice: once for these events, once for
//!    the messages (standard input, which cannot be read twice, is refused).
//!
//! A chat found in neither has its messages left out and counted (`chat_without_members`),
//! as is a message whose chat has no known member but its sender at that time.
//!
//! People are Azure AD object ids (`from.user.id`, a member's `userId`): a member entry's
//! `email` stands for its user everywhere (sender and recipient) when it has one; otherwise the
//! id is handed on, and the directory must list it (as its key, or as an alias).
//!
//! Left out and counted: `messageType` other than `message` (system events), messages posted by
//! an application or a device (`from.application`: bots, connectors), channel messages
//! (`channelIdentity`: they name no recipient), and copies of a message already read (same
//! `chatId` and `id`, e.g. the `getAllMessages` export of two members). Timestamp:
//! `createdDateTime`. Channel: `chat`. The message `body`, `attachments`, `mentions` and the
//! rest are skipped unread.
//!
//! Memory: the members file (chat ids, user ids and addresses) and the membership events of
//! the chats it does not list; the messages are streamed.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::json::{self, Flow, Position, Records, TopValues, Tracked, read_values};
use super::{Bad, JsonInput, field, text_field, timestamp};
use crate::error::{Error, InputName, Result};
use crate::ingest::channel;
use crate::ingest::format::InputFormat;
use crate::ingest::formats::{LeftOut, MessageSink, MessageSource};
use crate::ingest::messages::InputDescription;
use crate::ingest::rejects::{RejectReason, Rejects};
use crate::ingest::source::{OpenOptions, TextInput};
use crate::progress::Progress;

/// The keys of a chatMessage that are read; every other one is skipped unread.
const KEYS: &[&str] = &[
    "id",
    "chatId",
    "channelIdentity",
    "createdDateTime",
    "from",
    "messageType",
    "eventDetail",
];
const ID: usize = 0;
const CHAT_ID: usize = 1;
const CHANNEL: usize = 2;
const CREATED: usize = 3;
const FROM: usize = 4;
const TYPE: usize = 5;
const EVENT: usize = 6;

/// One member of a chat.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Member {
    /// The Azure AD object id, lowercased (empty when the entry has none).
    user_id: String,
    /// What stands for the member: the e-mail address, else the id.
    address: String,
}

/// What the members file says.
#[derive(Debug, Default)]
struct Members {
    /// Chat id → its members.
    chats: FxHashMap<String, Vec<Member>>,
    /// User id (lowercase) → e-mail address, from every member entry that has both.
    emails: FxHashMap<String, String>,
    /// Member entries with neither a user id nor an e-mail address, ignored.
    ignored: u64,
}

impl Members {
    /// What stands for user `id`: the address the members file gives it, else the id.
    fn address<'a>(&'a self, id: &'a str) -> &'a str {
        self.emails
            .get(&id.to_lowercase())
            .map_or(id, String::as_str)
    }

    /// Adds the members of chat `chat` (conversationMember resources).
    fn add_chat(&mut self, chat: &str, members: &[Value]) {
        let chat = chat.trim();
        if chat.is_empty() {
            self.ignored += members.len() as u64;
            return;
        }
        let mut list = Vec::with_capacity(members.len());
        for m in members {
            let user_id = text_field(m, "userId")
                .map(str::to_lowercase)
                .unwrap_or_default();
            let email = text_field(m, "email");
            if let Some(e) = email
                && !user_id.is_empty()
            {
                self.emails.insert(user_id.clone(), e.to_string());
            }
            let address = match (email, user_id.is_empty()) {
                (Some(e), _) => e.to_string(),
                (None, false) => user_id.clone(),
                (None, true) => {
                    self.ignored += 1;
                    continue;
                }
            };
            list.push(Member { user_id, address });
        }
        let entry = self.chats.entry(chat.to_string()).or_default();
        for m in list {
            if !entry.contains(&m) {
                entry.push(m);
            }
        }
    }

    /// Reads a members file (see the module documentation for its two shapes).
    fn read(path: &Path) -> Result<Members> {
        let name = InputName::Path(path.to_path_buf());
        let mut text = TextInput::open(&name, OpenOptions::default())?;
        let position = Position::new();
        let mut reader = Tracked::new(&mut text.reader, &position, false);
        let mut members = Members::default();
        read_values(&name, &mut reader, &mut members)?;
        // a chat's first member entries fix the order: sort, so that no order reaches an output
        for list in members.chats.values_mut() {
            list.sort_by(|a, b| a.address.cmp(&b.address));
        }
        Ok(members)
    }
}

impl TopValues for Members {
    fn top<'de, D: de::Deserializer<'de>>(&mut self, d: D) -> std::result::Result<(), D::Error> {
        MembersTop(self).deserialize(d)
    }
}

/// A top-level value of a members file: a page of chats, an object keyed by chat id, or an
/// array of pages.
struct MembersTop<'m>(&'m mut Members);

impl<'de> DeserializeSeed<'de> for MembersTop<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MembersTop<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "the output of GET /chats?$expand=members (pages of chats with their members), or an object keyed by chat id holding the output of GET /chats/{chat-id}/members",
        )
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while seq.next_element_seed(MembersTop(&mut *self.0))?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key.eq_ignore_ascii_case("value") {
                map.next_value_seed(ChatList(&mut *self.0))?;
            } else if key.starts_with('@') {
                map.next_value::<IgnoredAny>()?;
            } else {
                // a chat id, with the output of GET /chats/{chat-id}/members
                let v: Value = map.next_value()?;
                let list = match &v {
                    Value::Array(list) => Some(list),
                    Value::Object(_) => field(&v, "value").and_then(Value::as_array),
                    _ => None,
                };
                match list {
                    Some(list) => self.0.add_chat(&key, list),
                    None => {
                        return Err(de::Error::custom(format!(
                            "expected the members of a chat (a page {{\"value\": [...]}} of conversationMember resources, or an array of them), found {}",
                            json::kind(&v)
                        )));
                    }
                }
            }
        }
        Ok(())
    }
}

/// The `value` of a page of chats.
struct ChatList<'m>(&'m mut Members);

/// A chat resource: only its `id` and `members` are kept (its topic, its last message
/// preview and the rest are skipped unread); keys in any case.
#[derive(Default)]
struct ChatEntry {
    id: Value,
    members: Value,
}

impl<'de> DeserializeSeed<'de> for ChatList<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ChatList<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of chats")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while let Some(chat) = seq.next_element_seed(ChatSeed)? {
            // a chat listed without $expand=members says nothing of its members
            if let (Some(id), Some(members)) = (chat.id.as_str(), chat.members.as_array()) {
                self.0.add_chat(id, members);
            }
        }
        Ok(())
    }
}

struct ChatSeed;

impl<'de> DeserializeSeed<'de> for ChatSeed {
    type Value = ChatEntry;
    fn deserialize<D: de::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<ChatEntry, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ChatSeed {
    type Value = ChatEntry;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a chat object with its id and members")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<ChatEntry, A::Error> {
        let mut chat = ChatEntry::default();
        while let Some(key) = map.next_key::<String>()? {
            if key.eq_ignore_ascii_case("id") {
                chat.id = map.next_value()?;
            } else if key.eq_ignore_ascii_case("members") {
                chat.members = map.next_value()?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(chat)
    }
}

/// A membership change of a chat, from a system message.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Event {
    time: i64,
    /// The membership ends (deleted, left) rather than starts (added, joined).
    removed: bool,
    /// Lowercased user id.
    user_id: String,
}

/// The membership events of the chats the members file does not list, each chat's sorted.
#[derive(Debug, Default)]
struct Timelines {
    chats: FxHashMap<String, Vec<Event>>,
}

impl Timelines {
    /// The user ids who are members of `chat` at `time`, by its events up to `time`
    /// (inclusive); `None` when the chat has no event. O(events of the chat).
    fn members_at(&self, chat: &str, time: i64) -> Option<Vec<&str>> {
        let events = self.chats.get(chat)?;
        let mut state: BTreeMap<&str, bool> = BTreeMap::new();
        for e in events.iter().take_while(|e| e.time <= time) {
            state.insert(&e.user_id, !e.removed);
        }
        Some(
            state
                .into_iter()
                .filter_map(|(u, member)| member.then_some(u))
                .collect(),
        )
    }
}

/// What a record is.
#[derive(Debug, PartialEq, Eq)]
enum Kind<'f> {
    /// A system event (any `messageType` other than `message`).
    System,
    /// A channel message.
    Channel,
    /// Posted by an application or a device.
    Bot,
    /// A chat message from a person.
    Chat {
        chat: &'f str,
        sender: &'f str,
        time: i64,
        id: Option<&'f str>,
    },
}

fn text(fields: &[Option<Value>], i: usize) -> std::result::Result<Option<&str>, Bad> {
    match fields[i].as_ref() {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim())),
        Some(other) => Err((
            RejectReason::BadField,
            KEYS[i],
            format!("expected a string, found {}", json::kind(other)),
        )),
    }
}

fn classify(fields: &[Option<Value>]) -> std::result::Result<Kind<'_>, Bad> {
    let has = |i: usize| !matches!(fields[i], None | Some(Value::Null));
    let is_message = match text(fields, TYPE)? {
        Some(t) => t == "message",
        None => !has(EVENT),
    };
    if !is_message {
        return Ok(Kind::System);
    }
    let Some(chat) = text(fields, CHAT_ID)? else {
        if has(CHANNEL) {
            return Ok(Kind::Channel);
        }
        return Err((
            RejectReason::BadField,
            KEYS[CHAT_ID],
            "expected chatId (a chat message) or channelIdentity (a channel message), found neither".into(),
        ));
    };
    let no_sender = || {
        (
            RejectReason::EmptySender,
            KEYS[FROM],
            "expected the sender's Azure AD object id in from.user.id, found none".to_string(),
        )
    };
    let sender = match fields[FROM].as_ref() {
        None | Some(Value::Null) => return Err(no_sender()),
        Some(from @ Value::Object(_)) => {
            let some = |k: &str| !matches!(field(from, k), None | Some(Value::Null));
            match field(from, "user") {
                Some(user @ Value::Object(_)) => match text_field(user, "id") {
                    Some(id) => id,
                    None => return Err(no_sender()),
                },
                None | Some(Value::Null) if some("application") || some("device") => {
                    return Ok(Kind::Bot);
                }
                _ => return Err(no_sender()),
            }
        }
        Some(other) => {
            return Err((
                RejectReason::BadField,
                KEYS[FROM],
                format!(
                    "expected {{\"user\": {{\"id\": ...}}}} or {{\"application\": ...}}, found {}",
                    json::kind(other)
                ),
            ));
        }
    };
    let bad_time = |found: String| {
        (
            RejectReason::BadTimestamp,
            KEYS[CREATED],
            format!("expected an ISO 8601 time such as 2024-03-12T09:15:00.123Z, found {found}"),
        )
    };
    let time = timestamp(fields[CREATED].as_ref())
        .map_err(bad_time)?
        .ok_or_else(|| bad_time("none".into()))?;
    Ok(Kind::Chat {
        chat,
        sender,
        time,
        id: text(fields, ID)?,
    })
}

/// The membership events of a system message: `Ok(None)` for any other system message (and
/// for a channel's), `Err` for a membership event that cannot be used (no chat, no time,
/// members without id).
fn membership_events(
    fields: &[Option<Value>],
) -> std::result::Result<Option<(&str, Vec<Event>)>, Bad> {
    let Some(detail @ Value::Object(_)) = fields[EVENT].as_ref() else {
        return Ok(None);
    };
    let kind = text_field(detail, "@odata.type").unwrap_or("");
    let removed = if kind.ends_with("membersAddedEventMessageDetail")
        || kind.ends_with("membersJoinedEventMessageDetail")
    {
        false
    } else if kind.ends_with("membersDeletedEventMessageDetail")
        || kind.ends_with("membersLeftEventMessageDetail")
    {
        true
    } else {
        return Ok(None);
    };
    let Some(chat) = text(fields, CHAT_ID)? else {
        return Ok(None); // a team's or a channel's membership, not a chat's
    };
    let bad = |what: &str| {
        (
            RejectReason::BadField,
            KEYS[EVENT],
            format!("a membership event whose {what}"),
        )
    };
    let time = match timestamp(fields[CREATED].as_ref()) {
        Ok(Some(t)) => t,
        _ => {
            return Err((
                RejectReason::BadTimestamp,
                KEYS[CREATED],
                "expected the ISO 8601 time of the membership event, found none that can be read"
                    .into(),
            ));
        }
    };
    let Some(members) = field(detail, "members").and_then(Value::as_array) else {
        return Err(bad(
            "members are missing (expected an array of {\"id\": ...})",
        ));
    };
    let mut events = Vec::with_capacity(members.len() + 1);
    for m in members {
        match text_field(m, "id") {
            Some(id) => events.push(Event {
                time,
                removed,
                user_id: id.to_lowercase(),
            }),
            _ => return Err(bad("members include one without an id")),
        }
    }
    if !removed
        && let Some(id) = field(detail, "initiator")
            .and_then(|i| field(i, "user"))
            .and_then(|u| text_field(u, "id"))
    {
        // who adds people is in the chat
        events.push(Event {
            time,
            removed,
            user_id: id.to_lowercase(),
        });
    }
    Ok(Some((chat, events)))
}

/// The first pass: the membership events of the chats the members file does not list, and
/// the senders of the first `n` messages.
struct FirstPass<'a> {
    members: &'a Members,
    timelines: &'a mut Timelines,
    sample: &'a mut Vec<String>,
    n: usize,
}

impl Records for FirstPass<'_> {
    fn keys(&self) -> &'static [&'static str] {
        KEYS
    }
    fn record(&mut self, fields: &mut [Option<Value>], _line: u64) -> Result<Flow> {
        match classify(fields) {
            Ok(Kind::System) => {
                if let Ok(Some((chat, events))) = membership_events(fields)
                    && !self.members.chats.contains_key(chat)
                {
                    self.timelines
                        .chats
                        .entry(chat.to_string())
                        .or_default()
                        .extend(events);
                }
            }
            Ok(Kind::Chat { sender, .. }) if self.sample.len() < self.n => {
                self.sample.push(self.members.address(sender).to_string());
            }
            _ => {}
        }
        Ok(Flow::Continue)
    }
    fn not_an_object(&mut self, _: &'static str, _: u64) -> Result<Flow> {
        Ok(Flow::Continue)
    }
}

/// The second pass: every message to the sink.
struct Reader<'r, 's, 'a, 'd> {
    name: InputName,
    members: &'r Members,
    timelines: &'r Timelines,
    sink: &'r mut MessageSink<'a, 'd>,
    rejects: &'s mut Rejects,
    /// The recipients of the message being read (a buffer reused).
    recipients: Vec<String>,
}

impl Reader<'_, '_, '_, '_> {
    fn reject(&mut self, bad: Bad, line: u64) -> Result<Flow> {
        super::reject(self.rejects, &self.name, bad, line)
    }

    fn left_out(&mut self, what: LeftOut) -> Result<Flow> {
        self.sink.left_out(what);
        Ok(Flow::Continue)
    }
}

impl Records for Reader<'_, '_, '_, '_> {
    fn keys(&self) -> &'static [&'static str] {
        KEYS
    }

    fn record(&mut self, fields: &mut [Option<Value>], line: u64) -> Result<Flow> {
        let (chat, sender, time, id) = match classify(fields) {
            Err(bad) => return self.reject(bad, line),
            Ok(Kind::System) => {
                return match membership_events(fields) {
                    Err(bad) => self.reject(bad, line),
                    Ok(_) => self.left_out(LeftOut::SystemMessage),
                };
            }
            Ok(Kind::Channel) => return self.left_out(LeftOut::ChannelMessage),
            Ok(Kind::Bot) => return self.left_out(LeftOut::BotMessage),
            Ok(Kind::Chat {
                chat,
                sender,
                time,
                id,
            }) => (chat, sender, time, id),
        };
        if let Some(id) = id
            && !self.sink.first_copy(&format!("teams-chat:{chat}/{id}"))
        {
            return self.left_out(LeftOut::DuplicateCopy);
        }
        let sender_id = sender.to_lowercase();
        self.recipients.clear();
        if let Some(list) = self.members.chats.get(chat) {
            self.recipients.extend(
                list.iter()
                    .filter(|m| m.user_id != sender_id)
                    .map(|m| m.address.clone()),
            );
        } else if let Some(users) = self.timelines.members_at(chat, time) {
            self.recipients.extend(
                users
                    .into_iter()
                    .filter(|u| *u != sender_id)
                    .map(|u| self.members.address(u).to_string()),
            );
        }
        if self.recipients.is_empty() {
            return self.left_out(LeftOut::ChatWithoutMembers);
        }
        if !self.sink.begin(self.members.address(sender)) {
            let bad = (
                RejectReason::EmptySender,
                KEYS[FROM],
                "expected the sender's id, found an empty one".to_string(),
            );
            return self.reject(bad, line);
        }
        for r in &self.recipients {
            self.sink.recipient(r);
        }
        self.sink.end(Some(time), channel::CHAT);
        Ok(Flow::Continue)
    }

    fn not_an_object(&mut self, found: &'static str, line: u64) -> Result<Flow> {
        let bad = (
            RejectReason::BadField,
            "",
            format!("expected a chatMessage object in the page's value, found {found}"),
        );
        self.reject(bad, line)
    }
}

/// The members file beside `messages`: `NAME.members.json` for `NAME.json`, else
/// `members.json` in the same folder.
fn members_file_beside(messages: &Path) -> Option<PathBuf> {
    let folder = messages.parent().unwrap_or(Path::new(""));
    let stem = messages.file_stem()?.to_string_lossy();
    [
        folder.join(format!("{stem}.members.json")),
        folder.join("members.json"),
    ]
    .into_iter()
    .find(|p| p.is_file() && p.as_path() != messages)
}

/// A Teams chat export.
pub(super) struct TeamsChat {
    input: JsonInput,
    members_file: Option<PathBuf>,
    members: Members,
    /// The membership events, once the first pass has read them.
    timelines: Option<Timelines>,
}

impl TeamsChat {
    /// Opens the export and reads its members file, if it has one. Standard input is refused.
    pub(super) fn open(input: JsonInput) -> Result<TeamsChat> {
        let InputName::Path(path) = input.name() else {
            return Err(Error::Read {
                file: InputName::Stdin,
                source: io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "Teams chat messages are read twice (the chats' membersAdded and membersDeleted system messages first, then the messages), and standard input can be read only once: save the export to a file, with its members file beside it (members.json)",
                ),
            });
        };
        let members_file = members_file_beside(path);
        let members = match &members_file {
            Some(p) => Members::read(p)?,
            None => Members::default(),
        };
        Ok(TeamsChat {
            input,
            members_file,
            members,
            timelines: None,
        })
    }

    /// The first pass; returns the senders of the first `n` messages.
    fn first_pass(&mut self, n: usize) -> Result<Vec<String>> {
        let mut timelines = Timelines::default();
        let mut sample = Vec::new();
        self.input.reread(&mut FirstPass {
            members: &self.members,
            timelines: &mut timelines,
            sample: &mut sample,
            n,
        })?;
        for events in timelines.chats.values_mut() {
            events.sort_unstable();
            events.dedup();
        }
        self.timelines = Some(timelines);
        Ok(sample)
    }
}

impl MessageSource for TeamsChat {
    fn description(&self) -> InputDescription {
        let members = match &self.members_file {
            Some(p) => {
                let mut s = format!(
                    "{} ({} chats with their members",
                    p.display(),
                    self.members.chats.len()
                );
                if self.members.ignored > 0 {
                    s.push_str(&format!(
                        "; {} member entries without userId or email ignored",
                        self.members.ignored
                    ));
                }
                s.push_str("), else the chats' membersAdded/membersDeleted system messages");
                s
            }
            None => "no members file beside it (NAME.members.json or members.json): the chats' membersAdded/membersDeleted system messages only".to_string(),
        };
        self.input.description(
            InputFormat::TeamsChat,
            &[
                (
                    "sender",
                    "from.user.id (the members file's email for that user when it has one)",
                ),
                ("recipients", "the chat's other members"),
                ("members", &members),
                ("timestamp", "createdDateTime"),
                ("message_id", "chatId and id (a copy met again counts once)"),
                ("channel", "chat"),
            ],
        )
    }

    fn sample_senders(&mut self, n: usize) -> Result<Vec<String>> {
        self.first_pass(n)
    }

    fn read(
        &mut self,
        sink: &mut MessageSink<'_, '_>,
        rejects: &mut Rejects,
        progress: &dyn Progress,
    ) -> Result<u64> {
        if self.timelines.is_none() {
            self.first_pass(0)?;
        }
        let timelines = self.timelines.take().unwrap_or_default();
        let mut reader = Reader {
            name: self.input.name().clone(),
            members: &self.members,
            timelines: &timelines,
            sink,
            rejects,
            recipients: Vec::new(),
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
    fn tells_messages_bots_system_and_channel_messages_apart() {
        let f = fields(
            r#"{"id":"1","chatId":"19:c@thread.v2","messageType":"message","createdDateTime":"2024-03-20T09:10:00.123Z",
                "from":{"application":null,"device":null,"user":{"id":"U1","displayName":"Lucas","userIdentityType":"aadUser"}}}"#,
        );
        assert_eq!(
            classify(&f),
            Ok(Kind::Chat {
                chat: "19:c@thread.v2",
                sender: "U1",
                time: 1_710_925_800,
                id: Some("1"),
            })
        );
        let bot = fields(
            r#"{"chatId":"c","messageType":"message","createdDateTime":"2024-03-20T09:10:00Z","from":{"user":null,"application":{"id":"a","displayName":"Planner"}}}"#,
        );
        assert_eq!(classify(&bot), Ok(Kind::Bot));
        let system = fields(
            r##"{"chatId":"c","messageType":"systemEventMessage","from":null,"eventDetail":{"@odata.type":"#microsoft.graph.chatRenamedEventMessageDetail"}}"##,
        );
        assert_eq!(classify(&system), Ok(Kind::System));
        assert_eq!(membership_events(&system), Ok(None));
        let untyped_event = fields(r#"{"chatId":"c","eventDetail":{}}"#);
        assert_eq!(classify(&untyped_event), Ok(Kind::System));
        let channel = fields(
            r#"{"chatId":null,"channelIdentity":{"teamId":"t","channelId":"19:x@thread.tacv2"},"messageType":"message","from":{"user":{"id":"U1"}}}"#,
        );
        assert_eq!(classify(&channel), Ok(Kind::Channel));
    }

    #[test]
    fn malformed_chat_messages_are_rejected_with_the_key_to_blame() {
        let reason = |json: &str| {
            let (r, key, _) = classify(&fields(json)).unwrap_err();
            (r, key)
        };
        assert_eq!(
            reason(
                r#"{"chatId":"c","messageType":"message","createdDateTime":"2024-03-20T09:10:00Z"}"#
            ),
            (RejectReason::EmptySender, "from")
        );
        assert_eq!(
            reason(
                r#"{"chatId":"c","from":{"user":{"displayName":"no id"}},"createdDateTime":"2024-03-20T09:10:00Z"}"#
            ),
            (RejectReason::EmptySender, "from")
        );
        assert_eq!(
            reason(r#"{"messageType":"message","from":{"user":{"id":"U1"}}}"#),
            (RejectReason::BadField, "chatId")
        );
        assert_eq!(
            reason(r#"{"chatId":"c","from":{"user":{"id":"U1"}},"createdDateTime":"yesterday"}"#),
            (RejectReason::BadTimestamp, "createdDateTime")
        );
        assert_eq!(
            reason(r#"{"chatId":"c","from":{"user":{"id":"U1"}}}"#),
            (RejectReason::BadTimestamp, "createdDateTime")
        );
        assert_eq!(
            reason(r#"{"chatId":"c","from":"U1","createdDateTime":"2024-03-20T09:10:00Z"}"#),
            (RejectReason::BadField, "from")
        );
    }

    fn event(json_detail: &str, time: &str) -> Vec<Option<Value>> {
        fields(&format!(
            r#"{{"chatId":"c","messageType":"systemEventMessage","createdDateTime":"{time}","eventDetail":{json_detail}}}"#
        ))
    }

    #[test]
    fn membership_applies_from_the_add_onward_and_ends_with_the_removal() {
        let added = event(
            r##"{"@odata.type":"#microsoft.graph.membersAddedEventMessageDetail","members":[{"id":"B"},{"id":"C"}],"initiator":{"user":{"id":"A"}}}"##,
            "2024-03-20T09:00:00Z",
        );
        let later = event(
            r##"{"@odata.type":"#microsoft.graph.membersAddedEventMessageDetail","members":[{"id":"D"}],"initiator":{"application":{"id":"app"}}}"##,
            "2024-03-20T11:00:00Z",
        );
        let removed = event(
            r##"{"@odata.type":"#microsoft.graph.membersDeletedEventMessageDetail","members":[{"id":"b"}],"initiator":{"user":{"id":"A"}}}"##,
            "2024-03-21T08:00:00Z",
        );
        let mut timelines = Timelines::default();
        // newest first, as Graph lists them
        for f in [&removed, &later, &added] {
            let (chat, events) = membership_events(f).unwrap().unwrap();
            timelines
                .chats
                .entry(chat.into())
                .or_default()
                .extend(events);
        }
        timelines.chats.values_mut().for_each(|e| e.sort_unstable());
        let at = |t: &str| {
            let t = chrono::DateTime::parse_from_rfc3339(t).unwrap().timestamp();
            timelines.members_at("c", t).unwrap()
        };
        assert_eq!(at("2024-03-20T08:59:59Z"), Vec::<&str>::new());
        assert_eq!(at("2024-03-20T09:00:00Z"), ["a", "b", "c"]);
        assert_eq!(at("2024-03-20T11:30:00Z"), ["a", "b", "c", "d"]);
        assert_eq!(at("2024-03-21T08:00:00Z"), ["a", "c", "d"]);
        assert_eq!(timelines.members_at("other", 0), None);
        // a membership event that cannot be placed is rejected
        let no_time = event(
            r##"{"@odata.type":"#microsoft.graph.membersAddedEventMessageDetail","members":[{"id":"B"}]}"##,
            "",
        );
        assert_eq!(
            membership_events(&no_time).unwrap_err().0,
            RejectReason::BadTimestamp
        );
        let no_id = event(
            r##"{"@odata.type":"#microsoft.graph.membersAddedEventMessageDetail","members":[{"displayName":"X"}]}"##,
            "2024-03-20T09:00:00Z",
        );
        assert_eq!(
            membership_events(&no_id).unwrap_err().0,
            RejectReason::BadField
        );
    }

    fn members_of(json: &str) -> Members {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("members.json");
        std::fs::write(&p, json).unwrap();
        Members::read(&p).unwrap()
    }

    #[test]
    fn reads_both_shapes_of_members_file() {
        // GET /chats?$expand=members, two pages
        let expanded = members_of(
            r##"{"@odata.context":"x","value":[{"id":"19:a","topic":null,"chatType":"oneOnOne","lastMessagePreview":{"body":{"content":"secret"}},
                 "members":[{"@odata.type":"#microsoft.graph.aadUserConversationMember","id":"MCMj","roles":["owner"],"displayName":"Jean","userId":"U1","email":"Jean@x"},
                            {"userId":"U2","email":null}]},
                 {"id":"19:no-expand","chatType":"group"}],"@odata.nextLink":"y"}
               {"value":[{"id":"19:b","members":[{"userId":"U3","email":"c@x"},{"displayName":"nobody"}]}]}"##,
        );
        assert_eq!(expanded.chats.len(), 2);
        assert_eq!(
            expanded.chats["19:a"],
            vec![
                Member {
                    user_id: "u1".into(),
                    address: "Jean@x".into()
                },
                Member {
                    user_id: "u2".into(),
                    address: "u2".into()
                }
            ]
        );
        assert_eq!(expanded.address("U1"), "Jean@x");
        assert_eq!(expanded.address("U2"), "U2");
        assert_eq!(expanded.ignored, 1);
        // an object keyed by chat id holding GET /chats/{chat-id}/members
        let keyed = members_of(
            r#"{"19:a": {"@odata.context":"x","@odata.count":1,"value":[{"userId":"U1","email":"j@x"}]},
                "19:b": [{"userId":"U2","email":"m@x"}]}"#,
        );
        assert_eq!(keyed.chats["19:a"][0].address, "j@x");
        assert_eq!(keyed.chats["19:b"][0].address, "m@x");
        // anything else is an error naming the file, line and column
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("members.json");
        std::fs::write(&p, "{\"19:a\": 3}").unwrap();
        let err = Members::read(&p).unwrap_err();
        assert!(matches!(err, Error::Json { line: 1, .. }), "{err}");
    }

    #[test]
    fn finds_the_members_file_beside_the_messages() {
        let dir = tempfile::tempdir().unwrap();
        let m = dir.path().join("chats.json");
        std::fs::write(&m, "{}").unwrap();
        assert_eq!(members_file_beside(&m), None);
        std::fs::write(dir.path().join("members.json"), "{}").unwrap();
        assert_eq!(
            members_file_beside(&m),
            Some(dir.path().join("members.json"))
        );
        std::fs::write(dir.path().join("chats.members.json"), "{}").unwrap();
        assert_eq!(
            members_file_beside(&m),
            Some(dir.path().join("chats.members.json"))
        );
        // a messages file named members.json is not its own members file
        assert_eq!(members_file_beside(&dir.path().join("members.json")), None);
    }
}

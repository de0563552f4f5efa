//! A Slack workspace export, as Slack's "Export data" writes it (a .zip, or the folder it
//! unzips to): `users.json` maps user ids to e-mails; `channels.json` (public channels),
//! `groups.json` (private channels), `dms.json` (direct messages) and `mpims.json` (group DMs)
//! list the conversations and their members; one folder per conversation (its name for
//! channels, private channels and group DMs, its id for DMs) holds one JSON file per day, an
//! array of messages (`type`, `subtype`, `user`, `bot_id`, `ts`, `thread_ts`, `text`...).
//!
//! - Sender: the message's `user`, identified by its `profile.email` in `users.json`, or by the
//!   Slack user id itself when the export shows no e-mail (the directory must then hold the id
//!   as an alias).
//! - Recipients: in a DM or group DM, the other members of the conversation. A channel message
//!   names no recipient: [`SlackChannels`] decides (by default it is left out and counted).
//! - Timestamp: `ts`, Unix seconds (its microseconds are dropped). Channel: `chat`.
//! - Left out and counted: bots and apps (`bot_id`, the `bot_message` subtype, users flagged
//!   `is_bot` or `is_app_user`, Slackbot), system messages (joins, leaves, topic changes...:
//!   every subtype but those a person writes), messages to bots only, and the messages of a
//!   folder no conversation list names (its members are unknown).
//! - A message's `text` is never kept: only its user mentions are read, for the
//!   `threads+mentions` policy.
//!
//! Folders, then day files, are read in byte order of their names, and the messages of a day
//! file in order of `ts`, so the result does not depend on the order of the archive. Memory:
//! the users, the members of DMs and group DMs, the zip's central directory, one day file, and
//! the participants of the threads of the conversation being read.

mod archive;
mod json;
mod route;

use std::io;
use std::path::Path;

use rustc_hash::FxHashMap;
use serde_json::value::RawValue;

use crate::error::{Error, InputName, Result};
use crate::ingest::channel::CHAT;
use crate::ingest::decode::EncodingReason;
use crate::ingest::format::InputFormat;
use crate::ingest::messages::InputDescription;
use crate::ingest::rejects::{RejectReason, RejectedRow, Rejects};
use crate::progress::{NoProgress, Progress};

use super::{LeftOut, MessageSink, MessageSource};
use archive::{Archive, DayFile};
use route::{Conversation, Kind, People, Person, Route, route};

pub use archive::{ZIP_MAGIC, is_export_folder, starts_like_zip};

/// What becomes of a channel message (public or private channel), which names no recipient.
/// DMs and group DMs are not concerned: their members are the recipients.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SlackChannels {
    /// Every channel message is left out (counted as `channel_message`).
    #[default]
    None,
    /// A thread reply goes to the thread's participants so far: the parent's author and the
    /// authors of the earlier replies (in `ts` order), the replier excluded. Top-level
    /// messages are left out.
    Threads,
    /// As `threads`, and a channel message (top-level or reply) also goes to the users its
    /// text mentions (`<@U123>`); a top-level message without a mention is left out.
    ThreadsMentions,
}

impl SlackChannels {
    /// The name used by `--slack-channels`.
    pub fn key(self) -> &'static str {
        match self {
            SlackChannels::None => "none",
            SlackChannels::Threads => "threads",
            SlackChannels::ThreadsMentions => "threads+mentions",
        }
    }

    /// What the policy does, in words.
    pub fn description(self) -> &'static str {
        match self {
            SlackChannels::None => "left out (--slack-channels none)",
            SlackChannels::Threads => {
                "a thread reply goes to the parent's author and the earlier repliers; top-level messages left out (--slack-channels threads)"
            }
            SlackChannels::ThreadsMentions => {
                "a thread reply goes to the parent's author and the earlier repliers, and any channel message to the users it mentions; other top-level messages left out (--slack-channels threads+mentions)"
            }
        }
    }
}

/// How many conversations each list gave.
#[derive(Debug, Default, Clone, Copy)]
struct Listed {
    channels: usize,
    private_channels: usize,
    dms: usize,
    group_dms: usize,
}

/// An opened Slack export: its users and conversation lists are read, no day file yet.
pub struct SlackExport {
    name: InputName,
    archive: Archive,
    people: People,
    conversations: FxHashMap<String, Conversation>,
    listed: Listed,
    policy: SlackChannels,
    zipped: bool,
}

/// What the walk over the export reports.
enum Event<'e> {
    /// A message for the sink.
    Message {
        file: &'e InputName,
        line: u64,
        sender: &'e str,
        timestamp: i64,
        recipients: &'e [u32],
        people: &'e [Person],
    },
    /// Something left out, and its author when a person wrote it.
    LeftOut {
        what: LeftOut,
        author: Option<&'e str>,
    },
    /// A malformed record.
    Reject(RejectedRow),
}

/// The walk goes on, or stops (the sample is complete).
#[derive(PartialEq, Eq)]
enum Flow {
    Go,
    Stop,
}

impl SlackExport {
    /// Opens an unzipped export folder (one that [`is_export_folder`] accepts).
    pub fn open_folder(
        name: &InputName,
        path: &Path,
        policy: SlackChannels,
    ) -> Result<SlackExport> {
        SlackExport::open(name, Archive::folder(path), policy, false)
    }

    /// Opens a .zip export. An archive that cannot be opened (truncated) or holds no
    /// `users.json` is an error that says so.
    pub fn open_zip(name: &InputName, path: &Path, policy: SlackChannels) -> Result<SlackExport> {
        let archive = Archive::zip(path).map_err(|problem| Error::Read {
            file: name.clone(),
            source: io::Error::new(io::ErrorKind::InvalidData, problem),
        })?;
        SlackExport::open(name, archive, policy, true)
    }

    fn open(
        name: &InputName,
        mut archive: Archive,
        policy: SlackChannels,
        zipped: bool,
    ) -> Result<SlackExport> {
        if !archive.has_conversation_list() {
            return Err(Error::Read {
                file: name.clone(),
                source: io::Error::new(
                    io::ErrorKind::InvalidData,
                    "this Slack export holds users.json but none of channels.json, groups.json, dms.json, mpims.json: the conversations and their members are unknown",
                ),
            });
        }
        let users: Vec<json::User> = match top_json(&mut archive, "users.json")? {
            Some(u) => u,
            None => {
                return Err(Error::Read {
                    file: InputName::Path(archive.display_path("users.json")),
                    source: io::Error::new(
                        io::ErrorKind::NotFound,
                        "a Slack export holds users.json (the user ids and their e-mails); it is missing",
                    ),
                });
            }
        };
        let mut people = People::from_users(users);
        let mut conversations = FxHashMap::default();
        let mut listed = Listed::default();
        for (file, kind) in [
            ("channels.json", Kind::Channel),
            ("groups.json", Kind::PrivateChannel),
            ("mpims.json", Kind::GroupDm),
            ("dms.json", Kind::Dm),
        ] {
            let list: Vec<json::Conversation> = top_json(&mut archive, file)?.unwrap_or_default();
            for c in list {
                let folder = match kind {
                    Kind::Dm => c.id,
                    _ => c.name.filter(|n| !n.is_empty()).unwrap_or(c.id),
                };
                let members = match kind {
                    Kind::Dm | Kind::GroupDm => c
                        .members
                        .map(|m| m.iter().map(|id| people.intern(id)).collect()),
                    Kind::Channel | Kind::PrivateChannel => None,
                };
                if conversations.contains_key(&folder) {
                    continue;
                }
                match kind {
                    Kind::Channel => listed.channels += 1,
                    Kind::PrivateChannel => listed.private_channels += 1,
                    Kind::Dm => listed.dms += 1,
                    Kind::GroupDm => listed.group_dms += 1,
                }
                conversations.insert(folder, Conversation { kind, members });
            }
        }
        Ok(SlackExport {
            name: name.clone(),
            archive,
            people,
            conversations,
            listed,
            policy,
            zipped,
        })
    }

    /// Walks every message of the export in order, reporting each one to `visit`. Returns the
    /// number of records read (messages, and day files that could not be read as a whole).
    fn walk(
        &mut self,
        progress: &dyn Progress,
        visit: &mut dyn FnMut(Event<'_>) -> Result<Flow>,
    ) -> Result<u64> {
        let SlackExport {
            name,
            archive,
            people,
            conversations,
            policy,
            ..
        } = self;
        let policy = *policy;
        let read_err = |source| Error::Read {
            file: name.clone(),
            source,
        };
        let mut records = 0u64;
        let mut buf = Vec::new();
        let mut scratch = Vec::new();
        let mut threads: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for folder in archive.folders().map_err(read_err)? {
            let conversation = conversations.get(&folder);
            threads.clear();
            for day in archive.day_files(&folder).map_err(read_err)? {
                let file = InputName::Path(archive.display_path(&format!("{folder}/{}", day.name)));
                let flow = read_day(archive, &folder, &day, &mut buf, progress)
                    .and_then(|()| parse_day(&buf))
                    .map_err(|(reason, line, detail)| RejectedRow {
                        file: file.clone(),
                        line,
                        column: None,
                        reason,
                        detail,
                    });
                let messages = match flow {
                    Ok(messages) => messages,
                    Err(row) => {
                        records += 1;
                        if visit(Event::Reject(row))? == Flow::Stop {
                            return Ok(records);
                        }
                        continue;
                    }
                };
                for (line, message) in messages {
                    records += 1;
                    let route = match message {
                        Err(detail) => Route::Reject(RejectReason::MalformedRecord, detail),
                        Ok(m) => {
                            route(&m, conversation, policy, people, &mut threads, &mut scratch)
                        }
                    };
                    let event = match route {
                        Route::Send { sender, timestamp } => Event::Message {
                            file: &file,
                            line,
                            sender: &people.get(sender).identity,
                            timestamp,
                            recipients: &scratch,
                            people: &people.list,
                        },
                        Route::LeftOut(what, author) => Event::LeftOut {
                            what,
                            author: author.map(|a| people.get(a).identity.as_str()),
                        },
                        Route::Reject(reason, detail) => Event::Reject(RejectedRow {
                            file: file.clone(),
                            line,
                            column: None,
                            reason,
                            detail,
                        }),
                    };
                    if visit(event)? == Flow::Stop {
                        return Ok(records);
                    }
                }
            }
        }
        Ok(records)
    }
}

/// Reads and parses a top-level JSON file of the export; `None` when it is absent. Unreadable
/// or malformed, it stops the run: without it the export cannot be read right.
fn top_json<T: serde::de::DeserializeOwned>(
    archive: &mut Archive,
    name: &str,
) -> Result<Option<T>> {
    let file = InputName::Path(archive.display_path(name));
    let Some(bytes) = archive.top_file(name).map_err(|source| Error::Read {
        file: file.clone(),
        source,
    })?
    else {
        return Ok(None);
    };
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    serde_json::from_slice(bytes)
        .map(Some)
        .map_err(|e| Error::Read {
            file,
            source: io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "line {}, column {}: {} (Slack writes this file as an array of objects)",
                    e.line(),
                    e.column(),
                    json_problem(&e)
                ),
            ),
        })
}

/// What is wrong with a JSON text, in words that quote nothing of it.
fn json_problem(e: &serde_json::Error) -> &'static str {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => "the JSON text ends in the middle of a value (a truncated file?)",
        Category::Syntax => "not valid JSON",
        Category::Data => "valid JSON, but not shaped as Slack writes it",
        Category::Io => "cannot be read",
    }
}

type DayError = (RejectReason, u64, String);

/// Reads one day file into `buf`; an unreadable one (a damaged zip entry, too large) is a
/// rejected record.
fn read_day(
    archive: &mut Archive,
    folder: &str,
    day: &DayFile,
    buf: &mut Vec<u8>,
    progress: &dyn Progress,
) -> std::result::Result<(), DayError> {
    match archive.read_day(folder, day, buf) {
        Ok(bytes) => {
            progress.inc(bytes);
            Ok(())
        }
        Err(e) => Err((
            RejectReason::UnreadableFile,
            1,
            format!("the day file cannot be read ({e}); its messages are not read"),
        )),
    }
}

/// A day file's messages with their lines, in `ts` order (those that are not messages as
/// Slack writes them first, in file order, as `Err(detail)`); or the rejected record of a
/// file that is not a JSON array.
#[allow(clippy::type_complexity)]
fn parse_day(
    bytes: &[u8],
) -> std::result::Result<Vec<(u64, std::result::Result<json::Message<'_>, String>)>, DayError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(bytes, e.valid_up_to());
        (
            RejectReason::InvalidJson,
            line,
            format!(
                "not UTF-8 at column {column} (Slack writes UTF-8 JSON); the day's messages are not read"
            ),
        )
    })?;
    let elements: Vec<&RawValue> = serde_json::from_str(text).map_err(|e| {
        let problem = match e.classify() {
            serde_json::error::Category::Data => "valid JSON, but not an array of messages",
            _ => json_problem(&e),
        };
        (
            RejectReason::InvalidJson,
            e.line() as u64,
            format!(
                "{problem} at column {}; the day's messages are not read",
                e.column()
            ),
        )
    })?;
    let mut out = Vec::with_capacity(elements.len());
    let mut lines = LineCounter::default();
    for raw in elements {
        let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
        let line = lines.line_at(text.as_bytes(), offset);
        let message = serde_json::from_str::<json::Message<'_>>(raw.get()).map_err(|_| {
            "a message whose fields are not of the types Slack writes (user, ts, thread_ts, subtype and text are strings)".to_string()
        });
        out.push((line, message));
    }
    let key = |m: &std::result::Result<json::Message<'_>, String>| match m {
        Err(_) => None,
        Ok(m) => Some(
            m.ts.as_deref()
                .and_then(json::parse_ts)
                .unwrap_or((i64::MIN, 0)),
        ),
    };
    out.sort_by_key(|(_, m)| key(m));
    Ok(out)
}

/// Lines of increasing offsets in a text, counted once.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: u64,
}

impl LineCounter {
    fn line_at(&mut self, text: &[u8], offset: usize) -> u64 {
        self.line += memchr::memchr_iter(b'\n', &text[self.offset..offset]).count() as u64;
        self.offset = offset;
        self.line + 1
    }
}

/// The 1-based line and column of byte `offset`.
fn line_column(bytes: &[u8], offset: usize) -> (u64, usize) {
    let before = &bytes[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() as u64 + 1;
    let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    (line, offset - start + 1)
}

impl MessageSource for SlackExport {
    fn description(&self) -> InputDescription {
        let l = self.listed;
        let p = &self.people;
        InputDescription {
            file: self.name.to_string(),
            format: Some(InputFormat::Slack),
            encoding: "UTF-8",
            encoding_reason: EncodingReason::ValidUtf8,
            delimiter: "none (JSON)".to_string(),
            columns: vec![
                (
                    "export".into(),
                    if self.zipped { "zip archive" } else { "folder" }.into(),
                ),
                (
                    "sender".into(),
                    "user (users.json profile.email, else the Slack user id)".into(),
                ),
                (
                    "recipients".into(),
                    "the other members of the DM or group DM (dms.json, mpims.json)".into(),
                ),
                ("timestamp".into(), "ts (Unix seconds, UTC)".into()),
                ("channel messages".into(), self.policy.description().into()),
                (
                    "conversations".into(),
                    format!(
                        "{} channels, {} private channels, {} DMs, {} group DMs",
                        l.channels, l.private_channels, l.dms, l.group_dms
                    ),
                ),
                (
                    "users".into(),
                    format!(
                        "{} in users.json ({} bots or apps; {} without an e-mail, identified by their Slack id, which the directory must hold as an alias)",
                        p.listed, p.bots, p.without_email
                    ),
                ),
            ],
        }
    }

    /// The authors of the first `n` messages people wrote, those the channel policy leaves
    /// out included (they are identified alike, and an export of channels would otherwise be
    /// walked whole for its sample).
    fn sample_senders(&mut self, n: usize) -> Result<Vec<String>> {
        // a walk of its own, stopped early: `read` walks again from the start
        let mut out = Vec::with_capacity(n.min(1024));
        if n == 0 {
            return Ok(out);
        }
        self.walk(&NoProgress, &mut |event| {
            let author = match event {
                Event::Message { sender, .. } => Some(sender),
                Event::LeftOut { author, .. } => author,
                Event::Reject(_) => None,
            };
            if let Some(a) = author {
                out.push(a.to_string());
                if out.len() >= n {
                    return Ok(Flow::Stop);
                }
            }
            Ok(Flow::Go)
        })?;
        Ok(out)
    }

    fn read(
        &mut self,
        sink: &mut MessageSink<'_, '_>,
        rejects: &mut Rejects,
        progress: &dyn Progress,
    ) -> Result<u64> {
        progress.start("ingest", self.archive.progress_len());
        let records = self.walk(progress, &mut |event| {
            match event {
                Event::Message {
                    file,
                    line,
                    sender,
                    timestamp,
                    recipients,
                    people,
                } => {
                    if sink.begin(sender) {
                        for &r in recipients {
                            sink.recipient(&people[r as usize].identity);
                        }
                        sink.end(Some(timestamp), CHAT);
                    } else {
                        rejects.reject(RejectedRow {
                            file: file.clone(),
                            line,
                            column: None,
                            reason: RejectReason::EmptySender,
                            detail: "the author's e-mail in users.json names no address".into(),
                        })?;
                    }
                }
                Event::LeftOut { what, .. } => sink.left_out(what),
                Event::Reject(row) => rejects.reject(row)?,
            }
            Ok(Flow::Go)
        })?;
        progress.finish();
        Ok(records)
    }
}

#[cfg(test)]
mod tests;

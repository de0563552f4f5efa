//! What each message of a Slack export becomes: who wrote it (a person, a bot, the system),
//! and to whom it goes (the other members of a DM or group DM; in a channel, what the
//! [`SlackChannels`] policy says), or why it is left out.

use rustc_hash::FxHashMap;

use super::SlackChannels;
use super::json;
use crate::ingest::formats::LeftOut;
use crate::ingest::messages::shape_of;
use crate::ingest::rejects::RejectReason;

/// The subtypes of the messages people write; every other subtype is a system message.
const PERSON_SUBTYPES: [&str; 6] = [
    "thread_broadcast",
    "reply_broadcast",
    "me_message",
    "file_share",
    "file_comment",
    "file_mention",
];

/// The subtypes bots and Slackbot post with.
const BOT_SUBTYPES: [&str; 2] = ["bot_message", "slackbot_response"];

/// Slackbot's user id: `users.json` lists it without `is_bot`.
const SLACKBOT: &str = "USLACKBOT";

/// A user, as messages see them.
#[derive(Debug)]
pub(super) struct Person {
    /// The e-mail, or the Slack user id when there is none.
    pub(super) identity: String,
    /// A bot, an app, or Slackbot: never a sender nor a recipient.
    pub(super) bot: bool,
}

/// The users: those of `users.json`, and the ids met elsewhere (members, authors, mentions)
/// that it does not list, identified by their id.
#[derive(Debug, Default)]
pub(super) struct People {
    pub(super) index: FxHashMap<String, u32>,
    pub(super) list: Vec<Person>,
    pub(super) listed: usize,
    pub(super) without_email: usize,
    pub(super) bots: usize,
}

impl People {
    pub(super) fn from_users(users: Vec<json::User>) -> People {
        let mut people = People::default();
        for u in users {
            if people.index.contains_key(&u.id) {
                continue;
            }
            let email = u
                .profile
                .and_then(|p| p.email)
                .map(|e| e.trim().to_string())
                .filter(|e| !e.is_empty());
            let bot = u.is_bot == Some(true) || u.is_app_user == Some(true) || u.id == SLACKBOT;
            people.listed += 1;
            if bot {
                people.bots += 1;
            } else if email.is_none() {
                people.without_email += 1;
            }
            let identity = email.unwrap_or_else(|| u.id.clone());
            people.index.insert(u.id, people.list.len() as u32);
            people.list.push(Person { identity, bot });
        }
        people
    }

    /// The index of user `id`, added (identified by its id) when `users.json` lacks it.
    pub(super) fn intern(&mut self, id: &str) -> u32 {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        let i = self.list.len() as u32;
        self.index.insert(id.to_string(), i);
        self.list.push(Person {
            identity: id.to_string(),
            bot: id == SLACKBOT,
        });
        i
    }

    pub(super) fn get(&self, i: u32) -> &Person {
        &self.list[i as usize]
    }
}

/// The kinds of conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Channel,
    PrivateChannel,
    Dm,
    GroupDm,
}

/// A conversation of the lists.
#[derive(Debug)]
pub(super) struct Conversation {
    pub(super) kind: Kind,
    /// Members (DMs and group DMs only: a channel's are not needed).
    pub(super) members: Option<Vec<u32>>,
}

/// What a message becomes.
pub(super) enum Route {
    /// Handed on, with its recipients in the scratch buffer.
    Send { sender: u32, timestamp: i64 },
    /// Left out on purpose; the author, when a person wrote it.
    LeftOut(LeftOut, Option<u32>),
    /// Malformed.
    Reject(RejectReason, String),
}

/// Who wrote a message.
enum Author<'m> {
    Bot,
    System,
    Nobody,
    Person(&'m str),
}

/// Bots first (`bot_id`, a bot subtype), then system messages (another type, or a subtype not
/// written by people), then users flagged as bots; else the author is a person.
fn author<'m>(m: &'m json::Message<'_>, people: &People) -> Author<'m> {
    let subtype = m.subtype.as_deref();
    if m.bot_id.is_some() || subtype.is_some_and(|s| BOT_SUBTYPES.contains(&s)) {
        return Author::Bot;
    }
    if m.kind.as_deref().is_some_and(|k| k != "message")
        || subtype.is_some_and(|s| !PERSON_SUBTYPES.contains(&s))
    {
        return Author::System;
    }
    match m.user.as_deref().map(str::trim) {
        None | Some("") => Author::Nobody,
        Some(id) => match people.index.get(id) {
            Some(&i) if people.get(i).bot => Author::Bot,
            _ if id == SLACKBOT => Author::Bot,
            _ => Author::Person(id),
        },
    }
}

/// Decides what a message becomes; the recipients of a message handed on are left in
/// `recipients`. `threads` holds the participants of the current conversation's threads.
pub(super) fn route(
    m: &json::Message<'_>,
    conversation: Option<&Conversation>,
    policy: SlackChannels,
    people: &mut People,
    threads: &mut FxHashMap<String, Vec<u32>>,
    recipients: &mut Vec<u32>,
) -> Route {
    recipients.clear();
    let in_channel =
        conversation.is_some_and(|c| matches!(c.kind, Kind::Channel | Kind::PrivateChannel));
    let tracking = in_channel && policy != SlackChannels::None;
    let ts = m.ts.as_deref();
    let thread = m.thread_ts.as_deref();
    let is_parent = thread.is_some() && thread == ts;
    let is_reply = thread.is_some() && thread != ts;
    let id = match author(m, people) {
        a @ (Author::Bot | Author::System) => {
            // a bot's thread has no person to answer to (not even its parent_user_id)
            if tracking
                && is_parent
                && let Some(t) = thread
            {
                threads.entry(t.to_string()).or_default();
            }
            let what = match a {
                Author::Bot => LeftOut::BotMessage,
                _ => LeftOut::SystemMessage,
            };
            return Route::LeftOut(what, None);
        }
        Author::Nobody => {
            return Route::Reject(
                RejectReason::EmptySender,
                "a message without the user who wrote it (no `user`, no `bot_id`)".into(),
            );
        }
        Author::Person(id) => id,
    };
    let Some(timestamp) = ts.and_then(json::parse_ts).map(|(s, _)| s) else {
        return Route::Reject(
            RejectReason::BadTimestamp,
            format!(
                "expected `ts` as Unix seconds with a fraction (1710234900.000200), found a value shaped '{}'",
                shape_of(ts.unwrap_or(""))
            ),
        );
    };
    let sender = people.intern(id);
    let Some(conversation) = conversation else {
        return Route::LeftOut(LeftOut::ChatWithoutMembers, Some(sender));
    };
    match conversation.kind {
        Kind::Dm | Kind::GroupDm => {
            let members = conversation.members.as_deref().unwrap_or(&[]);
            if members.iter().all(|&p| p == sender) && !members.is_empty() {
                recipients.push(sender); // a DM with oneself: the sink counts a self-message
            } else {
                recipients.extend(
                    members
                        .iter()
                        .copied()
                        .filter(|&p| p != sender && !people.get(p).bot),
                );
                if recipients.is_empty() {
                    let what = if members.iter().any(|&p| p != sender) {
                        LeftOut::ToBotsOnly
                    } else {
                        LeftOut::ChatWithoutMembers
                    };
                    return Route::LeftOut(what, Some(sender));
                }
            }
            Route::Send { sender, timestamp }
        }
        Kind::Channel | Kind::PrivateChannel => {
            if is_reply && tracking {
                let thread = thread.unwrap_or_default();
                if !threads.contains_key(thread) {
                    // the parent is not in the export (before its date range): its author is
                    // the reply's parent_user_id
                    let parent = m
                        .parent_user_id
                        .as_deref()
                        .map(|p| people.intern(p))
                        .filter(|&p| !people.get(p).bot);
                    threads.insert(thread.to_string(), parent.into_iter().collect());
                }
                if let Some(participants) = threads.get_mut(thread) {
                    recipients.extend(participants.iter().copied().filter(|&p| p != sender));
                    if !participants.contains(&sender) {
                        participants.push(sender);
                    }
                }
            } else if tracking && is_parent {
                let participants = threads
                    .entry(ts.unwrap_or_default().to_string())
                    .or_default();
                if !participants.contains(&sender) {
                    participants.push(sender);
                }
            }
            if policy == SlackChannels::ThreadsMentions {
                for mentioned in &m.mentions.0 {
                    let p = people.intern(mentioned);
                    if p != sender && !people.get(p).bot {
                        recipients.push(p);
                    }
                }
            }
            if recipients.is_empty() {
                Route::LeftOut(LeftOut::ChannelMessage, Some(sender))
            } else {
                Route::Send { sender, timestamp }
            }
        }
    }
}

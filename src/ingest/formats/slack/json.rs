//! The JSON records of a Slack export, as far as siloscope reads them: the fields it needs and
//! nothing else (serde skips the rest without keeping it). A message's `text` is never kept:
//! it is scanned, as it is deserialized, for the user mentions `<@U123>` and `<@U123|name>`
//! only, and dropped.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, IgnoredAny, Visitor};

/// One entry of `users.json`. `deleted` is not read: a deactivated user is still a person,
/// who wrote and received what the export holds.
#[derive(Debug, Deserialize)]
pub struct User {
    /// The Slack user id (`U024BE7LH`, `W…` in Enterprise Grid).
    pub id: String,
    /// A bot user.
    #[serde(default)]
    pub is_bot: Option<bool>,
    /// An app's user.
    #[serde(default)]
    pub is_app_user: Option<bool>,
    /// The profile, for its e-mail.
    #[serde(default)]
    pub profile: Option<Profile>,
}

/// The part of a user's profile siloscope reads.
#[derive(Debug, Default, Deserialize)]
pub struct Profile {
    /// The e-mail address, when the export shows it.
    #[serde(default)]
    pub email: Option<String>,
}

/// One entry of `channels.json`, `groups.json`, `dms.json` or `mpims.json`.
#[derive(Debug, Deserialize)]
pub struct Conversation {
    /// The conversation id (`C…`, `G…`, `D…`).
    pub id: String,
    /// Its name (channels, private channels, group DMs): the name of its folder.
    #[serde(default)]
    pub name: Option<String>,
    /// Its members' user ids.
    #[serde(default)]
    pub members: Option<Vec<String>>,
}

/// One message of a day file.
#[derive(Debug, Deserialize)]
pub struct Message<'a> {
    /// `message` for every message of a day file.
    #[serde(default, rename = "type", borrow)]
    pub kind: Option<Cow<'a, str>>,
    /// `channel_join`, `bot_message`, `thread_broadcast`...; none for a plain message.
    #[serde(default, borrow)]
    pub subtype: Option<Cow<'a, str>>,
    /// The author's user id.
    #[serde(default, borrow)]
    pub user: Option<Cow<'a, str>>,
    /// Set when a bot or an app posted the message.
    #[serde(default)]
    pub bot_id: Option<IgnoredAny>,
    /// The message's timestamp and id: Unix seconds with a 6-digit fraction, as a string.
    #[serde(default, borrow)]
    pub ts: Option<Cow<'a, str>>,
    /// The `ts` of the thread's parent (equal to `ts` on the parent itself).
    #[serde(default, borrow)]
    pub thread_ts: Option<Cow<'a, str>>,
    /// On a reply: the parent's author.
    #[serde(default, borrow)]
    pub parent_user_id: Option<Cow<'a, str>>,
    /// The user ids the text mentions; the text itself is not kept.
    #[serde(default, rename = "text")]
    pub mentions: Mentions,
}

/// The user ids mentioned in a message's text, in order of appearance (duplicates kept).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Mentions(pub Vec<String>);

impl<'de> Deserialize<'de> for Mentions {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Mentions, D::Error> {
        d.deserialize_any(MentionsVisitor)
    }
}

struct MentionsVisitor;

impl<'de> Visitor<'de> for MentionsVisitor {
    type Value = Mentions;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the message text as a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Mentions, E> {
        let mut out = Vec::new();
        mentions_in(text, &mut out);
        Ok(Mentions(out))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Mentions, E> {
        Ok(Mentions::default())
    }

    fn visit_none<E: de::Error>(self) -> Result<Mentions, E> {
        Ok(Mentions::default())
    }
}

/// Pushes the user ids of the mentions `<@U123>` and `<@U123|name>` in `text` (Slack's
/// message formatting). `<!here>`, `<!channel>`, `<!subteam^…>` and links are not user
/// mentions. O(length of the text).
pub fn mentions_in(text: &str, out: &mut Vec<String>) {
    let mut rest = text;
    while let Some(at) = rest.find("<@") {
        rest = &rest[at + 2..];
        let end = rest.find(['>', '|']).unwrap_or(rest.len());
        let id = &rest[..end];
        let closed = rest[end..].starts_with(['>', '|']);
        if closed
            && id.len() >= 2
            && id.starts_with(['U', 'W'])
            && id
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            out.push(id.to_string());
        }
    }
}

/// A Slack `ts` (`"1710234900.000200"`) as (seconds, microseconds); `None` when it is not
/// digits, a dot and up to 6 digits (or plain digits).
pub fn parse_ts(ts: &str) -> Option<(i64, u32)> {
    let (secs, frac) = ts.split_once('.').unwrap_or((ts, ""));
    if secs.is_empty()
        || secs.len() > 12
        || !secs.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 6
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let s: i64 = secs.parse().ok()?;
    let mut micros: u32 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    for _ in frac.len()..6 {
        micros *= 10;
    }
    Some((s, micros))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_the_user_ids_only() {
        let mut out = Vec::new();
        mentions_in(
            "hi <@U01> and <@W0X|bea>, <!here> <#C01|general> <@u9> <@U02",
            &mut out,
        );
        assert_eq!(out, ["U01", "W0X"]);
        let m: Message = serde_json::from_str(
            r#"{"type":"message","user":"U1","text":"ping <@U2> \"quoted\" <@U3|c>","ts":"1.5"}"#,
        )
        .unwrap();
        assert_eq!(m.mentions, Mentions(vec!["U2".into(), "U3".into()]));
        let m: Message = serde_json::from_str(r#"{"text":null,"ts":"1"}"#).unwrap();
        assert!(m.mentions.0.is_empty());
        assert!(serde_json::from_str::<Message>(r#"{"text":3}"#).is_err());
    }

    #[test]
    fn timestamps() {
        assert_eq!(parse_ts("1710234900.000200"), Some((1710234900, 200)));
        assert_eq!(parse_ts("1710234900.5"), Some((1710234900, 500_000)));
        assert_eq!(parse_ts("1710234900"), Some((1710234900, 0)));
        assert_eq!(parse_ts("17102x4900.000200"), None);
        assert_eq!(parse_ts("-1.0"), None);
        assert_eq!(parse_ts(""), None);
        assert_eq!(parse_ts("1.1234567"), None);
    }

    #[test]
    fn bot_id_null_is_no_bot() {
        let m: Message = serde_json::from_str(r#"{"bot_id":null,"ts":"1"}"#).unwrap();
        assert!(m.bot_id.is_none());
        let m: Message = serde_json::from_str(r#"{"bot_id":"B1","ts":"1"}"#).unwrap();
        assert!(m.bot_id.is_some());
    }
}

//! Which export a message file is, told from its header (no flag needed; `--input-format`
//! forces it), and which files are not message logs at all (a directory given as
//! `--messages`).

use std::fmt;

use serde::Serialize;

use crate::ingest::columns::{Field, message_fields as mf, people_fields as pf};

/// The message exports siloscope reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputFormat {
    /// One row per message: sender, recipients (or to / cc / bcc), optional timestamp.
    MessageCsv,
    /// Microsoft 365 / Exchange Online message trace: one row per recipient
    /// (`Received, SenderAddress, RecipientAddress, ..., Status, MessageId`).
    M365Trace,
    /// Exchange Online historical search summary report: one row per message, recipients
    /// packed in `recipient_status` (`addr##Receive, Deliver;...`).
    HistoricalReport,
    /// Slack workspace export (a folder or its .zip): `users.json`, the conversation lists,
    /// one JSON file per conversation and day.
    Slack,
}

impl InputFormat {
    /// Every format, for messages and `--input-format`.
    pub const ALL: [InputFormat; 4] = [
        InputFormat::MessageCsv,
        InputFormat::M365Trace,
        InputFormat::HistoricalReport,
        InputFormat::Slack,
    ];

    /// True for the formats read as one table by the shared row loop.
    pub fn is_table(self) -> bool {
        matches!(
            self,
            InputFormat::MessageCsv | InputFormat::M365Trace | InputFormat::HistoricalReport
        )
    }

    /// The name used by `--input-format` and in summary.json.
    pub fn key(self) -> &'static str {
        match self {
            InputFormat::MessageCsv => "csv",
            InputFormat::M365Trace => "m365-trace",
            InputFormat::HistoricalReport => "historical-report",
            InputFormat::Slack => "slack",
        }
    }

    /// Reads an `--input-format` value.
    pub fn from_key(key: &str) -> Option<InputFormat> {
        let k = key.trim().to_ascii_lowercase();
        InputFormat::ALL.into_iter().find(|f| f.key() == k)
    }

    /// What the format is, in words.
    pub fn description(self) -> &'static str {
        match self {
            InputFormat::MessageCsv => "message CSV (one row per message)",
            InputFormat::M365Trace => {
                "Microsoft 365 message trace (one row per recipient, grouped back into messages by MessageId and sender)"
            }
            InputFormat::HistoricalReport => {
                "Exchange Online historical search report (one row per message, recipients in recipient_status)"
            }
            InputFormat::Slack => {
                "Slack workspace export (users.json, the conversation lists, one JSON file per conversation and day)"
            }
        }
    }

    /// What the format cannot tell, said wherever it is read.
    pub fn caveat(self) -> Option<&'static str> {
        match self {
            InputFormat::MessageCsv => None,
            InputFormat::M365Trace | InputFormat::HistoricalReport => Some(
                "a trace does not tell To from Cc: every recipient counts alike (as in every format); distribution groups are replaced by their members",
            ),
            InputFormat::Slack => Some(
                "the recipients of a DM or group DM are its other members; a channel message names no recipient, --slack-channels decides (default none: left out); bots, apps and system messages (joins, topics...) are left out",
            ),
        }
    }
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// What a header looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderKind {
    /// A message export of this format.
    Messages(InputFormat),
    /// A people directory (a department column and no sender).
    Directory,
    /// Neither: a message CSV whose columns will have to be found (or `--map`ped).
    Unknown,
}

fn has(lower: &[String], field: Field) -> bool {
    field.synonyms.iter().any(|s| lower.iter().any(|h| h == s))
}

fn has_name(lower: &[String], name: &str) -> bool {
    lower.iter().any(|h| h == name)
}

/// Tells the kind of file from its header names (any case).
pub fn classify(headers: &[String]) -> HeaderKind {
    let lower: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
    if has_name(&lower, "senderaddress")
        && has_name(&lower, "recipientaddress")
        && has_name(&lower, "messageid")
    {
        return HeaderKind::Messages(InputFormat::M365Trace);
    }
    if has_name(&lower, "sender_address")
        && has_name(&lower, "recipient_status")
        && (has_name(&lower, "message_id") || has_name(&lower, "network_message_id"))
    {
        return HeaderKind::Messages(InputFormat::HistoricalReport);
    }
    let sender = has(&lower, mf::SENDER);
    let recipients = has(&lower, mf::RECIPIENTS) || has(&lower, mf::CC) || has(&lower, mf::BCC);
    if sender && recipients {
        return HeaderKind::Messages(InputFormat::MessageCsv);
    }
    if !sender && has(&lower, pf::DEPARTMENT) && (has(&lower, pf::ID) || has(&lower, pf::EMAIL)) {
        return HeaderKind::Directory;
    }
    HeaderKind::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(header: &str) -> HeaderKind {
        let h: Vec<String> = header.split(',').map(str::to_string).collect();
        classify(&h)
    }

    #[test]
    fn tells_the_exports_apart() {
        assert_eq!(
            kind(
                "Received,SenderAddress,RecipientAddress,Subject,Status,ToIP,FromIP,Size,MessageId,MessageTraceId"
            ),
            HeaderKind::Messages(InputFormat::M365Trace)
        );
        assert_eq!(
            kind(
                "origin_timestamp_utc,sender_address,recipient_status,message_subject,total_bytes,message_id,network_message_id,original_client_ip,directionality,connector_id,delivery_priority"
            ),
            HeaderKind::Messages(InputFormat::HistoricalReport)
        );
        assert_eq!(
            kind("timestamp,sender,recipients"),
            HeaderKind::Messages(InputFormat::MessageCsv)
        );
        assert_eq!(
            kind("Date,From,To,Cc"),
            HeaderKind::Messages(InputFormat::MessageCsv)
        );
        assert_eq!(
            kind("Matricule,Nom,Prénom,Direction,Site,E-mail"),
            HeaderKind::Directory
        );
        assert_eq!(kind("id,department"), HeaderKind::Directory);
        assert_eq!(kind("Expediteur,Objet"), HeaderKind::Unknown);
        assert_eq!(
            InputFormat::from_key("M365-Trace"),
            Some(InputFormat::M365Trace)
        );
    }
}

//! Per-recipient rows (a message trace) grouped back into messages by message id and sender.
//! The open messages are kept until the end of the input: memory grows with the number of
//! messages, which the trace exports bound (the admin centre exports at most 100,000 rows a
//! file). The messages come out sorted by (message id, sender), so the result does not depend
//! on the row order.

use rustc_hash::FxHashMap;

use crate::ingest::address::normalize;

/// One message being gathered.
#[derive(Debug, Default)]
struct Open {
    /// The earliest timestamp of its rows.
    timestamp: Option<i64>,
    /// Its recipients as written (normalized later, with the others).
    recipients: Vec<String>,
}

/// Rows waiting to be grouped.
#[derive(Debug, Default)]
pub struct PerRecipientRows {
    open: FxHashMap<(String, String), Open>,
    /// Rows added (recipients and group rows).
    pub rows: u64,
    /// Distribution-group rows (the group, not a person).
    pub distribution_group_rows: u64,
}

impl PerRecipientRows {
    fn entry(&mut self, message_id: &str, sender: &str, timestamp: Option<i64>) -> &mut Open {
        self.rows += 1;
        let open = self
            .open
            .entry((message_id.to_string(), sender.to_string()))
            .or_default();
        if let Some(t) = timestamp {
            open.timestamp = Some(open.timestamp.map_or(t, |o| o.min(t)));
        }
        open
    }

    /// A recipient row of message `message_id` from `sender` (normalized).
    pub fn add(&mut self, message_id: &str, sender: &str, timestamp: Option<i64>, recipient: &str) {
        let open = self.entry(message_id, sender, timestamp);
        let r = normalize(recipient);
        if !r.is_empty() {
            open.recipients.push(r);
        }
    }

    /// A distribution group's row: the message exists, the group is no recipient.
    pub fn add_group_row(&mut self, message_id: &str, sender: &str, timestamp: Option<i64>) {
        self.entry(message_id, sender, timestamp);
        self.distribution_group_rows += 1;
    }

    /// The grouped messages as `(sender, timestamp, recipients)`, sorted by message id and
    /// sender.
    pub fn into_messages(self) -> impl Iterator<Item = (String, Option<i64>, Vec<String>)> {
        let mut all: Vec<((String, String), Open)> = self.open.into_iter().collect();
        all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        all.into_iter()
            .map(|((_, sender), open)| (sender, open.timestamp, open.recipients))
    }
}

//! The plain message CSV: one row per message, a sender column, and recipients in one or more
//! of the recipients / to, cc and bcc columns (each an address list).

use super::{RowSink, begin, optional, required, timestamp};
use crate::error::Result;
use crate::ingest::columns::{FieldMapping, message_fields as mf, require};
use crate::ingest::rejects::RejectedRow;
use crate::ingest::source::{CsvInput, Row};

/// The columns of a message CSV.
pub struct Columns {
    pub(super) sender: usize,
    timestamp: Option<usize>,
    channel: Option<usize>,
    /// Recipients, cc and bcc columns that exist, each once.
    recipients: Vec<(&'static str, usize)>,
    needed: Vec<usize>,
}

impl Columns {
    /// Finds the sender, the recipient columns (at least one) and the timestamp.
    pub fn locate(input: &CsvInput, mapping: &FieldMapping) -> Result<Columns> {
        let sender = required(input, mf::SENDER, mapping)?;
        let timestamp = optional(input, mf::TIMESTAMP, mapping)?;
        let channel = optional(input, mf::CHANNEL, mapping)?;
        let mut recipients: Vec<(&'static str, usize)> = Vec::new();
        for field in [mf::RECIPIENTS, mf::CC, mf::BCC] {
            if let Some(c) = optional(input, field, mapping)?
                && !recipients.iter().any(|&(_, r)| r == c)
            {
                recipients.push((field.name, c));
            }
        }
        if recipients.is_empty() {
            require(input, mf::RECIPIENTS, mapping)?;
        }
        let mut needed = vec![sender];
        needed.extend(timestamp);
        needed.extend(recipients.iter().map(|&(_, c)| c));
        Ok(Columns {
            sender,
            timestamp,
            channel,
            recipients,
            needed,
        })
    }

    /// `(field, column)` pairs.
    pub fn columns(&self) -> Vec<(&'static str, usize)> {
        let mut out = vec![("sender", self.sender)];
        out.extend(self.recipients.iter().copied());
        out.extend(self.timestamp.map(|c| ("timestamp", c)));
        out.extend(self.channel.map(|c| ("channel", c)));
        out
    }

    /// One row, one message.
    pub fn read<S: RowSink>(
        &self,
        row: &Row<'_>,
        sink: &mut S,
    ) -> std::result::Result<(), RejectedRow> {
        row.check_utf8(&self.needed)?;
        let time = timestamp(row, self.timestamp, sink.date_format())?;
        let channel = match self.channel {
            Some(c) => String::from_utf8_lossy(row.bytes(c)).trim().to_lowercase(),
            None => String::new(),
        };
        begin(row, self.sender, sink)?;
        for &(_, c) in &self.recipients {
            sink.recipient_list(row.text(c)?);
        }
        let channel = if channel.is_empty() {
            crate::ingest::channel::EMAIL
        } else {
            channel.as_str()
        };
        sink.end(time, channel);
        Ok(())
    }
}

//! The plain message CSV: one row per message, a sender column, and recipients in one or more
//! of the recipients / to, cc and bcc columns (each an address list).

use super::{RowContext, optional, required, sender, timestamp};
use crate::error::Result;
use crate::ingest::address::for_each_address;
use crate::ingest::columns::{FieldMapping, message_fields as mf, require};
use crate::ingest::messages::Message;
use crate::ingest::rejects::RejectedRow;
use crate::ingest::source::{CsvInput, Row};

/// The columns of a message CSV.
pub struct Columns {
    pub(super) sender: usize,
    timestamp: Option<usize>,
    /// Recipients, cc and bcc columns that exist, each once.
    recipients: Vec<(&'static str, usize)>,
    needed: Vec<usize>,
}

impl Columns {
    /// Finds the sender, the recipient columns (at least one) and the timestamp.
    pub fn locate(input: &CsvInput, mapping: &FieldMapping) -> Result<Columns> {
        let sender = required(input, mf::SENDER, mapping)?;
        let timestamp = optional(input, mf::TIMESTAMP, mapping)?;
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
            recipients,
            needed,
        })
    }

    /// `(field, column)` pairs.
    pub fn columns(&self) -> Vec<(&'static str, usize)> {
        let mut out = vec![("sender", self.sender)];
        out.extend(self.recipients.iter().copied());
        out.extend(self.timestamp.map(|c| ("timestamp", c)));
        out
    }

    /// One row, one message.
    pub fn read<F>(
        &self,
        row: &Row<'_>,
        cx: &mut RowContext<'_, '_, F>,
    ) -> std::result::Result<(), RejectedRow>
    where
        F: FnMut(&Message<'_>),
    {
        row.check_utf8(&self.needed)?;
        let time = timestamp(row, self.timestamp, cx.date_format)?;
        let mut from = std::mem::take(&mut cx.sender);
        let found = sender(row, self.sender, &mut from);
        cx.sender = from;
        found?;
        let from = cx.sender.as_str();
        cx.assembler.start();
        for &(_, c) in &self.recipients {
            for_each_address(row.text(c)?, |a| cx.assembler.recipient(a));
        }
        cx.assembler.finish(time, from, cx.counts, cx.on_message);
        Ok(())
    }
}

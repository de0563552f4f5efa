//! The Microsoft 365 / Exchange Online message trace (`Get-MessageTrace`, or the admin
//! centre's download): one row per recipient, `Received, SenderAddress, RecipientAddress,
//! Subject, Status, ToIP, FromIP, Size, MessageId, MessageTraceId`. Rows are grouped back into
//! one message by MessageId and sender, so that k is the number of distinct recipients
//! whatever the row order. A row with status `Expanded` is a distribution group (its members
//! follow as rows of their own): the group is not a person and is left out. Every other
//! status (Delivered, Failed, Pending, ...) is a recipient the sender wrote to.

use super::{RowSink, empty_sender, optional, required, timestamp};
use crate::error::Result;
use crate::ingest::columns::{FieldMapping, message_fields as mf};
use crate::ingest::rejects::{RejectReason, RejectedRow};
use crate::ingest::source::{CsvInput, Row};

/// The columns of a message trace.
pub struct Columns {
    pub(super) sender: usize,
    recipient: usize,
    message_id: usize,
    status: Option<usize>,
    timestamp: Option<usize>,
    needed: Vec<usize>,
}

impl Columns {
    /// Finds SenderAddress, RecipientAddress, MessageId, Status and Received.
    pub fn locate(input: &CsvInput, mapping: &FieldMapping) -> Result<Columns> {
        let sender = required(input, mf::SENDER, mapping)?;
        let recipient = required(input, mf::RECIPIENTS, mapping)?;
        let message_id = required(input, mf::MESSAGE_ID, mapping)?;
        let status = optional(input, mf::STATUS, mapping)?;
        let timestamp = optional(input, mf::TIMESTAMP, mapping)?;
        let mut needed = vec![sender, recipient, message_id];
        needed.extend(status);
        needed.extend(timestamp);
        Ok(Columns {
            sender,
            recipient,
            message_id,
            status,
            timestamp,
            needed,
        })
    }

    /// `(field, column)` pairs.
    pub fn columns(&self) -> Vec<(&'static str, usize)> {
        let mut out = vec![
            ("sender", self.sender),
            ("recipients", self.recipient),
            ("message_id", self.message_id),
        ];
        out.extend(self.status.map(|c| ("status", c)));
        out.extend(self.timestamp.map(|c| ("timestamp", c)));
        out
    }

    /// One row, one recipient of a message that is grouped later.
    pub fn read<S: RowSink>(
        &self,
        row: &Row<'_>,
        sink: &mut S,
    ) -> std::result::Result<(), RejectedRow> {
        row.check_utf8(&self.needed)?;
        let time = timestamp(row, self.timestamp, sink.date_format())?;
        let id = row.text(self.message_id)?.trim();
        if id.is_empty() {
            return Err(row.reject(
                RejectReason::EmptyMessageId,
                Some(self.message_id),
                "expected the message id that ties a message's recipient rows together, found an empty field".into(),
            ));
        }
        let expanded = match self.status {
            Some(c) => row.text(c)?.trim().eq_ignore_ascii_case("expanded"),
            None => false,
        };
        let recipient = (!expanded).then_some(row.text(self.recipient)?);
        if !sink.per_recipient_row(id, row.text(self.sender)?, time, recipient) {
            return Err(empty_sender(row, self.sender));
        }
        Ok(())
    }
}

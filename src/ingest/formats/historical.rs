//! The Exchange Online historical search summary report: one row per message,
//! `origin_timestamp_utc, sender_address, recipient_status, message_subject, total_bytes,
//! message_id, network_message_id, ...`, where `recipient_status` packs one
//! `address##event, event` entry per recipient, separated by `;`. An entry whose events
//! include `Expand` is a distribution group (its members have entries of their own) and is
//! left out; every other entry is a recipient the sender wrote to.

use super::{LeftOut, RowSink, begin, optional, required, timestamp};
use crate::error::Result;
use crate::ingest::columns::{FieldMapping, message_fields as mf};
use crate::ingest::rejects::RejectedRow;
use crate::ingest::source::{CsvInput, Row};

/// The columns of a historical search report.
pub struct Columns {
    pub(super) sender: usize,
    recipient_status: usize,
    timestamp: Option<usize>,
    needed: Vec<usize>,
}

impl Columns {
    /// Finds sender_address, recipient_status and origin_timestamp_utc.
    pub fn locate(input: &CsvInput, mapping: &FieldMapping) -> Result<Columns> {
        let sender = required(input, mf::SENDER, mapping)?;
        let recipient_status = required(input, mf::RECIPIENT_STATUS, mapping)?;
        let timestamp = optional(input, mf::TIMESTAMP, mapping)?;
        let mut needed = vec![sender, recipient_status];
        needed.extend(timestamp);
        Ok(Columns {
            sender,
            recipient_status,
            timestamp,
            needed,
        })
    }

    /// `(field, column)` pairs.
    pub fn columns(&self) -> Vec<(&'static str, usize)> {
        let mut out = vec![
            ("sender", self.sender),
            ("recipient_status", self.recipient_status),
        ];
        out.extend(self.timestamp.map(|c| ("timestamp", c)));
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
        begin(row, self.sender, sink)?;
        for entry in row.text(self.recipient_status)?.split(';') {
            let (address, events) = entry.split_once("##").unwrap_or((entry, ""));
            if events
                .split(',')
                .any(|e| e.trim().eq_ignore_ascii_case("expand"))
            {
                sink.left_out(LeftOut::DistributionGroup);
                continue;
            }
            sink.recipient(address);
        }
        sink.end(time, crate::ingest::channel::EMAIL);
        Ok(())
    }
}

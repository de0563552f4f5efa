//! The message exports, one file each: how a format's rows become messages. They all go
//! through the same reader layer ([`crate::ingest::source`]: decoding, row loop, rejects) and
//! hand their addresses to the same [`Assembler`], so every format gets the same rules.

mod historical;
mod m365_trace;
mod per_recipient;
mod plain;

pub use per_recipient::PerRecipientRows;

use crate::error::Result;
use crate::ingest::columns::{Field, FieldMapping, locate, require};
use crate::ingest::format::InputFormat;
use crate::ingest::messages::{Assembler, IngestCounts, Message, shape_of};
use crate::ingest::rejects::{RejectReason, RejectedRow};
use crate::ingest::source::{CsvInput, Row};
use crate::ingest::time::{DateFormat, EXPECTED, parse_timestamp};

/// Where a format finds its fields in one file.
pub enum Layout {
    /// One row per message.
    Csv(plain::Columns),
    /// One row per recipient.
    Trace(m365_trace::Columns),
    /// One row per message, recipients packed with their delivery events.
    Historical(historical::Columns),
}

/// What a row reader needs besides the row.
pub struct RowContext<'c, 'd, F> {
    /// How to read timestamps.
    pub date_format: &'c DateFormat,
    pub(crate) assembler: &'c mut Assembler<'d>,
    /// Rows of per-recipient formats, waiting to be grouped.
    pub grouped: &'c mut PerRecipientRows,
    /// Counts across files.
    pub counts: &'c mut IngestCounts,
    /// Where finished messages go.
    pub on_message: &'c mut F,
    /// The sender of the row being read (a buffer reused from row to row).
    pub sender: String,
}

impl Layout {
    /// Finds the columns `format` needs in `input`'s header.
    pub fn locate(format: InputFormat, input: &CsvInput, mapping: &FieldMapping) -> Result<Layout> {
        Ok(match format {
            InputFormat::MessageCsv => Layout::Csv(plain::Columns::locate(input, mapping)?),
            InputFormat::M365Trace => Layout::Trace(m365_trace::Columns::locate(input, mapping)?),
            InputFormat::HistoricalReport => {
                Layout::Historical(historical::Columns::locate(input, mapping)?)
            }
        })
    }

    /// Which column each field is read from, as `(field, column)`.
    pub fn columns(&self) -> Vec<(&'static str, usize)> {
        match self {
            Layout::Csv(c) => c.columns(),
            Layout::Trace(c) => c.columns(),
            Layout::Historical(c) => c.columns(),
        }
    }

    /// The sender's column.
    pub fn sender_column(&self) -> usize {
        match self {
            Layout::Csv(c) => c.sender,
            Layout::Trace(c) => c.sender,
            Layout::Historical(c) => c.sender,
        }
    }

    /// Reads one row; a malformed one comes back as a rejected row.
    pub fn read<F>(
        &self,
        row: &Row<'_>,
        context: &mut RowContext<'_, '_, F>,
    ) -> std::result::Result<(), RejectedRow>
    where
        F: FnMut(&Message<'_>),
    {
        match self {
            Layout::Csv(c) => c.read(row, context),
            Layout::Trace(c) => c.read(row, context),
            Layout::Historical(c) => c.read(row, context),
        }
    }
}

/// A field the format needs, located with `--map` taken into account.
fn required(input: &CsvInput, field: Field, mapping: &FieldMapping) -> Result<usize> {
    require(input, field, mapping)
}

/// A field the format can do without.
fn optional(input: &CsvInput, field: Field, mapping: &FieldMapping) -> Result<Option<usize>> {
    locate(input, field, mapping)
}

/// The timestamp of a row, or the rejected row that says it cannot be read.
fn timestamp(
    row: &Row<'_>,
    column: Option<usize>,
    format: &DateFormat,
) -> std::result::Result<Option<i64>, RejectedRow> {
    let Some(c) = column else { return Ok(None) };
    let text = row.text(c)?;
    parse_timestamp(text, format).map_err(|_| {
        row.reject(
            RejectReason::BadTimestamp,
            Some(c),
            format!(
                "expected {EXPECTED}, found a value shaped '{}'",
                shape_of(text)
            ),
        )
    })
}

/// The normalized sender of a row, or the rejected row that says it is empty.
fn sender(row: &Row<'_>, column: usize, out: &mut String) -> std::result::Result<(), RejectedRow> {
    crate::ingest::address::sender_into(row.text(column)?, out);
    if out.is_empty() {
        return Err(row.reject(
            RejectReason::EmptySender,
            Some(column),
            "expected the sender's address or id, found an empty field".into(),
        ));
    }
    Ok(())
}

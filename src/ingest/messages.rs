//! Message logs, streamed: one reused `ByteRecord`, addresses resolved to person indexes at once,
//! nothing kept per row. Each well-formed row becomes a [`Message`] handed to a callback; what to
//! do with it (the weighting policy) is the graph stage's business.

use std::collections::BTreeSet;

use crate::error::{InputName, Result};
use crate::ingest::address::{normalize_into, split_list};
use crate::ingest::columns::{FieldMapping, locate, message_fields as mf, require};
use crate::ingest::directory::Directory;
use crate::ingest::rejects::{RejectReason, RejectedRow, Rejects};
use crate::ingest::source::{CsvInput, csv_error};
use crate::ingest::time::{DateFormat, EXPECTED, parse_timestamp};
use crate::progress::Progress;

/// Who sent a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    /// A person of the directory (index).
    Person(u32),
    /// An address outside the directory.
    External,
}

/// One well-formed message, as the graph stage sees it. Recipients are distinct, the sender is
/// removed from them, and `recipient_count` (k in the weighting) counts external recipients too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message<'a> {
    /// Unix seconds, when the log has a timestamp.
    pub timestamp: Option<i64>,
    /// The sender.
    pub sender: Sender,
    /// Distinct recipients who are in the directory, sorted, sender removed.
    pub recipients: &'a [u32],
    /// Distinct recipients other than the sender, external ones included.
    pub recipient_count: usize,
    /// True when the row listed no recipient at all.
    pub no_recipient_listed: bool,
}

/// Options of the message reader.
#[derive(Debug, Clone, Default)]
pub struct MessageOptions {
    /// `--map` overrides.
    pub mapping: FieldMapping,
    /// How to read day-first dates.
    pub date_format: DateFormat,
}

/// Counts of what the reader saw, over all message files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestCounts {
    /// Data rows read (rejected ones included).
    pub rows_read: u64,
    /// Well-formed messages handed on.
    pub messages: u64,
    /// Messages whose sender is outside the directory (they add nothing to the graph).
    pub external_senders: u64,
    /// Recipient mentions outside the directory (after removing duplicates within a message).
    pub external_recipients: u64,
    /// Distinct addresses outside the directory, senders and recipients.
    pub external_addresses: u64,
    /// Columns ignored because they may hold message content (subject, body...).
    pub content_columns_ignored: Vec<String>,
    /// The distinct external addresses seen (kept to count them; never written out).
    external: BTreeSet<String>,
}

const CONTENT_COLUMNS: [&str; 8] = [
    "subject", "body", "content", "text", "message", "objet", "corps", "preview",
];

/// The shape of a value, never its content: digits become `9`, letters `a`, the rest stays
/// (`31/01/2024 09h30` → `99/99/9999 99a99`), so a message can say what format was met
/// without copying what might be personal data to the terminal. At most 40 characters.
pub fn shape_of(value: &str) -> String {
    value
        .trim()
        .chars()
        .take(40)
        .map(|c| {
            if c.is_ascii_digit() {
                '9'
            } else if c.is_alphabetic() {
                'a'
            } else {
                c
            }
        })
        .collect()
}

/// Streams the messages of one file. Rejected rows go to `rejects` (an error under --strict);
/// `counts` adds up across files.
pub fn read_messages<F>(
    name: &InputName,
    directory: &Directory,
    options: &MessageOptions,
    rejects: &mut Rejects,
    counts: &mut IngestCounts,
    progress: &dyn Progress,
    mut on_message: F,
) -> Result<()>
where
    F: FnMut(&Message<'_>),
{
    let mut input = CsvInput::open(name, "timestamp,sender,recipients")?;
    let mapping = &options.mapping;
    let sender_col = require(&input, mf::SENDER, mapping)?;
    let ts_col = locate(&input, mf::TIMESTAMP, mapping)?;
    let mut recipient_cols: Vec<usize> = Vec::new();
    for field in [mf::RECIPIENTS, mf::CC, mf::BCC] {
        if let Some(c) = locate(&input, field, mapping)?
            && !recipient_cols.contains(&c)
        {
            recipient_cols.push(c);
        }
    }
    if recipient_cols.is_empty() {
        require(&input, mf::RECIPIENTS, mapping)?;
    }
    for h in &input.headers {
        if CONTENT_COLUMNS.contains(&h.to_lowercase().as_str())
            && !counts.content_columns_ignored.contains(h)
        {
            counts.content_columns_ignored.push(h.clone());
        }
    }
    let external = &mut counts.external;
    let width = input.headers.len();
    let mut tally = IngestCounts::default();
    let mut needed = vec![sender_col];
    needed.extend(ts_col);
    needed.extend(recipient_cols.iter().copied());
    progress.start("ingest", input.len);

    let mut record = csv::ByteRecord::new();
    let mut scratch = String::new();
    let mut known: Vec<u32> = Vec::new();
    let mut outside: Vec<String> = Vec::new();
    let mut last_line = 1;
    let mut last_had_newline = false;
    let mut rows_since_tick = 0u64;
    let mut bytes_reported = 0u64;
    while input
        .reader
        .read_byte_record(&mut record)
        .map_err(|e| csv_error(name, e))?
    {
        let line = input.line_of(&record);
        last_line = line;
        last_had_newline = record.iter().any(|f| f.contains(&b'\n'));
        rows_since_tick += 1;
        if rows_since_tick == 65_536 {
            rows_since_tick = 0;
            let b = input.reader.get_ref().bytes();
            progress.inc(b.saturating_sub(bytes_reported));
            bytes_reported = b;
        }
        if record.len() == 1 && width > 1 && record[0].iter().all(u8::is_ascii_whitespace) {
            continue; // a blank line
        }
        tally.rows_read += 1;
        let reject = |reason, column: Option<usize>, detail: String| RejectedRow {
            file: name.clone(),
            line,
            column: column.map(|c| input.headers[c].clone()),
            reason,
            detail,
        };
        if record.len() != width {
            rejects.reject(reject(
                RejectReason::WrongFieldCount,
                None,
                format!(
                    "expected {width} fields as in the header, found {}",
                    record.len()
                ),
            ))?;
            continue;
        }
        if let Some(&bad) = needed
            .iter()
            .find(|&&c| std::str::from_utf8(&record[c]).is_err())
        {
            rejects.reject(reject(
                RejectReason::InvalidUtf8,
                Some(bad),
                "expected UTF-8 text (save the file as CSV UTF-8)".into(),
            ))?;
            continue;
        }
        let text = |c: usize| std::str::from_utf8(&record[c]).expect("invariant: checked above");
        let timestamp = match ts_col {
            None => None,
            Some(c) => match parse_timestamp(text(c), &options.date_format) {
                Ok(t) => t,
                Err(_) => {
                    let shown = shape_of(text(c));
                    rejects.reject(reject(
                        RejectReason::BadTimestamp,
                        Some(c),
                        format!("expected {EXPECTED}, found a value shaped '{shown}'"),
                    ))?;
                    continue;
                }
            },
        };
        normalize_into(text(sender_col), &mut scratch);
        if scratch.is_empty() {
            rejects.reject(reject(
                RejectReason::EmptySender,
                Some(sender_col),
                "expected the sender's address or id, found an empty field".into(),
            ))?;
            continue;
        }
        let sender = match directory.find(&scratch) {
            Some(p) => Sender::Person(p),
            None => {
                if !external.contains(scratch.as_str()) {
                    external.insert(scratch.clone());
                }
                Sender::External
            }
        };
        let sender_text = std::mem::take(&mut scratch);

        known.clear();
        outside.clear();
        let mut listed = false;
        for &c in &recipient_cols {
            for item in split_list(text(c)) {
                listed = true;
                normalize_into(item, &mut scratch);
                match directory.find(&scratch) {
                    Some(p) => known.push(p),
                    None => outside.push(scratch.clone()),
                }
            }
        }
        known.sort_unstable();
        known.dedup();
        outside.sort_unstable();
        outside.dedup();
        match sender {
            Sender::Person(s) => known.retain(|&r| r != s),
            Sender::External => outside.retain(|r| *r != sender_text),
        }
        scratch = sender_text;
        tally.messages += 1;
        tally.external_recipients += outside.len() as u64;
        if sender == Sender::External {
            tally.external_senders += 1;
        }
        let recipient_count = known.len() + outside.len();
        for r in outside.drain(..) {
            if !external.contains(r.as_str()) {
                external.insert(r);
            }
        }
        on_message(&Message {
            timestamp,
            sender,
            recipients: &known,
            recipient_count,
            no_recipient_listed: !listed,
        });
    }
    progress.inc(
        input
            .reader
            .get_ref()
            .bytes()
            .saturating_sub(bytes_reported),
    );
    progress.finish();
    input.check_quotes(last_line, last_had_newline)?;
    counts.rows_read += tally.rows_read;
    counts.messages += tally.messages;
    counts.external_recipients += tally.external_recipients;
    counts.external_senders += tally.external_senders;
    counts.external_addresses = counts.external.len() as u64;
    Ok(())
}

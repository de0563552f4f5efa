//! A worker's batch of the parallel row loop ([`crate::ingest::source::CsvInput::for_each_row_parallel`]):
//! the table layouts write their rows into it as into the [`MessageSink`], but it does only the
//! half of the work that does not depend on the order of the rows (UTF-8 checks, address
//! parsing and normalizing, directory lookups, timestamps, sorting the recipients) and records
//! the rest as compact operations, which [`Recorded::replay`] applies in file order: the
//! counts, rejected rows, first appearances and collectors come out exactly as from one
//! thread. Nothing is kept per row beyond the batch (a few thousand rows).
//!
//! A message's addresses are normalized as its row is read but looked up in the directory
//! only when the batch is complete ([`RowBatch::finish`]), all at once: the directory is
//! megabytes at 50,000 people, so each lookup is a miss to memory, and a batch's thousands of
//! lookups can overlap theirs where a row's few could not.

use std::ops::Range;

use crate::error::Result;
use crate::ingest::address::{for_each_address, normalize_into, sender_into};
use crate::ingest::directory::Directory;
use crate::ingest::formats::{LeftOut, PerRecipientRows, RowSink};
use crate::ingest::messages::{
    IngestCounts, ResolvedMessage, TieRow, account_message, account_tie,
};
use crate::ingest::rejects::{RejectedRow, Rejects};
use crate::ingest::source::RowBatch;
use crate::ingest::ties::Collector;
use crate::ingest::time::DateFormat;

/// A span of [`Recorded`]'s text arena (32-bit: a batch holds at most a few MiB).
type Span = Range<u32>;

/// One recorded operation, in row order.
enum Op {
    /// A message as read: its normalized sender, then its normalized recipients (a span of
    /// `addresses`); [`RowBatch::finish`] turns it into an [`Op::Message`].
    Read {
        addresses: Span,
        listed: bool,
        timestamp: Option<i64>,
        channel: Option<Span>,
    },
    /// A message, resolved: the sender's index or its normalized address, the recipients
    /// tidied (spans of the batch's `known` ids and `outside` address spans).
    Message {
        sender: std::result::Result<u32, Span>,
        known: Span,
        outside: Span,
        listed: bool,
        timestamp: Option<i64>,
        /// `None`: email, the default channel.
        channel: Option<Span>,
    },
    /// A tie row, resolved.
    Tie {
        from: std::result::Result<u32, Span>,
        to: Option<u32>,
        units: u128,
        timestamp: Option<i64>,
        channel: Option<Span>,
    },
    /// A tie row of weight 0.
    ZeroTie,
    /// A per-recipient row, grouped in file order by the consumer (its open messages are the
    /// one thing such a trace keeps until its end).
    PerRecipient {
        message_id: String,
        sender: String,
        timestamp: Option<i64>,
        recipient: Option<String>,
    },
    /// Something left out on purpose.
    LeftOut(LeftOut),
    /// A rejected row.
    Rejected(Box<RejectedRow>),
}

/// Moves to the front of sorted `items` the first of each run of `same` items that `keep`
/// accepts; returns how many (sort, dedup and retain in one pass, without allocating).
fn compact<T: Clone>(
    items: &mut [T],
    same: impl Fn(&T, &T) -> bool,
    keep: impl Fn(&T) -> bool,
) -> usize {
    let mut kept = 0;
    for i in 0..items.len() {
        if i > 0 && same(&items[i], &items[i - 1]) {
            continue;
        }
        if keep(&items[i]) {
            items[kept] = items[i].clone();
            kept += 1;
        }
    }
    kept
}

/// A batch of rows as a worker read them. O(rows + addresses) memory.
pub(crate) struct Recorded<'d> {
    directory: &'d Directory,
    date_format: &'d DateFormat,
    ops: Vec<Op>,
    /// Recipient ids of the batch's messages.
    known: Vec<u32>,
    /// Spans of external recipient addresses.
    outside: Vec<Span>,
    /// Normalized addresses and channels the operations point into.
    text: String,
    /// Spans of the messages' normalized addresses, each message's sender first.
    addresses: Vec<Span>,
    /// Where the message being read starts in `addresses` (anything past it from a message
    /// never finished, its row rejected, is dropped at the next start).
    message_start: usize,
    listed: bool,
    scratch: String,
}

impl<'d> Recorded<'d> {
    /// An empty batch resolving addresses through `directory`.
    pub(crate) fn new(directory: &'d Directory, date_format: &'d DateFormat) -> Self {
        Recorded {
            directory,
            date_format,
            ops: Vec::new(),
            known: Vec::new(),
            outside: Vec::new(),
            text: String::new(),
            addresses: Vec::new(),
            message_start: 0,
            listed: false,
            scratch: String::new(),
        }
    }

    /// Copies `s` into the text arena.
    fn keep(&mut self, s: &str) -> Span {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        start..self.text.len() as u32
    }

    /// Adds the normalized address in `scratch` to the message being read.
    fn keep_address(&mut self) {
        let start = self.text.len() as u32;
        self.text.push_str(&self.scratch);
        self.addresses.push(start..self.text.len() as u32);
    }

    /// Applies the batch in its row order, as the sequential row loop would have: rejected
    /// rows to `rejects` (an error under `--strict`, which stops here), messages and ties
    /// counted and handed to `collector`, per-recipient rows to `grouped`. O(batch).
    pub(crate) fn replay(
        mut self,
        counts: &mut IngestCounts,
        grouped: &mut PerRecipientRows,
        rejects: &mut Rejects,
        collector: &mut dyn Collector,
    ) -> Result<()> {
        // done on the worker already (then this finds nothing left to do), but a batch is
        // never replayed unresolved
        self.finish();
        let people = self.directory.people().len();
        let Recorded {
            ops,
            known,
            outside,
            text,
            ..
        } = self;
        let of = |s: &Span| &text[s.start as usize..s.end as usize];
        let mut outside_texts: Vec<&str> = Vec::new();
        for op in ops {
            match op {
                // none left: `finish` resolved them all just above
                Op::Read { .. } => {}
                Op::Message {
                    sender,
                    known: mine,
                    outside: theirs,
                    listed,
                    timestamp,
                    channel,
                } => {
                    outside_texts.clear();
                    outside_texts.extend(
                        outside[theirs.start as usize..theirs.end as usize]
                            .iter()
                            .map(of),
                    );
                    let mut message = ResolvedMessage {
                        sender: sender.map_err(|s| of(&s)),
                        known: &known[mine.start as usize..mine.end as usize],
                        outside_count: outside_texts.len(),
                        outside: outside_texts.iter().copied(),
                        listed,
                        timestamp,
                        channel: channel.as_ref().map_or(crate::ingest::channel::EMAIL, of),
                    };
                    account_message(&mut message, people, counts, collector);
                }
                Op::Tie {
                    from,
                    to,
                    units,
                    timestamp,
                    channel,
                } => {
                    let row = TieRow {
                        source: "",
                        target: "",
                        units,
                        timestamp,
                        channel: channel.as_ref().map(of),
                    };
                    account_tie(
                        from.map_err(|s| of(&s)),
                        to,
                        &row,
                        people,
                        counts,
                        collector,
                    );
                }
                Op::ZeroTie => {
                    counts.tie_rows += 1;
                    counts.zero_weight_ties += 1;
                }
                Op::PerRecipient {
                    message_id,
                    sender,
                    timestamp,
                    recipient,
                } => match recipient {
                    Some(r) => grouped.add(&message_id, &sender, timestamp, &r),
                    None => grouped.add_group_row(&message_id, &sender, timestamp),
                },
                Op::LeftOut(what) => *counts.left_out.entry(what).or_default() += 1,
                Op::Rejected(row) => rejects.reject(*row)?,
            }
        }
        Ok(())
    }
}

impl RowBatch for Recorded<'_> {
    fn rejected(&mut self, row: RejectedRow) {
        self.ops.push(Op::Rejected(Box::new(row)));
    }

    /// Looks up every address of the batch's messages at once, then tidies each message as
    /// the sequential loop's `tidy_recipients` does: recipients sorted and deduplicated, the
    /// sender left out (a known sender by id, an unknown one by address). O(addresses).
    fn finish(&mut self) {
        let Recorded {
            directory,
            ops,
            known,
            outside,
            text,
            addresses,
            message_start,
            ..
        } = self;
        let of = |s: &Span| &text[s.start as usize..s.end as usize];
        let mut found = Vec::new();
        directory.find_all(addresses.iter().map(of), &mut found);
        for op in ops.iter_mut() {
            let Op::Read {
                addresses: mine,
                listed,
                timestamp,
                channel,
            } = op
            else {
                continue;
            };
            let (first, last) = (mine.start as usize, mine.end as usize);
            let person = found[first];
            let sender_text = of(&addresses[first]);
            let known_start = known.len();
            let outside_start = outside.len();
            for (span, found) in addresses[first + 1..last]
                .iter()
                .zip(&found[first + 1..last])
            {
                match found {
                    Some(p) => known.push(*p),
                    None => outside.push(span.clone()),
                }
            }
            let mine_known = &mut known[known_start..];
            mine_known.sort_unstable();
            let kept = compact(mine_known, |a, b| a == b, |&r| Some(r) != person);
            known.truncate(known_start + kept);
            let mine_outside = &mut outside[outside_start..];
            mine_outside.sort_unstable_by(|a, b| of(a).cmp(of(b)));
            let kept = compact(
                mine_outside,
                |a, b| of(a) == of(b),
                |s| person.is_some() || of(s) != sender_text,
            );
            outside.truncate(outside_start + kept);
            *op = Op::Message {
                sender: person.ok_or_else(|| addresses[first].clone()),
                known: known_start as u32..known.len() as u32,
                outside: outside_start as u32..outside.len() as u32,
                listed: *listed,
                timestamp: *timestamp,
                channel: channel.take(),
            };
        }
        // resolved: a second call has nothing to look up
        addresses.clear();
        *message_start = 0;
    }
}

impl RowSink for Recorded<'_> {
    fn date_format(&self) -> &DateFormat {
        self.date_format
    }

    fn begin(&mut self, sender: &str) -> bool {
        self.addresses.truncate(self.message_start);
        self.listed = false;
        sender_into(sender, &mut self.scratch);
        if self.scratch.is_empty() {
            return false;
        }
        self.keep_address();
        true
    }

    fn recipient(&mut self, address: &str) {
        normalize_into(address, &mut self.scratch);
        if self.scratch.is_empty() {
            return;
        }
        self.listed = true;
        self.keep_address();
    }

    fn recipient_list(&mut self, list: &str) {
        for_each_address(list, |a| self.recipient(a));
    }

    fn end(&mut self, timestamp: Option<i64>, channel: &str) {
        debug_assert!(
            self.addresses.len() > self.message_start,
            "a message ended without a sender"
        );
        let channel = (channel != crate::ingest::channel::EMAIL).then(|| self.keep(channel));
        self.ops.push(Op::Read {
            addresses: self.message_start as u32..self.addresses.len() as u32,
            listed: self.listed,
            timestamp,
            channel,
        });
        self.message_start = self.addresses.len();
    }

    fn per_recipient_row(
        &mut self,
        message_id: &str,
        sender: &str,
        timestamp: Option<i64>,
        recipient: Option<&str>,
    ) -> bool {
        sender_into(sender, &mut self.scratch);
        if self.scratch.is_empty() {
            return false;
        }
        self.ops.push(Op::PerRecipient {
            message_id: message_id.to_string(),
            sender: self.scratch.clone(),
            timestamp,
            recipient: recipient.map(str::to_string),
        });
        true
    }

    fn tie(
        &mut self,
        source: &str,
        target: &str,
        units: u128,
        timestamp: Option<i64>,
        channel: Option<&str>,
    ) {
        if units == 0 {
            self.ops.push(Op::ZeroTie);
            return;
        }
        normalize_into(source, &mut self.scratch);
        let from = match self.directory.find(&self.scratch) {
            Some(p) => Ok(p),
            None => {
                let scratch = std::mem::take(&mut self.scratch);
                let span = self.keep(&scratch);
                self.scratch = scratch;
                Err(span)
            }
        };
        normalize_into(target, &mut self.scratch);
        let to = self.directory.find(&self.scratch);
        let channel = channel.map(|c| self.keep(c));
        self.ops.push(Op::Tie {
            from,
            to,
            units,
            timestamp,
            channel,
        });
    }

    fn left_out(&mut self, what: LeftOut) {
        self.ops.push(Op::LeftOut(what));
    }
}

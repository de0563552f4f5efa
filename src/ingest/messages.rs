//! Message logs, streamed: each export format ([`crate::ingest::formats`]) turns its rows into
//! messages, whose addresses are resolved to person indexes at once; nothing is kept per row
//! (except the open message ids of a per-recipient trace, which must be grouped back). Each
//! message is handed to a callback; what to do with it (the weighting policy) is the graph
//! stage's business.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::error::{Error, InputName, Result};
use crate::ingest::address::normalize_into;
use crate::ingest::columns::FieldMapping;
use crate::ingest::directory::Directory;
use crate::ingest::format::{HeaderKind, InputFormat, classify};
use crate::ingest::formats::{self, Layout, LeftOut, MessageSink, MessageSource, PerRecipientRows};
use crate::ingest::recorded::Recorded;
use crate::ingest::rejects::Rejects;
use crate::ingest::source::{CsvInput, OpenOptions};
use crate::ingest::ties::{Collector, WeightedTie};
use crate::ingest::time::DateFormat;
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
    /// The channel (`email`, `chat`, `meeting`, or a message CSV's own value).
    pub channel: &'a str,
}

#[cfg(test)]
impl<'a> Message<'a> {
    /// An email from person `sender` to `recipients` of the directory only (distinct, sorted,
    /// the sender not among them), for the graph stage's tests.
    pub(crate) fn email(timestamp: Option<i64>, sender: u32, recipients: &'a [u32]) -> Self {
        Message {
            timestamp,
            sender: Sender::Person(sender),
            recipients,
            recipient_count: recipients.len(),
            no_recipient_listed: false,
            channel: "email",
        }
    }
}

/// Options of the message reader.
#[derive(Debug, Clone, Default)]
pub struct MessageOptions {
    /// `--map` overrides.
    pub mapping: FieldMapping,
    /// How to read day-first dates.
    pub date_format: DateFormat,
    /// A forced encoding (`--encoding`).
    pub open: OpenOptions,
    /// A forced format (`--input-format`), else detected from each file's header.
    pub format: Option<InputFormat>,
    /// The analysed period of calendar files (`--calendar-since`, `--calendar-until`).
    pub calendar: formats::CalendarPeriod,
    /// What becomes of Slack channel messages (`--slack-channels`).
    pub slack_channels: crate::ingest::formats::SlackChannels,
    /// The time zone whose midnight a tie list's days start at (`--timezone`).
    pub timezone: chrono_tz::Tz,
    /// Threads that parse a table's rows (`--threads`); 0: as many as rayon's pool has.
    /// The results do not depend on it.
    pub threads: usize,
}

impl MessageOptions {
    /// The worker threads of the parallel row loop: 1 means the sequential loop.
    pub fn workers(&self) -> usize {
        if self.threads == 0 {
            rayon::current_num_threads()
        } else {
            self.threads
        }
    }
}

/// How one input file was read: what `siloscope check`, stderr and summary.json say of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputDescription {
    /// The file, as named on the command line.
    pub file: String,
    /// The export format (message files only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<InputFormat>,
    /// The encoding it was read in (`UTF-8`, `UTF-16LE`, `Windows-1252`...).
    pub encoding: &'static str,
    /// Why that encoding (`byte_order_mark`, `zero_byte_pattern`, `not_utf8`, `valid_utf8`,
    /// `forced`).
    pub encoding_reason: crate::ingest::decode::EncodingReason,
    /// The delimiter, as a character.
    pub delimiter: String,
    /// Which header each field was read from, as `(field, header)` (a JSON object).
    #[serde(serialize_with = "pairs_as_object")]
    pub columns: Vec<(String, String)>,
}

fn pairs_as_object<S: serde::Serializer>(
    pairs: &[(String, String)],
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

/// Counts of what the reader saw, over all message files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestCounts {
    /// Data rows read (rejected ones included).
    pub rows_read: u64,
    /// Well-formed messages handed on (after grouping per-recipient rows).
    pub messages: u64,
    /// Rows of tie inputs (a Viva Insights person-to-person query) read as ties.
    pub tie_rows: u64,
    /// Tie rows with someone outside the directory: left out.
    pub ties_outside_directory: u64,
    /// Tie rows from a person to themself: left out.
    pub self_ties: u64,
    /// Tie rows of weight 0 (an empty metric): nothing to add.
    pub zero_weight_ties: u64,
    /// The column tie weights were read from.
    pub tie_metric: Option<String>,
    /// Rows of per-recipient formats (message traces) that were grouped into messages.
    pub per_recipient_rows: u64,
    /// Distribution-group entries (a trace's `Expanded` rows, a report's `Expand` entries):
    /// the group, not a person; its members have entries of their own.
    pub distribution_group_rows: u64,
    /// What the formats left out on purpose, by kind (bots, system messages, channel
    /// messages...).
    pub left_out: std::collections::BTreeMap<LeftOut, u64>,
    /// Messages whose sender is outside the directory (they add nothing to the graph).
    pub external_senders: u64,
    /// Recipient mentions outside the directory (after removing duplicates within a message).
    pub external_recipients: u64,
    /// Distinct addresses outside the directory, senders and recipients.
    pub external_addresses: u64,
    /// Distinct sender addresses outside the directory.
    pub distinct_external_senders: u64,
    /// Distinct people of the directory who sent at least one message.
    pub distinct_directory_senders: u64,
    /// Distinct people of the directory who sent or received at least one message.
    pub people_seen: u64,
    /// Earliest and latest timestamp, Unix seconds.
    pub time_span: Option<(i64, i64)>,
    /// Columns ignored because they may hold message content (subject, body...).
    pub content_columns_ignored: Vec<String>,
    /// How each message file was read.
    pub files: Vec<InputDescription>,
    /// The first sender outside the directory, kept only to show its *shape* in a message
    /// (never its value, never written out).
    pub first_external_sender: Option<String>,
    /// The distinct external addresses seen (kept to count them; never written out).
    external: BTreeSet<String>,
    external_senders_seen: BTreeSet<String>,
    /// The meetings of calendar files read so far (a hash of each UID, and of UID and
    /// RECURRENCE-ID for an occurrence), so that the same meeting exported from two calendars
    /// counts once across files.
    pub(crate) calendar_keys: std::collections::HashSet<[u8; 16]>,
    /// Digests of the message ids met by [`IngestCounts::first_copy`].
    message_ids: rustc_hash::FxHashSet<u128>,
    sent: Vec<bool>,
    seen: Vec<bool>,
}

impl IngestCounts {
    /// True when the tie rows come from a tie list (`--ties`), not a Viva Insights query.
    pub fn reads_tie_list(&self) -> bool {
        self.files
            .iter()
            .any(|f| f.format == Some(InputFormat::TieList))
    }

    /// True the first time `message_id` is met (SHA-256 of the id, first 128 bits, kept).
    pub(crate) fn first_copy(&mut self, message_id: &str) -> bool {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(message_id.as_bytes());
        let mut first = [0u8; 16];
        first.copy_from_slice(&digest[..16]);
        self.message_ids.insert(u128::from_le_bytes(first))
    }

    /// Makes room for the people of the directory in the per-person flags.
    fn fit(&mut self, people: usize) {
        if self.sent.len() < people {
            self.sent.resize(people, false);
            self.seen.resize(people, false);
        }
    }

    /// A message (or tie row) from `address` (normalized), outside the directory.
    fn note_external_sender(&mut self, address: &str) {
        self.external_senders += 1;
        if !self.external_senders_seen.contains(address) {
            self.external_senders_seen.insert(address.to_string());
        }
        if self.first_external_sender.is_none() {
            self.first_external_sender = Some(address.to_string());
        }
    }

    /// Widens the time span to `timestamp`.
    fn note_time(&mut self, timestamp: Option<i64>) {
        if let Some(t) = timestamp {
            self.time_span = Some(match self.time_span {
                None => (t, t),
                Some((a, b)) => (a.min(t), b.max(t)),
            });
        }
    }
}

const CONTENT_COLUMNS: [&str; 9] = [
    "subject",
    "body",
    "content",
    "text",
    "message",
    "objet",
    "corps",
    "preview",
    "message_subject",
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

/// One message input, opened: its format detected, nothing read yet but what detection and
/// [`MessageInput::sample_senders`] needed (and that is not lost).
pub struct MessageInput {
    format: InputFormat,
    kind: Kind,
}

enum Kind {
    /// A table read by the shared row loop.
    Table { csv: Box<CsvInput>, layout: Layout },
    /// Any other export, read by its own reader.
    Source(Box<dyn MessageSource>),
}

impl MessageInput {
    /// Opens a message input, detects its encoding and format from its content, and finds its
    /// columns. A file that looks like a people directory is refused.
    pub fn open(name: &InputName, options: &MessageOptions) -> Result<MessageInput> {
        let text = match formats::open_by_content(name, options)? {
            formats::Opened::Source(format, source) => {
                return Ok(MessageInput {
                    format,
                    kind: Kind::Source(source),
                });
            }
            formats::Opened::Text(text) => text,
        };
        let csv = CsvInput::from_text(text, "timestamp,sender,recipients")?;
        let detected = classify(&csv.headers);
        if options.format.is_none() && detected == HeaderKind::Directory {
            return Err(Error::WrongInput {
                file: name.clone(),
                given_as: "--messages",
                looks_like: "a people directory (it has a department column and no sender)",
                hint: "give it with --people, and the message log with --messages",
            });
        }
        let format = options.format.unwrap_or(match detected {
            HeaderKind::Messages(f) => f,
            _ => InputFormat::MessageCsv,
        });
        let layout = Layout::locate(format, &csv, options)?;
        Ok(MessageInput {
            format,
            kind: Kind::Table {
                csv: Box::new(csv),
                layout,
            },
        })
    }

    /// The detected format.
    pub fn format(&self) -> InputFormat {
        self.format
    }

    /// How the input is read.
    pub fn description(&self) -> InputDescription {
        match &self.kind {
            Kind::Table { csv, layout } => InputDescription {
                file: csv.name.to_string(),
                format: Some(self.format),
                encoding: csv.encoding.name(),
                encoding_reason: csv.encoding.reason,
                delimiter: delimiter_name(csv.delimiter),
                columns: layout
                    .columns()
                    .into_iter()
                    .map(|(field, c)| (field.to_string(), csv.headers[c].clone()))
                    .collect(),
            },
            Kind::Source(source) => source.description(),
        }
    }

    /// The senders of the first `n` messages, normalized (they are read ahead and handed out
    /// again later), so that the directory can tell which of its columns the logs use.
    pub fn sample_senders(&mut self, n: usize) -> Result<Vec<String>> {
        let raw: Vec<String> = match &mut self.kind {
            Kind::Table { csv, layout } => {
                let column = layout.sender_column();
                csv.peek(n)?
                    .iter()
                    .filter_map(|r| r.get(column).and_then(|b| std::str::from_utf8(b).ok()))
                    .map(str::to_string)
                    .collect()
            }
            Kind::Source(source) => source.sample_senders(n)?,
        };
        let mut out = Vec::with_capacity(raw.len());
        for text in raw {
            let mut s = String::new();
            crate::ingest::address::sender_into(&text, &mut s);
            if !s.is_empty() {
                out.push(s);
            }
        }
        Ok(out)
    }
}

/// The delimiter as shown to people.
pub fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "tab".to_string(),
        other => (other as char).to_string(),
    }
}

/// A delimiter as [`InputDescription::delimiter`] holds it, in French (for summary.md under
/// `--lang fr`): the words the readers write (`tab`, `none (JSON)`, `From_ line`, the .eml
/// ones) translated, a character as it is.
pub fn delimiter_fr(shown: &str) -> &str {
    match shown {
        "tab" => "tabulation",
        "none (JSON)" => "aucun (JSON)",
        "From_ line" => "ligne From_",
        "one message" => "un message",
        "one message per .eml file" => "un message par fichier .eml",
        other => other,
    }
}

/// One row of a tie input as written: the two people's ids or addresses, the weight in units
/// of 10^-12, the date and the channel if given.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TieRow<'a> {
    pub(crate) source: &'a str,
    pub(crate) target: &'a str,
    pub(crate) units: u128,
    pub(crate) timestamp: Option<i64>,
    pub(crate) channel: Option<&'a str>,
}

/// Turns the addresses of one message into a [`Message`]: resolves them through the directory,
/// removes duplicates and the sender, counts external addresses. Buffers are reused.
pub(crate) struct Assembler<'d> {
    directory: &'d Directory,
    known: Vec<u32>,
    outside: Vec<String>,
    listed: bool,
    scratch: String,
    /// A tie's target, normalized (its source stays in `scratch`).
    target: String,
}

impl<'d> Assembler<'d> {
    fn new(directory: &'d Directory) -> Self {
        Assembler {
            directory,
            known: Vec::new(),
            outside: Vec::new(),
            listed: false,
            scratch: String::new(),
            target: String::new(),
        }
    }

    /// A new message begins.
    pub(crate) fn start(&mut self) {
        self.known.clear();
        self.outside.clear();
        self.listed = false;
    }

    /// One recipient address as written (it is normalized here).
    pub(crate) fn recipient(&mut self, raw: &str) {
        normalize_into(raw, &mut self.scratch);
        if self.scratch.is_empty() {
            return;
        }
        self.listed = true;
        match self.directory.find(&self.scratch) {
            Some(p) => self.known.push(p),
            None => self.outside.push(self.scratch.clone()),
        }
    }

    /// The message is complete: `sender` is normalized and not empty.
    pub(crate) fn finish(
        &mut self,
        timestamp: Option<i64>,
        sender: &str,
        channel: &str,
        counts: &mut IngestCounts,
        collector: &mut dyn Collector,
    ) {
        let person = self.directory.find(sender);
        tidy_recipients(person, sender, &mut self.known, &mut self.outside);
        let outside = self.outside.iter().map(String::as_str);
        let mut message = ResolvedMessage {
            sender: person.ok_or(sender),
            known: &self.known,
            outside_count: self.outside.len(),
            outside,
            listed: self.listed,
            timestamp,
            channel,
        };
        account_message(
            &mut message,
            self.directory.people().len(),
            counts,
            collector,
        );
    }

    /// One directed tie of a tie input, resolved through the directory.
    pub(crate) fn tie(
        &mut self,
        row: &TieRow<'_>,
        counts: &mut IngestCounts,
        collector: &mut dyn Collector,
    ) {
        normalize_into(row.source, &mut self.scratch);
        let from = self.directory.find(&self.scratch).ok_or(&*self.scratch);
        normalize_into(row.target, &mut self.target);
        let to = self.directory.find(&self.target);
        let people = self.directory.people().len();
        account_tie(from, to, row, people, counts, collector);
    }
}

/// Sorts and dedups the recipients of a message and takes the sender out of them: what
/// [`Message::recipients`] and `recipient_count` promise. `person` is the sender's index,
/// `None` for an external `sender` (normalized). O(k log k).
pub(crate) fn tidy_recipients<S: AsRef<str> + Ord>(
    person: Option<u32>,
    sender: &str,
    known: &mut Vec<u32>,
    outside: &mut Vec<S>,
) {
    known.sort_unstable();
    known.dedup();
    outside.sort_unstable();
    outside.dedup();
    match person {
        Some(s) => known.retain(|&r| r != s),
        None => outside.retain(|r| r.as_ref() != sender),
    }
}

/// One message resolved through the directory, its recipients tidied ([`tidy_recipients`]):
/// what [`account_message`] counts and hands on.
pub(crate) struct ResolvedMessage<'a, I> {
    /// The sender's index, or its normalized address when outside the directory.
    pub(crate) sender: std::result::Result<u32, &'a str>,
    /// Recipients in the directory: distinct, sorted, the sender left out.
    pub(crate) known: &'a [u32],
    /// How many items `outside` yields.
    pub(crate) outside_count: usize,
    /// The external recipients, normalized, distinct, the sender left out.
    pub(crate) outside: I,
    /// The row listed at least one recipient.
    pub(crate) listed: bool,
    /// Unix seconds, when the log has a timestamp.
    pub(crate) timestamp: Option<i64>,
    /// The message's channel.
    pub(crate) channel: &'a str,
}

/// The order-dependent half of a message (the counts, the first external sender, the
/// collector), done in file order by whichever thread consumes the messages; the other half
/// (normalizing, directory lookups, [`tidy_recipients`]) may run anywhere. O(k).
pub(crate) fn account_message<'a, I: Iterator<Item = &'a str>>(
    message: &mut ResolvedMessage<'a, I>,
    people: usize,
    counts: &mut IngestCounts,
    collector: &mut dyn Collector,
) {
    counts.fit(people);
    let sender = match message.sender {
        Ok(p) => {
            counts.sent[p as usize] = true;
            counts.seen[p as usize] = true;
            Sender::Person(p)
        }
        Err(sender_text) => {
            counts.note_external_sender(sender_text);
            if !counts.external.contains(sender_text) {
                counts.external.insert(sender_text.to_string());
            }
            Sender::External
        }
    };
    for &r in message.known {
        counts.seen[r as usize] = true;
    }
    counts.messages += 1;
    counts.external_recipients += message.outside_count as u64;
    counts.note_time(message.timestamp);
    let recipient_count = message.known.len() + message.outside_count;
    for r in message.outside.by_ref() {
        if !counts.external.contains(r) {
            counts.external.insert(r.to_string());
        }
    }
    collector.message(&Message {
        timestamp: message.timestamp,
        sender,
        recipients: message.known,
        recipient_count,
        no_recipient_listed: !message.listed,
        channel: message.channel,
    });
}

/// The order-dependent half of a tie row: `from` is the source's index or its normalized
/// address, `to` the target's index if in the directory. O(1).
pub(crate) fn account_tie(
    from: std::result::Result<u32, &str>,
    to: Option<u32>,
    row: &TieRow<'_>,
    people: usize,
    counts: &mut IngestCounts,
    collector: &mut dyn Collector,
) {
    counts.fit(people);
    counts.tie_rows += 1;
    if let Err(source) = from {
        counts.note_external_sender(source);
    }
    counts.note_time(row.timestamp);
    match (from.ok(), to) {
        (Some(s), Some(r)) if s != r => {
            counts.sent[s as usize] = true;
            counts.seen[s as usize] = true;
            counts.seen[r as usize] = true;
            collector.tie(&WeightedTie {
                source: s,
                target: r,
                units: row.units,
                timestamp: row.timestamp,
                channel: row.channel,
            });
        }
        (Some(s), Some(_)) => {
            counts.sent[s as usize] = true;
            counts.self_ties += 1;
        }
        (Some(s), None) => {
            counts.sent[s as usize] = true;
            counts.ties_outside_directory += 1;
        }
        _ => counts.ties_outside_directory += 1,
    }
}

/// Streams the messages of every input, in order; per-recipient rows (message traces) are
/// grouped across all the trace files and handed on after them, so that a message split over
/// two exported files is still one message. Rejected rows go to `rejects` (an error under
/// `--strict`); `counts` adds up across files.
pub fn read_messages<C>(
    inputs: Vec<MessageInput>,
    directory: &Directory,
    options: &MessageOptions,
    rejects: &mut Rejects,
    counts: &mut IngestCounts,
    progress: &dyn Progress,
    mut collector: C,
) -> Result<()>
where
    C: Collector,
{
    let mut assembler = Assembler::new(directory);
    let mut grouped = PerRecipientRows::default();
    for mut input in inputs {
        let rows = match &mut input.kind {
            Kind::Table { csv, layout } => {
                if let Some(metric) = layout.tie_metric() {
                    counts.tie_metric = Some(metric.to_string());
                }
                for h in &csv.headers {
                    if CONTENT_COLUMNS.contains(&h.to_lowercase().as_str())
                        && !counts.content_columns_ignored.contains(h)
                    {
                        counts.content_columns_ignored.push(h.clone());
                    }
                }
                let layout = &*layout;
                let workers = options.workers();
                if workers > 1 {
                    // parsed on the workers, counted and collected here in file order
                    csv.for_each_row_parallel(
                        workers,
                        progress,
                        || Recorded::new(directory, &options.date_format),
                        |row, batch| layout.read(row, batch),
                        |batch| batch.replay(counts, &mut grouped, rejects, &mut collector),
                    )?
                } else {
                    let mut sink = MessageSink::new(
                        &options.date_format,
                        &mut assembler,
                        &mut grouped,
                        counts,
                        &mut collector,
                    );
                    csv.for_each_row(rejects, progress, |row| Ok(layout.read(row, &mut sink)))?
                }
            }
            Kind::Source(source) => {
                let mut sink = MessageSink::new(
                    &options.date_format,
                    &mut assembler,
                    &mut grouped,
                    counts,
                    &mut collector,
                );
                source.read(&mut sink, rejects, progress)?
            }
        };
        // described once read, so that a reader can say what reading found (a calendar's
        // period)
        counts.files.push(input.description());
        counts.rows_read += rows;
    }
    if grouped.distribution_group_rows > 0 {
        *counts
            .left_out
            .entry(LeftOut::DistributionGroup)
            .or_default() += grouped.distribution_group_rows;
    }
    counts.distribution_group_rows = counts
        .left_out
        .get(&LeftOut::DistributionGroup)
        .copied()
        .unwrap_or(0);
    counts.per_recipient_rows += grouped.rows;
    for (sender, timestamp, recipients) in grouped.into_messages() {
        assembler.start();
        for r in &recipients {
            assembler.recipient(r);
        }
        assembler.finish(
            timestamp,
            &sender,
            crate::ingest::channel::EMAIL,
            counts,
            &mut collector,
        );
    }
    counts.external_addresses = counts.external.len() as u64;
    counts.distinct_external_senders = counts.external_senders_seen.len() as u64;
    counts.distinct_directory_senders = counts.sent.iter().filter(|&&s| s).count() as u64;
    counts.people_seen = counts.seen.iter().filter(|&&s| s).count() as u64;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::NoProgress;

    fn read(log: &[u8], people: &[(&str, &str)]) -> (Vec<(Sender, Vec<u32>, usize)>, IngestCounts) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("log.csv");
        std::fs::write(&p, log).unwrap();
        let directory = Directory::from_pairs(people.iter().copied()).unwrap();
        let options = MessageOptions::default();
        let input = MessageInput::open(&InputName::Path(p), &options).unwrap();
        let mut rejects = Rejects::new(true);
        let mut counts = IngestCounts::default();
        let mut got = Got::default();
        read_messages(
            vec![input],
            &directory,
            &options,
            &mut rejects,
            &mut counts,
            &NoProgress,
            &mut got,
        )
        .unwrap();
        (got.0, counts)
    }

    /// Keeps what each message says.
    #[derive(Default)]
    struct Got(Vec<(Sender, Vec<u32>, usize)>);

    impl Collector for Got {
        fn message(&mut self, m: &Message<'_>) {
            self.0
                .push((m.sender, m.recipients.to_vec(), m.recipient_count));
        }
        fn tie(&mut self, _: &WeightedTie<'_>) {
            unreachable!("no tie input in these tests");
        }
    }

    const PEOPLE: [(&str, &str); 3] = [("a@x", "A"), ("b@x", "B"), ("c@x", "C")];

    #[test]
    fn display_name_senders_and_mixed_lists() {
        let (got, counts) = read(
            b"from,to\nAnn <A@x>,\"\"\"Bee, B\"\" <b@x>; c@x; out@y\"\n",
            &PEOPLE,
        );
        assert_eq!(got, vec![(Sender::Person(0), vec![1, 2], 3)]);
        assert_eq!(counts.external_addresses, 1);
        assert_eq!(counts.people_seen, 3);
    }

    #[test]
    fn a_trace_is_grouped_back_into_messages_whatever_the_row_order() {
        let trace = b"Received,SenderAddress,RecipientAddress,Subject,Status,ToIP,FromIP,Size,MessageId,MessageTraceId\n\
2024-03-12T09:15:00Z,a@x,b@x,s,Delivered,,,1,<m1@x>,t1\n\
2024-03-12T09:16:00Z,b@x,a@x,s,Delivered,,,1,<m2@x>,t2\n\
2024-03-12T09:15:01Z,a@x,team@x,s,Expanded,,,1,<m1@x>,t3\n\
2024-03-12T09:15:02Z,a@x,c@x,s,Failed,,,1,<m1@x>,t4\n\
2024-03-12T09:15:02Z,a@x,C@x,s,Delivered,,,1,<m1@x>,t5\n";
        let (mut got, counts) = read(trace, &PEOPLE);
        got.sort_by_key(|g| format!("{g:?}"));
        assert_eq!(
            got,
            vec![
                (Sender::Person(0), vec![1, 2], 2),
                (Sender::Person(1), vec![0], 1)
            ]
        );
        assert_eq!(counts.messages, 2);
        assert_eq!(counts.per_recipient_rows, 5);
        assert_eq!(counts.distribution_group_rows, 1);
        assert_eq!(counts.time_span, Some((1710234900, 1710234960)));
    }

    #[test]
    fn a_historical_report_unpacks_recipient_status() {
        let report = b"origin_timestamp_utc,sender_address,recipient_status,message_subject,total_bytes,message_id,network_message_id,original_client_ip,directionality,connector_id,delivery_priority\n\
2024-03-12T09:15:00.1230000Z,a@x,\"team@x##Receive, Expand;b@x##Receive, Deliver;out@y##Receive, Send\",s,1,<m1@x>,n1,,Originating,,Normal\n";
        let (got, counts) = read(report, &PEOPLE);
        assert_eq!(got, vec![(Sender::Person(0), vec![1], 2)]);
        assert_eq!(counts.distribution_group_rows, 1);
    }

    #[test]
    fn a_directory_given_as_messages_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("annuaire.csv");
        std::fs::write(&p, "Matricule;Direction;E-mail\nA1;DG;a@x\n").unwrap();
        let err = MessageInput::open(&InputName::Path(p), &MessageOptions::default())
            .err()
            .unwrap();
        assert!(matches!(err, Error::WrongInput { .. }), "{err}");
    }

    /// Everything a read hands on, in order: messages, ties, counts and rejects.
    fn read_with(p: &std::path::Path, threads: usize) -> String {
        let p = p.to_path_buf();
        let directory = Directory::from_pairs(PEOPLE.iter().copied()).unwrap();
        let options = MessageOptions {
            threads,
            ..MessageOptions::default()
        };
        let input = MessageInput::open(&InputName::Path(p), &options).unwrap();
        let mut rejects = Rejects::new(false);
        let mut counts = IngestCounts::default();
        let mut all = All::default();
        read_messages(
            vec![input],
            &directory,
            &options,
            &mut rejects,
            &mut counts,
            &NoProgress,
            &mut all,
        )
        .unwrap();
        format!(
            "{}\n{counts:?}\n{:?}\n{:?}",
            all.0.join("\n"),
            rejects.counts(),
            rejects.samples()
        )
    }

    /// Keeps every message and tie.
    #[derive(Default)]
    struct All(Vec<String>);

    impl Collector for All {
        fn message(&mut self, m: &Message<'_>) {
            self.0.push(format!("{m:?}"));
        }
        fn tie(&mut self, t: &WeightedTie<'_>) {
            self.0.push(format!("{t:?}"));
        }
    }

    #[test]
    fn every_table_format_reads_the_same_on_any_number_of_threads() {
        let n = 2 * crate::ingest::source::BATCH_ROWS + 5;
        let mut plain = b"timestamp,sender,recipients,cc,channel\n".to_vec();
        let mut trace = b"Received,SenderAddress,RecipientAddress,Subject,Status,ToIP,FromIP,Size,MessageId,MessageTraceId\n".to_vec();
        let mut report = b"origin_timestamp_utc,sender_address,recipient_status,message_subject,total_bytes,message_id,network_message_id,original_client_ip,directionality,connector_id,delivery_priority\n".to_vec();
        let mut ties = b"source,target,weight,channel\n".to_vec();
        for i in 0..n {
            let minute = i % 60;
            let (from, to) = match i % 7 {
                0 => ("a@x", "\"Bee, B\" <B@x>; out@y; c@x; a@x"),
                1 => ("Out <out@y>", "b@x; out@y; other@z"),
                2 => ("", "b@x"),
                3 => ("b@x", ""),
                4 => ("c@x", "c@x"),
                _ => ("b@x", "a@x; x@q"),
            };
            let stamp = if i % 11 == 0 {
                "bad"
            } else {
                "2024-03-12T09:15:00Z"
            };
            let channel = ["", "Chat", "email"][i % 3];
            plain.extend_from_slice(format!("{stamp},{from},\"{to}\",c@x,{channel}\n").as_bytes());
            let status = ["Delivered", "Expanded", "Failed"][i % 3];
            trace.extend_from_slice(
                format!(
                    "2024-03-12T09:{minute:02}:00Z,{from},{},s,{status},,,1,<m{}@x>,t\n",
                    to.split(';').next().unwrap_or(""),
                    i % 50
                )
                .as_bytes(),
            );
            report.extend_from_slice(
                format!("2024-03-12T09:15:00Z,{from},\"team@x##Receive, Expand;b@x##Receive, Deliver;out@y##Receive, Send\",s,1,<m1@x>,n1,,Originating,,Normal\n").as_bytes(),
            );
            let weight = ["0.5", "0", "x", "2"][i % 4];
            ties.extend_from_slice(
                format!(
                    "{},{},{weight},{channel}\n",
                    ["a@x", "b@x", "out@y"][i % 3],
                    ["b@x", "b@x", "c@x", "nobody"][i % 4]
                )
                .as_bytes(),
            );
            if i % 101 == 0 {
                for file in [&mut plain, &mut trace, &mut report, &mut ties] {
                    file.extend_from_slice(b"\n1,2\n");
                }
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("log.csv");
        for file in [&plain, &trace, &report, &ties] {
            std::fs::write(&p, file).unwrap();
            let one = read_with(&p, 1);
            for threads in [2, 3] {
                let got = read_with(&p, threads);
                let first_difference = got.lines().zip(one.lines()).find(|(a, b)| a != b);
                assert_eq!(first_difference, None, "{threads} threads");
                assert_eq!(got.len(), one.len());
            }
        }
    }
}

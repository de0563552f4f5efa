//! Mail exports: an mbox ([`mbox`]) and `.eml` messages, one file or a folder of them
//! ([`eml`]). Both read only each message's header block (RFC 5322 section 2.2: the lines up to
//! the first blank line), parse it with mail-parser, and hand From, To, Cc, Bcc and Date to the
//! sink; a body is skipped line by line, never parsed, never kept.
//!
//! What is read, for every message:
//! - the sender is the first address of `From:` (RFC 5322 allows several authors; the first
//!   is the one who wrote). `Sender:` is not read, even without `From:`: it names the agent
//!   that transmitted the message (a delegate, a list server), and a message without `From:`
//!   breaks RFC 5322 section 3.6; it is rejected (`empty_sender`);
//! - the recipients are every address of every `To:`, `Cc:` and `Bcc:` field, through the
//!   shared address-list parser ([`crate::ingest::address`]: folded lines, RFC 2047 encoded
//!   words, quoted display names with commas, groups);
//! - the timestamp is `Date:` (RFC 5322 section 3.3, with the obsolete forms of section 4.3:
//!   two-digit years, `GMT`, `EST`...), parsed by mail-parser and checked (a real calendar day,
//!   hours below 24, a zone within ±23:59); no `Date:` (or an empty one) gives no timestamp;
//!   a `Date:` that cannot be read is a rejected record (`bad_timestamp`) at its line;
//! - `Message-ID:`: a second message with the same id in the same input (an mbox, or a folder
//!   tree) is left out and counted (`duplicate_message`), so that a message found in two
//!   folders of one export counts once. Kept as 64-bit hashes: 8 bytes per distinct id;
//! - `X-Mozilla-Status:` (Thunderbird): a message whose flags have 0x0008 (expunged) was
//!   deleted or moved and waits for the folder's compaction; it is left out and counted
//!   (`deleted_message`).
//!
//! Everything else (`Received:`, `X-GM-THRID:`, `X-Gmail-Labels:`, `Subject:`...) is skipped.
//! A header block longer than [`MAX_HEADER_BYTES`] is rejected (`header_too_long`): no real
//! header is that long, and memory stays bounded by one header block.

mod eml;
mod mbox;

pub use eml::{EmlSource, holds_eml};
pub use mbox::MboxSource;

use std::collections::VecDeque;
use std::io::{self, BufRead};

use mail_parser::{HeaderName, HeaderValue, MessageParser};
use rustc_hash::FxHashSet;
use sha2::{Digest, Sha256};

use crate::error::{InputName, Result};
use crate::ingest::channel;
use crate::ingest::formats::{LeftOut, MessageSink};
use crate::ingest::messages::shape_of;
use crate::ingest::rejects::{RejectReason, RejectedRow, Rejects};

/// The longest header block read (1 MiB); a longer one is rejected.
pub const MAX_HEADER_BYTES: usize = 1 << 20;

/// Bytes of a body line kept: enough to tell a blank line and a `From ` line.
const BODY_LINE_KEEP: usize = 8;

/// Reads one line (up to and including its `\n`) into `out`, keeping at most `keep` bytes of
/// it and skipping the rest, so that a line of any length costs at most `keep` bytes. Returns
/// the line's full length, or `None` at the end of the input.
fn next_line<R: BufRead>(r: &mut R, out: &mut Vec<u8>, keep: usize) -> io::Result<Option<u64>> {
    out.clear();
    let mut total = 0u64;
    loop {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok((total > 0).then_some(total));
        }
        let (n, done) = match memchr::memchr(b'\n', buf) {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        let take = n.min(keep.saturating_sub(out.len()));
        out.extend_from_slice(&buf[..take]);
        total += n as u64;
        r.consume(n);
        if done {
            return Ok(Some(total));
        }
    }
}

/// An empty line (`\n` or `\r\n`): the end of a header block, or the line before a separator.
fn is_blank(line: &[u8]) -> bool {
    line == b"\n" || line == b"\r\n"
}

/// A header field line: a field name (printable ASCII but `:`, RFC 5322 section 3.6.8), then
/// `:`.
fn is_header_line(line: &[u8]) -> bool {
    let Some(colon) = memchr::memchr(b':', line) else {
        return false;
    };
    colon > 0 && line[..colon].iter().all(|&b| (33..=126).contains(&b))
}

/// Reads the header block that starts at the reader's position: lines up to a blank line (not
/// kept) or the end of the input, appended to `block`. Returns whether the block is longer
/// than [`MAX_HEADER_BYTES`] (then `block` holds its start only), whether the input ended,
/// and counts the lines read in `line`.
fn read_header_block<R: BufRead>(
    r: &mut R,
    block: &mut Vec<u8>,
    scratch: &mut Vec<u8>,
    line: &mut u64,
) -> io::Result<(bool, bool)> {
    block.clear();
    let mut too_long = false;
    loop {
        if next_line(r, scratch, MAX_HEADER_BYTES + 1)?.is_none() {
            return Ok((too_long, true));
        }
        *line += 1;
        if is_blank(scratch) {
            return Ok((too_long, false));
        }
        if !too_long {
            if block.len() + scratch.len() > MAX_HEADER_BYTES {
                too_long = true;
            } else {
                block.extend_from_slice(scratch);
            }
        }
    }
}

/// True when `start` (the first decoded bytes of a file) is an mbox: its first line is a
/// `From ` separator that carries a time (`From - Mon Mar 04 08:15:07 2024`, `From
/// 1791…@xxx Mon Mar 04 08:15:07 +0000 2024`, `From MAILER-DAEMON Fri Jul  8 12:08:34 2011`),
/// and the line after it, if seen, is a header field. A CSV whose header starts with `From `
/// (`From Address,To Address`) is not one.
pub fn looks_like_mbox(start: &[u8]) -> bool {
    let mut lines = start.split_inclusive(|&b| b == b'\n');
    let Some(first) = lines.next() else {
        return false;
    };
    let has_time = first.windows(5).any(|w| {
        w[0].is_ascii_digit()
            && w[1].is_ascii_digit()
            && w[2] == b':'
            && w[3].is_ascii_digit()
            && w[4].is_ascii_digit()
    });
    if !first.starts_with(b"From ") || !has_time || first.contains(&b',') {
        return false;
    }
    match lines.next() {
        Some(second) if second.ends_with(b"\n") => is_header_line(second),
        _ => true,
    }
}

/// Header fields a mail file starts with (lowercase).
const MAIL_FIELDS: [&str; 21] = [
    "return-path",
    "received",
    "from",
    "to",
    "cc",
    "date",
    "subject",
    "message-id",
    "mime-version",
    "delivered-to",
    "sender",
    "reply-to",
    "x-received",
    "dkim-signature",
    "arc-seal",
    "authentication-results",
    "thread-topic",
    "thread-index",
    "content-type",
    "x-mozilla-status",
    "x-gm-thrid",
];

/// True when `start` is a single RFC 5322 message: its first line is a field that starts mail
/// (`Return-Path:`, `Received:`, `From:`, `Message-ID:`, `Date:`, `MIME-Version:`, ... or any
/// `X-` field), and its header block, as far as `start` shows it, has `From:`, `Date:`,
/// `Received:` or `Message-ID:`.
pub fn looks_like_eml(start: &[u8]) -> bool {
    let mut block_has_key = false;
    for (i, line) in start.split_inclusive(|&b| b == b'\n').enumerate() {
        if is_blank(line) {
            break;
        }
        if line.first().is_some_and(|&b| b == b' ' || b == b'\t') && i > 0 {
            continue; // a folded line
        }
        if !is_header_line(line) {
            if i == 0 || line.ends_with(b"\n") {
                return false;
            }
            break; // a line cut by the end of `start`
        }
        let name = String::from_utf8_lossy(&line[..memchr::memchr(b':', line).unwrap_or(0)])
            .to_ascii_lowercase();
        if i == 0 && !MAIL_FIELDS.contains(&name.as_str()) && !name.starts_with("x-") {
            return false;
        }
        if matches!(name.as_str(), "from" | "date" | "received" | "message-id") {
            block_has_key = true;
        }
    }
    block_has_key
}

/// A message's timestamp, as read from `Date:`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
enum DateField {
    /// No `Date:` field, or an empty one.
    #[default]
    Missing,
    /// Unix seconds.
    At(i64),
    /// A `Date:` field at `line` that cannot be read; its shape (never its value).
    Bad { line: u64, shape: String },
}

/// What siloscope keeps of one message's header block: fields as written, and where they are.
#[derive(Debug, Clone, Default)]
struct MailRecord {
    /// The file that holds it (the mbox, or the .eml file).
    file: Option<InputName>,
    /// The line where the message starts (its `From ` line in an mbox, 1 in a .eml).
    start_line: u64,
    /// The first `From:` field's value, as written, and its line.
    from: Option<(String, u64)>,
    /// Every `To:`, `Cc:` and `Bcc:` value, as written.
    recipients: Vec<String>,
    date: DateField,
    /// A hash of `Message-ID:`, when there is one.
    message_id: Option<u64>,
    /// Thunderbird's expunged flag.
    expunged: bool,
    /// The header block is longer than [`MAX_HEADER_BYTES`].
    too_long: bool,
}

impl MailRecord {
    fn reset(&mut self, file: &InputName, start_line: u64) {
        if self.file.as_ref() != Some(file) {
            self.file = Some(file.clone());
        }
        self.start_line = start_line;
        self.from = None;
        self.recipients.clear();
        self.date = DateField::Missing;
        self.message_id = None;
        self.expunged = false;
        self.too_long = false;
    }

    fn reject(&self, reason: RejectReason, line: u64, detail: String) -> RejectedRow {
        RejectedRow {
            file: self.file.clone().unwrap_or(InputName::Stdin),
            line,
            column: None,
            reason,
            detail,
        }
    }
}

/// The senders a sample hands out from the first `n` records read ahead: the `From:` of each,
/// as written, but for Thunderbird's deleted copies (left out when read) and records without
/// one (rejected when read).
fn sampled_senders(ahead: &VecDeque<MailRecord>, n: usize) -> Vec<String> {
    ahead
        .iter()
        .take(n)
        .filter(|r| !r.expunged)
        .filter_map(|r| r.from.as_ref().map(|(f, _)| f.clone()))
        .collect()
}

/// Parses header blocks into [`MailRecord`]s (one mail-parser configuration, reused).
struct HeaderReader {
    parser: MessageParser,
}

impl HeaderReader {
    fn new() -> Self {
        // The address fields are kept raw and parsed by the shared address-list parser (the
        // same rules as every format); Date is parsed by mail-parser; every other field is
        // skipped as raw text.
        let parser = MessageParser::new()
            .header_raw(HeaderName::From)
            .header_raw(HeaderName::To)
            .header_raw(HeaderName::Cc)
            .header_raw(HeaderName::Bcc)
            .header_raw(HeaderName::MessageId)
            .header_date(HeaderName::Date)
            .default_header_raw();
        HeaderReader { parser }
    }

    /// Fills `rec` from `block`, whose first line is line `first_line` of the file.
    /// Complexity: O(length of the block).
    fn extract(&self, block: &[u8], first_line: u64, rec: &mut MailRecord) {
        let Some(message) = self.parser.parse_headers(block) else {
            return;
        };
        let (mut at, mut line) = (0usize, first_line);
        let mut line_of = |offset: u32| {
            let offset = (offset as usize).min(block.len());
            if offset > at {
                line += memchr::memchr_iter(b'\n', &block[at..offset]).count() as u64;
                at = offset;
            }
            line
        };
        let mut date_seen = false;
        for h in message.headers() {
            let raw = || {
                let (a, b) = (h.offset_start as usize, h.offset_end as usize);
                String::from_utf8_lossy(block.get(a..b.min(block.len())).unwrap_or_default())
                    .trim()
                    .to_string()
            };
            match &h.name {
                HeaderName::From if rec.from.is_none() => {
                    rec.from = Some((raw(), line_of(h.offset_field)));
                }
                HeaderName::To | HeaderName::Cc | HeaderName::Bcc => rec.recipients.push(raw()),
                HeaderName::Date if !date_seen => {
                    date_seen = true;
                    let text = raw();
                    rec.date = if text.is_empty() {
                        DateField::Missing
                    } else {
                        match date(&h.value, &text) {
                            Some(t) => DateField::At(t),
                            None => DateField::Bad {
                                line: line_of(h.offset_field),
                                shape: shape_of(&text),
                            },
                        }
                    };
                }
                HeaderName::MessageId if rec.message_id.is_none() => {
                    rec.message_id = id_hash(&raw());
                }
                HeaderName::Other(name) if name.eq_ignore_ascii_case("X-Mozilla-Status") => {
                    rec.expunged = u32::from_str_radix(raw().trim(), 16)
                        .is_ok_and(|flags| flags & 0x0008 != 0);
                }
                _ => {}
            }
        }
    }
}

/// Unix seconds of a `Date:` field: mail-parser's reading (RFC 5322 sections 3.3 and 4.3)
/// when it is a real instant, else the forms some tools write instead: ISO 8601 / RFC 3339 and
/// Unix seconds ([`crate::ingest::time`]), RFC 5322 without a zone (read as UTC, as every
/// format reads a time without zone), full month names, the `asctime` form (`Mon Mar  4
/// 08:15:07 2024`). A 12-hour time (`9:15:00 PM`), which mail-parser would read as 09:15, and a
/// numeric zone out of range (`+2500`), which it would wrap around, are not trusted: read by
/// the fallbacks or rejected.
fn date(value: &HeaderValue<'_>, text: &str) -> Option<i64> {
    let text = strip_comment(text);
    let twelve_hour = text
        .split_ascii_whitespace()
        .any(|t| t.eq_ignore_ascii_case("am") || t.eq_ignore_ascii_case("pm"));
    if let HeaderValue::DateTime(dt) = value
        && !twelve_hour
        && numeric_zone_ok(text)
        && let Some(t) = timestamp(dt)
    {
        return Some(t);
    }
    fallback_date(text)
}

/// The text before a trailing comment: `Mon, 4 Mar 2024 08:15:07 +0000 (UTC)`.
fn strip_comment(text: &str) -> &str {
    match text.find('(') {
        Some(i) => text[..i].trim_end(),
        None => text,
    }
}

/// False when the text has a numeric zone (`+hhmm`, `-hhmm`) whose hours or minutes are out
/// of range.
fn numeric_zone_ok(text: &str) -> bool {
    text.split_ascii_whitespace().all(|t| {
        let b = t.as_bytes();
        if b.len() == 5 && matches!(b[0], b'+' | b'-') && b[1..].iter().all(u8::is_ascii_digit) {
            let hh = (b[1] - b'0') * 10 + (b[2] - b'0');
            let mm = (b[3] - b'0') * 10 + (b[4] - b'0');
            hh < 24 && mm < 60
        } else {
            true
        }
    })
}

fn fallback_date(text: &str) -> Option<i64> {
    use chrono::{DateTime, NaiveDateTime};
    if let Ok(Some(t)) = crate::ingest::time::parse_timestamp(text, &Default::default()) {
        return Some(t);
    }
    const ZONED: [&str; 4] = [
        "%a, %d %B %Y %H:%M:%S %z",
        "%d %B %Y %H:%M:%S %z",
        "%a, %d %B %Y %H:%M %z",
        "%a, %d %B %Y %I:%M:%S %p %z",
    ];
    const UTC: [&str; 7] = [
        "%a, %d %B %Y %H:%M:%S",
        "%d %B %Y %H:%M:%S",
        "%a, %d %B %Y %H:%M",
        "%a, %d %B %Y %I:%M:%S %p",
        "%d %B %Y %I:%M:%S %p",
        "%a %B %e %H:%M:%S %Y",
        "%a %B %d %H:%M:%S %Y",
    ];
    let text = [" GMT", " UTC", " UT"]
        .into_iter()
        .find_map(|zone| text.strip_suffix(zone))
        .unwrap_or(text);
    for f in ZONED {
        if let Ok(t) = DateTime::parse_from_str(text, f) {
            return Some(t.timestamp());
        }
    }
    for f in UTC {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, f) {
            return Some(t.and_utc().timestamp());
        }
    }
    None
}

/// Unix seconds of a date mail-parser read, when it is a real instant: a calendar day that
/// exists, a time of day, a zone within ±23:59. (mail-parser reads leniently, RFC 5322
/// section 4.3's obsolete forms included, and can return impossible dates.)
fn timestamp(dt: &mail_parser::DateTime) -> Option<i64> {
    if !dt.is_valid() {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(i32::from(dt.year), u32::from(dt.month), u32::from(dt.day))?;
    Some(dt.to_timestamp())
}

/// A Message-ID's first 64 bits of SHA-256, white space removed (a folded field); `None` for
/// an empty id. (Collisions: about 3 in 10⁸ for a million distinct ids.)
fn id_hash(raw: &str) -> Option<u64> {
    let mut hasher = Sha256::new();
    let mut any = false;
    for part in raw.split_ascii_whitespace() {
        hasher.update(part.as_bytes());
        any = true;
    }
    if !any {
        return None;
    }
    let digest = hasher.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    Some(u64::from_be_bytes(first))
}

/// Hands records to the sink, in order, with the rules of the module documentation: too long,
/// deleted, no sender, bad date, duplicate id. Keeps the ids seen in this input.
#[derive(Default)]
struct Deliverer {
    seen: FxHashSet<u64>,
}

impl Deliverer {
    fn deliver(
        &mut self,
        rec: &MailRecord,
        sink: &mut MessageSink<'_, '_>,
        rejects: &mut Rejects,
    ) -> Result<()> {
        if rec.too_long {
            return rejects.reject(rec.reject(
                RejectReason::HeaderTooLong,
                rec.start_line,
                format!(
                    "expected a header block (the lines up to the first blank line) of at most {} MiB: this message's is longer",
                    MAX_HEADER_BYTES >> 20
                ),
            ));
        }
        if rec.expunged {
            sink.left_out(LeftOut::DeletedMessage);
            return Ok(());
        }
        let Some((from, from_line)) = &rec.from else {
            return rejects.reject(rec.reject(
                RejectReason::EmptySender,
                rec.start_line,
                "expected a From: field in the header block of the message that starts here, found none".into(),
            ));
        };
        let time = match &rec.date {
            DateField::Missing => None,
            DateField::At(t) => Some(*t),
            DateField::Bad { line, shape } => {
                return rejects.reject(rec.reject(
                    RejectReason::BadTimestamp,
                    *line,
                    format!(
                        "expected a Date: field as RFC 5322 writes it (Mon, 4 Mar 2024 09:15:07 +0100), found a value shaped '{shape}'"
                    ),
                ));
            }
        };
        if let Some(id) = rec.message_id
            && self.seen.contains(&id)
        {
            sink.left_out(LeftOut::DuplicateMessage);
            return Ok(());
        }
        if !sink.begin(from) {
            return rejects.reject(rec.reject(
                RejectReason::EmptySender,
                *from_line,
                "expected the sender's address in the From: field, found none".into(),
            ));
        }
        if let Some(id) = rec.message_id {
            self.seen.insert(id);
        }
        for list in &rec.recipients {
            sink.recipient_list(list);
        }
        sink.end(time, channel::EMAIL);
        Ok(())
    }
}

/// Which field each of siloscope's fields comes from, for the input's description.
fn columns() -> Vec<(String, String)> {
    [
        ("sender", "From"),
        ("recipients", "To"),
        ("cc", "Cc"),
        ("bcc", "Bcc"),
        ("timestamp", "Date"),
        ("message_id", "Message-ID"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(block: &str) -> MailRecord {
        let mut rec = MailRecord::default();
        rec.reset(&InputName::Stdin, 1);
        HeaderReader::new().extract(block.as_bytes(), 2, &mut rec);
        rec
    }

    #[test]
    fn reads_addresses_folded_fields_and_dates() {
        let rec = record(
            "Return-Path: <j@x>\r\nFrom: =?UTF-8?Q?Jean_Dupont?= <J@x>\r\nTo: \"Leroy, H\" <h@x>,\r\n\tg@x\r\nCc: s@x\r\nDate: Mon, 4 Mar 2024 09:15:07 +0100\r\nMessage-ID: <m1@x>\r\n",
        );
        assert_eq!(
            rec.from,
            Some(("=?UTF-8?Q?Jean_Dupont?= <J@x>".to_string(), 3))
        );
        assert_eq!(rec.recipients.len(), 2);
        assert_eq!(
            crate::ingest::address::addresses(&rec.recipients[0]),
            ["h@x", "g@x"]
        );
        assert_eq!(rec.date, DateField::At(1_709_540_107));
        assert!(rec.message_id.is_some());
    }

    #[test]
    fn obsolete_dates_are_read_and_impossible_ones_are_bad() {
        for (value, want) in [
            ("Mon, 4 Mar 2024 08:15:07 GMT", Some(1_709_540_107)),
            ("4 Mar 24 08:15:07 +0000", Some(1_709_540_107)),
            ("Mon, 04 Mar 2024 03:15:07 -0500", Some(1_709_540_107)),
            ("Mon, 4 Mar 2024 03:15:07 EST", Some(1_709_540_107)),
            ("Mon, 4 Mar 2024 09:15 +0100", Some(1_709_540_100)),
            ("Mon, 4 Mar 2024 08:15:07 +0000 (UTC)", Some(1_709_540_107)),
            ("Mon, 4 Mar 2024 08:15:07", Some(1_709_540_107)),
            ("4 March 2024 08:15:07 +0000", Some(1_709_540_107)),
            ("Mon Mar  4 08:15:07 2024", Some(1_709_540_107)),
            ("2024-03-04T09:15:07+01:00", Some(1_709_540_107)),
            ("Mon, 4 Mar 2024 8:15:07 PM +1200", Some(1_709_540_107)),
            ("Mon, 4 Mar 2024 08:15:07 +2500", None),
            ("Mon, 4 Mar 2024", None),
            ("04/03/2024 09:15", None),
            ("Fri, 31 Feb 2024 08:15:07 +0000", None),
            ("Mon, 4 Mar 2024 25:15:07 +0000", None),
            ("yesterday", None),
            ("4 Xyz 2024 08:15:07 +0000", None),
        ] {
            let rec = record(&format!("From: a@x\nSubject: s\nDate: {value}\n"));
            match want {
                Some(t) => assert_eq!(rec.date, DateField::At(t), "{value}"),
                None => assert!(
                    matches!(rec.date, DateField::Bad { line: 4, .. }),
                    "{value}: {:?}",
                    rec.date
                ),
            }
        }
        assert_eq!(record("From: a@x\nDate: \n").date, DateField::Missing);
        assert_eq!(record("From: a@x\n").date, DateField::Missing);
    }

    #[test]
    fn thunderbird_flags_and_message_ids() {
        assert!(record("X-Mozilla-Status: 0009\nFrom: a@x\n").expunged);
        assert!(!record("X-Mozilla-Status: 8001\nFrom: a@x\n").expunged);
        assert_eq!(
            record("From: a@x\nMessage-ID: <m@x>\n").message_id,
            record("Message-ID:\n <m@x>\nFrom: b@x\n").message_id
        );
        assert_eq!(record("From: a@x\nMessage-ID: \n").message_id, None);
    }

    #[test]
    fn lines_are_bounded_by_what_is_kept() {
        let text = format!("{}\nFrom x\n\n", "a".repeat(100_000));
        let mut r = io::BufReader::with_capacity(64, text.as_bytes());
        let mut out = Vec::new();
        assert_eq!(next_line(&mut r, &mut out, 8).unwrap(), Some(100_001));
        assert_eq!(out, b"aaaaaaaa");
        assert_eq!(next_line(&mut r, &mut out, 8).unwrap(), Some(7));
        assert_eq!(out, b"From x\n");
        assert_eq!(next_line(&mut r, &mut out, 8).unwrap(), Some(1));
        assert!(is_blank(&out));
        assert_eq!(next_line(&mut r, &mut out, 8).unwrap(), None);
    }

    #[test]
    fn tells_mbox_and_eml_from_csv() {
        assert!(looks_like_mbox(
            b"From - Mon Mar 04 08:15:07 2024\nX-Mozilla-Status: 0001\n"
        ));
        assert!(looks_like_mbox(
            b"From 1792@xxx Mon Mar 04 08:15:07 +0000 2024\r\nX-GM-THRID: 1\r\n"
        ));
        assert!(!looks_like_mbox(b"From Address,To Address,Date\n"));
        assert!(!looks_like_mbox(
            b"From 12:30 to 13:00 we met\nand talked\n"
        ));
        assert!(looks_like_eml(
            b"Return-Path: <a@x>\nReceived: from x\n\tby y\nFrom: a@x\n\nbody"
        ));
        assert!(looks_like_eml(
            b"MIME-Version: 1.0\r\nDate: Mon, 4 Mar 2024 08:15:07 +0000\r\n"
        ));
        assert!(!looks_like_eml(b"from,to\na@x,b@x\n"));
        assert!(!looks_like_eml(b"Sender: a@x\nRecipients: b@x\n"));
        assert!(!looks_like_eml(b"timestamp: 2024\nfrom: a\n"));
    }
}

//! The reader layer every tabular input goes through: open a path or `-` (stdin), decide and
//! decode the encoding ([`crate::ingest::decode`]), skip an export's preamble (PowerShell's
//! `#TYPE` line, Excel's `sep=;`), sniff the delimiter from the header line, and run the one
//! row loop that every format shares: blank lines skipped, rows of the wrong width rejected,
//! line numbers, progress, and the unterminated-quote check (the csv crate silently reads an
//! open quote to the end of the file).

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use encoding_rs::Encoding;

use crate::error::{Error, InputName, Result};
use crate::ingest::decode::{self, DetectedEncoding, EncodingReason};
use crate::ingest::rejects::{RejectReason, RejectedRow, Rejects};
use crate::progress::Progress;

mod parallel;
pub use parallel::{BATCH_BYTES, BATCH_ROWS, RowBatch};

/// An input named on the command line.
impl InputName {
    /// `-` means standard input; anything else is a path.
    pub fn from_arg(arg: &str) -> InputName {
        if arg == "-" {
            InputName::Stdin
        } else {
            InputName::Path(arg.into())
        }
    }
}

/// Counts raw bytes as they are read (for progress, in the file's own bytes).
struct RawCounter<R> {
    inner: R,
    bytes: Arc<AtomicU64>,
}

impl<R: Read> Read for RawCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Watches the decoded text as it passes: counts `"` bytes, so that the reader can tell
/// afterwards whether quotes were balanced (an odd count means a quoted field was never
/// closed), and keeps the line breaks not yet passed by the parser, so that a record's byte
/// offset gives its line. (The csv crate's own line numbers drift on CRLF files with blank
/// lines, and its byte offset points at the line break before the record.) What is kept is
/// bounded by the parser's buffer.
pub struct TextCounter<R> {
    inner: R,
    quotes: u64,
    offset: u64,
    /// Bytes handed on when the record being read was asked for: a record may not run more
    /// than [`MAX_RECORD_BYTES`] past it.
    record_start: u64,
    newlines: VecDeque<LineBreak>,
    lines_before: u64,
    previous_newline: Option<u64>,
    last_byte: u8,
}

/// One `\n` of the text.
#[derive(Debug, Clone, Copy)]
struct LineBreak {
    offset: u64,
    /// The byte before it is `\r`.
    after_cr: bool,
    /// Only a `\r` (or nothing) stands between it and the previous `\n`: a blank line.
    ends_blank_line: bool,
}

/// The largest row siloscope reads (a field of a message log or a directory is a few hundred
/// bytes; an address list of thousands of recipients a few hundred KiB): past it the input is
/// not a table of messages (a binary file, a quote never closed) and reading stops with
/// [`Error::RowTooLarge`] instead of filling the memory.
pub const MAX_RECORD_BYTES: u64 = 64 << 20;

/// The payload of the I/O error a [`TextCounter`] returns past [`MAX_RECORD_BYTES`].
#[derive(Debug)]
struct RecordTooLarge {
    /// 0-based line of the text where the record starts.
    line: u64,
}

impl std::fmt::Display for RecordTooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a row of more than {} MiB", MAX_RECORD_BYTES >> 20)
    }
}

impl std::error::Error for RecordTooLarge {}

impl<R: Read> Read for TextCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.offset - self.record_start > MAX_RECORD_BYTES {
            let before = self
                .newlines
                .iter()
                .take_while(|nl| nl.offset < self.record_start)
                .count() as u64;
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                RecordTooLarge {
                    line: self.lines_before + before,
                },
            ));
        }
        let n = self.inner.read(buf)?;
        let chunk = &buf[..n];
        self.quotes += memchr::memchr_iter(b'"', chunk).count() as u64;
        for i in memchr::memchr_iter(b'\n', chunk) {
            let offset = self.offset + i as u64;
            let before = if i > 0 { chunk[i - 1] } else { self.last_byte };
            let after_cr = before == b'\r';
            let ends_blank_line = self
                .previous_newline
                .is_some_and(|p| offset == p + 1 || (offset == p + 2 && after_cr));
            self.newlines.push_back(LineBreak {
                offset,
                after_cr,
                ends_blank_line,
            });
            self.previous_newline = Some(offset);
        }
        if n > 0 {
            self.last_byte = chunk[n - 1];
        }
        self.offset += n as u64;
        Ok(n)
    }
}

impl<R> TextCounter<R> {
    /// The 0-based line of the record the csv crate places at byte `offset` (offsets come in
    /// increasing order): the line breaks before `offset`, plus those of the line ends and
    /// blank lines between `offset` and the record's first byte.
    fn line_at(&mut self, offset: u64) -> u64 {
        while self.newlines.front().is_some_and(|nl| nl.offset < offset) {
            self.newlines.pop_front();
            self.lines_before += 1;
        }
        let mut skipped = 0;
        let mut breaks = self.newlines.iter();
        if let Some(first) = breaks.next()
            && (first.offset == offset || (first.offset == offset + 1 && first.after_cr))
        {
            skipped += 1;
            skipped += breaks.take_while(|nl| nl.ends_blank_line).count() as u64;
        }
        self.lines_before + skipped
    }
}

type Decoded = TextCounter<io::Chain<Cursor<Vec<u8>>, BufReader<Box<dyn Read + Send>>>>;

/// How to open a tabular input.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenOptions {
    /// A forced encoding (`--encoding`), else detected.
    pub encoding: Option<&'static Encoding>,
}

/// A CSV input whose header has been read and whose encoding and delimiter are known.
pub struct CsvInput {
    /// Where it comes from, for messages.
    pub name: InputName,
    /// Header names, trimmed, as written in the file.
    pub headers: Vec<String>,
    /// The detected delimiter.
    pub delimiter: u8,
    /// The encoding the file is read in.
    pub encoding: DetectedEncoding,
    /// Size of the file in bytes when known (for progress), else 0.
    pub len: u64,
    reader: csv::Reader<Decoded>,
    raw_bytes: Arc<AtomicU64>,
    /// Lines before the header (a preamble).
    preamble_lines: u64,
    /// Records read ahead by [`CsvInput::peek`] with their lines, handed out first by the row
    /// loop.
    peeked: VecDeque<(csv::ByteRecord, u64)>,
}

/// One data row, as the row loop hands it to a format: its fields are as many as the header's.
pub struct Row<'a> {
    /// 1-based line where the row starts.
    pub line: u64,
    record: &'a csv::ByteRecord,
    name: &'a InputName,
    headers: &'a [String],
}

impl<'a> Row<'a> {
    /// The raw bytes of a field.
    pub fn bytes(&self, column: usize) -> &'a [u8] {
        &self.record[column]
    }

    /// A field as text, or the rejected row that says it is not UTF-8.
    pub fn text(&self, column: usize) -> std::result::Result<&'a str, RejectedRow> {
        std::str::from_utf8(&self.record[column]).map_err(|_| {
            self.reject(
                RejectReason::InvalidUtf8,
                Some(column),
                "expected UTF-8 text: the file is read as UTF-8 (its first 64 KiB are, or an option said so) but this row is not; if Excel saved the file, pass --encoding windows-1252 (--people-encoding for the directory), or save it as CSV UTF-8".into(),
            )
        })
    }

    /// The first of `columns` that is not UTF-8, as a rejected row.
    pub fn check_utf8(&self, columns: &[usize]) -> std::result::Result<(), RejectedRow> {
        for &c in columns {
            self.text(c)?;
        }
        Ok(())
    }

    /// A rejected row at this line, blaming `column` if given.
    pub fn reject(
        &self,
        reason: RejectReason,
        column: Option<usize>,
        detail: String,
    ) -> RejectedRow {
        RejectedRow {
            file: self.name.clone(),
            line: self.line,
            column: column.map(|c| self.headers[c].clone()),
            reason,
            detail,
        }
    }

    /// The header of a column.
    pub fn header(&self, column: usize) -> &'a str {
        &self.headers[column]
    }
}

/// A text input, decoded to UTF-8: what every format reads, tables and mail folders alike.
pub struct TextInput {
    /// Where it comes from, for messages.
    pub name: InputName,
    /// The encoding it is read in.
    pub encoding: DetectedEncoding,
    /// Size of the file in bytes when known (for progress), else 0.
    pub len: u64,
    /// The decoded text.
    pub reader: BufReader<Box<dyn Read + Send>>,
    raw_bytes: Arc<AtomicU64>,
}

impl TextInput {
    /// Opens `name` (a path or standard input) and decides its encoding from its first bytes
    /// (or takes the forced one).
    pub fn open(name: &InputName, options: OpenOptions) -> Result<TextInput> {
        let read_err = |source| Error::Read {
            file: name.clone(),
            source,
        };
        let raw_bytes = Arc::new(AtomicU64::new(0));
        let (raw, len): (Box<dyn Read + Send>, u64) = match name {
            InputName::Stdin => (Box::new(io::stdin()), 0),
            InputName::Path(p) => {
                let file = open_file(p).map_err(read_err)?;
                let len = file.metadata().map(|m| m.len()).unwrap_or(0);
                (Box::new(file), len)
            }
        };
        let mut raw = RawCounter {
            inner: raw,
            bytes: Arc::clone(&raw_bytes),
        };
        let (sample, at_end) = decode::read_sample(&mut raw).map_err(read_err)?;
        let encoding = match options.encoding {
            Some(encoding) => DetectedEncoding {
                encoding,
                reason: EncodingReason::Forced,
            },
            None => decode::detect(&sample, at_end),
        };
        let decoded: Box<dyn Read + Send> = decode::decoded(sample, raw, encoding);
        Ok(TextInput {
            name: name.clone(),
            encoding,
            len,
            reader: BufReader::with_capacity(1 << 16, decoded),
            raw_bytes,
        })
    }

    /// The first decoded bytes, not consumed (at most the reader's buffer), for telling formats
    /// apart.
    pub fn peek_start(&mut self) -> Result<&[u8]> {
        let name = self.name.clone();
        self.reader
            .fill_buf()
            .map_err(|source| Error::Read { file: name, source })
    }

    /// Raw bytes read so far (for progress, in the file's own bytes).
    pub fn raw_bytes_read(&self) -> u64 {
        self.raw_bytes.load(Ordering::Relaxed)
    }

    /// A shared counter of the raw bytes read, for a reader that outlives `self`.
    pub fn raw_bytes_counter(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.raw_bytes)
    }
}

/// Hands `progress` the raw bytes `counter` holds beyond `*reported`, then moves `*reported`
/// up to them: how a reader reports its progress in the file's own bytes, now and then while
/// it reads and once at the end.
pub(crate) fn report_raw_bytes(progress: &dyn Progress, counter: &AtomicU64, reported: &mut u64) {
    let b = counter.load(Ordering::Relaxed);
    progress.inc(b.saturating_sub(*reported));
    *reported = b;
}

impl CsvInput {
    /// Opens `name`, decides its encoding, skips a preamble, reads the header line and sniffs
    /// the delimiter. `expected` is an example header used in the message for an empty file.
    pub fn open(
        name: &InputName,
        options: OpenOptions,
        expected: &'static str,
    ) -> Result<CsvInput> {
        CsvInput::from_text(TextInput::open(name, options)?, expected)
    }

    /// Reads the header of an opened text input.
    pub fn from_text(text: TextInput, expected: &'static str) -> Result<CsvInput> {
        let TextInput {
            name,
            encoding,
            len,
            reader: mut stream,
            raw_bytes,
        } = text;
        let name = &name;
        let read_err = |source| Error::Read {
            file: name.clone(),
            source,
        };

        // The header is the first line that is not a preamble.
        let mut first = Vec::new();
        let mut preamble_lines = 0u64;
        let mut forced_delimiter = None;
        loop {
            first.clear();
            stream.read_until(b'\n', &mut first).map_err(read_err)?;
            let line = trim_line_end(&first);
            if line.starts_with(b"#TYPE ") || line.starts_with(b"#TYPE\t") {
                preamble_lines += 1; // Windows PowerShell's Export-Csv type line
            } else if let [b's', b'e', b'p', b'=', d] = line {
                preamble_lines += 1; // Excel's delimiter hint
                forced_delimiter = Some(*d);
            } else {
                break;
            }
        }
        if first.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(Error::EmptyFile {
                file: name.clone(),
                expected,
            });
        }
        let delimiter = forced_delimiter.unwrap_or_else(|| sniff_delimiter(&first));
        let chained = TextCounter {
            inner: Cursor::new(first).chain(stream),
            quotes: 0,
            offset: 0,
            record_start: 0,
            newlines: VecDeque::new(),
            lines_before: 0,
            previous_newline: None,
            last_byte: 0,
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .buffer_capacity(1 << 16)
            .from_reader(chained);
        let headers = reader
            .byte_headers()
            .map_err(|e| csv_error(name, e))?
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_string())
            .collect();
        Ok(CsvInput {
            name: name.clone(),
            headers,
            delimiter,
            encoding,
            len,
            reader,
            raw_bytes,
            preamble_lines,
            peeked: VecDeque::new(),
        })
    }

    /// Reads up to `n` records ahead (they are handed out again by [`CsvInput::for_each_row`]),
    /// so that a decision can rest on the first rows of a file that may be standard input.
    pub fn peek(&mut self, n: usize) -> Result<Vec<csv::ByteRecord>> {
        while self.peeked.len() < n {
            let mut record = csv::ByteRecord::new();
            if !self.next_record(&mut record)? {
                break;
            }
            let line = self.line_of(&record);
            self.peeked.push_back((record, line));
        }
        Ok(self.peeked.iter().map(|(r, _)| r.clone()).collect())
    }

    fn next_record(&mut self, record: &mut csv::ByteRecord) -> Result<bool> {
        next_record_of(&mut self.reader, &self.name, self.preamble_lines, record)
    }

    /// The 1-based line where `record` (the last one read) starts.
    fn line_of(&mut self, record: &csv::ByteRecord) -> u64 {
        line_of_record(&mut self.reader, self.preamble_lines, record)
    }

    /// Lines: the record of each line of `text`, for the tests below.
    #[cfg(test)]
    fn lines_of_every_record(&mut self) -> Vec<u64> {
        let mut out = Vec::new();
        let mut record = csv::ByteRecord::new();
        while self.next_record(&mut record).unwrap() {
            out.push(self.line_of(&record));
        }
        out
    }

    /// The row loop every format shares. Blank lines are skipped; a row whose width differs
    /// from the header's is rejected (`wrong_field_count`); every other row goes to `on_row`,
    /// whose rejected rows are recorded in `rejects` (an error under `--strict`). Returns the
    /// number of data rows read, rejected ones included. Fails at the end when a quote was
    /// left open.
    pub fn for_each_row<F>(
        &mut self,
        rejects: &mut Rejects,
        progress: &dyn Progress,
        mut on_row: F,
    ) -> Result<u64>
    where
        F: FnMut(&Row<'_>) -> Result<std::result::Result<(), RejectedRow>>,
    {
        let mut record = csv::ByteRecord::new();
        let mut rows = 0u64;
        let mut last_line = 1;
        let mut last_had_newline = false;
        let mut since_tick = 0u32;
        let mut reported = 0u64;
        progress.start("ingest", self.len);
        loop {
            let line = if let Some((r, line)) = self.peeked.pop_front() {
                record = r;
                line
            } else if self.next_record(&mut record)? {
                self.line_of(&record)
            } else {
                break;
            };
            last_line = line;
            last_had_newline = record.iter().any(|f| f.contains(&b'\n'));
            since_tick += 1;
            if since_tick == 65_536 {
                since_tick = 0;
                report_raw_bytes(progress, &self.raw_bytes, &mut reported);
            }
            match check_record(&mut record, line, &self.name, &self.headers) {
                Checked::Blank => continue,
                Checked::Rejected(rejected) => {
                    rows += 1;
                    rejects.reject(rejected)?;
                    continue;
                }
                Checked::Row => rows += 1,
            }
            let row = Row {
                line,
                record: &record,
                name: &self.name,
                headers: &self.headers,
            };
            if let Err(rejected) = on_row(&row)? {
                rejects.reject(rejected)?;
            }
        }
        report_raw_bytes(progress, &self.raw_bytes, &mut reported);
        progress.finish();
        if last_had_newline && self.reader.get_ref().quotes % 2 == 1 {
            return Err(Error::UnterminatedQuote {
                file: self.name.clone(),
                line: last_line,
            });
        }
        Ok(rows)
    }

    /// Header names joined for messages. A "header" holding an `@` is surely a data row of a
    /// file without header line: it is shown as `<address>`, never copied.
    pub fn found_headers(&self) -> String {
        const SHOWN: usize = 20;
        let mut shown: Vec<String> = self
            .headers
            .iter()
            .take(SHOWN)
            .map(|h| {
                if h.contains('@') {
                    "<address>".to_string()
                } else if h.chars().count() > 40 {
                    // a header this long is the whole file read in a wrong encoding: show its
                    // shape, not its text
                    format!("<{} characters>", h.chars().count())
                } else {
                    h.clone()
                }
            })
            .collect();
        if self.headers.len() > SHOWN {
            shown.push(format!("... {} more", self.headers.len() - SHOWN));
        }
        shown.join(", ")
    }
}

const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// `record` without the byte order mark its first field starts with.
fn strip_leading_bom(record: &csv::ByteRecord) -> csv::ByteRecord {
    let mut out = csv::ByteRecord::with_capacity(record.as_slice().len(), record.len());
    for (i, f) in record.iter().enumerate() {
        out.push_field(if i == 0 { &f[UTF8_BOM.len()..] } else { f });
    }
    out.set_position(record.position().cloned());
    out
}

/// Reads the next record of `reader` into `record`; false at the end. A record longer than
/// [`MAX_RECORD_BYTES`] is [`Error::RowTooLarge`] at its line. (A free function over the
/// reader's parts, so that the parallel row loop can read while its workers borrow the header.)
fn next_record_of(
    reader: &mut csv::Reader<Decoded>,
    name: &InputName,
    preamble_lines: u64,
    record: &mut csv::ByteRecord,
) -> Result<bool> {
    let counter = reader.get_mut();
    counter.record_start = counter.offset;
    reader.read_byte_record(record).map_err(|e| {
        let too_large = match e.kind() {
            csv::ErrorKind::Io(io) => io
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<RecordTooLarge>())
                .map(|r| r.line),
            _ => None,
        };
        match too_large {
            Some(line) => Error::RowTooLarge {
                file: name.clone(),
                line: preamble_lines + line + 1,
                limit_mib: MAX_RECORD_BYTES >> 20,
            },
            None => csv_error(name, e),
        }
    })
}

/// The 1-based line where `record`, the last one `reader` read, starts.
fn line_of_record(
    reader: &mut csv::Reader<Decoded>,
    preamble_lines: u64,
    record: &csv::ByteRecord,
) -> u64 {
    let offset = record.position().map_or(0, |p| p.byte());
    preamble_lines + reader.get_mut().line_at(offset) + 1
}

/// What the row loop makes of one record before a format sees it.
enum Checked {
    /// A blank line: skipped, not counted.
    Blank,
    /// A data row that is malformed whatever the format (the header again, a NUL byte, the
    /// wrong number of fields).
    Rejected(RejectedRow),
    /// A data row for the format (a byte order mark in front of it removed).
    Row,
}

/// The checks every data row goes through, sequential and parallel row loops alike, so that
/// both reject the same rows with the same messages. O(row length).
fn check_record(
    record: &mut csv::ByteRecord,
    line: u64,
    name: &InputName,
    headers: &[String],
) -> Checked {
    let width = headers.len();
    if record.len() == 1 && width > 1 && record[0].iter().all(u8::is_ascii_whitespace) {
        return Checked::Blank;
    }
    if record.get(0).is_some_and(|f| f.starts_with(UTF8_BOM)) {
        // a byte order mark in the middle of the file (exports pasted together): not
        // part of the first field
        *record = strip_leading_bom(record);
    }
    let row = Row {
        line,
        record,
        name,
        headers,
    };
    if is_header_again(headers, record) {
        return Checked::Rejected(row.reject(
            RejectReason::RepeatedHeader,
            None,
            "expected a data row, found the header line again (exports pasted together with their headers?); the row is skipped".into(),
        ));
    }
    if let Some(column) = record.iter().position(|f| f.contains(&0)) {
        return Checked::Rejected(row.reject(
            RejectReason::NulByte,
            (column < width).then_some(column),
            "expected text, found a NUL byte (a binary file, or a UTF-16 file forced to another encoding?); the row is skipped".into(),
        ));
    }
    if record.len() != width {
        return Checked::Rejected(row.reject(
            RejectReason::WrongFieldCount,
            None,
            format!(
                "expected {width} fields as in the header, found {}",
                record.len()
            ),
        ));
    }
    Checked::Row
}

/// True when `record` is the header line again: every field, trimmed, equal to its header
/// ignoring case (empty headers included).
fn is_header_again(headers: &[String], record: &csv::ByteRecord) -> bool {
    record.len() == headers.len()
        && headers.iter().any(|h| !h.is_empty())
        && record
            .iter()
            .zip(headers)
            .all(|(f, h)| std::str::from_utf8(f).is_ok_and(|f| f.trim().eq_ignore_ascii_case(h)))
}

fn trim_line_end(line: &[u8]) -> &[u8] {
    let mut end = line.len();
    while end > 0 && matches!(line[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    &line[..end]
}

fn open_file(p: &Path) -> io::Result<File> {
    let file = File::open(p)?;
    if file.metadata()?.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "this is a directory, not a CSV file",
        ));
    }
    Ok(file)
}

/// Turns a csv error into a library error naming the file and line, keeping the csv error as
/// its source.
pub fn csv_error(name: &InputName, e: csv::Error) -> Error {
    let line = e.position().map(|p| p.line()).unwrap_or(1);
    if e.is_io_error() {
        match e.into_kind() {
            csv::ErrorKind::Io(source) => Error::Read {
                file: name.clone(),
                source,
            },
            _ => unreachable!("is_io_error"),
        }
    } else {
        Error::Csv {
            file: name.clone(),
            line,
            source: e,
        }
    }
}

/// Picks the delimiter that occurs most often outside quotes in the header line; `,` when the
/// line has none (a one-column file).
pub fn sniff_delimiter(line: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::NoProgress;

    fn open_bytes(bytes: &[u8]) -> (tempfile::TempDir, Result<CsvInput>) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.csv");
        std::fs::write(&p, bytes).unwrap();
        let input = CsvInput::open(&InputName::Path(p), OpenOptions::default(), "id,department");
        (dir, input)
    }

    fn rows(input: &mut CsvInput) -> (Vec<(u64, Vec<String>)>, Rejects) {
        let mut out = Vec::new();
        let mut rejects = Rejects::new(false);
        input
            .for_each_row(&mut rejects, &NoProgress, |row| {
                let fields = (0..row.record.len())
                    .map(|c| String::from_utf8_lossy(row.bytes(c)).into_owned())
                    .collect();
                out.push((row.line, fields));
                Ok(Ok(()))
            })
            .unwrap();
        (out, rejects)
    }

    #[test]
    fn sniffs_the_delimiter_outside_quotes() {
        assert_eq!(sniff_delimiter(b"id,department\n"), b',');
        assert_eq!(sniff_delimiter(b"id;department;aliases\r\n"), b';');
        assert_eq!(sniff_delimiter(b"id\tdepartment\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"a;b\",c\n"), b',');
        assert_eq!(sniff_delimiter(b"id\n"), b',');
    }

    #[test]
    fn reads_a_bom_semicolon_file_with_its_line_numbers() {
        let (_d, input) = open_bytes(b"\xef\xbb\xbfId;Department\r\na;X\r\n\r\nb;Y;Z\r\n");
        let mut input = input.unwrap();
        assert_eq!(input.delimiter, b';');
        assert_eq!(input.headers, vec!["Id", "Department"]);
        let (rows, rejects) = rows(&mut input);
        assert_eq!(rows, vec![(2, vec!["a".to_string(), "X".to_string()])]);
        assert_eq!(rejects.samples()[0].line, 4);
    }

    #[test]
    fn line_numbers_survive_crlf_blank_lines_and_quoted_breaks() {
        for (text, lines) in [
            (&b"Id;D\r\na;X\r\n\r\nb;Y;Z\r\nc;W\r\n"[..], vec![2, 4, 5]),
            (b"Id;D\na;X\n\nb;Y;Z\nc;W\n", vec![2, 4, 5]),
            (b"Id;D\r\na;X\r\nb;Y\r\n\r\n\r\nc;W\r\n", vec![2, 3, 6]),
            (b"Id;D\r\na;\"X\r\nY\"\r\nb;Z\r\n", vec![2, 4]),
            (b"Id;D\na\nb\n\nc\n", vec![2, 3, 5]),
            (b"Id;D\r\na\r\nb\r\n", vec![2, 3]),
        ] {
            let (_d, input) = open_bytes(text);
            assert_eq!(
                input.unwrap().lines_of_every_record(),
                lines,
                "{}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn skips_a_powershell_type_line_and_reads_utf16() {
        let text = "#TYPE Deserialized.Microsoft.Exchange.MessageTrace\r\n\"Received\",\"SenderAddress\"\r\n\"3/12/2024 9:15:00 AM\",\"a@x\"\r\n";
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let (_d, input) = open_bytes(&bytes);
        let mut input = input.unwrap();
        assert_eq!(input.encoding.name(), "UTF-16LE");
        assert_eq!(input.headers, vec!["Received", "SenderAddress"]);
        let (rows, _) = rows(&mut input);
        assert_eq!(rows[0].0, 3);
        assert_eq!(rows[0].1[1], "a@x");
    }

    #[test]
    fn excel_sep_line_sets_the_delimiter() {
        let (_d, input) = open_bytes(b"sep=;\nid;department,x\na;b,c\n");
        let mut input = input.unwrap();
        assert_eq!(input.delimiter, b';');
        let (rows, _) = rows(&mut input);
        assert_eq!(rows[0], (3, vec!["a".to_string(), "b,c".to_string()]));
    }

    #[test]
    fn peeked_rows_are_handed_out_again() {
        let (_d, input) = open_bytes(b"id,department\na,X\nb,Y\nc,Z\n");
        let mut input = input.unwrap();
        assert_eq!(input.peek(2).unwrap().len(), 2);
        let (rows, _) = rows(&mut input);
        let ids: Vec<&str> = rows.iter().map(|r| r.1[0].as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(rows[2].0, 4);
    }

    #[test]
    fn empty_and_missing_files_fail() {
        let (_d, input) = open_bytes(b"\xef\xbb\xbf\n");
        assert!(matches!(input, Err(Error::EmptyFile { .. })));
        let dir = tempfile::tempdir().unwrap();
        let missing = InputName::Path(dir.path().join("nope.csv"));
        assert!(matches!(
            CsvInput::open(&missing, OpenOptions::default(), "x"),
            Err(Error::Read { .. })
        ));
        let as_dir = InputName::Path(dir.path().to_path_buf());
        assert!(matches!(
            CsvInput::open(&as_dir, OpenOptions::default(), "x"),
            Err(Error::Read { .. })
        ));
    }

    #[test]
    fn an_unterminated_quote_is_fatal() {
        let (_d, input) = open_bytes(b"id,department\na,\"X\nb,Y\n");
        let mut input = input.unwrap();
        let mut rejects = Rejects::new(false);
        let err = input
            .for_each_row(&mut rejects, &NoProgress, |_| Ok(Ok(())))
            .unwrap_err();
        assert!(matches!(err, Error::UnterminatedQuote { line: 2, .. }));
    }
}

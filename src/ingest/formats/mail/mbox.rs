//! mbox: messages one after the other in one text file, each opened by a `From ` separator
//! line (RFC 4155; qmail's mbox(5) for the mboxo and mboxrd variants).
//!
//! The separator rule: a line that starts with exactly `From ` (five bytes, case-sensitive) is
//! a new message when it is the first line of the file (after blank lines, if any) or follows
//! a blank line (`\n` or `\r\n`). A body line that starts with `From ` is escaped by mbox
//! writers, as `>From ` (mboxo, mboxrd) or `>>From ` (mboxrd, a line that was already
//! escaped): an escaped line never starts with `From `, so it is never a separator, whatever
//! comes before it. Bodies are never unescaped, since they are never read. (mboxcl and
//! mboxcl2 files, which rely on `Content-Length:` and may leave a body's `From ` lines as
//! they are, are read with the same rule: a body line `From ` after a blank line there starts a
//! message with no `From:` field, rejected and counted.)
//!
//! Memory: one header block ([`super::MAX_HEADER_BYTES`] at most) plus 8 bytes of the body
//! line being skipped, however long the body or its lines; the reader's buffer (64 KiB); the
//! Message-ID hashes (8 bytes per distinct id). Time: O(size of the file).

use std::collections::VecDeque;
use std::io::{self, BufReader, Read};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use super::{
    BODY_LINE_KEEP, Deliverer, HeaderReader, MailRecord, columns, is_blank, next_line,
    read_header_block, sampled_senders,
};
use crate::error::{Error, InputName, Result};
use crate::ingest::decode::DetectedEncoding;
use crate::ingest::format::InputFormat;
use crate::ingest::formats::{MessageSink, MessageSource};
use crate::ingest::messages::{InputDescription, MessageOptions};
use crate::ingest::rejects::Rejects;
use crate::ingest::source::{TextInput, report_raw_bytes};
use crate::progress::Progress;

/// How many messages between two progress reports.
const PROGRESS_EVERY: u32 = 4096;

/// An mbox being read: one pass, from the first separator to the end.
pub struct MboxSource {
    name: InputName,
    encoding: DetectedEncoding,
    len: u64,
    reader: BufReader<Box<dyn Read + Send>>,
    raw_bytes: Arc<AtomicU64>,
    /// Lines read so far.
    line: u64,
    /// The line of the separator of the next message, already read.
    pending: Option<u64>,
    block: Vec<u8>,
    scratch: Vec<u8>,
    headers: HeaderReader,
    /// Records read ahead by [`MessageSource::sample_senders`], handed out first.
    peeked: VecDeque<MailRecord>,
    deliverer: Deliverer,
}

impl MboxSource {
    /// Reads up to the first separator line of `text`. A file whose first line that is not
    /// blank is not a `From ` line is not an mbox (it can only come here with
    /// `--input-format mbox`): an error.
    pub fn new(text: TextInput, _options: &MessageOptions) -> Result<MboxSource> {
        let raw_bytes = text.raw_bytes_counter();
        let mut source = MboxSource {
            name: text.name,
            encoding: text.encoding,
            len: text.len,
            reader: text.reader,
            raw_bytes,
            line: 0,
            pending: None,
            block: Vec::new(),
            scratch: Vec::new(),
            headers: HeaderReader::new(),
            peeked: VecDeque::new(),
            deliverer: Deliverer::default(),
        };
        loop {
            let read = next_line(&mut source.reader, &mut source.scratch, BODY_LINE_KEEP)
                .map_err(|e| source.read_error(e))?;
            if read.is_none() {
                break; // an empty file: no message
            }
            source.line += 1;
            if is_blank(&source.scratch) {
                continue;
            }
            if !source.scratch.starts_with(b"From ") {
                return Err(source.read_error(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "line {}: an mbox starts with a 'From ' separator line, and this file does not: it is not an mbox",
                        source.line
                    ),
                )));
            }
            source.pending = Some(source.line);
            break;
        }
        Ok(source)
    }

    fn read_error(&self, source: io::Error) -> Error {
        Error::Read {
            file: self.name.clone(),
            source,
        }
    }

    /// Reads the next message into `rec`: its header block, then its body skipped up to the
    /// next separator. False at the end of the file.
    fn next_record(&mut self, rec: &mut MailRecord) -> Result<bool> {
        let Some(start) = self.pending.take() else {
            return Ok(false);
        };
        rec.reset(&self.name, start);
        let first_line = self.line + 1;
        let (too_long, at_end) = read_header_block(
            &mut self.reader,
            &mut self.block,
            &mut self.scratch,
            &mut self.line,
        )
        .map_err(|e| self.read_error(e))?;
        if !at_end {
            // the blank line that ended the header block precedes the first body line
            let mut after_blank = true;
            while next_line(&mut self.reader, &mut self.scratch, BODY_LINE_KEEP)
                .map_err(|e| self.read_error(e))?
                .is_some()
            {
                self.line += 1;
                if after_blank && self.scratch.starts_with(b"From ") {
                    self.pending = Some(self.line);
                    break;
                }
                after_blank = is_blank(&self.scratch);
            }
        }
        rec.too_long = too_long;
        if !too_long {
            self.headers.extract(&self.block, first_line, rec);
        }
        Ok(true)
    }
}

impl MessageSource for MboxSource {
    fn description(&self) -> InputDescription {
        InputDescription {
            file: self.name.to_string(),
            format: Some(InputFormat::Mbox),
            encoding: self.encoding.name(),
            encoding_reason: self.encoding.reason,
            delimiter: "From_ line".to_string(),
            columns: columns(),
        }
    }

    fn sample_senders(&mut self, n: usize) -> Result<Vec<String>> {
        while self.peeked.len() < n {
            let mut rec = MailRecord::default();
            if !self.next_record(&mut rec)? {
                break;
            }
            self.peeked.push_back(rec);
        }
        Ok(sampled_senders(&self.peeked, n))
    }

    fn read(
        &mut self,
        sink: &mut MessageSink<'_, '_>,
        rejects: &mut Rejects,
        progress: &dyn Progress,
    ) -> Result<u64> {
        progress.start("ingest", self.len);
        let mut records = 0u64;
        let mut reported = 0u64;
        let mut since_tick = 0u32;
        let mut rec = MailRecord::default();
        loop {
            let got = match self.peeked.pop_front() {
                Some(r) => {
                    rec = r;
                    true
                }
                None => self.next_record(&mut rec)?,
            };
            if !got {
                break;
            }
            records += 1;
            self.deliverer.deliver(&rec, sink, rejects)?;
            since_tick += 1;
            if since_tick == PROGRESS_EVERY {
                since_tick = 0;
                report_raw_bytes(progress, &self.raw_bytes, &mut reported);
            }
        }
        report_raw_bytes(progress, &self.raw_bytes, &mut reported);
        progress.finish();
        Ok(records)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::source::OpenOptions;

    /// (start line, sender as written, recipients as written) of every message.
    fn split(text: &[u8]) -> Vec<(u64, Option<String>, Vec<String>)> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("box.mbox");
        std::fs::write(&p, text).unwrap();
        let input = TextInput::open(&InputName::Path(p), OpenOptions::default()).unwrap();
        let mut source = MboxSource::new(input, &MessageOptions::default()).unwrap();
        let mut out = Vec::new();
        let mut rec = MailRecord::default();
        while source.next_record(&mut rec).unwrap() {
            out.push((
                rec.start_line,
                rec.from.as_ref().map(|f| f.0.clone()),
                rec.recipients.clone(),
            ));
        }
        out
    }

    #[test]
    fn a_separator_is_a_from_line_at_the_start_or_after_a_blank_line() {
        let text = b"From a@x Mon Mar  4 08:15:07 2024\nFrom: a@x\nTo: b@x\n\nbody\nFrom here on, not a separator\n>From escaped\n\n>From escaped after a blank line\n>>From mboxrd\n\nFrom b@x Mon Mar  4 09:15:07 2024\nFrom: b@x\nTo: a@x\n\nFrom c@x Mon Mar  4 10:15:07 2024\nFrom: c@x\n";
        let got = split(text);
        assert_eq!(
            got,
            vec![
                (1, Some("a@x".into()), vec!["b@x".into()]),
                (12, Some("b@x".into()), vec!["a@x".into()]),
                (16, Some("c@x".into()), vec![]),
            ]
        );
    }

    #[test]
    fn crlf_files_and_a_header_block_ended_by_the_file() {
        let text = b"\r\nFrom - Mon Mar 04 08:15:07 2024\r\nFrom: a@x\r\nTo: b@x,\r\n c@x\r\n\r\nbody\r\n\r\nFrom - Mon Mar 04 08:15:08 2024\r\nFrom: b@x\r\nTo: a@x";
        let got = split(text);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, 2);
        assert_eq!(
            crate::ingest::address::addresses(&got[0].2[0]),
            ["b@x", "c@x"]
        );
        assert_eq!(got[1], (9, Some("b@x".into()), vec!["a@x".into()]));
    }

    #[test]
    fn a_header_block_over_the_cap_is_marked() {
        let mut text = b"From a Mon Mar  4 08:15:07 2024\nFrom: a@x\nX-Long: ".to_vec();
        text.extend(std::iter::repeat_n(b'a', super::super::MAX_HEADER_BYTES));
        text.extend_from_slice(b"\n\nbody\n\nFrom b Mon Mar  4 08:15:07 2024\nFrom: b@x\n");
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("box.mbox");
        std::fs::write(&p, &text).unwrap();
        let input = TextInput::open(&InputName::Path(p), OpenOptions::default()).unwrap();
        let mut source = MboxSource::new(input, &MessageOptions::default()).unwrap();
        let mut rec = MailRecord::default();
        assert!(source.next_record(&mut rec).unwrap());
        assert!(rec.too_long);
        assert!(source.next_record(&mut rec).unwrap());
        assert!(!rec.too_long);
        assert_eq!(rec.start_line, 7);
        assert!(!source.next_record(&mut rec).unwrap());
    }

    #[test]
    fn a_file_that_does_not_start_with_a_separator_is_not_an_mbox() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.mbox");
        std::fs::write(&p, "sender,recipients\na@x,b@x\n").unwrap();
        let input = TextInput::open(&InputName::Path(p), OpenOptions::default()).unwrap();
        let err = MboxSource::new(input, &MessageOptions::default())
            .err()
            .unwrap();
        assert!(err.to_string().contains("not an mbox"), "{err}");
    }
}

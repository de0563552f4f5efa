//! `.eml` messages (RFC 5322 messages saved one per file, as Thunderbird, Apple Mail, Outlook
//! on the web and eDiscovery tools write them): one file, or a folder of them.
//!
//! A folder is walked depth first, subfolders included (exports keep one subfolder per mail
//! folder or per mailbox: `Inbox/`, `Sent/`, `alice/Inbox/`), each folder's entries sorted by
//! name (bytes), so that the order, and with it which copy of a duplicated Message-ID is kept,
//! does not depend on the file system. A file is a message when its name ends in `.eml` (any
//! case); every other file is ignored and counted (`not_an_eml_file`), and so is every hidden
//! entry (a name that starts with `.`: `.DS_Store`, macOS's `._x.eml` resource forks, `.git/`)
//! and every symbolic link to a folder (not followed, so that a link cannot make a loop).
//! Each file's encoding is detected on its own ([`TextInput`]); a first line `From ` (the
//! envelope line that some tools write before the header) is skipped.
//!
//! Memory: one header block ([`super::MAX_HEADER_BYTES`] at most) and the encoding sample of
//! one file (64 KiB), the names of the entries of the folders being walked (one listing per
//! level), and the Message-ID hashes (8 bytes per distinct id). Only the header block of each
//! file is read (plus the 64 KiB sample). Time: O(files + header bytes).

use std::collections::VecDeque;
use std::ffi::OsString;
use std::fs::{self, FileType};
use std::io;
use std::path::{Path, PathBuf};

use super::{
    BODY_LINE_KEEP, Deliverer, HeaderReader, MailRecord, columns, next_line, read_header_block,
    sampled_senders,
};
use crate::error::{Error, InputName, Result};
use crate::ingest::decode::{DetectedEncoding, EncodingReason};
use crate::ingest::format::InputFormat;
use crate::ingest::formats::{LeftOut, MessageSink, MessageSource};
use crate::ingest::messages::{InputDescription, MessageOptions};
use crate::ingest::rejects::Rejects;
use crate::ingest::source::{OpenOptions, TextInput};
use crate::progress::Progress;

/// How many files between two progress reports.
const PROGRESS_EVERY: u32 = 256;

/// A folder tree walked depth first, each folder's entries in name order.
struct Walker {
    stack: Vec<(PathBuf, std::vec::IntoIter<(OsString, FileType)>)>,
    /// Entries ignored since the last look (not `.eml`, hidden, links to folders).
    ignored: u64,
}

fn read_error(path: &Path, source: io::Error) -> Error {
    Error::Read {
        file: InputName::Path(path.to_path_buf()),
        source,
    }
}

/// The entries of `dir`, sorted by name.
fn list(dir: &Path) -> Result<std::vec::IntoIter<(OsString, FileType)>> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| read_error(dir, e))? {
        let entry = entry.map_err(|e| read_error(dir, e))?;
        let kind = entry
            .file_type()
            .map_err(|e| read_error(&entry.path(), e))?;
        entries.push((entry.file_name(), kind));
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(entries.into_iter())
}

fn is_eml(name: &Path) -> bool {
    name.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("eml"))
}

impl Walker {
    fn new(root: &Path) -> Result<Walker> {
        Ok(Walker {
            stack: vec![(root.to_path_buf(), list(root)?)],
            ignored: 0,
        })
    }

    /// The next `.eml` file, or `None` when the tree is done.
    fn next_file(&mut self) -> Result<Option<PathBuf>> {
        loop {
            let Some((dir, entries)) = self.stack.last_mut() else {
                return Ok(None);
            };
            let Some((name, kind)) = entries.next() else {
                self.stack.pop();
                continue;
            };
            let path = dir.join(&name);
            if name.as_encoded_bytes().first() == Some(&b'.') {
                self.ignored += 1;
            } else if kind.is_dir() {
                let entries = list(&path)?;
                self.stack.push((path, entries));
            } else if is_eml(&path)
                && (kind.is_file() || fs::metadata(&path).is_ok_and(|m| m.is_file()))
            {
                return Ok(Some(path));
            } else {
                self.ignored += 1;
            }
        }
    }
}

/// True when the folder tree at `path` holds at least one `.eml` file (walked until the first).
pub fn holds_eml(path: &Path) -> Result<bool> {
    Ok(Walker::new(path)?.next_file()?.is_some())
}

enum Files {
    /// One file (or standard input), not read yet.
    One(Option<TextInput>),
    /// A folder tree.
    Folder(Walker),
}

/// `.eml` messages being read.
pub struct EmlSource {
    name: InputName,
    files: Files,
    open: OpenOptions,
    /// The encoding of the first file read.
    encoding: Option<DetectedEncoding>,
    block: Vec<u8>,
    scratch: Vec<u8>,
    headers: HeaderReader,
    peeked: VecDeque<MailRecord>,
    deliverer: Deliverer,
}

impl EmlSource {
    fn new(name: InputName, files: Files, options: &MessageOptions) -> EmlSource {
        EmlSource {
            name,
            files,
            open: options.open,
            encoding: None,
            block: Vec::new(),
            scratch: Vec::new(),
            headers: HeaderReader::new(),
            peeked: VecDeque::new(),
            deliverer: Deliverer::default(),
        }
    }

    /// One `.eml` file, already opened.
    pub fn file(text: TextInput, options: &MessageOptions) -> EmlSource {
        let mut source = EmlSource::new(text.name.clone(), Files::One(None), options);
        source.encoding = Some(text.encoding);
        source.files = Files::One(Some(text));
        source
    }

    /// A folder tree of `.eml` files. Its first message is read at once (its encoding is the
    /// one described); a folder with none is an error.
    pub fn folder(path: PathBuf, options: &MessageOptions) -> Result<EmlSource> {
        let walker = Walker::new(&path)?;
        let mut source = EmlSource::new(InputName::Path(path), Files::Folder(walker), options);
        let mut rec = MailRecord::default();
        if source.next_record(&mut rec)?.is_none() {
            let ignored = match &source.files {
                Files::Folder(w) => w.ignored,
                Files::One(_) => 0,
            };
            return Err(Error::Read {
                file: source.name.clone(),
                source: io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "this folder holds no .eml file ({ignored} other entries): an .eml folder holds one message per file named *.eml"
                    ),
                ),
            });
        }
        source.peeked.push_back(rec);
        Ok(source)
    }

    /// Reads the next file's header block into `rec`; returns the bytes read from it (for
    /// progress), or `None` when there is no file left.
    fn next_record(&mut self, rec: &mut MailRecord) -> Result<Option<u64>> {
        let mut text = match &mut self.files {
            Files::One(text) => match text.take() {
                Some(t) => t,
                None => return Ok(None),
            },
            Files::Folder(walker) => match walker.next_file()? {
                Some(path) => TextInput::open(&InputName::Path(path), self.open)?,
                None => return Ok(None),
            },
        };
        if self.encoding.is_none() {
            self.encoding = Some(text.encoding);
        }
        rec.reset(&text.name, 1);
        let read_err = |file: &InputName, source| Error::Read {
            file: file.clone(),
            source,
        };
        let mut line = 0u64;
        if text.peek_start()?.starts_with(b"From ") {
            next_line(&mut text.reader, &mut self.scratch, BODY_LINE_KEEP)
                .map_err(|e| read_err(&text.name, e))?;
            line = 1;
        }
        let first_line = line + 1;
        let (too_long, _) = read_header_block(
            &mut text.reader,
            &mut self.block,
            &mut self.scratch,
            &mut line,
        )
        .map_err(|e| read_err(&text.name, e))?;
        rec.too_long = too_long;
        if !too_long {
            self.headers.extract(&self.block, first_line, rec);
        }
        Ok(Some(text.raw_bytes_read()))
    }

    /// Hands the entries ignored so far to the sink.
    fn flush_ignored(&mut self, sink: &mut MessageSink<'_, '_>) {
        if let Files::Folder(walker) = &mut self.files {
            for _ in 0..walker.ignored {
                sink.left_out(LeftOut::NotAnEmlFile);
            }
            walker.ignored = 0;
        }
    }
}

impl MessageSource for EmlSource {
    fn description(&self) -> InputDescription {
        let encoding = self.encoding.unwrap_or(DetectedEncoding {
            encoding: self.open.encoding.unwrap_or(encoding_rs::UTF_8),
            reason: if self.open.encoding.is_some() {
                EncodingReason::Forced
            } else {
                EncodingReason::ValidUtf8
            },
        });
        InputDescription {
            file: self.name.to_string(),
            format: Some(InputFormat::Eml),
            encoding: encoding.name(),
            encoding_reason: encoding.reason,
            delimiter: match self.files {
                Files::One(_) => "one message".to_string(),
                Files::Folder(_) => "one message per .eml file".to_string(),
            },
            columns: columns(),
        }
    }

    fn sample_senders(&mut self, n: usize) -> Result<Vec<String>> {
        while self.peeked.len() < n {
            let mut rec = MailRecord::default();
            if self.next_record(&mut rec)?.is_none() {
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
        progress.start("ingest", 0);
        let mut records = 0u64;
        let mut bytes = 0u64;
        let mut since_tick = 0u32;
        let mut rec = MailRecord::default();
        loop {
            self.flush_ignored(sink);
            match self.peeked.pop_front() {
                Some(r) => rec = r,
                None => match self.next_record(&mut rec)? {
                    Some(b) => bytes += b,
                    None => break,
                },
            }
            records += 1;
            self.deliverer.deliver(&rec, sink, rejects)?;
            since_tick += 1;
            if since_tick == PROGRESS_EVERY {
                since_tick = 0;
                progress.inc(std::mem::take(&mut bytes));
            }
        }
        self.flush_ignored(sink);
        progress.inc(bytes);
        progress.finish();
        Ok(records)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(root: &Path) -> (Vec<String>, u64) {
        let mut walker = Walker::new(root).unwrap();
        let mut out = Vec::new();
        while let Some(p) = walker.next_file().unwrap() {
            out.push(
                p.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
        (out, walker.ignored)
    }

    #[test]
    fn a_folder_is_walked_in_name_order_with_its_subfolders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "b.eml",
            "a.EML",
            "sub/z.eml",
            "sub/deeper/y.eml",
            "c.txt",
            ".hidden/x.eml",
            "._a.eml",
            "sub/desktop.ini",
        ] {
            let p = root.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(&p, "From: a@x\n").unwrap();
        }
        fs::create_dir_all(root.join("empty")).unwrap();
        let (got, ignored) = names(root);
        assert_eq!(got, ["a.EML", "b.eml", "sub/deeper/y.eml", "sub/z.eml"]);
        assert_eq!(ignored, 4); // ._a.eml, .hidden/, c.txt, sub/desktop.ini
        assert!(holds_eml(root).unwrap());
        assert!(!holds_eml(&root.join("empty")).unwrap());
    }

    #[test]
    fn an_envelope_line_is_skipped_and_lines_count_from_the_file_start() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.eml");
        fs::write(
            &p,
            "From a@x Mon Mar  4 08:15:07 2024\nFrom: a@x\nDate: not a date\n\nbody\n",
        )
        .unwrap();
        let text = TextInput::open(&InputName::Path(p), OpenOptions::default()).unwrap();
        let mut source = EmlSource::file(text, &MessageOptions::default());
        let mut rec = MailRecord::default();
        assert!(source.next_record(&mut rec).unwrap().is_some());
        assert_eq!(rec.from.as_ref().unwrap(), &("a@x".to_string(), 2));
        assert!(matches!(
            rec.date,
            super::super::DateField::Bad { line: 3, .. }
        ));
        assert!(source.next_record(&mut rec).unwrap().is_none());
    }
}

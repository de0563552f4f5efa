//! Opening an input (a path or `-` for stdin) as CSV: the delimiter (`,`, `;` or tab) is sniffed
//! from the header line, a UTF-8 BOM is dropped, and quote characters are counted as the bytes
//! stream by, so that an unterminated quote (which the csv crate silently reads to the end of the
//! file) can be detected.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::Path;

use crate::error::{Error, InputName, Result};

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

/// Counts `"` bytes as they pass, so that the reader can tell afterwards whether quotes were
/// balanced (an odd count means a quoted field was never closed).
pub struct QuoteCounter<R> {
    inner: R,
    quotes: u64,
    bytes: u64,
}

impl<R: Read> Read for QuoteCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.quotes += buf[..n].iter().filter(|&&b| b == b'"').count() as u64;
        self.bytes += n as u64;
        Ok(n)
    }
}

impl<R> QuoteCounter<R> {
    /// Quote bytes seen so far.
    pub fn quotes(&self) -> u64 {
        self.quotes
    }
    /// Bytes read so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }
}

type Inner = QuoteCounter<io::Chain<Cursor<Vec<u8>>, Box<dyn BufRead + Send>>>;

/// A CSV input whose header has been read and whose delimiter is known.
pub struct CsvInput {
    /// Where it comes from, for messages.
    pub name: InputName,
    /// Header names, trimmed, as written in the file.
    pub headers: Vec<String>,
    /// The detected delimiter.
    pub delimiter: u8,
    /// Size of the file in bytes when known (for progress), else 0.
    pub len: u64,
    /// The reader, positioned after the header.
    pub reader: csv::Reader<Inner>,
    /// The csv crate reports a record of a CRLF file one line early (the `\n` of the previous
    /// line is not yet consumed when the record starts): 1 for such files, else 0.
    line_shift: u64,
}

const BOM: &[u8] = b"\xef\xbb\xbf";

impl CsvInput {
    /// Opens `name`, reads its header line and sniffs the delimiter. `expected` is an example
    /// header used in the message for an empty file.
    pub fn open(name: &InputName, expected: &'static str) -> Result<CsvInput> {
        let read_err = |source| Error::Read {
            file: name.clone(),
            source,
        };
        let (mut stream, len): (Box<dyn BufRead + Send>, u64) = match name {
            InputName::Stdin => (Box::new(BufReader::with_capacity(1 << 16, io::stdin())), 0),
            InputName::Path(p) => {
                let file = open_file(p).map_err(read_err)?;
                let len = file.metadata().map(|m| m.len()).unwrap_or(0);
                (Box::new(BufReader::with_capacity(1 << 16, file)), len)
            }
        };
        let mut first = Vec::new();
        stream.read_until(b'\n', &mut first).map_err(read_err)?;
        if first.starts_with(BOM) {
            first.drain(..BOM.len());
        }
        if first.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(Error::EmptyFile {
                file: name.clone(),
                expected,
            });
        }
        let delimiter = sniff_delimiter(&first);
        let line_shift = u64::from(first.ends_with(b"\r\n"));
        let chained = QuoteCounter {
            inner: Cursor::new(first).chain(stream),
            quotes: 0,
            bytes: 0,
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
            len,
            reader,
            line_shift,
        })
    }

    /// The 1-based line where `record` starts.
    pub fn line_of(&self, record: &csv::ByteRecord) -> u64 {
        record.position().map_or(0, |p| p.line() + self.line_shift)
    }

    /// After the last record: fails when quotes were left open. `last_line` is the line where
    /// the last record started and `last_had_newline` whether one of its fields held a line
    /// break (the mark of a quote that swallowed the rest of the file).
    pub fn check_quotes(&self, last_line: u64, last_had_newline: bool) -> Result<()> {
        if last_had_newline && self.reader.get_ref().quotes() % 2 == 1 {
            return Err(Error::UnterminatedQuote {
                file: self.name.clone(),
                line: last_line,
            });
        }
        Ok(())
    }

    /// Header names joined for messages. A "header" holding an `@` is surely a data row of a
    /// file without header line: it is shown as `<address>`, never copied.
    pub fn found_headers(&self) -> String {
        let shown: Vec<&str> = self
            .headers
            .iter()
            .map(|h| {
                if h.contains('@') {
                    "<address>"
                } else {
                    h.as_str()
                }
            })
            .collect();
        shown.join(", ")
    }
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

/// Turns a csv error into a library error naming the file and line.
pub fn csv_error(name: &InputName, e: csv::Error) -> Error {
    let line = e.position().map(|p| p.line()).unwrap_or(1);
    match e.into_kind() {
        csv::ErrorKind::Io(source) => Error::Read {
            file: name.clone(),
            source,
        },
        other => Error::Csv {
            file: name.clone(),
            line,
            message: format!("{other:?}"),
        },
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

    #[test]
    fn sniffs_the_delimiter_outside_quotes() {
        assert_eq!(sniff_delimiter(b"id,department\n"), b',');
        assert_eq!(sniff_delimiter(b"id;department;aliases\r\n"), b';');
        assert_eq!(sniff_delimiter(b"id\tdepartment\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"a;b\",c\n"), b',');
        assert_eq!(sniff_delimiter(b"id\n"), b',');
    }

    #[test]
    fn reads_a_bom_semicolon_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.csv");
        std::fs::write(&p, b"\xef\xbb\xbfId;Department\r\na;X\r\n").unwrap();
        let mut input = CsvInput::open(&InputName::Path(p), "id,department").unwrap();
        assert_eq!(input.delimiter, b';');
        assert_eq!(input.headers, vec!["Id", "Department"]);
        let mut rec = csv::ByteRecord::new();
        assert!(input.reader.read_byte_record(&mut rec).unwrap());
        assert_eq!(&rec[1], b"X");
        assert_eq!(input.line_of(&rec), 2);
    }

    #[test]
    fn empty_and_missing_files_fail() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("e.csv");
        std::fs::write(&p, b"\xef\xbb\xbf\n").unwrap();
        assert!(matches!(
            CsvInput::open(&InputName::Path(p), "x"),
            Err(Error::EmptyFile { .. })
        ));
        let missing = InputName::Path(dir.path().join("nope.csv"));
        assert!(matches!(
            CsvInput::open(&missing, "x"),
            Err(Error::Read { .. })
        ));
        let as_dir = InputName::Path(dir.path().to_path_buf());
        assert!(matches!(
            CsvInput::open(&as_dir, "x"),
            Err(Error::Read { .. })
        ));
    }
}

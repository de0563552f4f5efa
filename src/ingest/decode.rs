//! Text encodings, decided from a file's first bytes and decoded before any parser sees the
//! text, so that every reader after this one works on UTF-8 only (ripgrep's way, see
//! ../shared/STYLE.md §11).
//!
//! The rule, in order, on a sample of the first [`SAMPLE_BYTES`] bytes:
//! 1. a byte order mark wins (UTF-8, UTF-16 LE, UTF-16 BE);
//! 2. without one, the pattern of zero bytes of ASCII text written in UTF-16 (every other byte
//!    zero) makes the file UTF-16 LE or BE (PowerShell and Exchange reports write it);
//! 3. a sample that is not valid UTF-8 makes the file Windows-1252 (French Excel's "CSV
//!    (séparateur: point-virgule)"); Windows-1252 decodes any byte, so this never fails;
//! 4. otherwise the file is UTF-8, and an invalid byte further on is a rejected row.
//!
//! `--encoding` (`--people-encoding`) forces an encoding instead.

use std::fmt;
use std::io::{self, Read};

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use serde::Serialize;

/// How many bytes of a file decide its encoding.
pub const SAMPLE_BYTES: usize = 64 * 1024;

/// Why an encoding was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EncodingReason {
    /// The file starts with a byte order mark.
    ByteOrderMark,
    /// Every other byte of the sample is zero: UTF-16 without a byte order mark.
    ZeroBytePattern,
    /// The sample is not valid UTF-8.
    NotUtf8,
    /// The sample is valid UTF-8 (or plain ASCII).
    ValidUtf8,
    /// Given with `--encoding` or `--people-encoding`.
    Forced,
}

/// The encoding a file is read in, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DetectedEncoding {
    /// The encoding (WHATWG Encoding Standard, as encoding_rs implements it).
    pub encoding: &'static Encoding,
    /// Why it was chosen.
    pub reason: EncodingReason,
}

impl DetectedEncoding {
    /// The encoding's usual name: `UTF-8`, `UTF-16LE`, `windows-1252`...
    pub fn name(&self) -> &'static str {
        match self.encoding.name() {
            "windows-1252" => "Windows-1252",
            other => other,
        }
    }

    /// True for UTF-8, which is passed through untouched (invalid bytes stay invalid, so that
    /// the row holding them is rejected rather than silently altered).
    pub fn is_utf8(&self) -> bool {
        self.encoding == UTF_8
    }
}

impl fmt::Display for DetectedEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self.reason {
            EncodingReason::ByteOrderMark => "byte order mark",
            EncodingReason::ZeroBytePattern => "no byte order mark; zero bytes of UTF-16 text",
            EncodingReason::NotUtf8 => "the first bytes are not valid UTF-8",
            EncodingReason::ValidUtf8 => "valid UTF-8",
            EncodingReason::Forced => "forced by option",
        };
        write!(f, "{} ({why})", self.name())
    }
}

/// Reads an encoding name as `--encoding` takes it: `utf-8`, `utf-16le`, `utf-16be`,
/// `windows-1252` (also `cp1252`, `latin1`, `iso-8859-1`, which browsers and encoding_rs read
/// as Windows-1252), or any other WHATWG label.
pub fn encoding_from_label(label: &str) -> Result<&'static Encoding, String> {
    let l = label.trim().to_ascii_lowercase();
    let l = match l.as_str() {
        "cp1252" | "win1252" | "ansi" => "windows-1252",
        "utf16le" | "utf-16-le" => "utf-16le",
        "utf16be" | "utf-16-be" => "utf-16be",
        "utf8" => "utf-8",
        other => other,
    };
    Encoding::for_label(l.as_bytes()).ok_or_else(|| {
        format!(
            "unknown encoding '{label}': use utf-8, utf-16le, utf-16be or windows-1252 (French Excel)"
        )
    })
}

/// Decides the encoding of a file from its first bytes. `at_end` says whether `sample` is the
/// whole file (a multi-byte character cut by the end of a partial sample is not an error).
pub fn detect(sample: &[u8], at_end: bool) -> DetectedEncoding {
    let found = |encoding, reason| DetectedEncoding { encoding, reason };
    if let Some((encoding, _)) = Encoding::for_bom(sample) {
        return found(encoding, EncodingReason::ByteOrderMark);
    }
    if let Some(encoding) = utf16_by_zero_bytes(sample) {
        return found(encoding, EncodingReason::ZeroBytePattern);
    }
    match std::str::from_utf8(sample) {
        Ok(_) => found(UTF_8, EncodingReason::ValidUtf8),
        Err(e) if e.error_len().is_none() && !at_end => found(UTF_8, EncodingReason::ValidUtf8),
        Err(_) => found(WINDOWS_1252, EncodingReason::NotUtf8),
    }
}

/// UTF-16 without a byte order mark: text that is mostly ASCII has a zero in every high byte,
/// so one position parity is full of zeros and the other has (almost) none.
fn utf16_by_zero_bytes(sample: &[u8]) -> Option<&'static Encoding> {
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    let many = pairs * 3 / 10; // at least 30% of the characters are ASCII
    let few = pairs / 20; // and the other parity has at most 5% zeros
    if odd >= many.max(1) && even <= few {
        Some(UTF_16LE)
    } else if even >= many.max(1) && odd <= few {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The text of an input as UTF-8: `sample` (the first bytes, already read) then `rest`. UTF-8
/// passes through untouched, its byte order mark dropped (so that an invalid byte stays
/// invalid and its row is rejected, not silently altered); any other encoding is transcoded by
/// encoding_rs (malformed sequences become U+FFFD).
pub fn decoded<R: Read + Send + 'static>(
    mut sample: Vec<u8>,
    rest: R,
    detected: DetectedEncoding,
) -> Box<dyn Read + Send> {
    if detected.is_utf8() {
        if sample.starts_with(b"\xef\xbb\xbf") {
            sample.drain(..3);
        }
        return Box::new(io::Cursor::new(sample).chain(rest));
    }
    let sniff = detected.reason != EncodingReason::Forced;
    Box::new(
        encoding_rs_io::DecodeReaderBytesBuilder::new()
            .encoding(Some(detected.encoding))
            .bom_sniffing(sniff)
            .strip_bom(true)
            .build(io::Cursor::new(sample).chain(rest)),
    )
}

/// Reads up to [`SAMPLE_BYTES`] from `raw` (fewer only at the end of the input). Returns the
/// bytes and whether the input ended.
pub fn read_sample<R: Read>(raw: &mut R) -> io::Result<(Vec<u8>, bool)> {
    let mut sample = vec![0u8; SAMPLE_BYTES];
    let mut filled = 0;
    while filled < SAMPLE_BYTES {
        match raw.read(&mut sample[filled..]) {
            Ok(0) => {
                sample.truncate(filled);
                return Ok((sample, true));
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok((sample, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }
    fn utf16be(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }
    fn decode_all(bytes: Vec<u8>) -> (DetectedEncoding, String) {
        let d = detect(&bytes, true);
        let mut out = String::new();
        decoded(bytes, io::empty(), d)
            .read_to_string(&mut out)
            .unwrap();
        (d, out)
    }

    #[test]
    fn byte_order_marks_win() {
        let mut le = vec![0xff, 0xfe];
        le.extend(utf16le("Received,SenderAddress\r\n"));
        let (d, text) = decode_all(le);
        assert_eq!(
            (d.name(), d.reason),
            ("UTF-16LE", EncodingReason::ByteOrderMark)
        );
        assert_eq!(text, "Received,SenderAddress\r\n");
        let mut be = vec![0xfe, 0xff];
        be.extend(utf16be("id;Direction Générale\n"));
        let (d, text) = decode_all(be);
        assert_eq!(d.name(), "UTF-16BE");
        assert_eq!(text, "id;Direction Générale\n");
        let (d, text) = decode_all(b"\xef\xbb\xbfid\n".to_vec());
        assert_eq!(
            (d.name(), d.reason),
            ("UTF-8", EncodingReason::ByteOrderMark)
        );
        assert_eq!(text, "id\n");
    }

    #[test]
    fn utf16_without_bom_is_recognised_by_its_zero_bytes() {
        let (d, text) = decode_all(utf16le("Matricule;Prénom;E-mail\r\nA1;Hélène;h@x\r\n"));
        assert_eq!(
            (d.name(), d.reason),
            ("UTF-16LE", EncodingReason::ZeroBytePattern)
        );
        assert!(text.contains("Hélène"));
        let (d, _) = decode_all(utf16be("Matricule;Prénom\r\n"));
        assert_eq!(d.name(), "UTF-16BE");
    }

    #[test]
    fn invalid_utf8_sample_is_windows_1252() {
        // "Direction Générale" as French Excel writes it
        let bytes = b"id;department\r\na@x;Direction G\xe9n\xe9rale\r\n".to_vec();
        let (d, text) = decode_all(bytes);
        assert_eq!(
            (d.name(), d.reason),
            ("Windows-1252", EncodingReason::NotUtf8)
        );
        assert!(text.contains("Direction Générale"));
        // the euro sign and curly apostrophe of Windows-1252 (0x80, 0x92)
        let (_, text) = decode_all(b"a\x80 b\x92c\n".to_vec());
        assert_eq!(text, "a€ b’c\n");
    }

    #[test]
    fn utf8_passes_through_and_a_cut_character_at_the_sample_end_is_fine() {
        let (d, text) = decode_all("Hélène\n".as_bytes().to_vec());
        assert_eq!((d.name(), d.reason), ("UTF-8", EncodingReason::ValidUtf8));
        assert_eq!(text, "Hélène\n");
        let cut = &"é".as_bytes()[..1];
        assert_eq!(detect(cut, false).name(), "UTF-8");
        assert_eq!(detect(cut, true).name(), "Windows-1252");
        // invalid bytes after a UTF-8 sample stay as they are (the row is rejected later)
        let d = detect(b"abc", false);
        let mut out = Vec::new();
        decoded(b"abc".to_vec(), io::Cursor::new(b"\xe9\n".to_vec()), d)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, b"abc\xe9\n");
    }

    #[test]
    fn labels() {
        assert_eq!(encoding_from_label("cp1252").unwrap(), WINDOWS_1252);
        assert_eq!(encoding_from_label("Latin1").unwrap(), WINDOWS_1252);
        assert_eq!(encoding_from_label("UTF-16LE").unwrap(), UTF_16LE);
        assert_eq!(encoding_from_label("utf8").unwrap(), UTF_8);
        assert!(encoding_from_label("klingon").is_err());
    }

    #[test]
    fn a_forced_encoding_is_used() {
        let d = DetectedEncoding {
            encoding: WINDOWS_1252,
            reason: EncodingReason::Forced,
        };
        let mut out = String::new();
        decoded(b"G\xe9n\xe9rale".to_vec(), io::empty(), d)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, "Générale");
    }
}

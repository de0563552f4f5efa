//! Content lines of iCalendar (RFC 5545 §3.1), read from decoded text: physical lines are
//! unfolded (a line that starts with a space or a tab continues the one before, minus that one
//! character), each logical line keeps the number of its first physical line, and a logical
//! line is split into its name, its parameters and its value, a colon or a semicolon inside a
//! quoted parameter value (`CN="Dupont; Jean":mailto:…`) being part of that value.
//!
//! Only the properties a caller asks for are kept: the others (SUMMARY, DESCRIPTION, LOCATION,
//! ATTACH…) are read past without being stored, however long their folded value. Values are not
//! unescaped (RFC 5545 §3.3.11 TEXT escapes): no TEXT value is read.
//!
//! Complexity: O(bytes); memory: one logical line of a kept property, one physical line else.

use std::io::{self, BufRead};

/// Reads the logical lines of a text, skipping blank lines and the properties `wanted` turns
/// down.
pub struct ContentLines<R> {
    reader: R,
    wanted: fn(&[u8]) -> bool,
    /// The logical line handed out last.
    logical: Vec<u8>,
    /// The physical line read ahead (the one after the logical line), if any.
    ahead: Vec<u8>,
    has_ahead: bool,
    ahead_line: u64,
    /// Physical lines read so far.
    lines: u64,
}

/// One logical line: its 1-based line number and its bytes, without the line end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Logical<'a> {
    /// The line of its first physical line.
    pub line: u64,
    /// The unfolded bytes.
    pub bytes: &'a [u8],
}

impl<R: BufRead> ContentLines<R> {
    /// A reader of `reader`'s logical lines; `wanted` gets a property name (as written) and
    /// says whether the line is kept.
    pub fn new(reader: R, wanted: fn(&[u8]) -> bool) -> Self {
        ContentLines {
            reader,
            wanted,
            logical: Vec::new(),
            ahead: Vec::new(),
            has_ahead: false,
            ahead_line: 0,
            lines: 0,
        }
    }

    /// Reads one physical line into `self.ahead`, its line end removed; false at the end.
    fn read_physical(&mut self) -> io::Result<bool> {
        self.ahead.clear();
        if self.reader.read_until(b'\n', &mut self.ahead)? == 0 {
            self.has_ahead = false;
            return Ok(false);
        }
        self.lines += 1;
        while matches!(self.ahead.last(), Some(b'\n' | b'\r')) {
            self.ahead.pop();
        }
        self.has_ahead = true;
        self.ahead_line = self.lines;
        Ok(true)
    }

    /// The next kept logical line, or `None` at the end of the text.
    pub fn next_line(&mut self) -> io::Result<Option<Logical<'_>>> {
        loop {
            if !self.has_ahead && !self.read_physical()? {
                return Ok(None);
            }
            if self.ahead.iter().all(|b| b.is_ascii_whitespace()) {
                self.has_ahead = false; // a blank line
                continue;
            }
            std::mem::swap(&mut self.logical, &mut self.ahead);
            let line = self.ahead_line;
            if matches!(self.logical.first(), Some(b' ' | b'\t')) {
                // a continuation with nothing to continue (after a blank or a skipped line)
                self.logical.remove(0);
            }
            // The name ends at the first ';' or ':'; when it is on the first physical line,
            // an unwanted property is read past without keeping its continuations.
            let keep = match self.logical.iter().position(|&b| b == b';' || b == b':') {
                Some(end) => (self.wanted)(&self.logical[..end]),
                None => true, // decided once unfolded
            };
            if !keep {
                self.logical.clear();
            }
            loop {
                if !self.read_physical()? {
                    break;
                }
                match self.ahead.first() {
                    Some(b' ' | b'\t') => {
                        if keep {
                            self.logical.extend_from_slice(&self.ahead[1..]);
                        }
                        self.has_ahead = false;
                    }
                    _ => break,
                }
            }
            if !keep {
                continue;
            }
            let end = self
                .logical
                .iter()
                .position(|&b| b == b';' || b == b':')
                .unwrap_or(self.logical.len());
            if end < self.logical.len() && !(self.wanted)(&self.logical[..end]) {
                continue;
            }
            return Ok(Some(Logical {
                line,
                bytes: &self.logical,
            }));
        }
    }
}

/// A property: `NAME;PARAM=value;…:value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Property<'a> {
    /// The name, as written (compare with [`Property::is`]).
    pub name: &'a [u8],
    /// The parameters as written, between the name and the value's colon (without the first
    /// `;`).
    params: &'a [u8],
    /// The value, after the first colon outside quotes.
    pub value: &'a [u8],
}

impl<'a> Property<'a> {
    /// Splits a logical line; `None` when it is not `NAME[;params]:value` (no colon outside
    /// quotes, or a name that is not letters, digits and dashes).
    pub fn parse(line: &'a [u8]) -> Option<Property<'a>> {
        let name_end = line.iter().position(|&b| b == b';' || b == b':')?;
        let name = &line[..name_end];
        if name.is_empty() || !name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-') {
            return None;
        }
        let mut quoted = false;
        let mut colon = None;
        for (i, &b) in line.iter().enumerate().skip(name_end) {
            match b {
                b'"' => quoted = !quoted,
                b':' if !quoted => {
                    colon = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let colon = colon?;
        let params = if colon > name_end {
            &line[name_end + 1..colon]
        } else {
            &[][..]
        };
        Some(Property {
            name,
            params,
            value: &line[colon + 1..],
        })
    }

    /// True when the name is `name` (any case).
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name.as_bytes())
    }

    /// The first value of parameter `name` (any case), its quotes removed; `None` when the
    /// property has no such parameter. A list (`MEMBER="a","b"`) gives its first item.
    pub fn param(&self, name: &str) -> Option<&'a [u8]> {
        for p in split_outside_quotes(self.params, b';') {
            let Some(eq) = p.iter().position(|&b| b == b'=') else {
                continue;
            };
            if !p[..eq].eq_ignore_ascii_case(name.as_bytes()) {
                continue;
            }
            let value = split_outside_quotes(&p[eq + 1..], b',')
                .next()
                .unwrap_or_default();
            let value = value
                .strip_prefix(b"\"")
                .and_then(|v| v.strip_suffix(b"\""))
                .unwrap_or(value);
            return Some(value);
        }
        None
    }
}

/// Splits `bytes` on `sep` outside double quotes.
fn split_outside_quotes(bytes: &[u8], sep: u8) -> impl Iterator<Item = &[u8]> {
    let mut quoted = false;
    bytes.split(move |&b| {
        if b == b'"' {
            quoted = !quoted;
        }
        b == sep && !quoted
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &[u8], wanted: fn(&[u8]) -> bool) -> Vec<(u64, String)> {
        let mut lines = ContentLines::new(text, wanted);
        let mut out = Vec::new();
        while let Some(l) = lines.next_line().unwrap() {
            out.push((l.line, String::from_utf8_lossy(l.bytes).into_owned()));
        }
        out
    }

    fn everything(_: &[u8]) -> bool {
        true
    }

    fn no_summary(name: &[u8]) -> bool {
        !name.eq_ignore_ascii_case(b"SUMMARY")
    }

    #[test]
    fn unfolds_with_the_line_of_the_first_physical_line() {
        let text = b"BEGIN:VEVENT\r\nATTENDEE;CN=\"Dupont\r\n , Jean\":mailto:jean.dupont@\r\n\tacme.fr\r\n\r\nEND:VEVENT";
        assert_eq!(
            all(text, everything),
            [
                (1, "BEGIN:VEVENT".to_string()),
                (
                    2,
                    "ATTENDEE;CN=\"Dupont, Jean\":mailto:jean.dupont@acme.fr".to_string()
                ),
                (6, "END:VEVENT".to_string()),
            ]
        );
    }

    #[test]
    fn unwanted_properties_are_read_past() {
        let text = b"SUMMARY:secret\n plan\nUID:1\nsummary;LANGUAGE=fr:x\n  y\nDTSTART:2024\n";
        assert_eq!(
            all(text, no_summary),
            [(3, "UID:1".to_string()), (6, "DTSTART:2024".to_string())]
        );
        // a name folded before its end is decided once unfolded
        assert_eq!(
            all(b"SUMM\n ARY:x\nUID:2\n", no_summary),
            [(3, "UID:2".into())]
        );
    }

    #[test]
    fn splits_name_parameters_and_value_outside_quotes() {
        let p = Property::parse(
            b"ATTENDEE;CN=\"Leroy; H: DG\";ROLE=REQ-PARTICIPANT;PartStat=declined:mailto:h@x",
        )
        .unwrap();
        assert!(p.is("attendee"));
        assert_eq!(p.value, b"mailto:h@x");
        assert_eq!(p.param("partstat"), Some(&b"declined"[..]));
        assert_eq!(p.param("CN"), Some(&b"Leroy; H: DG"[..]));
        assert_eq!(p.param("CUTYPE"), None);
        let p = Property::parse(b"DTSTART;TZID=\"Romance Standard Time\":20240312T090000").unwrap();
        assert_eq!(p.param("TZID"), Some(&b"Romance Standard Time"[..]));
        assert_eq!(p.value, b"20240312T090000");
        let p = Property::parse(b"EXDATE:20240101T090000Z,20240108T090000Z").unwrap();
        assert_eq!(p.param("TZID"), None);
        assert_eq!(
            Property::parse(b"MEMBER=\"a\",\"b\":x").map(|p| p.name),
            None,
            "a name with '='"
        );
        assert_eq!(Property::parse(b"Agenda without colon"), None);
        assert_eq!(Property::parse(b"Hello world: x"), None);
        assert_eq!(Property::parse(b"X;A=\"open:value"), None);
    }
}

//! Streaming the JSON of Graph collections, one record at a time, with serde_json.
//!
//! A Graph list call answers with pages, `{"@odata.context": …, "value": [ … ],
//! "@odata.nextLink": …}`. An export is one page, several pages one after another (what a
//! script appending each page writes), a JSON array of pages (PowerShell's `ConvertTo-Json` of
//! the collected pages), a bare array of records, or JSON lines (one record per line). Every
//! form is read by [`read_collection`] in one pass: each top-level value is handed to a fresh
//! `serde_json::Deserializer` over the same reader (serde_json reads byte by byte and never
//! past the `}` or `]` that ends an object or an array, so nothing is lost between values), and
//! a `DeserializeSeed` visits a page's `value` array element by element. Of each record only
//! the values of the keys its reader asks for are kept ([`Records::keys`], as
//! `serde_json::Value`s: `from`, `toRecipients`...); every other value (`body`, `subject`,
//! `bodyPreview`, `uniqueBody`, attachments) is skipped by `serde::de::IgnoredAny`, which
//! reads a string without storing it. Memory is bounded by the kept fields of one record.
//!
//! Positions: [`Tracked`] counts the lines and columns of every byte serde_json pulls, so that
//! a syntax error is reported with the line and column of the file (serde_json's own count
//! restarts with each deserializer), and a rejected record with the line where it starts.
//! Columns are bytes of the decoded (UTF-8) line, as serde_json counts them.
//!
//! Keys are matched regardless of ASCII case: Graph writes `toRecipients`, the Graph
//! PowerShell SDK's objects converted by `ConvertTo-Json` write `ToRecipients`.

use std::cell::Cell;
use std::fmt;
use std::io::{self, BufRead, Read};
use std::sync::atomic::AtomicU64;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::error::{Error, InputName, Result};
use crate::ingest::source::report_raw_bytes;
use crate::progress::Progress;

/// Where the reader is in the decoded text: line (1-based) and column (bytes consumed on the
/// line, so the column of the last byte read).
#[derive(Debug)]
pub(super) struct Position {
    line: Cell<u64>,
    column: Cell<u64>,
    bytes: Cell<u64>,
}

impl Position {
    pub(super) fn new() -> Position {
        Position {
            line: Cell::new(1),
            column: Cell::new(0),
            bytes: Cell::new(0),
        }
    }

    /// The current line.
    pub(super) fn line(&self) -> u64 {
        self.line.get()
    }

    fn advance(&self, bytes: &[u8]) {
        let mut line = self.line.get();
        let mut column = self.column.get();
        for &b in bytes {
            if b == b'\n' {
                line += 1;
                column = 0;
            } else {
                column += 1;
            }
        }
        self.line.set(line);
        self.column.set(column);
        self.bytes.set(self.bytes.get() + bytes.len() as u64);
    }
}

/// A reader that advances a [`Position`] with every byte consumed, and can keep a copy of what
/// it consumed (the tee that lets standard input be read again after sampling).
pub(super) struct Tracked<'p, R> {
    inner: R,
    position: &'p Position,
    tee: Option<Vec<u8>>,
}

impl<'p, R: BufRead> Tracked<'p, R> {
    pub(super) fn new(inner: R, position: &'p Position, tee: bool) -> Self {
        Tracked {
            inner,
            position,
            tee: tee.then(Vec::new),
        }
    }

    fn consume(&mut self, n: usize) -> io::Result<()> {
        let buf = self.inner.fill_buf()?;
        self.position.advance(&buf[..n]);
        if let Some(tee) = &mut self.tee {
            tee.extend_from_slice(&buf[..n]);
        }
        self.inner.consume(n);
        Ok(())
    }

    /// Skips white space; false at the end of the input.
    fn skip_whitespace(&mut self) -> io::Result<bool> {
        loop {
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                return Ok(false);
            }
            let n = buf
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
                .count();
            let more = n < buf.len();
            self.consume(n)?;
            if more {
                return Ok(true);
            }
        }
    }

    /// Gives back the reader and the bytes the tee kept.
    pub(super) fn into_parts(self) -> (R, Vec<u8>) {
        (self.inner, self.tee.unwrap_or_default())
    }
}

impl<R: BufRead> Read for Tracked<'_, R> {
    // serde_json reads one byte at a time: one `fill_buf` per call.
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let buf = self.inner.fill_buf()?;
        let n = buf.len().min(out.len());
        out[..n].copy_from_slice(&buf[..n]);
        self.position.advance(&buf[..n]);
        if let Some(tee) = &mut self.tee {
            tee.extend_from_slice(&buf[..n]);
        }
        self.inner.consume(n);
        Ok(n)
    }
}

/// What a reader asks of the record loop after a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flow {
    /// Go on.
    Continue,
    /// Stop reading (a sample is complete).
    Stop,
}

/// One format's records: the keys it keeps, and what it does with each record.
pub(super) trait Records {
    /// The keys whose values are kept; every other value is skipped unread.
    fn keys(&self) -> &'static [&'static str];

    /// One record (an element of a page's `value`, a line of JSON lines, an element of a bare
    /// array): `fields[i]` holds the value of `keys()[i]` when the record has it, `line` is
    /// where the record starts. An error stops the reading (`--strict`).
    fn record(&mut self, fields: &mut [Option<Value>], line: u64) -> Result<Flow>;

    /// A value where a record (an object) was expected: `found` says what it is.
    fn not_an_object(&mut self, found: &'static str, line: u64) -> Result<Flow>;
}

/// Why the record loop unwound serde_json.
enum Stopped {
    Error(Error),
    Done,
    /// A Graph error response where a page should be (`{"error": {"code": …}}`): its code and
    /// the line where it starts.
    ErrorResponse(String, u64),
}

/// What the seeds share.
struct Context<'a> {
    records: &'a mut dyn Records,
    keys: &'static [&'static str],
    fields: Vec<Option<Value>>,
    position: &'a Position,
    stopped: Option<Stopped>,
    /// Records read (objects or not).
    count: u64,
    progress: &'a dyn Progress,
    raw_bytes: Option<&'a AtomicU64>,
    reported: u64,
    byte_limit: Option<u64>,
}

/// The marker error that unwinds serde_json when a reader stops or fails (the real cause is
/// in [`Context::stopped`]).
const STOPPED: &str = "siloscope: stopped";

impl Context<'_> {
    fn after_record<E: de::Error>(&mut self, result: Result<Flow>) -> Result<(), E> {
        self.count += 1;
        if self.count.is_multiple_of(4096) {
            self.tick();
        }
        let over = self
            .byte_limit
            .is_some_and(|limit| self.position.bytes.get() > limit);
        match result {
            Ok(Flow::Continue) if !over => Ok(()),
            Ok(Flow::Continue) => {
                self.stopped = Some(Stopped::Done);
                Err(E::custom(STOPPED))
            }
            Ok(Flow::Stop) => {
                self.stopped = Some(Stopped::Done);
                Err(E::custom(STOPPED))
            }
            Err(e) => {
                self.stopped = Some(Stopped::Error(e));
                Err(E::custom(STOPPED))
            }
        }
    }

    fn tick(&mut self) {
        if let Some(raw) = self.raw_bytes {
            report_raw_bytes(self.progress, raw, &mut self.reported);
        }
    }

    /// Reads one object: a page when it has a `value` key (its elements are the records), a
    /// record otherwise. `top` is true for the values of the top level (and of a top-level
    /// array), where pages are; a record's own `value` key is skipped like any other.
    fn object<'de, A: MapAccess<'de>>(&mut self, mut map: A, top: bool) -> Result<(), A::Error> {
        let line = self.position.line();
        self.fields.iter_mut().for_each(|f| *f = None);
        let mut page = false;
        let mut error_response = None;
        while let Some(key) = map.next_key_seed(KeySeed { keys: self.keys })? {
            match key {
                Key::Value if top => {
                    page = true;
                    map.next_value_seed(PageValues(self))?;
                }
                Key::Error if top => {
                    let v: Value = map.next_value()?;
                    let code = super::text_field(&v, "code").unwrap_or("no code");
                    // an error code is a word (TooManyRequests): show it, never more
                    let code: String = code
                        .chars()
                        .filter(char::is_ascii_alphanumeric)
                        .take(60)
                        .collect();
                    error_response = Some(code);
                }
                Key::Wanted(i) => {
                    let v: Value = map.next_value()?;
                    self.fields[i] = Some(v);
                }
                Key::Value | Key::Error | Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if let Some(code) = error_response.filter(|_| !page) {
            self.stopped = Some(Stopped::ErrorResponse(code, line));
            return Err(de::Error::custom(STOPPED));
        }
        if !page {
            let result = self.records.record(&mut self.fields, line);
            self.after_record(result)?;
        }
        Ok(())
    }
}

/// A key of an object: one of the kept keys (its index), `value`, or another one. Matched on
/// the borrowed text, never allocated, and regardless of ASCII case (the Graph PowerShell
/// SDK's objects, once converted to JSON, write `ToRecipients`).
enum Key {
    Wanted(usize),
    Value,
    /// `error`, the key of a Graph error response.
    Error,
    Other,
}

struct KeySeed {
    keys: &'static [&'static str],
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, k: &str) -> Result<Key, E> {
        Ok(
            match self.keys.iter().position(|w| w.eq_ignore_ascii_case(k)) {
                Some(i) => Key::Wanted(i),
                None if k.eq_ignore_ascii_case("value") => Key::Value,
                None if k.eq_ignore_ascii_case("error") => Key::Error,
                None => Key::Other,
            },
        )
    }
}

/// A top-level value: a page, a record, or an array of them.
struct Top<'c, 'a>(&'c mut Context<'a>);

impl<'de> DeserializeSeed<'de> for Top<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a Graph page {\"value\": [...]}, a record object, or an array of pages or records",
        )
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.0.object(map, true)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Top(&mut *self.0))?.is_some() {}
        Ok(())
    }
    // The other kinds are refused without quoting the value (it may be an address).
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(top_error("a string"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(top_error("a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(top_error("a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(top_error("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(top_error("a number"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(top_error("null"))
    }
}

fn top_error<E: de::Error>(found: &str) -> E {
    E::custom(format!(
        "expected a Graph page {{\"value\": [...]}}, a record object or an array of them, found {found}"
    ))
}

/// The `value` array of a page: its elements are records.
struct PageValues<'c, 'a>(&'c mut Context<'a>);

impl<'de> DeserializeSeed<'de> for PageValues<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for PageValues<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the page's \"value\": an array of records")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Element(&mut *self.0))?.is_some() {}
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(()) // "value": null, an empty page
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(
            "expected the page's \"value\" to be an array of records, found a string",
        ))
    }
}

/// An element of a page's `value`: a record, or something else, which is rejected.
struct Element<'c, 'a>(&'c mut Context<'a>);

impl Element<'_, '_> {
    fn not_an_object<E: de::Error>(self, found: &'static str) -> Result<(), E> {
        let line = self.0.position.line();
        let result = self.0.records.not_an_object(found, line);
        self.0.after_record(result)
    }
}

impl<'de> DeserializeSeed<'de> for Element<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Element<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a record object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.0.object(map, false)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.not_an_object("an array")
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.not_an_object("a string")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.not_an_object("a boolean")
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.not_an_object("a number")
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.not_an_object("a number")
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.not_an_object("a number")
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.not_an_object("null")
    }
}

/// How [`read_collection`] reports progress (the raw bytes read so far), and where it stops.
pub(super) struct Reading<'a> {
    /// Where progress goes.
    pub progress: &'a dyn Progress,
    /// The input's raw byte counter.
    pub raw_bytes: Option<&'a AtomicU64>,
    /// Stop after the record that takes the text read past this many bytes (a sample of
    /// standard input, whose bytes are kept).
    pub byte_limit: Option<u64>,
}

impl Reading<'_> {
    /// No progress, no limit.
    pub(super) fn quiet() -> Reading<'static> {
        Reading {
            progress: &crate::progress::NoProgress,
            raw_bytes: None,
            byte_limit: None,
        }
    }
}

/// Reads every top-level value of `reader` (one page, pages one after another, an array of
/// pages or records, or one record per line) and hands each record to `records`. Returns the
/// number of records read. A syntax error, or a top-level value that is not an object or an
/// array, is an [`Error::Json`] naming the file, line and column. O(input) time; memory: the
/// kept fields of one record.
pub(super) fn read_collection<R: BufRead>(
    name: &InputName,
    reader: &mut Tracked<'_, R>,
    records: &mut dyn Records,
    reading: Reading<'_>,
) -> Result<u64> {
    let keys = records.keys();
    let position = reader.position;
    let mut cx = Context {
        records,
        keys,
        fields: vec![None; keys.len()],
        position,
        stopped: None,
        count: 0,
        progress: reading.progress,
        raw_bytes: reading.raw_bytes,
        reported: 0,
        byte_limit: reading.byte_limit,
    };
    loop {
        let more = reader.skip_whitespace().map_err(|source| Error::Read {
            file: name.clone(),
            source,
        })?;
        if !more {
            break;
        }
        let mut de = serde_json::Deserializer::from_reader(&mut *reader);
        if let Err(e) = Top(&mut cx).deserialize(&mut de) {
            match cx.stopped.take() {
                Some(Stopped::Done) => break,
                Some(Stopped::Error(e)) => return Err(e),
                Some(Stopped::ErrorResponse(code, line)) => {
                    return Err(Error::Json {
                        file: name.clone(),
                        line,
                        column: 1,
                        problem: format!(
                            "a Graph error response (code {code}) stands where a page of results should be: the request for that page failed (throttled, expired token...), so the export misses its messages; export again"
                        ),
                        source: None,
                    });
                }
                None => return Err(json_error(name, position, e)),
            }
        }
    }
    cx.tick();
    Ok(cx.count)
}

/// A file whose top-level values are read by their own seed (a file that is not a
/// collection of records, such as the Teams members file).
pub(super) trait TopValues {
    /// Reads one top-level value.
    fn top<'de, D: de::Deserializer<'de>>(&mut self, d: D) -> Result<(), D::Error>;
}

/// Reads every top-level value of `reader` with `state`. Errors as [`read_collection`].
pub(super) fn read_values<R: BufRead>(
    name: &InputName,
    reader: &mut Tracked<'_, R>,
    state: &mut impl TopValues,
) -> Result<()> {
    let position = reader.position;
    loop {
        let more = reader.skip_whitespace().map_err(|source| Error::Read {
            file: name.clone(),
            source,
        })?;
        if !more {
            return Ok(());
        }
        let mut de = serde_json::Deserializer::from_reader(&mut *reader);
        state
            .top(&mut de)
            .map_err(|e| json_error(name, position, e))?;
    }
}

/// A serde_json error as an [`Error::Json`] at the tracked position (an I/O error stays one).
fn json_error(name: &InputName, position: &Position, e: serde_json::Error) -> Error {
    if e.is_io() {
        return Error::Read {
            file: name.clone(),
            // serde_json hands back the I/O error it wraps
            source: io::Error::from(e),
        };
    }
    let what = strip_position(&e.to_string());
    let problem = if e.is_eof() {
        format!(
            "the JSON ends in the middle of a value ({what}): the file is cut short (an export interrupted, or a file copied before it was complete)"
        )
    } else if e.is_syntax() && what.contains("unicode") {
        format!(
            "this is not valid JSON ({what}); if the file is not UTF-8, give its encoding with --encoding"
        )
    } else if e.is_syntax() {
        format!("this is not valid JSON ({what})")
    } else {
        format!("unexpected JSON: {what}")
    };
    Error::Json {
        file: name.clone(),
        line: position.line.get(),
        column: position.column.get().max(1),
        problem,
        source: Some(e),
    }
}

/// serde_json's message without its own " at line N column M" (its count restarts with each
/// top-level value; the tracked position is the file's).
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => message[..i].to_string(),
        _ => message.to_string(),
    }
}

/// What a JSON value is, in words, for messages (never its content).
pub(super) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Collects the `id` of every record, and the lines where records start.
    #[derive(Default)]
    struct Ids {
        got: Vec<(u64, String)>,
        stop_after: Option<usize>,
    }

    impl Records for Ids {
        fn keys(&self) -> &'static [&'static str] {
            &["id"]
        }
        fn record(&mut self, fields: &mut [Option<Value>], line: u64) -> Result<Flow> {
            let id = match &fields[0] {
                Some(Value::String(s)) => s.clone(),
                other => format!("{other:?}"),
            };
            self.got.push((line, id));
            Ok(match self.stop_after {
                Some(n) if self.got.len() >= n => Flow::Stop,
                _ => Flow::Continue,
            })
        }
        fn not_an_object(&mut self, found: &'static str, line: u64) -> Result<Flow> {
            self.got.push((line, found.to_string()));
            Ok(Flow::Continue)
        }
    }

    fn read(text: &str) -> Result<Vec<(u64, String)>> {
        let position = Position::new();
        let mut reader = Tracked::new(text.as_bytes(), &position, false);
        let mut ids = Ids::default();
        let name = InputName::Path("t.json".into());
        let n = read_collection(&name, &mut reader, &mut ids, Reading::quiet())?;
        assert_eq!(n as usize, ids.got.len());
        Ok(ids.got)
    }

    fn ids(text: &str) -> Vec<String> {
        read(text).unwrap().into_iter().map(|(_, id)| id).collect()
    }

    #[test]
    fn every_shape_of_a_collection_gives_its_records_in_order() {
        let page = r#"{"@odata.context":"x","value":[{"id":"a","body":{"content":"<p>\"value\": [1]</p>"}},{"id":"b"}],"@odata.nextLink":"y"}"#;
        assert_eq!(ids(page), ["a", "b"]);
        // pages one after another, with and without white space between them
        let two = r#"{"value":[{"id":"a"}]}{"value":[{"id":"b"}]}
 {"@odata.count": 12, "value":[{"id":"c"}]}"#;
        assert_eq!(ids(two), ["a", "b", "c"]);
        // an array of pages, a bare array of records, JSON lines
        assert_eq!(
            ids(r#"[{"value":[{"id":"a"}]},{"value":[{"id":"b"}]}]"#),
            ["a", "b"]
        );
        assert_eq!(ids(r#"[{"id":"a"},{"id":"b"}]"#), ["a", "b"]);
        assert_eq!(
            ids("{\"id\":\"a\"}\n{\"id\":\"b\"}\r\n\n{\"id\":\"c\"}\n"),
            ["a", "b", "c"]
        );
        // a record's own "value" is not a page; an empty page has no record
        assert_eq!(ids(r#"{"value":[{"id":"a","value":[{"id":"z"}]}]}"#), ["a"]);
        assert_eq!(ids(r#"{"value":[]} {"value":null}"#), Vec::<String>::new());
        assert_eq!(ids("  \n"), Vec::<String>::new());
        // keys in any case (the Graph PowerShell SDK's objects write Value, Id)
        assert_eq!(ids(r#"{"Value":[{"Id":"a"},{"ID":"b"}]}"#), ["a", "b"]);
    }

    #[test]
    fn records_start_where_their_brace_is() {
        let got = read("{\"value\":[\n  {\"id\":\"a\"},\n  {\n\"id\":\"b\"}, 7]}\n{\"id\":\"c\"}")
            .unwrap();
        assert_eq!(
            got,
            vec![
                (2, "a".to_string()),
                (3, "b".to_string()),
                (4, "a number".to_string()),
                (5, "c".to_string())
            ]
        );
    }

    #[test]
    fn a_cut_value_names_the_line_and_column() {
        let err = read("{\"value\":[\n{\"id\":\"a\"},\n{\"id\":\"b").unwrap_err();
        match err {
            Error::Json {
                line,
                column,
                problem,
                ..
            } => {
                assert_eq!((line, column), (3, 8));
                assert!(problem.contains("cut short"), "{problem}");
                assert!(!problem.contains("at line"), "{problem}");
            }
            other => panic!("{other}"),
        }
        let err = read("{\"id\":\"a\"}\n{\"id\" \"b\"}").unwrap_err();
        assert!(
            matches!(
                err,
                Error::Json {
                    line: 2,
                    column: 7,
                    ..
                }
            ),
            "{err}"
        );
        let err = read("{\"id\":\"a\"} 42").unwrap_err();
        assert!(matches!(err, Error::Json { line: 1, .. }), "{err}");
        assert!(err.to_string().contains("a Graph page"), "{err}");
    }

    #[test]
    fn a_graph_error_response_instead_of_a_page_stops_the_reading() {
        let err = read("{\"value\":[{\"id\":\"a\"}]}\n{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Retry after 10 s\"}}").unwrap_err();
        match err {
            Error::Json { line, problem, .. } => {
                assert_eq!(line, 2);
                assert!(problem.contains("code TooManyRequests"), "{problem}");
                assert!(!problem.contains("Retry"), "{problem}");
            }
            other => panic!("{other}"),
        }
        // a record's own "error" key is no error response
        assert_eq!(ids(r#"{"value":[{"id":"a","error":{"code":"x"}}]}"#), ["a"]);
    }

    #[test]
    fn a_reader_can_stop_and_the_tee_keeps_what_was_read() {
        let text = "{\"value\":[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":\"c\"}]}";
        let position = Position::new();
        let mut reader = Tracked::new(text.as_bytes(), &position, true);
        let mut ids = Ids {
            stop_after: Some(2),
            ..Ids::default()
        };
        let name = InputName::Stdin;
        read_collection(&name, &mut reader, &mut ids, Reading::quiet()).unwrap();
        assert_eq!(ids.got.len(), 2);
        let (rest, kept) = reader.into_parts();
        // what was read, then the rest, is the whole text again
        let mut again = kept.clone();
        again.extend_from_slice(rest);
        assert_eq!(again, text.as_bytes());
        // serde_json reads on to the next byte that is not white space as it unwinds: the
        // tee has those bytes too, so nothing is lost
        assert!(
            kept.starts_with(b"{\"value\":[{\"id\":\"a\"},{\"id\":\"b\"}"),
            "{}",
            String::from_utf8_lossy(&kept)
        );
    }

    #[test]
    fn serde_positions_are_stripped() {
        assert_eq!(
            strip_position("EOF while parsing a string at line 3 column 9"),
            "EOF while parsing a string"
        );
        assert_eq!(strip_position("no position"), "no position");
    }
}

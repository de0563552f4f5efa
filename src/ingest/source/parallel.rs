//! The parallel row loop (issue 14): one thread tokenizes the table (csv-core, the line
//! tracking, the 64 MiB row guard: inherently sequential, since a quoted field may hold line
//! breaks), `workers` threads check and parse batches of rows into whatever the format makes
//! of them (a [`RowBatch`]: for messages, resolved person ids and counts), and the calling
//! thread consumes the batches **in file order**. So everything order-dependent (rejected rows
//! and their order, `--strict` stopping at the first one, first appearances, the collectors)
//! comes out exactly as from [`CsvInput::for_each_row`], whatever the number of threads.
//!
//! Batches go to the workers round-robin and come back from them in the same rotation, so no
//! reordering buffer is needed; every channel is bounded, so at most
//! `workers × (2 × CHANNEL_DEPTH + 1)` batches (each at most [`BATCH_ROWS`] rows or
//! [`BATCH_BYTES`] bytes past one row) are in memory at once, whatever the file's size.

use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};

use super::{
    Checked, CsvInput, Row, check_record, line_of_record, next_record_of, report_raw_bytes,
};
use crate::error::{Error, Result};
use crate::ingest::rejects::RejectedRow;
use crate::prefetch::prefetch;
use crate::progress::Progress;

/// Rows per batch: large enough that the channel hand-offs (a few µs) vanish against the
/// parsing (~1 µs a row), small enough to keep the workers evenly fed.
pub const BATCH_ROWS: usize = 2048;

/// A batch is closed once its records hold this many bytes (a file of long address lists).
pub const BATCH_BYTES: usize = 1 << 20;

/// How many records ahead of the one parsed a worker prefetches.
const RECORDS_AHEAD: usize = 8;

/// Batches waiting in each channel, per worker.
const CHANNEL_DEPTH: usize = 2;

/// What workers make of a batch of rows, consumed in file order by the caller.
pub trait RowBatch: Send {
    /// A row the row loop itself rejects (the header again, a NUL byte, the wrong width), in
    /// its place among the rows.
    fn rejected(&mut self, row: RejectedRow);

    /// Called on the worker once the batch's last row is in, before the batch is handed back:
    /// for work best done on many rows at once.
    fn finish(&mut self) {}
}

/// Records read by the tokenizer, with their 1-based lines; reused from batch to batch.
type Records = Vec<(csv::ByteRecord, u64)>;

/// A batch on its way to a worker.
struct Work {
    records: Records,
    /// Records of `records` that belong to this batch (the rest are spare buffers).
    len: usize,
    /// The tokenizer's error after these records (a malformed file, a row too large): fatal
    /// once the records before it are consumed.
    error: Option<Error>,
    /// No batch follows.
    last: bool,
}

/// A batch on its way back from a worker.
struct Done<B> {
    records: Records,
    batch: B,
    /// Data rows of the batch (blank lines left out), rejected ones included.
    rows: u64,
    error: Option<Error>,
    last: bool,
}

/// What the tokenizer knows at the end: the unterminated-quote check needs it.
struct Tail {
    last_line: u64,
    last_had_newline: bool,
}

impl CsvInput {
    /// [`CsvInput::for_each_row`] on `workers` threads: `parse` turns each row that passed
    /// the row loop's checks into part of a batch (`new_batch` makes an empty one), a row it
    /// rejects is recorded in its place, and `apply` consumes the batches in file order on
    /// the calling thread (it fails, e.g. under `--strict`, to stop the loop). Returns the
    /// number of data rows read, rejected ones included; fails at the end when a quote was
    /// left open. O(rows) work spread over the workers, O(batch) per call of `apply`; memory:
    /// a bounded number of batches in flight. With `workers` ≤ 1 this still runs the pipeline
    /// (callers wanting no threads call `for_each_row`).
    pub fn for_each_row_parallel<B, N, P, A>(
        &mut self,
        workers: usize,
        progress: &dyn Progress,
        new_batch: N,
        parse: P,
        mut apply: A,
    ) -> Result<u64>
    where
        B: RowBatch,
        N: Fn() -> B + Sync,
        P: Fn(&Row<'_>, &mut B) -> std::result::Result<(), RejectedRow> + Sync,
        A: FnMut(B) -> Result<()>,
    {
        let workers = workers.max(1);
        let CsvInput {
            name,
            headers,
            len,
            reader,
            raw_bytes,
            preamble_lines,
            peeked,
            ..
        } = self;
        let (name, headers, preamble_lines) = (&*name, &*headers, *preamble_lines);
        progress.start("ingest", *len);
        let mut reported = 0u64;
        let mut rows = 0u64;
        // lent to the tokenizer thread for the scope only
        let tokenizer_reader = &mut *reader;
        let tail = std::thread::scope(|scope| -> Result<Option<Tail>> {
            let mut to_workers: Vec<SyncSender<Work>> = Vec::with_capacity(workers);
            let mut from_workers: Vec<Receiver<Done<B>>> = Vec::with_capacity(workers);
            for _ in 0..workers {
                let (work_tx, work_rx) = sync_channel::<Work>(CHANNEL_DEPTH);
                let (done_tx, done_rx) = sync_channel::<Done<B>>(CHANNEL_DEPTH);
                to_workers.push(work_tx);
                from_workers.push(done_rx);
                let (new_batch, parse) = (&new_batch, &parse);
                scope.spawn(move || {
                    for work in work_rx {
                        let done = parse_batch(work, name, headers, new_batch, parse);
                        if done_tx.send(done).is_err() {
                            return; // the consumer stopped (an error): nothing more to do
                        }
                    }
                });
            }
            // emptied records come back to the tokenizer, to be refilled without allocating
            let (spare_tx, spare_rx) = channel::<Records>();
            let tokenizer = scope.spawn(move || {
                let mut tail = Tail {
                    last_line: 1,
                    last_had_newline: false,
                };
                for target in (0..workers).cycle() {
                    let mut records = spare_rx.try_recv().unwrap_or_default();
                    let mut len = 0;
                    let mut bytes = 0;
                    let mut error = None;
                    let mut at_end = false;
                    while len < BATCH_ROWS && bytes < BATCH_BYTES {
                        if len == records.len() {
                            records.push((csv::ByteRecord::new(), 0));
                        }
                        let (record, line) = &mut records[len];
                        if let Some((r, l)) = peeked.pop_front() {
                            *record = r;
                            *line = l;
                        } else {
                            match next_record_of(tokenizer_reader, name, preamble_lines, record) {
                                Ok(true) => {
                                    *line = line_of_record(tokenizer_reader, preamble_lines, record)
                                }
                                Ok(false) => {
                                    at_end = true;
                                    break;
                                }
                                Err(e) => {
                                    error = Some(e);
                                    break;
                                }
                            }
                        }
                        bytes += record.as_slice().len();
                        len += 1;
                    }
                    // only the file's last record matters to the quote check: looked at
                    // once a batch, not once a row
                    if let Some((record, line)) = records[..len].last() {
                        tail.last_line = *line;
                        tail.last_had_newline = memchr::memchr(b'\n', record.as_slice()).is_some();
                    }
                    let last = at_end || error.is_some();
                    let work = Work {
                        records,
                        len,
                        error,
                        last,
                    };
                    if to_workers[target].send(work).is_err() || last {
                        break; // the consumer stopped, or the file is read
                    }
                }
                tail
            });
            for source in (0..workers).cycle() {
                let Ok(done) = from_workers[source].recv() else {
                    // a worker is gone without its batch: only a panic does that, which the
                    // scope passes on when it joins
                    return Ok(None);
                };
                rows += done.rows;
                apply(done.batch)?;
                report_raw_bytes(progress, raw_bytes, &mut reported);
                if let Some(e) = done.error {
                    return Err(e);
                }
                if done.last {
                    break;
                }
                let _ = spare_tx.send(done.records); // the tokenizer may be done already
            }
            match tokenizer.join() {
                Ok(tail) => Ok(Some(tail)),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        })?;
        report_raw_bytes(progress, raw_bytes, &mut reported);
        progress.finish();
        let Some(tail) = tail else {
            unreachable!(
                "invariant: a worker thread ended without its batch only by a panic, which the scope propagates"
            );
        };
        if tail.last_had_newline && reader.get_ref().quotes % 2 == 1 {
            return Err(Error::UnterminatedQuote {
                file: name.clone(),
                line: tail.last_line,
            });
        }
        Ok(rows)
    }
}

/// A worker's share: the row loop's checks and the format's parsing of one batch.
fn parse_batch<B, N, P>(
    mut work: Work,
    name: &crate::error::InputName,
    headers: &[String],
    new_batch: &N,
    parse: &P,
) -> Done<B>
where
    B: RowBatch,
    N: Fn() -> B,
    P: Fn(&Row<'_>, &mut B) -> std::result::Result<(), RejectedRow>,
{
    let mut batch = new_batch();
    let mut rows = 0;
    for i in 0..work.len {
        // the tokenizer wrote the records on another core: ask for a later one's first two
        // lines now, so that the miss overlaps this record's parsing (waiting for it was a
        // tenth of the large organisation's ingest)
        if let Some((ahead, _)) = work.records[..work.len].get(i + RECORDS_AHEAD) {
            let bytes = ahead.as_slice().as_ptr();
            prefetch(bytes);
            prefetch(bytes.wrapping_add(64));
        }
        let (record, line) = &mut work.records[i];
        match check_record(record, *line, name, headers) {
            Checked::Blank => continue,
            Checked::Rejected(rejected) => {
                rows += 1;
                batch.rejected(rejected);
                continue;
            }
            Checked::Row => rows += 1,
        }
        let row = Row {
            line: *line,
            record,
            name,
            headers,
        };
        if let Err(rejected) = parse(&row, &mut batch) {
            batch.rejected(rejected);
        }
    }
    batch.finish();
    Done {
        records: work.records,
        batch,
        rows,
        error: work.error,
        last: work.last,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::InputName;
    use crate::ingest::rejects::Rejects;
    use crate::ingest::source::OpenOptions;
    use crate::progress::NoProgress;

    /// Lines and first fields of the rows, and the rejected rows, in the order a batch saw
    /// them.
    #[derive(Default)]
    struct Seen(Vec<std::result::Result<(u64, String), RejectedRow>>);

    impl RowBatch for Seen {
        fn rejected(&mut self, row: RejectedRow) {
            self.0.push(Err(row));
        }
    }

    /// One path for every read of a test, so that the rejected rows name the same file.
    fn open(bytes: &[u8]) -> (tempfile::TempDir, CsvInput) {
        let dir = tempfile::Builder::new().prefix("par").tempdir().unwrap();
        let p = dir.path().join("f.csv");
        std::fs::write(&p, bytes).unwrap();
        let input =
            CsvInput::open(&InputName::Path(p), OpenOptions::default(), "id,department").unwrap();
        (dir, input)
    }

    /// Rows whose first field is `bad` are rejected by the "format".
    fn parse(row: &Row<'_>, seen: &mut Seen) -> std::result::Result<(), RejectedRow> {
        let first = String::from_utf8_lossy(row.bytes(0)).into_owned();
        if first == "bad" {
            return Err(row.reject(
                crate::ingest::rejects::RejectReason::EmptySender,
                Some(0),
                "bad".into(),
            ));
        }
        seen.0.push(Ok((row.line, first)));
        Ok(())
    }

    type Outcome = (
        Result<u64>,
        Vec<std::result::Result<(u64, String), (u64, String)>>,
    );

    fn sequential(bytes: &[u8], strict: bool) -> Outcome {
        let (_dir, mut input) = open(bytes);
        let mut rejects = Rejects::new(strict);
        let mut seen = Seen::default();
        let rows = input.for_each_row(&mut rejects, &NoProgress, |row| Ok(parse(row, &mut seen)));
        let mut out: Vec<_> = seen
            .0
            .into_iter()
            .map(|r| r.map_err(|_| (0, String::new())))
            .collect();
        // the sequential loop keeps its rejects apart: compare them as a list
        out.retain(|r| r.is_ok());
        out.extend(
            rejects
                .samples()
                .iter()
                .map(|r| Err((r.line, r.detail.clone()))),
        );
        (rows, out)
    }

    fn parallel(bytes: &[u8], strict: bool, workers: usize) -> Outcome {
        let (_dir, mut input) = open(bytes);
        let mut rejects = Rejects::new(strict);
        let mut ok = Vec::new();
        let rows = input.for_each_row_parallel(workers, &NoProgress, Seen::default, parse, |b| {
            for r in b.0 {
                match r {
                    Ok(row) => ok.push(Ok(row)),
                    Err(rejected) => rejects.reject(rejected)?,
                }
            }
            Ok(())
        });
        ok.extend(
            rejects
                .samples()
                .iter()
                .map(|r| Err((r.line, r.detail.clone()))),
        );
        (rows, ok)
    }

    /// Equal, the files' temporary folders aside.
    fn same(a: &Outcome, b: &Outcome) -> bool {
        let file = |o: &Outcome| {
            let text = format!("{:?}", o.0);
            match text.find("f.csv") {
                Some(i) => text[i..].to_string(),
                None => text,
            }
        };
        file(a) == file(b) && a.1 == b.1
    }

    /// A file of several batches with every kind of row the loop itself rejects, a quoted
    /// line break, blank lines and a mid-file byte order mark.
    fn tricky() -> Vec<u8> {
        let mut text = b"id,department\r\n".to_vec();
        for i in 0..3 * BATCH_ROWS + 17 {
            match i % 997 {
                3 => text.extend_from_slice(b"\r\n"),
                5 => text.extend_from_slice(b"id,department\r\n"),
                7 => text.extend_from_slice(b"a,b,c\r\n"),
                11 => text.extend_from_slice(b"bad,x\r\n"),
                13 => text.extend_from_slice(b"n\0l,x\r\n"),
                17 => text.extend_from_slice(b"\"q\r\nq\",x\r\n"),
                19 => text.extend_from_slice(b"\xef\xbb\xbfbom,x\r\n"),
                _ => text.extend_from_slice(format!("p{i},d\r\n").as_bytes()),
            }
        }
        text
    }

    #[test]
    fn the_same_rows_lines_and_rejects_as_the_sequential_loop() {
        let text = tricky();
        let expected = sequential(&text, false);
        assert!(
            expected
                .0
                .as_ref()
                .is_ok_and(|&n| n > 3 * BATCH_ROWS as u64)
        );
        for workers in [1, 2, 3, 5] {
            assert!(
                same(&parallel(&text, false, workers), &expected),
                "{workers}"
            );
        }
    }

    #[test]
    fn strict_stops_at_the_same_first_reject() {
        let text = tricky();
        let expected = sequential(&text, true);
        assert!(matches!(expected.0, Err(Error::RejectedRow { .. })));
        for workers in [1, 2, 4] {
            assert!(
                same(&parallel(&text, true, workers), &expected),
                "{workers}"
            );
        }
    }

    #[test]
    fn an_unterminated_quote_and_a_ragged_end_fail_as_in_the_sequential_loop() {
        let mut text = tricky();
        text.extend_from_slice(b"z,\"open\r\nmore\r\n");
        let expected = sequential(&text, false);
        assert!(matches!(expected.0, Err(Error::UnterminatedQuote { .. })));
        assert!(same(&parallel(&text, false, 2), &expected));
        let empty = b"id,department\n".to_vec();
        assert!(same(
            &parallel(&empty, false, 2),
            &sequential(&empty, false)
        ));
    }
}

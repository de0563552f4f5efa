//! The harness shared by the fuzz targets (`fuzz/fuzz_targets/`) and the stable corpus test
//! (`tests/fuzz_corpus.rs`): one function per parser, taking arbitrary bytes, reading them the
//! way the command line does, and throwing the result away. Each must return (an `Ok` or a
//! typed error, both fine) and never panic, overflow, hang or allocate without bound.
//!
//! Every message reader opens its input by name ([`InputName`]: a path, so that a folder or a
//! zip archive is told apart from a text file before anything is decoded), so the bytes are
//! written to a temporary file and read through the same [`MessageInput::open`],
//! [`MessageInput::sample_senders`] and [`read_messages`] as `siloscope analyze`: no copy of a
//! reader, and the zip and content sniffing are fuzzed too. Not a stable API.

use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{InputName, Result};
use crate::ingest::address;
use crate::ingest::decode;
use crate::ingest::directory::{Directory, DirectoryOptions};
use crate::ingest::format::InputFormat;
use crate::ingest::formats::{self, SlackChannels};
use crate::ingest::messages::{IngestCounts, Message, MessageInput, MessageOptions, read_messages};
use crate::ingest::read::SENDER_SAMPLE_ROWS;
use crate::ingest::rejects::Rejects;
use crate::ingest::source::{OpenOptions, TextInput};
use crate::ingest::ties::{Collector, WeightedTie, decimal_units};
use crate::ingest::time::{DateFormat, parse_date, parse_timestamp};
use crate::progress::NoProgress;

/// One fuzz target: its name (the folder of its corpus, the file in `fuzz/fuzz_targets/`)
/// and its harness.
pub type Target = (&'static str, fn(&[u8]));

/// Every target, by name.
pub const TARGETS: [Target; 12] = [
    ("messages_csv", messages_csv),
    ("directory_csv", directory_csv),
    ("timestamps", timestamps),
    ("address_list", address_list),
    ("decode", decode),
    ("m365_trace", m365_trace),
    ("historical", historical),
    ("mbox", mail),
    ("graph_json", graph_json),
    ("slack", slack),
    ("viva", viva),
    ("ics", ics),
];

/// A message file whose format is detected from its content, as `analyze -m FILE` reads it:
/// the table formats, and any other export its first bytes announce.
pub fn messages_csv(bytes: &[u8]) {
    let _ = messages(bytes, None, "csv");
}

/// A file forced to be read as a message trace (`--input-format m365-trace`).
pub fn m365_trace(bytes: &[u8]) {
    let _ = messages(bytes, Some(InputFormat::M365Trace), "csv");
}

/// A file forced to be read as a historical search report.
pub fn historical(bytes: &[u8]) {
    let _ = messages(bytes, Some(InputFormat::HistoricalReport), "csv");
}

/// A file read as an mbox, then as one .eml message.
pub fn mail(bytes: &[u8]) {
    let _ = messages(bytes, Some(InputFormat::Mbox), "mbox");
    let _ = messages(bytes, Some(InputFormat::Eml), "eml");
}

/// A file read as Microsoft Graph mail, then as Teams chat messages (JSON, JSON Lines, pages).
pub fn graph_json(bytes: &[u8]) {
    let _ = messages(bytes, Some(InputFormat::GraphMail), "json");
    let _ = messages(bytes, Some(InputFormat::TeamsChat), "json");
}

/// A Slack export, with the policy that reads the most of it (channel threads and mentions):
/// bytes that start like a zip archive are read as the .zip Slack hands out; any other bytes
/// are an unzipped export written as text ([`slack_folder`]), so that the fuzzer can mutate
/// its JSON files (an archive's entries are checked against their CRC-32 and a mutated one is
/// refused before its JSON is parsed).
pub fn slack(bytes: &[u8]) {
    let options = MessageOptions {
        format: Some(InputFormat::Slack),
        slack_channels: SlackChannels::ThreadsMentions,
        ..MessageOptions::default()
    };
    if bytes.starts_with(b"PK") {
        let _ = messages_with(bytes, &options, "zip");
        return;
    }
    let Ok(folder) = TempFolder::new() else {
        return;
    };
    if slack_folder(bytes, &folder.path).is_ok() {
        let _ = read_file(&folder.name(), &options, &Directory::default());
    }
}

/// Writes the files of an unzipped export given as text into `root`: each file starts with a
/// line `== PATH` (`== users.json`, `== general/2024-03-04.json`) and holds the lines up to the
/// next such line. A path of more than two parts, or with an empty, `.` or `..` part, is
/// skipped. O(bytes).
pub fn slack_folder(bytes: &[u8], root: &std::path::Path) -> std::io::Result<()> {
    let mut files: Vec<(&[u8], Vec<u8>)> = Vec::new();
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        match line.strip_prefix(b"== ") {
            Some(path) => files.push((path.trim_ascii_end(), Vec::new())),
            None => {
                if let Some((_, content)) = files.last_mut() {
                    content.extend_from_slice(line);
                }
            }
        }
    }
    for (path, content) in files {
        let Ok(path) = std::str::from_utf8(path) else {
            continue;
        };
        let parts: Vec<&str> = path.split('/').collect();
        let safe = |p: &&str| !p.is_empty() && *p != "." && *p != ".." && !p.contains(['\\', '\0']);
        if parts.len() > 2 || !parts.iter().all(safe) {
            continue;
        }
        let file = root.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        // a name given twice, or as a file and a folder: the first one stays
        let _ = std::fs::write(file, content);
    }
    Ok(())
}

/// A file read as a calendar.
pub fn ics(bytes: &[u8]) {
    let _ = messages(bytes, Some(InputFormat::Ics), "ics");
}

/// A Viva Insights query: its own directory, its ties, and as a group-to-group query.
pub fn viva(bytes: &[u8]) {
    let Ok(file) = TempFile::new(bytes, "csv") else {
        return;
    };
    let options = MessageOptions {
        format: Some(InputFormat::VivaPersonToPerson),
        ..MessageOptions::default()
    };
    let name = file.name();
    let directory = formats::directory_from_query(
        &name,
        options.open,
        &options.mapping,
        &mut Rejects::new(false),
    );
    if let Ok(directory) = directory {
        let _ = read_file(&name, &options, &directory);
    }
    let _ = formats::read_group_query(
        &name,
        options.open,
        &options.mapping,
        &mut Rejects::new(false),
        &NoProgress,
    );
}

/// A people directory (`--people`), its key decided with no sample of senders and with one
/// that names the first id a typical directory holds.
pub fn directory_csv(bytes: &[u8]) {
    let Ok(file) = TempFile::new(bytes, "csv") else {
        return;
    };
    let options = DirectoryOptions::default();
    for sample in [
        &[][..],
        &["jean.dupont@acme.fr".to_string(), "E001".to_string()][..],
    ] {
        let _ = Directory::read(&file.name(), &options, sample, &mut Rejects::new(false));
    }
}

/// A field read as a timestamp in every `--date-format`, as an effective date, and as a
/// decimal weight.
pub fn timestamps(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    for format in [
        DateFormat::Iso,
        DateFormat::DayFirst,
        DateFormat::MonthFirst,
        DateFormat::Pattern("%d/%m/%Y %Hh%M".to_string()),
    ] {
        let _ = parse_timestamp(text, &format);
    }
    // the text is also a pattern of its own: `--date-format` takes any chrono pattern
    if let Ok(format) = DateFormat::from_arg(text) {
        let _ = parse_timestamp("2024-03-01 09:30", &format);
        let _ = parse_timestamp("01/03/2024 09h30", &format);
    }
    let _ = parse_date(text);
    let _ = decimal_units(text);
}

/// A field read as an address list, a sender, and one address.
pub fn address_list(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    address::for_each_address(text, |a| {
        let _ = address::normalize(a);
    });
    let mut sender = String::new();
    address::sender_into(text, &mut sender);
    let _ = address::normalize(text);
}

/// Bytes whose encoding is detected and decoded to UTF-8, whole, as every text input is.
pub fn decode(bytes: &[u8]) {
    let _ = decode::detect(bytes, true);
    let Ok(file) = TempFile::new(bytes, "txt") else {
        return;
    };
    if let Ok(mut text) = TextInput::open(&file.name(), OpenOptions::default()) {
        let mut decoded = Vec::new();
        let _ = text.reader.read_to_end(&mut decoded);
    }
}

/// Reads `bytes` as a message file of `format` (detected when `None`) named `*.extension`.
fn messages(bytes: &[u8], format: Option<InputFormat>, extension: &str) -> Result<()> {
    let options = MessageOptions {
        format,
        ..MessageOptions::default()
    };
    messages_with(bytes, &options, extension)
}

fn messages_with(bytes: &[u8], options: &MessageOptions, extension: &str) -> Result<()> {
    let file = TempFile::new(bytes, extension).map_err(|source| crate::error::Error::Read {
        file: InputName::Stdin,
        source,
    })?;
    read_file(&file.name(), options, &Directory::default())
}

/// Opens and reads one message file as [`crate::ingest::read_inputs`] does. The directory is
/// `fallback` unless the senders sampled from the file give one (each its own department,
/// two by two), so that the paths of known people are taken too.
fn read_file(name: &InputName, options: &MessageOptions, fallback: &Directory) -> Result<()> {
    let mut input = MessageInput::open(name, options)?;
    let sample = input.sample_senders(SENDER_SAMPLE_ROWS)?;
    let sampled = Directory::from_pairs(
        sample
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), if i % 2 == 0 { "a" } else { "b" })),
    );
    let directory = match &sampled {
        Ok(d) if !d.people().is_empty() => d,
        _ => fallback,
    };
    let mut counts = IngestCounts::default();
    read_messages(
        vec![input],
        directory,
        options,
        &mut Rejects::new(false),
        &mut counts,
        &NoProgress,
        Discard,
    )
}

/// A collector that keeps nothing.
struct Discard;

impl Collector for Discard {
    fn message(&mut self, _: &Message<'_>) {}
    fn tie(&mut self, _: &WeightedTie) {}
}

/// A file of the system's temporary folder holding the input, removed when dropped; its name
/// is unique in the process (the corpus test runs its harnesses on several threads).
struct TempFile {
    path: PathBuf,
}

impl TempFile {
    fn new(bytes: &[u8], extension: &str) -> std::io::Result<TempFile> {
        let path = unique_temp_path(extension);
        std::fs::write(&path, bytes)?;
        Ok(TempFile { path })
    }

    fn name(&self) -> InputName {
        InputName::Path(self.path.clone())
    }
}

/// A folder of the system's temporary folder, removed with what it holds when dropped.
struct TempFolder {
    path: PathBuf,
}

impl TempFolder {
    fn new() -> std::io::Result<TempFolder> {
        let path = unique_temp_path("d");
        std::fs::create_dir(&path)?;
        Ok(TempFolder { path })
    }

    fn name(&self) -> InputName {
        InputName::Path(self.path.clone())
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// A path of the system's temporary folder no other call of this process uses.
fn unique_temp_path(extension: &str) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!(
        "siloscope-fuzz-{}-{n}.{extension}",
        std::process::id()
    ))
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

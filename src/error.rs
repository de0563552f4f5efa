//! The library's one error type. Every variant names the file (and the line, where there is one)
//! so that the binary can print it as is; `main.rs` alone turns errors into text and exit codes.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where an input came from: a file, or standard input (`-`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InputName {
    /// A file on disk.
    Path(PathBuf),
    /// Standard input, given as `-`.
    Stdin,
}

impl fmt::Display for InputName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputName::Path(p) => write!(f, "{}", p.display()),
            InputName::Stdin => f.write_str("<stdin>"),
        }
    }
}

/// Everything that can stop a run. Rejected rows are not errors (they are counted and reported),
/// except under `--strict`, where the first one becomes [`Error::RejectedRow`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be opened or read.
    #[error("{file}: cannot read: {source}")]
    Read {
        /// The file.
        file: InputName,
        /// The underlying error.
        source: io::Error,
    },
    /// The CSV reader failed on the file.
    #[error("{file}: line {line}: {source}")]
    Csv {
        /// The file.
        file: InputName,
        /// 1-based line.
        line: u64,
        /// The csv crate's error.
        source: csv::Error,
    },
    /// A file given for one role looks like the other kind of input (a directory given as
    /// `--messages`, a message log given as `--people`).
    #[error("{file}: given as {given_as}, but this looks like {looks_like}: {hint}")]
    WrongInput {
        /// The file.
        file: InputName,
        /// The option it was given with.
        given_as: &'static str,
        /// What it looks like.
        looks_like: &'static str,
        /// What to do.
        hint: &'static str,
    },
    /// The message logs hold no data row at all (a header only, or empty files).
    #[error(
        "the message log ({files}) holds no message row, only a header: there is nothing to analyse. Check the export's date range and filters"
    )]
    NoMessageRows {
        /// The message files, joined.
        files: String,
    },
    /// No sender of the logs is in the directory: the directory's key is not what the logs
    /// use (employee numbers against addresses, another domain...).
    #[error(
        "no sender of the {messages} messages is in the directory {directory}: its key column '{key_column}' holds values shaped like '{id_shape}', while the senders look like '{sender_shape}'. Give a directory whose key (or an e-mail column beside it) holds the addresses of the logs, or add them as aliases; --map id=COLUMN chooses the key"
    )]
    NoSenderInDirectory {
        /// The directory file.
        directory: InputName,
        /// Messages read.
        messages: u64,
        /// The directory's key column.
        key_column: String,
        /// The shape of one directory id (never its value).
        id_shape: String,
        /// The shape of one sender (never its value).
        sender_shape: String,
    },
    /// Message logs and tie weights (a Viva Insights person-to-person query) in one run: a
    /// message's 1/k share and a tie score have no common unit.
    #[error(
        "{messages} messages and {tie_rows} tie rows of a Viva Insights query were given together: a message and a tie score have no common unit. Analyse them in separate runs"
    )]
    MixedInputs {
        /// Messages read.
        messages: u64,
        /// Tie rows read.
        tie_rows: u64,
    },
    /// No `--people`, and the message input does not carry its own directory.
    #[error(
        "no --people directory given: only one Viva Insights person-to-person query file (not standard input) carries its own directory, and {files} message input(s) were given. Give the HR directory with --people"
    )]
    DirectoryNeeded {
        /// Message inputs given.
        files: usize,
    },
    /// Fewer than two people in the directory: there is no network to speak of.
    #[error(
        "{directory}: the directory lists {people} person(s): a network needs at least two people"
    )]
    TooFewPeople {
        /// The directory file (or the input that carried it).
        directory: InputName,
        /// People listed.
        people: usize,
    },
    /// The messages give no tie between two people of the directory.
    #[error(
        "none of the {messages} messages links two people of the directory ({reasons}): every figure would be empty"
    )]
    NoTie {
        /// Messages read.
        messages: u64,
        /// What happened to them, in words.
        reasons: String,
    },
    /// The file has no header line at all.
    #[error("{file}: the file is empty (expected a header line such as {expected})")]
    EmptyFile {
        /// The file.
        file: InputName,
        /// An example header.
        expected: &'static str,
    },
    /// A required column is missing from the header.
    #[error(
        "{file}: line 1: no column for '{field}' (expected one of: {synonyms}; found: {found}). Rename the column or pass --map {field}=COLUMN"
    )]
    MissingColumn {
        /// The file.
        file: InputName,
        /// The siloscope field that has no column.
        field: &'static str,
        /// The header names accepted for it.
        synonyms: String,
        /// The header names found.
        found: String,
    },
    /// `--map field=Column` names a column the file does not have.
    #[error(
        "{file}: line 1: --map {field}={column}: the file has no column '{column}' (found: {found})"
    )]
    MappedColumnMissing {
        /// The file.
        file: InputName,
        /// The field being mapped.
        field: String,
        /// The column named by the user.
        column: String,
        /// The header names found.
        found: String,
    },
    /// Two columns of the header have the same name (ignoring case), and it is a field's: which
    /// one holds the field cannot be told.
    #[error(
        "{file}: line 1: columns {first} and {second} are both named '{column}' (the {field} field): expected one column of that name: rename or remove the other one"
    )]
    DuplicateColumn {
        /// The file.
        file: InputName,
        /// The field both columns would give.
        field: String,
        /// The header name, as written in the first of the two.
        column: String,
        /// 1-based position of the first column.
        first: usize,
        /// 1-based position of the second column.
        second: usize,
    },
    /// A JSON input is not well-formed, or not shaped as its format requires (a value cut in
    /// the middle, a number where a page or a message was expected).
    #[error("{file}: line {line}, column {column}: {problem}")]
    Json {
        /// The file.
        file: InputName,
        /// 1-based line.
        line: u64,
        /// 1-based column, in bytes of the (decoded) line.
        column: u64,
        /// What is wrong, and what was expected.
        problem: String,
        /// serde_json's error, when it found the problem.
        source: Option<serde_json::Error>,
    },
    /// A JSON file that is none of the JSON exports siloscope reads.
    #[error(
        "{file}: this is JSON, but {looks_like}; siloscope reads Microsoft Graph mail (message resources with toRecipients, sentDateTime) and Microsoft Teams chat messages (chatMessage resources with chatId, messageType): if the file is one of them, say so with --input-format graph-mail or --input-format teams-chat"
    )]
    UnknownJson {
        /// The file.
        file: InputName,
        /// What it looks like instead.
        looks_like: &'static str,
    },
    /// A quoted field is opened and never closed: the CSV reader would swallow the rest of the
    /// file into one field.
    #[error(
        "{file}: line {line}: a quoted field is opened here and never closed (unterminated quote); the rest of the file would be read as one field"
    )]
    UnterminatedQuote {
        /// The file.
        file: InputName,
        /// Line where the record with the open quote starts.
        line: u64,
    },
    /// The people directory gives one person two departments.
    #[error(
        "{file}: line {line}: this person is listed in department '{second}' but already in '{first}' on line {first_line}; each person belongs to exactly one department (if the directory holds snapshots, give their date in an effective_date column)"
    )]
    ConflictingDepartment {
        /// The directory file.
        file: InputName,
        /// Line of the second listing.
        line: u64,
        /// Line of the first listing.
        first_line: u64,
        /// The person.
        id: String,
        /// The first department.
        first: String,
        /// The second department.
        second: String,
    },
    /// The directory's snapshots (it has an `effective_date` column) give one person two
    /// departments on the same date. Like [`Error::ConflictingDepartment`], it names the lines,
    /// never the person (nor keeps the id, which the message would not show).
    #[error(
        "{file}: line {line}: this person is listed in department '{second}' effective {date}, but in '{first}' on line {first_line} with the same effective date; a person has one department per effective date"
    )]
    ConflictingSnapshot {
        /// The directory file.
        file: InputName,
        /// Line of the second listing.
        line: u64,
        /// Line of the first listing.
        first_line: u64,
        /// The effective date, as `YYYY-MM-DD` (with the time when it is not midnight UTC).
        date: String,
        /// The first department.
        first: String,
        /// The second department.
        second: String,
    },
    /// An alias (or id) of the directory points to two different people.
    #[error(
        "{file}: line {line}: an address or alias of this row is already used by the person on line {first_line}; an address must name one person"
    )]
    AddressClash {
        /// The directory file.
        file: InputName,
        /// Line of the second use.
        line: u64,
        /// Line of the first use.
        first_line: u64,
        /// The address.
        address: String,
    },
    /// The directory lists nobody.
    #[error(
        "{file}: the directory lists no person (expected one row per person with at least id and department)"
    )]
    NoPeople {
        /// The directory file.
        file: InputName,
    },
    /// Under `--strict`, the first rejected row stops the run.
    #[error("{file}: line {line}{column}: {reason} (--strict makes every rejected row fatal)", column = column.as_ref().map(|c| format!(", column '{c}'")).unwrap_or_default())]
    RejectedRow {
        /// The file.
        file: InputName,
        /// 1-based line.
        line: u64,
        /// The column, when one is to blame.
        column: Option<String>,
        /// What was expected.
        reason: String,
    },
    /// The pseudonymization key cannot be read or created.
    #[error("{path}: pseudonymization key: {problem}{cause}", path = path.display(), cause = source.as_ref().map(|e| format!(": {e}")).unwrap_or_default())]
    Key {
        /// The key file.
        path: PathBuf,
        /// What went wrong.
        problem: &'static str,
        /// The error underneath, when there is one.
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// Every message row was rejected: the input is not what siloscope expects (a date format,
    /// a delimiter...), and an empty network would only mislead.
    #[error("none of the {rows} message rows could be read; the first one: {example}")]
    NoMessage {
        /// Rows read.
        rows: u64,
        /// The first rejected row, as shown on stderr.
        example: String,
    },
    /// Every record read was left out on purpose (bots, system messages, channel messages
    /// without recipients...), none was a message between people.
    #[error(
        "none of the {rows} records read is a message between people: {what}; {rejected} more were rejected. There is nothing to analyse (for a Slack export of channels, --slack-channels threads or threads+mentions reads thread replies and mentions)"
    )]
    AllLeftOut {
        /// Records read.
        rows: u64,
        /// What was left out, by kind, in words.
        what: String,
        /// Records rejected as malformed.
        rejected: u64,
    },
    /// `siloscope trend` has no dated message to cut into periods, or an input that is not
    /// message by message (a Viva Insights group-to-group query).
    #[error("{what}: siloscope trend cuts dated messages into periods. {hint}")]
    NothingToTrend {
        /// What the input holds instead.
        what: String,
        /// What to do.
        hint: &'static str,
    },
    /// A row of a table is absurdly large: the input is no table of messages or people.
    #[error(
        "{file}: line {line}: the row starting here runs past {limit_mib} MiB, which no row of a message log or a directory does: is a quote opened and never closed, or is this file not a table (a binary file, a whole export in one line)?"
    )]
    RowTooLarge {
        /// The file.
        file: InputName,
        /// 1-based line where the row starts.
        line: u64,
        /// The limit, MiB.
        limit_mib: u64,
    },
    /// The network would not fit in the memory this machine has (or `SILOSCOPE_MEMORY`).
    #[error(
        "{people} people and at least {ties} ties: the analysis would need about {needed_h} of memory and {available_h} are available. Aggregate the logs where they are stored and analyse the tie list with --ties (docs/SCALE.md gives the DuckDB and Spark queries), analyse a shorter period (--since, --until), or use a machine with more memory (SILOSCOPE_MEMORY=BYTES sets what siloscope counts on)",
        needed_h = human_bytes(*needed),
        available_h = human_bytes(*available)
    )]
    TooLargeForMemory {
        /// People of the directory.
        people: usize,
        /// Ties gathered before the memory ran out.
        ties: usize,
        /// Estimated peak, bytes.
        needed: u64,
        /// Memory available, bytes.
        available: u64,
    },
    /// An option value that cannot be used (a usage error: exit code 2). Only the binary's
    /// option checks (src/cli) make it; the library reports typed errors.
    #[error("{0}")]
    Usage(String),
    /// A `--map` item cannot be used (exit code 2).
    #[error(transparent)]
    Mapping(#[from] crate::ingest::columns::MappingError),
    /// `--input-format` names a format that is not a table (mbox, eml) for an input read as a
    /// table (exit code 2).
    #[error(
        "{file}: --input-format {format} is not a table format; give the file without --input-format, or with the format of its content"
    )]
    NotATable {
        /// The file.
        file: InputName,
        /// The format asked for.
        format: &'static str,
    },
    /// [`crate::ingest::Directory::from_pairs`] was given one id with two departments.
    #[error("person '{id}' is given two departments")]
    TwoDepartmentsGiven {
        /// The id.
        id: String,
    },
    /// `--out` names a file, not a folder.
    #[error("{path}: --out names a file; give a folder for the results (it is created if needed)", path = path.display())]
    OutputIsAFile {
        /// The path given.
        path: PathBuf,
    },
    /// `--out` names a folder that holds files siloscope did not write.
    #[error(
        "{path}: this folder holds {files} file(s) siloscope did not write (e.g. '{example}'); siloscope never replaces or deletes them. Give an empty or new folder, or pass --force to write siloscope's files there anyway (nothing else is touched)",
        path = path.display()
    )]
    ForeignOutputFolder {
        /// The folder.
        path: PathBuf,
        /// Files found.
        files: usize,
        /// One of them.
        example: String,
    },
    /// An output would replace a file siloscope did not write.
    #[error(
        "{path}: this file was not written by siloscope and is not replaced; move it away or pass --force",
        path = path.display()
    )]
    ForeignOutputFile {
        /// The file.
        path: PathBuf,
    },
    /// Writing an output failed.
    #[error("{path}: cannot write: {source}")]
    Write {
        /// The output path.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
}

impl Error {
    /// Process exit code for this error: 2 for usage errors ([`Error::Usage`],
    /// [`Error::Mapping`], [`Error::NotATable`]: the command line asks for something that cannot
    /// be done), 1 for every other variant (an input that cannot be read or used, data that
    /// cannot be analysed, an output that cannot be written).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) | Error::Mapping(_) | Error::NotATable { .. } => 2,
            _ => 1,
        }
    }

    /// True when the error is a closed pipe on output (e.g. `siloscope ... | head`), which is
    /// not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Write { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
    }
}

/// Bytes as a person reads them: 820 KiB, 1.3 MiB, 7.5 GiB.
fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 || value >= 100.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

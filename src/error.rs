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
    #[error("{file}: line {line}: {message}")]
    Csv {
        /// The file.
        file: InputName,
        /// 1-based line.
        line: u64,
        /// What went wrong.
        message: String,
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
        "{file}: line {line}: this person is listed in department '{second}' but already in '{first}' on line {first_line}; each person belongs to exactly one department"
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
    #[error("{path}: pseudonymization key: {problem}", path = path.display())]
    Key {
        /// The key file.
        path: PathBuf,
        /// What went wrong.
        problem: String,
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
    /// An option value that cannot be used (a usage error: exit code 2).
    #[error("{0}")]
    Usage(String),
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
    /// Process exit code for this error: 2 for usage errors, 1 for everything else
    /// (input, data or output).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }

    /// True when the error is a closed pipe on output (e.g. `siloscope ... | head`), which is
    /// not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Write { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
    }
}

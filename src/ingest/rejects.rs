//! Rejected rows: malformed rows are skipped and counted by reason; the first few are kept with
//! file, line and column for stderr (never for --out: raw rows carry addresses). Under
//! `--strict` the first one is fatal.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, InputName, Result};

/// Why a row was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// The row has more or fewer fields than the header.
    WrongFieldCount,
    /// A field the row needs is not valid UTF-8.
    InvalidUtf8,
    /// The sender field is empty.
    EmptySender,
    /// The timestamp cannot be parsed.
    BadTimestamp,
    /// A directory row without an id.
    EmptyId,
    /// A directory row without a department.
    EmptyDepartment,
    /// A directory row whose effective date (HR snapshots) is empty or cannot be read.
    BadEffectiveDate,
    /// A message-trace row without the message id that groups it with its message.
    EmptyMessageId,
    /// A tie weight that is not a number of at least 0.
    BadWeight,
    /// A mail message whose header block is longer than the cap (1 MiB): not a header.
    HeaderTooLong,
    /// A calendar event with attendees but no ORGANIZER.
    NoOrganizer,
    /// A calendar event without DTSTART.
    NoStart,
    /// A calendar event whose TZID names no known time zone.
    UnknownTimeZone,
    /// A calendar event whose recurrence (RRULE, RDATE) cannot be read or expanded.
    BadRecurrence,
    /// A calendar event cut before its END:VEVENT.
    UnterminatedEvent,
    /// A calendar event holding a line that is not `NAME:value`.
    MalformedLine,
    /// A field of a JSON record that has the wrong shape (a string where Graph writes an
    /// object, a chat message with neither `chatId` nor `channelIdentity`...).
    BadField,
    /// A JSON file (a Slack day file) that is not valid JSON, or not shaped as its format
    /// writes it (truncated, not an array): none of its messages is read.
    InvalidJson,
    /// One record of a JSON file whose fields are not of the expected types.
    MalformedRecord,
    /// A file of an archive that cannot be read (a damaged zip entry, too large).
    UnreadableFile,
    /// A row holding a NUL byte (a binary file, or a UTF-16 file read as UTF-8): no field
    /// of a text export holds one.
    NulByte,
    /// A row that repeats the header (exports concatenated with their header lines).
    RepeatedHeader,
}

impl RejectReason {
    /// The key used in summary.json.
    pub fn key(self) -> &'static str {
        match self {
            RejectReason::WrongFieldCount => "wrong_field_count",
            RejectReason::InvalidUtf8 => "invalid_utf8",
            RejectReason::EmptySender => "empty_sender",
            RejectReason::BadTimestamp => "bad_timestamp",
            RejectReason::EmptyId => "empty_id",
            RejectReason::EmptyDepartment => "empty_department",
            RejectReason::BadEffectiveDate => "bad_effective_date",
            RejectReason::EmptyMessageId => "empty_message_id",
            RejectReason::BadWeight => "bad_weight",
            RejectReason::HeaderTooLong => "header_too_long",
            RejectReason::NoOrganizer => "no_organizer",
            RejectReason::NoStart => "no_start",
            RejectReason::UnknownTimeZone => "unknown_time_zone",
            RejectReason::BadRecurrence => "bad_recurrence",
            RejectReason::UnterminatedEvent => "unterminated_event",
            RejectReason::MalformedLine => "malformed_line",
            RejectReason::BadField => "bad_field",
            RejectReason::InvalidJson => "invalid_json",
            RejectReason::MalformedRecord => "malformed_record",
            RejectReason::UnreadableFile => "unreadable_file",
            RejectReason::NulByte => "nul_byte",
            RejectReason::RepeatedHeader => "repeated_header",
        }
    }

    /// What the reason means, in French (for summary.md under `--lang fr`; the key stays the
    /// key of summary.json).
    pub fn label_fr(self) -> &'static str {
        match self {
            RejectReason::WrongFieldCount => "nombre de champs différent de l'en-tête",
            RejectReason::InvalidUtf8 => "champ qui n'est pas de l'UTF-8 valide",
            RejectReason::EmptySender => "expéditeur vide",
            RejectReason::BadTimestamp => "date illisible",
            RejectReason::EmptyId => "identifiant vide",
            RejectReason::EmptyDepartment => "direction vide",
            RejectReason::BadEffectiveDate => "date d'effet illisible",
            RejectReason::EmptyMessageId => "identifiant de message vide",
            RejectReason::BadWeight => "poids qui n'est pas un nombre positif ou nul",
            RejectReason::HeaderTooLong => "en-tête trop long",
            RejectReason::NoOrganizer => "réunion sans organisateur",
            RejectReason::NoStart => "réunion sans date de début",
            RejectReason::UnknownTimeZone => "fuseau horaire inconnu",
            RejectReason::BadRecurrence => "récurrence illisible",
            RejectReason::UnterminatedEvent => "événement tronqué",
            RejectReason::MalformedLine => "ligne mal formée",
            RejectReason::BadField => "champ mal formé",
            RejectReason::InvalidJson => "JSON invalide",
            RejectReason::MalformedRecord => "enregistrement mal formé",
            RejectReason::UnreadableFile => "fichier illisible",
            RejectReason::NulByte => "octet nul dans la ligne",
            RejectReason::RepeatedHeader => "ligne d'en-tête répétée",
        }
    }
}

/// One rejected row, as shown on stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    /// The file.
    pub file: InputName,
    /// 1-based line where the row starts.
    pub line: u64,
    /// The column to blame, if one is.
    pub column: Option<String>,
    /// The reason.
    pub reason: RejectReason,
    /// What was expected, in words (never a raw address).
    pub detail: String,
}

impl std::fmt::Display for RejectedRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: line {}", self.file, self.line)?;
        if let Some(c) = &self.column {
            write!(f, ", column '{c}'")?;
        }
        write!(f, ": {}", self.detail)
    }
}

/// Counts rejected rows by reason and keeps the first few.
#[derive(Debug, Clone, Default)]
pub struct Rejects {
    strict: bool,
    counts: BTreeMap<RejectReason, u64>,
    samples: Vec<RejectedRow>,
}

/// How many rejected rows are kept for stderr.
pub const SAMPLES_KEPT: usize = 5;

impl Rejects {
    /// A new counter; with `strict`, [`Rejects::reject`] fails on the first row.
    pub fn new(strict: bool) -> Rejects {
        Rejects {
            strict,
            ..Rejects::default()
        }
    }

    /// Records a rejected row; an error under `--strict`.
    pub fn reject(&mut self, row: RejectedRow) -> Result<()> {
        if self.strict {
            return Err(Error::RejectedRow {
                file: row.file,
                line: row.line,
                column: row.column,
                reason: row.detail,
            });
        }
        *self.counts.entry(row.reason).or_default() += 1;
        if self.samples.len() < SAMPLES_KEPT {
            self.samples.push(row);
        }
        Ok(())
    }

    /// Counts by reason, in a stable order.
    pub fn counts(&self) -> &BTreeMap<RejectReason, u64> {
        &self.counts
    }

    /// All rejected rows.
    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }

    /// The first rejected rows.
    pub fn samples(&self) -> &[RejectedRow] {
        &self.samples
    }
}

//! Runs that would mean nothing are refused before anything is written: a wrong number with
//! exit 0 is the worst outcome for figures that go in front of a steering committee. The same
//! checks serve `siloscope analyze` and `siloscope check`.

use std::fmt;

use serde::Serialize;

use crate::error::{Error, InputName, Result};
use crate::graph::WeightingCounts;
use crate::ingest::{Directory, IngestCounts, shape_of};

/// Something a run can go on with, but that its reader must be told (on stderr and in the
/// summary).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InputWarning {
    /// More distinct senders are outside the directory than in it: the directory may cover
    /// part of the company only, or the logs another one.
    MostSendersOutside {
        /// Distinct senders outside the directory.
        outside: u64,
        /// Distinct senders in it.
        inside: u64,
    },
}

impl fmt::Display for InputWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputWarning::MostSendersOutside { outside, inside } => write!(
                f,
                "{outside} of the {} distinct senders are not in the directory: the figures describe the {inside} who are; check that the directory covers the whole population of the logs",
                outside + inside
            ),
        }
    }
}

impl InputWarning {
    /// The warning in French, for summary.md under `--lang fr`.
    pub fn french(&self) -> String {
        match self {
            InputWarning::MostSendersOutside { outside, inside } => format!(
                "{outside} des {} expéditeurs distincts ne figurent pas dans l'annuaire : les chiffres décrivent les {inside} qui y figurent ; vérifiez que l'annuaire couvre toute la population des journaux",
                outside + inside
            ),
        }
    }
}

/// What the checks look at.
#[derive(Debug, Clone, Copy)]
pub struct RunFacts<'a> {
    /// The directory file.
    pub directory_file: &'a InputName,
    /// The directory read.
    pub directory: &'a Directory,
    /// The message files, as named.
    pub message_files: &'a [String],
    /// What the message reader saw.
    pub counts: &'a IngestCounts,
    /// The first rejected message row, as shown on stderr.
    pub first_rejected_row: Option<&'a str>,
    /// What the weighting did.
    pub weighting: &'a WeightingCounts,
    /// Ties of the graph.
    pub ties: usize,
    /// Messages and tie weights (a Viva query) were both given.
    pub mixed: bool,
}

/// Refuses a meaningless run (exit 1, with what to fix), or returns the warnings of one that
/// can go on. In order: fewer than two people; no message row; messages mixed with tie weights;
/// no readable message; no sender in the directory; no tie between two people. Then the warning: more distinct senders
/// outside the directory than in it.
pub fn check(facts: &RunFacts<'_>) -> Result<Vec<InputWarning>> {
    let people = facts.directory.people();
    let counts = facts.counts;
    if people.len() < 2 {
        return Err(Error::TooFewPeople {
            directory: facts.directory_file.clone(),
            people: people.len(),
        });
    }
    if counts.rows_read == 0 {
        return Err(Error::NoMessageRows {
            files: facts.message_files.join(", "),
        });
    }
    if facts.mixed {
        return Err(Error::MixedInputs {
            messages: counts.messages,
            tie_rows: counts.tie_rows,
        });
    }
    let left_out: u64 = counts.left_out.values().sum();
    if counts.messages == 0 && counts.tie_rows == 0 && left_out > 0 {
        let what: Vec<String> = counts
            .left_out
            .iter()
            .map(|(kind, n)| format!("{n} {} ({})", kind.key(), kind.reason()))
            .collect();
        return Err(Error::AllLeftOut {
            rows: counts.rows_read,
            what: what.join("; "),
            rejected: counts.rows_read.saturating_sub(left_out),
        });
    }
    if counts.messages == 0 && counts.tie_rows == 0 {
        let example = match facts.first_rejected_row {
            Some(row) => row.to_string(),
            // nothing malformed: the format left every record out on purpose
            None => {
                let left_out: Vec<String> = counts
                    .left_out
                    .iter()
                    .map(|(w, n)| format!("{n} {} ({})", w.key(), w.reason()))
                    .collect();
                format!(
                    "none is malformed, every one was left out: {}",
                    left_out.join("; ")
                )
            }
        };
        return Err(Error::NoMessage {
            rows: counts.rows_read,
            example,
        });
    }
    if counts.distinct_directory_senders == 0 {
        return Err(Error::NoSenderInDirectory {
            directory: facts.directory_file.clone(),
            messages: counts.messages + counts.tie_rows,
            key_column: facts
                .directory
                .key()
                .map_or_else(|| "id".to_string(), |k| k.column.clone()),
            id_shape: shape_of(&people[0].id),
            sender_shape: counts
                .first_external_sender
                .as_deref()
                .map(shape_of)
                .unwrap_or_default(),
        });
    }
    if facts.ties == 0 {
        let w = facts.weighting;
        return Err(Error::NoTie {
            messages: counts.messages,
            reasons: format!(
                "{}{} self-messages, {} without recipients, {} broadcasts, {} from outside the directory, {} only to external recipients, {} of channels --channel leaves out",
                w.period_left_out(),
                w.self_messages,
                w.without_recipients,
                w.broadcasts,
                w.from_external,
                w.only_external_recipients,
                w.other_channels
            ),
        });
    }
    let mut warnings = Vec::new();
    let (outside, inside) = (
        counts.distinct_external_senders,
        counts.distinct_directory_senders,
    );
    if outside > inside {
        warnings.push(InputWarning::MostSendersOutside { outside, inside });
    }
    Ok(warnings)
}

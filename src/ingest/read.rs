//! The order in which the inputs are read: the message files are opened first (format and
//! encoding detected) and the senders of their first rows sampled; then the directory, whose
//! key column the sample decides; then the messages are streamed.

use crate::error::{Error, InputName, Result};
use crate::ingest::directory::{Directory, DirectoryOptions};
use crate::ingest::messages::{IngestCounts, MessageInput, MessageOptions, read_messages};
use crate::ingest::rejects::Rejects;
use crate::ingest::ties::Collector;
use crate::progress::Progress;

/// How many rows of each message file are read ahead to decide the directory's key.
pub const SENDER_SAMPLE_ROWS: usize = 500;

/// What to read, and how.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The message files.
    pub messages: &'a [InputName],
    /// The directory; `None` when the message input carries its own (a Viva Insights
    /// person-to-person query with its attribute columns).
    pub people: Option<&'a InputName>,
    /// How to read the messages.
    pub message_options: &'a MessageOptions,
    /// How to read the directory.
    pub directory_options: &'a DirectoryOptions,
}

/// Where rejected rows and counts go.
#[derive(Debug)]
pub struct Tally<'a> {
    /// Rejected message rows.
    pub rejects: &'a mut Rejects,
    /// Rejected directory rows.
    pub directory_rejects: &'a mut Rejects,
    /// Counts of the message reader.
    pub counts: &'a mut IngestCounts,
}

/// The directory an input carries itself: one Viva Insights person-to-person query, read
/// once for its attribute columns before it is read for its ties.
fn directory_from_messages(inputs: &Inputs<'_>, rejects: &mut Rejects) -> Result<Directory> {
    match inputs.messages {
        [one @ InputName::Path(_)] => crate::ingest::formats::directory_from_query(
            one,
            inputs.message_options.open,
            &inputs.message_options.mapping,
            rejects,
        ),
        _ => Err(Error::DirectoryNeeded {
            files: inputs.messages.len(),
        }),
    }
}

/// Reads the directory and streams every message (or tie) to `collector`; returns the
/// directory.
pub fn read_inputs<C>(
    inputs: &Inputs<'_>,
    tally: Tally<'_>,
    progress: &dyn Progress,
    mut collector: C,
) -> Result<Directory>
where
    C: Collector,
{
    let mut opened = Vec::with_capacity(inputs.messages.len());
    let mut sample = Vec::new();
    for name in inputs.messages {
        let mut input = MessageInput::open(name, inputs.message_options)?;
        sample.extend(input.sample_senders(SENDER_SAMPLE_ROWS)?);
        opened.push(input);
    }
    let directory = match inputs.people {
        Some(people) => Directory::read(
            people,
            inputs.directory_options,
            &sample,
            tally.directory_rejects,
        )?,
        // the query's malformed rows are counted once, when it is read for its ties
        None => directory_from_messages(inputs, &mut Rejects::new(false))?,
    };
    collector.begin(&directory);
    read_messages(
        opened,
        &directory,
        inputs.message_options,
        tally.rejects,
        tally.counts,
        progress,
        collector,
    )?;
    Ok(directory)
}

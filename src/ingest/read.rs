//! The order in which the inputs are read: the message files are opened first (format and
//! encoding detected) and the senders of their first rows sampled; then the directory, whose
//! key column the sample decides; then the messages are streamed.

use crate::error::{InputName, Result};
use crate::ingest::directory::{Directory, DirectoryOptions};
use crate::ingest::messages::{IngestCounts, Message, MessageInput, MessageOptions, read_messages};
use crate::ingest::rejects::Rejects;
use crate::progress::Progress;

/// How many rows of each message file are read ahead to decide the directory's key.
pub const SENDER_SAMPLE_ROWS: usize = 500;

/// What to read, and how.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The message files.
    pub messages: &'a [InputName],
    /// The directory.
    pub people: &'a InputName,
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

/// Reads the directory and streams every message to `on_message`; returns the directory.
pub fn read_inputs<F>(
    inputs: &Inputs<'_>,
    tally: Tally<'_>,
    progress: &dyn Progress,
    on_message: F,
) -> Result<Directory>
where
    F: FnMut(&Message<'_>),
{
    let mut opened = Vec::with_capacity(inputs.messages.len());
    let mut sample = Vec::new();
    for name in inputs.messages {
        let mut input = MessageInput::open(name, inputs.message_options)?;
        sample.extend(input.sample_senders(SENDER_SAMPLE_ROWS)?);
        opened.push(input);
    }
    let directory = Directory::read(
        inputs.people,
        inputs.directory_options,
        &sample,
        tally.directory_rejects,
    )?;
    read_messages(
        opened,
        &directory,
        inputs.message_options,
        tally.rejects,
        tally.counts,
        progress,
        on_message,
    )?;
    Ok(directory)
}

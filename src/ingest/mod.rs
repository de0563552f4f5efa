//! Ingest: message logs and the people directory, streamed, with malformed rows rejected and
//! counted. This stage knows nothing of graphs: it hands each message to a callback.
//!
//! Every input goes through one reader layer ([`source`]: encoding detected and decoded by
//! [`decode`], preamble, delimiter, the shared row loop); [`format`] tells the exports apart and
//! [`formats`] turns each one's rows into messages.

pub mod address;
pub mod channel;
pub mod columns;
pub mod decode;
pub mod directory;
pub mod format;
pub mod formats;
#[doc(hidden)]
pub mod fuzzing;
pub mod messages;
pub mod read;
mod recorded;
pub mod rejects;
pub mod source;
pub mod ties;
pub mod time;

pub use columns::FieldMapping;
pub use directory::{Directory, DirectoryOptions, KeyChoice, Move, Person};
pub use format::InputFormat;
pub use formats::{CalendarPeriod, SlackChannels};
pub use messages::{
    IngestCounts, InputDescription, Message, MessageInput, MessageOptions, Sender, read_messages,
    shape_of,
};
pub use read::{Inputs, Tally, read_inputs};
pub use rejects::{RejectReason, RejectedRow, Rejects};
pub use source::OpenOptions;
pub use ties::{Collector, WeightedTie};
pub use time::DateFormat;

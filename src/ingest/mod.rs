//! Ingest: message logs and the people directory, streamed, with malformed rows rejected and
//! counted. This stage knows nothing of graphs: it hands each message to a callback.

pub mod address;
pub mod columns;
pub mod directory;
pub mod messages;
pub mod rejects;
pub mod source;
pub mod time;

pub use columns::FieldMapping;
pub use directory::{Directory, Person};
pub use messages::{IngestCounts, Message, MessageOptions, Sender, read_messages};
pub use rejects::{RejectReason, RejectedRow, Rejects};
pub use time::DateFormat;

//! Graph: from messages to the weighted employee interaction graph. Depends on `ingest` for the
//! message type only; knows nothing of the analyses.

pub mod channels;
pub mod daily;
pub mod exact;
pub mod interaction;
pub mod meaningful;
pub mod memory;
pub mod period;
pub mod weighting;

pub use channels::ChannelWeights;
pub use daily::{Attributed, DailyCollector, DailyFlows, Day, GroupOf, PeriodFlows};
pub use interaction::{InteractionGraph, Part, Tie, WeightSum};
pub use period::Period;
pub use weighting::{TieAccumulator, Unused, Weighting, WeightingCounts};

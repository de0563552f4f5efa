//! siloscope: organizational network analysis of cross-department collaboration, from message
//! metadata (sender, recipients, time) and an HR directory.
//!
//! The pipeline runs one way, one module per stage:
//! [`ingest`] (logs + directory) → [`graph`] (weighted interaction graph) → [`analyze`]
//! (betweenness, bridges, departments, communities) → [`privacy`] (pseudonyms, merged groups,
//! suppressed cells, the findings as they may be shown) → [`report`] (CSV, DOT, pictures,
//! summaries: rendering only).
#![warn(missing_docs)]

pub mod analyze;
pub mod error;
pub mod graph;
pub mod ingest;
mod prefetch;
pub mod privacy;
pub mod progress;
pub mod report;

pub use error::{Error, InputName, Result};

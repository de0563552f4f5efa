//! siloscope: organizational network analysis of cross-department collaboration, from message
//! metadata (sender, recipients, time) and an HR directory.
//!
//! The pipeline runs one way, one module per stage:
//! [`ingest`] (logs + directory) → [`graph`] (weighted interaction graph) → [`analyze`]
//! (betweenness, bridges, departments) → [`report`] (CSV, DOT, summaries).
#![warn(missing_docs)]

pub mod analyze;
pub mod error;
pub mod graph;
pub mod ingest;
pub mod progress;
pub mod report;

pub use error::{Error, InputName, Result};

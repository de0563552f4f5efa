//! Report: CSV tables, DOT, summary.json and summary.md, each written atomically into the
//! output folder.

pub mod atomic;
pub mod dot;
pub mod findings;
pub mod summary;
pub mod tables;

pub use atomic::OutputDir;
pub use findings::{Findings, InputCounts};

use crate::error::Result;

/// Writes every output file of `analyze` into `out`.
pub fn write_all(out: &OutputDir, f: &Findings<'_>) -> Result<()> {
    tables::write_people(out, f)?;
    tables::write_ties(out, f)?;
    tables::write_departments(out, f)?;
    tables::write_flows(out, f)?;
    dot::write_department_map(out, f)?;
    summary::write_summary_json(out, f)?;
    summary::write_summary_markdown(out, f)?;
    Ok(())
}

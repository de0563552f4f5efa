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

/// The files `analyze` may write.
pub const OUTPUT_FILES: [&str; 7] = [
    "people.csv",
    "ties.csv",
    "departments.csv",
    "department_flows.csv",
    "department_map.dot",
    "summary.json",
    "summary.md",
];

/// Writes every output file of `analyze` into `out`. Outputs of an earlier run that this run
/// does not write (an analysis left out with `--analyses`) are removed, so that the folder never
/// mixes two runs.
pub fn write_all(out: &OutputDir, f: &Findings<'_>) -> Result<()> {
    tables::write_people(out, f)?;
    tables::write_ties(out, f)?;
    let department_files = [
        "departments.csv",
        "department_flows.csv",
        "department_map.dot",
    ];
    if f.departments.is_some() {
        tables::write_departments(out, f)?;
        tables::write_flows(out, f)?;
        dot::write_department_map(out, f)?;
    } else {
        for name in department_files {
            out.remove_if_present(name)?;
        }
    }
    summary::write_summary_json(out, f)?;
    summary::write_summary_markdown(out, f)?;
    Ok(())
}

//! Report: CSV tables, DOT, summary.json and summary.md, each written atomically into the
//! output folder.

pub mod atomic;
pub mod changes;
pub mod check;
pub mod communities;
pub mod dot;
pub mod drawing;
pub mod excel;
pub mod formal_md;
pub mod fragility;
pub mod graph_files;
pub mod group_level;
pub mod heatmap;
pub mod html;
pub mod inputs_md;
pub mod labels;
pub mod lang;
pub mod lens;
pub mod lens_files;
pub mod people_graph;
pub mod placement;
pub mod render;
pub mod sentences;
pub mod slide;
pub mod summary;
pub mod summary_json;
pub mod tables;
pub mod trend;

pub use atomic::OutputDir;
pub use lang::Lang;
pub use people_graph::ColorBy;
pub use render::{GraphvizMissing, ImageFormat, PictureOptions, Rendered, render_all};

use crate::analyze::Run;
use crate::error::Result;
use crate::privacy::{Findings, View};
use crate::report::lens::Lens;

/// Every file `analyze` or `trend` may write under a fixed name, in the order of
/// docs/outputs.md; a grouping's files (`--group-by site`) are [`lens::Lens`]'s names of the
/// department ones. Whatever a run does not write is removed at its end
/// ([`OutputDir::commit`]).
pub const OUTPUT_FILES: [&str; 28] = [
    "people.csv",
    "ties.csv",
    "departments.csv",
    "department_flows.csv",
    "department_map.dot",
    "department_map.svg",
    "department_map.png",
    "department_flows.svg",
    "communities.csv",
    "community_departments.csv",
    "people_graph.gexf",
    "people_graph.graphml",
    "people_graph.dot",
    "people_graph.svg",
    "people_graph.png",
    "department_pairs.csv",
    "cut_points.csv",
    "department_brokers.csv",
    "moves.csv",
    "reporting_lines.csv",
    "focus.csv",
    "summary.json",
    "summary.md",
    "report.html",
    "trend.csv",
    "trend.svg",
    "trend.md",
    ".siloscope-manifest",
];

/// Writes every table, DOT file and summary of `analyze` into `out`, as much as `disclosure`
/// allows (the pictures and report.html are [`render_all`]'s, which may run at the same
/// time). summary.md and department_map.dot are written in `lang`; the CSV and JSON files
/// are language-neutral.
pub fn write_all(
    out: &OutputDir,
    f: &Run<'_>,
    view: &View,
    findings: &Findings,
    color: ColorBy,
    lang: Lang,
) -> Result<()> {
    // the person-level files are most of the bytes (550 MB at 50,000 people): they are
    // written beside the rest, each file on its own, so the result set is the same
    let (person_level, rest) = rayon::join(
        || -> Result<()> {
            if !view.person_level {
                return Ok(());
            }
            let (ties, others) = rayon::join(
                || tables::write_ties(out, f, view),
                || -> Result<()> {
                    tables::write_people(out, f, view)?;
                    people_graph::write_people_graph(out, f, view, color, lang)?;
                    graph_files::write_graph_files(out, f, view)?;
                    if f.directory.has_history() {
                        tables::write_moves(out, f, view)?;
                    }
                    Ok(())
                },
            );
            ties.and(others)
        },
        || write_group_level(out, f, view, findings, lang),
    );
    person_level.and(rest)
}

/// The files of [`write_all`] that are not person-level tables, summary.md last.
fn write_group_level(
    out: &OutputDir,
    f: &Run<'_>,
    view: &View,
    findings: &Findings,
    lang: Lang,
) -> Result<()> {
    if view.grouped.is_some() {
        tables::write_departments(out, view, Lens::DEPARTMENT)?;
        tables::write_flows(out, view, Lens::DEPARTMENT)?;
        dot::write_department_map_in(out, view, lang, f.input.shown_span(), Lens::DEPARTMENT)?;
    }
    if view.communities.is_some() {
        communities::write_communities(out, f, view)?;
        communities::write_crosstab(out, view)?;
    }
    if let Some(fr) = &view.fragility {
        fragility::write_pairs(out, fr, view, Lens::DEPARTMENT)?;
        if view.person_level && f.structure.is_some() {
            fragility::write_cut_points(out, fr, view)?;
        }
    }
    if let Some(b) = f.brokerage.filter(|_| view.person_level) {
        fragility::write_department_brokers(
            out,
            b.pairs,
            f.directory.departments(),
            view,
            Lens::DEPARTMENT,
        )?;
    }
    if let Some(r) = &findings.reporting_lines {
        formal_md::write_reporting_lines(out, r)?;
    }
    if !findings.focus.is_empty() {
        formal_md::write_focus(out, &findings.focus)?;
    }
    summary_json::write_summary_json(out, f, view, findings)?;
    summary::write_summary_markdown(out, f, findings, lang)?;
    Ok(())
}

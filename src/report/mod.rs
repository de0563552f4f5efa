//! Report: CSV tables, DOT, summary.json and summary.md, each written atomically into the
//! output folder.

pub mod atomic;
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
pub mod render;
pub mod sentences;
pub mod slide;
pub mod summary;
pub mod summary_json;
pub mod tables;

pub use atomic::OutputDir;
pub use lang::Lang;
pub use people_graph::ColorBy;
pub use render::{GraphvizMissing, ImageFormat, PictureOptions, Rendered, render_all};

use crate::analyze::Run;
use crate::error::Result;
use crate::privacy::{Findings, View};
use crate::report::lens::Lens;

/// The files `analyze` may write.
pub const OUTPUT_FILES: [&str; 13] = [
    "department_brokers.csv",
    "department_pairs.csv",
    "cut_points.csv",
    "people_graph.dot",
    "communities.csv",
    "community_departments.csv",
    "people.csv",
    "ties.csv",
    "departments.csv",
    "department_flows.csv",
    "department_map.dot",
    "summary.json",
    "summary.md",
];

/// Writes every output file of `analyze` into `out`, as much as `disclosure` allows. Outputs of
/// an earlier run that this run does not write (an analysis left out with `--analyses`,
/// person-level files under `--no-person-level`) are removed, so the folder never mixes two runs.
/// summary.md is written in `lang`; the CSV, DOT and JSON files are language-neutral.
pub fn write_all(
    out: &OutputDir,
    f: &Run<'_>,
    view: &View,
    findings: &Findings,
    color: ColorBy,
    lang: Lang,
) -> Result<()> {
    if view.person_level {
        tables::write_people(out, f, view)?;
        tables::write_ties(out, f, view)?;
        people_graph::write_people_graph(out, f, view, color, lang)?;
        graph_files::write_graph_files(out, f, view)?;
    } else {
        for name in [
            "people.csv",
            "ties.csv",
            "people_graph.dot",
            "people_graph.gexf",
            "people_graph.graphml",
        ] {
            out.remove_if_present(name)?;
        }
    }
    if view.grouped.is_some() {
        tables::write_departments(out, view, Lens::DEPARTMENT)?;
        tables::write_flows(out, view, Lens::DEPARTMENT)?;
        dot::write_department_map(out, view, f.input.ingest.time_span, Lens::DEPARTMENT)?;
    } else {
        for name in [
            "departments.csv",
            "department_flows.csv",
            "department_map.dot",
        ] {
            out.remove_if_present(name)?;
        }
    }
    if view.communities.is_some() {
        communities::write_communities(out, f, view)?;
        communities::write_crosstab(out, view)?;
    } else {
        out.remove_if_present("communities.csv")?;
        out.remove_if_present("community_departments.csv")?;
    }
    match &view.fragility {
        Some(fr) => {
            fragility::write_pairs(out, fr, view, Lens::DEPARTMENT)?;
            if view.person_level && f.structure.is_some() {
                fragility::write_cut_points(out, fr, view)?;
            } else {
                out.remove_if_present("cut_points.csv")?;
            }
        }
        None => {
            out.remove_if_present("department_pairs.csv")?;
            out.remove_if_present("cut_points.csv")?;
        }
    }
    match f.brokerage.filter(|_| view.person_level) {
        Some(b) => fragility::write_department_brokers(
            out,
            b.pairs,
            f.directory.departments(),
            view,
            Lens::DEPARTMENT,
        )?,
        None => out.remove_if_present("department_brokers.csv")?,
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

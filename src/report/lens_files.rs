//! The files of one more grouping (`--group-by site`): `Gs.csv`, `G_flows.csv`, `G_pairs.csv`,
//! `G_brokers.csv`, `G_people.csv` and `G_map.dot`, the same columns and formulas as the
//! department files with `department` made G. Rendering only: the lens plan computed them.

use serde::Serialize;

use crate::analyze::Run;
use crate::error::Result;
use crate::privacy::view::View;
use crate::report::atomic::OutputDir;
use crate::report::lens::Lens;
use crate::report::{dot, fragility, tables};

/// The header of `G_people.csv` (G in place of `department`).
pub const LENS_PEOPLE_HEADER: [&str; 10] = [
    "id",
    "department",
    "participation",
    "external_ties",
    "between_department_betweenness",
    "coordinator",
    "consultant",
    "representative",
    "gatekeeper",
    "liaison",
];

#[derive(Serialize)]
struct LensPersonRow<'a> {
    id: &'a str,
    group: &'a str,
    participation: Option<f64>,
    external_ties: Option<u32>,
    between_groups: Option<f64>,
    coordinator: Option<u64>,
    consultant: Option<u64>,
    representative: Option<u64>,
    gatekeeper: Option<u64>,
    liaison: Option<u64>,
}

/// Writes the files of the grouping `lens` whose view is `view` and whose results are in
/// `run` (a run whose department fields hold the grouping's: see [`crate::analyze::Run`]).
/// `true_labels` are the grouping's true groups, for `G_brokers.csv`.
pub fn write_lens(
    out: &OutputDir,
    run: &Run<'_>,
    view: &View,
    lens: Lens<'_>,
    true_labels: &[String],
) -> Result<()> {
    if view.grouped.is_some() {
        tables::write_departments(out, view, lens)?;
        tables::write_flows(out, view, lens)?;
        dot::write_department_map(out, view, run.input.shown_span(), lens)?;
    }
    if let Some(fr) = &view.fragility {
        fragility::write_pairs(out, fr, view, lens)?;
    }
    if view.person_level {
        if let Some(b) = run.brokerage {
            fragility::write_department_brokers(out, b.pairs, true_labels, view, lens)?;
        }
        write_lens_people(out, run, view, lens)?;
    }
    Ok(())
}

fn write_lens_people(out: &OutputDir, run: &Run<'_>, view: &View, lens: Lens<'_>) -> Result<()> {
    let header = lens.header(&LENS_PEOPLE_HEADER);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows = tables::people_order(view, run.graph.node_count())
        .into_iter()
        .map(|v| {
            let i = v as usize;
            let roles = run.brokerage.map(|b| b.roles[i]);
            LensPersonRow {
                id: view.person(v),
                group: view.department(v),
                participation: run.departments.map(|d| d.participation[i]),
                external_ties: run.departments.map(|d| d.external_ties_of_person[i]),
                between_groups: run
                    .brokerage
                    .and_then(|b| b.between_departments)
                    .map(|x| x[i]),
                coordinator: roles.map(|r| r.coordinator),
                consultant: roles.map(|r| r.consultant),
                representative: roles.map(|r| r.representative),
                gatekeeper: roles.map(|r| r.gatekeeper),
                liaison: roles.map(|r| r.liaison),
            }
        });
    out.write_csv(&lens.people(), &header, rows)?;
    Ok(())
}

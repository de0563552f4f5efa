//! The CSV tables: people.csv, ties.csv, departments.csv, department_flows.csv, moves.csv.
//! Rows come in a stable order (people by department then id; ties by endpoint ids;
//! departments by name), and floats are written in their shortest round-trip form. Columns of analyses that were not run
//! are left empty. Meanings and formulas: docs/outputs.md.

use rayon::slice::ParallelSliceMut;
use serde::Serialize;

use crate::analyze::Run;
use crate::error::Result;
use crate::privacy::view::View;
use crate::report::atomic::{OutputDir, csv_io};
use crate::report::lens::Lens;

/// Writes `rows` as the CSV file `name`, its header taken from the first row's field names (a
/// table without any row is an empty file, as docs/outputs.md says).
fn write_rows<T: Serialize>(out: &OutputDir, name: &str, rows: &[T]) -> Result<()> {
    out.write(name, |w| {
        let mut csv = csv::WriterBuilder::new().from_writer(w);
        for row in rows {
            csv.serialize(row).map_err(csv_io)?;
        }
        csv.flush()
    })?;
    Ok(())
}

/// One row of people.csv.
#[derive(Serialize)]
pub struct PersonRow<'a> {
    id: &'a str,
    department: &'a str,
    site: &'a str,
    role: &'a str,
    degree: usize,
    strength: f64,
    in_strength: f64,
    out_strength: f64,
    betweenness: Option<f64>,
    betweenness_weighted: Option<f64>,
    participation: Option<f64>,
    external_ties: Option<u32>,
    is_articulation_point: Option<u8>,
    component: Option<u32>,
    community: &'a str,
    coordinator: Option<u64>,
    consultant: Option<u64>,
    representative: Option<u64>,
    gatekeeper: Option<u64>,
    liaison: Option<u64>,
    brokerage_total: Option<u64>,
    constraint: Option<f64>,
    effective_size: Option<f64>,
    between_department_betweenness: Option<f64>,
    between_department_betweenness_weighted: Option<f64>,
}

/// Person indexes sorted by reported department, then label. Sorting by labels (not by the
/// raw ids behind them) keeps the row order from hinting at who is who.
pub fn people_order(view: &View, n: usize) -> Vec<u32> {
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by(|&a, &b| {
        (view.department(a), view.person(a)).cmp(&(view.department(b), view.person(b)))
    });
    order
}

/// The rows of people.csv, in its order (also the node attributes of people_graph.gexf and
/// .graphml).
pub fn person_rows<'a>(f: &'a Run<'_>, view: &'a View) -> Vec<PersonRow<'a>> {
    let g = f.graph;
    people_order(view, g.node_count())
        .into_iter()
        .map(|v| {
            let i = v as usize;
            PersonRow {
                id: view.person(v),
                department: view.department(v),
                site: view.site.label(v),
                role: view.role.label(v),
                degree: g.degree(v),
                strength: g.strength()[i],
                in_strength: g.in_strength()[i],
                out_strength: g.out_strength()[i],
                betweenness: f.betweenness.map(|b| b[i]),
                betweenness_weighted: f.betweenness_weighted.map(|b| b[i]),
                participation: f.departments.map(|d| d.participation[i]),
                external_ties: f.departments.map(|d| d.external_ties_of_person[i]),
                is_articulation_point: f.structure.map(|s| u8::from(s.is_articulation_point[i])),
                component: f.structure.map(|s| s.component[i]),
                community: view.community(v),
                coordinator: f.brokerage.map(|b| b.roles[i].coordinator),
                consultant: f.brokerage.map(|b| b.roles[i].consultant),
                representative: f.brokerage.map(|b| b.roles[i].representative),
                gatekeeper: f.brokerage.map(|b| b.roles[i].gatekeeper),
                liaison: f.brokerage.map(|b| b.roles[i].liaison),
                brokerage_total: f.brokerage.map(|b| b.roles[i].total()),
                constraint: f.brokerage.and_then(|b| b.burt[i]).map(|x| x.constraint),
                effective_size: f
                    .brokerage
                    .and_then(|b| b.burt[i])
                    .map(|x| x.effective_size),
                between_department_betweenness: f
                    .brokerage
                    .and_then(|b| b.between_departments)
                    .map(|x| x[i]),
                between_department_betweenness_weighted: f
                    .brokerage
                    .and_then(|b| b.between_departments_weighted)
                    .map(|x| x[i]),
            }
        })
        .collect()
}

/// Writes people.csv.
pub fn write_people(out: &OutputDir, f: &Run<'_>, view: &View) -> Result<()> {
    let rows = person_rows(f, view);
    write_rows(out, "people.csv", &rows)
}

/// One row of ties.csv.
#[derive(Serialize)]
pub struct TieRow<'a> {
    source: &'a str,
    target: &'a str,
    source_department: &'a str,
    target_department: &'a str,
    weight: f64,
    weight_source_to_target: f64,
    weight_target_to_source: f64,
    edge_betweenness: Option<f64>,
    is_bridge: Option<u8>,
    cross_department: u8,
}

/// The rows of ties.csv, ordered by the labels of their ends (also the edge attributes of
/// people_graph.gexf and .graphml), of the ties `keep` holds (all when `None`).
pub fn tie_rows<'a>(f: &'a Run<'_>, view: &'a View, keep: Option<&[bool]>) -> Vec<TieRow<'a>> {
    let ties = f.graph.ties();
    // each person's rank among the labels (equal labels, equal ranks): comparing ranks orders
    // the rows exactly as comparing the labels would, without comparing strings 10⁷ times
    let mut by_label: Vec<u32> = (0..f.graph.node_count() as u32).collect();
    by_label.sort_by(|&a, &b| view.person(a).cmp(view.person(b)));
    let mut rank = vec![0u32; by_label.len()];
    for (i, neighbours) in by_label.windows(2).enumerate() {
        let (before, v) = (neighbours[0] as usize, neighbours[1] as usize);
        rank[v] = if view.person(before as u32) == view.person(v as u32) {
            rank[before]
        } else {
            i as u32 + 1
        };
    }
    // (tie, flipped): each row reads from the end with the smaller label
    let ends = |&(i, flipped): &(usize, bool)| {
        let t = &ties[i];
        if flipped {
            (t.target, t.source)
        } else {
            (t.source, t.target)
        }
    };
    // sorted on (ranks of the ends, tie): the order of a stable sort on the ranks, as one
    // integer key each (a stable sort reading the ranks at every comparison was a fifth of
    // the report's time at 3.2M ties)
    let mut keyed: Vec<(u64, usize, bool)> = ties
        .iter()
        .enumerate()
        .filter(|(i, _)| keep.is_none_or(|k| k[*i]))
        .map(|(i, t)| {
            let row = (i, rank[t.source as usize] > rank[t.target as usize]);
            let (a, b) = ends(&row);
            let key = u64::from(rank[a as usize]) << 32 | u64::from(rank[b as usize]);
            (key, row.0, row.1)
        })
        .collect();
    keyed.par_sort_unstable();
    keyed
        .iter()
        .map(|&(_, i, flipped)| {
            let row = &(i, flipped);
            let t = &ties[i];
            let (a, b) = ends(row);
            let (forward, backward) = if flipped {
                (t.backward, t.forward)
            } else {
                (t.forward, t.backward)
            };
            // on the reported groups: inside "other (small groups)" it must not tell the merged
            // departments apart
            let cross = view.department(a) != view.department(b);
            TieRow {
                source: view.person(a),
                target: view.person(b),
                source_department: view.department(a),
                target_department: view.department(b),
                weight: t.weight,
                weight_source_to_target: forward,
                weight_target_to_source: backward,
                edge_betweenness: f.edge_betweenness.map(|e| e[i]),
                is_bridge: f.structure.map(|s| u8::from(s.is_bridge[i])),
                cross_department: u8::from(cross),
            }
        })
        .collect()
}

/// Writes ties.csv.
pub fn write_ties(out: &OutputDir, f: &Run<'_>, view: &View) -> Result<()> {
    let rows = tie_rows(f, view, None);
    write_rows(out, "ties.csv", &rows)
}

#[derive(Serialize)]
struct DepartmentRow<'a> {
    department: &'a str,
    headcount: usize,
    internal_weight: f64,
    external_weight: f64,
    ei_index_weight: Option<f64>,
    internal_ties: usize,
    external_ties: usize,
    ei_index_ties: Option<f64>,
    density: Option<f64>,
    boundary_spanners: usize,
    isolated: usize,
}

/// The header of departments.csv (`department` is G in `Gs.csv`).
pub const DEPARTMENT_HEADER: [&str; 11] = [
    "department",
    "headcount",
    "internal_weight",
    "external_weight",
    "ei_index_weight",
    "internal_ties",
    "external_ties",
    "ei_index_ties",
    "density",
    "boundary_spanners",
    "isolated",
];

/// The header of department_flows.csv.
pub const FLOW_HEADER: [&str; 7] = [
    "department_a",
    "department_b",
    "weight_a_to_b",
    "weight_b_to_a",
    "weight",
    "ties",
    "normalized_weight",
];

/// Writes `Gs.csv` (departments.csv) when the group analysis ran, one row per reported group.
pub fn write_departments(out: &OutputDir, view: &View, lens: Lens<'_>) -> Result<()> {
    let Some(d) = &view.grouped else {
        return Ok(());
    };
    let names = view.department_names();
    let header = lens.header(&DEPARTMENT_HEADER);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows = names.iter().zip(&d.stats).map(|(name, s)| DepartmentRow {
        department: name,
        headcount: s.headcount,
        internal_weight: s.internal_weight,
        external_weight: s.external_weight,
        ei_index_weight: s.ei_index_weight(),
        internal_ties: s.internal_ties,
        external_ties: s.external_ties,
        ei_index_ties: s.ei_index_ties(),
        density: s.density(),
        boundary_spanners: s.boundary_spanners,
        isolated: s.isolated,
    });
    out.write_csv(&lens.table(), &header, rows)?;
    Ok(())
}

#[derive(Serialize)]
struct FlowRow<'a> {
    department_a: &'a str,
    department_b: &'a str,
    weight_a_to_b: f64,
    weight_b_to_a: Option<f64>,
    weight: f64,
    ties: usize,
    normalized_weight: Option<f64>,
}

/// Writes `G_flows.csv` (department_flows.csv) when the group analysis ran, between reported
/// groups.
pub fn write_flows(out: &OutputDir, view: &View, lens: Lens<'_>) -> Result<()> {
    let Some(d) = &view.grouped else {
        return Ok(());
    };
    let names = view.department_names();
    let header = lens.header(&FLOW_HEADER);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows = d.flows.iter().map(|flow| FlowRow {
        department_a: &names[flow.a as usize],
        department_b: &names[flow.b as usize],
        weight_a_to_b: flow.a_to_b,
        weight_b_to_a: flow.b_to_a,
        weight: flow.weight,
        ties: flow.ties,
        normalized_weight: flow.normalized,
    });
    out.write_csv(&lens.flows(), &header, rows)?;
    Ok(())
}

/// One row of moves.csv.
#[derive(Serialize)]
struct MoveRow<'a> {
    person: &'a str,
    from_department: &'a str,
    to_department: &'a str,
    effective_date: String,
}

/// Writes moves.csv: the moves of department of the analysed period ([`Run::moves`]), the
/// person by label, the departments as reported groups, the effective date as the UTC day;
/// sorted by date, then label (never by the hidden id). A person-level file: written only
/// with a directory of snapshots (empty when nobody moved).
pub fn write_moves(out: &OutputDir, f: &Run<'_>, view: &View) -> Result<()> {
    let mut rows: Vec<MoveRow<'_>> = f
        .moves
        .iter()
        .map(|m| MoveRow {
            person: view.person(m.person),
            from_department: view.departments.label(m.from_department),
            to_department: view.departments.label(m.to_department),
            effective_date: chrono::DateTime::from_timestamp(m.at, 0)
                .map_or_else(String::new, |t| t.format("%Y-%m-%d").to_string()),
        })
        .collect();
    rows.sort_by(|a, b| (&a.effective_date, a.person).cmp(&(&b.effective_date, b.person)));
    write_rows(out, "moves.csv", &rows)
}

//! The CSV tables: people.csv, ties.csv, departments.csv, department_flows.csv. Rows come in a
//! stable order (people by department then id; ties by endpoint ids; departments by name), and
//! floats are written in their shortest round-trip form. Columns of analyses that were not run
//! are left empty. Meanings and formulas: docs/outputs.md.

use std::io::Write;

use serde::Serialize;

use crate::error::Result;
use crate::report::atomic::{OutputDir, csv_io};
use crate::report::findings::Findings;

fn writer(w: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new().from_writer(w)
}

#[derive(Serialize)]
struct PersonRow<'a> {
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
}

/// Person indexes sorted by department name, then id.
pub fn people_order(f: &Findings<'_>) -> Vec<u32> {
    let people = f.directory.people();
    let mut order: Vec<u32> = (0..people.len() as u32).collect();
    // Departments are indexed in name order and people in id order: sorting by the pair of
    // indexes is sorting by (department name, id).
    order.sort_by_key(|&v| (people[v as usize].department, v));
    order
}

/// Writes people.csv.
pub fn write_people(out: &OutputDir, f: &Findings<'_>) -> Result<()> {
    let people = f.directory.people();
    let g = f.graph;
    out.write("people.csv", |w| {
        let mut csv = writer(w);
        for v in people_order(f) {
            let i = v as usize;
            let p = &people[i];
            csv.serialize(PersonRow {
                id: &p.id,
                department: f.department_of(v),
                site: p.site.as_deref().unwrap_or(""),
                role: p.role.as_deref().unwrap_or(""),
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
            })
            .map_err(csv_io)?;
        }
        csv.flush()
    })?;
    Ok(())
}

#[derive(Serialize)]
struct TieRow<'a> {
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

/// Writes ties.csv.
pub fn write_ties(out: &OutputDir, f: &Findings<'_>) -> Result<()> {
    let people = f.directory.people();
    out.write("ties.csv", |w| {
        let mut csv = writer(w);
        for (i, t) in f.graph.ties().iter().enumerate() {
            let (sd, td) = (f.department_of(t.source), f.department_of(t.target));
            csv.serialize(TieRow {
                source: &people[t.source as usize].id,
                target: &people[t.target as usize].id,
                source_department: sd,
                target_department: td,
                weight: t.weight,
                weight_source_to_target: t.forward,
                weight_target_to_source: t.backward,
                edge_betweenness: f.edge_betweenness.map(|b| b[i]),
                is_bridge: f.structure.map(|s| u8::from(s.is_bridge[i])),
                cross_department: u8::from(sd != td),
            })
            .map_err(csv_io)?;
        }
        csv.flush()
    })?;
    Ok(())
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

/// Writes departments.csv (when the department analysis ran).
pub fn write_departments(out: &OutputDir, f: &Findings<'_>) -> Result<()> {
    let Some(d) = f.departments else {
        return Ok(());
    };
    let names = f.directory.departments();
    out.write("departments.csv", |w| {
        let mut csv = writer(w);
        for (name, s) in names.iter().zip(&d.stats) {
            csv.serialize(DepartmentRow {
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
            })
            .map_err(csv_io)?;
        }
        csv.flush()
    })?;
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

/// Writes department_flows.csv (when the department analysis ran).
pub fn write_flows(out: &OutputDir, f: &Findings<'_>) -> Result<()> {
    let Some(d) = f.departments else {
        return Ok(());
    };
    let names = f.directory.departments();
    out.write("department_flows.csv", |w| {
        let mut csv = writer(w);
        for flow in &d.flows {
            csv.serialize(FlowRow {
                department_a: &names[flow.a as usize],
                department_b: &names[flow.b as usize],
                weight_a_to_b: flow.a_to_b,
                weight_b_to_a: flow.b_to_a,
                weight: flow.weight,
                ties: flow.ties,
                normalized_weight: flow.normalized,
            })
            .map_err(csv_io)?;
        }
        csv.flush()
    })?;
    Ok(())
}

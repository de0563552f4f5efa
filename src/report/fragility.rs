//! department_pairs.csv (how each pair of departments is linked, directly and through
//! intermediaries, and who the link rests on) and cut_points.csv (whose absence cuts people of
//! a department off). Both on the reported groups; people by their label, and only when
//! person-level outputs are allowed.

use std::io::Write;

use serde::Serialize;

use crate::analyze::fragility::{CONNECTIVITY_CAP, Fragility};
use crate::error::Result;
use crate::report::atomic::{OutputDir, csv_io};
use crate::report::view::View;

#[derive(Serialize)]
struct PairRow<'a> {
    department_a: &'a str,
    department_b: &'a str,
    direct_ties: usize,
    direct_weight: f64,
    spanners_a: usize,
    spanners_b: usize,
    direct_link_rests_on: &'a str,
    indirect_paths: Option<u32>,
    indirect_paths_at_least: u8,
    intermediaries: String,
    fragile: u8,
}

/// A pair is fragile when one person carries it: every direct tie touches the same person, or
/// all indirect paths go through a single intermediary.
pub fn is_fragile(sole: bool, indirect: Option<u32>) -> bool {
    sole || indirect == Some(1)
}

/// Writes department_pairs.csv.
pub fn write_pairs(out: &OutputDir, fragility: &Fragility, view: &View) -> Result<()> {
    let names = view.department_names();
    out.write("department_pairs.csv", |w: &mut dyn Write| {
        let mut csv = csv::Writer::from_writer(w);
        for p in &fragility.pairs {
            let sole = p
                .sole_spanner
                .filter(|_| view.person_level)
                .map_or("", |v| view.person(v));
            let mut cut: Vec<&str> = p.intermediaries.iter().map(|&v| view.person(v)).collect();
            cut.sort_unstable();
            csv.serialize(PairRow {
                department_a: &names[p.a as usize],
                department_b: &names[p.b as usize],
                direct_ties: p.direct_ties,
                direct_weight: p.direct_weight,
                spanners_a: p.spanners_a,
                spanners_b: p.spanners_b,
                direct_link_rests_on: sole,
                indirect_paths: p.indirect_paths,
                indirect_paths_at_least: u8::from(p.indirect_paths == Some(CONNECTIVITY_CAP)),
                intermediaries: if view.person_level {
                    cut.join(";")
                } else {
                    String::new()
                },
                fragile: u8::from(is_fragile(p.sole_spanner.is_some(), p.indirect_paths)),
            })
            .map_err(csv_io)?;
        }
        csv.flush()
    })?;
    Ok(())
}

#[derive(Serialize)]
struct CutRow<'a> {
    person: &'a str,
    department: &'a str,
    cuts_off_department: &'a str,
    people_cut_off: usize,
}

/// Writes cut_points.csv (person-level).
pub fn write_cut_points(out: &OutputDir, fragility: &Fragility, view: &View) -> Result<()> {
    let names = view.department_names();
    let mut rows: Vec<(&str, &str, &str, usize)> = fragility
        .cut_offs
        .iter()
        .map(|c| {
            (
                view.person(c.person),
                view.department(c.person),
                names[c.department as usize].as_str(),
                c.people,
            )
        })
        .collect();
    rows.sort();
    out.write("cut_points.csv", |w: &mut dyn Write| {
        let mut csv = csv::Writer::from_writer(w);
        for (person, department, cut, people) in rows {
            csv.serialize(CutRow {
                person,
                department,
                cuts_off_department: cut,
                people_cut_off: people,
            })
            .map_err(csv_io)?;
        }
        csv.flush()
    })?;
    Ok(())
}

#[derive(Serialize)]
struct BrokerRow<'a> {
    department_a: &'a str,
    department_b: &'a str,
    person: &'a str,
    person_department: &'a str,
    share_of_paths: f64,
    rank: usize,
    error_bound: Option<f64>,
}

/// Writes department_brokers.csv (person-level): for each pair of departments shown as
/// themselves (pairs involving merged small departments are left out), the people who carry
/// most of the shortest paths between them.
pub fn write_department_brokers(
    out: &OutputDir,
    brokers: &crate::analyze::pair_brokers::DepartmentBrokers,
    directory: &crate::ingest::Directory,
    view: &View,
) -> Result<()> {
    let true_names = directory.departments();
    let shown = |d: u32| {
        view.departments.of_group[d as usize]
            .map(|r| view.department_names()[r as usize].as_str())
            .filter(|name| *name == true_names[d as usize])
    };
    out.write("department_brokers.csv", |w: &mut dyn Write| {
        let mut csv = csv::Writer::from_writer(w);
        for p in &brokers.pairs {
            let (Some(a), Some(b)) = (shown(p.a), shown(p.b)) else {
                continue;
            };
            for (rank, &(v, share)) in p.top.iter().enumerate() {
                csv.serialize(BrokerRow {
                    department_a: a,
                    department_b: b,
                    person: view.person(v),
                    person_department: view.department(v),
                    share_of_paths: share,
                    rank: rank + 1,
                    error_bound: brokers.error_bound,
                })
                .map_err(csv_io)?;
            }
        }
        csv.flush()
    })?;
    Ok(())
}

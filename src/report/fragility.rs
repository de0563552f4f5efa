//! department_pairs.csv (how each pair of departments is linked, directly and through
//! intermediaries, and who the link rests on) and cut_points.csv (whose absence cuts people of
//! a department off). Both on the reported groups; people by their label, and only when
//! person-level outputs are allowed.

use serde::Serialize;

use crate::analyze::fragility::{CONNECTIVITY_CAP, Fragility};
use crate::error::Result;
use crate::privacy::view::View;
use crate::report::atomic::OutputDir;
use crate::report::lens::Lens;

const PAIR_HEADER: [&str; 11] = [
    "department_a",
    "department_b",
    "direct_ties",
    "direct_weight",
    "spanners_a",
    "spanners_b",
    "direct_link_rests_on",
    "indirect_paths",
    "indirect_paths_at_least",
    "intermediaries",
    "fragile",
];

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

pub use crate::analyze::fragility::is_fragile;

/// Writes `G_pairs.csv` (department_pairs.csv).
pub fn write_pairs(
    out: &OutputDir,
    fragility: &Fragility,
    view: &View,
    lens: Lens<'_>,
) -> Result<()> {
    let names = view.department_names();
    let rows = fragility.pairs.iter().map(|p| {
        let sole = p
            .sole_spanner
            .filter(|_| view.person_level)
            .map_or("", |v| view.person(v));
        let mut cut: Vec<&str> = p.intermediaries.iter().map(|&v| view.person(v)).collect();
        cut.sort_unstable();
        PairRow {
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
        }
    });
    let header = lens.header(&PAIR_HEADER);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    out.write_csv(&lens.pairs(), &header, rows)?;
    Ok(())
}

const CUT_HEADER: [&str; 4] = [
    "person",
    "department",
    "cuts_off_department",
    "people_cut_off",
];

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
    let rows = rows
        .into_iter()
        .map(|(person, department, cut, people)| CutRow {
            person,
            department,
            cuts_off_department: cut,
            people_cut_off: people,
        });
    out.write_csv("cut_points.csv", &CUT_HEADER, rows)?;
    Ok(())
}

const BROKER_HEADER: [&str; 7] = [
    "department_a",
    "department_b",
    "person",
    "person_department",
    "share_of_paths",
    "rank",
    "error_bound",
];

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

/// Writes `G_brokers.csv` (department_brokers.csv; person-level): for each pair of groups
/// shown as themselves (pairs involving merged small groups are left out), the people who
/// carry most of the shortest paths between them. `true_names` are the true groups' labels.
pub fn write_department_brokers(
    out: &OutputDir,
    brokers: &crate::analyze::pair_brokers::DepartmentBrokers,
    true_names: &[String],
    view: &View,
    lens: Lens<'_>,
) -> Result<()> {
    if brokers.left_out {
        // not computed (the summary says why): an empty table would read as "no broker"
        return Ok(());
    }
    let shown = |d: u32| {
        view.departments.of_group[d as usize]
            .map(|r| view.department_names()[r as usize].as_str())
            .filter(|name| *name == true_names[d as usize])
    };
    let mut rows = Vec::new();
    for p in &brokers.pairs {
        let (Some(a), Some(b)) = (shown(p.a), shown(p.b)) else {
            continue;
        };
        for (rank, &(v, share)) in p.top.iter().enumerate() {
            rows.push(BrokerRow {
                department_a: a,
                department_b: b,
                person: view.person(v),
                person_department: view.department(v),
                share_of_paths: share,
                rank: rank + 1,
                error_bound: brokers.error_bound,
            });
        }
    }
    let header = lens.header(&BROKER_HEADER);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    out.write_csv(&lens.brokers(), &header, rows)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header written for an empty table is the one serde writes for a row.
    fn header_of<T: Serialize>(row: T) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(row).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        text.lines().next().unwrap().to_string()
    }

    #[test]
    fn fixed_headers_match_the_rows() {
        let pair = PairRow {
            department_a: "a",
            department_b: "b",
            direct_ties: 0,
            direct_weight: 0.0,
            spanners_a: 0,
            spanners_b: 0,
            direct_link_rests_on: "",
            indirect_paths: None,
            indirect_paths_at_least: 0,
            intermediaries: String::new(),
            fragile: 0,
        };
        assert_eq!(header_of(pair), PAIR_HEADER.join(","));
        let cut = CutRow {
            person: "p",
            department: "d",
            cuts_off_department: "e",
            people_cut_off: 1,
        };
        assert_eq!(header_of(cut), CUT_HEADER.join(","));
        let broker = BrokerRow {
            department_a: "a",
            department_b: "b",
            person: "p",
            person_department: "d",
            share_of_paths: 0.5,
            rank: 1,
            error_bound: None,
        };
        assert_eq!(header_of(broker), BROKER_HEADER.join(","));
    }
}

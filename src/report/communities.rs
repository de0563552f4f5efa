//! communities.csv and community_departments.csv: what the communities are made of, on the
//! reported groups (communities and departments below the minimum group size merged). In the
//! crosstab, a cell about fewer people than the threshold is suppressed, and so is, by
//! complementary suppression, the smallest other cell of any row or column left with a single
//! suppressed cell, so that no suppressed count can be recovered from the row and column totals.

use std::io::Write;

use serde::Serialize;

use crate::analyze::Run;
use crate::error::Result;
use crate::graph::{Part, WeightSum};
use crate::privacy::crosstab::crosstab;
use crate::privacy::view::View;
use crate::report::atomic::{OutputDir, csv_io};

#[derive(Serialize)]
struct CommunityRow<'a> {
    community: &'a str,
    size: usize,
    internal_weight: f64,
    modularity_contribution: f64,
    departments: usize,
    department_mix: String,
}

/// Writes communities.csv.
pub fn write_communities(out: &OutputDir, f: &Run<'_>, view: &View) -> Result<()> {
    let (Some(cf), Some(groups)) = (f.communities, view.communities.as_ref()) else {
        return Ok(());
    };
    let g = f.graph;
    let p = cf.partition;
    let two_m = 2.0 * g.total_weight();
    // per true community: internal weight, total strength
    let rows = groups.names.len();
    let mut inside = vec![WeightSum::default(); p.count];
    let mut inside_row = vec![WeightSum::default(); rows];
    let mut total = vec![0.0; p.count];
    for (v, &c) in p.membership.iter().enumerate() {
        total[c as usize] += g.strength()[v];
    }
    for (i, t) in g.ties().iter().enumerate() {
        let c = p.membership[t.source as usize];
        if c == p.membership[t.target as usize] {
            g.add_to(&mut inside[c as usize], i, Part::Both);
            if let Some(r) = groups.of_group[c as usize] {
                g.add_to(&mut inside_row[r as usize], i, Part::Both);
            }
        }
    }
    let inside: Vec<f64> = inside.iter().map(|s| g.value(s)).collect();
    let internal: Vec<f64> = inside_row.iter().map(|s| g.value(s)).collect();
    let mut size = vec![0usize; rows];
    let mut contribution = vec![0.0; rows];
    for c in 0..p.count {
        if let Some(r) = groups.of_group[c] {
            let r = r as usize;
            if two_m > 0.0 {
                contribution[r] +=
                    2.0 * inside[c] / two_m - cf.resolution * (total[c] / two_m).powi(2);
            }
        }
    }
    for c in view.community_of_person.iter().flatten() {
        size[*c as usize] += 1;
    }
    let table = crosstab(view, view.min_group_size);
    let names = view.department_names();
    out.write("communities.csv", |w: &mut dyn Write| {
        let mut csv = csv::Writer::from_writer(w);
        for r in 0..rows {
            let (departments, mix) = match &table {
                Some(t) => {
                    let present = t.counts[r].iter().filter(|&&x| x > 0).count();
                    let shown = t.shown_mix(r);
                    let mix: Vec<String> = shown
                        .iter()
                        .take(3)
                        .map(|&(x, d)| {
                            format!(
                                "{} {:.0}%",
                                names[d],
                                100.0 * x as f64 / size[r].max(1) as f64
                            )
                        })
                        .collect();
                    (present, mix.join("; "))
                }
                None => (0, String::new()),
            };
            csv.serialize(CommunityRow {
                community: &groups.names[r],
                size: size[r],
                internal_weight: internal[r],
                modularity_contribution: contribution[r],
                departments,
                department_mix: mix,
            })
            .map_err(csv_io)?;
        }
        csv.flush()
    })?;
    Ok(())
}

#[derive(Serialize)]
struct CrossRow<'a> {
    community: &'a str,
    department: &'a str,
    people: Option<usize>,
    share_of_community: Option<f64>,
    share_of_department: Option<f64>,
    suppressed: u8,
}

/// Writes community_departments.csv (long form, non-empty cells only).
pub fn write_crosstab(out: &OutputDir, view: &View) -> Result<()> {
    let (Some(groups), Some(t)) = (
        view.communities.as_ref(),
        crosstab(view, view.min_group_size),
    ) else {
        return Ok(());
    };
    let names = view.department_names();
    let row_total: Vec<usize> = t.counts.iter().map(|r| r.iter().sum()).collect();
    let col_total: Vec<usize> = (0..names.len())
        .map(|d| t.counts.iter().map(|r| r[d]).sum())
        .collect();
    out.write("community_departments.csv", |w: &mut dyn Write| {
        let mut csv = csv::Writer::from_writer(w);
        for (r, row) in t.counts.iter().enumerate() {
            for (d, &x) in row.iter().enumerate() {
                if x == 0 {
                    continue;
                }
                let hidden = t.suppressed[r][d];
                csv.serialize(CrossRow {
                    community: &groups.names[r],
                    department: &names[d],
                    people: (!hidden).then_some(x),
                    share_of_community: (!hidden).then(|| x as f64 / row_total[r] as f64),
                    share_of_department: (!hidden).then(|| x as f64 / col_total[d] as f64),
                    suppressed: u8::from(hidden),
                })
                .map_err(csv_io)?;
            }
        }
        csv.flush()
    })?;
    Ok(())
}

//! Closed groups and flows between groups, ranked once.

use std::cmp::Ordering;

use crate::analyze::{Departments, Flow, Run};
use crate::privacy::findings::{FlowLine, GroupFindings, GroupLine};
use crate::privacy::view::View;

/// The group findings, on the reported groups. O(G² log G) for G groups.
pub(super) fn group_findings(run: &Run<'_>, view: &View) -> Option<GroupFindings> {
    let d = view.grouped.as_ref()?;
    let names = view.department_names();
    let mut closed: Vec<GroupLine> = d
        .stats
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let total = s.internal_weight + s.external_weight;
            GroupLine {
                group: names[i].clone(),
                people: s.headcount,
                ei_weight: s.ei_index_weight(),
                ei_ties: s.ei_index_ties(),
                internal_weight: s.internal_weight,
                external_weight: s.external_weight,
                inside_share: (total > 0.0).then(|| s.internal_weight / total),
                density: s.density(),
                boundary_spanners: s.boundary_spanners,
            }
        })
        .collect();
    closed.sort_by(|x, y| {
        let key = |l: &GroupLine| l.ei_weight.unwrap_or(f64::INFINITY);
        key(x)
            .total_cmp(&key(y))
            .then_with(|| x.group.cmp(&y.group))
    });
    let line = |fl: &Flow| FlowLine {
        a: names[fl.a as usize].clone(),
        b: names[fl.b as usize].clone(),
        weight: fl.weight,
        ties: fl.ties,
        per_possible_pair: fl.normalized,
    };
    let by_names = |x: &FlowLine, y: &FlowLine| (&x.a, &x.b).cmp(&(&y.a, &y.b));
    let exchanging: Vec<FlowLine> = cross_flows(d)
        .filter(|fl| fl.weight > 0.0)
        .map(line)
        .collect();
    let mut strongest = exchanging.clone();
    strongest.sort_by(|x, y| y.weight.total_cmp(&x.weight).then_with(|| by_names(x, y)));
    let mut weakest = exchanging;
    weakest.sort_by(|x, y| {
        let key = |l: &FlowLine| l.per_possible_pair.unwrap_or(0.0);
        match key(x).total_cmp(&key(y)) {
            Ordering::Equal => by_names(x, y),
            other => other,
        }
    });
    let mut silent_pairs: Vec<(String, String)> = cross_flows(d)
        .filter(|fl| fl.weight == 0.0)
        .map(|fl| (names[fl.a as usize].clone(), names[fl.b as usize].clone()))
        .collect();
    silent_pairs.sort();
    Some(GroupFindings {
        modularity: run.departments.map_or(d.modularity, |t| t.modularity),
        closed,
        strongest_flows: strongest,
        weakest_flows: weakest,
        silent_pairs,
        pairs: names.len() * names.len().saturating_sub(1) / 2,
    })
}

fn cross_flows(d: &Departments) -> impl Iterator<Item = &Flow> {
    d.flows.iter().filter(|fl| fl.a != fl.b)
}

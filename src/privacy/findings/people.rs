//! The people who connect: highest betweenness, cut points and bridges that join groups, and the
//! champions (between-group brokers). Named by their shown label; under `--no-person-level`
//! nobody is listed and cut points are "a person of" their group.

use crate::analyze::Run;
use crate::privacy::findings::{
    Champion, ChampionFindings, CrossBridge, Joining, KeyPerson, StructureFindings,
};
use crate::privacy::view::View;

/// How many people the key-people ranking keeps.
const KEY_PEOPLE: usize = 10;

/// Everyone by a measure, highest first, ties by shown label; only values above 0.
fn ranked(values: &[f64], view: &View) -> Vec<u32> {
    let mut order: Vec<u32> = (0..values.len() as u32)
        .filter(|&v| values[v as usize] > 0.0)
        .collect();
    order.sort_by(|&x, &y| {
        values[y as usize]
            .total_cmp(&values[x as usize])
            .then_with(|| view.person(x).cmp(view.person(y)))
    });
    order
}

/// The people with the highest betweenness (by hops, or weighted when only that ran). O(n log n).
pub(super) fn key_people(run: &Run<'_>, view: &View) -> Option<Vec<KeyPerson>> {
    let b = run
        .betweenness
        .or(run.betweenness_weighted)
        .filter(|_| view.person_level)?;
    Some(
        ranked(b, view)
            .into_iter()
            .take(KEY_PEOPLE)
            .map(|v| {
                let i = v as usize;
                KeyPerson {
                    person: view.person(v).to_string(),
                    group: view.department(v).to_string(),
                    betweenness: run.betweenness.map(|x| x[i]),
                    betweenness_weighted: run.betweenness_weighted.map(|x| x[i]),
                    ties_to_other_groups: run.departments.map(|d| d.external_ties_of_person[i]),
                    cut_point: run.structure.map(|s| s.is_articulation_point[i]),
                }
            })
            .collect(),
    )
}

fn others(run: &Run<'_>, view: &View, v: u32) -> Vec<String> {
    view.other_departments(run.graph, v)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// Components, bridges, and the cut points and bridges that join groups. O(n + m log m).
pub(super) fn structure_findings(run: &Run<'_>, view: &View) -> Option<StructureFindings> {
    let s = run.structure?;
    let g = run.graph;
    let mut joining: Vec<Joining> = (0..g.node_count() as u32)
        .filter(|&v| s.is_articulation_point[v as usize])
        .map(|v| Joining {
            person: view.person_level.then(|| view.person(v).to_string()),
            group: view.department(v).to_string(),
            links_to: others(run, view, v),
        })
        .filter(|j| !j.links_to.is_empty())
        .collect();
    // under pseudonyms the order of labels says nothing; without them, group order
    joining.sort_by(|x, y| {
        (&x.person, &x.group, &x.links_to).cmp(&(&y.person, &y.group, &y.links_to))
    });
    let mut cross_bridges: Vec<CrossBridge> = g
        .ties()
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            view.person_level
                && s.is_bridge[*i]
                && view.department(t.source) != view.department(t.target)
        })
        .map(|(_, t)| {
            let (a, b) = if view.person(t.source) <= view.person(t.target) {
                (t.source, t.target)
            } else {
                (t.target, t.source)
            };
            CrossBridge {
                person_a: view.person(a).to_string(),
                group_a: view.department(a).to_string(),
                person_b: view.person(b).to_string(),
                group_b: view.department(b).to_string(),
            }
        })
        .collect();
    cross_bridges.sort_by(|x, y| (&x.person_a, &x.person_b).cmp(&(&y.person_a, &y.person_b)));
    Some(StructureFindings {
        components: s.components,
        largest_component: s.component_sizes().into_iter().max().unwrap_or(0),
        bridges: s.bridge_count(),
        cut_points: s.articulation_point_count(),
        joining,
        cross_bridges,
    })
}

/// The champions, by between-group betweenness. O(n log n + m).
pub(super) fn champion_findings(run: &Run<'_>, view: &View) -> Option<ChampionFindings> {
    let b = run.brokerage.filter(|_| view.person_level)?;
    let between = b.between_departments?;
    let people = ranked(between, view)
        .into_iter()
        .map(|v| {
            let i = v as usize;
            let roles = b.roles[i];
            Champion {
                person: view.person(v).to_string(),
                group: view.department(v).to_string(),
                between_groups: between[i],
                between_groups_weighted: b.between_departments_weighted.map(|x| x[i]),
                joins: others(run, view, v),
                representative: roles.representative,
                gatekeeper: roles.gatekeeper,
                liaison: roles.liaison,
            }
        })
        .collect();
    Some(ChampionFindings {
        people,
        sampled_per_group: b.pairs.sampled_sources,
        error_bound: b.pairs.error_bound,
        brokers_left_out: b.pairs.left_out,
        between_groups_sampled: run
            .estimates
            .hops
            .and_then(|e| e.between_departments)
            .map(Into::into),
    })
}

//! The key findings: the few facts a sponsor reads first, each taken from a section of the
//! findings (so the pages cannot tell them differently) with the figure it rests on.

use crate::privacy::findings::{Findings, KeyFinding};

/// The key findings of `f`, in reading order. O(G + L) for G groups and L weak links.
pub(super) fn key_findings(f: &Findings) -> Vec<KeyFinding> {
    let mut out = Vec::new();
    if let Some(g) = &f.groups {
        if let Some(closed) = g.closed.first().filter(|l| l.ei_weight.is_some()) {
            let mut rests: Vec<String> = f
                .weak_links
                .iter()
                .flat_map(|w| &w.links)
                .filter_map(|l| {
                    if l.a == closed.group {
                        Some(l.b.clone())
                    } else if l.b == closed.group {
                        Some(l.a.clone())
                    } else {
                        None
                    }
                })
                .collect();
            rests.sort();
            out.push(KeyFinding::MostClosed {
                group: closed.group.clone(),
                people: closed.people,
                inside_share: closed.inside_share.unwrap_or(0.0),
                rests_on_one_person: rests,
            });
        }
        if let Some(top) = g.strongest_flows.first() {
            let cross: f64 = g.strongest_flows.iter().map(|l| l.weight).sum();
            out.push(KeyFinding::StrongestFlow {
                a: top.a.clone(),
                b: top.b.clone(),
                weight: top.weight,
                share_of_cross: top.weight / cross,
            });
        }
        if !g.silent_pairs.is_empty() {
            out.push(KeyFinding::SilentPairs {
                silent: g.silent_pairs.len(),
                pairs: g.pairs,
            });
        }
    }
    if let Some(cut) = f.weak_links.as_ref().and_then(|w| w.cut_offs.first()) {
        out.push(KeyFinding::LargestCutOff {
            person: cut.person.clone(),
            group: cut.group.clone(),
            people: cut.people,
            of_group: cut.of_group.clone(),
        });
    }
    if let Some(top) = f.champions.as_ref().and_then(|c| c.people.first()) {
        out.push(KeyFinding::TopChampion {
            person: top.person.clone(),
            group: top.group.clone(),
            joins: top.joins.len(),
        });
    }
    if let Some(c) = &f.communities {
        out.push(KeyFinding::OrgChart {
            follows: c.follows,
            nmi: c.nmi,
            cross_silo: c.communities.iter().filter(|l| l.cross_silo).count(),
        });
    }
    out
}

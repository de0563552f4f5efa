//! A population in focus (`--focus role=manager`, issue 16): the network among the people of
//! one HR attribute value, beside the network among everybody else.
//!
//! For a set P of people (a boolean mask) and the group g(i) of each person (departments or
//! reported groups), the *induced network* of P keeps the ties with both ends in P:
//!
//! - n_P = |P|; m_P its ties; W_P = Σ w_ij over them;
//! - density = m_P / (n_P (n_P − 1) / 2), undefined under two people;
//! - E_P = the weight of its ties between groups, I_P = W_P − E_P inside groups;
//!   cross-group share = E_P / W_P, E-I index on weights = (E_P − I_P) / (E_P + I_P);
//! - groups spanned: the groups with at least one person of P;
//! - connectors: the people of P with at least one tie to a person of P in another group,
//!   ranked by that number of ties, then by its weight, then by index.
//!
//! [`focus`] computes these for P and for its complement, and the ties between the two.
//! [`induced_communities`] runs the community detection of [`crate::analyze::community`] on
//! P's induced network and compares it with the groups. Weights are the graph's exact sums,
//! rounded once ([`InteractionGraph::add_to`]). O(n + m + k log k), k the connectors; the
//! communities cost what the community detection costs on the induced network.

use crate::analyze::community::{Agreement, Communities, Method, agreement, communities};
use crate::graph::{InteractionGraph, Part, WeightSum};

/// A person of the population who connects it across groups.
#[derive(Debug, Clone, PartialEq)]
pub struct Connector {
    /// The person's index.
    pub person: u32,
    /// Their ties to people of the population in other groups.
    pub cross_group_ties: u32,
    /// The weight of those ties.
    pub cross_group_weight: f64,
}

/// The induced network of one population.
#[derive(Debug, Clone, PartialEq)]
pub struct Population {
    /// n_P: people in the population.
    pub people: usize,
    /// People of the population without a tie to another of its people.
    pub isolated: usize,
    /// m_P: ties with both ends in the population.
    pub ties: usize,
    /// W_P: their weight.
    pub weight: f64,
    /// E_P: the weight of those ties between groups.
    pub cross_group_weight: f64,
    /// The number of those ties between groups.
    pub cross_group_ties: usize,
    /// I_P: the weight of those ties inside a group.
    pub internal_weight: f64,
    /// Groups with at least one person of the population.
    pub groups_spanned: usize,
    /// People with ties to the population's people of other groups, most such ties first
    /// (then by weight, then by index).
    pub connectors: Vec<Connector>,
}

impl Population {
    /// m_P / (n_P (n_P − 1) / 2); `None` under two people.
    pub fn density(&self) -> Option<f64> {
        let n = self.people as f64;
        (self.people > 1).then(|| self.ties as f64 / (n * (n - 1.0) / 2.0))
    }

    /// E_P / W_P; `None` without any tie weight.
    pub fn cross_group_share(&self) -> Option<f64> {
        (self.weight > 0.0).then(|| self.cross_group_weight / self.weight)
    }

    /// (E_P − I_P) / (E_P + I_P) on weights; `None` without any tie weight.
    pub fn ei_index_weight(&self) -> Option<f64> {
        let (e, i) = (self.cross_group_weight, self.internal_weight);
        (e + i > 0.0).then(|| (e - i) / (e + i))
    }
}

/// The population in focus and the rest of the company, side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct FocusComparison {
    /// The people of the mask.
    pub focus: Population,
    /// Everybody else.
    pub rest: Population,
    /// Ties between a person in focus and a person outside it.
    pub between_ties: usize,
    /// Their weight.
    pub between_weight: f64,
}

/// The induced network of the people in focus and of the others. `in_focus[v]` tells whether
/// person v is in focus, `group[v]` is v's group and `groups` the number of groups (both
/// masks and groups have one entry per node, every group below `groups`).
/// O(n + m + k log k).
pub fn focus(
    g: &InteractionGraph,
    in_focus: &[bool],
    group: &[u32],
    groups: usize,
) -> FocusComparison {
    let rest_mask: Vec<bool> = in_focus.iter().map(|&f| !f).collect();
    let mut between = WeightSum::default();
    let mut between_ties = 0;
    for (i, t) in g.ties().iter().enumerate() {
        if in_focus[t.source as usize] != in_focus[t.target as usize] {
            g.add_to(&mut between, i, Part::Both);
            between_ties += 1;
        }
    }
    FocusComparison {
        focus: population(g, in_focus, group, groups),
        rest: population(g, &rest_mask, group, groups),
        between_ties,
        between_weight: g.value(&between),
    }
}

/// The induced network of the people of `members` (see the module documentation).
/// O(n + m + k log k).
pub fn population(
    g: &InteractionGraph,
    members: &[bool],
    group: &[u32],
    groups: usize,
) -> Population {
    let n = g.node_count();
    let (mut weight, mut cross) = (WeightSum::default(), WeightSum::default());
    let mut internal = WeightSum::default();
    let (mut ties, mut cross_group_ties) = (0, 0);
    let mut cross_of = vec![(0u32, WeightSum::default()); n];
    let mut has_tie = vec![false; n];
    for (i, t) in g.ties().iter().enumerate() {
        let (s, d) = (t.source as usize, t.target as usize);
        if !(members[s] && members[d]) {
            continue;
        }
        ties += 1;
        has_tie[s] = true;
        has_tie[d] = true;
        g.add_to(&mut weight, i, Part::Both);
        if group[s] == group[d] {
            g.add_to(&mut internal, i, Part::Both);
        } else {
            cross_group_ties += 1;
            g.add_to(&mut cross, i, Part::Both);
            for v in [s, d] {
                cross_of[v].0 += 1;
                g.add_to(&mut cross_of[v].1, i, Part::Both);
            }
        }
    }
    let mut spanned = vec![false; groups];
    let mut people = 0;
    let mut isolated = 0;
    for v in (0..n).filter(|&v| members[v]) {
        people += 1;
        spanned[group[v] as usize] = true;
        if !has_tie[v] {
            isolated += 1;
        }
    }
    let mut connectors: Vec<Connector> = cross_of
        .iter()
        .enumerate()
        .filter(|(_, (count, _))| *count > 0)
        .map(|(v, (count, sum))| Connector {
            person: v as u32,
            cross_group_ties: *count,
            cross_group_weight: g.value(sum),
        })
        .collect();
    connectors.sort_by(|a, b| {
        b.cross_group_ties
            .cmp(&a.cross_group_ties)
            .then(b.cross_group_weight.total_cmp(&a.cross_group_weight))
            .then(a.person.cmp(&b.person))
    });
    Population {
        people,
        isolated,
        ties,
        weight: g.value(&weight),
        cross_group_weight: g.value(&cross),
        cross_group_ties,
        internal_weight: g.value(&internal),
        groups_spanned: spanned.iter().filter(|&&s| s).count(),
        connectors,
    }
}

/// A subgraph of the interaction graph, renumbered.
#[derive(Debug, Clone)]
pub struct Subgraph {
    /// The induced graph; node k is person `people[k]`. Its tie weights are the original
    /// ties' (rounded) weights, and its sums are float sums (it has no exact units).
    pub graph: InteractionGraph,
    /// The original index of each node, increasing.
    pub people: Vec<u32>,
}

/// The subgraph induced by `members`: its people in index order, the ties with both ends
/// among them. O(n + m) (the ties come sorted, so the rebuild's sort is a pass).
pub fn induced_subgraph(g: &InteractionGraph, members: &[bool]) -> Subgraph {
    let mut node_of = vec![u32::MAX; g.node_count()];
    let mut people = Vec::new();
    for (v, _) in members.iter().enumerate().filter(|(_, m)| **m) {
        node_of[v] = people.len() as u32;
        people.push(v as u32);
    }
    let edges: Vec<(u32, u32, f64)> = g
        .ties()
        .iter()
        .filter(|t| members[t.source as usize] && members[t.target as usize])
        .map(|t| {
            (
                node_of[t.source as usize],
                node_of[t.target as usize],
                t.weight,
            )
        })
        .collect();
    Subgraph {
        graph: InteractionGraph::from_weighted_ties(people.len(), &edges),
        people,
    }
}

/// Communities of a population's induced network, against the groups.
#[derive(Debug, Clone, PartialEq)]
pub struct InducedCommunities {
    /// The people the communities partition: the members with at least one tie to another
    /// member (a member without one would be a community of one), by index.
    pub people: Vec<u32>,
    /// Their communities, aligned with `people`.
    pub communities: Communities,
    /// NMI and ARI of the communities against the groups of the same people.
    pub agreement: Agreement,
}

/// Runs the community detection (`method`, resolution γ, `seed`, as for the whole graph) on
/// the induced network of the members with at least one tie among them; `None` when there is
/// no such tie. Deterministic for a seed.
pub fn induced_communities(
    g: &InteractionGraph,
    members: &[bool],
    group: &[u32],
    method: Method,
    resolution: f64,
    seed: u64,
) -> Option<InducedCommunities> {
    let mut connected = vec![false; g.node_count()];
    for t in g.ties() {
        let (s, d) = (t.source as usize, t.target as usize);
        if members[s] && members[d] {
            connected[s] = true;
            connected[d] = true;
        }
    }
    let sub = induced_subgraph(g, &connected);
    if sub.graph.tie_count() == 0 {
        return None;
    }
    let found = communities(&sub.graph, method, resolution, seed);
    let groups: Vec<u32> = sub.people.iter().map(|&v| group[v as usize]).collect();
    let agreement = agreement(&found.membership, &groups);
    Some(InducedCommunities {
        people: sub.people,
        communities: found,
        agreement,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// People 0-3 are managers (0, 1 in group 0; 2, 3 in group 1), 4-7 the others (4, 5 in
    /// group 0; 6, 7 in group 1).
    fn company() -> InteractionGraph {
        InteractionGraph::from_weighted_ties(
            8,
            &[
                (0, 1, 2.0), // managers, same group
                (0, 2, 1.0), // managers across groups
                (0, 3, 0.5), // managers across groups
                (1, 3, 1.0), // managers across groups
                (4, 5, 3.0), // others, same group
                (6, 7, 3.0), // others, same group
                (5, 6, 1.0), // others across groups
                (0, 4, 4.0), // between managers and others
            ],
        )
    }

    const MANAGERS: [bool; 8] = [true, true, true, true, false, false, false, false];

    #[test]
    fn the_focus_and_the_rest_by_hand() {
        let c = focus(&company(), &MANAGERS, &[0, 0, 1, 1, 0, 0, 1, 1], 2);
        let f = &c.focus;
        assert_eq!((f.people, f.ties, f.isolated), (4, 4, 0));
        assert_eq!(f.weight, 4.5);
        assert_eq!((f.cross_group_weight, f.internal_weight), (2.5, 2.0));
        assert_eq!(f.cross_group_ties, 3);
        assert_eq!(f.density(), Some(4.0 / 6.0));
        assert_eq!(f.cross_group_share(), Some(2.5 / 4.5));
        assert_eq!(f.ei_index_weight(), Some(0.5 / 4.5));
        assert_eq!(f.groups_spanned, 2);
        // 0: ties to 2 and 3 (1.5); 3: ties to 0 and 1 (1.5); 1: one tie (1); 2: one (1)
        let order: Vec<(u32, u32)> = f
            .connectors
            .iter()
            .map(|k| (k.person, k.cross_group_ties))
            .collect();
        assert_eq!(order, [(0, 2), (3, 2), (1, 1), (2, 1)]);
        assert_eq!(f.connectors[0].cross_group_weight, 1.5);
        let r = &c.rest;
        assert_eq!((r.people, r.ties, r.weight), (4, 3, 7.0));
        assert_eq!(r.cross_group_share(), Some(1.0 / 7.0));
        assert_eq!(r.ei_index_weight(), Some((1.0 - 6.0) / 7.0));
        assert_eq!(r.density(), Some(0.5));
        assert_eq!(
            r.connectors.iter().map(|k| k.person).collect::<Vec<_>>(),
            [5, 6]
        );
        assert_eq!((c.between_ties, c.between_weight), (1, 4.0));
    }

    #[test]
    fn small_and_empty_populations_have_no_ratios() {
        let g = company();
        let mut one = [false; 8];
        one[7] = true;
        let p = population(&g, &one, &[0, 0, 1, 1, 0, 0, 1, 1], 2);
        assert_eq!(
            (p.people, p.ties, p.isolated, p.groups_spanned),
            (1, 0, 1, 1)
        );
        assert_eq!(p.density(), None);
        assert_eq!(p.cross_group_share(), None);
        assert_eq!(p.ei_index_weight(), None);
        let none = population(&g, &[false; 8], &[0; 8], 1);
        assert_eq!((none.people, none.groups_spanned), (0, 0));
        assert!(induced_communities(&g, &one, &[0; 8], Method::Leiden, 1.0, 1).is_none());
    }

    #[test]
    fn the_induced_subgraph_renumbers_and_keeps_weights() {
        let sub = induced_subgraph(&company(), &MANAGERS);
        assert_eq!(sub.people, [0, 1, 2, 3]);
        assert_eq!(sub.graph.tie_count(), 4);
        assert_eq!(sub.graph.total_weight(), 4.5);
        let odd = induced_subgraph(
            &company(),
            &[false, false, true, true, false, true, true, true],
        );
        assert_eq!(odd.people, [2, 3, 5, 6, 7]);
        // 5-6 and 6-7, renumbered 2-3 and 3-4
        let pairs: Vec<(u32, u32)> = odd
            .graph
            .ties()
            .iter()
            .map(|t| (t.source, t.target))
            .collect();
        assert_eq!(pairs, [(2, 3), (3, 4)]);
    }

    #[test]
    fn communities_of_two_cliques_follow_their_groups() {
        // two triangles of focus people (groups 0 and 1) joined by one weak tie; person 6, in
        // focus but without a tie among them, is left out; person 7 is not in focus
        let g = InteractionGraph::from_weighted_ties(
            8,
            &[
                (0, 1, 3.0),
                (0, 2, 3.0),
                (1, 2, 3.0),
                (3, 4, 3.0),
                (3, 5, 3.0),
                (4, 5, 3.0),
                (2, 3, 0.1),
                (6, 7, 5.0),
            ],
        );
        let mask = [true, true, true, true, true, true, true, false];
        let found =
            induced_communities(&g, &mask, &[0, 0, 0, 1, 1, 1, 1, 1], Method::Leiden, 1.0, 7)
                .expect("ties among the focus people");
        assert_eq!(found.people, [0, 1, 2, 3, 4, 5]);
        assert_eq!(found.communities.count, 2);
        assert_eq!(found.communities.membership, [0, 0, 0, 1, 1, 1]);
        assert!((found.agreement.nmi - 1.0).abs() < 1e-12);
        assert_eq!(found.agreement.ari, 1.0);
    }
}

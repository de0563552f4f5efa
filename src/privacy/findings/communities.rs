//! Communities against the org chart: each reported community with the groups it is made of,
//! as far as the crosstab's suppression lets them be named.

use crate::analyze::Run;
use crate::privacy::crosstab::{Crosstab, crosstab};
use crate::privacy::findings::{CommunityFindings, CommunityLine, GroupShare};
use crate::privacy::groups::OTHER;
use crate::privacy::view::View;

/// A group counts in a community's mix from this share of its members.
pub const MAIN_GROUP_SHARE: f64 = 0.2;

/// How closely communities follow the groups, from the NMI of the two partitions.
pub fn org_chart_word(nmi: f64) -> &'static str {
    if nmi >= 0.6 {
        "closely"
    } else if nmi >= 0.3 {
        "partly"
    } else {
        "loosely"
    }
}

/// The community findings. O(n + C·G log G) for C communities and G groups.
pub(super) fn community_findings(run: &Run<'_>, view: &View) -> Option<CommunityFindings> {
    let c = run.communities?;
    let lines = match (&view.communities, crosstab(view, view.min_group_size)) {
        (Some(groups), Some(table)) => (0..groups.names.len())
            .map(|r| community_line(view, &groups.names[r], &table, r))
            .collect(),
        _ => Vec::new(),
    };
    Some(CommunityFindings {
        method: c.method,
        count: c.partition.count,
        modularity: c.partition.modularity,
        group_modularity: run.departments.map(|d| d.modularity),
        nmi: c.agreement.nmi,
        ari: c.agreement.ari,
        follows: org_chart_word(c.agreement.nmi),
        communities: lines,
    })
}

fn community_line(view: &View, name: &str, table: &Crosstab, r: usize) -> CommunityLine {
    let names = view.department_names();
    let size: usize = table.counts[r].iter().sum();
    let share = |x: usize| x as f64 / size.max(1) as f64;
    let main = |x: usize| x >= view.min_group_size && share(x) >= MAIN_GROUP_SHARE;
    let main_cells: Vec<usize> = (0..names.len())
        .filter(|&d| main(table.counts[r][d]))
        .collect();
    let main_groups = table
        .shown_mix(r)
        .into_iter()
        .filter(|&(x, _)| main(x))
        .map(|(x, d)| GroupShare {
            group: names[d].clone(),
            share: share(x),
        })
        .collect();
    CommunityLine {
        community: name.to_string(),
        people: size,
        main_groups,
        cross_silo: name != OTHER && main_cells.len() >= 2,
        hidden_groups: main_cells.iter().any(|&d| table.suppressed[r][d]),
    }
}

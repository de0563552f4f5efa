//! Links between groups that rest on one person, and the colleagues a cut point's absence would
//! cut off: on the reported groups, people named only at the person level.

use crate::analyze::fragility::is_fragile;
use crate::privacy::findings::{CutOffLine, Via, WeakLink, WeakLinkFindings};
use crate::privacy::view::View;

/// The weak links of the view's fragility analysis. O(P + c log c) for P pairs, c cut-offs.
pub(super) fn weak_link_findings(view: &View) -> Option<WeakLinkFindings> {
    let fr = view.fragility.as_ref()?;
    let names = view.department_names();
    let via = |v: u32| Via {
        person: view.person_level.then(|| view.person(v).to_string()),
        group: view.department(v).to_string(),
    };
    let links = fr
        .pairs
        .iter()
        .filter(|p| is_fragile(p.sole_spanner.is_some(), p.indirect_paths))
        .map(|p| WeakLink {
            a: names[p.a as usize].clone(),
            b: names[p.b as usize].clone(),
            all_direct_ties_through: p.sole_spanner.map(via),
            direct_ties: p.direct_ties,
            all_indirect_paths_through: (p.indirect_paths == Some(1))
                .then(|| p.intermediaries.first().copied())
                .flatten()
                .map(via),
        })
        .collect();
    let mut cuts: Vec<_> = fr.cut_offs.iter().filter(|c| c.people >= 1).collect();
    cuts.sort_by(|x, y| {
        y.people
            .cmp(&x.people)
            .then_with(|| view.person(x.person).cmp(view.person(y.person)))
    });
    Some(WeakLinkFindings {
        links,
        indirect_computed: fr.indirect_computed,
        cut_offs: cuts
            .into_iter()
            .map(|c| CutOffLine {
                person: view.person_level.then(|| view.person(c.person).to_string()),
                group: view.department(c.person).to_string(),
                people: c.people,
                of_group: names[c.department as usize].clone(),
            })
            .collect(),
    })
}

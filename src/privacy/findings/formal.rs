//! Formal against informal (the reporting lines of the `manager` column) and the populations
//! in focus (`--focus role=manager`), as they may be shown: shares per reported department
//! only for departments shown as themselves, people under their shown label and only at the
//! person level.

use serde::Serialize;

use crate::analyze::focus::{FocusComparison, InducedCommunities, Population};
use crate::analyze::reporting_lines::{LOW_FORMAL_SHARE, LineClass, ReportingLines};
use crate::privacy::view::View;

/// Shares of tie weight along reporting lines, within teams, within departments across teams,
/// and across departments.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineShares {
    /// One end manages the other.
    pub reporting_line: Option<f64>,
    /// Same manager.
    pub team: Option<f64>,
    /// Same department, different teams.
    pub department: Option<f64>,
    /// Different departments.
    pub across_departments: Option<f64>,
}

/// The reporting lines against the ties.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportingLineFindings {
    /// Over all ties.
    pub overall: LineShares,
    /// Per department shown as itself, by name (merged small departments are left out: their
    /// shares would describe fewer people than the threshold).
    pub per_department: Vec<(String, LineShares)>,
    /// People whose manager is not in the directory.
    pub missing_manager: usize,
    /// People named as their own manager.
    pub self_managed: usize,
    /// Cycles in the manager chains, and the people on them.
    pub cycles: usize,
    /// People on a cycle.
    pub on_cycle: usize,
    /// The threshold of [`ReportingLineFindings::low_formal`].
    pub low_formal_threshold: f64,
    /// How many people with ties have less than the threshold of their tie weight with their
    /// manager, team or direct reports.
    pub low_formal_count: usize,
    /// Those people, by label (person-level only).
    pub low_formal: Vec<String>,
}

fn shares(w: &crate::analyze::reporting_lines::LineWeights) -> LineShares {
    LineShares {
        reporting_line: w.share(LineClass::ReportingLine),
        team: w.share(LineClass::Team),
        department: w.share(LineClass::Department),
        across_departments: w.share(LineClass::AcrossDepartments),
    }
}

/// The reporting-line findings of `r`, computed on the true departments, as `view` lets them
/// be shown. O(n log n + D).
pub fn reporting_line_findings(
    r: &ReportingLines,
    true_names: &[String],
    view: &View,
) -> ReportingLineFindings {
    let per_department = true_names
        .iter()
        .enumerate()
        .filter(|(d, name)| {
            view.departments.of_group[*d]
                .is_some_and(|g| view.departments.names[g as usize] == **name)
        })
        .map(|(d, name)| (name.clone(), shares(&r.per_department[d])))
        .collect();
    let mut low: Vec<String> = if view.person_level {
        r.low_formal
            .iter()
            .map(|&v| view.person(v).to_string())
            .collect()
    } else {
        Vec::new()
    };
    low.sort();
    ReportingLineFindings {
        overall: shares(&r.overall),
        per_department,
        missing_manager: r.tree.missing_manager.len(),
        self_managed: r.tree.self_managed.len(),
        cycles: r.tree.cycles,
        on_cycle: r.tree.on_cycle.len(),
        low_formal_threshold: LOW_FORMAL_SHARE,
        low_formal_count: r.low_formal.len(),
        low_formal: low,
    }
}

/// One population's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PopulationLine {
    /// People.
    pub people: usize,
    /// Ties among them.
    pub ties: usize,
    /// ties / (n(n−1)/2).
    pub density: Option<f64>,
    /// Weight between departments over all their weight.
    pub cross_department_share: Option<f64>,
    /// E-I index on weights among them.
    pub ei_weight: Option<f64>,
    /// Departments they span.
    pub departments_spanned: usize,
    /// Communities of their network (among those with a tie to another of them).
    pub communities: Option<usize>,
    /// Normalized mutual information of those communities with the departments.
    pub communities_nmi: Option<f64>,
}

fn line(p: &Population, c: &Option<InducedCommunities>) -> PopulationLine {
    PopulationLine {
        people: p.people,
        ties: p.ties,
        density: p.density(),
        cross_department_share: p.cross_group_share(),
        ei_weight: p.ei_index_weight(),
        departments_spanned: p.groups_spanned,
        communities: c.as_ref().map(|c| c.communities.count),
        communities_nmi: c.as_ref().map(|c| c.agreement.nmi),
    }
}

/// A population in focus beside the rest of the company.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FocusFindings {
    /// The directory column.
    pub column: String,
    /// The value that puts someone in focus.
    pub value: String,
    /// The people in focus, among themselves.
    pub focus: PopulationLine,
    /// Everyone else, among themselves.
    pub rest: PopulationLine,
    /// Who connects the people in focus across departments (most cross-department ties among
    /// them first; person-level only).
    pub connectors: Vec<String>,
}

/// How many connectors are named.
const CONNECTORS: usize = 10;

/// The focus findings of `c`, with the communities of the focus and of the rest. O(k).
pub fn focus_findings(
    c: &FocusComparison,
    communities: (&Option<InducedCommunities>, &Option<InducedCommunities>),
    column: &str,
    value: &str,
    view: &View,
) -> FocusFindings {
    FocusFindings {
        column: column.to_string(),
        value: value.to_string(),
        focus: line(&c.focus, communities.0),
        rest: line(&c.rest, communities.1),
        connectors: if view.person_level {
            c.focus
                .connectors
                .iter()
                .filter(|k| k.cross_group_ties > 0)
                .take(CONNECTORS)
                .map(|k| view.person(k.person).to_string())
                .collect()
        } else {
            Vec::new()
        },
    }
}

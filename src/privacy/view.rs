//! What a reader of the outputs may see: people by pseudonym (or raw id with
//! `--reveal-identities`), and departments, sites and roles as reported groups of at least the
//! minimum size. Built once before the outputs are written, from what the analyses computed:
//! every metric stays the one computed on the true departments, except the department tables
//! and the links between departments, which the analysis plan computed on the reported groups
//! ([`reported_departments`] gives it those groups). Nothing here calls an analysis.

use crate::analyze::fragility::Fragility;
use crate::analyze::{Departments, Run};
use crate::ingest::Directory;
use crate::privacy::groups::ReportingGroups;
use crate::privacy::pseudonyms::Pseudonyms;

/// How much the outputs disclose.
#[derive(Debug, Clone)]
pub struct Disclosure {
    /// Pseudonyms, or `None` to show raw ids (`--reveal-identities`).
    pub pseudonyms: Option<Pseudonyms>,
    /// Smallest group any aggregate may describe (`--min-group-size`, default 5).
    pub min_group_size: usize,
    /// Write person-level files (people.csv, ties.csv, named people in summaries).
    pub person_level: bool,
}

impl Disclosure {
    /// Everything shown as it is: raw ids, every group, person-level files.
    pub fn revealed() -> Disclosure {
        Disclosure {
            pseudonyms: None,
            min_group_size: 1,
            person_level: true,
        }
    }
}

/// A categorical attribute (site, role) reported with the minimum group size.
#[derive(Debug, Clone)]
pub struct Attribute {
    groups: ReportingGroups,
    of_person: Vec<Option<u32>>,
}

impl Attribute {
    fn new(values: Vec<Option<&str>>, min_size: usize) -> Attribute {
        let mut names: Vec<String> = values.iter().flatten().map(|s| s.to_string()).collect();
        names.sort();
        names.dedup();
        let mut sizes = vec![0usize; names.len()];
        let of_person: Vec<Option<u32>> = values
            .iter()
            .map(|v| {
                v.map(|s| {
                    let i = names
                        .binary_search_by(|n| n.as_str().cmp(s))
                        .expect("invariant: collected above");
                    sizes[i] += 1;
                    i as u32
                })
            })
            .collect();
        Attribute {
            groups: ReportingGroups::new(&names, &sizes, min_size),
            of_person,
        }
    }

    /// The label of person `v` ("" when the directory has no value).
    pub fn label(&self, v: u32) -> &str {
        self.of_person[v as usize].map_or("", |g| self.groups.label(g))
    }
}

/// The labels the outputs use.
#[derive(Debug, Clone)]
pub struct View {
    /// Label of each person: pseudonym or raw id.
    person: Vec<String>,
    /// Reported departments.
    pub departments: ReportingGroups,
    /// Reported department of each person (`None` when suppressed).
    pub department_of_person: Vec<Option<u32>>,
    /// Department measures on the reported groups (`None` when not run or all suppressed).
    pub grouped: Option<Departments>,
    /// Reported communities (labels c1, c2, ... by decreasing size), when found.
    pub communities: Option<ReportingGroups>,
    /// Reported community of each person.
    pub community_of_person: Vec<Option<u32>>,
    /// Single points of failure on the reported groups.
    pub fragility: Option<Fragility>,
    /// Sites.
    pub site: Attribute,
    /// Roles.
    pub role: Attribute,
    /// Whether people are pseudonymized.
    pub pseudonymized: bool,
    /// Whether person-level files are written.
    pub person_level: bool,
    /// The threshold in force.
    pub min_group_size: usize,
}

/// The reported departments of `directory` under `min_group_size` (small ones merged into
/// "other (small groups)"), everyone in their latest department: [`reported_departments_of`]
/// with [`Directory::department_of_each`] and no attributed flows. O(n + D log D).
pub fn reported_departments(directory: &Directory, min_group_size: usize) -> ReportingGroups {
    reported_departments_of(
        directory,
        &directory.department_of_each(),
        None,
        min_group_size,
    )
}

/// The reported departments under `min_group_size` when person v is in `department_of_each[v]`
/// (their department at the end of the analysed period), computed before the analyses so that
/// the department tables and the links between departments are computed on the groups the
/// outputs show. `exchanged[d]` (flows attributed message by message, a directory of
/// snapshots) says which departments sent or received weight: one with no one left at the
/// end but some weight is reported, merged into "other (small groups)" as a small group.
/// O(n + D log D).
pub fn reported_departments_of(
    directory: &Directory,
    department_of_each: &[u32],
    exchanged: Option<&[bool]>,
    min_group_size: usize,
) -> ReportingGroups {
    let labels = directory.departments();
    let mut sizes = vec![0usize; labels.len()];
    for &d in department_of_each {
        sizes[d as usize] += 1;
    }
    let present: Vec<bool> = (0..labels.len())
        .map(|d| sizes[d] > 0 || exchanged.is_some_and(|e| e[d]))
        .collect();
    ReportingGroups::with_present(labels, &sizes, min_group_size.max(1), &present)
}

/// The reported groups of a grouping (`--group-by`) under `min_group_size`, as
/// [`reported_departments`] does for departments. O(n + G log G).
pub fn reported_groups(
    labels: &[String],
    of_person: &[u32],
    min_group_size: usize,
) -> ReportingGroups {
    let mut sizes = vec![0usize; labels.len()];
    for &g in of_person {
        sizes[g as usize] += 1;
    }
    ReportingGroups::new(labels, &sizes, min_group_size.max(1))
}

impl ReportingGroups {
    /// The reported group of each person, given each person's true group, or `None` when some
    /// group cannot be shown (the whole directory is below the threshold): what the analysis
    /// plans take as `reported`.
    pub fn of_each(&self, of_person: &[u32]) -> Option<Vec<u32>> {
        of_person
            .iter()
            .map(|&g| self.of_group[g as usize])
            .collect()
    }

    /// The reported group of each true group, a group not reported (no one in it and no
    /// weight) given 0, or `None` when every group is suppressed: what the analysis plan takes
    /// to fold attributed flows into the reported groups.
    pub fn of_each_group(&self) -> Option<Vec<u32>> {
        (self.suppressed == 0).then(|| self.of_group.iter().map(|g| g.unwrap_or(0)).collect())
    }
}

impl View {
    /// Builds the view of `f` under `disclosure`. O(n + m).
    pub fn new(f: &Run<'_>, disclosure: &Disclosure) -> View {
        let dir = f.directory;
        let people = dir.people();
        let min = disclosure.min_group_size.max(1);
        let person = match &disclosure.pseudonyms {
            Some(p) => p.labels().to_vec(),
            None => people.iter().map(|p| p.id.clone()).collect(),
        };
        let exchanged = f.attributed.map(crate::graph::PeriodFlows::active_groups);
        let departments = reported_departments_of(dir, f.department, exchanged.as_deref(), min);
        let department_of_person: Vec<Option<u32>> = f
            .department
            .iter()
            .map(|&d| departments.of_group[d as usize])
            .collect();
        let grouped = f.grouped.cloned();
        let fragility = f.fragility.cloned();
        let (communities, community_of_person) = match &f.communities {
            Some(c) => {
                let p = c.partition;
                let names: Vec<String> = (1..=p.count).map(|i| format!("c{i}")).collect();
                let mut sizes = vec![0usize; p.count];
                for &m in &p.membership {
                    sizes[m as usize] += 1;
                }
                let groups = ReportingGroups::new(&names, &sizes, min);
                let of_person = p
                    .membership
                    .iter()
                    .map(|&m| groups.of_group[m as usize])
                    .collect();
                (Some(groups), of_person)
            }
            None => (None, Vec::new()),
        };
        View {
            person,
            departments,
            department_of_person,
            grouped,
            fragility,
            communities,
            community_of_person,
            site: Attribute::new(people.iter().map(|p| p.site.as_deref()).collect(), min),
            role: Attribute::new(people.iter().map(|p| p.role.as_deref()).collect(), min),
            pseudonymized: disclosure.pseudonyms.is_some(),
            person_level: disclosure.person_level,
            min_group_size: min,
        }
    }

    /// This view with the groups of another grouping (`--group-by site`) in place of the
    /// departments: `groups` its reported groups, `of_person` each person's true group, and the
    /// group measures the lens plan computed on them. People, communities and the disclosure
    /// stay as they are. O(n).
    pub fn for_grouping(
        &self,
        groups: ReportingGroups,
        of_person: &[u32],
        grouped: Option<Departments>,
        fragility: Option<Fragility>,
    ) -> View {
        let department_of_person = of_person
            .iter()
            .map(|&g| groups.of_group[g as usize])
            .collect();
        View {
            departments: groups,
            department_of_person,
            grouped,
            fragility,
            ..self.clone()
        }
    }

    /// The view of a run with groups and no people (a Viva Insights group-to-group query):
    /// the reported groups and their measures only.
    pub fn for_groups(
        departments: ReportingGroups,
        grouped: Option<Departments>,
        min_group_size: usize,
    ) -> View {
        View {
            person: Vec::new(),
            departments,
            department_of_person: Vec::new(),
            grouped,
            fragility: None,
            communities: None,
            community_of_person: Vec::new(),
            site: Attribute::new(Vec::new(), min_group_size),
            role: Attribute::new(Vec::new(), min_group_size),
            pseudonymized: true,
            person_level: false,
            min_group_size,
        }
    }

    /// The label of person `v`.
    pub fn person(&self, v: u32) -> &str {
        &self.person[v as usize]
    }

    /// The reported department of person `v`.
    pub fn department(&self, v: u32) -> &str {
        match self.department_of_person[v as usize] {
            Some(d) => &self.departments.names[d as usize],
            None => crate::privacy::groups::SUPPRESSED,
        }
    }

    /// The reported community of person `v` ("" when communities were not run).
    pub fn community(&self, v: u32) -> &str {
        match (&self.communities, self.community_of_person.get(v as usize)) {
            (Some(groups), Some(Some(c))) => &groups.names[*c as usize],
            (Some(_), _) => crate::privacy::groups::SUPPRESSED,
            _ => "",
        }
    }

    /// The reported departments of `v`'s neighbours other than `v`'s own, sorted, each once:
    /// the departments `v` links to.
    pub fn other_departments(&self, g: &crate::graph::InteractionGraph, v: u32) -> Vec<&str> {
        let own = self.department(v);
        let mut others: Vec<&str> = g
            .neighbors(v)
            .iter()
            .map(|&w| self.department(w))
            .filter(|&d| d != own)
            .collect();
        others.sort_unstable();
        others.dedup();
        others
    }

    /// Names of the reported departments, indexed like `grouped`.
    pub fn department_names(&self) -> &[String] {
        &self.departments.names
    }
}

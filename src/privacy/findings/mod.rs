//! The findings of one run, as they may be shown: built once from the analysis results under
//! the [`View`] (pseudonyms, reported groups, the person-level switch, the crosstab's
//! suppressed cells), ranked once, and rendered alike by summary.md, report.html and
//! summary.json (where a script or a slide generator reads them as they are here).
//!
//! Rankings are deterministic: ties are broken by the shown labels (pseudonyms and group names),
//! never by the order of input rows. Groups are named by their reported label (`other (small
//! groups)` for merged ones, translated by the renderer); people by their shown label, or not at
//! all (`None`) under `--no-person-level`. Every list holds all its items ranked; a page that
//! shows the first few says how many there are. Built in O(n log n + m + G²) for n people,
//! m ties and G reported groups.

mod communities;
pub mod formal;
pub use communities::{MAIN_GROUP_SHARE, org_chart_word};
mod groups;
mod key;
mod method;
pub use method::{BetweennessFacts, GuaranteeFacts, MethodFacts};
mod people;
mod weak_links;

use serde::Serialize;

use crate::analyze::Run;
use crate::privacy::view::View;

/// Everything a reader of the outputs is told, in order of the pages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Findings {
    /// What the groups are (`department`): the lens of every group-level finding.
    pub grouping: String,
    /// The headline counts and the period analysed.
    pub overview: Overview,
    /// The few sentences a sponsor reads first, each with the figure it rests on.
    pub key_findings: Vec<KeyFinding>,
    /// Closed groups and flows between groups (on the reported groups).
    pub groups: Option<GroupFindings>,
    /// The people with the highest betweenness (person-level only).
    pub key_people: Option<Vec<KeyPerson>>,
    /// Components, bridges and cut points that join groups.
    pub structure: Option<StructureFindings>,
    /// Communities against the org chart.
    pub communities: Option<CommunityFindings>,
    /// Who connects groups (person-level only).
    pub champions: Option<ChampionFindings>,
    /// Links between groups that rest on one person, and who would be cut off.
    pub weak_links: Option<WeakLinkFindings>,
    /// How people and groups are protected.
    pub privacy: PrivacyFacts,
    /// Formal against informal: the ties against the reporting lines (when the directory has
    /// a manager column).
    pub reporting_lines: Option<formal::ReportingLineFindings>,
    /// Each population in focus (`--focus`), beside the rest of the company.
    pub focus: Vec<formal::FocusFindings>,
    /// The same group-level findings for each other grouping (`--group-by site`), in the order
    /// asked for: their `groups`, `weak_links`, `champions` and key findings, nothing else.
    pub other_groupings: Vec<Findings>,
}

/// Headline counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    /// People in the graph.
    pub people: usize,
    /// Groups in the directory (before merging small ones).
    pub groups: usize,
    /// Ties.
    pub ties: usize,
    /// Sum of tie weights.
    pub total_weight: f64,
    /// Messages read (after grouping the rows of one message).
    pub messages: u64,
    /// Messages that added weight.
    pub messages_used: u64,
    /// Tie rows of a Viva Insights query (0 for message logs).
    pub tie_rows: u64,
    /// Tie rows that added weight.
    pub tie_rows_used: u64,
    /// True when the tie rows are a tie list's (`--ties`), not a Viva Insights query's.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub tie_list: bool,
    /// First and last day of the messages analysed (in the period asked for), when dated.
    pub period: Option<Period>,
    /// People who moved department during the period, when the directory holds snapshots
    /// (the flows are then attributed as of each message's date).
    pub people_moved: Option<usize>,
    /// Whether betweenness was exact or sampled, and the guarantee.
    pub betweenness: BetweennessFacts,
}

/// A span of days, both included, as `YYYY-MM-DD` in `timezone`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// First day.
    pub first: String,
    /// Last day.
    pub last: String,
    /// The time zone of the days (`UTC`, or `--timezone`).
    pub timezone: String,
}

/// One key finding: a plain-language sentence once rendered, with the figures it rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KeyFinding {
    /// The most closed group: the share of its exchanges that stay inside, and the groups
    /// its links to rest on one person.
    MostClosed {
        /// The group.
        group: String,
        /// Its people.
        people: usize,
        /// internal / (internal + external) weight.
        inside_share: f64,
        /// Groups whose link with this one rests on one person.
        rests_on_one_person: Vec<String>,
    },
    /// The strongest flow between two groups, and its share of all cross-group weight.
    StrongestFlow {
        /// One group.
        a: String,
        /// The other.
        b: String,
        /// Tie weight between them.
        weight: f64,
        /// weight / sum of all cross-group weight.
        share_of_cross: f64,
    },
    /// Pairs of groups that never exchange directly.
    SilentPairs {
        /// Pairs without a single tie.
        silent: usize,
        /// All pairs.
        pairs: usize,
    },
    /// The person whose absence would cut the most colleagues off.
    LargestCutOff {
        /// The person (`None` under `--no-person-level`).
        person: Option<String>,
        /// Their group.
        group: String,
        /// Colleagues cut off.
        people: usize,
        /// The group of those colleagues.
        of_group: String,
    },
    /// The champion who links the most groups.
    TopChampion {
        /// The person.
        person: String,
        /// Their group.
        group: String,
        /// Other groups they have ties to.
        joins: usize,
    },
    /// How closely communities follow the org chart.
    OrgChart {
        /// `closely`, `partly` or `loosely`.
        follows: &'static str,
        /// Normalized mutual information with the groups.
        nmi: f64,
        /// Communities mixing groups.
        cross_silo: usize,
    },
}

/// Group-level findings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupFindings {
    /// Modularity of the partition into the true groups.
    pub modularity: f64,
    /// Every reported group, most closed first (E-I on weights ascending; those without an
    /// E-I index last; ties by name).
    pub closed: Vec<GroupLine>,
    /// Every pair of groups that exchanges, strongest first (weight descending).
    pub strongest_flows: Vec<FlowLine>,
    /// Every pair of groups that exchanges, weakest first (weight per possible pair).
    pub weakest_flows: Vec<FlowLine>,
    /// Pairs of groups that never exchange directly, by name.
    pub silent_pairs: Vec<(String, String)>,
    /// Number of pairs of groups.
    pub pairs: usize,
}

/// One group's measures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupLine {
    /// Reported name.
    pub group: String,
    /// People.
    pub people: usize,
    /// E-I index on weights: (external − internal) / (external + internal).
    pub ei_weight: Option<f64>,
    /// E-I index on tie counts.
    pub ei_ties: Option<f64>,
    /// Weight of ties inside the group.
    pub internal_weight: f64,
    /// Weight of ties to other groups.
    pub external_weight: f64,
    /// internal / (internal + external) weight.
    pub inside_share: Option<f64>,
    /// Density of the ties inside the group.
    pub density: Option<f64>,
    /// People with at least one tie outside the group.
    pub boundary_spanners: usize,
}

/// The exchange between two groups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowLine {
    /// One group (the first by reported order).
    pub a: String,
    /// The other.
    pub b: String,
    /// Sum of tie weights between them.
    pub weight: f64,
    /// Ties between them.
    pub ties: usize,
    /// weight / (people of a × people of b).
    pub per_possible_pair: Option<f64>,
}

/// A person with high betweenness.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyPerson {
    /// Shown label.
    pub person: String,
    /// Reported group.
    pub group: String,
    /// Betweenness by hops (normalized).
    pub betweenness: Option<f64>,
    /// Weighted betweenness (normalized).
    pub betweenness_weighted: Option<f64>,
    /// Ties to people of other groups.
    pub ties_to_other_groups: Option<u32>,
    /// Whether their absence splits the network.
    pub cut_point: Option<bool>,
}

/// Components, bridges, cut points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StructureFindings {
    /// Connected components.
    pub components: usize,
    /// People in the largest one.
    pub largest_component: usize,
    /// Ties whose loss splits the network.
    pub bridges: usize,
    /// People whose absence splits it.
    pub cut_points: usize,
    /// Cut points with ties to other groups, by label.
    pub joining: Vec<Joining>,
    /// Bridges between people of different groups (person-level only), by label.
    pub cross_bridges: Vec<CrossBridge>,
}

/// A cut point that links its group to others.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Joining {
    /// The person (`None` under `--no-person-level`).
    pub person: Option<String>,
    /// Their group.
    pub group: String,
    /// The other groups they have ties to.
    pub links_to: Vec<String>,
}

/// A bridge between two groups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossBridge {
    /// One end (the smaller label).
    pub person_a: String,
    /// Their group.
    pub group_a: String,
    /// The other end.
    pub person_b: String,
    /// Their group.
    pub group_b: String,
}

/// Communities against the org chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommunityFindings {
    /// `leiden` or `louvain`.
    pub method: &'static str,
    /// Communities found.
    pub count: usize,
    /// Their modularity.
    pub modularity: f64,
    /// Modularity of the true groups, for comparison.
    pub group_modularity: Option<f64>,
    /// Normalized mutual information with the true groups.
    pub nmi: f64,
    /// Adjusted Rand index with the true groups.
    pub ari: f64,
    /// `closely`, `partly` or `loosely` (from the NMI).
    pub follows: &'static str,
    /// Every reported community, largest first, with its main groups.
    pub communities: Vec<CommunityLine>,
}

/// One reported community.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommunityLine {
    /// Label (c1, c2, ... by decreasing size; merged small ones last).
    pub community: String,
    /// People.
    pub people: usize,
    /// The groups whose cells may be shown, largest first, with their share of the community.
    pub main_groups: Vec<GroupShare>,
    /// Whether it mixes groups: at least two groups of at least the minimum group size holding
    /// 20% of its members or more each.
    pub cross_silo: bool,
    /// Whether some of those groups are not named because their cells are suppressed.
    pub hidden_groups: bool,
}

/// A group's share of a community.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupShare {
    /// The group.
    pub group: String,
    /// Its share of the community's members.
    pub share: f64,
}

/// The champions: who connects groups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChampionFindings {
    /// Everyone with a between-group betweenness above 0, highest first (ties by label).
    pub people: Vec<Champion>,
    /// People sampled per group for department_brokers.csv, when the shares are estimated.
    pub sampled_per_group: Option<usize>,
    /// The 95% error bound of those estimates.
    pub error_bound: Option<f64>,
    /// department_brokers.csv was not computed: the affordable sample's bound said nothing.
    pub brokers_left_out: bool,
    /// The guarantee of the between-group betweenness, when sampled.
    pub between_groups_sampled: Option<GuaranteeFacts>,
}

/// One champion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Champion {
    /// Shown label.
    pub person: String,
    /// Reported group.
    pub group: String,
    /// Between-group betweenness by hops.
    pub between_groups: f64,
    /// Its weighted variant.
    pub between_groups_weighted: Option<f64>,
    /// Other groups they have ties to.
    pub joins: Vec<String>,
    /// Gould & Fernandez roles: representative.
    pub representative: u64,
    /// Gatekeeper.
    pub gatekeeper: u64,
    /// Liaison.
    pub liaison: u64,
}

/// Single points of failure between groups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeakLinkFindings {
    /// Links between two groups that rest on one person, in pair order.
    pub links: Vec<WeakLink>,
    /// Whether the indirect paths were computed (not above the size limit).
    pub indirect_computed: bool,
    /// People whose absence would cut colleagues off, most first (ties by label).
    pub cut_offs: Vec<CutOffLine>,
}

/// A link between two groups resting on one person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeakLink {
    /// One group.
    pub a: String,
    /// The other.
    pub b: String,
    /// Every direct tie goes through this person, when so.
    pub all_direct_ties_through: Option<Via>,
    /// Direct ties between the groups.
    pub direct_ties: usize,
    /// Every indirect path goes through this person, when so.
    pub all_indirect_paths_through: Option<Via>,
}

/// A person a link rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Via {
    /// The person (`None` under `--no-person-level`).
    pub person: Option<String>,
    /// Their group.
    pub group: String,
}

/// Colleagues cut off by one person's absence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CutOffLine {
    /// The person (`None` under `--no-person-level`).
    pub person: Option<String>,
    /// Their group.
    pub group: String,
    /// Colleagues cut off.
    pub people: usize,
    /// Their group.
    pub of_group: String,
}

/// What protects people and groups in these findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrivacyFacts {
    /// People under keyed pseudonyms (or their real ids).
    pub pseudonymized: bool,
    /// The minimum group size.
    pub min_group_size: usize,
    /// Whether people are named at all.
    pub person_level: bool,
    /// Groups merged into "other (small groups)".
    pub groups_merged: usize,
    /// Groups suppressed (the whole directory is below the threshold).
    pub groups_suppressed: usize,
}

impl Findings {
    /// Builds the findings of `run` as `view` lets them be shown.
    pub fn new(run: &Run<'_>, view: &View) -> Findings {
        let mut findings = Findings::of_grouping(run, view, "department");
        findings.key_people = people::key_people(run, view);
        findings.structure = people::structure_findings(run, view);
        findings.communities = communities::community_findings(run, view);
        findings.key_findings = key::key_findings(&findings);
        findings
    }

    /// The group-level findings of a grouping named `name`: `run` holds the grouping's
    /// results in its department fields and `view` its reported groups
    /// ([`View::for_grouping`]). The people, structure and community findings, which do not
    /// depend on the grouping, are left to [`Findings::new`].
    pub fn of_grouping(run: &Run<'_>, view: &View, name: &str) -> Findings {
        let mut findings = Findings {
            grouping: name.to_string(),
            overview: overview(run),
            key_findings: Vec::new(),
            groups: groups::group_findings(run, view),
            key_people: None,
            structure: None,
            communities: None,
            champions: people::champion_findings(run, view),
            weak_links: weak_links::weak_link_findings(view),
            privacy: privacy_facts(view),
            reporting_lines: None,
            focus: Vec::new(),
            other_groupings: Vec::new(),
        };
        findings.key_findings = key::key_findings(&findings);
        findings
    }
}

fn privacy_facts(view: &View) -> PrivacyFacts {
    PrivacyFacts {
        pseudonymized: view.pseudonymized,
        min_group_size: view.min_group_size,
        person_level: view.person_level,
        groups_merged: view.departments.merged,
        groups_suppressed: view.departments.suppressed,
    }
}

fn overview(run: &Run<'_>) -> Overview {
    let g = run.graph;
    let i = run.input;
    Overview {
        people: g.node_count(),
        groups: run.directory.departments().len(),
        ties: g.tie_count(),
        total_weight: g.total_weight(),
        messages: i.ingest.messages,
        messages_used: i.weighting.used,
        tie_rows: i.ingest.tie_rows,
        tie_rows_used: i.weighting.tie_rows_used,
        tie_list: i.ingest.reads_tie_list(),
        period: i.analysed_span().map(|(first, last)| {
            let zone = i.weighting_options.period.map(|p| p.timezone);
            let day = |t: i64| {
                zone.map_or_else(
                    || day(t),
                    |z| {
                        crate::graph::Period {
                            from: None,
                            to: None,
                            timezone: z,
                        }
                        .day(t)
                    },
                )
            };
            Period {
                first: day(first),
                last: day(last),
                timezone: zone.map_or("UTC".to_string(), |z| z.name().to_string()),
            }
        }),
        people_moved: i.people_moved,
        betweenness: method::betweenness_facts(run),
    }
}

/// The UTC day of a unix time, `YYYY-MM-DD`.
fn day(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0)
        .map_or_else(String::new, |t| t.format("%Y-%m-%d").to_string())
}

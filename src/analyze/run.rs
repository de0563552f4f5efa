//! One run, as the later stages see it: the inputs' counts, the directory, the graph, and the
//! results of the analyses that were run (`None` for the others, whose columns stay empty).
//! Borrowed from their owners (the directory and graph from ingest, the rest from
//! [`crate::analyze::plan::Results`]): nothing here is computed.

use std::collections::BTreeMap;

use crate::analyze::approx_betweenness::Estimates;
use crate::analyze::brokerage::{BrokerageRoles, Burt};
use crate::analyze::fragility::Fragility;
use crate::analyze::pair_brokers::DepartmentBrokers;
use crate::analyze::{Agreement, Communities, Departments, Structure};
use crate::graph::meaningful::InputWarning;
use crate::graph::{InteractionGraph, PeriodFlows, Weighting, WeightingCounts};
use crate::ingest::{Directory, IngestCounts, InputDescription, KeyChoice, Move, RejectReason};

/// What happened to the input rows.
#[derive(Debug, Clone, Default)]
pub struct InputCounts {
    /// Message files read, as named on the command line.
    pub message_files: Vec<String>,
    /// Counts from the message reader.
    pub ingest: IngestCounts,
    /// Rejected message rows by reason.
    pub rejected: BTreeMap<RejectReason, u64>,
    /// Rejected directory rows by reason.
    pub directory_rejected: BTreeMap<RejectReason, u64>,
    /// What the weighting did with the messages.
    pub weighting: WeightingCounts,
    /// The weighting options.
    pub weighting_options: Weighting,
    /// Directory rows that repeated a person.
    pub duplicate_directory_rows: u64,
    /// How the directory was read.
    pub directory_file: Option<InputDescription>,
    /// The directory's key column and why.
    pub directory_key: Option<KeyChoice>,
    /// Warnings of the input checks.
    pub warnings: Vec<InputWarning>,
    /// People who moved department during the analysed period (a directory of snapshots;
    /// `None` without): [`crate::analyze::moves::people_moved`].
    pub people_moved: Option<usize>,
}

impl InputCounts {
    /// The span of time the analysis covers, in unix seconds (first and last instant): the
    /// messages' time span, cut to the period asked for (`--since` includes, `--until`
    /// excludes). `None` when nothing is dated.
    pub fn analysed_span(&self) -> Option<(i64, i64)> {
        let (first, last) = self.ingest.time_span?;
        match &self.weighting_options.period {
            None => Some((first, last)),
            Some(p) => {
                let first = p.from.map_or(first, |f| f.max(first));
                let last = p.to.map_or(last, |t| (t - 1).min(last));
                (first <= last).then_some((first, last))
            }
        }
    }
}

impl InputCounts {
    /// [`InputCounts::analysed_span`] moved by the UTC offset of `--timezone` at each end, for
    /// the pictures, which write instants as UTC days: they then show the days of that zone.
    /// For display only: never compare these values with timestamps.
    pub fn shown_span(&self) -> Option<(i64, i64)> {
        use chrono::{Offset, TimeZone};
        let (first, last) = self.analysed_span()?;
        let Some(p) = &self.weighting_options.period else {
            return Some((first, last));
        };
        let local = |t: i64| {
            p.timezone
                .timestamp_opt(t, 0)
                .single()
                .map_or(t, |d| t + i64::from(d.offset().fix().local_minus_utc()))
        };
        Some((local(first), local(last)))
    }
}

/// Everything one run has: inputs, graph, and analysis results.
#[derive(Debug, Clone, Copy)]
pub struct Run<'a> {
    /// The people directory.
    pub directory: &'a Directory,
    /// Department index of each person at the end of the analysed period (the latest
    /// snapshot without `--until`; the one department without snapshots): person-level
    /// outputs, headcounts and the reported groups use it.
    pub department: &'a [u32],
    /// The department flows attributed message by message, between true departments (a
    /// directory of snapshots; `None` without): the department tables' weights.
    pub attributed: Option<&'a PeriodFlows>,
    /// The moves of department during the analysed period, sorted by (date, person).
    pub moves: &'a [Move],
    /// The interaction graph.
    pub graph: &'a InteractionGraph,
    /// Input counts.
    pub input: &'a InputCounts,
    /// Betweenness by hops per person.
    pub betweenness: Option<&'a [f64]>,
    /// Weighted betweenness per person.
    pub betweenness_weighted: Option<&'a [f64]>,
    /// Edge betweenness per tie.
    pub edge_betweenness: Option<&'a [f64]>,
    /// Which betweenness passes were sampled, and their guarantees (none: exact).
    pub estimates: Estimates,
    /// Bridges, cut points, components.
    pub structure: Option<&'a Structure>,
    /// Department measures on the true departments.
    pub departments: Option<&'a Departments>,
    /// Department measures on the reported groups (small departments merged).
    pub grouped: Option<&'a Departments>,
    /// Communities, with how they were found.
    pub communities: Option<CommunityResults<'a>>,
    /// Single points of failure between departments, on the reported groups.
    pub fragility: Option<&'a Fragility>,
    /// Brokerage measures.
    pub brokerage: Option<BrokerageResults<'a>>,
}

/// Brokerage roles, Burt's measures and between-department betweenness, by person index.
#[derive(Debug, Clone, Copy)]
pub struct BrokerageResults<'a> {
    /// Gould & Fernandez roles.
    pub roles: &'a [BrokerageRoles],
    /// Constraint and effective size (`None` for isolated people).
    pub burt: &'a [Option<Burt>],
    /// The people carrying the paths between each pair of departments.
    pub pairs: &'a DepartmentBrokers,
    /// Between-department betweenness by hops (when the hop pass ran).
    pub between_departments: Option<&'a [f64]>,
    /// The weighted variant (when the weighted pass ran).
    pub between_departments_weighted: Option<&'a [f64]>,
}

/// Communities and their agreement with the department partition.
#[derive(Debug, Clone, Copy)]
pub struct CommunityResults<'a> {
    /// The partition.
    pub partition: &'a Communities,
    /// `leiden` or `louvain`.
    pub method: &'static str,
    /// The resolution γ.
    pub resolution: f64,
    /// The seed.
    pub seed: u64,
    /// NMI and ARI against the departments.
    pub agreement: Agreement,
}

impl Run<'_> {
    /// Department name of person `v` at the end of the analysed period.
    pub fn department_of(&self, v: u32) -> &str {
        &self.directory.departments()[self.department[v as usize] as usize]
    }
}

//! Analyze: measures on the interaction graph. Each file is one family of algorithms; all of
//! them return `Vec`s indexed by person or tie index, and give the same bits for any number of
//! threads.

pub mod approx_betweenness;
pub mod betweenness;
pub mod bridges;
pub mod brokerage;
pub mod change;
pub mod community;
pub mod departments;
pub(crate) mod dominated_ties;
pub mod focus;
pub mod fragility;
pub mod group_matrix;
pub mod grouping;
pub mod heap;
pub(crate) mod hop_lanes;
pub mod moves;
pub mod pair_brokers;
pub mod parallel;
pub mod period_facts;
pub mod plan;
pub(crate) mod relabel;
pub mod reporting_lines;
pub(crate) mod rng;
pub mod run;
pub mod selection;
pub mod trend;
pub mod weighted_betweenness;

pub use betweenness::{
    Extras, HopBetweenness, hop_betweenness, hop_betweenness_with, weighted_betweenness,
    weighted_betweenness_with,
};
pub use bridges::{Structure, structure};
pub use brokerage::{
    BrokerageRoles, Burt, between_department_betweenness, brokerage_roles, burt,
    weighted_between_department_betweenness,
};
pub use community::{Agreement, Communities, Method, agreement, communities};
pub use departments::{
    DepartmentStats, Departments, Flow, departments, departments_from_flows,
    with_attributed_group_weights, with_attributed_weights,
};
pub use focus::{
    Connector, FocusComparison, InducedCommunities, Population, Subgraph, focus,
    induced_communities, induced_subgraph, population,
};
pub use period_facts::PeriodFacts;
pub use reporting_lines::{
    LOW_FORMAL_SHARE, LineClass, LineWeights, ReportingLines, ReportingTree, reporting_lines,
    reporting_lines_of,
};
pub use run::{BrokerageResults, CommunityResults, InputCounts, Run};
pub use selection::{Analysis, Selection};

//! One benchmark per analysis of `siloscope analyze`, on a generated organisation
//! (benches/org: `SILOSCOPE_BENCH_PEOPLE` people, default 1,000, 50 messages each).
//!
//! ```sh
//! cargo bench --bench analyses                              # every analysis
//! SILOSCOPE_BENCH_PEOPLE=10000 cargo bench --bench analyses -- betweenness
//! ```
//! These are for comparing builds on one machine; the ratios against the peer libraries come
//! from ../shared/bench/compare.py (docs/PERFORMANCE.md).

mod org;

use siloscope::analyze::approx_betweenness::{Accuracy, sampled_hop_betweenness};
use siloscope::analyze::{
    Extras, Method, brokerage_roles, burt, communities, departments, hop_betweenness,
    hop_betweenness_with, structure, weighted_betweenness_with,
};
use siloscope::progress::NoProgress;

fn main() {
    let org = org::org();
    eprintln!(
        "organisation: {} people, {} ties, {} departments ({})",
        org.people,
        org.graph.tie_count(),
        org.department_count,
        org.folder.path().display()
    );
    divan::main();
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn betweenness_hops() -> usize {
    hop_betweenness(&org::org().graph, false, &NoProgress)
        .people
        .len()
}

/// People, ties and between departments in one pass, as `analyze` runs it.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn betweenness_hops_ties_departments() -> usize {
    let org = org::org();
    let b = hop_betweenness_with(
        &org.graph,
        Extras {
            ties: true,
            departments: Some(&org.department),
        },
        &NoProgress,
    );
    b.people.len() + b.ties.len()
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn betweenness_weighted() -> usize {
    let org = org::org();
    weighted_betweenness_with(&org.graph, Some(&org.department), &NoProgress)
        .0
        .len()
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn betweenness_sampled_hops() -> usize {
    let org = org::org();
    let (b, _) = sampled_hop_betweenness(
        &org.graph,
        Extras {
            ties: true,
            departments: Some(&org.department),
        },
        Accuracy {
            epsilon: 0.01,
            delta: 0.1,
        },
        1,
        &NoProgress,
    );
    b.people.len()
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn communities_leiden() -> f64 {
    communities(&org::org().graph, Method::Leiden, 1.0, 1).modularity
}

#[divan::bench(sample_count = 20)]
fn bridges_and_cut_points() -> usize {
    structure(&org::org().graph)
        .is_bridge
        .iter()
        .filter(|&&b| b)
        .count()
}

#[divan::bench(sample_count = 20)]
fn department_flows() -> usize {
    let org = org::org();
    departments(&org.graph, &org.department, org.department_count)
        .flows
        .len()
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn brokerage_roles_gould_fernandez() -> usize {
    let org = org::org();
    brokerage_roles(&org.graph, &org.department).len()
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn constraint_and_effective_size() -> usize {
    burt(&org::org().graph).len()
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn department_brokers() -> usize {
    let org = org::org();
    siloscope::analyze::pair_brokers::department_brokers(
        &org.graph,
        &org.department,
        org.department_count,
        1,
    )
    .pairs
    .len()
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn department_pair_fragility() -> usize {
    let org = org::org();
    siloscope::analyze::fragility::department_pairs(
        &org.graph,
        &org.department,
        org.department_count,
        true,
    )
    .len()
}

//! Brokerage checks: Gould & Fernandez roles, Burt's constraint and effective size, and
//! between-department betweenness on each data set of ../shared/data, against the independent
//! values of ../shared/reference/NAME/brokerage.csv (NetworkX 3.6.1 and a brute-force count),
//! under the rules of ../shared/reference/README.md; plus a brute-force check of
//! between-department betweenness by enumerating every shortest path.

mod util;

use std::path::Path;
use std::time::Instant;

use siloscope::InputName;
use siloscope::analyze::brokerage::{
    between_department_betweenness, brokerage_roles, burt, weighted_between_department_betweenness,
};
use siloscope::analyze::{hop_betweenness, weighted_betweenness};
use siloscope::graph::{InteractionGraph, TieAccumulator, Weighting};
use siloscope::ingest::{
    Directory, DirectoryOptions, IngestCounts, Inputs, MessageOptions, Rejects, Tally, read_inputs,
};
use siloscope::progress::NoProgress;

use util::{read_csv, shared};

/// The directory and the graph, built as `siloscope analyze` builds them with its defaults.
fn load(data: &Path) -> (Directory, InteractionGraph) {
    let mut directory_rejects = Rejects::new(false);
    let mut accumulator = TieAccumulator::new(Weighting::default());
    let mut rejects = Rejects::new(false);
    let mut counts = IngestCounts::default();
    let directory = read_inputs(
        &Inputs {
            messages: &[InputName::Path(data.join("messages.csv"))],
            people: Some(&InputName::Path(data.join("people.csv"))),
            message_options: &MessageOptions::default(),
            directory_options: &DirectoryOptions::default(),
        },
        Tally {
            rejects: &mut rejects,
            directory_rejects: &mut directory_rejects,
            counts: &mut counts,
        },
        &NoProgress,
        &mut accumulator,
    )
    .unwrap();
    let graph = InteractionGraph::build(directory.people().len(), accumulator);
    (directory, graph)
}

fn num(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: '{s}'"))
}

/// Checks `got` against the reference cell (empty = undefined) and returns the difference.
fn assert_close(what: &str, got: Option<f64>, want: &str, tol: f64) -> f64 {
    match (got, want.is_empty()) {
        (None, true) => 0.0,
        (Some(g), false) => {
            let w = num(want);
            assert!(
                (g - w).abs() <= tol,
                "{what}: got {g}, reference {w}, diff {}",
                (g - w).abs()
            );
            (g - w).abs()
        }
        _ => panic!("{what}: got {got:?}, reference '{want}' (empty = undefined)"),
    }
}

fn check(name: &str) {
    let Some(shared) = shared() else { return };
    let (directory, g) = load(&shared.join("data").join(name));
    let department = directory.department_of_each();
    let roles = brokerage_roles(&g, &department);
    let holes = burt(&g);
    let cross = between_department_betweenness(&g, &department, &NoProgress);
    let want = read_csv(&shared.join("reference").join(name).join("brokerage.csv"));
    assert_eq!(want.len(), directory.people().len(), "{name}: people count");
    let mut brokers = 0;
    let mut worst = [0.0f64; 3];
    for (v, (person, w)) in directory.people().iter().zip(&want).enumerate() {
        // both sorted by id
        assert_eq!(person.id, w["id"], "{name}: person {v}");
        let who = |col: &str| format!("{name}: person {} {col}", person.id);
        assert_eq!(
            directory.departments()[person.department as usize],
            w["department"],
            "{}",
            who("department")
        );
        let r = roles[v];
        for (col, got) in [
            ("coordinator", r.coordinator),
            ("consultant", r.consultant),
            ("representative", r.representative),
            ("gatekeeper", r.gatekeeper),
            ("liaison", r.liaison),
            ("brokerage_total", r.total()),
        ] {
            assert_eq!(got.to_string(), w[col], "{}", who(col));
        }
        brokers += usize::from(r.total() > 0);
        let diffs = [
            assert_close(
                &who("constraint"),
                holes[v].map(|b| b.constraint),
                &w["constraint"],
                1e-9,
            ),
            assert_close(
                &who("effective_size"),
                holes[v].map(|b| b.effective_size),
                &w["effective_size"],
                1e-9,
            ),
            assert_close(
                &who("between_department_betweenness"),
                Some(cross[v]),
                &w["between_department_betweenness"],
                1e-9,
            ),
        ];
        for (m, d) in worst.iter_mut().zip(diffs) {
            *m = m.max(d);
        }
    }
    assert!(brokers > 0, "{name}: nobody brokers anything");
    eprintln!(
        "{name}: {brokers} brokers; largest differences: constraint {:.1e}, effective size \
         {:.1e}, between-department betweenness {:.1e}",
        worst[0], worst[1], worst[2]
    );
}

#[test]
fn reference_email_eu_core() {
    check("email-eu-core");
}

#[test]
fn reference_ukfaculty() {
    check("ukfaculty");
}

#[test]
fn reference_sociopatterns_workplace_2015() {
    check("sociopatterns-workplace-2015");
}

#[test]
fn reference_synthetic_org_600() {
    check("synthetic-org-600");
}

/// Between-department betweenness from its definition: every shortest path of every
/// cross-department pair, listed one by one.
fn cross_by_enumeration(n: usize, edges: &[(u32, u32)], department: &[u32]) -> Vec<f64> {
    let mut adj = vec![Vec::new(); n];
    for &(a, b) in edges {
        adj[a as usize].push(b as usize);
        adj[b as usize].push(a as usize);
    }
    let bfs = |s: usize| {
        let mut dist = vec![usize::MAX; n];
        dist[s] = 0;
        let mut queue = std::collections::VecDeque::from([s]);
        while let Some(v) = queue.pop_front() {
            for &w in &adj[v] {
                if dist[w] == usize::MAX {
                    dist[w] = dist[v] + 1;
                    queue.push_back(w);
                }
            }
        }
        dist
    };
    // all shortest s-t paths: walks from s that go one hop further from s each step and end at
    // t after d(s, t) hops
    fn walk(
        v: usize,
        t: usize,
        adj: &[Vec<usize>],
        dist: &[usize],
        path: &mut Vec<usize>,
        paths: &mut Vec<Vec<usize>>,
    ) {
        if v == t {
            paths.push(path.clone());
            return;
        }
        for &w in &adj[v] {
            if dist[w] == dist[v] + 1 && dist[w] <= dist[t] {
                path.push(w);
                walk(w, t, adj, dist, path, paths);
                path.pop();
            }
        }
    }
    let mut sums = vec![0.0; n];
    let mut pairs = 0usize;
    for s in 0..n {
        let dist = bfs(s);
        for t in s + 1..n {
            if department[s] == department[t] {
                continue;
            }
            pairs += 1;
            if dist[t] == usize::MAX {
                continue;
            }
            let mut paths = Vec::new();
            walk(s, t, &adj, &dist, &mut vec![s], &mut paths);
            for p in &paths {
                assert_eq!(p.len(), dist[t] + 1);
                for &x in &p[1..p.len() - 1] {
                    sums[x] += 1.0 / paths.len() as f64;
                }
            }
        }
    }
    sums.iter().map(|x| x / pairs as f64).collect()
}

#[test]
fn between_department_betweenness_by_enumeration() {
    // a 3 × 4 grid (many equally short paths) with two diagonals, a pair apart and one
    // isolated person: 15 people in 3 departments
    let mut edges = Vec::new();
    for r in 0..3u32 {
        for c in 0..4u32 {
            let v = 4 * r + c;
            if c < 3 {
                edges.push((v, v + 1));
            }
            if r < 2 {
                edges.push((v, v + 4));
            }
        }
    }
    edges.extend([(0, 5), (6, 11), (12, 13)]);
    let department: Vec<u32> = (0..15u32).map(|v| (v * 7 / 3) % 3).collect();
    let weighted: Vec<(u32, u32, f64)> = edges.iter().map(|&(a, b)| (a, b, 1.0)).collect();
    let g = InteractionGraph::from_weighted_ties(15, &weighted);
    let got = between_department_betweenness(&g, &department, &NoProgress);
    let want = cross_by_enumeration(15, &edges, &department);
    for (v, (g, w)) in got.iter().zip(&want).enumerate() {
        assert!(
            (g - w).abs() <= 1e-12,
            "person {v}: got {g}, enumeration {w}"
        );
    }
    assert!(want.iter().filter(|&&x| x > 0.0).count() >= 8);
    // with equal weights, the weighted variant finds the same paths
    let w = weighted_between_department_betweenness(&g, &department, &NoProgress);
    for (v, (x, y)) in w.iter().zip(&want).enumerate() {
        assert!(
            (x - y).abs() <= 1e-12,
            "person {v}: weighted {x}, enumeration {y}"
        );
    }
}

/// Times the measures on /tmp/silo_medium (run by hand:
/// `cargo test --release --test brokerage -- --ignored --nocapture`).
#[test]
#[ignore]
fn time_medium() {
    let data = Path::new("/tmp/silo_medium");
    if !data.join("people.csv").is_file() {
        eprintln!("note: /tmp/silo_medium not found");
        return;
    }
    let t = Instant::now();
    let (directory, g) = load(data);
    let department = directory.department_of_each();
    eprintln!(
        "{} people, {} ties, {} departments: loaded in {:.2} s ({} threads)",
        g.node_count(),
        g.tie_count(),
        directory.departments().len(),
        t.elapsed().as_secs_f64(),
        rayon::current_num_threads()
    );
    let t = Instant::now();
    let roles = brokerage_roles(&g, &department);
    eprintln!(
        "brokerage_roles: {:.3} s ({} brokered triples)",
        t.elapsed().as_secs_f64(),
        roles.iter().map(|r| r.total()).sum::<u64>()
    );
    let t = Instant::now();
    let holes = burt(&g);
    eprintln!(
        "burt: {:.3} s ({} defined)",
        t.elapsed().as_secs_f64(),
        holes.iter().flatten().count()
    );
    let t = Instant::now();
    let cross = between_department_betweenness(&g, &department, &NoProgress);
    eprintln!(
        "between_department_betweenness: {:.3} s (max {:.4})",
        t.elapsed().as_secs_f64(),
        cross.iter().fold(0.0f64, |a, &b| a.max(b))
    );
    let t = Instant::now();
    let cross = weighted_between_department_betweenness(&g, &department, &NoProgress);
    eprintln!(
        "weighted_between_department_betweenness: {:.3} s (max {:.4})",
        t.elapsed().as_secs_f64(),
        cross.iter().fold(0.0f64, |a, &b| a.max(b))
    );
    // the unrestricted measures, for comparison
    let t = Instant::now();
    hop_betweenness(&g, false, &NoProgress);
    eprintln!(
        "hop_betweenness (people only): {:.3} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    weighted_betweenness(&g, &NoProgress);
    eprintln!("weighted_betweenness: {:.3} s", t.elapsed().as_secs_f64());
}

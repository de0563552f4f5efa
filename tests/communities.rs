//! Communities (Leiden): modularity against leidenalg's best on the four data sets, a valid
//! and connected partition, modularity recomputed from the written files.

mod util;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use util::{read_csv, shared, siloscope};

struct Run {
    modularity: f64,
    membership: BTreeMap<String, String>,
    ties: Vec<(String, String, f64)>,
}

fn run(data: &Path, seed: u64) -> Run {
    let out = tempfile::tempdir().unwrap();
    let analyses = "communities";
    siloscope()
        .args([
            "analyze",
            "--format",
            "none",
            "--quiet",
            "--reveal-identities",
            "--min-group-size",
            "1",
            "--analyses",
            analyses,
        ])
        .args(["--seed", &seed.to_string(), "--messages"])
        .arg(data.join("messages.csv"))
        .arg("--people")
        .arg(data.join("people.csv"))
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("summary.json")).unwrap()).unwrap();
    let membership = read_csv(&out.path().join("people.csv"))
        .into_iter()
        .map(|r| (r["id"].clone(), r["community"].clone()))
        .collect();
    let ties = read_csv(&out.path().join("ties.csv"))
        .into_iter()
        .map(|r| {
            (
                r["source"].clone(),
                r["target"].clone(),
                r["weight"].parse().unwrap(),
            )
        })
        .collect();
    Run {
        modularity: summary["communities"]["modularity"].as_f64().unwrap(),
        membership,
        ties,
    }
}

/// Q = Σ_c [ L_c / m − (d_c / 2m)² ], written out independently of the library.
fn modularity(run: &Run) -> f64 {
    let m: f64 = run.ties.iter().map(|t| t.2).sum();
    let mut inside: BTreeMap<&str, f64> = BTreeMap::new();
    let mut degree: BTreeMap<&str, f64> = BTreeMap::new();
    for (a, b, w) in &run.ties {
        let (ca, cb) = (run.membership[a].as_str(), run.membership[b].as_str());
        *degree.entry(ca).or_default() += w;
        *degree.entry(cb).or_default() += w;
        if ca == cb {
            *inside.entry(ca).or_default() += w;
        }
    }
    degree
        .iter()
        .map(|(c, d)| inside.get(c).copied().unwrap_or(0.0) / m - (d / (2.0 * m)).powi(2))
        .sum()
}

/// Every community induces a connected subgraph (Leiden's guarantee).
fn assert_connected(run: &Run) {
    let mut adjacency: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b, _) in &run.ties {
        if run.membership[a] == run.membership[b] {
            adjacency.entry(a).or_default().push(b);
            adjacency.entry(b).or_default().push(a);
        }
    }
    let mut members: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (p, c) in &run.membership {
        members.entry(c).or_default().push(p);
    }
    for (c, list) in members {
        let mut seen = BTreeSet::from([list[0]]);
        let mut stack = vec![list[0]];
        while let Some(v) = stack.pop() {
            for &w in adjacency.get(v).map(Vec::as_slice).unwrap_or(&[]) {
                if seen.insert(w) {
                    stack.push(w);
                }
            }
        }
        assert_eq!(seen.len(), list.len(), "community {c} is not connected");
    }
}

fn check(name: &str) {
    let Some(shared) = shared() else { return };
    let data = shared.join("data").join(name);
    let reference: serde_json::Value = serde_json::from_slice(
        &std::fs::read(shared.join("reference").join(name).join("summary.json")).unwrap(),
    )
    .unwrap();
    let leiden_best = reference["leiden_best_modularity"].as_f64().unwrap();
    let people = read_csv(&data.join("people.csv")).len();

    let default = run(&data, 1);
    assert_eq!(
        default.membership.len(),
        people,
        "every person in exactly one community"
    );
    assert!(default.membership.values().all(|c| c.starts_with('c')));
    let recomputed = modularity(&default);
    assert!(
        (recomputed - default.modularity).abs() < 1e-9,
        "reported {} recomputed {recomputed}",
        default.modularity
    );
    assert!(
        default.modularity >= leiden_best - 0.002,
        "{name}: default seed reached {}, leidenalg best {leiden_best}",
        default.modularity
    );
    assert_connected(&default);

    let best = (0..10)
        .map(|s| run(&data, s).modularity)
        .fold(f64::MIN, f64::max);
    assert!(
        best >= leiden_best - 1e-9,
        "{name}: best of seeds 0-9 {best} < leidenalg best {leiden_best}"
    );
}

#[test]
fn email_eu_core() {
    check("email-eu-core");
}

#[test]
fn ukfaculty() {
    check("ukfaculty");
}

#[test]
fn sociopatterns_workplace_2015() {
    check("sociopatterns-workplace-2015");
}

#[test]
fn synthetic_org_600() {
    check("synthetic-org-600");
}

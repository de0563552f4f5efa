//! Reference checks: `siloscope analyze` on each data set of ../shared/data must match the
//! independent values of ../shared/reference (NetworkX, igraph) under the rules of
//! ../shared/reference/README.md.

mod util;

use std::collections::BTreeMap;
use std::path::Path;

use util::{read_keyed, shared, siloscope};

fn num(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: '{s}'"))
}

/// Exact quantities: equal up to 1e-12, relative to the value for large weights (the
/// reference sums floats in row order, siloscope sums exactly and rounds once).
fn assert_exact(what: &str, got: &str, want: &str) {
    if want.is_empty() || got.is_empty() {
        assert_eq!(got, want, "{what}: one side is empty");
        return;
    }
    let (g, w) = (num(got), num(want));
    assert!(
        (g - w).abs() <= 1e-12 * w.abs().max(1.0),
        "{what}: got {g}, reference {w}"
    );
}

fn assert_close(what: &str, got: &str, want: &str, tol: f64) {
    let (g, w) = (num(got), num(want));
    assert!(
        (g - w).abs() <= tol,
        "{what}: got {g}, reference {w}, diff {}",
        (g - w).abs()
    );
}

fn check(name: &str) {
    let Some(shared) = shared() else { return };
    let data = shared.join("data").join(name);
    let reference = shared.join("reference").join(name);
    let out = tempfile::tempdir().unwrap();
    siloscope()
        .args([
            "analyze",
            "--format",
            "none",
            "--quiet",
            "--reveal-identities",
            "--min-group-size",
            "1",
            "--messages",
        ])
        .arg(data.join("messages.csv"))
        .arg("--people")
        .arg(data.join("people.csv"))
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    check_summary(out.path(), &reference);
    check_brokerage(out.path(), &reference);
    check_people(out.path(), &reference);
    check_ties(out.path(), &reference);
    check_departments(out.path(), &reference);
}

fn check_summary(out: &Path, reference: &Path) {
    let got: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let want: serde_json::Value =
        serde_json::from_slice(&std::fs::read(reference.join("summary.json")).unwrap()).unwrap();
    for key in [
        "people",
        "ties",
        "components",
        "bridges",
        "articulation_points",
    ] {
        assert_eq!(got[key], want[key], "summary {key}");
    }
    for key in ["total_weight", "department_modularity"] {
        let (g, w) = (got[key].as_f64().unwrap(), want[key].as_f64().unwrap());
        assert!(
            (g - w).abs() <= 1e-12 * w.abs().max(1.0),
            "summary {key}: got {g}, reference {w}"
        );
    }
}

fn check_people(out: &Path, reference: &Path) {
    let got = read_keyed(&out.join("people.csv"), &["id"]);
    let want = read_keyed(&reference.join("nodes.csv"), &["id"]);
    assert_eq!(got.len(), want.len(), "people count");
    for (id, w) in &want {
        let g = got
            .get(id)
            .unwrap_or_else(|| panic!("person {id:?} missing from people.csv"));
        let who = |col: &str| format!("person {} {col}", id[0]);
        assert_eq!(g["department"], w["department"], "{}", who("department"));
        assert_eq!(g["degree"], w["degree"], "{}", who("degree"));
        assert_exact(&who("strength"), &g["strength"], &w["strength"]);
        assert_exact(
            &who("participation"),
            &g["participation"],
            &w["participation"],
        );
        assert_eq!(
            g["is_articulation_point"],
            w["is_articulation_point"],
            "{}",
            who("cut point")
        );
        assert_close(
            &who("betweenness"),
            &g["betweenness"],
            &w["betweenness"],
            1e-9,
        );
        // weighted: equally short float paths may tie; match NetworkX or igraph within 1e-9
        let bw = num(&g["betweenness_weighted"]);
        let nx = num(&w["betweenness_weighted"]);
        let ig = w
            .get("betweenness_weighted_igraph")
            .filter(|s| !s.is_empty())
            .map(|s| num(s));
        assert!(
            (bw - nx).abs() <= 1e-9 || ig.is_some_and(|ig| (bw - ig).abs() <= 1e-9),
            "{}: got {bw}, NetworkX {nx}, igraph {ig:?}",
            who("betweenness_weighted")
        );
    }
}

/// Brokerage columns of people.csv against brokerage.csv (make_reference_brokerage.py).
fn check_brokerage(out: &Path, reference: &Path) {
    let got = read_keyed(&out.join("people.csv"), &["id"]);
    let want = read_keyed(&reference.join("brokerage.csv"), &["id"]);
    assert_eq!(got.len(), want.len());
    for (id, w) in &want {
        let g = &got[id];
        for col in [
            "coordinator",
            "consultant",
            "representative",
            "gatekeeper",
            "liaison",
            "brokerage_total",
        ] {
            assert_eq!(g[col], w[col], "person {} {col}", id[0]);
        }
        for col in [
            "constraint",
            "effective_size",
            "between_department_betweenness",
        ] {
            if w[col].is_empty() || w[col] == "nan" {
                assert_eq!(g[col], "", "person {} {col} should be empty", id[0]);
            } else {
                assert_close(&format!("person {} {col}", id[0]), &g[col], &w[col], 1e-9);
            }
        }
    }
}

fn check_ties(out: &Path, reference: &Path) {
    let mut got: BTreeMap<(String, String), BTreeMap<String, String>> = BTreeMap::new();
    for (k, row) in read_keyed(&out.join("ties.csv"), &["source", "target"]) {
        let (a, b) = (k[0].clone(), k[1].clone());
        got.insert(if a <= b { (a, b) } else { (b, a) }, row);
    }
    let want = read_keyed(&reference.join("edges.csv"), &["source", "target"]);
    assert_eq!(got.len(), want.len(), "tie count");
    for (k, w) in &want {
        let key = if k[0] <= k[1] {
            (k[0].clone(), k[1].clone())
        } else {
            (k[1].clone(), k[0].clone())
        };
        let g = got
            .get(&key)
            .unwrap_or_else(|| panic!("tie {key:?} missing from ties.csv"));
        assert_exact(&format!("tie {key:?} weight"), &g["weight"], &w["weight"]);
        assert_close(
            &format!("tie {key:?} edge_betweenness"),
            &g["edge_betweenness"],
            &w["edge_betweenness"],
            1e-9,
        );
        assert_eq!(g["is_bridge"], w["is_bridge"], "tie {key:?} is_bridge");
    }
}

fn check_departments(out: &Path, reference: &Path) {
    let got = read_keyed(&out.join("departments.csv"), &["department"]);
    let want = read_keyed(&reference.join("departments.csv"), &["department"]);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "departments"
    );
    for (k, w) in &want {
        let g = &got[k];
        for col in ["headcount", "internal_ties", "external_ties"] {
            assert_eq!(g[col], w[col], "department {} {col}", k[0]);
        }
        for col in [
            "internal_weight",
            "external_weight",
            "ei_index_weight",
            "ei_index_ties",
        ] {
            assert_exact(&format!("department {} {col}", k[0]), &g[col], &w[col]);
        }
    }
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

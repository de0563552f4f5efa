//! Viva Insights group-to-group queries (fixtures/exports/viva/README.md): a department-level
//! analysis only, flows summed over the weeks, small groups merged, the legacy form without
//! sizes, no person-level file.

mod util;

use std::collections::BTreeMap;
use std::path::Path;

use predicates::prelude::*;
use util::{fixture, read_csv, siloscope, summary};

fn run(file: &str, extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    siloscope()
        .args(["analyze", "--format", "none", "--messages", &fixture(file)])
        .args(extra)
        .arg("--out")
        .arg(dir.path().join("out"))
        .assert()
        .success()
        .stderr(predicate::str::contains("department-level analysis only"));
    dir
}

fn departments(out: &Path) -> BTreeMap<String, (String, String, String)> {
    read_csv(&out.join("departments.csv"))
        .into_iter()
        .map(|r| {
            (
                r["department"].clone(),
                (
                    r["headcount"].clone(),
                    r["internal_weight"].clone(),
                    r["external_weight"].clone(),
                ),
            )
        })
        .collect()
}

fn row(h: &str, i: &str, e: &str) -> (String, String, String) {
    (h.to_string(), i.to_string(), e.to_string())
}

#[test]
fn flows_by_hand_every_group_shown() {
    let dir = run("exports/viva/g2g.csv", &["--min-group-size", "1"]);
    let out = dir.path().join("out");
    let d = departments(&out);
    assert_eq!(d["Finance"], row("6", "4.0", "4.5"));
    assert_eq!(d["Ventes"], row("12", "10.0", "5.0"));
    assert_eq!(d["Juridique"], row("3", "0.0", "0.75"));
    assert_eq!(d["Achats"], row("4", "0.0", "1.25"));
    let flows: BTreeMap<String, (String, String)> = read_csv(&out.join("department_flows.csv"))
        .into_iter()
        .map(|r| {
            (
                format!("{}-{}", r["department_a"], r["department_b"]),
                (r["weight_a_to_b"].clone(), r["ties"].clone()),
            )
        })
        .collect();
    assert_eq!(flows["Finance-Ventes"], ("2.0".to_string(), String::new()));
    // no person-level output of any kind
    for f in [
        "people.csv",
        "ties.csv",
        "people_graph.dot",
        "communities.csv",
        "report.html",
    ] {
        assert!(!out.join(f).exists(), "{f}");
    }
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.contains("department-level analysis only"), "{md}");
    let s = summary(&out);
    assert_eq!(s["analysis"], "group-level");
    assert_eq!(s["groups"], 4);
}

#[test]
fn small_groups_are_merged_by_default() {
    let dir = run("exports/viva/g2g.csv", &[]);
    let d = departments(&dir.path().join("out"));
    assert_eq!(d.len(), 3, "{d:?}");
    assert_eq!(d["other (small groups)"], row("7", "0.25", "1.5"));
    assert!(!d.contains_key("Juridique"));
    let md = std::fs::read_to_string(dir.path().join("out/summary.md")).unwrap();
    assert!(!md.contains("Juridique") && !md.contains("Achats"), "{md}");
}

#[test]
fn the_legacy_form_without_sizes_leaves_headcounts_empty() {
    let dir = run("exports/viva/g2g_legacy.csv", &["--min-group-size", "1"]);
    let d = departments(&dir.path().join("out"));
    assert_eq!(d["Finance"], row("", "4.0", "4.5"));
    assert_eq!(d["Achats"], row("", "0.0", "1.25"));
}

#[test]
fn a_group_query_is_read_alone() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("m.csv");
    std::fs::write(&other, "sender,recipients\na,b\n").unwrap();
    siloscope()
        .args([
            "analyze",
            "--format",
            "none",
            "-m",
            &fixture("exports/viva/g2g.csv"),
            "-m",
        ])
        .arg(&other)
        .args(["-p", &fixture("exports/directory.csv"), "--out"])
        .arg(dir.path().join("out"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("analyse it alone"));
}

#[test]
fn check_reports_a_group_query() {
    siloscope()
        .args(["check", "-m", &fixture("exports/viva/g2g.csv")])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("format     viva-group-to-group")
                .and(predicate::str::contains(
                    "groups: 4 (by 'PrimaryCollaborator_Organization'; sizes known for 4)",
                ))
                .and(predicate::str::contains(
                    "directed pairs of groups with a flow: 7",
                )),
        );
}

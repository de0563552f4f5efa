//! Viva Insights person-to-person queries (fixtures/exports/viva/README.md): read as tie
//! weights, headers with spaces or underscores, the legacy TieOrigin_ form, the directory
//! taken from the query's attributes when --people is not given; refusals.

mod util;

use std::collections::BTreeMap;
use std::path::Path;

use predicates::prelude::*;
use util::{analyze_shown, fixture, read_csv, siloscope, summary};

fn analyze(messages: &str, people: Option<&str>, out: &Path) -> assert_cmd::Command {
    let mut cmd = analyze_shown();
    cmd.args(["--messages", messages]);
    if let Some(p) = people {
        cmd.args(["--people", p]);
    }
    cmd.arg("--out").arg(out);
    cmd
}

fn table(path: &Path, key: &[&str], value: &str) -> BTreeMap<String, String> {
    read_csv(path)
        .into_iter()
        .map(|r| {
            let k: Vec<&str> = key.iter().map(|c| r[*c].as_str()).collect();
            (k.join("-"), r[value].clone())
        })
        .collect()
}

fn expect(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn both_header_forms_give_the_hand_computed_ties_and_the_query_s_own_directory() {
    for file in ["exports/viva/p2p.csv", "exports/viva/p2p_legacy.csv"] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        analyze(&fixture(file), None, &out).assert().success();
        assert_eq!(
            table(&out.join("ties.csv"), &["source", "target"], "weight"),
            expect(&[
                ("a@acme.fr-b@acme.fr", "0.85"),
                ("a@acme.fr-c@acme.fr", "0.458333333333"),
                ("c@acme.fr-d@acme.fr", "1.0"),
            ]),
            "{file}"
        );
        assert_eq!(
            table(
                &out.join("departments.csv"),
                &["department"],
                "internal_weight"
            ),
            expect(&[("Finance", "0.85"), ("Ventes", "1.0")]),
            "{file}"
        );
        let s = summary(&out);
        assert_eq!(s["input"]["tie_rows"], 7, "{file}");
        assert_eq!(s["input"]["zero_weight_ties"], 1, "{file}");
        assert!(
            s["weighting"]["rule"]
                .as_str()
                .unwrap()
                .contains("sum over the weeks"),
            "{s}"
        );
    }
}

#[test]
fn a_directory_given_with_people_wins_and_others_are_counted_outside() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    std::fs::write(
        &people,
        "id,department\na@acme.fr,DG\nb@acme.fr,DG\nc@acme.fr,SI\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    analyze(
        &fixture("exports/viva/p2p.csv"),
        Some(people.to_str().unwrap()),
        &out,
    )
    .assert()
    .success();
    assert_eq!(
        table(&out.join("ties.csv"), &["source", "target"], "weight"),
        expect(&[
            ("a@acme.fr-b@acme.fr", "0.85"),
            ("a@acme.fr-c@acme.fr", "0.458333333333"),
        ])
    );
    let s = summary(&out);
    assert_eq!(s["input"]["ties_outside_directory"], 1); // c → d (d → c has weight 0)
}

#[test]
fn check_reports_the_query() {
    siloscope()
        .args(["check", "-m", &fixture("exports/viva/p2p.csv")])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("format     viva-person-to-person")
                .and(predicate::str::contains(
                    "tie rows: 7 (weight from 'Strong tie score'",
                ))
                .and(predicate::str::contains("ties between people: 3")),
        );
}

#[test]
fn refusals_and_rejects() {
    let dir = tempfile::tempdir().unwrap();
    // messages and tie scores have no common unit
    let log = dir.path().join("log.csv");
    std::fs::write(&log, "sender,recipients\na@acme.fr,b@acme.fr\n").unwrap();
    let people = dir.path().join("people.csv");
    std::fs::write(
        &people,
        "id,department\na@acme.fr,DG\nb@acme.fr,DG\nc@acme.fr,SI\n",
    )
    .unwrap();
    siloscope()
        .args(["check", "-m", &fixture("exports/viva/p2p.csv"), "-m"])
        .arg(&log)
        .arg("-p")
        .arg(&people)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no common unit"));
    // only a Viva query carries its own directory
    siloscope()
        .args(["check", "-m"])
        .arg(&log)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "give the HR directory with --people",
        ));
    // a weight that is not a number is a rejected row, fatal under --strict
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "PrimaryCollaborator_PersonId,SecondaryCollaborator_PersonId,MetricDate,Strong_tie_score,PrimaryCollaborator_Organization,SecondaryCollaborator_Organization\n\
a@x,b@x,2024-03-04,0.5,F,F\n\
b@x,a@x,2024-03-04,-0.5,F,F\n",
    )
    .unwrap();
    siloscope()
        .args(["check", "-m"])
        .arg(&bad)
        .assert()
        .success()
        .stdout(predicate::str::contains("1 x bad_weight"));
    siloscope()
        .args(["check", "--strict", "-m"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "line 3, column 'Strong_tie_score'",
        ));
}

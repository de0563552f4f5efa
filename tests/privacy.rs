//! Privacy by default: pseudonyms in every output, a minimum group size, and identical
//! metrics whatever the threshold.

mod util;

use std::path::{Path, PathBuf};

use util::{fixture, folder_bytes, read_csv, read_keyed, shared, siloscope};

fn run(messages: &Path, people: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    siloscope()
        .args(["analyze", "--format", "none", "--quiet", "--messages"])
        .arg(messages)
        .arg("--people")
        .arg(people)
        .arg("--out")
        .arg(out)
        .args(extra)
        .assert()
}

/// Every id, alias and name of a directory, lowercased.
fn identities(people: &Path) -> Vec<String> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(if std::fs::read(people).unwrap().contains(&b';') {
            b';'
        } else {
            b','
        })
        .from_path(people)
        .unwrap();
    let headers: Vec<String> = rdr
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        for (h, v) in headers.iter().zip(rec.iter()) {
            if ["id", "name", "aliases", "manager"].contains(&h.as_str()) {
                out.extend(
                    v.split(';')
                        .map(|s| s.trim().to_lowercase())
                        .filter(|s| s.len() > 3),
                );
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn assert_no_identity_in(out: &Path, identities: &[String]) {
    let files = folder_bytes(out);
    assert!(files.len() >= 7, "{:?}", files.keys());
    for (name, bytes) in files {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for id in identities {
            assert!(
                !text.contains(id.as_str()),
                "{name} contains the identity {id:?}"
            );
        }
    }
}

#[test]
fn demo_outputs_name_nobody_by_default() {
    let out = tempfile::tempdir().unwrap();
    let people = PathBuf::from(fixture("demo/people.csv"));
    run(
        Path::new(&fixture("demo/messages.csv")),
        &people,
        out.path(),
        &[],
    )
    .success();
    let ids = identities(&people);
    assert!(ids.len() > 320, "ids, names and aliases: {}", ids.len());
    assert_no_identity_in(out.path(), &ids);
    let rows = read_csv(&out.path().join("people.csv"));
    assert!(rows.iter().all(|r| r["id"].starts_with("p-")));
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("summary.json")).unwrap()).unwrap();
    assert_eq!(s["privacy"]["identities"], "pseudonymized");
}

#[test]
fn synthetic_org_outputs_name_nobody_by_default() {
    let Some(shared) = shared() else { return };
    let data = shared.join("data/synthetic-org-600");
    let out = tempfile::tempdir().unwrap();
    run(
        &data.join("messages.csv"),
        &data.join("people.csv"),
        out.path(),
        &[],
    )
    .success();
    assert_no_identity_in(out.path(), &identities(&data.join("people.csv")));
}

#[test]
fn real_data_sets_show_pseudonyms_in_every_id_column() {
    let Some(shared) = shared() else { return };
    for name in ["email-eu-core", "ukfaculty", "sociopatterns-workplace-2015"] {
        let data = shared.join("data").join(name);
        let out = tempfile::tempdir().unwrap();
        run(
            &data.join("messages.csv"),
            &data.join("people.csv"),
            out.path(),
            &[],
        )
        .success();
        for row in read_csv(&out.path().join("people.csv")) {
            assert!(
                row["id"].starts_with("p-") && row["id"].len() >= 10,
                "{name}: {}",
                row["id"]
            );
        }
        for row in read_csv(&out.path().join("ties.csv")) {
            assert!(
                row["source"].starts_with("p-") && row["target"].starts_with("p-"),
                "{name}"
            );
        }
        let md = std::fs::read_to_string(out.path().join("summary.md")).unwrap();
        assert!(md.contains("keyed pseudonyms"));
    }
}

#[test]
fn same_key_same_pseudonyms_other_key_other_ones() {
    let dir = tempfile::tempdir().unwrap();
    let k1 = dir.path().join("k1");
    let k2 = dir.path().join("k2");
    std::fs::write(&k1, format!("{}\n", "ab".repeat(32))).unwrap();
    std::fs::write(&k2, format!("{}\n", "cd".repeat(32))).unwrap();
    let m = PathBuf::from(fixture("demo/messages.csv"));
    let p = PathBuf::from(fixture("demo/people.csv"));
    let outs: Vec<PathBuf> = ["a", "b", "c"].iter().map(|x| dir.path().join(x)).collect();
    run(&m, &p, &outs[0], &["--key-file", k1.to_str().unwrap()]).success();
    run(&m, &p, &outs[1], &["--key-file", k1.to_str().unwrap()]).success();
    run(&m, &p, &outs[2], &["--key-file", k2.to_str().unwrap()]).success();
    assert_eq!(
        folder_bytes(&outs[0]),
        folder_bytes(&outs[1]),
        "same key, same bytes"
    );
    let ids = |o: &Path| {
        read_csv(&o.join("people.csv"))
            .into_iter()
            .map(|r| r["id"].clone())
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert!(
        ids(&outs[0]).is_disjoint(&ids(&outs[2])),
        "another key gives other pseudonyms"
    );
    // the key never reaches --out
    for bytes in folder_bytes(&outs[0]).values() {
        assert!(!String::from_utf8_lossy(bytes).contains(&"ab".repeat(32)));
    }
    // a key file that is not a key stops the run
    std::fs::write(dir.path().join("bad"), "secret").unwrap();
    run(
        &m,
        &p,
        &dir.path().join("d"),
        &["--key-file", dir.path().join("bad").to_str().unwrap()],
    )
    .code(1);
}

#[test]
fn the_default_key_is_created_once_and_reused() {
    let config = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let m = fixture("tiny/messages.csv");
    let p = fixture("tiny/people.csv");
    for out in ["o1", "o2"] {
        siloscope()
            .env("XDG_CONFIG_HOME", config.path())
            .args([
                "analyze",
                "--format",
                "none",
                "--quiet",
                "--min-group-size",
                "1",
                "--messages",
                &m,
                "--people",
                &p,
                "--out",
            ])
            .arg(dir.path().join(out))
            .assert()
            .success();
    }
    assert!(config.path().join("siloscope/key").is_file());
    assert_eq!(
        folder_bytes(&dir.path().join("o1")),
        folder_bytes(&dir.path().join("o2"))
    );
}

/// Two departments of 6 and one of 3 ("Audit"), all talking to each other.
fn small_department_org(dir: &Path) -> (PathBuf, PathBuf) {
    let mut people = String::from("id,department\n");
    let mut messages = String::from("sender,recipients\n");
    let mut ids = Vec::new();
    for (dept, n) in [("Sales", 6), ("Plant", 6), ("Audit", 3)] {
        for i in 0..n {
            let id = format!("{}{i}@x", dept.to_lowercase());
            people.push_str(&format!("{id},{dept}\n"));
            ids.push(id);
        }
    }
    for (i, a) in ids.iter().enumerate() {
        for b in ids.iter().skip(i + 1).step_by(2) {
            messages.push_str(&format!("{a},{b}\n"));
        }
    }
    let p = dir.join("people.csv");
    let m = dir.join("messages.csv");
    std::fs::write(&p, people).unwrap();
    std::fs::write(&m, messages).unwrap();
    (m, p)
}

#[test]
fn a_department_of_three_appears_in_no_aggregate_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let (m, p) = small_department_org(dir.path());
    let default = dir.path().join("default");
    run(&m, &p, &default, &["--reveal-identities"]).success();
    for file in [
        "departments.csv",
        "department_flows.csv",
        "department_map.dot",
        "summary.md",
        "summary.json",
    ] {
        let text = std::fs::read_to_string(default.join(file)).unwrap();
        assert!(!text.contains("Audit"), "{file} names the department of 3");
    }
    let depts = read_keyed(&default.join("departments.csv"), &["department"]);
    // Audit (3) is too small alone, so the smallest other department joins it in "other"
    assert_eq!(depts.len(), 2, "{:?}", depts.keys());
    assert!(depts.contains_key(&vec!["other (small groups)".to_string()]));
    let people = read_keyed(&default.join("people.csv"), &["id"]);
    assert_eq!(
        people[&vec!["audit0@x".to_string()]]["department"],
        "other (small groups)"
    );
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(default.join("summary.json")).unwrap()).unwrap();
    assert_eq!(s["privacy"]["departments_merged_into_other"], 2);

    let shown = dir.path().join("shown");
    run(
        &m,
        &p,
        &shown,
        &["--reveal-identities", "--min-group-size", "1"],
    )
    .success();
    for file in [
        "departments.csv",
        "department_flows.csv",
        "department_map.dot",
    ] {
        let text = std::fs::read_to_string(shown.join(file)).unwrap();
        assert!(
            text.contains("Audit"),
            "{file} should show Audit with --min-group-size 1"
        );
    }

    // the metrics of people do not change with the threshold
    let with = read_keyed(&default.join("people.csv"), &["id"]);
    let without = read_keyed(&shown.join("people.csv"), &["id"]);
    assert_eq!(with.len(), without.len());
    for (id, row) in &with {
        for (col, value) in row {
            if !["department", "site", "role"].contains(&col.as_str()) {
                assert_eq!(value, &without[id][col], "{id:?} {col}");
            }
        }
    }
}

#[test]
fn no_person_level_files_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    run(
        Path::new(&fixture("demo/messages.csv")),
        Path::new(&fixture("demo/people.csv")),
        &out,
        &["--no-person-level"],
    )
    .success();
    assert!(!out.join("people.csv").exists());
    assert!(!out.join("ties.csv").exists());
    assert!(out.join("departments.csv").exists());
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    let named = md
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .any(|word| word.starts_with("p-") && word.len() >= 10);
    assert!(!named, "no pseudonym is named either");
}

//! A directory of HR snapshots (`fixtures/moves`: three people move from Production to Ventes on
//! 2024-07-01): each message's weight goes to the departments of its date, the headcounts and
//! people to their department at the end of the period, the moves are told and listed under
//! pseudonyms. The expected flows are the hand-computed columns of fixtures/moves/README.md.

mod util;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use util::{fixture, folder_bytes, read_csv, siloscope, summary};

/// A fixed key: "ab" 32 times.
fn key(dir: &Path) -> PathBuf {
    let path = dir.join("key");
    std::fs::write(&path, "ab".repeat(32)).unwrap();
    path
}

/// `analyze` of the fixture's messages with `people`, pseudonyms under the fixed key, every
/// group shown, then `extra`, into `out`.
fn run(people: &str, out: &Path, key: &Path, extra: &[&str]) {
    siloscope()
        .args(["analyze", "--quiet", "--format", "none"])
        .args(["--min-group-size", "1", "--key-file"])
        .arg(key)
        .args([
            "--messages",
            &fixture("moves/messages.csv"),
            "--people",
            people,
        ])
        .args(extra)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

/// department_flows.csv as (a, b) → (a→b, b→a, weight); b→a is `None` inside a department.
type Flows = BTreeMap<(String, String), (f64, Option<f64>, f64)>;

fn flows(out: &Path) -> Flows {
    read_csv(&out.join("department_flows.csv"))
        .into_iter()
        .map(|r| {
            let num = |c: &str| r[c].parse::<f64>().unwrap();
            (
                (r["department_a"].clone(), r["department_b"].clone()),
                (
                    num("weight_a_to_b"),
                    (!r["weight_b_to_a"].is_empty()).then(|| num("weight_b_to_a")),
                    num("weight"),
                ),
            )
        })
        .collect()
}

/// One column of the README's table: F–F, F–P, F–V, P–P, P–V, V–V as (a→b, b→a, weight).
fn expected(rows: [(f64, f64, f64); 6]) -> Flows {
    let pairs = [
        ("Finance", "Finance"),
        ("Finance", "Production"),
        ("Finance", "Ventes"),
        ("Production", "Production"),
        ("Production", "Ventes"),
        ("Ventes", "Ventes"),
    ];
    pairs
        .iter()
        .zip(rows)
        .map(|(&(a, b), (ab, ba, w))| {
            (
                (a.to_string(), b.to_string()),
                (ab, (a != b).then_some(ba), w),
            )
        })
        .collect()
}

/// departments.csv as department → headcount.
fn headcounts(out: &Path) -> BTreeMap<String, u64> {
    read_csv(&out.join("departments.csv"))
        .into_iter()
        .map(|r| (r["department"].clone(), r["headcount"].parse().unwrap()))
        .collect()
}

fn heads(finance: u64, production: u64, ventes: u64) -> BTreeMap<String, u64> {
    [
        ("Finance".to_string(), finance),
        ("Production".to_string(), production),
        ("Ventes".to_string(), ventes),
    ]
    .into_iter()
    .collect()
}

/// Every address of the fixture's directory, and its domain.
fn addresses() -> Vec<String> {
    let mut all: Vec<String> = read_csv(Path::new(&fixture("moves/people.csv")))
        .into_iter()
        .map(|r| r["email"].clone())
        .collect();
    all.sort();
    all.dedup();
    all.push("acme.example".into());
    all
}

fn assert_no_real_id(out: &Path) {
    let ids = addresses();
    for (name, bytes) in folder_bytes(out) {
        let text = String::from_utf8_lossy(&bytes);
        for id in &ids {
            assert!(!text.contains(id.as_str()), "{name} holds {id}");
        }
    }
}

#[test]
fn the_whole_year_attributes_each_message_as_of_its_date() {
    let dir = tempfile::tempdir().unwrap();
    let key = key(dir.path());
    let out = dir.path().join("year");
    run(&fixture("moves/people.csv"), &out, &key, &[]);
    assert_eq!(
        flows(&out),
        expected([
            (0.0, 0.0, 0.0),
            (0.0, 1.0, 1.0),
            (2.0, 1.0, 3.0),
            (4.0, 0.0, 4.0),
            (2.0, 1.0, 3.0),
            (3.0, 0.0, 3.0),
        ])
    );
    // at the end of the year the movers are in Ventes
    assert_eq!(headcounts(&out), heads(5, 5, 8));
    let people = read_csv(&out.join("people.csv"));
    let in_ventes = people
        .iter()
        .filter(|p| p["department"] == "Ventes")
        .count();
    assert_eq!(in_ventes, 8);

    // the three movers, under pseudonyms, sorted by label
    let moves = read_csv(&out.join("moves.csv"));
    assert_eq!(moves.len(), 3);
    let mut labels: Vec<&str> = moves.iter().map(|m| m["person"].as_str()).collect();
    assert!(labels.iter().all(|l| l.starts_with("p-")), "{labels:?}");
    assert!(labels.is_sorted());
    labels.dedup();
    assert_eq!(labels.len(), 3);
    for m in &moves {
        assert_eq!(
            (
                m["from_department"].as_str(),
                m["to_department"].as_str(),
                m["effective_date"].as_str()
            ),
            ("Production", "Ventes", "2024-07-01")
        );
        // the same label as in people.csv, in the department of the end
        let row = people.iter().find(|p| p["id"] == m["person"]).unwrap();
        assert_eq!(row["department"], "Ventes");
    }
    assert_no_real_id(&out);

    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(
        md.contains("3 people moved department during the period; flows are attributed to each person's department as of each message's date"),
        "{md}"
    );
    let json = summary(&out);
    assert_eq!(json["input"]["people_moved_department"], 3);
    assert_eq!(json["findings"]["overview"]["people_moved"], 3);

    let fr = dir.path().join("fr");
    run(&fixture("moves/people.csv"), &fr, &key, &["--lang", "fr"]);
    let md = std::fs::read_to_string(fr.join("summary.md")).unwrap();
    assert!(
        md.contains("3 personnes ont changé de direction pendant la période ; les flux sont attribués à la direction de chaque personne à la date de chaque message"),
        "{md}"
    );
    let html = std::fs::read_to_string(fr.join("report.html")).unwrap();
    assert!(html.contains("3 personnes ont changé de direction"));
}

#[test]
fn from_the_move_on_and_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let key = key(dir.path());
    let after = dir.path().join("after");
    run(
        &fixture("moves/people.csv"),
        &after,
        &key,
        &["--since", "2024-07-01"],
    );
    assert_eq!(
        flows(&after),
        expected([
            (0.0, 0.0, 0.0),
            (0.0, 0.0, 0.0),
            (1.0, 1.0, 2.0),
            (1.0, 0.0, 1.0),
            (1.0, 0.0, 1.0),
            (3.0, 0.0, 3.0),
        ])
    );
    assert_eq!(headcounts(&after), heads(5, 5, 8));
    // the moves take effect on the period's first day
    assert_eq!(read_csv(&after.join("moves.csv")).len(), 3);

    let before = dir.path().join("before");
    run(
        &fixture("moves/people.csv"),
        &before,
        &key,
        &["--until", "2024-07-01"],
    );
    assert_eq!(
        flows(&before),
        expected([
            (0.0, 0.0, 0.0),
            (0.0, 1.0, 1.0),
            (1.0, 0.0, 1.0),
            (3.0, 0.0, 3.0),
            (1.0, 1.0, 2.0),
            (0.0, 0.0, 0.0),
        ])
    );
    // until the move the movers are in Production: so are they in people.csv
    assert_eq!(headcounts(&before), heads(5, 8, 5));
    let people = read_csv(&before.join("people.csv"));
    assert_eq!(
        people
            .iter()
            .filter(|p| p["department"] == "Production")
            .count(),
        8
    );
    // nobody moved before 2024-07-01: an empty moves.csv
    assert_eq!(std::fs::read(before.join("moves.csv")).unwrap(), b"");
    let md = std::fs::read_to_string(before.join("summary.md")).unwrap();
    assert!(
        md.contains("Nobody moved department during the period"),
        "{md}"
    );
    assert_eq!(summary(&before)["input"]["people_moved_department"], 0);
    assert_no_real_id(&after);
    assert_no_real_id(&before);
}

/// The fixture's directory without its effective_date column, each person's latest row kept.
fn latest_only(dir: &Path) -> String {
    let rows = read_csv(Path::new(&fixture("moves/people.csv")));
    let mut latest: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for r in rows {
        let keep = latest
            .get(&r["email"])
            .is_none_or(|l| l["effective_date"] <= r["effective_date"]);
        if keep {
            latest.insert(r["email"].clone(), r);
        }
    }
    let mut text = String::from("email,name,department,site\n");
    for r in latest.values() {
        text += &format!(
            "{},{},{},{}\n",
            r["email"], r["name"], r["department"], r["site"]
        );
    }
    let path = dir.join("people_latest.csv");
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn without_dates_everyone_is_in_their_latest_department() {
    let dir = tempfile::tempdir().unwrap();
    let key = key(dir.path());
    let out = dir.path().join("latest");
    run(&latest_only(dir.path()), &out, &key, &[]);
    assert_eq!(
        flows(&out),
        expected([
            (0.0, 0.0, 0.0),
            (0.0, 0.0, 0.0),
            (2.0, 2.0, 4.0),
            (1.0, 0.0, 1.0),
            (2.0, 2.0, 4.0),
            (5.0, 0.0, 5.0),
        ])
    );
    assert_eq!(headcounts(&out), heads(5, 5, 8));
    assert!(!out.join("moves.csv").exists());
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(!md.contains("moved department"), "{md}");
    assert!(summary(&out)["input"]["people_moved_department"].is_null());
}

#[test]
fn snapshots_without_a_move_give_the_figures_of_a_directory_without_dates() {
    let dir = tempfile::tempdir().unwrap();
    let key = key(dir.path());
    let flat = latest_only(dir.path());
    // every person twice, in the same department, at two dates
    let text = std::fs::read_to_string(&flat).unwrap();
    let mut dated = String::from("email,name,department,site,effective_date\n");
    for line in text.lines().skip(1) {
        for date in ["2024-01-01", "2024-07-01"] {
            dated += &format!("{line},{date}\n");
        }
    }
    let dated_path = dir.path().join("people_dated.csv");
    std::fs::write(&dated_path, dated).unwrap();
    let (a, b) = (dir.path().join("flat"), dir.path().join("dated"));
    run(&flat, &a, &key, &[]);
    run(&dated_path.to_string_lossy(), &b, &key, &[]);
    for file in [
        "departments.csv",
        "department_flows.csv",
        "people.csv",
        "ties.csv",
        "communities.csv",
        "department_pairs.csv",
    ] {
        assert_eq!(
            std::fs::read(a.join(file)).unwrap(),
            std::fs::read(b.join(file)).unwrap(),
            "{file}"
        );
    }
    assert_eq!(
        summary(&a)["department_modularity"],
        summary(&b)["department_modularity"]
    );
    assert_eq!(std::fs::read(b.join("moves.csv")).unwrap(), b"");
}

#[test]
fn the_same_bytes_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let key = key(dir.path());
    let outputs: Vec<_> = ["1", "4"]
        .iter()
        .map(|t| {
            let out = dir.path().join(format!("t{t}"));
            run(&fixture("moves/people.csv"), &out, &key, &["--threads", t]);
            folder_bytes(&out)
        })
        .collect();
    assert!(outputs[0].contains_key("moves.csv"));
    assert_eq!(outputs[0], outputs[1]);
}

#[test]
fn no_person_level_lists_no_move_but_tells_how_many() {
    let dir = tempfile::tempdir().unwrap();
    let key = key(dir.path());
    let out = dir.path().join("out");
    run(
        &fixture("moves/people.csv"),
        &out,
        &key,
        &["--no-person-level"],
    );
    assert!(!out.join("moves.csv").exists());
    assert!(!out.join("people.csv").exists());
    assert_eq!(summary(&out)["input"]["people_moved_department"], 3);
    assert_eq!(headcounts(&out), heads(5, 5, 8));
}

//! CLI tests: the hand-checkable organisation, bad rows, bad files and usage errors.

mod util;

use std::path::Path;

use predicates::prelude::*;
use util::{fixture, read_keyed, siloscope};

/// `analyze` with raw ids and every group shown, so that tests can name people and departments
/// (privacy defaults are tested in tests/privacy.rs).
fn analyze(messages: &str, people: &str, out: &Path) -> assert_cmd::Command {
    let mut cmd = siloscope();
    cmd.args([
        "analyze",
        "--reveal-identities",
        "--min-group-size",
        "1",
        "--messages",
        messages,
        "--people",
        people,
        "--out",
    ])
    .arg(out);
    cmd
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn tiny_org_by_hand() {
    let out = tempfile::tempdir().unwrap();
    analyze(
        &fixture("tiny/messages.csv"),
        &fixture("tiny/people.csv"),
        out.path(),
    )
    .assert()
    .success();
    let people = read_keyed(&out.path().join("people.csv"), &["id"]);
    let p = |id: &str, col: &str| people[&vec![id.to_string()]][col].clone();
    assert_eq!(
        p("bob@co", "betweenness").parse::<f64>().unwrap(),
        2.0 / 6.0
    );
    assert_eq!(p("cy@co", "betweenness").parse::<f64>().unwrap(), 2.0 / 6.0);
    assert_eq!(p("ana@co", "betweenness"), "0.0");
    assert_eq!(p("ana@co", "strength"), "1.5");
    assert_eq!(p("bob@co", "strength"), "2.0");
    assert_eq!(p("bob@co", "in_strength"), "1.0");
    assert_eq!(p("bob@co", "out_strength"), "1.0");
    assert_eq!(p("bob@co", "is_articulation_point"), "1");
    assert_eq!(p("eve@co", "degree"), "0");
    let ties = read_keyed(&out.path().join("ties.csv"), &["source", "target"]);
    let t = |a: &str, b: &str| ties[&vec![a.to_string(), b.to_string()]].clone();
    assert_eq!(t("ana@co", "bob@co")["weight"], "1.5");
    assert_eq!(t("bob@co", "cy@co")["weight"], "0.5");
    assert_eq!(t("bob@co", "cy@co")["cross_department"], "1");
    assert_eq!(t("cy@co", "dee@co")["weight"], "0.5");
    assert!(ties.values().all(|t| t["is_bridge"] == "1"));
    let depts = read_keyed(&out.path().join("departments.csv"), &["department"]);
    let d = |name: &str, col: &str| depts[&vec![name.to_string()]][col].clone();
    assert_eq!(d("Sales", "ei_index_weight"), "-0.5");
    assert_eq!(d("Sales", "ei_index_ties"), "0.0");
    assert_eq!(d("IT", "internal_weight"), "0.5");
    assert_eq!(d("Legal", "ei_index_weight"), "");
    let s = json(&out.path().join("summary.json"));
    assert_eq!(s["people"], 5);
    assert_eq!(s["ties"], 3);
    assert_eq!(s["components"], 2);
    assert_eq!(s["bridges"], 3);
    assert_eq!(s["articulation_points"], 2);
    assert!((s["department_modularity"].as_f64().unwrap() - 0.22).abs() < 1e-12);
    let input = &s["input"];
    assert_eq!(input["rows_read"], 6);
    assert_eq!(input["self_messages"], 1);
    assert_eq!(input["messages_without_recipients"], 1);
    assert_eq!(input["messages_from_external_senders"], 1);
    assert_eq!(input["external_addresses"], 2);
    assert!(
        s["weighted_path_length"]
            .as_str()
            .unwrap()
            .contains("1 / weight")
    );
    let md = std::fs::read_to_string(out.path().join("summary.md")).unwrap();
    assert!(md.contains("1 / weight"));
    let flows = read_keyed(
        &out.path().join("department_flows.csv"),
        &["department_a", "department_b"],
    );
    assert_eq!(flows.len(), 6); // 3 departments: 3 pairs + 3 diagonal
    let it_sales = &flows[&vec!["IT".to_string(), "Sales".to_string()]];
    assert_eq!(it_sales["weight_a_to_b"], "0.0");
    assert_eq!(it_sales["weight_b_to_a"], "0.5");
    assert_eq!(it_sales["normalized_weight"], "0.125");
    // people graph: 3 bridges dashed, 2 cut points as diamonds, everyone a node
    let people_dot = std::fs::read_to_string(out.path().join("people_graph.dot")).unwrap();
    assert_eq!(
        people_dot.matches("style=dashed").count(),
        3,
        "{people_dot}"
    );
    assert_eq!(people_dot.matches("shape=diamond").count(), 2);
    assert_eq!(people_dot.matches("fillcolor").count(), 5);
    let dot = std::fs::read_to_string(out.path().join("department_map.dot")).unwrap();
    assert!(dot.starts_with("graph departments"), "{dot}");
    assert!(dot.contains("Sales"));
}

#[test]
fn the_demo_organisation_tells_its_story() {
    let out = tempfile::tempdir().unwrap();
    analyze(
        &fixture("demo/messages.csv"),
        &fixture("demo/people.csv"),
        out.path(),
    )
    .assert()
    .success();
    let depts = read_keyed(&out.path().join("departments.csv"), &["department"]);
    let mut by_ei: Vec<(f64, String)> = depts
        .iter()
        .map(|(k, row)| (row["ei_index_weight"].parse::<f64>().unwrap(), k[0].clone()))
        .collect();
    by_ei.sort_by(|a, b| a.0.total_cmp(&b.0));
    let closed: Vec<&str> = by_ei.iter().take(2).map(|x| x.1.as_str()).collect();
    assert!(
        closed.contains(&"Production") && closed.contains(&"Juridique"),
        "{by_ei:?}"
    );
    let people = read_keyed(&out.path().join("people.csv"), &["id"]);
    let bridge = &people[&vec!["thomas.fournier@demo-corp.fr".to_string()]];
    assert_eq!(bridge["is_articulation_point"], "1");
    assert_eq!(bridge["department"], "Production");
    let md = std::fs::read_to_string(out.path().join("summary.md")).unwrap();
    assert!(
        md.contains("thomas.fournier@demo-corp.fr links Production to"),
        "{md}"
    );
    let s = json(&out.path().join("summary.json"));
    assert_eq!(s["input"]["rejected_rows"], 0);
    assert!(s["input"]["broadcasts_left_out"].as_u64().unwrap() >= 3);
    // the link between Production and the rest rests on the bridge person
    let pairs = read_keyed(
        &out.path().join("department_pairs.csv"),
        &["department_a", "department_b"],
    );
    for other in ["Finance", "R&D", "Ventes"] {
        let key = if other < "Production" {
            vec![other.to_string(), "Production".to_string()]
        } else {
            vec!["Production".to_string(), other.to_string()]
        };
        let row = &pairs[&key];
        assert_eq!(
            row["direct_link_rests_on"], "thomas.fournier@demo-corp.fr",
            "{other}"
        );
        assert_eq!(row["fragile"], "1");
    }
    let cuts = read_keyed(
        &out.path().join("cut_points.csv"),
        &["person", "cuts_off_department"],
    );
    let cut = &cuts[&vec![
        "thomas.fournier@demo-corp.fr".to_string(),
        "Production".to_string(),
    ]];
    assert_eq!(cut["people_cut_off"], "69");
}

// ---- bad rows: skipped and counted, fatal under --strict -------------------------------------

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

const PEOPLE: &[u8] = b"id,department\na,X\nb,X\nc,Y\n";

fn bad_row_case(messages: &[u8], expect_in_stderr: &str, reason_key: &str) {
    bad_row_case_with(messages, &[], expect_in_stderr, reason_key);
}

fn bad_row_case_with(messages: &[u8], args: &[&str], expect_in_stderr: &str, reason_key: &str) {
    let dir = tempfile::tempdir().unwrap();
    let m = write(dir.path(), "messages.csv", messages);
    let p = write(dir.path(), "people.csv", PEOPLE);
    let out = dir.path().join("out");
    analyze(&m, &p, &out).args(args).assert().success().stderr(
        predicate::str::contains("messages.csv: line 3")
            .and(predicate::str::contains(expect_in_stderr)),
    );
    let s = json(&out.join("summary.json"));
    assert_eq!(s["input"]["rejected"][reason_key], 1, "{s}");
    assert_eq!(s["ties"], 2, "the good rows still count");
    let strict_out = dir.path().join("strict");
    analyze(&m, &p, &strict_out)
        .args(args)
        .arg("--strict")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("messages.csv: line 3"));
    assert!(!strict_out.exists(), "a failed run writes nothing");
}

#[test]
fn unparseable_timestamp_is_a_rejected_row() {
    bad_row_case(
        b"timestamp,sender,recipients\n2024-01-01 10:00,a,b\nnot a date,a,c\n2024-01-02,b,c\n",
        "column 'timestamp'",
        "bad_timestamp",
    );
}

#[test]
fn empty_sender_is_a_rejected_row() {
    bad_row_case(
        b"timestamp,sender,recipients\n2024-01-01 10:00,a,b\n2024-01-01 11:00, ,c\n2024-01-02,b,c\n",
        "column 'sender'",
        "empty_sender",
    );
}

#[test]
fn too_few_fields_is_a_rejected_row() {
    bad_row_case(
        b"timestamp,sender,recipients\n2024-01-01 10:00,a,b\n2024-01-01 11:00,a\n2024-01-02,b,c\n",
        "expected 3 fields",
        "wrong_field_count",
    );
}

#[test]
fn invalid_utf8_is_a_rejected_row() {
    // a file forced to UTF-8 (a small file with an invalid byte is otherwise read as
    // Windows-1252: tests/exports.rs)
    bad_row_case_with(
        b"timestamp,sender,recipients\n2024-01-01 10:00,a,b\n2024-01-01 11:00,a\xff\xfe,c\n2024-01-02,b,c\n",
        &["--encoding", "utf-8"],
        "UTF-8",
        "invalid_utf8",
    );
}

// ---- bad files: always fatal, exit 1, nothing written ----------------------------------------

fn bad_file_case(messages: Option<&[u8]>, people: Option<&[u8]>, expect: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let m = match messages {
        Some(b) => write(dir.path(), "messages.csv", b),
        None => dir
            .path()
            .join("messages.csv")
            .to_string_lossy()
            .into_owned(),
    };
    let p = match people {
        Some(b) => write(dir.path(), "people.csv", b),
        None => dir.path().join("people.csv").to_string_lossy().into_owned(),
    };
    let out = dir.path().join("out");
    let mut pred = predicate::str::contains("siloscope: error:").boxed();
    for e in expect {
        pred = pred.and(predicate::str::contains(*e)).boxed();
    }
    analyze(&m, &p, &out).assert().code(1).stderr(pred);
    assert!(!out.exists(), "a failed run writes nothing");
}

const GOOD_MESSAGES: &[u8] = b"timestamp,sender,recipients\n2024-01-01 10:00,a,b\n";

#[test]
fn missing_required_column_is_fatal() {
    bad_file_case(
        Some(b"timestamp,from_whom,recipients\n2024-01-01 10:00,a,b\n"),
        Some(PEOPLE),
        &["messages.csv: line 1", "'sender'", "--map sender="],
    );
}

#[test]
fn unterminated_quote_is_fatal() {
    bad_file_case(
        Some(b"timestamp,sender,recipients\n2024-01-01 10:00,a,b\n2024-01-01 11:00,a,\"b;c\n2024-01-02,b,c\n2024-01-03,c,a\n"),
        Some(PEOPLE),
        &["messages.csv: line 3", "never closed"],
    );
}

#[test]
fn empty_file_is_fatal() {
    bad_file_case(Some(b""), Some(PEOPLE), &["messages.csv", "empty"]);
    bad_file_case(
        Some(GOOD_MESSAGES),
        Some(b"\xef\xbb\xbf"),
        &["people.csv", "empty"],
    );
}

#[test]
fn missing_file_is_fatal() {
    bad_file_case(None, Some(PEOPLE), &["messages.csv", "cannot read"]);
    bad_file_case(Some(GOOD_MESSAGES), None, &["people.csv", "cannot read"]);
}

#[test]
fn a_person_in_two_departments_is_fatal() {
    bad_file_case(
        Some(GOOD_MESSAGES),
        Some(b"id,department\na,X\nb,X\nA,Y\n"),
        &["people.csv: line 4", "already in 'X' on line 2"],
    );
}

#[test]
fn a_directory_without_department_column_is_fatal() {
    bad_file_case(
        Some(GOOD_MESSAGES),
        Some(b"id,site\na,Paris\n"),
        &["people.csv: line 1", "'department'"],
    );
}

// ---- input formats ----------------------------------------------------------------------------

#[test]
fn french_excel_export_with_synonyms_map_and_day_first_dates() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "annuaire.csv", b"\xef\xbb\xbfIdentifiant;Direction\r\nA@x.fr;Ventes\r\nb@x.fr;Ventes\r\nc@x.fr;Finance\r\n");
    let m = write(
        dir.path(),
        "mails.csv",
        b"Date;Expediteur;A;Cc;Objet\r\n31/01/2024 09:30;a@x.fr;b@x.fr;c@x.fr;secret\r\n01/02/2024 10:00;C@X.FR;a@x.fr;;hello\r\n",
    );
    let out = dir.path().join("out");
    // without day-first, every row is rejected: an empty network would mislead, so it fails
    analyze(&m, &p, &out)
        .args(["--map", "recipients=A"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("none of the 2 message rows")
                .and(predicate::str::contains("--date-format day-first")),
        );
    assert!(!out.exists());
    analyze(&m, &p, &out)
        .args(["--map", "recipients=A", "--date-format", "day-first"])
        .assert()
        .success();
    let s = json(&out.join("summary.json"));
    assert_eq!(s["input"]["rejected_rows"], 0);
    assert_eq!(s["ties"], 2);
    assert_eq!(s["input"]["content_columns_ignored"][0], "Objet");
    let ties = read_keyed(&out.join("ties.csv"), &["source", "target"]);
    assert_eq!(
        ties[&vec!["a@x.fr".to_string(), "c@x.fr".to_string()]]["weight"],
        "1.5"
    );
}

#[test]
fn messages_from_stdin_and_several_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "people.csv", PEOPLE);
    let m2 = write(dir.path(), "more.csv", b"sender\trecipients\nb\tc\n");
    let out = dir.path().join("out");
    siloscope()
        .args([
            "analyze",
            "--messages",
            "-",
            "--reveal-identities",
            "--messages",
            &m2,
            "--people",
            &p,
            "--out",
        ])
        .arg(&out)
        .write_stdin("from,to\na,b\n")
        .assert()
        .success();
    let s = json(&out.join("summary.json"));
    assert_eq!(s["ties"], 2);
    assert_eq!(s["input"]["message_files"][0], "-");
}

// ---- usage errors: exit 2 ----------------------------------------------------------------------

#[test]
fn usage_errors_exit_with_2() {
    let t = fixture("tiny/messages.csv");
    let p = fixture("tiny/people.csv");
    let out = tempfile::tempdir().unwrap();
    analyze(&t, &p, out.path())
        .args(["--analyses", "pagerank"])
        .assert()
        .code(2);
    analyze(&t, &p, out.path())
        .args(["--map", "subject=Objet"])
        .assert()
        .code(2);
    analyze(&t, &p, out.path())
        .args(["--date-format", "french"])
        .assert()
        .code(2);
    analyze(&t, &p, out.path())
        .args(["--threads", "0"])
        .assert()
        .code(2);
    siloscope()
        .args(["analyze", "--people", &p])
        .assert()
        .code(2);
    siloscope().arg("frobnicate").assert().code(2);
    siloscope()
        .args(["analyze", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("fixtures/demo/messages.csv"));
}

#[test]
fn analyses_can_be_chosen_and_timed() {
    let out = tempfile::tempdir().unwrap();
    let timings = out.path().join("t.json");
    analyze(
        &fixture("tiny/messages.csv"),
        &fixture("tiny/people.csv"),
        &out.path().join("o"),
    )
    .args(["--analyses", "departments", "--timings"])
    .arg(&timings)
    .assert()
    .success();
    let t = json(&timings);
    for stage in [
        "ingest",
        "graph",
        "betweenness",
        "betweenness_weighted",
        "edge_betweenness",
        "bridges",
        "departments",
        "privacy",
        "other_groupings",
        "focus",
        "reporting_lines",
        "report",
        "total",
    ] {
        assert!(t[stage].is_number(), "timings lack {stage}: {t}");
    }
    let people = read_keyed(&out.path().join("o/people.csv"), &["id"]);
    assert_eq!(people[&vec!["bob@co".to_string()]]["betweenness"], "");
    let s = json(&out.path().join("o/summary.json"));
    assert!(s["bridges"].is_null());
    // a later run without the department analysis leaves no stale department files behind
    analyze(
        &fixture("tiny/messages.csv"),
        &fixture("tiny/people.csv"),
        &out.path().join("o"),
    )
    .args(["--analyses", "edge_betweenness", "--timings"])
    .arg(&timings)
    .assert()
    .success();
    assert!(!out.path().join("o/departments.csv").exists());
    assert!(out.path().join("o/people.csv").exists());
    let t = json(&timings);
    assert_eq!(t["betweenness"], 0.0);
    assert!(t["edge_betweenness"].as_f64().unwrap() > 0.0, "{t}");
}

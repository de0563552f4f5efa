//! `--ties`: a tie list aggregated elsewhere (docs/SCALE.md). Its rows are summed exactly, so
//! their order and the split of a tie over rows change nothing; malformed weights and days are
//! rejected with file, line and column; days are midnights of --timezone; a channel column is
//! kept or weighed as a message's; --ties needs --people and excludes --messages.

mod util;

use std::path::Path;

use util::{analyze_shown, fixture, read_keyed, siloscope, summary};

/// The files that must be the same bytes when only the rows of the tie list change.
const OUTPUTS: [&str; 5] = [
    "ties.csv",
    "people.csv",
    "departments.csv",
    "department_flows.csv",
    "communities.csv",
];

fn analyze_ties(ties: &[&Path], people: &str, out: &Path, extra: &[&str]) {
    let mut cmd = analyze_shown();
    for t in ties {
        cmd.arg("--ties").arg(t);
    }
    cmd.args(["--people", people])
        .args(extra)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

/// A weight of `units` × 10^-12 written with 12 decimals.
fn decimal(units: u64) -> String {
    format!(
        "{}.{:012}",
        units / 1_000_000_000_000,
        units % 1_000_000_000_000
    )
}

/// The ids of the demo directory.
fn demo_ids() -> Vec<String> {
    let text = std::fs::read_to_string(fixture("demo/people.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| l.split(';').next().unwrap().to_string())
        .collect()
}

#[test]
fn rows_in_another_order_and_ties_split_over_rows_and_files_give_the_same_bytes() {
    let ids = demo_ids();
    // 3,000 directed ties among the demo's people, weights that are not short decimals
    let mut state: u64 = 42;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state >> 33
    };
    let mut rows: Vec<(String, String, u64)> = Vec::new();
    while rows.len() < 3000 {
        let (a, b) = (next() as usize % ids.len(), next() as usize % ids.len());
        // same department most of the time: neighbours in the directory's order
        let b = if next() % 4 == 0 {
            b
        } else {
            (a + 1 + b % 5) % ids.len()
        };
        if a != b {
            let units = 1_000_000_000_000 / (1 + next() % 7) * (1 + next() % 3);
            rows.push((ids[a].clone(), ids[b].clone(), units));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, rows: &[(String, String, u64)], header: &str| {
        let mut text = format!("{header}\n");
        for (s, t, u) in rows {
            text.push_str(&format!("{s},{t},{}\n", decimal(*u)));
        }
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let one = write("one.csv", &rows, "source,target,weight");
    // the same ties, reversed, each split in two exact parts, the halves in two files (the
    // second with its header in other case and columns in another order)
    let mut first = Vec::new();
    let mut second = Vec::new();
    for (s, t, u) in rows.iter().rev() {
        let part = u / 3;
        first.push((s.clone(), t.clone(), part));
        second.push((t.clone(), s.clone(), u - part));
    }
    let first = write("first.csv", &first, "source,target,weight");
    let second = write("second.csv", &second, "TARGET,Source,Weight");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let people = fixture("demo/people.csv");
    analyze_ties(&[&one], &people, &a, &[]);
    analyze_ties(&[&second, &first], &people, &b, &[]);
    for file in OUTPUTS {
        assert_eq!(
            std::fs::read(a.join(file)).unwrap(),
            std::fs::read(b.join(file)).unwrap(),
            "{file}"
        );
    }
    assert_eq!(summary(&a)["input"]["tie_rows"], 3000);
    assert_eq!(summary(&b)["input"]["tie_rows"], 6000);
}

const PEOPLE: &str = "id,department\na@x,A\nb@x,A\nc@x,B\n";

/// A tie list and the three-person directory above in a folder.
fn small(ties: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ties.csv"), ties).unwrap();
    std::fs::write(dir.path().join("people.csv"), PEOPLE).unwrap();
    dir
}

fn weights(out: &Path) -> Vec<(String, String)> {
    read_keyed(&out.join("ties.csv"), &["source", "target"])
        .into_iter()
        .map(|(k, r)| (k.join("-"), r["weight"].clone()))
        .collect()
}

#[test]
fn malformed_weights_and_days_are_rejected_with_file_line_and_column() {
    let dir = small(
        "source,target,weight,period\n\
         a@x,b@x,0.5,2024-01-02\n\
         a@x,b@x,-1,2024-01-02\n\
         a@x,b@x,NaN,2024-01-02\n\
         a@x,b@x,lots,2024-01-02\n\
         a@x,b@x,,2024-01-02\n\
         a@x,b@x,1,02/01/2024\n\
         A@X ,c@x,1e3,2024-01-02\n\
         A@X ,c@x,0.25,\n\
         a@x,nobody@y,1,2024-01-02\n\
         a@x,a@x,1,2024-01-02\n",
    );
    let output = siloscope()
        .current_dir(dir.path())
        .args(["check", "--ties", "ties.csv", "--people", "people.csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(out.contains("tie-list: tie list"), "{out}");
    assert!(out.contains("rejected message rows: 6"), "{out}");
    // the first five rejected rows are shown
    for line in [3, 4, 5, 6] {
        assert!(
            out.contains(&format!("ties.csv: line {line}, column 'weight'")),
            "line {line}: {out}"
        );
    }
    assert!(out.contains("ties.csv: line 7, column 'period'"), "{out}");
    assert!(
        out.contains("tie rows: 4 (weight from 'weight'; outside the directory: 1; weight 0: 0; to oneself: 1)"),
        "{out}"
    );
    let strict = siloscope()
        .current_dir(dir.path())
        .args([
            "check",
            "--strict",
            "--ties",
            "ties.csv",
            "--people",
            "people.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
    let out = dir.path().join("out");
    let people = dir.path().join("people.csv");
    analyze_ties(
        &[&dir.path().join("ties.csv")],
        people.to_str().unwrap(),
        &out,
        &[],
    );
    assert_eq!(
        weights(&out),
        vec![
            ("a@x-b@x".to_string(), "0.5".to_string()),
            ("a@x-c@x".to_string(), "0.25".to_string())
        ]
    );
    let s = summary(&out);
    assert_eq!(
        s["input"]["rejected"],
        serde_json::json!({"bad_timestamp": 1, "bad_weight": 5}),
        "{s}"
    );
}

#[test]
fn a_day_is_midnight_of_the_time_zone_for_since_and_until() {
    let dir = small(
        "source,target,weight,period\n\
         a@x,b@x,1,2023-12-31\n\
         a@x,b@x,2,2024-01-01\n\
         a@x,c@x,4,2024-01-31\n\
         a@x,c@x,8,2024-02-01\n",
    );
    let out = dir.path().join("out");
    let ties = dir.path().join("ties.csv");
    let people = dir.path().join("people.csv");
    let people = people.to_str().unwrap();
    // midnight in New York is 05:00 UTC: a day read at midnight UTC would fall before --since
    analyze_ties(
        &[&ties],
        people,
        &out,
        &[
            "--since",
            "2024-01-01",
            "--until",
            "2024-02-01",
            "--timezone",
            "America/New_York",
        ],
    );
    assert_eq!(
        weights(&out),
        vec![
            ("a@x-b@x".to_string(), "2.0".to_string()),
            ("a@x-c@x".to_string(), "4.0".to_string())
        ]
    );
    let s = summary(&out);
    assert_eq!(s["input"]["messages_outside_period"], 2, "{s}");
}

#[test]
fn a_channel_column_is_kept_and_weighed_as_a_message_s_and_no_column_is_email() {
    let dir = small(
        "source,target,weight,channel\n\
         a@x,b@x,1,chat\n\
         a@x,b@x,2,email\n\
         a@x,c@x,4,\n\
         b@x,c@x,8,Chat\n",
    );
    let out = dir.path().join("out");
    let ties = dir.path().join("ties.csv");
    let people = dir.path().join("people.csv");
    let people = people.to_str().unwrap();
    analyze_ties(&[&ties], people, &out, &["--weight", "chat=0.5"]);
    assert_eq!(
        weights(&out),
        vec![
            ("a@x-b@x".to_string(), "2.5".to_string()),
            ("a@x-c@x".to_string(), "4.0".to_string()),
            ("b@x-c@x".to_string(), "4.0".to_string())
        ]
    );
    analyze_ties(&[&ties], people, &out, &["--channel", "email"]);
    assert_eq!(
        weights(&out),
        vec![
            ("a@x-b@x".to_string(), "2.0".to_string()),
            ("a@x-c@x".to_string(), "4.0".to_string())
        ]
    );
    assert_eq!(summary(&out)["input"]["messages_of_other_channels"], 2);
    // the tie list is named as such, not as a Viva Insights query
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.contains("from 4 rows of a tie list"), "{md}");
    assert!(!md.contains("Viva"), "{md}");
}

#[test]
fn ties_need_people_and_exclude_messages_and_a_tie_list_given_as_messages_is_one() {
    let dir = small("source,target,weight\na@x,b@x,1\n");
    let run = |args: &[&str]| {
        siloscope()
            .current_dir(dir.path())
            .arg("check")
            .args(args)
            .output()
            .unwrap()
    };
    let alone = run(&["--ties", "ties.csv"]);
    assert_eq!(alone.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&alone.stderr).contains("--ties needs --people"));
    let both = run(&[
        "--ties",
        "ties.csv",
        "--messages",
        "ties.csv",
        "--people",
        "people.csv",
    ]);
    assert_eq!(both.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&both.stderr).contains("cannot be used with"));
    let neither = run(&["--people", "people.csv"]);
    assert_eq!(neither.status.code(), Some(2));
    // given as --messages, a tie list is told by its weight column, not read as messages
    let as_messages = run(&["--messages", "ties.csv", "--people", "people.csv"]);
    assert!(as_messages.status.success());
    let out = String::from_utf8_lossy(&as_messages.stdout);
    assert!(out.contains("tie-list: tie list"), "{out}");
    assert!(out.contains("tie rows: 1"), "{out}");
}

//! `siloscope trend`: the periods (days, ISO weeks, months) cut in --timezone, the messages and
//! people active per period against counts made here from the raw rows, the launch, the same
//! bytes for any --threads and any order of the rows, and a refusal that writes nothing.

mod util;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use predicates::prelude::*;
use util::{fixture, read_csv, shared, siloscope};

/// `siloscope trend --quiet` of `messages` with the directory `people`, then `extra`, into `out`.
fn trend(messages: &str, people: &str, out: &Path, extra: &[&str]) -> assert_cmd::Command {
    let mut cmd = siloscope();
    cmd.args([
        "trend",
        "--quiet",
        "--messages",
        messages,
        "--people",
        people,
    ])
    .args(extra)
    .arg("--out")
    .arg(out);
    cmd
}

/// The fixture of fixtures/trend (see its README), every department shown.
fn fixture_trend(out: &Path, extra: &[&str]) -> assert_cmd::Command {
    let mut args = vec!["--min-group-size", "1"];
    args.extend_from_slice(extra);
    trend(
        &fixture("trend/messages.csv"),
        &fixture("trend/people.csv"),
        out,
        &args,
    )
}

/// trend.csv as period → measure (with its group, `measure|group` when there is one) → value.
fn measures(out: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut by_period: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for row in read_csv(&out.join("trend.csv")) {
        let key = if row["group"].is_empty() {
            row["measure"].clone()
        } else {
            format!("{}|{}", row["measure"], row["group"])
        };
        by_period
            .entry(row["period"].clone())
            .or_default()
            .insert(key, row["value"].clone());
    }
    by_period
}

/// period → (start, end, days, after_launch, low_activity), from trend.csv.
fn periods(out: &Path) -> BTreeMap<String, [String; 5]> {
    read_csv(&out.join("trend.csv"))
        .into_iter()
        .map(|r| {
            (
                r["period"].clone(),
                [
                    r["start"].clone(),
                    r["end"].clone(),
                    r["days"].clone(),
                    r["after_launch"].clone(),
                    r["low_activity"].clone(),
                ],
            )
        })
        .collect()
}

fn column(m: &BTreeMap<String, BTreeMap<String, String>>, measure: &str) -> Vec<(String, String)> {
    m.iter()
        .map(|(p, v)| (p.clone(), v[measure].clone()))
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn weeks_and_months_are_cut_in_the_time_zone() {
    let dir = tempfile::tempdir().unwrap();
    let paris = dir.path().join("paris");
    fixture_trend(&paris, &["--timezone", "Europe/Paris"])
        .assert()
        .success();
    let m = measures(&paris);
    assert_eq!(
        column(&m, "messages"),
        pairs(&[("2024-W26", "2"), ("2024-W27", "2"), ("2024-W28", "2")])
    );
    assert_eq!(
        column(&m, "people_active"),
        pairs(&[("2024-W26", "4"), ("2024-W27", "4"), ("2024-W28", "4")])
    );
    let p = periods(&paris);
    assert_eq!(p["2024-W26"][..3], ["2024-06-28", "2024-06-30", "3"]);
    assert_eq!(p["2024-W27"][..3], ["2024-07-01", "2024-07-07", "7"]);
    assert_eq!(p["2024-W28"][..3], ["2024-07-08", "2024-07-10", "3"]);
    assert!(p.values().all(|v| v[3].is_empty() && v[4] == "true"));
    // per day: 2 messages over the 3 days of a partial week
    assert_eq!(
        m["2024-W26"]["messages_per_day"],
        (2.0f64 / 3.0).to_string()
    );
    // W26 in Paris: a1 → b1 and a3 → b1; b2, every exchange across departments
    assert_eq!(m["2024-W26"]["cross_department_share"], "1.0");
    assert_eq!(m["2024-W26"]["ei_index|Achats"], "1.0");
    assert_eq!(
        m["2024-W26"]["flow_per_day|Achats | Bureau"],
        "0.6666666666666666"
    );

    let utc = dir.path().join("utc");
    fixture_trend(&utc, &[]).assert().success();
    assert_eq!(
        column(&measures(&utc), "messages"),
        pairs(&[("2024-W26", "3"), ("2024-W27", "2"), ("2024-W28", "1")])
    );
    assert_eq!(measures(&utc)["2024-W26"]["people_active"], "5");

    let months = dir.path().join("months");
    fixture_trend(
        &months,
        &["--timezone", "Europe/Paris", "--period", "month"],
    )
    .assert()
    .success();
    assert_eq!(
        column(&measures(&months), "messages"),
        pairs(&[("2024-06", "2"), ("2024-07", "4")])
    );
    assert_eq!(periods(&months)["2024-07"][2], "10");
    let months_utc = dir.path().join("months-utc");
    fixture_trend(&months_utc, &["--period", "month"])
        .assert()
        .success();
    assert_eq!(
        column(&measures(&months_utc), "messages"),
        pairs(&[("2024-06", "3"), ("2024-07", "3")])
    );
}

#[test]
fn the_launch_marks_the_periods_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let after = |launch: &str, period: &str| -> Vec<(String, String)> {
        let out = dir.path().join(format!("{period}-{launch}"));
        fixture_trend(
            &out,
            &[
                "--timezone",
                "Europe/Paris",
                "--period",
                period,
                "--launch",
                launch,
            ],
        )
        .assert()
        .success();
        let svg = std::fs::read_to_string(out.join("trend.svg")).unwrap();
        assert!(svg.contains(&format!("launch {launch}")), "{svg}");
        assert!(
            std::fs::read_to_string(out.join("trend.md"))
                .unwrap()
                .contains(&format!("## Before and after the launch ({launch})"))
        );
        periods(&out)
            .into_iter()
            .map(|(p, v)| (p, v[3].clone()))
            .collect()
    };
    assert_eq!(
        after("2024-07-01", "week"),
        pairs(&[
            ("2024-W26", "false"),
            ("2024-W27", "true"),
            ("2024-W28", "true")
        ])
    );
    // a launch in the middle of a week: that week is not after it
    assert_eq!(
        after("2024-07-03", "week"),
        pairs(&[
            ("2024-W26", "false"),
            ("2024-W27", "false"),
            ("2024-W28", "true")
        ])
    );
    assert_eq!(
        after("2024-07-01", "month"),
        pairs(&[("2024-06", "false"), ("2024-07", "true")])
    );
}

#[test]
fn a_launch_outside_the_data_is_a_warning_and_a_bad_one_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let mut cmd = siloscope();
    cmd.args(["trend", "--min-group-size", "1", "--launch", "2030-01-01"])
        .args(["--messages", &fixture("trend/messages.csv")])
        .args(["--people", &fixture("trend/people.csv"), "--out"])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: the launch (2030-01-01) falls outside the period of the data",
        ));
    assert!(periods(&out).values().all(|v| v[3] == "false"));
    assert!(
        std::fs::read_to_string(out.join("trend.md"))
            .unwrap()
            .contains("The launch falls outside the period analysed")
    );
    let bad = dir.path().join("bad");
    fixture_trend(&bad, &["--launch", "next monday"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--launch next monday"));
    assert!(!bad.exists());
}

/// The rows of messages.csv that add weight, recomputed here: DESIGN.md's rule for a message
/// to one recipient is that it counts when its sender and its recipient are both in the
/// directory and differ (no broadcast is possible with one recipient). Per UTC day: messages
/// and the distinct people who sent or received one.
fn recount(data: &Path) -> BTreeMap<String, (u64, BTreeSet<String>)> {
    let people: BTreeSet<String> = read_csv(&data.join("people.csv"))
        .into_iter()
        .map(|r| r["id"].clone())
        .collect();
    let mut days: BTreeMap<String, (u64, BTreeSet<String>)> = BTreeMap::new();
    for r in read_csv(&data.join("messages.csv")) {
        let (s, t) = (&r["sender"], &r["recipients"]);
        assert!(!t.contains(';'), "one recipient per row");
        if s == t || !people.contains(s) || !people.contains(t) {
            continue;
        }
        let day = chrono::DateTime::parse_from_rfc3339(&r["timestamp"])
            .unwrap()
            .with_timezone(&chrono::Utc)
            .format("%Y-%m-%d")
            .to_string();
        let entry = days.entry(day).or_default();
        entry.0 += 1;
        entry.1.insert(s.clone());
        entry.1.insert(t.clone());
    }
    days
}

#[test]
fn per_day_messages_and_people_active_match_a_count_of_the_rows() {
    let Some(shared) = shared() else { return };
    let data = shared.join("data/sociopatterns-workplace-2015");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("days");
    trend(
        data.join("messages.csv").to_str().unwrap(),
        data.join("people.csv").to_str().unwrap(),
        &out,
        &["--period", "day"],
    )
    .assert()
    .success();
    let want = recount(&data);
    let got = measures(&out);
    // every calendar day from the first to the last, the quiet ones included
    let first = want.keys().next().unwrap().clone();
    let last = want.keys().next_back().unwrap().clone();
    assert_eq!(got.keys().next(), Some(&first));
    assert_eq!(got.keys().next_back(), Some(&last));
    assert_eq!(got.len(), 12, "1970-01-01 to 1970-01-12");
    let mut quiet = 0;
    for (day, m) in &got {
        let (messages, people) = want.get(day).cloned().unwrap_or_default();
        assert_eq!(m["messages"], messages.to_string(), "{day}: messages");
        assert_eq!(
            m["people_active"],
            people.len().to_string(),
            "{day}: people"
        );
        assert_eq!(m["messages_per_day"].parse::<f64>(), Ok(messages as f64));
        if messages == 0 {
            quiet += 1;
            assert_eq!(
                m["cross_department_share"], "",
                "{day}: no weight, no share"
            );
        }
    }
    assert_eq!(quiet, 2, "the weekend 1970-01-06 and 07 has no contact");
    let low: Vec<String> = periods(&out)
        .into_iter()
        .filter(|(_, v)| v[4] == "true")
        .map(|(p, _)| p)
        .collect();
    assert_eq!(low, ["1970-01-06", "1970-01-07"]);
    // figures only for reported groups: SDOC (4) and DG (2) are merged
    let rows = read_csv(&out.join("trend.csv"));
    let groups: BTreeSet<&str> = rows
        .iter()
        .filter(|r| r["measure"] == "ei_index")
        .map(|r| r["group"].as_str())
        .collect();
    assert!(groups.contains("other (small groups)"));
    assert!(!groups.contains("SDOC") && !groups.contains("DG"));
    assert!(
        rows.iter()
            .filter(|r| r["measure"] == "flow_per_day")
            .all(|r| !r["group"].contains("SDOC") && !r["group"].contains("DG"))
    );
}

#[test]
fn the_same_bytes_for_any_threads_and_any_row_order() {
    let Some(shared) = shared() else { return };
    let data = shared.join("data/sociopatterns-workplace-2015");
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(data.join("messages.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    lines.reverse();
    let reversed = dir.path().join("reversed.csv");
    std::fs::write(&reversed, format!("{header}\n{}\n", lines.join("\n"))).unwrap();
    let people = data.join("people.csv");
    let run = |name: &str, messages: &Path, threads: &str| {
        let out = dir.path().join(name);
        trend(
            messages.to_str().unwrap(),
            people.to_str().unwrap(),
            &out,
            &["--threads", threads, "--launch", "1970-01-08"],
        )
        .assert()
        .success();
        util::folder_bytes(&out)
    };
    let one = run("one", &data.join("messages.csv"), "1");
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        [".siloscope-manifest", "trend.csv", "trend.md", "trend.svg"]
    );
    assert_eq!(one, run("eight", &data.join("messages.csv"), "8"));
    assert_eq!(one, run("reversed", &reversed, "8"));
}

#[test]
fn a_log_without_any_message_row_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("messages.csv");
    std::fs::write(&empty, "timestamp,sender,recipients\n").unwrap();
    let out = dir.path().join("out");
    trend(
        empty.to_str().unwrap(),
        &fixture("trend/people.csv"),
        &out,
        &[],
    )
    .assert()
    .code(1)
    .stderr(predicate::str::contains("holds no message row"));
    assert!(!out.exists(), "nothing written");
}

#[test]
fn undated_messages_alone_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let undated = dir.path().join("messages.csv");
    std::fs::write(&undated, "sender,recipients\na1@co,b1@co\nb2@co,a2@co\n").unwrap();
    let out = dir.path().join("out");
    trend(
        undated.to_str().unwrap(),
        &fixture("trend/people.csv"),
        &out,
        &[],
    )
    .assert()
    .code(1)
    .stderr(predicate::str::contains(
        "none of the 2 messages used carries a date",
    ));
    assert!(!out.exists(), "nothing written");
}

#[test]
fn french_and_excel_change_the_spelling_only() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, fr) = (dir.path().join("plain"), dir.path().join("fr"));
    fixture_trend(&plain, &["--timezone", "Europe/Paris"])
        .assert()
        .success();
    fixture_trend(
        &fr,
        &["--timezone", "Europe/Paris", "--lang", "fr", "--excel"],
    )
    .assert()
    .success();
    let md = std::fs::read_to_string(fr.join("trend.md")).unwrap();
    assert!(
        md.starts_with("# Collaboration entre directions, semaine par semaine"),
        "{md}"
    );
    assert!(md.contains("du 2024-06-28 au 2024-07-10 (Europe/Paris) : 3 semaines"));
    let svg = std::fs::read_to_string(fr.join("trend.svg")).unwrap();
    assert!(svg.contains("semaine ISO (du lundi au dimanche)"));
    let excel = std::fs::read(fr.join("trend.csv")).unwrap();
    assert!(excel.starts_with(b"\xef\xbb\xbfperiod;start;end;days;"));
    let plain = std::fs::read_to_string(plain.join("trend.csv")).unwrap();
    assert!(String::from_utf8_lossy(&excel).contains(";messages_per_day;;0,6666666666666666"));
    assert!(plain.contains(",messages_per_day,,0.6666666666666666"));
}

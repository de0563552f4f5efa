//! `--since`, `--until`, `--timezone`: FROM included, TO excluded, dates cut in the time zone;
//! messages outside the period and undated ones are left out and counted, in the same identity
//! as every other reason.

mod util;

use std::path::Path;

use util::{analyze, fixture, read_csv, summary};

fn small(dir: &Path) -> (String, String) {
    let people = dir.join("people.csv");
    let messages = dir.join("messages.csv");
    let mut p = String::from("id,department\n");
    for i in 0..6 {
        p += &format!("p{i}@x.fr,{}\n", ["A", "B"][i % 2]);
    }
    std::fs::write(&people, p).unwrap();
    // 23:30 UTC on 28 February is 00:30 on 1 March in Paris
    std::fs::write(
        &messages,
        "timestamp,sender,recipients\n\
         2026-02-28T23:30:00Z,p0@x.fr,p1@x.fr\n\
         2026-03-01T10:00:00Z,p1@x.fr,p2@x.fr\n\
         2026-03-31T21:59:59Z,p2@x.fr,p3@x.fr\n\
         2026-03-31T22:00:00Z,p3@x.fr,p4@x.fr\n\
         ,p4@x.fr,p5@x.fr\n",
    )
    .unwrap();
    (
        messages.to_string_lossy().into_owned(),
        people.to_string_lossy().into_owned(),
    )
}

fn counts(out: &Path) -> (u64, u64, u64) {
    let s = summary(out);
    let i = &s["input"];
    (
        i["messages_used"].as_u64().unwrap(),
        i["messages_outside_period"].as_u64().unwrap(),
        i["messages_undated"].as_u64().unwrap(),
    )
}

#[test]
fn the_period_is_cut_in_the_time_zone_from_included_to_excluded() {
    let dir = tempfile::tempdir().unwrap();
    let (m, p) = small(dir.path());
    let march = ["--since", "2026-03-01", "--until", "2026-04-01"];
    let paris = dir.path().join("paris");
    let mut args = march.to_vec();
    args.extend(["--timezone", "Europe/Paris"]);
    analyze(&m, &p, &paris, &args).assert().success();
    // Paris: the 23:30 UTC message of 28 February is March, the 22:00 UTC one of 31 March is
    // midnight of 1 April (summer time), excluded
    assert_eq!(counts(&paris), (3, 1, 1));
    assert_eq!(pairs(&paris), ["p0-p1", "p1-p2", "p2-p3"]);
    let utc = dir.path().join("utc");
    analyze(&m, &p, &utc, &march).assert().success();
    // UTC: the first message is February, both of 31 March are in
    assert_eq!(counts(&utc), (3, 1, 1));
    assert_eq!(pairs(&utc), ["p1-p2", "p2-p3", "p3-p4"]);
    let md = std::fs::read_to_string(paris.join("summary.md")).unwrap();
    assert!(
        md.contains("Period analysed: 2026-03-01 to 2026-03-31 (Europe/Paris)."),
        "{md}"
    );
    assert!(md.contains("| undated messages | 1 |"), "{md}");
}

fn pairs(out: &Path) -> Vec<String> {
    let mut pairs: Vec<String> = read_csv(&out.join("ties.csv"))
        .iter()
        .map(|t| {
            let short = |s: &str| s.split('@').next().unwrap_or_default().to_string();
            let (a, b) = (short(&t["source"]), short(&t["target"]));
            if a < b {
                format!("{a}-{b}")
            } else {
                format!("{b}-{a}")
            }
        })
        .collect();
    pairs.sort();
    pairs
}

#[test]
fn without_a_period_nothing_is_left_out_for_its_date() {
    let dir = tempfile::tempdir().unwrap();
    let (m, p) = small(dir.path());
    analyze(&m, &p, dir.path().join("o").as_path(), &[])
        .assert()
        .success();
    assert_eq!(counts(&dir.path().join("o")), (5, 0, 0));
}

#[test]
fn the_left_out_messages_add_up_on_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    analyze(
        &fixture("demo/messages.csv"),
        &fixture("demo/people.csv"),
        &out,
        &["--since", "2026-03-01", "--until", "2026-05-01"],
    )
    .assert()
    .success();
    let s = summary(&out);
    let i = &s["input"];
    let n = |k: &str| i[k].as_u64().unwrap();
    assert_eq!(
        n("messages"),
        n("messages_used")
            + n("self_messages")
            + n("messages_without_recipients")
            + n("broadcasts_left_out")
            + n("messages_from_external_senders")
            + n("messages_of_other_channels")
            + n("messages_only_to_external_recipients")
            + n("messages_outside_period")
            + n("messages_undated")
    );
    // recomputed from the file: rows dated before March or from May on
    let text = std::fs::read_to_string(fixture("demo/messages.csv")).unwrap();
    let outside = text
        .lines()
        .skip(1)
        .filter(|l| {
            let day = &l[..10];
            !("2026-03-01".."2026-05-01").contains(&day)
        })
        .count() as u64;
    assert_eq!(n("messages_outside_period"), outside);
}

#[test]
fn a_bad_date_or_an_empty_period_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let (m, p) = small(dir.path());
    for args in [
        &["--since", "01/03/2026"][..],
        &["--since", "2026-03-01", "--until", "2026-03-01"],
        &["--since", "2026-03-01", "--timezone", "Paris"],
    ] {
        analyze(&m, &p, dir.path().join("o").as_path(), args)
            .assert()
            .code(2);
    }
}

#[test]
fn a_period_without_messages_is_refused_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let (m, p) = small(dir.path());
    let refused = analyze(
        &m,
        &p,
        dir.path().join("o").as_path(),
        &["--since", "2030-01-01"],
    )
    .assert()
    .code(1);
    let err = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(err.contains("4 outside the period, 1 undated"), "{err}");
    assert!(!dir.path().join("o").join("summary.md").exists());
}

#[test]
fn the_pictures_show_the_days_of_the_time_zone() {
    let dir = tempfile::tempdir().unwrap();
    let (m, p) = small(dir.path());
    let out = dir.path().join("o");
    util::siloscope()
        .args([
            "analyze",
            "--reveal-identities",
            "--min-group-size",
            "1",
            "--quiet",
        ])
        .args(["--format", "svg", "--messages", &m, "--people", &p])
        .args(["--since", "2026-03-01", "--until", "2026-04-01"])
        .args(["--timezone", "Europe/Paris"])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    // the first message analysed is 23:30 UTC on 28 February: 1 March in Paris
    let heatmap = std::fs::read_to_string(out.join("department_flows.svg")).unwrap();
    assert!(
        heatmap.contains("2026-03-01 \u{2013} 2026-03-31"),
        "{heatmap}"
    );
}

#[test]
fn check_says_how_many_messages_the_period_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    let (m, p) = small(dir.path());
    let shown = util::check(&m, &p, &["--since", "2026-03-01", "--until", "2026-04-01"]);
    assert!(shown.contains("1 outside the period, 1 undated"), "{shown}");
}

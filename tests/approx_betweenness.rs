//! `--betweenness approx`: sampled betweenness (Riondato & Kornaropoulos 2016) against the
//! exact reference values of email-eu-core, its determinism, `auto` on small inputs, and the
//! guarantee the summary states.

mod util;

use std::collections::BTreeMap;
use std::path::Path;

use util::{analyze, folder_bytes, read_keyed, shared, summary};

const EPSILON: f64 = 0.01;

fn num(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: {s:?}"))
}

/// Analyzes email-eu-core (betweenness and edge betweenness only) with `extra` into `out`.
fn email_eu_core(shared: &Path, out: &Path, extra: &[&str]) {
    let data = shared.join("data/email-eu-core");
    let messages = data.join("messages.csv");
    let people = data.join("people.csv");
    let mut args = vec!["--analyses", "betweenness,edge_betweenness", "--quiet"];
    args.extend(extra);
    analyze(
        messages.to_str().unwrap(),
        people.to_str().unwrap(),
        out,
        &args,
    )
    .assert()
    .success();
}

/// The largest absolute error of people.csv's betweenness and of ties.csv's edge betweenness
/// against the reference.
fn largest_errors(out: &Path, reference: &Path) -> (f64, f64) {
    let got = read_keyed(&out.join("people.csv"), &["id"]);
    let want = read_keyed(&reference.join("nodes.csv"), &["id"]);
    assert_eq!(got.len(), want.len());
    let people = want
        .iter()
        .map(|(id, w)| (num(&got[id]["betweenness"]) - num(&w["betweenness"])).abs())
        .fold(0.0, f64::max);
    let unordered = |a: &str, b: &str| {
        if a <= b {
            (a.to_string(), b.to_string())
        } else {
            (b.to_string(), a.to_string())
        }
    };
    let got: BTreeMap<_, _> = read_keyed(&out.join("ties.csv"), &["source", "target"])
        .into_iter()
        .map(|(k, row)| (unordered(&k[0], &k[1]), num(&row["edge_betweenness"])))
        .collect();
    let want = read_keyed(&reference.join("edges.csv"), &["source", "target"]);
    assert_eq!(got.len(), want.len());
    let ties = want
        .iter()
        .map(|(k, w)| (got[&unordered(&k[0], &k[1])] - num(&w["edge_betweenness"])).abs())
        .fold(0.0, f64::max);
    (people, ties)
}

#[test]
fn sampled_betweenness_is_within_epsilon_for_almost_every_seed() {
    let Some(shared) = shared() else { return };
    let reference = shared.join("reference/email-eu-core");
    let dir = tempfile::tempdir().unwrap();
    let mut within = (0, 0);
    let mut worst: (f64, f64) = (0.0, 0.0);
    for seed in 1..=20 {
        let out = dir.path().join(format!("s{seed}"));
        let seed = seed.to_string();
        email_eu_core(
            &shared,
            &out,
            &[
                "--betweenness",
                "approx",
                "--epsilon",
                "0.01",
                "--seed",
                &seed,
            ],
        );
        let (people, ties) = largest_errors(&out, &reference);
        within.0 += usize::from(people <= EPSILON);
        within.1 += usize::from(ties <= EPSILON);
        worst = (worst.0.max(people), worst.1.max(ties));
        let facts = &summary(&out)["findings"]["overview"]["betweenness"]["hops"];
        assert_eq!(facts["method"], "sampled");
        assert_eq!(facts["people_and_ties"]["epsilon"], 0.01);
        assert_eq!(facts["people_and_ties"]["delta"], 0.1);
    }
    println!(
        "within ε = {EPSILON}: people {}/20, ties {}/20 (largest errors {:.5}, {:.5})",
        within.0, within.1, worst.0, worst.1
    );
    // δ = 0.1 allows 2 misses in 20
    assert!(within.0 >= 18 && within.1 >= 18, "{within:?} {worst:?}");
}

#[test]
fn sampled_weighted_betweenness_is_within_epsilon() {
    let Some(shared) = shared() else { return };
    let reference = shared.join("reference/email-eu-core");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let data = shared.join("data/email-eu-core");
    analyze(
        data.join("messages.csv").to_str().unwrap(),
        data.join("people.csv").to_str().unwrap(),
        &out,
        &[
            "--analyses",
            "betweenness_weighted",
            "--betweenness",
            "approx",
            "--quiet",
        ],
    )
    .assert()
    .success();
    let got = read_keyed(&out.join("people.csv"), &["id"]);
    let want = read_keyed(&reference.join("nodes.csv"), &["id"]);
    // igraph's column: equal lengths within 1e-10, as siloscope compares them
    let error = want
        .iter()
        .map(|(id, w)| {
            (num(&got[id]["betweenness_weighted"]) - num(&w["betweenness_weighted_igraph"])).abs()
        })
        .fold(0.0, f64::max);
    println!("weighted: largest error {error:.5}");
    assert!(error <= EPSILON, "{error}");
    let facts = &summary(&out)["findings"]["overview"]["betweenness"]["weighted"];
    assert_eq!(facts["method"], "sampled");
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_other_values() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, seed: &str, threads: &str| {
        let out = dir.path().join(name);
        email_eu_core(
            &shared,
            &out,
            &[
                "--betweenness",
                "approx",
                "--seed",
                seed,
                "--threads",
                threads,
            ],
        );
        folder_bytes(&out)
    };
    let one = run("a", "7", "1");
    let two = run("b", "7", "2");
    assert_eq!(one, two);
    let other = run("c", "8", "2");
    assert_ne!(one["people.csv"], other["people.csv"]);
    assert_ne!(one["ties.csv"], other["ties.csv"]);
}

#[test]
fn auto_is_exact_on_a_small_organisation() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (auto, exact) = (dir.path().join("auto"), dir.path().join("exact"));
    email_eu_core(&shared, &auto, &[]);
    email_eu_core(&shared, &exact, &["--betweenness", "exact"]);
    for file in ["people.csv", "ties.csv"] {
        assert_eq!(
            std::fs::read(auto.join(file)).unwrap(),
            std::fs::read(exact.join(file)).unwrap(),
            "{file}"
        );
    }
    let facts = &summary(&auto)["findings"]["overview"]["betweenness"];
    assert_eq!(facts["hops"]["method"], "exact");
    assert!(facts["hops"]["people_and_ties"].is_null());
    let md = std::fs::read_to_string(auto.join("summary.md")).unwrap();
    assert!(md.contains("Betweenness is exact"), "{md}");
}

#[test]
fn the_summary_states_the_guarantee() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    email_eu_core(
        &shared,
        &out,
        &[
            "--betweenness",
            "approx",
            "--epsilon",
            "0.02",
            "--delta",
            "0.05",
        ],
    );
    let facts = &summary(&out)["findings"]["overview"]["betweenness"]["hops"]["people_and_ties"];
    let samples = facts["samples"].as_u64().unwrap();
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    let r = samples.to_string();
    let with_commas = format!("{},{}", &r[..r.len() - 3], &r[r.len() - 3..]);
    for text in [
        "Betweenness by hops is estimated from",
        with_commas.as_str(),
        "within ±0.02 of the exact one with probability 95%",
        "Riondato & Kornaropoulos 2016",
    ] {
        assert!(md.contains(text), "{text:?} not in\n{md}");
    }
    // R&K's size for ε' = ε(n−2)/n, VD from the summary, people and ties from one path
    let vd = facts["vertex_diameter_bound"].as_u64().unwrap();
    let n = 1005.0;
    let eps = 0.02 * (n - 2.0) / n;
    let per_path = (2 * vd - 3) as f64;
    let want = (0.5 / (eps * eps) * (per_path.log2().floor() + 1.0 + (1.0f64 / 0.05).ln())).ceil();
    assert_eq!(samples, want as u64);
}

#[test]
fn out_of_range_accuracy_is_a_usage_error() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let data = shared.join("data/email-eu-core");
    for (flag, value) in [
        ("--epsilon", "0"),
        ("--epsilon", "1"),
        ("--delta", "0"),
        ("--delta", "1.5"),
        ("--epsilon", "NaN"),
    ] {
        analyze(
            data.join("messages.csv").to_str().unwrap(),
            data.join("people.csv").to_str().unwrap(),
            &dir.path().join("out"),
            &[flag, value],
        )
        .assert()
        .code(2);
    }
}

/// Writes a ring of `people` people (departments of 100), each writing to the next: n·m =
/// people², so 64,000 people are just above `auto`'s 4·10⁹ for the weighted pass.
fn ring(dir: &Path, people: usize) -> (String, String) {
    let mut directory = String::from("email,department\n");
    let mut log = String::from("timestamp,sender,recipients\n");
    for p in 0..people {
        directory.push_str(&format!("p{p}@x.example,D{}\n", p / 100));
        log.push_str(&format!(
            "2024-03-01T09:00:00Z,p{p}@x.example,p{}@x.example\n",
            (p + 1) % people
        ));
    }
    let (messages, people) = (dir.join("messages.csv"), dir.join("people.csv"));
    std::fs::write(&messages, log).unwrap();
    std::fs::write(&people, directory).unwrap();
    (
        messages.to_str().unwrap().to_string(),
        people.to_str().unwrap().to_string(),
    )
}

/// Above 4·10⁹ people × ties `auto` leaves the weighted betweenness out (sampling it costs
/// more than the exact pass, which would take tens of minutes) and every output says so;
/// `--betweenness exact` still computes it. Below, it is computed.
#[test]
fn auto_leaves_the_weighted_betweenness_out_of_a_very_large_network_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (messages, people) = ring(dir.path(), 64_000);
    let out = dir.path().join("auto");
    analyze(
        &messages,
        &people,
        &out,
        &["--analyses", "betweenness_weighted,departments", "--quiet"],
    )
    .assert()
    .success();
    let facts = &summary(&out)["findings"]["overview"]["betweenness"];
    assert!(facts["weighted"].is_null(), "{facts}");
    assert_eq!(facts["weighted_left_out"]["people"], 64_000);
    assert_eq!(facts["weighted_left_out"]["ties"], 64_000);
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(
        md.contains("Weighted betweenness was left out: on 64,000 people and 64,000 ties"),
        "{md}"
    );
    assert!(md.contains("`--betweenness exact` computes it"), "{md}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Weighted betweenness was left out"));
    let people_csv = read_keyed(&out.join("people.csv"), &["id"]);
    assert_eq!(people_csv.len(), 64_000);
    assert!(
        people_csv
            .values()
            .all(|row| row["betweenness_weighted"].is_empty()),
        "no weighted value is written"
    );

    // 1,000 people: computed
    let small = dir.path().join("small");
    std::fs::create_dir(&small).unwrap();
    let (messages, people) = ring(&small, 1_000);
    let out = small.join("auto");
    analyze(
        &messages,
        &people,
        &out,
        &["--analyses", "betweenness_weighted,departments", "--quiet"],
    )
    .assert()
    .success();
    let facts = &summary(&out)["findings"]["overview"]["betweenness"];
    assert_eq!(facts["weighted"]["method"], "exact", "{facts}");
    assert!(facts["weighted_left_out"].is_null());
}

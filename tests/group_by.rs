//! `--group-by`: any directory column as the lens. The site figures of synthetic-org-600 against
//! values computed here from the reference tie weights (NetworkX's, ../shared/reference) and the
//! directory; `--group-by department` is the run without it, byte for byte; small groups are
//! shown nowhere; special categories of personal data are refused; any thread count, same bytes.

mod util;

use std::collections::BTreeMap;
use std::path::Path;

use util::{analyze, fixture, folder_bytes, read_csv, read_keyed, shared, siloscope};

fn close(got: &str, want: f64, what: &str) {
    let got: f64 = got
        .parse()
        .unwrap_or_else(|_| panic!("{what}: not a number: {got:?}"));
    assert!(
        (got - want).abs() <= 1e-9 * want.abs().max(1.0),
        "{what}: {got} != {want}"
    );
}

/// Per site and per pair of sites, from the reference ties: (weight, ties) inside each site,
/// and between each pair (sorted).
struct Expected {
    headcount: BTreeMap<String, usize>,
    inside: BTreeMap<String, (f64, usize)>,
    outside: BTreeMap<String, (f64, usize)>,
    between: BTreeMap<(String, String), (f64, usize)>,
}

fn expected(data: &Path, reference: &Path) -> Expected {
    let site: BTreeMap<String, String> = read_csv(&data.join("people.csv"))
        .into_iter()
        .map(|r| (r["id"].trim().to_lowercase(), r["site"].clone()))
        .collect();
    let mut e = Expected {
        headcount: BTreeMap::new(),
        inside: BTreeMap::new(),
        outside: BTreeMap::new(),
        between: BTreeMap::new(),
    };
    for s in site.values() {
        *e.headcount.entry(s.clone()).or_default() += 1;
        e.inside.entry(s.clone()).or_default();
        e.outside.entry(s.clone()).or_default();
    }
    for t in read_csv(&reference.join("edges.csv")) {
        let w: f64 = t["weight"].parse().unwrap();
        let (a, b) = (&site[&t["source"]], &site[&t["target"]]);
        let add = |m: &mut BTreeMap<String, (f64, usize)>, k: &String| {
            let x = m.get_mut(k).unwrap();
            x.0 += w;
            x.1 += 1;
        };
        if a == b {
            add(&mut e.inside, a);
        } else {
            add(&mut e.outside, a);
            add(&mut e.outside, b);
        }
        let pair = if a <= b {
            (a.clone(), b.clone())
        } else {
            (b.clone(), a.clone())
        };
        let x = e.between.entry(pair).or_default();
        x.0 += w;
        x.1 += 1;
    }
    e
}

fn ei(external: f64, internal: f64) -> f64 {
    (external - internal) / (external + internal)
}

#[test]
fn site_figures_match_an_independent_computation() {
    let Some(shared) = shared() else { return };
    let data = shared.join("data/synthetic-org-600");
    let reference = shared.join("reference/synthetic-org-600");
    let dir = tempfile::tempdir().unwrap();
    analyze(
        data.join("messages.csv").to_str().unwrap(),
        data.join("people.csv").to_str().unwrap(),
        dir.path(),
        &["--group-by", "site"],
    )
    .assert()
    .success();
    let e = expected(&data, &reference);
    let sites = read_keyed(&dir.path().join("sites.csv"), &["site"]);
    assert_eq!(sites.len(), e.headcount.len());
    for (name, &people) in &e.headcount {
        let row = &sites[&vec![name.clone()]];
        let (iw, it) = e.inside[name];
        let (ow, ot) = e.outside[name];
        assert_eq!(row["headcount"], people.to_string(), "{name}");
        close(&row["internal_weight"], iw, &format!("{name} internal"));
        close(&row["external_weight"], ow, &format!("{name} external"));
        assert_eq!(row["internal_ties"], it.to_string(), "{name}");
        assert_eq!(row["external_ties"], ot.to_string(), "{name}");
        close(&row["ei_index_weight"], ei(ow, iw), &format!("{name} E-I"));
        close(
            &row["ei_index_ties"],
            ei(ot as f64, it as f64),
            &format!("{name} E-I ties"),
        );
    }
    let flows = read_keyed(&dir.path().join("site_flows.csv"), &["site_a", "site_b"]);
    for ((a, b), (w, ties)) in &e.between {
        let row = &flows[&vec![a.clone(), b.clone()]];
        close(&row["weight"], *w, &format!("{a}–{b}"));
        assert_eq!(row["ties"], ties.to_string(), "{a}–{b}");
        let (na, nb) = (e.headcount[a] as f64, e.headcount[b] as f64);
        let possible = if a == b {
            na * (na - 1.0) / 2.0
        } else {
            na * nb
        };
        close(
            &row["normalized_weight"],
            w / possible,
            &format!("{a}–{b} per pair"),
        );
    }
    // the person-level file of the grouping, and the section of the summary
    let people = read_csv(&dir.path().join("site_people.csv"));
    assert_eq!(people.len(), 600);
    assert!(people[0].contains_key("between_site_betweenness"));
    let md = std::fs::read_to_string(dir.path().join("summary.md")).unwrap();
    assert!(md.contains("## Groups by site"), "{md}");
}

fn demo(out: &Path, extra: &[&str]) {
    siloscope()
        .args(["analyze", "--format", "svg", "--quiet"])
        .args(["--messages", &fixture("demo/messages.csv")])
        .args(["--people", &fixture("demo/people.csv")])
        .args(extra)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

#[test]
fn group_by_department_is_the_run_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    demo(&a, &[]);
    demo(&b, &["--group-by", "department"]);
    assert_eq!(folder_bytes(&a), folder_bytes(&b));
}

#[test]
fn groupings_give_the_same_bytes_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    demo(&a, &["--group-by", "site,role", "--threads", "1"]);
    demo(&b, &["--group-by", "site,role", "--threads", "2"]);
    let (a, b) = (folder_bytes(&a), folder_bytes(&b));
    assert!(a.contains_key("sites.csv") && a.contains_key("role_map.svg"));
    assert_eq!(a, b);
}

#[test]
fn a_pair_of_columns_is_one_grouping() {
    let dir = tempfile::tempdir().unwrap();
    demo(
        dir.path(),
        &["--group-by", "department+site", "--min-group-size", "1"],
    );
    let rows = read_csv(&dir.path().join("department_sites.csv"));
    assert!(
        rows.iter()
            .any(|r| r["department_site"] == "Finance · Paris")
    );
    let total: usize = rows
        .iter()
        .map(|r| r["headcount"].parse::<usize>().unwrap())
        .sum();
    assert_eq!(total, 320);
}

#[test]
fn a_small_group_is_shown_nowhere() {
    let Some(shared) = shared() else { return };
    let data = shared.join("data/synthetic-org-600");
    let dir = tempfile::tempdir().unwrap();
    siloscope()
        .args([
            "analyze",
            "--format",
            "svg",
            "--quiet",
            "--group-by",
            "role",
        ])
        .arg("--messages")
        .arg(data.join("messages.csv"))
        .arg("--people")
        .arg(data.join("people.csv"))
        .arg("--out")
        .arg(dir.path())
        .assert()
        .success();
    // 1 executive and 9 heads: both below 5 people on their own... the merged group reaches it
    let roles = read_csv(&dir.path().join("roles.csv"));
    let names: Vec<&str> = roles.iter().map(|r| r["role"].as_str()).collect();
    assert_eq!(names, ["ic", "manager", "other (small groups)"]);
    for (name, bytes) in folder_bytes(dir.path()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("executive"),
            "{name} names the role of one person"
        );
    }
}

fn small_org(dir: &Path, column: &str) -> (String, String) {
    let people = dir.join("people.csv");
    let messages = dir.join("messages.csv");
    let mut p = format!("id,department,{column}\n");
    let mut m = String::from("timestamp,sender,recipients\n");
    for i in 0..12 {
        p += &format!("p{i}@x.fr,{},{}\n", ["A", "B"][i % 2], ["v1", "v2"][i / 6]);
        m += &format!(
            "2024-01-0{}T10:00:00Z,p{i}@x.fr,p{}@x.fr\n",
            1 + i % 5,
            (i + 1) % 12
        );
    }
    std::fs::write(&people, p).unwrap();
    std::fs::write(&messages, m).unwrap();
    (
        messages.to_string_lossy().into_owned(),
        people.to_string_lossy().into_owned(),
    )
}

#[test]
fn a_special_category_column_is_refused_without_the_works_council() {
    let dir = tempfile::tempdir().unwrap();
    let (messages, people) = small_org(dir.path(), "Genre");
    let out = dir.path().join("out");
    let refused = analyze(&messages, &people, &out, &["--group-by", "genre"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(
        err.contains("special category") && err.contains("--sensitive-ok"),
        "{err}"
    );
    assert!(!out.join("genres.csv").exists());
    analyze(
        &messages,
        &people,
        &out,
        &["--group-by", "genre", "--sensitive-ok"],
    )
    .assert()
    .success();
    assert_eq!(read_csv(&out.join("genres.csv")).len(), 2);
    // a focus on such a column too
    analyze(&messages, &people, &out, &["--focus", "Genre=v1"])
        .assert()
        .code(2);
    analyze(
        &messages,
        &people,
        &out,
        &["--focus", "Genre=v1", "--sensitive-ok"],
    )
    .assert()
    .success();
    assert!(out.join("focus.csv").exists());
}

#[test]
fn an_unknown_column_says_which_columns_there_are() {
    let dir = tempfile::tempdir().unwrap();
    let (messages, people) = small_org(dir.path(), "Niveau");
    let out = dir.path().join("out");
    let refused = analyze(&messages, &people, &out, &["--group-by", "pole"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(
        err.contains("no column 'pole'") && err.contains("Niveau"),
        "{err}"
    );
    analyze(&messages, &people, &out, &["--group-by", "Niveau"])
        .assert()
        .success();
    assert!(out.join("niveaus.csv").exists());
}

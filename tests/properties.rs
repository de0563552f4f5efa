//! Property tests: invariants of `siloscope analyze` on random small organisations (5 to 60
//! people, 0 to 400 messages: tests/properties/org.rs), each run through the binary with raw
//! ids and every group shown (`--reveal-identities --min-group-size 1`, as [`util::analyze`]).
//!
//! - relabelling the people and shuffling the rows changes no measure, read through the mapping;
//! - the department flows add up to the total tie weight;
//! - every E-I index lies in [−1, 1];
//! - the modularity of people.csv's communities, recomputed here from ties.csv, is the one
//!   summary.json reports;
//! - `--threads 1` and `--threads 3` write the same bytes.
//!
//! The cases come from a fixed seed (ChaCha), and no failure is persisted: every run of the test
//! command tries the same organisations. A failure prints the smallest organisation proptest
//! shrank it to.

mod util;

#[path = "properties/org.rs"]
mod org;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, RngSeed, TestCaseError, TestRunner};

use org::{Org, person_address};
use util::{folder_bytes, read_csv, read_keyed, summary};

/// `cases` cases from a fixed seed, nothing written to disk on failure.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(0x5115_c0fe),
        // a shrink step is two runs of the binary: a bound keeps a failure's report quick
        max_shrink_time: 120_000,
        ..ProptestConfig::default()
    }
}

/// Floats equal up to their summation order: within 1e-9, relative to values above 1.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Runs `analyze` on `dir`/messages.csv and `dir`/people.csv into `dir`/`out` from inside `dir`
/// (so that summary.json names the same inputs whatever the folder). `Ok(out folder)`, or
/// `Err(standard error)` when the run is refused.
fn analyze_in(dir: &Path, out: &str, extra: &[&str]) -> Result<PathBuf, String> {
    let output = util::analyze("messages.csv", "people.csv", Path::new(out), extra)
        .current_dir(dir)
        .output()
        .unwrap();
    if output.status.success() {
        Ok(dir.join(out))
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// One organisation written plainly into a new folder and analyzed there: `Ok(Some(out
/// folder))`, `Ok(None)` when the run is refused because no message links two people of the
/// directory, and a failure when it is refused otherwise (or not refused then).
fn analyze_org(org: &Org) -> Result<(tempfile::TempDir, Option<PathBuf>), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    org.write_plain(dir.path());
    let out = analyze_in(dir.path(), "out", &[]);
    prop_assert_eq!(out.is_ok(), org.links_two_people(), "{:?}", out);
    Ok((dir, out.ok()))
}

/// A value of two rows that should hold the same measure: the same text, or numbers within
/// [`close`].
fn same_value(a: &str, b: &str) -> bool {
    a == b || matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if close(x, y))
}

/// Asserts that two keyed tables have the same keys and, for each key, the same values in every
/// column but `ignored`.
fn assert_same_table(
    what: &str,
    a: &BTreeMap<Vec<String>, BTreeMap<String, String>>,
    b: &BTreeMap<Vec<String>, BTreeMap<String, String>>,
    ignored: &[&str],
) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{}: the rows",
        what
    );
    for (key, row) in a {
        let other = &b[key];
        prop_assert_eq!(
            row.keys().collect::<Vec<_>>(),
            other.keys().collect::<Vec<_>>()
        );
        for (column, value) in row {
            if ignored.contains(&column.as_str()) {
                continue;
            }
            prop_assert!(
                same_value(value, &other[column]),
                "{} {:?} {}: {} then {}",
                what,
                key,
                column,
                value,
                other[column]
            );
        }
    }
    Ok(())
}

/// Relabels the person labels of the given columns of a table read with [`read_csv`], then keys
/// it by `keys`.
fn relabelled(
    rows: Vec<BTreeMap<String, String>>,
    columns: &[&str],
    labels: &HashMap<String, String>,
    keys: &[&str],
) -> BTreeMap<Vec<String>, BTreeMap<String, String>> {
    rows.into_iter()
        .map(|mut row| {
            for column in columns {
                let value = row.get_mut(*column).unwrap();
                if let Some(label) = labels.get(value.as_str()) {
                    *value = label.clone();
                }
            }
            (keys.iter().map(|k| row[*k].clone()).collect(), row)
        })
        .collect()
}

/// ties.csv with its labels relabelled, each row turned (source and target, their departments
/// and the two directed weights swapped) so that `source` sorts first again, keyed by the pair.
fn ties_relabelled(
    out: &Path,
    labels: &HashMap<String, String>,
) -> BTreeMap<Vec<String>, BTreeMap<String, String>> {
    relabelled(
        read_csv(&out.join("ties.csv")),
        &["source", "target"],
        labels,
        &["source", "target"],
    )
    .into_values()
    .map(|mut row| {
        if row["source"] > row["target"] {
            for (first, second) in [
                ("source", "target"),
                ("source_department", "target_department"),
                ("weight_source_to_target", "weight_target_to_source"),
            ] {
                let value = row[first].clone();
                let other = row.insert(second.to_string(), value).unwrap();
                row.insert(first.to_string(), other);
            }
        }
        (vec![row["source"].clone(), row["target"].clone()], row)
    })
    .collect()
}

/// cut_points.csv as cut point (relabelled) → people cut off, summed over the departments: the
/// people outside the largest part of its component once it is removed.
fn people_cut_off(out: &Path, labels: &HashMap<String, String>) -> BTreeMap<String, u64> {
    let mut cut_off = BTreeMap::new();
    for row in read_csv(&out.join("cut_points.csv")) {
        let person = labels.get(&row["person"]).unwrap_or(&row["person"]).clone();
        *cut_off.entry(person).or_default() += row["people_cut_off"].parse::<u64>().unwrap();
    }
    cut_off
}

/// ties.csv as (source, target, weight).
fn tie_weights(out: &Path) -> Vec<(String, String, f64)> {
    read_csv(&out.join("ties.csv"))
        .into_iter()
        .map(|r| {
            (
                r["source"].clone(),
                r["target"].clone(),
                r["weight"].parse().unwrap(),
            )
        })
        .collect()
}

/// Newman's weighted modularity at resolution 1 (Newman 2004, "Analysis of weighted networks"):
/// Q = Σ_c [ W_c / W − (S_c / 2W)² ], with W the total tie weight, W_c the weight of the ties
/// inside community c and S_c the sum of the strengths of its members. O(people + ties).
fn modularity(community_of: &HashMap<String, String>, ties: &[(String, String, f64)]) -> f64 {
    let total: f64 = ties.iter().map(|t| t.2).sum();
    let mut inside: BTreeMap<&str, f64> = BTreeMap::new();
    let mut strength: BTreeMap<&str, f64> = BTreeMap::new();
    for (a, b, w) in ties {
        let (ca, cb) = (community_of[a].as_str(), community_of[b].as_str());
        if ca == cb {
            *inside.entry(ca).or_default() += w;
        }
        *strength.entry(ca).or_default() += w;
        *strength.entry(cb).or_default() += w;
    }
    strength
        .iter()
        .map(|(c, s)| inside.get(c).copied().unwrap_or(0.0) / total - (s / (2.0 * total)).powi(2))
        .sum()
}

/// The number of summary.json at `pointer` (e.g. `/communities/modularity`).
fn summary_number(out: &Path, pointer: &str) -> f64 {
    summary(out)
        .pointer(pointer)
        .and_then(serde_json::Value::as_f64)
        .unwrap_or_else(|| panic!("summary.json {pointer}"))
}

/// The modularity of the communities found under two labellings may differ by this much in one
/// organisation: the "communities' modularity within 0.005". Leiden is a heuristic and
/// the labels set the order it visits the people in: with 4 runs per call, in 147 organisations
/// (this seed) the largest gap was 0.011 (27 people, 37 ties: 0.4915, the optimum, then
/// 0.4804, a local optimum igraph's Louvain finds too) and 5 were above 0.005; small graphs now
/// get up to 64 runs (`siloscope::analyze::community::runs_for`), which all but one labelling
/// rarely miss.
const MODULARITY_GAP_PER_ORGANISATION: f64 = 0.005;

/// Relabelling the people (a permutation of their addresses, in both files) and shuffling the
/// rows of both files: every person, tie, department, department flow and pair, cut point and
/// count reads the same through the mapping (floats within 1e-9). Not compared: component
/// numbers (numbered by directory id), community names (the labels set the order in which Leiden
/// visits the people, so it may find another partition: its modularity is compared instead,
/// within [`MODULARITY_GAP_PER_ORGANISATION`] in each case), and the departments a cut point cuts off when its absence leaves two largest
/// parts (the tie goes by id; the number of people cut off stays). 48 cases, each two runs.
#[test]
fn relabelling_and_shuffling_change_nothing_but_labels() {
    let gaps = std::cell::RefCell::new(Vec::new());
    let result = TestRunner::new(config(48)).run(&org::relabelled_org(), |case| {
        if let Some(gap) = relabelled_run_reads_the_same(case)? {
            prop_assert!(
                gap <= MODULARITY_GAP_PER_ORGANISATION,
                "modularity gap {}",
                gap
            );
            gaps.borrow_mut().push(gap);
        }
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    let gaps = gaps.into_inner();
    assert!(gaps.len() >= 40, "only {} cases were analyzed", gaps.len());
}

/// One case of [`relabelling_and_shuffling_change_nothing_but_labels`]: an organisation, a
/// relabelling and two row orders. `Ok(Some(gap between the two modularities))`, or `Ok(None)`
/// when both runs are refused, as they should be.
fn relabelled_run_reads_the_same(
    (org, labels, message_order, people_order): (Org, Vec<usize>, Vec<usize>, Vec<usize>),
) -> Result<Option<f64>, TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let (plain, moved) = (dir.path().join("plain"), dir.path().join("moved"));
    std::fs::create_dir(&plain).unwrap();
    std::fs::create_dir(&moved).unwrap();
    org.write_plain(&plain);
    org.write(&moved, &labels, &message_order, &people_order);
    let (a, b) = (
        analyze_in(&plain, "out", &[]),
        analyze_in(&moved, "out", &[]),
    );
    prop_assert_eq!(a.is_ok(), org.links_two_people(), "{:?}", a);
    prop_assert_eq!(b.is_ok(), org.links_two_people(), "{:?}", b);
    let (Ok(a), Ok(b)) = (a, b) else {
        return Ok(None);
    };

    // b's labels back to a's: person p is p{labels[p]} in b and p{p} in a
    let back: HashMap<String, String> = labels
        .iter()
        .enumerate()
        .map(|(p, &l)| (person_address(l), person_address(p)))
        .collect();
    let same = HashMap::new();

    assert_same_table(
        "people.csv",
        &read_keyed(&a.join("people.csv"), &["id"]),
        &relabelled(read_csv(&b.join("people.csv")), &["id"], &back, &["id"]),
        &["component", "community"],
    )?;
    assert_same_table(
        "ties.csv",
        &ties_relabelled(&a, &same),
        &ties_relabelled(&b, &back),
        &[],
    )?;
    for (file, keys) in [
        ("departments.csv", &["department"][..]),
        (
            "department_flows.csv",
            &["department_a", "department_b"][..],
        ),
    ] {
        assert_same_table(
            file,
            &read_keyed(&a.join(file), keys),
            &read_keyed(&b.join(file), keys),
            &[],
        )?;
    }
    // one smallest cut of the indirect paths: another one is as good
    let pair_keys = ["department_a", "department_b"];
    assert_same_table(
        "department_pairs.csv",
        &read_keyed(&a.join("department_pairs.csv"), &pair_keys),
        &relabelled(
            read_csv(&b.join("department_pairs.csv")),
            &["direct_link_rests_on"],
            &back,
            &pair_keys,
        ),
        &["intermediaries"],
    )?;
    // which part a cut point's absence leaves as "the largest" is, between parts of the same
    // size, the part of its first neighbour by id (docs/metrics.md, Cut-offs): the
    // departments cut off may change with the labels, how many people may not
    prop_assert_eq!(
        people_cut_off(&a, &same),
        people_cut_off(&b, &back),
        "cut_points.csv: people cut off by each cut point"
    );
    let (sa, sb) = (summary(&a), summary(&b));
    for key in [
        "people",
        "ties",
        "total_weight",
        "components",
        "largest_component",
        "isolated_people",
        "bridges",
        "articulation_points",
        "department_modularity",
        "departments",
    ] {
        prop_assert!(
            same_value(&sa[key].to_string(), &sb[key].to_string()),
            "summary.json {}: {} then {}",
            key,
            sa[key],
            sb[key]
        );
    }
    let (qa, qb) = (
        summary_number(&a, "/communities/modularity"),
        summary_number(&b, "/communities/modularity"),
    );
    Ok(Some((qa - qb).abs()))
}

// Case counts: about 270 runs of the binary in all, a minute on one busy core.
proptest! {
    #![proptest_config(config(32))]

    /// The flows of department_flows.csv (every pair of departments, each inside flow once) add
    /// up to the total weight of ties.csv, within 1e-9: every tie is counted in one flow.
    #[test]
    fn department_flows_sum_to_the_total_weight(org in org::org()) {
        let (_dir, out) = analyze_org(&org)?;
        let Some(out) = out else { return Ok(()) };
        let flows: f64 = read_csv(&out.join("department_flows.csv"))
            .iter()
            .map(|r| r["weight"].parse::<f64>().unwrap())
            .sum();
        let ties: f64 = tie_weights(&out).iter().map(|t| t.2).sum();
        prop_assert!(close(flows, ties), "flows {} against ties {}", flows, ties);
    }

    /// Every E-I index of departments.csv, on weights and on tie counts, lies in [−1, 1]
    /// (empty only for a department without any tie).
    #[test]
    fn every_ei_index_is_between_minus_one_and_one(org in org::org()) {
        let (_dir, out) = analyze_org(&org)?;
        let Some(out) = out else { return Ok(()) };
        for row in read_csv(&out.join("departments.csv")) {
            for column in ["ei_index_weight", "ei_index_ties"] {
                let value = &row[column];
                let ties: u64 = row["internal_ties"].parse::<u64>().unwrap()
                    + row["external_ties"].parse::<u64>().unwrap();
                prop_assert_eq!(value.is_empty(), ties == 0, "{} {}: {:?}", row["department"], column, value);
                if let Ok(ei) = value.parse::<f64>() {
                    prop_assert!((-1.0..=1.0).contains(&ei), "{} {}: {}", row["department"], column, ei);
                }
            }
        }
    }

}

proptest! {
    #![proptest_config(config(48))]

    /// The modularity of the partition people.csv's `community` column gives, recomputed from
    /// ties.csv with [`modularity`], is summary.json's `communities.modularity` within 1e-9.
    #[test]
    fn modularity_of_people_communities_is_the_reported_one(org in org::org()) {
        let (_dir, out) = analyze_org(&org)?;
        let Some(out) = out else { return Ok(()) };
        let community_of: HashMap<String, String> = read_csv(&out.join("people.csv"))
            .into_iter()
            .map(|r| (r["id"].clone(), r["community"].clone()))
            .collect();
        let recomputed = modularity(&community_of, &tie_weights(&out));
        let reported = summary_number(&out, "/communities/modularity");
        prop_assert!(
            (recomputed - reported).abs() <= 1e-9,
            "recomputed {} against reported {}", recomputed, reported
        );
    }

}

proptest! {
    #![proptest_config(config(32))]

    /// `--threads 1` and `--threads 3` write the same bytes in every file.
    #[test]
    fn same_bytes_for_one_and_three_threads(org in org::org()) {
        let dir = tempfile::tempdir().unwrap();
        org.write_plain(dir.path());
        let one = analyze_in(dir.path(), "t1", &["--threads", "1"]);
        let three = analyze_in(dir.path(), "t3", &["--threads", "3"]);
        prop_assert_eq!(one.is_ok(), org.links_two_people(), "{:?}", one);
        prop_assert_eq!(three.is_ok(), org.links_two_people(), "{:?}", three);
        let (Ok(one), Ok(three)) = (one, three) else { return Ok(()) };
        let (one, three) = (folder_bytes(&one), folder_bytes(&three));
        prop_assert_eq!(one.keys().collect::<BTreeSet<_>>(), three.keys().collect::<BTreeSet<_>>());
        for (name, bytes) in &one {
            prop_assert!(three[name] == *bytes, "{} differs between 1 and 3 threads", name);
        }
    }
}

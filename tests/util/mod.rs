//! Helpers shared by the integration tests: the shared data folder, running the binary
//! (`analyze` and `check` as the tests of the input formats run them), and reading CSV and
//! JSON outputs and tie weights.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `../shared` next to the crate, if present. Missing: a failure under CI, a skip otherwise.
pub fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if p.join("data").is_dir() && p.join("reference").is_dir() {
        Some(p)
    } else if std::env::var_os("CI").is_some() {
        panic!("../shared is missing but CI is set: the reference checks must run");
    } else {
        eprintln!("note: ../shared not found; skipping reference checks");
        None
    }
}

/// A fixture path inside the crate.
pub fn fixture(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

/// A configuration folder for this test process, so that the default pseudonymization key is
/// created there rather than in the real ~/.config.
pub fn config_home() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

/// The siloscope command, with the default key kept in [`config_home`].
pub fn siloscope() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_siloscope"));
    cmd.env("XDG_CONFIG_HOME", config_home());
    cmd
}

/// A CSV file as rows of column → value.
pub fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut rdr =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = rdr.headers().unwrap().clone();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// A CSV file keyed by the given columns.
pub fn read_keyed(path: &Path, keys: &[&str]) -> BTreeMap<Vec<String>, BTreeMap<String, String>> {
    read_csv(path)
        .into_iter()
        .map(|row| (keys.iter().map(|k| row[*k].clone()).collect(), row))
        .collect()
}

/// Every file of a folder (and of its folders, as `sub/name`) with its bytes, sorted by name.
pub fn folder_bytes(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if e.path().is_dir() {
            for (inner, bytes) in folder_bytes(&e.path()) {
                files.insert(format!("{name}/{inner}"), bytes);
            }
        } else {
            files.insert(name, std::fs::read(e.path()).unwrap());
        }
    }
    files
}

/// `siloscope analyze` with raw ids, every group shown however small, and neither pictures nor
/// report: `analyze --reveal-identities --min-group-size 1 --format none`, before any input or
/// output option, so that tests can name people and departments in what they compare.
pub fn analyze_shown() -> assert_cmd::Command {
    let mut cmd = siloscope();
    cmd.args([
        "analyze",
        "--reveal-identities",
        "--min-group-size",
        "1",
        "--format",
        "none",
    ]);
    cmd
}

/// [`analyze_shown`] of `messages` with the directory `people`, then `extra`, writing into
/// `out`: `… --messages M --people P EXTRA --out OUT`.
pub fn analyze(messages: &str, people: &str, out: &Path, extra: &[&str]) -> assert_cmd::Command {
    let mut cmd = analyze_shown();
    cmd.args(["--messages", messages, "--people", people])
        .args(extra)
        .arg("--out")
        .arg(out);
    cmd
}

/// Analyzes `first` and `second` with the directory `people` into `dir`/a and `dir`/b (as
/// [`analyze`] does) and asserts that ties.csv, people.csv, departments.csv and
/// department_flows.csv are the same bytes in both: for two renderings of the same records
/// that differ only in their order.
pub fn assert_same_outputs(first: &str, second: &str, people: &str, dir: &Path) {
    let (a, b) = (dir.join("a"), dir.join("b"));
    analyze(first, people, &a, &[]).assert().success();
    analyze(second, people, &b, &[]).assert().success();
    for file in [
        "ties.csv",
        "people.csv",
        "departments.csv",
        "department_flows.csv",
    ] {
        assert_eq!(
            std::fs::read(a.join(file)).unwrap(),
            std::fs::read(b.join(file)).unwrap(),
            "{file}"
        );
    }
}

/// Tie weights by pair of people, the two names of a pair in sorted order.
pub type Ties = BTreeMap<(String, String), f64>;

/// ties.csv of an output folder as (source, target) → weight, each pair in sorted order.
pub fn ties(out: &Path) -> Ties {
    read_csv(&out.join("ties.csv"))
        .into_iter()
        .map(|r| {
            let (a, b) = (r["source"].clone(), r["target"].clone());
            let key = if a < b { (a, b) } else { (b, a) };
            (key, r["weight"].parse().unwrap())
        })
        .collect()
}

/// An expected-ties file of the fixtures (`a,b,weight`, `a` before `b`), such as
/// `exports/expected_ties.csv`, the ties computed by hand in fixtures/exports/README.md.
pub fn expected_ties(rel: &str) -> Ties {
    read_csv(Path::new(&fixture(rel)))
        .into_iter()
        .map(|r| {
            (
                (r["a"].clone(), r["b"].clone()),
                r["weight"].parse().unwrap(),
            )
        })
        .collect()
}

/// Asserts that `got` has exactly the pairs of `want`, each weight within 1e-12 of the one
/// wanted; `what` names the case in the failure message.
pub fn assert_same_ties(got: &Ties, want: &Ties, what: &str) {
    assert_same_ties_within(got, want, what, 1e-12);
}

/// [`assert_same_ties`] with the weights compared within `tolerance`.
pub fn assert_same_ties_within(got: &Ties, want: &Ties, what: &str, tolerance: f64) {
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "{what}: the pairs of people"
    );
    for (k, w) in want {
        assert!(
            (got[k] - w).abs() < tolerance,
            "{what}: {k:?} {} != {w}",
            got[k]
        );
    }
}

/// summary.json of an output folder.
pub fn summary(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap()
}

/// Asserts that `got` is the text of tests/snapshots/`name`; with UPDATE_SNAPSHOTS set, writes
/// `got` there first (to accept a deliberate change).
pub fn assert_snapshot(name: &str, got: &str) {
    let snapshot = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&snapshot, got).unwrap();
    }
    let want = std::fs::read_to_string(&snapshot).unwrap();
    assert_eq!(
        got, want,
        "rerun with UPDATE_SNAPSHOTS=1 to accept a deliberate change"
    );
}

/// Runs `siloscope check --messages M --people P EXTRA` from the crate folder, so that relative
/// paths give the same output on every machine; asserts that it succeeded and returns its
/// standard output.
pub fn check(messages: &str, people: &str, extra: &[&str]) -> String {
    let output = siloscope()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--messages", messages, "--people", people])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// [`check`], asserting as well that it wrote nothing into the crate folder (the number of its
/// entries is the same afterwards).
pub fn check_writing_nothing(messages: &str, people: &str, extra: &[&str]) -> String {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let before = std::fs::read_dir(crate_dir).unwrap().count();
    let got = check(messages, people, extra);
    assert_eq!(std::fs::read_dir(crate_dir).unwrap().count(), before);
    got
}

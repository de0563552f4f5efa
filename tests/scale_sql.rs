//! docs/SCALE.md is what is tested: its DuckDB blocks (```sql duckdb) and its Spark blocks
//! (```sql spark, run by its ```python spark driver in local mode) aggregate the demo
//! organisation's raw log into a tie list, and `analyze --ties` on that list must give the
//! analysis `analyze --messages` gives on the raw log: the same people, ties, departments,
//! flows and communities, every text cell identical, the weights of ties within 10^-12 (the
//! list's 12 decimals) and sums of many ties (strengths, department weights) within 10^-9 of
//! their size. DuckDB and PySpark come from PyPI, Java 17 from Debian (.ci/run installs them);
//! missing, the test is skipped with a note, or fails when CI is set.

mod util;

use std::path::{Path, PathBuf};
use std::process::Command;

use util::{analyze_shown, fixture};

/// The analysis files compared, and the absolute tolerance of their numbers (None: relative
/// 10^-9, for the sums of many ties).
const COMPARED: [(&str, Option<f64>); 5] = [
    ("ties.csv", Some(1e-12)),
    ("people.csv", None),
    ("departments.csv", None),
    ("department_flows.csv", None),
    ("communities.csv", None),
];

/// The fenced blocks of docs/SCALE.md whose info string is `tag`, in order, joined.
fn doc_blocks(tag: &str) -> String {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/SCALE.md"))
        .unwrap();
    let mut out = String::new();
    let mut inside = false;
    let mut found = 0;
    for line in doc.lines() {
        if inside {
            if line.trim_end() == "```" {
                inside = false;
                out.push('\n');
            } else {
                out.push_str(line);
                out.push('\n');
            }
        } else if line.trim_end() == format!("```{tag}") {
            inside = true;
            found += 1;
        }
    }
    assert!(found > 0, "docs/SCALE.md has no ```{tag} block");
    out
}

/// True when `python3` can import every module of `modules` (and `java` runs, if asked);
/// otherwise a note and false, or a failure under CI.
fn tools_present(modules: &[&str], java: bool) -> bool {
    let imports = modules
        .iter()
        .all(|m| python(&["-c", &format!("import {m}")], Path::new(".")).is_ok());
    let java_runs = !java
        || Command::new("java")
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success());
    if imports && java_runs {
        return true;
    }
    let what = format!(
        "python3 with {}{}",
        modules.join(", "),
        if java { " and java" } else { "" }
    );
    if std::env::var_os("CI").is_some() {
        panic!("{what} missing but CI is set: .ci/run installs them");
    }
    eprintln!("note: {what} not found; skipping the check of docs/SCALE.md");
    false
}

/// Runs `python3 ARGS` in `dir`: its stdout, or its stderr as the error.
fn python(args: &[&str], dir: &Path) -> Result<String, String> {
    let output = Command::new("python3")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// A folder holding the demo's messages.csv and people.csv, as the doc's queries read them.
fn demo_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in ["messages.csv", "people.csv"] {
        std::fs::copy(fixture(&format!("demo/{file}")), dir.path().join(file)).unwrap();
    }
    dir
}

/// `analyze` of `input` (the flag and its files) with the demo directory, into `out`.
fn analyze(dir: &Path, input: &[String], out: &str) -> PathBuf {
    let out = dir.join(out);
    analyze_shown()
        .current_dir(dir)
        .args(input)
        .args(["--people", "people.csv", "--out"])
        .arg(&out)
        .assert()
        .success();
    out
}

/// Asserts that the analysis in `got` is the one in `want`, file by file and cell by cell:
/// the same header, rows and text; numbers within the tolerance of [`COMPARED`].
fn assert_same_analysis(got: &Path, want: &Path) {
    for (file, tolerance) in COMPARED {
        let read = |dir: &Path| -> Vec<csv::StringRecord> {
            csv::ReaderBuilder::new()
                .has_headers(false)
                .from_path(dir.join(file))
                .unwrap()
                .records()
                .map(Result::unwrap)
                .collect()
        };
        let (g, w) = (read(got), read(want));
        assert_eq!(g.len(), w.len(), "{file}: the number of rows");
        assert_eq!(g[0], w[0], "{file}: the header");
        for (line, (gr, wr)) in g.iter().zip(&w).enumerate().skip(1) {
            for ((column, a), b) in w[0].iter().zip(gr).zip(wr) {
                if a == b {
                    continue;
                }
                let (Ok(x), Ok(y)) = (a.parse::<f64>(), b.parse::<f64>()) else {
                    panic!("{file} line {}: {column} {a} != {b}", line + 1);
                };
                let limit = tolerance.unwrap_or(1e-9 * y.abs().max(1.0));
                assert!(
                    (x - y).abs() <= limit,
                    "{file} line {}: {column} {a} != {b} (beyond {limit:e})",
                    line + 1
                );
            }
        }
    }
}

#[test]
fn the_duckdb_query_of_scale_md_gives_the_analysis_of_the_raw_log() {
    if !tools_present(&["duckdb"], false) {
        return;
    }
    let dir = demo_folder();
    std::fs::write(dir.path().join("ties_duckdb.sql"), doc_blocks("sql duckdb")).unwrap();
    python(
        &[
            "-c",
            "import duckdb, sys; duckdb.connect().execute(open(sys.argv[1]).read())",
            "ties_duckdb.sql",
        ],
        dir.path(),
    )
    .unwrap_or_else(|e| panic!("the DuckDB query of docs/SCALE.md failed: {e}"));
    let raw = analyze(
        dir.path(),
        &["--messages".into(), "messages.csv".into()],
        "raw",
    );
    let ties = analyze(dir.path(), &["--ties".into(), "ties.csv".into()], "ties");
    assert_same_analysis(&ties, &raw);
}

#[test]
fn the_spark_query_of_scale_md_gives_the_analysis_of_the_raw_log() {
    if !tools_present(&["pyspark"], true) {
        return;
    }
    let dir = demo_folder();
    std::fs::write(dir.path().join("ties_spark.sql"), doc_blocks("sql spark")).unwrap();
    std::fs::write(dir.path().join("ties_spark.py"), doc_blocks("python spark")).unwrap();
    let started = std::time::Instant::now();
    python(&["ties_spark.py"], dir.path())
        .unwrap_or_else(|e| panic!("the Spark query of docs/SCALE.md failed: {e}"));
    eprintln!(
        "note: the Spark query took {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let mut input = vec![];
    for entry in std::fs::read_dir(dir.path().join("ties_spark")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            input.push("--ties".to_string());
            input.push(path.to_string_lossy().into_owned());
        }
    }
    assert!(!input.is_empty(), "Spark wrote no CSV file");
    let raw = analyze(
        dir.path(),
        &["--messages".into(), "messages.csv".into()],
        "raw",
    );
    let ties = analyze(dir.path(), &input, "ties");
    assert_same_analysis(&ties, &raw);
}

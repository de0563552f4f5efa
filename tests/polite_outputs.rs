//! Polite outputs: siloscope writes into an empty folder or its own (a manifest says which files
//! it wrote), refuses a folder of someone else's files unless --force, never replaces or deletes
//! a file it did not write, and says so clearly when --out names a file.

mod util;

use std::path::Path;

use predicates::prelude::*;
use util::{fixture, siloscope};

fn analyze(out: &Path, extra: &[&str]) -> assert_cmd::Command {
    let mut cmd = siloscope();
    cmd.args(["analyze", "--format", "none", "--messages"])
        .arg(fixture("tiny/messages.csv"))
        .arg("--people")
        .arg(fixture("tiny/people.csv"))
        .args(["--min-group-size", "1", "--out"])
        .arg(out)
        .args(extra);
    cmd
}

#[test]
fn a_folder_of_the_user_s_files_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("deck");
    std::fs::create_dir(&out).unwrap();
    for (name, body) in [
        ("summary.md", "my own summary"),
        ("people.csv", "my,own\n"),
        ("department_map.png", "not a png"),
    ] {
        std::fs::write(out.join(name), body).unwrap();
    }
    analyze(&out, &[])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did not write").and(predicate::str::contains("--force")));
    assert_eq!(
        std::fs::read_to_string(out.join("summary.md")).unwrap(),
        "my own summary"
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 3, "nothing added");
}

#[test]
fn force_writes_siloscope_s_names_and_deletes_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("deck");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "keep me").unwrap();
    std::fs::write(out.join("summary.md"), "old").unwrap();
    analyze(&out, &["--force"]).assert().success();
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "keep me"
    );
    assert!(
        std::fs::read_to_string(out.join("summary.md"))
            .unwrap()
            .starts_with("# siloscope")
    );
    // a later run needs no --force: the folder is siloscope's now; it removes its own stale files
    // and leaves the user's alone
    assert!(out.join("communities.csv").exists());
    analyze(&out, &["--analyses", "departments"])
        .assert()
        .success();
    assert!(!out.join("communities.csv").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn a_user_file_put_in_siloscope_s_folder_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    analyze(&out, &["--analyses", "departments"])
        .assert()
        .success();
    // communities.csv was not written by this run: a user's file of that name is theirs
    std::fs::write(out.join("communities.csv"), "mine").unwrap();
    analyze(&out, &[])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "communities.csv: this file was not written by siloscope",
        ));
    assert_eq!(
        std::fs::read_to_string(out.join("communities.csv")).unwrap(),
        "mine"
    );
}

#[test]
fn an_out_path_that_is_a_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("results.csv");
    std::fs::write(&file, "x").unwrap();
    analyze(&file, &[])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--out names a file"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

/// One list of output files: a run with every option writes only files of
/// `report::OUTPUT_FILES` or a grouping's names of them, and docs/outputs.md describes each.
#[test]
fn every_output_is_in_the_one_list_and_in_the_docs() {
    use siloscope::report::OUTPUT_FILES;
    use siloscope::report::lens::Lens;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    util::siloscope()
        .args([
            "analyze",
            "--quiet",
            "--group-by",
            "site",
            "--focus",
            "role=manager",
        ])
        .args(["--messages", &util::fixture("demo/messages.csv")])
        .args(["--people", &util::fixture("demo/people.csv")])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let site = Lens { name: "site" };
    let mut known: Vec<String> = OUTPUT_FILES.iter().map(|s| s.to_string()).collect();
    known.extend([
        site.table(),
        site.flows(),
        site.pairs(),
        site.brokers(),
        site.people(),
        site.heatmap(),
    ]);
    for ext in ["dot", "svg", "png"] {
        known.push(format!("{}.{ext}", site.map()));
    }
    let written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for name in &written {
        assert!(
            known.contains(name),
            "{name} is not in report::OUTPUT_FILES"
        );
    }
    assert!(written.len() >= 30, "{written:?}");
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/outputs.md")).unwrap();
    for name in OUTPUT_FILES {
        assert!(
            docs.contains(name),
            "docs/outputs.md does not describe {name}"
        );
    }
}

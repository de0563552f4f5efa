//! The fuzz corpora as ordinary tests on stable (docs/FUZZING.md): every file of
//! `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/` is fed to the harness its fuzz
//! target runs (`siloscope::ingest::fuzzing`), which must return (with `Ok` or a typed error)
//! and never panic. A crash the fuzzer found stays fixed, and the harnesses never rot.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use siloscope::ingest::fuzzing::TARGETS;

/// The inputs of `target`: its seeds and corpus, then its regressions, in name order.
fn inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = Vec::new();
    for folder in [
        fuzz.join("corpus").join(target),
        fuzz.join("regressions").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .map(|e| e.expect("a readable corpus folder").path())
            .filter(|p| p.is_file())
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

/// Runs `target`'s harness on each of its inputs; fails naming every input that panicked.
fn run(target: &str) {
    let (_, harness) = TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .unwrap_or_else(|| panic!("no harness named {target}"));
    let files = inputs(target);
    assert!(
        !files.is_empty(),
        "fuzz/corpus/{target}/ holds no input: the target would go untested"
    );
    let mut panicked = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).expect("a readable corpus file");
        if catch_unwind(AssertUnwindSafe(|| harness(&bytes))).is_err() {
            panicked.push(file.display().to_string());
        }
    }
    assert!(
        panicked.is_empty(),
        "{target}: {} of {} inputs panicked: {panicked:#?}",
        panicked.len(),
        files.len()
    );
}

macro_rules! corpus_tests {
    ($($target:ident),* $(,)?) => {
        $(#[test]
        fn $target() {
            run(stringify!($target));
        })*

        /// Every harness has its test above: a target added to TARGETS without one fails here.
        #[test]
        fn every_target_is_tested() {
            let tested = [$(stringify!($target)),*];
            let mut names: Vec<&str> = TARGETS.iter().map(|(name, _)| *name).collect();
            names.sort_unstable();
            let mut tested = tested.to_vec();
            tested.sort_unstable();
            assert_eq!(names, tested);
        }
    };
}

corpus_tests!(
    messages_csv,
    directory_csv,
    timestamps,
    address_list,
    decode,
    m365_trace,
    historical,
    mbox,
    graph_json,
    slack,
    viva,
    ics,
);

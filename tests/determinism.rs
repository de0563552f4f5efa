//! Same input, same bytes: whatever the thread count and the order of the message rows.

mod util;

use std::path::Path;

use util::{fixture, folder_bytes, shared, siloscope};

fn run(
    messages: &Path,
    people: &Path,
    out: &Path,
    threads: &str,
    cwd: Option<&Path>,
    format: &str,
) {
    let mut cmd = siloscope();
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    cmd.args([
        "analyze",
        "--format",
        format,
        "--quiet",
        "--threads",
        threads,
        "--messages",
    ])
    .arg(messages)
    .arg("--people")
    .arg(people)
    .arg("--out")
    .arg(out)
    .assert()
    .success();
}

fn same_bytes_for_threads(messages: &Path, people: &Path, format: &str) {
    let dir = tempfile::tempdir().unwrap();
    let outputs: Vec<_> = ["1", "2", "8"]
        .iter()
        .map(|t| {
            let out = dir.path().join(format!("t{t}"));
            run(messages, people, &out, t, None, format);
            folder_bytes(&out)
        })
        .collect();
    assert!(outputs[0].len() >= 7, "{:?}", outputs[0].keys());
    for other in &outputs[1..] {
        for (name, bytes) in &outputs[0] {
            assert!(
                other[name] == *bytes,
                "{name} differs between thread counts"
            );
        }
    }
}

#[test]
fn demo_same_bytes_for_1_2_8_threads() {
    // with the pictures: they are outputs too
    same_bytes_for_threads(
        Path::new(&fixture("demo/messages.csv")),
        Path::new(&fixture("demo/people.csv")),
        "svg,png",
    );
}

#[test]
fn synthetic_org_same_bytes_for_1_2_8_threads() {
    let Some(shared) = shared() else { return };
    let data = shared.join("data/synthetic-org-600");
    same_bytes_for_threads(&data.join("messages.csv"), &data.join("people.csv"), "none");
}

/// A fixed permutation (a linear congruential shuffle), so the test is itself deterministic.
fn shuffled_lines(text: &str, seed: u64) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    let mut state = seed;
    for i in (1..lines.len()).rev() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = (state >> 33) as usize % (i + 1);
        lines.swap(i, j);
    }
    let mut out = String::from(header);
    out.push('\n');
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
    out
}

#[test]
fn synthetic_org_same_bytes_with_rows_shuffled() {
    let Some(shared) = shared() else { return };
    let data = shared.join("data/synthetic-org-600");
    let text = std::fs::read_to_string(data.join("messages.csv")).unwrap();
    let people = std::fs::read(data.join("people.csv")).unwrap();
    let people_lines = String::from_utf8(people).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for (k, seed) in [0u64, 7, 42].into_iter().enumerate() {
        // same file names in separate folders, so that summary.json names the same inputs
        let case = dir.path().join(format!("case{k}"));
        std::fs::create_dir(&case).unwrap();
        let messages = if seed == 0 {
            text.clone()
        } else {
            shuffled_lines(&text, seed)
        };
        std::fs::write(case.join("messages.csv"), messages).unwrap();
        std::fs::write(
            case.join("people.csv"),
            shuffled_lines(&people_lines, seed + 1),
        )
        .unwrap();
        run(
            Path::new("messages.csv"),
            Path::new("people.csv"),
            Path::new("out"),
            "2",
            Some(&case),
            "none",
        );
        outputs.push(folder_bytes(&case.join("out")));
    }
    for other in &outputs[1..] {
        for (name, bytes) in &outputs[0] {
            assert!(
                other[name] == *bytes,
                "{name} differs when rows are shuffled"
            );
        }
    }
}

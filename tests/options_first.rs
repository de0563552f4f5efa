//! Every option value that can be checked without the input is checked before any input is
//! opened: a bad value is a usage error (exit 2) that names the option, even when the input
//! files do not exist (a check made after reading would report the missing file, exit 1).

mod util;

use util::siloscope;

/// (subcommand, option values, a word the message must hold).
const BAD: &[(&str, &[&str], &str)] = &[
    ("analyze", &["--map", "sender"], "--map"),
    ("analyze", &["--map", "subject=Objet"], "--map"),
    ("analyze", &["--date-format", "%Q-%d"], "--date-format"),
    ("analyze", &["--encoding", "klingon"], "--encoding"),
    (
        "analyze",
        &["--people-encoding", "klingon"],
        "--people-encoding",
    ),
    ("analyze", &["--input-format", "excel97"], "--input-format"),
    ("analyze", &["--max-recipients", "0"], "--max-recipients"),
    ("analyze", &["--max-recipients", "many"], "--max-recipients"),
    ("analyze", &["--channel", ","], "--channel"),
    ("analyze", &["--weight", "email=-1"], "--weight"),
    ("analyze", &["--weight", "email=heavy"], "--weight"),
    ("analyze", &["--since", "2024-13-01"], "--since"),
    ("analyze", &["--until", "yesterday"], "--until"),
    (
        "analyze",
        &["--since", "2024-06-01", "--until", "2024-01-01"],
        "--since",
    ),
    ("analyze", &["--timezone", "Mars/Olympus"], "--timezone"),
    ("analyze", &["--calendar-since", "soon"], "--calendar-since"),
    (
        "analyze",
        &["--calendar-until", "2024-02-30"],
        "--calendar-until",
    ),
    (
        "analyze",
        &["--slack-channels", "everything"],
        "--slack-channels",
    ),
    ("analyze", &["--threads", "0"], "--threads"),
    ("analyze", &["--analyses", "astrology"], "--analyses"),
    ("analyze", &["--communities", "magic"], "--communities"),
    ("analyze", &["--resolution", "-1"], "--resolution"),
    ("analyze", &["--resolution", "NaN"], "--resolution"),
    ("analyze", &["--seed", "-3"], "--seed"),
    ("analyze", &["--color", "plaid"], "--color"),
    ("analyze", &["--min-group-size", "0"], "--min-group-size"),
    ("analyze", &["--format", "bmp"], "--format"),
    ("analyze", &["--lang", "de"], "--lang"),
    ("analyze", &["--focus", "site"], "--focus"),
    ("analyze", &["--group-by", ""], "--group-by"),
    ("analyze", &["--betweenness", "guess"], "--betweenness"),
    ("analyze", &["--epsilon", "0"], "--epsilon"),
    ("analyze", &["--delta", "-0.1"], "--delta"),
    ("check", &["--max-recipients", "0"], "--max-recipients"),
    ("check", &["--since", "2024-02-30"], "--since"),
    ("check", &["--weight", "chat=x"], "--weight"),
    ("compare", &["--split", "2024-02-30"], "--split"),
    (
        "compare",
        &[
            "--before",
            "2024-01-01",
            "--after",
            "2024-02-01..2024-03-01",
        ],
        "--before",
    ),
    (
        "compare",
        &[
            "--before",
            "2024-01-01..2024-02-01",
            "--after",
            "2024-01-15..2024-03-01",
        ],
        "overlap",
    ),
    (
        "compare",
        &["--split", "2024-01-01", "--resamples", "5"],
        "--resamples",
    ),
    (
        "compare",
        &["--split", "2024-01-01", "--block", "year"],
        "--block",
    ),
    (
        "compare",
        &["--split", "2024-01-01", "--confidence", "1.5"],
        "--confidence",
    ),
    (
        "compare",
        &["--split", "2024-01-01", "--confidence", "0"],
        "--confidence",
    ),
    (
        "compare",
        &["--split", "2024-01-01", "--resolution", "0"],
        "--resolution",
    ),
    ("trend", &["--period", "fortnight"], "--period"),
    ("trend", &["--launch", "2024-02-30"], "--launch"),
    ("trend", &["--min-group-size", "0"], "--min-group-size"),
];

#[test]
fn bad_option_values_are_usage_errors_before_any_input_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.csv");
    let mut failures = Vec::new();
    for (command, values, word) in BAD {
        let mut cmd = siloscope();
        cmd.arg(command)
            .arg("--messages")
            .arg(&missing)
            .arg("--people")
            .arg(&missing);
        if *command != "check" {
            cmd.arg("--out").arg(dir.path().join("out"));
        }
        let output = cmd.args(*values).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        if output.status.code() != Some(2) || !stderr.contains(word) {
            failures.push(format!(
                "{command} {}: exit {:?}, {}",
                values.join(" "),
                output.status.code(),
                stderr.lines().next().unwrap_or("")
            ));
        }
    }
    assert!(!dir.path().join("out").exists(), "a folder was created");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

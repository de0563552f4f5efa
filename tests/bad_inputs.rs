//! A corpus of bad inputs (issue "Never wrong, never lost"): each case is run through
//! `siloscope analyze` (and `check` where it helps) and gives EITHER the right figures (the
//! department flows, the counts of skipped rows in summary.json) OR a clear refusal: exit 1,
//! stderr naming the file (and the line and column where there is one) and what was expected,
//! and no output written. Never a panic. The good log and directory are in tests/bad_inputs/
//! (README.md there); every variation is written here, next to what it must give.

mod util;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use util::{analyze_shown, siloscope, summary};

const H: &str = "timestamp,sender,recipients";

fn corpus(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad_inputs")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// A case: a temporary folder with its files.
struct Case {
    dir: tempfile::TempDir,
}

/// What a run gave.
struct Outcome {
    code: i32,
    stderr: String,
    out: PathBuf,
}

impl Case {
    fn new() -> Case {
        Case {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_string_lossy().into_owned()
    }

    /// `analyze -m messages -p people extra --out OUT`, with a fixed key file.
    fn analyze(&self, messages: &str, people: &str, extra: &[&str]) -> Outcome {
        let out = self.dir.path().join("out");
        let key = self.dir.path().join("key");
        let output = analyze_shown()
            .args(["--messages", messages, "--people", people])
            .arg("--key-file")
            .arg(&key)
            .args(extra)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        outcome(output, out)
    }

    /// `check -m messages -p people extra`.
    fn check(&self, messages: &str, people: &str, extra: &[&str]) -> Outcome {
        let output = siloscope()
            .args(["check", "--messages", messages, "--people", people])
            .args(extra)
            .output()
            .unwrap();
        outcome(output, self.dir.path().join("out"))
    }
}

fn outcome(output: std::process::Output, out: PathBuf) -> Outcome {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let code = output.status.code().expect("killed by a signal");
    assert!(!stderr.contains("panicked"), "a panic: {stderr}");
    assert!(matches!(code, 0..=2), "exit code {code}: {stderr}");
    Outcome { code, stderr, out }
}

impl Outcome {
    /// Exit 0; returns summary.json's `input`.
    fn ok(&self) -> serde_json::Value {
        assert_eq!(self.code, 0, "{}", self.stderr);
        summary(&self.out)["input"].clone()
    }

    /// Exit 1, stderr holding every piece of `says`, nothing written.
    fn refused(&self, says: &[&str]) {
        assert_eq!(self.code, 1, "{}", self.stderr);
        for s in says {
            assert!(self.stderr.contains(s), "{s:?} not in: {}", self.stderr);
        }
        assert!(!self.out.exists(), "written on a refusal");
    }

    /// department_flows.csv as (a, b) → total weight, pairs of weight 0 left out.
    fn flows(&self) -> BTreeMap<(String, String), f64> {
        util::read_csv(&self.out.join("department_flows.csv"))
            .into_iter()
            .filter_map(|r| {
                let w: f64 = r["weight"].parse().unwrap();
                (w != 0.0).then(|| ((r["department_a"].clone(), r["department_b"].clone()), w))
            })
            .collect()
    }

    fn assert_flows(&self, want: &[(&str, &str, f64)]) {
        let got = self.flows();
        let want: BTreeMap<(String, String), f64> = want
            .iter()
            .map(|(a, b, w)| ((a.to_string(), b.to_string()), *w))
            .collect();
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>(),
            "{}",
            self.stderr
        );
        for (k, w) in &want {
            assert!((got[k] - w).abs() < 1e-9, "{k:?}: {} != {w}", got[k]);
        }
    }
}

/// The flows of tests/bad_inputs/messages.csv.
const GOOD: [(&str, &str, f64); 3] = [("A", "A", 0.5), ("A", "B", 0.5), ("B", "B", 1.0)];
/// a → b and c → d, one each.
const TWO: [(&str, &str, f64); 2] = [("A", "A", 1.0), ("B", "B", 1.0)];

fn people() -> String {
    corpus("people.csv")
}

fn rejected(input: &serde_json::Value, reason: &str) -> u64 {
    input["rejected"][reason].as_u64().unwrap_or(0)
}

/// A case of the good log's two messages, rewritten: analyze, assert the flows `want` and
/// `rejected` rows of `reason`; returns the summary's input.
fn reads_as(
    bytes: impl AsRef<[u8]>,
    want: &[(&str, &str, f64)],
    reason: Option<(&str, u64)>,
) -> serde_json::Value {
    let case = Case::new();
    let m = case.file("m.csv", bytes);
    let run = case.analyze(&m, &people(), &[]);
    let input = run.ok();
    run.assert_flows(want);
    match reason {
        Some((r, n)) => {
            assert_eq!(rejected(&input, r), n, "{input}");
            assert_eq!(input["rejected_rows"], n, "{input}");
        }
        None => assert_eq!(input["rejected_rows"], 0, "{input}"),
    }
    input
}

// ---------------------------------------------------------------- the good case

#[test]
fn the_good_log_gives_its_flows() {
    let case = Case::new();
    let run = case.analyze(&corpus("messages.csv"), &people(), &[]);
    run.ok();
    run.assert_flows(&GOOD);
    let check = case.check(&corpus("messages.csv"), &people(), &[]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

// ---------------------------------------------------------------- quotes and delimiters

#[test]
fn a_quote_left_open_at_the_end_is_refused_with_its_line() {
    let case = Case::new();
    let m = case.file(
        "open_quote.csv",
        format!("{H}\n2024-03-01,c@x.fr,d@x.fr\n2024-03-02,a@x.fr,\"b@x.fr\n"),
    );
    let run = case.analyze(&m, &people(), &[]);
    run.refused(&["open_quote.csv", "line 3", "never closed"]);
    case.check(&m, &people(), &[])
        .refused(&["open_quote.csv", "line 3"]);
}

#[test]
fn a_line_break_inside_a_quoted_field_is_read_right() {
    reads_as(
        format!("{H}\n2024-03-01,a@x.fr,\"b@x.fr;\nc@x.fr\"\n2024-03-02,c@x.fr,d@x.fr\n"),
        &GOOD,
        None,
    );
}

#[test]
fn a_row_with_another_delimiter_is_skipped_and_counted() {
    reads_as(
        format!("{H}\n2024-03-01;a@x.fr;b@x.fr\n2024-03-02,c@x.fr,d@x.fr\n"),
        &[("B", "B", 1.0)],
        Some(("wrong_field_count", 1)),
    );
}

#[test]
fn a_row_with_more_fields_than_the_header_is_skipped_and_counted() {
    reads_as(
        format!("{H}\n2024-03-01,a@x.fr,b@x.fr,c@x.fr\n2024-03-02,c@x.fr,d@x.fr\n"),
        &[("B", "B", 1.0)],
        Some(("wrong_field_count", 1)),
    );
}

#[test]
fn a_row_with_fewer_fields_is_skipped_and_counted() {
    reads_as(
        format!("{H}\n2024-03-01,a@x.fr\n2024-03-02,c@x.fr,d@x.fr\n"),
        &[("B", "B", 1.0)],
        Some(("wrong_field_count", 1)),
    );
}

#[test]
fn a_wrong_width_row_is_fatal_under_strict_with_its_line() {
    let case = Case::new();
    let m = case.file(
        "wide.csv",
        format!("{H}\n2024-03-02,c@x.fr,d@x.fr\n2024-03-01,a@x.fr,b@x.fr,c@x.fr\n"),
    );
    case.analyze(&m, &people(), &["--strict"]).refused(&[
        "wide.csv",
        "line 3",
        "expected 3 fields",
    ]);
}

#[test]
fn recipients_split_by_commas_in_a_quoted_cell_or_by_semicolons_alike() {
    // a → b, c (quoted, commas); c → d, b (semicolons)
    reads_as(
        format!("{H}\n2024-03-01,a@x.fr,\"b@x.fr, c@x.fr\"\n2024-03-02,c@x.fr,d@x.fr;b@x.fr\n"),
        &[("A", "A", 0.5), ("A", "B", 1.0), ("B", "B", 0.5)],
        None,
    );
}

#[test]
fn a_crlf_file_is_read_as_a_lf_one() {
    reads_as(
        format!("{H}\r\n2024-03-01,a@x.fr,b@x.fr;c@x.fr\r\n\r\n2024-03-02,c@x.fr,d@x.fr\r\n"),
        &GOOD,
        None,
    );
}

// ---------------------------------------------------------------- empty files and headers

#[test]
fn an_empty_message_file_is_refused_with_a_message_header_as_example() {
    let case = Case::new();
    let m = case.file("empty.csv", "");
    let run = case.analyze(&m, &people(), &[]);
    run.refused(&["empty.csv", "the file is empty", "sender"]);
    // regression: the example was a Viva group-to-group header
    assert!(
        !run.stderr.contains("PrimaryCollaborator"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_of_blank_lines_is_an_empty_file() {
    let case = Case::new();
    let m = case.file("blank.csv", "\n\n\r\n\n");
    case.analyze(&m, &people(), &[])
        .refused(&["blank.csv", "the file is empty"]);
}

#[test]
fn a_message_log_with_a_header_only_is_refused() {
    let case = Case::new();
    let m = case.file("header_only.csv", format!("{H}\n"));
    case.analyze(&m, &people(), &[])
        .refused(&["header_only.csv", "no message row"]);
    case.check(&m, &people(), &[])
        .refused(&["header_only.csv", "no message row"]);
}

#[test]
fn an_empty_directory_is_refused() {
    let case = Case::new();
    let p = case.file("annuaire.csv", "");
    case.analyze(&corpus("messages.csv"), &p, &[]).refused(&[
        "annuaire.csv",
        "the file is empty",
        "department",
    ]);
}

#[test]
fn a_directory_with_a_header_only_is_refused() {
    let case = Case::new();
    let p = case.file("annuaire.csv", "email,department\n");
    case.analyze(&corpus("messages.csv"), &p, &[])
        .refused(&["annuaire.csv", "lists no person"]);
}

#[test]
fn two_columns_of_the_same_name_are_an_error_naming_both() {
    let case = Case::new();
    let m = case.file(
        "twice.csv",
        "timestamp,sender,recipients,Recipients\n2024-03-01,a@x.fr,b@x.fr,c@x.fr\n",
    );
    let run = case.analyze(&m, &people(), &[]);
    run.refused(&["twice.csv", "line 1", "columns 3 and 4", "'recipients'"]);
    case.check(&m, &people(), &[])
        .refused(&["twice.csv", "columns 3 and 4"]);
}

#[test]
fn two_department_columns_in_the_directory_are_an_error() {
    let case = Case::new();
    let p = case.file(
        "annuaire.csv",
        "email,department,department\na@x.fr,A,B\nb@x.fr,A,B\nc@x.fr,B,A\nd@x.fr,B,A\n",
    );
    case.analyze(&corpus("messages.csv"), &p, &[]).refused(&[
        "annuaire.csv",
        "columns 2 and 3",
        "department",
    ]);
}

#[test]
fn trailing_empty_header_columns_of_french_excel_are_ignored() {
    reads_as(
        "timestamp;sender;recipients;;\n2024-03-01;a@x.fr;b@x.fr;c@x.fr;;\n2024-03-02;c@x.fr;d@x.fr;;\n"
            .replace("b@x.fr;c@x.fr;;", "\"b@x.fr;c@x.fr\";;"),
        &GOOD,
        None,
    );
    let case = Case::new();
    let p = case.file(
        "annuaire.csv",
        "email;department;;\na@x.fr;A;;\nb@x.fr;A;;\nc@x.fr;B;;\nd@x.fr;B;;\n",
    );
    let run = case.analyze(&corpus("messages.csv"), &p, &[]);
    run.ok();
    run.assert_flows(&GOOD);
}

#[test]
fn a_header_repeated_in_the_middle_is_skipped_and_counted() {
    // regression: without a timestamp column the repeated header was a message from 'sender'
    let input = reads_as(
        "sender,recipients\na@x.fr,b@x.fr\nSender,Recipients\nc@x.fr,d@x.fr\n",
        &TWO,
        Some(("repeated_header", 1)),
    );
    assert_eq!(input["messages_from_external_senders"], 0, "{input}");
    reads_as(
        format!("{H}\n2024-03-01,a@x.fr,b@x.fr\n{H}\n2024-03-02,c@x.fr,d@x.fr\n"),
        &TWO,
        Some(("repeated_header", 1)),
    );
}

#[test]
fn a_repeated_header_is_fatal_under_strict() {
    let case = Case::new();
    let m = case.file(
        "pasted.csv",
        format!("{H}\n2024-03-01,a@x.fr,b@x.fr\n{H}\n2024-03-02,c@x.fr,d@x.fr\n"),
    );
    case.analyze(&m, &people(), &["--strict"]).refused(&[
        "pasted.csv",
        "line 3",
        "header line again",
    ]);
}

// ---------------------------------------------------------------- bytes and encodings

#[test]
fn a_ten_megabyte_field_is_read() {
    let big = "x".repeat(10 * 1024 * 1024);
    let input = reads_as(
        format!(
            "timestamp,sender,recipients,subject\n2024-03-01,a@x.fr,b@x.fr,\"{big}\"\n2024-03-02,c@x.fr,d@x.fr,s\n"
        ),
        &TWO,
        None,
    );
    assert_eq!(input["content_columns_ignored"][0], "subject");
}

#[test]
fn a_ten_megabyte_address_field_is_one_address_outside_the_directory() {
    let big = "x".repeat(10 * 1024 * 1024);
    let input = reads_as(
        format!("{H}\n2024-03-01,a@x.fr,{big}@x.fr;b@x.fr\n2024-03-02,c@x.fr,d@x.fr\n"),
        &[("A", "A", 0.5), ("B", "B", 1.0)],
        None,
    );
    assert_eq!(input["external_addresses"], 1, "{input}");
}

#[test]
fn a_row_holding_a_nul_byte_is_skipped_and_counted() {
    // regression: 'b@x.fr\0' was read as an address outside the directory
    reads_as(
        format!("{H}\n2024-03-01,a@x.fr,b@x.fr\0\n2024-03-02,c@x.fr,d@x.fr\n"),
        &[("B", "B", 1.0)],
        Some(("nul_byte", 1)),
    );
}

#[test]
fn a_nul_byte_is_fatal_under_strict_with_line_and_column() {
    let case = Case::new();
    let m = case.file(
        "nul.csv",
        format!("{H}\n2024-03-02,c@x.fr,d@x.fr\n2024-03-01,a@x.fr,b@x.fr\0\n"),
    );
    case.analyze(&m, &people(), &["--strict"]).refused(&[
        "nul.csv",
        "line 3",
        "column 'recipients'",
        "NUL byte",
    ]);
}

#[test]
fn a_byte_order_mark_in_the_middle_is_dropped() {
    // regression: the row was rejected, its timestamp starting with U+FEFF
    reads_as(
        format!("\u{feff}{H}\n2024-03-01,a@x.fr,b@x.fr;c@x.fr\n\u{feff}2024-03-02,c@x.fr,d@x.fr\n"),
        &GOOD,
        None,
    );
}

#[test]
fn two_exports_pasted_together_bom_and_header_included() {
    reads_as(
        format!("\u{feff}{H}\n2024-03-01,a@x.fr,b@x.fr\n\u{feff}{H}\n2024-03-02,c@x.fr,d@x.fr\n"),
        &TWO,
        Some(("repeated_header", 1)),
    );
}

#[test]
fn utf16_with_an_odd_byte_count_loses_the_last_byte_only() {
    let text = format!("{H}\r\n2024-03-01,a@x.fr,b@x.fr;c@x.fr\r\n2024-03-02,c@x.fr,d@x.fr\r\n");
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes.push(b'A');
    // the lone byte is a line of its own (U+FFFD): a row of one field, counted
    reads_as(bytes, &GOOD, Some(("wrong_field_count", 1)));
}

#[test]
fn latin1_bytes_in_a_utf8_file_beyond_the_sample_reject_their_row() {
    let mut bytes = format!("{H}\n").into_bytes();
    for _ in 0..3000 {
        bytes.extend(b"2024-03-02,c@x.fr,d@x.fr\n");
    }
    bytes.extend(b"2024-03-04,a@x.fr,\"Ren\xe9 <b@x.fr>\"\n");
    let case = Case::new();
    let m = case.file("late.csv", &bytes);
    let run = case.analyze(&m, &people(), &[]);
    let input = run.ok();
    assert_eq!(rejected(&input, "invalid_utf8"), 1);
    run.assert_flows(&[("B", "B", 3000.0)]);
    assert!(run.stderr.contains("line 3002"), "{}", run.stderr);
    assert!(
        run.stderr.contains("--encoding windows-1252"),
        "{}",
        run.stderr
    );
}

#[test]
fn latin1_bytes_early_make_the_file_windows_1252() {
    let case = Case::new();
    let m = case.file(
        "early.csv",
        b"timestamp,sender,recipients\n2024-03-01,a@x.fr,\"Ren\xe9 <b@x.fr>\"\n2024-03-02,c@x.fr,d@x.fr\n",
    );
    let run = case.analyze(&m, &people(), &[]);
    let input = run.ok();
    run.assert_flows(&TWO);
    assert_eq!(input["files"][0]["encoding"], "Windows-1252");
}

#[test]
fn a_windows_1252_directory_keeps_its_accents() {
    let case = Case::new();
    let text = "Adresse électronique;Département;Prénom\na@x.fr;Systèmes d'information;Zoé\nb@x.fr;Systèmes d'information;Zoé\nc@x.fr;Direction Générale;Noël\nd@x.fr;Direction Générale;Léa\n";
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect(); // Latin-1 = Windows-1252 for these letters
    let p = case.file("annuaire.csv", bytes);
    let run = case.analyze(&corpus("messages.csv"), &p, &[]);
    run.ok();
    run.assert_flows(&[
        ("Direction Générale", "Direction Générale", 1.0),
        ("Direction Générale", "Systèmes d'information", 0.5),
        ("Systèmes d'information", "Systèmes d'information", 0.5),
    ]);
}

// ---------------------------------------------------------------- addresses

#[test]
fn thousands_of_recipients_are_a_broadcast_left_out_and_counted() {
    let many: Vec<String> = (0..5000).map(|i| format!("p{i}@ext.fr")).collect();
    let input = reads_as(
        format!(
            "{H}\n2024-03-01,a@x.fr,\"{};b@x.fr\"\n2024-03-02,c@x.fr,d@x.fr\n",
            many.join(";")
        ),
        &[("B", "B", 1.0)],
        None,
    );
    assert_eq!(input["broadcasts_left_out"], 1, "{input}");
    assert_eq!(input["messages"], 2, "{input}");
}

#[test]
fn ids_that_differ_by_case_or_spaces_are_one_person() {
    reads_as(
        format!("{H}\n2024-03-01,  A@X.FR ,\" b@x.fr ; C@x.Fr\"\n2024-03-02,c@x.fr ,D@X.fr\n"),
        &GOOD,
        None,
    );
}

#[test]
fn a_sender_cell_with_two_addresses_gives_the_first() {
    reads_as(
        format!("{H}\n2024-03-01,a@x.fr;b@x.fr,c@x.fr\n2024-03-02,c@x.fr,d@x.fr\n"),
        &[("A", "B", 1.0), ("B", "B", 1.0)],
        None,
    );
}

#[test]
fn display_names_and_angle_brackets_are_read() {
    reads_as(
        format!(
            "{H}\n2024-03-01,\"\"\"Dupont, Jean\"\" <a@x.fr>\",\"\"\"Martin, B\"\" <b@x.fr>; C <c@x.fr>\"\n2024-03-02,Claire <c@x.fr>,<d@x.fr>\n"
        ),
        &GOOD,
        None,
    );
}

#[test]
fn encoded_words_in_display_names_are_read() {
    reads_as(
        format!(
            "{H}\n2024-03-01,=?utf-8?Q?Ren=C3=A9?= <a@x.fr>,\"=?utf-8?B?w4lsaXNl?= <b@x.fr>, =?UTF-8?q?Z=C3=B6e?= <c@x.fr>\"\n2024-03-02,c@x.fr,d@x.fr\n"
        ),
        &GOOD,
        None,
    );
}

#[test]
fn an_empty_sender_is_skipped_and_counted() {
    reads_as(
        format!("{H}\n2024-03-01,,b@x.fr\n2024-03-02,c@x.fr,d@x.fr\n"),
        &[("B", "B", 1.0)],
        Some(("empty_sender", 1)),
    );
}

// ---------------------------------------------------------------- times

#[test]
fn a_date_in_the_year_9999_is_read() {
    reads_as(
        format!("{H}\n9999-12-31T23:59:59Z,a@x.fr,b@x.fr;c@x.fr\n2024-03-02,c@x.fr,d@x.fr\n"),
        &GOOD,
        None,
    );
}

#[test]
fn a_negative_unix_time_is_read_as_before_1970() {
    reads_as(
        format!("{H}\n-86400,a@x.fr,b@x.fr;c@x.fr\n2024-03-02,c@x.fr,d@x.fr\n"),
        &GOOD,
        None,
    );
}

#[test]
fn an_unreadable_date_is_skipped_and_counted_and_shown_by_its_shape() {
    let case = Case::new();
    let m = case.file(
        "dates.csv",
        format!("{H}\n31/01/2024,a@x.fr,b@x.fr\n2024-03-02,c@x.fr,d@x.fr\n"),
    );
    let run = case.analyze(&m, &people(), &[]);
    assert_eq!(rejected(&run.ok(), "bad_timestamp"), 1);
    assert!(
        run.stderr
            .contains("dates.csv: line 2, column 'timestamp': expected a timestamp"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("'99/99/9999'"), "{}", run.stderr);
}

#[test]
fn a_year_beyond_9999_or_a_huge_unix_time_is_rejected_not_a_panic() {
    reads_as(
        format!(
            "{H}\n99999-01-01,a@x.fr,b@x.fr\n99999999999999999999,a@x.fr,b@x.fr\n2024-03-02,c@x.fr,d@x.fr\n"
        ),
        &[("B", "B", 1.0)],
        Some(("bad_timestamp", 2)),
    );
}

// ---------------------------------------------------------------- the directory

#[test]
fn a_person_listed_twice_in_one_department_is_merged_and_counted() {
    let case = Case::new();
    let p = case.file(
        "annuaire.csv",
        "email,department\na@x.fr,A\nb@x.fr,A\nA@X.FR ,A\nc@x.fr,B\nd@x.fr,B\n",
    );
    let run = case.analyze(&corpus("messages.csv"), &p, &[]);
    let input = run.ok();
    run.assert_flows(&GOOD);
    assert_eq!(input["duplicate_directory_rows"], 1, "{input}");
}

#[test]
fn a_person_listed_in_two_departments_is_refused() {
    let case = Case::new();
    let p = case.file(
        "annuaire.csv",
        "email,department\na@x.fr,A\nb@x.fr,A\nc@x.fr,B\na@x.fr,B\nd@x.fr,B\n",
    );
    case.analyze(&corpus("messages.csv"), &p, &[]).refused(&[
        "annuaire.csv",
        "line 5",
        "department 'B' but already in 'A' on line 2",
    ]);
}

#[test]
fn a_directory_row_without_department_is_skipped_and_counted() {
    let case = Case::new();
    let p = case.file(
        "annuaire.csv",
        "email,department\na@x.fr,A\nb@x.fr,A\nc@x.fr,B\nd@x.fr,B\ne@x.fr,\n",
    );
    let run = case.analyze(&corpus("messages.csv"), &p, &[]);
    let input = run.ok();
    run.assert_flows(&GOOD);
    assert_eq!(
        input["directory_rejected"]["empty_department"], 1,
        "{input}"
    );
}

#[test]
fn a_directory_with_a_nul_byte_row_skips_it() {
    let case = Case::new();
    let p = case.file(
        "annuaire.csv",
        "email,department\na@x.fr,A\nb@x.fr,A\nc@x.fr,B\nd@x.fr,B\ne@x.fr,B\0\n",
    );
    let input = case.analyze(&corpus("messages.csv"), &p, &[]).ok();
    assert_eq!(input["directory_rejected"]["nul_byte"], 1, "{input}");
}

// ---------------------------------------------------------------- other formats

#[test]
fn a_truncated_slack_zip_is_refused() {
    let zip = std::fs::read(util::fixture("exports/slack/acme.zip")).unwrap();
    let case = Case::new();
    let m = case.file("export.zip", &zip[..zip.len() / 2]);
    case.analyze(&m, &util::fixture("exports/directory.csv"), &[])
        .refused(&["export.zip", "zip", "download or copy the export again"]);
}

#[test]
fn a_graph_mail_file_cut_in_the_middle_is_refused_with_line_and_column() {
    let case = Case::new();
    let m = case.file(
        "mail.json",
        concat!(
            "{\"value\":[{\"id\":\"1\",\"sentDateTime\":\"2024-03-01T09:00:00Z\",",
            "\"from\":{\"emailAddress\":{\"address\":\"a@x.fr\"}},",
            "\"toRecipients\":[{\"emailAddress\":{\"address\":\"b@x.fr\"}}]},\n",
            "{\"id\":\"2\",\"sentDateTime\":\"2024-03-02T09:00:00Z\",\"from\":{\"emailAd"
        ),
    );
    case.analyze(&m, &people(), &[])
        .refused(&["mail.json", "line 2, column"]);
}

#[test]
fn a_mail_file_without_a_from_line_is_one_eml_message() {
    // no 'From ' separator: the file is one message; the second header block is its body
    let case = Case::new();
    let m = case.file(
        "mail.mbox",
        "From: a@x.fr\nTo: b@x.fr\nDate: Fri, 1 Mar 2024 09:00:00 +0000\n\nhello\n\nFrom: c@x.fr\nTo: d@x.fr\n\nbody\n",
    );
    let run = case.analyze(&m, &people(), &[]);
    let input = run.ok();
    run.assert_flows(&[("A", "A", 1.0)]);
    assert_eq!(input["files"][0]["format"], "eml", "{input}");
}

#[test]
fn a_text_forced_to_mbox_without_a_from_line_is_refused() {
    let case = Case::new();
    let m = case.file("junk.mbox", "this is not\nan mbox\n");
    case.analyze(&m, &people(), &["--input-format", "mbox"])
        .refused(&["junk.mbox", "line 1", "'From '"]);
}

const EVENT: &str = "BEGIN:VEVENT\r\nUID:1\r\nDTSTART:20240301T090000Z\r\nORGANIZER:mailto:a@x.fr\r\nATTENDEE:mailto:b@x.fr\r\nATTENDEE:mailto:c@x.fr\r\nEND:VEVENT\r\n";

#[test]
fn an_ics_without_end_vcalendar_keeps_its_whole_events() {
    let case = Case::new();
    let m = case.file(
        "cal.ics",
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{EVENT}"),
    );
    let run = case.analyze(&m, &people(), &[]);
    run.ok();
    run.assert_flows(&[("A", "A", 0.5), ("A", "B", 0.5)]);
}

#[test]
fn an_ics_cut_inside_an_event_counts_it_as_unterminated() {
    let case = Case::new();
    let cut = EVENT.replace("END:VEVENT\r\n", "");
    let m = case.file(
        "cal.ics",
        format!(
            "BEGIN:VCALENDAR\r\n{EVENT}{}",
            cut.replace("UID:1", "UID:2")
        ),
    );
    let run = case.analyze(&m, &people(), &[]);
    let input = run.ok();
    run.assert_flows(&[("A", "A", 0.5), ("A", "B", 0.5)]);
    assert_eq!(rejected(&input, "unterminated_event"), 1, "{input}");
}

#[test]
fn an_rrule_without_end_is_not_counted_into_the_future() {
    let weekly = EVENT.replace("UID:1\r\n", "UID:1\r\nRRULE:FREQ=WEEKLY\r\n");
    let case = Case::new();
    let m = case.file(
        "cal.ics",
        format!("BEGIN:VCALENDAR\r\n{weekly}END:VCALENDAR\r\n"),
    );
    // alone in its file: its first occurrence
    let run = case.analyze(&m, &people(), &[]);
    run.ok();
    run.assert_flows(&[("A", "A", 0.5), ("A", "B", 0.5)]);
    // up to --calendar-until: 1, 8, 15, 22 and 29 March
    let run = case.analyze(
        &m,
        &people(),
        &["--calendar-until", "2024-03-29", "--force"],
    );
    run.ok();
    run.assert_flows(&[("A", "A", 2.5), ("A", "B", 2.5)]);
}

#[test]
fn a_viva_query_with_a_negative_weight_skips_that_row() {
    let case = Case::new();
    let m = case.file(
        "p2p.csv",
        "PrimaryCollaborator_PersonId,SecondaryCollaborator_PersonId,MetricDate,Strong_tie_score\na@x.fr,b@x.fr,2024-03-04,0.5\nc@x.fr,d@x.fr,2024-03-04,-2\nc@x.fr,d@x.fr,2024-03-11,1\n",
    );
    let run = case.analyze(&m, &people(), &[]);
    let input = run.ok();
    assert_eq!(rejected(&input, "bad_weight"), 1, "{input}");
    run.assert_flows(&[("A", "A", 0.5), ("B", "B", 1.0)]);
    let strict = Case::new();
    let m = strict.file("p2p.csv", std::fs::read(&m).unwrap());
    strict.analyze(&m, &people(), &["--strict"]).refused(&[
        "p2p.csv",
        "line 3",
        "Strong_tie_score",
        "at least 0",
    ]);
}

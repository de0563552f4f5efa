//! `--channel` and `--weight`: a hand-checked log of four messages over three channels.
//! a, b in X; c in Y.
//! 1. a → b, email                 1
//! 2. a → b, c, chat (k = 2)       w/2 to a–b and a–c
//! 3. b → c, meeting               w
//! 4. c → a, "Teams" (CSV value)   1

mod util;

use std::collections::BTreeMap;

use util::{analyze_shown, read_csv, siloscope, summary};

const LOG: &str = "timestamp,sender,recipients,channel\n\
2024-03-01 09:00,a,b,Email\n\
2024-03-01 10:00,a,b;c,chat\n\
2024-03-01 11:00,b,c,meeting\n\
2024-03-01 12:00,c,a,Teams\n";
const PEOPLE: &str = "id,department\na,X\nb,X\nc,Y\n";

fn run(extra: &[&str]) -> (BTreeMap<String, String>, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let (m, p) = (dir.path().join("m.csv"), dir.path().join("p.csv"));
    std::fs::write(&m, LOG).unwrap();
    std::fs::write(&p, PEOPLE).unwrap();
    let out = dir.path().join("out");
    analyze_shown()
        .arg("--messages")
        .arg(&m)
        .arg("--people")
        .arg(&p)
        .arg("--out")
        .arg(&out)
        .args(extra)
        .assert()
        .success();
    let ties = read_csv(&out.join("ties.csv"))
        .into_iter()
        .map(|r| {
            (
                format!("{}-{}", r["source"], r["target"]),
                r["weight"].clone(),
            )
        })
        .collect();
    (ties, summary(&out))
}

fn ties(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn every_channel_counts_alike_by_default() {
    let (got, s) = run(&[]);
    assert_eq!(got, ties(&[("a-b", "1.5"), ("a-c", "1.5"), ("b-c", "1.0")]));
    assert_eq!(s["weighting"]["channels"], "every channel counts alike");
}

#[test]
fn weights_multiply_each_message_exactly() {
    let (got, s) = run(&["--weight", "chat=0.5,meeting=2"]);
    assert_eq!(
        got,
        ties(&[("a-b", "1.25"), ("a-c", "1.25"), ("b-c", "2.0")])
    );
    assert_eq!(s["weighting"]["channel_weights"]["chat"], 0.5);
    assert_eq!(s["weighting"]["channel_weights"]["meeting"], 2.0);
    // a weight that is no binary fraction stays an exact decimal sum: 1 + 0.333 / 2
    let (got, _) = run(&["--weight", "chat=0.333"]);
    assert_eq!(got["a-b"], "1.1665");
}

#[test]
fn channel_keeps_some_channels_and_counts_the_others() {
    let (got, s) = run(&["--channel", "email,chat"]);
    assert_eq!(got, ties(&[("a-b", "1.5"), ("a-c", "0.5")]));
    assert_eq!(s["input"]["messages_of_other_channels"], 2);
    assert_eq!(
        s["weighting"]["channels_kept"],
        serde_json::json!(["chat", "email"])
    );
}

#[test]
fn bad_weights_are_usage_errors_before_any_input_is_read() {
    for bad in ["chat", "chat=0", "chat=0.0001", "chat=-1", "chat=1,chat=2"] {
        siloscope()
            .args([
                "analyze",
                "-m",
                "missing.csv",
                "-p",
                "missing.csv",
                "--weight",
                bad,
            ])
            .assert()
            .code(2);
    }
}

//! Privacy of every export format: a default run (pseudonyms, minimum group size 5) on each
//! rendering of the Acme messages writes no address, no name and no employee number of the
//! inputs into any output (display names of mail headers, Graph, Slack and calendars are read
//! and never written).

mod util;

use std::path::Path;

use util::{fixture, siloscope};

/// Every identifying token of fixtures/exports (people, the supplier, the group list).
const TOKENS: [&str; 21] = [
    "@acme.fr",
    "fournisseur",
    "equipe-finance",
    "dupont",
    "leroy",
    "martin",
    "lefevre",
    "lefèvre",
    "moreau",
    "bernard",
    "petit",
    "leboeuf",
    "lebœuf",
    "jean",
    "hélène",
    "helene",
    "gérard",
    "gerard",
    "françois",
    "sophie",
    "chloé",
];

fn scan(out: &Path, what: &str) {
    for entry in std::fs::read_dir(out).unwrap() {
        let path = entry.unwrap().path();
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).to_lowercase();
        for token in TOKENS {
            assert!(
                !text.contains(token),
                "{what}: {} holds '{token}'",
                path.display()
            );
        }
    }
}

#[test]
fn no_export_format_leaks_an_identity_into_the_outputs() {
    let renderings: [(&str, &[&str]); 9] = [
        ("exports/display_names.csv", &[]),
        ("exports/m365_trace.csv", &[]),
        ("exports/historical_report.csv", &[]),
        ("exports/mail/Archives", &[]),
        ("exports/mail/eml", &[]),
        ("exports/graph/mail_pages.json", &[]),
        ("exports/ics/acme.ics", &[]),
        ("exports/slack/acme.zip", &[]),
        (
            "exports/m365_trace_powershell.csv",
            &["--date-format", "month-first"],
        ),
    ];
    for (messages, extra) in renderings {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        siloscope()
            .args(["analyze", "--min-group-size", "1", "--format", "svg"])
            .args(["--messages", &fixture(messages)])
            .args(["--people", &fixture("exports/annuaire_cp1252.csv")])
            .args(extra)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        scan(&out, messages);
    }
}

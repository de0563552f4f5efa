//! `--lang fr` writes summary.md in French: no sentence, heading or table header of
//! siloscope's own English is left, and the page shows the same figures as the English one.

use std::path::Path;

/// A fixture path inside the crate.
fn fixture(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

/// A configuration folder for this test process, so that the default pseudonymization key is
/// created there rather than in the real ~/.config (and both languages use the same key).
fn config_home() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

/// The siloscope command, with the default key kept in [`config_home`].
fn siloscope() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_siloscope"));
    cmd.env("XDG_CONFIG_HOME", config_home());
    cmd
}

/// summary.md of `analyze --format none ARGS` (then `--lang fr` when `french`).
fn summary(args: &[&str], french: bool) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut cmd = siloscope();
    cmd.args(["analyze", "--format", "none"])
        .args(args)
        .arg("--out")
        .arg(&out);
    if french {
        cmd.args(["--lang", "fr"]);
    }
    cmd.assert().success();
    std::fs::read_to_string(out.join("summary.md")).unwrap()
}

/// Words and phrases of siloscope's English that a French page never holds; the data's own
/// names (file names, paths, addresses, options) are taken out first by [`own_words`].
const ENGLISH: &[&str] = &[
    "the ",
    " and ",
    " of ",
    " to ",
    " in ",
    " with ",
    " from ",
    " is ",
    "people",
    " person ",
    "department",
    "messages from",
    "left out",
    "How to read",
    "closed",
    "strongest",
    "weakest",
    "rejected",
    "Privacy",
    "communities",
    "between",
    "weight",
    " ties",
    "betweenness",
    "cut point",
    "bridge",
    "broadcast",
    "recipient",
    "directory",
    "org chart",
    "champion",
    "Note:",
    "Warning",
    "read as",
    "encoding",
    "delimiter",
    "yes",
    "| no |",
    "none",
    "summary",
    "found",
    "Details",
    "per ",
    "file",
    " line",
    "only",
    "counted",
];

/// The page without the words that are not siloscope's: file names (.csv, .md) and paths, addresses,
/// command-line options, identifiers with an underscore (column names such as recipient_status).
fn own_words(md: &str) -> String {
    md.split(|c: char| c.is_whitespace())
        .filter(|w| {
            !(w.contains(".csv")
                || w.contains(".md")
                || w.contains('/')
                || w.contains('@')
                || w.contains('_')
                || w.starts_with("--")
                || w.starts_with("(--")
                // a pseudonym is random letters: "p-yesk3x2a" is not English
                || w.starts_with("p-")
                || w.starts_with("(p-"))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn assert_french(md: &str, what: &str) {
    let text = own_words(md);
    let found: Vec<&&str> = ENGLISH.iter().filter(|w| text.contains(**w)).collect();
    assert!(
        found.is_empty(),
        "{what}: English left in the French summary.md: {found:?}\n{md}"
    );
}

/// A page's numbers written one way: French `4 328,4` and English `4,328.4` both as `4328.4`
/// (a French page starts with "# Synthèse").
fn normalized(text: &str) -> String {
    let french = text.starts_with("# Synthèse");
    let chars: Vec<char> = text.chars().collect();
    let digit = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let between = i > 0 && digit(i - 1) && digit(i + 1);
        match c {
            '\u{202f}' if french && between => {}
            ',' if french && between => out.push('.'),
            ',' if !french && between => {}
            _ => out.push(c),
        }
    }
    out
}

/// The numbers of a text (`4328.4`, `-0.92`, `320`), in order.
fn numbers(text: &str) -> Vec<String> {
    let text = normalized(text);
    let mut out = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let decimal_point =
            c == '.' && !current.is_empty() && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() || decimal_point {
            current.push(c);
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The numbers with a decimal point, sorted.
fn decimals(md: &str) -> Vec<String> {
    let mut d: Vec<String> = numbers(md)
        .into_iter()
        .filter(|n| n.contains('.'))
        .collect();
    d.sort();
    d
}

/// The numbers of the table rows, in order.
fn table_numbers(md: &str) -> Vec<String> {
    normalized(md)
        .lines()
        .filter(|l| l.starts_with('|'))
        .flat_map(numbers)
        .collect()
}

fn demo() -> [String; 4] {
    [
        "--messages".into(),
        fixture("demo/messages.csv"),
        "--people".into(),
        fixture("demo/people.csv"),
    ]
}

#[test]
fn the_demo_summary_is_french_with_the_english_figures() {
    let args = demo();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let en = summary(&args, false);
    let fr = summary(&args, true);
    assert_french(&fr, "demo");
    // the list means something: the English page has its words
    let english = own_words(&en);
    for w in [
        "the ",
        " and ",
        "people",
        "department",
        "closed",
        "strongest",
        "weakest",
        "Privacy",
    ] {
        assert!(english.contains(w), "{w:?} not in the English page");
    }
    for heading in [
        "# Synthèse siloscope",
        "## Les directions les plus cloisonnées",
        "## Les flux entre directions les plus forts",
        "## Les flux entre directions les plus faibles",
        "## Ponts et points de rupture entre directions",
        "## La collaboration suit-elle l'organigramme ?",
        "## Les passeurs : qui relie les directions",
        "## Liens fragiles entre directions",
        "## Comment les fichiers ont été lus",
        "## Ce qui a été écarté des données, et pourquoi",
    ] {
        assert!(fr.contains(heading), "{heading:?} missing:\n{fr}");
    }
    assert!(fr.contains("indice de Rand ajusté"));
    assert!(fr.contains("**la collaboration suit l'organigramme de près**"));
    assert!(fr.contains("320 personnes dans 8 directions ; 5\u{202f}085 liens"));
    // the same figures, each written the way of its language
    let d = decimals(&en);
    assert!(d.len() > 50, "{d:?}");
    assert_eq!(d, decimals(&fr));
    assert_eq!(table_numbers(&en), table_numbers(&fr));
    assert_eq!(
        en.lines().filter(|l| l.starts_with('|')).count(),
        fr.lines().filter(|l| l.starts_with('|')).count()
    );
}

#[test]
fn the_french_summary_of_the_other_runs_has_no_english_either() {
    let demo = demo();
    let demo: Vec<&str> = demo.iter().map(String::as_str).collect();
    let directory = fixture("exports/directory.csv");
    let shown = ["--reveal-identities", "--min-group-size", "1"];
    for (what, messages) in [
        ("ics", "exports/ics/quirks.ics"),
        ("eml", "exports/mail/eml"),
        ("historical", "exports/historical_report.csv"),
        ("graph", "exports/graph/mail.jsonl"),
    ] {
        let messages = fixture(messages);
        let mut args = vec!["--messages", &messages, "--people", &directory];
        args.extend(shown);
        let fr = summary(&args, true);
        assert_french(&fr, what);
        assert_eq!(decimals(&summary(&args, false)), decimals(&fr), "{what}");
    }
    for (what, extra) in [
        ("no person level", &["--no-person-level"][..]),
        ("merged departments", &["--min-group-size", "40"][..]),
        ("suppressed", &["--min-group-size", "100000"][..]),
    ] {
        let mut args = demo.clone();
        args.extend(extra);
        assert_french(&summary(&args, true), what);
    }
}

#[test]
fn the_guarantee_of_a_sampled_betweenness_is_french() {
    let demo = demo();
    let mut args: Vec<&str> = demo.iter().map(String::as_str).collect();
    args.extend([
        "--betweenness",
        "approx",
        "--epsilon",
        "0.05",
        "--group-by",
        "site",
    ]);
    let en = summary(&args, false);
    let fr = summary(&args, true);
    assert!(en.contains("Riondato & Kornaropoulos 2016"), "{en}");
    assert!(
        en.contains("within ±0.05 of the exact one with probability 90%"),
        "{en}"
    );
    assert!(fr.contains("à ±0,05 près de la valeur exacte avec une probabilité de 90\u{a0}%"));
    assert!(
        fr.contains("L'intermédiarité entre groupes est estimée sur"),
        "{fr}"
    );
    assert_french(&fr, "sampled betweenness");
    assert_eq!(decimals(&en), decimals(&fr));
}

#[test]
fn the_summary_of_a_group_level_run_is_french() {
    for file in ["exports/viva/g2g.csv", "exports/viva/g2g_legacy.csv"] {
        let messages = fixture(file);
        let args = ["--messages", messages.as_str()];
        let (en, fr) = (summary(&args, false), summary(&args, true));
        assert_french(&fr, file);
        for w in ["group a", "rows", "closed", "strongest", "Modularity"] {
            assert!(!own_words(&fr).contains(w), "{w:?} in\n{fr}");
        }
        assert!(fr.starts_with("# Collaboration entre groupes\n"), "{fr}");
        assert_eq!(decimals(&en), decimals(&fr), "{file}");
        assert_eq!(table_numbers(&en), table_numbers(&fr), "{file}");
    }
}

#[test]
fn the_input_warning_and_the_left_out_reasons_are_french() {
    let dir = tempfile::tempdir().unwrap();
    let (m, p) = (dir.path().join("m.csv"), dir.path().join("p.csv"));
    std::fs::write(
        &m,
        "timestamp,sender,recipients\n\
         2024-01-02 09:00,a@co,b@co\n\
         2024-01-02 09:10,a@co,c@co\n\
         2024-01-02 09:20,x@ext,a@co\n\
         2024-01-02 09:30,y@ext,a@co\n\
         2024-01-02 09:40,z@ext,a@co\n",
    )
    .unwrap();
    std::fs::write(&p, "id,department\na@co,Ventes\nb@co,Ventes\nc@co,Achats\n").unwrap();
    let args = [
        "--messages",
        m.to_str().unwrap(),
        "--people",
        p.to_str().unwrap(),
        "--reveal-identities",
        "--min-group-size",
        "1",
    ];
    assert!(summary(&args, false).contains("**Warning:** 3 of the 4 distinct senders"));
    let fr = summary(&args, true);
    assert_french(&fr, "warning");
    assert!(
        fr.contains(
            "**Attention :** 3 des 4 expéditeurs distincts ne figurent pas dans l'annuaire"
        ),
        "{fr}"
    );

    let ics = fixture("exports/ics/quirks.ics");
    let directory = fixture("exports/directory.csv");
    let fr = summary(&["--messages", &ics, "--people", &directory], true);
    assert!(
        fr.contains("| écarté : réunion annulée | 2 | une réunion annulée n'est pas une réunion |"),
        "{fr}"
    );
}

/// report.html of `args` in French (`--format svg` when Graphviz is there, so that the
/// pictures' own words are checked too), as text: markup, style and script dropped.
fn report_text(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let dot = std::process::Command::new("dot").arg("-V").output().is_ok();
    siloscope()
        .args([
            "analyze",
            "--lang",
            "fr",
            "--format",
            if dot { "svg" } else { "none" },
        ])
        .args(args)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let body = html.split_once("<body>").map_or(html.as_str(), |(_, b)| b);
    let body = body.split_once("<script>").map_or(body, |(b, _)| b);
    let mut text = String::from("# Synthèse\n");
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

#[test]
fn the_french_report_html_has_no_english_either() {
    let demo = demo();
    let demo: Vec<&str> = demo.iter().map(String::as_str).collect();
    for (what, extra) in [
        ("demo", &[][..]),
        ("no person level", &["--no-person-level"][..]),
        ("merged departments", &["--min-group-size", "40"][..]),
        ("suppressed", &["--min-group-size", "100000"][..]),
    ] {
        let mut args = demo.clone();
        args.extend(extra);
        let text = report_text(&args);
        assert!(
            text.contains("L'essentiel") || what == "suppressed",
            "{what}"
        );
        assert_french(&text, &format!("report.html, {what}"));
        // one French word for a department, as summary.md says it
        assert!(
            !text.to_lowercase().contains("département"),
            "{what}: report.html says « département » where summary.md says « direction »"
        );
    }
}

#[test]
fn the_french_comparison_has_no_english_either() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let key = dir.path().join("key");
    std::fs::write(&key, "ab".repeat(32)).unwrap();
    siloscope()
        .arg("compare")
        .args(["--messages", &fixture("demo/messages.csv")])
        .args(["--people", &fixture("demo/people.csv")])
        // three weeks before: a period of little activity, whose warning is French too
        .args([
            "--before",
            "2026-03-09..2026-03-30",
            "--after",
            "2026-04-01..2026-07-01",
        ])
        .args(["--lang", "fr", "--format", "none", "--quiet"])
        .arg("--key-file")
        .arg(&key)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.starts_with("# Avant et après"), "{md}");
    assert!(md.contains("peu d'activité"), "{md}");
    assert_french(&md, "compare");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(json["comparison"][0]["periods"][0]["low_activity"], true);
    assert_eq!(json["comparison"][0]["periods"][1]["low_activity"], false);
}

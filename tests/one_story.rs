//! One story in every output: summary.md, report.html and summary.json of the same run tell the
//! same findings (the same people, pairs of departments and figures, to the precision each page
//! shows), in English and in French; and no cell that community_departments.csv suppresses is
//! named anywhere else.

mod util;

use std::path::Path;

use serde_json::Value;
use util::{fixture, read_csv, shared, siloscope};

/// Runs `analyze` with pseudonyms and the default minimum group size (the outputs a client
/// gets), without pictures (Graphviz plays no part in the findings).
fn analyze(messages: &str, people: &str, out: &Path, extra: &[&str]) {
    siloscope()
        .args(["analyze", "--messages", messages, "--people", people])
        .args(["--format", "none", "--quiet"])
        .args(extra)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

struct Pages {
    md: String,
    /// The page's text: tags dropped, entities decoded.
    html: String,
    findings: Value,
    fr: bool,
}

fn pages(out: &Path, fr: bool) -> Pages {
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
    let json: Value = serde_json::from_str(&read("summary.json")).unwrap();
    Pages {
        md: read("summary.md").replace("**", ""),
        html: html_text(&read("report.html")),
        findings: json["findings"].clone(),
        fr,
    }
}

/// The text of an HTML page: tags dropped (a table cell's end as ` | `, as in Markdown), the
/// entities siloscope writes decoded, runs of spaces as one.
fn html_text(html: &str) -> String {
    let body = html.split_once("<body>").map_or(html, |(_, b)| b);
    let body = body.split_once("<script>").map_or(body, |(b, _)| b);
    let mut text = String::new();
    let mut tag = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
            }
            '>' => {
                in_tag = false;
                let cell_end = tag == "/td" || tag == "/th";
                text.push_str(if cell_end { " | " } else { " " });
            }
            _ if in_tag => tag.push(c),
            _ => text.push(c),
        }
    }
    let text = text
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

impl Pages {
    /// Asserts both pages show `what`.
    fn show(&self, what: &str, context: &str) {
        assert!(
            self.md.contains(what),
            "{context}: summary.md lacks {what:?}"
        );
        assert!(
            self.html.contains(what),
            "{context}: report.html lacks {what:?}"
        );
    }

    /// A number as the pages write it: decimals, and the language's separators.
    fn num(&self, x: f64, digits: usize) -> String {
        let text = format!("{:.*}", digits, x.abs());
        let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
        let sep = if self.fr { "\u{202f}" } else { "," };
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push_str(sep);
            }
            grouped.push(c);
        }
        let negative = x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
        let sign = if negative { "-" } else { "" };
        if frac.is_empty() {
            format!("{sign}{grouped}")
        } else {
            format!("{sign}{grouped}{}{frac}", if self.fr { "," } else { "." })
        }
    }

    fn group(&self, name: &Value) -> String {
        let name = name.as_str().unwrap();
        match (self.fr, name) {
            (true, "other (small groups)") => "autres (petits groupes)".into(),
            _ => name.to_string(),
        }
    }

    fn items<'a>(&self, section: &str, list: &str) -> Vec<&Value>
    where
        Self: 'a,
    {
        self.findings[section][list]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default()
    }
}

/// Every finding of summary.json is shown, with its figures, on both pages.
fn assert_one_story(p: &Pages, context: &str) {
    let f = &p.findings;
    assert!(f.is_object(), "{context}: summary.json has no findings");
    // the most closed departments (summary.md shows the first five)
    let closed = p.items("groups", "closed");
    assert!(!closed.is_empty(), "{context}: no department findings");
    for line in closed.iter().filter(|l| !l["ei_weight"].is_null()).take(5) {
        let row = format!(
            "{} | {} | {}",
            p.group(&line["group"]),
            line["people"],
            p.num(line["ei_weight"].as_f64().unwrap(), 2)
        );
        p.show(&row, context);
        p.show(
            &p.num(line["internal_weight"].as_f64().unwrap(), 1),
            context,
        );
    }
    for flows in ["strongest_flows", "weakest_flows"] {
        for fl in p.items("groups", flows).iter().take(5) {
            let (a, b) = (p.group(&fl["a"]), p.group(&fl["b"]));
            let weight = p.num(fl["weight"].as_f64().unwrap(), 1);
            p.show(&format!("{a} | {b} | {weight}"), context);
        }
    }
    for person in f["key_people"].as_array().into_iter().flatten() {
        let b = person["betweenness"].as_f64().unwrap();
        let row = format!(
            "{} | {} | {}",
            person["person"].as_str().unwrap(),
            p.group(&person["group"]),
            p.num(b, 4)
        );
        p.show(&row, context);
    }
    for champion in p.items("champions", "people").iter().take(10) {
        let row = format!(
            "{} | {} | {}",
            champion["person"].as_str().unwrap(),
            p.group(&champion["group"]),
            p.num(champion["between_groups"].as_f64().unwrap(), 4)
        );
        p.show(&row, context);
    }
    for link in p.items("weak_links", "links").iter().take(15) {
        let pair = format!("{} – {}", p.group(&link["a"]), p.group(&link["b"]));
        p.show(&pair, context);
        for via in ["all_direct_ties_through", "all_indirect_paths_through"] {
            if let Some(who) = link[via]["person"].as_str() {
                p.show(
                    &format!("{who} ({})", p.group(&link[via]["group"])),
                    context,
                );
            }
        }
    }
    for cut in p.items("weak_links", "cut_offs").iter().take(10) {
        let who = cut["person"].as_str().unwrap_or_default();
        p.show(&format!("{who} ({})", p.group(&cut["group"])), context);
        p.show(&p.num(cut["people"].as_f64().unwrap(), 0), context);
    }
    for c in p.items("communities", "communities").iter().take(10) {
        for share in c["main_groups"].as_array().into_iter().flatten() {
            let pct = p.num(100.0 * share["share"].as_f64().unwrap(), 0);
            let sep = if p.fr { "\u{a0}" } else { "" };
            p.show(
                &format!("{} {pct}{sep}%", p.group(&share["group"])),
                context,
            );
        }
    }
    if let Some(c) = f["communities"].as_object() {
        p.show(&p.num(c["nmi"].as_f64().unwrap(), 2), context);
        p.show(&p.num(c["modularity"].as_f64().unwrap(), 3), context);
    }
    // the key findings come first on both pages, in the same order
    let heading = if p.fr { "L'essentiel" } else { "Key findings" };
    let key = f["key_findings"].as_array().unwrap();
    assert!(!key.is_empty(), "{context}: no key findings");
    for page in [&p.md, &p.html] {
        let at = page.find(heading).expect("key findings heading");
        let first_section = if p.fr {
            "Les directions les plus cloisonnées"
        } else {
            "The most closed departments"
        };
        assert!(at < page.find(first_section).unwrap(), "{context}");
    }
}

fn check(messages: &str, people: &str, context: &str) {
    for fr in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let lang: &[&str] = if fr { &["--lang", "fr"] } else { &[] };
        analyze(messages, people, dir.path(), lang);
        let p = pages(dir.path(), fr);
        assert_one_story(&p, &format!("{context} ({})", if fr { "fr" } else { "en" }));
    }
}

#[test]
fn the_demo_tells_one_story_in_every_output() {
    check(
        &fixture("demo/messages.csv"),
        &fixture("demo/people.csv"),
        "demo",
    );
}

#[test]
fn email_eu_core_tells_one_story_in_every_output() {
    let Some(shared) = shared() else { return };
    let data = shared.join("data/email-eu-core");
    check(
        data.join("messages.csv").to_str().unwrap(),
        data.join("people.csv").to_str().unwrap(),
        "email-eu-core",
    );
}

#[test]
fn the_key_finding_of_the_demo_reads_as_a_sentence_with_its_figures() {
    let dir = tempfile::tempdir().unwrap();
    analyze(
        &fixture("demo/messages.csv"),
        &fixture("demo/people.csv"),
        dir.path(),
        &[],
    );
    let p = pages(dir.path(), false);
    p.show(
        "Production (70 people) is the most closed department: it keeps 96% of its exchanges inside; its links to Finance, R&D and Ventes all rest on one person.",
        "demo",
    );
    p.show("69 people of Production would be cut off", "demo");
    // the pseudonym depends on the key of the test run
    p.show(
        " (Production), 69 people of Production would be cut off from the rest of the network.",
        "demo",
    );
    p.show("Without p-", "demo");
    p.show("Period analysed: 2026-01-05 to 2026-06-30 (UTC).", "demo");
}

/// The suppressed cells of community_departments.csv, as (community, department).
fn suppressed_cells(out: &Path) -> Vec<(String, String)> {
    read_csv(&out.join("community_departments.csv"))
        .into_iter()
        .filter(|r| r["suppressed"] == "1")
        .map(|r| (r["community"].clone(), r["department"].clone()))
        .collect()
}

#[test]
fn no_suppressed_cell_is_named_in_another_output() {
    let mut data = vec![(fixture("demo/messages.csv"), fixture("demo/people.csv"))];
    if let Some(shared) = shared() {
        for name in ["email-eu-core", "synthetic-org-600"] {
            let d = shared.join("data").join(name);
            data.push((
                d.join("messages.csv").to_string_lossy().into_owned(),
                d.join("people.csv").to_string_lossy().into_owned(),
            ));
        }
    }
    let mut seen = 0;
    for (messages, people) in data {
        let dir = tempfile::tempdir().unwrap();
        analyze(&messages, &people, dir.path(), &[]);
        let cells = suppressed_cells(dir.path());
        seen += cells.len();
        let p = pages(dir.path(), false);
        for c in p.items("communities", "communities") {
            let community = c["community"].as_str().unwrap();
            for share in c["main_groups"].as_array().into_iter().flatten() {
                let d = share["group"].as_str().unwrap().to_string();
                assert!(
                    !cells.contains(&(community.to_string(), d.clone())),
                    "summary.json names suppressed cell {community} × {d}"
                );
            }
        }
        // the community lines of the pages: "c1 (94 people): …"
        for page in [&p.md, &p.html] {
            for (community, department) in &cells {
                let start = format!("{community} (");
                for line in page
                    .lines()
                    .filter(|l| l.contains(&start) && l.contains("people)"))
                {
                    let after = line.split_once(&start).unwrap().1;
                    let after = after.split_once(": ").map_or("", |(_, rest)| rest);
                    let named = after
                        .split(", ")
                        .any(|part| part.starts_with(&format!("{department} ")));
                    assert!(!named, "{community} × {department} named: {line}");
                }
            }
        }
    }
    assert!(
        seen > 0,
        "no suppressed cell in any data set: the test checks nothing"
    );
}

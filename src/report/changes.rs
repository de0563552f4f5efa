//! The comparison's outputs at the top of --out: `changes.csv` (one row per pair of groups),
//! `department_changes.csv` (per group), `people_changes.csv` (under pseudonyms),
//! `change_map.dot/.svg/.png`, `summary.md`, `summary.json` and `report.html`, all rendered
//! from one [`ChangeFindings`]. A grouping other than departments names its files after itself
//! (`site_pair_changes.csv`, `site_changes.csv`, `site_change_map.*`).

use std::fmt::Write as _;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::privacy::changes::{ChangeFindings, PairRow, PeriodSummary, Shown, VerdictShown};
use crate::report::OutputDir;
use crate::report::lang::{Lang, tr};
use crate::report::lens::Lens;
use crate::report::render::{ImageFormat, draw};
use crate::report::sentences::{EI_DIGITS, count, percent};

/// Decimals of a weight per day (a day's weight is a small fraction of a period's).
const PER_DAY_DIGITS: usize = 2;

/// Every file `compare` writes at the top of --out under a fixed name (those of a grouping
/// other than departments are named by [`change_files`]).
pub const CHANGE_FILES: [&str; 10] = [
    "changes.csv",
    "department_changes.csv",
    "people_changes.csv",
    "change_map.dot",
    "change_map.svg",
    "change_map.png",
    "summary.md",
    "summary.json",
    "report.html",
    ".siloscope-manifest",
];

/// The names of a grouping's change files: (pairs, groups, map stem).
pub fn change_files(lens: Lens<'_>) -> (String, String, String) {
    if lens.is_department() {
        (
            "changes.csv".into(),
            "department_changes.csv".into(),
            "change_map".into(),
        )
    } else {
        (
            format!("{}_pair_changes.csv", lens.name),
            format!("{}_changes.csv", lens.name),
            format!("{}_change_map", lens.name),
        )
    }
}

fn verdict_key(v: VerdictShown) -> &'static str {
    match v {
        VerdictShown::ClearIncrease => "clear increase",
        VerdictShown::ClearDecrease => "clear decrease",
        VerdictShown::NoClearChange => "no clear change",
    }
}

fn verdict_words(lang: Lang, v: VerdictShown) -> &'static str {
    match v {
        VerdictShown::ClearIncrease => lang.pick("clear increase", "hausse nette"),
        VerdictShown::ClearDecrease => lang.pick("clear decrease", "baisse nette"),
        VerdictShown::NoClearChange => lang.pick("no clear change", "pas de changement net"),
    }
}

#[derive(Serialize)]
struct PairLine<'a> {
    a: &'a str,
    b: &'a str,
    before_per_day: Option<f64>,
    after_per_day: Option<f64>,
    change_per_day: Option<f64>,
    change_relative: Option<f64>,
    interval_low: Option<f64>,
    interval_high: Option<f64>,
    verdict: &'static str,
    before_per_possible_pair: Option<f64>,
    after_per_possible_pair: Option<f64>,
    rested_on_before: Option<&'a str>,
    rested_on_after: Option<&'a str>,
}

const PAIR_HEADER: [&str; 13] = [
    "department_a",
    "department_b",
    "before_per_day",
    "after_per_day",
    "change_per_day",
    "change_relative",
    "interval_low",
    "interval_high",
    "verdict",
    "before_per_possible_pair",
    "after_per_possible_pair",
    "rested_on_one_person_before",
    "rested_on_one_person_after",
];

fn measure_fields(prefix: &str) -> [String; 6] {
    [
        format!("{prefix}_before"),
        format!("{prefix}_after"),
        format!("{prefix}_change"),
        format!("{prefix}_interval_low"),
        format!("{prefix}_interval_high"),
        format!("{prefix}_verdict"),
    ]
}

type MeasureCells = (
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    &'static str,
);

fn cells(s: &Shown) -> MeasureCells {
    (
        s.before,
        s.after,
        s.change,
        s.interval.map(|i| i.0),
        s.interval.map(|i| i.1),
        verdict_key(s.verdict),
    )
}

/// Writes the comparison's CSV files, DOT map, summary.md and summary.json for one grouping;
/// the department grouping also writes summary.md, summary.json (every grouping's findings).
pub fn write_tables(out: &OutputDir, f: &ChangeFindings, lens: Lens<'_>) -> Result<()> {
    let (pairs_file, groups_file, _) = change_files(lens);
    let header = lens.header(&PAIR_HEADER);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    out.write_csv(
        &pairs_file,
        &header,
        f.pairs.iter().map(|p| PairLine {
            a: &p.a,
            b: &p.b,
            before_per_day: p.per_day.before,
            after_per_day: p.per_day.after,
            change_per_day: p.per_day.change,
            change_relative: p.per_day.relative(),
            interval_low: p.per_day.interval.map(|i| i.0),
            interval_high: p.per_day.interval.map(|i| i.1),
            verdict: verdict_key(p.per_day.verdict),
            before_per_possible_pair: p.per_possible_pair.0,
            after_per_possible_pair: p.per_possible_pair.1,
            rested_on_before: p.rested_on.0.as_deref(),
            rested_on_after: p.rested_on.1.as_deref(),
        }),
    )?;
    let mut header = vec![lens.name.to_string(), "headcount".to_string()];
    for m in ["cross_share", "ei_index", "external_per_day"] {
        header.extend(measure_fields(m));
    }
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    out.write_csv(
        &groups_file,
        &header,
        f.groups.iter().map(|g| {
            (
                &g.group,
                g.headcount,
                cells(&g.cross_share),
                cells(&g.ei_index),
                cells(&g.external_per_day),
            )
        }),
    )?;
    Ok(())
}

/// Writes people_changes.csv (person-level outputs only; removed otherwise).
pub fn write_people(out: &OutputDir, f: &ChangeFindings, lens: Lens<'_>) -> Result<()> {
    match &f.people {
        Some(people) => {
            let header = ["person".to_string(), lens.name.to_string(), "change".into()];
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            out.write_csv(
                "people_changes.csv",
                &header,
                people.iter().map(|p| (&p.person, &p.group, p.change.key())),
            )?;
        }
        None => out.remove_if_present("people_changes.csv")?,
    }
    Ok(())
}

/// The change map: the groups, and between them the pairs whose flow changed clearly (blue
/// for a rise, orange for a fall, width by the size of the change) and, in light grey, each
/// group's strongest pair without a clear change, so that no group floats alone. DOT text.
pub fn change_map(f: &ChangeFindings, lang: Lang, lens: Lens<'_>) -> String {
    let mut dot = String::new();
    let title = lens.title(
        lang,
        (
            "what changed between the periods",
            "ce qui a changé entre les périodes",
        ),
    );
    let periods = period_line(lang, &f.periods);
    let _ = writeln!(
        dot,
        "graph change_map {{\n  layout=neato; overlap=false; sep=\"+12\"; splines=true; outputorder=edgesfirst;\n  labelloc=t; fontname=\"Helvetica\"; fontsize=22;\n  label=\"{}\\n{}\\n{}\";",
        dot_escape(&title),
        dot_escape(&periods),
        dot_escape(lang.pick(
            "blue: clear increase of the flow per day; orange: clear decrease; grey: no clear change",
            "bleu : hausse nette du flux par jour ; orange : baisse nette ; gris : pas de changement net",
        ))
    );
    let _ = writeln!(
        dot,
        "  node [shape=ellipse, style=filled, fillcolor=\"#f0f0f0\", fontname=\"Helvetica\", fontsize=14];"
    );
    // nodes are named g0, g1… (Graphviz writes a plain word such as "ingénieur" back unquoted,
    // which the parser of its layout refuses); the group's name is the label
    let id: std::collections::BTreeMap<&str, usize> = f
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.group.as_str(), i))
        .collect();
    for (i, g) in f.groups.iter().enumerate() {
        let _ = writeln!(
            dot,
            "  g{i} [label=\"{}\\n({})\"];",
            dot_escape(lang.group(&g.group)),
            lang.int(g.headcount as u64)
        );
    }
    let largest = f
        .pairs
        .iter()
        .filter(|p| p.per_day.verdict != VerdictShown::NoClearChange)
        .filter_map(|p| p.per_day.change.map(f64::abs))
        .fold(0.0f64, f64::max);
    let mut drawn = std::collections::BTreeSet::new();
    for p in &f.pairs {
        let colour = match p.per_day.verdict {
            VerdictShown::ClearIncrease => "#2166ac",
            VerdictShown::ClearDecrease => "#e08214",
            VerdictShown::NoClearChange => continue,
        };
        let size = p.per_day.change.map_or(0.0, f64::abs) / largest.max(f64::MIN_POSITIVE);
        let label = tr!(
            lang,
            "{}/day",
            "{}/jour",
            signed(lang, p.per_day.change, PER_DAY_DIGITS)
        );
        let _ = writeln!(
            dot,
            "  g{} -- g{} [color=\"{colour}\", penwidth={:.1}, label=\"{}\", fontname=\"Helvetica\", fontsize=12, fontcolor=\"{colour}\"];",
            id[p.a.as_str()],
            id[p.b.as_str()],
            1.5 + 6.0 * size,
            dot_escape(&label)
        );
        drawn.insert(p.a.as_str());
        drawn.insert(p.b.as_str());
    }
    // each group not yet joined keeps its strongest unclear pair, in grey
    for g in &f.groups {
        if drawn.contains(g.group.as_str()) {
            continue;
        }
        let strongest = f
            .pairs
            .iter()
            .filter(|p| p.a == g.group || p.b == g.group)
            .filter(|p| p.per_day.after.unwrap_or(0.0) > 0.0)
            .max_by(|x, y| {
                x.per_day
                    .after
                    .unwrap_or(0.0)
                    .total_cmp(&y.per_day.after.unwrap_or(0.0))
                    .then_with(|| (&y.a, &y.b).cmp(&(&x.a, &x.b)))
            });
        if let Some(p) = strongest {
            let _ = writeln!(
                dot,
                "  g{} -- g{} [color=\"#c8c8c8\", penwidth=1.0];",
                id[p.a.as_str()],
                id[p.b.as_str()]
            );
        }
    }
    dot.push_str("}\n");
    dot
}

/// Writes the change map's DOT file and draws it in `formats` (nothing drawn when empty or
/// when Graphviz is missing; the DOT file is always written). Returns the SVG for report.html.
pub fn write_map(
    out: &OutputDir,
    f: &ChangeFindings,
    lang: Lang,
    lens: Lens<'_>,
    formats: &[ImageFormat],
) -> Result<Option<Vec<u8>>> {
    let (_, _, stem) = change_files(lens);
    let dot = change_map(f, lang, lens);
    out.write_bytes(&format!("{stem}.dot"), dot.as_bytes())?;
    let failed = |source: std::io::Error| Error::Write {
        path: out.path().join(format!("{stem}.svg")),
        source,
    };
    let drawing = if formats.is_empty() {
        None
    } else {
        let graph = graphviz_rust::parse(&dot).map_err(|e| failed(std::io::Error::other(e)))?;
        let mut asked = vec![ImageFormat::Svg];
        if formats.contains(&ImageFormat::Png) {
            asked.push(ImageFormat::Png);
        }
        draw(&graph, &asked).map_err(failed)?
    };
    let mut svg = None;
    for format in [ImageFormat::Svg, ImageFormat::Png] {
        let name = format!("{stem}.{}", format.extension());
        let bytes = drawing.as_ref().and_then(|d| match format {
            ImageFormat::Svg => d.svg.clone(),
            ImageFormat::Png => d.png.clone(),
        });
        match bytes {
            Some(b) if formats.contains(&format) => {
                out.write_bytes(&name, &b)?;
                if format == ImageFormat::Svg {
                    svg = Some(b);
                }
            }
            Some(b) if format == ImageFormat::Svg => svg = Some(b),
            _ => out.remove_if_present(&name)?,
        }
    }
    Ok(svg)
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// "Before: 2024-01-01 to 2024-06-30 (182 days); after: …".
pub fn period_line(lang: Lang, periods: &[PeriodSummary; 2]) -> String {
    let one = |p: &PeriodSummary| {
        let days = lang.int(p.days as u64);
        tr!(
            lang,
            "{} to {} ({days} days)",
            "du {} au {} ({days} jours)",
            p.first_day,
            p.last_day
        )
    };
    tr!(
        lang,
        "Before: {}; after: {}",
        "Avant : {} ; après : {}",
        one(&periods[0]),
        one(&periods[1])
    )
}

fn signed(lang: Lang, x: Option<f64>, digits: usize) -> String {
    x.map_or("–".into(), |v| lang.num(v, digits, true))
}

fn plain(lang: Lang, x: Option<f64>, digits: usize) -> String {
    x.map_or("–".into(), |v| lang.num(v, digits, false))
}

fn interval(lang: Lang, s: &Shown, digits: usize) -> String {
    s.interval.map_or("–".into(), |(lo, hi)| {
        format!(
            "[{} ; {}]",
            lang.num(lo, digits, true),
            lang.num(hi, digits, true)
        )
    })
}

fn share(lang: Lang, x: Option<f64>) -> String {
    x.map_or("–".into(), |v| percent(lang, v))
}

fn names(lang: Lang, p: &PairRow) -> String {
    format!("{} – {}", lang.group(&p.a), lang.group(&p.b))
}

/// One grouping's sections of summary.md (headings at level 2).
pub fn markdown(f: &ChangeFindings, lang: Lang, lens: Lens<'_>, all_rows: bool) -> String {
    let mut md = String::new();
    let (pairs_file, groups_file, _) = change_files(lens);
    let noun = lens.noun(lang, true);
    // "departments", or "groups by site" for another grouping
    let groups_noun = &if lens.is_department() {
        noun.to_string()
    } else {
        tr!(lang, "{noun} by {}", "{noun} par {}", lens.name)
    };
    let confidence = lang.num(100.0 * f.confidence, 0, false);
    let increases: Vec<&PairRow> = f.clear_increases().collect();
    let decreases: Vec<&PairRow> = f.clear_decreases().collect();
    let total = f.pairs.len();
    let _ = writeln!(
        md,
        "## {}\n",
        tr!(
            lang,
            "Key changes between {}",
            "Changements clés entre {}",
            groups_noun
        )
    );
    let list = |rows: &[&PairRow]| -> String {
        rows.iter()
            .take(5)
            .map(|p| {
                let rel = p
                    .per_day
                    .relative()
                    .map(|r| {
                        format!(
                            " ({})",
                            lang.num(100.0 * r, 0, true) + lang.pick("%", "\u{a0}%")
                        )
                    })
                    .unwrap_or_default();
                format!("{}{rel}", names(lang, p))
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    if increases.is_empty() {
        let _ = writeln!(
            md,
            "- {}",
            tr!(
                lang,
                "No pair of {} exchanges clearly more per day after than before.",
                "Aucune paire de {} n'échange nettement plus par jour après qu'avant.",
                groups_noun
            )
        );
    } else {
        let _ = writeln!(
            md,
            "- {}",
            tr!(
                lang,
                "{0} of {1} pairs of {2} exchange clearly more per day: {3}{4}.",
                "{0} paires de {2} sur {1} échangent nettement plus par jour : {3}{4}.",
                lang.int(increases.len() as u64),
                lang.int(total as u64),
                groups_noun,
                list(&increases),
                if increases.len() > 5 {
                    lang.pick("…", "…")
                } else {
                    ""
                }
            )
        );
    }
    if !decreases.is_empty() {
        let _ = writeln!(
            md,
            "- {}",
            tr!(
                lang,
                "Clearly less exchange per day for {}: {}{}.",
                "Nettement moins d'échanges par jour pour {} : {}{}.",
                pairs(lang, decreases.len()),
                list(&decreases),
                if decreases.len() > 5 { "…" } else { "" }
            )
        );
    }
    let unclear = total - increases.len() - decreases.len();
    let _ = writeln!(
        md,
        "- {}",
        tr!(
            lang,
            "{} pairs show no change the data can tell from noise.",
            "{} paires ne montrent aucun changement que les données distinguent du bruit.",
            lang.int(unclear as u64)
        )
    );
    let _ = writeln!(
        md,
        "- {}",
        tr!(
            lang,
            "Share of all exchanges that cross {}: {} before, {} after ({}).",
            "Part des échanges qui traversent les {} : {} avant, {} après ({}).",
            groups_noun,
            share(lang, f.cross_share.before),
            share(lang, f.cross_share.after),
            verdict_words(lang, f.cross_share.verdict)
        )
    );
    let _ = writeln!(
        md,
        "- {}",
        tr!(
            lang,
            "Modularity of the {} (how closed they are, 0 to 1): {} before, {} after ({}).",
            "Modularité des {} (à quel point elles sont fermées, de 0 à 1) : {} avant, {} après ({}).",
            groups_noun,
            plain(lang, f.modularity.before, 2),
            plain(lang, f.modularity.after, 2),
            verdict_words(lang, f.modularity.verdict)
        )
    );
    let (before_only, after_only) = &f.active_in_one_period;
    if !before_only.is_empty() {
        let _ = writeln!(
            md,
            "- {}",
            tr!(
                lang,
                "Exchanged before only: {}.",
                "N'ont échangé qu'avant : {}.",
                crate::report::sentences::list(lang, before_only)
            )
        );
    }
    if !after_only.is_empty() {
        let _ = writeln!(
            md,
            "- {}",
            tr!(
                lang,
                "Exchanged after only: {}.",
                "N'ont échangé qu'après : {}.",
                crate::report::sentences::list(lang, after_only)
            )
        );
    }
    for p in &f.periods {
        if p.low_activity {
            let _ = writeln!(
                md,
                "- **{}**",
                tr!(
                    lang,
                    "The {} period has little activity ({} messages over {} days, {} blocks): its changes are hard to tell from noise.",
                    "La période « {} » a peu d'activité ({} messages sur {} jours, {} blocs) : ses changements se distinguent mal du bruit.",
                    lang.pick(
                        p.name,
                        if p.name == "before" {
                            "avant"
                        } else {
                            "après"
                        }
                    ),
                    lang.int(p.messages),
                    lang.int(p.days as u64),
                    lang.int(p.blocks as u64)
                )
            );
        }
    }
    md.push('\n');

    let _ = writeln!(
        md,
        "## {}\n",
        tr!(
            lang,
            "Pairs of {}: the clear changes",
            "Paires de {} : les changements nets",
            groups_noun
        )
    );
    let shown: Vec<&PairRow> = f
        .pairs
        .iter()
        .filter(|p| all_rows || p.per_day.verdict != VerdictShown::NoClearChange)
        .collect();
    if shown.is_empty() {
        let _ = writeln!(
            md,
            "{}\n",
            lang.pick("No clear change.", "Aucun changement net.")
        );
    } else {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---|---|",
            lang.pick("Pair", "Paire"),
            lang.pick("Before, per day", "Avant, par jour"),
            lang.pick("After, per day", "Après, par jour"),
            lang.pick("Change", "Variation"),
            tr!(
                lang,
                "{confidence}% interval",
                "Intervalle à {confidence}\u{a0}%"
            ),
            lang.pick("Verdict", "Verdict")
        );
        for p in &shown {
            let rested = match (&p.rested_on.0, &p.rested_on.1) {
                (Some(b), None) => tr!(
                    lang,
                    "rested on {b} before, no longer",
                    "reposait sur {b} avant, plus maintenant"
                ),
                (None, Some(a)) => tr!(
                    lang,
                    "now rests on {a} alone",
                    "repose maintenant sur {a} seul·e"
                ),
                (Some(b), Some(a)) => tr!(
                    lang,
                    "rests on one person ({b}, then {a})",
                    "repose sur une personne ({b}, puis {a})"
                ),
                (None, None) => String::new(),
            };
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} |",
                names(lang, p),
                plain(lang, p.per_day.before, PER_DAY_DIGITS),
                plain(lang, p.per_day.after, PER_DAY_DIGITS),
                signed(lang, p.per_day.change, PER_DAY_DIGITS),
                interval(lang, &p.per_day, PER_DAY_DIGITS),
                if rested.is_empty() {
                    verdict_words(lang, p.per_day.verdict).to_string()
                } else {
                    format!("{}; {rested}", verdict_words(lang, p.per_day.verdict))
                }
            );
        }
        md.push('\n');
    }
    let _ = writeln!(
        md,
        "{}\n",
        tr!(
            lang,
            "Every pair, with its interval, is in {pairs_file}.",
            "Toutes les paires, avec leur intervalle, sont dans {pairs_file}."
        )
    );

    let _ = writeln!(
        md,
        "## {}\n",
        tr!(
            lang,
            "{} one by one",
            "{} une par une",
            capitalised(groups_noun.as_str())
        )
    );
    let _ = writeln!(
        md,
        "| {} | {} | {} | {} | {} | {} | {} |\n|---|---:|---:|---|---:|---:|---|",
        capitalised(lens.noun(lang, false)),
        lang.pick("Cross share before", "Part transverse avant"),
        lang.pick("after", "après"),
        lang.pick("Verdict", "Verdict"),
        lang.pick("E-I before", "E-I avant"),
        lang.pick("after", "après"),
        lang.pick("Verdict", "Verdict"),
    );
    for g in &f.groups {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} |",
            lang.group(&g.group),
            share(lang, g.cross_share.before),
            share(lang, g.cross_share.after),
            verdict_words(lang, g.cross_share.verdict),
            plain(lang, g.ei_index.before, EI_DIGITS),
            plain(lang, g.ei_index.after, EI_DIGITS),
            verdict_words(lang, g.ei_index.verdict)
        );
    }
    let _ = writeln!(
        md,
        "\n{}\n",
        tr!(
            lang,
            "With intervals, and the flow per day with the others, in {groups_file}.",
            "Avec les intervalles, et le flux par jour avec les autres, dans {groups_file}."
        )
    );
    md
}

fn pairs(lang: Lang, n: usize) -> String {
    count(lang, n, ("pair", "paire"), ("pairs", "paires"))
}

fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// The sections of summary.md that concern people and structure (department grouping only).
pub fn people_markdown(f: &ChangeFindings, lang: Lang) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "## {}\n",
        lang.pick("People and structure", "Personnes et structure")
    );
    let _ = writeln!(
        md,
        "{}\n",
        lang.pick(
            "These are yes/no facts of each period's analysis: point estimates, without an interval.",
            "Ce sont des faits oui/non de l'analyse de chaque période : des estimations ponctuelles, sans intervalle.",
        )
    );
    if let Some(moved) = f.people_moved {
        let _ = writeln!(
            md,
            "- {}",
            tr!(
                lang,
                "{} moved department from the start of the first period to the end of the second; each message counts for the sender's and the recipients' departments of its date (moves.csv in before/ and after/, under pseudonyms).",
                "{} ont changé de direction entre le début de la première période et la fin de la seconde ; chaque message compte pour les directions de l'expéditeur et des destinataires à sa date (moves.csv dans before/ et after/, sous pseudonymes).",
                count(lang, moved, ("person", "personne"), ("people", "personnes"))
            )
        );
    }
    if let Some(b) = &f.bridges {
        let _ = writeln!(
            md,
            "- {}",
            tr!(
                lang,
                "Bridges (ties whose loss splits the network): {} before, {} after; {} new, {} lost.",
                "Ponts (liens dont la perte coupe le réseau) : {} avant, {} après ; {} nouveaux, {} perdus.",
                lang.int(b.before as u64),
                lang.int(b.after as u64),
                lang.int(b.new as u64),
                lang.int(b.lost as u64)
            )
        );
    }
    if let (Some(b), Some(a)) = (f.agreement.0, f.agreement.1) {
        let _ = writeln!(
            md,
            "- {}",
            tr!(
                lang,
                "Agreement of the communities with the org chart (NMI, 1 = the same): {} before, {} after.",
                "Accord des communautés avec l'organigramme (NMI, 1 = identiques) : {} avant, {} après.",
                lang.num(b.nmi, 2, false),
                lang.num(a.nmi, 2, false)
            )
        );
    }
    match &f.people {
        Some(people) => {
            let count = |what| people.iter().filter(|p| p.change == what).count() as u64;
            use crate::privacy::changes::PersonChange as P;
            let _ = writeln!(
                md,
                "- {}",
                tr!(
                    lang,
                    "{} people became the main broker between two groups, {} stopped being one; {} became cut points, {} no longer are (people_changes.csv, under pseudonyms).",
                    "{} personnes sont devenues le principal intermédiaire entre deux groupes, {} ne le sont plus ; {} sont devenues des points de rupture, {} ne le sont plus (people_changes.csv, sous pseudonymes).",
                    lang.int(count(P::BecameBroker)),
                    lang.int(count(P::StoppedBeingBroker)),
                    lang.int(count(P::NewCutPoint)),
                    lang.int(count(P::NoLongerCutPoint))
                )
            );
        }
        None => {
            let _ = writeln!(
                md,
                "- {}",
                lang.pick(
                    "No person-level output (--no-person-level): nobody is named.",
                    "Aucune sortie nominative (--no-person-level) : personne n'est nommé.",
                )
            );
        }
    }
    md.push('\n');
    md
}

/// summary.md of the comparison: the periods, each grouping's changes, people and structure,
/// and how to read the intervals.
pub fn summary(
    findings: &[(Lens<'_>, &ChangeFindings)],
    lang: Lang,
    all_rows: bool,
    timezone: &str,
) -> String {
    let mut md = String::new();
    let Some((_, first)) = findings.first() else {
        return md;
    };
    let _ = writeln!(
        md,
        "# {}\n",
        lang.pick(
            "Before and after: what changed between the departments",
            "Avant et après : ce qui a changé entre les directions",
        )
    );
    let _ = writeln!(
        md,
        "{}\n",
        tr!(
            lang,
            "{}; days in {timezone}.",
            "{} ; jours de {timezone}.",
            period_line(lang, &first.periods)
        )
    );
    let _ = writeln!(
        md,
        "{}\n",
        tr!(
            lang,
            "Flows are compared per day, so that periods of different lengths compare. A change is clear when its {}% interval excludes 0; intervals come from {} resamples of the {} of each period (seed {}).",
            "Les flux sont comparés par jour, pour que des périodes de durées différentes se comparent. Un changement est net quand son intervalle à {}\u{a0}% exclut 0 ; les intervalles viennent de {} rééchantillonnages des {} de chaque période (graine {}).",
            lang.num(100.0 * first.confidence, 0, false),
            lang.int(first.resamples as u64),
            match (first.block, lang) {
                ("day", Lang::En) => "days",
                ("day", Lang::Fr) => "jours",
                (_, Lang::En) => "weeks",
                (_, Lang::Fr) => "semaines",
            },
            first.seed
        )
    );
    for (lens, f) in findings {
        md.push_str(&markdown(f, lang, *lens, all_rows));
    }
    md.push_str(&people_markdown(first, lang));
    let _ = writeln!(
        md,
        "## {}\n\n{}\n",
        lang.pick("Files", "Fichiers"),
        lang.pick(
            "before/ and after/ hold the full analysis of each period (read their summary.md); changes.csv, department_changes.csv and people_changes.csv the changes; change_map.svg the picture. The method is in docs/metrics.md (\"Before and after\").",
            "before/ et after/ contiennent l'analyse complète de chaque période (lire leur summary.md) ; changes.csv, department_changes.csv et people_changes.csv les changements ; change_map.svg l'image. La méthode est dans docs/metrics.md (« Avant et après »).",
        )
    );
    md
}

/// summary.json of the comparison: every grouping's findings as they are.
pub fn summary_json(findings: &[(Lens<'_>, &ChangeFindings)]) -> String {
    let groupings: Vec<&ChangeFindings> = findings.iter().map(|(_, f)| *f).collect();
    let value = serde_json::json!({
        "siloscope": env!("CARGO_PKG_VERSION"),
        "comparison": groupings,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

//! The files of `siloscope trend`: trend.csv (every measure of every period, one per row),
//! trend.svg (a line chart drawn here, no Graphviz) and trend.md (what a sponsor reads). Every
//! figure comes from [`crate::analyze::trend`]; this file only lays them out, on the reported
//! groups' names.

use std::fmt::Write as _;

use chrono::{TimeZone, Timelike};
use serde::Serialize;
use svg::Document;
use svg::node::element::{Circle, Group, Line, Path, Rectangle, Text, Title};

use crate::analyze::trend::{
    LOW_ACTIVITY_MESSAGES, LOW_ACTIVITY_PEOPLE, PeriodKind, PeriodMeasures, Pooled, Side,
    TOP_FLOWS, Trend,
};
use crate::error::Result;
use crate::privacy::groups::ReportingGroups;
use crate::report::atomic::OutputDir;
use crate::report::lang::{Lang, say, tr};
use crate::report::sentences::{WEIGHT_DIGITS, count, percent};

/// The columns of trend.csv.
pub const CSV_HEADER: [&str; 9] = [
    "period",
    "start",
    "end",
    "days",
    "after_launch",
    "low_activity",
    "measure",
    "group",
    "value",
];

/// trend.md lists every period up to this many; beyond, it points at trend.csv.
pub const MD_PERIODS: usize = 60;

/// Decimals of a modularity.
const MODULARITY_DIGITS: usize = 3;

/// What the trend files show.
#[derive(Debug, Clone, Copy)]
pub struct TrendRun<'a> {
    /// The measures.
    pub trend: &'a Trend,
    /// The reported groups (the names of the measures' group indexes).
    pub groups: &'a ReportingGroups,
    /// The minimum group size in force.
    pub min_group_size: usize,
    /// Messages used that carry no date, so are in no period.
    pub undated: u64,
    /// Language of trend.md and trend.svg.
    pub lang: Lang,
}

/// A value of trend.csv: a count or a measure, written as the other CSV files write numbers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
enum Value {
    Count(u64),
    Measure(f64),
}

#[derive(Debug, Serialize)]
struct Row<'a> {
    period: &'a str,
    start: String,
    end: String,
    days: usize,
    after_launch: &'static str,
    low_activity: &'static str,
    measure: &'static str,
    group: String,
    value: Option<Value>,
}

fn yes_no(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// The rows of one period: organisation-wide measures (group empty), the E-I index of each
/// reported group, the weight per day of the strongest pairs; sorted by measure then group.
fn period_rows<'a>(p: &'a PeriodMeasures, names: &[String]) -> Vec<Row<'a>> {
    let row = |measure, group: String, value| Row {
        period: &p.label,
        start: p.first.to_string(),
        end: p.last.to_string(),
        days: p.days,
        after_launch: p.side.map_or("", |s| yes_no(s == Side::After)),
        low_activity: yes_no(p.low_activity),
        measure,
        group,
        value,
    };
    let mut rows = vec![
        row("messages", String::new(), Some(Value::Count(p.messages))),
        row(
            "messages_per_day",
            String::new(),
            Some(Value::Measure(p.messages_per_day)),
        ),
        row(
            "people_active",
            String::new(),
            Some(Value::Count(p.people_active as u64)),
        ),
        row(
            "cross_department_share",
            String::new(),
            p.cross_share.map(Value::Measure),
        ),
        row(
            "modularity",
            String::new(),
            p.modularity.map(Value::Measure),
        ),
    ];
    for (g, ei) in p.ei.iter().enumerate() {
        rows.push(row("ei_index", names[g].clone(), ei.map(Value::Measure)));
    }
    for f in &p.top_flows {
        rows.push(row(
            "flow_per_day",
            pair_label(names, f.a, f.b),
            Some(Value::Measure(f.per_day)),
        ));
    }
    rows.sort_by(|x, y| (x.measure, &x.group).cmp(&(y.measure, &y.group)));
    rows
}

/// "A | B".
fn pair_label(names: &[String], a: u32, b: u32) -> String {
    format!("{} | {}", names[a as usize], names[b as usize])
}

/// Writes trend.csv, trend.svg and trend.md.
pub fn write_trend(out: &OutputDir, run: &TrendRun<'_>) -> Result<()> {
    let names = &run.groups.names;
    out.write_csv(
        "trend.csv",
        &CSV_HEADER,
        run.trend.periods.iter().flat_map(|p| period_rows(p, names)),
    )?;
    out.write_bytes("trend.svg", trend_svg(run).as_bytes())?;
    out.write_bytes("trend.md", trend_markdown(run).as_bytes())?;
    Ok(())
}

/// "week", "semaine"... and the plural.
fn period_words(kind: PeriodKind) -> ((&'static str, &'static str), (&'static str, &'static str)) {
    match kind {
        PeriodKind::Day => (("day", "jour"), ("days", "jours")),
        PeriodKind::Week => (("week", "semaine"), ("weeks", "semaines")),
        PeriodKind::Month => (("month", "mois"), ("months", "mois")),
        PeriodKind::Quarter => (("quarter", "trimestre"), ("quarters", "trimestres")),
    }
}

/// "week by week", "semaine par semaine".
fn by_period(lang: Lang, kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Day => lang.pick("day by day", "jour par jour"),
        PeriodKind::Week => lang.pick("week by week", "semaine par semaine"),
        PeriodKind::Month => lang.pick("month by month", "mois par mois"),
        PeriodKind::Quarter => lang.pick("quarter by quarter", "trimestre par trimestre"),
    }
}

/// The title of the chart and of trend.md.
fn title(lang: Lang, kind: PeriodKind) -> String {
    tr!(
        lang,
        "Collaboration between departments, {}",
        "Collaboration entre directions, {}",
        by_period(lang, kind)
    )
}

/// The launch as a reader gives it: its date in the time zone, with the time when it is not
/// midnight.
pub fn launch_text(trend: &Trend, at: i64) -> String {
    match trend.timezone.timestamp_opt(at, 0).single() {
        Some(t) if t.hour() == 0 && t.minute() == 0 && t.second() == 0 => {
            t.format("%Y-%m-%d").to_string()
        }
        Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        None => at.to_string(),
    }
}

/// "Period analysed: 2024-01-01 to 2024-06-30 (Europe/Paris)".
fn span_text(lang: Lang, trend: &Trend) -> String {
    match trend.span() {
        Some((a, b)) => tr!(
            lang,
            "Period analysed: {} to {} ({})",
            "Période analysée : du {} au {} ({})",
            a,
            b,
            trend.timezone
        ),
        None => lang
            .pick(
                "Period analysed: no dated message",
                "Période analysée : aucun message daté",
            )
            .to_string(),
    }
}

fn low_activity_rule(lang: Lang) -> String {
    tr!(
        lang,
        "fewer than {} messages or fewer than {} people active",
        "moins de {} messages ou moins de {} personnes actives",
        LOW_ACTIVITY_MESSAGES,
        LOW_ACTIVITY_PEOPLE
    )
}

fn opt_num(lang: Lang, x: Option<f64>, digits: usize) -> String {
    x.map_or("–".to_string(), |v| lang.num(v, digits, false))
}

fn opt_percent(lang: Lang, x: Option<f64>) -> String {
    x.map_or("–".to_string(), |v| percent(lang, v))
}

/// One sentence on which groups the figures describe.
fn groups_sentence(lang: Lang, groups: &ReportingGroups, min: usize) -> String {
    if groups.names.is_empty() {
        return tr!(
            lang,
            "The whole directory is smaller than the minimum group size ({}): no figure by department is shown.",
            "L'annuaire entier compte moins de personnes que la taille minimale de groupe ({}) : aucun chiffre par direction n'est montré.",
            min
        );
    }
    let shown = count(
        lang,
        groups.names.len(),
        ("reported department", "direction affichée"),
        ("reported departments", "directions affichées"),
    );
    if groups.merged > 0 {
        tr!(
            lang,
            "Every figure is on {shown}: the {} departments smaller than {} people (with the smallest others needed to reach that size) count together as \"{}\", and their exchanges with one another as inside it.",
            "Tous les chiffres portent sur {shown} : les {} directions de moins de {} personnes (avec les plus petites des autres qu'il faut pour atteindre ce seuil) comptent ensemble comme « {} », et leurs échanges entre elles comme internes.",
            groups.merged,
            min,
            lang.group(crate::privacy::groups::OTHER)
        )
    } else {
        tr!(
            lang,
            "Every figure is on {shown}, each of at least {}.",
            "Tous les chiffres portent sur {shown}, chacune d'au moins {}.",
            count(lang, min, ("person", "personne"), ("people", "personnes"))
        )
    }
}

/// trend.md in `run.lang`.
pub fn trend_markdown(run: &TrendRun<'_>) -> String {
    let (lang, t) = (run.lang, run.trend);
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", title(lang, t.kind));
    let (one, many) = period_words(t.kind);
    let periods = count(lang, t.periods.len(), one, many);
    let partial: Vec<String> = t
        .periods
        .iter()
        .filter(|p| p.days < p.calendar_days)
        .map(|p| {
            tr!(
                lang,
                "{} ({} of {} days)",
                "{} ({} jours sur {})",
                p.label,
                p.days,
                p.calendar_days
            )
        })
        .collect();
    let kind_note = match t.kind {
        PeriodKind::Week => lang.pick(
            " (ISO weeks, Monday to Sunday)",
            " (semaines ISO, du lundi au dimanche)",
        ),
        _ => "",
    };
    let _ = write!(
        md,
        "{}{}{periods}{kind_note}",
        span_text(lang, t),
        lang.pick(": ", " : ")
    );
    if partial.is_empty() {
        let _ = writeln!(md, ".");
    } else {
        say!(
            md,
            lang,
            "; partial: {}. Figures per day compare periods of different lengths.",
            " ; partiels : {}. Les chiffres par jour comparent des périodes de longueurs différentes.",
            partial.join(", ")
        );
    }
    let _ = writeln!(md);
    say!(
        md,
        lang,
        "{} messages used. {}",
        "{} messages retenus. {}",
        lang.int(t.messages()),
        groups_sentence(lang, run.groups, run.min_group_size)
    );
    if run.undated > 0 {
        say!(
            md,
            lang,
            "{} messages used carry no date and are in no period.",
            "{} messages retenus ne sont pas datés et ne sont dans aucune période.",
            lang.int(run.undated)
        );
    }
    let _ = writeln!(md);
    if let Some(l) = &t.launch {
        launch_markdown(&mut md, run, l);
    }
    periods_markdown(&mut md, run);
    low_activity_markdown(&mut md, run);
    say!(md, lang, "## How to read\n", "## Comment lire\n");
    say!(
        md,
        lang,
        "- **Cross-department share**: the share of the weight of all exchanges that goes between two different departments (a message to k people adds 1/k to each).",
        "- **Part entre directions** : la part du poids de tous les échanges qui va d'une direction à une autre (un message à k personnes ajoute 1/k à chacune)."
    );
    say!(
        md,
        lang,
        "- **Modularity** of the departments: how much more the exchanges stay inside departments than chance would have them (0: no more than chance; it falls when departments work together).",
        "- **Modularité** des directions : à quel point les échanges restent internes aux directions, plus que le hasard ne le voudrait (0 : pas plus que le hasard ; elle baisse quand les directions travaillent ensemble)."
    );
    say!(
        md,
        lang,
        "- trend.csv also gives, for each period, the E-I index of each department (−1: all its exchanges inside, +1: all outside) and the {} strongest flows between departments, in weight per day.",
        "- trend.csv donne aussi, pour chaque période, l'indice E-I de chaque direction (−1 : tous ses échanges en interne, +1 : tous vers l'extérieur) et les {} flux entre directions les plus forts, en poids par jour.",
        TOP_FLOWS
    );
    say!(
        md,
        lang,
        "- These figures describe; they do not prove that a programme caused a change (the season, a reorganisation or a project can move them too).",
        "- Ces chiffres décrivent ; ils ne prouvent pas qu'un programme a causé un changement (la saison, une réorganisation ou un projet peuvent aussi les faire bouger)."
    );
    md
}

fn pooled_cells(lang: Lang, p: &Option<Pooled>) -> [String; 5] {
    match p {
        None => std::array::from_fn(|_| "–".to_string()),
        Some(p) => [
            tr!(
                lang,
                "{} ({} days)",
                "{} ({} jours)",
                lang.int(p.periods as u64),
                lang.int(p.days as u64)
            ),
            lang.num(p.messages_per_day, WEIGHT_DIGITS, false),
            opt_percent(lang, p.cross_share),
            opt_num(lang, p.modularity, MODULARITY_DIGITS),
            lang.int(p.low_activity as u64),
        ],
    }
}

fn launch_markdown(md: &mut String, run: &TrendRun<'_>, l: &crate::analyze::trend::Launch) {
    let (lang, t) = (run.lang, run.trend);
    let when = launch_text(t, l.at);
    say!(
        md,
        lang,
        "## Before and after the launch ({when})\n",
        "## Avant et après le lancement ({when})\n"
    );
    if l.position.is_none() {
        say!(
            md,
            lang,
            "The launch falls outside the period analysed: every period is {}, so there is nothing to compare it with.\n",
            "Le lancement tombe hors de la période analysée : toutes les périodes sont {}, il n'y a rien à comparer.\n",
            if l.before.is_some() {
                lang.pick("before it", "antérieures")
            } else {
                lang.pick("after it", "postérieures")
            }
        );
        return;
    }
    let (before, after) = (pooled_cells(lang, &l.before), pooled_cells(lang, &l.after));
    say!(md, lang, "| | before | after |", "| | avant | après |");
    let _ = writeln!(md, "|---|---:|---:|");
    let labels = [
        lang.pick("periods", "périodes"),
        lang.pick("messages per day", "messages par jour"),
        lang.pick("cross-department share", "part entre directions"),
        lang.pick("modularity", "modularité"),
        lang.pick("low-activity periods", "périodes de faible activité"),
    ];
    for (i, label) in labels.iter().enumerate() {
        let _ = writeln!(md, "| {label} | {} | {} |", before[i], after[i]);
    }
    let _ = writeln!(md);
    let mut note = lang
        .pick(
            "Each column sums the days of its periods (an active period weighs more than a quiet one).",
            "Chaque colonne additionne les jours de ses périodes (une période active pèse plus qu'une période calme).",
        )
        .to_string();
    if let Some(i) = l.straddling {
        note += &tr!(
            lang,
            " {}, which the launch falls within, is in neither column (after_launch false in trend.csv).",
            " {}, pendant laquelle tombe le lancement, n'est dans aucune des deux colonnes (after_launch false dans trend.csv).",
            t.periods[i].label
        );
    }
    if l.before.is_none() {
        note += lang.pick(
            " No whole period lies before the launch: nothing to compare.",
            " Aucune période entière ne précède le lancement : rien à comparer.",
        );
    } else if l.after.is_none() {
        note += lang.pick(
            " No whole period lies after the launch: nothing to compare.",
            " Aucune période entière ne suit le lancement : rien à comparer.",
        );
    }
    let _ = writeln!(md, "{note}\n");
}

fn periods_markdown(md: &mut String, run: &TrendRun<'_>) {
    let (lang, t) = (run.lang, run.trend);
    say!(
        md,
        lang,
        "## Period by period\n",
        "## Période par période\n"
    );
    if t.periods.len() > MD_PERIODS {
        say!(
            md,
            lang,
            "{} periods: see trend.csv (every measure) and trend.svg (the chart).\n",
            "{} périodes : voir trend.csv (toutes les mesures) et trend.svg (le graphique).\n",
            lang.int(t.periods.len() as u64)
        );
        return;
    }
    say!(
        md,
        lang,
        "| period | days | messages per day | people active | cross-department share | modularity | |",
        "| période | jours | messages par jour | personnes actives | part entre directions | modularité | |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|---|");
    for p in &t.periods {
        let mut notes = Vec::new();
        if p.low_activity {
            notes.push(lang.pick("low activity", "faible activité"));
        }
        match p.side {
            Some(Side::Straddles) => notes.push(lang.pick("launch", "lancement")),
            Some(Side::After) => notes.push(lang.pick("after launch", "après lancement")),
            _ => {}
        }
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} |",
            p.label,
            p.days,
            lang.num(p.messages_per_day, WEIGHT_DIGITS, false),
            lang.int(p.people_active as u64),
            opt_percent(lang, p.cross_share),
            opt_num(lang, p.modularity, MODULARITY_DIGITS),
            notes.join(", ")
        );
    }
    let _ = writeln!(md);
}

fn low_activity_markdown(md: &mut String, run: &TrendRun<'_>) {
    let (lang, t) = (run.lang, run.trend);
    say!(
        md,
        lang,
        "## Low-activity periods\n",
        "## Périodes de faible activité\n"
    );
    let low: Vec<&str> = t.low_activity().map(|p| p.label.as_str()).collect();
    if low.is_empty() {
        say!(
            md,
            lang,
            "None: every period has at least {} messages and {} people active.\n",
            "Aucune : chaque période compte au moins {} messages et {} personnes actives.\n",
            LOW_ACTIVITY_MESSAGES,
            LOW_ACTIVITY_PEOPLE
        );
        return;
    }
    let shown = if low.len() > MD_PERIODS {
        format!("{}, …", low[..MD_PERIODS].join(", "))
    } else {
        low.join(", ")
    };
    say!(
        md,
        lang,
        "{} of {} periods have {}: their figures rest on little. They are kept, flagged low_activity in trend.csv and shaded in trend.svg: {shown}.\n",
        "{} périodes sur {} ont {} : leurs chiffres reposent sur peu de chose. Elles sont gardées, signalées low_activity dans trend.csv et grisées dans trend.svg : {shown}.\n",
        lang.int(low.len() as u64),
        lang.int(t.periods.len() as u64),
        low_activity_rule(lang)
    );
}

/// One decimal, no trailing `.0`: SVG coordinates.
fn fmt(x: f64) -> String {
    let s = format!("{x:.1}");
    match s.strip_suffix(".0") {
        Some("-0") => "0".into(),
        Some(s) => s.to_string(),
        None => s,
    }
}

const FONT: &str = "Helvetica, Arial, sans-serif";
const WIDTH: f64 = 1280.0;
const HEIGHT: f64 = 720.0;
const LEFT: f64 = 84.0;
const RIGHT: f64 = 28.0;
const SHARE_COLOR: &str = "#2166ac";
const MODULARITY_COLOR: &str = "#b2182b";
const VOLUME_COLOR: &str = "#878787";
const SHADE: &str = "#e6e6e6";
/// At most this many period labels under the axis (every k-th beyond).
const MAX_TICKS: usize = 16;

/// A panel's vertical extent and value range.
struct Panel {
    top: f64,
    bottom: f64,
    lo: f64,
    hi: f64,
}

impl Panel {
    fn y(&self, v: f64) -> f64 {
        self.bottom - (v - self.lo) / (self.hi - self.lo) * (self.bottom - self.top)
    }
}

/// A line through the defined values (broken where a value is undefined), with a dot at each.
fn series(
    values: &[Option<f64>],
    x: &dyn Fn(usize) -> f64,
    panel: &Panel,
    color: &str,
    dash: Option<&str>,
    r: f64,
) -> Group {
    let mut d = String::new();
    let mut previous = false;
    let mut dots = Group::new().set("fill", color);
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => {
                let (px, py) = (fmt(x(i)), fmt(panel.y(*v)));
                let _ = write!(d, "{}{px} {py} ", if previous { "L" } else { "M" });
                dots = dots.add(Circle::new().set("cx", px).set("cy", py).set("r", fmt(r)));
                previous = true;
            }
            None => previous = false,
        }
    }
    let mut path = Path::new()
        .set("d", d.trim_end().to_string())
        .set("fill", "none")
        .set("stroke", color)
        .set("stroke-width", 2);
    if let Some(dash) = dash {
        path = path.set("stroke-dasharray", dash);
    }
    Group::new().add(path).add(dots)
}

/// trend.svg: the cross-department share and the modularity (top panel, on one 0–1 scale),
/// the messages per day (bottom panel, bars), low-activity periods shaded, the launch as a
/// dashed vertical line.
pub fn trend_svg(run: &TrendRun<'_>) -> String {
    let (lang, t) = (run.lang, run.trend);
    let n = t.periods.len().max(1);
    let plot_w = WIDTH - LEFT - RIGHT;
    let slot = plot_w / n as f64;
    let x = |i: usize| LEFT + slot * (i as f64 + 0.5);
    let r = (slot / 4.0).clamp(1.0, 3.5);
    let lo = t
        .periods
        .iter()
        .filter_map(|p| p.modularity)
        .fold(0.0f64, f64::min)
        .min(0.0);
    let lo = if lo < 0.0 {
        (lo * 4.0).floor() / 4.0
    } else {
        0.0
    };
    let top = Panel {
        top: 112.0,
        bottom: 372.0,
        lo,
        hi: 1.0,
    };
    let peak = t
        .periods
        .iter()
        .map(|p| p.messages_per_day)
        .fold(0.0, f64::max);
    let step = nice_step(peak / 4.0);
    let bottom = Panel {
        top: 428.0,
        bottom: 588.0,
        lo: 0.0,
        hi: (step * (peak / step).ceil()).max(step),
    };
    let mut doc = Document::new()
        .set("width", fmt(WIDTH))
        .set("height", fmt(HEIGHT))
        .set("viewBox", format!("0 0 {} {}", fmt(WIDTH), fmt(HEIGHT)))
        .set("font-family", FONT)
        .add(Title::new(title(lang, t.kind)))
        .add(
            Rectangle::new()
                .set("width", "100%")
                .set("height", "100%")
                .set("fill", "white"),
        )
        .add(
            Text::new(title(lang, t.kind))
                .set("x", 16)
                .set("y", 32)
                .set("font-size", 22)
                .set("font-weight", "bold"),
        )
        .add(
            Text::new(span_text(lang, t))
                .set("x", 16)
                .set("y", 56)
                .set("font-size", 15)
                .set("class", "period"),
        );

    // low-activity periods, shaded across both panels, one band per run of them
    let mut shades = Group::new().set("fill", SHADE).set("class", "low-activity");
    let mut i = 0;
    while i < t.periods.len() {
        if !t.periods[i].low_activity {
            i += 1;
            continue;
        }
        let run = t.periods[i..].iter().take_while(|p| p.low_activity).count();
        let (first, last) = (&t.periods[i].label, &t.periods[i + run - 1].label);
        let what = if run == 1 {
            first.clone()
        } else {
            format!("{first} – {last}")
        };
        for panel in [&top, &bottom] {
            shades = shades.add(
                Rectangle::new()
                    .set("x", fmt(LEFT + slot * i as f64))
                    .set("y", fmt(panel.top))
                    .set("width", fmt(slot * run as f64))
                    .set("height", fmt(panel.bottom - panel.top))
                    .add(Title::new(format!(
                        "{what}{}{}",
                        lang.pick(": ", " : "),
                        lang.pick("low activity", "faible activité")
                    ))),
            );
        }
        i += run;
    }
    doc = doc.add(shades);

    // grids and value axes
    let mut axes = Group::new().set("font-size", 12).set("fill", "#404040");
    let mut ticks: Vec<f64> = Vec::new();
    let mut v = top.lo;
    while v <= top.hi + 1e-9 {
        ticks.push(v);
        v += 0.25;
    }
    for v in ticks {
        axes = axes.add(grid(&top, v)).add(
            Text::new(lang.num(v, 2, false))
                .set("x", fmt(LEFT - 8.0))
                .set("y", fmt(top.y(v) + 4.0))
                .set("text-anchor", "end"),
        );
    }
    let mut v = 0.0;
    while v <= bottom.hi + 1e-9 {
        axes = axes.add(grid(&bottom, v)).add(
            Text::new(lang.num(v, if step < 1.0 { 1 } else { 0 }, false))
                .set("x", fmt(LEFT - 8.0))
                .set("y", fmt(bottom.y(v) + 4.0))
                .set("text-anchor", "end"),
        );
        v += step;
    }
    for (panel, label) in [
        (&top, lang.pick("share, modularity", "part, modularité")),
        (&bottom, lang.pick("messages per day", "messages par jour")),
    ] {
        let cy = (panel.top + panel.bottom) / 2.0;
        axes = axes.add(
            Text::new(label)
                .set(
                    "transform",
                    format!("translate(20 {}) rotate(-90)", fmt(cy)),
                )
                .set("text-anchor", "middle")
                .set("font-size", 13),
        );
    }
    doc = doc.add(axes);

    // the measures
    let shares: Vec<Option<f64>> = t.periods.iter().map(|p| p.cross_share).collect();
    let modularity: Vec<Option<f64>> = t.periods.iter().map(|p| p.modularity).collect();
    doc = doc
        .add(series(&shares, &x, &top, SHARE_COLOR, None, r).set("class", "cross-department-share"))
        .add(
            series(&modularity, &x, &top, MODULARITY_COLOR, Some("7 4"), r)
                .set("class", "modularity"),
        );
    let mut bars = Group::new()
        .set("fill", VOLUME_COLOR)
        .set("class", "messages-per-day");
    for (i, p) in t.periods.iter().enumerate() {
        let h = bottom.bottom - bottom.y(p.messages_per_day);
        bars = bars.add(
            Rectangle::new()
                .set("x", fmt(LEFT + slot * i as f64 + slot * 0.15))
                .set("y", fmt(bottom.bottom - h))
                .set("width", fmt(slot * 0.7))
                .set("height", fmt(h))
                .add(Title::new(format!(
                    "{}{}{} {}",
                    p.label,
                    lang.pick(": ", " : "),
                    lang.num(p.messages_per_day, WEIGHT_DIGITS, false),
                    lang.pick("messages per day", "messages par jour")
                ))),
        );
    }
    doc = doc.add(bars);

    // period labels under the bottom panel
    let every = n.div_ceil(MAX_TICKS);
    let widest = t.periods.iter().map(|p| p.label.len()).max().unwrap_or(0) as f64 * 12.0 * 0.58;
    let rotate = n.div_ceil(every) as f64 * (widest + 12.0) > plot_w;
    let mut labels = Group::new().set("font-size", 12).set("fill", "#404040");
    for (i, p) in t.periods.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let (lx, ly) = (x(i), bottom.bottom + 16.0);
        let text = Text::new(p.label.clone());
        labels = labels.add(if rotate {
            text.set(
                "transform",
                format!("translate({} {}) rotate(-30)", fmt(lx), fmt(ly)),
            )
            .set("text-anchor", "end")
        } else {
            text.set("x", fmt(lx))
                .set("y", fmt(ly))
                .set("text-anchor", "middle")
        });
    }
    let axis_label = match t.kind {
        PeriodKind::Day => lang.pick("day", "jour"),
        PeriodKind::Week => lang.pick(
            "ISO week (Monday to Sunday)",
            "semaine ISO (du lundi au dimanche)",
        ),
        PeriodKind::Month => lang.pick("month", "mois"),
        PeriodKind::Quarter => lang.pick("quarter", "trimestre"),
    };
    labels = labels.add(
        Text::new(axis_label)
            .set("x", fmt(LEFT + plot_w / 2.0))
            .set("y", fmt(bottom.bottom + 62.0))
            .set("text-anchor", "middle")
            .set("font-size", 13),
    );
    doc = doc.add(labels);

    // the launch
    if let Some(l) = &t.launch {
        let when = launch_text(t, l.at);
        match l.position {
            Some(pos) => {
                let lx = fmt(LEFT + slot * pos);
                doc = doc.add(
                    Group::new()
                        .set("class", "launch")
                        .add(
                            Line::new()
                                .set("x1", lx.clone())
                                .set("x2", lx.clone())
                                .set("y1", fmt(top.top - 8.0))
                                .set("y2", fmt(bottom.bottom))
                                .set("stroke", "black")
                                .set("stroke-width", 1.5)
                                .set("stroke-dasharray", "6 4"),
                        )
                        .add(
                            Text::new(tr!(lang, "launch {when}", "lancement {when}"))
                                .set("x", fmt(LEFT + slot * pos + 4.0))
                                .set("y", fmt(top.top - 12.0))
                                .set("font-size", 13)
                                .set(
                                    "text-anchor",
                                    if pos > n as f64 * 0.8 { "end" } else { "start" },
                                ),
                        ),
                );
            }
            None => {
                doc = doc.add(
                    Text::new(tr!(
                        lang,
                        "The launch ({when}) falls outside the period shown.",
                        "Le lancement ({when}) tombe hors de la période montrée."
                    ))
                    .set("x", fmt(WIDTH - RIGHT))
                    .set("y", 56)
                    .set("font-size", 13)
                    .set("text-anchor", "end")
                    .set("class", "launch"),
                );
            }
        }
    }

    // legend and caption
    let legend_y = 84.0;
    let mut legend = Group::new().set("font-size", 13);
    let mut lx = LEFT;
    let items: [(&str, &str, Option<&str>); 3] = [
        (
            lang.pick(
                "cross-department share of the exchanges",
                "part des échanges entre directions",
            ),
            SHARE_COLOR,
            None,
        ),
        (
            lang.pick("modularity of the departments", "modularité des directions"),
            MODULARITY_COLOR,
            Some("7 4"),
        ),
        (
            lang.pick("low activity", "faible activité"),
            SHADE,
            Some("shade"),
        ),
    ];
    for (label, color, dash) in items {
        if dash == Some("shade") {
            legend = legend.add(
                Rectangle::new()
                    .set("x", fmt(lx))
                    .set("y", fmt(legend_y - 10.0))
                    .set("width", 24)
                    .set("height", 12)
                    .set("fill", color),
            );
        } else {
            let mut line = Line::new()
                .set("x1", fmt(lx))
                .set("x2", fmt(lx + 24.0))
                .set("y1", fmt(legend_y - 4.0))
                .set("y2", fmt(legend_y - 4.0))
                .set("stroke", color)
                .set("stroke-width", 2);
            if let Some(d) = dash {
                line = line.set("stroke-dasharray", d);
            }
            legend = legend.add(line);
        }
        legend = legend.add(
            Text::new(label)
                .set("x", fmt(lx + 30.0))
                .set("y", fmt(legend_y)),
        );
        lx += 30.0 + label.chars().count() as f64 * 13.0 * 0.55 + 28.0;
    }
    doc = doc.add(legend);
    let caption = [
        tr!(
            lang,
            "Shaded: low activity ({}), figures that rest on little. Bars: messages per day, so that partial periods compare.",
            "Grisé : faible activité ({}), des chiffres qui reposent sur peu de chose. Barres : messages par jour, pour comparer les périodes partielles.",
            low_activity_rule(lang)
        ),
        groups_sentence(lang, run.groups, run.min_group_size),
    ];
    let mut text = Group::new().set("font-size", 12).set("fill", "#404040");
    for (i, line) in caption.into_iter().enumerate() {
        text = text.add(
            Text::new(line)
                .set("x", 16)
                .set("y", fmt(HEIGHT - 30.0 + 16.0 * i as f64)),
        );
    }
    doc = doc.add(text);
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{doc}\n")
}

/// A horizontal grid line of `panel` at `v`.
fn grid(panel: &Panel, v: f64) -> Line {
    let y = fmt(panel.y(v));
    Line::new()
        .set("x1", fmt(LEFT))
        .set("x2", fmt(WIDTH - RIGHT))
        .set("y1", y.clone())
        .set("y2", y)
        .set("stroke", if v == 0.0 { "#808080" } else { "#d0d0d0" })
        .set("stroke-width", 1)
}

/// 1, 2 or 5 times a power of ten, at least `x` (1 for nothing).
fn nice_step(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|&s| s >= x)
        .unwrap_or(10.0 * p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::trend::trend;
    use crate::graph::{DailyFlows, Day};
    use chrono::NaiveDate;

    fn run_on(days: usize, launch: Option<i64>) -> (Trend, ReportingGroups) {
        let flows = DailyFlows {
            days: (0..days)
                .map(|i| Day {
                    date: NaiveDate::from_ymd_opt(2024, 7, 1).unwrap()
                        + chrono::Duration::days(i as i64),
                    messages: if i < 3 { 2 } else { 50 },
                    active: (0..12).collect(),
                    flows: vec![(0, 0, 3.0), (0, 1, 1.0), (1, 1, 2.0)],
                })
                .collect(),
            departments: 2,
            timezone: chrono_tz::UTC,
        };
        let names = vec!["B".to_string(), "A".to_string()];
        let groups = ReportingGroups::identity(&names);
        (
            trend(&flows, PeriodKind::Day, &groups.of_group, 2, launch),
            groups,
        )
    }

    #[test]
    fn the_csv_rows_of_a_period_sort_by_measure_then_group() {
        let (t, groups) = run_on(1, Some(0));
        let rows = period_rows(&t.periods[0], &groups.names);
        let keys: Vec<(&str, &str)> = rows.iter().map(|r| (r.measure, r.group.as_str())).collect();
        assert_eq!(
            keys,
            [
                ("cross_department_share", ""),
                ("ei_index", "A"),
                ("ei_index", "B"),
                ("flow_per_day", "B | A"),
                ("messages", ""),
                ("messages_per_day", ""),
                ("modularity", ""),
                ("people_active", ""),
            ]
        );
        assert!(
            rows.iter()
                .all(|r| r.after_launch == "true" && r.low_activity == "true")
        );
        assert_eq!(rows[4].value, Some(Value::Count(2)));
    }

    #[test]
    fn the_chart_shades_low_activity_and_marks_the_launch_in_either_language() {
        let launch = chrono::NaiveDate::from_ymd_opt(2024, 7, 4)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp();
        let (t, groups) = run_on(10, Some(launch));
        let run = TrendRun {
            trend: &t,
            groups: &groups,
            min_group_size: 5,
            undated: 0,
            lang: Lang::Fr,
        };
        let svg = trend_svg(&run);
        // 3 low-activity days shaded as one band in each panel, with its tooltip
        assert_eq!(svg.matches("faible activité</title>").count(), 2, "{svg}");
        assert!(svg.contains("<title>2024-07-01 – 2024-07-03 : faible activité</title>"));
        assert!(svg.contains("lancement 2024-07-04"), "{svg}");
        assert!(svg.contains("stroke-dasharray=\"6 4\""));
        // the launch at the start of the fourth day
        let at = fmt(LEFT + (WIDTH - LEFT - RIGHT) / 10.0 * 3.0);
        assert!(svg.contains(&format!("x1=\"{at}\" x2=\"{at}\"")), "{svg}");
        let md = trend_markdown(&TrendRun {
            lang: Lang::En,
            ..run
        });
        assert!(
            md.contains("## Before and after the launch (2024-07-04)"),
            "{md}"
        );
        assert!(
            md.contains("3 of 10 periods have fewer than 30 messages"),
            "{md}"
        );
        assert!(md.contains("| messages per day | 2.0 | 50.0 |"), "{md}");
    }
}

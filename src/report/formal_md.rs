//! The summary sections of the reporting lines (formal against informal) and of the
//! populations in focus, and their tables reporting_lines.csv and focus.csv. Rendering only.

use std::fmt::Write as _;

use serde::Serialize;

use crate::error::Result;
use crate::privacy::findings::formal::{
    FocusFindings, LineShares, PopulationLine, ReportingLineFindings,
};
use crate::report::atomic::OutputDir;
use crate::report::lang::{Lang, say, tr};
use crate::report::sentences::{self as s, EI_DIGITS, opt};

fn pct(lang: Lang, x: Option<f64>) -> String {
    x.map_or("–".into(), |v| s::percent(lang, v))
}

fn shares_row(md: &mut String, lang: Lang, name: &str, l: &LineShares) {
    let _ = writeln!(
        md,
        "| {} | {} | {} | {} | {} |",
        lang.group(name),
        pct(lang, l.reporting_line),
        pct(lang, l.team),
        pct(lang, l.department),
        pct(lang, l.across_departments)
    );
}

/// "Does collaboration follow the reporting lines?"
pub fn reporting_lines_markdown(
    md: &mut String,
    r: &ReportingLineFindings,
    lang: Lang,
    all_people: bool,
) {
    say!(
        md,
        lang,
        "## Formal and informal: does collaboration follow the reporting lines?\n",
        "## Formel et informel : la collaboration suit-elle la ligne hiérarchique ?\n"
    );
    say!(
        md,
        lang,
        "Each tie is counted once, in the first class it fits: along a reporting line (one manages the other), within a team (same manager), within the department across teams, or across departments. A department's row holds the ties that touch it.\n",
        "Chaque lien compte une fois, dans la première catégorie où il entre : sur la ligne hiérarchique (l'un encadre l'autre), dans une équipe (même responsable), dans la direction entre équipes, ou entre directions. La ligne d'une direction porte les liens qui la touchent.\n"
    );
    say!(
        md,
        lang,
        "| department | along reporting lines | within teams | within the department, across teams | across departments |",
        "| direction | sur la ligne hiérarchique | dans l'équipe | dans la direction, entre équipes | entre directions |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---:|");
    shares_row(md, lang, lang.pick("(all)", "(toutes)"), &r.overall);
    for (name, l) in &r.per_department {
        shares_row(md, lang, name, l);
    }
    let _ = writeln!(md);
    let threshold = s::percent(lang, r.low_formal_threshold);
    match (r.low_formal_count, lang) {
        (0, _) => say!(
            md,
            lang,
            "Everyone with ties has at least {threshold} of their tie weight with their manager, their team or their direct reports.\n",
            "Chaque personne ayant des liens en a au moins {threshold} (en poids) avec son responsable, son équipe ou ses collaborateurs directs.\n"
        ),
        (1, _) => say!(
            md,
            lang,
            "1 person has less than {threshold} of their tie weight with their manager, their team or their direct reports: they work mostly around the org chart.\n",
            "1 personne a moins de {threshold} du poids de ses liens avec son responsable, son équipe ou ses collaborateurs directs : elle travaille surtout en dehors de l'organigramme.\n"
        ),
        (n, _) => say!(
            md,
            lang,
            "{} people have less than {threshold} of their tie weight with their manager, their team or their direct reports: they work mostly around the org chart.\n",
            "{} personnes ont moins de {threshold} du poids de leurs liens avec leur responsable, leur équipe ou leurs collaborateurs directs : elles travaillent surtout en dehors de l'organigramme.\n",
            lang.int(n as u64)
        ),
    }
    if !r.low_formal.is_empty() {
        let shown = if all_people { r.low_formal.len() } else { 15 };
        let names: Vec<&str> = r
            .low_formal
            .iter()
            .take(shown)
            .map(String::as_str)
            .collect();
        let more = if r.low_formal.len() > shown {
            " …"
        } else {
            ""
        };
        let _ = writeln!(md, "{}{more}\n", names.join(", "));
    }
    if r.missing_manager + r.self_managed + r.on_cycle > 0 {
        say!(
            md,
            lang,
            "The manager column is incomplete: {} with a manager outside the directory, {} named as their own manager (both count as heads of their own team), {} on {} loop(s) of managers (they keep their managers).\n",
            "La colonne des responsables est incomplète : {} dont le responsable n'est pas dans l'annuaire, {} désignées comme leur propre responsable (les unes et les autres comptent comme chefs de leur propre équipe), {} sur {} boucle(s) de responsables (elles gardent leurs responsables).\n",
            s::count(
                lang,
                r.missing_manager,
                ("person", "personne"),
                ("people", "personnes")
            ),
            s::count(
                lang,
                r.self_managed,
                ("person", "personne"),
                ("people", "personnes")
            ),
            s::count(
                lang,
                r.on_cycle,
                ("person", "personne"),
                ("people", "personnes")
            ),
            lang.int(r.cycles as u64)
        );
    }
}

fn population_cells(lang: Lang, p: &PopulationLine) -> [String; 8] {
    [
        lang.int(p.people as u64),
        lang.int(p.ties as u64),
        opt(lang, p.density, 3),
        pct(lang, p.cross_department_share),
        opt(lang, p.ei_weight, EI_DIGITS),
        lang.int(p.departments_spanned as u64),
        p.communities.map_or("–".into(), |c| lang.int(c as u64)),
        opt(lang, p.communities_nmi, 2),
    ]
}

/// A population in focus beside the others.
pub fn focus_markdown(md: &mut String, f: &FocusFindings, lang: Lang) {
    let (column, value) = (&f.column, &f.value);
    say!(
        md,
        lang,
        "## In focus: {column} = {value}\n",
        "## Zoom : {column} = {value}\n"
    );
    say!(
        md,
        lang,
        "The network among the people whose {column} is {value}, and among everyone else, side by side.\n",
        "Le réseau des personnes dont {column} vaut {value}, et celui de toutes les autres, côte à côte.\n"
    );
    say!(
        md,
        lang,
        "| | people | ties among them | density | cross-department share | E-I (weights) | departments spanned | communities | NMI of the communities with the departments |",
        "| | personnes | liens entre elles | densité | part entre directions | E-I (poids) | directions couvertes | communautés | NMI des communautés avec les directions |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (label, p) in [
        (
            tr!(lang, "{column} = {value}", "{column} = {value}"),
            &f.focus,
        ),
        (
            lang.pick("everyone else", "toutes les autres").to_string(),
            &f.rest,
        ),
    ] {
        let _ = writeln!(
            md,
            "| {label} | {} |",
            population_cells(lang, p).join(" | ")
        );
    }
    let _ = writeln!(md);
    if !f.connectors.is_empty() {
        say!(
            md,
            lang,
            "Who connects them across departments (most ties to people in focus of other departments): {}.\n",
            "Qui les relie entre directions (le plus de liens avec des personnes du zoom d'autres directions) : {}.\n",
            f.connectors.join(", ")
        );
    }
}

#[derive(Serialize)]
struct LineRow<'a> {
    department: &'a str,
    along_reporting_lines: Option<f64>,
    within_teams: Option<f64>,
    within_department_across_teams: Option<f64>,
    across_departments: Option<f64>,
}

/// Writes reporting_lines.csv: the shares overall (`(all)`) and per department shown.
pub fn write_reporting_lines(out: &OutputDir, r: &ReportingLineFindings) -> Result<()> {
    fn row<'a>(department: &'a str, l: &LineShares) -> LineRow<'a> {
        LineRow {
            department,
            along_reporting_lines: l.reporting_line,
            within_teams: l.team,
            within_department_across_teams: l.department,
            across_departments: l.across_departments,
        }
    }
    let rows = std::iter::once(row("(all)", &r.overall))
        .chain(r.per_department.iter().map(|(name, l)| row(name, l)));
    out.write_csv(
        "reporting_lines.csv",
        &[
            "department",
            "along_reporting_lines",
            "within_teams",
            "within_department_across_teams",
            "across_departments",
        ],
        rows,
    )?;
    Ok(())
}

#[derive(Serialize)]
struct FocusRow<'a> {
    focus: String,
    population: &'a str,
    people: usize,
    ties: usize,
    density: Option<f64>,
    cross_department_share: Option<f64>,
    ei_index_weight: Option<f64>,
    departments_spanned: usize,
    communities: Option<usize>,
    communities_nmi: Option<f64>,
}

/// Writes focus.csv: one row per population in focus and one for the rest, per `--focus`.
pub fn write_focus(out: &OutputDir, focus: &[FocusFindings]) -> Result<()> {
    let rows = focus.iter().flat_map(|f| {
        [("focus", &f.focus), ("rest", &f.rest)].map(|(population, p)| FocusRow {
            focus: format!("{}={}", f.column, f.value),
            population,
            people: p.people,
            ties: p.ties,
            density: p.density,
            cross_department_share: p.cross_department_share,
            ei_index_weight: p.ei_weight,
            departments_spanned: p.departments_spanned,
            communities: p.communities,
            communities_nmi: p.communities_nmi,
        })
    });
    out.write_csv(
        "focus.csv",
        &[
            "focus",
            "population",
            "people",
            "ties",
            "density",
            "cross_department_share",
            "ei_index_weight",
            "departments_spanned",
            "communities",
            "communities_nmi",
        ],
        rows,
    )?;
    Ok(())
}

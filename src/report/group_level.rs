//! The outputs of a run with groups and no people (a Viva Insights group-to-group query):
//! departments.csv and department_flows.csv (tie counts, density and spanners left empty:
//! the query does not know them), the department map, and a summary that says it is a
//! department-level analysis only. Renders what the analysis computed.

use std::fmt::Write as _;
use std::io::Write;

use serde::Serialize;

use crate::error::Result;
use crate::ingest::formats::GroupFlows;
use crate::ingest::{InputDescription, RejectReason};
use crate::privacy::view::View;
use crate::report::atomic::{OutputDir, csv_io};
use crate::report::lang::{Lang, say, tr};

#[derive(Serialize)]
struct DepartmentRow<'a> {
    department: &'a str,
    headcount: Option<usize>,
    internal_weight: f64,
    external_weight: f64,
    ei_index_weight: Option<f64>,
    internal_ties: Option<usize>,
    external_ties: Option<usize>,
    ei_index_ties: Option<f64>,
    density: Option<f64>,
    boundary_spanners: Option<usize>,
    isolated: Option<usize>,
}

#[derive(Serialize)]
struct FlowRow<'a> {
    department_a: &'a str,
    department_b: &'a str,
    weight_a_to_b: f64,
    weight_b_to_a: Option<f64>,
    weight: f64,
    ties: Option<usize>,
    normalized_weight: Option<f64>,
}

/// What the group-level run read.
#[derive(Debug, Clone)]
pub struct GroupRun<'a> {
    /// The flows read.
    pub flows: &'a GroupFlows,
    /// Rejected rows by reason.
    pub rejected: &'a std::collections::BTreeMap<RejectReason, u64>,
    /// Whether every group's size was known.
    pub sizes_known: bool,
    /// The language of summary.md (`--lang`).
    pub lang: Lang,
}

/// Writes departments.csv, department_flows.csv, department_map.dot, summary.md and
/// summary.json of a group-level run.
pub fn write_group_level(out: &OutputDir, run: &GroupRun<'_>, view: &View) -> Result<()> {
    let names = view.department_names();
    let Some(d) = &view.grouped else {
        return write_summaries(out, run, view);
    };
    out.write("departments.csv", |w: &mut dyn Write| {
        let mut csv = csv::Writer::from_writer(w);
        for (name, s) in names.iter().zip(&d.stats) {
            csv.serialize(DepartmentRow {
                department: name,
                headcount: run.sizes_known.then_some(s.headcount),
                internal_weight: s.internal_weight,
                external_weight: s.external_weight,
                ei_index_weight: s.ei_index_weight(),
                internal_ties: None,
                external_ties: None,
                ei_index_ties: None,
                density: None,
                boundary_spanners: None,
                isolated: None,
            })
            .map_err(csv_io)?;
        }
        csv.flush()
    })?;
    out.write("department_flows.csv", |w: &mut dyn Write| {
        let mut csv = csv::Writer::from_writer(w);
        for f in &d.flows {
            csv.serialize(FlowRow {
                department_a: &names[f.a as usize],
                department_b: &names[f.b as usize],
                weight_a_to_b: f.a_to_b,
                weight_b_to_a: f.b_to_a,
                weight: f.weight,
                ties: None,
                normalized_weight: if run.sizes_known { f.normalized } else { None },
            })
            .map_err(csv_io)?;
        }
        csv.flush()
    })?;
    crate::report::dot::write_department_map(
        out,
        view,
        run.flows.time_span,
        crate::report::lens::Lens::DEPARTMENT,
    )?;
    write_summaries(out, run, view)
}

#[derive(Serialize)]
struct Summary<'a> {
    analysis: &'static str,
    groups: usize,
    grouping: &'a str,
    metric: &'a str,
    weighting: String,
    department_modularity: Option<f64>,
    min_group_size: usize,
    groups_merged_into_other: usize,
    groups_suppressed: usize,
    input: Input<'a>,
}

#[derive(Serialize)]
struct Input<'a> {
    files: [&'a InputDescription; 1],
    rows_read: u64,
    rejected_rows: u64,
    rejected: std::collections::BTreeMap<&'static str, u64>,
    group_sizes_known: bool,
    time_span: Option<(i64, i64)>,
}

const SCOPE: &str = "a department-level analysis only: a Viva Insights group-to-group query names no person, so there are no ties, people, communities, brokers or single points of failure";
/// [`SCOPE`] in French.
const SCOPE_FR: &str = "une analyse par direction seulement : une requête Viva Insights de groupe à groupe ne nomme personne, il n'y a donc ni liens entre personnes, ni personnes, ni communautés, ni intermédiaires, ni points de rupture";

fn rule(run: &GroupRun<'_>, lang: Lang) -> String {
    tr!(
        lang,
        "the flow a -> b is the sum over the weeks of the query's '{}'",
        "le flux a -> b est la somme sur les semaines de la mesure '{}' de la requête",
        run.flows.metric
    )
}

fn write_summaries(out: &OutputDir, run: &GroupRun<'_>, view: &View) -> Result<()> {
    let f = run.flows;
    let summary = Summary {
        analysis: "group-level",
        groups: f.names.len(),
        grouping: &f.attribute,
        metric: &f.metric,
        weighting: rule(run, Lang::En),
        department_modularity: view.grouped.as_ref().map(|d| d.modularity),
        min_group_size: view.min_group_size,
        groups_merged_into_other: view.departments.merged,
        groups_suppressed: view.departments.suppressed,
        input: Input {
            files: [&f.description],
            rows_read: f.rows,
            rejected_rows: run.rejected.values().sum(),
            rejected: run.rejected.iter().map(|(r, c)| (r.key(), *c)).collect(),
            group_sizes_known: run.sizes_known,
            time_span: f.time_span,
        },
    };
    let json = serde_json::to_string_pretty(&summary).map_err(std::io::Error::from);
    let json = json.map_err(|source| crate::Error::Write {
        path: out.path().join("summary.json"),
        source,
    })?;
    out.write_bytes("summary.json", format!("{json}\n").as_bytes())?;

    let lang = run.lang;
    let mut md = String::new();
    say!(
        md,
        lang,
        "# Collaboration between groups\n",
        "# Collaboration entre groupes\n"
    );
    say!(md, lang, "This is {SCOPE}.\n", "Il s'agit d'{SCOPE_FR}.\n");
    say!(
        md,
        lang,
        "Read from {} ({} rows, grouped by '{}'); {}.\n",
        "Lu dans {} ({} lignes, groupées par '{}') ; {}.\n",
        f.description.file,
        f.rows,
        f.attribute,
        rule(run, lang)
    );
    if !run.sizes_known {
        say!(
            md,
            lang,
            "The query gives no group sizes: headcounts and flows per possible pair of people are left empty.\n",
            "La requête ne donne pas la taille des groupes : les effectifs et les flux par paire de personnes possible restent vides.\n"
        );
    }
    if let Some(d) = &view.grouped {
        let names: Vec<String> = view
            .department_names()
            .iter()
            .map(|n| lang.group(n).to_string())
            .collect();
        let names = &names[..];
        let mut closed: Vec<(f64, &str)> = d
            .stats
            .iter()
            .zip(names)
            .filter_map(|(s, n)| s.ei_index_weight().map(|e| (e, n.as_str())))
            .collect();
        closed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
        say!(
            md,
            lang,
            "## The most closed groups\n",
            "## Les groupes les plus cloisonnés\n"
        );
        say!(
            md,
            lang,
            "E-I index on weights: (external - internal) / (external + internal); -1 is a group that only works inside.\n",
            "Indice E-I sur les poids : (externe - interne) / (externe + interne) ; -1 est un groupe qui ne travaille qu'en interne.\n"
        );
        say!(
            md,
            lang,
            "| group | E-I index (weights) | internal | external |",
            "| groupe | indice E-I (poids) | interne | externe |"
        );
        let _ = writeln!(md, "|---|---:|---:|---:|");
        for (e, n) in closed.iter().take(10) {
            let s = &d.stats[names.iter().position(|x| x == n).unwrap_or(0)];
            let _ = writeln!(
                md,
                "| {n} | {e:.2} | {:.2} | {:.2} |",
                s.internal_weight, s.external_weight
            );
        }
        let mut flows: Vec<&crate::analyze::Flow> = d.flows.iter().filter(|f| f.a != f.b).collect();
        flows.sort_by(|x, y| {
            y.weight
                .total_cmp(&x.weight)
                .then((x.a, x.b).cmp(&(y.a, y.b)))
        });
        say!(
            md,
            lang,
            "\n## The strongest flows between groups\n",
            "\n## Les flux entre groupes les plus forts\n"
        );
        say!(
            md,
            lang,
            "| group a | group b | a -> b | b -> a | total |",
            "| groupe a | groupe b | a -> b | b -> a | total |"
        );
        let _ = writeln!(md, "|---|---|---:|---:|---:|");
        for fl in flows.iter().take(10) {
            let _ = writeln!(
                md,
                "| {} | {} | {:.2} | {:.2} | {:.2} |",
                names[fl.a as usize],
                names[fl.b as usize],
                fl.a_to_b,
                fl.b_to_a.unwrap_or(0.0),
                fl.weight
            );
        }
        say!(
            md,
            lang,
            "\nModularity of the grouping: {:.3} (how much of the flow stays inside the groups, against chance).",
            "\nModularité du découpage en groupes : {:.3} (la part du flux qui reste dans les groupes, au-delà du hasard).",
            d.modularity
        );
    } else {
        say!(
            md,
            lang,
            "Every group is smaller than the minimum group size ({}): no figure is shown.",
            "Tous les groupes sont plus petits que la taille minimale de groupe ({}) : aucun chiffre n'est montré.",
            view.min_group_size
        );
    }
    let rejected: u64 = run.rejected.values().sum();
    if rejected > 0 {
        say!(
            md,
            lang,
            "\n{rejected} malformed rows were skipped.",
            "\n{rejected} lignes mal formées ont été ignorées."
        );
    }
    out.write_bytes("summary.md", md.as_bytes())?;
    Ok(())
}

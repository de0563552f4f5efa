//! summary.json (the counts a script reads) and summary.md (what a consultant reads first: the
//! most closed departments, the strongest and weakest cross-department flows, the people with
//! the highest betweenness, the bridges and cut points that join departments, and what was
//! left out of the input and why).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::analyze::{InputCounts, Run};
use crate::error::Result;
use crate::privacy::groups::OTHER;
use crate::privacy::view::View;
use crate::report::atomic::OutputDir;
use crate::report::lang::{Lang, say, tr};

/// The rule users of other tools most often get backwards.
pub const PATH_LENGTH_RULE: &str = "weighted path length = 1 / weight: a strong tie is a short path (weights are strengths, not distances)";
/// [`PATH_LENGTH_RULE`] in French.
pub const PATH_LENGTH_RULE_FR: &str = "longueur pondérée d'un chemin = 1 / poids : un lien fort est un chemin court (les poids sont des intensités, pas des distances)";
/// The weighting rule.
pub const WEIGHTING_RULE: &str = "a message from s to k recipients adds 1/k to each tie s->r; k counts distinct recipients other than s, external ones included";
/// [`WEIGHTING_RULE`] in French.
pub const WEIGHTING_RULE_FR: &str = "un message de s à k destinataires ajoute 1/k à chaque lien s->r ; k compte les destinataires distincts autres que s, externes compris";

#[derive(Serialize)]
struct Summary<'a> {
    people: usize,
    ties: usize,
    total_weight: f64,
    components: Option<usize>,
    largest_component: Option<usize>,
    isolated_people: usize,
    bridges: Option<usize>,
    articulation_points: Option<usize>,
    department_modularity: Option<f64>,
    departments: usize,
    communities: Option<CommunitySummary>,
    weighted_path_length: &'static str,
    weighting: Weighting,
    privacy: Privacy,
    input: Input<'a>,
}

#[derive(Serialize)]
struct CommunitySummary {
    method: &'static str,
    resolution: f64,
    seed: u64,
    count: usize,
    reported: usize,
    modularity: f64,
    nmi_with_departments: f64,
    ari_with_departments: f64,
    follows_org_chart: &'static str,
}

/// How closely communities follow departments, from the NMI of the two partitions.
pub fn org_chart_word(nmi: f64) -> &'static str {
    if nmi >= 0.6 {
        "closely"
    } else if nmi >= 0.3 {
        "partly"
    } else {
        "loosely"
    }
}

/// [`org_chart_word`] in French ("la collaboration suit l'organigramme de près").
pub fn org_chart_word_fr(nmi: f64) -> &'static str {
    match org_chart_word(nmi) {
        "closely" => "de près",
        "partly" => "en partie",
        _ => "de loin",
    }
}

#[derive(Serialize)]
struct Privacy {
    identities: &'static str,
    min_group_size: usize,
    person_level_files: bool,
    departments_merged_into_other: usize,
    departments_suppressed: usize,
}

#[derive(Serialize)]
struct Weighting {
    rule: String,
    max_recipients: usize,
    channels: String,
    channels_kept: Option<Vec<String>>,
    channel_weights: BTreeMap<String, f64>,
}

#[derive(Serialize)]
struct Input<'a> {
    message_files: &'a [String],
    rows_read: u64,
    rejected_rows: u64,
    rejected: BTreeMap<&'static str, u64>,
    directory_rows_rejected: u64,
    directory_rejected: BTreeMap<&'static str, u64>,
    messages: u64,
    messages_used: u64,
    self_messages: u64,
    messages_without_recipients: u64,
    broadcasts_left_out: u64,
    messages_from_external_senders: u64,
    messages_only_to_external_recipients: u64,
    messages_of_other_channels: u64,
    tie_rows: u64,
    tie_rows_used: u64,
    ties_outside_directory: u64,
    zero_weight_ties: u64,
    self_ties: u64,
    left_out: BTreeMap<&'static str, u64>,
    external_addresses: u64,
    external_recipients: u64,
    duplicate_directory_rows: u64,
    content_columns_ignored: &'a [String],
    per_recipient_rows: u64,
    distribution_group_rows: u64,
    distinct_senders_in_directory: u64,
    distinct_senders_outside_directory: u64,
    files: &'a [crate::ingest::InputDescription],
    directory_file: Option<&'a crate::ingest::InputDescription>,
    directory_key: Option<&'a crate::ingest::KeyChoice>,
    warnings: Vec<String>,
}

/// Writes summary.json.
pub fn write_summary_json(out: &OutputDir, f: &Run<'_>, view: &View) -> Result<()> {
    let g = f.graph;
    let i = f.input;
    let s = f.structure;
    let summary = Summary {
        people: g.node_count(),
        ties: g.tie_count(),
        total_weight: g.total_weight(),
        components: s.map(|s| s.components),
        largest_component: s.map(|s| s.component_sizes().into_iter().max().unwrap_or(0)),
        isolated_people: (0..g.node_count() as u32)
            .filter(|&v| g.degree(v) == 0)
            .count(),
        bridges: s.map(|s| s.bridge_count()),
        articulation_points: s.map(|s| s.articulation_point_count()),
        department_modularity: f.departments.map(|d| d.modularity),
        communities: f.communities.map(|c| CommunitySummary {
            method: c.method,
            resolution: c.resolution,
            seed: c.seed,
            count: c.partition.count,
            reported: view.communities.as_ref().map_or(0, |g| g.names.len()),
            modularity: c.partition.modularity,
            nmi_with_departments: c.agreement.nmi,
            ari_with_departments: c.agreement.ari,
            follows_org_chart: org_chart_word(c.agreement.nmi),
        }),
        departments: f.directory.departments().len(),
        weighted_path_length: PATH_LENGTH_RULE,
        weighting: Weighting {
            rule: weighting_rule(i, Lang::En),
            max_recipients: i.weighting_options.max_recipients,
            channels: i.weighting_options.channels.to_string(),
            channels_kept: i.weighting_options.channels.kept().map(<[String]>::to_vec),
            channel_weights: i.weighting_options.channels.weights().into_iter().collect(),
        },
        privacy: Privacy {
            identities: if view.pseudonymized {
                "pseudonymized"
            } else {
                "revealed"
            },
            min_group_size: view.min_group_size,
            person_level_files: view.person_level,
            departments_merged_into_other: view.departments.merged,
            departments_suppressed: view.departments.suppressed,
        },
        input: Input {
            message_files: &i.message_files,
            rows_read: i.ingest.rows_read,
            rejected_rows: i.rejected.values().sum(),
            rejected: i.rejected.iter().map(|(r, c)| (r.key(), *c)).collect(),
            directory_rows_rejected: i.directory_rejected.values().sum(),
            directory_rejected: i
                .directory_rejected
                .iter()
                .map(|(r, c)| (r.key(), *c))
                .collect(),
            messages: i.ingest.messages,
            messages_used: i.weighting.used,
            self_messages: i.weighting.self_messages,
            messages_without_recipients: i.weighting.without_recipients,
            broadcasts_left_out: i.weighting.broadcasts,
            messages_from_external_senders: i.weighting.from_external,
            messages_only_to_external_recipients: i.weighting.only_external_recipients,
            messages_of_other_channels: i.weighting.other_channels,
            tie_rows: i.ingest.tie_rows,
            tie_rows_used: i.weighting.tie_rows_used,
            ties_outside_directory: i.ingest.ties_outside_directory,
            zero_weight_ties: i.ingest.zero_weight_ties,
            self_ties: i.ingest.self_ties,
            left_out: i
                .ingest
                .left_out
                .iter()
                .map(|(what, n)| (what.key(), *n))
                .collect(),
            external_addresses: i.ingest.external_addresses,
            external_recipients: i.ingest.external_recipients,
            duplicate_directory_rows: i.duplicate_directory_rows,
            content_columns_ignored: &i.ingest.content_columns_ignored,
            per_recipient_rows: i.ingest.per_recipient_rows,
            distribution_group_rows: i.ingest.distribution_group_rows,
            distinct_senders_in_directory: i.ingest.distinct_directory_senders,
            distinct_senders_outside_directory: i.ingest.distinct_external_senders,
            files: &i.ingest.files,
            directory_file: i.directory_file.as_ref(),
            directory_key: i.directory_key.as_ref(),
            warnings: i.warnings.iter().map(ToString::to_string).collect(),
        },
    };
    let mut text = serde_json::to_string_pretty(&summary)
        .map_err(std::io::Error::from)
        .map_err(|source| crate::Error::Write {
            path: out.path().join("summary.json"),
            source,
        })?;
    text.push('\n');
    out.write_bytes("summary.json", text.as_bytes())?;
    Ok(())
}

/// "1 bridge", "3 bridges" ("0 pont", "1 pont", "3 ponts" in French).
fn count(lang: Lang, n: usize, one: (&str, &str), many: (&str, &str)) -> String {
    let singular = match lang {
        Lang::En => n == 1,
        Lang::Fr => n <= 1,
    };
    let (one, many) = (lang.pick(one.0, one.1), lang.pick(many.0, many.1));
    format!("{n} {}", if singular { one } else { many })
}

/// A markdown table of department flows.
fn flows_table<'a>(
    md: &mut String,
    lang: Lang,
    names: &[String],
    flows: impl Iterator<Item = &'a crate::analyze::Flow>,
) {
    say!(
        md,
        lang,
        "| between | and | weight | ties | weight per possible pair |",
        "| entre | et | poids | liens | poids par paire possible |"
    );
    let _ = writeln!(md, "|---|---|---:|---:|---:|");
    for fl in flows {
        let _ = writeln!(
            md,
            "| {} | {} | {:.1} | {} | {} |",
            names[fl.a as usize],
            names[fl.b as usize],
            fl.weight,
            fl.ties,
            fmt_opt(fl.normalized, 4)
        );
    }
    let _ = writeln!(md);
}

fn fmt_opt(x: Option<f64>, digits: usize) -> String {
    x.map_or("–".to_string(), |v| format!("{v:.digits$}"))
}

/// Renders summary.md in `lang`: siloscope's own words in that language; names, ids, file
/// names and numbers as they are (numbers written alike in both languages).
pub fn summary_markdown(f: &Run<'_>, view: &View, lang: Lang) -> String {
    let g = f.graph;
    // the merged and suppressed groups in this language, other names as they are
    let names: Vec<String> = view
        .department_names()
        .iter()
        .map(|name| lang.group(name).to_string())
        .collect();
    let names = &names[..];
    let department = |v: u32| lang.group(view.department(v));
    let n = g.node_count();
    let mut md = String::new();
    say!(md, lang, "# siloscope summary\n", "# Synthèse siloscope\n");
    if f.input.ingest.tie_rows > 0 {
        say!(
            md,
            lang,
            "{} people in {} departments; {} ties between them, total weight {:.1}, from {} tie rows of a Viva Insights query ({} added weight).\n",
            "{} personnes dans {} directions ; {} liens entre elles, poids total {:.1}, issus de {} lignes de liens d'une requête Viva Insights ({} retenues).\n",
            g.node_count(),
            f.directory.departments().len(),
            g.tie_count(),
            g.total_weight(),
            f.input.ingest.tie_rows,
            f.input.weighting.tie_rows_used
        );
    } else {
        say!(
            md,
            lang,
            "{} people in {} departments; {} ties between them, total weight {:.1}, from {} messages ({} used).\n",
            "{} personnes dans {} directions ; {} liens entre elles, poids total {:.1}, issus de {} messages ({} retenus).\n",
            g.node_count(),
            f.directory.departments().len(),
            g.tie_count(),
            g.total_weight(),
            f.input.ingest.messages,
            f.input.weighting.used
        );
    }
    let rule = weighting_rule(f.input, lang);
    let channels = &f.input.weighting_options.channels;
    let channel_rule = if channels.is_default() {
        String::new()
    } else {
        match lang {
            Lang::En => format!("; {channels}"),
            Lang::Fr => format!(" ; {}", channels.french()),
        }
    };
    say!(
        md,
        lang,
        "How to read the figures: {rule}{channel_rule}; {PATH_LENGTH_RULE}.\n",
        "Lecture des chiffres : {rule}{channel_rule} ; {PATH_LENGTH_RULE_FR}.\n"
    );

    let _ = writeln!(md, "{}\n", privacy_sentence(view, lang));

    if let Some(d) = &view.grouped {
        say!(
            md,
            lang,
            "## The most closed departments\n",
            "## Les directions les plus cloisonnées\n"
        );
        say!(
            md,
            lang,
            "E-I index on weights: −1 = all exchanges stay inside, +1 = all go outside. Modularity of the department partition: {:.3}.\n",
            "Indice E-I sur les poids : −1 = tous les échanges restent internes, +1 = tous vont vers l'extérieur. Modularité du découpage en directions : {:.3}.\n",
            f.departments
                .map_or(d.modularity, |true_departments| true_departments.modularity)
        );
        let mut order: Vec<usize> = (0..names.len())
            .filter(|&i| d.stats[i].ei_index_weight().is_some())
            .collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (
                d.stats[a].ei_index_weight().unwrap_or(0.0),
                d.stats[b].ei_index_weight().unwrap_or(0.0),
            );
            x.total_cmp(&y).then(a.cmp(&b))
        });
        say!(
            md,
            lang,
            "| department | people | E-I (weights) | E-I (ties) | internal weight | external weight | people with outside ties |",
            "| direction | personnes | E-I (poids) | E-I (liens) | poids interne | poids externe | personnes ayant des liens externes |"
        );
        let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|---:|");
        for &i in order.iter().take(5) {
            let s = &d.stats[i];
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {:.1} | {:.1} | {} |",
                names[i],
                s.headcount,
                fmt_opt(s.ei_index_weight(), 2),
                fmt_opt(s.ei_index_ties(), 2),
                s.internal_weight,
                s.external_weight,
                s.boundary_spanners
            );
        }
        let _ = writeln!(md);

        let mut cross: Vec<_> = d
            .flows
            .iter()
            .filter(|fl| fl.a != fl.b && fl.weight > 0.0)
            .collect();
        cross.sort_by(|x, y| {
            y.weight
                .total_cmp(&x.weight)
                .then((x.a, x.b).cmp(&(y.a, y.b)))
        });
        say!(
            md,
            lang,
            "## The strongest cross-department flows\n",
            "## Les flux entre directions les plus forts\n"
        );
        flows_table(&mut md, lang, names, cross.iter().take(5).copied());
        say!(
            md,
            lang,
            "## The weakest cross-department flows\n",
            "## Les flux entre directions les plus faibles\n"
        );
        let mut weak = cross.clone();
        weak.sort_by(|x, y| {
            x.normalized
                .unwrap_or(0.0)
                .total_cmp(&y.normalized.unwrap_or(0.0))
                .then((x.a, x.b).cmp(&(y.a, y.b)))
        });
        flows_table(&mut md, lang, names, weak.iter().take(5).copied());
        let silent: Vec<String> = d
            .flows
            .iter()
            .filter(|fl| fl.a != fl.b && fl.weight == 0.0)
            .map(|fl| format!("{} – {}", names[fl.a as usize], names[fl.b as usize]))
            .collect();
        let pairs = names.len() * names.len().saturating_sub(1) / 2;
        if silent.is_empty() {
            say!(
                md,
                lang,
                "Every pair of departments exchanges directly.\n",
                "Toutes les paires de directions échangent directement.\n"
            );
        } else {
            let list = if silent.len() <= 12 {
                tr!(lang, ": {}", " : {}", silent.join(lang.pick("; ", " ; ")))
            } else {
                tr!(
                    lang,
                    " (see department_flows.csv)",
                    " (voir department_flows.csv)"
                )
            };
            say!(
                md,
                lang,
                "{} of {} department pairs never exchange directly{list}.\n",
                "{} paires de directions sur {} n'échangent jamais directement{list}.\n",
                silent.len(),
                pairs
            );
        }
    }

    if let Some(b) = f
        .betweenness
        .or(f.betweenness_weighted)
        .filter(|_| view.person_level)
    {
        say!(
            md,
            lang,
            "## The people with the highest betweenness\n",
            "## Les personnes les plus intermédiaires\n"
        );
        say!(
            md,
            lang,
            "The share of shortest paths between other people that pass through them: who connects.\n",
            "La part des plus courts chemins entre les autres personnes qui passent par elles (centralité d'intermédiarité) : qui fait le lien.\n"
        );
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&x, &y| {
            b[y].total_cmp(&b[x])
                .then_with(|| view.person(x as u32).cmp(view.person(y as u32)))
        });
        say!(
            md,
            lang,
            "| person | department | betweenness (hops) | betweenness (weighted) | ties to other departments | cut point |",
            "| personne | direction | intermédiarité (étapes) | intermédiarité (pondérée) | liens vers d'autres directions | point de rupture |"
        );
        let _ = writeln!(md, "|---|---|---:|---:|---:|---|");
        for &v in order.iter().take(10).filter(|&&v| b[v] > 0.0) {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} |",
                view.person(v as u32),
                department(v as u32),
                fmt_opt(f.betweenness.map(|x| x[v]), 4),
                fmt_opt(f.betweenness_weighted.map(|x| x[v]), 4),
                f.departments
                    .map_or("–".into(), |d| d.external_ties_of_person[v].to_string()),
                f.structure.map_or("–", |s| if s.is_articulation_point[v] {
                    lang.pick("yes", "oui")
                } else {
                    lang.pick("no", "non")
                })
            );
        }
        let _ = writeln!(md);
    }

    if let Some(s) = f.structure {
        say!(
            md,
            lang,
            "## Bridges and cut points that join departments\n",
            "## Ponts et points de rupture entre directions\n"
        );
        say!(
            md,
            lang,
            "{} (largest: {}); {} (ties whose loss splits the network) and {} (people whose absence splits it).\n",
            "{} (la plus grande : {}) ; {} (liens dont la perte coupe le réseau en morceaux) et {} (personnes dont l'absence le coupe).\n",
            count(
                lang,
                s.components,
                ("component", "composante"),
                ("components", "composantes")
            ),
            count(
                lang,
                s.component_sizes().into_iter().max().unwrap_or(0),
                ("person", "personne"),
                ("people", "personnes")
            ),
            count(
                lang,
                s.bridge_count(),
                ("bridge", "pont"),
                ("bridges", "ponts")
            ),
            count(
                lang,
                s.articulation_point_count(),
                ("cut point", "point de rupture"),
                ("cut points", "points de rupture")
            )
        );
        let mut joining = Vec::new();
        for v in 0..n as u32 {
            if !s.is_articulation_point[v as usize] {
                continue;
            }
            let own = department(v);
            let others: Vec<&str> = view
                .other_departments(g, v)
                .into_iter()
                .map(|d| lang.group(d))
                .collect();
            if !others.is_empty() {
                joining.push((view.person(v), own, others.join(", ")));
            }
        }
        joining.sort();
        let joining: Vec<String> = joining
            .into_iter()
            .map(|(who, own, others)| {
                if view.person_level {
                    tr!(
                        lang,
                        "- {who} links {own} to {others}",
                        "- {who} relie {own} à {others}"
                    )
                } else {
                    tr!(
                        lang,
                        "- a person of {own} links it to {others}",
                        "- une personne de {own} relie sa direction à {others}"
                    )
                }
            })
            .collect();
        if joining.is_empty() {
            say!(
                md,
                lang,
                "No cut point joins two departments.\n",
                "Aucun point de rupture ne relie deux directions.\n"
            );
        } else {
            say!(
                md,
                lang,
                "Cut points with ties to other departments (single points of failure):\n",
                "Points de rupture ayant des liens vers d'autres directions (points de défaillance uniques) :\n"
            );
            for line in &joining {
                let _ = writeln!(md, "{line}");
            }
            let _ = writeln!(md);
        }
        let mut cross_bridges: Vec<String> = g
            .ties()
            .iter()
            .enumerate()
            .filter(|(i, t)| {
                view.person_level
                    && s.is_bridge[*i]
                    && view.department(t.source) != view.department(t.target)
            })
            .map(|(_, t)| {
                let (a, b) = if view.person(t.source) <= view.person(t.target) {
                    (t.source, t.target)
                } else {
                    (t.target, t.source)
                };
                format!(
                    "- {} ({}) – {} ({})",
                    view.person(a),
                    department(a),
                    view.person(b),
                    department(b)
                )
            })
            .collect();
        cross_bridges.sort();
        if !cross_bridges.is_empty() {
            say!(
                md,
                lang,
                "Bridges between departments:\n",
                "Ponts entre directions :\n"
            );
            for line in cross_bridges.iter().take(15) {
                let _ = writeln!(md, "{line}");
            }
            if cross_bridges.len() > 15 {
                say!(
                    md,
                    lang,
                    "- … and {} more (ties.csv, is_bridge = 1)",
                    "- … et {} autres (ties.csv, is_bridge = 1)",
                    cross_bridges.len() - 15
                );
            }
            let _ = writeln!(md);
        }
    }

    if let Some(c) = f.communities {
        communities_markdown(&mut md, f, view, c, lang);
    }
    if let Some(b) = f.brokerage.filter(|_| view.person_level) {
        champions_markdown(&mut md, f, view, b, lang);
    }
    if let Some(fr) = &view.fragility {
        fragility_markdown(&mut md, view, fr, lang);
    }

    let i = f.input;
    inputs_markdown(&mut md, i, lang);
    left_out_markdown(&mut md, i, lang);
    md
}

/// What was left out of the input, and why.
fn left_out_markdown(md: &mut String, i: &InputCounts, lang: Lang) {
    say!(
        md,
        lang,
        "## What was left out of the input, and why\n",
        "## Ce qui a été écarté des données, et pourquoi\n"
    );
    say!(
        md,
        lang,
        "| what | count | why |",
        "| quoi | nombre | pourquoi |"
    );
    let _ = writeln!(md, "|---|---:|---|");
    say!(
        md,
        lang,
        "| message rows read | {} | |",
        "| lignes de messages lues | {} | |",
        i.ingest.rows_read
    );
    for (rows, rejected) in [
        (("message", "de messages"), &i.rejected),
        (("directory", "de l'annuaire"), &i.directory_rejected),
    ] {
        for (reason, count) in rejected {
            let what = match lang {
                Lang::En => reason.key(),
                Lang::Fr => reason.label_fr(),
            };
            say!(
                md,
                lang,
                "| rejected {} rows: {} | {} | malformed row, skipped (run with --strict to stop on it) |",
                "| lignes {} rejetées : {} | {} | ligne mal formée, ignorée (relancer avec --strict pour s'y arrêter) |",
                lang.pick(rows.0, rows.1),
                what,
                count
            );
        }
    }
    say!(
        md,
        lang,
        "| self-messages | {} | the sender was the only recipient |",
        "| messages à soi-même | {} | l'expéditeur était le seul destinataire |",
        i.weighting.self_messages
    );
    say!(
        md,
        lang,
        "| messages without recipients | {} | nothing to connect |",
        "| messages sans destinataire | {} | rien à relier |",
        i.weighting.without_recipients
    );
    say!(
        md,
        lang,
        "| broadcasts left out | {} | more than {} recipients: a broadcast is not a tie |",
        "| envois de masse écartés | {} | plus de {} destinataires : un envoi de masse n'est pas un lien |",
        i.weighting.broadcasts,
        i.weighting_options.max_recipients
    );
    say!(
        md,
        lang,
        "| messages from outside the directory | {} | external senders are not in the graph |",
        "| messages d'expéditeurs hors annuaire | {} | les expéditeurs externes ne sont pas dans le graphe |",
        i.weighting.from_external
    );
    say!(
        md,
        lang,
        "| messages only to external recipients | {} | no colleague among the recipients |",
        "| messages adressés seulement à des externes | {} | aucun collègue parmi les destinataires |",
        i.weighting.only_external_recipients
    );
    say!(
        md,
        lang,
        "| distinct external addresses | {} | not in the directory: counted in k, left out of the graph |",
        "| adresses externes distinctes | {} | hors annuaire : comptées dans k, absentes du graphe |",
        i.ingest.external_addresses
    );
    for (what, count) in &i.ingest.left_out {
        match lang {
            Lang::En => {
                let _ = writeln!(
                    md,
                    "| left out: {} | {count} | {} |",
                    what.key().replace('_', " "),
                    what.reason()
                );
            }
            Lang::Fr => {
                let _ = writeln!(
                    md,
                    "| écarté : {} | {count} | {} |",
                    what.label_fr(),
                    what.reason_fr()
                );
            }
        }
    }
    if i.ingest.tie_rows > 0 {
        say!(
            md,
            lang,
            "| tie rows read | {} | {} added weight |",
            "| lignes de liens lues | {} | {} ont ajouté du poids |",
            i.ingest.tie_rows,
            i.weighting.tie_rows_used
        );
        for (what, count) in [
            (
                (
                    "tie rows with someone outside the directory",
                    "lignes de liens avec une personne hors annuaire",
                ),
                i.ingest.ties_outside_directory,
            ),
            (
                ("tie rows of weight 0", "lignes de liens de poids 0"),
                i.ingest.zero_weight_ties,
            ),
            (
                (
                    "tie rows from a person to themself",
                    "lignes de liens d'une personne vers elle-même",
                ),
                i.ingest.self_ties,
            ),
        ] {
            if count > 0 {
                say!(
                    md,
                    lang,
                    "| {} | {} | nothing to add |",
                    "| {} | {} | rien à ajouter |",
                    lang.pick(what.0, what.1),
                    count
                );
            }
        }
    }
    if i.weighting.other_channels > 0 {
        say!(
            md,
            lang,
            "| messages of other channels | {} | --channel keeps {} only |",
            "| messages d'autres canaux | {} | --channel ne garde que {} |",
            i.weighting.other_channels,
            i.weighting_options
                .channels
                .kept()
                .unwrap_or_default()
                .join(", ")
        );
    }
    if i.duplicate_directory_rows > 0 {
        say!(
            md,
            lang,
            "| repeated directory rows | {} | merged (same person, same department) |",
            "| lignes d'annuaire répétées | {} | fusionnées (même personne, même direction) |",
            i.duplicate_directory_rows
        );
    }
    if !i.ingest.content_columns_ignored.is_empty() {
        say!(
            md,
            lang,
            "\nColumns that may hold message content were ignored: {}.",
            "\nLes colonnes qui peuvent contenir le texte des messages ont été ignorées : {}.",
            i.ingest.content_columns_ignored.join(", ")
        );
    }
}

/// The weighting rule in words: the 1/k rule of messages, or the sum of a tie input's metric.
fn weighting_rule(i: &InputCounts, lang: Lang) -> String {
    match &i.ingest.tie_metric {
        Some(metric) => tr!(
            lang,
            "a tie's weight is the sum over the weeks of the Viva Insights query's '{metric}', both directions added",
            "le poids d'un lien est la somme sur les semaines de la mesure '{metric}' de la requête Viva Insights, les deux sens additionnés"
        ),
        None => lang.pick(WEIGHTING_RULE, WEIGHTING_RULE_FR).to_string(),
    }
}

/// A delimiter as the table shows it: in backquotes, or a dash for a format without one.
fn shown_delimiter(d: &str, lang: Lang) -> String {
    if d.is_empty() {
        "–".to_string()
    } else {
        let d = match lang {
            Lang::En => d,
            Lang::Fr => crate::ingest::messages::delimiter_fr(d),
        };
        format!("`{d}`")
    }
}

/// How each input was read (format, encoding, the directory's key) and the warnings of the
/// input checks.
fn inputs_markdown(md: &mut String, i: &InputCounts, lang: Lang) {
    say!(
        md,
        lang,
        "## How the inputs were read\n",
        "## Comment les fichiers ont été lus\n"
    );
    say!(
        md,
        lang,
        "| file | read as | encoding | delimiter |",
        "| fichier | lu comme | encodage | séparateur |"
    );
    let _ = writeln!(md, "|---|---|---|---|");
    for d in &i.ingest.files {
        let format = d.format.map_or("", |f| match lang {
            Lang::En => f.description(),
            Lang::Fr => f.description_fr(),
        });
        let _ = writeln!(
            md,
            "| {} | {format} | {} | {} |",
            d.file,
            d.encoding,
            shown_delimiter(&d.delimiter, lang)
        );
    }
    if let Some(d) = &i.directory_file {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} |",
            d.file,
            lang.pick("people directory", "annuaire des personnes"),
            d.encoding,
            shown_delimiter(&d.delimiter, lang)
        );
    }
    let _ = writeln!(md);
    for caveat in i
        .ingest
        .files
        .iter()
        .filter_map(|d| {
            d.format.and_then(|f| match lang {
                Lang::En => f.caveat(),
                Lang::Fr => f.caveat_fr(),
            })
        })
        .collect::<std::collections::BTreeSet<_>>()
    {
        say!(md, lang, "Note: {caveat}.\n", "Remarque : {caveat}.\n");
    }
    if let Some(k) = &i.directory_key
        && let Some(alias) = &k.alias_column
    {
        say!(
            md,
            lang,
            "People are identified by the directory's column '{}', the one the message logs use; '{alias}' is kept as an alias.\n",
            "Les personnes sont identifiées par la colonne '{}' de l'annuaire, celle qu'utilisent les journaux de messages ; '{alias}' est gardée comme alias.\n",
            k.column
        );
    }
    for w in &i.warnings {
        match lang {
            Lang::En => {
                let _ = writeln!(md, "**Warning:** {w}.\n");
            }
            Lang::Fr => {
                let _ = writeln!(md, "**Attention :** {}.\n", w.french());
            }
        }
    }
}

fn communities_markdown(
    md: &mut String,
    f: &Run<'_>,
    view: &View,
    c: crate::analyze::CommunityResults<'_>,
    lang: Lang,
) {
    say!(
        md,
        lang,
        "## Does collaboration follow the org chart?\n",
        "## La collaboration suit-elle l'organigramme ?\n"
    );
    let dq = f.departments.map_or(String::new(), |d| {
        tr!(
            lang,
            "; the departments themselves: {:.3}",
            " ; celle des directions elles-mêmes : {:.3}",
            d.modularity
        )
    });
    say!(
        md,
        lang,
        "{} found {} groups of people who mostly work together (modularity {:.3}{dq}). \
         They match the departments with a normalized mutual information of {:.2} and an adjusted Rand index of {:.2}: \
         **collaboration follows the org chart {}**.\n",
        "{} trouve {} groupes de personnes qui travaillent surtout ensemble (modularité {:.3}{dq}). \
         Ils recoupent les directions avec une information mutuelle normalisée de {:.2} et un indice de Rand ajusté de {:.2} : \
         **la collaboration suit l'organigramme {}**.\n",
        if c.method == "leiden" {
            "Leiden"
        } else {
            "Louvain"
        },
        c.partition.count,
        c.partition.modularity,
        c.agreement.nmi,
        c.agreement.ari,
        lang.pick(
            org_chart_word(c.agreement.nmi),
            org_chart_word_fr(c.agreement.nmi)
        )
    );
    let Some(table) = crate::privacy::crosstab::crosstab(view, view.min_group_size) else {
        return;
    };
    let Some(groups) = &view.communities else {
        return;
    };
    let names = view.department_names();
    let mut mixed = Vec::new();
    for (r, row) in table.counts.iter().enumerate() {
        let size: usize = row.iter().sum();
        if size == 0 || groups.names[r] == OTHER {
            continue;
        }
        // a department counts when it holds 20% of the community and at least the minimum group
        // size; its share is shown only where the crosstab shows the cell
        let mut big: Vec<(usize, usize)> = row
            .iter()
            .enumerate()
            .filter(|&(_, &x)| x >= view.min_group_size && x as f64 >= 0.2 * size as f64)
            .map(|(d, &x)| (x, d))
            .collect();
        if big.len() >= 2 {
            big.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            // a suppressed cell is never named here either (community_departments.csv hides it)
            let mut parts: Vec<String> = big
                .iter()
                .filter(|&&(_, d)| !table.suppressed[r][d])
                .map(|&(x, d)| {
                    tr!(
                        lang,
                        "{} {:.0}%",
                        "{} {:.0}\u{a0}%",
                        lang.group(&names[d]),
                        100.0 * x as f64 / size as f64
                    )
                })
                .collect();
            if big.iter().any(|&(_, d)| table.suppressed[r][d]) {
                parts.push(
                    lang.pick(
                        "departments whose figures are suppressed",
                        "directions dont les chiffres sont masqués",
                    )
                    .to_string(),
                );
            }
            mixed.push(tr!(
                lang,
                "- {} ({} people): {}",
                "- {} ({} personnes) : {}",
                lang.group(&groups.names[r]),
                size,
                parts.join(", ")
            ));
        }
    }
    if mixed.is_empty() {
        say!(
            md,
            lang,
            "No community mixes departments (none has two departments with 20% of its members or more).\n",
            "Aucune communauté ne mêle plusieurs directions (aucune ne compte deux directions qui pèsent chacune au moins 20\u{a0}% de ses membres).\n"
        );
    } else {
        say!(
            md,
            lang,
            "Cross-silo groups (at least two departments with 20% of the members or more each):\n",
            "Groupes transverses aux silos (au moins deux directions qui pèsent chacune au moins 20\u{a0}% des membres) :\n"
        );
        for line in &mixed {
            let _ = writeln!(md, "{line}");
        }
        say!(
            md,
            lang,
            "\nDetails: communities.csv and community_departments.csv.\n",
            "\nDétail : communities.csv et community_departments.csv.\n"
        );
    }
}

fn champions_markdown(
    md: &mut String,
    f: &Run<'_>,
    view: &View,
    b: crate::analyze::BrokerageResults<'_>,
    lang: Lang,
) {
    let g = f.graph;
    let n = g.node_count();
    let Some(between) = b.between_departments else {
        return;
    };
    say!(
        md,
        lang,
        "## The champions: who connects departments\n",
        "## Les passeurs : qui relie les directions\n"
    );
    say!(
        md,
        lang,
        "Ranked by between-department betweenness: the share of shortest paths between people of different departments that pass through them. Brokerage roles (Gould & Fernandez): representative and gatekeeper speak for or open their own department, liaison links two others.\n",
        "Classés par intermédiarité entre directions : la part des plus courts chemins entre personnes de directions différentes qui passent par eux. Rôles d'intermédiaire (Gould & Fernandez) : le représentant et le gardien portent la voix de leur propre direction ou lui ouvrent la porte, l'agent de liaison relie deux autres directions.\n"
    );
    let mut order: Vec<usize> = (0..n).filter(|&v| between[v] > 0.0).collect();
    order.sort_by(|&x, &y| {
        between[y]
            .total_cmp(&between[x])
            .then_with(|| view.person(x as u32).cmp(view.person(y as u32)))
    });
    say!(
        md,
        lang,
        "| person | department | between-department betweenness | weighted | joins | representative | gatekeeper | liaison |",
        "| personne | direction | intermédiarité entre directions | pondérée | relie | représentant | gardien | agent de liaison |"
    );
    let _ = writeln!(md, "|---|---|---:|---:|---|---:|---:|---:|");
    for &v in order.iter().take(10) {
        let own = lang.group(view.department(v as u32));
        let joins: Vec<&str> = view
            .other_departments(g, v as u32)
            .into_iter()
            .map(|d| lang.group(d))
            .collect();
        let r = b.roles[v];
        let _ = writeln!(
            md,
            "| {} | {own} | {:.4} | {} | {} | {} | {} | {} |",
            view.person(v as u32),
            between[v],
            fmt_opt(b.between_departments_weighted.map(|x| x[v]), 4),
            if joins.is_empty() {
                "–".to_string()
            } else {
                joins.join(", ")
            },
            r.representative,
            r.gatekeeper,
            r.liaison
        );
    }
    let _ = writeln!(md);
    let pairs = b.pairs;
    match (pairs.sampled_sources, pairs.error_bound) {
        (Some(k), Some(bound)) => {
            say!(
                md,
                lang,
                "department_brokers.csv names, for each pair of departments, the people who carry most of the shortest paths between them. This organisation is large, so those shares are estimated from {k} sampled people per department: each is within ±{bound:.2} of the exact share with 95% confidence.\n",
                "department_brokers.csv nomme, pour chaque paire de directions, les personnes par qui passent la plupart des plus courts chemins entre elles. L'organisation est grande : ces parts sont estimées à partir de {k} personnes tirées au sort par direction, chacune à ±{bound:.2} près de la part exacte avec une confiance de 95\u{a0}%.\n"
            );
        }
        _ => {
            say!(
                md,
                lang,
                "department_brokers.csv names, for each pair of departments, the people who carry most of the shortest paths between them (exact shares).\n",
                "department_brokers.csv nomme, pour chaque paire de directions, les personnes par qui passent la plupart des plus courts chemins entre elles (parts exactes).\n"
            );
        }
    }
}
fn fragility_markdown(
    md: &mut String,
    view: &View,
    fr: &crate::analyze::fragility::Fragility,
    lang: Lang,
) {
    use crate::report::fragility::is_fragile;
    let names = view.department_names();
    let department = |v: u32| lang.group(view.department(v));
    let one_person = || lang.pick("one person", "une seule personne").to_string();
    say!(
        md,
        lang,
        "## Fragile links between departments\n",
        "## Liens fragiles entre directions\n"
    );
    let fragile: Vec<_> = fr
        .pairs
        .iter()
        .filter(|p| is_fragile(p.sole_spanner.is_some(), p.indirect_paths))
        .collect();
    if fragile.is_empty() {
        say!(
            md,
            lang,
            "No link between two departments rests on a single person.\n",
            "Aucun lien entre deux directions ne repose sur une seule personne.\n"
        );
    } else {
        say!(
            md,
            lang,
            "Links that rest on one person (department_pairs.csv has every pair):\n",
            "Liens qui reposent sur une seule personne (department_pairs.csv donne toutes les paires) :\n"
        );
        for p in fragile.iter().take(15) {
            let (a, b) = (
                lang.group(&names[p.a as usize]),
                lang.group(&names[p.b as usize]),
            );
            let mut why = Vec::new();
            if let Some(v) = p.sole_spanner {
                let who = if view.person_level {
                    view.person(v).to_string()
                } else {
                    one_person()
                };
                why.push(match lang {
                    Lang::En => format!(
                        "all {} direct ties go through {who} ({})",
                        p.direct_ties,
                        department(v)
                    ),
                    Lang::Fr if p.direct_ties == 1 => {
                        format!("le seul lien direct passe par {who} ({})", department(v))
                    }
                    Lang::Fr => format!(
                        "les {} liens directs passent tous par {who} ({})",
                        p.direct_ties,
                        department(v)
                    ),
                });
            }
            if p.indirect_paths == Some(1) {
                let who = match (view.person_level, p.intermediaries.first()) {
                    (true, Some(&v)) => format!("{} ({})", view.person(v), department(v)),
                    _ => one_person(),
                };
                why.push(tr!(
                    lang,
                    "every indirect path goes through {who}",
                    "tous les chemins indirects passent par {who}"
                ));
            }
            say!(
                md,
                lang,
                "- {a} – {b}: {}",
                "- {a} – {b} : {}",
                why.join(lang.pick("; ", " ; "))
            );
        }
        if fragile.len() > 15 {
            say!(
                md,
                lang,
                "- … and {} more (department_pairs.csv, fragile = 1)",
                "- … et {} autres (department_pairs.csv, fragile = 1)",
                fragile.len() - 15
            );
        }
        let _ = writeln!(md);
    }
    if !fr.indirect_computed {
        say!(
            md,
            lang,
            "The indirect links (paths through people of other departments) were not computed: this organisation is above the size limit of that step.\n",
            "Les liens indirects (chemins qui passent par des personnes d'autres directions) n'ont pas été calculés : l'organisation dépasse la taille maximale de cette étape.\n"
        );
    }
    let mut cuts: Vec<_> = fr.cut_offs.iter().filter(|c| c.people >= 1).collect();
    cuts.sort_by(|x, y| {
        y.people
            .cmp(&x.people)
            .then_with(|| view.person(x.person).cmp(view.person(y.person)))
    });
    if !cuts.is_empty() {
        say!(
            md,
            lang,
            "People whose absence would cut colleagues off from the rest of the network:\n",
            "Personnes dont l'absence couperait des collègues du reste du réseau :\n"
        );
        for c in cuts.iter().take(10) {
            let who = if view.person_level {
                view.person(c.person).to_string()
            } else {
                lang.pick("a person", "une personne").to_string()
            };
            let to = lang.group(&names[c.department as usize]);
            let _ = match lang {
                Lang::En => writeln!(
                    md,
                    "- {who} ({}): {} people of {} would be cut off",
                    department(c.person),
                    c.people,
                    to
                ),
                Lang::Fr if c.people == 1 => writeln!(
                    md,
                    "- {who} ({}) : 1 personne de {to} serait isolée",
                    department(c.person)
                ),
                Lang::Fr => writeln!(
                    md,
                    "- {who} ({}) : {} personnes de {to} seraient isolées",
                    department(c.person),
                    c.people
                ),
            };
        }
        let _ = writeln!(md);
    }
}

/// One sentence on what the outputs disclose.
fn privacy_sentence(view: &View, lang: Lang) -> String {
    let who = lang.pick(
        if view.pseudonymized {
            "People appear under keyed pseudonyms (p-…), never by name or address"
        } else {
            "People appear under their real ids (--reveal-identities)"
        },
        if view.pseudonymized {
            "les personnes apparaissent sous des pseudonymes à clé (p-…), jamais sous leur nom ni leur adresse"
        } else {
            "les personnes apparaissent sous leurs vrais identifiants (--reveal-identities)"
        },
    );
    let groups = if view.departments.suppressed > 0 {
        tr!(
            lang,
            "the whole directory is smaller than the minimum group size ({}), so no department figure is shown",
            "l'annuaire entier compte moins de personnes que la taille minimale de groupe ({}) : aucun chiffre par direction n'est montré",
            view.min_group_size
        )
    } else if view.departments.merged > 0 {
        tr!(
            lang,
            "{} department(s) are reported together as \"{}\" (those smaller than {} people, with the smallest others needed for that group to reach the threshold)",
            "{} direction(s) sont regroupées sous « {} » (celles de moins de {} personnes, avec les plus petites des autres qu'il faut pour que ce groupe atteigne le seuil)",
            view.departments.merged,
            lang.group(OTHER),
            view.min_group_size
        )
    } else {
        match lang {
            Lang::En => format!(
                "every department reaches the minimum group size of {}",
                view.min_group_size
            ),
            Lang::Fr => format!(
                "chaque direction atteint la taille minimale de groupe, {}",
                count(
                    lang,
                    view.min_group_size,
                    ("person", "personne"),
                    ("people", "personnes")
                )
            ),
        }
    };
    tr!(
        lang,
        "Privacy: {who}; {groups}.",
        "Confidentialité : {who} ; {groups}."
    )
}

/// Writes summary.md in `lang`.
pub fn write_summary_markdown(out: &OutputDir, f: &Run<'_>, view: &View, lang: Lang) -> Result<()> {
    out.write_bytes("summary.md", summary_markdown(f, view, lang).as_bytes())?;
    Ok(())
}

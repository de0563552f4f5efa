//! summary.json (the counts a script reads) and summary.md (what a consultant reads first: the
//! most closed departments, the strongest and weakest cross-department flows, the people with
//! the highest betweenness, the bridges and cut points that join departments, and what was
//! left out of the input and why).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::error::Result;
use crate::report::atomic::OutputDir;
use crate::report::findings::{Findings, InputCounts};
use crate::report::groups::OTHER;
use crate::report::view::View;

/// The rule users of other tools most often get backwards.
pub const PATH_LENGTH_RULE: &str = "weighted path length = 1 / weight: a strong tie is a short path (weights are strengths, not distances)";
/// The weighting rule.
pub const WEIGHTING_RULE: &str = "a message from s to k recipients adds 1/k to each tie s->r; k counts distinct recipients other than s, external ones included";

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
pub fn write_summary_json(out: &OutputDir, f: &Findings<'_>, view: &View) -> Result<()> {
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
            rule: weighting_rule(i),
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

/// "1 bridge", "3 bridges".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A markdown table of department flows.
fn flows_table<'a>(
    md: &mut String,
    names: &[String],
    flows: impl Iterator<Item = &'a crate::analyze::Flow>,
) {
    let _ = writeln!(
        md,
        "| between | and | weight | ties | weight per possible pair |"
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

/// Renders summary.md.
pub fn summary_markdown(f: &Findings<'_>, view: &View) -> String {
    let g = f.graph;
    let names = view.department_names();
    let n = g.node_count();
    let mut md = String::new();
    let _ = writeln!(md, "# siloscope summary\n");
    let _ = writeln!(
        md,
        "{} people in {} departments; {} ties between them, total weight {:.1}, from {} messages ({} used).\n",
        g.node_count(),
        f.directory.departments().len(),
        g.tie_count(),
        g.total_weight(),
        f.input.ingest.messages,
        f.input.weighting.used
    );
    let rule = weighting_rule(f.input);
    let channels = &f.input.weighting_options.channels;
    let channel_rule = if channels.is_default() {
        String::new()
    } else {
        format!("; {channels}")
    };
    let _ = writeln!(
        md,
        "How to read the figures: {rule}{channel_rule}; {PATH_LENGTH_RULE}.\n"
    );

    let _ = writeln!(md, "{}\n", privacy_sentence(view));

    if let Some(d) = &view.grouped {
        let _ = writeln!(md, "## The most closed departments\n");
        let _ = writeln!(
            md,
            "E-I index on weights: −1 = all exchanges stay inside, +1 = all go outside. Modularity of the department partition: {:.3}.\n",
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
        let _ = writeln!(
            md,
            "| department | people | E-I (weights) | E-I (ties) | internal weight | external weight | people with outside ties |"
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
        let _ = writeln!(md, "## The strongest cross-department flows\n");
        flows_table(&mut md, names, cross.iter().take(5).copied());
        let _ = writeln!(md, "## The weakest cross-department flows\n");
        let mut weak = cross.clone();
        weak.sort_by(|x, y| {
            x.normalized
                .unwrap_or(0.0)
                .total_cmp(&y.normalized.unwrap_or(0.0))
                .then((x.a, x.b).cmp(&(y.a, y.b)))
        });
        flows_table(&mut md, names, weak.iter().take(5).copied());
        let silent: Vec<String> = d
            .flows
            .iter()
            .filter(|fl| fl.a != fl.b && fl.weight == 0.0)
            .map(|fl| format!("{} – {}", names[fl.a as usize], names[fl.b as usize]))
            .collect();
        let pairs = names.len() * names.len().saturating_sub(1) / 2;
        if silent.is_empty() {
            let _ = writeln!(md, "Every pair of departments exchanges directly.\n");
        } else {
            let list = if silent.len() <= 12 {
                format!(": {}", silent.join("; "))
            } else {
                " (see department_flows.csv)".to_string()
            };
            let _ = writeln!(
                md,
                "{} of {} department pairs never exchange directly{list}.\n",
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
        let _ = writeln!(md, "## The people with the highest betweenness\n");
        let _ = writeln!(
            md,
            "The share of shortest paths between other people that pass through them: who connects.\n"
        );
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&x, &y| {
            b[y].total_cmp(&b[x])
                .then_with(|| view.person(x as u32).cmp(view.person(y as u32)))
        });
        let _ = writeln!(
            md,
            "| person | department | betweenness (hops) | betweenness (weighted) | ties to other departments | cut point |"
        );
        let _ = writeln!(md, "|---|---|---:|---:|---:|---|");
        for &v in order.iter().take(10).filter(|&&v| b[v] > 0.0) {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} |",
                view.person(v as u32),
                view.department(v as u32),
                fmt_opt(f.betweenness.map(|x| x[v]), 4),
                fmt_opt(f.betweenness_weighted.map(|x| x[v]), 4),
                f.departments
                    .map_or("–".into(), |d| d.external_ties_of_person[v].to_string()),
                f.structure.map_or("–", |s| if s.is_articulation_point[v] {
                    "yes"
                } else {
                    "no"
                })
            );
        }
        let _ = writeln!(md);
    }

    if let Some(s) = f.structure {
        let _ = writeln!(md, "## Bridges and cut points that join departments\n");
        let _ = writeln!(
            md,
            "{} (largest: {}); {} (ties whose loss splits the network) and {} (people whose absence splits it).\n",
            count(s.components, "component", "components"),
            count(
                s.component_sizes().into_iter().max().unwrap_or(0),
                "person",
                "people"
            ),
            count(s.bridge_count(), "bridge", "bridges"),
            count(s.articulation_point_count(), "cut point", "cut points")
        );
        let mut joining = Vec::new();
        for v in 0..n as u32 {
            if !s.is_articulation_point[v as usize] {
                continue;
            }
            let own = view.department(v);
            let others = view.other_departments(g, v);
            if !others.is_empty() {
                joining.push((view.person(v), own, others.join(", ")));
            }
        }
        joining.sort();
        let joining: Vec<String> = joining
            .into_iter()
            .map(|(who, own, others)| {
                if view.person_level {
                    format!("- {who} links {own} to {others}")
                } else {
                    format!("- a person of {own} links it to {others}")
                }
            })
            .collect();
        if joining.is_empty() {
            let _ = writeln!(md, "No cut point joins two departments.\n");
        } else {
            let _ = writeln!(
                md,
                "Cut points with ties to other departments (single points of failure):\n"
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
                    view.department(a),
                    view.person(b),
                    view.department(b)
                )
            })
            .collect();
        cross_bridges.sort();
        if !cross_bridges.is_empty() {
            let _ = writeln!(md, "Bridges between departments:\n");
            for line in cross_bridges.iter().take(15) {
                let _ = writeln!(md, "{line}");
            }
            if cross_bridges.len() > 15 {
                let _ = writeln!(
                    md,
                    "- … and {} more (ties.csv, is_bridge = 1)",
                    cross_bridges.len() - 15
                );
            }
            let _ = writeln!(md);
        }
    }

    if let Some(c) = f.communities {
        communities_markdown(&mut md, f, view, c);
    }
    if let Some(b) = f.brokerage.filter(|_| view.person_level) {
        champions_markdown(&mut md, f, view, b);
    }
    if let Some(fr) = &view.fragility {
        fragility_markdown(&mut md, view, fr);
    }

    let i = f.input;
    inputs_markdown(&mut md, i);
    let _ = writeln!(md, "## What was left out of the input, and why\n");
    let _ = writeln!(md, "| what | count | why |");
    let _ = writeln!(md, "|---|---:|---|");
    let _ = writeln!(md, "| message rows read | {} | |", i.ingest.rows_read);
    for (reason, count) in &i.rejected {
        let _ = writeln!(
            md,
            "| rejected message rows: {} | {} | malformed row, skipped (run with --strict to stop on it) |",
            reason.key(),
            count
        );
    }
    for (reason, count) in &i.directory_rejected {
        let _ = writeln!(
            md,
            "| rejected directory rows: {} | {} | malformed row, skipped (run with --strict to stop on it) |",
            reason.key(),
            count
        );
    }
    let _ = writeln!(
        md,
        "| self-messages | {} | the sender was the only recipient |",
        i.weighting.self_messages
    );
    let _ = writeln!(
        md,
        "| messages without recipients | {} | nothing to connect |",
        i.weighting.without_recipients
    );
    let _ = writeln!(
        md,
        "| broadcasts left out | {} | more than {} recipients: a broadcast is not a tie |",
        i.weighting.broadcasts, i.weighting_options.max_recipients
    );
    let _ = writeln!(
        md,
        "| messages from outside the directory | {} | external senders are not in the graph |",
        i.weighting.from_external
    );
    let _ = writeln!(
        md,
        "| messages only to external recipients | {} | no colleague among the recipients |",
        i.weighting.only_external_recipients
    );
    let _ = writeln!(
        md,
        "| distinct external addresses | {} | not in the directory: counted in k, left out of the graph |",
        i.ingest.external_addresses
    );
    for (what, count) in &i.ingest.left_out {
        let _ = writeln!(
            md,
            "| left out: {} | {count} | {} |",
            what.key().replace('_', " "),
            what.reason()
        );
    }
    if i.ingest.tie_rows > 0 {
        let _ = writeln!(
            md,
            "| tie rows read | {} | {} added weight |",
            i.ingest.tie_rows, i.weighting.tie_rows_used
        );
        for (what, count) in [
            (
                "tie rows with someone outside the directory",
                i.ingest.ties_outside_directory,
            ),
            ("tie rows of weight 0", i.ingest.zero_weight_ties),
            ("tie rows from a person to themself", i.ingest.self_ties),
        ] {
            if count > 0 {
                let _ = writeln!(md, "| {what} | {count} | nothing to add |");
            }
        }
    }
    if i.weighting.other_channels > 0 {
        let _ = writeln!(
            md,
            "| messages of other channels | {} | --channel keeps {} only |",
            i.weighting.other_channels,
            i.weighting_options
                .channels
                .kept()
                .unwrap_or_default()
                .join(", ")
        );
    }
    if i.duplicate_directory_rows > 0 {
        let _ = writeln!(
            md,
            "| repeated directory rows | {} | merged (same person, same department) |",
            i.duplicate_directory_rows
        );
    }
    if !i.ingest.content_columns_ignored.is_empty() {
        let _ = writeln!(
            md,
            "\nColumns that may hold message content were ignored: {}.",
            i.ingest.content_columns_ignored.join(", ")
        );
    }
    md
}

/// The weighting rule in words: the 1/k rule of messages, or the sum of a tie input's metric.
fn weighting_rule(i: &InputCounts) -> String {
    match &i.ingest.tie_metric {
        Some(metric) => format!(
            "a tie's weight is the sum over the weeks of the Viva Insights query's '{metric}', both directions added"
        ),
        None => WEIGHTING_RULE.to_string(),
    }
}

/// A delimiter as the table shows it: in backquotes, or a dash for a format without one.
fn shown_delimiter(d: &str) -> String {
    if d.is_empty() {
        "–".to_string()
    } else {
        format!("`{d}`")
    }
}

/// How each input was read (format, encoding, the directory's key) and the warnings of the
/// input checks.
fn inputs_markdown(md: &mut String, i: &InputCounts) {
    let _ = writeln!(md, "## How the inputs were read\n");
    let _ = writeln!(md, "| file | read as | encoding | delimiter |");
    let _ = writeln!(md, "|---|---|---|---|");
    for d in &i.ingest.files {
        let format = d.format.map_or("", |f| f.description());
        let _ = writeln!(
            md,
            "| {} | {format} | {} | {} |",
            d.file,
            d.encoding,
            shown_delimiter(&d.delimiter)
        );
    }
    if let Some(d) = &i.directory_file {
        let _ = writeln!(
            md,
            "| {} | people directory | {} | {} |",
            d.file,
            d.encoding,
            shown_delimiter(&d.delimiter)
        );
    }
    let _ = writeln!(md);
    for caveat in i
        .ingest
        .files
        .iter()
        .filter_map(|d| d.format.and_then(|f| f.caveat()))
        .collect::<std::collections::BTreeSet<_>>()
    {
        let _ = writeln!(md, "Note: {caveat}.\n");
    }
    if let Some(k) = &i.directory_key
        && let Some(alias) = &k.alias_column
    {
        let _ = writeln!(
            md,
            "People are identified by the directory's column '{}', the one the message logs use; '{alias}' is kept as an alias.\n",
            k.column
        );
    }
    for w in &i.warnings {
        let _ = writeln!(md, "**Warning:** {w}.\n");
    }
}

fn communities_markdown(
    md: &mut String,
    f: &Findings<'_>,
    view: &View,
    c: crate::report::findings::CommunityFindings<'_>,
) {
    let _ = writeln!(md, "## Does collaboration follow the org chart?\n");
    let dq = f.departments.map_or(String::new(), |d| {
        format!("; the departments themselves: {:.3}", d.modularity)
    });
    let _ = writeln!(
        md,
        "{} found {} groups of people who mostly work together (modularity {:.3}{dq}). \
         They match the departments with a normalized mutual information of {:.2} and an adjusted Rand index of {:.2}: \
         **collaboration follows the org chart {}**.\n",
        if c.method == "leiden" {
            "Leiden"
        } else {
            "Louvain"
        },
        c.partition.count,
        c.partition.modularity,
        c.agreement.nmi,
        c.agreement.ari,
        org_chart_word(c.agreement.nmi)
    );
    let Some(table) = crate::report::communities::crosstab(view, view.min_group_size) else {
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
                .map(|&(x, d)| format!("{} {:.0}%", names[d], 100.0 * x as f64 / size as f64))
                .collect();
            if big.iter().any(|&(_, d)| table.suppressed[r][d]) {
                parts.push("departments whose figures are suppressed".to_string());
            }
            mixed.push(format!(
                "- {} ({} people): {}",
                groups.names[r],
                size,
                parts.join(", ")
            ));
        }
    }
    if mixed.is_empty() {
        let _ = writeln!(
            md,
            "No community mixes departments (none has two departments with 20% of its members or more).\n"
        );
    } else {
        let _ = writeln!(
            md,
            "Cross-silo groups (at least two departments with 20% of the members or more each):\n"
        );
        for line in &mixed {
            let _ = writeln!(md, "{line}");
        }
        let _ = writeln!(
            md,
            "\nDetails: communities.csv and community_departments.csv.\n"
        );
    }
}

fn champions_markdown(
    md: &mut String,
    f: &Findings<'_>,
    view: &View,
    b: crate::report::BrokerageFindings<'_>,
) {
    let g = f.graph;
    let n = g.node_count();
    let Some(between) = b.between_departments else {
        return;
    };
    let _ = writeln!(md, "## The champions: who connects departments\n");
    let _ = writeln!(
        md,
        "Ranked by between-department betweenness: the share of shortest paths between people of different departments that pass through them. Brokerage roles (Gould & Fernandez): representative and gatekeeper speak for or open their own department, liaison links two others.\n"
    );
    let mut order: Vec<usize> = (0..n).filter(|&v| between[v] > 0.0).collect();
    order.sort_by(|&x, &y| {
        between[y]
            .total_cmp(&between[x])
            .then_with(|| view.person(x as u32).cmp(view.person(y as u32)))
    });
    let _ = writeln!(
        md,
        "| person | department | between-department betweenness | weighted | joins | representative | gatekeeper | liaison |"
    );
    let _ = writeln!(md, "|---|---|---:|---:|---|---:|---:|---:|");
    for &v in order.iter().take(10) {
        let own = view.department(v as u32);
        let joins = view.other_departments(g, v as u32);
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
            let _ = writeln!(
                md,
                "department_brokers.csv names, for each pair of departments, the people who carry most of the shortest paths between them. This organisation is large, so those shares are estimated from {k} sampled people per department: each is within ±{bound:.2} of the exact share with 95% confidence.\n"
            );
        }
        _ => {
            let _ = writeln!(
                md,
                "department_brokers.csv names, for each pair of departments, the people who carry most of the shortest paths between them (exact shares).\n"
            );
        }
    }
}
fn fragility_markdown(md: &mut String, view: &View, fr: &crate::analyze::fragility::Fragility) {
    use crate::report::fragility::is_fragile;
    let names = view.department_names();
    let _ = writeln!(md, "## Fragile links between departments\n");
    let fragile: Vec<_> = fr
        .pairs
        .iter()
        .filter(|p| is_fragile(p.sole_spanner.is_some(), p.indirect_paths))
        .collect();
    if fragile.is_empty() {
        let _ = writeln!(
            md,
            "No link between two departments rests on a single person.\n"
        );
    } else {
        let _ = writeln!(
            md,
            "Links that rest on one person (department_pairs.csv has every pair):\n"
        );
        for p in fragile.iter().take(15) {
            let (a, b) = (&names[p.a as usize], &names[p.b as usize]);
            let mut why = Vec::new();
            if let Some(v) = p.sole_spanner {
                let who = if view.person_level {
                    view.person(v).to_string()
                } else {
                    "one person".into()
                };
                why.push(format!(
                    "all {} direct ties go through {who} ({})",
                    p.direct_ties,
                    view.department(v)
                ));
            }
            if p.indirect_paths == Some(1) {
                let who = match (view.person_level, p.intermediaries.first()) {
                    (true, Some(&v)) => format!("{} ({})", view.person(v), view.department(v)),
                    _ => "one person".into(),
                };
                why.push(format!("every indirect path goes through {who}"));
            }
            let _ = writeln!(md, "- {a} – {b}: {}", why.join("; "));
        }
        if fragile.len() > 15 {
            let _ = writeln!(
                md,
                "- … and {} more (department_pairs.csv, fragile = 1)",
                fragile.len() - 15
            );
        }
        let _ = writeln!(md);
    }
    if !fr.indirect_computed {
        let _ = writeln!(
            md,
            "The indirect links (paths through people of other departments) were not computed: this organisation is above the size limit of that step.\n"
        );
    }
    let mut cuts: Vec<_> = fr.cut_offs.iter().filter(|c| c.people >= 1).collect();
    cuts.sort_by(|x, y| {
        y.people
            .cmp(&x.people)
            .then_with(|| view.person(x.person).cmp(view.person(y.person)))
    });
    if !cuts.is_empty() {
        let _ = writeln!(
            md,
            "People whose absence would cut colleagues off from the rest of the network:\n"
        );
        for c in cuts.iter().take(10) {
            let who = if view.person_level {
                view.person(c.person).to_string()
            } else {
                "a person".into()
            };
            let _ = writeln!(
                md,
                "- {who} ({}): {} people of {} would be cut off",
                view.department(c.person),
                c.people,
                names[c.department as usize]
            );
        }
        let _ = writeln!(md);
    }
}

/// One sentence on what the outputs disclose.
fn privacy_sentence(view: &View) -> String {
    let who = if view.pseudonymized {
        "People appear under keyed pseudonyms (p-…), never by name or address"
    } else {
        "People appear under their real ids (--reveal-identities)"
    };
    let groups = if view.departments.suppressed > 0 {
        format!(
            "the whole directory is smaller than the minimum group size ({}), so no department figure is shown",
            view.min_group_size
        )
    } else if view.departments.merged > 0 {
        format!(
            "{} department(s) are reported together as \"{OTHER}\" (those smaller than {} people, with the smallest others needed for that group to reach the threshold)",
            view.departments.merged, view.min_group_size
        )
    } else {
        format!(
            "every department reaches the minimum group size of {}",
            view.min_group_size
        )
    };
    format!("Privacy: {who}; {groups}.")
}

/// Writes summary.md.
pub fn write_summary_markdown(out: &OutputDir, f: &Findings<'_>, view: &View) -> Result<()> {
    out.write_bytes("summary.md", summary_markdown(f, view).as_bytes())?;
    Ok(())
}

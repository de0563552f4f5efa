//! summary.json: the counts a script reads, and the findings exactly as summary.md and
//! report.html render them (`findings`), so that a slide generator reads the same story.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analyze::Run;
use crate::error::Result;
use crate::privacy::findings::{Findings, org_chart_word};
use crate::privacy::view::View;
use crate::report::atomic::OutputDir;
use crate::report::inputs_md::{PATH_LENGTH_RULE, weighting_rule};
use crate::report::lang::Lang;

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
    findings: &'a Findings,
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
    period: Option<PeriodAsked>,
}

/// `--since`, `--until` (unix seconds, the first included, the second excluded) and the zone.
#[derive(Serialize)]
struct PeriodAsked {
    since: Option<i64>,
    until: Option<i64>,
    timezone: &'static str,
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
    messages_outside_period: u64,
    messages_undated: u64,
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
    people_moved_department: Option<usize>,
}

/// Writes summary.json.
pub fn write_summary_json(
    out: &OutputDir,
    f: &Run<'_>,
    view: &View,
    findings: &Findings,
) -> Result<()> {
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
            period: i.weighting_options.period.map(|p| PeriodAsked {
                since: p.from,
                until: p.to,
                timezone: p.timezone.name(),
            }),
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
            messages_outside_period: i.weighting.outside_period,
            messages_undated: i.weighting.undated,
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
            people_moved_department: i.people_moved,
        },
        findings,
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

//! The text `siloscope check` prints: how each input was read (format, encoding, delimiter,
//! columns, the directory's key) and what was counted, with no value of the inputs (addresses,
//! names) ever shown. It renders what ingest found; it computes nothing.

use std::fmt::Write;

use crate::graph::WeightingCounts;
use crate::graph::meaningful::InputWarning;
use crate::ingest::{Directory, IngestCounts, InputDescription, Rejects};

/// What `check` reports on.
#[derive(Debug, Clone, Copy)]
pub struct CheckFacts<'a> {
    /// The directory read.
    pub directory: &'a Directory,
    /// What the message reader saw.
    pub counts: &'a IngestCounts,
    /// Rejected message rows.
    pub rejects: &'a Rejects,
    /// Rejected directory rows.
    pub directory_rejects: &'a Rejects,
    /// What the weighting did.
    pub weighting: &'a WeightingCounts,
    /// The recipient cap.
    pub max_recipients: usize,
    /// The channel rule.
    pub channels: &'a crate::graph::ChannelWeights,
    /// Ties of the graph.
    pub ties: usize,
    /// Warnings.
    pub warnings: &'a [InputWarning],
}

fn describe(out: &mut String, d: &InputDescription) {
    let _ = writeln!(out, "  encoding   {}", encoding_line(d));
    if !d.delimiter.is_empty() {
        let _ = writeln!(out, "  delimiter  {}", d.delimiter);
    }
    let columns: Vec<String> = d
        .columns
        .iter()
        .map(|(field, header)| format!("{field} <- {header}"))
        .collect();
    let _ = writeln!(out, "  columns    {}", columns.join(", "));
}

fn encoding_line(d: &InputDescription) -> String {
    use crate::ingest::decode::EncodingReason as R;
    let why = match d.encoding_reason {
        R::ByteOrderMark => "byte order mark",
        R::ZeroBytePattern => "no byte order mark; zero bytes of UTF-16 text",
        R::NotUtf8 => "the first 64 KiB are not valid UTF-8",
        R::ValidUtf8 => "valid UTF-8",
        R::Forced => "forced by option",
    };
    format!("{} ({why})", d.encoding)
}

fn rejected(out: &mut String, what: &str, rejects: &Rejects) {
    let _ = writeln!(out, "  rejected {what} rows: {}", rejects.total());
    for (reason, count) in rejects.counts() {
        let _ = writeln!(out, "    {count} x {}", reason.key());
    }
    for row in rejects.samples() {
        let _ = writeln!(out, "    e.g. {row}");
    }
}

fn time(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| t.to_string())
}

/// The report, as printed on standard output.
pub fn render_check(f: &CheckFacts<'_>) -> String {
    let mut out = String::new();
    let c = f.counts;
    for d in &c.files {
        let _ = writeln!(out, "Message log {}", d.file);
        if let Some(format) = d.format {
            let _ = writeln!(
                out,
                "  format     {}: {}",
                format.key(),
                format.description()
            );
            if let Some(caveat) = format.caveat() {
                let _ = writeln!(out, "  note       {caveat}");
            }
        }
        describe(&mut out, d);
    }
    if !c.content_columns_ignored.is_empty() {
        let _ = writeln!(
            out,
            "  ignored    {} (may hold message content: never read)",
            c.content_columns_ignored.join(", ")
        );
    }
    let dir = f.directory;
    if let Some(d) = dir.description() {
        let _ = writeln!(out, "Directory {}", d.file);
        describe(&mut out, d);
    }
    if let Some(k) = dir.key() {
        let alias = match (&k.alias_column, k.alias_matched) {
            (Some(a), Some(m)) => format!("; '{a}' holds {m}, kept as an alias"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "  key        '{}' ({} of {} sampled senders found{alias})",
            k.column, k.matched, k.sampled_senders
        );
    }
    if !dir.extra_columns().is_empty() {
        let _ = writeln!(
            out,
            "  other      {} (kept, not analysed)",
            dir.extra_columns().join(", ")
        );
    }
    let w = f.weighting;
    let _ = writeln!(out, "Counts");
    let _ = writeln!(out, "  message rows read: {}", c.rows_read);
    if c.per_recipient_rows > 0 {
        let _ = writeln!(
            out,
            "  per-recipient rows grouped into messages: {}",
            c.per_recipient_rows
        );
    }
    for (what, count) in &c.left_out {
        let _ = writeln!(
            out,
            "  left out, {}: {count} ({})",
            what.key().replace('_', " "),
            what.reason()
        );
    }
    let _ = writeln!(out, "  messages: {}", c.messages);
    if c.tie_rows > 0 {
        let _ = writeln!(
            out,
            "  tie rows: {} (weight from '{}'; outside the directory: {}; weight 0: {}; to oneself: {})",
            c.tie_rows,
            c.tie_metric.as_deref().unwrap_or(""),
            c.ties_outside_directory,
            c.zero_weight_ties,
            c.self_ties
        );
    }
    rejected(&mut out, "message", f.rejects);
    rejected(&mut out, "directory", f.directory_rejects);
    let _ = writeln!(
        out,
        "  people in the directory: {} ({} departments; {} appear in the messages)",
        dir.people().len(),
        dir.departments().len(),
        c.people_seen
    );
    if dir.duplicate_rows() > 0 {
        let _ = writeln!(
            out,
            "  repeated directory rows merged: {}",
            dir.duplicate_rows()
        );
    }
    let _ = writeln!(
        out,
        "  senders: {} in the directory, {} outside it (messages from outside: {})",
        c.distinct_directory_senders, c.distinct_external_senders, c.external_senders
    );
    let _ = writeln!(
        out,
        "  external addresses (senders and recipients): {}",
        c.external_addresses
    );
    match c.time_span {
        Some((a, b)) => {
            let _ = writeln!(out, "  time span: {} .. {}", time(a), time(b));
        }
        None => {
            let _ = writeln!(out, "  time span: no timestamp");
        }
    }
    let _ = writeln!(
        out,
        "  messages used: {} (left out: {}{} self-messages, {} without recipients, {} broadcasts over {} recipients, {} from outside the directory, {} only to external recipients, {} of other channels)",
        w.used,
        w.period_left_out(),
        w.self_messages,
        w.without_recipients,
        w.broadcasts,
        f.max_recipients,
        w.from_external,
        w.only_external_recipients,
        w.other_channels
    );
    let _ = writeln!(out, "  weighting: {}", f.channels);
    let _ = writeln!(out, "  ties between people: {}", f.ties);
    for warning in f.warnings {
        let _ = writeln!(out, "Warning: {warning}");
    }
    let _ = writeln!(
        out,
        "Ready: `siloscope analyze` with the same options reads these inputs as above."
    );
    out
}

/// The text `check` prints for a Viva Insights group-to-group query.
pub fn render_group_check(flows: &crate::ingest::formats::GroupFlows, rejects: &Rejects) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Message log {}", flows.description.file);
    if let Some(format) = flows.description.format {
        let _ = writeln!(
            out,
            "  format     {}: {}",
            format.key(),
            format.description()
        );
        if let Some(caveat) = format.caveat() {
            let _ = writeln!(out, "  note       {caveat}");
        }
    }
    describe(&mut out, &flows.description);
    let _ = writeln!(out, "Counts");
    let _ = writeln!(out, "  rows read: {}", flows.rows);
    rejected(&mut out, "query", rejects);
    let known = flows.sizes.iter().filter(|s| s.is_some()).count();
    let _ = writeln!(
        out,
        "  groups: {} (by '{}'; sizes known for {known})",
        flows.names.len(),
        flows.attribute
    );
    let pairs = flows.flows.iter().filter(|&&u| u > 0).count();
    let _ = writeln!(out, "  directed pairs of groups with a flow: {pairs}");
    match flows.time_span {
        Some((a, b)) => {
            let _ = writeln!(out, "  time span: {} .. {}", time(a), time(b));
        }
        None => {
            let _ = writeln!(out, "  time span: no date");
        }
    }
    let _ = writeln!(
        out,
        "Ready: `siloscope analyze` with the same options gives a department-level analysis of these groups."
    );
    out
}

//! Microsoft Viva Insights group-to-group query: one row per directed pair of groups and week,
//! `PrimaryCollaborator_<attr>, PrimaryCollaborator_GroupSize, SecondaryCollaborator_<attr>,
//! SecondaryCollaborator_GroupSize, MetricDate, Group_collaboration_time_invested, ...` (the
//! older Workplace Analytics form says `TimeInvestors_<attr>` / `Collaborators_<attr>` and has
//! no group size). It names no person: it is read as flows between groups, for a
//! department-level analysis only. The flow a→b is the sum over the weeks of one metric
//! (`Group_collaboration_time_invested` by default, `--map weight=COLUMN` for another), exact
//! to 12 decimals; a group's size is the one of its latest week.

use rustc_hash::FxHashMap;

use crate::error::{Error, InputName, Result};
use crate::ingest::columns::FieldMapping;
use crate::ingest::messages::{InputDescription, delimiter_name};
use crate::ingest::rejects::{RejectReason, Rejects};
use crate::ingest::source::{CsvInput, OpenOptions};
use crate::ingest::ties::decimal_units;
use crate::ingest::time::{DateFormat, parse_timestamp};
use crate::progress::Progress;

const SOURCE_PREFIXES: [&str; 2] = ["primarycollaborator_", "timeinvestors_"];
const TARGET_PREFIXES: [&str; 2] = ["secondarycollaborator_", "collaborators_"];
const DATE: [&str; 2] = ["metricdate", "date"];
const METRICS: [&str; 2] = ["group_collaboration_time_invested", "collaboration_hours"];
const SIZE: &str = "groupsize";

fn key(header: &str) -> String {
    header.trim().to_lowercase().replace(' ', "_")
}

fn attribute(prefixes: &[&str], k: &str) -> Option<String> {
    prefixes
        .iter()
        .find_map(|p| k.strip_prefix(p))
        .filter(|a| *a != SIZE && *a != "personid")
        .map(str::to_string)
}

/// True when a header is a Viva group-to-group query's: group attributes on both sides and no
/// person id.
pub fn is_group_to_group(headers: &[String]) -> bool {
    let keys: Vec<String> = headers.iter().map(|h| key(h)).collect();
    let persons = keys.iter().any(|k| k.ends_with("_personid"));
    let has_size = keys.iter().any(|k| k.ends_with("_groupsize"));
    let legacy = keys.iter().any(|k| k.starts_with("timeinvestors_"))
        && keys.iter().any(|k| k.starts_with("collaborators_"));
    !persons
        && (has_size || legacy)
        && keys
            .iter()
            .any(|k| attribute(&SOURCE_PREFIXES, k).is_some())
}

/// Flows between groups read from a group-to-group query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupFlows {
    /// The grouping attribute (`Organization`...), as its header writes it.
    pub attribute: String,
    /// The metric summed into the flows, as its header writes it.
    pub metric: String,
    /// Group names, sorted.
    pub names: Vec<String>,
    /// Each group's size (latest week), when the query gives it.
    pub sizes: Vec<Option<u64>>,
    /// Directed flows in units of 10^-12: `flows[a * names.len() + b]` is a → b.
    pub flows: Vec<u128>,
    /// Data rows read, rejected ones included.
    pub rows: u64,
    /// Earliest and latest week, Unix seconds.
    pub time_span: Option<(i64, i64)>,
    /// How the file was read.
    pub description: InputDescription,
}

/// Reads a group-to-group query whole (its size is groups² × weeks rows at most). Rejected
/// rows go to `rejects`. O(rows) time, O(groups²) memory.
pub fn read_group_query(
    name: &InputName,
    open: OpenOptions,
    mapping: &FieldMapping,
    rejects: &mut Rejects,
    progress: &dyn Progress,
) -> Result<GroupFlows> {
    let mut input = CsvInput::open(
        name,
        open,
        "PrimaryCollaborator_Organization,SecondaryCollaborator_Organization,MetricDate,Group_collaboration_time_invested",
    )?;
    let keys: Vec<String> = input.headers.iter().map(|h| key(h)).collect();
    let wanted = mapping.column("department").map(key);
    let pick = |prefixes: &[&str]| -> Option<usize> {
        let candidates: Vec<usize> = (0..keys.len())
            .filter(|&i| attribute(prefixes, &keys[i]).is_some())
            .collect();
        match &wanted {
            Some(w) => candidates.into_iter().find(|&i| {
                let a = attribute(prefixes, &keys[i]).unwrap_or_default();
                a == *w
                    || keys[i] == *w
                    || SOURCE_PREFIXES
                        .iter()
                        .any(|p| w.strip_prefix(p) == Some(a.as_str()))
            }),
            None => candidates
                .iter()
                .copied()
                .find(|&i| attribute(prefixes, &keys[i]).as_deref() == Some("organization"))
                .or(candidates.first().copied()),
        }
    };
    let missing = |field: &'static str, synonyms: String| Error::MissingColumn {
        file: name.clone(),
        field,
        synonyms,
        found: input.found_headers(),
    };
    let source = pick(&SOURCE_PREFIXES).ok_or_else(|| {
        missing(
            "department",
            "PrimaryCollaborator_<attribute> (--map department=ATTRIBUTE)".into(),
        )
    })?;
    let attr = attribute(&SOURCE_PREFIXES, &keys[source]).unwrap_or_default();
    let target = (0..keys.len())
        .find(|&i| attribute(&TARGET_PREFIXES, &keys[i]).as_deref() == Some(attr.as_str()))
        .ok_or_else(|| missing("department", format!("SecondaryCollaborator_{attr}")))?;
    let size_of = |prefixes: &[&str]| {
        (0..keys.len()).find(|&i| prefixes.iter().any(|p| keys[i] == format!("{p}{SIZE}")))
    };
    let (source_size, target_size) = (size_of(&SOURCE_PREFIXES), size_of(&TARGET_PREFIXES));
    let date = DATE.iter().find_map(|d| keys.iter().position(|k| k == d));
    let weight = match mapping.column("weight") {
        Some(c) => keys.iter().position(|k| *k == key(c)),
        None => METRICS
            .iter()
            .find_map(|m| keys.iter().position(|k| k == m)),
    }
    .ok_or_else(|| missing("weight", METRICS.join(", ")))?;

    let mut index: FxHashMap<String, usize> = FxHashMap::default();
    let mut names: Vec<String> = Vec::new();
    let mut sizes: Vec<Option<(Option<i64>, u64)>> = Vec::new();
    let mut raw: FxHashMap<(usize, usize), u128> = FxHashMap::default();
    let mut time_span: Option<(i64, i64)> = None;
    let mut intern =
        |n: &str, names: &mut Vec<String>, sizes: &mut Vec<Option<(Option<i64>, u64)>>| {
            *index.entry(n.to_string()).or_insert_with(|| {
                names.push(n.to_string());
                sizes.push(None);
                names.len() - 1
            })
        };
    let rows = input.for_each_row(rejects, progress, |row| {
        let a = match row.text(source) {
            Ok(t) => t.trim(),
            Err(r) => return Ok(Err(r)),
        };
        let b = match row.text(target) {
            Ok(t) => t.trim(),
            Err(r) => return Ok(Err(r)),
        };
        if a.is_empty() || b.is_empty() {
            return Ok(Err(row.reject(
                RejectReason::EmptyDepartment,
                Some(if a.is_empty() { source } else { target }),
                "expected the group's name, found an empty field".into(),
            )));
        }
        let week = match date {
            Some(c) => {
                let text = row.text(c).unwrap_or("");
                match parse_timestamp(text, &DateFormat::Iso)
                    .or_else(|_| parse_timestamp(text, &DateFormat::MonthFirst))
                {
                    Ok(t) => t,
                    Err(_) => {
                        return Ok(Err(row.reject(
                            RejectReason::BadTimestamp,
                            Some(c),
                            "expected the week's date, like 2024-03-04 or 3/4/2024".into(),
                        )));
                    }
                }
            }
            None => None,
        };
        let text = row.text(weight).unwrap_or("");
        let units = if text.trim().is_empty() {
            0
        } else {
            match decimal_units(text) {
                Some(u) => u,
                None => {
                    return Ok(Err(row.reject(
                        RejectReason::BadWeight,
                        Some(weight),
                        format!(
                            "expected a number of at least 0 such as 12.5, found a value shaped '{}'",
                            crate::ingest::shape_of(text)
                        ),
                    )));
                }
            }
        };
        let (ia, ib) = (
            intern(a, &mut names, &mut sizes),
            intern(b, &mut names, &mut sizes),
        );
        *raw.entry((ia, ib)).or_default() += units;
        if let Some(t) = week {
            time_span = Some(time_span.map_or((t, t), |(x, y)| (x.min(t), y.max(t))));
        }
        for (group, column) in [(ia, source_size), (ib, target_size)] {
            let Some(c) = column else { continue };
            let Some(size) = row.text(c).ok().and_then(|t| t.trim().parse::<u64>().ok()) else {
                continue;
            };
            let newer = sizes[group].is_none_or(|(w, s)| (week, size) > (w, s));
            if newer {
                sizes[group] = Some((week, size));
            }
        }
        Ok(Ok(()))
    })?;
    // sorted names, so that the row order never reaches the outputs
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|&x, &y| names[x].cmp(&names[y]));
    let mut rank = vec![0usize; names.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    let count = names.len();
    let mut flows = vec![0u128; count * count];
    for ((a, b), u) in raw {
        flows[rank[a] * count + rank[b]] += u;
    }
    let description = InputDescription {
        file: name.to_string(),
        format: Some(crate::ingest::format::InputFormat::VivaGroupToGroup),
        encoding: input.encoding.name(),
        encoding_reason: input.encoding.reason,
        delimiter: delimiter_name(input.delimiter),
        columns: [
            Some(("group", source)),
            Some(("group_target", target)),
            Some(("weight", weight)),
            source_size.map(|c| ("group_size", c)),
            date.map(|c| ("timestamp", c)),
        ]
        .into_iter()
        .flatten()
        .map(|(f, c)| (f.to_string(), input.headers[c].clone()))
        .collect(),
    };
    Ok(GroupFlows {
        attribute: input.headers[source].clone(),
        metric: input.headers[weight].clone(),
        names: order.iter().map(|&i| names[i].clone()).collect(),
        sizes: order.iter().map(|&i| sizes[i].map(|(_, s)| s)).collect(),
        flows,
        rows,
        time_span,
        description,
    })
}

/// True when `name` is a file whose header is a Viva group-to-group query's (reads the header
/// only).
pub fn probe_group_query(name: &InputName, open: OpenOptions) -> Result<bool> {
    if !matches!(name, InputName::Path(p) if p.is_file()) {
        return Ok(false); // a folder holds another export
    }
    match CsvInput::open(
        name,
        open,
        "PrimaryCollaborator_Organization,SecondaryCollaborator_Organization",
    ) {
        Ok(input) => Ok(is_group_to_group(&input.headers)),
        // an empty file is no query: the message reader says so, with a message log's header
        Err(Error::EmptyFile { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::NoProgress;

    #[test]
    fn flows_sum_over_weeks_and_sizes_are_the_latest() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("g2g.csv");
        std::fs::write(
            &p,
            "PrimaryCollaborator_Organization,PrimaryCollaborator_GroupSize,SecondaryCollaborator_Organization,SecondaryCollaborator_GroupSize,MetricDate,Group_collaboration_time_invested\n\
Ventes,10,Finance,6,3/4/2024,1.5\n\
Finance,6,Ventes,10,3/4/2024,0.5\n\
Ventes,12,Finance,6,3/11/2024,2.25\n\
Ventes,12,Ventes,12,3/11/2024,7\n",
        )
        .unwrap();
        let g = read_group_query(
            &InputName::Path(p),
            OpenOptions::default(),
            &FieldMapping::default(),
            &mut Rejects::new(true),
            &NoProgress,
        )
        .unwrap();
        assert_eq!(g.names, ["Finance", "Ventes"]);
        assert_eq!(g.sizes, [Some(6), Some(12)]);
        let u = 10u128.pow(12);
        // Finance → Ventes 0.5; Ventes → Finance 1.5 + 2.25; Ventes → Ventes 7
        assert_eq!(g.flows, vec![0, u / 2, 3 * u + u * 3 / 4, 7 * u]);
        assert_eq!(g.attribute, "PrimaryCollaborator_Organization");
        assert!(is_group_to_group(&[
            "TimeInvestors_Organization".into(),
            "Collaborators_Organization".into(),
            "Date".into(),
            "Collaboration_hours".into()
        ]));
        assert!(!is_group_to_group(&[
            "PrimaryCollaborator_PersonId".into(),
            "SecondaryCollaborator_PersonId".into(),
            "PrimaryCollaborator_Organization".into()
        ]));
    }
}

//! Microsoft Viva Insights person-to-person query: one row per directed pair of people and
//! week, `PrimaryCollaborator_PersonId, SecondaryCollaborator_PersonId, MetricDate,
//! Strong_tie_score, ...`, with HR attributes as `PrimaryCollaborator_<attr>` (the legacy form
//! says `TieOrigin_` / `TieDestination_`; headers come with underscores or, as downloaded,
//! spaces). It is read as ties, not messages: the tie weight is the sum over the weeks of one
//! metric (`Strong_tie_score` by default, `--map weight=COLUMN` for another), in both
//! directions. Without `--people`, the directory is taken from the query's own attribute
//! columns ([`directory_from_query`]).

use rustc_hash::FxHashMap;

use super::tie_rows::{DateReading, TieNames, key, position};
use crate::error::{Error, InputName, Result};
use crate::ingest::address::normalize;
use crate::ingest::columns::FieldMapping;
use crate::ingest::directory::Directory;
use crate::ingest::rejects::Rejects;
use crate::ingest::source::{CsvInput, OpenOptions};
use crate::ingest::time::{DateFormat, parse_timestamp};
use crate::progress::NoProgress;

const SOURCE: [&str; 2] = ["primarycollaborator_personid", "tieorigin_personid"];
const TARGET: [&str; 2] = ["secondarycollaborator_personid", "tiedestination_personid"];
const SOURCE_PREFIXES: [&str; 2] = ["primarycollaborator_", "tieorigin_"];
const TARGET_PREFIXES: [&str; 2] = ["secondarycollaborator_", "tiedestination_"];
const DATE: [&str; 2] = ["metricdate", "date"];
/// Metrics taken as the tie weight when `--map weight=` names none, best first.
const METRICS: [&str; 3] = ["strong_tie_score", "collaboration_hours", "weight"];
/// The attribute taken as the department when `--map department=` names none.
const DEPARTMENT_ATTRIBUTE: &str = "organization";

/// True when a header is a Viva person-to-person query's.
pub fn is_person_to_person(headers: &[String]) -> bool {
    position(headers, &SOURCE).is_some() && position(headers, &TARGET).is_some()
}

/// The columns of a person-to-person query: the two person ids, the week and the weight
/// metric; an empty metric is a weight of 0.
pub const NAMES: TieNames = TieNames {
    source: &SOURCE,
    target: &TARGET,
    date: &DATE,
    weight: &METRICS,
    channel: &[],
    default_channel: None,
    date_reading: DateReading::VivaWeek,
    empty_weight_is_zero: true,
};

/// Viva's MetricDate, as the directory reads it (ISO or month first; unreadable: undated).
fn metric_date(text: &str) -> Option<i64> {
    parse_timestamp(text, &DateFormat::Iso)
        .or_else(|_| parse_timestamp(text, &DateFormat::MonthFirst))
        .unwrap_or(None)
}

/// One person as the query describes them, with the week the description is from.
struct Described {
    week: Option<i64>,
    values: Vec<String>,
}

/// The directory a person-to-person query carries: every person id of either side, with its
/// `PrimaryCollaborator_<attr>` / `SecondaryCollaborator_<attr>` values (those of the latest
/// week when they change, so that the result does not depend on the row order; on the same
/// week, the greatest values). The department is the `Organization` attribute, or the one
/// `--map department=ATTRIBUTE` names. O(rows) time, O(people) memory.
pub fn directory_from_query(
    name: &InputName,
    open: OpenOptions,
    mapping: &FieldMapping,
    rejects: &mut Rejects,
) -> Result<Directory> {
    let mut input = CsvInput::open(
        name,
        open,
        "PrimaryCollaborator_PersonId,SecondaryCollaborator_PersonId,MetricDate",
    )?;
    if !is_person_to_person(&input.headers) {
        return Err(Error::WrongInput {
            file: name.clone(),
            given_as: "--messages without --people",
            looks_like: "no Viva Insights person-to-person query (no PrimaryCollaborator_PersonId column)",
            hint: "only a Viva query carries its own directory: give the HR directory with --people",
        });
    }
    let keys: Vec<String> = input.headers.iter().map(|h| key(h)).collect();
    // attribute names present on both sides, in header order of the primary side
    let attribute_of = |prefixes: &[&str], k: &str| {
        prefixes
            .iter()
            .find_map(|p| k.strip_prefix(p))
            .filter(|a| *a != "personid")
            .map(str::to_string)
    };
    let mut attributes: Vec<String> = Vec::new();
    let mut source_cols: Vec<usize> = Vec::new();
    let mut target_cols: Vec<usize> = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        if let Some(a) = attribute_of(&SOURCE_PREFIXES, k)
            && let Some(j) = keys
                .iter()
                .position(|t| attribute_of(&TARGET_PREFIXES, t).as_deref() == Some(a.as_str()))
        {
            attributes.push(a);
            source_cols.push(i);
            target_cols.push(j);
        }
    }
    let wanted = mapping
        .column("department")
        .map(|d| {
            let d = key(d);
            SOURCE_PREFIXES
                .iter()
                .find_map(|p| d.strip_prefix(p).map(str::to_string))
                .unwrap_or(d)
        })
        .unwrap_or_else(|| DEPARTMENT_ATTRIBUTE.to_string());
    let Some(department) = attributes.iter().position(|a| *a == wanted) else {
        return Err(Error::MissingColumn {
            file: name.clone(),
            field: "department",
            synonyms: format!(
                "PrimaryCollaborator_{wanted} (choose another with --map department=ATTRIBUTE)"
            ),
            found: input.found_headers(),
        });
    };
    let source = position(&input.headers, &SOURCE).expect("checked above");
    let target = position(&input.headers, &TARGET).expect("checked above");
    let date = position(&input.headers, &DATE);
    let mut people: FxHashMap<String, Described> = FxHashMap::default();
    input.for_each_row(rejects, &NoProgress, |row| {
        let week = match date {
            Some(c) => metric_date(row.text(c).unwrap_or("")),
            None => None,
        };
        for (id_col, cols) in [(source, &source_cols), (target, &target_cols)] {
            let Ok(id) = row.text(id_col) else { continue };
            let id = normalize(id);
            if id.is_empty() {
                continue;
            }
            let values: Vec<String> = cols
                .iter()
                .map(|&c| String::from_utf8_lossy(row.bytes(c)).trim().to_string())
                .collect();
            let newer = |d: &Described| (week, &values) > (d.week, &d.values);
            match people.get_mut(&id) {
                Some(d) if newer(d) => {
                    d.week = week;
                    d.values = values;
                }
                Some(_) => {}
                None => {
                    people.insert(id, Described { week, values });
                }
            }
        }
        Ok(Ok(()))
    })?;
    let mut records: Vec<(String, String, Vec<String>)> = Vec::with_capacity(people.len());
    for (id, d) in people {
        let dept = d.values[department].clone();
        let dept = if dept.is_empty() {
            "(no value)".to_string()
        } else {
            dept
        };
        records.push((id, dept, d.values));
    }
    let extra: Vec<String> = source_cols
        .iter()
        .map(|&c| input.headers[c].clone())
        .collect();
    Directory::from_records(name, records, extra)
}

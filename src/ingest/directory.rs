//! The people directory (HR export): who exists and in which department. Its people are the
//! nodes of the graph, isolated ones included; addresses not in it are *external*.
//!
//! With an `effective_date` column the rows are HR snapshots (one row per person and date):
//! a person may change department over time, and [`Directory::department_at`] tells which
//! department was theirs at a date.

mod address_index;
mod history;

use rustc_hash::{FxHashMap, FxHashSet};

use address_index::AddressIndex;
use serde::Serialize;

use crate::error::{Error, InputName, Result};
use crate::ingest::address::{addresses, normalize};
use crate::ingest::columns::{FieldMapping, locate, people_fields as pf};
use crate::ingest::format::{HeaderKind, classify};
use crate::ingest::messages::{InputDescription, delimiter_name, shape_of};
use crate::ingest::rejects::{RejectReason, RejectedRow, Rejects};
use crate::ingest::source::{CsvInput, OpenOptions, Row};
use crate::ingest::time::{EXPECTED_DATE, parse_date};
use crate::progress::NoProgress;

use history::History;
pub use history::Move;

/// One person of the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Normalized id (trimmed, lowercase): the value of the key column.
    pub id: String,
    /// Index into [`Directory::departments`]. With snapshots (an `effective_date` column), the
    /// department of the person's latest one; [`Directory::department_at`] gives it at a date.
    pub department: u32,
    /// Display name (first name and name joined when the directory has both).
    pub name: Option<String>,
    /// Site or office.
    pub site: Option<String>,
    /// Role or job title.
    pub role: Option<String>,
    /// The manager's normalized id.
    pub manager: Option<String>,
    /// Other addresses of the person, normalized (the other key column's value among them).
    pub aliases: Vec<String>,
    /// The directory's other columns, in the order of [`Directory::extra_columns`] (kept for
    /// groupings by any HR attribute; never written out).
    pub extra: Vec<String>,
}

/// How to read the directory.
#[derive(Debug, Clone, Default)]
pub struct DirectoryOptions {
    /// `--map` overrides.
    pub mapping: FieldMapping,
    /// A forced encoding (`--people-encoding`).
    pub open: OpenOptions,
}

/// Which column identifies people, and why: with both an employee number and an address
/// column, the one whose values match the logs' senders (sampled from the first rows) is the
/// key, and the other is kept as an alias.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyChoice {
    /// The key column's header.
    pub column: String,
    /// The other identifying column, read as an alias, if any.
    pub alias_column: Option<String>,
    /// Senders sampled from the logs. (The sample depends on the row order, so its counts are
    /// shown by `check` and on stderr but never written to an output.)
    #[serde(skip)]
    pub sampled_senders: usize,
    /// Of those, how many the key column holds.
    #[serde(skip)]
    pub matched: usize,
    /// Of those, how many the alias column holds.
    #[serde(skip)]
    pub alias_matched: Option<usize>,
}

/// The directory: people sorted by id (so that row order never matters), departments sorted by
/// name, and a lookup from every id and alias to the person. With snapshots, also every
/// person's departments over time.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    people: Vec<Person>,
    departments: Vec<String>,
    lookup: AddressIndex,
    /// Departments over time: `Some` when the directory has an `effective_date` column.
    history: Option<History>,
    duplicate_rows: u64,
    extra_columns: Vec<String>,
    description: Option<InputDescription>,
    key: Option<KeyChoice>,
}

/// A directory row as read, before the key is chosen.
struct RawRow {
    line: u64,
    id: Option<String>,
    email: Option<String>,
    department: String,
    effective: Option<i64>,
    name: Option<String>,
    site: Option<String>,
    role: Option<String>,
    manager: Option<String>,
    aliases: Vec<String>,
    extra: Vec<String>,
}

/// A directory row with its key.
struct KeyedRow {
    line: u64,
    id: String,
    department: String,
    /// The snapshot's effective date (Unix seconds), when the directory has the column.
    effective: Option<i64>,
    person: Person,
}

impl KeyedRow {
    /// The row of a person known by id and department only (records built in memory).
    fn bare(
        line: u64,
        id: String,
        department: String,
        effective: Option<i64>,
        extra: Vec<String>,
    ) -> KeyedRow {
        KeyedRow {
            line,
            id: id.clone(),
            department,
            effective,
            person: Person {
                id,
                department: 0,
                name: None,
                site: None,
                role: None,
                manager: None,
                aliases: Vec::new(),
                extra,
            },
        }
    }
}

impl Directory {
    /// Reads a directory file. `sender_sample` holds normalized senders from the first rows of
    /// the logs, which decide the key column when there are two candidates. A row without id
    /// or department is rejected (counted in `rejects`); a person listed in two departments,
    /// or an address naming two people, stops the run; a message log given as the directory is
    /// refused. With an `effective_date` column the rows are snapshots: a person may be in
    /// several departments at several dates (two on the same date stops the run), and a row
    /// whose date cannot be read is rejected.
    pub fn read(
        name: &InputName,
        options: &DirectoryOptions,
        sender_sample: &[String],
        rejects: &mut Rejects,
    ) -> Result<Self> {
        let mapping = &options.mapping;
        let mut input = CsvInput::open(name, options.open, "id,department")?;
        let dept_col = locate(&input, pf::DEPARTMENT, mapping)?;
        if dept_col.is_none() && matches!(classify(&input.headers), HeaderKind::Messages(_)) {
            return Err(Error::WrongInput {
                file: name.clone(),
                given_as: "--people",
                looks_like: "a message log (it has sender and recipient columns and no department)",
                hint: "give it with --messages, and the HR directory with --people",
            });
        }
        let dept_col = crate::ingest::columns::require(&input, pf::DEPARTMENT, mapping)?;
        let id_col = locate(&input, pf::ID, mapping)?;
        let email_col = locate(&input, pf::EMAIL, mapping)?.filter(|c| Some(*c) != id_col);
        if id_col.is_none() && email_col.is_none() {
            return Err(Error::MissingColumn {
                file: name.clone(),
                field: "id",
                synonyms: pf::ID
                    .synonyms
                    .iter()
                    .chain(pf::EMAIL.synonyms)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", "),
                found: input.found_headers(),
            });
        }
        let name_col = locate(&input, pf::NAME, mapping)?;
        let first_name_col = locate(&input, pf::FIRST_NAME, mapping)?;
        let site_col = locate(&input, pf::SITE, mapping)?;
        let role_col = locate(&input, pf::ROLE, mapping)?;
        let manager_col = locate(&input, pf::MANAGER, mapping)?;
        let aliases_col = locate(&input, pf::ALIASES, mapping)?;
        let effective_col = locate(&input, pf::EFFECTIVE_DATE, mapping)?;
        let known: Vec<(&'static str, usize)> = [
            ("id", id_col),
            ("email", email_col),
            ("department", Some(dept_col)),
            ("name", name_col),
            ("first_name", first_name_col),
            ("site", site_col),
            ("role", role_col),
            ("manager", manager_col),
            ("aliases", aliases_col),
            ("effective_date", effective_col),
        ]
        .into_iter()
        .filter_map(|(f, c)| c.map(|c| (f, c)))
        .collect();
        let recognised: Vec<usize> = known.iter().map(|&(_, c)| c).collect();
        let extra_cols: Vec<usize> = (0..input.headers.len())
            .filter(|c| !recognised.contains(c) && !input.headers[*c].is_empty())
            .collect();

        let mut raw: Vec<RawRow> = Vec::new();
        input.for_each_row(rejects, &NoProgress, |row| {
            if let Err(rejected) = row.check_utf8(&recognised) {
                return Ok(Err(rejected));
            }
            let get = |col: Option<usize>| -> Option<String> {
                let t = row.text(col?).ok()?.trim();
                (!t.is_empty()).then(|| t.to_string())
            };
            let id = get(id_col);
            let email = get(email_col);
            if id.is_none() && email.is_none() {
                let blamed = id_col.or(email_col);
                return Ok(Err(row.reject(
                    RejectReason::EmptyId,
                    blamed,
                    "expected a person id or address, found an empty field".into(),
                )));
            }
            let Some(department) = get(Some(dept_col)) else {
                return Ok(Err(row.reject(
                    RejectReason::EmptyDepartment,
                    Some(dept_col),
                    "expected a department, found an empty field".into(),
                )));
            };
            let effective = match effective_col {
                None => None,
                Some(c) => match effective_date(row, c) {
                    Ok(t) => Some(t),
                    Err(rejected) => return Ok(Err(rejected)),
                },
            };
            let person_name = match (get(first_name_col), get(name_col)) {
                (Some(first), Some(last)) => Some(format!("{first} {last}")),
                (first, last) => first.or(last),
            };
            raw.push(RawRow {
                line: row.line,
                id,
                email,
                department,
                effective,
                name: person_name,
                site: get(site_col),
                role: get(role_col),
                manager: get(manager_col).map(|m| normalize(&m)),
                aliases: get(aliases_col).map(|a| addresses(&a)).unwrap_or_default(),
                extra: extra_cols
                    .iter()
                    .map(|&c| String::from_utf8_lossy(row.bytes(c)).trim().to_string())
                    .collect(),
            });
            Ok(Ok(()))
        })?;
        if raw.is_empty() {
            return Err(Error::NoPeople { file: name.clone() });
        }

        // `--map id=COLUMN` names the key; otherwise the logs' senders decide
        let forced = mapping.maps(pf::ID.name);
        let key = choose_key(
            &input.headers,
            id_col,
            email_col,
            &raw,
            sender_sample,
            forced,
        );
        let key_is_email = Some(key.column.as_str())
            == email_col.map(|c| input.headers[c].as_str())
            && email_col.is_some();
        let rows: Vec<KeyedRow> = raw
            .into_iter()
            .map(|r| {
                let (first, second) = if key_is_email {
                    (r.email, r.id)
                } else {
                    (r.id, r.email)
                };
                // a row without the key's value is still a person (an employee without an
                // address is part of the headcount), known by the other value
                let (id_text, alias) = match (first, second) {
                    (Some(k), other) => (k, other),
                    (None, Some(other)) => (other, None),
                    (None, None) => unreachable!("rows without any id were rejected"),
                };
                let id = normalize(&id_text);
                let mut aliases = r.aliases;
                if let Some(a) = alias.map(|a| normalize(&a))
                    && !aliases.contains(&a)
                {
                    aliases.insert(0, a);
                }
                KeyedRow {
                    line: r.line,
                    id: id.clone(),
                    department: r.department,
                    effective: r.effective,
                    person: Person {
                        id,
                        department: 0,
                        name: r.name,
                        site: r.site,
                        role: r.role,
                        manager: r.manager,
                        aliases,
                        extra: r.extra,
                    },
                }
            })
            .collect();
        let mut directory = Directory::assemble(name, rows, effective_col.is_some())?;
        directory.extra_columns = extra_cols
            .iter()
            .map(|&c| input.headers[c].clone())
            .collect();
        let mut columns: Vec<(String, String)> = vec![("id".to_string(), key.column.clone())];
        if let Some(a) = &key.alias_column {
            columns.push(("alias".to_string(), a.clone()));
        }
        for &(field, c) in &known {
            if !matches!(field, "id" | "email") {
                columns.push((field.to_string(), input.headers[c].clone()));
            }
        }
        directory.description = Some(InputDescription {
            file: name.to_string(),
            format: None,
            encoding: input.encoding.name(),
            encoding_reason: input.encoding.reason,
            delimiter: delimiter_name(input.delimiter),
            columns,
        });
        directory.key = Some(key);
        Ok(directory)
    }

    /// A directory from `(id, department, extra values)` records, as an input that carries its
    /// own directory (a Viva Insights query) describes its people; `extra_columns` names the
    /// extra values. Ids are normalized; an id listed twice with two departments is an error.
    pub fn from_records(
        name: &InputName,
        records: Vec<(String, String, Vec<String>)>,
        extra_columns: Vec<String>,
    ) -> Result<Directory> {
        let rows = records
            .into_iter()
            .enumerate()
            .map(|(i, (id, department, extra))| {
                KeyedRow::bare(i as u64 + 1, normalize(&id), department, None, extra)
            })
            .collect();
        let mut directory = Directory::assemble(name, rows, false)?;
        directory.extra_columns = extra_columns;
        Ok(directory)
    }

    /// A directory of HR snapshots from `(id, department, effective from)` records (tests,
    /// library users), as if read from a file with an `effective_date` column: record `i` is
    /// line `i + 1` of `name` in errors. Ids are normalized; an id given two departments at
    /// the same date is an error.
    pub fn from_snapshots<I, S, T>(name: &InputName, snapshots: I) -> Result<Directory>
    where
        I: IntoIterator<Item = (S, T, i64)>,
        S: AsRef<str>,
        T: AsRef<str>,
    {
        let rows = snapshots
            .into_iter()
            .enumerate()
            .map(|(i, (id, department, from))| {
                KeyedRow::bare(
                    i as u64 + 1,
                    normalize(id.as_ref()),
                    department.as_ref().trim().to_string(),
                    Some(from),
                    Vec::new(),
                )
            })
            .collect();
        Directory::assemble(name, rows, true)
    }

    /// Sorts the rows by id, merges repeated listings, and builds the lookup. With `dated`
    /// (an `effective_date` column), a person's rows are snapshots: sorted by date, the rows
    /// of one date merged (two departments on one date are an error), the person's attributes
    /// taken from the latest date, and the departments over time kept in the history.
    /// O(rows · log rows).
    fn assemble(name: &InputName, mut rows: Vec<KeyedRow>, dated: bool) -> Result<Directory> {
        // Sort by id, then date, so that the row order of the directory never reaches the
        // outputs; a stable sort keeps the first listing of a date first, for the messages below.
        rows.sort_by(|a, b| a.id.cmp(&b.id).then(a.effective.cmp(&b.effective)));
        let mut departments: Vec<String> = rows.iter().map(|r| r.department.clone()).collect();
        departments.sort();
        departments.dedup();
        let dept_index = |d: &str| {
            departments
                .binary_search_by(|x| x.as_str().cmp(d))
                .unwrap_or(0) as u32
        };

        let mut people: Vec<Person> = Vec::with_capacity(rows.len());
        // the line of the row each person's attributes come from
        let mut first_line: Vec<u64> = Vec::with_capacity(rows.len());
        let mut history = dated.then(|| History::with_capacity(rows.len(), rows.len()));
        let mut snapshots: Vec<(i64, u32)> = Vec::new();
        let mut duplicate_rows = 0;
        for group in rows.chunk_by(|a, b| a.id == b.id) {
            snapshots.clear();
            // the first row of the current date: its index in `group` and its department
            // (undated, every row has the same date: the first listing)
            let mut current: Option<(usize, u32)> = None;
            for (i, row) in group.iter().enumerate() {
                let department = dept_index(&row.department);
                match current {
                    Some((at, first)) if group[at].effective == row.effective => {
                        if first != department {
                            return Err(conflict(
                                name,
                                &group[at],
                                row,
                                &departments[first as usize],
                                dated,
                            ));
                        }
                        duplicate_rows += 1;
                    }
                    _ => {
                        current = Some((i, department));
                        snapshots.push((row.effective.unwrap_or(i64::MIN), department));
                    }
                }
            }
            let Some((latest, department)) = current else {
                continue; // chunk_by yields no empty group
            };
            let mut person = group[latest].person.clone();
            person.department = department;
            for row in group {
                for a in &row.person.aliases {
                    if !person.aliases.contains(a) {
                        person.aliases.push(a.clone());
                    }
                }
            }
            if let Some(history) = &mut history {
                history.push_person(snapshots.iter().copied());
            }
            first_line.push(group[latest].line);
            people.push(person);
        }

        let mut lookup: FxHashMap<String, u32> = FxHashMap::default();
        lookup.reserve(people.len());
        for (i, p) in people.iter().enumerate() {
            lookup.insert(p.id.clone(), i as u32);
        }
        for (i, p) in people.iter_mut().enumerate() {
            p.aliases.retain(|a| *a != p.id);
            for a in &p.aliases {
                match lookup.get(a) {
                    Some(&j) if j as usize != i => {
                        return Err(Error::AddressClash {
                            file: name.clone(),
                            line: first_line[i].max(first_line[j as usize]),
                            first_line: first_line[i].min(first_line[j as usize]),
                            address: a.clone(),
                        });
                    }
                    _ => {
                        lookup.insert(a.clone(), i as u32);
                    }
                }
            }
        }
        Ok(Directory {
            people,
            departments,
            lookup: AddressIndex::new(&lookup),
            history,
            duplicate_rows,
            ..Directory::default()
        })
    }

    /// Builds a directory from `(id, department)` pairs (tests, library users, synthetic orgs).
    /// Fails when one id is given two departments.
    pub fn from_pairs<I, S, T>(pairs: I) -> Result<Self>
    where
        I: IntoIterator<Item = (S, T)>,
        S: AsRef<str>,
        T: AsRef<str>,
    {
        let mut pairs: Vec<(String, String)> = pairs
            .into_iter()
            .map(|(id, d)| (normalize(id.as_ref()), d.as_ref().trim().to_string()))
            .collect();
        pairs.sort();
        pairs.dedup();
        let mut departments: Vec<String> = pairs.iter().map(|p| p.1.clone()).collect();
        departments.sort();
        departments.dedup();
        let mut people: Vec<Person> = Vec::with_capacity(pairs.len());
        for (id, d) in pairs {
            if people.last().is_some_and(|p| p.id == id) {
                return Err(Error::TwoDepartmentsGiven { id });
            }
            people.push(Person {
                id,
                department: departments.binary_search(&d).unwrap_or(0) as u32,
                name: None,
                site: None,
                role: None,
                manager: None,
                aliases: Vec::new(),
                extra: Vec::new(),
            });
        }
        let lookup: FxHashMap<String, u32> = people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i as u32))
            .collect();
        Ok(Directory {
            people,
            departments,
            lookup: AddressIndex::new(&lookup),
            ..Directory::default()
        })
    }

    /// People, sorted by id; a person's index is their node in the graph.
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// Department names, sorted; [`Person::department`] indexes this.
    pub fn departments(&self) -> &[String] {
        &self.departments
    }

    /// The person an id or alias (normalized) belongs to.
    pub fn find(&self, normalized: &str) -> Option<u32> {
        self.lookup.get(normalized)
    }

    /// [`Directory::find`] for each of `normalized`, in order, appended to `found`: a batch's
    /// lookups with their cache misses overlapped. O(addresses).
    pub(crate) fn find_all<'a, I>(&self, normalized: I, found: &mut Vec<Option<u32>>)
    where
        I: Iterator<Item = &'a str> + Clone,
    {
        self.lookup.get_all(normalized, found);
    }

    /// Rows that listed a person already listed (same department; with snapshots, the same
    /// department at the same date), merged.
    pub fn duplicate_rows(&self) -> u64 {
        self.duplicate_rows
    }

    /// The headers of the directory's columns that siloscope does not interpret, in the order
    /// of [`Person::extra`].
    pub fn extra_columns(&self) -> &[String] {
        &self.extra_columns
    }

    /// How the file was read (none for a directory built in memory).
    pub fn description(&self) -> Option<&InputDescription> {
        self.description.as_ref()
    }

    /// The key column and why it was chosen (none for a directory built in memory).
    pub fn key(&self) -> Option<&KeyChoice> {
        self.key.as_ref()
    }

    /// Department index of every person, by person index.
    pub fn department_of_each(&self) -> Vec<u32> {
        self.people.iter().map(|p| p.department).collect()
    }

    /// The department of `person` at time `t` (Unix seconds; `None`: undated). With snapshots,
    /// that of the latest snapshot in effect at `t` (effective date ≤ t); before the first
    /// snapshot, the first one's; undated, the latest (= [`Person::department`]). Without an
    /// `effective_date` column, the person's one department whatever the date. Called once
    /// per message recipient: O(1) without a move or undated, O(log snapshots) otherwise, and
    /// no allocation.
    pub fn department_at(&self, person: u32, t: Option<i64>) -> u32 {
        match (&self.history, t) {
            (Some(history), Some(_)) => history.department_at(person, t),
            _ => self.people[person as usize].department,
        }
    }

    /// True when the directory was read with an `effective_date` column (its rows are
    /// snapshots), even if nobody moved.
    pub fn has_history(&self) -> bool {
        self.history.is_some()
    }

    /// Department index of every person at `t`, by person index; `None` is the latest
    /// ([`Directory::department_of_each`]). O(people · log snapshots).
    pub fn department_of_each_at(&self, t: Option<i64>) -> Vec<u32> {
        match (&self.history, t) {
            (Some(history), Some(_)) => (0..self.people.len() as u32)
                .map(|p| history.department_at(p, t))
                .collect(),
            _ => self.department_of_each(),
        }
    }

    /// The changes of department whose effective date is in `[from, to)` (`None`: no bound),
    /// sorted by (date, person); none without snapshots. A move is dated by the first
    /// snapshot that shows the new department. O(snapshots + moves · log moves).
    pub fn moves(&self, from: Option<i64>, to: Option<i64>) -> Vec<Move> {
        self.history
            .as_ref()
            .map(|h| h.moves(from, to))
            .unwrap_or_default()
    }

    /// Person `person`'s departments over time, `(effective from, department)` sorted by date,
    /// snapshots without a change collapsed; `None` without snapshots.
    pub fn history_of(&self, person: u32) -> Option<&[(i64, u32)]> {
        self.history.as_ref().map(|h| h.of(person))
    }
}

/// Reads the effective date of a snapshot row (`column` holds it), or the rejected row that
/// says what was expected (an empty field, or the value's shape, never the value).
fn effective_date(row: &Row<'_>, column: usize) -> std::result::Result<i64, RejectedRow> {
    let text = row.text(column)?.trim();
    if text.is_empty() {
        return Err(row.reject(
            RejectReason::BadEffectiveDate,
            Some(column),
            format!("expected {EXPECTED_DATE}, found an empty field"),
        ));
    }
    parse_date(text).map_err(|_| {
        row.reject(
            RejectReason::BadEffectiveDate,
            Some(column),
            format!(
                "expected {EXPECTED_DATE}, found a value shaped '{}'",
                shape_of(text)
            ),
        )
    })
}

/// The error for a person given two departments: at the same effective date with snapshots,
/// at all without. `first` is the person's first row of that date, in `first_department`.
fn conflict(
    name: &InputName,
    first: &KeyedRow,
    second: &KeyedRow,
    first_department: &str,
    dated: bool,
) -> Error {
    match (dated, second.effective) {
        (true, Some(t)) => Error::ConflictingSnapshot {
            file: name.clone(),
            line: second.line,
            first_line: first.line,
            date: date_text(t),
            first: first_department.to_string(),
            second: second.department.clone(),
        },
        _ => Error::ConflictingDepartment {
            file: name.clone(),
            line: second.line,
            first_line: first.line,
            id: second.id.clone(),
            first: first_department.to_string(),
            second: second.department.clone(),
        },
    }
}

/// An effective date as errors show it: `2024-07-01`, with the time (UTC) when it is not
/// midnight.
fn date_text(t: i64) -> String {
    match chrono::DateTime::from_timestamp(t, 0) {
        Some(d) if t.rem_euclid(86_400) == 0 => d.format("%Y-%m-%d").to_string(),
        Some(d) => d.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        None => t.to_string(),
    }
}

/// Picks the key column: the only candidate, the column `--map id=` names, or of an
/// employee-number column and an address column the one holding more of the sampled senders
/// (the address column on a tie: logs usually carry addresses).
fn choose_key(
    headers: &[String],
    id_col: Option<usize>,
    email_col: Option<usize>,
    rows: &[RawRow],
    sender_sample: &[String],
    id_forced: bool,
) -> KeyChoice {
    let matches = |value: fn(&RawRow) -> Option<&String>| {
        let values: FxHashSet<String> = rows
            .iter()
            .filter_map(value)
            .map(|v| normalize(v))
            .collect();
        sender_sample
            .iter()
            .filter(|s| values.contains(normalize(s).as_str()))
            .count()
    };
    let header = |c: usize| headers[c].clone();
    match (id_col, email_col) {
        (Some(i), Some(e)) => {
            let by_id = matches(|r| r.id.as_ref());
            let by_email = matches(|r| r.email.as_ref());
            let (key, alias, matched, alias_matched) = if id_forced || by_id > by_email {
                (i, e, by_id, by_email)
            } else {
                (e, i, by_email, by_id)
            };
            KeyChoice {
                column: header(key),
                alias_column: Some(header(alias)),
                sampled_senders: sender_sample.len(),
                matched,
                alias_matched: Some(alias_matched),
            }
        }
        (Some(c), None) | (None, Some(c)) => {
            let by = if id_col.is_some() {
                matches(|r| r.id.as_ref())
            } else {
                matches(|r| r.email.as_ref())
            };
            KeyChoice {
                column: header(c),
                alias_column: None,
                sampled_senders: sender_sample.len(),
                matched: by,
                alias_matched: None,
            }
        }
        (None, None) => unreachable!("checked by the caller"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<(Directory, Rejects)> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("people.csv");
        std::fs::write(&p, text).unwrap();
        let mut rejects = Rejects::new(false);
        let d = Directory::read(
            &InputName::Path(p),
            &DirectoryOptions::default(),
            &[],
            &mut rejects,
        )?;
        Ok((d, rejects))
    }

    #[test]
    fn sorts_people_and_resolves_aliases() {
        let (d, rej) =
            read("Email;Direction;Aliases\nB@x;Sales;\"bb@x;b2@x\"\na@x;IT;\n\n;IT;\n").unwrap();
        assert_eq!(d.people().len(), 2);
        assert_eq!(d.people()[0].id, "a@x");
        assert_eq!(d.departments(), ["IT", "Sales"]);
        assert_eq!(d.find("bb@x"), Some(1));
        assert_eq!(d.find("b2@x"), Some(1));
        assert_eq!(d.find("c@x"), None);
        assert_eq!(rej.total(), 1);
    }

    #[test]
    fn two_departments_for_one_person_is_fatal() {
        let err = read("id,department\na,IT\nA ,Sales\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("line 3"), "{msg}");
        assert!(matches!(err, Error::ConflictingDepartment { .. }));
        // the same department twice is merged, not an error
        let (d, _) = read("id,department\na,IT\nA,IT\n").unwrap();
        assert_eq!(d.duplicate_rows(), 1);
    }

    #[test]
    fn an_alias_naming_another_person_is_fatal() {
        let err = read("id,department,aliases\na,IT,b\nb,IT,\n").unwrap_err();
        assert!(matches!(err, Error::AddressClash { .. }));
    }

    fn read_with(text: &str, sample: &[&str], map: &[&str]) -> Directory {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("annuaire.csv");
        std::fs::write(&p, text).unwrap();
        let options = DirectoryOptions {
            mapping: FieldMapping::parse(map).unwrap(),
            ..DirectoryOptions::default()
        };
        let sample: Vec<String> = sample.iter().map(|s| s.to_string()).collect();
        Directory::read(
            &InputName::Path(p),
            &options,
            &sample,
            &mut Rejects::new(true),
        )
        .unwrap()
    }

    const ANNUAIRE: &str = "Matricule;Nom;Prénom;Direction;E-mail\nA01;Dupont;Jean;DG;jean@x\nA02;Curie;Marie;DG;marie@x\nA03;Roux;Paul;Usine;\n";

    #[test]
    fn the_logs_decide_the_key_and_the_other_column_is_an_alias() {
        let by_mail = read_with(ANNUAIRE, &["jean@x", "marie@x"], &[]);
        assert_eq!(by_mail.key().unwrap().column, "E-mail");
        assert_eq!(
            by_mail.key().unwrap().alias_column.as_deref(),
            Some("Matricule")
        );
        assert_eq!(by_mail.find("a01"), by_mail.find("jean@x"));
        assert_eq!(by_mail.people()[0].name.as_deref(), Some("Paul Roux"));
        // someone without an address stays, under the employee number
        assert!(by_mail.find("a03").is_some());
        assert_eq!(by_mail.people().len(), 3);
        let by_number = read_with(ANNUAIRE, &["a01", "A02", "jean@x"], &[]);
        assert_eq!(by_number.key().unwrap().column, "Matricule");
        assert_eq!(by_number.key().unwrap().matched, 2);
        assert_eq!(by_number.people()[0].id, "a01");
        // a tie (here none matches) goes to the address column; --map id= forces the key
        assert_eq!(
            read_with(ANNUAIRE, &[], &[]).key().unwrap().column,
            "E-mail"
        );
        let forced = read_with(ANNUAIRE, &["jean@x"], &["id=Matricule"]);
        assert_eq!(forced.key().unwrap().column, "Matricule");
    }

    const JAN: i64 = 1_704_067_200; // 2024-01-01 00:00 UTC
    const JUL: i64 = 1_719_792_000; // 2024-07-01 00:00 UTC

    /// b moves from Production to Ventes on 2024-07-01 (rows out of order on purpose); a stays
    /// in Finance; c is only in the July snapshot.
    const SNAPSHOTS: &str = "id,department,site,effective_date\n\
        b,Ventes,Lyon,2024-07-01\n\
        a,Finance,Paris,2024-01-01\n\
        b,Production,Paris,2024-01-01\n\
        a,Finance,Paris,2024-07-01\n\
        c,Ventes,Lyon,2024-07-01\n";

    #[test]
    fn department_at_before_at_and_after_a_move() {
        let (d, rej) = read(SNAPSHOTS).unwrap();
        assert_eq!(rej.total(), 0);
        assert!(d.has_history());
        assert_eq!(d.departments(), ["Finance", "Production", "Ventes"]);
        let b = d.find("b").unwrap();
        let (production, ventes) = (1, 2);
        assert_eq!(d.department_at(b, Some(JAN - 1)), production);
        assert_eq!(d.department_at(b, Some(JAN)), production);
        assert_eq!(d.department_at(b, Some(JUL - 1)), production);
        assert_eq!(d.department_at(b, Some(JUL)), ventes);
        assert_eq!(d.department_at(b, Some(JUL + 86_400 * 365)), ventes);
        // undated: the latest snapshot, which is also Person::department
        assert_eq!(d.department_at(b, None), ventes);
        assert_eq!(d.people()[b as usize].department, ventes);
        // someone first listed in July is in their first department before it
        let c = d.find("c").unwrap();
        assert_eq!(d.department_at(c, Some(JAN)), ventes);
        assert_eq!(d.department_of_each_at(Some(JAN)), [0, production, ventes]);
        assert_eq!(d.department_of_each_at(None), d.department_of_each());
        assert_eq!(d.department_of_each(), [0, ventes, ventes]);
        // the other attributes come from the latest snapshot, whatever the row order
        assert_eq!(d.people()[b as usize].site.as_deref(), Some("Lyon"));
        // the column is described like the others
        let columns = &d.description().unwrap().columns;
        assert!(columns.contains(&("effective_date".into(), "effective_date".into())));
    }

    #[test]
    fn snapshots_without_a_change_collapse_and_moves_are_dated() {
        let (d, _) = read(
            "id,department,effective_date\n\
             a,IT,2024-01-01\n\
             a,IT,2024-04-01\n\
             a,Sales,2024-07-01\n\
             a,Sales,2024-10-01\n\
             b,IT,2024-01-01\n\
             b,IT,2024-10-01\n\
             b,Sales,2025-01-01\n",
        )
        .unwrap();
        assert_eq!(d.history_of(0), Some(&[(JAN, 0), (JUL, 1)][..]));
        assert_eq!(d.history_of(1).map(<[_]>::len), Some(2));
        assert_eq!(d.duplicate_rows(), 0);
        let jan_2025 = 1_735_689_600;
        let all = d.moves(None, None);
        assert_eq!(
            all,
            [
                Move {
                    person: 0,
                    at: JUL,
                    from_department: 0,
                    to_department: 1
                },
                Move {
                    person: 1,
                    at: jan_2025,
                    from_department: 0,
                    to_department: 1
                },
            ]
        );
        // [from, to)
        assert_eq!(d.moves(Some(JUL), Some(jan_2025)), all[..1]);
        assert_eq!(d.moves(Some(JUL + 1), None), all[1..]);
        assert!(d.moves(Some(JAN), Some(JUL)).is_empty());
    }

    #[test]
    fn two_departments_on_one_date_is_fatal_the_same_one_is_merged() {
        let err = read("id,department,effective_date\nzq7,IT,2024-01-01\nb,IT,2024-01-01\nZQ7,Sales,2024-01-01\n")
            .unwrap_err();
        assert!(matches!(
            err,
            Error::ConflictingSnapshot {
                line: 4,
                first_line: 2,
                ..
            }
        ));
        let msg = err.to_string();
        assert!(msg.contains("line 4") && msg.contains("on line 2"), "{msg}");
        assert!(msg.contains("effective 2024-01-01"), "{msg}");
        assert!(
            !msg.to_lowercase().contains("zq7"),
            "names the person: {msg}"
        );
        let (d, _) = read(
            "id,department,aliases,effective_date\na,IT,a1,2024-01-01\nA,IT,a2,2024-01-01\na,IT,,2024-07-01\n",
        )
        .unwrap();
        assert_eq!(d.duplicate_rows(), 1);
        assert_eq!(d.people().len(), 1);
        // aliases of every snapshot still find the person
        assert_eq!((d.find("a1"), d.find("a2")), (Some(0), Some(0)));
    }

    #[test]
    fn without_the_column_two_departments_hint_at_snapshots() {
        let err = read("id,department\na,IT\nA,Sales\n").unwrap_err();
        assert!(matches!(err, Error::ConflictingDepartment { .. }));
        assert!(
            err.to_string().contains(
                "if the directory holds snapshots, give their date in an effective_date column"
            ),
            "{err}"
        );
        let (d, _) = read("id,department\na,IT\n").unwrap();
        assert!(!d.has_history());
        assert_eq!(d.department_at(0, Some(JUL)), 0);
        assert!(d.moves(None, None).is_empty());
        assert_eq!(d.history_of(0), None);
    }

    #[test]
    fn a_french_export_with_day_first_dates() {
        let (d, rej) = read(
            "Matricule;Direction;Date d'effet\nA01;Production;01/01/2024\nA01;Ventes;01/07/2024\n",
        )
        .unwrap();
        assert_eq!(rej.total(), 0);
        assert_eq!(d.history_of(0), Some(&[(JAN, 0), (JUL, 1)][..]));
        let mapped = read_with(
            "id;department;Mois\na;IT;2024-01-01\na;Sales;2024-07-01T00:00:00Z\n",
            &[],
            &["effective_date=mois"],
        );
        assert_eq!(mapped.history_of(0), Some(&[(JAN, 0), (JUL, 1)][..]));
    }

    #[test]
    fn an_unreadable_date_rejects_the_row_and_is_fatal_under_strict() {
        let text = "id,department,effective_date\na,IT,2024-01-01\nb,IT,2024-31-01\nc,IT,\n";
        let (d, rej) = read(text).unwrap();
        assert_eq!(d.people().len(), 1);
        assert_eq!(rej.counts().get(&RejectReason::BadEffectiveDate), Some(&2));
        let first = &rej.samples()[0];
        assert_eq!(first.line, 3);
        assert_eq!(first.column.as_deref(), Some("effective_date"));
        assert!(first.detail.contains("2024-07-01"), "{}", first.detail);
        assert!(first.detail.contains("'9999-99-99'"), "{}", first.detail);
        assert!(rej.samples()[1].detail.contains("empty field"));

        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("people.csv");
        std::fs::write(&p, text).unwrap();
        let err = Directory::read(
            &InputName::Path(p),
            &DirectoryOptions::default(),
            &[],
            &mut Rejects::new(true),
        )
        .unwrap_err();
        match err {
            Error::RejectedRow { line, column, .. } => {
                assert_eq!((line, column.as_deref()), (3, Some("effective_date")));
            }
            other => panic!("expected a rejected row, got {other}"),
        }
    }

    #[test]
    fn the_moves_fixture_reads_as_its_readme_says() {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/moves/people.csv");
        let mut rejects = Rejects::new(true);
        let d = Directory::read(
            &InputName::Path(p),
            &DirectoryOptions::default(),
            &[],
            &mut rejects,
        )
        .unwrap();
        assert_eq!(d.people().len(), 18);
        assert_eq!(d.departments(), ["Finance", "Production", "Ventes"]);
        let movers: Vec<&str> = d
            .moves(None, None)
            .iter()
            .map(|m| {
                assert_eq!((m.at, m.from_department, m.to_department), (JUL, 1, 2));
                d.people()[m.person as usize].id.as_str()
            })
            .collect();
        assert_eq!(
            movers,
            [
                "marc@acme.example",
                "maud@acme.example",
                "milo@acme.example"
            ]
        );
        for t in [JAN, JUL] {
            let mut headcount = [0; 3];
            for dept in d.department_of_each_at(Some(t)) {
                headcount[dept as usize] += 1;
            }
            assert!(headcount.iter().all(|&n| n >= 5), "{headcount:?} at {t}");
        }
        let marc = d.find("marc@acme.example").unwrap() as usize;
        assert_eq!(d.people()[marc].site.as_deref(), Some("Paris"));
    }

    #[test]
    fn snapshots_in_memory() {
        let name = InputName::Stdin;
        let d = Directory::from_snapshots(
            &name,
            [("b", "Ventes", JUL), ("a", "IT", JAN), ("b", "IT", JAN)],
        )
        .unwrap();
        assert_eq!(d.departments(), ["IT", "Ventes"]);
        assert_eq!(d.department_at(1, Some(JAN)), 0);
        assert_eq!(d.department_at(1, None), 1);
        assert_eq!(d.moves(None, None).len(), 1);
        let err = Directory::from_snapshots(&name, [("a", "IT", JAN), ("a", "X", JAN)]);
        assert!(matches!(err, Err(Error::ConflictingSnapshot { .. })));
    }

    #[test]
    fn missing_department_column_is_fatal() {
        let err = read("id,site\na,Paris\n").unwrap_err();
        assert!(matches!(
            err,
            Error::MissingColumn {
                field: "department",
                ..
            }
        ));
    }
}

//! The people directory (HR export): who exists and in which department. Its people are the
//! nodes of the graph, isolated ones included; addresses not in it are *external*.

use rustc_hash::FxHashMap;

use crate::error::{Error, InputName, Result};
use crate::ingest::address::{normalize, split_list};
use crate::ingest::columns::{FieldMapping, locate, people_fields as pf, require};
use crate::ingest::rejects::{RejectReason, RejectedRow, Rejects};
use crate::ingest::source::{CsvInput, csv_error};

/// One person of the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Normalized id (trimmed, lowercase).
    pub id: String,
    /// Index into [`Directory::departments`].
    pub department: u32,
    /// Display name, if the directory has one.
    pub name: Option<String>,
    /// Site or office.
    pub site: Option<String>,
    /// Role or job title.
    pub role: Option<String>,
    /// The manager's normalized id.
    pub manager: Option<String>,
    /// Other addresses of the person, normalized.
    pub aliases: Vec<String>,
}

/// The directory: people sorted by id (so that row order never matters), departments sorted by
/// name, and a lookup from every id and alias to the person.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    people: Vec<Person>,
    departments: Vec<String>,
    lookup: FxHashMap<String, u32>,
    duplicate_rows: u64,
}

impl Directory {
    /// Reads a directory file. A row without id or department is rejected (counted in
    /// `rejects`); a person listed in two departments, or an address naming two people, stops
    /// the run.
    pub fn read(name: &InputName, mapping: &FieldMapping, rejects: &mut Rejects) -> Result<Self> {
        let mut input = CsvInput::open(name, "id,department")?;
        let id_col = require(&input, pf::ID, mapping)?;
        let dept_col = require(&input, pf::DEPARTMENT, mapping)?;
        let name_col = locate(&input, pf::NAME, mapping)?;
        let site_col = locate(&input, pf::SITE, mapping)?;
        let role_col = locate(&input, pf::ROLE, mapping)?;
        let manager_col = locate(&input, pf::MANAGER, mapping)?;
        let aliases_col = locate(&input, pf::ALIASES, mapping)?;
        let width = input.headers.len();

        struct Row {
            line: u64,
            id: String,
            department: String,
            name: Option<String>,
            site: Option<String>,
            role: Option<String>,
            manager: Option<String>,
            aliases: Vec<String>,
        }
        let mut rows: Vec<Row> = Vec::new();
        let mut record = csv::ByteRecord::new();
        let mut last_line = 1;
        let mut last_had_newline = false;
        while input
            .reader
            .read_byte_record(&mut record)
            .map_err(|e| csv_error(name, e))?
        {
            let line = input.line_of(&record);
            last_line = line;
            last_had_newline = record.iter().any(|f| f.contains(&b'\n'));
            let reject = |reason, column: Option<&str>, detail: String| RejectedRow {
                file: name.clone(),
                line,
                column: column.map(str::to_string),
                reason,
                detail,
            };
            if record.len() != width {
                if record.len() == 1 && record[0].iter().all(u8::is_ascii_whitespace) {
                    continue; // a blank line
                }
                rejects.reject(reject(
                    RejectReason::WrongFieldCount,
                    None,
                    format!(
                        "expected {width} fields as in the header, found {}",
                        record.len()
                    ),
                ))?;
                continue;
            }
            let text = |col: usize| std::str::from_utf8(&record[col]);
            let mut utf8_error = None;
            let mut get = |col: Option<usize>| -> Option<String> {
                let col = col?;
                match text(col) {
                    Ok(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                    Ok(_) => None,
                    Err(_) => {
                        utf8_error.get_or_insert(col);
                        None
                    }
                }
            };
            let id = get(Some(id_col));
            let department = get(Some(dept_col));
            let person_name = get(name_col);
            let site = get(site_col);
            let role = get(role_col);
            let manager = get(manager_col).map(|m| normalize(&m));
            let aliases_text = get(aliases_col);
            if let Some(col) = utf8_error {
                rejects.reject(reject(
                    RejectReason::InvalidUtf8,
                    Some(&input.headers[col]),
                    "expected UTF-8 text (save the file as CSV UTF-8)".into(),
                ))?;
                continue;
            }
            let Some(id) = id else {
                rejects.reject(reject(
                    RejectReason::EmptyId,
                    Some(&input.headers[id_col]),
                    "expected a person id or address, found an empty field".into(),
                ))?;
                continue;
            };
            let Some(department) = department else {
                rejects.reject(reject(
                    RejectReason::EmptyDepartment,
                    Some(&input.headers[dept_col]),
                    "expected a department, found an empty field".into(),
                ))?;
                continue;
            };
            let aliases = aliases_text
                .as_deref()
                .map(|a| split_list(a).map(normalize).collect())
                .unwrap_or_default();
            rows.push(Row {
                line,
                id: normalize(&id),
                department,
                name: person_name,
                site,
                role,
                manager,
                aliases,
            });
        }
        input.check_quotes(last_line, last_had_newline)?;
        if rows.is_empty() {
            return Err(Error::NoPeople { file: name.clone() });
        }

        // Sort by id so that the row order of the directory never reaches the outputs; a stable
        // sort keeps the first listing first, for the messages below.
        rows.sort_by(|a, b| a.id.cmp(&b.id));
        let mut departments: Vec<String> = rows.iter().map(|r| r.department.clone()).collect();
        departments.sort();
        departments.dedup();
        let dept_index = |d: &str| {
            departments
                .binary_search_by(|x| x.as_str().cmp(d))
                .unwrap_or(0) as u32
        };

        let mut people: Vec<Person> = Vec::with_capacity(rows.len());
        let mut first_line: Vec<u64> = Vec::with_capacity(rows.len());
        let mut duplicate_rows = 0;
        for row in rows {
            if let Some(last) = people.last_mut()
                && last.id == row.id
            {
                let first = &departments[last.department as usize];
                if *first != row.department {
                    return Err(Error::ConflictingDepartment {
                        file: name.clone(),
                        line: row.line,
                        first_line: *first_line.last().expect("invariant: same length"),
                        id: row.id,
                        first: first.clone(),
                        second: row.department,
                    });
                }
                duplicate_rows += 1;
                for a in row.aliases {
                    if !last.aliases.contains(&a) {
                        last.aliases.push(a);
                    }
                }
                continue;
            }
            first_line.push(row.line);
            people.push(Person {
                id: row.id,
                department: dept_index(&row.department),
                name: row.name,
                site: row.site,
                role: row.role,
                manager: row.manager,
                aliases: row.aliases,
            });
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
            lookup,
            duplicate_rows,
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
                return Err(Error::Usage(format!(
                    "person '{id}' is given two departments"
                )));
            }
            people.push(Person {
                id,
                department: departments.binary_search(&d).unwrap_or(0) as u32,
                name: None,
                site: None,
                role: None,
                manager: None,
                aliases: Vec::new(),
            });
        }
        let lookup = people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i as u32))
            .collect();
        Ok(Directory {
            people,
            departments,
            lookup,
            duplicate_rows: 0,
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
        self.lookup.get(normalized).copied()
    }

    /// Rows that listed a person already listed (same department), merged.
    pub fn duplicate_rows(&self) -> u64 {
        self.duplicate_rows
    }

    /// Department index of every person, by person index.
    pub fn department_of_each(&self) -> Vec<u32> {
        self.people.iter().map(|p| p.department).collect()
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
        let d = Directory::read(&InputName::Path(p), &FieldMapping::default(), &mut rejects)?;
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

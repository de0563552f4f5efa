//! Groupings: the lens of every group-level analysis (`--group-by`). A grouping puts each
//! person in one group from a directory column: the department (the default), the site, the
//! role, any other header of the directory (a level, a pole, a business unit), or the pairs of
//! several columns (`department+site`). Its name G names the output files (`Gs.csv`,
//! `G_flows.csv`, …): the field name, or the header lowercased with every other character as
//! `_`. People without a value form the group [`NO_VALUE`], so that every person is in exactly
//! one group and the group measures add up to the whole network.

use crate::ingest::Directory;

/// The group of the people whose directory has no value in the grouping's column.
pub const NO_VALUE: &str = "(no value)";

/// One grouping of the people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grouping {
    /// G: `department`, `site`, `role`, or a header made a file name (`business_unit`).
    pub name: String,
    /// The column(s) as the directory names them, for messages.
    pub columns: Vec<String>,
    /// Group labels, sorted ([`NO_VALUE`] sorts with the others).
    pub labels: Vec<String>,
    /// Group of each person, by person index.
    pub of_person: Vec<u32>,
}

/// Why a `--group-by` value cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupingError {
    /// No column of that name.
    NoSuchColumn {
        /// The name asked for.
        asked: String,
        /// What the directory offers.
        available: Vec<String>,
    },
    /// The value was empty (`--group-by ,site`).
    Empty,
}

impl std::fmt::Display for GroupingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GroupingError::NoSuchColumn { asked, available } => write!(
                f,
                "the directory has no column '{asked}' to group by (it has: {})",
                available.join(", ")
            ),
            GroupingError::Empty => write!(f, "an empty grouping name"),
        }
    }
}

/// The file-name form of a header: lowercased, French accents dropped, every character other
/// than an ASCII letter or digit as `_`, runs of `_` as one, none at the ends ("Business Unit"
/// → `business_unit`, "Pôle" → `pole`), so that file names are the same on every system.
pub fn file_name_of(header: &str) -> String {
    let mut out = String::new();
    for c in header.trim().chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            other => other,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

/// One column of the directory, as a value per person.
enum Column {
    Department,
    Site,
    Role,
    Extra(usize),
}

fn find_column(directory: &Directory, asked: &str) -> Result<(Column, String), GroupingError> {
    let wanted = file_name_of(asked);
    match wanted.as_str() {
        "" => return Err(GroupingError::Empty),
        "department" => return Ok((Column::Department, "department".into())),
        "site" => return Ok((Column::Site, "site".into())),
        "role" => return Ok((Column::Role, "role".into())),
        _ => {}
    }
    let extra = directory.extra_columns();
    match extra.iter().position(|h| file_name_of(h) == wanted) {
        Some(i) => Ok((Column::Extra(i), extra[i].clone())),
        None => {
            let mut available = vec!["department".to_string(), "site".into(), "role".into()];
            available.extend(extra.iter().cloned());
            Err(GroupingError::NoSuchColumn {
                asked: asked.to_string(),
                available,
            })
        }
    }
}

fn value<'a>(directory: &'a Directory, v: usize, column: &Column) -> Option<&'a str> {
    let p = &directory.people()[v];
    let text = match column {
        Column::Department => Some(directory.departments()[p.department as usize].as_str()),
        Column::Site => p.site.as_deref(),
        Column::Role => p.role.as_deref(),
        Column::Extra(i) => p.extra.get(*i).map(String::as_str),
    };
    text.map(str::trim).filter(|t| !t.is_empty())
}

impl Grouping {
    /// The grouping `spec` names: one column, or columns joined by `+` (the groups are the
    /// pairs of values, labelled `A · B`). O(n log n).
    pub fn from_directory(directory: &Directory, spec: &str) -> Result<Grouping, GroupingError> {
        let mut columns = Vec::new();
        let mut names = Vec::new();
        let mut headers = Vec::new();
        for part in spec.split('+') {
            let (column, header) = find_column(directory, part)?;
            names.push(file_name_of(&header));
            headers.push(header);
            columns.push(column);
        }
        let n = directory.people().len();
        let values: Vec<String> = (0..n)
            .map(|v| {
                let parts: Vec<&str> = columns
                    .iter()
                    .map(|c| value(directory, v, c).unwrap_or(NO_VALUE))
                    .collect();
                parts.join(" · ")
            })
            .collect();
        let mut labels = values.clone();
        labels.sort();
        labels.dedup();
        let of_person = values
            .iter()
            .map(|x| labels.binary_search(x).map_or(0, |i| i as u32))
            .collect();
        Ok(Grouping {
            name: names.join("_"),
            columns: headers,
            labels,
            of_person,
        })
    }

    /// Whether this is the department grouping, whose files keep their historic names.
    pub fn is_department(&self) -> bool {
        self.name == "department"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_become_file_names() {
        assert_eq!(file_name_of("Business Unit"), "business_unit");
        assert_eq!(file_name_of(" Pôle / Métier "), "pole_metier");
        assert_eq!(file_name_of("Site"), "site");
        assert_eq!(file_name_of("--"), "");
    }
}

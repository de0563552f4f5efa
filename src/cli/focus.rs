//! `--focus COLUMN=VALUE`: a population in focus (the managers, a site, a level) beside the
//! rest of the company. Wiring: the mask from the directory, the size check of the privacy
//! rule, then the library's analysis.

use siloscope::Error;
use siloscope::analyze::Method;
use siloscope::analyze::focus::{FocusComparison, InducedCommunities, focus, induced_communities};
use siloscope::analyze::grouping::Grouping;
use siloscope::graph::InteractionGraph;
use siloscope::ingest::Directory;

/// One `--focus` asked for, analysed.
pub struct Focus {
    /// The directory column as written.
    pub column: String,
    /// The value as written.
    pub value: String,
    /// Who is in focus.
    pub mask: Vec<bool>,
}

/// One `--focus`, analysed.
pub struct Analysed {
    /// The directory column as written.
    pub column: String,
    /// The value as written.
    pub value: String,
    /// The two populations side by side.
    pub comparison: FocusComparison,
    /// The communities of the people in focus, and of the others, against the departments.
    pub communities: (Option<InducedCommunities>, Option<InducedCommunities>),
}

/// Reads each `COLUMN=VALUE` against the directory. A value nobody has, or a population (or
/// its complement) smaller than the minimum group size, is refused: its figures would be
/// empty or would describe too few people.
pub fn resolve(
    directory: &Directory,
    specs: &[String],
    min_group_size: usize,
    sensitive_ok: bool,
) -> Result<Vec<Focus>, Error> {
    let mut out = Vec::new();
    for spec in specs {
        let Some((column, value)) = spec.split_once('=') else {
            return Err(Error::Usage(format!(
                "--focus {spec}: expected COLUMN=VALUE, for example --focus role=manager"
            )));
        };
        let grouping = Grouping::from_directory(directory, column)
            .map_err(|e| Error::Usage(format!("--focus {spec}: {e}")))?;
        for header in &grouping.columns {
            if let Some(category) = siloscope::privacy::sensitive_category(header)
                && !sensitive_ok
            {
                return Err(Error::Usage(format!(
                    "--focus {spec}: the column '{header}' looks like a special category of personal data under the GDPR ({category}); \
                     focusing on it needs the agreement of the works council and of the data protection officer. \
                     If you have it, add --sensitive-ok"
                )));
            }
        }
        let wanted = value.trim().to_lowercase();
        let mask: Vec<bool> = grouping
            .of_person
            .iter()
            .map(|&i| grouping.labels[i as usize].to_lowercase() == wanted)
            .collect();
        let people = mask.iter().filter(|&&m| m).count();
        if people == 0 {
            // only values held by enough people are named: a rarer one would single someone out
            let mut sizes = vec![0usize; grouping.labels.len()];
            for &g in &grouping.of_person {
                sizes[g as usize] += 1;
            }
            let shown: Vec<&str> = grouping
                .labels
                .iter()
                .zip(&sizes)
                .filter(|&(_, &n)| n >= min_group_size)
                .map(|(l, _)| l.as_str())
                .collect();
            return Err(Error::Usage(format!(
                "--focus {spec}: nobody in the directory has {column} = {value} (values held by at least {min_group_size} people: {})",
                shown.join(", ")
            )));
        }
        let rest = mask.len() - people;
        if people < min_group_size || rest < min_group_size {
            return Err(Error::Usage(format!(
                "--focus {spec}: {people} people in focus and {rest} others; both must reach the minimum group size ({min_group_size}) for their figures to be shown"
            )));
        }
        out.push(Focus {
            column: column.trim().to_string(),
            value: value.trim().to_string(),
            mask,
        });
    }
    Ok(out)
}

/// Compares each population with the rest, communities included (`method`, γ, seed as for the
/// whole network), in the caller's rayon pool; `department` is each person's department (at
/// the end of the period), among `departments`.
pub fn analyse(
    g: &InteractionGraph,
    department: &[u32],
    departments: usize,
    asked: Vec<Focus>,
    (method, resolution, seed): (Method, f64, u64),
) -> Vec<Analysed> {
    asked
        .into_iter()
        .map(|f| {
            let rest: Vec<bool> = f.mask.iter().map(|&m| !m).collect();
            let communities = |members: &[bool]| {
                induced_communities(g, members, department, method, resolution, seed)
            };
            Analysed {
                comparison: focus(g, &f.mask, department, departments),
                communities: (communities(&f.mask), communities(&rest)),
                column: f.column,
                value: f.value,
            }
        })
        .collect()
}

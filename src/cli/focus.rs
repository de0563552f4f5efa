//! `--focus COLUMN=VALUE`: a population in focus (the managers, a site, a level) beside the
//! rest of the company. Wiring: the mask from the directory, the size check of the privacy
//! rule, then the library's analysis.

use siloscope::Error;
use siloscope::analyze::focus::{FocusComparison, focus};
use siloscope::analyze::grouping::Grouping;
use siloscope::graph::InteractionGraph;
use siloscope::ingest::Directory;

/// One `--focus` asked for, analysed.
pub struct Focus {
    /// The directory column as written.
    pub column: String,
    /// The value as written.
    pub value: String,
    /// The comparison.
    pub comparison: FocusComparison,
}

/// Analyses each `COLUMN=VALUE`. A value nobody has, or a population (or its complement)
/// smaller than the minimum group size, is refused: its figures would be empty or would
/// describe too few people.
pub fn run(
    g: &InteractionGraph,
    directory: &Directory,
    specs: &[String],
    min_group_size: usize,
) -> Result<Vec<Focus>, Error> {
    let department = directory.department_of_each();
    let departments = directory.departments().len();
    let mut out = Vec::new();
    for spec in specs {
        let Some((column, value)) = spec.split_once('=') else {
            return Err(Error::Usage(format!(
                "--focus {spec}: expected COLUMN=VALUE, for example --focus role=manager"
            )));
        };
        let grouping = Grouping::from_directory(directory, column)
            .map_err(|e| Error::Usage(format!("--focus {spec}: {e}")))?;
        let wanted = value.trim().to_lowercase();
        let mask: Vec<bool> = grouping
            .of_person
            .iter()
            .map(|&i| grouping.labels[i as usize].to_lowercase() == wanted)
            .collect();
        let people = mask.iter().filter(|&&m| m).count();
        if people == 0 {
            return Err(Error::Usage(format!(
                "--focus {spec}: nobody in the directory has {column} = {value} (its values: {})",
                grouping.labels.join(", ")
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
            comparison: focus(g, &mask, &department, departments),
        });
    }
    Ok(out)
}

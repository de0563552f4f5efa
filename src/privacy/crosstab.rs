//! The community × department crosstab on the reported groups: a cell about fewer people than
//! the threshold is suppressed, and so is, by complementary suppression, the smallest other cell
//! of any row or column left with a single suppressed cell, so that no suppressed count can be
//! recovered from the row and column totals (community sizes, department headcounts). Built once
//! here; every output that describes what communities are made of reads these flags.

use crate::privacy::view::View;

/// Community × department head counts on the reported groups, with suppression flags.
#[derive(Debug, Clone, PartialEq)]
pub struct Crosstab {
    /// counts[c][d]: people of reported community c in reported department d.
    pub counts: Vec<Vec<usize>>,
    /// Suppressed cells.
    pub suppressed: Vec<Vec<bool>>,
}

impl Crosstab {
    /// The shown (non-zero, not suppressed) cells of community row `r`, as (people,
    /// department), largest first (ties: department order).
    pub fn shown_mix(&self, r: usize) -> Vec<(usize, usize)> {
        let mut shown: Vec<(usize, usize)> = (0..self.counts[r].len())
            .filter(|&d| self.counts[r][d] > 0 && !self.suppressed[r][d])
            .map(|d| (self.counts[r][d], d))
            .collect();
        shown.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        shown
    }
}

/// Builds the crosstab and applies primary and complementary suppression.
pub fn crosstab(view: &View, min_size: usize) -> Option<Crosstab> {
    let groups = view.communities.as_ref()?;
    let rows = groups.names.len();
    let cols = view.department_names().len();
    let mut counts = vec![vec![0usize; cols]; rows];
    for (v, c) in view.community_of_person.iter().enumerate() {
        if let (Some(c), Some(d)) = (c, view.department_of_person[v]) {
            counts[*c as usize][d as usize] += 1;
        }
    }
    let mut suppressed: Vec<Vec<bool>> = counts
        .iter()
        .map(|row| row.iter().map(|&x| x > 0 && x < min_size).collect())
        .collect();
    // complementary suppression, until every row and column has zero or ≥ 2 suppressed cells
    loop {
        let mut changed = false;
        for r in 0..rows {
            let cells: Vec<usize> = (0..cols).collect();
            changed |= protect_line(
                &counts,
                &mut suppressed,
                cells.iter().map(|&c| (r, c)).collect(),
            );
        }
        for c in 0..cols {
            changed |= protect_line(
                &counts,
                &mut suppressed,
                (0..rows).map(|r| (r, c)).collect(),
            );
        }
        if !changed {
            break;
        }
    }
    Some(Crosstab { counts, suppressed })
}

/// If exactly one cell of the line is suppressed, suppresses the smallest other non-zero cell.
fn protect_line(
    counts: &[Vec<usize>],
    suppressed: &mut [Vec<bool>],
    line: Vec<(usize, usize)>,
) -> bool {
    let hidden = line.iter().filter(|&&(r, c)| suppressed[r][c]).count();
    if hidden != 1 {
        return false;
    }
    let partner = line
        .iter()
        .filter(|&&(r, c)| !suppressed[r][c] && counts[r][c] > 0)
        .min_by_key(|&&(r, c)| (counts[r][c], r, c));
    match partner {
        Some(&(r, c)) => {
            suppressed[r][c] = true;
            true
        }
        None => false,
    }
}

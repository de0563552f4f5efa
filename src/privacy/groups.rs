//! Minimum group size: an aggregate about fewer than `min_size` people can single someone out,
//! so groups (departments, sites, roles) smaller than the threshold are merged into
//! "other (small groups)" before any table is built. When that merged group is itself below the
//! threshold, the smallest remaining groups join it until it reaches it, so no cell of any
//! table, nor any difference of row totals, is about fewer people; if the whole organisation is
//! smaller than the threshold, every aggregate is suppressed. Metrics are always computed on the
//! true groups: this only changes how they are reported. O(g log g) for g groups.

/// The label of the merged group.
pub const OTHER: &str = "other (small groups)";
/// The label of a person whose group cannot be shown at all.
pub const SUPPRESSED: &str = "(suppressed)";

/// How true groups are reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportingGroups {
    /// Names of the reported groups, in the order given, [`OTHER`] last when present.
    pub names: Vec<String>,
    /// For each true group: its reported group, or `None` when suppressed.
    pub of_group: Vec<Option<u32>>,
    /// True groups merged into [`OTHER`].
    pub merged: usize,
    /// True groups suppressed (only when the whole population is below the threshold).
    pub suppressed: usize,
}

impl ReportingGroups {
    /// Merges the groups of `sizes` (with `names`) smaller than `min_size`; a group of no one
    /// is not reported.
    pub fn new(names: &[String], sizes: &[usize], min_size: usize) -> ReportingGroups {
        let present: Vec<bool> = sizes.iter().map(|&s| s > 0).collect();
        ReportingGroups::with_present(names, sizes, min_size, &present)
    }

    /// [`ReportingGroups::new`], where `present[i]` says whether group `i` is reported even
    /// with no one in it (a department empty at the end of the period, whose people exchanged
    /// before they moved out): such a group is small, merged into [`OTHER`].
    pub fn with_present(
        names: &[String],
        sizes: &[usize],
        min_size: usize,
        present: &[bool],
    ) -> ReportingGroups {
        let g = names.len();
        let total: usize = sizes.iter().sum();
        if total < min_size {
            return ReportingGroups {
                names: Vec::new(),
                of_group: vec![None; g],
                merged: 0,
                suppressed: g,
            };
        }
        let mut into_other: Vec<bool> = (0..g).map(|i| sizes[i] < min_size && present[i]).collect();
        let mut other: usize = (0..g).filter(|&i| into_other[i]).map(|i| sizes[i]).sum();
        // a merged group of no one at the end still describes those who left it: as small
        if into_other.contains(&true) && other < min_size {
            // absorb the smallest remaining groups (ties by name) until the merged group is big enough
            let mut rest: Vec<usize> = (0..g).filter(|&i| !into_other[i] && present[i]).collect();
            rest.sort_by_key(|&i| (sizes[i], i));
            for i in rest {
                if other >= min_size {
                    break;
                }
                into_other[i] = true;
                other += sizes[i];
            }
        }
        let kept: Vec<usize> = (0..g).filter(|&i| !into_other[i] && present[i]).collect();
        let mut reported: Vec<String> = kept.iter().map(|&i| names[i].clone()).collect();
        let mut of_group = vec![None; g];
        for (r, &i) in kept.iter().enumerate() {
            of_group[i] = Some(r as u32);
        }
        let merged = into_other.iter().filter(|&&m| m).count();
        if merged > 0 {
            let other_index = reported.len() as u32;
            reported.push(OTHER.to_string());
            for i in 0..g {
                if into_other[i] {
                    of_group[i] = Some(other_index);
                }
            }
        }
        ReportingGroups {
            names: reported,
            of_group,
            merged,
            suppressed: 0,
        }
    }

    /// Every group shown as it is (threshold 1).
    pub fn identity(names: &[String]) -> ReportingGroups {
        ReportingGroups {
            names: names.to_vec(),
            of_group: (0..names.len() as u32).map(Some).collect(),
            merged: 0,
            suppressed: 0,
        }
    }

    /// The reported label of true group `i`.
    pub fn label(&self, i: u32) -> &str {
        match self.of_group[i as usize] {
            Some(r) => &self.names[r as usize],
            None => SUPPRESSED,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn small_groups_merge_and_the_merge_reaches_the_threshold() {
        let n = names(&["A", "B", "C", "D"]);
        // C (3) alone is too small: B (6), the smallest remaining, joins it
        let r = ReportingGroups::new(&n, &[10, 6, 3, 8], 5);
        assert_eq!(r.names, names(&["A", "D", OTHER]));
        assert_eq!(r.label(1), OTHER);
        assert_eq!(r.label(2), OTHER);
        assert_eq!(r.label(0), "A");
        assert_eq!(r.merged, 2);
        // two small groups that together reach the threshold
        let r = ReportingGroups::new(&n, &[10, 2, 3, 8], 5);
        assert_eq!(r.names, names(&["A", "D", OTHER]));
        assert_eq!(r.merged, 2);
        // nothing to merge
        let r = ReportingGroups::new(&n, &[10, 6, 5, 8], 5);
        assert_eq!(r, ReportingGroups::identity(&n));
        // the whole population is too small: everything suppressed
        let r = ReportingGroups::new(&n, &[1, 1, 1, 1], 5);
        assert_eq!(r.label(0), SUPPRESSED);
        assert_eq!(r.suppressed, 4);
    }

    #[test]
    fn a_group_empty_at_the_end_but_present_is_merged_and_the_merge_reaches_the_threshold() {
        let n = names(&["A", "B", "C", "D"]);
        // B is empty at the end of the period but exchanged before: merged, and since the
        // merged group has no one, the smallest remaining group (C) joins it
        let r = ReportingGroups::with_present(&n, &[10, 0, 6, 0], 5, &[true, true, true, false]);
        assert_eq!(r.names, names(&["A", OTHER]));
        assert_eq!(r.label(1), OTHER);
        assert_eq!(r.label(2), OTHER);
        // D: no one and no exchange, not reported
        assert_eq!(r.of_group[3], None);
        assert_eq!(r.merged, 2);
        // without it, B is not reported and nothing is merged
        let r = ReportingGroups::new(&n, &[10, 0, 6, 0], 5);
        assert_eq!(r.names, names(&["A", "C"]));
        assert_eq!(r.merged, 0);
    }
}

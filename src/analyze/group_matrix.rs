//! Group-level measures from a symmetric group × group weight matrix (the diagonal holds the
//! weight inside each group): what the comparison of periods and the trends compute for each
//! period and each bootstrap resample, without going back to the people.
//!
//! The definitions are those of [`crate::analyze::departments`], on weights:
//! - E-I index (Krackhardt & Stern 1988): (E − I) / (E + I), E the weight with other groups,
//!   I the weight inside;
//! - cross-group share E / (E + I), and for the whole organisation Σ_{a<b} w_ab / W;
//! - modularity of the partition (Newman 2006): Q = Σ_g [ I_g / W − (S_g / 2W)² ] with
//!   S_g = 2 I_g + E_g the group's strength and W the total weight;
//! - flow per possible pair: w_ab / (n_a n_b), or w_aa / (n_a (n_a − 1) / 2) inside.
//!
//! Each in O(G²).

/// A symmetric G×G weight matrix, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupMatrix {
    /// Number of groups.
    pub groups: usize,
    /// w[a·G + b] = w[b·G + a]; the diagonal is the weight inside a group.
    pub weights: Vec<f64>,
}

impl GroupMatrix {
    /// An empty matrix of `groups` groups.
    pub fn zero(groups: usize) -> GroupMatrix {
        GroupMatrix {
            groups,
            weights: vec![0.0; groups * groups],
        }
    }

    /// Folds a matrix of true groups into reported groups: `of_group[g]` is g's reported
    /// group (`None`: suppressed, left out); a pair of true groups folded into one reported
    /// group adds to its inside weight. O(G²).
    pub fn fold(&self, of_group: &[Option<u32>], reported: usize) -> GroupMatrix {
        let mut out = GroupMatrix::zero(reported);
        let g = self.groups;
        for (a, ra) in of_group.iter().enumerate().take(g) {
            let Some(ra) = *ra else { continue };
            for (b, rb) in of_group.iter().enumerate().take(g).skip(a) {
                let Some(rb) = *rb else { continue };
                let w = self.weights[a * g + b];
                if w == 0.0 {
                    continue;
                }
                let (ra, rb) = (ra as usize, rb as usize);
                out.weights[ra * reported + rb] += w;
                if ra != rb {
                    out.weights[rb * reported + ra] += w;
                }
            }
        }
        out
    }

    /// The weight between a and b (inside a when a == b).
    pub fn weight(&self, a: usize, b: usize) -> f64 {
        self.weights[a * self.groups + b]
    }

    /// Weight inside group g.
    pub fn internal(&self, g: usize) -> f64 {
        self.weight(g, g)
    }

    /// Weight between g and the other groups.
    pub fn external(&self, g: usize) -> f64 {
        (0..self.groups)
            .filter(|&b| b != g)
            .map(|b| self.weight(g, b))
            .sum()
    }

    /// Total weight W (each pair once).
    pub fn total(&self) -> f64 {
        let g = self.groups;
        (0..g)
            .flat_map(|a| (a..g).map(move |b| (a, b)))
            .map(|(a, b)| self.weight(a, b))
            .sum()
    }

    /// E-I index of group g on weights; `None` without any weight.
    pub fn ei_index(&self, g: usize) -> Option<f64> {
        let (e, i) = (self.external(g), self.internal(g));
        (e + i > 0.0).then(|| (e - i) / (e + i))
    }

    /// Share of group g's weight that goes to other groups; `None` without any weight.
    pub fn cross_share(&self, g: usize) -> Option<f64> {
        let (e, i) = (self.external(g), self.internal(g));
        (e + i > 0.0).then(|| e / (e + i))
    }

    /// Share of the whole weight between two different groups; `None` without any weight.
    pub fn overall_cross_share(&self) -> Option<f64> {
        let total = self.total();
        let inside: f64 = (0..self.groups).map(|g| self.internal(g)).sum();
        (total > 0.0).then(|| (total - inside) / total)
    }

    /// Modularity of the partition into the groups; `None` without any weight.
    pub fn modularity(&self) -> Option<f64> {
        let w = self.total();
        if w <= 0.0 {
            return None;
        }
        Some(
            (0..self.groups)
                .map(|g| {
                    let strength = 2.0 * self.internal(g) + self.external(g);
                    self.internal(g) / w - (strength / (2.0 * w)).powi(2)
                })
                .sum(),
        )
    }
}

/// The possible pairs of people between a and b (`sizes` their headcounts): n_a·n_b, or
/// n_a(n_a − 1)/2 inside a group; `None` when there is none.
pub fn possible_pairs(sizes: &[usize], a: usize, b: usize) -> Option<f64> {
    let pairs = if a == b {
        sizes[a] as f64 * (sizes[a] as f64 - 1.0) / 2.0
    } else {
        sizes[a] as f64 * sizes[b] as f64
    };
    (pairs > 0.0).then_some(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_groups() -> GroupMatrix {
        // inside A 6, inside B 2, between 2
        GroupMatrix {
            groups: 2,
            weights: vec![6.0, 2.0, 2.0, 2.0],
        }
    }

    #[test]
    fn measures_follow_their_definitions() {
        let m = two_groups();
        assert_eq!(m.total(), 10.0);
        assert_eq!(m.ei_index(0), Some((2.0 - 6.0) / 8.0));
        assert_eq!(m.cross_share(1), Some(0.5));
        assert_eq!(m.overall_cross_share(), Some(0.2));
        // Q = 6/10 − (14/20)² + 2/10 − (6/20)²
        let q = 0.6 - 0.49 + 0.2 - 0.09;
        assert!((m.modularity().unwrap() - q).abs() < 1e-12);
        assert_eq!(GroupMatrix::zero(2).modularity(), None);
        assert_eq!(possible_pairs(&[3, 4], 0, 0), Some(3.0));
        assert_eq!(possible_pairs(&[3, 4], 0, 1), Some(12.0));
        assert_eq!(possible_pairs(&[1, 4], 0, 0), None);
    }

    #[test]
    fn folding_merges_pairs_into_the_inside_of_a_group() {
        let m = GroupMatrix {
            groups: 3,
            weights: vec![1.0, 2.0, 3.0, 2.0, 4.0, 5.0, 3.0, 5.0, 6.0],
        };
        let f = m.fold(&[Some(0), Some(1), Some(1)], 2);
        // A inside 1; A–B 2 + 3; B inside 4 + 5 + 6
        assert_eq!(f.weights, vec![1.0, 5.0, 5.0, 15.0]);
        let dropped = m.fold(&[Some(0), None, Some(0)], 1);
        assert_eq!(dropped.weights, vec![1.0 + 3.0 + 6.0]);
    }
}

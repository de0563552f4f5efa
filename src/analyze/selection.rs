//! Which analyses to run (`--analyses`), so that a large run or a benchmark can time one.

use std::fmt;
use std::str::FromStr;

/// One analysis that can be switched on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Analysis {
    /// Betweenness by hops of people.
    Betweenness,
    /// Weighted betweenness of people (path length = 1/weight).
    BetweennessWeighted,
    /// Betweenness by hops of ties.
    EdgeBetweenness,
    /// Bridges, cut points and components.
    Bridges,
    /// Department measures, flows, participation and modularity.
    Departments,
    /// Communities (Leiden or Louvain) and their agreement with the departments.
    Communities,
    /// Single points of failure between departments (direct and indirect links, cut-offs).
    Fragility,
    /// Brokerage roles, Burt's constraint and effective size, between-department betweenness.
    Brokerage,
}

impl Analysis {
    /// Every analysis, in the order they run.
    pub const ALL: [Analysis; 8] = [
        Analysis::Betweenness,
        Analysis::BetweennessWeighted,
        Analysis::EdgeBetweenness,
        Analysis::Bridges,
        Analysis::Departments,
        Analysis::Communities,
        Analysis::Fragility,
        Analysis::Brokerage,
    ];

    /// The name used on the command line and in timings.
    pub fn name(self) -> &'static str {
        match self {
            Analysis::Betweenness => "betweenness",
            Analysis::BetweennessWeighted => "betweenness_weighted",
            Analysis::EdgeBetweenness => "edge_betweenness",
            Analysis::Bridges => "bridges",
            Analysis::Departments => "departments",
            Analysis::Communities => "communities",
            Analysis::Fragility => "fragility",
            Analysis::Brokerage => "brokerage",
        }
    }
}

impl fmt::Display for Analysis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Analysis {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase().replace('-', "_");
        Analysis::ALL
            .into_iter()
            .find(|a| a.name() == t)
            .ok_or_else(|| {
                let names: Vec<&str> = Analysis::ALL.iter().map(|a| a.name()).collect();
                format!(
                    "unknown analysis '{s}' (known: {}, or all)",
                    names.join(", ")
                )
            })
    }
}

/// A set of analyses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection(u32);

impl Selection {
    /// Every analysis.
    pub fn all() -> Selection {
        Selection((1 << Analysis::ALL.len()) - 1)
    }
    /// None.
    pub fn none() -> Selection {
        Selection(0)
    }
    /// Adds one.
    pub fn with(self, a: Analysis) -> Selection {
        Selection(self.0 | 1 << a as u32)
    }
    /// Is `a` selected?
    pub fn has(self, a: Analysis) -> bool {
        self.0 & (1 << a as u32) != 0
    }
    /// Parses `betweenness,bridges` or `all`.
    pub fn parse(list: &str) -> Result<Selection, String> {
        let mut s = Selection::none();
        for item in list.split(',').filter(|i| !i.trim().is_empty()) {
            if item.trim().eq_ignore_ascii_case("all") {
                return Ok(Selection::all());
            }
            s = s.with(item.parse()?);
        }
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lists() {
        let s = Selection::parse("betweenness, edge-betweenness").unwrap();
        assert!(s.has(Analysis::Betweenness) && s.has(Analysis::EdgeBetweenness));
        assert!(!s.has(Analysis::Bridges));
        assert_eq!(Selection::parse("all").unwrap(), Selection::all());
        assert!(Selection::parse("pagerank").is_err());
        for a in Analysis::ALL {
            assert!(Selection::all().has(a), "{a} missing from all()");
            assert_eq!(a.name().parse::<Analysis>(), Ok(a));
        }
    }
}

//! The names a grouping gives its outputs: files (`Gs.csv`, `G_flows.csv`, `G_pairs.csv`,
//! `G_brokers.csv`, `G_people.csv`, `G_map.*`, `G_flows.svg`), column headers (`department` →
//! G) and the words of titles. The department grouping is the case G = `department`, whose
//! files keep their names (departments.csv, department_flows.csv, …).

use crate::report::lang::Lang;

/// A grouping's name, as outputs spell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lens<'a> {
    /// G: `department`, `site`, `business_unit`, `department_site`.
    pub name: &'a str,
}

impl Lens<'static> {
    /// The department grouping.
    pub const DEPARTMENT: Lens<'static> = Lens { name: "department" };
}

impl Lens<'_> {
    /// Whether this is the department grouping.
    pub fn is_department(&self) -> bool {
        self.name == "department"
    }

    /// `Gs.csv` (departments.csv, sites.csv).
    pub fn table(&self) -> String {
        format!("{}s.csv", self.name)
    }

    /// `G_flows.csv`.
    pub fn flows(&self) -> String {
        format!("{}_flows.csv", self.name)
    }

    /// `G_pairs.csv`.
    pub fn pairs(&self) -> String {
        format!("{}_pairs.csv", self.name)
    }

    /// `G_brokers.csv`.
    pub fn brokers(&self) -> String {
        format!("{}_brokers.csv", self.name)
    }

    /// `G_people.csv`: the person-level measures that depend on the grouping.
    pub fn people(&self) -> String {
        format!("{}_people.csv", self.name)
    }

    /// `G_map` (the stem of .dot, .svg, .png).
    pub fn map(&self) -> String {
        format!("{}_map", self.name)
    }

    /// `G_flows.svg`.
    pub fn heatmap(&self) -> String {
        format!("{}_flows.svg", self.name)
    }

    /// A header with `department` made G (`department_a` → `site_a`).
    pub fn header(&self, fields: &[&str]) -> Vec<String> {
        fields
            .iter()
            .map(|f| f.replace("department", self.name))
            .collect()
    }

    /// The noun of a group in `lang`: "department(s)" / "direction(s)" for departments, the
    /// neutral "group(s)" / "groupe(s)" for any other grouping.
    pub fn noun(&self, lang: Lang, plural: bool) -> &'static str {
        match (self.is_department(), lang, plural) {
            (true, Lang::En, false) => "department",
            (true, Lang::En, true) => "departments",
            (true, Lang::Fr, false) => "direction",
            (true, Lang::Fr, true) => "directions",
            (false, Lang::En, false) => "group",
            (false, Lang::En, true) => "groups",
            (false, Lang::Fr, false) => "groupe",
            (false, Lang::Fr, true) => "groupes",
        }
    }

    /// A picture's title: "Departments: who works with whom", "Groups by site: …".
    pub fn title(&self, lang: Lang, what: (&str, &str)) -> String {
        match (self.is_department(), lang) {
            (true, Lang::En) => format!("Departments: {}", what.0),
            (true, Lang::Fr) => format!("Directions : {}", what.1),
            (false, Lang::En) => format!("Groups by {}: {}", self.name, what.0),
            (false, Lang::Fr) => format!("Groupes par {} : {}", self.name, what.1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_department_lens_keeps_the_historic_names() {
        let d = Lens::DEPARTMENT;
        assert_eq!(d.table(), "departments.csv");
        assert_eq!(d.flows(), "department_flows.csv");
        assert_eq!(d.pairs(), "department_pairs.csv");
        assert_eq!(d.brokers(), "department_brokers.csv");
        assert_eq!(d.map(), "department_map");
        assert_eq!(d.heatmap(), "department_flows.svg");
        let site = Lens { name: "site" };
        assert_eq!(site.table(), "sites.csv");
        assert_eq!(
            site.header(&["department_a", "person_department", "person"]),
            ["site_a", "person_site", "person"]
        );
    }
}

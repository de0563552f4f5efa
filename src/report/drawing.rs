//! Pictures as drawn, handed from the drawing code ([`crate::report::render`]) to the page that
//! shows them ([`crate::report::html`]), so that neither imports the other.

/// One graph, drawn.
#[derive(Debug, Clone, Default)]
pub struct Drawing {
    /// The SVG, when asked for.
    pub svg: Option<Vec<u8>>,
    /// The PNG, when asked for.
    pub png: Option<Vec<u8>>,
}

/// The pictures report.html shows.
#[derive(Debug, Clone, Default)]
pub struct Pictures {
    /// The department map.
    pub department_map: Option<Drawing>,
    /// The people graph.
    pub people_graph: Option<Drawing>,
    /// department_flows.svg.
    pub department_flows: Option<String>,
    /// Graphviz was not found: the page says why the maps are missing.
    pub graphviz_missing: bool,
}

//! people_graph.dot: people coloured by community (or by department), cut points drawn as
//! diamonds, bridges in red, the people of highest betweenness labelled. Above
//! [`BACKBONE_PEOPLE`] people a full drawing is a hairball: the graph keeps a backbone instead
//! (each person's strongest ties, every bridge), and says so in its caption.

use dot_structures::{Edge, EdgeTy, Graph, NodeId, Stmt, Vertex};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use crate::analyze::Run;
use crate::error::Result;
use crate::privacy::groups::OTHER;
use crate::privacy::view::View;
use crate::report::atomic::OutputDir;
use crate::report::dot::{attr, plain, quoted};

/// Above this many people, only a backbone of ties is drawn.
pub const BACKBONE_PEOPLE: usize = 2_000;
/// Ties kept per person in the backbone (its strongest).
pub const BACKBONE_TIES_PER_PERSON: usize = 2;
/// People labelled (highest betweenness).
pub const LABELLED: usize = 10;

/// Colours that stay apart on screen and in grey print (ColorBrewer "Paired", dark first).
const PALETTE: [&str; 12] = [
    "#1f78b4", "#e31a1c", "#33a02c", "#ff7f00", "#6a3d9a", "#b15928", "#a6cee3", "#fb9a99",
    "#b2df8a", "#fdbf6f", "#cab2d6", "#ffff99",
];
const GREY: &str = "#bdbdbd";

/// What colours the people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorBy {
    /// Communities (when found), else departments.
    Community,
    /// Departments.
    Department,
}

/// Builds the people graph.
pub fn people_graph(f: &Run<'_>, view: &View, color: ColorBy) -> Graph {
    let g = f.graph;
    let n = g.node_count();
    let by_community = color == ColorBy::Community && view.communities.is_some();
    let group_of = |v: u32| -> &str {
        if by_community {
            view.community(v)
        } else {
            view.department(v)
        }
    };
    let mut groups: Vec<&str> = (0..n as u32).map(group_of).collect();
    groups.sort_unstable();
    groups.dedup();
    // the largest groups get the palette, in order of size
    let mut sized: Vec<(usize, &str)> = groups
        .iter()
        .map(|&name| ((0..n as u32).filter(|&v| group_of(v) == name).count(), name))
        .collect();
    sized.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let colour_of = |name: &str| -> &'static str {
        if name == OTHER || name.starts_with('(') {
            return GREY;
        }
        sized
            .iter()
            .filter(|(_, n)| *n != OTHER)
            .position(|(_, n)| *n == name)
            .and_then(|i| PALETTE.get(i).copied())
            .unwrap_or(GREY)
    };

    let backbone = n > BACKBONE_PEOPLE;
    let mut keep = vec![!backbone; g.tie_count()];
    if backbone {
        for v in 0..n as u32 {
            let mut mine: Vec<u32> = g.tie_ids(v).to_vec();
            mine.sort_by(|&a, &b| {
                g.ties()[b as usize]
                    .weight
                    .total_cmp(&g.ties()[a as usize].weight)
                    .then(a.cmp(&b))
            });
            for &t in mine.iter().take(BACKBONE_TIES_PER_PERSON) {
                keep[t as usize] = true;
            }
        }
    }
    let bridge = |t: usize| f.structure.is_some_and(|s| s.is_bridge[t]);
    let cut = |v: u32| {
        f.structure
            .is_some_and(|s| s.is_articulation_point[v as usize])
    };
    let mut labelled = vec![false; n];
    if let Some(b) = f.betweenness.or(f.betweenness_weighted) {
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.sort_by(|&x, &y| {
            b[y as usize]
                .total_cmp(&b[x as usize])
                .then_with(|| view.person(x).cmp(view.person(y)))
        });
        for &v in order
            .iter()
            .take(LABELLED)
            .filter(|&&v| b[v as usize] > 0.0)
        {
            labelled[v as usize] = true;
        }
    }

    let what = if by_community {
        "community"
    } else {
        "department"
    };
    let legend =
        |caption: &str, sized: &[(usize, &str)], colour_of: &dyn Fn(&str) -> &'static str| {
            // an HTML-like label: a line of coloured squares and names above the caption (clusters,
            // the usual legend, are not drawn by the force-directed layouts; text rather than table
            // cells, which Graphviz would stretch to the caption's width)
            // a drawing of many people is large: its legend grows with it
            let scale = (n as f64 / 500.0).sqrt().clamp(1.0, 8.0);
            let mut html = format!("<<FONT POINT-SIZE=\"{}\">", (16.0 * scale).round());
            for (_, name) in sized.iter().take(PALETTE.len() + 1) {
                html.push_str(&format!(
                    "<FONT COLOR=\"{}\">\u{25a0}</FONT>\u{a0}{}\u{a0}\u{a0}\u{a0} ",
                    colour_of(name),
                    escape_html(name)
                ));
            }
            // (ends with a tag: graphviz-rust's parser, which reads the laid-out graph back, needs it)
            html.push_str(&format!(
                "</FONT><BR/><FONT POINT-SIZE=\"{}\">{}</FONT>>",
                (14.0 * scale).round(),
                escape_html(caption)
            ));
            dot_structures::Id::Html(html)
        };
    let caption = if backbone {
        format!(
            "People coloured by {what}; diamonds = cut points, red = bridges, labels = highest betweenness. Backbone only: each person's {BACKBONE_TIES_PER_PERSON} strongest ties and every bridge ({n} people)."
        )
    } else {
        format!(
            "People coloured by {what}; diamonds = cut points, red = bridges, labels = highest betweenness."
        )
    };
    let mut stmts = vec![
        Stmt::Attribute(attr(
            "layout",
            plain(if n > 500 { "sfdp" } else { "neato" }),
        )),
        Stmt::Attribute(attr("overlap", plain("prism"))),
        Stmt::Attribute(attr("outputorder", plain("edgesfirst"))),
        Stmt::Attribute(attr("forcelabels", plain("true"))),
        Stmt::Attribute(attr("label", legend(&caption, &sized, &colour_of))),
        Stmt::Attribute(attr("labelloc", plain("b"))),
        Stmt::Attribute(attr("fontname", quoted("Helvetica"))),
        Stmt::GAttribute(dot_structures::GraphAttributes::Node(vec![
            attr("shape", plain("circle")),
            attr("style", plain("filled")),
            attr("width", plain("0.12")),
            attr("fixedsize", plain("true")),
            attr("label", quoted("")),
            attr("penwidth", plain("0.3")),
            attr("fontname", quoted("Helvetica")),
            attr("fontsize", plain("10")),
        ])),
        Stmt::GAttribute(dot_structures::GraphAttributes::Edge(vec![
            // fainter when ties are many, so that the dense core does not turn black
            attr(
                "color",
                quoted(if g.tie_count() > 5_000 {
                    "#00000018"
                } else {
                    "#00000030"
                }),
            ),
            attr("penwidth", plain("0.5")),
        ])),
    ];
    // node names follow label order, so that they hint at nothing but the label
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by(|&a, &b| view.person(a).cmp(view.person(b)));
    let mut rank = vec![0u32; n];
    for (i, &v) in order.iter().enumerate() {
        rank[v as usize] = i as u32;
    }
    let id_of = |v: u32| plain(format!("n{}", rank[v as usize]));
    // labelled people last, so that no other node is drawn over their names
    let (plain_nodes, named): (Vec<u32>, Vec<u32>) = order
        .iter()
        .partition(|&&v| !(labelled[v as usize] && view.person_level));
    for &v in plain_nodes.iter().chain(&named) {
        let mut a = vec![attr("fillcolor", quoted(colour_of(group_of(v))))];
        if cut(v) {
            a.push(attr("shape", plain("diamond")));
            a.push(attr("width", plain("0.3")));
            a.push(attr("penwidth", plain("1.5")));
        }
        if labelled[v as usize] && view.person_level {
            // on a white box, so the name stays readable over a dense drawing
            a.push(attr(
                "xlabel",
                dot_structures::Id::Html(format!(
                    "<<TABLE BORDER=\"0\" CELLPADDING=\"1\" BGCOLOR=\"#ffffffd0\"><TR><TD>{}</TD></TR></TABLE>>",
                    escape_html(view.person(v))
                )),
            ));
            a.push(attr("fontsize", plain("13")));
        }
        stmts.push(Stmt::Node(dot_structures::Node::new(
            NodeId(id_of(v), None),
            a,
        )));
    }
    let mut edges: Vec<(usize, u32, u32)> = (0..g.tie_count())
        .filter(|&t| keep[t] || bridge(t))
        .map(|t| {
            let tie = g.ties()[t];
            let (a, b) = if view.person(tie.source) <= view.person(tie.target) {
                (tie.source, tie.target)
            } else {
                (tie.target, tie.source)
            };
            (t, a, b)
        })
        .collect();
    edges.sort_by(|x, y| {
        (view.person(x.1), view.person(x.2)).cmp(&(view.person(y.1), view.person(y.2)))
    });
    for (t, a, b) in edges {
        let mut attrs = Vec::new();
        if bridge(t) {
            attrs.push(attr("color", quoted("#d7301f")));
            attrs.push(attr("penwidth", plain("2.5")));
        }
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(id_of(a), None)),
                Vertex::N(NodeId(id_of(b), None)),
            ),
            attributes: attrs,
        }));
    }
    Graph::Graph {
        id: plain("people"),
        strict: false,
        stmts,
    }
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Writes people_graph.dot.
pub fn write_people_graph(out: &OutputDir, f: &Run<'_>, view: &View, color: ColorBy) -> Result<()> {
    let text = people_graph(f, view, color).print(&mut PrinterContext::default());
    out.write_bytes("people_graph.dot", format!("{text}\n").as_bytes())?;
    Ok(())
}

//! department_map.dot: departments as nodes sized by headcount and shaded by E-I index (closed
//! silos dark, open departments light), flows between departments as edges whose width follows
//! the size-normalized flow. Built with graphviz-rust's types and printer, so that names with
//! quotes or accents are always escaped correctly.

use dot_structures::{Attribute, Edge, EdgeTy, Graph, Id, Node, NodeId, Stmt, Vertex};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use crate::error::Result;
use crate::report::atomic::OutputDir;
use crate::report::view::View;

pub(crate) fn quoted(s: &str) -> Id {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            _ => q.push(c),
        }
    }
    q.push('"');
    Id::Escaped(q)
}

pub(crate) fn attr(key: &str, value: Id) -> Attribute {
    Attribute(Id::Plain(key.to_string()), value)
}

pub(crate) fn plain(value: impl ToString) -> Id {
    Id::Plain(value.to_string())
}

/// Grey level for an E-I index: −1 (closed) is dark, +1 (open) light; survives grey printing.
fn shade(ei: Option<f64>) -> String {
    let Some(ei) = ei else {
        return "#ffffff".into();
    };
    let level = (96.0 + (ei + 1.0) / 2.0 * 150.0).round() as u8;
    format!("#{level:02x}{level:02x}{level:02x}")
}

/// Breaks a long name at spaces into lines of about `width` characters.
pub(crate) fn wrap(name: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in name.split(' ') {
        if line > 0 && line + 1 + word.chars().count() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.chars().count();
    }
    out
}

/// Builds the department map as a graphviz-rust graph.
pub fn department_map(view: &View) -> Option<Graph> {
    let d = view.grouped.as_ref()?;
    let names = view.department_names();
    let mut stmts: Vec<Stmt> = vec![
        Stmt::Attribute(attr("layout", plain("neato"))),
        Stmt::Attribute(attr("overlap", plain("false"))),
        Stmt::Attribute(attr("splines", plain("true"))),
        Stmt::Attribute(attr(
            "label",
            quoted(
                "Departments sized by headcount, darker = more closed (E-I index on weights); edge width = flow per possible pair of people",
            ),
        )),
        Stmt::Attribute(attr("fontname", quoted("Helvetica"))),
    ];
    let largest = d
        .stats
        .iter()
        .map(|s| s.headcount)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    for (i, (name, s)) in names.iter().zip(&d.stats).enumerate() {
        let ei = s.ei_index_weight();
        let size = 0.6 + 1.6 * (s.headcount as f64 / largest).sqrt();
        let ei_text = ei.map_or("no ties".to_string(), |e| format!("E-I {e:+.2}"));
        let label = format!("{}\n{} people\n{ei_text}", wrap(name, 12), s.headcount);
        let font = if ei.unwrap_or(1.0) < -0.2 {
            "white"
        } else {
            "black"
        };
        stmts.push(Stmt::Node(Node::new(
            NodeId(plain(format!("d{i}")), None),
            vec![
                attr("label", quoted(&label)),
                attr("shape", plain("circle")),
                attr("style", plain("filled")),
                attr("fillcolor", quoted(&shade(ei))),
                attr("fontcolor", plain(font)),
                attr("fontname", quoted("Helvetica")),
                attr("width", plain(format!("{size:.2}"))),
                attr("fixedsize", plain("shape")),
            ],
        )));
    }
    let cross: Vec<_> = d
        .flows
        .iter()
        .filter(|fl| fl.a != fl.b && fl.weight > 0.0)
        .collect();
    let strongest = cross
        .iter()
        .filter_map(|fl| fl.normalized)
        .fold(0.0f64, f64::max);
    for fl in cross {
        let rel = fl.normalized.unwrap_or(0.0) / if strongest > 0.0 { strongest } else { 1.0 };
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(plain(format!("d{}", fl.a)), None)),
                Vertex::N(NodeId(plain(format!("d{}", fl.b)), None)),
            ),
            attributes: vec![
                attr("penwidth", plain(format!("{:.2}", 0.5 + 7.5 * rel))),
                attr("label", quoted(&format!("{:.0}", fl.weight))),
                attr("fontsize", plain(9)),
                attr("color", quoted("#4a4a4a")),
            ],
        }));
    }
    Some(Graph::Graph {
        id: plain("departments"),
        strict: false,
        stmts,
    })
}

/// Writes department_map.dot (when the department analysis ran).
pub fn write_department_map(out: &OutputDir, view: &View) -> Result<()> {
    let Some(graph) = department_map(view) else {
        return Ok(());
    };
    let text = graph.print(&mut PrinterContext::default());
    out.write_bytes("department_map.dot", format!("{text}\n").as_bytes())?;
    Ok(())
}

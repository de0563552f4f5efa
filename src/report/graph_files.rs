//! people_graph.gexf (GEXF 1.3, for Gephi) and people_graph.graphml: the people graph with
//! every column of people.csv as node attributes and every column of ties.csv as edge
//! attributes, from the very rows those tables write (so the three never disagree), under the
//! same pseudonyms. Written with quick-xml (escaping, well-formedness); an empty cell (an
//! analysis not run) is an absent value.

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use serde::Serialize;
use serde_json::Value;

use crate::analyze::Run;
use crate::error::Result;
use crate::privacy::view::View;
use crate::report::atomic::OutputDir;
use crate::report::tables::{person_rows, tie_rows};

/// A table as columns and rows of JSON values (numbers, strings, nulls).
struct Table {
    columns: Vec<String>,
    rows: Vec<Vec<Value>>,
}

impl Table {
    fn of<T: Serialize>(rows: &[T]) -> io::Result<Table> {
        let mut columns = Vec::new();
        let mut values = Vec::with_capacity(rows.len());
        for r in rows {
            let Value::Object(map) = serde_json::to_value(r).map_err(io::Error::other)? else {
                return Err(io::Error::other("a table row is not a record"));
            };
            if columns.is_empty() {
                columns = map.keys().cloned().collect();
            }
            values.push(columns.iter().map(|c| map[c].clone()).collect());
        }
        Ok(Table {
            columns,
            rows: values,
        })
    }

    /// The type of a column from its first non-empty value: GraphML's and GEXF's names.
    fn kind(&self, c: usize) -> (&'static str, &'static str) {
        let first = self.rows.iter().map(|r| &r[c]).find(|v| !v.is_null());
        match first {
            Some(Value::Number(n)) if n.is_f64() => ("double", "double"),
            Some(Value::Number(_)) => ("long", "long"),
            _ => ("string", "string"),
        }
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

type Xml<'w> = Writer<&'w mut dyn Write>;

fn start(w: &mut Xml<'_>, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
    let mut e = BytesStart::new(name);
    for a in attrs {
        e.push_attribute(*a);
    }
    w.write_event(Event::Start(e)).map_err(io::Error::other)
}

fn empty(w: &mut Xml<'_>, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
    let mut e = BytesStart::new(name);
    for a in attrs {
        e.push_attribute(*a);
    }
    w.write_event(Event::Empty(e)).map_err(io::Error::other)
}

fn end(w: &mut Xml<'_>, name: &str) -> io::Result<()> {
    w.write_event(Event::End(BytesEnd::new(name)))
        .map_err(io::Error::other)
}

fn declaration(w: &mut Xml<'_>) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(io::Error::other)
}

/// Writes people_graph.gexf and people_graph.graphml.
pub fn write_graph_files(out: &OutputDir, f: &Run<'_>, view: &View) -> Result<()> {
    let people = person_rows(f, view);
    let ties = tie_rows(f, view);
    let build = || -> io::Result<(Table, Table)> { Ok((Table::of(&people)?, Table::of(&ties)?)) };
    let (nodes, edges) = build().map_err(|source| crate::Error::Write {
        path: out.path().join("people_graph.gexf"),
        source,
    })?;
    out.write("people_graph.gexf", |w| gexf(w, &nodes, &edges))?;
    out.write("people_graph.graphml", |w| graphml(w, &nodes, &edges))?;
    Ok(())
}

/// GEXF 1.3 (gexf.net/1.3): node ids are the people.csv ids, edges undirected with the tie
/// weight as `weight`.
fn gexf(out: &mut dyn Write, nodes: &Table, edges: &Table) -> io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 1);
    declaration(&mut w)?;
    start(
        &mut w,
        "gexf",
        &[("xmlns", "http://gexf.net/1.3"), ("version", "1.3")],
    )?;
    start(&mut w, "meta", &[])?;
    start(&mut w, "creator", &[])?;
    w.write_event(Event::Text(BytesText::new("siloscope")))
        .map_err(io::Error::other)?;
    end(&mut w, "creator")?;
    end(&mut w, "meta")?;
    start(
        &mut w,
        "graph",
        &[("mode", "static"), ("defaultedgetype", "undirected")],
    )?;
    for (class, table) in [("node", nodes), ("edge", edges)] {
        start(&mut w, "attributes", &[("class", class)])?;
        for (c, name) in table.columns.iter().enumerate() {
            let id = c.to_string();
            empty(
                &mut w,
                "attribute",
                &[("id", &id), ("title", name), ("type", table.kind(c).1)],
            )?;
        }
        end(&mut w, "attributes")?;
    }
    let id = nodes.columns.iter().position(|c| c == "id").unwrap_or(0);
    start(&mut w, "nodes", &[])?;
    for row in &nodes.rows {
        let label = text(&row[id]).unwrap_or_default();
        start(&mut w, "node", &[("id", &label), ("label", &label)])?;
        attvalues(&mut w, row)?;
        end(&mut w, "node")?;
    }
    end(&mut w, "nodes")?;
    let col = |n: &str| edges.columns.iter().position(|c| c == n).unwrap_or(0);
    let (source, target, weight) = (col("source"), col("target"), col("weight"));
    start(&mut w, "edges", &[])?;
    for (i, row) in edges.rows.iter().enumerate() {
        let (s, t, wt) = (
            text(&row[source]).unwrap_or_default(),
            text(&row[target]).unwrap_or_default(),
            text(&row[weight]).unwrap_or_default(),
        );
        let id = i.to_string();
        start(
            &mut w,
            "edge",
            &[("id", &id), ("source", &s), ("target", &t), ("weight", &wt)],
        )?;
        attvalues(&mut w, row)?;
        end(&mut w, "edge")?;
    }
    end(&mut w, "edges")?;
    end(&mut w, "graph")?;
    end(&mut w, "gexf")?;
    w.into_inner().write_all(b"\n")
}

fn attvalues(w: &mut Xml<'_>, row: &[Value]) -> io::Result<()> {
    start(w, "attvalues", &[])?;
    for (c, v) in row.iter().enumerate() {
        if let Some(value) = text(v) {
            let id = c.to_string();
            empty(w, "attvalue", &[("for", &id), ("value", &value)])?;
        }
    }
    end(w, "attvalues")
}

/// GraphML (graphml.graphdrawing.org): one key per column, `n<i>` for people and `e<i>` for
/// ties.
fn graphml(out: &mut dyn Write, nodes: &Table, edges: &Table) -> io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 1);
    declaration(&mut w)?;
    start(
        &mut w,
        "graphml",
        &[("xmlns", "http://graphml.graphdrawing.org/xmlns")],
    )?;
    for (prefix, class, table) in [("n", "node", nodes), ("e", "edge", edges)] {
        for (c, name) in table.columns.iter().enumerate() {
            let id = format!("{prefix}{c}");
            empty(
                &mut w,
                "key",
                &[
                    ("id", &id),
                    ("for", class),
                    ("attr.name", name),
                    ("attr.type", table.kind(c).0),
                ],
            )?;
        }
    }
    start(
        &mut w,
        "graph",
        &[("id", "people"), ("edgedefault", "undirected")],
    )?;
    let id = nodes.columns.iter().position(|c| c == "id").unwrap_or(0);
    for row in &nodes.rows {
        let label = text(&row[id]).unwrap_or_default();
        start(&mut w, "node", &[("id", &label)])?;
        data(&mut w, "n", row)?;
        end(&mut w, "node")?;
    }
    let col = |n: &str| edges.columns.iter().position(|c| c == n).unwrap_or(0);
    let (source, target) = (col("source"), col("target"));
    for row in &edges.rows {
        let (s, t) = (
            text(&row[source]).unwrap_or_default(),
            text(&row[target]).unwrap_or_default(),
        );
        start(&mut w, "edge", &[("source", &s), ("target", &t)])?;
        data(&mut w, "e", row)?;
        end(&mut w, "edge")?;
    }
    end(&mut w, "graph")?;
    end(&mut w, "graphml")?;
    w.into_inner().write_all(b"\n")
}

fn data(w: &mut Xml<'_>, prefix: &str, row: &[Value]) -> io::Result<()> {
    for (c, v) in row.iter().enumerate() {
        if let Some(value) = text(v) {
            let key = format!("{prefix}{c}");
            start(w, "data", &[("key", &key)])?;
            w.write_event(Event::Text(BytesText::new(&value)))
                .map_err(io::Error::other)?;
            end(w, "data")?;
        }
    }
    Ok(())
}

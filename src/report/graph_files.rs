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

/// Above this many ties the Gephi files keep each person's [`GEPHI_TIES_PER_PERSON`] strongest
/// ties only: Gephi on a laptop does not open millions of edges (3.2 million ties made 2.6 GB
/// of XML), and ties.csv still has them all.
pub const GEPHI_TIES: usize = 500_000;

/// How many of each person's strongest ties the Gephi files keep above [`GEPHI_TIES`].
pub const GEPHI_TIES_PER_PERSON: usize = 5;

/// Above this many people the Gephi files are not written: Gephi on a laptop does not open
/// them (1,000,000 people made 4.7 GB of XML in about two minutes, even with each person's 5
/// strongest ties only), and people.csv and ties.csv, which Gephi imports as node and edge
/// tables, hold the same columns. summary.md says so.
pub const GEPHI_PEOPLE: usize = 200_000;

/// Whether people_graph.gexf and people_graph.graphml are written for `people` people.
pub fn gephi_files_written(people: usize) -> bool {
    people <= GEPHI_PEOPLE
}

/// A table's columns and their (GraphML, GEXF) type names, from each column's first non-empty
/// value.
struct Header {
    columns: Vec<String>,
    kinds: Vec<(&'static str, &'static str)>,
}

impl Header {
    fn column(&self, name: &str) -> usize {
        self.columns.iter().position(|c| c == name).unwrap_or(0)
    }
}

/// A table's header, its rows turned into JSON values one at a time, so that a file of
/// millions of rows never holds them all in memory.
struct Table<'a, T> {
    header: Header,
    rows: &'a [T],
}

impl<'a, T: Serialize> Table<'a, T> {
    fn of(rows: &'a [T]) -> io::Result<Table<'a, T>> {
        let mut columns = Vec::new();
        let mut kinds: Vec<Option<(&'static str, &'static str)>> = Vec::new();
        for r in rows {
            let map = record(r)?;
            if columns.is_empty() {
                columns = map.keys().cloned().collect();
                kinds = vec![None; columns.len()];
            }
            for (kind, c) in kinds.iter_mut().zip(&columns) {
                if kind.is_none() {
                    *kind = match &map[c] {
                        Value::Null => None,
                        Value::Number(n) if n.is_f64() => Some(("double", "double")),
                        Value::Number(_) => Some(("long", "long")),
                        _ => Some(("string", "string")),
                    };
                }
            }
            if kinds.iter().all(Option::is_some) {
                break;
            }
        }
        let kinds = kinds
            .into_iter()
            .map(|k| k.unwrap_or(("string", "string")))
            .collect();
        Ok(Table {
            header: Header { columns, kinds },
            rows,
        })
    }

    /// Each row's values in column order.
    fn each(&self, mut visit: impl FnMut(&[Value]) -> io::Result<()>) -> io::Result<()> {
        let mut values = Vec::with_capacity(self.header.columns.len());
        for r in self.rows {
            let mut map = record(r)?;
            values.clear();
            values.extend(
                self.header
                    .columns
                    .iter()
                    .map(|c| map.remove(c).unwrap_or(Value::Null)),
            );
            visit(&values)?;
        }
        Ok(())
    }
}

fn record<T: Serialize>(row: &T) -> io::Result<serde_json::Map<String, Value>> {
    match serde_json::to_value(row).map_err(io::Error::other)? {
        Value::Object(map) => Ok(map),
        _ => Err(io::Error::other("a table row is not a record")),
    }
}

/// The ties the Gephi files keep: all up to `limit` ties (`None`), above it each person's
/// `per_person` strongest (at least 1) (by weight, then by tie index: a function of the
/// graph only). O(m).
fn kept_ties(
    g: &crate::graph::InteractionGraph,
    limit: usize,
    per_person: usize,
) -> Option<Vec<bool>> {
    if g.tie_count() <= limit {
        return None;
    }
    let ties = g.ties();
    let stronger = |a: &u32, b: &u32| {
        let (wa, wb) = (ties[*a as usize].weight, ties[*b as usize].weight);
        wb.total_cmp(&wa).then(a.cmp(b))
    };
    let mut keep = vec![false; ties.len()];
    let mut ids = Vec::new();
    for v in 0..g.node_count() as u32 {
        ids.clear();
        ids.extend_from_slice(g.tie_ids(v));
        if ids.len() > per_person {
            ids.select_nth_unstable_by(per_person - 1, stronger);
            ids.truncate(per_person);
        }
        for &id in &ids {
            keep[id as usize] = true;
        }
    }
    Some(keep)
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

/// `<name attrs…>text</name>`, the text escaped.
fn text_element(w: &mut Xml<'_>, name: &str, attrs: &[(&str, &str)], text: &str) -> io::Result<()> {
    start(w, name, attrs)?;
    w.write_event(Event::Text(BytesText::new(text)))
        .map_err(io::Error::other)?;
    end(w, name)
}

fn end(w: &mut Xml<'_>, name: &str) -> io::Result<()> {
    w.write_event(Event::End(BytesEnd::new(name)))
        .map_err(io::Error::other)
}

fn declaration(w: &mut Xml<'_>) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(io::Error::other)
}

/// Writes people_graph.gexf and people_graph.graphml: every person, and every tie up to
/// [`GEPHI_TIES`] (above, each person's strongest, said in the files' description); nothing
/// above [`GEPHI_PEOPLE`] people.
pub fn write_graph_files(out: &OutputDir, f: &Run<'_>, view: &View) -> Result<()> {
    if !gephi_files_written(f.graph.node_count()) {
        return Ok(());
    }
    let people = person_rows(f, view);
    let keep = kept_ties(f.graph, GEPHI_TIES, GEPHI_TIES_PER_PERSON);
    let ties = tie_rows(f, view, keep.as_deref());
    let description = keep.is_some().then(|| {
        format!(
            "{} of the {} ties: each person's {} strongest (ties.csv has them all)",
            ties.len(),
            f.graph.tie_count(),
            GEPHI_TIES_PER_PERSON
        )
    });
    let tables = || -> io::Result<_> { Ok((Table::of(&people)?, Table::of(&ties)?)) };
    let (nodes, edges) = tables().map_err(|source| crate::Error::Write {
        path: out.path().join("people_graph.gexf"),
        source,
    })?;
    let description = description.as_deref();
    out.write("people_graph.gexf", |w| {
        gexf(w, &nodes, &edges, description)
    })?;
    out.write("people_graph.graphml", |w| {
        graphml(w, &nodes, &edges, description)
    })?;
    Ok(())
}

/// GEXF 1.3 (gexf.net/1.3): node ids are the people.csv ids, edges undirected with the tie
/// weight as `weight`.
fn gexf<N: Serialize, E: Serialize>(
    out: &mut dyn Write,
    nodes: &Table<'_, N>,
    edges: &Table<'_, E>,
    description: Option<&str>,
) -> io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 1);
    declaration(&mut w)?;
    start(
        &mut w,
        "gexf",
        &[("xmlns", "http://gexf.net/1.3"), ("version", "1.3")],
    )?;
    start(&mut w, "meta", &[])?;
    text_element(&mut w, "creator", &[], "siloscope")?;
    if let Some(d) = description {
        text_element(&mut w, "description", &[], d)?;
    }
    end(&mut w, "meta")?;
    start(
        &mut w,
        "graph",
        &[("mode", "static"), ("defaultedgetype", "undirected")],
    )?;
    for (class, header) in [("node", &nodes.header), ("edge", &edges.header)] {
        start(&mut w, "attributes", &[("class", class)])?;
        for (c, (name, kind)) in header.columns.iter().zip(&header.kinds).enumerate() {
            let id = c.to_string();
            empty(
                &mut w,
                "attribute",
                &[("id", &id), ("title", name), ("type", kind.1)],
            )?;
        }
        end(&mut w, "attributes")?;
    }
    let id = nodes.header.column("id");
    start(&mut w, "nodes", &[])?;
    nodes.each(|row| {
        let label = text(&row[id]).unwrap_or_default();
        start(&mut w, "node", &[("id", &label), ("label", &label)])?;
        attvalues(&mut w, row)?;
        end(&mut w, "node")
    })?;
    end(&mut w, "nodes")?;
    let (source, target, weight) = (
        edges.header.column("source"),
        edges.header.column("target"),
        edges.header.column("weight"),
    );
    start(&mut w, "edges", &[])?;
    let mut i = 0usize;
    edges.each(|row| {
        let (s, t, wt) = (
            text(&row[source]).unwrap_or_default(),
            text(&row[target]).unwrap_or_default(),
            text(&row[weight]).unwrap_or_default(),
        );
        let id = i.to_string();
        i += 1;
        start(
            &mut w,
            "edge",
            &[("id", &id), ("source", &s), ("target", &t), ("weight", &wt)],
        )?;
        attvalues(&mut w, row)?;
        end(&mut w, "edge")
    })?;
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
fn graphml<N: Serialize, E: Serialize>(
    out: &mut dyn Write,
    nodes: &Table<'_, N>,
    edges: &Table<'_, E>,
    description: Option<&str>,
) -> io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 1);
    declaration(&mut w)?;
    start(
        &mut w,
        "graphml",
        &[("xmlns", "http://graphml.graphdrawing.org/xmlns")],
    )?;
    for (prefix, class, header) in [("n", "node", &nodes.header), ("e", "edge", &edges.header)] {
        for (c, (name, kind)) in header.columns.iter().zip(&header.kinds).enumerate() {
            let id = format!("{prefix}{c}");
            empty(
                &mut w,
                "key",
                &[
                    ("id", &id),
                    ("for", class),
                    ("attr.name", name),
                    ("attr.type", kind.0),
                ],
            )?;
        }
    }
    start(
        &mut w,
        "graph",
        &[("id", "people"), ("edgedefault", "undirected")],
    )?;
    if let Some(d) = description {
        text_element(&mut w, "desc", &[], d)?;
    }
    let id = nodes.header.column("id");
    nodes.each(|row| {
        let label = text(&row[id]).unwrap_or_default();
        start(&mut w, "node", &[("id", &label)])?;
        data(&mut w, "n", row)?;
        end(&mut w, "node")
    })?;
    let (source, target) = (edges.header.column("source"), edges.header.column("target"));
    edges.each(|row| {
        let (s, t) = (
            text(&row[source]).unwrap_or_default(),
            text(&row[target]).unwrap_or_default(),
        );
        start(&mut w, "edge", &[("source", &s), ("target", &t)])?;
        data(&mut w, "e", row)?;
        end(&mut w, "edge")
    })?;
    end(&mut w, "graph")?;
    end(&mut w, "graphml")?;
    w.into_inner().write_all(b"\n")
}

fn data(w: &mut Xml<'_>, prefix: &str, row: &[Value]) -> io::Result<()> {
    for (c, v) in row.iter().enumerate() {
        if let Some(value) = text(v) {
            let key = format!("{prefix}{c}");
            text_element(w, "data", &[("key", &key)], &value)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::InteractionGraph;

    #[test]
    fn above_the_limit_each_person_keeps_their_strongest_ties() {
        // a star around 0 with weights 1..=4, and 1–2 of weight 9
        let g = InteractionGraph::from_weighted_ties(
            5,
            &[
                (0, 1, 1.0),
                (0, 2, 2.0),
                (0, 3, 3.0),
                (0, 4, 4.0),
                (1, 2, 9.0),
            ],
        );
        assert_eq!(kept_ties(&g, 5, 1), None);
        let keep = kept_ties(&g, 4, 1).unwrap();
        let kept: Vec<(u32, u32)> = g
            .ties()
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(t, _)| (t.source, t.target))
            .collect();
        // 0 keeps 0–4, 1 and 2 keep 1–2, 3 keeps 0–3 (its only tie): 0–1 and 0–2 go
        assert_eq!(kept, vec![(0, 3), (0, 4), (1, 2)]);
    }
}

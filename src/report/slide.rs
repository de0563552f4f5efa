//! What [`crate::report::render::draw`] does to a laid-out graph before drawing it: the
//! people's names placed against their own nodes ([`crate::report::labels`]), and a 16:9 frame
//! around the whole drawing, so that a picture fills a slide edge to edge (1920 × 1080 pixels
//! at [`crate::report::render::PNG_DPI`]) whatever the shape of the layout.
//!
//! Works on the graph Graphviz wrote with `-Tdot` (positions in points, y up; node sizes in
//! inches). O(n + m) plus the placement.

use dot_structures::{Attribute, Graph, Id, Node, NodeId, Stmt};

use crate::report::dot::{attr, plain, quoted};
use crate::report::labels::{self, Outline, Rect, Request, Shape};
use crate::report::lang::Lang;

/// Width of a slide, in points (13.333 in).
pub const SLIDE_WIDTH: f64 = 960.0;
/// Height of a slide, in points (7.5 in): 16:9.
pub const SLIDE_HEIGHT: f64 = 540.0;
/// Font size of a person's name as it shows on a slide, in points.
pub const NAME_POINTS: f64 = 13.0;
/// Blank kept around the drawing, as a share of its frame.
const MARGIN: f64 = 0.02;
/// Suffix of the name of the node that carries a person's label.
pub const LABEL_SUFFIX: &str = "_label";

fn stmts(graph: &mut Graph) -> &mut Vec<Stmt> {
    match graph {
        Graph::Graph { stmts, .. } | Graph::DiGraph { stmts, .. } => stmts,
    }
}

fn text(id: &Id) -> String {
    match id {
        Id::Plain(v) | Id::Anonymous(v) | Id::Html(v) => v.clone(),
        Id::Escaped(v) => v.trim_matches('"').to_string(),
    }
}

fn get<'a>(attrs: &'a [Attribute], key: &str) -> Option<&'a Id> {
    attrs
        .iter()
        .find(|Attribute(k, _)| text(k) == key)
        .map(|Attribute(_, v)| v)
}

fn numbers(s: &str) -> Vec<f64> {
    s.trim_end_matches('!')
        .split(',')
        .filter_map(|x| x.trim().parse().ok())
        .collect()
}

/// The graph's bounding box (`bb`), when Graphviz wrote one.
fn bounding_box(stmts: &[Stmt]) -> Option<Rect> {
    stmts.iter().find_map(|s| match s {
        Stmt::Attribute(Attribute(k, v)) if text(k) == "bb" => match numbers(&text(v))[..] {
            [x0, y0, x1, y1] => Some(Rect { x0, y0, x1, y1 }),
            _ => None,
        },
        Stmt::GAttribute(dot_structures::GraphAttributes::Graph(attrs)) => {
            match numbers(&text(get(attrs, "bb")?))[..] {
                [x0, y0, x1, y1] => Some(Rect { x0, y0, x1, y1 }),
                _ => None,
            }
        }
        _ => None,
    })
}

/// The visible text of an HTML-like label: the content of its cell, entities counted once.
fn label_text(html: &str) -> String {
    let inner = html
        .split_once("<TD>")
        .and_then(|(_, rest)| rest.split_once("</TD>"))
        .map_or(html, |(t, _)| t);
    inner
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
}

/// A node as placement sees it: its shape and, when labelled, its label's text.
struct Seen {
    name: String,
    shape: Shape,
    label: Option<String>,
    diamond: bool,
}

fn seen(n: &Node) -> Option<Seen> {
    let pos = numbers(&text(get(&n.attributes, "pos")?));
    let (&x, &y) = (pos.first()?, pos.get(1)?);
    let inches = |k: &str| get(&n.attributes, k).and_then(|v| text(v).parse::<f64>().ok());
    let w = inches("width").unwrap_or(0.12) * 72.0;
    let h = inches("height").unwrap_or(w / 72.0) * 72.0;
    let diamond = get(&n.attributes, "shape").is_some_and(|s| text(s) == "diamond");
    let outline = if diamond {
        Outline::Diamond(w / 2.0, h / 2.0)
    } else {
        Outline::Circle(w.max(h) / 2.0)
    };
    Some(Seen {
        name: text(&n.id.0),
        shape: Shape { x, y, outline },
        label: get(&n.attributes, "xlabel").map(|v| label_text(&text(v))),
        diamond,
    })
}

/// Moves the labelled people and the cut points apart until each pair is at least a name's
/// length and a gap apart, so that every name can sit against its own node clear of the other
/// marked ones (two marked people drawn side by side would leave no room for a name that
/// reads as only one's). Only those few nodes move, by as little as needed, each time away
/// from the nearer one, in node order: deterministic. The edges are routed again from the new
/// positions. O(k² · passes) for k marked nodes.
fn spread_marked(stmts: &mut [Stmt], font: f64) {
    let nodes: Vec<(usize, Seen)> = stmts
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Stmt::Node(n) => seen(n).map(|seen| (i, seen)),
            _ => None,
        })
        .filter(|(_, s)| s.label.is_some() || s.diamond)
        .collect();
    let longest = nodes
        .iter()
        .filter_map(|(_, s)| s.label.as_ref().map(|t| t.chars().count()))
        .max()
        .unwrap_or(0) as f64;
    let radius = |s: &Seen| {
        let (hx, hy) = s.shape.half();
        hx.max(hy)
    };
    // a name's length plus both nodes and the gaps on either side
    let name = (longest * 0.6 + 0.6) * font;
    let mut at: Vec<(f64, f64)> = nodes.iter().map(|(_, s)| (s.shape.x, s.shape.y)).collect();
    let mut moved = false;
    for _ in 0..50 {
        let mut changed = false;
        for i in 0..at.len() {
            for j in 0..i {
                let need = name + radius(&nodes[i].1) + radius(&nodes[j].1) + 3.0 * labels::GAP;
                let (dx, dy) = (at[i].0 - at[j].0, at[i].1 - at[j].1);
                let d = (dx * dx + dy * dy).sqrt();
                if d >= need {
                    continue;
                }
                let (ux, uy) = if d > 1e-9 {
                    (dx / d, dy / d)
                } else {
                    (1.0, 0.0)
                };
                // each moves half of what is missing
                let push = (need - d) / 2.0 + 1e-6;
                at[i] = (at[i].0 + ux * push, at[i].1 + uy * push);
                at[j] = (at[j].0 - ux * push, at[j].1 - uy * push);
                changed = true;
            }
        }
        moved |= changed;
        if !changed {
            break;
        }
    }
    if !moved {
        return;
    }
    for ((i, _), (x, y)) in nodes.iter().zip(&at) {
        if let Stmt::Node(n) = &mut stmts[*i] {
            for Attribute(k, v) in n.attributes.iter_mut() {
                if text(k) == "pos" {
                    *v = quoted(&format!("{x:.2},{y:.2}"));
                }
            }
        }
    }
    for s in stmts.iter_mut() {
        if let Stmt::Edge(e) = s {
            e.attributes
                .retain(|Attribute(k, _)| !matches!(text(k).as_str(), "pos" | "lp"));
        }
    }
}

/// Replaces the `xlabel` of each labelled node of a laid-out graph by a label node of our own,
/// placed against it ([`labels::place`]), with names [`NAME_POINTS`] high once the drawing is
/// scaled to a slide. Returns the label boxes (to frame them too).
pub fn place_labels(graph: &mut Graph) -> Vec<Rect> {
    let stmts = stmts(graph);
    let Some(bb) = bounding_box(stmts) else {
        return Vec::new();
    };
    // a drawing larger than a slide is scaled down to it: its names are drawn larger
    let scale = ((bb.x1 - bb.x0) / SLIDE_WIDTH)
        .max((bb.y1 - bb.y0) / SLIDE_HEIGHT)
        .max(1.0);
    let font = NAME_POINTS * scale;
    spread_marked(stmts, font);
    let nodes: Vec<Seen> = stmts
        .iter()
        .filter_map(|s| match s {
            Stmt::Node(n) => seen(n),
            _ => None,
        })
        .collect();
    let (marked, ordinary): (Vec<&Seen>, Vec<&Seen>) =
        nodes.iter().partition(|s| s.label.is_some() || s.diamond);
    let highlighted: Vec<Shape> = marked.iter().map(|s| s.shape).collect();
    let ordinary: Vec<Shape> = ordinary.iter().map(|s| s.shape).collect();
    let mut requests = Vec::new();
    let mut texts = Vec::new();
    for (i, s) in marked.iter().enumerate() {
        if let Some(t) = &s.label {
            let chars = t.chars().count() as f64;
            requests.push(Request {
                node: i,
                width: (chars * 0.6 + 0.6) * font,
                height: 1.35 * font,
            });
            texts.push((s.name.clone(), t.clone()));
        }
    }
    let boxes = labels::place(&highlighted, &ordinary, &requests);
    for s in stmts.iter_mut() {
        if let Stmt::Node(n) = s {
            n.attributes
                .retain(|Attribute(k, _)| !matches!(text(k).as_str(), "xlabel" | "xlp"));
        }
    }
    let at = stmts
        .iter()
        .rposition(|s| matches!(s, Stmt::Node(_)))
        .map_or(stmts.len(), |i| i + 1);
    let new: Vec<Stmt> = texts
        .iter()
        .zip(&boxes)
        .map(|((name, t), b)| label_node(name, t, b, font))
        .collect();
    stmts.splice(at..at, new);
    boxes
}

/// A plaintext node drawing `t` on a white box exactly `b`.
fn label_node(owner: &str, t: &str, b: &Rect, font: f64) -> Stmt {
    let (cx, cy) = b.centre();
    let html = format!(
        "<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\"><TR><TD FIXEDSIZE=\"TRUE\" WIDTH=\"{:.1}\" HEIGHT=\"{:.1}\" BGCOLOR=\"#ffffffd8\">{}</TD></TR></TABLE>>",
        b.x1 - b.x0,
        b.y1 - b.y0,
        crate::report::dot::escape_html(t)
    );
    Stmt::Node(Node::new(
        NodeId(plain(format!("{owner}{LABEL_SUFFIX}")), None),
        vec![
            attr("shape", plain("plaintext")),
            attr("pos", quoted(&format!("{cx:.2},{cy:.2}!"))),
            attr("width", plain(format!("{:.4}", (b.x1 - b.x0) / 72.0))),
            attr("height", plain(format!("{:.4}", (b.y1 - b.y0) / 72.0))),
            attr("fixedsize", plain("true")),
            attr("margin", plain("0")),
            attr("fontsize", plain(format!("{font:.1}"))),
            attr("style", plain("solid")),
            attr("label", Id::Html(html)),
        ],
    ))
}

/// A layout is stretched at most this much along one axis to fill a 16:9 frame.
pub const MAX_STRETCH: f64 = 1.8;

/// The value of a graph attribute of a laid-out graph.
fn graph_attr(stmts: &[Stmt], key: &str) -> Option<String> {
    stmts.iter().find_map(|s| match s {
        Stmt::Attribute(Attribute(k, v)) if text(k) == key => Some(text(v)),
        Stmt::GAttribute(dot_structures::GraphAttributes::Graph(attrs)) => {
            get(attrs, key).map(text)
        }
        _ => None,
    })
}

/// Sets (or adds) a graph attribute.
fn set_graph_attr(stmts: &mut Vec<Stmt>, key: &str, value: Id) {
    for s in stmts.iter_mut() {
        match s {
            Stmt::Attribute(Attribute(k, v)) if text(k) == key => {
                *v = value;
                return;
            }
            Stmt::GAttribute(dot_structures::GraphAttributes::Graph(attrs)) => {
                if let Some(Attribute(_, v)) =
                    attrs.iter_mut().find(|Attribute(k, _)| text(k) == key)
                {
                    *v = value;
                    return;
                }
            }
            _ => {}
        }
    }
    stmts.push(Stmt::Attribute(attr(key, value)));
}

/// Rewrites every "x,y" point of a `pos`-like value (edge splines keep their `e,`/`s,` marks).
fn map_points(value: &str, f: &dyn Fn(f64, f64) -> (f64, f64)) -> String {
    value
        .split_whitespace()
        .map(|point| {
            let parts: Vec<&str> = point.trim_end_matches('!').split(',').collect();
            let pinned = if point.ends_with('!') { "!" } else { "" };
            let (mark, xy) = match parts.len() {
                3 => (format!("{},", parts[0]), &parts[1..]),
                _ => (String::new(), &parts[..]),
            };
            match (
                xy.first().and_then(|x| x.parse().ok()),
                xy.get(1).and_then(|y| y.parse().ok()),
            ) {
                (Some(x), Some(y)) if xy.len() == 2 => {
                    let (x, y) = f(x, y);
                    format!("{mark}{x:.2},{y:.2}{pinned}")
                }
                _ => point.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Multiplies every number given as `key="…"` in an HTML-like label by `factor`.
fn scale_numbers(html: &str, key: &str, factor: f64) -> String {
    let pattern = format!("{key}=\"");
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(&pattern) {
        let (head, tail) = rest.split_at(at + pattern.len());
        out.push_str(head);
        let end = tail.find('"').unwrap_or(0);
        match tail[..end].parse::<f64>() {
            Ok(x) => out.push_str(&format!("{}", (x * factor).round())),
            Err(_) => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Fits a laid-out graph whose label is at the top (`labelloc=t`) to a 16:9 slide: the node
/// positions (not the shapes) stretched along one axis, by at most [`MAX_STRETCH`], so that the
/// drawing comes near 16:9 (a force-directed layout has no meaningful aspect, and a square one
/// leaves a third of a slide blank; distances only grow, so no overlap appears); the edges
/// routed again from the new positions; the label's fonts grown with the drawing, so that they
/// keep their size once it is scaled to a slide, and the label put back above the nodes.
pub fn fit_to_slide(graph: &mut Graph) {
    let stmts = stmts(graph);
    let nodes: Vec<Shape> = stmts
        .iter()
        .filter_map(|s| match s {
            Stmt::Node(n) => seen(n).map(|v| v.shape),
            _ => None,
        })
        .collect();
    let Some(body) = extent(&nodes) else {
        return;
    };
    let inches = |k: &str| {
        graph_attr(stmts, k)
            .and_then(|h| h.parse::<f64>().ok())
            .map_or(0.0, |h| h * 72.0)
    };
    let (label_w, label_h) = (inches("lwidth"), inches("lheight"));
    let aspect = SLIDE_WIDTH / SLIDE_HEIGHT;
    let (w, h) = (body.x1 - body.x0, body.y1 - body.y0);
    let sx = (0.97 * (h + label_h) * aspect / w).clamp(1.0, MAX_STRETCH);
    let sy = if sx > 1.0 {
        1.0
    } else {
        ((w / aspect / 0.97 - label_h) / h).clamp(1.0, MAX_STRETCH)
    };
    let (cx, cy) = body.centre();
    let move_point = |x: f64, y: f64| (cx + (x - cx) * sx, cy + (y - cy) * sy);
    for s in stmts.iter_mut() {
        match s {
            Stmt::Node(n) => {
                for Attribute(k, v) in n.attributes.iter_mut() {
                    if matches!(text(k).as_str(), "pos" | "xlp") {
                        *v = quoted(&map_points(&text(v), &move_point));
                    }
                }
            }
            // routed again by `neato -n2` from the new positions
            Stmt::Edge(e) => e
                .attributes
                .retain(|Attribute(k, _)| !matches!(text(k).as_str(), "pos" | "lp")),
            _ => {}
        }
    }
    let moved: Vec<Shape> = nodes
        .iter()
        .map(|n| {
            let (x, y) = move_point(n.x, n.y);
            Shape { x, y, ..*n }
        })
        .collect();
    let Some(body) = extent(&moved) else { return };
    let mut bb = body;
    if label_h > 0.0 {
        let frame_w = (body.x1 - body.x0).max((body.y1 - body.y0 + label_h) * aspect);
        let factor = (frame_w / SLIDE_WIDTH)
            .min(0.8 * frame_w / label_w.max(1.0))
            .clamp(1.0, 8.0);
        if let Some(label) = graph_attr(stmts, "label").filter(|l| l.starts_with('<')) {
            let grown = scale_numbers(
                &scale_numbers(&label, "POINT-SIZE", factor),
                "WIDTH",
                factor,
            );
            set_graph_attr(stmts, "label", Id::Html(grown));
        }
        let (lw, lh) = (label_w * factor, label_h * factor);
        set_graph_attr(stmts, "lwidth", plain(format!("{:.2}", lw / 72.0)));
        set_graph_attr(stmts, "lheight", plain(format!("{:.2}", lh / 72.0)));
        let (lx, ly) = ((body.x0 + body.x1) / 2.0, body.y1 + 6.0 + lh / 2.0);
        set_graph_attr(stmts, "lp", quoted(&format!("{lx:.2},{ly:.2}")));
        bb = bb.union(&Rect {
            x0: lx - lw / 2.0,
            y0: ly - lh / 2.0,
            x1: lx + lw / 2.0,
            y1: ly + lh / 2.0,
        });
    }
    set_graph_attr(
        stmts,
        "bb",
        quoted(&format!(
            "{:.2},{:.2},{:.2},{:.2}",
            bb.x0, bb.y0, bb.x1, bb.y1
        )),
    );
}

/// The box holding every shape, `None` without any.
fn extent(shapes: &[Shape]) -> Option<Rect> {
    shapes
        .iter()
        .map(|s| {
            let (hx, hy) = s.half();
            Rect {
                x0: s.x - hx,
                y0: s.y - hy,
                x1: s.x + hx,
                y1: s.y + hy,
            }
        })
        .reduce(|a, b| a.union(&b))
}

/// The period analysed, for a picture's title: "Period: 2024-01-08 – 2024-03-29" (UTC dates
/// of the first and last message), `None` when no message had a time.
pub fn period(span: Option<(i64, i64)>, lang: Lang) -> Option<String> {
    let (a, b) = span?;
    let day =
        |t: i64| chrono::DateTime::from_timestamp(t, 0).map(|d| d.format("%Y-%m-%d").to_string());
    Some(format!(
        "{} {} \u{2013} {}",
        lang.pick("Period:", "Période :"),
        day(a)?,
        day(b)?
    ))
}

/// The 16:9 frame of a drawing: centre and size in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// Centre x.
    pub cx: f64,
    /// Centre y.
    pub cy: f64,
    /// Width.
    pub width: f64,
    /// Height (width × 9/16).
    pub height: f64,
}

impl Frame {
    /// The smallest 16:9 box holding `content`, with a small margin.
    pub fn around(content: Rect) -> Frame {
        let (cx, cy) = content.centre();
        let w = (content.x1 - content.x0).max(1.0) * (1.0 + 2.0 * MARGIN);
        let h = (content.y1 - content.y0).max(1.0) * (1.0 + 2.0 * MARGIN);
        let width = w.max(h * SLIDE_WIDTH / SLIDE_HEIGHT);
        Frame {
            cx,
            cy,
            width,
            height: width * SLIDE_HEIGHT / SLIDE_WIDTH,
        }
    }

    /// Graphviz's `viewport` drawing this frame at `zoom` (output size = frame × zoom).
    pub fn viewport(&self, zoom: f64) -> String {
        format!(
            "{:.0},{:.0},{zoom:.6},{:.2},{:.2}",
            self.width * zoom,
            self.height * zoom,
            self.cx,
            self.cy
        )
    }

    /// The viewport of the slide-size PNG: [`SLIDE_WIDTH`] × [`SLIDE_HEIGHT`] points, times
    /// 2 or 3 for a drawing more than 4 slides wide (a large organisation's backbone, so that
    /// a viewer can zoom in), never above `max_inches` wide.
    pub fn slide_viewport(&self, max_inches: f64) -> String {
        let times = (self.width / (4.0 * SLIDE_WIDTH))
            .ceil()
            .clamp(1.0, (max_inches * 72.0 / SLIDE_WIDTH).floor().max(1.0));
        let zoom = SLIDE_WIDTH * times / self.width;
        format!(
            "{:.0},{:.0},{zoom:.6},{:.2},{:.2}",
            SLIDE_WIDTH * times,
            SLIDE_HEIGHT * times,
            self.cx,
            self.cy
        )
    }
}

/// The frame of a laid-out graph: its bounding box and `extra` boxes, made 16:9. The drawing
/// is first moved so that this box starts at (0, 0), as Graphviz moves a drawing whose box
/// does not, so that the frame's centre is where Graphviz will draw it.
pub fn frame(graph: &mut Graph, extra: &[Rect]) -> Option<Frame> {
    let stmts = stmts(graph);
    let content = extra.iter().fold(bounding_box(stmts)?, |a, b| a.union(b));
    let (dx, dy) = (-content.x0, -content.y0);
    let shift = |x: f64, y: f64| (x + dx, y + dy);
    for s in stmts.iter_mut() {
        let attrs = match s {
            Stmt::Node(n) => &mut n.attributes,
            Stmt::Edge(e) => &mut e.attributes,
            _ => continue,
        };
        for Attribute(k, v) in attrs.iter_mut() {
            if matches!(text(k).as_str(), "pos" | "xlp" | "lp") {
                *v = quoted(&map_points(&text(v), &shift));
            }
        }
    }
    if let Some(lp) = graph_attr(stmts, "lp") {
        set_graph_attr(stmts, "lp", quoted(&map_points(&lp, &shift)));
    }
    let (w, h) = (content.x1 - content.x0, content.y1 - content.y0);
    set_graph_attr(stmts, "bb", quoted(&format!("0,0,{w:.2},{h:.2}")));
    Some(Frame::around(Rect {
        x0: 0.0,
        y0: 0.0,
        x1: w,
        y1: h,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_16_by_9_and_hold_their_content() {
        for content in [
            Rect {
                x0: 0.0,
                y0: 0.0,
                x1: 1000.0,
                y1: 100.0,
            },
            Rect {
                x0: -50.0,
                y0: 10.0,
                x1: 50.0,
                y1: 900.0,
            },
        ] {
            let f = Frame::around(content);
            assert!((f.width / f.height - 16.0 / 9.0).abs() < 1e-9);
            assert!(f.width >= content.x1 - content.x0);
            assert!(f.height >= content.y1 - content.y0);
        }
        let f = Frame::around(Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 480.0,
            y1: 270.0,
        });
        assert!(f.slide_viewport(40.0).starts_with("960,540,"));
        let huge = Frame::around(Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 40_000.0,
            y1: 100.0,
        });
        assert!(
            huge.slide_viewport(40.0).starts_with("2880,1620,"),
            "3 × a slide at most for 40 in"
        );
    }

    #[test]
    fn the_period_is_two_utc_dates() {
        assert_eq!(
            period(Some((1704672000, 1711670400)), Lang::En).as_deref(),
            Some("Period: 2024-01-08 \u{2013} 2024-03-29")
        );
        assert_eq!(
            period(Some((0, 86_400)), Lang::Fr).as_deref(),
            Some("Période : 1970-01-01 \u{2013} 1970-01-02")
        );
        assert_eq!(period(None, Lang::En), None);
    }

    #[test]
    fn a_square_layout_is_stretched_towards_16_by_9() {
        let mut g = graphviz_rust::parse(
            "graph g { graph [bb=\"0,0,100,100\"]; a [pos=\"0,0\" width=0.1]; b [pos=\"100,100\" width=0.1]; a -- b [pos=\"e,100,100 0,0 50,50\"]; }",
        )
        .unwrap();
        fit_to_slide(&mut g);
        let printed = crate::report::render::dot_text(&g);
        let bb = bounding_box(stmts(&mut g)).unwrap();
        let (w, h) = (bb.x1 - bb.x0, bb.y1 - bb.y0);
        // (the shapes keep their size: a little under 0.97 × 16:9)
        assert!((1.6..=0.97 * 16.0 / 9.0).contains(&(w / h)), "{printed}");
        assert!(!printed.contains("e,"), "edges are routed again: {printed}");
    }

    #[test]
    fn label_fonts_grow_by_a_factor() {
        assert_eq!(
            scale_numbers(
                "<FONT POINT-SIZE=\"16\">x</FONT><TD WIDTH=\"48\">",
                "POINT-SIZE",
                1.5
            ),
            "<FONT POINT-SIZE=\"24\">x</FONT><TD WIDTH=\"48\">"
        );
    }

    #[test]
    fn the_text_of_a_label_is_read_back() {
        assert_eq!(
            label_text("<TABLE><TR><TD>R&amp;D p-1</TD></TR></TABLE>"),
            "R&D p-1"
        );
    }
}

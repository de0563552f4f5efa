//! people_graph.dot: people coloured by community (or by department), cut points drawn as
//! black-outlined diamonds, bridges as thick black dashed lines (marks no community colour
//! uses, and that shape and line style keep apart in grey), the people of highest betweenness
//! labelled; a title with the period analysed, and a legend naming each community by its main
//! departments where the community × department crosstab shows them. Above
//! [`BACKBONE_PEOPLE`] people a full drawing is a hairball: the graph keeps a backbone instead
//! (each person's strongest ties, every bridge), and says so in its caption. Above
//! [`DRAWN_PEOPLE`] people even the backbone is too large to lay out in seconds (Graphviz's
//! `sfdp` took 45 s for 50,000 people and 88,940 ties) or to read: only the [`DRAWN_PEOPLE`]
//! people of highest betweenness are drawn, with their strongest ties among them (those without
//! a tie to the others left out, unless named).

use dot_structures::{Edge, EdgeTy, Graph, NodeId, Stmt, Vertex};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use crate::analyze::Run;
use crate::error::Result;
use crate::privacy::crosstab::crosstab;
use crate::privacy::groups::OTHER;
use crate::privacy::view::View;
use crate::report::atomic::OutputDir;
use crate::report::dot::{attr, escape_html, plain, quoted};
use crate::report::lang::Lang;
use crate::report::slide;

/// Above this many people, only a backbone of ties is drawn.
pub const BACKBONE_PEOPLE: usize = 2_000;
/// Above this many people, only this many are drawn: those of highest betweenness.
pub const DRAWN_PEOPLE: usize = 3_000;
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
/// The stroke of bridges and of the cut points' outline: black, which no community uses.
pub const MARK: &str = "#000000";
/// A department holding at least this share of a community's people is one of its main ones.
const MAIN_SHARE: f64 = 0.2;
/// At most this many departments name a community.
const MAIN_NAMED: usize = 3;

/// What colours the people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorBy {
    /// Communities (when found), else departments.
    Community,
    /// Departments.
    Department,
}

/// The legend name of each reported community: "c1: Ventes, Marketing", its departments holding
/// at least [`MAIN_SHARE`] of its people, largest first, named only where the crosstab shows
/// the cell (a suppressed cell is never named; "…" says that some are); "c3" alone when none
/// may be named.
pub fn community_names(view: &View, lang: Lang) -> Vec<String> {
    let Some(groups) = &view.communities else {
        return Vec::new();
    };
    let tab = crosstab(view, view.min_group_size);
    let departments = view.department_names();
    groups
        .names
        .iter()
        .enumerate()
        .map(|(r, name)| {
            let label = lang.group(name).to_string();
            let Some(tab) = &tab else { return label };
            let size: usize = tab.counts[r].iter().sum();
            let main: Vec<&str> = tab
                .shown_mix(r)
                .into_iter()
                .filter(|&(people, _)| people as f64 >= MAIN_SHARE * size as f64)
                .take(MAIN_NAMED)
                .map(|(_, d)| lang.group(&departments[d]))
                .collect();
            if main.is_empty() {
                return label;
            }
            let more = if tab.suppressed[r].iter().any(|&s| s) {
                ", \u{2026}"
            } else {
                ""
            };
            format!("{label}: {}{more}", main.join(", "))
        })
        .collect()
}

/// Builds the people graph, with English captions.
pub fn people_graph(f: &Run<'_>, view: &View, color: ColorBy) -> Graph {
    people_graph_in(f, view, color, Lang::En)
}

/// Builds the people graph with its title, legend and caption in `lang`.
pub fn people_graph_in(f: &Run<'_>, view: &View, color: ColorBy, lang: Lang) -> Graph {
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
    // the largest groups get the palette, in order of size
    let mut sized: Vec<(usize, &str)> = Vec::new();
    for name in groups {
        match sized.last_mut() {
            Some((count, last)) if *last == name => *count += 1,
            _ => sized.push((1, name)),
        }
    }
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
    let drawn = drawn_people(f, view);
    let both_drawn = |t: usize| {
        let tie = g.ties()[t];
        drawn[tie.source as usize] && drawn[tie.target as usize]
    };
    let mut keep = vec![!backbone; g.tie_count()];
    if backbone {
        for v in (0..n as u32).filter(|&v| drawn[v as usize]) {
            let mut mine: Vec<u32> = g
                .tie_ids(v)
                .iter()
                .copied()
                .filter(|&t| both_drawn(t as usize))
                .collect();
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
    let bridge = |t: usize| f.structure.is_some_and(|s| s.is_bridge[t]) && both_drawn(t);
    let drawn_count = drawn.iter().filter(|&&d| d).count();
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

    // the ties drawn, from the end with the smaller label, in label order
    let mut edges: Vec<(usize, u32, u32)> = (0..g.tie_count())
        .filter(|&t| (keep[t] && both_drawn(t)) || bridge(t))
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
    // Among the people of highest betweenness of a very large organisation, many have no
    // tie to the others (1,656 of 3,000 at 1,000,000 people): drawn, they would be dots
    // scattered around the backbone, and Graphviz's sfdp takes 50 s instead of 3.5 s to lay
    // them out. They are left out, unless named, and the caption says how many.
    let mut shown = drawn.clone();
    if drawn_count < n {
        let mut linked = vec![false; n];
        for &(_, a, b) in &edges {
            linked[a as usize] = true;
            linked[b as usize] = true;
        }
        for v in 0..n {
            shown[v] = drawn[v] && (linked[v] || (labelled[v] && view.person_level));
        }
    }
    let shown_count = shown.iter().filter(|&&d| d).count();
    let names = if by_community {
        community_names(view, lang)
    } else {
        Vec::new()
    };
    let shown_name = |name: &str| -> String {
        view.communities
            .as_ref()
            .filter(|_| by_community)
            .and_then(|c| c.names.iter().position(|x| x == name))
            .and_then(|i| names.get(i).cloned())
            .unwrap_or_else(|| lang.group(name).to_string())
    };
    let legend = Legend {
        lang,
        people: n,
        drawn: drawn_count,
        left_out: drawn_count - shown_count,
        backbone,
        by_community,
        period: slide::period(f.input.shown_span(), lang),
        cut_points: f
            .structure
            .is_some_and(|s| s.articulation_point_count() > 0),
        bridges: f.structure.is_some_and(|s| s.bridge_count() > 0),
        groups: sized
            .iter()
            .take(PALETTE.len() + 1)
            .map(|&(_, name)| (colour_of(name), shown_name(name)))
            .collect(),
    };
    let mut stmts = vec![
        Stmt::Attribute(attr(
            "layout",
            plain(if n > 500 { "sfdp" } else { "neato" }),
        )),
        Stmt::Attribute(attr("overlap", plain("prism"))),
        Stmt::Attribute(attr("outputorder", plain("edgesfirst"))),
        Stmt::Attribute(attr("forcelabels", plain("true"))),
        Stmt::Attribute(attr("label", legend.html())),
        Stmt::Attribute(attr("labelloc", plain("t"))),
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
    let mut order: Vec<u32> = (0..n as u32).filter(|&v| shown[v as usize]).collect();
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
            // the shape and a thick black outline say "cut point", in colour and in grey
            a.push(attr("shape", plain("diamond")));
            a.push(attr("width", plain("0.32")));
            a.push(attr("height", plain("0.32")));
            a.push(attr("color", quoted(MARK)));
            a.push(attr("penwidth", plain("2.5")));
        }
        if labelled[v as usize] && view.person_level && !cut(v) {
            // a larger dot with a black ring: the one the name beside it belongs to
            a.push(attr("width", plain("0.17")));
            a.push(attr("color", quoted(MARK)));
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
    for (t, a, b) in edges {
        let mut attrs = Vec::new();
        if bridge(t) {
            // thick, black and dashed: apart from the faint ties and from every community
            attrs.push(attr("color", quoted(MARK)));
            attrs.push(attr("penwidth", plain("2.5")));
            attrs.push(attr("style", plain("dashed")));
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

/// Who is drawn: everyone up to [`DRAWN_PEOPLE`] people; above, the [`DRAWN_PEOPLE`] of highest
/// betweenness (by hops, else weighted; without either, of highest strength), ties broken by
/// strength and then by the label shown, so that the choice depends on the data only.
/// O(n log n).
fn drawn_people(f: &Run<'_>, view: &View) -> Vec<bool> {
    let g = f.graph;
    let n = g.node_count();
    if n <= DRAWN_PEOPLE {
        return vec![true; n];
    }
    let strength = g.strength();
    let centrality = f.betweenness.or(f.betweenness_weighted).unwrap_or(strength);
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by(|&x, &y| {
        let (x, y) = (x as usize, y as usize);
        centrality[y]
            .total_cmp(&centrality[x])
            .then(strength[y].total_cmp(&strength[x]))
            .then_with(|| view.person(x as u32).cmp(view.person(y as u32)))
    });
    let mut drawn = vec![false; n];
    for &v in &order[..DRAWN_PEOPLE] {
        drawn[v as usize] = true;
    }
    drawn
}

/// What the people graph's label says: a title, the period, the colours and the marks.
struct Legend {
    lang: Lang,
    people: usize,
    /// People drawn: all, or the [`DRAWN_PEOPLE`] of highest betweenness.
    drawn: usize,
    /// Of those, the people left out of the picture: without a tie to the others drawn, and
    /// not named.
    left_out: usize,
    backbone: bool,
    by_community: bool,
    period: Option<String>,
    /// Whether the drawing has a cut point, and a bridge: their marks are explained only then.
    cut_points: bool,
    bridges: bool,
    /// Colour and legend name of each group shown, largest first.
    groups: Vec<(&'static str, String)>,
}

impl Legend {
    /// An HTML-like label (clusters, the usual legend, are not drawn by the force-directed
    /// layouts; text rather than table cells, which Graphviz would stretch to the caption's
    /// width); a drawing of many people is large, so its legend grows with the people drawn
    /// (not with the organisation: 3,000 drawn of 50,000 made a legend three times as wide as
    /// the drawing).
    fn html(&self) -> dot_structures::Id {
        let l = |en: &'static str, fr: &'static str| self.lang.pick(en, fr);
        let shown = self.drawn - self.left_out;
        let scale = (shown as f64 / 500.0).sqrt().clamp(1.0, 8.0);
        let pt = |x: f64| (x * scale).round();
        let mut html = format!(
            "<<FONT POINT-SIZE=\"{}\"><B>{}</B></FONT>",
            pt(22.0),
            escape_html(l(
                "Who works with whom: people and their ties",
                "Qui travaille avec qui : les personnes et leurs liens"
            ))
        );
        if let Some(p) = &self.period {
            html.push_str(&format!(
                "<BR/><FONT POINT-SIZE=\"{}\">{}</FONT>",
                pt(16.0),
                escape_html(p)
            ));
        }
        html.push_str(&format!("<BR/><FONT POINT-SIZE=\"{}\">", pt(16.0)));
        for (colour, name) in &self.groups {
            html.push_str(&format!(
                "<FONT COLOR=\"{colour}\">\u{25cf}</FONT>\u{a0}{}\u{a0}\u{a0}\u{a0} ",
                escape_html(name)
            ));
        }
        html.push_str("</FONT>");
        let mut marks = Vec::new();
        if self.cut_points {
            marks.push(format!(
                "<FONT COLOR=\"{MARK}\">\u{25c6}</FONT>\u{a0}{}",
                escape_html(l(
                    "cut point (the only link between parts of the network)",
                    "point de rupture (seul lien entre des parties du réseau)"
                ))
            ));
        }
        if self.bridges {
            marks.push(format!(
                "<FONT COLOR=\"{MARK}\"><B>\u{2501}\u{2009}\u{2501}\u{2009}\u{2501}</B></FONT>\u{a0}{}",
                escape_html(l(
                    "bridge (a tie whose loss splits the network)",
                    "pont (un lien dont la perte coupe le réseau)"
                ))
            ));
        }
        if !marks.is_empty() {
            html.push_str(&format!(
                "<BR/><FONT POINT-SIZE=\"{}\">{}</FONT>",
                pt(16.0),
                marks.join("\u{a0}\u{a0}\u{a0} ")
            ));
        }
        // (ends with a tag: graphviz-rust's parser, which reads the laid-out graph back, needs it)
        html.push_str(&format!(
            "<BR/><FONT POINT-SIZE=\"{}\">{}</FONT>>",
            pt(14.0),
            escape_html(&self.caption())
        ));
        dot_structures::Id::Html(html)
    }

    fn caption(&self) -> String {
        let what = match (self.by_community, self.lang) {
            (true, Lang::En) => "community",
            (false, Lang::En) => "department",
            (true, Lang::Fr) => "communauté",
            (false, Lang::Fr) => "direction",
        };
        let n = self.people;
        let k = BACKBONE_TIES_PER_PERSON;
        let mut text = crate::report::lang::tr!(
            self.lang,
            "Colour = {what}; names = the {LABELLED} people of highest betweenness.",
            "Couleur = {what} ; noms = les {LABELLED} personnes de plus forte intermédiarité.",
        );
        let drawn = self.drawn;
        if drawn < n {
            let n = self.lang.int(n as u64);
            let drawn = self.lang.int(drawn as u64);
            text.push(' ');
            text.push_str(&crate::report::lang::tr!(
                self.lang,
                "Backbone only: the {drawn} people of highest betweenness of {n}, each with its {k} strongest ties among them, and the bridges between them.",
                "Ossature seulement : les {drawn} personnes de plus forte intermédiarité sur {n}, chacune avec ses {k} liens les plus forts parmi elles, et les ponts entre elles.",
            ));
            if self.left_out > 0 {
                let left_out = self.lang.int(self.left_out as u64);
                text.push(' ');
                text.push_str(&crate::report::lang::tr!(
                    self.lang,
                    "{left_out} of them, without a tie to the others and not named, are left out.",
                    "{left_out} d'entre elles, sans lien avec les autres et non nommées, sont laissées de côté.",
                ));
            }
        } else if self.backbone {
            text.push(' ');
            text.push_str(&crate::report::lang::tr!(
                self.lang,
                "Backbone only: each person's {k} strongest ties and every bridge ({n} people).",
                "Ossature seulement : les {k} liens les plus forts de chaque personne et tous les ponts ({n} personnes).",
            ));
        }
        text
    }
}

/// Writes people_graph.dot, its captions in `lang` (as its pictures).
pub fn write_people_graph(
    out: &OutputDir,
    f: &Run<'_>,
    view: &View,
    color: ColorBy,
    lang: Lang,
) -> Result<()> {
    let text = people_graph_in(f, view, color, lang).print(&mut PrinterContext::default());
    out.write_bytes("people_graph.dot", format!("{text}\n").as_bytes())?;
    Ok(())
}

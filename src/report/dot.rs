//! department_map.dot: departments as nodes sized by headcount and shaded by E-I index (closed
//! silos dark, open departments light), flows between departments as edges whose width follows
//! the size-normalized flow (thin ones hidden, said on the picture), with a legend for the
//! shading; blues whose lightness follows the index, so the map survives grey-scale printing.
//! Links between departments that rest on one person (`fragile` in department_pairs.csv) are
//! drawn dashed, so that the line style says it in grey too: all of them, up to one per
//! department (the strongest first, said on the picture above that). A title and the period
//! analysed head the picture. Graphviz routes the lines around the departments while that stays
//! quick, and draws them straight on the maps of hundreds of departments.
//! Built with graphviz-rust's types and printer, so that names with
//! quotes or accents are always escaped correctly.

use dot_structures::{Attribute, Edge, EdgeTy, Graph, Id, Node, NodeId, Stmt, Vertex};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use crate::error::Result;
use crate::privacy::view::View;
use crate::report::atomic::OutputDir;
use crate::report::fragility::is_fragile;
use crate::report::lang::{Lang, tr};
use crate::report::lens::Lens;
use crate::report::slide;

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

/// ColorBrewer "Blues" (9 classes), dark to light: the luminance falls steadily from the
/// light end to the dark one, so the order survives a grey-scale print.
const BLUES: [(u8, u8, u8); 9] = [
    (0x08, 0x30, 0x6b),
    (0x08, 0x51, 0x9c),
    (0x21, 0x71, 0xb5),
    (0x42, 0x92, 0xc6),
    (0x6b, 0xae, 0xd6),
    (0x9e, 0xca, 0xe1),
    (0xc6, 0xdb, 0xef),
    (0xde, 0xeb, 0xf7),
    (0xf7, 0xfb, 0xff),
];

/// Fill colour for an E-I index: −1 (closed) is dark blue, +1 (open) nearly white; white
/// without any tie.
pub(crate) fn shade(ei: Option<f64>) -> String {
    let Some(ei) = ei else {
        return "#ffffff".into();
    };
    let (r, g, b) = blend(&BLUES, (ei.clamp(-1.0, 1.0) + 1.0) / 2.0);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Linear interpolation along a colour ramp, `t` in [0, 1].
pub(crate) fn blend(ramp: &[(u8, u8, u8)], t: f64) -> (u8, u8, u8) {
    let x = t.clamp(0.0, 1.0) * (ramp.len() - 1) as f64;
    let i = (x.floor() as usize).min(ramp.len() - 2);
    let f = x - i as f64;
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * f).round() as u8;
    let (a, b) = (ramp[i], ramp[i + 1]);
    (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Text colour readable on `fill` (`#rrggbb`): white on dark fills, black on light ones.
pub(crate) fn ink_on(fill: &str) -> &'static str {
    let channel = |i: usize| {
        u8::from_str_radix(fill.get(i..i + 2).unwrap_or("ff"), 16).unwrap_or(255) as f64 / 255.0
    };
    let luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    if luminance < 0.45 { "white" } else { "black" }
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

/// Flows under this share of the strongest cross-department flow (per possible pair of people)
/// are not drawn on the department map, except each department's strongest; the picture says so.
pub const HIDDEN_FLOW_SHARE: f64 = 0.10;
/// At most this many flows per department are drawn (the threshold rises to keep to it), plus
/// each department's strongest; and at least one per department when the threshold may go down
/// to [`MIN_FLOW_SHARE`] for it.
pub const DRAWN_PER_DEPARTMENT: usize = 3;
/// The threshold never goes below this share of the strongest flow.
pub const MIN_FLOW_SHARE: f64 = 0.01;
/// Above this many drawn flows, their weights are not written on the lines (too many to read).
const LABELLED_FLOWS: usize = 40;
/// At most this many links resting on one person are drawn per department, the strongest
/// first; department_pairs.csv lists them all. (400 departments can have thousands of them:
/// drawn, they would be a hairball.)
pub const DRAWN_FRAGILE_PER_DEPARTMENT: usize = 1;
/// Graphviz routes the lines around the departments (`splines=true`) while lines ×
/// departments² stays under this, and draws them straight above: neato's routing grows about
/// so (on the 2-core machine: 2.1 s for 155 lines among 80 departments, 4.2 s and 7.7 s for
/// rings of 80 and 103 departments under load, 93 s for 400 among 400 and over 5 minutes for
/// 800), while straight lines take 1.3 s for 5,192 lines among 400.
const ROUTED_LINES_BUDGET: usize = 1_000_000;

/// Whether `lines` lines among `departments` departments are routed around them.
fn routed(lines: usize, departments: usize) -> bool {
    lines.saturating_mul(departments.saturating_mul(departments)) <= ROUTED_LINES_BUDGET
}

/// The fragile pairs drawn: at most `limit`, those of strongest direct flow first (`strength`,
/// 0 without one), ties broken by the pair; returned sorted by pair, for binary search.
fn drawn_fragile(
    mut fragile: Vec<(u32, u32)>,
    strength: impl Fn((u32, u32)) -> f64,
    limit: usize,
) -> Vec<(u32, u32)> {
    if fragile.len() > limit {
        fragile.sort_by(|&x, &y| strength(y).total_cmp(&strength(x)).then(x.cmp(&y)));
        fragile.truncate(limit);
    }
    fragile.sort_unstable();
    fragile
}

/// Builds the department map as a graphviz-rust graph, with English captions and no period.
pub fn department_map(view: &View) -> Option<Graph> {
    department_map_in(view, Lang::En, None, Lens::DEPARTMENT)
}

/// The pairs of reported departments (a < b) whose link rests on one person, as
/// department_pairs.csv flags them.
fn fragile_pairs(view: &View) -> Vec<(u32, u32)> {
    view.fragility.as_ref().map_or_else(Vec::new, |fr| {
        fr.pairs
            .iter()
            .filter(|p| is_fragile(p.sole_spanner.is_some(), p.indirect_paths))
            .map(|p| (p.a.min(p.b), p.a.max(p.b)))
            .collect()
    })
}

/// Builds the department map with captions in `lang`: departments sized by headcount (area)
/// and shaded by E-I index, with a legend; flows as lines whose width follows the flow per
/// possible pair of people, thin ones hidden below a share of the strongest ([`HIDDEN_FLOW_SHARE`],
/// moved to draw one to [`DRAWN_PER_DEPARTMENT`] flows per department); links that rest on one
/// person always drawn, dashed. `period` is the messages' time span (unix seconds), shown under
/// the title.
pub fn department_map_in(
    view: &View,
    lang: Lang,
    period: Option<(i64, i64)>,
    lens: Lens<'_>,
) -> Option<Graph> {
    let d = view.grouped.as_ref()?;
    let names = view.department_names();
    let largest = d
        .stats
        .iter()
        .map(|s| s.headcount)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let cross: Vec<_> = d
        .flows
        .iter()
        .filter(|fl| fl.a != fl.b && fl.weight > 0.0)
        .collect();
    let strongest = cross
        .iter()
        .filter_map(|fl| fl.normalized)
        .fold(0.0f64, f64::max);
    let rel = |fl: &crate::analyze::Flow| {
        fl.normalized.unwrap_or(0.0) / if strongest > 0.0 { strongest } else { 1.0 }
    };
    // each department's strongest flow is always drawn, so no department looks cut off
    let mut best = vec![None::<usize>; names.len()];
    for (i, fl) in cross.iter().enumerate() {
        for dep in [fl.a as usize, fl.b as usize] {
            if best[dep].is_none_or(|j| rel(fl) > rel(cross[j])) {
                best[dep] = Some(i);
            }
        }
    }
    let mut is_best = vec![false; cross.len()];
    for i in best.iter().flatten() {
        is_best[*i] = true;
    }
    // The threshold moves from HIDDEN_FLOW_SHARE so that about one to DRAWN_PER_DEPARTMENT
    // flows per department are drawn (a few very strong pairs would otherwise hide everything
    // else, and many similar ones would draw a hairball), never below MIN_FLOW_SHARE; a whole
    // percentage, so that the picture states it exactly.
    let mut shares: Vec<f64> = cross.iter().map(|fl| rel(fl)).collect();
    shares.sort_by(|a, b| b.total_cmp(a));
    let n = names.len();
    let cap = DRAWN_PER_DEPARTMENT * n;
    let passing = shares.iter().filter(|&&s| s >= HIDDEN_FLOW_SHARE).count();
    let min_share = if passing > cap {
        HIDDEN_FLOW_SHARE.max((shares[cap] * 100.0).ceil() / 100.0)
    } else if passing < n && shares.len() >= n {
        MIN_FLOW_SHARE.max((shares[n - 1] * 100.0).floor() / 100.0)
    } else {
        HIDDEN_FLOW_SHARE
    };
    let pair = |fl: &crate::analyze::Flow| (fl.a.min(fl.b), fl.a.max(fl.b));
    let mut direct: Vec<((u32, u32), usize)> = cross
        .iter()
        .enumerate()
        .map(|(i, fl)| (pair(fl), i))
        .collect();
    direct.sort_unstable();
    let direct_flow = |p: (u32, u32)| {
        direct
            .binary_search_by(|(q, _)| q.cmp(&p))
            .ok()
            .map(|k| direct[k].1)
    };
    let all_fragile = fragile_pairs(view);
    let fragile_count = all_fragile.len();
    let fragile = drawn_fragile(
        all_fragile,
        |p| direct_flow(p).map_or(0.0, |i| rel(cross[i])),
        DRAWN_FRAGILE_PER_DEPARTMENT * n,
    );
    let is_fragile_flow = |fl: &crate::analyze::Flow| fragile.binary_search(&pair(fl)).is_ok();
    let drawn: Vec<bool> = (0..cross.len())
        .map(|i| rel(cross[i]) >= min_share || is_best[i] || is_fragile_flow(cross[i]))
        .collect();
    let hidden = drawn.iter().filter(|&&x| !x).count();
    let drawn_count = drawn.iter().filter(|&&x| x).count();
    let labelled = drawn_count <= LABELLED_FLOWS;
    // a fragile link without any direct flow is drawn too, dashed and thin
    let indirect_only: Vec<(u32, u32)> = fragile
        .iter()
        .copied()
        .filter(|&p| direct_flow(p).is_none())
        .collect();
    let splines = if routed(drawn_count + indirect_only.len(), n) {
        "true"
    } else {
        "false"
    };

    // two lines, so that the caption is not wider than the map on a slide
    let caption = lens.title(
        lang,
        (
            "size = headcount; shade = E-I index on weights.\nLines: width = flow per possible pair of people",
            "taille = effectif ; teinte = indice E-I sur les poids.\nTraits : épaisseur = flux par paire de personnes possible",
        ),
    );
    let numbers = if labelled {
        lang.pick(
            "; number = weight exchanged (a message to k people counts 1/k).",
            " ; nombre = poids échangé (un message à k personnes compte 1/k).",
        )
    } else {
        "."
    };
    let threshold = if hidden > 0 || fragile.len() < fragile_count {
        let pct = lang.num(100.0 * min_share, 0, false);
        let resting = if fragile.len() < fragile_count {
            let (k, all) = (
                lang.int(fragile.len() as u64),
                lang.int(fragile_count as u64),
            );
            tr!(
                lang,
                "the {k} strongest of the {all} links resting on one person (department_pairs.csv lists them all)",
                "les {k} plus forts des {all} liens qui reposent sur une seule personne (department_pairs.csv les liste tous)"
            )
        } else {
            lang.pick(
                "those resting on one person",
                "ceux qui reposent sur une seule personne",
            )
            .to_string()
        };
        match lang {
            Lang::En => format!(
                "Flows under {pct}% of the strongest are not drawn ({hidden} of {}), except each department's strongest and {resting}.",
                cross.len()
            ),
            Lang::Fr => format!(
                "Les flux inférieurs à {pct} % du plus fort ne sont pas tracés ({hidden} sur {}), sauf le plus fort de chaque direction et {resting}.",
                cross.len()
            ),
        }
    } else {
        lang.pick("Every flow is drawn.", "Tous les flux sont tracés.")
            .to_string()
    };
    let mut stmts: Vec<Stmt> = vec![
        Stmt::Attribute(attr("layout", plain("neato"))),
        Stmt::Attribute(attr("overlap", plain("false"))),
        Stmt::Attribute(attr("splines", plain(splines))),
        Stmt::Attribute(attr("pad", plain("0.3"))),
        Stmt::Attribute(attr(
            "label",
            legend(
                &Heading {
                    title: lens.title(lang, ("who works with whom", "qui travaille avec qui")),
                    period: slide::period(period, lang),
                    caption: format!("{caption}{numbers}"),
                    threshold,
                    fragile: !fragile.is_empty(),
                },
                lang,
                // a map of many departments is large: its legend grows with it
                (names.len() as f64 / 10.0).sqrt().clamp(1.0, 2.5),
            ),
        )),
        Stmt::Attribute(attr("labelloc", plain("t"))),
        Stmt::Attribute(attr("fontname", quoted("Helvetica"))),
        Stmt::Attribute(attr("fontsize", plain(16))),
    ];
    // diameters in inches: the area follows the headcount
    let sizes: Vec<f64> = d
        .stats
        .iter()
        .map(|s| 0.9 + 1.5 * (s.headcount as f64 / largest).sqrt())
        .collect();
    for (i, (name, s)) in names.iter().zip(&d.stats).enumerate() {
        let ei = s.ei_index_weight();
        let size = sizes[i];
        let ei_text = ei.map_or(lang.pick("no ties", "aucun lien").to_string(), |e| {
            format!("E-I {}", lang.num(e, 2, true))
        });
        let label = format!(
            "{}\n{} {}\n{ei_text}",
            wrap(lang.group(name), 12),
            lang.int(s.headcount as u64),
            lang.pick("people", "personnes")
        );
        let fill = shade(ei);
        stmts.push(Stmt::Node(Node::new(
            NodeId(plain(format!("d{i}")), None),
            vec![
                attr("label", quoted(&label)),
                attr("shape", plain("circle")),
                attr("style", plain("filled")),
                attr("fillcolor", quoted(&fill)),
                attr("fontcolor", plain(ink_on(&fill))),
                attr("color", quoted("#252525")),
                attr("fontname", quoted("Helvetica")),
                attr("fontsize", plain(16)),
                attr("width", plain(format!("{size:.2}"))),
                attr("fixedsize", plain("shape")),
            ],
        )));
    }
    for (i, fl) in cross.iter().enumerate() {
        if !drawn[i] {
            continue;
        }
        let r = rel(fl);
        let mut attributes = vec![
            attr("penwidth", plain(format!("{:.2}", 1.0 + 9.0 * r))),
            // strong flows pull their departments together, with room left for the line
            attr(
                "len",
                plain(format!(
                    "{:.2}",
                    (sizes[fl.a as usize] + sizes[fl.b as usize]) / 2.0 + 0.4 + 0.8 * (1.0 - r)
                )),
            ),
            attr("color", quoted("#525252")),
        ];
        if is_fragile_flow(fl) {
            attributes.push(attr("style", plain("dashed")));
        }
        if labelled {
            attributes.push(attr("label", quoted(&lang.num(fl.weight, 0, false))));
            attributes.push(attr("fontsize", plain(13)));
            attributes.push(attr("fontname", quoted("Helvetica")));
            attributes.push(attr("fontcolor", quoted("#252525")));
        }
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(plain(format!("d{}", fl.a)), None)),
                Vertex::N(NodeId(plain(format!("d{}", fl.b)), None)),
            ),
            attributes,
        }));
    }
    for &(a, b) in &indirect_only {
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(plain(format!("d{a}")), None)),
                Vertex::N(NodeId(plain(format!("d{b}")), None)),
            ),
            attributes: vec![
                attr("style", plain("dashed")),
                attr("penwidth", plain("1.00")),
                attr("color", quoted("#525252")),
            ],
        }));
    }
    Some(Graph::Graph {
        id: plain("departments"),
        strict: false,
        stmts,
    })
}

/// What the map's label says besides the E-I scale.
struct Heading {
    title: String,
    period: Option<String>,
    caption: String,
    threshold: String,
    /// Some link rests on one person: the dashed line is explained.
    fragile: bool,
}

/// The title, the period, the E-I scale and the captions, as an HTML-like label above the map.
fn legend(heading: &Heading, lang: Lang, scale: f64) -> Id {
    let size = (15.0 * scale).round();
    let mut html = format!(
        "<<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"3\"><TR><TD><FONT POINT-SIZE=\"{}\"><B>{}</B></FONT></TD></TR>",
        (24.0 * scale).round(),
        escape_html(&heading.title)
    );
    if let Some(p) = &heading.period {
        html.push_str(&format!(
            "<TR><TD><FONT POINT-SIZE=\"{}\">{}</FONT></TD></TR>",
            (17.0 * scale).round(),
            escape_html(p)
        ));
    }
    html.push_str(&format!("<TR><TD><FONT POINT-SIZE=\"{size}\">"));
    html.push_str("<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"4\"><TR>");
    html.push_str(&format!(
        "<TD ALIGN=\"RIGHT\">{}</TD>",
        escape_html(lang.pick("E-I index:  closed silo", "Indice E-I :  silo fermé"))
    ));
    for ei in [-1.0, -0.5, 0.0, 0.5, 1.0] {
        let fill = shade(Some(ei));
        html.push_str(&format!(
            "<TD BGCOLOR=\"{fill}\" BORDER=\"1\" COLOR=\"#252525\" WIDTH=\"{}\"><FONT COLOR=\"{}\">{}</FONT></TD>",
            (48.0 * scale).round(),
            ink_on(&fill),
            escape_html(&lang.num(ei, 1, ei > 0.0))
        ));
    }
    html.push_str(&format!(
        "<TD ALIGN=\"LEFT\">{}</TD>",
        escape_html(lang.pick("looks outward", "tourné vers l'extérieur"))
    ));
    html.push_str("</TR></TABLE></FONT></TD></TR>");
    if heading.fragile {
        html.push_str(&format!(
            "<TR><TD><FONT POINT-SIZE=\"{size}\"><FONT COLOR=\"#525252\"><B>\u{2501}\u{2009}\u{2501}\u{2009}\u{2501}</B></FONT>\u{a0}{}</FONT></TD></TR>",
            escape_html(lang.pick(
                "dashed: the link rests on one person",
                "en tirets : le lien repose sur une seule personne"
            ))
        ));
    }
    for line in heading
        .caption
        .split('\n')
        .chain(std::iter::once(heading.threshold.as_str()))
    {
        html.push_str(&format!(
            "<TR><TD><FONT POINT-SIZE=\"{size}\">{}</FONT></TD></TR>",
            escape_html(line)
        ));
    }
    html.push_str("</TABLE>>");
    Id::Html(html)
}

/// Escapes text for an HTML-like Graphviz label.
pub(crate) fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Writes `G_map.dot` (department_map.dot) when the group analysis ran, with English captions
/// and the period `period` (the messages' time span).
pub fn write_department_map(
    out: &OutputDir,
    view: &View,
    period: Option<(i64, i64)>,
    lens: Lens<'_>,
) -> Result<()> {
    write_department_map_in(out, view, Lang::En, period, lens)
}

/// Writes `G_map.dot` with captions in `lang`.
pub fn write_department_map_in(
    out: &OutputDir,
    view: &View,
    lang: Lang,
    period: Option<(i64, i64)>,
    lens: Lens<'_>,
) -> Result<()> {
    let Some(graph) = department_map_in(view, lang, period, lens) else {
        return Ok(());
    };
    let text = graph.print(&mut PrinterContext::default());
    out.write_bytes(
        &format!("{}.dot", lens.map()),
        format!("{text}\n").as_bytes(),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_strongest_fragile_links_are_drawn_above_the_limit() {
        let fragile = vec![(3, 4), (0, 1), (1, 2), (0, 2)];
        let strength = |p: (u32, u32)| match p {
            (0, 1) => 0.2,
            (1, 2) => 0.9,
            (0, 2) => 0.2,
            _ => 0.0, // (3, 4): no direct flow
        };
        assert_eq!(
            drawn_fragile(fragile.clone(), strength, 2),
            vec![(0, 1), (1, 2)],
            "the strongest, then the first pair among equals; sorted by pair"
        );
        assert_eq!(
            drawn_fragile(fragile, strength, 4),
            vec![(0, 1), (0, 2), (1, 2), (3, 4)],
            "all of them within the limit"
        );
    }

    #[test]
    fn lines_are_routed_on_small_maps_and_straight_on_large_ones() {
        assert!(routed(155, 80), "the large organisation's 80 departments");
        assert!(routed(40, 8));
        assert!(!routed(103, 103));
        assert!(!routed(400, 400));
        assert!(!routed(800, 200));
        assert!(!routed(usize::MAX, usize::MAX), "no overflow");
    }
}

//! Pictures for the steering committee: the DOT graphs drawn to SVG and PNG with the Graphviz
//! binaries (through graphviz-rust's exec API), the flow heatmap, and report.html.
//!
//! Each graph is laid out once (`dot -K<engine> -Tdot` adds the positions) and then drawn in each
//! format from those positions (`-Kneato -n2`), so the SVG and the PNG show the same picture and
//! a large graph is not laid out twice. Between the two, the drawing is fitted to a 16:9 slide,
//! the people's names are placed against their own nodes, and the picture is framed 16:9
//! ([`crate::report::slide`]). The PNG is a slide: 13.333 × 7.5 in at [`PNG_DPI`] dots per inch
//! (1920 × 1080 pixels), two or three times that for a drawing more than four slides wide,
//! never above [`PNG_MAX_INCHES`] wide; the SVG keeps the drawing's natural size, in the same
//! 16:9 frame.
//!
//! Graphviz is an outside program: when its `dot` command is missing, the .dot files are still
//! written, nothing is drawn, and [`Rendered::graphviz_missing`] tells the caller, which says
//! once how to install it. The library prints nothing.

use std::collections::HashMap;
use std::fmt;
use std::io;

use dot_structures::{Attribute, Graph, Id, Stmt};
use graphviz_rust::cmd::{CommandArg, Format};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use crate::analyze::Run;
use crate::error::{Error, Result};
use crate::privacy::findings::Findings;
use crate::privacy::view::View;
use crate::report::atomic::OutputDir;
use crate::report::drawing::{Drawing, Pictures};
use crate::report::lang::Lang;
use crate::report::lens::Lens;
use crate::report::people_graph::ColorBy;
use crate::report::{dot, heatmap, html, people_graph, slide};

/// Resolution of the PNG pictures (Graphviz's default is 96).
pub const PNG_DPI: u32 = 144;

/// The PNG is never wider than this many inches (at [`PNG_DPI`]: 5,760 pixels, 3 slides wide),
/// so that the backbone of a large organisation stays a picture a viewer opens.
pub const PNG_MAX_INCHES: u32 = 40;

/// A picture format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ImageFormat {
    /// Scalable vector graphics: sharp at any size, text searchable.
    Svg,
    /// Portable network graphics at [`PNG_DPI`].
    Png,
}

impl ImageFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Svg => "svg",
            ImageFormat::Png => "png",
        }
    }
}

/// What to draw, and in which language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PictureOptions {
    /// Formats written for the graphs (`--format svg,png`); department_flows.svg is written
    /// when SVG is asked for. report.html is always written. Empty (`--format none`): nothing
    /// is drawn, Graphviz is not needed.
    pub formats: Vec<ImageFormat>,
    /// Language of the captions and of report.html (`--lang`).
    pub lang: Lang,
}

impl Default for PictureOptions {
    fn default() -> PictureOptions {
        PictureOptions {
            formats: vec![ImageFormat::Svg, ImageFormat::Png],
            lang: Lang::En,
        }
    }
}

impl PictureOptions {
    fn wants(&self, f: ImageFormat) -> bool {
        self.formats.contains(&f)
    }
}

/// Graphviz's `dot` command was not found: the .dot files were written, not drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphvizMissing {
    /// The DOT files left undrawn.
    pub dot_files: Vec<String>,
}

impl fmt::Display for GraphvizMissing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Graphviz is not installed (no `dot` command found), so {} {} written but not drawn. \
             Install it and run again (Debian/Ubuntu: sudo apt-get install graphviz; Fedora: sudo dnf install graphviz; \
             macOS: brew install graphviz; Windows: winget install graphviz), or draw them yourself: \
             dot -Tsvg department_map.dot -o department_map.svg",
            self.dot_files.join(" and "),
            if self.dot_files.len() == 1 {
                "was"
            } else {
                "were"
            }
        )
    }
}

/// What [`render_all`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// Files written, in order.
    pub written: Vec<String>,
    /// Set when Graphviz is missing (the caller tells the user, once).
    pub graphviz_missing: Option<GraphvizMissing>,
}

/// Draws `graph` in the given formats with Graphviz: laid out once with the engine named by
/// its `layout` attribute (or `dot`), then drawn from those positions. `Ok(None)` when
/// Graphviz is not installed; an error when it fails on the graph.
pub fn draw(graph: &Graph, formats: &[ImageFormat]) -> io::Result<Option<Drawing>> {
    draw_stretched(graph, formats, false)
}

/// [`draw`], the layout first fitted to a 16:9 slide when `stretch` ([`slide::fit_to_slide`]:
/// for force-directed drawings whose label is at the top, whose aspect means nothing).
pub fn draw_stretched(
    graph: &Graph,
    formats: &[ImageFormat],
    stretch: bool,
) -> io::Result<Option<Drawing>> {
    let mut graph = graph.clone();
    let engine = take_layout(&mut graph).unwrap_or_else(|| "dot".to_string());
    let order = node_order(&graph);
    let mut ctx = PrinterContext::default();
    let positioned = match graphviz_rust::exec(
        graph,
        &mut ctx,
        vec![
            CommandArg::Custom(format!("-K{engine}")),
            Format::Dot.into(),
        ],
    ) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(graphviz_failed(e, &engine)),
    };
    let mut positioned = nodes_in_order(&positioned, &order)?;
    if stretch {
        slide::fit_to_slide(&mut positioned);
    }
    let labels = slide::place_labels(&mut positioned);
    let frame = slide::frame(&mut positioned, &labels);
    let positioned = positioned.print(&mut PrinterContext::default());
    // each format is a Graphviz process of its own (the PNG of a large people graph takes
    // seconds): they run side by side
    let rendered: Vec<io::Result<Vec<u8>>> = std::thread::scope(|scope| {
        let runs: Vec<_> = formats
            .iter()
            .map(|&format| {
                let positioned = &positioned;
                scope.spawn(move || draw_positioned(positioned, format, frame))
            })
            .collect();
        runs.into_iter()
            .map(|run| {
                run.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut drawing = Drawing::default();
    for (&format, bytes) in formats.iter().zip(rendered) {
        let bytes = Some(bytes.map_err(|e| graphviz_failed(e, "neato -n2"))?);
        match format {
            ImageFormat::Svg => drawing.svg = bytes,
            ImageFormat::Png => drawing.png = bytes,
        }
    }
    Ok(Some(drawing))
}

/// One format of a laid-out graph (`neato -n2`: the positions as given), framed by `frame`.
fn draw_positioned(
    positioned: &str,
    format: ImageFormat,
    frame: Option<slide::Frame>,
) -> io::Result<Vec<u8>> {
    let mut args = vec![
        CommandArg::Custom("-Kneato".into()),
        CommandArg::Custom("-n2".into()),
    ];
    match format {
        ImageFormat::Svg => {
            if let Some(f) = frame {
                args.push(CommandArg::Custom(format!(
                    "-Gviewport={}",
                    f.viewport(1.0)
                )));
            }
            args.push(Format::Svg.into());
        }
        ImageFormat::Png => {
            args.push(CommandArg::Custom(format!("-Gdpi={PNG_DPI}")));
            match frame {
                Some(f) => args.push(CommandArg::Custom(format!(
                    "-Gviewport={}",
                    f.slide_viewport(f64::from(PNG_MAX_INCHES))
                ))),
                None => args.push(CommandArg::Custom(format!(
                    "-Gsize={PNG_MAX_INCHES},{PNG_MAX_INCHES}"
                ))),
            }
            args.push(Format::Png.into());
        }
    }
    graphviz_rust::exec_dot(positioned.to_string(), args)
}

/// Graphviz's error, named as such. graphviz-rust passes on only what `dot` wrote on its
/// standard error, which is nothing when it was killed (a signal, the out-of-memory killer):
/// the message then says so instead of ending in an empty reason.
fn graphviz_failed(e: io::Error, engine: &str) -> io::Error {
    let said = e.to_string();
    let said = said.trim();
    io::Error::other(if said.is_empty() {
        format!(
            "Graphviz (dot -K{engine}) stopped without a message: was it killed, or out of memory?"
        )
    } else {
        format!("Graphviz (dot -K{engine}) failed: {said}")
    })
}

/// Graphviz writes a laid-out graph in an order of its own (each node's edges right after it),
/// so that drawn again, nodes would be created, and drawn, in another order than ours, which
/// puts labelled people last so that no node covers their names. Puts the node statements back
/// before the edges, in the order of `order` (node name → position in the original graph).
fn nodes_in_order(positioned: &str, order: &HashMap<String, usize>) -> io::Result<Graph> {
    let mut graph = graphviz_rust::parse(positioned).map_err(io::Error::other)?;
    let stmts = match &mut graph {
        Graph::Graph { stmts, .. } | Graph::DiGraph { stmts, .. } => stmts,
    };
    let rank = |s: &Stmt| match s {
        Stmt::Node(n) => (
            1,
            order.get(&id_text(&n.id.0)).copied().unwrap_or(usize::MAX),
        ),
        Stmt::Edge(_) | Stmt::Subgraph(_) => (2, 0),
        _ => (0, 0),
    };
    stmts.sort_by_key(rank); // stable: edges and attributes keep their order
    Ok(graph)
}

/// Node name → position among the node statements of `graph`.
fn node_order(graph: &Graph) -> HashMap<String, usize> {
    let stmts = match graph {
        Graph::Graph { stmts, .. } | Graph::DiGraph { stmts, .. } => stmts,
    };
    stmts
        .iter()
        .filter_map(|s| match s {
            Stmt::Node(n) => Some(id_text(&n.id.0)),
            _ => None,
        })
        .enumerate()
        .map(|(i, name)| (name, i))
        .collect()
}

fn id_text(id: &Id) -> String {
    match id {
        Id::Plain(v) | Id::Anonymous(v) | Id::Html(v) => v.clone(),
        Id::Escaped(v) => v.trim_matches('"').to_string(),
    }
}

/// Removes the graph's `layout` attribute and returns its engine (drawn from positions later,
/// the graph must not be laid out again by that engine).
fn take_layout(graph: &mut Graph) -> Option<String> {
    let stmts = match graph {
        Graph::Graph { stmts, .. } | Graph::DiGraph { stmts, .. } => stmts,
    };
    let at = stmts
        .iter()
        .position(|s| matches!(s, Stmt::Attribute(Attribute(Id::Plain(k), _)) if k == "layout"))?;
    match stmts.remove(at) {
        Stmt::Attribute(Attribute(_, value)) => Some(id_text(&value)),
        _ => None,
    }
}

/// Draws one graph into `out` as `{stem}.svg` / `{stem}.png` (the formats asked for; stale
/// ones of other formats removed). Returns the SVG (drawn for the report even when not
/// written) or `None` when Graphviz is missing.
fn draw_into(
    out: &OutputDir,
    stem: &str,
    graph: &Graph,
    opts: &PictureOptions,
    written: &mut Vec<String>,
) -> Result<Option<Drawing>> {
    if opts.formats.is_empty() {
        // `--format none`: the .dot files only, no Graphviz at all
        remove_pictures(out, stem)?;
        return Ok(None);
    }
    keep_drawing(out, stem, drawing_of(graph, opts), opts, written)
}

/// The drawing of a department map or people graph in the formats [`draw_into`] writes.
fn drawing_of(graph: &Graph, opts: &PictureOptions) -> io::Result<Option<Drawing>> {
    // the report shows the SVG (a PNG, when asked for, stands in for a very large one)
    let mut formats = vec![ImageFormat::Svg];
    if opts.wants(ImageFormat::Png) {
        formats.push(ImageFormat::Png);
    }
    // both pictures are force-directed layouts (neato, sfdp) with their label at the top
    draw_stretched(graph, &formats, true)
}

/// Writes the files of `drawing` as `stem.svg`/`stem.png` (and removes the ones not drawn).
fn keep_drawing(
    out: &OutputDir,
    stem: &str,
    drawing: io::Result<Option<Drawing>>,
    opts: &PictureOptions,
    written: &mut Vec<String>,
) -> Result<Option<Drawing>> {
    let drawing = drawing.map_err(|source| Error::Write {
        path: out.path().join(format!("{stem}.svg")),
        source,
    })?;
    let Some(drawing) = drawing else {
        remove_pictures(out, stem)?;
        return Ok(None);
    };
    for (format, bytes) in [
        (ImageFormat::Svg, &drawing.svg),
        (ImageFormat::Png, &drawing.png),
    ] {
        let name = format!("{stem}.{}", format.extension());
        match bytes {
            Some(b) if opts.wants(format) => {
                out.write_bytes(&name, b)?;
                written.push(name);
            }
            _ => out.remove_if_present(&name)?,
        }
    }
    Ok(Some(drawing))
}

fn remove_pictures(out: &OutputDir, stem: &str) -> Result<()> {
    for ext in ["svg", "png"] {
        out.remove_if_present(&format!("{stem}.{ext}"))?;
    }
    Ok(())
}

/// Draws the map of a grouping (`G_map.svg`/`.png`; the department map of a run with groups
/// and no people), as [`render_all`] draws the department map, with `G_map.dot` written again
/// in another language than English. `period` is the time span (unix seconds) under the title.
pub fn render_department_map(
    out: &OutputDir,
    view: &View,
    opts: &PictureOptions,
    period: Option<(i64, i64)>,
    lens: Lens<'_>,
) -> Result<Rendered> {
    let mut rendered = Rendered::default();
    if let Some(None) = draw_map(out, view, opts, period, lens, true, &mut rendered.written)?
        && !opts.formats.is_empty()
    {
        rendered.graphviz_missing = Some(GraphvizMissing {
            dot_files: vec![format!("{}.dot", lens.map())],
        });
    }
    Ok(rendered)
}

/// Draws a grouping's map, its .dot written again in another language than English when
/// `rewrite_dot` (the department map's is written in the run's language by
/// [`crate::report::write_all`], at the same time as this runs): `None` when there is no map
/// (no group may be shown), else the drawing (itself `None` when Graphviz is missing or
/// nothing is to be drawn).
fn draw_map(
    out: &OutputDir,
    view: &View,
    opts: &PictureOptions,
    period: Option<(i64, i64)>,
    lens: Lens<'_>,
    rewrite_dot: bool,
    written: &mut Vec<String>,
) -> Result<Option<Option<Drawing>>> {
    let stem = lens.map();
    let Some(graph) = dot::department_map_in(view, opts.lang, period, lens) else {
        remove_pictures(out, &stem)?;
        return Ok(None);
    };
    if rewrite_dot && opts.lang != Lang::En {
        dot::write_department_map_in(out, view, opts.lang, period, lens)?;
    }
    Ok(Some(draw_into(out, &stem, &graph, opts, written)?))
}

/// Draws a grouping's map and writes its heatmap (`G_flows.svg`, when SVG is asked for).
pub fn render_lens(
    out: &OutputDir,
    view: &View,
    opts: &PictureOptions,
    period: Option<(i64, i64)>,
    lens: Lens<'_>,
) -> Result<Rendered> {
    let mut rendered = render_department_map(out, view, opts, period, lens)?;
    if let Some(svg) = heatmap::department_flows(view, opts.lang, period, lens)
        && opts.wants(ImageFormat::Svg)
    {
        out.write_bytes(&lens.heatmap(), svg.as_bytes())?;
        rendered.written.push(lens.heatmap());
    }
    Ok(rendered)
}

/// Draws the department map and the people graph (SVG/PNG), writes department_flows.svg and
/// report.html, as much as the disclosure allows, in `opts.lang`. With another language than
/// English, department_map.dot is written again in it, so that it matches its picture.
/// Pictures of an earlier run that this run does not draw are removed.
pub fn render_all(
    out: &OutputDir,
    f: &Run<'_>,
    view: &View,
    findings: &Findings,
    color: ColorBy,
    opts: &PictureOptions,
) -> Result<Rendered> {
    let mut rendered = Rendered::default();
    let mut pictures = Pictures::default();
    let mut graphviz = true;
    let mut undrawn = Vec::new();
    let period = f.input.shown_span();

    // the people graph is laid out while the department map is (two Graphviz processes side
    // by side); its files are written after the map's, in the order of one thread
    let (map, people) = std::thread::scope(|scope| {
        let people = (view.person_level && !opts.formats.is_empty()).then(|| {
            scope.spawn(|| {
                let graph = people_graph::people_graph_in(f, view, color, opts.lang);
                drawing_of(&graph, opts)
            })
        });
        let map = draw_map(
            out,
            view,
            opts,
            period,
            Lens::DEPARTMENT,
            false,
            &mut rendered.written,
        );
        let people = people.map(|run| {
            run.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        (map, people)
    });
    match map? {
        Some(Some(d)) => pictures.department_map = Some(d),
        Some(None) => {
            graphviz = false;
            undrawn.push("department_map.dot".to_string());
        }
        None => {}
    }

    if view.person_level {
        if graphviz {
            let drawing = match people {
                Some(drawing) => {
                    keep_drawing(out, "people_graph", drawing, opts, &mut rendered.written)?
                }
                None => {
                    // `--format none`
                    remove_pictures(out, "people_graph")?;
                    None
                }
            };
            match drawing {
                Some(d) => pictures.people_graph = Some(d),
                None => graphviz = false,
            }
        } else {
            remove_pictures(out, "people_graph")?;
        }
        if !graphviz {
            undrawn.push("people_graph.dot".to_string());
        }
    } else {
        remove_pictures(out, "people_graph")?;
    }

    match heatmap::department_flows(view, opts.lang, period, Lens::DEPARTMENT) {
        Some(svg) => {
            if opts.wants(ImageFormat::Svg) {
                out.write_bytes("department_flows.svg", svg.as_bytes())?;
                rendered.written.push("department_flows.svg".into());
            } else {
                out.remove_if_present("department_flows.svg")?;
            }
            pictures.department_flows = Some(svg);
        }
        None => out.remove_if_present("department_flows.svg")?,
    }

    if !graphviz && !opts.formats.is_empty() {
        rendered.graphviz_missing = Some(GraphvizMissing { dot_files: undrawn });
    }
    pictures.graphviz_missing = !graphviz && !opts.formats.is_empty();
    let page = html::report(f, findings, opts.lang, &pictures);
    out.write_bytes("report.html", page.as_bytes())?;
    rendered.written.push("report.html".into());
    Ok(rendered)
}

/// The DOT text of a graph, as the .dot files hold it.
pub fn dot_text(graph: &Graph) -> String {
    graph.print(&mut PrinterContext::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_attribute_is_taken_out() {
        let mut g = Graph::Graph {
            id: Id::Plain("g".into()),
            strict: false,
            stmts: vec![
                Stmt::Attribute(dot::attr("overlap", dot::plain("false"))),
                Stmt::Attribute(dot::attr("layout", dot::plain("sfdp"))),
            ],
        };
        assert_eq!(take_layout(&mut g).as_deref(), Some("sfdp"));
        assert!(!dot_text(&g).contains("layout"));
        assert_eq!(take_layout(&mut g), None);
    }

    #[test]
    fn the_missing_graphviz_message_says_how_to_install_it() {
        let m = GraphvizMissing {
            dot_files: vec!["department_map.dot".into(), "people_graph.dot".into()],
        };
        let text = m.to_string();
        assert!(text.contains("apt-get install graphviz"), "{text}");
        assert!(text.contains("department_map.dot and people_graph.dot were written"));
    }

    #[test]
    fn a_graphviz_failure_says_it_is_graphviz_even_when_it_said_nothing() {
        let silent = graphviz_failed(io::Error::other(""), "neato").to_string();
        assert!(
            silent.starts_with("Graphviz (dot -Kneato) stopped without a message"),
            "{silent}"
        );
        let said = graphviz_failed(io::Error::other("Error: syntax error in line 3\n"), "sfdp");
        assert_eq!(
            said.to_string(),
            "Graphviz (dot -Ksfdp) failed: Error: syntax error in line 3"
        );
    }
}

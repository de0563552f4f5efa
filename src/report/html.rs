//! report.html: one self-contained page a consultant can open offline and send. It holds
//! everything summary.md holds, section by section and in the same words (the Markdown of each
//! section rendered with pulldown-cmark), with every row of each ranking, the pictures (SVG and
//! PNG inline as `data:` URIs, the heatmap as inline SVG) beside the section they illustrate,
//! and tables sortable by a click on a column (a few lines of inline script). Nothing is
//! fetched: no font, no style sheet, no script from elsewhere, and a Content-Security-Policy
//! that forbids any request, so a stray reference fails loudly instead of leaking. Raw HTML in
//! a name (a department called `<b>`) is shown as text, never interpreted.

use std::fmt::Write as _;

use base64::Engine as _;
use pulldown_cmark::{Event, Options, Parser};

use crate::analyze::Run;
use crate::privacy::findings::Findings;
use crate::report::drawing::Pictures;
use crate::report::lang::Lang;
use crate::report::summary::{Rows, SectionId, sections};

/// Above this size an SVG of the people graph is replaced in the page by its PNG (when drawn).
const INLINE_SVG_LIMIT: usize = 5_000_000;
/// Above this size the people graph's PNG is left out of the page too (the page names the files).
const INLINE_PNG_LIMIT: usize = 8_000_000;

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Markdown to HTML: tables made sortable, raw HTML shown as text.
pub fn markdown_html(md: &str) -> String {
    let parser = Parser::new_ext(md, Options::ENABLE_TABLES).map(|e| match e {
        Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
        other => other,
    });
    let mut html = String::with_capacity(md.len() * 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    html.replace("<table>", "<table class=\"sortable\">")
        .replace("<th>", "<th scope=\"col\" tabindex=\"0\">")
        .replace("<th style", "<th scope=\"col\" tabindex=\"0\" style")
}

fn data_uri(mime: &str, bytes: &[u8]) -> String {
    format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

fn figure(src: &str, alt: &str, caption: &str) -> String {
    format!(
        "<figure><img src=\"{src}\" alt=\"{}\"><figcaption>{}</figcaption></figure>",
        esc(alt),
        esc(caption)
    )
}

const STYLE: &str = "
:root{--ink:#1a1a1a;--soft:#555;--line:#d0d0d0;--accent:#08519c}
*{box-sizing:border-box}
body{font-family:Helvetica,Arial,sans-serif;color:var(--ink);margin:0 auto;max-width:1180px;padding:24px;line-height:1.45}
h1{font-size:1.7em;margin:0 0 .2em}
h2{font-size:1.25em;margin:1.8em 0 .5em;border-bottom:2px solid var(--accent);padding-bottom:.2em}
p.lead{font-size:1.1em}
.muted{color:var(--soft);font-size:.92em}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:150px}
.card b{display:block;font-size:1.6em}
.card span{color:var(--soft);font-size:.9em}
figure{margin:12px 0}
figure img,figure svg{max-width:100%;max-height:90vh;width:auto;height:auto;border:1px solid var(--line)}
figcaption{color:var(--soft);font-size:.9em;margin-top:4px}
table{border-collapse:collapse;margin:8px 0;font-size:.92em}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left}
th{background:#f0f0f0;cursor:pointer;user-select:none;white-space:nowrap}
th::after{content:' \\2195';color:#999}
th[aria-sort=ascending]::after{content:' \\2191';color:var(--ink)}
th[aria-sort=descending]::after{content:' \\2193';color:var(--ink)}
td{font-variant-numeric:tabular-nums}
.key li{margin:.3em 0;font-size:1.05em}
.note{background:#fff7e0;border-left:4px solid #e0a000;padding:8px 12px}
@media print{body{max-width:none;padding:0}th::after{content:''}h2{break-after:avoid}figure{break-inside:avoid}}
";

const SCRIPT: &str = r"
(function(){
  var fr=document.documentElement.lang==='fr';
  function val(c){
    var t=c.textContent.trim();
    if(t==='\u2013'){return -1e300;}
    t=fr?t.replace(/[\s\u202f\u00a0]/g,'').replace(',','.'):t.replace(/,/g,'');
    t=t.replace('%','');
    return /^[+-]?\d+(\.\d+)?$/.test(t)?parseFloat(t):NaN;
  }
  function sortBy(th){
    var table=th.closest('table'),body=table.tBodies[0],i=th.cellIndex;
    var asc=th.getAttribute('aria-sort')!=='ascending';
    Array.prototype.forEach.call(table.tHead.rows[0].cells,function(h){h.removeAttribute('aria-sort');});
    th.setAttribute('aria-sort',asc?'ascending':'descending');
    var rows=Array.prototype.slice.call(body.rows);
    rows.sort(function(a,b){
      var x=a.cells[i],y=b.cells[i],u=val(x),v=val(y),c;
      if(!isNaN(u)&&!isNaN(v)){c=u-v;}
      else{c=x.textContent.localeCompare(y.textContent,document.documentElement.lang);}
      return asc?c:-c;
    });
    rows.forEach(function(r){body.appendChild(r);});
  }
  document.querySelectorAll('table.sortable th').forEach(function(th){
    th.addEventListener('click',function(){sortBy(th);});
    th.addEventListener('keydown',function(e){if(e.key==='Enter'){sortBy(th);}});
  });
})();
";

/// Renders report.html: the sections of summary.md with every row, and the pictures.
pub fn report(run: &Run<'_>, findings: &Findings, lang: Lang, pictures: &Pictures) -> String {
    let l = |en: &'static str, fr: &'static str| lang.pick(en, fr);
    let mut h = head(lang, l("siloscope summary", "Synthèse siloscope"));
    for section in sections(run, findings, lang, Rows::All) {
        let body = with_table_ids(&markdown_html(&section.markdown), table_ids(section.id));
        match section.id {
            SectionId::Overview => {
                h.push_str(&body);
                h.push_str(&cards(findings, lang));
                if pictures.graphviz_missing {
                    let _ = write!(
                        h,
                        "<p class=\"note\">{}</p>",
                        esc(l(
                            "Graphviz was not installed when this report was made: the department map and the people graph are not drawn (their .dot files are in the same folder).",
                            "Graphviz n'était pas installé lors de la production de ce rapport : la carte des directions et le graphe des personnes ne sont pas dessinés (leurs fichiers .dot sont dans le même dossier).",
                        ))
                    );
                }
            }
            SectionId::Key => {
                let _ = write!(h, "<div class=\"key\">{body}</div>");
            }
            SectionId::Closed => after_heading(&mut h, &body, &department_map(pictures, lang)),
            SectionId::Flows => after_heading(&mut h, &body, &flows_picture(pictures, lang)),
            SectionId::KeyPeople => after_heading(&mut h, &body, &people_graph(pictures, lang)),
            _ => h.push_str(&body),
        }
        h.push('\n');
    }
    h.push_str(&foot(lang));
    h
}

/// The head of a page of siloscope's (styles, a policy that loads nothing from outside).
fn head(lang: Lang, title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\
         <link rel=\"icon\" href=\"data:,\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n",
        lang.code(),
        esc(title)
    )
}

/// The foot of a page: who made it, and the script that sorts tables.
fn foot(lang: Lang) -> String {
    format!(
        "<p class=\"muted\">{} siloscope {}.</p><script>{SCRIPT}</script></body></html>\n",
        esc(lang.pick("Made by", "Produit par")),
        env!("CARGO_PKG_VERSION")
    )
}

/// A page made of Markdown (rendered as the summary's sections are, tables sortable) with a
/// picture after its first section: the comparison's report.html.
pub fn markdown_page(
    lang: Lang,
    title: &str,
    markdown: &str,
    picture: Option<(&[u8], &str)>,
) -> String {
    let mut h = head(lang, title);
    let body = markdown_html(markdown);
    match (picture, body.find("<h2")) {
        (Some((svg, caption)), Some(at)) => {
            h.push_str(&body[..at]);
            h.push_str(&figure(&data_uri("image/svg+xml", svg), caption, caption));
            h.push_str(&body[at..]);
        }
        _ => h.push_str(&body),
    }
    h.push_str(&foot(lang));
    h
}

/// The ids of a section's tables, in order, so that a reader (or a test) can point at one.
fn table_ids(id: SectionId) -> &'static [&'static str] {
    match id {
        SectionId::Closed => &["departments"],
        SectionId::Flows => &["strongest_flows", "weakest_flows"],
        SectionId::KeyPeople => &["betweenness"],
        SectionId::Communities => &["communities"],
        SectionId::Champions => &["champions"],
        SectionId::Inputs => &["inputs"],
        SectionId::LeftOut => &["left_out"],
        _ => &[],
    }
}

fn with_table_ids(html: &str, ids: &[&str]) -> String {
    let mut parts = html.split("<table class=\"sortable\">");
    let mut out = parts.next().unwrap_or_default().to_string();
    for (i, part) in parts.enumerate() {
        match ids.get(i) {
            Some(id) => {
                let _ = write!(out, "<table class=\"sortable\" id=\"{id}\">");
            }
            None => out.push_str("<table class=\"sortable\">"),
        }
        out.push_str(part);
    }
    out
}

/// The section's heading, then `extra` (a picture), then the rest of the section.
fn after_heading(h: &mut String, body: &str, extra: &str) {
    match body.split_once("</h2>") {
        Some((heading, rest)) => {
            let _ = write!(h, "{heading}</h2>{extra}{rest}");
        }
        None => {
            h.push_str(extra);
            h.push_str(body);
        }
    }
}

/// The headline figures, as cards.
fn cards(f: &Findings, lang: Lang) -> String {
    let l = |en: &'static str, fr: &'static str| lang.pick(en, fr);
    let o = &f.overview;
    let mut cards = vec![
        (lang.int(o.people as u64), l("people", "personnes")),
        (lang.int(o.groups as u64), l("departments", "directions")),
        (lang.int(o.ties as u64), l("ties", "liens")),
    ];
    if o.tie_rows > 0 {
        cards.push((
            lang.int(o.tie_rows_used),
            l("tie rows used", "lignes de liens retenues"),
        ));
    } else {
        cards.push((
            lang.int(o.messages_used),
            l("messages used", "messages retenus"),
        ));
    }
    if let Some(g) = &f.groups {
        cards.push((
            lang.num(g.modularity, 3, false),
            l("modularity of the departments", "modularité des directions"),
        ));
    }
    if let Some(s) = &f.structure {
        cards.push((
            lang.int(s.cut_points as u64),
            l(
                "cut points (single points of failure)",
                "points de rupture (maillons uniques)",
            ),
        ));
        cards.push((lang.int(s.bridges as u64), l("bridges", "ponts")));
    }
    if let Some(w) = &f.weak_links {
        cards.push((
            lang.int(w.links.len() as u64),
            l(
                "links resting on one person",
                "liens reposant sur une seule personne",
            ),
        ));
    }
    if let Some(c) = &f.communities {
        cards.push((lang.int(c.count as u64), l("communities", "communautés")));
    }
    let mut h = String::from("<div class=\"cards\">");
    for (value, label) in cards {
        let _ = write!(
            h,
            "<div class=\"card\"><b>{}</b><span>{}</span></div>",
            esc(&value),
            esc(label)
        );
    }
    h.push_str("</div>");
    h
}

fn department_map(pictures: &Pictures, lang: Lang) -> String {
    let Some(svg) = pictures
        .department_map
        .as_ref()
        .and_then(|p| p.svg.as_ref())
    else {
        return String::new();
    };
    figure(
        &data_uri("image/svg+xml", svg),
        lang.pick("Department map", "Carte des directions"),
        lang.pick(
            "Department map (department_map.svg / .png). Darker = more closed; thicker line = more exchange per possible pair of people; the legend gives the other marks.",
            "Carte des directions (department_map.svg / .png). Plus foncé = plus fermé ; trait plus épais = plus d'échanges par paire de personnes possible ; la légende donne les autres marques.",
        ),
    )
}

fn flows_picture(pictures: &Pictures, lang: Lang) -> String {
    let Some(svg) = &pictures.department_flows else {
        return String::new();
    };
    let body = svg
        .split_once("?>")
        .map_or(svg.as_str(), |(_, rest)| rest.trim_start());
    format!(
        "<figure>{body}<figcaption>{}</figcaption></figure>",
        esc(lang.pick(
            "department_flows.svg: hover a cell for its figures.",
            "department_flows.svg : survolez une case pour ses chiffres.",
        ))
    )
}

fn people_graph(pictures: &Pictures, lang: Lang) -> String {
    let Some(drawn) = pictures.people_graph.as_ref() else {
        return String::new();
    };
    let src = match (&drawn.svg, &drawn.png) {
        (Some(svg), _) if svg.len() <= INLINE_SVG_LIMIT => data_uri("image/svg+xml", svg),
        (_, Some(png)) if png.len() <= INLINE_PNG_LIMIT => data_uri("image/png", png),
        _ => {
            return format!(
                "<p class=\"note\">{}</p>",
                esc(lang.pick(
                    "The people graph is too large to include in this page: open people_graph.png or people_graph.svg, next to this report.",
                    "Le graphe des personnes est trop grand pour cette page : ouvrez people_graph.png ou people_graph.svg, à côté de ce rapport.",
                ))
            );
        }
    };
    figure(
        &src,
        lang.pick("People graph", "Graphe des personnes"),
        lang.pick(
            "People graph (people_graph.svg / .png): labels = highest betweenness; the legend gives the marks of cut points and bridges.",
            "Graphe des personnes (people_graph.svg / .png) : étiquettes = plus forte intermédiarité ; la légende donne les marques des points de rupture et des ponts.",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_in_a_name_is_text() {
        let html = markdown_html("| department |\n|---|\n| <script>x</script> |\n");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("<table class=\"sortable\">"), "{html}");
    }
}

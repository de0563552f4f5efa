//! report.html: one self-contained page a consultant can open offline and send. It holds the
//! headline figures, the pictures (SVG and PNG inline as `data:` URIs, the heatmap as inline
//! SVG), and the main tables, sortable by a click on a column (a few lines of inline script).
//! Nothing is fetched: no font, no style sheet, no script from elsewhere, and a
//! Content-Security-Policy that forbids any request, so a stray reference fails loudly instead
//! of leaking. English or French labels and numbers (`--lang`).
//!
//! Everything a reader sees comes from the [`View`]: pseudonyms, reported groups, and no
//! person-level table under `--no-person-level`.

use std::fmt::Write as _;

use base64::Engine as _;

use crate::analyze::Run;
use crate::privacy::groups::OTHER;
use crate::privacy::view::View;
use crate::report::drawing::Pictures;
use crate::report::lang::Lang;
use crate::report::summary::org_chart_word;

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

/// A table cell: shown text and, for numbers, the value it sorts by.
struct Cell {
    text: String,
    sort: Option<f64>,
}

fn txt(s: impl Into<String>) -> Cell {
    Cell {
        text: s.into(),
        sort: None,
    }
}

fn num(text: String, value: f64) -> Cell {
    Cell {
        text,
        sort: Some(value),
    }
}

fn opt(x: Option<f64>, digits: usize, signed: bool, lang: Lang) -> Cell {
    match x {
        Some(v) => num(lang.num(v, digits, signed), v),
        None => Cell {
            text: "–".into(),
            sort: Some(f64::NEG_INFINITY),
        },
    }
}

fn table(html: &mut String, id: &str, headers: &[&str], rows: &[Vec<Cell>]) {
    let _ = write!(html, "<table class=\"sortable\" id=\"{id}\"><thead><tr>");
    for h in headers {
        let _ = write!(html, "<th scope=\"col\" tabindex=\"0\">{}</th>", esc(h));
    }
    html.push_str("</tr></thead><tbody>");
    for row in rows {
        html.push_str("<tr>");
        for c in row {
            match c.sort {
                Some(v) => {
                    let v = if v.is_finite() {
                        format!("{v}")
                    } else {
                        "-1e300".into()
                    };
                    let _ = write!(html, "<td class=\"n\" data-v=\"{v}\">{}</td>", esc(&c.text));
                }
                None => {
                    let _ = write!(html, "<td>{}</td>", esc(&c.text));
                }
            }
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
}

fn data_uri(mime: &str, bytes: &[u8]) -> String {
    format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

fn figure(html: &mut String, src: &str, alt: &str, caption: &str) {
    let _ = write!(
        html,
        "<figure><img src=\"{src}\" alt=\"{}\"><figcaption>{}</figcaption></figure>",
        esc(alt),
        esc(caption)
    );
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
td.n{text-align:right;font-variant-numeric:tabular-nums}
.note{background:#fff7e0;border-left:4px solid #e0a000;padding:8px 12px}
@media print{body{max-width:none;padding:0}th::after{content:''}h2{break-after:avoid}figure{break-inside:avoid}}
";

const SCRIPT: &str = "
(function(){
  function val(c){var v=parseFloat(c.getAttribute('data-v'));return isNaN(v)?-1e300:v;}
  function sortBy(th){
    var table=th.closest('table'),body=table.tBodies[0],i=th.cellIndex;
    var asc=th.getAttribute('aria-sort')!=='ascending';
    Array.prototype.forEach.call(table.tHead.rows[0].cells,function(h){h.removeAttribute('aria-sort');});
    th.setAttribute('aria-sort',asc?'ascending':'descending');
    var rows=Array.prototype.slice.call(body.rows);
    rows.sort(function(a,b){
      var x=a.cells[i],y=b.cells[i],c;
      if(x.hasAttribute('data-v')&&y.hasAttribute('data-v')){c=val(x)-val(y);}
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

/// Renders report.html.
pub fn report(f: &Run<'_>, view: &View, lang: Lang, pictures: &Pictures) -> String {
    let g = f.graph;
    let n = g.node_count();
    let l = |en: &'static str, fr: &'static str| lang.pick(en, fr);
    let mut h = String::with_capacity(1 << 16);
    let title = l("siloscope report", "Rapport siloscope");
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\
         <link rel=\"icon\" href=\"data:,\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n",
        lang.code(),
        esc(title)
    );
    let _ = write!(h, "<h1>{}</h1>", esc(title));
    let departments = f.directory.departments().len();
    let lead = match lang {
        Lang::En => format!(
            "{} people in {} departments; {} ties between them, from {} messages ({} used).",
            lang.int(n as u64),
            lang.int(departments as u64),
            lang.int(g.tie_count() as u64),
            lang.int(f.input.ingest.messages),
            lang.int(f.input.weighting.used)
        ),
        Lang::Fr => format!(
            "{} personnes dans {} départements ; {} liens entre elles, issus de {} messages ({} retenus).",
            lang.int(n as u64),
            lang.int(departments as u64),
            lang.int(g.tie_count() as u64),
            lang.int(f.input.ingest.messages),
            lang.int(f.input.weighting.used)
        ),
    };
    let _ = write!(h, "<p class=\"lead\">{}</p>", esc(&lead));

    // headline figures
    h.push_str("<div class=\"cards\">");
    let mut card = |value: String, label: &str| {
        let _ = write!(
            h,
            "<div class=\"card\"><b>{}</b><span>{}</span></div>",
            esc(&value),
            esc(label)
        );
    };
    card(lang.int(n as u64), l("people", "personnes"));
    card(
        lang.int(departments as u64),
        l("departments", "départements"),
    );
    card(lang.int(g.tie_count() as u64), l("ties", "liens"));
    card(
        lang.int(f.input.weighting.used),
        l("messages used", "messages retenus"),
    );
    if let Some(d) = f.departments {
        card(
            lang.num(d.modularity, 3, false),
            l(
                "modularity of the departments",
                "modularité des départements",
            ),
        );
    }
    if let Some(s) = f.structure {
        card(
            lang.int(s.articulation_point_count() as u64),
            l(
                "cut points (single points of failure)",
                "points d'articulation (maillons uniques)",
            ),
        );
        card(lang.int(s.bridge_count() as u64), l("bridges", "ponts"));
    }
    if let Some(c) = f.communities {
        card(
            lang.int(c.partition.count as u64),
            l("communities", "communautés"),
        );
    }
    h.push_str("</div>");
    let _ = write!(
        h,
        "<p class=\"muted\">{}</p><p class=\"muted\">{}</p>",
        esc(&privacy_sentence(view, lang)),
        esc(l(
            "How to read the figures: a message from s to k recipients adds 1/k to each tie s→r (a broadcast is not k strong ties); weighted path length = 1 / weight: a strong tie is a short path.",
            "Lecture des chiffres : un message de s à k destinataires ajoute 1/k à chaque lien s→r (un envoi à tous n'est pas k liens forts) ; longueur pondérée d'un chemin = 1 / poids : un lien fort est un chemin court.",
        ))
    );
    if pictures.graphviz_missing {
        let _ = write!(
            h,
            "<p class=\"note\">{}</p>",
            esc(l(
                "Graphviz was not installed when this report was made: the department map and the people graph are not drawn (their .dot files are in the same folder).",
                "Graphviz n'était pas installé lors de la production de ce rapport : la carte des départements et le graphe des personnes ne sont pas dessinés (leurs fichiers .dot sont dans le même dossier).",
            ))
        );
    }

    departments_section(&mut h, f, view, lang, pictures);
    people_section(&mut h, f, view, lang, pictures);
    communities_section(&mut h, f, view, lang);
    input_section(&mut h, f, lang);

    let _ = writeln!(
        h,
        "<p class=\"muted\">{} siloscope {}.</p><script>{SCRIPT}</script></body></html>",
        esc(l("Made by", "Produit par")),
        env!("CARGO_PKG_VERSION")
    );
    h
}

fn departments_section(h: &mut String, f: &Run<'_>, view: &View, lang: Lang, pictures: &Pictures) {
    let Some(d) = &view.grouped else {
        return;
    };
    let l = |en: &'static str, fr: &'static str| lang.pick(en, fr);
    let names = view.department_names();
    let _ = write!(
        h,
        "<h2>{}</h2>",
        esc(l(
            "Departments: who lives in a silo",
            "Départements : qui vit en silo"
        ))
    );
    if let Some(svg) = pictures
        .department_map
        .as_ref()
        .and_then(|p| p.svg.as_ref())
    {
        figure(
            h,
            &data_uri("image/svg+xml", svg),
            l("Department map", "Carte des départements"),
            l(
                "Department map (department_map.svg / .png). Darker = more closed; thicker line = more exchange per possible pair of people.",
                "Carte des départements (department_map.svg / .png). Plus foncé = plus fermé ; trait plus épais = plus d'échanges par paire de personnes possible.",
            ),
        );
    }
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |i: usize| d.stats[i].ei_index_weight().unwrap_or(f64::INFINITY);
        key(a).total_cmp(&key(b)).then(a.cmp(&b))
    });
    let _ = write!(
        h,
        "<p>{} {}</p>",
        esc(l(
            "E-I index on weights: −1 = all exchanges stay inside, +1 = all go outside.",
            "Indice E-I sur les poids : −1 = tous les échanges restent à l'intérieur, +1 = tous vont vers l'extérieur.",
        )),
        esc(&match lang {
            Lang::En => format!(
                "Modularity of the department partition: {}.",
                lang.num(
                    f.departments.map_or(d.modularity, |t| t.modularity),
                    3,
                    false
                )
            ),
            Lang::Fr => format!(
                "Modularité de la partition en départements : {}.",
                lang.num(
                    f.departments.map_or(d.modularity, |t| t.modularity),
                    3,
                    false
                )
            ),
        })
    );
    let rows: Vec<Vec<Cell>> = order
        .iter()
        .map(|&i| {
            let s = &d.stats[i];
            vec![
                txt(lang.group(&names[i])),
                num(lang.int(s.headcount as u64), s.headcount as f64),
                opt(s.ei_index_weight(), 2, true, lang),
                opt(s.ei_index_ties(), 2, true, lang),
                num(lang.num(s.internal_weight, 1, false), s.internal_weight),
                num(lang.num(s.external_weight, 1, false), s.external_weight),
                opt(s.density(), 3, false, lang),
                num(
                    lang.int(s.boundary_spanners as u64),
                    s.boundary_spanners as f64,
                ),
            ]
        })
        .collect();
    table(
        h,
        "departments",
        &[
            l("department", "département"),
            l("people", "personnes"),
            l("E-I (weights)", "E-I (poids)"),
            l("E-I (ties)", "E-I (liens)"),
            l("internal weight", "poids interne"),
            l("external weight", "poids externe"),
            l("density", "densité"),
            l("people with outside ties", "personnes liées à l'extérieur"),
        ],
        &rows,
    );

    let _ = write!(
        h,
        "<h2>{}</h2>",
        esc(l("Flows between departments", "Flux entre départements"))
    );
    if let Some(svg) = &pictures.department_flows {
        let body = svg
            .split_once("?>")
            .map_or(svg.as_str(), |(_, rest)| rest.trim_start());
        let _ = write!(
            h,
            "<figure>{body}<figcaption>{}</figcaption></figure>",
            esc(l(
                "department_flows.svg: hover a cell for its figures.",
                "department_flows.svg : survolez une case pour ses chiffres.",
            ))
        );
    }
    let mut cross: Vec<_> = d.flows.iter().filter(|fl| fl.a != fl.b).collect();
    cross.sort_by(|x, y| {
        y.weight
            .total_cmp(&x.weight)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    let silent = cross.iter().filter(|fl| fl.weight == 0.0).count();
    if silent > 0 {
        let text = match lang {
            Lang::En => format!(
                "{} of {} department pairs never exchange directly (weight 0 in the table).",
                lang.int(silent as u64),
                lang.int(cross.len() as u64)
            ),
            Lang::Fr => format!(
                "{} paires de départements sur {} n'échangent jamais directement (poids 0 dans le tableau).",
                lang.int(silent as u64),
                lang.int(cross.len() as u64)
            ),
        };
        let _ = write!(h, "<p>{}</p>", esc(&text));
    }
    let rows: Vec<Vec<Cell>> = cross
        .iter()
        .map(|fl| {
            vec![
                txt(lang.group(&names[fl.a as usize])),
                txt(lang.group(&names[fl.b as usize])),
                num(lang.num(fl.weight, 1, false), fl.weight),
                num(lang.int(fl.ties as u64), fl.ties as f64),
                opt(fl.normalized, 4, false, lang),
            ]
        })
        .collect();
    table(
        h,
        "flows",
        &[
            l("between", "entre"),
            l("and", "et"),
            l("weight", "poids"),
            l("ties", "liens"),
            l("weight per possible pair", "poids par paire possible"),
        ],
        &rows,
    );
}

fn people_section(h: &mut String, f: &Run<'_>, view: &View, lang: Lang, pictures: &Pictures) {
    let l = |en: &'static str, fr: &'static str| lang.pick(en, fr);
    let g = f.graph;
    let n = g.node_count();
    let drawn = pictures.people_graph.as_ref();
    let picture = drawn.and_then(|p| match (&p.svg, &p.png) {
        (Some(svg), _) if svg.len() <= INLINE_SVG_LIMIT => Some(data_uri("image/svg+xml", svg)),
        (_, Some(png)) if png.len() <= INLINE_PNG_LIMIT => Some(data_uri("image/png", png)),
        _ => None,
    });
    let too_large = drawn.is_some() && picture.is_none();
    let betweenness = f
        .betweenness
        .or(f.betweenness_weighted)
        .filter(|_| view.person_level);
    if picture.is_none() && !too_large && betweenness.is_none() && f.structure.is_none() {
        return;
    }
    let _ = write!(
        h,
        "<h2>{}</h2>",
        esc(l(
            "People: through whom collaboration flows",
            "Personnes : par qui passe la collaboration",
        ))
    );
    if let Some(src) = picture {
        figure(
            h,
            &src,
            l("People graph", "Graphe des personnes"),
            l(
                "People graph (people_graph.svg / .png): diamonds = cut points, red lines = bridges, labels = highest betweenness.",
                "Graphe des personnes (people_graph.svg / .png) : losanges = points d'articulation, traits rouges = ponts, étiquettes = plus forte intermédiarité.",
            ),
        );
    }
    if too_large {
        let _ = write!(
            h,
            "<p class=\"note\">{}</p>",
            esc(l(
                "The people graph is too large to include in this page: open people_graph.png or people_graph.svg, next to this report.",
                "Le graphe des personnes est trop grand pour cette page : ouvrez people_graph.png ou people_graph.svg, à côté de ce rapport.",
            ))
        );
    }
    if let Some(b) = betweenness {
        let _ = write!(
            h,
            "<p>{}</p>",
            esc(l(
                "The people with the highest betweenness: the share of shortest paths between other people that pass through them. It describes a position in the network, not a performance.",
                "Les personnes à plus forte intermédiarité : la part des plus courts chemins entre les autres qui passe par elles. C'est une position dans le réseau, pas une performance.",
            ))
        );
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&x, &y| {
            b[y].total_cmp(&b[x])
                .then_with(|| view.person(x as u32).cmp(view.person(y as u32)))
        });
        let rows: Vec<Vec<Cell>> = order
            .iter()
            .take(10)
            .filter(|&&v| b[v] > 0.0)
            .map(|&v| {
                let cut = f.structure.map(|s| s.is_articulation_point[v]);
                vec![
                    txt(view.person(v as u32)),
                    txt(lang.group(view.department(v as u32))),
                    opt(f.betweenness.map(|x| x[v]), 4, false, lang),
                    opt(f.betweenness_weighted.map(|x| x[v]), 4, false, lang),
                    match f.departments {
                        Some(d) => num(
                            lang.int(d.external_ties_of_person[v] as u64),
                            d.external_ties_of_person[v] as f64,
                        ),
                        None => txt("–"),
                    },
                    txt(match cut {
                        Some(true) => l("yes", "oui"),
                        Some(false) => l("no", "non"),
                        None => "–",
                    }),
                ]
            })
            .collect();
        table(
            h,
            "betweenness",
            &[
                l("person", "personne"),
                l("department", "département"),
                l("betweenness (hops)", "intermédiarité (sauts)"),
                l("betweenness (weighted)", "intermédiarité (pondérée)"),
                l(
                    "ties to other departments",
                    "liens vers d'autres départements",
                ),
                l("cut point", "point d'articulation"),
            ],
            &rows,
        );
    }
    if let Some(s) = f.structure {
        let mut joining = Vec::new();
        for v in 0..n as u32 {
            if !s.is_articulation_point[v as usize] {
                continue;
            }
            let own = lang.group(view.department(v));
            let others: Vec<&str> = view
                .other_departments(g, v)
                .into_iter()
                .map(|d| lang.group(d))
                .collect();
            if !others.is_empty() {
                joining.push((view.person(v), own, others.join(", ")));
            }
        }
        joining.sort();
        let intro = match lang {
            Lang::En => format!(
                "{} components (largest: {} people); {} bridges (ties whose loss splits the network) and {} cut points (people whose absence splits it).",
                lang.int(s.components as u64),
                lang.int(s.component_sizes().into_iter().max().unwrap_or(0) as u64),
                lang.int(s.bridge_count() as u64),
                lang.int(s.articulation_point_count() as u64)
            ),
            Lang::Fr => format!(
                "{} composantes (la plus grande : {} personnes) ; {} ponts (liens dont la perte coupe le réseau) et {} points d'articulation (personnes dont l'absence le coupe).",
                lang.int(s.components as u64),
                lang.int(s.component_sizes().into_iter().max().unwrap_or(0) as u64),
                lang.int(s.bridge_count() as u64),
                lang.int(s.articulation_point_count() as u64)
            ),
        };
        let _ = write!(h, "<p>{}</p>", esc(&intro));
        if !joining.is_empty() {
            let _ = write!(
                h,
                "<p>{}</p><ul>",
                esc(l(
                    "Cut points with ties to other departments (single points of failure):",
                    "Points d'articulation liés à d'autres départements (maillons uniques) :",
                ))
            );
            for (who, own, others) in &joining {
                let line = match (view.person_level, lang) {
                    (true, Lang::En) => format!("{who} links {own} to {others}"),
                    (true, Lang::Fr) => format!("{who} relie {own} à {others}"),
                    (false, Lang::En) => format!("a person of {own} links it to {others}"),
                    (false, Lang::Fr) => {
                        format!("une personne de {own} le relie à {others}")
                    }
                };
                let _ = write!(h, "<li>{}</li>", esc(&line));
            }
            h.push_str("</ul>");
        }
    }
}

fn communities_section(h: &mut String, f: &Run<'_>, view: &View, lang: Lang) {
    let (Some(c), Some(groups)) = (f.communities, view.communities.as_ref()) else {
        return;
    };
    let l = |en: &'static str, fr: &'static str| lang.pick(en, fr);
    let _ = write!(
        h,
        "<h2>{}</h2>",
        esc(l(
            "Does collaboration follow the org chart?",
            "La collaboration suit-elle l'organigramme ?",
        ))
    );
    let word = org_chart_word(c.agreement.nmi);
    let method = if c.method == "leiden" {
        "Leiden"
    } else {
        "Louvain"
    };
    let text = match lang {
        Lang::En => format!(
            "{method} found {} groups of people who mostly work together (modularity {}). They match the departments with a normalized mutual information of {} and an adjusted Rand index of {}: collaboration follows the org chart {word}.",
            lang.int(c.partition.count as u64),
            lang.num(c.partition.modularity, 3, false),
            lang.num(c.agreement.nmi, 2, false),
            lang.num(c.agreement.ari, 2, false)
        ),
        Lang::Fr => format!(
            "{method} trouve {} groupes de personnes qui travaillent surtout ensemble (modularité {}). Ils recoupent les départements avec une information mutuelle normalisée de {} et un indice de Rand ajusté de {} : la collaboration suit l'organigramme {}.",
            lang.int(c.partition.count as u64),
            lang.num(c.partition.modularity, 3, false),
            lang.num(c.agreement.nmi, 2, false),
            lang.num(c.agreement.ari, 2, false),
            match word {
                "closely" => "de près",
                "partly" => "en partie",
                _ => "de loin",
            }
        ),
    };
    let _ = write!(h, "<p>{}</p>", esc(&text));
    let Some(t) = crate::privacy::crosstab::crosstab(view, view.min_group_size) else {
        return;
    };
    let names = view.department_names();
    let rows: Vec<Vec<Cell>> = (0..groups.names.len())
        .map(|r| {
            let size: usize = view
                .community_of_person
                .iter()
                .filter(|c| **c == Some(r as u32))
                .count();
            let shown = t.shown_mix(r);
            let mix: Vec<String> = shown
                .iter()
                .take(3)
                .map(|&(x, d)| {
                    format!(
                        "{} {}\u{a0}%",
                        lang.group(&names[d]),
                        lang.num(100.0 * x as f64 / size.max(1) as f64, 0, false)
                    )
                })
                .collect();
            vec![
                txt(lang.group(&groups.names[r])),
                num(lang.int(size as u64), size as f64),
                txt(mix.join("; ")),
            ]
        })
        .collect();
    table(
        h,
        "communities",
        &[
            l("community", "communauté"),
            l("people", "personnes"),
            l("main departments", "principaux départements"),
        ],
        &rows,
    );
}

fn input_section(h: &mut String, f: &Run<'_>, lang: Lang) {
    let l = |en: &'static str, fr: &'static str| lang.pick(en, fr);
    let i = f.input;
    let _ = write!(
        h,
        "<h2>{}</h2>",
        esc(l(
            "What was left out of the input, and why",
            "Ce qui a été écarté des données, et pourquoi",
        ))
    );
    let max = i.weighting_options.max_recipients.to_string();
    let rows: Vec<(String, u64, String)> = vec![
        (
            l("message rows read", "lignes de messages lues").into(),
            i.ingest.rows_read,
            String::new(),
        ),
        (
            l("rejected message rows", "lignes de messages rejetées").into(),
            i.rejected.values().sum(),
            l(
                "malformed row, skipped (--strict stops on it)",
                "ligne mal formée, ignorée (--strict arrête dessus)",
            )
            .into(),
        ),
        (
            l("rejected directory rows", "lignes de l'annuaire rejetées").into(),
            i.directory_rejected.values().sum(),
            l(
                "malformed row, skipped (--strict stops on it)",
                "ligne mal formée, ignorée (--strict arrête dessus)",
            )
            .into(),
        ),
        (
            l("self-messages", "messages à soi-même").into(),
            i.weighting.self_messages,
            l(
                "the sender was the only recipient",
                "l'expéditeur était le seul destinataire",
            )
            .into(),
        ),
        (
            l("messages without recipients", "messages sans destinataire").into(),
            i.weighting.without_recipients,
            l("nothing to connect", "rien à relier").into(),
        ),
        (
            l("broadcasts left out", "envois en masse écartés").into(),
            i.weighting.broadcasts,
            match lang {
                Lang::En => format!("more than {max} recipients: a broadcast is not a tie"),
                Lang::Fr => {
                    format!("plus de {max} destinataires : un envoi en masse n'est pas un lien")
                }
            },
        ),
        (
            l(
                "messages from outside the directory",
                "messages d'expéditeurs hors annuaire",
            )
            .into(),
            i.weighting.from_external,
            l(
                "external senders are not in the graph",
                "les expéditeurs externes ne sont pas dans le graphe",
            )
            .into(),
        ),
        (
            l(
                "messages only to external recipients",
                "messages seulement vers l'extérieur",
            )
            .into(),
            i.weighting.only_external_recipients,
            l(
                "no colleague among the recipients",
                "aucun collègue parmi les destinataires",
            )
            .into(),
        ),
        (
            l(
                "distinct external addresses",
                "adresses externes distinctes",
            )
            .into(),
            i.ingest.external_addresses,
            l(
                "not in the directory: counted in k, left out of the graph",
                "hors annuaire : comptées dans k, absentes du graphe",
            )
            .into(),
        ),
    ];
    let rows: Vec<Vec<Cell>> = rows
        .into_iter()
        .map(|(what, count, why)| vec![txt(what), num(lang.int(count), count as f64), txt(why)])
        .collect();
    table(
        h,
        "input",
        &[
            l("what", "quoi"),
            l("count", "nombre"),
            l("why", "pourquoi"),
        ],
        &rows,
    );
}

/// One sentence on what the page discloses.
fn privacy_sentence(view: &View, lang: Lang) -> String {
    let who = if view.pseudonymized {
        lang.pick(
            "People appear under keyed pseudonyms (p-…), never by name or address",
            "Les personnes apparaissent sous des pseudonymes à clé (p-…), jamais par leur nom ni leur adresse",
        )
    } else {
        lang.pick(
            "People appear under their real ids (--reveal-identities)",
            "Les personnes apparaissent sous leur identifiant réel (--reveal-identities)",
        )
    };
    let min = view.min_group_size;
    let groups = match (
        view.departments.suppressed > 0,
        view.departments.merged > 0,
        lang,
    ) {
        (true, _, Lang::En) => format!(
            "the whole directory is smaller than the minimum group size ({min}), so no department figure is shown"
        ),
        (true, _, Lang::Fr) => format!(
            "l'annuaire entier compte moins que la taille minimale de groupe ({min}) : aucun chiffre par département n'est montré"
        ),
        (false, true, Lang::En) => format!(
            "{} department(s) smaller than {min} people are reported together as \"{OTHER}\"",
            view.departments.merged
        ),
        (false, true, Lang::Fr) => format!(
            "{} département(s) de moins de {min} personnes sont regroupés sous « {OTHER} »",
            view.departments.merged
        ),
        (false, false, Lang::En) => {
            format!("every department reaches the minimum group size of {min}")
        }
        (false, false, Lang::Fr) => {
            format!("chaque département atteint la taille minimale de groupe de {min}")
        }
    };
    match lang {
        Lang::En => format!("Privacy: {who}; {groups}."),
        Lang::Fr => format!("Confidentialité : {who} ; {groups}."),
    }
}

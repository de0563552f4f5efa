//! department_flows.svg: the department × department matrix of flows per possible pair of
//! people (department_flows.csv, `normalized_weight`), as a heatmap: of the
//! [`HEATMAP_DEPARTMENTS`] largest departments above that many, said under the title.
//!
//! Rows and columns follow one order, found by average-linkage hierarchical clustering of the
//! departments' flow profiles (distance 1 − cosine similarity of their rows, diagonal included),
//! each merge flipping its two halves so that the most similar ends meet. Departments that work
//! together sit together and show as blocks; a silo is a dark diagonal cell in a pale row.
//! O(D³) for D departments.
//!
//! The scale is logarithmic (flows span orders of magnitude: inside a department a pair of
//! people exchanges far more than across), in 6 classes of ColorBrewer "YlOrRd", whose lightness
//! falls steadily so a grey-scale print keeps the order; a pair that never exchanges is white
//! with a grey dot.
//! Written with the `svg` crate, which escapes every name.

use svg::Document;
use svg::node::element::{Circle, Group, Rectangle, Text, Title};

use crate::analyze::Departments;
use crate::privacy::view::View;
use crate::report::lang::Lang;
use crate::report::lens::Lens;

/// ColorBrewer "YlOrRd", 6 classes, light to dark.
const CLASSES: [&str; 6] = [
    "#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026",
];
/// Text colour on each class.
const INK: [&str; 6] = ["black", "black", "black", "black", "white", "white"];
const FONT: &str = "Helvetica, Arial, sans-serif";
/// Names longer than this are cut (the full name is in the cell's tooltip).
const MAX_NAME: usize = 28;
/// Above this many departments the heatmap shows the largest ones only (by headcount), and
/// says so: 400 departments made 160,000 cells, a 22 MB picture with cells a few pixels wide;
/// department_flows.csv keeps every pair.
pub const HEATMAP_DEPARTMENTS: usize = 100;

/// The departments the heatmap shows: all up to `limit`, else the `limit` of largest headcount
/// (ties: the lower index), in increasing index. O(D log D).
fn shown_departments(headcounts: &[usize], limit: usize) -> Vec<usize> {
    let mut all: Vec<usize> = (0..headcounts.len()).collect();
    if all.len() > limit {
        all.sort_by(|&a, &b| headcounts[b].cmp(&headcounts[a]).then(a.cmp(&b)));
        all.truncate(limit);
        all.sort_unstable();
    }
    all
}

/// The symmetric matrix of flows per possible pair of people (0 where no pair is possible).
pub fn flow_matrix(d: &Departments) -> Vec<Vec<f64>> {
    let n = d.stats.len();
    let mut m = vec![vec![0.0; n]; n];
    for fl in &d.flows {
        let x = fl.normalized.unwrap_or(0.0);
        m[fl.a as usize][fl.b as usize] = x;
        m[fl.b as usize][fl.a as usize] = x;
    }
    m
}

/// The order of rows and columns: leaves of an average-linkage clustering of the rows of `m`
/// (distance 1 − cosine), each merge oriented so that its most similar ends meet. Ties go to
/// the lowest indices, so the order is deterministic.
///
/// ```
/// use siloscope::report::heatmap::cluster_order;
/// // 0 and 2 exchange, 1 and 3 exchange: the order puts each pair side by side
/// let m = vec![
///     vec![1.0, 0.0, 0.9, 0.0],
///     vec![0.0, 1.0, 0.0, 0.8],
///     vec![0.9, 0.0, 1.0, 0.0],
///     vec![0.0, 0.8, 0.0, 1.0],
/// ];
/// let order = cluster_order(&m);
/// let at = |x: usize| order.iter().position(|&v| v == x).unwrap();
/// assert_eq!(at(0).abs_diff(at(2)), 1);
/// assert_eq!(at(1).abs_diff(at(3)), 1);
/// ```
pub fn cluster_order(m: &[Vec<f64>]) -> Vec<usize> {
    let n = m.len();
    let norm: Vec<f64> = m
        .iter()
        .map(|r| r.iter().map(|x| x * x).sum::<f64>().sqrt())
        .collect();
    let sim: Vec<Vec<f64>> = (0..n)
        .map(|a| {
            (0..n)
                .map(|b| {
                    if norm[a] == 0.0 || norm[b] == 0.0 {
                        0.0
                    } else {
                        m[a].iter().zip(&m[b]).map(|(x, y)| x * y).sum::<f64>()
                            / (norm[a] * norm[b])
                    }
                })
                .collect()
        })
        .collect();
    let mut clusters: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    while clusters.len() > 1 {
        let mut best = (f64::NEG_INFINITY, 0, 1);
        for i in 0..clusters.len() {
            for j in i + 1..clusters.len() {
                let total: f64 = clusters[i]
                    .iter()
                    .flat_map(|&a| clusters[j].iter().map(move |&b| (a, b)))
                    .map(|(a, b)| sim[a][b])
                    .sum();
                let avg = total / (clusters[i].len() * clusters[j].len()) as f64;
                if avg > best.0 {
                    best = (avg, i, j);
                }
            }
        }
        let (_, i, j) = best;
        let right = clusters.remove(j);
        let left = std::mem::take(&mut clusters[i]);
        clusters[i] = join(left, right, &sim);
    }
    clusters.pop().unwrap_or_default()
}

/// Concatenates two leaf orders, flipping either so that the most similar ends meet.
fn join(left: Vec<usize>, right: Vec<usize>, sim: &[Vec<f64>]) -> Vec<usize> {
    let (lf, ll) = (left[0], left[left.len() - 1]);
    let (rf, rl) = (right[0], right[right.len() - 1]);
    // (flip left, flip right) by the similarity of the ends that meet; ties keep the order
    let options = [
        (sim[ll][rf], false, false),
        (sim[ll][rl], false, true),
        (sim[lf][rf], true, false),
        (sim[lf][rl], true, true),
    ];
    let mut pick = options[0];
    for o in &options[1..] {
        if o.0 > pick.0 {
            pick = *o;
        }
    }
    let mut out = left;
    if pick.1 {
        out.reverse();
    }
    let mut right = right;
    if pick.2 {
        right.reverse();
    }
    out.extend(right);
    out
}

fn cut(name: &str) -> String {
    if name.chars().count() <= MAX_NAME {
        name.to_string()
    } else {
        let mut s: String = name.chars().take(MAX_NAME - 1).collect();
        s.push('…');
        s
    }
}

/// Estimated width of `text` in Helvetica at `size` px.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.58
}

/// A value with two significant digits, in `lang`.
fn sig(x: f64, lang: Lang) -> String {
    if x <= 0.0 {
        return "0".into();
    }
    let digits = (1 - x.log10().floor() as i32).max(0) as usize;
    lang.num(x, digits, false)
}

/// The heatmap's title: "Flows between departments", "Groups by site: flows between them".
fn flows_title(lens: Lens<'_>, lang: Lang, per_pair: bool) -> String {
    let per = if per_pair {
        lang.pick(
            ", per possible pair of people",
            ", par paire de personnes possible",
        )
    } else {
        ""
    };
    if lens.is_department() {
        return format!(
            "{}{per}",
            lang.pick("Flows between departments", "Flux entre directions")
        );
    }
    format!(
        "{}{per}",
        lens.title(lang, ("flows between them", "flux entre eux"))
    )
}

/// Builds department_flows.svg (with its XML declaration); `None` without department figures.
/// `period` (the messages' time span, unix seconds) is shown under the title.
pub fn department_flows(
    view: &View,
    lang: Lang,
    period: Option<(i64, i64)>,
    lens: Lens<'_>,
) -> Option<String> {
    let d = view.grouped.as_ref()?;
    let names = view.department_names();
    let n = names.len();
    if n == 0 {
        return None;
    }
    let m = flow_matrix(d);
    let headcounts: Vec<usize> = d.stats.iter().map(|s| s.headcount).collect();
    let kept = shown_departments(&headcounts, HEATMAP_DEPARTMENTS);
    let sub: Vec<Vec<f64>> = kept
        .iter()
        .map(|&a| kept.iter().map(|&b| m[a][b]).collect())
        .collect();
    let order: Vec<usize> = cluster_order(&sub).into_iter().map(|i| kept[i]).collect();
    let all = n;
    let n = kept.len();
    let positive: Vec<f64> = sub.iter().flatten().copied().filter(|&x| x > 0.0).collect();
    let hi = positive.iter().copied().fold(0.0f64, f64::max);
    let lo = positive.iter().copied().fold(hi, f64::min).max(hi / 1e4);
    let class_of = |x: f64| -> Option<usize> {
        if x <= 0.0 {
            return None;
        }
        if hi <= lo {
            return Some(CLASSES.len() - 1);
        }
        let t = (x.max(lo).ln() - lo.ln()) / (hi.ln() - lo.ln());
        Some(((t * CLASSES.len() as f64) as usize).min(CLASSES.len() - 1))
    };
    let bound = |k: usize| -> f64 {
        if hi <= lo {
            return hi;
        }
        (lo.ln() + (hi.ln() - lo.ln()) * k as f64 / CLASSES.len() as f64).exp()
    };

    let cell = (640.0 / n as f64).clamp(14.0, 56.0);
    let font = (cell * 0.62).clamp(10.0, 14.0);
    let shown: Vec<String> = names.iter().map(|s| cut(lang.group(s))).collect();
    let label_w = kept
        .iter()
        .map(|&i| text_width(&shown[i], font))
        .fold(0.0, f64::max)
        .max(60.0);
    let matrix_w = cell * n as f64;
    let period = crate::report::slide::period(period, lang);
    let title_h = if period.is_some() { 78.0 } else { 58.0 };
    let left = label_w + 16.0;
    let top = title_h + label_w * std::f64::consts::FRAC_1_SQRT_2 + 16.0;
    let legend_h = 78.0;
    let width = (left + matrix_w + label_w * std::f64::consts::FRAC_1_SQRT_2 + 24.0).max(620.0);
    let height = top + matrix_w + legend_h;

    let mut doc = Document::new()
        .set("width", fmt(width))
        .set("height", fmt(height))
        .set("viewBox", format!("0 0 {} {}", fmt(width), fmt(height)))
        .set("font-family", FONT)
        .add(Title::new(flows_title(lens, lang, false)))
        .add(
            Rectangle::new()
                .set("width", "100%")
                .set("height", "100%")
                .set("fill", "white"),
        )
        .add(
            Text::new(flows_title(lens, lang, true))
            .set("x", 12)
            .set("y", 24)
            .set("font-size", 18)
            .set("font-weight", "bold"),
        )
        .add(
            Text::new(format!(
                "{}{}",
                if n < all {
                    crate::report::lang::tr!(
                        lang,
                        "The {n} largest of the {all} departments (department_flows.csv has every pair). ",
                        "Les {n} plus grandes des {all} directions (department_flows.csv a toutes les paires). ",
                    )
                } else {
                    String::new()
                },
                lang.pick(
                    "Ordered by similarity of flow profiles: departments that work together sit together; diagonal = inside a department.",
                    "Ordre par similarité des profils de flux : les directions qui travaillent ensemble sont voisines ; diagonale = à l'intérieur d'une direction.",
                )
            ))
            .set("x", 12)
            .set("y", fmt(title_h - 14.0))
            .set("font-size", 12)
            .set("fill", "#404040"),
        );
    if let Some(p) = period {
        doc = doc.add(
            Text::new(p)
                .set("x", 12)
                .set("y", 44)
                .set("font-size", 14)
                .set("class", "period"),
        );
    }

    // column labels, rotated, and row labels
    let mut labels = Group::new().set("font-size", fmt(font));
    for (pos, &dep) in order.iter().enumerate() {
        let cx = left + cell * (pos as f64 + 0.5);
        let cy = top + cell * (pos as f64 + 0.5);
        labels = labels
            .add(
                Text::new(shown[dep].clone())
                    .set("x", fmt(left - 6.0))
                    .set("y", fmt(cy + font * 0.35))
                    .set("text-anchor", "end")
                    .set("class", "row"),
            )
            .add(
                Text::new(shown[dep].clone())
                    .set(
                        "transform",
                        format!("translate({} {}) rotate(-45)", fmt(cx), fmt(top - 6.0)),
                    )
                    .set("class", "col"),
            );
    }
    doc = doc.add(labels);

    // one lookup per cell: a scan of the flows per cell took 120 s for 640 departments
    let by_pair: std::collections::HashMap<(usize, usize), (f64, usize)> = d
        .flows
        .iter()
        .map(|f| ((f.a as usize, f.b as usize), (f.weight, f.ties)))
        .collect();
    let flow_at = |a: usize, b: usize| by_pair.get(&(a.min(b), a.max(b))).copied();
    let write_values = cell >= 40.0;
    let mut cells = Group::new()
        .set("stroke", "#d9d9d9")
        .set("stroke-width", 0.5);
    let mut nothing = Group::new().set("fill", "#969696");
    let mut values = Group::new()
        .set("font-size", fmt((cell * 0.24).clamp(9.0, 12.0)))
        .set("text-anchor", "middle");
    for (row, &a) in order.iter().enumerate() {
        for (col, &b) in order.iter().enumerate() {
            let x = m[a][b];
            let class = class_of(x);
            let (weight, ties) = flow_at(a, b).unwrap_or((0.0, 0));
            let tip = if a == b {
                format!(
                    "{} ({}): {} — {} {}, {} {}",
                    lang.group(&names[a]),
                    lang.pick("inside", "interne"),
                    sig(x, lang),
                    lang.pick("weight", "poids"),
                    lang.num(weight, 1, false),
                    lang.int(ties as u64),
                    lang.pick("ties", "liens")
                )
            } else {
                format!(
                    "{} – {}: {} — {} {}, {} {}",
                    lang.group(&names[a]),
                    lang.group(&names[b]),
                    sig(x, lang),
                    lang.pick("weight", "poids"),
                    lang.num(weight, 1, false),
                    lang.int(ties as u64),
                    lang.pick("ties", "liens")
                )
            };
            let (px, py) = (left + cell * col as f64, top + cell * row as f64);
            cells = cells.add(
                Rectangle::new()
                    .set("x", fmt(px))
                    .set("y", fmt(py))
                    .set("width", fmt(cell))
                    .set("height", fmt(cell))
                    .set("fill", class.map_or("#ffffff", |k| CLASSES[k]))
                    .add(Title::new(tip)),
            );
            if x <= 0.0 {
                // a grey dot tells "never" from the palest class, in grey print too
                nothing = nothing.add(
                    Circle::new()
                        .set("cx", fmt(px + cell / 2.0))
                        .set("cy", fmt(py + cell / 2.0))
                        .set("r", fmt((cell * 0.09).max(1.5))),
                );
            } else if write_values {
                values = values.add(
                    Text::new(sig(x, lang))
                        .set("x", fmt(px + cell / 2.0))
                        .set("y", fmt(py + cell / 2.0 + 4.0))
                        .set("fill", class.map_or("black", |k| INK[k])),
                );
            }
        }
    }
    // the diagonal, outlined: where each department talks to itself
    let mut diagonal = Group::new()
        .set("fill", "none")
        .set("stroke", "#252525")
        .set("stroke-width", 1.2);
    for pos in 0..n {
        diagonal = diagonal.add(
            Rectangle::new()
                .set("x", fmt(left + cell * pos as f64))
                .set("y", fmt(top + cell * pos as f64))
                .set("width", fmt(cell))
                .set("height", fmt(cell)),
        );
    }
    doc = doc.add(cells).add(nothing).add(diagonal);
    if write_values {
        doc = doc.add(values);
    }

    // the colour scale: "none" then the classes, with their lower bounds
    let ly = top + matrix_w + 24.0;
    let sw = 64.0;
    let mut legend = Group::new().set("font-size", 12);
    legend = legend.add(
        Text::new(lang.pick(
            "Weight per possible pair of people (log scale):",
            "Poids par paire de personnes possible (échelle log) :",
        ))
        .set("x", 12)
        .set("y", fmt(ly - 6.0)),
    );
    legend = legend
        .add(
            Rectangle::new()
                .set("x", 12)
                .set("y", fmt(ly))
                .set("width", fmt(sw))
                .set("height", 18)
                .set("fill", "#ffffff")
                .set("stroke", "#969696"),
        )
        .add(
            Circle::new()
                .set("cx", fmt(12.0 + sw / 2.0))
                .set("cy", fmt(ly + 9.0))
                .set("r", 3)
                .set("fill", "#969696"),
        )
        .add(
            Text::new(lang.pick("none", "aucun"))
                .set("x", fmt(12.0 + sw / 2.0))
                .set("y", fmt(ly + 34.0))
                .set("text-anchor", "middle"),
        );
    for (k, colour) in CLASSES.iter().enumerate() {
        let x = 12.0 + sw * (k as f64 + 1.0) + 8.0;
        legend = legend
            .add(
                Rectangle::new()
                    .set("x", fmt(x))
                    .set("y", fmt(ly))
                    .set("width", fmt(sw))
                    .set("height", 18)
                    .set("fill", *colour)
                    .set("stroke", "#969696"),
            )
            .add(
                Text::new(format!("≥ {}", sig(bound(k), lang)))
                    .set("x", fmt(x + sw / 2.0))
                    .set("y", fmt(ly + 34.0))
                    .set("text-anchor", "middle"),
            );
    }
    doc = doc.add(legend);
    Some(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{doc}\n"
    ))
}

/// A coordinate with at most one decimal.
fn fmt(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_of_departments_that_work_together_are_contiguous() {
        // two blocks {0, 3, 4} and {1, 2}, listed interleaved
        let blocks = [0, 1, 1, 0, 0];
        let m: Vec<Vec<f64>> = (0..5)
            .map(|a| {
                (0..5)
                    .map(|b| {
                        if a == b {
                            1.0
                        } else if blocks[a] == blocks[b] {
                            0.5
                        } else {
                            0.01
                        }
                    })
                    .collect()
            })
            .collect();
        let order = cluster_order(&m);
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![0, 1, 2, 3, 4]);
        let block_seq: Vec<i32> = order.iter().map(|&v| blocks[v]).collect();
        let changes = block_seq.windows(2).filter(|w| w[0] != w[1]).count();
        assert_eq!(changes, 1, "{order:?}");
    }

    #[test]
    fn significant_digits() {
        assert_eq!(sig(0.0947, Lang::En), "0.095");
        assert_eq!(sig(0.5, Lang::Fr), "0,50");
        assert_eq!(sig(12.3, Lang::En), "12");
    }

    #[test]
    fn above_the_limit_the_largest_departments_are_shown() {
        assert_eq!(
            shown_departments(&[5, 9, 1, 9, 7], 3),
            vec![1, 3, 4],
            "the three largest, in index order"
        );
        assert_eq!(
            shown_departments(&[5, 9, 9, 9], 2),
            vec![1, 2],
            "equal headcounts: the lower index"
        );
        assert_eq!(shown_departments(&[5, 9, 1], 3), vec![0, 1, 2]);
    }
}

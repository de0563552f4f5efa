//! The sentences of the findings, in English and French: summary.md and report.html take them
//! from here, so both pages say the same thing in the same words, with the same figures to the
//! same precision (weights to 0.1, E-I indices to 0.01, shares of paths to 0.0001, shares in
//! whole percents). Plain text: each page adds its own markup.

use crate::privacy::findings::{
    BetweennessFacts, CommunityFindings, CommunityLine, CrossBridge, CutOffLine, Findings,
    GroupFindings, GuaranteeFacts, Joining, KeyFinding, Overview, PrivacyFacts, StructureFindings,
    Via, WeakLink,
};
use crate::privacy::groups::OTHER;
use crate::report::lang::{Lang, tr};

/// Decimals of a tie weight or a sum of them.
pub const WEIGHT_DIGITS: usize = 1;
/// Decimals of an E-I index.
pub const EI_DIGITS: usize = 2;
/// Decimals of a betweenness or weight per possible pair.
pub const SHARE_DIGITS: usize = 4;

/// A weight as the pages show it.
pub fn weight(lang: Lang, x: f64) -> String {
    lang.num(x, WEIGHT_DIGITS, false)
}

/// An optional measure, or a dash.
pub fn opt(lang: Lang, x: Option<f64>, digits: usize) -> String {
    x.map_or("–".to_string(), |v| lang.num(v, digits, false))
}

/// A share as a whole percent: "96%", "96 %" in French.
pub fn percent(lang: Lang, share: f64) -> String {
    let p = lang.num(100.0 * share, 0, false);
    tr!(lang, "{p}%", "{p}\u{a0}%")
}

/// "1 bridge", "3 bridges" ("0 pont", "1 pont", "3 ponts" in French).
pub fn count(lang: Lang, n: usize, one: (&str, &str), many: (&str, &str)) -> String {
    let singular = match lang {
        Lang::En => n == 1,
        Lang::Fr => n <= 1,
    };
    let (one, many) = (lang.pick(one.0, one.1), lang.pick(many.0, many.1));
    format!(
        "{} {}",
        lang.int(n as u64),
        if singular { one } else { many }
    )
}

fn people(lang: Lang, n: usize) -> String {
    count(lang, n, ("person", "personne"), ("people", "personnes"))
}

/// A list of names: "A, B and C" ("A, B et C").
pub fn list(lang: Lang, names: &[String]) -> String {
    let names: Vec<&str> = names.iter().map(|n| lang.group(n)).collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} {} {last}", rest.join(", "), lang.pick("and", "et")),
    }
}

fn who(lang: Lang, person: &Option<String>) -> String {
    match person {
        Some(p) => p.clone(),
        None => lang.pick("a person", "une personne").to_string(),
    }
}

fn via(lang: Lang, v: &Via) -> String {
    format!("{} ({})", who(lang, &v.person), lang.group(&v.group))
}

/// The opening sentence: people, groups, ties, where they come from.
pub fn overview(lang: Lang, o: &Overview) -> String {
    let source = if o.tie_list {
        tr!(
            lang,
            "from {} rows of a tie list ({} added weight)",
            "issus de {} lignes d'une liste de liens ({} retenues)",
            lang.int(o.tie_rows),
            lang.int(o.tie_rows_used)
        )
    } else if o.tie_rows > 0 {
        tr!(
            lang,
            "from {} tie rows of a Viva Insights query ({} added weight)",
            "issus de {} lignes de liens d'une requête Viva Insights ({} retenues)",
            lang.int(o.tie_rows),
            lang.int(o.tie_rows_used)
        )
    } else {
        tr!(
            lang,
            "from {} messages ({} used)",
            "issus de {} messages ({} retenus)",
            lang.int(o.messages),
            lang.int(o.messages_used)
        )
    };
    tr!(
        lang,
        "{} in {}; {} between them, total weight {}, {source}.",
        "{} dans {} ; {} entre elles, poids total {}, {source}.",
        people(lang, o.people),
        count(
            lang,
            o.groups,
            ("department", "direction"),
            ("departments", "directions")
        ),
        count(lang, o.ties, ("tie", "lien"), ("ties", "liens")),
        weight(lang, o.total_weight)
    )
}

/// The period analysed.
pub fn period(lang: Lang, o: &Overview) -> String {
    match &o.period {
        Some(p) => tr!(
            lang,
            "Period analysed: {} to {} ({}).",
            "Période analysée : du {} au {} ({}).",
            p.first,
            p.last,
            p.timezone
        ),
        None => lang
            .pick(
                "Period analysed: the messages carry no date.",
                "Période analysée : les messages ne sont pas datés.",
            )
            .to_string(),
    }
}

/// With a directory of snapshots, how many people moved department during the period and how
/// the flows are attributed; `None` without snapshots.
pub fn moves(lang: Lang, o: &Overview) -> Option<String> {
    let n = o.people_moved?;
    let who = match (n, lang) {
        (0, Lang::En) => "Nobody moved department during the period".to_string(),
        (0, Lang::Fr) => "Personne n'a changé de direction pendant la période".to_string(),
        (1, Lang::En) => "1 person moved department during the period".to_string(),
        (1, Lang::Fr) => "1 personne a changé de direction pendant la période".to_string(),
        (n, _) => tr!(
            lang,
            "{} people moved department during the period",
            "{} personnes ont changé de direction pendant la période",
            lang.int(n as u64)
        ),
    };
    Some(tr!(
        lang,
        "{who}; flows are attributed to each person's department as of each message's date, and headcounts and people to their department at the end of the period.",
        "{who} ; les flux sont attribués à la direction de chaque personne à la date de chaque message, les effectifs et les personnes à leur direction en fin de période."
    ))
}

/// One key finding.
pub fn key_finding(lang: Lang, k: &KeyFinding) -> String {
    match k {
        KeyFinding::MostClosed {
            group,
            people: n,
            inside_share,
            rests_on_one_person,
        } => {
            let mut s = tr!(
                lang,
                "{} ({}) is the most closed department: it keeps {} of its exchanges inside",
                "{} ({}) est la direction la plus cloisonnée : elle garde {} de ses échanges en interne",
                lang.group(group),
                people(lang, *n),
                percent(lang, *inside_share)
            );
            if !rests_on_one_person.is_empty() {
                s += &tr!(
                    lang,
                    "; its links to {} all rest on one person",
                    " ; ses liens avec {} reposent tous sur une seule personne",
                    list(lang, rests_on_one_person)
                );
            }
            s + "."
        }
        KeyFinding::StrongestFlow {
            a,
            b,
            weight: w,
            share_of_cross,
        } => tr!(
            lang,
            "{} and {} exchange the most: weight {}, {} of all exchanges between departments.",
            "{} et {} échangent le plus : poids {}, {} de tous les échanges entre directions.",
            lang.group(a),
            lang.group(b),
            weight(lang, *w),
            percent(lang, *share_of_cross)
        ),
        KeyFinding::SilentPairs { silent, pairs } => tr!(
            lang,
            "{} of {} pairs of departments never exchange directly.",
            "{} paires de directions sur {} n'échangent jamais directement.",
            lang.int(*silent as u64),
            lang.int(*pairs as u64)
        ),
        KeyFinding::LargestCutOff {
            person,
            group,
            people: n,
            of_group,
        } => tr!(
            lang,
            "Without {} ({}), {} of {} would be cut off from the rest of the network.",
            "Sans {} ({}), {} de {} seraient coupées du reste du réseau.",
            who(lang, person),
            lang.group(group),
            people(lang, *n),
            lang.group(of_group)
        ),
        KeyFinding::TopChampion {
            person,
            group,
            joins,
        } => tr!(
            lang,
            "The first champion, {person} ({}), has ties to {} other departments.",
            "Le premier passeur, {person} ({}), a des liens avec {} autres directions.",
            lang.group(group),
            lang.int(*joins as u64)
        ),
        KeyFinding::OrgChart {
            follows,
            nmi,
            cross_silo,
        } => tr!(
            lang,
            "Collaboration follows the org chart {} (normalized mutual information {}); {}.",
            "La collaboration suit l'organigramme {} (information mutuelle normalisée {}) ; {}.",
            follows_words(lang, follows),
            lang.num(*nmi, 2, false),
            match lang {
                Lang::En => format!(
                    "{} of people mix departments",
                    count(lang, *cross_silo, ("community", ""), ("communities", ""))
                ),
                Lang::Fr if *cross_silo <= 1 => format!(
                    "{} communauté de personnes mêle plusieurs directions",
                    lang.int(*cross_silo as u64)
                ),
                Lang::Fr => format!(
                    "{} communautés de personnes mêlent plusieurs directions",
                    lang.int(*cross_silo as u64)
                ),
            }
        ),
    }
}

/// "closely" / "de près".
pub fn follows_words(lang: Lang, follows: &str) -> &str {
    match (lang, follows) {
        (Lang::Fr, "closely") => "de près",
        (Lang::Fr, "partly") => "en partie",
        (Lang::Fr, _) => "de loin",
        (Lang::En, w) => w,
    }
}

/// What the E-I index means, and the modularity of the groups.
pub fn closed_explained(lang: Lang, g: &GroupFindings) -> String {
    tr!(
        lang,
        "E-I index on weights: (external − internal) / (external + internal) weight, from −1 (all exchanges stay inside) to +1 (all go outside). Modularity of the department partition: {} (how much more the ties stay inside departments than by chance).",
        "Indice E-I sur les poids : (externe − interne) / (externe + interne), de −1 (tous les échanges restent internes) à +1 (tous vont vers l'extérieur). Modularité du découpage en directions : {} (à quel point les liens restent internes aux directions, plus que le hasard ne le voudrait).",
        lang.num(g.modularity, 3, false)
    )
}

/// The pairs that never exchange, named when a dozen or fewer.
pub fn silent_pairs(lang: Lang, g: &GroupFindings) -> String {
    if g.silent_pairs.is_empty() {
        return lang
            .pick(
                "Every pair of departments exchanges directly.",
                "Toutes les paires de directions échangent directement.",
            )
            .to_string();
    }
    let named = if g.silent_pairs.len() <= 12 {
        let pairs: Vec<String> = g
            .silent_pairs
            .iter()
            .map(|(a, b)| format!("{} – {}", lang.group(a), lang.group(b)))
            .collect();
        tr!(lang, ": {}", " : {}", pairs.join(lang.pick("; ", " ; ")))
    } else {
        tr!(
            lang,
            " (see department_flows.csv)",
            " (voir department_flows.csv)"
        )
    };
    tr!(
        lang,
        "{} of {} department pairs never exchange directly{named}.",
        "{} paires de directions sur {} n'échangent jamais directement{named}.",
        lang.int(g.silent_pairs.len() as u64),
        lang.int(g.pairs as u64)
    )
}

/// What betweenness means.
pub fn betweenness_explained(lang: Lang) -> &'static str {
    lang.pick(
        "Betweenness: the share of shortest paths between other people that pass through a person: who connects. It describes a position in the network, not a performance.",
        "Intermédiarité : la part des plus courts chemins entre les autres personnes qui passent par une personne : qui fait le lien. C'est une position dans le réseau, pas une performance.",
    )
}

/// Components, bridges and cut points, counted.
pub fn structure_counts(lang: Lang, s: &StructureFindings) -> String {
    tr!(
        lang,
        "{} (largest: {}); {} and {} (a bridge is a tie whose loss splits the network, a cut point a person whose absence does).",
        "{} (la plus grande : {}) ; {} et {} (un pont est un lien dont la perte coupe le réseau en morceaux, un point de rupture une personne dont l'absence le coupe).",
        count(
            lang,
            s.components,
            ("component", "composante"),
            ("components", "composantes")
        ),
        people(lang, s.largest_component),
        count(lang, s.bridges, ("bridge", "pont"), ("bridges", "ponts")),
        count(
            lang,
            s.cut_points,
            ("cut point", "point de rupture"),
            ("cut points", "points de rupture")
        )
    )
}

/// A cut point that joins its department to others.
pub fn joining(lang: Lang, j: &Joining) -> String {
    let others = list(lang, &j.links_to);
    match &j.person {
        Some(p) => tr!(
            lang,
            "{p} links {} to {others}",
            "{p} relie {} à {others}",
            lang.group(&j.group)
        ),
        None => tr!(
            lang,
            "a person of {} links it to {others}",
            "une personne de {} relie sa direction à {others}",
            lang.group(&j.group)
        ),
    }
}

/// A bridge between two departments.
pub fn cross_bridge(lang: Lang, b: &CrossBridge) -> String {
    format!(
        "{} ({}) – {} ({})",
        b.person_a,
        lang.group(&b.group_a),
        b.person_b,
        lang.group(&b.group_b)
    )
}

/// How communities compare with the org chart.
pub fn org_chart(lang: Lang, c: &CommunityFindings) -> String {
    let method = if c.method == "leiden" {
        "Leiden"
    } else {
        "Louvain"
    };
    let dq = c.group_modularity.map_or(String::new(), |q| {
        tr!(
            lang,
            "; the departments themselves: {}",
            " ; celle des directions elles-mêmes : {}",
            lang.num(q, 3, false)
        )
    });
    tr!(
        lang,
        "{method} found {} groups of people who mostly work together (modularity {}{dq}). They match the departments with a normalized mutual information of {} and an adjusted Rand index of {} (1 = the same groups, 0 = no more alike than chance): **collaboration follows the org chart {}**.",
        "{method} trouve {} groupes de personnes qui travaillent surtout ensemble (modularité {}{dq}). Ils recoupent les directions avec une information mutuelle normalisée de {} et un indice de Rand ajusté de {} (1 = les mêmes groupes, 0 = pas plus proches que le hasard) : **la collaboration suit l'organigramme {}**.",
        lang.int(c.count as u64),
        lang.num(c.modularity, 3, false),
        lang.num(c.nmi, 2, false),
        lang.num(c.ari, 2, false),
        follows_words(lang, c.follows)
    )
}

/// A community's main departments: "Ventes 55%, Marketing 40%", or why none is named.
pub fn main_groups(lang: Lang, c: &CommunityLine) -> String {
    let mut parts: Vec<String> = c
        .main_groups
        .iter()
        .map(|g| format!("{} {}", lang.group(&g.group), percent(lang, g.share)))
        .collect();
    if c.hidden_groups {
        parts.push(
            lang.pick(
                "departments whose figures are suppressed",
                "directions dont les chiffres sont masqués",
            )
            .to_string(),
        );
    }
    if parts.is_empty() {
        return "–".to_string();
    }
    parts.join(", ")
}

/// "c1 (94 people): Ventes 55%, Marketing 40%".
pub fn cross_silo_community(lang: Lang, c: &CommunityLine) -> String {
    tr!(
        lang,
        "{} ({}): {}",
        "{} ({}) : {}",
        lang.group(&c.community),
        people(lang, c.people),
        main_groups(lang, c)
    )
}

/// What makes a community cross-silo.
pub fn cross_silo_rule(lang: Lang) -> &'static str {
    lang.pick(
        "Cross-silo groups (at least two departments with 20% of the members or more each):",
        "Groupes transverses aux silos (au moins deux directions qui pèsent chacune au moins 20\u{a0}% des membres) :",
    )
}

/// When no community mixes departments.
pub fn no_cross_silo(lang: Lang) -> &'static str {
    lang.pick(
        "No community mixes departments (none has two departments with 20% of its members or more).",
        "Aucune communauté ne mêle plusieurs directions (aucune ne compte deux directions qui pèsent chacune au moins 20\u{a0}% de ses membres).",
    )
}

/// What the champions ranking means.
pub fn champions_explained(lang: Lang) -> &'static str {
    lang.pick(
        "Ranked by between-department betweenness: the share of shortest paths between people of different departments that pass through them. Brokerage roles (Gould & Fernandez): representative and gatekeeper speak for or open their own department, liaison links two others.",
        "Classés par intermédiarité entre directions : la part des plus courts chemins entre personnes de directions différentes qui passent par eux. Rôles d'intermédiaire (Gould & Fernandez) : le représentant et le gardien portent la voix de leur propre direction ou lui ouvrent la porte, l'agent de liaison relie deux autres directions.",
    )
}

/// How department_brokers.csv was computed.
pub fn brokers_file(
    lang: Lang,
    sampled: Option<usize>,
    bound: Option<f64>,
    left_out: bool,
) -> String {
    match (sampled, bound) {
        (Some(k), Some(bound)) if left_out => tr!(
            lang,
            "department_brokers.csv (who carries the shortest paths between each pair of departments) was not computed: at this size, the sample affordable in reasonable time ({k} per department) would know each share only within ±{}, which says nothing. The between-department betweenness of people.csv ranks who connects departments.",
            "department_brokers.csv (par qui passent les plus courts chemins entre chaque paire de directions) n'a pas été calculé : à cette taille, l'échantillon possible en un temps raisonnable ({k} par direction) ne connaîtrait chaque part qu'à ±{} près, ce qui ne dit rien. L'intermédiarité entre directions de people.csv classe qui relie les directions.",
            lang.num(bound, 2, false)
        ),
        (Some(k), Some(bound)) => tr!(
            lang,
            "department_brokers.csv names, for each pair of departments, the people who carry most of the shortest paths between them. This organisation is large, so those shares are estimated from {k} sampled people per department: each is within ±{} of the exact share with 95% confidence.",
            "department_brokers.csv nomme, pour chaque paire de directions, les personnes par qui passent la plupart des plus courts chemins entre elles. L'organisation est grande : ces parts sont estimées à partir de {k} personnes tirées au sort par direction, chacune à ±{} près de la part exacte avec une confiance de 95\u{a0}%.",
            lang.num(bound, 2, false)
        ),
        _ => lang
            .pick(
                "department_brokers.csv names, for each pair of departments, the people who carry most of the shortest paths between them (exact shares).",
                "department_brokers.csv nomme, pour chaque paire de directions, les personnes par qui passent la plupart des plus courts chemins entre elles (parts exactes).",
            )
            .to_string(),
    }
}

/// Why people_graph.gexf and people_graph.graphml are missing from a very large run.
pub fn gephi_left_out(lang: Lang, people: usize) -> String {
    tr!(
        lang,
        "people_graph.gexf and people_graph.graphml (for Gephi) were not written: {} people is more than Gephi handles on a laptop (the limit here is {}). Gephi imports people.csv and ties.csv as node and edge tables, with the same columns.",
        "people_graph.gexf et people_graph.graphml (pour Gephi) n'ont pas été écrits : {} personnes, c'est plus que Gephi n'en traite sur un portable (la limite ici est de {}). Gephi importe people.csv et ties.csv comme tables de nœuds et de liens, avec les mêmes colonnes.",
        lang.int(people as u64),
        lang.int(crate::report::graph_files::GEPHI_PEOPLE as u64)
    )
}

/// A link between two departments that rests on one person.
pub fn weak_link(lang: Lang, l: &WeakLink) -> String {
    let mut why = Vec::new();
    if let Some(v) = &l.all_direct_ties_through {
        why.push(match lang {
            Lang::En if l.direct_ties == 1 => {
                format!("the only direct tie goes through {}", via(lang, v))
            }
            Lang::En => format!(
                "all {} direct ties go through {}",
                l.direct_ties,
                via(lang, v)
            ),
            Lang::Fr if l.direct_ties == 1 => {
                format!("le seul lien direct passe par {}", via(lang, v))
            }
            Lang::Fr => format!(
                "les {} liens directs passent tous par {}",
                l.direct_ties,
                via(lang, v)
            ),
        });
    }
    if let Some(v) = &l.all_indirect_paths_through {
        why.push(tr!(
            lang,
            "every indirect path goes through {}",
            "tous les chemins indirects passent par {}",
            via(lang, v)
        ));
    }
    tr!(
        lang,
        "{} – {}: {}",
        "{} – {} : {}",
        lang.group(&l.a),
        lang.group(&l.b),
        why.join(lang.pick("; ", " ; "))
    )
}

/// A person whose absence would cut colleagues off.
pub fn cut_off(lang: Lang, c: &CutOffLine) -> String {
    let whom = match (lang, c.people) {
        (Lang::En, _) => format!(
            "{} of {} would be cut off",
            people(lang, c.people),
            lang.group(&c.of_group)
        ),
        (Lang::Fr, 1) => format!("1 personne de {} serait isolée", lang.group(&c.of_group)),
        (Lang::Fr, n) => format!(
            "{} personnes de {} seraient isolées",
            lang.int(n as u64),
            lang.group(&c.of_group)
        ),
    };
    tr!(
        lang,
        "{} ({}): {whom}",
        "{} ({}) : {whom}",
        who(lang, &c.person),
        lang.group(&c.group)
    )
}

/// One sentence on what the outputs disclose.
pub fn privacy(lang: Lang, p: &PrivacyFacts) -> String {
    let who = lang.pick(
        if p.pseudonymized {
            "people appear under keyed pseudonyms (p-…), never by name or address"
        } else {
            "people appear under their real ids (--reveal-identities)"
        },
        if p.pseudonymized {
            "les personnes apparaissent sous des pseudonymes à clé (p-…), jamais sous leur nom ni leur adresse"
        } else {
            "les personnes apparaissent sous leurs vrais identifiants (--reveal-identities)"
        },
    );
    let named = if p.person_level {
        String::new()
    } else {
        lang.pick(
            "; nobody is named (--no-person-level)",
            " ; personne n'est nommé (--no-person-level)",
        )
        .to_string()
    };
    let groups = if p.groups_suppressed > 0 {
        tr!(
            lang,
            "the whole directory is smaller than the minimum group size ({}), so no department figure is shown",
            "l'annuaire entier compte moins de personnes que la taille minimale de groupe ({}) : aucun chiffre par direction n'est montré",
            p.min_group_size
        )
    } else if p.groups_merged > 0 {
        tr!(
            lang,
            "{} department(s) are reported together as \"{}\" (those smaller than {} people, with the smallest others needed for that group to reach the threshold)",
            "{} direction(s) sont regroupées sous « {} » (celles de moins de {} personnes, avec les plus petites des autres qu'il faut pour que ce groupe atteigne le seuil)",
            p.groups_merged,
            lang.group(OTHER),
            p.min_group_size
        )
    } else {
        tr!(
            lang,
            "every department reaches the minimum group size of {}",
            "chaque direction atteint la taille minimale de groupe, {}",
            people(lang, p.min_group_size)
        )
    };
    tr!(
        lang,
        "Privacy: {who}{named}; {groups}; a figure about fewer people is suppressed.",
        "Confidentialité : {who}{named} ; {groups} ; un chiffre qui porterait sur moins de personnes est masqué."
    )
}

/// The headline of the findings: the key finding sentences.
pub fn key_findings(lang: Lang, f: &Findings) -> Vec<String> {
    f.key_findings
        .iter()
        .map(|k| key_finding(lang, k))
        .collect()
}

/// How the betweenness measures were computed: exact, or the guarantee of each sampled pass
/// (its people and ties, and for the weighted pass its between-department values; those by
/// hops are stated under the champions, [`between_groups_sampled`]). `None` when no
/// betweenness ran.
pub fn betweenness_method(lang: Lang, b: &BetweennessFacts) -> Option<String> {
    let said = betweenness_passes(lang, b);
    let left_out = b.weighted_left_out.as_ref().map(|l| {
        tr!(
            lang,
            "Weighted betweenness was left out: on {} people and {} ties it would take tens of minutes, and sampling it costs more still (`--betweenness exact` computes it).",
            "L'intermédiarité pondérée n'a pas été calculée : sur {} personnes et {} liens elle prendrait des dizaines de minutes, et l'estimer par tirage coûterait plus encore (`--betweenness exact` la calcule).",
            lang.int(l.people as u64),
            lang.int(l.ties as u64),
        )
    });
    match (said, left_out) {
        (Some(a), Some(b)) => Some(format!("{a} {b}")),
        (a, b) => a.or(b),
    }
}

/// [`betweenness_method`] for the passes that ran.
fn betweenness_passes(lang: Lang, b: &BetweennessFacts) -> Option<String> {
    let passes = [(&b.hops, true), (&b.weighted, false)];
    if passes
        .iter()
        .all(|(p, _)| p.as_ref().is_none_or(|p| p.people_and_ties.is_none()))
    {
        b.hops.as_ref().or(b.weighted.as_ref())?;
        return Some(
            lang.pick(
                "Betweenness is exact: every shortest path is counted (Brandes 2001).",
                "L'intermédiarité est exacte : tous les plus courts chemins sont comptés (Brandes 2001).",
            )
            .to_string(),
        );
    }
    let mut out = Vec::new();
    for (pass, by_hops) in passes {
        let Some(pass) = pass else { continue };
        let name = match (by_hops, lang) {
            (true, Lang::En) => "Betweenness by hops",
            (true, Lang::Fr) => "L'intermédiarité par étapes",
            (false, Lang::En) => "Weighted betweenness",
            (false, Lang::Fr) => "L'intermédiarité pondérée",
        };
        let Some(g) = &pass.people_and_ties else {
            out.push(tr!(
                lang,
                "{name} is exact (Brandes 2001).",
                "{name} est exacte (Brandes 2001).",
            ));
            continue;
        };
        let what = match (by_hops, lang) {
            (true, Lang::En) => "each person's and each tie's value",
            (true, Lang::Fr) => "la valeur de chaque personne et de chaque lien",
            (false, Lang::En) => "each person's value",
            (false, Lang::Fr) => "la valeur de chaque personne",
        };
        let mut text = tr!(
            lang,
            "{name} is estimated from {} pairs of people drawn at random (Riondato & Kornaropoulos 2016): {what} is within ±{} of the exact one with probability {} (shortest paths of at most {} people).",
            "{name} est estimée sur {} paires de personnes tirées au sort (Riondato & Kornaropoulos 2016) : {what} est à ±{} près de la valeur exacte avec une probabilité de {} (plus courts chemins d'au plus {} personnes).",
            lang.int(g.samples),
            epsilon(lang, g),
            probability(lang, g),
            lang.int(g.vertex_diameter_bound),
        );
        if let (false, Some(c)) = (by_hops, &pass.between_groups) {
            text.push(' ');
            text.push_str(&tr!(
                lang,
                "Its between-department values come from {} pairs of people of different departments, within ±{} with probability {}.",
                "Ses valeurs entre directions viennent de {} paires de personnes de directions différentes, à ±{} près avec une probabilité de {}.",
                lang.int(c.samples),
                epsilon(lang, c),
                probability(lang, c),
            ));
        }
        out.push(text);
    }
    Some(out.join(" "))
}

/// The guarantee of a sampled between-group betweenness by hops, under the champions.
pub fn between_groups_sampled(lang: Lang, g: &GuaranteeFacts) -> String {
    tr!(
        lang,
        "The between-group betweenness is estimated from {} pairs of people of different groups drawn at random: each value is within ±{} of the exact one with probability {}.",
        "L'intermédiarité entre groupes est estimée sur {} paires de personnes de groupes différents tirées au sort : chaque valeur est à ±{} près de la valeur exacte avec une probabilité de {}.",
        lang.int(g.samples),
        epsilon(lang, g),
        probability(lang, g),
    )
}

/// ε with as many decimals as it needs (0.01, 0.005).
fn epsilon(lang: Lang, g: &GuaranteeFacts) -> String {
    let digits = (-g.epsilon.log10()).ceil().max(0.0) as usize + 1;
    let text = lang.num(g.epsilon, digits, false);
    let trimmed = text.trim_end_matches('0');
    trimmed.trim_end_matches([',', '.']).to_string()
}

/// 1 − δ in percent (90%, 99.5%).
fn probability(lang: Lang, g: &GuaranteeFacts) -> String {
    let percent = (1.0 - g.delta) * 100.0;
    let text = lang.num(percent, 2, false);
    let text = text
        .trim_end_matches('0')
        .trim_end_matches([',', '.'])
        .to_string();
    tr!(lang, "{text}%", "{text}\u{a0}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_lists_and_counts_read_in_both_languages() {
        assert_eq!(percent(Lang::En, 0.962), "96%");
        assert_eq!(percent(Lang::Fr, 0.962), "96\u{a0}%");
        let names = ["Finance".to_string(), "R&D".into(), "Ventes".into()];
        assert_eq!(list(Lang::En, &names), "Finance, R&D and Ventes");
        assert_eq!(list(Lang::Fr, &names[..1]), "Finance");
        assert_eq!(
            count(Lang::En, 1, ("bridge", "pont"), ("bridges", "ponts")),
            "1 bridge"
        );
        assert_eq!(
            count(Lang::Fr, 0, ("bridge", "pont"), ("bridges", "ponts")),
            "0 pont"
        );
        assert_eq!(
            count(Lang::Fr, 5085, ("tie", "lien"), ("ties", "liens")),
            "5\u{202f}085 liens"
        );
    }

    #[test]
    fn the_most_closed_department_says_what_its_links_rest_on() {
        let k = KeyFinding::MostClosed {
            group: "Production".into(),
            people: 70,
            inside_share: 0.962,
            rests_on_one_person: vec!["Finance".into(), "Ventes".into()],
        };
        assert_eq!(
            key_finding(Lang::En, &k),
            "Production (70 people) is the most closed department: it keeps 96% of its exchanges inside; its links to Finance and Ventes all rest on one person."
        );
        assert_eq!(
            key_finding(Lang::Fr, &k),
            "Production (70 personnes) est la direction la plus cloisonnée : elle garde 96\u{a0}% de ses échanges en interne ; ses liens avec Finance et Ventes reposent tous sur une seule personne."
        );
    }

    #[test]
    fn a_weak_link_names_who_it_rests_on_or_nobody() {
        let via = |person: Option<&str>| Via {
            person: person.map(str::to_string),
            group: "Production".into(),
        };
        let mut l = WeakLink {
            a: "Finance".into(),
            b: "Production".into(),
            all_direct_ties_through: Some(via(Some("p-1"))),
            direct_ties: 1,
            all_indirect_paths_through: None,
        };
        assert_eq!(
            weak_link(Lang::En, &l),
            "Finance – Production: the only direct tie goes through p-1 (Production)"
        );
        l.direct_ties = 3;
        l.all_direct_ties_through = Some(via(None));
        assert_eq!(
            weak_link(Lang::Fr, &l),
            "Finance – Production : les 3 liens directs passent tous par une personne (Production)"
        );
    }
}

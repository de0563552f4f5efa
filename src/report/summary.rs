//! summary.md: what a consultant reads first. The key findings, then each section of the
//! [`Findings`] (the most closed departments, the strongest and weakest flows, the people with
//! the highest betweenness, the cut points and bridges that join departments, the communities
//! against the org chart, the champions, the fragile links), then how the inputs were read and
//! what was left out. Every sentence comes from [`crate::report::sentences`], as report.html's
//! do; this file only lays them out in Markdown.

use std::fmt::Write as _;

use crate::analyze::Run;
use crate::error::Result;
use crate::privacy::findings::{
    ChampionFindings, CommunityFindings, Findings, FlowLine, GroupFindings, KeyPerson,
    StructureFindings, WeakLinkFindings,
};
use crate::report::atomic::OutputDir;
use crate::report::inputs_md::{
    PATH_LENGTH_RULE, PATH_LENGTH_RULE_FR, inputs_markdown, left_out_markdown, weighting_rule,
};
use crate::report::lang::{Lang, say};
use crate::report::sentences::{self as s, EI_DIGITS, SHARE_DIGITS, opt, weight};

/// How many rows of each ranking a page shows: summary.md the first few, report.html every row
/// (its tables sort by a click), but a handful of the weakest flows and at most
/// [`HTML_CHAMPIONS`] champions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rows {
    /// The first few (summary.md).
    Top,
    /// Every row (report.html).
    All,
}

/// Champions listed in report.html.
pub const HTML_CHAMPIONS: usize = 50;

impl Rows {
    fn closed(self) -> usize {
        self.pick(5)
    }
    fn strongest(self) -> usize {
        self.pick(5)
    }
    fn weakest(self) -> usize {
        5
    }
    fn champions(self) -> usize {
        match self {
            Rows::Top => 10,
            Rows::All => HTML_CHAMPIONS,
        }
    }
    fn communities(self) -> usize {
        self.pick(10)
    }
    fn links(self) -> usize {
        self.pick(15)
    }
    fn cut_offs(self) -> usize {
        self.pick(10)
    }
    fn pick(self, top: usize) -> usize {
        match self {
            Rows::Top => top,
            Rows::All => usize::MAX,
        }
    }
}

/// The parts of summary.md, in order; report.html shows each with its pictures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionId {
    /// Title, overview, period, how to read, privacy.
    Overview,
    /// The key findings.
    Key,
    /// The most closed departments.
    Closed,
    /// Strongest and weakest flows, silent pairs.
    Flows,
    /// The people with the highest betweenness.
    KeyPeople,
    /// Bridges and cut points that join departments.
    Structure,
    /// Communities against the org chart.
    Communities,
    /// The champions.
    Champions,
    /// Fragile links and cut-offs.
    WeakLinks,
    /// Formal against informal: the reporting lines.
    ReportingLines,
    /// A population in focus, by its position in `focus`.
    Focus(usize),
    /// Another grouping (`--group-by`), by its position in `other_groupings`.
    Grouping(usize),
    /// How the inputs were read.
    Inputs,
    /// What was left out.
    LeftOut,
}

/// One part of the page, in Markdown.
#[derive(Debug, Clone)]
pub struct Section {
    /// Which part.
    pub id: SectionId,
    /// Its Markdown.
    pub markdown: String,
}

/// Renders summary.md in `lang`: siloscope's own words in that language; names, ids, file
/// names as they are.
pub fn summary_markdown(run: &Run<'_>, findings: &Findings, lang: Lang) -> String {
    sections(run, findings, lang, Rows::Top)
        .into_iter()
        .map(|s| s.markdown)
        .collect()
}

/// The sections of the summary, with `rows` of each ranking.
pub fn sections(run: &Run<'_>, findings: &Findings, lang: Lang, rows: Rows) -> Vec<Section> {
    let mut out = Vec::new();
    let mut add = |id, render: &dyn Fn(&mut String)| {
        let mut md = String::new();
        render(&mut md);
        if !md.is_empty() {
            out.push(Section { id, markdown: md });
        }
    };
    add(SectionId::Overview, &|md| {
        overview_markdown(md, run, findings, lang)
    });
    add(SectionId::Key, &|md| key_markdown(md, findings, lang));
    if let Some(g) = &findings.groups {
        add(SectionId::Closed, &|md| closed_markdown(md, g, lang, rows));
        add(SectionId::Flows, &|md| flows_markdown(md, g, lang, rows));
    }
    if let Some(people) = &findings.key_people {
        add(SectionId::KeyPeople, &|md| {
            key_people_markdown(md, people, lang)
        });
    }
    if let Some(st) = &findings.structure {
        add(SectionId::Structure, &|md| {
            structure_markdown(md, st, lang, rows)
        });
    }
    if let Some(c) = &findings.communities {
        add(SectionId::Communities, &|md| {
            communities_markdown(md, c, lang, rows)
        });
    }
    if let Some(c) = &findings.champions {
        add(SectionId::Champions, &|md| {
            champions_markdown(md, c, lang, rows)
        });
    }
    if let Some(w) = &findings.weak_links {
        add(SectionId::WeakLinks, &|md| {
            weak_links_markdown(md, w, lang, rows)
        });
    }
    if let Some(r) = &findings.reporting_lines {
        add(SectionId::ReportingLines, &|md| {
            crate::report::formal_md::reporting_lines_markdown(md, r, lang, rows == Rows::All)
        });
    }
    for (i, f) in findings.focus.iter().enumerate() {
        add(SectionId::Focus(i), &|md| {
            crate::report::formal_md::focus_markdown(md, f, lang)
        });
    }
    for (i, other) in findings.other_groupings.iter().enumerate() {
        add(SectionId::Grouping(i), &|md| {
            grouping_markdown(md, other, lang, rows)
        });
    }
    add(SectionId::Inputs, &|md| {
        inputs_markdown(md, run.input, lang)
    });
    add(SectionId::LeftOut, &|md| {
        left_out_markdown(md, run.input, lang)
    });
    out
}

fn overview_markdown(md: &mut String, run: &Run<'_>, findings: &Findings, lang: Lang) {
    say!(md, lang, "# siloscope summary\n", "# Synthèse siloscope\n");
    let _ = writeln!(md, "{}\n", s::overview(lang, &findings.overview));
    let _ = writeln!(md, "{}\n", s::period(lang, &findings.overview));
    if let Some(moves) = s::moves(lang, &findings.overview) {
        let _ = writeln!(md, "{moves}\n");
    }
    let rule = weighting_rule(run.input, lang);
    let channels = &run.input.weighting_options.channels;
    let channel_rule = match (channels.is_default(), lang) {
        (true, _) => String::new(),
        (false, Lang::En) => format!("; {channels}"),
        (false, Lang::Fr) => format!(" ; {}", channels.french()),
    };
    say!(
        md,
        lang,
        "How to read the figures: {rule}{channel_rule}; {PATH_LENGTH_RULE}.\n",
        "Lecture des chiffres : {rule}{channel_rule} ; {PATH_LENGTH_RULE_FR}.\n"
    );
    if let Some(method) = s::betweenness_method(lang, &findings.overview.betweenness) {
        let _ = writeln!(md, "{method}\n");
    }
    let _ = writeln!(md, "{}\n", s::privacy(lang, &findings.privacy));
    let people = findings.overview.people;
    if findings.privacy.person_level && !crate::report::graph_files::gephi_files_written(people) {
        let _ = writeln!(md, "{}\n", s::gephi_left_out(lang, people));
    }
}

fn key_markdown(md: &mut String, findings: &Findings, lang: Lang) {
    if findings.key_findings.is_empty() {
        return;
    }
    say!(md, lang, "## Key findings\n", "## L'essentiel\n");
    for line in s::key_findings(lang, findings) {
        let _ = writeln!(md, "- {line}");
    }
    let _ = writeln!(md);
}

/// "… and 12 more (file, column = 1)".
fn more(md: &mut String, lang: Lang, shown: usize, total: usize, where_: &str) {
    if total > shown {
        say!(
            md,
            lang,
            "- … and {} more ({where_})",
            "- … et {} autres ({where_})",
            total - shown
        );
    }
}

fn closed_markdown(md: &mut String, g: &GroupFindings, lang: Lang, rows: Rows) {
    say!(
        md,
        lang,
        "## The most closed departments\n",
        "## Les directions les plus cloisonnées\n"
    );
    let _ = writeln!(md, "{}\n", s::closed_explained(lang, g));
    let first = lang.pick("department", "direction");
    closed_table(md, g, lang, rows, first);
}

/// The table of the most closed groups, `first` naming its first column.
fn closed_table(md: &mut String, g: &GroupFindings, lang: Lang, rows: Rows, first: &str) {
    say!(
        md,
        lang,
        "| {first} | people | E-I (weights) | E-I (ties) | internal weight | external weight | kept inside | people with outside ties |",
        "| {first} | personnes | E-I (poids) | E-I (liens) | poids interne | poids externe | part interne | personnes ayant des liens externes |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|---:|---:|");
    for l in g
        .closed
        .iter()
        .filter(|l| rows == Rows::All || l.ei_weight.is_some())
        .take(rows.closed())
    {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            lang.group(&l.group),
            lang.int(l.people as u64),
            opt(lang, l.ei_weight, EI_DIGITS),
            opt(lang, l.ei_ties, EI_DIGITS),
            weight(lang, l.internal_weight),
            weight(lang, l.external_weight),
            l.inside_share.map_or("–".into(), |x| s::percent(lang, x)),
            lang.int(l.boundary_spanners as u64)
        );
    }
    let _ = writeln!(md);
}

fn flows_markdown(md: &mut String, g: &GroupFindings, lang: Lang, rows: Rows) {
    say!(
        md,
        lang,
        "## The strongest cross-department flows\n",
        "## Les flux entre directions les plus forts\n"
    );
    flows_table(md, lang, &g.strongest_flows, rows.strongest());
    say!(
        md,
        lang,
        "## The weakest cross-department flows\n",
        "## Les flux entre directions les plus faibles\n"
    );
    say!(
        md,
        lang,
        "Weakest by weight per possible pair of people (the weight divided by the product of the two headcounts), so that small departments are not weak only for being small.\n",
        "Les plus faibles par poids par paire de personnes possible (le poids divisé par le produit des deux effectifs), pour qu'une petite direction ne paraisse pas faible du seul fait de sa taille.\n"
    );
    flows_table(md, lang, &g.weakest_flows, rows.weakest());
    let _ = writeln!(md, "{}\n", s::silent_pairs(lang, g));
}

fn flows_table(md: &mut String, lang: Lang, flows: &[FlowLine], shown: usize) {
    say!(
        md,
        lang,
        "| between | and | weight | ties | weight per possible pair |",
        "| entre | et | poids | liens | poids par paire possible |"
    );
    let _ = writeln!(md, "|---|---|---:|---:|---:|");
    for fl in flows.iter().take(shown) {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            lang.group(&fl.a),
            lang.group(&fl.b),
            weight(lang, fl.weight),
            lang.int(fl.ties as u64),
            opt(lang, fl.per_possible_pair, SHARE_DIGITS)
        );
    }
    let _ = writeln!(md);
}

fn yes_no(lang: Lang, x: Option<bool>) -> &'static str {
    match x {
        Some(true) => lang.pick("yes", "oui"),
        Some(false) => lang.pick("no", "non"),
        None => "–",
    }
}

fn key_people_markdown(md: &mut String, people: &[KeyPerson], lang: Lang) {
    say!(
        md,
        lang,
        "## The people with the highest betweenness\n",
        "## Les personnes les plus intermédiaires\n"
    );
    let _ = writeln!(md, "{}\n", s::betweenness_explained(lang));
    say!(
        md,
        lang,
        "| person | department | betweenness (hops) | betweenness (weighted) | ties to other departments | cut point |",
        "| personne | direction | intermédiarité (étapes) | intermédiarité (pondérée) | liens vers d'autres directions | point de rupture |"
    );
    let _ = writeln!(md, "|---|---|---:|---:|---:|---|");
    for p in people {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} |",
            p.person,
            lang.group(&p.group),
            opt(lang, p.betweenness, SHARE_DIGITS),
            opt(lang, p.betweenness_weighted, SHARE_DIGITS),
            p.ties_to_other_groups
                .map_or("–".into(), |x| lang.int(x as u64)),
            yes_no(lang, p.cut_point)
        );
    }
    let _ = writeln!(md);
}

fn structure_markdown(md: &mut String, st: &StructureFindings, lang: Lang, rows: Rows) {
    say!(
        md,
        lang,
        "## Bridges and cut points that join departments\n",
        "## Ponts et points de rupture entre directions\n"
    );
    let _ = writeln!(md, "{}\n", s::structure_counts(lang, st));
    if st.joining.is_empty() {
        say!(
            md,
            lang,
            "No cut point joins two departments.\n",
            "Aucun point de rupture ne relie deux directions.\n"
        );
    } else {
        say!(
            md,
            lang,
            "Cut points with ties to other departments (single points of failure):\n",
            "Points de rupture ayant des liens vers d'autres directions (points de défaillance uniques) :\n"
        );
        for j in &st.joining {
            let _ = writeln!(md, "- {}", s::joining(lang, j));
        }
        let _ = writeln!(md);
    }
    if !st.cross_bridges.is_empty() {
        say!(
            md,
            lang,
            "Bridges between departments:\n",
            "Ponts entre directions :\n"
        );
        for b in st.cross_bridges.iter().take(rows.links()) {
            let _ = writeln!(md, "- {}", s::cross_bridge(lang, b));
        }
        more(
            md,
            lang,
            rows.links(),
            st.cross_bridges.len(),
            "ties.csv, is_bridge = 1",
        );
        let _ = writeln!(md);
    }
}

fn communities_markdown(md: &mut String, c: &CommunityFindings, lang: Lang, rows: Rows) {
    say!(
        md,
        lang,
        "## Does collaboration follow the org chart?\n",
        "## La collaboration suit-elle l'organigramme ?\n"
    );
    let _ = writeln!(md, "{}\n", s::org_chart(lang, c));
    if c.communities.is_empty() {
        return;
    }
    say!(
        md,
        lang,
        "| community | people | main departments (20% of the members or more) |",
        "| communauté | personnes | principales directions (au moins 20\u{a0}% des membres) |"
    );
    let _ = writeln!(md, "|---|---:|---|");
    for l in c.communities.iter().take(rows.communities()) {
        let _ = writeln!(
            md,
            "| {} | {} | {} |",
            lang.group(&l.community),
            lang.int(l.people as u64),
            s::main_groups(lang, l)
        );
    }
    let _ = writeln!(md);
    let mixed: Vec<_> = c.communities.iter().filter(|l| l.cross_silo).collect();
    if mixed.is_empty() {
        let _ = writeln!(md, "{}\n", s::no_cross_silo(lang));
        return;
    }
    let _ = writeln!(md, "{}\n", s::cross_silo_rule(lang));
    for l in mixed {
        let _ = writeln!(md, "- {}", s::cross_silo_community(lang, l));
    }
    say!(
        md,
        lang,
        "\nDetails: communities.csv and community_departments.csv.\n",
        "\nDétail : communities.csv et community_departments.csv.\n"
    );
}

fn champions_markdown(md: &mut String, c: &ChampionFindings, lang: Lang, rows: Rows) {
    say!(
        md,
        lang,
        "## The champions: who connects departments\n",
        "## Les passeurs : qui relie les directions\n"
    );
    let _ = writeln!(md, "{}\n", s::champions_explained(lang));
    say!(
        md,
        lang,
        "| person | department | between-department betweenness | weighted | joins | representative | gatekeeper | liaison |",
        "| personne | direction | intermédiarité entre directions | pondérée | relie | représentant | gardien | agent de liaison |"
    );
    let _ = writeln!(md, "|---|---|---:|---:|---|---:|---:|---:|");
    for p in c.people.iter().take(rows.champions()) {
        let joins: Vec<&str> = p.joins.iter().map(|d| lang.group(d)).collect();
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            p.person,
            lang.group(&p.group),
            lang.num(p.between_groups, SHARE_DIGITS, false),
            opt(lang, p.between_groups_weighted, SHARE_DIGITS),
            if joins.is_empty() {
                "–".to_string()
            } else {
                joins.join(", ")
            },
            lang.int(p.representative),
            lang.int(p.gatekeeper),
            lang.int(p.liaison)
        );
    }
    let _ = writeln!(md);
    let _ = writeln!(
        md,
        "{}\n",
        s::brokers_file(lang, c.sampled_per_group, c.error_bound, c.brokers_left_out)
    );
    if let Some(g) = &c.between_groups_sampled {
        let _ = writeln!(md, "{}\n", s::between_groups_sampled(lang, g));
    }
}

fn weak_links_markdown(md: &mut String, w: &WeakLinkFindings, lang: Lang, rows: Rows) {
    say!(
        md,
        lang,
        "## Fragile links between departments\n",
        "## Liens fragiles entre directions\n"
    );
    if w.links.is_empty() {
        say!(
            md,
            lang,
            "No link between two departments rests on a single person.\n",
            "Aucun lien entre deux directions ne repose sur une seule personne.\n"
        );
    } else {
        say!(
            md,
            lang,
            "Links that rest on one person (department_pairs.csv has every pair):\n",
            "Liens qui reposent sur une seule personne (department_pairs.csv donne toutes les paires) :\n"
        );
        for l in w.links.iter().take(rows.links()) {
            let _ = writeln!(md, "- {}", s::weak_link(lang, l));
        }
        more(
            md,
            lang,
            rows.links(),
            w.links.len(),
            "department_pairs.csv, fragile = 1",
        );
        let _ = writeln!(md);
    }
    if !w.indirect_computed {
        say!(
            md,
            lang,
            "The indirect links (paths through people of other departments) were not computed: this organisation is above the size limit of that step.\n",
            "Les liens indirects (chemins qui passent par des personnes d'autres directions) n'ont pas été calculés : l'organisation dépasse la taille maximale de cette étape.\n"
        );
    }
    if !w.cut_offs.is_empty() {
        say!(
            md,
            lang,
            "People whose absence would cut colleagues off from the rest of the network:\n",
            "Personnes dont l'absence couperait des collègues du reste du réseau :\n"
        );
        for c in w.cut_offs.iter().take(rows.cut_offs()) {
            let _ = writeln!(md, "- {}", s::cut_off(lang, c));
        }
        let _ = writeln!(md);
    }
}

/// The section of another grouping: its closed groups, flows, fragile links and champions, in
/// the words of any grouping ("group", "groupe") with its name G as the first column.
fn grouping_markdown(md: &mut String, f: &Findings, lang: Lang, rows: Rows) {
    let g_name = f.grouping.as_str();
    say!(
        md,
        lang,
        "## Groups by {g_name}\n",
        "## Groupes par {g_name}\n"
    );
    let Some(g) = &f.groups else {
        say!(
            md,
            lang,
            "No group figure may be shown (the directory is below the minimum group size).\n",
            "Aucun chiffre par groupe ne peut être montré (l'annuaire compte moins de personnes que la taille minimale de groupe).\n"
        );
        return;
    };
    say!(
        md,
        lang,
        "The same measures as for departments, on the groups of the directory's column '{g_name}' (files {g_name}s.csv, {g_name}_flows.csv, {g_name}_pairs.csv). Modularity of this grouping: {}.\n",
        "Les mêmes mesures que pour les directions, sur les groupes de la colonne '{g_name}' de l'annuaire (fichiers {g_name}s.csv, {g_name}_flows.csv, {g_name}_pairs.csv). Modularité de ce découpage : {}.\n",
        lang.num(g.modularity, 3, false)
    );
    closed_table(md, g, lang, rows, g_name);
    say!(
        md,
        lang,
        "Strongest flows between groups:\n",
        "Flux les plus forts entre groupes :\n"
    );
    flows_table(md, lang, &g.strongest_flows, rows.strongest());
    say!(
        md,
        lang,
        "{} of {} pairs of groups never exchange directly.\n",
        "{} paires de groupes sur {} n'échangent jamais directement.\n",
        lang.int(g.silent_pairs.len() as u64),
        lang.int(g.pairs as u64)
    );
    if let Some(w) = &f.weak_links {
        if w.links.is_empty() {
            say!(
                md,
                lang,
                "No link between two groups rests on a single person.\n",
                "Aucun lien entre deux groupes ne repose sur une seule personne.\n"
            );
        } else {
            say!(
                md,
                lang,
                "Links between groups that rest on one person:\n",
                "Liens entre groupes qui reposent sur une seule personne :\n"
            );
            for l in w.links.iter().take(rows.links()) {
                let _ = writeln!(md, "- {}", s::weak_link(lang, l));
            }
            more(
                md,
                lang,
                rows.links(),
                w.links.len(),
                &format!("{g_name}_pairs.csv, fragile = 1"),
            );
            let _ = writeln!(md);
        }
    }
    if let Some(c) = &f.champions {
        say!(
            md,
            lang,
            "Who connects the groups (between-group betweenness):\n",
            "Qui relie les groupes (intermédiarité entre groupes) :\n"
        );
        say!(
            md,
            lang,
            "| person | {g_name} | between-group betweenness | representative | gatekeeper | liaison |",
            "| personne | {g_name} | intermédiarité entre groupes | représentant | gardien | agent de liaison |"
        );
        let _ = writeln!(md, "|---|---|---:|---:|---:|---:|");
        for p in c.people.iter().take(rows.champions().min(10)) {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} |",
                p.person,
                lang.group(&p.group),
                lang.num(p.between_groups, SHARE_DIGITS, false),
                lang.int(p.representative),
                lang.int(p.gatekeeper),
                lang.int(p.liaison)
            );
        }
        let _ = writeln!(md);
        if let Some(g) = &c.between_groups_sampled {
            let _ = writeln!(md, "{}\n", s::between_groups_sampled(lang, g));
        }
    }
}

/// Writes summary.md in `lang`.
pub fn write_summary_markdown(
    out: &OutputDir,
    run: &Run<'_>,
    findings: &Findings,
    lang: Lang,
) -> Result<()> {
    out.write_bytes(
        "summary.md",
        summary_markdown(run, findings, lang).as_bytes(),
    )?;
    Ok(())
}

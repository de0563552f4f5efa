//! The input sections of summary.md: how each file was read, and what was left out and why.
//! Counts as the reader layer and the weighting reported them; nothing is computed here.

use std::fmt::Write as _;

use crate::analyze::InputCounts;
use crate::report::lang::{Lang, say, tr};

/// The weighting rule.
pub const WEIGHTING_RULE: &str = "a message from s to k recipients adds 1/k to each tie s->r; k counts distinct recipients other than s, external ones included";
/// [`WEIGHTING_RULE`] in French.
pub const WEIGHTING_RULE_FR: &str = "un message de s à k destinataires ajoute 1/k à chaque lien s->r ; k compte les destinataires distincts autres que s, externes compris";
/// The rule users of other tools most often get backwards.
pub const PATH_LENGTH_RULE: &str = "weighted path length = 1 / weight: a strong tie is a short path (weights are strengths, not distances)";
/// [`PATH_LENGTH_RULE`] in French.
pub const PATH_LENGTH_RULE_FR: &str = "longueur pondérée d'un chemin = 1 / poids : un lien fort est un chemin court (les poids sont des intensités, pas des distances)";

/// What was left out of the input, and why.
pub fn left_out_markdown(md: &mut String, i: &InputCounts, lang: Lang) {
    say!(
        md,
        lang,
        "## What was left out of the input, and why\n",
        "## Ce qui a été écarté des données, et pourquoi\n"
    );
    say!(
        md,
        lang,
        "| what | count | why |",
        "| quoi | nombre | pourquoi |"
    );
    let _ = writeln!(md, "|---|---:|---|");
    say!(
        md,
        lang,
        "| message rows read | {} | |",
        "| lignes de messages lues | {} | |",
        lang.int(i.ingest.rows_read)
    );
    for (rows, rejected) in [
        (("message", "de messages"), &i.rejected),
        (("directory", "de l'annuaire"), &i.directory_rejected),
    ] {
        for (reason, count) in rejected {
            let what = match lang {
                Lang::En => reason.key(),
                Lang::Fr => reason.label_fr(),
            };
            say!(
                md,
                lang,
                "| rejected {} rows: {} | {} | malformed row, skipped (run with --strict to stop on it) |",
                "| lignes {} rejetées : {} | {} | ligne mal formée, ignorée (relancer avec --strict pour s'y arrêter) |",
                lang.pick(rows.0, rows.1),
                what,
                lang.int(*count)
            );
        }
    }
    if let Some(p) = &i.weighting_options.period {
        let bounds = period_words(p, lang);
        say!(
            md,
            lang,
            "| messages outside the period | {} | {bounds}: left out of the analysis |",
            "| messages hors de la période | {} | {bounds} : écartés de l'analyse |",
            lang.int(i.weighting.outside_period)
        );
        say!(
            md,
            lang,
            "| undated messages | {} | a message without a date cannot be placed in the period |",
            "| messages sans date | {} | un message sans date ne peut pas être placé dans la période |",
            lang.int(i.weighting.undated)
        );
    }
    say!(
        md,
        lang,
        "| self-messages | {} | the sender was the only recipient |",
        "| messages à soi-même | {} | l'expéditeur était le seul destinataire |",
        lang.int(i.weighting.self_messages)
    );
    say!(
        md,
        lang,
        "| messages without recipients | {} | nothing to connect |",
        "| messages sans destinataire | {} | rien à relier |",
        lang.int(i.weighting.without_recipients)
    );
    say!(
        md,
        lang,
        "| broadcasts left out | {} | more than {} recipients: a broadcast is not a tie |",
        "| envois de masse écartés | {} | plus de {} destinataires : un envoi de masse n'est pas un lien |",
        lang.int(i.weighting.broadcasts),
        i.weighting_options.max_recipients
    );
    say!(
        md,
        lang,
        "| messages from outside the directory | {} | external senders are not in the graph |",
        "| messages d'expéditeurs hors annuaire | {} | les expéditeurs externes ne sont pas dans le graphe |",
        lang.int(i.weighting.from_external)
    );
    say!(
        md,
        lang,
        "| messages only to external recipients | {} | no colleague among the recipients |",
        "| messages adressés seulement à des externes | {} | aucun collègue parmi les destinataires |",
        lang.int(i.weighting.only_external_recipients)
    );
    say!(
        md,
        lang,
        "| distinct external addresses | {} | not in the directory: counted in k, left out of the graph |",
        "| adresses externes distinctes | {} | hors annuaire : comptées dans k, absentes du graphe |",
        lang.int(i.ingest.external_addresses)
    );
    for (what, count) in &i.ingest.left_out {
        match lang {
            Lang::En => {
                let _ = writeln!(
                    md,
                    "| left out: {} | {} | {} |",
                    what.key().replace('_', " "),
                    lang.int(*count),
                    what.reason()
                );
            }
            Lang::Fr => {
                let _ = writeln!(
                    md,
                    "| écarté : {} | {} | {} |",
                    what.label_fr(),
                    lang.int(*count),
                    what.reason_fr()
                );
            }
        }
    }
    if i.ingest.tie_rows > 0 {
        say!(
            md,
            lang,
            "| tie rows read | {} | {} added weight |",
            "| lignes de liens lues | {} | {} ont ajouté du poids |",
            lang.int(i.ingest.tie_rows),
            lang.int(i.weighting.tie_rows_used)
        );
        for (what, count) in [
            (
                (
                    "tie rows with someone outside the directory",
                    "lignes de liens avec une personne hors annuaire",
                ),
                i.ingest.ties_outside_directory,
            ),
            (
                ("tie rows of weight 0", "lignes de liens de poids 0"),
                i.ingest.zero_weight_ties,
            ),
            (
                (
                    "tie rows from a person to themself",
                    "lignes de liens d'une personne vers elle-même",
                ),
                i.ingest.self_ties,
            ),
        ] {
            if count > 0 {
                say!(
                    md,
                    lang,
                    "| {} | {} | nothing to add |",
                    "| {} | {} | rien à ajouter |",
                    lang.pick(what.0, what.1),
                    lang.int(count)
                );
            }
        }
    }
    if i.weighting.other_channels > 0 {
        say!(
            md,
            lang,
            "| messages of other channels | {} | --channel keeps {} only |",
            "| messages d'autres canaux | {} | --channel ne garde que {} |",
            lang.int(i.weighting.other_channels),
            i.weighting_options
                .channels
                .kept()
                .unwrap_or_default()
                .join(", ")
        );
    }
    if i.duplicate_directory_rows > 0 {
        say!(
            md,
            lang,
            "| repeated directory rows | {} | merged (same person, same department) |",
            "| lignes d'annuaire répétées | {} | fusionnées (même personne, même direction) |",
            lang.int(i.duplicate_directory_rows)
        );
    }
    if !i.ingest.content_columns_ignored.is_empty() {
        say!(
            md,
            lang,
            "\nColumns that may hold message content were ignored: {}.",
            "\nLes colonnes qui peuvent contenir le texte des messages ont été ignorées : {}.",
            i.ingest.content_columns_ignored.join(", ")
        );
    }
}

/// The period asked for in words: "from 2024-01-01 (included) to 2025-01-01 (excluded), Europe/Paris".
pub fn period_words(p: &crate::graph::Period, lang: Lang) -> String {
    let from = p
        .from
        .map(|t| tr!(lang, "from {} (included)", "du {} (inclus)", p.day(t)));
    let to =
        p.to.map(|t| tr!(lang, "to {} (excluded)", "au {} (exclu)", p.day(t)));
    let mut parts: Vec<String> = from.into_iter().chain(to).collect();
    parts.push(p.timezone.name().to_string());
    parts.join(", ")
}

/// The weighting rule in words: the 1/k rule of messages, or the sum of a tie input's metric.
pub fn weighting_rule(i: &InputCounts, lang: Lang) -> String {
    let tie_list = i.ingest.reads_tie_list();
    match &i.ingest.tie_metric {
        Some(metric) if tie_list => tr!(
            lang,
            "a tie's weight is the sum of the tie list's '{metric}' over its rows (weighted where the list was made), both directions added",
            "le poids d'un lien est la somme de la colonne '{metric}' de la liste de liens sur ses lignes (pondérée là où la liste a été faite), les deux sens additionnés"
        ),
        Some(metric) => tr!(
            lang,
            "a tie's weight is the sum over the weeks of the Viva Insights query's '{metric}', both directions added",
            "le poids d'un lien est la somme sur les semaines de la mesure '{metric}' de la requête Viva Insights, les deux sens additionnés"
        ),
        None => lang.pick(WEIGHTING_RULE, WEIGHTING_RULE_FR).to_string(),
    }
}

/// A delimiter as the table shows it: in backquotes, or a dash for a format without one.
fn shown_delimiter(d: &str, lang: Lang) -> String {
    if d.is_empty() {
        "–".to_string()
    } else {
        let d = match lang {
            Lang::En => d,
            Lang::Fr => crate::ingest::messages::delimiter_fr(d),
        };
        format!("`{d}`")
    }
}

/// How each input was read (format, encoding, the directory's key) and the warnings of the
/// input checks.
pub fn inputs_markdown(md: &mut String, i: &InputCounts, lang: Lang) {
    say!(
        md,
        lang,
        "## How the inputs were read\n",
        "## Comment les fichiers ont été lus\n"
    );
    say!(
        md,
        lang,
        "| file | read as | encoding | delimiter |",
        "| fichier | lu comme | encodage | séparateur |"
    );
    let _ = writeln!(md, "|---|---|---|---|");
    for d in &i.ingest.files {
        let format = d.format.map_or("", |f| match lang {
            Lang::En => f.description(),
            Lang::Fr => f.description_fr(),
        });
        let _ = writeln!(
            md,
            "| {} | {format} | {} | {} |",
            d.file,
            d.encoding,
            shown_delimiter(&d.delimiter, lang)
        );
    }
    if let Some(d) = &i.directory_file {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} |",
            d.file,
            lang.pick("people directory", "annuaire des personnes"),
            d.encoding,
            shown_delimiter(&d.delimiter, lang)
        );
    }
    let _ = writeln!(md);
    for caveat in i
        .ingest
        .files
        .iter()
        .filter_map(|d| {
            d.format.and_then(|f| match lang {
                Lang::En => f.caveat(),
                Lang::Fr => f.caveat_fr(),
            })
        })
        .collect::<std::collections::BTreeSet<_>>()
    {
        say!(md, lang, "Note: {caveat}.\n", "Remarque : {caveat}.\n");
    }
    if let Some(k) = &i.directory_key
        && let Some(alias) = &k.alias_column
    {
        say!(
            md,
            lang,
            "People are identified by the directory's column '{}', the one the message logs use; '{alias}' is kept as an alias.\n",
            "Les personnes sont identifiées par la colonne '{}' de l'annuaire, celle qu'utilisent les journaux de messages ; '{alias}' est gardée comme alias.\n",
            k.column
        );
    }
    for w in &i.warnings {
        match lang {
            Lang::En => {
                let _ = writeln!(md, "**Warning:** {w}.\n");
            }
            Lang::Fr => {
                let _ = writeln!(md, "**Attention :** {}.\n", w.french());
            }
        }
    }
}

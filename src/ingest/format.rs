//! Which export a message file is, told from its header (no flag needed; `--input-format`
//! forces it), and which files are not message logs at all (a directory given as
//! `--messages`).

use std::fmt;

use serde::Serialize;

use crate::ingest::columns::{Field, message_fields as mf, people_fields as pf};

/// The message exports siloscope reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputFormat {
    /// One row per message: sender, recipients (or to / cc / bcc), optional timestamp.
    MessageCsv,
    /// Microsoft 365 / Exchange Online message trace: one row per recipient
    /// (`Received, SenderAddress, RecipientAddress, ..., Status, MessageId`).
    M365Trace,
    /// Exchange Online historical search summary report: one row per message, recipients
    /// packed in `recipient_status` (`addr##Receive, Deliver;...`).
    HistoricalReport,
    /// Viva Insights person-to-person query: one row per directed pair of people and week,
    /// read as tie weights.
    VivaPersonToPerson,
    /// Viva Insights group-to-group query: one row per directed pair of groups and week, read
    /// as flows between groups (a department-level analysis only).
    VivaGroupToGroup,
    /// An mbox file (mboxo or mboxrd, as Thunderbird, Gmail Takeout, Google Vault and Unix
    /// mail write it): messages separated by `From ` lines; only their header blocks are read.
    Mbox,
    /// RFC 5322 messages saved one per file: a `.eml` file, or a folder of them.
    Eml,
    /// An iCalendar file (RFC 5545, `.ics`): each occurrence of an event is a meeting from its
    /// ORGANIZER to its ATTENDEEs.
    Ics,
    /// Microsoft Graph mail: JSON message resources (`from`, `toRecipients`, `sentDateTime`),
    /// as pages (`{"value": [...]}`), several pages, or one message per line.
    GraphMail,
    /// Microsoft Teams chat messages from Graph: JSON chatMessage resources (`chatId`,
    /// `from.user.id`, `createdDateTime`, `messageType`); the recipients are the chat's members.
    TeamsChat,
    /// Slack workspace export (a folder or its .zip): `users.json`, the conversation lists,
    /// one JSON file per conversation and day.
    Slack,
    /// Pre-aggregated directed ties (`--ties`): `source, target, weight`, optional `period`
    /// (a day) and `channel`, read as tie weights; rows of the same tie are summed.
    TieList,
}

impl InputFormat {
    /// Every format, for messages and `--input-format`.
    pub const ALL: [InputFormat; 12] = [
        InputFormat::MessageCsv,
        InputFormat::M365Trace,
        InputFormat::HistoricalReport,
        InputFormat::VivaPersonToPerson,
        InputFormat::VivaGroupToGroup,
        InputFormat::Mbox,
        InputFormat::Eml,
        InputFormat::Ics,
        InputFormat::GraphMail,
        InputFormat::TeamsChat,
        InputFormat::Slack,
        InputFormat::TieList,
    ];

    /// True for the formats read as one table by the shared row loop.
    pub fn is_table(self) -> bool {
        matches!(
            self,
            InputFormat::MessageCsv
                | InputFormat::M365Trace
                | InputFormat::HistoricalReport
                | InputFormat::VivaPersonToPerson
                | InputFormat::VivaGroupToGroup
                | InputFormat::TieList
        )
    }

    /// The name used by `--input-format` and in summary.json.
    pub fn key(self) -> &'static str {
        match self {
            InputFormat::MessageCsv => "csv",
            InputFormat::M365Trace => "m365-trace",
            InputFormat::HistoricalReport => "historical-report",
            InputFormat::VivaPersonToPerson => "viva-person-to-person",
            InputFormat::VivaGroupToGroup => "viva-group-to-group",
            InputFormat::Mbox => "mbox",
            InputFormat::Eml => "eml",
            InputFormat::Ics => "ics",
            InputFormat::GraphMail => "graph-mail",
            InputFormat::TeamsChat => "teams-chat",
            InputFormat::Slack => "slack",
            InputFormat::TieList => "tie-list",
        }
    }

    /// Reads an `--input-format` value.
    pub fn from_key(key: &str) -> Option<InputFormat> {
        let k = key.trim().to_ascii_lowercase();
        InputFormat::ALL.into_iter().find(|f| f.key() == k)
    }

    /// What the format is, in words.
    pub fn description(self) -> &'static str {
        match self {
            InputFormat::MessageCsv => "message CSV (one row per message)",
            InputFormat::M365Trace => {
                "Microsoft 365 message trace (one row per recipient, grouped back into messages by MessageId and sender)"
            }
            InputFormat::HistoricalReport => {
                "Exchange Online historical search report (one row per message, recipients in recipient_status)"
            }
            InputFormat::VivaPersonToPerson => {
                "Viva Insights person-to-person query (one row per pair of people and week, read as tie weights)"
            }
            InputFormat::VivaGroupToGroup => {
                "Viva Insights group-to-group query (one row per pair of groups and week, read as flows between groups)"
            }
            InputFormat::Mbox => {
                "mbox (messages separated by From_ lines; header blocks only: From, To, Cc, Bcc, Date)"
            }
            InputFormat::Eml => {
                "RFC 5322 .eml messages (one file, or a folder of .eml files in name order; headers only: From, To, Cc, Bcc, Date)"
            }
            InputFormat::Ics => {
                "iCalendar file, RFC 5545 (each occurrence of an event is a meeting from its ORGANIZER to its ATTENDEEs)"
            }
            InputFormat::GraphMail => {
                "Microsoft Graph mail (JSON message resources: from, to/cc/bcc recipients, sentDateTime)"
            }
            InputFormat::TeamsChat => {
                "Microsoft Teams chat messages from Graph (JSON chatMessage resources; recipients are the chat's other members)"
            }
            InputFormat::Slack => {
                "Slack workspace export (users.json, the conversation lists, one JSON file per conversation and day)"
            }
            InputFormat::TieList => {
                "tie list (one row per directed tie and day: source, target, weight; rows of the same tie summed)"
            }
        }
    }

    /// What the format cannot tell, said wherever it is read.
    pub fn caveat(self) -> Option<&'static str> {
        match self {
            InputFormat::MessageCsv => None,
            InputFormat::M365Trace | InputFormat::HistoricalReport => Some(
                "a trace does not tell To from Cc: every recipient counts alike (as in every format); distribution groups are replaced by their members",
            ),
            InputFormat::VivaPersonToPerson => Some(
                "Viva computes its own tie scores: the tie weight is the sum over the weeks of the query's metric, not the 1/k rule of messages",
            ),
            InputFormat::VivaGroupToGroup => Some(
                "a group-to-group query names no person: only department-level figures (flows, E-I on weights, the map); no ties, people, communities or brokers",
            ),
            InputFormat::Mbox | InputFormat::Eml => Some(
                "only message headers are read, never a body; a received copy has no Bcc line; a Message-ID seen twice in one input counts once; a distribution list's own address is a recipient (its members are unknown)",
            ),
            InputFormat::Ics => Some(
                "a meeting links its organizer to each attendee, not the attendees among themselves (the message rule); declined attendees, rooms and resources, cancelled events and occurrences outside the period are left out and counted",
            ),
            InputFormat::GraphMail => Some(
                "a distribution list is its own address in Graph mail (not expanded: one recipient outside the directory unless listed); a message read from several mailboxes counts once (same internetMessageId); drafts are left out",
            ),
            InputFormat::TeamsChat => Some(
                "a chat message names no recipient: its recipients are the chat's other members, from the members file beside it or from the chat's membersAdded/membersDeleted system messages; bots, system messages and channel messages are left out",
            ),
            InputFormat::Slack => Some(
                "the recipients of a DM or group DM are its other members; a channel message names no recipient, --slack-channels decides (default none: left out); bots, apps and system messages (joins, topics...) are left out",
            ),
            InputFormat::TieList => Some(
                "the weights are taken as they are: the 1/k rule and --max-recipients were applied, or not, where the list was made (docs/SCALE.md); ties with someone outside the directory or with oneself are counted and left out",
            ),
        }
    }
}

impl InputFormat {
    /// [`InputFormat::description`] in French, for summary.md under `--lang fr`.
    pub fn description_fr(self) -> &'static str {
        match self {
            InputFormat::MessageCsv => "CSV de messages (une ligne par message)",
            InputFormat::M365Trace => {
                "suivi des messages Microsoft 365 (une ligne par destinataire, regroupées en messages par MessageId et expéditeur)"
            }
            InputFormat::HistoricalReport => {
                "rapport de recherche historique Exchange Online (une ligne par message, destinataires dans recipient_status)"
            }
            InputFormat::VivaPersonToPerson => {
                "requête Viva Insights de personne à personne (une ligne par paire de personnes et par semaine, lue comme poids des liens)"
            }
            InputFormat::VivaGroupToGroup => {
                "requête Viva Insights de groupe à groupe (une ligne par paire de groupes et par semaine, lue comme flux entre groupes)"
            }
            InputFormat::Mbox => {
                "mbox (messages séparés par des lignes From_ ; en-têtes seulement : From, To, Cc, Bcc, Date)"
            }
            InputFormat::Eml => {
                "messages .eml RFC 5322 (un fichier, ou un dossier de fichiers .eml par ordre de nom ; en-têtes seulement : From, To, Cc, Bcc, Date)"
            }
            InputFormat::Ics => {
                "fichier iCalendar, RFC 5545 (chaque occurrence d'un événement est une réunion de son ORGANIZER vers ses ATTENDEE)"
            }
            InputFormat::GraphMail => {
                "messagerie Microsoft Graph (ressources message JSON : from, destinataires to/cc/bcc, sentDateTime)"
            }
            InputFormat::TeamsChat => {
                "conversations Microsoft Teams depuis Graph (ressources chatMessage JSON ; les destinataires sont les autres membres de la conversation)"
            }
            InputFormat::Slack => {
                "export d'espace de travail Slack (users.json, les listes de conversations, un fichier JSON par conversation et par jour)"
            }
            InputFormat::TieList => {
                "liste de liens (une ligne par lien orienté et par jour : source, target, weight ; les lignes d'un même lien additionnées)"
            }
        }
    }

    /// [`InputFormat::caveat`] in French, for summary.md under `--lang fr`.
    pub fn caveat_fr(self) -> Option<&'static str> {
        match self {
            InputFormat::MessageCsv => None,
            InputFormat::M365Trace | InputFormat::HistoricalReport => Some(
                "un suivi ne distingue pas To de Cc : tous les destinataires comptent de même (comme dans tous les formats) ; les listes de distribution sont remplacées par leurs membres",
            ),
            InputFormat::VivaPersonToPerson => Some(
                "Viva calcule ses propres scores de lien : le poids d'un lien est la somme sur les semaines de la mesure de la requête, pas la règle 1/k des messages",
            ),
            InputFormat::VivaGroupToGroup => Some(
                "une requête de groupe à groupe ne nomme personne : seulement des chiffres par direction (flux, indice E-I sur les poids, la carte) ; ni liens, ni personnes, ni communautés, ni intermédiaires",
            ),
            InputFormat::Mbox | InputFormat::Eml => Some(
                "seuls les en-têtes des messages sont lus, jamais le corps ; une copie reçue n'a pas de ligne Bcc ; un Message-ID vu deux fois dans une même source compte une fois ; l'adresse d'une liste de distribution est un destinataire (ses membres sont inconnus)",
            ),
            InputFormat::Ics => Some(
                "une réunion relie son organisateur à chaque participant, pas les participants entre eux (la règle des messages) ; les invitations déclinées, les salles et ressources, les réunions annulées et les occurrences hors période sont écartées et comptées",
            ),
            InputFormat::GraphMail => Some(
                "une liste de distribution est sa propre adresse dans Graph (non développée : un destinataire hors annuaire, sauf si elle y figure) ; un message lu dans plusieurs boîtes compte une fois (même internetMessageId) ; les brouillons sont écartés",
            ),
            InputFormat::TeamsChat => Some(
                "un message de conversation ne nomme aucun destinataire : ses destinataires sont les autres membres de la conversation, d'après le fichier des membres voisin ou les messages système membersAdded/membersDeleted ; les bots, les messages système et les messages de canal sont écartés",
            ),
            InputFormat::Slack => Some(
                "les destinataires d'un message direct ou de groupe sont ses autres membres ; un message de canal ne nomme aucun destinataire, --slack-channels décide (par défaut none : écarté) ; les bots, les applications et les messages système (arrivées, sujets...) sont écartés",
            ),
            InputFormat::TieList => Some(
                "les poids sont pris tels quels : la règle 1/k et --max-recipients ont été appliquées, ou non, là où la liste a été faite (docs/SCALE.md) ; les liens avec une personne hors annuaire ou avec soi-même sont comptés et écartés",
            ),
        }
    }
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// What a header looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderKind {
    /// A message export of this format.
    Messages(InputFormat),
    /// A people directory (a department column and no sender).
    Directory,
    /// Neither: a message CSV whose columns will have to be found (or `--map`ped).
    Unknown,
}

fn has(lower: &[String], field: Field) -> bool {
    field.synonyms.iter().any(|s| lower.iter().any(|h| h == s))
}

fn has_name(lower: &[String], name: &str) -> bool {
    lower.iter().any(|h| h == name)
}

/// Tells the kind of file from its header names (any case).
pub fn classify(headers: &[String]) -> HeaderKind {
    if crate::ingest::formats::is_group_to_group(headers) {
        return HeaderKind::Messages(InputFormat::VivaGroupToGroup);
    }
    if crate::ingest::formats::is_viva_person_to_person(headers) {
        return HeaderKind::Messages(InputFormat::VivaPersonToPerson);
    }
    if crate::ingest::formats::is_tie_list(headers) {
        return HeaderKind::Messages(InputFormat::TieList);
    }
    let lower: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
    if has_name(&lower, "senderaddress")
        && has_name(&lower, "recipientaddress")
        && has_name(&lower, "messageid")
    {
        return HeaderKind::Messages(InputFormat::M365Trace);
    }
    if has_name(&lower, "sender_address")
        && has_name(&lower, "recipient_status")
        && (has_name(&lower, "message_id") || has_name(&lower, "network_message_id"))
    {
        return HeaderKind::Messages(InputFormat::HistoricalReport);
    }
    let sender = has(&lower, mf::SENDER);
    let recipients = has(&lower, mf::RECIPIENTS) || has(&lower, mf::CC) || has(&lower, mf::BCC);
    if sender && recipients {
        return HeaderKind::Messages(InputFormat::MessageCsv);
    }
    if !sender && has(&lower, pf::DEPARTMENT) && (has(&lower, pf::ID) || has(&lower, pf::EMAIL)) {
        return HeaderKind::Directory;
    }
    HeaderKind::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(header: &str) -> HeaderKind {
        let h: Vec<String> = header.split(',').map(str::to_string).collect();
        classify(&h)
    }

    #[test]
    fn tells_the_exports_apart() {
        assert_eq!(
            kind(
                "Received,SenderAddress,RecipientAddress,Subject,Status,ToIP,FromIP,Size,MessageId,MessageTraceId"
            ),
            HeaderKind::Messages(InputFormat::M365Trace)
        );
        assert_eq!(
            kind(
                "origin_timestamp_utc,sender_address,recipient_status,message_subject,total_bytes,message_id,network_message_id,original_client_ip,directionality,connector_id,delivery_priority"
            ),
            HeaderKind::Messages(InputFormat::HistoricalReport)
        );
        assert_eq!(
            kind("timestamp,sender,recipients"),
            HeaderKind::Messages(InputFormat::MessageCsv)
        );
        assert_eq!(
            kind("Date,From,To,Cc"),
            HeaderKind::Messages(InputFormat::MessageCsv)
        );
        assert_eq!(
            kind("Matricule,Nom,Prénom,Direction,Site,E-mail"),
            HeaderKind::Directory
        );
        assert_eq!(kind("id,department"), HeaderKind::Directory);
        assert_eq!(kind("Expediteur,Objet"), HeaderKind::Unknown);
        assert_eq!(
            kind(
                "PrimaryCollaborator PersonId,SecondaryCollaborator PersonId,MetricDate,Strong tie score"
            ),
            HeaderKind::Messages(InputFormat::VivaPersonToPerson)
        );
        assert_eq!(
            kind("TieOrigin_PersonId,TieDestination_PersonId,Date,Collaboration_hours"),
            HeaderKind::Messages(InputFormat::VivaPersonToPerson)
        );
        assert_eq!(
            kind("source,target,weight"),
            HeaderKind::Messages(InputFormat::TieList)
        );
        assert_eq!(
            InputFormat::from_key("M365-Trace"),
            Some(InputFormat::M365Trace)
        );
    }
}

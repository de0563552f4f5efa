//! The message exports, one file each: how a format's rows become messages. They all go
//! through the same reader layer ([`crate::ingest::source`]: decoding, row loop, rejects) and
//! hand their addresses to the same [`Assembler`], so every format gets the same rules.

mod graph;
mod historical;
mod ics;
mod m365_trace;
mod mail;
mod per_recipient;
mod plain;
mod slack;
mod tie_list;
mod tie_rows;
mod viva;
mod viva_groups;

pub use tie_list::is_tie_list;
pub use viva::{directory_from_query, is_person_to_person as is_viva_person_to_person};
pub use viva_groups::{GroupFlows, is_group_to_group, probe_group_query, read_group_query};

pub use ics::CalendarPeriod;
pub use per_recipient::PerRecipientRows;
pub use slack::SlackChannels;

use crate::error::{Error, InputName, Result};
use crate::ingest::columns::{Field, FieldMapping, locate, require};
use crate::ingest::format::InputFormat;
use crate::ingest::messages::MessageOptions;
use crate::ingest::messages::{Assembler, IngestCounts, InputDescription, TieRow, shape_of};
use crate::ingest::rejects::Rejects;
use crate::ingest::rejects::{RejectReason, RejectedRow};
use crate::ingest::source::{CsvInput, Row, TextInput};
use crate::ingest::ties::Collector;
use crate::ingest::time::{DateFormat, EXPECTED, parse_timestamp};
use crate::progress::Progress;

/// Where a format finds its fields in one file.
pub enum Layout {
    /// One row per message.
    Csv(plain::Columns),
    /// One row per recipient.
    Trace(m365_trace::Columns),
    /// One row per message, recipients packed with their delivery events.
    Historical(historical::Columns),
    /// One row per directed tie (and week or day): a Viva Insights person-to-person query or
    /// a tie list.
    Ties(tie_rows::Columns),
}

/// Where every format hands its messages: addresses as written go in (a sender, then its
/// recipients as addresses or address lists), a [`Message`] resolved through the directory comes
/// out. One sink for every format, so that every format follows the same rules (distinct
/// recipients, the sender removed, external addresses counted in k).
pub struct MessageSink<'a, 'd> {
    /// How to read timestamps.
    pub date_format: &'a DateFormat,
    pub(crate) assembler: &'a mut Assembler<'d>,
    /// Rows of per-recipient formats, waiting to be grouped.
    pub(crate) grouped: &'a mut PerRecipientRows,
    /// Counts across files.
    pub(crate) counts: &'a mut IngestCounts,
    pub(crate) collector: &'a mut dyn Collector,
    /// The normalized sender of the message being built (a buffer reused).
    sender: String,
}

impl<'a, 'd> MessageSink<'a, 'd> {
    pub(crate) fn new(
        date_format: &'a DateFormat,
        assembler: &'a mut Assembler<'d>,
        grouped: &'a mut PerRecipientRows,
        counts: &'a mut IngestCounts,
        collector: &'a mut dyn Collector,
    ) -> Self {
        MessageSink {
            date_format,
            assembler,
            grouped,
            counts,
            collector,
            sender: String::new(),
        }
    }

    /// Starts a message from `sender` as written (an address, `Name <address>`, or an id).
    /// False, and nothing started, when it names nobody (the caller rejects the record).
    pub fn begin(&mut self, sender: &str) -> bool {
        crate::ingest::address::sender_into(sender, &mut self.sender);
        self.assembler.start();
        !self.sender.is_empty()
    }

    /// One recipient: an address or id as written.
    pub fn recipient(&mut self, address: &str) {
        self.assembler.recipient(address);
    }

    /// Recipients written as an address list (`"Dupont, Jean" <j@x>; m@x`).
    pub fn recipient_list(&mut self, list: &str) {
        let assembler = &mut *self.assembler;
        crate::ingest::address::for_each_address(list, |a| assembler.recipient(a));
    }

    /// The message started by [`MessageSink::begin`] is complete.
    pub fn end(&mut self, timestamp: Option<i64>, channel: &str) {
        self.assembler.finish(
            timestamp,
            &self.sender,
            channel,
            self.counts,
            self.collector,
        );
    }

    /// A recipient row of a per-recipient export, grouped later with the other rows of message
    /// `message_id` from `sender` (as written).
    pub fn per_recipient_row(
        &mut self,
        message_id: &str,
        sender: &str,
        timestamp: Option<i64>,
        recipient: Option<&str>,
    ) -> bool {
        crate::ingest::address::sender_into(sender, &mut self.sender);
        if self.sender.is_empty() {
            return false;
        }
        match recipient {
            Some(r) => self.grouped.add(message_id, &self.sender, timestamp, r),
            None => self
                .grouped
                .add_group_row(message_id, &self.sender, timestamp),
        }
        true
    }

    /// One directed tie of a tie input (a Viva Insights person-to-person query, a tie list):
    /// `source` and `target` as written, the weight in units of 10^-12
    /// ([`crate::ingest::ties`]), the channel if the input names one. A tie with someone
    /// outside the directory, or with oneself, is counted and left out.
    pub fn tie(
        &mut self,
        source: &str,
        target: &str,
        units: u128,
        timestamp: Option<i64>,
        channel: Option<&str>,
    ) {
        if units == 0 {
            self.counts.tie_rows += 1;
            self.counts.zero_weight_ties += 1;
            return;
        }
        let row = TieRow {
            source,
            target,
            units,
            timestamp,
            channel,
        };
        self.assembler.tie(&row, self.counts, self.collector);
    }

    /// True the first time `message_id` (a format's own id of a message, prefixed by the
    /// format) is met across all the inputs, false for every later copy (which the caller
    /// leaves out as [`LeftOut::DuplicateCopy`]). Only a 128-bit digest of each id is kept:
    /// 16 bytes per distinct message, the one thing a streamed export keeps per message.
    pub fn first_copy(&mut self, message_id: &str) -> bool {
        self.counts.first_copy(message_id)
    }

    /// Something of the input that is not a message between people, left out and counted.
    pub fn left_out(&mut self, what: LeftOut) {
        *self.counts.left_out.entry(what).or_default() += 1;
    }
}

/// What a table format hands its rows to: the [`MessageSink`] itself when the rows are read
/// on one thread, or a worker's [`crate::ingest::recorded::Recorded`] batch when they are read
/// on several (the addresses normalized and resolved there, counted later in file order). The
/// table layouts are written once against this trait, so both ways follow the same rules.
pub trait RowSink {
    /// How to read timestamps.
    fn date_format(&self) -> &DateFormat;
    /// As [`MessageSink::begin`].
    fn begin(&mut self, sender: &str) -> bool;
    /// As [`MessageSink::recipient`].
    fn recipient(&mut self, address: &str);
    /// As [`MessageSink::recipient_list`].
    fn recipient_list(&mut self, list: &str);
    /// As [`MessageSink::end`].
    fn end(&mut self, timestamp: Option<i64>, channel: &str);
    /// As [`MessageSink::per_recipient_row`].
    fn per_recipient_row(
        &mut self,
        message_id: &str,
        sender: &str,
        timestamp: Option<i64>,
        recipient: Option<&str>,
    ) -> bool;
    /// As [`MessageSink::tie`].
    fn tie(
        &mut self,
        source: &str,
        target: &str,
        units: u128,
        timestamp: Option<i64>,
        channel: Option<&str>,
    );
    /// As [`MessageSink::left_out`].
    fn left_out(&mut self, what: LeftOut);
}

impl RowSink for MessageSink<'_, '_> {
    fn date_format(&self) -> &DateFormat {
        self.date_format
    }
    fn begin(&mut self, sender: &str) -> bool {
        MessageSink::begin(self, sender)
    }
    fn recipient(&mut self, address: &str) {
        MessageSink::recipient(self, address);
    }
    fn recipient_list(&mut self, list: &str) {
        MessageSink::recipient_list(self, list);
    }
    fn end(&mut self, timestamp: Option<i64>, channel: &str) {
        MessageSink::end(self, timestamp, channel);
    }
    fn per_recipient_row(
        &mut self,
        message_id: &str,
        sender: &str,
        timestamp: Option<i64>,
        recipient: Option<&str>,
    ) -> bool {
        MessageSink::per_recipient_row(self, message_id, sender, timestamp, recipient)
    }
    fn tie(
        &mut self,
        source: &str,
        target: &str,
        units: u128,
        timestamp: Option<i64>,
        channel: Option<&str>,
    ) {
        MessageSink::tie(self, source, target, units, timestamp, channel);
    }
    fn left_out(&mut self, what: LeftOut) {
        MessageSink::left_out(self, what);
    }
}

/// What a format leaves out on purpose, counted and reported (not a malformed record).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftOut {
    /// A distribution group's own entry: its members are read instead.
    DistributionGroup,
    /// A message posted by a bot or an app: not a person.
    BotMessage,
    /// A system message (a join, a leave, a topic change): not an exchange.
    SystemMessage,
    /// A top-level channel message, which names no recipient.
    ChannelMessage,
    /// A chat message whose members are unknown.
    ChatWithoutMembers,
    /// A cancelled calendar event.
    CancelledEvent,
    /// A mail message Thunderbird marked deleted (`X-Mozilla-Status` flag 0x0008): a copy
    /// waiting for compaction, whose live copy (if any) is in another folder.
    DeletedMessage,
    /// A mail message whose Message-ID was already read from the same input.
    DuplicateMessage,
    /// A file of a mail folder that is not a `.eml` message (or a hidden entry).
    NotAnEmlFile,
    /// A calendar attendee that is a room or a resource (CUTYPE=ROOM, RESOURCE).
    RoomOrResource,
    /// A calendar attendee that is a group invited as one entry (CUTYPE=GROUP).
    GroupAttendee,
    /// A calendar attendee copied for information (ROLE=NON-PARTICIPANT).
    NonParticipant,
    /// A calendar attendee who declined or delegated (PARTSTAT=DECLINED, DELEGATED).
    DeclinedAttendee,
    /// A calendar event with neither organizer nor attendee.
    PersonalAppointment,
    /// A calendar event read already (same UID, and same RECURRENCE-ID for an occurrence).
    DuplicateEvent,
    /// An occurrence outside the analysed period of a calendar.
    OutsideCalendarPeriod,
    /// A draft: never sent.
    Draft,
    /// Another copy of a message already read (the same message exported from another
    /// mailbox, or read twice): it counts once.
    DuplicateCopy,
    /// A chat message whose other members are all bots or apps.
    ToBotsOnly,
}

impl LeftOut {
    /// The key in summary.json.
    pub fn key(self) -> &'static str {
        match self {
            LeftOut::DistributionGroup => "distribution_group",
            LeftOut::BotMessage => "bot_message",
            LeftOut::SystemMessage => "system_message",
            LeftOut::ChannelMessage => "channel_message",
            LeftOut::ChatWithoutMembers => "chat_without_members",
            LeftOut::CancelledEvent => "cancelled_event",
            LeftOut::DeletedMessage => "deleted_message",
            LeftOut::DuplicateMessage => "duplicate_message",
            LeftOut::NotAnEmlFile => "not_an_eml_file",
            LeftOut::RoomOrResource => "room_or_resource",
            LeftOut::GroupAttendee => "group_attendee",
            LeftOut::NonParticipant => "non_participant",
            LeftOut::DeclinedAttendee => "declined_attendee",
            LeftOut::PersonalAppointment => "personal_appointment",
            LeftOut::DuplicateEvent => "duplicate_event",
            LeftOut::OutsideCalendarPeriod => "outside_calendar_period",
            LeftOut::Draft => "draft",
            LeftOut::DuplicateCopy => "duplicate_copy",
            LeftOut::ToBotsOnly => "to_bots_only",
        }
    }

    /// Why it is left out, in words.
    pub fn reason(self) -> &'static str {
        match self {
            LeftOut::DistributionGroup => "the group is not a person: its members are read instead",
            LeftOut::BotMessage => "posted by a bot or an app, not a person",
            LeftOut::SystemMessage => "a join, a leave or another system event, not an exchange",
            LeftOut::ChannelMessage => {
                "a channel message names no recipient (see the channel policy)"
            }
            LeftOut::ChatWithoutMembers => "the chat's members are unknown: no recipient",
            LeftOut::CancelledEvent => "a cancelled meeting is not a meeting",
            LeftOut::DeletedMessage => {
                "marked deleted by Thunderbird (X-Mozilla-Status 0x0008): a copy waiting for compaction"
            }
            LeftOut::DuplicateMessage => {
                "the same Message-ID was already read from this input: one message counts once"
            }
            LeftOut::NotAnEmlFile => {
                "a file of the folder that is not a .eml message, or a hidden entry: ignored"
            }
            LeftOut::RoomOrResource => {
                "an attendee that is a room or a resource is not a person; counted per occurrence"
            }
            LeftOut::GroupAttendee => {
                "a group invited as one attendee is not a person; its members count where the calendar lists them; counted per occurrence"
            }
            LeftOut::NonParticipant => {
                "an attendee copied for information is not in the meeting; counted per occurrence"
            }
            LeftOut::DeclinedAttendee => {
                "an attendee who declined or delegated is not in the meeting; counted per occurrence"
            }
            LeftOut::PersonalAppointment => {
                "an event with neither organizer nor attendee is nobody's meeting"
            }
            LeftOut::DuplicateEvent => {
                "the same UID read already, as when one meeting is exported from two calendars: counted once"
            }
            LeftOut::OutsideCalendarPeriod => {
                "an occurrence outside the period of --calendar-since and --calendar-until"
            }
            LeftOut::Draft => "a draft was never sent",
            LeftOut::DuplicateCopy => {
                "another copy of a message already read (same message id, e.g. exported from the sender's and a recipient's mailbox): it counts once"
            }
            LeftOut::ToBotsOnly => "written to bots or apps only, not to a person",
        }
    }

    /// What it is, in French (the row label of summary.md under `--lang fr`).
    pub fn label_fr(self) -> &'static str {
        match self {
            LeftOut::DistributionGroup => "liste de distribution",
            LeftOut::BotMessage => "message de bot",
            LeftOut::SystemMessage => "message système",
            LeftOut::ChannelMessage => "message de canal",
            LeftOut::ChatWithoutMembers => "conversation sans membres connus",
            LeftOut::CancelledEvent => "réunion annulée",
            LeftOut::DeletedMessage => "message supprimé",
            LeftOut::DuplicateMessage => "message en double",
            LeftOut::NotAnEmlFile => "fichier autre qu'un .eml",
            LeftOut::RoomOrResource => "salle ou ressource",
            LeftOut::GroupAttendee => "groupe invité",
            LeftOut::NonParticipant => "invité pour information",
            LeftOut::DeclinedAttendee => "invitation déclinée",
            LeftOut::PersonalAppointment => "rendez-vous personnel",
            LeftOut::DuplicateEvent => "réunion en double",
            LeftOut::OutsideCalendarPeriod => "occurrence hors période",
            LeftOut::Draft => "brouillon",
            LeftOut::DuplicateCopy => "copie d'un message déjà lu",
            LeftOut::ToBotsOnly => "message adressé à des bots seulement",
        }
    }

    /// [`LeftOut::reason`] in French, for summary.md under `--lang fr`.
    pub fn reason_fr(self) -> &'static str {
        match self {
            LeftOut::DistributionGroup => {
                "une liste n'est pas une personne : ce sont ses membres qui sont lus"
            }
            LeftOut::BotMessage => "envoyé par un bot ou une application, pas par une personne",
            LeftOut::SystemMessage => {
                "une arrivée, un départ ou un autre événement système, pas un échange"
            }
            LeftOut::ChannelMessage => {
                "un message de canal ne nomme aucun destinataire (voir la règle des canaux)"
            }
            LeftOut::ChatWithoutMembers => {
                "les membres de la conversation sont inconnus : aucun destinataire"
            }
            LeftOut::CancelledEvent => "une réunion annulée n'est pas une réunion",
            LeftOut::DeletedMessage => {
                "marqué supprimé par Thunderbird (X-Mozilla-Status 0x0008) : une copie en attente de compactage"
            }
            LeftOut::DuplicateMessage => {
                "le même Message-ID a déjà été lu dans cette source : un message compte une fois"
            }
            LeftOut::NotAnEmlFile => {
                "un fichier du dossier qui n'est pas un message .eml, ou une entrée cachée : ignoré"
            }
            LeftOut::RoomOrResource => {
                "une salle ou une ressource invitée n'est pas une personne ; compté par occurrence"
            }
            LeftOut::GroupAttendee => {
                "un groupe invité comme un seul participant n'est pas une personne ; ses membres comptent là où le calendrier les cite ; compté par occurrence"
            }
            LeftOut::NonParticipant => {
                "un invité pour information ne participe pas à la réunion ; compté par occurrence"
            }
            LeftOut::DeclinedAttendee => {
                "un invité qui a décliné ou délégué ne participe pas à la réunion ; compté par occurrence"
            }
            LeftOut::PersonalAppointment => {
                "un événement sans organisateur ni participant n'est la réunion de personne"
            }
            LeftOut::DuplicateEvent => {
                "le même UID déjà lu, comme une réunion exportée de deux calendriers : compté une fois"
            }
            LeftOut::OutsideCalendarPeriod => {
                "une occurrence hors de la période de --calendar-since et --calendar-until"
            }
            LeftOut::Draft => "un brouillon n'a jamais été envoyé",
            LeftOut::DuplicateCopy => {
                "une autre copie d'un message déjà lu (même identifiant, par exemple exporté de la boîte de l'expéditeur et de celle d'un destinataire) : il compte une fois"
            }
            LeftOut::ToBotsOnly => {
                "adressé à des bots ou des applications seulement, pas à une personne"
            }
        }
    }
}

/// An export that is not one table (an mbox, a folder of .eml files, Graph JSON, a Slack
/// export, a calendar): read whole by its own reader, which hands each message to the sink.
pub trait MessageSource {
    /// How the input is read (format, encoding, which field comes from where).
    fn description(&self) -> InputDescription;

    /// The senders of the first `n` messages as written (they decide the directory's key),
    /// without losing those messages for [`MessageSource::read`].
    fn sample_senders(&mut self, n: usize) -> Result<Vec<String>>;

    /// Reads every message into `sink`; a malformed record goes to `rejects` (an error under
    /// `--strict`). Returns the number of records read, malformed ones included.
    fn read(
        &mut self,
        sink: &mut MessageSink<'_, '_>,
        rejects: &mut Rejects,
        progress: &dyn Progress,
    ) -> Result<u64>;
}

impl Layout {
    /// Finds the columns `format` needs in `input`'s header.
    pub fn locate(
        format: InputFormat,
        input: &CsvInput,
        options: &MessageOptions,
    ) -> Result<Layout> {
        let mapping = &options.mapping;
        Ok(match format {
            InputFormat::MessageCsv => Layout::Csv(plain::Columns::locate(input, mapping)?),
            InputFormat::M365Trace => Layout::Trace(m365_trace::Columns::locate(input, mapping)?),
            InputFormat::HistoricalReport => {
                Layout::Historical(historical::Columns::locate(input, mapping)?)
            }
            InputFormat::VivaPersonToPerson => {
                Layout::Ties(tie_rows::Columns::locate(input, mapping, &viva::NAMES)?)
            }
            InputFormat::TieList => Layout::Ties(tie_rows::Columns::locate(
                input,
                mapping,
                &tie_list::names(options.timezone),
            )?),
            InputFormat::VivaGroupToGroup => {
                return Err(Error::WrongInput {
                    file: input.name.clone(),
                    given_as: "--messages with other inputs",
                    looks_like: "a Viva Insights group-to-group query, which names no person",
                    hint: "analyse it alone from a file (siloscope analyze -m g2g.csv --out DIR), for a department-level analysis",
                });
            }
            InputFormat::Mbox | InputFormat::Eml => {
                // not tables: `open_by_content` hands them to their own readers
                return Err(Error::NotATable {
                    file: input.name.clone(),
                    format: format.key(),
                });
            }
            InputFormat::Ics => {
                unreachable!("invariant: open_by_content opens a calendar with its own reader")
            }
            InputFormat::GraphMail | InputFormat::TeamsChat => unreachable!(
                "invariant: {format} is not a table; open_by_content opens its own reader"
            ),
            InputFormat::Slack => {
                return Err(Error::Read {
                    file: input.name.clone(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::InvalidInput,
                        "a Slack export is read from its folder or its .zip archive, not as a table",
                    ),
                });
            }
        })
    }

    /// The metric a tie input's weights come from.
    pub fn tie_metric(&self) -> Option<&str> {
        match self {
            Layout::Ties(c) => Some(c.metric()),
            _ => None,
        }
    }

    /// Which column each field is read from, as `(field, column)`.
    pub fn columns(&self) -> Vec<(&'static str, usize)> {
        match self {
            Layout::Csv(c) => c.columns(),
            Layout::Trace(c) => c.columns(),
            Layout::Historical(c) => c.columns(),
            Layout::Ties(c) => c.columns(),
        }
    }

    /// The sender's column.
    pub fn sender_column(&self) -> usize {
        match self {
            Layout::Csv(c) => c.sender,
            Layout::Trace(c) => c.sender,
            Layout::Historical(c) => c.sender,
            Layout::Ties(c) => c.source,
        }
    }

    /// Reads one row; a malformed one comes back as a rejected row.
    pub fn read<S: RowSink>(
        &self,
        row: &Row<'_>,
        sink: &mut S,
    ) -> std::result::Result<(), RejectedRow> {
        match self {
            Layout::Csv(c) => c.read(row, sink),
            Layout::Trace(c) => c.read(row, sink),
            Layout::Historical(c) => c.read(row, sink),
            Layout::Ties(c) => c.read(row, sink),
        }
    }
}

/// A field the format needs, located with `--map` taken into account.
fn required(input: &CsvInput, field: Field, mapping: &FieldMapping) -> Result<usize> {
    require(input, field, mapping)
}

/// A field the format can do without.
fn optional(input: &CsvInput, field: Field, mapping: &FieldMapping) -> Result<Option<usize>> {
    locate(input, field, mapping)
}

/// The timestamp of a row, or the rejected row that says it cannot be read.
fn timestamp(
    row: &Row<'_>,
    column: Option<usize>,
    format: &DateFormat,
) -> std::result::Result<Option<i64>, RejectedRow> {
    let Some(c) = column else { return Ok(None) };
    let text = row.text(c)?;
    parse_timestamp(text, format).map_err(|_| {
        row.reject(
            RejectReason::BadTimestamp,
            Some(c),
            format!(
                "expected {EXPECTED}, found a value shaped '{}'",
                shape_of(text)
            ),
        )
    })
}

/// Starts the row's message from its sender, or returns the rejected row that says the sender
/// is empty.
fn begin<S: RowSink>(
    row: &Row<'_>,
    column: usize,
    sink: &mut S,
) -> std::result::Result<(), RejectedRow> {
    if sink.begin(row.text(column)?) {
        Ok(())
    } else {
        Err(empty_sender(row, column))
    }
}

fn empty_sender(row: &Row<'_>, column: usize) -> RejectedRow {
    row.reject(
        RejectReason::EmptySender,
        Some(column),
        "expected the sender's address or id, found an empty field".into(),
    )
}

/// An input opened by [`open_by_content`].
pub enum Opened {
    /// A table, for the shared row loop (its header tells which table format it is).
    Text(TextInput),
    /// Another export, with its reader.
    Source(InputFormat, Box<dyn MessageSource>),
}

/// Opens a message input and tells its format from its content (or takes `--input-format`):
/// a folder or archive by the files it holds, a text file by its first bytes; a table's
/// format is told later from its header ([`crate::ingest::format::classify`]).
pub fn open_by_content(name: &InputName, options: &MessageOptions) -> Result<Opened> {
    if let InputName::Path(path) = name
        && let Some(opened) = open_archive(name, path, options)?
    {
        return Ok(opened);
    }
    let mut text = TextInput::open(name, options.open)?;
    let start = text.peek_start()?;
    // the decoder may hand out its first 3 bytes alone (it looks for a byte order mark)
    if start.len() >= 3 && slack::ZIP_MAGIC.starts_with(&start[..start.len().min(4)]) {
        return Err(Error::Read {
            file: name.clone(),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "this is a zip archive: siloscope reads one (a Slack export) from its path, not from standard input",
            ),
        });
    }
    let format = match options.format {
        Some(f) => Some(f),
        None => sniff_text(name, start)?,
    };
    match format {
        Some(f) if !f.is_table() => open_source(f, text, options),
        _ => Ok(Opened::Text(text)),
    }
}

/// The format of a text input that is not a table, from its first decoded bytes: an mbox,
/// an .eml message or a calendar by their first lines; JSON (first non-blank byte `{` or `[`)
/// is Graph mail or Teams chat messages by its keys ([`graph::sniff`]), and any other JSON is
/// an error naming the file and what was expected.
fn sniff_text(name: &InputName, start: &[u8]) -> Result<Option<InputFormat>> {
    if mail::looks_like_mbox(start) {
        return Ok(Some(InputFormat::Mbox));
    }
    if mail::looks_like_eml(start) {
        return Ok(Some(InputFormat::Eml));
    }
    if ics::looks_like_calendar(start) {
        return Ok(Some(InputFormat::Ics));
    }
    match graph::sniff(start) {
        None => Ok(None),
        Some(Ok(format)) => Ok(Some(format)),
        Some(Err(looks_like)) => Err(Error::UnknownJson {
            file: name.clone(),
            looks_like,
        }),
    }
}

/// Opens a folder (a folder of .eml messages, or a Slack export), or a file that starts like
/// a zip archive (a Slack export), by what it holds; `None` for any other file (a text file).
/// A folder or a zip that is no known export is an error.
fn open_archive(
    name: &InputName,
    path: &std::path::Path,
    options: &MessageOptions,
) -> Result<Option<Opened>> {
    let refuse = |why: &str| Error::Read {
        file: name.clone(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidInput, why.to_string()),
    };
    let forced = options.format;
    if path.is_dir() {
        if forced.is_some_and(|f| f != InputFormat::Slack && f != InputFormat::Eml) {
            return Err(refuse(
                "this is a folder: --input-format names a format read from one file",
            ));
        }
        if forced != Some(InputFormat::Eml) && slack::is_export_folder(path) {
            let export = slack::SlackExport::open_folder(name, path, options.slack_channels)?;
            return Ok(Some(Opened::Source(InputFormat::Slack, Box::new(export))));
        }
        if forced != Some(InputFormat::Slack) && mail::holds_eml(path)? {
            let source = mail::EmlSource::folder(path.to_path_buf(), options)?;
            return Ok(Some(Opened::Source(InputFormat::Eml, Box::new(source))));
        }
        return Err(refuse(
            "this is a folder, and not one of the exports siloscope reads from a folder: a folder of .eml messages, or a Slack export (users.json and channels.json, groups.json, dms.json or mpims.json)",
        ));
    }
    let is_zip = slack::starts_like_zip(path).map_err(|source| Error::Read {
        file: name.clone(),
        source,
    })?;
    if is_zip && forced.is_none_or(|f| f == InputFormat::Slack) {
        let export = slack::SlackExport::open_zip(name, path, options.slack_channels)?;
        return Ok(Some(Opened::Source(InputFormat::Slack, Box::new(export))));
    }
    if forced == Some(InputFormat::Slack) {
        return Err(refuse(
            "--input-format slack reads a Slack export: its folder or its .zip archive, and this file is neither",
        ));
    }
    Ok(None)
}

/// Opens the reader of a format that is not a table.
fn open_source(format: InputFormat, text: TextInput, options: &MessageOptions) -> Result<Opened> {
    match format {
        InputFormat::MessageCsv
        | InputFormat::M365Trace
        | InputFormat::HistoricalReport
        | InputFormat::VivaPersonToPerson
        | InputFormat::VivaGroupToGroup
        | InputFormat::TieList => Ok(Opened::Text(text)),
        InputFormat::Mbox => Ok(Opened::Source(
            format,
            Box::new(mail::MboxSource::new(text, options)?),
        )),
        InputFormat::Eml => Ok(Opened::Source(
            format,
            Box::new(mail::EmlSource::file(text, options)),
        )),
        InputFormat::Ics => Ok(Opened::Source(
            format,
            Box::new(ics::IcsSource::new(text, options.calendar)),
        )),
        InputFormat::GraphMail | InputFormat::TeamsChat => {
            Ok(Opened::Source(format, graph::open(format, text, options)?))
        }
        InputFormat::Slack => Err(Error::Read {
            file: text.name,
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "a Slack export is read from its folder or its .zip archive",
            ),
        }),
    }
}

/// What the readers' unit tests share: reading one input to its end and what came of it.
#[cfg(test)]
mod test_support {
    use super::LeftOut;
    use crate::error::Result;
    use crate::ingest::directory::Directory;
    use crate::ingest::messages::{
        IngestCounts, Message, MessageInput, MessageOptions, Sender, read_messages,
    };
    use crate::ingest::rejects::Rejects;
    use crate::ingest::ties::MessagesOnly;
    use crate::progress::NoProgress;

    /// (sender, recipients, k, timestamp) of each message handed on, in order.
    pub(super) type Got = Vec<(Sender, Vec<u32>, usize, Option<i64>)>;

    /// Reads `input` to its end with `directory` (a rejected record fatal when `strict`),
    /// asserting that every message is on `channel`: the messages, the counts and the rejects.
    pub(super) fn read_all(
        input: MessageInput,
        directory: &Directory,
        options: &MessageOptions,
        strict: bool,
        channel: &str,
    ) -> Result<(Got, IngestCounts, Rejects)> {
        let mut rejects = Rejects::new(strict);
        let mut counts = IngestCounts::default();
        let mut got = Vec::new();
        read_messages(
            vec![input],
            directory,
            options,
            &mut rejects,
            &mut counts,
            &NoProgress,
            MessagesOnly(|m: &Message<'_>| {
                assert_eq!(m.channel, channel);
                got.push((
                    m.sender,
                    m.recipients.to_vec(),
                    m.recipient_count,
                    m.timestamp,
                ))
            }),
        )?;
        Ok((got, counts, rejects))
    }

    /// How many records were left out as `what`.
    pub(super) fn left(counts: &IngestCounts, what: LeftOut) -> u64 {
        counts.left_out.get(&what).copied().unwrap_or(0)
    }
}

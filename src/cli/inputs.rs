//! The input flags shared by `analyze`, `check` and `trend`, and the wiring that reads the inputs:
//! open the message files (format and encoding detected), sample their senders, read the
//! directory (its key decided by the sample), stream the messages into tie weights, and refuse
//! a meaningless run. Every subcommand goes through this one path, so `check` says exactly what
//! `analyze` would do.

use std::time::Instant;

use siloscope::graph::Period;
use siloscope::graph::meaningful::{self, InputWarning, RunFacts};
use siloscope::graph::{
    Attributed, ChannelWeights, DailyCollector, DailyFlows, GroupOf, InteractionGraph,
    TieAccumulator, Weighting, WeightingCounts,
};
use siloscope::ingest::decode::encoding_from_label;
use siloscope::ingest::formats::{GroupFlows, probe_group_query, read_group_query};
use siloscope::ingest::{
    CalendarPeriod, Collector, DateFormat, Directory, DirectoryOptions, FieldMapping, IngestCounts,
    InputFormat, Inputs, MessageOptions, OpenOptions, Rejects, SlackChannels, Tally, read_inputs,
};
use siloscope::{Error, InputName};

use crate::cli::ui::Ui;

/// Flags that say what to read and how.
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Message log: a message CSV, a Microsoft 365 message trace or an Exchange historical
    /// search report (told apart from the header), an mbox, a .eml file or a folder of .eml
    /// files (told apart from their first lines), a calendar (.ics, told by its
    /// BEGIN:VCALENDAR), Microsoft Graph mail or Teams chat messages in JSON (told apart by
    /// their keys), a Slack export (its folder or .zip), or a Viva Insights person-to-person or
    /// group-to-group query. Repeat for several files; `-` reads standard input.
    #[arg(
        long = "messages",
        short = 'm',
        value_name = "FILE",
        required_unless_present = "ties"
    )]
    pub messages: Vec<String>,

    /// Ties aggregated elsewhere (a data lake: DuckDB, Spark; docs/SCALE.md), instead of
    /// --messages: a CSV of directed ties `source,target,weight`, optional `period` (the day,
    /// YYYY-MM-DD, at midnight of --timezone) and `channel`; rows of the same tie are summed.
    /// Needs --people. Repeat for several files; `-` reads standard input.
    #[arg(long = "ties", value_name = "FILE", conflicts_with_all = ["messages", "input_format"])]
    pub ties: Vec<String>,

    /// People directory (CSV: id or e-mail, department; optional name, site, role, manager,
    /// aliases). French headers (Matricule, Direction, Courriel...) are recognised. Required,
    /// except for a Viva Insights person-to-person query, which carries its own attributes.
    #[arg(long = "people", short = 'p', value_name = "FILE")]
    pub people: Option<String>,

    /// Say which column holds a field when its name is not recognised, e.g.
    /// `--map sender=Expediteur --map recipients=Destinataires`. Fields: timestamp, sender,
    /// recipients, cc, bcc, channel, message_id, status, recipient_status, weight (messages,
    /// Viva queries); id,
    /// email, department, name, first_name, site, role, manager, aliases, effective_date (directory).
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub map: Vec<String>,

    /// How to read dates that are not ISO: `day-first` for 31/01/2024 09:30 (French exports),
    /// `month-first` for 3/12/2024 9:15:00 AM (US exports, PowerShell in English), or a
    /// pattern such as '%d/%m/%Y %Hh%M'. ISO dates and Unix seconds are always accepted.
    #[arg(long = "date-format", value_name = "FORMAT", default_value = "iso")]
    pub date_format: String,

    /// Encoding of the message logs, instead of detecting it: utf-8, utf-16le, utf-16be,
    /// windows-1252.
    #[arg(long = "encoding", value_name = "ENC")]
    pub encoding: Option<String>,

    /// Encoding of the directory, instead of detecting it (French Excel: windows-1252).
    #[arg(long = "people-encoding", value_name = "ENC")]
    pub people_encoding: Option<String>,

    /// Format of the message logs, instead of detecting it from the content: csv, m365-trace,
    /// historical-report, viva-person-to-person, viva-group-to-group, mbox, eml, ics,
    /// graph-mail, teams-chat, slack.
    #[arg(long = "input-format", value_name = "NAME")]
    pub input_format: Option<String>,

    /// Messages with more recipients than this are broadcasts and are left out (a newsletter is
    /// not a tie).
    #[arg(long = "max-recipients", value_name = "K", default_value_t = 50, allow_negative_numbers = true,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_recipients: u32,

    /// Keep only the messages of these channels, comma-separated (email, chat, meeting, or the
    /// values of a message CSV's channel column), e.g. `--channel email,chat`.
    #[arg(long = "channel", value_name = "LIST")]
    pub channel: Option<String>,

    /// How much a message of each channel weighs (default 1; at most 3 decimals), e.g.
    /// `--weight email=1,chat=0.5,meeting=2`. Part of the printed weighting rule.
    #[arg(long = "weight", value_name = "CHANNEL=W,...")]
    pub weight: Option<String>,

    /// Analyse only the messages from this date (YYYY-MM-DD, midnight in --timezone) or
    /// timestamp on, included; the others, and undated ones, are left out and counted.
    #[arg(long = "since", value_name = "DATE")]
    pub since: Option<String>,

    /// Analyse only the messages before this date or timestamp (excluded): `--since 2024-01-01
    /// --until 2025-01-01` is the year 2024.
    #[arg(long = "until", value_name = "DATE")]
    pub until: Option<String>,

    /// The time zone of --since and --until dates and of the days shown (default UTC; a French
    /// client: Europe/Paris).
    #[arg(long = "timezone", value_name = "ZONE", default_value = "UTC")]
    pub timezone: String,

    /// Calendar files: the first day of the analysed period (YYYY-MM-DD, UTC); occurrences
    /// before it are left out and counted.
    #[arg(long = "calendar-since", value_name = "DATE")]
    pub calendar_since: Option<String>,

    /// Calendar files: the last day of the analysed period (YYYY-MM-DD, UTC, included);
    /// open-ended recurring meetings are expanded up to it, later occurrences are left out. Default:
    /// the day of the latest DTSTART or RECURRENCE-ID written in each file.
    #[arg(long = "calendar-until", value_name = "DATE")]
    pub calendar_until: Option<String>,

    /// Slack exports: what becomes of a channel message, which names no recipient. `none`
    /// leaves them out (counted); `threads`: a thread reply goes to the parent's author and the
    /// earlier repliers; `threads+mentions`: also, a channel message goes to the users it
    /// mentions. DMs and group DMs go to their other members whatever this says.
    #[arg(long = "slack-channels", value_enum, value_name = "POLICY", default_value_t = SlackChannelsArg::None)]
    pub slack_channels: SlackChannelsArg,

    /// Stop at the first malformed row instead of skipping and counting it.
    #[arg(long)]
    pub strict: bool,
}

/// The values of `--slack-channels`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SlackChannelsArg {
    /// Channel messages are left out.
    None,
    /// Thread replies go to the thread's participants so far.
    Threads,
    /// Thread replies as `threads`, and channel messages to the users they mention.
    #[value(name = "threads+mentions")]
    ThreadsMentions,
}

impl SlackChannelsArg {
    fn policy(self) -> SlackChannels {
        match self {
            SlackChannelsArg::None => SlackChannels::None,
            SlackChannelsArg::Threads => SlackChannels::Threads,
            SlackChannelsArg::ThreadsMentions => SlackChannels::ThreadsMentions,
        }
    }
}

/// The options, checked before any input is read.
#[derive(Clone)]
pub struct Settings {
    message_inputs: Vec<InputName>,
    people_input: Option<InputName>,
    messages: MessageOptions,
    directory: DirectoryOptions,
    weighting: Weighting,
    strict: bool,
    /// The memory the run may use, in bytes ([`memory_budget`]).
    memory_budget: Option<u64>,
}

/// The memory a run may use: `SILOSCOPE_MEMORY` (bytes, or with a K, M or G suffix) when set,
/// else the memory the system says is available (Linux `MemAvailable`), else no limit.
pub fn memory_budget() -> Result<Option<u64>, Error> {
    if let Some(value) = std::env::var_os("SILOSCOPE_MEMORY") {
        let text = value.to_string_lossy().trim().to_ascii_uppercase();
        let (digits, unit) = match text.char_indices().last() {
            Some((i, 'K')) => (&text[..i], 1u64 << 10),
            Some((i, 'M')) => (&text[..i], 1 << 20),
            Some((i, 'G')) => (&text[..i], 1 << 30),
            _ => (text.as_str(), 1),
        };
        return digits
            .trim()
            .parse::<u64>()
            .ok()
            .and_then(|n| n.checked_mul(unit))
            .map(Some)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "SILOSCOPE_MEMORY={text}: expected a number of bytes, e.g. 8G or 512M"
                ))
            });
    }
    let Ok(meminfo) = std::fs::read_to_string("/proc/meminfo") else {
        return Ok(None);
    };
    Ok(meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemAvailable:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map(|kib| kib * 1024))
}

impl Settings {
    /// The threads that parse the message tables' rows (`--threads`; 0: all cores). The
    /// results are the same for any number.
    pub fn set_threads(&mut self, threads: usize) {
        self.messages.threads = threads;
    }

    /// The weighting options (`--max-recipients`, `--channel`, `--weight`, the period).
    pub fn weighting(&self) -> &Weighting {
        &self.weighting
    }

    /// The memory the run may use, in bytes.
    pub fn memory_budget(&self) -> Option<u64> {
        self.memory_budget
    }
}

impl InputArgs {
    /// Checks every option that can be checked without reading the input (usage errors).
    pub fn settings(&self) -> Result<Settings, Error> {
        let mapping = FieldMapping::parse(&self.map)?;
        let date_format = DateFormat::from_arg(&self.date_format)
            .map_err(|e| Error::Usage(format!("--date-format: {e}")))?;
        let encoding = |flag: &str, value: &Option<String>| -> Result<OpenOptions, Error> {
            Ok(OpenOptions {
                encoding: value
                    .as_deref()
                    .map(encoding_from_label)
                    .transpose()
                    .map_err(|e| Error::Usage(format!("{flag}: {e}")))?,
            })
        };
        let forced = (!self.ties.is_empty()).then_some(InputFormat::TieList);
        let format = self
            .input_format
            .as_deref()
            .map(|f| {
                InputFormat::from_key(f).ok_or_else(|| {
                    let known: Vec<&str> = InputFormat::ALL.iter().map(|f| f.key()).collect();
                    Error::Usage(format!(
                        "--input-format {f}: unknown format (known: {})",
                        known.join(", ")
                    ))
                })
            })
            .transpose()?
            .or(forced);
        if forced.is_some() && self.people.is_none() {
            return Err(Error::Usage(
                "--ties needs --people: a tie list names people by id, the directory says who they are".into(),
            ));
        }
        let period = Period::parse(self.since.as_deref(), self.until.as_deref(), &self.timezone)
            .map_err(Error::Usage)?;
        // Period::parse has refused a name that is no time zone
        let timezone = period.map_or_else(
            || self.timezone.trim().parse().unwrap_or_default(),
            |p| p.timezone,
        );
        let calendar = calendar_period(
            self.calendar_since.as_deref(),
            self.calendar_until.as_deref(),
        )?;
        let people_input = self.people.as_deref().map(InputName::from_arg);
        let message_inputs: Vec<InputName> = self
            .messages
            .iter()
            .chain(&self.ties)
            .map(|m| InputName::from_arg(m))
            .collect();
        let stdin_uses = message_inputs
            .iter()
            .chain(people_input.iter())
            .filter(|i| **i == InputName::Stdin)
            .count();
        if stdin_uses > 1 {
            return Err(Error::Usage(
                "standard input (-) can be read only once: give files for the others".into(),
            ));
        }
        Ok(Settings {
            message_inputs,
            people_input,
            messages: MessageOptions {
                mapping: mapping.clone(),
                date_format,
                open: encoding("--encoding", &self.encoding)?,
                format,
                calendar,
                slack_channels: self.slack_channels.policy(),
                timezone,
                threads: 0,
            },
            directory: DirectoryOptions {
                mapping,
                open: encoding("--people-encoding", &self.people_encoding)?,
            },
            weighting: Weighting {
                max_recipients: self.max_recipients as usize,
                channels: ChannelWeights::parse(self.channel.as_deref(), self.weight.as_deref())
                    .map_err(Error::Usage)?,
                period,
            },
            strict: self.strict,
            memory_budget: memory_budget()?,
        })
    }
}

/// `--calendar-since` and `--calendar-until`, checked: ISO dates, the first not after the last.
fn calendar_period(since: Option<&str>, until: Option<&str>) -> Result<CalendarPeriod, Error> {
    let day = |flag: &str, v: Option<&str>| {
        v.map(|v| {
            chrono::NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").map_err(|_| {
                Error::Usage(format!("{flag} {v}: expected a date such as 2024-06-30"))
            })
        })
        .transpose()
    };
    let period = CalendarPeriod {
        since: day("--calendar-since", since)?,
        until: day("--calendar-until", until)?,
    };
    if let (Some(s), Some(u)) = (period.since, period.until)
        && s > u
    {
        return Err(Error::Usage(format!(
            "--calendar-since {s} comes after --calendar-until {u}"
        )));
    }
    Ok(period)
}

/// Everything read from the inputs.
pub struct Loaded {
    /// The directory.
    pub directory: Directory,
    /// The interaction graph.
    pub graph: InteractionGraph,
    /// What the message reader saw.
    pub counts: IngestCounts,
    /// Rejected message rows.
    pub rejects: Rejects,
    /// Rejected directory rows.
    pub directory_rejects: Rejects,
    /// What the weighting did.
    pub weighting_counts: WeightingCounts,
    /// The weighting options.
    pub weighting: Weighting,
    /// Warnings of a run that can go on.
    pub warnings: Vec<InputWarning>,
    /// The department flows attributed to each person's department as of each message's
    /// date, day by day (in the period's time zone, UTC without a period) and summed over the
    /// period: a directory of snapshots only, `None` otherwise.
    pub attributed: Option<Attributed>,
    /// Seconds spent reading the inputs and building the graph.
    pub timings: [(&'static str, f64); 2],
}

/// What reading the inputs gives besides what the collector gathered.
pub struct Read {
    /// The directory.
    pub directory: Directory,
    /// What the message reader saw.
    pub counts: IngestCounts,
    /// Rejected message rows.
    pub rejects: Rejects,
    /// Rejected directory rows.
    pub directory_rejects: Rejects,
}

/// Reads the directory and streams every message into `collector` (one pass whatever it
/// gathers: ties, day-by-day flows, or several of them as a pair).
pub fn read_into<C: Collector>(settings: &Settings, ui: &Ui, collector: C) -> Result<Read, Error> {
    let mut directory_rejects = Rejects::new(settings.strict);
    let mut rejects = Rejects::new(settings.strict);
    let mut counts = IngestCounts::default();
    let directory = read_inputs(
        &Inputs {
            messages: &settings.message_inputs,
            people: settings.people_input.as_ref(),
            message_options: &settings.messages,
            directory_options: &settings.directory,
        },
        Tally {
            rejects: &mut rejects,
            directory_rejects: &mut directory_rejects,
            counts: &mut counts,
        },
        ui,
        collector,
    )?;
    Ok(Read {
        directory,
        counts,
        rejects,
        directory_rejects,
    })
}

/// Refuses a meaningless run (exit 1, with what to fix) from what reading gave and the tie
/// weights gathered, or returns the warnings of one that can go on: the checks of
/// [`meaningful::check`], for every subcommand that reads messages.
pub fn refuse_meaningless(
    settings: &Settings,
    read: &Read,
    accumulator: &mut TieAccumulator,
) -> Result<Vec<InputWarning>, Error> {
    if let Some(short) = accumulator.memory_shortfall() {
        return Err(Error::TooLargeForMemory {
            people: short.people,
            ties: short.ties_at_least,
            needed: short.needed,
            available: short.available,
        });
    }
    let first_rejected = read.rejects.samples().first().map(ToString::to_string);
    let message_files: Vec<String> = settings
        .message_inputs
        .iter()
        .map(ToString::to_string)
        .collect();
    meaningful::check(&RunFacts {
        directory_file: settings
            .people_input
            .as_ref()
            .unwrap_or(&settings.message_inputs[0]),
        directory: &read.directory,
        message_files: &message_files,
        counts: &read.counts,
        first_rejected_row: first_rejected.as_deref(),
        weighting: &accumulator.counts(),
        ties: accumulator.tie_count(),
        mixed: accumulator.is_mixed(),
    })
}

/// Reads and checks the inputs; a meaningless run is refused here, before anything is written.
/// With a directory of snapshots, the department flows are also attributed message by message
/// (in the same pass; without snapshots that collector is idle).
pub fn load(settings: &Settings, ui: &Ui) -> Result<Loaded, Error> {
    let started = Instant::now();
    let mut collectors = (
        TieAccumulator::new(settings.weighting.clone()).with_memory_budget(settings.memory_budget),
        attribution(&settings.weighting),
    );
    let read = read_into(settings, ui, &mut collectors)?;
    let ingest_seconds = started.elapsed().as_secs_f64();
    let (accumulator, attributed) = collectors;
    let attributed = (!attributed.is_idle()).then(|| attributed.finish_attributed());
    checked(settings, read, accumulator, attributed, ingest_seconds)
}

/// The collector of the department flows attributed as of each message's date, idle unless
/// the directory has snapshots; days cut in the period's time zone (UTC without a period).
fn attribution(weighting: &Weighting) -> DailyCollector {
    let timezone = weighting.period.map_or(chrono_tz::UTC, |p| p.timezone);
    DailyCollector::new(weighting.clone(), timezone, GroupOf::Department, false).only_with_history()
}

/// Reads the inputs once for two periods (a comparison): the graph of each, checked as
/// [`load`] checks one, and the day-by-day flows of each period for every grouping of
/// `groupings`, cut in the periods' time zone. `periods` replace any `--since`/`--until`.
pub fn load_periods(
    settings: &Settings,
    ui: &Ui,
    periods: [Period; 2],
    groupings: &[GroupOf],
) -> Result<[(Loaded, Vec<DailyFlows>); 2], Error> {
    let started = Instant::now();
    let weighting = |p: Period| Weighting {
        period: Some(p),
        ..settings.weighting.clone()
    };
    // the department flows of a comparison and the attribution of a directory of snapshots
    // are the same day-by-day sums: one collector per period serves both
    let wants_department = groupings.iter().any(|g| matches!(g, GroupOf::Department));
    let department = |p: Period| {
        let c = DailyCollector::new(weighting(p), p.timezone, GroupOf::Department, false);
        if wants_department {
            c
        } else {
            c.only_with_history()
        }
    };
    let others = |p: Period| -> Vec<DailyCollector> {
        groupings
            .iter()
            .filter(|g| !matches!(g, GroupOf::Department))
            .map(|g| DailyCollector::new(weighting(p), p.timezone, g.clone(), false))
            .collect()
    };
    // both periods' networks are held at once
    let half = settings.memory_budget.map(|b| b / 2);
    let mut collectors = (
        (
            (
                TieAccumulator::new(weighting(periods[0])).with_memory_budget(half),
                department(periods[0]),
            ),
            (
                TieAccumulator::new(weighting(periods[1])).with_memory_budget(half),
                department(periods[1]),
            ),
        ),
        (others(periods[0]), others(periods[1])),
    );
    let read = read_into(settings, ui, &mut collectors)?;
    let ingest_seconds = started.elapsed().as_secs_f64();
    let (((before, department_before), (after, department_after)), (others_before, others_after)) =
        collectors;
    let history = read.directory.has_history();
    // the flows of every grouping, in the order of `groupings`, and the attribution
    let split = |department: DailyCollector, others: Vec<DailyCollector>| {
        let (attributed, department) = if history {
            let a = department.finish_attributed();
            let daily = a.daily.clone();
            (Some(a), Some(daily))
        } else {
            (None, wants_department.then(|| department.finish()))
        };
        let mut others = others.into_iter().map(DailyCollector::finish);
        let flows: Vec<DailyFlows> = groupings
            .iter()
            .filter_map(|g| match g {
                GroupOf::Department => department.clone(),
                _ => others.next(),
            })
            .collect();
        (attributed, flows)
    };
    let (attributed_before, flows_before) = split(department_before, others_before);
    let (attributed_after, flows_after) = split(department_after, others_after);
    let copy = Read {
        directory: read.directory.clone(),
        counts: read.counts.clone(),
        rejects: read.rejects.clone(),
        directory_rejects: read.directory_rejects.clone(),
    };
    let settings_of = |p: Period| Settings {
        weighting: weighting(p),
        ..settings.clone()
    };
    Ok([
        (
            checked(
                &settings_of(periods[0]),
                copy,
                before,
                attributed_before,
                ingest_seconds,
            )?,
            flows_before,
        ),
        (
            checked(
                &settings_of(periods[1]),
                read,
                after,
                attributed_after,
                ingest_seconds,
            )?,
            flows_after,
        ),
    ])
}

/// Refuses a meaningless run, then builds the graph of what was read.
fn checked(
    settings: &Settings,
    read: Read,
    mut accumulator: TieAccumulator,
    attributed: Option<Attributed>,
    ingest_seconds: f64,
) -> Result<Loaded, Error> {
    let warnings = refuse_meaningless(settings, &read, &mut accumulator)?;
    let started = Instant::now();
    let weighting_counts = accumulator.counts();
    let Read {
        directory,
        counts,
        rejects,
        directory_rejects,
    } = read;
    let graph = InteractionGraph::build(directory.people().len(), accumulator);
    let graph_seconds = started.elapsed().as_secs_f64();
    Ok(Loaded {
        directory,
        graph,
        counts,
        rejects,
        directory_rejects,
        weighting_counts,
        weighting: settings.weighting.clone(),
        warnings,
        attributed,
        timings: [("ingest", ingest_seconds), ("graph", graph_seconds)],
    })
}

/// A Viva Insights group-to-group query given alone (a file), read whole: the input of a
/// department-level analysis only. `None` for any other input.
pub fn group_query(settings: &Settings, ui: &Ui) -> Result<Option<(GroupFlows, Rejects)>, Error> {
    let [name @ InputName::Path(_)] = settings.message_inputs.as_slice() else {
        return Ok(None);
    };
    let forced = settings.messages.format == Some(InputFormat::VivaGroupToGroup);
    if settings.messages.format.is_some() && !forced {
        return Ok(None);
    }
    if !forced && !probe_group_query(name, settings.messages.open)? {
        return Ok(None);
    }
    if settings.people_input.is_some() {
        ui.say("siloscope: note: a group-to-group query names no person; --people is not used");
    }
    let mut rejects = Rejects::new(settings.strict);
    let flows = read_group_query(
        name,
        settings.messages.open,
        &settings.messages.mapping,
        &mut rejects,
        ui,
    )?;
    if flows.rows == 0 {
        return Err(Error::NoMessageRows {
            files: name.to_string(),
        });
    }
    if flows.flows.iter().all(|&u| u == 0) {
        return Err(Error::NoMessage {
            rows: flows.rows,
            example: rejects
                .samples()
                .first()
                .map(ToString::to_string)
                .unwrap_or_else(|| "every flow of the query is 0 or empty".into()),
        });
    }
    Ok(Some((flows, rejects)))
}

/// Prints the rejected rows of one kind of input on stderr.
pub fn report_rejects(ui: &Ui, what: &str, rejects: &Rejects) {
    if rejects.total() == 0 {
        return;
    }
    ui.say(&format!(
        "siloscope: {} malformed {what} record(s) skipped (--strict makes them fatal):",
        rejects.total()
    ));
    for (reason, count) in rejects.counts() {
        ui.say(&format!("  {count} × {}", reason.key()));
    }
    for row in rejects.samples() {
        ui.say(&format!("  e.g. {row}"));
    }
    let more = rejects.total() as usize - rejects.samples().len();
    if more > 0 {
        ui.say(&format!("  ... and {more} more"));
    }
}

/// Says on stderr how each input was read when it is worth knowing (an encoding other than
/// UTF-8, an export format other than the plain CSV, the directory's key when there was a
/// choice), and the warnings.
pub fn report_reading(ui: &Ui, loaded: &Loaded) {
    report_read(ui, &loaded.counts, &loaded.directory, &loaded.warnings);
}

/// [`report_reading`] from its parts, for a subcommand that builds no [`Loaded`].
pub fn report_read(
    ui: &Ui,
    counts: &IngestCounts,
    directory: &Directory,
    warnings: &[InputWarning],
) {
    for d in &counts.files {
        let format = d.format.filter(|f| *f != InputFormat::MessageCsv);
        if d.encoding != "UTF-8" || format.is_some() {
            let mut parts = vec![format!("read as {}", d.encoding)];
            if let Some(f) = format {
                parts.push(f.description().to_string());
            }
            ui.say(&format!("siloscope: {}: {}", d.file, parts.join("; ")));
            if let Some(c) = format.and_then(InputFormat::caveat) {
                ui.say(&format!("  note: {c}"));
            }
        }
    }
    if let Some(d) = directory.description()
        && d.encoding != "UTF-8"
    {
        ui.say(&format!("siloscope: {}: read as {}", d.file, d.encoding));
    }
    if let Some(k) = directory.key()
        && let Some(alias) = &k.alias_column
    {
        ui.say(&format!(
            "siloscope: directory key: '{}' ({} of {} sampled senders found; '{}' {}), '{}' kept as an alias",
            k.column,
            k.matched,
            k.sampled_senders,
            alias,
            k.alias_matched.unwrap_or(0),
            alias
        ));
    }
    for w in warnings {
        ui.say(&format!("siloscope: warning: {w}"));
    }
}

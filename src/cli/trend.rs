//! `siloscope trend`: messages + directory → department flows day by day → the headline
//! measures per period → trend.csv, trend.svg and trend.md in --out. Wires the stages; the work
//! is in the library ([`siloscope::analyze::trend`], [`siloscope::report::trend`]).

use std::process::ExitCode;

use chrono_tz::Tz;
use siloscope::Error;
use siloscope::analyze::trend::{PeriodKind, trend};
use siloscope::graph::{DailyCollector, GroupOf, Period, TieAccumulator};
use siloscope::privacy;
use siloscope::report::trend::{TrendRun, launch_text, write_trend};
use siloscope::report::{Lang, OutputDir};

use crate::cli::CommonArgs;
use crate::cli::inputs::{self, InputArgs};
use crate::cli::ui::Ui;

/// Options of `siloscope trend` (its help text is on `Command::Trend`).
#[derive(Debug, clap::Args)]
#[command(mut_arg("out", |a| a.default_value("siloscope-trend")))]
#[command(after_help = "Examples:\n  \
    siloscope trend -m mails.csv -p annuaire.csv --period month --launch 2024-03-01 --out tendance\n  \
    siloscope trend -m trace.csv -p hr.csv --timezone Europe/Paris --since 2024-01-01 --until 2025-01-01 --lang fr\n\n\
    Exit codes: 0 success, 1 input, data or output error, 2 usage error.")]
pub struct Args {
    #[command(flatten)]
    inputs: InputArgs,

    #[command(flatten)]
    common: CommonArgs,

    /// How to cut the days (in --timezone): day, week (ISO, Monday to Sunday), month or quarter.
    #[arg(long = "period", value_enum, default_value_t = PeriodArg::Week)]
    period: PeriodArg,

    /// The launch of the programme: a date (YYYY-MM-DD, midnight in --timezone) or a timestamp.
    /// Drawn on the chart; trend.csv's after_launch says whether each period starts on or after
    /// it, and trend.md compares the periods before with those after. A launch outside the
    /// data's span is a warning, not an error.
    #[arg(long = "launch", value_name = "DATE")]
    launch: Option<String>,

    /// Smallest department any figure may describe; smaller ones are reported together as
    /// "other (small groups)" (as in analyze).
    #[arg(long = "min-group-size", value_name = "N", default_value_t = 5, allow_negative_numbers = true,
          value_parser = clap::value_parser!(u32).range(1..))]
    min_group_size: u32,

    /// Language of trend.md and of the chart's captions: en or fr.
    #[arg(long = "lang", value_enum, default_value_t = LangChoice::En)]
    lang: LangChoice,

    /// Write trend.csv as French Excel opens it with a double-click: UTF-8 with a byte order
    /// mark, `;` between fields, a decimal comma (the default stays plain CSV).
    #[arg(long = "excel")]
    excel: bool,
}

/// The values of `--period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum PeriodArg {
    Day,
    Week,
    Month,
    Quarter,
}

/// Languages of trend.md and trend.svg.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LangChoice {
    En,
    Fr,
}

/// `--launch`: a date (midnight in `timezone`) or a timestamp, read as `--since` reads them.
fn parse_launch(text: &str, timezone: &str) -> Result<i64, Error> {
    Period::parse(Some(text), None, timezone)
        .ok()
        .flatten()
        .and_then(|p| p.from)
        .ok_or_else(|| {
            Error::Usage(format!(
                "--launch {text}: expected a date YYYY-MM-DD (midnight in --timezone) or a timestamp YYYY-MM-DDTHH:MM:SS (with an optional offset or Z)"
            ))
        })
}

/// Runs `trend`.
pub fn run(args: Args) -> Result<ExitCode, Error> {
    let ui = Ui::new(args.common.quiet);
    let mut settings = args.inputs.settings()?;
    if args.common.threads == Some(0) {
        return Err(Error::Usage("--threads must be at least 1".into()));
    }
    settings.set_threads(args.common.threads.unwrap_or(0));
    let timezone: Tz = args.inputs.timezone.trim().parse().map_err(|_| {
        Error::Usage(format!(
            "--timezone {}: not a time zone name (for example UTC, Europe/Paris)",
            args.inputs.timezone
        ))
    })?;
    let launch = args
        .launch
        .as_deref()
        .map(|l| parse_launch(l, &args.inputs.timezone))
        .transpose()?;
    if inputs::group_query(&settings, &ui)?.is_some() {
        return Err(Error::NothingToTrend {
            what: format!(
                "{} is a Viva Insights group-to-group query, its flows summed over its weeks",
                args.inputs.messages.join(", ")
            ),
            hint: "Give the messages or a person-to-person query, or run siloscope analyze on it",
        });
    }

    // Ingest once into the tie weights (for the refusals analyze makes) and the daily flows;
    // everything is checked before anything is written.
    let weighting = settings.weighting().clone();
    let mut accumulator =
        TieAccumulator::new(weighting.clone()).with_memory_budget(settings.memory_budget());
    let mut daily = DailyCollector::new(weighting, timezone, GroupOf::Department, true);
    let read = inputs::read_into(&settings, &ui, (&mut accumulator, &mut daily))?;
    let warnings = inputs::refuse_meaningless(&settings, &read, &mut accumulator)?;
    let flows = daily.finish();
    let counts = accumulator.counts();
    let used = counts.used + counts.tie_rows_used;
    let dated: u64 = flows.days.iter().map(|d| d.messages).sum();
    if dated == 0 {
        return Err(Error::NothingToTrend {
            what: format!("none of the {used} messages used carries a date"),
            hint: "Check the timestamp column (--map timestamp=COLUMN names it, --date-format reads it)",
        });
    }

    // Analyze: the periods, on the departments the outputs may show.
    let min = args.min_group_size as usize;
    let reported = privacy::view::reported_departments(&read.directory, min);
    let kind = match args.period {
        PeriodArg::Day => PeriodKind::Day,
        PeriodArg::Week => PeriodKind::Week,
        PeriodArg::Month => PeriodKind::Month,
        PeriodArg::Quarter => PeriodKind::Quarter,
    };
    let trend = trend(
        &flows,
        kind,
        &reported.of_group,
        reported.names.len(),
        launch,
    );

    // Report.
    let out = OutputDir::create_with(&args.common.out, args.common.force)?.for_excel(args.excel);
    let run = TrendRun {
        trend: &trend,
        groups: &reported,
        min_group_size: min,
        undated: used - dated,
        lang: match args.lang {
            LangChoice::En => Lang::En,
            LangChoice::Fr => Lang::Fr,
        },
    };
    write_trend(&out, &run)?;
    out.commit()?;

    inputs::report_rejects(&ui, "directory", &read.directory_rejects);
    inputs::report_rejects(&ui, "message", &read.rejects);
    inputs::report_read(&ui, &read.counts, &read.directory, &warnings);
    if let Some(l) = trend.launch.as_ref().filter(|l| l.position.is_none()) {
        ui.say(&format!(
            "siloscope: warning: the launch ({}) falls outside the period of the data ({}): every period is {} it, there is nothing to compare",
            launch_text(&trend, l.at),
            trend
                .span()
                .map(|(a, b)| format!("{a} to {b}"))
                .unwrap_or_default(),
            if l.before.is_some() { "before" } else { "after" }
        ));
    }
    if read.counts.tie_rows > 0 && !read.counts.reads_tie_list() && args.inputs.until.is_none() {
        ui.say(
            "siloscope: note: a Viva Insights query dates each row by its week: use --period week or longer, and --until the day after the last week's end, so that the last week counts its 7 days (not its first day only)",
        );
    }
    if used > dated {
        ui.say(&format!(
            "siloscope: warning: {} of the {used} messages used carry no date and are in no period",
            used - dated
        ));
    }
    let low = trend.low_activity().count();
    ui.say(&format!(
        "siloscope: {} {}(s) from {} to {}, {low} of low activity, from {dated} messages. Results in {}; read {} first.",
        trend.periods.len(),
        kind.key(),
        trend.periods.first().map(|p| p.first.to_string()).unwrap_or_default(),
        trend.periods.last().map(|p| p.last.to_string()).unwrap_or_default(),
        out.path().display(),
        out.path().join("trend.md").display()
    ));
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_launch_is_a_date_in_the_time_zone_or_a_timestamp() {
        // midnight in Paris (CEST) is 22:00 UTC the day before
        assert_eq!(
            parse_launch("2024-07-01", "Europe/Paris").unwrap(),
            1_719_784_800
        );
        assert_eq!(
            parse_launch("2024-07-01T00:00:00Z", "Europe/Paris").unwrap(),
            1_719_792_000
        );
        assert!(matches!(
            parse_launch("1 July", "UTC"),
            Err(Error::Usage(m)) if m.starts_with("--launch 1 July")
        ));
    }
}

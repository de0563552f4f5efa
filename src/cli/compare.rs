//! `siloscope compare`: the same inputs in two periods (before and after a launch). Reads the
//! inputs once, writes the full analysis of each period into before/ and after/, and at the
//! top the changes of every grouping with their bootstrap intervals. Wires the stages; the
//! work is in the library.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use siloscope::Error;
use siloscope::analyze::change::{self, BlockKind, Bootstrap, PeriodBlocks};
use siloscope::analyze::grouping::{Grouping, file_name_of};
use siloscope::graph::{DailyFlows, GroupOf, Period};
use siloscope::ingest::Directory;
use siloscope::privacy::changes::{ChangeFindings, ChangeView, PeriodSummary, is_low_activity};
use siloscope::privacy::{self, ReportingGroups};
use siloscope::report::changes as render;
use siloscope::report::lens::Lens;
use siloscope::report::{Lang, OutputDir};

use crate::cli::analyze::{self as analyze_cli, Context, Timings};
use crate::cli::groupings;
use crate::cli::inputs;
use crate::cli::ui::Ui;

/// Options of `siloscope compare` (its help text is on `Command::Compare`).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    siloscope compare -m mails.csv -p annuaire.csv --split 2024-07-01 --out avant-apres\n  \
    siloscope compare -m mails.csv -p hr.csv --before 2024-01-01..2024-04-01 --after 2025-01-01..2025-04-01\n\n\
    Exit codes: 0 success, 1 input, data or output error, 2 usage error.")]
pub struct Args {
    #[command(flatten)]
    analyze: analyze_cli::Args,

    /// The launch date: before is the messages before DATE (from --since when given), after
    /// the messages from DATE on (until --until). A date is midnight in --timezone.
    #[arg(long = "split", value_name = "DATE", conflicts_with_all = ["before", "after"])]
    split: Option<String>,

    /// The first period, FROM..TO (FROM included, TO excluded), e.g. 2024-01-01..2024-07-01.
    #[arg(long = "before", value_name = "FROM..TO", requires = "after")]
    before: Option<String>,

    /// The second period, FROM..TO.
    #[arg(long = "after", value_name = "FROM..TO", requires = "before")]
    after: Option<String>,

    /// Bootstrap resamples of each period for the intervals (at least 20: fewer give
    /// intervals that mean little).
    #[arg(long = "resamples", value_name = "N", default_value_t = 200, allow_negative_numbers = true,
          value_parser = clap::value_parser!(u32).range(20..=100_000))]
    resamples: u32,

    /// What the bootstrap resamples: week (ISO weeks, the default: a week holds the rhythm of
    /// work) or day.
    #[arg(long = "block", value_enum, default_value_t = BlockArg::Week)]
    block: BlockArg,

    /// Confidence level of the intervals, between 0.5 and 0.999.
    #[arg(
        long = "confidence",
        value_name = "LEVEL",
        default_value_t = 0.95,
        allow_negative_numbers = true
    )]
    confidence: f64,
}

/// The values of `--block`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum BlockArg {
    Day,
    Week,
}

/// Runs `compare`.
pub fn run(args: Args) -> Result<ExitCode, Error> {
    let started = Instant::now();
    let a = &args.analyze;
    let ui = Ui::new(a.common.quiet);
    let mut settings = a.inputs.settings()?;
    let (selection, pool) = analyze_cli::check_options(a)?;
    // the ingest's row parsing honours --threads too
    settings.set_threads(pool.current_num_threads());
    let periods = periods(&args)?;
    if !(0.5..=0.999).contains(&args.confidence) {
        return Err(Error::Usage(
            "--confidence must be between 0.5 and 0.999".into(),
        ));
    }
    let key = analyze_cli::settle_key(a, &ui)?;
    let bootstrap = Bootstrap {
        resamples: args.resamples as usize,
        block: match args.block {
            BlockArg::Day => BlockKind::Day,
            BlockArg::Week => BlockKind::Week,
        },
        confidence: args.confidence,
        seed: a.seed,
    };

    // one flow of days per grouping: departments first, then each --group-by column
    let mut lens_names = vec!["department".to_string()];
    let mut group_of = vec![GroupOf::Department];
    for spec in &a.group_by {
        let name = file_name_of(spec);
        if lens_names.contains(&name) {
            continue;
        }
        lens_names.push(name);
        let spec = spec.clone();
        group_of.push(GroupOf::Resolve(Arc::new(move |d: &Directory| {
            Grouping::from_directory(d, &spec)
                .map(|g| {
                    let groups = g.labels.len();
                    (g.of_person, groups)
                })
                // an unknown column is refused below, by the same lookup on the same directory
                .unwrap_or_else(|_| (vec![0; d.people().len()], 1))
        })));
    }
    let mut timings = Timings(Vec::new());
    let [(before, daily_before), (after, daily_after)] =
        inputs::load_periods(&settings, &ui, periods, &group_of)?;
    timings.0.extend(before.timings);
    let directory = &before.directory;
    let extra = groupings::resolve(directory, &a.group_by, a.sensitive_ok)?;

    // nothing is written before every check has passed
    let out = OutputDir::create_with(&a.common.out, a.common.force)?.for_excel(a.excel);
    let context = Context {
        selection,
        key: key.as_ref(),
        pool: &pool,
    };
    let mut analysed = Vec::with_capacity(2);
    for (name, loaded) in [("before", &before), ("after", &after)] {
        let folder = out.subfolder(name)?;
        analysed.push(analyze_cli::analyze_loaded(
            a,
            &context,
            loaded,
            folder,
            &ui,
            &mut timings,
        )?);
    }
    let t = Instant::now();
    let min = a.min_group_size as usize;
    let person_level = !a.no_person_level;
    let shown = siloscope::privacy::pseudonyms::shown_labels(key.as_ref(), directory);
    let person_label = |v: u32| shown[v as usize].clone();
    let person_label: &(dyn Fn(u32) -> String + Sync) = &person_label;

    // with snapshots, people are in their department at the end of the after period
    let department_of_each = directory.department_of_each_at(periods[1].to.map(|t| t - 1));
    let mut lenses: Vec<(String, Vec<String>, Vec<u32>)> = vec![(
        "department".into(),
        directory.departments().to_vec(),
        department_of_each,
    )];
    for g in extra {
        lenses.push((g.name, g.labels, g.of_person));
    }
    let mut all_findings = Vec::with_capacity(lenses.len());
    for (name, labels, of_person) in &lenses {
        let Some(index) = lens_names.iter().position(|n| n == name) else {
            continue;
        };
        let reported = privacy::view::reported_groups(labels, of_person, min);
        let findings = pool.install(|| {
            change_findings(
                (&daily_before[index], &daily_after[index]),
                &reported,
                of_person,
                &bootstrap,
                name,
                if index == 0 {
                    [&analysed[0].facts, &analysed[1].facts]
                } else {
                    [&NO_FACTS, &NO_FACTS]
                },
                (person_level && index == 0).then_some(person_label),
            )
        });
        let mut findings = findings;
        if index == 0 && directory.has_history() {
            findings.people_moved = Some(directory.moves(periods[0].from, periods[1].to).len());
        }
        all_findings.push((name.clone(), findings));
    }
    let lang = match a.lang {
        analyze_cli::LangChoice::En => Lang::En,
        analyze_cli::LangChoice::Fr => Lang::Fr,
    };
    let shown: Vec<(Lens<'_>, &ChangeFindings)> = all_findings
        .iter()
        .map(|(name, f)| (Lens { name }, f))
        .collect();
    let pictures = analyze_cli::picture_options(a);
    let mut change_map_svg = None;
    for (lens, f) in &shown {
        render::write_tables(&out, f, *lens)?;
        let drawn = render::write_map(&out, f, lang, *lens, &pictures.formats)?;
        if lens.is_department() {
            render::write_people(&out, f, *lens)?;
            change_map_svg = drawn;
        }
    }
    let timezone = periods[0].timezone.name();
    let summary = render::summary(&shown, lang, false, timezone);
    out.write_bytes("summary.md", summary.as_bytes())?;
    out.write_bytes("summary.json", render::summary_json(&shown).as_bytes())?;
    let page = render::summary(&shown, lang, true, timezone);
    let caption = lang.pick(
        "The departments and the pairs whose flow per day changed clearly.",
        "Les directions et les paires dont le flux par jour a nettement changé.",
    );
    let html = siloscope::report::html::markdown_page(
        lang,
        lang.pick("siloscope: before and after", "siloscope : avant et après"),
        &page,
        change_map_svg.as_deref().map(|svg| (svg, caption)),
    );
    out.write_bytes("report.html", html.as_bytes())?;
    out.commit()?;
    timings.record("compare", t);
    timings.record("total", started);
    if let Some(path) = &a.timings {
        analyze_cli::write_timings(path, &timings)?;
    }
    inputs::report_rejects(&ui, "directory", &before.directory_rejects);
    inputs::report_rejects(&ui, "message", &before.rejects);
    inputs::report_reading(&ui, &before);
    if let Some(f) = all_findings.first().map(|f| &f.1) {
        ui.say(&format!(
            "siloscope: {} of {} pairs of departments changed clearly ({} up, {} down). Results in {}; read {} first.",
            f.clear_increases().count() + f.clear_decreases().count(),
            f.pairs.len(),
            f.clear_increases().count(),
            f.clear_decreases().count(),
            out.path().display(),
            out.path().join("summary.md").display()
        ));
    }
    Ok(ExitCode::SUCCESS)
}

static NO_FACTS: siloscope::analyze::PeriodFacts = siloscope::analyze::PeriodFacts {
    cut_points: None,
    bridges: None,
    brokers: None,
    sole_spanners: None,
    agreement: None,
};

/// The two periods asked for.
fn periods(args: &Args) -> Result<[Period; 2], Error> {
    let inputs = &args.analyze.inputs;
    let tz = inputs.timezone.as_str();
    let usage = |e: String| Error::Usage(e.replace("--since", "FROM").replace("--until", "TO"));
    let periods = match (&args.split, &args.before, &args.after) {
        (Some(split), None, None) => [
            Period::parse(inputs.since.as_deref(), Some(split), tz)
                .map_err(|e| Error::Usage(e.replace("--until", "--split")))?,
            Period::parse(Some(split), inputs.until.as_deref(), tz)
                .map_err(|e| Error::Usage(e.replace("--since", "--split")))?,
        ],
        (None, Some(before), Some(after)) => {
            if inputs.since.is_some() || inputs.until.is_some() {
                return Err(Error::Usage(
                    "--since and --until bound --split; with --before and --after, give each period its FROM..TO".into(),
                ));
            }
            let range = |flag: &str, text: &str| -> Result<Option<Period>, Error> {
                let (from, to) = text.split_once("..").ok_or_else(|| {
                    Error::Usage(format!(
                        "{flag} {text}: expected FROM..TO, e.g. 2024-01-01..2024-07-01"
                    ))
                })?;
                Period::parse(Some(from), Some(to), tz).map_err(|e| usage(format!("{flag}: {e}")))
            };
            [range("--before", before)?, range("--after", after)?]
        }
        _ => {
            return Err(Error::Usage(
                "say which periods to compare: --split DATE (the launch), or --before FROM..TO --after FROM..TO".into(),
            ));
        }
    };
    let [Some(b), Some(a)] = periods else {
        return Err(Error::Usage("a period to compare is missing".into()));
    };
    let overlap = b.from.is_none_or(|bf| a.to.is_none_or(|at| bf < at))
        && a.from.is_none_or(|af| b.to.is_none_or(|bt| af < bt));
    if overlap {
        return Err(Error::Usage(
            "--before and --after overlap: a message would count in both periods".into(),
        ));
    }
    Ok([b, a])
}

/// The findings of one grouping: blocks of each period on the reported groups, the
/// bootstrap, the findings under the labels shown.
fn change_findings(
    daily: (&DailyFlows, &DailyFlows),
    reported: &ReportingGroups,
    of_person: &[u32],
    bootstrap: &Bootstrap,
    name: &str,
    facts: [&siloscope::analyze::PeriodFacts; 2],
    people: Option<&(dyn Fn(u32) -> String + Sync)>,
) -> ChangeFindings {
    let groups = reported.names.len();
    let blocks = |d: &DailyFlows| PeriodBlocks::new(d, &reported.of_group, groups, bootstrap.block);
    let (before, after) = (blocks(daily.0), blocks(daily.1));
    let changes = change::compare(&before, &after, bootstrap);
    let mut headcounts = vec![0usize; groups];
    let group_of_person: Vec<Option<u32>> = of_person
        .iter()
        .map(|&g| reported.of_group[g as usize])
        .collect();
    for g in group_of_person.iter().flatten() {
        headcounts[*g as usize] += 1;
    }
    let summary = |name: &'static str, d: &DailyFlows, p: &PeriodBlocks| PeriodSummary {
        name,
        first_day: d
            .days
            .first()
            .map(|x| x.date.to_string())
            .unwrap_or_default(),
        last_day: d
            .days
            .last()
            .map(|x| x.date.to_string())
            .unwrap_or_default(),
        days: p.days(),
        blocks: p.len(),
        messages: p.messages(),
        low_activity: is_low_activity(p.len(), p.days(), p.messages()),
    };
    let view = ChangeView {
        grouping: name,
        labels: &reported.names,
        headcounts: &headcounts,
        people: people.map(|p| p as &dyn Fn(u32) -> String),
        group_of_person: &group_of_person,
    };
    ChangeFindings::new(
        &changes,
        [
            summary("before", daily.0, &before),
            summary("after", daily.1, &after),
        ],
        facts,
        &view,
    )
}

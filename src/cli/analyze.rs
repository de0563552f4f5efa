//! `siloscope analyze`: messages + directory → interaction graph → measures → tables and
//! summary in --out. Wires the stages and times them; the work is in the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use siloscope::Error;
use siloscope::analyze::{
    self, Analysis, BrokerageResults, CommunityResults, InputCounts, Run, Selection,
};
use siloscope::graph::{InteractionGraph, PeriodFlows};
use siloscope::ingest::Rejects;
use siloscope::ingest::formats::GroupFlows;
use siloscope::privacy::findings::formal;
use siloscope::privacy::{self, Disclosure, Key, Pseudonyms, ReportingGroups};
use siloscope::report::{self, ColorBy, ImageFormat, Lang, OutputDir, PictureOptions};

use crate::cli::CommonArgs;
use crate::cli::inputs::{self, InputArgs};
use crate::cli::ui::Ui;
use crate::cli::{focus, groupings};

/// Options of `siloscope analyze` (its help text is on `Command::Analyze`).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    siloscope analyze -m mails.csv -p annuaire.csv --out resultats\n  \
    siloscope analyze -m jan.csv -m feb.csv -p hr.csv --map sender=Expediteur --date-format day-first\n  \
    siloscope analyze -m big.csv -p hr.csv --analyses departments,bridges --timings t.json\n\n\
    Exit codes: 0 success, 1 input, data or output error, 2 usage error.")]
pub struct Args {
    #[command(flatten)]
    pub(crate) inputs: InputArgs,

    #[command(flatten)]
    pub(crate) common: CommonArgs,

    /// Which analyses to run, comma-separated: betweenness, betweenness_weighted,
    /// edge_betweenness, bridges, departments, communities, fragility, brokerage, or all.
    #[arg(long = "analyses", value_name = "LIST", default_value = "all")]
    pub(crate) analyses: String,

    /// Community detection: leiden (default) or louvain.
    #[arg(long = "communities", value_enum, default_value_t = CommunityMethod::Leiden)]
    pub(crate) communities: CommunityMethod,

    /// Resolution of the community detection: above 1 gives more, smaller communities.
    #[arg(
        long = "resolution",
        value_name = "GAMMA",
        default_value_t = 1.0,
        allow_negative_numbers = true
    )]
    pub(crate) resolution: f64,

    /// Seed of the community detection; the same seed gives the same communities.
    #[arg(
        long = "seed",
        value_name = "N",
        default_value_t = 1,
        allow_negative_numbers = true
    )]
    pub(crate) seed: u64,

    /// Betweenness: exact (Brandes), approx (sampled pairs, within --epsilon with probability
    /// 1 − --delta; Riondato & Kornaropoulos 2016), or auto: exact below a size (people × ties
    /// up to 4·10⁹), above it approx by hops and the weighted betweenness left out (the summary
    /// says which, and the guarantee).
    #[arg(long = "betweenness", value_enum, default_value_t = BetweennessChoice::Auto)]
    pub(crate) betweenness: BetweennessChoice,

    /// Largest error of a sampled betweenness, on the normalized scale (0 < ε < 1).
    #[arg(
        long = "epsilon",
        value_name = "E",
        default_value_t = 0.01,
        allow_negative_numbers = true
    )]
    pub(crate) epsilon: f64,

    /// Risk that some sampled betweenness misses by more than --epsilon (0 < δ < 1).
    #[arg(
        long = "delta",
        value_name = "D",
        default_value_t = 0.1,
        allow_negative_numbers = true
    )]
    pub(crate) delta: f64,

    /// What colours people in people_graph.dot: community (default) or department.
    #[arg(long = "color", value_enum, default_value_t = ColorChoice::Community)]
    pub(crate) color: ColorChoice,

    /// Pseudonymization key file. By default siloscope creates one once in your configuration
    /// folder (~/.config/siloscope/key) and reuses it, so that two runs (before / after) give the
    /// same pseudonyms. Keep it secret; it is never written to --out.
    #[arg(long = "key-file", value_name = "FILE")]
    pub(crate) key_file: Option<PathBuf>,

    /// Show real ids (addresses) instead of pseudonyms in every output. Off by default: use it
    /// only where the works council and the data protection officer agreed.
    #[arg(long = "reveal-identities")]
    pub(crate) reveal_identities: bool,

    /// Smallest group (department, site, role) any figure may describe; smaller ones are
    /// reported together as "other (small groups)".
    #[arg(long = "min-group-size", value_name = "N", default_value_t = 5, allow_negative_numbers = true,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) min_group_size: u32,

    /// Write no person-level file (people.csv, ties.csv, people_graph, cut_points.csv,
    /// department_brokers.csv) and name nobody in the summary: only department-level figures.
    #[arg(long = "no-person-level")]
    pub(crate) no_person_level: bool,

    /// Picture formats for the department map and the people graph, comma-separated: svg, png, or none
    /// (drawn with Graphviz). department_flows.svg comes with svg; report.html is always written.
    #[arg(
        long = "format",
        value_name = "LIST",
        value_enum,
        value_delimiter = ',',
        default_value = "svg,png"
    )]
    pub(crate) format: Vec<PictureFormat>,

    /// Language of the pictures' captions, of report.html and of summary.md: en or fr.
    #[arg(long = "lang", value_enum, default_value_t = LangChoice::En)]
    pub(crate) lang: LangChoice,

    /// Write the CSV tables as French Excel opens them with a double-click: UTF-8 with a byte
    /// order mark, `;` between fields, a decimal comma (the default stays plain CSV).
    #[arg(long = "excel")]
    pub(crate) excel: bool,

    /// Also analyse the groups of these directory columns, comma-separated: site, role, or any
    /// header of the directory (a level, a pole); `department+site` groups by the pairs. Each
    /// writes Gs.csv, G_flows.csv, G_pairs.csv, G_brokers.csv, G_people.csv and G_map (G the
    /// column's name). department is always analysed.
    #[arg(
        long = "group-by",
        value_name = "LIST",
        value_delimiter = ',',
        default_value = "department"
    )]
    pub(crate) group_by: Vec<String>,

    /// Compare a population with the rest of the company: the network among the people whose
    /// COLUMN is VALUE (--focus role=manager), its density, cross-department share and E-I,
    /// who connects them across departments, and the same for everyone else. Repeatable.
    #[arg(long = "focus", value_name = "COLUMN=VALUE")]
    pub(crate) focus: Vec<String>,

    /// Allow --group-by on a column that names a special category of personal data under the
    /// GDPR (sex, health, union membership, religion, origin, political opinion…): only with
    /// the works council's and the data protection officer's agreement.
    #[arg(long = "sensitive-ok")]
    pub(crate) sensitive_ok: bool,

    /// Also write the seconds spent in each stage to this JSON file.
    #[arg(long = "timings", value_name = "FILE.json")]
    pub(crate) timings: Option<PathBuf>,
}

/// What colours people in the people graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    Community,
    Department,
}

/// Picture formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum PictureFormat {
    Svg,
    Png,
    /// No picture: the .dot files only (no Graphviz needed; fastest).
    None,
}

/// Languages of the pictures and of report.html.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum LangChoice {
    En,
    Fr,
}

/// `--betweenness`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum BetweennessChoice {
    Exact,
    Approx,
    Auto,
}

impl Args {
    /// `--betweenness`, `--epsilon` and `--delta` as the plan takes them.
    pub(crate) fn betweenness_options(&self) -> analyze::approx_betweenness::BetweennessOptions {
        use analyze::approx_betweenness::{Accuracy, BetweennessMethod, BetweennessOptions};
        BetweennessOptions {
            method: match self.betweenness {
                BetweennessChoice::Exact => BetweennessMethod::Exact,
                BetweennessChoice::Approx => BetweennessMethod::Approx,
                BetweennessChoice::Auto => BetweennessMethod::Auto,
            },
            accuracy: Accuracy {
                epsilon: self.epsilon,
                delta: self.delta,
            },
        }
    }
}

/// The community detection methods offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum CommunityMethod {
    Leiden,
    Louvain,
}

impl CommunityMethod {
    fn name(self) -> &'static str {
        match self {
            CommunityMethod::Leiden => "leiden",
            CommunityMethod::Louvain => "louvain",
        }
    }
}

/// The seconds spent in each stage (`--timings`).
pub struct Timings(pub Vec<(&'static str, f64)>);

impl Timings {
    /// Records the seconds since `since` for `stage`.
    pub fn record(&mut self, stage: &'static str, since: Instant) {
        self.0.push((stage, since.elapsed().as_secs_f64()));
    }
    fn to_json(&self) -> String {
        let map: serde_json::Map<String, serde_json::Value> = self
            .0
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::json!(v)))
            .collect();
        serde_json::to_string_pretty(&serde_json::Value::Object(map)).unwrap_or_default() + "\n"
    }
}

/// Runs `analyze`.
pub fn run(args: Args) -> Result<ExitCode, Error> {
    let started = Instant::now();
    let ui = Ui::new(args.common.quiet);
    let mut settings = args.inputs.settings()?;
    let (selection, pool) = check_options(&args)?;
    // the ingest's row parsing honours --threads too
    settings.set_threads(pool.current_num_threads());
    if let Some((flows, rejects)) = inputs::group_query(&settings, &ui)? {
        return run_group_level(&args, &flows, &rejects, &ui);
    }
    let key = settle_key(&args, &ui)?;
    let mut timings = Timings(Vec::new());

    // Ingest: everything is checked, and a meaningless run refused, before anything is written.
    let loaded = inputs::load(&settings, &ui)?;
    timings.0.extend(loaded.timings);
    let context = Context {
        selection,
        key: key.as_ref(),
        pool: &pool,
    };
    let out = OutputDir::create_with(&args.common.out, args.common.force)?.for_excel(args.excel);
    let analysed = analyze_loaded(&args, &context, &loaded, out, &ui, &mut timings)?;
    analysed.out.commit()?;
    if let Some(missing) = &analysed.graphviz_missing {
        ui.say(&format!("siloscope: {missing}"));
    }
    timings.record("total", started);
    if let Some(path) = &args.timings {
        write_timings(path, &timings)?;
    }

    inputs::report_rejects(&ui, "directory", &loaded.directory_rejects);
    inputs::report_rejects(&ui, "message", &loaded.rejects);
    inputs::report_reading(&ui, &loaded);
    report_to_terminal(&ui, &analysed.input, &loaded.graph, &analysed.out);
    Ok(ExitCode::SUCCESS)
}

/// Checks the options of the analyses that need no input: the analyses asked for and the
/// worker threads.
pub fn check_options(args: &Args) -> Result<(Selection, rayon::ThreadPool), Error> {
    let selection =
        Selection::parse(&args.analyses).map_err(|e| Error::Usage(format!("--analyses: {e}")))?;
    if args.common.threads == Some(0) {
        return Err(Error::Usage("--threads must be at least 1".into()));
    }
    if !(args.resolution.is_finite() && args.resolution > 0.0) {
        return Err(Error::Usage(
            "--resolution must be a positive number".into(),
        ));
    }
    // the columns named need the directory; their syntax does not
    for spec in &args.group_by {
        if spec.split('+').any(|part| part.trim().is_empty()) {
            return Err(Error::Usage(format!(
                "--group-by '{spec}': name a directory column (site, role...) or two joined by + (site+role)"
            )));
        }
    }
    for spec in &args.focus {
        if !spec
            .split_once('=')
            .is_some_and(|(c, v)| !c.trim().is_empty() && !v.trim().is_empty())
        {
            return Err(Error::Usage(format!(
                "--focus {spec}: expected COLUMN=VALUE, for example --focus role=manager"
            )));
        }
    }
    for (flag, x) in [("--epsilon", args.epsilon), ("--delta", args.delta)] {
        if !(x > 0.0 && x < 1.0) {
            return Err(Error::Usage(format!(
                "{flag} must lie strictly between 0 and 1 (got {x})"
            )));
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.common.threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::Usage(format!("--threads: {e}")))?;
    Ok((selection, pool))
}

/// The pseudonymization key, settled first: a problem with it must stop the run before any
/// work. `None` under --reveal-identities.
pub fn settle_key(args: &Args, ui: &Ui) -> Result<Option<Key>, Error> {
    if args.reveal_identities {
        return Ok(None);
    }
    let path = match &args.key_file {
        Some(p) => p.clone(),
        None => default_key_path()?,
    };
    let (key, created) = if args.key_file.is_some() {
        (Key::read(&path)?, false)
    } else {
        Key::read_or_create(&path)?
    };
    if created {
        ui.say(&format!(
            "siloscope: created a pseudonymization key at {} (keep it to compare later runs; never share it)",
            path.display()
        ));
    }
    Ok(Some(key))
}

/// What a run settles before reading the inputs, and shares with every period it analyses.
pub struct Context<'a> {
    /// The analyses asked for.
    pub selection: Selection,
    /// The pseudonymization key (none under --reveal-identities).
    pub key: Option<&'a Key>,
    /// The worker threads.
    pub pool: &'a rayon::ThreadPool,
}

/// One analysis written, and what a comparison of periods needs of it.
pub struct Analysed {
    /// The results folder.
    pub out: OutputDir,
    /// What was read and left out.
    pub input: InputCounts,
    /// Why no picture was drawn, when Graphviz is missing.
    pub graphviz_missing: Option<report::render::GraphvizMissing>,
    /// The person-level facts of the period.
    pub facts: analyze::PeriodFacts,
}

/// Analyses what was loaded and writes every output into `out`: the whole of `analyze` once
/// the inputs are read (a comparison runs it once per period). The caller commits `out`.
pub fn analyze_loaded(
    args: &Args,
    context: &Context<'_>,
    loaded: &inputs::Loaded,
    out: OutputDir,
    ui: &Ui,
    timings: &mut Timings,
) -> Result<Analysed, Error> {
    let Context {
        selection,
        key,
        pool,
    } = *context;
    let inputs::Loaded {
        directory,
        graph,
        counts,
        rejects,
        directory_rejects,
        weighting_counts,
        weighting,
        warnings,
        attributed,
        ..
    } = loaded;
    let method = match args.communities {
        CommunityMethod::Leiden => analyze::Method::Leiden,
        CommunityMethod::Louvain => analyze::Method::Louvain,
    };
    // the groups the outputs may show are settled before the analyses, which compute the
    // department tables and links on them
    // person-level outputs and headcounts: each person's department at the end of the period
    // (the latest snapshot without --until); the department flows are attributed as of each
    // message's date when the directory has snapshots
    let end = weighting.period.and_then(|p| p.to).map(|to| to - 1);
    let department_of_each = directory.department_of_each_at(end);
    let attributed = attributed.as_ref().map(|a| &a.total);
    let reported = privacy::view::reported_departments_of(
        directory,
        &department_of_each,
        attributed.map(PeriodFlows::active_groups).as_deref(),
        args.min_group_size as usize,
    );
    let reported_of_each = reported.of_each(&department_of_each);
    let reported_of_department = reported.of_each_group();
    let plan = analyze::plan::Plan {
        selection,
        department: &department_of_each,
        departments: directory.departments().len(),
        method,
        resolution: args.resolution,
        seed: args.seed,
        betweenness: args.betweenness_options(),
        reported: reported_of_each
            .as_deref()
            .map(|of_each| (of_each, reported.names.len())),
        attributed: attributed.map(|flows| analyze::plan::Attribution {
            flows,
            reported_of_department: reported_of_department.as_deref(),
        }),
    };
    let groupings = groupings::resolve(directory, &args.group_by, args.sensitive_ok)?;
    let focus_asked = focus::resolve(
        directory,
        &args.focus,
        args.min_group_size as usize,
        args.sensitive_ok,
    )?;
    let results = pool.install(|| analyze::plan::run(graph, &plan, ui));
    timings.0.extend(results.timings.iter().copied());
    let analyze::plan::Results {
        hop,
        weighted,
        estimates,
        brokerage,
        structure,
        departments,
        grouped,
        fragility,
        communities,
        ..
    } = results;

    let input = InputCounts {
        message_files: args.inputs.messages.clone(),
        ingest: counts.clone(),
        rejected: rejects.counts().clone(),
        directory_rejected: directory_rejects.counts().clone(),
        weighting: *weighting_counts,
        weighting_options: weighting.clone(),
        duplicate_directory_rows: directory.duplicate_rows(),
        directory_file: directory.description().cloned(),
        directory_key: directory.key().cloned(),
        warnings: warnings.clone(),
        people_moved: None,
    };
    let moves = analyze::moves::period_moves(directory, &input);
    let input = InputCounts {
        people_moved: directory
            .has_history()
            .then(|| analyze::moves::people_moved(&moves)),
        ..input
    };
    let run = Run {
        directory,
        department: &department_of_each,
        attributed,
        moves: &moves,
        graph,
        input: &input,
        betweenness: hop
            .as_ref()
            .filter(|_| selection.has(Analysis::Betweenness))
            .map(|h| h.people.as_slice()),
        betweenness_weighted: weighted.as_ref().map(|w| w.0.as_slice()),
        brokerage: brokerage
            .as_ref()
            .map(|(roles, burt, pairs)| BrokerageResults {
                roles,
                burt,
                pairs,
                between_departments: hop.as_ref().map(|h| h.between_departments.as_slice()),
                between_departments_weighted: weighted.as_ref().map(|w| w.1.as_slice()),
            }),
        edge_betweenness: hop
            .as_ref()
            .filter(|_| selection.has(Analysis::EdgeBetweenness))
            .map(|h| h.ties.as_slice()),
        estimates,
        structure: structure.as_ref(),
        departments: departments.as_ref(),
        grouped: grouped.as_ref(),
        fragility: fragility.as_ref(),
        communities: communities
            .as_ref()
            .map(|(partition, agreement)| CommunityResults {
                partition,
                method: args.communities.name(),
                resolution: args.resolution,
                seed: args.seed,
                agreement: *agreement,
            }),
    };
    let disclosure = Disclosure {
        pseudonyms: key.map(|k| Pseudonyms::new(k, directory)),
        min_group_size: args.min_group_size as usize,
        person_level: !args.no_person_level,
    };
    let t = Instant::now();
    let color = match args.color {
        ColorChoice::Community => ColorBy::Community,
        ColorChoice::Department => ColorBy::Department,
    };
    // what readers may see is settled once, for the tables and for the pictures
    let view = privacy::View::new(&run, &disclosure);
    timings.record("privacy", t);
    let t = Instant::now();
    let lenses = pool.install(|| {
        groupings::analyse(
            graph,
            groupings,
            selection,
            args.min_group_size as usize,
            (args.seed, args.betweenness_options()),
            run.structure,
            ui,
        )
    });
    let mut findings = privacy::Findings::new(&run, &view);
    let lens_views = groupings::views(&view, &lenses);
    findings.other_groupings = groupings::findings(&run, &lens_views, &lenses);
    timings.record("other_groupings", t);
    let t = Instant::now();
    let focused = pool.install(|| {
        focus::analyse(
            graph,
            &department_of_each,
            directory.departments().len(),
            focus_asked,
            (method, args.resolution, args.seed),
        )
    });
    findings.focus = focused
        .iter()
        .map(|f| {
            formal::focus_findings(
                &f.comparison,
                (&f.communities.0, &f.communities.1),
                &f.column,
                &f.value,
                &view,
            )
        })
        .collect();
    timings.record("focus", t);
    let t = Instant::now();
    if directory.people().iter().any(|p| p.manager.is_some()) {
        let lines = analyze::reporting_lines::reporting_lines(
            graph,
            directory,
            &department_of_each,
            directory.departments().len(),
        );
        findings.reporting_lines = Some(formal::reporting_line_findings(
            &lines,
            directory.departments(),
            &view,
        ));
    }
    timings.record("reporting_lines", t);
    let pictures = picture_options(args);
    // the tables and the pictures are written side by side (Graphviz runs in its own
    // processes): "report" and "render" overlap in the timings
    let t = Instant::now();
    let (written, rendered) = rayon::join(
        || {
            let written = report::write_all(&out, &run, &view, &findings, color, pictures.lang);
            (written, t.elapsed().as_secs_f64())
        },
        || report::render_all(&out, &run, &view, &findings, color, &pictures),
    );
    written.0?;
    timings.0.push(("report", written.1));
    let mut rendered = rendered?;
    for lens in groupings::write(&out, &run, &lens_views, &lenses, &pictures)? {
        if let (None, Some(missing)) = (&rendered.graphviz_missing, lens.graphviz_missing) {
            rendered.graphviz_missing = Some(missing);
        }
    }
    timings.record("render", t);
    let facts = analyze::PeriodFacts::of(&run);
    Ok(Analysed {
        out,
        input,
        graphviz_missing: rendered.graphviz_missing,
        facts,
    })
}

/// A department-level analysis of a Viva Insights group-to-group query: groups below the
/// minimum size merged, flows and E-I on weights, the map, a summary that says what is not
/// there.
fn run_group_level(
    args: &Args,
    flows: &GroupFlows,
    rejects: &Rejects,
    ui: &Ui,
) -> Result<ExitCode, Error> {
    let min = args.min_group_size as usize;
    let sizes_known = flows.sizes.iter().all(Option::is_some);
    // without sizes (the older form), the query's own minimum group size stands in for ours
    let sizes: Vec<usize> = flows
        .sizes
        .iter()
        .map(|s| s.map_or(min, |s| s as usize))
        .collect();
    let groups = ReportingGroups::new(&flows.names, &sizes, min);
    let mut headcount = vec![0usize; groups.names.len()];
    for (g, r) in groups.of_group.iter().enumerate() {
        if let Some(r) = r {
            headcount[*r as usize] += sizes[g];
        }
    }
    let grouped = (!groups.names.is_empty()).then(|| {
        analyze::departments_from_flows(
            &flows.flows,
            flows.names.len(),
            &groups.of_group,
            &headcount,
        )
    });
    let view = privacy::View::for_groups(groups, grouped, min);
    let out = OutputDir::create_with(&args.common.out, args.common.force)?.for_excel(args.excel);
    let pictures = picture_options(args);
    let run = report::group_level::GroupRun {
        flows,
        rejected: rejects.counts(),
        sizes_known,
        lang: pictures.lang,
    };
    report::group_level::write_group_level(&out, &run, &view)?;
    let rendered = report::render::render_department_map(
        &out,
        &view,
        &pictures,
        flows.time_span,
        report::lens::Lens::DEPARTMENT,
    )?;
    out.commit()?;
    if let Some(missing) = &rendered.graphviz_missing {
        ui.say(&format!("siloscope: {missing}"));
    }
    inputs::report_rejects(ui, "query", rejects);
    ui.say(&format!(
        "siloscope: {} groups from a Viva Insights group-to-group query: a department-level analysis only. Results in {}; read {} first.",
        flows.names.len(),
        out.path().display(),
        out.path().join("summary.md").display()
    ));
    Ok(ExitCode::SUCCESS)
}

/// `$XDG_CONFIG_HOME/siloscope/key` (or the platform's configuration folder).
fn default_key_path() -> Result<PathBuf, Error> {
    dirs::config_dir()
        .map(|d| d.join("siloscope").join("key"))
        .ok_or_else(|| {
            Error::Usage(
                "no configuration folder found for the pseudonymization key: pass --key-file FILE"
                    .into(),
            )
        })
}

/// The pictures asked for, and their language.
pub fn picture_options(args: &Args) -> PictureOptions {
    PictureOptions {
        formats: args
            .format
            .iter()
            .filter_map(|f| match f {
                PictureFormat::Svg => Some(ImageFormat::Svg),
                PictureFormat::Png => Some(ImageFormat::Png),
                PictureFormat::None => None,
            })
            .collect(),
        lang: match args.lang {
            LangChoice::En => Lang::En,
            LangChoice::Fr => Lang::Fr,
        },
    }
}

/// Writes `--timings FILE.json`.
pub fn write_timings(path: &Path, timings: &Timings) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::Usage(format!("--timings {}: not a file name", path.display())))?;
    OutputDir::for_named_file(&dir)?.write_bytes(&name, timings.to_json().as_bytes())?;
    Ok(())
}

fn report_to_terminal(ui: &Ui, input: &InputCounts, graph: &InteractionGraph, out: &OutputDir) {
    if !input.ingest.content_columns_ignored.is_empty() {
        ui.say(&format!(
            "siloscope: columns that may hold message content were ignored (never read): {}",
            input.ingest.content_columns_ignored.join(", ")
        ));
    }
    let left_out: Vec<String> = input
        .ingest
        .left_out
        .iter()
        .filter(|(w, _)| **w != siloscope::ingest::formats::LeftOut::DistributionGroup)
        .map(|(w, n)| format!("{n} {} ({})", w.key(), w.reason()))
        .collect();
    if !left_out.is_empty() {
        ui.say(&format!(
            "siloscope: records left out on purpose: {}",
            left_out.join("; ")
        ));
    }
    let w = &input.weighting;
    if input.ingest.tie_rows > 0 {
        ui.say(&format!(
            "siloscope: {} people, {} ties from {} tie rows of {} ({} added weight; left out: {} with someone outside the directory, {} of weight 0, {} to oneself).",
            graph.node_count(),
            graph.tie_count(),
            input.ingest.tie_rows,
            if input.ingest.reads_tie_list() {
                "a tie list"
            } else {
                "a Viva Insights query"
            },
            w.tie_rows_used,
            input.ingest.ties_outside_directory,
            input.ingest.zero_weight_ties,
            input.ingest.self_ties
        ));
    } else {
        let period = match &input.weighting_options.period {
            Some(_) => format!(
                ", {} outside the period, {} undated",
                w.outside_period, w.undated
            ),
            None => String::new(),
        };
        ui.say(&format!(
        "siloscope: {} people, {} ties from {} messages ({} used; left out: {} self-messages, {} broadcasts, {} from outside the directory, {} external-only{period}).",
        graph.node_count(),
        graph.tie_count(),
        input.ingest.messages,
        w.used,
        w.self_messages,
        w.broadcasts,
        w.from_external,
        w.only_external_recipients
    ));
    }
    ui.say(&format!(
        "siloscope: results in {}; read {} first.",
        out.path().display(),
        out.path().join("summary.md").display()
    ));
}

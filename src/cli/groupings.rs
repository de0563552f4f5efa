//! `--group-by` and `--sensitive-ok`: the groupings asked for, checked against the directory
//! and the GDPR's special categories, then run, shown and written like the departments. Wiring
//! only: each step is a library call.

use siloscope::Error;
use siloscope::analyze::grouping::{Grouping, file_name_of};
use siloscope::analyze::plan::{LensPlan, LensResults, run_lens};
use siloscope::analyze::{BrokerageResults, Run, Selection};
use siloscope::ingest::Directory;
use siloscope::privacy::{self, Findings, View};
use siloscope::progress::Progress;
use siloscope::report::lens::Lens;
use siloscope::report::{OutputDir, PictureOptions, Rendered};

/// The groupings other than the departments (which every run has), in the order asked for, each
/// once. A column naming a special category of personal data is refused unless `sensitive_ok`.
pub fn resolve(
    directory: &Directory,
    specs: &[String],
    sensitive_ok: bool,
) -> Result<Vec<Grouping>, Error> {
    let mut out: Vec<Grouping> = Vec::new();
    for spec in specs {
        if file_name_of(spec) == "department" {
            continue;
        }
        let grouping = Grouping::from_directory(directory, spec)
            .map_err(|e| Error::Usage(format!("--group-by {spec}: {e}")))?;
        for column in &grouping.columns {
            if let Some(category) = privacy::sensitive_category(column)
                && !sensitive_ok
            {
                return Err(Error::Usage(format!(
                    "--group-by {spec}: the column '{column}' looks like a special category of personal data under the GDPR ({category}); \
                     grouping people by it needs the agreement of the works council and of the data protection officer. \
                     If you have it, add --sensitive-ok (regroupement par une donnée sensible : accord du CSE et du DPO requis)"
                )));
            }
        }
        if !out.iter().any(|g| g.name == grouping.name) {
            out.push(grouping);
        }
    }
    Ok(out)
}

/// One grouping, analysed: the grouping, its reported groups and its results.
pub struct Analysed {
    pub grouping: Grouping,
    pub reported: privacy::ReportingGroups,
    pub results: LensResults,
}

/// Runs the group-level analyses of each grouping.
pub fn analyse(
    g: &siloscope::graph::InteractionGraph,
    groupings: Vec<Grouping>,
    selection: Selection,
    min_group_size: usize,
    (seed, betweenness): (
        u64,
        siloscope::analyze::approx_betweenness::BetweennessOptions,
    ),
    structure: Option<&siloscope::analyze::Structure>,
    progress: &dyn Progress,
) -> Vec<Analysed> {
    groupings
        .into_iter()
        .map(|grouping| {
            let reported = privacy::view::reported_groups(
                &grouping.labels,
                &grouping.of_person,
                min_group_size,
            );
            let reported_of_each = reported.of_each(&grouping.of_person);
            let plan = LensPlan {
                selection,
                group: (&grouping.of_person, grouping.labels.len()),
                reported: reported_of_each
                    .as_deref()
                    .map(|r| (r, reported.names.len())),
                seed,
                betweenness,
            };
            let results = run_lens(g, &plan, structure, progress);
            Analysed {
                grouping,
                reported,
                results,
            }
        })
        .collect()
}

/// The run as a grouping sees it: its group results in the department fields.
pub fn lens_run<'a>(run: &Run<'a>, a: &'a Analysed) -> Run<'a> {
    let r = &a.results;
    Run {
        departments: r.true_groups.as_ref(),
        grouped: r.grouped.as_ref(),
        fragility: r.fragility.as_ref(),
        brokerage: match (&r.brokerage, run.brokerage) {
            (Some((between, roles, pairs)), Some(base)) => Some(BrokerageResults {
                roles,
                burt: base.burt,
                pairs,
                between_departments: Some(between),
                between_departments_weighted: None,
            }),
            _ => None,
        },
        communities: None,
        betweenness: None,
        betweenness_weighted: None,
        edge_betweenness: None,
        estimates: siloscope::analyze::approx_betweenness::Estimates {
            hops: r.estimate,
            weighted: None,
            weighted_left_out: None,
        },
        ..*run
    }
}

/// The view of each grouping, built once for its findings and its files.
pub fn views(view: &View, analysed: &[Analysed]) -> Vec<View> {
    analysed
        .iter()
        .map(|a| {
            view.for_grouping(
                a.reported.clone(),
                &a.grouping.of_person,
                a.results.grouped.clone(),
                a.results.fragility.clone(),
            )
        })
        .collect()
}

/// The findings of each grouping, for the pages.
pub fn findings(run: &Run<'_>, views: &[View], analysed: &[Analysed]) -> Vec<Findings> {
    analysed
        .iter()
        .zip(views)
        .map(|(a, view)| Findings::of_grouping(&lens_run(run, a), view, &a.grouping.name))
        .collect()
}

/// Writes and draws the files of each grouping.
pub fn write(
    out: &OutputDir,
    run: &Run<'_>,
    views: &[View],
    analysed: &[Analysed],
    pictures: &PictureOptions,
) -> Result<Vec<Rendered>, Error> {
    let mut rendered = Vec::new();
    for (a, view) in analysed.iter().zip(views) {
        let lens = Lens {
            name: &a.grouping.name,
        };
        let run = lens_run(run, a);
        siloscope::report::lens_files::write_lens(out, &run, view, lens, &a.grouping.labels)?;
        rendered.push(siloscope::report::render::render_lens(
            out,
            view,
            pictures,
            run.input.shown_span(),
            lens,
        )?);
    }
    Ok(rendered)
}

//! `siloscope check`: reads the inputs exactly as `analyze` does (the same refusals), prints
//! how they were read, and writes nothing.

use std::io::Write;
use std::process::ExitCode;

use siloscope::Error;
use siloscope::report::check::{CheckFacts, render_check, render_group_check};

use crate::cli::inputs::{self, InputArgs};
use crate::cli::ui::Ui;

/// Options of `siloscope check`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    siloscope check -m trace.csv -p annuaire.csv\n  \
    siloscope check -m export.csv -p hr.csv --people-encoding windows-1252 --date-format day-first\n\n\
    Exit codes: 0 the inputs can be analysed, 1 they cannot (the message says why), 2 usage error.")]
pub struct Args {
    #[command(flatten)]
    inputs: InputArgs,

    /// No progress bars on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// Runs `check`.
pub fn run(args: Args) -> Result<ExitCode, Error> {
    let ui = Ui::new(args.quiet);
    let settings = args.inputs.settings()?;
    if let Some((flows, rejects)) = inputs::group_query(&settings, &ui)? {
        return print(&render_group_check(&flows, &rejects));
    }
    let loaded = inputs::load(&settings, &ui)?;
    let text = render_check(&CheckFacts {
        directory: &loaded.directory,
        counts: &loaded.counts,
        rejects: &loaded.rejects,
        directory_rejects: &loaded.directory_rejects,
        weighting: &loaded.weighting_counts,
        max_recipients: loaded.weighting.max_recipients,
        channels: &loaded.weighting.channels,
        ties: loaded.graph.tie_count(),
        warnings: &loaded.warnings,
    });
    print(&text)
}

fn print(text: &str) -> Result<ExitCode, Error> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|source| Error::Write {
            path: "<stdout>".into(),
            source,
        })?;
    Ok(ExitCode::SUCCESS)
}

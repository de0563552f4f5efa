//! Command-line definition: one file per subcommand, shared flags in [`CommonArgs`].

pub mod analyze;
pub mod check;
pub mod compare;
pub mod focus;
pub mod groupings;
pub mod inputs;
pub mod trend;
pub mod ui;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// siloscope: which departments really work together, which live in silos, and through whom
/// collaboration flows, from message metadata (sender, recipients, time) and an HR directory.
#[derive(Debug, Parser)]
#[command(name = "siloscope", version, arg_required_else_help = true)]
#[command(after_help = "Start with the demo organisation:\n  \
    siloscope analyze --messages fixtures/demo/messages.csv --people fixtures/demo/people.csv --out demo-out\n\n\
    Exit codes: 0 success, 1 input, data or output error, 2 usage error.")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the interaction network and write people, ties, departments, flows and a summary.
    ///
    /// Reads message logs (who wrote to whom, and when; never the content) and an HR directory,
    /// builds the network of people weighted by how much they exchange, and writes into --out:
    /// people.csv, ties.csv, departments.csv, department_flows.csv, department_map.dot,
    /// summary.json and summary.md (read this one first).
    ///
    /// Try it on the demo organisation shipped with siloscope:
    ///
    ///   siloscope analyze --messages fixtures/demo/messages.csv --people fixtures/demo/people.csv --out demo-out
    ///
    /// Columns are matched by name (from/sender, to/recipients, cc, bcc, date/sent/timestamp;
    /// id/email, department/direction...); use --map when yours differ.
    Analyze(Box<analyze::Args>),

    /// Read the inputs as `analyze` would and say how: format, encoding, columns, counts,
    /// rejected rows, the directory's key. Writes nothing: the first command to run on a new
    /// export.
    ///
    ///   siloscope check --messages trace.csv --people annuaire.csv
    Check(Box<check::Args>),

    /// Compare two periods of the same inputs: did the departments start to work together?
    ///
    /// Writes the full analysis of each period into before/ and after/, and at the top
    /// summary.md (read this one first), changes.csv (each pair of departments: flow per day
    /// before and after, the change, its interval, clear or not), department_changes.csv,
    /// people_changes.csv (under pseudonyms), change_map.svg and report.html. Intervals come
    /// from a seeded bootstrap of the weeks (or days) of each period.
    ///
    ///   siloscope compare -m mails.csv -p annuaire.csv --split 2024-07-01 --out avant-apres
    Compare(Box<compare::Args>),

    /// The headline measures period by period: did departments start working together after
    /// a collaboration programme's launch?
    ///
    /// Reads the inputs as `analyze` does (the same refusals), cuts the messages into days,
    /// ISO weeks, months or quarters of --timezone (--since and --until bound them), and writes
    /// into --out (default siloscope-trend): trend.csv (per period: messages, messages per day,
    /// people active, cross-department share, modularity, E-I index of each department, the
    /// strongest flows), trend.svg (the chart, with the launch) and trend.md. Periods of
    /// fewer than 30 messages or 10 people active are flagged low_activity, never hidden.
    ///
    ///   siloscope trend -m mails.csv -p annuaire.csv --period month --launch 2024-03-01
    Trend(Box<trend::Args>),
}

/// Flags of the subcommands that write results.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Folder for the results (created if needed). siloscope writes into an empty folder or
    /// one it wrote before, and never replaces or deletes a file it did not write.
    #[arg(
        long = "out",
        short = 'o',
        value_name = "DIR",
        default_value = "siloscope-out"
    )]
    pub out: PathBuf,

    /// Write the results into a folder that holds other files too: siloscope's own file names
    /// are written there (replacing files of those names); nothing else is touched.
    #[arg(long = "force")]
    pub force: bool,

    /// Worker threads for the analyses (default: all cores). Results are identical for any
    /// value.
    #[arg(
        long = "threads",
        short = 'j',
        value_name = "N",
        allow_negative_numbers = true
    )]
    pub threads: Option<usize>,

    /// No progress bars and no report on stderr (errors are still printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> Result<ExitCode, siloscope::Error> {
    match cli.command {
        Command::Analyze(args) => analyze::run(*args),
        Command::Check(args) => check::run(*args),
        Command::Compare(args) => compare::run(*args),
        Command::Trend(args) => trend::run(*args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}

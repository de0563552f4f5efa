//! The `siloscope` binary: parses the command line, runs one subcommand, and is the one place
//! where errors become messages and exit codes (0 ok, 1 input/data/output error, 2 usage).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse(); // clap exits with 2 on usage errors
    match cli::run(cli) {
        Ok(code) => code,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("siloscope: error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

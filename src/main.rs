use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use knotmap::cli::Cli;

fn main() -> ExitCode {
    // Answers the shell's Tab and exits, when the completion script asks.
    clap_complete::CompleteEnv::with_factory(Cli::command)
        .var(knotmap::completion::VARIABLE)
        .bin("knotmap")
        .completer("knotmap")
        .complete();
    match knotmap::commands::run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("knotmap: {error:#}");
            // 2, like a usage error, so that `due` keeps 1 for "nothing is
            // due".
            ExitCode::from(2)
        }
    }
}

use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use knotmap::cli::Cli;
use knotmap::text::printable;

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
            // One line, whatever a value quoted in it holds: a stored or
            // typed string never reaches the terminal as a command to it.
            eprintln!("knotmap: {}", printable(&format!("{error:#}")));
            // 2, like a usage error, so that `due` keeps 1 for "nothing is
            // due".
            ExitCode::from(2)
        }
    }
}

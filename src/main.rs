use std::process::ExitCode;

use clap::Parser;
use knotmap::cli::Cli;

fn main() -> ExitCode {
    match knotmap::commands::run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("knotmap: {error:#}");
            ExitCode::FAILURE
        }
    }
}

use std::process::ExitCode;

use clap::Parser;
use knotmap::cli::Cli;

fn main() -> ExitCode {
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

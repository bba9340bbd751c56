//! `knotmap config path` and `knotmap config init`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, anyhow};

use crate::cli::ConfigCommand;
use crate::config::Config;

pub fn run(action: &ConfigCommand, path: Option<&Path>) -> Result<ExitCode> {
    let path = path
        .ok_or_else(|| anyhow!("cannot find a home folder for the settings; pass --config PATH"))?;
    match action {
        ConfigCommand::Path => println!("{}", path.display()),
        ConfigCommand::Init => {
            Config::write_default(path)?;
            println!("Wrote the default settings to {}.", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

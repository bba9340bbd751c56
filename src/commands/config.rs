//! `knotmap config path` and `knotmap config init`.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Result, anyhow};

use crate::cli::ConfigCommand;
use crate::config::Config;

pub fn run(action: &ConfigCommand, path: Option<&Path>) -> Result<String> {
    let mut out = String::new();
    let path = path
        .ok_or_else(|| anyhow!("cannot find a home folder for the settings; pass --config PATH"))?;
    match action {
        ConfigCommand::Path => writeln!(out, "{}", path.display())?,
        ConfigCommand::Init => {
            Config::write_default(path)?;
            writeln!(out, "Wrote the default settings to {}.", path.display())?;
        }
    }
    Ok(out)
}

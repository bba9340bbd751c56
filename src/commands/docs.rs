//! `knotmap completions SHELL` and `knotmap man`: both generated from the
//! clap definitions, so they always match the commands.

use anyhow::Result;
use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

pub fn completions(shell: Shell) -> Result<String> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "knotmap", &mut script);
    Ok(String::from_utf8(script)?)
}

pub fn man() -> Result<String> {
    Ok(super::manual::page())
}

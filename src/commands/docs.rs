//! `knotmap completions SHELL` and `knotmap man`: both generated from the
//! clap definitions, so they always match the commands.

use anyhow::{Result, anyhow};
use clap_complete::Shell;
use clap_complete::env::Shells;

use crate::completion::VARIABLE;

/// The script that has `shell` call knotmap back at each Tab: the values
/// (regions, symptoms, knot ids) come from knotmap at that moment.
pub fn completions(shell: Shell) -> Result<String> {
    let shells = Shells::builtins();
    let completer = shells
        .completer(&shell.to_string())
        .ok_or_else(|| anyhow!("no completion for {shell}"))?;
    let mut script = Vec::new();
    completer.write_registration(VARIABLE, "knotmap", "knotmap", "knotmap", &mut script)?;
    Ok(String::from_utf8(script)?)
}

pub fn man() -> Result<String> {
    Ok(super::manual::page())
}

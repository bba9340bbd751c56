//! `knotmap doctor --repair`: backs the file up, then removes the
//! triggers and views knotmap did not make, makes its own missing
//! triggers and indexes again, and works the summaries out again. A
//! file that fails SQLite's integrity check is refused untouched: a write
//! could spread the damage.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::store::{IfMissing, Store};
use crate::text::printable;

/// Repairs the file at `path`; says what it did, a line each.
pub fn run(path: &Path, config: &Config, now: DateTime<Utc>) -> Result<String> {
    let mut store = Store::open(path, IfMissing::Refuse)?;
    store.set_rules(config.rules());
    let sound = store
        .integrity_problems()
        .is_ok_and(|problems| problems.is_empty());
    if !sound {
        bail!(
            "{} fails SQLite's integrity check, so doctor --repair writes nothing to it; restore it from a backup or an export",
            path.display()
        );
    }
    let backup = store.back_up_for_repair(now).map_err(|reason| {
        anyhow!(
            "cannot back {} up first, so nothing was repaired: {reason}",
            path.display()
        )
    })?;
    let mut out = String::new();
    let _ = writeln!(out, "backed {} up to {}", path.display(), backup.display());
    let done = store.repair_schema().map_err(|error| {
        anyhow!(
            "cannot put the schema of {} right ({error}); nothing was changed, and a copy is at {}",
            path.display(),
            backup.display()
        )
    })?;
    for line in done {
        // Names come from the file, which anyone may have written.
        let _ = writeln!(out, "{}", printable(&line));
    }
    // A record that cannot be read leaves the summaries as they were:
    // what was removed above stays removed, and doctor names the record.
    match store.rebuild_summaries() {
        Ok(()) => {
            let _ = writeln!(out, "worked every summary out again from the readings");
        }
        Err(error) => {
            let _ = writeln!(
                out,
                "left the summaries as they were: {}",
                printable(&error.to_string())
            );
        }
    }
    let _ = writeln!(out, "`knotmap doctor` says what is left.");
    Ok(out)
}

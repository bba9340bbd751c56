//! `knotmap sync [DIR]`: takes in the other computers' changes from the
//! sync folder and leaves this one's there (see `src/transfer/sync.rs`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::clock::Clock;
use crate::config::Config;
use crate::store::Store;
use crate::text::plural;
use crate::transfer::sync::{Synced, sync};

/// The folder given, or the `sync-dir` setting.
pub fn folder(dir: Option<PathBuf>, config: &Config) -> Result<PathBuf> {
    match dir.or_else(|| config.sync_dir()) {
        Some(dir) => Ok(dir),
        None => bail!(
            "give the folder to sync through (knotmap sync DIR), or set sync-dir in the settings"
        ),
    }
}

pub fn run(dir: &Path, json: bool, clock: &Clock, mut store: Store) -> Result<String> {
    let synced = sync(&mut store, dir, clock.now_utc())?;
    if json {
        let mut text = serde_json::to_string_pretty(&synced)?;
        text.push('\n');
        return Ok(text);
    }
    Ok(described(&synced))
}

/// What a sync did, a line per file.
pub fn described(synced: &Synced) -> String {
    let mut out = String::new();
    for received in &synced.received {
        let file = &received.merged;
        if !file.brought_anything() {
            continue;
        }
        let mut parts = Vec::new();
        for (n, one, many) in [
            (file.knots, "knot", "knots"),
            (file.sessions, "session", "sessions"),
            (file.readings, "reading", "readings"),
            (file.clearings, "clearing", "clearings"),
        ] {
            if n > 0 {
                parts.push(plural(n as i64, one, many));
            }
        }
        let mut line = if parts.is_empty() {
            String::new()
        } else {
            format!("{} added", parts.join(", "))
        };
        for (n, what) in [(file.changed, "changed"), (file.deleted, "deleted")] {
            if n > 0 {
                if !line.is_empty() {
                    line.push_str(", ");
                }
                let _ = write!(line, "{n} {what}");
            }
        }
        let _ = writeln!(out, "From {}: {line}.", received.file);
    }
    for file in &synced.skipped {
        let _ = writeln!(
            out,
            "Skipped {}: {}; it is read again at the next sync.",
            file.file, file.reason
        );
    }
    let sent = &synced.sent;
    let held = format!(
        "{}, {}, {}",
        plural(sent.knots as i64, "knot", "knots"),
        plural(sent.sessions as i64, "session", "sessions"),
        plural(sent.readings as i64, "reading", "readings"),
    );
    if sent.written {
        let _ = writeln!(out, "Wrote {} ({held}).", synced.file);
    } else {
        let _ = writeln!(out, "{} is up to date ({held}).", synced.file);
    }
    if synced
        .received
        .iter()
        .all(|file| !file.merged.brought_anything())
        && synced.skipped.is_empty()
    {
        let _ = writeln!(out, "Nothing new from other computers.");
    }
    out
}

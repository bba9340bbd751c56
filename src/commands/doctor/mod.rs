//! `knotmap doctor`: checks the database file and says what is wrong and
//! what to do about it, one line per finding; `--repair` (repair.rs) puts
//! right what can be put right without guessing.

mod repair;

use std::fmt::Write as _;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::store::{Astray, IfMissing, SCHEMA_VERSION, Store, StoreError, backups_beside};
use crate::text::{plural, printable};

pub use repair::run as repair;

/// One finding: fine, worth knowing, or a problem with what to do.
enum Finding {
    Ok(String),
    Note(String),
    Problem(String, &'static str),
}

/// Checks the file at `path` at `now`; returns the report and whether
/// all is well.
pub fn run(path: &Path, config: &Config, now: DateTime<Utc>) -> (String, bool) {
    let mut findings = Vec::new();
    let mut counts = None;
    // Read before the store opens the file, which makes it private.
    let modes = modes_of(path);
    match Store::open(path, IfMissing::Refuse) {
        Err(error) => findings.push(Finding::Problem(error.to_string(), advice_for(&error))),
        Ok(mut store) => {
            store.set_rules(config.rules());
            findings.push(Finding::Ok(format!(
                "a knotmap database, schema version {SCHEMA_VERSION}"
            )));
            match store.integrity_problems() {
                Ok(problems) if problems.is_empty() => findings.push(Finding::Ok(
                    "every page passes SQLite's integrity check".to_string(),
                )),
                Ok(problems) => findings.push(Finding::Problem(
                    format!(
                        "the integrity check finds {}: {}",
                        problems.len(),
                        problems[0]
                    ),
                    "restore the file from a backup or an export (knotmap import)",
                )),
                Err(error) => findings.push(Finding::Problem(
                    error.to_string(),
                    "restore the file from a backup or an export",
                )),
            }
            match store.broken_references() {
                Ok(0) => findings.push(Finding::Ok(
                    "every reading points to its knot and session".to_string(),
                )),
                Ok(count) => findings.push(Finding::Problem(
                    format!("{count} rows point to records that are not there"),
                    "export what can be read (knotmap export), then import it into a new file",
                )),
                Err(error) => findings.push(Finding::Problem(
                    error.to_string(),
                    "restore the file from a backup",
                )),
            }
            findings.extend(contents(&store, now));
            if let Ok(count @ 1..) = store.knots_without_readings() {
                findings.push(Finding::Note(format!(
                    "{} without readings (all deleted); not shown anywhere",
                    plural(count, "knot", "knots")
                )));
            }
            counts = store.counts().ok();
            findings.extend(permissions(&modes));
        }
    }

    findings.extend(backups(path));

    let mut out = String::new();
    let _ = writeln!(out, "Database: {}", path.display());
    for finding in &findings {
        // Names and SQL come from the file, which anyone may have written.
        let _ = match finding {
            Finding::Ok(text) => writeln!(out, "  ok       {}", printable(text)),
            Finding::Note(text) => writeln!(out, "  note     {}", printable(text)),
            Finding::Problem(text, what_to_do) => {
                writeln!(
                    out,
                    "  PROBLEM  {}; what to do: {what_to_do}",
                    printable(text)
                )
            }
        };
    }
    if let Some((knots, sessions, readings)) = counts {
        let _ = writeln!(
            out,
            "Holds {}, {} and {}.",
            plural(knots, "knot", "knots"),
            plural(sessions, "session", "sessions"),
            plural(readings, "reading", "readings")
        );
    }
    let healthy = !findings.iter().any(|f| matches!(f, Finding::Problem(..)));
    let _ = writeln!(
        out,
        "{}",
        if healthy {
            "All is well."
        } else {
            "Something needs doing: see above."
        }
    );
    (out, healthy)
}

/// What the commands rely on beyond SQLite's checks: the schema, every
/// record readable, no empty session, and summaries that say what the
/// readings say.
fn contents(store: &Store, now: DateTime<Utc>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let unreadable_file = |error: StoreError| {
        Finding::Problem(
            error.to_string(),
            "restore the file from a backup or an export",
        )
    };
    // Records are read only from a schema with every table and column:
    // otherwise each read would fail for the same reason, said above.
    let mut whole = true;
    match store.schema_findings() {
        Ok(found) if found.is_empty() => findings.push(Finding::Ok(
            "every table, column, index and trigger is as knotmap made it, and nothing more"
                .to_string(),
        )),
        Ok(found) => findings.extend(found.into_iter().map(|finding| {
            let what_to_do = if finding.repairable {
                "`knotmap doctor --repair` puts it right, after a backup"
            } else if (finding.text.starts_with("the table")
                && !finding.text.ends_with("knotmap did not make"))
                || finding.text.contains(" where knotmap made ")
            {
                whole = false;
                "restore the file from a backup (knotmap.db.before-...) or an export"
            } else {
                "drop it with the sqlite3 shell; knotmap does not use it"
            };
            Finding::Problem(finding.text, what_to_do)
        })),
        Err(error) => {
            whole = false;
            findings.push(unreadable_file(error));
        }
    }
    if !whole {
        findings.push(Finding::Note(
            "the records were not read: the schema is not whole".to_string(),
        ));
        return findings;
    }
    let readable = match store.unreadable_records() {
        Ok(found) if found.is_empty() => {
            findings.push(Finding::Ok("every record can be read".to_string()));
            true
        }
        Ok(found) => {
            findings.extend(found.into_iter().map(|text| {
                Finding::Problem(
                    format!("cannot read {text}"),
                    "correct or delete that row (the sqlite3 shell), or restore the file from a backup; export stops at it",
                )
            }));
            false
        }
        Err(error) => {
            findings.push(unreadable_file(error));
            false
        }
    };
    match store.empty_sessions() {
        Ok(ids) => findings.extend(ids.into_iter().map(|id| {
            Finding::Problem(
                format!("session {id} has no readings"),
                "delete that row (the sqlite3 shell); knotmap never leaves a session empty",
            )
        })),
        Err(error) => findings.push(unreadable_file(error)),
    }
    // Unreadable records are named above; the summaries cannot be
    // compared with readings that cannot be read.
    if readable {
        match store.summaries_astray(now) {
            Ok(Some(astray)) if astray == Astray::default() => findings.push(Finding::Ok(
                "the kept summaries say what the readings say".to_string(),
            )),
            Ok(Some(astray)) => {
                findings.extend(astray.knots.into_iter().map(|id| {
                    Finding::Problem(
                        format!("the kept summary of knot {id} does not say what its readings say"),
                        "`knotmap doctor --repair` works the summaries out again",
                    )
                }));
                findings.extend(astray.returns.into_iter().map(|region| {
                    Finding::Problem(
                        format!(
                            "the kept returns to {region}, or their count, are not what the readings say"
                        ),
                        "`knotmap doctor --repair` works the summaries out again",
                    )
                }));
            }
            Ok(None) => findings.push(Finding::Note(
                "the summaries are due to be worked out again; the next command does it"
                    .to_string(),
            )),
            Err(error) => findings.push(unreadable_file(error)),
        }
        match store.months_astray() {
            Ok(Some(months)) => findings.extend(months.into_iter().map(|(region, month)| {
                Finding::Problem(
                    format!(
                        "the kept tally of {region} in {month} does not add up to its readings"
                    ),
                    "`knotmap doctor --repair` works the summaries out again",
                )
            })),
            // Said once, with the knots' summaries above.
            Ok(None) => {}
            Err(error) => findings.push(unreadable_file(error)),
        }
    }
    findings
}

/// The copies made before upgrades, found beside the file: each must pass
/// the checks it was made with, or it is no copy to restore from.
fn backups(path: &Path) -> Vec<Finding> {
    backups_beside(path)
        .into_iter()
        .map(|found| match found.verdict {
            Ok(()) => Finding::Ok(format!("the backup {} is whole", found.path.display())),
            Err(reason) => Finding::Problem(
                format!("the backup {} is no good: {reason}", found.path.display()),
                "do not restore from it; delete it once you keep a sound copy elsewhere",
            ),
        })
        .collect()
}

fn advice_for(error: &StoreError) -> &'static str {
    match error {
        StoreError::Missing(_) => "check the path; a new file is made when you log a first reading",
        StoreError::IsDirectory(_)
        | StoreError::NotAFile(_)
        | StoreError::NotSqlite(_)
        | StoreError::Foreign(_) => {
            "point --db or KNOTMAP_DB at your knotmap.db; this file was left as it was"
        }
        StoreError::TooNew { .. } => {
            "use the newer knotmap that wrote it; this file was left as it was"
        }
        StoreError::CannotOpen(..) | StoreError::Io(..) | StoreError::ReadOnly(_) => {
            "check that you own the file and its folder and may write to them"
        }
        _ => "restore the file from a backup or an export (knotmap import)",
    }
}

/// The file and its journal, with their modes as found.
fn modes_of(path: &Path) -> Vec<(PathBuf, u32)> {
    let mut files = vec![path.to_path_buf()];
    for suffix in ["-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        files.push(PathBuf::from(name));
    }
    files
        .into_iter()
        .filter(|file| file.is_file())
        .filter_map(|file| {
            let mode = fs::metadata(&file).ok()?.permissions().mode() & 0o777;
            Some((file, mode))
        })
        .collect()
}

/// The file and its journal should be readable by their owner alone;
/// opening the store has made them so, where it could.
fn permissions(modes: &[(PathBuf, u32)]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (file, mode) in modes {
        let now = fs::metadata(file).map_or(*mode, |meta| meta.permissions().mode() & 0o777);
        if mode & 0o077 == 0 {
            findings.push(Finding::Ok(format!(
                "{} is yours alone ({mode:o})",
                file.display()
            )));
        } else if now & 0o077 == 0 {
            findings.push(Finding::Problem(
                format!(
                    "{} could be read by others ({mode:o}); knotmap made it yours alone ({now:o})",
                    file.display()
                ),
                "check who could read it, and chmod 600 any copy: it holds your health history",
            ));
        } else {
            findings.push(Finding::Problem(
                format!("{} can be read by others ({mode:o})", file.display()),
                "chmod 600 it: it holds your health history",
            ));
        }
    }
    findings
}

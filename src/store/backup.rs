//! The copy of a database made before its schema is upgraded: written
//! under a temporary name, checked, and only then given its name, so that
//! a copy that exists is a whole one. A copy that fails the checks (a run
//! killed while writing it with an older knotmap, an emptied file) is
//! made again, never trusted.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::StoreError;

/// The tables whose rows a backup must hold, as many as the original.
const COUNTED: [&str; 3] = ["knots", "sessions", "readings"];

/// The name of the copy of `path` made before it goes from `version` to
/// `target`: `knotmap.db.before-v6-from-v5`.
pub fn backup_path(path: &Path, version: i64, target: i64) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".before-v{target}-from-v{version}"));
    PathBuf::from(name)
}

/// Makes sure a sound copy of the database `conn` has open (at schema
/// `version`) is at `backup`.
pub fn back_up(
    conn: &Connection,
    path: &Path,
    backup: &Path,
    version: i64,
) -> Result<(), StoreError> {
    let fail = |reason: String| {
        StoreError::Migration(
            path.display().to_string(),
            format!("cannot back it up first to {}: {reason}", backup.display()),
        )
    };
    // An earlier run made it before being stopped: kept if it is whole.
    if backup.exists() && check(backup, version, None).is_ok() {
        return Ok(());
    }
    copy(conn, backup, version).map_err(fail)
}

/// Writes a copy of the database `conn` has open (at schema `version`)
/// to `backup` under a temporary name, checks that it holds every record,
/// and only then gives it its name. `Err` says why it could not.
pub fn copy(conn: &Connection, backup: &Path, version: i64) -> Result<(), String> {
    let counts = counts(conn).map_err(|error| super::sqlite_words(&error))?;
    let mut temp = backup.as_os_str().to_owned();
    temp.push(".knotmap-tmp");
    let temp = PathBuf::from(temp);
    // Left by a run killed while writing it.
    let _ = fs::remove_file(&temp);
    super::open::create_private_file(&temp).map_err(|error| error.to_string())?;
    let written = conn
        .backup(rusqlite::MAIN_DB, &temp, None)
        .map_err(|error| super::sqlite_words(&error))
        .and_then(|()| rollback_journal(&temp))
        .and_then(|()| check(&temp, version, Some(&counts)))
        .and_then(|()| fs::rename(&temp, backup).map_err(|error| crate::fault::io_words(&error)));
    if let Err(reason) = written {
        let _ = fs::remove_file(&temp);
        return Err(reason);
    }
    // The rename reaches the disk with its folder.
    if let Some(Ok(folder)) = backup
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(fs::File::open)
    {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// Gives the copy of a file in WAL mode a rollback journal, so that
/// reading it (as the check does) leaves no -wal and -shm beside it under
/// its temporary name; knotmap turns WAL on again when it opens a copy.
fn rollback_journal(copy: &Path) -> Result<(), String> {
    let conn = Connection::open(copy).map_err(|error| super::sqlite_words(&error))?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |row| row.get(0))
        .map_err(|error| super::sqlite_words(&error))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err("its journal cannot be set".into());
    }
    Ok(())
}

fn counts(conn: &Connection) -> rusqlite::Result<Vec<i64>> {
    COUNTED
        .iter()
        .map(|table| {
            conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                row.get(0)
            })
        })
        .collect()
}

/// Whether the copy at `path` passes SQLite's integrity check, is at
/// `version`, and (when given) holds `counts` rows. `Err` says why not.
pub fn check(path: &Path, version: i64, counts_wanted: Option<&[i64]>) -> Result<(), String> {
    if fs::metadata(path).map_or(true, |meta| !meta.is_file() || meta.len() == 0) {
        return Err("it is empty or not a file".into());
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|error| super::sqlite_words(&error))?;
    let words = |error: rusqlite::Error| super::sqlite_words(&error);
    let verdict: String = conn
        .query_row("PRAGMA integrity_check(1)", [], |row| row.get(0))
        .map_err(words)?;
    if verdict != "ok" {
        return Err("it fails SQLite's integrity check".into());
    }
    let found: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(words)?;
    if found != version {
        return Err(format!("it is of schema version {found}, not {version}"));
    }
    let held = counts(&conn).map_err(words)?;
    if counts_wanted.is_some_and(|wanted| wanted != held.as_slice()) {
        return Err("it does not hold every record".into());
    }
    Ok(())
}

//! Opening the database file: refusing what is not ours before anything is
//! written, then the per-connection settings and the schema migrations.

use std::fs::{self, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::sync::LazyLock;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{M, Migrations};

use super::{StoreError, backup};

/// The schema steps, oldest first. A released step is never edited: a
/// change is a new step.
static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(vec![
        M::up(include_str!("../../migrations/01-initial/up.sql")),
        M::up(include_str!(
            "../../migrations/02-pressure-threshold/up.sql"
        )),
        M::up(include_str!("../../migrations/03-summaries/up.sql")),
        M::up(include_str!("../../migrations/04-recurrences/up.sql")),
        M::up(include_str!("../../migrations/05-seen-to/up.sql")),
        M::up(include_str!("../../migrations/06-stale-marks/up.sql")),
        M::up(include_str!("../../migrations/07-places/up.sql")),
        M::up(include_str!("../../migrations/08-change-stamps/up.sql")),
        M::up(include_str!("../../migrations/09-quiet-returns/up.sql")),
    ])
});

/// An empty database in memory with the schema this build writes: what
/// a file's schema is compared with.
pub(super) fn reference_schema() -> Result<Connection, StoreError> {
    let mut conn = Connection::open_in_memory()?;
    MIGRATIONS
        .to_latest(&mut conn)
        .map_err(|_| StoreError::Migration("memory".into(), "the schema steps fail".into()))?;
    Ok(conn)
}

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 9;

/// `PRAGMA application_id` of a knotmap file: "KNOT".
pub const APPLICATION_ID: i64 = 0x4B4E_4F54;

/// How long a writer waits for another process to finish before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Whether opening may create a missing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfMissing {
    Create,
    Refuse,
}

pub(super) fn open_connection(
    path: &Path,
    if_missing: IfMissing,
) -> Result<Connection, StoreError> {
    let display = path.display().to_string();
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => return Err(StoreError::IsDirectory(display)),
        // Reading a FIFO's header would wait for a writer for ever, and a
        // device is nobody's database.
        Ok(meta) if !meta.is_file() => return Err(StoreError::NotAFile(display)),
        Ok(_) => check_header(path)?,
        Err(error) if error.kind() == io::ErrorKind::NotFound => match if_missing {
            IfMissing::Refuse => return Err(StoreError::Missing(display)),
            IfMissing::Create => create_private_file(path)?,
        },
        Err(error) => return Err(StoreError::Io(display, error)),
    }

    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(|error| {
        match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen) => {
                StoreError::CannotOpen(display.clone(), error.to_string())
            }
            _ => StoreError::from(error),
        }
    })?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Reading a database in WAL mode already needs its -shm file, so even
    // this first look can find the folder read-only.
    let version = check_ours(&conn, &display).map_err(|error| read_only_or(error, &display))?;
    // Ours: private from now on, whatever its mode was.
    make_private(path);
    if (1..SCHEMA_VERSION).contains(&version) {
        back_up_before_migrating(&conn, path, version)?;
    }

    // Only now, with the file known to be ours and not from the future,
    // does anything write to it.
    set_wal(&conn).map_err(|error| read_only_or(error, &display))?;
    // A health log values every committed reading over write speed: FULL
    // syncs the log on each commit, so a power cut cannot take back a
    // reading the app already reported as saved.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    if let Err(error) = MIGRATIONS.to_latest(&mut conn) {
        // Two first runs at once: the other one may have migrated the file
        // between our look and our write, and then all is as it should be.
        let now: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if now != SCHEMA_VERSION {
            let words = match &error {
                rusqlite_migration::Error::RusqliteError { err, .. } => super::sqlite_words(err),
                _ => "its schema is not one knotmap wrote".to_string(),
            };
            return Err(StoreError::Migration(display.clone(), words));
        }
    }
    Ok(conn)
}

/// Switches the file to WAL. Changing the journal mode needs the file to
/// itself, and SQLite reports a busy file at once rather than waiting, so
/// two first runs at once (one still creating the schema) retry here for
/// as long as any other write would wait.
fn set_wal(conn: &Connection) -> rusqlite::Result<()> {
    let started = std::time::Instant::now();
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(error)
                if matches!(
                    error.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                ) && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

/// The error of a first write, named plainly when the file or its folder
/// cannot be written (SQLite must create its -wal and -shm beside it).
fn read_only_or(error: impl Into<StoreError>, display: &str) -> StoreError {
    match error.into() {
        StoreError::Sqlite(error)
            if matches!(
                error.sqlite_error_code(),
                Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen)
            ) =>
        {
            StoreError::ReadOnly(display.to_string())
        }
        other => other,
    }
}

/// A file that does not start like an SQLite database is refused without
/// being opened by SQLite at all. An empty file is a new database.
fn check_header(path: &Path) -> Result<(), StoreError> {
    let display = path.display().to_string();
    let mut header = Vec::with_capacity(SQLITE_HEADER.len());
    fs::File::open(path)
        .and_then(|file| {
            file.take(SQLITE_HEADER.len() as u64)
                .read_to_end(&mut header)
        })
        .map_err(|error| StoreError::Io(display.clone(), error))?;
    if header.is_empty() || header == SQLITE_HEADER {
        Ok(())
    } else {
        Err(StoreError::NotSqlite(display))
    }
}

/// Copies a database that is about to be migrated beside it, readable by
/// its owner only, with SQLite's backup API (a consistent copy even with
/// another process writing): `knotmap.db.before-v2-from-v1` for a file of
/// version 1.
fn back_up_before_migrating(
    conn: &Connection,
    path: &Path,
    version: i64,
) -> Result<(), StoreError> {
    let backup = backup::backup_path(path, version, SCHEMA_VERSION);
    backup::back_up(conn, path, &backup, version)
}

/// Refuses an SQLite file of another program, or of a newer knotmap, and
/// returns the schema version of one that is ours.
fn check_ours(conn: &Connection, display: &str) -> Result<i64, StoreError> {
    let mut marks = schema_marks(conn)?;
    // Our tables without our mark yet: another knotmap is creating this
    // file right now. Give it a moment to finish.
    for _ in 0..CREATION_WAITS {
        if marks.0 != 0 || marks.1 != 0 || !has_our_tables(conn)? {
            break;
        }
        std::thread::sleep(CREATION_WAIT);
        marks = schema_marks(conn)?;
    }
    let (version, application_id) = marks;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?;
    let fresh = version == 0 && application_id == 0 && tables == 0;
    if !fresh && application_id != APPLICATION_ID {
        return Err(StoreError::Foreign(display.to_string()));
    }
    if version < 0 {
        return Err(StoreError::BadVersion(display.to_string(), version));
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: display.to_string(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    Ok(version)
}

/// How long, at most, to wait for another knotmap creating the same file.
const CREATION_WAITS: u32 = 100;
const CREATION_WAIT: Duration = Duration::from_millis(50);

/// `user_version` and `application_id`.
fn schema_marks(conn: &Connection) -> Result<(i64, i64), StoreError> {
    let version = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let application_id = conn.pragma_query_value(None, "application_id", |row| row.get(0))?;
    Ok((version, application_id))
}

fn has_our_tables(conn: &Connection) -> Result<bool, StoreError> {
    let ours: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('knots', 'sessions', 'readings')",
        [],
        |row| row.get(0),
    )?;
    Ok(ours == 3)
}

/// Takes the group's and others' access away from the database and its
/// -wal and -shm, so that a file made by another program or copied with
/// a lax mode is its owner's alone. The owner's own bits stay: a file
/// made read-only stays read-only. Not ours to change, it stays as it is.
fn make_private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let file = std::path::PathBuf::from(name);
        if let Ok(meta) = fs::symlink_metadata(&file) {
            let mode = meta.permissions().mode() & 0o7777;
            if meta.is_file() && mode & 0o077 != 0 {
                let _ = fs::set_permissions(&file, fs::Permissions::from_mode(mode & 0o700));
            }
        }
    }
}

/// Creates the file readable by its owner only, and its folder too when
/// it is missing. SQLite gives the -wal and -shm files the same mode.
pub(super) fn create_private_file(path: &Path) -> Result<(), StoreError> {
    let display = path.display().to_string();
    if let Some(parent) = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty() && !p.exists())
    {
        use std::os::unix::fs::DirBuilderExt;
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(parent)
            .map_err(|error| StoreError::Io(parent.display().to_string(), error))?;
    }
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        // Another knotmap made it a moment ago: use theirs.
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(StoreError::Io(display, error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_migrations_are_valid() {
        MIGRATIONS.validate().unwrap();
    }
}

//! Where an import's records wait, checked, before they are merged: a
//! scratch SQLite file of its own, so that a file of any size is read
//! once, with little memory, and the database is only opened, and its
//! write lock only taken, once the whole file is known to be good.

use std::fs::File;
use std::io;
use std::os::unix::fs::PermissionsExt;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;
use tempfile::TempDir;

use super::{Result, StoreError};
use crate::exchange::{self, ARRAYS, Record, Refused, Stage};
use crate::leftovers::{self, Leftover};

/// An import's records, staged.
pub struct Staging {
    conn: Connection,
    /// The folder's lock, held while the staging is in use.
    _in_use: File,
    /// The folder that holds the scratch file, removed when dropped.
    _dir: TempDir,
}

/// Why a record could not be staged.
#[derive(Debug)]
pub enum StageError {
    Refused(Refused),
    Store(StoreError),
}

impl From<Refused> for StageError {
    fn from(refused: Refused) -> StageError {
        StageError::Refused(refused)
    }
}

impl From<rusqlite::Error> for StageError {
    fn from(error: rusqlite::Error) -> StageError {
        StageError::Store(error.into())
    }
}

/// One table per kind of record: its place in the file, its UUID, the
/// UUIDs it refers to, and the record as the file gave it. The indexes
/// are built once every record is in: sorting once is far quicker than
/// growing an index of random UUIDs record by record.
const SCHEMA: &str = "
    CREATE TABLE knots (idx INTEGER PRIMARY KEY, uuid TEXT NOT NULL,
                        ref_a TEXT, ref_b TEXT, record TEXT NOT NULL);
    CREATE TABLE sessions (idx INTEGER PRIMARY KEY, uuid TEXT NOT NULL,
                           ref_a TEXT, ref_b TEXT, record TEXT NOT NULL);
    CREATE TABLE readings (idx INTEGER PRIMARY KEY, uuid TEXT NOT NULL,
                           ref_a TEXT, ref_b TEXT, record TEXT NOT NULL);
    CREATE TABLE clearings (idx INTEGER PRIMARY KEY, uuid TEXT NOT NULL,
                            ref_a TEXT, ref_b TEXT, record TEXT NOT NULL);
    CREATE TABLE tombstones (idx INTEGER PRIMARY KEY, uuid TEXT NOT NULL,
                             ref_a TEXT, ref_b TEXT, record TEXT NOT NULL);
";

const INDEXES: &str = "
    CREATE INDEX knots_uuid ON knots (uuid, idx);
    CREATE INDEX sessions_uuid ON sessions (uuid, idx);
    CREATE INDEX readings_uuid ON readings (uuid, idx);
    CREATE INDEX clearings_uuid ON clearings (uuid, idx);
    CREATE INDEX tombstones_uuid ON tombstones (uuid, idx);
    CREATE INDEX readings_knot ON readings (ref_a);
    CREATE INDEX readings_session ON readings (ref_b);
";

/// How the folders of stagings are named in the temporary folder.
const STAGING_PREFIX: &str = "knotmap-import-";

/// Page cache of the staging file, in KiB.
const STAGING_CACHE_KIB: i64 = 32 * 1024;

impl Staging {
    /// An empty staging file in the system's temporary folder.
    pub fn new() -> Result<Staging> {
        // Each holds a copy of a whole history, and nothing else would
        // ever remove one a killed run left.
        leftovers::sweep(&std::env::temp_dir(), STAGING_PREFIX, Leftover::Folder);
        // The staged records are the person's whole history: for their
        // eyes only, like the database.
        let dir = tempfile::Builder::new()
            .prefix(STAGING_PREFIX)
            .permissions(std::fs::Permissions::from_mode(0o700))
            .tempdir()
            .map_err(|error| StoreError::Io("a temporary folder".into(), error))?;
        // Held while this run stages, so that another run can tell a
        // staging in use from one a killed run left behind.
        let in_use = File::open(dir.path())
            .and_then(|folder| folder.try_lock().map_err(io::Error::from).map(|()| folder))
            .map_err(|error| StoreError::Io("a temporary folder".into(), error))?;
        crate::signals::remove_on_signal(dir.path());
        let conn = Connection::open(dir.path().join("staged.db"))?;
        // A scratch file: lost with the run if the run is lost.
        conn.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = FILE;",
        )?;
        conn.pragma_update(None, "cache_size", -STAGING_CACHE_KIB)?;
        conn.execute_batch(SCHEMA)?;
        conn.execute_batch("BEGIN")?;
        Ok(Staging {
            conn,
            _in_use: in_use,
            _dir: dir,
        })
    }

    /// The export `reader` gives, read, checked and staged, then sealed.
    /// The file comes from another computer: a record dated after
    /// [`exchange::latest_allowed`] of `now` is refused.
    pub fn read(reader: impl io::Read, now: DateTime<Utc>) -> Result<Staging, StageError> {
        let mut staging = Staging::new().map_err(StageError::Store)?;
        exchange::read_from(reader, Some(exchange::latest_allowed(now)), &mut staging)?;
        staging.seal()?;
        Ok(staging)
    }

    /// Ends staging, refusing a UUID that two records of one kind have
    /// (named at the second); what was staged can then be read back.
    pub fn seal(&self) -> Result<(), StageError> {
        if self.conn.is_autocommit() {
            return Ok(());
        }
        self.conn.execute_batch(INDEXES)?;
        self.conn.execute_batch("COMMIT")?;
        // From here on it is read in order, once: a small cache will do.
        self.conn.pragma_update(None, "cache_size", -2048)?;
        let mut found: Option<(&'static str, i64, String, i64)> = None;
        for array in ARRAYS {
            let duplicate: Option<(i64, String, i64)> = self
                .conn
                .query_row(
                    &format!(
                        "SELECT idx, uuid, first FROM (
                             SELECT idx, uuid, min(idx) OVER (PARTITION BY uuid) AS first
                             FROM {} INDEXED BY {}_uuid)
                         WHERE idx > first ORDER BY idx LIMIT 1",
                        table(array),
                        table(array)
                    ),
                    [],
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
                )
                .optional()?;
            if let (Some((index, uuid, first)), None) = (duplicate, &found) {
                found = Some((array, index, uuid, first));
            }
        }
        match found {
            Some((array, index, uuid, first)) => {
                let place = |at: i64| usize::try_from(at).unwrap_or(usize::MAX);
                Err(exchange::duplicate(array, place(index), &uuid, place(first)).into())
            }
            None => Ok(()),
        }
    }

    /// How many records of `array` are staged.
    pub fn count(&self, array: &str) -> Result<u64> {
        let count: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM {}", table(array)),
            [],
            |row| row.get(0),
        )?;
        Ok(count.max(0) as u64)
    }

    /// Whether a record refers to a knot or session the file does not
    /// hold: such a file can only go into a database that has them.
    pub fn refers_outside(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM readings r
                            WHERE NOT EXISTS (SELECT 1 FROM knots k WHERE k.uuid = r.ref_a)
                               OR NOT EXISTS (SELECT 1 FROM sessions s WHERE s.uuid = r.ref_b))
                 OR EXISTS (SELECT 1 FROM knots r WHERE r.ref_a IS NOT NULL
                            AND NOT EXISTS (SELECT 1 FROM knots k WHERE k.uuid = r.ref_a))
                 OR EXISTS (SELECT 1 FROM clearings r
                            WHERE NOT EXISTS (SELECT 1 FROM knots k WHERE k.uuid = r.ref_a))",
            [],
            |row| row.get(0),
        )?)
    }

    /// Hands every staged record of `array` to `each`, in the order of the
    /// file, checked again into its typed form.
    pub fn each<E: From<StoreError> + From<Refused>>(
        &self,
        array: &str,
        mut each: impl FnMut(usize, Record) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut statement = self
            .conn
            .prepare(&format!(
                "SELECT idx, record FROM {} ORDER BY idx",
                table(array)
            ))
            .map_err(StoreError::from)?;
        let mut rows = statement.query([]).map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let index: i64 = row.get(0).map_err(StoreError::from)?;
            let text: String = row.get(1).map_err(StoreError::from)?;
            let index = usize::try_from(index).unwrap_or(usize::MAX);
            let value: Value =
                serde_json::from_str(&text).map_err(|error| Refused::NotJson(error.to_string()))?;
            // Staged in the form of the version this build writes.
            let version = u64::from(exchange::FORMAT_VERSION);
            each(
                index,
                exchange::record_of(array, index, &value, None, version)?,
            )?;
        }
        Ok(())
    }
}

/// The table of `array`, one of the names the format gives its arrays.
fn table(array: &str) -> &'static str {
    match array {
        "knots" => "knots",
        "sessions" => "sessions",
        "readings" => "readings",
        "clearings" => "clearings",
        _ => "tombstones",
    }
}

impl Stage for Staging {
    type Error = StageError;

    fn record(
        &mut self,
        array: &'static str,
        index: usize,
        record: Record,
        value: &Value,
    ) -> Result<(), StageError> {
        let (ref_a, ref_b) = match &record {
            Record::Knot(knot) => (knot.recurs_knot.as_deref(), None),
            Record::Session(_) => (None, None),
            Record::Reading(reading) => {
                (Some(reading.knot.as_str()), Some(reading.session.as_str()))
            }
            Record::Clearing(clearing) => (Some(clearing.knot.as_str()), None),
            Record::Tombstone(_) => (None, None),
        };
        // A knot's place as this version gives it, whatever the file's
        // version: the staged record is read back as this version.
        let text = match &record {
            Record::Knot(knot) => {
                let mut value = value.clone();
                value["x"] = Value::from(knot.spot.x);
                value["y"] = Value::from(knot.spot.y);
                value.to_string()
            }
            _ => value.to_string(),
        };
        let table = table(array);
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO {table} (idx, uuid, ref_a, ref_b, record)
                 VALUES (?1, ?2, ?3, ?4, ?5)"
            ))?
            .execute(params![index as i64, record.uuid(), ref_a, ref_b, text])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;
    use std::time::{Duration, SystemTime};

    use super::*;

    /// A folder in `temp` named like a staging, last touched `age` ago.
    fn staging_folder(temp: &Path, name: &str, age: Duration) -> std::path::PathBuf {
        let path = temp.join(format!("{STAGING_PREFIX}{name}"));
        fs::create_dir(&path).unwrap();
        fs::write(path.join("staged.db"), "a whole history").unwrap();
        File::open(&path)
            .unwrap()
            .set_modified(SystemTime::now() - age)
            .unwrap();
        path
    }

    #[test]
    fn a_staging_is_for_its_owner_alone() {
        let staging = Staging::new().unwrap();
        let mode = fs::metadata(staging._dir.path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }

    #[test]
    fn what_a_killed_run_left_is_removed_and_nothing_in_use() {
        let temp = tempfile::tempdir().unwrap();
        let hour = Duration::from_secs(3600);
        let left = staging_folder(temp.path(), "left", hour);
        let in_use = staging_folder(temp.path(), "in-use", hour);
        let held = File::open(&in_use).unwrap();
        held.try_lock().unwrap();
        let just_made = staging_folder(temp.path(), "just-made", Duration::ZERO);
        let other = temp.path().join("someone-elses");
        fs::create_dir(&other).unwrap();
        File::open(&other)
            .unwrap()
            .set_modified(SystemTime::now() - hour)
            .unwrap();

        leftovers::sweep(temp.path(), STAGING_PREFIX, Leftover::Folder);

        assert!(!left.exists(), "a killed run's staging is removed");
        assert!(in_use.exists(), "a staging another run holds is kept");
        assert!(just_made.exists(), "a staging made a moment ago is kept");
        assert!(other.exists(), "other programs' folders are not touched");
    }
}

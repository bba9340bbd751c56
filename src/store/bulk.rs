//! Writing a whole sample history at once: knots, sessions and readings in
//! one transaction, each statement prepared once, the indexes built after
//! the rows, the derived tables worked out before it commits. A million
//! readings take seconds, where logging them one by one would take hours.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use thiserror::Error;
use uuid::Uuid;

use super::records::{
    INSERT_KNOT, INSERT_READING, INSERT_SESSION, NewKnotRow, NewSessionRow, ReadingParams,
};
use super::{Store, StoreError, derived};
use crate::body::{Region, Spot};
use crate::domain::NewReading;
use crate::text::plural;

/// Page cache for a bulk write, in KiB: enough to keep the indexes of a
/// million readings in memory while they grow.
const BULK_CACHE_KIB: i64 = 512 * 1024;

/// Why a sample was not written. Nothing was.
#[derive(Debug, Error)]
pub enum BulkError {
    #[error(
        "{path} already holds {held}; sample data goes only into a new or empty database: name another file with --db, or delete this one first; nothing was changed"
    )]
    NotEmpty {
        path: String,
        /// What it holds, in words: "12 readings, 3 knots and 5 sessions".
        held: String,
    },
    #[error("the sample is out of order: {0}; nothing was changed")]
    OutOfOrder(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for BulkError {
    fn from(error: rusqlite::Error) -> BulkError {
        BulkError::Store(error.into())
    }
}

/// One record of a history written in bulk. A knot or a session comes
/// before the first reading that names it.
#[derive(Debug, Clone, PartialEq)]
pub enum BulkRecord {
    Knot(BulkKnot),
    Session(BulkSession),
    Reading(BulkReading),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkKnot {
    pub uuid: Uuid,
    pub region: Region,
    pub spot: Spot,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkSession {
    pub uuid: Uuid,
    pub started_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkReading {
    pub uuid: Uuid,
    /// The knot, counted from 0 in the order the knots came.
    pub knot: usize,
    /// The session, counted from 0 in the order the sessions came.
    pub session: usize,
    pub taken_at: DateTime<Utc>,
    pub treatment: NewReading,
}

/// What a bulk write added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    pub knots: usize,
    pub sessions: usize,
    pub readings: usize,
    /// The first and the latest reading.
    pub first: Option<DateTime<Utc>>,
    pub last: Option<DateTime<Utc>>,
}

impl Store {
    /// Writes a sample history into a database that holds nothing yet, all
    /// of it or, on any error, none. A reading must come after the knot
    /// and the session it names.
    pub fn write_sample(
        &mut self,
        records: impl IntoIterator<Item = BulkRecord>,
    ) -> Result<Written, BulkError> {
        let cache: i64 = self
            .conn
            .pragma_query_value(None, "cache_size", |row| row.get(0))?;
        self.conn
            .pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
        let written = self.write_sample_in_one_go(records);
        self.conn.pragma_update(None, "cache_size", cache)?;
        written
    }

    fn write_sample_in_one_go(
        &mut self,
        records: impl IntoIterator<Item = BulkRecord>,
    ) -> Result<Written, BulkError> {
        self.check_sound()?;
        let tx = super::begin_write(&mut self.conn, &self.path)?;
        let (knots, sessions, readings) = counts(&tx)?;
        if knots + sessions + readings > 0 {
            return Err(BulkError::NotEmpty {
                path: self.path.display().to_string(),
                held: format!(
                    "{}, {} and {}",
                    plural(readings, "reading", "readings"),
                    plural(knots, "knot", "knots"),
                    plural(sessions, "session", "sessions")
                ),
            });
        }
        // Indexes grown row by row cost more than built once at the end
        // (a million readings: 6-7 seconds of inserts against 3.5-4 and
        // 1.2 to build them). Their
        // definitions come from the file itself, so the schema stays in
        // `migrations/`.
        let indexes = secondary_indexes(&tx)?;
        for (name, _) in &indexes {
            tx.execute(&format!("DROP INDEX \"{name}\""), [])?;
        }
        let written = insert_all(&tx, records)?;
        for (_, sql) in &indexes {
            tx.execute(sql, [])?;
        }
        derived::refresh_all(&tx, self.rules.calm_pain)?;
        tx.commit()?;
        Ok(written)
    }
}

/// The name and the `CREATE INDEX` of every index on the tables a sample
/// fills, but those SQLite keeps for a UNIQUE or a primary key.
pub(super) fn secondary_indexes(conn: &Connection) -> rusqlite::Result<Vec<(String, String)>> {
    conn.prepare(
        "SELECT name, sql FROM sqlite_master
         WHERE type = 'index' AND sql IS NOT NULL
               AND tbl_name IN ('knots', 'sessions', 'readings')
         ORDER BY name",
    )?
    .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
    .collect()
}

pub(super) fn counts(conn: &Connection) -> rusqlite::Result<(i64, i64, i64)> {
    conn.query_row(
        "SELECT (SELECT count(*) FROM knots), (SELECT count(*) FROM sessions),
                (SELECT count(*) FROM readings)",
        [],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )
}

fn insert_all(
    conn: &Connection,
    records: impl IntoIterator<Item = BulkRecord>,
) -> Result<Written, BulkError> {
    let mut knot_statement = conn.prepare(INSERT_KNOT)?;
    let mut session_statement = conn.prepare(INSERT_SESSION)?;
    let mut reading_statement = conn.prepare(INSERT_READING)?;
    let mut knot_ids: Vec<i64> = Vec::new();
    let mut session_ids: Vec<i64> = Vec::new();
    let mut written = Written::default();
    // UUIDs are written as text from one buffer, not a string each.
    let mut uuid = Uuid::encode_buffer();
    for record in records {
        match record {
            BulkRecord::Knot(knot) => {
                let id = NewKnotRow {
                    uuid: knot.uuid.hyphenated().encode_lower(&mut uuid),
                    region: knot.region,
                    spot: knot.spot,
                    created_at: knot.created_at,
                    marked_resolved_at: None,
                }
                .insert(&mut knot_statement)?;
                knot_ids.push(id);
            }
            BulkRecord::Session(session) => {
                let id = NewSessionRow {
                    uuid: session.uuid.hyphenated().encode_lower(&mut uuid),
                    started_at: session.started_at,
                    minutes: None,
                    note: None,
                }
                .insert(&mut session_statement)?;
                session_ids.push(id);
            }
            BulkRecord::Reading(reading) => {
                let knot_id = *knot_ids.get(reading.knot).ok_or_else(|| {
                    BulkError::OutOfOrder(format!("a reading of knot {} before it", reading.knot))
                })?;
                let session_id = *session_ids.get(reading.session).ok_or_else(|| {
                    BulkError::OutOfOrder(format!(
                        "a reading of session {} before it",
                        reading.session
                    ))
                })?;
                ReadingParams {
                    id: 0,
                    uuid: reading.uuid.hyphenated().encode_lower(&mut uuid),
                    knot_id,
                    session_id,
                    taken_at: reading.taken_at,
                    treatment: &reading.treatment,
                }
                .insert(&mut reading_statement)?;
                written.first.get_or_insert(reading.taken_at);
                written.last = Some(reading.taken_at);
                written.readings += 1;
            }
        }
    }
    written.knots = knot_ids.len();
    written.sessions = session_ids.len();
    Ok(written)
}

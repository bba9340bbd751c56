//! Writing a whole sample history at once: knots, sessions and readings in
//! one transaction, each statement prepared once, the indexes built after
//! the rows, the derived tables worked out before it commits. A million
//! readings take seconds, where logging them one by one would take hours.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior, params};
use thiserror::Error;

use super::{Store, StoreError, derived};
use crate::domain::pain::Ppt;
use crate::domain::symptom::Symptom;
use crate::domain::when::to_stored;
use crate::sample::Record;
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
        records: impl IntoIterator<Item = Record>,
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
        records: impl IntoIterator<Item = Record>,
    ) -> Result<Written, BulkError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
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
fn secondary_indexes(conn: &Connection) -> rusqlite::Result<Vec<(String, String)>> {
    conn.prepare(
        "SELECT name, sql FROM sqlite_master
         WHERE type = 'index' AND sql IS NOT NULL
               AND tbl_name IN ('knots', 'sessions', 'readings')
         ORDER BY name",
    )?
    .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
    .collect()
}

fn counts(conn: &Connection) -> rusqlite::Result<(i64, i64, i64)> {
    conn.query_row(
        "SELECT (SELECT count(*) FROM knots), (SELECT count(*) FROM sessions),
                (SELECT count(*) FROM readings)",
        [],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )
}

fn insert_all(
    conn: &Connection,
    records: impl IntoIterator<Item = Record>,
) -> Result<Written, BulkError> {
    let mut knot_statement = conn.prepare(
        "INSERT INTO knots (uuid, region, view, x, y, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut session_statement =
        conn.prepare("INSERT INTO sessions (uuid, started_at) VALUES (?1, ?2)")?;
    let mut reading_statement = conn.prepare(
        "INSERT INTO readings (uuid, knot_id, session_id, taken_at, pain_before, pain_after,
                               technique, tool, minutes, pressure, symptoms, note, ppt_kg_cm2)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    let mut knot_ids: Vec<i64> = Vec::new();
    let mut session_ids: Vec<i64> = Vec::new();
    let mut written = Written::default();
    let mut uuid = uuid::Uuid::encode_buffer();
    for record in records {
        match record {
            Record::Knot(knot) => {
                knot_statement.execute(params![
                    knot.uuid.hyphenated().encode_lower(&mut uuid) as &str,
                    knot.region.slug(),
                    knot.spot.view.slug(),
                    knot.spot.x,
                    knot.spot.y,
                    to_stored(knot.created_at),
                ])?;
                knot_ids.push(conn.last_insert_rowid());
            }
            Record::Session(session) => {
                session_statement.execute(params![
                    session.uuid.hyphenated().encode_lower(&mut uuid) as &str,
                    to_stored(session.started_at),
                ])?;
                session_ids.push(conn.last_insert_rowid());
            }
            Record::Reading(reading) => {
                let knot_id = *knot_ids.get(reading.knot).ok_or_else(|| {
                    BulkError::OutOfOrder(format!("a reading of knot {} before it", reading.knot))
                })?;
                let session_id = *session_ids.get(reading.session).ok_or_else(|| {
                    BulkError::OutOfOrder(format!(
                        "a reading of session {} before it",
                        reading.session
                    ))
                })?;
                let treatment = &reading.treatment;
                reading_statement.execute(params![
                    reading.uuid.hyphenated().encode_lower(&mut uuid) as &str,
                    knot_id,
                    session_id,
                    to_stored(reading.taken_at),
                    treatment.pain_before.map(u8::from),
                    treatment.pain_after.map(u8::from),
                    treatment.technique,
                    treatment.tool,
                    treatment.minutes,
                    treatment.pressure.map(u8::from),
                    Symptom::join(&treatment.symptoms),
                    treatment.note,
                    treatment.ppt.map(Ppt::kg_cm2),
                ])?;
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

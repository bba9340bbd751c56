//! Merging a staged export into the database: records matched by UUID,
//! new ones added under new local ids, the ones already here left as they
//! are, in one transaction.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};
use thiserror::Error;

use super::clearings;
use super::derived::Touched;
use super::records::{
    INSERT_KNOT, INSERT_READING, INSERT_SESSION, NewKnotRow, NewSessionRow, ReadingParams,
};
use super::staging::Staging;
use super::{Store, StoreError};
use crate::exchange::{Record, Refused};
use crate::progress::Progress;

/// Why an import was refused once the database was open. Nothing was
/// written.
#[derive(Debug, Error)]
pub enum ImportError {
    #[error("{record}: {field} {uuid} is neither in the file nor in the database")]
    Dangling {
        record: String,
        field: &'static str,
        uuid: String,
    },
    #[error(transparent)]
    Refused(#[from] Refused),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for ImportError {
    fn from(error: rusqlite::Error) -> ImportError {
        ImportError::Store(error.into())
    }
}

/// Page cache for an import, in KiB: enough for the indexes a big import
/// adds to, which otherwise are read from disk again and again.
const IMPORT_CACHE_KIB: i64 = 64 * 1024;

/// What an import added, and how many of its records were here already.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Merged {
    pub knots: usize,
    pub sessions: usize,
    pub readings: usize,
    /// Times a knot on hold was said to be seen to.
    pub clearings: usize,
    pub already_here: usize,
}

impl Store {
    /// Adds the staged records that the database does not hold yet (by
    /// UUID), all of them or, on any error, none, in one transaction.
    /// Reading and checking the file happened before, with the database
    /// not even open: the write lock is held for the merge alone.
    pub fn import(&mut self, staged: &Staging, progress: &Progress) -> Result<Merged, ImportError> {
        self.check_sound()?;
        let cache: i64 = self
            .conn
            .pragma_query_value(None, "cache_size", |row| row.get(0))?;
        self.conn
            .pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
        let merged = self.merge(staged, progress);
        self.conn.pragma_update(None, "cache_size", cache)?;
        merged
    }

    fn merge(&mut self, staged: &Staging, progress: &Progress) -> Result<Merged, ImportError> {
        let (_announced, tx) = super::begin_long_write(&mut self.conn, &self.path)?;
        // Into an empty file (a history moved to a new computer), the
        // indexes are built once after the rows, as a sample's are:
        // growing them row by row costs more. Their definitions come from
        // the file itself.
        let (knots, sessions, readings) = super::bulk::counts(&tx)?;
        let indexes = if knots + sessions + readings == 0 {
            super::bulk::secondary_indexes(&tx)?
        } else {
            Vec::new()
        };
        for (name, _) in &indexes {
            tx.execute(&format!("DROP INDEX \"{name}\""), [])?;
        }
        let mut merged = Merged::default();
        let mut touched = Touched::default();
        // The local id of each knot by UUID: few, whatever the history.
        let mut knot_ids: HashMap<String, i64> = HashMap::new();

        // Every reference is checked, those of records already here too:
        // a file that points nowhere is broken. Links between knots are
        // made once every knot of the file is in.
        let mut links: Vec<(usize, String, Option<i64>, String)> = Vec::new();
        staged.each("knots", |index, record| -> Result<(), ImportError> {
            let Record::Knot(knot) = record else {
                return Ok(());
            };
            let new_id = match already_here(&tx, Table::Knots, &knot.uuid)? {
                Some(id) => {
                    merged.already_here += 1;
                    knot_ids.insert(knot.uuid.clone(), id);
                    None
                }
                None => {
                    let id = NewKnotRow {
                        uuid: &knot.uuid,
                        region: knot.region,
                        spot: knot.spot,
                        created_at: knot.created_at,
                        marked_resolved_at: knot.marked_resolved_at,
                    }
                    .insert(&mut *tx.prepare_cached(INSERT_KNOT)?)?;
                    merged.knots += 1;
                    knot_ids.insert(knot.uuid.clone(), id);
                    Some(id)
                }
            };
            if let Some(earlier) = knot.recurs_knot {
                links.push((index, knot.uuid, new_id, earlier));
            }
            Ok(())
        })?;
        for (index, uuid, new_id, earlier) in links {
            let earlier_id = already_here(&tx, Table::Knots, &earlier)?.ok_or_else(|| {
                ImportError::Dangling {
                    record: format!("knot {uuid} (knots[{index}])"),
                    field: "recurs_knot",
                    uuid: earlier.clone(),
                }
            })?;
            if let Some(id) = new_id {
                tx.execute(
                    "UPDATE knots SET recurs_knot_id = ?2 WHERE id = ?1",
                    params![id, earlier_id],
                )?;
            }
        }

        staged.each("sessions", |_, record| -> Result<(), ImportError> {
            let Record::Session(session) = record else {
                return Ok(());
            };
            if already_here(&tx, Table::Sessions, &session.uuid)?.is_some() {
                merged.already_here += 1;
                return Ok(());
            }
            NewSessionRow {
                uuid: &session.uuid,
                started_at: session.started_at,
                minutes: session.minutes,
                note: session.note.as_deref(),
            }
            .insert(&mut *tx.prepare_cached(INSERT_SESSION)?)?;
            merged.sessions += 1;
            Ok(())
        })?;

        progress.stage("Merging", "readings", staged.count("readings")?);
        // Readings come in time order, so most name the session before.
        let mut last_session: Option<(String, i64)> = None;
        staged.each("readings", |index, record| -> Result<(), ImportError> {
            let Record::Reading(reading) = record else {
                return Ok(());
            };
            progress.advance(1);
            let dangling = |field, uuid: &str| ImportError::Dangling {
                record: format!("reading {} (readings[{index}])", reading.uuid),
                field,
                uuid: uuid.to_string(),
            };
            let knot_id = match knot_ids.get(&reading.knot) {
                Some(&id) => id,
                None => {
                    let id = already_here(&tx, Table::Knots, &reading.knot)?
                        .ok_or_else(|| dangling("knot", &reading.knot))?;
                    knot_ids.insert(reading.knot.clone(), id);
                    id
                }
            };
            let session_id = match &last_session {
                Some((uuid, id)) if *uuid == reading.session => *id,
                _ => {
                    let id = already_here(&tx, Table::Sessions, &reading.session)?
                        .ok_or_else(|| dangling("session", &reading.session))?;
                    last_session = Some((reading.session.clone(), id));
                    id
                }
            };
            if already_here(&tx, Table::Readings, &reading.uuid)?.is_some() {
                merged.already_here += 1;
                return Ok(());
            }
            ReadingParams {
                id: 0,
                uuid: &reading.uuid,
                knot_id,
                session_id,
                taken_at: reading.taken_at,
                treatment: &reading.treatment,
            }
            .insert(&mut *tx.prepare_cached(INSERT_READING)?)?;
            merged.readings += 1;
            touched.reading(&tx, knot_id, reading.taken_at)?;
            Ok(())
        })?;

        staged.each("clearings", |index, record| -> Result<(), ImportError> {
            let Record::Clearing(clearing) = record else {
                return Ok(());
            };
            let knot_id = already_here(&tx, Table::Knots, &clearing.knot)?.ok_or_else(|| {
                ImportError::Dangling {
                    record: format!("clearing {} (clearings[{index}])", clearing.uuid),
                    field: "knot",
                    uuid: clearing.knot.clone(),
                }
            })?;
            if already_here(&tx, Table::Clearings, &clearing.uuid)?.is_some() {
                merged.already_here += 1;
                return Ok(());
            }
            clearings::insert(&tx, &clearing.uuid, knot_id, clearing.cleared_at)?;
            merged.clearings += 1;
            touched.knot(knot_id);
            Ok(())
        })?;
        for (_, sql) in &indexes {
            tx.execute(sql, [])?;
        }
        progress.stage("Working out the summaries", "knots", 0);
        touched.refresh(&tx, self.rules.calm_pain)?;

        tx.commit()?;
        Ok(merged)
    }
}

#[derive(Clone, Copy)]
enum Table {
    Knots,
    Sessions,
    Readings,
    Clearings,
}

/// Whether a record of the file is already in the database, and its
/// local id if it is: the one place an import decides this. A record is
/// the same record when it has the same UUID; one already here is left
/// as it is.
fn already_here(conn: &Connection, table: Table, uuid: &str) -> rusqlite::Result<Option<i64>> {
    let sql = match table {
        Table::Knots => "SELECT id FROM knots WHERE uuid = ?1",
        Table::Sessions => "SELECT id FROM sessions WHERE uuid = ?1",
        Table::Readings => "SELECT id FROM readings WHERE uuid = ?1",
        Table::Clearings => "SELECT id FROM clearings WHERE uuid = ?1",
    };
    conn.prepare_cached(sql)?
        .query_row([uuid], |row| row.get(0))
        .optional()
}

//! Merging an export into the database: records matched by UUID, new ones
//! added under new local ids, the ones already here left as they are, in
//! one transaction.

use rusqlite::{Connection, OptionalExtension, params};
use thiserror::Error;

use super::clearings;
use super::derived::Touched;
use super::records::{
    INSERT_KNOT, INSERT_READING, INSERT_SESSION, NewKnotRow, NewSessionRow, ReadingParams,
};
use super::{Store, StoreError};
use crate::exchange::Incoming;

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
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for ImportError {
    fn from(error: rusqlite::Error) -> ImportError {
        ImportError::Store(error.into())
    }
}

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
    /// Adds the records of `incoming` that the database does not hold yet
    /// (by UUID), all of them or, on any error, none.
    pub fn import(&mut self, incoming: &Incoming) -> Result<Merged, ImportError> {
        self.check_sound()?;
        let tx = super::begin_write(&mut self.conn, &self.path)?;
        let mut merged = Merged::default();
        let mut touched = Touched::default();

        // Every reference is checked, those of records already here too:
        // a file that points nowhere is broken.
        let mut new_knot_ids = Vec::with_capacity(incoming.knots.len());
        for knot in &incoming.knots {
            if id_of(&tx, Table::Knots, &knot.uuid)?.is_some() {
                new_knot_ids.push(None);
                merged.already_here += 1;
                continue;
            }
            let id = NewKnotRow {
                uuid: &knot.uuid,
                region: knot.region,
                spot: knot.spot,
                created_at: knot.created_at,
                marked_resolved_at: knot.marked_resolved_at,
            }
            .insert(&mut *tx.prepare_cached(INSERT_KNOT)?)?;
            new_knot_ids.push(Some(id));
            merged.knots += 1;
        }
        // Links between knots, once every knot of the file is in.
        for (index, (knot, new_id)) in incoming.knots.iter().zip(new_knot_ids).enumerate() {
            let Some(earlier) = &knot.recurs_knot else {
                continue;
            };
            let earlier_id =
                id_of(&tx, Table::Knots, earlier)?.ok_or_else(|| ImportError::Dangling {
                    record: format!("knot {} (knots[{index}])", knot.uuid),
                    field: "recurs_knot",
                    uuid: earlier.clone(),
                })?;
            if let Some(id) = new_id {
                tx.execute(
                    "UPDATE knots SET recurs_knot_id = ?2 WHERE id = ?1",
                    params![id, earlier_id],
                )?;
            }
        }

        for session in &incoming.sessions {
            if id_of(&tx, Table::Sessions, &session.uuid)?.is_some() {
                merged.already_here += 1;
                continue;
            }
            NewSessionRow {
                uuid: &session.uuid,
                started_at: session.started_at,
                minutes: session.minutes,
                note: session.note.as_deref(),
            }
            .insert(&mut *tx.prepare_cached(INSERT_SESSION)?)?;
            merged.sessions += 1;
        }

        for (index, reading) in incoming.readings.iter().enumerate() {
            let dangling = |field, uuid: &str| ImportError::Dangling {
                record: format!("reading {} (readings[{index}])", reading.uuid),
                field,
                uuid: uuid.to_string(),
            };
            let knot_id = id_of(&tx, Table::Knots, &reading.knot)?
                .ok_or_else(|| dangling("knot", &reading.knot))?;
            let session_id = id_of(&tx, Table::Sessions, &reading.session)?
                .ok_or_else(|| dangling("session", &reading.session))?;
            if id_of(&tx, Table::Readings, &reading.uuid)?.is_some() {
                merged.already_here += 1;
                continue;
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
        }

        for (index, clearing) in incoming.clearings.iter().enumerate() {
            let knot_id =
                id_of(&tx, Table::Knots, &clearing.knot)?.ok_or_else(|| ImportError::Dangling {
                    record: format!("clearing {} (clearings[{index}])", clearing.uuid),
                    field: "knot",
                    uuid: clearing.knot.clone(),
                })?;
            if clearings::has(&tx, &clearing.uuid)? {
                merged.already_here += 1;
                continue;
            }
            clearings::insert(&tx, &clearing.uuid, knot_id, clearing.cleared_at)?;
            merged.clearings += 1;
            touched.knot(knot_id);
        }
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
}

/// The local id of the record with this UUID, if the database has it.
fn id_of(conn: &Connection, table: Table, uuid: &str) -> rusqlite::Result<Option<i64>> {
    let sql = match table {
        Table::Knots => "SELECT id FROM knots WHERE uuid = ?1",
        Table::Sessions => "SELECT id FROM sessions WHERE uuid = ?1",
        Table::Readings => "SELECT id FROM readings WHERE uuid = ?1",
    };
    conn.prepare_cached(sql)?
        .query_row([uuid], |row| row.get(0))
        .optional()
}

//! Merging an export into the database: records matched by UUID, new ones
//! added under new local ids, the ones here replaced by a later version,
//! deletions carried out, in one transaction.

use rusqlite::{Connection, OptionalExtension, params};
use thiserror::Error;

use super::clearings;
use super::derived::Touched;
use super::records::{
    INSERT_KNOT, INSERT_READING, INSERT_SESSION, NewKnotRow, NewSessionRow, ReadingParams,
    UPDATE_KNOT, UPDATE_SESSION,
};
use super::versions::{Decision, Stamper, decide, set_stamp, take_tombstone};
use super::{Store, StoreError};
use crate::domain::stamp::{Kind, Stamp};
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

/// What an import added, changed and deleted, and how many of its
/// records were here already (or, here, in a later version).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Merged {
    pub knots: usize,
    pub sessions: usize,
    pub readings: usize,
    /// Times a knot on hold was said to be seen to.
    pub clearings: usize,
    /// Records here replaced by a later version of them.
    pub changed: usize,
    /// Records here deleted by a later deletion.
    pub deleted: usize,
    pub already_here: usize,
}

impl Store {
    /// Merges `incoming` into the database, all of it or, on any error,
    /// none: for each record, the version with the later change stamp is
    /// kept (see `store/versions.rs`), so that an edit or a deletion made
    /// elsewhere travels and an older copy never wins. Records of a file
    /// from before stamps count as stamped from their own times.
    pub fn import(&mut self, incoming: &Incoming) -> Result<Merged, ImportError> {
        self.check_sound()?;
        let tx = super::begin_write(&mut self.conn, &self.path)?;
        let mut stamps = Stamper::begin(&tx, &self.path, self.clock.now_utc())?;
        let mut merged = Merged::default();
        let mut touched = Touched::default();

        // Every reference is checked, those of records already here too:
        // a file that points nowhere is broken.
        let mut taken_knot_ids = Vec::with_capacity(incoming.knots.len());
        for knot in &incoming.knots {
            let stamp = knot.stamp.clone().unwrap_or_else(|| {
                Stamp::from_time(
                    knot.created_at
                        .max(knot.marked_resolved_at.unwrap_or_default()),
                )
            });
            let row = NewKnotRow {
                uuid: &knot.uuid,
                region: knot.region,
                spot: knot.spot,
                created_at: knot.created_at,
                marked_resolved_at: knot.marked_resolved_at,
            };
            let id = match decide(&mut stamps, Kind::Knot, &knot.uuid, &stamp)? {
                Decision::Keep => {
                    merged.already_here += 1;
                    None
                }
                Decision::Take(None) => {
                    merged.knots += 1;
                    Some(row.insert(&mut *tx.prepare_cached(INSERT_KNOT)?)?)
                }
                Decision::Take(Some(id)) => {
                    merged.changed += 1;
                    row.update(&mut *tx.prepare_cached(UPDATE_KNOT)?, id)?;
                    Some(id)
                }
            };
            if let Some(id) = id {
                set_stamp(&tx, Kind::Knot, id, &stamp)?;
                touched.knot(id);
            }
            taken_knot_ids.push(id);
        }
        // Links between knots, once every knot of the file is in.
        for (index, (knot, taken)) in incoming.knots.iter().zip(taken_knot_ids).enumerate() {
            let earlier_id = match &knot.recurs_knot {
                Some(earlier) => Some(id_of(&tx, Table::Knots, earlier)?.ok_or_else(|| {
                    ImportError::Dangling {
                        record: format!("knot {} (knots[{index}])", knot.uuid),
                        field: "recurs_knot",
                        uuid: earlier.clone(),
                    }
                })?),
                None => None,
            };
            if let Some(id) = taken {
                tx.execute(
                    "UPDATE knots SET recurs_knot_id = ?2 WHERE id = ?1",
                    params![id, earlier_id],
                )?;
            }
        }

        for session in &incoming.sessions {
            let stamp = session
                .stamp
                .clone()
                .unwrap_or_else(|| Stamp::from_time(session.started_at));
            let row = NewSessionRow {
                uuid: &session.uuid,
                started_at: session.started_at,
                minutes: session.minutes,
                note: session.note.as_deref(),
            };
            let id = match decide(&mut stamps, Kind::Session, &session.uuid, &stamp)? {
                Decision::Keep => {
                    merged.already_here += 1;
                    continue;
                }
                Decision::Take(None) => {
                    merged.sessions += 1;
                    row.insert(&mut *tx.prepare_cached(INSERT_SESSION)?)?
                }
                Decision::Take(Some(id)) => {
                    merged.changed += 1;
                    row.update(&mut *tx.prepare_cached(UPDATE_SESSION)?, id)?;
                    id
                }
            };
            set_stamp(&tx, Kind::Session, id, &stamp)?;
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
            let stamp = reading
                .stamp
                .clone()
                .unwrap_or_else(|| Stamp::from_time(reading.taken_at));
            let row = ReadingParams {
                id: 0,
                uuid: &reading.uuid,
                knot_id,
                session_id,
                taken_at: reading.taken_at,
                treatment: &reading.treatment,
            };
            let id = match decide(&mut stamps, Kind::Reading, &reading.uuid, &stamp)? {
                Decision::Keep => {
                    merged.already_here += 1;
                    continue;
                }
                Decision::Take(None) => {
                    merged.readings += 1;
                    row.insert(&mut *tx.prepare_cached(INSERT_READING)?)?
                }
                Decision::Take(Some(id)) => {
                    merged.changed += 1;
                    ReadingParams { id, ..row }.update(&tx)?;
                    id
                }
            };
            set_stamp(&tx, Kind::Reading, id, &stamp)?;
            touched.reading(&tx, knot_id, reading.taken_at)?;
        }

        for (index, clearing) in incoming.clearings.iter().enumerate() {
            let knot_id =
                id_of(&tx, Table::Knots, &clearing.knot)?.ok_or_else(|| ImportError::Dangling {
                    record: format!("clearing {} (clearings[{index}])", clearing.uuid),
                    field: "knot",
                    uuid: clearing.knot.clone(),
                })?;
            let stamp = clearing
                .stamp
                .clone()
                .unwrap_or_else(|| Stamp::from_time(clearing.cleared_at));
            let id = match decide(&mut stamps, Kind::Clearing, &clearing.uuid, &stamp)? {
                Decision::Keep => {
                    merged.already_here += 1;
                    continue;
                }
                Decision::Take(None) => {
                    merged.clearings += 1;
                    clearings::insert(&tx, &clearing.uuid, knot_id, clearing.cleared_at)?
                        .ok_or_else(|| StoreError::UnknownKnot(knot_id.to_string()))?
                }
                Decision::Take(Some(id)) => {
                    merged.changed += 1;
                    clearings::replace(&tx, id, knot_id, clearing.cleared_at)?;
                    id
                }
            };
            set_stamp(&tx, Kind::Clearing, id, &stamp)?;
            touched.knot(knot_id);
        }

        // Deletions last: one may be of a record of this very file.
        for tombstone in &incoming.tombstones {
            if let Some(id) = take_tombstone(&mut stamps, tombstone)? {
                merged.deleted += 1;
                // The schema's triggers mark what the deletion touches.
                match tombstone.kind {
                    Kind::Reading => tx.execute("DELETE FROM readings WHERE id = ?1", [id])?,
                    Kind::Clearing => tx.execute("DELETE FROM clearings WHERE id = ?1", [id])?,
                    Kind::Knot | Kind::Session => 0,
                };
            }
        }
        stamps.finish()?;
        touched.refresh(&tx, self.rules.calm_pain)?;

        tx.commit()?;
        Ok(merged)
    }
}

#[derive(Clone, Copy)]
enum Table {
    Knots,
    Sessions,
}

/// The local id of the record with this UUID, if the database has it.
fn id_of(conn: &Connection, table: Table, uuid: &str) -> rusqlite::Result<Option<i64>> {
    let sql = match table {
        Table::Knots => "SELECT id FROM knots WHERE uuid = ?1",
        Table::Sessions => "SELECT id FROM sessions WHERE uuid = ?1",
    };
    conn.prepare_cached(sql)?
        .query_row([uuid], |row| row.get(0))
        .optional()
}

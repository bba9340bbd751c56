//! Merging a staged export into the database: records matched by UUID,
//! new ones added under new local ids, the ones here replaced by a later
//! version, deletions carried out, in one transaction.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use thiserror::Error;

use super::clearings;
use super::derived::Touched;
use super::records::{
    INSERT_KNOT, INSERT_READING, INSERT_SESSION, NewKnotRow, NewSessionRow, ReadingParams,
    UPDATE_KNOT, UPDATE_SESSION,
};
use super::staging::Staging;
use super::versions::{Decision, Stamper, decide, set_stamp, take_tombstone};
use super::{Store, StoreError};
use crate::domain::stamp::{Kind, Stamp};
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

/// What an import added, changed and deleted, and how many of its
/// records were here already (or, here, in a later version).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
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

impl Merged {
    /// Whether the file brought anything this database did not have.
    pub fn brought_anything(&self) -> bool {
        self.knots + self.sessions + self.readings + self.clearings + self.changed + self.deleted
            > 0
    }

    /// Counts a record added (`added`), replaced, or kept as it was here.
    fn count(&mut self, decision: Decision, added: fn(&mut Merged) -> &mut usize) {
        match decision {
            Decision::Keep => self.already_here += 1,
            Decision::Take(None) => *added(self) += 1,
            Decision::Take(Some(_)) => self.changed += 1,
        }
    }
}

impl Store {
    /// Merges the staged records into the database, all of them or, on
    /// any error, none, in one transaction: for each record the version
    /// with the later change stamp is kept (see `store/versions.rs`), so
    /// that an edit or a deletion made elsewhere travels and an older copy
    /// never wins. Records of a file from before stamps count as stamped
    /// from their own times. Reading and checking the file happened
    /// before, with the database not even open: the write lock is held for
    /// the merge alone.
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
        let mut stamps = Stamper::begin(&tx, &self.path, self.clock.now_utc())?;
        let mut merged = Merged::default();
        let mut touched = Touched::default();
        // The local id of each knot by UUID: few, whatever the history.
        let mut knot_ids: HashMap<String, i64> = HashMap::new();

        // Every reference is checked, those of records already here too:
        // a file that points nowhere is broken. Links between knots are
        // made once every knot of the file is in.
        let mut links: Vec<(usize, String, Option<i64>, Option<String>)> = Vec::new();
        staged.each("knots", |index, record| -> Result<(), ImportError> {
            let Record::Knot(knot) = record else {
                return Ok(());
            };
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
            let decision = decide(&mut stamps, Kind::Knot, &knot.uuid, &stamp)?;
            merged.count(decision, |m| &mut m.knots);
            let taken = match decision {
                Decision::Keep => None,
                Decision::Take(None) => Some(row.insert(&mut *tx.prepare_cached(INSERT_KNOT)?)?),
                Decision::Take(Some(id)) => {
                    row.update(&mut *tx.prepare_cached(UPDATE_KNOT)?, id)?;
                    Some(id)
                }
            };
            if let Some(id) = taken {
                set_stamp(&tx, Kind::Knot, id, &stamp)?;
                touched.knot(id);
            }
            let id = match taken {
                Some(id) => Some(id),
                None => already_here(&tx, Table::Knots, &knot.uuid)?,
            };
            if let Some(id) = id {
                knot_ids.insert(knot.uuid.clone(), id);
            }
            // A version taken replaces the link too, even with none.
            if taken.is_some() || knot.recurs_knot.is_some() {
                links.push((index, knot.uuid, taken, knot.recurs_knot));
            }
            Ok(())
        })?;
        for (index, uuid, taken, earlier) in links {
            let earlier_id = match earlier {
                Some(earlier) => {
                    Some(already_here(&tx, Table::Knots, &earlier)?.ok_or_else(|| {
                        ImportError::Dangling {
                            record: format!("knot {uuid} (knots[{index}])"),
                            field: "recurs_knot",
                            uuid: earlier.clone(),
                        }
                    })?)
                }
                None => None,
            };
            if let Some(id) = taken {
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
            let decision = decide(&mut stamps, Kind::Session, &session.uuid, &stamp)?;
            merged.count(decision, |m| &mut m.sessions);
            let id = match decision {
                Decision::Keep => return Ok(()),
                Decision::Take(None) => row.insert(&mut *tx.prepare_cached(INSERT_SESSION)?)?,
                Decision::Take(Some(id)) => {
                    row.update(&mut *tx.prepare_cached(UPDATE_SESSION)?, id)?;
                    id
                }
            };
            set_stamp(&tx, Kind::Session, id, &stamp)?;
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
            let decision = decide(&mut stamps, Kind::Reading, &reading.uuid, &stamp)?;
            merged.count(decision, |m| &mut m.readings);
            let id = match decision {
                Decision::Keep => return Ok(()),
                Decision::Take(None) => row.insert(&mut *tx.prepare_cached(INSERT_READING)?)?,
                Decision::Take(Some(id)) => {
                    ReadingParams { id, ..row }.update(&tx)?;
                    id
                }
            };
            set_stamp(&tx, Kind::Reading, id, &stamp)?;
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
            let stamp = clearing
                .stamp
                .clone()
                .unwrap_or_else(|| Stamp::from_time(clearing.cleared_at));
            let decision = decide(&mut stamps, Kind::Clearing, &clearing.uuid, &stamp)?;
            merged.count(decision, |m| &mut m.clearings);
            let id = match decision {
                Decision::Keep => return Ok(()),
                Decision::Take(None) => {
                    clearings::insert(&tx, &clearing.uuid, knot_id, clearing.cleared_at)?
                        .ok_or_else(|| StoreError::UnknownKnot(knot_id.to_string()))?
                }
                Decision::Take(Some(id)) => {
                    clearings::replace(&tx, id, knot_id, clearing.cleared_at)?;
                    id
                }
            };
            set_stamp(&tx, Kind::Clearing, id, &stamp)?;
            touched.knot(knot_id);
            Ok(())
        })?;

        // Deletions last: one may be of a record of this very file.
        staged.each("tombstones", |_, record| -> Result<(), ImportError> {
            let Record::Tombstone(tombstone) = record else {
                return Ok(());
            };
            if let Some(id) = take_tombstone(&mut stamps, &tombstone)? {
                merged.deleted += 1;
                // The schema's triggers mark what the deletion touches.
                match tombstone.kind {
                    Kind::Reading => tx.execute("DELETE FROM readings WHERE id = ?1", [id])?,
                    Kind::Clearing => tx.execute("DELETE FROM clearings WHERE id = ?1", [id])?,
                    Kind::Knot | Kind::Session => 0,
                };
            }
            Ok(())
        })?;
        stamps.finish()?;
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
}

/// The local id of the record of the file with this UUID, if the
/// database has it. Which version of it stays is decided by its stamp
/// (see `store/versions.rs`).
fn already_here(conn: &Connection, table: Table, uuid: &str) -> rusqlite::Result<Option<i64>> {
    let sql = match table {
        Table::Knots => "SELECT id FROM knots WHERE uuid = ?1",
        Table::Sessions => "SELECT id FROM sessions WHERE uuid = ?1",
    };
    conn.prepare_cached(sql)?
        .query_row([uuid], |row| row.get(0))
        .optional()
}

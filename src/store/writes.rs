//! Changes one at a time, each in its own transaction with the summaries
//! it touches: logging a reading, editing or deleting one and putting it
//! back, and marking a knot resolved.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use super::derived::Touched;
use super::records::{self, NewKnotRow, NewSessionRow, ReadingParams};
use super::versions::Stamper;
use super::{Result, Store, StoreError};
use crate::body::{Region, Spot};
use crate::domain::course::joins_session;
use crate::domain::knot::{NewReading, Reading};
use crate::domain::stamp::Kind;
use crate::domain::when::to_stored;

/// Which session a new reading goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionChoice {
    /// The latest session if it started within the hour before the
    /// reading, else a new one starting at the reading.
    Auto,
    /// A session this program already opened (the TUI's sitting).
    Join(i64),
    /// A new session starting at the reading, made in the same
    /// transaction, so a session never exists without its first reading.
    New,
}

/// Which knot a new reading is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KnotChoice {
    Existing(i64),
    New {
        region: Region,
        spot: Spot,
    },
    /// The knot of the region logged most recently, or a new one at
    /// `spot`: decided inside the write, so two processes logging a new
    /// region at once make one knot, not two.
    LatestInRegion {
        region: Region,
        spot: Spot,
    },
}

/// What a saved reading became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Logged {
    pub knot_id: i64,
    pub new_knot: bool,
    pub reading_id: i64,
    pub session_id: i64,
    /// The knot's session number: in how many sessions it has been logged.
    pub session_number: u32,
}

impl Store {
    /// Saves one reading, creating its knot and session as needed, in one
    /// transaction: it is all on disk when this returns, or none of it is.
    pub fn log_reading(
        &mut self,
        knot: KnotChoice,
        reading: &NewReading,
        at: DateTime<Utc>,
        session: SessionChoice,
    ) -> Result<Logged> {
        self.check_sound()?;
        let tx = super::begin_write(&mut self.conn, &self.path)?;
        let mut stamps = Stamper::begin(&tx, &self.path, self.clock.now_utc())?;
        let session_id = match session {
            SessionChoice::Join(id) => id,
            SessionChoice::New => insert_session(&mut stamps, at)?,
            SessionChoice::Auto => {
                let latest: Option<(i64, String)> = tx
                    .query_row(
                        "SELECT id, started_at FROM sessions
                         WHERE started_at <= ?1 ORDER BY started_at DESC, id DESC LIMIT 1",
                        [to_stored(at)],
                        |row| Ok((row.get(0)?, row.get(1)?)),
                    )
                    .optional()?;
                let joinable = latest.and_then(|(id, started)| {
                    let started = records::parse_time(&started).ok()?;
                    joins_session(started, at, self.rules.session_span).then_some(id)
                });
                match joinable {
                    Some(id) => id,
                    None => insert_session(&mut stamps, at)?,
                }
            }
        };
        let (knot_id, new_knot) = match knot {
            KnotChoice::Existing(id) => {
                let exists: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM knots WHERE id = ?1)",
                    [id],
                    |row| row.get(0),
                )?;
                if !exists {
                    return Err(StoreError::UnknownKnot(id.to_string()));
                }
                (id, false)
            }
            KnotChoice::LatestInRegion { region, spot } => {
                let latest: Option<i64> = tx
                    .query_row(
                        "SELECT k.id FROM knots k WHERE k.region = ?1
                         ORDER BY (SELECT max(taken_at) FROM readings r WHERE r.knot_id = k.id) DESC,
                                  k.id DESC
                         LIMIT 1",
                        [region.slug()],
                        |row| row.get(0),
                    )
                    .optional()?;
                match latest {
                    Some(id) => (id, false),
                    None => (insert_knot(&mut stamps, region, spot, at)?, true),
                }
            }
            KnotChoice::New { region, spot } => (insert_knot(&mut stamps, region, spot, at)?, true),
        };
        let uuid = Uuid::new_v4().to_string();
        let reading_id = ReadingParams {
            id: 0,
            uuid: &uuid,
            knot_id,
            session_id,
            taken_at: at,
            treatment: reading,
        }
        .insert(&mut *tx.prepare_cached(records::INSERT_READING)?)?;
        stamps.stamp(Kind::Reading, reading_id)?;
        let session_number: u32 = tx.query_row(
            "SELECT count(DISTINCT session_id) FROM readings WHERE knot_id = ?1 AND taken_at <= ?2",
            params![knot_id, to_stored(at)],
            |row| row.get(0),
        )?;
        let mut touched = Touched::default();
        touched.reading(&tx, knot_id, at)?;
        touched.refresh(&tx, self.rules.calm_pain)?;
        tx.commit()?;
        Ok(Logged {
            knot_id,
            new_knot,
            reading_id,
            session_id,
            session_number,
        })
    }

    /// Replaces what a reading says (scores, treatment, notes); its knot,
    /// session and time stay.
    pub fn update_reading(&mut self, id: i64, treatment: &NewReading) -> Result<()> {
        self.check_sound()?;
        let tx = super::begin_write(&mut self.conn, &self.path)?;
        let changed = records::update_treatment(
            &mut *tx.prepare_cached(records::UPDATE_TREATMENT)?,
            id,
            treatment,
        )?;
        if changed == 0 {
            return Err(StoreError::UnknownReading(id));
        }
        Stamper::begin(&tx, &self.path, self.clock.now_utc())?.stamp(Kind::Reading, id)?;
        let (knot_id, taken_at): (i64, String) = tx.query_row(
            "SELECT knot_id, taken_at FROM readings WHERE id = ?1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        let taken_at = records::parse_time(&taken_at)
            .map_err(|e| StoreError::BadRecord(format!("reading {id}: {e}")))?;
        let mut touched = Touched::default();
        touched.reading(&tx, knot_id, taken_at)?;
        touched.refresh(&tx, self.rules.calm_pain)?;
        tx.commit()?;
        Ok(())
    }

    /// Marks a knot resolved at `when`, whatever its readings say, or with
    /// `None` lets its readings decide again.
    pub fn mark_resolved(&mut self, knot_id: i64, when: Option<DateTime<Utc>>) -> Result<()> {
        self.check_sound()?;
        let tx = super::begin_write(&mut self.conn, &self.path)?;
        let changed = tx.execute(
            "UPDATE knots SET marked_resolved_at = ?2 WHERE id = ?1",
            params![knot_id, when.map(to_stored)],
        )?;
        if changed == 0 {
            return Err(StoreError::UnknownKnot(knot_id.to_string()));
        }
        Stamper::begin(&tx, &self.path, self.clock.now_utc())?.stamp(Kind::Knot, knot_id)?;
        let mut touched = Touched::default();
        touched.knot(knot_id);
        touched.refresh(&tx, self.rules.calm_pain)?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes a reading and returns it, so that it can be put back.
    pub fn delete_reading(&mut self, id: i64) -> Result<Reading> {
        self.check_sound()?;
        let tx = super::begin_write(&mut self.conn, &self.path)?;
        let reading = records::query_readings(
            &mut *tx.prepare_cached(&format!(
                "SELECT {} FROM readings WHERE id = ?1",
                records::READING_COLUMNS
            ))?,
            [id],
        )?
        .pop()
        .ok_or(StoreError::UnknownReading(id))?;
        tx.execute("DELETE FROM readings WHERE id = ?1", [id])?;
        Stamper::begin(&tx, &self.path, self.clock.now_utc())?
            .bury(Kind::Reading, &reading.uuid)?;
        let mut touched = Touched::default();
        touched.reading(&tx, reading.knot_id, reading.taken_at)?;
        touched.refresh(&tx, self.rules.calm_pain)?;
        tx.commit()?;
        Ok(reading)
    }

    /// Puts a deleted reading back, under its old id and UUID.
    pub fn restore_reading(&mut self, reading: &Reading) -> Result<()> {
        self.check_sound()?;
        let tx = super::begin_write(&mut self.conn, &self.path)?;
        let id =
            ReadingParams::of(reading).insert(&mut *tx.prepare_cached(records::INSERT_READING)?)?;
        // Put back later than its deletion: the tombstone goes.
        Stamper::begin(&tx, &self.path, self.clock.now_utc())?.stamp(Kind::Reading, id)?;
        let mut touched = Touched::default();
        touched.reading(&tx, reading.knot_id, reading.taken_at)?;
        touched.refresh(&tx, self.rules.calm_pain)?;
        tx.commit()?;
        Ok(())
    }
}

/// Adds a new knot at a spot, stamped, and gives its id.
fn insert_knot(
    stamps: &mut Stamper<'_>,
    region: Region,
    spot: Spot,
    at: DateTime<Utc>,
) -> Result<i64> {
    let uuid = Uuid::new_v4().to_string();
    let knot = NewKnotRow {
        uuid: &uuid,
        region,
        spot,
        created_at: at,
        marked_resolved_at: None,
    };
    let id = knot.insert(&mut *stamps.conn().prepare_cached(records::INSERT_KNOT)?)?;
    stamps.stamp(Kind::Knot, id)?;
    Ok(id)
}

/// Adds a new session starting at `at`, stamped, and gives its id.
fn insert_session(stamps: &mut Stamper<'_>, at: DateTime<Utc>) -> Result<i64> {
    let uuid = Uuid::new_v4().to_string();
    let session = NewSessionRow {
        uuid: &uuid,
        started_at: at,
        minutes: None,
        note: None,
    };
    let id = session.insert(&mut *stamps.conn().prepare_cached(records::INSERT_SESSION)?)?;
    stamps.stamp(Kind::Session, id)?;
    Ok(id)
}

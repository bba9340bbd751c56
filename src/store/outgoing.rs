//! The whole history read out in the order of an export, a record at a
//! time: what an export holds in memory stays the same however long the
//! history is (the knots, and one row).

use chrono::{DateTime, Utc};
use rusqlite::{Params, Statement};

use super::versions::{stamp_column, stored_stamp};
use super::{Result, Store, StoreError, records};
use crate::domain::Session;
use crate::domain::knot::Reading;
use crate::domain::stamp::{Kind, Stamp};
use crate::domain::when::to_stored;

/// What came before a period: readings, sessions, and knots with no
/// reading in the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Earlier {
    pub readings: u64,
    pub sessions: u64,
    pub knots: u64,
}

/// How many records of each kind the file holds, to say how far an
/// export has got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sizes {
    pub knots: u64,
    pub sessions: u64,
    pub readings: u64,
}

impl Store {
    /// How many knots, sessions and readings there are to export.
    pub fn sizes(&self) -> Result<Sizes> {
        let (knots, sessions, readings) = self.counts()?;
        let count = |n: i64| n.max(0) as u64;
        Ok(Sizes {
            knots: count(knots),
            sessions: count(sessions),
            readings: count(readings),
        })
    }

    /// Every session, oldest first (then by UUID), handed to `each` one
    /// at a time with its change stamp.
    pub fn each_stamped_session<E: From<StoreError>>(
        &self,
        each: impl FnMut(Session, Stamp) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut statement = self
            .conn
            .prepare(&format!(
                "SELECT {}, {} FROM sessions ORDER BY started_at, uuid",
                records::SESSION_COLUMNS,
                stamp_column(Kind::Session, "")
            ))
            .map_err(StoreError::from)?;
        stamped_sessions(&mut statement, [], each)
    }

    /// [`Store::each_reading`], each reading with its change stamp.
    pub fn each_stamped_reading<E: From<StoreError>>(
        &self,
        each: impl FnMut(Reading, Option<Session>, Stamp) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut statement = self
            .conn
            .prepare(&format!(
                "SELECT {}, {} FROM readings r LEFT JOIN sessions s ON s.id = r.session_id
                 ORDER BY r.taken_at, r.uuid",
                records::reading_and_session_columns(),
                stamp_column(Kind::Reading, "r")
            ))
            .map_err(StoreError::from)?;
        stamped_readings(&mut statement, [], each)
    }

    /// Every reading, oldest first (then by UUID), handed to `each` one at
    /// a time with its session (`None` if the file lost it).
    pub fn each_reading<E: From<StoreError>>(
        &self,
        each: impl FnMut(Reading, Option<Session>) -> Result<(), E>,
    ) -> Result<(), E> {
        // Stored times sort as the times do, so SQLite walks its index by
        // time and sorts only readings taken in the same second.
        let mut statement = self
            .conn
            .prepare(&format!(
                "SELECT {} FROM readings r LEFT JOIN sessions s ON s.id = r.session_id
                 ORDER BY r.taken_at, r.uuid",
                records::reading_and_session_columns()
            ))
            .map_err(StoreError::from)?;
        records::each_reading_and_session(&mut statement, [], each)
    }

    /// What the file holds from before `since`: its readings and sessions,
    /// and the knots with no reading since.
    pub fn earlier_than(&self, since: DateTime<Utc>) -> Result<Earlier> {
        let since = to_stored(since);
        let count = |sql: &str| -> Result<u64> {
            let count: i64 = self
                .conn
                .prepare_cached(sql)?
                .query_row([&since], |row| row.get(0))?;
            Ok(count.max(0) as u64)
        };
        Ok(Earlier {
            readings: count("SELECT count(*) FROM readings WHERE taken_at < ?1")?,
            sessions: count("SELECT count(*) FROM sessions WHERE started_at < ?1")?,
            knots: count(
                "SELECT (SELECT count(DISTINCT knot_id) FROM readings)
                        - (SELECT count(DISTINCT knot_id) FROM readings WHERE taken_at >= ?1)",
            )?,
        })
    }
}

/// Like [`records::each_reading_and_session`], for a query with one more column
/// after the session's: the reading's change stamp.
fn stamped_readings<E: From<StoreError>>(
    statement: &mut Statement<'_>,
    params: impl Params,
    mut each: impl FnMut(Reading, Option<Session>, Stamp) -> Result<(), E>,
) -> Result<(), E> {
    let at =
        records::READING_COLUMNS.split(", ").count() + records::SESSION_COLUMNS.split(", ").count();
    let mut rows = statement.query(params).map_err(StoreError::from)?;
    while let Some(row) = rows.next().map_err(StoreError::from)? {
        let (reading, session) = records::reading_and_session(row)?;
        let stamp = stored_stamp(
            Kind::Reading,
            reading.id,
            &row.get::<_, String>(at).map_err(StoreError::from)?,
        )?;
        each(reading, session, stamp)?;
    }
    Ok(())
}

/// Runs `statement`, a query of [`records::SESSION_COLUMNS`] and then the
/// session's change stamp, and hands each session, checked, to `each` as
/// it comes.
fn stamped_sessions<E: From<StoreError>>(
    statement: &mut Statement<'_>,
    params: impl Params,
    mut each: impl FnMut(Session, Stamp) -> Result<(), E>,
) -> Result<(), E> {
    let at = records::SESSION_COLUMNS.split(", ").count();
    let mut rows = statement.query(params).map_err(StoreError::from)?;
    while let Some(row) = rows.next().map_err(StoreError::from)? {
        let session =
            records::session_from_row(records::session_row(row).map_err(StoreError::from)?)?;
        let stamp = stored_stamp(
            Kind::Session,
            session.id,
            &row.get::<_, String>(at).map_err(StoreError::from)?,
        )?;
        each(session, stamp)?;
    }
    Ok(())
}

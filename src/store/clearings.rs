//! The times a person said a knot on hold had been seen to: each kept as
//! a record of its own (so that an import can add another computer's), and
//! the latest also beside its knot (so that reading a knot is one row).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use uuid::Uuid;

use super::derived::Touched;
use super::records::parse_time;
use super::versions::Stamper;
use super::{Result, Store, StoreError};
use crate::domain::safety::Clearing;
use crate::domain::stamp::Kind;
use crate::domain::when::{to_stored, to_the_second};

impl Store {
    /// Records that knot `knot_id` was seen to at `at`, in one transaction
    /// with the summaries it changes; the clearing as stored.
    pub fn clear_hold(&mut self, knot_id: i64, at: DateTime<Utc>) -> Result<Clearing> {
        let at = to_the_second(at);
        let tx = super::begin_write(&mut self.conn, &self.path)?;
        let uuid = Uuid::new_v4().to_string();
        let id = insert(&tx, &uuid, knot_id, at)?
            .ok_or_else(|| StoreError::UnknownKnot(knot_id.to_string()))?;
        Stamper::begin(&tx, &self.path, self.clock.now_utc())?.stamp(Kind::Clearing, id)?;
        let mut touched = Touched::default();
        touched.knot(knot_id);
        touched.refresh(&tx, self.rules.calm_pain)?;
        tx.commit()?;
        Ok(Clearing {
            id,
            uuid,
            knot_id,
            cleared_at: at,
        })
    }

    /// Takes a clearing back: the app's undo.
    pub fn remove_clearing(&mut self, clearing: &Clearing) -> Result<()> {
        let tx = super::begin_write(&mut self.conn, &self.path)?;
        tx.execute("DELETE FROM clearings WHERE id = ?1", [clearing.id])?;
        Stamper::begin(&tx, &self.path, self.clock.now_utc())?
            .bury(Kind::Clearing, &clearing.uuid)?;
        keep_latest(&tx, clearing.knot_id)?;
        let mut touched = Touched::default();
        touched.knot(clearing.knot_id);
        touched.refresh(&tx, self.rules.calm_pain)?;
        tx.commit()?;
        Ok(())
    }

    /// Every clearing, oldest first.
    pub fn clearings(&self) -> Result<Vec<Clearing>> {
        all(&self.conn)
    }
}

/// Adds a clearing of `knot_id` under `uuid` and keeps the knot's latest
/// beside it; its id, or `None` when there is no such knot.
pub(super) fn insert(
    conn: &Connection,
    uuid: &str,
    knot_id: i64,
    at: DateTime<Utc>,
) -> Result<Option<i64>> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM knots WHERE id = ?1)",
        [knot_id],
        |row| row.get(0),
    )?;
    if !exists {
        return Ok(None);
    }
    conn.prepare_cached("INSERT INTO clearings (uuid, knot_id, cleared_at) VALUES (?1, ?2, ?3)")?
        .execute(params![uuid, knot_id, to_stored(at)])?;
    let id = conn.last_insert_rowid();
    keep_latest(conn, knot_id)?;
    Ok(Some(id))
}

/// Replaces clearing `id` with another version of it, and keeps the
/// latest clearing beside each knot it concerns.
pub(super) fn replace(conn: &Connection, id: i64, knot_id: i64, at: DateTime<Utc>) -> Result<()> {
    let before: i64 =
        conn.query_row("SELECT knot_id FROM clearings WHERE id = ?1", [id], |row| {
            row.get(0)
        })?;
    conn.prepare_cached("UPDATE clearings SET knot_id = ?2, cleared_at = ?3 WHERE id = ?1")?
        .execute(params![id, knot_id, to_stored(at)])?;
    keep_latest(conn, before)?;
    keep_latest(conn, knot_id)?;
    Ok(())
}

/// Puts the knot's latest clearing beside it again.
fn keep_latest(conn: &Connection, knot_id: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE knots SET cleared_at =
             (SELECT max(cleared_at) FROM clearings WHERE knot_id = ?1)
         WHERE id = ?1",
    )?
    .execute([knot_id])?;
    Ok(())
}

/// Every clearing, oldest first.
pub(super) fn all(conn: &Connection) -> Result<Vec<Clearing>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, uuid, knot_id, cleared_at FROM clearings ORDER BY cleared_at, id",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, i64>(2)?,
            row.get::<_, String>(3)?,
        ))
    })?;
    rows.map(|row| {
        let (id, uuid, knot_id, at) = row?;
        let cleared_at = parse_time(&at)
            .map_err(|_| StoreError::BadRecord(format!("clearing {id}: time \"{at}\"")))?;
        Ok(Clearing {
            id,
            uuid,
            knot_id,
            cleared_at,
        })
    })
    .collect()
}

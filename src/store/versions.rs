//! Versions of records: the stamp every write gives the records it
//! changes, the tombstones deletions leave, and which version wins when
//! another computer's copy of a record comes in. Every write of knotmap
//! stamps through a [`Stamper`]; the rule of which stamp wins is
//! [`incoming_wins`](crate::domain::stamp::incoming_wins).

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, StoreError};
use crate::domain::stamp::{Device, Kind, Stamp, Tombstone, incoming_wins};

/// The table of the records of `kind`.
fn table(kind: Kind) -> &'static str {
    match kind {
        Kind::Knot => "knots",
        Kind::Session => "sessions",
        Kind::Reading => "readings",
        Kind::Clearing => "clearings",
    }
}

/// The time a record from before stamps is stamped with; its columns
/// start with `prefix`.
fn time_sql(kind: Kind, prefix: &str) -> String {
    match kind {
        Kind::Knot => format!(
            "max({prefix}created_at, coalesce({prefix}marked_resolved_at, {prefix}created_at))"
        ),
        Kind::Session => format!("{prefix}started_at"),
        Kind::Reading => format!("{prefix}taken_at"),
        Kind::Clearing => format!("{prefix}cleared_at"),
    }
}

/// The record's stamp as SQL: its own, or, for a row written without one
/// (by a bulk write, or by another program), the stamp of a record from
/// before stamps, worked out from its time as migration 08 did (see
/// [`Stamp::from_time`]).
fn stamp_sql(kind: Kind) -> String {
    stamp_column(kind, "")
}

/// [`stamp_sql`] for the table named `alias` in a query of several.
pub(super) fn stamp_column(kind: Kind, alias: &str) -> String {
    let prefix = if alias.is_empty() {
        String::new()
    } else {
        format!("{alias}.")
    };
    format!(
        "CASE WHEN {prefix}stamp <> '' THEN {prefix}stamp ELSE \
         printf('%013d.000000.00000000000000000000000000000000', \
         max(0, CAST(strftime('%s', {}) AS INTEGER)) * 1000) END",
        time_sql(kind, &prefix)
    )
}

/// Gives the stamps of one write, inside its transaction: this database's
/// device, and a clock that never runs behind a stamp issued or taken in.
pub(super) struct Stamper<'c> {
    conn: &'c Connection,
    device: Device,
    latest: Option<Stamp>,
    /// Whether `latest` moved up to a stamp taken in and is not written
    /// yet.
    unsaved: bool,
    now: DateTime<Utc>,
}

impl<'c> Stamper<'c> {
    /// Reads the device and the clock of the database at `path`, minting a
    /// device id on its first write, or when the file is a copy of the one
    /// the id was minted for. `now` is the wall clock.
    pub fn begin(conn: &'c Connection, path: &Path, now: DateTime<Utc>) -> Result<Stamper<'c>> {
        let (device, file_key, clock): (String, String, String) = conn
            .prepare_cached("SELECT device, file_key, clock FROM replica WHERE id = 1")?
            .query_row([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .optional()?
            .unwrap_or_default();
        let here = file_key_of(path);
        let device = match Device::parse(&device) {
            Ok(device) if file_key == here => device,
            _ => {
                let device = Device::new_random();
                conn.prepare_cached(
                    "INSERT INTO replica (id, device, file_key, clock) VALUES (1, ?1, ?2, ?3)
                     ON CONFLICT (id) DO UPDATE SET device = ?1, file_key = ?2",
                )?
                .execute(params![device.as_str(), here, clock])?;
                device
            }
        };
        Ok(Stamper {
            conn,
            device,
            latest: Stamp::parse(&clock).ok(),
            unsaved: false,
            now,
        })
    }

    /// The next stamp, later than every stamp before it.
    pub fn next(&mut self) -> Result<Stamp> {
        let stamp = Stamp::next(self.latest.as_ref(), self.now, &self.device);
        self.keep(stamp.clone())?;
        Ok(stamp)
    }

    /// Moves the clock up to a stamp taken in from another computer;
    /// [`Stamper::finish`] writes it.
    pub fn take_in(&mut self, stamp: &Stamp) {
        if self.latest.as_ref().is_none_or(|latest| stamp > latest) {
            self.latest = Some(stamp.clone());
            self.unsaved = true;
        }
    }

    /// Writes the clock moved up by the stamps taken in, before the write
    /// commits.
    pub fn finish(mut self) -> Result<()> {
        if let (true, Some(latest)) = (self.unsaved, self.latest.take()) {
            self.keep(latest)?;
        }
        Ok(())
    }

    fn keep(&mut self, stamp: Stamp) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE replica SET clock = ?1 WHERE id = 1")?
            .execute([stamp.to_string()])?;
        self.latest = Some(stamp);
        self.unsaved = false;
        Ok(())
    }

    /// Gives record `id` of `kind` a new stamp: it was added or changed. A
    /// tombstone of its UUID (a record put back) goes.
    pub fn stamp(&mut self, kind: Kind, id: i64) -> Result<Stamp> {
        let stamp = self.next()?;
        set_stamp(self.conn, kind, id, &stamp)?;
        Ok(stamp)
    }

    /// Leaves a tombstone for a deleted record.
    pub fn bury(&mut self, kind: Kind, uuid: &str) -> Result<()> {
        let stamp = self.next()?;
        set_tombstone(
            self.conn,
            &Tombstone {
                uuid: uuid.to_string(),
                kind,
                stamp,
            },
        )
    }

    /// The connection of the write.
    pub fn conn(&self) -> &'c Connection {
        self.conn
    }
}

/// Sets the stamp of record `id` of `kind`, and takes away any tombstone
/// of its UUID: the record is here again.
pub(super) fn set_stamp(conn: &Connection, kind: Kind, id: i64, stamp: &Stamp) -> Result<()> {
    let table = table(kind);
    conn.prepare_cached(&format!("UPDATE {table} SET stamp = ?2 WHERE id = ?1"))?
        .execute(params![id, stamp.to_string()])?;
    conn.prepare_cached(&format!(
        "DELETE FROM tombstones WHERE uuid = (SELECT uuid FROM {table} WHERE id = ?1)"
    ))?
    .execute([id])?;
    Ok(())
}

/// Keeps a tombstone, replacing an older one of the same UUID.
pub(super) fn set_tombstone(conn: &Connection, tombstone: &Tombstone) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO tombstones (uuid, kind, stamp) VALUES (?1, ?2, ?3)
         ON CONFLICT (uuid) DO UPDATE SET kind = ?2, stamp = ?3 WHERE ?3 > stamp",
    )?
    .execute(params![
        tombstone.uuid,
        tombstone.kind.slug(),
        tombstone.stamp.to_string()
    ])?;
    Ok(())
}

/// What to do with another computer's version of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Decision {
    /// It is later than anything here: add it (`None`), or replace the
    /// record with this local id.
    Take(Option<i64>),
    /// What is here (the record, or its deletion) is as late or later.
    Keep,
}

/// Whether another computer's version of a record, stamped `incoming`,
/// replaces what is here, and moves the clock up to its stamp.
pub(super) fn decide(
    stamps: &mut Stamper<'_>,
    kind: Kind,
    uuid: &str,
    incoming: &Stamp,
) -> Result<Decision> {
    stamps.take_in(incoming);
    let record = record_stamp(stamps.conn, kind, uuid)?;
    let buried = tombstone_stamp(stamps.conn, uuid)?;
    let here = record.as_ref().map(|(_, stamp)| stamp).max(buried.as_ref());
    Ok(if incoming_wins(here, incoming) {
        Decision::Take(record.map(|(id, _)| id))
    } else {
        Decision::Keep
    })
}

/// Takes in another computer's deletion: keeps its tombstone unless a
/// later one is here, and gives the local id of the record it deletes,
/// when that record is here and older than the deletion. The caller
/// deletes it.
pub(super) fn take_tombstone(
    stamps: &mut Stamper<'_>,
    tombstone: &Tombstone,
) -> Result<Option<i64>> {
    stamps.take_in(&tombstone.stamp);
    let record = record_stamp(stamps.conn, tombstone.kind, &tombstone.uuid)?;
    let newer_record = record
        .as_ref()
        .is_some_and(|(_, stamp)| !incoming_wins(Some(stamp), &tombstone.stamp));
    if newer_record {
        return Ok(None);
    }
    set_tombstone(stamps.conn, tombstone)?;
    Ok(record.map(|(id, _)| id))
}

/// The local id and stamp of the record of `kind` with this UUID.
pub(super) fn record_stamp(
    conn: &Connection,
    kind: Kind,
    uuid: &str,
) -> Result<Option<(i64, Stamp)>> {
    let found: Option<(i64, String)> = conn
        .prepare_cached(&format!(
            "SELECT id, {} FROM {} WHERE uuid = ?1",
            stamp_sql(kind),
            table(kind)
        ))?
        .query_row([uuid], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    found
        .map(|(id, text)| Ok((id, stored_stamp(kind, id, &text)?)))
        .transpose()
}

/// The stamp of the tombstone of this UUID, if the record was deleted.
pub(super) fn tombstone_stamp(conn: &Connection, uuid: &str) -> Result<Option<Stamp>> {
    let found: Option<String> = conn
        .prepare_cached("SELECT stamp FROM tombstones WHERE uuid = ?1")?
        .query_row([uuid], |row| row.get(0))
        .optional()?;
    found
        .map(|text| {
            Stamp::parse(&text).map_err(|e| StoreError::BadRecord(format!("tombstone {uuid}: {e}")))
        })
        .transpose()
}

/// Every tombstone, oldest first.
pub(super) fn tombstones(conn: &Connection) -> Result<Vec<Tombstone>> {
    let mut statement =
        conn.prepare_cached("SELECT uuid, kind, stamp FROM tombstones ORDER BY stamp, uuid")?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
        ))
    })?;
    rows.map(|row| {
        let (uuid, kind, stamp) = row?;
        let bad = |what: String| StoreError::BadRecord(format!("tombstone {uuid}: {what}"));
        Ok(Tombstone {
            kind: Kind::from_slug(&kind).ok_or_else(|| bad(format!("kind \"{kind}\"")))?,
            stamp: Stamp::parse(&stamp).map_err(|e| bad(e.to_string()))?,
            uuid,
        })
    })
    .collect()
}

/// Every stamp of the records of `kind`, by UUID.
pub(super) fn stamps_of(
    conn: &Connection,
    kind: Kind,
) -> Result<std::collections::HashMap<String, Stamp>> {
    let mut statement = conn.prepare(&format!(
        "SELECT id, uuid, {} FROM {}",
        stamp_sql(kind),
        table(kind)
    ))?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
        ))
    })?;
    rows.map(|row| {
        let (id, uuid, text) = row?;
        Ok((uuid, stored_stamp(kind, id, &text)?))
    })
    .collect()
}

/// What is wrong with each change stamp and tombstone that cannot be read
/// (written by another program), named by table and id or UUID.
pub(super) fn unreadable_stamps(conn: &Connection) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for kind in Kind::ALL {
        let mut statement = conn.prepare(&format!(
            "SELECT id, {} FROM {} ORDER BY id",
            stamp_sql(kind),
            table(kind)
        ))?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (id, text) = row?;
            if let Err(error) = Stamp::parse(&text) {
                found.push(format!(
                    "table {}, {} {id}: {error}",
                    table(kind),
                    kind.slug()
                ));
            }
        }
    }
    let mut statement = conn.prepare("SELECT uuid, stamp FROM tombstones ORDER BY uuid")?;
    let rows = statement.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (uuid, text) = row?;
        if let Err(error) = Stamp::parse(&text) {
            found.push(format!("table tombstones, {uuid}: {error}"));
        }
    }
    Ok(found)
}

pub(super) fn stored_stamp(kind: Kind, id: i64, text: &str) -> Result<Stamp> {
    Stamp::parse(text).map_err(|e| StoreError::BadRecord(format!("{} {id}: {e}", kind.slug())))
}

/// Which file this is, as the file system knows it: a copy of the file,
/// even on the same computer, is another file.
fn file_key_of(path: &Path) -> String {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path)
        .map(|meta| format!("{}:{}", meta.dev(), meta.ino()))
        .unwrap_or_default()
}

impl super::Store {
    /// The stamp of every record of `kind`, by UUID.
    pub fn stamps(&self, kind: Kind) -> Result<std::collections::HashMap<String, Stamp>> {
        stamps_of(&self.conn, kind)
    }

    /// The latest stamp of any record or deletion here.
    pub fn latest_stamp(&self) -> Result<Option<Stamp>> {
        let mut parts: Vec<String> = Kind::ALL
            .into_iter()
            .map(|kind| format!("SELECT max({}) AS s FROM {}", stamp_sql(kind), table(kind)))
            .collect();
        parts.push("SELECT max(stamp) FROM tombstones".to_string());
        let latest: Option<String> = self.conn.query_row(
            &format!("SELECT max(s) FROM ({})", parts.join(" UNION ALL ")),
            [],
            |row| row.get(0),
        )?;
        latest
            .map(|text| {
                Stamp::parse(&text)
                    .map_err(|e| StoreError::BadRecord(format!("a change stamp: {e}")))
            })
            .transpose()
    }

    /// Every deletion that is remembered, oldest first.
    pub fn tombstones(&self) -> Result<Vec<Tombstone>> {
        tombstones(&self.conn)
    }

    /// This database's device id, minted now if no write has yet.
    pub fn own_device(&mut self) -> Result<Device> {
        self.check_sound()?;
        let tx = super::begin_write(&mut self.conn, &self.path)?;
        let device = Stamper::begin(&tx, &self.path, self.clock.now_utc())?
            .device
            .clone();
        tx.commit()?;
        Ok(device)
    }

    /// This database's device id, once a write has minted it.
    pub fn device(&self) -> Result<Option<Device>> {
        let text: String =
            self.conn
                .query_row("SELECT device FROM replica WHERE id = 1", [], |row| {
                    row.get(0)
                })?;
        Ok(Device::parse(&text).ok())
    }
}

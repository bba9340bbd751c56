//! The whole history written as the JSON export, a record at a time, each
//! record with its change stamp, then the tombstones: what `knotmap
//! export` writes and what a sync file holds. Memory stays flat however
//! long the history (the knots, the clearings and one row).

use std::collections::HashMap;
use std::io::Write;

use anyhow::Result;
use chrono::{DateTime, Utc};

use crate::domain::knot::Knot;
use crate::domain::stamp::{Kind, Stamp};
use crate::exchange::{
    ClearingRecord, JsonWriter, KnotRecord, ReadingRecord, SessionRecord, TombstoneRecord,
};
use crate::progress::Progress;
use crate::store::Store;

/// How many records of each kind an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    pub knots: usize,
    pub sessions: usize,
    pub readings: usize,
    pub clearings: usize,
    pub tombstones: usize,
}

/// The knots by id: few, whatever the length of the history.
pub fn knots_by_id(knots: &[Knot]) -> HashMap<i64, &Knot> {
    knots.iter().map(|knot| (knot.id, knot)).collect()
}

/// Writes the export of `store`, dated `exported_at`, to `out`.
pub fn write(
    store: &Store,
    exported_at: DateTime<Utc>,
    out: &mut dyn Write,
    progress: &Progress,
) -> Result<Written> {
    let mut written = Written::default();
    let mut knots = store.knots()?;
    knots.sort_by(|a, b| (a.created_at, &a.uuid).cmp(&(b.created_at, &b.uuid)));
    let by_id = knots_by_id(&knots);
    let uuid_of = |id: i64| by_id.get(&id).map_or_else(String::new, |k| k.uuid.clone());
    let knot_stamps = store.stamps(Kind::Knot)?;
    // A record written since its stamp was read counts as from before
    // stamps, at its own time.
    let stamp_of = |stamps: &HashMap<String, Stamp>, uuid: &str, at: DateTime<Utc>| {
        stamps
            .get(uuid)
            .cloned()
            .unwrap_or_else(|| Stamp::from_time(at))
    };

    let mut writer = JsonWriter::start(out, exported_at)?;
    writer.array("knots")?;
    for knot in &knots {
        let stamp = stamp_of(&knot_stamps, &knot.uuid, knot.created_at);
        writer.record(&KnotRecord::of(
            knot,
            knot.recurs_knot_id.map(uuid_of),
            &stamp,
        ))?;
        written.knots += 1;
    }
    writer.end_array()?;
    writer.array("sessions")?;
    store.each_stamped_session(|session, stamp| -> Result<()> {
        writer.record(&SessionRecord::of(&session, &stamp))?;
        written.sessions += 1;
        Ok(())
    })?;
    writer.end_array()?;
    writer.array("readings")?;
    store.each_stamped_reading(|reading, session, stamp| -> Result<()> {
        let session = session.map_or_else(String::new, |s| s.uuid);
        writer.record(&ReadingRecord::of(
            &reading,
            uuid_of(reading.knot_id),
            session,
            &stamp,
        ))?;
        written.readings += 1;
        progress.advance(1);
        Ok(())
    })?;
    writer.end_array()?;
    writer.array("clearings")?;
    let mut clearings = store.clearings()?;
    clearings.sort_by(|a, b| (a.cleared_at, &a.uuid).cmp(&(b.cleared_at, &b.uuid)));
    let clearing_stamps = store.stamps(Kind::Clearing)?;
    for clearing in &clearings {
        let stamp = stamp_of(&clearing_stamps, &clearing.uuid, clearing.cleared_at);
        writer.record(&ClearingRecord::of(
            clearing,
            uuid_of(clearing.knot_id),
            &stamp,
        ))?;
        written.clearings += 1;
    }
    writer.end_array()?;
    writer.array("tombstones")?;
    for tombstone in store.tombstones()? {
        writer.record(&TombstoneRecord::of(&tombstone))?;
        written.tombstones += 1;
    }
    writer.end_array()?;
    writer.finish()?;
    Ok(written)
}

//! `knotmap export`: the whole history as JSON (every record, to merge
//! elsewhere with `knotmap import`) or CSV (one row per reading), written
//! record by record as it is read: memory stays flat at any size.

use std::collections::HashMap;
use std::io::Write;

use anyhow::Result;

use crate::cli::ExportFormat;
use crate::clock::Clock;
use crate::domain::knot::Knot;
use crate::exchange::{
    ClearingRecord, CsvWriter, JsonWriter, KnotRecord, ReadingRecord, SessionRecord,
};
use crate::output::Output;
use crate::progress::Progress;
use crate::store::Store;

pub fn run(store: &Store, clock: &Clock, format: ExportFormat, output: Output) -> Result<()> {
    let sizes = store.sizes()?;
    let progress = Progress::new("Exporting", "readings", sizes.readings);
    output.stream(|out| match format {
        ExportFormat::Json => json(store, clock, out, &progress),
        ExportFormat::Csv => csv(store, out, &progress),
    })?;
    progress.finish();
    Ok(())
}

/// The knots by id: few, whatever the length of the history.
fn knots_by_id(knots: &[Knot]) -> HashMap<i64, &Knot> {
    knots.iter().map(|knot| (knot.id, knot)).collect()
}

fn json(store: &Store, clock: &Clock, out: &mut dyn Write, progress: &Progress) -> Result<()> {
    let mut knots = store.knots()?;
    knots.sort_by(|a, b| (a.created_at, &a.uuid).cmp(&(b.created_at, &b.uuid)));
    let by_id = knots_by_id(&knots);
    let uuid_of = |id: i64| by_id.get(&id).map_or_else(String::new, |k| k.uuid.clone());

    let mut writer = JsonWriter::start(out, clock.now_utc())?;
    writer.array("knots")?;
    for knot in &knots {
        writer.record(&KnotRecord::of(knot, knot.recurs_knot_id.map(uuid_of)))?;
    }
    writer.end_array()?;
    writer.array("sessions")?;
    store.each_session(|session| -> Result<()> {
        writer.record(&SessionRecord::of(&session))?;
        Ok(())
    })?;
    writer.end_array()?;
    writer.array("readings")?;
    store.each_reading(|reading, session| -> Result<()> {
        let session = session.map_or_else(String::new, |s| s.uuid);
        writer.record(&ReadingRecord::of(
            &reading,
            uuid_of(reading.knot_id),
            session,
        ))?;
        progress.advance(1);
        Ok(())
    })?;
    writer.end_array()?;
    writer.array("clearings")?;
    let mut clearings = store.clearings()?;
    clearings.sort_by(|a, b| (a.cleared_at, &a.uuid).cmp(&(b.cleared_at, &b.uuid)));
    for clearing in &clearings {
        writer.record(&ClearingRecord::of(clearing, uuid_of(clearing.knot_id)))?;
    }
    writer.end_array()?;
    writer.finish()?;
    Ok(())
}

fn csv(store: &Store, out: &mut dyn Write, progress: &Progress) -> Result<()> {
    let knots = store.knots()?;
    let by_id = knots_by_id(&knots);
    let mut writer = CsvWriter::start(out)?;
    store.each_reading(|reading, session| -> Result<()> {
        let knot = by_id.get(&reading.knot_id).copied();
        writer.row(&reading, knot, session.as_ref())?;
        progress.advance(1);
        Ok(())
    })?;
    writer.finish()?;
    Ok(())
}

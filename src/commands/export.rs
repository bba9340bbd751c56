//! `knotmap export`: the whole history as JSON (every record, to merge
//! elsewhere with `knotmap import`) or CSV (one row per reading), written
//! record by record as it is read: memory stays flat at any size.

use std::io::Write;

use anyhow::Result;

use crate::cli::ExportFormat;
use crate::clock::Clock;
use crate::exchange::CsvWriter;
use crate::output::Output;
use crate::progress::Progress;
use crate::store::Store;
use crate::transfer;

pub fn run(store: &Store, clock: &Clock, format: ExportFormat, output: Output) -> Result<()> {
    let sizes = store.sizes()?;
    // An export shown on the terminal is its own progress.
    let progress = if output.is_terminal() {
        Progress::hidden()
    } else {
        Progress::new("Exporting", "readings", sizes.readings)
    };
    output.stream(|out| write(store, clock, format, out, &progress))?;
    progress.finish();
    Ok(())
}

/// Writes the export in `format` to `out`, counting readings on
/// `progress`.
pub fn write(
    store: &Store,
    clock: &Clock,
    format: ExportFormat,
    out: &mut dyn Write,
    progress: &Progress,
) -> Result<()> {
    match format {
        ExportFormat::Json => {
            transfer::export::write(store, clock.now_utc(), out, progress).map(drop)
        }
        ExportFormat::Csv => csv(store, out, progress),
    }
}

fn csv(store: &Store, out: &mut dyn Write, progress: &Progress) -> Result<()> {
    let knots = store.knots()?;
    let by_id = transfer::export::knots_by_id(&knots);
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

//! `knotmap export`: the whole history as JSON (every record, to merge
//! elsewhere with `knotmap import`) or CSV (one row per reading).

use anyhow::Result;

use crate::cli::ExportFormat;
use crate::clock::Clock;
use crate::exchange::{Document, to_csv};
use crate::store::Store;

pub fn run(store: &Store, clock: &Clock, format: ExportFormat) -> Result<String> {
    let (history, versions) = store.versioned_history()?;
    Ok(match format {
        ExportFormat::Json => {
            Document::from_history(&history, &versions, clock.now_utc()).to_json()?
        }
        ExportFormat::Csv => to_csv(&history)?,
    })
}

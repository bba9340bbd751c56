//! `knotmap export`: the whole history as JSON (every record, to merge
//! elsewhere with `knotmap import`) or CSV (one row per reading).

use anyhow::Result;
use chrono::Utc;

use crate::cli::ExportFormat;
use crate::exchange::{Document, to_csv};
use crate::store::Store;

pub fn run(store: &Store, format: ExportFormat) -> Result<String> {
    let history = store.history()?;
    Ok(match format {
        ExportFormat::Json => Document::from_history(&history, Utc::now()).to_json()?,
        ExportFormat::Csv => to_csv(&history)?,
    })
}

//! `knotmap report`: a summary of the history for a physiotherapist, as
//! one self-contained HTML page or as Markdown.

use anyhow::Result;

use crate::cli::ReportFormat;
use crate::clock::Clock;
use crate::domain::analysis::Analysis;
use crate::domain::when::parse_since;
use crate::report::{Report, to_html, to_markdown};
use crate::store::Store;

pub fn run(
    store: &Store,
    clock: &Clock,
    since: Option<&str>,
    format: ReportFormat,
) -> Result<String> {
    let now = clock.now();
    let since = since.map(|text| parse_since(text, now)).transpose()?;
    let analysis = Analysis::new(store.history()?, store.rules(), now);
    let report = Report::new(&analysis, store.rules(), since, now);
    Ok(match format {
        ReportFormat::Html => to_html(&report)?,
        ReportFormat::Md => to_markdown(&report)?,
    })
}

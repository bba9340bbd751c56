//! `knotmap report`: a summary of the history for a physiotherapist, as
//! one self-contained HTML page or as Markdown: by default of the last
//! twelve weeks, read without the rest of the history.

use std::collections::HashSet;

use anyhow::Result;
use chrono::{DateTime, Duration, Utc};

use crate::cli::ReportFormat;
use crate::clock::Clock;
use crate::domain::analysis::Analysis;
use crate::domain::when::parse_since;
use crate::progress::Progress;
use crate::report::{KNOTS_IN_FULL, Report, to_html, to_markdown};
use crate::store::{Earlier, Store};

/// The period a report covers unless told otherwise: about the last three
/// months of treatment, what a physiotherapist asks about.
pub const DEFAULT_WEEKS: i64 = 12;

pub fn run(
    store: &Store,
    clock: &Clock,
    since: Option<&str>,
    all: bool,
    format: ReportFormat,
) -> Result<String> {
    let now = clock.now();
    let since: Option<DateTime<Utc>> = match (since, all) {
        (Some(text), _) => Some(parse_since(text, now)?),
        (None, true) => None,
        (None, false) => Some(now.with_timezone(&Utc) - Duration::weeks(DEFAULT_WEEKS)),
    };
    let (analysis, earlier) = match since {
        Some(since) => (
            store.period_analysis(since, now, KNOTS_IN_FULL)?,
            store.earlier_than(since)?,
        ),
        None => {
            // The whole history takes a while on a long one: say so.
            let sizes = store.sizes()?;
            let progress = Progress::new("Reading the history", "readings", sizes.readings);
            let history = store.history()?;
            progress.finish();
            (
                Analysis::new(history, store.rules(), now),
                Earlier::default(),
            )
        }
    };
    // The kept returns, oldest first, the order a report tells them in.
    // Those about its knots, and those of its period.
    let mut recurrences = store.recurrences(None, usize::MAX)?;
    recurrences.reverse();
    let shown: HashSet<i64> = analysis.knots.iter().map(|s| s.knot.id).collect();
    recurrences.retain(|r| {
        shown.contains(&r.knot)
            || shown.contains(&r.earlier_knot)
            || since.is_none_or(|since| r.returned_at >= since)
    });
    let mut report = Report::new(&analysis, store.rules(), recurrences, earlier, since, now);
    report.brief = !all;
    Ok(match format {
        ReportFormat::Html => to_html(&report)?,
        ReportFormat::Md => to_markdown(&report)?,
    })
}

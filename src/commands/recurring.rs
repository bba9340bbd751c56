//! `knotmap recurring`: knots that came back, and where.

use std::fmt::Write as _;

use anyhow::Result;
use chrono::Utc;
use serde::Serialize;

use crate::clock::Clock;
use crate::domain::recurrence::{FlaggedRegion, Recurrence};
use crate::store::Store;
use crate::text::plural;

/// What `recurring --json` prints. Field names are a stable interface.
#[derive(Serialize)]
struct RecurringDocument {
    /// Every return counted, listed or not.
    total: u64,
    /// The newest returns anywhere, up to the limit.
    recurrences: Vec<Recurrence>,
    regions: Vec<RegionEntry>,
}

#[derive(Serialize)]
struct RegionEntry {
    #[serde(flatten)]
    flagged: FlaggedRegion,
    /// The region's newest returns, up to the limit.
    recurrences: Vec<Recurrence>,
}

/// The regions knots came back to, each with its newest `limit` returns.
pub fn run(store: &Store, clock: &Clock, limit: usize, json: bool) -> Result<String> {
    let analysis = store.analysis(clock.now())?;
    let regions = analysis
        .flagged
        .into_iter()
        .map(|flagged| {
            let recurrences = store.recurrences(Some(flagged.region), limit)?;
            Ok(RegionEntry {
                flagged,
                recurrences,
            })
        })
        .collect::<Result<Vec<RegionEntry>>>()?;
    let mut out = String::new();
    if json {
        let document = RecurringDocument {
            total: regions.iter().map(|entry| entry.flagged.count).sum(),
            recurrences: store.recurrences(None, limit)?,
            regions,
        };
        writeln!(out, "{}", serde_json::to_string_pretty(&document)?)?;
        return Ok(out);
    }
    if regions.is_empty() {
        writeln!(
            out,
            "No knot has come back: none hurt again after two calm sessions, and no new knot formed beside a calmed one."
        )?;
        return Ok(out);
    }
    let zone = clock.zone();
    let date =
        |time: chrono::DateTime<Utc>| time.with_timezone(&zone).format("%Y-%m-%d").to_string();
    for (index, entry) in regions.iter().enumerate() {
        let flagged = &entry.flagged;
        if index > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{} ({}): {}",
            flagged.region.name(),
            flagged.region.slug(),
            flagged.summary()
        )?;
        for recurrence in &entry.recurrences {
            let how = recurrence.describe();
            writeln!(
                out,
                "  back {}, calm since {} ({}): {how}",
                date(recurrence.returned_at),
                date(recurrence.calmed_at),
                plural(recurrence.interval_days, "day", "days")
            )?;
        }
        let earlier = flagged.count.saturating_sub(entry.recurrences.len() as u64);
        if earlier > 0 {
            writeln!(
                out,
                "  … and {} before (--limit N or --all lists more)",
                plural(earlier as i64, "return", "returns")
            )?;
        }
        writeln!(out, "  Worth checking:")?;
        for cause in &flagged.causes {
            writeln!(out, "  - {cause}")?;
        }
    }
    Ok(out)
}

//! `knotmap recurring`: knots that came back, and where.

use std::fmt::Write as _;

use anyhow::Result;
use chrono::{Local, Utc};
use serde::Serialize;

use crate::domain::recurrence::{FlaggedRegion, Recurrence};
use crate::store::Store;
use crate::text::plural;

#[derive(Serialize)]
struct RecurringDocument<'a> {
    recurrences: &'a [Recurrence],
    regions: &'a [FlaggedRegion],
}

pub fn run(store: &Store, json: bool) -> Result<String> {
    let analysis = store.analysis(Utc::now())?;
    let mut out = String::new();
    if json {
        let document = RecurringDocument {
            recurrences: &analysis.recurrences,
            regions: &analysis.flagged,
        };
        writeln!(out, "{}", serde_json::to_string_pretty(&document)?)?;
        return Ok(out);
    }
    if analysis.flagged.is_empty() {
        writeln!(
            out,
            "No knot has come back: none hurt again after two calm sessions, and no new knot formed beside a calmed one."
        )?;
        return Ok(out);
    }
    let date =
        |time: chrono::DateTime<Utc>| time.with_timezone(&Local).format("%Y-%m-%d").to_string();
    for (index, flagged) in analysis.flagged.iter().enumerate() {
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
        for recurrence in &flagged.recurrences {
            let how = recurrence.describe();
            writeln!(
                out,
                "  calm {}, back {} ({}): {how}",
                date(recurrence.calmed_at),
                date(recurrence.returned_at),
                plural(recurrence.interval_days, "day", "days")
            )?;
        }
        writeln!(out, "  Worth checking:")?;
        for cause in &flagged.causes {
            writeln!(out, "  - {cause}")?;
        }
    }
    Ok(out)
}

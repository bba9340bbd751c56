//! `knotmap due`: the knots to treat today.

use std::fmt::Write as _;

use crate::clock::Clock;
use crate::domain::due::DueKind;
use crate::store::Store;
use anyhow::Result;

/// Returns the text and whether anything is due.
pub fn run(store: &Store, clock: &Clock, json: bool) -> Result<(String, bool)> {
    // Today is the person's day, in their zone.
    let due = store.analysis(clock.now())?.due;
    let mut out = String::new();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&due)?)?;
    } else if due.is_empty() {
        writeln!(out, "Nothing due today.")?;
    } else {
        for item in &due {
            let why = match item.kind {
                DueKind::Daily => "once a day until it calms",
                DueKind::Maintenance => "calmed: 2-3 times a week to keep it so",
            };
            writeln!(
                out,
                "knot {:<4} {:<38} {}; {why}",
                item.knot,
                item.region_name,
                match item.days_since {
                    1 => "treated yesterday".to_string(),
                    days => format!("treated {days} days ago"),
                }
            )?;
        }
    }
    Ok((out, !due.is_empty()))
}

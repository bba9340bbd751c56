//! `knotmap trends`: pain per region and per body area over time.

use std::fmt::Write as _;

use anyhow::{Result, anyhow};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::body::Region;
use crate::clock::Clock;
use crate::domain::trends::{SERIES_LENGTH, Trend, parse_area};
use crate::domain::when::parse_since;
use crate::store::Store;
use crate::text::sparkline;

#[derive(Serialize)]
struct TrendsDocument<'a> {
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    /// Each series splits the period into this many equal slices.
    slices: usize,
    areas: &'a [Trend],
    regions: &'a [Trend],
}

pub fn run(
    store: &Store,
    clock: &Clock,
    area: Option<&str>,
    since: Option<&str>,
    json: bool,
) -> Result<String> {
    let now = clock.now_utc();
    let area = area
        .map(|text| {
            parse_area(text).ok_or_else(|| {
                anyhow!(
                    "unknown area {text:?}; the areas are {}",
                    crate::body::Area::ALL.map(|a| a.slug()).join(", ")
                )
            })
        })
        .transpose()?;
    let since = since
        .map(|text| parse_since(text, clock.now()))
        .transpose()?;
    let mut found = store.trends(since, now)?;
    if let Some(area) = area {
        found.areas.retain(|trend| trend.key == area.slug());
        found
            .regions
            .retain(|trend| Region::from_slug(&trend.key).is_some_and(|r| r.area() == area));
    }
    let mut out = String::new();
    if json {
        let document = TrendsDocument {
            since: found.since,
            until: now,
            slices: SERIES_LENGTH,
            areas: &found.areas,
            regions: &found.regions,
        };
        writeln!(out, "{}", serde_json::to_string_pretty(&document)?)?;
        return Ok(out);
    }
    if found.regions.is_empty() {
        writeln!(out, "No readings in this period.")?;
        return Ok(out);
    }
    writeln!(
        out,
        "From {} to {}, most in need of attention first.",
        found.since.with_timezone(&clock.zone()).format("%Y-%m-%d"),
        clock.now().format("%Y-%m-%d")
    )?;
    for (title, rows) in [
        ("BODY AREA", &found.areas),
        ("MUSCLE REGION", &found.regions),
    ] {
        writeln!(out)?;
        writeln!(
            out,
            "{title:<38} {:>5} {:>8} {:>5} {:>6}  {:<12} {:>11}",
            "KNOTS", "SESSIONS", "MEAN", "LATEST", "TREND", "RECURRENCES"
        )?;
        for trend in rows {
            writeln!(
                out,
                "{:<38} {:>5} {:>8} {:>5.1} {:>6}  {:<12} {:>11}",
                trend.name,
                trend.knots,
                trend.sessions,
                trend.mean_pain,
                trend.latest_pain,
                sparkline(&trend.series),
                trend.recurrences
            )?;
        }
    }
    Ok(out)
}

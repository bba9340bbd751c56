//! `knotmap regions`: every region the map knows.

use std::fmt::Write as _;

use anyhow::Result;
use serde::Serialize;

use crate::body::words::Words;
use crate::body::{Body, Region};

#[derive(Serialize)]
struct RegionRow {
    slug: String,
    name: String,
    area: &'static str,
    side: &'static str,
    views: Vec<&'static str>,
    caution: Option<&'static str>,
    /// The everyday words that reach the region: its own, then its areas'.
    words: Vec<&'static str>,
}

pub fn run(json: bool) -> Result<String> {
    let mut out = String::new();
    let body = Body::get();
    let rows: Vec<RegionRow> = Region::all()
        .map(|region| RegionRow {
            slug: region.slug(),
            name: region.name(),
            area: region.area().slug(),
            side: region.side.name(),
            views: body
                .views_of(region)
                .into_iter()
                .map(|v| v.slug())
                .collect(),
            caution: region.caution().map(|c| c.slug()),
            words: Words::get().for_muscle(region.muscle),
        })
        .collect();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(out);
    }
    writeln!(
        out,
        "{:<30} {:<38} {:<10} {:<6} {:<10} {:<20} WORDS",
        "SLUG", "NAME", "AREA", "SIDE", "VIEWS", "CAUTION"
    )?;
    for row in rows {
        writeln!(
            out,
            "{:<30} {:<38} {:<10} {:<6} {:<10} {:<20} {}",
            row.slug,
            row.name,
            row.area,
            row.side,
            row.views.join("+"),
            row.caution.unwrap_or(""),
            row.words.join(", ")
        )?;
    }
    Ok(out)
}

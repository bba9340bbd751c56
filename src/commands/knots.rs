//! `knotmap knots`: the knots and where each one stands.

use std::collections::HashMap;
use std::fmt::Write as _;

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::clock::{Clock, Zone};
use crate::domain::verdict::Verdict;
use crate::domain::{KnotStatus, KnotSummary};
use crate::store::Store;

/// One knot as `knots --json` prints it. Field names are a stable interface.
#[derive(Serialize)]
struct KnotRow {
    id: i64,
    uuid: String,
    region: String,
    region_name: String,
    area: &'static str,
    side: &'static str,
    view: &'static str,
    /// The knot's place on its view, in thousandths of the view's width
    /// and height.
    x: u16,
    y: u16,
    status: KnotStatus,
    verdict: Verdict,
    /// The rule behind the verdict, in plain words.
    verdict_rule: String,
    sessions: u32,
    first_pain: u8,
    latest_pain: u8,
    first_seen: DateTime<Utc>,
    last_seen: DateTime<Utc>,
    recurs_knot: Option<i64>,
    /// Whether it may be treated as usual: clear, ease-off, see-someone
    /// or on-hold.
    safety: &'static str,
}

impl KnotRow {
    fn new(summary: &KnotSummary, beside: &HashMap<i64, i64>) -> KnotRow {
        let knot = &summary.knot;
        // The calmed knot this one formed beside, else the link the file
        // it was imported from gave.
        let recurs_knot = beside.get(&knot.id).copied().or(knot.recurs_knot_id);
        KnotRow {
            id: knot.id,
            uuid: knot.uuid.clone(),
            region: knot.region.slug(),
            region_name: knot.region.name(),
            area: knot.region.area().slug(),
            side: knot.region.side.name(),
            view: knot.spot.view.slug(),
            x: knot.spot.x,
            y: knot.spot.y,
            status: summary.status,
            verdict: summary.verdict(),
            verdict_rule: summary.assessment.rule.clone(),
            sessions: summary.sessions,
            first_pain: summary.first_pain.value(),
            latest_pain: summary.latest_pain.value(),
            first_seen: summary.first_seen,
            last_seen: summary.last_seen,
            recurs_knot,
            safety: summary.safety.slug(),
        }
    }
}

pub fn run(store: &Store, clock: &Clock, json: bool, all: bool) -> Result<String> {
    let mut out = String::new();
    // Every active knot is in play; only --all needs the calmed ones of
    // long ago too.
    let summaries = if all {
        store.knot_summaries(clock.now_utc())?
    } else {
        store.analysis(clock.now())?.knots
    };
    let summaries = &summaries;
    // In the order they were found, which scripts can rely on.
    let mut shown: Vec<&KnotSummary> = summaries
        .iter()
        .filter(|summary| all || summary.status == KnotStatus::Active)
        .collect();
    shown.sort_by_key(|summary| summary.knot.id);
    if json {
        let beside = store.formed_beside()?;
        let rows: Vec<KnotRow> = shown
            .iter()
            .map(|summary| KnotRow::new(summary, &beside))
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(out);
    }
    if shown.is_empty() {
        let hidden = summaries.len();
        if hidden > 0 {
            writeln!(
                out,
                "No active knots ({hidden} resolved; --all lists them)."
            )?;
        } else {
            writeln!(
                out,
                "No knots yet. Log one with `knotmap log REGION PAIN`, or open the map with `knotmap`."
            )?;
        }
        return Ok(out);
    }
    writeln!(
        out,
        "{:>4}  {:<30} {:<9} {:<9} {:>8} {:>6} {:>7}  {:<10}  {:<10}",
        "ID",
        "REGION",
        "STATUS",
        "VERDICT",
        "SESSIONS",
        "FIRST",
        "LATEST",
        "FIRST SEEN",
        "LAST SEEN"
    )?;
    for summary in shown {
        writeln!(
            out,
            "{:>4}  {:<30} {:<9} {:<9} {:>8} {:>6} {:>7}  {:<10}  {:<10}",
            summary.knot.id,
            summary.knot.region.slug(),
            summary.status.name(),
            summary.verdict().slug(),
            summary.sessions,
            summary.first_pain.value(),
            summary.latest_pain.value(),
            local_date(summary.first_seen, clock.zone()),
            local_date(summary.last_seen, clock.zone()),
        )?;
    }
    Ok(out)
}

fn local_date(time: DateTime<Utc>, zone: Zone) -> String {
    time.with_timezone(&zone).format("%Y-%m-%d").to_string()
}

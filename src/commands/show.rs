//! `knotmap show KNOT`: one knot's history, its chart and its verdict.

use std::fmt::Write as _;

use anyhow::{Result, bail};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::clock::Clock;
use crate::domain::analysis::advice_for_knot;
use crate::domain::course::last_treated;
use crate::domain::guidance::{Advice, capitalise};
use crate::domain::knot::{Reading, pain_by_session};
use crate::domain::recurrence::Recurrence;
use crate::domain::safety::Safety;
use crate::domain::verdict::Verdict;
use crate::domain::{KnotStatus, Symptom};
use crate::store::Store;
use crate::text::printable;
use crate::theme::Theme;
use crate::tui::widget_text;
use crate::tui::widgets::pain_chart::{PainChart, legend};

#[derive(Serialize)]
struct KnotHistory<'a> {
    id: i64,
    uuid: &'a str,
    region: String,
    region_name: String,
    view: &'static str,
    status: KnotStatus,
    verdict: Verdict,
    verdict_rule: &'a str,
    drop_points: i16,
    drop_percent: i16,
    first_pain: u8,
    latest_pain: u8,
    sessions: Vec<SessionRow>,
    readings: Vec<ReadingRow<'a>>,
    recurrence: Option<Recurrence>,
    /// Whether it may be treated as usual, from its whole episode.
    safety: &'a Safety,
    /// Cautions about the knot and its latest reading.
    advice: Vec<Advice>,
}

#[derive(Serialize)]
struct SessionRow {
    session: usize,
    at: DateTime<Utc>,
    before: u8,
    after: Option<u8>,
}

#[derive(Serialize)]
struct ReadingRow<'a> {
    id: i64,
    uuid: &'a str,
    at: DateTime<Utc>,
    pain_before: Option<u8>,
    pain_after: Option<u8>,
    technique: Option<&'a str>,
    tool: Option<&'a str>,
    minutes: Option<u16>,
    pressure: Option<u8>,
    symptoms: &'a [Symptom],
    note: Option<&'a str>,
    ppt_kg_cm2: Option<f64>,
}

impl<'a> From<&'a Reading> for ReadingRow<'a> {
    fn from(reading: &'a Reading) -> ReadingRow<'a> {
        let t = &reading.treatment;
        ReadingRow {
            id: reading.id,
            uuid: &reading.uuid,
            at: reading.taken_at,
            pain_before: t.pain_before.map(u8::from),
            pain_after: t.pain_after.map(u8::from),
            technique: t.technique.as_deref(),
            tool: t.tool.as_deref(),
            minutes: t.minutes,
            pressure: t.pressure.map(u8::from),
            symptoms: &t.symptoms,
            note: t.note.as_deref(),
            ppt_kg_cm2: t.ppt.map(|ppt| ppt.kg_cm2()),
        }
    }
}

/// The width of the chart `show` prints.
const CHART_WIDTH: u16 = 72;
const CHART_HEIGHT: u16 = 13;

pub fn run(store: &Store, clock: &Clock, id: &str, json: bool) -> Result<String> {
    let knot = store.find_knot(id)?;
    let now = clock.now_utc();
    let readings = &store.readings_of(knot.id)?;
    let came_back = store.latest_recurrence_of(knot.id)?;
    let mut out = String::new();
    let Some(summary) = store.knot_summary(knot.id, now)? else {
        bail!(
            "knot {} ({}) has no readings left; log one to bring it back",
            knot.id,
            knot.region.name()
        );
    };
    let sessions = pain_by_session(readings);
    if json {
        let history = KnotHistory {
            id: knot.id,
            uuid: &knot.uuid,
            region: knot.region.slug(),
            region_name: knot.region.name(),
            view: knot.spot.view.slug(),
            status: summary.status,
            verdict: summary.verdict(),
            verdict_rule: &summary.assessment.rule,
            drop_points: summary.assessment.drop_points,
            drop_percent: summary.assessment.drop_percent,
            first_pain: summary.first_pain.value(),
            latest_pain: summary.latest_pain.value(),
            sessions: sessions
                .iter()
                .enumerate()
                .map(|(index, session)| SessionRow {
                    session: index + 1,
                    at: session.at,
                    before: session.before.value(),
                    after: session.after.map(u8::from),
                })
                .collect(),
            readings: readings.iter().map(ReadingRow::from).collect(),
            recurrence: came_back,
            safety: &summary.safety,
            advice: advice_for_knot(&summary, readings, store.rules(), &clock.zone()),
        };
        writeln!(out, "{}", serde_json::to_string_pretty(&history)?)?;
        return Ok(out);
    }

    writeln!(
        out,
        "Knot {} · {} ({}) · {} · {} session{}",
        knot.id,
        knot.region.name(),
        knot.spot.view,
        summary.status.name(),
        summary.sessions,
        if summary.sessions == 1 { "" } else { "s" }
    )?;
    writeln!(out, "Verdict: {}.", summary.assessment.sentence())?;
    writeln!(
        out,
        "{}.",
        capitalise(&last_treated(summary.last_seen, &clock.now()))
    )?;
    if let Some(recurrence) = &came_back {
        writeln!(
            out,
            "Came back {} after calming: {}.",
            crate::text::plural(recurrence.interval_days, "day", "days"),
            recurrence.describe()
        )?;
    }
    for advice in advice_for_knot(&summary, readings, store.rules(), &clock.zone()) {
        writeln!(out, "Careful: {}.", advice.text)?;
    }
    writeln!(
        out,
        "{}",
        super::log::suits_line(knot.id, knot.region, &summary.safety, clock)
    )?;
    writeln!(out)?;
    let chart = PainChart {
        sessions: &sessions,
        rules: store.rules(),
        theme: Theme::MONO,
    };
    out.push_str(&widget_text(chart, CHART_WIDTH, CHART_HEIGHT));
    writeln!(out, "{}", legend(&sessions, store.rules()))?;
    writeln!(out)?;
    writeln!(
        out,
        "{:<17} {:>6} {:>5}  {:<16} {:<14} {:>3} {:>8}  NOTE",
        "DATE", "BEFORE", "AFTER", "TECHNIQUE", "TOOL", "MIN", "PPT"
    )?;
    for reading in readings {
        let t = &reading.treatment;
        let text = |value: Option<String>| value.unwrap_or_default();
        writeln!(
            out,
            "{:<17} {:>6} {:>5}  {:<16} {:<14} {:>3} {:>8}  {}",
            reading
                .taken_at
                .with_timezone(&clock.zone())
                .format("%Y-%m-%d %H:%M"),
            text(t.pain_before.map(|p| p.to_string())),
            text(t.pain_after.map(|p| p.to_string())),
            printable(t.technique.as_deref().unwrap_or("")),
            printable(t.tool.as_deref().unwrap_or("")),
            text(t.minutes.map(|m| m.to_string())),
            text(t.ppt.map(|p| p.to_string())),
            printable(t.note.as_deref().unwrap_or(""))
        )?;
    }
    Ok(out)
}

//! Turning rows into knots and readings. A row that breaks the rules of
//! the domain (an unknown region, a score out of range) is reported, never
//! silently dropped or guessed at.

use chrono::{DateTime, Utc};
use rusqlite::Row;

use super::{Result, StoreError};
use crate::body::{Region, Spot, View};
use crate::domain::Session;
use crate::domain::knot::{Knot, NewReading, Reading};
use crate::domain::pain::{Ppt, Score};
use crate::domain::symptom::Symptom;

pub const KNOT_COLUMNS: &str =
    "id, uuid, region, view, x, y, created_at, marked_resolved_at, recurs_knot_id";

/// A knots row as stored, before it is checked.
pub struct KnotRow {
    id: i64,
    uuid: String,
    region: String,
    view: String,
    x: u16,
    y: u16,
    created_at: String,
    marked_resolved_at: Option<String>,
    recurs_knot_id: Option<i64>,
}

pub fn knot_row(row: &Row<'_>) -> rusqlite::Result<KnotRow> {
    Ok(KnotRow {
        id: row.get(0)?,
        uuid: row.get(1)?,
        region: row.get(2)?,
        view: row.get(3)?,
        x: row.get(4)?,
        y: row.get(5)?,
        created_at: row.get(6)?,
        marked_resolved_at: row.get(7)?,
        recurs_knot_id: row.get(8)?,
    })
}

pub fn knot_from_row(row: KnotRow) -> Result<Knot> {
    let bad = |what: String| StoreError::BadRecord(format!("knot {}: {what}", row.id));
    let region = Region::from_slug(&row.region)
        .ok_or_else(|| bad(format!("unknown region \"{}\"", row.region)))?;
    let view =
        View::from_slug(&row.view).ok_or_else(|| bad(format!("unknown view \"{}\"", row.view)))?;
    Ok(Knot {
        id: row.id,
        region,
        spot: Spot {
            view,
            x: row.x,
            y: row.y,
        },
        created_at: parse_time(&row.created_at).map_err(|e| bad(e.to_string()))?,
        marked_resolved_at: row
            .marked_resolved_at
            .as_deref()
            .map(parse_time)
            .transpose()
            .map_err(|e| bad(e.to_string()))?,
        recurs_knot_id: row.recurs_knot_id,
        uuid: row.uuid,
    })
}

pub const READING_COLUMNS: &str = "id, uuid, knot_id, session_id, taken_at, pain_before, pain_after, \
     technique, tool, minutes, pressure, symptoms, note, ppt_kg_cm2";

pub struct ReadingRow {
    id: i64,
    uuid: String,
    knot_id: i64,
    session_id: i64,
    taken_at: String,
    pain_before: Option<u8>,
    pain_after: Option<u8>,
    technique: Option<String>,
    tool: Option<String>,
    minutes: Option<u16>,
    pressure: Option<u8>,
    symptoms: String,
    note: Option<String>,
    ppt: Option<f64>,
}

pub fn reading_row(row: &Row<'_>) -> rusqlite::Result<ReadingRow> {
    Ok(ReadingRow {
        id: row.get(0)?,
        uuid: row.get(1)?,
        knot_id: row.get(2)?,
        session_id: row.get(3)?,
        taken_at: row.get(4)?,
        pain_before: row.get(5)?,
        pain_after: row.get(6)?,
        technique: row.get(7)?,
        tool: row.get(8)?,
        minutes: row.get(9)?,
        pressure: row.get(10)?,
        symptoms: row.get(11)?,
        note: row.get(12)?,
        ppt: row.get(13)?,
    })
}

pub fn reading_from_row(row: ReadingRow) -> Result<Reading> {
    let bad = |what: String| StoreError::BadRecord(format!("reading {}: {what}", row.id));
    let score = |value: Option<u8>, what: &str| -> Result<Option<Score>> {
        value
            .map(|v| Score::new(v).ok_or_else(|| bad(format!("{what} {v} is off the 0-10 scale"))))
            .transpose()
    };
    Ok(Reading {
        id: row.id,
        knot_id: row.knot_id,
        session_id: row.session_id,
        taken_at: parse_time(&row.taken_at).map_err(|e| bad(e.to_string()))?,
        treatment: NewReading {
            pain_before: score(row.pain_before, "pain")?,
            pain_after: score(row.pain_after, "pain after")?,
            pressure: score(row.pressure, "pressure")?,
            technique: row.technique,
            tool: row.tool,
            minutes: row.minutes,
            symptoms: Symptom::split(&row.symptoms).map_err(|e| bad(e.to_string()))?,
            note: row.note,
            ppt: row
                .ppt
                .map(|value| {
                    Ppt::from_kg_cm2(value)
                        .ok_or_else(|| bad(format!("pressure threshold {value}")))
                })
                .transpose()?,
        },
        uuid: row.uuid,
    })
}

pub fn parse_time(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    DateTime::parse_from_rfc3339(text).map(|time| time.with_timezone(&Utc))
}

pub const SESSION_COLUMNS: &str = "id, uuid, started_at, minutes, note";

pub struct SessionRow {
    id: i64,
    uuid: String,
    started_at: String,
    minutes: Option<u16>,
    note: Option<String>,
}

pub fn session_row(row: &Row<'_>) -> rusqlite::Result<SessionRow> {
    Ok(SessionRow {
        id: row.get(0)?,
        uuid: row.get(1)?,
        started_at: row.get(2)?,
        minutes: row.get(3)?,
        note: row.get(4)?,
    })
}

pub fn session_from_row(row: SessionRow) -> Result<Session> {
    Ok(Session {
        id: row.id,
        started_at: parse_time(&row.started_at)
            .map_err(|e| StoreError::BadRecord(format!("session {}: {e}", row.id)))?,
        uuid: row.uuid,
        minutes: row.minutes,
        note: row.note,
    })
}

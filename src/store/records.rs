//! Knots, sessions and readings to and from their rows: every statement
//! that reads or adds one goes through here, so each column is mapped in
//! one place. A row that breaks the rules of the domain (an unknown
//! region, a score out of range) is reported, never silently dropped or
//! guessed at.

use std::iter;

use chrono::{DateTime, Utc};
use rusqlite::types::ToSql;
use rusqlite::{Params, Row, Statement, params, params_from_iter};

use super::{Result, StoreError};
use crate::body::{PER_MILLE, Region, Spot, View};
use crate::domain::Session;
use crate::domain::knot::{Knot, NewReading, Reading};
use crate::domain::pain::{Ppt, Score};
use crate::domain::symptom::Symptom;
use crate::domain::when::{to_stored, to_the_second};

pub const KNOT_COLUMNS: &str =
    "id, uuid, region, view, x, y, created_at, marked_resolved_at, recurs_knot_id, cleared_at";

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
    cleared_at: Option<String>,
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
        cleared_at: row.get(9)?,
    })
}

pub fn knot_from_row(row: KnotRow) -> Result<Knot> {
    let bad = |what: String| StoreError::BadRecord(format!("knot {}: {what}", row.id));
    let region = Region::from_slug(&row.region)
        .ok_or_else(|| bad(format!("unknown region \"{}\"", row.region)))?;
    let view =
        View::from_slug(&row.view).ok_or_else(|| bad(format!("unknown view \"{}\"", row.view)))?;
    let spot = Spot {
        view,
        x: row.x,
        y: row.y,
    };
    if !spot.is_on_view() {
        return Err(bad(format!(
            "place ({}, {}) is off the drawing: x and y are thousandths, below {PER_MILLE}",
            row.x, row.y
        )));
    }
    Ok(Knot {
        id: row.id,
        region,
        spot,
        created_at: parse_time(&row.created_at).map_err(|e| bad(e.to_string()))?,
        marked_resolved_at: row
            .marked_resolved_at
            .as_deref()
            .map(parse_time)
            .transpose()
            .map_err(|e| bad(e.to_string()))?,
        recurs_knot_id: row.recurs_knot_id,
        cleared_at: row
            .cleared_at
            .as_deref()
            .map(parse_time)
            .transpose()
            .map_err(|e| bad(e.to_string()))?,
        uuid: row.uuid,
    })
}

/// Runs `statement`, a query of [`KNOT_COLUMNS`], and checks every knot
/// it gives.
pub fn query_knots(statement: &mut Statement<'_>, params: impl Params) -> Result<Vec<Knot>> {
    statement
        .query_map(params, knot_row)?
        .map(|row| knot_from_row(row?))
        .collect()
}

pub const READING_COLUMNS: &str = "id, uuid, knot_id, session_id, taken_at, pain_before, pain_after, \
     technique, tool, minutes, pressure, symptoms, note, ppt_kg_cm2";

struct ReadingRow {
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

fn reading_row(row: &Row<'_>) -> rusqlite::Result<ReadingRow> {
    reading_row_at(row, 0)
}

/// A reading whose [`READING_COLUMNS`] start at column `at`.
fn reading_row_at(row: &Row<'_>, at: usize) -> rusqlite::Result<ReadingRow> {
    Ok(ReadingRow {
        id: row.get(at)?,
        uuid: row.get(at + 1)?,
        knot_id: row.get(at + 2)?,
        session_id: row.get(at + 3)?,
        taken_at: row.get(at + 4)?,
        pain_before: row.get(at + 5)?,
        pain_after: row.get(at + 6)?,
        technique: row.get(at + 7)?,
        tool: row.get(at + 8)?,
        minutes: row.get(at + 9)?,
        pressure: row.get(at + 10)?,
        symptoms: row.get(at + 11)?,
        note: row.get(at + 12)?,
        ppt: row.get(at + 13)?,
    })
}

fn reading_from_row(row: ReadingRow) -> Result<Reading> {
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
        taken_at: parse_time(&row.taken_at)
            .map_err(|e| bad(format!("taken at \"{}\": {e}", row.taken_at)))?,
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

/// Runs `statement`, a query of [`READING_COLUMNS`], and checks every
/// reading it gives.
pub fn query_readings(statement: &mut Statement<'_>, params: impl Params) -> Result<Vec<Reading>> {
    statement
        .query_map(params, reading_row)?
        .map(|row| reading_from_row(row?))
        .collect()
}

/// What is wrong with each knot, reading and session the domain refuses,
/// read by the same mapping as every other read (and so as `export`):
/// each named with its table and id.
pub fn unreadable(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    let mut found = Vec::new();
    let mut statement = conn.prepare(&format!("SELECT {KNOT_COLUMNS} FROM knots ORDER BY id"))?;
    refusals(
        "knots",
        statement
            .query_map([], knot_row)?
            .map(|row| knot_from_row(row?)),
        &mut found,
    )?;
    let mut statement = conn.prepare(&format!(
        "SELECT {READING_COLUMNS} FROM readings ORDER BY id"
    ))?;
    refusals(
        "readings",
        statement
            .query_map([], reading_row)?
            .map(|row| reading_from_row(row?)),
        &mut found,
    )?;
    let mut statement = conn.prepare(&format!(
        "SELECT {SESSION_COLUMNS} FROM sessions ORDER BY id"
    ))?;
    refusals(
        "sessions",
        statement
            .query_map([], session_row)?
            .map(|row| session_from_row(row?)),
        &mut found,
    )?;
    Ok(found)
}

/// Adds to `found` what is wrong with each refused row of `table`; any
/// other failure (the file itself) ends the reading.
fn refusals<T>(
    table: &str,
    rows: impl Iterator<Item = Result<T>>,
    found: &mut Vec<String>,
) -> Result<()> {
    for row in rows {
        match row {
            Ok(_) => {}
            Err(StoreError::BadRecord(what)) => found.push(format!("table {table}, {what}")),
            Err(StoreError::Sqlite(
                rusqlite::Error::FromSqlConversionFailure(..)
                | rusqlite::Error::IntegralValueOutOfRange(..)
                | rusqlite::Error::InvalidColumnType(..),
            )) => found.push(format!(
                "table {table}: a row holds a value of the wrong kind"
            )),
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

pub fn parse_time(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    // A fraction another program wrote would part two times the stored
    // ones make equal.
    DateTime::parse_from_rfc3339(text).map(to_the_second)
}

pub const SESSION_COLUMNS: &str = "id, uuid, started_at, minutes, note";

pub(super) struct SessionRow {
    id: i64,
    uuid: String,
    started_at: String,
    minutes: Option<u16>,
    note: Option<String>,
}

pub(super) fn session_row(row: &Row<'_>) -> rusqlite::Result<SessionRow> {
    session_row_at(row, 0)
}

/// A session whose [`SESSION_COLUMNS`] start at column `at`.
fn session_row_at(row: &Row<'_>, at: usize) -> rusqlite::Result<SessionRow> {
    Ok(SessionRow {
        id: row.get(at)?,
        uuid: row.get(at + 1)?,
        started_at: row.get(at + 2)?,
        minutes: row.get(at + 3)?,
        note: row.get(at + 4)?,
    })
}

pub(super) fn session_from_row(row: SessionRow) -> Result<Session> {
    Ok(Session {
        id: row.id,
        started_at: parse_time(&row.started_at)
            .map_err(|e| StoreError::BadRecord(format!("session {}: {e}", row.id)))?,
        uuid: row.uuid,
        minutes: row.minutes,
        note: row.note,
    })
}

/// Runs `statement`, a query of [`SESSION_COLUMNS`], and checks every
/// session it gives.
pub fn query_sessions(statement: &mut Statement<'_>, params: impl Params) -> Result<Vec<Session>> {
    statement
        .query_map(params, session_row)?
        .map(|row| session_from_row(row?))
        .collect()
}

/// `columns` (one of the lists above) each named with `table`, the alias
/// of its table in a join: "k.id, k.uuid, ...".
pub fn prefixed(columns: &str, table: &str) -> String {
    columns
        .split(", ")
        .map(|column| format!("{table}.{column}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The columns of a reading and then of its session (all NULL when the
/// session is missing), for a query from `readings r LEFT JOIN sessions s`.
pub fn reading_and_session_columns() -> String {
    format!(
        "{}, {}",
        prefixed(READING_COLUMNS, "r"),
        prefixed(SESSION_COLUMNS, "s")
    )
}

/// Runs `statement`, a query of [`reading_and_session_columns`], and hands
/// each reading, checked, to `each` with its session as it comes: nothing
/// is gathered, however many rows there are.
pub fn each_reading_and_session<E: From<StoreError>>(
    statement: &mut Statement<'_>,
    params: impl Params,
    mut each: impl FnMut(Reading, Option<Session>) -> Result<(), E>,
) -> Result<(), E> {
    let mut rows = statement.query(params).map_err(StoreError::from)?;
    while let Some(row) = rows.next().map_err(StoreError::from)? {
        let (reading, session) = reading_and_session(row)?;
        each(reading, session)?;
    }
    Ok(())
}

/// The reading and its session (if the file has it) of a row of
/// [`reading_and_session_columns`].
pub(super) fn reading_and_session(row: &Row<'_>) -> Result<(Reading, Option<Session>)> {
    let at = READING_COLUMNS.split(", ").count();
    let reading = reading_from_row(reading_row_at(row, 0)?)?;
    let session_id: Option<i64> = row.get(at)?;
    let session = match session_id {
        Some(_) => Some(session_from_row(session_row_at(row, at)?)?),
        None => None,
    };
    Ok((reading, session))
}

/// Adds a knot; `?7` may be NULL.
pub const INSERT_KNOT: &str =
    "INSERT INTO knots (uuid, region, view, x, y, created_at, marked_resolved_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/// A new knot as its row holds it, but its id and its link to the knot
/// it is a return of.
pub struct NewKnotRow<'a> {
    pub uuid: &'a str,
    pub region: Region,
    pub spot: Spot,
    pub created_at: DateTime<Utc>,
    pub marked_resolved_at: Option<DateTime<Utc>>,
}

/// Replaces knot `?1` with another version of it; its UUID stays.
pub const UPDATE_KNOT: &str = "UPDATE knots SET region = ?2, view = ?3, x = ?4, y = ?5, \
     created_at = ?6, marked_resolved_at = ?7 WHERE id = ?1";

impl NewKnotRow<'_> {
    /// Replaces knot `id` with this version, with `statement` prepared
    /// from [`UPDATE_KNOT`].
    pub fn update(&self, statement: &mut Statement<'_>, id: i64) -> rusqlite::Result<usize> {
        statement.execute(params![
            id,
            self.region.slug(),
            self.spot.view.slug(),
            self.spot.x,
            self.spot.y,
            to_stored(self.created_at),
            self.marked_resolved_at.map(to_stored),
        ])
    }

    /// Adds the knot with `statement`, prepared from [`INSERT_KNOT`], and
    /// gives its id.
    pub fn insert(&self, statement: &mut Statement<'_>) -> rusqlite::Result<i64> {
        statement.insert(params![
            self.uuid,
            self.region.slug(),
            self.spot.view.slug(),
            self.spot.x,
            self.spot.y,
            to_stored(self.created_at),
            self.marked_resolved_at.map(to_stored),
        ])
    }
}

/// Adds a session.
pub const INSERT_SESSION: &str =
    "INSERT INTO sessions (uuid, started_at, minutes, note) VALUES (?1, ?2, ?3, ?4)";

/// A new session as its row holds it, but its id.
pub struct NewSessionRow<'a> {
    pub uuid: &'a str,
    pub started_at: DateTime<Utc>,
    pub minutes: Option<u16>,
    pub note: Option<&'a str>,
}

/// Replaces session `?1` with another version of it.
pub const UPDATE_SESSION: &str =
    "UPDATE sessions SET started_at = ?2, minutes = ?3, note = ?4 WHERE id = ?1";

impl NewSessionRow<'_> {
    /// Replaces session `id` with this version, with `statement` prepared
    /// from [`UPDATE_SESSION`].
    pub fn update(&self, statement: &mut Statement<'_>, id: i64) -> rusqlite::Result<usize> {
        statement.execute(params![
            id,
            to_stored(self.started_at),
            self.minutes,
            self.note
        ])
    }

    /// Adds the session with `statement`, prepared from
    /// [`INSERT_SESSION`], and gives its id.
    pub fn insert(&self, statement: &mut Statement<'_>) -> rusqlite::Result<i64> {
        statement.insert(params![
            self.uuid,
            to_stored(self.started_at),
            self.minutes,
            self.note
        ])
    }
}

/// Adds a reading under its own id, or under a new one when the id is 0.
pub const INSERT_READING: &str = "INSERT INTO readings (id, uuid, knot_id, session_id, taken_at, \
     pain_before, pain_after, technique, tool, minutes, pressure, symptoms, note, ppt_kg_cm2)
     VALUES (NULLIF(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

/// Replaces what reading `?1` says: its treatment, `?2` on.
pub const UPDATE_TREATMENT: &str = "UPDATE readings SET pain_before = ?2, pain_after = ?3, \
     technique = ?4, tool = ?5, minutes = ?6, pressure = ?7, symptoms = ?8, note = ?9, \
     ppt_kg_cm2 = ?10
     WHERE id = ?1";

/// A reading as its row holds it.
pub struct ReadingParams<'a> {
    /// 0 for a new reading.
    pub id: i64,
    pub uuid: &'a str,
    pub knot_id: i64,
    pub session_id: i64,
    pub taken_at: DateTime<Utc>,
    pub treatment: &'a NewReading,
}

impl<'a> ReadingParams<'a> {
    pub fn of(reading: &'a Reading) -> ReadingParams<'a> {
        ReadingParams {
            id: reading.id,
            uuid: &reading.uuid,
            knot_id: reading.knot_id,
            session_id: reading.session_id,
            taken_at: reading.taken_at,
            treatment: &reading.treatment,
        }
    }

    /// Replaces reading `self.id` with this version: its knot, session
    /// and time as well as what it says.
    pub fn update(&self, conn: &rusqlite::Connection) -> rusqlite::Result<()> {
        conn.prepare_cached(
            "UPDATE readings SET knot_id = ?2, session_id = ?3, taken_at = ?4 WHERE id = ?1",
        )?
        .execute(params![
            self.id,
            self.knot_id,
            self.session_id,
            to_stored(self.taken_at)
        ])?;
        update_treatment(
            &mut *conn.prepare_cached(UPDATE_TREATMENT)?,
            self.id,
            self.treatment,
        )?;
        Ok(())
    }

    /// Adds the reading with `statement`, prepared from
    /// [`INSERT_READING`], and gives its id.
    pub fn insert(&self, statement: &mut Statement<'_>) -> rusqlite::Result<i64> {
        let taken_at = to_stored(self.taken_at);
        let treatment = TreatmentColumns::of(self.treatment);
        let head: [&dyn ToSql; 5] = [
            &self.id,
            &self.uuid,
            &self.knot_id,
            &self.session_id,
            &taken_at,
        ];
        statement.insert(params_from_iter(head.into_iter().chain(treatment.values())))
    }
}

/// Replaces what reading `id` says with `treatment`, with `statement`
/// prepared from [`UPDATE_TREATMENT`]; gives how many rows changed.
pub fn update_treatment(
    statement: &mut Statement<'_>,
    id: i64,
    treatment: &NewReading,
) -> rusqlite::Result<usize> {
    let treatment = TreatmentColumns::of(treatment);
    statement.execute(params_from_iter(
        iter::once(&id as &dyn ToSql).chain(treatment.values()),
    ))
}

/// What a reading says, as the columns from `pain_before` to `ppt_kg_cm2`
/// hold it.
struct TreatmentColumns<'a> {
    pain_before: Option<u8>,
    pain_after: Option<u8>,
    technique: Option<&'a str>,
    tool: Option<&'a str>,
    minutes: Option<u16>,
    pressure: Option<u8>,
    symptoms: String,
    note: Option<&'a str>,
    ppt_kg_cm2: Option<f64>,
}

impl<'a> TreatmentColumns<'a> {
    fn of(treatment: &'a NewReading) -> TreatmentColumns<'a> {
        TreatmentColumns {
            pain_before: treatment.pain_before.map(u8::from),
            pain_after: treatment.pain_after.map(u8::from),
            technique: treatment.technique.as_deref(),
            tool: treatment.tool.as_deref(),
            minutes: treatment.minutes,
            pressure: treatment.pressure.map(u8::from),
            symptoms: Symptom::join(&treatment.symptoms),
            note: treatment.note.as_deref(),
            ppt_kg_cm2: treatment.ppt.map(Ppt::kg_cm2),
        }
    }

    /// In the order of the columns.
    fn values(&self) -> [&dyn ToSql; 9] {
        [
            &self.pain_before,
            &self.pain_after,
            &self.technique,
            &self.tool,
            &self.minutes,
            &self.pressure,
            &self.symptoms,
            &self.note,
            &self.ppt_kg_cm2,
        ]
    }
}

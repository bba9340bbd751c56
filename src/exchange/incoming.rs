//! Reading an export back: the JSON checked record by record and field by
//! field into typed records, before any database is opened. Whatever is
//! wrong is refused with the record and the field it is in.
//!
//! What the file alone cannot tell (whether a UUID it refers to but does
//! not hold is in the database) is left to the store's import.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::Value;
use thiserror::Error;

use super::fields::{Fields, kind_of, quote, quote_str};
use super::{FORMAT, FORMAT_VERSION, OLDEST_VERSION};
use crate::body::{Region, Spot, View};
use crate::domain::knot::NewReading;
use crate::domain::stamp::{Kind, Stamp, Tombstone};
use crate::domain::when::{is_in_future, to_stored};

/// Why a file cannot be imported. Each message is one line.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum Refused {
    #[error("it is not JSON ({0})")]
    NotJson(String),
    #[error("it is not a knotmap export ({0}); `knotmap export --format json` writes one")]
    NotAnExport(String),
    #[error(
        "it is version {found} of the knotmap export format, and this knotmap reads versions {OLDEST_VERSION} to {FORMAT_VERSION}"
    )]
    UnknownVersion { found: String },
    #[error("{record}: {field} {problem}")]
    BadField {
        record: String,
        field: String,
        problem: String,
    },
}

/// A knot as the file gives it. `recurs_knot` is a UUID, found in the
/// file or in the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingKnot {
    pub uuid: String,
    pub region: Region,
    pub spot: Spot,
    pub created_at: DateTime<Utc>,
    pub marked_resolved_at: Option<DateTime<Utc>>,
    pub recurs_knot: Option<String>,
    /// `None` in a file from before change stamps (version 3 and older).
    pub stamp: Option<Stamp>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingSession {
    pub uuid: String,
    pub started_at: DateTime<Utc>,
    pub minutes: Option<u16>,
    pub note: Option<String>,
    pub stamp: Option<Stamp>,
}

/// A reading as the file gives it: its knot and session by UUID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingReading {
    pub uuid: String,
    pub knot: String,
    pub session: String,
    pub taken_at: DateTime<Utc>,
    pub treatment: NewReading,
    pub stamp: Option<Stamp>,
}

/// A time a knot on hold was said to be seen to: its knot by UUID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingClearing {
    pub uuid: String,
    pub knot: String,
    pub cleared_at: DateTime<Utc>,
    pub stamp: Option<Stamp>,
}

/// Every record of an export, checked, in the order of the file. UUIDs
/// are in their canonical form (lower case, hyphenated). A file of version
/// 1 has no clearings; files before version 4 have no stamps and no
/// tombstones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Incoming {
    pub knots: Vec<IncomingKnot>,
    pub sessions: Vec<IncomingSession>,
    pub readings: Vec<IncomingReading>,
    pub clearings: Vec<IncomingClearing>,
    pub tombstones: Vec<Tombstone>,
}

impl Incoming {
    /// Refuses a record dated after `now` by the rule that refuses such a
    /// time typed for `knotmap log`: nothing was measured in the future.
    pub fn refuse_future(&self, now: DateTime<Utc>) -> Result<(), Refused> {
        let knots = self.knots.iter().enumerate().flat_map(|(index, knot)| {
            [
                (
                    "knot",
                    "knots",
                    index,
                    &knot.uuid,
                    "created_at",
                    Some(knot.created_at),
                ),
                (
                    "knot",
                    "knots",
                    index,
                    &knot.uuid,
                    "marked_resolved_at",
                    knot.marked_resolved_at,
                ),
            ]
        });
        let sessions = self.sessions.iter().enumerate().map(|(index, session)| {
            (
                "session",
                "sessions",
                index,
                &session.uuid,
                "started_at",
                Some(session.started_at),
            )
        });
        let readings = self.readings.iter().enumerate().map(|(index, reading)| {
            (
                "reading",
                "readings",
                index,
                &reading.uuid,
                "taken_at",
                Some(reading.taken_at),
            )
        });
        for (kind, array, index, uuid, field, time) in knots.chain(sessions).chain(readings) {
            if let Some(time) = time.filter(|&time| is_in_future(time, now)) {
                return Err(Refused::BadField {
                    record: format!("{kind} {uuid} ({array}[{index}])"),
                    field: field.into(),
                    problem: format!("{} is in the future", to_stored(time)),
                });
            }
        }
        Ok(())
    }

    /// Whether a record refers to a knot or session the file does not
    /// hold: such a file can only go into a database that has them.
    pub fn refers_outside(&self) -> bool {
        let has_knot = |uuid: &str| self.knots.iter().any(|k| k.uuid == uuid);
        let has_session = |uuid: &str| self.sessions.iter().any(|s| s.uuid == uuid);
        self.readings
            .iter()
            .any(|r| !has_knot(&r.knot) || !has_session(&r.session))
            || self
                .knots
                .iter()
                .filter_map(|k| k.recurs_knot.as_deref())
                .any(|uuid| !has_knot(uuid))
            || self.clearings.iter().any(|c| !has_knot(&c.knot))
    }
}

/// The most minutes a session or a reading may last, as the schema has it.
const SESSION_MAX_MINUTES: u64 = 1440;
const READING_MAX_MINUTES: u64 = 600;

/// The fields of a document of version 1, before the clearings...
const DOCUMENT_FIELDS_V1: &[&str] = &[
    "format",
    "format_version",
    "exported_at",
    "knots",
    "sessions",
    "readings",
];
/// ...of versions 2 and 3, with them...
const DOCUMENT_FIELDS_V2: &[&str] = &[
    "format",
    "format_version",
    "exported_at",
    "knots",
    "sessions",
    "readings",
    "clearings",
];
/// ...and of version 4 on, with the tombstones. From version 4, every
/// record also has its "stamp".
const DOCUMENT_FIELDS: &[&str] = &[
    "format",
    "format_version",
    "exported_at",
    "knots",
    "sessions",
    "readings",
    "clearings",
    "tombstones",
];
/// The first version whose records carry change stamps.
const STAMPED_VERSION: u64 = 4;
const STAMP_FIELD: &str = "stamp";
const TOMBSTONE_FIELDS: &[&str] = &["uuid", "kind", "stamp"];
const CLEARING_FIELDS: &[&str] = &["uuid", "knot", "cleared_at"];
const KNOT_FIELDS: &[&str] = &[
    "uuid",
    "region",
    "view",
    "x",
    "y",
    "created_at",
    "marked_resolved_at",
    "recurs_knot",
];
const SESSION_FIELDS: &[&str] = &["uuid", "started_at", "minutes", "note"];
const READING_FIELDS: &[&str] = &[
    "uuid",
    "knot",
    "session",
    "taken_at",
    "pain_before",
    "pain_after",
    "technique",
    "tool",
    "minutes",
    "pressure",
    "symptoms",
    "note",
    "ppt_kg_cm2",
];

/// Checks an export and turns it into records, or says what is wrong.
pub fn read(bytes: &[u8]) -> Result<Incoming, Refused> {
    let document: Value =
        serde_json::from_slice(bytes).map_err(|error| Refused::NotJson(error.to_string()))?;
    let Value::Object(document) = document else {
        return Err(Refused::NotAnExport(format!(
            "it is {}, not an object",
            kind_of(&document)
        )));
    };
    match document.get("format") {
        Some(Value::String(format)) if format == FORMAT => {}
        Some(other) => {
            return Err(Refused::NotAnExport(format!(
                "its \"format\" is {}, not \"{FORMAT}\"",
                quote(other)
            )));
        }
        None => {
            return Err(Refused::NotAnExport(format!(
                "it has no \"format\": \"{FORMAT}\""
            )));
        }
    }
    let version = match document.get("format_version") {
        Some(version)
            if version.as_u64().is_some_and(|v| {
                (u64::from(OLDEST_VERSION)..=u64::from(FORMAT_VERSION)).contains(&v)
            }) =>
        {
            version.as_u64()
        }
        Some(version) => {
            return Err(Refused::UnknownVersion {
                found: quote(version),
            });
        }
        None => {
            return Err(Refused::NotAnExport("it has no \"format_version\"".into()));
        }
    };
    let with_clearings = version >= Some(2);
    let stamped = version >= Some(STAMPED_VERSION);
    let fields = match version {
        Some(v) if v >= STAMPED_VERSION => DOCUMENT_FIELDS,
        Some(2..) => DOCUMENT_FIELDS_V2,
        _ => DOCUMENT_FIELDS_V1,
    };
    let top = Fields::new("the file".into(), &document, fields)?;
    // The fields of a record of this version.
    let known = |fields: &[&'static str]| -> Vec<&'static str> {
        let mut known = fields.to_vec();
        if stamped {
            known.push(STAMP_FIELD);
        }
        known
    };
    let stamp = |fields: &Fields<'_>| -> Result<Option<Stamp>, Refused> {
        stamped.then(|| fields.stamp(STAMP_FIELD)).transpose()
    };
    top.time("exported_at")?;

    let mut incoming = Incoming::default();
    let mut knot_at: HashMap<String, usize> = HashMap::new();
    for (index, record) in top.array("knots")?.iter().enumerate() {
        let fields = Fields::record("knot", "knots", index, record, &known(KNOT_FIELDS))?;
        let knot = IncomingKnot {
            stamp: stamp(&fields)?,
            ..read_knot(&fields)?
        };
        unique(&mut knot_at, &fields, &knot.uuid, "knots", index)?;
        incoming.knots.push(knot);
    }
    let mut session_at: HashMap<String, usize> = HashMap::new();
    for (index, record) in top.array("sessions")?.iter().enumerate() {
        let fields = Fields::record("session", "sessions", index, record, &known(SESSION_FIELDS))?;
        let session = IncomingSession {
            uuid: fields.uuid("uuid")?,
            started_at: fields.time("started_at")?,
            minutes: fields.optional_minutes("minutes", SESSION_MAX_MINUTES)?,
            note: fields.optional_text("note")?,
            stamp: stamp(&fields)?,
        };
        unique(&mut session_at, &fields, &session.uuid, "sessions", index)?;
        incoming.sessions.push(session);
    }
    let mut reading_at: HashMap<String, usize> = HashMap::new();
    for (index, record) in top.array("readings")?.iter().enumerate() {
        let fields = Fields::record("reading", "readings", index, record, &known(READING_FIELDS))?;
        let reading = IncomingReading {
            stamp: stamp(&fields)?,
            ..read_reading(&fields)?
        };
        unique(&mut reading_at, &fields, &reading.uuid, "readings", index)?;
        incoming.readings.push(reading);
    }
    if with_clearings {
        let mut clearing_at: HashMap<String, usize> = HashMap::new();
        for (index, record) in top.array("clearings")?.iter().enumerate() {
            let fields = Fields::record(
                "clearing",
                "clearings",
                index,
                record,
                &known(CLEARING_FIELDS),
            )?;
            let clearing = IncomingClearing {
                uuid: fields.uuid("uuid")?,
                knot: fields.uuid("knot")?,
                cleared_at: fields.time("cleared_at")?,
                stamp: stamp(&fields)?,
            };
            unique(
                &mut clearing_at,
                &fields,
                &clearing.uuid,
                "clearings",
                index,
            )?;
            incoming.clearings.push(clearing);
        }
    }
    if stamped {
        let mut buried_at: HashMap<String, usize> = HashMap::new();
        for (index, record) in top.array("tombstones")?.iter().enumerate() {
            let fields =
                Fields::record("tombstone", "tombstones", index, record, TOMBSTONE_FIELDS)?;
            let tombstone = read_tombstone(&fields)?;
            unique(
                &mut buried_at,
                &fields,
                &tombstone.uuid,
                "tombstones",
                index,
            )?;
            incoming.tombstones.push(tombstone);
        }
    }
    for knot in &incoming.knots {
        if knot.recurs_knot.as_deref() == Some(knot.uuid.as_str()) {
            return Err(Refused::BadField {
                record: format!("knot {} (knots[{}])", knot.uuid, knot_at[&knot.uuid]),
                field: "recurs_knot".into(),
                problem: "is the knot itself".into(),
            });
        }
    }
    Ok(incoming)
}

fn read_knot(fields: &Fields<'_>) -> Result<IncomingKnot, Refused> {
    let uuid = fields.uuid("uuid")?;
    let slug = fields.text("region")?;
    let region = Region::from_slug(slug).ok_or_else(|| {
        fields.bad(
            "region",
            format!(
                "{} is not a region knotmap knows (`knotmap regions` lists them)",
                quote_str(slug)
            ),
        )
    })?;
    let view_slug = fields.text("view")?;
    let view = View::from_slug(view_slug).ok_or_else(|| {
        fields.bad(
            "view",
            format!(
                "must be \"front\" or \"back\", not {}",
                quote_str(view_slug)
            ),
        )
    })?;
    Ok(IncomingKnot {
        uuid,
        region,
        spot: Spot {
            view,
            x: fields.cell("x")?,
            y: fields.cell("y")?,
        },
        created_at: fields.time("created_at")?,
        marked_resolved_at: fields.optional_time("marked_resolved_at")?,
        recurs_knot: fields.optional_uuid("recurs_knot")?,
        stamp: None,
    })
}

/// A deleted record: only readings and clearings are ever deleted.
fn read_tombstone(fields: &Fields<'_>) -> Result<Tombstone, Refused> {
    let slug = fields.text("kind")?;
    let kind = Kind::from_slug(slug)
        .filter(|kind| kind.can_be_deleted())
        .ok_or_else(|| {
            fields.bad(
                "kind",
                format!(
                    "must be \"reading\" or \"clearing\", not {}",
                    quote_str(slug)
                ),
            )
        })?;
    Ok(Tombstone {
        uuid: fields.uuid("uuid")?,
        kind,
        stamp: fields.stamp("stamp")?,
    })
}

fn read_reading(fields: &Fields<'_>) -> Result<IncomingReading, Refused> {
    Ok(IncomingReading {
        uuid: fields.uuid("uuid")?,
        knot: fields.uuid("knot")?,
        session: fields.uuid("session")?,
        taken_at: fields.time("taken_at")?,
        treatment: NewReading {
            pain_before: Some(fields.score("pain_before")?),
            pain_after: fields.optional_score("pain_after")?,
            technique: fields.optional_text("technique")?,
            tool: fields.optional_text("tool")?,
            minutes: fields.optional_minutes("minutes", READING_MAX_MINUTES)?,
            pressure: fields.optional_score("pressure")?,
            symptoms: fields.symptoms("symptoms")?,
            note: fields.optional_text("note")?,
            ppt: fields.optional_ppt("ppt_kg_cm2")?,
        },
        stamp: None,
    })
}

/// Refuses a UUID already seen among the records of the same kind.
fn unique(
    seen: &mut HashMap<String, usize>,
    fields: &Fields<'_>,
    uuid: &str,
    array: &str,
    index: usize,
) -> Result<(), Refused> {
    if let Some(first) = seen.insert(uuid.to_string(), index) {
        return Err(fields.bad(
            "uuid",
            format!("{uuid} is already the uuid of {array}[{first}]"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;

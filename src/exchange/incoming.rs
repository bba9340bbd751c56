//! Reading an export back: the JSON checked record by record and field by
//! field into typed records, before any database is opened. Whatever is
//! wrong is refused with the record and the field it is in.
//!
//! What the file alone cannot tell (whether a UUID it refers to but does
//! not hold is in the database) is left to the store's import.

use chrono::{DateTime, Utc};
use serde_json::Value;
use thiserror::Error;

use super::fields::{Fields, quote_str};
use super::{FORMAT_VERSION, OLDEST_VERSION};
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
    /// `None` in a file from before change stamps (before version 4).
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
const STAMP: &str = "stamp";
const TOMBSTONE_FIELDS: &[&str] = &["uuid", "kind", "stamp"];
const CLEARING_FIELDS: &[&str] = &["uuid", "knot", "cleared_at", STAMP];
const KNOT_FIELDS: &[&str] = &[
    "uuid",
    "region",
    "view",
    "x",
    "y",
    "created_at",
    "marked_resolved_at",
    "recurs_knot",
    STAMP,
];
const SESSION_FIELDS: &[&str] = &["uuid", "started_at", "minutes", "note", STAMP];
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
    STAMP,
];

/// The fields of each kind of record, by the name of its array.
pub(super) fn fields_of(array: &str) -> &'static [&'static str] {
    match array {
        "knots" => KNOT_FIELDS,
        "sessions" => SESSION_FIELDS,
        "readings" => READING_FIELDS,
        "clearings" => CLEARING_FIELDS,
        _ => TOMBSTONE_FIELDS,
    }
}

/// The fields of the document itself in a file of `version`.
pub(super) fn document_fields(version: u64) -> &'static [&'static str] {
    match version {
        STAMPED_VERSION.. => DOCUMENT_FIELDS,
        2.. => DOCUMENT_FIELDS_V2,
        _ => DOCUMENT_FIELDS_V1,
    }
}

/// Whether the `index`th record of `array`, `value`, has a change stamp
/// exactly when a file of `version` has them: every record from version 4
/// on, none before.
pub(super) fn check_stamp(
    array: &str,
    index: usize,
    value: &Value,
    version: u64,
) -> Result<(), Refused> {
    let fields = Fields::record(kind_in(array), array, index, value, fields_of(array))?;
    match (version >= STAMPED_VERSION, fields.has(STAMP)) {
        (true, false) => Err(fields.bad(STAMP, "is missing (null, if nothing was recorded)")),
        (false, true) => Err(fields.bad(&quote_str(STAMP), "is not a field of this format")),
        _ => Ok(()),
    }
}

/// One record of the file, `value`, the `index`th of `array`, checked
/// field by field as `version` of the format has it; with `now`, a record
/// dated after it is refused too. Its change stamp is read when it has
/// one; whether it should is the reader's to check (see [`check_stamp`]).
/// The one place a record of the file becomes a typed record.
pub fn record_of(
    array: &str,
    index: usize,
    value: &Value,
    now: Option<DateTime<Utc>>,
    version: u64,
) -> Result<Record, Refused> {
    let kind = kind_in(array);
    let fields = Fields::record(kind, array, index, value, fields_of(array))?;
    let stamp = if fields.has(STAMP) && array != "tombstones" {
        Some(fields.stamp(STAMP)?)
    } else {
        None
    };
    // Versions 1 and 2 give a knot's place in cells of the one drawing
    // there was; it is read as the same place in thousandths.
    let places = if version >= 3 {
        Places::Thousandths
    } else {
        Places::LegacyCells
    };
    let record = match array {
        "knots" => Record::Knot(IncomingKnot {
            stamp,
            ..read_knot(&fields, places)?
        }),
        "sessions" => Record::Session(IncomingSession {
            uuid: fields.uuid("uuid")?,
            started_at: fields.time("started_at")?,
            minutes: fields.optional_minutes("minutes", SESSION_MAX_MINUTES)?,
            note: fields.optional_text("note")?,
            stamp,
        }),
        "readings" => Record::Reading(IncomingReading {
            stamp,
            ..read_reading(&fields)?
        }),
        "clearings" => Record::Clearing(IncomingClearing {
            uuid: fields.uuid("uuid")?,
            knot: fields.uuid("knot")?,
            cleared_at: fields.time("cleared_at")?,
            stamp,
        }),
        _ => Record::Tombstone(read_tombstone(&fields)?),
    };
    if let Some(now) = now {
        for (field, time) in record.times() {
            if is_in_future(time, now) {
                return Err(fields.bad(field, format!("{} is in the future", to_stored(time))));
            }
        }
    }
    Ok(record)
}

/// "knot" for a record of "knots".
pub(super) fn kind_in(array: &str) -> &'static str {
    match array {
        "knots" => "knot",
        "sessions" => "session",
        "readings" => "reading",
        "clearings" => "clearing",
        _ => "tombstone",
    }
}

/// The arrays of records, in the order they are merged: a record is
/// merged after those it may refer to, and deletions last.
pub const ARRAYS: [&str; 5] = ["knots", "sessions", "readings", "clearings", "tombstones"];

/// One checked record of any kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Knot(IncomingKnot),
    Session(IncomingSession),
    Reading(IncomingReading),
    Clearing(IncomingClearing),
    Tombstone(Tombstone),
}

impl Record {
    pub fn uuid(&self) -> &str {
        match self {
            Record::Knot(knot) => &knot.uuid,
            Record::Session(session) => &session.uuid,
            Record::Reading(reading) => &reading.uuid,
            Record::Clearing(clearing) => &clearing.uuid,
            Record::Tombstone(tombstone) => &tombstone.uuid,
        }
    }

    /// The times a person gave, which may not be in the future, by field.
    fn times(&self) -> Vec<(&'static str, DateTime<Utc>)> {
        match self {
            Record::Knot(knot) => [("created_at", Some(knot.created_at))]
                .into_iter()
                .chain([("marked_resolved_at", knot.marked_resolved_at)])
                .filter_map(|(field, time)| Some((field, time?)))
                .collect(),
            Record::Session(session) => vec![("started_at", session.started_at)],
            Record::Reading(reading) => vec![("taken_at", reading.taken_at)],
            Record::Clearing(_) | Record::Tombstone(_) => Vec::new(),
        }
    }
}

/// How a version of the format gives a knot's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Places {
    Thousandths,
    LegacyCells,
}

fn read_knot(fields: &Fields<'_>, places: Places) -> Result<IncomingKnot, Refused> {
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
    let spot = match places {
        Places::Thousandths => Spot {
            view,
            x: fields.thousandths("x")?,
            y: fields.thousandths("y")?,
        },
        Places::LegacyCells => {
            Spot::from_legacy_cell(view, fields.legacy_cell("x")?, fields.legacy_cell("y")?)
        }
    };
    let recurs_knot = fields.optional_uuid("recurs_knot")?;
    if recurs_knot.as_deref() == Some(uuid.as_str()) {
        return Err(fields.bad("recurs_knot", "is the knot itself"));
    }
    Ok(IncomingKnot {
        uuid,
        region,
        spot,
        created_at: fields.time("created_at")?,
        marked_resolved_at: fields.optional_time("marked_resolved_at")?,
        recurs_knot,
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
        stamp: fields.stamp(STAMP)?,
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

#[cfg(test)]
mod tests;

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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingSession {
    pub uuid: String,
    pub started_at: DateTime<Utc>,
    pub minutes: Option<u16>,
    pub note: Option<String>,
}

/// A reading as the file gives it: its knot and session by UUID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingReading {
    pub uuid: String,
    pub knot: String,
    pub session: String,
    pub taken_at: DateTime<Utc>,
    pub treatment: NewReading,
}

/// A time a knot on hold was said to be seen to: its knot by UUID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingClearing {
    pub uuid: String,
    pub knot: String,
    pub cleared_at: DateTime<Utc>,
}

/// Every record of an export, checked, in the order of the file. UUIDs
/// are in their canonical form (lower case, hyphenated). A file of version
/// 1 has no clearings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Incoming {
    pub knots: Vec<IncomingKnot>,
    pub sessions: Vec<IncomingSession>,
    pub readings: Vec<IncomingReading>,
    pub clearings: Vec<IncomingClearing>,
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
/// ...and of the version this build writes.
const DOCUMENT_FIELDS: &[&str] = &[
    "format",
    "format_version",
    "exported_at",
    "knots",
    "sessions",
    "readings",
    "clearings",
];
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
    let fields = if with_clearings {
        DOCUMENT_FIELDS
    } else {
        DOCUMENT_FIELDS_V1
    };
    let top = Fields::new("the file".into(), &document, fields)?;
    top.time("exported_at")?;

    let mut incoming = Incoming::default();
    let mut knot_at: HashMap<String, usize> = HashMap::new();
    for (index, record) in top.array("knots")?.iter().enumerate() {
        let fields = Fields::record("knot", "knots", index, record, KNOT_FIELDS)?;
        let knot = read_knot(&fields)?;
        unique(&mut knot_at, &fields, &knot.uuid, "knots", index)?;
        incoming.knots.push(knot);
    }
    let mut session_at: HashMap<String, usize> = HashMap::new();
    for (index, record) in top.array("sessions")?.iter().enumerate() {
        let fields = Fields::record("session", "sessions", index, record, SESSION_FIELDS)?;
        let session = IncomingSession {
            uuid: fields.uuid("uuid")?,
            started_at: fields.time("started_at")?,
            minutes: fields.optional_minutes("minutes", SESSION_MAX_MINUTES)?,
            note: fields.optional_text("note")?,
        };
        unique(&mut session_at, &fields, &session.uuid, "sessions", index)?;
        incoming.sessions.push(session);
    }
    let mut reading_at: HashMap<String, usize> = HashMap::new();
    for (index, record) in top.array("readings")?.iter().enumerate() {
        let fields = Fields::record("reading", "readings", index, record, READING_FIELDS)?;
        let reading = read_reading(&fields)?;
        unique(&mut reading_at, &fields, &reading.uuid, "readings", index)?;
        incoming.readings.push(reading);
    }
    if with_clearings {
        let mut clearing_at: HashMap<String, usize> = HashMap::new();
        for (index, record) in top.array("clearings")?.iter().enumerate() {
            let fields = Fields::record("clearing", "clearings", index, record, CLEARING_FIELDS)?;
            let clearing = IncomingClearing {
                uuid: fields.uuid("uuid")?,
                knot: fields.uuid("knot")?,
                cleared_at: fields.time("cleared_at")?,
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
mod tests {
    use super::*;
    use crate::domain::pain::{Ppt, Score};
    use crate::domain::symptom::Symptom;
    use serde_json::json;

    const KNOT: &str = "00000000-0000-4000-8000-00000000000a";
    const SESSION: &str = "00000000-0000-4000-8000-00000000000b";
    const READING: &str = "00000000-0000-4000-8000-00000000000c";

    fn document() -> Value {
        json!({
            "format": "knotmap-export",
            "format_version": 1,
            "exported_at": "2026-03-10T08:00:00Z",
            "knots": [{
                "uuid": KNOT, "region": "rhomboids-left", "view": "back", "x": 10, "y": 8,
                "created_at": "2026-03-01T18:00:00Z", "marked_resolved_at": null,
                "recurs_knot": null
            }],
            "sessions": [{
                "uuid": SESSION, "started_at": "2026-03-01T18:00:00Z", "minutes": null,
                "note": null
            }],
            "readings": [{
                "uuid": READING, "knot": KNOT, "session": SESSION,
                "taken_at": "2026-03-01T18:00:00Z", "pain_before": 7, "pain_after": null,
                "technique": null, "tool": "ball", "minutes": 5, "pressure": null,
                "symptoms": ["tingling"], "note": null, "ppt_kg_cm2": 4.5
            }]
        })
    }

    fn read_value(value: &Value) -> Result<Incoming, Refused> {
        read(value.to_string().as_bytes())
    }

    /// The error for the document changed by `change`.
    fn refused(change: impl FnOnce(&mut Value)) -> String {
        let mut value = document();
        change(&mut value);
        read_value(&value).unwrap_err().to_string()
    }

    #[test]
    fn a_good_document_becomes_typed_records() {
        let incoming = read_value(&document()).unwrap();
        assert_eq!(incoming.knots[0].region.slug(), "rhomboids-left");
        assert_eq!(incoming.knots[0].spot.view, View::Back);
        let reading = &incoming.readings[0];
        assert_eq!(reading.knot, KNOT);
        assert_eq!(reading.treatment.pain_before.map(Score::value), Some(7));
        assert_eq!(reading.treatment.pain_after, None);
        assert_eq!(reading.treatment.symptoms, [Symptom::Tingling]);
        assert_eq!(reading.treatment.ppt.map(Ppt::kg_cm2), Some(4.5));
    }

    #[test]
    fn uuids_and_times_are_put_in_their_canonical_form() {
        let mut value = document();
        value["knots"][0]["uuid"] = json!(KNOT.to_uppercase());
        value["knots"][0]["created_at"] = json!("2026-03-01T19:00:00+01:00");
        let incoming = read_value(&value).unwrap();
        assert_eq!(incoming.knots[0].uuid, KNOT);
        assert_eq!(
            incoming.knots[0].created_at,
            "2026-03-01T18:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
    }

    #[test]
    fn what_is_not_an_export_is_refused_before_its_records_are_read() {
        assert!(matches!(read(b"hello"), Err(Refused::NotJson(_))));
        assert!(matches!(read(b"[1, 2]"), Err(Refused::NotAnExport(_))));
        assert!(matches!(
            read(br#"{"format": "other"}"#),
            Err(Refused::NotAnExport(_))
        ));
        assert_eq!(
            refused(|v| v["format_version"] = json!(3)),
            "it is version 3 of the knotmap export format, and this knotmap reads versions 1 to 2"
        );
    }

    #[test]
    fn a_broken_record_is_named_with_its_field() {
        let reading = format!("reading {READING} (readings[0])");
        let knot = format!("knot {KNOT} (knots[0])");
        type Change = Box<dyn FnOnce(&mut Value)>;
        let cases: Vec<(Change, String)> = vec![
            (
                Box::new(|v| v["readings"][0]["pain_before"] = json!(11)),
                format!("{reading}: pain_before must be a whole number from 0 to 10, not 11"),
            ),
            (
                Box::new(|v| v["readings"][0]["pain_before"] = json!(null)),
                format!("{reading}: pain_before is required: a whole number from 0 to 10"),
            ),
            (
                Box::new(|v| v["readings"][0]["pressure"] = json!(-1)),
                format!("{reading}: pressure must be a whole number from 0 to 10, not -1"),
            ),
            (
                Box::new(|v| v["readings"][0]["minutes"] = json!(601)),
                format!("{reading}: minutes must be a whole number from 0 to 600, not 601"),
            ),
            (
                Box::new(|v| v["readings"][0]["symptoms"] = json!(["itching"])),
                format!(
                    "{reading}: symptoms has \"itching\", which is not a symptom knotmap knows (numbness, tingling, swelling, bruising, sharp-pain, warmth, redness)"
                ),
            ),
            (
                Box::new(|v| v["readings"][0]["ppt_kg_cm2"] = json!(25)),
                format!("{reading}: ppt_kg_cm2 must be a pressure in kg/cm2 from 0 to 20, not 25"),
            ),
            (
                Box::new(|v| v["readings"][0]["taken_at"] = json!("yesterday")),
                format!(
                    "{reading}: taken_at \"yesterday\" is not a date and time like 2026-03-14T18:30:00Z"
                ),
            ),
            (
                Box::new(|v| {
                    v["readings"][0].as_object_mut().unwrap().remove("note");
                }),
                format!("{reading}: note is missing (null, if nothing was recorded)"),
            ),
            (
                Box::new(|v| v["readings"][0]["pain_befor"] = json!(3)),
                format!("{reading}: \"pain_befor\" is not a field of this format"),
            ),
            (
                Box::new(|v| v["readings"][0]["knot"] = json!(3)),
                format!("{reading}: knot must be a string, not 3"),
            ),
            (
                Box::new(|v| v["knots"][0]["region"] = json!("left-ear")),
                format!(
                    "{knot}: region \"left-ear\" is not a region knotmap knows (`knotmap regions` lists them)"
                ),
            ),
            (
                Box::new(|v| v["knots"][0]["view"] = json!("side")),
                format!("{knot}: view must be \"front\" or \"back\", not \"side\""),
            ),
            (
                Box::new(|v| v["knots"][0]["recurs_knot"] = json!(KNOT)),
                format!("{knot}: recurs_knot is the knot itself"),
            ),
            (
                Box::new(|v| v["knots"][0]["uuid"] = json!("knot-1")),
                "knots[0]: uuid \"knot-1\" is not a UUID".to_string(),
            ),
            (
                Box::new(|v| v["sessions"] = json!({})),
                "the file: sessions must be an array, not an object".to_string(),
            ),
            (
                Box::new(|v| v["sessions"][0] = json!("s")),
                "sessions[0]: the record must be an object, not a string".to_string(),
            ),
            (
                Box::new(|v| v["exported_at"] = json!("2026-02-30T00:00:00Z")),
                "the file: exported_at \"2026-02-30T00:00:00Z\" is not a date and time like 2026-03-14T18:30:00Z".to_string(),
            ),
        ];
        for (change, expected) in cases {
            assert_eq!(refused(change), expected);
        }
    }

    #[test]
    fn a_uuid_given_twice_is_refused() {
        let error = refused(|v| {
            let copy = v["sessions"][0].clone();
            v["sessions"].as_array_mut().unwrap().push(copy);
        });
        assert_eq!(
            error,
            format!(
                "session {SESSION} (sessions[1]): uuid {SESSION} is already the uuid of sessions[0]"
            )
        );
    }

    #[test]
    fn long_values_are_cut_short_in_errors() {
        let error = refused(|v| v["knots"][0]["region"] = json!("x".repeat(500)));
        assert!(error.len() < 200, "{error}");
        assert!(error.contains("..."));
    }

    const CLEARING: &str = "00000000-0000-4000-8000-00000000000d";

    fn version_2() -> Value {
        let mut value = document();
        value["format_version"] = json!(2);
        value["clearings"] = json!([{
            "uuid": CLEARING, "knot": KNOT, "cleared_at": "2026-03-05T09:00:00Z"
        }]);
        value
    }

    #[test]
    fn version_2_brings_the_clearings_and_version_1_still_reads() {
        let incoming = read_value(&version_2()).unwrap();
        assert_eq!(
            incoming.clearings,
            [IncomingClearing {
                uuid: CLEARING.into(),
                knot: KNOT.into(),
                cleared_at: "2026-03-05T09:00:00Z".parse().unwrap(),
            }]
        );
        assert!(!incoming.refers_outside());
        let old = read_value(&document()).unwrap();
        assert!(old.clearings.is_empty());
        assert_eq!(old.readings.len(), 1);
    }

    #[test]
    fn clearings_are_checked_like_every_record() {
        let clearing = format!("clearing {CLEARING} (clearings[0])");
        let mut missing = version_2();
        missing.as_object_mut().unwrap().remove("clearings");
        assert_eq!(
            read_value(&missing).unwrap_err().to_string(),
            "the file: clearings is missing (null, if nothing was recorded)"
        );
        let mut early = document();
        early["clearings"] = json!([]);
        assert_eq!(
            read_value(&early).unwrap_err().to_string(),
            "the file: \"clearings\" is not a field of this format"
        );
        let mut late = version_2();
        late["clearings"][0]["cleared_at"] = json!("soon");
        assert_eq!(
            read_value(&late).unwrap_err().to_string(),
            format!(
                "{clearing}: cleared_at \"soon\" is not a date and time like 2026-03-14T18:30:00Z"
            )
        );
        let mut elsewhere = version_2();
        elsewhere["clearings"][0]["knot"] = json!("00000000-0000-4000-8000-0000000000ff");
        assert!(read_value(&elsewhere).unwrap().refers_outside());
    }
}

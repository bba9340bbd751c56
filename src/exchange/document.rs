//! The JSON export as it is written: every record with its UUID and every
//! field, `null` for what was not recorded, in an order that depends on
//! the data only (time, then UUID), never on local ids.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{FORMAT, FORMAT_VERSION};
use crate::domain::knot::{Knot, Reading};
use crate::domain::pain::{Ppt, Score};
use crate::domain::safety::Clearing;
use crate::domain::stamp::{Stamp, Tombstone, Versions};
use crate::domain::when::to_stored;
use crate::domain::{History, Session};

/// The whole export. Field order and names are the format: see
/// `docs/export-format.md`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub format: &'static str,
    pub format_version: u32,
    pub exported_at: String,
    pub knots: Vec<KnotRecord>,
    pub sessions: Vec<SessionRecord>,
    pub readings: Vec<ReadingRecord>,
    pub clearings: Vec<ClearingRecord>,
    /// The records deleted, so that the deletion travels too.
    pub tombstones: Vec<TombstoneRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KnotRecord {
    pub uuid: String,
    pub region: String,
    pub view: &'static str,
    pub x: u16,
    pub y: u16,
    pub created_at: String,
    pub marked_resolved_at: Option<String>,
    /// The UUID of the earlier knot this one is a return of.
    pub recurs_knot: Option<String>,
    /// The change stamp of this version of the record.
    pub stamp: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionRecord {
    pub uuid: String,
    pub started_at: String,
    pub minutes: Option<u16>,
    pub note: Option<String>,
    pub stamp: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadingRecord {
    pub uuid: String,
    /// The knot's UUID.
    pub knot: String,
    /// The session's UUID.
    pub session: String,
    pub taken_at: String,
    pub pain_before: Option<u8>,
    pub pain_after: Option<u8>,
    pub technique: Option<String>,
    pub tool: Option<String>,
    pub minutes: Option<u16>,
    pub pressure: Option<u8>,
    /// Symptom slugs, sorted; empty when none were noticed.
    pub symptoms: Vec<&'static str>,
    pub note: Option<String>,
    pub ppt_kg_cm2: Option<f64>,
    pub stamp: String,
}

/// A time a knot on hold was said to be seen to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClearingRecord {
    pub uuid: String,
    /// The knot's UUID.
    pub knot: String,
    pub cleared_at: String,
    pub stamp: String,
}

/// A deleted reading or clearing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TombstoneRecord {
    pub uuid: String,
    /// "reading" or "clearing".
    pub kind: &'static str,
    /// The stamp of the deletion.
    pub stamp: String,
}

// Each record of the format is made from the domain's record here, and
// only here: the whole export and the streamed one share these.

impl KnotRecord {
    /// `knot` as the format writes it; `recurs_knot` is the UUID of the
    /// earlier knot it is a return of.
    pub fn of(knot: &Knot, recurs_knot: Option<String>, stamp: &Stamp) -> KnotRecord {
        KnotRecord {
            uuid: knot.uuid.clone(),
            region: knot.region.slug(),
            view: knot.spot.view.slug(),
            x: knot.spot.x,
            y: knot.spot.y,
            created_at: to_stored(knot.created_at),
            marked_resolved_at: knot.marked_resolved_at.map(to_stored),
            recurs_knot,
            stamp: stamp.to_string(),
        }
    }
}

impl SessionRecord {
    pub fn of(session: &Session, stamp: &Stamp) -> SessionRecord {
        SessionRecord {
            uuid: session.uuid.clone(),
            started_at: to_stored(session.started_at),
            minutes: session.minutes,
            note: session.note.clone(),
            stamp: stamp.to_string(),
        }
    }
}

impl ReadingRecord {
    /// `reading` as the format writes it, its knot and session named by
    /// their UUIDs.
    pub fn of(reading: &Reading, knot: String, session: String, stamp: &Stamp) -> ReadingRecord {
        let t = &reading.treatment;
        let mut symptoms = t.symptoms.clone();
        symptoms.sort();
        symptoms.dedup();
        ReadingRecord {
            uuid: reading.uuid.clone(),
            knot,
            session,
            taken_at: to_stored(reading.taken_at),
            pain_before: t.pain_before.map(Score::value),
            pain_after: t.pain_after.map(Score::value),
            technique: t.technique.clone(),
            tool: t.tool.clone(),
            minutes: t.minutes,
            pressure: t.pressure.map(Score::value),
            symptoms: symptoms.into_iter().map(|s| s.slug()).collect(),
            note: t.note.clone(),
            ppt_kg_cm2: t.ppt.map(Ppt::kg_cm2),
            stamp: stamp.to_string(),
        }
    }
}

impl ClearingRecord {
    /// `clearing` as the format writes it, its knot named by its UUID.
    pub fn of(clearing: &Clearing, knot: String, stamp: &Stamp) -> ClearingRecord {
        ClearingRecord {
            uuid: clearing.uuid.clone(),
            knot,
            cleared_at: to_stored(clearing.cleared_at),
            stamp: stamp.to_string(),
        }
    }
}

impl TombstoneRecord {
    pub fn of(tombstone: &Tombstone) -> TombstoneRecord {
        TombstoneRecord {
            uuid: tombstone.uuid.clone(),
            kind: tombstone.kind.slug(),
            stamp: tombstone.stamp.to_string(),
        }
    }
}

impl Document {
    /// Everything in `history`, each record with its stamp from
    /// `versions`, and the tombstones, stamped as exported at `now`.
    pub fn from_history(history: &History, versions: &Versions, now: DateTime<Utc>) -> Document {
        let knot_uuids: HashMap<i64, &str> = history
            .knots
            .iter()
            .map(|knot| (knot.id, knot.uuid.as_str()))
            .collect();
        let session_uuids: HashMap<i64, &str> = history
            .sessions
            .iter()
            .map(|session| (session.id, session.uuid.as_str()))
            .collect();
        let uuid_of = |uuids: &HashMap<i64, &str>, id: i64| {
            uuids
                .get(&id)
                .map_or_else(String::new, |uuid| uuid.to_string())
        };

        let mut knots: Vec<&Knot> = history.knots.iter().collect();
        knots.sort_by(|a, b| (a.created_at, &a.uuid).cmp(&(b.created_at, &b.uuid)));
        let mut sessions: Vec<&Session> = history.sessions.iter().collect();
        sessions.sort_by(|a, b| (a.started_at, &a.uuid).cmp(&(b.started_at, &b.uuid)));
        let mut readings: Vec<&Reading> = history.readings.iter().collect();
        readings.sort_by(|a, b| (a.taken_at, &a.uuid).cmp(&(b.taken_at, &b.uuid)));
        let mut clearings: Vec<&Clearing> = history.clearings.iter().collect();
        clearings.sort_by(|a, b| (a.cleared_at, &a.uuid).cmp(&(b.cleared_at, &b.uuid)));
        let mut tombstones: Vec<&Tombstone> = versions.tombstones.iter().collect();
        tombstones.sort_by(|a, b| (&a.stamp, &a.uuid).cmp(&(&b.stamp, &b.uuid)));

        Document {
            format: FORMAT,
            format_version: FORMAT_VERSION,
            exported_at: to_stored(now),
            knots: knots
                .into_iter()
                .map(|knot| {
                    KnotRecord::of(
                        knot,
                        knot.recurs_knot_id.map(|id| uuid_of(&knot_uuids, id)),
                        &versions.stamp_of(&knot.uuid, knot.created_at),
                    )
                })
                .collect(),
            sessions: sessions
                .into_iter()
                .map(|session| {
                    SessionRecord::of(
                        session,
                        &versions.stamp_of(&session.uuid, session.started_at),
                    )
                })
                .collect(),
            readings: readings
                .into_iter()
                .map(|reading| {
                    ReadingRecord::of(
                        reading,
                        uuid_of(&knot_uuids, reading.knot_id),
                        uuid_of(&session_uuids, reading.session_id),
                        &versions.stamp_of(&reading.uuid, reading.taken_at),
                    )
                })
                .collect(),
            clearings: clearings
                .into_iter()
                .map(|clearing| {
                    ClearingRecord::of(
                        clearing,
                        uuid_of(&knot_uuids, clearing.knot_id),
                        &versions.stamp_of(&clearing.uuid, clearing.cleared_at),
                    )
                })
                .collect(),
            tombstones: tombstones.into_iter().map(TombstoneRecord::of).collect(),
        }
    }

    /// The document as pretty-printed JSON, ending with a newline.
    pub fn to_json(&self) -> serde_json::Result<String> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::{Region, Spot, View};
    use crate::domain::knot::NewReading;
    use crate::domain::symptom::Symptom;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn knot(id: i64, uuid: &str, created: &str) -> Knot {
        Knot {
            id,
            uuid: uuid.to_string(),
            region: Region::from_slug("rhomboids-left").unwrap(),
            spot: Spot {
                view: View::Back,
                x: 10,
                y: 8,
            },
            created_at: at(created),
            marked_resolved_at: None,
            recurs_knot_id: None,
            cleared_at: None,
        }
    }

    fn reading(id: i64, uuid: &str, knot_id: i64, taken: &str) -> Reading {
        Reading {
            id,
            uuid: uuid.to_string(),
            knot_id,
            session_id: 1,
            taken_at: at(taken),
            treatment: NewReading::pain(Score::new(6).unwrap()),
        }
    }

    fn history() -> History {
        let mut later = knot(1, "bbbb", "2026-03-02T10:00:00Z");
        later.recurs_knot_id = Some(2);
        History {
            knots: vec![later, knot(2, "aaaa", "2026-03-01T10:00:00Z")],
            readings: vec![
                reading(1, "r-2", 1, "2026-03-02T10:00:00Z"),
                reading(3, "r-3", 1, "2026-03-02T10:00:00Z"),
                reading(2, "r-1", 2, "2026-03-01T10:00:00Z"),
            ],
            sessions: vec![Session {
                id: 1,
                uuid: "s-1".into(),
                started_at: at("2026-03-01T10:00:00Z"),
                minutes: None,
                note: None,
            }],
            clearings: vec![Clearing {
                id: 1,
                uuid: "c-1".into(),
                knot_id: 2,
                cleared_at: at("2026-03-03T09:00:00Z"),
            }],
        }
    }

    #[test]
    fn records_come_in_time_order_then_by_uuid_whatever_their_ids() {
        let doc =
            Document::from_history(&history(), &Versions::default(), at("2026-03-10T00:00:00Z"));
        let uuids = |records: Vec<&str>| records.join(" ");
        assert_eq!(
            uuids(doc.knots.iter().map(|k| k.uuid.as_str()).collect()),
            "aaaa bbbb"
        );
        assert_eq!(
            uuids(doc.readings.iter().map(|r| r.uuid.as_str()).collect()),
            "r-1 r-2 r-3"
        );
    }

    #[test]
    fn references_are_uuids_and_what_was_not_recorded_is_null() {
        let mut history = history();
        history.readings[0].treatment.symptoms = vec![Symptom::Tingling, Symptom::Numbness];
        let doc =
            Document::from_history(&history, &Versions::default(), at("2026-03-10T00:00:00Z"));
        assert_eq!(doc.knots[1].recurs_knot.as_deref(), Some("aaaa"));
        assert_eq!(doc.readings[1].knot, "bbbb");
        assert_eq!(doc.readings[1].session, "s-1");
        assert_eq!(doc.readings[1].symptoms, ["numbness", "tingling"]);
        assert_eq!(
            doc.clearings,
            [ClearingRecord {
                uuid: "c-1".into(),
                knot: "aaaa".into(),
                cleared_at: "2026-03-03T09:00:00Z".into(),
                stamp: format!("1772528400000.000000.{}", "0".repeat(32)),
            }]
        );
        let json: serde_json::Value = serde_json::from_str(&doc.to_json().unwrap()).unwrap();
        assert_eq!(json["format"], "knotmap-export");
        assert_eq!(json["format_version"], 4);
        assert_eq!(json["exported_at"], "2026-03-10T00:00:00Z");
        let first = &json["readings"][0];
        assert!(first["pain_after"].is_null(), "{first}");
        assert!(first["ppt_kg_cm2"].is_null());
        assert_eq!(first["pain_before"], 6);
        assert_eq!(first["symptoms"], serde_json::json!([]));
    }
}

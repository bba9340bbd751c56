//! The records of the JSON export as they are written: every record with
//! its UUID and every field, `null` for what was not recorded. The export
//! (`transfer::export`) writes them one at a time, in an order that
//! depends on the data only (time, then UUID), never on local ids.

use serde::Serialize;

use crate::domain::Session;
use crate::domain::knot::{Knot, Reading};
use crate::domain::pain::{Ppt, Score};
use crate::domain::safety::Clearing;
use crate::domain::stamp::{Stamp, Tombstone};
use crate::domain::when::to_stored;

/// The whole export at once. Field order and names are the format: see
/// `docs/export-format.md`. The export streams instead; what it prints is
/// checked against this, pretty-printed (`stream.rs`).
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
    /// The document as pretty-printed JSON, ending with a newline.
    pub fn to_json(&self) -> serde_json::Result<String> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        Ok(text)
    }
}

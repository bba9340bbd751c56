//! Everything a database holds, in memory: what the screens and reports
//! are computed from, without going back to the file.

use chrono::{DateTime, Utc};

use super::digest::{Digested, digest};
use super::knot::{self, Knot, KnotSummary, Reading};
use super::rules::Rules;
use super::safety::Clearing;

/// A sitting: the readings logged in one go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: i64,
    pub uuid: String,
    pub started_at: DateTime<Utc>,
    pub minutes: Option<u16>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// Oldest first.
    pub knots: Vec<Knot>,
    /// Grouped by knot (in the order of `knots`), each knot's in time order.
    pub readings: Vec<Reading>,
    /// Oldest first.
    pub sessions: Vec<Session>,
    /// The times knots on hold were said to be seen to, oldest first:
    /// every one in a whole history (the export needs them), none in a
    /// window of it. A knot's latest is on the knot itself, which is all
    /// its summary needs.
    pub clearings: Vec<Clearing>,
}

impl History {
    /// One knot's readings, in time order.
    pub fn readings_of(&self, knot_id: i64) -> &[Reading] {
        let start = self.readings.partition_point(|r| r.knot_id < knot_id);
        let end = self.readings.partition_point(|r| r.knot_id <= knot_id);
        &self.readings[start..end]
    }

    pub fn knot(&self, id: i64) -> Option<&Knot> {
        self.knots.iter().find(|knot| knot.id == id)
    }

    /// Every knot with readings, with its digest and calm spells.
    pub fn digests(&self, calm_pain: u8) -> Vec<(Knot, Digested)> {
        self.knots
            .iter()
            .filter_map(|knot| {
                let found = digest(knot, self.readings_of(knot.id), calm_pain)?;
                Some((knot.clone(), found))
            })
            .collect()
    }

    /// Every knot with readings, summed up.
    pub fn summaries(&self, rules: &Rules) -> Vec<KnotSummary> {
        self.knots
            .iter()
            .filter_map(|knot| knot::summarize(knot.clone(), self.readings_of(knot.id), rules))
            .collect()
    }
}

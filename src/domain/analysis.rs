//! Everything the screens and commands show, worked out from a history in
//! one pass whenever it changes, so that drawing only reads.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::due::{Due, due_today};
use super::guidance::{Advice, advise};
use super::history::History;
use super::knot::{KnotStatus, KnotSummary, Reading};
use super::recurrence::{FlaggedRegion, Recurrence, find_recurrences, flag_regions};
use super::rules::Rules;
use super::trends::knots_per_region;
use crate::body::Region;

/// One row of the history: a session, or one of its readings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryRow {
    /// An index into `History::sessions`.
    Session(usize),
    /// An index into `History::readings`.
    Reading(usize),
}

#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub history: History,
    /// Every knot with readings, in the order the person should look at
    /// them: active knots by urgency and pain, then calmed ones.
    pub knots: Vec<KnotSummary>,
    pub recurrences: Vec<Recurrence>,
    pub flagged: Vec<FlaggedRegion>,
    /// How many knots formed on each region.
    pub heat: HashMap<Region, usize>,
    /// Sessions newest first, each followed by its readings.
    pub history_rows: Vec<HistoryRow>,
    /// The knots to treat today.
    pub due: Vec<Due>,
}

impl Analysis {
    pub fn new(history: History, rules: &Rules, now: DateTime<Utc>) -> Analysis {
        let mut knots = history.summaries(rules, now);
        knots.sort_by_key(|s| {
            (
                s.status == KnotStatus::Resolved,
                std::cmp::Reverse(s.verdict().urgency()),
                std::cmp::Reverse(s.latest_pain),
                s.knot.id,
            )
        });
        let recurrences = find_recurrences(&history, rules);
        let flagged = flag_regions(&recurrences);
        let heat = knots_per_region(&history);
        let history_rows = history_rows(&history);
        let due = due_today(&knots, now);
        Analysis {
            due,
            history,
            knots,
            recurrences,
            flagged,
            heat,
            history_rows,
        }
    }

    pub fn summary(&self, knot_id: i64) -> Option<&KnotSummary> {
        self.knots.iter().find(|s| s.knot.id == knot_id)
    }

    /// The advice for one reading: the cautions of its region and
    /// symptoms, its dose, and the knot's progress up to now.
    pub fn advice_for(&self, reading_id: i64) -> Vec<Advice> {
        let Some(reading) = self.history.readings.iter().find(|r| r.id == reading_id) else {
            return Vec::new();
        };
        let Some(knot) = self.history.knot(reading.knot_id) else {
            return Vec::new();
        };
        let earlier: Vec<Reading> = self
            .history
            .readings_of(knot.id)
            .iter()
            .filter(|r| r.id != reading.id && r.taken_at <= reading.taken_at)
            .cloned()
            .collect();
        let summary = self.summary(knot.id);
        advise(
            knot.region,
            &reading.treatment,
            reading.taken_at,
            &earlier,
            summary.map(|s| &s.assessment),
            summary.map(|s| s.first_seen),
        )
    }

    /// The advice for a knot's latest reading.
    pub fn advice_for_knot(&self, knot_id: i64) -> Vec<Advice> {
        self.history
            .readings_of(knot_id)
            .last()
            .map(|reading| self.advice_for(reading.id))
            .unwrap_or_default()
    }

    /// The recurrence that brought a knot back most recently, if any.
    pub fn recurrence_of(&self, knot_id: i64) -> Option<&Recurrence> {
        self.recurrences.iter().rev().find(|r| r.knot == knot_id)
    }
}

fn history_rows(history: &History) -> Vec<HistoryRow> {
    let mut by_session: HashMap<i64, Vec<usize>> = HashMap::new();
    for (index, reading) in history.readings.iter().enumerate() {
        by_session
            .entry(reading.session_id)
            .or_default()
            .push(index);
    }
    let mut rows = Vec::new();
    for (index, session) in history.sessions.iter().enumerate().rev() {
        let Some(readings) = by_session.get_mut(&session.id) else {
            continue;
        };
        readings.sort_by_key(|&i| (history.readings[i].taken_at, history.readings[i].id));
        rows.push(HistoryRow::Session(index));
        rows.extend(readings.iter().map(|&i| HistoryRow::Reading(i)));
    }
    rows
}

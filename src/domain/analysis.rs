//! Everything the screens and commands show, worked out from a history in
//! one pass whenever it changes, so that drawing only reads.

use std::collections::HashMap;

use chrono::{DateTime, TimeZone};

use super::digest::KnotDigest;
use super::due::{Due, due_today};
use super::guidance::{Advice, AdviceKind, advise};
use super::history::History;
use super::knot::{Knot, KnotStatus, KnotSummary, Reading, summary_of};
use super::recurrence::{FlaggedRegion, flag_regions, recurrences_among, tally_regions};
use super::rules::Rules;
use super::safety::RedFlag;
use crate::body::Region;

/// How long a calmed knot stays in play after it was last logged: shown on
/// the map, listed with the active ones. Not a setting: it decides which
/// knots the store reads for every screen (the cost of the map grows with
/// it), not how a knot is judged.
pub const CALMED_IN_PLAY_DAYS: i64 = 30;

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
    /// The sessions at hand with their readings: every one for a report,
    /// the latest ones once the app's history screen has read them, none
    /// otherwise.
    pub history: History,
    /// The knots in play, in the order the person should look at them:
    /// active knots by urgency and pain, then calmed ones. From a whole
    /// history, every knot with readings; from the store, every active
    /// knot and the ones calmed lately.
    pub knots: Vec<KnotSummary>,
    /// Calmed knots left out of `knots`: calmed long ago.
    pub calmed_earlier: usize,
    /// Regions knots came back to, with how often.
    pub flagged: Vec<FlaggedRegion>,
    /// How many knots formed on each region, in play or not: from a whole
    /// history at once, from the store once the heat view has read it.
    pub heat: HashMap<Region, usize>,
    /// Sessions newest first, each followed by its readings.
    pub history_rows: Vec<HistoryRow>,
    /// The knots to treat today.
    pub due: Vec<Due>,
}

impl Analysis {
    /// The analysis of a whole history as of `now`, in the person's zone
    /// (it decides what is due today).
    pub fn new<Tz: TimeZone>(history: History, rules: &Rules, now: DateTime<Tz>) -> Analysis {
        let digested = history.digests(rules.calm_pain);
        let flagged = flag_regions(&tally_regions(&recurrences_among(&digested)));
        let digests = digested
            .into_iter()
            .map(|(knot, digested)| (knot, digested.digest))
            .collect();
        let mut analysis = Analysis::of(digests, flagged, rules, now);
        analysis.set_history(history);
        analysis
    }

    /// The analysis of every knot, summed up in its digest, with the
    /// regions knots came back to; no sessions are at hand until
    /// `set_history` gives some.
    pub fn of<Tz: TimeZone>(
        digested: Vec<(Knot, KnotDigest)>,
        flagged: Vec<FlaggedRegion>,
        rules: &Rules,
        now: DateTime<Tz>,
    ) -> Analysis {
        let mut heat = HashMap::new();
        for (knot, _) in &digested {
            *heat.entry(knot.region).or_insert(0) += 1;
        }
        let mut analysis = Analysis::in_play(digested, 0, flagged, rules, now);
        analysis.heat = heat;
        analysis
    }

    /// The analysis of the knots in play, summed up in their digests, with
    /// how many calmed knots were left out and the regions knots came back
    /// to; the heat is left for the heat view to read.
    pub fn in_play<Tz: TimeZone>(
        digested: Vec<(Knot, KnotDigest)>,
        calmed_earlier: usize,
        flagged: Vec<FlaggedRegion>,
        rules: &Rules,
        now: DateTime<Tz>,
    ) -> Analysis {
        let mut knots: Vec<KnotSummary> = digested
            .into_iter()
            .map(|(knot, digest)| summary_of(knot, &digest, rules))
            .collect();
        knots.sort_by_key(|s| {
            (
                s.status == KnotStatus::Resolved,
                std::cmp::Reverse(s.verdict().urgency()),
                std::cmp::Reverse(s.latest_pain),
                s.knot.id,
            )
        });
        let due = due_today(&knots, rules, now);
        Analysis {
            due,
            history: History::default(),
            knots,
            calmed_earlier,
            flagged,
            heat: HashMap::new(),
            history_rows: Vec::new(),
        }
    }

    /// Holds another page of sessions to list.
    pub fn set_history(&mut self, history: History) {
        self.history_rows = history_rows(&history);
        self.history = history;
    }

    /// A knot with readings, by its id.
    pub fn knot(&self, knot_id: i64) -> Option<&Knot> {
        self.summary(knot_id).map(|s| &s.knot)
    }

    pub fn summary(&self, knot_id: i64) -> Option<&KnotSummary> {
        self.knots.iter().find(|s| s.knot.id == knot_id)
    }

    /// The advice for one of the readings at hand: the cautions of its
    /// region and symptoms, its dose, and the knot's progress up to now;
    /// days are read in `zone`, the person's.
    pub fn advice_for<Tz: TimeZone>(
        &self,
        reading_id: i64,
        rules: &Rules,
        zone: &Tz,
    ) -> Vec<Advice> {
        let Some(reading) = self.history.readings.iter().find(|r| r.id == reading_id) else {
            return Vec::new();
        };
        match self.summary(reading.knot_id) {
            Some(summary) => advice_on(
                summary,
                self.history.readings_of(reading.knot_id),
                reading,
                rules,
                zone,
            ),
            None => Vec::new(),
        }
    }
}

/// The advice for a knot's latest reading, given its readings in time
/// order: the knot's safety state, then what its latest reading calls
/// for. Days are read in `zone`, the person's.
pub fn advice_for_knot<Tz: TimeZone>(
    summary: &KnotSummary,
    readings: &[Reading],
    rules: &Rules,
    zone: &Tz,
) -> Vec<Advice> {
    readings
        .last()
        .map(|reading| knot_advice(summary, readings, reading, rules, zone))
        .unwrap_or_default()
}

/// Everything worth saying after `reading` of a knot, given all the knot's
/// readings in time order: what its safety state says (a hold, no
/// progress, easing off), then what the reading itself calls for that the
/// state does not say already. `knotmap log`, `show`, the app and the
/// report all say this, so one knot gets the same cautions everywhere.
pub fn knot_advice<Tz: TimeZone>(
    summary: &KnotSummary,
    readings_of_knot: &[Reading],
    reading: &Reading,
    rules: &Rules,
    zone: &Tz,
) -> Vec<Advice> {
    let region = summary.knot.region;
    let mut found = summary.safety.advice(region);
    let held = summary.safety.is_on_hold();
    let calf_flagged = summary.safety.red_flags(region).contains(&RedFlag::Calf);
    for advice in advice_on(summary, readings_of_knot, reading, rules, zone) {
        // A hold names every red flag since the knot was last seen to,
        // this reading's among them; a calf held for a clot's signs needs
        // no reminder of them.
        let said = match advice.kind {
            AdviceKind::SeeClinician | AdviceKind::SharpPain | AdviceKind::Bruising => held,
            AdviceKind::Calf => calf_flagged,
            _ => false,
        };
        if !said && !found.contains(&advice) {
            found.push(advice);
        }
    }
    found
}

/// The advice for one reading of a knot on its own, given all the knot's
/// readings in time order: the cautions of its region and symptoms, and
/// its dose. Days are read in `zone`, the person's.
pub fn advice_on<Tz: TimeZone>(
    summary: &KnotSummary,
    readings_of_knot: &[Reading],
    reading: &Reading,
    rules: &Rules,
    zone: &Tz,
) -> Vec<Advice> {
    let earlier: Vec<Reading> = readings_of_knot
        .iter()
        .filter(|r| r.id != reading.id && r.taken_at <= reading.taken_at)
        .cloned()
        .collect();
    advise(
        summary.knot.region,
        &reading.treatment,
        reading.taken_at.with_timezone(zone),
        &earlier,
        rules,
    )
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

//! What a report of a period reads: the kept digests of the knots seen in
//! it, the readings of the period, and the whole story of only the few
//! knots it tells in full. Its cost grows with the period, not with the
//! history before it.

use std::collections::BTreeSet;

use chrono::{DateTime, TimeZone, Utc};

use super::derived::{self, Knots};
use super::{Result, Store, clearings, records};
use crate::domain::History;
use crate::domain::analysis::Analysis;
use crate::domain::when::to_stored;

impl Store {
    /// The analysis of the knots with a reading from `since` on, in the
    /// order of need, holding the readings of the period and every
    /// reading of the first `in_full` knots. `now` is in the person's
    /// zone.
    pub fn period_analysis<Tz: TimeZone>(
        &self,
        since: DateTime<Utc>,
        now: DateTime<Tz>,
        in_full: usize,
    ) -> Result<Analysis> {
        if !self.summaries_hold()? {
            let mut history = self.history()?;
            let seen: BTreeSet<i64> = history
                .readings
                .iter()
                .filter(|r| r.taken_at >= since)
                .map(|r| r.knot_id)
                .collect();
            history.knots.retain(|knot| seen.contains(&knot.id));
            history.readings.retain(|r| seen.contains(&r.knot_id));
            return Ok(Analysis::new(history, &self.rules, now));
        }
        let digested = derived::knots_with_digests(&self.conn, Knots::SeenSince(since))?;
        let mut analysis = Analysis::in_play(digested, 0, Vec::new(), &self.rules, now);
        let full: BTreeSet<i64> = analysis
            .knots
            .iter()
            .take(in_full)
            .map(|s| s.knot.id)
            .collect();
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {} FROM readings WHERE taken_at >= ?1",
            records::READING_COLUMNS
        ))?;
        let mut readings = records::query_readings(&mut statement, [to_stored(since)])?;
        readings.retain(|r| !full.contains(&r.knot_id));
        for &id in &full {
            readings.extend(derived::readings_of(&self.conn, id)?);
        }
        readings.sort_by_key(|r| (r.knot_id, r.taken_at, r.id));
        let mut session_ids: Vec<i64> = readings.iter().map(|r| r.session_id).collect();
        session_ids.sort_unstable();
        session_ids.dedup();
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {} FROM sessions WHERE id = ?1",
            records::SESSION_COLUMNS
        ))?;
        let mut sessions = Vec::with_capacity(session_ids.len());
        for id in session_ids {
            sessions.extend(records::query_sessions(&mut statement, [id])?);
        }
        sessions.sort_by_key(|s| (s.started_at, s.id));
        let seen: BTreeSet<i64> = analysis.knots.iter().map(|s| s.knot.id).collect();
        let mut kept = clearings::all(&self.conn)?;
        kept.retain(|clearing| seen.contains(&clearing.knot_id));
        let mut knots: Vec<_> = analysis.knots.iter().map(|s| s.knot.clone()).collect();
        knots.sort_by_key(|knot| knot.id);
        analysis.set_history(History {
            knots,
            readings,
            sessions,
            clearings: kept,
        });
        Ok(analysis)
    }
}

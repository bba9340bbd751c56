//! A knot's readings boiled down to the few facts its summary and its
//! recurrences need. A digest does not depend on the time of day, so it
//! can be worked out when a reading is written and kept beside the knot:
//! showing a thousand knots then never means reading their whole
//! histories again.

use chrono::{DateTime, Utc};

use super::knot::{Knot, Reading, SessionPain, pain_by_session};
use super::pain::Score;
use super::recurrence::{CalmSpell, calm_spells};
use super::safety::{Signs, signs};

/// The sessions a knot is judged on: all of them, or those since it last
/// flared up after calming.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Episode {
    pub sessions: u32,
    pub first_at: DateTime<Utc>,
    pub first_pain: Score,
    pub last_pain: Score,
    /// The score before the last one, when there are two sessions or more.
    pub before_last_pain: Option<Score>,
}

impl Episode {
    /// The episode made of `sessions`, in time order; `None` when empty.
    pub fn of(sessions: &[SessionPain]) -> Option<Episode> {
        let (first, last) = (sessions.first()?, sessions.last()?);
        Some(Episode {
            sessions: sessions.len() as u32,
            first_at: first.at,
            first_pain: first.before,
            last_pain: last.before,
            before_last_pain: sessions.len().checked_sub(2).map(|i| sessions[i].before),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnotDigest {
    /// Sessions in which the knot was logged.
    pub sessions: u32,
    pub first_seen: DateTime<Utc>,
    pub first_pain: Score,
    /// When it was last logged, and the score before treatment then.
    pub last_seen: DateTime<Utc>,
    pub latest_pain: Score,
    pub episode: Episode,
    /// Marked resolved, and no score since has been above calm.
    pub still_marked: bool,
    /// Red flags not yet seen to, and how the latest session went.
    pub signs: Signs,
}

/// A knot's digest with its calm spells, worked out together from its
/// readings. The spells are kept apart from the digest: only finding
/// recurrences needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digested {
    pub digest: KnotDigest,
    /// Each time it calmed, and the flare that ended the calm, if any.
    pub spells: Vec<CalmSpell>,
}

/// Boils a knot's readings (in time order) down; `None` when it has none.
pub fn digest(knot: &Knot, readings: &[Reading], calm_pain: u8) -> Option<Digested> {
    let sessions = pain_by_session(readings);
    let (first, last) = (sessions.first()?, sessions.last()?);
    let spells = calm_spells(knot, &sessions, calm_pain);
    // A knot that came back is judged on this return, from the session
    // it flared in; a mark of "resolved" holds until it hurts again.
    let episode = match spells.iter().filter_map(|&(_, flared_at)| flared_at).max() {
        Some(at) => &sessions[sessions.partition_point(|s| s.at < at)..],
        None => &sessions[..],
    };
    let still_marked = knot.marked_resolved_at.is_some_and(|marked| {
        sessions
            .iter()
            .all(|s| s.at <= marked || s.before.value() <= calm_pain)
    });
    let digest = KnotDigest {
        sessions: sessions.len() as u32,
        first_seen: first.at,
        first_pain: first.before,
        last_seen: readings.last()?.taken_at,
        // Before-treatment scores, like for like: the relief right after a
        // session says little about whether the knot itself is calming.
        latest_pain: last.before,
        episode: Episode::of(episode)?,
        still_marked,
        signs: signs(knot.region, readings, Some(last), knot.cleared_at),
    };
    Some(Digested { digest, spells })
}

//! Knots and their readings, and the rules that read a knot's history:
//! its pain session by session, whether it has calmed, and which knot a
//! spot on the map belongs to.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::digest::{KnotDigest, digest};
use super::pain::{Ppt, Score};
use super::rules::Rules;
use super::safety::{Safety, judge};
use super::symptom::Symptom;
use super::verdict::{Assessment, Verdict, assess_episode};
use crate::body::{Region, Spot};

/// A tender spot on one muscle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Knot {
    pub id: i64,
    pub uuid: String,
    pub region: Region,
    pub spot: Spot,
    pub created_at: DateTime<Utc>,
    pub marked_resolved_at: Option<DateTime<Utc>>,
    pub recurs_knot_id: Option<i64>,
    /// When the person last said a knot on hold had been seen to: red
    /// flags logged up to then no longer hold it.
    pub cleared_at: Option<DateTime<Utc>>,
}

/// One pain score for a knot, with how it was treated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub id: i64,
    pub uuid: String,
    pub knot_id: i64,
    pub session_id: i64,
    pub taken_at: DateTime<Utc>,
    pub treatment: NewReading,
}

/// What a person logs: the score and, optionally, how they treated it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewReading {
    pub pain_before: Option<Score>,
    pub pain_after: Option<Score>,
    pub technique: Option<String>,
    pub tool: Option<String>,
    pub minutes: Option<u16>,
    pub pressure: Option<Score>,
    pub symptoms: Vec<Symptom>,
    pub note: Option<String>,
    /// Pressure pain threshold from an algometer.
    pub ppt: Option<Ppt>,
}

impl NewReading {
    pub fn pain(pain: Score) -> NewReading {
        NewReading {
            pain_before: Some(pain),
            ..NewReading::default()
        }
    }
}

/// Whether a knot still needs work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KnotStatus {
    Active,
    Resolved,
}

impl KnotStatus {
    pub fn name(self) -> &'static str {
        match self {
            KnotStatus::Active => "active",
            KnotStatus::Resolved => "resolved",
        }
    }
}

/// A knot with what its readings say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnotSummary {
    pub knot: Knot,
    pub status: KnotStatus,
    /// Sessions in which the knot was logged.
    pub sessions: u32,
    pub first_pain: Score,
    pub latest_pain: Score,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    /// Is it calming down, and by which rule.
    pub assessment: Assessment,
    /// Whether it may be worked on as usual.
    pub safety: Safety,
}

impl KnotSummary {
    pub fn verdict(&self) -> Verdict {
        self.assessment.verdict
    }
}

/// The pain of one session: the first score of the sitting (before any
/// treatment) and the last score after treatment, if one was given. A
/// later score in the same sitting is a score after treatment: the knot
/// was rolled in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPain {
    pub session_id: i64,
    pub at: DateTime<Utc>,
    pub before: Score,
    pub after: Option<Score>,
}

/// A knot's readings folded into one entry per session, in time order.
/// `readings` must be in time order.
pub fn pain_by_session(readings: &[Reading]) -> Vec<SessionPain> {
    let mut sessions: Vec<SessionPain> = Vec::new();
    for reading in readings {
        let Some(before) = reading.treatment.pain_before else {
            continue;
        };
        match sessions.last_mut() {
            Some(last) if last.session_id == reading.session_id => {
                last.after = reading.treatment.pain_after.or(Some(before));
            }
            _ => sessions.push(SessionPain {
                session_id: reading.session_id,
                at: reading.taken_at,
                before,
                after: reading.treatment.pain_after,
            }),
        }
    }
    sessions
}

/// Sums a knot's history up; `None` for a knot without readings. A knot
/// is resolved exactly when its verdict says so. Nothing here depends on
/// the time it is asked: a knot left alone keeps its verdict.
pub fn summarize(knot: Knot, readings: &[Reading], rules: &Rules) -> Option<KnotSummary> {
    let digested = digest(&knot, readings, rules.calm_pain)?;
    Some(summary_of(knot, &digested.digest, rules))
}

/// A knot summed up from its digest.
pub fn summary_of(knot: Knot, digest: &KnotDigest, rules: &Rules) -> KnotSummary {
    let assessment = assess_episode(Some(&digest.episode), digest.still_marked, rules);
    let safety = judge(&digest.signs, &assessment, rules);
    KnotSummary {
        safety,
        status: if assessment.verdict == Verdict::Resolved {
            KnotStatus::Resolved
        } else {
            KnotStatus::Active
        },
        assessment,
        sessions: digest.sessions,
        first_pain: digest.first_pain,
        latest_pain: digest.latest_pain,
        first_seen: digest.first_seen,
        last_seen: digest.last_seen,
        knot,
    }
}

/// How far from a knot a mark still means that knot, in thousandths of
/// the view: two columns either way and one row of the middle drawing (36
/// columns by 20 rows), whatever size it is marked on. A thousandth across
/// is about as long as one down, as the body is about as wide as it is
/// tall in the drawing's cells, which are twice as tall as wide.
pub const NEAR_X: u16 = 56;
pub const NEAR_Y: u16 = 50;

/// The knot a mark at `spot` on `region` belongs to: the closest knot of
/// the same region on the same drawing within reach, if any.
pub fn knot_near<'a>(
    knots: impl IntoIterator<Item = &'a Knot>,
    region: Region,
    spot: Spot,
) -> Option<&'a Knot> {
    knots
        .into_iter()
        .filter(|knot| knot.region == region && knot.spot.view == spot.view)
        .filter(|knot| {
            knot.spot.x.abs_diff(spot.x) <= NEAR_X && knot.spot.y.abs_diff(spot.y) <= NEAR_Y
        })
        .min_by_key(|knot| {
            let dx = u32::from(knot.spot.x.abs_diff(spot.x));
            let dy = u32::from(knot.spot.y.abs_diff(spot.y));
            (dx * dx + dy * dy, std::cmp::Reverse(knot.id))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::View;

    fn region(slug: &str) -> Region {
        Region::from_slug(slug).unwrap()
    }

    /// A knot on cell (`x`, `y`) of the middle drawing of the back.
    fn knot(id: i64, slug: &str, x: u16, y: u16) -> Knot {
        Knot {
            id,
            uuid: format!("uuid-{id}"),
            region: region(slug),
            spot: Spot::from_legacy_cell(View::Back, x, y),
            created_at: "2026-01-01T10:00:00Z".parse().unwrap(),
            marked_resolved_at: None,
            recurs_knot_id: None,
            cleared_at: None,
        }
    }

    fn reading(session_id: i64, day: u32, before: u8, after: Option<u8>) -> Reading {
        Reading {
            id: i64::from(day) * 10 + session_id,
            uuid: String::new(),
            knot_id: 1,
            session_id,
            taken_at: format!("2026-01-{day:02}T10:00:00Z").parse().unwrap(),
            treatment: NewReading {
                pain_before: Score::new(before),
                pain_after: after.and_then(Score::new),
                ..NewReading::default()
            },
        }
    }

    #[test]
    fn readings_of_one_sitting_make_one_session() {
        let readings = [
            reading(1, 1, 8, None),
            reading(1, 1, 7, Some(4)),
            reading(2, 2, 6, Some(3)),
        ];
        let sessions = pain_by_session(&readings);
        assert_eq!(sessions.len(), 2);
        assert_eq!(sessions[0].before.value(), 8);
        assert_eq!(sessions[0].after.map(Score::value), Some(4));
        assert_eq!(sessions[1].before.value(), 6);
    }

    #[test]
    fn two_calm_sessions_in_a_row_resolve_a_knot() {
        let knot = knot(1, "rhomboids-left", 5, 5);
        let calm = [
            reading(1, 1, 7, None),
            reading(2, 2, 2, None),
            reading(3, 3, 1, None),
        ];
        assert_eq!(
            summarize(knot.clone(), &calm, &Rules::default())
                .unwrap()
                .status,
            KnotStatus::Resolved
        );
        let one_calm = [
            reading(1, 1, 7, None),
            reading(2, 2, 3, None),
            reading(3, 3, 2, None),
        ];
        assert_eq!(
            summarize(knot.clone(), &one_calm, &Rules::default())
                .unwrap()
                .status,
            KnotStatus::Active
        );
        let marked = Knot {
            marked_resolved_at: Some("2026-01-05T10:00:00Z".parse().unwrap()),
            ..knot.clone()
        };
        assert_eq!(
            summarize(marked, &one_calm, &Rules::default())
                .unwrap()
                .status,
            KnotStatus::Resolved
        );
        assert_eq!(summarize(knot, &[], &Rules::default()), None);
    }

    #[test]
    fn a_knot_that_came_back_is_judged_on_its_return() {
        let readings = [
            reading(1, 1, 8, None),
            reading(2, 2, 2, None),
            reading(3, 3, 1, None),
            reading(4, 9, 7, None),
            reading(5, 10, 7, None),
        ];
        let summary = summarize(
            knot(1, "rhomboids-left", 5, 5),
            &readings,
            &Rules::default(),
        )
        .unwrap();
        assert_eq!(
            summary.first_pain.value(),
            8,
            "the knot's first score stays"
        );
        assert_eq!(
            summary.verdict(),
            Verdict::Slow,
            "7 to 7 since it flared, not 8 to 7"
        );
    }

    #[test]
    fn a_mark_of_resolved_holds_until_the_knot_hurts_again() {
        let mut knot = knot(1, "rhomboids-left", 5, 5);
        knot.marked_resolved_at = Some("2026-01-02T12:00:00Z".parse().unwrap());
        let calm_after = [
            reading(1, 1, 7, None),
            reading(2, 2, 5, None),
            reading(3, 3, 2, None),
        ];
        assert_eq!(
            summarize(knot.clone(), &calm_after, &Rules::default())
                .unwrap()
                .verdict(),
            Verdict::Resolved
        );
        let hurts_after = [
            reading(1, 1, 7, None),
            reading(2, 2, 5, None),
            reading(3, 3, 6, None),
        ];
        assert_ne!(
            summarize(knot, &hurts_after, &Rules::default())
                .unwrap()
                .verdict(),
            Verdict::Resolved
        );
    }

    #[test]
    fn a_summary_counts_sessions_and_keeps_first_and_latest_pain() {
        let readings = [
            reading(1, 1, 8, Some(4)),
            reading(1, 1, 8, None),
            reading(4, 3, 5, Some(3)),
        ];
        let summary = summarize(
            knot(1, "rhomboids-left", 5, 5),
            &readings,
            &Rules::default(),
        )
        .unwrap();
        assert_eq!(summary.sessions, 2);
        assert_eq!(summary.first_pain.value(), 8);
        assert_eq!(
            summary.latest_pain.value(),
            5,
            "the latest score before treatment"
        );
        assert_eq!(summary.first_seen, readings[0].taken_at);
        assert_eq!(summary.last_seen, readings[2].taken_at);
    }

    #[test]
    fn a_mark_belongs_to_the_nearest_knot_of_its_region_within_reach() {
        let knots = [
            knot(1, "rhomboids-left", 10, 5),
            knot(2, "rhomboids-left", 13, 5),
            knot(3, "infraspinatus-left", 11, 5),
        ];
        let at = |x, y| Spot::from_legacy_cell(View::Back, x, y);
        let near = |slug, x, y| knot_near(&knots, region(slug), at(x, y)).map(|k| k.id);
        assert_eq!(near("rhomboids-left", 11, 5), Some(1));
        assert_eq!(near("rhomboids-left", 12, 6), Some(2));
        assert_eq!(
            near("rhomboids-left", 10, 7),
            None,
            "two rows away is another knot"
        );
        assert_eq!(
            near("rhomboids-right", 10, 5),
            None,
            "another region is another knot"
        );
        assert_eq!(near("infraspinatus-left", 12, 4), Some(3));
        let front = Spot::from_legacy_cell(View::Front, 10, 5);
        assert_eq!(knot_near(&knots, region("rhomboids-left"), front), None);
    }
}

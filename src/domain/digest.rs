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
    /// When its latest reading was taken: every span of the episode ends
    /// there, never at the time it is looked at.
    pub last_at: DateTime<Utc>,
    /// When the knot had calmed before the flare this episode began with;
    /// `None` for an episode that is the knot's first.
    pub calmed_at: Option<DateTime<Utc>>,
    pub first_pain: Score,
    pub last_pain: Score,
    /// The score before the last one, when there are two sessions or more.
    pub before_last_pain: Option<Score>,
}

impl Episode {
    /// The episode made of `sessions`, in time order, as a knot's first;
    /// `None` when empty. It ends at the start of its last session.
    pub fn of(sessions: &[SessionPain]) -> Option<Episode> {
        let (first, last) = (sessions.first()?, sessions.last()?);
        Some(Episode {
            sessions: sessions.len() as u32,
            first_at: first.at,
            last_at: last.at,
            calmed_at: None,
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
    let flare = spells
        .iter()
        .filter_map(|&(calmed_at, flared_at)| Some((flared_at?, calmed_at)))
        .max();
    let episode = match flare {
        Some((at, _)) => &sessions[sessions.partition_point(|s| s.at < at)..],
        None => &sessions[..],
    };
    let last_seen = readings.last()?.taken_at;
    let still_marked = knot.marked_resolved_at.is_some_and(|marked| {
        sessions
            .iter()
            .all(|s| s.at <= marked || s.before.value() <= calm_pain)
    });
    let digest = KnotDigest {
        sessions: sessions.len() as u32,
        first_seen: first.at,
        first_pain: first.before,
        last_seen,
        // Before-treatment scores, like for like: the relief right after a
        // session says little about whether the knot itself is calming.
        latest_pain: last.before,
        episode: Episode {
            // Its span runs to the latest reading, which may be later in
            // the last sitting than the sitting's start.
            last_at: last_seen,
            calmed_at: flare.map(|(_, calmed_at)| calmed_at),
            ..Episode::of(episode)?
        },
        still_marked,
        signs: signs(knot.region, readings, Some(last), knot.cleared_at),
    };
    Some(Digested { digest, spells })
}

/// Knots' stories told by their summaries: the verdict is about the
/// episode the knot is in, and every span in it ends at its latest
/// reading.
#[cfg(test)]
mod tests {
    use chrono::{Duration, FixedOffset};

    use super::*;
    use crate::body::{Region, Spot, View};
    use crate::domain::analysis::{Analysis, advice_for_knot};
    use crate::domain::course::last_treated;
    use crate::domain::guidance::AdviceKind;
    use crate::domain::history::History;
    use crate::domain::knot::{KnotSummary, NewReading, summarize};
    use crate::domain::rules::Rules;
    use crate::domain::verdict::Verdict;

    fn day(n: i64) -> DateTime<Utc> {
        "2016-03-01T18:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::days(n)
    }

    fn knot() -> Knot {
        Knot {
            id: 1,
            uuid: "u1".to_string(),
            region: Region::from_slug("infraspinatus-right").unwrap(),
            spot: Spot {
                view: View::Back,
                x: 50,
                y: 7,
            },
            created_at: day(0),
            marked_resolved_at: None,
            recurs_knot_id: None,
            cleared_at: None,
        }
    }

    /// One reading a session on each (day, score).
    fn readings(days: &[(i64, u8)]) -> Vec<Reading> {
        days.iter()
            .map(|&(n, score)| Reading {
                id: n + 1,
                uuid: String::new(),
                knot_id: 1,
                session_id: n + 1,
                taken_at: day(n),
                treatment: NewReading::pain(Score::new(score).unwrap()),
            })
            .collect()
    }

    fn summary(days: &[(i64, u8)]) -> KnotSummary {
        summarize(knot(), &readings(days), &Rules::default()).unwrap()
    }

    #[test]
    fn a_knot_treated_daily_for_a_week_then_left_alone_keeps_its_verdict() {
        let week: Vec<(i64, u8)> = (0..7).map(|n| (n, 6)).collect();
        let history = History {
            knots: vec![knot()],
            readings: readings(&week),
            sessions: Vec::new(),
            clearings: Vec::new(),
        };
        let rules = Rules::default();
        let on = |n: i64| Analysis::new(history.clone(), &rules, day(n)).knots[0].clone();
        let last_week = on(7);
        assert_eq!(last_week.assessment.span_days, 6);
        assert_eq!(
            last_week.assessment.sentence(),
            "stalled: 7 sessions over 6 days without dropping 2 points and 30% from 6/10 \
             (the guide expects it within 5 sessions or 14 days)"
        );
        for (later, words) in [
            (6, "last treated today"),
            (7, "last treated yesterday"),
            (20, "last treated 14 days ago"),
            (400, "last treated 394 days ago"),
        ] {
            assert_eq!(on(later), last_week, "the same on day {later}");
            assert_eq!(last_treated(last_week.last_seen, &day(later)), words);
        }
    }

    #[test]
    fn a_knot_that_flared_is_back_then_judged_on_its_return() {
        // 6, 4, 2, 1 on four days: calm from the fourth. 5 ten days later.
        let mut days = vec![(0, 6), (1, 4), (2, 2), (3, 1), (13, 5)];
        let back = summary(&days);
        assert_eq!(back.verdict(), Verdict::Back);
        assert_eq!(back.status, crate::domain::KnotStatus::Active);
        assert_eq!(
            back.assessment.sentence(),
            "back: 10 days after calming, 5/10 on its first session since"
        );
        assert_eq!(back.sessions, 5, "the knot's sessions, all of them");
        assert_eq!(back.assessment.sessions, 1, "the return's");
        let table = [
            (
                (14, 4),
                "slow: since it came back, down 1 point from 5/10 so far; a meaningful drop \
                 (2 points and 30%) is expected within 5 sessions or 14 days",
            ),
            (
                (15, 3),
                "on-track: since it came back, down from 5/10 to 3/10, 2 points (40%); \
                 a meaningful drop is at least 2 points and 30%",
            ),
            (
                (16, 2),
                "on-track: since it came back, down from 5/10 to 2/10, 3 points (60%); \
                 a meaningful drop is at least 2 points and 30%",
            ),
            (
                (17, 1),
                "resolved: the last two sessions started at 2/10 or less",
            ),
        ];
        for (session, want) in table {
            days.push(session);
            assert_eq!(summary(&days).assessment.sentence(), want, "{days:?}");
        }
    }

    #[test]
    fn a_ten_year_knot_is_judged_on_its_latest_episode_only() {
        let mut days = Vec::new();
        // Every year it flares, then calms within a week.
        for year in 0..10 {
            let start = year * 365;
            days.extend([(start, 7), (start + 2, 4), (start + 4, 2), (start + 6, 1)]);
        }
        // Then it flares once more and does not calm.
        days.extend([(3660, 6), (3668, 6)]);
        let summary = summary(&days);
        assert_eq!(summary.sessions, 42);
        assert_eq!(summary.assessment.sessions, 2);
        assert_eq!(summary.assessment.span_days, 8);
        assert_eq!(
            summary.assessment.sentence(),
            "slow: since it came back, no drop from 6/10 so far; a meaningful drop \
             (2 points and 30%) is expected within 5 sessions or 14 days"
        );
        let advice = advice_for_knot(
            &summary,
            &readings(&days),
            &Rules::default(),
            &FixedOffset::east_opt(0).unwrap(),
        );
        let no_progress = advice
            .iter()
            .find(|a| a.kind == AdviceKind::NoProgress)
            .unwrap();
        assert!(
            no_progress
                .text
                .starts_with("no real change after 8 days: "),
            "{}",
            no_progress.text
        );
    }
}

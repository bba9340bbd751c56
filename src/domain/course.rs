//! The course a treated knot is expected to follow, and every rule that
//! reads a knot against it: which readings make one session, the window of
//! sessions in which it should calm, the band it should reach there, what
//! counts as a meaningful drop, and the verdict they add up to. The chart,
//! the report, the advice and the verdict all ask here.
//!
//! The expected course (about 7-8/10 falling to 3-4/10 over three to five
//! daily sessions) comes from self-care guides, not from trials, so every
//! text here speaks of a guide, not a promise.

use std::ops::RangeInclusive;

use chrono::{DateTime, Duration, Utc};

use super::digest::Episode;
use super::knot::SessionPain;
use super::rules::Rules;
use super::verdict::{Assessment, Verdict};

/// Whether a reading taken `at` belongs to a session that started at
/// `started_at`: it does when the session started no more than `span`
/// before it; otherwise the reading starts a new session. The one rule for
/// `knotmap log`, imports and the sample history alike.
pub fn joins_session(started_at: DateTime<Utc>, at: DateTime<Utc>, span: Duration) -> bool {
    at >= started_at && at - started_at <= span
}

/// The sessions, numbered from 1, in which a treated knot is expected to
/// calm. Empty when the settings put its first session after its last.
pub fn window(rules: &Rules) -> RangeInclusive<usize> {
    usize::from(rules.window_first_session)..=usize::from(rules.window_sessions)
}

/// The scores a calming knot is expected to be at in that window.
pub fn expected_band(rules: &Rules) -> RangeInclusive<u8> {
    rules.expected_band.0..=rules.expected_band.1
}

/// The drop from `first` to `latest` as a share of `first`, in whole
/// percent rounded towards zero (negative when it went up).
pub fn drop_percent(first: u8, latest: u8) -> i16 {
    let first = i16::from(first);
    if first == 0 {
        0
    } else {
        (first - i16::from(latest)) * 100 / first
    }
}

/// Whether going from `first` to `latest` is a meaningful drop: at least
/// `meaningful_points` and `meaningful_percent` of the first score, so that
/// neither one point from a low score nor two from a high one counts.
pub fn is_meaningful_drop(first: u8, latest: u8, rules: &Rules) -> bool {
    let points = i16::from(first) - i16::from(latest);
    points >= i16::from(rules.meaningful_points)
        && drop_percent(first, latest) >= i16::from(rules.meaningful_percent)
}

/// The highest score that is still a meaningful drop from `first`, if any
/// is: the line a chart draws.
pub fn meaningful_level(first: u8, rules: &Rules) -> Option<u8> {
    (0..=first)
        .rev()
        .find(|&level| is_meaningful_drop(first, level, rules))
}

/// Whether the last two sessions of an episode were both calm.
pub fn calm_twice(episode: &Episode, calm_pain: u8) -> bool {
    episode.before_last_pain.is_some_and(|before_last| {
        before_last.value() <= calm_pain && episode.last_pain.value() <= calm_pain
    })
}

/// An episode of a knot (its sessions since it began, or since it last
/// flared up after calming) read against the expected course.
#[derive(Debug, Clone, Copy)]
pub struct Course<'a> {
    episode: Episode,
    rules: &'a Rules,
}

impl<'a> Course<'a> {
    pub fn new(episode: Episode, rules: &'a Rules) -> Course<'a> {
        Course { episode, rules }
    }

    /// The course of `sessions` (in time order); `None` when there are
    /// none.
    pub fn of(sessions: &[SessionPain], rules: &'a Rules) -> Option<Course<'a>> {
        Episode::of(sessions).map(|episode| Course::new(episode, rules))
    }

    /// The sessions in which the knot is expected to calm.
    pub fn window(&self) -> RangeInclusive<usize> {
        window(self.rules)
    }

    /// The highest score that would be a meaningful drop from the first
    /// session's.
    pub fn meaningful_level(&self) -> Option<u8> {
        meaningful_level(self.episode.first_pain.value(), self.rules)
    }

    /// Whole days from the first session to `now`.
    pub fn span_days(&self, now: DateTime<Utc>) -> i64 {
        (now - self.episode.first_at).num_days()
    }

    /// Points below the first session's score (negative when higher).
    pub fn drop_points(&self) -> i16 {
        i16::from(self.episode.first_pain.value()) - i16::from(self.episode.last_pain.value())
    }

    pub fn drop_percent(&self) -> i16 {
        drop_percent(
            self.episode.first_pain.value(),
            self.episode.last_pain.value(),
        )
    }

    pub fn dropped_meaningfully(&self) -> bool {
        is_meaningful_drop(
            self.episode.first_pain.value(),
            self.episode.last_pain.value(),
            self.rules,
        )
    }

    /// Whether the window has passed by `now`: enough sessions, or enough
    /// days since the first.
    pub fn window_passed(&self, now: DateTime<Utc>) -> bool {
        self.episode.sessions as usize >= usize::from(self.rules.window_sessions)
            || self.span_days(now) >= self.rules.window_days
    }

    pub fn verdict(&self, marked_resolved: bool, now: DateTime<Utc>) -> Verdict {
        self.assess(marked_resolved, now).verdict
    }

    /// The verdict as of `now`, with the rule that decided it in plain
    /// words.
    pub fn assess(&self, marked_resolved: bool, now: DateTime<Utc>) -> Assessment {
        let rules = self.rules;
        let baseline = self.episode.first_pain.value();
        let latest = self.episode.last_pain.value();
        let drop_points = self.drop_points();
        let drop_percent = self.drop_percent();
        let judged = |verdict: Verdict, rule: String| Assessment {
            verdict,
            rule,
            drop_points,
            drop_percent,
        };
        let calm = rules.calm_pain;
        let count = self.episode.sessions;
        let days = self.span_days(now);

        if marked_resolved {
            return judged(Verdict::Resolved, "you marked it resolved".to_string());
        }
        if calm_twice(&self.episode, calm) {
            return judged(
                Verdict::Resolved,
                format!("the last two sessions started at {calm}/10 or less"),
            );
        }
        if count < 2 {
            return judged(
                Verdict::New,
                "one session so far; a verdict needs a second".to_string(),
            );
        }
        if -drop_points >= i16::from(rules.worse_points) {
            return judged(
                Verdict::Worse,
                format!(
                    "{latest}/10 now is {} points above the {baseline}/10 it started at",
                    -drop_points
                ),
            );
        }
        let threshold = format!(
            "{} points and {}%",
            rules.meaningful_points, rules.meaningful_percent
        );
        if self.dropped_meaningfully() {
            return judged(
                Verdict::OnTrack,
                format!(
                    "down from {baseline}/10 to {latest}/10, {drop_points} points ({drop_percent}%); \
                     a meaningful drop is at least {threshold}"
                ),
            );
        }
        let window = format!(
            "{} sessions or {} days",
            rules.window_sessions, rules.window_days
        );
        if self.window_passed(now) {
            return judged(
                Verdict::Stalled,
                format!(
                    "{count} sessions over {days} days without dropping {threshold} from {baseline}/10 \
                     (the guide expects it within {window})"
                ),
            );
        }
        judged(
            Verdict::Slow,
            format!(
                "{} from {baseline}/10 so far; a meaningful drop ({threshold}) is expected within {window}",
                match drop_points {
                    0 => "no drop".to_string(),
                    1 => "down 1 point".to_string(),
                    points if points > 0 => format!("down {points} points"),
                    points => format!("up {}", crate::text::plural(-points, "point", "points")),
                }
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pain::Score;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn a_reading_within_the_hour_joins_the_session() {
        let start = at("2026-02-01T18:00:00Z");
        let hour = Duration::hours(1);
        assert!(joins_session(start, at("2026-02-01T18:00:00Z"), hour));
        assert!(joins_session(start, at("2026-02-01T19:00:00Z"), hour));
        assert!(!joins_session(start, at("2026-02-01T19:00:01Z"), hour));
        assert!(
            !joins_session(start, at("2026-02-01T17:59:59Z"), hour),
            "before it started"
        );
    }

    #[test]
    fn the_meaningful_line_sits_where_both_thresholds_are_met() {
        let rules = Rules::default();
        assert_eq!(
            meaningful_level(8, &rules),
            Some(5),
            "3 points is 37%; 2 is 25%"
        );
        assert_eq!(meaningful_level(6, &rules), Some(4));
        assert_eq!(meaningful_level(10, &rules), Some(7));
        assert_eq!(meaningful_level(1, &rules), None);
        assert_eq!(meaningful_level(0, &rules), None);
    }

    /// The chart's line and the verdict's drop are one rule: every score
    /// at or below the line is a meaningful drop, and none above it is.
    #[test]
    fn the_line_and_the_verdict_agree_on_every_pair_of_scores() {
        let strict = Rules {
            meaningful_points: 3,
            meaningful_percent: 45,
            ..Rules::default()
        };
        for rules in [Rules::default(), strict] {
            for first in 0..=10u8 {
                let level = meaningful_level(first, &rules);
                for latest in 0..=10u8 {
                    let below_line = level.is_some_and(|level| latest <= level);
                    assert_eq!(
                        is_meaningful_drop(first, latest, &rules),
                        below_line,
                        "{first} to {latest} with {rules:?}"
                    );
                    let sessions = [first, latest].map(|score| SessionPain {
                        session_id: i64::from(score),
                        at: at("2026-02-01T18:00:00Z"),
                        before: Score::new(score).unwrap(),
                        after: None,
                    });
                    let course = Course::of(&sessions, &rules).unwrap();
                    assert_eq!(course.dropped_meaningfully(), below_line);
                }
            }
        }
    }

    #[test]
    fn the_window_and_the_band_come_from_the_rules() {
        let rules = Rules::default();
        assert_eq!(window(&rules), 3..=5);
        assert_eq!(expected_band(&rules), 3..=4);
        let longer = Rules {
            window_first_session: 4,
            window_sessions: 7,
            expected_band: (2, 3),
            ..rules
        };
        assert_eq!(window(&longer), 4..=7);
        assert_eq!(expected_band(&longer), 2..=3);
    }

    #[test]
    fn the_span_counts_whole_days_from_the_first_session() {
        let sessions = [SessionPain {
            session_id: 1,
            at: at("2026-02-01T18:00:00Z"),
            before: Score::new(7).unwrap(),
            after: None,
        }];
        let rules = Rules::default();
        let course = Course::of(&sessions, &rules).unwrap();
        assert_eq!(course.span_days(at("2026-02-02T17:59:59Z")), 0);
        assert_eq!(course.span_days(at("2026-02-15T18:00:00Z")), 14);
        assert!(!course.window_passed(at("2026-02-15T17:59:59Z")));
        assert!(course.window_passed(at("2026-02-15T18:00:00Z")));
        assert_eq!(course.meaningful_level(), Some(4));
        assert_eq!(course.window(), 3..=5);
    }
}

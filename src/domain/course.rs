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

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::digest::Episode;
use super::knot::SessionPain;
use super::rules::Rules;
use super::verdict::{Assessment, Verdict};
use crate::text::plural;

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
///
/// Everything it says is about the episode alone and ends at its latest
/// reading: a knot left alone keeps the verdict it had when it was last
/// treated, and how long ago that was is said apart (`last_treated`).
#[derive(Debug, Clone, Copy)]
pub struct Course<'a> {
    episode: Episode,
    rules: &'a Rules,
}

impl<'a> Course<'a> {
    pub fn new(episode: Episode, rules: &'a Rules) -> Course<'a> {
        Course { episode, rules }
    }

    /// The course of `sessions` (in time order) as a knot's first
    /// episode; `None` when there are none.
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

    /// Whole days from the episode's first reading to its latest.
    pub fn span_days(&self) -> i64 {
        (self.episode.last_at - self.episode.first_at).num_days()
    }

    /// Whole days from calming to the flare this episode began with, for
    /// a knot that came back.
    pub fn back_after_days(&self) -> Option<i64> {
        self.episode
            .calmed_at
            .map(|calmed_at| (self.episode.first_at - calmed_at).num_days())
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

    /// Whether the window has passed: enough sessions, or enough days
    /// from the first reading to the latest.
    pub fn window_passed(&self) -> bool {
        self.episode.sessions as usize >= usize::from(self.rules.window_sessions)
            || self.span_days() >= self.rules.window_days
    }

    pub fn verdict(&self, marked_resolved: bool) -> Verdict {
        self.assess(marked_resolved).verdict
    }

    /// What the change over the episode amounts to, in words that stay
    /// true whichever way it went: "no real change after 8 days", "3
    /// points worse after 7 days". Changes smaller than a meaningful drop's
    /// points are noise, so they are no real change.
    pub fn progress(&self) -> String {
        let points = self.drop_points();
        let after = format!("after {}", plural(self.span_days(), "day", "days"));
        let noise = i16::from(self.rules.meaningful_points);
        if self.dropped_meaningfully() {
            format!("down {} {after}", plural(points, "point", "points"))
        } else if points >= noise {
            format!("down only {} {after}", plural(points, "point", "points"))
        } else if -points >= noise {
            format!("{} worse {after}", plural(-points, "point", "points"))
        } else {
            format!("no real change {after}")
        }
    }

    /// The verdict on the episode, with the rule that decided it in plain
    /// words: the one statement of a knot's course that every screen,
    /// command, report and piece of advice gives.
    pub fn assess(&self, marked_resolved: bool) -> Assessment {
        let rules = self.rules;
        let baseline = self.episode.first_pain.value();
        let latest = self.episode.last_pain.value();
        let drop_points = self.drop_points();
        let drop_percent = self.drop_percent();
        let count = self.episode.sessions;
        let days = self.span_days();
        let judged = |verdict: Verdict, rule: String| Assessment {
            verdict,
            rule,
            drop_points,
            drop_percent,
            sessions: count,
            span_days: days,
            progress: self.progress(),
        };
        let calm = rules.calm_pain;
        // After a flare the numbers are about the return, and say so.
        let came_back = self.episode.calmed_at.is_some();
        let since = if came_back {
            "since it came back, "
        } else {
            ""
        };

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
            return match self.back_after_days() {
                Some(calm_days) => judged(
                    Verdict::Back,
                    format!(
                        "{} after calming, {latest}/10 on its first session since",
                        match calm_days {
                            0 => "less than a day".to_string(),
                            days => plural(days, "day", "days"),
                        }
                    ),
                ),
                None => judged(
                    Verdict::New,
                    "one session so far; a verdict needs a second".to_string(),
                ),
            };
        }
        if -drop_points >= i16::from(rules.worse_points) {
            let start = if came_back {
                "came back at"
            } else {
                "started at"
            };
            return judged(
                Verdict::Worse,
                format!(
                    "{latest}/10 now is {} points above the {baseline}/10 it {start}",
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
                    "{since}down from {baseline}/10 to {latest}/10, {drop_points} points ({drop_percent}%); \
                     a meaningful drop is at least {threshold}"
                ),
            );
        }
        let window = format!(
            "{} sessions or {} days",
            rules.window_sessions, rules.window_days
        );
        if self.window_passed() {
            return judged(
                Verdict::Stalled,
                format!(
                    "{since}{count} sessions over {} without dropping {threshold} from {baseline}/10 \
                     (the guide expects it within {window})",
                    plural(days, "day", "days")
                ),
            );
        }
        judged(
            Verdict::Slow,
            format!(
                "{since}{} from {baseline}/10 so far; a meaningful drop ({threshold}) is expected within {window}",
                match drop_points {
                    0 => "no drop".to_string(),
                    1 => "down 1 point".to_string(),
                    points if points > 0 => format!("down {points} points"),
                    points => format!("up {}", plural(-points, "point", "points")),
                }
            ),
        )
    }
}

/// How long ago a knot was last treated, in calendar days where the
/// person lives: "last treated today", "last treated 14 days ago". Said
/// beside the verdict, which no longer changes while a knot is left alone.
pub fn last_treated<Tz: TimeZone>(last_seen: DateTime<Utc>, now: &DateTime<Tz>) -> String {
    let day = last_seen.with_timezone(&now.timezone()).date_naive();
    match (now.date_naive() - day).num_days() {
        days if days <= 0 => "last treated today".to_string(),
        1 => "last treated yesterday".to_string(),
        days => format!("last treated {days} days ago"),
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

    /// Sessions as (day, score) pairs.
    type Days = &'static [(i64, u8)];

    /// An episode of sessions on (day, score) pairs from 1 Feb 2026, after
    /// calming that many days before its first, if it came back.
    fn episode(days: &[(i64, u8)], calmed_days_before: Option<i64>) -> Episode {
        let start = at("2026-02-01T18:00:00Z");
        let sessions: Vec<SessionPain> = days
            .iter()
            .map(|&(day, score)| SessionPain {
                session_id: day,
                at: start + Duration::days(day),
                before: Score::new(score).unwrap(),
                after: None,
            })
            .collect();
        let first = Episode::of(&sessions).unwrap();
        Episode {
            calmed_at: calmed_days_before.map(|days| first.first_at - Duration::days(days)),
            ..first
        }
    }

    fn assessed(days: &[(i64, u8)], calmed_days_before: Option<i64>) -> Assessment {
        Course::new(episode(days, calmed_days_before), &Rules::default()).assess(false)
    }

    #[test]
    fn the_span_runs_from_the_first_reading_to_the_latest() {
        let rules = Rules::default();
        let course = |days: &[(i64, u8)]| Course::new(episode(days, None), &rules);
        assert_eq!(course(&[(0, 7)]).span_days(), 0);
        assert_eq!(course(&[(0, 7), (6, 6)]).span_days(), 6);
        let mut late = episode(&[(0, 7), (6, 6)], None);
        late.last_at += Duration::hours(23);
        assert_eq!(
            Course::new(late, &rules).span_days(),
            6,
            "whole days, the last sitting included"
        );
        assert!(!course(&[(0, 6), (13, 6)]).window_passed());
        assert!(course(&[(0, 6), (14, 6)]).window_passed());
        assert_eq!(course(&[(0, 6)]).meaningful_level(), Some(4));
        assert_eq!(course(&[(0, 6)]).window(), 3..=5);
    }

    /// Each verdict at its boundary, with the words every place says it
    /// in; the spans are the episode's, from its first reading to its
    /// latest.
    #[test]
    fn each_verdict_and_its_words_at_the_boundaries() {
        let table: &[(Days, Option<i64>, &str)] = &[
            (
                &[(0, 6)],
                None,
                "new: one session so far; a verdict needs a second",
            ),
            (
                &[(0, 5)],
                Some(10),
                "back: 10 days after calming, 5/10 on its first session since",
            ),
            (
                &[(0, 5)],
                Some(1),
                "back: 1 day after calming, 5/10 on its first session since",
            ),
            (
                &[(0, 6)],
                Some(0),
                "back: less than a day after calming, 6/10 on its first session since",
            ),
            (
                &[(0, 6), (1, 5)],
                None,
                "slow: down 1 point from 6/10 so far; a meaningful drop (2 points and 30%) \
                 is expected within 5 sessions or 14 days",
            ),
            (
                &[(0, 6), (13, 6)],
                None,
                "slow: no drop from 6/10 so far; a meaningful drop (2 points and 30%) \
                 is expected within 5 sessions or 14 days",
            ),
            (
                &[(0, 6), (14, 6)],
                None,
                "stalled: 2 sessions over 14 days without dropping 2 points and 30% from 6/10 \
                 (the guide expects it within 5 sessions or 14 days)",
            ),
            (
                &[(0, 6), (1, 6), (2, 6), (3, 6), (4, 7)],
                None,
                "stalled: 5 sessions over 4 days without dropping 2 points and 30% from 6/10 \
                 (the guide expects it within 5 sessions or 14 days)",
            ),
            (
                &[(0, 5), (1, 7)],
                None,
                "worse: 7/10 now is 2 points above the 5/10 it started at",
            ),
            (
                &[(0, 6), (1, 4)],
                None,
                "on-track: down from 6/10 to 4/10, 2 points (33%); \
                 a meaningful drop is at least 2 points and 30%",
            ),
            (
                &[(0, 7), (1, 2), (2, 2)],
                None,
                "resolved: the last two sessions started at 2/10 or less",
            ),
            // Once the return has a second session, the usual verdicts
            // apply to it, and say they are about the return.
            (
                &[(0, 5), (1, 4)],
                Some(10),
                "slow: since it came back, down 1 point from 5/10 so far; a meaningful drop \
                 (2 points and 30%) is expected within 5 sessions or 14 days",
            ),
            (
                &[(0, 5), (1, 7)],
                Some(10),
                "worse: 7/10 now is 2 points above the 5/10 it came back at",
            ),
            (
                &[(0, 6), (3, 3)],
                Some(10),
                "on-track: since it came back, down from 6/10 to 3/10, 3 points (50%); \
                 a meaningful drop is at least 2 points and 30%",
            ),
            (
                &[(0, 5), (2, 5), (4, 5), (6, 5), (8, 5)],
                Some(30),
                "stalled: since it came back, 5 sessions over 8 days without dropping 2 points \
                 and 30% from 5/10 (the guide expects it within 5 sessions or 14 days)",
            ),
            (
                &[(0, 5), (1, 2), (2, 1)],
                Some(10),
                "resolved: the last two sessions started at 2/10 or less",
            ),
        ];
        for &(days, calmed, want) in table {
            let assessment = assessed(days, calmed);
            assert_eq!(assessment.sentence(), want, "{days:?} after {calmed:?}");
            assert_eq!(assessment.sessions as usize, days.len());
            assert_eq!(assessment.span_days, days[days.len() - 1].0 - days[0].0);
        }
        let marked = Course::new(episode(&[(0, 5)], Some(3)), &Rules::default()).assess(true);
        assert_eq!(marked.sentence(), "resolved: you marked it resolved");
    }

    /// What the change amounts to is true whichever way it went: a knot
    /// that got worse is never "no real change".
    #[test]
    fn progress_is_said_truly_at_each_boundary() {
        let table: &[(Days, &str)] = &[
            (&[(0, 6), (8, 6)], "no real change after 8 days"),
            (&[(0, 6), (8, 5)], "no real change after 8 days"),
            (&[(0, 6), (8, 7)], "no real change after 8 days"),
            (&[(0, 6), (8, 8)], "2 points worse after 8 days"),
            (&[(0, 5), (7, 8)], "3 points worse after 7 days"),
            (&[(0, 9), (8, 7)], "down only 2 points after 8 days"),
            (&[(0, 6), (8, 4)], "down 2 points after 8 days"),
            (&[(0, 6), (1, 3)], "down 3 points after 1 day"),
        ];
        for &(days, want) in table {
            assert_eq!(assessed(days, None).progress, want, "{days:?}");
        }
    }

    #[test]
    fn last_treated_counts_calendar_days_where_the_person_lives() {
        let last = at("2026-02-01T20:00:00Z");
        let table = [
            ("2026-02-01T23:00:00Z", 0, "last treated today"),
            ("2026-02-02T09:00:00Z", 0, "last treated yesterday"),
            ("2026-02-15T09:00:00Z", 0, "last treated 14 days ago"),
            // 07:00 on the 2nd, and 10:00 on the 2nd: the same day there.
            ("2026-02-02T09:00:00Z", 11, "last treated today"),
            // A reading logged later than now counts as today.
            ("2026-02-01T10:00:00Z", 0, "last treated today"),
        ];
        for (now, hours, want) in table {
            let zone = chrono::FixedOffset::east_opt(hours * 3600).unwrap();
            let now = at(now).with_timezone(&zone);
            assert_eq!(last_treated(last, &now), want, "{now}");
        }
    }
}

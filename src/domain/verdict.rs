//! Is a knot calming down? The verdicts, and the assessment that carries
//! one with the rule behind it in plain words; the rules themselves are the
//! course's (`course.rs`).

use serde::Serialize;

use super::course::{Course, calm_twice};
use super::digest::Episode;
use super::knot::SessionPain;
use super::rules::Rules;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Too few sessions to say.
    New,
    /// Hurting again after it had calmed, on its first session since.
    Back,
    /// Inside the window, some drop but not yet a meaningful one.
    Slow,
    /// A meaningful drop from the first session.
    OnTrack,
    /// The window has passed without a meaningful drop.
    Stalled,
    /// Clearly worse than at the first session.
    Worse,
    /// Calm two sessions in a row, or marked resolved.
    Resolved,
}

impl Verdict {
    pub const ALL: [Verdict; 7] = [
        Verdict::New,
        Verdict::Back,
        Verdict::Slow,
        Verdict::OnTrack,
        Verdict::Stalled,
        Verdict::Worse,
        Verdict::Resolved,
    ];

    /// The stable name used in JSON and on screen.
    pub fn slug(self) -> &'static str {
        match self {
            Verdict::New => "new",
            Verdict::Back => "back",
            Verdict::Slow => "slow",
            Verdict::OnTrack => "on-track",
            Verdict::Stalled => "stalled",
            Verdict::Worse => "worse",
            Verdict::Resolved => "resolved",
        }
    }

    /// How much a knot with this verdict needs looking at, most first. A
    /// knot that came back comes before one slow to calm: its return
    /// points to a cause still at work.
    pub fn urgency(self) -> u8 {
        match self {
            Verdict::Worse => 6,
            Verdict::Stalled => 5,
            Verdict::Back => 4,
            Verdict::Slow => 3,
            Verdict::New => 2,
            Verdict::OnTrack => 1,
            Verdict::Resolved => 0,
        }
    }
}

/// A verdict with the numbers and the rule that produced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assessment {
    pub verdict: Verdict,
    /// The rule that decided, in plain words.
    pub rule: String,
    /// Points below the first session's score (negative when higher).
    pub drop_points: i16,
    /// The drop as a share of the first score, in whole percent.
    pub drop_percent: i16,
    /// Sessions in the episode judged.
    pub sessions: u32,
    /// Whole days from the episode's first reading to its latest.
    pub span_days: i64,
    /// What the change over the episode amounts to: "no real change after
    /// 8 days", "3 points worse after 7 days".
    pub progress: String,
}

impl Assessment {
    /// The verdict and its rule in one sentence, as every place says it:
    /// "back: 10 days after calming, 5/10 on its first session since".
    pub fn sentence(&self) -> String {
        format!("{}: {}", self.verdict.slug(), self.rule)
    }
}

/// Judges a knot from its sessions (in time order), as its first episode.
pub fn assess(sessions: &[SessionPain], marked_resolved: bool, rules: &Rules) -> Assessment {
    assess_episode(Episode::of(sessions).as_ref(), marked_resolved, rules)
}

/// Whether a knot's verdict is resolved, whatever the day: marked so and
/// not hurting since, or calm in its last two sessions.
pub fn is_resolved(episode: &Episode, still_marked: bool, calm_pain: u8) -> bool {
    still_marked || calm_twice(episode, calm_pain)
}

/// The verdict on an episode of a knot: its sessions since it began, or
/// since it last flared up after calming.
pub fn assess_episode(
    episode: Option<&Episode>,
    marked_resolved: bool,
    rules: &Rules,
) -> Assessment {
    match episode {
        Some(episode) => Course::new(*episode, rules).assess(marked_resolved),
        None => Assessment {
            verdict: Verdict::New,
            rule: "no readings yet".to_string(),
            drop_points: 0,
            drop_percent: 0,
            sessions: 0,
            span_days: 0,
            progress: "no readings yet".to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pain::Score;
    use chrono::{DateTime, Duration, Utc};

    fn start() -> DateTime<Utc> {
        "2026-01-01T18:00:00Z".parse().unwrap()
    }

    /// One session a day with these scores before treatment.
    fn daily(scores: &[u8]) -> Vec<SessionPain> {
        scores
            .iter()
            .enumerate()
            .map(|(day, &score)| SessionPain {
                session_id: day as i64 + 1,
                at: start() + Duration::days(day as i64),
                before: Score::new(score).unwrap(),
                after: None,
            })
            .collect()
    }

    /// The verdict for daily sessions.
    fn verdict(scores: &[u8]) -> Verdict {
        assess(&daily(scores), false, &Rules::default()).verdict
    }

    #[test]
    fn each_verdict_from_a_table_of_readings() {
        let table: &[(&[u8], Verdict)] = &[
            (&[], Verdict::New),
            (&[8], Verdict::New),
            (&[8, 4], Verdict::OnTrack),
            (&[8, 7], Verdict::Slow),
            (&[8, 8, 8], Verdict::Slow),
            (&[6, 6, 6, 6, 6], Verdict::Stalled),
            (&[6, 8], Verdict::Worse),
            (&[7, 4, 2, 1], Verdict::Resolved),
            (&[2, 2], Verdict::Resolved),
            (&[7, 3, 2, 5], Verdict::Slow), // back up to 5: only 28% below 7
        ];
        for &(scores, expected) in table {
            assert_eq!(verdict(scores), expected, "{scores:?}");
        }
    }

    #[test]
    fn boundaries_of_the_meaningful_drop() {
        // 2 points of 6 is 33%: meaningful. 2 points of 7 is 28%: not yet.
        assert_eq!(verdict(&[6, 4]), Verdict::OnTrack);
        assert_eq!(verdict(&[7, 5]), Verdict::Slow);
        assert_eq!(verdict(&[10, 7]), Verdict::OnTrack, "3 points, 30%");
        // 1 point is noise even when it is 50%.
        assert_eq!(verdict(&[2, 1]), Verdict::Resolved);
        assert_eq!(verdict(&[3, 2]), Verdict::Slow);
    }

    #[test]
    fn worse_starts_at_two_points_above_the_first_session() {
        assert_eq!(verdict(&[5, 6]), Verdict::Slow);
        assert_eq!(verdict(&[5, 7]), Verdict::Worse);
    }

    #[test]
    fn the_window_closes_after_five_sessions_or_fourteen_days_of_readings() {
        assert_eq!(verdict(&[6, 6, 6, 6]), Verdict::Slow, "four sessions");
        assert_eq!(verdict(&[6, 6, 6, 6, 6]), Verdict::Stalled, "five sessions");
        let rules = Rules::default();
        let two_apart = |days: i64| {
            let mut two = daily(&[6, 5]);
            two[1].at = start() + Duration::days(days);
            assess(&two, false, &rules).verdict
        };
        assert_eq!(two_apart(13), Verdict::Slow);
        assert_eq!(two_apart(14), Verdict::Stalled);
    }

    #[test]
    fn resolution_needs_the_last_two_sessions_calm_or_the_persons_word() {
        assert_eq!(verdict(&[7, 2, 3]), Verdict::OnTrack);
        assert_eq!(verdict(&[7, 3, 2]), Verdict::OnTrack);
        let marked = assess(&daily(&[7, 6]), true, &Rules::default());
        assert_eq!(marked.verdict, Verdict::Resolved);
        assert_eq!(marked.rule, "you marked it resolved");
    }

    #[test]
    fn the_rule_says_why_in_plain_words() {
        let on_track = assess(&daily(&[8, 4]), false, &Rules::default());
        assert_eq!(
            on_track.rule,
            "down from 8/10 to 4/10, 4 points (50%); a meaningful drop is at least 2 points and 30%"
        );
        assert_eq!((on_track.drop_points, on_track.drop_percent), (4, 50));
        let stalled = assess(&daily(&[6, 6, 6, 6, 6]), false, &Rules::default());
        assert_eq!(
            stalled.rule,
            "5 sessions over 4 days without dropping 2 points and 30% from 6/10 \
             (the guide expects it within 5 sessions or 14 days)"
        );
    }

    #[test]
    fn thresholds_come_from_the_rules() {
        let strict = Rules {
            meaningful_points: 3,
            ..Rules::default()
        };
        assert_eq!(
            assess(&daily(&[8, 5]), false, &strict).verdict,
            Verdict::OnTrack
        );
        assert_eq!(
            assess(&daily(&[6, 4]), false, &strict).verdict,
            Verdict::Slow
        );
    }

    /// The slugs are a stable interface: JSON gives the same, and a knot
    /// that came back sits between a stalled knot and a slow one.
    #[test]
    fn every_verdict_has_its_slug_in_json_and_its_place_in_urgency() {
        let slugs: Vec<&str> = Verdict::ALL.iter().map(|v| v.slug()).collect();
        assert_eq!(
            slugs,
            [
                "new", "back", "slow", "on-track", "stalled", "worse", "resolved"
            ]
        );
        for verdict in Verdict::ALL {
            let json = serde_json::to_string(&verdict).unwrap();
            assert_eq!(json, format!("\"{}\"", verdict.slug()));
        }
        let mut by_urgency = Verdict::ALL.to_vec();
        by_urgency.sort_by_key(|v| std::cmp::Reverse(v.urgency()));
        assert_eq!(
            by_urgency,
            [
                Verdict::Worse,
                Verdict::Stalled,
                Verdict::Back,
                Verdict::Slow,
                Verdict::New,
                Verdict::OnTrack,
                Verdict::Resolved
            ]
        );
    }
}

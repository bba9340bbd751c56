//! Treating knots well, not just recording them: the cautions that apply to
//! a reading (what suits a region is in `hints`).
//!
//! Every text is short and shown at the moment it matters: after a save, in
//! `knotmap log` and in `knotmap show`.

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use super::knot::{NewReading, Reading, pain_by_session};
use super::rules::Rules;
use super::symptom::Symptom;
use super::verdict::{Assessment, Verdict};
use crate::body::{Caution, Region};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdviceKind {
    /// Symptoms that need a clinician before more rolling.
    SeeClinician,
    SeverePain,
    NoProgress,
    ItBand,
    Neck,
    Calf,
    SharpPain,
    TooOften,
    TooLong,
    TooHard,
}

/// One piece of advice, in our own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Advice {
    pub kind: AdviceKind,
    pub text: String,
}

fn advice(kind: AdviceKind, text: impl Into<String>) -> Advice {
    Advice {
        kind,
        text: text.into(),
    }
}

/// Everything worth saying about a reading just logged (or the latest one
/// of a knot), most important first.
///
/// `at` is when it was taken, in the person's zone, whose calendar days
/// count; `earlier` are the knot's other readings up to it; `assessment`
/// is the knot's verdict with this reading in it, which also says how
/// long its episode has lasted.
pub fn advise<Tz: TimeZone>(
    region: Region,
    reading: &NewReading,
    at: DateTime<Tz>,
    earlier: &[Reading],
    assessment: Option<&Assessment>,
    rules: &Rules,
) -> Vec<Advice> {
    let zone = at.timezone();
    let today = at.date_naive();
    let at = at.with_timezone(&Utc);
    let mut found = Vec::new();
    let clinician_symptoms: Vec<&str> = reading
        .symptoms
        .iter()
        .filter(|s| {
            matches!(
                s,
                Symptom::Numbness
                    | Symptom::Tingling
                    | Symptom::Swelling
                    | Symptom::Warmth
                    | Symptom::Redness
            )
        })
        .map(|s| s.slug())
        .collect();
    if !clinician_symptoms.is_empty() {
        found.push(advice(
            AdviceKind::SeeClinician,
            format!(
                "{} is a reason to see a physiotherapist or doctor before more self-treatment",
                clinician_symptoms.join(" and ")
            ),
        ));
    }
    if reading.symptoms.contains(&Symptom::SharpPain) {
        found.push(advice(
            AdviceKind::SharpPain,
            "sharp pain means stop: work around the spot more gently, or leave it for today",
        ));
    }
    if reading
        .pain_before
        .is_some_and(|p| p.value() >= rules.severe_pain)
    {
        found.push(advice(
            AdviceKind::SeverePain,
            format!(
                "pain of {}/10 or more: if it limits your day or does not ease, have a physiotherapist or doctor look at it",
                rules.severe_pain
            ),
        ));
    }
    if let Some(assessment) = assessment {
        // These verdicts all mean no meaningful drop from the episode's
        // first session; its span ends at its latest reading.
        let no_drop = matches!(
            assessment.verdict,
            Verdict::Stalled | Verdict::Worse | Verdict::Slow
        );
        if assessment.span_days >= rules.no_progress_days && no_drop {
            found.push(advice(
                AdviceKind::NoProgress,
                format!(
                    "{}: after one to two weeks without progress, a physiotherapist can find what keeps it going",
                    assessment.progress
                ),
            ));
        }
    }
    if let Some(caution) = region.caution() {
        let kind = match caution {
            Caution::DoNotRollDirectly => AdviceKind::ItBand,
            Caution::Neck => AdviceKind::Neck,
            Caution::Calf => AdviceKind::Calf,
        };
        found.push(advice(kind, caution.advice()));
    }
    // Readings within a session's span of this one are the same sitting.
    let earlier_today = earlier
        .iter()
        .filter(|r| r.taken_at.with_timezone(&zone).date_naive() == today)
        .filter(|r| (at - r.taken_at).num_minutes().abs() > rules.session_span.num_minutes())
        .count();
    if earlier_today > 0 {
        found.push(advice(
            AdviceKind::TooOften,
            "logged more than once in a day: once a day is enough for an active knot (2-3 times a week once it has calmed); more irritates the tissue",
        ));
    } else if let Some(days) =
        maintenance_too_soon(reading, at.with_timezone(&zone), earlier, rules)
    {
        found.push(advice(
            AdviceKind::TooOften,
            format!(
                "treated again {} after its last session, though it has calmed: 2-3 times a week keeps a calmed knot calm; more irritates the tissue",
                crate::text::plural(days, "day", "days")
            ),
        ));
    }
    if reading.minutes.is_some_and(|m| m > rules.max_minutes) {
        found.push(advice(
            AdviceKind::TooLong,
            format!(
                "more than {} minutes on one area: 5-10 minutes is the usual dose",
                rules.max_minutes
            ),
        ));
    }
    if reading
        .pressure
        .is_some_and(|p| p.value() > rules.max_pressure)
    {
        found.push(advice(
            AdviceKind::TooHard,
            format!(
                "pressure above {}/10: harder is not better; at 4-5/10 the muscle can let go",
                rules.max_pressure
            ),
        ));
    }
    found
}

/// How many calendar days after the knot's previous sitting a reading of
/// a knot that had already calmed comes, when that is sooner than its
/// maintenance dose allows. A knot had calmed when its two sessions before
/// this sitting were calm; a reading that is not calm is a flare, to be
/// treated daily again, so it is never too soon.
fn maintenance_too_soon<Tz: TimeZone>(
    reading: &NewReading,
    at: DateTime<Tz>,
    earlier: &[Reading],
    rules: &Rules,
) -> Option<i64> {
    let calm = rules.calm_pain;
    if reading.pain_before?.value() > calm {
        return None;
    }
    let zone = at.timezone();
    let at_utc = at.with_timezone(&Utc);
    // Readings within a session's span of this one are the same sitting.
    let before: Vec<Reading> = earlier
        .iter()
        .filter(|r| at_utc - r.taken_at > rules.session_span)
        .cloned()
        .collect();
    let sessions = pain_by_session(&before);
    let was_calm = sessions.len() >= 2
        && sessions[sessions.len() - 2..]
            .iter()
            .all(|s| s.before.value() <= calm);
    let previous = before.last()?.taken_at.with_timezone(&zone).date_naive();
    let days = (at.date_naive() - previous).num_days();
    (was_calm && (1..rules.maintenance_gap_days).contains(&days)).then_some(days)
}

/// Text with its first letter in capitals, to start a sentence.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::knot::SessionPain;
    use crate::domain::pain::Score;
    use crate::domain::verdict::assess;
    use chrono::Duration;

    fn region(slug: &str) -> Region {
        Region::from_slug(slug).unwrap()
    }

    fn at() -> DateTime<Utc> {
        "2026-04-10T18:00:00Z".parse().unwrap()
    }

    fn kinds(slug: &str, reading: &NewReading) -> Vec<AdviceKind> {
        advise(region(slug), reading, at(), &[], None, &Rules::default())
            .into_iter()
            .map(|a| a.kind)
            .collect()
    }

    fn pain(value: u8) -> NewReading {
        NewReading::pain(Score::new(value).unwrap())
    }

    #[test]
    fn a_plain_reading_on_a_plain_muscle_needs_no_advice() {
        assert!(kinds("rhomboids-left", &pain(5)).is_empty());
    }

    #[test]
    fn region_cautions_fire_on_their_regions_only() {
        assert_eq!(kinds("it-band-right", &pain(4)), [AdviceKind::ItBand]);
        assert_eq!(kinds("scalenes-left", &pain(4)), [AdviceKind::Neck]);
        assert_eq!(
            kinds("sternocleidomastoid-right", &pain(4)),
            [AdviceKind::Neck]
        );
        assert_eq!(kinds("soleus-left", &pain(4)), [AdviceKind::Calf]);
        assert_eq!(kinds("gastrocnemius-right", &pain(4)), [AdviceKind::Calf]);
        for elsewhere in [
            "upper-trapezius-left",
            "vastus-lateralis-right",
            "hamstrings-left",
            "tibialis-anterior-left",
        ] {
            assert!(kinds(elsewhere, &pain(4)).is_empty(), "{elsewhere}");
        }
    }

    #[test]
    fn symptoms_and_severe_pain_send_to_a_clinician() {
        let numb = NewReading {
            symptoms: vec![Symptom::Numbness, Symptom::Tingling],
            ..pain(5)
        };
        let found = advise(
            region("piriformis-left"),
            &numb,
            at(),
            &[],
            None,
            &Rules::default(),
        );
        assert_eq!(found[0].kind, AdviceKind::SeeClinician);
        assert!(
            found[0]
                .text
                .starts_with("numbness and tingling is a reason to see")
        );
        assert_eq!(kinds("piriformis-left", &pain(8)), [AdviceKind::SeverePain]);
        assert!(kinds("piriformis-left", &pain(7)).is_empty());
        let bruised = NewReading {
            symptoms: vec![Symptom::Bruising],
            ..pain(5)
        };
        assert!(
            kinds("piriformis-left", &bruised).is_empty(),
            "bruising alone is not"
        );
        let sharp = NewReading {
            symptoms: vec![Symptom::SharpPain],
            ..pain(5)
        };
        assert_eq!(kinds("piriformis-left", &sharp), [AdviceKind::SharpPain]);
    }

    #[test]
    fn a_dose_too_long_or_too_hard_is_flagged() {
        let long = NewReading {
            minutes: Some(12),
            ..pain(5)
        };
        assert_eq!(kinds("hamstrings-left", &long), [AdviceKind::TooLong]);
        let usual = NewReading {
            minutes: Some(10),
            pressure: Score::new(5),
            ..pain(5)
        };
        assert!(kinds("hamstrings-left", &usual).is_empty());
        let hard = NewReading {
            pressure: Score::new(6),
            ..pain(5)
        };
        assert_eq!(kinds("hamstrings-left", &hard), [AdviceKind::TooHard]);
    }

    #[test]
    fn a_second_sitting_on_the_same_day_is_too_often() {
        let morning = Reading {
            id: 1,
            uuid: String::new(),
            knot_id: 1,
            session_id: 1,
            taken_at: at() - Duration::hours(8),
            treatment: pain(6),
        };
        let found = advise(
            region("hamstrings-left"),
            &pain(5),
            at(),
            std::slice::from_ref(&morning),
            None,
            &Rules::default(),
        );
        assert_eq!(
            found.iter().map(|a| a.kind).collect::<Vec<_>>(),
            [AdviceKind::TooOften]
        );
        let yesterday = Reading {
            taken_at: at() - Duration::days(1),
            ..morning
        };
        assert!(
            advise(
                region("hamstrings-left"),
                &pain(5),
                at(),
                &[yesterday],
                None,
                &Rules::default()
            )
            .is_empty()
        );
    }

    /// Two readings ten hours apart share a day in UTC but not at UTC+13
    /// or UTC-10: the day that counts is the person's.
    #[test]
    fn once_a_day_means_a_day_where_the_person_lives() {
        let evening: DateTime<Utc> = "2026-04-10T20:00:00Z".parse().unwrap();
        let morning = Reading {
            id: 1,
            uuid: String::new(),
            knot_id: 1,
            session_id: 1,
            taken_at: "2026-04-10T10:00:00Z".parse().unwrap(),
            treatment: pain(6),
        };
        let kinds_in = |hours: i32| {
            let zone = chrono::FixedOffset::east_opt(hours * 3600).unwrap();
            advise(
                region("hamstrings-left"),
                &pain(5),
                evening.with_timezone(&zone),
                std::slice::from_ref(&morning),
                None,
                &Rules::default(),
            )
            .into_iter()
            .map(|a| a.kind)
            .collect::<Vec<_>>()
        };
        assert_eq!(kinds_in(0), [AdviceKind::TooOften]);
        assert_eq!(kinds_in(1), [AdviceKind::TooOften]);
        // 23:00 on the 10th and 09:00 on the 11th.
        assert!(kinds_in(13).is_empty());
        // 00:00 on the 10th and 10:00 on the 10th: the same day again.
        assert_eq!(kinds_in(-10), [AdviceKind::TooOften]);
        // 23:00 on the 9th and 09:00 on the 10th.
        assert!(kinds_in(-11).is_empty());
    }

    #[test]
    fn the_thresholds_come_from_the_rules() {
        let gentle = Rules {
            severe_pain: 6,
            max_minutes: 5,
            max_pressure: 3,
            ..Rules::default()
        };
        let reading = NewReading {
            minutes: Some(6),
            pressure: Score::new(4),
            ..pain(6)
        };
        let found = advise(
            region("hamstrings-left"),
            &reading,
            at(),
            &[],
            None,
            &gentle,
        );
        let texts: Vec<&str> = found.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "pain of 6/10 or more: if it limits your day or does not ease, have a physiotherapist or doctor look at it",
                "more than 5 minutes on one area: 5-10 minutes is the usual dose",
                "pressure above 3/10: harder is not better; at 4-5/10 the muscle can let go",
            ]
        );
        assert!(
            kinds("hamstrings-left", &reading).is_empty(),
            "not by default"
        );
        let impatient = Rules {
            no_progress_days: 3,
            ..Rules::default()
        };
        let three_days = judged(&[(0, 6), (3, 6)], &Rules::default());
        assert!(no_progress(&three_days, &impatient).is_some());
        assert_eq!(no_progress(&three_days, &Rules::default()), None);
    }

    /// Sessions as (day, score) pairs.
    type Days = &'static [(i64, u8)];

    /// The assessment of sessions on (day, score) pairs, as the course
    /// gives it.
    fn judged(days: &[(i64, u8)], rules: &Rules) -> Assessment {
        let sessions: Vec<SessionPain> = days
            .iter()
            .map(|&(day, score)| SessionPain {
                session_id: day,
                at: at() + Duration::days(day),
                before: Score::new(score).unwrap(),
                after: None,
            })
            .collect();
        assess(&sessions, false, rules)
    }

    /// The words of the advice about no progress, if it is given.
    fn no_progress(assessment: &Assessment, rules: &Rules) -> Option<String> {
        advise(
            region("hamstrings-left"),
            &pain(5),
            at(),
            &[],
            Some(assessment),
            rules,
        )
        .into_iter()
        .find(|a| a.kind == AdviceKind::NoProgress)
        .map(|a| a.text)
    }

    /// A week without a meaningful drop suggests a clinician, in words
    /// true of the episode: its span ends at its latest reading, and a knot
    /// that got worse is said to be worse.
    #[test]
    fn a_week_without_a_real_drop_suggests_a_clinician_in_true_words() {
        let rules = Rules::default();
        let table: &[(Days, Option<&str>)] = &[
            (&[(0, 6), (8, 5)], Some("no real change after 8 days")),
            (&[(0, 6), (7, 7)], Some("no real change after 7 days")),
            (&[(0, 6), (6, 5)], None),
            (&[(0, 5), (7, 8)], Some("3 points worse after 7 days")),
            (&[(0, 5), (20, 7)], Some("2 points worse after 20 days")),
            // 2 points of 9 is not a meaningful drop, but it is a drop.
            (&[(0, 9), (8, 7)], Some("down only 2 points after 8 days")),
            (&[(0, 7), (8, 4)], None),
            (&[(0, 7)], None),
        ];
        for &(days, want) in table {
            let said = no_progress(&judged(days, &rules), &rules);
            match want {
                Some(words) => {
                    let said = said.unwrap_or_else(|| panic!("{days:?}: nothing said"));
                    assert!(said.starts_with(&format!("{words}: ")), "{days:?}: {said}");
                }
                None => assert_eq!(said, None, "{days:?}"),
            }
        }
    }

    fn reading_on(day: i64, score: u8) -> Reading {
        Reading {
            id: day + 100,
            uuid: String::new(),
            knot_id: 1,
            session_id: day + 100,
            taken_at: at() + Duration::days(day),
            treatment: pain(score),
        }
    }

    /// A knot that has calmed needs 2-3 sessions a week; treating it again
    /// the next day is too often, like twice in one day for an active one.
    #[test]
    fn a_calmed_knot_treated_more_often_than_every_other_day_is_too_often() {
        let every_third = Rules {
            maintenance_gap_days: 3,
            ..Rules::default()
        };
        // (earlier sessions as (day, score), today's score, rules, words)
        let table: &[(Days, u8, &Rules, Option<&str>)] = &[
            (&[(-4, 6), (-3, 2), (-2, 1)], 1, &Rules::default(), None),
            (
                &[(-4, 6), (-3, 2), (-1, 1)],
                2,
                &Rules::default(),
                Some("1 day"),
            ),
            (&[(-3, 2), (-2, 1)], 1, &every_third, Some("2 days")),
            (&[(-3, 2), (-2, 1)], 1, &Rules::default(), None),
            // The session that calms it is not maintenance yet.
            (&[(-2, 6), (-1, 2)], 1, &Rules::default(), None),
            // A flare is treated daily again.
            (&[(-3, 2), (-1, 1)], 5, &Rules::default(), None),
        ];
        for &(earlier, today, rules, want) in table {
            let earlier: Vec<Reading> = earlier.iter().map(|&(d, s)| reading_on(d, s)).collect();
            let found: Vec<Advice> = advise(
                region("hamstrings-left"),
                &pain(today),
                at(),
                &earlier,
                None,
                rules,
            );
            let too_often: Vec<&str> = found
                .iter()
                .filter(|a| a.kind == AdviceKind::TooOften)
                .map(|a| a.text.as_str())
                .collect();
            match want {
                Some(days) => {
                    assert_eq!(too_often.len(), 1, "{earlier:?}");
                    let text = too_often[0];
                    assert!(
                        text.starts_with(&format!("treated again {days} after its last session")),
                        "{text}"
                    );
                    assert!(text.contains("2-3 times a week"), "{text}");
                }
                None => assert!(too_often.is_empty(), "{earlier:?}: {too_often:?}"),
            }
        }
    }
}

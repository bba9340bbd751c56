//! Treating knots well, not just recording them: the cautions that apply to
//! a reading (what suits a region is in `hints`).
//!
//! Every text is short and shown at the moment it matters: after a save, in
//! `knotmap log` and in `knotmap show`.

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use super::knot::{NewReading, Reading};
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
/// count; `earlier` are the knot's other readings; `assessment` is the
/// knot's verdict with this reading in it.
pub fn advise<Tz: TimeZone>(
    region: Region,
    reading: &NewReading,
    at: DateTime<Tz>,
    earlier: &[Reading],
    assessment: Option<&Assessment>,
    first_seen: Option<DateTime<Utc>>,
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
    if let (Some(assessment), Some(first)) = (assessment, first_seen) {
        let days = (at - first).num_days();
        // These verdicts all mean no meaningful drop from the first session.
        let no_drop = matches!(
            assessment.verdict,
            Verdict::Stalled | Verdict::Worse | Verdict::Slow
        );
        if days >= rules.no_progress_days && no_drop {
            found.push(advice(
                AdviceKind::NoProgress,
                format!(
                    "no real change after {days} days: after one to two weeks without progress, a physiotherapist can find what keeps it going"
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
    use crate::domain::pain::Score;
    use chrono::Duration;

    fn region(slug: &str) -> Region {
        Region::from_slug(slug).unwrap()
    }

    fn at() -> DateTime<Utc> {
        "2026-04-10T18:00:00Z".parse().unwrap()
    }

    fn kinds(slug: &str, reading: &NewReading) -> Vec<AdviceKind> {
        advise(
            region(slug),
            reading,
            at(),
            &[],
            None,
            None,
            &Rules::default(),
        )
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
        let stuck = Assessment {
            verdict: Verdict::Slow,
            rule: String::new(),
            drop_points: 0,
            drop_percent: 0,
        };
        let impatient = Rules {
            no_progress_days: 3,
            ..Rules::default()
        };
        let three_days = Some(at() - Duration::days(3));
        let no_progress = |rules: &Rules| {
            advise(
                region("hamstrings-left"),
                &pain(5),
                at(),
                &[],
                Some(&stuck),
                three_days,
                rules,
            )
            .iter()
            .any(|a| a.kind == AdviceKind::NoProgress)
        };
        assert!(no_progress(&impatient));
        assert!(!no_progress(&Rules::default()));
    }

    #[test]
    fn a_week_without_a_real_drop_suggests_a_clinician() {
        let stuck = Assessment {
            verdict: Verdict::Slow,
            rule: String::new(),
            drop_points: 1,
            drop_percent: 16,
        };
        let first = at() - Duration::days(8);
        let found = advise(
            region("hamstrings-left"),
            &pain(5),
            at(),
            &[],
            Some(&stuck),
            Some(first),
            &Rules::default(),
        );
        assert_eq!(found[0].kind, AdviceKind::NoProgress);
        assert!(found[0].text.starts_with("no real change after 8 days"));
        let recent = at() - Duration::days(3);
        assert!(
            advise(
                region("hamstrings-left"),
                &pain(5),
                at(),
                &[],
                Some(&stuck),
                Some(recent),
                &Rules::default()
            )
            .is_empty()
        );
        let calming = Assessment {
            verdict: Verdict::OnTrack,
            drop_points: 3,
            drop_percent: 40,
            ..stuck.clone()
        };
        let small_drop = Assessment {
            drop_points: 2,
            drop_percent: 22,
            ..stuck
        };
        let found = advise(
            region("hamstrings-left"),
            &pain(7),
            at(),
            &[],
            Some(&small_drop),
            Some(first),
            &Rules::default(),
        );
        assert_eq!(
            found[0].kind,
            AdviceKind::NoProgress,
            "2 points of 9 is not a meaningful drop"
        );
        assert!(
            advise(
                region("hamstrings-left"),
                &pain(5),
                at(),
                &[],
                Some(&calming),
                Some(first),
                &Rules::default()
            )
            .is_empty()
        );
    }
}

//! Treating knots well, not just recording them: the cautions that apply to
//! a reading (what suits a region is in `hints`; what the knot's whole
//! episode says, such as a red flag that puts it on hold, in `safety`).
//!
//! Every text is short and shown at the moment it matters: after a save, in
//! `knotmap log` and in `knotmap show`.

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use super::knot::{NewReading, Reading, pain_by_session};
use super::rules::Rules;
use super::safety::symptom_advice;
use crate::body::{Caution, Region};

/// The caution the guides give before any self-treatment at all, said
/// wherever knotmap introduces itself: the help, the first run and the
/// README.
pub const UNDERLYING: &str = "With a history of circulation or nerve problems, or a serious injury, ask a doctor or physiotherapist before treating knots yourself.";

/// The same in a few words, where a line is all there is.
pub const UNDERLYING_SHORT: &str =
    "Circulation or nerve problems, or a serious injury? Ask a doctor first";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdviceKind {
    /// A red flag not yet seen to: no self-treatment for now.
    OnHold,
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
    /// A bruise after a session.
    Bruising,
    /// Getting worse, or sorer after a session than before it.
    EaseOff,
    /// Warmth or redness where they are not a red flag.
    Warmth,
}

/// One piece of advice, in our own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Advice {
    pub kind: AdviceKind,
    pub text: String,
}

impl Advice {
    pub fn new(kind: AdviceKind, text: impl Into<String>) -> Advice {
        Advice {
            kind,
            text: text.into(),
        }
    }
}

fn advice(kind: AdviceKind, text: impl Into<String>) -> Advice {
    Advice::new(kind, text)
}

/// Everything worth saying about one reading, most important first: its
/// symptoms, its pain, its region's caution and its dose. What the knot's
/// episode says (a hold, no progress, easing off) is the knot's safety
/// state, added to this by `analysis::knot_advice`.
///
/// `at` is when it was taken, in the person's zone, whose calendar days
/// count; `earlier` are the knot's other readings.
pub fn advise<Tz: TimeZone>(
    region: Region,
    reading: &NewReading,
    at: DateTime<Tz>,
    earlier: &[Reading],
    rules: &Rules,
) -> Vec<Advice> {
    let zone = at.timezone();
    let today = at.date_naive();
    let at = at.with_timezone(&Utc);
    let mut found = symptom_advice(region, &reading.symptoms);
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
    use crate::domain::pain::Score;
    use crate::domain::symptom::Symptom;
    use chrono::Duration;

    fn region(slug: &str) -> Region {
        Region::from_slug(slug).unwrap()
    }

    fn at() -> DateTime<Utc> {
        "2026-04-10T18:00:00Z".parse().unwrap()
    }

    fn kinds(slug: &str, reading: &NewReading) -> Vec<AdviceKind> {
        advise(region(slug), reading, at(), &[], &Rules::default())
            .into_iter()
            .map(|a| a.kind)
            .collect()
    }

    fn pain(value: u8) -> NewReading {
        NewReading::pain(Score::new(value).unwrap())
    }

    fn with(symptoms: &[Symptom]) -> NewReading {
        NewReading {
            symptoms: symptoms.to_vec(),
            ..pain(5)
        }
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
        assert_eq!(kinds("suboccipitals-left", &pain(4)), [AdviceKind::Neck]);
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
        let found = advise(
            region("piriformis-left"),
            &with(&[Symptom::Numbness, Symptom::Tingling]),
            at(),
            &[],
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
        assert_eq!(
            kinds("piriformis-left", &with(&[Symptom::Bruising])),
            [AdviceKind::Bruising]
        );
        assert_eq!(
            kinds("piriformis-left", &with(&[Symptom::SharpPain])),
            [AdviceKind::SharpPain]
        );
    }

    #[test]
    fn warmth_and_redness_are_a_clot_s_signs_on_the_calf_only() {
        let calf = advise(
            region("soleus-right"),
            &with(&[Symptom::Warmth, Symptom::Swelling]),
            at(),
            &[],
            &Rules::default(),
        );
        assert_eq!(calf[0].kind, AdviceKind::SeeClinician);
        assert!(calf[0].text.contains("clot"), "{}", calf[0].text);
        assert_eq!(
            kinds("biceps-left", &with(&[Symptom::Warmth, Symptom::Redness])),
            [AdviceKind::Warmth]
        );
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
        let found = advise(region("hamstrings-left"), &reading, at(), &[], &gentle);
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
    }
}

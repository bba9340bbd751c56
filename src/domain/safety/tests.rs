//! The safety state from a table of regions, symptoms and courses, and
//! what each part of knotmap makes of it: the protocol, `due`, and the
//! tool suggested.

use chrono::{DateTime, Duration, Utc};

use super::*;
use crate::body::{Region, Spot, View};
use crate::domain::due::{DueKind, due_today};
use crate::domain::hints::suggestion_for;
use crate::domain::knot::{Knot, KnotSummary, NewReading, summarize};
use crate::domain::pain::Score;
use crate::domain::protocol::applies;
use crate::domain::treatment::suits_now;

fn start() -> DateTime<Utc> {
    "2026-05-01T12:00:00Z".parse().unwrap()
}

fn region(slug: &str) -> Region {
    Region::from_slug(slug).unwrap()
}

fn knot(slug: &str, cleared_at: Option<DateTime<Utc>>) -> Knot {
    Knot {
        id: 1,
        uuid: "k".to_string(),
        region: region(slug),
        spot: Spot {
            view: View::Back,
            x: 1,
            y: 1,
        },
        created_at: start(),
        marked_resolved_at: None,
        recurs_knot_id: None,
        cleared_at,
    }
}

/// One reading a session: days after `start()`, the score before, the
/// score after, and the symptoms noticed.
type Day<'a> = (i64, u8, Option<u8>, &'a [Symptom]);

fn readings(days: &[Day<'_>]) -> Vec<Reading> {
    days.iter()
        .enumerate()
        .map(|(index, &(day, before, after, symptoms))| Reading {
            id: index as i64 + 1,
            uuid: format!("r{index}"),
            knot_id: 1,
            session_id: index as i64 + 1,
            taken_at: start() + Duration::days(day),
            treatment: NewReading {
                pain_before: Score::new(before),
                pain_after: after.and_then(Score::new),
                symptoms: symptoms.to_vec(),
                ..NewReading::default()
            },
        })
        .collect()
}

/// The knot on `slug` with these readings, summed up.
fn summary_of(slug: &str, days: &[Day<'_>], cleared_at: Option<DateTime<Utc>>) -> KnotSummary {
    summarize(knot(slug, cleared_at), &readings(days), &Rules::default()).unwrap()
}

/// The courses of the table: each a knot's scores, day by day, with the
/// symptom of the row put on its first reading so that the plain readings
/// after it are the ones a hold must last through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Course {
    /// 8, 5, 4: a meaningful drop, on track.
    Calming,
    /// 4 then 7: worse.
    Worse,
    /// 6 every other day for eight days: stalled, past a week.
    Stalled,
    /// 6, then 5 that was 7 after the session: sorer after than before.
    SoreAfter,
}

fn course(course: Course, symptom: &[Symptom]) -> Vec<Day<'_>> {
    match course {
        Course::Calming => vec![(0, 8, None, symptom), (1, 5, None, &[]), (2, 4, None, &[])],
        Course::Worse => vec![(0, 4, None, symptom), (1, 7, None, &[])],
        Course::Stalled => [0, 2, 4, 6, 8]
            .into_iter()
            .enumerate()
            .map(|(i, day)| (day, 6, None, if i == 0 { symptom } else { &[] as &[_] }))
            .collect(),
        Course::SoreAfter => vec![(0, 6, None, symptom), (1, 5, Some(7), &[])],
    }
}

/// The state a course earns without red flags.
fn plain_state(course: Course) -> &'static str {
    match course {
        Course::Calming => "clear",
        Course::Worse | Course::SoreAfter => "ease-off",
        Course::Stalled => "see-someone",
    }
}

fn due_kind(state: &str) -> DueKind {
    match state {
        "on-hold" => DueKind::OnHold,
        "see-someone" => DueKind::SeeSomeone,
        "ease-off" => DueKind::EaseOff,
        _ => DueKind::Daily,
    }
}

#[test]
fn every_region_symptom_and_course_has_its_state_protocol_due_and_tool() {
    use Symptom::*;
    // Region, how the protocol applies there, whether it is a calf.
    let regions = [
        ("biceps-left", "normal", false),
        ("soleus-left", "normal", true),
        ("gastrocnemius-right", "normal", true),
        ("suboccipitals-left", "gentle", false),
        ("scalenes-right", "gentle", false),
        ("sternocleidomastoid-left", "gentle", false),
        ("it-band-left", "not-at-all", false),
    ];
    // A symptom, and whether it is a red flag off the calf and on it.
    let symptoms: [(&[Symptom], bool, bool); 9] = [
        (&[], false, false),
        (&[Numbness], true, true),
        (&[Tingling], true, true),
        (&[Swelling], true, true),
        (&[Bruising], true, true),
        (&[SharpPain], true, true),
        (&[Warmth], false, true),
        (&[Redness], false, true),
        (&[Warmth, Redness], false, true),
    ];
    let courses = [
        Course::Calming,
        Course::Worse,
        Course::Stalled,
        Course::SoreAfter,
    ];
    for (slug, protocol, calf) in regions {
        for &(symptom, flag_elsewhere, flag_on_calf) in &symptoms {
            for course_kind in courses {
                let days = course(course_kind, symptom);
                let summary = summary_of(slug, &days, None);
                let case = format!("{slug} {symptom:?} {course_kind:?}");
                let held = if calf { flag_on_calf } else { flag_elsewhere };
                let state = if held {
                    "on-hold"
                } else {
                    plain_state(course_kind)
                };
                assert_eq!(summary.safety.slug(), state, "{case}");

                // The protocol: how it applies to the region, and never on
                // a knot on hold.
                let how = applies(summary.knot.region);
                assert_eq!(how.slug(), protocol, "{case}");

                // What `due` says the next day.
                let now = summary.last_seen + Duration::days(1);
                let due = due_today(std::slice::from_ref(&summary), &Rules::default(), now);
                assert_eq!(due.len(), 1, "{case}");
                assert_eq!(due[0].kind, due_kind(state), "{case}");
                assert_eq!(
                    due[0].kind.is_due(),
                    !matches!(state, "on-hold" | "see-someone")
                );
                if held {
                    assert_eq!(
                        due[0].kind.says(),
                        "on hold: see a doctor or physiotherapist first",
                        "{case}"
                    );
                }

                // No tool or technique on hold, anywhere one is offered.
                let region = summary.knot.region;
                assert_eq!(
                    suggestion_for(region, &summary.safety).is_none(),
                    held,
                    "{case}"
                );
                if held {
                    assert_eq!(suits_now(region, &summary.safety), (None, None), "{case}");
                }

                // The advice: a hold first, and its reasons with it.
                let advice = summary.safety.advice(region);
                let kinds: Vec<AdviceKind> = advice.iter().map(|a| a.kind).collect();
                match state {
                    "on-hold" => {
                        assert_eq!(kinds[0], AdviceKind::OnHold, "{case}");
                        assert!(kinds.len() >= 2, "{case}: the reason too");
                    }
                    "see-someone" => assert_eq!(kinds, [AdviceKind::NoProgress], "{case}"),
                    "ease-off" => {
                        assert_eq!(kinds, [AdviceKind::EaseOff], "{case}");
                        assert!(advice[0].text.contains("lighter and shorter"), "{case}");
                        assert!(advice[0].text.contains("rest it a day"), "{case}");
                        assert!(
                            advice[0]
                                .text
                                .contains("two more sessions, see a physiotherapist"),
                            "{case}"
                        );
                    }
                    _ => assert!(kinds.is_empty(), "{case}"),
                }
            }
        }
    }
}

#[test]
fn a_red_flag_holds_through_later_plain_readings_until_cleared() {
    let days: &[Day<'_>] = &[
        (0, 6, None, &[Symptom::Tingling]),
        (1, 5, None, &[]),
        (2, 4, None, &[]),
    ];
    let held = summary_of("piriformis-left", days, None);
    assert_eq!(
        held.safety,
        Safety::OnHold {
            symptoms: vec![Symptom::Tingling],
            since: start(),
        }
    );
    // Seen to after the flag: the knot is judged as usual again.
    let cleared = summary_of("piriformis-left", days, Some(start() + Duration::hours(30)));
    assert_eq!(cleared.safety, Safety::Clear);
    // Seen to at the very time of the flag: it still holds.
    let same_time = summary_of("piriformis-left", days, Some(start()));
    assert!(same_time.safety.is_on_hold());
    // Seen to before it: the flag still holds.
    let too_early = summary_of("piriformis-left", days, Some(start() - Duration::hours(1)));
    assert!(too_early.safety.is_on_hold());
    // A new flag after the clearing holds it again, from then.
    let again: &[Day<'_>] = &[
        (0, 6, None, &[Symptom::Tingling]),
        (1, 5, None, &[]),
        (2, 4, None, &[Symptom::SharpPain]),
    ];
    let flagged_again = summary_of(
        "piriformis-left",
        again,
        Some(start() + Duration::hours(30)),
    );
    assert_eq!(
        flagged_again.safety,
        Safety::OnHold {
            symptoms: vec![Symptom::SharpPain],
            since: start() + Duration::days(2),
        }
    );
}

#[test]
fn the_hold_says_each_reason_in_its_own_words() {
    let said = |slug: &str, symptoms: &[Symptom]| -> Vec<String> {
        let hold = Safety::OnHold {
            symptoms: symptoms.to_vec(),
            since: start(),
        };
        hold.advice(region(slug))
            .into_iter()
            .map(|a| a.text)
            .collect()
    };
    let calf = said("soleus-left", &[Symptom::Swelling, Symptom::Warmth]);
    assert!(calf[0].starts_with("on hold: no rolling, pressing or massage"));
    assert!(calf[1].starts_with("swelling and warmth in the calf needs a doctor"));
    assert!(calf[1].contains("clot"));
    let nerve = said("biceps-left", &[Symptom::Numbness, Symptom::Tingling]);
    assert!(nerve[1].starts_with("numbness and tingling is a reason to see"));
    let bruise = said("biceps-left", &[Symptom::Bruising]);
    assert!(bruise[1].starts_with("a bruise after a session"));
    let sharp = said("biceps-left", &[Symptom::SharpPain]);
    assert!(sharp[1].starts_with("sharp pain means stop"));
}

#[test]
fn worse_after_a_week_is_to_be_looked_at_not_only_eased() {
    // 4 then 7 a week later: worse, and a week of it.
    let days: &[Day<'_>] = &[(0, 4, None, &[]), (7, 7, None, &[])];
    let summary = summary_of("hamstrings-left", days, None);
    assert_eq!(
        summary.safety,
        Safety::SeeSomeone {
            days: 7,
            progress: "3 points worse after 7 days".to_string()
        }
    );
    // The next day: only ease off.
    let days: &[Day<'_>] = &[(0, 4, None, &[]), (1, 7, None, &[])];
    assert_eq!(
        summary_of("hamstrings-left", days, None).safety,
        Safety::EaseOff {
            reason: EaseOffReason::Worse
        }
    );
}

#[test]
fn no_progress_counts_the_days_of_the_episode_and_the_rules_decide() {
    let signs = Signs::default();
    let rules = Rules::default();
    let course = |verdict: Verdict, span_days: i64| crate::domain::verdict::Assessment {
        verdict,
        rule: String::new(),
        drop_points: 0,
        drop_percent: 0,
        sessions: 2,
        span_days,
        progress: format!("no real change after {span_days} days"),
    };
    let looked_at = |days: i64| Safety::SeeSomeone {
        days,
        progress: format!("no real change after {days} days"),
    };
    assert_eq!(
        judge(&signs, &course(Verdict::Slow, 6), &rules),
        Safety::Clear
    );
    assert_eq!(
        judge(&signs, &course(Verdict::Slow, 7), &rules),
        looked_at(7)
    );
    assert_eq!(
        judge(&signs, &course(Verdict::OnTrack, 30), &rules),
        Safety::Clear
    );
    assert_eq!(
        judge(&signs, &course(Verdict::Resolved, 30), &rules),
        Safety::Clear
    );
    let impatient = Rules {
        no_progress_days: 3,
        ..Rules::default()
    };
    assert_eq!(
        judge(&signs, &course(Verdict::Stalled, 3), &impatient),
        looked_at(3)
    );
}

#[test]
fn warmth_and_redness_are_red_flags_on_the_calf_only() {
    let both = [Symptom::Warmth, Symptom::Redness];
    assert_eq!(red_flags(region("soleus-right"), &both), [RedFlag::Calf]);
    assert!(red_flags(region("biceps-right"), &both).is_empty());
    assert_eq!(
        red_flags(
            region("gastrocnemius-left"),
            &[Symptom::Numbness, Symptom::Swelling]
        ),
        [RedFlag::Calf, RedFlag::Nerve]
    );
    assert_eq!(
        red_flags(region("biceps-left"), &[Symptom::Swelling]),
        [RedFlag::Swelling]
    );
}

/// A week without a meaningful drop suggests a clinician, in words true of
/// the episode: its span ends at its latest reading, and a knot that got
/// worse is said to be worse.
#[test]
fn a_week_without_a_real_drop_is_looked_at_in_true_words() {
    type Scores = &'static [(i64, u8)];
    let table: &[(Scores, Option<&str>)] = &[
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
    for &(scores, want) in table {
        let days: Vec<Day<'_>> = scores
            .iter()
            .map(|&(day, score)| (day, score, None, &[][..]))
            .collect();
        let summary = summary_of("hamstrings-left", &days, None);
        let said = summary
            .safety
            .advice(summary.knot.region)
            .into_iter()
            .find(|advice| advice.kind == AdviceKind::NoProgress)
            .map(|advice| advice.text);
        match want {
            Some(words) => {
                let said = said.unwrap_or_else(|| panic!("{scores:?}: nothing said"));
                assert!(
                    said.starts_with(&format!("{words}: ")),
                    "{scores:?}: {said}"
                );
            }
            None => assert_eq!(said, None, "{scores:?}"),
        }
    }
}

//! The summaries kept beside the readings say what the readings say:
//! after any run of logs, edits, deletions, undos and resolved marks, the
//! knots, verdicts, recurrences and long trends read from the summaries
//! match those worked out from the whole history.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use knotmap::body::{Body, Region};
use knotmap::domain::analysis::{Analysis, CALMED_IN_PLAY_DAYS};
use knotmap::domain::pain::Score;
use knotmap::domain::recurrence::{RecurrenceKind, count_by_region, find_recurrences};
use knotmap::domain::trends::trends;
use knotmap::domain::{KnotStatus, KnotSummary};
use knotmap::domain::{NewReading, Reading, Rules};
use knotmap::store::{IfMissing, KnotChoice, SessionChoice, Store};
use proptest::prelude::*;
use tempfile::TempDir;

use crate::common;

fn now() -> DateTime<Utc> {
    "2026-11-20T12:00:00Z".parse().unwrap()
}

const REGIONS: [&str; 3] = ["upper-trapezius-left", "soleus-right", "piriformis-left"];

#[derive(Debug, Clone)]
enum Step {
    /// Region, a new knot or the region's latest, columns right of the
    /// region's home (0, 3 or 6: near some knots and not others), days
    /// before now, pain, pain after.
    Log(usize, bool, u16, i64, u8, Option<u8>),
    /// The n-th reading (modulo how many there are) gets this pain.
    Edit(usize, u8),
    Delete(usize),
    /// Puts the reading deleted by the step before back, as undo does.
    Restore,
    /// Marks the n-th knot resolved, or takes its mark back.
    ToggleMark(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0..REGIONS.len(), any::<bool>(), 0u16..3, 0i64..400, 0u8..=10, proptest::option::of(0u8..=10))
            .prop_map(|(r, new, offset, days, pain, after)| Step::Log(r, new, offset * 3, days, pain, after)),
        1 => (any::<usize>(), 0u8..=10).prop_map(|(n, pain)| Step::Edit(n, pain)),
        1 => any::<usize>().prop_map(Step::Delete),
        1 => Just(Step::Restore),
        1 => any::<usize>().prop_map(Step::ToggleMark),
    ]
}

fn all_readings(store: &Store) -> Vec<Reading> {
    store.history().unwrap().readings
}

fn apply(store: &mut Store, step: &Step, deleted: &mut Option<Reading>) {
    // Undo reaches back one change only, like the app's.
    let just_deleted = deleted.take();
    match *step {
        Step::Log(region, new, offset, days, pain, after) => {
            let region = Region::from_slug(REGIONS[region]).unwrap();
            let mut spot = Body::get().home_of(region).unwrap();
            spot.x += offset;
            let knot = if new {
                KnotChoice::New { region, spot }
            } else {
                KnotChoice::LatestInRegion { region, spot }
            };
            let reading = NewReading {
                pain_after: after.and_then(Score::new),
                ..NewReading::pain(Score::new(pain).unwrap())
            };
            let at = now() - Duration::days(days) - Duration::hours(2);
            store
                .log_reading(knot, &reading, at, SessionChoice::Auto)
                .unwrap();
        }
        Step::Edit(n, pain) => {
            let readings = all_readings(store);
            if let Some(reading) = readings.get(n % readings.len().max(1)) {
                let treatment = NewReading {
                    pain_before: Score::new(pain),
                    ..reading.treatment.clone()
                };
                store.update_reading(reading.id, &treatment).unwrap();
            }
        }
        Step::Delete(n) => {
            let readings = all_readings(store);
            if let Some(reading) = readings.get(n % readings.len().max(1)) {
                *deleted = Some(store.delete_reading(reading.id).unwrap());
            }
        }
        Step::Restore => {
            if let Some(reading) = just_deleted {
                store.restore_reading(&reading).unwrap();
            }
        }
        Step::ToggleMark(n) => {
            let knots = store.knots().unwrap();
            if let Some(knot) = knots.get(n % knots.len().max(1)) {
                let when = knot
                    .marked_resolved_at
                    .is_none()
                    .then(|| now() - Duration::days(3));
                store.mark_resolved(knot.id, when).unwrap();
            }
        }
    }
}

proptest! {
    #![proptest_config(common::proptest_config(48))]

    #[test]
    fn the_summaries_agree_with_the_whole_history(steps in proptest::collection::vec(step(), 1..40)) {
        let dir = TempDir::new().unwrap();
        let mut store = Store::open(&dir.path().join("knotmap.db"), IfMissing::Create).unwrap();
        let mut deleted = None;
        for step in &steps {
            apply(&mut store, step, &mut deleted);
        }
        let kept = store.analysis(now()).unwrap();
        let whole = Analysis::new(store.history().unwrap(), store.rules(), now());
        let recurrences = find_recurrences(&whole.history, store.rules());
        prop_assert_eq!(&store.knot_summaries(now()).unwrap(), &whole.knots);
        // In play: every active knot, and the calmed ones of the last days.
        let since = now() - Duration::days(CALMED_IN_PLAY_DAYS);
        let (in_play, earlier): (Vec<KnotSummary>, Vec<KnotSummary>) =
            whole.knots.iter().cloned().partition(|s| {
                s.status == KnotStatus::Active || s.last_seen >= since
            });
        prop_assert_eq!(&kept.knots, &in_play);
        prop_assert_eq!(kept.calmed_earlier, earlier.len());
        for summary in &whole.knots {
            let one = store.knot_summary(summary.knot.id, now()).unwrap();
            prop_assert_eq!(one.as_ref(), Some(summary));
        }
        prop_assert_eq!(&kept.flagged, &whole.flagged);
        prop_assert_eq!(&store.recurrences(None, usize::MAX).unwrap(), &recurrences);
        for summary in &whole.knots {
            let id = summary.knot.id;
            let latest = recurrences.iter().find(|r| r.knot == id);
            let kept_latest = store.latest_recurrence_of(id).unwrap();
            prop_assert_eq!(kept_latest.as_ref(), latest);
        }
        let beside: HashMap<i64, i64> = recurrences
            .iter()
            .filter(|r| r.kind == RecurrenceKind::Nearby)
            .map(|r| (r.knot, r.earlier_knot))
            .collect();
        prop_assert_eq!(store.formed_beside().unwrap(), beside);
        prop_assert_eq!(&kept.due, &whole.due);
        prop_assert_eq!(&store.knots_per_region().unwrap(), &whole.heat);

        // All time, from the monthly tallies when the history is long.
        let tallied = store.trends(None, now()).unwrap();
        let counted = trends(&whole.history, &whole.knots, &count_by_region(&recurrences, None), None, now());
        prop_assert_eq!(tallied.regions.len(), counted.regions.len());
        for trend in &counted.regions {
            let other = tallied.regions.iter().find(|t| t.key == trend.key).unwrap();
            prop_assert!((other.mean_pain - trend.mean_pain).abs() < 1e-9, "{} mean", trend.key);
            prop_assert_eq!(other.latest_pain, trend.latest_pain, "{} latest", &trend.key);
            prop_assert_eq!(other.knots, trend.knots, "{} knots", &trend.key);
            prop_assert_eq!(other.active_knots, trend.active_knots, "{} active", &trend.key);
            prop_assert_eq!(other.recurrences, trend.recurrences, "{} recurrences", &trend.key);
            prop_assert_eq!(other.sessions, trend.sessions, "{} sessions", &trend.key);
        }

        // From a day in the middle of a month: that month's rest is added
        // up from its readings, so the period starts exactly there.
        let since = Some(now() - Duration::days(150));
        let tallied = store.trends(since, now()).unwrap();
        let counted = trends(&whole.history, &whole.knots, &count_by_region(&recurrences, since), since, now());
        prop_assert_eq!(tallied.since, counted.since);
        prop_assert_eq!(tallied.regions.len(), counted.regions.len());
        for trend in &counted.regions {
            let other = tallied.regions.iter().find(|t| t.key == trend.key).unwrap();
            prop_assert!((other.mean_pain - trend.mean_pain).abs() < 1e-9, "{} mean", trend.key);
            prop_assert_eq!(other.latest_pain, trend.latest_pain, "{} latest", &trend.key);
            prop_assert_eq!(other.sessions, trend.sessions, "{} sessions", &trend.key);
        }
    }
}

#[test]
fn summaries_made_under_another_calm_threshold_are_worked_out_again() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("knotmap.db");
    let mut store = Store::open(&path, IfMissing::Create).unwrap();
    for (days, pain) in [(9, 7), (8, 4), (7, 3), (6, 3), (2, 6)] {
        let step = Step::Log(0, false, 0, days, pain, None);
        apply(&mut store, &step, &mut None);
    }
    assert!(
        store.recurrences(None, 10).unwrap().is_empty(),
        "3/10 is not calm by default"
    );
    drop(store);

    let mut store = Store::open(&path, IfMissing::Refuse).unwrap();
    let rules = Rules {
        calm_pain: 3,
        ..Rules::default()
    };
    store.set_rules(rules);
    let kept = store.analysis(now()).unwrap();
    let whole = Analysis::new(store.history().unwrap(), &rules, now());
    assert_eq!(store.knot_summaries(now()).unwrap(), whole.knots);
    assert_eq!(kept.flagged, whole.flagged);
    let recurrences = store.recurrences(None, 10).unwrap();
    assert_eq!(recurrences.len(), 1, "calm at 3/10, then back at 6/10");
    assert_eq!(recurrences, find_recurrences(&whole.history, &rules));
}

/// Sessions of one moment (an import of dates alone, or quick taps) that
/// calm a knot and flare it at once are saved, and are no return.
#[test]
fn sessions_at_one_moment_that_calm_and_flare_a_knot_are_saved() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&dir.path().join("knotmap.db"), IfMissing::Create).unwrap();
    let region = Region::from_slug(REGIONS[0]).unwrap();
    let spot = Body::get().home_of(region).unwrap();
    for pain in [1, 1, 6, 1, 1] {
        store
            .log_reading(
                KnotChoice::LatestInRegion { region, spot },
                &NewReading::pain(Score::new(pain).unwrap()),
                now() - Duration::days(1),
                SessionChoice::New,
            )
            .unwrap();
    }
    let whole = Analysis::new(store.history().unwrap(), store.rules(), now());
    assert_eq!(store.knot_summaries(now()).unwrap(), whole.knots);
    assert_eq!(store.recurrences(None, 10).unwrap(), Vec::new());
}

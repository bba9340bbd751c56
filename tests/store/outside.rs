//! Writes made by another program (the sqlite3 shell, a notebook) through
//! a connection of its own: knotmap's summaries show what is there at its
//! next read, whether it opens the file afresh or has it open already.

use chrono::{DateTime, Duration, Utc};
use knotmap::body::{Body, Region};
use knotmap::domain::analysis::Analysis;
use knotmap::domain::pain::Score;
use knotmap::domain::recurrence::find_recurrences;
use knotmap::domain::{NewReading, Rules};
use knotmap::store::{IfMissing, KnotChoice, SessionChoice, Store};
use rusqlite::Connection;
use tempfile::TempDir;

fn now() -> DateTime<Utc> {
    "2026-11-20T12:00:00Z".parse().unwrap()
}

/// Two knots of two regions, each calm and then back, over three months.
fn store_with_history(dir: &TempDir) -> Store {
    let mut store = Store::open(&dir.path().join("knotmap.db"), IfMissing::Create).unwrap();
    for slug in ["soleus-left", "biceps-left"] {
        let region = Region::from_slug(slug).unwrap();
        let spot = Body::get().home_of(region).unwrap();
        for (days, pain) in [(90, 7), (80, 2), (70, 1), (40, 6), (5, 5)] {
            store
                .log_reading(
                    KnotChoice::LatestInRegion { region, spot },
                    &NewReading::pain(Score::new(pain).unwrap()),
                    now() - Duration::days(days),
                    SessionChoice::Auto,
                )
                .unwrap();
        }
    }
    store
}

/// What the summaries say equals what the whole history says.
fn assert_summaries_hold(store: &Store, case: &str) {
    let rules = Rules::default();
    let whole = Analysis::new(store.history().unwrap(), &rules, now());
    assert_eq!(
        store.knot_summaries(now()).unwrap(),
        whole.knots,
        "{case}: knots"
    );
    assert_eq!(
        store.knots_per_region().unwrap(),
        whole.heat,
        "{case}: the map"
    );
    assert_eq!(
        store.analysis(now()).unwrap().flagged,
        whole.flagged,
        "{case}: flagged regions"
    );
    assert_eq!(
        store.recurrences(None, usize::MAX).unwrap(),
        find_recurrences(&whole.history, &rules),
        "{case}: returns"
    );
    // Over a long period the trends add up the monthly tallies.
    let tallied = store.trends(None, now()).unwrap();
    for trend in &tallied.regions {
        let readings: Vec<_> = whole
            .history
            .readings
            .iter()
            .filter(|r| {
                whole
                    .history
                    .knots
                    .iter()
                    .any(|k| k.id == r.knot_id && k.region.slug() == trend.key)
            })
            .collect();
        let mean = readings
            .iter()
            .map(|r| f64::from(r.treatment.pain_before.map_or(0, Score::value)))
            .sum::<f64>()
            / readings.len() as f64;
        assert!(
            (trend.mean_pain - mean).abs() < 1e-9,
            "{case}: {} mean {} against {mean}",
            trend.key,
            trend.mean_pain
        );
    }
}

/// The writes another program may make, each one transaction.
const OUTSIDE_WRITES: [(&str, &str); 7] = [
    (
        "a reading inserted",
        "INSERT INTO readings (uuid, knot_id, session_id, taken_at, pain_before)
         VALUES ('outside-r1', 1, (SELECT max(id) FROM sessions), '2026-11-19T10:00:00Z', 9)",
    ),
    (
        "a reading's score updated",
        "UPDATE readings SET pain_before = 0 WHERE knot_id = 2 AND taken_at = (SELECT max(taken_at) FROM readings WHERE knot_id = 2)",
    ),
    (
        "a reading moved to another month",
        "UPDATE readings SET taken_at = '2026-10-01T10:00:00Z' WHERE id = (SELECT min(id) FROM readings WHERE knot_id = 1)",
    ),
    (
        "a reading deleted",
        "DELETE FROM readings WHERE id = (SELECT max(id) FROM readings WHERE knot_id = 1)",
    ),
    (
        "a new knot with its session and reading",
        "INSERT INTO knots (id, uuid, region, view, x, y, created_at)
             VALUES (50, 'outside-k', 'piriformis-left', 'back', 20, 20, '2026-11-18T10:00:00Z');
         INSERT INTO sessions (id, uuid, started_at) VALUES (500, 'outside-s', '2026-11-18T10:00:00Z');
         INSERT INTO readings (uuid, knot_id, session_id, taken_at, pain_before)
             VALUES ('outside-r2', 50, 500, '2026-11-18T10:00:00Z', 8)",
    ),
    (
        "a session deleted with its readings",
        "PRAGMA foreign_keys = ON; DELETE FROM sessions WHERE id = (SELECT min(id) FROM sessions)",
    ),
    (
        "a knot deleted with its readings",
        "PRAGMA foreign_keys = ON; DELETE FROM knots WHERE id = 2",
    ),
];

#[test]
fn writes_of_another_program_show_at_the_next_run() {
    let dir = TempDir::new().unwrap();
    drop(store_with_history(&dir));
    let path = dir.path().join("knotmap.db");
    for (case, sql) in OUTSIDE_WRITES {
        let other = Connection::open(&path).unwrap();
        other
            .execute_batch(&format!("BEGIN; {sql}; COMMIT;"))
            .unwrap();
        drop(other);
        let store = Store::open(&path, IfMissing::Refuse).unwrap();
        assert_summaries_hold(&store, case);
    }
}

#[test]
fn writes_of_another_program_show_in_a_store_held_open() {
    let dir = TempDir::new().unwrap();
    let store = store_with_history(&dir);
    assert_summaries_hold(&store, "before");
    let other = Connection::open(dir.path().join("knotmap.db")).unwrap();
    for (case, sql) in OUTSIDE_WRITES {
        other
            .execute_batch(&format!("BEGIN; {sql}; COMMIT;"))
            .unwrap();
        assert_summaries_hold(&store, case);
    }
}

#[test]
fn the_marks_are_cleared_once_the_summaries_are_worked_out() {
    let dir = TempDir::new().unwrap();
    let store = store_with_history(&dir);
    let other = Connection::open(dir.path().join("knotmap.db")).unwrap();
    let marks = || -> i64 {
        other
            .query_row(
                "SELECT (SELECT count(*) FROM stale_knots) + (SELECT count(*) FROM stale_months)
                      + (SELECT count(*) FROM moved_knots) + (SELECT count(*) FROM stale_regions)",
                [],
                |row| row.get(0),
            )
            .unwrap()
    };
    // knotmap's own writes leave no mark behind.
    assert_eq!(marks(), 0);
    other.execute_batch(OUTSIDE_WRITES[0].1).unwrap();
    assert!(marks() > 0, "an outside write is marked");
    store.knot_summaries(now()).unwrap();
    assert_eq!(marks(), 0);
}

/// A knot put on hold by a red flag, then seen to by a clearing written by
/// another program: knotmap's next read lifts the hold, and a clearing
/// removed there puts it back.
#[test]
fn a_clearing_written_by_another_program_lifts_the_hold() {
    let dir = TempDir::new().unwrap();
    let mut store = store_with_history(&dir);
    let region = Region::from_slug("soleus-left").unwrap();
    let spot = Body::get().home_of(region).unwrap();
    let logged = store
        .log_reading(
            KnotChoice::LatestInRegion { region, spot },
            &NewReading {
                symptoms: vec![knotmap::domain::Symptom::Swelling],
                ..NewReading::pain(Score::new(5).unwrap())
            },
            now() - Duration::days(2),
            SessionChoice::Auto,
        )
        .unwrap();
    let on_hold = |store: &Store| {
        store
            .knot_summary(logged.knot_id, now())
            .unwrap()
            .unwrap()
            .safety
            .is_on_hold()
    };
    assert!(on_hold(&store));
    let other = Connection::open(dir.path().join("knotmap.db")).unwrap();
    let cleared_at = (now() - Duration::days(1)).to_rfc3339();
    other
        .execute(
            "INSERT INTO clearings (uuid, knot_id, cleared_at) VALUES ('outside', ?1, ?2)",
            rusqlite::params![logged.knot_id, cleared_at],
        )
        .unwrap();
    assert!(!on_hold(&store), "the clearing is seen");
    assert_summaries_hold(&store, "a clearing from outside");
    other
        .execute("DELETE FROM clearings WHERE uuid = 'outside'", [])
        .unwrap();
    assert!(on_hold(&store), "the clearing taken back is seen too");
}

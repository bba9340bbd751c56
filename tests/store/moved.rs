//! Knots moved, or written anew, by another program (the sqlite3 shell,
//! a notebook), in every way SQL allows: knotmap's next read or write
//! works their returns out from where they are now, whatever else the
//! statement did to the marks the triggers leave.

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

/// A knot calms, and a second forms beside it while it is calm. Gives the
/// path, (calmed, beside).
fn calmed_and_beside(dir: &TempDir) -> (std::path::PathBuf, i64, i64) {
    let path = dir.path().join("knotmap.db");
    let mut store = Store::open(&path, IfMissing::Create).unwrap();
    let region = Region::from_slug("soleus-left").unwrap();
    let spot = Body::get().home_of(region).unwrap();
    let mut log = |knot, days, pain| {
        store
            .log_reading(
                knot,
                &NewReading::pain(Score::new(pain).unwrap()),
                now() - Duration::days(days),
                SessionChoice::Auto,
            )
            .unwrap()
            .knot_id
    };
    let calmed = log(KnotChoice::New { region, spot }, 90, 7);
    log(KnotChoice::Existing(calmed), 80, 1);
    log(KnotChoice::Existing(calmed), 70, 1);
    let beside = log(KnotChoice::New { region, spot }, 60, 6);
    assert_eq!(store.formed_beside().unwrap().get(&beside), Some(&calmed));
    (path, calmed, beside)
}

/// The returns and the regions flagged for them are what the whole
/// history says.
fn assert_returns_hold(store: &Store, case: &str) {
    let history = store.history().unwrap();
    let whole = find_recurrences(&history, &Rules::default());
    assert_eq!(
        store.recurrences(None, usize::MAX).unwrap(),
        whole,
        "{case}: returns"
    );
    let analysis = Analysis::new(history, &Rules::default(), now());
    assert_eq!(
        store.analysis(now()).unwrap().flagged,
        analysis.flagged,
        "{case}: flagged regions"
    );
}

/// A file of the version before moves were marked, moved in by another
/// program since knotmap last ran, is opened by this build.
#[test]
fn a_move_marked_before_the_upgrade_is_worked_out() {
    let dir = TempDir::new().unwrap();
    let (path, _calmed, beside) = calmed_and_beside(&dir);
    // Back to what a version 8 file is, then the outside move under it.
    let other = Connection::open(&path).unwrap();
    other
        .execute_batch(
            "DROP TRIGGER knotmap_knot_moved;
             DROP TRIGGER knotmap_knot_placed;
             DROP TABLE moved_knots;
             DROP TRIGGER knotmap_return_added;
             DROP TRIGGER knotmap_return_changed;
             DROP TRIGGER knotmap_return_removed;
             DROP TABLE stale_regions;
             PRAGMA user_version = 8;",
        )
        .unwrap();
    other
        .execute(
            "UPDATE knots SET x = (x + 500) % 1000 WHERE id = ?1",
            [beside],
        )
        .unwrap();
    drop(other);
    let store = Store::open(&path, IfMissing::Refuse).unwrap();
    assert_eq!(
        store.formed_beside().unwrap().get(&beside),
        None,
        "moved far off"
    );
    assert_returns_hold(&store, "moved before the upgrade");
}

/// A statement that rewrites the knot's row with `x` moved, foreign keys
/// as `{fk}` says, for the knot `{id}`.
const REWRITE: &str = "PRAGMA foreign_keys = {fk};
    REPLACE INTO knots (id, uuid, region, view, x, y, created_at, marked_resolved_at,
                        recurs_knot_id, note, cleared_at, stamp)
    SELECT id, uuid, region, view, (x + 500) % 1000, y, created_at, marked_resolved_at,
           recurs_knot_id, note, cleared_at, stamp
    FROM knots WHERE id = {id}";

/// The ways another program may move the knot `{id}` far off, each one
/// batch: what it is, and its SQL.
fn moves() -> Vec<(&'static str, String)> {
    vec![
        (
            "a plain UPDATE",
            "UPDATE knots SET x = (x + 500) % 1000 WHERE id = {id}".into(),
        ),
        // The statement's OR REPLACE overrides the triggers' own conflict
        // clauses.
        (
            "UPDATE OR REPLACE",
            "UPDATE OR REPLACE knots SET x = (x + 500) % 1000 WHERE id = {id}".into(),
        ),
        // After another write to the knot in the same transaction, which
        // marked it already.
        (
            "UPDATE OR IGNORE after a reading",
            "BEGIN;
             UPDATE readings SET note = 'outside' WHERE knot_id = {id};
             UPDATE OR IGNORE knots SET x = (x + 500) % 1000 WHERE id = {id};
             COMMIT;"
                .into(),
        ),
        // A later REPLACE INTO makes every trigger's INSERT OR IGNORE an
        // OR REPLACE.
        (
            "a plain UPDATE, then REPLACE INTO its readings",
            "UPDATE knots SET x = (x + 500) % 1000 WHERE id = {id};
             REPLACE INTO readings SELECT * FROM readings WHERE knot_id = {id};"
                .into(),
        ),
        // As a notebook's `to_sql` may: no UPDATE of the knot at all.
        (
            "REPLACE INTO, foreign keys on",
            REWRITE.replace("{fk}", "ON"),
        ),
        // As the sqlite3 shell does: the knot keeps its readings, and
        // only its INSERT fires a trigger.
        (
            "REPLACE INTO, foreign keys off",
            REWRITE.replace("{fk}", "OFF"),
        ),
        (
            "DELETE, then INSERT elsewhere",
            "BEGIN;
             CREATE TEMP TABLE k AS SELECT * FROM knots WHERE id = {id};
             UPDATE k SET x = (x + 500) % 1000;
             DELETE FROM knots WHERE id = {id};
             INSERT INTO knots SELECT * FROM k;
             COMMIT;"
                .into(),
        ),
    ]
}

#[test]
fn a_knot_moved_by_another_program_in_any_way_has_its_returns_worked_out_again() {
    for (what, sql) in moves() {
        let dir = TempDir::new().unwrap();
        let (path, _calmed, beside) = calmed_and_beside(&dir);
        let store = Store::open(&path, IfMissing::Refuse).unwrap();
        Connection::open(&path)
            .unwrap()
            .execute_batch(&sql.replace("{id}", &beside.to_string()))
            .unwrap();
        assert_eq!(
            store.formed_beside().unwrap().get(&beside),
            None,
            "{what}: moved far off"
        );
        assert_returns_hold(&store, what);
    }
}

/// Readings written by another program with fractions of a second, all
/// in one second: calm (.2), flared (.3), calm again (.5). Stored to the
/// second, both calm spells would start at "10:00:00Z".
#[test]
fn sessions_within_one_second_written_by_another_program() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("knotmap.db");
    let mut store = Store::open(&path, IfMissing::Create).unwrap();
    let region = Region::from_slug("soleus-left").unwrap();
    let spot = Body::get().home_of(region).unwrap();
    store
        .log_reading(
            KnotChoice::New { region, spot },
            &NewReading::pain(Score::new(5).unwrap()),
            now() - Duration::days(3),
            SessionChoice::Auto,
        )
        .unwrap();
    let other = Connection::open(&path).unwrap();
    other
        .execute_batch(
            "BEGIN;
             INSERT INTO knots (id, uuid, region, view, x, y, created_at)
                 VALUES (70, 'frac-k', 'biceps-left', 'front', 300, 300, '2026-11-19T10:00:00Z');
             INSERT INTO sessions (id, uuid, started_at) VALUES
                 (701, 'frac-s1', '2026-11-19T10:00:00.1Z'), (702, 'frac-s2', '2026-11-19T10:00:00.2Z'),
                 (703, 'frac-s3', '2026-11-19T10:00:00.3Z'), (704, 'frac-s4', '2026-11-19T10:00:00.4Z'),
                 (705, 'frac-s5', '2026-11-19T10:00:00.5Z');
             INSERT INTO readings (uuid, knot_id, session_id, taken_at, pain_before) VALUES
                 ('frac-r1', 70, 701, '2026-11-19T10:00:00.1Z', 1),
                 ('frac-r2', 70, 702, '2026-11-19T10:00:00.2Z', 1),
                 ('frac-r3', 70, 703, '2026-11-19T10:00:00.3Z', 6),
                 ('frac-r4', 70, 704, '2026-11-19T10:00:00.4Z', 1),
                 ('frac-r5', 70, 705, '2026-11-19T10:00:00.5Z', 1);
             COMMIT;",
        )
        .unwrap();
    store
        .log_reading(
            KnotChoice::LatestInRegion { region, spot },
            &NewReading::pain(Score::new(4).unwrap()),
            now() - Duration::days(1),
            SessionChoice::Auto,
        )
        .expect("a log after the outside write");
    assert_returns_hold(&store, "fractions of a second");
}

/// With foreign keys on, another program deletes the calmed knot and
/// puts its row back at once (same id): the cascade takes the return of
/// the knot beside it, and the region's count with it.
#[test]
fn a_calmed_knot_deleted_and_put_back_with_foreign_keys_on() {
    let dir = TempDir::new().unwrap();
    let (path, calmed, _beside) = calmed_and_beside(&dir);
    let store = Store::open(&path, IfMissing::Refuse).unwrap();
    Connection::open(&path)
        .unwrap()
        .execute_batch(&format!(
            "PRAGMA foreign_keys = ON;
             BEGIN;
             CREATE TEMP TABLE k AS SELECT * FROM knots WHERE id = {calmed};
             DELETE FROM knots WHERE id = {calmed};
             INSERT INTO knots SELECT * FROM k;
             COMMIT;"
        ))
        .unwrap();
    assert_returns_hold(&store, "put back");
}

/// The next write after the move is a log to the moved knot that leaves
/// its calm spells as they were.
#[test]
fn a_knot_moved_then_logged_to_without_calming() {
    let dir = TempDir::new().unwrap();
    let (path, _calmed, beside) = calmed_and_beside(&dir);
    let mut store = Store::open(&path, IfMissing::Refuse).unwrap();
    Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE knots SET x = (x + 500) % 1000 WHERE id = ?1",
            [beside],
        )
        .unwrap();
    store
        .log_reading(
            KnotChoice::Existing(beside),
            &NewReading::pain(Score::new(6).unwrap()),
            now() - Duration::days(5),
            SessionChoice::Auto,
        )
        .unwrap();
    assert_eq!(
        store.formed_beside().unwrap().get(&beside),
        None,
        "moved far off"
    );
    assert_returns_hold(&store, "moved, then logged to");
}

/// With foreign keys on, another program deletes a knot and puts it back
/// on another muscle: the returns the cascade took are no longer counted
/// in the region it left.
#[test]
fn a_knot_deleted_and_put_back_on_another_muscle_with_foreign_keys_on() {
    for which in ["beside", "calmed"] {
        let dir = TempDir::new().unwrap();
        let (path, calmed, beside) = calmed_and_beside(&dir);
        let id = if which == "calmed" { calmed } else { beside };
        let store = Store::open(&path, IfMissing::Refuse).unwrap();
        assert_eq!(
            store.analysis(now()).unwrap().flagged.len(),
            1,
            "{which}: before"
        );
        Connection::open(&path)
            .unwrap()
            .execute_batch(&format!(
                "PRAGMA foreign_keys = ON;
                 BEGIN;
                 CREATE TEMP TABLE k AS SELECT * FROM knots WHERE id = {id};
                 UPDATE k SET region = 'biceps-left', view = 'front';
                 DELETE FROM knots WHERE id = {id};
                 INSERT INTO knots SELECT * FROM k;
                 COMMIT;"
            ))
            .unwrap();
        assert_returns_hold(&store, which);
    }
}

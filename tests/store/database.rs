//! The database file: what is written, how it is opened, and what is
//! refused without being touched.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use knotmap::body::{Body, Region, Spot, View};
use knotmap::domain::pain::{Ppt, Score};
use knotmap::domain::recurrence::RecurrenceKind;
use knotmap::domain::stamp::{Kind, Stamp};
use knotmap::domain::{NewReading, Symptom};
use knotmap::store::{IfMissing, KnotChoice, SCHEMA_VERSION, SessionChoice, Store, StoreError};
use tempfile::TempDir;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn db(dir: &TempDir) -> PathBuf {
    dir.path().join("knotmap.db")
}

fn new_knot(slug: &str) -> KnotChoice {
    let region = Region::from_slug(slug).unwrap();
    KnotChoice::New {
        region,
        spot: Body::get().home_of(region).unwrap(),
    }
}

fn pain(value: u8) -> NewReading {
    NewReading::pain(Score::new(value).unwrap())
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_new_file_gets_the_schema_and_safe_settings() {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&db(&dir), IfMissing::Create).unwrap();
    assert_eq!(store.pragma_i64("user_version").unwrap(), SCHEMA_VERSION);
    assert_eq!(store.pragma_i64("foreign_keys").unwrap(), 1);
    assert_eq!(store.pragma_text("journal_mode").unwrap(), "wal");
    assert_eq!(store.pragma_i64("synchronous").unwrap(), 2, "FULL");
    assert!(store.pragma_i64("busy_timeout").unwrap() >= 1000);
    assert_eq!(store.counts().unwrap(), (0, 0, 0));
}

#[test]
fn an_empty_file_is_migrated_like_a_new_one() {
    let dir = TempDir::new().unwrap();
    fs::write(db(&dir), b"").unwrap();
    let store = Store::open(&db(&dir), IfMissing::Refuse).unwrap();
    assert_eq!(store.pragma_i64("user_version").unwrap(), SCHEMA_VERSION);
}

#[test]
fn the_file_and_its_journal_are_private() {
    let dir = TempDir::new().unwrap();
    let path = db(&dir);
    let mut store = Store::open(&path, IfMissing::Create).unwrap();
    store
        .log_reading(
            new_knot("soleus-left"),
            &pain(5),
            Utc::now(),
            SessionChoice::Auto,
        )
        .unwrap();
    assert_eq!(mode(&path), 0o600);
    for suffix in ["-wal", "-shm"] {
        let journal = PathBuf::from(format!("{}{suffix}", path.display()));
        assert!(journal.exists(), "{suffix} exists while the store is open");
        assert_eq!(mode(&journal), 0o600, "{suffix}");
    }
}

#[test]
fn a_missing_file_is_created_only_when_asked() {
    let dir = TempDir::new().unwrap();
    let error = Store::open(&db(&dir), IfMissing::Refuse).unwrap_err();
    assert!(matches!(error, StoreError::Missing(_)), "{error}");
    assert!(!db(&dir).exists());
    let nested = dir.path().join("data/knotmap/knotmap.db");
    Store::open(&nested, IfMissing::Create).unwrap();
    assert_eq!(mode(nested.parent().unwrap()), 0o700);
}

#[test]
fn every_field_of_a_reading_round_trips() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&db(&dir), IfMissing::Create).unwrap();
    let reading = NewReading {
        pain_before: Score::new(8),
        pain_after: Score::new(4),
        technique: Some("pin and stretch".into()),
        tool: Some("lacrosse ball".into()),
        minutes: Some(6),
        pressure: Score::new(5),
        symptoms: vec![Symptom::Numbness, Symptom::Tingling],
        note: Some("after a long drive 🚗, «stiff»".into()),
        ppt: Ppt::from_kg_cm2(3.25),
    };
    let when = at("2026-02-01T18:00:00Z");
    let logged = store
        .log_reading(
            new_knot("piriformis-right"),
            &reading,
            when,
            SessionChoice::Auto,
        )
        .unwrap();
    assert!(logged.new_knot);
    assert_eq!(logged.session_number, 1);
    drop(store);

    let store = Store::open(&db(&dir), IfMissing::Refuse).unwrap();
    let readings = store.readings_of(logged.knot_id).unwrap();
    assert_eq!(readings.len(), 1);
    assert_eq!(readings[0].treatment, reading);
    assert_eq!(readings[0].taken_at, when);
    let knot = store.find_knot(&logged.knot_id.to_string()).unwrap();
    assert_eq!(knot.region.slug(), "piriformis-right");
    // Nine characters take the first dash along: eight alone may all be
    // digits, and digits alone are a knot's number.
    assert_eq!(
        store.find_knot(&knot.uuid[..9]).unwrap(),
        knot,
        "by UUID prefix"
    );
}

#[test]
fn readings_within_the_hour_share_a_session_and_later_ones_start_another() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&db(&dir), IfMissing::Create).unwrap();
    let start = at("2026-02-01T18:00:00Z");
    let first = store
        .log_reading(
            new_knot("rhomboids-left"),
            &pain(7),
            start,
            SessionChoice::Auto,
        )
        .unwrap();
    let knot = KnotChoice::Existing(first.knot_id);
    let other = store
        .log_reading(
            new_knot("rhomboids-right"),
            &pain(6),
            start + Duration::minutes(20),
            SessionChoice::Auto,
        )
        .unwrap();
    assert_eq!(other.session_id, first.session_id, "same sitting");
    let next_day = store
        .log_reading(
            knot,
            &pain(5),
            start + Duration::days(1),
            SessionChoice::Auto,
        )
        .unwrap();
    assert_ne!(next_day.session_id, first.session_id);
    assert_eq!(next_day.session_number, 2);
    let again = store
        .log_reading(
            knot,
            &pain(4),
            start + Duration::days(1) + Duration::minutes(5),
            SessionChoice::Auto,
        )
        .unwrap();
    assert_eq!(again.session_number, 2, "a second reading in one sitting");
    let summary = store
        .knot_summaries(Utc::now())
        .unwrap()
        .into_iter()
        .find(|s| s.knot.id == first.knot_id)
        .unwrap();
    assert_eq!(summary.sessions, 2);
    assert_eq!(summary.first_pain.value(), 7);
    assert_eq!(
        summary.latest_pain.value(),
        5,
        "a sitting counts with its first score, before treatment"
    );
}

#[test]
fn a_reading_for_an_unknown_knot_writes_nothing() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&db(&dir), IfMissing::Create).unwrap();
    let error = store
        .log_reading(
            KnotChoice::Existing(42),
            &pain(5),
            Utc::now(),
            SessionChoice::Auto,
        )
        .unwrap_err();
    assert!(matches!(error, StoreError::UnknownKnot(_)), "{error}");
    assert_eq!(store.counts().unwrap(), (0, 0, 0), "not even the session");
}

/// Opens a file that must be refused, and checks that it was not changed.
fn refused(path: &Path) -> StoreError {
    let before = fs::read(path).unwrap();
    let error = Store::open(path, IfMissing::Create).unwrap_err();
    assert_eq!(
        fs::read(path).unwrap(),
        before,
        "{} was changed",
        path.display()
    );
    error
}

#[test]
fn a_database_from_a_newer_knotmap_is_refused_untouched() {
    let dir = TempDir::new().unwrap();
    drop(Store::open(&db(&dir), IfMissing::Create).unwrap());
    let conn = rusqlite::Connection::open(db(&dir)).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let error = refused(&db(&dir));
    assert!(
        matches!(error, StoreError::TooNew { found: 99, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("newer knotmap"));
}

#[test]
fn another_programs_database_is_refused_untouched() {
    let dir = TempDir::new().unwrap();
    let conn = rusqlite::Connection::open(db(&dir)).unwrap();
    conn.execute_batch("CREATE TABLE bookmarks (url TEXT)")
        .unwrap();
    drop(conn);
    let error = refused(&db(&dir));
    assert!(matches!(error, StoreError::Foreign(_)), "{error}");
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let dir = TempDir::new().unwrap();
    fs::write(db(&dir), "name,pain\ntrap,7\n").unwrap();
    let error = refused(&db(&dir));
    assert!(matches!(error, StoreError::NotSqlite(_)), "{error}");
}

#[test]
fn a_truncated_database_is_reported_as_damaged() {
    let dir = TempDir::new().unwrap();
    let path = db(&dir);
    let mut store = Store::open(&path, IfMissing::Create).unwrap();
    for day in 0..50 {
        store
            .log_reading(
                new_knot("hamstrings-left"),
                &pain(5),
                at("2026-01-01T10:00:00Z") + Duration::days(day),
                SessionChoice::Auto,
            )
            .unwrap();
    }
    drop(store);
    let bytes = fs::read(&path).unwrap();
    fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let outcome =
        Store::open(&path, IfMissing::Refuse).and_then(|store| store.knot_summaries(Utc::now()));
    let error = outcome.unwrap_err();
    assert!(matches!(error, StoreError::Damaged(_)), "{error}");
}

#[test]
fn a_reading_can_be_edited_deleted_and_put_back() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&db(&dir), IfMissing::Create).unwrap();
    let logged = store
        .log_reading(
            new_knot("triceps-right"),
            &pain(6),
            at("2026-02-01T18:00:00Z"),
            SessionChoice::Auto,
        )
        .unwrap();
    let edited = NewReading {
        pain_after: Score::new(3),
        ..pain(5)
    };
    store.update_reading(logged.reading_id, &edited).unwrap();
    let readings = store.readings_of(logged.knot_id).unwrap();
    assert_eq!(readings[0].treatment, edited);

    let deleted = store.delete_reading(logged.reading_id).unwrap();
    assert_eq!(deleted, readings[0]);
    assert!(store.readings_of(logged.knot_id).unwrap().is_empty());
    store.restore_reading(&deleted).unwrap();
    assert_eq!(
        store.readings_of(logged.knot_id).unwrap(),
        readings,
        "same id, same UUID"
    );

    let missing = store.update_reading(999, &edited).unwrap_err();
    assert!(
        matches!(missing, StoreError::UnknownReading(999)),
        "{missing}"
    );
}

/// The schema steps, as each earlier release left its files.
const STEPS: [&str; 9] = [
    include_str!("../../migrations/01-initial/up.sql"),
    include_str!("../../migrations/02-pressure-threshold/up.sql"),
    include_str!("../../migrations/03-summaries/up.sql"),
    include_str!("../../migrations/04-recurrences/up.sql"),
    include_str!("../../migrations/05-seen-to/up.sql"),
    include_str!("../../migrations/06-stale-marks/up.sql"),
    include_str!("../../migrations/07-places/up.sql"),
    include_str!("../../migrations/08-change-stamps/up.sql"),
    include_str!("../../migrations/09-quiet-returns/up.sql"),
];

#[test]
fn a_database_of_every_earlier_version_is_migrated_with_its_readings() {
    for version in 1..SCHEMA_VERSION {
        let dir = TempDir::new().unwrap();
        let path = db(&dir);
        // A file first written by the first release, then upgraded by
        // each release up to that version, as its owner would have.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(STEPS[0]).unwrap();
        // Calm twice (2/10, 1/10), then back at 6/10: one flare.
        conn.execute_batch(
            "INSERT INTO knots (id, uuid, region, view, x, y, created_at)
                 VALUES (1, 'k1', 'soleus-left', 'back', 10, 17, '2026-01-01T18:00:00Z');
             INSERT INTO sessions (id, uuid, started_at) VALUES
                 (1, 's1', '2026-01-01T18:00:00Z'), (2, 's2', '2026-01-03T18:00:00Z'),
                 (3, 's3', '2026-01-05T18:00:00Z'), (4, 's4', '2026-01-25T18:00:00Z');
             INSERT INTO readings (id, uuid, knot_id, session_id, taken_at, pain_before) VALUES
                 (1, 'r1', 1, 1, '2026-01-01T18:00:00Z', 7),
                 (2, 'r2', 1, 2, '2026-01-03T18:00:00Z', 2),
                 (3, 'r3', 1, 3, '2026-01-05T18:00:00Z', 1),
                 (4, 'r4', 1, 4, '2026-01-25T18:00:00Z', 6);",
        )
        .unwrap();
        for step in &STEPS[1..version as usize] {
            conn.execute_batch(step).unwrap();
        }
        conn.pragma_update(None, "user_version", version).unwrap();
        drop(conn);
        let store = Store::open(&path, IfMissing::Refuse).unwrap();
        assert_eq!(store.pragma_i64("user_version").unwrap(), SCHEMA_VERSION);
        let readings = store.readings_of(1).unwrap();
        assert_eq!(readings.len(), 4, "from version {version}");
        assert_eq!(readings[0].treatment.pain_before.map(Score::value), Some(7));
        assert_eq!(readings[0].treatment.ppt, None);
        let knot = store.find_knot("1").unwrap();
        assert_eq!(
            (knot.uuid.as_str(), knot.region.slug().as_str()),
            ("k1", "soleus-left")
        );
        // Its cell of the one drawing there was is now a place on every
        // size: the middle of that cell.
        assert_eq!(knot.spot, Spot::from_legacy_cell(View::Back, 10, 17));
        // Records from before change stamps are stamped from their times.
        let stamps = store.stamps(Kind::Reading).unwrap();
        assert_eq!(
            stamps["r2"],
            Stamp::from_time("2026-01-03T18:00:00Z".parse().unwrap()),
            "from version {version}"
        );
        assert_eq!(
            store.stamps(Kind::Knot).unwrap()["k1"],
            Stamp::from_time("2026-01-01T18:00:00Z".parse().unwrap())
        );
        // The summaries kept since version 3 cover the older readings too.
        let summaries = store.knot_summaries(Utc::now()).unwrap();
        assert_eq!(summaries.len(), 1, "from version {version}");
        assert_eq!(summaries[0].first_pain.value(), 7);
        let trends = store.trends(None, Utc::now()).unwrap();
        assert_eq!(
            trends.regions[0].key, "soleus-left",
            "from version {version}"
        );
        assert!((trends.regions[0].mean_pain - 4.0).abs() < 1e-9);
        assert_eq!(trends.regions[0].recurrences, 1, "from version {version}");
        // The returns kept since version 4 cover the older readings too.
        let back = store.recurrences(None, 10).unwrap();
        assert_eq!(back.len(), 1, "from version {version}");
        assert_eq!(
            (back[0].kind, back[0].interval_days),
            (RecurrenceKind::Flare, 20)
        );
        assert_eq!(store.analysis(Utc::now()).unwrap().flagged[0].count, 1);

        // The file as it was is kept beside it, for the owner only.
        let backup = PathBuf::from(format!(
            "{}.before-v{SCHEMA_VERSION}-from-v{version}",
            path.display()
        ));
        assert_eq!(mode(&backup), 0o600);
        let copy = rusqlite::Connection::open(&backup).unwrap();
        let kept: i64 = copy
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        let count: i64 = copy
            .query_row("SELECT count(*) FROM readings", [], |row| row.get(0))
            .unwrap();
        assert_eq!((kept, count), (version, 4));
    }
}

#[test]
fn every_stored_cell_becomes_the_place_the_code_gives_it() {
    let dir = TempDir::new().unwrap();
    let path = db(&dir);
    let conn = rusqlite::Connection::open(&path).unwrap();
    for step in &STEPS[..6] {
        conn.execute_batch(step).unwrap();
    }
    // Every cell of the drawing of version 6, and some beyond it that
    // another program could have written.
    let cells: Vec<(u16, u16)> = (0..40).flat_map(|x| (0..23).map(move |y| (x, y))).collect();
    for (id, &(x, y)) in cells.iter().enumerate() {
        conn.execute(
            "INSERT INTO knots (id, uuid, region, view, x, y, created_at)
             VALUES (?1, ?2, 'soleus-left', 'back', ?3, ?4, '2026-01-01T18:00:00Z')",
            rusqlite::params![id as i64 + 1, format!("k{id}"), x, y],
        )
        .unwrap();
    }
    conn.pragma_update(None, "user_version", 6).unwrap();
    drop(conn);
    let store = Store::open(&path, IfMissing::Refuse).unwrap();
    for (id, &(x, y)) in cells.iter().enumerate() {
        let knot = store.find_knot(&(id + 1).to_string()).unwrap();
        assert_eq!(
            knot.spot,
            Spot::from_legacy_cell(View::Back, x, y),
            "cell ({x}, {y})"
        );
    }
}

#[test]
fn the_fixtures_cover_every_schema_step() {
    assert_eq!(STEPS.len() as i64, SCHEMA_VERSION);
}

#[test]
fn a_backup_that_is_empty_or_damaged_is_made_again_before_the_upgrade() {
    let version = SCHEMA_VERSION - 1;
    for (case, existing) in [
        ("empty", Vec::new()),
        ("half of an SQLite file", b"SQLite format 3\0".repeat(64)),
    ] {
        let dir = TempDir::new().unwrap();
        let path = db(&dir);
        let conn = rusqlite::Connection::open(&path).unwrap();
        for step in &STEPS[..version as usize] {
            conn.execute_batch(step).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO knots (id, uuid, region, view, x, y, created_at)
                 VALUES (1, 'k1', 'soleus-left', 'back', 10, 17, '2026-01-01T18:00:00Z');
             INSERT INTO sessions (id, uuid, started_at) VALUES (1, 's1', '2026-01-01T18:00:00Z');
             INSERT INTO readings (id, uuid, knot_id, session_id, taken_at, pain_before)
                 VALUES (1, 'r1', 1, 1, '2026-01-01T18:00:00Z', 7);",
        )
        .unwrap();
        conn.pragma_update(None, "user_version", version).unwrap();
        drop(conn);
        let backup = PathBuf::from(format!(
            "{}.before-v{SCHEMA_VERSION}-from-v{version}",
            path.display()
        ));
        fs::write(&backup, &existing).unwrap();
        // A temporary copy of a run killed while writing it.
        let temp = PathBuf::from(format!("{}.knotmap-tmp", backup.display()));
        fs::write(&temp, "half").unwrap();
        Store::open(&path, IfMissing::Refuse).unwrap();
        let copy = rusqlite::Connection::open(&backup).unwrap();
        let kept: i64 = copy
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        let count: i64 = copy
            .query_row("SELECT count(*) FROM readings", [], |row| row.get(0))
            .unwrap();
        assert_eq!((kept, count), (version, 1), "{case}");
        assert_eq!(mode(&backup), 0o600, "{case}");
        assert!(!temp.exists(), "{case}: the temporary copy is left");
    }
}

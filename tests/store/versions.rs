//! Change stamps and tombstones: every write of the store stamps what it
//! changes, later than anything before, and a deletion leaves a tombstone.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use knotmap::body::{Region, Spot, View};
use knotmap::clock::{Clock, Zone};
use knotmap::domain::NewReading;
use knotmap::domain::pain::Score;
use knotmap::domain::stamp::{Kind, Stamp};
use knotmap::store::{IfMissing, KnotChoice, SessionChoice, Store};
use tempfile::TempDir;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn pain(value: u8) -> NewReading {
    NewReading::pain(Score::new(value).unwrap())
}

fn new_knot() -> KnotChoice {
    KnotChoice::New {
        region: Region::from_slug("soleus-left").unwrap(),
        spot: Spot {
            view: View::Back,
            x: 10,
            y: 17,
        },
    }
}

fn store_at(dir: &TempDir, name: &str, clock: &str) -> Store {
    let mut store = Store::open(&dir.path().join(name), IfMissing::Create).unwrap();
    store.set_clock(Clock::fixed(at(clock), Zone::Local));
    store
}

fn one(stamps: HashMap<String, Stamp>) -> Stamp {
    assert_eq!(stamps.len(), 1);
    stamps.into_values().next().unwrap()
}

#[test]
fn every_change_is_stamped_later_than_the_one_before() {
    let dir = TempDir::new().unwrap();
    // The wall clock stands still: the stamps still move on.
    let mut store = store_at(&dir, "a.db", "2026-03-01T10:00:00Z");
    let logged = store
        .log_reading(
            new_knot(),
            &pain(7),
            at("2026-03-01T09:00:00Z"),
            SessionChoice::Auto,
        )
        .unwrap();
    let knot = one(store.stamps(Kind::Knot).unwrap());
    let session = one(store.stamps(Kind::Session).unwrap());
    let first = one(store.stamps(Kind::Reading).unwrap());
    let device = store.device().unwrap().unwrap();
    for stamp in [&knot, &session, &first] {
        assert_eq!(stamp.device(), &device);
    }
    store.update_reading(logged.reading_id, &pain(5)).unwrap();
    let edited = one(store.stamps(Kind::Reading).unwrap());
    assert!(edited > first);

    store
        .mark_resolved(logged.knot_id, Some(at("2026-03-01T10:00:00Z")))
        .unwrap();
    let marked = one(store.stamps(Kind::Knot).unwrap());
    assert!(marked > knot && marked > edited);

    let reading = store.delete_reading(logged.reading_id).unwrap();
    assert!(store.stamps(Kind::Reading).unwrap().is_empty());
    let tombstones = store.tombstones().unwrap();
    assert_eq!(tombstones.len(), 1);
    assert_eq!(
        (tombstones[0].uuid.as_str(), tombstones[0].kind),
        (reading.uuid.as_str(), Kind::Reading)
    );
    assert!(tombstones[0].stamp > marked);

    // Put back (the app's undo): a version later than its deletion.
    store.restore_reading(&reading).unwrap();
    assert!(store.tombstones().unwrap().is_empty());
    assert!(one(store.stamps(Kind::Reading).unwrap()) > tombstones[0].stamp);
}

#[test]
fn seeing_to_a_knot_and_taking_it_back_are_stamped() {
    let dir = TempDir::new().unwrap();
    let mut store = store_at(&dir, "a.db", "2026-03-01T10:00:00Z");
    let logged = store
        .log_reading(
            new_knot(),
            &pain(7),
            at("2026-03-01T09:00:00Z"),
            SessionChoice::Auto,
        )
        .unwrap();
    let clearing = store
        .clear_hold(logged.knot_id, at("2026-03-01T09:30:00Z"))
        .unwrap();
    let stamp = one(store.stamps(Kind::Clearing).unwrap());
    store.remove_clearing(&clearing).unwrap();
    let tombstones = store.tombstones().unwrap();
    assert_eq!(
        (tombstones[0].kind, tombstones[0].uuid.as_str()),
        (Kind::Clearing, clearing.uuid.as_str())
    );
    assert!(tombstones[0].stamp > stamp);
}

#[test]
fn a_copied_database_stamps_as_another_device() {
    let dir = TempDir::new().unwrap();
    let mut store = store_at(&dir, "a.db", "2026-03-01T10:00:00Z");
    store
        .log_reading(
            new_knot(),
            &pain(7),
            at("2026-03-01T09:00:00Z"),
            SessionChoice::Auto,
        )
        .unwrap();
    let device = store.device().unwrap().unwrap();
    drop(store);
    std::fs::copy(dir.path().join("a.db"), dir.path().join("b.db")).unwrap();

    let mut copy = store_at(&dir, "b.db", "2026-03-01T10:00:00Z");
    assert_eq!(
        copy.device().unwrap(),
        Some(device.clone()),
        "not yet written"
    );
    copy.log_reading(
        new_knot(),
        &pain(4),
        at("2026-03-01T09:30:00Z"),
        SessionChoice::New,
    )
    .unwrap();
    let copied = copy.device().unwrap().unwrap();
    assert_ne!(copied, device);
    // The original keeps its id.
    let mut original = store_at(&dir, "a.db", "2026-03-01T10:00:00Z");
    original
        .log_reading(
            new_knot(),
            &pain(3),
            at("2026-03-01T09:40:00Z"),
            SessionChoice::New,
        )
        .unwrap();
    assert_eq!(original.device().unwrap(), Some(device));
}

#[test]
fn a_clock_behind_still_stamps_after_what_it_wrote() {
    let dir = TempDir::new().unwrap();
    let mut store = store_at(&dir, "a.db", "2026-03-01T11:00:00Z");
    let logged = store
        .log_reading(
            new_knot(),
            &pain(7),
            at("2026-03-01T09:00:00Z"),
            SessionChoice::Auto,
        )
        .unwrap();
    let first = one(store.stamps(Kind::Reading).unwrap());
    // The clock is put back an hour.
    store.set_clock(Clock::fixed(
        at("2026-03-01T11:00:00Z") - Duration::hours(1),
        Zone::Local,
    ));
    store.update_reading(logged.reading_id, &pain(2)).unwrap();
    assert!(one(store.stamps(Kind::Reading).unwrap()) > first);
}

//! Two or three computers, one history: random logs, edits, deletes,
//! resolved marks, clearings and undos on each replica, exchanged through
//! exports (some taken twice) and a sync folder in random orders, with
//! clocks that disagree by an hour. Once every replica has synced twice,
//! all hold the same records, equal to keeping, for each record, its
//! version with the latest stamp among all ever made; and the same
//! summaries, equal to those of a database that imports the result fresh.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use chrono::{DateTime, Duration, Utc};
use knotmap::body::{Region, Spot, View};
use knotmap::clock::{Clock, Zone};
use knotmap::domain::knot::Reading;
use knotmap::domain::pain::Score;
use knotmap::domain::safety::Clearing;
use knotmap::domain::{NewReading, Symptom};
use knotmap::exchange;
use knotmap::progress::Progress;
use knotmap::store::{IfMissing, KnotChoice, Merged, SessionChoice, Staging, Store};
use knotmap::transfer;
use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

use crate::common;

const REGIONS: [&str; 3] = [
    "soleus-left",
    "upper-trapezius-right",
    "gluteus-medius-left",
];

/// The moment the test's history starts.
fn start() -> DateTime<Utc> {
    "2026-03-01T08:00:00Z".parse().unwrap()
}

#[derive(Debug, Clone)]
enum Op {
    Log {
        replica: usize,
        region: usize,
        pain: u8,
        numb: bool,
    },
    Edit {
        replica: usize,
        pick: usize,
        pain: u8,
    },
    Delete {
        replica: usize,
        pick: usize,
    },
    /// Marks a knot resolved, or takes the mark away.
    Resolve {
        replica: usize,
        pick: usize,
    },
    /// Says a knot was seen to.
    Clear {
        replica: usize,
        pick: usize,
    },
    Undo {
        replica: usize,
    },
    /// `from`'s export imported into `to`, once or twice.
    Export {
        from: usize,
        to: usize,
        twice: bool,
    },
    /// A sync of one replica through the shared folder.
    Sync {
        replica: usize,
    },
    /// Time passes: an hour, or a day and an hour.
    Wait {
        days: bool,
    },
}

fn op(replicas: usize) -> impl Strategy<Value = Op> {
    let r = 0..replicas;
    prop_oneof![
        4 => (r.clone(), 0..REGIONS.len(), 0..=10_u8, prop::bool::weighted(0.1))
            .prop_map(|(replica, region, pain, numb)| Op::Log { replica, region, pain, numb }),
        2 => (r.clone(), any::<usize>(), 0..=10_u8)
            .prop_map(|(replica, pick, pain)| Op::Edit { replica, pick, pain }),
        2 => (r.clone(), any::<usize>()).prop_map(|(replica, pick)| Op::Delete { replica, pick }),
        1 => (r.clone(), any::<usize>()).prop_map(|(replica, pick)| Op::Resolve { replica, pick }),
        1 => (r.clone(), any::<usize>()).prop_map(|(replica, pick)| Op::Clear { replica, pick }),
        2 => r.clone().prop_map(|replica| Op::Undo { replica }),
        2 => (r.clone(), r.clone(), any::<bool>())
            .prop_map(|(from, to, twice)| Op::Export { from, to, twice }),
        2 => r.prop_map(|replica| Op::Sync { replica }),
        2 => any::<bool>().prop_map(|days| Op::Wait { days }),
    ]
}

/// A change made on a replica, with what it takes to reverse it.
#[derive(Debug)]
enum Undo {
    Logged(i64),
    Edited(Box<Reading>),
    Deleted(Box<Reading>),
    Marked(i64, Option<DateTime<Utc>>),
    Cleared(Box<Clearing>),
}

struct Replica {
    store: Store,
    /// How far its clock is off.
    skew: Duration,
    undo: Vec<Undo>,
}

struct World {
    dir: TempDir,
    replicas: Vec<Replica>,
    /// The wall clock, moving a second per step.
    now: DateTime<Utc>,
    /// Every version of every record ever seen on any replica, by UUID
    /// and stamp: the record, or `None` for a deletion.
    seen: HashMap<String, BTreeMap<String, Option<Value>>>,
}

impl World {
    fn new(skews: &[i64]) -> World {
        let dir = TempDir::new().unwrap();
        std::fs::create_dir(dir.path().join("Sync")).unwrap();
        let replicas = skews
            .iter()
            .enumerate()
            .map(|(index, &minutes)| Replica {
                store: Store::open(&dir.path().join(format!("r{index}.db")), IfMissing::Create)
                    .unwrap(),
                skew: Duration::minutes(minutes),
                undo: Vec::new(),
            })
            .collect();
        World {
            dir,
            replicas,
            now: start(),
            seen: HashMap::new(),
        }
    }

    fn folder(&self) -> PathBuf {
        self.dir.path().join("Sync")
    }

    /// Replica `index`, its clock set to the wall clock plus its skew.
    fn at(&mut self, index: usize) -> &mut Replica {
        self.now += Duration::seconds(1);
        let replica = &mut self.replicas[index];
        let moment = self.now + replica.skew;
        replica.store.set_clock(Clock::fixed(moment, Zone::Local));
        replica
    }

    fn apply(&mut self, op: &Op) {
        let now = self.now;
        match *op {
            Op::Log {
                replica,
                region,
                pain,
                numb,
            } => {
                let replica = self.at(replica);
                let region = Region::from_slug(REGIONS[region]).unwrap();
                let mut reading = NewReading::pain(Score::new(pain).unwrap());
                if numb {
                    reading.symptoms = vec![Symptom::Numbness];
                }
                let spot = Spot {
                    view: View::Back,
                    x: 10,
                    y: 10,
                };
                let at = now + replica.skew;
                let logged = replica
                    .store
                    .log_reading(
                        KnotChoice::LatestInRegion { region, spot },
                        &reading,
                        at,
                        SessionChoice::Auto,
                    )
                    .unwrap();
                replica.undo.push(Undo::Logged(logged.reading_id));
            }
            Op::Edit {
                replica,
                pick,
                pain,
            } => {
                let replica = self.at(replica);
                if let Some(before) = pick_reading(&replica.store, pick) {
                    let mut after = before.treatment.clone();
                    after.pain_before = Some(Score::new(pain).unwrap());
                    replica.store.update_reading(before.id, &after).unwrap();
                    replica.undo.push(Undo::Edited(Box::new(before)));
                }
            }
            Op::Delete { replica, pick } => {
                let replica = self.at(replica);
                if let Some(reading) = pick_reading(&replica.store, pick) {
                    let deleted = replica.store.delete_reading(reading.id).unwrap();
                    replica.undo.push(Undo::Deleted(Box::new(deleted)));
                }
            }
            Op::Resolve { replica, pick } => {
                let replica = self.at(replica);
                let knots = replica.store.knots().unwrap();
                if !knots.is_empty() {
                    let knot = &knots[pick % knots.len()];
                    let was = knot.marked_resolved_at;
                    let when = was.is_none().then_some(now + replica.skew);
                    replica.store.mark_resolved(knot.id, when).unwrap();
                    replica.undo.push(Undo::Marked(knot.id, was));
                }
            }
            Op::Clear { replica, pick } => {
                let replica = self.at(replica);
                let knots = replica.store.knots().unwrap();
                if !knots.is_empty() {
                    let knot = &knots[pick % knots.len()];
                    let clearing = replica
                        .store
                        .clear_hold(knot.id, now + replica.skew)
                        .unwrap();
                    replica.undo.push(Undo::Cleared(Box::new(clearing)));
                }
            }
            Op::Undo { replica } => {
                let replica = self.at(replica);
                if let Some(change) = replica.undo.pop() {
                    // As in the app, an undo that no longer applies (the
                    // record went with a sync) fails and changes nothing.
                    let store = &mut replica.store;
                    let _ = match &change {
                        Undo::Logged(id) => store.delete_reading(*id).map(|_| ()),
                        Undo::Edited(before) => store.update_reading(before.id, &before.treatment),
                        Undo::Deleted(reading) => store.restore_reading(reading),
                        Undo::Marked(id, was) => store.mark_resolved(*id, *was),
                        Undo::Cleared(clearing) => store.remove_clearing(clearing),
                    };
                }
            }
            Op::Export { from, to, twice } => {
                let text = export(&self.at(from).store);
                let target = &mut self.at(to).store;
                import(target, &text);
                if twice {
                    let again = import(target, &text);
                    assert_eq!(
                        (again.knots, again.readings, again.changed, again.deleted),
                        (0, 0, 0, 0),
                        "a file taken twice changes nothing the second time"
                    );
                }
            }
            Op::Sync { replica } => {
                let folder = self.folder();
                let moment = self.now;
                knotmap::transfer::sync::sync(&mut self.at(replica).store, &folder, moment)
                    .unwrap();
            }
            Op::Wait { days } => {
                self.now += if days {
                    Duration::hours(25)
                } else {
                    Duration::hours(1)
                };
            }
        }
        self.remember();
    }

    /// Remembers every version each replica holds now.
    fn remember(&mut self) {
        for replica in &self.replicas {
            let document = canonical(&replica.store);
            for array in ["knots", "sessions", "readings", "clearings"] {
                for record in document[array].as_array().unwrap() {
                    let uuid = record["uuid"].as_str().unwrap().to_string();
                    let stamp = record["stamp"].as_str().unwrap().to_string();
                    self.seen
                        .entry(uuid)
                        .or_default()
                        .insert(stamp, Some(record.clone()));
                }
            }
            for tombstone in document["tombstones"].as_array().unwrap() {
                let uuid = tombstone["uuid"].as_str().unwrap().to_string();
                let stamp = tombstone["stamp"].as_str().unwrap().to_string();
                self.seen.entry(uuid).or_default().insert(stamp, None);
            }
        }
    }

    /// What every replica should hold: for each UUID, its latest version.
    fn latest(&self) -> (BTreeMap<String, Value>, Vec<String>) {
        let mut records = BTreeMap::new();
        let mut deleted = Vec::new();
        for (uuid, versions) in &self.seen {
            match versions.values().next_back() {
                Some(Some(record)) => {
                    records.insert(uuid.clone(), record.clone());
                }
                _ => deleted.push(uuid.clone()),
            }
        }
        deleted.sort();
        (records, deleted)
    }
}

fn pick_reading(store: &Store, pick: usize) -> Option<Reading> {
    let readings = store.history().unwrap().readings;
    (!readings.is_empty()).then(|| readings[pick % readings.len()].clone())
}

/// The export of `store`, as `knotmap export` writes it.
fn export(store: &Store) -> String {
    let mut out = Vec::new();
    transfer::export::write(store, start(), &mut out, &Progress::hidden()).unwrap();
    String::from_utf8(out).unwrap()
}

/// Merges an export into `store`, as `knotmap import` does.
fn import(store: &mut Store, text: &str) -> Merged {
    let mut staging = Staging::new().unwrap();
    exchange::read_from(text.as_bytes(), None, &mut staging).unwrap();
    staging.seal().unwrap();
    store.import(&staging, &Progress::hidden()).unwrap()
}

fn canonical(store: &Store) -> Value {
    serde_json::from_str(&export(store)).unwrap()
}

/// The records of a document by UUID, and its tombstones' UUIDs.
fn records_of(document: &Value) -> (BTreeMap<String, Value>, Vec<String>) {
    let mut records = BTreeMap::new();
    for array in ["knots", "sessions", "readings", "clearings"] {
        for record in document[array].as_array().unwrap() {
            records.insert(record["uuid"].as_str().unwrap().to_string(), record.clone());
        }
    }
    let mut deleted: Vec<String> = document["tombstones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["uuid"].as_str().unwrap().to_string())
        .collect();
    deleted.sort();
    (records, deleted)
}

/// What the screens and commands say, by knot UUID: the summaries, the
/// trends and the returns.
fn what_is_shown(store: &Store, now: DateTime<Utc>) -> String {
    let mut knots: Vec<String> = store
        .knot_summaries(now)
        .unwrap()
        .into_iter()
        .map(|s| {
            format!(
                "{} {:?} {:?} {} {} {} {} {} {:?} {:?}",
                s.knot.uuid,
                s.status,
                s.verdict(),
                s.sessions,
                s.first_pain,
                s.latest_pain,
                s.first_seen,
                s.last_seen,
                s.safety,
                s.knot.cleared_at,
            )
        })
        .collect();
    knots.sort();
    let trends = store.trends(None, now).unwrap();
    let long = store.trends(Some(now - Duration::days(400)), now).unwrap();
    format!(
        "{}\n{}\n{}\n{}",
        knots.join("\n"),
        serde_json::to_string(&trends.regions).unwrap(),
        serde_json::to_string(&trends.areas).unwrap(),
        serde_json::to_string(&long.regions).unwrap(),
    )
}

fn converge_and_check(mut world: World) -> Result<(), TestCaseError> {
    // Every replica syncs twice: the first round spreads everything to
    // the last, the second to all.
    for _ in 0..2 {
        for index in 0..world.replicas.len() {
            world.apply(&Op::Sync { replica: index });
        }
    }
    let (records, deleted) = world.latest();
    let documents: Vec<Value> = world
        .replicas
        .iter()
        .map(|replica| canonical(&replica.store))
        .collect();
    for (index, document) in documents.iter().enumerate() {
        prop_assert_eq!(
            document,
            &documents[0],
            "replica {} differs from replica 0",
            index
        );
        let (held, buried) = records_of(document);
        prop_assert_eq!(&held, &records, "replica {} and the latest versions", index);
        prop_assert_eq!(&buried, &deleted, "replica {}'s tombstones", index);
    }

    // The summaries kept up to date by every change agree with those of a
    // database that takes the result in one go.
    let now = world.now + Duration::hours(1);
    let fresh_path = world.dir.path().join("fresh.db");
    let mut fresh = Store::open(&fresh_path, IfMissing::Create).unwrap();
    import(&mut fresh, &export(&world.replicas[0].store));
    let expected = what_is_shown(&fresh, now);
    for (index, replica) in world.replicas.iter().enumerate() {
        prop_assert_eq!(
            what_is_shown(&replica.store, now),
            expected.clone(),
            "replica {}'s summaries",
            index
        );
    }
    Ok(())
}

/// Clock skews, in minutes: the same, or an hour apart either way.
fn skews() -> impl Strategy<Value = Vec<i64>> {
    prop_oneof![
        vec(Just(0_i64), 2..=3),
        vec(prop_oneof![Just(-60_i64), Just(0), Just(60)], 2..=3)
    ]
}

proptest! {
    #![proptest_config(common::proptest_config(32))]

    #[test]
    fn replicas_that_sync_in_any_order_end_with_the_latest_version_of_everything(
        (skews, ops) in skews().prop_flat_map(|skews| {
            let replicas = skews.len();
            (Just(skews), vec(op(replicas), 1..40))
        })
    ) {
        let mut world = World::new(&skews);
        for op in &ops {
            world.apply(op);
        }
        converge_and_check(world)?;
    }
}

/// Two computers whose clocks are an hour apart: the one behind, once it
/// has synced, still makes changes that win over the one ahead.
#[test]
fn clocks_an_hour_apart_converge_and_a_later_edit_wins() {
    let mut world = World::new(&[60, 0]);
    world.apply(&Op::Log {
        replica: 0,
        region: 0,
        pain: 7,
        numb: false,
    });
    world.apply(&Op::Sync { replica: 0 });
    world.apply(&Op::Sync { replica: 1 });
    // The computer behind edits after taking in the one ahead: its wall
    // clock says earlier, its stamp says later.
    world.apply(&Op::Edit {
        replica: 1,
        pick: 0,
        pain: 3,
    });
    world.apply(&Op::Sync { replica: 1 });
    world.apply(&Op::Sync { replica: 0 });
    for replica in &world.replicas {
        let readings = replica.store.history().unwrap().readings;
        assert_eq!(readings.len(), 1);
        assert_eq!(readings[0].treatment.pain_before.map(u8::from), Some(3));
    }
    converge_and_check(world).unwrap();
}

//! Sample histories, for the demo and for trying knotmap on years of data.
//!
//! The newest month is always the same dozen hand-written stories: what
//! `knotmap --demo` shows. Before it comes as much synthetic history as
//! asked for: knots that calm, stall, get worse, calm and flare again, and
//! new knots that form beside calmed ones, treated over the years.
//!
//! Pure: no SQL and no clock. A [`Sample`] yields knots, sessions and
//! readings in time order, ending at the `now` it is given, and the store
//! writes them. The same size and seed give the same history.

mod courses;
mod history;
mod places;
mod rng;
mod stories;

use std::collections::VecDeque;

use chrono::{DateTime, Duration, Utc};
use thiserror::Error;
use uuid::Uuid;

use crate::body::{Region, Spot};
use crate::domain::NewReading;
use crate::store::{BulkKnot, BulkReading, BulkRecord, BulkSession};

use history::Synthetic;
use rng::Rng;

/// The seed of the sample history unless another one is asked for.
pub const DEFAULT_SEED: u64 = 1;

/// How many readings the newest month (the demo) holds: the smallest
/// sample there is.
pub fn story_readings() -> usize {
    stories::reading_count()
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum SampleError {
    #[error("the sample story's region \"{0}\" is not on the body map")]
    NotOnMap(String),
}

/// A sample history, yielded record by record in time order.
pub struct Sample {
    synthetic: Synthetic,
    /// The stories still to come, once the synthetic history is out.
    stories: Option<stories::Stories>,
    now: DateTime<Utc>,
    session_span: Duration,
    counter: Counter,
    buffer: VecDeque<BulkRecord>,
}

impl Sample {
    /// About `readings` readings ending at `now` (never fewer than the
    /// newest month holds), grouped into sittings no longer than
    /// `session_span`, the rule that joins readings into a session.
    pub fn new(
        readings: usize,
        seed: u64,
        now: DateTime<Utc>,
        session_span: Duration,
    ) -> Result<Sample, SampleError> {
        let stories = stories::Stories::new(now)?;
        let wanted = readings.saturating_sub(stories::reading_count());
        let synthetic = Synthetic::plan(readings, wanted, seed, now, session_span);
        Ok(Sample {
            synthetic,
            stories: Some(stories),
            now,
            session_span,
            counter: Counter {
                knots: 0,
                sessions: 0,
                // UUIDs name one record for good: two samples that differ
                // in size or in time must not share any.
                uuids: Rng::new(
                    Rng::new(seed).next_u64()
                        ^ Rng::new(readings as u64).next_u64().rotate_left(21)
                        ^ Rng::new(now.timestamp_micros() as u64)
                            .next_u64()
                            .rotate_left(42),
                ),
            },
            buffer: VecDeque::new(),
        })
    }

    /// The newest month alone: the demo.
    pub fn demo(now: DateTime<Utc>, session_span: Duration) -> Result<Sample, SampleError> {
        Sample::new(0, DEFAULT_SEED, now, session_span)
    }
}

impl Iterator for Sample {
    type Item = BulkRecord;

    fn next(&mut self) -> Option<BulkRecord> {
        loop {
            if let Some(record) = self.buffer.pop_front() {
                return Some(record);
            }
            if self.synthetic.next_day(&mut self.counter, &mut self.buffer) {
                continue;
            }
            let stories = self.stories.take()?;
            let last_session = self.synthetic.last_session_start();
            stories.emit(
                last_session,
                self.session_span,
                &mut self.counter,
                &mut self.buffer,
            );
            debug_assert!(self.buffer.back().is_none_or(|record| match record {
                BulkRecord::Reading(reading) => reading.taken_at <= self.now,
                _ => true,
            }));
        }
    }
}

/// Numbers the knots and sessions as they are yielded, and gives every
/// record its UUID.
struct Counter {
    knots: usize,
    sessions: usize,
    uuids: Rng,
}

impl Counter {
    fn knot(
        &mut self,
        region: Region,
        spot: Spot,
        created_at: DateTime<Utc>,
    ) -> (usize, BulkRecord) {
        let index = self.knots;
        self.knots += 1;
        let record = BulkRecord::Knot(BulkKnot {
            uuid: self.uuid(),
            region,
            spot,
            created_at,
        });
        (index, record)
    }

    fn session(&mut self, started_at: DateTime<Utc>) -> (usize, BulkRecord) {
        let index = self.sessions;
        self.sessions += 1;
        let record = BulkRecord::Session(BulkSession {
            uuid: self.uuid(),
            started_at,
        });
        (index, record)
    }

    fn reading(
        &mut self,
        knot: usize,
        session: usize,
        taken_at: DateTime<Utc>,
        treatment: NewReading,
    ) -> BulkRecord {
        BulkRecord::Reading(BulkReading {
            uuid: self.uuid(),
            knot,
            session,
            taken_at,
            treatment,
        })
    }

    /// A random (version 4) UUID drawn from the seed, the size and the
    /// time, so that the same sample made at the same moment has the same
    /// UUIDs.
    fn uuid(&mut self) -> Uuid {
        let high = u128::from(self.uuids.next_u64());
        let low = u128::from(self.uuids.next_u64());
        uuid::Builder::from_random_bytes(((high << 64) | low).to_be_bytes()).into_uuid()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-11-23T10:04:00Z".parse().unwrap()
    }

    fn sample(readings: usize, seed: u64) -> Vec<BulkRecord> {
        Sample::new(readings, seed, now(), Duration::hours(1))
            .unwrap()
            .collect()
    }

    fn readings(records: &[BulkRecord]) -> Vec<&BulkReading> {
        records
            .iter()
            .filter_map(|record| match record {
                BulkRecord::Reading(reading) => Some(reading),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn about_the_readings_asked_for() {
        for asked in [100, 1000, 5000, 20_000] {
            let got = readings(&sample(asked, DEFAULT_SEED)).len();
            let off = got.abs_diff(asked) as f64 / asked as f64;
            assert!(off < 0.03, "{got} readings for {asked}");
        }
    }

    #[test]
    fn the_demo_is_the_newest_month_alone() {
        let demo: Vec<BulkRecord> = Sample::demo(now(), Duration::hours(1)).unwrap().collect();
        assert_eq!(readings(&demo).len(), story_readings());
        let what = |records: &[BulkRecord]| -> Vec<(DateTime<Utc>, NewReading)> {
            readings(records)
                .into_iter()
                .map(|reading| (reading.taken_at, reading.treatment.clone()))
                .collect()
        };
        let smallest = sample(story_readings(), 99);
        assert_eq!(smallest.len(), demo.len(), "no history before it");
        assert_eq!(what(&smallest), what(&demo));
        // The month closes every larger sample.
        let large = sample(3000, DEFAULT_SEED);
        let large = what(&large);
        assert_eq!(large[large.len() - story_readings()..], what(&demo));
    }

    #[test]
    fn records_come_in_time_order_after_what_they_name() {
        let records = sample(5000, 3);
        let (mut knots, mut sessions) = (Vec::new(), Vec::new());
        let mut latest = DateTime::<Utc>::MIN_UTC;
        let mut uuids = HashSet::new();
        for record in &records {
            let (uuid, at) = match record {
                BulkRecord::Knot(knot) => {
                    knots.push(knot.created_at);
                    (knot.uuid, knot.created_at)
                }
                BulkRecord::Session(session) => {
                    sessions.push(session.started_at);
                    (session.uuid, session.started_at)
                }
                BulkRecord::Reading(reading) => {
                    let created = knots[reading.knot];
                    let started = sessions[reading.session];
                    assert!(created <= reading.taken_at);
                    // A sitting's readings are one session by the rule
                    // `knotmap log` follows.
                    assert!(
                        crate::domain::course::joins_session(
                            started,
                            reading.taken_at,
                            Duration::hours(1)
                        ),
                        "{started} {}",
                        reading.taken_at
                    );
                    (reading.uuid, reading.taken_at)
                }
            };
            assert!(at >= latest, "{at} before {latest}");
            latest = at;
            assert!(uuids.insert(uuid), "{uuid} twice");
            assert_eq!(uuid.get_version_num(), 4);
        }
        assert!(latest <= now());
    }

    #[test]
    fn a_knot_is_treated_at_most_once_a_day_with_believable_values() {
        let records = sample(5000, 5);
        let mut days = HashSet::new();
        for reading in readings(&records) {
            assert!(
                days.insert((reading.knot, reading.taken_at.date_naive())),
                "knot {} twice on {}",
                reading.knot,
                reading.taken_at
            );
            let treatment = &reading.treatment;
            let before = treatment.pain_before.unwrap().value();
            if let Some(after) = treatment.pain_after {
                assert!(after.value() <= before);
            }
            if let Some(minutes) = treatment.minutes {
                assert!((2..=10).contains(&minutes), "{minutes} minutes");
            }
            if let Some(pressure) = treatment.pressure {
                assert!((3..=6).contains(&pressure.value()), "pressure {pressure:?}");
            }
        }
    }

    #[test]
    fn a_seed_gives_one_history() {
        let strip = |records: Vec<BulkRecord>| -> Vec<(DateTime<Utc>, usize, NewReading)> {
            readings(&records)
                .into_iter()
                .map(|r| (r.taken_at, r.knot, r.treatment.clone()))
                .collect()
        };
        assert_eq!(sample(2000, 11), sample(2000, 11));
        assert_ne!(strip(sample(2000, 11)), strip(sample(2000, 12)));
    }

    #[test]
    fn the_span_grows_with_the_size() {
        let span = |size: usize| {
            let records = sample(size, DEFAULT_SEED);
            let readings = readings(&records);
            (readings[readings.len() - 1].taken_at - readings[0].taken_at).num_days()
        };
        let (small, large) = (span(2000), span(20_000));
        assert!((300..450).contains(&small), "{small} days for 2000");
        assert!((800..950).contains(&large), "{large} days for 20000");
    }
}

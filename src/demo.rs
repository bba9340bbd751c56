//! The sample history behind `--demo`: a month of evening sessions over a
//! dozen knots, some calming, one stalled, one that came back.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Local, TimeZone, Utc};

use crate::body::{Body, Region};
use crate::domain::NewReading;
use crate::domain::pain::{Ppt, Score};
use crate::domain::symptom::Symptom;
use crate::store::{KnotChoice, Result, SessionChoice, Store, StoreError};

/// One knot's story: where it is, and (days ago, pain before, pain after)
/// for each session it was treated in.
struct Story {
    region: &'static str,
    technique: &'static str,
    tool: &'static str,
    sessions: &'static [(i64, u8, Option<u8>)],
}

const STORIES: &[Story] = &[
    // Calmed, then flared again three weeks later: a recurrence.
    Story {
        region: "upper-trapezius-left",
        technique: "pressure",
        tool: "ball",
        sessions: &[
            (29, 8, Some(5)),
            (28, 6, Some(3)),
            (27, 4, Some(2)),
            (25, 2, None),
            (23, 1, None),
            (6, 7, Some(4)),
            (5, 5, Some(3)),
            (3, 4, Some(2)),
        ],
    },
    Story {
        region: "levator-scapulae-right",
        technique: "pin and stretch",
        tool: "fingers",
        sessions: &[
            (10, 7, Some(4)),
            (9, 5, Some(3)),
            (8, 4, Some(2)),
            (6, 3, None),
        ],
    },
    Story {
        region: "rhomboids-left",
        technique: "pressure",
        tool: "ball",
        sessions: &[
            (15, 7, Some(4)),
            (14, 5, Some(3)),
            (13, 4, Some(2)),
            (11, 2, None),
            (10, 1, None),
        ],
    },
    // Stalled: two weeks of sessions and no real change.
    Story {
        region: "infraspinatus-right",
        technique: "pressure",
        tool: "ball",
        sessions: &[
            (22, 6, Some(5)),
            (20, 6, Some(5)),
            (18, 7, Some(5)),
            (15, 6, Some(5)),
            (12, 6, Some(5)),
            (8, 6, None),
            (3, 6, Some(5)),
        ],
    },
    Story {
        region: "quadratus-lumborum-left",
        technique: "rolling around it",
        tool: "foam roller",
        sessions: &[
            (12, 8, Some(5)),
            (11, 6, Some(4)),
            (10, 5, Some(3)),
            (8, 4, Some(2)),
            (5, 3, None),
        ],
    },
    Story {
        region: "gluteus-medius-right",
        technique: "pressure",
        tool: "ball",
        sessions: &[
            (9, 7, Some(4)),
            (8, 5, Some(3)),
            (6, 4, Some(2)),
            (4, 3, None),
            (1, 2, None),
        ],
    },
    Story {
        region: "piriformis-left",
        technique: "pin and stretch",
        tool: "ball",
        sessions: &[(4, 8, Some(5)), (3, 6, Some(4)), (1, 5, Some(3))],
    },
    Story {
        region: "vastus-lateralis-right",
        technique: "rolling",
        tool: "foam roller",
        sessions: &[
            (17, 5, Some(3)),
            (15, 3, Some(2)),
            (13, 2, None),
            (11, 1, None),
        ],
    },
    Story {
        region: "gastrocnemius-left",
        technique: "stripping",
        tool: "massage stick",
        sessions: &[(6, 6, Some(4)), (5, 5, Some(3)), (2, 4, Some(2))],
    },
    Story {
        region: "plantar-fascia-right",
        technique: "rolling",
        tool: "ball",
        sessions: &[
            (26, 5, Some(4)),
            (21, 5, Some(4)),
            (16, 6, Some(4)),
            (9, 5, None),
            (2, 5, Some(4)),
        ],
    },
    // Getting worse: harder work at the gym while it was still sore.
    Story {
        region: "hamstrings-left",
        technique: "rolling",
        tool: "foam roller",
        sessions: &[(8, 5, Some(4)), (6, 6, Some(5)), (4, 7, Some(5))],
    },
    // Back beside the rhomboid knot that had calmed three weeks before.
    Story {
        region: "rhomboids-left",
        technique: "pressure",
        tool: "ball",
        sessions: &[(3, 6, Some(4)), (2, 5, Some(3))],
    },
    // Logged once, today.
    Story {
        region: "tibialis-anterior-right",
        technique: "pressure",
        tool: "thumb",
        sessions: &[(0, 6, Some(4))],
    },
    Story {
        region: "pectoralis-minor-left",
        technique: "pressure",
        tool: "fingers",
        sessions: &[(3, 6, Some(4)), (2, 5, Some(3))],
    },
    Story {
        region: "forearm-extensors-right",
        technique: "friction",
        tool: "thumb",
        sessions: &[
            (19, 7, Some(5)),
            (18, 6, Some(4)),
            (16, 5, Some(3)),
            (14, 4, Some(3)),
            (7, 3, None),
            (0, 2, None),
        ],
    },
];

/// Writes the sample history into an empty store, with sessions in the
/// evenings before `now`.
pub fn fill(store: &mut Store, now: DateTime<Utc>) -> Result<()> {
    let body = Body::get();
    // Readings go in in time order, so each evening's readings share one
    // session as they would if logged for real.
    let mut readings: Vec<(DateTime<Utc>, usize, u8, Option<u8>)> = Vec::new();
    for (index, story) in STORIES.iter().enumerate() {
        for &(days_ago, before, after) in story.sessions {
            let at = evening(now, days_ago) + Duration::minutes(2 * index as i64);
            readings.push((at, index, before, after));
        }
    }
    readings.sort_by_key(|&(at, index, ..)| (at, index));

    let mut knots: HashMap<usize, i64> = HashMap::new();
    for (count, (at, index, before, after)) in readings.into_iter().enumerate() {
        let story = &STORIES[index];
        let region = Region::from_slug(story.region)
            .ok_or_else(|| StoreError::BadRecord(format!("demo region {}", story.region)))?;
        let knot = match knots.get(&index) {
            Some(&id) => KnotChoice::Existing(id),
            None => {
                let home = body.home_of(region).ok_or_else(|| {
                    StoreError::BadRecord(format!("demo region {region} is not on the map"))
                })?;
                // A second knot on a muscle sits a cell further along.
                let earlier = STORIES[..index]
                    .iter()
                    .filter(|other| other.region == story.region)
                    .count() as u16;
                let mut spot = home;
                spot.x += earlier;
                if body.region_at(spot) != Some(region) {
                    spot = home;
                }
                KnotChoice::New { region, spot }
            }
        };
        let reading = NewReading {
            pain_before: Score::new(before),
            pain_after: after.and_then(Score::new),
            technique: Some(story.technique.to_string()),
            tool: Some(story.tool.to_string()),
            minutes: Some(2 + (count % 4) as u16),
            pressure: Score::new(4 + (count % 2) as u8),
            symptoms: if story.region == "piriformis-left" && before >= 8 {
                vec![Symptom::Tingling]
            } else {
                Vec::new()
            },
            note: (count % 7 == 3).then(|| "stiff after a long day at the desk".to_string()),
            // An algometer reading on the neck knot: the threshold rises as
            // the knot calms.
            ppt: (story.region == "upper-trapezius-left")
                .then(|| Ppt::from_kg_cm2(1.5 + f64::from(10 - before) * 0.3))
                .flatten(),
        };
        let logged = store.log_reading(knot, &reading, at, SessionChoice::Auto)?;
        knots.insert(index, logged.knot_id);
    }
    Ok(())
}

/// Seven in the evening, local time, `days_ago` days before `now`; today's
/// readings an hour ago when the evening has not come yet.
fn evening(now: DateTime<Utc>, days_ago: i64) -> DateTime<Utc> {
    let day = now.with_timezone(&Local).date_naive() - Duration::days(days_ago);
    let seven = day
        .and_hms_opt(19, 0, 0)
        .and_then(|time| Local.from_local_datetime(&time).earliest())
        .map(|time| time.with_timezone(&Utc));
    match seven {
        Some(time) if time + Duration::minutes(40) < now => time,
        _ => now - Duration::hours(1) - Duration::days(days_ago),
    }
}

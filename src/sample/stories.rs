//! The newest month of every sample, and all of the demo: a month of
//! evening sessions over a dozen knots, some calming, one stalled, one
//! getting worse, one that came back. Written by hand; the screens' tests
//! and the README's pictures rely on it as it is.

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, Duration, Local, TimeZone, Utc};

use super::{Counter, SampleError};
use crate::body::{Body, Region, Spot};
use crate::domain::NewReading;
use crate::domain::course::joins_session;
use crate::domain::pain::{Ppt, Score};
use crate::domain::symptom::Symptom;
use crate::store::BulkRecord;

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

/// How many readings the stories hold.
pub fn reading_count() -> usize {
    STORIES.iter().map(|story| story.sessions.len()).sum()
}

/// The stories' readings in time order, each with its story, and where
/// each story's knot sits.
pub struct Stories {
    /// (when, story, pain before, pain after), in time order.
    readings: Vec<(DateTime<Utc>, usize, u8, Option<u8>)>,
    regions: Vec<(Region, Spot)>,
}

impl Stories {
    pub fn new(now: DateTime<Utc>) -> Result<Stories, SampleError> {
        let body = Body::get();
        let mut regions = Vec::with_capacity(STORIES.len());
        for (index, story) in STORIES.iter().enumerate() {
            let not_on_map = || SampleError::NotOnMap(story.region.to_string());
            let region = Region::from_slug(story.region).ok_or_else(not_on_map)?;
            let home = body.home_of(region).ok_or_else(not_on_map)?;
            // A second knot on a muscle sits a cell of the middle drawing
            // further along.
            let earlier = STORIES[..index]
                .iter()
                .filter(|other| other.region == story.region)
                .count() as u16;
            let drawing = body.view(home.view);
            let (x, y) = drawing.cell_of(home);
            let mut spot = drawing.spot_at(x + earlier, y);
            if body.region_at(spot) != Some(region) {
                spot = home;
            }
            regions.push((region, spot));
        }
        // Readings go in in time order, so each evening's readings share
        // one session as they would if logged for real.
        let mut readings = Vec::new();
        for (index, story) in STORIES.iter().enumerate() {
            for &(days_ago, before, after) in story.sessions {
                let at = evening(now, days_ago) + Duration::minutes(2 * index as i64);
                readings.push((at, index, before, after));
            }
        }
        readings.sort_by_key(|&(at, index, ..)| (at, index));
        Ok(Stories { readings, regions })
    }

    /// Yields the stories' knots, sessions and readings after a history
    /// whose latest session started at `last_session`. A reading joins the
    /// latest session when that started within `session_span` before it,
    /// the rule `knotmap log` follows.
    pub(super) fn emit(
        self,
        mut last_session: Option<(usize, DateTime<Utc>)>,
        session_span: Duration,
        counter: &mut Counter,
        out: &mut VecDeque<BulkRecord>,
    ) {
        let mut knots: HashMap<usize, usize> = HashMap::new();
        for (count, (at, index, before, after)) in self.readings.into_iter().enumerate() {
            let story = &STORIES[index];
            let (region, spot) = self.regions[index];
            let knot = match knots.get(&index) {
                Some(&knot) => knot,
                None => {
                    let (knot, record) = counter.knot(region, spot, at);
                    out.push_back(record);
                    knots.insert(index, knot);
                    knot
                }
            };
            let session = match last_session {
                Some((session, started)) if joins_session(started, at, session_span) => session,
                _ => {
                    let (session, record) = counter.session(at);
                    out.push_back(record);
                    last_session = Some((session, at));
                    session
                }
            };
            let treatment = NewReading {
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
                // An algometer reading on the neck knot: the threshold rises
                // as the knot calms.
                ppt: (story.region == "upper-trapezius-left")
                    .then(|| Ppt::from_kg_cm2(1.5 + f64::from(10 - before) * 0.3))
                    .flatten(),
            };
            out.push_back(counter.reading(knot, session, at, treatment));
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_story_is_on_the_map() {
        let stories = Stories::new(Utc::now()).unwrap();
        assert_eq!(stories.regions.len(), STORIES.len());
        assert_eq!(stories.readings.len(), reading_count());
    }

    #[test]
    fn the_month_ends_now_and_starts_a_month_ago() {
        let now = Utc::now();
        let stories = Stories::new(now).unwrap();
        let first = stories.readings.first().unwrap().0;
        let last = stories.readings.last().unwrap().0;
        assert!(last <= now, "{last} is after {now}");
        assert!(now - first < Duration::days(31), "{first}");
    }
}

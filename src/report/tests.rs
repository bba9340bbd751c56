use super::*;
use crate::body::{Spot, View};
use crate::domain::knot::{Knot, NewReading};
use crate::domain::{History, Score};
use chrono::Duration;

fn day(n: i64) -> DateTime<Utc> {
    "2026-03-01T18:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::days(n)
}

fn reading(id: i64, knot: i64, n: i64, before: u8, after: Option<u8>, how: &str) -> Reading {
    Reading {
        id,
        uuid: String::new(),
        knot_id: knot,
        session_id: n + 1,
        taken_at: day(n),
        treatment: NewReading {
            pain_before: Score::new(before),
            pain_after: after.and_then(Score::new),
            technique: Some(how.to_string()),
            ..NewReading::default()
        },
    }
}

fn history() -> History {
    let knot = |id: i64, slug: &str| Knot {
        id,
        uuid: format!("u{id}"),
        region: Region::from_slug(slug).unwrap(),
        spot: Spot {
            view: View::Back,
            x: 10,
            y: 5,
        },
        created_at: day(0),
        marked_resolved_at: None,
        recurs_knot_id: None,
        cleared_at: None,
    };
    History {
        knots: vec![knot(1, "rhomboids-left"), knot(2, "soleus-right")],
        readings: vec![
            reading(1, 1, 0, 8, Some(5), "pressure"),
            reading(2, 1, 1, 6, Some(4), "Pressure "),
            reading(3, 1, 2, 5, None, "stripping"),
            reading(4, 2, 10, 7, Some(6), "stripping"),
        ],
        ..History::default()
    }
}

fn report(since: Option<DateTime<Utc>>) -> Report {
    let rules = Rules::default();
    let analysis = Analysis::new(history(), &rules, day(12));
    let mut recurrences = crate::domain::recurrence::find_recurrences(&analysis.history, &rules);
    recurrences.reverse();
    Report::new(
        &analysis,
        &rules,
        recurrences,
        Earlier::default(),
        since,
        day(12),
    )
}

#[test]
fn techniques_group_regardless_of_case_and_average_their_drop() {
    let report = report(None);
    let pressure = &report.techniques[0];
    assert_eq!(pressure.name, "pressure");
    assert_eq!(
        (pressure.readings, pressure.scored, pressure.knots),
        (2, 2, 1)
    );
    assert_eq!(pressure.mean_drop(), Some(2.5));
    let stripping = &report.techniques[1];
    assert_eq!(
        (stripping.readings, stripping.scored, stripping.knots),
        (2, 1, 2)
    );
    assert_eq!(stripping.mean_drop(), Some(1.0));
    assert_eq!(report.tools[0].name, NOT_RECORDED);
}

#[test]
fn since_keeps_knots_with_a_reading_in_the_period_whole() {
    let all = report(None);
    let mut ids: Vec<i64> = all.knots.iter().map(KnotReport::id).collect();
    ids.sort_unstable();
    assert_eq!(ids, [1, 2]);
    let later = report(Some(day(5)));
    let ids: Vec<i64> = later.knots.iter().map(KnotReport::id).collect();
    assert_eq!(ids, [2]);
    assert_eq!((later.readings, later.sessions), (1, 1));
    let rhomboid = all.knots.iter().find(|k| k.id() == 1).unwrap();
    assert_eq!((rhomboid.best, rhomboid.sessions.len()), (5, 3));
}

#[test]
fn changes_read_as_signed_points_and_percent() {
    let report = report(None);
    let rhomboid = report.knots.iter().find(|k| k.id() == 1).unwrap();
    assert_eq!(change_text(&rhomboid.summary), "-3 points (-37%)");
}

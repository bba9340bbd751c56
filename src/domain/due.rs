//! What is due today: an active knot once a day until it calms, then a
//! calmed knot two or three times a week for a while, to keep it calm.

use chrono::{DateTime, Local, Utc};
use serde::Serialize;

use super::knot::{KnotStatus, KnotSummary};

/// A calmed knot is due again this many days after its last treatment
/// (two or three times a week).
pub const MAINTENANCE_EVERY_DAYS: i64 = 3;
/// Maintenance goes on this long after a knot's last reading; a knot calm
/// for longer than that is left alone.
pub const MAINTENANCE_FOR_DAYS: i64 = 28;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DueKind {
    /// An active knot not treated today.
    Daily,
    /// A calmed knot due for its maintenance session.
    Maintenance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Due {
    pub knot: i64,
    pub region: String,
    pub region_name: String,
    pub kind: DueKind,
    /// Whole days since the knot was last treated.
    pub days_since: i64,
}

/// The knots due on the local day of `now`, active ones first, most
/// painful first.
pub fn due_today(knots: &[KnotSummary], now: DateTime<Utc>) -> Vec<Due> {
    let today = now.with_timezone(&Local).date_naive();
    let mut due: Vec<(u8, Due)> = knots
        .iter()
        .filter_map(|summary| {
            let last_day = summary.last_seen.with_timezone(&Local).date_naive();
            if last_day >= today {
                return None;
            }
            let days_since = (today - last_day).num_days();
            let kind = match summary.status {
                KnotStatus::Active => DueKind::Daily,
                KnotStatus::Resolved
                    if (MAINTENANCE_EVERY_DAYS..=MAINTENANCE_FOR_DAYS).contains(&days_since) =>
                {
                    DueKind::Maintenance
                }
                KnotStatus::Resolved => return None,
            };
            Some((
                summary.latest_pain.value(),
                Due {
                    knot: summary.knot.id,
                    region: summary.knot.region.slug(),
                    region_name: summary.knot.region.name(),
                    kind,
                    days_since,
                },
            ))
        })
        .collect();
    due.sort_by_key(|(pain, due)| {
        (
            due.kind == DueKind::Maintenance,
            std::cmp::Reverse(*pain),
            due.knot,
        )
    });
    due.into_iter().map(|(_, due)| due).collect()
}

/// The due list in one line for the map screen.
pub fn due_line(due: &[Due]) -> String {
    match due {
        [] => "Nothing due today.".to_string(),
        [one] => format!("Due today: {}.", one.region_name),
        [first, second] => format!(
            "Due today: {} and {}.",
            first.region_name, second.region_name
        ),
        [first, second, rest @ ..] => format!(
            "Due today: {}, {} and {} more.",
            first.region_name,
            second.region_name,
            rest.len()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::{Region, Spot, View};
    use crate::domain::knot::Knot;
    use crate::domain::pain::Score;
    use crate::domain::verdict::{Assessment, Verdict};
    use chrono::{Duration, TimeZone};

    /// Midday today, local time, so that "today" and "yesterday" are clear.
    fn now() -> DateTime<Utc> {
        Local
            .with_ymd_and_hms(2026, 5, 20, 12, 0, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn summary(id: i64, status: KnotStatus, last_seen: DateTime<Utc>, pain: u8) -> KnotSummary {
        KnotSummary {
            knot: Knot {
                id,
                uuid: String::new(),
                region: Region::from_slug("soleus-left").unwrap(),
                spot: Spot {
                    view: View::Back,
                    x: 1,
                    y: 1,
                },
                created_at: last_seen,
                marked_resolved_at: None,
                recurs_knot_id: None,
            },
            status,
            sessions: 3,
            first_pain: Score::new(7).unwrap(),
            latest_pain: Score::new(pain).unwrap(),
            first_seen: last_seen,
            last_seen,
            assessment: Assessment {
                verdict: if status == KnotStatus::Active {
                    Verdict::Slow
                } else {
                    Verdict::Resolved
                },
                rule: String::new(),
                drop_points: 0,
                drop_percent: 0,
            },
        }
    }

    fn ids(knots: &[KnotSummary]) -> Vec<(i64, DueKind)> {
        due_today(knots, now())
            .into_iter()
            .map(|d| (d.knot, d.kind))
            .collect()
    }

    #[test]
    fn an_active_knot_is_due_until_treated_today() {
        let yesterday = now() - Duration::days(1);
        let this_morning = now() - Duration::hours(3);
        assert_eq!(
            ids(&[summary(1, KnotStatus::Active, yesterday, 6)]),
            [(1, DueKind::Daily)]
        );
        assert!(ids(&[summary(1, KnotStatus::Active, this_morning, 6)]).is_empty());
    }

    #[test]
    fn a_calmed_knot_is_due_every_third_day_for_four_weeks() {
        let calm = |days| summary(2, KnotStatus::Resolved, now() - Duration::days(days), 1);
        assert!(ids(&[calm(1)]).is_empty());
        assert!(ids(&[calm(2)]).is_empty());
        assert_eq!(ids(&[calm(3)]), [(2, DueKind::Maintenance)]);
        assert_eq!(ids(&[calm(28)]), [(2, DueKind::Maintenance)]);
        assert!(ids(&[calm(29)]).is_empty(), "calm for long enough");
    }

    #[test]
    fn active_knots_come_first_the_most_painful_first() {
        let yesterday = now() - Duration::days(1);
        let knots = [
            summary(1, KnotStatus::Resolved, now() - Duration::days(4), 1),
            summary(2, KnotStatus::Active, yesterday, 4),
            summary(3, KnotStatus::Active, yesterday, 7),
        ];
        assert_eq!(
            ids(&knots),
            [
                (3, DueKind::Daily),
                (2, DueKind::Daily),
                (1, DueKind::Maintenance)
            ]
        );
        let due = due_today(&knots, now());
        assert_eq!(
            due_line(&due),
            "Due today: Soleus, left, Soleus, left and 1 more."
        );
        assert_eq!(due_line(&[]), "Nothing due today.");
    }
}

//! What is due today: an active knot once a day until it calms, then a
//! calmed knot two or three times a week for a while, to keep it calm.
//! A knot on hold, or one that has not changed in a week or two of
//! treatment, is listed apart: it is not for rolling today.

use chrono::{DateTime, TimeZone};
use serde::Serialize;

use super::knot::{KnotStatus, KnotSummary};
use super::rules::Rules;
use super::safety::{HOLD_DUE, Safety};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DueKind {
    /// An active knot not treated today.
    Daily,
    /// An active knot not treated today that is getting worse or was
    /// sorer after its latest session: gently, or a day of rest.
    EaseOff,
    /// A calmed knot due for its maintenance session.
    Maintenance,
    /// Treated for a week or two without a real change: to have looked at
    /// rather than rolled every day. Not due.
    SeeSomeone,
    /// A red flag not yet seen to: not to be treated. Not due.
    OnHold,
}

impl DueKind {
    /// What the plan is for a knot of this kind, as `due` says it.
    pub fn says(self) -> &'static str {
        match self {
            DueKind::Daily => "once a day until it calms",
            DueKind::EaseOff => "ease off: lighter and shorter today, or a day of rest",
            DueKind::Maintenance => "calmed: 2-3 times a week to keep it so",
            DueKind::SeeSomeone => {
                "no real change in a week or two: have a physiotherapist look at it rather than rolling it daily"
            }
            DueKind::OnHold => HOLD_DUE,
        }
    }

    /// Whether the knot is to be treated today, rather than listed apart.
    pub fn is_due(self) -> bool {
        matches!(
            self,
            DueKind::Daily | DueKind::EaseOff | DueKind::Maintenance
        )
    }
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

/// The knots due on the day of `now` in its zone (the person's: a day is
/// theirs, not UTC's), active ones first, most painful first; then the
/// knots listed apart, on hold first.
pub fn due_today<Tz: TimeZone>(
    knots: &[KnotSummary],
    rules: &Rules,
    now: DateTime<Tz>,
) -> Vec<Due> {
    let zone = now.timezone();
    let today = now.date_naive();
    let maintenance = rules.maintenance_every_days..=rules.maintenance_for_days;
    let mut due: Vec<(u8, Due)> = knots
        .iter()
        .filter_map(|summary| {
            let last_day = summary.last_seen.with_timezone(&zone).date_naive();
            let days_since = (today - last_day).num_days();
            let active = summary.status == KnotStatus::Active;
            let kind = match (&summary.safety, summary.status) {
                // Listed whenever it would be in the plan at all, even on a
                // day it was logged: the hold is news, whatever the day.
                (Safety::OnHold { .. }, _)
                    if active || days_since <= rules.maintenance_for_days =>
                {
                    DueKind::OnHold
                }
                (Safety::OnHold { .. }, _) => return None,
                (Safety::SeeSomeone { .. }, _) if active => DueKind::SeeSomeone,
                _ if last_day >= today => return None,
                (Safety::EaseOff { .. }, KnotStatus::Active) => DueKind::EaseOff,
                (_, KnotStatus::Active) => DueKind::Daily,
                (_, KnotStatus::Resolved) if maintenance.contains(&days_since) => {
                    DueKind::Maintenance
                }
                (_, KnotStatus::Resolved) => return None,
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
            !due.kind.is_due(),
            due.kind != DueKind::OnHold,
            due.kind == DueKind::Maintenance,
            std::cmp::Reverse(*pain),
            due.knot,
        )
    });
    due.into_iter().map(|(_, due)| due).collect()
}

/// The due list in one line for the map screen, with the knots on hold
/// named apart.
pub fn due_line(due: &[Due]) -> String {
    let names: Vec<&str> = due
        .iter()
        .filter(|d| d.kind.is_due())
        .map(|d| d.region_name.as_str())
        .collect();
    let line = match names.as_slice() {
        [] => "Nothing due today.".to_string(),
        [one] => format!("Due today: {one}."),
        [first, second] => format!("Due today: {first} and {second}."),
        [first, second, rest @ ..] => {
            format!("Due today: {first}, {second} and {} more.", rest.len())
        }
    };
    let held = due.iter().filter(|d| d.kind == DueKind::OnHold).count();
    match held {
        0 => line,
        1 => format!("{line} 1 knot on hold: see a doctor or physiotherapist first."),
        _ => format!("{line} {held} knots on hold: see a doctor or physiotherapist first."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::{Region, Spot, View};
    use crate::domain::knot::Knot;
    use crate::domain::pain::Score;
    use crate::domain::verdict::{Assessment, Verdict};
    use chrono::{Duration, FixedOffset, Utc};

    /// Midday, so that "today" and "yesterday" are clear.
    fn now() -> DateTime<Utc> {
        "2026-05-20T12:00:00Z".parse().unwrap()
    }

    /// The same instant at `hours` east of UTC.
    fn in_zone(at: DateTime<Utc>, hours: i32) -> DateTime<FixedOffset> {
        at.with_timezone(&FixedOffset::east_opt(hours * 3600).unwrap())
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
                cleared_at: None,
            },
            status,
            sessions: 3,
            first_pain: Score::new(7).unwrap(),
            latest_pain: Score::new(pain).unwrap(),
            first_seen: last_seen,
            last_seen,
            safety: Safety::Clear,
            assessment: Assessment {
                verdict: if status == KnotStatus::Active {
                    Verdict::Slow
                } else {
                    Verdict::Resolved
                },
                rule: String::new(),
                drop_points: 0,
                drop_percent: 0,
                sessions: 3,
                span_days: 2,
                progress: String::new(),
            },
        }
    }

    fn ids(knots: &[KnotSummary]) -> Vec<(i64, DueKind)> {
        due_today(knots, &Rules::default(), now())
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
        let due = due_today(&knots, &Rules::default(), now());
        assert_eq!(
            due_line(&due),
            "Due today: Soleus, left, Soleus, left and 1 more."
        );
        assert_eq!(due_line(&[]), "Nothing due today.");
    }

    /// An active knot treated half an hour before midnight in the
    /// person's zone is due again at midnight there, whatever the day in
    /// UTC; and one treated just after midnight there is not due until the
    /// next midnight, though UTC's day changed in between.
    #[test]
    fn today_is_the_persons_day_not_utcs() {
        let due_at = |treated: &str, asked: &str, hours| {
            let knots = [summary(1, KnotStatus::Active, treated.parse().unwrap(), 6)];
            let asked: DateTime<Utc> = asked.parse().unwrap();
            due_today(&knots, &Rules::default(), in_zone(asked, hours))
                .into_iter()
                .map(|d| (d.knot, d.days_since))
                .collect::<Vec<_>>()
        };
        // 23:30 on the 20th and 00:00 on the 21st at UTC+13.
        let (treated, asked) = ("2026-05-20T10:30:00Z", "2026-05-20T11:00:00Z");
        assert!(
            due_at(treated, asked, 0).is_empty(),
            "the 20th twice in UTC"
        );
        assert_eq!(due_at(treated, asked, 13), [(1, 1)]);
        // 23:30 on the 19th and 00:00 on the 20th at UTC-10.
        let (treated, asked) = ("2026-05-20T09:30:00Z", "2026-05-20T10:00:00Z");
        assert!(
            due_at(treated, asked, 0).is_empty(),
            "the 20th twice in UTC"
        );
        assert_eq!(due_at(treated, asked, -10), [(1, 1)]);
        // 23:30 on the 20th in UTC, then 00:30 on the 21st; at UTC-10 both
        // are on the 20th.
        let (treated, asked) = ("2026-05-20T23:30:00Z", "2026-05-21T00:30:00Z");
        assert_eq!(due_at(treated, asked, 0), [(1, 1)]);
        assert!(due_at(treated, asked, -10).is_empty());
        assert!(due_at(treated, asked, 13).is_empty());
    }

    /// Maintenance counts whole days in the person's zone: a knot calmed
    /// late in the evening there is due on the third day after, whatever
    /// the day in UTC.
    #[test]
    fn maintenance_days_are_counted_in_the_persons_zone() {
        // 22:00 on the 17th at UTC-10; the 18th in UTC.
        let calmed: DateTime<Utc> = "2026-05-18T08:00:00Z".parse().unwrap();
        let knots = [summary(2, KnotStatus::Resolved, calmed, 1)];
        // 01:00 on the 20th at UTC-10; the 20th in UTC too.
        let asked: DateTime<Utc> = "2026-05-20T11:00:00Z".parse().unwrap();
        let days = |hours| {
            due_today(&knots, &Rules::default(), in_zone(asked, hours))
                .into_iter()
                .map(|d| d.days_since)
                .collect::<Vec<_>>()
        };
        assert!(days(0).is_empty(), "two days after the 18th");
        assert_eq!(days(-10), [3], "three days after the 17th");
    }

    #[test]
    fn maintenance_follows_the_rules() {
        let calm = |days| summary(2, KnotStatus::Resolved, now() - Duration::days(days), 1);
        let weekly = Rules {
            maintenance_every_days: 7,
            maintenance_for_days: 14,
            ..Rules::default()
        };
        let due = |days| !due_today(&[calm(days)], &weekly, now()).is_empty();
        assert!(!due(6));
        assert!(due(7));
        assert!(due(14));
        assert!(!due(15));
        let never = Rules {
            maintenance_for_days: 0,
            ..Rules::default()
        };
        assert!(due_today(&[calm(3)], &never, now()).is_empty());
    }
}

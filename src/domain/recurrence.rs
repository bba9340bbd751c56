//! Knots that come back. A knot that calmed and flares again, or a new
//! knot close to a calmed one on the same muscle, points to something that
//! keeps causing it: posture, a weak muscle that another one covers for, or
//! a way of moving.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::digest::Digested;
use super::history::History;
use super::knot::{Knot, SessionPain};
use super::rules::Rules;
use crate::body::{Area, Region, Side};
use crate::text::plural;

/// How many returns to a region make a pattern: one return may be chance,
/// so only from the second on do knots "keep coming back" there.
pub const KEEPS_COMING_BACK: u64 = 2;

/// How close a new knot must be to a calmed one to count as the same spot
/// coming back, in thousandths of the view: four columns and two rows of
/// the middle drawing (36 columns by 20 rows) either way.
pub const RECUR_X: u16 = 112;
pub const RECUR_Y: u16 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecurrenceKind {
    /// The same knot calmed and then hurt again.
    Flare,
    /// A new knot formed beside one that had calmed.
    Nearby,
}

/// One return of a knot, linked to the knot that had calmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recurrence {
    /// The knot that came back (for a flare, the same as `earlier_knot`).
    pub knot: i64,
    pub earlier_knot: i64,
    #[serde(serialize_with = "serialize_region")]
    pub region: Region,
    pub kind: RecurrenceKind,
    /// When the earlier knot had calmed.
    pub calmed_at: DateTime<Utc>,
    /// When it was back.
    pub returned_at: DateTime<Utc>,
    /// Days from calm to back.
    pub interval_days: i64,
}

impl Recurrence {
    /// How it came back, in a few words: "knot 4 flared again".
    pub fn describe(&self) -> String {
        match self.kind {
            RecurrenceKind::Flare => format!("knot {} flared again", self.knot),
            RecurrenceKind::Nearby => {
                format!("new knot {} beside knot {}", self.knot, self.earlier_knot)
            }
        }
    }
}

fn serialize_region<S: serde::Serializer>(
    region: &Region,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&region.slug())
}

/// A time a knot was calm: from when, and until the flare that ended it.
pub type CalmSpell = (DateTime<Utc>, Option<DateTime<Utc>>);

/// When a knot's history shows it calm: the session that made two calm
/// sessions in a row, or the moment the person marked it resolved. Each
/// calm spell is followed by the flare that ended it, if any.
pub(crate) fn calm_spells(knot: &Knot, sessions: &[SessionPain], calm_pain: u8) -> Vec<CalmSpell> {
    let calm = |session: &SessionPain| session.before.value() <= calm_pain;
    let mut spells = Vec::new();
    let mut calm_since: Option<DateTime<Utc>> = None;
    let mut mark = knot.marked_resolved_at;
    for (index, session) in sessions.iter().enumerate() {
        if let Some(at) = mark.filter(|&at| at <= session.at) {
            mark = None;
            calm_since = calm_since.or(Some(at));
        }
        match calm_since {
            Some(start) if !calm(session) => {
                // Sessions logged at one moment (an import of dates
                // alone) can calm a knot and flare it at once: that is no
                // calm, and no return.
                if start < session.at {
                    spells.push((start, Some(session.at)));
                }
                calm_since = None;
            }
            Some(_) => {}
            None if index > 0 && calm(&sessions[index - 1]) && calm(session) => {
                calm_since = Some(session.at);
            }
            None => {}
        }
    }
    if let Some(start) = calm_since.or(mark) {
        spells.push((start, None));
    }
    spells
}

/// Every recurrence in a history, newest first.
pub fn find_recurrences(history: &History, rules: &Rules) -> Vec<Recurrence> {
    recurrences_among(&history.digests(rules.calm_pain))
}

/// Every recurrence among knots summed up with their calm spells, newest
/// first.
pub fn recurrences_among(knots: &[(Knot, Digested)]) -> Vec<Recurrence> {
    // Knots are compared within their region only: the pairs stay few
    // however many knots a history holds.
    let mut by_region: HashMap<Region, Vec<(&Knot, &[CalmSpell])>> = HashMap::new();
    for (knot, digested) in knots {
        by_region
            .entry(knot.region)
            .or_default()
            .push((knot, &digested.spells));
    }
    let mut found: Vec<Recurrence> = knots
        .iter()
        .flat_map(|(knot, digested)| {
            returns_of(
                knot,
                digested.digest.first_seen,
                &digested.spells,
                by_region[&knot.region].iter().copied(),
            )
        })
        .collect();
    newest_first(&mut found);
    found
}

/// Puts recurrences in the order they are listed: the latest return first.
pub fn newest_first(recurrences: &mut [Recurrence]) {
    recurrences.sort_by_key(|r| std::cmp::Reverse((r.returned_at, r.knot, r.kind)));
}

/// The times a knot came back: each flare after a calm spell, and the
/// calmed knot it formed beside, if any. `others` are the knots that may
/// be near it, with their calm spells; only those near it count.
pub fn returns_of<'a>(
    knot: &Knot,
    first_seen: DateTime<Utc>,
    spells: &[CalmSpell],
    others: impl IntoIterator<Item = (&'a Knot, &'a [CalmSpell])>,
) -> Vec<Recurrence> {
    let mut found: Vec<Recurrence> = spells
        .iter()
        .filter_map(|&(calmed_at, flared_at)| {
            let returned_at = flared_at?;
            Some(recurrence(
                knot,
                knot,
                RecurrenceKind::Flare,
                calmed_at,
                returned_at,
            ))
        })
        .collect();
    let earlier = others
        .into_iter()
        .filter_map(|(other, other_spells)| {
            calm_beside(knot, first_seen, other, other_spells).map(|calmed_at| (other, calmed_at))
        })
        .max_by_key(|&(other, calmed_at)| formed_beside_rank(calmed_at, other.id));
    if let Some((other, calmed_at)) = earlier {
        found.push(nearby_return(knot, first_seen, other, calmed_at));
    }
    found
}

/// When `other` had calmed, if `knot` formed beside it: another knot
/// near it, in a calm spell that began before `knot`'s first reading and
/// had not ended by then (the latest such spell).
pub fn calm_beside(
    knot: &Knot,
    first_seen: DateTime<Utc>,
    other: &Knot,
    other_spells: &[CalmSpell],
) -> Option<DateTime<Utc>> {
    if other.id == knot.id || !is_near(other, knot) {
        return None;
    }
    other_spells
        .iter()
        .filter(|(calmed_at, flared_at)| {
            *calmed_at <= first_seen && flared_at.is_none_or(|at| at >= first_seen)
        })
        .map(|&(calmed_at, _)| calmed_at)
        .max()
}

/// Of the calmed knots a knot formed beside, the one it counts as the
/// return of has the highest rank: the latest to calm, then the newest.
pub fn formed_beside_rank(calmed_at: DateTime<Utc>, other: i64) -> (DateTime<Utc>, i64) {
    (calmed_at, other)
}

/// The return of `knot`, first seen at `first_seen`, beside `earlier`,
/// which had calmed at `calmed_at`.
pub fn nearby_return(
    knot: &Knot,
    first_seen: DateTime<Utc>,
    earlier: &Knot,
    calmed_at: DateTime<Utc>,
) -> Recurrence {
    recurrence(knot, earlier, RecurrenceKind::Nearby, calmed_at, first_seen)
}

fn recurrence(
    knot: &Knot,
    earlier: &Knot,
    kind: RecurrenceKind,
    calmed_at: DateTime<Utc>,
    returned_at: DateTime<Utc>,
) -> Recurrence {
    Recurrence {
        knot: knot.id,
        earlier_knot: earlier.id,
        region: knot.region,
        kind,
        calmed_at,
        returned_at,
        interval_days: (returned_at - calmed_at).num_days(),
    }
}

/// Whether two knots are close enough for one to be the other coming
/// back.
pub fn is_near(a: &Knot, b: &Knot) -> bool {
    a.region == b.region
        && a.spot.view == b.spot.view
        && a.spot.x.abs_diff(b.spot.x) <= RECUR_X
        && a.spot.y.abs_diff(b.spot.y) <= RECUR_Y
}

/// How often knots came back to one region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionTally {
    pub region: Region,
    pub count: u64,
    /// The days from calm to back, added up over every return.
    pub interval_days_sum: i64,
}

/// The recurrences counted per region.
pub fn tally_regions(recurrences: &[Recurrence]) -> Vec<RegionTally> {
    let mut by_region: HashMap<Region, RegionTally> = HashMap::new();
    for recurrence in recurrences {
        let tally = by_region
            .entry(recurrence.region)
            .or_insert_with(|| RegionTally {
                region: recurrence.region,
                count: 0,
                interval_days_sum: 0,
            });
        tally.count += 1;
        tally.interval_days_sum += recurrence.interval_days;
    }
    by_region.into_values().collect()
}

/// How many knots came back to each region from `since` on.
pub fn count_by_region(
    recurrences: &[Recurrence],
    since: Option<DateTime<Utc>>,
) -> HashMap<Region, usize> {
    let mut counts = HashMap::new();
    for recurrence in recurrences
        .iter()
        .filter(|r| since.is_none_or(|since| r.returned_at >= since))
    {
        *counts.entry(recurrence.region).or_default() += 1;
    }
    counts
}

/// A region knots came back to, with what to look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlaggedRegion {
    #[serde(serialize_with = "serialize_region")]
    pub region: Region,
    /// How many times a knot came back to it.
    pub count: u64,
    /// The mean number of days from calm to back.
    pub mean_interval_days: i64,
    /// The likely underlying causes to check, most likely first.
    pub causes: Vec<String>,
}

impl FlaggedRegion {
    /// "back 2 times, on average 17 days after calming".
    pub fn summary(&self) -> String {
        format!(
            "back {}, on average {} after calming",
            plural(self.count as i64, "time", "times"),
            plural(self.mean_interval_days, "day", "days")
        )
    }
}

/// Regions with recurrences, most recurrences first.
pub fn flag_regions(tallies: &[RegionTally]) -> Vec<FlaggedRegion> {
    let mut tallies: Vec<&RegionTally> = tallies.iter().filter(|t| t.count > 0).collect();
    tallies.sort_by_key(|tally| (std::cmp::Reverse(tally.count), tally.region.slug()));
    tallies
        .iter()
        .map(|tally| {
            let region = tally.region;
            let other_side_recurs = tallies
                .iter()
                .any(|t| t.region.muscle == region.muscle && t.region.side != region.side);
            let mut causes: Vec<String> = causes_for(region.area())
                .iter()
                .map(|cause| cause.to_string())
                .collect();
            if tally.count >= KEEPS_COMING_BACK
                && region.side != Side::Centre
                && !other_side_recurs
            {
                causes.push(format!(
                    "only the {} side keeps coming back: compare both sides' strength, and how you sit, sleep and carry bags",
                    region.side.name()
                ));
            }
            FlaggedRegion {
                region,
                count: tally.count,
                mean_interval_days: tally.interval_days_sum / tally.count as i64,
                causes,
            }
        })
        .collect()
}

/// What commonly keeps knots coming back in an area: posture, a weak
/// muscle that another covers for, and a way of moving. Hints to check,
/// not diagnoses.
pub fn causes_for(area: Area) -> &'static [&'static str] {
    match area {
        Area::Neck => &[
            "posture: the head pushed forward over a screen or phone",
            "weak deep neck and mid-back muscles, so the upper trapezius and levator do their work",
            "habit: shrugging, clenching or holding a phone with the shoulder",
        ],
        Area::Shoulder => &[
            "posture: shoulders rolled forward at a desk",
            "weak shoulder-blade and rotator cuff muscles",
            "movement: repeated overhead reaching, lifting or throwing",
        ],
        Area::UpperBack => &[
            "posture: long hours slumped at a desk",
            "tight chest muscles pulling the shoulder blades apart, weak mid-back ones",
            "habit: a heavy bag always on the same shoulder",
        ],
        Area::Chest => &[
            "posture: rounded shoulders",
            "pushing and pressing work not balanced by pulling work for the upper back",
            "shallow breathing high in the chest",
        ],
        Area::Arm => &[
            "movement: repeated gripping, typing or mouse work",
            "a weak shoulder or upper back leaving the arm to do the work",
            "technique or grip on a tool, racket or instrument",
        ],
        Area::LowerBack => &[
            "posture: long sitting with the pelvis tucked under",
            "weak glutes and deep core, so the low back carries the load",
            "movement: bending and lifting from the back instead of the hips",
        ],
        Area::Abdomen => &[
            "posture: a trunk kept bent forward for hours",
            "a weak deep core",
            "habit: holding the belly tight when breathing or bracing",
        ],
        Area::Hip => &[
            "posture: long hours of sitting",
            "weak glutes (the medius above all), letting the TFL and low back overwork",
            "movement: the knee falling inward when walking, running or squatting",
        ],
        Area::Thigh => &[
            "weak glutes, leaving the thigh muscles to do their job",
            "a sudden rise in running or cycling",
            "movement: running form or the fit of a bike",
        ],
        Area::LowerLeg => &[
            "a sudden rise in running or walking",
            "footwear, and how the foot rolls in or out",
            "tight calves from heels or long hours of standing",
        ],
        Area::Foot => &[
            "footwear without support, or long standing on hard floors",
            "tight calves pulling on the heel",
            "a sudden rise in walking or running",
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::{Spot, View};
    use crate::domain::knot::{NewReading, Reading};
    use crate::domain::pain::Score;
    use chrono::Duration;

    fn day(n: i64) -> DateTime<Utc> {
        "2026-01-01T18:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::days(n)
    }

    /// A knot on cell (`x`, `y`) of the middle drawing of the back.
    fn knot(id: i64, slug: &str, x: u16, y: u16) -> Knot {
        Knot {
            id,
            uuid: format!("u{id}"),
            region: Region::from_slug(slug).unwrap(),
            spot: Spot::from_legacy_cell(View::Back, x, y),
            created_at: day(0),
            marked_resolved_at: None,
            recurs_knot_id: None,
            cleared_at: None,
        }
    }

    /// A history of knots, each with (day, pain) readings, one session a day.
    fn history(knots: &[(Knot, &[(i64, u8)])]) -> History {
        let mut readings = Vec::new();
        for (knot, scores) in knots {
            for &(n, pain) in *scores {
                readings.push(Reading {
                    id: readings.len() as i64 + 1,
                    uuid: String::new(),
                    knot_id: knot.id,
                    session_id: n + 1,
                    taken_at: day(n),
                    treatment: NewReading::pain(Score::new(pain).unwrap()),
                });
            }
        }
        History {
            knots: knots.iter().map(|(knot, _)| knot.clone()).collect(),
            readings,
            sessions: Vec::new(),
            clearings: Vec::new(),
        }
    }

    #[test]
    fn a_calmed_knot_that_hurts_again_is_a_flare() {
        let h = history(&[(
            knot(1, "upper-trapezius-left", 10, 4),
            &[(0, 7), (1, 2), (2, 1), (20, 6)],
        )]);
        let found = find_recurrences(&h, &Rules::default());
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].knot, found[0].earlier_knot), (1, 1));
        assert_eq!(found[0].kind, RecurrenceKind::Flare);
        assert_eq!(
            (found[0].calmed_at, found[0].returned_at),
            (day(2), day(20))
        );
        assert_eq!(found[0].interval_days, 18);
    }

    #[test]
    fn sessions_at_one_moment_that_calm_and_flare_a_knot_are_no_calm_spell() {
        let sessions: Vec<SessionPain> = [1, 1, 6, 1, 1]
            .into_iter()
            .enumerate()
            .map(|(n, pain)| SessionPain {
                session_id: n as i64,
                at: day(3),
                before: Score::new(pain).unwrap(),
                after: None,
            })
            .collect();
        let knot = knot(1, "upper-trapezius-left", 10, 4);
        assert_eq!(calm_spells(&knot, &sessions, 2), vec![(day(3), None)]);
    }

    #[test]
    fn one_calm_session_is_not_yet_calm_so_no_flare() {
        let h = history(&[(
            knot(1, "upper-trapezius-left", 10, 4),
            &[(0, 7), (1, 2), (2, 6)],
        )]);
        assert!(find_recurrences(&h, &Rules::default()).is_empty());
    }

    #[test]
    fn a_new_knot_beside_a_calmed_one_is_a_recurrence_of_it() {
        let h = history(&[
            (knot(1, "rhomboids-left", 12, 7), &[(0, 7), (1, 2), (2, 2)]),
            (knot(2, "rhomboids-left", 14, 8), &[(30, 6)]),
        ]);
        let found = find_recurrences(&h, &Rules::default());
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].knot, found[0].earlier_knot), (2, 1));
        assert_eq!(found[0].kind, RecurrenceKind::Nearby);
        assert_eq!(found[0].interval_days, 28);
    }

    #[test]
    fn a_knot_far_away_on_the_same_muscle_is_not_a_recurrence() {
        let h = history(&[
            (
                knot(1, "hamstrings-left", 10, 14),
                &[(0, 7), (1, 2), (2, 2)],
            ),
            (knot(2, "hamstrings-left", 10, 18), &[(30, 6)]),
        ]);
        assert!(find_recurrences(&h, &Rules::default()).is_empty());
    }

    #[test]
    fn a_knot_beside_one_still_active_is_not_a_recurrence() {
        let h = history(&[
            (knot(1, "rhomboids-left", 12, 7), &[(0, 7), (5, 6)]),
            (knot(2, "rhomboids-left", 13, 7), &[(3, 6)]),
        ]);
        assert!(find_recurrences(&h, &Rules::default()).is_empty());
    }

    #[test]
    fn a_knot_marked_resolved_that_hurts_again_is_a_flare() {
        let mut marked = knot(1, "piriformis-left", 8, 12);
        marked.marked_resolved_at = Some(day(3));
        let h = history(&[(marked, &[(0, 7), (2, 4), (10, 6)])]);
        let found = find_recurrences(&h, &Rules::default());
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].calmed_at, found[0].returned_at),
            (day(3), day(10))
        );
    }

    #[test]
    fn flagged_regions_name_causes_and_a_one_sided_pattern() {
        let h = history(&[(
            knot(1, "upper-trapezius-left", 10, 4),
            &[(0, 7), (1, 2), (2, 1), (20, 6), (21, 2), (22, 2), (40, 5)],
        )]);
        let found = find_recurrences(&h, &Rules::default());
        assert_eq!(found.len(), 2);
        let flagged = flag_regions(&tally_regions(&found));
        assert_eq!(flagged.len(), 1);
        assert_eq!(flagged[0].count, 2);
        assert_eq!(flagged[0].mean_interval_days, (18 + 18) / 2);
        assert!(flagged[0].causes[0].contains("posture"));
        assert!(
            flagged[0]
                .causes
                .last()
                .unwrap()
                .starts_with("only the left side")
        );
    }

    /// One return may be chance: only from the second does a region keep
    /// knots coming back, and only then is one side singled out.
    #[test]
    fn keeps_coming_back_needs_two_returns() {
        let once: &[(i64, u8)] = &[(0, 7), (1, 2), (2, 1), (20, 6)];
        let twice: &[(i64, u8)] = &[(0, 7), (1, 2), (2, 1), (20, 6), (21, 2), (22, 2), (40, 5)];
        for (scores, returns, one_sided) in [(once, 1, false), (twice, 2, true)] {
            let h = history(&[(knot(1, "upper-trapezius-left", 10, 4), scores)]);
            let flagged = flag_regions(&tally_regions(&find_recurrences(&h, &Rules::default())));
            assert_eq!(flagged.len(), 1);
            assert_eq!(flagged[0].count, returns);
            let said = flagged[0]
                .causes
                .iter()
                .any(|cause| cause.contains("keeps coming back"));
            assert_eq!(
                said, one_sided,
                "{returns} returns: {:?}",
                flagged[0].causes
            );
        }
    }
}

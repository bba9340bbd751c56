//! Which muscles trouble me, and is that getting better? Pain per region
//! and per body area over a period.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::history::History;
use super::knot::{KnotStatus, KnotSummary, Reading};
use crate::body::{Area, Region};

/// The periods the trends screen offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    #[default]
    FourWeeks,
    ThreeMonths,
    Year,
    All,
}

impl Period {
    pub const ALL: [Period; 4] = [
        Period::FourWeeks,
        Period::ThreeMonths,
        Period::Year,
        Period::All,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Period::FourWeeks => "4 weeks",
            Period::ThreeMonths => "3 months",
            Period::Year => "a year",
            Period::All => "all time",
        }
    }

    /// Where the period starts; `None` for all time.
    pub fn since(self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Period::FourWeeks => Some(now - Duration::weeks(4)),
            Period::ThreeMonths => Some(now - Duration::days(91)),
            Period::Year => Some(now - Duration::days(365)),
            Period::All => None,
        }
    }

    pub fn next(self) -> Period {
        let index = Period::ALL.iter().position(|&p| p == self).unwrap_or(0);
        Period::ALL[(index + 1) % Period::ALL.len()]
    }
}

/// Pain over time for one region or one area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// The region's or area's slug.
    pub key: String,
    pub name: String,
    /// Knots with readings in the period.
    pub knots: usize,
    /// Sessions in which it was logged in the period.
    pub sessions: usize,
    /// The mean of every score before treatment in the period.
    pub mean_pain: f64,
    /// The latest score before treatment.
    pub latest_pain: u8,
    /// Active knots now, and how many came back.
    pub active_knots: usize,
    pub recurrences: usize,
    /// Mean pain in equal slices of the period, oldest first; `None` where
    /// nothing was logged.
    pub series: Vec<Option<f64>>,
    /// Higher means look here first: active knots that are worse or
    /// stalled, then recent pain.
    #[serde(skip)]
    pub attention: u32,
}

/// How many slices a trend's series has.
pub const SERIES_LENGTH: usize = 12;

/// Trends per region and per area, most in need of attention first.
pub struct Trends {
    pub regions: Vec<Trend>,
    pub areas: Vec<Trend>,
    pub since: DateTime<Utc>,
}

/// Computes the trends of a history from `since` (or its first reading)
/// to `now`; `returns` counts the knots that came back to each region in
/// that period.
pub fn trends(
    history: &History,
    summaries: &[KnotSummary],
    returns: &HashMap<Region, usize>,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Trends {
    let since = since
        .or_else(|| history.readings.iter().map(|r| r.taken_at).min())
        .unwrap_or(now);
    let span = (now - since).num_seconds().max(1);
    let slice_of = |at: DateTime<Utc>| {
        let offset = (at - since).num_seconds().clamp(0, span - 1);
        (offset * SERIES_LENGTH as i64 / span) as usize
    };
    let region_of: HashMap<i64, Region> = history.knots.iter().map(|k| (k.id, k.region)).collect();
    let summary_of: HashMap<i64, &KnotSummary> = summaries.iter().map(|s| (s.knot.id, s)).collect();

    let mut regions: HashMap<String, Builder> = HashMap::new();
    let mut areas: HashMap<String, Builder> = HashMap::new();
    for reading in history
        .readings
        .iter()
        .filter(|r| r.taken_at >= since && r.taken_at <= now)
    {
        let (Some(region), Some(pain)) = (
            region_of.get(&reading.knot_id),
            reading.treatment.pain_before,
        ) else {
            continue;
        };
        let summary = summary_of.get(&reading.knot_id).copied();
        for (map, key, name) in [
            (&mut regions, region.slug(), region.name()),
            (
                &mut areas,
                region.area().slug().to_string(),
                region.area().name().to_string(),
            ),
        ] {
            let builder = map
                .entry(key.clone())
                .or_insert_with(|| Builder::new(key, name));
            builder.add(reading, pain.value(), slice_of(reading.taken_at), summary);
        }
    }
    count_recurrences(&mut regions, &mut areas, returns);
    Trends {
        regions: sorted(regions),
        areas: sorted(areas),
        since,
    }
}

/// One region's pain over one calendar month, added up when its readings
/// were written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthTally {
    pub region: Region,
    /// The first moment of the month (UTC).
    pub start: DateTime<Utc>,
    pub readings: u64,
    pub pain_sum: u64,
    /// Sessions that logged the region in the month.
    pub sessions: u64,
    /// The last reading (by time, then id) and its score.
    pub latest_at: DateTime<Utc>,
    pub latest_reading: i64,
    pub latest_pain: u8,
}

/// Trends over a long period from monthly tallies rather than every
/// reading: a month counts wholly when it overlaps the period, and a
/// knot counts when its first and last readings span part of it.
pub fn trends_by_month(
    months: &[MonthTally],
    summaries: &[KnotSummary],
    returns: &HashMap<Region, usize>,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Trends {
    let since = since
        .or_else(|| months.iter().map(|m| m.start).min())
        .unwrap_or(now);
    let span = (now - since).num_seconds().max(1);
    let slice_of = |at: DateTime<Utc>| {
        let offset = (at - since).num_seconds().clamp(0, span - 1);
        (offset * SERIES_LENGTH as i64 / span) as usize
    };
    let mut regions: HashMap<String, Builder> = HashMap::new();
    let mut areas: HashMap<String, Builder> = HashMap::new();
    for month in months
        .iter()
        .filter(|m| m.start <= now && m.latest_at >= since)
    {
        let end = month.start + Duration::days(31);
        let slices = slice_of(month.start)..=slice_of(end.min(now));
        for (map, key, name) in keys_of(month.region) {
            let map = if map { &mut regions } else { &mut areas };
            map.entry(key.clone())
                .or_insert_with(|| Builder::new(key, name))
                .add_month(month, slices.clone());
        }
    }
    for summary in summaries
        .iter()
        .filter(|s| s.first_seen <= now && s.last_seen >= since)
    {
        for (map, key, _) in keys_of(summary.knot.region) {
            let map = if map { &mut regions } else { &mut areas };
            if let Some(builder) = map.get_mut(&key) {
                builder.add_knot(summary.knot.id, Some(summary));
            }
        }
    }
    count_recurrences(&mut regions, &mut areas, returns);
    Trends {
        regions: sorted(regions),
        areas: sorted(areas),
        since,
    }
}

/// The region's and its area's keys and names; `true` marks the region.
fn keys_of(region: Region) -> [(bool, String, String); 2] {
    [
        (true, region.slug(), region.name()),
        (
            false,
            region.area().slug().to_string(),
            region.area().name().to_string(),
        ),
    ]
}

fn count_recurrences(
    regions: &mut HashMap<String, Builder>,
    areas: &mut HashMap<String, Builder>,
    returns: &HashMap<Region, usize>,
) {
    for (region, &count) in returns {
        if let Some(builder) = regions.get_mut(&region.slug()) {
            builder.recurrences += count;
        }
        if let Some(builder) = areas.get_mut(region.area().slug()) {
            builder.recurrences += count;
        }
    }
}

fn sorted(builders: HashMap<String, Builder>) -> Vec<Trend> {
    let mut trends: Vec<Trend> = builders.into_values().map(Builder::build).collect();
    trends.sort_by(|a, b| {
        b.attention
            .cmp(&a.attention)
            .then_with(|| a.key.cmp(&b.key))
    });
    trends
}

struct Builder {
    key: String,
    name: String,
    knots: HashSet<i64>,
    sessions: HashSet<i64>,
    /// Sessions counted in a month's tally, beyond `sessions`.
    tallied_sessions: u64,
    sum: u64,
    count: u64,
    latest: Option<(DateTime<Utc>, i64, u8)>,
    slices: Vec<(u64, u64)>,
    urgency: u8,
    active: Vec<i64>,
    recurrences: usize,
}

impl Builder {
    fn new(key: String, name: String) -> Builder {
        Builder {
            key,
            name,
            knots: HashSet::new(),
            sessions: HashSet::new(),
            tallied_sessions: 0,
            sum: 0,
            count: 0,
            latest: None,
            slices: vec![(0, 0); SERIES_LENGTH],
            urgency: 0,
            active: Vec::new(),
            recurrences: 0,
        }
    }

    fn add(&mut self, reading: &Reading, pain: u8, slice: usize, summary: Option<&KnotSummary>) {
        self.add_knot(reading.knot_id, summary);
        self.sessions.insert(reading.session_id);
        self.sum += u64::from(pain);
        self.count += 1;
        self.note_latest(reading.taken_at, reading.id, pain);
        self.slices[slice].0 += u64::from(pain);
        self.slices[slice].1 += 1;
    }

    fn add_knot(&mut self, knot: i64, summary: Option<&KnotSummary>) {
        if self.knots.insert(knot)
            && let Some(summary) = summary.filter(|s| s.status == KnotStatus::Active)
        {
            self.active.push(knot);
            self.urgency = self.urgency.max(summary.verdict().urgency());
        }
    }

    /// Keeps the score of the last reading, by time and then by id.
    fn note_latest(&mut self, at: DateTime<Utc>, reading: i64, pain: u8) {
        if self
            .latest
            .is_none_or(|(latest, id, _)| (at, reading) >= (latest, id))
        {
            self.latest = Some((at, reading, pain));
        }
    }

    /// A month of readings at once; its mean counts in every slice the
    /// month overlaps.
    fn add_month(&mut self, month: &MonthTally, slices: std::ops::RangeInclusive<usize>) {
        self.tallied_sessions += month.sessions;
        self.sum += month.pain_sum;
        self.count += month.readings;
        self.note_latest(month.latest_at, month.latest_reading, month.latest_pain);
        for slice in slices {
            self.slices[slice].0 += month.pain_sum;
            self.slices[slice].1 += month.readings;
        }
    }

    fn build(self) -> Trend {
        let latest_pain = self.latest.map_or(0, |(_, _, pain)| pain);
        Trend {
            attention: u32::from(self.urgency) * 100
                + u32::from(latest_pain) * 10
                + self.recurrences as u32,
            knots: self.knots.len(),
            sessions: self.sessions.len() + self.tallied_sessions as usize,
            mean_pain: self.sum as f64 / self.count.max(1) as f64,
            latest_pain,
            active_knots: self.active.len(),
            recurrences: self.recurrences,
            series: self
                .slices
                .iter()
                .map(|&(sum, count)| (count > 0).then(|| sum as f64 / count as f64))
                .collect(),
            key: self.key,
            name: self.name,
        }
    }
}

/// Parses an area slug as `trends --area` takes it.
pub fn parse_area(text: &str) -> Option<Area> {
    let wanted = text.trim().to_lowercase().replace([' ', '_'], "-");
    Area::ALL.into_iter().find(|area| area.slug() == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::{Spot, View};
    use crate::domain::knot::{Knot, NewReading, Reading};
    use crate::domain::pain::Score;
    use crate::domain::rules::Rules;

    fn day(n: i64) -> DateTime<Utc> {
        "2026-01-01T18:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::days(n)
    }

    fn history(knots: &[(&str, &[(i64, u8)])]) -> History {
        let mut history = History::default();
        for (index, (slug, scores)) in knots.iter().enumerate() {
            let id = index as i64 + 1;
            history.knots.push(Knot {
                id,
                uuid: format!("u{id}"),
                region: Region::from_slug(slug).unwrap(),
                spot: Spot {
                    view: View::Back,
                    x: 1,
                    y: 1,
                },
                created_at: day(0),
                marked_resolved_at: None,
                recurs_knot_id: None,
                cleared_at: None,
            });
            for &(n, pain) in *scores {
                history.readings.push(Reading {
                    id: history.readings.len() as i64 + 1,
                    uuid: String::new(),
                    knot_id: id,
                    session_id: n + 1,
                    taken_at: day(n),
                    treatment: NewReading::pain(Score::new(pain).unwrap()),
                });
            }
        }
        history
    }

    fn compute(history: &History, since: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Trends {
        let summaries = history.summaries(&Rules::default());
        trends(history, &summaries, &HashMap::new(), since, now)
    }

    #[test]
    fn regions_and_areas_count_knots_sessions_and_pain() {
        let h = history(&[
            ("soleus-left", &[(0, 6), (1, 4)]),
            ("gastrocnemius-left", &[(1, 8), (2, 6)]),
            ("hamstrings-right", &[(2, 3)]),
        ]);
        let t = compute(&h, None, day(3));
        let soleus = t.regions.iter().find(|r| r.key == "soleus-left").unwrap();
        assert_eq!(
            (soleus.knots, soleus.sessions, soleus.latest_pain),
            (1, 2, 4)
        );
        assert!((soleus.mean_pain - 5.0).abs() < 1e-9);
        let leg = t.areas.iter().find(|a| a.key == "lower-leg").unwrap();
        assert_eq!((leg.knots, leg.sessions, leg.latest_pain), (2, 3, 6));
        assert!((leg.mean_pain - 6.0).abs() < 1e-9);
        assert_eq!(t.areas.len(), 2);
    }

    #[test]
    fn the_series_slices_the_period_oldest_first() {
        let h = history(&[("soleus-left", &[(0, 8), (11, 2)])]);
        let t = compute(&h, Some(day(0)), day(12));
        let series = &t.regions[0].series;
        assert_eq!(series.len(), SERIES_LENGTH);
        assert_eq!(series[0], Some(8.0));
        assert_eq!(series[11], Some(2.0));
        assert!(series[1..11].iter().all(Option::is_none));
    }

    #[test]
    fn readings_before_the_period_are_left_out() {
        let h = history(&[("soleus-left", &[(0, 8)]), ("soleus-right", &[(20, 5)])]);
        let t = compute(&h, Some(day(10)), day(21));
        assert_eq!(t.regions.len(), 1);
        assert_eq!(t.regions[0].key, "soleus-right");
    }

    #[test]
    fn what_needs_attention_comes_first() {
        let h = history(&[
            ("soleus-left", &[(0, 8), (1, 4)]),  // on track
            ("biceps-left", &[(0, 5), (1, 7)]),  // worse
            ("triceps-left", &[(0, 9), (1, 9)]), // slow, but painful
        ]);
        let t = compute(&h, None, day(2));
        let order: Vec<&str> = t.regions.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(order, ["biceps-left", "triceps-left", "soleus-left"]);
    }

    #[test]
    fn areas_are_read_from_their_slugs() {
        assert_eq!(parse_area("lower-back"), Some(Area::LowerBack));
        assert_eq!(parse_area("Lower back"), Some(Area::LowerBack));
        assert_eq!(parse_area("elbow"), None);
    }
}

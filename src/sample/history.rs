//! The synthetic history before the newest month.
//!
//! It is planned first, then yielded day by day. The plan is a list of
//! episodes: a knot treated from a flare-up until it is calm, then checked
//! now and then, each with a course (calms in three to five sessions, calms
//! quickly, calms slowly, stalls until the person changes approach, gets
//! worse from pressing too hard). Episodes are spread over the span and
//! given knots in time order: an earlier knot that has been calm for a
//! while flares again, or a new knot forms, often beside a calmed one on
//! the same muscle. A few episodes in the last months are left unfinished,
//! so that the present holds a few open knots, not hundreds.
//!
//! The shape grows with the size asked for: a million readings span about
//! ten years and a few thousand knots; five thousand, a year and a half and
//! a few dozen knots.

use std::collections::VecDeque;

use chrono::{DateTime, Days, Duration, Local, NaiveDate, NaiveTime, TimeZone, Utc};

use super::Counter;
use super::courses::{COURSES, Course, Phase, Step, course_steps, note, open_steps, symptom};
use super::places::{Place, places, spot_near};
use super::rng::Rng;
use crate::body::{Body, Spot};
use crate::domain::NewReading;
use crate::domain::pain::Score;
use crate::domain::recurrence::{RECUR_X, RECUR_Y};
use crate::store::BulkRecord;

/// At this many readings the history spans `REFERENCE_DAYS` and holds
/// about `REFERENCE_KNOTS` knots; other sizes scale from there.
const REFERENCE_READINGS: f64 = 1_000_000.0;
const REFERENCE_DAYS: f64 = 3650.0;
const REFERENCE_KNOTS: f64 = 3000.0;
/// The span grows as the size to this power (the rest of the growth goes
/// into more knots treated at once)...
const SPAN_POWER: f64 = 0.375;
/// ...and the number of knots as the size to this one.
const KNOTS_POWER: f64 = 0.75;
/// The shortest span, whatever the size.
const MIN_SPAN_DAYS: u32 = 60;
/// The synthetic history ends this many days before now: the newest month
/// belongs to the stories.
const DAYS_BEFORE_NOW: u64 = 31;
/// Unfinished episodes start within this many days of the end.
const OPEN_WITHIN_DAYS: u32 = 180;
/// The most unfinished episodes, however large the history.
const MAX_OPEN: usize = 12;
/// The most sittings in one day, two hours apart.
const SITTING_HOURS: [u32; 10] = [7, 19, 21, 17, 9, 13, 15, 11, 23, 5];
/// Readings in one sitting, about, before the day is split into more.
const READINGS_PER_SITTING: usize = 14;

struct Episode {
    knot: u32,
    /// Days after the history's first day.
    start: u32,
    /// Which of its region's usual treatments is used.
    habit: u8,
    /// Left unfinished: the knot stays open and is never treated again.
    open: bool,
    steps: Vec<Step>,
}

impl Episode {
    fn length(&self) -> u32 {
        self.steps.last().map_or(0, |step| u32::from(step.day))
    }
}

struct PlanKnot {
    region: u16,
    spot: Spot,
    /// The first day it may flare again.
    free_from: u32,
    /// How readily it comes back, relative to the others.
    proneness: u32,
    retired: bool,
}

/// One reading to come: its day, then where it sits in the day's order.
struct Due {
    day: u32,
    /// Head to toe: the order a person works through their knots.
    order: u32,
    knot: u32,
    episode: u32,
    step: u16,
}

pub struct Synthetic {
    first_day: NaiveDate,
    places: Vec<Place>,
    knots: Vec<PlanKnot>,
    episodes: Vec<Episode>,
    due: Vec<Due>,
    next: usize,
    /// The index each planned knot was yielded under, once it was.
    yielded: Vec<Option<usize>>,
    rng: Rng,
    session_span: Duration,
    last_session: Option<(usize, DateTime<Utc>)>,
}

impl Synthetic {
    /// Plans about `wanted` readings for a sample of `size` readings in
    /// all, ending a month before `now`.
    pub fn plan(
        size: usize,
        wanted: usize,
        seed: u64,
        now: DateTime<Utc>,
        session_span: Duration,
    ) -> Synthetic {
        let mut rng = Rng::new(seed);
        let places = places(&mut rng);
        let last_day = now.with_timezone(&Local).date_naive() - Days::new(DAYS_BEFORE_NOW);
        let (span, knots_wanted) = shape(size);
        let first_day = last_day - Days::new(u64::from(span));
        let mut synthetic = Synthetic {
            first_day,
            places,
            knots: Vec::new(),
            episodes: Vec::new(),
            due: Vec::new(),
            next: 0,
            yielded: Vec::new(),
            rng: Rng::new(rng.next_u64()),
            session_span,
            last_session: None,
        };
        if wanted == 0 || synthetic.places.is_empty() {
            return synthetic;
        }

        // Episodes, each with its course, until they hold the readings
        // wanted; the last one's checks cut to fit.
        let mut episodes = Vec::new();
        let mut total = 0;
        while total < wanted {
            let course = rng.weighted(&COURSES).unwrap_or(Course::Calms);
            let steps = course_steps(course, &mut rng);
            total += steps.len();
            episodes.push(Episode {
                knot: 0,
                start: 0,
                habit: 0,
                open: false,
                steps,
            });
        }
        if let Some(last) = episodes.last_mut() {
            while total > wanted && last.steps.last().is_some_and(|s| s.phase == Phase::Upkeep) {
                last.steps.pop();
                total -= 1;
            }
        }

        // Spread over the span, each inside it.
        for episode in &mut episodes {
            let room = span.saturating_sub(episode.length());
            episode.start = rng.below(u64::from(room) + 1) as u32;
        }
        episodes.sort_by_key(|episode| episode.start);

        // A few episodes of the last months are left unfinished.
        let open = (2 + size / 100_000).min(MAX_OPEN).min(episodes.len() / 4);
        let recent = episodes.partition_point(|e| e.start + OPEN_WITHIN_DAYS < span);
        let recent = recent.min(episodes.len().saturating_sub(open));
        for _ in 0..open {
            let candidates = episodes.len() - recent;
            for _ in 0..candidates {
                let index = recent + rng.below(candidates as u64) as usize;
                if !episodes[index].open {
                    let episode = &mut episodes[index];
                    episode.open = true;
                    episode.steps = open_steps(&mut rng);
                    let start = episode.start;
                    episode
                        .steps
                        .retain(|step| start + u32::from(step.day) <= span);
                    break;
                }
            }
        }
        episodes.retain(|episode| !episode.steps.is_empty());

        synthetic.assign_knots(&mut episodes, knots_wanted, &mut rng);
        synthetic.episodes = episodes;
        synthetic.schedule();
        synthetic
    }

    /// Gives every episode its knot, in time order: a calm knot of the
    /// region flares again, or a new one forms, beside a calm one or
    /// anywhere on the muscle.
    fn assign_knots(&mut self, episodes: &mut [Episode], knots_wanted: f64, rng: &mut Rng) {
        let body = Body::get();
        // Half the knots wanted form by chance; the rest when a flare-up finds
        // every knot of its muscle busy.
        let new_knot_chance = (knots_wanted / 2.0 / episodes.len() as f64).min(1.0);
        let weights: Vec<(usize, u32)> = self
            .places
            .iter()
            .enumerate()
            .map(|(index, place)| (index, place.weight))
            .collect();
        let mut by_place: Vec<Vec<u32>> = vec![Vec::new(); self.places.len()];
        for episode in episodes.iter_mut() {
            let calm_in = |place: usize| -> Vec<(u32, u32)> {
                by_place[place]
                    .iter()
                    .map(|&knot| (knot, &self.knots[knot as usize]))
                    .filter(|(_, knot)| !knot.retired && knot.free_from <= episode.start)
                    .map(|(index, knot)| (index, knot.proneness))
                    .collect()
            };
            let new_knot = rng.chance(new_knot_chance);
            // A flare-up is of a calm knot: a muscle whose knots are all
            // busy or open leaves the turn to another muscle.
            let mut place_index = rng.weighted(&weights).unwrap_or(0);
            let mut calm = calm_in(place_index);
            for _ in 0..4 {
                if new_knot || !calm.is_empty() {
                    break;
                }
                place_index = rng.weighted(&weights).unwrap_or(0);
                calm = calm_in(place_index);
            }
            let place = &self.places[place_index];
            let flare = rng.weighted(&calm).filter(|_| !new_knot);
            let knot = match flare {
                Some(knot) => knot,
                None => {
                    let beside = rng
                        .weighted(&calm)
                        .filter(|_| rng.chance(0.5))
                        .map(|knot| self.knots[knot as usize].spot);
                    let spot = match beside {
                        Some(spot) => spot_near(body, place.region, spot, (RECUR_X, RECUR_Y), rng),
                        // Three columns and two rows of the middle drawing.
                        None => spot_near(body, place.region, place.home, (83, 100), rng),
                    };
                    self.knots.push(PlanKnot {
                        region: place_index as u16,
                        spot,
                        free_from: 0,
                        proneness: rng
                            .weighted(&[(1, 40), (2, 30), (4, 20), (8, 10)])
                            .unwrap_or(1),
                        retired: false,
                    });
                    let index = (self.knots.len() - 1) as u32;
                    by_place[place_index].push(index);
                    index
                }
            };
            episode.knot = knot;
            episode.habit = rng.weighted(&[(0, 6), (1, 3), (2, 1)]).unwrap_or(0) as u8
                % place.habits.len().max(1) as u8;
            let planned = &mut self.knots[knot as usize];
            // Calm for a few weeks at least before it can flare again.
            planned.free_from = episode.start + episode.length() + rng.between(10, 60);
            planned.retired = episode.open;
        }
        self.yielded = vec![None; self.knots.len()];
    }

    /// Lists every reading to come in time order.
    fn schedule(&mut self) {
        let total = self.episodes.iter().map(|e| e.steps.len()).sum();
        let mut due = Vec::with_capacity(total);
        for (index, episode) in self.episodes.iter().enumerate() {
            let knot = &self.knots[episode.knot as usize];
            for (step_index, step) in episode.steps.iter().enumerate() {
                due.push(Due {
                    day: episode.start + u32::from(step.day),
                    order: u32::from(knot.region),
                    knot: episode.knot,
                    episode: index as u32,
                    step: step_index as u16,
                });
            }
        }
        // A knot is treated at most once a day: the key is unique.
        due.sort_unstable_by_key(|d| (d.day, d.order, d.knot));
        self.due = due;
    }

    /// The session the latest sitting opened, and when.
    pub fn last_session_start(&self) -> Option<(usize, DateTime<Utc>)> {
        self.last_session
    }

    /// Yields the next day's sittings into `out`; false when there are no
    /// more days.
    pub(super) fn next_day(
        &mut self,
        counter: &mut Counter,
        out: &mut VecDeque<BulkRecord>,
    ) -> bool {
        let Some(first) = self.due.get(self.next) else {
            return false;
        };
        let day = first.day;
        let count = self.due[self.next..]
            .iter()
            .take_while(|d| d.day == day)
            .count();
        let date = self.first_day + Days::new(u64::from(day));
        let sittings = self.sittings(count);
        // Readings of a sitting stay within the span that joins them into
        // one session, and a couple of minutes apart at most.
        let spread = (self.session_span - Duration::minutes(1))
            .num_seconds()
            .clamp(0, 50 * 60);
        let mut done = 0;
        for (index, &(hour, minute)) in sittings.iter().enumerate() {
            let size = count * (index + 1) / sittings.len() - done;
            let start = local_time(date, hour, minute);
            let gap = (spread / size.max(1) as i64).min(150);
            for position in 0..size {
                let jitter = if position == 0 || gap < 2 {
                    0
                } else {
                    self.rng.below(gap as u64 / 2) as i64
                };
                let at = start + Duration::seconds(position as i64 * gap + jitter);
                if position == 0 {
                    let (session, record) = counter.session(at);
                    out.push_back(record);
                    self.last_session = Some((session, at));
                }
                let due = &self.due[self.next + done + position];
                let (knot, episode, step) = (due.knot as usize, due.episode, due.step);
                let knot_index = match self.yielded[knot] {
                    Some(index) => index,
                    None => {
                        let planned = &self.knots[knot];
                        let region = self.places[planned.region as usize].region;
                        let (index, record) = counter.knot(region, planned.spot, at);
                        out.push_back(record);
                        self.yielded[knot] = Some(index);
                        index
                    }
                };
                let treatment = self.treatment(episode as usize, usize::from(step));
                let session = self.last_session.map_or(0, |(session, _)| session);
                out.push_back(counter.reading(knot_index, session, at, treatment));
            }
            done += size;
        }
        self.next += count;
        true
    }

    /// When the day's sittings start (hour and minute, local time), in
    /// order: one in the evening or the morning on an ordinary day, more
    /// when there is much to treat.
    fn sittings(&mut self, readings: usize) -> Vec<(u32, u32)> {
        let count = if readings <= 8 {
            if readings >= 4 && self.rng.chance(0.15) {
                2
            } else {
                1
            }
        } else {
            readings
                .div_ceil(READINGS_PER_SITTING)
                .clamp(2, SITTING_HOURS.len())
        };
        if count == 1 {
            let hour = self
                .rng
                .weighted(&[(19, 30), (20, 25), (18, 10), (21, 15), (7, 12), (8, 8)])
                .unwrap_or(19);
            return vec![(hour, self.rng.between(0, 45))];
        }
        let mut hours: Vec<u32> = SITTING_HOURS[..count].to_vec();
        hours.sort_unstable();
        hours
            .into_iter()
            .map(|hour| (hour, self.rng.between(0, 10)))
            .collect()
    }

    /// What one reading says: its scores from the plan, and how the knot
    /// was treated, as people log it (now and then without a field).
    fn treatment(&mut self, episode: usize, step: usize) -> NewReading {
        let episode = &self.episodes[episode];
        let step = episode.steps[step];
        let place = &self.places[self.knots[episode.knot as usize].region as usize];
        let rng = &mut self.rng;
        let (technique, tool) = place
            .habits
            .get(usize::from(episode.habit))
            .copied()
            .unwrap_or(("pressure", "ball"));
        let technique = match step.phase {
            Phase::Changed => "calm-first protocol",
            _ => technique,
        };
        let (minutes, pressure) = match step.phase {
            Phase::Usual | Phase::Stuck => (rng.between(3, 7), rng.between(4, 5)),
            Phase::Changed => (rng.between(4, 6), rng.between(4, 5)),
            Phase::TooHard => (rng.between(7, 10), 6),
            Phase::Upkeep => (rng.between(2, 4), rng.between(3, 4)),
        };
        let symptoms = if rng.chance(0.004) {
            vec![symptom(place.region, step.phase, rng)]
        } else {
            Vec::new()
        };
        let note = rng.chance(0.02).then(|| note(step.phase, rng).to_string());
        NewReading {
            pain_before: Score::new(step.before),
            pain_after: step.after.and_then(Score::new),
            technique: (!rng.chance(0.02)).then(|| technique.to_string()),
            tool: (!rng.chance(0.04)).then(|| tool.to_string()),
            minutes: (!rng.chance(0.06)).then_some(minutes as u16),
            pressure: (!rng.chance(0.12))
                .then(|| Score::new(pressure as u8))
                .flatten(),
            symptoms,
            note,
            ppt: None,
        }
    }
}

/// How many days a sample of `size` readings spans, and about how many
/// knots it holds.
fn shape(size: usize) -> (u32, f64) {
    let scale = size as f64 / REFERENCE_READINGS;
    let span = ((REFERENCE_DAYS * scale.powf(SPAN_POWER)).round() as u32).max(MIN_SPAN_DAYS);
    let knots = (REFERENCE_KNOTS * scale.powf(KNOTS_POWER)).round().max(3.0);
    (span, knots)
}

/// `hour:minute` local time on `date`, as UTC; an hour later when the
/// clocks skip that moment.
fn local_time(date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let time = NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN);
    let naive = date.and_time(time);
    Local
        .from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            Local
                .from_local_datetime(&(naive + Duration::hours(1)))
                .earliest()
        })
        .map_or_else(
            || Utc.from_utc_datetime(&naive),
            |time| time.with_timezone(&Utc),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_million_readings_span_ten_years_and_a_few_thousand_knots() {
        assert_eq!(shape(1_000_000), (3650, 3000.0));
        let (span, knots) = shape(5000);
        assert!((450..600).contains(&span), "{span} days");
        assert!((40.0..80.0).contains(&knots), "{knots} knots");
        assert_eq!(shape(10).0, MIN_SPAN_DAYS);
    }
}

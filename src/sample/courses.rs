//! How an episode of the synthetic history goes, session by session: its
//! course (calms, stalls, gets worse...), the scores of each session, and
//! the symptoms and notes that fit a session of it.

use super::rng::Rng;
use crate::body::{Area, Region};
use crate::domain::symptom::Symptom;

/// How an episode goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Course {
    /// 7-8/10 down to 3-4 within three to five sessions, then calm.
    Calms,
    /// A mild knot, calm in three or four sessions.
    Quick,
    /// A point every other session or so.
    Slow,
    /// No real change for a week or more, until the person changes approach.
    Stalls,
    /// Worse from pressing too hard, until the person rests it and eases off.
    Worsens,
}

pub(super) const COURSES: [(Course, u32); 5] = [
    (Course::Calms, 50),
    (Course::Quick, 16),
    (Course::Slow, 12),
    (Course::Stalls, 14),
    (Course::Worsens, 8),
];

/// What a session of an episode is like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    /// Treated as usual.
    Usual,
    /// Treated without real change.
    Stuck,
    /// A changed approach after a stall or a flare-up: calm first, gently.
    Changed,
    /// Pressing too hard, too long.
    TooHard,
    /// Calm: checked two or three times a week.
    Upkeep,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Step {
    /// Days after the episode's first session.
    pub(super) day: u16,
    pub(super) before: u8,
    pub(super) after: Option<u8>,
    pub(super) phase: Phase,
}

/// Builds an episode's sessions day by day.
struct Steps<'a> {
    steps: Vec<Step>,
    day: u16,
    rng: &'a mut Rng,
}

impl Steps<'_> {
    /// A session at `before`, a day or so after the last one (two to four
    /// days for a check on a calm knot).
    fn push(&mut self, before: u8, phase: Phase) {
        if !self.steps.is_empty() {
            self.day += match phase {
                Phase::Upkeep => self.rng.between(2, 4) as u16,
                _ => self.rng.weighted(&[(1, 80), (2, 16), (3, 4)]).unwrap_or(1),
            };
        }
        let before = before.min(10);
        let relief: &[(u8, u32)] = match phase {
            Phase::Usual | Phase::Changed => &[(1, 2), (2, 4), (3, 3), (4, 1)],
            Phase::Stuck => &[(1, 3), (2, 1)],
            Phase::TooHard => &[(0, 1), (1, 2), (2, 1)],
            Phase::Upkeep => &[(1, 1)],
        };
        let after = if before >= 3 {
            self.rng
                .chance(0.85)
                .then(|| before.saturating_sub(self.rng.weighted(relief).unwrap_or(1)))
        } else {
            self.rng.chance(0.25).then(|| before.saturating_sub(1))
        };
        self.steps.push(Step {
            day: self.day,
            before,
            after,
            phase,
        });
    }

    fn pause(&mut self, low: u32, high: u32) {
        self.day += self.rng.between(low, high) as u16;
    }

    /// From `from` down to 3-4/10 in three to five sessions, then two calm
    /// sessions in a row: resolved.
    fn calm_down(&mut self, from: u8, phase: Phase) {
        let sessions = self.rng.between(3, 5) as u8;
        let target = (self.rng.between(3, 4) as u8)
            .min(from.saturating_sub(2))
            .max(2);
        for index in 0..sessions {
            let drop = f64::from(from - target) * f64::from(index) / f64::from(sessions - 1);
            self.push(from - drop.round() as u8, phase);
        }
        if target == 4 && self.rng.chance(0.5) {
            self.push(3, phase);
        }
        self.resolve(phase);
    }

    /// Two calm sessions in a row.
    fn resolve(&mut self, phase: Phase) {
        let first = self.rng.between(1, 2) as u8;
        self.push(first, phase);
        let second = self.rng.between(0, 2) as u8;
        self.push(second, phase);
    }

    /// A few checks on the calm knot, two or three times a week.
    fn upkeep(&mut self) {
        let checks = self
            .rng
            .weighted(&[(0, 1), (2, 2), (4, 3), (6, 3), (8, 2)])
            .unwrap_or(0);
        for _ in 0..checks {
            let pain = self.rng.weighted(&[(0, 1), (1, 3), (2, 3)]).unwrap_or(1);
            self.push(pain, Phase::Upkeep);
        }
    }

    /// No real change: within a point of `from` for `sessions` sessions.
    fn stall(&mut self, from: u8, sessions: u32) -> u8 {
        let mut last = from;
        for _ in 0..sessions {
            last = match self.rng.below(6) {
                0 => from - 1,
                1 => from + 1,
                _ => from,
            };
            self.push(last, Phase::Stuck);
        }
        last
    }

    /// Worse session after session, at least two points above `from`.
    fn worsen(&mut self, from: u8) -> u8 {
        let mut pain = from;
        for _ in 0..self.rng.between(3, 5) {
            self.push(pain, Phase::TooHard);
            if pain < 9 && self.rng.chance(0.7) {
                pain += 1;
            }
        }
        let peak = pain.max(from + 2).min(9);
        self.push(peak, Phase::TooHard);
        peak
    }
}

/// The sessions of one finished episode: its course, then a few checks.
pub(super) fn course_steps(course: Course, rng: &mut Rng) -> Vec<Step> {
    let mut steps = Steps {
        steps: Vec::new(),
        day: 0,
        rng,
    };
    match course {
        Course::Calms => {
            let from = steps
                .rng
                .weighted(&[(6, 2), (7, 4), (8, 4), (9, 1)])
                .unwrap_or(7);
            steps.calm_down(from, Phase::Usual);
        }
        Course::Quick => {
            let from = steps.rng.between(4, 5) as u8;
            steps.push(from, Phase::Usual);
            steps.push(from - 2, Phase::Usual);
            steps.resolve(Phase::Usual);
        }
        Course::Slow => {
            let mut pain = steps.rng.between(6, 8) as u8;
            let mut calm_in_a_row = 0;
            for _ in 0..20 {
                steps.push(pain, Phase::Usual);
                calm_in_a_row = if pain <= 2 { calm_in_a_row + 1 } else { 0 };
                if calm_in_a_row == 2 {
                    break;
                }
                if pain > 0 && steps.rng.chance(0.5) {
                    pain -= 1;
                }
            }
            if calm_in_a_row < 2 {
                steps.resolve(Phase::Usual);
            }
        }
        Course::Stalls => {
            let from = steps.rng.between(5, 7) as u8;
            let sessions = steps.rng.between(5, 9);
            let last = steps.stall(from, sessions);
            steps.pause(1, 3);
            steps.calm_down(last.max(5), Phase::Changed);
        }
        Course::Worsens => {
            let from = steps.rng.between(4, 6) as u8;
            let peak = steps.worsen(from);
            // A few days' rest, then gently.
            steps.pause(3, 6);
            steps.calm_down(peak - 1, Phase::Changed);
        }
    }
    steps.upkeep();
    steps.steps
}

/// The sessions of an episode left unfinished: stalled or getting worse
/// when the person stopped logging it.
pub(super) fn open_steps(rng: &mut Rng) -> Vec<Step> {
    let mut steps = Steps {
        steps: Vec::new(),
        day: 0,
        rng,
    };
    if steps.rng.chance(0.7) {
        let from = steps.rng.between(5, 7) as u8;
        let sessions = steps.rng.between(5, 9);
        steps.stall(from, sessions);
    } else {
        let from = steps.rng.between(4, 6) as u8;
        steps.worsen(from);
    }
    steps.steps
}

/// A symptom that fits where the knot is and how it was treated.
pub(super) fn symptom(region: Region, phase: Phase, rng: &mut Rng) -> Symptom {
    if phase == Phase::TooHard {
        return Symptom::Bruising;
    }
    match region.area() {
        Area::Neck | Area::Hip | Area::Arm => {
            if rng.chance(0.6) {
                Symptom::Tingling
            } else {
                Symptom::Numbness
            }
        }
        _ => {
            if rng.chance(0.5) {
                Symptom::SharpPain
            } else {
                Symptom::Bruising
            }
        }
    }
}

/// A short note of the kind people leave.
pub(super) fn note(phase: Phase, rng: &mut Rng) -> &'static str {
    let notes: &[&str] = match phase {
        Phase::Usual | Phase::Stuck => &[
            "stiff after a long day at the desk",
            "slept on that side",
            "after a long run",
            "long drive today",
            "tense week at work",
            "carried the shopping on that side",
            "better after stretching",
        ],
        Phase::Changed => &[
            "tried the calm-first protocol",
            "went gently this time",
            "much easier than pressing on it",
        ],
        Phase::TooHard => &[
            "pressed too hard yesterday",
            "heavy session at the gym",
            "sore from the roller",
        ],
        Phase::Upkeep => &["barely there", "just checking it", "fine after the weekend"],
    };
    notes[rng.below(notes.len() as u64) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_finished_course_ends_calm_and_every_open_one_does_not() {
        let mut rng = Rng::new(9);
        let calm = |step: &Step| step.before <= 2;
        for _ in 0..500 {
            for (course, _) in COURSES {
                let steps = course_steps(course, &mut rng);
                let resolved = steps
                    .windows(2)
                    .position(|pair| calm(&pair[0]) && calm(&pair[1]))
                    .unwrap_or_else(|| panic!("{course:?} never calms: {steps:?}"));
                assert!(steps[resolved..].iter().all(calm), "{course:?}: {steps:?}");
                assert!(steps[0].before >= 4, "{course:?} starts calm: {steps:?}");
                assert!(steps.windows(2).all(|pair| pair[0].day < pair[1].day));
            }
            let open = open_steps(&mut rng);
            assert!(open.iter().all(|step| !calm(step)), "{open:?}");
        }
    }

    #[test]
    fn a_calming_knot_drops_to_three_or_four_within_five_sessions() {
        let mut rng = Rng::new(4);
        for _ in 0..500 {
            let steps = course_steps(Course::Calms, &mut rng);
            assert!((6..=9).contains(&steps[0].before), "{steps:?}");
            assert!(steps[..5].iter().any(|step| step.before <= 4), "{steps:?}");
        }
    }
}

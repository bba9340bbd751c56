//! The "calm first" protocol as a timed walk-through: find the tender
//! point without pressing it, roll around it, then press beside it and
//! contract the muscle in short rounds. Time is always passed in, so the
//! phases can be driven by a test clock.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::body::{Caution, Region};

/// Rounds of contract-and-relax (the guide says three or four).
pub const ROUNDS: u8 = 4;

/// Rounds on the neck: fewer, and gentler.
pub const GENTLE_ROUNDS: u8 = 3;

/// How the protocol is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    /// As the guides give it.
    Normal,
    /// For the neck: one side at a time, fingers only, no massage gun,
    /// lower pressure.
    Gentle,
}

/// How the protocol applies to a region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applies {
    Normal,
    Gentle,
    /// Not on this region at all: these muscles, on the same side, are
    /// the ones to work instead.
    NotAtAll {
        instead: Vec<Region>,
    },
}

/// The muscles to work instead of the IT band: the ones that pull on it.
const AROUND_THE_IT_BAND: [&str; 3] = ["tensor-fasciae-latae", "gluteus-medius", "gluteus-maximus"];

/// How the protocol applies to `region`: gently on the neck, where the
/// arteries to the brain run; not at all on the IT band, a band of tissue
/// that rolling does not loosen, where the muscles that pull on it are
/// worked instead; as usual everywhere else.
pub fn applies(region: Region) -> Applies {
    match region.caution() {
        Some(Caution::Neck) => Applies::Gentle,
        Some(Caution::DoNotRollDirectly) => Applies::NotAtAll {
            instead: AROUND_THE_IT_BAND
                .iter()
                .filter_map(|base| {
                    Region::all().find(|r| r.muscle.base == *base && r.side == region.side)
                })
                .collect(),
        },
        Some(Caution::Calf) | None => Applies::Normal,
    }
}

impl Applies {
    /// The variant to run, or `None` where the protocol is not done.
    pub fn variant(&self) -> Option<Variant> {
        match self {
            Applies::Normal => Some(Variant::Normal),
            Applies::Gentle => Some(Variant::Gentle),
            Applies::NotAtAll { .. } => None,
        }
    }

    /// The stable name used in JSON and in tests.
    pub fn slug(&self) -> &'static str {
        match self {
            Applies::Normal => "normal",
            Applies::Gentle => "gentle",
            Applies::NotAtAll { .. } => "not-at-all",
        }
    }
}

impl Variant {
    /// The heading of the plan, with its length worked out from its steps.
    pub fn heading(self) -> String {
        let minutes = crate::text::plural(planned_minutes(self), "minute", "minutes");
        match self {
            Variant::Normal => format!("The plan, about {minutes} in all:"),
            Variant::Gentle => {
                format!("The gentle plan for the neck, about {minutes}, one side only:")
            }
        }
    }

    /// The plan in a few lines, to read before starting: each part with
    /// its number (none for a closing remark). A number and its unit are
    /// joined by a no-break space, so that a wrapped line keeps them
    /// together.
    pub fn plan(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Variant::Normal => &[
                (
                    "1.",
                    "find the most tender point, without pressing it (20\u{a0}s)",
                ),
                (
                    "2.",
                    "roll around it, 5\u{a0}cm away, at 4-5/10 pressure (60-90\u{a0}s)",
                ),
                (
                    "3.",
                    "press beside it, contract 5\u{a0}s, relax 12\u{a0}s, four times",
                ),
                ("4.", "log how it was before and how it is after"),
            ],
            Variant::Gentle => &[
                (
                    "1.",
                    "find the most tender point with a fingertip, without pressing (20\u{a0}s)",
                ),
                (
                    "2.",
                    "small circles around it with the fingers, at 2-3/10 pressure (60\u{a0}s)",
                ),
                (
                    "3.",
                    "a fingertip beside it, tense gently 5\u{a0}s, relax 12\u{a0}s, three times",
                ),
                ("4.", "log how it was before and how it is after"),
                (
                    "",
                    "Fingers only: no massage gun or ball, and never both sides at once.",
                ),
            ],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Find,
    RollAround,
    Contract {
        round: u8,
    },
    Relax {
        round: u8,
    },
    /// The timed part is over: time for the score after treatment.
    Score,
}

/// One phase: what to do and for how long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub kind: StepKind,
    pub title: String,
    pub instruction: &'static str,
    /// How long the phase lasts; `None` for the last one, which waits.
    pub seconds: Option<i64>,
}

/// The timed phases' length in all, in whole minutes, rounded.
pub fn planned_minutes(variant: Variant) -> i64 {
    let seconds: i64 = steps(variant).iter().filter_map(|step| step.seconds).sum();
    (seconds + 30) / 60
}

/// Every phase of a variant, in order.
pub fn steps(variant: Variant) -> Vec<Step> {
    let gentle = variant == Variant::Gentle;
    let (find, around, around_seconds, contract, rounds) = if gentle {
        (
            "Find the most tender point with a fingertip, on one side of the neck only. Do not press on it: just note where it is.",
            "With your fingers only (no ball, no massage gun), make small slow circles around the spot, a finger's width or two away, at a light 2-3/10. One side only, never both at once. Keep going for about a minute.",
            60,
            "Rest a fingertip beside the spot, not on it, and tense the muscle gently.",
            GENTLE_ROUNDS,
        )
    } else {
        (
            "Find the most tender point with a finger. Do not press on it: just note where it is.",
            "Roll the tissue around the spot, staying about 5 cm (2 in) away from it, at a pressure of 4-5/10. Keep going for 60 to 90 seconds.",
            90,
            "Press beside the spot, not on it, and tighten the muscle hard.",
            ROUNDS,
        )
    };
    let mut steps = vec![
        Step {
            kind: StepKind::Find,
            title: "Find it".to_string(),
            instruction: find,
            seconds: Some(20),
        },
        Step {
            kind: StepKind::RollAround,
            title: if gentle {
                "Around it, gently".to_string()
            } else {
                "Roll around it".to_string()
            },
            instruction: around,
            seconds: Some(around_seconds),
        },
    ];
    for round in 1..=rounds {
        steps.push(Step {
            kind: StepKind::Contract { round },
            title: format!("Contract, round {round} of {rounds}"),
            instruction: contract,
            seconds: Some(5),
        });
        steps.push(Step {
            kind: StepKind::Relax { round },
            title: format!("Relax, round {round} of {rounds}"),
            instruction: "Let the muscle go completely and breathe out slowly.",
            seconds: Some(12),
        });
    }
    steps.push(Step {
        kind: StepKind::Score,
        title: "How is it now?".to_string(),
        instruction: "Log how tender the knot was before and how it is now.",
        seconds: None,
    });
    steps
}

/// A run of the protocol: which phase, and how much of it is left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protocol {
    steps: Vec<Step>,
    index: usize,
    /// When the current phase began, moved on by the time spent paused.
    phase_started: DateTime<Utc>,
    started: DateTime<Utc>,
    paused_at: Option<DateTime<Utc>>,
}

impl Protocol {
    pub fn start(variant: Variant, now: DateTime<Utc>) -> Protocol {
        Protocol {
            steps: steps(variant),
            index: 0,
            phase_started: now,
            started: now,
            paused_at: None,
        }
    }

    pub fn step(&self) -> &Step {
        &self.steps[self.index]
    }

    /// The phase number (from 1) and how many there are.
    pub fn position(&self) -> (usize, usize) {
        (self.index + 1, self.steps.len())
    }

    pub fn is_paused(&self) -> bool {
        self.paused_at.is_some()
    }

    pub fn is_finished(&self) -> bool {
        self.step().kind == StepKind::Score
    }

    /// Time left in the current phase, as of `now`.
    pub fn remaining(&self, now: DateTime<Utc>) -> Duration {
        let Some(seconds) = self.step().seconds else {
            return Duration::zero();
        };
        let now = self.paused_at.unwrap_or(now);
        (Duration::seconds(seconds) - (now - self.phase_started)).max(Duration::zero())
    }

    /// Whole minutes spent so far, pauses included, at least one.
    pub fn minutes(&self, now: DateTime<Utc>) -> u16 {
        ((now - self.started).num_seconds() / 60).clamp(1, 600) as u16
    }

    /// Moves on past every phase whose time is up; returns whether the
    /// phase changed, so the caller can ring a bell.
    pub fn tick(&mut self, now: DateTime<Utc>) -> bool {
        if self.paused_at.is_some() {
            return false;
        }
        let mut changed = false;
        while let Some(seconds) = self.step().seconds {
            let ends = self.phase_started + Duration::seconds(seconds);
            if now < ends {
                break;
            }
            self.index += 1;
            self.phase_started = ends;
            changed = true;
        }
        changed
    }

    /// Goes to the next phase now.
    pub fn skip(&mut self, now: DateTime<Utc>) {
        if !self.is_finished() {
            self.index += 1;
            self.phase_started = now;
            if self.paused_at.is_some() {
                self.paused_at = Some(now);
            }
        }
    }

    pub fn toggle_pause(&mut self, now: DateTime<Utc>) {
        match self.paused_at.take() {
            // The phase started later by as long as it was paused.
            Some(paused_at) => self.phase_started += now - paused_at,
            None => self.paused_at = Some(now),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(seconds: i64) -> DateTime<Utc> {
        "2026-06-01T18:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::seconds(seconds)
    }

    #[test]
    fn the_phases_follow_the_calm_first_protocol() {
        let steps = steps(Variant::Normal);
        let kinds: Vec<StepKind> = steps.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds[..4],
            [
                StepKind::Find,
                StepKind::RollAround,
                StepKind::Contract { round: 1 },
                StepKind::Relax { round: 1 },
            ]
        );
        assert_eq!(kinds.last(), Some(&StepKind::Score));
        assert_eq!(steps[1].seconds, Some(90), "60-90 s of rolling around");
        assert_eq!(steps[2].seconds, Some(5), "a 5 s contraction");
        assert!(
            (10..=15).contains(&steps[3].seconds.unwrap()),
            "10-15 s of rest"
        );
        let total: i64 = steps.iter().filter_map(|s| s.seconds).sum();
        assert_eq!(total, 20 + 90 + 4 * (5 + 12));
    }

    #[test]
    fn time_moves_the_phases_on_and_says_when() {
        let mut protocol = Protocol::start(Variant::Normal, t(0));
        assert_eq!(protocol.remaining(t(5)), Duration::seconds(15));
        assert!(!protocol.tick(t(19)));
        assert!(protocol.tick(t(20)));
        assert_eq!(protocol.step().kind, StepKind::RollAround);
        assert_eq!(protocol.remaining(t(20)), Duration::seconds(90));
        // A late tick catches up over several phases at once.
        assert!(protocol.tick(t(20 + 90 + 5 + 1)));
        assert_eq!(protocol.step().kind, StepKind::Relax { round: 1 });
        assert_eq!(protocol.remaining(t(116)), Duration::seconds(11));
        assert!(protocol.tick(t(10_000)));
        assert!(protocol.is_finished());
        assert_eq!(protocol.remaining(t(10_001)), Duration::zero());
        assert!(!protocol.tick(t(20_000)), "the last phase waits");
    }

    #[test]
    fn a_pause_stops_the_clock() {
        let mut protocol = Protocol::start(Variant::Normal, t(0));
        protocol.toggle_pause(t(10));
        assert!(!protocol.tick(t(100)));
        assert_eq!(protocol.remaining(t(100)), Duration::seconds(10));
        protocol.toggle_pause(t(100));
        assert_eq!(protocol.remaining(t(100)), Duration::seconds(10));
        assert!(!protocol.tick(t(109)));
        assert!(protocol.tick(t(110)));
    }

    #[test]
    fn skip_goes_to_the_next_phase_with_its_full_time() {
        let mut protocol = Protocol::start(Variant::Normal, t(0));
        protocol.skip(t(3));
        assert_eq!(protocol.step().kind, StepKind::RollAround);
        assert_eq!(protocol.remaining(t(3)), Duration::seconds(90));
        assert_eq!(protocol.position(), (2, steps(Variant::Normal).len()));
        assert_eq!(protocol.minutes(t(3)), 1);
        assert_eq!(protocol.minutes(t(300)), 5);
    }

    #[test]
    fn the_neck_gets_the_gentle_variant_and_the_it_band_none() {
        let region = |slug: &str| Region::from_slug(slug).unwrap();
        for slug in [
            "suboccipitals-left",
            "sternocleidomastoid-right",
            "scalenes-left",
        ] {
            assert_eq!(applies(region(slug)), Applies::Gentle, "{slug}");
        }
        let Applies::NotAtAll { instead } = applies(region("it-band-right")) else {
            panic!("the IT band is not treated");
        };
        let instead: Vec<String> = instead.iter().map(Region::slug).collect();
        assert_eq!(
            instead,
            [
                "tensor-fasciae-latae-right",
                "gluteus-medius-right",
                "gluteus-maximus-right"
            ]
        );
        assert_eq!(applies(region("it-band-left")).variant(), None);
        for slug in ["upper-trapezius-left", "soleus-left", "rectus-abdominis"] {
            assert_eq!(applies(region(slug)), Applies::Normal, "{slug}");
        }
    }

    #[test]
    fn the_gentle_variant_is_lighter_shorter_and_fingers_only() {
        let gentle = steps(Variant::Gentle);
        let around = &gentle[1];
        assert_eq!(around.kind, StepKind::RollAround);
        assert!(around.instruction.contains("fingers only"));
        assert!(around.instruction.contains("no massage gun"));
        assert!(around.instruction.contains("2-3/10"));
        assert!(around.instruction.contains("never both"));
        assert!(!around.instruction.contains("4-5/10"));
        let rounds = gentle
            .iter()
            .filter(|s| matches!(s.kind, StepKind::Contract { .. }))
            .count();
        assert_eq!(rounds, usize::from(GENTLE_ROUNDS));
        assert!(gentle.iter().all(|s| !s.instruction.contains("hard")));
        let (title, lines) = (Variant::Gentle.heading(), Variant::Gentle.plan());
        assert!(title.contains("one side only"));
        assert!(lines.iter().any(|(_, l)| l.contains("no massage gun")));
    }
}

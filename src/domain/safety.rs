//! Whether a knot may be worked on as usual. One state per knot, judged
//! from its whole episode rather than its latest reading, so that a red
//! flag logged on Monday still counts on Wednesday after a plain reading.
//! The log output, `show`, the screens, `due`, the protocol and the report
//! all ask here, so none of them can suggest a tool the others forbid.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::guidance::{Advice, AdviceKind};
use super::knot::{Reading, SessionPain};
use super::rules::Rules;
use super::symptom::Symptom;
use super::verdict::{Assessment, Verdict};
use crate::body::{Caution, Region};

/// A time the person said a knot on hold had been seen to by a doctor or
/// physiotherapist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clearing {
    pub id: i64,
    pub uuid: String,
    pub knot_id: i64,
    pub cleared_at: DateTime<Utc>,
}

/// A sign that working on the knot yourself should stop until someone has
/// looked at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RedFlag {
    /// Swelling, warmth or redness of the calf: a clot can feel like a knot.
    Calf,
    /// Numbness or tingling: a nerve may be involved.
    Nerve,
    /// Swelling anywhere but the calf.
    Swelling,
    /// A sharp pain: more like an injury than a knot.
    SharpPain,
    /// A bruise after a session: more pressure than the tissue could take.
    Bruise,
}

/// Whether a region is a calf, where swelling, warmth and redness are
/// signs of a clot until a doctor says otherwise.
fn is_calf(region: Region) -> bool {
    region.caution() == Some(Caution::Calf)
}

/// The red flags among `symptoms` noticed on `region`. Warmth and redness
/// are only red flags on the calf: elsewhere some of both is usual right
/// after rolling, as blood comes back to the tissue.
pub fn red_flags(region: Region, symptoms: &[Symptom]) -> Vec<RedFlag> {
    let mut flags = BTreeSet::new();
    for symptom in symptoms {
        let flag = match symptom {
            Symptom::Swelling | Symptom::Warmth | Symptom::Redness if is_calf(region) => {
                RedFlag::Calf
            }
            Symptom::Numbness | Symptom::Tingling => RedFlag::Nerve,
            Symptom::Swelling => RedFlag::Swelling,
            Symptom::SharpPain => RedFlag::SharpPain,
            Symptom::Bruising => RedFlag::Bruise,
            Symptom::Warmth | Symptom::Redness => continue,
        };
        flags.insert(flag);
    }
    flags.into_iter().collect()
}

/// What a knot's readings say about its safety, kept with its digest so
/// that the map and `due` need not read every history: the red flags
/// logged since it was last seen to, and how its latest session went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signs {
    /// When the first red flag after the knot was last seen to was logged.
    pub flagged_at: Option<DateTime<Utc>>,
    /// The symptoms logged since then that are red flags on its region,
    /// sorted, each once.
    pub red_symptoms: Vec<Symptom>,
    /// The latest session ended with more pain than it started with.
    pub sore_after: bool,
}

/// The signs in a knot's readings (in time order) on `region`, counting
/// only the red flags logged from `cleared_at` on, when the person last
/// said it had been seen to; `last` is its latest session, which the
/// caller has already folded from the readings.
pub fn signs(
    region: Region,
    readings: &[Reading],
    last: Option<&SessionPain>,
    cleared_at: Option<DateTime<Utc>>,
) -> Signs {
    let mut found = Signs::default();
    let mut symptoms = BTreeSet::new();
    for reading in readings {
        // A flag logged at the very time of a clearing still holds: a hold
        // is only lifted by a word that comes after it.
        if cleared_at.is_some_and(|cleared| reading.taken_at < cleared) {
            continue;
        }
        let symptoms_here = &reading.treatment.symptoms;
        if red_flags(region, symptoms_here).is_empty() {
            continue;
        }
        found.flagged_at = Some(match found.flagged_at {
            Some(at) => at.min(reading.taken_at),
            None => reading.taken_at,
        });
        symptoms.extend(
            symptoms_here
                .iter()
                .filter(|s| !red_flags(region, &[**s]).is_empty()),
        );
    }
    found.red_symptoms = symptoms.into_iter().collect();
    found.sore_after = last.is_some_and(|last| last.after.is_some_and(|after| after > last.before));
    found
}

/// Why a knot should be worked more gently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EaseOffReason {
    /// Its verdict is worse.
    Worse,
    /// Its latest session left it more painful than before.
    SoreAfter,
}

/// A knot's safety state, the most serious that applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum Safety {
    /// Nothing stands in the way of the usual plan.
    Clear,
    /// Lighter and shorter, or a day of rest.
    EaseOff { reason: EaseOffReason },
    /// Treated for `days` days without a real change: worth having looked
    /// at rather than rolled every day. `progress` says what the change
    /// was, true of the episode: "no real change after 8 days", "3 points
    /// worse after 7 days".
    SeeSomeone { days: i64, progress: String },
    /// A red flag: no self-treatment until the person says someone has
    /// seen to it.
    OnHold {
        symptoms: Vec<Symptom>,
        since: DateTime<Utc>,
    },
}

impl Safety {
    /// The stable name used in JSON and in tests.
    pub fn slug(&self) -> &'static str {
        match self {
            Safety::Clear => "clear",
            Safety::EaseOff { .. } => "ease-off",
            Safety::SeeSomeone { .. } => "see-someone",
            Safety::OnHold { .. } => "on-hold",
        }
    }

    pub fn is_on_hold(&self) -> bool {
        matches!(self, Safety::OnHold { .. })
    }

    /// The red flags a knot on hold was put on hold for; none otherwise.
    pub fn red_flags(&self, region: Region) -> Vec<RedFlag> {
        match self {
            Safety::OnHold { symptoms, .. } => red_flags(region, symptoms),
            _ => Vec::new(),
        }
    }

    /// What to say about the state, most important first: why a knot is
    /// on hold, that it should ease off, or that it is worth having looked
    /// at.
    pub fn advice(&self, region: Region) -> Vec<Advice> {
        match self {
            Safety::Clear => Vec::new(),
            Safety::OnHold { symptoms, .. } => {
                let mut found = vec![Advice::new(AdviceKind::OnHold, ON_HOLD)];
                found.extend(
                    symptom_advice(region, symptoms)
                        .into_iter()
                        .filter(|a| a.kind != AdviceKind::Warmth),
                );
                found
            }
            Safety::SeeSomeone { progress, .. } => vec![Advice::new(
                AdviceKind::NoProgress,
                format!(
                    "{progress}: rather than rolling it every day, have a physiotherapist look for what keeps it going"
                ),
            )],
            Safety::EaseOff { reason } => {
                let why = match reason {
                    EaseOffReason::Worse => "it is getting worse",
                    EaseOffReason::SoreAfter => "it hurt more after the session than before",
                };
                vec![Advice::new(
                    AdviceKind::EaseOff,
                    format!(
                        "{why}: go lighter and shorter next time, or rest it a day; if it is still worse after two more sessions, see a physiotherapist"
                    ),
                )]
            }
        }
    }
}

const ON_HOLD: &str = "on hold: no rolling, pressing or massage on this knot until a doctor or physiotherapist has seen it";

/// What `due` says of a knot on hold, in place of a plan.
pub const HOLD_DUE: &str = "on hold: see a doctor or physiotherapist first";

/// The safety state of a knot, from the signs in its readings and the
/// course of its episode (its verdict, and the days from its first
/// session to its latest): on hold for a red flag not yet seen to; worth
/// having looked at after `no_progress_days` of treatment without a
/// meaningful drop; easing off when it is getting worse or hurt more after
/// its latest session; clear otherwise.
pub fn judge(signs: &Signs, course: &Assessment, rules: &Rules) -> Safety {
    let (verdict, treated_days) = (course.verdict, course.span_days);
    if let Some(since) = signs.flagged_at
        && !signs.red_symptoms.is_empty()
    {
        return Safety::OnHold {
            symptoms: signs.red_symptoms.clone(),
            since,
        };
    }
    // These verdicts all mean no meaningful drop in the episode.
    let no_drop = matches!(verdict, Verdict::Slow | Verdict::Stalled | Verdict::Worse);
    if no_drop && treated_days >= rules.no_progress_days {
        return Safety::SeeSomeone {
            days: treated_days,
            progress: course.progress.clone(),
        };
    }
    if verdict == Verdict::Worse {
        return Safety::EaseOff {
            reason: EaseOffReason::Worse,
        };
    }
    if signs.sore_after {
        return Safety::EaseOff {
            reason: EaseOffReason::SoreAfter,
        };
    }
    Safety::Clear
}

/// What to say about the symptoms noticed on `region`: a line for each
/// kind of red flag, and one for warmth or redness where they are not one.
pub fn symptom_advice(region: Region, symptoms: &[Symptom]) -> Vec<Advice> {
    let names = |wanted: &dyn Fn(Symptom) -> bool| -> Vec<&'static str> {
        let mut found: Vec<Symptom> = symptoms.iter().copied().filter(|s| wanted(*s)).collect();
        found.sort();
        found.dedup();
        found.into_iter().map(|s| s.slug()).collect()
    };
    let calf = is_calf(region);
    let mut found = Vec::new();
    let clot =
        names(&|s| calf && matches!(s, Symptom::Swelling | Symptom::Warmth | Symptom::Redness));
    if !clot.is_empty() {
        found.push(Advice::new(
            AdviceKind::SeeClinician,
            format!(
                "{} in the calf needs a doctor before any massage: a clot can feel like a knot",
                clot.join(" and ")
            ),
        ));
    }
    let clinician = names(&|s| {
        matches!(s, Symptom::Numbness | Symptom::Tingling) || (!calf && s == Symptom::Swelling)
    });
    if !clinician.is_empty() {
        found.push(Advice::new(
            AdviceKind::SeeClinician,
            format!(
                "{} is a reason to see a physiotherapist or doctor before more self-treatment",
                clinician.join(" and ")
            ),
        ));
    }
    if symptoms.contains(&Symptom::SharpPain) {
        found.push(Advice::new(
            AdviceKind::SharpPain,
            "sharp pain means stop: it can be an injury rather than a knot, so leave the spot alone until it has been looked at",
        ));
    }
    if symptoms.contains(&Symptom::Bruising) {
        found.push(Advice::new(
            AdviceKind::Bruising,
            "a bruise after a session means more pressure than the tissue could take: leave the spot alone until it has healed, and have it looked at if it is large or keeps coming back",
        ));
    }
    let flushed = names(&|s| !calf && matches!(s, Symptom::Warmth | Symptom::Redness));
    if !flushed.is_empty() {
        found.push(Advice::new(
            AdviceKind::Warmth,
            format!(
                "{} right after rolling usually fades within the hour; if it lasts into the next day or comes with swelling, have a physiotherapist or doctor look at it",
                flushed.join(" and ")
            ),
        ));
    }
    found
}

#[cfg(test)]
mod tests;

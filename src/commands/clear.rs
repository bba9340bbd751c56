//! `knotmap clear KNOT`: a knot on hold has been seen to by a doctor or
//! physiotherapist, so it can be treated again. The date is kept, and
//! goes with the history when it is exported.

use anyhow::{Result, bail};

use crate::clock::Clock;
use crate::domain::safety::{Safety, red_flags};
use crate::domain::when::{parse_when, to_the_second};
use crate::store::Store;

/// Lifts the hold on a knot. `--at` is read before the database is opened,
/// and nothing is written unless the knot is on hold and `--at` comes
/// after every red flag that holds it.
pub fn run(
    knot: &str,
    at: Option<&str>,
    clock: &Clock,
    open: impl FnOnce() -> Result<Store>,
) -> Result<String> {
    let now = clock.now_utc();
    // As the clearing is stored and the readings were.
    let at = to_the_second(match at {
        Some(text) => parse_when(text, clock.now())?,
        None => now,
    });
    let mut store = open()?;
    let knot = store.find_knot(knot)?;
    let name = knot.region.name();
    let Some(summary) = store.knot_summary(knot.id, now)? else {
        bail!(
            "knot {} ({name}) has no readings, so nothing holds it",
            knot.id
        );
    };
    if !matches!(summary.safety, Safety::OnHold { .. }) {
        bail!(
            "knot {} ({name}) is not on hold, so there is nothing to clear",
            knot.id
        );
    }
    // A clearing lifts the red flags logged before it only: one no later
    // than the latest flag would leave the knot on hold.
    let latest_flag = store
        .readings_of(knot.id)?
        .iter()
        .filter(|r| !red_flags(knot.region, &r.treatment.symptoms).is_empty())
        .map(|r| r.taken_at)
        .max();
    if let Some(flagged) = latest_flag.filter(|flagged| at <= *flagged) {
        bail!(
            "knot {}'s latest red flag was logged at {}, no earlier than the time given for the clearing; give a later --at",
            knot.id,
            flagged
                .with_timezone(&clock.zone())
                .format("%Y-%m-%d %H:%M")
        );
    }
    let clearing = store.clear_hold(knot.id, at)?;
    Ok(format!(
        "Knot {} ({name}) is off hold: seen to on {}. It is judged by its readings again.\n",
        knot.id,
        clearing
            .cleared_at
            .with_timezone(&clock.zone())
            .format("%a %d %b %Y %H:%M")
    ))
}

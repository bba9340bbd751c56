//! `knotmap edit READING` and `knotmap delete READING --yes`: a reading
//! corrected or removed from a script, stamped like every change so that
//! it travels to the other computers.

use anyhow::{Result, bail};

use crate::cli::EditArgs;
use crate::clock::Clock;
use crate::domain::knot::Reading;
use crate::domain::pain::Score;
use crate::store::Store;

use super::log::with_treatment;

/// Corrects a reading with the fields given. Everything typed is checked
/// before `open` is called.
pub fn edit(
    args: &EditArgs,
    clock: &Clock,
    open: impl FnOnce() -> Result<Store>,
) -> Result<String> {
    let pain = args
        .pain
        .as_deref()
        .map(|text| Score::parse("--pain", text))
        .transpose()?;
    // Checked on nothing first, so a bad value is refused before the file
    // is opened.
    with_treatment(&args.treatment, Default::default())?;
    let mut store = open()?;
    let before = store.find_reading(&args.reading)?;
    let mut after = with_treatment(&args.treatment, before.treatment.clone())?;
    if let Some(pain) = pain {
        after.pain_before = Some(pain);
    }
    if after == before.treatment {
        return Ok(format!(
            "Reading {} already says that: {}. Nothing changed.\n",
            before.id,
            described(&before, clock)
        ));
    }
    store.update_reading(before.id, &after)?;
    let changed = Reading {
        treatment: after,
        ..before
    };
    Ok(format!(
        "Reading {} changed: {}.\n",
        changed.id,
        described(&changed, clock)
    ))
}

/// Deletes a reading when `yes` says so; without it, says what it would
/// delete and changes nothing.
pub fn delete(
    reading: &str,
    yes: bool,
    clock: &Clock,
    open: impl FnOnce() -> Result<Store>,
) -> Result<String> {
    let mut store = open()?;
    let found = store.find_reading(reading)?;
    if !yes {
        bail!(
            "this would delete reading {} ({}); run it again with --yes to delete it",
            found.id,
            described(&found, clock)
        );
    }
    let deleted = store.delete_reading(found.id)?;
    Ok(format!(
        "Reading {} deleted ({}).\n",
        deleted.id,
        described(&deleted, clock)
    ))
}

/// "7/10, 3/10 after, for knot 2 on Sun 01 Mar 2026 09:00".
fn described(reading: &Reading, clock: &Clock) -> String {
    let t = &reading.treatment;
    let pain = t
        .pain_before
        .map_or_else(|| "no score".to_string(), |p| format!("{p}/10"));
    let after = t
        .pain_after
        .map_or_else(String::new, |p| format!(", {p}/10 after"));
    format!(
        "{pain}{after}, for knot {} on {}",
        reading.knot_id,
        reading
            .taken_at
            .with_timezone(&clock.zone())
            .format("%a %d %b %Y %H:%M")
    )
}

//! What the shell completes besides commands and options: region slugs and
//! everyday words for `log`, symptoms, tools and techniques, the ids of
//! the knots in the database for `show` and `--knot`, and of its newest
//! readings for `edit` and `delete`.
//!
//! The script `knotmap completions SHELL` prints calls knotmap back for the
//! words at each Tab (clap_complete's environment-driven completion), so
//! the ids are those of the database at that moment.

use clap_complete::CompletionCandidate;

use crate::body::Region;
use crate::body::words::Words;
use crate::domain::symptom::Symptom;
use crate::domain::treatment::{TECHNIQUES, TOOLS};
use crate::store::{DbLocation, IfMissing, Store};

/// The variable that makes knotmap answer a completion instead of running.
pub const VARIABLE: &str = "KNOTMAP_COMPLETE";

/// Every region slug, with its name, then the one-word everyday names.
pub fn regions() -> Vec<CompletionCandidate> {
    let mut candidates: Vec<CompletionCandidate> = Region::all()
        .map(|region| CompletionCandidate::new(region.slug()).help(Some(region.name().into())))
        .collect();
    // A phrase of several words would reach the shell as several words.
    candidates.extend(
        Words::get()
            .all()
            .iter()
            .filter(|word| !word.phrase.contains(' '))
            .map(|word| CompletionCandidate::new(&word.phrase)),
    );
    candidates
}

pub fn symptoms() -> Vec<CompletionCandidate> {
    Symptom::ALL
        .iter()
        .map(|symptom| CompletionCandidate::new(symptom.slug()))
        .collect()
}

pub fn tools() -> Vec<CompletionCandidate> {
    TOOLS.iter().map(CompletionCandidate::new).collect()
}

pub fn techniques() -> Vec<CompletionCandidate> {
    TECHNIQUES.iter().map(CompletionCandidate::new).collect()
}

/// The database `$KNOTMAP_DB` names, or the default one; none when there
/// is no database yet. (`--db` on the same line is not seen: the
/// completion knows only the word being completed.)
fn existing_store() -> Option<Store> {
    let named = std::env::var_os("KNOTMAP_DB").map(Into::into);
    let location = DbLocation::resolve(named)?;
    // Refuse, so that pressing Tab never creates a database.
    Store::open(&location.path, IfMissing::Refuse).ok()
}

/// How many of the newest readings `edit` and `delete` offer.
const READINGS_OFFERED: usize = 30;

/// The ids of the newest readings, newest first, with their region, score
/// and day.
pub fn readings() -> Vec<CompletionCandidate> {
    let Some(store) = existing_store() else {
        return Vec::new();
    };
    let Ok(history) = store.recent_history(READINGS_OFFERED) else {
        return Vec::new();
    };
    let mut readings = history.readings.clone();
    readings.sort_by_key(|reading| std::cmp::Reverse((reading.taken_at, reading.id)));
    readings
        .iter()
        .map(|reading| {
            let region = history
                .knots
                .iter()
                .find(|knot| knot.id == reading.knot_id)
                .map_or_else(String::new, |knot| knot.region.name());
            let pain = reading
                .treatment
                .pain_before
                .map_or_else(String::new, |pain| format!(", {pain}/10"));
            let help = format!("{region}{pain}, {}", reading.taken_at.format("%Y-%m-%d"));
            CompletionCandidate::new(reading.id.to_string()).help(Some(help.into()))
        })
        .collect()
}

/// The ids of the knots in the database, with their region.
pub fn knots() -> Vec<CompletionCandidate> {
    let Some(store) = existing_store() else {
        return Vec::new();
    };
    let Ok(mut summaries) = store.knot_summaries(chrono::Utc::now()) else {
        return Vec::new();
    };
    summaries.sort_by_key(|summary| summary.knot.id);
    summaries
        .iter()
        .map(|summary| {
            let help = format!("{}, {}/10", summary.knot.region.name(), summary.latest_pain);
            CompletionCandidate::new(summary.knot.id.to_string()).help(Some(help.into()))
        })
        .collect()
}

//! The sample history behind `--demo`: the newest month of the sample
//! generator (a dozen knots, some calming, one stalled, one that came back),
//! written the way `knotmap sample-data` writes.

use anyhow::Result;
use chrono::{DateTime, Utc};

use crate::sample::Sample;
use crate::store::Store;

/// Writes the sample history into an empty store, with sessions in the
/// evenings before `now`.
pub fn fill(store: &mut Store, now: DateTime<Utc>) -> Result<()> {
    let sample = Sample::demo(now, store.rules().session_span)?;
    store.write_sample(sample)?;
    Ok(())
}

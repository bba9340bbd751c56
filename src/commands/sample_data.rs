//! `knotmap sample-data`: fills a new database with a made-up history.

use anyhow::{Result, bail};
use chrono::{DateTime, Utc};

use crate::clock::Clock;
use crate::progress::Progress;
use crate::sample::{Sample, story_readings};
use crate::store::{BulkRecord, Store};
use crate::text::plural;

/// The most readings a sample may ask for: about twenty-five years of a
/// busy history, a few gigabytes of memory to plan.
const MAX_READINGS: usize = 10_000_000;

/// Writes about `readings` made-up readings ending now. Everything typed
/// is checked before `open` is called, so bad input never creates or
/// changes a database.
pub fn run(
    readings: &str,
    seed: &str,
    clock: &Clock,
    open: impl FnOnce() -> Result<Store>,
) -> Result<String> {
    let now = clock.now_utc();
    let readings = parse_readings(readings)?;
    let seed = parse_seed(seed)?;
    let mut store = open()?;
    let sample = Sample::new(readings, seed, now, store.rules().session_span)?;
    let progress = Progress::new("Writing", "readings", readings as u64);
    let written = store.write_sample(sample.into_iter().inspect(|record| {
        if matches!(record, BulkRecord::Reading(_)) {
            progress.advance(1);
        }
    }))?;
    progress.finish();
    let day = |at: Option<DateTime<Utc>>| {
        at.map(|at| {
            at.with_timezone(&clock.zone())
                .format("%-d %b %Y")
                .to_string()
        })
        .unwrap_or_default()
    };
    Ok(format!(
        "Wrote {} in {} on {}, {} to {}, into {}.\n",
        plural(written.readings as i64, "reading", "readings"),
        plural(written.sessions as i64, "session", "sessions"),
        plural(written.knots as i64, "knot", "knots"),
        day(written.first),
        day(written.last),
        store.path().display()
    ))
}

fn parse_readings(text: &str) -> Result<usize> {
    let least = story_readings();
    match text.trim().parse::<usize>() {
        Ok(count) if (least..=MAX_READINGS).contains(&count) => Ok(count),
        _ => bail!(
            "--readings must be a whole number from {least} (the newest month alone holds that many) to {MAX_READINGS}, not {text:?}"
        ),
    }
}

fn parse_seed(text: &str) -> Result<u64> {
    match text.trim().parse::<u64>() {
        Ok(seed) => Ok(seed),
        Err(_) => bail!(
            "--seed must be a whole number from 0 to {}, not {text:?}",
            u64::MAX
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_are_a_whole_number_in_range() {
        assert_eq!(parse_readings(" 5000 ").unwrap(), 5000);
        let least = story_readings();
        assert_eq!(parse_readings(&least.to_string()).unwrap(), least);
        let too_few = (least - 1).to_string();
        for bad in ["0", "abc", "-5", "1.5", "", "10000001", &too_few] {
            let error = parse_readings(bad).unwrap_err().to_string();
            assert!(error.starts_with("--readings must be"), "{bad}: {error}");
            assert!(!error.contains('\n'), "{error}");
        }
    }

    #[test]
    fn seeds_are_whole_numbers() {
        assert_eq!(parse_seed("42").unwrap(), 42);
        let error = parse_seed("x\ny").unwrap_err().to_string();
        assert!(error.contains(r#""x\ny""#), "{error}");
        assert!(!error.contains('\n'), "{error}");
    }
}

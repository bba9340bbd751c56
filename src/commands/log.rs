//! `knotmap log REGION PAIN`: one reading from the command line.

use std::fmt::Write as _;

use anyhow::{Result, bail};

use crate::body::{Body, search::find_region};
use crate::cli::LogArgs;
use crate::clock::Clock;
use crate::config::Config;
use crate::domain::NewReading;
use crate::domain::analysis::advice_on;
use crate::domain::guidance::capitalise;
use crate::domain::hints::{referral_line, suggestion};
use crate::domain::pain::{Ppt, Score};
use crate::domain::symptom::Symptom;
use crate::domain::when::parse_when;
use crate::store::{KnotChoice, SessionChoice, Store};

/// The most minutes anyone spends on one area in one sitting, and then some.
const MAX_MINUTES: u16 = 600;

/// Logs one reading. Everything typed is checked before `open` is called,
/// so bad input never creates or changes a database.
pub fn run(
    args: &LogArgs,
    config: &Config,
    clock: &Clock,
    open: impl FnOnce() -> Result<Store>,
) -> Result<String> {
    let mut out = String::new();
    let now = clock.now_utc();
    let region = find_region(&args.region)?;
    let reading = NewReading {
        pain_before: Some(Score::parse("pain", &args.pain)?),
        pain_after: args
            .after
            .as_deref()
            .map(|text| Score::parse("--after", text))
            .transpose()?,
        technique: non_empty(&args.technique),
        tool: non_empty(&args.tool).or_else(|| config.default_tool.clone()),
        minutes: args.minutes.as_deref().map(parse_minutes).transpose()?,
        pressure: args
            .pressure
            .as_deref()
            .map(|text| Score::parse("--pressure", text))
            .transpose()?,
        symptoms: args
            .symptoms
            .iter()
            .map(|text| text.parse::<Symptom>())
            .collect::<Result<_, _>>()?,
        note: non_empty(&args.note),
        ppt: args
            .ppt
            .as_deref()
            .map(Ppt::parse)
            .transpose()
            .map_err(anyhow::Error::msg)?,
    };
    let at = match &args.at {
        Some(text) => parse_when(text, clock.now())?,
        None => now,
    };
    let mut store = open()?;
    let knot = match &args.knot {
        Some(id) => {
            let knot = store.find_knot(id)?;
            if knot.region != region {
                bail!(
                    "knot {} is on {}, not {}; leave out --knot or name its region",
                    knot.id,
                    knot.region,
                    region
                );
            }
            KnotChoice::Existing(knot.id)
        }
        None => match Body::get().home_of(region) {
            Some(spot) => KnotChoice::LatestInRegion { region, spot },
            None => bail!("{region} is not drawn on the map"),
        },
    };

    let logged = store.log_reading(knot, &reading, at, SessionChoice::Auto)?;
    let pain = reading
        .pain_before
        .map_or(String::new(), |p| format!("{p}/10"));
    let after = reading
        .pain_after
        .map_or(String::new(), |p| format!(", {p}/10 after"));
    let new = if logged.new_knot { "new knot" } else { "knot" };
    writeln!(
        out,
        "Logged pain {pain}{after} for {new} {} ({}), session {}.",
        logged.knot_id,
        region.name(),
        logged.session_number
    )?;
    let readings = store.readings_of(logged.knot_id)?;
    let summary = store.knot_summary(logged.knot_id, now)?;
    let reading = readings.iter().find(|r| r.id == logged.reading_id);
    let advice = match (&summary, reading) {
        (Some(summary), Some(reading)) => {
            advice_on(summary, &readings, reading, store.rules(), &clock.zone())
        }
        _ => Vec::new(),
    };
    for advice in advice {
        writeln!(out, "Careful: {}.", advice.text)?;
    }
    writeln!(out, "Suits this spot: {}.", suggestion(region))?;
    if let Some(hint) = referral_line(region) {
        writeln!(out, "{}.", capitalise(&hint))?;
    }
    Ok(out)
}

fn non_empty(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_string)
}

fn parse_minutes(text: &str) -> Result<u16> {
    match text.trim().parse::<u16>() {
        Ok(minutes) if minutes <= MAX_MINUTES => Ok(minutes),
        _ => bail!("--minutes must be a whole number from 0 to {MAX_MINUTES}, not \"{text}\""),
    }
}

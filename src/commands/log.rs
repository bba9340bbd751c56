//! `knotmap log REGION PAIN`: one reading from the command line.

use std::fmt::Write as _;

use anyhow::{Result, bail};

use crate::body::{Body, Region, search::find_region};
use crate::cli::{LogArgs, TreatmentArgs};
use crate::clock::Clock;
use crate::config::Config;
use crate::domain::NewReading;
use crate::domain::guidance::capitalise;
use crate::domain::hints::{referral_line, suggestion_for};
use crate::domain::pain::{Ppt, Score};
use crate::domain::safety::Safety;
use crate::domain::symptom::Symptom;
use crate::domain::treatment::{non_empty, parse_minutes};
use crate::domain::when::parse_when;
use crate::store::{KnotChoice, SessionChoice, Store};

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
    let mut reading = with_treatment(
        &args.treatment,
        NewReading::pain(Score::parse("pain", &args.pain)?),
    )?;
    if reading.tool.is_none() {
        reading.tool = config.default_tool.clone();
    }
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
    for advice in store.advice_on_reading(logged.knot_id, logged.reading_id, clock.now())? {
        writeln!(out, "Careful: {}.", advice.text)?;
    }
    let safety = store
        .knot_summary(logged.knot_id, now)?
        .map_or(Safety::Clear, |summary| summary.safety);
    writeln!(
        out,
        "{}",
        suits_line(logged.knot_id, region, &safety, clock)
    )?;
    if let Some(hint) = referral_line(region) {
        writeln!(out, "{}.", capitalise(&hint))?;
    }
    Ok(out)
}

/// `base` with the fields typed on the command line in place of its own:
/// a field not given stays, an empty text field is removed, and symptoms
/// given replace the symptoms.
pub(super) fn with_treatment(args: &TreatmentArgs, base: NewReading) -> Result<NewReading> {
    let text = |given: &Option<String>, was: Option<String>| match given {
        Some(text) => non_empty(text),
        None => was,
    };
    Ok(NewReading {
        pain_before: base.pain_before,
        pain_after: match &args.after {
            Some(text) => Some(Score::parse("--after", text)?),
            None => base.pain_after,
        },
        technique: text(&args.technique, base.technique),
        tool: text(&args.tool, base.tool),
        minutes: match &args.minutes {
            Some(text) => Some(parse_minutes("--minutes", text).map_err(anyhow::Error::msg)?),
            None => base.minutes,
        },
        pressure: match &args.pressure {
            Some(text) => Some(Score::parse("--pressure", text)?),
            None => base.pressure,
        },
        symptoms: if args.symptoms.is_empty() {
            base.symptoms
        } else {
            args.symptoms
                .iter()
                .map(|text| text.parse::<Symptom>())
                .collect::<Result<_, _>>()?
        },
        note: text(&args.note, base.note),
        ppt: match &args.ppt {
            Some(text) => Some(Ppt::parse(text).map_err(anyhow::Error::msg)?),
            None => base.ppt,
        },
    })
}

/// What follows the cautions in `log` and `show`: the tool and technique
/// that suit the spot, or, for a knot on hold, none and how the hold is
/// lifted.
pub(super) fn suits_line(knot_id: i64, region: Region, safety: &Safety, clock: &Clock) -> String {
    match (suggestion_for(region, safety), safety) {
        (Some(suits), _) => format!("Suits this spot: {suits}."),
        (None, Safety::OnHold { since, .. }) => format!(
            "On hold since {}: nothing to use on it for now. Once a doctor or physiotherapist has seen it: knotmap clear {knot_id}.",
            since.with_timezone(&clock.zone()).format("%a %d %b %Y")
        ),
        (None, _) => String::new(),
    }
}

//! `knotmap due`: the knots to treat today.

use std::fmt::Write as _;

use anyhow::Result;

use crate::clock::Clock;
use crate::domain::due::Due;
use crate::store::Store;

/// Returns the text and whether anything is due. Knots on hold, and
/// knots to have looked at, are listed apart and are not due.
pub fn run(store: &Store, clock: &Clock, json: bool) -> Result<(String, bool)> {
    // Today is the person's day, in their zone.
    let due = store.analysis(clock.now())?.due;
    let anything_due = due.iter().any(|item| item.kind.is_due());
    let mut out = String::new();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&due)?)?;
        return Ok((out, anything_due));
    }
    if !anything_due {
        writeln!(out, "Nothing due today.")?;
    }
    let (today, apart): (Vec<&Due>, Vec<&Due>) = due.iter().partition(|item| item.kind.is_due());
    for item in today {
        line(&mut out, item)?;
    }
    if !apart.is_empty() {
        writeln!(out)?;
        writeln!(out, "Not for rolling today:")?;
        for item in apart {
            line(&mut out, item)?;
        }
    }
    Ok((out, anything_due))
}

fn line(out: &mut String, item: &Due) -> std::fmt::Result {
    let why = item.kind.says();
    writeln!(
        out,
        "knot {:<4} {:<38} {}; {why}",
        item.knot,
        item.region_name,
        match item.days_since {
            0 => "treated today".to_string(),
            1 => "treated yesterday".to_string(),
            days => format!("treated {days} days ago"),
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::{Body, Region};
    use crate::domain::{NewReading, Score};
    use crate::store::{IfMissing, KnotChoice, SessionChoice};

    /// A knot treated at 10:30 UTC on the 20th, asked about at 11:00 UTC:
    /// at UTC+13 that was 23:30 and it is now the 21st, so the knot is due;
    /// at UTC-10 both are early on the 20th, so it is not. The command
    /// reads the day from the clock it is given, not from the machine.
    #[test]
    fn due_today_is_todays_date_where_the_clock_says() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut store = Store::open(&dir.path().join("knotmap.db"), IfMissing::Create).unwrap();
        let region = Region::from_slug("soleus-left").unwrap();
        let spot = Body::get().home_of(region).unwrap();
        let reading = NewReading::pain(Score::new(6).unwrap());
        let treated = "2026-05-20T10:30:00Z".parse().unwrap();
        store
            .log_reading(
                KnotChoice::LatestInRegion { region, spot },
                &reading,
                treated,
                SessionChoice::Auto,
            )
            .unwrap();
        let due_at = |asked: &str| {
            let clock = Clock::fixed_at(asked.parse().unwrap());
            run(&store, &clock, false).unwrap()
        };
        let (text, due) = due_at("2026-05-21T00:00:00+13:00");
        assert!(due, "{text}");
        assert!(text.contains("treated yesterday"), "{text}");
        let (text, due) = due_at("2026-05-20T01:00:00-10:00");
        assert!(!due, "{text}");
        assert_eq!(text, "Nothing due today.\n");
    }
}

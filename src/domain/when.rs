//! Reading the times people type, and refusing times that cannot be right.

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum WhenError {
    #[error(
        "cannot read the time {0:?}; use 2026-03-14, \"2026-03-14 18:30\" or 2026-03-14T18:30:00+01:00"
    )]
    Unreadable(String),
    #[error("the time {0:?} does not exist in the local time zone")]
    Nonexistent(String),
    #[error("the time {0:?} is in the future")]
    Future(String),
}

/// Parses an RFC 3339 time, a local `YYYY-MM-DD HH:MM`, or a local
/// `YYYY-MM-DD` (taken as midday, so a time-zone shift cannot move it to
/// another day). Times later than `now` are refused: a reading cannot come
/// from the future.
pub fn parse_when(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, WhenError> {
    parse_with_time_of_day(text, now, NaiveTime::MIN + chrono::Duration::hours(12))
}

/// Like [`parse_when`], for the start of a period: a date on its own means
/// the start of that day, so that the whole day is in the period.
pub fn parse_since(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, WhenError> {
    parse_with_time_of_day(text, now, NaiveTime::MIN)
}

fn parse_with_time_of_day(
    text: &str,
    now: DateTime<Utc>,
    time_of_day: NaiveTime,
) -> Result<DateTime<Utc>, WhenError> {
    let trimmed = text.trim();
    let parsed = if let Ok(time) = DateTime::parse_from_rfc3339(trimmed) {
        time.with_timezone(&Utc)
    } else {
        let local = NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%d %H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M"))
            .or_else(|_| {
                NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
                    .map(|date| date.and_time(time_of_day))
            })
            .map_err(|_| WhenError::Unreadable(text.to_string()))?;
        Local
            .from_local_datetime(&local)
            .earliest()
            .ok_or_else(|| WhenError::Nonexistent(text.to_string()))?
            .with_timezone(&Utc)
    };
    // A minute of grace for clocks that disagree slightly.
    if parsed > now + chrono::Duration::minutes(1) {
        return Err(WhenError::Future(text.to_string()));
    }
    Ok(parsed)
}

/// The stored form of a time: RFC 3339 in UTC, to the second. Sorting the
/// text sorts the times.
pub fn to_stored(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-06-01T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn rfc3339_keeps_its_offset() {
        let time = parse_when("2026-05-30T08:15:00+02:00", now()).unwrap();
        assert_eq!(to_stored(time), "2026-05-30T06:15:00Z");
    }

    #[test]
    fn local_forms_are_read_in_local_time() {
        let time = parse_when("2026-05-30 08:15", now()).unwrap();
        let local = time.with_timezone(&Local);
        assert_eq!(
            local.format("%Y-%m-%d %H:%M").to_string(),
            "2026-05-30 08:15"
        );
        let day = parse_when("2026-05-30", now())
            .unwrap()
            .with_timezone(&Local);
        assert_eq!(day.format("%Y-%m-%d %H:%M").to_string(), "2026-05-30 12:00");
    }

    #[test]
    fn a_period_starts_at_the_beginning_of_its_first_day() {
        let since = parse_since("2026-05-30", now())
            .unwrap()
            .with_timezone(&Local);
        assert_eq!(
            since.format("%Y-%m-%d %H:%M").to_string(),
            "2026-05-30 00:00"
        );
        let exact = parse_since("2026-05-30 08:15", now())
            .unwrap()
            .with_timezone(&Local);
        assert_eq!(exact.format("%H:%M").to_string(), "08:15");
    }

    #[test]
    fn nonsense_and_future_times_are_refused() {
        assert_eq!(
            parse_when("yesterday", now()),
            Err(WhenError::Unreadable("yesterday".into()))
        );
        assert!(matches!(
            parse_when("2026-13-01", now()),
            Err(WhenError::Unreadable(_))
        ));
        assert_eq!(
            parse_when("2027-01-01", now()),
            Err(WhenError::Future("2027-01-01".into()))
        );
    }
}

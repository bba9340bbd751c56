//! Reading the times people type, and refusing times that cannot be right.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, SubsecRound, TimeZone, Utc};
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
/// another day); local means in the zone of `now`, the person's. Times
/// later than `now` are refused: a reading cannot come from the future.
pub fn parse_when<Tz: TimeZone>(text: &str, now: DateTime<Tz>) -> Result<DateTime<Utc>, WhenError> {
    parse_with_time_of_day(text, now, NaiveTime::MIN + chrono::Duration::hours(12))
}

/// Like [`parse_when`], for the start of a period: a date on its own means
/// the start of that day, so that the whole day is in the period.
pub fn parse_since<Tz: TimeZone>(
    text: &str,
    now: DateTime<Tz>,
) -> Result<DateTime<Utc>, WhenError> {
    parse_with_time_of_day(text, now, NaiveTime::MIN)
}

fn parse_with_time_of_day<Tz: TimeZone>(
    text: &str,
    now: DateTime<Tz>,
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
        now.timezone()
            .from_local_datetime(&local)
            .earliest()
            .ok_or_else(|| WhenError::Nonexistent(text.to_string()))?
            .with_timezone(&Utc)
    };
    if is_in_future(parsed, now.with_timezone(&Utc)) {
        return Err(WhenError::Future(text.to_string()));
    }
    Ok(parsed)
}

/// Whether `time` is later than `now`, the rule for every time a person
/// gives, typed or imported. A minute of grace for clocks that disagree
/// slightly.
pub fn is_in_future(time: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    time > now + chrono::Duration::minutes(1)
}

/// The stored form of a time: RFC 3339 in UTC, to the second. Sorting the
/// text sorts the times.
pub fn to_stored(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `time` to the second, as it is stored: what a time read back, or
/// written and then compared, is worth.
pub fn to_the_second<Tz: TimeZone>(time: DateTime<Tz>) -> DateTime<Utc> {
    time.with_timezone(&Utc).trunc_subsecs(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn now() -> DateTime<Utc> {
        "2026-06-01T12:00:00Z".parse().unwrap()
    }

    /// `now()` read `hours` east of UTC.
    fn now_in(hours: i32) -> DateTime<FixedOffset> {
        now().with_timezone(&FixedOffset::east_opt(hours * 3600).unwrap())
    }

    /// A stored time as read in the zone of `now_in(hours)`.
    fn read_in(time: DateTime<Utc>, hours: i32, format: &str) -> String {
        time.with_timezone(&now_in(hours).timezone())
            .format(format)
            .to_string()
    }

    #[test]
    fn rfc3339_keeps_its_offset() {
        for hours in [0, 13, -10] {
            let time = parse_when("2026-05-30T08:15:00+02:00", now_in(hours)).unwrap();
            assert_eq!(to_stored(time), "2026-05-30T06:15:00Z");
        }
    }

    #[test]
    fn local_forms_are_read_in_the_persons_zone() {
        for hours in [0, 13, -10] {
            let time = parse_when("2026-05-30 08:15", now_in(hours)).unwrap();
            assert_eq!(read_in(time, hours, "%Y-%m-%d %H:%M"), "2026-05-30 08:15");
            let day = parse_when("2026-05-30", now_in(hours)).unwrap();
            assert_eq!(read_in(day, hours, "%Y-%m-%d %H:%M"), "2026-05-30 12:00");
        }
        let at = |hours| to_stored(parse_when("2026-05-30 08:15", now_in(hours)).unwrap());
        assert_eq!(at(13), "2026-05-29T19:15:00Z");
        assert_eq!(at(-10), "2026-05-30T18:15:00Z");
    }

    #[test]
    fn a_period_starts_at_the_beginning_of_its_first_day() {
        for hours in [0, 13, -10] {
            let since = parse_since("2026-05-30", now_in(hours)).unwrap();
            assert_eq!(read_in(since, hours, "%Y-%m-%d %H:%M"), "2026-05-30 00:00");
            let exact = parse_since("2026-05-30 08:15", now_in(hours)).unwrap();
            assert_eq!(read_in(exact, hours, "%H:%M"), "08:15");
        }
    }

    /// Midday on the 1st in UTC is already the 2nd at UTC+13, so the 2nd
    /// is no future there; at UTC-10 it is still 02:00 on the 1st.
    #[test]
    fn the_future_starts_at_the_persons_now() {
        assert!(parse_when("2026-06-02 00:30", now_in(13)).is_ok());
        assert_eq!(
            parse_when("2026-06-01 02:30", now_in(-10)),
            Err(WhenError::Future("2026-06-01 02:30".into()))
        );
        assert!(parse_when("2026-06-01 02:00", now_in(-10)).is_ok());
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

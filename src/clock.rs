//! Where the time comes from: the current instant and the time zone the
//! person lives in. The domain asks for neither; commands, the report and
//! the app take both from a `Clock` and pass them in, so a test can pin
//! "today" anywhere in the world.

use std::fmt;
use std::sync::Arc;

use chrono::{
    DateTime, FixedOffset, Local, MappedLocalTime, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc,
};

/// The zone whose calendar days count: the machine's own, or a fixed
/// offset from UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// The machine's zone, daylight saving and all (`TZ` on Unix).
    Local,
    /// A fixed offset from UTC, whatever the machine says: for tests.
    Fixed(FixedOffset),
}

/// A `Zone`'s offset at one instant. It remembers its zone, so that a time
/// moved by a duration is read in the same zone again (the offset of the
/// machine's zone changes with daylight saving).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZoneOffset {
    zone: Zone,
    offset: FixedOffset,
}

impl Offset for ZoneOffset {
    fn fix(&self) -> FixedOffset {
        self.offset
    }
}

impl fmt::Display for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.offset.fmt(f)
    }
}

impl Zone {
    fn with(self, offset: FixedOffset) -> ZoneOffset {
        ZoneOffset { zone: self, offset }
    }
}

impl TimeZone for Zone {
    type Offset = ZoneOffset;

    fn from_offset(offset: &ZoneOffset) -> Zone {
        offset.zone
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<ZoneOffset> {
        match *self {
            Zone::Local => Local.offset_from_local_date(local),
            Zone::Fixed(fixed) => fixed.offset_from_local_date(local),
        }
        .map(|offset| self.with(offset))
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<ZoneOffset> {
        match *self {
            Zone::Local => Local.offset_from_local_datetime(local),
            Zone::Fixed(fixed) => fixed.offset_from_local_datetime(local),
        }
        .map(|offset| self.with(offset))
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> ZoneOffset {
        self.with(match *self {
            Zone::Local => Local.offset_from_utc_date(utc),
            Zone::Fixed(fixed) => fixed,
        })
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> ZoneOffset {
        self.with(match *self {
            Zone::Local => Local.offset_from_utc_datetime(utc),
            Zone::Fixed(fixed) => fixed,
        })
    }
}

/// The current instant and the zone to read it in.
#[derive(Clone)]
pub struct Clock {
    source: Source,
    zone: Zone,
}

#[derive(Clone)]
enum Source {
    System,
    Fixed(DateTime<Utc>),
    Function(Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>),
}

impl Clock {
    /// The wall clock in the machine's zone: what the app and the commands
    /// run on.
    pub fn system() -> Clock {
        Clock {
            source: Source::System,
            zone: Zone::Local,
        }
    }

    /// A clock stopped at `at`, read in `zone`.
    pub fn fixed(at: DateTime<Utc>, zone: Zone) -> Clock {
        Clock {
            source: Source::Fixed(at),
            zone,
        }
    }

    /// A clock stopped at `at`, read in the offset it is written with:
    /// `2026-05-20T23:30:00+13:00` is late on the 20th, not the 20th in
    /// UTC.
    pub fn fixed_at(at: DateTime<FixedOffset>) -> Clock {
        Clock::fixed(at.with_timezone(&Utc), Zone::Fixed(*at.offset()))
    }

    /// A clock that reads `instant` each time, in `zone`: for a test that
    /// moves time on.
    pub fn from_fn(
        instant: impl Fn() -> DateTime<Utc> + Send + Sync + 'static,
        zone: Zone,
    ) -> Clock {
        Clock {
            source: Source::Function(Arc::new(instant)),
            zone,
        }
    }

    /// Now, in the person's zone: what the rules about days take.
    pub fn now(&self) -> DateTime<Zone> {
        self.now_utc().with_timezone(&self.zone)
    }

    /// Now, as it is stored.
    pub fn now_utc(&self) -> DateTime<Utc> {
        match &self.source {
            Source::System => Utc::now(),
            Source::Fixed(at) => *at,
            Source::Function(instant) => instant(),
        }
    }

    pub fn zone(&self) -> Zone {
        self.zone
    }
}

/// A function of the instant alone, as the app's tests hand it, is read in
/// the machine's zone, like the wall clock.
impl<F: Fn() -> DateTime<Utc> + Send + Sync + 'static> From<F> for Clock {
    fn from(instant: F) -> Clock {
        Clock::from_fn(instant, Zone::Local)
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::System => "system".to_string(),
            Source::Fixed(at) => format!("fixed at {at}"),
            Source::Function(_) => "a function".to_string(),
        };
        f.debug_struct("Clock")
            .field("source", &source)
            .field("zone", &self.zone)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Duration, Timelike};

    fn east(hours: i32) -> Zone {
        Zone::Fixed(FixedOffset::east_opt(hours * 3600).unwrap())
    }

    #[test]
    fn a_fixed_clock_reads_the_day_of_its_own_zone() {
        let clock = Clock::fixed_at("2026-05-20T23:30:00+13:00".parse().unwrap());
        assert_eq!(clock.now().day(), 20);
        assert_eq!(clock.now().hour(), 23);
        assert_eq!(clock.now_utc().to_rfc3339(), "2026-05-20T10:30:00+00:00");
        assert_eq!(clock.zone(), east(13));
    }

    #[test]
    fn the_same_instant_falls_on_different_days_in_different_zones() {
        let at: DateTime<Utc> = "2026-05-20T10:30:00Z".parse().unwrap();
        let day = |zone| Clock::fixed(at, zone).now().date_naive().to_string();
        assert_eq!(day(east(13)), "2026-05-20");
        assert_eq!(day(east(-10)), "2026-05-20");
        assert_eq!(day(east(14)), "2026-05-21");
        assert_eq!(day(east(-11)), "2026-05-19");
    }

    #[test]
    fn a_time_moved_on_stays_in_its_zone() {
        let clock = Clock::fixed_at("2026-05-20T23:30:00-10:00".parse().unwrap());
        let later = clock.now() + Duration::hours(1);
        assert_eq!(later.timezone(), east(-10));
        assert_eq!(later.to_rfc3339(), "2026-05-21T00:30:00-10:00");
    }

    #[test]
    fn a_function_is_read_each_time() {
        let clock = Clock::from(|| "2026-01-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap());
        assert_eq!(clock.now_utc().year(), 2026);
        assert_eq!(clock.zone(), Zone::Local);
    }
}

//! Change stamps: which version of a record is the latest, whichever
//! computer made it.
//!
//! Every version of a knot, session, reading or clearing, and every
//! deletion, carries a stamp: a hybrid logical clock reading (milliseconds
//! of the wall clock, then a counter for changes within one millisecond)
//! and the device that made it, which breaks ties. Stamps are totally
//! ordered, and the clock never runs behind a stamp it has seen, so a
//! change made after taking in another computer's changes is later than
//! all of them even when the two wall clocks disagree by minutes or hours.
//!
//! The text form sorts as the stamps do (fixed widths), so SQL can compare
//! stamps as strings: `1772359200000.000000.<32 hex digits>`.

use std::fmt;

use chrono::{DateTime, Utc};
use thiserror::Error;

/// Digits of the milliseconds: enough for every year to 2286.
const MILLIS_DIGITS: usize = 13;
/// Digits of the counter.
const COUNTER_DIGITS: usize = 6;
const COUNTER_MAX: u32 = 999_999;
const DEVICE_DIGITS: usize = 32;

/// The device of the stamps given to records that were written before
/// stamps existed (and to rows another program added without one): they
/// rank by their own time, below any change stamped by a device.
const NO_DEVICE: &str = "00000000000000000000000000000000";

/// One computer's knotmap database: 32 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Device(String);

impl Device {
    /// A new device id, random.
    pub fn new_random() -> Device {
        Device(uuid::Uuid::new_v4().simple().to_string())
    }

    pub fn parse(text: &str) -> Result<Device, StampError> {
        if text.len() == DEVICE_DIGITS
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            Ok(Device(text.to_string()))
        } else {
            Err(StampError::Device(text.chars().take(40).collect()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Device {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A change stamp. Ordered by time, then counter, then device.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp {
    millis: i64,
    counter: u32,
    device: Device,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum StampError {
    #[error("the change stamp \"{0}\" is not one knotmap writes")]
    Malformed(String),
    #[error("the device id \"{0}\" is not 32 hexadecimal digits")]
    Device(String),
}

impl Stamp {
    /// The stamp of a record from before stamps, worked out from its own
    /// time (whole seconds): the same text migration 08 writes.
    pub fn from_time(at: DateTime<Utc>) -> Stamp {
        Stamp {
            millis: at.timestamp().max(0) * 1000,
            counter: 0,
            device: Device(NO_DEVICE.to_string()),
        }
    }

    /// The next stamp of `device`: after `latest` (the latest stamp this
    /// database issued or took in) and not before the wall clock `now`.
    pub fn next(latest: Option<&Stamp>, now: DateTime<Utc>, device: &Device) -> Stamp {
        let wall = now.timestamp_millis().max(0);
        let (millis, counter) = match latest {
            Some(latest) if latest.millis >= wall => {
                if latest.counter < COUNTER_MAX {
                    (latest.millis, latest.counter + 1)
                } else {
                    (latest.millis + 1, 0)
                }
            }
            _ => (wall, 0),
        };
        Stamp {
            millis,
            counter,
            device: device.clone(),
        }
    }

    /// Reads a stamp in its text form, refusing anything else.
    pub fn parse(text: &str) -> Result<Stamp, StampError> {
        let malformed = || StampError::Malformed(text.chars().take(80).collect());
        let mut parts = text.split('.');
        let (Some(millis), Some(counter), Some(device), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(malformed());
        };
        let digits = |part: &str, width: usize| {
            part.len() == width && part.bytes().all(|b| b.is_ascii_digit())
        };
        if !digits(millis, MILLIS_DIGITS) || !digits(counter, COUNTER_DIGITS) {
            return Err(malformed());
        }
        Ok(Stamp {
            millis: millis.parse().map_err(|_| malformed())?,
            counter: counter.parse().map_err(|_| malformed())?,
            device: Device::parse(device).map_err(|_| malformed())?,
        })
    }

    pub fn device(&self) -> &Device {
        &self.device
    }

    /// The wall-clock time of the stamp, to the millisecond.
    pub fn time(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.millis).unwrap_or_default()
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:0mw$}.{:0cw$}.{}",
            self.millis,
            self.counter,
            self.device,
            mw = MILLIS_DIGITS,
            cw = COUNTER_DIGITS
        )
    }
}

/// Whether an incoming version replaces what is here: only a later stamp
/// does. `here` is the stamp of the local record or of its tombstone,
/// whichever is later; with nothing here, anything incoming is taken.
/// An equal stamp is the same version, so taking a file twice changes
/// nothing, and an older copy never wins.
pub fn incoming_wins(here: Option<&Stamp>, incoming: &Stamp) -> bool {
    here.is_none_or(|here| incoming > here)
}

/// The kinds of records that carry stamps and travel between computers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Knot,
    Session,
    Reading,
    Clearing,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Knot, Kind::Session, Kind::Reading, Kind::Clearing];

    /// The word for the kind in tombstones and in the export.
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Knot => "knot",
            Kind::Session => "session",
            Kind::Reading => "reading",
            Kind::Clearing => "clearing",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.slug() == slug)
    }

    /// Whether knotmap deletes records of this kind, and so whether a
    /// tombstone of it can be: readings and clearings are deleted; knots
    /// and sessions stay.
    pub fn can_be_deleted(self) -> bool {
        matches!(self, Kind::Reading | Kind::Clearing)
    }
}

/// What is left of a deleted record, and travels like a record: its UUID,
/// its kind and the stamp of the deletion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tombstone {
    pub uuid: String,
    pub kind: Kind,
    pub stamp: Stamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn device(digit: char) -> Device {
        Device::parse(&digit.to_string().repeat(32)).unwrap()
    }

    #[test]
    fn the_text_form_reads_back_and_sorts_as_the_stamps_do() {
        let a = Stamp::next(None, at("2026-03-01T10:00:00Z"), &device('a'));
        let b = Stamp::next(Some(&a), at("2026-03-01T10:00:00Z"), &device('1'));
        let c = Stamp::next(Some(&b), at("2026-03-01T10:00:01Z"), &device('1'));
        for stamp in [&a, &b, &c] {
            assert_eq!(&Stamp::parse(&stamp.to_string()).unwrap(), stamp);
        }
        assert!(a < b && b < c);
        assert!(a.to_string() < b.to_string() && b.to_string() < c.to_string());
    }

    #[test]
    fn the_clock_never_runs_behind_a_stamp_it_has_seen() {
        // Another computer's clock is an hour ahead: its stamp is taken in,
        // and the next change here is still later, by the counter.
        let ahead = Stamp::next(None, at("2026-03-01T11:00:00Z"), &device('f'));
        let here = Stamp::next(Some(&ahead), at("2026-03-01T10:00:00Z"), &device('0'));
        assert!(here > ahead);
        assert_eq!(here.device(), &device('0'));
    }

    #[test]
    fn a_full_counter_moves_on_a_millisecond() {
        let full = Stamp::parse(&format!("0001772359200000.999999.{}", "a".repeat(32)));
        assert!(full.is_err(), "sixteen digits of milliseconds are refused");
        let full = Stamp::parse(&format!("1772359200000.999999.{}", "a".repeat(32))).unwrap();
        let next = Stamp::next(Some(&full), at("2026-01-01T00:00:00Z"), &device('b'));
        assert_eq!(
            next.to_string(),
            format!("1772359200001.000000.{}", "b".repeat(32))
        );
    }

    #[test]
    fn anything_but_the_text_form_is_refused() {
        let good = format!("1772359200000.000001.{}", "c".repeat(32));
        assert!(Stamp::parse(&good).is_ok());
        for bad in [
            String::new(),
            "1772359200000.000001".to_string(),
            format!("1772359200000.000001.{}", "C".repeat(32)),
            format!("1772359200000.000001.{}", "c".repeat(31)),
            format!("1772359200000.00001.{}", "c".repeat(32)),
            format!("-772359200000.000001.{}", "c".repeat(32)),
            format!("{good}.1"),
        ] {
            assert!(Stamp::parse(&bad).is_err(), "{bad:?} was read");
        }
    }

    #[test]
    fn a_record_from_before_stamps_ranks_by_its_time_below_any_device() {
        let old = Stamp::from_time(at("2026-03-01T10:00:00.700Z"));
        assert_eq!(old.to_string(), format!("1772359200000.000000.{NO_DEVICE}"));
        let same_moment = Stamp::next(None, at("2026-03-01T10:00:00Z"), &device('1'));
        assert!(same_moment > old);
    }

    #[test]
    fn only_a_later_stamp_wins() {
        let older = Stamp::next(None, at("2026-03-01T10:00:00Z"), &device('1'));
        let newer = Stamp::next(Some(&older), at("2026-03-01T10:00:00Z"), &device('2'));
        assert!(incoming_wins(None, &older));
        assert!(incoming_wins(Some(&older), &newer));
        assert!(!incoming_wins(Some(&newer), &older));
        assert!(!incoming_wins(Some(&newer), &newer));
    }
}

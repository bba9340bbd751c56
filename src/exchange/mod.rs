//! The export format: the whole history as one JSON document (to take to
//! another computer and merge back with `knotmap import`) or as CSV rows
//! (for a spreadsheet). `docs/export-format.md` describes it for people;
//! this module is its one definition in code.
//!
//! Pure: records in, text out; text in, checked records out. The store
//! reads and merges them.

use chrono::{DateTime, Utc};

mod document;
mod fields;
mod incoming;
mod reader;
mod spreadsheet;
mod stream;

pub use document::{
    ClearingRecord, Document, KnotRecord, ReadingRecord, SessionRecord, TombstoneRecord,
};
pub use incoming::{
    ARRAYS, Incoming, IncomingClearing, IncomingKnot, IncomingReading, IncomingSession, Record,
    Refused, record_of,
};
pub use reader::{Stage, duplicate, read, read_from};
pub use spreadsheet::{CSV_HEADER, CsvWriter, neutralise};
pub use stream::JsonWriter;

/// The value of `format` in every export.
pub const FORMAT: &str = "knotmap-export";

/// The version of the format this build writes. Any change to the fields,
/// even an added one, is a new version. Version 2 added the clearings;
/// version 3 gives a knot's place in thousandths of the view, not in cells
/// of one drawing; version 4 adds the change stamps and the tombstones.
pub const FORMAT_VERSION: u32 = 4;

/// The latest time a record of an export may carry when this computer's
/// clock says `now`: an export comes from another computer, whose clock
/// may run up to a day ahead of this one, so `import` and `sync` take the
/// same file alike. Anything later is a mistake in the file.
pub fn latest_allowed(now: DateTime<Utc>) -> DateTime<Utc> {
    now + chrono::Duration::hours(24)
}

/// The oldest version this build still reads: files written before the
/// clearings import as they always did.
pub const OLDEST_VERSION: u32 = 1;

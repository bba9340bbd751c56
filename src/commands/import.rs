//! `knotmap import FILE`: merges a JSON export into the database.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

use anyhow::{Result, anyhow};
use chrono::{DateTime, Utc};

use crate::fault::io_words;
use crate::progress::Progress;
use crate::store::{IfMissing, Merged, StageError, Staging, Store};

/// Reads and checks the whole file, a record at a time into a staging
/// file, before `open` is called, so a file that cannot be imported never
/// creates or changes a database, and the database's write lock is held
/// only for the merge. A file that refers to records it does not hold
/// needs an existing database.
pub fn run(
    file: &Path,
    now: DateTime<Utc>,
    open: impl FnOnce(IfMissing) -> Result<Store>,
) -> Result<String> {
    let cannot_read =
        |error: io::Error| anyhow!("cannot read {}: {}", file.display(), io_words(&error));
    let reader = File::open(file).map_err(cannot_read)?;
    let meta = reader.metadata().map_err(cannot_read)?;
    if meta.is_dir() {
        return Err(cannot_read(io::Error::from(io::ErrorKind::IsADirectory)));
    }
    let size = meta.len();
    let refused = |reason: String| {
        anyhow!(
            "cannot import {}: {reason}; nothing was imported",
            file.display()
        )
    };
    let progress = Progress::bytes("Checking", size);
    let counted = Counted {
        inner: reader,
        progress: &progress,
    };
    let buffered = BufReader::with_capacity(256 * 1024, counted);
    let staging = Staging::read(buffered, now).map_err(|error| match error {
        StageError::Refused(why) => refused(why.to_string()),
        StageError::Store(error) => anyhow::Error::from(error),
    })?;
    let if_missing = if staging.refers_outside()? {
        IfMissing::Refuse
    } else {
        IfMissing::Create
    };
    let mut store = open(if_missing)?;
    let merged = store
        .import(&staging, &progress)
        .map_err(|error| refused(error.to_string()))?;
    progress.finish();
    Ok(summary(merged))
}

/// A reader that counts what it reads on the progress bar.
struct Counted<'p, R> {
    inner: R,
    progress: &'p Progress,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.progress.advance(read as u64);
        Ok(read)
    }
}

/// "Imported 3 knots, 5 sessions and 20 readings; 0 were here already.",
/// with the clearings, the records changed and those deleted named when
/// there were any.
fn summary(merged: Merged) -> String {
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let records = match merged.clearings {
        0 => format!(
            "{}, {} and {}",
            count(merged.knots, "knot", "knots"),
            count(merged.sessions, "session", "sessions"),
            count(merged.readings, "reading", "readings"),
        ),
        clearings => format!(
            "{}, {}, {} and {}",
            count(merged.knots, "knot", "knots"),
            count(merged.sessions, "session", "sessions"),
            count(merged.readings, "reading", "readings"),
            count(clearings, "clearing", "clearings"),
        ),
    };
    // Changes and deletions are named only when an import made some, so
    // that a first import reads as it always did.
    let mut travelled = String::new();
    if merged.changed > 0 {
        travelled.push_str(&format!("; {} changed", merged.changed));
    }
    if merged.deleted > 0 {
        travelled.push_str(&format!("; {} deleted", merged.deleted));
    }
    format!(
        "Imported {records}{travelled}; {} here already.\n",
        count(merged.already_here, "was", "were"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_in_words() {
        let merged = Merged {
            knots: 1,
            sessions: 5,
            readings: 20,
            clearings: 0,
            already_here: 0,
            ..Merged::default()
        };
        assert_eq!(
            summary(merged),
            "Imported 1 knot, 5 sessions and 20 readings; 0 were here already.\n"
        );
        let travelled = Merged {
            changed: 2,
            deleted: 1,
            already_here: 4,
            ..Merged::default()
        };
        assert_eq!(
            summary(travelled),
            "Imported 0 knots, 0 sessions and 0 readings; 2 changed; 1 deleted; 4 were here already.\n"
        );
        let again = Merged {
            already_here: 1,
            ..Merged::default()
        };
        assert_eq!(
            summary(again),
            "Imported 0 knots, 0 sessions and 0 readings; 1 was here already.\n"
        );
        let cleared = Merged {
            clearings: 1,
            ..Merged::default()
        };
        assert_eq!(
            summary(cleared),
            "Imported 0 knots, 0 sessions, 0 readings and 1 clearing; 0 were here already.\n"
        );
    }
}

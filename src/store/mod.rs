//! The SQLite file that keeps every knot and reading. All SQL of knotmap
//! lives in this module; the rest of the program calls typed methods.

mod backup;
mod bulk;
mod checkup;
mod clearings;
mod derived;
mod error;
mod exchange;
mod location;
pub(crate) mod long_writes;
mod open;
mod outgoing;
mod period;
mod readings;
mod records;
mod staging;
mod sync_files;
mod versions;
mod writes;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Connection, params};

use crate::body::Region;
use crate::clock::Clock;
use crate::domain::analysis::{Analysis, CALMED_IN_PLAY_DAYS, knot_advice};
use crate::domain::guidance::Advice;
use crate::domain::knot::{Knot, KnotSummary, Reading, summary_of};
use crate::domain::recurrence::{
    Recurrence, RecurrenceKind, count_by_region, find_recurrences, flag_regions,
};
use crate::domain::trends::{Trends, trends, trends_by_month};
use crate::domain::when::to_stored;
use crate::domain::{History, Rules};

pub use bulk::{BulkError, BulkKnot, BulkReading, BulkRecord, BulkSession, Written};
pub use checkup::{Astray, BackupCheck, SchemaFinding, backups_beside};
use derived::Knots;
use error::sqlite_busy;
pub use error::{Result, StoreError, sqlite_words};
pub use exchange::{ImportError, Merged};
pub use location::{DbLocation, default_path};
pub use open::{APPLICATION_ID, IfMissing, SCHEMA_VERSION};
pub use outgoing::{Earlier, Sizes};
pub use staging::{StageError, Staging};
pub use writes::{KnotChoice, Logged, SessionChoice};

/// Starts a write. Taking the write lock is where another program's write
/// makes this one wait, and give up after the store's patience; the error
/// then names the file, so that a person with several databases knows
/// which one to look at.
///
/// A long write that announced itself (an import) is waited for first,
/// however long it takes: see [`long_writes`].
fn begin_write<'c>(conn: &'c mut Connection, path: &Path) -> Result<rusqlite::Transaction<'c>> {
    long_writes::wait_for_long_write(path);
    begin_write_now(conn, path)
}

/// Starts a long write, announced so that other writes wait for it
/// instead of giving up: the announcement lasts until it is dropped,
/// which must be after the transaction ends.
fn begin_long_write<'c>(
    conn: &'c mut Connection,
    path: &Path,
) -> Result<(long_writes::Announced, rusqlite::Transaction<'c>)> {
    let announced = long_writes::announce(path);
    Ok((announced, begin_write_now(conn, path)?))
}

fn begin_write_now<'c>(conn: &'c mut Connection, path: &Path) -> Result<rusqlite::Transaction<'c>> {
    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(|error| {
            if sqlite_busy(&error) {
                StoreError::Busy(path.display().to_string())
            } else {
                StoreError::from(error)
            }
        })
}

/// How many of the newest readings the app and the commands hold, for
/// the history list and the advice after a save.
pub const RECENT_READINGS: usize = 1000;

/// Trends over up to this many days add up every reading; longer ones
/// add up monthly tallies.
const TRENDS_FROM_READINGS_DAYS: i64 = 100;

/// The length of a UUID's first group: digits this long or longer are read
/// as the start of a UUID when no knot has that number.
const UUID_FIRST_GROUP: usize = 8;

/// The largest file whose every page is checked before a write: about
/// 60,000 readings.
const WHOLE_CHECK_MAX_BYTES: u64 = 16 * 1024 * 1024;
/// Whether what was typed for a knot or a reading, when it is not its
/// number, may be the start of its UUID: short digits alone never are.
fn may_start_a_uuid(wanted: &str) -> bool {
    !wanted.chars().all(|c| c.is_ascii_digit()) || wanted.len() >= UUID_FIRST_GROUP
}

/// An open knotmap database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    rules: Rules,
    /// The wall clock the change stamps start from.
    clock: Clock,
    /// Whether the file passed its quick integrity check.
    sound: std::cell::Cell<bool>,
}

impl Store {
    /// Opens (and on first use creates) the database at `path`, refusing
    /// any file that is not a knotmap database without changing it.
    pub fn open(path: &Path, if_missing: IfMissing) -> Result<Store> {
        let conn = open::open_connection(path, if_missing)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            rules: Rules::default(),
            clock: Clock::system(),
            sound: std::cell::Cell::new(false),
        })
    }

    /// Refuses to write to a file whose pages are damaged, where a write
    /// could spread the damage. Checked once per open store: the check
    /// reads the whole file, so it is made on files up to
    /// [`WHOLE_CHECK_MAX_BYTES`] only, where it costs a few milliseconds;
    /// on a larger history it would cost a `log` most of a second. There
    /// SQLite still refuses any damaged page a write reads, and `knotmap
    /// doctor` checks every page.
    fn check_sound(&self) -> Result<()> {
        if self.sound.get() {
            return Ok(());
        }
        let size = std::fs::metadata(&self.path).map_or(0, |meta| meta.len());
        if size > WHOLE_CHECK_MAX_BYTES {
            return Ok(());
        }
        let verdict: String = self
            .conn
            .query_row("PRAGMA quick_check(1)", [], |row| row.get(0))
            .map_err(|_| StoreError::Unsound(self.path.display().to_string()))?;
        if verdict != "ok" {
            return Err(StoreError::Unsound(self.path.display().to_string()));
        }
        self.sound.set(true);
        Ok(())
    }

    /// The rules used to group sessions and sum knots up.
    pub fn set_rules(&mut self, rules: Rules) {
        self.rules = rules;
    }

    /// The clock the change stamps of this store's writes read.
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Changes whenever another connection commits: a cheap way for a long
    /// running view to know it should reload.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |row| row.get(0))?)
    }

    pub fn pragma_i64(&self, name: &str) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, name, |row| row.get(0))?)
    }

    pub fn pragma_text(&self, name: &str) -> Result<String> {
        Ok(self.conn.pragma_query_value(None, name, |row| row.get(0))?)
    }

    /// Every knot, oldest first.
    pub fn knots(&self) -> Result<Vec<Knot>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {} FROM knots ORDER BY id",
            records::KNOT_COLUMNS
        ))?;
        records::query_knots(&mut statement, [])
    }

    /// A knot by its number, or by the start of its UUID.
    pub fn find_knot(&self, id_or_prefix: &str) -> Result<Knot> {
        let wanted = id_or_prefix.trim();
        let knots = self.knots()?;
        if let Some(knot) = wanted
            .parse::<i64>()
            .ok()
            .and_then(|id| knots.iter().find(|knot| knot.id == id))
        {
            return Ok(knot.clone());
        }
        // Short digits alone are a knot's number, never the start of a UUID:
        // "4" must not pick whichever knot's UUID happens to start with 4.
        // A whole first group of a UUID can be digits alone (about one UUID
        // in forty), and then it is the UUID that is meant.
        if !may_start_a_uuid(wanted) {
            return Err(StoreError::UnknownKnot(wanted.to_string()));
        }
        let lower = wanted.to_lowercase();
        let mut matching = knots
            .into_iter()
            .filter(|knot| !lower.is_empty() && knot.uuid.starts_with(&lower));
        match (matching.next(), matching.next()) {
            (Some(knot), None) => Ok(knot),
            (Some(_), Some(_)) => Err(StoreError::AmbiguousKnot(wanted.to_string())),
            (None, _) => Err(StoreError::UnknownKnot(wanted.to_string())),
        }
    }

    /// A knot's readings in time order.
    pub fn readings_of(&self, knot_id: i64) -> Result<Vec<Reading>> {
        derived::readings_of(&self.conn, knot_id)
    }

    /// Everything in the file, read in one go.
    pub fn history(&self) -> Result<History> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {} FROM readings ORDER BY knot_id, taken_at, id",
            records::READING_COLUMNS
        ))?;
        let readings = records::query_readings(&mut statement, [])?;
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {} FROM sessions ORDER BY started_at, id",
            records::SESSION_COLUMNS
        ))?;
        let sessions = records::query_sessions(&mut statement, [])?;
        Ok(History {
            knots: self.knots()?,
            readings,
            sessions,
            clearings: clearings::all(&self.conn)?,
        })
    }

    /// Every knot that has readings, with what they say about it at `now`,
    /// in the order of the analysis.
    pub fn knot_summaries(&self, now: DateTime<Utc>) -> Result<Vec<KnotSummary>> {
        if !self.summaries_hold()? {
            return Ok(self.whole_analysis(now)?.knots);
        }
        let digested = derived::knots_with_digests(&self.conn, Knots::All)?;
        Ok(Analysis::of(digested, Vec::new(), &self.rules, now).knots)
    }

    /// How many knots with readings each region has: the heat view.
    pub fn knots_per_region(&self) -> Result<HashMap<Region, usize>> {
        if !self.summaries_hold()? {
            return Ok(self.whole_analysis(Utc::now())?.heat);
        }
        derived::knots_per_region(&self.conn)
    }

    /// One knot with what its readings say about it at `now`; `None` when
    /// it has none.
    pub fn knot_summary(&self, knot_id: i64, now: DateTime<Utc>) -> Result<Option<KnotSummary>> {
        if !self.summaries_hold()? {
            return Ok(self.whole_analysis(now)?.summary(knot_id).cloned());
        }
        let digested = derived::knots_with_digests(&self.conn, Knots::One(knot_id))?;
        Ok(digested
            .into_iter()
            .next()
            .map(|(knot, digest)| summary_of(knot, &digest, &self.rules)))
    }

    /// The cautions about one reading of a knot, as `knotmap log` and the
    /// app say them right after it is saved: the knot's safety state, then
    /// the reading's region, symptoms and dose.
    /// `now` is in the person's zone, which decides what "today" is.
    pub fn advice_on_reading<Tz: TimeZone>(
        &self,
        knot_id: i64,
        reading_id: i64,
        now: DateTime<Tz>,
    ) -> Result<Vec<Advice>> {
        let readings = self.readings_of(knot_id)?;
        let summary = self.knot_summary(knot_id, now.with_timezone(&Utc))?;
        let reading = readings.iter().find(|r| r.id == reading_id);
        Ok(match (&summary, reading) {
            (Some(summary), Some(reading)) => {
                knot_advice(summary, &readings, reading, &self.rules, &now.timezone())
            }
            _ => Vec::new(),
        })
    }

    /// What the screens and commands show, from the digests of the knots
    /// in play and the kept counts: its cost grows with the knots being
    /// treated, not with the history. `now` is in the person's zone.
    pub fn analysis<Tz: TimeZone>(&self, now: DateTime<Tz>) -> Result<Analysis> {
        if !self.summaries_hold()? {
            return self.whole_analysis(now);
        }
        let since = now.with_timezone(&Utc) - chrono::Duration::days(CALMED_IN_PLAY_DAYS);
        let digested = derived::knots_with_digests(&self.conn, Knots::InPlaySince(since))?;
        let calmed_earlier = derived::calmed_before(&self.conn, since)?;
        let flagged = flag_regions(&derived::region_tallies(&self.conn)?);
        Ok(Analysis::in_play(
            digested,
            calmed_earlier,
            flagged,
            &self.rules,
            now,
        ))
    }

    /// Whether the kept summaries hold under the rules in use, once they
    /// are worked out again where needed; if not (the file cannot be
    /// written), the answers come from the whole history instead.
    fn summaries_hold(&self) -> Result<bool> {
        derived::ensure_fresh(&self.conn, self.rules.calm_pain)
    }

    /// The analysis worked out from every reading, for a file whose
    /// summaries do not hold.
    fn whole_analysis<Tz: TimeZone>(&self, now: DateTime<Tz>) -> Result<Analysis> {
        Ok(Analysis::new(self.history()?, &self.rules, now))
    }

    /// Every recurrence worked out from every reading, newest first, for a
    /// file whose summaries do not hold.
    fn whole_recurrences(&self) -> Result<Vec<Recurrence>> {
        Ok(find_recurrences(&self.history()?, &self.rules))
    }

    /// The times knots came back, newest first, up to `limit`: to one
    /// region, or anywhere.
    pub fn recurrences(&self, region: Option<Region>, limit: usize) -> Result<Vec<Recurrence>> {
        if self.summaries_hold()? {
            return derived::newest(&self.conn, region, limit);
        }
        let mut found = self.whole_recurrences()?;
        found.retain(|r| region.is_none_or(|region| r.region == region));
        found.truncate(limit);
        Ok(found)
    }

    /// The return that brought a knot back most recently, if any.
    pub fn latest_recurrence_of(&self, knot_id: i64) -> Result<Option<Recurrence>> {
        if self.summaries_hold()? {
            return derived::latest_of(&self.conn, knot_id);
        }
        let found = self.whole_recurrences()?;
        Ok(found.into_iter().find(|r| r.knot == knot_id))
    }

    /// The calmed knot each knot formed beside, by knot.
    pub fn formed_beside(&self) -> Result<HashMap<i64, i64>> {
        if self.summaries_hold()? {
            return derived::formed_beside(&self.conn);
        }
        let found = self.whole_recurrences()?;
        Ok(found
            .iter()
            .filter(|r| r.kind == RecurrenceKind::Nearby)
            .map(|r| (r.knot, r.earlier_knot))
            .collect())
    }

    /// How many knots came back to each region from `since` on.
    fn returns_by_region(&self, since: DateTime<Utc>) -> Result<HashMap<Region, usize>> {
        if self.summaries_hold()? {
            return derived::count_by_region(&self.conn, since);
        }
        let found = self.whole_recurrences()?;
        Ok(count_by_region(&found, Some(since)))
    }

    /// The newest readings, up to `limit`, with their sessions and knots.
    pub fn recent_history(&self, limit: usize) -> Result<History> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {} FROM readings ORDER BY taken_at DESC, id DESC LIMIT ?1",
            records::READING_COLUMNS
        ))?;
        let mut readings = records::query_readings(&mut statement, [limit as i64])?;
        readings.sort_by_key(|r| (r.knot_id, r.taken_at, r.id));
        let mut session_ids: Vec<i64> = readings.iter().map(|r| r.session_id).collect();
        session_ids.sort_unstable();
        session_ids.dedup();
        let mut knot_ids: Vec<i64> = readings.iter().map(|r| r.knot_id).collect();
        knot_ids.dedup();
        let mut sessions = Vec::with_capacity(session_ids.len());
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {} FROM sessions WHERE id = ?1",
            records::SESSION_COLUMNS
        ))?;
        for id in session_ids {
            let session = records::query_sessions(&mut statement, [id])?
                .pop()
                .ok_or(rusqlite::Error::QueryReturnedNoRows)?;
            sessions.push(session);
        }
        sessions.sort_by_key(|s| (s.started_at, s.id));
        let mut knots = Vec::with_capacity(knot_ids.len());
        for id in knot_ids {
            let knot = derived::knot_by_id(&self.conn, id)?
                .ok_or_else(|| StoreError::BadRecord(format!("reading of missing knot {id}")))?;
            knots.push(knot);
        }
        Ok(History {
            knots,
            readings,
            sessions,
            clearings: Vec::new(),
        })
    }

    /// Pain per region and area from `since` (or the first reading) to
    /// `now`: from the readings over a few months, from the monthly
    /// tallies over longer.
    pub fn trends(&self, since: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Result<Trends> {
        let knots = self.knot_summaries(now)?;
        let first: Option<String> =
            self.conn
                .query_row("SELECT min(taken_at) FROM readings", [], |row| row.get(0))?;
        let first = first.as_deref().and_then(|t| records::parse_time(t).ok());
        let start = since.or(first).unwrap_or(now);
        // Monthly tallies marked stale that this run could not work out
        // again (a read-only file) are passed over for the readings.
        if now - start > chrono::Duration::days(TRENDS_FROM_READINGS_DAYS)
            && self.summaries_hold()?
        {
            let months = derived::region_months(&self.conn, since)?;
            return Ok(trends_by_month(
                &months,
                &knots,
                &self.returns_by_region(start)?,
                Some(start),
                now,
            ));
        }
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {} FROM readings WHERE taken_at >= ?1 AND taken_at <= ?2",
            records::READING_COLUMNS
        ))?;
        let mut readings =
            records::query_readings(&mut statement, params![to_stored(start), to_stored(now)])?;
        readings.sort_by_key(|r| (r.knot_id, r.taken_at, r.id));
        let window = History {
            knots: knots.iter().map(|s| s.knot.clone()).collect(),
            readings,
            sessions: Vec::new(),
            clearings: Vec::new(),
        };
        Ok(trends(
            &window,
            &knots,
            &self.returns_by_region(start)?,
            since.or(first),
            now,
        ))
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// How long a write waits for another program that holds the file.
    /// The app waits less than a command: a frozen screen is worse than a
    /// message that says to try again.
    pub fn set_patience(&self, patience: std::time::Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(patience)?)
    }

    /// What SQLite's own check of every page finds: empty when the file is
    /// sound.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut statement = self.conn.prepare("PRAGMA integrity_check")?;
        let found = statement
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(found.into_iter().filter(|line| line != "ok").collect())
    }

    /// Rows that point to a record that is not there.
    pub fn broken_references(&self) -> Result<usize> {
        let mut statement = self.conn.prepare("PRAGMA foreign_key_check")?;
        let count = statement.query_map([], |_| Ok(()))?.count();
        Ok(count)
    }

    /// Knots whose readings were all deleted.
    pub fn knots_without_readings(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM knots k
             WHERE NOT EXISTS (SELECT 1 FROM readings r WHERE r.knot_id = k.id)",
            [],
            |row| row.get(0),
        )?)
    }

    /// How many knots, sessions and readings the file holds.
    pub fn counts(&self) -> Result<(i64, i64, i64)> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM knots), (SELECT count(*) FROM sessions),
                    (SELECT count(*) FROM readings)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )?)
    }
}

//! Tables worked out from the readings and kept up to date in the same
//! transaction as every write, so that reading a summary never means
//! reading the whole history: a digest and the calm spells of each knot,
//! every return of a knot with a count per region, and pain per region and
//! month.

mod digests;
mod months;
mod returns;

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};

use super::Result;
use crate::domain::recurrence::recurrences_among;
use crate::progress::Progress;

pub(crate) use digests::{
    Knots, calmed_before, knot_by_id, knots_per_region, knots_with_digests, readings_of,
};
pub(crate) use months::{month_of, months_astray, region_months};
pub(crate) use returns::{count_by_region, formed_beside, latest_of, newest, region_tallies};

/// What a write touched, so that exactly those summaries are worked out
/// again before it commits.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    knots: BTreeSet<i64>,
    months: BTreeSet<(String, String)>,
    /// The region of each touched knot, read once: an import touches the
    /// same few knots a million times.
    regions: HashMap<i64, Option<String>>,
}

impl Touched {
    /// A reading of `knot_id` at `at` was added, changed or removed.
    pub fn reading(&mut self, conn: &Connection, knot_id: i64, at: DateTime<Utc>) -> Result<()> {
        self.knots.insert(knot_id);
        let region = match self.regions.get(&knot_id) {
            Some(region) => region.clone(),
            None => {
                let region: Option<String> = conn
                    .prepare_cached("SELECT region FROM knots WHERE id = ?1")?
                    .query_row([knot_id], |row| row.get(0))
                    .optional()?;
                self.regions.insert(knot_id, region.clone());
                region
            }
        };
        if let Some(region) = region {
            self.months.insert((region, month_of(at)));
        }
        Ok(())
    }

    /// Something about the knot itself changed (its resolved mark).
    pub fn knot(&mut self, knot_id: i64) {
        self.knots.insert(knot_id);
    }

    /// Works the touched summaries out again, inside the caller's
    /// transaction, with those the schema's triggers marked stale (by this
    /// write, or by another program since the last run), and clears the
    /// marks. Summaries made under another calm threshold, or marks of a
    /// knot that is gone, mean working them all out again instead.
    pub fn refresh(&self, conn: &Connection, calm_pain: u8) -> Result<()> {
        self.refresh_showing(conn, calm_pain, &Progress::hidden())
    }

    /// [`Touched::refresh`], showing on `progress` how far working every
    /// knot out again has got.
    pub fn refresh_showing(
        &self,
        conn: &Connection,
        calm_pain: u8,
        progress: &Progress,
    ) -> Result<()> {
        let marked = Marked::read(conn)?;
        let knots: BTreeSet<i64> = self.knots.union(&marked.knots).copied().collect();
        let months: BTreeSet<(String, String)> =
            self.months.union(&marked.months).cloned().collect();
        if kept_calm_pain(conn)? != Some(calm_pain) || marked.knot_gone {
            refresh_knots(conn, calm_pain, progress)?;
        } else {
            // A knot's returns, and its neighbours', follow from where it
            // is, when it was first seen and its calm spells: those of a
            // knot where none of that changed are left as they are. The
            // everyday write, to one knot, works out only what it can
            // change around it.
            let mut changed = Vec::new();
            for &knot_id in &knots {
                let refreshed = digests::refresh_knot(conn, knot_id, calm_pain)?;
                if refreshed.start_or_spells_changed || marked.moved.contains(&knot_id) {
                    changed.push(knot_id);
                }
            }
            match changed[..] {
                [] => {}
                [knot_id] => returns::refresh_around(conn, knot_id)?,
                _ => {
                    // The knots around each changed knot are worked out
                    // after every digest is, from all the new spells.
                    let mut returns = BTreeSet::new();
                    for knot_id in changed {
                        returns.extend(returns::depending_on(conn, knot_id)?);
                    }
                    for knot_id in returns {
                        returns::refresh_knot_returns(conn, knot_id)?;
                    }
                }
            }
            // Every region whose returns changed, as the triggers marked
            // them: also those another program's delete took by cascade.
            let regions: Vec<String> = conn
                .prepare_cached("SELECT region FROM stale_regions")?
                .query_map([], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for region in regions {
                returns::refresh_region(conn, &region)?;
            }
        }
        for (region, month) in &months {
            months::refresh_month(conn, region, month)?;
        }
        clear_marks(conn)
    }
}

/// What the triggers marked stale since the summaries were last worked
/// out.
#[derive(Debug, Default)]
struct Marked {
    knots: BTreeSet<i64>,
    /// Knots moved, or written anew, since: their returns are worked out
    /// again whatever their readings say.
    moved: BTreeSet<i64>,
    months: BTreeSet<(String, String)>,
    /// A marked knot no longer exists: returns that named it must be
    /// worked out again everywhere.
    knot_gone: bool,
}

impl Marked {
    fn read(conn: &Connection) -> Result<Marked> {
        let knots: BTreeSet<i64> = conn
            .prepare_cached("SELECT knot_id FROM stale_knots")?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let moved: BTreeSet<i64> = conn
            .prepare_cached("SELECT knot_id FROM moved_knots")?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let months = conn
            .prepare_cached("SELECT region, month FROM stale_months")?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let knot_gone = conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM (SELECT knot_id FROM stale_knots
                                              UNION SELECT knot_id FROM moved_knots) s
                                WHERE NOT EXISTS (SELECT 1 FROM knots k WHERE k.id = s.knot_id))",
            )?
            .query_row([], |row| row.get(0))?;
        Ok(Marked {
            knots: knots.union(&moved).copied().collect(),
            moved,
            months,
            knot_gone,
        })
    }
}

/// Whether any summary is marked stale.
fn any_marked(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM stale_knots) OR EXISTS (SELECT 1 FROM stale_months)
                    OR EXISTS (SELECT 1 FROM moved_knots) OR EXISTS (SELECT 1 FROM stale_regions)",
        )?
        .query_row([], |row| row.get(0))?)
}

fn clear_marks(conn: &Connection) -> Result<()> {
    conn.prepare_cached("DELETE FROM stale_knots")?
        .execute([])?;
    conn.prepare_cached("DELETE FROM stale_months")?
        .execute([])?;
    conn.prepare_cached("DELETE FROM moved_knots")?
        .execute([])?;
    conn.prepare_cached("DELETE FROM stale_regions")?
        .execute([])?;
    Ok(())
}

/// Works every derived table out again from the readings.
pub(crate) fn refresh_all(conn: &Connection, calm_pain: u8) -> Result<()> {
    refresh_knots(conn, calm_pain, &Progress::hidden())?;
    months::refresh_all_months(conn)?;
    clear_marks(conn)
}

/// Every knot's digest, spells and returns worked out again, under
/// `calm_pain`.
fn refresh_knots(conn: &Connection, calm_pain: u8, progress: &Progress) -> Result<()> {
    for table in [
        "knot_digests",
        "calm_spells",
        "recurrences",
        "region_recurrences",
    ] {
        conn.execute(&format!("DELETE FROM {table}"), [])?;
    }
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM knots ORDER BY id")?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    progress.stage("Working out the summaries", "knots", ids.len() as u64);
    let mut digested = Vec::with_capacity(ids.len());
    for id in ids {
        digested.extend(digests::refresh_knot(conn, id, calm_pain)?.digested);
        progress.advance(1);
    }
    returns::store_all(conn, &recurrences_among(&digested))?;
    returns::refresh_all_regions(conn)?;
    conn.execute("UPDATE summaries_state SET calm_pain = ?1", [calm_pain])?;
    Ok(())
}

/// The calm threshold the kept summaries were worked out with; `None`
/// before they first are.
fn kept_calm_pain(conn: &Connection) -> Result<Option<u8>> {
    Ok(conn
        .prepare_cached("SELECT calm_pain FROM summaries_state")?
        .query_row([], |row| row.get(0))
        .optional()?
        .flatten())
}

/// Whether the kept summaries claim to hold for `calm_pain`: made under
/// it, with nothing marked stale. Ones that do not are worked out again
/// on their next use anyway.
pub(crate) fn claim_to_hold(conn: &Connection, calm_pain: u8) -> Result<bool> {
    Ok(kept_calm_pain(conn)? == Some(calm_pain) && !any_marked(conn)?)
}

/// Makes sure the summaries hold for `calm_pain` and hold nothing marked
/// stale, working them out again if needed. `false` when they do not and the file cannot be written
/// (read-only, or busy for longer than the timeout): the caller then
/// works from the readings.
pub(crate) fn ensure_fresh(conn: &Connection, calm_pain: u8) -> Result<bool> {
    let fresh = |conn| -> Result<bool> {
        Ok(kept_calm_pain(conn)? == Some(calm_pain) && !any_marked(conn)?)
    };
    if fresh(conn)? {
        return Ok(true);
    }
    if !conn.is_autocommit() || conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true) {
        return Ok(false);
    }
    let path = conn.path().map(std::path::PathBuf::from);
    // Another knotmap is working them out (or importing): answer from the
    // readings now rather than wait for it.
    if path
        .as_deref()
        .is_some_and(crate::store::long_writes::is_under_way)
    {
        return Ok(false);
    }
    let write = || -> Result<()> {
        // Working every summary out again takes a while on a long history:
        // announced, so that other runs read from the readings meanwhile
        // and writes wait for it, and shown as it goes.
        let _announced = path.as_deref().map(crate::store::long_writes::announce);
        conn.execute_batch("BEGIN IMMEDIATE")?;
        // Another process may have done it while this one waited.
        let done = match fresh(conn) {
            Ok(true) => Ok(()),
            Ok(false) => {
                let progress = Progress::new("Working out the summaries", "knots", 0);
                let done = Touched::default().refresh_showing(conn, calm_pain, &progress);
                progress.finish();
                done
            }
            Err(error) => Err(error),
        };
        match done {
            Ok(()) => conn.execute_batch("COMMIT")?,
            Err(error) => {
                conn.execute_batch("ROLLBACK")?;
                return Err(error);
            }
        }
        Ok(())
    };
    Ok(write().is_ok())
}

//! Tables worked out from the readings and kept up to date in the same
//! transaction as every write, so that reading a summary never means
//! reading the whole history: a digest per knot, and pain per region and
//! month.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Result, StoreError, records};
use crate::body::Region;
use crate::domain::digest::{Episode, KnotDigest, digest};
use crate::domain::knot::Knot;
use crate::domain::pain::Score;
use crate::domain::recurrence::CalmSpell;
use crate::domain::trends::MonthTally;
use crate::domain::when::to_stored;

/// What a write touched, so that exactly those summaries are worked out
/// again before it commits.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    knots: BTreeSet<i64>,
    months: BTreeSet<(String, String)>,
}

impl Touched {
    /// A reading of `knot_id` at `at` was added, changed or removed.
    pub fn reading(&mut self, conn: &Connection, knot_id: i64, at: DateTime<Utc>) -> Result<()> {
        self.knots.insert(knot_id);
        let region: Option<String> = conn
            .query_row("SELECT region FROM knots WHERE id = ?1", [knot_id], |row| {
                row.get(0)
            })
            .optional()?;
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
    /// transaction.
    pub fn refresh(&self, conn: &Connection, calm_pain: u8) -> Result<()> {
        for &knot_id in &self.knots {
            refresh_knot(conn, knot_id, calm_pain)?;
        }
        for (region, month) in &self.months {
            refresh_month(conn, region, month)?;
        }
        Ok(())
    }
}

/// Works every derived table out again from the readings.
pub(crate) fn refresh_all(conn: &Connection, rules: &crate::domain::Rules) -> Result<()> {
    conn.execute("DELETE FROM knot_digests", [])?;
    conn.execute("DELETE FROM region_months", [])?;
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM knots ORDER BY id")?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        refresh_knot(conn, id, rules.calm_pain)?;
    }
    conn.execute(
        &format!(
            "INSERT INTO region_months {}",
            tally_query(
                "substr(r.taken_at, 1, 7)",
                "1",
                "k.region, substr(r.taken_at, 1, 7)"
            )
        ),
        [],
    )?;
    Ok(())
}

/// The knot's digest worked out from its readings and stored, or removed
/// when it has none left.
pub(crate) fn refresh_knot(conn: &Connection, knot_id: i64, calm_pain: u8) -> Result<()> {
    let knot = conn
        .query_row(
            &format!("SELECT {} FROM knots WHERE id = ?1", records::KNOT_COLUMNS),
            [knot_id],
            records::knot_row,
        )
        .optional()?
        .map(records::knot_from_row)
        .transpose()?;
    let found = match &knot {
        Some(knot) => digest(knot, &readings_of(conn, knot_id)?, calm_pain),
        None => None,
    };
    match found {
        Some(found) => store_digest(conn, knot_id, &found),
        None => {
            conn.execute("DELETE FROM knot_digests WHERE knot_id = ?1", [knot_id])?;
            Ok(())
        }
    }
}

/// A knot's readings in time order.
pub(super) fn readings_of(conn: &Connection, knot_id: i64) -> Result<Vec<crate::domain::Reading>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {} FROM readings WHERE knot_id = ?1 ORDER BY taken_at, id",
        records::READING_COLUMNS
    ))?;
    let rows = statement.query_map([knot_id], records::reading_row)?;
    rows.map(|row| records::reading_from_row(row?)).collect()
}

fn store_digest(conn: &Connection, knot_id: i64, found: &KnotDigest) -> Result<()> {
    let episode = &found.episode;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO knot_digests
         (knot_id, calm_pain, sessions, first_seen, first_pain, last_seen, latest_pain,
          episode_sessions, episode_first_at, episode_first_pain, episode_last_pain,
          episode_before_last_pain, still_marked, calm_spells)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        knot_id,
        found.calm_pain,
        found.sessions,
        to_stored(found.first_seen),
        found.first_pain.value(),
        to_stored(found.last_seen),
        found.latest_pain.value(),
        episode.sessions,
        to_stored(episode.first_at),
        episode.first_pain.value(),
        episode.last_pain.value(),
        episode.before_last_pain.map(Score::value),
        found.still_marked,
        spells_text(&found.spells),
    ])?;
    Ok(())
}

/// Pain of one region in one month, added up again from its readings.
fn refresh_month(conn: &Connection, region: &str, month: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM region_months WHERE region = ?1 AND month = ?2",
        params![region, month],
    )?;
    let (start, end) = month_bounds(month)?;
    conn.prepare_cached(&format!(
        "INSERT INTO region_months {}",
        tally_query(
            "?2",
            "r.taken_at >= ?3 AND r.taken_at < ?4 AND k.region = ?1",
            "k.region"
        )
    ))?
    .execute(params![region, month, start, end])?;
    Ok(())
}

/// "2026-03" for a time in March 2026 (UTC), as the table keys months.
pub(crate) fn month_of(at: DateTime<Utc>) -> String {
    format!("{:04}-{:02}", at.year(), at.month())
}

/// The first moment of a month and of the next, as stored times.
fn month_bounds(month: &str) -> Result<(String, String)> {
    let bad = || StoreError::BadRecord(format!("month \"{month}\" in the summaries"));
    let (year, number) = month.split_once('-').ok_or_else(bad)?;
    let year: i32 = year.parse().map_err(|_| bad())?;
    let number: u32 = number.parse().map_err(|_| bad())?;
    let (next_year, next) = if number == 12 {
        (year + 1, 1)
    } else {
        (year, number + 1)
    };
    let start = Utc
        .with_ymd_and_hms(year, number, 1, 0, 0, 0)
        .single()
        .ok_or_else(bad)?;
    let end = Utc
        .with_ymd_and_hms(next_year, next, 1, 0, 0, 0)
        .single()
        .ok_or_else(bad)?;
    Ok((to_stored(start), to_stored(end)))
}

fn spells_text(spells: &[CalmSpell]) -> String {
    spells
        .iter()
        .map(|(calmed, flared)| {
            format!(
                "{}/{}",
                to_stored(*calmed),
                flared.map(to_stored).unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn spells_from(text: &str) -> Option<Vec<CalmSpell>> {
    text.split(';')
        .filter(|spell| !spell.is_empty())
        .map(|spell| {
            let (calmed, flared) = spell.split_once('/')?;
            let calmed = records::parse_time(calmed).ok()?;
            let flared = match flared {
                "" => None,
                at => Some(records::parse_time(at).ok()?),
            };
            Some((calmed, flared))
        })
        .collect()
}

/// Every knot with readings and its digest, oldest knot first. Digests
/// missing (a file from before they were kept) or made with another calm
/// threshold are worked out from the readings, and stored when the file
/// can be written.
pub(crate) fn knots_with_digests(
    conn: &Connection,
    calm_pain: u8,
) -> Result<Vec<(Knot, KnotDigest)>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {}, d.knot_id, d.calm_pain, d.sessions, d.first_seen, d.first_pain, d.last_seen,
                d.latest_pain, d.episode_sessions, d.episode_first_at, d.episode_first_pain,
                d.episode_last_pain, d.episode_before_last_pain, d.still_marked, d.calm_spells
         FROM knots k LEFT JOIN knot_digests d ON d.knot_id = k.id
         ORDER BY k.id",
        prefixed_knot_columns()
    ))?;
    let rows = statement.query_map([], |row| Ok((records::knot_row(row)?, digest_row(row, 9)?)))?;
    let mut found = Vec::new();
    let mut stale = Vec::new();
    for row in rows {
        let (knot_row, digest_row) = row?;
        let knot = records::knot_from_row(knot_row)?;
        match digest_row.and_then(|row| row.into_digest(calm_pain)) {
            Some(digest) => found.push((knot, digest)),
            None => stale.push(knot),
        }
    }
    if stale.is_empty() {
        return Ok(found);
    }
    for knot in stale {
        if let Some(fresh) = digest(&knot, &readings_of(conn, knot.id)?, calm_pain) {
            found.push((knot, fresh));
        }
    }
    found.sort_by_key(|(knot, _)| knot.id);
    store_all(conn, &found);
    Ok(found)
}

/// Keeps freshly worked-out digests for the next run. A file that cannot
/// be written (read-only, or busy for longer than the timeout) only means
/// the work is done again next time, so a failure here is not an error.
fn store_all(conn: &Connection, digests: &[(Knot, KnotDigest)]) {
    let write = || -> Result<()> {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        for (knot, found) in digests {
            if let Err(error) = store_digest(conn, knot.id, found) {
                conn.execute_batch("ROLLBACK")?;
                return Err(error);
            }
        }
        conn.execute_batch("COMMIT")?;
        Ok(())
    };
    if conn.is_autocommit() && !conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true) {
        let _ = write();
    }
}

fn prefixed_knot_columns() -> String {
    records::KNOT_COLUMNS
        .split(", ")
        .map(|column| format!("k.{column}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A knot_digests row as stored, or `None` where the knot has none.
struct DigestRow {
    calm_pain: u8,
    sessions: u32,
    first_seen: String,
    first_pain: u8,
    last_seen: String,
    latest_pain: u8,
    episode_sessions: u32,
    episode_first_at: String,
    episode_first_pain: u8,
    episode_last_pain: u8,
    episode_before_last_pain: Option<u8>,
    still_marked: bool,
    calm_spells: String,
}

fn digest_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Option<DigestRow>> {
    if row.get::<_, Option<i64>>(at)?.is_none() {
        return Ok(None);
    }
    Ok(Some(DigestRow {
        calm_pain: row.get(at + 1)?,
        sessions: row.get(at + 2)?,
        first_seen: row.get(at + 3)?,
        first_pain: row.get(at + 4)?,
        last_seen: row.get(at + 5)?,
        latest_pain: row.get(at + 6)?,
        episode_sessions: row.get(at + 7)?,
        episode_first_at: row.get(at + 8)?,
        episode_first_pain: row.get(at + 9)?,
        episode_last_pain: row.get(at + 10)?,
        episode_before_last_pain: row.get(at + 11)?,
        still_marked: row.get(at + 12)?,
        calm_spells: row.get(at + 13)?,
    }))
}

impl DigestRow {
    /// The digest, when it was made with `calm_pain` and reads back whole;
    /// otherwise `None`, and it is worked out again.
    fn into_digest(self, calm_pain: u8) -> Option<KnotDigest> {
        if self.calm_pain != calm_pain {
            return None;
        }
        Some(KnotDigest {
            sessions: self.sessions,
            first_seen: records::parse_time(&self.first_seen).ok()?,
            first_pain: Score::new(self.first_pain)?,
            last_seen: records::parse_time(&self.last_seen).ok()?,
            latest_pain: Score::new(self.latest_pain)?,
            episode: Episode {
                sessions: self.episode_sessions,
                first_at: records::parse_time(&self.episode_first_at).ok()?,
                first_pain: Score::new(self.episode_first_pain)?,
                last_pain: Score::new(self.episode_last_pain)?,
                before_last_pain: match self.episode_before_last_pain {
                    Some(pain) => Some(Score::new(pain)?),
                    None => None,
                },
            },
            still_marked: self.still_marked,
            spells: spells_from(&self.calm_spells)?,
            calm_pain,
        })
    }
}

/// Every region's tallies from `since` on: the months after the one
/// holding `since` as kept, and the rest of that month added up from its
/// readings, so that the period starts exactly at `since`.
pub(crate) fn region_months(
    conn: &Connection,
    since: Option<DateTime<Utc>>,
) -> Result<Vec<MonthTally>> {
    let mut tallies = Vec::new();
    let after = match since {
        Some(since) => {
            let month = month_of(since);
            let (_, next) = month_bounds(&month)?;
            let mut statement = conn.prepare_cached(&tally_query(
                "?1",
                "r.taken_at >= ?1 AND r.taken_at < ?2",
                "k.region",
            ))?;
            let rows = statement.query_map(params![to_stored(since), next], tally_row)?;
            for row in rows {
                tallies.push(tally_from(row?)?);
            }
            month
        }
        None => String::new(),
    };
    let mut statement = conn.prepare_cached(
        "SELECT region, month, readings, pain_sum, sessions, latest_at, latest_id, latest_pain
         FROM region_months WHERE month > ?1",
    )?;
    let rows = statement.query_map([after], tally_row)?;
    for row in rows {
        let mut row = row?;
        row.1 = month_bounds(&row.1)?.0;
        tallies.push(tally_from(row)?);
    }
    Ok(tallies)
}

/// The tally of the readings `filter` picks, grouped by `group`, with
/// `month` as its month column, in the columns of `region_months`. SQLite
/// takes the bare columns from the row that holds the max(): the last
/// reading by time, then by id.
fn tally_query(month: &str, filter: &str, group: &str) -> String {
    format!(
        "SELECT region, month, readings, pain_sum, sessions, latest_at, latest_id, latest_pain
         FROM (
             SELECT k.region AS region, {month} AS month, count(*) AS readings,
                    sum(r.pain_before) AS pain_sum, count(DISTINCT r.session_id) AS sessions,
                    r.taken_at AS latest_at, r.id AS latest_id, r.pain_before AS latest_pain,
                    max(r.taken_at || printf('%020d', r.id))
             FROM readings r JOIN knots k ON k.id = r.knot_id
             WHERE {filter}
             GROUP BY {group}
         )"
    )
}

/// region, start, readings, pain sum, sessions, latest time, latest
/// reading, latest pain.
type TallyRow = (String, String, i64, i64, i64, String, i64, u8);

fn tally_row(row: &Row<'_>) -> rusqlite::Result<TallyRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
    ))
}

fn tally_from(row: TallyRow) -> Result<MonthTally> {
    let (region, start, readings, pain_sum, sessions, latest_at, latest_id, latest_pain) = row;
    let bad =
        |what: &str| StoreError::BadRecord(format!("summary of {region} from {start}: {what}"));
    Ok(MonthTally {
        region: Region::from_slug(&region).ok_or_else(|| bad("unknown region"))?,
        start: records::parse_time(&start).map_err(|_| bad("start"))?,
        readings: readings.max(0) as u64,
        pain_sum: pain_sum.max(0) as u64,
        sessions: sessions.max(0) as u64,
        latest_at: records::parse_time(&latest_at).map_err(|_| bad("latest time"))?,
        latest_reading: latest_id,
        latest_pain,
    })
}

//! A digest and the calm spells of every knot with readings, kept so that
//! listing a thousand knots reads a thousand rows, not their histories.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::body::Region;
use crate::domain::Reading;
use crate::domain::digest::{Digested, Episode, KnotDigest, digest};
use crate::domain::knot::Knot;
use crate::domain::pain::Score;
use crate::domain::recurrence::CalmSpell;
use crate::domain::safety::Signs;
use crate::domain::symptom::Symptom;
use crate::domain::verdict::is_resolved;
use crate::domain::when::to_stored;
use crate::store::{Result, StoreError, records};

/// A knot's digest and calm spells, worked out again.
pub(super) struct Refreshed {
    /// The knot and its digest, as stored; `None` when it has no readings
    /// (or is gone), and then nothing is stored.
    pub digested: Option<(Knot, Digested)>,
    /// Whether its first reading or its calm spells are not what they were.
    /// With neither changed, and the knot where it was, no return of it or
    /// of its neighbours has changed.
    pub start_or_spells_changed: bool,
}

/// The knot's digest and calm spells worked out from its readings and
/// stored, or removed when it has none left. Spells that came out as they
/// were are not written again.
pub(super) fn refresh_knot(conn: &Connection, knot_id: i64, calm_pain: u8) -> Result<Refreshed> {
    let kept = (first_seen(conn, knot_id)?, spells_of(conn, knot_id)?);
    let digested = match knot_by_id(conn, knot_id)? {
        Some(knot) => {
            digest(&knot, &readings_of(conn, knot_id)?, calm_pain).map(|digested| (knot, digested))
        }
        None => None,
    };
    let fresh = match &digested {
        Some((_, digested)) => (Some(digested.digest.first_seen), digested.spells.as_slice()),
        None => (None, &[][..]),
    };
    let spells_changed = kept.1 != fresh.1;
    if spells_changed {
        store_spells(conn, knot_id, fresh.1)?;
    }
    match &digested {
        Some((_, digested)) => store(conn, knot_id, digested, calm_pain)?,
        None => {
            conn.prepare_cached("DELETE FROM knot_digests WHERE knot_id = ?1")?
                .execute([knot_id])?;
        }
    }
    Ok(Refreshed {
        start_or_spells_changed: spells_changed || kept.0 != fresh.0,
        digested,
    })
}

/// Stores a digest.
fn store(conn: &Connection, knot_id: i64, digested: &Digested, calm_pain: u8) -> Result<()> {
    let found = &digested.digest;
    let episode = &found.episode;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO knot_digests
         (knot_id, sessions, first_seen, first_pain, last_seen, latest_pain,
          episode_sessions, episode_first_at, episode_first_pain, episode_last_pain,
          episode_before_last_pain, still_marked, resolved, flagged_at, red_symptoms,
         sore_after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        knot_id,
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
        is_resolved(episode, found.still_marked, calm_pain),
        found.signs.flagged_at.map(to_stored),
        Symptom::join(&found.signs.red_symptoms),
        found.signs.sore_after,
    ])?;
    Ok(())
}

/// Replaces the knot's calm spells with `spells`.
fn store_spells(conn: &Connection, knot_id: i64, spells: &[CalmSpell]) -> Result<()> {
    conn.prepare_cached("DELETE FROM calm_spells WHERE knot_id = ?1")?
        .execute([knot_id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO calm_spells (knot_id, calmed_at, flared_at) VALUES (?1, ?2, ?3)",
    )?;
    for (calmed_at, flared_at) in spells {
        insert.execute(params![
            knot_id,
            to_stored(*calmed_at),
            flared_at.map(to_stored)
        ])?;
    }
    Ok(())
}

pub(crate) fn knot_by_id(conn: &Connection, knot_id: i64) -> Result<Option<Knot>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {} FROM knots WHERE id = ?1",
        records::KNOT_COLUMNS
    ))?;
    Ok(records::query_knots(&mut statement, [knot_id])?.pop())
}

/// A knot's readings in time order.
pub(crate) fn readings_of(conn: &Connection, knot_id: i64) -> Result<Vec<Reading>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {} FROM readings WHERE knot_id = ?1 ORDER BY taken_at, id",
        records::READING_COLUMNS
    ))?;
    records::query_readings(&mut statement, [knot_id])
}

/// A knot's calm spells, oldest first.
pub(super) fn spells_of(conn: &Connection, knot_id: i64) -> Result<Vec<CalmSpell>> {
    let mut statement = conn.prepare_cached(
        "SELECT calmed_at, flared_at FROM calm_spells WHERE knot_id = ?1 ORDER BY calmed_at",
    )?;
    let rows = statement.query_map([knot_id], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, Option<String>>(1)?))
    })?;
    rows.map(|row| {
        let (calmed_at, flared_at) = row?;
        Ok((
            time(&calmed_at, knot_id)?,
            flared_at.map(|at| time(&at, knot_id)).transpose()?,
        ))
    })
    .collect()
}

/// When a knot's first reading was, as its digest keeps it.
pub(super) fn first_seen(conn: &Connection, knot_id: i64) -> Result<Option<DateTime<Utc>>> {
    conn.prepare_cached("SELECT first_seen FROM knot_digests WHERE knot_id = ?1")?
        .query_row([knot_id], |row| row.get::<_, String>(0))
        .optional()?
        .map(|at| time(&at, knot_id))
        .transpose()
}

fn time(text: &str, knot_id: i64) -> Result<DateTime<Utc>> {
    records::parse_time(text)
        .map_err(|_| StoreError::BadRecord(format!("summary of knot {knot_id}: time \"{text}\"")))
}

/// Which knots with readings to read with their digests.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Knots {
    All,
    One(i64),
    /// Every unresolved knot, and the resolved ones last seen since then.
    InPlaySince(DateTime<Utc>),
    /// The knots with a reading since then.
    SeenSince(DateTime<Utc>),
}

/// Knots with readings and their digests, oldest knot first.
pub(crate) fn knots_with_digests(
    conn: &Connection,
    which: Knots,
) -> Result<Vec<(Knot, KnotDigest)>> {
    let (filter, value) = match which {
        Knots::All => ("1", None),
        Knots::One(id) => ("k.id = ?1", Some(id.to_string())),
        // Two ranges of the in-play index rather than an OR, which
        // SQLite would answer by reading every digest.
        Knots::InPlaySince(since) => (
            "k.id IN (SELECT knot_id FROM knot_digests WHERE resolved = 0
                      UNION ALL
                      SELECT knot_id FROM knot_digests WHERE resolved = 1 AND last_seen >= ?1)",
            Some(to_stored(since)),
        ),
        Knots::SeenSince(since) => (
            "k.id IN (SELECT knot_id FROM knot_digests WHERE last_seen >= ?1)",
            Some(to_stored(since)),
        ),
    };
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {}, d.sessions, d.first_seen, d.first_pain, d.last_seen, d.latest_pain,
                d.episode_sessions, d.episode_first_at, d.episode_first_pain,
                d.episode_last_pain, d.episode_before_last_pain, d.still_marked,
                (SELECT s.calmed_at FROM calm_spells s
                 WHERE s.knot_id = k.id AND s.flared_at = d.episode_first_at),
                d.flagged_at, d.red_symptoms, d.sore_after
         FROM knots k JOIN knot_digests d ON d.knot_id = k.id
         WHERE {filter}
         ORDER BY k.id",
        records::prefixed(records::KNOT_COLUMNS, "k")
    ))?;
    let rows = statement.query_map(rusqlite::params_from_iter(value), |row| {
        Ok((records::knot_row(row)?, digest_row(row, 10)?))
    })?;
    rows.map(|row| {
        let (knot_row, digest_row) = row?;
        let knot = records::knot_from_row(knot_row)?;
        let digest = digest_row
            .into_digest()
            .ok_or_else(|| StoreError::BadRecord(format!("summary of knot {}", knot.id)))?;
        Ok((knot, digest))
    })
    .collect()
}

/// How many knots with readings each region has.
pub(crate) fn knots_per_region(conn: &Connection) -> Result<HashMap<Region, usize>> {
    let mut statement = conn.prepare_cached(
        "SELECT k.region, count(*) FROM knots k JOIN knot_digests d ON d.knot_id = k.id
         GROUP BY k.region",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
    })?;
    let mut heat = HashMap::new();
    for row in rows {
        let (slug, count) = row?;
        let region = Region::from_slug(&slug)
            .ok_or_else(|| StoreError::BadRecord(format!("knot in unknown region \"{slug}\"")))?;
        heat.insert(region, count.max(0) as usize);
    }
    Ok(heat)
}

/// How many resolved knots were last seen before `since`.
pub(crate) fn calmed_before(conn: &Connection, since: DateTime<Utc>) -> Result<usize> {
    let count: i64 = conn
        .prepare_cached("SELECT count(*) FROM knot_digests WHERE resolved = 1 AND last_seen < ?1")?
        .query_row([to_stored(since)], |row| row.get(0))?;
    Ok(count.max(0) as usize)
}

/// A knot_digests row as stored, before it is checked.
struct DigestRow {
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
    /// When the knot had calmed before the flare its episode began with:
    /// the calm spell that flare ended.
    episode_calmed_at: Option<String>,
    flagged_at: Option<String>,
    red_symptoms: String,
    sore_after: bool,
}

fn digest_row(row: &Row<'_>, at: usize) -> rusqlite::Result<DigestRow> {
    Ok(DigestRow {
        sessions: row.get(at)?,
        first_seen: row.get(at + 1)?,
        first_pain: row.get(at + 2)?,
        last_seen: row.get(at + 3)?,
        latest_pain: row.get(at + 4)?,
        episode_sessions: row.get(at + 5)?,
        episode_first_at: row.get(at + 6)?,
        episode_first_pain: row.get(at + 7)?,
        episode_last_pain: row.get(at + 8)?,
        episode_before_last_pain: row.get(at + 9)?,
        still_marked: row.get(at + 10)?,
        episode_calmed_at: row.get(at + 11)?,
        flagged_at: row.get(at + 12)?,
        red_symptoms: row.get(at + 13)?,
        sore_after: row.get(at + 14)?,
    })
}

impl DigestRow {
    /// The digest, or `None` when a field does not read back.
    fn into_digest(self) -> Option<KnotDigest> {
        let last_seen = records::parse_time(&self.last_seen).ok()?;
        Some(KnotDigest {
            sessions: self.sessions,
            first_seen: records::parse_time(&self.first_seen).ok()?,
            first_pain: Score::new(self.first_pain)?,
            last_seen,
            latest_pain: Score::new(self.latest_pain)?,
            episode: Episode {
                sessions: self.episode_sessions,
                first_at: records::parse_time(&self.episode_first_at).ok()?,
                // An episode runs to the knot's latest reading.
                last_at: last_seen,
                calmed_at: match &self.episode_calmed_at {
                    Some(at) => Some(records::parse_time(at).ok()?),
                    None => None,
                },
                first_pain: Score::new(self.episode_first_pain)?,
                last_pain: Score::new(self.episode_last_pain)?,
                before_last_pain: match self.episode_before_last_pain {
                    Some(pain) => Some(Score::new(pain)?),
                    None => None,
                },
            },
            still_marked: self.still_marked,
            signs: Signs {
                flagged_at: match self.flagged_at {
                    Some(at) => Some(records::parse_time(&at).ok()?),
                    None => None,
                },
                red_symptoms: Symptom::split(&self.red_symptoms).ok()?,
                sore_after: self.sore_after,
            },
        })
    }
}

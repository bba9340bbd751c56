//! Every return of a knot, and how often knots came back to each region,
//! kept so that the recurring screen reads a region's newest returns and
//! the map reads one row per region.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, params};

use super::digests::{first_seen, knot_by_id, spells_of};
use crate::body::Region;
use crate::domain::knot::Knot;
use crate::domain::recurrence::{
    CalmSpell, RECUR_X, RECUR_Y, Recurrence, RecurrenceKind, RegionTally, calm_beside,
    formed_beside_rank, nearby_return, returns_of,
};
use crate::domain::when::to_stored;
use crate::store::{Result, StoreError, records};

const COLUMNS: &str =
    "knot_id, earlier_knot_id, region, kind, calmed_at, returned_at, interval_days";

/// The knots whose returns may change when `knot_id`'s readings do: the
/// knot, the knots near it, and those that came back beside it.
pub(super) fn depending_on(conn: &Connection, knot_id: i64) -> Result<BTreeSet<i64>> {
    let mut found = BTreeSet::from([knot_id]);
    if let Some(knot) = knot_by_id(conn, knot_id)? {
        found.extend(near(conn, &knot)?.into_iter().map(|other| other.id));
    }
    let mut statement =
        conn.prepare_cached("SELECT knot_id FROM recurrences WHERE earlier_knot_id = ?1")?;
    for id in statement.query_map([knot_id], |row| row.get(0))? {
        found.insert(id?);
    }
    Ok(found)
}

/// The knots close enough to `knot` for one to be the other coming back.
fn near(conn: &Connection, knot: &Knot) -> Result<Vec<Knot>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {} FROM knots k WHERE {NEAR}",
        records::prefixed(records::KNOT_COLUMNS, "k")
    ))?;
    records::query_knots(
        &mut statement,
        rusqlite::params_from_iter(near_params(knot)),
    )
}

/// After a write that changed one knot's readings: that knot's returns
/// worked out again, and of each knot around it only what the change can
/// move, which calmed knot it formed beside. Neither reads the
/// neighbours' neighbours: the cost stays with the knots near the one
/// written to.
pub(super) fn refresh_around(conn: &Connection, knot_id: i64) -> Result<()> {
    refresh_knot_returns(conn, knot_id)?;
    let knot = knot_by_id(conn, knot_id)?;
    let mut beside: BTreeSet<i64> = conn
        .prepare_cached("SELECT knot_id FROM recurrences WHERE earlier_knot_id = ?1")?
        .query_map([knot_id], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if let Some(knot) = knot {
        let spells = spells_of(conn, knot_id)?;
        for (other, first_seen, kept) in neighbours(conn, &knot)? {
            beside.remove(&other.id);
            refresh_beside(conn, other, first_seen, kept, &knot, &spells)?;
        }
    }
    // Knots that formed beside it where it no longer is.
    beside.remove(&knot_id);
    for other in beside {
        refresh_knot_returns(conn, other)?;
    }
    Ok(())
}

/// Which calmed knot `other` formed beside, once `changed`'s calm spells
/// are `spells`: the one kept, unless `changed` now ranks above it;
/// worked out in full only when the one kept was `changed` itself.
fn refresh_beside(
    conn: &Connection,
    other: Knot,
    first_seen: Option<String>,
    kept: Option<(i64, String)>,
    changed: &Knot,
    spells: &[CalmSpell],
) -> Result<()> {
    if kept
        .as_ref()
        .is_some_and(|(earlier, _)| *earlier == changed.id)
    {
        return refresh_knot_returns(conn, other.id);
    }
    let bad = |what: &str| StoreError::BadRecord(format!("summary of knot {}: {what}", other.id));
    let Some(first_seen) = first_seen else {
        return Ok(());
    };
    let first_seen = records::parse_time(&first_seen).map_err(|_| bad("first seen"))?;
    let Some(calmed_at) = calm_beside(&other, first_seen, changed, spells) else {
        return Ok(());
    };
    let kept_rank = kept
        .map(|(earlier, at)| {
            records::parse_time(&at)
                .map(|at| formed_beside_rank(at, earlier))
                .map_err(|_| bad("time calmed"))
        })
        .transpose()?;
    if kept_rank.is_some_and(|rank| rank >= formed_beside_rank(calmed_at, changed.id)) {
        return Ok(());
    }
    conn.prepare_cached("DELETE FROM recurrences WHERE knot_id = ?1 AND kind = 'nearby'")?
        .execute([other.id])?;
    store_all(
        conn,
        &[nearby_return(&other, first_seen, changed, calmed_at)],
    )
}

/// The WHERE clause of the knots near knot `?7`, at `?1` to `?6`: see
/// [`near_params`].
const NEAR: &str = "k.region = ?1 AND k.view = ?2 AND k.x BETWEEN ?3 AND ?4
                    AND k.y BETWEEN ?5 AND ?6 AND k.id != ?7";

fn near_params(knot: &Knot) -> [rusqlite::types::Value; 7] {
    let (x, y) = (i64::from(knot.spot.x), i64::from(knot.spot.y));
    [
        knot.region.slug().into(),
        knot.spot.view.slug().to_string().into(),
        (x - i64::from(RECUR_X)).into(),
        (x + i64::from(RECUR_X)).into(),
        (y - i64::from(RECUR_Y)).into(),
        (y + i64::from(RECUR_Y)).into(),
        knot.id.into(),
    ]
}

/// The calm spells of the knots near `knot` that were under way when it
/// was first seen, read in one go: the only ones it can have formed
/// beside (see [`calm_beside`], which still decides).
fn calm_when_first_seen(
    conn: &Connection,
    knot: &Knot,
    first_seen: DateTime<Utc>,
) -> Result<HashMap<i64, Vec<CalmSpell>>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT s.knot_id, s.calmed_at, s.flared_at
         FROM knots k JOIN calm_spells s ON s.knot_id = k.id
         WHERE {NEAR} AND s.calmed_at <= ?8 AND (s.flared_at IS NULL OR s.flared_at >= ?8)
         ORDER BY s.knot_id, s.calmed_at"
    ))?;
    let mut params = near_params(knot).to_vec();
    params.push(to_stored(first_seen).into());
    let rows = statement.query_map(rusqlite::params_from_iter(params), |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, Option<String>>(2)?,
        ))
    })?;
    let mut found: HashMap<i64, Vec<CalmSpell>> = HashMap::new();
    for row in rows {
        let (id, calmed_at, flared_at) = row?;
        let time = |at: &str| {
            records::parse_time(at)
                .map_err(|_| StoreError::BadRecord(format!("calm spell of knot {id}: \"{at}\"")))
        };
        let spell = (
            time(&calmed_at)?,
            flared_at.as_deref().map(time).transpose()?,
        );
        found.entry(id).or_default().push(spell);
    }
    Ok(found)
}

/// A knot near the one written to, with its first reading and the calmed
/// knot it is kept as having formed beside (and when that one calmed).
type Neighbour = (Knot, Option<String>, Option<(i64, String)>);

/// Every knot near `knot`, with what [`refresh_beside`] needs, in one go.
fn neighbours(conn: &Connection, knot: &Knot) -> Result<Vec<Neighbour>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {}, d.first_seen, r.earlier_knot_id, r.calmed_at
         FROM knots k LEFT JOIN knot_digests d ON d.knot_id = k.id
              LEFT JOIN recurrences r ON r.knot_id = k.id AND r.kind = 'nearby'
         WHERE {NEAR}",
        records::prefixed(records::KNOT_COLUMNS, "k")
    ))?;
    let at = records::KNOT_COLUMNS.split(", ").count();
    let rows = statement.query_map(rusqlite::params_from_iter(near_params(knot)), |row| {
        let kept = match row.get::<_, Option<i64>>(at + 1)? {
            Some(earlier) => Some((earlier, row.get::<_, String>(at + 2)?)),
            None => None,
        };
        Ok((
            records::knot_row(row)?,
            row.get::<_, Option<String>>(at)?,
            kept,
        ))
    })?;
    rows.map(|row| {
        let (knot, first_seen, kept) = row?;
        Ok((records::knot_from_row(knot)?, first_seen, kept))
    })
    .collect()
}

/// Works a knot's returns out again from its calm spells and its
/// neighbours'.
pub(super) fn refresh_knot_returns(conn: &Connection, knot_id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM recurrences WHERE knot_id = ?1")?
        .execute([knot_id])?;
    let (Some(knot), Some(first_seen)) = (knot_by_id(conn, knot_id)?, first_seen(conn, knot_id)?)
    else {
        return Ok(());
    };
    let spells = spells_of(conn, knot_id)?;
    let mut near_spells = calm_when_first_seen(conn, &knot, first_seen)?;
    let others: Vec<(Knot, Vec<CalmSpell>)> = near(conn, &knot)?
        .into_iter()
        .map(|other| {
            let spells = near_spells.remove(&other.id).unwrap_or_default();
            (other, spells)
        })
        .collect();
    let found = returns_of(
        &knot,
        first_seen,
        &spells,
        others
            .iter()
            .map(|(other, spells)| (other, spells.as_slice())),
    );
    store_all(conn, &found)
}

pub(super) fn store_all(conn: &Connection, recurrences: &[Recurrence]) -> Result<()> {
    let mut insert = conn.prepare_cached(&format!(
        "INSERT INTO recurrences ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    ))?;
    for recurrence in recurrences {
        insert.execute(params![
            recurrence.knot,
            recurrence.earlier_knot,
            recurrence.region.slug(),
            kind_slug(recurrence.kind),
            to_stored(recurrence.calmed_at),
            to_stored(recurrence.returned_at),
            recurrence.interval_days,
        ])?;
    }
    Ok(())
}

/// How often knots came back to `region`, counted again.
pub(super) fn refresh_region(conn: &Connection, region: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM region_recurrences WHERE region = ?1")?
        .execute([region])?;
    conn.prepare_cached(
        "INSERT INTO region_recurrences (region, count, interval_days_sum)
         SELECT region, count(*), sum(interval_days) FROM recurrences
         WHERE region = ?1 GROUP BY region",
    )?
    .execute([region])?;
    Ok(())
}

/// Every region's count, worked out again from all the returns.
pub(super) fn refresh_all_regions(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM region_recurrences", [])?;
    conn.execute(
        "INSERT INTO region_recurrences (region, count, interval_days_sum)
         SELECT region, count(*), sum(interval_days) FROM recurrences GROUP BY region",
        [],
    )?;
    Ok(())
}

/// How often knots came back to each region.
pub(crate) fn region_tallies(conn: &Connection) -> Result<Vec<RegionTally>> {
    let mut statement =
        conn.prepare_cached("SELECT region, count, interval_days_sum FROM region_recurrences")?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, i64>(2)?,
        ))
    })?;
    rows.map(|row| {
        let (region, count, interval_days_sum) = row?;
        Ok(RegionTally {
            region: region_of(&region)?,
            count: count.max(0) as u64,
            interval_days_sum,
        })
    })
    .collect()
}

/// The newest returns, of one region or of all, up to `limit`.
pub(crate) fn newest(
    conn: &Connection,
    region: Option<Region>,
    limit: usize,
) -> Result<Vec<Recurrence>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let order = "ORDER BY returned_at DESC, knot_id DESC, kind DESC LIMIT";
    let mut statement;
    let rows = match region {
        Some(region) => {
            statement = conn.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM recurrences WHERE region = ?1 {order} ?2"
            ))?;
            statement.query_map(params![region.slug(), limit], recurrence_row)?
        }
        None => {
            statement =
                conn.prepare_cached(&format!("SELECT {COLUMNS} FROM recurrences {order} ?1"))?;
            statement.query_map([limit], recurrence_row)?
        }
    };
    rows.map(|row| recurrence_from(row?)).collect()
}

/// The return that brought a knot back most recently, if any.
pub(crate) fn latest_of(conn: &Connection, knot_id: i64) -> Result<Option<Recurrence>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM recurrences WHERE knot_id = ?1
         ORDER BY returned_at DESC, kind DESC LIMIT 1"
    ))?;
    let mut rows = statement.query_map([knot_id], recurrence_row)?;
    rows.next().map(|row| recurrence_from(row?)).transpose()
}

/// The calmed knot each knot formed beside, by knot.
pub(crate) fn formed_beside(conn: &Connection) -> Result<HashMap<i64, i64>> {
    let mut statement = conn
        .prepare_cached("SELECT knot_id, earlier_knot_id FROM recurrences WHERE kind = 'nearby'")?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many knots came back to each region from `since` on.
pub(crate) fn count_by_region(
    conn: &Connection,
    since: DateTime<Utc>,
) -> Result<HashMap<Region, usize>> {
    let mut statement = conn.prepare_cached(
        "SELECT region, count(*) FROM recurrences WHERE returned_at >= ?1 GROUP BY region",
    )?;
    let rows = statement.query_map([to_stored(since)], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
    })?;
    rows.map(|row| {
        let (region, count) = row?;
        Ok((region_of(&region)?, count.max(0) as usize))
    })
    .collect()
}

fn kind_slug(kind: RecurrenceKind) -> &'static str {
    match kind {
        RecurrenceKind::Flare => "flare",
        RecurrenceKind::Nearby => "nearby",
    }
}

fn region_of(slug: &str) -> Result<Region> {
    Region::from_slug(slug)
        .ok_or_else(|| StoreError::BadRecord(format!("recurrence in unknown region \"{slug}\"")))
}

/// knot, earlier knot, region, kind, calmed, returned, days between.
type RecurrenceRow = (i64, i64, String, String, String, String, i64);

fn recurrence_row(row: &Row<'_>) -> rusqlite::Result<RecurrenceRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
    ))
}

fn recurrence_from(row: RecurrenceRow) -> Result<Recurrence> {
    let (knot, earlier_knot, region, kind, calmed_at, returned_at, interval_days) = row;
    let bad = |what: &str| StoreError::BadRecord(format!("return of knot {knot}: {what}"));
    Ok(Recurrence {
        knot,
        earlier_knot,
        region: region_of(&region)?,
        kind: match kind.as_str() {
            "flare" => RecurrenceKind::Flare,
            "nearby" => RecurrenceKind::Nearby,
            _ => return Err(bad("unknown kind")),
        },
        calmed_at: records::parse_time(&calmed_at).map_err(|_| bad("time calmed"))?,
        returned_at: records::parse_time(&returned_at).map_err(|_| bad("time back"))?,
        interval_days,
    })
}

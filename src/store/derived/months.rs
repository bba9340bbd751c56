//! Pain per region and calendar month (UTC), kept so that trends over
//! years add up a few hundred tallies instead of every reading.

use chrono::{DateTime, Datelike, TimeZone, Utc};
use rusqlite::{Connection, Row, params};

use crate::body::Region;
use crate::domain::trends::MonthTally;
use crate::domain::when::to_stored;
use crate::store::{Result, StoreError, records};

/// Every region's tallies worked out again from all the readings.
pub(super) fn refresh_all_months(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM region_months", [])?;
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

/// The regions and months whose kept tally is not what adding their
/// readings up again gives, either way round; read only, so that doctor
/// can say so without writing.
pub(crate) fn months_astray(conn: &Connection) -> Result<Vec<(String, String)>> {
    let fresh = tally_query(
        "substr(r.taken_at, 1, 7)",
        "1",
        "k.region, substr(r.taken_at, 1, 7)",
    );
    let mut statement = conn.prepare(&format!(
        "SELECT region, month FROM (SELECT * FROM ({fresh}) EXCEPT SELECT * FROM region_months)
         UNION
         SELECT region, month FROM (SELECT * FROM region_months EXCEPT SELECT * FROM ({fresh}))
         ORDER BY 1, 2"
    ))?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Pain of one region in one month, added up again from its readings.
pub(super) fn refresh_month(conn: &Connection, region: &str, month: &str) -> Result<()> {
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

//! What `knotmap doctor` checks beyond SQLite's own checks: that the
//! schema is the one knotmap made and nothing more, that every record
//! reads, and that the kept summaries say what the readings say; and what
//! `doctor --repair` puts right.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::derived::{self, Knots};
use super::{Result, SCHEMA_VERSION, Store, StoreError, backup, open, records};
use crate::domain::analysis::Analysis;
use crate::domain::recurrence::{Recurrence, RegionTally, find_recurrences, tally_regions};

/// What of the kept summaries is not what the whole history says.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Astray {
    /// The knots whose summary is not, by id.
    pub knots: Vec<i64>,
    /// The regions whose returns, or their count, are not, by slug.
    pub returns: Vec<String>,
}

/// A table, index, trigger or view as `sqlite_schema` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Object {
    kind: String,
    table: String,
    sql: Option<String>,
}

/// Every object of the schema but SQLite's own, by name.
fn objects(conn: &Connection) -> Result<BTreeMap<String, Object>> {
    let mut statement = conn.prepare(
        "SELECT name, type, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            Object {
                kind: row.get(1)?,
                table: row.get(2)?,
                sql: row.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn columns(conn: &Connection, table: &str) -> Result<BTreeSet<String>> {
    let mut statement = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
    let rows = statement.query_map([table], |row| row.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The first line of an object's SQL: enough to say what it does.
fn first_line(object: &Object) -> &str {
    object
        .sql
        .as_deref()
        .and_then(|sql| sql.lines().next())
        .unwrap_or("")
}

/// One change `--repair` makes to the schema: an object of `kind` that
/// is dropped (if `drop`) and made again as knotmap makes it (if
/// `create`).
#[derive(Debug)]
struct Step {
    name: String,
    kind: String,
    drop: bool,
    create: Option<String>,
}

/// What `--repair` changes in the schema: triggers and views knotmap did
/// not make are removed, and its own triggers and indexes missing or
/// changed are made again where their table is there. Tables and columns
/// are left alone: they hold the person's records.
fn repair_steps(conn: &Connection) -> Result<Vec<Step>> {
    let wanted = objects(&open::reference_schema()?)?;
    let found = objects(conn)?;
    let mut steps = Vec::new();
    for (name, object) in &found {
        let ours = wanted.get(name);
        if ours == Some(object) || !matches!(object.kind.as_str(), "trigger" | "view" | "index") {
            continue;
        }
        // An index of another program is left to it: it changes no
        // record, where a trigger or a view can.
        if ours.is_none() && object.kind == "index" {
            continue;
        }
        steps.push(Step {
            name: name.clone(),
            kind: object.kind.clone(),
            drop: true,
            create: ours
                .filter(|ours| ours.kind == object.kind)
                .and_then(|ours| ours.sql.clone()),
        });
    }
    for (name, ours) in &wanted {
        let table_there = found
            .get(&ours.table)
            .is_some_and(|table| table.kind == "table");
        if found.contains_key(name) || ours.kind == "table" || !table_there {
            continue;
        }
        steps.push(Step {
            name: name.clone(),
            kind: ours.kind.clone(),
            drop: false,
            create: ours.sql.clone(),
        });
    }
    Ok(steps)
}

/// One way the schema differs from knotmap's, and whether `--repair`
/// puts it right.
#[derive(Debug)]
pub struct SchemaFinding {
    pub text: String,
    pub repairable: bool,
}

/// A name as SQL quotes it.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// One pre-upgrade copy found beside the database, and whether it passes
/// the checks a copy is made with (`Err` says why not).
#[derive(Debug)]
pub struct BackupCheck {
    pub path: PathBuf,
    pub verdict: std::result::Result<(), String>,
}

/// The copies `knotmap.db.before-vN-from-vM` beside the file at `path`,
/// each checked as it was when it was made: whole, and at version M.
pub fn backups_beside(path: &Path) -> Vec<BackupCheck> {
    let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
        return Vec::new();
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let prefix = format!("{name}.before-v");
    let Ok(entries) = fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut found: Vec<BackupCheck> = entries
        .filter_map(|entry| {
            let file = entry.ok()?.file_name();
            let rest = file.to_str()?.strip_prefix(&prefix)?;
            let (target, from) = rest.split_once("-from-v")?;
            target.parse::<i64>().ok()?;
            let version = from.parse::<i64>().ok()?;
            let path = folder.join(&file);
            let verdict = backup::check(&path, version, None);
            Some(BackupCheck { path, verdict })
        })
        .collect();
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

impl Store {
    /// What differs from the schema knotmap makes: a table, column, index
    /// or trigger missing or changed, and anything it did not make, each
    /// triggers and views with the first line of what they do.
    pub fn schema_findings(&self) -> Result<Vec<SchemaFinding>> {
        let repairable: BTreeSet<String> = repair_steps(&self.conn)?
            .into_iter()
            .map(|step| step.name)
            .collect();
        Ok(self
            .schema_differences()?
            .into_iter()
            .map(|(name, text)| SchemaFinding {
                repairable: repairable.contains(&name),
                text,
            })
            .collect())
    }

    /// Each difference from knotmap's schema, with the object's name.
    fn schema_differences(&self) -> Result<Vec<(String, String)>> {
        let reference = open::reference_schema()?;
        let wanted = objects(&reference)?;
        let found = objects(&self.conn)?;
        let mut findings = Vec::new();
        for (name, ours) in &wanted {
            let mut say = |text: String| findings.push((name.clone(), text));
            match found.get(name) {
                None => say(format!("the {} {name} is missing", ours.kind)),
                Some(object) if object.kind != ours.kind => say(format!(
                    "{name} is a {} where knotmap made a {}",
                    object.kind, ours.kind
                )),
                Some(_) if ours.kind == "table" => {
                    let want = columns(&reference, name)?;
                    let have = columns(&self.conn, name)?;
                    for column in want.difference(&have) {
                        say(format!("the table {name} lacks its column {column}"));
                    }
                    for column in have.difference(&want) {
                        say(format!(
                            "the table {name} has a column {column} knotmap did not make"
                        ));
                    }
                }
                Some(object) if object != ours => say(format!(
                    "the {} {name} is not as knotmap made it: {}",
                    ours.kind,
                    first_line(object)
                )),
                Some(_) => {}
            }
        }
        for (name, object) in &found {
            if wanted.contains_key(name) {
                continue;
            }
            let text = match object.kind.as_str() {
                "trigger" => format!(
                    "a trigger knotmap did not make, {name} on {}: {}",
                    object.table,
                    first_line(object)
                ),
                "view" => format!(
                    "a view knotmap did not make, {name}: {}",
                    first_line(object)
                ),
                kind => format!("a {kind} knotmap did not make, {name}"),
            };
            findings.push((name.clone(), text));
        }
        Ok(findings)
    }

    /// Each knot, reading, session and clearing that cannot be read (its
    /// change stamp included), and each unreadable tombstone, with its
    /// table and id and what is wrong with it.
    pub fn unreadable_records(&self) -> Result<Vec<String>> {
        let mut found = records::unreadable(&self.conn)?;
        match super::clearings::all(&self.conn) {
            Ok(_) => {}
            Err(StoreError::BadRecord(what)) => found.push(format!("table clearings, {what}")),
            Err(error) => return Err(error),
        }
        found.extend(super::versions::unreadable_stamps(&self.conn)?);
        Ok(found)
    }

    /// Sessions that hold no reading, by id.
    pub fn empty_sessions(&self) -> Result<Vec<i64>> {
        let mut statement = self.conn.prepare(
            "SELECT id FROM sessions s
             WHERE NOT EXISTS (SELECT 1 FROM readings r WHERE r.session_id = s.id)
             ORDER BY id",
        )?;
        let rows = statement.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// What of the kept summaries at `now` is not what the whole history
    /// says; `None` when the summaries are due to be worked out again
    /// anyway (made under other rules, or marked stale).
    pub fn summaries_astray(&self, now: DateTime<Utc>) -> Result<Option<Astray>> {
        if !derived::claim_to_hold(&self.conn, self.rules.calm_pain)? {
            return Ok(None);
        }
        let history = self.history()?;
        let whole_returns = find_recurrences(&history, &self.rules);
        let digested = derived::knots_with_digests(&self.conn, Knots::All)?;
        let kept: BTreeMap<i64, _> = Analysis::of(digested, Vec::new(), &self.rules, now)
            .knots
            .into_iter()
            .map(|summary| (summary.knot.id, summary))
            .collect();
        let whole: BTreeMap<i64, _> = Analysis::new(history, &self.rules, now)
            .knots
            .into_iter()
            .map(|summary| (summary.knot.id, summary))
            .collect();
        let ids: BTreeSet<i64> = kept.keys().chain(whole.keys()).copied().collect();
        let knots = ids
            .into_iter()
            .filter(|id| kept.get(id) != whole.get(id))
            .collect();

        // Each region's returns, and their count, as kept and as worked out.
        let by_region = |returns: Vec<Recurrence>, tallies: Vec<RegionTally>| {
            let mut regions: BTreeMap<String, (Vec<Recurrence>, Option<RegionTally>)> =
                BTreeMap::new();
            for recurrence in returns {
                let entry = regions.entry(recurrence.region.slug()).or_default();
                entry.0.push(recurrence);
            }
            for tally in tallies {
                regions.entry(tally.region.slug()).or_default().1 = Some(tally);
            }
            regions
        };
        let kept = by_region(
            derived::newest(&self.conn, None, usize::MAX)?,
            derived::region_tallies(&self.conn)?,
        );
        let whole = by_region(whole_returns.clone(), tally_regions(&whole_returns));
        let slugs: BTreeSet<&String> = kept.keys().chain(whole.keys()).collect();
        let returns = slugs
            .into_iter()
            .filter(|slug| kept.get(*slug) != whole.get(*slug))
            .cloned()
            .collect();
        Ok(Some(Astray { knots, returns }))
    }

    /// The regions and months whose kept tally is not what their readings
    /// add up to; `None` when the summaries are due to be worked out again
    /// anyway.
    pub fn months_astray(&self) -> Result<Option<Vec<(String, String)>>> {
        if !derived::claim_to_hold(&self.conn, self.rules.calm_pain)? {
            return Ok(None);
        }
        derived::months_astray(&self.conn).map(Some)
    }

    /// Copies the file beside it as `knotmap.db.before-repair-<when>`,
    /// checked to hold every record, before `--repair` writes anything.
    pub fn back_up_for_repair(&self, now: DateTime<Utc>) -> Result<PathBuf, String> {
        let mut name = self.path.as_os_str().to_owned();
        name.push(format!(".before-repair-{}", now.format("%Y%m%dT%H%M%SZ")));
        let path = PathBuf::from(name);
        backup::copy(&self.conn, &path, SCHEMA_VERSION)?;
        Ok(path)
    }

    /// Removes the triggers and views knotmap did not make, and makes
    /// its own triggers and indexes again where they are missing or
    /// changed, in one transaction; says what it did, a line each.
    pub fn repair_schema(&mut self) -> Result<Vec<String>> {
        let transaction = self.conn.transaction()?;
        let mut done = Vec::new();
        for step in repair_steps(&transaction)? {
            let Step {
                name,
                kind,
                drop,
                create,
            } = step;
            if drop {
                transaction.execute_batch(&format!(
                    "DROP {} IF EXISTS {}",
                    kind.to_uppercase(),
                    quoted(&name)
                ))?;
            }
            match (drop, create) {
                (true, Some(sql)) => {
                    transaction.execute_batch(&sql)?;
                    done.push(format!("put the {kind} {name} back as knotmap makes it"));
                }
                (false, Some(sql)) => {
                    transaction.execute_batch(&sql)?;
                    done.push(format!("made the missing {kind} {name} again"));
                }
                (_, None) => done.push(format!("removed the {kind} {name}")),
            }
        }
        transaction.commit()?;
        Ok(done)
    }

    /// Works every summary out again from the readings, in one
    /// transaction. Done after [`Store::repair_schema`], so that no
    /// foreign trigger fires on what it writes.
    pub fn rebuild_summaries(&mut self) -> Result<()> {
        let calm_pain = self.rules.calm_pain;
        let transaction = self.conn.transaction()?;
        derived::refresh_all(&transaction, calm_pain)?;
        transaction.commit()?;
        Ok(())
    }
}

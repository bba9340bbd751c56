//! Two at once: two knotmap processes writing into one database at the same
//! time. Every write must land, and neither may tell the user that the
//! database is locked or busy: a writer waits for the other (busy timeout,
//! `BEGIN IMMEDIATE`) instead.
//!
//! `cargo test --test reliability concurrency:: -- --nocapture` prints the
//! figures.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::Connection;
use serde_json::{Value, json};

use super::{count, run_ok, stamp, uuid};
use crate::common::{KNOTMAP, Sandbox};

/// `knotmap log` calls per process.
const LOGS_EACH: usize = 200;

/// knotmap on `db`, in the sandbox.
fn knotmap(sandbox: &Sandbox, db: &Path) -> Command {
    sandbox.process_at(db)
}

/// Runs the commands at the same moment, each from its own thread; their
/// outputs and how long each took.
fn all_at_once(commands: Vec<Command>) -> Vec<(Output, Duration)> {
    let barrier = Barrier::new(commands.len());
    thread::scope(|scope| {
        let running: Vec<_> = commands
            .into_iter()
            .map(|mut command| {
                let barrier = &barrier;
                scope.spawn(move || {
                    barrier.wait();
                    let clock = Instant::now();
                    let output = command.output().unwrap();
                    (output, clock.elapsed())
                })
            })
            .collect();
        running
            .into_iter()
            .map(|handle| handle.join().unwrap())
            .collect()
    })
}

/// The user was never told the database is locked or busy, nor anything else.
fn assert_no_complaint(output: &Output, who: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lower = stderr.to_lowercase();
    assert!(
        !lower.contains("locked") && !lower.contains("busy"),
        "{who} was told: {stderr}"
    );
    assert_eq!(stderr, "", "{who} wrote to stderr");
    assert!(output.status.success(), "{who} failed: {:?}", output.status);
}

fn assert_sound(conn: &Connection) {
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let dangling: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(dangling, 0, "foreign_key_check");
}

// ------------------------------------------------------------------ log

/// A shell loop of `LOGS_EACH` `knotmap log` calls on one region, each at
/// its own minute of 1 February 2025 and with a note naming it. It goes on
/// after a failure and exits 1 at the end if any call failed.
const LOG_LOOP: &str = r#"bin=$1; db=$2; region=$3; count=$4; failed=0
for i in $(seq 1 "$count"); do
  at=$(printf '2025-02-01T%02d:%02d:00Z' $((i / 60)) $((i % 60)))
  "$bin" --db "$db" log "$region" $((i % 11)) --at "$at" --note "$region $i" || failed=1
done
exit $failed"#;

fn log_loop(sandbox: &Sandbox, db: &Path, region: &str, count: usize) -> Command {
    // The shell, and so every knotmap it starts, in the sandbox.
    let mut command = sandbox.sandboxed("sh");
    command
        .arg("-c")
        .arg(LOG_LOOP)
        .arg("sh")
        .arg(KNOTMAP)
        .arg(db)
        .arg(region)
        .arg(count.to_string());
    command
}

fn logged_lines(output: &Output) -> usize {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| line.starts_with("Logged pain "))
        .count()
}

#[test]
fn two_processes_logging_at_once_land_every_reading() {
    let sandbox = Sandbox::new();
    let dir = sandbox.dir();
    let db = dir.join("knotmap.db");
    // The database exists, as it does for anyone who has used knotmap
    // once (two first runs at once are the test below).
    let mut first = knotmap(&sandbox, &db);
    first.args(["log", "biceps-left", "4", "--at", "2025-01-15T18:00:00Z"]);
    run_ok(first);

    let regions = ["soleus-left", "upper-trapezius-right"];
    let clock = Instant::now();
    let results = all_at_once(
        regions
            .iter()
            .map(|region| log_loop(&sandbox, &db, region, LOGS_EACH))
            .collect(),
    );
    let wall = clock.elapsed();
    for ((output, _), region) in results.iter().zip(regions) {
        assert_no_complaint(output, &format!("the loop on {region}"));
        assert_eq!(logged_lines(output), LOGS_EACH, "{region}");
    }

    let conn = Connection::open(&db).unwrap();
    assert_sound(&conn);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM readings"),
        1 + 2 * LOGS_EACH as i64
    );
    for region in regions {
        let notes: i64 = conn
            .query_row(
                "SELECT count(DISTINCT r.note) FROM readings r JOIN knots k ON k.id = r.knot_id
                 WHERE k.region = ?1 AND r.note LIKE ?1 || ' %'",
                [region],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(notes, LOGS_EACH as i64, "{region}: each reading once");
    }
    // The two loops really wrote in turns: in the order the readings were
    // written, the region changes many times.
    let order: Vec<String> = conn
        .prepare("SELECT k.region FROM readings r JOIN knots k ON k.id = r.knot_id ORDER BY r.id")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let turns = order.windows(2).filter(|pair| pair[0] != pair[1]).count();
    assert!(turns > 10, "the loops did not overlap: {turns} turns");

    println!(
        "log: 2 processes x {LOGS_EACH} logs, {} readings landed of {} sent, \
         {turns} changes of writer; {:?} and {:?} per loop, {wall:?} in all",
        2 * LOGS_EACH,
        2 * LOGS_EACH,
        results[0].1,
        results[1].1,
    );
}

#[test]
fn two_first_logs_on_a_missing_database_both_land() {
    let sandbox = Sandbox::new();
    let dir = sandbox.dir();
    for attempt in 1..=10 {
        let db = dir.join(format!("new-{attempt}.db"));
        let commands = ["soleus-left", "biceps-right"]
            .iter()
            .map(|region| {
                let mut command = knotmap(&sandbox, &db);
                command.args(["log", region, "5", "--at", "2025-01-15T18:00:00Z"]);
                command
            })
            .collect();
        for (output, _) in all_at_once(commands) {
            assert_no_complaint(&output, &format!("attempt {attempt}"));
        }
        let conn = Connection::open(&db).unwrap();
        assert_sound(&conn);
        assert_eq!(count(&conn, "SELECT count(*) FROM readings"), 2);
    }
}

#[test]
fn two_logs_at_once_on_a_new_region_make_one_knot() {
    let sandbox = Sandbox::new();
    let dir = sandbox.dir();
    let db = dir.join("knotmap.db");
    let mut first = knotmap(&sandbox, &db);
    first.args(["log", "biceps-left", "4", "--at", "2025-01-15T18:00:00Z"]);
    run_ok(first);
    for (attempt, region) in ["soleus-left", "scalenes-right", "teres-left"]
        .iter()
        .enumerate()
    {
        let commands = ["5", "6"]
            .iter()
            .map(|pain| {
                let mut command = knotmap(&sandbox, &db);
                command.args(["log", region, pain, "--at", "2025-01-16T18:00:00Z"]);
                command
            })
            .collect();
        for (output, _) in all_at_once(commands) {
            assert_no_complaint(&output, &format!("attempt {attempt}"));
        }
        let conn = Connection::open(&db).unwrap();
        let knots: i64 = conn
            .query_row(
                "SELECT count(*) FROM knots WHERE region = ?1",
                [region],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(knots, 1, "{region}: knots after two logs at once");
    }
}

// ------------------------------------------------------------------ import

/// A JSON export (docs/export-format.md) of 20 knots, one session a day
/// with five readings each; `tag` keeps its UUIDs apart from other files'.
fn export(tag: u32, readings: usize, first_day: DateTime<Utc>) -> String {
    let regions = [
        ("hamstrings-left", "back"),
        ("rhomboids-right", "back"),
        ("pectoralis-minor-left", "front"),
        ("vastus-lateralis-right", "front"),
    ];
    let knot_count = 20;
    let knots: Vec<Value> = (0..knot_count)
        .map(|k| {
            let (region, view) = regions[k % regions.len()];
            json!({
                "uuid": uuid(tag, 1, k), "region": region, "view": view,
                "x": 3 + k, "y": 4 + k, "created_at": stamp(first_day),
                "marked_resolved_at": null, "recurs_knot": null,
            })
        })
        .collect();
    let sessions: Vec<Value> = (0..readings.div_ceil(5))
        .map(|s| {
            json!({
                "uuid": uuid(tag, 2, s),
                "started_at": stamp(first_day + chrono::Duration::days(s as i64)),
                "minutes": null, "note": null,
            })
        })
        .collect();
    let readings: Vec<Value> = (0..readings)
        .map(|r| {
            let taken = first_day
                + chrono::Duration::days((r / 5) as i64)
                + chrono::Duration::minutes((r % 5) as i64);
            json!({
                "uuid": uuid(tag, 3, r), "knot": uuid(tag, 1, r % knot_count),
                "session": uuid(tag, 2, r / 5), "taken_at": stamp(taken),
                "pain_before": r % 11, "pain_after": null, "technique": null,
                "tool": "foam roller", "minutes": 3, "pressure": null,
                "symptoms": ["tingling"], "note": format!("file {tag:x} reading {r}"),
                "ppt_kg_cm2": 3.25,
            })
        })
        .collect();
    json!({
        "format": "knotmap-export", "format_version": 1,
        "exported_at": "2024-01-01T00:00:00Z",
        "knots": knots, "sessions": sessions, "readings": readings,
    })
    .to_string()
}

fn import_command(sandbox: &Sandbox, db: &Path, file: &PathBuf) -> Command {
    let mut command = knotmap(sandbox, db);
    command.arg("import").arg(file);
    command
}

#[test]
fn two_imports_at_once_land_the_union() {
    const READINGS: usize = 2_000;
    let sandbox = Sandbox::new();
    let dir = sandbox.dir();
    let db = dir.join("knotmap.db");
    let mut first = knotmap(&sandbox, &db);
    first.args(["log", "biceps-left", "4", "--at", "2023-12-20T18:00:00Z"]);
    run_ok(first);

    let files = [(0x0000_0a0a, 2021), (0x0000_0b0b, 2022)].map(|(tag, year)| {
        let file = dir.join(format!("export-{tag:x}.json"));
        let first_day = Utc.with_ymd_and_hms(year, 1, 1, 19, 0, 0).unwrap();
        fs::write(&file, export(tag, READINGS, first_day)).unwrap();
        file
    });
    let sessions = READINGS.div_ceil(5);

    let clock = Instant::now();
    let results = all_at_once(
        files
            .iter()
            .map(|file| import_command(&sandbox, &db, file))
            .collect(),
    );
    let wall = clock.elapsed();
    for ((output, _), file) in results.iter().zip(&files) {
        let who = format!("the import of {}", file.display());
        assert_no_complaint(output, &who);
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            format!(
                "Imported 20 knots, {sessions} sessions and {READINGS} readings; \
                 0 were here already.\n"
            ),
            "{who}"
        );
    }
    let conn = Connection::open(&db).unwrap();
    assert_sound(&conn);
    let totals = |conn: &Connection| {
        (
            count(conn, "SELECT count(*) FROM knots"),
            count(conn, "SELECT count(*) FROM sessions"),
            count(conn, "SELECT count(*) FROM readings"),
        )
    };
    let union = (1 + 2 * 20, 1 + 2 * sessions as i64, 1 + 2 * READINGS as i64);
    assert_eq!(totals(&conn), union);
    drop(conn);

    // The same two files again, at once: nothing changes.
    let again = all_at_once(
        files
            .iter()
            .map(|file| import_command(&sandbox, &db, file))
            .collect(),
    );
    let here = 20 + sessions + READINGS;
    for (output, _) in &again {
        assert_no_complaint(output, "a second import");
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            format!("Imported 0 knots, 0 sessions and 0 readings; {here} were here already.\n")
        );
    }
    let conn = Connection::open(&db).unwrap();
    assert_sound(&conn);
    assert_eq!(totals(&conn), union);

    println!(
        "import: 2 files x {READINGS} readings at once, {} readings landed; \
         {:?} and {:?} per import, {wall:?} in all",
        2 * READINGS,
        results[0].1,
        results[1].1,
    );
}

/// An import holds the write lock for as long as its merge takes. A write
/// in that time waits for it, however short its own patience, instead of
/// failing with "busy"; every one lands.
#[test]
fn a_log_during_a_long_import_waits_for_it_and_lands() {
    use knotmap::body::{Body, Region};
    use knotmap::domain::NewReading;
    use knotmap::domain::pain::Score;
    use knotmap::store::{IfMissing, KnotChoice, SessionChoice, Store};

    let sandbox = Sandbox::new();
    let source = sandbox.path("source.db");
    let mut sample = knotmap(&sandbox, &source);
    sample.args(["sample-data", "--readings", "20000"]);
    run_ok(sample);
    let export = sandbox.path("history.json");
    let mut exporting = knotmap(&sandbox, &source);
    exporting.args(["export", "-o"]).arg(&export);
    run_ok(exporting);
    let db = sandbox.db();
    let mut first = knotmap(&sandbox, &db);
    first.args(["log", "soleus-left", "3"]);
    run_ok(first);

    let mut import = knotmap(&sandbox, &db)
        .arg("import")
        .arg(&export)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A writer far less patient than the import is long.
    let patience = Duration::from_millis(100);
    let mut store = Store::open(&db, IfMissing::Refuse).unwrap();
    store.set_patience(patience).unwrap();
    let region = Region::from_slug("soleus-left").unwrap();
    let spot = Body::get().home_of(region).unwrap();
    let (mut logged, mut waited) = (0, 0);
    while import.try_wait().unwrap().is_none() {
        let started = Instant::now();
        if let Err(error) = store.log_reading(
            KnotChoice::LatestInRegion { region, spot },
            &NewReading::pain(Score::new(4).unwrap()),
            Utc::now(),
            SessionChoice::Auto,
        ) {
            let _ = import.kill();
            panic!("a log during the import failed: {error}");
        }
        logged += 1;
        if started.elapsed() > patience * 3 {
            waited += 1;
        }
        thread::sleep(Duration::from_millis(20));
    }
    let output = import.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_no_complaint(&output, "import");
    assert!(
        waited > 0,
        "none of {logged} logs met the import's write: the export is too small to test this"
    );
    let conn = Connection::open(&db).unwrap();
    let imported = count(
        &Connection::open(&source).unwrap(),
        "SELECT count(*) FROM readings",
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM readings"),
        imported + 1 + logged,
        "every log landed beside the import"
    );
}

/// Whether a long write (an import, a recompute) holds the lock it
/// announces itself with on the database's folder.
fn long_write_under_way(db: &Path) -> bool {
    let folder = fs::File::open(db.parent().unwrap()).unwrap();
    matches!(folder.try_lock_shared(), Err(fs::TryLockError::WouldBlock))
}

/// Sends `signal` (`-STOP`, `-CONT`) to a process.
fn signal(process: &std::process::Child, signal: &str) {
    let sent = Command::new("kill")
        .arg(signal)
        .arg(process.id().to_string())
        .status()
        .unwrap();
    assert!(sent.success(), "kill {signal} failed");
}

/// A new calm threshold means working every summary out again. While one
/// run does (held still in the middle of it here), the others keep
/// answering, from the readings, without waiting for it, and say what the
/// summaries say once they are done.
#[test]
fn reads_during_a_recompute_answer_as_the_summaries_will() {
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    let mut sample = knotmap(&sandbox, &db);
    sample.args(["sample-data", "--readings", "5000"]);
    run_ok(sample);
    fs::write(sandbox.config(), "[analysis]\ncalm-pain = 3\n").unwrap();
    let knots = || {
        let mut command = knotmap(&sandbox, &db);
        command
            .args(["knots", "--json", "--all"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        command
    };

    let mut recompute = knots().spawn().unwrap();
    while !long_write_under_way(&db) {
        assert!(
            recompute.try_wait().unwrap().is_none(),
            "the recompute ended before it was seen"
        );
        thread::sleep(Duration::from_millis(1));
    }
    signal(&recompute, "-STOP");
    let mut reads = Vec::new();
    for _ in 0..2 {
        // Its output is taken as it comes, or a full pipe would hold it.
        let read = knots().spawn().unwrap();
        let (sender, receiver) = std::sync::mpsc::channel();
        thread::spawn(move || sender.send(read.wait_with_output()));
        // Well within the 10 s a write waits before it gives up.
        match receiver.recv_timeout(Duration::from_secs(5)) {
            Ok(output) => reads.push(output.unwrap()),
            Err(_) => {
                signal(&recompute, "-CONT");
                panic!("a read waited for the recompute");
            }
        }
    }
    assert!(
        long_write_under_way(&db),
        "the recompute let go while stopped"
    );
    signal(&recompute, "-CONT");
    let done = recompute.wait_with_output().unwrap();
    assert_no_complaint(&done, "the recompute");

    let after = knots().output().unwrap();
    assert_no_complaint(&after, "a read after the recompute");
    for read in reads {
        assert_no_complaint(&read, "a read during the recompute");
        assert_eq!(
            String::from_utf8_lossy(&read.stdout),
            String::from_utf8_lossy(&after.stdout)
        );
    }
}

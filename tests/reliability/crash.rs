//! Crash consistency: the real binary is killed with SIGKILL while it writes,
//! at many pseudo-random moments, and after every kill the database must be
//! sound and hold everything committed before, and all or nothing of the
//! write that was cut short.
//!
//! Each kill is aimed at a running `knotmap` process itself (not at a shell
//! around it: killing a shell leaves the knotmap it started running to the
//! end). The moments come from a fixed LCG, spread over the measured run time
//! of the command, so the kills land while the file is parsed, while the
//! transaction is being built (and spills to the write-ahead log), during
//! the commit, and after it.
//!
//! The database is checked on a copy of the file and its `-wal`, so that the
//! next knotmap process still finds the file exactly as the kill left it and
//! has to recover it itself.
//!
//! The app is killed the same way, in a real terminal (a tmux window of the
//! test's own), while it saves scores typed on its map. tmux is installed by
//! CI (`.ci/run`); elsewhere that test says it is skipped when tmux is
//! missing, and with `$CI` set it fails.
//!
//! `cargo test --test reliability crash:: -- --nocapture` prints the
//! figures.

use std::fs;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime};

use chrono::{TimeZone, Utc};
use rusqlite::Connection;
use serde_json::{Value, json};

use super::{count, run_ok, stamp, uuid};
use crate::common::{KNOTMAP, Sandbox, tool_present};
use crate::terminal::{End, Terminal, WINDOW};

/// Kills the import at least this many times.
const IMPORT_KILLS: usize = 40;
/// Readings in the export file the import test writes in one transaction.
const IMPORT_READINGS: usize = 5_000;
/// Rounds of the `log` test: each ends with one kill.
const LOG_ROUNDS: usize = 150;
const SIGKILL: i32 = 9;

// ------------------------------------------------------------------ helpers

/// A small deterministic pseudo-random sequence (Knuth's MMIX LCG).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// knotmap on `db`, in the sandbox.
fn knotmap(sandbox: &Sandbox, db: &Path) -> Command {
    sandbox.process_at(db)
}

/// How a spawned knotmap ended.
struct Ended {
    /// Killed by our SIGKILL (rather than finished before it came).
    killed: bool,
    status: ExitStatus,
    stdout: String,
    stderr: String,
    /// From the start to the end of the process.
    took: Duration,
}

/// Starts `command` and waits until it exits or `deadline` passes, then
/// kills it if it is still running. Its output is small, so the pipes never
/// fill up.
fn kill_at(mut command: Command, deadline: Instant) -> Ended {
    let clock = Instant::now();
    let mut child: Child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        let now = Instant::now();
        if now >= deadline {
            // SIGKILL. If the process exited in between, this is a no-op
            // on a zombie and the status says so.
            child.kill().unwrap();
            break;
        }
        sleep((deadline - now).min(Duration::from_millis(1)));
    }
    let status = child.wait().unwrap();
    let took = clock.elapsed();
    let mut stdout = String::new();
    let mut stderr = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    Ended {
        killed: status.signal() == Some(SIGKILL),
        status,
        stdout,
        stderr,
        took,
    }
}

/// A moving average of how long a command runs when it is not killed, so
/// that the kill moments follow the machine's load.
struct RunTime(Duration);

impl RunTime {
    fn update(&mut self, took: Duration) {
        self.0 = (self.0 * 3 + took) / 4;
    }

    /// A random moment from 0 to `percent` % of the run time.
    fn random_share(&self, rng: &mut Lcg, percent: u64) -> Duration {
        Duration::from_micros(rng.below(self.0.as_micros() as u64 * percent / 100))
    }
}

fn sidecar(db: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", db.display()))
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The database and, when they exist, its -wal and -shm stay owner-only.
fn assert_private(db: &Path) {
    assert_eq!(mode(db), 0o600, "{}", db.display());
    for suffix in ["-wal", "-shm"] {
        let path = sidecar(db, suffix);
        if path.exists() {
            assert_eq!(mode(&path), 0o600, "{}", path.display());
        }
    }
}

/// The write-ahead log's length and modification time, if there is one: a
/// change tells that the killed process had begun writing to it.
fn wal_state(db: &Path) -> Option<(u64, SystemTime)> {
    let meta = fs::metadata(sidecar(db, "-wal")).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// Copies the database and its -wal (as a crash left them) to `copy` and
/// opens the copy, so that SQLite's recovery runs there and not on the file
/// the next knotmap will open.
fn open_copy(db: &Path, copy: &Path) -> Connection {
    for suffix in ["", "-wal", "-shm"] {
        let _ = fs::remove_file(sidecar(copy, suffix));
    }
    fs::copy(db, copy).unwrap();
    let wal = sidecar(db, "-wal");
    if wal.exists() {
        fs::copy(&wal, sidecar(copy, "-wal")).unwrap();
    }
    Connection::open(copy).unwrap()
}

/// `integrity_check` says "ok", `foreign_key_check` finds nothing, and no
/// knot or session is left without a reading (each is written in the same
/// transaction as its first reading, in these tests).
fn assert_sound(conn: &Connection, context: &str) {
    assert_whole(conn, context);
    let (lonely_knots, lonely_sessions) = without_readings(conn);
    assert_eq!(
        (lonely_knots, lonely_sessions),
        (0, 0),
        "{context}: knots or sessions without their reading"
    );
}

/// `integrity_check` says "ok", `foreign_key_check` finds nothing, and
/// every reading has its knot and its session.
fn assert_whole(conn: &Connection, context: &str) {
    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(integrity, ["ok"], "{context}: integrity_check");
    let dangling: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(dangling, 0, "{context}: foreign_key_check");
    let orphans = count(
        conn,
        "SELECT count(*) FROM readings
         WHERE knot_id NOT IN (SELECT id FROM knots)
            OR session_id NOT IN (SELECT id FROM sessions)",
    );
    assert_eq!(
        orphans, 0,
        "{context}: readings without their knot or session"
    );
}

/// Knots, and sessions, that no reading belongs to.
fn without_readings(conn: &Connection) -> (i64, i64) {
    conn.query_row(
        "SELECT (SELECT count(*) FROM knots
                 WHERE id NOT IN (SELECT knot_id FROM readings)),
                (SELECT count(*) FROM sessions
                 WHERE id NOT IN (SELECT session_id FROM readings))",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
    .unwrap()
}

/// A longer note, as people write after a session: it makes the import's
/// transaction outgrow SQLite's page cache, so it spills into the -wal before
/// it commits and a kill can leave uncommitted pages there.
const NOTE: &str = "Rolled the calf slowly on the foam roller, then the massage ball \
    around the tender spot without pressing on it, about ninety seconds at a \
    pressure of four or five out of ten. Pressed beside it and contracted the \
    muscle for five seconds, relaxed for ten, three times. The spot felt less \
    sharp afterwards; walking down the stairs was easier in the evening.";

const REGIONS: [(&str, &str); 4] = [
    ("soleus-left", "back"),
    ("upper-trapezius-right", "back"),
    ("biceps-left", "front"),
    ("gluteus-medius-right", "back"),
];

/// A JSON export (docs/export-format.md) of `readings` readings, five per
/// daily session, spread over 50 knots, all in 2020-2022.
fn big_export(tag: u32, readings: usize) -> String {
    let start = Utc.with_ymd_and_hms(2020, 1, 1, 7, 0, 0).unwrap();
    let knot_count = 50;
    let session_count = readings.div_ceil(5);
    let knots: Vec<Value> = (0..knot_count)
        .map(|k| {
            let (region, view) = REGIONS[k % REGIONS.len()];
            json!({
                "uuid": uuid(tag, 1, k),
                "region": region,
                "view": view,
                "x": 10 + k % 7,
                "y": 5 + k % 11,
                "created_at": stamp(start),
                "marked_resolved_at": null,
                "recurs_knot": null,
            })
        })
        .collect();
    let sessions: Vec<Value> = (0..session_count)
        .map(|s| {
            json!({
                "uuid": uuid(tag, 2, s),
                "started_at": stamp(start + chrono::Duration::days(s as i64)),
                "minutes": 20,
                "note": null,
            })
        })
        .collect();
    let readings: Vec<Value> = (0..readings)
        .map(|r| {
            let session = r / 5;
            let taken = start
                + chrono::Duration::days(session as i64)
                + chrono::Duration::minutes((r % 5) as i64);
            json!({
                "uuid": uuid(tag, 3, r),
                "knot": uuid(tag, 1, r % knot_count),
                "session": uuid(tag, 2, session),
                "taken_at": stamp(taken),
                "pain_before": r % 11,
                "pain_after": (r % 11) / 2,
                "technique": "pin and stretch",
                "tool": "massage ball",
                "minutes": 5,
                "pressure": 4,
                "symptoms": [],
                "note": format!("reading {r}. {NOTE}"),
                "ppt_kg_cm2": null,
            })
        })
        .collect();
    json!({
        "format": "knotmap-export",
        "format_version": 1,
        "exported_at": "2023-01-01T00:00:00Z",
        "knots": knots,
        "sessions": sessions,
        "readings": readings,
    })
    .to_string()
}

/// Knots, sessions and readings in the database.
fn totals(conn: &Connection) -> (i64, i64, i64) {
    (
        count(conn, "SELECT count(*) FROM knots"),
        count(conn, "SELECT count(*) FROM sessions"),
        count(conn, "SELECT count(*) FROM readings"),
    )
}

/// A fingerprint of the imported readings: how many, and sums over their
/// scores and note lengths, so a half-written row would show.
fn imported_fingerprint(conn: &Connection, tag: u32) -> (i64, i64, i64) {
    conn.query_row(
        "SELECT count(*), coalesce(sum(pain_before + 100 * pain_after), 0),
                coalesce(sum(length(note)), 0)
         FROM readings WHERE uuid LIKE ?1",
        [format!("{tag:08x}-%")],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )
    .unwrap()
}

// ------------------------------------------------------------------ import

#[test]
fn a_killed_import_leaves_all_or_nothing_of_the_file() {
    let started = Instant::now();
    let sandbox = Sandbox::new();
    let dir = sandbox.dir();
    let db = dir.join("knotmap.db");
    let base = dir.join("base.db");
    let copy = dir.join("check.db");
    let file = dir.join("big-export.json");
    let tag = 0x00c0_ffee;
    fs::write(&file, big_export(tag, IMPORT_READINGS)).unwrap();

    // The history before the import: three readings logged by hand.
    for (region, at) in [
        ("soleus-left", "2023-03-01T18:00:00Z"),
        ("soleus-left", "2023-03-02T18:00:00Z"),
        ("biceps-right", "2023-03-02T18:05:00Z"),
    ] {
        let mut log = knotmap(&sandbox, &base);
        log.args(["log", region, "6", "--at", at]);
        run_ok(log);
    }
    let before = totals(&Connection::open(&base).unwrap());
    assert_eq!(before.2, 3);
    assert!(
        !sidecar(&base, "-wal").exists(),
        "base.db is whole on its own"
    );

    // One import run to the end, on a copy: the whole file lands, and it
    // tells how long an import takes here.
    fs::copy(&base, &db).unwrap();
    let clock = Instant::now();
    let mut import = knotmap(&sandbox, &db);
    import.arg("import").arg(&file);
    let summary = run_ok(import);
    let full_run = clock.elapsed();
    assert!(
        summary.starts_with(&format!(
            "Imported 50 knots, 1000 sessions and {IMPORT_READINGS} readings; 0 were here already"
        )),
        "{summary}"
    );
    let conn = Connection::open(&db).unwrap();
    let after = totals(&conn);
    let complete = imported_fingerprint(&conn, tag);
    drop(conn);
    assert_eq!(
        after,
        (
            before.0 + 50,
            before.1 + 1000,
            before.2 + IMPORT_READINGS as i64
        )
    );
    let nothing = (0, 0, 0);

    let reset = |db: &Path| {
        for suffix in ["", "-wal", "-shm"] {
            let _ = fs::remove_file(sidecar(db, suffix));
        }
        fs::copy(&base, db).unwrap();
    };
    reset(&db);

    // Kill moments spread evenly over 0 to 110% of a run, its length
    // measured again on every run that finishes.
    let mut run_time = RunTime(full_run);
    let mut rng = Lcg(0x5eed_0001);
    let (mut kills, mut finished, mut none_landed, mut all_landed) = (0, 0, 0, 0);
    let mut mid_write = 0;
    let mut runs = 0;
    while kills < IMPORT_KILLS {
        runs += 1;
        assert!(runs <= IMPORT_KILLS * 3, "too few kills landed: {kills}");
        let delay = run_time.random_share(&mut rng, 110);
        let wal_before = wal_state(&db);
        let mut import = knotmap(&sandbox, &db);
        import.arg("import").arg(&file);
        let ended = kill_at(import, Instant::now() + delay);
        let context = format!("run {runs}, killed after {delay:?}");
        if ended.killed {
            kills += 1;
        } else {
            finished += 1;
            run_time.update(ended.took);
            assert!(
                ended.status.success() && ended.stdout.starts_with("Imported"),
                "{context}: the import failed: {}",
                ended.stderr
            );
        }
        let wal_changed = wal_state(&db) != wal_before;

        let conn = open_copy(&db, &copy);
        assert_sound(&conn, &context);
        let now = totals(&conn);
        let fingerprint = imported_fingerprint(&conn, tag);
        drop(conn);
        assert_private(&db);
        if now == before {
            assert_eq!(fingerprint, nothing, "{context}");
            assert!(ended.killed, "{context}: finished but nothing landed");
            none_landed += 1;
            if wal_changed {
                mid_write += 1;
            }
        } else {
            assert_eq!(now, after, "{context}: a part of the import landed");
            assert_eq!(fingerprint, complete, "{context}: readings differ");
            all_landed += 1;
            // Start again from the history before the import.
            reset(&db);
        }
    }

    // The file as the last kill left it: knotmap recovers it itself and
    // the import then runs to the end.
    let mut import = knotmap(&sandbox, &db);
    import.arg("import").arg(&file);
    run_ok(import);
    let conn = Connection::open(&db).unwrap();
    assert_sound(&conn, "after the last kill");
    assert_eq!(totals(&conn), after);
    assert_eq!(imported_fingerprint(&conn, tag), complete);
    drop(conn);
    let export: Value = serde_json::from_str(&run_ok({
        let mut export = knotmap(&sandbox, &db);
        export.arg("export");
        export
    }))
    .unwrap();
    assert_eq!(
        export["readings"].as_array().unwrap().len() as i64,
        after.2,
        "knotmap export after the kills"
    );

    println!(
        "import: {runs} runs of {IMPORT_READINGS} readings, a whole run {:?} (first {full_run:?}); \
         {kills} killed ({none_landed} with nothing landed, {mid_write} of them after \
         writing to the -wal), {finished} finished before the kill; the whole file landed \
         {all_landed} times; {:?} in all",
        run_time.0,
        started.elapsed()
    );
}

// ------------------------------------------------------------------ log

const LOG_REGIONS: [&str; 3] = [
    "soleus-left",
    "upper-trapezius-right",
    "gluteus-medius-left",
];

/// The `n`th `knotmap log` of the test, with its note to find it by.
fn log_command(sandbox: &Sandbox, db: &Path, n: usize) -> (Command, String) {
    let start = Utc.with_ymd_and_hms(2024, 6, 1, 6, 0, 0).unwrap();
    let at = stamp(start + chrono::Duration::minutes(40 * n as i64));
    let note = format!("log {n}");
    let mut command = knotmap(sandbox, db);
    command.args([
        "log",
        LOG_REGIONS[n % LOG_REGIONS.len()],
        &(n % 11).to_string(),
        "--at",
        &at,
        "--note",
        &note,
    ]);
    (command, note)
}

fn says_logged(stdout: &str) -> bool {
    stdout.lines().any(|line| line.starts_with("Logged pain "))
}

/// The notes of the readings in the database, each once.
fn notes(conn: &Connection) -> Vec<String> {
    let notes: Vec<String> = conn
        .prepare("SELECT note FROM readings ORDER BY id")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut unique = notes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), notes.len(), "a reading was written twice");
    notes
}

#[test]
fn a_killed_run_of_logs_keeps_every_reading_it_reported() {
    let started = Instant::now();
    let sandbox = Sandbox::new();
    let dir = sandbox.dir();
    let db = dir.join("knotmap.db");
    let copy = dir.join("check.db");

    // Readings whose `log` printed "Logged": they must all be there.
    let mut reported: Vec<String> = Vec::new();
    // Readings whose `log` was killed before it said anything: each may
    // be there or not, but whole.
    let mut unreported: Vec<String> = Vec::new();
    let mut n = 0;

    // Three logs to the end: the file exists, and one log's run time.
    let clock = Instant::now();
    for _ in 0..3 {
        n += 1;
        let (command, note) = log_command(&sandbox, &db, n);
        assert!(says_logged(&run_ok(command)));
        reported.push(note);
    }
    let one_log = clock.elapsed() / 3;
    let mut run_time = RunTime(one_log);

    let mut rng = Lcg(0x5eed_0002);
    let (mut kills, mut committed_unreported, mut checks) = (0, 0, 0);
    for round in 1..=LOG_ROUNDS {
        // A run of logs, one after another, killed after a random time of
        // up to four logs: whichever knotmap is running then is killed.
        let budget = run_time.random_share(&mut rng, 400);
        let deadline = Instant::now() + budget;
        loop {
            n += 1;
            let (command, note) = log_command(&sandbox, &db, n);
            let ended = kill_at(command, deadline);
            if ended.killed {
                kills += 1;
                if says_logged(&ended.stdout) {
                    reported.push(note);
                } else {
                    unreported.push(note);
                }
                break;
            }
            assert!(
                ended.status.success() && says_logged(&ended.stdout),
                "round {round}, log {n} after a kill failed: {}",
                ended.stderr
            );
            assert_eq!(ended.stderr, "", "round {round}, log {n}");
            run_time.update(ended.took);
            reported.push(note);
            if Instant::now() >= deadline {
                break;
            }
        }

        let context = format!("round {round}, after log {n}");
        let conn = open_copy(&db, &copy);
        assert_sound(&conn, &context);
        let present = notes(&conn);
        drop(conn);
        assert_private(&db);
        checks += reported.len();
        for note in &reported {
            assert!(
                present.contains(note),
                "{context}: the reading of \"{note}\" was reported as logged but is gone"
            );
        }
        for note in &present {
            assert!(
                reported.contains(note) || unreported.contains(note),
                "{context}: an unknown reading \"{note}\""
            );
        }
        committed_unreported = present.len() - reported.len();
    }

    // knotmap itself carries on from the file as the last kill left it.
    n += 1;
    let (command, note) = log_command(&sandbox, &db, n);
    assert!(says_logged(&run_ok(command)));
    reported.push(note);
    let conn = Connection::open(&db).unwrap();
    assert_sound(&conn, "after the last kill");
    let present = notes(&conn);
    drop(conn);
    assert_eq!(present.len(), reported.len() + committed_unreported);
    let export: Value = serde_json::from_str(&run_ok({
        let mut export = knotmap(&sandbox, &db);
        export.arg("export");
        export
    }))
    .unwrap();
    assert_eq!(
        export["readings"].as_array().unwrap().len(),
        present.len(),
        "knotmap export after the kills"
    );

    assert!(kills >= 100, "only {kills} kills landed on a running log");
    println!(
        "log: {n} logs, one log {:?} (first {one_log:?}); {kills} killed; {} readings reported as logged, \
         {checks} checks that a reported reading is still there, none missing; \
         {committed_unreported} of the {} killed before they reported were committed whole, \
         the rest left nothing; {:?} in all",
        run_time.0,
        reported.len(),
        unreported.len(),
        started.elapsed()
    );
}

// ------------------------------------------------------------------ the app

/// Times the app is killed in the middle of its saves.
const APP_KILLS: usize = 100;
/// Where the app saves, one region a round, found with `/` by these words:
/// regions whose home cell has the same muscle on all four sides, so that a
/// step from it in any direction stays on the muscle.
const APP_REGIONS: [(&str, &str); 4] = [
    ("pectoralis major right", "Pectoralis major, right"),
    ("rectus abdominis", "Rectus abdominis"),
    ("hamstrings left", "Hamstrings, left"),
    ("vastus lateralis left", "Vastus lateralis, left"),
];
/// The steps between saves, in turn: each comes back to the region's home.
const APP_STEPS: [&str; 4] = ["Right", "Left", "Down", "Up"];
/// Longest wait for the app to start, or to show a save, before the test
/// gives up (a debug build on a loaded machine is slow, but not this slow).
const APP_PATIENCE: Duration = Duration::from_secs(20);

/// The app's header, over the map: it has drawn its first frame.
const MAP_DRAWN: &str = " knotmap  map  knot  protocol ";

/// Waits until the app (started or restarted in `terminal`) has drawn its
/// map; its process id, checked to be knotmap's own.
fn app_ready(terminal: &Terminal, context: &str) -> String {
    terminal.wait_for(MAP_DRAWN, context);
    let pid = terminal.pane("#{pane_pid}");
    let exe = fs::read_link(format!("/proc/{pid}/exe")).unwrap();
    assert_eq!(
        exe,
        fs::canonicalize(KNOTMAP).unwrap(),
        "{context}: the window runs something other than knotmap"
    );
    pid
}

/// Every reading in the database: id, UUID and pain score, by id.
fn reading_ids(conn: &Connection) -> Vec<(i64, String, i64)> {
    conn.prepare("SELECT id, uuid, pain_before FROM readings ORDER BY id")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_killed_app_keeps_every_reading_it_saved() {
    if !tool_present("tmux", "a_killed_app_keeps_every_reading_it_saved") {
        return;
    }
    let started = Instant::now();
    let sandbox = Sandbox::new();
    let dir = sandbox.dir();
    let db = dir.join("knotmap.db");
    let copy = dir.join("check.db");

    // knotmap itself in the window (`env` execs it), in the sandbox, on a
    // database it creates.
    let env = sandbox.env_args();
    let mut program: Vec<&str> = vec!["env"];
    program.extend(env.iter().map(String::as_str));
    program.extend([KNOTMAP, "--db", db.to_str().unwrap()]);
    let terminal = Terminal::start(dir.join("tmux"), &program, APP_PATIENCE);

    // The readings in the file as the last kill left it.
    let mut known: Vec<(i64, String, i64)> = Vec::new();
    let mut save_time = RunTime(Duration::from_millis(50));
    let mut rng = Lcg(0x5eed_0003);
    let (mut sent, mut seen, mut checks) = (0, 0, 0);
    let (mut in_flight_kept, mut in_flight_lost) = (0, 0);
    for round in 1..=APP_KILLS {
        let context = format!("round {round}");
        if round > 1 {
            terminal.tmux(&["respawn-pane", "-k", "-t", WINDOW]);
        }
        let pid = app_ready(&terminal, &context);
        // knotmap opened the file as the last kill left it: nothing is gone.
        let conn = open_copy(&db, &copy);
        assert_eq!(
            reading_ids(&conn),
            known,
            "{context}: the file changed when knotmap opened it again"
        );
        drop(conn);

        // To the round's region (`/`, its name, Enter), then one save
        // after another (a step, Enter, a score, Enter) until
        // the kill comes: at a random moment within about three saves.
        let (words, name) = APP_REGIONS[round % APP_REGIONS.len()];
        let mut find: Vec<String> = vec!["/".to_string()];
        find.extend(words.chars().map(|c| match c {
            ' ' => "Space".to_string(),
            c => c.to_string(),
        }));
        find.push("Enter".to_string());
        let deadline = Instant::now() + save_time.random_share(&mut rng, 300);
        let mut scores: Vec<i64> = Vec::new();
        let mut shown = 0;
        'saves: loop {
            let score = (sent % 10) as i64;
            let step = APP_STEPS[scores.len() % APP_STEPS.len()];
            let digit = score.to_string();
            // The first save of a round goes to the region first.
            let mut keys: Vec<&str> = match scores.is_empty() {
                true => find.iter().map(String::as_str).collect(),
                false => Vec::new(),
            };
            keys.extend([step, "Enter", &digit, "Enter"]);
            terminal.keys(&keys);
            sent += 1;
            scores.push(score);
            let clock = Instant::now();
            // "Saved 6/10 for knot 3 (Hamstrings, left), session 2.", whole:
            // a screen read half way through a redraw is read again.
            let saved = format!("Saved {score}/10 ");
            let region = format!("({name})");
            loop {
                if Instant::now() >= deadline {
                    break 'saves;
                }
                let screen = terminal.screen();
                if screen
                    .lines()
                    .any(|line| line.contains(&saved) && line.contains(&region))
                {
                    shown += 1;
                    save_time.update(clock.elapsed());
                    break;
                }
                assert!(
                    clock.elapsed() < APP_PATIENCE,
                    "{context}: the app never said \"{saved}...{region}\"; it shows:\n{screen}"
                );
                sleep(Duration::from_millis(1));
            }
        }
        seen += shown;

        // SIGKILL to knotmap itself, then the file as it left it.
        let killed = Command::new("sh")
            .args(["-c", "kill -KILL \"$1\"", "sh", &pid])
            .status()
            .unwrap();
        assert!(killed.success(), "{context}: kill {pid}");
        let end = terminal.wait_for_end(&pid);
        assert_eq!(
            end,
            End::Signal(SIGKILL),
            "{context}: the app ended by itself"
        );

        let conn = open_copy(&db, &copy);
        assert_whole(&conn, &context);
        let now = reading_ids(&conn);
        let (lonely_knots, lonely_sessions) = without_readings(&conn);
        drop(conn);
        assert_eq!(lonely_knots, 0, "{context}: a knot without its reading");
        // A sitting's session is made in the transaction of its first save.
        assert_eq!(lonely_sessions, 0, "{context}: a session without a reading");
        assert_private(&db);
        checks += known.len();
        for reading in &known {
            assert!(
                now.contains(reading),
                "{context}: reading {reading:?} was in the file before the kill and is gone"
            );
        }
        // The new readings are the first saves of the round, in order,
        // with their scores: every save the app showed, and perhaps the
        // one it was working on.
        let new: Vec<i64> = now
            .iter()
            .filter(|reading| !known.contains(reading))
            .map(|reading| reading.2)
            .collect();
        assert!(
            (shown..=scores.len()).contains(&new.len()) && scores.starts_with(&new),
            "{context}: the app saved {scores:?} and showed {shown} saves; \
             the file has the new scores {new:?}"
        );
        if new.len() > shown {
            in_flight_kept += 1;
        } else if scores.len() > shown {
            in_flight_lost += 1;
        }
        known = now;
    }

    // The app starts once more on the file as the last kill left it, and
    // quits normally; the command line reads everything back.
    terminal.tmux(&["respawn-pane", "-k", "-t", WINDOW]);
    let pid = app_ready(&terminal, "after the last kill");
    let conn = open_copy(&db, &copy);
    assert_eq!(reading_ids(&conn), known, "after the last kill");
    let (_, empty_sessions) = without_readings(&conn);
    drop(conn);
    terminal.keys(&["q"]);
    assert_eq!(
        terminal.wait_for_end(&pid),
        End::Exit(0),
        "q after the last kill"
    );
    drop(terminal);
    let export: Value = serde_json::from_str(&run_ok({
        let mut export = knotmap(&sandbox, &db);
        export.arg("export");
        export
    }))
    .unwrap();
    assert_eq!(
        export["readings"].as_array().unwrap().len(),
        known.len(),
        "knotmap export after the kills"
    );
    run_ok({
        let mut doctor = knotmap(&sandbox, &db);
        doctor.arg("doctor");
        doctor
    });

    println!(
        "app: {APP_KILLS} kills, {sent} saves sent, {seen} shown as saved, {} readings in the end; \
         {checks} checks that a reading in the file before a kill is still there, none missing; \
         the save under way when the kill came was kept {in_flight_kept} times and left nothing \
         {in_flight_lost} times; one save {:?}; {empty_sessions} sessions without a reading; \
         {:?} in all",
        known.len(),
        save_time.0,
        started.elapsed()
    );
}

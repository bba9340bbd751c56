//! The command line from the outside: what scripts and users rely on (see
//! "Interfaces that others rely on" in DESIGN.md).
//!
//! Every test runs the real binary on a fresh database in its own temporary
//! folder, in UTC, without colours, and without `$KNOTMAP_DB`.

// Fixture helpers unwrap like assertions do: a broken fixture fails the test.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

/// The muscle region table of DESIGN.md: area, then the slug bases drawn on
/// both sides (`rectus-abdominis`, the one centre region, is apart).
const REGION_TABLE: &[(&str, &[&str])] = &[
    (
        "neck",
        &[
            "suboccipitals",
            "sternocleidomastoid",
            "scalenes",
            "upper-trapezius",
            "levator-scapulae",
        ],
    ),
    (
        "shoulder",
        &[
            "anterior-deltoid",
            "lateral-deltoid",
            "posterior-deltoid",
            "infraspinatus",
            "teres",
        ],
    ),
    (
        "upper-back",
        &["rhomboids", "latissimus-dorsi", "thoracic-erector-spinae"],
    ),
    (
        "chest",
        &["pectoralis-major", "pectoralis-minor", "serratus-anterior"],
    ),
    (
        "arm",
        &[
            "biceps",
            "triceps",
            "forearm-flexors",
            "forearm-extensors",
            "hand",
        ],
    ),
    (
        "lower-back",
        &["lumbar-erector-spinae", "quadratus-lumborum"],
    ),
    ("abdomen", &["obliques"]),
    (
        "hip",
        &[
            "gluteus-maximus",
            "gluteus-medius",
            "piriformis",
            "tensor-fasciae-latae",
            "hip-flexors",
            "adductors",
        ],
    ),
    (
        "thigh",
        &[
            "rectus-femoris",
            "vastus-lateralis",
            "vastus-medialis",
            "it-band",
            "hamstrings",
        ],
    ),
    (
        "lower-leg",
        &["tibialis-anterior", "peroneals", "gastrocnemius", "soleus"],
    ),
    ("foot", &["plantar-fascia"]),
];

const CENTRE_REGION: &str = "rectus-abdominis";

/// Every slug of the region table with its area, in table order.
fn expected_regions() -> Vec<(String, &'static str)> {
    let mut regions = Vec::new();
    for &(area, bases) in REGION_TABLE {
        for base in bases {
            regions.push((format!("{base}-left"), area));
            regions.push((format!("{base}-right"), area));
        }
    }
    regions.push((CENTRE_REGION.to_string(), "abdomen"));
    regions
}

/// A temporary folder that holds one test's database and settings.
struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox {
            dir: TempDir::new().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The database the tests use unless they say otherwise.
    fn db(&self) -> PathBuf {
        self.path("knotmap.db")
    }

    /// knotmap in UTC, without colours, `$KNOTMAP_DB` or the machine's
    /// settings, and without `--db`.
    fn bare(&self) -> Command {
        let mut command = Command::cargo_bin("knotmap").unwrap();
        command
            .env_remove("KNOTMAP_DB")
            .env("KNOTMAP_CONFIG", self.path("config.toml"))
            .env("TZ", "UTC")
            .env("NO_COLOR", "1");
        command
    }

    /// knotmap on the database at `db`.
    fn knotmap_at(&self, db: &Path) -> Command {
        let mut command = self.bare();
        command.arg("--db").arg(db);
        command
    }

    /// knotmap on the sandbox's database.
    fn knotmap(&self) -> Command {
        self.knotmap_at(&self.db())
    }

    /// `knotmap log ARGS...`, which must succeed; its stdout.
    fn log(&self, args: &[&str]) -> String {
        let output = self.knotmap().arg("log").args(args).assert().success();
        String::from_utf8(output.get_output().stdout.clone()).unwrap()
    }

    /// `knotmap knots --json [--all]`, parsed.
    fn knots(&self, all: bool) -> Vec<Value> {
        let mut command = self.knotmap();
        command.args(["knots", "--json"]);
        if all {
            command.arg("--all");
        }
        let output = command.assert().success();
        let json: Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
        json.as_array().unwrap().clone()
    }

    /// The one knot there is.
    fn only_knot(&self) -> Value {
        let knots = self.knots(true);
        assert_eq!(knots.len(), 1, "expected one knot: {knots:#?}");
        knots[0].clone()
    }

    /// The knot on `region`.
    fn knot_on(&self, region: &str) -> Value {
        self.knots(true)
            .into_iter()
            .find(|knot| knot["region"] == region)
            .unwrap_or_else(|| panic!("no knot on {region}"))
    }

    /// Every file and folder in the sandbox (the database, its -wal and
    /// -shm, anything else) with the bytes of the files.
    fn files(&self) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
        let mut files = BTreeMap::new();
        let mut pending = vec![self.dir.path().to_path_buf()];
        while let Some(folder) = pending.pop() {
            for entry in fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path.clone());
                    files.insert(path, None);
                } else {
                    let bytes = fs::read(&path).unwrap();
                    files.insert(path, Some(bytes));
                }
            }
        }
        files
    }

    /// Runs `command`, which must fail with exactly one line on stderr and
    /// leave every file in the sandbox as it was; that line.
    fn refused(&self, mut command: Command) -> String {
        let before = self.files();
        let output = command.assert().failure();
        let after = self.files();
        let stderr = one_line(&output.get_output().stderr);
        assert!(
            before == after,
            "{command:?} changed the files in {}",
            self.dir.path().display()
        );
        stderr
    }

    /// `knotmap log ARGS...` on the sandbox's database, which must be refused.
    fn log_refused(&self, args: &[&str]) -> String {
        let mut command = self.knotmap();
        command.arg("log").args(args);
        self.refused(command)
    }

    /// `knotmap render` at `width` x `height`; its stdout.
    fn render(&self, width: u16, height: u16) -> String {
        let output = self
            .knotmap()
            .args(["render", "--screen", "map", "--width"])
            .arg(width.to_string())
            .arg("--height")
            .arg(height.to_string())
            .assert()
            .success();
        String::from_utf8(output.get_output().stdout.clone()).unwrap()
    }
}

/// A sandbox whose database holds one knot, on upper-trapezius-left.
fn sandbox_with_a_knot() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.log(&["upper-trapezius-left", "7", "--at", "2026-03-01 18:00"]);
    sandbox
}

/// The text of `stderr`, which must be exactly one line.
fn one_line(stderr: &[u8]) -> String {
    let text = String::from_utf8(stderr.to_vec()).unwrap();
    assert_eq!(
        text.lines().count(),
        1,
        "expected exactly one line on stderr, got:\n{text}"
    );
    text
}

/// Bytes that are no file format at all (a fixed xorshift sequence).
fn noise(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[3]
        })
        .collect()
}

fn mode_of(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Damaged or foreign files at `--db`: reading and logging are both refused
/// in one line that contains `problem`, and nothing in the sandbox changes.
fn assert_damaged_file_is_refused(sandbox: &Sandbox, db: &Path, problem: &str) {
    for args in [&["knots", "--json"][..], &["log", "biceps-left", "3"][..]] {
        let mut command = sandbox.knotmap_at(db);
        command.args(args);
        let line = sandbox.refused(command);
        assert!(
            line.contains(problem),
            "{args:?}: the error should say \"{problem}\": {line}"
        );
    }
}

/// `render` prints exactly `height` lines, none wider than `width` characters.
fn assert_frame_fits(width: u16, height: u16) -> String {
    let sandbox = sandbox_with_a_knot();
    let frame = sandbox.render(width, height);
    assert_eq!(
        frame.lines().count(),
        usize::from(height),
        "{width}x{height}: wrong number of lines:\n{frame}"
    );
    for line in frame.lines() {
        assert!(
            line.chars().count() <= usize::from(width),
            "{width}x{height}: line wider than the frame: {line:?}"
        );
    }
    frame
}

// ---------------------------------------------------------------- help

#[test]
fn version_names_the_program() {
    Sandbox::new()
        .bare()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("knotmap "));
}

#[test]
fn help_lists_the_subcommands() {
    let assert = Sandbox::new().bare().arg("--help").assert().success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    for command in ["regions", "log", "knots", "render"] {
        assert!(stdout.contains(command), "--help lacks {command}");
    }
}

#[test]
fn every_subcommand_has_help() {
    let sandbox = Sandbox::new();
    for command in ["regions", "log", "knots", "render"] {
        sandbox
            .bare()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage: knotmap"));
    }
    assert!(sandbox.files().is_empty(), "help wrote a file");
}

// ---------------------------------------------------------------- regions

#[test]
fn regions_lists_every_slug_of_the_region_table() {
    let sandbox = Sandbox::new();
    let assert = sandbox.knotmap().arg("regions").assert().success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let listed: Vec<&str> = stdout
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    for (slug, _) in expected_regions() {
        assert!(listed.contains(&slug.as_str()), "regions lacks {slug}");
    }
}

#[test]
fn regions_json_has_every_region_of_the_table_with_its_fields() {
    let sandbox = Sandbox::new();
    let assert = sandbox
        .knotmap()
        .args(["regions", "--json"])
        .assert()
        .success();
    let json: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let regions = json.as_array().unwrap();
    for region in regions {
        let object = region.as_object().unwrap();
        for field in ["slug", "name", "area", "side", "views", "caution"] {
            assert!(object.contains_key(field), "{region} lacks {field}");
        }
    }
    for (slug, area) in expected_regions() {
        let region = regions
            .iter()
            .find(|region| region["slug"] == slug.as_str())
            .unwrap_or_else(|| panic!("regions --json lacks {slug}"));
        assert_eq!(region["area"], area, "area of {slug}");
    }
    // 40 bases on both sides and the centre one: the table's 81 regions.
    assert_eq!(regions.len(), expected_regions().len());
    assert_eq!(regions.len(), 81);
}

#[test]
fn regions_json_cautions_against_rolling_the_it_band() {
    let sandbox = Sandbox::new();
    let assert = sandbox
        .knotmap()
        .args(["regions", "--json"])
        .assert()
        .success();
    let json: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let it_band = json
        .as_array()
        .unwrap()
        .iter()
        .find(|region| region["slug"] == "it-band-left")
        .unwrap()
        .clone();
    assert_eq!(it_band["caution"], "do-not-roll-directly");
    assert_eq!(it_band["side"], "left");
}

// ---------------------------------------------------------------- log

#[test]
fn log_prints_the_knot_id_and_session_number() {
    let sandbox = Sandbox::new();
    let stdout = sandbox.log(&["upper-trapezius-left", "7"]);
    assert!(stdout.contains("knot 1"), "{stdout}");
    assert!(stdout.contains("session 1"), "{stdout}");
}

#[test]
fn knots_json_has_the_logged_knot_with_its_fields() {
    let sandbox = Sandbox::new();
    sandbox.log(&["upper-trapezius-left", "7"]);
    let knot = sandbox.only_knot();
    for field in [
        "id",
        "uuid",
        "region",
        "status",
        "sessions",
        "first_pain",
        "latest_pain",
        "first_seen",
        "last_seen",
    ] {
        assert!(knot.get(field).is_some(), "{knot} lacks {field}");
    }
    assert_eq!(knot["id"], 1);
    assert_eq!(knot["region"], "upper-trapezius-left");
    assert_eq!(knot["status"], "active");
    assert_eq!(knot["sessions"], 1);
    assert_eq!(knot["first_pain"], 7);
    assert_eq!(knot["latest_pain"], 7);
}

#[test]
fn a_second_reading_on_the_region_goes_to_the_same_knot() {
    let sandbox = Sandbox::new();
    sandbox.log(&["upper-trapezius-left", "7"]);
    let stdout = sandbox.log(&["upper-trapezius-left", "5"]);
    assert!(stdout.contains("knot 1"), "{stdout}");
    assert!(!stdout.contains("new knot"), "{stdout}");
    assert_eq!(sandbox.only_knot()["id"], 1);
}

#[test]
fn log_understands_words_for_a_region() {
    let sandbox = Sandbox::new();
    sandbox.log(&["left trap", "6"]);
    assert_eq!(sandbox.only_knot()["region"], "upper-trapezius-left");
}

#[test]
fn log_understands_a_unique_start_of_a_slug() {
    let sandbox = Sandbox::new();
    sandbox.log(&["quadratus-lumborum-r", "6"]);
    assert_eq!(sandbox.only_knot()["region"], "quadratus-lumborum-right");
}

#[test]
fn log_accepts_every_option() {
    let sandbox = Sandbox::new();
    let stdout = sandbox.log(&[
        "biceps-left",
        "7",
        "--after",
        "3",
        "--technique",
        "pin and stretch",
        "--tool",
        "massage ball",
        "--minutes",
        "5",
        "--pressure",
        "4",
        "--symptom",
        "numbness",
        "--symptom",
        "tingling",
        "--note",
        "after the gym",
        "--at",
        "2026-03-01 18:00",
    ]);
    assert!(stdout.contains("3/10 after"), "{stdout}");
    let knot = sandbox.only_knot();
    assert_eq!(knot["region"], "biceps-left");
    assert_eq!(knot["first_seen"], "2026-03-01T18:00:00Z");
}

#[test]
fn log_at_reads_rfc3339_with_its_offset() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "5", "--at", "2026-03-01T08:15:00+02:00"]);
    assert_eq!(sandbox.only_knot()["first_seen"], "2026-03-01T06:15:00Z");
}

#[test]
fn log_at_reads_a_local_date_and_time() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "5", "--at", "2026-03-01 18:30"]);
    assert_eq!(sandbox.only_knot()["first_seen"], "2026-03-01T18:30:00Z");
}

#[test]
fn log_at_reads_a_date_as_midday() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "5", "--at", "2026-03-01"]);
    assert_eq!(sandbox.only_knot()["first_seen"], "2026-03-01T12:00:00Z");
}

#[test]
fn readings_within_the_hour_share_a_session_and_the_next_day_starts_one() {
    let sandbox = Sandbox::new();
    let first = sandbox.log(&["biceps-left", "7", "--at", "2026-03-01 18:00"]);
    assert!(first.contains("session 1"), "{first}");
    assert_eq!(sandbox.only_knot()["sessions"], 1);

    let same_sitting = sandbox.log(&["biceps-left", "4", "--at", "2026-03-01 18:30"]);
    assert!(same_sitting.contains("session 1"), "{same_sitting}");
    assert_eq!(sandbox.only_knot()["sessions"], 1);

    let next_day = sandbox.log(&["biceps-left", "5", "--at", "2026-03-02 18:00"]);
    assert!(next_day.contains("session 2"), "{next_day}");
    let knot = sandbox.only_knot();
    assert_eq!(knot["sessions"], 2);
    assert_eq!(knot["first_pain"], 7);
    assert_eq!(knot["latest_pain"], 5);
}

#[test]
fn log_with_knot_id_logs_to_that_knot() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "7", "--at", "2026-03-01 18:00"]);
    sandbox.log(&["triceps-left", "6", "--at", "2026-03-01 18:05"]);
    let stdout = sandbox.log(&[
        "biceps-left",
        "4",
        "--knot",
        "1",
        "--at",
        "2026-03-02 18:00",
    ]);
    assert!(stdout.contains("knot 1"), "{stdout}");
    assert_eq!(sandbox.knot_on("biceps-left")["sessions"], 2);
    assert_eq!(sandbox.knot_on("triceps-left")["sessions"], 1);
}

#[test]
fn log_with_knot_id_of_another_region_is_refused() {
    let sandbox = sandbox_with_a_knot();
    let line = sandbox.log_refused(&["upper-trapezius-right", "5", "--knot", "1"]);
    assert!(line.contains("upper-trapezius-left"), "{line}");
}

#[test]
fn log_creates_a_missing_database_readable_by_its_owner_only() {
    let sandbox = Sandbox::new();
    let db = sandbox.path("new/knotmap.db");
    sandbox
        .knotmap_at(&db)
        .args(["log", "biceps-left", "5"])
        .assert()
        .success();
    assert_eq!(mode_of(&db), 0o600, "{}", db.display());
    for suffix in ["-wal", "-shm"] {
        let companion = sandbox.path(&format!("new/knotmap.db{suffix}"));
        if companion.exists() {
            assert_eq!(mode_of(&companion), 0o600, "{}", companion.display());
        }
    }
}

// ---------------------------------------------------------------- bad input

#[test]
fn an_unknown_region_is_refused_with_the_closest_slugs() {
    let sandbox = sandbox_with_a_knot();
    let line = sandbox.log_refused(&["bicep-lefft", "5"]);
    assert!(line.contains("bicep-lefft"), "{line}");
    assert!(line.contains("biceps-left"), "{line}");
}

#[test]
fn an_ambiguous_region_is_refused_with_its_candidates() {
    let sandbox = sandbox_with_a_knot();
    let line = sandbox.log_refused(&["soleus", "5"]);
    assert!(line.contains("soleus-left"), "{line}");
    assert!(line.contains("soleus-right"), "{line}");
}

#[test]
fn pain_above_ten_is_refused() {
    let sandbox = sandbox_with_a_knot();
    let line = sandbox.log_refused(&["upper-trapezius-left", "11"]);
    assert!(line.contains("11"), "{line}");
}

#[test]
fn pain_below_zero_after_a_double_dash_is_refused() {
    let sandbox = sandbox_with_a_knot();
    let line = sandbox.log_refused(&["upper-trapezius-left", "--", "-1"]);
    assert!(line.contains("-1"), "{line}");
}

#[test]
fn pain_below_zero_is_refused_in_one_line() {
    let sandbox = sandbox_with_a_knot();
    let line = sandbox.log_refused(&["upper-trapezius-left", "-1"]);
    assert!(line.contains("pain"), "{line}");
}

#[test]
fn pain_in_words_is_refused() {
    let sandbox = sandbox_with_a_knot();
    let line = sandbox.log_refused(&["upper-trapezius-left", "seven"]);
    assert!(line.contains("seven"), "{line}");
}

#[test]
fn pain_after_above_ten_is_refused() {
    let sandbox = sandbox_with_a_knot();
    let line = sandbox.log_refused(&["upper-trapezius-left", "5", "--after", "12"]);
    assert!(line.contains("--after"), "{line}");
}

#[test]
fn pressure_above_ten_is_refused() {
    let sandbox = sandbox_with_a_knot();
    let line = sandbox.log_refused(&["upper-trapezius-left", "5", "--pressure", "11"]);
    assert!(line.contains("--pressure"), "{line}");
}

#[test]
fn minutes_that_are_not_a_number_are_refused() {
    let sandbox = sandbox_with_a_knot();
    let line = sandbox.log_refused(&["upper-trapezius-left", "5", "--minutes", "abc"]);
    assert!(line.contains("abc"), "{line}");
}

#[test]
fn an_unknown_symptom_is_refused() {
    let sandbox = sandbox_with_a_knot();
    let line = sandbox.log_refused(&["upper-trapezius-left", "5", "--symptom", "sneezing"]);
    assert!(line.contains("sneezing"), "{line}");
}

#[test]
fn a_time_that_does_not_parse_is_refused() {
    let sandbox = sandbox_with_a_knot();
    let line = sandbox.log_refused(&["upper-trapezius-left", "5", "--at", "yesterday"]);
    assert!(line.contains("yesterday"), "{line}");
}

#[test]
fn a_time_in_the_future_is_refused() {
    let sandbox = sandbox_with_a_knot();
    let line = sandbox.log_refused(&["upper-trapezius-left", "5", "--at", "2999-01-01"]);
    assert!(line.contains("future"), "{line}");
}

#[test]
fn an_unknown_knot_id_is_refused() {
    let sandbox = sandbox_with_a_knot();
    let line = sandbox.log_refused(&["upper-trapezius-left", "5", "--knot", "999"]);
    assert!(line.contains("999"), "{line}");
}

#[test]
fn bad_input_does_not_create_a_missing_database() {
    let sandbox = Sandbox::new();
    let line = sandbox.log_refused(&["bicep-lefft", "5"]);
    assert!(line.contains("bicep-lefft"), "{line}");
    assert!(!sandbox.db().exists());
}

// ---------------------------------------------------------------- damaged files

#[test]
fn random_bytes_at_db_are_refused() {
    let sandbox = Sandbox::new();
    let db = sandbox.path("noise.db");
    let bytes = noise(4096);
    assert!(!bytes.starts_with(b"SQLite"));
    fs::write(&db, bytes).unwrap();
    assert_damaged_file_is_refused(&sandbox, &db, "not an SQLite file");
}

#[test]
fn a_text_file_at_db_is_refused() {
    let sandbox = Sandbox::new();
    let db = sandbox.path("notes.txt");
    fs::write(&db, "left shoulder sore after the gym\n").unwrap();
    assert_damaged_file_is_refused(&sandbox, &db, "not an SQLite file");
}

#[test]
fn a_folder_at_db_is_refused() {
    let sandbox = Sandbox::new();
    let db = sandbox.path("folder");
    fs::create_dir(&db).unwrap();
    assert_damaged_file_is_refused(&sandbox, &db, "folder");
}

#[test]
fn an_sqlite_database_of_another_program_is_refused() {
    let sandbox = Sandbox::new();
    let db = sandbox.path("other.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("CREATE TABLE t(x)", []).unwrap();
    conn.close().unwrap();
    assert_damaged_file_is_refused(&sandbox, &db, "another program");
}

#[test]
fn a_database_from_a_newer_knotmap_is_refused() {
    let sandbox = sandbox_with_a_knot();
    let conn = rusqlite::Connection::open(sandbox.db()).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    conn.close().unwrap();
    assert_damaged_file_is_refused(&sandbox, &sandbox.db(), "newer");
}

#[test]
fn knots_on_a_missing_database_is_refused() {
    let sandbox = Sandbox::new();
    let mut command = sandbox.knotmap();
    command.arg("knots");
    let line = sandbox.refused(command);
    assert!(line.contains("no database"), "{line}");
    assert!(!sandbox.db().exists());
}

// ---------------------------------------------------------------- knots

#[test]
fn knots_lists_the_region_of_each_knot() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "6"]);
    sandbox
        .knotmap()
        .arg("knots")
        .assert()
        .success()
        .stdout(predicate::str::contains("biceps-left"));
}

#[test]
fn a_resolved_knot_is_listed_only_with_all() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "7", "--at", "2026-03-01 18:00"]);
    sandbox.log(&["biceps-left", "2", "--at", "2026-03-02 18:00"]);
    sandbox.log(&["biceps-left", "1", "--at", "2026-03-03 18:00"]);

    assert!(sandbox.knots(false).is_empty());
    sandbox
        .knotmap()
        .arg("knots")
        .assert()
        .success()
        .stdout(predicate::str::contains("biceps-left").not());

    let knot = sandbox.only_knot();
    assert_eq!(knot["status"], "resolved");
    assert_eq!(knot["sessions"], 3);
    sandbox
        .knotmap()
        .args(["knots", "--all"])
        .assert()
        .success()
        .stdout(predicate::str::contains("biceps-left"));
}

// ---------------------------------------------------------------- demo

#[test]
fn demo_lists_sample_knots_without_touching_knotmap_db() {
    let sandbox = Sandbox::new();
    let user_db = sandbox.path("user.db");
    let assert = sandbox
        .bare()
        .env("KNOTMAP_DB", &user_db)
        .args(["--demo", "knots", "--json"])
        .assert()
        .success();
    let json: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert!(json.as_array().unwrap().len() >= 10, "{json:#}");
    assert!(!user_db.exists(), "--demo created {}", user_db.display());
    assert!(sandbox.files().is_empty(), "--demo wrote into the sandbox");
}

// ---------------------------------------------------------------- render

#[test]
fn render_fits_a_1x1_frame() {
    assert_frame_fits(1, 1);
}

#[test]
fn render_fits_a_20x5_frame_and_says_it_is_too_small() {
    let frame = assert_frame_fits(20, 5);
    assert!(frame.contains("too small"), "{frame}");
}

#[test]
fn render_fits_an_80x24_frame_with_both_views_labelled() {
    let frame = assert_frame_fits(80, 24);
    for label in ["FRONT", "BACK", "their left"] {
        assert!(frame.contains(label), "80x24 lacks {label}:\n{frame}");
    }
}

#[test]
fn render_fits_a_200x60_frame() {
    assert_frame_fits(200, 60);
}

// ---------------------------------------------------------------- pipes

#[test]
fn a_closed_pipe_on_stdout_does_not_panic() {
    let sandbox = Sandbox::new();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_knotmap"))
        .env_remove("KNOTMAP_DB")
        .env("KNOTMAP_CONFIG", sandbox.path("config.toml"))
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .arg("regions")
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
}

// ---------------------------------------------------------------- helpers for
// verdicts, show, trends, recurring, the other screens and the demo

impl Sandbox {
    /// `knotmap ARGS...` on the sandbox's database, which must succeed; its
    /// stdout.
    fn stdout(&self, args: &[&str]) -> String {
        let output = self.knotmap().args(args).assert().success();
        String::from_utf8(output.get_output().stdout.clone()).unwrap()
    }

    /// `knotmap ARGS...`, which must succeed with one JSON document; parsed.
    fn json(&self, args: &[&str]) -> Value {
        let output = self.knotmap().args(args).assert().success();
        serde_json::from_slice(&output.get_output().stdout).unwrap()
    }

    /// `knotmap --demo ARGS...` with `$KNOTMAP_DB` pointing into the sandbox,
    /// which must succeed and write nothing there; its stdout.
    fn demo(&self, args: &[&str]) -> String {
        let output = self
            .bare()
            .env("KNOTMAP_DB", self.path("user.db"))
            .arg("--demo")
            .args(args)
            .assert()
            .success();
        assert!(self.files().is_empty(), "--demo {args:?} wrote a file");
        String::from_utf8(output.get_output().stdout.clone()).unwrap()
    }

    /// `knotmap render --screen SCREEN` at `width` x `height`, with `extra`
    /// arguments; its stdout, checked to fit the frame.
    fn render_screen(&self, screen: &str, width: u16, height: u16, extra: &[&str]) -> String {
        let output = self
            .knotmap()
            .args(["render", "--screen", screen, "--width"])
            .arg(width.to_string())
            .arg("--height")
            .arg(height.to_string())
            .args(extra)
            .assert()
            .success();
        let frame = String::from_utf8(output.get_output().stdout.clone()).unwrap();
        assert_fits(&frame, width, height, screen);
        frame
    }

    /// Logs `scores` on `region`, one session a day from `first_day` on
    /// (`YYYY-MM-DD`, read as midday).
    fn log_daily(&self, region: &str, first_day: &str, scores: &[u8]) {
        let start: chrono::NaiveDate = first_day.parse().unwrap();
        for (offset, score) in (0_u64..).zip(scores) {
            let day = (start + chrono::Days::new(offset)).to_string();
            self.log(&[region, &score.to_string(), "--at", &day]);
        }
    }
}

/// The date `days` days before today (UTC), as `YYYY-MM-DD`: its midday is
/// in the past from `days == 1` on.
fn days_ago(days: u64) -> String {
    (chrono::Utc::now().date_naive() - chrono::Days::new(days)).to_string()
}

/// A sandbox whose database exists but holds no knot, reading or session.
fn empty_sandbox() -> Sandbox {
    let sandbox = sandbox_with_a_knot();
    let conn = rusqlite::Connection::open(sandbox.db()).unwrap();
    conn.execute_batch("DELETE FROM readings; DELETE FROM knots; DELETE FROM sessions;")
        .unwrap();
    conn.close().unwrap();
    assert!(sandbox.knots(true).is_empty());
    sandbox
}

/// A sandbox whose one knot, on biceps-left, calmed (7, 2, 1 on three days)
/// and flared again two weeks later (6).
fn sandbox_with_a_flare() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.log_daily("biceps-left", "2026-03-01", &[7, 2, 1]);
    sandbox.log(&["biceps-left", "6", "--at", "2026-03-17"]);
    sandbox
}

/// A sandbox with knots in several areas, one of which came back, and
/// pressure thresholds, notes and pain after treatment.
fn sandbox_with_a_history() -> Sandbox {
    let sandbox = sandbox_with_a_flare();
    sandbox.log_daily("upper-trapezius-left", "2026-02-01", &[7, 6, 6, 6]);
    sandbox.log(&[
        "upper-trapezius-left",
        "6",
        "--after",
        "3",
        "--technique",
        "pin and stretch",
        "--tool",
        "massage ball",
        "--minutes",
        "5",
        "--note",
        "a long note about the desk, the chair and the screen at work",
        "--ppt",
        "3.5",
        "--at",
        "2026-02-05",
    ]);
    sandbox.log_daily("gluteus-medius-right", "2026-02-10", &[8, 5, 4]);
    sandbox.log_daily("hamstrings-left", &days_ago(3), &[5, 7]);
    sandbox
}

/// `frame` has exactly `height` lines, none wider than `width` characters.
fn assert_fits(frame: &str, width: u16, height: u16, what: &str) {
    assert_eq!(
        frame.lines().count(),
        usize::from(height),
        "{what} at {width}x{height}: wrong number of lines:\n{frame}"
    );
    for line in frame.lines() {
        assert!(
            line.chars().count() <= usize::from(width),
            "{what} at {width}x{height}: line wider than the frame: {line:?}"
        );
    }
}

/// Runs `args` on the sandbox's database, which must be refused in one line
/// (nothing written); that line.
fn refused_args(sandbox: &Sandbox, args: &[&str]) -> String {
    let mut command = sandbox.knotmap();
    command.args(args);
    sandbox.refused(command)
}

/// The object `value` has `field`, possibly with an explicit null.
fn assert_has_fields(value: &Value, fields: &[&str]) {
    let object = value.as_object().unwrap();
    for field in fields {
        assert!(object.contains_key(*field), "{value:#} lacks {field}");
    }
}

// ---------------------------------------------------------------- help (new commands)

#[test]
fn help_lists_show_trends_and_recurring_with_their_own_help() {
    let sandbox = Sandbox::new();
    let stdout = sandbox.stdout(&["--help"]);
    for command in ["show", "trends", "recurring"] {
        assert!(stdout.contains(command), "--help lacks {command}");
        sandbox
            .bare()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage: knotmap"));
    }
    assert!(sandbox.files().is_empty(), "help wrote a file");
}

// ---------------------------------------------------------------- verdicts

#[test]
fn knots_json_gives_each_verdict_with_its_rule() {
    let sandbox = Sandbox::new();
    // Well in the past: the 14 days since the first reading have passed.
    sandbox.log_daily("biceps-left", "2026-01-05", &[6]);
    sandbox.log_daily("triceps-left", "2026-01-05", &[7, 2, 1]);
    sandbox.log_daily("hamstrings-left", "2026-01-05", &[5, 7]);
    sandbox.log_daily("soleus-left", "2026-01-05", &[8, 5]);
    sandbox.log_daily("gluteus-medius-left", "2026-01-05", &[7, 6]);
    // Recent: inside the 14 days, so only the sessions count.
    sandbox.log_daily("piriformis-left", &days_ago(7), &[6, 6, 6, 6, 6]);
    sandbox.log_daily("adductors-left", &days_ago(3), &[7, 6]);
    sandbox.log_daily("obliques-left", &days_ago(3), &[6, 6]);

    let expected = [
        ("biceps-left", "new", &["6/10"][..]),
        ("triceps-left", "resolved", &["2/10"][..]),
        ("hamstrings-left", "worse", &["5/10", "7/10"][..]),
        ("soleus-left", "on-track", &["8/10", "5/10"][..]),
        ("gluteus-medius-left", "stalled", &["7/10", "14 days"][..]),
        ("piriformis-left", "stalled", &["6/10", "5 sessions"][..]),
        ("adductors-left", "slow", &["7/10"][..]),
        ("obliques-left", "slow", &["6/10"][..]),
    ];
    let mut seen = Vec::new();
    for (region, verdict, numbers) in expected {
        let knot = sandbox.knot_on(region);
        assert_eq!(knot["verdict"], verdict, "{region}: {knot:#}");
        let rule = knot["verdict_rule"].as_str().unwrap();
        assert!(!rule.trim().is_empty(), "{region}: an empty rule");
        assert!(!rule.contains('\n'), "{region}: a rule on several lines");
        if verdict != "new" {
            for number in numbers {
                assert!(rule.contains(number), "{region}: {rule:?} lacks {number}");
            }
        }
        seen.push(verdict);
    }
    for verdict in ["new", "slow", "on-track", "stalled", "worse", "resolved"] {
        assert!(seen.contains(&verdict), "no knot judged {verdict}");
    }
}

#[test]
fn verdict_thresholds_need_two_points_and_thirty_percent() {
    let sandbox = Sandbox::new();
    let long_ago = "2026-01-05";
    // Two points but 20%: not on track.
    sandbox.log_daily("biceps-left", long_ago, &[10, 8]);
    // Two points and 33%: on track.
    sandbox.log_daily("triceps-left", long_ago, &[6, 4]);
    // One point up: not worse yet; two points up: worse.
    sandbox.log_daily("hamstrings-left", long_ago, &[5, 6]);
    sandbox.log_daily("soleus-left", long_ago, &[3, 5]);
    // Only the last session calm: not resolved; the last two: resolved.
    sandbox.log_daily("pectoralis-major-left", long_ago, &[7, 3, 2]);
    sandbox.log_daily("obliques-left", long_ago, &[3, 2, 2]);
    // Four sessions in the last days without a drop: still inside the window.
    sandbox.log_daily("piriformis-left", &days_ago(6), &[6, 6, 6, 6]);

    for (region, verdict) in [
        ("biceps-left", "stalled"),
        ("triceps-left", "on-track"),
        ("hamstrings-left", "stalled"),
        ("soleus-left", "worse"),
        ("pectoralis-major-left", "on-track"),
        ("obliques-left", "resolved"),
        ("piriformis-left", "slow"),
    ] {
        let knot = sandbox.knot_on(region);
        assert_eq!(knot["verdict"], verdict, "{region}: {knot:#}");
    }
}

#[test]
fn knots_lists_the_verdict_of_each_knot() {
    let sandbox = Sandbox::new();
    sandbox.log_daily("soleus-left", "2026-01-05", &[8, 5]);
    sandbox.log_daily("biceps-left", "2026-01-05", &[6]);
    let stdout = sandbox.stdout(&["knots"]);
    for (region, verdict) in [("soleus-left", "on-track"), ("biceps-left", "new")] {
        let line = stdout
            .lines()
            .find(|line| line.contains(region))
            .unwrap_or_else(|| panic!("knots lacks {region}:\n{stdout}"));
        assert!(line.contains(verdict), "{region} is not {verdict}: {line}");
    }
}

// ---------------------------------------------------------------- show

#[test]
fn show_prints_the_knot_its_verdict_its_chart_and_one_line_per_reading() {
    let sandbox = Sandbox::new();
    sandbox.log(&[
        "biceps-left",
        "7",
        "--after",
        "3",
        "--at",
        "2026-03-01 18:00",
    ]);
    sandbox.log(&[
        "biceps-left",
        "6",
        "--after",
        "4",
        "--at",
        "2026-03-02 18:00",
    ]);
    sandbox.log(&["biceps-left", "5", "--at", "2026-03-03 18:00"]);
    let stdout = sandbox.stdout(&["show", "1"]);
    let lines: Vec<&str> = stdout.lines().collect();

    assert!(lines[0].contains("Knot 1"), "first line: {}", lines[0]);
    assert!(
        lines[0].contains("Biceps, left"),
        "first line: {}",
        lines[0]
    );
    let verdict = lines
        .iter()
        .find(|line| line.starts_with("Verdict: "))
        .unwrap_or_else(|| panic!("no verdict line:\n{stdout}"));
    assert!(verdict.contains("stalled"), "{verdict}");

    let legend = lines
        .iter()
        .position(|line| line.contains("● before") && line.contains("○ after"))
        .unwrap_or_else(|| panic!("no legend:\n{stdout}"));
    let chart = &lines[..legend];
    assert_eq!(
        chart
            .iter()
            .map(|line| line.matches('●').count())
            .sum::<usize>(),
        3,
        "one ● per session:\n{stdout}"
    );
    assert_eq!(
        chart
            .iter()
            .map(|line| line.matches('○').count())
            .sum::<usize>(),
        2,
        "one ○ per session with pain after:\n{stdout}"
    );

    for day in ["2026-03-01", "2026-03-02", "2026-03-03"] {
        let rows = lines.iter().filter(|line| line.starts_with(day)).count();
        assert_eq!(rows, 1, "one table line for {day}:\n{stdout}");
    }
}

#[test]
fn show_json_has_every_field_with_explicit_nulls() {
    let sandbox = Sandbox::new();
    sandbox.log(&[
        "biceps-left",
        "7",
        "--after",
        "3",
        "--technique",
        "pin and stretch",
        "--tool",
        "massage ball",
        "--minutes",
        "5",
        "--pressure",
        "4",
        "--symptom",
        "numbness",
        "--note",
        "after the gym",
        "--ppt",
        "3.5",
        "--at",
        "2026-03-01 18:00",
    ]);
    sandbox.log(&["biceps-left", "5", "--at", "2026-03-02 18:00"]);
    let listed = sandbox.only_knot();
    let knot = sandbox.json(&["show", "1", "--json"]);

    assert_has_fields(
        &knot,
        &[
            "id",
            "uuid",
            "region",
            "region_name",
            "view",
            "status",
            "verdict",
            "verdict_rule",
            "drop_points",
            "drop_percent",
            "first_pain",
            "latest_pain",
            "sessions",
            "readings",
            "recurrence",
        ],
    );
    assert_eq!(knot["id"], 1);
    assert_eq!(knot["uuid"], listed["uuid"]);
    assert_eq!(knot["region"], "biceps-left");
    assert_eq!(knot["region_name"], "Biceps, left");
    assert!(
        knot["view"] == "front" || knot["view"] == "back",
        "{knot:#}"
    );
    assert_eq!(knot["status"], "active");
    assert_eq!(knot["verdict"], listed["verdict"]);
    assert_eq!(knot["verdict_rule"], listed["verdict_rule"]);
    // 7 to 5: two points, 28% (not yet meaningful), long ago: stalled.
    assert_eq!(knot["verdict"], "stalled");
    assert_eq!(knot["drop_points"], 2);
    assert_eq!(knot["drop_percent"], 28);
    assert_eq!(knot["first_pain"], 7);
    assert_eq!(knot["latest_pain"], 5);
    assert_eq!(knot["recurrence"], Value::Null);

    let sessions = knot["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    for session in sessions {
        assert_has_fields(session, &["session", "at", "before", "after"]);
    }
    assert_eq!(sessions[0]["session"], 1);
    assert_eq!(sessions[0]["at"], "2026-03-01T18:00:00Z");
    assert_eq!(sessions[0]["before"], 7);
    assert_eq!(sessions[0]["after"], 3);
    assert_eq!(sessions[1]["session"], 2);
    assert_eq!(sessions[1]["at"], "2026-03-02T18:00:00Z");
    assert_eq!(sessions[1]["before"], 5);
    assert_eq!(sessions[1]["after"], Value::Null);

    let readings = knot["readings"].as_array().unwrap();
    assert_eq!(readings.len(), 2);
    let fields = [
        "id",
        "uuid",
        "at",
        "pain_before",
        "pain_after",
        "technique",
        "tool",
        "minutes",
        "pressure",
        "symptoms",
        "note",
        "ppt_kg_cm2",
    ];
    for reading in readings {
        assert_has_fields(reading, &fields);
    }
    let full = &readings[0];
    assert_eq!(full["at"], "2026-03-01T18:00:00Z");
    assert_eq!(full["pain_before"], 7);
    assert_eq!(full["pain_after"], 3);
    assert_eq!(full["technique"], "pin and stretch");
    assert_eq!(full["tool"], "massage ball");
    assert_eq!(full["minutes"], 5);
    assert_eq!(full["pressure"], 4);
    assert_eq!(full["symptoms"], serde_json::json!(["numbness"]));
    assert_eq!(full["note"], "after the gym");
    assert_eq!(full["ppt_kg_cm2"], 3.5);
    assert_ne!(full["uuid"], readings[1]["uuid"]);

    let bare = &readings[1];
    assert_eq!(bare["pain_before"], 5);
    for field in [
        "pain_after",
        "technique",
        "tool",
        "minutes",
        "pressure",
        "note",
        "ppt_kg_cm2",
    ] {
        assert_eq!(bare[field], Value::Null, "{field} of a bare reading");
    }
    assert_eq!(bare["symptoms"], serde_json::json!([]));
}

#[test]
fn show_json_gives_one_session_for_readings_of_one_sitting() {
    let sandbox = Sandbox::new();
    sandbox.log(&[
        "biceps-left",
        "7",
        "--after",
        "5",
        "--at",
        "2026-03-01 18:00",
    ]);
    sandbox.log(&[
        "biceps-left",
        "6",
        "--after",
        "2",
        "--at",
        "2026-03-01 18:20",
    ]);
    let knot = sandbox.json(&["show", "1", "--json"]);
    let sessions = knot["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 1, "{knot:#}");
    assert_eq!(sessions[0]["session"], 1);
    assert_eq!(sessions[0]["before"], 7, "the sitting starts at 7/10");
    assert_eq!(sessions[0]["after"], 2, "the sitting ends at 2/10");
    assert_eq!(knot["readings"].as_array().unwrap().len(), 2);
    assert_eq!(knot["verdict"], "new");
}

#[test]
fn show_finds_a_knot_by_the_start_of_its_uuid() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "7", "--at", "2026-03-01 18:00"]);
    sandbox.log(&["triceps-left", "6", "--at", "2026-03-01 18:05"]);
    let knot = sandbox.knot_on("triceps-left");
    let uuid = knot["uuid"].as_str().unwrap().to_string();
    for wanted in [uuid.clone(), uuid[..8].to_string(), uuid.to_uppercase()] {
        let shown = sandbox.json(&["show", &wanted, "--json"]);
        assert_eq!(shown["id"], knot["id"], "show {wanted}");
        assert_eq!(shown["region"], "triceps-left", "show {wanted}");
    }
    let text = sandbox.stdout(&["show", &uuid[..8]]);
    let first = text.lines().next().unwrap();
    assert!(first.contains(&format!("Knot {}", knot["id"])), "{first}");
}

#[test]
fn show_refuses_an_ambiguous_start_of_a_uuid() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "7", "--at", "2026-03-01 18:00"]);
    sandbox.log(&["triceps-left", "6", "--at", "2026-03-01 18:05"]);
    let conn = rusqlite::Connection::open(sandbox.db()).unwrap();
    conn.execute_batch(
        "UPDATE knots SET uuid = 'abcd0000-0000-4000-8000-000000000001' WHERE id = 1;
         UPDATE knots SET uuid = 'abcd1111-0000-4000-8000-000000000002' WHERE id = 2;",
    )
    .unwrap();
    conn.close().unwrap();

    let line = refused_args(&sandbox, &["show", "abcd"]);
    assert!(line.contains("abcd"), "{line}");
    assert_eq!(sandbox.json(&["show", "abcd1", "--json"])["id"], 2);
}

#[test]
fn show_refuses_an_unknown_knot_in_one_line() {
    let sandbox = sandbox_with_a_knot();
    for wanted in ["999", "nonsense"] {
        for json in [false, true] {
            let mut args = vec!["show", wanted];
            if json {
                args.push("--json");
            }
            let line = refused_args(&sandbox, &args);
            assert!(line.contains(wanted), "{args:?}: {line}");
        }
    }
}

#[test]
fn show_on_a_missing_database_is_refused() {
    let sandbox = Sandbox::new();
    let line = refused_args(&sandbox, &["show", "1"]);
    assert!(line.contains("no database"), "{line}");
    assert!(!sandbox.db().exists());
}

#[test]
fn show_json_links_a_knot_that_came_back_to_its_recurrence() {
    let sandbox = sandbox_with_a_flare();
    let knot = sandbox.json(&["show", "1", "--json"]);
    let recurrence = &knot["recurrence"];
    assert!(recurrence.is_object(), "{knot:#}");
    assert_eq!(recurrence["kind"], "flare");
    assert_eq!(knot["sessions"].as_array().unwrap().len(), 4);
    assert_eq!(knot["latest_pain"], 6);
}

// ---------------------------------------------------------------- pressure pain threshold

#[test]
fn log_ppt_is_returned_by_show_json() {
    let sandbox = Sandbox::new();
    sandbox.log(&[
        "biceps-left",
        "7",
        "--ppt",
        "3.5",
        "--at",
        "2026-03-01 18:00",
    ]);
    sandbox.log(&[
        "biceps-left",
        "5",
        "--ppt",
        "20",
        "--at",
        "2026-03-02 18:00",
    ]);
    sandbox.log(&["biceps-left", "4", "--ppt", "0", "--at", "2026-03-03 18:00"]);
    let knot = sandbox.json(&["show", "1", "--json"]);
    let ppts: Vec<&Value> = knot["readings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|reading| &reading["ppt_kg_cm2"])
        .collect();
    assert_eq!(ppts, [3.5, 20.0, 0.0]);
}

#[test]
fn ppt_above_twenty_is_refused() {
    let sandbox = sandbox_with_a_knot();
    let line = sandbox.log_refused(&["upper-trapezius-left", "5", "--ppt", "25"]);
    assert!(line.contains("--ppt"), "{line}");
    assert!(line.contains("25"), "{line}");
}

#[test]
fn ppt_in_words_is_refused() {
    let sandbox = sandbox_with_a_knot();
    let line = sandbox.log_refused(&["upper-trapezius-left", "5", "--ppt", "soft"]);
    assert!(line.contains("--ppt"), "{line}");
    assert!(line.contains("soft"), "{line}");
}

#[test]
fn ppt_that_is_no_finite_pressure_is_refused() {
    let sandbox = sandbox_with_a_knot();
    for ppt in ["NaN", "inf", "-1", "20.5"] {
        let line = sandbox.log_refused(&["upper-trapezius-left", "5", "--ppt", ppt]);
        assert!(line.contains("--ppt"), "{ppt}: {line}");
    }
}

// ---------------------------------------------------------------- trends

/// The area of `slug`, from the region table.
fn area_of(slug: &str) -> &'static str {
    expected_regions()
        .into_iter()
        .find(|(region, _)| region == slug)
        .unwrap_or_else(|| panic!("{slug} is not in the region table"))
        .1
}

/// The keys of a trends document's `areas` or `regions`.
fn trend_keys(trends: &Value, list: &str) -> Vec<String> {
    trends[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|trend| trend["key"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn trends_json_has_areas_and_regions_with_twelve_slices() {
    let sandbox = sandbox_with_a_history();
    let trends = sandbox.json(&["trends", "--json"]);
    assert_has_fields(&trends, &["since", "until", "slices", "areas", "regions"]);
    assert_eq!(trends["slices"], 12);
    assert_eq!(trends["since"], "2026-02-01T12:00:00Z", "the first reading");
    assert!(
        trends["until"].as_str().unwrap() > "2026-03-17",
        "{trends:#}"
    );

    let mut regions = trend_keys(&trends, "regions");
    regions.sort();
    assert_eq!(
        regions,
        [
            "biceps-left",
            "gluteus-medius-right",
            "hamstrings-left",
            "upper-trapezius-left"
        ]
    );
    let mut areas = trend_keys(&trends, "areas");
    areas.sort();
    assert_eq!(areas, ["arm", "hip", "neck", "thigh"]);

    for trend in trends["areas"]
        .as_array()
        .unwrap()
        .iter()
        .chain(trends["regions"].as_array().unwrap())
    {
        assert_has_fields(
            trend,
            &[
                "key",
                "name",
                "knots",
                "sessions",
                "mean_pain",
                "latest_pain",
                "active_knots",
                "recurrences",
                "series",
            ],
        );
        let series = trend["series"].as_array().unwrap();
        assert_eq!(series.len(), 12, "{trend:#}");
        assert!(
            series.iter().all(|slot| slot.is_null() || slot.is_number()),
            "{trend:#}"
        );
        assert!(series.iter().any(Value::is_number), "{trend:#}");
    }

    let biceps = trends["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|trend| trend["key"] == "biceps-left")
        .unwrap();
    assert_eq!(biceps["name"], "Biceps, left");
    assert_eq!(biceps["knots"], 1);
    assert_eq!(biceps["sessions"], 4);
    assert_eq!(biceps["mean_pain"], 4.0, "(7 + 2 + 1 + 6) / 4");
    assert_eq!(biceps["latest_pain"], 6);
    assert_eq!(biceps["recurrences"], 1);

    let trapezius = trends["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|trend| trend["key"] == "upper-trapezius-left")
        .unwrap();
    assert_eq!(trapezius["sessions"], 5);
    assert_eq!(trapezius["latest_pain"], 6);
    assert_eq!(trapezius["recurrences"], 0);
}

#[test]
fn trends_lists_the_areas_and_regions_by_name() {
    let sandbox = sandbox_with_a_history();
    let stdout = sandbox.stdout(&["trends"]);
    for name in [
        "Arm",
        "Neck",
        "Hip",
        "Thigh",
        "Biceps, left",
        "Upper trapezius, left",
    ] {
        assert!(stdout.contains(name), "trends lacks {name}:\n{stdout}");
    }
}

#[test]
fn trends_area_keeps_only_that_area() {
    let sandbox = sandbox_with_a_history();
    sandbox.log(&["scalenes-right", "5", "--at", "2026-02-03"]);
    let trends = sandbox.json(&["trends", "--area", "neck", "--json"]);
    assert_eq!(trend_keys(&trends, "areas"), ["neck"]);
    let regions = trend_keys(&trends, "regions");
    assert_eq!(regions.len(), 2, "{regions:?}");
    for region in &regions {
        assert_eq!(area_of(region), "neck", "{region}");
    }
    let neck = &trends["areas"][0];
    assert_eq!(neck["knots"], 2);

    let stdout = sandbox.stdout(&["trends", "--area", "neck"]);
    assert!(stdout.contains("Upper trapezius, left"), "{stdout}");
    assert!(!stdout.contains("Biceps"), "{stdout}");
}

#[test]
fn trends_unknown_area_is_refused_naming_the_areas() {
    let sandbox = sandbox_with_a_history();
    for json in [false, true] {
        let mut args = vec!["trends", "--area", "elbow"];
        if json {
            args.push("--json");
        }
        let line = refused_args(&sandbox, &args);
        assert!(line.contains("elbow"), "{line}");
        for &(area, _) in REGION_TABLE {
            assert!(line.contains(area), "{line} does not name {area}");
        }
    }
}

#[test]
fn trends_since_leaves_out_older_readings() {
    let sandbox = sandbox_with_a_history();
    let trends = sandbox.json(&["trends", "--since", "2026-03-10", "--json"]);
    let mut regions = trend_keys(&trends, "regions");
    regions.sort();
    // biceps-left's flare on 2026-03-17, hamstrings-left's recent readings.
    assert_eq!(regions, ["biceps-left", "hamstrings-left"]);
    let biceps = trends["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|trend| trend["key"] == "biceps-left")
        .unwrap();
    assert_eq!(biceps["sessions"], 1, "only the flare: {biceps:#}");
    assert_eq!(biceps["latest_pain"], 6);
    assert!(
        trends["since"].as_str().unwrap().starts_with("2026-03-10"),
        "{trends:#}"
    );

    let with_area = sandbox.json(&[
        "trends",
        "--area",
        "neck",
        "--since",
        "2026-03-10",
        "--json",
    ]);
    assert!(trend_keys(&with_area, "areas").is_empty(), "{with_area:#}");
    assert!(
        trend_keys(&with_area, "regions").is_empty(),
        "{with_area:#}"
    );
}

#[test]
fn trends_since_a_date_keeps_the_readings_of_that_whole_date() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "5", "--at", "2026-03-10 08:00"]);
    let trends = sandbox.json(&["trends", "--since", "2026-03-10", "--json"]);
    assert_eq!(
        trend_keys(&trends, "regions"),
        ["biceps-left"],
        "{trends:#}"
    );
}

#[test]
fn trends_since_that_does_not_parse_is_refused() {
    let sandbox = sandbox_with_a_history();
    for since in ["last week", "2026-13-01"] {
        let line = refused_args(&sandbox, &["trends", "--since", since, "--json"]);
        assert!(line.contains(since), "{line}");
    }
}

#[test]
fn trends_on_an_empty_database_has_empty_lists() {
    let sandbox = empty_sandbox();
    let trends = sandbox.json(&["trends", "--json"]);
    assert_eq!(trends["slices"], 12);
    assert_eq!(trends["areas"], serde_json::json!([]));
    assert_eq!(trends["regions"], serde_json::json!([]));
    let stdout = sandbox.stdout(&["trends"]);
    assert!(!stdout.trim().is_empty());
}

// ---------------------------------------------------------------- recurring

#[test]
fn recurring_json_links_a_flare_to_the_knot_that_had_calmed() {
    let sandbox = sandbox_with_a_flare();
    let json = sandbox.json(&["recurring", "--json"]);
    let recurrences = json["recurrences"].as_array().unwrap();
    assert_eq!(recurrences.len(), 1, "{json:#}");
    let flare = &recurrences[0];
    assert_eq!(flare["kind"], "flare");
    assert_eq!(flare["knot"], 1);
    assert_eq!(flare["knot"], flare["earlier_knot"]);
    assert_eq!(flare["region"], "biceps-left");
    assert_eq!(flare["calmed_at"], "2026-03-03T12:00:00Z");
    assert_eq!(flare["returned_at"], "2026-03-17T12:00:00Z");
    assert_eq!(flare["interval_days"], 14);
}

#[test]
fn recurring_json_flags_the_region_with_causes_to_check() {
    let sandbox = sandbox_with_a_flare();
    let json = sandbox.json(&["recurring", "--json"]);
    let regions = json["regions"].as_array().unwrap();
    assert_eq!(regions.len(), 1, "{json:#}");
    let region = &regions[0];
    assert_eq!(region["region"], "biceps-left");
    assert_eq!(region["recurrences"].as_array().unwrap().len(), 1);
    let causes = region["causes"].as_array().unwrap();
    assert!(!causes.is_empty(), "{region:#}");
    for cause in causes {
        assert!(!cause.as_str().unwrap().trim().is_empty(), "{region:#}");
    }
    let last = causes.last().unwrap().as_str().unwrap();
    assert!(last.contains("only the left side"), "{last}");
}

#[test]
fn recurring_on_both_sides_blames_neither_side_alone() {
    let sandbox = sandbox_with_a_flare();
    sandbox.log_daily("biceps-right", "2026-03-01", &[7, 2, 1]);
    sandbox.log(&["biceps-right", "6", "--at", "2026-03-17"]);
    let json = sandbox.json(&["recurring", "--json"]);
    assert_eq!(json["recurrences"].as_array().unwrap().len(), 2, "{json:#}");
    let regions = json["regions"].as_array().unwrap();
    assert_eq!(regions.len(), 2, "{json:#}");
    for region in regions {
        for cause in region["causes"].as_array().unwrap() {
            let cause = cause.as_str().unwrap();
            assert!(!cause.contains("only the"), "{cause}");
        }
    }
}

#[test]
fn recurring_names_the_region_and_the_causes() {
    let sandbox = sandbox_with_a_flare();
    let stdout = sandbox.stdout(&["recurring"]);
    let json = sandbox.json(&["recurring", "--json"]);
    assert!(stdout.contains("Biceps, left"), "{stdout}");
    assert!(stdout.contains("14 days"), "{stdout}");
    for cause in json["regions"][0]["causes"].as_array().unwrap() {
        assert!(
            stdout.contains(cause.as_str().unwrap()),
            "{stdout} lacks {cause}"
        );
    }
}

#[test]
fn recurring_without_recurrences_says_so() {
    let sandbox = sandbox_with_a_knot();
    sandbox.log_daily("biceps-left", "2026-03-01", &[7, 2, 1]);
    let stdout = sandbox.stdout(&["recurring"]);
    assert!(
        stdout.to_lowercase().contains("no knot has come back"),
        "{stdout}"
    );
    let json = sandbox.json(&["recurring", "--json"]);
    assert_eq!(json["recurrences"], serde_json::json!([]), "{json:#}");
    assert_eq!(json["regions"], serde_json::json!([]), "{json:#}");
}

// ---------------------------------------------------------------- render (other screens)

const SCREENS: [&str; 5] = ["map", "knot", "trends", "recurring", "history"];

#[test]
fn render_every_screen_fits_80x24_and_200x60_on_an_empty_database() {
    let sandbox = empty_sandbox();
    for screen in SCREENS {
        for (width, height) in [(80, 24), (200, 60)] {
            sandbox.render_screen(screen, width, height, &[]);
        }
    }
}

#[test]
fn render_every_screen_fits_80x24_and_200x60_on_a_filled_database() {
    let sandbox = sandbox_with_a_history();
    for screen in SCREENS {
        for (width, height) in [(80, 24), (200, 60)] {
            sandbox.render_screen(screen, width, height, &[]);
        }
    }
    for id in ["1", "2", "3", "4"] {
        for (width, height) in [(80, 24), (200, 60)] {
            sandbox.render_screen("knot", width, height, &["--knot", id]);
        }
    }
}

#[test]
fn render_every_screen_fits_tiny_frames() {
    let sandbox = sandbox_with_a_history();
    for screen in SCREENS {
        for (width, height) in [(1, 1), (20, 5), (40, 10)] {
            sandbox.render_screen(screen, width, height, &[]);
        }
    }
}

#[test]
fn render_knot_screen_shows_the_verdict_in_capitals() {
    let sandbox = sandbox_with_a_history();
    let trapezius = sandbox.knot_on("upper-trapezius-left");
    assert_eq!(trapezius["verdict"], "stalled");
    let id = trapezius["id"].to_string();
    for (width, height) in [(80, 24), (200, 60)] {
        let frame = sandbox.render_screen("knot", width, height, &["--knot", &id]);
        assert!(frame.contains("STALLED:"), "{frame}");
        assert!(frame.contains("Upper trapezius, left"), "{frame}");
    }

    let hamstrings = sandbox.knot_on("hamstrings-left");
    assert_eq!(hamstrings["verdict"], "worse");
    let id = hamstrings["id"].to_string();
    let frame = sandbox.render_screen("knot", 80, 24, &["--knot", &id]);
    assert!(frame.contains("WORSE:"), "{frame}");
}

#[test]
fn render_knot_screen_of_an_unknown_knot_is_refused() {
    let sandbox = sandbox_with_a_history();
    let line = refused_args(&sandbox, &["render", "--screen", "knot", "--knot", "999"]);
    assert!(line.contains("999"), "{line}");
}

#[test]
fn render_recurring_and_history_screens_show_the_history() {
    let sandbox = sandbox_with_a_flare();
    let recurring = sandbox.render_screen("recurring", 80, 24, &[]);
    assert!(recurring.contains("Biceps, left"), "{recurring}");
    let history = sandbox.render_screen("history", 80, 24, &[]);
    assert!(history.contains("Biceps, left"), "{history}");
    assert!(history.contains("6/10"), "{history}");
}

// ---------------------------------------------------------------- demo (new commands)

#[test]
fn demo_shows_knot_1() {
    let sandbox = Sandbox::new();
    let stdout = sandbox.demo(&["show", "1"]);
    assert!(
        stdout.lines().next().unwrap().contains("Knot 1"),
        "{stdout}"
    );
    assert!(
        stdout.lines().any(|line| line.starts_with("Verdict: ")),
        "{stdout}"
    );
    assert!(stdout.contains('●'), "{stdout}");
}

#[test]
fn demo_trends_json_has_areas_and_regions() {
    let sandbox = Sandbox::new();
    let trends: Value = serde_json::from_str(&sandbox.demo(&["trends", "--json"])).unwrap();
    assert_eq!(trends["slices"], 12);
    assert!(
        !trends["areas"].as_array().unwrap().is_empty(),
        "{trends:#}"
    );
    assert!(
        !trends["regions"].as_array().unwrap().is_empty(),
        "{trends:#}"
    );
}

#[test]
fn demo_recurring_json_has_a_recurrence() {
    let sandbox = Sandbox::new();
    let json: Value = serde_json::from_str(&sandbox.demo(&["recurring", "--json"])).unwrap();
    let recurrences = json["recurrences"].as_array().unwrap();
    assert!(!recurrences.is_empty(), "{json:#}");
    for recurrence in recurrences {
        let kind = recurrence["kind"].as_str().unwrap();
        assert!(kind == "flare" || kind == "nearby", "{recurrence:#}");
    }
    assert!(!json["regions"].as_array().unwrap().is_empty(), "{json:#}");
}

// ---------------------------------------------------------------- helpers for
// guidance, due and the protocol

/// The advice of `knotmap log` or `knotmap show`: the text of every
/// "Careful: ..." line, without the prefix.
fn cautions(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter_map(|line| line.strip_prefix("Careful: "))
        .collect()
}

/// `stdout` has a "Careful: " line that contains `needle`.
fn assert_cautions(stdout: &str, needle: &str, what: &str) {
    assert!(
        cautions(stdout).iter().any(|line| line.contains(needle)),
        "{what}: no \"Careful:\" line with \"{needle}\":\n{stdout}"
    );
}

/// `stdout` has no "Careful: " line that contains `needle`.
fn assert_no_caution(stdout: &str, needle: &str, what: &str) {
    assert!(
        !cautions(stdout).iter().any(|line| line.contains(needle)),
        "{what}: a \"Careful:\" line with \"{needle}\" where none belongs:\n{stdout}"
    );
}

/// The `kind` of every piece of advice of `knotmap show KNOT --json`.
fn advice_kinds(sandbox: &Sandbox, knot: &str) -> Vec<String> {
    let shown = sandbox.json(&["show", knot, "--json"]);
    shown["advice"]
        .as_array()
        .unwrap_or_else(|| panic!("show {knot} --json has no advice array: {shown:#}"))
        .iter()
        .map(|advice| advice["kind"].as_str().unwrap().to_string())
        .collect()
}

/// Logs a knot on `region` that calmed: 6/10, then 2/10 and 1/10, the last
/// session `last_days_ago` days before today (all at midday).
fn log_calmed(sandbox: &Sandbox, region: &str, last_days_ago: u64) {
    sandbox.log(&[region, "6", "--at", &days_ago(last_days_ago + 4)]);
    sandbox.log(&[region, "2", "--at", &days_ago(last_days_ago + 2)]);
    sandbox.log(&[region, "1", "--at", &days_ago(last_days_ago)]);
}

impl Sandbox {
    /// `knotmap due ARGS...`, which must exit with `code`; its stdout.
    fn due(&self, args: &[&str], code: i32) -> String {
        let output = self.knotmap().arg("due").args(args).assert().code(code);
        String::from_utf8(output.get_output().stdout.clone()).unwrap()
    }

    /// `knotmap due --json`, which must exit with `code`: (knot region,
    /// kind, days since) of every knot due.
    fn due_json(&self, code: i32) -> Vec<(String, String, i64)> {
        let json: Value = serde_json::from_str(&self.due(&["--json"], code)).unwrap();
        json.as_array()
            .unwrap_or_else(|| panic!("due --json is no array: {json:#}"))
            .iter()
            .map(|due| {
                assert_has_fields(
                    due,
                    &["knot", "region", "region_name", "kind", "days_since"],
                );
                (
                    due["region"].as_str().unwrap().to_string(),
                    due["kind"].as_str().unwrap().to_string(),
                    due["days_since"].as_i64().unwrap(),
                )
            })
            .collect()
    }
}

// ---------------------------------------------------------------- log: guidance

#[test]
fn log_prints_the_cautions_then_the_tool_then_the_hint() {
    let sandbox = Sandbox::new();
    let stdout = sandbox.log(&["gastrocnemius-left", "9", "--at", &days_ago(1)]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    assert!(lines[0].starts_with("Logged "), "{stdout}");
    assert!(lines[1].starts_with("Careful: "), "{stdout}");
    assert!(lines[2].starts_with("Careful: "), "{stdout}");
    assert!(lines[3].starts_with("Suits this spot: "), "{stdout}");
    assert!(lines[4].starts_with("Hint: "), "{stdout}");
    for line in &lines[1..] {
        assert!(
            line.ends_with('.'),
            "a sentence ends with a full stop: {line}"
        );
    }
}

#[test]
fn log_on_a_plain_muscle_without_trouble_suggests_a_tool_and_nothing_else() {
    let sandbox = Sandbox::new();
    let stdout = sandbox.log(&["biceps-left", "5"]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].starts_with("Logged "), "{stdout}");
    assert!(lines[1].starts_with("Suits this spot: "), "{stdout}");
    assert!(lines[1].len() > "Suits this spot: .".len(), "{stdout}");
}

#[test]
fn log_cautions_against_rolling_the_it_band_but_not_the_vastus_lateralis() {
    let sandbox = Sandbox::new();
    let it_band = sandbox.log(&["it-band-left", "5"]);
    assert_cautions(&it_band, "IT band", "it-band-left");
    assert_cautions(&it_band, "glutes", "it-band-left");
    assert_cautions(&it_band, "TFL", "it-band-left");
    let suits = it_band
        .lines()
        .find(|line| line.starts_with("Suits this spot: "))
        .unwrap_or_else(|| panic!("no tool:\n{it_band}"));
    assert!(!suits.contains("foam roller"), "{suits}");

    let vastus = sandbox.log(&["vastus-lateralis-left", "5"]);
    assert!(cautions(&vastus).is_empty(), "{vastus}");
}

#[test]
fn log_cautions_one_side_of_the_neck_at_a_time_but_not_on_the_upper_trapezius() {
    let sandbox = Sandbox::new();
    for region in [
        "sternocleidomastoid-left",
        "sternocleidomastoid-right",
        "scalenes-left",
        "scalenes-right",
    ] {
        let stdout = sandbox.log(&[region, "5"]);
        assert_cautions(&stdout, "one side at a time", region);
        assert_cautions(&stdout, "both", region);
        assert_cautions(&stdout, "no massage gun", region);
    }
    let trapezius = sandbox.log(&["upper-trapezius-left", "5"]);
    assert!(cautions(&trapezius).is_empty(), "{trapezius}");
}

#[test]
fn log_cautions_that_a_swollen_calf_needs_a_doctor_but_not_on_the_thigh_or_shin() {
    let sandbox = Sandbox::new();
    for region in [
        "gastrocnemius-left",
        "gastrocnemius-right",
        "soleus-left",
        "soleus-right",
    ] {
        let stdout = sandbox.log(&[region, "5"]);
        assert_cautions(&stdout, "swollen, warm or red", region);
        assert_cautions(&stdout, "doctor", region);
        assert_cautions(&stdout, "clot", region);
    }
    for region in ["hamstrings-left", "tibialis-anterior-left"] {
        let stdout = sandbox.log(&[region, "5"]);
        assert!(cautions(&stdout).is_empty(), "{region}:\n{stdout}");
    }
}

#[test]
fn log_sends_numbness_tingling_swelling_warmth_and_redness_to_a_clinician() {
    let sandbox = Sandbox::new();
    for symptom in ["numbness", "tingling", "swelling", "warmth", "redness"] {
        let stdout = sandbox.log(&["biceps-left", "5", "--symptom", symptom]);
        let lines = cautions(&stdout);
        assert_eq!(lines.len(), 1, "{symptom}:\n{stdout}");
        assert!(lines[0].contains(symptom), "{symptom}:\n{stdout}");
        assert!(
            lines[0].contains("physiotherapist or doctor"),
            "{symptom}:\n{stdout}"
        );
    }
}

#[test]
fn log_does_not_send_bruising_alone_to_a_clinician() {
    let sandbox = Sandbox::new();
    let stdout = sandbox.log(&["biceps-left", "5", "--symptom", "bruising"]);
    assert!(cautions(&stdout).is_empty(), "{stdout}");
}

#[test]
fn log_says_stop_on_sharp_pain() {
    let sandbox = Sandbox::new();
    let stdout = sandbox.log(&["biceps-left", "5", "--symptom", "sharp-pain"]);
    let lines = cautions(&stdout);
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(lines[0].contains("sharp pain"), "{stdout}");
    assert!(lines[0].contains("stop"), "{stdout}");
    assert!(!lines[0].contains("physiotherapist"), "{stdout}");
}

#[test]
fn log_advises_a_clinician_from_pain_8_but_not_at_7() {
    let sandbox = Sandbox::new();
    for (region, pain) in [("biceps-left", "8"), ("triceps-left", "10")] {
        let stdout = sandbox.log(&[region, pain]);
        let lines = cautions(&stdout);
        assert_eq!(lines.len(), 1, "pain {pain}:\n{stdout}");
        assert!(lines[0].contains("8/10 or more"), "pain {pain}:\n{stdout}");
        assert!(
            lines[0].contains("physiotherapist or doctor"),
            "pain {pain}:\n{stdout}"
        );
    }
    let seven = sandbox.log(&["hand-left", "7"]);
    assert!(cautions(&seven).is_empty(), "{seven}");
}

#[test]
fn log_points_out_no_real_change_after_a_week() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "6", "--at", &days_ago(9)]);
    sandbox.log(&["biceps-left", "6", "--at", &days_ago(5)]);
    let stdout = sandbox.log(&["biceps-left", "6", "--at", &days_ago(1)]);
    let lines = cautions(&stdout);
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(lines[0].contains("no real change after 8 days"), "{stdout}");
}

#[test]
fn log_does_not_point_out_no_change_within_a_week_or_after_a_real_drop() {
    let sandbox = Sandbox::new();
    // 6, 6, 6 over three days: too early to tell.
    for (days, pain) in [(3, "6"), (2, "6"), (1, "6")] {
        let stdout = sandbox.log(&["biceps-left", pain, "--at", &days_ago(days)]);
        assert_no_caution(&stdout, "no real change", "biceps-left");
    }
    // 6, 4, 3 over eight days: a real drop.
    for (days, pain) in [(9, "6"), (5, "4"), (1, "3")] {
        let stdout = sandbox.log(&["triceps-left", pain, "--at", &days_ago(days)]);
        assert_no_caution(&stdout, "no real change", "triceps-left");
    }
}

#[test]
fn log_points_out_no_real_change_when_the_drop_is_not_meaningful() {
    let sandbox = Sandbox::new();
    sandbox.log(&["triceps-left", "9", "--at", &days_ago(11)]);
    sandbox.log(&["triceps-left", "8", "--at", &days_ago(6)]);
    let stdout = sandbox.log(&["triceps-left", "7", "--at", &days_ago(1)]);
    let knot = sandbox.only_knot();
    // By knotmap's own rule a meaningful drop is 2 points and 30%.
    assert_eq!(knot["verdict"], "slow", "{knot:#}");
    assert_cautions(&stdout, "no real change after 10 days", "triceps-left");
}

#[test]
fn log_points_out_a_second_sitting_on_the_same_day() {
    let sandbox = Sandbox::new();
    let day = days_ago(2);
    let morning = sandbox.log(&["biceps-left", "5", "--at", &format!("{day} 08:00")]);
    assert_no_caution(&morning, "more than once in a day", "the first sitting");
    let evening = sandbox.log(&["biceps-left", "5", "--at", &format!("{day} 20:00")]);
    let lines = cautions(&evening);
    assert_eq!(lines.len(), 1, "{evening}");
    assert!(lines[0].contains("more than once in a day"), "{evening}");
}

#[test]
fn log_does_not_point_out_once_a_day_or_readings_of_one_sitting() {
    let sandbox = Sandbox::new();
    for days in [4, 3, 2, 1] {
        let stdout = sandbox.log(&["biceps-left", "5", "--at", &days_ago(days)]);
        assert!(cautions(&stdout).is_empty(), "day -{days}:\n{stdout}");
    }
    let day = days_ago(1);
    for time in ["08:00", "08:30"] {
        let stdout = sandbox.log(&["triceps-left", "5", "--at", &format!("{day} {time}")]);
        assert!(cautions(&stdout).is_empty(), "{time}:\n{stdout}");
    }
}

#[test]
fn log_points_out_more_than_10_minutes_on_one_area() {
    let sandbox = Sandbox::new();
    let long = sandbox.log(&["biceps-left", "5", "--minutes", "12"]);
    let lines = cautions(&long);
    assert_eq!(lines.len(), 1, "{long}");
    assert!(lines[0].contains("more than 10 minutes"), "{long}");

    let usual = sandbox.log(&["triceps-left", "5", "--minutes", "10"]);
    assert!(cautions(&usual).is_empty(), "{usual}");
}

#[test]
fn log_points_out_that_harder_is_not_better_above_pressure_5() {
    let sandbox = Sandbox::new();
    let hard = sandbox.log(&["biceps-left", "5", "--pressure", "6"]);
    let lines = cautions(&hard);
    assert_eq!(lines.len(), 1, "{hard}");
    assert!(lines[0].contains("harder is not better"), "{hard}");

    let usual = sandbox.log(&["triceps-left", "5", "--pressure", "5"]);
    assert!(cautions(&usual).is_empty(), "{usual}");
}

#[test]
fn log_hints_where_pain_in_the_front_deltoid_comes_from_but_not_for_the_biceps() {
    let sandbox = Sandbox::new();
    let deltoid = sandbox.log(&["anterior-deltoid-left", "5"]);
    let hints: Vec<&str> = deltoid
        .lines()
        .filter(|line| line.starts_with("Hint: "))
        .collect();
    assert_eq!(
        hints,
        [
            "Hint: pain felt here often comes from a knot in the infraspinatus on the same side; check there too."
        ],
        "{deltoid}"
    );

    let biceps = sandbox.log(&["biceps-left", "5"]);
    assert!(
        !biceps.lines().any(|line| line.starts_with("Hint")),
        "{biceps}"
    );
}

// ---------------------------------------------------------------- show: guidance

#[test]
fn show_repeats_the_cautions_of_the_latest_reading_in_text_and_json() {
    let sandbox = Sandbox::new();
    let logged = sandbox.log(&[
        "scalenes-left",
        "9",
        "--minutes",
        "15",
        "--pressure",
        "7",
        "--symptom",
        "numbness",
        "--symptom",
        "sharp-pain",
        "--at",
        &days_ago(1),
    ]);
    let shown = sandbox.stdout(&["show", "1"]);
    assert_eq!(cautions(&shown), cautions(&logged), "show:\n{shown}");

    let json = sandbox.json(&["show", "1", "--json"]);
    let advice = json["advice"].as_array().unwrap();
    let mut kinds: Vec<&str> = advice
        .iter()
        .map(|advice| advice["kind"].as_str().unwrap())
        .collect();
    kinds.sort_unstable();
    assert_eq!(
        kinds,
        [
            "neck",
            "see-clinician",
            "severe-pain",
            "sharp-pain",
            "too-hard",
            "too-long"
        ],
        "{json:#}"
    );
    let texts: Vec<String> = advice
        .iter()
        .map(|advice| format!("{}.", advice["text"].as_str().unwrap()))
        .collect();
    assert_eq!(cautions(&shown), texts, "the text of each caution");
}

#[test]
fn show_json_advice_has_the_kind_of_each_caution() {
    let sandbox = Sandbox::new();
    sandbox.log(&["it-band-left", "3", "--at", &days_ago(1)]);
    sandbox.log(&["gastrocnemius-right", "3", "--at", &days_ago(1)]);
    for days in [9, 5, 1] {
        sandbox.log(&["triceps-left", "6", "--at", &days_ago(days)]);
    }
    let day = days_ago(2);
    sandbox.log(&["hand-left", "4", "--at", &format!("{day} 08:00")]);
    sandbox.log(&["hand-left", "4", "--at", &format!("{day} 20:00")]);

    for (region, kind) in [
        ("it-band-left", "it-band"),
        ("gastrocnemius-right", "calf"),
        ("triceps-left", "no-progress"),
        ("hand-left", "too-often"),
    ] {
        let id = sandbox.knot_on(region)["id"].to_string();
        assert_eq!(advice_kinds(&sandbox, &id), [kind], "{region}");
    }
}

#[test]
fn show_gives_only_the_advice_of_the_latest_reading() {
    let sandbox = Sandbox::new();
    sandbox.log(&[
        "biceps-left",
        "9",
        "--symptom",
        "numbness",
        "--at",
        &days_ago(2),
    ]);
    assert_eq!(
        advice_kinds(&sandbox, "1"),
        ["see-clinician", "severe-pain"]
    );
    sandbox.log(&["biceps-left", "5", "--at", &days_ago(1)]);
    assert!(advice_kinds(&sandbox, "1").is_empty());
    let shown = sandbox.stdout(&["show", "1"]);
    assert!(cautions(&shown).is_empty(), "{shown}");
}

// ---------------------------------------------------------------- due

#[test]
fn due_on_an_empty_database_says_nothing_is_due_and_exits_1() {
    let sandbox = empty_sandbox();
    assert_eq!(sandbox.due(&[], 1).trim(), "Nothing due today.");
    assert!(sandbox.due_json(1).is_empty());
}

#[test]
fn due_on_a_missing_database_is_refused() {
    let sandbox = Sandbox::new();
    for args in [&["due"][..], &["due", "--json"][..]] {
        let line = refused_args(&sandbox, args);
        assert!(line.contains("no database"), "{args:?}: {line}");
    }
    assert!(!sandbox.db().exists());
}

#[test]
fn due_lists_an_active_knot_not_treated_today_as_daily() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "6", "--at", &days_ago(2)]);
    sandbox.log(&["triceps-left", "7", "--at", &days_ago(1)]);
    let mut due = sandbox.due_json(0);
    due.sort();
    assert_eq!(
        due,
        [
            ("biceps-left".to_string(), "daily".to_string(), 2),
            ("triceps-left".to_string(), "daily".to_string(), 1),
        ]
    );
    let json: Value = serde_json::from_str(&sandbox.due(&["--json"], 0)).unwrap();
    let biceps = json
        .as_array()
        .unwrap()
        .iter()
        .find(|due| due["region"] == "biceps-left")
        .unwrap();
    assert_eq!(biceps["knot"], sandbox.knot_on("biceps-left")["id"]);
    assert_eq!(biceps["region_name"], "Biceps, left");

    let text = sandbox.due(&[], 0);
    assert!(text.contains("Biceps, left"), "{text}");
    assert!(text.contains("Triceps, left"), "{text}");
    assert!(!text.contains("Nothing due"), "{text}");
}

#[test]
fn due_leaves_out_a_knot_treated_today() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "6", "--at", &days_ago(1)]);
    sandbox.log(&["biceps-left", "5"]);
    sandbox.log(&["triceps-left", "7"]);
    assert_eq!(sandbox.due(&[], 1).trim(), "Nothing due today.");
    assert!(sandbox.due_json(1).is_empty());

    sandbox.log(&["hand-left", "4", "--at", &days_ago(1)]);
    assert_eq!(
        sandbox.due_json(0),
        [("hand-left".to_string(), "daily".to_string(), 1)]
    );
    let text = sandbox.due(&[], 0);
    assert!(text.contains("Hand, left"), "{text}");
    assert!(!text.contains("Biceps"), "{text}");
    assert!(!text.contains("Triceps"), "{text}");
}

#[test]
fn due_lists_a_calmed_knot_for_maintenance_from_3_days_on() {
    let sandbox = Sandbox::new();
    log_calmed(&sandbox, "biceps-left", 2);
    log_calmed(&sandbox, "triceps-left", 3);
    log_calmed(&sandbox, "hand-left", 10);
    assert_eq!(sandbox.knot_on("biceps-left")["status"], "resolved");
    let mut due = sandbox.due_json(0);
    due.sort();
    assert_eq!(
        due,
        [
            ("hand-left".to_string(), "maintenance".to_string(), 10),
            ("triceps-left".to_string(), "maintenance".to_string(), 3),
        ]
    );
}

#[test]
fn due_leaves_a_calmed_knot_alone_after_28_days() {
    let sandbox = Sandbox::new();
    log_calmed(&sandbox, "biceps-left", 29);
    log_calmed(&sandbox, "triceps-left", 60);
    assert_eq!(sandbox.due(&[], 1).trim(), "Nothing due today.");

    // Late on the day 28 days ago: still within the 28 days.
    let day = days_ago(28);
    sandbox.log(&["hand-left", "6", "--at", &days_ago(32)]);
    sandbox.log(&["hand-left", "2", "--at", &days_ago(30)]);
    sandbox.log(&["hand-left", "1", "--at", &format!("{day}T23:59:59Z")]);
    assert_eq!(
        sandbox.due_json(0),
        [("hand-left".to_string(), "maintenance".to_string(), 28)]
    );
}

#[test]
fn due_keeps_maintenance_for_the_whole_28th_day() {
    let sandbox = Sandbox::new();
    let day = days_ago(28);
    sandbox.log(&["hand-left", "6", "--at", &days_ago(32)]);
    sandbox.log(&["hand-left", "2", "--at", &days_ago(30)]);
    sandbox.log(&["hand-left", "1", "--at", &format!("{day} 00:00")]);
    assert_eq!(
        sandbox.due_json(0),
        [("hand-left".to_string(), "maintenance".to_string(), 28)]
    );
}

#[test]
fn due_treats_a_knot_whose_last_two_sessions_are_not_both_low_as_active() {
    let sandbox = Sandbox::new();
    // 6, 5, 2: only the last session is at 2/10, so it has not calmed.
    sandbox.log(&["biceps-left", "6", "--at", &days_ago(7)]);
    sandbox.log(&["biceps-left", "5", "--at", &days_ago(6)]);
    sandbox.log(&["biceps-left", "2", "--at", &days_ago(5)]);
    // 6, 2, 3: the last one is above 2/10.
    sandbox.log(&["triceps-left", "6", "--at", &days_ago(7)]);
    sandbox.log(&["triceps-left", "2", "--at", &days_ago(6)]);
    sandbox.log(&["triceps-left", "3", "--at", &days_ago(5)]);
    let mut due = sandbox.due_json(0);
    due.sort();
    assert_eq!(
        due,
        [
            ("biceps-left".to_string(), "daily".to_string(), 5),
            ("triceps-left".to_string(), "daily".to_string(), 5),
        ]
    );
}

// ---------------------------------------------------------------- render: protocol

#[test]
fn render_protocol_shows_the_first_phase_with_a_big_countdown() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "6", "--at", &days_ago(1)]);
    let frame = sandbox.render_screen("protocol", 80, 24, &[]);
    assert_eq!(frame.lines().count(), 24, "{frame}");
    assert!(frame.contains("Calm-first protocol"), "{frame}");
    assert!(frame.contains("Find it"), "{frame}");
    assert!(frame.contains("Enter starts"), "{frame}");
    assert!(frame.contains("Biceps, left"), "{frame}");
    let big_rows = frame.lines().filter(|line| line.contains('█')).count();
    assert!(
        big_rows >= 3,
        "the countdown is drawn in big block characters:\n{frame}"
    );
}

#[test]
fn render_protocol_knot_picks_the_knot_shown() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "6", "--at", &days_ago(1)]);
    sandbox.log(&["soleus-right", "4", "--at", &days_ago(1)]);
    for (region, name, other) in [
        ("biceps-left", "Biceps, left", "Soleus, right"),
        ("soleus-right", "Soleus, right", "Biceps, left"),
    ] {
        let id = sandbox.knot_on(region)["id"].to_string();
        let frame = sandbox.render_screen("protocol", 80, 24, &["--knot", &id]);
        assert!(frame.contains(name), "--knot {id}:\n{frame}");
        assert!(!frame.contains(other), "--knot {id}:\n{frame}");
        assert!(frame.contains("Calm-first protocol"), "{frame}");
    }
}

#[test]
fn render_protocol_on_an_empty_database_says_to_log_a_knot_first() {
    let sandbox = empty_sandbox();
    let frame = sandbox.render_screen("protocol", 80, 24, &[]);
    assert!(frame.contains("No knots yet"), "{frame}");
    assert!(frame.contains("Log one"), "{frame}");
    assert!(frame.contains("first"), "{frame}");
    assert!(!frame.contains("Enter starts"), "{frame}");
}

#[test]
fn render_protocol_fits_every_frame_size() {
    let sandbox = sandbox_with_a_history();
    for (width, height) in [(1, 1), (20, 5), (40, 10), (80, 24), (200, 60)] {
        sandbox.render_screen("protocol", width, height, &[]);
    }
    let empty = empty_sandbox();
    for (width, height) in [(1, 1), (20, 5), (200, 60)] {
        empty.render_screen("protocol", width, height, &[]);
    }
}

#[test]
fn render_protocol_of_an_unknown_knot_is_refused() {
    let sandbox = sandbox_with_a_history();
    let line = refused_args(
        &sandbox,
        &["render", "--screen", "protocol", "--knot", "999"],
    );
    assert!(line.contains("999"), "{line}");
}

#[test]
fn doctor_finds_a_sound_database_sound() {
    let sandbox = sandbox_with_a_knot();
    let output = sandbox.knotmap().arg("doctor").assert().code(0);
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(text.contains("integrity check"), "{text}");
    assert!(
        text.contains("Holds 1 knot, 1 session and 1 reading."),
        "{text}"
    );
    assert!(text.trim_end().ends_with("All is well."), "{text}");
}

#[test]
fn doctor_names_a_file_others_can_read_and_what_to_do() {
    let sandbox = sandbox_with_a_knot();
    fs::set_permissions(sandbox.db(), fs::Permissions::from_mode(0o644)).unwrap();
    let output = sandbox.knotmap().arg("doctor").assert().code(1);
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(text.contains("can be read by others (644)"), "{text}");
    assert!(text.contains("what to do: chmod 600"), "{text}");
}

#[test]
fn doctor_explains_a_file_that_is_not_a_database_and_leaves_it_alone() {
    let sandbox = Sandbox::new();
    fs::write(sandbox.db(), noise(4096)).unwrap();
    let before = fs::read(sandbox.db()).unwrap();
    let output = sandbox.knotmap().arg("doctor").assert().code(1);
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(text.contains("is not a knotmap database"), "{text}");
    assert!(text.contains("what to do:"), "{text}");
    assert_eq!(fs::read(sandbox.db()).unwrap(), before);
}

/// knotmap run as someone the file's permissions apply to: as root (who
/// may write anything) the command drops to `nobody` with setpriv.
fn as_a_plain_user(sandbox: &Sandbox, db: &Path, args: &[&str]) -> std::process::Output {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
        .unwrap_or(false);
    let binary = assert_cmd::cargo::cargo_bin("knotmap");
    let mut command = if root {
        let mut command = std::process::Command::new("setpriv");
        command.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        command.arg(binary);
        command
    } else {
        std::process::Command::new(binary)
    };
    command
        .env_remove("KNOTMAP_DB")
        .env("KNOTMAP_CONFIG", sandbox.path("config.toml"))
        .env("TZ", "UTC")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

/// A sandbox whose folder others may enter, with one knot logged.
fn shared_sandbox_with_a_knot() -> Sandbox {
    let sandbox = sandbox_with_a_knot();
    fs::set_permissions(sandbox.dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    sandbox
}

#[test]
fn a_read_only_database_is_refused_in_one_line_and_left_alone() {
    let sandbox = shared_sandbox_with_a_knot();
    fs::set_permissions(sandbox.db(), fs::Permissions::from_mode(0o644)).unwrap();
    let before = fs::read(sandbox.db()).unwrap();
    let output = as_a_plain_user(&sandbox, &sandbox.db(), &["log", "soleus-left", "4"]);
    assert_eq!(output.status.code(), Some(2));
    let line = one_line(&output.stderr);
    assert!(line.contains("cannot be written"), "{line}");
    assert_eq!(fs::read(sandbox.db()).unwrap(), before);
}

#[test]
fn a_database_in_a_read_only_folder_is_refused_and_left_alone() {
    let sandbox = shared_sandbox_with_a_knot();
    fs::set_permissions(sandbox.db(), fs::Permissions::from_mode(0o666)).unwrap();
    fs::set_permissions(sandbox.dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
    let before = fs::read(sandbox.db()).unwrap();
    let output = as_a_plain_user(&sandbox, &sandbox.db(), &["knots"]);
    fs::set_permissions(sandbox.dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(output.status.code(), Some(2));
    let line = one_line(&output.stderr);
    assert!(line.contains("read-only"), "{line}");
    assert_eq!(fs::read(sandbox.db()).unwrap(), before);
}

#[test]
fn a_database_reached_through_a_symlink_works_like_the_file() {
    let sandbox = sandbox_with_a_knot();
    let link = sandbox.path("link.db");
    std::os::unix::fs::symlink(sandbox.db(), &link).unwrap();
    sandbox
        .knotmap_at(&link)
        .args(["log", "soleus-left", "3"])
        .assert()
        .success();
    assert_eq!(
        sandbox.knots(true).len(),
        2,
        "written into the file the link points to"
    );
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_symlink_to_a_file_that_is_not_a_database_is_refused() {
    let sandbox = Sandbox::new();
    let target = sandbox.path("notes.txt");
    fs::write(&target, "pain diary\n").unwrap();
    let link = sandbox.path("link.db");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let output = sandbox
        .knotmap_at(&link)
        .args(["log", "soleus-left", "3"])
        .assert()
        .failure();
    let line = one_line(&output.get_output().stderr);
    assert!(line.contains("not a knotmap database"), "{line}");
    assert_eq!(fs::read(&target).unwrap(), b"pain diary\n");
}

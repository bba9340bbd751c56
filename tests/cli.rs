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

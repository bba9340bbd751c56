//! `knotmap log`: what it stores, how it reads its arguments, and what it
//! refuses without touching anything.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use serde_json::Value;

use crate::common::Sandbox;
use crate::support::sandbox_with_a_knot;

impl Sandbox {
    /// `knotmap log ARGS...` on the sandbox's database, which must be refused.
    fn log_refused(&self, args: &[&str]) -> String {
        let mut command = self.knotmap();
        command.arg("log").args(args);
        self.refused(command)
    }
}

fn mode_of(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn log_prints_the_knot_id_and_session_number() {
    let sandbox = Sandbox::new();
    let stdout = sandbox.log(&["upper-trapezius-left", "7"]);
    assert!(stdout.contains("knot 1"), "{stdout}");
    assert!(stdout.contains("session 1"), "{stdout}");
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
fn log_understands_words_for_a_region_and_a_unique_start_of_a_slug() {
    for (words, region) in [
        ("left trap", "upper-trapezius-left"),
        ("quadratus-lumborum-r", "quadratus-lumborum-right"),
    ] {
        let sandbox = Sandbox::new();
        sandbox.log(&[words, "6"]);
        assert_eq!(sandbox.only_knot()["region"], region, "log {words:?}");
    }
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
fn log_at_reads_rfc3339_a_local_date_and_time_and_a_date_as_midday() {
    for (at, first_seen) in [
        // RFC 3339, with its offset.
        ("2026-03-01T08:15:00+02:00", "2026-03-01T06:15:00Z"),
        // A local date and time (the sandbox is in UTC).
        ("2026-03-01 18:30", "2026-03-01T18:30:00Z"),
        // A date alone is read as midday.
        ("2026-03-01", "2026-03-01T12:00:00Z"),
    ] {
        let sandbox = Sandbox::new();
        sandbox.log(&["biceps-left", "5", "--at", at]);
        assert_eq!(sandbox.only_knot()["first_seen"], first_seen, "--at {at}");
    }
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

/// The one knot of [`sandbox_with_a_knot`].
const TRAPEZIUS: &str = "upper-trapezius-left";

/// Bad input to `log`, and what the one line that refuses it must name.
const REFUSED: &[(&[&str], &[&str])] = &[
    // An unknown region, with the closest slugs.
    (&["bicep-lefft", "5"], &["bicep-lefft", "biceps-left"]),
    // An ambiguous region, with its candidates.
    (&["soleus", "5"], &["soleus-left", "soleus-right"]),
    // A knot of another region, naming the knot's region.
    (&["upper-trapezius-right", "5", "--knot", "1"], &[TRAPEZIUS]),
    (&[TRAPEZIUS, "5", "--knot", "999"], &["999"]),
    // Pain from 0 to 10, in digits, before and after.
    (&[TRAPEZIUS, "11"], &["11"]),
    (&[TRAPEZIUS, "--", "-1"], &["-1"]),
    (&[TRAPEZIUS, "-1"], &["pain"]),
    (&[TRAPEZIUS, "seven"], &["seven"]),
    (&[TRAPEZIUS, "5", "--after", "12"], &["--after"]),
    (&[TRAPEZIUS, "5", "--pressure", "11"], &["--pressure"]),
    (&[TRAPEZIUS, "5", "--minutes", "abc"], &["abc"]),
    (&[TRAPEZIUS, "5", "--symptom", "sneezing"], &["sneezing"]),
    // A time that does not parse, or has not come yet.
    (&[TRAPEZIUS, "5", "--at", "yesterday"], &["yesterday"]),
    (&[TRAPEZIUS, "5", "--at", "2999-01-01"], &["future"]),
    // A pressure pain threshold that is no finite pressure up to 20.
    (&[TRAPEZIUS, "5", "--ppt", "25"], &["--ppt", "25"]),
    (&[TRAPEZIUS, "5", "--ppt", "soft"], &["--ppt", "soft"]),
    (&[TRAPEZIUS, "5", "--ppt", "NaN"], &["--ppt"]),
    (&[TRAPEZIUS, "5", "--ppt", "inf"], &["--ppt"]),
    (&[TRAPEZIUS, "5", "--ppt", "-1"], &["--ppt"]),
    (&[TRAPEZIUS, "5", "--ppt", "20.5"], &["--ppt"]),
];

#[test]
fn log_refuses_bad_input_in_one_line_naming_it() {
    // Each refusal leaves every file as it was, so one database serves all.
    let sandbox = sandbox_with_a_knot();
    for (args, named) in REFUSED {
        let line = sandbox.log_refused(args);
        for name in *named {
            assert!(
                line.contains(name),
                "log {args:?}: the error does not name {name:?}: {line}"
            );
        }
    }
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

#[test]
fn bad_input_does_not_create_a_missing_database() {
    let sandbox = Sandbox::new();
    let line = sandbox.log_refused(&["bicep-lefft", "5"]);
    assert!(line.contains("bicep-lefft"), "{line}");
    assert!(!sandbox.db().exists());
}

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

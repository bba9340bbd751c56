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

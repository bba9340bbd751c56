//! `knotmap due`: the knots to treat today, and its exit status.

use serde_json::Value;

use crate::common::Sandbox;
use crate::support::{assert_has_fields, days_ago, empty_sandbox};

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

/// Logs a knot on `region` that calmed: 6/10, then 2/10 and 1/10, the last
/// session `last_days_ago` days before today (all at midday).
fn log_calmed(sandbox: &Sandbox, region: &str, last_days_ago: u64) {
    sandbox.log(&[region, "6", "--at", &days_ago(last_days_ago + 4)]);
    sandbox.log(&[region, "2", "--at", &days_ago(last_days_ago + 2)]);
    sandbox.log(&[region, "1", "--at", &days_ago(last_days_ago)]);
}

#[test]
fn due_on_an_empty_database_says_nothing_is_due_and_exits_1() {
    let sandbox = empty_sandbox();
    assert_eq!(sandbox.due(&[], 1).trim(), "Nothing due today.");
    assert!(sandbox.due_json(1).is_empty());
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

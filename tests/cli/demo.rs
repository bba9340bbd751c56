//! `knotmap --demo`: the sample history, which leaves every file alone.

use serde_json::Value;

use crate::common::Sandbox;

impl Sandbox {
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
}

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

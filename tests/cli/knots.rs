//! `knotmap knots`: every knot with its verdict and the rule behind it.

use predicates::prelude::*;

use crate::common::Sandbox;
use crate::support::days_ago;

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

#[test]
fn knots_json_gives_each_verdict_with_its_rule() {
    let sandbox = Sandbox::new();
    sandbox.log_daily("biceps-left", "2026-01-05", &[6]);
    sandbox.log_daily("triceps-left", "2026-01-05", &[7, 2, 1]);
    sandbox.log_daily("hamstrings-left", "2026-01-05", &[5, 7]);
    sandbox.log_daily("soleus-left", "2026-01-05", &[8, 5]);
    // 14 days from the first reading to the latest: the window has passed.
    sandbox.log(&["gluteus-medius-left", "7", "--at", "2026-01-05"]);
    sandbox.log(&["gluteus-medius-left", "6", "--at", "2026-01-19"]);
    // Five sessions: the window has passed, however few the days.
    sandbox.log_daily("piriformis-left", &days_ago(7), &[6, 6, 6, 6, 6]);
    // Two sessions a day apart, recent or long ago: still inside it.
    sandbox.log_daily("adductors-left", &days_ago(3), &[7, 6]);
    sandbox.log_daily("obliques-left", "2026-01-05", &[6, 6]);
    // Calm, then hurting again ten days later.
    sandbox.log_daily("rhomboids-left", "2026-01-05", &[6, 2, 1]);
    sandbox.log(&["rhomboids-left", "5", "--at", "2026-01-17"]);

    let expected = [
        ("biceps-left", "new", &["6/10"][..]),
        ("triceps-left", "resolved", &["2/10"][..]),
        ("hamstrings-left", "worse", &["5/10", "7/10"][..]),
        ("soleus-left", "on-track", &["8/10", "5/10"][..]),
        ("gluteus-medius-left", "stalled", &["7/10", "14 days"][..]),
        ("piriformis-left", "stalled", &["6/10", "5 sessions"][..]),
        ("adductors-left", "slow", &["7/10"][..]),
        ("obliques-left", "slow", &["6/10"][..]),
        ("rhomboids-left", "back", &["10 days", "5/10"][..]),
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
    for verdict in [
        "new", "back", "slow", "on-track", "stalled", "worse", "resolved",
    ] {
        assert!(seen.contains(&verdict), "no knot judged {verdict}");
    }
}

#[test]
fn verdict_thresholds_need_two_points_and_thirty_percent() {
    let sandbox = Sandbox::new();
    let long_ago = "2026-01-05";
    // Two readings 14 days apart: the window has passed.
    let fortnight = |region: &str, first: &str, latest: &str| {
        sandbox.log(&[region, first, "--at", long_ago]);
        sandbox.log(&[region, latest, "--at", "2026-01-19"]);
    };
    // Two points but 20%: not on track.
    fortnight("biceps-left", "10", "8");
    // Two points and 33%: on track.
    sandbox.log_daily("triceps-left", long_ago, &[6, 4]);
    // One point up: not worse yet; two points up: worse.
    fortnight("hamstrings-left", "5", "6");
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

/// A knot that came back is listed as back, with all its sessions; one
/// left alone keeps the verdict it had when it was last treated.
#[test]
fn knots_lists_a_knot_that_came_back_as_back_and_spans_end_at_the_latest_reading() {
    let sandbox = Sandbox::new();
    sandbox.log_daily("biceps-left", "2026-03-01", &[6, 4, 2, 1]);
    sandbox.log(&["biceps-left", "5", "--at", "2026-03-14"]);
    sandbox.log_daily("triceps-left", &days_ago(3), &[6, 6]);
    sandbox.log_daily("soleus-left", "2026-03-01", &[6, 6]);

    let back = sandbox.knot_on("biceps-left");
    assert_eq!(back["verdict"], "back", "{back:#}");
    assert_eq!(back["sessions"], 5);
    assert_eq!(
        back["verdict_rule"],
        "10 days after calming, 5/10 on its first session since"
    );
    let stdout = sandbox.stdout(&["knots"]);
    let line = stdout
        .lines()
        .find(|line| line.contains("biceps-left"))
        .unwrap_or_else(|| panic!("no biceps-left:\n{stdout}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(&words[2..5], ["active", "back", "5"], "{line}");

    // Two sessions a day apart, lately or months ago: the same verdict.
    let lately = sandbox.knot_on("triceps-left");
    let long_ago = sandbox.knot_on("soleus-left");
    assert_eq!(lately["verdict"], "slow");
    assert_eq!(long_ago["verdict"], "slow");
    assert_eq!(lately["verdict_rule"], long_ago["verdict_rule"]);
}

//! `knotmap recurring`: knots that came back, and what to check.

use crate::support::{sandbox_with_a_flare, sandbox_with_a_knot};

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
    // One return may be chance: no side is singled out yet.
    assert!(
        causes
            .iter()
            .all(|cause| !cause.as_str().unwrap().contains("keeps coming back")),
        "{region:#}"
    );
    // Calm again, then back a second time: now it keeps coming back.
    sandbox.log_daily("biceps-left", "2026-03-18", &[2, 1]);
    sandbox.log(&["biceps-left", "5", "--at", "2026-04-10"]);
    let json = sandbox.json(&["recurring", "--json"]);
    let region = &json["regions"][0];
    assert_eq!(region["recurrences"].as_array().unwrap().len(), 2);
    let last = region["causes"].as_array().unwrap().last().unwrap();
    let last = last.as_str().unwrap();
    assert!(
        last.starts_with("only the left side keeps coming back"),
        "{last}"
    );
}

#[test]
fn recurring_on_both_sides_blames_neither_side_alone() {
    let sandbox = sandbox_with_a_flare();
    sandbox.log_daily("biceps-right", "2026-03-01", &[7, 2, 1]);
    sandbox.log(&["biceps-right", "6", "--at", "2026-03-17"]);
    // Each side back twice: a pattern on both, not on one.
    for side in ["biceps-left", "biceps-right"] {
        sandbox.log_daily(side, "2026-03-18", &[2, 1]);
        sandbox.log(&[side, "5", "--at", "2026-04-10"]);
    }
    let json = sandbox.json(&["recurring", "--json"]);
    assert_eq!(json["recurrences"].as_array().unwrap().len(), 4, "{json:#}");
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

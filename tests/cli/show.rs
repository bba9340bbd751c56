//! `knotmap show`: one knot, its chart, its readings and its advice.

use serde_json::Value;

use crate::common::Sandbox;
use crate::support::{
    assert_has_fields, cautions, days_ago, refused_args, sandbox_with_a_flare, sandbox_with_a_knot,
};

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
    // Three daily sessions, however long ago: judged on those days alone.
    assert_eq!(
        *verdict,
        "Verdict: slow: down 2 points from 7/10 so far; a meaningful drop (2 points and 30%) \
         is expected within 5 sessions or 14 days."
    );
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("Last treated ") && line.ends_with(" days ago.")),
        "no line that says when it was last treated:\n{stdout}"
    );

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
    // 7 to 5: two points, 28% (not yet meaningful), a day apart: slow,
    // however long ago that was.
    assert_eq!(knot["verdict"], "slow");
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
fn show_finds_a_knot_whose_uuid_starts_with_digits_alone() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "7", "--at", "2026-03-01 18:00"]);
    sandbox.log(&["triceps-left", "6", "--at", "2026-03-01 18:05"]);
    let conn = rusqlite::Connection::open(sandbox.db()).unwrap();
    conn.execute_batch(
        "UPDATE knots SET uuid = '20394857-0000-4000-8000-000000000002' WHERE id = 2;",
    )
    .unwrap();
    conn.close().unwrap();

    let shown = sandbox.json(&["show", "20394857", "--json"]);
    assert_eq!(shown["id"], 2);
    // A short number is still a knot's number and nothing else.
    refused_args(&sandbox, &["show", "2039"]);
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
fn show_json_links_a_knot_that_came_back_to_its_recurrence() {
    let sandbox = sandbox_with_a_flare();
    let knot = sandbox.json(&["show", "1", "--json"]);
    let recurrence = &knot["recurrence"];
    assert!(recurrence.is_object(), "{knot:#}");
    assert_eq!(recurrence["kind"], "flare");
    assert_eq!(knot["sessions"].as_array().unwrap().len(), 4);
    assert_eq!(knot["latest_pain"], 6);
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
            "on-hold",
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
fn show_keeps_a_red_flag_through_later_plain_readings_until_it_is_cleared() {
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
        ["on-hold", "see-clinician", "severe-pain"]
    );
    sandbox.log(&["biceps-left", "5", "--at", &days_ago(1)]);
    assert_eq!(
        advice_kinds(&sandbox, "1"),
        ["on-hold", "see-clinician"],
        "the numbness still holds it; the pain of 9 was that reading's"
    );
    let shown = sandbox.stdout(&["show", "1"]);
    assert_eq!(cautions(&shown).len(), 2, "{shown}");
    assert!(!shown.contains("Suits this spot"), "{shown}");
    let json = sandbox.json(&["show", "1", "--json"]);
    assert_eq!(json["safety"]["state"], "on-hold", "{json:#}");
    assert_eq!(json["safety"]["symptoms"], serde_json::json!(["numbness"]));

    sandbox.stdout(&["clear", "1"]);
    assert!(advice_kinds(&sandbox, "1").is_empty());
    let shown = sandbox.stdout(&["show", "1"]);
    assert!(cautions(&shown).is_empty(), "{shown}");
    assert!(shown.contains("Suits this spot: "), "{shown}");
}

/// A knot that calmed and hurts again is back, not new; once its return
/// has a second session it is judged on that return.
#[test]
fn show_says_a_knot_that_came_back_is_back_then_judges_its_return() {
    let sandbox = Sandbox::new();
    sandbox.log_daily("biceps-left", "2026-03-01", &[6, 4, 2, 1]);
    sandbox.log(&["biceps-left", "5", "--at", "2026-03-14"]);
    let stdout = sandbox.stdout(&["show", "1"]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].ends_with("· 5 sessions"), "{}", lines[0]);
    assert_eq!(
        lines[1],
        "Verdict: back: 10 days after calming, 5/10 on its first session since."
    );
    assert_eq!(sandbox.only_knot()["verdict"], "back");

    sandbox.log(&["biceps-left", "4", "--at", "2026-03-15"]);
    let stdout = sandbox.stdout(&["show", "1"]);
    assert!(
        stdout.lines().any(|line| line
            == "Verdict: slow: since it came back, down 1 point from 5/10 so far; \
                a meaningful drop (2 points and 30%) is expected within 5 sessions or 14 days."),
        "{stdout}"
    );
}

/// Spans run from the episode's first reading to its latest, never to
/// today: a week of daily sessions reads the same two days or two weeks
/// later, and how long ago it was is said on a line of its own.
#[test]
fn show_counts_spans_inside_the_episode_and_says_when_it_was_last_treated() {
    let sandbox = Sandbox::new();
    sandbox.log_daily("biceps-left", &days_ago(8), &[6, 6, 6, 6, 6, 6, 6]);
    sandbox.log_daily("triceps-left", &days_ago(20), &[6, 6, 6, 6, 6, 6, 6]);
    // Calm ten years ago, back lately, and no better 8 days on.
    sandbox.log_daily("gluteus-maximus-left", "2016-03-01", &[7, 2, 1]);
    sandbox.log(&["gluteus-maximus-left", "6", "--at", &days_ago(9)]);
    sandbox.log(&["gluteus-maximus-left", "6", "--at", &days_ago(1)]);
    let week = "Verdict: stalled: 7 sessions over 6 days without dropping 2 points and 30% \
                from 6/10 (the guide expects it within 5 sessions or 14 days).";
    for (knot, last) in [
        ("1", "Last treated 2 days ago."),
        ("2", "Last treated 14 days ago."),
    ] {
        let stdout = sandbox.stdout(&["show", knot]);
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines[1], week, "knot {knot}");
        assert_eq!(lines[2], last, "knot {knot}");
        assert!(cautions(&stdout).is_empty(), "a week is not two:\n{stdout}");
    }
    let stdout = sandbox.stdout(&["show", "3"]);
    let found = cautions(&stdout);
    assert_eq!(found.len(), 1, "{stdout}");
    assert!(
        found[0].starts_with("no real change after 8 days: "),
        "{stdout}"
    );
}

/// A knot that got worse is said to be worse, never "no real change".
#[test]
fn show_says_a_worse_knot_is_worse() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "5", "--at", &days_ago(9)]);
    sandbox.log(&["biceps-left", "8", "--at", &days_ago(2)]);
    let stdout = sandbox.stdout(&["show", "1"]);
    assert!(
        stdout.contains("Verdict: worse: 8/10 now is 3 points above the 5/10 it started at."),
        "{stdout}"
    );
    assert!(
        cautions(&stdout)
            .iter()
            .any(|line| line.starts_with("3 points worse after 7 days: ")),
        "{stdout}"
    );
    assert!(!stdout.contains("no real change"), "{stdout}");
}

//! `knotmap clear KNOT` and the hold it lifts: a red flag keeps a knot on
//! hold through later plain readings until the person says it was seen
//! to; the clearing is kept with its date, exported and imported; every
//! part of knotmap says the same about a knot on hold.

use std::fs;

use serde_json::{Value, json};

use crate::common::Sandbox;
use crate::support::{cautions, days_ago, refused_args};

impl Sandbox {
    /// `knotmap ARGS...` on the database `db` of the sandbox, which must
    /// succeed; its stdout.
    fn stdout_on(&self, db: &str, args: &[&str]) -> String {
        let output = self.knotmap_on(db).args(args).assert().success();
        String::from_utf8(output.get_output().stdout.clone()).unwrap()
    }

    /// The `safety` of knot `id` as `knots --json --all` has it.
    fn safety_of(&self, id: i64) -> String {
        let knot = self
            .knots(true)
            .into_iter()
            .find(|knot| knot["id"] == id)
            .unwrap_or_else(|| panic!("no knot {id}"));
        knot["safety"].as_str().unwrap().to_string()
    }
}

/// A sandbox whose knot 1, on the left scalenes, was logged with tingling
/// three days ago and plainly since.
fn sandbox_with_a_hold() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.log(&[
        "scalenes-left",
        "6",
        "--symptom",
        "tingling",
        "--at",
        &days_ago(3),
    ]);
    sandbox.log(&["scalenes-left", "5", "--at", &days_ago(2)]);
    sandbox
}

#[test]
fn a_red_flag_holds_a_knot_through_a_plain_reading_until_it_is_cleared() {
    let sandbox = sandbox_with_a_hold();
    let latest = sandbox.log(&["scalenes-left", "5", "--at", &days_ago(1)]);
    assert!(
        cautions(&latest)[0].starts_with("on hold: "),
        "a plain reading after the tingling:\n{latest}"
    );
    assert_eq!(sandbox.safety_of(1), "on-hold");

    let cleared = sandbox.stdout(&["clear", "1"]);
    assert!(
        cleared.starts_with("Knot 1 (Scalenes, left) is off hold: seen to on "),
        "{cleared}"
    );
    assert_eq!(sandbox.safety_of(1), "clear");
    let shown = sandbox.stdout(&["show", "1"]);
    assert!(
        !cautions(&shown).iter().any(|c| c.starts_with("on hold")),
        "{shown}"
    );
    assert!(shown.contains("Suits this spot: "), "{shown}");

    // A red flag after the clearing holds it again.
    let again = sandbox.log(&["scalenes-left", "5", "--symptom", "sharp-pain"]);
    assert!(cautions(&again)[0].starts_with("on hold: "), "{again}");
    assert_eq!(sandbox.safety_of(1), "on-hold");
}

#[test]
fn clearing_is_kept_with_its_date_exported_and_imported() {
    let sandbox = sandbox_with_a_hold();
    let day = days_ago(1);
    sandbox.stdout(&["clear", "1", "--at", &format!("{day} 09:30")]);
    let export: Value = serde_json::from_str(&sandbox.stdout(&["export"])).unwrap();
    assert_eq!(export["format_version"], 4);
    let clearings = export["clearings"].as_array().unwrap();
    assert_eq!(clearings.len(), 1, "{export:#}");
    assert_eq!(clearings[0]["knot"], export["knots"][0]["uuid"]);
    assert_eq!(clearings[0]["cleared_at"], format!("{day}T09:30:00Z"));
    let fields: Vec<&String> = clearings[0].as_object().unwrap().keys().collect();
    assert_eq!(fields, ["cleared_at", "knot", "stamp", "uuid"]);

    // Another computer gets the knot already seen to, once.
    let file = sandbox.path("home.json");
    fs::write(&file, export.to_string()).unwrap();
    let import = |db: &str| {
        sandbox
            .stdout_on(db, &["import", file.to_str().unwrap()])
            .trim_end()
            .to_string()
    };
    assert_eq!(
        import("other.db"),
        "Imported 1 knot, 2 sessions, 2 readings and 1 clearing; 0 were here already."
    );
    assert_eq!(
        import("other.db"),
        "Imported 0 knots, 0 sessions and 0 readings; 6 were here already."
    );
    let other: Value =
        serde_json::from_str(&sandbox.stdout_on("other.db", &["knots", "--json"])).unwrap();
    assert_eq!(other[0]["safety"], "clear", "{other:#}");
    let again: Value = serde_json::from_str(&sandbox.stdout_on("other.db", &["export"])).unwrap();
    assert_eq!(again["clearings"], export["clearings"]);
}

#[test]
fn an_export_of_the_first_version_still_imports() {
    let sandbox = Sandbox::new();
    let old = json!({
        "format": "knotmap-export",
        "format_version": 1,
        "exported_at": "2026-04-01T10:00:00Z",
        "knots": [{
            "uuid": "10000000-0000-4000-8000-000000000001", "region": "biceps-left",
            "view": "front", "x": 10, "y": 12, "created_at": "2026-03-01T18:00:00Z",
            "marked_resolved_at": null, "recurs_knot": null
        }],
        "sessions": [{
            "uuid": "20000000-0000-4000-8000-000000000001",
            "started_at": "2026-03-01T18:00:00Z", "minutes": null, "note": null
        }],
        "readings": [{
            "uuid": "30000000-0000-4000-8000-000000000001",
            "knot": "10000000-0000-4000-8000-000000000001",
            "session": "20000000-0000-4000-8000-000000000001",
            "taken_at": "2026-03-01T18:00:00Z", "pain_before": 6, "pain_after": null,
            "technique": null, "tool": null, "minutes": null, "pressure": null,
            "symptoms": ["numbness"], "note": null, "ppt_kg_cm2": null
        }]
    });
    let file = sandbox.path("old.json");
    fs::write(&file, old.to_string()).unwrap();
    let imported = sandbox.stdout(&["import", file.to_str().unwrap()]);
    assert_eq!(
        imported.trim_end(),
        "Imported 1 knot, 1 session and 1 reading; 0 were here already."
    );
    assert_eq!(sandbox.safety_of(1), "on-hold", "its numbness holds it");
    let export: Value = serde_json::from_str(&sandbox.stdout(&["export"])).unwrap();
    assert_eq!(export["clearings"], json!([]));
}

#[test]
fn bad_input_to_clear_is_refused_in_one_line_and_writes_nothing() {
    let sandbox = sandbox_with_a_hold();
    sandbox.log(&["biceps-left", "4", "--at", &days_ago(1)]);
    for (args, expected) in [
        (&["clear", "99"][..], "no knot 99"),
        (&["clear", "zzzz"][..], "no knot zzzz"),
        (&["clear", "2"][..], "knot 2 (Biceps, left) is not on hold"),
        (
            &["clear", "1", "--at", &days_ago(4)][..],
            "knot 1's latest red flag was logged at",
        ),
        (&["clear", "1", "--at", "soon"][..], "cannot read the time"),
        (&["clear", "1", "--at", "2999-01-01"][..], "in the future"),
    ] {
        let line = refused_args(&sandbox, args);
        assert!(line.contains(expected), "{args:?}: {line}");
    }
    assert_eq!(sandbox.safety_of(1), "on-hold", "nothing was cleared");
    let mut missing = sandbox.knotmap_on("missing.db");
    missing.args(["clear", "1"]);
    let line = sandbox.refused(missing);
    assert!(line.contains("no database"), "{line}");
}

#[test]
fn a_knot_on_hold_is_listed_apart_by_due_and_is_not_due() {
    let sandbox = sandbox_with_a_hold();
    let output = sandbox.knotmap().arg("due").assert().code(1);
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Nothing due today.", "{text}");
    assert_eq!(lines[2], "Not for rolling today:", "{text}");
    assert!(
        lines[3].starts_with("knot 1")
            && lines[3].ends_with("on hold: see a doctor or physiotherapist first"),
        "{text}"
    );
    let json: Value = serde_json::from_slice(
        &sandbox
            .knotmap()
            .args(["due", "--json"])
            .assert()
            .code(1)
            .get_output()
            .stdout,
    )
    .unwrap();
    assert_eq!(json[0]["kind"], "on-hold", "{json:#}");

    sandbox.stdout(&["clear", "1"]);
    let output = sandbox.knotmap().arg("due").assert().code(0);
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(text.contains("once a day until it calms"), "{text}");
}

#[test]
fn a_knot_stalled_past_a_week_is_to_be_looked_at_not_rolled_daily() {
    let sandbox = Sandbox::new();
    for days in [10, 8, 6, 4, 2] {
        sandbox.log(&["infraspinatus-right", "6", "--at", &days_ago(days)]);
    }
    let output = sandbox.knotmap().arg("due").assert().code(1);
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("no real change in a week or two: have a physiotherapist look at it"),
        "{text}"
    );
    assert!(!text.contains("once a day"), "{text}");
    let shown = sandbox.stdout(&["show", "1"]);
    assert!(
        cautions(&shown)
            .iter()
            .any(|c| c.contains("rather than rolling it every day, have a physiotherapist")),
        "{shown}"
    );
}

/// The "Careful" lines of a frame of the knot screen, joined back from
/// their wrapped lines.
fn screen_cautions(frame: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut open = false;
    for line in frame.lines().map(str::trim) {
        if let Some(text) = line.strip_prefix("Careful: ") {
            found.push(text.to_string());
            open = !text.ends_with('.');
        } else if open && let Some(last) = found.last_mut() {
            last.push(' ');
            last.push_str(line);
            open = !line.ends_with('.');
        } else {
            open = false;
        }
    }
    found
}

#[test]
fn one_knot_gets_the_same_cautions_in_log_show_the_knot_screen_and_the_report() {
    let sandbox = Sandbox::new();
    sandbox.log(&[
        "gastrocnemius-left",
        "6",
        "--symptom",
        "swelling",
        "--at",
        &days_ago(2),
    ]);
    let logged = sandbox.log(&[
        "gastrocnemius-left",
        "5",
        "--minutes",
        "12",
        "--at",
        &days_ago(1),
    ]);
    let from_log: Vec<String> = cautions(&logged).iter().map(|c| c.to_string()).collect();
    assert!(from_log[0].starts_with("on hold: "), "{logged}");
    assert!(from_log.iter().any(|c| c.contains("more than 10 minutes")));

    let shown = sandbox.stdout(&["show", "1"]);
    assert_eq!(cautions(&shown), cautions(&logged), "show:\n{shown}");

    let frame = sandbox.stdout(&[
        "render", "--screen", "knot", "--knot", "1", "--width", "200", "--height", "60",
    ]);
    assert_eq!(
        screen_cautions(&frame),
        from_log,
        "the knot screen:\n{frame}"
    );
    assert!(frame.contains("c lifts the hold"), "{frame}");

    let report = sandbox.stdout(&["report", "--format", "md"]);
    for caution in &from_log {
        let mut sentence = caution.clone();
        sentence.pop();
        let capitalised = format!("{}{}", sentence[..1].to_uppercase(), &sentence[1..]);
        assert!(
            report.contains(&capitalised),
            "the report lacks \"{capitalised}\":\n{report}"
        );
    }
}

#[test]
fn the_protocol_does_not_start_on_hold_and_applies_by_region() {
    let sandbox = sandbox_with_a_hold();
    let render = |knot: &str| sandbox.stdout(&["render", "--screen", "protocol", "--knot", knot]);
    let held = render("1");
    assert!(
        held.contains("On hold: the protocol does not start"),
        "{held}"
    );
    assert!(!held.contains("roll around it"), "{held}");

    sandbox.stdout(&["clear", "1"]);
    let neck = render("1");
    assert!(neck.contains("gentle for the neck"), "{neck}");
    assert!(neck.contains("one side only"), "{neck}");
    assert!(neck.contains("no massage gun"), "{neck}");
    assert!(!neck.contains("4-5/10"), "{neck}");

    sandbox.log(&["suboccipitals-right", "5", "--at", &days_ago(1)]);
    let under_the_skull = render("2");
    assert!(
        under_the_skull.contains("gentle for the neck"),
        "{under_the_skull}"
    );

    sandbox.log(&["it-band-left", "5", "--at", &days_ago(1)]);
    let it_band = render("3");
    assert!(it_band.contains("Not on the IT band, left."), "{it_band}");
    assert!(
        it_band.contains("The muscles to work instead: Tensor fasciae latae (TFL), left,"),
        "{it_band}"
    );
    assert!(!it_band.contains("roll around it"), "{it_band}");
    assert!(
        it_band.contains("takes you to the Tensor fasciae latae (TFL),"),
        "{it_band}"
    );
    sandbox.log(&["gluteus-medius-left", "5", "--at", &days_ago(1)]);
    let offered = render("3");
    assert!(
        offered.contains("Enter starts the protocol on knot 4, Gluteus medius, left."),
        "{offered}"
    );

    let plain = render("4");
    assert!(
        plain.contains("roll around it, 5 cm away, at 4-5/10"),
        "{plain}"
    );
}

#[test]
fn the_manual_and_the_completions_know_clear() {
    let sandbox = Sandbox::new();
    let man = sandbox.stdout(&["man"]);
    assert!(man.contains("clear"), "the manual page");
    let help = sandbox.stdout(&["clear", "--help"]);
    assert!(help.contains("seen to"), "{help}");
    let offered = crate::completions_man::bash_offers(&sandbox, &["knotmap", "cle"]);
    assert_eq!(offered, ["clear"], "bash completions");
}

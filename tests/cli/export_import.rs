//! `knotmap export` and `knotmap import`: the JSON and CSV a person takes
//! away, and merging an export back, all or nothing. The tests work on
//! several databases of one sandbox, named by file.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::Sandbox;

/// The CSV header, with units in the names.
const CSV_HEADER: [&str; 20] = [
    "reading_uuid",
    "taken_at_utc",
    "knot_id",
    "knot_uuid",
    "region",
    "region_name",
    "side",
    "area",
    "view",
    "session_uuid",
    "session_started_at_utc",
    "pain_before_0_10",
    "pain_after_0_10",
    "technique",
    "tool",
    "minutes",
    "pressure_0_10",
    "symptoms",
    "ppt_kg_cm2",
    "note",
];

/// A UUID that no database holds.
const NOWHERE: &str = "00000000-0000-4000-8000-000000000000";
/// UUIDs for records a test adds to an export.
const NEW_KNOT: &str = "10000000-0000-4000-8000-0000000000ff";
const NEW_READING: &str = "30000000-0000-4000-8000-0000000000fe";
const NEW_BROKEN_READING: &str = "30000000-0000-4000-8000-0000000000ff";

impl Sandbox {
    /// Runs knotmap on `db` with `args`, which must succeed; its stdout.
    fn run(&self, db: &str, args: &[&str]) -> String {
        let output = self.knotmap_on(db).args(args).assert().success();
        String::from_utf8(output.get_output().stdout.clone()).unwrap()
    }

    /// `knotmap log ARGS...` on `db`, which must succeed.
    fn log_on(&self, db: &str, args: &[&str]) {
        let mut all = vec!["log"];
        all.extend_from_slice(args);
        self.run(db, &all);
    }

    fn export(&self, db: &str) -> String {
        self.run(db, &["export"])
    }

    fn export_json(&self, db: &str) -> Value {
        serde_json::from_str(&self.export(db)).unwrap()
    }

    fn csv(&self, db: &str) -> String {
        self.run(db, &["export", "--format", "csv"])
    }

    /// Writes `text` to a file of the sandbox; its path.
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        fs::write(&path, text).unwrap();
        path
    }

    /// `knotmap import FILE` on `db`, which must succeed; its one line.
    fn import(&self, db: &str, file: &Path) -> String {
        let output = self
            .knotmap_on(db)
            .arg("import")
            .arg(file)
            .assert()
            .success();
        let stdout = String::from_utf8(output.get_output().stdout.clone()).unwrap();
        assert_eq!(stdout.lines().count(), 1, "{stdout}");
        stdout.trim_end().to_string()
    }

    /// `knotmap import FILE` on `db`, which must be refused in one line and
    /// leave every file of the sandbox as it was; that line.
    fn import_refused(&self, db: &str, file: &Path) -> String {
        let mut command = self.knotmap_on(db);
        command.arg("import").arg(file);
        self.refused(command)
    }

    /// Copies database `from` (with its -wal, if any) to `to`.
    fn copy_db(&self, from: &str, to: &str) {
        fs::copy(self.path(from), self.path(to)).unwrap();
        let wal = self.path(&format!("{from}-wal"));
        if wal.exists() {
            fs::copy(wal, self.path(&format!("{to}-wal"))).unwrap();
        }
    }
}

/// An export without its `exported_at` line: what must be identical.
fn without_exported_at(export: &str) -> String {
    let kept: Vec<&str> = export
        .lines()
        .filter(|line| !line.trim_start().starts_with("\"exported_at\""))
        .collect();
    assert_eq!(kept.len() + 1, export.lines().count(), "one exported_at");
    kept.join("\n")
}

/// How many knots, sessions and readings an export holds.
fn counts(export: &Value) -> [usize; 3] {
    ["knots", "sessions", "readings"].map(|key| export[key].as_array().unwrap().len())
}

/// A sandbox whose `home.db` has two knots, three readings in two sessions.
fn sandbox_with_history() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.log_on(
        "home.db",
        &[
            "upper-trapezius-left",
            "7",
            "--after",
            "3",
            "--at",
            "2026-03-01 18:00",
        ],
    );
    sandbox.log_on(
        "home.db",
        &["rhomboids-right", "5", "--at", "2026-03-01 18:10"],
    );
    sandbox.log_on(
        "home.db",
        &["upper-trapezius-left", "5", "--at", "2026-03-02 18:00"],
    );
    sandbox
}

#[test]
fn the_json_export_has_every_record_with_every_field_and_explicit_nulls() {
    let sandbox = sandbox_with_history();
    sandbox.log_on(
        "home.db",
        &[
            "upper-trapezius-left",
            "6",
            "--after",
            "0",
            "--technique",
            "pin and stretch",
            "--tool",
            "ball",
            "--minutes",
            "5",
            "--pressure",
            "4",
            "--symptom",
            "tingling",
            "--symptom",
            "numbness",
            "--ppt",
            "4.5",
            "--note",
            "after work",
            "--at",
            "2026-03-03 18:00",
        ],
    );
    let export = sandbox.export_json("home.db");
    assert_eq!(export["format"], "knotmap-export");
    assert_eq!(export["format_version"], 4);
    assert_eq!(export["clearings"], json!([]), "no knot was on hold");
    assert_eq!(export["tombstones"], json!([]), "nothing was deleted");
    assert!(
        export["exported_at"]
            .as_str()
            .unwrap()
            .parse::<chrono::DateTime<chrono::Utc>>()
            .is_ok()
    );
    assert_eq!(counts(&export), [2, 3, 4]);

    let knot = &export["knots"][0];
    let keys = |value: &Value| {
        value
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    let mut expected = [
        "uuid",
        "region",
        "view",
        "x",
        "y",
        "created_at",
        "marked_resolved_at",
        "recurs_knot",
        "stamp",
    ];
    expected.sort();
    assert_eq!(keys(knot), expected);
    assert_eq!(knot["region"], "upper-trapezius-left");
    assert_eq!(knot["created_at"], "2026-03-01T18:00:00Z");
    assert!(knot["marked_resolved_at"].is_null());
    assert!(knot["recurs_knot"].is_null());
    let session = &export["sessions"][0];
    assert_eq!(
        session,
        &json!({
            "uuid": session["uuid"], "started_at": "2026-03-01T18:00:00Z",
            "minutes": null, "note": null, "stamp": session["stamp"]
        })
    );

    let readings = export["readings"].as_array().unwrap();
    let bare = &readings[1];
    assert_eq!(
        bare,
        &json!({
            "uuid": bare["uuid"], "knot": export["knots"][1]["uuid"],
            "session": session["uuid"], "taken_at": "2026-03-01T18:10:00Z",
            "pain_before": 5, "pain_after": null, "technique": null, "tool": null,
            "minutes": null, "pressure": null, "symptoms": [], "note": null,
            "ppt_kg_cm2": null, "stamp": bare["stamp"]
        }),
        "a score that was not given is null, never 0"
    );
    let full = &readings[3];
    assert_eq!(
        full,
        &json!({
            "uuid": full["uuid"], "knot": knot["uuid"], "session": full["session"],
            "taken_at": "2026-03-03T18:00:00Z", "pain_before": 6, "pain_after": 0,
            "technique": "pin and stretch", "tool": "ball", "minutes": 5, "pressure": 4,
            "symptoms": ["numbness", "tingling"], "note": "after work", "ppt_kg_cm2": 4.5,
            "stamp": full["stamp"]
        })
    );
    // Each record carries the stamp of its change: the later change, the
    // later stamp, whatever the time the reading is dated.
    let stamps: Vec<&str> = readings
        .iter()
        .map(|r| r["stamp"].as_str().unwrap())
        .collect();
    assert!(
        stamps
            .iter()
            .all(|stamp| stamp.len() == 13 + 1 + 6 + 1 + 32)
    );
    let times: Vec<&str> = readings
        .iter()
        .map(|r| r["taken_at"].as_str().unwrap())
        .collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted, "readings oldest first");
}

/// Records of one moment come in the order of their UUIDs, whatever
/// order they were written in: two copies of one history export alike.
#[test]
fn records_of_one_moment_come_in_uuid_order() {
    let sandbox = Sandbox::new();
    // Six: written in UUID order by chance once in 720.
    for region in [
        "soleus-left",
        "biceps-left",
        "rhomboids-right",
        "soleus-right",
        "piriformis-left",
        "upper-trapezius-right",
    ] {
        sandbox.log_on("home.db", &[region, "5", "--at", "2026-03-01 18:00"]);
    }
    let export: Value = serde_json::from_str(&sandbox.export("home.db")).unwrap();
    for key in ["knots", "readings"] {
        let uuids: Vec<&str> = export[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|record| record["uuid"].as_str().unwrap())
            .collect();
        let mut sorted = uuids.clone();
        sorted.sort_unstable();
        assert_eq!(uuids.len(), 6, "{key}");
        assert_eq!(uuids, sorted, "{key} by UUID");
    }
}

#[test]
fn two_exports_of_the_same_data_differ_only_in_exported_at() {
    let sandbox = sandbox_with_history();
    let first = sandbox.export("home.db");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = sandbox.export("home.db");
    assert_ne!(first, second, "exported_at moves on");
    assert_eq!(without_exported_at(&first), without_exported_at(&second));
}

#[test]
fn export_import_export_round_trips_the_demo_history() {
    let sandbox = Sandbox::new();
    let demo = sandbox.run("unused.db", &["--demo", "export"]);
    let file = sandbox.write("demo.json", &demo);
    let export: Value = serde_json::from_str(&demo).unwrap();
    let [knots, sessions, readings] = counts(&export);
    assert!(readings > 10, "the demo has a history to carry");
    assert_eq!(
        sandbox.import("copy.db", &file),
        format!(
            "Imported {knots} knots, {sessions} sessions and {readings} readings; 0 were here already."
        )
    );
    assert_eq!(
        without_exported_at(&sandbox.export("copy.db")),
        without_exported_at(&demo)
    );
    assert!(!sandbox.path("unused.db").exists(), "the demo is apart");
}

#[test]
fn every_field_of_a_document_survives_import_and_export() {
    let sandbox = Sandbox::new();
    let document = json!({
        "format": "knotmap-export",
        "format_version": 3,
        "exported_at": "2026-04-01T10:00:00Z",
        "knots": [
            {
                "uuid": "10000000-0000-4000-8000-000000000001", "region": "gluteus-medius-right",
                "view": "back", "x": 486, "y": 725, "created_at": "2026-03-01T18:00:00Z",
                "marked_resolved_at": "2026-03-10T09:00:00Z", "recurs_knot": null
            },
            {
                "uuid": "10000000-0000-4000-8000-000000000002", "region": "gluteus-medius-right",
                "view": "back", "x": 514, "y": 725, "created_at": "2026-03-20T18:00:00Z",
                "marked_resolved_at": null, "recurs_knot": "10000000-0000-4000-8000-000000000001"
            }
        ],
        "sessions": [
            {
                "uuid": "20000000-0000-4000-8000-000000000001",
                "started_at": "2026-03-01T18:00:00Z", "minutes": 25, "note": "after a run"
            },
            {
                "uuid": "20000000-0000-4000-8000-000000000002",
                "started_at": "2026-03-20T18:00:00Z", "minutes": null, "note": null
            }
        ],
        "readings": [
            {
                "uuid": "30000000-0000-4000-8000-000000000001",
                "knot": "10000000-0000-4000-8000-000000000001",
                "session": "20000000-0000-4000-8000-000000000001",
                "taken_at": "2026-03-01T18:00:00Z", "pain_before": 8, "pain_after": 4,
                "technique": "pressure", "tool": "massage ball", "minutes": 6, "pressure": 5,
                "symptoms": ["tingling", "sharp-pain"], "note": "line one\nline two",
                "ppt_kg_cm2": 3.75
            },
            {
                "uuid": "30000000-0000-4000-8000-000000000002",
                "knot": "10000000-0000-4000-8000-000000000002",
                "session": "20000000-0000-4000-8000-000000000002",
                "taken_at": "2026-03-20T18:00:00Z", "pain_before": 0, "pain_after": null,
                "technique": null, "tool": null, "minutes": 0, "pressure": null,
                "symptoms": [], "note": null, "ppt_kg_cm2": null
            }
        ],
        "clearings": [
            {
                "uuid": "40000000-0000-4000-8000-000000000001",
                "knot": "10000000-0000-4000-8000-000000000001",
                "cleared_at": "2026-03-04T09:30:00Z"
            }
        ]
    });
    let file = sandbox.write("full.json", &document.to_string());
    assert_eq!(
        sandbox.import("new.db", &file),
        "Imported 2 knots, 2 sessions, 2 readings and 1 clearing; 0 were here already."
    );
    let export = sandbox.export_json("new.db");
    assert_eq!(export["format"], document["format"]);
    assert_eq!(export["format_version"], 4);
    for key in ["knots", "sessions", "readings", "clearings"] {
        // A record of a file from before change stamps is stamped from
        // its time.
        let mut records = export[key].clone();
        for record in records.as_array_mut().unwrap() {
            let stamp = record.as_object_mut().unwrap().remove("stamp").unwrap();
            assert!(
                stamp.as_str().unwrap().ends_with(&"0".repeat(32)),
                "{stamp}"
            );
        }
        assert_eq!(records, document[key], "{key}");
    }
}

#[test]
fn a_file_of_version_2_places_its_knots_as_they_were_drawn() {
    let sandbox = Sandbox::new();
    // Version 2 gave a knot's place as a cell of the one drawing there was
    // (36 columns by 20 rows): cell (17, 14) of the back, on the right
    // gluteus medius.
    let document = json!({
        "format": "knotmap-export",
        "format_version": 2,
        "exported_at": "2026-04-01T10:00:00Z",
        "knots": [{
            "uuid": "10000000-0000-4000-8000-000000000001", "region": "gluteus-medius-right",
            "view": "back", "x": 17, "y": 14, "created_at": "2026-03-01T18:00:00Z",
            "marked_resolved_at": null, "recurs_knot": null
        }],
        "sessions": [], "readings": [], "clearings": []
    });
    let file = sandbox.write("old.json", &document.to_string());
    sandbox.import("new.db", &file);
    let knot = &sandbox.export_json("new.db")["knots"][0];
    // The middle of that cell, in thousandths of the view.
    assert_eq!((&knot["x"], &knot["y"]), (&json!(486), &json!(725)));
    // A place off the view is refused in a file of version 3.
    let mut off = document.clone();
    set(&mut off, "/format_version", json!(3));
    set(&mut off, "/knots/0/x", json!(1000));
    let file = sandbox.write("off.json", &off.to_string());
    let error = sandbox.import_refused("other.db", &file);
    assert!(
        error.contains("x must be a whole number from 0 to 999, not 1000"),
        "{error}"
    );
}

#[test]
fn importing_the_same_file_twice_changes_nothing_the_second_time() {
    let sandbox = sandbox_with_history();
    let file = sandbox.write("home.json", &sandbox.export("home.db"));
    assert_eq!(
        sandbox.import("other.db", &file),
        "Imported 2 knots, 2 sessions and 3 readings; 0 were here already."
    );
    let once = sandbox.export("other.db");
    assert_eq!(
        sandbox.import("other.db", &file),
        "Imported 0 knots, 0 sessions and 0 readings; 7 were here already."
    );
    assert_eq!(
        without_exported_at(&sandbox.export("other.db")),
        without_exported_at(&once)
    );
    assert_eq!(
        sandbox.import("home.db", &file),
        "Imported 0 knots, 0 sessions and 0 readings; 7 were here already.",
        "nor does importing a database's own export"
    );
}

#[test]
fn two_copies_that_grew_apart_merge_into_their_union() {
    let sandbox = sandbox_with_history();
    sandbox.copy_db("home.db", "laptop.db");
    // At home: a later reading on the shared knot, and a new knot.
    sandbox.log_on(
        "home.db",
        &["upper-trapezius-left", "4", "--at", "2026-03-03 18:00"],
    );
    sandbox.log_on("home.db", &["biceps-left", "3", "--at", "2026-03-03 18:10"]);
    // On the laptop: other readings on the shared knot, and another knot.
    sandbox.log_on(
        "laptop.db",
        &[
            "upper-trapezius-left",
            "4",
            "--after",
            "2",
            "--at",
            "2026-03-03 09:00",
        ],
    );
    sandbox.log_on(
        "laptop.db",
        &["gluteus-medius-right", "6", "--at", "2026-03-04 08:00"],
    );
    let home = sandbox.write("home.json", &sandbox.export("home.db"));
    let laptop = sandbox.write("laptop.json", &sandbox.export("laptop.db"));

    // Shared by both: 2 knots, 2 sessions, 3 readings.
    assert_eq!(
        sandbox.import("laptop.db", &home),
        "Imported 1 knot, 1 session and 2 readings; 7 were here already."
    );
    assert_eq!(
        sandbox.import("home.db", &laptop),
        "Imported 1 knot, 2 sessions and 2 readings; 7 were here already."
    );
    let merged = sandbox.export("home.db");
    assert_eq!(
        without_exported_at(&merged),
        without_exported_at(&sandbox.export("laptop.db"))
    );
    let merged: Value = serde_json::from_str(&merged).unwrap();
    assert_eq!(counts(&merged), [4, 5, 7]);
    let trapezius = merged["knots"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|knot| knot["region"] == "upper-trapezius-left")
        .count();
    assert_eq!(trapezius, 1, "the shared knot is one knot, not two");

    // And merging again changes nothing on either side.
    assert!(
        sandbox
            .import("home.db", &home)
            .ends_with("; 11 were here already.")
    );
    assert!(
        sandbox
            .import("laptop.db", &laptop)
            .ends_with("; 12 were here already.")
    );
}

#[test]
fn a_file_may_refer_to_a_knot_that_is_only_in_the_database() {
    let sandbox = sandbox_with_history();
    let mut export = sandbox.export_json("home.db");
    let knot = export["knots"][0]["uuid"].clone();
    let session = export["sessions"][1]["uuid"].clone();
    export["knots"] = json!([]);
    export["sessions"] = json!([]);
    export["readings"] = json!([{
        "uuid": "30000000-0000-4000-8000-0000000000aa", "knot": knot, "session": session,
        "taken_at": "2026-03-02T18:30:00Z", "pain_before": 4, "pain_after": null,
        "technique": null, "tool": null, "minutes": null, "pressure": null,
        "symptoms": [], "note": "from the phone", "ppt_kg_cm2": null,
        "stamp": "1772475000000.000000.0123456789abcdef0123456789abcdef"
    }]);
    let file = sandbox.write("one-reading.json", &export.to_string());
    assert_eq!(
        sandbox.import("home.db", &file),
        "Imported 0 knots, 0 sessions and 1 reading; 0 were here already."
    );
    let after = sandbox.export_json("home.db");
    let added = after["readings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["note"] == "from the phone")
        .unwrap();
    assert_eq!(added["knot"], knot);
    assert_eq!(added["session"], session);
}

/// Sets `pointer` in `value` to `new`.
fn set(value: &mut Value, pointer: &str, new: Value) {
    *value.pointer_mut(pointer).unwrap() = new;
}

#[test]
fn bad_files_are_refused_in_one_line_and_leave_the_database_byte_for_byte() {
    let sandbox = sandbox_with_history();
    let export = sandbox.export_json("home.db");
    let knot = export["knots"][0]["uuid"].as_str().unwrap().to_string();
    let reading = export["readings"][2]["uuid"].as_str().unwrap().to_string();
    let changed = |change: &dyn Fn(&mut Value)| {
        let mut copy = export.clone();
        change(&mut copy);
        copy.to_string()
    };
    let knots_json = sandbox.run("home.db", &["knots", "--json"]);
    let cases: Vec<(&str, String, Vec<String>)> = vec![
        (
            "not JSON",
            "this is not JSON\n".into(),
            vec!["not JSON".into()],
        ),
        (
            "JSON of something else",
            knots_json,
            vec!["not a knotmap export".into()],
        ),
        (
            "another format",
            r#"{"format": "other-app", "records": []}"#.into(),
            vec!["not a knotmap export".into(), "other-app".into()],
        ),
        (
            "unknown format_version",
            changed(&|v| set(v, "/format_version", json!(5))),
            vec!["version 5".into(), "reads versions 1 to 4".into()],
        ),
        (
            "unknown region",
            changed(&|v| set(v, "/knots/0/region", json!("left-ear"))),
            vec![
                format!("knot {knot} (knots[0])"),
                "region \"left-ear\"".into(),
            ],
        ),
        (
            "pain 11",
            changed(&|v| set(v, "/readings/2/pain_before", json!(11))),
            vec![
                format!("reading {reading} (readings[2])"),
                "pain_before".into(),
                "11".into(),
            ],
        ),
        (
            "a reading pointing to a knot in neither the file nor the database",
            changed(&|v| set(v, "/readings/2/knot", json!(NOWHERE))),
            vec![
                format!("reading {reading} (readings[2])"),
                format!("knot {NOWHERE} is neither in the file nor in the database"),
            ],
        ),
        (
            "new records, then a new reading pointing nowhere (rolled back)",
            changed(&|v| {
                let mut knot = v["knots"][0].clone();
                knot["uuid"] = json!(NEW_KNOT);
                v["knots"].as_array_mut().unwrap().push(knot);
                let mut fine = v["readings"][2].clone();
                fine["uuid"] = json!(NEW_READING);
                fine["knot"] = json!(NEW_KNOT);
                let mut broken = v["readings"][2].clone();
                broken["uuid"] = json!(NEW_BROKEN_READING);
                broken["session"] = json!(NOWHERE);
                let readings = v["readings"].as_array_mut().unwrap();
                readings.push(fine);
                readings.push(broken);
            }),
            vec![
                format!("reading {NEW_BROKEN_READING} (readings[4])"),
                format!("session {NOWHERE} is neither in the file nor in the database"),
            ],
        ),
        (
            "a knot recurring from a knot that is nowhere",
            changed(&|v| set(v, "/knots/1/recurs_knot", json!(NOWHERE))),
            vec![format!(
                "recurs_knot {NOWHERE} is neither in the file nor in the database"
            )],
        ),
        (
            "a date that does not parse",
            changed(&|v| set(v, "/readings/2/taken_at", json!("2026-03-32T18:00:00Z"))),
            vec![
                format!("reading {reading}"),
                "taken_at \"2026-03-32T18:00:00Z\"".into(),
            ],
        ),
        (
            "a duplicated uuid",
            changed(&|v| {
                let copy = v["readings"][2].clone();
                v["readings"].as_array_mut().unwrap().push(copy);
            }),
            vec![
                format!("reading {reading} (readings[3])"),
                format!("uuid {reading} is already the uuid of readings[2]"),
            ],
        ),
        (
            "a missing field",
            changed(&|v| {
                v["readings"][2]
                    .as_object_mut()
                    .unwrap()
                    .remove("pain_after");
            }),
            vec!["pain_after is missing".into()],
        ),
    ];
    let before = sandbox.export("home.db");
    for (what, text, expected) in cases {
        let file = sandbox.write("bad.json", &text);
        let line = sandbox.import_refused("home.db", &file);
        assert!(
            line.starts_with(&format!("knotmap: cannot import {}: ", file.display())),
            "{what}: {line}"
        );
        assert!(line.contains("nothing was imported"), "{what}: {line}");
        for part in expected {
            assert!(
                line.contains(&part),
                "{what}: expected \"{part}\" in: {line}"
            );
        }
        fs::remove_file(&file).unwrap();
    }
    assert_eq!(
        without_exported_at(&sandbox.export("home.db")),
        without_exported_at(&before)
    );
}

#[test]
fn a_file_refused_before_opening_creates_no_database() {
    let sandbox = sandbox_with_history();
    let mut export = sandbox.export_json("home.db");
    set(&mut export, "/readings/0/pain_after", json!(11));
    for (name, text) in [
        ("bad.json", export.to_string()),
        ("text.json", "hello".to_string()),
    ] {
        let file = sandbox.write(name, &text);
        let line = sandbox.import_refused("new.db", &file);
        assert!(line.contains("nothing was imported"), "{line}");
        assert!(!sandbox.path("new.db").exists());
    }
    let line = sandbox.import_refused("new.db", &sandbox.path("no-such-file.json"));
    assert!(line.contains("no-such-file.json"), "{line}");
    assert!(!sandbox.path("new.db").exists());
}

/// The CSV export read back with a CSV parser: header and rows.
fn read_csv(text: &str) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|record| {
            header
                .iter()
                .cloned()
                .zip(record.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn the_csv_has_a_header_with_units_and_one_row_per_reading() {
    let sandbox = sandbox_with_history();
    sandbox.log_on(
        "home.db",
        &[
            "rhomboids-right",
            "6",
            "--after",
            "2",
            "--technique",
            "pin and stretch",
            "--tool",
            "ball",
            "--minutes",
            "5",
            "--pressure",
            "4",
            "--symptom",
            "tingling",
            "--symptom",
            "numbness",
            "--ppt",
            "4.5",
            "--note",
            "sore, \"again\"",
            "--at",
            "2026-03-03 18:00",
        ],
    );
    let export = sandbox.export_json("home.db");
    let (header, rows) = read_csv(&sandbox.csv("home.db"));
    assert_eq!(header, CSV_HEADER);
    assert_eq!(rows.len(), 4, "one row per reading");
    let uuids: Vec<&str> = rows
        .iter()
        .map(|row| row["reading_uuid"].as_str())
        .collect();
    let exported: Vec<&str> = export["readings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["uuid"].as_str().unwrap())
        .collect();
    assert_eq!(uuids, exported, "in the order of the JSON export");

    let first = &rows[0];
    assert_eq!(first["taken_at_utc"], "2026-03-01 18:00:00");
    assert_eq!(first["knot_id"], "1");
    assert_eq!(
        first["knot_uuid"],
        export["knots"][0]["uuid"].as_str().unwrap()
    );
    assert_eq!(first["region"], "upper-trapezius-left");
    assert_eq!(first["region_name"], "Upper trapezius, left");
    assert_eq!(first["side"], "left");
    assert_eq!(first["area"], "neck");
    assert_eq!(first["pain_before_0_10"], "7");
    assert_eq!(first["pain_after_0_10"], "3");
    assert_eq!(
        first["session_uuid"],
        export["sessions"][0]["uuid"].as_str().unwrap()
    );
    assert_eq!(first["session_started_at_utc"], "2026-03-01 18:00:00");
    for empty in [
        "technique",
        "tool",
        "minutes",
        "pressure_0_10",
        "symptoms",
        "ppt_kg_cm2",
        "note",
    ] {
        assert_eq!(first[empty], "", "{empty} was not recorded");
    }

    let full = &rows[3];
    assert_eq!(full["region"], "rhomboids-right");
    assert_eq!(full["view"], "back");
    assert_eq!(full["area"], "upper-back");
    assert_eq!(full["knot_id"], "2");
    assert_eq!(full["pain_before_0_10"], "6");
    assert_eq!(full["pain_after_0_10"], "2");
    assert_eq!(full["technique"], "pin and stretch");
    assert_eq!(full["tool"], "ball");
    assert_eq!(full["minutes"], "5");
    assert_eq!(full["pressure_0_10"], "4");
    assert_eq!(full["symptoms"], "numbness, tingling");
    assert_eq!(full["ppt_kg_cm2"], "4.5");
    assert_eq!(full["note"], "sore, \"again\"");
}

#[test]
fn csv_cells_that_start_like_formulas_are_neutralised_and_numbers_are_not() {
    let sandbox = Sandbox::new();
    let notes = [
        "=HYPERLINK(\"http://example.com\",\"x\")",
        "@SUM(A1)",
        "-2+3",
    ];
    for (hour, note) in notes.iter().enumerate() {
        sandbox.log_on(
            "home.db",
            &[
                "biceps-left",
                "7",
                "--minutes",
                "5",
                &format!("--note={note}"),
                "--tool",
                "+ball",
                "--at",
                &format!("2026-03-0{} 18:00", hour + 1),
            ],
        );
    }
    let (_, rows) = read_csv(&sandbox.csv("home.db"));
    assert_eq!(rows.len(), 3);
    for (row, note) in rows.iter().zip(notes) {
        assert_eq!(row["note"], format!("'{note}"));
        assert_eq!(row["tool"], "'+ball");
        assert_eq!(row["pain_before_0_10"], "7");
        assert_eq!(row["minutes"], "5");
        assert_eq!(row["region"], "biceps-left");
    }
    let export = sandbox.export_json("home.db");
    assert_eq!(
        export["readings"][0]["note"], notes[0],
        "the JSON keeps the text as it was typed"
    );
}

#[test]
fn export_to_a_file_writes_it_and_prints_nothing() {
    let sandbox = sandbox_with_history();
    for (format, name) in [("json", "out.json"), ("csv", "out.csv")] {
        let path = sandbox.path(name);
        let output = sandbox
            .knotmap_on("home.db")
            .args(["export", "--format", format, "-o"])
            .arg(&path)
            .assert()
            .success();
        assert!(output.get_output().stdout.is_empty(), "{format}");
        let written = fs::read_to_string(&path).unwrap();
        let printed = sandbox.run("home.db", &["export", "--format", format]);
        if format == "json" {
            assert_eq!(without_exported_at(&written), without_exported_at(&printed));
        } else {
            assert_eq!(written, printed);
        }
    }
    assert_eq!(
        sandbox.import("copy.db", &sandbox.path("out.json")),
        "Imported 2 knots, 2 sessions and 3 readings; 0 were here already."
    );
}

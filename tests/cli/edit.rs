//! `knotmap edit READING` and `knotmap delete READING --yes`: a script
//! corrects or removes one reading by the id `show --json` gives.

use serde_json::Value;

use crate::common::Sandbox;
use crate::support::{days_ago, refused_args};

/// A sandbox with two readings of one knot; their ids, oldest first.
fn two_readings() -> (Sandbox, Vec<Value>) {
    let sandbox = Sandbox::new();
    sandbox.log(&[
        "soleus-left",
        "7",
        "--after",
        "4",
        "--note",
        "stiff",
        "--at",
        &days_ago(2),
    ]);
    sandbox.log(&["soleus-left", "5", "--at", &days_ago(1)]);
    let shown = sandbox.json(&["show", "1", "--json"]);
    let readings = shown["readings"].as_array().unwrap().clone();
    assert_eq!(readings.len(), 2);
    (sandbox, readings)
}

fn readings_of_knot_1(sandbox: &Sandbox) -> Vec<Value> {
    sandbox.json(&["show", "1", "--json"])["readings"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn show_json_gives_each_reading_its_id_and_uuid() {
    let (_, readings) = two_readings();
    for reading in &readings {
        assert!(reading["id"].as_i64().is_some(), "{reading}");
        assert_eq!(reading["uuid"].as_str().unwrap().len(), 36, "{reading}");
    }
}

#[test]
fn edit_changes_the_fields_given_and_keeps_the_others() {
    let (sandbox, readings) = two_readings();
    let id = readings[0]["id"].to_string();
    let out = sandbox.stdout(&["edit", &id, "--pain", "8", "--note", ""]);
    assert!(
        out.starts_with(&format!(
            "Reading {id} changed: 8/10, 4/10 after, for knot 1 on "
        )),
        "{out}"
    );
    let after = readings_of_knot_1(&sandbox);
    assert_eq!(after[0]["pain_before"], 8);
    assert_eq!(after[0]["pain_after"], 4, "kept");
    assert_eq!(after[0]["note"], Value::Null, "an empty note removes it");
    assert_eq!(after[1], readings[1], "the other reading is untouched");
    // The knot's summary follows the correction.
    assert_eq!(sandbox.only_knot()["first_pain"], 8);
}

#[test]
fn edit_finds_a_reading_by_the_start_of_its_uuid() {
    let (sandbox, readings) = two_readings();
    let uuid = readings[1]["uuid"].as_str().unwrap();
    sandbox.stdout(&["edit", &uuid[..8], "--after", "2"]);
    assert_eq!(readings_of_knot_1(&sandbox)[1]["pain_after"], 2);
}

#[test]
fn edit_refuses_bad_input_and_writes_nothing() {
    let (sandbox, readings) = two_readings();
    let id = readings[0]["id"].to_string();
    for (args, words) in [
        (vec!["edit", &id, "--pain", "11"], "0 to 10"),
        (vec!["edit", &id, "--after", "-1"], "0 to 10"),
        (vec!["edit", &id, "--symptom", "itchy"], "itchy"),
        (vec!["edit", "99", "--pain", "3"], "no reading 99"),
        (vec!["edit", "zz", "--pain", "3"], "no reading zz"),
    ] {
        let error = refused_args(&sandbox, &args);
        assert!(error.contains(words), "{args:?}: {error}");
        assert_eq!(error.lines().count(), 1, "{args:?}: {error}");
    }
}

#[test]
fn delete_without_yes_names_the_reading_and_deletes_nothing() {
    let (sandbox, readings) = two_readings();
    let id = readings[1]["id"].to_string();
    let error = refused_args(&sandbox, &["delete", &id]);
    assert!(
        error.contains(&format!("reading {id} (5/10, for knot 1 on ")),
        "{error}"
    );
    assert!(error.contains("--yes"), "{error}");
}

#[test]
fn delete_yes_removes_the_reading_and_the_summaries_follow() {
    let (sandbox, readings) = two_readings();
    let id = readings[1]["id"].to_string();
    let out = sandbox.stdout(&["delete", &id, "--yes"]);
    assert!(
        out.starts_with(&format!("Reading {id} deleted (5/10, for knot 1 on ")),
        "{out}"
    );
    assert_eq!(readings_of_knot_1(&sandbox), readings[..1].to_vec());
    assert_eq!(sandbox.only_knot()["latest_pain"], 7);
    refused_args(&sandbox, &["delete", &id, "--yes"]);
}

#[test]
fn a_reading_whose_uuid_starts_with_eight_digits_is_found_by_them() {
    let sandbox = Sandbox::new();
    sandbox.log(&["soleus-left", "7"]);
    let mut export = sandbox.json(&["export"]);
    export["readings"][0]["uuid"] = "12345678-0000-4000-8000-000000000001".into();
    let file = sandbox.path("digits.json");
    std::fs::write(&file, export.to_string()).unwrap();
    sandbox
        .knotmap_on("other.db")
        .arg("import")
        .arg(&file)
        .assert()
        .success();
    sandbox
        .knotmap_on("other.db")
        .args(["edit", "12345678", "--pain", "2"])
        .assert()
        .success();
    let shown = sandbox
        .knotmap_on("other.db")
        .args(["show", "1", "--json"])
        .assert()
        .success();
    let shown: Value = serde_json::from_slice(&shown.get_output().stdout).unwrap();
    assert_eq!(shown["readings"][0]["pain_before"], 2);
    // Fewer digits are a number, and there is no reading 1234.
    let error = refused_args(&sandbox, &["edit", "1234", "--pain", "2"]);
    assert!(error.contains("no reading 1234"), "{error}");
}

//! Reading an export: what becomes records and what is refused, by field.

use super::*;
use crate::domain::pain::{Ppt, Score};
use crate::domain::symptom::Symptom;
use crate::exchange::read;
use serde_json::json;

const KNOT: &str = "00000000-0000-4000-8000-00000000000a";
const SESSION: &str = "00000000-0000-4000-8000-00000000000b";
const READING: &str = "00000000-0000-4000-8000-00000000000c";

fn document() -> Value {
    json!({
        "format": "knotmap-export",
        "format_version": 1,
        "exported_at": "2026-03-10T08:00:00Z",
        "knots": [{
            "uuid": KNOT, "region": "rhomboids-left", "view": "back", "x": 10, "y": 8,
            "created_at": "2026-03-01T18:00:00Z", "marked_resolved_at": null,
            "recurs_knot": null
        }],
        "sessions": [{
            "uuid": SESSION, "started_at": "2026-03-01T18:00:00Z", "minutes": null,
            "note": null
        }],
        "readings": [{
            "uuid": READING, "knot": KNOT, "session": SESSION,
            "taken_at": "2026-03-01T18:00:00Z", "pain_before": 7, "pain_after": null,
            "technique": null, "tool": "ball", "minutes": 5, "pressure": null,
            "symptoms": ["tingling"], "note": null, "ppt_kg_cm2": 4.5
        }]
    })
}

fn read_value(value: &Value) -> Result<Incoming, Refused> {
    read(value.to_string().as_bytes())
}

/// The error for the document changed by `change`.
fn refused(change: impl FnOnce(&mut Value)) -> String {
    let mut value = document();
    change(&mut value);
    read_value(&value).unwrap_err().to_string()
}

#[test]
fn a_good_document_becomes_typed_records() {
    let incoming = read_value(&document()).unwrap();
    assert_eq!(incoming.knots[0].region.slug(), "rhomboids-left");
    assert_eq!(incoming.knots[0].spot.view, View::Back);
    let reading = &incoming.readings[0];
    assert_eq!(reading.knot, KNOT);
    assert_eq!(reading.treatment.pain_before.map(Score::value), Some(7));
    assert_eq!(reading.treatment.pain_after, None);
    assert_eq!(reading.treatment.symptoms, [Symptom::Tingling]);
    assert_eq!(reading.treatment.ppt.map(Ppt::kg_cm2), Some(4.5));
}

#[test]
fn uuids_and_times_are_put_in_their_canonical_form() {
    let mut value = document();
    value["knots"][0]["uuid"] = json!(KNOT.to_uppercase());
    value["knots"][0]["created_at"] = json!("2026-03-01T19:00:00+01:00");
    let incoming = read_value(&value).unwrap();
    assert_eq!(incoming.knots[0].uuid, KNOT);
    assert_eq!(
        incoming.knots[0].created_at,
        "2026-03-01T18:00:00Z".parse::<DateTime<Utc>>().unwrap()
    );
}

#[test]
fn what_is_not_an_export_is_refused_before_its_records_are_read() {
    assert!(matches!(read(b"hello"), Err(Refused::NotJson(_))));
    assert!(matches!(read(b"[1, 2]"), Err(Refused::NotAnExport(_))));
    assert!(matches!(
        read(br#"{"format": "other"}"#),
        Err(Refused::NotAnExport(_))
    ));
    assert_eq!(
        refused(|v| v["format_version"] = json!(5)),
        "it is version 5 of the knotmap export format, and this knotmap reads versions 1 to 4"
    );
}

#[test]
fn a_broken_record_is_named_with_its_field() {
    let reading = format!("reading {READING} (readings[0])");
    let knot = format!("knot {KNOT} (knots[0])");
    type Change = Box<dyn FnOnce(&mut Value)>;
    let cases: Vec<(Change, String)> = vec![
        (
            Box::new(|v| v["readings"][0]["pain_before"] = json!(11)),
            format!("{reading}: pain_before must be a whole number from 0 to 10, not 11"),
        ),
        (
            Box::new(|v| v["readings"][0]["pain_before"] = json!(null)),
            format!("{reading}: pain_before is required: a whole number from 0 to 10"),
        ),
        (
            Box::new(|v| v["readings"][0]["pressure"] = json!(-1)),
            format!("{reading}: pressure must be a whole number from 0 to 10, not -1"),
        ),
        (
            Box::new(|v| v["readings"][0]["minutes"] = json!(601)),
            format!("{reading}: minutes must be a whole number from 0 to 600, not 601"),
        ),
        (
            Box::new(|v| v["readings"][0]["symptoms"] = json!(["itching"])),
            format!(
                "{reading}: symptoms has \"itching\", which is not a symptom knotmap knows (numbness, tingling, swelling, bruising, sharp-pain, warmth, redness)"
            ),
        ),
        (
            Box::new(|v| v["readings"][0]["ppt_kg_cm2"] = json!(25)),
            format!("{reading}: ppt_kg_cm2 must be a pressure in kg/cm2 from 0 to 20, not 25"),
        ),
        (
            Box::new(|v| v["readings"][0]["taken_at"] = json!("yesterday")),
            format!(
                "{reading}: taken_at \"yesterday\" is not a date and time like 2026-03-14T18:30:00Z"
            ),
        ),
        (
            Box::new(|v| {
                v["readings"][0].as_object_mut().unwrap().remove("note");
            }),
            format!("{reading}: note is missing (null, if nothing was recorded)"),
        ),
        (
            Box::new(|v| v["readings"][0]["pain_befor"] = json!(3)),
            format!("{reading}: \"pain_befor\" is not a field of this format"),
        ),
        (
            Box::new(|v| v["readings"][0]["knot"] = json!(3)),
            format!("{reading}: knot must be a string, not 3"),
        ),
        (
            Box::new(|v| v["knots"][0]["region"] = json!("left-ear")),
            format!(
                "{knot}: region \"left-ear\" is not a region knotmap knows (`knotmap regions` lists them)"
            ),
        ),
        (
            Box::new(|v| v["knots"][0]["view"] = json!("side")),
            format!("{knot}: view must be \"front\" or \"back\", not \"side\""),
        ),
        (
            Box::new(|v| v["knots"][0]["recurs_knot"] = json!(KNOT)),
            format!("{knot}: recurs_knot is the knot itself"),
        ),
        (
            Box::new(|v| v["knots"][0]["uuid"] = json!("knot-1")),
            "knots[0]: uuid \"knot-1\" is not a UUID".to_string(),
        ),
        (
            Box::new(|v| v["sessions"] = json!({})),
            "the file: sessions must be an array, not an object".to_string(),
        ),
        (
            Box::new(|v| v["sessions"][0] = json!("s")),
            "sessions[0]: the record must be an object, not a string".to_string(),
        ),
        (
            Box::new(|v| v["exported_at"] = json!("2026-02-30T00:00:00Z")),
            "the file: exported_at \"2026-02-30T00:00:00Z\" is not a date and time like 2026-03-14T18:30:00Z".to_string(),
        ),
    ];
    for (change, expected) in cases {
        assert_eq!(refused(change), expected);
    }
}

#[test]
fn a_uuid_given_twice_is_refused() {
    let error = refused(|v| {
        let copy = v["sessions"][0].clone();
        v["sessions"].as_array_mut().unwrap().push(copy);
    });
    assert_eq!(
        error,
        format!(
            "session {SESSION} (sessions[1]): uuid {SESSION} is already the uuid of sessions[0]"
        )
    );
}

#[test]
fn long_values_are_cut_short_in_errors() {
    let error = refused(|v| v["knots"][0]["region"] = json!("x".repeat(500)));
    assert!(error.len() < 200, "{error}");
    assert!(error.contains("..."));
}

const CLEARING: &str = "00000000-0000-4000-8000-00000000000d";

fn version_2() -> Value {
    let mut value = document();
    value["format_version"] = json!(2);
    value["clearings"] = json!([{
        "uuid": CLEARING, "knot": KNOT, "cleared_at": "2026-03-05T09:00:00Z"
    }]);
    value
}

#[test]
fn version_2_brings_the_clearings_and_version_1_still_reads() {
    let incoming = read_value(&version_2()).unwrap();
    assert_eq!(
        incoming.clearings,
        [IncomingClearing {
            uuid: CLEARING.into(),
            knot: KNOT.into(),
            cleared_at: "2026-03-05T09:00:00Z".parse().unwrap(),
            stamp: None,
        }]
    );
    assert!(!incoming.refers_outside());
    let old = read_value(&document()).unwrap();
    assert!(old.clearings.is_empty());
    assert_eq!(old.readings.len(), 1);
}

#[test]
fn clearings_are_checked_like_every_record() {
    let clearing = format!("clearing {CLEARING} (clearings[0])");
    let mut missing = version_2();
    missing.as_object_mut().unwrap().remove("clearings");
    assert_eq!(
        read_value(&missing).unwrap_err().to_string(),
        "the file: clearings is missing (null, if nothing was recorded)"
    );
    let mut early = document();
    early["clearings"] = json!([]);
    assert_eq!(
        read_value(&early).unwrap_err().to_string(),
        "the file: \"clearings\" is not a field of this format"
    );
    let mut late = version_2();
    late["clearings"][0]["cleared_at"] = json!("soon");
    assert_eq!(
        read_value(&late).unwrap_err().to_string(),
        format!("{clearing}: cleared_at \"soon\" is not a date and time like 2026-03-14T18:30:00Z")
    );
    let mut elsewhere = version_2();
    elsewhere["clearings"][0]["knot"] = json!("00000000-0000-4000-8000-0000000000ff");
    assert!(read_value(&elsewhere).unwrap().refers_outside());
}

const STAMP: &str = "1772388000000.000002.0123456789abcdef0123456789abcdef";

/// A document of version 4: every record with its stamp, and a deleted
/// reading.
fn version_4() -> Value {
    let mut value = version_2();
    value["format_version"] = json!(4);
    for array in ["knots", "sessions", "readings", "clearings"] {
        value[array][0]["stamp"] = json!(STAMP);
    }
    value["tombstones"] = json!([{
        "uuid": "00000000-0000-4000-8000-00000000000e", "kind": "reading", "stamp": STAMP
    }]);
    value
}

#[test]
fn version_4_brings_stamps_and_tombstones() {
    let incoming = read_value(&version_4()).unwrap();
    let stamp = Stamp::parse(STAMP).unwrap();
    assert_eq!(incoming.knots[0].stamp.as_ref(), Some(&stamp));
    assert_eq!(incoming.sessions[0].stamp.as_ref(), Some(&stamp));
    assert_eq!(incoming.readings[0].stamp.as_ref(), Some(&stamp));
    assert_eq!(incoming.clearings[0].stamp.as_ref(), Some(&stamp));
    assert_eq!(
        incoming.tombstones,
        [Tombstone {
            uuid: "00000000-0000-4000-8000-00000000000e".into(),
            kind: Kind::Reading,
            stamp,
        }]
    );
    // Older versions have neither.
    let old = read_value(&version_2()).unwrap();
    assert_eq!(old.readings[0].stamp, None);
    assert!(old.tombstones.is_empty());
}

#[test]
fn a_version_4_record_without_a_good_stamp_is_refused() {
    type Change = fn(&mut Value);
    let cases: [(Change, &str); 5] = [
        (
            |v| {
                v["readings"][0].as_object_mut().unwrap().remove("stamp");
            },
            "stamp is missing",
        ),
        (
            |v| v["knots"][0]["stamp"] = json!("yesterday"),
            "stamp is not a change stamp",
        ),
        (
            |v| v["tombstones"][0]["kind"] = json!("knot"),
            "kind must be \"reading\" or \"clearing\"",
        ),
        (
            |v| v["tombstones"][0]["stamp"] = json!(null),
            "tombstones[0]",
        ),
        (
            |v| {
                v.as_object_mut().unwrap().remove("tombstones");
            },
            "tombstones is missing",
        ),
    ];
    for (change, words) in cases {
        let mut value = version_4();
        change(&mut value);
        let error = read_value(&value).unwrap_err().to_string();
        assert!(error.contains(words), "{words}: {error}");
    }
    // The clearings come before "format_version" in this file (its keys
    // are in alphabetical order): they are held to the same rule once the
    // version is known.
    let mut unstamped = version_4();
    unstamped["clearings"][0]
        .as_object_mut()
        .unwrap()
        .remove("stamp");
    let error = read_value(&unstamped).unwrap_err().to_string();
    assert!(
        error.starts_with("clearing ") && error.contains("stamp is missing"),
        "{error}"
    );
    let mut early = version_2();
    early["clearings"][0]["stamp"] = json!(STAMP);
    let error = read_value(&early).unwrap_err().to_string();
    assert!(
        error.contains("\"stamp\" is not a field of this format"),
        "{error}"
    );
    // A stamp in a file of version 2 is a field that version does not have.
    let mut old = version_2();
    old["readings"][0]["stamp"] = json!(STAMP);
    assert!(
        read_value(&old)
            .unwrap_err()
            .to_string()
            .contains("\"stamp\" is not a field of this format")
    );
}

#[test]
fn version_3_places_a_knot_in_thousandths_and_older_ones_in_cells_of_one_drawing() {
    let mut current = version_2();
    current["format_version"] = json!(3);
    current["knots"][0]["x"] = json!(264);
    current["knots"][0]["y"] = json!(999);
    let spot = read_value(&current).unwrap().knots[0].spot;
    assert_eq!((spot.view, spot.x, spot.y), (View::Back, 264, 999));
    // The same knot from versions 1 and 2: the middle of cell (10, 8) of
    // the drawing of 36 columns by 20 rows.
    for old in [document(), version_2()] {
        let spot = read_value(&old).unwrap().knots[0].spot;
        assert_eq!(spot, Spot::from_legacy_cell(View::Back, 10, 8));
        assert_eq!((spot.x, spot.y), (292, 425));
    }
    let mut off = current.clone();
    off["knots"][0]["x"] = json!(1000);
    assert_eq!(
        read_value(&off).unwrap_err().to_string(),
        format!("knot {KNOT} (knots[0]): x must be a whole number from 0 to 999, not 1000")
    );
}

#[test]
fn the_version_must_come_before_the_knots_whose_places_it_says_how_to_read() {
    let knots_first = r#"{"knots": [], "format": "knotmap-export", "format_version": 3,
        "exported_at": "2026-03-10T08:00:00Z", "sessions": [], "readings": [],
        "clearings": []}"#;
    assert_eq!(
        read(knots_first.as_bytes()).unwrap_err().to_string(),
        "the file: format_version must come before the knots, whose places it says how to read"
    );
    // Sorted keys put it there.
    let sorted = version_2().to_string();
    assert!(sorted.find("format_version") < sorted.find("knots"));
    assert!(read(sorted.as_bytes()).is_ok());
}

//! `knotmap trends`: pain by area and by region over time.

use serde_json::Value;

use crate::common::Sandbox;
use crate::support::{
    REGION_TABLE, assert_has_fields, empty_sandbox, expected_regions, refused_args,
    sandbox_with_a_history,
};

/// The area of `slug`, from the region table.
fn area_of(slug: &str) -> &'static str {
    expected_regions()
        .into_iter()
        .find(|(region, _)| region == slug)
        .unwrap_or_else(|| panic!("{slug} is not in the region table"))
        .1
}

/// The keys of a trends document's `areas` or `regions`.
fn trend_keys(trends: &Value, list: &str) -> Vec<String> {
    trends[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|trend| trend["key"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn trends_json_has_areas_and_regions_with_twelve_slices() {
    let sandbox = sandbox_with_a_history();
    let trends = sandbox.json(&["trends", "--json"]);
    assert_has_fields(&trends, &["since", "until", "slices", "areas", "regions"]);
    assert_eq!(trends["slices"], 12);
    assert_eq!(trends["since"], "2026-02-01T12:00:00Z", "the first reading");
    assert!(
        trends["until"].as_str().unwrap() > "2026-03-17",
        "{trends:#}"
    );

    let mut regions = trend_keys(&trends, "regions");
    regions.sort();
    assert_eq!(
        regions,
        [
            "biceps-left",
            "gluteus-medius-right",
            "hamstrings-left",
            "upper-trapezius-left"
        ]
    );
    let mut areas = trend_keys(&trends, "areas");
    areas.sort();
    assert_eq!(areas, ["arm", "hip", "neck", "thigh"]);

    for trend in trends["areas"]
        .as_array()
        .unwrap()
        .iter()
        .chain(trends["regions"].as_array().unwrap())
    {
        assert_has_fields(
            trend,
            &[
                "key",
                "name",
                "knots",
                "sessions",
                "mean_pain",
                "latest_pain",
                "active_knots",
                "recurrences",
                "series",
            ],
        );
        let series = trend["series"].as_array().unwrap();
        assert_eq!(series.len(), 12, "{trend:#}");
        assert!(
            series.iter().all(|slot| slot.is_null() || slot.is_number()),
            "{trend:#}"
        );
        assert!(series.iter().any(Value::is_number), "{trend:#}");
    }

    let biceps = trends["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|trend| trend["key"] == "biceps-left")
        .unwrap();
    assert_eq!(biceps["name"], "Biceps, left");
    assert_eq!(biceps["knots"], 1);
    assert_eq!(biceps["sessions"], 4);
    assert_eq!(biceps["mean_pain"], 4.0, "(7 + 2 + 1 + 6) / 4");
    assert_eq!(biceps["latest_pain"], 6);
    assert_eq!(biceps["recurrences"], 1);

    let trapezius = trends["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|trend| trend["key"] == "upper-trapezius-left")
        .unwrap();
    assert_eq!(trapezius["sessions"], 5);
    assert_eq!(trapezius["latest_pain"], 6);
    assert_eq!(trapezius["recurrences"], 0);
}

#[test]
fn trends_lists_the_areas_and_regions_by_name() {
    let sandbox = sandbox_with_a_history();
    let stdout = sandbox.stdout(&["trends"]);
    for name in [
        "Arm",
        "Neck",
        "Hip",
        "Thigh",
        "Biceps, left",
        "Upper trapezius, left",
    ] {
        assert!(stdout.contains(name), "trends lacks {name}:\n{stdout}");
    }
}

#[test]
fn trends_area_keeps_only_that_area() {
    let sandbox = sandbox_with_a_history();
    sandbox.log(&["scalenes-right", "5", "--at", "2026-02-03"]);
    let trends = sandbox.json(&["trends", "--area", "neck", "--json"]);
    assert_eq!(trend_keys(&trends, "areas"), ["neck"]);
    let regions = trend_keys(&trends, "regions");
    assert_eq!(regions.len(), 2, "{regions:?}");
    for region in &regions {
        assert_eq!(area_of(region), "neck", "{region}");
    }
    let neck = &trends["areas"][0];
    assert_eq!(neck["knots"], 2);

    let stdout = sandbox.stdout(&["trends", "--area", "neck"]);
    assert!(stdout.contains("Upper trapezius, left"), "{stdout}");
    assert!(!stdout.contains("Biceps"), "{stdout}");
}

#[test]
fn trends_unknown_area_is_refused_naming_the_areas() {
    let sandbox = sandbox_with_a_history();
    for json in [false, true] {
        let mut args = vec!["trends", "--area", "elbow"];
        if json {
            args.push("--json");
        }
        let line = refused_args(&sandbox, &args);
        assert!(line.contains("elbow"), "{line}");
        for &(area, _) in REGION_TABLE {
            assert!(line.contains(area), "{line} does not name {area}");
        }
    }
}

#[test]
fn trends_since_leaves_out_older_readings() {
    let sandbox = sandbox_with_a_history();
    let trends = sandbox.json(&["trends", "--since", "2026-03-10", "--json"]);
    let mut regions = trend_keys(&trends, "regions");
    regions.sort();
    // biceps-left's flare on 2026-03-17, hamstrings-left's recent readings.
    assert_eq!(regions, ["biceps-left", "hamstrings-left"]);
    let biceps = trends["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|trend| trend["key"] == "biceps-left")
        .unwrap();
    assert_eq!(biceps["sessions"], 1, "only the flare: {biceps:#}");
    assert_eq!(biceps["latest_pain"], 6);
    assert!(
        trends["since"].as_str().unwrap().starts_with("2026-03-10"),
        "{trends:#}"
    );

    let with_area = sandbox.json(&[
        "trends",
        "--area",
        "neck",
        "--since",
        "2026-03-10",
        "--json",
    ]);
    assert!(trend_keys(&with_area, "areas").is_empty(), "{with_area:#}");
    assert!(
        trend_keys(&with_area, "regions").is_empty(),
        "{with_area:#}"
    );
}

#[test]
fn trends_since_a_date_keeps_the_readings_of_that_whole_date() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "5", "--at", "2026-03-10 08:00"]);
    let trends = sandbox.json(&["trends", "--since", "2026-03-10", "--json"]);
    assert_eq!(
        trend_keys(&trends, "regions"),
        ["biceps-left"],
        "{trends:#}"
    );
}

#[test]
fn trends_since_that_does_not_parse_is_refused() {
    let sandbox = sandbox_with_a_history();
    for since in ["last week", "2026-13-01"] {
        let line = refused_args(&sandbox, &["trends", "--since", since, "--json"]);
        assert!(line.contains(since), "{line}");
    }
}

#[test]
fn trends_on_an_empty_database_has_empty_lists() {
    let sandbox = empty_sandbox();
    let trends = sandbox.json(&["trends", "--json"]);
    assert_eq!(trends["slices"], 12);
    assert_eq!(trends["areas"], serde_json::json!([]));
    assert_eq!(trends["regions"], serde_json::json!([]));
    let stdout = sandbox.stdout(&["trends"]);
    assert!(!stdout.trim().is_empty());
}

//! `knotmap regions`: the region table of DESIGN.md.

use serde_json::Value;

use crate::common::Sandbox;
use crate::support::expected_regions;

#[test]
fn regions_lists_every_slug_of_the_region_table() {
    let sandbox = Sandbox::new();
    let assert = sandbox.knotmap().arg("regions").assert().success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let listed: Vec<&str> = stdout
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    for (slug, _) in expected_regions() {
        assert!(listed.contains(&slug.as_str()), "regions lacks {slug}");
    }
}

#[test]
fn regions_json_has_every_region_of_the_table_with_its_fields() {
    let sandbox = Sandbox::new();
    let assert = sandbox
        .knotmap()
        .args(["regions", "--json"])
        .assert()
        .success();
    let json: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let regions = json.as_array().unwrap();
    for region in regions {
        let object = region.as_object().unwrap();
        for field in ["slug", "name", "area", "side", "views", "caution"] {
            assert!(object.contains_key(field), "{region} lacks {field}");
        }
    }
    for (slug, area) in expected_regions() {
        let region = regions
            .iter()
            .find(|region| region["slug"] == slug.as_str())
            .unwrap_or_else(|| panic!("regions --json lacks {slug}"));
        assert_eq!(region["area"], area, "area of {slug}");
    }
    // 40 bases on both sides and the centre one: the table's 81 regions.
    assert_eq!(regions.len(), expected_regions().len());
    assert_eq!(regions.len(), 81);
}

#[test]
fn regions_json_cautions_against_rolling_the_it_band() {
    let sandbox = Sandbox::new();
    let assert = sandbox
        .knotmap()
        .args(["regions", "--json"])
        .assert()
        .success();
    let json: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let it_band = json
        .as_array()
        .unwrap()
        .iter()
        .find(|region| region["slug"] == "it-band-left")
        .unwrap()
        .clone();
    assert_eq!(it_band["caution"], "do-not-roll-directly");
    assert_eq!(it_band["side"], "left");
}

//! The settings file, completions and the manual page, from the
//! outside.

// Fixture helpers unwrap like assertions do: a broken fixture fails the test.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use knotmap::config::Config;
use knotmap::store::{IfMissing, Store};
use predicates::prelude::*;
use tempfile::TempDir;

/// knotmap with its data and settings in `dir`, whatever the machine has.
fn knotmap(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("knotmap").unwrap();
    command
        .env_remove("KNOTMAP_DB")
        .env("KNOTMAP_CONFIG", dir.join("config.toml"))
        .arg("--db")
        .arg(dir.join("knotmap.db"));
    command
}

#[test]
fn config_path_names_the_file_in_use() {
    let dir = TempDir::new().unwrap();
    knotmap(dir.path())
        .args(["config", "path"])
        .assert()
        .success()
        .stdout(format!("{}\n", dir.path().join("config.toml").display()));
}

#[test]
fn config_init_writes_the_commented_defaults_once() {
    let dir = TempDir::new().unwrap();
    knotmap(dir.path())
        .args(["config", "init"])
        .assert()
        .success();
    let written = fs::read_to_string(dir.path().join("config.toml")).unwrap();
    assert_eq!(
        Config::parse(&written, "config.toml").unwrap(),
        Config::default()
    );
    assert!(written.lines().filter(|line| line.starts_with('#')).count() > 10);
    knotmap(dir.path())
        .args(["config", "init"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists"));
    // And the app reads it without complaint.
    knotmap(dir.path()).arg("regions").assert().success();
}

#[test]
fn a_bad_setting_is_one_line_naming_the_file_and_line() {
    let dir = TempDir::new().unwrap();
    fs::write(
        dir.path().join("config.toml"),
        "# mine\ntheme = \"mono\"\ndefault-tool = 7\n",
    )
    .unwrap();
    let output = knotmap(dir.path()).arg("knots").assert().failure();
    let stderr = String::from_utf8(output.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("config.toml line 3: invalid type"),
        "{stderr}"
    );
    assert!(
        !dir.path().join("knotmap.db").exists(),
        "nothing was written"
    );
}

#[test]
fn a_clashing_key_is_refused_before_the_app_opens() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("config.toml"), "[keys]\nflip = [\"q\"]\n").unwrap();
    knotmap(dir.path()).arg("knots").assert().failure().stderr(
        "knotmap: config.toml: keys: q is bound to both flip and quit\n".replace(
            "config.toml",
            &dir.path().join("config.toml").display().to_string(),
        ),
    );
}

#[test]
fn the_default_tool_fills_in_a_reading_without_one() {
    let dir = TempDir::new().unwrap();
    fs::write(
        dir.path().join("config.toml"),
        "default-tool = \"foam roller\"\n",
    )
    .unwrap();
    knotmap(dir.path())
        .args(["log", "vastus-lateralis-left", "6"])
        .assert()
        .success();
    knotmap(dir.path())
        .args(["log", "vastus-lateralis-left", "5", "--tool", "ball"])
        .assert()
        .success();
    let store = Store::open(&dir.path().join("knotmap.db"), IfMissing::Refuse).unwrap();
    let tools: Vec<Option<String>> = store
        .readings_of(1)
        .unwrap()
        .into_iter()
        .map(|reading| reading.treatment.tool)
        .collect();
    assert_eq!(tools, [Some("foam roller".into()), Some("ball".into())]);
}

#[test]
fn completions_are_generated_for_each_shell() {
    let dir = TempDir::new().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let output = knotmap(dir.path())
            .args(["completions", shell])
            .assert()
            .success();
        let script = String::from_utf8(output.get_output().stdout.clone()).unwrap();
        for word in ["knotmap", "regions", "knots", "render", "demo"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    knotmap(dir.path())
        .args(["completions", "cmd.exe"])
        .assert()
        .failure();
}

#[test]
fn the_manual_page_documents_the_commands() {
    let dir = TempDir::new().unwrap();
    let output = knotmap(dir.path()).arg("man").assert().success();
    let page = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH knotmap"),
        "{page}"
    );
    for word in ["knotmap\\-log", "knotmap\\-regions", "\\-\\-db"] {
        assert!(page.contains(word), "the page lacks {word}");
    }
}

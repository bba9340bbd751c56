//! `knotmap config` and the settings file every command reads.

use std::fs;

use knotmap::config::Config;
use knotmap::store::{IfMissing, Store};

use crate::common::Sandbox;

#[test]
fn config_path_names_the_file_in_use() {
    let sandbox = Sandbox::new();
    sandbox
        .knotmap()
        .args(["config", "path"])
        .assert()
        .success()
        .stdout(format!("{}\n", sandbox.config().display()));
}

#[test]
fn config_init_writes_the_commented_defaults_once() {
    let sandbox = Sandbox::new();
    sandbox
        .knotmap()
        .args(["config", "init"])
        .assert()
        .success();
    let written = fs::read_to_string(sandbox.config()).unwrap();
    assert_eq!(
        Config::parse(&written, "config.toml").unwrap(),
        Config::default()
    );
    assert!(written.lines().filter(|line| line.starts_with('#')).count() > 10);
    // A second time it is refused, and leaves the file alone.
    let mut again = sandbox.knotmap();
    again.args(["config", "init"]);
    let line = sandbox.refused(again);
    assert!(line.contains("already exists"), "{line}");
    // And the app reads it without complaint.
    sandbox.knotmap().arg("regions").assert().success();
}

#[test]
fn a_bad_setting_is_one_line_naming_the_file_and_line() {
    let sandbox = Sandbox::new();
    fs::write(
        sandbox.config(),
        "# mine\ntheme = \"mono\"\ndefault-tool = 7\n",
    )
    .unwrap();
    let mut command = sandbox.knotmap();
    command.arg("knots");
    let stderr = sandbox.refused(command);
    assert!(
        stderr.contains("config.toml line 3: invalid type"),
        "{stderr}"
    );
    assert!(!sandbox.db().exists(), "nothing was written");
}

#[test]
fn a_clashing_key_is_refused_before_the_app_opens() {
    let sandbox = Sandbox::new();
    fs::write(sandbox.config(), "[keys]\nflip = [\"q\"]\n").unwrap();
    let mut command = sandbox.knotmap();
    command.arg("knots");
    assert_eq!(
        sandbox.refused(command),
        "knotmap: config.toml: keys: q is bound to both flip and quit\n"
            .replace("config.toml", &sandbox.config().display().to_string(),),
    );
}

#[test]
fn the_default_tool_fills_in_a_reading_without_one() {
    let sandbox = Sandbox::new();
    fs::write(sandbox.config(), "default-tool = \"foam roller\"\n").unwrap();
    sandbox
        .knotmap()
        .args(["log", "vastus-lateralis-left", "6"])
        .assert()
        .success();
    sandbox
        .knotmap()
        .args(["log", "vastus-lateralis-left", "5", "--tool", "ball"])
        .assert()
        .success();
    let store = Store::open(&sandbox.db(), IfMissing::Refuse).unwrap();
    let tools: Vec<Option<String>> = store
        .readings_of(1)
        .unwrap()
        .into_iter()
        .map(|reading| reading.treatment.tool)
        .collect();
    assert_eq!(tools, [Some("foam roller".into()), Some("ball".into())]);
}

//! The program as a whole: its version, its help, and a closed pipe.

use std::process::Stdio;

use predicates::prelude::*;

use crate::common::Sandbox;

#[test]
fn version_names_the_program() {
    Sandbox::new()
        .bare()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("knotmap "));
}

#[test]
fn help_lists_each_subcommand_and_each_has_its_own_help() {
    let sandbox = Sandbox::new();
    let assert = sandbox.bare().arg("--help").assert().success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    for command in [
        "regions",
        "log",
        "knots",
        "render",
        "show",
        "trends",
        "recurring",
    ] {
        assert!(stdout.contains(command), "--help lacks {command}");
        sandbox
            .bare()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage: knotmap"));
    }
    assert!(sandbox.files().is_empty(), "help wrote a file");
}

#[test]
fn a_closed_pipe_on_stdout_does_not_panic() {
    let sandbox = Sandbox::new();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = sandbox
        .process()
        .arg("regions")
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
}

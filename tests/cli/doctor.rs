//! `knotmap doctor`: what it finds in a database, and what to do.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use crate::common::Sandbox;
use crate::support::{noise, sandbox_with_a_knot};

#[test]
fn doctor_finds_a_sound_database_sound() {
    let sandbox = sandbox_with_a_knot();
    let output = sandbox.knotmap().arg("doctor").assert().code(0);
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(text.contains("integrity check"), "{text}");
    assert!(
        text.contains("Holds 1 knot, 1 session and 1 reading."),
        "{text}"
    );
    assert!(text.trim_end().ends_with("All is well."), "{text}");
}

#[test]
fn doctor_names_a_file_others_can_read_and_what_to_do() {
    let sandbox = sandbox_with_a_knot();
    fs::set_permissions(sandbox.db(), fs::Permissions::from_mode(0o644)).unwrap();
    let output = sandbox.knotmap().arg("doctor").assert().code(1);
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("could be read by others (644); knotmap made it yours alone (600)"),
        "{text}"
    );
    assert!(
        text.contains("what to do: check who could read it"),
        "{text}"
    );
}

#[test]
fn doctor_explains_a_file_that_is_not_a_database_and_leaves_it_alone() {
    let sandbox = Sandbox::new();
    fs::write(sandbox.db(), noise(4096)).unwrap();
    let before = fs::read(sandbox.db()).unwrap();
    let output = sandbox.knotmap().arg("doctor").assert().code(1);
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(text.contains("is not a knotmap database"), "{text}");
    assert!(text.contains("what to do:"), "{text}");
    assert_eq!(fs::read(sandbox.db()).unwrap(), before);
}

//! Stored and imported text on its way to a terminal: no control
//! character, escape or line break from the database ever reaches one,
//! whichever command prints it; and an import is held to the rules of
//! `log`.

use std::fs;

use serde_json::Value;

use crate::common::{Sandbox, tool_present};

/// A title-setting escape, a bell, a line break, a carriage return and a
/// direction override: each could change the terminal or break a table.
/// (A NUL cannot be an argument; the import test brings one.)
const HOSTILE: [&str; 2] = ["\u{1b}]2;PWNED\u{7}", "a\nb\rc\u{202e}d"];

fn has_control(text: &str) -> bool {
    text.chars()
        .any(|c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
}

/// A sandbox with one reading whose technique, tool and note are hostile.
fn sandbox_with_hostile_text() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox
        .knotmap()
        .args(["log", "biceps-left", "6", "--at", "2026-03-01 18:00"])
        .args([
            "--technique",
            HOSTILE[0],
            "--tool",
            HOSTILE[1],
            "--note",
            HOSTILE[0],
        ])
        .assert()
        .success();
    sandbox
}

#[test]
fn no_command_prints_a_control_character_from_the_database() {
    let sandbox = sandbox_with_hostile_text();
    for args in [
        &["show", "1"][..],
        &["knots", "--all"],
        &["trends"],
        &["recurring"],
        &["due"],
        &["doctor"],
        &["report", "--format", "md"],
    ] {
        let output = sandbox.knotmap().args(args).output().unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(!has_control(&text), "{args:?} printed:\n{text:?}");
        assert!(!text.contains("PWNED\u{7}"), "{args:?}");
    }
}

#[test]
fn show_keeps_one_line_per_reading_whatever_the_technique_and_tool_hold() {
    let sandbox = sandbox_with_hostile_text();
    let output = sandbox.knotmap().args(["show", "1"]).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let table: Vec<&str> = text
        .lines()
        .skip_while(|line| !line.starts_with("DATE"))
        .collect();
    assert_eq!(table.len(), 2, "{text}");
    assert!(table[1].contains("]2;PWNED"), "{}", table[1]);
}

#[test]
fn csv_to_a_terminal_has_no_control_characters_and_to_a_pipe_is_exact() {
    let sandbox = sandbox_with_hostile_text();
    // To a pipe the CSV keeps every byte, for the program that reads it.
    let piped = sandbox
        .knotmap()
        .args(["export", "--format", "csv"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&piped.stdout).contains(HOSTILE[0]));
    let test = "csv_to_a_terminal_has_no_control_characters_and_to_a_pipe_is_exact";
    if !tool_present("script", test) {
        return;
    }
    // `script` gives knotmap a terminal of its own and copies what reaches
    // it into the typescript file.
    let typescript = sandbox.path("typescript");
    let command = format!(
        "{} --db {} export --format csv",
        env!("CARGO_BIN_EXE_knotmap"),
        sandbox.db().display()
    );
    let status = sandbox
        .sandboxed("script")
        .args(["-q", "-e", "-c", &command])
        .arg(&typescript)
        .status()
        .unwrap();
    assert!(status.success());
    let shown = fs::read_to_string(&typescript).unwrap();
    let body: String = shown
        .lines()
        .filter(|line| !line.starts_with("Script "))
        .map(|line| line.trim_end_matches('\r'))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(body.contains("]2;PWNED"), "{body:?}");
    assert!(!has_control(&body), "{body:?}");
}

#[test]
fn an_error_quoting_a_hostile_value_is_one_clean_line() {
    let sandbox = sandbox_with_hostile_text();
    let mut command = sandbox.knotmap();
    command.args(["show", "\u{1b}]2;x\u{7}\nsecond"]);
    let line = sandbox.refused(command);
    assert!(!has_control(&line), "{line:?}");
}

fn export_with(sandbox: &Sandbox, change: impl FnOnce(&mut Value)) -> std::path::PathBuf {
    let output = sandbox.knotmap().arg("export").output().unwrap();
    let mut document: Value = serde_json::from_slice(&output.stdout).unwrap();
    change(&mut document);
    let path = sandbox.path("changed.json");
    fs::write(&path, serde_json::to_vec(&document).unwrap()).unwrap();
    path
}

#[test]
fn import_takes_an_export_from_a_computer_whose_clock_runs_a_little_ahead() {
    let source = Sandbox::new();
    source.log(&["biceps-left", "6"]);
    let ahead = |minutes: i64| {
        let at = (chrono::Utc::now() + chrono::Duration::minutes(minutes))
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        move |v: &mut Value| v["readings"][0]["taken_at"] = at.into()
    };

    let sandbox = Sandbox::new();
    let file = export_with(&source, ahead(5));
    sandbox
        .knotmap()
        .arg("import")
        .arg(&file)
        .assert()
        .success();
    let readings = sandbox.json(&["show", "1", "--json"])["readings"].clone();
    assert_eq!(readings.as_array().unwrap().len(), 1);

    // Two days ahead is not a clock: it is a mistake in the file.
    let sandbox = Sandbox::new();
    let file = export_with(&source, ahead(2 * 24 * 60));
    let mut command = sandbox.knotmap();
    command.arg("import").arg(&file);
    assert!(sandbox.refused(command).contains("in the future"));
}

#[test]
fn import_refuses_what_log_refuses() {
    let source = Sandbox::new();
    source.log(&["biceps-left", "6", "--at", "2026-03-01 18:00"]);
    type Change = Box<dyn FnOnce(&mut Value)>;
    let cases: [(&str, Change, &str); 6] = [
        (
            "a reading from the future",
            Box::new(|v| v["readings"][0]["taken_at"] = "2999-01-01T00:00:00Z".into()),
            "taken_at 2999-01-01T00:00:00Z is in the future",
        ),
        (
            "a session from the future",
            Box::new(|v| v["sessions"][0]["started_at"] = "2999-01-01T00:00:00Z".into()),
            "in the future",
        ),
        (
            "a knot from the future",
            Box::new(|v| v["knots"][0]["created_at"] = "2999-01-01T00:00:00Z".into()),
            "in the future",
        ),
        (
            "an unknown region",
            Box::new(|v| v["knots"][0]["region"] = "left-ear".into()),
            "not a region",
        ),
        (
            "an unknown symptom",
            Box::new(|v| v["readings"][0]["symptoms"] = serde_json::json!(["glowing"])),
            "symptoms",
        ),
        (
            "a pain out of range",
            Box::new(|v| v["readings"][0]["pain_before"] = 11.into()),
            "pain_before",
        ),
    ];
    for (case, change, says) in cases {
        let sandbox = Sandbox::new();
        let file = export_with(&source, change);
        let copied = sandbox.path("import.json");
        fs::copy(&file, &copied).unwrap();
        let mut command = sandbox.knotmap();
        command.arg("import").arg(&copied);
        let line = sandbox.refused(command);
        assert!(line.contains(says), "{case}: {line}");
        assert!(!sandbox.db().exists(), "{case}: a database was made");
    }
}

#[test]
fn imported_hostile_text_is_shown_clean() {
    let source = sandbox_with_hostile_text();
    let file = export_with(&source, |v| v["readings"][0]["tool"] = "nul\0here".into());
    let sandbox = Sandbox::new();
    sandbox
        .knotmap()
        .arg("import")
        .arg(&file)
        .assert()
        .success();
    let output = sandbox.knotmap().args(["show", "1"]).output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("]2;PWNED") && !has_control(&text), "{text:?}");
}

//! `knotmap doctor`: what it finds in a database, and what to do.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use knotmap::store::SCHEMA_VERSION;

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

/// A sandbox with two readings of one knot in two sessions, its file
/// then changed by `sql` through SQLite, as another program could.
fn tampered(sql: &str) -> Sandbox {
    let sandbox = sandbox_with_a_knot();
    sandbox.log(&["upper-trapezius-left", "5", "--at", "2026-03-05 18:00"]);
    let conn = rusqlite::Connection::open(sandbox.db()).unwrap();
    conn.execute_batch(sql).unwrap();
    drop(conn);
    sandbox
}

/// `knotmap doctor` on the sandbox, which must find a problem: its report.
fn doctor_finds_a_problem(sandbox: &Sandbox) -> String {
    let output = sandbox.knotmap().arg("doctor").assert().code(1);
    String::from_utf8(output.get_output().stdout.clone()).unwrap()
}

/// The report's line that holds `words`, which must say PROBLEM.
fn problem_line<'a>(text: &'a str, words: &str) -> &'a str {
    let line = text
        .lines()
        .find(|line| line.contains(words))
        .unwrap_or_else(|| panic!("no line says {words:?}:\n{text}"));
    assert!(line.trim_start().starts_with("PROBLEM"), "{line}");
    assert!(line.contains("what to do:"), "{line}");
    line
}

#[test]
fn doctor_names_a_table_that_is_missing() {
    let sandbox = tampered("DROP TABLE region_recurrences;");
    let text = doctor_finds_a_problem(&sandbox);
    problem_line(&text, "the table region_recurrences is missing");
}

#[test]
fn doctor_names_a_foreign_trigger_with_what_it_does() {
    let sandbox = tampered(
        "CREATE TRIGGER every_other AFTER INSERT ON readings BEGIN\n\
         DELETE FROM readings WHERE id % 2 = 0;\nEND;",
    );
    let text = doctor_finds_a_problem(&sandbox);
    let line = problem_line(
        &text,
        "a trigger knotmap did not make, every_other on readings",
    );
    assert!(
        line.contains("CREATE TRIGGER every_other AFTER INSERT ON readings BEGIN"),
        "{line}"
    );
    // Only its first line: the report stays one line per finding.
    assert!(!text.contains("DELETE FROM"), "{text}");
}

#[test]
fn doctor_names_a_foreign_view_with_control_characters_made_printable() {
    let sandbox = tampered("CREATE VIEW \"peek\x1b[2J\" AS SELECT * FROM readings;");
    let text = doctor_finds_a_problem(&sandbox);
    let line = problem_line(&text, "a view knotmap did not make, peek");
    assert!(line.contains("AS SELECT * FROM readings"), "{line}");
    assert!(!text.contains('\x1b'), "{text:?}");
}

#[test]
fn doctor_names_a_changed_knotmap_trigger() {
    let sandbox = tampered(
        "DROP TRIGGER knotmap_reading_added;
         CREATE TRIGGER knotmap_reading_added AFTER INSERT ON readings BEGIN SELECT 1; END;",
    );
    let text = doctor_finds_a_problem(&sandbox);
    problem_line(
        &text,
        "the trigger knotmap_reading_added is not as knotmap made it",
    );
}

#[test]
fn doctor_names_a_reading_whose_time_is_garbage_with_its_table_and_id() {
    let sandbox = tampered("UPDATE readings SET taken_at = 'garbage' WHERE id = 2;");
    let text = doctor_finds_a_problem(&sandbox);
    problem_line(&text, "table readings, reading 2: taken at \"garbage\"");
    // The same record stops an export, which doctor names in advance.
    sandbox.knotmap().arg("export").assert().failure();
}

#[test]
fn doctor_names_a_change_stamp_another_program_wrote() {
    let sandbox = tampered(
        "UPDATE readings SET stamp = 'yesterday' WHERE id = 2;
         INSERT INTO tombstones (uuid, kind, stamp) VALUES ('gone', 'reading', 'soon');",
    );
    let text = doctor_finds_a_problem(&sandbox);
    problem_line(
        &text,
        "table readings, reading 2: the change stamp \"yesterday\" is not one knotmap writes",
    );
    problem_line(
        &text,
        "table tombstones, gone: the change stamp \"soon\" is not one knotmap writes",
    );
    // The same record stops an export, and so a sync, which doctor names
    // in advance.
    sandbox.knotmap().arg("export").assert().failure();
}

#[test]
fn doctor_names_a_knot_of_an_unknown_region() {
    let sandbox = tampered("UPDATE knots SET region = 'elbow-of-mars' WHERE id = 1;");
    let text = doctor_finds_a_problem(&sandbox);
    let line = problem_line(&text, "table knots, knot 1");
    assert!(line.contains("unknown region \"elbow-of-mars\""), "{line}");
}

#[test]
fn doctor_names_a_reading_with_an_unknown_symptom() {
    let sandbox = tampered("UPDATE readings SET symptoms = 'hiccups' WHERE id = 1;");
    let text = doctor_finds_a_problem(&sandbox);
    problem_line(&text, "table readings, reading 1");
}

#[test]
fn doctor_names_an_empty_session() {
    let sandbox = tampered(
        "INSERT INTO sessions (uuid, started_at) VALUES ('a-lone-session', '2026-03-09T10:00:00Z');",
    );
    let text = doctor_finds_a_problem(&sandbox);
    problem_line(&text, "session 3 has no readings");
}

#[test]
fn doctor_names_a_kept_summary_the_readings_do_not_bear_out() {
    let sandbox = tampered("UPDATE knot_digests SET latest_pain = 1 WHERE knot_id = 1;");
    let text = doctor_finds_a_problem(&sandbox);
    problem_line(
        &text,
        "the kept summary of knot 1 does not say what its readings say",
    );
}

/// A count of returns written by another program, with no return
/// behind it: no trigger marks it, so only doctor's comparison finds it.
#[test]
fn doctor_names_a_count_of_returns_the_readings_do_not_bear_out_and_repair_mends_it() {
    let sandbox = tampered(
        "INSERT INTO region_recurrences (region, count, interval_days_sum)
         VALUES ('soleus-left', 2, 20);",
    );
    let text = doctor_finds_a_problem(&sandbox);
    problem_line(
        &text,
        "the kept returns to soleus-left, or their count, are not what the readings say",
    );
    sandbox
        .knotmap()
        .args(["doctor", "--repair"])
        .assert()
        .code(0);
    sandbox.knotmap().arg("doctor").assert().code(0);
}

#[test]
fn doctor_names_an_emptied_backup_beside_the_file() {
    let sandbox = sandbox_with_a_knot();
    let backup = sandbox.path("knotmap.db.before-v6-from-v5");
    fs::write(&backup, b"").unwrap();
    let text = doctor_finds_a_problem(&sandbox);
    let line = problem_line(&text, "knotmap.db.before-v6-from-v5 is no good");
    assert!(line.contains("it is empty or not a file"), "{line}");
}

#[test]
fn doctor_repair_backs_up_removes_foreign_triggers_and_views_and_rebuilds_the_summaries() {
    let sandbox = tampered(
        "CREATE TRIGGER every_other AFTER INSERT ON readings BEGIN
             DELETE FROM readings WHERE id % 2 = 0;
         END;
         CREATE VIEW peek AS SELECT * FROM readings;
         UPDATE knot_digests SET latest_pain = 1 WHERE knot_id = 1;",
    );
    doctor_finds_a_problem(&sandbox);
    let output = sandbox
        .knotmap()
        .args(["doctor", "--repair"])
        .assert()
        .code(0);
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    for words in [
        "backed ",
        "removed the trigger every_other",
        "removed the view peek",
        "worked every summary out again",
    ] {
        assert!(text.contains(words), "{words:?} missing:\n{text}");
    }
    let backups: Vec<_> = fs::read_dir(sandbox.dir())
        .unwrap()
        .filter_map(|entry| entry.unwrap().file_name().into_string().ok())
        .filter(|name| name.starts_with("knotmap.db.before-repair-"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let kept = rusqlite::Connection::open(sandbox.path(&backups[0])).unwrap();
    let triggers: i64 = kept
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'every_other'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(triggers, 1, "the backup holds the file as it was");
    drop(kept);

    let output = sandbox.knotmap().arg("doctor").assert().code(0);
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(text.trim_end().ends_with("All is well."), "{text}");
    // Both readings are still there, and a new one no longer takes another.
    sandbox.log(&["upper-trapezius-left", "4", "--at", "2026-03-09 18:00"]);
    let conn = rusqlite::Connection::open(sandbox.db()).unwrap();
    let readings: i64 = conn
        .query_row("SELECT count(*) FROM readings", [], |row| row.get(0))
        .unwrap();
    assert_eq!(readings, 3);
}

#[test]
fn doctor_repair_puts_a_changed_knotmap_trigger_back() {
    let sandbox = tampered(
        "DROP TRIGGER knotmap_reading_added;
         CREATE TRIGGER knotmap_reading_added AFTER INSERT ON readings BEGIN SELECT 1; END;",
    );
    let output = sandbox
        .knotmap()
        .args(["doctor", "--repair"])
        .assert()
        .code(0);
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("put the trigger knotmap_reading_added back as knotmap makes it"),
        "{text}"
    );
    sandbox.knotmap().arg("doctor").assert().code(0);
}

#[test]
fn doctor_repair_refuses_a_file_with_damaged_pages_and_writes_nothing() {
    let sandbox = Sandbox::new();
    sandbox
        .knotmap()
        .args(["sample-data", "--readings", "3000"])
        .assert()
        .success();
    let mut bytes = fs::read(sandbox.db()).unwrap();
    assert!(bytes.len() > 4096 * 8);
    bytes[4096 * 5..4096 * 6].fill(0xff);
    fs::write(sandbox.db(), &bytes).unwrap();
    let mut command = sandbox.knotmap();
    command.args(["doctor", "--repair"]);
    let line = sandbox.refused(command);
    assert!(line.contains("integrity check"), "{line}");
    assert!(!line.to_lowercase().contains("select"), "{line}");
}

#[test]
fn doctor_repair_removes_a_foreign_trigger_but_leaves_an_unreadable_reading_to_doctor() {
    let sandbox = tampered(
        "CREATE TRIGGER every_other AFTER INSERT ON readings BEGIN SELECT 1; END;
         UPDATE readings SET taken_at = 'garbage' WHERE id = 2;",
    );
    let output = sandbox
        .knotmap()
        .args(["doctor", "--repair"])
        .assert()
        .code(0);
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(text.contains("removed the trigger every_other"), "{text}");
    let line = text
        .lines()
        .find(|line| line.starts_with("left the summaries as they were"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("reading 2"), "{line}");
    let text = doctor_finds_a_problem(&sandbox);
    problem_line(&text, "table readings, reading 2");
    assert!(!text.contains("every_other"), "{text}");
}

#[test]
fn doctor_repair_makes_a_missing_knotmap_trigger_and_index_again() {
    let sandbox = tampered(
        "DROP TRIGGER knotmap_knot_added;
         DROP INDEX readings_by_session;",
    );
    let text = doctor_finds_a_problem(&sandbox);
    let line = problem_line(&text, "the trigger knotmap_knot_added is missing");
    assert!(line.contains("--repair"), "{line}");
    problem_line(&text, "the index readings_by_session is missing");
    let output = sandbox
        .knotmap()
        .args(["doctor", "--repair"])
        .assert()
        .code(0);
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("made the missing trigger knotmap_knot_added again"),
        "{text}"
    );
    assert!(
        text.contains("made the missing index readings_by_session again"),
        "{text}"
    );
    sandbox.knotmap().arg("doctor").assert().code(0);
}

#[test]
fn doctor_reads_no_record_from_a_file_whose_table_is_gone() {
    let sandbox = tampered("DROP TABLE readings;");
    let text = doctor_finds_a_problem(&sandbox);
    let line = problem_line(&text, "the table readings is missing");
    assert!(line.contains("restore the file"), "{line}");
    assert!(
        text.contains("the records were not read: the schema is not whole"),
        "{text}"
    );
    assert!(!text.contains("could not be used"), "{text}");
}

#[test]
fn doctor_finds_a_whole_backup_beside_the_file_whole() {
    let sandbox = sandbox_with_a_knot();
    // A copy of this file as it is, named as the copy made before the
    // next upgrade would be.
    let (now, next) = (SCHEMA_VERSION, SCHEMA_VERSION + 1);
    let name = format!("before-v{next}-from-v{now}");
    let backup = sandbox.path(&format!("knotmap.db.{name}"));
    let conn = rusqlite::Connection::open(sandbox.db()).unwrap();
    conn.execute("VACUUM INTO ?1", [backup.to_str().unwrap()])
        .unwrap();
    drop(conn);
    let output = sandbox.knotmap().arg("doctor").assert().code(0);
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("the backup ") && text.contains(&format!("{name} is whole")),
        "{text}"
    );
}

#[test]
fn doctor_names_a_monthly_tally_the_readings_do_not_add_up_to_and_repair_mends_it() {
    let sandbox = tampered("UPDATE region_months SET pain_sum = pain_sum + 3;");
    let text = doctor_finds_a_problem(&sandbox);
    problem_line(
        &text,
        "the kept tally of upper-trapezius-left in 2026-03 does not add up to its readings",
    );
    sandbox
        .knotmap()
        .args(["doctor", "--repair"])
        .assert()
        .code(0);
    sandbox.knotmap().arg("doctor").assert().code(0);
}

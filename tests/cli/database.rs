//! The file at `--db`: damaged, foreign, missing, read-only or reached
//! through a symlink, it is refused in one line and left as it was.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

use crate::common::{KNOTMAP, Sandbox, describe, one_line, tool_present};
use crate::support::{noise, sandbox_with_a_knot};

/// Damaged or foreign files at `--db` (`what`): reading and logging are
/// both refused in one line that contains `problem`, and nothing in the
/// sandbox changes.
fn assert_damaged_file_is_refused(sandbox: &Sandbox, db: &Path, problem: &str, what: &str) {
    for args in [&["knots", "--json"][..], &["log", "biceps-left", "3"][..]] {
        let mut command = sandbox.knotmap_at(db);
        command.args(args);
        let line = sandbox.refused(command);
        assert!(
            line.contains(problem),
            "{what}, {args:?}: the error should say \"{problem}\": {line}"
        );
    }
}

/// Makes a sandbox with something at a path other than a knotmap
/// database; the sandbox and that path.
type Damage = fn() -> (Sandbox, PathBuf);

#[test]
fn a_damaged_or_foreign_file_at_db_is_refused_naming_the_problem() {
    let cases: [(&str, Damage, &str); 5] = [
        (
            "random bytes",
            || {
                let sandbox = Sandbox::new();
                let db = sandbox.path("noise.db");
                let bytes = noise(4096);
                assert!(!bytes.starts_with(b"SQLite"));
                fs::write(&db, bytes).unwrap();
                (sandbox, db)
            },
            "not an SQLite file",
        ),
        (
            "a text file",
            || {
                let sandbox = Sandbox::new();
                let db = sandbox.path("notes.txt");
                fs::write(&db, "left shoulder sore after the gym\n").unwrap();
                (sandbox, db)
            },
            "not an SQLite file",
        ),
        (
            "a folder",
            || {
                let sandbox = Sandbox::new();
                let db = sandbox.path("folder");
                fs::create_dir(&db).unwrap();
                (sandbox, db)
            },
            "folder",
        ),
        (
            "an SQLite database of another program",
            || {
                let sandbox = Sandbox::new();
                let db = sandbox.path("other.db");
                let conn = rusqlite::Connection::open(&db).unwrap();
                conn.execute("CREATE TABLE t(x)", []).unwrap();
                conn.close().unwrap();
                (sandbox, db)
            },
            "another program",
        ),
        (
            "a database from a newer knotmap",
            || {
                let sandbox = sandbox_with_a_knot();
                let conn = rusqlite::Connection::open(sandbox.db()).unwrap();
                conn.pragma_update(None, "user_version", 99).unwrap();
                conn.close().unwrap();
                let db = sandbox.db();
                (sandbox, db)
            },
            "newer",
        ),
    ];
    for (what, damage, problem) in cases {
        let (sandbox, db) = damage();
        assert_damaged_file_is_refused(&sandbox, &db, problem, what);
    }
}

#[test]
fn a_command_on_a_missing_database_is_refused_and_creates_nothing() {
    let sandbox = Sandbox::new();
    // The commands that read a database, with what their one line says.
    for (args, says) in [
        (&["knots"][..], &["no database"][..]),
        (&["show", "1"], &["no database"]),
        (&["due"], &["no database"]),
        (&["due", "--json"], &["no database"]),
        (&["report"], &[]),
        // The file's name, for a typo in --db.
        (&["export"], &["typo.db"]),
    ] {
        let mut command = sandbox.knotmap_on("typo.db");
        command.args(args);
        let line = sandbox.refused(command);
        for words in says {
            assert!(line.contains(words), "{args:?}: {line}");
        }
        assert!(!sandbox.path("typo.db").exists(), "{args:?} created it");
    }
}

/// knotmap run as someone the file's permissions apply to: as root (who
/// may write anything) the command drops to `nobody` with setpriv. None
/// when that is needed and setpriv does not run (see `tool_present`).
fn as_a_plain_user(sandbox: &Sandbox, db: &Path, args: &[&str], test: &str) -> Option<Command> {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
        .unwrap_or(false);
    let mut command = if root {
        if !tool_present("setpriv", test) {
            return None;
        }
        let mut command = sandbox.sandboxed("setpriv");
        command.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        command.arg(KNOTMAP);
        command
    } else {
        sandbox.process()
    };
    command.arg("--db").arg(db).args(args);
    Some(Command::from_std(command))
}

/// A sandbox whose folder others may enter, with one knot logged.
fn shared_sandbox_with_a_knot() -> Sandbox {
    let sandbox = sandbox_with_a_knot();
    fs::set_permissions(sandbox.dir(), fs::Permissions::from_mode(0o755)).unwrap();
    sandbox
}

#[test]
fn a_read_only_database_is_refused_in_one_line_and_left_alone() {
    let sandbox = shared_sandbox_with_a_knot();
    fs::set_permissions(sandbox.db(), fs::Permissions::from_mode(0o644)).unwrap();
    let before = fs::read(sandbox.db()).unwrap();
    let Some(command) = as_a_plain_user(
        &sandbox,
        &sandbox.db(),
        &["log", "soleus-left", "4"],
        "a_read_only_database_is_refused_in_one_line_and_left_alone",
    ) else {
        return;
    };
    let line = sandbox.refused_with_code(command, 2);
    assert!(line.contains("cannot be written"), "{line}");
    assert_eq!(fs::read(sandbox.db()).unwrap(), before);
}

#[test]
fn a_database_in_a_read_only_folder_is_refused_and_left_alone() {
    let sandbox = shared_sandbox_with_a_knot();
    fs::set_permissions(sandbox.db(), fs::Permissions::from_mode(0o666)).unwrap();
    fs::set_permissions(sandbox.dir(), fs::Permissions::from_mode(0o555)).unwrap();
    let before = fs::read(sandbox.db()).unwrap();
    let Some(command) = as_a_plain_user(
        &sandbox,
        &sandbox.db(),
        &["knots"],
        "a_database_in_a_read_only_folder_is_refused_and_left_alone",
    ) else {
        return;
    };
    let line = sandbox.refused_with_code(command, 2);
    fs::set_permissions(sandbox.dir(), fs::Permissions::from_mode(0o755)).unwrap();
    assert!(line.contains("read-only"), "{line}");
    assert_eq!(fs::read(sandbox.db()).unwrap(), before);
}

#[test]
fn a_database_reached_through_a_symlink_works_like_the_file() {
    let sandbox = sandbox_with_a_knot();
    let link = sandbox.path("link.db");
    std::os::unix::fs::symlink(sandbox.db(), &link).unwrap();
    sandbox
        .knotmap_at(&link)
        .args(["log", "soleus-left", "3"])
        .assert()
        .success();
    assert_eq!(
        sandbox.knots(true).len(),
        2,
        "written into the file the link points to"
    );
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_symlink_to_a_file_that_is_not_a_database_is_refused() {
    let sandbox = Sandbox::new();
    let target = sandbox.path("notes.txt");
    fs::write(&target, "pain diary\n").unwrap();
    let link = sandbox.path("link.db");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let mut command = sandbox.knotmap_at(&link);
    command.args(["log", "soleus-left", "3"]);
    let line = sandbox.refused(command);
    assert!(line.contains("not a knotmap database"), "{line}");
    assert_eq!(fs::read(&target).unwrap(), b"pain diary\n");
}

#[test]
fn a_write_while_another_program_writes_names_the_file_it_waited_for() {
    let sandbox = sandbox_with_a_knot();
    // Another program in the middle of a write: it holds the write lock
    // until it commits, which it never does here.
    let other = rusqlite::Connection::open(sandbox.db()).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let readings = || {
        let text = sandbox
            .knotmap()
            .args(["knots", "--json"])
            .output()
            .unwrap();
        String::from_utf8(text.stdout).unwrap()
    };
    let before = readings();
    // Not `Sandbox::refused`: reading the database's files in this process
    // would close a descriptor of the file, and that drops every lock the
    // process holds on it, the other program's write lock included.
    let mut log = sandbox.knotmap();
    log.args(["log", "upper-trapezius-left", "5"]);
    // knotmap waits its whole patience (ten seconds) before giving up.
    let output = log.output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "{output:?}");
    let line = one_line(&output.stderr, &describe(&log));
    assert_eq!(
        line.trim_end(),
        format!(
            "knotmap: {} is busy: another program is writing to it; try again",
            sandbox.db().display()
        )
    );
    // Nothing was written, and once the other program is done the same
    // write goes through.
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(readings(), before);
    sandbox
        .knotmap()
        .args(["log", "upper-trapezius-left", "5"])
        .assert()
        .success();
}

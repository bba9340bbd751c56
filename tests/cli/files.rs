//! The file at `--db`: what is not a regular file is refused at once, the
//! database and its journal end up private whatever their mode was, and
//! every error a person can cause is one line in knotmap's own words.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::Sandbox;

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn beside(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Words that belong to the libraries and the system, not to knotmap.
const NOT_OURS: [&str; 6] = [
    "rusqlite",
    "os error",
    "SELECT",
    "INSERT",
    "CREATE",
    "error while executing",
];

fn assert_our_words(line: &str, case: &str) {
    for words in NOT_OURS {
        assert!(!line.contains(words), "{case}: {line}");
    }
}

#[test]
fn a_fifo_or_a_device_at_db_is_refused_at_once() {
    let sandbox = Sandbox::new();
    let fifo = sandbox.path("pipe.db");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for db in [
        fifo.as_path(),
        Path::new("/dev/null"),
        Path::new("/dev/zero"),
    ] {
        for args in [&["knots"][..], &["log", "biceps-left", "4"], &["doctor"]] {
            let mut command = sandbox.knotmap_at(db);
            command.args(args).timeout(Duration::from_secs(10));
            let output = command.output().unwrap();
            assert!(!output.status.success(), "{db:?} {args:?}");
            let case = format!("{} {args:?}", db.display());
            // `doctor` reports on stdout; the others refuse on stderr.
            let line = if args == ["doctor"] {
                String::from_utf8(output.stdout).unwrap()
            } else {
                String::from_utf8(output.stderr).unwrap()
            };
            if args != ["doctor"] {
                assert_eq!(line.lines().count(), 1, "{case}: {line}");
            }
            assert!(line.contains("not a regular file"), "{case}: {line}");
            assert_our_words(&line, &case);
        }
    }
    let meta = fs::symlink_metadata("/dev/null").unwrap();
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(
        &meta.file_type()
    ));
}

#[test]
fn an_empty_file_of_lax_mode_becomes_a_private_database() {
    let sandbox = Sandbox::new();
    fs::write(sandbox.db(), "").unwrap();
    fs::set_permissions(sandbox.db(), fs::Permissions::from_mode(0o644)).unwrap();
    sandbox.log(&["biceps-left", "4"]);
    for suffix in ["", "-wal", "-shm"] {
        let file = beside(&sandbox.db(), suffix);
        if file.exists() {
            assert_eq!(mode(&file), 0o600, "{}", file.display());
        }
    }
}

#[test]
fn a_database_and_its_journal_of_lax_mode_are_made_private() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "4"]);
    // Another program holds the file open, so that its -wal and -shm
    // outlive knotmap's run; all three have a lax mode.
    let other = rusqlite::Connection::open(sandbox.db()).unwrap();
    other
        .query_row("SELECT count(*) FROM readings", [], |row| {
            row.get::<_, i64>(0)
        })
        .unwrap();
    let wal = beside(&sandbox.db(), "-wal");
    let shm = beside(&sandbox.db(), "-shm");
    assert!(wal.exists() && shm.exists());
    for file in [sandbox.db(), wal.clone(), shm.clone()] {
        fs::set_permissions(&file, fs::Permissions::from_mode(0o664)).unwrap();
    }
    sandbox.knotmap().arg("knots").assert().success();
    for file in [sandbox.db(), wal, shm] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    drop(other);
    // The owner's own bits stay: a read-only file is not made writable.
    fs::set_permissions(sandbox.db(), fs::Permissions::from_mode(0o444)).unwrap();
    let _ = sandbox.knotmap().arg("knots").output().unwrap();
    assert_eq!(mode(&sandbox.db()), 0o400);
}

#[test]
fn errors_a_person_can_cause_are_one_line_in_knotmaps_words() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "4"]);
    let bad_version = sandbox.path("bad-version.db");
    fs::copy(sandbox.db(), &bad_version).unwrap();
    rusqlite::Connection::open(&bad_version)
        .unwrap()
        .pragma_update(None, "user_version", -1)
        .unwrap();
    let nowhere = sandbox.path("nowhere.json");
    let cases: [(&str, Vec<&std::ffi::OsStr>, &str); 4] = [
        (
            "a schema version below zero",
            vec!["knots".as_ref()],
            "schema version",
        ),
        (
            "a missing import file",
            vec!["import".as_ref(), nowhere.as_os_str()],
            "no such file",
        ),
        (
            "an import of a folder",
            vec!["import".as_ref(), sandbox.dir().as_os_str()],
            "cannot read",
        ),
        (
            "a time before any calendar knotmap keeps",
            vec![
                "log".as_ref(),
                "biceps-left".as_ref(),
                "4".as_ref(),
                "--at=-0001-01-01T00:00:00Z".as_ref(),
            ],
            "-0001",
        ),
    ];
    for (case, args, says) in cases {
        let mut command = if case.contains("schema version") {
            sandbox.knotmap_at(&bad_version)
        } else {
            sandbox.knotmap()
        };
        command.args(args);
        let line = sandbox.refused(command);
        assert!(line.contains(says), "{case}: {line}");
        assert_our_words(&line, case);
    }
}

#[test]
fn a_file_with_damaged_pages_is_not_written_to() {
    let sandbox = Sandbox::new();
    sandbox
        .knotmap()
        .args(["sample-data", "--readings", "3000"])
        .assert()
        .success();
    // A page in the middle of the file overwritten, its header intact.
    let mut bytes = fs::read(sandbox.db()).unwrap();
    assert!(bytes.len() > 4096 * 8);
    bytes[4096 * 5..4096 * 6].fill(0xff);
    fs::write(sandbox.db(), &bytes).unwrap();
    for args in [
        &["log", "biceps-left", "4"][..],
        &["import", "nothing.json"],
    ] {
        if args[0] == "import" {
            let export = sandbox.path("nothing.json");
            fs::write(
                &export,
                r#"{"format":"knotmap-export","format_version":1,"exported_at":"2026-01-01T00:00:00Z","knots":[],"sessions":[],"readings":[]}"#,
            )
            .unwrap();
        }
        let mut command = sandbox.knotmap();
        command.args(args).current_dir(sandbox.dir());
        let line = sandbox.refused(command);
        assert!(
            line.contains("integrity check") && line.contains("doctor"),
            "{args:?}: {line}"
        );
    }
}

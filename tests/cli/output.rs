//! Where `-o` writes, for `export` and `report` alike: standard output,
//! streams that must never be replaced, symlinks, files whose mode and
//! owner are kept, new private files, and the temporary files in between.

use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Stdio;

use crate::common::{Sandbox, is_root};

/// The two commands that take `-o`, with what their output starts with.
const WRITERS: [(&[&str], &str); 2] = [(&["export"], "{"), (&["report", "--format", "md"], "#")];

fn sandbox_with_a_reading() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "6", "--at", "2026-03-01 18:00"]);
    sandbox
}

fn write_to(sandbox: &Sandbox, args: &[&str], out: &Path) -> std::process::Output {
    sandbox
        .knotmap()
        .args(args)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap()
}

fn temp_files_in(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("knotmap-tmp"))
        .collect()
}

#[test]
fn a_dash_and_dev_stdout_write_to_standard_output() {
    let sandbox = sandbox_with_a_reading();
    for (args, starts) in WRITERS {
        for out in ["-", "/dev/stdout"] {
            let output = write_to(&sandbox, args, Path::new(out));
            assert!(output.status.success(), "{args:?} -o {out}");
            let text = String::from_utf8(output.stdout).unwrap();
            assert!(text.starts_with(starts), "{args:?} -o {out}: {text}");
        }
    }
}

#[test]
fn dev_stdout_redirected_to_a_file_writes_into_that_file_in_place() {
    let sandbox = sandbox_with_a_reading();
    let file = sandbox.path("redirected.json");
    fs::write(&file, "").unwrap();
    let inode = fs::metadata(&file).unwrap().ino();
    let status = sandbox
        .process_at(&sandbox.db())
        .args(["export", "-o", "/dev/stdout"])
        .stdout(Stdio::from(fs::File::create(&file).unwrap()))
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(fs::metadata(&file).unwrap().ino(), inode, "replaced");
    assert!(fs::read_to_string(&file).unwrap().contains("biceps-left"));
}

#[test]
fn a_fifo_is_written_to_and_stays_a_fifo() {
    let sandbox = sandbox_with_a_reading();
    let fifo = sandbox.path("pipe");
    for (args, starts) in WRITERS {
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut text = String::new();
                fs::File::open(&fifo)
                    .unwrap()
                    .read_to_string(&mut text)
                    .unwrap();
                text
            })
        };
        let output = write_to(&sandbox, args, &fifo);
        assert!(output.status.success(), "{args:?}");
        assert!(reader.join().unwrap().starts_with(starts), "{args:?}");
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        assert!(temp_files_in(sandbox.dir()).is_empty());
        fs::remove_file(&fifo).unwrap();
    }
}

#[test]
fn a_device_is_written_to_never_replaced() {
    // As root the old rename would have replaced /dev/null itself; the
    // check holds for anyone.
    let sandbox = sandbox_with_a_reading();
    for (args, _) in WRITERS {
        let output = write_to(&sandbox, args, Path::new("/dev/null"));
        assert!(output.status.success(), "{args:?}");
        assert!(output.stdout.is_empty());
        let meta = fs::symlink_metadata("/dev/null").unwrap();
        assert!(meta.file_type().is_char_device());
        assert!(temp_files_in(Path::new("/dev")).is_empty());
    }
}

#[test]
fn a_full_device_is_an_error_in_one_line_and_stays_a_device() {
    let sandbox = sandbox_with_a_reading();
    let output = write_to(&sandbox, &["export"], Path::new("/dev/full"));
    assert!(!output.status.success());
    let line = String::from_utf8(output.stderr).unwrap();
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(
        line.contains("/dev/full") && line.contains("no space"),
        "{line}"
    );
    assert!(!line.contains("os error"), "{line}");
    let meta = fs::symlink_metadata("/dev/full").unwrap();
    assert!(meta.file_type().is_char_device());
}

#[test]
fn a_symlink_is_followed_and_its_target_replaced() {
    let sandbox = sandbox_with_a_reading();
    let target = sandbox.path("target.json");
    fs::write(&target, "old").unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
    let link = sandbox.path("link.json");
    std::os::unix::fs::symlink("target.json", &link).unwrap();
    assert!(write_to(&sandbox, &["export"], &link).status.success());
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(fs::read_to_string(&target).unwrap().contains("biceps-left"));
    assert_eq!(fs::metadata(&target).unwrap().mode() & 0o777, 0o640);
    // A dangling link makes its target.
    let dangling = sandbox.path("dangling.json");
    std::os::unix::fs::symlink("made.json", &dangling).unwrap();
    assert!(write_to(&sandbox, &["export"], &dangling).status.success());
    assert!(
        fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::read_to_string(sandbox.path("made.json"))
            .unwrap()
            .contains('{')
    );
}

#[test]
fn a_file_is_replaced_keeping_its_mode_and_a_new_one_is_private() {
    let sandbox = sandbox_with_a_reading();
    for (args, starts) in WRITERS {
        let old = sandbox.path("old.out");
        fs::write(&old, "old").unwrap();
        fs::set_permissions(&old, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(write_to(&sandbox, args, &old).status.success());
        assert!(fs::read_to_string(&old).unwrap().starts_with(starts));
        assert_eq!(
            fs::metadata(&old).unwrap().mode() & 0o777,
            0o644,
            "{args:?}"
        );
        let new = sandbox.path("new.out");
        let _ = fs::remove_file(&new);
        assert!(write_to(&sandbox, args, &new).status.success());
        assert_eq!(
            fs::metadata(&new).unwrap().mode() & 0o777,
            0o600,
            "{args:?}"
        );
        assert!(temp_files_in(sandbox.dir()).is_empty());
    }
}

#[test]
fn a_file_of_another_owner_keeps_its_owner_when_root_replaces_it() {
    if !is_root() {
        eprintln!(
            "a_file_of_another_owner_keeps_its_owner_when_root_replaces_it: skipped, needs root to give a file away"
        );
        return;
    }
    let sandbox = sandbox_with_a_reading();
    let out = sandbox.path("theirs.json");
    fs::write(&out, "old").unwrap();
    std::os::unix::fs::chown(&out, Some(65534), Some(65534)).unwrap();
    assert!(write_to(&sandbox, &["export"], &out).status.success());
    let meta = fs::metadata(&out).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    assert!(fs::read_to_string(&out).unwrap().contains("biceps-left"));
}

#[test]
fn stale_temporary_files_of_the_target_are_removed_by_the_next_write() {
    let sandbox = sandbox_with_a_reading();
    let out = sandbox.path("export.json");
    let stale = sandbox.path(".export.json.knotmap-tmp-a1b2c3");
    fs::write(&stale, "half an export").unwrap();
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(an_hour_ago)
        .unwrap();
    // One made a moment ago may be another run's, about to lock it.
    let fresh = sandbox.path(".export.json.knotmap-tmp-g7h8i9");
    fs::write(&fresh, "the start of an export").unwrap();
    // Another target's temporary file is not this write's business.
    let other = sandbox.path(".other.json.knotmap-tmp-d4e5f6");
    fs::write(&other, "half of another").unwrap();
    assert!(write_to(&sandbox, &["export"], &out).status.success());
    assert!(!stale.exists(), "the stale temporary file is still there");
    assert!(fresh.exists(), "a run's new temporary file was taken away");
    assert!(other.exists());
    assert!(fs::read_to_string(&out).unwrap().contains("biceps-left"));
}

#[test]
fn a_folder_or_a_missing_folder_is_refused_in_one_line() {
    let sandbox = sandbox_with_a_reading();
    fs::create_dir(sandbox.path("folder")).unwrap();
    for (args, _) in WRITERS {
        for (out, says) in [
            ("folder", "is a folder"),
            ("missing/export.json", "does not exist"),
        ] {
            let mut command = sandbox.knotmap();
            command.args(args).arg("-o").arg(sandbox.path(out));
            let line = sandbox.refused(command);
            assert!(
                line.contains(says) && line.contains(out),
                "{args:?} {out}: {line}"
            );
        }
    }
}

#[test]
fn a_failed_command_leaves_no_temporary_file() {
    let sandbox = sandbox_with_a_reading();
    let mut command = sandbox.knotmap();
    command
        .args(["report", "--since", "not a date", "-o"])
        .arg(sandbox.path("report.html"));
    sandbox.refused(command);
    assert!(temp_files_in(sandbox.dir()).is_empty());
}

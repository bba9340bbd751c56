//! Two computers, one history: `knotmap sync DIR` through a shared folder,
//! and `import` keeping the later version of every record. Each computer
//! is a database of its own in the sandbox.

use std::fs;
use std::path::PathBuf;

use serde_json::Value;

use crate::common::Sandbox;
use crate::support::days_ago;

impl Sandbox {
    /// `knotmap ARGS...` on the database `db`, which must succeed; stdout.
    fn on(&self, db: &str, args: &[&str]) -> String {
        let output = self.knotmap_on(db).args(args).assert().success();
        String::from_utf8(output.get_output().stdout.clone()).unwrap()
    }

    fn on_json(&self, db: &str, args: &[&str]) -> Value {
        serde_json::from_str(&self.on(db, args)).unwrap()
    }

    /// The shared folder, made on first use.
    fn folder(&self) -> PathBuf {
        let folder = self.path("Sync");
        fs::create_dir_all(&folder).unwrap();
        folder
    }

    /// `knotmap sync --json` of `db` through the shared folder.
    fn sync(&self, db: &str) -> Value {
        let folder = self.folder();
        self.on_json(db, &["sync", folder.to_str().unwrap(), "--json"])
    }

    /// The export of `db` without the moment it was made: the whole
    /// history, by UUID, as every computer should hold it.
    fn history_of(&self, db: &str) -> Value {
        let mut export = self.on_json(db, &["export"]);
        export.as_object_mut().unwrap().remove("exported_at");
        export
    }

    /// The readings of `db`'s only knot, as `show --json` has them.
    fn readings_on(&self, db: &str) -> Vec<Value> {
        let knots = self.on_json(db, &["knots", "--all", "--json"]);
        let id = knots[0]["id"].to_string();
        self.on_json(db, &["show", &id, "--json"])["readings"]
            .as_array()
            .unwrap()
            .clone()
    }
}

/// A laptop with two readings of a knot, synced to a desktop.
fn laptop_and_desktop() -> Sandbox {
    let sandbox = Sandbox::new();
    for (pain, day) in [("7", 3), ("5", 2)] {
        sandbox.on(
            "laptop.db",
            &["log", "soleus-left", pain, "--at", &days_ago(day)],
        );
    }
    sandbox.sync("laptop.db");
    sandbox.sync("desktop.db");
    assert_eq!(
        sandbox.history_of("laptop.db"),
        sandbox.history_of("desktop.db")
    );
    sandbox
}

#[test]
fn an_edit_and_a_deletion_travel_both_ways() {
    let sandbox = laptop_and_desktop();
    let readings = sandbox.readings_on("desktop.db");
    let first = readings[0]["uuid"].as_str().unwrap().to_string();
    let second = readings[1]["uuid"].as_str().unwrap().to_string();
    // The desktop corrects one reading, the laptop deletes the other.
    sandbox.on("desktop.db", &["edit", &first[..8], "--pain", "8"]);
    sandbox.on("laptop.db", &["delete", &second[..8], "--yes"]);
    let desktop = sandbox.sync("desktop.db");
    assert_eq!(
        desktop["received"],
        Value::Array(vec![]),
        "the laptop has not synced since: its file is not read again"
    );
    assert_eq!(
        desktop["unchanged"].as_array().unwrap().len(),
        1,
        "{desktop}"
    );
    let laptop = sandbox.sync("laptop.db");
    assert_eq!(laptop["received"][0]["changed"], 1, "{laptop}");
    let desktop = sandbox.sync("desktop.db");
    assert_eq!(desktop["received"][0]["deleted"], 1, "{desktop}");

    for db in ["laptop.db", "desktop.db"] {
        let readings = sandbox.readings_on(db);
        assert_eq!(readings.len(), 1, "{db}");
        assert_eq!(readings[0]["uuid"], first.as_str(), "{db}");
        assert_eq!(readings[0]["pain_before"], 8, "{db}");
    }
    // The summaries follow what came in.
    for db in ["laptop.db", "desktop.db"] {
        let knots = sandbox.on_json(db, &["knots", "--all", "--json"]);
        assert_eq!(knots[0]["first_pain"], 8, "{db}");
        assert_eq!(knots[0]["latest_pain"], 8, "{db}");
    }
    assert_eq!(
        sandbox.history_of("laptop.db"),
        sandbox.history_of("desktop.db")
    );
    let trends = |db| {
        let mut trends = sandbox.on_json(db, &["trends", "--json"]);
        trends.as_object_mut().unwrap().remove("until");
        trends
    };
    assert_eq!(trends("laptop.db"), trends("desktop.db"));
}

#[test]
fn a_deletion_is_not_undone_by_an_older_export() {
    let sandbox = Sandbox::new();
    sandbox.log(&["soleus-left", "7", "--at", &days_ago(2)]);
    sandbox.log(&["soleus-left", "5", "--at", &days_ago(1)]);
    let backup = sandbox.path("backup.json");
    sandbox
        .knotmap()
        .args(["export", "-o"])
        .arg(&backup)
        .assert()
        .success();
    let id = sandbox.json(&["show", "1", "--json"])["readings"][1]["id"].to_string();
    sandbox.stdout(&["delete", &id, "--yes"]);

    let out = sandbox.stdout(&["import", backup.to_str().unwrap()]);
    assert_eq!(
        out,
        "Imported 0 knots, 0 sessions and 0 readings; 5 were here already.\n"
    );
    let readings = sandbox.json(&["show", "1", "--json"])["readings"].clone();
    assert_eq!(
        readings.as_array().unwrap().len(),
        1,
        "the deleted reading stays deleted"
    );
}

#[test]
fn an_edit_travels_by_export_and_an_older_copy_never_wins() {
    let sandbox = Sandbox::new();
    sandbox.on(
        "home.db",
        &["log", "soleus-left", "7", "--at", &days_ago(1)],
    );
    let old = sandbox.path("old.json");
    fs::write(&old, sandbox.on("home.db", &["export"])).unwrap();
    sandbox.on("laptop.db", &["import", old.to_str().unwrap()]);
    sandbox.on("home.db", &["edit", "1", "--pain", "4", "--note", "better"]);
    let new = sandbox.path("new.json");
    fs::write(&new, sandbox.on("home.db", &["export"])).unwrap();

    // The newer export changes the reading; the older one, after it or
    // again, changes nothing; importing in either order ends the same.
    assert_eq!(
        sandbox.on("laptop.db", &["import", new.to_str().unwrap()]),
        "Imported 0 knots, 0 sessions and 0 readings; 1 changed; 2 were here already.\n"
    );
    sandbox.on("laptop.db", &["import", old.to_str().unwrap()]);
    sandbox.on("desk.db", &["import", new.to_str().unwrap()]);
    sandbox.on("desk.db", &["import", old.to_str().unwrap()]);
    for db in ["laptop.db", "desk.db"] {
        let reading = &sandbox.readings_on(db)[0];
        assert_eq!(
            (reading["pain_before"].clone(), reading["note"].clone()),
            (4.into(), "better".into()),
            "{db}"
        );
        assert_eq!(
            sandbox.history_of(db),
            sandbox.history_of("home.db"),
            "{db}"
        );
    }
}

#[test]
fn syncing_again_changes_nothing_and_leaves_the_file_alone() {
    let sandbox = laptop_and_desktop();
    let own = sandbox.sync("laptop.db")["file"]
        .as_str()
        .unwrap()
        .to_string();
    let path = sandbox.folder().join(&own);
    let before = (
        fs::read(&path).unwrap(),
        fs::metadata(&path).unwrap().modified().unwrap(),
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = sandbox.sync("laptop.db");
    assert_eq!(again["sent"]["written"], false, "{again}");
    // The desktop's file has not changed since: it is not read again.
    assert_eq!(again["received"], Value::Array(vec![]), "{again}");
    assert_eq!(again["unchanged"].as_array().unwrap().len(), 1, "{again}");
    let after = (
        fs::read(&path).unwrap(),
        fs::metadata(&path).unwrap().modified().unwrap(),
    );
    assert_eq!(before, after);
    // The text says so too.
    let folder = sandbox.folder();
    let text = sandbox.on("laptop.db", &["sync", folder.to_str().unwrap()]);
    assert!(
        text.contains(" is up to date (1 knot, 2 sessions, 2 readings).\n"),
        "{text}"
    );
    assert!(
        text.ends_with("Nothing new from other computers.\n"),
        "{text}"
    );
}

#[test]
fn each_computer_writes_only_its_own_file() {
    let sandbox = laptop_and_desktop();
    let laptop = sandbox.sync("laptop.db");
    let desktop = sandbox.sync("desktop.db");
    assert_ne!(laptop["device"], desktop["device"]);
    let names: Vec<String> = fs::read_dir(sandbox.folder())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    let laptop_file = sandbox.folder().join(laptop["file"].as_str().unwrap());
    let bytes = fs::read(&laptop_file).unwrap();
    sandbox.on("desktop.db", &["log", "soleus-left", "3"]);
    sandbox.sync("desktop.db");
    assert_eq!(
        fs::read(&laptop_file).unwrap(),
        bytes,
        "the desktop never writes it"
    );
}

#[test]
fn a_truncated_device_file_changes_nothing_and_is_taken_next_time() {
    let sandbox = laptop_and_desktop();
    sandbox.on("laptop.db", &["log", "soleus-left", "4"]);
    let laptop = sandbox.sync("laptop.db");
    let file = sandbox.folder().join(laptop["file"].as_str().unwrap());
    let whole = fs::read(&file).unwrap();
    // Half synced: the folder's tool has copied the start of it only.
    fs::write(&file, &whole[..whole.len() / 2]).unwrap();
    let before = sandbox.history_of("desktop.db");
    let desktop = sandbox.sync("desktop.db");
    assert_eq!(desktop["received"], Value::Array(vec![]));
    let skipped = &desktop["skipped"][0];
    assert_eq!(skipped["file"], laptop["file"]);
    assert!(
        skipped["reason"]
            .as_str()
            .unwrap()
            .starts_with("it is not JSON"),
        "{skipped}"
    );
    assert_eq!(
        sandbox.history_of("desktop.db"),
        before,
        "nothing was taken from it"
    );
    let folder = sandbox.folder();
    let text = sandbox.on("desktop.db", &["sync", folder.to_str().unwrap()]);
    assert!(
        text.contains(&format!(
            "Skipped {}: it is not JSON",
            laptop["file"].as_str().unwrap()
        )) && text.contains("; it is read again at the next sync.\n"),
        "{text}"
    );

    // The rest of it arrives.
    fs::write(&file, &whole).unwrap();
    let desktop = sandbox.sync("desktop.db");
    assert_eq!(desktop["received"][0]["readings"], 1, "{desktop}");
    assert_eq!(
        sandbox.history_of("desktop.db"),
        sandbox.history_of("laptop.db")
    );
}

#[test]
fn the_folder_comes_from_the_settings_or_the_command_line() {
    let sandbox = Sandbox::new();
    sandbox.log(&["soleus-left", "6"]);
    let error = crate::support::refused_args(&sandbox, &["sync"]);
    assert!(error.contains("set sync-dir in the settings"), "{error}");
    let error = crate::support::refused_args(&sandbox, &["sync", "nowhere"]);
    assert!(error.contains("cannot read the folder nowhere"), "{error}");

    fs::write(sandbox.config(), "sync-dir = \"~/Sync\"\n").unwrap();
    sandbox.folder();
    let out = sandbox.stdout(&["sync"]);
    assert!(out.starts_with("Wrote knotmap-"), "{out}");
    assert_eq!(fs::read_dir(sandbox.folder()).unwrap().count(), 1);
}

#[test]
fn sync_json_says_what_came_in_and_what_went_out() {
    let sandbox = laptop_and_desktop();
    sandbox.on("laptop.db", &["log", "soleus-left", "4"]);
    sandbox.sync("laptop.db");
    let desktop = sandbox.sync("desktop.db");
    assert_eq!(desktop["device"].as_str().unwrap().len(), 32);
    assert_eq!(
        desktop["file"],
        format!("knotmap-{}.json", desktop["device"].as_str().unwrap())
    );
    let received = &desktop["received"][0];
    assert_eq!(
        (received["readings"].clone(), received["sessions"].clone()),
        (1.into(), 1.into()),
        "{desktop}"
    );
    assert_eq!(desktop["skipped"], Value::Array(vec![]));
    assert_eq!(desktop["sent"]["written"], true);
    assert_eq!(desktop["sent"]["readings"], 3);
    assert_eq!(desktop["sent"]["tombstones"], 0);
}

#[test]
fn a_pipe_named_like_a_device_file_is_passed_over() {
    let sandbox = laptop_and_desktop();
    let fifo = sandbox
        .folder()
        .join(format!("knotmap-{}.json", "ab".repeat(16)));
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|status| status.success()) {
        eprintln!("skipped: no mkfifo");
        return;
    }
    let desktop = sandbox.sync("desktop.db");
    assert_eq!(desktop["skipped"], Value::Array(vec![]), "{desktop}");
    assert_eq!(
        desktop["unchanged"].as_array().unwrap().len(),
        1,
        "{desktop}"
    );
}

#[test]
fn two_syncs_at_once_both_finish_and_leave_whole_files() {
    let sandbox = laptop_and_desktop();
    sandbox.on("laptop.db", &["log", "soleus-left", "4"]);
    sandbox.sync("laptop.db");
    let folder = sandbox.folder();
    // As cron and a start of the app might, on the same computer.
    let children: Vec<_> = (0..8)
        .map(|_| {
            sandbox
                .process_at(&sandbox.path("desktop.db"))
                .arg("sync")
                .arg(&folder)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    for entry in fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let export: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(export["readings"].as_array().unwrap().len(), 3, "{path:?}");
    }
    assert_eq!(
        sandbox.history_of("desktop.db"),
        sandbox.history_of("laptop.db")
    );
}

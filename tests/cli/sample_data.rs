//! `knotmap sample-data` from the outside: a made-up history of about the
//! size asked for, sound, with every kind of knot, the same for the same
//! seed, and bad input refused without touching anything. The tests work
//! on several databases of one sandbox, named by file.

use std::path::Path;

use serde_json::Value;

use crate::common::Sandbox;

impl Sandbox {
    /// `knotmap sample-data ARGS...` into `name`, which must succeed; its
    /// stdout.
    fn sample(&self, name: &str, args: &[&str]) -> String {
        let output = self
            .knotmap_on(name)
            .arg("sample-data")
            .args(args)
            .assert()
            .success();
        String::from_utf8(output.get_output().stdout.clone()).unwrap()
    }

    /// `knotmap ARGS...` on `name`, which must succeed with one JSON
    /// document; parsed.
    fn json_on(&self, name: &str, args: &[&str]) -> Value {
        let output = self.knotmap_on(name).args(args).assert().success();
        serde_json::from_slice(&output.get_output().stdout).unwrap()
    }

    /// (knots, sessions, readings) as `knotmap doctor` counts them, which
    /// must find all well (exit 0).
    fn counts(&self, name: &str) -> (u64, u64, u64) {
        let output = self.knotmap_on(name).arg("doctor").assert().success();
        let stdout = String::from_utf8(output.get_output().stdout.clone()).unwrap();
        assert!(stdout.contains("All is well."), "{stdout}");
        let line = stdout
            .lines()
            .find(|line| line.starts_with("Holds "))
            .unwrap_or_else(|| panic!("no counts in:\n{stdout}"));
        let numbers: Vec<u64> = line
            .split(|c: char| !c.is_ascii_digit())
            .filter(|word| !word.is_empty())
            .map(|word| word.parse().unwrap())
            .collect();
        assert_eq!(numbers.len(), 3, "{line}");
        (numbers[0], numbers[1], numbers[2])
    }

    /// `knotmap sample-data ARGS...` into `name`, which must be refused
    /// with exit status 2 and one line on stderr, leaving every file as it
    /// was; that line.
    fn sample_refused(&self, name: &str, args: &[&str]) -> String {
        let mut command = self.knotmap_on(name);
        command.arg("sample-data").args(args);
        self.refused_with_code(command, 2)
    }
}

/// The one sample most tests look at: 5000 readings, the default seed.
fn sandbox_with_a_sample() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.sample("sample.db", &["--readings", "5000"]);
    sandbox
}

fn verdicts(knots: &Value) -> Vec<&str> {
    knots
        .as_array()
        .unwrap()
        .iter()
        .map(|knot| knot["verdict"].as_str().unwrap())
        .collect()
}

#[test]
fn about_the_readings_asked_for_in_a_sound_file() {
    let sandbox = Sandbox::new();
    let stdout = sandbox.sample("sample.db", &["--readings", "5000"]);
    let (knots, sessions, readings) = sandbox.counts("sample.db");
    assert!(
        (4850..=5150).contains(&readings),
        "{readings} readings for 5000"
    );
    assert!(
        knots > 20 && sessions > 100,
        "{knots} knots, {sessions} sessions"
    );
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.contains(&format!("{readings} readings")),
        "{stdout} does not say {readings} readings"
    );
}

#[test]
fn the_present_holds_calming_stalled_and_worse_knots_and_few_of_them() {
    let sandbox = sandbox_with_a_sample();
    let active = sandbox.json_on("sample.db", &["knots", "--json"]);
    let verdicts = verdicts(&active);
    for wanted in ["on-track", "stalled", "worse"] {
        assert!(verdicts.contains(&wanted), "no {wanted} knot: {verdicts:?}");
    }
    assert!(verdicts.len() <= 40, "{} active knots", verdicts.len());
}

#[test]
fn the_past_holds_knots_that_calmed_and_came_back() {
    let sandbox = sandbox_with_a_sample();
    let all = sandbox.json_on("sample.db", &["knots", "--json", "--all"]);
    let resolved = verdicts(&all)
        .iter()
        .filter(|&&verdict| verdict == "resolved")
        .count();
    assert!(resolved > 20, "{resolved} resolved knots");
    let recurring = sandbox.json_on("sample.db", &["recurring", "--json", "--all"]);
    let kinds: Vec<&str> = recurring["recurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|recurrence| recurrence["kind"].as_str().unwrap())
        .collect();
    for kind in ["flare", "nearby"] {
        let count = kinds.iter().filter(|&&k| k == kind).count();
        assert!(count >= 5, "{count} recurrences of kind {kind}");
    }
    // One knot flares again and again over the months.
    let most = all
        .as_array()
        .unwrap()
        .iter()
        .map(|knot| knot["sessions"].as_u64().unwrap())
        .max()
        .unwrap();
    assert!(most >= 20, "the busiest knot has {most} sessions");
    assert!(!recurring["regions"].as_array().unwrap().is_empty());
}

#[test]
fn a_seed_gives_the_same_history_and_another_seed_another() {
    let sandbox = Sandbox::new();
    sandbox.sample("a.db", &["--readings", "3000", "--seed", "7"]);
    sandbox.sample("b.db", &["--readings", "3000", "--seed", "7"]);
    sandbox.sample("c.db", &["--readings", "3000", "--seed", "8"]);
    assert_eq!(sandbox.counts("a.db"), sandbox.counts("b.db"));
    let shape = |name: &str| -> Vec<String> {
        let all = sandbox.json_on(name, &["knots", "--json", "--all"]);
        all.as_array()
            .unwrap()
            .iter()
            .map(|knot| {
                format!(
                    "{} {} {},{} {} {} {}-{}",
                    knot["id"],
                    knot["region"],
                    knot["x"],
                    knot["y"],
                    knot["verdict"],
                    knot["sessions"],
                    knot["first_pain"],
                    knot["latest_pain"]
                )
            })
            .collect()
    };
    assert_eq!(shape("a.db"), shape("b.db"));
    assert_ne!(shape("a.db"), shape("c.db"));
}

#[test]
fn the_default_seed_is_a_seed() {
    let sandbox = Sandbox::new();
    sandbox.sample("a.db", &["--readings", "1000"]);
    sandbox.sample("b.db", &["--readings", "1000", "--seed", "1"]);
    assert_eq!(sandbox.counts("a.db"), sandbox.counts("b.db"));
}

#[test]
fn bad_numbers_are_refused_in_one_line_and_change_nothing() {
    let sandbox = sandbox_with_a_sample();
    let counts = sandbox.counts("sample.db");
    for (args, named) in [
        (&["--readings", "0"][..], "--readings"),
        (&["--readings", "abc"], "--readings"),
        (&["--readings", "-3"], "--readings"),
        (&["--readings", "2.5"], "--readings"),
        (&["--readings", "5000", "--seed", "x"], "--seed"),
    ] {
        // Neither on a sample already there, nor into a new file.
        for name in ["sample.db", "new.db"] {
            let stderr = sandbox.sample_refused(name, args);
            assert!(stderr.contains(named), "{args:?}: {stderr}");
            assert!(!Path::new(&sandbox.path("new.db")).exists());
        }
    }
    assert_eq!(sandbox.counts("sample.db"), counts);
}

#[test]
fn a_database_that_holds_anything_is_refused_and_left_alone() {
    let sandbox = sandbox_with_a_sample();
    let stderr = sandbox.sample_refused("sample.db", &["--readings", "100"]);
    assert!(stderr.contains("already holds"), "{stderr}");

    // A log of one's own is never mixed with made-up readings.
    sandbox
        .knotmap_on("mine.db")
        .args(["log", "upper-trapezius-left", "6"])
        .assert()
        .success();
    let stderr = sandbox.sample_refused("mine.db", &["--readings", "100"]);
    assert!(
        stderr.contains("1 readings") || stderr.contains("holds"),
        "{stderr}"
    );
    assert_eq!(sandbox.counts("mine.db"), (1, 1, 1));
}

#[test]
fn the_smallest_sample_is_the_demo_month() {
    let sandbox = Sandbox::new();
    let stderr = sandbox.sample_refused("small.db", &["--readings", "10"]);
    let least: u64 = stderr
        .split(|c: char| !c.is_ascii_digit())
        .find(|word| !word.is_empty())
        .unwrap()
        .parse()
        .unwrap();
    sandbox.sample("small.db", &["--readings", &least.to_string()]);
    let help = sandbox
        .bare()
        .args(["sample-data", "--help"])
        .assert()
        .success();
    let help = String::from_utf8(help.get_output().stdout.clone()).unwrap();
    assert!(
        help.contains(&format!("at least {least},")),
        "--help does not give the least, {least}:\n{help}"
    );
    assert_eq!(sandbox.counts("small.db").2, least);
    let demo = Sandbox::new();
    let output = demo.bare().args(["--demo", "export"]).assert().success();
    let export: Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
    assert_eq!(export["readings"].as_array().unwrap().len() as u64, least);
}

#[test]
fn help_says_what_it_refuses() {
    let output = Sandbox::new()
        .bare()
        .args(["sample-data", "--help"])
        .assert()
        .success();
    let help = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    for words in ["--readings", "--seed", "new or empty", "left as it was"] {
        assert!(help.contains(words), "--help lacks {words:?}:\n{help}");
    }
}

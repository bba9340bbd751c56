//! Everyday words for regions from the command line: `knotmap log calf 7`
//! offers the calf's muscles, `knotmap log "left hammies" 7` logs on the
//! left hamstrings, and `knotmap regions` lists the words.
//!
//! Every test runs the real binary on a fresh database in its own temporary
//! folder, in UTC, without colours, and without `$KNOTMAP_DB`.

// Fixture helpers unwrap like assertions do: a broken fixture fails the test.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// A temporary folder that holds one test's database and settings.
struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox {
            dir: TempDir::new().unwrap(),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("knotmap.db")
    }

    /// knotmap on the sandbox's database, in UTC, without colours or the
    /// machine's settings.
    fn knotmap(&self) -> Command {
        let mut command = Command::cargo_bin("knotmap").unwrap();
        command
            .env_remove("KNOTMAP_DB")
            .env("KNOTMAP_CONFIG", self.dir.path().join("config.toml"))
            .env("TZ", "UTC")
            .env("NO_COLOR", "1")
            .arg("--db")
            .arg(self.db());
        command
    }

    /// `knotmap ARGS...`, which must succeed; its stdout.
    fn stdout(&self, args: &[&str]) -> String {
        let output = self.knotmap().args(args).assert().success();
        String::from_utf8(output.get_output().stdout.clone()).unwrap()
    }

    /// `knotmap log REGION 7`, which must be refused in one line on stderr
    /// without creating the database; that line.
    fn log_refused(&self, region: &str) -> String {
        let output = self.knotmap().args(["log", region, "7"]).assert().failure();
        let stderr = String::from_utf8(output.get_output().stderr.clone()).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
        assert!(
            !self.db().exists(),
            "log {region:?} wrote a database: {stderr}"
        );
        stderr.trim_end().to_string()
    }

    /// The region of the one knot logged so far.
    fn only_region(&self) -> String {
        let json: Value =
            serde_json::from_str(&self.stdout(&["knots", "--json", "--all"])).unwrap();
        let knots = json.as_array().unwrap();
        assert_eq!(knots.len(), 1, "{json:#}");
        knots[0]["region"].as_str().unwrap().to_string()
    }
}

#[test]
fn a_word_with_a_side_logs_on_that_muscle() {
    for (region, want) in [
        ("left hammies", "hamstrings-left"),
        ("upper calf r", "gastrocnemius-right"),
        ("lats l", "latissimus-dorsi-left"),
        ("r glute med", "gluteus-medius-right"),
        ("QL left", "quadratus-lumborum-left"),
        ("left shin", "tibialis-anterior-left"),
        ("abs", "rectus-abdominis"),
        ("love handles right", "obliques-right"),
        ("back of the left thigh", "hamstrings-left"),
        ("right thumb", "hand-right"),
        ("glute med r", "gluteus-medius-right"),
        ("quadratus-lumborum-r", "quadratus-lumborum-right"),
    ] {
        let sandbox = Sandbox::new();
        let out = sandbox.stdout(&["log", region, "7"]);
        assert!(out.contains("Logged pain 7/10"), "{region}: {out}");
        assert_eq!(sandbox.only_region(), want, "{region}");
    }
}

#[test]
fn an_area_word_is_refused_with_its_muscles_and_nothing_is_written() {
    let sandbox = Sandbox::new();
    assert_eq!(
        sandbox.log_refused("calf"),
        "knotmap: \"calf\" could be gastrocnemius-left, soleus-left, \
         gastrocnemius-right or soleus-right; say which"
    );
    assert_eq!(
        sandbox.log_refused("left calf"),
        "knotmap: \"left calf\" could be gastrocnemius-left or soleus-left; say which"
    );
    let lower_back = sandbox.log_refused("lower back r");
    assert!(
        lower_back.ends_with(
            "could be lumbar-erector-spinae-right or quadratus-lumborum-right; say which"
        ),
        "{lower_back}"
    );
    for area in ["neck", "outer thigh", "shoulder", "quads", "shoulder blade"] {
        let line = sandbox.log_refused(area);
        assert!(line.contains("could be"), "{area}: {line}");
        assert!(
            !line.contains("scalenes-left, scalenes-right or"),
            "{area}: {line}"
        );
    }
}

#[test]
fn an_unknown_word_suggests_words_before_spellings() {
    let sandbox = Sandbox::new();
    let calff = sandbox.log_refused("calff");
    assert_eq!(
        calff,
        "knotmap: no region matches \"calff\"; did you mean calf?"
    );
    for query in ["calff", "glutes", "glutez", "left calff"] {
        let line = sandbox.log_refused(query);
        assert!(!line.contains("scalenes"), "{query}: {line}");
    }
}

#[test]
fn what_was_typed_reaches_the_terminal_as_text() {
    let sandbox = Sandbox::new();
    let line = sandbox.log_refused("calf\u{1b}[31m\u{202e}");
    assert!(
        !line.chars().any(|c| c.is_control() || c == '\u{202e}'),
        "{line:?}"
    );
}

#[test]
fn regions_json_gives_each_region_its_words() {
    let sandbox = Sandbox::new();
    let json: Value = serde_json::from_str(&sandbox.stdout(&["regions", "--json"])).unwrap();
    let regions = json.as_array().unwrap();
    assert_eq!(regions.len(), 81);
    for region in regions {
        for field in ["slug", "name", "area", "side", "views", "caution", "words"] {
            assert!(region.get(field).is_some(), "{region} lacks {field}");
        }
        let words = region["words"].as_array().unwrap();
        assert!(!words.is_empty(), "{region} has no words");
        assert!(words.iter().all(Value::is_string), "{region}");
    }
    let words_of = |slug: &str| -> Vec<String> {
        let region = regions.iter().find(|r| r["slug"] == slug).unwrap();
        region["words"]
            .as_array()
            .unwrap()
            .iter()
            .map(|word| word.as_str().unwrap().to_string())
            .collect()
    };
    let calf = words_of("soleus-left");
    assert!(calf.contains(&"calf".to_string()), "{calf:?}");
    assert!(!words_of("peroneals-left").contains(&"calf".to_string()));
    assert!(words_of("quadratus-lumborum-right").contains(&"ql".to_string()));
}

#[test]
fn regions_text_has_a_words_column() {
    let sandbox = Sandbox::new();
    let out = sandbox.stdout(&["regions"]);
    let mut lines = out.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("SLUG"), "{header}");
    assert!(header.trim_end().ends_with("WORDS"), "{header}");
    let row = lines
        .find(|line| line.starts_with("gastrocnemius-left "))
        .unwrap();
    let caution = header.find("CAUTION").unwrap();
    let words = header.find("WORDS").unwrap();
    // The caution keeps its column; the words come after it.
    assert_eq!(row[caution..words].trim(), "calf", "{row}");
    assert!(row[words..].starts_with("gastroc, upper calf, "), "{row}");
}

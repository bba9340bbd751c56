//! Everyday words for regions from the command line: `knotmap log calf 7`
//! offers the calf's muscles, `knotmap log "left hammies" 7` logs on the
//! left hamstrings, and `knotmap regions` lists the words.

use serde_json::Value;

use crate::common::Sandbox;

/// `knotmap log REGION 7` on the sandbox's database, which must be refused
/// (see [`Sandbox::refused`]: one line on stderr, nothing on stdout, every
/// file as it was) without creating the database; that line.
fn log_word_refused(sandbox: &Sandbox, region: &str) -> String {
    let mut command = sandbox.knotmap();
    command.args(["log", region, "7"]);
    let line = sandbox.refused(command);
    assert!(
        !sandbox.db().exists(),
        "log {region:?} wrote a database: {line}"
    );
    line.trim_end().to_string()
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
        let knot = sandbox.only_knot();
        assert_eq!(knot["region"].as_str(), Some(want), "{region}: {knot:#}");
    }
}

#[test]
fn an_area_word_is_refused_with_its_muscles_and_nothing_is_written() {
    let sandbox = Sandbox::new();
    assert_eq!(
        log_word_refused(&sandbox, "calf"),
        "knotmap: \"calf\" could be gastrocnemius-left, soleus-left, \
         gastrocnemius-right or soleus-right; say which"
    );
    assert_eq!(
        log_word_refused(&sandbox, "left calf"),
        "knotmap: \"left calf\" could be gastrocnemius-left or soleus-left; say which"
    );
    let lower_back = log_word_refused(&sandbox, "lower back r");
    assert!(
        lower_back.ends_with(
            "could be lumbar-erector-spinae-right or quadratus-lumborum-right; say which"
        ),
        "{lower_back}"
    );
    for area in ["neck", "outer thigh", "shoulder", "quads", "shoulder blade"] {
        let line = log_word_refused(&sandbox, area);
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
    let calff = log_word_refused(&sandbox, "calff");
    assert_eq!(
        calff,
        "knotmap: no region matches \"calff\"; did you mean calf?"
    );
    for query in ["calff", "glutes", "glutez", "left calff"] {
        let line = log_word_refused(&sandbox, query);
        assert!(!line.contains("scalenes"), "{query}: {line}");
    }
}

#[test]
fn what_was_typed_reaches_the_terminal_as_text() {
    let sandbox = Sandbox::new();
    let line = log_word_refused(&sandbox, "calf\u{1b}[31m\u{202e}");
    assert!(
        !line.chars().any(|c| c.is_control() || c == '\u{202e}'),
        "{line:?}"
    );
}

#[test]
fn regions_json_gives_each_region_its_words() {
    let sandbox = Sandbox::new();
    let json = sandbox.json(&["regions", "--json"]);
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

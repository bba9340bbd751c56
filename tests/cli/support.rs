//! What several command modules share: the region table, sandboxes with a
//! history logged into them, and shortcuts for the commands they run most.

use serde_json::Value;

use crate::common::Sandbox;

impl Sandbox {
    /// `knotmap log ARGS...`, which must succeed; its stdout.
    pub fn log(&self, args: &[&str]) -> String {
        let output = self.knotmap().arg("log").args(args).assert().success();
        String::from_utf8(output.get_output().stdout.clone()).unwrap()
    }

    /// `knotmap knots --json [--all]`, parsed.
    pub fn knots(&self, all: bool) -> Vec<Value> {
        let mut command = self.knotmap();
        command.args(["knots", "--json"]);
        if all {
            command.arg("--all");
        }
        let output = command.assert().success();
        let json: Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
        json.as_array().unwrap().clone()
    }

    /// The one knot there is.
    pub fn only_knot(&self) -> Value {
        let knots = self.knots(true);
        assert_eq!(knots.len(), 1, "expected one knot: {knots:#?}");
        knots[0].clone()
    }

    /// The knot on `region`.
    pub fn knot_on(&self, region: &str) -> Value {
        self.knots(true)
            .into_iter()
            .find(|knot| knot["region"] == region)
            .unwrap_or_else(|| panic!("no knot on {region}"))
    }

    /// `knotmap ARGS...` on the sandbox's database, which must succeed; its
    /// stdout.
    pub fn stdout(&self, args: &[&str]) -> String {
        let output = self.knotmap().args(args).assert().success();
        String::from_utf8(output.get_output().stdout.clone()).unwrap()
    }

    /// `knotmap ARGS...`, which must succeed with one JSON document; parsed.
    pub fn json(&self, args: &[&str]) -> Value {
        let output = self.knotmap().args(args).assert().success();
        serde_json::from_slice(&output.get_output().stdout).unwrap()
    }

    /// Logs `scores` on `region`, one session a day from `first_day` on
    /// (`YYYY-MM-DD`, read as midday).
    pub fn log_daily(&self, region: &str, first_day: &str, scores: &[u8]) {
        let start: chrono::NaiveDate = first_day.parse().unwrap();
        for (offset, score) in (0_u64..).zip(scores) {
            let day = (start + chrono::Days::new(offset)).to_string();
            self.log(&[region, &score.to_string(), "--at", &day]);
        }
    }
}

/// The muscle region table of DESIGN.md: area, then the slug bases drawn on
/// both sides (`rectus-abdominis`, the one centre region, is apart).
pub const REGION_TABLE: &[(&str, &[&str])] = &[
    (
        "neck",
        &[
            "suboccipitals",
            "sternocleidomastoid",
            "scalenes",
            "upper-trapezius",
            "levator-scapulae",
        ],
    ),
    (
        "shoulder",
        &[
            "anterior-deltoid",
            "lateral-deltoid",
            "posterior-deltoid",
            "infraspinatus",
            "teres",
        ],
    ),
    (
        "upper-back",
        &["rhomboids", "latissimus-dorsi", "thoracic-erector-spinae"],
    ),
    (
        "chest",
        &["pectoralis-major", "pectoralis-minor", "serratus-anterior"],
    ),
    (
        "arm",
        &[
            "biceps",
            "triceps",
            "forearm-flexors",
            "forearm-extensors",
            "hand",
        ],
    ),
    (
        "lower-back",
        &["lumbar-erector-spinae", "quadratus-lumborum"],
    ),
    ("abdomen", &["obliques"]),
    (
        "hip",
        &[
            "gluteus-maximus",
            "gluteus-medius",
            "piriformis",
            "tensor-fasciae-latae",
            "hip-flexors",
            "adductors",
        ],
    ),
    (
        "thigh",
        &[
            "rectus-femoris",
            "vastus-lateralis",
            "vastus-medialis",
            "it-band",
            "hamstrings",
        ],
    ),
    (
        "lower-leg",
        &["tibialis-anterior", "peroneals", "gastrocnemius", "soleus"],
    ),
    ("foot", &["plantar-fascia"]),
];

pub const CENTRE_REGION: &str = "rectus-abdominis";

/// Every slug of the region table with its area, in table order.
pub fn expected_regions() -> Vec<(String, &'static str)> {
    let mut regions = Vec::new();
    for &(area, bases) in REGION_TABLE {
        for base in bases {
            regions.push((format!("{base}-left"), area));
            regions.push((format!("{base}-right"), area));
        }
    }
    regions.push((CENTRE_REGION.to_string(), "abdomen"));
    regions
}

/// A sandbox whose database holds one knot, on upper-trapezius-left.
pub fn sandbox_with_a_knot() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.log(&["upper-trapezius-left", "7", "--at", "2026-03-01 18:00"]);
    sandbox
}

/// Bytes that are no file format at all (a fixed xorshift sequence).
pub fn noise(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[3]
        })
        .collect()
}

/// The date `days` days before today (UTC), as `YYYY-MM-DD`: its midday is
/// in the past from `days == 1` on.
pub fn days_ago(days: u64) -> String {
    (chrono::Utc::now().date_naive() - chrono::Days::new(days)).to_string()
}

/// A sandbox whose database exists but holds no knot, reading or session.
pub fn empty_sandbox() -> Sandbox {
    let sandbox = sandbox_with_a_knot();
    let conn = rusqlite::Connection::open(sandbox.db()).unwrap();
    conn.execute_batch("DELETE FROM readings; DELETE FROM knots; DELETE FROM sessions;")
        .unwrap();
    conn.close().unwrap();
    assert!(sandbox.knots(true).is_empty());
    sandbox
}

/// A sandbox whose one knot, on biceps-left, calmed (7, 2, 1 on three days)
/// and flared again two weeks later (6).
pub fn sandbox_with_a_flare() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.log_daily("biceps-left", "2026-03-01", &[7, 2, 1]);
    sandbox.log(&["biceps-left", "6", "--at", "2026-03-17"]);
    sandbox
}

/// A sandbox with knots in several areas, one of which came back, and
/// pressure thresholds, notes and pain after treatment.
pub fn sandbox_with_a_history() -> Sandbox {
    let sandbox = sandbox_with_a_flare();
    sandbox.log_daily("upper-trapezius-left", "2026-02-01", &[7, 6, 6, 6]);
    sandbox.log(&[
        "upper-trapezius-left",
        "6",
        "--after",
        "3",
        "--technique",
        "pin and stretch",
        "--tool",
        "massage ball",
        "--minutes",
        "5",
        "--note",
        "a long note about the desk, the chair and the screen at work",
        "--ppt",
        "3.5",
        "--at",
        "2026-02-05",
    ]);
    sandbox.log_daily("gluteus-medius-right", "2026-02-10", &[8, 5, 4]);
    sandbox.log_daily("hamstrings-left", &days_ago(3), &[5, 7]);
    sandbox
}

/// Runs `args` on the sandbox's database, which must be refused in one line
/// (nothing written); that line.
pub fn refused_args(sandbox: &Sandbox, args: &[&str]) -> String {
    let mut command = sandbox.knotmap();
    command.args(args);
    sandbox.refused(command)
}

/// The object `value` has `field`, possibly with an explicit null.
pub fn assert_has_fields(value: &Value, fields: &[&str]) {
    let object = value.as_object().unwrap();
    for field in fields {
        assert!(object.contains_key(*field), "{value:#} lacks {field}");
    }
}

/// The advice of `knotmap log` or `knotmap show`: the text of every
/// "Careful: ..." line, without the prefix.
pub fn cautions(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter_map(|line| line.strip_prefix("Careful: "))
        .collect()
}

/// `stdout` has a "Careful: " line that contains `needle`.
pub fn assert_cautions(stdout: &str, needle: &str, what: &str) {
    assert!(
        cautions(stdout).iter().any(|line| line.contains(needle)),
        "{what}: no \"Careful:\" line with \"{needle}\":\n{stdout}"
    );
}

/// `stdout` has no "Careful: " line that contains `needle`.
pub fn assert_no_caution(stdout: &str, needle: &str, what: &str) {
    assert!(
        !cautions(stdout).iter().any(|line| line.contains(needle)),
        "{what}: a \"Careful:\" line with \"{needle}\" where none belongs:\n{stdout}"
    );
}

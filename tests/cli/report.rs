//! `knotmap report` from the outside: the HTML page is well-formed, holds
//! every knot, both views and their side labels, fetches nothing and runs
//! nothing; notes cannot inject markup; Markdown has the same tables;
//! `--since`, `-o` and an empty database behave.

use std::fs;
use std::path::Path;

use chrono::{Duration, Utc};
use roxmltree::{Document, Node, ParsingOptions};
use serde_json::Value;

use crate::common::{KNOTMAP, Sandbox};

impl Sandbox {
    /// `knotmap report ARGS...`, which must succeed; its stdout.
    fn report(&self, args: &[&str]) -> String {
        let output = self.knotmap().arg("report").args(args).assert().success();
        String::from_utf8(output.get_output().stdout.clone()).unwrap()
    }
}

/// A time `days` days before now, as `log --at` takes it.
fn days_ago(days: i64) -> String {
    (Utc::now() - Duration::days(days) - Duration::hours(2))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Knots logged in the last weeks so that between them they have every
/// verdict: (region slug, its display name, its scores one day apart, the
/// verdict they earn).
const KNOTS: &[(&str, &str, &[u8], &str)] = &[
    ("biceps-left", "Biceps, left", &[8, 4], "on track"),
    ("triceps-right", "Triceps, right", &[5, 7], "worse"),
    ("soleus-left", "Soleus, left", &[6, 6, 6, 6, 6], "stalled"),
    ("hamstrings-right", "Hamstrings, right", &[6], "new"),
    (
        "rhomboids-left",
        "Rhomboids and middle trapezius, left",
        &[7, 2, 1],
        "resolved",
    ),
    (
        "gluteus-medius-left",
        "Gluteus medius, left",
        &[8, 7],
        "slow",
    ),
];

/// A sandbox holding the knots of [`KNOTS`], with an after score, a
/// technique and a tool on each reading.
fn sandbox_with_every_verdict() -> Sandbox {
    let sandbox = Sandbox::new();
    for (index, &(slug, _, scores, _)) in KNOTS.iter().enumerate() {
        for (day, &pain) in scores.iter().enumerate() {
            let at = days_ago(8 - day as i64);
            let after = pain.saturating_sub(2).to_string();
            let pain = pain.to_string();
            let minutes = (index + 3).to_string();
            sandbox.log(&[
                slug,
                &pain,
                "--after",
                &after,
                "--technique",
                if index % 2 == 0 {
                    "pressure"
                } else {
                    "stripping"
                },
                "--tool",
                "ball",
                "--minutes",
                &minutes,
                "--at",
                &at,
            ]);
        }
    }
    sandbox
}

/// Parses a page as XML, which it must be.
fn parse(html: &str) -> Document<'_> {
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(html, options)
        .unwrap_or_else(|error| panic!("not well-formed: {error}\n{html}"))
}

fn has_class(node: Node, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|c| c == class))
}

/// All the text inside a node, joined.
fn text_of(node: Node) -> String {
    node.descendants()
        .filter(Node::is_text)
        .filter_map(|n| n.text())
        .collect()
}

fn elements<'a, 'input>(doc: &'a Document<'input>, name: &str) -> Vec<Node<'a, 'input>> {
    doc.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == name)
        .collect()
}

/// What no page may hold: scripts, or anything from the network.
fn assert_offline(html: &str) {
    let lower = html.to_lowercase();
    for banned in [
        "<script", "http://", "https://", "<iframe", "<link", "@import", "url(",
    ] {
        assert!(!lower.contains(banned), "the page holds {banned:?}");
    }
    for handler in [" onload=", " onclick=", " onerror=", " onmouseover="] {
        assert!(!lower.contains(handler), "the page holds {handler:?}");
    }
}

#[test]
fn html_is_well_formed_with_every_knot_and_its_verdict() {
    let sandbox = sandbox_with_every_verdict();
    // Every knot in full: the whole history's report.
    let html = sandbox.report(&["--all"]);
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..40]);
    assert_offline(&html);
    let doc = parse(&html);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "html");

    let knots = sandbox.knots(true);
    assert_eq!(knots.len(), KNOTS.len());
    for knot in &knots {
        let id = knot["id"].as_i64().unwrap();
        let slug = knot["region"].as_str().unwrap();
        let &(_, name, _, verdict) = KNOTS.iter().find(|k| k.0 == slug).unwrap();
        // A section of its own, titled with its id and region...
        let article = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(&format!("knot-{id}")))
            .unwrap_or_else(|| panic!("no section for knot {id}"));
        let title = text_of(article.first_element_child().unwrap());
        assert!(
            title.contains(&format!("Knot {id} · {name}")),
            "knot {id}: {title}"
        );
        // ...with its verdict and a chart.
        let badge = article
            .descendants()
            .find(|n| has_class(*n, "verdict"))
            .unwrap();
        assert_eq!(text_of(badge), verdict, "knot {id} ({slug})");
        assert!(
            article.descendants().any(|n| has_class(n, "chart")),
            "knot {id} has no chart"
        );
        // A row in the overview table.
        assert!(
            elements(&doc, "tr").into_iter().any(|row| {
                let cells: Vec<String> = row
                    .children()
                    .filter(|c| c.tag_name().name() == "td")
                    .map(text_of)
                    .collect();
                cells.len() > 8 && cells[0] == id.to_string() && cells[1] == name
            }),
            "knot {id} is not in the overview"
        );
        // A marker on the map.
        assert!(
            elements(&doc, "title")
                .iter()
                .any(|t| text_of(*t).starts_with(&format!("Knot {id}: {name}, latest pain"))),
            "knot {id} is not on the map"
        );
    }
    let verdicts: Vec<String> = doc
        .descendants()
        .filter(|n| has_class(*n, "verdict"))
        .map(text_of)
        .collect();
    for &(_, _, _, verdict) in KNOTS {
        assert!(
            verdicts.iter().any(|v| v == verdict),
            "no {verdict} verdict"
        );
    }
    // Each verdict comes with the rule behind it, as `show` states it.
    for knot in &knots {
        let id = knot["id"].as_i64().unwrap().to_string();
        let output = sandbox
            .knotmap()
            .args(["show", &id, "--json"])
            .assert()
            .success();
        let shown: Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
        let rule = shown["verdict_rule"].as_str().unwrap();
        let article = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(&format!("knot-{id}")))
            .unwrap();
        let stated = article
            .descendants()
            .find(|n| has_class(*n, "rule"))
            .map(text_of);
        assert_eq!(stated.as_deref(), Some(rule), "knot {id}");
    }
}

#[test]
fn both_views_are_drawn_with_the_persons_sides_labelled() {
    let sandbox = sandbox_with_every_verdict();
    let html = sandbox.report(&[]);
    let doc = parse(&html);
    let maps: Vec<Node> = elements(&doc, "svg")
        .into_iter()
        .filter(|n| has_class(*n, "map"))
        .collect();
    assert_eq!(maps.len(), 2, "a front and a back view");
    // The labels above each drawing, from the viewer's left to right.
    let labels = |map: Node| -> Vec<String> {
        map.children()
            .find(|n| n.tag_name().name() == "g")
            .unwrap()
            .children()
            .filter(|n| n.tag_name().name() == "text")
            .map(text_of)
            .collect()
    };
    assert_eq!(labels(maps[0]), ["their right", "FRONT", "their left"]);
    assert_eq!(labels(maps[1]), ["their left", "BACK", "their right"]);
    assert!(html.contains("their left is on your right"));
    assert!(html.contains("their left is on your left"));
    // Drawn from the same art as the terminal: the face is on the front.
    assert!(text_of(maps[0]).contains('o'));
    // Shaded by pain: the worse knot's region is darker than no reading.
    assert!(html.contains(r##"fill="#e34a33""##) || html.contains(r##"fill="#fc8d59""##));
}

#[test]
fn the_page_says_it_is_a_self_care_log_and_where_the_course_comes_from() {
    let sandbox = sandbox_with_every_verdict();
    for format in ["html", "md"] {
        let report = sandbox.report(&["--format", format]);
        assert!(report.contains("not medical advice"), "{format}");
        assert!(report.contains("self-care guides"), "{format}");
        assert!(report.contains("3-4/10"), "{format}");
        assert!(report.contains("sessions 3-5"), "{format}");
    }
}

#[test]
fn techniques_and_tools_show_the_mean_drop() {
    let sandbox = sandbox_with_every_verdict();
    let html = sandbox.report(&[]);
    let doc = parse(&html);
    let section = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("treatment"))
        .unwrap();
    let text = text_of(section);
    // Every reading dropped 2 points, but the ones at 1/10 (down to 0).
    assert!(text.contains("pressure"), "{text}");
    assert!(text.contains("stripping"), "{text}");
    assert!(text.contains("ball"), "{text}");
    assert!(text.contains("points"), "{text}");
}

const NASTY_NOTE: &str = "<script>alert(1)</script> & \"quoted\" 'too' 💪🏽 </td></table>";

#[test]
fn a_note_cannot_inject_markup() {
    let sandbox = Sandbox::new();
    sandbox.log(&[
        "biceps-left",
        "6",
        "--note",
        NASTY_NOTE,
        "--technique",
        "<b>bold</b>",
        "--symptom",
        "tingling",
        "--at",
        &days_ago(2),
    ]);
    let html = sandbox.report(&[]);
    assert_offline(&html);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;"));
    assert!(html.contains("💪🏽"));
    assert!(!html.contains("<b>bold"));
    // The parser reads the note back exactly as it was typed.
    let doc = parse(&html);
    let notes: Vec<String> = elements(&doc, "td")
        .into_iter()
        .filter(|td| has_class(*td, "note"))
        .map(text_of)
        .collect();
    assert!(notes.iter().any(|n| n == NASTY_NOTE), "{notes:?}");
    // The symptom is listed, with what it calls for.
    assert!(html.contains("tingling is a reason to see a physiotherapist"));

    let md = sandbox.report(&["--format", "md"]);
    assert!(
        !md.replace("\\<", "").contains("<script"),
        "an unescaped tag: {md}"
    );
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"), "{md}");
    assert!(md.contains("💪🏽"));
    // The note stays in its cell: every row that holds it has as many
    // cell borders as its table's header (10 columns for the readings of a
    // knot, 8 for the symptoms and notes).
    let borders = |line: &str| {
        let mut count = 0;
        let mut escaped = false;
        for c in line.chars() {
            if c == '|' && !escaped {
                count += 1;
            }
            escaped = c == '\\' && !escaped;
        }
        count
    };
    let rows: Vec<&str> = md.lines().filter(|l| l.contains("alert(1)")).collect();
    assert_eq!(rows.len(), 2, "{md}");
    for row in rows {
        assert!([9, 11].contains(&borders(row)), "{row}");
    }
}

#[test]
fn markdown_has_the_knots_table_and_no_svg() {
    let sandbox = sandbox_with_every_verdict();
    let md = sandbox.report(&["--all", "--format", "md"]);
    assert!(md.starts_with("# Muscle knot report"), "{md}");
    assert!(!md.contains("<svg"), "{md}");
    assert!(
        md.contains("| Knot | Region | View | First | Latest | Best | Change | Sessions | Verdict | Came back |"),
        "{md}"
    );
    for knot in sandbox.knots(true) {
        let id = knot["id"].as_i64().unwrap();
        let slug = knot["region"].as_str().unwrap();
        let &(_, name, _, verdict) = KNOTS.iter().find(|k| k.0 == slug).unwrap();
        let row = format!("| {id} | {name} |");
        let line = md
            .lines()
            .find(|l| l.starts_with(&row))
            .unwrap_or_else(|| panic!("no row for knot {id}:\n{md}"));
        assert!(line.contains(&format!("| {verdict} |")), "{line}");
        assert!(md.contains(&format!("### Knot {id} · {name}")), "{md}");
    }
    for heading in [
        "## Trends by muscle and body area",
        "## Symptoms, cautions and knots that came back",
        "## Techniques and tools",
    ] {
        assert!(md.contains(heading), "no {heading}");
    }
}

#[test]
fn since_leaves_out_older_knots() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "7", "--at", "2026-03-01 18:00"]);
    sandbox.log(&["biceps-left", "5", "--at", "2026-03-02 18:00"]);
    sandbox.log(&["soleus-right", "6", "--at", "2026-03-10 18:00"]);
    let html = sandbox.report(&["--since", "2026-03-05"]);
    parse(&html);
    assert!(html.contains("Soleus, right"));
    assert!(!html.contains("Biceps"), "the older knot is left out");
    assert!(
        html.contains("5 Mar 2026 to"),
        "the period starts on the date asked"
    );
    let md = sandbox.report(&["--since", "2026-03-05", "--format", "md"]);
    assert!(md.contains("Soleus, right"));
    assert!(!md.contains("Biceps"));
    // With --all, both are there.
    let all = sandbox.report(&["--all"]);
    assert!(all.contains("Biceps, left") && all.contains("Soleus, right"));
    assert!(
        all.contains("1 Mar 2026 to"),
        "the period starts at the first reading"
    );
}

#[test]
fn since_after_every_reading_says_there_is_nothing_in_the_period() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "7", "--at", "2026-03-01 18:00"]);
    let html = sandbox.report(&["--since", "2026-04-01"]);
    parse(&html);
    assert!(html.contains("No readings in this period"), "{html}");
    assert!(!html.contains("Biceps"));
}

#[test]
fn a_bad_since_is_refused_in_one_line_and_writes_nothing() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "7", "--at", "2026-03-01 18:00"]);
    let out = sandbox.path("report.html");
    for bad in ["last tuesday", "2026-13-01", "2999-01-01"] {
        let mut command = sandbox.knotmap();
        command.args(["report", "--since", bad, "-o"]).arg(&out);
        let stderr = sandbox.refused(command);
        assert!(stderr.contains(bad), "{stderr}");
        assert!(!out.exists(), "{bad}: a file was written");
    }
}

#[test]
fn output_goes_to_the_file_and_nothing_is_printed() {
    let sandbox = sandbox_with_every_verdict();
    let out = sandbox.path("report.html");
    let output = sandbox
        .knotmap()
        .args(["report", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert!(output.get_output().stdout.is_empty());
    let html = fs::read_to_string(&out).unwrap();
    parse(&html);
    assert!(html.contains("Biceps, left"));
    let md_out = sandbox.path("report.md");
    let output = sandbox
        .knotmap()
        .args(["report", "--format", "md", "--output"])
        .arg(&md_out)
        .assert()
        .success();
    assert!(output.get_output().stdout.is_empty());
    assert!(
        fs::read_to_string(&md_out)
            .unwrap()
            .contains("| Knot | Region |")
    );
}

#[test]
fn an_empty_database_gives_a_report_that_says_there_is_nothing_yet() {
    let sandbox = Sandbox::new();
    knotmap::store::Store::open(&sandbox.db(), knotmap::store::IfMissing::Create).unwrap();
    let html = sandbox.report(&[]);
    assert_offline(&html);
    parse(&html);
    assert!(html.contains("Nothing logged yet"), "{html}");
    assert!(html.contains("not medical advice"));
    let md = sandbox.report(&["--format", "md"]);
    assert!(md.contains("Nothing logged yet"), "{md}");
}

#[test]
fn the_demo_report_holds_every_knot_a_recurrence_and_a_symptom() {
    let sandbox = Sandbox::new();
    let output = sandbox
        .bare()
        .args(["--demo", "report", "--all"])
        .assert()
        .success();
    let html = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert_offline(&html);
    let doc = parse(&html);
    let articles = elements(&doc, "article");
    assert!(articles.len() >= 10, "{} knots", articles.len());
    let cautions = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("cautions"))
        .unwrap();
    let text = text_of(cautions);
    assert!(text.contains("Knots that came back"));
    assert!(text.contains("flared again"), "{text}");
    assert!(text.contains("tingling"), "{text}");
    assert!(text.contains("Worth checking"), "{text}");
}

/// Renders the demo report in headless Chromium (installing it when
/// missing) and checks that a picture came out. Slow, and it needs
/// Chromium: run it with `cargo test --test cli report:: -- --ignored`.
#[test]
#[ignore = "needs Chromium; installs it when missing"]
fn the_screenshot_script_writes_a_png() {
    // Outside the sandbox's environment: the script may install Chromium,
    // which wants the real home folder.
    let sandbox = Sandbox::new();
    let png = sandbox.path("report.png");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/report-screenshot.sh");
    let output = std::process::Command::new(script)
        .arg(&png)
        .env("KNOTMAP_BIN", KNOTMAP)
        .env("TZ", "UTC")
        .env_remove("KNOTMAP_DB")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = String::from_utf8(output.stdout).unwrap();
    assert_eq!(printed.trim(), png.to_str().unwrap());
    let bytes = fs::read(&png).unwrap();
    assert!(bytes.len() > 10_000, "{} bytes", bytes.len());
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
}

#[test]
fn by_default_the_report_covers_the_last_twelve_weeks_and_counts_the_rest() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "7", "--at", &days_ago(100)]);
    sandbox.log(&["biceps-left", "5", "--at", &days_ago(99)]);
    sandbox.log(&["soleus-right", "6", "--at", &days_ago(3)]);
    for args in [&[][..], &["--format", "md"]] {
        let report = sandbox.report(args);
        assert!(report.contains("Soleus, right"), "{report}");
        assert!(
            !report.contains("Biceps"),
            "the knot of 100 days ago is left out"
        );
        assert!(
            report.contains(
                "Left out: 2 earlier readings in 2 sessions before this period, and 1 knot not \
                 logged since; knotmap report --all covers the whole history."
            ),
            "{report}"
        );
    }
    let all = sandbox.report(&["--all"]);
    assert!(all.contains("Biceps, left") && all.contains("Soleus, right"));
    assert!(!all.contains("Left out"));
    // --since and --all ask for two different periods.
    let output = sandbox
        .knotmap()
        .args(["report", "--all", "--since", "2026-01-01"])
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&output.get_output().stderr).into_owned();
    let first = stderr.lines().next().unwrap_or_default();
    assert!(
        first.contains("--all") && first.contains("--since"),
        "{stderr}"
    );
    assert!(output.get_output().stdout.is_empty());
}

/// A marker's box on a map: left, top, width, height.
type Label = (f64, f64, f64, f64);

/// Knot markers on the page's body maps, map by map: each box, and
/// whether the knot is active, in the order they are drawn.
fn markers(html: &str) -> Vec<Vec<(Label, bool)>> {
    let page = parse(html);
    page.descendants()
        .filter(|node| node.has_tag_name("svg") && has_class(*node, "map"))
        .map(|map| {
            map.descendants()
                .filter(|node| node.has_tag_name("g") && has_class(*node, "knot"))
                .map(|marker| {
                    let rect = marker
                        .children()
                        .find(|child| child.has_tag_name("rect"))
                        .unwrap();
                    let number = |name: &str| rect.attribute(name).unwrap().parse::<f64>().unwrap();
                    (
                        (number("x"), number("y"), number("width"), number("height")),
                        has_class(marker, "active"),
                    )
                })
                .collect()
        })
        .collect()
}

#[test]
fn map_labels_never_overlap_and_active_knots_are_drawn_over_calmed_ones() {
    let sandbox = Sandbox::new();
    sandbox
        .knotmap()
        .args(["sample-data", "--readings", "5000"])
        .assert()
        .success();
    // The whole history crowds the most knots onto the maps.
    for args in [&[][..], &["--all"]] {
        let html = sandbox.report(args);
        let maps = markers(&html);
        assert_eq!(maps.len(), 2, "{args:?}: both views");
        let mut drawn = 0;
        for map in &maps {
            drawn += map.len();
            for (index, &(a, _)) in map.iter().enumerate() {
                for &(b, _) in &map[index + 1..] {
                    let apart = a.0 + a.2 <= b.0
                        || b.0 + b.2 <= a.0
                        || a.1 + a.3 <= b.1
                        || b.1 + b.3 <= a.1;
                    assert!(apart, "{args:?}: labels {a:?} and {b:?} overlap");
                }
            }
            let first_active = map
                .iter()
                .position(|&(_, active)| active)
                .unwrap_or(map.len());
            assert!(
                map[first_active..].iter().all(|&(_, active)| active),
                "{args:?}: a calmed knot is drawn over an active one"
            );
        }
        assert!(drawn > 10, "{args:?}: only {drawn} knots marked");
    }
}

/// About how many A4 pages a report prints on. The proxy: the report's
/// Markdown form (the same document, written as text) with each line
/// wrapped at 95 characters, about a line of the printed page's body
/// text; plus the pictures only the page has, at 16 pixels a line: the
/// two body maps (side by side, so one map's height) and each knot's
/// chart. An A4 page holds about 60 such lines.
fn printed_pages(sandbox: &Sandbox, on: &[&str]) -> f64 {
    let run = |format: &str| {
        let output = sandbox
            .knotmap()
            .args(on)
            .args(["report", "--format", format])
            .assert()
            .success();
        String::from_utf8(output.get_output().stdout.clone()).unwrap()
    };
    let text_lines: usize = run("md")
        .lines()
        .map(|line| line.chars().count().div_ceil(95).max(1))
        .sum();
    let html = run("html");
    let page = parse(&html);
    let heights = |class: &str| {
        page.descendants()
            .filter(|node| node.has_tag_name("svg") && has_class(*node, class))
            .map(|svg| svg.attribute("height").unwrap().parse::<f64>().unwrap())
            .collect::<Vec<f64>>()
    };
    let maps = heights("map").into_iter().fold(0.0, f64::max);
    let charts: f64 = heights("chart").into_iter().sum();
    (text_lines as f64 + (maps + charts) / 16.0) / 60.0
}

#[test]
fn the_report_prints_on_about_eight_pages() {
    let sandbox = Sandbox::new();
    let demo = printed_pages(&sandbox, &["--demo"]);
    assert!(demo <= 8.0, "the demo's report takes {demo:.1} pages");
    sandbox
        .knotmap()
        .args(["sample-data", "--readings", "5000"])
        .assert()
        .success();
    let sample = printed_pages(&sandbox, &[]);
    assert!(
        sample <= 8.0,
        "the 5,000-reading sample's report takes {sample:.1} pages"
    );
}

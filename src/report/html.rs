//! The report as one HTML page: no scripts, nothing fetched from the
//! network, its style inline and made for A4 paper. The markup is also
//! well-formed XML (every element closed, only XML's own entities), so a
//! plain XML parser can check it.

use std::collections::HashMap;
use std::fmt::{self, Write as _};

use super::svg::{self, Key, PAIN_SHADES, pain_fill};
use super::text::{self, Html};
use super::{KnotReport, Report, Response, change_text, is_serious, plural, verdict_name};
use crate::body::{Body, Region, View};
use crate::domain::KnotSummary;
use crate::domain::course;
use crate::domain::trends::{SERIES_LENGTH, Trend};
use crate::domain::verdict::Verdict;

const STYLE: &str = r#"
@page { size: A4; margin: 14mm 12mm 16mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; padding: 10mm 8mm; max-width: 200mm; color: #111; background: #fff;
  font: 10pt/1.45 "Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif; }
h1 { font-size: 20pt; margin: 0 0 1mm; letter-spacing: -0.01em; }
h2 { font-size: 14pt; margin: 0 0 3mm; padding-bottom: 1mm; border-bottom: 1.5pt solid #111; }
h3 { font-size: 11.5pt; margin: 0 0 2mm; }
h4 { font-size: 10pt; margin: 3mm 0 1mm; }
p { margin: 0 0 2mm; }
ul { margin: 0 0 2mm; padding-left: 5mm; }
section { margin-top: 9mm; }
section.page { break-before: page; page-break-before: always; }
.meta { color: #333; margin-bottom: 3mm; }
.notice { border: 1pt solid #111; border-left-width: 4pt; padding: 2mm 3mm; margin: 3mm 0; }
.notice p:last-child { margin: 0; }
.figures { display: flex; gap: 3mm; flex-wrap: wrap; margin: 2mm 0; }
.summary { display: flex; gap: 2mm; flex-wrap: wrap; margin: 3mm 0; }
.summary div { border: 0.75pt solid #888; padding: 1.5mm 3mm; min-width: 28mm; }
.summary strong { display: block; font-size: 16pt; line-height: 1.1; }
.maps { display: flex; gap: 4mm; justify-content: center; margin: 2mm 0; }
.maps figure { flex: 1 1 0; margin: 0; max-width: 92mm; }
.maps figcaption { font-size: 8.5pt; color: #333; text-align: center; }
svg.map { width: 100%; height: auto; display: block; }
.legend { display: flex; flex-wrap: wrap; gap: 1mm 4mm; font-size: 8.5pt; color: #222; margin: 1mm 0 2mm; align-items: center; }
.legend span { display: inline-flex; align-items: center; gap: 1.2mm; }
svg.key { display: inline-block; vertical-align: middle; }
table { border-collapse: collapse; width: 100%; font-size: 8.8pt; margin: 1mm 0 3mm; }
th, td { padding: 0.9mm 1.4mm; text-align: left; vertical-align: top; border-bottom: 0.5pt solid #bbb; }
th { border-bottom: 1pt solid #111; font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.nowrap { white-space: nowrap; }
tr.window td { background: #f0f0f0; }
td.note { min-width: 36mm; max-width: 60mm; overflow-wrap: anywhere; }
.verdict { display: inline-block; padding: 0 1.6mm; border: 0.75pt solid #111; border-radius: 1.5mm; white-space: nowrap; font-size: 8.5pt; }
.verdict-worse, .verdict-stalled { background: #111; color: #fff; font-weight: bold; }
.verdict-slow, .verdict-new { border-style: dashed; }
.verdict-resolved { color: #555; border-color: #888; }
article.knot { border-top: 0.75pt solid #888; padding-top: 3mm; margin-top: 4mm; }
.knot-head, #map, .legend, figure { break-inside: avoid; page-break-inside: avoid; }
h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
.knot-top { display: flex; gap: 4mm; align-items: flex-start; }
.knot-top .chart-box { flex: 0 0 84mm; }
svg.chart { width: 100%; height: auto; display: block; }
.knot-top .facts { flex: 1 1 auto; }
.facts table { margin-top: 0; }
.facts th { width: 26mm; border-bottom: 0.5pt solid #bbb; font-weight: normal; color: #333; }
.rule { font-size: 8.8pt; }
ul.advice li.serious { font-weight: bold; }
svg.spark { width: 30mm; height: auto; display: block; }
table.trends { table-layout: fixed; }
table.trends col.name { width: 34%; }
table.trends col.spark { width: 34mm; }
.small { font-size: 8.5pt; color: #333; }
.empty { font-size: 12pt; border: 1pt dashed #555; padding: 6mm; text-align: center; margin: 6mm 0; }
footer { margin-top: 8mm; font-size: 8.5pt; color: #333; border-top: 0.5pt solid #888; padding-top: 2mm; }
@media screen { body { box-shadow: 0 0 0 1px #ddd; margin: 6mm auto; } }
@media print { body { padding: 0; max-width: none; } .maps figure { max-width: 76mm; } }
"#;

/// The whole page.
pub fn to_html(report: &Report) -> Result<String, fmt::Error> {
    let mut out = String::new();
    page(&mut out, report)?;
    Ok(out)
}

fn page(out: &mut String, report: &Report) -> fmt::Result {
    let period = period_text(report);
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, r#"<html lang="en">"#)?;
    writeln!(out, "<head>")?;
    writeln!(out, r#"<meta charset="utf-8"/>"#)?;
    writeln!(
        out,
        r#"<meta name="viewport" content="width=device-width, initial-scale=1"/>"#
    )?;
    writeln!(out, r#"<meta name="generator" content="knotmap"/>"#)?;
    writeln!(out, "<title>Muscle knot report, {}</title>", Html(&period))?;
    writeln!(out, "<style>{STYLE}</style>")?;
    writeln!(out, "</head>")?;
    writeln!(out, "<body>")?;
    writeln!(out, "<header>")?;
    writeln!(out, "<h1>Muscle knot report</h1>")?;
    writeln!(
        out,
        r#"<p class="meta"><strong>Period:</strong> {}. Made with knotmap on {}.</p>"#,
        Html(&period),
        Html(&text::long_day(report.made_at))
    )?;
    notice(out, report)?;
    writeln!(out, "</header>")?;

    if report.knots.is_empty() {
        let message = if report.anything_logged {
            "No readings in this period: nothing to report yet. Try an earlier start date, or leave out --since."
        } else {
            "Nothing logged yet: this report fills in once knots are logged, from the map in knotmap or with knotmap log."
        };
        writeln!(out, r#"<p class="empty">{}</p>"#, Html(message))?;
    } else {
        summary(out, report)?;
        body_maps(out, report)?;
        knots(out, report)?;
        regions(out, report)?;
        cautions(out, report)?;
        treatments(out, report)?;
    }
    footer(out, report)?;
    writeln!(out, "</body>")?;
    writeln!(out, "</html>")
}

/// "25 Oct 2026 to 23 Nov 2026".
fn period_text(report: &Report) -> String {
    let start = if report.anything_logged || report.since.is_some() {
        text::long_day(report.since.unwrap_or(report.from))
    } else {
        text::long_day(report.made_at)
    };
    format!("{start} to {}", text::long_day(report.made_at))
}

fn notice(out: &mut String, report: &Report) -> fmt::Result {
    let rules = &report.rules;
    let (window, band) = (course::window(rules), course::expected_band(rules));
    writeln!(out, r#"<div class="notice">"#)?;
    writeln!(
        out,
        "<p><strong>A self-care log, not medical advice.</strong> The person kept this record \
         themselves with knotmap while treating their own muscle knots (trigger points) with a \
         foam roller, a ball, a stick or their hands. It does not diagnose anything.</p>"
    )?;
    writeln!(
        out,
        "<p>The expected course it compares each knot with comes from self-care guides, not from \
         clinical trials: with about one session a day, a knot is expected to ease to around \
         {}-{}/10 by sessions {}-{}. A drop counts as meaningful at {} points and \
         {}% below the first session's score.</p>",
        band.start(),
        band.end(),
        window.start(),
        window.end(),
        rules.meaningful_points,
        rules.meaningful_percent
    )?;
    writeln!(out, "</div>")
}

fn verdict_badge(out: &mut String, verdict: Verdict) -> fmt::Result {
    write!(
        out,
        r#"<span class="verdict verdict-{}">{}</span>"#,
        verdict.slug(),
        verdict_name(verdict)
    )
}

fn summary(out: &mut String, report: &Report) -> fmt::Result {
    writeln!(out, r#"<section id="summary">"#)?;
    writeln!(out, "<h2>At a glance</h2>")?;
    writeln!(out, r#"<div class="summary">"#)?;
    let resolved = report.knots.len() - report.active_knots();
    for (number, label) in [
        (report.knots.len(), "knots"),
        (report.active_knots(), "still active"),
        (resolved, "resolved"),
        (report.sessions, "sessions"),
        (report.readings, "readings"),
    ] {
        writeln!(out, "<div><strong>{number}</strong>{label}</div>")?;
    }
    writeln!(out, "</div>")?;
    write!(out, "<p><strong>Verdicts:</strong> ")?;
    for (index, (verdict, count)) in report.verdict_counts().into_iter().enumerate() {
        if index > 0 {
            write!(out, ", ")?;
        }
        write!(out, "{count} ")?;
        verdict_badge(out, verdict)?;
    }
    writeln!(out, "</p>")?;
    let first = report.look_first();
    if first.is_empty() {
        writeln!(
            out,
            "<p>No knot is getting worse or has stalled, and no reading calls for a clinician.</p>"
        )?;
    } else {
        writeln!(out, "<h3>Worth a look first</h3>")?;
        writeln!(out, "<ul>")?;
        for (knot, reason) in first {
            writeln!(
                out,
                "<li><strong>Knot {} · {}</strong>: {}</li>",
                knot.id(),
                Html(&knot.region().name()),
                Html(&reason)
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(out, "</section>")
}

fn body_maps(out: &mut String, report: &Report) -> fmt::Result {
    let body = Body::get();
    let region_pain: HashMap<Region, u8> = report
        .regions
        .iter()
        .filter_map(|t| Some((Region::from_slug(&t.key)?, t.latest_pain)))
        .collect();
    let summaries: Vec<&KnotSummary> = report.knots.iter().map(|k| &k.summary).collect();
    writeln!(out, r#"<section id="map">"#)?;
    writeln!(out, "<h2>Where the knots are</h2>")?;
    writeln!(
        out,
        "<p>Each muscle region is shaded by its latest score before treatment in the period; \
         each knot is marked with its number and its latest score out of 10.</p>"
    )?;
    writeln!(out, r#"<div class="maps">"#)?;
    for view in View::BOTH {
        let drawing = body.view(view);
        writeln!(out, "<figure>")?;
        svg::body_map(out, drawing, &region_pain, &summaries)?;
        let caption = match view {
            View::Front => "Front view, facing you: their left is on your right.",
            View::Back => "Back view, seen from behind: their left is on your left.",
        };
        writeln!(out, "<figcaption>{caption}</figcaption>")?;
        writeln!(out, "</figure>")?;
    }
    writeln!(out, "</div>")?;
    writeln!(out, r#"<div class="legend">"#)?;
    write!(out, "<span>")?;
    svg::key(out, Key::Marker)?;
    writeln!(out, "knot 4, latest pain 6/10 (grey: resolved)</span>")?;
    for (low, high) in PAIN_SHADES {
        write!(out, "<span>")?;
        svg::key(out, Key::Shade(pain_fill(low)))?;
        writeln!(out, "{low}-{high}/10</span>")?;
    }
    write!(out, "<span>")?;
    svg::key(out, Key::Shade(svg::BODY_FILL))?;
    writeln!(out, "no reading</span>")?;
    writeln!(out, "</div>")?;
    writeln!(out, "</section>")
}

fn chart_legend(out: &mut String, report: &Report) -> fmt::Result {
    writeln!(out, r#"<div class="legend">"#)?;
    let (window, band) = (
        course::window(&report.rules),
        course::expected_band(&report.rules),
    );
    let entries = [
        (Key::Before, "before treatment".to_string()),
        (Key::After, "after treatment".to_string()),
        (
            Key::Window,
            format!(
                "sessions {}-{}, when it should have calmed",
                window.start(),
                window.end()
            ),
        ),
        (
            Key::Band,
            format!(
                "{}-{}/10, where it is expected to be then",
                band.start(),
                band.end()
            ),
        ),
        (
            Key::Meaningful,
            "at or below: a meaningful drop from session 1".to_string(),
        ),
    ];
    for (key, label) in entries {
        write!(out, "<span>")?;
        svg::key(out, key)?;
        writeln!(out, "{}</span>", Html(&label))?;
    }
    writeln!(out, "</div>")
}

fn knots(out: &mut String, report: &Report) -> fmt::Result {
    writeln!(out, r#"<section id="knots" class="page">"#)?;
    writeln!(out, "<h2>Knot by knot</h2>")?;
    writeln!(
        out,
        "<p>Most in need of attention first. Scores are before treatment unless marked; each \
         knot is shown with its whole history so that its session numbers and verdict hold.</p>"
    )?;
    writeln!(out, "<table>")?;
    writeln!(
        out,
        r#"<thead><tr><th class="n">Knot</th><th>Region</th><th>View</th><th class="n">First</th><th class="n">Latest</th><th class="n">Best</th><th>Change</th><th class="n">Sessions</th><th>Verdict</th><th class="n">Came back</th></tr></thead>"#
    )?;
    writeln!(out, "<tbody>")?;
    for knot in &report.knots {
        let s = &knot.summary;
        write!(
            out,
            r#"<tr><td class="n">{}</td><td>{}</td><td>{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="nowrap">{}</td><td class="n">{}</td><td>"#,
            knot.id(),
            Html(&knot.region().name()),
            s.knot.spot.view.slug(),
            s.first_pain,
            s.latest_pain,
            knot.best,
            Html(&change_text(s)),
            s.sessions
        )?;
        verdict_badge(out, s.verdict())?;
        writeln!(
            out,
            r#"</td><td class="n">{}</td></tr>"#,
            if knot.came_back == 0 {
                "–".to_string()
            } else {
                knot.came_back.to_string()
            }
        )?;
    }
    writeln!(out, "</tbody></table>")?;
    chart_legend(out, report)?;
    for knot in &report.knots {
        knot_article(out, report, knot)?;
    }
    writeln!(out, "</section>")
}

fn knot_article(out: &mut String, report: &Report, knot: &KnotReport) -> fmt::Result {
    let s = &knot.summary;
    writeln!(out, r#"<article class="knot" id="knot-{}">"#, knot.id())?;
    writeln!(out, r#"<div class="knot-head">"#)?;
    write!(
        out,
        "<h3>Knot {} · {} <span class=\"small\">({} view, {})</span> ",
        knot.id(),
        Html(&knot.region().name()),
        s.knot.spot.view.slug(),
        Html(&knot.region().area().name().to_lowercase())
    )?;
    verdict_badge(out, s.verdict())?;
    writeln!(out, "</h3>")?;
    writeln!(out, r#"<div class="knot-top">"#)?;
    writeln!(out, r#"<div class="chart-box">"#)?;
    svg::pain_chart(out, &knot.sessions, &knot.flares, &report.rules)?;
    writeln!(out, "</div>")?;
    writeln!(out, r#"<div class="facts"><table><tbody>"#)?;
    let rows = [
        (
            "First",
            format!("{}/10 on {}", s.first_pain, text::day(s.first_seen)),
        ),
        (
            "Latest",
            format!("{}/10 on {}", s.latest_pain, text::day(s.last_seen)),
        ),
        ("Best", format!("{}/10", knot.best)),
        ("Change", change_text(s)),
        ("Sessions", s.sessions.to_string()),
    ];
    for (label, value) in rows {
        writeln!(out, "<tr><th>{label}</th><td>{}</td></tr>", Html(&value))?;
    }
    write!(out, "<tr><th>Verdict</th><td>")?;
    verdict_badge(out, s.verdict())?;
    writeln!(
        out,
        r#" <span class="rule">{}</span></td></tr>"#,
        Html(&s.assessment.rule)
    )?;
    write!(out, "<tr><th>Came back</th><td>")?;
    if knot.recurrences.is_empty() {
        write!(out, "no")?;
    } else {
        write!(out, "{}", Html(&knot.recurrences.join("; ")))?;
    }
    writeln!(out, "</td></tr>")?;
    writeln!(out, "</tbody></table></div>")?;
    writeln!(out, "</div>")?;
    writeln!(out, "</div>")?;

    if !knot.responses.is_empty() {
        writeln!(out, "<h4>How it responded to each treatment</h4>")?;
        response_table(out, &knot.responses, "Technique and tool", false)?;
    }
    if !knot.advice.is_empty() {
        writeln!(out, "<h4>Cautions about its latest reading</h4>")?;
        advice_list(out, knot)?;
    }
    writeln!(out, "<h4>Readings</h4>")?;
    writeln!(out, "<table>")?;
    writeln!(
        out,
        r#"<thead><tr><th>Date</th><th class="n">Session</th><th class="n">Before</th><th class="n">After</th><th>Technique</th><th>Tool</th><th class="n">Min</th><th class="n">Pressure</th><th>Symptoms</th><th>Note</th></tr></thead>"#
    )?;
    writeln!(out, "<tbody>")?;
    let window = course::window(&report.rules);
    for reading in &knot.readings {
        let t = &reading.treatment;
        let session = knot.session_number(reading);
        let in_window = session.is_some_and(|n| window.contains(&n));
        let symptoms: Vec<&str> = t.symptoms.iter().map(|s| s.slug()).collect();
        writeln!(
            out,
            r#"<tr{}><td class="nowrap">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td{}>{}</td><td{}>{}</td><td class="n">{}</td><td class="n">{}</td><td>{}</td><td class="note">{}</td></tr>"#,
            if in_window { r#" class="window""# } else { "" },
            Html(&text::minute(reading.taken_at)),
            session.map_or_else(String::new, |n| n.to_string()),
            text::score(t.pain_before.map(u8::from)),
            text::score(t.pain_after.map(u8::from)),
            short(t.technique.as_deref()),
            Html(t.technique.as_deref().unwrap_or("")),
            short(t.tool.as_deref()),
            Html(t.tool.as_deref().unwrap_or("")),
            t.minutes.map_or_else(String::new, |m| m.to_string()),
            t.pressure.map_or_else(String::new, |p| format!("{p}/10")),
            Html(&symptoms.join(", ")),
            Html(t.note.as_deref().unwrap_or(""))
        )?;
    }
    writeln!(out, "</tbody></table>")?;
    writeln!(out, "</article>")
}

/// Keeps a short name on one line; long ones may wrap.
fn short(name: Option<&str>) -> &'static str {
    if name.is_some_and(|n| n.chars().count() <= 20) {
        r#" class="nowrap""#
    } else {
        ""
    }
}

fn advice_list(out: &mut String, knot: &KnotReport) -> fmt::Result {
    writeln!(out, r#"<ul class="advice">"#)?;
    for advice in &knot.advice {
        writeln!(
            out,
            "<li{}>{}</li>",
            if is_serious(advice.kind) {
                r#" class="serious""#
            } else {
                ""
            },
            Html(&crate::domain::guidance::capitalise(&advice.text))
        )?;
    }
    writeln!(out, "</ul>")
}

fn response_table(
    out: &mut String,
    responses: &[Response],
    title: &str,
    with_knots: bool,
) -> fmt::Result {
    writeln!(out, "<table>")?;
    writeln!(
        out,
        r#"<thead><tr><th>{}</th><th class="n">Readings</th>{}<th class="n">With an after score</th><th class="n">Mean before</th><th class="n">Mean after</th><th class="n">Mean drop</th></tr></thead>"#,
        Html(title),
        if with_knots {
            r#"<th class="n">Knots</th>"#
        } else {
            ""
        }
    )?;
    writeln!(out, "<tbody>")?;
    for r in responses {
        writeln!(
            out,
            r#"<tr><td>{}</td><td class="n">{}</td>{}<td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
            Html(&r.name),
            r.readings,
            if with_knots {
                format!(r#"<td class="n">{}</td>"#, r.knots)
            } else {
                String::new()
            },
            r.scored,
            text::mean(r.mean_before),
            text::mean(r.mean_after),
            drop_text(r.mean_drop())
        )?;
    }
    writeln!(out, "</tbody></table>")
}

/// A mean drop in points: "2.5 points", "-0.5 points" when pain rose.
pub(super) fn drop_text(drop: Option<f64>) -> String {
    match drop {
        None => "–".to_string(),
        Some(d) if (d - 1.0).abs() < 0.05 => "1.0 point".to_string(),
        Some(d) => format!("{d:.1} points"),
    }
}

fn trend_table(out: &mut String, title: &str, trends: &[Trend]) -> fmt::Result {
    writeln!(out, r#"<table class="trends">"#)?;
    writeln!(
        out,
        r#"<colgroup><col class="name"/><col/><col/><col/><col/><col/><col class="spark"/><col/></colgroup>"#
    )?;
    writeln!(
        out,
        r#"<thead><tr><th>{}</th><th class="n">Knots</th><th class="n">Active</th><th class="n">Sessions</th><th class="n">Mean</th><th class="n">Latest</th><th>Over the period</th><th class="n">Came back</th></tr></thead>"#,
        Html(title)
    )?;
    writeln!(out, "<tbody>")?;
    for trend in trends {
        write!(
            out,
            r#"<tr><td>{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{:.1}</td><td class="n">{}</td><td>"#,
            Html(&trend.name),
            trend.knots,
            trend.active_knots,
            trend.sessions,
            trend.mean_pain,
            trend.latest_pain
        )?;
        svg::sparkline(out, &trend.series)?;
        writeln!(
            out,
            r#"</td><td class="n">{}</td></tr>"#,
            if trend.recurrences == 0 {
                "–".to_string()
            } else {
                trend.recurrences.to_string()
            }
        )?;
    }
    writeln!(out, "</tbody></table>")
}

fn regions(out: &mut String, report: &Report) -> fmt::Result {
    writeln!(out, r#"<section id="trends" class="page">"#)?;
    writeln!(out, "<h2>Trends by muscle and body area</h2>")?;
    writeln!(
        out,
        "<p>From {} to {}, most in need of attention first. Mean and latest are scores before \
         treatment. Each line splits the period into {SERIES_LENGTH} equal parts and plots the \
         mean score in each on a 0-10 scale (the dotted line is 5/10); a gap means nothing was \
         logged then.</p>",
        Html(&text::long_day(report.from)),
        Html(&text::long_day(report.made_at))
    )?;
    trend_table(out, "Muscle region", &report.regions)?;
    trend_table(out, "Body area", &report.areas)?;
    writeln!(out, "</section>")
}

fn cautions(out: &mut String, report: &Report) -> fmt::Result {
    writeln!(out, r#"<section id="cautions" class="page">"#)?;
    writeln!(out, "<h2>Symptoms, cautions and knots that came back</h2>")?;
    writeln!(out, "<h3>Cautions, knot by knot</h3>")?;
    let advised: Vec<&KnotReport> = report
        .knots
        .iter()
        .filter(|k| !k.advice.is_empty())
        .collect();
    if advised.is_empty() {
        writeln!(
            out,
            "<p>None of the latest readings called for a caution.</p>"
        )?;
    } else {
        writeln!(
            out,
            "<p>What knotmap pointed out about each knot's latest reading; reasons to see a \
             clinician in bold.</p>"
        )?;
        for knot in advised {
            writeln!(
                out,
                "<h4>Knot {} · {}</h4>",
                knot.id(),
                Html(&knot.region().name())
            )?;
            advice_list(out, knot)?;
        }
    }

    writeln!(out, "<h3>Symptoms and notes logged</h3>")?;
    if report.remarks.is_empty() {
        writeln!(
            out,
            "<p>No symptoms or notes were logged in this period.</p>"
        )?;
    } else {
        let advised = report.remarks.iter().any(|r| !r.advice.is_empty());
        writeln!(out, "<table>")?;
        writeln!(
            out,
            r#"<thead><tr><th>Date</th><th class="n">Knot</th><th>Region</th><th class="n">Before</th><th class="n">After</th><th>Symptoms</th><th>Note</th>{}</tr></thead>"#,
            if advised {
                "<th>What knotmap advised</th>"
            } else {
                ""
            }
        )?;
        writeln!(out, "<tbody>")?;
        for remark in &report.remarks {
            let t = &remark.reading.treatment;
            let symptoms: Vec<&str> = t.symptoms.iter().map(|s| s.slug()).collect();
            writeln!(
                out,
                r#"<tr><td class="nowrap">{}</td><td class="n">{}</td><td>{}</td><td class="n">{}</td><td class="n">{}</td><td>{}</td><td class="note">{}</td>{}</tr>"#,
                Html(&text::minute(remark.reading.taken_at)),
                remark.knot,
                Html(&remark.region.name()),
                text::score(t.pain_before.map(u8::from)),
                text::score(t.pain_after.map(u8::from)),
                Html(&symptoms.join(", ")),
                Html(t.note.as_deref().unwrap_or("")),
                if advised {
                    format!("<td>{}</td>", Html(&advice_text(&remark.advice)))
                } else {
                    String::new()
                }
            )?;
        }
        writeln!(out, "</tbody></table>")?;
    }

    writeln!(out, "<h3>Knots that came back</h3>")?;
    if report.flagged.is_empty() {
        writeln!(
            out,
            "<p>No knot came back after calming in this period.</p>"
        )?;
    } else {
        writeln!(
            out,
            "<p>A knot that returns to the same spot after calming usually has a cause that \
             keeps it going. These are the usual ones for each region: hints to check, not \
             findings.</p>"
        )?;
        for entry in &report.flagged {
            let flagged = &entry.flagged;
            writeln!(
                out,
                "<h4>{}: back {}, on average {} after calming</h4>",
                Html(&flagged.region.name()),
                plural(flagged.count as i64, "time"),
                plural(flagged.mean_interval_days, "day")
            )?;
            writeln!(out, "<ul>")?;
            for recurrence in &entry.recurrences {
                writeln!(
                    out,
                    "<li>{}: calm on {}, back on {}</li>",
                    Html(&recurrence.describe()),
                    text::day(recurrence.calmed_at),
                    text::day(recurrence.returned_at)
                )?;
            }
            writeln!(out, "</ul>")?;
            writeln!(
                out,
                r#"<p class="small">Worth checking:</p><ul class="small">"#
            )?;
            for cause in &flagged.causes {
                writeln!(out, "<li>{}</li>", Html(cause))?;
            }
            writeln!(out, "</ul>")?;
        }
    }
    writeln!(out, "</section>")
}

/// Advice in one cell: capitalised sentences.
pub(super) fn advice_text(advice: &[crate::domain::guidance::Advice]) -> String {
    advice
        .iter()
        .map(|a| format!("{}.", crate::domain::guidance::capitalise(&a.text)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn treatments(out: &mut String, report: &Report) -> fmt::Result {
    writeln!(out, r#"<section id="treatment" class="page">"#)?;
    writeln!(out, "<h2>Techniques and tools</h2>")?;
    writeln!(
        out,
        "<p>How pain changed within a session, from before treatment to right after, over the \
         readings in the period that have both scores. This is short-term relief; whether a \
         knot calms over days is its verdict.</p>"
    )?;
    writeln!(out, "<h3>By technique</h3>")?;
    response_table(out, &report.techniques, "Technique", true)?;
    writeln!(out, "<h3>By tool</h3>")?;
    response_table(out, &report.tools, "Tool", true)?;
    writeln!(out, "</section>")
}

fn footer(out: &mut String, report: &Report) -> fmt::Result {
    let rules = &report.rules;
    writeln!(out, "<footer>")?;
    writeln!(
        out,
        "<p><strong>How the verdicts are decided.</strong> Scores are compared before treatment, \
         session with session. <em>On track</em>: a meaningful drop from the first session \
         ({} points and {}%). <em>Slow</em>: not yet, within {} sessions or {} days. \
         <em>Stalled</em>: that window has passed without a meaningful drop. <em>Worse</em>: {} \
         points or more above the first session. <em>Resolved</em>: two sessions in a row at \
         {}/10 or less, or marked resolved by the person. <em>New</em>: one session so far.</p>",
        rules.meaningful_points,
        rules.meaningful_percent,
        rules.window_sessions,
        rules.window_days,
        rules.worse_points,
        rules.calm_pain
    )?;
    writeln!(
        out,
        "<p>knotmap is a self-care log. It is not a medical device and this report is not \
         medical advice; the expected course is taken from self-care guides.</p>"
    )?;
    writeln!(out, "</footer>")
}

//! The report as Markdown: the same content as the HTML page in plain
//! tables, for pasting into a message. Pain per session is a table where
//! the page has a chart.

use std::fmt::{self, Write as _};

use super::html::{advice_text, drop_text};
use super::text::{self, Md};
use super::{KnotReport, Report, Response, change_text, is_serious, plural, verdict_name};
use crate::domain::course;
use crate::domain::guidance::capitalise;
use crate::domain::trends::{SERIES_LENGTH, Trend};
use crate::text::sparkline;

pub fn to_markdown(report: &Report) -> Result<String, fmt::Error> {
    let mut out = String::new();
    document(&mut out, report)?;
    Ok(out)
}

/// A table row from its cells.
fn row(out: &mut String, cells: &[String]) -> fmt::Result {
    writeln!(out, "| {} |", cells.join(" | "))
}

/// A table's header and the line under it; `right` marks the columns of
/// numbers.
fn header(out: &mut String, titles: &[&str], right: &[bool]) -> fmt::Result {
    writeln!(out, "| {} |", titles.join(" | "))?;
    let rules: Vec<&str> = right
        .iter()
        .map(|&r| if r { "---:" } else { "---" })
        .collect();
    writeln!(out, "| {} |", rules.join(" | "))
}

fn document(out: &mut String, report: &Report) -> fmt::Result {
    let start = report.since.unwrap_or(if report.anything_logged {
        report.from
    } else {
        report.made_at
    });
    writeln!(out, "# Muscle knot report")?;
    writeln!(out)?;
    writeln!(
        out,
        "**Period:** {} to {}. Made with knotmap on {}.",
        text::long_day(start),
        text::long_day(report.made_at),
        text::long_day(report.made_at)
    )?;
    writeln!(out)?;
    let (window, band) = (
        course::window(&report.rules),
        course::expected_band(&report.rules),
    );
    writeln!(
        out,
        "> **A self-care log, not medical advice.** The person kept this record themselves with \
         knotmap while treating their own muscle knots. It does not diagnose anything. The \
         expected course it compares each knot with comes from self-care guides, not from \
         clinical trials: with about one session a day, a knot is expected to ease to around \
         {}-{}/10 by sessions {}-{}.",
        band.start(),
        band.end(),
        window.start(),
        window.end()
    )?;
    writeln!(out)?;
    if report.knots.is_empty() {
        if report.anything_logged {
            writeln!(
                out,
                "No readings in this period: nothing to report yet. Try an earlier start date, or leave out --since."
            )?;
        } else {
            writeln!(
                out,
                "Nothing logged yet: this report fills in once knots are logged, from the map in knotmap or with knotmap log."
            )?;
        }
        return Ok(());
    }
    summary(out, report)?;
    knots(out, report)?;
    trends(out, report)?;
    cautions(out, report)?;
    treatments(out, report)?;
    writeln!(out, "---")?;
    writeln!(out)?;
    writeln!(
        out,
        "Verdicts compare scores before treatment, session with session: on track means a drop \
         of at least {} points and {}% from the first session; slow, not yet within {} sessions \
         or {} days; stalled, that window has passed without it; worse, {} points or more above \
         the first session; resolved, two sessions in a row at {}/10 or less or marked so. \
         knotmap is a self-care log, not medical advice.",
        report.rules.meaningful_points,
        report.rules.meaningful_percent,
        report.rules.window_sessions,
        report.rules.window_days,
        report.rules.worse_points,
        report.rules.calm_pain
    )
}

fn summary(out: &mut String, report: &Report) -> fmt::Result {
    writeln!(out, "## At a glance")?;
    writeln!(out)?;
    writeln!(
        out,
        "{} ({} still active, {} resolved) over {} and {}.",
        plural(report.knots.len() as i64, "knot"),
        report.active_knots(),
        report.knots.len() - report.active_knots(),
        plural(report.sessions as i64, "session"),
        plural(report.readings as i64, "reading")
    )?;
    writeln!(out)?;
    let verdicts: Vec<String> = report
        .verdict_counts()
        .into_iter()
        .map(|(verdict, count)| format!("{count} {}", verdict_name(verdict)))
        .collect();
    writeln!(out, "**Verdicts:** {}.", verdicts.join(", "))?;
    writeln!(out)?;
    let first = report.look_first();
    if !first.is_empty() {
        writeln!(out, "**Worth a look first:**")?;
        writeln!(out)?;
        for (knot, reason) in first {
            writeln!(
                out,
                "- **Knot {} · {}**: {}",
                knot.id(),
                Md(&knot.region().name()),
                Md(&reason)
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn knots(out: &mut String, report: &Report) -> fmt::Result {
    writeln!(out, "## Knots")?;
    writeln!(out)?;
    writeln!(
        out,
        "Most in need of attention first; scores out of 10, before treatment."
    )?;
    writeln!(out)?;
    header(
        out,
        &[
            "Knot",
            "Region",
            "View",
            "First",
            "Latest",
            "Best",
            "Change",
            "Sessions",
            "Verdict",
            "Came back",
        ],
        &[
            true, false, false, true, true, true, false, true, false, true,
        ],
    )?;
    for knot in &report.knots {
        let s = &knot.summary;
        row(
            out,
            &[
                knot.id().to_string(),
                Md(&knot.region().name()).to_string(),
                s.knot.spot.view.slug().to_string(),
                s.first_pain.to_string(),
                s.latest_pain.to_string(),
                knot.best.to_string(),
                change_text(s),
                s.sessions.to_string(),
                verdict_name(s.verdict()).to_string(),
                knot.came_back.to_string(),
            ],
        )?;
    }
    writeln!(out)?;
    for knot in &report.knots {
        knot_section(out, report, knot)?;
    }
    Ok(())
}

fn knot_section(out: &mut String, report: &Report, knot: &KnotReport) -> fmt::Result {
    let s = &knot.summary;
    writeln!(
        out,
        "### Knot {} · {} ({} view): {}",
        knot.id(),
        Md(&knot.region().name()),
        s.knot.spot.view.slug(),
        verdict_name(s.verdict())
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "- First {}/10 on {}, latest {}/10 on {}, best {}/10; {} over {}.",
        s.first_pain,
        text::day(s.first_seen),
        s.latest_pain,
        text::day(s.last_seen),
        knot.best,
        change_text(s),
        plural(i64::from(s.sessions), "session")
    )?;
    writeln!(
        out,
        "- Verdict: **{}**: {}.",
        verdict_name(s.verdict()),
        Md(&s.assessment.rule)
    )?;
    for line in &knot.recurrences {
        writeln!(out, "- Came back: {}.", Md(line))?;
    }
    for advice in &knot.advice {
        let text = Md(&capitalise(&advice.text)).to_string();
        if is_serious(advice.kind) {
            writeln!(out, "- Caution: **{text}**")?;
        } else {
            writeln!(out, "- Caution: {text}")?;
        }
    }
    writeln!(out)?;
    let (window, band) = (
        course::window(&report.rules),
        course::expected_band(&report.rules),
    );
    header(
        out,
        &[
            "Date",
            "Session",
            "Before",
            "After",
            "Technique",
            "Tool",
            "Min",
            "Pressure",
            "Symptoms",
            "Note",
        ],
        &[
            false, true, true, true, false, false, true, true, false, false,
        ],
    )?;
    for reading in &knot.readings {
        let t = &reading.treatment;
        let session = knot.session_number(reading).map_or_else(String::new, |n| {
            if window.contains(&n) {
                format!("{n}*")
            } else {
                n.to_string()
            }
        });
        let symptoms: Vec<&str> = t.symptoms.iter().map(|s| s.slug()).collect();
        row(
            out,
            &[
                text::minute(reading.taken_at),
                session,
                text::score(t.pain_before.map(u8::from)),
                text::score(t.pain_after.map(u8::from)),
                Md(t.technique.as_deref().unwrap_or("")).to_string(),
                Md(t.tool.as_deref().unwrap_or("")).to_string(),
                t.minutes.map_or_else(String::new, |m| m.to_string()),
                t.pressure.map_or_else(String::new, |p| format!("{p}/10")),
                symptoms.join(", "),
                Md(t.note.as_deref().unwrap_or("")).to_string(),
            ],
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "\\* sessions {}-{}, by which it is expected to be around {}-{}/10.",
        window.start(),
        window.end(),
        band.start(),
        band.end()
    )?;
    writeln!(out)?;
    if !knot.responses.is_empty() {
        response_table(out, &knot.responses, "Technique and tool", false)?;
    }
    Ok(())
}

fn response_table(
    out: &mut String,
    responses: &[Response],
    title: &str,
    with_knots: bool,
) -> fmt::Result {
    let mut titles = vec![title, "Readings"];
    let mut right = vec![false, true];
    if with_knots {
        titles.push("Knots");
        right.push(true);
    }
    titles.extend([
        "With an after score",
        "Mean before",
        "Mean after",
        "Mean drop",
    ]);
    right.extend([true; 4]);
    header(out, &titles, &right)?;
    for r in responses {
        let mut cells = vec![Md(&r.name).to_string(), r.readings.to_string()];
        if with_knots {
            cells.push(r.knots.to_string());
        }
        cells.extend([
            r.scored.to_string(),
            text::mean(r.mean_before),
            text::mean(r.mean_after),
            drop_text(r.mean_drop()),
        ]);
        row(out, &cells)?;
    }
    writeln!(out)
}

fn trend_table(out: &mut String, title: &str, trends: &[Trend]) -> fmt::Result {
    header(
        out,
        &[
            title,
            "Knots",
            "Active",
            "Sessions",
            "Mean",
            "Latest",
            "Over the period",
            "Came back",
        ],
        &[false, true, true, true, true, true, false, true],
    )?;
    for trend in trends {
        row(
            out,
            &[
                Md(&trend.name).to_string(),
                trend.knots.to_string(),
                trend.active_knots.to_string(),
                trend.sessions.to_string(),
                format!("{:.1}", trend.mean_pain),
                trend.latest_pain.to_string(),
                format!("`{}`", sparkline(&trend.series)),
                trend.recurrences.to_string(),
            ],
        )?;
    }
    writeln!(out)
}

fn trends(out: &mut String, report: &Report) -> fmt::Result {
    writeln!(out, "## Trends by muscle and body area")?;
    writeln!(out)?;
    writeln!(
        out,
        "From {} to {}. \"Over the period\" splits it into {SERIES_LENGTH} equal parts and shows \
         the mean score before treatment in each (higher bars, more pain; blank, nothing logged).",
        text::long_day(report.from),
        text::long_day(report.made_at)
    )?;
    writeln!(out)?;
    trend_table(out, "Muscle region", &report.regions)?;
    trend_table(out, "Body area", &report.areas)
}

fn cautions(out: &mut String, report: &Report) -> fmt::Result {
    writeln!(out, "## Symptoms, cautions and knots that came back")?;
    writeln!(out)?;
    let advised: Vec<&KnotReport> = report
        .knots
        .iter()
        .filter(|k| !k.advice.is_empty())
        .collect();
    if advised.is_empty() {
        writeln!(out, "None of the latest readings called for a caution.")?;
        writeln!(out)?;
    } else {
        header(out, &["Knot", "Region", "Caution"], &[true, false, false])?;
        for knot in advised {
            for advice in &knot.advice {
                let text = Md(&capitalise(&advice.text)).to_string();
                row(
                    out,
                    &[
                        knot.id().to_string(),
                        Md(&knot.region().name()).to_string(),
                        if is_serious(advice.kind) {
                            format!("**{text}**")
                        } else {
                            text
                        },
                    ],
                )?;
            }
        }
        writeln!(out)?;
    }
    if report.remarks.is_empty() {
        writeln!(out, "No symptoms or notes were logged in this period.")?;
        writeln!(out)?;
    } else {
        let advised = report.remarks.iter().any(|r| !r.advice.is_empty());
        let mut titles = vec![
            "Date", "Knot", "Region", "Before", "After", "Symptoms", "Note",
        ];
        let mut right = vec![false, true, false, true, true, false, false];
        if advised {
            titles.push("What knotmap advised");
            right.push(false);
        }
        header(out, &titles, &right)?;
        for remark in &report.remarks {
            let t = &remark.reading.treatment;
            let symptoms: Vec<&str> = t.symptoms.iter().map(|s| s.slug()).collect();
            let mut cells = vec![
                text::minute(remark.reading.taken_at),
                remark.knot.to_string(),
                Md(&remark.region.name()).to_string(),
                text::score(t.pain_before.map(u8::from)),
                text::score(t.pain_after.map(u8::from)),
                symptoms.join(", "),
                Md(t.note.as_deref().unwrap_or("")).to_string(),
            ];
            if advised {
                cells.push(Md(&advice_text(&remark.advice)).to_string());
            }
            row(out, &cells)?;
        }
        writeln!(out)?;
    }
    if report.flagged.is_empty() {
        writeln!(out, "No knot came back after calming in this period.")?;
        writeln!(out)?;
        return Ok(());
    }
    for entry in &report.flagged {
        let flagged = &entry.flagged;
        writeln!(
            out,
            "**{}**: back {}, on average {} after calming.",
            Md(&flagged.region.name()),
            plural(flagged.count as i64, "time"),
            plural(flagged.mean_interval_days, "day")
        )?;
        writeln!(out)?;
        for recurrence in &entry.recurrences {
            writeln!(
                out,
                "- {}: calm on {}, back on {}",
                Md(&recurrence.describe()),
                text::day(recurrence.calmed_at),
                text::day(recurrence.returned_at)
            )?;
        }
        for cause in &flagged.causes {
            writeln!(out, "- worth checking: {}", Md(cause))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn treatments(out: &mut String, report: &Report) -> fmt::Result {
    writeln!(out, "## Techniques and tools")?;
    writeln!(out)?;
    writeln!(
        out,
        "Pain from before treatment to right after, over the readings in the period with both \
         scores: short-term relief, not whether a knot calms over days."
    )?;
    writeln!(out)?;
    response_table(out, &report.techniques, "Technique", true)?;
    response_table(out, &report.tools, "Tool", true)
}

//! Knot by knot: a table of every knot, then each knot with its chart,
//! its facts, its cautions and its readings.

use std::fmt;

use chrono::{DateTime, Local, Utc};

use super::treatments::response_table;
use super::{
    KNOT_ROWS, KNOTS_IN_FULL, READINGS_PER_KNOT, advice_list, count_cell, knot_name, more, shown,
    symptoms,
};
use crate::domain::course;
use crate::domain::guidance::capitalise;
use crate::domain::knot::Reading;
use crate::report::text::{day, minute, score};
use crate::report::writer::{
    Cell, ColumnKind, Fact, Form, Item, Key, List, PainChart, Part, Role, Row, Span, Table, Writer,
    cell, column, strong, text, value,
};
use crate::report::{KnotReport, Report, change_text, is_serious};
use crate::text::plural;

pub(super) fn knots(report: &Report, w: &mut impl Writer) -> fmt::Result {
    let form = w.form();
    let rules = &report.rules;
    w.open(Part::page("knots"))?;
    let (heading, intro) = match form {
        Form::Page => (
            "Knot by knot",
            "Most in need of attention first. Scores are before treatment unless marked; each \
             knot is shown with its whole history so that its session numbers and verdict hold.",
        ),
        Form::Message => (
            "Knots",
            "Most in need of attention first; scores out of 10, before treatment.",
        ),
    };
    w.heading(2, &[text(heading)])?;
    w.para(Role::Body, &[text(intro)])?;
    let number = ColumnKind::Number;
    let columns = vec![
        column("Knot", number),
        column("Region", ColumnKind::Text),
        column("View", ColumnKind::Text),
        column("First", number),
        column("Latest", number),
        column("Best", number),
        column("Change", ColumnKind::Text),
        column("Sessions", number),
        column("Verdict", ColumnKind::Text),
        column("Came back", number),
    ];
    let in_table = shown(report, report.knots.len(), KNOT_ROWS);
    let rows = report
        .knots
        .iter()
        .take(in_table)
        .map(|knot| {
            let s = &knot.summary;
            Row::from(vec![
                cell(knot.id().to_string()),
                value(knot.region().name()).into(),
                cell(s.knot.spot.view.slug()),
                cell(s.first_pain.to_string()),
                cell(s.latest_pain.to_string()),
                cell(knot.best.to_string()),
                Cell::new([text(change_text(s))], true),
                cell(s.sessions.to_string()),
                Span::Verdict(s.verdict()).into(),
                count_cell(form, knot.came_back),
            ])
        })
        .collect();
    w.table(&Table::new(columns, rows))?;
    if let Some(line) = more(
        report.knots.len() - in_table,
        "knot",
        "knots",
        "knotmap knots --all lists every knot",
    ) {
        w.para(Role::Body, &[text(line)])?;
    }
    if form == Form::Page {
        w.legend(&[
            (Key::Before, "before treatment".into()),
            (Key::After, "after treatment".into()),
            (
                Key::Window,
                format!(
                    "sessions {}-{}, when it should have calmed",
                    course::window(rules).start(),
                    course::window(rules).end()
                )
                .into(),
            ),
            (
                Key::Band,
                format!(
                    "{}-{}/10, where it is expected to be then",
                    rules.expected_band.0, rules.expected_band.1
                )
                .into(),
            ),
            (
                Key::Meaningful,
                "at or below: a meaningful drop from session 1".into(),
            ),
        ])?;
    }
    let in_full = shown(report, report.knots.len(), KNOTS_IN_FULL);
    for knot in report.knots.iter().take(in_full) {
        match form {
            Form::Page => knot_on_page(report, knot, w)?,
            Form::Message => knot_in_message(report, knot, w)?,
        }
    }
    if let Some(line) = more(
        report.knots.len() - in_full,
        "knot is",
        "knots are",
        "in the table above only; knotmap show gives any knot's whole story",
    ) {
        w.para(Role::Body, &[text(line)])?;
    }
    w.close()
}

/// "last treated 14 days ago", counted to the day the report was made,
/// in the same local days as its dates.
fn treated(report: &Report, last_seen: DateTime<Utc>) -> String {
    course::last_treated(last_seen, &report.made_at.with_timezone(&Local))
}

/// "7/10 on 2026-03-14".
fn score_on(score: impl fmt::Display, at: DateTime<Utc>) -> String {
    format!("{score}/10 on {}", day(at))
}

fn knot_on_page(report: &Report, knot: &KnotReport, w: &mut impl Writer) -> fmt::Result {
    let s = &knot.summary;
    w.open(Part::Knot(knot.id()))?;
    w.open(Part::KeptTogether)?;
    let mut heading = knot_name(knot);
    heading.extend([
        text(" "),
        Span::Small(vec![
            text(format!("({} view, ", s.knot.spot.view.slug())),
            value(knot.region().area().name().to_lowercase()),
            text(")"),
        ]),
        text(" "),
        Span::Verdict(s.verdict()),
    ]);
    w.heading(3, &heading)?;
    w.open(Part::SideBySide)?;
    w.pain_chart(&PainChart {
        sessions: &knot.sessions,
        flares: &knot.flares,
        rules: &report.rules,
    })?;
    let fact = |label, words: String| Fact {
        label,
        value: vec![value(words)],
    };
    w.facts(&[
        fact("First", score_on(s.first_pain, s.first_seen)),
        fact(
            "Latest",
            format!(
                "{}, {}",
                score_on(s.latest_pain, s.last_seen),
                treated(report, s.last_seen)
            ),
        ),
        fact("Best", format!("{}/10", knot.best)),
        fact("Change", change_text(s)),
        fact("Sessions", s.sessions.to_string()),
        Fact {
            label: "Verdict",
            value: vec![
                Span::Verdict(s.verdict()),
                text(" "),
                Span::Rule(s.assessment.rule.as_str().into()),
            ],
        },
        Fact {
            label: "Came back",
            value: vec![if knot.recurrences.is_empty() {
                text("no")
            } else {
                value(knot.recurrences.join("; "))
            }],
        },
    ])?;
    w.close()?;
    w.close()?;

    if !knot.responses.is_empty() {
        w.heading(4, &[text("How it responded to each treatment")])?;
        w.table(&response_table(
            &knot.responses,
            "Technique and tool",
            false,
        ))?;
    }
    if !knot.advice.is_empty() {
        w.heading(4, &[text("Cautions about its latest reading")])?;
        w.list(&advice_list(&knot.advice))?;
    }
    w.heading(4, &[text("Readings")])?;
    w.table(&readings_table(report, knot))?;
    readings_left_out(report, knot, w)?;
    w.close()
}

fn knot_in_message(report: &Report, knot: &KnotReport, w: &mut impl Writer) -> fmt::Result {
    let s = &knot.summary;
    let mut heading = knot_name(knot);
    heading.extend([
        text(format!(" ({} view): ", s.knot.spot.view.slug())),
        Span::Verdict(s.verdict()),
    ]);
    w.heading(3, &heading)?;
    let mut items: Vec<Item> = vec![
        vec![text(format!(
            "First {}, latest {}, best {}/10; {} over {}.",
            score_on(s.first_pain, s.first_seen),
            score_on(s.latest_pain, s.last_seen),
            knot.best,
            change_text(s),
            plural(s.sessions, "session", "sessions")
        ))]
        .into(),
        vec![
            text("Verdict: "),
            strong([Span::Verdict(s.verdict())]),
            text(": "),
            value(s.assessment.rule.as_str()),
            text("."),
        ]
        .into(),
        vec![text(format!(
            "{}.",
            capitalise(&treated(report, s.last_seen))
        ))]
        .into(),
    ];
    for line in &knot.recurrences {
        items.push(vec![text("Came back: "), value(line.as_str()), text(".")].into());
    }
    for advice in &knot.advice {
        let words = value(capitalise(&advice.text));
        let words = if is_serious(advice.kind) {
            strong([words])
        } else {
            words
        };
        items.push(vec![text("Caution: "), words].into());
    }
    w.list(&List::plain(items))?;
    w.table(&readings_table(report, knot))?;
    readings_left_out(report, knot, w)?;
    w.para(
        Role::Body,
        &[text(format!(
            "* sessions {}-{}, by which it is expected to be around {}-{}/10.",
            course::window(&report.rules).start(),
            course::window(&report.rules).end(),
            report.rules.expected_band.0,
            report.rules.expected_band.1
        ))],
    )?;
    if !knot.responses.is_empty() {
        w.table(&response_table(
            &knot.responses,
            "Technique and tool",
            false,
        ))?;
    }
    Ok(())
}

/// Says how many of a knot's readings the table leaves out.
fn readings_left_out(report: &Report, knot: &KnotReport, w: &mut impl Writer) -> fmt::Result {
    let left = knot.readings.len() - readings_shown(report, knot).len();
    match more(
        left,
        "earlier reading",
        "earlier readings",
        &format!("knotmap show {} lists them", knot.id()),
    ) {
        Some(line) => w.para(Role::Body, &[text(line)]),
        None => Ok(()),
    }
}

/// The readings of a knot a report lists: in a brief report, the latest
/// of the period.
fn readings_shown<'a>(report: &Report, knot: &'a KnotReport) -> &'a [Reading] {
    let start = match (report.brief, report.since) {
        (false, _) => 0,
        (true, since) => {
            let in_period = since.map_or(0, |since| {
                knot.readings.partition_point(|r| r.taken_at < since)
            });
            in_period.max(knot.readings.len().saturating_sub(READINGS_PER_KNOT))
        }
    };
    &knot.readings[start..]
}

/// A knot's readings, those in the sessions when it should have calmed
/// marked.
fn readings_table<'a>(report: &Report, knot: &'a KnotReport) -> Table<'a> {
    let window = course::window(&report.rules);
    let number = ColumnKind::Number;
    // A short name stays on one line; a long one may wrap.
    let name = |name: Option<&'a str>| {
        Cell::new(
            [value(name.unwrap_or(""))],
            name.is_some_and(|n| n.chars().count() <= 20),
        )
    };
    let columns = vec![
        column("Date", ColumnKind::Text),
        column("Session", number),
        column("Before", number),
        column("After", number),
        column("Technique", ColumnKind::Text),
        column("Tool", ColumnKind::Text),
        column("Min", number),
        column("Pressure", number),
        column("Symptoms", ColumnKind::Text),
        column("Note", ColumnKind::Note),
    ];
    let kept = readings_shown(report, knot);
    let rows = kept
        .iter()
        .map(|reading| {
            let t = &reading.treatment;
            let session = knot.session_number(reading);
            Row {
                cells: vec![
                    Cell::new([text(minute(reading.taken_at))], true),
                    cell(session.map_or_else(String::new, |n| n.to_string())),
                    cell(score(t.pain_before.map(u8::from))),
                    cell(score(t.pain_after.map(u8::from))),
                    name(t.technique.as_deref()),
                    name(t.tool.as_deref()),
                    cell(t.minutes.map_or_else(String::new, |m| m.to_string())),
                    cell(t.pressure.map_or_else(String::new, |p| format!("{p}/10"))),
                    value(symptoms(&t.symptoms)).into(),
                    value(t.note.as_deref().unwrap_or("")).into(),
                ],
                // The session column carries the mark in plain text.
                marked_at: session.is_some_and(|n| window.contains(&n)).then_some(1),
            }
        })
        .collect();
    Table::new(columns, rows)
}

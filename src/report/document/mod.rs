//! The report described once: its sections, their sentences, tables and
//! pictures, in order. A page says everything and draws; a message says
//! the same findings in fewer words, so where the two differ both
//! wordings sit side by side here, and a writer only puts down what it is
//! given.

mod cautions;
mod knots;
mod overview;
mod treatments;
mod trends;

use std::fmt;

use super::text::long_day;
use super::writer::{
    Cell, Form, Item, List, ListStyle, Part, Role, Span, Writer, cell, strong, text, value,
};
use super::{KnotReport, Report, is_serious};
use crate::domain::course;
use crate::domain::guidance::{Advice, capitalise};
use crate::domain::symptom::Symptom;

const TITLE: &str = "Muscle knot report";
const NOT_ADVICE: &str = "A self-care log, not medical advice.";
/// A dash where there is nothing to show.
const NONE: &str = "–";

// What a brief report spells out, so that a long history still prints on
// a few pages: the rest is counted, and `knotmap show`, `knotmap knots`
// or `report --all` give it.
/// Rows of the table of knots.
const KNOT_ROWS: usize = 25;
/// Knots told in full, most in need of attention first.
pub const KNOTS_IN_FULL: usize = 5;
/// The latest readings of each knot told in full.
const READINGS_PER_KNOT: usize = 6;
/// The latest readings with symptoms or a note.
const REMARKS: usize = 10;
/// The knots worth a look first.
const LOOK_FIRST: usize = 8;
/// Knots whose cautions are listed.
const CAUTIONED_KNOTS: usize = 6;
/// Regions knots came back to, and the latest returns of each.
const RETURNING_REGIONS: usize = 4;
const RETURNS_PER_REGION: usize = 3;

/// How many of `total` a brief report shows when it shows at most `most`.
fn shown(report: &Report, total: usize, most: usize) -> usize {
    if report.brief { total.min(most) } else { total }
}

/// "and 12 more knots: knotmap knots --all lists them", for what a brief
/// report leaves out; `None` when nothing is.
fn more(left: usize, one: &str, many: &str, where_: &str) -> Option<String> {
    (left > 0).then(|| {
        format!(
            "… and {} more: {where_}.",
            crate::text::plural(left as i64, one, many)
        )
    })
}

/// Writes the whole report.
pub fn write_report(report: &Report, w: &mut impl Writer) -> fmt::Result {
    let form = w.form();
    let period = period_text(report);
    w.start(&[text(format!("{TITLE}, ")), value(&period)])?;
    w.open(Part::Header)?;
    w.heading(1, &[text(TITLE)])?;
    w.para(
        Role::Byline,
        &[
            strong([text("Period:")]),
            text(" "),
            value(&period),
            text(format!(
                ". Made with knotmap on {}.",
                long_day(report.made_at)
            )),
        ],
    )?;
    w.notice(&notice(report, form))?;
    w.close()?;

    if report.knots.is_empty() {
        let message = if report.anything_logged {
            "No readings in this period: nothing to report yet. Try an earlier start date, or leave out --since."
        } else {
            "Nothing logged yet: this report fills in once knots are logged, from the map in knotmap or with knotmap log."
        };
        w.para(Role::Placeholder, &[text(message)])?;
        // A message about nothing ends there; a page keeps its footer.
        if form == Form::Message {
            return w.finish();
        }
    } else {
        overview::summary(report, w)?;
        if form == Form::Page {
            overview::body_maps(report, w)?;
        }
        knots::knots(report, w)?;
        trends::trends(report, w)?;
        cautions::cautions(report, w)?;
        treatments::treatments(report, w)?;
    }
    footer(report, w)?;
    w.finish()
}

/// "25 Oct 2026 to 23 Nov 2026".
fn period_text(report: &Report) -> String {
    let start = report.since.unwrap_or(if report.anything_logged {
        report.from
    } else {
        report.made_at
    });
    format!("{} to {}", long_day(start), long_day(report.made_at))
}

fn notice(report: &Report, form: Form) -> Vec<Vec<Span<'static>>> {
    let rules = &report.rules;
    let kept = "The person kept this record themselves with knotmap while treating their own \
                muscle knots";
    let diagnosis = "It does not diagnose anything.";
    let course = format!(
        "The expected course it compares each knot with comes from self-care guides, not from \
         clinical trials: with about one session a day, a knot is expected to ease to around \
         {}-{}/10 by sessions {}-{}.",
        rules.expected_band.0,
        rules.expected_band.1,
        course::window(rules).start(),
        course::window(rules).end()
    );
    match form {
        Form::Page => vec![
            vec![
                strong([text(NOT_ADVICE)]),
                text(format!(
                    " {kept} (trigger points) with a foam roller, a ball, a stick or their \
                     hands. {diagnosis}"
                )),
            ],
            vec![text(format!(
                "{course} A drop counts as meaningful at {} points and {}% below the first \
                 session's score.",
                rules.meaningful_points, rules.meaningful_percent
            ))],
        ],
        Form::Message => vec![vec![
            strong([text(NOT_ADVICE)]),
            text(format!(" {kept}. {diagnosis} {course}")),
        ]],
    }
}

fn footer(report: &Report, w: &mut impl Writer) -> fmt::Result {
    let rules = &report.rules;
    w.open(Part::Footer)?;
    match w.form() {
        Form::Page => {
            let em = |words: &'static str| Span::Emphasis(vec![text(words)]);
            w.para(
                Role::Body,
                &[
                    strong([text("How the verdicts are decided.")]),
                    text(
                        " Scores are compared before treatment, session with session, from the \
                         first session of the knot's current episode: its first ever, or the one \
                         it came back in after calming. Days count from that session to the \
                         latest, never to the day of this report. ",
                    ),
                    em("On track"),
                    text(format!(
                        ": a meaningful drop from the first session ({} points and {}%). ",
                        rules.meaningful_points, rules.meaningful_percent
                    )),
                    em("Slow"),
                    text(format!(
                        ": not yet, within {} sessions or {} days. ",
                        rules.window_sessions, rules.window_days
                    )),
                    em("Stalled"),
                    text(": that window has passed without a meaningful drop. "),
                    em("Worse"),
                    text(format!(
                        ": {} points or more above the first session. ",
                        rules.worse_points
                    )),
                    em("Resolved"),
                    text(format!(
                        ": two sessions in a row at {}/10 or less, or marked resolved by the \
                         person. ",
                        rules.calm_pain
                    )),
                    em("Back"),
                    text(": it had calmed and hurts again, on its first session since. "),
                    em("New"),
                    text(": one session so far."),
                ],
            )?;
            w.para(
                Role::Body,
                &[text(
                    "knotmap is a self-care log. It is not a medical device and this report is \
                     not medical advice; the expected course is taken from self-care guides.",
                )],
            )?;
        }
        Form::Message => w.para(
            Role::Body,
            &[text(format!(
                "Verdicts compare scores before treatment, session with session, from the first \
                 session of the knot's current episode (its first ever, or the one it came back \
                 in), with days counted to its latest reading: on track means \
                 a drop of at least {} points and {}% from the first session; slow, not yet \
                 within {} sessions or {} days; stalled, that window has passed without it; \
                 worse, {} points or more above the first session; resolved, two sessions in a \
                 row at {}/10 or less or marked so; back, hurting again after it had calmed. \
                 knotmap is a self-care log, not medical advice.",
                rules.meaningful_points,
                rules.meaningful_percent,
                rules.window_sessions,
                rules.window_days,
                rules.worse_points,
                rules.calm_pain
            ))],
        )?,
    }
    w.close()
}

/// "Knot 4 · Upper trapezius, left".
fn knot_name(knot: &KnotReport) -> Vec<Span<'static>> {
    vec![
        text(format!("Knot {} · ", knot.id())),
        value(knot.region().name()),
    ]
}

/// A count, or on a page a dash for none.
fn count_cell(form: Form, count: usize) -> Cell<'static> {
    match form {
        Form::Page if count == 0 => cell(NONE),
        _ => cell(count.to_string()),
    }
}

/// "numbness, tingling".
fn symptoms(symptoms: &[Symptom]) -> String {
    symptoms
        .iter()
        .map(|s| s.slug())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Cautions as sentences, the reasons to see a clinician standing out.
fn advice_list(advice: &[Advice]) -> List<'static> {
    let items = advice
        .iter()
        .map(|a| Item {
            spans: vec![value(capitalise(&a.text))],
            stands_out: is_serious(a.kind),
        })
        .collect();
    List::new(ListStyle::Advice, items)
}

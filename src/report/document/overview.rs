//! The opening sections: the report at a glance, and where the knots are
//! on the body.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use super::{LOOK_FIRST as LOOK_FIRST_SHOWN, knot_name, more, shown};
use crate::body::{Region, View};
use crate::report::Report;
use crate::report::svg::PAIN_SHADES;
use crate::report::writer::{
    BodyMaps, Form, Item, Key, List, Part, Role, Span, Writer, strong, text, value,
};
use crate::text::plural;

const LOOK_FIRST: &str = "Worth a look first";

pub(super) fn summary(report: &Report, w: &mut impl Writer) -> fmt::Result {
    let form = w.form();
    let knots = report.knots.len();
    let active = report.active_knots();
    w.open(Part::section("summary"))?;
    w.heading(2, &[text("At a glance")])?;
    match form {
        Form::Page => w.figures(&[
            (knots, "knots"),
            (active, "still active"),
            (knots - active, "resolved"),
            (report.sessions, "sessions"),
            (report.readings, "readings"),
        ])?,
        Form::Message => w.para(
            Role::Body,
            &[text(format!(
                "{} ({active} still active, {} resolved) over {} and {}.",
                plural(knots as i64, "knot", "knots"),
                knots - active,
                plural(report.sessions as i64, "session", "sessions"),
                plural(report.readings as i64, "reading", "readings")
            ))],
        )?,
    }
    if report.earlier.readings > 0 {
        w.para(Role::Body, &[text(earlier_text(report))])?;
    }
    let mut verdicts = vec![strong([text("Verdicts:")]), text(" ")];
    for (index, (verdict, count)) in report.verdict_counts().into_iter().enumerate() {
        if index > 0 {
            verdicts.push(text(", "));
        }
        verdicts.extend([text(format!("{count} ")), Span::Verdict(verdict)]);
    }
    if form == Form::Message {
        verdicts.push(text("."));
    }
    w.para(Role::Body, &verdicts)?;

    let look_first = report.look_first();
    let listed = shown(report, look_first.len(), LOOK_FIRST_SHOWN);
    let left = look_first.len() - listed;
    let mut items: Vec<Item> = look_first
        .into_iter()
        .take(listed)
        .map(|(knot, reason)| vec![strong(knot_name(knot)), text(": "), value(reason)].into())
        .collect();
    if let Some(line) = more(left, "knot", "knots", "in the table of knots below") {
        items.push(vec![text(line)].into());
    }
    match form {
        Form::Page if items.is_empty() => w.para(
            Role::Body,
            &[text(
                "No knot is getting worse or has stalled, and no reading calls for a clinician.",
            )],
        )?,
        Form::Page => {
            w.heading(3, &[text(LOOK_FIRST)])?;
            w.list(&List::plain(items))?;
        }
        Form::Message if items.is_empty() => {}
        Form::Message => {
            w.list(&List::plain(items).led_by(vec![strong([text(format!("{LOOK_FIRST}:"))])]))?
        }
    }
    w.close()
}

pub(super) fn body_maps(report: &Report, w: &mut impl Writer) -> fmt::Result {
    w.open(Part::section("map"))?;
    w.heading(2, &[text("Where the knots are")])?;
    w.para(
        Role::Body,
        &[text(
            "Each muscle region is shaded by its latest score before treatment in the period; \
             each knot is marked with its number and its latest score out of 10.",
        )],
    )?;
    w.body_maps(&BodyMaps {
        region_pain: report
            .regions
            .iter()
            .filter_map(|t| Some((Region::from_slug(&t.key)?, t.latest_pain)))
            .collect::<HashMap<Region, u8>>(),
        knots: report.knots.iter().map(|k| &k.summary).collect(),
        views: View::BOTH
            .into_iter()
            .map(|view| {
                let caption = match view {
                    View::Front => "Front view, facing you: their left is on your right.",
                    View::Back => "Back view, seen from behind: their left is on your left.",
                };
                (view, caption)
            })
            .collect(),
    })?;
    let mut legend = vec![(
        Key::Marker,
        Cow::from("knot 4, latest pain 6/10 (grey: resolved)"),
    )];
    for (low, high) in PAIN_SHADES {
        legend.push((Key::Pain(low), format!("{low}-{high}/10").into()));
    }
    legend.push((Key::NoReading, "no reading".into()));
    w.legend(&legend)?;
    w.close()
}

/// What the period leaves out, in one sentence.
fn earlier_text(report: &Report) -> String {
    let earlier = &report.earlier;
    let count = |n: u64, one: &str, many: &str| plural(n as i64, one, many);
    let knots = match earlier.knots {
        0 => String::new(),
        n => format!(", and {} not logged since", count(n, "knot", "knots")),
    };
    format!(
        "Left out: {} in {} before this period{knots}; knotmap report --all covers the whole history.",
        count(earlier.readings, "earlier reading", "earlier readings"),
        count(earlier.sessions, "session", "sessions"),
    )
}

//! Techniques and tools: how pain responded within a session.

use std::fmt;

use super::NONE;
use crate::report::text::mean;
use crate::report::writer::{
    ColumnKind, Form, Part, Role, Row, Table, Writer, cell, column, text, value,
};
use crate::report::{Report, Response};

pub(super) fn treatments(report: &Report, w: &mut impl Writer) -> fmt::Result {
    let form = w.form();
    w.open(Part::page("treatment"))?;
    w.heading(2, &[text("Techniques and tools")])?;
    let intro = match form {
        Form::Page => {
            "How pain changed within a session, from before treatment to right after, over the \
             readings in the period that have both scores. This is short-term relief; whether a \
             knot calms over days is its verdict."
        }
        Form::Message => {
            "Pain from before treatment to right after, over the readings in the period with \
             both scores: short-term relief, not whether a knot calms over days."
        }
    };
    w.para(Role::Body, &[text(intro)])?;
    for (heading, title, responses) in [
        ("By technique", "Technique", &report.techniques),
        ("By tool", "Tool", &report.tools),
    ] {
        if form == Form::Page {
            w.heading(3, &[text(heading)])?;
        }
        w.table(&response_table(responses, title, true))?;
    }
    w.close()
}

/// How pain responded to each technique or tool; `with_knots` adds how
/// many knots each was used on.
pub(super) fn response_table<'a>(
    responses: &'a [Response],
    title: &'a str,
    with_knots: bool,
) -> Table<'a> {
    let number = ColumnKind::Number;
    let mut columns = vec![column(title, ColumnKind::Text), column("Readings", number)];
    if with_knots {
        columns.push(column("Knots", number));
    }
    columns.extend([
        column("With an after score", number),
        column("Mean before", number),
        column("Mean after", number),
        column("Mean drop", number),
    ]);
    let rows = responses
        .iter()
        .map(|r| {
            let mut cells = vec![value(r.name.as_str()).into(), cell(r.readings.to_string())];
            if with_knots {
                cells.push(cell(r.knots.to_string()));
            }
            cells.extend([
                cell(r.scored.to_string()),
                cell(mean(r.mean_before)),
                cell(mean(r.mean_after)),
                cell(drop_text(r.mean_drop())),
            ]);
            Row::from(cells)
        })
        .collect();
    Table::new(columns, rows)
}

/// A mean drop in points: "2.5 points", "-0.5 points" when pain rose.
fn drop_text(drop: Option<f64>) -> String {
    match drop {
        None => NONE.to_string(),
        Some(d) if (d - 1.0).abs() < 0.05 => "1.0 point".to_string(),
        Some(d) => format!("{d:.1} points"),
    }
}

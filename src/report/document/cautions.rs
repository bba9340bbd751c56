//! Symptoms, cautions and knots that came back.

use std::fmt;

use super::{
    CAUTIONED_KNOTS, REMARKS, RETURNING_REGIONS, RETURNS_PER_REGION, advice_list, knot_name, more,
    shown, symptoms,
};
use crate::domain::guidance::{Advice, capitalise};
use crate::report::text::{day, minute, score};
use crate::report::writer::{
    Cell, ColumnKind, Form, Item, List, ListStyle, Part, Role, Row, Table, Writer, cell, column,
    strong, text, value,
};
use crate::report::{KnotReport, Report, is_serious};

const NO_CAUTIONS: &str = "None of the latest readings called for a caution.";
const NO_REMARKS: &str = "No symptoms or notes were logged in this period.";
const NONE_CAME_BACK: &str = "No knot came back after calming in this period.";
const WORTH_CHECKING: &str = "worth checking";

pub(super) fn cautions(report: &Report, w: &mut impl Writer) -> fmt::Result {
    let page = w.form() == Form::Page;
    w.open(Part::page("cautions"))?;
    w.heading(2, &[text("Symptoms, cautions and knots that came back")])?;
    if page {
        w.heading(3, &[text("Cautions, knot by knot")])?;
    }
    cautions_by_knot(report, w)?;
    if page {
        w.heading(3, &[text("Symptoms and notes logged")])?;
    }
    if report.remarks.is_empty() {
        w.para(Role::Body, &[text(NO_REMARKS)])?;
    } else {
        w.table(&remarks_table(report))?;
        let listed = shown(report, report.remarks.len(), REMARKS);
        if let Some(line) = more(
            report.remarks.len() - listed,
            "reading",
            "readings",
            "earlier in the period, with their knots in knotmap show",
        ) {
            w.para(Role::Body, &[text(line)])?;
        }
    }
    if page {
        w.heading(3, &[text("Knots that came back")])?;
    }
    returns(report, w)?;
    w.close()
}

/// What knotmap said about each knot's latest reading: a list per knot on
/// a page, one table in a message.
fn cautions_by_knot(report: &Report, w: &mut impl Writer) -> fmt::Result {
    let mut advised: Vec<&KnotReport> = report
        .knots
        .iter()
        .filter(|k| !k.advice.is_empty())
        .collect();
    if advised.is_empty() {
        return w.para(Role::Body, &[text(NO_CAUTIONS)]);
    }
    let listed = shown(report, advised.len(), CAUTIONED_KNOTS);
    let left = more(
        advised.len() - listed,
        "knot",
        "knots",
        "with cautions too; knotmap show gives them",
    );
    advised.truncate(listed);
    if w.form() == Form::Page {
        w.para(
            Role::Body,
            &[text(
                "What knotmap pointed out about each knot's latest reading; reasons to see a \
                 clinician in bold.",
            )],
        )?;
        for knot in advised {
            w.heading(4, &knot_name(knot))?;
            w.list(&advice_list(&knot.advice))?;
        }
        if let Some(line) = left {
            w.para(Role::Body, &[text(line)])?;
        }
        return Ok(());
    }
    let columns = vec![
        column("Knot", ColumnKind::Number),
        column("Region", ColumnKind::Text),
        column("Caution", ColumnKind::Text),
    ];
    let rows = advised
        .iter()
        .flat_map(|knot| {
            knot.advice.iter().map(|advice| {
                let words = value(capitalise(&advice.text));
                Row::from(vec![
                    cell(knot.id().to_string()),
                    value(knot.region().name()).into(),
                    if is_serious(advice.kind) {
                        strong([words]).into()
                    } else {
                        words.into()
                    },
                ])
            })
        })
        .collect();
    w.table(&Table::new(columns, rows))?;
    match left {
        Some(line) => w.para(Role::Body, &[text(line)]),
        None => Ok(()),
    }
}

/// The regions knots came back to, each with its returns and the usual
/// causes to check.
fn returns(report: &Report, w: &mut impl Writer) -> fmt::Result {
    let form = w.form();
    if report.flagged.is_empty() {
        return w.para(Role::Body, &[text(NONE_CAME_BACK)]);
    }
    if form == Form::Page {
        w.para(
            Role::Body,
            &[text(
                "A knot that returns to the same spot after calming usually has a cause that \
                 keeps it going. These are the usual ones for each region: hints to check, not \
                 findings.",
            )],
        )?;
    }
    let regions = shown(report, report.flagged.len(), RETURNING_REGIONS);
    for entry in report.flagged.iter().take(regions) {
        let flagged = &entry.flagged;
        let listed = shown(report, entry.recurrences.len(), RETURNS_PER_REGION);
        let latest = &entry.recurrences[entry.recurrences.len() - listed..];
        let returns = latest.iter().map(|recurrence| {
            Item::from(vec![
                value(recurrence.describe()),
                text(format!(
                    ": calm on {}, back on {}",
                    day(recurrence.calmed_at),
                    day(recurrence.returned_at)
                )),
            ])
        });
        let causes = flagged.causes.iter().map(|cause| value(cause.as_str()));
        match form {
            Form::Page => {
                let summary = text(format!(": {}", flagged.summary()));
                w.heading(4, &[value(flagged.region.name()), summary])?;
                w.list(&List::plain(returns.collect()))?;
                let causes = causes.map(|cause| Item::from(vec![cause])).collect();
                let lead = text(format!("{}:", capitalise(WORTH_CHECKING)));
                w.list(&List::new(ListStyle::Small, causes).led_by(vec![lead]))?;
            }
            Form::Message => {
                let summary = text(format!(": {}.", flagged.summary()));
                w.para(
                    Role::Body,
                    &[strong([value(flagged.region.name())]), summary],
                )?;
                let causes = causes
                    .map(|cause| Item::from(vec![text(format!("{WORTH_CHECKING}: ")), cause]));
                w.list(&List::plain(returns.chain(causes).collect()))?;
            }
        }
    }
    match more(
        report.flagged.len() - regions,
        "region",
        "regions",
        "knots came back to as well; knotmap recurring lists them",
    ) {
        Some(line) => w.para(Role::Body, &[text(line)]),
        None => Ok(()),
    }
}

/// The readings of the period with symptoms or a note, with what knotmap
/// advised about them if it advised anything about any.
fn remarks_table(report: &Report) -> Table<'_> {
    let advised = report.remarks.iter().any(|r| !r.advice.is_empty());
    let number = ColumnKind::Number;
    let mut columns = vec![
        column("Date", ColumnKind::Text),
        column("Knot", number),
        column("Region", ColumnKind::Text),
        column("Before", number),
        column("After", number),
        column("Symptoms", ColumnKind::Text),
        column("Note", ColumnKind::Note),
    ];
    if advised {
        columns.push(column("What knotmap advised", ColumnKind::Text));
    }
    let listed = shown(report, report.remarks.len(), REMARKS);
    let rows = report.remarks[report.remarks.len() - listed..]
        .iter()
        .map(|remark| {
            let t = &remark.reading.treatment;
            let mut cells = vec![
                Cell::new([text(minute(remark.reading.taken_at))], true),
                cell(remark.knot.to_string()),
                value(remark.region.name()).into(),
                cell(score(t.pain_before.map(u8::from))),
                cell(score(t.pain_after.map(u8::from))),
                value(symptoms(&t.symptoms)).into(),
                value(t.note.as_deref().unwrap_or("")).into(),
            ];
            if advised {
                cells.push(value(advice_text(&remark.advice)).into());
            }
            Row::from(cells)
        })
        .collect();
    Table::new(columns, rows)
}

/// Advice in one cell: capitalised sentences.
fn advice_text(advice: &[Advice]) -> String {
    advice
        .iter()
        .map(|a| format!("{}.", capitalise(&a.text)))
        .collect::<Vec<_>>()
        .join(" ")
}

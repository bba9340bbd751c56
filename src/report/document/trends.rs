//! Trends by muscle region and body area.

use std::fmt;

use super::count_cell;
use crate::domain::trends::{SERIES_LENGTH, Trend};
use crate::report::Report;
use crate::report::text::long_day;
use crate::report::writer::{
    ColumnKind, Form, Part, Role, Row, Span, Table, Writer, cell, column, text, value,
};

pub(super) fn trends(report: &Report, w: &mut impl Writer) -> fmt::Result {
    let form = w.form();
    let (from, to) = (long_day(report.from), long_day(report.made_at));
    w.open(Part::page("trends"))?;
    w.heading(2, &[text("Trends by muscle and body area")])?;
    let intro = match form {
        Form::Page => format!(
            "From {from} to {to}, most in need of attention first. Mean and latest are scores \
             before treatment. Each line splits the period into {SERIES_LENGTH} equal parts and \
             plots the mean score in each on a 0-10 scale (the dotted line is 5/10); a gap means \
             nothing was logged then."
        ),
        Form::Message => format!(
            "From {from} to {to}. \"Over the period\" splits it into {SERIES_LENGTH} equal parts \
             and shows the mean score before treatment in each (higher bars, more pain; blank, \
             nothing logged)."
        ),
    };
    w.para(Role::Body, &[text(intro)])?;
    w.table(&trend_table(form, "Muscle region", &report.regions))?;
    w.table(&trend_table(form, "Body area", &report.areas))?;
    w.close()
}

fn trend_table<'a>(form: Form, title: &'a str, trends: &'a [Trend]) -> Table<'a> {
    let number = ColumnKind::Number;
    let columns = vec![
        column(title, ColumnKind::Text),
        column("Knots", number),
        column("Active", number),
        column("Sessions", number),
        column("Mean", number),
        column("Latest", number),
        column("Over the period", ColumnKind::Chart),
        column("Came back", number),
    ];
    let rows = trends
        .iter()
        .map(|trend| {
            Row::from(vec![
                value(trend.name.as_str()).into(),
                cell(trend.knots.to_string()),
                cell(trend.active_knots.to_string()),
                cell(trend.sessions.to_string()),
                cell(format!("{:.1}", trend.mean_pain)),
                cell(trend.latest_pain.to_string()),
                Span::Sparkline(&trend.series).into(),
                count_cell(form, trend.recurrences),
            ])
        })
        .collect();
    // Set widths keep the sparklines of the two tables one under another.
    Table {
        fixed_widths: true,
        ..Table::new(columns, rows)
    }
}

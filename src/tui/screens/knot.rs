//! The knot screen: one knot's pain session by session, its verdict and
//! the rule behind it, and its readings.

use chrono::{DateTime, Datelike, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::clock::Zone;
use crate::domain::KnotSummary;
use crate::domain::analysis::advice_for_knot;
use crate::domain::course::last_treated;
use crate::domain::knot::{Reading, pain_by_session};
use crate::domain::verdict::Verdict;
use crate::text::{BARS, pad, printable, wrap};
use crate::tui::app::App;
use crate::tui::widgets::chrome;
use crate::tui::widgets::fit::{fit, fit_all};
use crate::tui::widgets::pain_chart::{PainChart, legend_in};

pub struct KnotScreen<'a> {
    pub app: &'a App,
}

/// Where each part of the knot screen goes at a size, with the cautions
/// already wrapped to fit.
pub struct KnotLayout {
    title: Rect,
    verdict: Rect,
    cautions: Rect,
    chart: Rect,
    chart_legend: Rect,
    ppt: Rect,
    pub table: Rect,
    advice_lines: Vec<String>,
}

impl KnotLayout {
    /// The layout of the screen body (inside the header, the footer and
    /// the margins) for the knot in focus.
    pub fn new(app: &App, body: Rect) -> KnotLayout {
        let readings = app.readings_of_focused();
        let ppt_rows = u16::from(readings.iter().any(|r| r.treatment.ppt.is_some()));
        let advice = match app.focused() {
            Some(summary) => advice_for_knot(summary, readings, app.rules(), &app.clock().zone()),
            None => Vec::new(),
        };
        // Every caution, wrapped; the chart gives up rows first.
        let mut advice_lines: Vec<String> = advice
            .iter()
            .flat_map(|a| wrap(&format!("Careful: {}.", a.text), usize::from(body.width)))
            .collect();
        if app
            .focused()
            .is_some_and(|summary| summary.safety.is_on_hold())
        {
            let lift = format!(
                "Once a doctor or physiotherapist has seen it, {} lifts the hold.",
                app.keymap().key("seen-to")
            );
            advice_lines.extend(wrap(&lift, usize::from(body.width)));
        }
        let advice_rows = (advice_lines.len() as u16).min(body.height.saturating_sub(12).max(2));
        // The chart takes what the table (a heading and two rows) leaves:
        // a row per point of the scale, two on a tall terminal, with the
        // table below it taking the rest.
        let left = body
            .height
            .saturating_sub(3 + advice_rows + 1 + ppt_rows + 3);
        let chart_rows = if left >= 2 * 23 {
            23
        } else {
            left.clamp(5, 13)
        };
        let [title, verdict, cautions, chart, chart_legend, ppt, table] =
            body.layout(&Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(2),
                Constraint::Length(advice_rows),
                Constraint::Length(chart_rows),
                Constraint::Length(1),
                Constraint::Length(ppt_rows),
                Constraint::Fill(1),
            ]));
        KnotLayout {
            title,
            verdict,
            cautions,
            chart,
            chart_legend,
            ppt,
            table,
            advice_lines,
        }
    }

    /// How many readings the table shows at once.
    pub fn table_rows(&self) -> usize {
        usize::from(self.table.height.saturating_sub(1))
    }
}

impl Widget for KnotScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let body = chrome::frame(app, area, buf);
        let Some(summary) = app.focused() else {
            let keys = app.keymap();
            let text = format!(
                "No knots yet. Go to the map ({}), move to a spot that hurts and press {}.",
                keys.key("next-screen"),
                keys.key("log")
            );
            chrome::empty(app, &text, body, buf);
            return;
        };
        let readings = app.readings_of_focused();
        let KnotLayout {
            title,
            verdict,
            cautions,
            chart,
            chart_legend,
            ppt,
            table,
            advice_lines,
        } = KnotLayout::new(app, body);
        title_line(app, summary, title, buf);
        verdict_lines(app, summary, verdict, buf);
        let lines: Vec<Line> = advice_lines
            .into_iter()
            .map(|line| Line::styled(line, app.theme().caution()))
            .collect();
        Paragraph::new(lines).render(cautions, buf);
        let sessions = pain_by_session(readings);
        PainChart {
            sessions: &sessions,
            rules: app.rules(),
            theme: app.theme(),
        }
        .render(chart, buf);
        let legend = legend_in(&sessions, app.rules(), usize::from(chart_legend.width));
        let legend = Line::styled(legend, app.theme().dim());
        fit(legend, usize::from(chart_legend.width)).render(chart_legend, buf);
        ppt_line(app, readings, ppt, buf);
        reading_table(app, readings, table, buf);
    }
}

fn title_line(app: &App, summary: &KnotSummary, area: Rect, buf: &mut Buffer) {
    let knot = &summary.knot;
    // The name keeps its side; what comes after it gives way first.
    let head = format!("Knot {} · ", knot.id);
    let room = usize::from(area.width).saturating_sub(head.len());
    let name = format!("{head}{}", knot.region.fitted_name(room));
    let sessions = format!(
        " · {} session{}",
        summary.sessions,
        if summary.sessions == 1 { "" } else { "s" }
    );
    let since = format!(
        " since {}",
        day_in_year(summary.first_seen, app.clock().now())
    );
    let treated = format!(
        " · {}",
        last_treated(
            summary.last_seen,
            &app.now().with_timezone(&app.clock().zone())
        )
    );
    // The verdict no longer counts to today, so when the line is short
    // the day of the first session gives way to how long ago the last was.
    let width = [&name, &sessions, &since, &treated]
        .iter()
        .map(|part| part.chars().count())
        .sum::<usize>();
    let since = if width <= usize::from(area.width) {
        since
    } else {
        String::new()
    };
    let mut spans = vec![
        Span::styled(name, app.theme().title()),
        Span::styled(format!("{sessions}{since}{treated}"), app.theme().dim()),
    ];
    if let Some(recurrence) = app.focused_recurrence() {
        let text = if recurrence.earlier_knot == knot.id {
            format!(" · back after {} calm days", recurrence.interval_days)
        } else {
            format!(" · back beside knot {}", recurrence.earlier_knot)
        };
        spans.push(Span::styled(text, app.theme().caution()));
    }
    fit(Line::from(spans), usize::from(area.width)).render(area, buf);
}

fn verdict_lines(app: &App, summary: &KnotSummary, area: Rect, buf: &mut Buffer) {
    let verdict = summary.verdict();
    let style = match verdict {
        Verdict::Worse | Verdict::Stalled => app.theme().error(),
        Verdict::OnTrack | Verdict::Resolved => app.theme().success(),
        Verdict::Back => app.theme().caution(),
        Verdict::New | Verdict::Slow => app.theme().label(),
    };
    Paragraph::new(Line::from(vec![
        Span::styled(verdict.slug().to_uppercase(), style),
        Span::raw(format!(": {}.", summary.assessment.rule)),
    ]))
    .wrap(Wrap { trim: true })
    .render(area, buf);
}

/// The algometer's readings as a row of bars, for those who use one.
fn ppt_line(app: &App, readings: &[Reading], area: Rect, buf: &mut Buffer) {
    let values: Vec<f64> = readings
        .iter()
        .filter_map(|r| r.treatment.ppt.map(|ppt| ppt.kg_cm2()))
        .collect();
    let (Some(first), Some(last)) = (values.first(), values.last()) else {
        return;
    };
    let top = values.iter().copied().fold(f64::MIN, f64::max).max(0.1);
    let bars: String = values
        .iter()
        .map(|value| BARS[((value / top) * (BARS.len() - 1) as f64).round() as usize])
        .collect();
    let line = Line::from(vec![
        Span::styled("Pressure threshold ", app.theme().title()),
        Span::raw(format!("{bars} {first:.1} → {last:.1} kg/cm²")),
        Span::styled(" (higher means less tender)", app.theme().dim()),
    ]);
    fit(line, usize::from(area.width)).render(area, buf);
}

fn reading_table(app: &App, readings: &[Reading], area: Rect, buf: &mut Buffer) {
    // The newest at the bottom, as many as fit, scrolled back to older
    // ones with the keys or the wheel; the first is always in reach.
    let room = usize::from(area.height.saturating_sub(1));
    let back = app
        .ui()
        .knot_scroll
        .min(readings.len().saturating_sub(room));
    let skip = readings.len().saturating_sub(room + back);
    let end = (skip + room).min(readings.len());
    let (count, from) = (readings.len(), skip + 1);
    // On a narrow screen the tool and the minutes give way, so the scores
    // and where the table is stay in sight.
    let wide = area.width >= 72;
    let columns = if wide {
        format!(
            "{:<12} {:>6} {:>5}  {:<16} {:<13} {:>3}  ",
            "DATE", "BEFORE", "AFTER", "TECHNIQUE", "TOOL", "MIN"
        )
    } else {
        format!(
            "{:<12} {:>6} {:>5}  {:<16} ",
            "DATE", "BEFORE", "AFTER", "TECHNIQUE"
        )
    };
    // Where the table is in the readings matters more than the last
    // column's heading.
    let room_after = usize::from(area.width).saturating_sub(columns.len());
    let note = if count > room {
        [
            format!("NOTE  readings {from}-{end} of {count}"),
            format!("readings {from}-{end} of {count}"),
            format!("{from}-{end} of {count}"),
        ]
        .into_iter()
        .find(|text| text.len() <= room_after)
        .unwrap_or_else(|| format!("{from}-{end}/{count}"))
    } else {
        "NOTE".to_string()
    };
    let mut lines = vec![Line::styled(
        format!("{columns}{note}"),
        app.theme().title(),
    )];
    for reading in &readings[skip..end] {
        let t = &reading.treatment;
        let score = |s: Option<crate::domain::Score>| s.map(|s| s.to_string()).unwrap_or_default();
        let date = short_date(reading.taken_at, app.clock().now());
        let (before, after) = (score(t.pain_before), score(t.pain_after));
        let technique = pad(&printable(t.technique.as_deref().unwrap_or("")), 16);
        let note = printable(t.note.as_deref().unwrap_or("")).into_owned();
        lines.push(Line::raw(if wide {
            format!(
                "{date:<12} {before:>6} {after:>5}  {technique} {} {:>3}  {note}",
                pad(&printable(t.tool.as_deref().unwrap_or("")), 13),
                t.minutes.map(|m| m.to_string()).unwrap_or_default(),
            )
        } else {
            format!("{date:<12} {before:>6} {after:>5}  {technique} {note}")
        }));
    }
    Paragraph::new(fit_all(lines, area.width)).render(area, buf);
}

/// "03 Nov" in the current year, "03 Nov 2019" before it, in the zone of
/// `now`.
fn day_in_year(time: DateTime<Utc>, now: DateTime<Zone>) -> String {
    let time = time.with_timezone(&now.timezone());
    if time.year() == now.year() {
        time.format("%d %b").to_string()
    } else {
        time.format("%d %b %Y").to_string()
    }
}

/// "Mon 03 Nov" in the current year, "03 Nov 2019" before it, in the
/// zone of `now`.
pub fn short_date(time: DateTime<Utc>, now: DateTime<Zone>) -> String {
    let local = time.with_timezone(&now.timezone());
    if local.year() == now.year() {
        local.format("%a %d %b").to_string()
    } else {
        local.format("%d %b %Y").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_of_another_year_carries_its_year() {
        let at = |text: &str| text.parse::<DateTime<Utc>>().unwrap();
        let zone = Zone::Fixed(chrono::FixedOffset::east_opt(13 * 3600).unwrap());
        let now = at("2026-06-15T12:00:00Z").with_timezone(&zone);
        assert_eq!(
            short_date(at("2026-03-04T12:00:00Z"), now),
            "Thu 05 Mar",
            "the next day at UTC+13"
        );
        assert_eq!(short_date(at("2019-03-04T12:00:00Z"), now), "05 Mar 2019");
    }
}

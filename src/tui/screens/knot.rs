//! The knot screen: one knot's pain session by session, its verdict and
//! the rule behind it, and its readings.

use chrono::{DateTime, Datelike, Local, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::domain::KnotSummary;
use crate::domain::analysis::advice_for_knot;
use crate::domain::knot::{Reading, pain_by_session};
use crate::domain::verdict::Verdict;
use crate::text::{BARS, clip, printable, wrap};
use crate::tui::app::App;
use crate::tui::widgets::chrome;
use crate::tui::widgets::pain_chart::{PainChart, legend};

pub struct KnotScreen<'a> {
    pub app: &'a App,
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
        let ppt_rows = u16::from(readings.iter().any(|r| r.treatment.ppt.is_some()));
        let advice = advice_for_knot(summary, readings, app.rules(), &app.clock().zone());
        // Every caution, wrapped; the chart gives up rows first.
        let mut advice_lines: Vec<String> = advice
            .iter()
            .flat_map(|a| wrap(&format!("Careful: {}.", a.text), usize::from(body.width)))
            .collect();
        if summary.safety.is_on_hold() {
            let lift = format!(
                "Once a doctor or physiotherapist has seen it, {} lifts the hold.",
                app.keymap().key("seen-to")
            );
            advice_lines.extend(wrap(&lift, usize::from(body.width)));
        }
        let advice_rows = (advice_lines.len() as u16).min(body.height.saturating_sub(12).max(2));
        // The chart takes what the table (a heading and two rows) leaves,
        // up to a row per point of the scale.
        let chart_rows = body
            .height
            .saturating_sub(3 + advice_rows + 1 + ppt_rows + 3)
            .clamp(5, 13);
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
        Line::styled(legend(&sessions, app.rules()), app.theme().dim()).render(chart_legend, buf);
        ppt_line(app, readings, ppt, buf);
        reading_table(app, readings, table, buf);
    }
}

fn title_line(app: &App, summary: &KnotSummary, area: Rect, buf: &mut Buffer) {
    let knot = &summary.knot;
    let mut spans = vec![
        Span::styled(
            format!("Knot {} · {}", knot.id, knot.region.name()),
            app.theme().title(),
        ),
        Span::styled(
            format!(
                " · {} session{} since {}",
                summary.sessions,
                if summary.sessions == 1 { "" } else { "s" },
                day_in_year(summary.first_seen, app.now())
            ),
            app.theme().dim(),
        ),
    ];
    if let Some(recurrence) = app.focused_recurrence() {
        let text = if recurrence.earlier_knot == knot.id {
            format!(" · back after {} calm days", recurrence.interval_days)
        } else {
            format!(" · back beside knot {}", recurrence.earlier_knot)
        };
        spans.push(Span::styled(text, app.theme().caution()));
    }
    Line::from(spans).render(area, buf);
}

fn verdict_lines(app: &App, summary: &KnotSummary, area: Rect, buf: &mut Buffer) {
    let verdict = summary.verdict();
    let style = match verdict {
        Verdict::Worse | Verdict::Stalled => app.theme().error(),
        Verdict::OnTrack | Verdict::Resolved => app.theme().success(),
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
    Line::from(vec![
        Span::styled("Pressure threshold ", app.theme().title()),
        Span::raw(format!("{bars} {first:.1} → {last:.1} kg/cm²")),
        Span::styled(" (higher means less tender)", app.theme().dim()),
    ])
    .render(area, buf);
}

fn reading_table(app: &App, readings: &[Reading], area: Rect, buf: &mut Buffer) {
    let mut lines = vec![Line::styled(
        format!(
            "{:<12} {:>6} {:>5}  {:<16} {:<13} {:>3}  NOTE",
            "DATE", "BEFORE", "AFTER", "TECHNIQUE", "TOOL", "MIN"
        ),
        app.theme().title(),
    )];
    // The latest readings, newest at the bottom, as many as fit.
    let room = usize::from(area.height.saturating_sub(1));
    let skip = readings.len().saturating_sub(room);
    for reading in &readings[skip..] {
        let t = &reading.treatment;
        let score = |s: Option<crate::domain::Score>| s.map(|s| s.to_string()).unwrap_or_default();
        lines.push(Line::raw(format!(
            "{:<12} {:>6} {:>5}  {:<16} {:<13} {:>3}  {}",
            short_date(reading.taken_at),
            score(t.pain_before),
            score(t.pain_after),
            clip(t.technique.as_deref().unwrap_or(""), 16),
            clip(t.tool.as_deref().unwrap_or(""), 13),
            t.minutes.map(|m| m.to_string()).unwrap_or_default(),
            printable(t.note.as_deref().unwrap_or(""))
        )));
    }
    Paragraph::new(lines).render(area, buf);
}

/// "03 Nov" in the current year, "03 Nov 2019" before it, in local time.
fn day_in_year(time: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let time = time.with_timezone(&Local);
    if time.year() == now.with_timezone(&Local).year() {
        time.format("%d %b").to_string()
    } else {
        time.format("%d %b %Y").to_string()
    }
}

/// "Mon 03 Nov", in local time.
pub fn short_date(time: DateTime<Utc>) -> String {
    time.with_timezone(&Local).format("%a %d %b").to_string()
}

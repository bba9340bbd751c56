//! The history screen: sessions newest first with their readings, where a
//! reading can be corrected or deleted.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::domain::analysis::HistoryRow;
use crate::domain::knot::Reading;
use crate::text::printable;
use crate::tui::app::App;
use crate::tui::widgets::chrome;
use crate::tui::widgets::fit::fit_all;

pub struct HistoryScreen<'a> {
    pub app: &'a App,
}

impl Widget for HistoryScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let body = chrome::frame(app, area, buf);
        let rows = &app.analysis().history_rows;
        if rows.is_empty() {
            chrome::empty(
                app,
                "No sessions yet: every reading you log appears here.",
                body,
                buf,
            );
            return;
        }
        let room = usize::from(body.height);
        // The name takes what the knot's number leaves on a narrow screen,
        // before the scores and the treatment.
        let name_width = usize::from(body.width)
            .saturating_sub(48)
            .clamp(20, 36)
            .min(usize::from(body.width).saturating_sub(12));
        // Keep the selection in sight, with its session's line above it
        // when there is room.
        let first = (app.ui().history_selected + 2)
            .saturating_sub(room)
            .min(app.ui().history_selected.saturating_sub(1));
        let lines: Vec<Line> = rows
            .iter()
            .enumerate()
            .skip(first)
            .take(room)
            .map(|(index, row)| match *row {
                HistoryRow::Session(session) => {
                    let count = rows[index + 1..]
                        .iter()
                        .take_while(|row| matches!(row, HistoryRow::Reading(_)))
                        .count();
                    session_line(app, session, count)
                }
                HistoryRow::Reading(reading) => reading_line(
                    app,
                    &app.analysis().history.readings[reading],
                    index == app.ui().history_selected,
                    name_width,
                ),
            })
            .collect();
        Paragraph::new(fit_all(lines, body.width)).render(body, buf);
    }
}

fn session_line(app: &App, index: usize, count: usize) -> Line<'static> {
    let session = &app.analysis().history.sessions[index];
    Line::styled(
        format!(
            "{} · {count} reading{}",
            session
                .started_at
                .with_timezone(&app.clock().zone())
                .format("%a %d %b %Y, %H:%M"),
            if count == 1 { "" } else { "s" }
        ),
        app.theme().title(),
    )
}

fn reading_line(app: &App, reading: &Reading, selected: bool, name_width: usize) -> Line<'static> {
    let region = app
        .analysis()
        .history
        .knot(reading.knot_id)
        .map(|knot| knot.region.fitted_name(name_width))
        .unwrap_or_default();
    let t = &reading.treatment;
    let pain = match (t.pain_before, t.pain_after) {
        (Some(before), Some(after)) => format!("{before} → {after}/10"),
        (Some(before), None) => format!("{before}/10"),
        _ => String::new(),
    };
    let how: Vec<String> = [
        t.technique.clone(),
        t.tool.clone(),
        t.minutes.map(|m| format!("{m} min")),
        t.note.as_deref().map(|note| printable(note).into_owned()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let style = if selected {
        app.theme().selected()
    } else {
        Style::new()
    };
    Line::from(vec![
        Span::styled(
            format!(
                "{} knot {:<3} {:<name_width$} {:<9}",
                if selected { "▸" } else { " " },
                reading.knot_id,
                region,
                pain
            ),
            style,
        ),
        Span::styled(format!(" {}", how.join(", ")), app.theme().dim()),
    ])
}

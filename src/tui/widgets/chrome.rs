//! The header and footer every screen shares: where you are, and what the
//! keys do or what just happened.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::domain::KnotStatus;
use crate::text::wrap;
use crate::tui::app::{App, Message};
use crate::tui::screens::Screen;

/// Draws the header and the footer around a screen and returns the area
/// between them, a column in from each side.
pub fn frame(app: &App, area: Rect, buf: &mut Buffer) -> Rect {
    let [top, body, bottom] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    header(app, top, buf);
    footer(app, bottom, buf);
    body.inner(Margin::new(1, 0))
}

/// The app's name, the screens with the current one marked, and the count
/// of knots.
pub fn header(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let active = app
        .knots()
        .iter()
        .filter(|summary| summary.status == KnotStatus::Active)
        .count();
    // Knots on hold, or to have looked at, are listed with the due ones
    // but are not due.
    let due = app
        .analysis()
        .due
        .iter()
        .filter(|item| item.kind.is_due())
        .count();
    let mut spans = vec![Span::styled(" knotmap ", theme.header())];
    let mut used = 9;
    for screen in Screen::ALL {
        let title = format!(" {} ", screen.title());
        used += title.chars().count();
        let style = if screen == app.ui().screen {
            theme.selected()
        } else {
            theme.header()
        };
        spans.push(Span::styled(title, style));
    }
    let room = usize::from(area.width).saturating_sub(used + 1);
    let saved = match app.saved_this_run() {
        0 => String::new(),
        count => format!(" · {count} saved now"),
    };
    // The longest of these that fits.
    let right = [
        format!("{active} active, {due} due today{saved}"),
        format!("{active} active, {due} due today"),
        format!("{due} due today"),
        format!("{due} due"),
    ]
    .into_iter()
    .find(|text| text.chars().count() <= room)
    .unwrap_or_default();
    spans.push(Span::styled(format!("{right:>room$} "), theme.header()));
    Line::from(spans).style(theme.header()).render(area, buf);
}

/// The last message, or the keys of what is in front. A message longer
/// than the line rises over the screen above it until the next key.
pub fn footer(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let message = match app.message() {
        Some(Message::Info(text)) => Some((format!(" {text}"), theme.label())),
        Some(Message::Saved(text)) => Some((format!(" ✓ {text}"), theme.success())),
        Some(Message::Error(text)) => Some((format!(" {text}"), theme.error())),
        None => None,
    };
    let line = match message {
        Some((text, style)) => {
            let lines = wrap(&text, usize::from(area.width).saturating_sub(1).max(1));
            let rows = (lines.len() as u16)
                .min(area.y.saturating_sub(buf.area.y) + 1)
                .max(1);
            let toast = Rect {
                y: area.y + 1 - rows,
                height: rows,
                ..area
            }
            .intersection(buf.area);
            Clear.render(toast, buf);
            let lines: Vec<Line> = lines
                .into_iter()
                .map(|line| Line::styled(format!(" {}", line.trim_start()), style))
                .collect();
            Paragraph::new(lines).render(toast, buf);
            return;
        }
        None => {
            let mut spans = vec![Span::raw(" ")];
            for (keys, hint) in app.keymap().hints(app.mode()) {
                spans.push(Span::styled(keys, theme.key()));
                spans.push(Span::raw(format!(" {hint}  ")));
            }
            Line::from(spans)
        }
    };
    line.render(area, buf);
}

/// A message for a screen with nothing to show yet.
pub fn empty(app: &App, text: &str, area: Rect, buf: &mut Buffer) {
    ratatui::widgets::Paragraph::new(text.to_string())
        .style(app.theme().dim())
        .wrap(ratatui::widgets::Wrap { trim: true })
        .render(area, buf);
}

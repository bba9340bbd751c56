//! The header and footer every screen shares: where you are, and what the
//! keys do or what just happened.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::domain::KnotStatus;
use crate::text::wrap;
use crate::tui::app::{App, Message};
use crate::tui::keymap::Hint;
use crate::tui::screens::Screen;
use crate::tui::widgets::fit::{fit, fit_all};
use unicode_width::UnicodeWidthStr;

/// Draws the header and the footer around a screen and returns the area
/// between them, a column in from each side.
pub fn frame(app: &App, area: Rect, buf: &mut Buffer) -> Rect {
    let [top, _, bottom] = rows(area);
    header(app, top, buf);
    footer(app, bottom, buf);
    body_area(area)
}

/// The area between the header and the footer, a column in from each
/// side, where a screen draws.
pub fn body_area(area: Rect) -> Rect {
    let [_, body, _] = rows(area);
    body.inner(Margin::new(1, 0))
}

fn rows(area: Rect) -> [Rect; 3] {
    area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]))
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
    let titles: usize = Screen::ALL.iter().map(|s| s.title().width() + 2).sum();
    let count = format!("{due} due");
    // The app's name gives way to the count of what is due.
    let name = if usize::from(area.width) >= 9 + titles + count.width() + 2 {
        " knotmap "
    } else {
        ""
    };
    let mut spans = vec![Span::styled(name, theme.header())];
    let mut used = name.width();
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
        count,
    ]
    .into_iter()
    .find(|text| text.chars().count() <= room)
    .unwrap_or_default();
    spans.push(Span::styled(format!("{right:>room$} "), theme.header()));
    fit(
        Line::from(spans).style(theme.header()),
        usize::from(area.width),
    )
    .render(area, buf);
}

/// The last message, or the keys of what is in front. A message longer
/// than the line rises over the screen above it until the next key.
pub fn footer(app: &App, area: Rect, buf: &mut Buffer) {
    footer_rising(app, area, u16::MAX, buf);
}

/// The footer, with a message rising at most `rows` rows: on the map it
/// takes the status line and never the drawing, and what does not fit
/// ends with `…`.
pub fn footer_rising(app: &App, area: Rect, rows: u16, buf: &mut Buffer) {
    let theme = app.theme();
    let message = match app.message() {
        Some(Message::Info(text)) => Some((format!(" {text}"), theme.label())),
        Some(Message::Saved(text)) => Some((format!(" ✓ {text}"), theme.success())),
        Some(Message::Error(text)) => Some((format!(" {text}"), theme.error())),
        None => None,
    };
    let line = match message {
        Some((text, style)) => {
            let mut lines = wrap(&text, usize::from(area.width).saturating_sub(1).max(1));
            let rows = (lines.len() as u16)
                .min(area.y.saturating_sub(buf.area.y) + 1)
                .min(rows)
                .max(1);
            if lines.len() > usize::from(rows) {
                // The rest joins the last row, longer than it: cut, and
                // marked as cut.
                let rest = lines.split_off(usize::from(rows) - 1).join(" ");
                lines.push(rest);
            }
            let toast = Rect {
                y: area.y + 1 - rows,
                height: rows,
                ..area
            }
            .intersection(buf.area);
            Clear.render(toast, buf);
            let lines = lines
                .into_iter()
                .map(|line| Line::styled(format!(" {}", line.trim_start()), style));
            Paragraph::new(fit_all(lines, area.width)).render(toast, buf);
            return;
        }
        None => {
            // Short of room, the hints go from the last, the ones that say
            // how to get help and out last of all.
            let mut hints = app.keymap().hints(app.mode());
            let width = |hints: &[Hint]| -> usize {
                1 + hints
                    .iter()
                    .map(|h| h.keys.width() + h.words.width() + 3)
                    .sum::<usize>()
            };
            while width(&hints) > usize::from(area.width) + 2 {
                match hints.iter().rposition(|hint| !hint.kept) {
                    Some(index) => hints.remove(index),
                    None => break,
                };
            }
            let mut spans = vec![Span::raw(" ")];
            for (index, hint) in hints.into_iter().enumerate() {
                if index > 0 {
                    spans.push(Span::raw("  "));
                }
                spans.push(Span::styled(hint.keys, theme.key()));
                spans.push(Span::raw(format!(" {}", hint.words)));
            }
            Line::from(spans)
        }
    };
    fit(line, usize::from(area.width)).render(area, buf);
}

/// A message for a screen with nothing to show yet.
pub fn empty(app: &App, text: &str, area: Rect, buf: &mut Buffer) {
    ratatui::widgets::Paragraph::new(text.to_string())
        .style(app.theme().dim())
        .wrap(ratatui::widgets::Wrap { trim: true })
        .render(area, buf);
}

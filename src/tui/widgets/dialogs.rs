//! The dialogs drawn over a screen: finding a region, logging a pain
//! score, and the list of keys.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use crate::domain::guidance::{UNDERLYING, UNDERLYING_SHORT};
use crate::domain::knot::Reading;
use crate::text::{printable, wrap};
use crate::tui::app::{App, Notice, SearchState};
use crate::tui::keymap::{self, Mode};

/// A bordered box in the middle of `area`, as large as asked for or as the
/// area allows.
fn popup(area: Rect, width: u16, height: u16, title: &str, buf: &mut Buffer) -> Rect {
    let area = area.intersection(buf.area);
    let popup = area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height.min(area.height)),
    );
    Clear.render(popup, buf);
    let block = Block::bordered().title(format!(" {title} "));
    let inner = block.inner(popup);
    block.render(popup, buf);
    inner
}

/// The rows of matches the search dialog lists at most.
const SEARCH_ROWS: usize = 10;

pub fn search(app: &App, search: &SearchState, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let matches = search.matches();
    let rows = matches.len().clamp(1, SEARCH_ROWS) as u16;
    let inner = popup(area, 50, rows + 5, "Find a region", buf);
    let mut lines = vec![
        Line::from(vec![
            Span::styled("> ", theme.key()),
            Span::raw(printable(&search.query).into_owned()),
            Span::styled("_", theme.dim()),
        ]),
        Line::raw(""),
    ];
    if matches.is_empty() {
        lines.push(Line::styled("No region matches.", theme.error()));
    }
    // Keep the selected match in sight when the list is longer than the box.
    let first = search.selected.saturating_sub(SEARCH_ROWS - 1);
    for (index, region) in matches.iter().enumerate().skip(first).take(SEARCH_ROWS) {
        let style = if index == search.selected {
            theme.selected()
        } else {
            Style::new()
        };
        lines.push(Line::styled(
            format!(" {:<30} {}", region.name(), region.area().name()),
            style,
        ));
    }
    lines.push(Line::styled(
        format!(
            "{} match{} · {}{} choose · {} jump · {} close",
            matches.len(),
            if matches.len() == 1 { "" } else { "es" },
            app.keymap().key("previous"),
            app.keymap().key("next"),
            app.keymap().key("jump"),
            app.keymap().key("cancel"),
        ),
        theme.dim(),
    ));
    Paragraph::new(lines).render(inner, buf);
}

/// Every caution about a reading just saved, whole, until a key is
/// pressed.
pub fn notice(app: &App, notice: &Notice, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let width = 64.min(area.width);
    let text_width = usize::from(width.saturating_sub(2)).max(1);
    let mut lines: Vec<Line> = wrap(&notice.saved, text_width)
        .into_iter()
        .map(|line| Line::styled(line, theme.success()))
        .collect();
    for caution in &notice.cautions {
        lines.push(Line::raw(""));
        lines.extend(
            wrap(caution, text_width)
                .into_iter()
                .map(|line| Line::styled(line, theme.caution())),
        );
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Any key to go on.", theme.dim()));
    let inner = popup(area, width, lines.len() as u16 + 2, &notice.title, buf);
    Paragraph::new(lines).render(inner, buf);
}

/// Asks before a reading is deleted.
pub fn confirm_delete(app: &App, reading: &Reading, area: Rect, buf: &mut Buffer) {
    let inner = popup(area, 50, 5, "Delete this reading?", buf);
    let pain = reading
        .treatment
        .pain_before
        .map(|p| format!("{p}/10"))
        .unwrap_or_default();
    let lines = vec![
        Line::raw(format!(
            "Knot {}, {pain}, {}.",
            reading.knot_id,
            reading
                .taken_at
                .with_timezone(&chrono::Local)
                .format("%d %b %Y %H:%M")
        )),
        Line::raw(""),
        Line::styled(
            format!(
                "{} delete · {} keep it · {} undoes a delete",
                app.keymap().key("yes"),
                app.keymap().key("no"),
                app.keymap().key("undo")
            ),
            app.theme().dim(),
        ),
    ];
    Paragraph::new(lines).render(inner, buf);
}

/// The width of one column of the help.
const HELP_COLUMN: u16 = 38;

/// The keys of the screen in front and of the dialogs, from the same table
/// the keys are read with, in two columns when there is room.
pub fn help(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let screen = app.ui().screen.mode();
    let section = |title: String, wanted: &dyn Fn(&[Mode]) -> bool| {
        let mut lines = vec![Line::styled(title, theme.title())];
        for binding in app.keymap().bindings().iter().filter(|b| wanted(b.modes)) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<14}", binding.keys_label()), theme.key()),
                Span::raw(binding.help),
            ]));
        }
        if screen == Mode::Map && wanted(keymap::MAP) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<14}", "click"), theme.key()),
                Span::raw("put the cursor there"),
            ]));
        }
        lines
    };
    let own = |modes: &[Mode]| {
        modes.contains(&screen) && modes != keymap::SCREENS && modes != keymap::ALL
    };
    let left: Vec<Line> = [
        section(format!("On the {} screen", app.ui().screen.title()), &own),
        section("On every screen".to_string(), &|modes| {
            modes == keymap::SCREENS
        }),
    ]
    .concat();
    let right: Vec<Line> = [
        section("Everywhere".to_string(), &|modes| modes == keymap::ALL),
        section(
            format!("Finding a region ({})", app.keymap().key("find")),
            &|modes| modes == [Mode::Search],
        ),
        section(
            format!("Logging pain ({})", app.keymap().key("log")),
            &|modes| modes == [Mode::LogPain],
        ),
        section("In both dialogs".to_string(), &|modes| {
            modes == keymap::DIALOGS
        }),
        section("Deleting a reading".to_string(), &|modes| {
            modes == [Mode::Confirm]
        }),
        section("After a save".to_string(), &|modes| modes == [Mode::Notice]),
        section("In this help".to_string(), &|modes| modes == [Mode::Help]),
    ]
    .concat();
    let footer = vec![
        Line::styled(
            "knotmap is a self-care log, not medical advice.",
            theme.dim(),
        ),
        Line::styled(UNDERLYING, theme.caution()),
    ];
    let two_columns = area.width >= HELP_COLUMN * 2 + 2;
    let width = if two_columns {
        HELP_COLUMN * 2 + 2
    } else {
        HELP_COLUMN + 2
    };
    let footer: Vec<Line> = footer
        .into_iter()
        .flat_map(|line| {
            let style = line.style;
            wrap(&line.to_string(), usize::from(width - 2))
                .into_iter()
                .map(move |text| Line::styled(text, style))
        })
        .collect();
    let footer_height = footer.len() as u16;
    let height = if two_columns {
        left.len().max(right.len()) as u16 + 2 + footer_height
    } else {
        (left.len() + right.len()) as u16 + 2 + footer_height
    };
    let inner = popup(area, width, height, "Keys", buf);
    // The keys come first: the lines under them give way when short of
    // room.
    let footer_rows = if inner.height + 2 >= height {
        footer_height
    } else {
        0
    };
    let [body, foot] = inner.layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(footer_rows),
    ]));
    if two_columns {
        let [first, second] = body.layout(&Layout::horizontal([
            Constraint::Length(HELP_COLUMN),
            Constraint::Fill(1),
        ]));
        Paragraph::new(left).render(first, buf);
        Paragraph::new(right).render(second, buf);
    } else {
        Paragraph::new([left, right].concat()).render(body, buf);
    }
    Paragraph::new(footer).render(foot, buf);
    if footer_rows == 0 {
        // No room under the keys: the caution keeps a short form on the
        // box's bottom edge, which costs no row.
        let edge = Rect {
            x: inner.x + 1,
            y: inner.bottom(),
            width: inner.width.saturating_sub(2),
            height: 1,
        }
        .intersection(buf.area);
        Line::styled(format!(" {UNDERLYING_SHORT} "), theme.caution()).render(edge, buf);
    }
}

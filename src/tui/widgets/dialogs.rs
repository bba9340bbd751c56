//! The dialogs drawn over a screen: finding a region, logging a pain
//! score, and the list of keys.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use crate::domain::guidance::UNDERLYING;
use crate::domain::knot::Reading;
use crate::text::{printable, wrap};
use crate::tui::app::{App, Notice, SearchState};
use crate::tui::keymap::{self, Mode};
use crate::tui::widgets::body_map::MARKS;
use crate::tui::widgets::fit::{fit, fit_all};

/// A bordered box in the middle of `area`, as large as asked for or as the
/// area allows.
fn popup(area: Rect, width: u16, height: u16, title: &str, buf: &mut Buffer) -> Rect {
    let area = area.intersection(buf.area);
    let popup = area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height.min(area.height)),
    );
    Clear.render(popup, buf);
    let title = crate::text::clip(
        &format!(" {title} "),
        usize::from(popup.width.saturating_sub(2)),
    );
    let block = Block::bordered().title(title);
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
        // The area's column gives way before the name, and the name keeps
        // its side; the two never run together.
        let width = usize::from(inner.width);
        let area_name = region.area().name();
        let name_room = width.saturating_sub(area_name.len() + 3).clamp(8, 36);
        let name = region.fitted_name(name_room);
        let row = if name_room + area_name.len() + 2 <= width {
            format!(" {name:<name_room$} {area_name}")
        } else {
            format!(" {}", region.fitted_name(width.saturating_sub(1)))
        };
        lines.push(Line::styled(row, style));
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
                .with_timezone(&app.clock().zone())
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

/// Asks before quitting while the protocol runs.
pub fn confirm_quit(app: &App, area: Rect, buf: &mut Buffer) {
    let inner = popup(area, 50, 5, "Quit now?", buf);
    let keys = app.keymap();
    let lines = vec![
        Line::raw("The protocol is under way; nothing of it is logged."),
        Line::raw(""),
        Line::styled(
            format!(
                "{} quit · {} go on",
                keys.key("quit-yes"),
                keys.key("quit-no")
            ),
            app.theme().dim(),
        ),
    ];
    Paragraph::new(fit_all(lines, inner.width)).render(inner, buf);
}

/// The width of one column of the help.
const HELP_COLUMN: u16 = 38;

/// The keys of the screen in front and of the dialogs, from the same table
/// the keys are read with, and what the marks on the map mean: in two
/// columns when there is room, scrolled when it is longer than the screen.
pub fn help(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let (left, right) = help_columns(app);
    let layout = HelpLayout::new(&left, &right, area);
    let inner = popup(area, layout.width, layout.height, "Keys", buf);
    // The caution about circulation, nerves and injuries stays on top,
    // whole, wherever the keys are scrolled to.
    let caution: Vec<Line> = underlying_lines(layout.width)
        .into_iter()
        .map(|line| Line::styled(line, theme.caution()))
        .collect();
    let [top, body, foot] = inner.layout(&Layout::vertical([
        Constraint::Length(caution.len() as u16),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    Paragraph::new(caution).render(top, buf);
    let hidden = layout.hidden(body.height);
    let scroll = app.ui().help_scroll.min(hidden);
    let shown =
        |lines: Vec<Line<'static>>, width: u16| fit_all(lines.into_iter().skip(scroll), width);
    if layout.two_columns {
        let [first, second] = body.layout(&Layout::horizontal([
            Constraint::Length(HELP_COLUMN),
            Constraint::Fill(1),
        ]));
        Paragraph::new(shown(left, first.width)).render(first, buf);
        Paragraph::new(shown(right, second.width)).render(second, buf);
    } else {
        Paragraph::new(shown([left, right].concat(), body.width)).render(body, buf);
    }
    let footer = if hidden == 0 {
        Line::styled(
            "knotmap is a self-care log, not medical advice.",
            theme.dim(),
        )
    } else {
        let keys = app.keymap();
        Line::styled(
            format!(
                "{}/{} scroll · lines {}-{} of {}",
                keys.key("help-up"),
                keys.key("help-down"),
                scroll + 1,
                scroll + usize::from(body.height),
                layout.rows
            ),
            theme.dim(),
        )
    };
    fit(footer, usize::from(foot.width)).render(foot, buf);
}

/// How many rows of the help a terminal of `area` cannot show at once.
pub fn help_hidden_rows(app: &App, area: Rect) -> usize {
    let (left, right) = help_columns(app);
    let layout = HelpLayout::new(&left, &right, area);
    // The box's border, the caution on top and the last line are not rows
    // of the help.
    let around = 3 + underlying_lines(layout.width).len() as u16;
    layout.hidden(layout.height.min(area.height).saturating_sub(around))
}

/// The caution about circulation, nerves and injuries, wrapped to a box
/// `width` wide.
fn underlying_lines(width: u16) -> Vec<String> {
    wrap(UNDERLYING, usize::from(width.saturating_sub(2)).max(1))
}

/// The help's size at a terminal size.
struct HelpLayout {
    two_columns: bool,
    width: u16,
    height: u16,
    /// The rows of the help, in the longer column.
    rows: usize,
}

impl HelpLayout {
    fn new(left: &[Line], right: &[Line], area: Rect) -> HelpLayout {
        let two_columns = area.width >= HELP_COLUMN * 2 + 2;
        let (width, rows) = if two_columns {
            (HELP_COLUMN * 2 + 2, left.len().max(right.len()))
        } else {
            (HELP_COLUMN + 2, left.len() + right.len())
        };
        HelpLayout {
            two_columns,
            width,
            height: rows as u16 + 3 + underlying_lines(width).len() as u16,
            rows,
        }
    }

    fn hidden(&self, body_rows: u16) -> usize {
        self.rows.saturating_sub(usize::from(body_rows))
    }
}

/// The help's two columns: the screen's keys and the map's marks on the
/// left, the dialogs' keys on the right.
fn help_columns(app: &App) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
    let theme = app.theme();
    let screen = app.screen_mode();
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
    let mut marks = vec![Line::styled("Marks on the map", theme.title())];
    for (mark, meaning) in MARKS {
        marks.push(Line::from(vec![
            Span::styled(format!("  {mark:<14}"), theme.key()),
            Span::raw(*meaning),
        ]));
    }
    let left: Vec<Line> = [
        section(format!("On the {} screen", app.ui().screen.title()), &own),
        section("On every screen".to_string(), &|modes| {
            modes == keymap::SCREENS
        }),
        marks,
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
    (left, right)
}

//! The dialogs drawn over a screen: finding a region, logging a pain
//! score, and the list of keys.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use crate::tui::app::{App, PainField, PainForm, SearchState};
use crate::tui::keymap::{BINDINGS, Mode};

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
    let theme = app.theme;
    let inner = popup(area, 50, SEARCH_ROWS as u16 + 5, "Find a region", buf);
    let matches = search.matches();
    let mut lines = vec![
        Line::from(vec![
            Span::styled("> ", theme.key()),
            Span::raw(search.query.clone()),
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
            "{} match{} · ↑↓ choose · Enter jump · Esc close",
            matches.len(),
            if matches.len() == 1 { "" } else { "es" }
        ),
        theme.dim(),
    ));
    Paragraph::new(lines).render(inner, buf);
}

pub fn log_pain(app: &App, form: &PainForm, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let inner = popup(
        area,
        56,
        10,
        &format!("Log pain · {}", form.region.name()),
        buf,
    );
    let about = match &form.knot {
        Some(summary) => format!(
            "Knot {}: {}/10 last time, {} session{} so far.",
            summary.knot.id,
            summary.latest_pain,
            summary.sessions,
            if summary.sessions == 1 { "" } else { "s" }
        ),
        None => "A new knot at the cursor.".to_string(),
    };
    let field = |label: &str, text: &str, active: bool, note: &str| {
        let value = if active {
            format!("{text}_")
        } else {
            text.to_string()
        };
        Line::from(vec![
            Span::styled(
                label.to_string(),
                if active { theme.title() } else { Style::new() },
            ),
            Span::styled(
                format!("{value:<4}"),
                if active {
                    theme.selected()
                } else {
                    Style::new()
                },
            ),
            Span::styled(format!(" {note}"), theme.dim()),
        ])
    };
    let mut lines = vec![
        Line::raw(about),
        Line::raw(""),
        field(
            "Pain now, 0-10:      ",
            &form.pain,
            form.field == PainField::Now,
            "",
        ),
        field(
            "After treatment:     ",
            &form.after,
            form.field == PainField::After,
            "optional",
        ),
        Line::raw(""),
    ];
    match (&form.error, form.region.caution()) {
        (Some(error), _) => lines.push(Line::styled(error.clone(), theme.error())),
        (None, Some(caution)) => lines.push(Line::styled(
            format!("Careful: {}.", caution.advice()),
            theme.caution(),
        )),
        (None, None) => lines.push(Line::raw("")),
    }
    lines.push(Line::styled(
        "Enter save · Tab next field · Esc cancel",
        theme.dim(),
    ));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

/// Every key of every mode, from the same table the keys are read with.
pub fn help(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let mut lines = Vec::new();
    for mode in [Mode::Map, Mode::Search, Mode::LogPain, Mode::Help] {
        lines.push(Line::styled(mode.title(), theme.title()));
        for binding in BINDINGS.iter().filter(|b| b.modes.contains(&mode)) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<12}", binding.keys_label), theme.key()),
                Span::raw(binding.help),
            ]));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Mouse: click a spot to put the cursor there.",
        theme.dim(),
    ));
    lines.push(Line::styled(
        "knotmap is a self-care log, not medical advice.",
        theme.dim(),
    ));
    let height = lines.len() as u16 + 2;
    let inner = popup(area, 76, height, "Keys", buf);
    Paragraph::new(lines).render(inner, buf);
}

//! The recurring screen: regions where knots keep coming back, when and
//! how often, and what to check.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::domain::recurrence::FlaggedRegion;
use crate::text::{plural, wrap};
use crate::tui::app::App;
use crate::tui::screens::knot::short_date;
use crate::tui::widgets::chrome;

pub struct RecurringScreen<'a> {
    pub app: &'a App,
}

impl Widget for RecurringScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let body = chrome::frame(app, area, buf);
        let flagged = &app.analysis.flagged;
        if flagged.is_empty() {
            chrome::empty(
                app,
                "No knot has come back yet. A knot counts as back when it hurts again after two \
                 calm sessions (2/10 or less), or when a new knot forms beside one that had calmed. \
                 A knot that keeps coming back usually has a cause to look for.",
                body,
                buf,
            );
            return;
        }
        let list_height = (flagged.len() as u16 + 1).min(body.height / 3).max(2);
        let [list, _, details] = body.layout(&Layout::vertical([
            Constraint::Length(list_height),
            Constraint::Length(1),
            Constraint::Fill(1),
        ]));
        region_list(app, flagged, list, buf);
        if let Some(selected) = flagged.get(app.recurring_selected) {
            region_details(app, selected, details, buf);
        }
    }
}

fn region_list(app: &App, flagged: &[FlaggedRegion], area: Rect, buf: &mut Buffer) {
    let mut lines = vec![Line::styled("Where knots came back", app.theme.title())];
    let room = usize::from(area.height.saturating_sub(1));
    let first = app
        .recurring_selected
        .saturating_sub(room.saturating_sub(1));
    for (index, region) in flagged.iter().enumerate().skip(first).take(room) {
        let style = if index == app.recurring_selected {
            app.theme.selected()
        } else {
            Style::new()
        };
        lines.push(Line::styled(
            format!("{:<38} {}", region.region.name(), region.summary()),
            style,
        ));
    }
    Paragraph::new(lines).render(area, buf);
}

fn region_details(app: &App, flagged: &FlaggedRegion, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let mut lines = vec![Line::styled(flagged.region.name(), theme.title())];
    for recurrence in &flagged.recurrences {
        let how = recurrence.describe();
        lines.push(Line::raw(format!(
            "  calm {}, back {} ({}): {how}",
            short_date(recurrence.calmed_at),
            short_date(recurrence.returned_at),
            plural(recurrence.interval_days, "day", "days")
        )));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Worth checking", theme.title()));
    let width = usize::from(area.width).saturating_sub(4).max(10);
    for cause in &flagged.causes {
        for (index, line) in wrap(cause, width).into_iter().enumerate() {
            let bullet = if index == 0 { "  • " } else { "    " };
            lines.push(Line::from(vec![
                Span::styled(bullet, theme.caution()),
                Span::raw(line),
            ]));
        }
    }
    Paragraph::new(lines).render(area, buf);
}

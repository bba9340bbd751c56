//! The recurring screen: regions where knots keep coming back, when and
//! how often, and what to check.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::domain::recurrence::FlaggedRegion;
use crate::text::{plural, wrap_under};
use crate::tui::app::App;
use crate::tui::widgets::chrome;
use crate::tui::widgets::fit::fit_all;

pub struct RecurringScreen<'a> {
    pub app: &'a App,
}

impl Widget for RecurringScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let body = chrome::frame(app, area, buf);
        let flagged = &app.analysis().flagged;
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
        if let Some(selected) = flagged.get(app.ui().recurring_selected) {
            region_details(app, selected, details, buf);
        }
    }
}

fn region_list(app: &App, flagged: &[FlaggedRegion], area: Rect, buf: &mut Buffer) {
    let mut lines = vec![Line::styled("Where knots came back", app.theme().title())];
    let room = usize::from(area.height.saturating_sub(1));
    let first = app
        .ui()
        .recurring_selected
        .saturating_sub(room.saturating_sub(1));
    for (index, region) in flagged.iter().enumerate().skip(first).take(room) {
        let style = if index == app.ui().recurring_selected {
            app.theme().selected()
        } else {
            Style::new()
        };
        // The summary whole; the name gives way on a narrow screen.
        let summary = region.summary();
        let name_width = usize::from(area.width)
            .saturating_sub(summary.chars().count() + 1)
            .clamp(12, 38);
        lines.push(Line::styled(
            format!(
                "{:<name_width$} {summary}",
                region.region.fitted_name(name_width)
            ),
            style,
        ));
    }
    Paragraph::new(fit_all(lines, area.width)).render(area, buf);
}

fn region_details(app: &App, flagged: &FlaggedRegion, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let mut causes = vec![Line::raw(""), Line::styled("Worth checking", theme.title())];
    for cause in &flagged.causes {
        for (bullet, line) in wrap_under("  • ", cause, usize::from(area.width)) {
            causes.push(Line::from(vec![
                Span::styled(bullet, theme.caution()),
                Span::raw(line),
            ]));
        }
    }
    // The newest returns first, as many as leave room for the causes.
    let returns = app.selected_region_returns();
    let room = usize::from(area.height)
        .saturating_sub(1 + causes.len())
        .max(1);
    let total = usize::try_from(flagged.count).unwrap_or(usize::MAX);
    let shown = if total > room {
        room.saturating_sub(1)
    } else {
        room
    };
    let mut lines = vec![Line::styled(
        flagged.region.fitted_name(usize::from(area.width)),
        theme.title(),
    )];
    for recurrence in returns.iter().take(shown) {
        lines.push(Line::raw(format!(
            "  {} · {}, {} after calming",
            recurrence
                .returned_at
                .with_timezone(&app.clock().zone())
                .format("%d %b %Y"),
            recurrence.describe(),
            plural(recurrence.interval_days, "day", "days")
        )));
    }
    let earlier = total.saturating_sub(shown.min(returns.len()));
    if earlier > 0 {
        lines.push(Line::styled(
            format!(
                "  … and {} before; `knotmap recurring --all` lists every one",
                plural(earlier as i64, "return", "returns")
            ),
            theme.dim(),
        ));
    }
    lines.extend(causes);
    Paragraph::new(fit_all(lines, area.width)).render(area, buf);
}

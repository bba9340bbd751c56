//! The trends screen: pain per region or per body area over a period,
//! what needs attention first, and a heat view of where knots form.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::body::{Region, Size, View};
use crate::domain::trends::Trend;
use crate::text::clip;
pub use crate::text::sparkline;
use crate::tui::app::App;
use crate::tui::screens::map::view_label;
use crate::tui::widgets::body_map::{HEAT_SHADES, HeatMap};
use crate::tui::widgets::chrome;
use crate::tui::widgets::fit::{fit, fit_all};

/// The narrowest table worth drawing beside the heat view.
const TABLE_MIN_WIDTH: u16 = 66;

pub struct TrendsScreen<'a> {
    pub app: &'a App,
}

impl Widget for TrendsScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let area = chrome::frame(app, area, buf);
        let [title, body] = area.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
        ]));
        // Beside the table, only a drawing that shows both views.
        let beside = heat_fit(
            app,
            body.width.saturating_sub(TABLE_MIN_WIDTH + 2),
            body.height,
        )
        .filter(|&(_, both)| both);
        if app.knots().is_empty() {
            title_line(app, title, buf);
            chrome::empty(
                app,
                "No readings yet: trends appear once you log some.",
                body,
                buf,
            );
        } else if let Some((size, both)) = beside {
            title_line(app, title, buf);
            let [table, _, heat] = body.layout(&Layout::horizontal([
                Constraint::Fill(1),
                Constraint::Length(2),
                Constraint::Length(heat_width(app, size, both)),
            ]));
            trend_table(app, table, buf);
            heat_view(app, heat, buf, size, both);
        } else if app.ui().show_heat {
            // The body needs every row: the heat view's title replaces the
            // table's. On a terminal too short for a whole drawing, the
            // smallest is cut at the bottom.
            let (size, both) = heat_fit(app, area.width, area.height).unwrap_or((
                Size::Small,
                area.width >= heat_width(app, Size::Small, true),
            ));
            heat_view(app, area, buf, size, both);
        } else {
            title_line(app, title, buf);
            trend_table(app, body, buf);
        }
    }
}

fn title_line(app: &App, area: Rect, buf: &mut Buffer) {
    let by = if app.ui().trends_by_area {
        "body area"
    } else {
        "muscle region"
    };
    let since = app
        .trends()
        .map(|trends| {
            let since = trends.since.with_timezone(&app.clock().zone());
            format!(", since {}", since.format("%d %b %Y"))
        })
        .unwrap_or_default();
    let line = Line::from(vec![
        Span::styled(format!("Pain by {by}"), app.theme().title()),
        Span::styled(
            format!(" over {}{since}", app.ui().period.name()),
            app.theme().dim(),
        ),
    ]);
    fit(line, usize::from(area.width)).render(area, buf);
}

fn trend_table(app: &App, area: Rect, buf: &mut Buffer) {
    let rows: &[Trend] = match app.trends() {
        Some(trends) if app.ui().trends_by_area => &trends.areas,
        Some(trends) => &trends.regions,
        None => &[],
    };
    let name_width = usize::from(area.width).saturating_sub(44).clamp(12, 38);
    let mut lines = vec![Line::styled(
        format!(
            "{:<name_width$} {:>5} {:>4} {:>5} {:>6}  {:<12} {:>4}",
            "", "KNOTS", "SESS", "MEAN", "LATEST", "TREND", "BACK"
        ),
        app.theme().title(),
    )];
    if rows.is_empty() {
        lines.push(Line::styled(
            format!(
                "Nothing logged in {}; p shows a longer period.",
                app.ui().period.name()
            ),
            app.theme().dim(),
        ));
    }
    let room = usize::from(area.height.saturating_sub(1));
    let first = app.ui().trends_scroll.min(rows.len().saturating_sub(room));
    for (index, trend) in rows.iter().enumerate().skip(first).take(room) {
        let style = if index == app.ui().trends_scroll {
            app.theme().selected()
        } else {
            Style::new()
        };
        let back = if trend.recurrences > 0 {
            format!("↻{}", trend.recurrences)
        } else {
            String::new()
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "{:<name_width$} {:>5} {:>4} {:>5.1} {:>6}  ",
                    fitted_trend_name(trend, name_width),
                    trend.knots,
                    trend.sessions,
                    trend.mean_pain,
                    trend.latest_pain
                ),
                style,
            ),
            Span::styled(sparkline(&trend.series), app.theme().label()),
            Span::styled(format!(" {back:>4}"), app.theme().caution()),
        ]));
    }
    Paragraph::new(fit_all(lines, area.width)).render(area, buf);
}

/// A row's name in `width` columns: a region keeps its side.
fn fitted_trend_name(trend: &Trend, width: usize) -> String {
    match Region::from_slug(&trend.key) {
        Some(region) => region.fitted_name(width),
        None => clip(&trend.name, width),
    }
}

/// Columns between the two views of the heat view.
const HEAT_GAP: u16 = 2;

/// How wide the heat view's drawings are at `size`, one or both views.
fn heat_width(app: &App, size: Size, both: bool) -> u16 {
    let width = app.body().drawing(size, View::Front).width();
    if both { width * 2 + HEAT_GAP } else { width }
}

/// The drawing the heat view fits in `width` x `height` (its title and
/// label rows included): the biggest that shows both views, else the
/// biggest that shows one; `None` when not even the smallest fits whole.
fn heat_fit(app: &App, width: u16, height: u16) -> Option<(Size, bool)> {
    Size::biggest_fitting(|size, both| {
        let rows = app.body().drawing(size, View::Front).height() + 2;
        width >= heat_width(app, size, both) && height >= rows
    })
}

fn heat_view(app: &App, area: Rect, buf: &mut Buffer, size: Size, both: bool) {
    let drawing_width = app.body().drawing(size, View::Front).width();
    let views: &[View] = if both {
        &[View::Front, View::Back]
    } else {
        &[app.ui().cursor.view]
    };
    let [title, labels, maps] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(app.body().drawing(size, View::Front).height()),
    ]));
    Line::from(vec![
        Span::styled("Where knots form  ", app.theme().title()),
        Span::styled(
            format!(
                "{} 1 knot  {} 2  {} 3 or more",
                HEAT_SHADES[0], HEAT_SHADES[1], HEAT_SHADES[2]
            ),
            app.theme().dim(),
        ),
    ])
    .render(title, buf);
    for (index, &view) in views.iter().enumerate() {
        let x = maps.x + index as u16 * (drawing_width + HEAT_GAP);
        let drawing = app.body().drawing(size, view);
        let label = Rect {
            x,
            width: drawing_width,
            ..labels
        }
        .intersection(labels);
        view_label(app, drawing, label, buf);
        HeatMap {
            drawing,
            counts: &app.analysis().heat,
            theme: app.theme(),
        }
        .render(
            Rect {
                x,
                width: drawing_width,
                ..maps
            }
            .intersection(maps),
            buf,
        );
    }
}

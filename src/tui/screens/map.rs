//! The map screen: the body drawn front and back with the knots on it, the
//! region under the cursor, and, when there is room, the list of knots.

use chrono::Duration;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::body::{Cell, Size, Spot, View};
use crate::domain::KnotStatus;
use crate::domain::analysis::CALMED_IN_PLAY_DAYS;
use crate::domain::due::due_line;
use crate::text::{plural, wrap};
use crate::tui::app::App;
use crate::tui::widgets::body_map::{BodyMap, HOLD_MARKER, MARKS};
use crate::tui::widgets::chrome;
use crate::tui::widgets::fit::{fit, fit_all};
use unicode_width::UnicodeWidthStr;

/// Space between the two drawings.
const GAP: u16 = 4;
/// The narrowest knot list worth showing beside the map.
const PANEL_MIN_WIDTH: u16 = 34;
/// Header, status line and footer.
const CHROME_ROWS: u16 = 3;

/// Where everything of the map screen goes in a given terminal area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapLayout {
    pub header: Rect,
    /// The size the body is drawn at: the biggest that fits.
    pub size: Size,
    /// Each drawing shown, with its area: one label row, then the art.
    pub views: Vec<(View, Rect)>,
    pub panel: Option<Rect>,
    pub status: Rect,
    pub footer: Rect,
}

impl MapLayout {
    /// The smallest terminal the map fits in: one view of the smallest
    /// drawing.
    pub fn min_size(app: &App) -> (u16, u16) {
        let drawing = app.body().drawing(Size::Small, View::Front);
        (drawing.width() + 2, drawing.height() + 1 + CHROME_ROWS)
    }

    /// `None` when the area is too small for the map. The body is drawn
    /// at the biggest size that shows both views side by side, else at
    /// the biggest that shows one; the large drawing only with the list of
    /// knots beside it.
    pub fn fit(area: Rect, app: &App) -> Option<MapLayout> {
        let (min_width, min_height) = MapLayout::min_size(app);
        if area.width < min_width || area.height < min_height {
            return None;
        }
        let [header, main, status, footer] = area.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ]));
        let fits = |size: Size, both: bool| {
            let drawing = app.body().drawing(size, View::Front);
            let width = if both {
                drawing.width() * 2 + GAP
            } else {
                drawing.width()
            };
            // A drawing bigger than the middle one is not worth the list
            // of knots beside it.
            let beside = if size > Size::Middle {
                PANEL_MIN_WIDTH + 4
            } else {
                0
            };
            main.width >= width + 2 + beside && main.height > drawing.height()
        };
        let (size, both) = Size::biggest_fitting(fits)?;
        let drawing = app.body().drawing(size, View::Front);
        let (art_width, view_height) = (drawing.width(), drawing.height() + 1);
        let views_width = if both { art_width * 2 + GAP } else { art_width };
        let panel_room = main.width.saturating_sub(views_width + 4);
        let (views_area, panel) = if panel_room >= PANEL_MIN_WIDTH {
            let [views_area, _, panel] = main.layout(&Layout::horizontal([
                Constraint::Length(views_width + 2),
                Constraint::Length(2),
                Constraint::Fill(1),
            ]));
            (views_area, Some(panel))
        } else {
            (main, None)
        };
        // Centred across, at the top: beside the knot list on a wide
        // terminal, the body then starts where the list does.
        let block = views_area
            .centered_horizontally(Constraint::Length(views_width))
            .intersection(Rect {
                height: view_height,
                ..views_area
            });
        let views = if both {
            let [front, _, back] = block.layout(&Layout::horizontal([
                Constraint::Length(art_width),
                Constraint::Length(GAP),
                Constraint::Length(art_width),
            ]));
            vec![(View::Front, front), (View::Back, back)]
        } else {
            vec![(app.ui().cursor.view, block)]
        };
        Some(MapLayout {
            header,
            size,
            views,
            panel,
            status,
            footer,
        })
    }

    /// Like [`MapLayout::fit`], for callers that only need to ask questions
    /// of it (a click, a step of the cursor): an empty layout of the
    /// smallest drawing when too small.
    pub fn new(area: Rect, app: &App) -> MapLayout {
        MapLayout::fit(area, app).unwrap_or(MapLayout {
            header: Rect::ZERO,
            size: Size::Small,
            views: Vec::new(),
            panel: None,
            status: Rect::ZERO,
            footer: Rect::ZERO,
        })
    }

    pub fn shows_both(&self) -> bool {
        self.views.len() == 2
    }

    /// The place at the middle of the drawing cell under a terminal
    /// position, if any.
    pub fn spot_at(&self, app: &App, position: Position) -> Option<Spot> {
        self.views.iter().find_map(|&(view, area)| {
            let drawing = app.body().drawing(self.size, view);
            let art = art_area(area);
            let (x, y) = (
                position.x.checked_sub(art.x)?,
                position.y.checked_sub(art.y)?,
            );
            (art.contains(position) && x < drawing.width() && y < drawing.height())
                .then(|| drawing.spot_at(x, y))
        })
    }

    /// The terminal position of the cell that holds a place, if its
    /// drawing is shown.
    pub fn position_of(&self, app: &App, spot: Spot) -> Option<Position> {
        self.views
            .iter()
            .find(|(view, _)| *view == spot.view)
            .map(|&(view, area)| {
                let art = art_area(area);
                let (x, y) = app.body().drawing(self.size, view).cell_of(spot);
                Position::new(art.x + x, art.y + y)
            })
    }
}

/// A view's area without its label row.
fn art_area(view_area: Rect) -> Rect {
    Rect {
        y: view_area.y + 1,
        height: view_area.height.saturating_sub(1),
        ..view_area
    }
}

/// Draws the map screen of an app.
pub struct MapScreen<'a> {
    pub app: &'a App,
}

impl Widget for MapScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let Some(layout) = MapLayout::fit(area, app) else {
            too_small(app, area, buf);
            return;
        };
        chrome::header(app, layout.header, buf);
        let cursor = app.ui().cursor;
        for &(view, view_area) in &layout.views {
            let drawing = app.body().drawing(layout.size, view);
            let [label, art] = view_area.layout(&Layout::vertical([
                Constraint::Length(1),
                Constraint::Fill(1),
            ]));
            view_label(app, drawing, label, buf);
            BodyMap {
                drawing,
                knots: app.knots(),
                calmed_since: app.now() - Duration::days(CALMED_IN_PLAY_DAYS),
                cursor: (cursor.view == view).then(|| drawing.cell_of(cursor)),
                theme: app.theme(),
            }
            .render(art, buf);
        }
        if let Some(panel) = layout.panel {
            knot_panel(app, panel, buf);
        }
        status_line(app, layout.status, buf);
        chrome::footer_rising(app, layout.footer, 2, buf);
    }
}

fn too_small(app: &App, area: Rect, buf: &mut Buffer) {
    let (width, height) = MapLayout::min_size(app);
    let text = format!(
        "Terminal too small: the map needs {width}x{height}, this one is {}x{}. Make it bigger, or press {} to quit.",
        area.width,
        area.height,
        app.keymap().key("quit")
    );
    Paragraph::new(text)
        .style(app.theme().error())
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// "their right      FRONT      their left": the person's sides, written
/// where they are drawn, because that is where people make mistakes.
pub fn view_label(app: &App, drawing: &crate::body::BodyView, area: Rect, buf: &mut Buffer) {
    let title = drawing.view.slug().to_uppercase();
    let width = usize::from(area.width);
    let length = |(left, right): &(String, String)| left.len() + right.len() + title.len();
    // With a space either side of the title, or short.
    let (left, right) = Some(drawing.side_labels())
        .filter(|labels| length(labels) + 2 <= width)
        .unwrap_or_else(|| drawing.short_side_labels());
    let used = left.chars().count() + right.chars().count() + title.len();
    let space = width.saturating_sub(used);
    let (before, after) = (space / 2, space - space / 2);
    Line::from(vec![
        Span::styled(left, app.theme().label()),
        Span::raw(" ".repeat(before)),
        Span::styled(title, app.theme().title()),
        Span::raw(" ".repeat(after)),
        Span::styled(right, app.theme().label()),
    ])
    .render(area, buf);
}

fn status_line(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let width = usize::from(area.width);
    let mut spans = vec![Span::raw(" ")];
    match app.cell_under_cursor() {
        Cell::Muscle(region) => {
            // The name with its side, a hold and the caution are whole;
            // what else is known of the knot there comes after and gives
            // way.
            let knot = app.knot_at_cursor();
            // On a small drawing knots can share a cell: say so, the
            // others are a step away on the knot screen.
            let others = app.knots_under_cursor().len().saturating_sub(1);
            let others = if others > 0 {
                format!(" (+{others} here)")
            } else {
                String::new()
            };
            let hold = knot
                .filter(|summary| summary.safety.is_on_hold())
                .map(|summary| {
                    let long = format!(" │ knot {}: on hold until seen to", summary.knot.id);
                    let short = format!(" │ knot {} on hold", summary.knot.id);
                    (long, short)
                });
            let view = format!(" ({})", app.ui().cursor.view);
            let hold_width = hold.as_ref().map_or(0, |(_, short)| short.width());
            let caution = region.caution().map(|caution| {
                let room =
                    width.saturating_sub(region.name().width() + view.width() + 4 + hold_width);
                if caution.advice().width() <= room {
                    caution.advice()
                } else {
                    caution.short()
                }
            });
            let caution_width = caution.map_or(0, |c| c.width() + 3);
            let hold = hold.map(|(long, short)| {
                let room = width.saturating_sub(1 + 12 + caution_width);
                if long.width() <= room { long } else { short }
            });
            let name_room = width
                .saturating_sub(1 + caution_width + hold.as_ref().map_or(0, |h| h.width()))
                .max(8);
            let name = region.fitted_name(name_room);
            let view = if name.width() + view.width() < name_room {
                view
            } else {
                String::new()
            };
            spans.push(Span::styled(name, theme.title()));
            spans.push(Span::styled(view, theme.dim()));
            if let Some(hold) = hold {
                spans.push(Span::styled(hold, theme.error()));
            }
            if let Some(caution) = caution {
                spans.push(Span::styled(format!(" │ {caution}"), theme.caution()));
            }
            match knot {
                Some(summary) if summary.safety.is_on_hold() => {}
                Some(summary) => spans.push(Span::raw(format!(
                    " │ knot {}{others}: {}/10, first {}/10, {} session{}",
                    summary.knot.id,
                    summary.latest_pain,
                    summary.first_pain,
                    summary.sessions,
                    if summary.sessions == 1 { "" } else { "s" }
                ))),
                None => spans.push(Span::styled(
                    format!(" │ {}: new knot here", app.keymap().key("log")),
                    theme.dim(),
                )),
            }
        }
        Cell::Head => spans.push(Span::styled(
            "Head: no muscle of the map here, move down to the neck",
            theme.dim(),
        )),
        Cell::Outside => spans.push(Span::styled(
            format!(
                "Not on the body ({} view): move onto a muscle",
                app.ui().cursor.view
            ),
            theme.dim(),
        )),
    }
    fit(Line::from(spans), width).render(area, buf);
}

/// The knots, worst first, with a legend for the markers.
fn knot_panel(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let mut lines: Vec<Line> = wrap(&due_line(&app.analysis().due), usize::from(area.width))
        .into_iter()
        .map(|line| Line::styled(line, theme.label()))
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled("Knots, most in need first", theme.title()));
    let active: Vec<_> = app
        .knots()
        .iter()
        .filter(|summary| summary.status == KnotStatus::Active)
        .collect();
    if active.is_empty() {
        lines.push(Line::styled("No active knots.", theme.dim()));
    }
    let at_cursor = app.knot_at_cursor().map(|summary| summary.knot.id);
    // The pain, the name with its side and the verdict come first; the
    // rest is cut when the panel is narrow.
    let name_width = usize::from(area.width).saturating_sub(13).clamp(6, 36);
    let name_width = active
        .iter()
        .map(|summary| summary.knot.region.fitted_name(name_width).width())
        .max()
        .unwrap_or(name_width);
    for summary in &active {
        let style = if Some(summary.knot.id) == at_cursor {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        let (marker, marker_style, standing) = if summary.safety.is_on_hold() {
            (HOLD_MARKER.to_string(), theme.error(), "on hold")
        } else {
            (
                format!("{:>2}", summary.latest_pain),
                theme.marker(summary.latest_pain.value(), false),
                summary.verdict().slug(),
            )
        };
        lines.push(Line::from(vec![
            Span::styled(marker, marker_style),
            Span::styled(
                {
                    let head = format!(
                        " {:<name_width$} {:<8}",
                        summary.knot.region.fitted_name(name_width),
                        standing,
                    );
                    let sessions = plural(summary.sessions, "session", "sessions");
                    // The longest tail that fits, so none is cut.
                    let room = usize::from(area.width).saturating_sub(head.width() + 2);
                    let tail = [
                        format!(" from {:>2}, {sessions}", summary.first_pain),
                        format!(" {sessions}"),
                    ]
                    .into_iter()
                    .find(|tail| tail.width() <= room)
                    .unwrap_or_default();
                    format!("{head}{tail}")
                },
                style,
            ),
        ]));
    }
    let calmed = app.knots().len() - active.len() + app.analysis().calmed_earlier;
    let recent = app
        .knots()
        .iter()
        .filter(|s| s.status == KnotStatus::Resolved)
        .filter(|s| s.last_seen >= app.now() - Duration::days(CALMED_IN_PLAY_DAYS))
        .count();
    if calmed > 0 {
        let text = if recent == calmed {
            format!(
                "{} (shown as o)",
                plural(calmed as i64, "calmed knot", "calmed knots")
            )
        } else {
            format!(
                "{}; {recent} from the last {CALMED_IN_PLAY_DAYS} days shown as o",
                plural(calmed as i64, "calmed knot", "calmed knots")
            )
        };
        lines.push(Line::styled(text, theme.dim()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Markers", theme.title()));
    for (mark, meaning) in MARKS {
        lines.push(Line::raw(format!("{mark:<7} {meaning}")));
    }
    Paragraph::new(fit_all(lines, area.width)).render(area, buf);
}

//! One drawing of the body with knot markers and the cursor on it.

use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Widget;

use crate::body::BodyView;
use crate::domain::{KnotStatus, KnotSummary};
use crate::theme::Theme;

pub struct BodyMap<'a> {
    pub drawing: &'a BodyView,
    pub knots: &'a [KnotSummary],
    /// Calmed knots last treated before this are left off: years of them
    /// would hide the body. The heat view shows where they formed.
    pub calmed_since: DateTime<Utc>,
    /// The cursor's cell, when it is on this drawing.
    pub cursor: Option<(u16, u16)>,
    pub theme: Theme,
}

/// What the marks on the map mean, for the help and the map's legend.
pub const MARKS: &[(&str, &str)] = &[
    ("0-9, X", "a knot's latest pain (X is 10)"),
    ("o", "a knot that has calmed"),
    ("[7]", "the cursor, here on a 7"),
    ("+", "the cursor where no knot is"),
    ("!", "a knot on hold until seen to"),
];

/// The marker for a knot on hold, apart from every pain digit: it is not
/// to be treated, whatever its pain.
pub const HOLD_MARKER: char = '!';

/// Whether the map draws a knot: every active one, and the calmed ones
/// last treated since `calmed_since` (years of them would hide the body).
pub fn is_drawn(summary: &KnotSummary, calmed_since: DateTime<Utc>) -> bool {
    summary.status == KnotStatus::Active || summary.last_seen >= calmed_since
}

/// Which of the knots that fall on one cell shows its mark: the greatest.
/// A knot on hold above all, then an active knot over a calmed one, then
/// the worse pain.
pub fn mark_rank(summary: &KnotSummary) -> impl Ord + use<> {
    (
        summary.safety.is_on_hold(),
        summary.status == KnotStatus::Active,
        summary.latest_pain,
    )
}

/// The marker for a knot: its latest pain as one character, so the map
/// reads the same without colour; `!` for a knot on hold.
pub fn marker_glyph(summary: &KnotSummary) -> char {
    match (summary.status, summary.latest_pain.value()) {
        _ if summary.safety.is_on_hold() => HOLD_MARKER,
        (KnotStatus::Resolved, _) => 'o',
        (_, 10) => 'X',
        (_, pain) => char::from(b'0' + pain),
    }
}

impl Widget for BodyMap<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        let cell_at = |x: u16, y: u16| {
            let position = Position::new(area.x + x, area.y + y);
            area.contains(position).then_some(position)
        };
        let outline = self.theme.outline();
        for y in 0..self.drawing.height() {
            for x in 0..self.drawing.width() {
                if let Some(position) = cell_at(x, y) {
                    let glyph = self.drawing.glyph(x, y);
                    if glyph != ' ' {
                        buf[position].set_char(glyph).set_style(outline);
                    }
                }
            }
        }
        // Each knot on the cell nearest its place. The lowest mark first,
        // so that a knot on hold, then an active one, wins a shared cell.
        let mut knots: Vec<&KnotSummary> = self
            .knots
            .iter()
            .filter(|summary| summary.knot.spot.view == self.drawing.view)
            .filter(|summary| is_drawn(summary, self.calmed_since))
            .collect();
        knots.sort_by_key(|summary| mark_rank(summary));
        let mut marked = std::collections::HashSet::new();
        for summary in knots {
            let (x, y) = self.drawing.cell_of(summary.knot.spot);
            if let Some(position) = cell_at(x, y) {
                marked.insert(position);
                let resolved = summary.status == KnotStatus::Resolved;
                let style = if summary.safety.is_on_hold() {
                    self.theme.error()
                } else {
                    self.theme.marker(summary.latest_pain.value(), resolved)
                };
                buf[position]
                    .set_char(marker_glyph(summary))
                    .set_style(style);
            }
        }
        // The cursor is bracketed as well as reversed, so it stands out on
        // a marker in every theme, colour or none: `[7]`. A bracket never
        // hides a marker beside it.
        if let Some((x, y)) = self.cursor
            && let Some(position) = cell_at(x, y)
        {
            let cell = &mut buf[position];
            if cell.symbol() == " " {
                cell.set_char('+');
            }
            cell.set_style(self.theme.selected());
            let sides = [(x.checked_sub(1), '['), (x.checked_add(1), ']')];
            for (side, bracket) in sides {
                if let Some(position) = side.and_then(|x| cell_at(x, y))
                    && !marked.contains(&position)
                {
                    buf[position]
                        .set_char(bracket)
                        .set_style(self.theme.selected());
                }
            }
        }
    }
}

/// Shades for the heat view: one, two, and three or more knots formed on a
/// region. The glyph carries the count without colour.
pub const HEAT_SHADES: [char; 3] = ['░', '▒', '▓'];

/// One drawing with each region shaded by how many knots formed there.
pub struct HeatMap<'a> {
    pub drawing: &'a BodyView,
    pub counts: &'a std::collections::HashMap<crate::body::Region, usize>,
    pub theme: Theme,
}

impl Widget for HeatMap<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        for (x, y, cell) in self.drawing.cells() {
            let position = Position::new(area.x + x, area.y + y);
            if !area.contains(position) {
                continue;
            }
            let glyph = self.drawing.glyph(x, y);
            let count = match cell {
                crate::body::Cell::Muscle(region) => self.counts.get(&region).copied().unwrap_or(0),
                _ => 0,
            };
            if count > 0 && glyph == ' ' {
                let shade = HEAT_SHADES[count.min(HEAT_SHADES.len()) - 1];
                buf[position]
                    .set_char(shade)
                    .set_style(self.theme.heat(count));
            } else if glyph != ' ' {
                buf[position]
                    .set_char(glyph)
                    .set_style(self.theme.outline());
            }
        }
    }
}

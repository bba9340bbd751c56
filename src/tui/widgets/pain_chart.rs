//! A knot's pain session by session, drawn in characters so that it reads
//! the same in a terminal, without colour, and printed by `knotmap show`:
//!
//! - `●` the score before treatment, `○` the score after;
//! - `·` shades the sessions in which a knot is expected to calm;
//! - `░` the band it is expected to reach there (3-4/10, a guide);
//! - `-` the line below which a drop from the first session is meaningful.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::widgets::Widget;

use crate::domain::knot::SessionPain;
use crate::domain::rules::Rules;
use crate::theme::Theme;

/// The first session of the window in which a knot should calm.
pub const WINDOW_START: usize = 3;
/// Where a calming knot is expected to be in that window: a guide's
/// figure, not a trial's.
pub const EXPECTED_BAND: (u8, u8) = (3, 4);
/// Columns for the pain scale on the left.
const SCALE_WIDTH: u16 = 3;
/// The most columns a session gets.
const MAX_STEP: u16 = 5;

pub const BEFORE: char = '●';
pub const AFTER: char = '○';
const WINDOW: char = '·';
const BAND: char = '░';
const MEANINGFUL: char = '-';

pub struct PainChart<'a> {
    pub sessions: &'a [SessionPain],
    pub rules: &'a Rules,
    pub theme: Theme,
}

/// The highest score that still counts as a meaningful drop from
/// `baseline`, if any can.
pub fn meaningful_level(baseline: u8, rules: &Rules) -> Option<u8> {
    (0..=baseline).rev().find(|&level| {
        let drop = baseline - level;
        drop >= rules.meaningful_points
            && u16::from(drop) * 100 >= u16::from(rules.meaningful_percent) * u16::from(baseline)
    })
}

/// One line of explanation for the marks of the chart.
pub fn legend(sessions: &[SessionPain], rules: &Rules) -> String {
    let mut legend = format!(
        "{BEFORE} before  {AFTER} after  {WINDOW} sessions {WINDOW_START}-{}  {BAND} {}-{}/10 expected there",
        rules.window_sessions, EXPECTED_BAND.0, EXPECTED_BAND.1
    );
    if let Some(level) = sessions
        .first()
        .and_then(|first| meaningful_level(first.before.value(), rules))
    {
        legend.push_str(&format!(
            "  {MEANINGFUL} meaningful drop ({level}/10 or less)"
        ));
    }
    legend
}

impl Widget for PainChart<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        // The scale, the plot (at least three rows), the axis and the
        // session numbers.
        if area.width < SCALE_WIDTH + 4 || area.height < 5 {
            return;
        }
        // A row per point of the scale at most, and columns enough for the
        // sessions and the window, with a little room after them.
        let plot_height = (area.height - 2).min(11);
        let slots = self
            .sessions
            .len()
            .max(usize::from(self.rules.window_sessions) + 2) as u16;
        let plot_width = (area.width - SCALE_WIDTH).min(slots.saturating_mul(MAX_STEP));
        let area = Rect {
            width: plot_width + SCALE_WIDTH,
            ..area
        };
        let step = (plot_width / self.sessions.len().max(1) as u16).clamp(2, MAX_STEP);
        let shown = usize::from(plot_width / step).min(self.sessions.len());
        // The latest sessions when they do not all fit.
        let first_shown = self.sessions.len() - shown;
        let row_of = |pain: u8| {
            let from_top = (10 - u32::from(pain)) * u32::from(plot_height - 1);
            area.y + ((from_top + 5) / 10) as u16
        };
        let column_of =
            |index: usize| area.x + SCALE_WIDTH + (index - first_shown) as u16 * step + step / 2;
        let mut put = |x: u16, y: u16, glyph: char, style: Style| {
            let position = Position::new(x, y);
            if area.contains(position) {
                buf[position].set_char(glyph).set_style(style);
            }
        };

        for pain in [10, 5, 0] {
            let label = format!("{pain:>2}");
            for (offset, c) in label.chars().enumerate() {
                put(area.x + offset as u16, row_of(pain), c, self.theme.dim());
            }
        }
        let axis_y = area.y + plot_height;
        put(area.x + SCALE_WIDTH - 1, axis_y, '└', self.theme.dim());
        for x in area.x + SCALE_WIDTH..area.right() {
            put(x, axis_y, '─', self.theme.dim());
        }
        for y in area.y..axis_y {
            put(area.x + SCALE_WIDTH - 1, y, '│', self.theme.dim());
        }

        // The window, the line of a meaningful drop, and the band expected
        // in the window, each drawn over the one before.
        // Shaded ahead of time too: the window is where the knot is headed.
        let slots_shown = usize::from(plot_width / step);
        let window: Vec<usize> = (first_shown..first_shown + slots_shown)
            .filter(|index| {
                (WINDOW_START..=usize::from(self.rules.window_sessions)).contains(&(index + 1))
            })
            .collect();
        let window_columns = |index: usize| {
            let left = column_of(index) - step / 2;
            left..left + step
        };
        for &index in &window {
            for x in window_columns(index) {
                for y in area.y..axis_y {
                    put(x, y, WINDOW, self.theme.dim());
                }
            }
        }
        if let Some(level) = self
            .sessions
            .first()
            .and_then(|first| meaningful_level(first.before.value(), self.rules))
        {
            for x in area.x + SCALE_WIDTH..area.right() {
                put(x, row_of(level), MEANINGFUL, self.theme.success());
            }
        }
        for &index in &window {
            for x in window_columns(index) {
                for pain in EXPECTED_BAND.0..=EXPECTED_BAND.1 {
                    put(x, row_of(pain), BAND, self.theme.label());
                }
            }
        }

        for (index, session) in self.sessions.iter().enumerate().skip(first_shown) {
            let x = column_of(index);
            if let Some(after) = session.after {
                put(x, row_of(after.value()), AFTER, self.theme.label());
            }
            let before = session.before.value();
            put(x, row_of(before), BEFORE, self.theme.marker(before, false));
            let label = (index + 1).to_string();
            let start = x.saturating_sub((label.len() as u16).saturating_sub(1));
            for (offset, c) in label.chars().enumerate() {
                put(start + offset as u16, axis_y + 1, c, self.theme.dim());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_meaningful_line_sits_where_both_thresholds_are_met() {
        let rules = Rules::default();
        assert_eq!(
            meaningful_level(8, &rules),
            Some(5),
            "3 points is 37%; 2 is 25%"
        );
        assert_eq!(meaningful_level(6, &rules), Some(4));
        assert_eq!(meaningful_level(10, &rules), Some(7));
        assert_eq!(meaningful_level(1, &rules), None);
    }
}

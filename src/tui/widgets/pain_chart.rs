//! A knot's pain session by session, drawn in characters so that it reads
//! the same in a terminal, without colour, and printed by `knotmap show`:
//!
//! - `●` the score before treatment, `○` the score after;
//! - `·` shades the sessions in which a knot is expected to calm;
//! - `░` the band it is expected to reach there (3-4/10, a guide);
//! - `-` the line below which a drop from the first session is meaningful.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::widgets::Widget;

use crate::domain::course::{Course, expected_band, window};
use crate::domain::knot::SessionPain;
use crate::domain::rules::Rules;
use crate::theme::Theme;

/// Columns for the pain scale on the left.
const SCALE_WIDTH: u16 = 3;
/// The most columns a session gets, and on a wide area.
const MAX_STEP: u16 = 5;
const MAX_STEP_WIDE: u16 = 10;
/// The width from which sessions get the wider step.
const WIDE: u16 = 120;

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

/// One line of explanation for the marks of the chart.
pub fn legend(sessions: &[SessionPain], rules: &Rules) -> String {
    legend_in(sessions, rules, usize::MAX)
}

/// The legend in at most `width` columns if a shorter wording fits, so
/// that what each mark means is said whole.
pub fn legend_in(sessions: &[SessionPain], rules: &Rules, width: usize) -> String {
    let (window, band) = (window(rules), expected_band(rules));
    let (first, last, low, high) = (window.start(), window.end(), band.start(), band.end());
    let level = Course::of(sessions, rules).and_then(|course| course.meaningful_level());
    let drop = |long: bool| match (level, long) {
        (Some(level), true) => format!("  {MEANINGFUL} meaningful drop ({level}/10 or less)"),
        (Some(level), false) => format!("  {MEANINGFUL} meaningful at {level} or less"),
        (None, _) => String::new(),
    };
    let wordings = [
        format!(
            "{BEFORE} before  {AFTER} after  {WINDOW} sessions {first}-{last}  {BAND} {low}-{high}/10 expected there{}",
            drop(true)
        ),
        format!(
            "{BEFORE} before  {AFTER} after  {WINDOW} sessions {first}-{last}  {BAND} {low}-{high}/10 expected{}",
            drop(false)
        ),
        format!(
            "{BEFORE} before {AFTER} after {WINDOW} sessions {first}-{last} {BAND} {low}-{high}/10{}",
            drop(false)
        ),
        format!(
            "{BEFORE} before {AFTER} after {WINDOW} {first}-{last} {BAND} {low}-{high}/10{}",
            level
                .map(|level| format!(" {MEANINGFUL} drop to {level}"))
                .unwrap_or_default()
        ),
    ];
    let fits = |text: &String| unicode_width::UnicodeWidthStr::width(text.as_str()) <= width;
    match wordings.iter().find(|text| fits(text)) {
        Some(text) => text.clone(),
        None => wordings[3].clone(),
    }
}

impl Widget for PainChart<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        // The scale, the plot (at least three rows), the axis and the
        // session numbers.
        if area.width < SCALE_WIDTH + 4 || area.height < 5 {
            return;
        }
        // A row per point of the scale, or two on a tall area, and columns
        // enough for the sessions and the window, with a little room after
        // them.
        let plot_height = match area.height - 2 {
            rows if rows >= 21 => 21,
            rows => rows.min(11),
        };
        let slots = self
            .sessions
            .len()
            .max(usize::from(self.rules.window_sessions) + 2) as u16;
        let max_step = if area.width >= WIDE {
            MAX_STEP_WIDE
        } else {
            MAX_STEP
        };
        let plot_width = (area.width - SCALE_WIDTH).min(slots.saturating_mul(max_step));
        let area = Rect {
            width: plot_width + SCALE_WIDTH,
            ..area
        };
        let step = (plot_width / self.sessions.len().max(1) as u16).clamp(2, max_step);
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
        let expected = window(self.rules);
        let window: Vec<usize> = (first_shown..first_shown + slots_shown)
            .filter(|index| expected.contains(&(index + 1)))
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
        if let Some(level) =
            Course::of(self.sessions, self.rules).and_then(|course| course.meaningful_level())
        {
            for x in area.x + SCALE_WIDTH..area.right() {
                put(x, row_of(level), MEANINGFUL, self.theme.success());
            }
        }
        let band = expected_band(self.rules);
        let band_rows = row_of(*band.end())..=row_of(*band.start());
        for &index in &window {
            for x in window_columns(index) {
                for y in band_rows.clone() {
                    put(x, y, BAND, self.theme.label());
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
        }

        // Every session numbered while they fit with a space between them,
        // every few sessions when they do not.
        let widest = self.sessions.len().to_string().len() as u16;
        let every = usize::from((widest + 1).div_ceil(step));
        let labels = session_labels(
            first_shown..self.sessions.len(),
            every,
            column_of,
            area.x..area.right(),
        );
        for (start, label) in labels {
            for (offset, c) in label.chars().enumerate() {
                put(start + offset as u16, axis_y + 1, c, self.theme.dim());
            }
        }
    }
}

/// The session numbers to write under the axis and the column each starts
/// at: right-aligned under its session's `column`, the first shown session
/// and every `every`th after it, and the latest, for which the ones just
/// before it give way. None is closer than a space to the next, and none
/// reaches outside `columns`.
fn session_labels(
    shown: Range<usize>,
    every: usize,
    column: impl Fn(usize) -> u16,
    columns: Range<u16>,
) -> Vec<(u16, String)> {
    let place = |index: usize| {
        let label = (index + 1).to_string();
        let width = label.len() as u16;
        let start = (column(index) + 1).saturating_sub(width).max(columns.start);
        (start + width <= columns.end).then_some((start, label))
    };
    let end = |(start, label): &(u16, String)| start + label.len() as u16;
    let mut labels: Vec<(u16, String)> = Vec::new();
    for index in shown.clone().step_by(every.max(1)) {
        if let Some(next) = place(index)
            && labels.last().is_none_or(|last| next.0 > end(last))
        {
            labels.push(next);
        }
    }
    if let Some(latest) = shown.clone().next_back().and_then(place)
        && labels.last() != Some(&latest)
    {
        while labels.len() > 1 && labels.last().is_some_and(|last| latest.0 <= end(last)) {
            labels.pop();
        }
        if labels.last().is_none_or(|last| latest.0 > end(last)) {
            labels.push(latest);
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pain::Score;

    fn sessions(count: usize) -> Vec<SessionPain> {
        let start = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
        (0..count)
            .map(|index| SessionPain {
                session_id: index as i64 + 1,
                at: start + chrono::Duration::days(index as i64),
                before: Score::new((index * 7 % 9 + 1) as u8).expect("a score"),
                after: None,
            })
            .collect()
    }

    /// The chart of `count` sessions in an area of `width` by `height`,
    /// row by row.
    fn draw(count: usize, width: u16, height: u16) -> Vec<String> {
        let sessions = sessions(count);
        let rules = Rules::default();
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        PainChart {
            sessions: &sessions,
            rules: &rules,
            theme: Theme::MONO,
        }
        .render(area, &mut buf);
        (0..height)
            .map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect())
            .collect()
    }

    /// What the axis says: each run of characters under it read as a
    /// number, with the column of its last digit, and the column of each
    /// session's `●`, left to right.
    fn read_axis(rows: &[String]) -> (Vec<(usize, usize)>, Vec<usize>) {
        let rows: Vec<Vec<char>> = rows.iter().map(|row| row.chars().collect()).collect();
        let axis = rows
            .iter()
            .position(|row| row.contains(&'└'))
            .expect("an axis");
        let marks = (0..rows[0].len())
            .filter(|&x| rows[..axis].iter().any(|row| row[x] == BEFORE))
            .collect();
        let line: String = rows[axis + 1].iter().collect();
        let mut labels = Vec::new();
        let mut column = 0;
        for word in line.split(' ') {
            if !word.is_empty() {
                let number = word
                    .parse()
                    .unwrap_or_else(|_| panic!("{word:?} is not a session number in {line:?}"));
                labels.push((number, column + word.chars().count() - 1));
            }
            column += word.chars().count() + 1;
        }
        (labels, marks)
    }

    #[test]
    fn session_numbers_never_run_together() {
        for count in [
            1, 5, 9, 10, 11, 40, 99, 100, 101, 120, 150, 999, 1000, 12345,
        ] {
            for width in (7..=80).chain([100, 120, 160, 200, 300]) {
                for height in [5, 14] {
                    let rows = draw(count, width, height);
                    let chart = rows.join("\n");
                    let (labels, marks) = read_axis(&rows);
                    // Session numbers of the marks, left to right.
                    let first_drawn = count - marks.len() + 1;
                    assert_eq!(
                        labels.first(),
                        Some(&(first_drawn, marks[0])),
                        "the first session drawn is numbered in\n{chart}"
                    );
                    for pair in labels.windows(2) {
                        assert!(pair[0].0 < pair[1].0, "numbers increase in\n{chart}");
                    }
                    for &(number, column) in &labels {
                        assert!(
                            (first_drawn..=count).contains(&number),
                            "{number} is a session drawn in\n{chart}"
                        );
                        assert_eq!(
                            marks[number - first_drawn],
                            column,
                            "{number} sits under its session's mark in\n{chart}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn each_session_is_numbered_while_there_is_room() {
        let rows = draw(10, 80, 14);
        assert_eq!(
            rows[12].trim_end(),
            "     1    2    3    4    5    6    7    8    9   10"
        );
    }

    #[test]
    fn the_latest_session_is_numbered_when_others_are_skipped() {
        let (labels, _) = read_axis(&draw(120, 80, 14));
        let numbers: Vec<usize> = labels.iter().map(|label| label.0).collect();
        assert_eq!(numbers.first(), Some(&83));
        assert_eq!(numbers.get(1), Some(&85));
        assert_eq!(numbers.last(), Some(&120));
    }

    #[test]
    fn an_area_too_small_stays_empty() {
        for area in [Rect::ZERO, Rect::new(0, 0, 1, 1), Rect::new(0, 0, 6, 4)] {
            let mut buf = Buffer::empty(area);
            PainChart {
                sessions: &sessions(3),
                rules: &Rules::default(),
                theme: Theme::MONO,
            }
            .render(area, &mut buf);
            assert_eq!(buf, Buffer::empty(area));
        }
    }
}

//! Where the person is: the screen, the cursor on the body, the knot in
//! focus, and the selection and toggles of each screen. Plain data that
//! screens read through `App::ui`; only `App::update` changes it.

use ratatui::layout::Rect;

use crate::body::{BodyView, Spot, View};
use crate::domain::trends::Period;
use crate::tui::screens::Screen;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ui {
    pub screen: Screen,
    pub cursor: Spot,
    /// The whole terminal, for laying out the screen and placing clicks.
    pub viewport: Rect,
    /// The knot the knot screen shows, when one was chosen.
    pub focus_knot: Option<i64>,
    /// The period of the trends screen.
    pub period: Period,
    /// Trends per body area instead of per region.
    pub trends_by_area: bool,
    /// The heat view of the map instead of the table, on a narrow screen.
    pub show_heat: bool,
    /// The first row shown of the trends table.
    pub trends_scroll: usize,
    /// The selected row of the recurring screen.
    pub recurring_selected: usize,
    /// The selected row of the history, always a reading.
    pub history_selected: usize,
    /// How many readings the knot screen's table is scrolled back from
    /// the newest.
    pub knot_scroll: usize,
    /// The first row of the help shown, when it is longer than the screen.
    pub help_scroll: usize,
}

impl Ui {
    pub fn new(cursor: Spot, focus_knot: Option<i64>) -> Ui {
        Ui {
            screen: Screen::Map,
            cursor,
            viewport: Rect::new(0, 0, 80, 24),
            focus_knot,
            period: Period::default(),
            trends_by_area: false,
            show_heat: false,
            trends_scroll: 0,
            recurring_selected: 0,
            history_selected: 0,
            knot_scroll: 0,
            help_scroll: 0,
        }
    }

    /// Moves the cursor a cell on the drawings shown (front, back),
    /// staying on the drawing. With both drawings side by side (front on
    /// the left), it walks from one into the other.
    pub fn move_cursor(
        &mut self,
        (front, back): (&BodyView, &BodyView),
        (dx, dy): (i16, i16),
        side_by_side: bool,
    ) {
        let drawing = match self.cursor.view {
            View::Front => front,
            View::Back => back,
        };
        let (column, row) = drawing.cell_of(self.cursor);
        let (width, height) = (i32::from(drawing.width()), i32::from(drawing.height()));
        let mut x = i32::from(column) + i32::from(dx);
        let y = (i32::from(row) + i32::from(dy)).clamp(0, height - 1);
        let mut drawing = drawing;
        if side_by_side {
            if x >= width && drawing.view == View::Front {
                (drawing, x) = (back, x - width);
            } else if x < 0 && drawing.view == View::Back {
                (drawing, x) = (front, x + width);
            }
        }
        // Inside the drawing once clamped: the casts cannot truncate.
        self.cursor = drawing.spot_at(x.clamp(0, width - 1) as u16, y as u16);
    }

    /// Scrolls the trends table by `step` rows within `rows`.
    pub fn scroll_trends(&mut self, step: isize, rows: usize) {
        let last = rows.saturating_sub(1);
        self.trends_scroll = (self.trends_scroll as isize + step).clamp(0, last as isize) as usize;
    }

    /// Moves the recurring screen's selection, wrapping round its `rows`.
    pub fn select_recurring(&mut self, step: isize, rows: usize) {
        self.recurring_selected = wrap(self.recurring_selected, step, rows);
    }
}

/// `current + step`, wrapping round a list of `count` rows.
pub fn wrap(current: usize, step: isize, count: usize) -> usize {
    (current as isize + step).rem_euclid(count.max(1) as isize) as usize
}

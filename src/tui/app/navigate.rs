//! Moving about: the cursor, the screens, the knot in focus and the
//! selection of each list.

use ratatui::layout::Position;

use super::ui;
use super::{App, Message, Overlay, SearchState};
use crate::body::Spot;
use crate::text::printable;
use crate::tui::screens::Screen;
use crate::tui::screens::knot::KnotLayout;
use crate::tui::screens::map::MapLayout;

impl App {
    /// A click on the map puts the cursor there.
    pub(super) fn click(&mut self, position: Position) {
        if self.overlay.is_some() || self.ui.screen != Screen::Map {
            return;
        }
        let layout = MapLayout::new(self.ui.viewport, self);
        if let Some(spot) = layout.spot_at(self, position) {
            self.ui.cursor = spot;
            self.message = None;
        }
    }

    /// Goes to `screen`; from the map, the knot under the cursor becomes
    /// the one the knot screen shows.
    pub(super) fn show_screen(&mut self, screen: Screen) {
        let on_map = self.ui.screen == Screen::Map;
        if let Some(summary) = self.knot_at_cursor().filter(|_| on_map) {
            self.ui.focus_knot = Some(summary.knot.id);
        }
        self.ui.screen = screen;
    }

    /// Moves the selection of whatever list is in front.
    pub(super) fn select(&mut self, step: isize) {
        match (&mut self.overlay, self.ui.screen) {
            (Some(Overlay::Search(search)), _) => {
                search.selected = ui::wrap(search.selected, step, search.matches().len());
            }
            (Some(Overlay::Help), _) => {
                let hidden = crate::tui::widgets::dialogs::help_hidden_rows(self, self.ui.viewport);
                let row = self.ui.help_scroll as isize + step;
                self.ui.help_scroll = row.clamp(0, hidden as isize) as usize;
            }
            (Some(_), _) => {}
            (None, Screen::Trends) => {
                let rows = self.shown.trend_rows(&self.ui);
                self.ui.scroll_trends(step, rows);
            }
            (None, Screen::Recurring) => {
                let rows = self.analysis().flagged.len();
                self.ui.select_recurring(step, rows);
            }
            (None, Screen::Knot) => {
                // Up goes back to older readings, down towards the newest.
                let body = crate::tui::widgets::chrome::body_area(self.ui.viewport);
                let shown = KnotLayout::new(self, body).table_rows();
                let most = self.readings_of_focused().len().saturating_sub(shown);
                let back = self.ui.knot_scroll as isize - step;
                self.ui.knot_scroll = back.clamp(0, most as isize) as usize;
            }
            (None, Screen::History) => {
                if let Err(error) = self
                    .shown
                    .select_in_history(&self.store, &mut self.ui, step)
                {
                    self.message =
                        Some(Message::Error(format!("Cannot read the database: {error}")));
                }
            }
            (None, _) => {}
        }
    }

    pub(super) fn jump_to_match(&mut self, search: &SearchState) {
        let matches = search.matches();
        match matches.get(search.selected).copied() {
            Some(region) => {
                if let Some(home) = self.body.home_of(region) {
                    self.ui.cursor = home;
                }
            }
            None => {
                self.message = Some(Message::Error(format!(
                    "No region matches \"{}\".",
                    printable(&search.query)
                )));
            }
        }
    }

    pub(super) fn cycle_knot(&mut self, step: isize) {
        // A running protocol stays with its knot.
        if self.running.is_some() && self.ui.screen == Screen::Protocol {
            return;
        }
        let knots = self.knots();
        if knots.is_empty() {
            return;
        }
        let current = self
            .focused()
            .and_then(|focused| knots.iter().position(|s| s.knot.id == focused.knot.id))
            .unwrap_or(0);
        let next = ui::wrap(current, step, knots.len());
        self.ui.focus_knot = Some(knots[next].knot.id);
        self.ui.knot_scroll = 0;
    }

    /// Where a knot is on the map, whether it is in play or was read from
    /// the store.
    pub(super) fn spot_of(&self, knot_id: i64) -> Option<Spot> {
        match self.analysis().knot(knot_id) {
            Some(knot) => Some(knot.spot),
            // A knot calmed long ago is out of play: read it.
            None => self
                .store
                .find_knot(&knot_id.to_string())
                .ok()
                .map(|knot| knot.spot),
        }
    }

    pub(super) fn show_on_map(&mut self) {
        let spot = match self.ui.screen {
            Screen::Recurring => self
                .selected_region_returns()
                .first()
                .and_then(|recurrence| self.spot_of(recurrence.knot)),
            _ => self.focused().map(|summary| summary.knot.spot),
        };
        if let Some(spot) = spot {
            self.ui.cursor = spot;
            self.ui.screen = Screen::Map;
        }
    }
}

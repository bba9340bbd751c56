//! The app's state and the one place it changes: `App::update`. The state
//! is in parts with one job each: where the person is (`ui`), what is read
//! from the store to be shown (`shown`), the dialog in front (`overlay`)
//! and the changes that `u` takes back (`undo`); the writes to the store
//! are in `writes`. Drawing reads all of it through `&App` and never
//! queries the database.

mod form;
mod navigate;
mod open;
mod overlay;
mod protocol;
mod shown;
mod ui;
mod undo;
mod writes;

pub use form::{Field, LogForm};
pub use overlay::{Notice, Overlay, SearchState};
pub use ui::Ui;
pub use undo::Change;

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};

use super::keymap::{Action, Keymap, Mode};
use super::screens::Screen;
use super::screens::map::MapLayout;
use crate::body::{Body, BodyView, Cell, Region, Size, Spot, View};
use crate::domain::analysis::Analysis;
use crate::domain::analysis::CALMED_IN_PLAY_DAYS;
use crate::domain::guidance::UNDERLYING;
use crate::domain::knot::{KnotStatus, Reading, knot_near};
use crate::domain::protocol::Protocol;
use crate::domain::recurrence::{FlaggedRegion, Recurrence};
use crate::domain::trends::Trends;
use crate::domain::{KnotSummary, Rules};
use crate::store::{Store, StoreError};
use crate::theme::Theme;
use crate::tui::widgets::body_map::{is_drawn, mark_rank};
use protocol::Running;
use shown::Shown;
use undo::UndoLog;

pub use crate::clock::Clock;

/// How long a save waits for another program that holds the database
/// before the form says so and keeps what was typed.
const PATIENCE: std::time::Duration = std::time::Duration::from_secs(2);

/// What the app is told: a key, the mouse, a new terminal size, the clock
/// moving on, or a request from the code that drives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Key(KeyEvent),
    /// A left click at a position of the terminal.
    Click(Position),
    /// The mouse wheel: positive down, negative up.
    Scroll(i16),
    /// The terminal's size, before the first frame and whenever it changes.
    Resize(Rect),
    /// Time passed: the guided protocol moves on.
    Tick,
    /// Look for readings written by another program.
    Refresh,
    /// Go to a screen.
    Show(Screen),
    /// Show a knot: the knot screen's focus and the map's cursor go to it.
    Focus(i64),
    /// Put the map's cursor on a spot.
    MoveTo(Spot),
    /// Draw in this theme: `auto` is settled only once the terminal has
    /// said what its background is.
    Theme(Theme),
    /// Sync through the sync folder of the settings, if there is one: the
    /// other computers' changes come in, this one's go out.
    Sync,
}

/// A line of feedback under the map until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Info(String),
    Saved(String),
    Error(String),
}

/// How the app is set up from the settings file.
#[derive(Debug, Clone)]
pub struct Setup {
    pub theme: Theme,
    pub keymap: Keymap,
    /// The tool filled in for readings logged here.
    pub default_tool: Option<String>,
    /// The folder the app syncs through on start and on quit.
    pub sync_dir: Option<std::path::PathBuf>,
}

impl Setup {
    /// The app as the settings file sets it up, drawn in `theme`.
    pub fn from_config(config: &crate::config::Config, theme: Theme) -> Setup {
        Setup {
            theme,
            // Checked when the settings were read: an override that fails
            // here cannot happen, but would leave the defaults rather than
            // stop.
            keymap: Keymap::with_overrides(&config.keys).unwrap_or_default(),
            default_tool: config.default_tool.clone(),
            sync_dir: config.sync_dir(),
        }
    }
}

pub struct App {
    store: Store,
    body: &'static Body,
    setup: Setup,
    clock: Clock,
    ui: Ui,
    shown: Shown,
    overlay: Option<Overlay>,
    undo: UndoLog,
    running: Option<Running>,
    /// Readings saved since the app opened.
    saved_this_run: u32,
    message: Option<Message>,
    /// Set by an update that ends a protocol phase: the terminal rings.
    bell: bool,
    quit: bool,
}

impl App {
    pub fn new(store: Store, theme: Theme, clock: impl Into<Clock>) -> Result<App, StoreError> {
        let setup = Setup {
            theme,
            keymap: Keymap::default(),
            default_tool: None,
            sync_dir: None,
        };
        App::with_setup(store, setup, clock)
    }

    pub fn with_setup(
        store: Store,
        setup: Setup,
        clock: impl Into<Clock>,
    ) -> Result<App, StoreError> {
        let clock = clock.into();
        store.set_patience(PATIENCE)?;
        let body = Body::get();
        let shown = Shown::read(&store, clock.now())?;
        // Start on the knot that needs looking at most, else in the middle
        // of the back.
        let first = shown
            .analysis()
            .knots
            .iter()
            .find(|summary| summary.status == KnotStatus::Active);
        let cursor = first
            .map(|summary| summary.knot.spot)
            .or_else(|| Region::from_slug("rhomboids-left").and_then(|region| body.home_of(region)))
            .unwrap_or(Spot {
                view: View::Front,
                x: 0,
                y: 0,
            });
        let ui = Ui::new(cursor, first.map(|summary| summary.knot.id));
        let message = shown.analysis().knots.is_empty().then(|| {
            Message::Info(format!(
                "Welcome! Move to a spot that hurts and press {} to log a pain score. {UNDERLYING}",
                setup.keymap.key("log")
            ))
        });
        let mut app = App {
            store,
            body,
            setup,
            clock,
            ui,
            shown,
            overlay: None,
            undo: UndoLog::default(),
            running: None,
            saved_this_run: 0,
            message,
            bell: false,
            quit: false,
        };
        app.read_what_is_shown();
        Ok(app)
    }

    // What the screens read.

    pub fn body(&self) -> &'static Body {
        self.body
    }

    pub fn theme(&self) -> Theme {
        self.setup.theme
    }

    pub fn keymap(&self) -> &Keymap {
        &self.setup.keymap
    }

    pub fn rules(&self) -> &Rules {
        self.store.rules()
    }

    /// The time, for what is drawn from the clock (the protocol's
    /// countdown, "today").
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now_utc()
    }

    /// The clock, with the person's time zone.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Where the person is: screen, cursor, selections.
    pub fn ui(&self) -> &Ui {
        &self.ui
    }

    pub fn analysis(&self) -> &Analysis {
        self.shown.analysis()
    }

    /// Every knot in play, most in need of attention first.
    pub fn knots(&self) -> &[KnotSummary] {
        &self.shown.analysis().knots
    }

    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    pub fn message(&self) -> Option<&Message> {
        self.message.as_ref()
    }

    /// The guided protocol while it runs.
    pub fn protocol(&self) -> Option<&Protocol> {
        self.running.as_ref().map(|running| &running.protocol)
    }

    pub fn saved_this_run(&self) -> u32 {
        self.saved_this_run
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Whether the last update ended a phase of the protocol, for the
    /// terminal's bell.
    pub fn rings(&self) -> bool {
        self.bell
    }

    /// What the keys talk to on the screen in front, under any dialog.
    pub fn screen_mode(&self) -> Mode {
        match (self.ui.screen, &self.running) {
            (Screen::Protocol, Some(_)) => Mode::ProtocolRunning,
            (screen, _) => screen.mode(),
        }
    }

    pub fn mode(&self) -> Mode {
        match &self.overlay {
            None => self.screen_mode(),
            Some(Overlay::Search(_)) => Mode::Search,
            Some(Overlay::LogPain(_)) => Mode::LogPain,
            Some(Overlay::ConfirmDelete(_)) => Mode::Confirm,
            Some(Overlay::Help) => Mode::Help,
            Some(Overlay::Notice(_)) => Mode::Notice,
            Some(Overlay::ConfirmQuit) => Mode::ConfirmQuit,
        }
    }

    /// The size the map draws the body at in this terminal.
    pub fn map_size(&self) -> Size {
        MapLayout::new(self.ui.viewport, self).size
    }

    /// The drawing the cursor is on, at the size the map shows.
    fn drawing_under_cursor(&self) -> &'static BodyView {
        self.body.drawing(self.map_size(), self.ui.cursor.view)
    }

    /// The region the cursor is on: see [`App::cell_under_cursor`].
    pub fn region_under_cursor(&self) -> Option<Region> {
        self.cell_under_cursor().region()
    }

    /// What the cursor is on: the muscle of the knot whose mark is on its
    /// cell (placed on another size, a knot may fall on a neighbour's cell
    /// or just off the outline of this one), else the cell as drawn.
    pub fn cell_under_cursor(&self) -> Cell {
        match self.knot_on_cursor_cell() {
            Some(summary) => Cell::Muscle(summary.knot.region),
            None => self.drawing_under_cursor().cell_at(self.ui.cursor),
        }
    }

    /// The knots whose marks fall on the cursor's cell, the one whose mark
    /// is shown first. On a small drawing two knots can share a cell.
    pub fn knots_under_cursor(&self) -> Vec<&KnotSummary> {
        let drawing = self.drawing_under_cursor();
        let cursor = self.ui.cursor;
        let cell = drawing.cell_of(cursor);
        let calmed_since = self.now() - chrono::Duration::days(CALMED_IN_PLAY_DAYS);
        let mut knots: Vec<&KnotSummary> = self
            .knots()
            .iter()
            .filter(|summary| summary.knot.spot.view == cursor.view)
            .filter(|summary| drawing.cell_of(summary.knot.spot) == cell)
            .filter(|summary| is_drawn(summary, calmed_since))
            .collect();
        knots.sort_by_key(|summary| std::cmp::Reverse(mark_rank(summary)));
        knots
    }

    /// Of the knots on the cursor's cell, the one put exactly at the
    /// cursor (from the knot screen or a search), else the one whose mark
    /// is shown.
    fn knot_on_cursor_cell(&self) -> Option<&KnotSummary> {
        let on_cell = self.knots_under_cursor();
        let exact = on_cell
            .iter()
            .position(|summary| summary.knot.spot == self.ui.cursor);
        on_cell.get(exact.unwrap_or(0)).copied()
    }

    /// The knot a score logged at the cursor would go to: the one on the
    /// cursor's cell, else a knot of the region near it.
    pub fn knot_at_cursor(&self) -> Option<&KnotSummary> {
        if let Some(summary) = self.knot_on_cursor_cell() {
            return Some(summary);
        }
        let region = self.region_under_cursor()?;
        let knots = self.knots().iter().map(|s| &s.knot);
        let knot = knot_near(knots, region, self.ui.cursor)?;
        self.analysis().summary(knot.id)
    }

    /// The knot the knot screen shows.
    pub fn focused(&self) -> Option<&KnotSummary> {
        self.shown.focused(&self.ui)
    }

    /// The readings of the knot the knot screen shows, in time order.
    pub fn readings_of_focused(&self) -> &[Reading] {
        self.shown.readings_of_focused(&self.ui)
    }

    /// The return that brought the knot shown back most recently, if any.
    pub fn focused_recurrence(&self) -> Option<&Recurrence> {
        self.shown.focused_recurrence(&self.ui)
    }

    /// The trends of the period, once the trends screen has read them.
    pub fn trends(&self) -> Option<&Trends> {
        self.shown.trends()
    }

    /// The region selected on the recurring screen.
    pub fn selected_flagged(&self) -> Option<&FlaggedRegion> {
        self.shown.selected_flagged(&self.ui)
    }

    /// The newest returns to the region selected on the recurring screen.
    pub fn selected_region_returns(&self) -> &[Recurrence] {
        self.shown.selected_region_returns(&self.ui)
    }

    /// The reading selected on the history screen.
    pub fn selected_reading(&self) -> Option<&Reading> {
        self.shown.selected_reading(&self.ui)
    }

    // The one way the state changes.

    pub fn update(&mut self, msg: Msg) {
        self.bell = false;
        match msg {
            Msg::Key(key) => match self.setup.keymap.action_for(self.mode(), &key) {
                Some(action) => self.act(action),
                // A notice stays until a key is pressed. Its own keys only
                // close it; any other key closes it and does what it does.
                None if self.mode() == Mode::Notice => {
                    self.overlay = None;
                    self.update(msg);
                }
                None => {}
            },
            Msg::Click(position) => self.click(position),
            Msg::Scroll(rows) if self.overlay.is_none() => {
                let action = if rows > 0 {
                    Action::SelectNext
                } else {
                    Action::SelectPrevious
                };
                for _ in 0..rows.unsigned_abs() {
                    self.act(action);
                }
            }
            Msg::Scroll(_) => {}
            Msg::Resize(area) => self.ui.viewport = area,
            Msg::Tick => self.tick(self.now()),
            Msg::Refresh => self.refresh_if_changed(),
            Msg::Show(screen) => {
                self.ui.screen = screen;
                self.read_what_is_shown();
            }
            Msg::Focus(knot_id) => {
                self.ui.focus_knot = Some(knot_id);
                self.ui.knot_scroll = 0;
                if let Some(spot) = self.spot_of(knot_id) {
                    self.ui.cursor = spot;
                }
                self.read_what_is_shown();
            }
            Msg::MoveTo(spot) => self.ui.cursor = spot,
            Msg::Theme(theme) => self.setup.theme = theme,
            Msg::Sync => self.sync(),
        }
    }

    /// The store, once the app is done with it: the sync on quit.
    pub fn into_store(self) -> Store {
        self.store
    }

    fn act(&mut self, action: Action) {
        if !matches!(action, Action::Type(_) | Action::Backspace) {
            self.message = None;
        }
        match action {
            Action::ForceQuit => self.quit = true,
            // Quitting loses a protocol that is under way: ask first.
            Action::Quit => match &self.running {
                Some(running) if !running.protocol.is_finished() => {
                    self.overlay = Some(Overlay::ConfirmQuit);
                }
                _ => self.quit = true,
            },
            Action::Close => self.overlay = None,
            Action::NextScreen => self.show_screen(self.ui.screen.next()),
            Action::PreviousScreen => self.show_screen(self.ui.screen.previous()),
            Action::Move { dx, dy } => {
                let layout = MapLayout::new(self.ui.viewport, self);
                let drawings = (
                    self.body.drawing(layout.size, View::Front),
                    self.body.drawing(layout.size, View::Back),
                );
                self.ui.move_cursor(drawings, (dx, dy), layout.shows_both());
            }
            Action::OtherView => self.ui.cursor = self.ui.cursor.mirrored(),
            Action::OpenHelp => {
                self.ui.help_scroll = 0;
                self.overlay = Some(Overlay::Help);
            }
            Action::OpenSearch => self.overlay = Some(Overlay::Search(SearchState::default())),
            Action::OpenLogPain => self.open_log_pain(),
            Action::Type(c) => {
                if let Some(overlay) = &mut self.overlay {
                    overlay.type_char(c);
                }
            }
            Action::Backspace => {
                if let Some(overlay) = &mut self.overlay {
                    overlay.backspace();
                }
            }
            Action::SelectPrevious => self.select(-1),
            Action::SelectNext => self.select(1),
            Action::NextField | Action::PreviousField | Action::Pick(_) => {
                if let Some(Overlay::LogPain(form)) = &mut self.overlay {
                    match action {
                        Action::NextField => form.next_field(),
                        Action::PreviousField => form.previous_field(),
                        Action::Pick(step) => form.pick(isize::from(step)),
                        _ => {}
                    }
                }
            }
            Action::Confirm => match self.overlay.take() {
                Some(Overlay::Search(search)) => self.jump_to_match(&search),
                Some(Overlay::LogPain(form)) => self.save(*form),
                Some(Overlay::ConfirmDelete(reading)) => self.delete(*reading),
                Some(Overlay::ConfirmQuit) => self.quit = true,
                other => self.overlay = other,
            },
            Action::PreviousKnot => self.cycle_knot(-1),
            Action::NextKnot => self.cycle_knot(1),
            Action::ToggleResolved => self.toggle_resolved(),
            Action::SeenTo => self.clear_hold(),
            Action::ShowOnMap => self.show_on_map(),
            Action::NextPeriod => {
                self.ui.period = self.ui.period.next();
                self.ui.trends_scroll = 0;
                self.shown.forget_trends();
            }
            Action::ToggleAreas => {
                self.ui.trends_by_area = !self.ui.trends_by_area;
                self.ui.trends_scroll = 0;
            }
            Action::ToggleHeat => self.ui.show_heat = !self.ui.show_heat,
            Action::EditReading => self.open_edit(),
            Action::DeleteReading => {
                if let Some(reading) = self.selected_reading() {
                    self.overlay = Some(Overlay::ConfirmDelete(Box::new(reading.clone())));
                }
            }
            Action::Undo => self.undo(),
            Action::StartProtocol => self.start_or_finish_protocol(),
            Action::PauseProtocol => self.pause_protocol(self.now()),
            Action::SkipPhase => self.skip_phase(self.now()),
            Action::StopProtocol => self.stop_protocol(),
        }
        self.read_what_is_shown();
    }

    /// Reads what the screen in front shows, if it is not at hand yet.
    fn read_what_is_shown(&mut self) {
        let now = self.now();
        if let Err(error) = self.shown.read_for(&self.store, &mut self.ui, now) {
            self.message = Some(Message::Error(format!("Cannot read the database: {error}")));
        }
    }

    /// Reloads when another program has written to the database since the
    /// last look (a second knotmap, a script running `knotmap log`).
    fn refresh_if_changed(&mut self) {
        let result = match self.shown.changed_elsewhere(&self.store) {
            Ok(true) => self.reload(),
            Ok(false) => Ok(()),
            Err(error) => Err(error),
        };
        if let Err(error) = result {
            self.message = Some(Message::Error(format!("Cannot read the database: {error}")));
        }
    }

    fn reload(&mut self) -> Result<(), StoreError> {
        self.shown
            .reload(&self.store, &mut self.ui, self.clock.now())
    }
}

#[cfg(test)]
mod tests;

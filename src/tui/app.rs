//! The app's state and the one place it changes: `App::update`. Drawing
//! reads this state and never queries the database.

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::keymap::{Action, Keymap, Mode};
use super::screens::Screen;
use super::screens::map::MapLayout;
use crate::body::{Body, Cell, Region, Spot, View, search};
use crate::domain::analysis::{Analysis, HistoryRow, advice_on};
use crate::domain::guidance::capitalise;
use crate::domain::knot::{KnotStatus, Reading, knot_near};
use crate::domain::pain::Score;
use crate::domain::protocol::Protocol;
use crate::domain::recurrence::{FlaggedRegion, Recurrence};
use crate::domain::trends::{Period, Trends};
use crate::domain::{KnotSummary, NewReading, Rules};
use crate::store::{KnotChoice, RECENT_READINGS, SessionChoice, Store, StoreError};
use crate::theme::Theme;

pub use crate::clock::Clock;

/// A line of feedback under the map until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Info(String),
    Saved(String),
    Error(String),
}

/// A dialog over the screen. Esc closes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Search(SearchState),
    LogPain(Box<PainForm>),
    /// Asks before a reading is deleted.
    ConfirmDelete(Box<Reading>),
    Help,
}

/// The last change made from the app, which `u` takes back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Logged { reading_id: i64 },
    Edited { before: Box<Reading> },
    Deleted { reading: Box<Reading> },
}

/// How many of a region's newest returns the recurring screen holds:
/// more than the tallest screen lists.
const REGION_RETURNS_SHOWN: usize = 200;

/// What the knot screen shows of its knot beyond the summary.
#[derive(Debug)]
struct KnotDetail {
    knot_id: i64,
    /// In time order.
    readings: Vec<Reading>,
    /// The return that brought it back most recently, if any.
    recurrence: Option<Recurrence>,
    /// Its summary when it is out of play, so not in the analysis.
    summary: Option<KnotSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchState {
    pub query: String,
    pub selected: usize,
}

impl SearchState {
    pub fn matches(&self) -> Vec<Region> {
        search::candidates(&self.query)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PainField {
    Now,
    After,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PainForm {
    pub region: Region,
    /// The knot the score goes to; `None` starts a new knot at the cursor.
    pub knot: Option<KnotSummary>,
    /// The reading being corrected, when this edits one.
    pub editing: Option<Box<Reading>>,
    /// The minutes of the guided protocol this form ends, if it does.
    pub protocol_minutes: Option<u16>,
    pub pain: String,
    pub after: String,
    pub field: PainField,
    pub error: Option<String>,
}

pub struct App {
    store: Store,
    pub body: &'static Body,
    pub theme: Theme,
    pub keymap: Keymap,
    /// The tool filled in for readings logged here (from the settings).
    pub default_tool: Option<String>,
    clock: Clock,
    /// Everything the screens show, as last read from the database.
    pub analysis: Analysis,
    /// Trends over `period`, read when the trends screen first shows them.
    trends: Option<Trends>,
    pub screen: Screen,
    pub cursor: Spot,
    /// The knot the knot screen shows.
    pub focus_knot: Option<i64>,
    /// How many of the newest readings the history holds: a page more each
    /// time the list is scrolled past its end.
    history_limit: usize,
    /// Whether the history screen's readings are at hand.
    history_read: bool,
    /// What the knot screen shows of its knot beyond the summary, read
    /// when the focus moves to it.
    focus_detail: Option<KnotDetail>,
    /// The newest returns to the region selected on the recurring screen,
    /// read when the selection moves to it.
    region_returns: Option<(Region, Vec<Recurrence>)>,
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
    last_change: Option<Change>,
    /// The guided protocol while it runs, and the knot it treats.
    pub protocol: Option<Protocol>,
    protocol_knot: Option<i64>,
    /// Set when a phase ends; the terminal rings and clears it.
    pub bell: bool,
    pub overlay: Option<Overlay>,
    pub message: Option<Message>,
    /// The whole terminal, for laying out the screen and placing clicks.
    pub viewport: Rect,
    /// Readings saved since the app opened; they share one session.
    pub saved_this_run: u32,
    /// The session of this sitting, and when it was last saved to.
    session: Option<(i64, DateTime<Utc>)>,
    data_version: i64,
    pub should_quit: bool,
}

impl App {
    pub fn new(store: Store, theme: Theme, clock: impl Into<Clock>) -> Result<App, StoreError> {
        let clock = clock.into();
        let body = Body::get();
        let analysis = store.analysis(clock.now())?;
        let period = Period::default();
        let data_version = store.data_version()?;
        // Start on the knot that needs looking at most, else in the middle
        // of the back.
        let first = analysis
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
        let focus_knot = first.map(|summary| summary.knot.id);
        let message = analysis.knots.is_empty().then(|| {
            Message::Info(
                "Welcome! Move to a spot that hurts and press Enter to log a pain score."
                    .to_string(),
            )
        });
        let mut app = App {
            store,
            body,
            theme,
            keymap: Keymap::default(),
            default_tool: None,
            clock,
            analysis,
            trends: None,
            screen: Screen::Map,
            cursor,
            focus_knot,
            focus_detail: None,
            region_returns: None,
            history_limit: RECENT_READINGS,
            history_read: false,
            period,
            trends_by_area: false,
            show_heat: false,
            trends_scroll: 0,
            recurring_selected: 0,
            history_selected: 0,
            last_change: None,
            protocol: None,
            protocol_knot: None,
            bell: false,
            overlay: None,
            message,
            viewport: Rect::new(0, 0, 80, 24),
            saved_this_run: 0,
            session: None,
            data_version,
            should_quit: false,
        };
        app.read_what_is_shown()?;
        Ok(app)
    }

    pub fn rules(&self) -> &Rules {
        self.store.rules()
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Every knot with readings, most in need of attention first.
    pub fn knots(&self) -> &[KnotSummary] {
        &self.analysis.knots
    }

    pub fn mode(&self) -> Mode {
        match &self.overlay {
            None => self.screen.mode(),
            Some(Overlay::Search(_)) => Mode::Search,
            Some(Overlay::LogPain(_)) => Mode::LogPain,
            Some(Overlay::ConfirmDelete(_)) => Mode::Confirm,
            Some(Overlay::Help) => Mode::Help,
        }
    }

    pub fn region_under_cursor(&self) -> Option<Region> {
        self.body.region_at(self.cursor)
    }

    pub fn cell_under_cursor(&self) -> Cell {
        self.body
            .view(self.cursor.view)
            .cell(self.cursor.x, self.cursor.y)
    }

    /// The knot a score logged at the cursor would go to.
    pub fn knot_at_cursor(&self) -> Option<&KnotSummary> {
        let region = self.region_under_cursor()?;
        let knots = self.analysis.knots.iter().map(|s| &s.knot);
        let knot = knot_near(knots, region, self.cursor)?;
        self.analysis.summary(knot.id)
    }

    /// The knot the knot screen shows.
    pub fn focused(&self) -> Option<&KnotSummary> {
        let focus = self.focus_knot.and_then(|id| {
            self.analysis.summary(id).or_else(|| {
                // A knot out of play (calmed long ago), as read on focus.
                let detail = self.focus_detail.as_ref()?;
                detail.summary.as_ref().filter(|s| s.knot.id == id)
            })
        });
        focus.or_else(|| self.analysis.knots.first())
    }

    /// The reading selected on the history screen.
    /// The readings of the knot the knot screen shows, in time order.
    pub fn readings_of_focused(&self) -> &[Reading] {
        self.focused_detail()
            .map(|detail| detail.readings.as_slice())
            .unwrap_or_default()
    }

    /// The return that brought the knot shown back most recently, if any.
    pub fn focused_recurrence(&self) -> Option<&Recurrence> {
        self.focused_detail()?.recurrence.as_ref()
    }

    fn focused_detail(&self) -> Option<&KnotDetail> {
        let id = self.focused()?.knot.id;
        self.focus_detail
            .as_ref()
            .filter(|detail| detail.knot_id == id)
    }

    /// The trends of the period, once the trends screen has read them.
    pub fn trends(&self) -> Option<&Trends> {
        self.trends.as_ref()
    }

    /// The region selected on the recurring screen.
    pub fn selected_flagged(&self) -> Option<&FlaggedRegion> {
        self.analysis.flagged.get(self.recurring_selected)
    }

    /// The newest returns to the region selected on the recurring screen.
    pub fn selected_region_returns(&self) -> &[Recurrence] {
        match (self.selected_flagged(), &self.region_returns) {
            (Some(flagged), Some((region, returns))) if flagged.region == *region => returns,
            _ => &[],
        }
    }

    /// Reads what the screen shows beyond the analysis when it is not at
    /// hand yet: the focused knot's readings, the selected region's returns,
    /// the trends of the period. Each is an indexed or summed-up query, read
    /// once when the screen, the focus or the selection moves to it; every
    /// other keypress draws from memory.
    fn read_what_is_shown(&mut self) -> Result<(), StoreError> {
        match self.screen {
            Screen::Knot => self.read_focused_knot(),
            Screen::Recurring => self.read_selected_region(),
            Screen::Trends => self.read_trends(),
            Screen::History => self.read_history(),
            Screen::Map | Screen::Protocol => Ok(()),
        }
    }

    /// The newest readings for the history screen, keeping the selection
    /// on a reading.
    fn read_history(&mut self) -> Result<(), StoreError> {
        if self.history_read {
            return Ok(());
        }
        let history = self.store.recent_history(self.history_limit)?;
        self.analysis.set_history(history);
        self.history_read = true;
        let rows = self.analysis.history_rows.len();
        if self.history_selected >= rows || self.selected_reading().is_none() {
            self.history_selected = self
                .first_reading_row(self.history_selected.min(rows.saturating_sub(1)), -1)
                .or_else(|| self.first_reading_row(0, 1))
                .unwrap_or(0);
        }
        Ok(())
    }

    fn read_trends(&mut self) -> Result<(), StoreError> {
        if self.trends.is_none() {
            self.analysis.heat = self.store.knots_per_region()?;
            let now = self.clock.now_utc();
            self.trends = Some(self.store.trends(self.period.since(now), now)?);
        }
        Ok(())
    }

    fn read_focused_knot(&mut self) -> Result<(), StoreError> {
        let mut summary = None;
        let mut knot_id = self.focus_knot;
        if let Some(id) = knot_id.filter(|&id| self.analysis.summary(id).is_none()) {
            if self.focus_detail.as_ref().is_some_and(|d| d.knot_id == id) {
                return Ok(());
            }
            summary = self.store.knot_summary(id, self.clock.now_utc())?;
            if summary.is_none() {
                knot_id = None;
            }
        }
        let knot_id = knot_id.or_else(|| self.analysis.knots.first().map(|s| s.knot.id));
        if knot_id != self.focus_detail.as_ref().map(|detail| detail.knot_id) {
            self.focus_detail = match knot_id {
                Some(knot_id) => Some(KnotDetail {
                    knot_id,
                    readings: self.store.readings_of(knot_id)?,
                    recurrence: self.store.latest_recurrence_of(knot_id)?,
                    summary,
                }),
                None => None,
            };
        }
        Ok(())
    }

    fn read_selected_region(&mut self) -> Result<(), StoreError> {
        let region = self.selected_flagged().map(|flagged| flagged.region);
        if region != self.region_returns.as_ref().map(|(region, _)| *region) {
            self.region_returns = match region {
                Some(region) => Some((
                    region,
                    self.store.recurrences(Some(region), REGION_RETURNS_SHOWN)?,
                )),
                None => None,
            };
        }
        Ok(())
    }

    pub fn selected_reading(&self) -> Option<&Reading> {
        match self.analysis.history_rows.get(self.history_selected) {
            Some(&HistoryRow::Reading(index)) => self.analysis.history.readings.get(index),
            _ => None,
        }
    }

    pub fn on_key(&mut self, key: KeyEvent) {
        if let Some(action) = self.keymap.action_for(self.mode(), &key) {
            self.update(action);
        }
    }

    pub fn on_mouse(&mut self, mouse: MouseEvent) {
        if self.overlay.is_some() {
            return;
        }
        match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) if self.screen == Screen::Map => {
                let layout = MapLayout::new(self.viewport, self);
                if let Some(spot) = layout.spot_at(Position::new(mouse.column, mouse.row)) {
                    self.cursor = spot;
                    self.message = None;
                }
            }
            MouseEventKind::ScrollDown => self.update(Action::SelectNext),
            MouseEventKind::ScrollUp => self.update(Action::SelectPrevious),
            _ => {}
        }
    }

    pub fn update(&mut self, action: Action) {
        if !matches!(action, Action::Type(_) | Action::Backspace) {
            self.message = None;
        }
        match action {
            Action::ForceQuit | Action::Quit => self.should_quit = true,
            Action::Close => self.overlay = None,
            Action::NextScreen => self.show_screen(self.screen.next()),
            Action::PreviousScreen => self.show_screen(self.screen.previous()),
            Action::Move { dx, dy } => self.move_cursor(dx, dy),
            Action::OtherView => self.switch_view(),
            Action::OpenHelp => self.overlay = Some(Overlay::Help),
            Action::OpenSearch => self.overlay = Some(Overlay::Search(SearchState::default())),
            Action::OpenLogPain => self.open_log_pain(),
            Action::Type(c) => self.type_char(c),
            Action::Backspace => self.backspace(),
            Action::SelectPrevious => self.select(-1),
            Action::SelectNext => self.select(1),
            Action::NextField => {
                if let Some(Overlay::LogPain(form)) = &mut self.overlay {
                    form.field = match form.field {
                        PainField::Now => PainField::After,
                        PainField::After => PainField::Now,
                    };
                }
            }
            Action::Confirm => match self.overlay.take() {
                Some(Overlay::Search(search)) => self.jump_to_match(&search),
                Some(Overlay::LogPain(form)) => self.save(*form),
                Some(Overlay::ConfirmDelete(reading)) => self.delete(*reading),
                other => self.overlay = other,
            },
            Action::PreviousKnot => self.cycle_knot(-1),
            Action::NextKnot => self.cycle_knot(1),
            Action::ToggleResolved => self.toggle_resolved(),
            Action::ShowOnMap => self.show_on_map(),
            Action::NextPeriod => {
                self.period = self.period.next();
                self.trends_scroll = 0;
                self.trends = None;
            }
            Action::ToggleAreas => {
                self.trends_by_area = !self.trends_by_area;
                self.trends_scroll = 0;
            }
            Action::ToggleHeat => self.show_heat = !self.show_heat,
            Action::EditReading => self.open_edit(),
            Action::DeleteReading => {
                if let Some(reading) = self.selected_reading() {
                    self.overlay = Some(Overlay::ConfirmDelete(Box::new(reading.clone())));
                }
            }
            Action::Undo => self.undo(),
            Action::StartProtocol => self.start_or_finish_protocol(),
            Action::PauseProtocol => {
                let now = self.clock.now_utc();
                if let Some(protocol) = &mut self.protocol {
                    protocol.toggle_pause(now);
                }
            }
            Action::SkipPhase => {
                let now = self.clock.now_utc();
                if let Some(protocol) = &mut self.protocol {
                    protocol.skip(now);
                    self.bell = true;
                }
            }
            Action::StopProtocol => {
                self.protocol_knot = None;
                if self.protocol.take().is_some() {
                    self.message = Some(Message::Info(
                        "Protocol stopped; nothing logged.".to_string(),
                    ));
                }
            }
        }
        if let Err(error) = self.read_what_is_shown() {
            self.message = Some(Message::Error(format!("Cannot read the database: {error}")));
        }
    }

    /// Moves the guided protocol on with the clock, ringing at each new
    /// phase. Called on every turn of the event loop.
    pub fn tick(&mut self) {
        let now = self.clock.now_utc();
        if self.protocol.as_mut().is_some_and(|p| p.tick(now)) {
            self.bell = true;
        }
    }

    /// The time, for what is drawn from the clock (the protocol's
    /// countdown).
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now_utc()
    }

    fn start_or_finish_protocol(&mut self) {
        let now = self.clock.now_utc();
        let knot = self.protocol_knot.or(self.focused().map(|s| s.knot.id));
        let Some(summary) = knot.and_then(|id| self.analysis.summary(id)).cloned() else {
            self.message = Some(Message::Error(
                "Log a knot first; the protocol treats one.".to_string(),
            ));
            return;
        };
        match &self.protocol {
            None => {
                self.focus_knot = Some(summary.knot.id);
                self.protocol_knot = Some(summary.knot.id);
                self.screen = Screen::Protocol;
                self.protocol = Some(Protocol::start(now));
            }
            Some(protocol) if protocol.is_finished() => {
                self.overlay = Some(Overlay::LogPain(Box::new(PainForm {
                    region: summary.knot.region,
                    protocol_minutes: Some(protocol.minutes(now)),
                    knot: Some(summary),
                    editing: None,
                    pain: String::new(),
                    after: String::new(),
                    field: PainField::Now,
                    error: None,
                })));
            }
            Some(_) => {}
        }
    }

    /// Goes to `screen`; from the map, the knot under the cursor becomes
    /// the one the knot screen shows.
    fn show_screen(&mut self, screen: Screen) {
        let on_map = self.screen == Screen::Map;
        if let Some(summary) = self.knot_at_cursor().filter(|_| on_map) {
            self.focus_knot = Some(summary.knot.id);
        }
        self.set_screen(screen);
    }

    /// Shows `screen`, reading what it shows if need be.
    pub fn set_screen(&mut self, screen: Screen) {
        self.screen = screen;
        if let Err(error) = self.read_what_is_shown() {
            self.message = Some(Message::Error(format!("Cannot read the database: {error}")));
        }
    }

    fn move_cursor(&mut self, dx: i16, dy: i16) {
        let drawing = self.body.view(self.cursor.view);
        let (width, height) = (drawing.width() as i32, drawing.height() as i32);
        let mut x = i32::from(self.cursor.x) + i32::from(dx);
        let y = (i32::from(self.cursor.y) + i32::from(dy)).clamp(0, height - 1);
        let mut view = self.cursor.view;
        // With both drawings side by side (front on the left), the cursor
        // walks from one into the other.
        if MapLayout::new(self.viewport, self).shows_both() {
            if x >= width && view == View::Front {
                (view, x) = (View::Back, x - width);
            } else if x < 0 && view == View::Back {
                (view, x) = (View::Front, x + width);
            }
        }
        self.cursor = Spot {
            view,
            x: x.clamp(0, width - 1) as u16,
            y: y as u16,
        };
    }

    /// The other drawing, at the mirrored column: the same side of the
    /// same body, seen from the other side.
    fn switch_view(&mut self) {
        let width = self.body.view(self.cursor.view).width();
        self.cursor = Spot {
            view: self.cursor.view.other(),
            x: width - 1 - self.cursor.x,
            y: self.cursor.y,
        };
    }

    fn cycle_knot(&mut self, step: isize) {
        // A running protocol stays with its knot.
        if self.protocol.is_some() && self.screen == Screen::Protocol {
            return;
        }
        let knots = &self.analysis.knots;
        if knots.is_empty() {
            return;
        }
        let current = self
            .focused()
            .and_then(|focused| knots.iter().position(|s| s.knot.id == focused.knot.id))
            .unwrap_or(0);
        let next = (current as isize + step).rem_euclid(knots.len() as isize) as usize;
        self.focus_knot = Some(knots[next].knot.id);
    }

    fn show_on_map(&mut self) {
        let spot = match self.screen {
            Screen::Recurring => match self.selected_region_returns().first() {
                Some(recurrence) => match self.analysis.knot(recurrence.knot) {
                    Some(knot) => Some(knot.spot),
                    // A knot calmed long ago is out of play: read it.
                    None => self
                        .store
                        .find_knot(&recurrence.knot.to_string())
                        .ok()
                        .map(|knot| knot.spot),
                },
                None => None,
            },
            _ => self.focused().map(|summary| summary.knot.spot),
        };
        if let Some(spot) = spot {
            self.cursor = spot;
            self.screen = Screen::Map;
        }
    }

    fn toggle_resolved(&mut self) {
        let Some(summary) = self.focused() else {
            return;
        };
        let (id, marked) = (summary.knot.id, summary.knot.marked_resolved_at.is_some());
        let when = (!marked).then(|| self.clock.now_utc());
        let result = self
            .store
            .mark_resolved(id, when)
            .and_then(|()| self.reload());
        // Undo is for readings; after this it must not reach past the mark
        // to an earlier change (`r` again takes the mark back).
        self.last_change = None;
        self.message = Some(match (result, marked) {
            (Err(error), _) => Message::Error(format!("Not saved: {error}")),
            (Ok(()), false) => Message::Saved(format!("Knot {id} marked resolved.")),
            (Ok(()), true) => Message::Saved(format!("Knot {id} is judged by its readings again.")),
        });
    }

    fn open_log_pain(&mut self) {
        let Some(region) = self.region_under_cursor() else {
            let hint = match self.cell_under_cursor() {
                Cell::Head => "No muscle of the map on the head: move down to the neck.",
                _ => "Not on the body: move the cursor onto a muscle first.",
            };
            self.message = Some(Message::Error(hint.to_string()));
            return;
        };
        self.overlay = Some(Overlay::LogPain(Box::new(PainForm {
            region,
            knot: self.knot_at_cursor().cloned(),
            editing: None,
            protocol_minutes: None,
            pain: String::new(),
            after: String::new(),
            field: PainField::Now,
            error: None,
        })));
    }

    fn open_edit(&mut self) {
        let Some(reading) = self.selected_reading().cloned() else {
            return;
        };
        // The history holds the knot of every reading it lists.
        let Some(knot) = self.analysis.history.knot(reading.knot_id) else {
            return;
        };
        let text = |score: Option<Score>| score.map(|s| s.to_string()).unwrap_or_default();
        self.overlay = Some(Overlay::LogPain(Box::new(PainForm {
            region: knot.region,
            knot: self.analysis.summary(knot.id).cloned(),
            pain: text(reading.treatment.pain_before),
            after: text(reading.treatment.pain_after),
            editing: Some(Box::new(reading)),
            protocol_minutes: None,
            field: PainField::Now,
            error: None,
        })));
    }

    fn type_char(&mut self, c: char) {
        match &mut self.overlay {
            Some(Overlay::Search(search)) => {
                search.query.push(c);
                search.selected = 0;
            }
            Some(Overlay::LogPain(form)) => {
                let text = match form.field {
                    PainField::Now => &mut form.pain,
                    PainField::After => &mut form.after,
                };
                // A score has at most two digits; anything else is a typo.
                if c.is_ascii_digit() && text.len() < 2 {
                    text.push(c);
                    form.error = None;
                } else {
                    form.error = Some("Type a number from 0 to 10.".to_string());
                }
            }
            _ => {}
        }
    }

    fn backspace(&mut self) {
        match &mut self.overlay {
            Some(Overlay::Search(search)) => {
                search.query.pop();
                search.selected = 0;
            }
            Some(Overlay::LogPain(form)) => {
                match form.field {
                    PainField::Now => form.pain.pop(),
                    PainField::After => form.after.pop(),
                };
                form.error = None;
            }
            _ => {}
        }
    }

    /// Moves the selection of whatever list is in front.
    fn select(&mut self, step: isize) {
        let wrap = |current: usize, count: usize| {
            (current as isize + step).rem_euclid(count.max(1) as isize) as usize
        };
        match (&mut self.overlay, self.screen) {
            (Some(Overlay::Search(search)), _) => {
                search.selected = wrap(search.selected, search.matches().len());
            }
            (Some(_), _) => {}
            (None, Screen::Trends) => {
                let rows = match &self.trends {
                    Some(trends) if self.trends_by_area => trends.areas.len(),
                    Some(trends) => trends.regions.len(),
                    None => 0,
                };
                let last = rows.saturating_sub(1);
                self.trends_scroll =
                    (self.trends_scroll as isize + step).clamp(0, last as isize) as usize;
            }
            (None, Screen::Recurring) => {
                self.recurring_selected =
                    wrap(self.recurring_selected, self.analysis.flagged.len());
            }
            (None, Screen::History) => {
                let next = (self.history_selected as isize + step).max(0) as usize;
                if step > 0 && self.first_reading_row(next, step).is_none() {
                    self.read_older_history();
                }
                if let Some(row) = self.first_reading_row(next, step) {
                    self.history_selected = row;
                }
            }
            (None, _) => {}
        }
    }

    /// Past the oldest reading held, reads the next page of older ones.
    fn read_older_history(&mut self) {
        if self.analysis.history.readings.len() < self.history_limit {
            return;
        }
        self.history_limit += RECENT_READINGS;
        match self.store.recent_history(self.history_limit) {
            Ok(history) => self.analysis.set_history(history),
            Err(error) => {
                self.message = Some(Message::Error(format!("Cannot read the database: {error}")));
            }
        }
    }

    /// The first reading row at or after `from` going in direction `step`.
    fn first_reading_row(&self, from: usize, step: isize) -> Option<usize> {
        let rows = &self.analysis.history_rows;
        let mut index = from as isize;
        while index >= 0 && (index as usize) < rows.len() {
            if matches!(rows[index as usize], HistoryRow::Reading(_)) {
                return Some(index as usize);
            }
            index += step.signum();
        }
        None
    }

    fn jump_to_match(&mut self, search: &SearchState) {
        let matches = search.matches();
        match matches.get(search.selected).copied() {
            Some(region) => {
                if let Some(home) = self.body.home_of(region) {
                    self.cursor = home;
                }
            }
            None => {
                self.message = Some(Message::Error(format!(
                    "No region matches \"{}\".",
                    search.query
                )));
            }
        }
    }

    fn save(&mut self, form: PainForm) {
        let parsed = Score::parse("pain", &form.pain).and_then(|pain| {
            let after = match form.after.as_str() {
                "" => None,
                text => Some(Score::parse("pain after", text)?),
            };
            Ok((pain, after))
        });
        let (pain, after) = match parsed {
            Ok(scores) => scores,
            Err(error) => {
                let mut form = form;
                form.error = Some(format!("{}.", capitalise(&error.to_string())));
                self.overlay = Some(Overlay::LogPain(Box::new(form)));
                return;
            }
        };
        let result = match &form.editing {
            Some(before) => self.write_edit(before, pain, after),
            None => {
                let reading = NewReading {
                    pain_after: after,
                    tool: self.default_tool.clone(),
                    technique: form
                        .protocol_minutes
                        .map(|_| "calm-first protocol".to_string()),
                    minutes: form.protocol_minutes,
                    ..NewReading::pain(pain)
                };
                if form.protocol_minutes.is_some() {
                    self.protocol = None;
                    self.protocol_knot = None;
                }
                let knot = match &form.knot {
                    Some(summary) => KnotChoice::Existing(summary.knot.id),
                    None => KnotChoice::New {
                        region: form.region,
                        spot: self.cursor,
                    },
                };
                self.write_reading(knot, form.region, &reading)
            }
        };
        self.message = Some(match result {
            Ok(text) => Message::Saved(text),
            Err(error) => Message::Error(format!("Not saved: {error}")),
        });
    }

    fn write_reading(
        &mut self,
        knot: KnotChoice,
        region: Region,
        reading: &NewReading,
    ) -> Result<String, StoreError> {
        let now = self.clock.now_utc();
        // One sitting is one session; a pause longer than a session's
        // span (an app left open overnight) starts another.
        let span = self.store.rules().session_span;
        let session = match self.session {
            Some((id, last_save)) if now - last_save <= span => SessionChoice::Join(id),
            _ => SessionChoice::New,
        };
        let logged = self.store.log_reading(knot, reading, now, session)?;
        self.session = Some((logged.session_id, now));
        self.saved_this_run += 1;
        self.last_change = Some(Change::Logged {
            reading_id: logged.reading_id,
        });
        self.focus_knot = Some(logged.knot_id);
        self.reload()?;
        let pain = reading.pain_before.map(u8::from).unwrap_or_default();
        let new = if logged.new_knot { "new knot" } else { "knot" };
        let mut text = format!(
            "Saved {pain}/10 for {new} {} ({}), session {}.",
            logged.knot_id,
            region.name(),
            logged.session_number
        );
        // The most important caution at once; the knot screen lists them all.
        let readings = self.store.readings_of(logged.knot_id)?;
        let summary = self.analysis.summary(logged.knot_id);
        let reading = readings.iter().find(|r| r.id == logged.reading_id);
        let advice = match (summary, reading) {
            (Some(summary), Some(reading)) => advice_on(
                summary,
                &readings,
                reading,
                self.store.rules(),
                &self.clock.zone(),
            ),
            _ => Vec::new(),
        };
        if let Some(first) = advice.first() {
            text.push_str(&format!(" Careful: {}.", first.text));
        }
        if advice.len() > 1 {
            text.push_str(&format!(" (+{} more on the knot screen)", advice.len() - 1));
        }
        Ok(text)
    }

    fn write_edit(
        &mut self,
        before: &Reading,
        pain: Score,
        after: Option<Score>,
    ) -> Result<String, StoreError> {
        let treatment = NewReading {
            pain_before: Some(pain),
            pain_after: after,
            ..before.treatment.clone()
        };
        self.store.update_reading(before.id, &treatment)?;
        self.last_change = Some(Change::Edited {
            before: Box::new(before.clone()),
        });
        self.reload()?;
        Ok(format!("Reading changed to {pain}/10. u undoes it."))
    }

    fn delete(&mut self, reading: Reading) {
        let result = self.store.delete_reading(reading.id).and_then(|deleted| {
            self.last_change = Some(Change::Deleted {
                reading: Box::new(deleted),
            });
            self.reload()
        });
        self.message = Some(match result {
            Ok(()) => Message::Saved("Reading deleted. u puts it back.".to_string()),
            Err(error) => Message::Error(format!("Not deleted: {error}")),
        });
    }

    fn undo(&mut self) {
        let Some(change) = self.last_change.take() else {
            self.message = Some(Message::Info("Nothing to undo.".to_string()));
            return;
        };
        let result = match &change {
            Change::Logged { reading_id } => self.store.delete_reading(*reading_id).map(|_| {
                self.saved_this_run = self.saved_this_run.saturating_sub(1);
                "Took back the reading just saved."
            }),
            Change::Edited { before } => self
                .store
                .update_reading(before.id, &before.treatment)
                .map(|()| "Put the reading back as it was."),
            Change::Deleted { reading } => self
                .store
                .restore_reading(reading)
                .map(|()| "Put the deleted reading back."),
        };
        let result = result.and_then(|text| self.reload().map(|()| text));
        self.message = Some(match result {
            Ok(text) => Message::Saved(text.to_string()),
            Err(error) => {
                self.last_change = Some(change);
                Message::Error(format!("Cannot undo: {error}"))
            }
        });
    }

    fn reload(&mut self) -> Result<(), StoreError> {
        self.analysis = self.store.analysis(self.clock.now())?;
        self.history_read = false;
        self.trends = None;
        self.focus_detail = None;
        self.region_returns = None;
        self.recurring_selected = self
            .recurring_selected
            .min(self.analysis.flagged.len().saturating_sub(1));
        self.read_what_is_shown()?;
        self.data_version = self.store.data_version()?;
        Ok(())
    }

    /// Reloads when another program has written to the database since the
    /// last look (a second knotmap, a script running `knotmap log`).
    pub fn refresh_if_changed(&mut self) {
        let changed = self
            .store
            .data_version()
            .map(|version| version != self.data_version);
        let result = match changed {
            Ok(true) => self.reload(),
            Ok(false) => Ok(()),
            Err(error) => Err(error),
        };
        if let Err(error) = result {
            self.message = Some(Message::Error(format!("Cannot read the database: {error}")));
        }
    }
}

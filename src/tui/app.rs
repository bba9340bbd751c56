//! The app's state and the one place it changes: `App::update`. Drawing
//! reads this state and never queries the database.

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::keymap::{Action, Keymap, Mode};
use super::screens::map::MapLayout;
use crate::body::{Body, Cell, Region, Spot, View, search};
use crate::domain::knot::{KnotStatus, knot_near};
use crate::domain::pain::Score;
use crate::domain::{KnotSummary, NewReading};
use crate::store::{KnotChoice, SessionChoice, Store, StoreError};
use crate::theme::Theme;

/// Where the time comes from: the wall clock in the app, a fixed time in
/// tests.
pub type Clock = fn() -> DateTime<Utc>;

/// A line of feedback under the map until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Info(String),
    Saved(String),
    Error(String),
}

/// A dialog over the map. Esc closes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Search(SearchState),
    LogPain(Box<PainForm>),
    Help,
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
    /// Every knot with readings, as last read from the database.
    pub knots: Vec<KnotSummary>,
    pub cursor: Spot,
    pub overlay: Option<Overlay>,
    pub message: Option<Message>,
    /// The whole terminal, for laying out the screen and placing clicks.
    pub viewport: Rect,
    /// Readings saved since the app opened; they share one session.
    pub saved_this_run: u32,
    session_id: Option<i64>,
    data_version: i64,
    pub should_quit: bool,
}

impl App {
    pub fn new(store: Store, theme: Theme, clock: Clock) -> Result<App, StoreError> {
        let body = Body::get();
        let knots = store.knot_summaries(clock())?;
        let data_version = store.data_version()?;
        // Start on the knot that hurts most, else in the middle of the back.
        let cursor = knots
            .iter()
            .filter(|summary| summary.status == KnotStatus::Active)
            .max_by_key(|summary| (summary.latest_pain, summary.last_seen))
            .map(|summary| summary.knot.spot)
            .or_else(|| Region::from_slug("rhomboids-left").and_then(|region| body.home_of(region)))
            .unwrap_or(Spot {
                view: View::Front,
                x: 0,
                y: 0,
            });
        let message = knots.is_empty().then(|| {
            Message::Info(
                "Welcome! Move to a spot that hurts and press Enter to log a pain score."
                    .to_string(),
            )
        });
        Ok(App {
            store,
            body,
            theme,
            keymap: Keymap::default(),
            default_tool: None,
            clock,
            knots,
            cursor,
            overlay: None,
            message,
            viewport: Rect::new(0, 0, 80, 24),
            saved_this_run: 0,
            session_id: None,
            data_version,
            should_quit: false,
        })
    }

    pub fn mode(&self) -> Mode {
        match &self.overlay {
            None => Mode::Map,
            Some(Overlay::Search(_)) => Mode::Search,
            Some(Overlay::LogPain(_)) => Mode::LogPain,
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
        let knot = knot_near(self.knots.iter().map(|s| &s.knot), region, self.cursor)?;
        self.knots.iter().find(|summary| summary.knot.id == knot.id)
    }

    pub fn on_key(&mut self, key: KeyEvent) {
        if let Some(action) = self.keymap.action_for(self.mode(), &key) {
            self.update(action);
        }
    }

    pub fn on_mouse(&mut self, mouse: MouseEvent) {
        if self.overlay.is_some() || mouse.kind != MouseEventKind::Down(MouseButton::Left) {
            return;
        }
        let layout = MapLayout::new(self.viewport, self);
        if let Some(spot) = layout.spot_at(Position::new(mouse.column, mouse.row)) {
            self.cursor = spot;
            self.message = None;
        }
    }

    pub fn update(&mut self, action: Action) {
        if !matches!(action, Action::Type(_) | Action::Backspace) {
            self.message = None;
        }
        match action {
            Action::ForceQuit | Action::Quit => self.should_quit = true,
            Action::Close => self.overlay = None,
            Action::Move { dx, dy } => self.move_cursor(dx, dy),
            Action::OtherView => self.switch_view(),
            Action::OpenHelp => self.overlay = Some(Overlay::Help),
            Action::OpenSearch => self.overlay = Some(Overlay::Search(SearchState::default())),
            Action::OpenLogPain => self.open_log_pain(),
            Action::Type(c) => self.type_char(c),
            Action::Backspace => self.backspace(),
            Action::SelectPrevious | Action::SelectNext => self.select(action),
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
                other => self.overlay = other,
            },
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
            pain: String::new(),
            after: String::new(),
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

    fn select(&mut self, action: Action) {
        if let Some(Overlay::Search(search)) = &mut self.overlay {
            let count = search.matches().len();
            if count == 0 {
                return;
            }
            search.selected = match action {
                Action::SelectPrevious => (search.selected + count - 1) % count,
                _ => (search.selected + 1) % count,
            };
        }
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
        let reading = NewReading {
            pain_after: after,
            tool: self.default_tool.clone(),
            ..NewReading::pain(pain)
        };
        let knot = match &form.knot {
            Some(summary) => KnotChoice::Existing(summary.knot.id),
            None => KnotChoice::New {
                region: form.region,
                spot: self.cursor,
            },
        };
        match self.write_reading(knot, form.region, &reading) {
            Ok(text) => {
                self.message = Some(Message::Saved(text));
            }
            Err(error) => {
                self.message = Some(Message::Error(format!("Not saved: {error}")));
            }
        }
    }

    fn write_reading(
        &mut self,
        knot: KnotChoice,
        region: Region,
        reading: &NewReading,
    ) -> Result<String, StoreError> {
        let now = (self.clock)();
        let session = match self.session_id {
            Some(id) => id,
            None => {
                let id = self.store.start_session(now)?;
                self.session_id = Some(id);
                id
            }
        };
        let logged = self
            .store
            .log_reading(knot, reading, now, SessionChoice::Join(session))?;
        self.saved_this_run += 1;
        self.reload()?;
        let pain = reading.pain_before.map(u8::from).unwrap_or_default();
        let new = if logged.new_knot { "new knot" } else { "knot" };
        let mut text = format!(
            "Saved {pain}/10 for {new} {} ({}), session {}.",
            logged.knot_id,
            region.name(),
            logged.session_number
        );
        if let Some(caution) = region.caution() {
            text.push_str(&format!(" Careful: {}.", caution.advice()));
        }
        Ok(text)
    }

    fn reload(&mut self) -> Result<(), StoreError> {
        self.knots = self.store.knot_summaries((self.clock)())?;
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

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

//! The dialog in front of a screen, and what is typed into it. Esc closes
//! it; nothing here touches the database.

use super::form::LogForm;
use crate::body::{Region, search};
use crate::domain::knot::Reading;

/// A dialog over the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Search(SearchState),
    LogPain(Box<LogForm>),
    /// Asks before a reading is deleted.
    ConfirmDelete(Box<Reading>),
    Help,
    Notice(Notice),
    /// Asks before quitting while the protocol runs.
    ConfirmQuit,
}

impl Overlay {
    /// Adds a typed character to the field in front.
    pub fn type_char(&mut self, c: char) {
        match self {
            Overlay::Search(search) => search.type_char(c),
            Overlay::LogPain(form) => form.type_char(c),
            Overlay::ConfirmDelete(_)
            | Overlay::Help
            | Overlay::Notice(_)
            | Overlay::ConfirmQuit => {}
        }
    }

    /// Takes the last character off the field in front.
    pub fn backspace(&mut self) {
        match self {
            Overlay::Search(search) => search.backspace(),
            Overlay::LogPain(form) => form.backspace(),
            Overlay::ConfirmDelete(_)
            | Overlay::Help
            | Overlay::Notice(_)
            | Overlay::ConfirmQuit => {}
        }
    }
}

/// The find dialog: what is typed, and the match chosen.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchState {
    pub query: String,
    pub selected: usize,
}

impl SearchState {
    pub fn matches(&self) -> Vec<Region> {
        search::candidates(&self.query)
    }

    fn type_char(&mut self, c: char) {
        self.query.push(c);
        self.selected = 0;
    }

    fn backspace(&mut self) {
        self.query.pop();
        self.selected = 0;
    }
}

/// What a save had to say that does not fit a line: every caution about
/// the reading, whole. It stays until a key is pressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    /// What was saved.
    pub saved: String,
    pub cautions: Vec<String>,
}

//! One widget per screen; Tab goes from one to the next.

pub mod history;
pub mod knot;
pub mod map;
pub mod protocol;
pub mod recurring;
pub mod trends;

use super::keymap::Mode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    Map,
    Knot,
    Trends,
    Recurring,
    History,
    Protocol,
}

impl Screen {
    pub const ALL: [Screen; 6] = [
        Screen::Map,
        Screen::Knot,
        Screen::Protocol,
        Screen::Trends,
        Screen::Recurring,
        Screen::History,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Screen::Map => "map",
            Screen::Knot => "knot",
            Screen::Trends => "trends",
            Screen::Recurring => "recurring",
            Screen::History => "history",
            Screen::Protocol => "protocol",
        }
    }

    /// The keys that work on this screen.
    pub fn mode(self) -> Mode {
        match self {
            Screen::Map => Mode::Map,
            Screen::Knot => Mode::Knot,
            Screen::Trends => Mode::Trends,
            Screen::Recurring => Mode::Recurring,
            Screen::History => Mode::History,
            Screen::Protocol => Mode::Protocol,
        }
    }

    fn index(self) -> usize {
        Screen::ALL.iter().position(|&s| s == self).unwrap_or(0)
    }

    pub fn next(self) -> Screen {
        Screen::ALL[(self.index() + 1) % Screen::ALL.len()]
    }

    pub fn previous(self) -> Screen {
        Screen::ALL[(self.index() + Screen::ALL.len() - 1) % Screen::ALL.len()]
    }
}

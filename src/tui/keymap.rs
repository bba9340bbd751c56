//! Keys are data: one table maps (mode, key) to an action, with the words
//! that the `?` help and the footer show for it. Whatever is bound here is
//! what the help says, and nothing else.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the keyboard is talking to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Map,
    Search,
    LogPain,
    Help,
}

impl Mode {
    pub fn title(self) -> &'static str {
        match self {
            Mode::Map => "On the map",
            Mode::Search => "Finding a region",
            Mode::LogPain => "Logging a pain score",
            Mode::Help => "In this help",
        }
    }

    /// Modes where typed letters are text, not commands.
    pub fn takes_text(self) -> bool {
        matches!(self, Mode::Search | Mode::LogPain)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Move { dx: i16, dy: i16 },
    OtherView,
    OpenSearch,
    OpenLogPain,
    OpenHelp,
    Quit,
    ForceQuit,
    Close,
    Confirm,
    NextField,
    Backspace,
    SelectPrevious,
    SelectNext,
    Type(char),
}

/// One key a binding answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A key without Ctrl or Alt.
    Plain(KeyCode),
    Ctrl(char),
}

impl Key {
    fn matches(self, event: &KeyEvent) -> bool {
        let ctrl_or_alt = event
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match self {
            Key::Plain(code) => !ctrl_or_alt && event.code == code,
            Key::Ctrl(c) => {
                event.modifiers.contains(KeyModifiers::CONTROL) && event.code == KeyCode::Char(c)
            }
        }
    }
}

pub struct Binding {
    pub modes: &'static [Mode],
    pub keys: &'static [Key],
    /// How the keys are written in help and hints.
    pub keys_label: &'static str,
    pub action: Action,
    /// What it does, for the `?` help.
    pub help: &'static str,
    /// A word or two for the footer, for the bindings worth a hint there.
    pub hint: Option<&'static str>,
}

use Key::{Ctrl, Plain};
use KeyCode::{BackTab, Backspace, Char, Down, Enter, Esc, Left, Right, Tab, Up};

pub const ALL: &[Mode] = &[Mode::Map, Mode::Search, Mode::LogPain, Mode::Help];
pub const MAP: &[Mode] = &[Mode::Map];
pub const DIALOGS: &[Mode] = &[Mode::Search, Mode::LogPain];

/// Every binding, in the order the help lists them.
pub static BINDINGS: &[Binding] = &[
    Binding {
        modes: MAP,
        keys: &[
            Plain(Left),
            Plain(Char('h')),
            Plain(Right),
            Plain(Char('l')),
            Plain(Up),
            Plain(Char('k')),
            Plain(Down),
            Plain(Char('j')),
        ],
        keys_label: "←↓↑→ hjkl",
        action: Action::Move { dx: 0, dy: 0 },
        help: "move one cell",
        hint: Some("move"),
    },
    Binding {
        modes: MAP,
        keys: &[
            Plain(Char('H')),
            Plain(Char('J')),
            Plain(Char('K')),
            Plain(Char('L')),
        ],
        keys_label: "HJKL",
        action: Action::Move { dx: 0, dy: 0 },
        help: "move four cells",
        hint: None,
    },
    Binding {
        modes: MAP,
        keys: &[Plain(Char('/'))],
        keys_label: "/",
        action: Action::OpenSearch,
        help: "find a region by name",
        hint: Some("find"),
    },
    Binding {
        modes: MAP,
        keys: &[Plain(Enter)],
        keys_label: "Enter",
        action: Action::OpenLogPain,
        help: "log pain at the cursor",
        hint: Some("log pain"),
    },
    Binding {
        modes: MAP,
        keys: &[Plain(Char('v'))],
        keys_label: "v",
        action: Action::OtherView,
        help: "flip to the other view",
        hint: Some("front/back"),
    },
    Binding {
        modes: MAP,
        keys: &[Plain(Char('?'))],
        keys_label: "?",
        action: Action::OpenHelp,
        help: "show this help",
        hint: Some("keys"),
    },
    Binding {
        modes: MAP,
        keys: &[Plain(Char('q'))],
        keys_label: "q",
        action: Action::Quit,
        help: "quit (all is saved)",
        hint: Some("quit"),
    },
    Binding {
        modes: &[Mode::Search],
        keys: &[Plain(Up), Plain(BackTab)],
        keys_label: "↑ Shift-Tab",
        action: Action::SelectPrevious,
        help: "previous match",
        hint: None,
    },
    Binding {
        modes: &[Mode::Search],
        keys: &[Plain(Down), Plain(Tab)],
        keys_label: "↓ Tab",
        action: Action::SelectNext,
        help: "next match",
        hint: None,
    },
    Binding {
        modes: &[Mode::LogPain],
        keys: &[Plain(Tab), Plain(BackTab), Plain(Up), Plain(Down)],
        keys_label: "Tab",
        action: Action::NextField,
        help: "pain now / pain after",
        hint: None,
    },
    Binding {
        modes: DIALOGS,
        keys: &[Plain(Backspace)],
        keys_label: "Backspace",
        action: Action::Backspace,
        help: "delete a character",
        hint: None,
    },
    Binding {
        modes: &[Mode::Search],
        keys: &[Plain(Enter)],
        keys_label: "Enter",
        action: Action::Confirm,
        help: "jump to the match",
        hint: None,
    },
    Binding {
        modes: &[Mode::LogPain],
        keys: &[Plain(Enter)],
        keys_label: "Enter",
        action: Action::Confirm,
        help: "save the reading",
        hint: None,
    },
    Binding {
        modes: DIALOGS,
        keys: &[Plain(Esc)],
        keys_label: "Esc",
        action: Action::Close,
        help: "close, saving nothing",
        hint: None,
    },
    Binding {
        modes: &[Mode::Help],
        keys: &[Plain(Esc), Plain(Char('?')), Plain(Char('q'))],
        keys_label: "Esc ? q",
        action: Action::Close,
        help: "close this help",
        hint: None,
    },
    Binding {
        modes: ALL,
        keys: &[Ctrl('c')],
        keys_label: "Ctrl-C",
        action: Action::ForceQuit,
        help: "quit from anywhere",
        hint: None,
    },
];

/// The action a key means in a mode, if any.
pub fn action_for(mode: Mode, event: &KeyEvent) -> Option<Action> {
    let bound = BINDINGS
        .iter()
        .filter(|binding| binding.modes.contains(&mode))
        .find(|binding| binding.keys.iter().any(|key| key.matches(event)))
        .map(|binding| match binding.action {
            Action::Move { .. } => movement(event.code),
            action => action,
        });
    bound.or_else(|| match event.code {
        Char(c) if mode.takes_text() && !event.modifiers.contains(KeyModifiers::CONTROL) => {
            Some(Action::Type(c))
        }
        _ => None,
    })
}

/// The step a movement key makes: one cell, or four with the capitals.
fn movement(code: KeyCode) -> Action {
    let (dx, dy) = match code {
        Left | Char('h') => (-1, 0),
        Right | Char('l') => (1, 0),
        Up | Char('k') => (0, -1),
        Down | Char('j') => (0, 1),
        Char('H') => (-4, 0),
        Char('L') => (4, 0),
        Char('K') => (0, -4),
        Char('J') => (0, 4),
        _ => (0, 0),
    };
    Action::Move { dx, dy }
}

/// The bindings of a mode that earn a place in the footer.
pub fn hints(mode: Mode) -> impl Iterator<Item = &'static Binding> {
    BINDINGS
        .iter()
        .filter(move |binding| binding.modes.contains(&mode) && binding.hint.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn vim_keys_and_arrows_move_the_same_way() {
        for (a, b) in [
            (Left, Char('h')),
            (Right, Char('l')),
            (Up, Char('k')),
            (Down, Char('j')),
        ] {
            assert_eq!(
                action_for(Mode::Map, &press(a)),
                action_for(Mode::Map, &press(b))
            );
        }
        assert_eq!(
            action_for(Mode::Map, &press(Char('J'))),
            Some(Action::Move { dx: 0, dy: 4 })
        );
    }

    #[test]
    fn letters_are_text_while_typing() {
        assert_eq!(
            action_for(Mode::Search, &press(Char('q'))),
            Some(Action::Type('q'))
        );
        assert_eq!(
            action_for(Mode::Search, &press(Char('j'))),
            Some(Action::Type('j'))
        );
        assert_eq!(action_for(Mode::Map, &press(Char('q'))), Some(Action::Quit));
    }

    #[test]
    fn ctrl_c_quits_from_every_mode() {
        let ctrl_c = KeyEvent::new(Char('c'), KeyModifiers::CONTROL);
        for mode in [Mode::Map, Mode::Search, Mode::LogPain, Mode::Help] {
            assert_eq!(action_for(mode, &ctrl_c), Some(Action::ForceQuit));
        }
    }

    #[test]
    fn every_binding_has_words_for_the_help() {
        for binding in BINDINGS {
            assert!(!binding.help.is_empty() && !binding.keys_label.is_empty());
            assert!(!binding.keys.is_empty() && !binding.modes.is_empty());
        }
    }
}

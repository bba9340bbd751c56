//! Keys are data: one table maps (mode, key) to an action, with the words
//! that the `?` help and the footer show for it. The settings file can
//! rebind any entry by name; whatever is bound is what the help says.

use std::collections::BTreeMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the keyboard is talking to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Map,
    Knot,
    Trends,
    Recurring,
    History,
    Protocol,
    /// The protocol screen while the protocol runs.
    ProtocolRunning,
    Search,
    LogPain,
    Confirm,
    /// Asks before quitting in the middle of the protocol.
    ConfirmQuit,
    Help,
    /// A notice after a save: any key closes it.
    Notice,
}

impl Mode {
    /// Modes where typed letters are text, not commands.
    pub fn takes_text(self) -> bool {
        matches!(self, Mode::Search | Mode::LogPain)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Move {
        dx: i16,
        dy: i16,
    },
    OtherView,
    OpenSearch,
    OpenLogPain,
    OpenHelp,
    Quit,
    ForceQuit,
    Close,
    Confirm,
    NextField,
    PreviousField,
    /// Another entry of the list in the form's active field.
    Pick(i8),
    Backspace,
    SelectPrevious,
    SelectNext,
    Type(char),
    NextScreen,
    PreviousScreen,
    PreviousKnot,
    NextKnot,
    ToggleResolved,
    /// A knot on hold has been seen to: lift the hold.
    SeenTo,
    ShowOnMap,
    NextPeriod,
    ToggleAreas,
    ToggleHeat,
    EditReading,
    DeleteReading,
    Undo,
    StartProtocol,
    PauseProtocol,
    SkipPhase,
    StopProtocol,
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

    /// Reads a key as the settings file writes it: `x`, `Enter`, `Esc`,
    /// `Tab`, `Shift-Tab`, `Backspace`, `Space`, `Left`, `F1`, `Ctrl-x`.
    pub fn parse(text: &str) -> Option<Key> {
        let named = |name: &str| -> Option<KeyCode> {
            Some(match name.to_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "shift-tab" | "backtab" => KeyCode::BackTab,
                "backspace" => KeyCode::Backspace,
                "space" => KeyCode::Char(' '),
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" => KeyCode::PageUp,
                "pagedown" => KeyCode::PageDown,
                other => {
                    let number = other.strip_prefix('f')?.parse::<u8>().ok()?;
                    (1..=12).contains(&number).then_some(KeyCode::F(number))?
                }
            })
        };
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Some(Key::Plain(KeyCode::Char(c))),
            _ => match text.to_lowercase().strip_prefix("ctrl-") {
                Some(rest) if rest.chars().count() == 1 => rest.chars().next().map(Key::Ctrl),
                _ => named(text).map(Key::Plain),
            },
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Ctrl(c) => write!(f, "Ctrl-{}", c.to_uppercase()),
            Key::Plain(code) => match code {
                KeyCode::Char(' ') => f.write_str("Space"),
                KeyCode::Char(c) => write!(f, "{c}"),
                KeyCode::Left => f.write_str("←"),
                KeyCode::Right => f.write_str("→"),
                KeyCode::Up => f.write_str("↑"),
                KeyCode::Down => f.write_str("↓"),
                KeyCode::BackTab => f.write_str("Shift-Tab"),
                KeyCode::PageUp => f.write_str("PageUp"),
                KeyCode::PageDown => f.write_str("PageDown"),
                KeyCode::F(n) => write!(f, "F{n}"),
                other => write!(f, "{other}"),
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// The name the settings file rebinds it by.
    pub name: &'static str,
    pub modes: &'static [Mode],
    pub keys: Vec<Key>,
    pub action: Action,
    /// What it does, for the `?` help.
    pub help: &'static str,
    /// A word or two for the footer, for the bindings worth a hint there.
    pub hint: Option<&'static str>,
}

impl Binding {
    /// The keys as the help and the footer write them: `←/h`.
    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(Key::to_string)
            .collect::<Vec<_>>()
            .join("/")
    }
}

pub const ALL: &[Mode] = &[
    Mode::Map,
    Mode::Knot,
    Mode::Trends,
    Mode::Recurring,
    Mode::History,
    Mode::Protocol,
    Mode::ProtocolRunning,
    Mode::Search,
    Mode::LogPain,
    Mode::Confirm,
    Mode::ConfirmQuit,
    Mode::Help,
    Mode::Notice,
];
/// The screens, as opposed to the dialogs over them.
pub const SCREENS: &[Mode] = &[
    Mode::Map,
    Mode::Knot,
    Mode::Trends,
    Mode::Recurring,
    Mode::History,
    Mode::Protocol,
    Mode::ProtocolRunning,
];
pub const MAP: &[Mode] = &[Mode::Map];
pub const DIALOGS: &[Mode] = &[Mode::Search, Mode::LogPain];
const LISTS: &[Mode] = &[Mode::Trends, Mode::Recurring, Mode::History];
const ON_MAP: &[Mode] = &[Mode::Knot, Mode::Recurring];
const CHOOSE_KNOT: &[Mode] = &[Mode::Knot, Mode::Protocol];
const RUNNING: &[Mode] = &[Mode::ProtocolRunning];

/// One row of the default table.
struct Default {
    name: &'static str,
    modes: &'static [Mode],
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    hint: Option<&'static str>,
}

use Key::{Ctrl, Plain};
use KeyCode::{BackTab, Backspace, Char, Down, Enter, Esc, Left, Right, Tab, Up};

const fn step(dx: i16, dy: i16) -> Action {
    Action::Move { dx, dy }
}

/// Every binding, in the order the help lists them.
#[rustfmt::skip]
static DEFAULTS: &[Default] = &[
    Default { name: "left", modes: MAP, keys: &[Plain(Left), Plain(Char('h'))], action: step(-1, 0), help: "move left", hint: Some("") },
    Default { name: "down", modes: MAP, keys: &[Plain(Down), Plain(Char('j'))], action: step(0, 1), help: "move down", hint: Some("") },
    Default { name: "up", modes: MAP, keys: &[Plain(Up), Plain(Char('k'))], action: step(0, -1), help: "move up", hint: Some("") },
    Default { name: "right", modes: MAP, keys: &[Plain(Right), Plain(Char('l'))], action: step(1, 0), help: "move right", hint: Some("move") },
    Default { name: "far-left", modes: MAP, keys: &[Plain(Char('H'))], action: step(-4, 0), help: "four cells left", hint: None },
    Default { name: "far-down", modes: MAP, keys: &[Plain(Char('J'))], action: step(0, 4), help: "four cells down", hint: None },
    Default { name: "far-up", modes: MAP, keys: &[Plain(Char('K'))], action: step(0, -4), help: "four cells up", hint: None },
    Default { name: "far-right", modes: MAP, keys: &[Plain(Char('L'))], action: step(4, 0), help: "four cells right", hint: None },
    Default { name: "find", modes: MAP, keys: &[Plain(Char('/'))], action: Action::OpenSearch, help: "find a region by name", hint: Some("find") },
    Default { name: "log", modes: MAP, keys: &[Plain(Enter)], action: Action::OpenLogPain, help: "log pain at the cursor", hint: Some("log") },
    Default { name: "flip", modes: MAP, keys: &[Plain(Char('v'))], action: Action::OtherView, help: "flip to the other view", hint: Some("flip") },
    Default { name: "previous-knot", modes: CHOOSE_KNOT, keys: &[Plain(Left), Plain(Char('h'))], action: Action::PreviousKnot, help: "previous knot", hint: Some("") },
    Default { name: "next-knot", modes: CHOOSE_KNOT, keys: &[Plain(Right), Plain(Char('l'))], action: Action::NextKnot, help: "next knot", hint: Some("knot") },
    Default { name: "older-readings", modes: &[Mode::Knot], keys: &[Plain(Up), Plain(Char('k'))], action: Action::SelectPrevious, help: "older readings", hint: Some("") },
    Default { name: "newer-readings", modes: &[Mode::Knot], keys: &[Plain(Down), Plain(Char('j'))], action: Action::SelectNext, help: "newer readings", hint: Some("readings") },
    Default { name: "protocol", modes: &[Mode::Knot], keys: &[Plain(Char('g'))], action: Action::StartProtocol, help: "guided protocol", hint: Some("guide me") },
    Default { name: "start", modes: &[Mode::Protocol], keys: &[Plain(Enter)], action: Action::StartProtocol, help: "start the protocol", hint: Some("start") },
    Default { name: "log-scores", modes: RUNNING, keys: &[Plain(Enter)], action: Action::StartProtocol, help: "at the end, log the scores", hint: Some("log at the end") },
    Default { name: "pause", modes: RUNNING, keys: &[Plain(Char(' '))], action: Action::PauseProtocol, help: "pause or go on", hint: Some("pause") },
    Default { name: "skip", modes: RUNNING, keys: &[Plain(Char('n'))], action: Action::SkipPhase, help: "next phase now", hint: Some("skip") },
    Default { name: "stop", modes: RUNNING, keys: &[Plain(Char('x'))], action: Action::StopProtocol, help: "stop, log nothing", hint: Some("stop") },
    Default { name: "mark-resolved", modes: &[Mode::Knot], keys: &[Plain(Char('r'))], action: Action::ToggleResolved, help: "mark resolved, or not", hint: Some("resolved") },
    Default { name: "seen-to", modes: &[Mode::Knot], keys: &[Plain(Char('c'))], action: Action::SeenTo, help: "seen to: lift its hold", hint: None },
    Default { name: "period", modes: &[Mode::Trends], keys: &[Plain(Char('p'))], action: Action::NextPeriod, help: "change the period", hint: Some("period") },
    Default { name: "areas", modes: &[Mode::Trends], keys: &[Plain(Char('a'))], action: Action::ToggleAreas, help: "regions or body areas", hint: Some("areas") },
    Default { name: "heat", modes: &[Mode::Trends], keys: &[Plain(Char('m'))], action: Action::ToggleHeat, help: "table or heat map", hint: Some("heat map") },
    Default { name: "list-up", modes: LISTS, keys: &[Plain(Up), Plain(Char('k'))], action: Action::SelectPrevious, help: "up the list", hint: Some("") },
    Default { name: "list-down", modes: LISTS, keys: &[Plain(Down), Plain(Char('j'))], action: Action::SelectNext, help: "down the list", hint: Some("select") },
    Default { name: "on-map", modes: ON_MAP, keys: &[Plain(Enter)], action: Action::ShowOnMap, help: "show it on the map", hint: Some("on map") },
    Default { name: "edit", modes: &[Mode::History], keys: &[Plain(Char('e'))], action: Action::EditReading, help: "change the scores", hint: Some("edit") },
    Default { name: "delete-reading", modes: &[Mode::History], keys: &[Plain(Char('d'))], action: Action::DeleteReading, help: "delete the reading", hint: Some("delete") },
    Default { name: "undo", modes: SCREENS, keys: &[Plain(Char('u'))], action: Action::Undo, help: "undo the last change", hint: None },
    Default { name: "next-screen", modes: SCREENS, keys: &[Plain(Tab)], action: Action::NextScreen, help: "next screen", hint: Some("screens") },
    Default { name: "previous-screen", modes: SCREENS, keys: &[Plain(BackTab)], action: Action::PreviousScreen, help: "previous screen", hint: None },
    Default { name: "help", modes: SCREENS, keys: &[Plain(Char('?'))], action: Action::OpenHelp, help: "show this help", hint: Some("keys") },
    Default { name: "quit", modes: SCREENS, keys: &[Plain(Char('q'))], action: Action::Quit, help: "quit (all is saved)", hint: Some("quit") },
    Default { name: "previous", modes: &[Mode::Search], keys: &[Plain(Up), Plain(BackTab)], action: Action::SelectPrevious, help: "previous match", hint: Some("") },
    Default { name: "next", modes: &[Mode::Search], keys: &[Plain(Down), Plain(Tab)], action: Action::SelectNext, help: "next match", hint: Some("choose") },
    Default { name: "jump", modes: &[Mode::Search], keys: &[Plain(Enter)], action: Action::Confirm, help: "jump to the match", hint: Some("jump") },
    Default { name: "other-field", modes: &[Mode::LogPain], keys: &[Plain(Tab), Plain(Down)], action: Action::NextField, help: "next field", hint: Some("next field") },
    Default { name: "previous-field", modes: &[Mode::LogPain], keys: &[Plain(BackTab), Plain(Up)], action: Action::PreviousField, help: "previous field", hint: None },
    Default { name: "pick-previous", modes: &[Mode::LogPain], keys: &[Plain(Left)], action: Action::Pick(-1), help: "previous in the list", hint: None },
    Default { name: "pick-next", modes: &[Mode::LogPain], keys: &[Plain(Right)], action: Action::Pick(1), help: "next in the list", hint: None },
    Default { name: "save", modes: &[Mode::LogPain], keys: &[Plain(Enter)], action: Action::Confirm, help: "save the reading", hint: Some("save") },
    Default { name: "delete", modes: DIALOGS, keys: &[Plain(Backspace)], action: Action::Backspace, help: "delete a character", hint: None },
    Default { name: "cancel", modes: DIALOGS, keys: &[Plain(Esc)], action: Action::Close, help: "close, saving nothing", hint: Some("cancel") },
    Default { name: "yes", modes: &[Mode::Confirm], keys: &[Plain(Char('y')), Plain(Enter)], action: Action::Confirm, help: "yes, delete it", hint: Some("delete") },
    Default { name: "no", modes: &[Mode::Confirm], keys: &[Plain(Char('n')), Plain(Esc)], action: Action::Close, help: "no, keep it", hint: Some("keep") },
    Default { name: "quit-yes", modes: &[Mode::ConfirmQuit], keys: &[Plain(Char('y')), Plain(Enter)], action: Action::Confirm, help: "yes, stop and quit", hint: Some("quit") },
    Default { name: "quit-no", modes: &[Mode::ConfirmQuit], keys: &[Plain(Char('n')), Plain(Esc)], action: Action::Close, help: "no, go on", hint: Some("go on") },
    Default { name: "close-notice", modes: &[Mode::Notice], keys: &[Plain(Esc), Plain(Enter)], action: Action::Close, help: "close it; any key does", hint: Some("go on") },
    Default { name: "help-up", modes: &[Mode::Help], keys: &[Plain(Up), Plain(Char('k'))], action: Action::SelectPrevious, help: "scroll up", hint: None },
    Default { name: "help-down", modes: &[Mode::Help], keys: &[Plain(Down), Plain(Char('j'))], action: Action::SelectNext, help: "scroll down", hint: None },
    Default { name: "close-help", modes: &[Mode::Help], keys: &[Plain(Esc), Plain(Char('?')), Plain(Char('q'))], action: Action::Close, help: "close this help", hint: None },
    Default { name: "force-quit", modes: ALL, keys: &[Ctrl('c')], action: Action::ForceQuit, help: "quit from anywhere", hint: None },
];

/// The bindings in force: the defaults with the settings file's changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl std::default::Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bindings: DEFAULTS
                .iter()
                .map(|row| Binding {
                    name: row.name,
                    modes: row.modes,
                    keys: row.keys.to_vec(),
                    action: row.action,
                    help: row.help,
                    hint: row.hint,
                })
                .collect(),
        }
    }
}

impl Keymap {
    /// The defaults with some bindings' keys replaced, as in the `[keys]`
    /// table of the settings file. Refuses an unknown name, an unreadable
    /// key, and a key that would then mean two things at once.
    pub fn with_overrides(overrides: &BTreeMap<String, Vec<String>>) -> Result<Keymap, String> {
        let mut keymap = Keymap::default();
        for (name, keys) in overrides {
            let names = || {
                keymap
                    .bindings
                    .iter()
                    .map(|b| b.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let Some(index) = keymap.bindings.iter().position(|b| b.name == name) else {
                return Err(format!(
                    "keys.{name}: no such action; the actions are {}",
                    names()
                ));
            };
            let parsed = keys
                .iter()
                .map(|text| {
                    Key::parse(text)
                        .ok_or_else(|| format!("keys.{name}: cannot read the key \"{text}\""))
                })
                .collect::<Result<Vec<Key>, String>>()?;
            if parsed.is_empty() {
                return Err(format!("keys.{name}: give at least one key"));
            }
            keymap.bindings[index].keys = parsed;
        }
        keymap.check_clashes()?;
        Ok(keymap)
    }

    fn check_clashes(&self) -> Result<(), String> {
        for (index, binding) in self.bindings.iter().enumerate() {
            for other in &self.bindings[index + 1..] {
                let shared_mode = binding.modes.iter().any(|mode| other.modes.contains(mode));
                let shared_key = binding.keys.iter().find(|key| other.keys.contains(key));
                if let (true, Some(key)) = (shared_mode, shared_key) {
                    return Err(format!(
                        "keys: {key} is bound to both {} and {}",
                        binding.name, other.name
                    ));
                }
            }
        }
        Ok(())
    }

    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The first key of the binding called `name`, as a sentence names it
    /// ("press Enter"), so a rebound key is named rightly everywhere.
    pub fn key(&self, name: &str) -> String {
        self.bindings
            .iter()
            .find(|binding| binding.name == name)
            .and_then(|binding| binding.keys.first())
            .map(Key::to_string)
            .unwrap_or_default()
    }

    /// The action a key means in a mode, if any.
    pub fn action_for(&self, mode: Mode, event: &KeyEvent) -> Option<Action> {
        let bound = self
            .bindings
            .iter()
            .filter(|binding| binding.modes.contains(&mode))
            .find(|binding| binding.keys.iter().any(|key| key.matches(event)))
            .map(|binding| binding.action);
        bound.or_else(|| match event.code {
            Char(c) if mode.takes_text() && !event.modifiers.contains(KeyModifiers::CONTROL) => {
                Some(Action::Type(c))
            }
            _ => None,
        })
    }

    /// The footer's hints for a mode, in the table's order. Bindings that
    /// share one hint (the four directions) are written as one.
    pub fn hints(&self, mode: Mode) -> Vec<Hint> {
        let mut hints: Vec<Hint> = Vec::new();
        let mut pending: Vec<String> = Vec::new();
        for binding in self.bindings.iter().filter(|b| b.modes.contains(&mode)) {
            let Some(hint) = binding.hint else { continue };
            pending.push(binding.keys_label());
            if !hint.is_empty() {
                hints.push(Hint {
                    keys: pending.join(" "),
                    words: hint,
                    kept: KEPT_HINTS.contains(&binding.name),
                });
                pending.clear();
            }
        }
        hints
    }
}

/// The hints a narrow footer keeps while it drops the others: how to get
/// help, how to get out, and how to finish or leave a dialog.
const KEPT_HINTS: &[&str] = &[
    "help",
    "quit",
    "save",
    "cancel",
    "yes",
    "no",
    "close-notice",
    "quit-yes",
    "quit-no",
];

/// One hint of the footer: keys and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub keys: String,
    pub words: &'static str,
    /// Kept when the footer is short of room.
    pub kept: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn vim_keys_and_arrows_move_the_same_way() {
        let keymap = Keymap::default();
        for (a, b) in [
            (Left, Char('h')),
            (Right, Char('l')),
            (Up, Char('k')),
            (Down, Char('j')),
        ] {
            assert_eq!(
                keymap.action_for(Mode::Map, &press(a)),
                keymap.action_for(Mode::Map, &press(b))
            );
        }
        assert_eq!(
            keymap.action_for(Mode::Map, &press(Char('J'))),
            Some(step(0, 4))
        );
    }

    #[test]
    fn letters_are_text_while_typing() {
        let keymap = Keymap::default();
        assert_eq!(
            keymap.action_for(Mode::Search, &press(Char('q'))),
            Some(Action::Type('q'))
        );
        assert_eq!(
            keymap.action_for(Mode::Search, &press(Char('j'))),
            Some(Action::Type('j'))
        );
        assert_eq!(
            keymap.action_for(Mode::Map, &press(Char('q'))),
            Some(Action::Quit)
        );
    }

    #[test]
    fn ctrl_c_quits_from_every_mode() {
        let ctrl_c = KeyEvent::new(Char('c'), KeyModifiers::CONTROL);
        for mode in [Mode::Map, Mode::Search, Mode::LogPain, Mode::Help] {
            assert_eq!(
                Keymap::default().action_for(mode, &ctrl_c),
                Some(Action::ForceQuit)
            );
        }
    }

    #[test]
    fn the_defaults_have_unique_names_and_no_clashes() {
        let keymap = Keymap::default();
        keymap.check_clashes().unwrap();
        let mut names: Vec<_> = keymap.bindings().iter().map(|b| b.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), keymap.bindings().len());
    }

    #[test]
    fn an_override_replaces_the_keys_of_one_action() {
        let overrides =
            BTreeMap::from([("find".to_string(), vec!["f".to_string(), "F2".to_string()])]);
        let keymap = Keymap::with_overrides(&overrides).unwrap();
        assert_eq!(
            keymap.action_for(Mode::Map, &press(Char('f'))),
            Some(Action::OpenSearch)
        );
        assert_eq!(
            keymap.action_for(Mode::Map, &press(KeyCode::F(2))),
            Some(Action::OpenSearch)
        );
        assert_eq!(keymap.action_for(Mode::Map, &press(Char('/'))), None);
        let find = keymap.bindings().iter().find(|b| b.name == "find").unwrap();
        assert_eq!(find.keys_label(), "f/F2");
    }

    #[test]
    fn bad_overrides_are_refused_with_the_reason() {
        let one = |name: &str, key: &str| {
            Keymap::with_overrides(&BTreeMap::from([(name.to_string(), vec![key.to_string()])]))
                .unwrap_err()
        };
        assert!(one("jump-around", "x").starts_with("keys.jump-around: no such action"));
        assert_eq!(
            one("find", "Hyper-x"),
            "keys.find: cannot read the key \"Hyper-x\""
        );
        assert_eq!(one("find", "q"), "keys: q is bound to both find and quit");
    }

    #[test]
    fn keys_read_back_as_they_are_written() {
        for text in [
            "x",
            "Enter",
            "Esc",
            "Tab",
            "Shift-Tab",
            "Backspace",
            "Space",
            "F5",
            "Ctrl-x",
        ] {
            let key = Key::parse(text).unwrap();
            assert_eq!(
                Key::parse(&key.to_string().replace('←', "Left")),
                Some(key),
                "{text}"
            );
        }
        assert_eq!(Key::parse("Left").unwrap().to_string(), "←");
    }

    #[test]
    fn the_footer_joins_the_four_directions_into_one_hint() {
        let hints = Keymap::default().hints(Mode::Map);
        assert_eq!(
            (hints[0].keys.as_str(), hints[0].words),
            ("←/h ↓/j ↑/k →/l", "move")
        );
        assert_eq!((hints[1].keys.as_str(), hints[1].words), ("/", "find"));
    }
}

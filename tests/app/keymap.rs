//! Keys rebound in the settings file, as the app uses and shows them.

use chrono::Utc;
use knotmap::config::Config;
use knotmap::store::{IfMissing, Store};
use knotmap::theme::Theme;
use knotmap::tui::app::{App, Msg, Setup};
use knotmap::tui::frame_text;
use knotmap::tui::keymap::Keymap;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::common::Sandbox;

#[test]
fn rebound_keys_work_and_the_help_and_footer_show_them() {
    let sandbox = Sandbox::new();
    let store = Store::open(&sandbox.db(), IfMissing::Create).unwrap();
    let config = Config::parse("[keys]\nfind = [\"f\"]\nhelp = [\"F1\"]\n", "config.toml").unwrap();
    let setup = Setup {
        theme: Theme::MONO,
        keymap: Keymap::with_overrides(&config.keys).unwrap(),
        default_tool: None,
        sync_dir: None,
    };
    let mut app = App::with_setup(store, setup, Utc::now).unwrap();
    // A first key clears the welcome line, and the footer shows the keys.
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('j'),
        KeyModifiers::NONE,
    )));
    let frame = frame_text(&mut app, 80, 24);
    assert!(
        frame.contains("f find") && frame.contains("F1 keys"),
        "{frame}"
    );
    app.update(Msg::Key(KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE)));
    let frame = frame_text(&mut app, 80, 24);
    assert!(
        frame.contains("f             find a region by name"),
        "{frame}"
    );
    app.update(Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('/'),
        KeyModifiers::NONE,
    )));
    assert!(app.overlay().is_none(), "/ no longer opens the search");
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('f'),
        KeyModifiers::NONE,
    )));
    assert!(app.overlay().is_some(), "f does");
}

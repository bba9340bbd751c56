//! Keys rebound in the settings file, as the app uses and shows them.

use chrono::Utc;
use knotmap::config::Config;
use knotmap::store::{IfMissing, Store};
use knotmap::theme::Theme;
use knotmap::tui::app::App;
use knotmap::tui::frame_text;
use knotmap::tui::keymap::Keymap;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::common::Sandbox;

#[test]
fn rebound_keys_work_and_the_help_and_footer_show_them() {
    let sandbox = Sandbox::new();
    let store = Store::open(&sandbox.db(), IfMissing::Create).unwrap();
    let mut app = App::new(store, Theme::MONO, Utc::now).unwrap();
    let config = Config::parse("[keys]\nfind = [\"f\"]\nhelp = [\"F1\"]\n", "config.toml").unwrap();
    app.keymap = Keymap::with_overrides(&config.keys).unwrap();
    // A first key clears the welcome line, and the footer shows the keys.
    app.on_key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    let frame = frame_text(&mut app, 80, 24);
    assert!(
        frame.contains("f find") && frame.contains("F1 keys"),
        "{frame}"
    );
    app.on_key(KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE));
    let frame = frame_text(&mut app, 80, 24);
    assert!(
        frame.contains("f             find a region by name"),
        "{frame}"
    );
    app.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    app.on_key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE));
    assert!(app.overlay.is_none(), "/ no longer opens the search");
    app.on_key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::NONE));
    assert!(app.overlay.is_some(), "f does");
}

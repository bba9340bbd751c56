//! The app driven through `update` alone, as the event loop drives it.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tempfile::TempDir;

use super::*;
use crate::domain::NewReading;
use crate::domain::pain::Score;
use crate::store::{IfMissing, KnotChoice, SessionChoice};
use crate::tui::frame_text;

fn now() -> DateTime<Utc> {
    "2026-03-10T19:00:00Z".parse().unwrap()
}

fn store(dir: &TempDir) -> Store {
    Store::open(&dir.path().join("knotmap.db"), IfMissing::Create).unwrap()
}

fn press(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn rebound(overrides: &[(&str, &str)]) -> Setup {
    let overrides: BTreeMap<String, Vec<String>> = overrides
        .iter()
        .map(|(name, key)| (name.to_string(), vec![key.to_string()]))
        .collect();
    Setup {
        theme: Theme::MONO,
        keymap: Keymap::with_overrides(&overrides).unwrap(),
        default_tool: None,
    }
}

#[test]
fn a_rebound_key_is_named_everywhere_a_sentence_names_it() {
    let dir = TempDir::new().unwrap();
    let setup = rebound(&[("log", "x"), ("undo", "z"), ("find", "f")]);
    let mut app = App::with_setup(store(&dir), setup, now).unwrap();
    let welcome = frame_text(&mut app, 100, 30);
    assert!(welcome.contains("press x to log a pain score"), "{welcome}");

    press(&mut app, KeyCode::Char('j'));
    let map = frame_text(&mut app, 100, 30);
    assert!(map.contains("x: new knot here"), "{map}");
    assert!(!map.contains("Enter"), "{map}");

    press(&mut app, KeyCode::Char('?'));
    let help = frame_text(&mut app, 100, 40);
    assert!(help.contains("Logging pain (x)"), "{help}");
    assert!(help.contains("Finding a region (f)"), "{help}");
    press(&mut app, KeyCode::Esc);

    press(&mut app, KeyCode::Char('x'));
    press(&mut app, KeyCode::Char('5'));
    press(&mut app, KeyCode::Enter);
    app.update(Msg::Show(Screen::History));
    press(&mut app, KeyCode::Char('d'));
    let confirm = frame_text(&mut app, 100, 30);
    assert!(confirm.contains("z undoes a delete"), "{confirm}");
    press(&mut app, KeyCode::Char('y'));
    let deleted = frame_text(&mut app, 100, 30);
    assert!(
        deleted.contains("Reading deleted. z puts it back."),
        "{deleted}"
    );
}

#[test]
fn the_app_joins_a_session_by_the_same_rule_as_the_command_line() {
    let dir = TempDir::new().unwrap();
    let mut other = store(&dir);
    let region = Region::from_slug("soleus-left").unwrap();
    let spot = Body::get().home_of(region).unwrap();
    // Logged from the command line twenty minutes before the app's save:
    // the same sitting.
    let earlier = other
        .log_reading(
            KnotChoice::New { region, spot },
            &NewReading::pain(Score::new(6).unwrap()),
            now() - Duration::minutes(20),
            SessionChoice::Auto,
        )
        .unwrap();
    let mut app = App::new(store(&dir), Theme::MONO, now).unwrap();
    let elsewhere = Region::from_slug("biceps-right").unwrap();
    app.update(Msg::MoveTo(Body::get().home_of(elsewhere).unwrap()));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::Enter);
    let saved = app.focused().unwrap().knot.id;
    let reading = other.readings_of(saved).unwrap().pop().unwrap();
    assert_eq!(reading.session_id, earlier.session_id);
}

#[test]
fn a_click_moves_the_cursor_only_through_update() {
    let dir = TempDir::new().unwrap();
    let mut app = App::new(store(&dir), Theme::MONO, now).unwrap();
    app.update(Msg::Resize(Rect::new(0, 0, 80, 24)));
    let layout = MapLayout::new(app.ui().viewport, &app);
    let target = Spot {
        y: app.ui().cursor.y + 2,
        ..app.ui().cursor
    };
    let position = layout.position_of(target).unwrap();
    app.update(Msg::Click(position));
    assert_eq!(app.ui().cursor, target);
}

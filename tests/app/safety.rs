//! A knot on hold in the app: marked apart on the map, lifted with a key
//! on the knot screen (and put back with undo), never started by the
//! protocol nor given a tool by the log form; the protocol gentle on the
//! neck and elsewhere than on the IT band; the caution about circulation,
//! nerve problems and serious injuries in the help.

use chrono::{DateTime, Duration, Utc};
use knotmap::body::{Body, Region, Size};
use knotmap::domain::protocol::StepKind;
use knotmap::domain::symptom::Symptom;
use knotmap::domain::{NewReading, Score};
use knotmap::store::{IfMissing, KnotChoice, SessionChoice, Store};
use knotmap::theme::Theme;
use knotmap::tui::app::{App, Field, Message, Msg, Overlay};
use knotmap::tui::frame_text;
use knotmap::tui::screens::Screen;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tempfile::TempDir;

fn now() -> DateTime<Utc> {
    "2026-03-10T19:00:00Z".parse().unwrap()
}

fn open(dir: &TempDir) -> Store {
    Store::open(&dir.path().join("knotmap.db"), IfMissing::Create).unwrap()
}

fn press(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// Logs a knot on `slug`: one reading a day for these (days ago, pain,
/// symptoms); its id.
fn log(store: &mut Store, slug: &str, days: &[(i64, u8, &[Symptom])]) -> i64 {
    let region = Region::from_slug(slug).unwrap();
    let mut knot = KnotChoice::New {
        region,
        spot: Body::get().home_of(region).unwrap(),
    };
    let mut id = 0;
    for &(days_ago, pain, symptoms) in days {
        let reading = NewReading {
            symptoms: symptoms.to_vec(),
            technique: Some("stripping".into()),
            tool: Some("massage stick".into()),
            minutes: Some(4),
            ..NewReading::pain(Score::new(pain).unwrap())
        };
        let at = now() - Duration::days(days_ago);
        id = store
            .log_reading(knot, &reading, at, SessionChoice::Auto)
            .unwrap()
            .knot_id;
        knot = KnotChoice::Existing(id);
    }
    id
}

/// A calf logged with swelling three days ago and plainly since, and a
/// plain biceps knot: (the app, the calf's id, the biceps' id).
fn app_with_a_hold(dir: &TempDir) -> (App, i64, i64) {
    let mut store = open(dir);
    let calf = log(
        &mut store,
        "gastrocnemius-left",
        &[(3, 6, &[Symptom::Swelling]), (2, 5, &[]), (1, 5, &[])],
    );
    let biceps = log(&mut store, "biceps-left", &[(2, 6, &[]), (1, 4, &[])]);
    let app = App::new(store, Theme::MONO, now).unwrap();
    (app, calf, biceps)
}

fn saved_message(app: &App) -> String {
    match app.message() {
        Some(Message::Saved(text) | Message::Info(text) | Message::Error(text)) => text.clone(),
        None => String::new(),
    }
}

#[test]
fn the_map_marks_a_knot_on_hold_apart_from_the_pain_digits() {
    let dir = TempDir::new().unwrap();
    let (mut app, calf, _) = app_with_a_hold(&dir);
    app.update(Msg::Focus(calf));
    app.update(Msg::Show(Screen::Map));
    let wide = frame_text(&mut app, 160, 48);
    assert!(wide.contains("a knot on hold until seen to"), "{wide}");
    assert!(wide.contains(" ! Gastrocnemius, left"), "{wide}");
    assert!(wide.contains("on hold"), "{wide}");
    let narrow = frame_text(&mut app, 80, 24);
    // At 80x24 the body is drawn at the middle size.
    let spot = app.focused().unwrap().knot.spot;
    let (_, row) = Body::get().drawing(Size::Middle, spot.view).cell_of(spot);
    let art_row = narrow.lines().nth(usize::from(row) + 2).unwrap();
    assert!(art_row.contains('!'), "{narrow}");
    // At 80 columns the hold is said short, beside the calf's caution,
    // both whole.
    let status = narrow.lines().nth(22).unwrap_or_default();
    assert!(
        status.contains("knot 1 on hold") && status.contains("doctor first"),
        "the status line under the cursor:\n{narrow}"
    );
    let wide = frame_text(&mut app, 160, 48);
    assert!(wide.contains("knot 1: on hold until seen to"), "{wide}");
}

#[test]
fn the_knot_screen_key_lifts_a_hold_and_undo_puts_it_back() {
    let dir = TempDir::new().unwrap();
    let (mut app, calf, biceps) = app_with_a_hold(&dir);
    app.update(Msg::Focus(calf));
    app.update(Msg::Show(Screen::Knot));
    let frame = frame_text(&mut app, 100, 40);
    assert!(frame.contains("Careful: on hold: "), "{frame}");
    assert!(frame.contains("c lifts the hold"), "{frame}");

    press(&mut app, KeyCode::Char('c'));
    assert!(
        saved_message(&app).starts_with("Knot 1 is off hold"),
        "{}",
        saved_message(&app)
    );
    assert!(!app.focused().unwrap().safety.is_on_hold());
    let store = open(&dir);
    let clearings = store.clearings().unwrap();
    assert_eq!(clearings.len(), 1);
    assert_eq!(
        (clearings[0].knot_id, clearings[0].cleared_at),
        (calf, now())
    );
    let frame = frame_text(&mut app, 100, 40);
    assert!(!frame.contains("Careful: on hold"), "{frame}");

    press(&mut app, KeyCode::Char('u'));
    assert!(app.focused().unwrap().safety.is_on_hold());
    assert!(open(&dir).clearings().unwrap().is_empty());

    // A knot not on hold is left as it is.
    app.update(Msg::Focus(biceps));
    press(&mut app, KeyCode::Char('c'));
    assert!(saved_message(&app).contains("not on hold"));
    assert!(open(&dir).clearings().unwrap().is_empty());
}

#[test]
fn the_protocol_does_not_start_on_a_knot_on_hold_and_says_why() {
    let dir = TempDir::new().unwrap();
    let (mut app, calf, _) = app_with_a_hold(&dir);
    app.update(Msg::Focus(calf));
    app.update(Msg::Show(Screen::Knot));
    press(&mut app, KeyCode::Char('g'));
    assert!(app.protocol().is_none());
    assert!(
        saved_message(&app).contains("is on hold"),
        "{}",
        saved_message(&app)
    );
    app.update(Msg::Show(Screen::Protocol));
    press(&mut app, KeyCode::Enter);
    assert!(app.protocol().is_none());
    let frame = frame_text(&mut app, 80, 24);
    assert!(
        frame.contains("On hold: the protocol does not start"),
        "{frame}"
    );
    assert!(!frame.contains("4-5/10"), "{frame}");
}

#[test]
fn the_log_form_fills_in_no_tool_or_technique_for_a_knot_on_hold() {
    let dir = TempDir::new().unwrap();
    let (mut app, calf, biceps) = app_with_a_hold(&dir);
    for (knot, held) in [(calf, true), (biceps, false)] {
        app.update(Msg::Focus(knot));
        app.update(Msg::Show(Screen::Map));
        press(&mut app, KeyCode::Enter);
        let Some(Overlay::LogPain(form)) = app.overlay() else {
            panic!("no form for knot {knot}");
        };
        assert_eq!(form.knot.as_ref().map(|k| k.knot.id), Some(knot));
        let filled = [Field::Technique, Field::Tool, Field::Minutes].map(|f| form.text(f));
        if held {
            assert_eq!(filled, ["", "", ""], "knot {knot}");
        } else {
            assert_eq!(filled, ["stripping", "massage stick", "4"], "knot {knot}");
        }
        press(&mut app, KeyCode::Esc);
    }
}

#[test]
fn the_protocol_is_gentle_on_the_neck_and_goes_elsewhere_from_the_it_band() {
    let dir = TempDir::new().unwrap();
    let mut store = open(&dir);
    let neck = log(&mut store, "suboccipitals-left", &[(1, 5, &[])]);
    let band = log(&mut store, "it-band-right", &[(1, 5, &[])]);
    let mut app = App::new(store, Theme::MONO, now).unwrap();

    app.update(Msg::Focus(neck));
    app.update(Msg::Show(Screen::Knot));
    press(&mut app, KeyCode::Char('g'));
    let protocol = app.protocol().expect("the neck gets the protocol");
    assert_eq!(
        protocol.position().1,
        9,
        "three gentle rounds: find, around, 3 x 2, score"
    );
    let frame = frame_text(&mut app, 80, 24);
    assert!(frame.contains("gentle for the neck"), "{frame}");
    press(&mut app, KeyCode::Char('n'));
    let around = app.protocol().unwrap().step().clone();
    assert_eq!(around.kind, StepKind::RollAround);
    assert!(around.instruction.contains("no massage gun"));
    press(&mut app, KeyCode::Char('x'));

    // No knot around the IT band yet: the cursor goes to the TFL to log one.
    app.update(Msg::Focus(band));
    app.update(Msg::Show(Screen::Knot));
    press(&mut app, KeyCode::Char('g'));
    assert!(app.protocol().is_none());
    assert_eq!(app.ui().screen, Screen::Map);
    assert_eq!(
        app.region_under_cursor().map(|r| r.slug()).as_deref(),
        Some("tensor-fasciae-latae-right")
    );
    // Log it, then the protocol asked for on the IT band runs on the TFL.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('6'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    let tfl = app.focused().unwrap().knot.id;
    app.update(Msg::Focus(band));
    app.update(Msg::Show(Screen::Protocol));
    let offer = frame_text(&mut app, 80, 24);
    assert!(
        offer.contains(&format!("Enter starts the protocol on knot {tfl}")),
        "{offer}"
    );
    press(&mut app, KeyCode::Enter);
    assert!(app.protocol().is_some());
    assert_eq!(app.focused().unwrap().knot.id, tfl);
}

#[test]
fn the_help_gives_the_caution_about_circulation_nerves_and_injuries() {
    let dir = TempDir::new().unwrap();
    let (mut app, _, _) = app_with_a_hold(&dir);
    for screen in Screen::ALL {
        app.update(Msg::Show(screen));
        press(&mut app, KeyCode::Char('?'));
        for (width, height) in [(80, 24), (160, 48)] {
            let frame = frame_text(&mut app, width, height);
            let flat = frame.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                flat.contains("circulation or nerve problems")
                    || flat.contains("Circulation or nerve problems"),
                "{} at {width}x{height}: {frame}",
                screen.title()
            );
        }
        press(&mut app, KeyCode::Esc);
    }
}

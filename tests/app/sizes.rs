//! The body drawn at the size the terminal has room for: the demo's map at
//! four sizes, a knot and the cursor that keep their place on every
//! drawing, and knots that share a cell of the small one.

use chrono::{DateTime, Utc};
use knotmap::body::{Body, Region, Size, Spot, View};
use knotmap::domain::NewReading;
use knotmap::domain::pain::Score;
use knotmap::store::{IfMissing, KnotChoice, SessionChoice, Store};
use knotmap::theme::Theme;
use knotmap::tui::app::{App, Message, Msg};
use knotmap::tui::frame_text;
use knotmap::tui::screens::Screen;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use tempfile::TempDir;

fn now() -> DateTime<Utc> {
    "2026-11-30T20:00:00Z".parse().unwrap()
}

fn store(dir: &TempDir) -> Store {
    Store::open(&dir.path().join("knotmap.db"), IfMissing::Create).unwrap()
}

fn demo_app(dir: &TempDir) -> App {
    let mut store = store(dir);
    knotmap::demo::fill(&mut store, now()).unwrap();
    App::new(store, Theme::MONO, now).unwrap()
}

fn press(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn resize(app: &mut App, width: u16, height: u16) {
    app.update(Msg::Resize(Rect::new(0, 0, width, height)));
}

/// The sizes the snapshots are taken at, and the drawing each shows.
const SIZES: [(u16, u16, Size); 4] = [
    (60, 20, Size::Small),
    (80, 24, Size::Middle),
    (120, 40, Size::Middle),
    (200, 60, Size::Large),
];

#[test]
fn the_demo_map_at_four_sizes_draws_the_biggest_body_that_fits() {
    let dir = TempDir::new().unwrap();
    let mut app = demo_app(&dir);
    for (width, height, size) in SIZES {
        let frame = frame_text(&mut app, width, height);
        assert_eq!(app.map_size(), size, "{width}x{height}");
        // Both views, each with the person's sides.
        assert!(frame.contains("FRONT") && frame.contains("BACK"), "{frame}");
        assert!(!frame.contains("too small"), "{frame}");
        insta::assert_snapshot!(format!("demo_map_{width}x{height}"), frame);
    }
}

#[test]
fn a_knot_and_the_cursor_keep_their_place_as_the_terminal_is_resized() {
    let dir = TempDir::new().unwrap();
    let mut app = demo_app(&dir);
    let knot = app.knots()[0].knot.clone();
    app.update(Msg::MoveTo(knot.spot));
    for (width, height, _) in SIZES.iter().chain(SIZES.iter().rev()) {
        resize(&mut app, *width, *height);
        assert_eq!(app.ui().cursor, knot.spot, "{width}x{height}");
        assert_eq!(
            app.knot_at_cursor().map(|summary| summary.knot.id),
            Some(knot.id),
            "{width}x{height}"
        );
        assert_eq!(app.region_under_cursor(), Some(knot.region));
    }
}

#[test]
fn the_cursor_steps_a_cell_of_the_drawing_shown() {
    let dir = TempDir::new().unwrap();
    let mut app = demo_app(&dir);
    let body = Body::get();
    for (width, height, size) in SIZES {
        resize(&mut app, width, height);
        let home = body.home_of(Region::from_slug("rhomboids-left").unwrap());
        app.update(Msg::MoveTo(home.unwrap()));
        let drawing = body.drawing(size, View::Back);
        let (x, y) = drawing.cell_of(app.ui().cursor);
        press(&mut app, KeyCode::Char('l'));
        press(&mut app, KeyCode::Char('j'));
        assert_eq!(app.ui().cursor, drawing.spot_at(x + 1, y + 1), "{size}");
    }
    // The bigger the drawing, the finer a step.
    let step = |size: Size| {
        let drawing = body.drawing(size, View::Back);
        drawing.spot_at(11, 0).x - drawing.spot_at(10, 0).x
    };
    assert!(step(Size::Large) < step(Size::Middle) && step(Size::Middle) < step(Size::Small));
}

#[test]
fn a_click_on_the_large_drawing_places_a_new_knot_on_the_cell_clicked() {
    let dir = TempDir::new().unwrap();
    let mut app = App::new(store(&dir), Theme::MONO, now).unwrap();
    let frame = frame_text(&mut app, 200, 60);
    assert_eq!(app.map_size(), Size::Large, "{frame}");
    // The large back starts under its label; a cell on the left
    // infraspinatus, in the middle of the shoulder blade.
    let drawing = Body::get().drawing(Size::Large, View::Back);
    let (x, y) = (0..drawing.width())
        .flat_map(|x| (0..drawing.height()).map(move |y| (x, y)))
        .find(|&(x, y)| {
            drawing.region_at(x, y) == Region::from_slug("infraspinatus-left")
                && drawing.region_at(x + 1, y) == drawing.region_at(x, y)
        })
        .unwrap();
    // The label row is row 1, the back's starts with its second "their
    // left"; the art starts on row 2, under it.
    let labels = frame.lines().nth(1).unwrap();
    let (left, _) = labels.match_indices("their left").nth(1).unwrap();
    assert!(labels[..left].contains("FRONT") && labels[left..].contains("BACK"));
    app.update(Msg::Click(Position::new(left as u16 + x, 2 + y)));
    assert_eq!(app.ui().cursor, drawing.spot_at(x, y));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('6'));
    press(&mut app, KeyCode::Enter);
    let saved = app.knots()[0].knot.clone();
    assert_eq!(saved.spot, drawing.spot_at(x, y));
    assert_eq!(
        saved.region,
        Region::from_slug("infraspinatus-left").unwrap()
    );
}

/// Two knots of the pectoralis major far enough apart to be two knots,
/// and close enough to share a cell of the small front.
fn two_knots_on_one_small_cell(dir: &TempDir) -> (App, i64, i64) {
    let mut store = store(dir);
    let region = Region::from_slug("pectoralis-major-right").unwrap();
    let small = Body::get().drawing(Size::Small, View::Front);
    let home = Body::get().home_of(region).unwrap();
    let (x, y) = small.cell_of(home);
    let top = small.spot_at(x, y);
    // A small cell is 62 or 63 thousandths tall; two knots 56 apart are
    // apart on every bigger drawing.
    let (upper, lower) = (
        Spot {
            y: top.y - 28,
            ..top
        },
        Spot {
            y: top.y + 28,
            ..top
        },
    );
    assert_eq!(small.cell_of(upper), small.cell_of(lower));
    let mut ids = Vec::new();
    for (spot, pain) in [(upper, 6), (lower, 4)] {
        let reading = NewReading::pain(Score::new(pain).unwrap());
        let logged = store
            .log_reading(
                KnotChoice::New { region, spot },
                &reading,
                now(),
                SessionChoice::Auto,
            )
            .unwrap();
        ids.push(logged.knot_id);
    }
    let app = App::new(store, Theme::MONO, now).unwrap();
    (app, ids[0], ids[1])
}

#[test]
fn two_knots_on_one_cell_of_the_small_drawing_are_both_reachable() {
    let dir = TempDir::new().unwrap();
    let (mut app, worse, milder) = two_knots_on_one_small_cell(&dir);
    let spot_of = |app: &App, id: i64| {
        app.knots()
            .iter()
            .find(|summary| summary.knot.id == id)
            .unwrap()
            .knot
            .spot
    };
    // Apart on the middle drawing.
    let middle = Body::get().drawing(Size::Middle, View::Front);
    assert_ne!(
        middle.cell_of(spot_of(&app, worse)),
        middle.cell_of(spot_of(&app, milder))
    );
    // At 60x20 they share a cell: the worse pain is marked, and the status
    // line says there is one more.
    app.update(Msg::MoveTo(spot_of(&app, milder)));
    frame_text(&mut app, 60, 20);
    let small = Body::get().drawing(Size::Small, View::Front);
    let (x, y) = small.cell_of(app.ui().cursor);
    app.update(Msg::MoveTo(small.spot_at(x, y)));
    let frame = frame_text(&mut app, 60, 20);
    assert_eq!(
        app.knot_at_cursor().map(|summary| summary.knot.id),
        Some(worse)
    );
    assert!(
        frame.contains(&format!("knot {worse} (+1 here)")),
        "{frame}"
    );
    // The other is a step away on the knot screen, and Enter there puts
    // the cursor exactly on it.
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.ui().screen, Screen::Knot);
    while app.focused().map(|summary| summary.knot.id) != Some(milder) {
        press(&mut app, KeyCode::Right);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.ui().screen, Screen::Map);
    let frame = frame_text(&mut app, 60, 20);
    assert_eq!(
        app.knot_at_cursor().map(|summary| summary.knot.id),
        Some(milder)
    );
    assert!(
        frame.contains(&format!("knot {milder} (+1 here)")),
        "{frame}"
    );
}

#[test]
fn a_knot_that_falls_just_off_the_small_outline_is_still_named_and_logged_to() {
    let dir = TempDir::new().unwrap();
    let mut store = store(&dir);
    // The outer edge of the right hand on the middle drawing: its small
    // drawing's hand is a row shorter, so the cell there is off the body.
    let middle = Body::get().drawing(Size::Middle, View::Front);
    let spot = middle.spot_at(2, 12);
    let region = Region::from_slug("hand-right").unwrap();
    assert_eq!(middle.region_at(2, 12), Some(region));
    let small = Body::get().drawing(Size::Small, View::Front);
    assert_eq!(
        small.region_at(small.cell_of(spot).0, small.cell_of(spot).1),
        None
    );
    let reading = NewReading::pain(Score::new(5).unwrap());
    store
        .log_reading(
            KnotChoice::New { region, spot },
            &reading,
            now(),
            SessionChoice::Auto,
        )
        .unwrap();
    let mut app = App::new(store, Theme::MONO, now).unwrap();
    app.update(Msg::MoveTo(spot));
    let frame = frame_text(&mut app, 60, 20);
    assert_eq!(app.map_size(), Size::Small);
    assert_eq!(app.region_under_cursor(), Some(region));
    assert!(frame.contains("Hand, right"), "{frame}");
    assert!(frame.contains("knot 1: 5/10"), "{frame}");
    // A score logged there goes to that knot.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.knots().len(), 1);
    let saved = match app.message() {
        Some(Message::Saved(text)) => text.clone(),
        other => panic!("{other:?}"),
    };
    assert!(saved.contains("3/10 for knot 1 (Hand, right)"), "{saved}");
}

/// The heat view on its own (`m` on the trends screen, where the table
/// leaves it no room beside) shows both views whole at 60x20, on the
/// small drawing, and the middle one from 80x24.
#[test]
fn the_heat_view_draws_the_biggest_body_that_fits_whole() {
    let dir = TempDir::new().unwrap();
    let mut app = demo_app(&dir);
    app.update(Msg::Show(Screen::Trends));
    press(&mut app, KeyCode::Char('m'));
    for (width, height, size) in [(60, 20, Size::Small), (80, 24, Size::Middle)] {
        let frame = frame_text(&mut app, width, height);
        assert!(frame.contains("Where knots form"), "{frame}");
        assert!(frame.contains("FRONT") && frame.contains("BACK"), "{frame}");
        // The feet: the last row of the drawing, whole.
        let drawing = Body::get().drawing(size, View::Front);
        let feet: String = (0..drawing.width())
            .map(|x| drawing.glyph(x, drawing.height() - 1))
            .collect();
        assert!(frame.contains(feet.trim()), "{size:?} feet\n{frame}");
        insta::assert_snapshot!(format!("demo_heat_{width}x{height}"), frame);
    }
}

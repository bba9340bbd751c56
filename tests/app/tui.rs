//! The app driven in-process: keys and clicks in, frames and stored
//! readings out.

// Fixture helpers unwrap like assertions do: a broken fixture fails the test.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, Duration, Utc};
use knotmap::body::{Body, Region, Size, Spot, View};
use knotmap::domain::NewReading;
use knotmap::domain::pain::Score;
use knotmap::store::{IfMissing, KnotChoice, SessionChoice, Store};
use knotmap::theme::Theme;
use knotmap::tui::app::{App, Msg, Overlay};
use knotmap::tui::frame_text;
use knotmap::tui::screens::Screen;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use tempfile::TempDir;

fn now() -> DateTime<Utc> {
    "2026-03-10T19:00:00Z".parse().unwrap()
}

fn region(slug: &str) -> Region {
    Region::from_slug(slug).unwrap()
}

fn empty_store(dir: &TempDir) -> Store {
    Store::open(&dir.path().join("knotmap.db"), IfMissing::Create).unwrap()
}

/// One reading: days before `now()`, pain before and after treatment.
type Day = (i64, u8, Option<u8>);

/// Four knots: one calming on the left upper trapezius, one stalled under
/// the right shoulder blade, one calmed on the left calf, and one on the
/// right hip that calmed and flared again. One reading a day, in the
/// evening, over the last weeks.
fn store_with_knots(dir: &TempDir) -> Store {
    let mut store = empty_store(dir);
    let body = Body::get();
    let histories: [(&str, &[Day]); 4] = [
        (
            "upper-trapezius-left",
            &[(7, 8, Some(5)), (6, 6, Some(3)), (5, 4, Some(2))],
        ),
        (
            "infraspinatus-right",
            &[
                (20, 6, Some(5)),
                (16, 6, None),
                (12, 6, Some(5)),
                (8, 6, None),
                (4, 6, Some(4)),
            ],
        ),
        (
            "gastrocnemius-left",
            &[(7, 5, None), (6, 2, None), (5, 1, None)],
        ),
        (
            "gluteus-medius-right",
            &[
                (25, 7, Some(4)),
                (24, 2, None),
                (23, 1, None),
                (3, 6, Some(3)),
            ],
        ),
    ];
    for (slug, readings) in histories {
        let region = region(slug);
        let mut knot = KnotChoice::New {
            region,
            spot: body.home_of(region).unwrap(),
        };
        for &(days_ago, pain, after) in readings {
            let at = now() - Duration::days(days_ago);
            let reading = NewReading {
                pain_after: after.and_then(Score::new),
                ..NewReading::pain(Score::new(pain).unwrap())
            };
            let logged = store
                .log_reading(knot, &reading, at, SessionChoice::Auto)
                .unwrap();
            knot = KnotChoice::Existing(logged.knot_id);
        }
    }
    store
}

/// Knots on the regions with the longest names, each with a technique,
/// a tool and a note, recurring on the rhomboids: what a name that is cut
/// would show first.
fn store_with_long_names(dir: &TempDir) -> Store {
    let mut store = empty_store(dir);
    let body = Body::get();
    let slugs = [
        "rhomboids-left",
        "rhomboids-right",
        "tensor-fasciae-latae-right",
        "lumbar-erector-spinae-left",
        "thoracic-erector-spinae-right",
        "teres-left",
        "sternocleidomastoid-right",
        "quadratus-lumborum-left",
        "forearm-extensors-right",
    ];
    for (index, slug) in slugs.iter().enumerate() {
        let region = region(slug);
        let mut knot = KnotChoice::New {
            region,
            spot: body.home_of(region).unwrap(),
        };
        for (day, pain) in [(30, 7), (29, 5), (28, 2), (27, 1), (12, 6), (11, 5)] {
            let at = now() - Duration::days(day) + Duration::minutes(index as i64);
            let reading = NewReading {
                technique: Some("pin and stretch".to_string()),
                tool: Some("massage stick".to_string()),
                minutes: Some(4),
                note: Some("worse after a long day at the desk".to_string()),
                ..NewReading::pain(Score::new(pain).unwrap())
            };
            let logged = store
                .log_reading(knot, &reading, at, SessionChoice::Auto)
                .unwrap();
            knot = KnotChoice::Existing(logged.knot_id);
        }
    }
    store
}

/// Whether a frame shows a cut region name without its side: a muscle's
/// name (or its short form) cut with `…` must go on with ", L" or ", R".
fn names_without_side(frame: &str) -> Vec<String> {
    let mut found = Vec::new();
    for region in knotmap::body::Region::all() {
        if region.side == knotmap::body::Side::Centre {
            continue;
        }
        let name = region.muscle.name;
        for cut in 4..name.len() {
            let Some(prefix) = name.get(..cut) else {
                continue;
            };
            let marked = format!("{prefix}…");
            for (at, _) in frame.match_indices(&marked) {
                let after = &frame[at + marked.len()..];
                if !(after.starts_with(", L") || after.starts_with(", R")) {
                    found.push(frame[at..].lines().next().unwrap_or_default().to_string());
                }
            }
        }
    }
    found
}

/// Every screen of a history of long names at four sizes: no name loses
/// its side, and the frames are kept as snapshots.
#[test]
fn long_names_keep_their_side_at_every_size() {
    let dir = TempDir::new().unwrap();
    let mut app = app(store_with_long_names(&dir));
    for (width, height) in [(60, 20), (80, 24), (120, 40), (200, 60)] {
        for screen in Screen::ALL {
            app.update(Msg::Show(screen));
            let frame = frame_text(&mut app, width, height);
            assert_eq!(names_without_side(&frame), Vec::<String>::new(), "{frame}");
            let name = format!("long_names_{}_{width}x{height}", screen.title());
            insta::assert_snapshot!(name, frame);
        }
    }
}

#[test]
fn names_keep_their_side_at_every_size_from_20x10_to_300x100() {
    let dir = TempDir::new().unwrap();
    let mut app = app(store_with_long_names(&dir));
    for width in (20..=300).step_by(7) {
        for height in (10..=100).step_by(9) {
            for screen in Screen::ALL {
                app.update(Msg::Show(screen));
                let frame = frame_text(&mut app, width, height);
                let lost = names_without_side(&frame);
                assert!(
                    lost.is_empty(),
                    "{width}x{height} {}: {lost:?}",
                    screen.title()
                );
            }
        }
    }
}

fn app(store: Store) -> App {
    App::new(store, Theme::MONO, now).unwrap()
}

fn press(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Every screen of the fixed history at one size, as snapshots named
/// after the screen and the size.
fn snapshot_every_screen(width: u16, height: u16) {
    let dir = TempDir::new().unwrap();
    let mut app = app(store_with_knots(&dir));
    for screen in Screen::ALL {
        app.update(Msg::Show(screen));
        let name = format!("{}_{width}x{height}", screen.title().replace(' ', "_"));
        insta::assert_snapshot!(name, frame_text(&mut app, width, height));
    }
}

#[test]
fn every_screen_at_80x24() {
    snapshot_every_screen(80, 24);
}

#[test]
fn every_screen_at_160x48() {
    snapshot_every_screen(160, 48);
}

#[test]
fn map_shows_one_view_when_narrow_and_v_switches_it() {
    let dir = TempDir::new().unwrap();
    let mut app = app(store_with_knots(&dir));
    let frame = frame_text(&mut app, 50, 24);
    assert!(
        frame.contains("BACK") && !frame.contains("FRONT"),
        "{frame}"
    );
    press(&mut app, KeyCode::Char('v'));
    let frame = frame_text(&mut app, 50, 24);
    assert!(
        frame.contains("FRONT") && !frame.contains("BACK"),
        "{frame}"
    );
    assert!(frame.contains("their right") && frame.contains("their left"));
}

/// The log form on a known knot, with the symptoms field open, at two
/// sizes.
#[test]
fn the_log_form_at_80x24_and_160x48() {
    let dir = TempDir::new().unwrap();
    let mut app = app(store_with_knots(&dir));
    let trapezius = Body::get().home_of(region("upper-trapezius-left")).unwrap();
    app.update(Msg::MoveTo(trapezius));
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "4");
    for _ in 0..6 {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Char(' '));
    for (width, height) in [(80, 24), (160, 48)] {
        let name = format!("log_form_{width}x{height}");
        insta::assert_snapshot!(name, frame_text(&mut app, width, height));
    }
}

#[test]
fn an_empty_map_greets_a_newcomer() {
    let dir = TempDir::new().unwrap();
    let mut app = app(empty_store(&dir));
    insta::assert_snapshot!(frame_text(&mut app, 80, 24));
}

#[test]
fn a_tiny_terminal_says_so() {
    let dir = TempDir::new().unwrap();
    let mut app = app(empty_store(&dir));
    let frame = frame_text(&mut app, 30, 10);
    assert!(frame.contains("Terminal too"), "{frame}");
}

/// Draws every screen, bare and under each dialog, at sizes from 1x1 to
/// 300x100.
fn draw_at_every_size(app: &mut App) {
    let overlays = [
        None,
        Some(KeyCode::Char('?')),
        Some(KeyCode::Char('/')),
        Some(KeyCode::Enter),
    ];
    for screen in Screen::ALL {
        for overlay in overlays {
            app.update(Msg::Show(screen));
            app.update(Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
            if let Some(key) = overlay {
                app.update(Msg::Show(Screen::Map));
                press(app, key);
                app.update(Msg::Show(screen));
            }
            for width in (1..=300).step_by(41).chain([2, 38, 39, 77, 80, 300]) {
                for height in (1..=100).step_by(17).chain([2, 23, 24, 100]) {
                    let frame = frame_text(app, width, height);
                    assert_eq!(frame.lines().count(), usize::from(height));
                }
            }
        }
    }
}

#[test]
fn every_screen_draws_at_every_size_without_panic() {
    let dir = TempDir::new().unwrap();
    let mut app = app(store_with_knots(&dir));
    draw_at_every_size(&mut app);
    // And with the protocol running.
    press(&mut app, KeyCode::Esc);
    app.update(Msg::Show(Screen::Knot));
    press(&mut app, KeyCode::Char('g'));
    assert!(app.protocol().is_some());
    draw_at_every_size(&mut app);
}

#[test]
fn every_screen_draws_an_empty_database_at_every_size() {
    let dir = TempDir::new().unwrap();
    let mut app = app(empty_store(&dir));
    draw_at_every_size(&mut app);
    app.update(Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    app.update(Msg::Show(Screen::Map));
    for screen in Screen::ALL {
        let frame = frame_text(&mut app, 80, 24);
        assert!(frame.contains(screen.title()), "{frame}");
        press(&mut app, KeyCode::Tab);
    }
}

#[test]
fn move_find_and_log_a_score_stores_the_reading() {
    let dir = TempDir::new().unwrap();
    let mut app = app(empty_store(&dir));
    // At 80x24 the cursor moves on the middle drawing, a cell at a time.
    let cell = |app: &App| {
        let cursor = app.ui().cursor;
        Body::get()
            .drawing(Size::Middle, cursor.view)
            .cell_of(cursor)
    };
    let start = cell(&app);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Right);
    assert_eq!(
        cell(&app),
        (start.0 + 1, start.1 + 1),
        "moved one right, one down"
    );

    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "piri left");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.region_under_cursor(), Some(region("piriformis-left")));

    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "7");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none());

    // A fresh look at the file, as the next run of knotmap would have.
    let store = Store::open(&dir.path().join("knotmap.db"), IfMissing::Refuse).unwrap();
    let knots = store.knot_summaries(now()).unwrap();
    assert_eq!(knots.len(), 1);
    assert_eq!(knots[0].knot.region, region("piriformis-left"));
    assert_eq!(knots[0].latest_pain.value(), 7);
    assert_eq!(knots[0].knot.spot, app.ui().cursor);
}

#[test]
fn a_score_near_a_known_knot_goes_to_that_knot() {
    let dir = TempDir::new().unwrap();
    let mut app = app(store_with_knots(&dir));
    let trapezius = region("upper-trapezius-left");
    let home = Body::get().home_of(trapezius).unwrap();
    app.update(Msg::MoveTo(home));
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "3");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "1");
    press(&mut app, KeyCode::Enter);

    let store = Store::open(&dir.path().join("knotmap.db"), IfMissing::Refuse).unwrap();
    let knots = store.knot_summaries(now()).unwrap();
    assert_eq!(knots.len(), 4, "no new knot");
    let knot = knots.iter().find(|k| k.knot.region == trapezius).unwrap();
    assert_eq!(knot.sessions, 4);
    let readings = store.readings_of(knot.knot.id).unwrap();
    let last = &readings.last().unwrap().treatment;
    assert_eq!(last.pain_before.map(Score::value), Some(3));
    assert_eq!(last.pain_after.map(Score::value), Some(1));
}

#[test]
fn a_bad_score_keeps_the_dialog_open_and_escape_cancels() {
    let dir = TempDir::new().unwrap();
    let mut app = app(store_with_knots(&dir));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    let Some(Overlay::LogPain(form)) = app.overlay() else {
        panic!("the dialog closed on an empty score");
    };
    assert!(form.error().is_some());
    type_text(&mut app, "11");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay(), Some(Overlay::LogPain(_))));
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay().is_none());
    let frame = frame_text(&mut app, 80, 24);
    assert!(!frame.contains("Saved"), "{frame}");
    let store = Store::open(&dir.path().join("knotmap.db"), IfMissing::Refuse).unwrap();
    assert_eq!(store.counts().unwrap().2, 15, "no reading added");
}

#[test]
fn the_help_lists_every_key_of_the_screen_and_the_dialogs() {
    use knotmap::tui::keymap::Mode;
    let dialogs = [
        Mode::Search,
        Mode::LogPain,
        Mode::Confirm,
        Mode::Help,
        Mode::Notice,
    ];
    let dir = TempDir::new().unwrap();
    let mut app = app(store_with_knots(&dir));
    for screen in Screen::ALL {
        app.update(Msg::Show(screen));
        press(&mut app, KeyCode::Char('?'));
        // The help scrolls when it is longer than the screen: every frame
        // of it, top to bottom.
        let mut frame = frame_text(&mut app, 80, 24);
        for _ in 0..40 {
            press(&mut app, KeyCode::Char('j'));
            frame.push_str(&frame_text(&mut app, 80, 24));
        }
        for binding in app.keymap().bindings() {
            let shown = binding.modes.contains(&screen.mode())
                || binding.modes.iter().any(|mode| dialogs.contains(mode));
            let line = format!("{:<14}{}", binding.keys_label(), binding.help);
            assert_eq!(
                frame.contains(&line),
                shown,
                "{line} on {}: {frame}",
                screen.title()
            );
        }
        press(&mut app, KeyCode::Esc);
        assert!(app.overlay().is_none());
    }
}

#[test]
fn a_click_puts_the_cursor_on_the_cell_clicked() {
    let dir = TempDir::new().unwrap();
    let mut app = app(empty_store(&dir));
    let frame = frame_text(&mut app, 80, 24);
    // Find the back view's spine in the frame and click just beside it.
    let (row, line) = frame
        .lines()
        .enumerate()
        .find(|(_, line)| line.contains("::"))
        .unwrap();
    let column = line.find("::").unwrap() - 2;
    send_mouse(
        &mut app,
        MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: column as u16,
            row: row as u16,
            modifiers: KeyModifiers::NONE,
        },
    );
    assert_eq!(app.ui().cursor.view, View::Back);
    let region = app.region_under_cursor().unwrap();
    assert_eq!(
        region.side,
        knotmap::body::Side::Left,
        "viewer's left on the back is their left"
    );
    assert_ne!(
        app.ui().cursor,
        Spot {
            view: View::Front,
            x: 0,
            y: 0
        }
    );
}

#[test]
fn ctrl_c_quits_even_while_typing() {
    let dir = TempDir::new().unwrap();
    let mut app = app(empty_store(&dir));
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "q");
    assert!(!app.should_quit(), "q is text in the search box");
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    )));
    assert!(app.should_quit());
}

#[test]
fn tab_from_the_map_shows_the_knot_under_the_cursor() {
    let dir = TempDir::new().unwrap();
    let mut app = app(store_with_knots(&dir));
    app.update(Msg::MoveTo(
        Body::get().home_of(region("gastrocnemius-left")).unwrap(),
    ));
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.ui().screen, Screen::Knot);
    let frame = frame_text(&mut app, 80, 24);
    assert!(frame.contains("Gastrocnemius, left"), "{frame}");
    assert!(
        frame.contains("RESOLVED: the last two sessions started at 2/10 or less"),
        "{frame}"
    );
    press(&mut app, KeyCode::Char('l'));
    let next = frame_text(&mut app, 80, 24);
    assert!(
        !next.contains("Knot 3 ·"),
        "l moved to another knot: {next}"
    );
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.ui().screen, Screen::Map);
}

#[test]
fn a_knot_can_be_marked_resolved_and_back() {
    let dir = TempDir::new().unwrap();
    let mut app = app(store_with_knots(&dir));
    app.update(Msg::Show(Screen::Knot));
    let id = app.focused().unwrap().knot.id;
    assert_eq!(app.focused().unwrap().verdict().slug(), "stalled");
    press(&mut app, KeyCode::Char('r'));
    let summary = app.knots().iter().find(|s| s.knot.id == id).unwrap();
    assert_eq!(summary.verdict().slug(), "resolved");
    assert_eq!(summary.assessment.rule, "you marked it resolved");
    app.update(Msg::Focus(id));
    press(&mut app, KeyCode::Char('r'));
    let summary = app.knots().iter().find(|s| s.knot.id == id).unwrap();
    assert_eq!(summary.verdict().slug(), "stalled");
}

#[test]
fn a_reading_is_corrected_deleted_and_undone_from_the_history() {
    let dir = TempDir::new().unwrap();
    let mut app = app(store_with_knots(&dir));
    app.update(Msg::Show(Screen::History));
    let newest = app.selected_reading().unwrap().clone();
    assert_eq!(
        newest.treatment.pain_before.map(Score::value),
        Some(6),
        "the hip flare, 3 days ago"
    );

    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "5");
    press(&mut app, KeyCode::Enter);
    let store = Store::open(&dir.path().join("knotmap.db"), IfMissing::Refuse).unwrap();
    let stored = |store: &Store| store.readings_of(newest.knot_id).unwrap();
    assert_eq!(
        stored(&store)
            .last()
            .unwrap()
            .treatment
            .pain_before
            .map(Score::value),
        Some(5)
    );

    press(&mut app, KeyCode::Char('u'));
    assert_eq!(
        stored(&store).last().unwrap().treatment,
        newest.treatment,
        "edit undone"
    );

    press(&mut app, KeyCode::Char('d'));
    assert!(matches!(app.overlay(), Some(Overlay::ConfirmDelete(_))));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(stored(&store).len(), 4, "n keeps it");
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(stored(&store).len(), 3, "y deletes it");
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(
        stored(&store).last().unwrap(),
        &newest,
        "the same reading is back"
    );
}

#[test]
fn a_score_saved_by_mistake_can_be_taken_back() {
    let dir = TempDir::new().unwrap();
    let mut app = app(empty_store(&dir));
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "9");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.knots().len(), 1);
    press(&mut app, KeyCode::Char('u'));
    assert!(app.knots().is_empty());
    let store = Store::open(&dir.path().join("knotmap.db"), IfMissing::Refuse).unwrap();
    assert_eq!(store.counts().unwrap().2, 0);
}

#[test]
fn trends_change_period_and_grouping_and_show_where_knots_form() {
    let dir = TempDir::new().unwrap();
    let mut app = app(store_with_knots(&dir));
    app.update(Msg::Show(Screen::Trends));
    let frame = frame_text(&mut app, 80, 24);
    assert!(
        frame.contains("Pain by muscle region over 4 weeks"),
        "{frame}"
    );
    press(&mut app, KeyCode::Char('p'));
    let frame = frame_text(&mut app, 80, 24);
    assert!(
        frame.contains("Pain by muscle region over 3 months"),
        "{frame}"
    );
    press(&mut app, KeyCode::Char('a'));
    let frame = frame_text(&mut app, 80, 24);
    assert!(
        frame.contains("Pain by body area") && frame.contains("Shoulder"),
        "{frame}"
    );
    press(&mut app, KeyCode::Char('m'));
    let frame = frame_text(&mut app, 80, 24);
    assert!(frame.contains("Where knots form"), "{frame}");
    assert!(frame.contains('░'), "{frame}");
}

#[test]
fn enter_on_a_recurring_region_shows_the_knot_on_the_map() {
    let dir = TempDir::new().unwrap();
    let mut app = app(store_with_knots(&dir));
    app.update(Msg::Show(Screen::Recurring));
    let frame = frame_text(&mut app, 80, 24);
    assert!(frame.contains("Gluteus medius, right"), "{frame}");
    assert!(frame.contains("knot 4 flared again"), "{frame}");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.ui().screen, Screen::Map);
    assert_eq!(
        app.region_under_cursor(),
        Some(region("gluteus-medius-right"))
    );
}

#[test]
fn without_colour_nothing_is_coloured_and_markers_keep_their_digits() {
    use ratatui::style::Color;
    let dir = TempDir::new().unwrap();
    let colours = |theme: Theme| {
        let app = App::new(store_with_knots(&dir), theme, now).unwrap();
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|frame| knotmap::tui::draw(&app, frame))
            .unwrap();
        let buffer = terminal.backend().buffer().clone();
        buffer
            .content()
            .iter()
            .filter(|cell| cell.fg != Color::Reset || cell.bg != Color::Reset)
            .count()
    };
    assert_eq!(colours(Theme::MONO), 0);
    assert!(colours(Theme::COLOR) > 0);
    let dir = TempDir::new().unwrap();
    let mut app = app(store_with_knots(&dir));
    let frame = frame_text(&mut app, 80, 24);
    assert!(
        frame.contains('6') && frame.contains('o'),
        "digits and calm marks: {frame}"
    );
}

#[test]
fn the_mouse_wheel_scrolls_the_history() {
    let dir = TempDir::new().unwrap();
    let mut app = app(store_with_knots(&dir));
    app.update(Msg::Show(Screen::History));
    let first = app.selected_reading().unwrap().id;
    let wheel = |kind| MouseEvent {
        kind,
        column: 10,
        row: 10,
        modifiers: KeyModifiers::NONE,
    };
    send_mouse(&mut app, wheel(MouseEventKind::ScrollDown));
    let second = app.selected_reading().unwrap().id;
    assert_ne!(first, second);
    send_mouse(&mut app, wheel(MouseEventKind::ScrollUp));
    assert_eq!(app.selected_reading().unwrap().id, first);
}

/// Seconds added to `now()` by the protocol test's clock.
static SECONDS_LATER: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

fn moving_clock() -> DateTime<Utc> {
    now() + Duration::seconds(SECONDS_LATER.load(std::sync::atomic::Ordering::SeqCst))
}

fn wait(seconds: i64) {
    SECONDS_LATER.fetch_add(seconds, std::sync::atomic::Ordering::SeqCst);
}

#[test]
fn the_guided_protocol_runs_phase_by_phase_and_logs_the_result() {
    use knotmap::domain::protocol::StepKind;
    let dir = TempDir::new().unwrap();
    let mut app = App::new(store_with_knots(&dir), Theme::MONO, moving_clock).unwrap();
    app.update(Msg::Show(Screen::Knot));
    let knot = app.focused().unwrap().knot.id;
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.ui().screen, Screen::Protocol);
    let step = |app: &App| app.protocol().unwrap().step().kind;
    assert_eq!(step(&app), StepKind::Find);
    let frame = frame_text(&mut app, 80, 24);
    assert!(
        frame.contains("Find it") && frame.contains("phase 1 of 11"),
        "{frame}"
    );

    wait(19);
    app.update(Msg::Tick);
    assert!(!app.rings());
    wait(1);
    app.update(Msg::Tick);
    assert!(app.rings(), "a bell at the new phase");
    assert_eq!(step(&app), StepKind::RollAround);

    press(&mut app, KeyCode::Char(' '));
    wait(600);
    app.update(Msg::Tick);
    assert_eq!(step(&app), StepKind::RollAround, "paused");
    assert!(frame_text(&mut app, 80, 24).contains("paused"));
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(step(&app), StepKind::Contract { round: 1 });
    wait(5);
    app.update(Msg::Tick);
    assert_eq!(step(&app), StepKind::Relax { round: 1 });
    wait(4 * 17);
    app.update(Msg::Tick);
    assert_eq!(step(&app), StepKind::Score);

    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "6");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "3");
    press(&mut app, KeyCode::Enter);
    assert!(app.protocol().is_none(), "done");
    let store = Store::open(&dir.path().join("knotmap.db"), IfMissing::Refuse).unwrap();
    let last = store.readings_of(knot).unwrap().pop().unwrap().treatment;
    assert_eq!(last.pain_before.map(Score::value), Some(6));
    assert_eq!(last.pain_after.map(Score::value), Some(3));
    assert_eq!(last.technique.as_deref(), Some("calm-first protocol"));
    assert_eq!(last.minutes, Some(11), "the pause counts: 693 s in all");
}

#[test]
fn saving_on_the_it_band_says_at_once_what_to_do_instead() {
    let dir = TempDir::new().unwrap();
    let mut app = app(empty_store(&dir));
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "it band left");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "6");
    press(&mut app, KeyCode::Enter);
    let frame = frame_text(&mut app, 80, 24);
    let words: Vec<&str> = frame.split_whitespace().collect();
    let text = words.join(" ");
    assert!(
        text.contains("Careful: do not roll the IT band itself"),
        "{frame}"
    );
    assert!(
        text.contains("work the glutes and the TFL above it"),
        "{frame}"
    );
}

#[test]
fn readings_logged_elsewhere_appear_at_the_next_refresh() {
    let dir = TempDir::new().unwrap();
    let mut app = app(store_with_knots(&dir));
    assert_eq!(app.knots().len(), 4);
    // A script, or a second knotmap, logs into the same file.
    let mut other = Store::open(&dir.path().join("knotmap.db"), IfMissing::Refuse).unwrap();
    let region = region("hand-right");
    let spot = Body::get().home_of(region).unwrap();
    other
        .log_reading(
            KnotChoice::New { region, spot },
            &NewReading::pain(Score::new(4).unwrap()),
            now(),
            SessionChoice::Auto,
        )
        .unwrap();
    assert_eq!(app.knots().len(), 4, "nothing read until the refresh");
    app.update(Msg::Refresh);
    assert_eq!(app.knots().len(), 5);
}

#[test]
fn the_history_reads_older_readings_as_it_is_scrolled() {
    let dir = TempDir::new().unwrap();
    let mut store = empty_store(&dir);
    let slugs = [
        "soleus-left",
        "biceps-right",
        "hamstrings-left",
        "rhomboids-left",
    ];
    let count = knotmap::store::RECENT_READINGS + 50;
    let mut oldest = None;
    for n in 0..count {
        let region = region(slugs[n % slugs.len()]);
        let spot = Body::get().home_of(region).unwrap();
        let at = now() - Duration::hours(3 * n as i64 + 1);
        let logged = store
            .log_reading(
                KnotChoice::LatestInRegion { region, spot },
                &NewReading::pain(Score::new((n % 11) as u8).unwrap()),
                at,
                SessionChoice::Auto,
            )
            .unwrap();
        oldest = Some(logged.reading_id);
    }
    let mut app = app(store);
    app.update(Msg::Show(Screen::History));
    assert_eq!(
        app.analysis().history.readings.len(),
        knotmap::store::RECENT_READINGS
    );
    for _ in 0..count {
        press(&mut app, KeyCode::Down);
    }
    assert_eq!(
        app.analysis().history.readings.len(),
        count,
        "a page more was read"
    );
    assert_eq!(
        app.selected_reading().map(|r| r.id),
        oldest,
        "down to the oldest"
    );
}

/// Hands a terminal mouse event to the app, as the event loop does.
fn send_mouse(app: &mut App, event: MouseEvent) {
    if let Some(message) = knotmap::tui::mouse_message(event) {
        app.update(message);
    }
}

#[test]
fn the_cautions_after_a_save_in_the_app_are_those_of_knotmap_log() {
    let sandbox = crate::common::Sandbox::new();
    let output = sandbox
        .knotmap_on("cli.db")
        .args(["log", "gastrocnemius-left", "9", "--symptom", "tingling"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let said_by_cli: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter(|line| line.starts_with("Careful:"))
        .map(str::to_string)
        .collect();
    assert!(said_by_cli.len() >= 2, "{said_by_cli:?}");

    let store = Store::open(&sandbox.path("app.db"), IfMissing::Create).unwrap();
    let mut app = App::new(store, Theme::MONO, chrono::Utc::now).unwrap();
    let calf = Body::get().home_of(region("gastrocnemius-left")).unwrap();
    app.update(Msg::MoveTo(calf));
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "9");
    for _ in 0..6 {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Enter);
    let Some(Overlay::Notice(notice)) = app.overlay() else {
        panic!("no cautions shown after the save");
    };
    assert_eq!(notice.cautions, said_by_cli);
}

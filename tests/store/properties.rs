//! Property tests: random keys,
//! clicks and terminal sizes fed to the app never panic and never damage
//! the database; every parser survives any string and keeps its rules;
//! the import reader refuses any garbage with a one-line reason; notes in
//! any script are stored byte for byte and drawn inside the frame.
//!
//! Case counts are chosen so that the whole file runs in well under a
//! minute in a debug build on two cores. Failing cases found here are kept
//! as plain tests at the end, with the smallest input.

use std::cell::Cell;
use std::path::Path;

use chrono::{DateTime, Duration, TimeZone, Utc};
use knotmap::body::search::{candidates, find_region};
use knotmap::body::{Body, Region};
use knotmap::domain::pain::{Ppt, Score};
use knotmap::domain::when::{parse_since, parse_when};
use knotmap::domain::{NewReading, Symptom};
use knotmap::store::{IfMissing, KnotChoice, SessionChoice, Store};
use knotmap::theme::Theme;
use knotmap::tui::app::{App, Msg};
use knotmap::tui::frame_text;
use knotmap::tui::screens::Screen;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use serde_json::{Value, json};
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

use crate::common;

// ---------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------

fn start() -> DateTime<Utc> {
    "2026-03-10T19:00:00Z".parse().unwrap()
}

thread_local! {
    /// The app's clock: fixed unless a step of the test moves it on, and
    /// per thread, so that tests running side by side do not share it.
    static CLOCK: Cell<DateTime<Utc>> = Cell::new(start());
}

fn clock() -> DateTime<Utc> {
    CLOCK.with(Cell::get)
}

fn reset_clock() {
    CLOCK.with(|c| c.set(start()));
}

fn advance_clock(seconds: i64) {
    CLOCK.with(|c| c.set(c.get() + Duration::seconds(seconds)));
}

fn db_path(dir: &TempDir) -> std::path::PathBuf {
    dir.path().join("knotmap.db")
}

fn empty_store(dir: &TempDir) -> Store {
    Store::open(&db_path(dir), IfMissing::Create).unwrap()
}

fn regions() -> Vec<Region> {
    Region::all().collect()
}

fn region(slug: &str) -> Region {
    Region::from_slug(slug).unwrap()
}

/// Logs `pain` (and `after`) for the latest knot in `region` when `reuse`
/// and there is one, else for a new knot at the region's home.
fn log(
    store: &mut Store,
    region: Region,
    reuse: bool,
    at: DateTime<Utc>,
    reading: &NewReading,
) -> knotmap::store::Logged {
    let spot = Body::get().home_of(region).unwrap();
    let knot = if reuse {
        KnotChoice::LatestInRegion { region, spot }
    } else {
        KnotChoice::New { region, spot }
    };
    store
        .log_reading(knot, reading, at, SessionChoice::Auto)
        .unwrap()
}

/// One extra reading for the filled database: which region (an index into
/// `regions()`), how many minutes before the start, the scores, and
/// whether it goes to the region's latest knot.
type Extra = (usize, i64, u8, Option<u8>, bool);

/// A reading of a fixture knot: days before the start, before and after.
type Past = (i64, u8, Option<u8>);

/// Four knots with the shapes the screens care about (calming, stalled,
/// calmed, calmed and flared again), then `extra` readings anywhere.
fn filled_store(dir: &TempDir, extra: &[Extra]) -> Store {
    let mut store = empty_store(dir);
    let histories: [(&str, &[Past]); 4] = [
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
                (4, 6, None),
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
        for (index, &(days_ago, pain, after)) in readings.iter().enumerate() {
            let reading = NewReading {
                pain_after: after.and_then(Score::new),
                ..NewReading::pain(Score::new(pain).unwrap())
            };
            let at = start() - Duration::days(days_ago);
            log(&mut store, region(slug), index > 0, at, &reading);
        }
    }
    let all = regions();
    for &(which, minutes_ago, pain, after, reuse) in extra {
        let reading = NewReading {
            pain_after: after.and_then(Score::new),
            ..NewReading::pain(Score::new(pain).unwrap())
        };
        let at = start() - Duration::minutes(minutes_ago);
        log(&mut store, all[which % all.len()], reuse, at, &reading);
    }
    store
}

/// The file still opens as a knotmap database, reads back whole, and
/// passes SQLite's own checks.
fn assert_database_sound(path: &Path) -> Result<(), TestCaseError> {
    let store = Store::open(path, IfMissing::Refuse)
        .map_err(|e| TestCaseError::fail(format!("the database no longer opens: {e}")))?;
    prop_assert_eq!(store.pragma_text("integrity_check").unwrap(), "ok");
    store
        .history()
        .map_err(|e| TestCaseError::fail(format!("the history no longer reads: {e}")))?;
    drop(store);
    let conn = rusqlite::Connection::open(path).unwrap();
    let broken_links: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
            row.get(0)
        })
        .unwrap();
    prop_assert_eq!(broken_links, 0);
    Ok(())
}

/// Every line of a frame: as many as the frame is high, none wider than
/// the frame in terminal columns.
fn assert_frame_fits(frame: &str, width: u16, height: u16) -> Result<(), TestCaseError> {
    let lines: Vec<&str> = frame.split_terminator('\n').collect();
    prop_assert_eq!(
        lines.len(),
        usize::from(height),
        "a {}x{} frame has {} lines:\n{}",
        width,
        height,
        lines.len(),
        frame
    );
    for line in &lines {
        prop_assert!(
            line.width() <= usize::from(width),
            "a line of {} columns in a {}x{} frame: {:?}",
            line.width(),
            width,
            height,
            line
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------
// 1. Keys, clicks and sizes
// ---------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Step {
    Key(KeyEvent),
    /// A few keys that do something whole: jump to a region and log a
    /// score, edit or delete a reading, run the protocol.
    Keys(Vec<KeyEvent>),
    /// A left click at an absolute cell, maybe outside the terminal.
    Click(u16, u16),
    /// A left click at a fraction (per mille) of the last drawn size, so
    /// that clicks land on the map as often as beside it.
    ClickWithin(u16, u16),
    /// Any other mouse event: right button, drag, release, move.
    OtherMouse(MouseEventKind, u16, u16),
    ScrollUp,
    ScrollDown,
    Draw(u16, u16),
    /// Time passes (a running protocol moves on, a session ends).
    Wait(i64),
    /// The event loop's look for another program's writes.
    Refresh,
}

fn plain(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn key() -> impl Strategy<Value = KeyEvent> {
    let commands = select(vec![
        'h', 'j', 'k', 'l', '/', '?', ' ', 'g', 'n', 'x', 'e', 'd', 'y', 'u', 'r', 'p', 'a', 'm',
        'v', 'q', 't', 's', 'c', 'b',
    ]);
    let named = select(vec![
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::Backspace,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::Delete,
        KeyCode::Insert,
        KeyCode::F(1),
        KeyCode::Null,
    ]);
    let shifted = prop_oneof![
        select(vec!['H', 'J', 'K', 'L']),
        (b'A'..=b'Z').prop_map(char::from),
    ]
    .prop_map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT));
    // Typed into the search box: accents, wide characters, emoji, a
    // combining mark, a right-to-left letter.
    let unusual = select(vec![
        'é', 'ß', '日', '한', '🙂', '\u{301}', 'ש', '、', '０', '+', '-',
    ]);
    // Ctrl and Alt with a letter, but never Ctrl-C (it quits).
    let modified = (
        (b'a'..=b'z').prop_map(char::from),
        select(vec![KeyModifiers::CONTROL, KeyModifiers::ALT]),
    )
        .prop_filter("Ctrl-C quits", |&(c, m)| {
            !(c == 'c' && m == KeyModifiers::CONTROL)
        })
        .prop_map(|(c, m)| KeyEvent::new(KeyCode::Char(c), m));
    prop_oneof![
        6 => named.prop_map(plain),
        5 => commands.prop_map(|c| plain(KeyCode::Char(c))),
        4 => (b'0'..=b'9').prop_map(|d| plain(KeyCode::Char(char::from(d)))),
        2 => (b'a'..=b'z').prop_map(|c| plain(KeyCode::Char(char::from(c)))),
        2 => shifted,
        1 => Just(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
        1 => unusual.prop_map(|c| plain(KeyCode::Char(c))),
        1 => modified,
    ]
}

/// A score as typed: mostly one from the scale, sometimes nonsense.
fn digits() -> impl Strategy<Value = Vec<KeyEvent>> {
    prop_oneof![
        4 => (0u8..=10).prop_map(|score| typed(&score.to_string())),
        1 => vec((b'0'..=b'9').prop_map(|d| plain(KeyCode::Char(char::from(d)))), 0..=3),
    ]
}

fn typed(text: &str) -> Vec<KeyEvent> {
    text.chars().map(|c| plain(KeyCode::Char(c))).collect()
}

/// Whole actions as a person types them.
fn chord() -> impl Strategy<Value = Vec<KeyEvent>> {
    let slug_prefix = (any::<prop::sample::Index>(), 1usize..12).prop_map(|(which, len)| {
        let all = regions();
        let slug = all[which.index(all.len())].slug();
        slug.chars().take(len).collect::<String>()
    });
    let log_score = (digits(), proptest::option::of(digits())).prop_map(|(pain, after)| {
        let mut keys = vec![plain(KeyCode::Enter)];
        keys.extend(pain);
        if let Some(after) = after {
            keys.push(plain(KeyCode::Tab));
            keys.extend(after);
        }
        keys.push(plain(KeyCode::Enter));
        keys
    });
    let find = (slug_prefix, 0usize..3).prop_map(|(prefix, downs)| {
        let mut keys = vec![plain(KeyCode::Char('/'))];
        keys.extend(typed(&prefix));
        keys.extend(std::iter::repeat_n(plain(KeyCode::Down), downs));
        keys.push(plain(KeyCode::Enter));
        keys
    });
    let edit = digits().prop_map(|pain| {
        let mut keys = typed("e");
        keys.extend([plain(KeyCode::Backspace), plain(KeyCode::Backspace)]);
        keys.extend(pain);
        keys.push(plain(KeyCode::Enter));
        keys
    });
    let protocol = (0usize..6, digits()).prop_map(|(skips, pain)| {
        let mut keys = typed("g");
        keys.push(plain(KeyCode::Enter));
        keys.extend(std::iter::repeat_n(plain(KeyCode::Char('n')), skips));
        keys.push(plain(KeyCode::Enter));
        keys.extend(pain);
        keys.push(plain(KeyCode::Enter));
        keys
    });
    let screens = (1usize..6).prop_map(|n| vec![plain(KeyCode::Tab); n]);
    prop_oneof![
        4 => log_score,
        3 => find,
        2 => edit,
        1 => Just(typed("dy")),
        1 => Just(typed("u")),
        1 => Just(typed("r")),
        2 => protocol,
        3 => screens,
    ]
}

fn size() -> impl Strategy<Value = (u16, u16)> {
    prop_oneof![
        3 => (1u16..=300, 1u16..=100),
        2 => (1u16..=24, 1u16..=10),
        3 => (40u16..=180, 12u16..=60),
        1 => select(vec![(80, 24), (1, 1), (300, 100), (79, 23), (50, 24), (160, 48)]),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    let other_mouse = select(vec![
        MouseEventKind::Down(MouseButton::Right),
        MouseEventKind::Down(MouseButton::Middle),
        MouseEventKind::Up(MouseButton::Left),
        MouseEventKind::Drag(MouseButton::Left),
        MouseEventKind::Moved,
        MouseEventKind::ScrollLeft,
        MouseEventKind::ScrollRight,
    ]);
    prop_oneof![
        24 => key().prop_map(Step::Key),
        3 => chord().prop_map(Step::Keys),
        2 => (0u16..=320, 0u16..=110).prop_map(|(x, y)| Step::Click(x, y)),
        4 => (0u16..1000, 0u16..1000).prop_map(|(x, y)| Step::ClickWithin(x, y)),
        1 => (other_mouse, 0u16..=320, 0u16..=110)
            .prop_map(|(kind, x, y)| Step::OtherMouse(kind, x, y)),
        2 => Just(Step::ScrollUp),
        2 => Just(Step::ScrollDown),
        6 => size().prop_map(|(w, h)| Step::Draw(w, h)),
        1 => prop_oneof![0i64..=120, 0i64..=7200, Just(86_400)].prop_map(Step::Wait),
        1 => Just(Step::Refresh),
    ]
}

fn mouse(kind: MouseEventKind, column: u16, row: u16) -> MouseEvent {
    MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }
}

/// Plays the steps on the app, drawing after each as the event loop does
/// at the last drawn size, and checks every frame.
fn play(app: &mut App, steps: &[Step], last: (u16, u16)) -> Result<(), TestCaseError> {
    let (mut width, mut height) = (80u16, 24u16);
    let draw = |app: &mut App, w: u16, h: u16| -> Result<(), TestCaseError> {
        let frame = frame_text(app, w, h);
        assert_frame_fits(&frame, w, h)
    };
    draw(app, width, height)?;
    for step in steps {
        match step.clone() {
            Step::Key(key) => app.update(Msg::Key(key)),
            Step::Keys(keys) => {
                for key in keys {
                    app.update(Msg::Key(key));
                    draw(app, width, height)?;
                }
            }
            Step::Click(x, y) => {
                send_mouse(app, mouse(MouseEventKind::Down(MouseButton::Left), x, y))
            }
            Step::ClickWithin(fx, fy) => {
                let x = (u32::from(width) * u32::from(fx) / 1000) as u16;
                let y = (u32::from(height) * u32::from(fy) / 1000) as u16;
                send_mouse(app, mouse(MouseEventKind::Down(MouseButton::Left), x, y));
            }
            Step::OtherMouse(kind, x, y) => send_mouse(app, mouse(kind, x, y)),
            Step::ScrollUp => send_mouse(app, mouse(MouseEventKind::ScrollUp, 0, 0)),
            Step::ScrollDown => send_mouse(app, mouse(MouseEventKind::ScrollDown, 0, 0)),
            Step::Draw(w, h) => (width, height) = (w, h),
            Step::Wait(seconds) => {
                advance_clock(seconds);
                app.update(Msg::Tick);
            }
            Step::Refresh => app.update(Msg::Refresh),
        }
        draw(app, width, height)?;
    }
    draw(app, last.0, last.1)
}

fn run_session(
    dir: &TempDir,
    store: Store,
    steps: &[Step],
    last: (u16, u16),
) -> Result<(), TestCaseError> {
    reset_clock();
    let mut app = App::new(store, Theme::MONO, clock).unwrap();
    play(&mut app, steps, last)?;
    drop(app);
    assert_database_sound(&db_path(dir))
}

fn extra_reading() -> impl Strategy<Value = Extra> {
    (
        any::<usize>(),
        0i64..=60 * 24 * 60,
        0u8..=10,
        proptest::option::of(0u8..=10),
        any::<bool>(),
    )
}

proptest! {
    #![proptest_config(common::proptest_config(32))]

    #[test]
    fn random_input_on_an_empty_database_never_panics(
        steps in vec(step(), 0..120),
        last in size(),
    ) {
        let dir = TempDir::new().unwrap();
        let store = empty_store(&dir);
        run_session(&dir, store, &steps, last)?;
    }

    #[test]
    fn random_input_on_a_filled_database_never_panics(
        extra in vec(extra_reading(), 0..10),
        steps in vec(step(), 0..120),
        last in size(),
    ) {
        let dir = TempDir::new().unwrap();
        let store = filled_store(&dir, &extra);
        run_session(&dir, store, &steps, last)?;
    }
}

/// Keys that reach deep states on purpose: log a score (Enter, digits,
/// Enter), edit and delete on the history, undo, resolve, run the
/// protocol; mixed with sizes and time.
fn purposeful_step() -> impl Strategy<Value = Step> {
    let keys = select(vec![
        plain(KeyCode::Enter),
        plain(KeyCode::Char('7')),
        plain(KeyCode::Char('1')),
        plain(KeyCode::Char('0')),
        plain(KeyCode::Tab),
        KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
        plain(KeyCode::Char('e')),
        plain(KeyCode::Char('d')),
        plain(KeyCode::Char('y')),
        plain(KeyCode::Char('u')),
        plain(KeyCode::Char('r')),
        plain(KeyCode::Char('p')),
        plain(KeyCode::Char('n')),
        plain(KeyCode::Char(' ')),
        plain(KeyCode::Char('g')),
        plain(KeyCode::Char('x')),
        plain(KeyCode::Down),
        plain(KeyCode::Up),
        plain(KeyCode::Left),
        plain(KeyCode::Esc),
    ]);
    prop_oneof![
        20 => keys.prop_map(Step::Key),
        10 => chord().prop_map(Step::Keys),
        3 => size().prop_map(|(w, h)| Step::Draw(w, h)),
        2 => (0u16..1000, 0u16..1000).prop_map(|(x, y)| Step::ClickWithin(x, y)),
        2 => prop_oneof![0i64..=120, 0i64..=7200].prop_map(Step::Wait),
        1 => Just(Step::ScrollDown),
    ]
}

proptest! {
    #![proptest_config(common::proptest_config(24))]

    #[test]
    fn logging_editing_and_undoing_at_random_never_panics(
        extra in vec(extra_reading(), 0..4),
        filled in any::<bool>(),
        steps in vec(purposeful_step(), 0..150),
        last in size(),
    ) {
        let dir = TempDir::new().unwrap();
        let store = if filled { filled_store(&dir, &extra) } else { empty_store(&dir) };
        run_session(&dir, store, &steps, last)?;
    }
}

/// Every screen and every dialog at the extreme sizes, with and without
/// data: the smallest terminal, one row, one column, the largest.
#[test]
fn every_screen_and_dialog_survives_the_extreme_sizes() {
    let sizes = [
        (1, 1),
        (1, 100),
        (300, 1),
        (2, 2),
        (300, 100),
        (80, 24),
        (19, 7),
    ];
    for filled in [false, true] {
        let dir = TempDir::new().unwrap();
        let store = if filled {
            filled_store(&dir, &[])
        } else {
            empty_store(&dir)
        };
        reset_clock();
        let mut app = App::new(store, Theme::MONO, clock).unwrap();
        for screen in Screen::ALL {
            for dialog in ['-', '?', '/', '\n'] {
                app.update(Msg::Show(screen));
                app.update(Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
                match dialog {
                    '?' => press(&mut app, KeyCode::Char('?')),
                    '/' => press(&mut app, KeyCode::Char('/')),
                    '\n' => press(&mut app, KeyCode::Enter),
                    _ => {}
                }
                for &(w, h) in &sizes {
                    let frame = frame_text(&mut app, w, h);
                    assert_eq!(frame.split_terminator('\n').count(), usize::from(h));
                }
            }
        }
        drop(app);
        assert_database_sound(&db_path(&dir)).unwrap();
    }
}

fn press(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(plain(code)));
}

// ---------------------------------------------------------------------
// 2. Parsers
// ---------------------------------------------------------------------

/// Pieces that break naive text handling: wide scripts, emoji sequences,
/// combining marks, every kind of control character, right-to-left text
/// and its overrides, zero-width and private-use characters.
const NASTY: &[&str] = &[
    "日本語のメモ",
    "한국어",
    "中",
    "👨‍👩‍👧‍👦",
    "🏳️‍🌈",
    "🙂",
    "👍🏽",
    "🇫🇷",
    "e\u{301}\u{302}",
    "\u{301}",
    "a\u{20dd}",
    "\u{0}",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\u{b}",
    "\u{c}",
    "\u{7}",
    "\u{8}",
    "\u{1b}[31m",
    "\u{1b}[2J",
    "\u{1b}]0;title\u{7}",
    "\u{7f}",
    "\u{85}",
    "\u{9b}",
    "\u{202e}",
    "\u{202d}",
    "\u{2066}",
    "\u{2069}",
    "\u{200f}",
    "\u{200e}",
    "שלום",
    "مرحبا",
    "\u{200b}",
    "\u{200d}",
    "\u{feff}",
    "\u{2028}",
    "\u{2029}",
    "\u{fe0f}",
    "ｆｕｌｌ",
    "\u{1100}\u{1161}\u{11a8}",
    "\u{e000}",
    "\u{10ffff}",
    "\u{fffd}",
    "\u{a0}",
    "\u{3000}",
    " ",
    "7",
    "10",
    "-",
    "+",
    ".",
    "e",
    "left",
    "trap",
    "2026-03-01",
    "T",
    ":",
    "Z",
];

/// Any text, weighted towards what breaks things.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => select(NASTY).prop_map(String::from),
        2 => "\\PC{1,8}",
        1 => any::<char>().prop_map(String::from),
        1 => "[\\x00-\\x1f\\x7f-\\x9f]{1,3}",
    ];
    prop_oneof![
        6 => vec(piece, 0..10).prop_map(|pieces| pieces.concat()),
        2 => any::<String>(),
        1 => (select(NASTY), 100usize..2000).prop_map(|(piece, n)| piece.repeat(n)),
    ]
}

/// Text that looks like a number: signs, leading zeros, spaces, points,
/// exponents, words for infinity.
fn numberish() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ \t\u{a0}\u{3000}]{0,2}[+-]?[0-9]{0,4}[ \t\n]{0,2}",
        "[+-]?[0-9]{0,3}(\\.[0-9]{0,4})?([eE][+-]?[0-9]{1,3})?",
        select(vec![
            "inf",
            "-inf",
            "+inf",
            "infinity",
            "NaN",
            "nan",
            "-0",
            "+0",
            "0.0",
            "20",
            "20.0",
            "20.0000001",
            "20.004",
            "19.995",
            "-0.0",
            "1e1",
            "2e1",
            "1e400",
            ".5",
            "5.",
            "+.5",
            "0x10",
            "١",
            "٥",
            "７",
            "10\u{0}",
            "0010",
            "+10",
            "++1",
        ])
        .prop_map(String::from),
        any::<f64>().prop_map(|f| f.to_string()),
        any::<f64>().prop_map(|f| format!("{f:e}")),
        (0.0f64..=20.5).prop_map(|f| f.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
    ]
}

/// Text that looks like a time: every form `parse_when` reads, with any
/// numbers in the fields.
fn timeish() -> impl Strategy<Value = String> {
    let year = prop_oneof![
        4 => 1900i64..=2200,
        1 => -300_000i64..=300_000,
        1 => select(vec![0i64, 9999, 10_000, 262_143, 262_144, -262_144, -262_145]),
    ];
    let offset = prop_oneof![
        Just("Z".to_string()),
        (any::<bool>(), 0u32..=99, 0u32..=99)
            .prop_map(|(plus, h, m)| format!("{}{h:02}:{m:02}", if plus { '+' } else { '-' })),
    ];
    (
        year,
        0u32..=13,
        0u32..=32,
        0u32..=25,
        0u32..=61,
        0u32..=61,
        offset,
        0usize..6,
    )
        .prop_map(|(y, mo, d, h, mi, s, off, form)| {
            let date = if (0..=9999).contains(&y) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:+}-{mo:02}-{d:02}")
            };
            match form {
                0 => date,
                1 => format!("{date} {h:02}:{mi:02}"),
                2 => format!("{date}T{h:02}:{mi:02}"),
                3 => format!("{date}T{h:02}:{mi:02}:{s:02}{off}"),
                4 => format!("{date}T{h:02}:{mi:02}:{s:02}.123456789{off}"),
                _ => format!("  {date}t{h:02}:{mi:02}:{s:02}{}  ", off.to_lowercase()),
            }
        })
}

fn any_input() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => text(),
        2 => numberish(),
        2 => timeish(),
    ]
}

/// What `Score::parse` should accept, worked out without it: after
/// trimming, an optional `+` and ASCII digits whose value is at most 10.
fn expected_score(text: &str) -> Option<u8> {
    let trimmed = text.trim();
    let digits = trimmed.strip_prefix('+').unwrap_or(trimmed);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let significant = digits.trim_start_matches('0');
    if significant.len() > 2 {
        return None;
    }
    let value: u8 = if significant.is_empty() {
        0
    } else {
        significant.parse().unwrap()
    };
    (value <= 10).then_some(value)
}

/// `now` anywhere from 1900 to 2200.
fn any_now() -> impl Strategy<Value = DateTime<Utc>> {
    (-2_208_988_800i64..=7_258_118_400).prop_map(|secs| Utc.timestamp_opt(secs, 0).unwrap())
}

/// One line: no line feed, no carriage return.
fn one_line(message: &str) -> bool {
    !message.contains(['\n', '\r'])
}

proptest! {
    #![proptest_config(common::proptest_config(1500))]

    #[test]
    fn a_score_is_exactly_a_whole_number_from_0_to_10(input in any_input()) {
        let parsed = Score::parse("pain", &input);
        prop_assert_eq!(parsed.as_ref().ok().map(|s| s.value()), expected_score(&input));
        prop_assert_eq!(input.parse::<Score>().ok(), parsed.as_ref().ok().copied());
        if let Err(error) = parsed {
            prop_assert_eq!(&error.given, &input);
            if one_line(&input) {
                prop_assert!(one_line(&error.to_string()));
            }
        }
    }

    #[test]
    fn a_pressure_threshold_is_a_finite_number_from_0_to_20(input in any_input()) {
        let expected = input
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && (0.0..=20.0).contains(v));
        match (Ppt::parse(&input), expected) {
            (Ok(ppt), Some(value)) => {
                prop_assert!((0.0..=20.0).contains(&ppt.kg_cm2()));
                prop_assert!((ppt.kg_cm2() - value).abs() <= 0.005 + 1e-9, "{} read as {}", value, ppt.kg_cm2());
            }
            (Err(error), None) => {
                if one_line(&input) {
                    prop_assert!(one_line(&error));
                }
            }
            (got, expected) => {
                return Err(TestCaseError::fail(format!(
                    "{input:?} parsed as {got:?}, expected {expected:?}"
                )));
            }
        }
    }

    #[test]
    fn no_time_is_ever_read_as_after_now(input in any_input(), now in any_now()) {
        let limit = now + Duration::minutes(1);
        let when = parse_when(&input, now);
        let since = parse_since(&input, now);
        if let Ok(time) = when {
            prop_assert!(time <= limit, "{:?} read as {} with now {}", input, time, now);
        }
        if let Ok(time) = since {
            prop_assert!(time <= limit, "{:?} read as {} with now {}", input, time, now);
        }
        // A day on its own starts a period at midnight, before its midday.
        if let (Ok(when), Ok(since)) = (&when, &since) {
            prop_assert!(since <= when);
        }
        for error in [when.err(), since.err()].into_iter().flatten() {
            if one_line(&input) {
                prop_assert!(one_line(&error.to_string()));
            }
        }
    }

    #[test]
    fn a_past_rfc3339_time_reads_back_as_itself(
        secs in -2_208_988_800i64..=7_258_118_400,
        offset_minutes in -(23 * 60 + 59)..=(23 * 60 + 59i32),
        ahead in 0i64..=86_400 * 365 * 50,
    ) {
        let time = Utc.timestamp_opt(secs, 0).unwrap();
        let offset = chrono::FixedOffset::east_opt(offset_minutes * 60).unwrap();
        let text = time.with_timezone(&offset).to_rfc3339();
        let now = time + Duration::seconds(ahead);
        prop_assert_eq!(parse_when(&text, now), Ok(time));
        prop_assert_eq!(parse_since(&text, now), Ok(time));
        // And from more than a minute before it, it is in the future.
        let before = time - Duration::seconds(61 + ahead);
        prop_assert!(parse_when(&text, before).is_err());
    }

    #[test]
    fn symptom_parsing_never_panics(input in any_input()) {
        if let Ok(symptom) = input.parse::<Symptom>() {
            // Whatever is understood is one of the symptoms, by its slug
            // or by a spelling of it.
            let wanted = input.trim().to_lowercase().replace([' ', '_'], "-");
            prop_assert!(wanted == symptom.slug() || wanted == "sharp");
        }
    }
}

proptest! {
    #![proptest_config(common::proptest_config(500))]

    #[test]
    fn region_lookup_never_panics_and_finds_only_candidates(input in any_input()) {
        let found = candidates(&input);
        let all = regions();
        prop_assert!(found.iter().all(|region| all.contains(region)));
        match find_region(&input) {
            Ok(region) => prop_assert!(found.contains(&region), "{:?} -> {}", input, region.slug()),
            Err(error) => {
                if one_line(&input) {
                    prop_assert!(one_line(&error.to_string()));
                }
            }
        }
    }

    #[test]
    fn every_slug_finds_its_region(
        which in any::<usize>(),
        before in "[ \t]{0,2}",
        after in "[ \t]{0,2}",
        upper in any::<bool>(),
    ) {
        let all = regions();
        let region = all[which % all.len()];
        let slug = region.slug();
        prop_assert_eq!(find_region(&slug), Ok(region));
        prop_assert_eq!(candidates(&slug).first().copied(), Some(region));
        let typed = format!("{before}{}{after}", if upper { slug.to_uppercase() } else { slug.clone() });
        prop_assert_eq!(find_region(&typed), Ok(region), "{:?}", typed);
    }

    #[test]
    fn a_symptom_reads_back_from_its_slug(
        which in 0usize..Symptom::ALL.len(),
        before in "[ \t]{0,2}",
        after in "[ \t]{0,2}",
        upper in any::<bool>(),
    ) {
        let symptom = Symptom::ALL[which];
        prop_assert_eq!(symptom.slug().parse::<Symptom>(), Ok(symptom));
        prop_assert_eq!(symptom.to_string().parse::<Symptom>(), Ok(symptom));
        let slug = if upper { symptom.slug().to_uppercase() } else { symptom.slug().to_string() };
        prop_assert_eq!(format!("{before}{slug}{after}").parse::<Symptom>(), Ok(symptom));
        prop_assert_eq!(Symptom::split(&Symptom::join(&[symptom])), Ok(vec![symptom]));
    }

    #[test]
    fn symptoms_round_trip_through_their_stored_form(
        picked in vec(0usize..Symptom::ALL.len(), 0..10),
    ) {
        let symptoms: Vec<Symptom> = picked.iter().map(|&i| Symptom::ALL[i]).collect();
        let mut expected = symptoms.clone();
        expected.sort();
        expected.dedup();
        prop_assert_eq!(Symptom::split(&Symptom::join(&symptoms)), Ok(expected));
    }
}

// ---------------------------------------------------------------------
// 3. The import reader
// ---------------------------------------------------------------------

const KNOT: &str = "00000000-0000-4000-8000-00000000000a";
const SESSION: &str = "00000000-0000-4000-8000-00000000000b";
const READING: &str = "00000000-0000-4000-8000-00000000000c";

const FIELDS: &[&str] = &[
    "format",
    "format_version",
    "exported_at",
    "knots",
    "sessions",
    "readings",
    "uuid",
    "region",
    "view",
    "x",
    "y",
    "created_at",
    "marked_resolved_at",
    "recurs_knot",
    "started_at",
    "minutes",
    "note",
    "knot",
    "session",
    "taken_at",
    "pain_before",
    "pain_after",
    "technique",
    "tool",
    "pressure",
    "symptoms",
    "ppt_kg_cm2",
];

/// A document `read` accepts.
fn valid_document() -> Value {
    json!({
        "format": "knotmap-export",
        "format_version": 1,
        "exported_at": "2026-03-10T08:00:00Z",
        "knots": [{
            "uuid": KNOT, "region": "rhomboids-left", "view": "back", "x": 10, "y": 8,
            "created_at": "2026-03-01T18:00:00Z", "marked_resolved_at": null,
            "recurs_knot": null
        }],
        "sessions": [{
            "uuid": SESSION, "started_at": "2026-03-01T18:00:00Z", "minutes": null,
            "note": null
        }],
        "readings": [{
            "uuid": READING, "knot": KNOT, "session": SESSION,
            "taken_at": "2026-03-01T18:00:00Z", "pain_before": 7, "pain_after": null,
            "technique": null, "tool": "ball", "minutes": 5, "pressure": null,
            "symptoms": ["tingling"], "note": "日本語\n🙂", "ppt_kg_cm2": 4.5
        }]
    })
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-3i64..=25).prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        (-1.0f64..=21.0).prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        text().prop_map(Value::String),
        select(vec![
            "front",
            "back",
            "rhomboids-left",
            "tingling",
            "sharp-pain",
            "2026-03-01T18:00:00Z",
            "2026-03-01",
            KNOT,
            SESSION,
            READING,
            "00000000-0000-0000-0000-000000000000",
            "knotmap",
            "knotmap-export ",
        ])
        .prop_map(Value::from),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(4, 48, 6, |inner| {
        let key = prop_oneof![
            3 => select(FIELDS).prop_map(String::from),
            1 => text(),
        ];
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            vec((key, inner), 0..8).prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// A change to the valid document: a field set to any value, removed, or
/// an unknown one added, at the top or in one of its records.
#[derive(Debug, Clone)]
enum Change {
    Set(usize, String, Value),
    Remove(usize, String),
    Append(usize, Value),
}

fn change() -> impl Strategy<Value = Change> {
    let field = prop_oneof![
        6 => select(FIELDS).prop_map(String::from),
        1 => text(),
    ];
    prop_oneof![
        4 => (0usize..4, field.clone(), json_value()).prop_map(|(at, f, v)| Change::Set(at, f, v)),
        1 => (0usize..4, field).prop_map(|(at, f)| Change::Remove(at, f)),
        1 => (1usize..4, json_value()).prop_map(|(at, v)| Change::Append(at, v)),
    ]
}

/// The object a change applies to: the document itself, or the first
/// knot, session or reading.
fn target(document: &mut Value, at: usize) -> Option<&mut Value> {
    match at {
        0 => Some(document),
        1 => document.get_mut("knots")?.get_mut(0),
        2 => document.get_mut("sessions")?.get_mut(0),
        _ => document.get_mut("readings")?.get_mut(0),
    }
}

fn apply(document: &mut Value, change: &Change) {
    match change {
        Change::Set(at, field, value) => {
            if let Some(Value::Object(map)) = target(document, *at) {
                map.insert(field.clone(), value.clone());
            }
        }
        Change::Remove(at, field) => {
            if let Some(Value::Object(map)) = target(document, *at) {
                map.remove(field);
            }
        }
        Change::Append(at, value) => {
            let array = ["knots", "sessions", "readings"][(*at - 1) % 3];
            if let Some(Value::Array(items)) = document.get_mut(array) {
                items.push(value.clone());
            }
        }
    }
}

fn refused_in_one_line(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Err(refused) = knotmap::exchange::read(bytes) {
        let message = refused.to_string();
        prop_assert!(
            one_line(&message),
            "a reason on several lines: {:?}",
            message
        );
        prop_assert!(!message.is_empty());
    }
    Ok(())
}

#[test]
fn the_valid_document_is_read() {
    let bytes = valid_document().to_string();
    let incoming = knotmap::exchange::read(bytes.as_bytes()).unwrap();
    assert_eq!(incoming.readings.len(), 1);
    assert_eq!(
        incoming.readings[0].treatment.note.as_deref(),
        Some("日本語\n🙂")
    );
}

proptest! {
    #![proptest_config(common::proptest_config(400))]

    #[test]
    fn arbitrary_bytes_are_refused_in_one_line(
        bytes in prop_oneof![
            vec(any::<u8>(), 0..2000),
            text().prop_map(String::into_bytes),
        ]
    ) {
        prop_assert!(knotmap::exchange::read(&bytes).is_err());
        refused_in_one_line(&bytes)?;
    }

    #[test]
    fn a_damaged_export_is_refused_in_one_line(
        cut in any::<prop::sample::Index>(),
        flips in vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
    ) {
        let mut bytes = valid_document().to_string().into_bytes();
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let len = cut.index(bytes.len() + 1);
        bytes.truncate(len);
        refused_in_one_line(&bytes)?;
    }

    #[test]
    fn arbitrary_json_is_refused_in_one_line(value in json_value()) {
        let bytes = value.to_string().into_bytes();
        prop_assert!(knotmap::exchange::read(&bytes).is_err(), "accepted {}", value);
        refused_in_one_line(&bytes)?;
        // Pretty-printed JSON is the same document.
        let pretty = serde_json::to_vec_pretty(&value).unwrap();
        refused_in_one_line(&pretty)?;
    }

    #[test]
    fn a_changed_export_is_read_or_refused_in_one_line(
        changes in vec(change(), 1..5),
    ) {
        let mut document = valid_document();
        for change in &changes {
            apply(&mut document, change);
        }
        let bytes = document.to_string().into_bytes();
        refused_in_one_line(&bytes)?;
    }
}

// ---------------------------------------------------------------------
// 4. Notes in any script
// ---------------------------------------------------------------------

/// A frame that fits `width` x `height` and holds no control character.
fn assert_clean_frame(frame: &str, width: u16, height: u16) -> Result<(), TestCaseError> {
    assert_frame_fits(frame, width, height)?;
    let bad: Vec<char> = frame
        .chars()
        .filter(|&c| c != '\n' && c.is_control())
        .collect();
    prop_assert!(bad.is_empty(), "control characters {:?} in\n{}", bad, frame);
    Ok(())
}

/// Logs each note on its own knot and checks it reads back byte for
/// byte; returns the knot ids.
fn store_notes(store: &mut Store, notes: &[String]) -> Result<Vec<i64>, TestCaseError> {
    let all = regions();
    let mut knots = Vec::new();
    for (index, note) in notes.iter().enumerate() {
        let reading = NewReading {
            note: Some(note.clone()),
            ..NewReading::pain(Score::new((index % 11) as u8).unwrap())
        };
        let at = start() - Duration::hours(index as i64 * 5);
        let logged = log(store, all[(index * 7) % all.len()], false, at, &reading);
        let back = store.readings_of(logged.knot_id).unwrap();
        prop_assert_eq!(back.len(), 1);
        let stored = back[0].treatment.note.as_deref().unwrap_or_default();
        prop_assert_eq!(stored.as_bytes(), note.as_bytes());
        knots.push(logged.knot_id);
    }
    Ok(knots)
}

/// The history and knot screens drawn at `width` x `height` with every
/// reading selected in turn.
fn draw_notes(app: &mut App, knots: &[i64], width: u16, height: u16) -> Result<(), TestCaseError> {
    app.update(Msg::Show(Screen::History));
    for _ in 0..=knots.len() {
        let frame = frame_text(app, width, height);
        assert_clean_frame(&frame, width, height)?;
        send_mouse(app, mouse(MouseEventKind::ScrollDown, 0, 0));
    }
    app.update(Msg::Show(Screen::Knot));
    for &knot in knots {
        app.update(Msg::Focus(knot));
        let frame = frame_text(app, width, height);
        assert_clean_frame(&frame, width, height)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(common::proptest_config(64))]

    #[test]
    fn notes_in_any_script_are_kept_and_drawn_inside_the_frame(
        notes in vec(text(), 1..6),
        other in size(),
    ) {
        let dir = TempDir::new().unwrap();
        let mut store = empty_store(&dir);
        let knots = store_notes(&mut store, &notes)?;
        reset_clock();
        let mut app = App::new(store, Theme::MONO, clock).unwrap();
        draw_notes(&mut app, &knots, 80, 24)?;
        draw_notes(&mut app, &knots, other.0, other.1)?;
        drop(app);
        // And still exactly as typed after the app has had the file.
        let store = Store::open(&db_path(&dir), IfMissing::Refuse).unwrap();
        for (knot, note) in knots.iter().zip(&notes) {
            let back = store.readings_of(*knot).unwrap();
            prop_assert_eq!(back[0].treatment.note.as_deref(), Some(note.as_str()));
        }
    }

    #[test]
    fn tools_and_techniques_in_any_script_are_kept_and_drawn_inside_the_frame(
        texts in vec((text(), text()), 1..4),
    ) {
        let dir = TempDir::new().unwrap();
        let mut store = empty_store(&dir);
        let all = regions();
        let mut knots = Vec::new();
        for (index, (technique, tool)) in texts.iter().enumerate() {
            let reading = NewReading {
                technique: Some(technique.clone()),
                tool: Some(tool.clone()),
                ..NewReading::pain(Score::new(5).unwrap())
            };
            let at = start() - Duration::hours(index as i64 * 5);
            let logged = log(&mut store, all[(index * 11) % all.len()], false, at, &reading);
            let back = store.readings_of(logged.knot_id).unwrap();
            prop_assert_eq!(back[0].treatment.technique.as_deref(), Some(technique.as_str()));
            prop_assert_eq!(back[0].treatment.tool.as_deref(), Some(tool.as_str()));
            knots.push(logged.knot_id);
        }
        reset_clock();
        let mut app = App::new(store, Theme::MONO, clock).unwrap();
        draw_notes(&mut app, &knots, 80, 24)?;
    }
}

/// A note made only of the worst pieces, all at once, at the usual size.
#[test]
fn a_note_of_every_nasty_piece_is_kept_and_drawn() {
    let note: String = NASTY.concat();
    let dir = TempDir::new().unwrap();
    let mut store = empty_store(&dir);
    let knots = store_notes(&mut store, std::slice::from_ref(&note)).unwrap();
    reset_clock();
    let mut app = App::new(store, Theme::MONO, clock).unwrap();
    draw_notes(&mut app, &knots, 80, 24).unwrap();
}

// ---------------------------------------------------------------------
// Cases the properties above once found, kept at their smallest input
// ---------------------------------------------------------------------

/// The Unicode line and paragraph separators are not control characters,
/// yet anything that follows Unicode's line breaks (editors, Python's
/// `splitlines`, a script reading `knotmap render`) would split a frame
/// line at them, so a note carrying one must not reach the frame.
#[test]
fn a_line_separator_in_a_note_stays_out_of_the_frame() {
    for note in ["a\u{2028}b", "a\u{2029}b"] {
        let dir = TempDir::new().unwrap();
        let mut store = empty_store(&dir);
        store_notes(&mut store, &[note.to_string()]).unwrap();
        reset_clock();
        let mut app = App::new(store, Theme::MONO, clock).unwrap();
        app.update(Msg::Show(Screen::History));
        let frame = frame_text(&mut app, 80, 24);
        assert!(!frame.contains(['\u{2028}', '\u{2029}']), "{frame}");
    }
}

/// An argument with a line break in it (`knotmap log $'trap\n' 5`) still
/// gets a one-line error: the parsers quote what was typed with its
/// control characters escaped, which also keeps an escape sequence in it
/// away from the terminal.
#[test]
fn a_parser_error_is_one_line_whatever_was_typed() {
    let input = "\n";
    let errors = [
        Score::parse("pain", input).unwrap_err().to_string(),
        Ppt::parse(input).unwrap_err(),
        parse_when(input, start()).unwrap_err().to_string(),
        find_region("x\n").unwrap_err().to_string(),
    ];
    let broken: Vec<&String> = errors.iter().filter(|error| !one_line(error)).collect();
    assert!(broken.is_empty(), "errors on several lines: {broken:#?}");
}

/// Hands a terminal mouse event to the app, as the event loop does.
fn send_mouse(app: &mut App, event: MouseEvent) {
    if let Some(message) = knotmap::tui::mouse_message(event) {
        app.update(message);
    }
}

//! The app driven through `update` alone, as the event loop drives it.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tempfile::TempDir;

use super::*;
use crate::domain::NewReading;
use crate::domain::knot::Reading;
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
        sync_dir: None,
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
    let drawing = Body::get().drawing(layout.size, app.ui().cursor.view);
    let (x, y) = drawing.cell_of(app.ui().cursor);
    let target = drawing.spot_at(x, y + 2);
    let position = layout.position_of(&app, target).unwrap();
    app.update(Msg::Click(position));
    assert_eq!(app.ui().cursor, target);
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn app_at(dir: &TempDir, slug: &str) -> App {
    let mut app = App::new(store(dir), Theme::MONO, now).unwrap();
    let region = Region::from_slug(slug).unwrap();
    app.update(Msg::MoveTo(Body::get().home_of(region).unwrap()));
    app
}

fn form(app: &App) -> &LogForm {
    match app.overlay() {
        Some(Overlay::LogPain(form)) => form,
        other => panic!("no form open: {other:?}"),
    }
}

fn last_reading(dir: &TempDir) -> Reading {
    let store = store(dir);
    let knot = store.knots().unwrap().pop().unwrap();
    store.readings_of(knot.id).unwrap().pop().unwrap()
}

#[test]
fn enter_a_digit_and_enter_log_a_reading_with_what_suits_the_region() {
    let dir = TempDir::new().unwrap();
    let mut app = app_at(&dir, "hamstrings-left");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('6'));
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none());
    let saved = last_reading(&dir).treatment;
    assert_eq!(saved.pain_before.map(Score::value), Some(6));
    assert_eq!(saved.technique.as_deref(), Some("rolling"));
    assert_eq!(saved.tool.as_deref(), Some("foam roller"));
    assert_eq!(
        (saved.minutes, saved.pressure, saved.note),
        (None, None, None)
    );
}

#[test]
fn tab_visits_every_field_and_each_is_stored() {
    let dir = TempDir::new().unwrap();
    let mut app = app_at(&dir, "gluteus-medius-right");
    press(&mut app, KeyCode::Enter);
    let mut visited = vec![form(&app).field()];
    type_text(&mut app, "7");
    for (keys, text) in [
        (&[][..], "3"),                               // after
        (&[KeyCode::Right, KeyCode::Right][..], ""),  // technique
        (&[KeyCode::Left][..], ""),                   // tool
        (&[][..], "6"),                               // minutes
        (&[][..], "4"),                               // pressure
        (&[KeyCode::Right, KeyCode::Right][..], " "), // symptoms: swelling
        (&[][..], "after a long drive"),              // note
        (&[][..], "2.5"),                             // PPT
    ] {
        press(&mut app, KeyCode::Tab);
        visited.push(form(&app).field());
        for &key in keys {
            press(&mut app, key);
        }
        type_text(&mut app, text);
    }
    assert_eq!(visited, Field::ALL);
    press(&mut app, KeyCode::Tab);
    assert_eq!(form(&app).field(), Field::Pain, "Tab wraps round");
    press(&mut app, KeyCode::Enter);
    // The swelling brings a notice; Enter closes it and does nothing more.
    assert!(matches!(app.overlay(), Some(Overlay::Notice(_))));
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none());

    let saved = last_reading(&dir).treatment;
    assert_eq!(saved.pain_before.map(Score::value), Some(7));
    assert_eq!(saved.pain_after.map(Score::value), Some(3));
    // pressure, then two along the list.
    assert_eq!(saved.technique.as_deref(), Some("rolling around it"));
    // ball, then one back.
    assert_eq!(saved.tool.as_deref(), Some("foam roller"));
    assert_eq!(saved.minutes, Some(6));
    assert_eq!(saved.pressure.map(Score::value), Some(4));
    assert_eq!(saved.symptoms, [crate::domain::Symptom::Swelling]);
    assert_eq!(saved.note.as_deref(), Some("after a long drive"));
    assert_eq!(saved.ppt.map(|p| p.to_string()).as_deref(), Some("2.5"));
}

#[test]
fn bad_values_are_refused_in_their_field_as_typed() {
    let dir = TempDir::new().unwrap();
    let mut app = app_at(&dir, "soleus-left");
    press(&mut app, KeyCode::Enter);
    for bad in ["11", "-1", "7.5", "x"] {
        type_text(&mut app, bad);
        assert_eq!(form(&app).text(Field::Pain), bad, "kept as typed");
        assert_eq!(
            form(&app).error(),
            Some(format!("Pain must be a whole number from 0 to 10, not \"{bad}\".").as_str())
        );
        press(&mut app, KeyCode::Enter);
        assert_eq!(form(&app).field(), Field::Pain, "{bad} is not saved");
        for _ in bad.chars() {
            press(&mut app, KeyCode::Backspace);
        }
    }
    type_text(&mut app, "5");
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "601");
    assert_eq!(form(&app).field(), Field::Minutes);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        form(&app).error(),
        Some("Minutes must be a whole number from 0 to 600, not \"601\".")
    );
    // The symptoms are ticked, not typed.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "q");
    assert!(form(&app).error().is_some());
    assert_eq!(form(&app).text(Field::Symptoms), "");
    assert!(store(&dir).knots().unwrap().is_empty(), "nothing written");

    press(&mut app, KeyCode::Esc);
    assert!(app.overlay().is_none());
    assert!(store(&dir).knots().unwrap().is_empty(), "Esc keeps nothing");
}

#[test]
fn a_known_knot_starts_from_what_it_had_last_time() {
    let dir = TempDir::new().unwrap();
    let mut app = app_at(&dir, "upper-trapezius-left");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "6");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "4");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    let first = last_reading(&dir).treatment;

    press(&mut app, KeyCode::Enter);
    let again = form(&app);
    assert_eq!(again.text(Field::Pain), "", "the score is always typed");
    assert_eq!(again.text(Field::Technique), first.technique.unwrap());
    assert_eq!(again.text(Field::Tool), first.tool.unwrap());
    assert_eq!(again.text(Field::Minutes), "4");
}

#[test]
fn the_cautions_after_a_save_are_the_command_lines_whole() {
    let dir = TempDir::new().unwrap();
    let mut app = app_at(&dir, "gastrocnemius-left");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "9");
    for _ in 0..6 {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Enter);
    let Some(Overlay::Notice(notice)) = app.overlay() else {
        panic!("no notice");
    };
    let reading = last_reading(&dir);
    let said: Vec<String> = store(&dir)
        .advice_on_reading(reading.knot_id, reading.id, now())
        .unwrap()
        .into_iter()
        .map(|advice| format!("Careful: {}.", advice.text))
        .collect();
    assert!(said.len() >= 2, "tingling and severe pain: {said:?}");
    assert_eq!(notice.cautions, said);
    let frame = frame_text(&mut app, 80, 24);
    // The text inside the panel's borders, lines joined.
    let inside: Vec<&str> = frame
        .lines()
        .filter_map(|line| {
            let start = line.find('│')? + '│'.len_utf8();
            let end = line.rfind('│')?;
            (start < end).then(|| &line[start..end])
        })
        .collect();
    let words = inside
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for caution in &said {
        let caution = caution.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains(&caution), "{caution} not whole in {frame}");
    }
}

#[test]
fn undo_goes_back_through_every_kind_of_change() {
    let dir = TempDir::new().unwrap();
    let mut app = app_at(&dir, "biceps-right");
    let readings = |dir: &TempDir| {
        let store = store(dir);
        // A knot whose readings were all taken back is as good as gone.
        let knots: Vec<_> = store
            .knots()
            .unwrap()
            .into_iter()
            .map(|knot| (knot.marked_resolved_at, store.readings_of(knot.id).unwrap()))
            .filter(|(_, readings)| !readings.is_empty())
            .collect();
        let readings: Vec<NewReading> = knots
            .iter()
            .flat_map(|(_, readings)| readings.iter().map(|r| r.treatment.clone()))
            .collect();
        let marked: Vec<bool> = knots.iter().map(|(mark, _)| mark.is_some()).collect();
        (readings, marked)
    };
    let mut states = vec![readings(&dir)];
    // Log two, mark the knot resolved, correct one, delete one.
    for pain in ["5", "4"] {
        press(&mut app, KeyCode::Enter);
        type_text(&mut app, pain);
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Esc);
        states.push(readings(&dir));
    }
    app.update(Msg::Show(Screen::Knot));
    press(&mut app, KeyCode::Char('r'));
    let marked = frame_text(&mut app, 100, 30);
    assert!(
        marked.contains("marked resolved. u takes it back."),
        "{marked}"
    );
    states.push(readings(&dir));
    app.update(Msg::Show(Screen::History));
    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "3");
    press(&mut app, KeyCode::Enter);
    states.push(readings(&dir));
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    states.push(readings(&dir));
    assert_eq!(states.last().unwrap().0.len(), 1);

    let mut said = Vec::new();
    for state in states.iter().rev().skip(1) {
        press(&mut app, KeyCode::Char('u'));
        said.push(frame_text(&mut app, 120, 30));
        assert_eq!(&readings(&dir), state);
    }
    let said = said.join("\n");
    for undid in [
        "Undid the delete",
        "Undid the correction",
        "Undid the mark",
        "Undid the reading just saved: 4/10",
        "Undid the reading just saved: 5/10",
    ] {
        assert!(said.contains(undid), "{undid} in {said}");
    }
    press(&mut app, KeyCode::Char('u'));
    assert!(frame_text(&mut app, 120, 30).contains("Nothing to undo."));
}

#[test]
fn the_knot_table_scrolls_back_to_the_first_reading_and_says_where_it_is() {
    let dir = TempDir::new().unwrap();
    let mut store = store(&dir);
    let region = Region::from_slug("hamstrings-left").unwrap();
    let spot = Body::get().home_of(region).unwrap();
    for day in 0..20 {
        store
            .log_reading(
                KnotChoice::LatestInRegion { region, spot },
                &NewReading::pain(Score::new(8 - (day % 5) as u8).unwrap()),
                now() - Duration::days(40 - day),
                SessionChoice::Auto,
            )
            .unwrap();
    }
    let mut app = App::new(store, Theme::MONO, now).unwrap();
    app.update(Msg::Show(Screen::Knot));
    let newest = frame_text(&mut app, 80, 24);
    let position = |frame: &str| {
        frame
            .lines()
            .find_map(|line| line.split("MIN  ").nth(1).map(str::to_string))
            .unwrap_or_default()
    };
    assert!(position(&newest).ends_with("-20 of 20"), "{newest}");
    for _ in 0..30 {
        press(&mut app, KeyCode::Up);
    }
    let oldest = frame_text(&mut app, 80, 24);
    assert!(position(&oldest).starts_with("1-"), "{oldest}");
    // The first reading, 40 days back, is in reach.
    assert!(oldest.contains("Thu 29 Jan"), "{oldest}");
    app.update(Msg::Scroll(1));
    assert!(position(&frame_text(&mut app, 80, 24)).starts_with("2-"));
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Left);
    assert!(
        position(&frame_text(&mut app, 80, 24)).ends_with("-20 of 20"),
        "a new focus starts at the newest"
    );
}

#[test]
fn quitting_in_the_middle_of_the_protocol_asks_first() {
    let dir = TempDir::new().unwrap();
    let mut app = app_at(&dir, "gluteus-medius-left");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "6");
    press(&mut app, KeyCode::Enter);
    app.update(Msg::Show(Screen::Knot));
    press(&mut app, KeyCode::Char('g'));
    assert!(app.protocol().is_some());
    let running = frame_text(&mut app, 80, 24);
    let footer = running.lines().last().unwrap_or_default();
    assert!(!footer.contains("start"), "{footer}");
    assert!(footer.contains("pause"), "{footer}");
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit());
    assert!(frame_text(&mut app, 80, 24).contains("Quit now?"));
    press(&mut app, KeyCode::Char('n'));
    assert!(!app.should_quit() && app.protocol().is_some(), "it goes on");
    press(&mut app, KeyCode::Char('q'));
    press(&mut app, KeyCode::Char('y'));
    assert!(app.should_quit());
}

#[test]
fn a_save_while_another_program_holds_the_file_keeps_the_form() {
    let dir = TempDir::new().unwrap();
    let mut app = app_at(&dir, "soleus-left");
    let other = rusqlite::Connection::open(dir.path().join("knotmap.db")).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "6");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "4");
    press(&mut app, KeyCode::Enter);
    let held = form(&app);
    assert!(
        held.error().is_some_and(|e| e.contains("another program")),
        "{:?}",
        held.error()
    );
    assert_eq!(
        (held.text(Field::Pain), held.text(Field::After)),
        ("6".to_string(), "4".to_string()),
        "nothing typed is lost"
    );
    other.execute_batch("COMMIT").unwrap();
    press(&mut app, KeyCode::Enter);
    assert!(!matches!(app.overlay(), Some(Overlay::LogPain(_))), "saved");
    assert_eq!(
        last_reading(&dir).treatment.pain_after.map(Score::value),
        Some(4)
    );
}

/// Marks that join a wide character into a cluster wider than two columns
/// (found by the property tests): every line is still inside the frame,
/// and the table's columns line up after them.
#[test]
fn a_cluster_of_marks_is_drawn_inside_the_frame() {
    let dir = TempDir::new().unwrap();
    let mut store = store(&dir);
    let region = Region::from_slug("hamstrings-left").unwrap();
    let spot = Body::get().home_of(region).unwrap();
    let text = "𝌀 ￼A0﹔𑧜ୀ𖭽অ𑚀AA".to_string();
    store
        .log_reading(
            KnotChoice::New { region, spot },
            &NewReading {
                note: Some(text.clone()),
                technique: Some(text.clone()),
                tool: Some(text),
                ..NewReading::pain(Score::new(5).unwrap())
            },
            now() - Duration::hours(1),
            SessionChoice::Auto,
        )
        .unwrap();
    let mut app = App::new(store, Theme::MONO, now).unwrap();
    for screen in [Screen::History, Screen::Knot] {
        app.update(Msg::Show(screen));
        let frame = frame_text(&mut app, 80, 24);
        for line in frame.lines() {
            let width = unicode_width::UnicodeWidthStr::width(line);
            assert!(width <= 80, "{width} columns: {line:?}");
        }
    }
}

/// The screens give times in the person's zone, as the clock has it, not
/// the machine's.
#[test]
fn times_on_the_screens_are_in_the_clocks_zone() {
    let dir = TempDir::new().unwrap();
    let mut store = store(&dir);
    let region = Region::from_slug("biceps-left").unwrap();
    let spot = Body::get().home_of(region).unwrap();
    let at: DateTime<Utc> = "2026-03-10T12:30:00Z".parse().unwrap();
    store
        .log_reading(
            KnotChoice::New { region, spot },
            &NewReading::pain(Score::new(5).unwrap()),
            at,
            SessionChoice::Auto,
        )
        .unwrap();
    let zone = crate::clock::Zone::Fixed(chrono::FixedOffset::east_opt(13 * 3600).unwrap());
    let clock = crate::clock::Clock::fixed(at + Duration::hours(2), zone);
    let mut app = App::new(store, Theme::MONO, clock).unwrap();
    app.update(Msg::Show(Screen::History));
    let history = frame_text(&mut app, 80, 24);
    assert!(history.contains("Wed 11 Mar 2026, 01:30"), "{history}");
}

//! The terminal app: state and keys in `app` and `keymap`, drawing in
//! `screens` and `widgets`, the terminal itself in `terminal`.

pub mod app;
pub mod background;
pub mod keymap;
pub mod screens;
pub mod terminal;
pub mod widgets;

use std::time::Duration;

use anyhow::Result;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    self, Event, KeyEventKind, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Widget;

use crate::clock::Clock;
use crate::config::Config;
use crate::store::Store;
use crate::theme::Theme;
use app::{App, Msg, Overlay, Setup};
use screens::Screen;
use screens::history::HistoryScreen;
use screens::knot::KnotScreen;
use screens::map::{MapLayout, MapScreen};
use screens::protocol::ProtocolScreen;
use screens::recurring::RecurringScreen;
use screens::trends::TrendsScreen;

/// How often the app looks for readings written by another program while
/// no key is pressed.
const REFRESH_EVERY: Duration = Duration::from_secs(1);
/// How often a running countdown is redrawn.
const COUNTDOWN_EVERY: Duration = Duration::from_millis(200);

/// Opens the app on a store and runs it until the person quits. With a
/// sync folder (`sync`, and one set), the other computers' changes come in
/// before the first frame, and this one's go out after the last.
pub fn run(store: Store, config: &Config, clock: Clock, sync: bool) -> Result<()> {
    let mut setup = Setup::from_config(config, Theme::new(config.theme));
    if !sync {
        setup.sync_dir = None;
    }
    let sync_dir = setup.sync_dir.clone();
    let mut app = App::with_setup(store, setup, clock.clone())?;
    app.update(Msg::Sync);
    let mut terminal = terminal::Session::start()?;
    // Asked once, in raw mode and before the first frame, so the answer is
    // not echoed and the app never changes colours in front of the person.
    if app.theme().follows_background() {
        let background = background::ask(background::WAIT);
        app.update(Msg::Theme(app.theme().on_background(background)));
    }
    let size = terminal.size()?;
    app.update(Msg::Resize(Rect::new(0, 0, size.width, size.height)));
    loop {
        terminal.draw(|frame| draw(&app, frame))?;
        // Debug builds only: the tests' way to see that a panic in the
        // loop gives the terminal back.
        #[cfg(debug_assertions)]
        if std::env::var_os("KNOTMAP_TEST_PANIC").is_some() {
            panic!("a panic asked for with KNOTMAP_TEST_PANIC");
        }
        if app.should_quit() {
            break;
        }
        // A running countdown redraws several times a second.
        let wait = if app.protocol().is_some() {
            COUNTDOWN_EVERY
        } else {
            REFRESH_EVERY
        };
        let message = if event::poll(wait)? {
            match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => Some(Msg::Key(key)),
                Event::Mouse(mouse) => mouse_message(mouse),
                Event::Resize(width, height) => Some(Msg::Resize(Rect::new(0, 0, width, height))),
                _ => None,
            }
        } else {
            Some(Msg::Refresh)
        };
        for message in message.into_iter().chain([Msg::Tick]) {
            app.update(message);
            if app.rings() {
                // The terminal's bell: a beep or a flash, as it is set up.
                print!("\x07");
                std::io::Write::flush(&mut std::io::stdout())?;
            }
        }
    }
    // The terminal is given back first: what goes wrong is said on it.
    drop(terminal);
    if let Some(dir) = sync_dir
        && let Err(error) =
            crate::transfer::sync::sync(&mut app.into_store(), &dir, clock.now_utc())
    {
        anyhow::bail!("the changes of this run are saved here, but not synced: {error}");
    }
    Ok(())
}

/// What a mouse event tells the app: a left click, or the wheel.
pub fn mouse_message(mouse: MouseEvent) -> Option<Msg> {
    match mouse.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            Some(Msg::Click(Position::new(mouse.column, mouse.row)))
        }
        MouseEventKind::ScrollDown => Some(Msg::Scroll(1)),
        MouseEventKind::ScrollUp => Some(Msg::Scroll(-1)),
        _ => None,
    }
}

/// Draws a frame and puts the terminal's cursor on the map cursor, so
/// screen readers and terminal cursors follow it.
pub fn draw(app: &App, frame: &mut Frame) {
    frame.render_widget(app, frame.area());
    let cursor = MapLayout::new(app.ui().viewport, app).position_of(app, app.ui().cursor);
    if let (None, Screen::Map, Some(position)) = (app.overlay(), app.ui().screen, cursor) {
        frame.set_cursor_position(position);
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        match self.ui().screen {
            Screen::Map => MapScreen { app: self }.render(area, buf),
            Screen::Knot => KnotScreen { app: self }.render(area, buf),
            Screen::Trends => TrendsScreen { app: self }.render(area, buf),
            Screen::Recurring => RecurringScreen { app: self }.render(area, buf),
            Screen::History => HistoryScreen { app: self }.render(area, buf),
            Screen::Protocol => ProtocolScreen {
                app: self,
                now: self.now(),
            }
            .render(area, buf),
        }
        match self.overlay() {
            None => {}
            Some(Overlay::Search(search)) => widgets::dialogs::search(self, search, area, buf),
            Some(Overlay::LogPain(form)) => widgets::log_form::log_form(self, form, area, buf),
            Some(Overlay::Notice(notice)) => widgets::dialogs::notice(self, notice, area, buf),
            Some(Overlay::ConfirmQuit) => widgets::dialogs::confirm_quit(self, area, buf),
            Some(Overlay::ConfirmDelete(reading)) => {
                widgets::dialogs::confirm_delete(self, reading, area, buf)
            }
            Some(Overlay::Help) => widgets::dialogs::help(self, area, buf),
        }
    }
}

/// Sizes the app to an off-screen `width` x `height` buffer, draws it there
/// and returns its text, one line per row without trailing spaces:
/// `knotmap render` and the snapshot tests see exactly what the terminal
/// would.
pub fn frame_text(app: &mut App, width: u16, height: u16) -> String {
    app.update(Msg::Resize(Rect::new(0, 0, width, height)));
    // Drawing into memory cannot fail: the backend's error type is empty.
    let Ok(mut terminal) =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height));
    let Ok(_) = terminal.draw(|frame| draw(app, frame));
    buffer_text(terminal.backend().buffer())
}

/// Draws one widget into a `width` x `height` buffer and returns its text.
pub fn widget_text(widget: impl Widget, width: u16, height: u16) -> String {
    let mut buffer = Buffer::empty(Rect::new(0, 0, width, height));
    widget.render(buffer.area, &mut buffer);
    buffer_text(&buffer)
}

fn buffer_text(buffer: &Buffer) -> String {
    let mut text = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut x = 0;
        while x < buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            // A wide character covers the cells after it as well, as on a
            // terminal: a cluster of marks can be wider than two.
            x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

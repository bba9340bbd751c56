//! `knotmap render`: one frame of a screen as plain text, drawn by the same
//! code as the app into an off-screen buffer.

use std::process::ExitCode;

use anyhow::Result;
use chrono::Utc;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::cli::ScreenArg;
use crate::store::Store;
use crate::theme::Theme;
use crate::tui::{self, app::App};

pub fn run(store: Store, screen: ScreenArg, width: u16, height: u16) -> Result<ExitCode> {
    let mut app = App::new(store, Theme::MONO, Utc::now)?;
    match screen {
        ScreenArg::Map => {}
    }
    print!("{}", frame_text(&mut app, width, height)?);
    Ok(ExitCode::SUCCESS)
}

/// Draws the app into a `width` x `height` buffer and returns its text,
/// one line per row, without trailing spaces.
pub fn frame_text(app: &mut App, width: u16, height: u16) -> Result<String> {
    let mut terminal = Terminal::new(TestBackend::new(width, height))?;
    terminal.draw(|frame| tui::draw(app, frame))?;
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        for x in 0..buffer.area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    Ok(text)
}

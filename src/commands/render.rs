//! `knotmap render`: one frame of a screen as plain text, drawn by the same
//! code as the app into an off-screen buffer.

use std::fmt::Write as _;

use anyhow::Result;
use chrono::Utc;

use crate::cli::ScreenArg;
use crate::config::Config;
use crate::store::Store;
use crate::theme::Theme;
use crate::tui::keymap::Keymap;
use crate::tui::{self, app::App};

pub fn run(
    store: Store,
    config: &Config,
    screen: ScreenArg,
    width: u16,
    height: u16,
) -> Result<String> {
    let mut out = String::new();
    // Plain text carries no colour, whatever the theme.
    let mut app = App::new(store, Theme::MONO, Utc::now)?;
    app.keymap = Keymap::with_overrides(&config.keys).unwrap_or_default();
    match screen {
        ScreenArg::Map => {}
    }
    write!(out, "{}", tui::frame_text(&mut app, width, height))?;
    Ok(out)
}

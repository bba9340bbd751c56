//! `knotmap render`: one frame of a screen as plain text, drawn by the same
//! code as the app into an off-screen buffer.

use std::process::ExitCode;

use anyhow::Result;
use chrono::Utc;

use crate::cli::ScreenArg;
use crate::store::Store;
use crate::theme::Theme;
use crate::tui::{self, app::App};

pub fn run(store: Store, screen: ScreenArg, width: u16, height: u16) -> Result<ExitCode> {
    let mut app = App::new(store, Theme::MONO, Utc::now)?;
    match screen {
        ScreenArg::Map => {}
    }
    print!("{}", tui::frame_text(&mut app, width, height));
    Ok(ExitCode::SUCCESS)
}

//! `knotmap render`: one frame of a screen as plain text, drawn by the same
//! code as the app into an off-screen buffer.

use anyhow::Result;

use crate::cli::ScreenArg;
use crate::clock::Clock;
use crate::config::Config;
use crate::store::Store;
use crate::theme::Theme;
use crate::tui::keymap::Keymap;
use crate::tui::screens::Screen;
use crate::tui::{self, app::App};

pub fn run(
    store: Store,
    config: &Config,
    clock: Clock,
    screen: ScreenArg,
    knot: Option<&str>,
    (width, height): (u16, u16),
) -> Result<String> {
    let focus = knot.map(|id| store.find_knot(id)).transpose()?;
    // Plain text carries no colour, whatever the theme.
    let mut app = App::new(store, Theme::MONO, clock)?;
    app.keymap = Keymap::with_overrides(&config.keys).unwrap_or_default();
    if let Some(knot) = focus {
        app.focus_knot = Some(knot.id);
        app.cursor = knot.spot;
    }
    app.set_screen(match screen {
        ScreenArg::Map => Screen::Map,
        ScreenArg::Knot => Screen::Knot,
        ScreenArg::Trends => Screen::Trends,
        ScreenArg::Recurring => Screen::Recurring,
        ScreenArg::History => Screen::History,
        ScreenArg::Protocol => Screen::Protocol,
    });
    Ok(tui::frame_text(&mut app, width, height))
}

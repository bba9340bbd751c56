//! `knotmap render`: one frame of a screen as plain text, drawn by the same
//! code as the app into an off-screen buffer.

use anyhow::Result;

use crate::cli::ScreenArg;
use crate::clock::Clock;
use crate::config::Config;
use crate::store::Store;
use crate::theme::Theme;
use crate::tui::app::{App, Msg, Setup};
use crate::tui::screens::Screen;
use crate::tui::{self};

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
    let setup = Setup::from_config(config, Theme::MONO);
    let mut app = App::with_setup(store, setup, clock)?;
    if let Some(knot) = focus {
        app.update(Msg::Focus(knot.id));
    }
    app.update(Msg::Show(match screen {
        ScreenArg::Map => Screen::Map,
        ScreenArg::Knot => Screen::Knot,
        ScreenArg::Trends => Screen::Trends,
        ScreenArg::Recurring => Screen::Recurring,
        ScreenArg::History => Screen::History,
        ScreenArg::Protocol => Screen::Protocol,
    }));
    Ok(tui::frame_text(&mut app, width, height))
}

//! Taking over the terminal and always giving it back: on quit, on an
//! error returned from the loop, on a panic, and (with `signals`) when a
//! signal asks knotmap to stop.

use std::io::{self, Write, stdout};
use std::ops::{Deref, DerefMut};

use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{LeaveAlternateScreen, disable_raw_mode};

/// The terminal in raw mode on the alternate screen with mouse reporting;
/// dropping it restores everything.
pub struct Session {
    terminal: DefaultTerminal,
}

impl Session {
    pub fn start() -> io::Result<Session> {
        // Said before the terminal is taken: a signal in between restores
        // a terminal that was not changed yet, which does no harm.
        crate::signals::terminal_taken(true);
        // ratatui's hook leaves raw mode and the alternate screen; ours
        // runs first and turns mouse reporting off.
        let terminal = ratatui::try_init()?;
        let report_panic = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore(&mut stdout());
            report_panic(info);
        }));
        let session = Session { terminal };
        execute!(stdout(), EnableMouseCapture)?;
        Ok(session)
    }
}

impl Drop for Session {
    /// Runs on every way out of the loop, `?` included.
    fn drop(&mut self) {
        restore(&mut stdout());
        crate::signals::terminal_taken(false);
    }
}

/// Gives the terminal back as it was: mouse reporting off, the normal
/// screen, the cursor shown, raw mode off. Safe to run twice, and when
/// the terminal was never taken.
pub fn restore(out: &mut impl Write) {
    // Each step is tried even if one before it failed: a half-restored
    // terminal is worse than a message about one step.
    let _ = execute!(out, DisableMouseCapture);
    let _ = execute!(out, LeaveAlternateScreen, Show);
    let _ = disable_raw_mode();
}

impl Deref for Session {
    type Target = DefaultTerminal;

    fn deref(&self) -> &DefaultTerminal {
        &self.terminal
    }
}

impl DerefMut for Session {
    fn deref_mut(&mut self) -> &mut DefaultTerminal {
        &mut self.terminal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restoring_turns_the_mouse_off_and_leaves_the_alternate_screen() {
        let mut written = Vec::new();
        restore(&mut written);
        let text = String::from_utf8(written).unwrap();
        for (sequence, what) in [
            ("\x1b[?1000l", "mouse clicks"),
            ("\x1b[?1006l", "mouse positions"),
            ("\x1b[?1049l", "the alternate screen"),
            ("\x1b[?25h", "the cursor"),
        ] {
            assert!(text.contains(sequence), "{what} not restored: {text:?}");
        }
    }
}

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

/// Why the app cannot draw here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NoTerminal {
    #[error("standard output is not a terminal")]
    NotOnStdout,
    #[error("there is no terminal to read keys from")]
    NoControllingTerminal,
    #[error("TERM=dumb says the terminal cannot move the cursor")]
    Dumb,
}

impl NoTerminal {
    /// The one line that says so and what to use instead.
    pub fn advice(self) -> String {
        format!(
            "the app draws in a terminal, but {self}; for text use `knotmap render` \
             or a command such as `knotmap knots` or `knotmap log` (see `knotmap --help`)"
        )
    }
}

/// Whether the app can take the terminal it runs in: standard output a
/// terminal, a controlling terminal for the keys, and a `TERM` that can
/// draw. Asked before anything is opened, so that a refusal leaves no
/// trace.
pub fn usable() -> Result<(), NoTerminal> {
    use std::io::IsTerminal;
    // crossterm reads keys from /dev/tty when standard input is not a
    // terminal; without a controlling terminal that open fails.
    let controlling = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .is_ok();
    judge(
        stdout().is_terminal(),
        controlling,
        std::env::var_os("TERM").as_deref(),
    )
}

/// The rule of [`usable`], on what it found.
fn judge(
    stdout_is_terminal: bool,
    controlling: bool,
    term: Option<&std::ffi::OsStr>,
) -> Result<(), NoTerminal> {
    if !stdout_is_terminal {
        Err(NoTerminal::NotOnStdout)
    } else if !controlling {
        Err(NoTerminal::NoControllingTerminal)
    } else if term.is_some_and(|term| term == "dumb") {
        Err(NoTerminal::Dumb)
    } else {
        Ok(())
    }
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
    fn the_app_needs_stdout_a_controlling_terminal_and_a_term_that_draws() {
        use std::ffi::OsStr;
        let xterm = Some(OsStr::new("xterm-256color"));
        let dumb = Some(OsStr::new("dumb"));
        for (stdout, controlling, term, want) in [
            (true, true, xterm, Ok(())),
            // Without TERM crossterm still draws with the usual sequences.
            (true, true, None, Ok(())),
            (false, true, xterm, Err(NoTerminal::NotOnStdout)),
            (false, false, dumb, Err(NoTerminal::NotOnStdout)),
            (true, false, xterm, Err(NoTerminal::NoControllingTerminal)),
            (true, true, dumb, Err(NoTerminal::Dumb)),
        ] {
            assert_eq!(
                judge(stdout, controlling, term),
                want,
                "{stdout} {controlling} {term:?}"
            );
        }
        let advice = NoTerminal::NotOnStdout.advice();
        assert!(
            !advice.contains('\n') && advice.contains("knotmap render"),
            "{advice}"
        );
    }

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

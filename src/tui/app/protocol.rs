//! The guided protocol as the app runs it: started on a knot, moved on by
//! the clock, and ended by the scores it logs.

use chrono::{DateTime, Utc};

use super::{App, LogForm, Message, Overlay};
use crate::domain::protocol::Protocol;
use crate::tui::screens::Screen;

/// The guided protocol while it runs, and the knot it treats.
pub(super) struct Running {
    pub(super) protocol: Protocol,
    pub(super) knot_id: i64,
}

impl App {
    pub(super) fn start_or_finish_protocol(&mut self) {
        let now = self.now();
        let knot = match &self.running {
            Some(running) => Some(running.knot_id),
            None => self.focused().map(|s| s.knot.id),
        };
        let Some(summary) = knot.and_then(|id| self.analysis().summary(id)).cloned() else {
            self.message = Some(Message::Error(
                "Log a knot first; the protocol treats one.".to_string(),
            ));
            return;
        };
        match &self.running {
            None => {
                self.ui.focus_knot = Some(summary.knot.id);
                self.ui.screen = Screen::Protocol;
                self.running = Some(Running {
                    protocol: Protocol::start(now),
                    knot_id: summary.knot.id,
                });
            }
            Some(running) if running.protocol.is_finished() => {
                let minutes = running.protocol.minutes(now);
                let last = self.last_treatment(summary.knot.id).ok().flatten();
                let form = LogForm::after_protocol(summary, minutes, last.as_ref());
                self.overlay = Some(Overlay::LogPain(Box::new(form)));
            }
            Some(_) => {}
        }
    }

    pub(super) fn pause_protocol(&mut self, now: DateTime<Utc>) {
        if let Some(running) = &mut self.running {
            running.protocol.toggle_pause(now);
        }
    }

    pub(super) fn skip_phase(&mut self, now: DateTime<Utc>) {
        if let Some(running) = &mut self.running {
            running.protocol.skip(now);
            self.bell = true;
        }
    }

    pub(super) fn stop_protocol(&mut self) {
        if self.running.take().is_some() {
            self.message = Some(Message::Info(
                "Protocol stopped; nothing logged.".to_string(),
            ));
        }
    }

    /// Moves the protocol on with the clock, ringing at each new phase.
    pub(super) fn tick(&mut self, now: DateTime<Utc>) {
        if let Some(running) = &mut self.running {
            self.bell = running.protocol.tick(now);
        }
    }
}

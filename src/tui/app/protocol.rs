//! The guided protocol as the app runs it: started on a knot, moved on by
//! the clock, and ended by the scores it logs. It never starts on a knot
//! on hold, runs gently on the neck, and on the IT band offers the muscles
//! around it instead.

use chrono::{DateTime, Utc};

use super::{App, LogForm, Message, Overlay};
use crate::domain::KnotSummary;
use crate::domain::protocol::{Applies, Protocol, applies};
use crate::tui::screens::Screen;

/// The guided protocol while it runs, and the knot it treats.
pub(super) struct Running {
    pub(super) protocol: Protocol,
    pub(super) knot_id: i64,
}

impl App {
    /// Where the protocol does not apply to the focused knot's region, the
    /// knot on a muscle to work instead, not on hold and most in need
    /// first, if one is logged.
    pub fn protocol_instead(&self, summary: &KnotSummary) -> Option<&KnotSummary> {
        let Applies::NotAtAll { instead } = applies(summary.knot.region) else {
            return None;
        };
        self.knots()
            .iter()
            .find(|s| instead.contains(&s.knot.region) && !s.safety.is_on_hold())
    }

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
            None if summary.safety.is_on_hold() => {
                self.message = Some(Message::Error(format!(
                    "Knot {} is on hold: see a doctor or physiotherapist first. Once they have, {} on the knot screen lifts the hold.",
                    summary.knot.id,
                    self.keymap().key("seen-to")
                )));
            }
            None => match applies(summary.knot.region) {
                Applies::NotAtAll { instead } => self.start_instead(&summary, &instead),
                other => {
                    let Some(variant) = other.variant() else {
                        return;
                    };
                    self.ui.focus_knot = Some(summary.knot.id);
                    self.ui.screen = Screen::Protocol;
                    self.running = Some(Running {
                        protocol: Protocol::start(variant, now),
                        knot_id: summary.knot.id,
                    });
                }
            },
            Some(running) if running.protocol.is_finished() => {
                let minutes = running.protocol.minutes(now);
                let last = self.last_treatment(summary.knot.id).ok().flatten();
                let form = LogForm::after_protocol(summary, minutes, last.as_ref());
                self.overlay = Some(Overlay::LogPain(Box::new(form)));
            }
            Some(_) => {}
        }
    }

    /// The protocol asked for on a region it does not apply to: started on
    /// a knot of a muscle to work instead, or, with none logged, the map's
    /// cursor put on the first of those muscles to log one.
    fn start_instead(&mut self, summary: &KnotSummary, instead: &[crate::body::Region]) {
        let region = summary.knot.region.name();
        if let Some(other) = self.protocol_instead(summary).map(|s| s.knot.id) {
            self.ui.focus_knot = Some(other);
            self.start_or_finish_protocol();
            self.message = Some(Message::Info(format!(
                "Not on the {region}: the protocol runs on knot {other} instead."
            )));
            return;
        }
        let Some((first, spot)) = instead
            .iter()
            .find_map(|r| self.body.home_of(*r).map(|spot| (*r, spot)))
        else {
            return;
        };
        self.ui.cursor = spot;
        self.ui.screen = Screen::Map;
        self.message = Some(Message::Info(format!(
            "Not on the {region}: here is the {}. Press {} to log it, then start the protocol from its knot.",
            first.name(),
            self.keymap().key("log")
        )));
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

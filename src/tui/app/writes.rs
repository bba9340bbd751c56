//! The app's writes to the store: a reading saved or corrected, a reading
//! deleted, a knot marked resolved, and undo. Each write reads the
//! analysis again and leaves a message that says what happened.

use super::undo::Change;
use super::{App, Message, Overlay, PainForm};
use crate::body::Region;
use crate::domain::NewReading;
use crate::domain::analysis::advice_on;
use crate::domain::guidance::capitalise;
use crate::domain::knot::Reading;
use crate::domain::pain::Score;
use crate::store::{KnotChoice, SessionChoice, StoreError};

impl App {
    /// Saves the pain form: a new reading, or the reading it corrects. A
    /// score that does not read keeps the form open with the reason.
    pub(super) fn save(&mut self, form: PainForm) {
        let (pain, after) = match form.scores() {
            Ok(scores) => scores,
            Err(error) => {
                let mut form = form;
                form.error = Some(format!("{}.", capitalise(&error.to_string())));
                self.overlay = Some(Overlay::LogPain(Box::new(form)));
                return;
            }
        };
        let result = match &form.editing {
            Some(before) => self.write_edit(before, pain, after),
            None => {
                let reading = NewReading {
                    pain_after: after,
                    tool: self.setup.default_tool.clone(),
                    technique: form
                        .protocol_minutes
                        .map(|_| "calm-first protocol".to_string()),
                    minutes: form.protocol_minutes,
                    ..NewReading::pain(pain)
                };
                if form.protocol_minutes.is_some() {
                    self.running = None;
                }
                let knot = match &form.knot {
                    Some(summary) => KnotChoice::Existing(summary.knot.id),
                    None => KnotChoice::New {
                        region: form.region,
                        spot: self.ui.cursor,
                    },
                };
                self.write_reading(knot, form.region, &reading)
            }
        };
        self.message = Some(match result {
            Ok(text) => Message::Saved(text),
            Err(error) => Message::Error(format!("Not saved: {error}")),
        });
    }

    fn write_reading(
        &mut self,
        knot: KnotChoice,
        region: Region,
        reading: &NewReading,
    ) -> Result<String, StoreError> {
        let now = self.now();
        // The same session rule as the command line: a reading joins the
        // latest session when that started within the session span.
        let logged = self
            .store
            .log_reading(knot, reading, now, SessionChoice::Auto)?;
        self.saved_this_run += 1;
        self.undo.push(Change::Logged {
            reading_id: logged.reading_id,
        });
        self.ui.focus_knot = Some(logged.knot_id);
        self.reload()?;
        let pain = reading.pain_before.map(u8::from).unwrap_or_default();
        let new = if logged.new_knot { "new knot" } else { "knot" };
        let mut text = format!(
            "Saved {pain}/10 for {new} {} ({}), session {}.",
            logged.knot_id,
            region.name(),
            logged.session_number
        );
        // The most important caution at once; the knot screen lists them all.
        let readings = self.store.readings_of(logged.knot_id)?;
        let summary = self.analysis().summary(logged.knot_id);
        let reading = readings.iter().find(|r| r.id == logged.reading_id);
        let advice = match (summary, reading) {
            (Some(summary), Some(reading)) => advice_on(summary, &readings, reading),
            _ => Vec::new(),
        };
        if let Some(first) = advice.first() {
            text.push_str(&format!(" Careful: {}.", first.text));
        }
        if advice.len() > 1 {
            text.push_str(&format!(" (+{} more on the knot screen)", advice.len() - 1));
        }
        Ok(text)
    }

    fn write_edit(
        &mut self,
        before: &Reading,
        pain: Score,
        after: Option<Score>,
    ) -> Result<String, StoreError> {
        let treatment = NewReading {
            pain_before: Some(pain),
            pain_after: after,
            ..before.treatment.clone()
        };
        self.store.update_reading(before.id, &treatment)?;
        self.undo.push(Change::Edited {
            before: Box::new(before.clone()),
        });
        self.reload()?;
        Ok(format!(
            "Reading changed to {pain}/10. {} undoes it.",
            self.keymap().key("undo")
        ))
    }

    pub(super) fn delete(&mut self, reading: Reading) {
        let result = self.store.delete_reading(reading.id).and_then(|deleted| {
            self.undo.push(Change::Deleted {
                reading: Box::new(deleted),
            });
            self.reload()
        });
        self.message = Some(match result {
            Ok(()) => Message::Saved(format!(
                "Reading deleted. {} puts it back.",
                self.keymap().key("undo")
            )),
            Err(error) => Message::Error(format!("Not deleted: {error}")),
        });
    }

    pub(super) fn toggle_resolved(&mut self) {
        let Some(summary) = self.focused() else {
            return;
        };
        let (id, marked) = (summary.knot.id, summary.knot.marked_resolved_at.is_some());
        let when = (!marked).then(|| self.now());
        let result = self
            .store
            .mark_resolved(id, when)
            .and_then(|()| self.reload());
        // Undo is for readings; after this it must not reach past the mark
        // to an earlier change (the same key again takes the mark back).
        self.undo.clear();
        self.message = Some(match (result, marked) {
            (Err(error), _) => Message::Error(format!("Not saved: {error}")),
            (Ok(()), false) => Message::Saved(format!("Knot {id} marked resolved.")),
            (Ok(()), true) => Message::Saved(format!("Knot {id} is judged by its readings again.")),
        });
    }

    pub(super) fn undo(&mut self) {
        let Some(change) = self.undo.pop() else {
            self.message = Some(Message::Info("Nothing to undo.".to_string()));
            return;
        };
        let result = change.revert(&mut self.store);
        if let (Ok(_), Change::Logged { .. }) = (&result, &change) {
            self.saved_this_run = self.saved_this_run.saturating_sub(1);
        }
        let result = result.and_then(|text| self.reload().map(|()| text));
        self.message = Some(match result {
            Ok(text) => Message::Saved(text.to_string()),
            Err(error) => {
                self.undo.push(change);
                Message::Error(format!("Cannot undo: {error}"))
            }
        });
    }
}

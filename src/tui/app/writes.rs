//! The app's writes to the store: a reading saved or corrected, a reading
//! deleted, a knot marked resolved or lifted off hold, and undo. Each write reads the
//! analysis again and says what happened; every one can be undone.

use super::undo::Change;
use super::{App, LogForm, Message, Notice, Overlay};
use crate::domain::NewReading;
use crate::domain::knot::Reading;
use crate::store::{KnotChoice, SessionChoice, StoreError};

impl App {
    /// Saves the log form: a new reading, or the reading it corrects. A
    /// value that does not read keeps the form open on its field, with the
    /// reason.
    pub(super) fn save(&mut self, mut form: LogForm) {
        let reading = match form.reading() {
            Ok(reading) => reading,
            Err((field, error)) => {
                form.refuse(field, error);
                self.overlay = Some(Overlay::LogPain(Box::new(form)));
                return;
            }
        };
        let result = match &form.editing {
            Some(before) => self.write_edit(before, reading).map(Message::Saved),
            None => self.write_reading(&form, &reading),
        };
        match result {
            Ok(message) => self.message = Some(message),
            // Another program holds the file: keep what was typed, to try
            // again with the same key.
            Err(error) if error.is_busy() => {
                form.hold(format!(
                    "Not saved yet: another program is writing to the database. {} tries again; nothing typed is lost.",
                    self.keymap().key("save")
                ));
                self.overlay = Some(Overlay::LogPain(Box::new(form)));
            }
            Err(error) => self.message = Some(Message::Error(format!("Not saved: {error}"))),
        }
    }

    /// Writes a new reading and says so: on the message line, or, when
    /// there are cautions, in a notice that shows them whole.
    fn write_reading(
        &mut self,
        form: &LogForm,
        reading: &NewReading,
    ) -> Result<Message, StoreError> {
        let now = self.now();
        let knot = match &form.knot {
            Some(summary) => KnotChoice::Existing(summary.knot.id),
            None => KnotChoice::New {
                region: form.region,
                spot: self.ui.cursor,
            },
        };
        // The same session rule as the command line: a reading joins the
        // latest session when that started within the session span.
        let logged = self
            .store
            .log_reading(knot, reading, now, SessionChoice::Auto)?;
        // The protocol's scores are in: it is over.
        if form.protocol_minutes.is_some() {
            self.running = None;
        }
        self.saved_this_run += 1;
        self.ui.focus_knot = Some(logged.knot_id);
        self.undo.push(Change::Logged {
            reading_id: logged.reading_id,
        });
        self.reload()?;
        let pain = reading.pain_before.map(u8::from).unwrap_or_default();
        let new = if logged.new_knot { "new knot" } else { "knot" };
        let text = format!(
            "Saved {pain}/10 for {new} {} ({}), session {}.",
            logged.knot_id,
            form.region.name(),
            logged.session_number
        );
        // The same cautions as `knotmap log` says for this reading.
        let advice = self
            .store
            .advice_on_reading(logged.knot_id, logged.reading_id, now)?;
        if advice.is_empty() {
            return Ok(Message::Saved(text));
        }
        self.overlay = Some(Overlay::Notice(Notice {
            title: format!("Saved · {}", form.region.name()),
            saved: text.clone(),
            cautions: advice
                .into_iter()
                .map(|advice| format!("Careful: {}.", advice.text))
                .collect(),
        }));
        Ok(Message::Saved(text))
    }

    fn write_edit(&mut self, before: &Reading, reading: NewReading) -> Result<String, StoreError> {
        self.store.update_reading(before.id, &reading)?;
        self.undo.push(Change::Edited {
            before: Box::new(before.clone()),
        });
        self.reload()?;
        let pain = reading.pain_before.map(u8::from).unwrap_or_default();
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
        let (id, was) = (summary.knot.id, summary.knot.marked_resolved_at);
        let when = was.is_none().then(|| self.now());
        let result = self
            .store
            .mark_resolved(id, when)
            .and_then(|()| self.reload());
        let undo = self.keymap().key("undo");
        self.message = Some(match (result, was) {
            (Err(error), _) => Message::Error(format!("Not saved: {error}")),
            (Ok(()), None) => {
                Message::Saved(format!("Knot {id} marked resolved. {undo} takes it back."))
            }
            (Ok(()), Some(_)) => Message::Saved(format!(
                "Knot {id} is judged by its readings again. {undo} marks it resolved again."
            )),
        });
        if matches!(self.message, Some(Message::Saved(_))) {
            self.undo.push(Change::Marked { knot_id: id, was });
        }
    }

    /// Lifts the hold on the focused knot: a doctor or physiotherapist has
    /// seen it. A knot not on hold is left as it is.
    pub(super) fn clear_hold(&mut self) {
        let Some(summary) = self.focused() else {
            return;
        };
        let id = summary.knot.id;
        if !summary.safety.is_on_hold() {
            self.message = Some(Message::Info(format!(
                "Knot {id} is not on hold: nothing to lift."
            )));
            return;
        }
        let now = self.now();
        let result = self.store.clear_hold(id, now).and_then(|clearing| {
            self.undo.push(Change::Cleared {
                clearing: Box::new(clearing),
            });
            self.reload()
        });
        let undo = self.keymap().key("undo");
        self.message = Some(match result {
            Ok(()) => Message::Saved(format!(
                "Knot {id} is off hold: it has been seen to. {undo} puts it back on hold."
            )),
            Err(error) => Message::Error(format!("Not saved: {error}")),
        });
    }

    /// Syncs through the settings' sync folder, if one is set, and says
    /// what came in; a failed sync leaves everything here as it was.
    pub(super) fn sync(&mut self) {
        let Some(dir) = self.setup.sync_dir.clone() else {
            return;
        };
        let now = self.now();
        let result = crate::transfer::sync::sync(&mut self.store, &dir, now)
            .map_err(|error| error.to_string())
            .and_then(|synced| {
                self.reload()
                    .map(|()| synced.headline())
                    .map_err(|error| error.to_string())
            });
        self.message = Some(match result {
            Ok(text) => Message::Info(text),
            Err(error) => Message::Error(format!("Not synced: {error}")),
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
            Ok(text) => Message::Saved(text),
            Err(error) => {
                self.undo.push(change);
                Message::Error(format!("Cannot undo: {error}"))
            }
        });
    }
}

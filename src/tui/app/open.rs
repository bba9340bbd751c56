//! Opening the dialogs that change a reading: the log form at the cursor,
//! filled in from the knot's last time, and the correction of a reading
//! from the history.

use super::{App, LogForm, Message, Overlay};
use crate::body::Cell;
use crate::domain::NewReading;
use crate::store::StoreError;

impl App {
    pub(super) fn open_log_pain(&mut self) {
        let Some(region) = self.region_under_cursor() else {
            let hint = match self.cell_under_cursor() {
                Cell::Head => "No muscle of the map on the head: move down to the neck.",
                _ => "Not on the body: move the cursor onto a muscle first.",
            };
            self.message = Some(Message::Error(hint.to_string()));
            return;
        };
        let knot = self.knot_at_cursor().cloned();
        let last = match knot
            .as_ref()
            .map(|summary| self.last_treatment(summary.knot.id))
        {
            Some(Err(error)) => {
                self.message = Some(Message::Error(format!("Cannot read the database: {error}")));
                return;
            }
            Some(Ok(last)) => last,
            None => None,
        };
        let default_tool = self.setup.default_tool.as_deref();
        let form = LogForm::new(region, knot, last.as_ref(), default_tool);
        self.overlay = Some(Overlay::LogPain(Box::new(form)));
    }

    pub(super) fn open_edit(&mut self) {
        let Some(reading) = self.selected_reading().cloned() else {
            return;
        };
        // The history holds the knot of every reading it lists.
        let Some(knot) = self.analysis().history.knot(reading.knot_id) else {
            return;
        };
        let summary = self.analysis().summary(knot.id).cloned();
        let form = LogForm::editing(knot.region, summary, reading);
        self.overlay = Some(Overlay::LogPain(Box::new(form)));
    }

    /// How a knot was treated last time, to fill in the form with.
    pub(super) fn last_treatment(&self, knot_id: i64) -> Result<Option<NewReading>, StoreError> {
        let readings = self.store.readings_of(knot_id)?;
        Ok(readings
            .into_iter()
            .next_back()
            .map(|reading| reading.treatment))
    }
}

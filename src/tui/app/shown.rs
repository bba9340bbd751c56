//! What the screens show, as read from the store. The analysis of the
//! knots in play is read at start and after every write; the rest (a
//! knot's readings, a region's returns, the trends, the history) is read
//! when a screen, a focus or a selection first needs it, so every other
//! keypress draws from memory.

use chrono::{DateTime, Utc};

use super::ui::Ui;
use crate::body::Region;
use crate::clock::Zone;
use crate::domain::KnotSummary;
use crate::domain::analysis::{Analysis, HistoryRow};
use crate::domain::knot::Reading;
use crate::domain::recurrence::{FlaggedRegion, Recurrence};
use crate::domain::trends::Trends;
use crate::store::{RECENT_READINGS, Store, StoreError};
use crate::tui::screens::Screen;

/// How many of a region's newest returns the recurring screen holds:
/// more than the tallest screen lists.
const REGION_RETURNS_SHOWN: usize = 200;

/// What the knot screen shows of its knot beyond the summary.
struct KnotDetail {
    knot_id: i64,
    /// In time order.
    readings: Vec<Reading>,
    /// The return that brought it back most recently, if any.
    recurrence: Option<Recurrence>,
    /// Its summary when it is out of play, so not in the analysis.
    summary: Option<KnotSummary>,
}

pub struct Shown {
    /// The knots in play, their due list and flagged regions, and the
    /// history once the history screen has read it.
    analysis: Analysis,
    /// Trends over the period, read when the trends screen first shows
    /// them.
    trends: Option<Trends>,
    /// How many of the newest readings the history holds: a page more each
    /// time the list is scrolled past its end.
    history_limit: usize,
    /// Whether the history screen's readings are at hand.
    history_read: bool,
    focus_detail: Option<KnotDetail>,
    /// The newest returns to the region selected on the recurring screen.
    region_returns: Option<(Region, Vec<Recurrence>)>,
    /// The database's version when it was last read, to notice writes by
    /// another program.
    data_version: i64,
}

impl Shown {
    pub fn read(store: &Store, now: DateTime<Zone>) -> Result<Shown, StoreError> {
        Ok(Shown {
            analysis: store.analysis(now)?,
            trends: None,
            history_limit: RECENT_READINGS,
            history_read: false,
            focus_detail: None,
            region_returns: None,
            data_version: store.data_version()?,
        })
    }

    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    /// The knot the knot screen shows: the one in focus, else the first.
    pub fn focused(&self, ui: &Ui) -> Option<&KnotSummary> {
        let focus = ui.focus_knot.and_then(|id| {
            self.analysis.summary(id).or_else(|| {
                // A knot out of play (calmed long ago), as read on focus.
                let detail = self.focus_detail.as_ref()?;
                detail.summary.as_ref().filter(|s| s.knot.id == id)
            })
        });
        focus.or_else(|| self.analysis.knots.first())
    }

    fn focused_detail(&self, ui: &Ui) -> Option<&KnotDetail> {
        let id = self.focused(ui)?.knot.id;
        self.focus_detail
            .as_ref()
            .filter(|detail| detail.knot_id == id)
    }

    /// The readings of the knot the knot screen shows, in time order.
    pub fn readings_of_focused(&self, ui: &Ui) -> &[Reading] {
        self.focused_detail(ui)
            .map(|detail| detail.readings.as_slice())
            .unwrap_or_default()
    }

    /// The return that brought the knot shown back most recently, if any.
    pub fn focused_recurrence(&self, ui: &Ui) -> Option<&Recurrence> {
        self.focused_detail(ui)?.recurrence.as_ref()
    }

    pub fn trends(&self) -> Option<&Trends> {
        self.trends.as_ref()
    }

    /// The rows of the trends table as it is grouped now.
    pub fn trend_rows(&self, ui: &Ui) -> usize {
        match &self.trends {
            Some(trends) if ui.trends_by_area => trends.areas.len(),
            Some(trends) => trends.regions.len(),
            None => 0,
        }
    }

    pub fn selected_flagged(&self, ui: &Ui) -> Option<&FlaggedRegion> {
        self.analysis.flagged.get(ui.recurring_selected)
    }

    pub fn selected_region_returns(&self, ui: &Ui) -> &[Recurrence] {
        match (self.selected_flagged(ui), &self.region_returns) {
            (Some(flagged), Some((region, returns))) if flagged.region == *region => returns,
            _ => &[],
        }
    }

    pub fn selected_reading(&self, ui: &Ui) -> Option<&Reading> {
        match self.analysis.history_rows.get(ui.history_selected) {
            Some(&HistoryRow::Reading(index)) => self.analysis.history.readings.get(index),
            _ => None,
        }
    }

    /// Reads what the screen in front shows beyond the analysis when it is
    /// not at hand yet.
    pub fn read_for(
        &mut self,
        store: &Store,
        ui: &mut Ui,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        match ui.screen {
            Screen::Knot => self.read_focused_knot(store, ui, now),
            Screen::Recurring => self.read_selected_region(store, ui),
            Screen::Trends => self.read_trends(store, ui, now),
            Screen::History => self.read_history(store, ui),
            Screen::Map | Screen::Protocol => Ok(()),
        }
    }

    /// Reads everything again after a write, then what the screen shows.
    pub fn reload(
        &mut self,
        store: &Store,
        ui: &mut Ui,
        now: DateTime<Zone>,
    ) -> Result<(), StoreError> {
        self.analysis = store.analysis(now)?;
        self.history_read = false;
        self.trends = None;
        self.focus_detail = None;
        self.region_returns = None;
        ui.recurring_selected = ui
            .recurring_selected
            .min(self.analysis.flagged.len().saturating_sub(1));
        self.read_for(store, ui, now.with_timezone(&Utc))?;
        self.data_version = store.data_version()?;
        Ok(())
    }

    /// Whether another program has written to the database since the last
    /// read (a second knotmap, a script running `knotmap log`).
    pub fn changed_elsewhere(&self, store: &Store) -> Result<bool, StoreError> {
        Ok(store.data_version()? != self.data_version)
    }

    /// Forgets the trends, so the next look reads them for a new period.
    pub fn forget_trends(&mut self) {
        self.trends = None;
    }

    /// The newest readings for the history screen, keeping the selection
    /// on a reading.
    fn read_history(&mut self, store: &Store, ui: &mut Ui) -> Result<(), StoreError> {
        if self.history_read {
            return Ok(());
        }
        let history = store.recent_history(self.history_limit)?;
        self.analysis.set_history(history);
        self.history_read = true;
        let rows = self.analysis.history_rows.len();
        if ui.history_selected >= rows || self.selected_reading(ui).is_none() {
            ui.history_selected = self
                .first_reading_row(ui.history_selected.min(rows.saturating_sub(1)), -1)
                .or_else(|| self.first_reading_row(0, 1))
                .unwrap_or(0);
        }
        Ok(())
    }

    /// Moves the history's selection to the next reading in direction
    /// `step`, reading a page of older ones past the oldest held.
    pub fn select_in_history(
        &mut self,
        store: &Store,
        ui: &mut Ui,
        step: isize,
    ) -> Result<(), StoreError> {
        let next = (ui.history_selected as isize + step).max(0) as usize;
        if step > 0 && self.first_reading_row(next, step).is_none() {
            self.read_older_history(store)?;
        }
        if let Some(row) = self.first_reading_row(next, step) {
            ui.history_selected = row;
        }
        Ok(())
    }

    fn read_older_history(&mut self, store: &Store) -> Result<(), StoreError> {
        if self.analysis.history.readings.len() < self.history_limit {
            return Ok(());
        }
        self.history_limit += RECENT_READINGS;
        let history = store.recent_history(self.history_limit)?;
        self.analysis.set_history(history);
        Ok(())
    }

    /// The first reading row at or after `from` going in direction `step`.
    fn first_reading_row(&self, from: usize, step: isize) -> Option<usize> {
        let rows = &self.analysis.history_rows;
        let mut index = from as isize;
        while index >= 0 && (index as usize) < rows.len() {
            if matches!(rows[index as usize], HistoryRow::Reading(_)) {
                return Some(index as usize);
            }
            index += step.signum();
        }
        None
    }

    fn read_trends(
        &mut self,
        store: &Store,
        ui: &Ui,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if self.trends.is_none() {
            self.analysis.heat = store.knots_per_region()?;
            self.trends = Some(store.trends(ui.period.since(now), now)?);
        }
        Ok(())
    }

    fn read_focused_knot(
        &mut self,
        store: &Store,
        ui: &Ui,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut summary = None;
        let mut knot_id = ui.focus_knot;
        if let Some(id) = knot_id.filter(|&id| self.analysis.summary(id).is_none()) {
            if self.focus_detail.as_ref().is_some_and(|d| d.knot_id == id) {
                return Ok(());
            }
            summary = store.knot_summary(id, now)?;
            if summary.is_none() {
                knot_id = None;
            }
        }
        let knot_id = knot_id.or_else(|| self.analysis.knots.first().map(|s| s.knot.id));
        if knot_id != self.focus_detail.as_ref().map(|detail| detail.knot_id) {
            self.focus_detail = match knot_id {
                Some(knot_id) => Some(KnotDetail {
                    knot_id,
                    readings: store.readings_of(knot_id)?,
                    recurrence: store.latest_recurrence_of(knot_id)?,
                    summary,
                }),
                None => None,
            };
        }
        Ok(())
    }

    fn read_selected_region(&mut self, store: &Store, ui: &Ui) -> Result<(), StoreError> {
        let region = self.selected_flagged(ui).map(|flagged| flagged.region);
        if region != self.region_returns.as_ref().map(|(region, _)| *region) {
            self.region_returns = match region {
                Some(region) => Some((
                    region,
                    store.recurrences(Some(region), REGION_RETURNS_SHOWN)?,
                )),
                None => None,
            };
        }
        Ok(())
    }
}

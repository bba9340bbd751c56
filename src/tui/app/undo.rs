//! The changes made from the app, newest last, so that `u` takes them
//! back one after another, through the whole sitting.

use chrono::{DateTime, Utc};

use crate::domain::knot::Reading;
use crate::domain::safety::Clearing;
use crate::store::{Store, StoreError};

/// One change made from the app, with what it takes to reverse it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Logged {
        reading_id: i64,
    },
    Edited {
        before: Box<Reading>,
    },
    Deleted {
        reading: Box<Reading>,
    },
    /// A knot marked resolved, or unmarked: `was` is the mark before.
    Marked {
        knot_id: i64,
        was: Option<DateTime<Utc>>,
    },
    /// A knot on hold said to be seen to.
    Cleared {
        clearing: Box<Clearing>,
    },
}

impl Change {
    /// Reverses the change in the store and says what was undone.
    pub fn revert(&self, store: &mut Store) -> Result<String, StoreError> {
        match self {
            Change::Logged { reading_id } => {
                // The store hands back what it deleted: that is what to name.
                let reading = store.delete_reading(*reading_id)?;
                Ok(format!(
                    "Undid the reading just saved: {} for knot {}.",
                    pain(&reading),
                    reading.knot_id
                ))
            }
            Change::Edited { before } => {
                store.update_reading(before.id, &before.treatment)?;
                Ok(format!(
                    "Undid the correction: knot {}'s reading is {} again.",
                    before.knot_id,
                    pain(before)
                ))
            }
            Change::Deleted { reading } => {
                store.restore_reading(reading)?;
                Ok(format!(
                    "Undid the delete: knot {}'s reading of {} is back.",
                    reading.knot_id,
                    pain(reading)
                ))
            }
            Change::Marked { knot_id, was } => {
                store.mark_resolved(*knot_id, *was)?;
                Ok(match was {
                    Some(_) => {
                        format!("Undid the change: knot {knot_id} is marked resolved again.")
                    }
                    None => {
                        format!("Undid the mark: knot {knot_id} is judged by its readings again.")
                    }
                })
            }
            Change::Cleared { clearing } => {
                store.remove_clearing(clearing)?;
                Ok(format!(
                    "Undid it: knot {} is on hold again.",
                    clearing.knot_id
                ))
            }
        }
    }
}

fn pain(reading: &Reading) -> String {
    reading
        .treatment
        .pain_before
        .map_or_else(|| "no score".to_string(), |pain| format!("{pain}/10"))
}

/// The changes that `u` can take back, oldest first.
#[derive(Debug, Default)]
pub struct UndoLog {
    changes: Vec<Change>,
}

impl UndoLog {
    /// Remembers a change as the newest.
    pub fn push(&mut self, change: Change) {
        self.changes.push(change);
    }

    /// The newest change, taken off the log.
    pub fn pop(&mut self) -> Option<Change> {
        self.changes.pop()
    }
}

//! The changes made from the app, newest last, so that `u` can take them
//! back one after another.

use crate::domain::knot::Reading;
use crate::store::{Store, StoreError};

/// One change made from the app, with what it takes to reverse it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Logged { reading_id: i64 },
    Edited { before: Box<Reading> },
    Deleted { reading: Box<Reading> },
}

impl Change {
    /// Reverses the change in the store and says what was done.
    pub fn revert(&self, store: &mut Store) -> Result<&'static str, StoreError> {
        match self {
            Change::Logged { reading_id } => store
                .delete_reading(*reading_id)
                .map(|_| "Took back the reading just saved."),
            Change::Edited { before } => store
                .update_reading(before.id, &before.treatment)
                .map(|()| "Put the reading back as it was."),
            Change::Deleted { reading } => store
                .restore_reading(reading)
                .map(|()| "Put the deleted reading back."),
        }
    }
}

/// The changes that `u` can take back.
#[derive(Debug, Default)]
pub struct UndoLog {
    changes: Vec<Change>,
}

impl UndoLog {
    /// Remembers a change as the newest.
    pub fn push(&mut self, change: Change) {
        // Only the newest change is kept: undo takes back one step.
        self.changes.clear();
        self.changes.push(change);
    }

    /// The newest change, taken off the log.
    pub fn pop(&mut self) -> Option<Change> {
        self.changes.pop()
    }

    /// Forgets every change, so undo cannot reach past a change it cannot
    /// take back.
    pub fn clear(&mut self) {
        self.changes.clear();
    }
}

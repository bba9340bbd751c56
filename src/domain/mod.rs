//! The rules of knotmap as plain functions over plain types: no drawing,
//! no SQL, and the current time always passed in, in the person's zone
//! (the domain reads neither the clock nor the machine's zone).

pub mod analysis;
pub mod course;
pub mod digest;
pub mod due;
pub mod guidance;
pub mod hints;
pub mod history;
pub mod knot;
pub mod pain;
pub mod protocol;
pub mod recurrence;
pub mod rules;
pub mod safety;
pub mod stamp;
pub mod symptom;
pub mod treatment;
pub mod trends;
pub mod verdict;
pub mod when;

pub use history::{History, Session};
pub use knot::{Knot, KnotStatus, KnotSummary, NewReading, Reading};
pub use pain::Score;
pub use rules::Rules;
pub use symptom::Symptom;

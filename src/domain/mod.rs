//! The rules of knotmap as plain functions over plain types: no drawing,
//! no SQL, and the current time always passed in.

pub mod knot;
pub mod pain;
pub mod rules;
pub mod session;
pub mod symptom;
pub mod when;

pub use knot::{Knot, KnotStatus, KnotSummary, NewReading, Reading};
pub use pain::Score;
pub use rules::Rules;
pub use symptom::Symptom;

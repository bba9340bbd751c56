//! The body: its muscle regions, the two drawings, and finding a region by
//! name. Pure data and lookups, no drawing and no storage.

pub mod map;
mod names;
pub mod regions;
pub mod search;
mod suggest;
pub mod words;

pub use map::{Body, BodyView, Cell, Spot, View};
pub use regions::{Area, Caution, MUSCLES, Muscle, Region, Side};

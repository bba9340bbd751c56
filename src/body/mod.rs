//! The body: its muscle regions, the drawings at several sizes, places on
//! them, and finding a region by name. Pure data and lookups, no drawing
//! and no storage.

pub mod map;
mod names;
pub mod regions;
pub mod search;
pub mod spot;
mod suggest;
pub mod words;

pub use map::{Body, BodyView, Cell, Size, View};
pub use regions::{Area, Caution, MUSCLES, Muscle, Region, Side};
pub use spot::{LEGACY_GRID, PER_MILLE, Spot};

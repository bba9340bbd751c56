//! One widget per screen.

pub mod map;

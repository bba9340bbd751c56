//! Pieces the screens are built from.

pub mod body_map;
pub mod dialogs;

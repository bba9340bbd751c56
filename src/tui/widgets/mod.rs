//! Pieces the screens are built from.

pub mod body_map;
pub mod chrome;
pub mod dialogs;
pub mod fit;
pub mod log_form;
pub mod pain_chart;

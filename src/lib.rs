//! knotmap: a body map in the terminal for tracking muscle knots and how
//! they calm down. The binary is a thin shell over these modules.

pub mod body;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod completion;
pub mod config;
pub mod demo;
pub mod domain;
pub mod exchange;
pub mod fault;
pub mod leftovers;
pub mod output;
pub mod progress;
pub mod report;
pub mod sample;
pub mod signals;
pub mod store;
pub mod text;
pub mod theme;
pub mod transfer;
pub mod tui;

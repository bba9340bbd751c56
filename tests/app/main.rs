//! The app driven in-process: keys and clicks in, frames (some kept as
//! snapshots) and stored readings out.

// Fixture helpers unwrap like assertions do: a broken fixture fails the test.
#![allow(clippy::unwrap_used)]

#[path = "../common/mod.rs"]
mod common;

mod keymap;
mod safety;
mod sizes;
mod sync;
mod tui;

//! The command line from the outside: what scripts and users rely on (see
//! "Interfaces that others rely on" in DESIGN.md), one module per command.
//!
//! Every test runs the real binary in a sandbox of its own (see
//! `common`): a fresh database in a temporary folder, in UTC, without
//! colours, and without the settings or `$KNOTMAP_*` variables of the
//! person running the tests.

// Fixture helpers unwrap like assertions do: a broken fixture fails the test.
#![allow(clippy::unwrap_used)]

#[path = "../common/mod.rs"]
mod common;
mod support;

mod clear;
mod completions_man;
mod config;
mod database;
mod demo;
mod doctor;
mod due;
mod edit;
mod export_import;
mod files;
mod knots;
mod log;
mod log_guidance;
mod no_terminal;
mod output;
mod program;
mod progress;
mod recurring;
mod regions;
mod render;
mod report;
mod sample_data;
mod show;
mod sync;
mod text;
mod trends;
mod words;

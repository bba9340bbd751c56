//! How knotmap holds up, run as a program: killed while it writes
//! (`crash`), two processes writing into one database at once
//! (`concurrency`), never a network connection (`privacy`), and the
//! terminal given back on every way out (`signals`). These are
//! the slow tests, kept apart from the others.
//!
//! `cargo test --test reliability -- --nocapture` prints their figures;
//! `cargo test --test reliability crash:: -- --nocapture` those of one
//! module.

// Fixture helpers unwrap like assertions do: a broken fixture fails the test.
#![allow(clippy::unwrap_used)]

#[path = "../common/mod.rs"]
mod common;

mod concurrency;
mod crash;
mod privacy;
mod signals;
mod terminal;

use std::process::Command;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

/// Runs `command` to the end; it must succeed. Its stdout.
fn run_ok(mut command: Command) -> String {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// A time as the export format writes it.
fn stamp(time: DateTime<Utc>) -> String {
    time.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A UUID of the shape knotmap writes, unique per `tag`, `kind` and `n`.
fn uuid(tag: u32, kind: u16, n: usize) -> String {
    format!("{tag:08x}-{kind:04x}-4000-8000-{n:012x}")
}

/// The one number `sql` selects.
fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |row| row.get(0)).unwrap()
}

//! The library called in-process, without a terminal: the database file
//! (`database`), the summaries kept beside the readings (`summaries`) and
//! what other programs write to them (`outside`, `moved`), the
//! change stamps and tombstones of every write (`versions`), replicas that
//! exchange changes and converge (`sync`), and property
//! tests over the app, the parsers, the import reader and notes
//! (`properties`).

// Fixture helpers unwrap like assertions do: a broken fixture fails the test.
#![allow(clippy::unwrap_used)]

#[path = "../common/mod.rs"]
mod common;

mod database;
mod moved;
mod outside;
mod properties;
mod summaries;
mod sync;
mod versions;

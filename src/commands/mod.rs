//! One module per subcommand: each parses what clap could not, calls the
//! store and the domain, and prints text or JSON.

mod knots;
mod log;
mod regions;
mod render;

use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use chrono::Utc;
use tempfile::TempDir;

use crate::cli::{Cli, Command};
use crate::demo;
use crate::store::{DbLocation, IfMissing, Store};

/// Runs what the command line asked for.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let Cli { db, demo, command } = cli;
    let open =
        |if_missing: fn(&DbLocation) -> IfMissing| Workspace::open(db.clone(), demo, if_missing);
    match command {
        None => {
            let workspace = open(|_| IfMissing::Create)?;
            crate::tui::run(workspace.store)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Regions { json }) => regions::run(json),
        Some(Command::Log(args)) => log::run(&mut open(|_| IfMissing::Create)?.store, &args),
        Some(Command::Knots { json, all }) => {
            knots::run(&open(DbLocation::if_missing_for_reading)?.store, json, all)
        }
        Some(Command::Render {
            screen,
            width,
            height,
        }) => render::run(
            open(DbLocation::if_missing_for_reading)?.store,
            screen,
            width,
            height,
        ),
    }
}

/// The open database, and the temporary folder that holds it in demo mode
/// (removed when the workspace is dropped).
pub struct Workspace {
    pub store: Store,
    _demo_dir: Option<TempDir>,
}

impl Workspace {
    fn open(
        db: Option<std::path::PathBuf>,
        demo: bool,
        if_missing: fn(&DbLocation) -> IfMissing,
    ) -> Result<Workspace> {
        if demo {
            let dir = tempfile::Builder::new()
                .prefix("knotmap-demo-")
                .tempdir()
                .context("cannot create a temporary folder for the demo")?;
            let mut store = Store::open(&dir.path().join("demo.db"), IfMissing::Create)?;
            demo::fill(&mut store, Utc::now())?;
            return Ok(Workspace {
                store,
                _demo_dir: Some(dir),
            });
        }
        let location = DbLocation::resolve(db)
            .ok_or_else(|| anyhow!("cannot find a home folder for the database; pass --db PATH"))?;
        let store = Store::open(&location.path, if_missing(&location))?;
        Ok(Workspace {
            store,
            _demo_dir: None,
        })
    }
}

//! One module per subcommand: each parses what clap could not, calls the
//! store and the domain, and prints text or JSON.

mod clear;
mod config;
mod docs;
mod doctor;
mod due;
mod edit;
pub mod export;
mod import;
mod knots;
mod log;
mod manual;
mod recurring;
mod regions;
mod render;
pub mod report;
mod sample_data;
mod show;
mod sync;
mod trends;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use tempfile::TempDir;

use crate::cli::{Cli, Command};
use crate::clock::Clock;
use crate::config::{self as settings, Config};
use crate::demo;
use crate::output::Output;
use crate::store::{DbLocation, IfMissing, Store};
use crate::text::for_terminal_if;

/// Runs what the command line asked for, printing its output.
pub fn run(cli: Cli) -> Result<ExitCode> {
    // Lines end where their text does, whatever padding a table left.
    let (output, code) = output_of(cli)?;
    let mut stdout = io::stdout().lock();
    // Whatever a command missed, no stored text reaches a terminal as a
    // command to it; JSON into a pipe stays byte for byte.
    let output = for_terminal_if(stdout.is_terminal(), &output);
    match stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
    {
        // A reader that stops early (`knotmap regions | head`) is not an
        // error: it has what it wanted.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(code),
        result => {
            result?;
            Ok(code)
        }
    }
}

/// Does the work of a command and returns what it prints and its exit
/// status.
fn output_of(cli: Cli) -> Result<(String, ExitCode)> {
    let Cli {
        db,
        demo,
        config: config_path,
        command,
    } = cli;
    let config_path = config_path.or_else(settings::default_path);
    // Commands that only print what clap knows need no settings.
    let done = |text: String| (text, ExitCode::SUCCESS);
    match &command {
        Some(Command::Completions { shell }) => return docs::completions(*shell).map(done),
        Some(Command::Man) => return docs::man().map(done),
        Some(Command::Config(action)) => {
            return config::run(action, config_path.as_deref()).map(done);
        }
        _ => {}
    }
    let config = match &config_path {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    // The one place the wall clock and the machine's zone are read.
    let clock = Clock::system();
    let open = |if_missing: fn(&DbLocation) -> IfMissing| {
        Workspace::open(db.clone(), demo, if_missing, &config, &clock)
    };
    let text = match command {
        Some(Command::Doctor { repair }) => {
            let location = DbLocation::resolve(db.clone()).ok_or_else(|| {
                anyhow!("cannot find a home folder for the database; pass --db PATH")
            })?;
            if repair {
                let text = doctor::repair(&location.path, &config, clock.now_utc())?;
                return Ok((text, ExitCode::SUCCESS));
            }
            let (text, healthy) = doctor::run(&location.path, &config, clock.now_utc());
            let code = if healthy {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            };
            return Ok((text, code));
        }
        Some(Command::Due { json }) => {
            let (text, anything_due) = due::run(
                &open(DbLocation::if_missing_for_reading)?.store,
                &clock,
                json,
            )?;
            // For a shell prompt or cron: success means something is due.
            let code = if anything_due {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            };
            return Ok((text, code));
        }
        None => {
            if let Err(reason) = crate::tui::terminal::usable() {
                bail!(reason.advice());
            }
            let workspace = open(|_| IfMissing::Create)?;
            // A sample history is never synced.
            crate::tui::run(workspace.store, &config, clock.clone(), !demo)?;
            Ok(String::new())
        }
        Some(Command::Regions { json }) => regions::run(json),
        Some(Command::Log(args)) => log::run(&args, &config, &clock, || {
            open(|_| IfMissing::Create).map(|workspace| workspace.store)
        }),
        Some(Command::Clear { knot, at }) => clear::run(&knot, at.as_deref(), &clock, || {
            open(DbLocation::if_missing_for_reading).map(|workspace| workspace.store)
        }),
        Some(Command::Edit(args)) => edit::edit(&args, &clock, || {
            open(DbLocation::if_missing_for_reading).map(|workspace| workspace.store)
        }),
        Some(Command::Delete { reading, yes }) => edit::delete(&reading, yes, &clock, || {
            open(DbLocation::if_missing_for_reading).map(|workspace| workspace.store)
        }),
        Some(Command::Knots { json, all }) => knots::run(
            &open(DbLocation::if_missing_for_reading)?.store,
            &clock,
            json,
            all,
        ),
        Some(Command::Show { knot, json }) => show::run(
            &open(DbLocation::if_missing_for_reading)?.store,
            &clock,
            &knot,
            json,
        ),
        Some(Command::Trends { area, since, json }) => trends::run(
            &open(DbLocation::if_missing_for_reading)?.store,
            &clock,
            area.as_deref(),
            since.as_deref(),
            json,
        ),
        Some(Command::Recurring { limit, all, json }) => {
            let limit = if all { usize::MAX } else { limit };
            recurring::run(
                &open(DbLocation::if_missing_for_reading)?.store,
                &clock,
                limit,
                json,
            )
        }
        // Exports and reports go out byte for byte: a CSV cell may end in
        // spaces.
        Some(Command::Export { format, output }) => {
            let output = Output::open(output.as_deref().unwrap_or(Path::new("-")))?;
            export::run(
                &open(DbLocation::if_missing_for_reading)?.store,
                &clock,
                format,
                output,
            )?;
            return Ok(done(String::new()));
        }
        Some(Command::Import { file }) => import::run(&file, clock.now_utc(), |if_missing| {
            let workspace = match if_missing {
                IfMissing::Create => open(|_| IfMissing::Create),
                IfMissing::Refuse => open(|_| IfMissing::Refuse),
            }?;
            Ok(workspace.store)
        }),
        Some(Command::Sync { dir, json }) => {
            if demo {
                bail!(
                    "--demo works on a sample of its own, which is never synced; leave out --demo"
                );
            }
            let dir = sync::folder(dir, &config)?;
            sync::run(&dir, json, &clock, open(|_| IfMissing::Create)?.store)
        }
        Some(Command::Report {
            output,
            since,
            all,
            format,
        }) => {
            let output = Output::open(output.as_deref().unwrap_or(Path::new("-")))?;
            let store = open(DbLocation::if_missing_for_reading)?.store;
            let text = report::run(&store, &clock, since.as_deref(), all, format)?;
            output.finish(&text)?;
            return Ok(done(String::new()));
        }
        Some(Command::Render {
            screen,
            knot,
            width,
            height,
        }) => render::run(
            open(DbLocation::if_missing_for_reading)?.store,
            &config,
            clock.clone(),
            screen,
            knot.as_deref(),
            (width, height),
        ),
        Some(Command::SampleData { readings, seed }) => {
            if demo {
                bail!("--demo works on its own sample; give sample-data a new database with --db");
            }
            sample_data::run(&readings, &seed, &clock, || {
                open(|_| IfMissing::Create).map(|workspace| workspace.store)
            })
        }
        Some(Command::Completions { .. } | Command::Man | Command::Config(_)) => {
            unreachable!("answered before the settings are read")
        }
    }?;
    // Lines of text end where their text does, whatever padding a table
    // left.
    let text: String = text
        .lines()
        .flat_map(|line| [line.trim_end(), "\n"])
        .collect();
    Ok(done(text))
}

/// The open database, and the temporary folder that holds it in demo mode
/// (removed when the workspace is dropped).
pub struct Workspace {
    pub store: Store,
    _demo_dir: Option<TempDir>,
}

impl Workspace {
    fn open(
        db: Option<PathBuf>,
        demo: bool,
        if_missing: fn(&DbLocation) -> IfMissing,
        config: &Config,
        clock: &Clock,
    ) -> Result<Workspace> {
        if demo {
            let dir = tempfile::Builder::new()
                .prefix("knotmap-demo-")
                .tempdir()
                .context("cannot create a temporary folder for the demo")?;
            // Dropping the folder removes it on a normal exit and on a
            // panic; a signal does not drop it.
            crate::signals::remove_on_signal(dir.path());
            let mut store = Store::open(&dir.path().join("demo.db"), IfMissing::Create)?;
            store.set_rules(config.rules());
            store.set_clock(clock.clone());
            demo::fill(&mut store, clock.now_utc())?;
            return Ok(Workspace {
                store,
                _demo_dir: Some(dir),
            });
        }
        let location = DbLocation::resolve(db)
            .ok_or_else(|| anyhow!("cannot find a home folder for the database; pass --db PATH"))?;
        let mut store = Store::open(&location.path, if_missing(&location))?;
        store.set_rules(config.rules());
        store.set_clock(clock.clone());
        Ok(Workspace {
            store,
            _demo_dir: None,
        })
    }
}

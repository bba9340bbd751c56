//! The command line, as clap definitions. Parsing only: the work is in
//! `commands`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::ArgValueCandidates;

use crate::completion;

#[derive(Debug, Parser)]
#[command(
    name = "knotmap",
    version,
    about = "Map your muscle knots on a body in the terminal and see them calm down",
    long_about = "Map your muscle knots on a body in the terminal and see them calm down.\n\n\
        Without a command, knotmap opens the body map: move to where it hurts, press Enter \
        and type a pain score from 0 to 10. Every knot and reading is kept in a local \
        SQLite file.\n\n\
        knotmap is a self-care log, not medical advice. With a history of circulation or \
        nerve problems, or a serious injury, ask a doctor or physiotherapist before treating \
        knots yourself."
)]
pub struct Cli {
    /// The database file [default: knotmap.db in the platform data folder]
    #[arg(long, global = true, env = "KNOTMAP_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Work on a fresh sample history in a temporary file; your own data is not touched
    #[arg(long, global = true)]
    pub demo: bool,

    /// The settings file [default: config.toml in the platform config folder]
    #[arg(long, global = true, env = "KNOTMAP_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every muscle region: slug, name, area, side, caution and the
    /// everyday words it answers to
    Regions {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Log a pain score for a knot
    // Negative numbers are values, so that "-1" gets a clear error about
    // the scale rather than a usage error about an unknown option.
    #[command(allow_negative_numbers = true)]
    Log(Box<LogArgs>),
    /// List knots with their status, sessions, and first and latest pain
    Knots {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
        /// Include resolved knots
        #[arg(long)]
        all: bool,
    },
    /// One knot's history, its chart and its verdict
    Show {
        /// The knot's id, or the start of its UUID
        #[arg(add = ArgValueCandidates::new(completion::knots))]
        knot: String,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Say that a knot on hold has been seen to by a doctor or
    /// physiotherapist, so that it can be treated again
    #[command(
        long_about = "Say that a knot on hold has been seen to by a doctor or \
        physiotherapist, so that it can be treated again.\n\n\
        A knot goes on hold when a reading notes a red flag: numbness or tingling, swelling, \
        a sharp pain, a bruise after a session, or a calf that is swollen, warm or red. \
        While it is on hold it is not due, the guided protocol does not start on it and no \
        tool is suggested for it. The date it was seen to is kept and exported with the \
        history; a red flag logged after it puts the knot on hold again."
    )]
    Clear {
        /// The knot's id, or the start of its UUID
        knot: String,
        /// When it was seen to: 2026-03-14, "2026-03-14 18:30" (local time) or RFC 3339 [default: now]
        #[arg(long, value_name = "DATETIME")]
        at: Option<String>,
    },
    /// Correct one reading: the fields given change, the others stay
    // "-1" is a value, refused with a clear word about the scale.
    #[command(
        allow_negative_numbers = true,
        long_about = "Correct one reading: the fields given change, the others stay. An empty \
        --note, --technique or --tool removes it; --symptom, given once or more, replaces the \
        symptoms.\n\n\
        The reading's id is in `knotmap show KNOT --json`. The correction carries a change \
        stamp, so `knotmap sync` and `knotmap import` take it to your other computers."
    )]
    Edit(Box<EditArgs>),
    /// Delete one reading; --yes confirms it
    #[command(
        long_about = "Delete one reading; --yes confirms it. Without --yes, says which reading \
        it would delete and changes nothing.\n\n\
        The deletion is remembered, so `knotmap sync` and `knotmap import` take it to your other \
        computers, and an older export imported later does not bring the reading back."
    )]
    Delete {
        /// The reading's id (`knotmap show KNOT --json` lists them), or the start of its UUID
        #[arg(add = ArgValueCandidates::new(completion::readings))]
        reading: String,
        /// Delete it
        #[arg(long)]
        yes: bool,
    },
    /// Pain per muscle region and per body area over time
    Trends {
        /// Only this body area, e.g. neck, lower-back, thigh
        #[arg(long, value_name = "AREA")]
        area: Option<String>,
        /// From this date on (2026-03-14, "2026-03-14 18:30" or RFC 3339) [default: all]
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Print JSON instead of tables
        #[arg(long)]
        json: bool,
    },
    /// Knots due for treatment today; exits 0 when something is due, 1 when not
    Due {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Knots that came back after calming, and the regions where they do
    Recurring {
        /// How many returns to list per region, newest first
        #[arg(long, value_name = "N", default_value_t = 10, conflicts_with = "all")]
        limit: usize,
        /// List every return
        #[arg(long)]
        all: bool,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Write the whole history as JSON (to take elsewhere) or CSV (for a spreadsheet)
    Export {
        /// The format
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Write to this file instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Merge a JSON export into this database; importing the same file twice changes nothing
    Import {
        /// A file written by `knotmap export --format json`
        file: PathBuf,
    },
    /// Exchange changes with your other computers through a folder you already sync
    #[command(
        long_about = "Exchange changes with your other computers through a folder you already \
        sync (Syncthing, Dropbox, iCloud Drive, OneDrive, a git repository...).\n\n\
        Each computer keeps one file in the folder, knotmap-DEVICE.json, and only it writes \
        that file, so the tool that syncs the folder never sees a conflict. A sync reads every \
        other computer's file and keeps, for each knot, session, reading and clearing, the \
        latest change made anywhere, deletions included; then it writes this computer's file. \
        The order in which computers sync does not matter, and running it again changes \
        nothing.\n\n\
        A file that is damaged or only half synced is skipped with a message and read again \
        at the next sync; nothing is taken from it. Safe to run from cron or at every start."
    )]
    Sync {
        /// The folder [default: the sync-dir setting]
        #[arg(value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
        dir: Option<PathBuf>,
        /// Print JSON: the files read, what each brought, and what was written
        #[arg(long)]
        json: bool,
    },
    /// A summary of the history a physiotherapist can read, with charts
    Report {
        /// Write to this file instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// From this date on (2026-03-14, "2026-03-14 18:30" or RFC 3339) [default: the last 12 weeks]
        #[arg(long, value_name = "DATE", conflicts_with = "all")]
        since: Option<String>,
        /// The whole history instead of the last 12 weeks
        #[arg(long)]
        all: bool,
        /// HTML (one self-contained file) or Markdown
        #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
        format: ReportFormat,
    },
    /// Draw one frame of a screen as plain text, exactly as the app shows it
    Render {
        /// The screen to draw
        #[arg(long, value_enum, default_value_t = ScreenArg::Map)]
        screen: ScreenArg,
        /// The knot the knot screen shows [default: the one most in need]
        #[arg(long, value_name = "ID", add = ArgValueCandidates::new(completion::knots))]
        knot: Option<String>,
        /// Width of the frame in columns
        #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u16).range(1..=1000))]
        width: u16,
        /// Height of the frame in rows
        #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(u16).range(1..=1000))]
        height: u16,
    },
    /// Check the database and say what is wrong, if anything
    Doctor {
        /// Back the file up, then work the summaries out again and remove
        /// triggers and views knotmap did not make
        #[arg(long)]
        repair: bool,
    },
    /// Fill a new database with a made-up history, to try knotmap on years of data
    // "-3" is a value, refused with a clear word about the range.
    #[command(
        allow_negative_numbers = true,
        long_about = "Fill a new database with a made-up history, to try knotmap on \
        years of data or to time it.\n\n\
        Writes about N readings ending now: knots that calm from 7-8/10 to 3-4 in three to \
        five sessions, knots that stall, knots that get worse, knots that calm and flare again \
        months later, and new knots beside calmed ones, in sittings of several readings a day. \
        The newest month is the demo's. A million readings span about ten years and a few \
        thousand knots, with a few dozen still open today.\n\n\
        The same --readings and --seed give the same history, so that timings can be compared.\n\n\
        Only a new or empty database is filled. One that already holds knots, sessions or \
        readings is refused and left as it was: your own log is never mixed with made-up data. \
        For another sample, name another file with --db, or delete this one first."
    )]
    SampleData {
        /// About how many readings to write; at least 63, what the newest month alone holds
        #[arg(long, value_name = "N", default_value = "5000")]
        readings: String,
        /// Another seed gives another history of the same shape
        #[arg(long, value_name = "SEED", default_value_t = crate::sample::DEFAULT_SEED.to_string())]
        seed: String,
    },
    /// Show where the settings file is, or write a commented default one
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print a shell completion script: knotmap completions bash > ~/.local/share/bash-completion/completions/knotmap
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): knotmap man | man -l -
    Man,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print where the settings file is read from
    Path,
    /// Write a settings file with every setting at its default, explained
    Init,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The muscle region: a slug such as upper-trapezius-left, a unique
    /// start of one, or words such as "left trap", "calf r" or "lower back
    /// left"; a word for an area lists its muscles to choose from
    #[arg(add = ArgValueCandidates::new(completion::regions))]
    pub region: String,
    /// Pain before treatment, 0 (none) to 10 (worst)
    pub pain: String,
    #[command(flatten)]
    pub treatment: TreatmentArgs,
    /// When: 2026-03-14, "2026-03-14 18:30" (local time) or RFC 3339 [default: now]
    #[arg(long, value_name = "DATETIME")]
    pub at: Option<String>,
    /// The knot's id, to log for a knot other than the region's latest
    #[arg(long, value_name = "ID", add = ArgValueCandidates::new(completion::knots))]
    pub knot: Option<String>,
}

/// What a reading says besides its score, as `log` and `edit` take it.
#[derive(Debug, Args)]
pub struct TreatmentArgs {
    /// Pain right after treatment, 0 to 10
    #[arg(long, value_name = "N")]
    pub after: Option<String>,
    /// How it was treated, e.g. "pressure", "rolling", "pin and stretch"
    #[arg(long, value_name = "T", add = ArgValueCandidates::new(completion::techniques))]
    pub technique: Option<String>,
    /// What it was treated with, e.g. "foam roller", "ball", "massage gun"
    #[arg(long, value_name = "T", add = ArgValueCandidates::new(completion::tools))]
    pub tool: Option<String>,
    /// Minutes spent on this area
    #[arg(long, value_name = "M")]
    pub minutes: Option<String>,
    /// Pressure used, 0 to 10
    #[arg(long, value_name = "P")]
    pub pressure: Option<String>,
    /// A symptom noticed: numbness, tingling, swelling, bruising, sharp-pain, warmth, redness (repeat for several)
    #[arg(long = "symptom", value_name = "S", add = ArgValueCandidates::new(completion::symptoms))]
    pub symptoms: Vec<String>,
    /// A note
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Pressure pain threshold from an algometer, in kg/cm2
    #[arg(long, value_name = "KG_CM2")]
    pub ppt: Option<String>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The reading's id (`knotmap show KNOT --json` lists them), or the start of its UUID
    #[arg(add = ArgValueCandidates::new(completion::readings))]
    pub reading: String,
    /// Pain before treatment, 0 (none) to 10 (worst)
    #[arg(long, value_name = "N")]
    pub pain: Option<String>,
    #[command(flatten)]
    pub treatment: TreatmentArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Every record with every field (the format `import` reads)
    Json,
    /// One row per reading, with its knot and session, for a spreadsheet
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained page with charts, to print or send
    Html,
    /// Plain text with tables
    Md,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScreenArg {
    /// The body map
    Map,
    /// One knot's chart, verdict and readings
    Knot,
    /// Pain per region and area, and where knots form
    Trends,
    /// Knots that came back
    Recurring,
    /// Sessions and their readings, newest first
    History,
    /// The guided calm-first protocol, at its first phase
    Protocol,
}

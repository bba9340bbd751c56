//! Leaving cleanly when asked to stop by a signal: SIGINT, SIGTERM, SIGHUP
//! or SIGQUIT give the terminal back and remove the demo's temporary
//! folder before knotmap exits with 128 plus the signal's number, the
//! status a shell reports for a program a signal ended.
//!
//! The signals are taken only once there is something to undo (the
//! terminal taken, a temporary folder made), so a plain command keeps the
//! default behaviour. A thread of its own waits for them: it acts at once,
//! even while the app waits for a key or for the database.

use std::io::{Write, stdout};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once};

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::tui::terminal;

/// The signals that ask a program to stop.
pub const STOPPING: [i32; 4] = [SIGHUP, SIGINT, SIGQUIT, SIGTERM];

/// Whether the app holds the terminal now.
static TERMINAL_TAKEN: AtomicBool = AtomicBool::new(false);
/// Folders and files to remove on the way out.
static LEFT_BEHIND: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static WATCHING: Once = Once::new();

/// Says whether the app holds the terminal; while it does, a signal
/// restores it before knotmap exits.
pub fn terminal_taken(taken: bool) {
    TERMINAL_TAKEN.store(taken, Ordering::SeqCst);
    if taken {
        watch();
    }
}

/// Whether the app holds the terminal now: nothing else may draw on it.
pub fn is_terminal_taken() -> bool {
    TERMINAL_TAKEN.load(Ordering::SeqCst)
}

/// Has a signal remove `path` (a folder with what is in it, or a file)
/// before knotmap exits. One already gone by then is passed over.
pub fn remove_on_signal(path: &Path) {
    left_behind().push(path.to_path_buf());
    watch();
}

/// The list of folders, even if a thread panicked while holding it: a
/// list of paths cannot be left half changed.
fn left_behind() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    LEFT_BEHIND
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Starts the thread that waits for the signals, once.
fn watch() {
    WATCHING.call_once(|| {
        // Without the handlers the signals keep their default action: the
        // program still stops, only less tidily, so this is no reason to
        // refuse to run.
        let Ok(mut signals) = Signals::new(STOPPING) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("signals".to_string())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    leave(signal);
                }
            });
    });
}

/// Undoes what knotmap set up and exits as `signal` asks.
fn leave(signal: i32) -> ! {
    // Holding standard output keeps the app from drawing another frame
    // over the restored screen.
    let mut out = stdout().lock();
    if TERMINAL_TAKEN.load(Ordering::SeqCst) {
        terminal::restore(&mut out);
    }
    let _ = out.flush();
    for path in left_behind().iter() {
        let _ = if path.is_dir() {
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        };
    }
    // A database write cut short here is rolled back by SQLite when the
    // file is next opened, as after a crash.
    std::process::exit(128 + signal)
}

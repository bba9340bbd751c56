//! What a run killed outright leaves behind: the temporary file of an
//! output it was writing, the staging folder of an import. A signal that
//! can be caught removes them on the way out (see `signals`); after a
//! SIGKILL or a power cut, the next run that makes one of its own sweeps
//! them away.
//!
//! A run holds an advisory lock on each such file or folder for as long
//! as it uses it, so that another run can tell one in use from one left
//! behind.

use std::fs::{self, File};
use std::path::Path;
use std::time::Duration;

/// How long a leftover must have been left alone before it is taken for
/// a killed run's: a run that has just made its own may not have locked
/// it yet.
const STALE_AFTER: Duration = Duration::from_secs(60);

/// Whether the leftovers swept are files or folders (with what is in
/// them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leftover {
    File,
    Folder,
}

/// Removes the files or folders named `prefix...` in `folder` that no
/// running knotmap holds and that were left alone for a while.
pub fn sweep(folder: &Path, prefix: &str, kind: Leftover) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(prefix) {
            continue;
        }
        let path = entry.path();
        let settled = fs::symlink_metadata(&path).is_ok_and(|meta| {
            let of_kind = match kind {
                Leftover::File => meta.is_file(),
                Leftover::Folder => meta.is_dir(),
            };
            of_kind
                && meta
                    .modified()
                    .is_ok_and(|at| at.elapsed().is_ok_and(|age| age >= STALE_AFTER))
        });
        if settled && File::open(&path).is_ok_and(|held| held.try_lock().is_ok()) {
            let _ = match kind {
                Leftover::File => fs::remove_file(&path),
                Leftover::Folder => fs::remove_dir_all(&path),
            };
        }
    }
}

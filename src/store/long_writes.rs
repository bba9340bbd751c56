//! Writes that hold the database for long (an import of a big export)
//! announce themselves with an advisory lock on the database's folder,
//! taken before their transaction and given back after it. Any other
//! write first waits for such a write to end, however long it takes,
//! instead of giving up after its usual patience: a `log` typed during an
//! import goes through once the import is in.
//!
//! The lock is on the folder, not on the file: closing a second
//! descriptor of the database file would drop the locks SQLite holds on
//! it in this process. A folder's lock is shared by the databases in it,
//! which at worst makes a write to one wait for an import into another.
//! A folder that cannot be opened is not announced on: its writes go
//! ahead as any other.

use std::fs::File;
use std::path::Path;

/// A long write under way, announced until this is dropped.
#[derive(Debug)]
pub(super) struct Announced {
    _folder: Option<File>,
}

fn folder_of(path: &Path) -> Option<File> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    File::open(folder).ok()
}

/// Announces a long write to the database at `path`, once any other long
/// write to it has ended.
pub(super) fn announce(path: &Path) -> Announced {
    let folder = folder_of(path).filter(|folder| folder.lock().is_ok());
    Announced { _folder: folder }
}

/// Waits for a long write announced on the database at `path`, if one is
/// under way.
pub(super) fn wait_for_long_write(path: &Path) {
    let Some(folder) = folder_of(path) else {
        return;
    };
    if let Err(std::fs::TryLockError::WouldBlock) = folder.try_lock_shared() {
        let _ = folder.lock_shared();
    }
}

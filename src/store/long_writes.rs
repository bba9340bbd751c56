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
pub(crate) struct Announced {
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
pub(crate) fn announce(path: &Path) -> Announced {
    let folder = folder_of(path).filter(|folder| folder.lock().is_ok());
    Announced { _folder: folder }
}

/// Whether a long write is announced on the database at `path` now.
pub(crate) fn is_under_way(path: &Path) -> bool {
    folder_of(path).is_some_and(|folder| {
        matches!(
            folder.try_lock_shared(),
            Err(std::fs::TryLockError::WouldBlock)
        )
    })
}

/// Waits for a long write announced on the database at `path`, if one is
/// under way, saying so first: an import stopped with Ctrl-Z holds its
/// lock, and a write that waits in silence looks like a hang.
pub(super) fn wait_for_long_write(path: &Path) {
    wait_saying(path, || {
        // While the app draws, the terminal is its alone.
        if !crate::signals::is_terminal_taken() {
            eprintln!(
                "knotmap: waiting for an import or a recompute of {} in another knotmap to \
                 finish (Ctrl-C stops waiting)",
                crate::text::printable(&path.display().to_string())
            );
        }
    });
}

/// [`wait_for_long_write`], calling `say` before it starts to wait.
fn wait_saying(path: &Path, say: impl FnOnce()) {
    let Some(folder) = folder_of(path) else {
        return;
    };
    if let Err(std::fs::TryLockError::WouldBlock) = folder.try_lock_shared() {
        say();
        let _ = folder.lock_shared();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, mpsc};
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_write_says_it_waits_for_a_long_write_and_goes_on_after_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("knotmap.db");
        let announced = announce(&db);
        assert!(is_under_way(&db));

        let said = Arc::new(AtomicBool::new(false));
        let (done_tx, done) = mpsc::channel();
        let waiter = {
            let (db, said) = (db.clone(), Arc::clone(&said));
            std::thread::spawn(move || {
                wait_saying(&db, || said.store(true, Ordering::SeqCst));
                done_tx.send(()).unwrap();
            })
        };
        assert!(
            done.recv_timeout(Duration::from_millis(300)).is_err(),
            "the write waits while the long write holds the folder"
        );
        assert!(said.load(Ordering::SeqCst), "and says so before it waits");
        drop(announced);
        done.recv_timeout(Duration::from_secs(10))
            .expect("the write goes on once the long write ends");
        waiter.join().unwrap();
        assert!(!is_under_way(&db));
    }

    #[test]
    fn a_write_with_nothing_to_wait_for_says_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut said = false;
        wait_saying(&dir.path().join("knotmap.db"), || said = true);
        assert!(!said);
    }
}

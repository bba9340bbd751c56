//! Where the database file lives: `--db`, else `$KNOTMAP_DB`, else the
//! platform's data folder.

use std::path::PathBuf;

use directories::ProjectDirs;

use super::IfMissing;

/// The database file to use, and whether the person named it themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbLocation {
    pub path: PathBuf,
    pub named: bool,
}

impl DbLocation {
    /// `named` is the path from `--db` or `$KNOTMAP_DB`, if one was given.
    pub fn resolve(named: Option<PathBuf>) -> Option<DbLocation> {
        match named {
            Some(path) => Some(DbLocation { path, named: true }),
            None => default_path().map(|path| DbLocation { path, named: false }),
        }
    }

    /// Commands that only read refuse a named file that does not exist (a
    /// typo should not silently show an empty history), but create the
    /// default one on first use.
    pub fn if_missing_for_reading(&self) -> IfMissing {
        if self.named {
            IfMissing::Refuse
        } else {
            IfMissing::Create
        }
    }
}

/// `knotmap.db` in the platform data folder, e.g.
/// `~/.local/share/knotmap/knotmap.db` on Linux.
pub fn default_path() -> Option<PathBuf> {
    ProjectDirs::from("", "", "knotmap").map(|dirs| dirs.data_dir().join("knotmap.db"))
}

//! What can go wrong with the database, said in words a person can act on.

use thiserror::Error;

use crate::fault::io_words;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("no database at {0}; check the path, or log a first reading to create one")]
    Missing(String),
    #[error("{0} is a folder, not a database file")]
    IsDirectory(String),
    #[error(
        "{0} is not a regular file (a pipe, a device or a socket); give the path of a database file"
    )]
    NotAFile(String),
    #[error(
        "{0} has a schema version ({1}) no knotmap writes; `knotmap doctor` says more; nothing was changed"
    )]
    BadVersion(String, i64),
    #[error("{0} is not a knotmap database (it is not an SQLite file); nothing was changed")]
    NotSqlite(String),
    #[error("{0} is an SQLite database of another program, not knotmap's; nothing was changed")]
    Foreign(String),
    #[error(
        "{path} was written by a newer knotmap (schema version {found}, this one knows up to {known}); upgrade knotmap to open it; nothing was changed"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error(
        "{0} cannot be written: the file or its folder is read-only for you; nothing was changed"
    )]
    ReadOnly(String),
    #[error("cannot open {0}: {1}")]
    CannotOpen(String, String),
    #[error("cannot update the schema of {0}: {1}")]
    Migration(String, String),
    #[error("the database is damaged ({0}); `knotmap doctor` says more")]
    Damaged(String),
    #[error(
        "{0} fails SQLite's quick integrity check, so nothing is written to it; run `knotmap doctor`"
    )]
    Unsound(String),
    #[error("cannot use {0}: {words}", words = io_words(.1))]
    Io(String, std::io::Error),
    #[error("no knot {0}; `knotmap knots --all` lists them")]
    UnknownKnot(String),
    #[error("no reading {0}; it may have been deleted")]
    UnknownReading(i64),
    #[error("no reading {0}; `knotmap show KNOT --json` lists a knot's readings")]
    NoSuchReading(String),
    #[error("\"{0}\" matches several readings; give more of the UUID")]
    AmbiguousReading(String),
    #[error("\"{0}\" matches several knots; give more of the id")]
    AmbiguousKnot(String),
    #[error("the database holds a record knotmap cannot read: {0}")]
    BadRecord(String),
    #[error("{0} is busy: another program is writing to it; try again")]
    Busy(String),
    #[error("the database could not be used: {words}", words = sqlite_words(.0))]
    Sqlite(rusqlite::Error),
}

impl StoreError {
    /// Whether another program held the file for longer than this store
    /// waits: worth trying again, nothing is wrong with what was written.
    pub fn is_busy(&self) -> bool {
        match self {
            StoreError::Busy(_) => true,
            StoreError::Sqlite(error) => sqlite_busy(error),
            _ => false,
        }
    }
}

/// Whether SQLite gave up waiting for another connection's lock.
pub(super) fn sqlite_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> StoreError {
        match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                StoreError::Damaged(error.to_string())
            }
            _ => StoreError::Sqlite(error),
        }
    }
}

/// What went wrong in SQLite, in words a person can act on: the kind of
/// failure, never the SQL that failed.
pub fn sqlite_words(error: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    match error {
        rusqlite::Error::SqliteFailure(failure, _) => match failure.code {
            ErrorCode::ReadOnly => "the file or its folder is read-only".to_string(),
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
                "another program held it for too long; try again".to_string()
            }
            ErrorCode::DiskFull => "the disk is full".to_string(),
            ErrorCode::SystemIoFailure => "the disk could not be read or written".to_string(),
            ErrorCode::PermissionDenied | ErrorCode::CannotOpen => {
                "it cannot be opened; check that you may read and write it and its folder"
                    .to_string()
            }
            ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => "it is damaged".to_string(),
            ErrorCode::ConstraintViolation => "a record breaks a rule of the schema".to_string(),
            _ => "its schema is not what knotmap expects; `knotmap doctor` says more".to_string(),
        },
        _ => "a record is not what knotmap expects; `knotmap doctor` says more".to_string(),
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

//! Two computers, one history, through a folder the person already syncs
//! (Syncthing, Dropbox, iCloud Drive, a git repository...).
//!
//! Each database writes one file in the folder, `knotmap-DEVICE.json`,
//! and only that one: no two computers ever write the same file, so the
//! tool that syncs the folder never sees a conflict. The file is a whole
//! export with change stamps and tombstones (format version 4), so any
//! one file, however many syncs its reader missed, brings everything its
//! writer knew. A sync takes in every other device's file (for each
//! record the later stamp wins, so the order of the files and of the
//! syncs does not matter), then writes its own, which then holds what it
//! took in too.

use std::fs::{self, File};
use std::io::BufReader;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use thiserror::Error;

use super::export;
use crate::domain::stamp::Device;
use crate::fault::io_words;
use crate::output::{Output, OutputError};
use crate::progress::Progress;
use crate::store::{ImportError, Merged, StageError, Staging, Store, StoreError};
use crate::text::plural;

#[derive(Debug, Error)]
pub enum SyncError {
    #[error("{0} is not a folder; give the folder you sync between your computers")]
    NotAFolder(String),
    #[error("cannot read the folder {0}: {1}")]
    Folder(String, String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Write(anyhow::Error),
}

/// What one sync did.
#[derive(Debug, Clone, Serialize)]
pub struct Synced {
    /// This database's device id.
    pub device: String,
    /// This database's file in the folder.
    pub file: String,
    /// The files of other devices taken in, with what each changed here.
    pub received: Vec<Received>,
    /// The files of other devices not read again: they have not changed
    /// since they were last taken in.
    pub unchanged: Vec<String>,
    /// Files of other devices that could not be read this time.
    pub skipped: Vec<Skipped>,
    pub sent: Sent,
}

/// One other device's file taken in, and what it changed here.
#[derive(Debug, Clone, Serialize)]
pub struct Received {
    pub file: String,
    #[serde(flatten)]
    pub merged: Merged,
}

#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

/// This database's file: what it holds, and whether this sync wrote it.
#[derive(Debug, Clone, Serialize)]
pub struct Sent {
    /// False when the file already held all of it.
    pub written: bool,
    pub knots: usize,
    pub sessions: usize,
    pub readings: usize,
    pub clearings: usize,
    pub tombstones: usize,
}

/// The file of `device` in the sync folder.
pub fn file_name(device: &Device) -> String {
    format!("knotmap-{device}.json")
}

/// Whether `name` is the file of some device: anything else in the folder
/// (a sync tool's conflict copy or temporary file, another program's file)
/// is none of knotmap's business.
fn is_device_file(name: &str) -> bool {
    name.strip_prefix("knotmap-")
        .and_then(|rest| rest.strip_suffix(".json"))
        .is_some_and(|device| Device::parse(device).is_ok())
}

/// Takes in every other device's file in `dir`, then writes this
/// database's own. `now` is the wall clock.
pub fn sync(store: &mut Store, dir: &Path, now: DateTime<Utc>) -> Result<Synced, SyncError> {
    let shown = dir.display().to_string();
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return Err(SyncError::NotAFolder(shown)),
        Err(error) => return Err(SyncError::Folder(shown, io_words(&error))),
    }
    let device = store.own_device()?;
    let own = file_name(&device);

    let mut received = Vec::new();
    let mut unchanged = Vec::new();
    let mut skipped = Vec::new();
    for (name, path) in device_files(dir)? {
        if name == own {
            continue;
        }
        match take_in(store, &name, &path, now) {
            Ok(Some(merged)) => received.push(Received { file: name, merged }),
            Ok(None) => unchanged.push(name),
            Err(Taken::Skip(reason)) => skipped.push(Skipped { file: name, reason }),
            Err(Taken::Fail(error)) => return Err(error.into()),
        }
    }

    let (written, sent) = write_own(store, &dir.join(&own))?;
    Ok(Synced {
        device: device.to_string(),
        file: own,
        received,
        unchanged,
        skipped,
        sent: Sent {
            written,
            knots: sent.knots,
            sessions: sent.sessions,
            readings: sent.readings,
            clearings: sent.clearings,
            tombstones: sent.tombstones,
        },
    })
}

/// Writes this database's own file at `path`, replacing it whole, unless
/// it already holds exactly that; whether it wrote, and what the file
/// holds. The file is dated by the latest change, not by the clock, so
/// that with nothing new it is the same file. It is first written to
/// nowhere, to compare: a sync with nothing new leaves not even a
/// temporary file in the folder for the sync tool to carry.
fn write_own(store: &Store, path: &Path) -> Result<(bool, export::Written), SyncError> {
    let exported_at = store
        .latest_stamp()?
        .map_or(DateTime::UNIX_EPOCH, |stamp| stamp.time());
    let mut hasher = Sha256::new();
    let sent = export::write(store, exported_at, &mut hasher, &Progress::hidden())
        .map_err(SyncError::Write)?;
    let digest = format!("{:x}", hasher.finalize());
    if digest_of(path).ok().as_deref() == Some(digest.as_str()) {
        return Ok((false, sent));
    }
    Output::open(path)?
        .stream(|out| export::write(store, exported_at, out, &Progress::hidden()).map(drop))
        .map_err(SyncError::Write)?;
    Ok((true, sent))
}

/// The SHA-256 of the file at `path`, read a piece at a time.
fn digest_of(path: &Path) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    std::io::copy(&mut File::open(path)?, &mut hasher)?;
    Ok(format!("{:x}", hasher.finalize()))
}

/// The device files in `dir`, by name.
fn device_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, SyncError> {
    let shown = || dir.display().to_string();
    let entries =
        fs::read_dir(dir).map_err(|error| SyncError::Folder(shown(), io_words(&error)))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|error| SyncError::Folder(shown(), io_words(&error)))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        // Regular files only (through a link too): a pipe or a device of
        // that name would keep the sync waiting for ever.
        let regular = fs::metadata(entry.path()).is_ok_and(|meta| meta.is_file());
        if is_device_file(&name) && regular {
            files.push((name, entry.path()));
        }
    }
    files.sort();
    Ok(files)
}

enum Taken {
    /// The file cannot be taken in this time (half synced, damaged): the
    /// database is left as it was, and the next sync tries again.
    Skip(String),
    /// The database itself failed: the sync stops.
    Fail(StoreError),
}

/// Takes in the file `name` at `path`; `None` when it has not changed
/// since it was last taken in. The file is read twice, a piece at a time:
/// once for its digest, once into a staging file, checked whole before
/// the database is written.
fn take_in(
    store: &mut Store,
    name: &str,
    path: &Path,
    now: DateTime<Utc>,
) -> Result<Option<Merged>, Taken> {
    let unreadable = |error: std::io::Error| Taken::Skip(io_words(&error));
    let digest = digest_of(path).map_err(unreadable)?;
    if store
        .sync_file_digest(name)
        .map_err(Taken::Fail)?
        .as_deref()
        == Some(digest.as_str())
    {
        return Ok(None);
    }
    let reader = BufReader::new(File::open(path).map_err(unreadable)?);
    let staging = Staging::read(reader, now).map_err(|error| match error {
        StageError::Refused(why) => Taken::Skip(why.to_string()),
        StageError::Store(error) => Taken::Fail(error),
    })?;
    let merged = store
        .import(&staging, &Progress::hidden())
        .map_err(|error| match error {
            ImportError::Store(error) => Taken::Fail(error),
            other => Taken::Skip(other.to_string()),
        })?;
    store
        .remember_sync_file(name, &digest)
        .map_err(Taken::Fail)?;
    Ok(Some(merged))
}

impl Synced {
    /// One line for the app's message line: what came in from the other
    /// computers.
    pub fn headline(&self) -> String {
        let count = |field: fn(&Merged) -> usize| -> usize {
            self.received.iter().map(|r| field(&r.merged)).sum()
        };
        let anything = self.received.iter().any(|r| r.merged.brought_anything());
        // Knots, sessions and clearings come with the readings that tell
        // a person what happened.
        let (readings, changed, deleted) = (
            count(|r| r.readings),
            count(|r| r.changed),
            count(|r| r.deleted),
        );
        let mut line = if anything {
            format!(
                "Synced: {} added, {changed} changed, {deleted} deleted, from your other computers.",
                plural(readings as i64, "reading", "readings")
            )
        } else {
            "Synced: nothing new from your other computers.".to_string()
        };
        if !self.skipped.is_empty() {
            line.push_str(&format!(
                " {} could not be read yet; the next sync tries again.",
                plural(self.skipped.len() as i64, "file", "files")
            ));
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_device_files_are_taken_in() {
        let device = Device::parse(&"ab".repeat(16)).unwrap();
        assert!(is_device_file(&file_name(&device)));
        for other in [
            "knotmap-abab.json",
            "knotmap-ABABABABABABABABABABABABABABABAB.json",
            ".knotmap-abababababababababababababababab.json.knotmap-tmp-x1",
            "knotmap-abababababababababababababababab.sync-conflict-20260301.json",
            "knotmap-abababababababababababababababab.json~",
            "notes.json",
        ] {
            assert!(!is_device_file(other), "{other}");
        }
    }
}

//! Where a command's `-o` writes, and how: standard output for `-`; a
//! FIFO, a terminal or another device written to as a stream, never
//! replaced; a regular file (a symlink's target, for a symlink) replaced
//! whole or not at all, keeping its mode and owner; a new file private to
//! its owner.

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, IsTerminal, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;
use thiserror::Error;

use crate::fault::io_words;
use crate::leftovers::{self, Leftover};
use crate::text::for_terminal_if;

/// More links than this in a row is a loop.
const MAX_LINKS: usize = 40;

/// The names a person gives for standard output itself: written through
/// knotmap's own standard output, so that a redirection to a file is never
/// opened again (and truncated, or replaced) under it.
const STDOUT_NAMES: [&str; 4] = ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"];

#[derive(Debug, Error)]
pub enum OutputError {
    #[error("{0} is a folder; give the name of a file to write")]
    IsDirectory(String),
    #[error("cannot write {0}: the folder {1} does not exist")]
    NoFolder(String, String),
    #[error("cannot write {0}: {1}")]
    Write(String, String),
}

/// A place to write a command's output, opened before the work is done so
/// that a wrong path is refused at once.
#[derive(Debug)]
pub struct Output {
    to: To,
}

#[derive(Debug)]
enum To {
    Stdout,
    Stream {
        file: File,
        shown: String,
    },
    /// A temporary file beside the target, renamed over it once whole.
    Replace {
        temp: NamedTempFile,
        target: PathBuf,
        shown: String,
        /// The mode, owner and group of the file it replaces.
        keep: Option<(u32, u32, u32)>,
    },
}

impl Output {
    /// The output `-o path` names; `-` is standard output.
    pub fn open(path: &Path) -> Result<Output, OutputError> {
        let shown = path.display().to_string();
        if STDOUT_NAMES.iter().any(|name| path == Path::new(name)) {
            return Ok(Output { to: To::Stdout });
        }
        let write_error = |error: &io::Error| OutputError::Write(shown.clone(), io_words(error));
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => Err(OutputError::IsDirectory(shown)),
            Ok(meta) if !meta.is_file() => {
                // Opened by the path given: /dev/fd/N and /proc links lead
                // to the right place only when the kernel follows them.
                let file = OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|error| write_error(&error))?;
                Ok(Output {
                    to: To::Stream { file, shown },
                })
            }
            Ok(meta) => {
                // Opening for writing (without truncating) changes nothing
                // and refuses a file the person could not write with `>`.
                OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|error| write_error(&error))?;
                let target = resolve_links(path).map_err(|error| write_error(&error))?;
                let keep = Some((meta.mode() & 0o777, meta.uid(), meta.gid()));
                replace(target, shown, keep)
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                // A dangling symlink makes its target.
                let target = resolve_links(path).map_err(|error| write_error(&error))?;
                let folder = folder_of(&target);
                if !folder.is_dir() {
                    return Err(OutputError::NoFolder(shown, folder.display().to_string()));
                }
                replace(target, shown, None)
            }
            Err(error) => Err(write_error(&error)),
        }
    }

    /// Whether this output is a terminal: what is written to it as it is
    /// made must not be mixed with a progress bar.
    pub fn is_terminal(&self) -> bool {
        match &self.to {
            To::Stdout => io::stdout().is_terminal(),
            To::Stream { file, .. } => file.is_terminal(),
            To::Replace { .. } => false,
        }
    }

    /// Writes `text`, whole. Written to a terminal, every character that
    /// would not print as itself becomes a space, line by line.
    pub fn finish(self, text: &str) -> Result<(), OutputError> {
        self.stream(|out| Ok(out.write_all(text.as_bytes())?))
            .map_err(|error| match error.downcast::<OutputError>() {
                Ok(error) => error,
                Err(other) => OutputError::Write("the output".into(), other.to_string()),
            })
    }

    /// Writes what `write` gives, as it gives it, through a buffer: a
    /// large export never has to be held whole. A regular file is still
    /// replaced only once `write` has given everything; on an error it is
    /// left as it was. Written to a terminal, every character that would
    /// not print as itself becomes a space, line by line.
    ///
    /// An error of the writing itself comes back as an [`OutputError`]
    /// that names the output; any other error of `write` as it is.
    pub fn stream(
        self,
        write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        match self.to {
            To::Stdout => {
                let stdout = io::stdout().lock();
                let terminal = stdout.is_terminal();
                let mut out = Printable::new(terminal, stdout);
                match write(&mut out).and_then(|()| Ok(out.flush()?)) {
                    // A reader that stops early has what it wanted.
                    Err(error) if is_broken_pipe(&error) => Ok(()),
                    result => result.map_err(|error| as_output_error(error, "standard output")),
                }
            }
            To::Stream { file, shown } => {
                let terminal = file.is_terminal();
                let mut out = Printable::new(terminal, file);
                write(&mut out)
                    .and_then(|()| Ok(out.flush()?))
                    .map_err(|error| as_output_error(error, &shown))
            }
            To::Replace {
                temp,
                target,
                shown,
                keep,
            } => {
                let fail = |error: io::Error| OutputError::Write(shown.clone(), io_words(&error));
                let mut out = io::BufWriter::with_capacity(BUFFER_BYTES, temp);
                write(&mut out).map_err(|error| as_output_error(error, &shown))?;
                let temp = out.into_inner().map_err(|error| fail(error.into_error()))?;
                if let Some((mode, uid, gid)) = keep {
                    temp.as_file()
                        .set_permissions(Permissions::from_mode(mode))
                        .map_err(fail)?;
                    // Only root, or an owner giving the file to a group of
                    // theirs, may keep another owner: otherwise the new file
                    // is the writer's, as with any program that replaces a
                    // file.
                    let _ = std::os::unix::fs::fchown(temp.as_file(), Some(uid), Some(gid));
                }
                temp.as_file().sync_all().map_err(fail)?;
                temp.persist(&target).map_err(|error| fail(error.error))?;
                // The rename itself reaches the disk with its folder.
                if let Ok(folder) = File::open(folder_of(&target)) {
                    let _ = folder.sync_all();
                }
                Ok(())
            }
        }
    }
}

/// An error that came from writing (an I/O error, also inside a CSV
/// error) as an [`OutputError`] naming `shown`; any other as it is.
fn as_output_error(error: anyhow::Error, shown: &str) -> anyhow::Error {
    match io_error_of(&error) {
        Some(io) => OutputError::Write(shown.to_string(), io_words(io)).into(),
        None => error,
    }
}

fn io_error_of(error: &anyhow::Error) -> Option<&io::Error> {
    if let Some(io) = error.downcast_ref::<io::Error>() {
        return Some(io);
    }
    match error.downcast_ref::<csv::Error>().map(csv::Error::kind) {
        Some(csv::ErrorKind::Io(io)) => Some(io),
        _ => None,
    }
}

/// Whether the output ended because its reader went away.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    io_error_of(error).is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
}

/// How much output is gathered before it is written out.
const BUFFER_BYTES: usize = 64 * 1024;

/// A writer to standard output or a stream that, when it is a terminal,
/// turns every character that would not print as itself into a space,
/// one whole line at a time; to anything else it passes bytes as they are.
struct Printable<W: Write> {
    terminal: bool,
    /// Bytes of a line not yet ended, held so that a character split
    /// between two writes is read whole.
    pending: Vec<u8>,
    out: io::BufWriter<W>,
}

impl<W: Write> Printable<W> {
    fn new(terminal: bool, out: W) -> Printable<W> {
        Printable {
            terminal,
            pending: Vec::new(),
            out: io::BufWriter::with_capacity(BUFFER_BYTES, out),
        }
    }

    /// Writes out the lines held, made printable; with `all`, the
    /// unfinished last one too.
    fn write_lines(&mut self, all: bool) -> io::Result<()> {
        let end = if all {
            self.pending.len()
        } else {
            match self.pending.iter().rposition(|&b| b == b'\n') {
                Some(at) => at + 1,
                None => return Ok(()),
            }
        };
        let lines: Vec<u8> = self.pending.drain(..end).collect();
        let text = String::from_utf8_lossy(&lines);
        self.out.write_all(for_terminal_if(true, &text).as_bytes())
    }
}

impl<W: Write> Write for Printable<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if !self.terminal {
            return self.out.write(bytes);
        }
        self.pending.extend_from_slice(bytes);
        self.write_lines(false)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.terminal {
            self.write_lines(true)?;
        }
        self.out.flush()
    }
}

/// A temporary file beside `target`, named after it, private until it is
/// renamed; stale ones of earlier runs killed half way are removed first.
fn replace(
    target: PathBuf,
    shown: String,
    keep: Option<(u32, u32, u32)>,
) -> Result<Output, OutputError> {
    let Some(name) = target.file_name() else {
        return Err(OutputError::IsDirectory(shown));
    };
    let prefix = format!(".{}.knotmap-tmp-", name.to_string_lossy());
    let folder = folder_of(&target);
    leftovers::sweep(folder, &prefix, Leftover::File);
    let temp = tempfile::Builder::new()
        .prefix(&prefix)
        .permissions(Permissions::from_mode(0o600))
        .tempfile_in(folder)
        .map_err(|error| OutputError::Write(shown.clone(), io_words(&error)))?;
    // Held until the file is renamed or removed: the lock tells a
    // temporary file in use from one a killed run left behind.
    let _ = temp.as_file().try_lock();
    // Ctrl-C half way leaves nothing behind either.
    crate::signals::remove_on_signal(temp.path());
    Ok(Output {
        to: To::Replace {
            temp,
            target,
            shown,
            keep,
        },
    })
}

/// The file a chain of symlinks ends at, which may not exist yet.
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&path)?;
                // An absolute target replaces the folder it is joined to.
                path = folder_of(&path).join(link);
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terminal_gets_whole_lines_without_control_characters() {
        assert_eq!(
            for_terminal_if(true, "a\u{1b}]2;x\u{7}\nb\0\n"),
            "a ]2;x \nb \n"
        );
        assert_eq!(for_terminal_if(false, "a\u{1b}\n"), "a\u{1b}\n");
    }

    #[test]
    fn links_are_followed_to_a_target_that_may_be_missing() {
        let dir = tempfile::TempDir::new().unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink("target.json", &link).unwrap();
        assert_eq!(
            resolve_links(&link).unwrap(),
            dir.path().join("target.json")
        );
    }
}

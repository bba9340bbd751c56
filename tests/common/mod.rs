//! What the test binaries share: knotmap run as a program in a sandbox of
//! its own, the check that a refused command left every file as it was,
//! the check that an outside tool is there, and the settings of the
//! property tests.
//!
//! Every binary includes this file, and each uses a part of it.

// A binary that uses only a part of this file would warn about the rest.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;
use proptest::test_runner::{Config as ProptestConfig, FileFailurePersistence};
use tempfile::TempDir;

/// The knotmap binary under test.
pub const KNOTMAP: &str = env!("CARGO_BIN_EXE_knotmap");

/// A temporary folder that holds one test's databases, settings and other
/// files, and is the home folder of every knotmap the test runs there.
///
/// Its knotmap runs in UTC, without colours, with the settings file
/// `config.toml` of the folder (which only a test writes), and without any
/// `$KNOTMAP_*` variable or XDG folder of the person running the tests: a
/// command that finds no `--db` reaches for a file under the sandbox, never
/// for theirs.
pub struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: TempDir::new().unwrap(),
        }
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The database the tests use unless they say otherwise.
    pub fn db(&self) -> PathBuf {
        self.path("knotmap.db")
    }

    /// The settings file every knotmap of the sandbox reads.
    pub fn config(&self) -> PathBuf {
        self.path("config.toml")
    }

    /// What the sandbox changes in the environment: the variables to
    /// remove, then those to set.
    fn environment(&self) -> (Vec<OsString>, Vec<(&'static str, OsString)>) {
        let mut remove: Vec<OsString> = [
            "KNOTMAP_DB",
            "XDG_CONFIG_HOME",
            "XDG_DATA_HOME",
            "XDG_STATE_HOME",
            "XDG_CACHE_HOME",
        ]
        .map(OsString::from)
        .to_vec();
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("KNOTMAP_") && !remove.contains(&name) {
                remove.push(name);
            }
        }
        let set = vec![
            ("KNOTMAP_CONFIG", self.config().into_os_string()),
            ("HOME", self.dir().as_os_str().to_owned()),
            ("TZ", "UTC".into()),
            ("NO_COLOR", "1".into()),
        ];
        (remove, set)
    }

    /// `program` in the sandbox's environment, reading nothing on stdin.
    pub fn sandboxed(&self, program: impl AsRef<OsStr>) -> std::process::Command {
        let mut command = std::process::Command::new(program);
        let (remove, set) = self.environment();
        for name in remove {
            command.env_remove(name);
        }
        command.envs(set).stdin(Stdio::null());
        command
    }

    /// The sandbox's environment as arguments of `env`, for a knotmap
    /// started by another program (tmux, strace): the `-u` options first,
    /// as `env` takes them.
    pub fn env_args(&self) -> Vec<String> {
        let (remove, set) = self.environment();
        let mut args = Vec::new();
        for name in remove {
            args.push("-u".to_string());
            args.push(name.to_string_lossy().into_owned());
        }
        for (name, value) in set {
            args.push(format!("{name}={}", value.to_string_lossy()));
        }
        args
    }

    /// knotmap in the sandbox, without `--db`, as a plain process.
    pub fn process(&self) -> std::process::Command {
        self.sandboxed(KNOTMAP)
    }

    /// knotmap in the sandbox on the database at `db`, as a plain process.
    pub fn process_at(&self, db: &Path) -> std::process::Command {
        let mut command = self.process();
        command.arg("--db").arg(db);
        command
    }

    /// knotmap in the sandbox, without `--db`.
    pub fn bare(&self) -> Command {
        Command::from_std(self.process())
    }

    /// knotmap on the database at `db`.
    pub fn knotmap_at(&self, db: &Path) -> Command {
        Command::from_std(self.process_at(db))
    }

    /// knotmap on the database `name` of the sandbox.
    pub fn knotmap_on(&self, name: &str) -> Command {
        self.knotmap_at(&self.path(name))
    }

    /// knotmap on the sandbox's database.
    pub fn knotmap(&self) -> Command {
        self.knotmap_at(&self.db())
    }

    /// Every file and folder in the sandbox (databases with their -wal and
    /// -shm, settings, anything else) with the bytes of the files.
    pub fn files(&self) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
        let mut files = BTreeMap::new();
        let mut pending = vec![self.dir.path().to_path_buf()];
        while let Some(folder) = pending.pop() {
            for entry in fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path.clone());
                    files.insert(path, None);
                } else {
                    let bytes = fs::read(&path).unwrap();
                    files.insert(path, Some(bytes));
                }
            }
        }
        files
    }

    /// Runs `command`, which must be refused: a failing exit status,
    /// nothing on stdout, exactly one line on stderr, and every file in the
    /// sandbox byte for byte as it was. That line.
    pub fn refused(&self, command: Command) -> String {
        self.refusal(command, None)
    }

    /// [`Sandbox::refused`], with the exit status `code`.
    pub fn refused_with_code(&self, command: Command, code: i32) -> String {
        self.refusal(command, Some(code))
    }

    fn refusal(&self, mut command: Command, code: Option<i32>) -> String {
        let before = self.files();
        let output = command.output().unwrap();
        let after = self.files();
        let what = describe(&command);
        assert!(
            !output.status.success(),
            "{what} succeeded where it should be refused; it printed:\n{}",
            String::from_utf8_lossy(&output.stdout)
        );
        if let Some(code) = code {
            assert_eq!(output.status.code(), Some(code), "{what}: the exit status");
        }
        let line = one_line(&output.stderr, &what);
        assert!(
            output.stdout.is_empty(),
            "{what} printed on stdout: {}",
            String::from_utf8_lossy(&output.stdout)
        );
        let changed: Vec<&PathBuf> = before
            .keys()
            .chain(after.keys())
            .filter(|path| before.get(*path) != after.get(*path))
            .collect();
        assert!(
            changed.is_empty(),
            "{what} changed files in {}: {changed:?}",
            self.dir.path().display()
        );
        line
    }
}

/// `knotmap ARGS...`, to name a command in a message (its `Debug` form
/// lists the whole environment too).
pub fn describe(command: &Command) -> String {
    let args: Vec<String> = command
        .get_args()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    format!("knotmap {args:?}")
}

/// The text of `stderr`, which must be exactly one line; `what` names the
/// command that wrote it.
pub fn one_line(stderr: &[u8], what: &str) -> String {
    let text = String::from_utf8(stderr.to_vec()).unwrap();
    assert_eq!(
        text.lines().count(),
        1,
        "{what}: expected exactly one line on stderr, got:\n{text}"
    );
    text
}

/// Whether `tool` runs. Outside CI a missing tool skips the test, with a
/// message; in CI (`$CI` set) it fails it, so that the test can never pass
/// there without having run.
pub fn tool_present(tool: &str, test: &str) -> bool {
    // Most tools print their version for -V; fish knows only --version.
    // Nothing on stdin, so that a shell given -V does not wait for input.
    let runs = ["-V", "--version"].iter().any(|flag| {
        std::process::Command::new(tool)
            .arg(flag)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    });
    assert!(
        runs || std::env::var_os("CI").is_none(),
        "{test} needs {tool}, which CI installs (.ci/run), but it does not run here"
    );
    if !runs {
        // Straight to stderr, past the test harness's capture, so that a
        // skip shows in every run.
        let _ = writeln!(
            std::io::stderr(),
            "{test}: skipped, {tool} is not installed"
        );
    }
    runs
}

/// The settings of a property test of `cases` cases. Failing cases are
/// kept in a `.proptest-regressions` file beside the test's source file,
/// and read from there before new cases are tried: by default proptest
/// would look for a `main.rs` above the file, find the binary's own, and
/// keep them in a folder beside `tests/` instead.
pub fn proptest_config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::with_cases(cases)
    }
}

/// Whether the tests run as root, who may give files away and write any
/// file; tests that need it skip elsewhere with a message.
pub fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
        .unwrap_or(false)
}

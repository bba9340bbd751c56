//! A real terminal for the app: a tmux server of the test's own.

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// The one window of the server.
pub const WINDOW: &str = "knotmap";

const SIGKILL: i32 = 9;

/// A tmux server on a socket of the test's own, with one 100x30 window that
/// runs a program and stays open when it dies, so that it can be started
/// again in the same place. The server goes with the value.
pub struct Terminal {
    socket: PathBuf,
    /// How long a wait goes on before the test gives up.
    patience: Duration,
}

impl Terminal {
    /// Starts the server on `socket`, a path in the test's temporary
    /// folder so that nothing of it outlives the test, with `program` in
    /// its window.
    pub fn start(socket: PathBuf, program: &[&str], patience: Duration) -> Terminal {
        let terminal = Terminal { socket, patience };
        let mut args = vec!["new-session", "-d", "-s", WINDOW, "-x", "100", "-y", "30"];
        args.extend(program);
        args.extend([";", "set-option", "-t", WINDOW, "remain-on-exit", "on"]);
        terminal.tmux(&args);
        terminal
    }

    /// Runs a tmux command on this server; it must succeed. Its stdout.
    pub fn tmux(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(["-f", "/dev/null"])
            .args(args)
            .env_remove("TMUX")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// What the window shows now.
    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", WINDOW])
    }

    /// Whether the window shows `text` now.
    pub fn shows(&self, text: &str) -> bool {
        self.screen().contains(text)
    }

    /// A fact about the window's program, in tmux's format language.
    pub fn pane(&self, format: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", WINDOW, format])
            .trim()
            .to_string()
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", WINDOW];
        args.extend(keys);
        self.tmux(&args);
    }

    /// Waits until `done` holds, looking every 10 ms; `what` names what is
    /// awaited if it never comes.
    pub fn wait(&self, what: &str, mut done: impl FnMut() -> bool) {
        let clock = Instant::now();
        while !done() {
            assert!(
                clock.elapsed() < self.patience,
                "the app never got to {what}; it shows:\n{}",
                self.screen()
            );
            sleep(Duration::from_millis(10));
        }
    }

    /// Waits until the screen shows `what`, looking every 2 ms; the screen
    /// then.
    pub fn wait_for(&self, what: &str, context: &str) -> String {
        let clock = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(what) {
                return screen;
            }
            assert!(
                clock.elapsed() < self.patience,
                "{context}: the app never showed \"{what}\"; it shows:\n{screen}"
            );
            sleep(Duration::from_millis(2));
        }
    }

    /// Waits until the program `pid` has ended; how it ended. tmux does
    /// not always collect its child at once, so a zombie's wait status is
    /// read from Linux, and a collected child's from tmux.
    pub fn wait_for_end(&self, pid: &str) -> End {
        let clock = Instant::now();
        loop {
            match fs::read_to_string(format!("/proc/{pid}/stat")) {
                Ok(stat) => {
                    // After "pid (name)": the state, and as the 52nd field
                    // the exit code, a wait status.
                    let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 1..]
                        .split_whitespace()
                        .collect();
                    if fields[0] == "Z" {
                        let status: i32 = fields[49].parse().unwrap();
                        return match status & 0x7f {
                            0 => End::Exit(status >> 8),
                            signal => End::Signal(signal),
                        };
                    }
                }
                Err(_) => {
                    // The signal's number is told by tmux 3.3 and later.
                    let exit = self.pane("#{pane_dead_status}");
                    let signal = self.pane("#{pane_dead_signal}");
                    return match (exit.parse(), signal.parse()) {
                        (Ok(code), _) => End::Exit(code),
                        (_, Ok(signal)) => End::Signal(signal),
                        _ => End::Signal(SIGKILL),
                    };
                }
            }
            assert!(clock.elapsed() < self.patience, "the app does not end");
            sleep(Duration::from_millis(1));
        }
    }
}

/// How the window's program ended.
#[derive(Debug, PartialEq, Eq)]
pub enum End {
    Exit(i32),
    Signal(i32),
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .env_remove("TMUX")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

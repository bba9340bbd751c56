//! Every way out gives the terminal back: the app on its demo, in a real
//! terminal (a tmux window of the test's own, kept after the app ends), is
//! stopped by SIGINT, SIGTERM, SIGHUP and SIGQUIT, and by a panic. After
//! each, the window must be off the alternate screen with mouse reporting
//! off and the cursor shown, its tty back in canonical mode with echo, the
//! demo's temporary folder gone, and the exit status the conventional one.
//!
//! Where it cannot take the terminal (no controlling terminal, or
//! `TERM=dumb`) it says so in one line instead, and exits 2.
//!
//! The app runs under a shell that prints its status and then sleeps, so
//! that the window is still alive when it is looked at: tmux hides the
//! cursor of a window whose program has ended, whatever the program left.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::common::{KNOTMAP, Sandbox, tool_present};
use crate::terminal::Terminal;

const SIGHUP: i32 = 1;
const SIGINT: i32 = 2;
const SIGQUIT: i32 = 3;
const SIGTERM: i32 = 15;

/// The modes the app turns on, as tmux's format variables name them, and
/// the value each must have once the app is gone.
const MODES: [(&str, &str); 5] = [
    ("#{alternate_on}", "0"),
    ("#{mouse_any_flag}", "0"),
    ("#{mouse_standard_flag}", "0"),
    ("#{mouse_sgr_flag}", "0"),
    ("#{cursor_flag}", "1"),
];

/// Starts the demo in a window with `extra` in its environment and its
/// temporary files in `tmp`; waits for its map.
fn demo_in_tmux(sandbox: &Sandbox, tmp: &Path, extra: &[&str]) -> Terminal {
    fs::create_dir_all(tmp).unwrap();
    let tmpdir = format!("TMPDIR={}", tmp.display());
    let env = sandbox.env_args();
    let mut program: Vec<&str> = vec![
        "sh",
        "-c",
        "\"$@\"; echo \"knotmap ended with $?\"; exec sleep 600",
        "sh",
        "env",
    ];
    program.extend(env.iter().map(String::as_str));
    program.push(&tmpdir);
    program.extend(extra);
    program.extend([KNOTMAP, "--demo"]);
    Terminal::start(
        sandbox.dir().join("tmux"),
        &program,
        Duration::from_secs(30),
    )
}

/// The app's process id: the only child of the window's shell.
fn app_pid(terminal: &Terminal) -> String {
    let shell = terminal.pane("#{pane_pid}");
    let mut pid = String::new();
    terminal.wait("its start", || {
        pid = fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
            .unwrap_or_default()
            .trim()
            .to_string();
        !pid.is_empty()
    });
    pid
}

/// Waits for the shell to say how the app ended; its exit status.
fn status(terminal: &Terminal, how: &str) -> i32 {
    let screen = terminal.wait_for("knotmap ended with ", how);
    let line = screen
        .lines()
        .find_map(|line| line.split_once("knotmap ended with "))
        .unwrap()
        .1;
    line.split_whitespace().next().unwrap().parse().unwrap()
}

/// The files in `tmp`.
fn files_in(tmp: &Path) -> Vec<String> {
    fs::read_dir(tmp)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// Checks the window's modes and its tty's settings after the app ended.
fn assert_given_back(terminal: &Terminal, how: &str) {
    for (format, want) in MODES {
        assert_eq!(
            terminal.pane(format),
            want,
            "after {how}: {format} is not given back"
        );
    }
    let tty = terminal.pane("#{pane_tty}");
    let output = Command::new("stty")
        .args(["-a", "-F", &tty])
        .output()
        .unwrap();
    let settings = String::from_utf8_lossy(&output.stdout);
    let words: Vec<&str> = settings.split([' ', ';', '\n']).collect();
    for flag in ["icanon", "echo", "isig", "icrnl", "opost"] {
        assert!(
            words.contains(&flag),
            "after {how}: the tty is left without {flag}: {settings}"
        );
    }
}

#[test]
fn every_stopping_signal_gives_the_terminal_back_and_removes_the_demo() {
    if !tool_present(
        "tmux",
        "every_stopping_signal_gives_the_terminal_back_and_removes_the_demo",
    ) {
        return;
    }
    for (signal, name) in [
        (SIGINT, "INT"),
        (SIGTERM, "TERM"),
        (SIGHUP, "HUP"),
        (SIGQUIT, "QUIT"),
    ] {
        let sandbox = Sandbox::new();
        let tmp = sandbox.path("tmp");
        let terminal = demo_in_tmux(&sandbox, &tmp, &[]);
        terminal.wait("its map", || terminal.shows(" knotmap  map  knot "));
        // The modes are on while it runs: the checks below mean something.
        assert_eq!(terminal.pane("#{alternate_on}"), "1", "SIG{name}");
        assert_eq!(terminal.pane("#{mouse_any_flag}"), "1", "SIG{name}");
        assert!(
            files_in(&tmp)
                .iter()
                .any(|f| f.starts_with("knotmap-demo-")),
            "SIG{name}: no demo folder in {}",
            tmp.display()
        );
        let pid = app_pid(&terminal);
        let sent = Command::new("kill")
            .args(["-s", name, &pid])
            .status()
            .unwrap();
        assert!(sent.success(), "kill -s {name} failed");
        assert_eq!(
            status(&terminal, &format!("SIG{name}")),
            128 + signal,
            "SIG{name}: not the conventional status"
        );
        assert_given_back(&terminal, &format!("SIG{name}"));
        assert_eq!(files_in(&tmp), Vec::<String>::new(), "SIG{name} left files");
    }
}

#[test]
fn a_panic_gives_the_terminal_back_and_removes_the_demo() {
    if !tool_present(
        "tmux",
        "a_panic_gives_the_terminal_back_and_removes_the_demo",
    ) {
        return;
    }
    let sandbox = Sandbox::new();
    let tmp = sandbox.path("tmp");
    let terminal = demo_in_tmux(&sandbox, &tmp, &["KNOTMAP_TEST_PANIC=1"]);
    assert_eq!(status(&terminal, "a panic"), 101, "not a panic's status");
    assert_given_back(&terminal, "a panic");
    let screen = terminal.screen();
    assert!(
        screen.contains("KNOTMAP_TEST_PANIC"),
        "the panic's message is not on the normal screen:\n{screen}"
    );
    assert_eq!(files_in(&tmp), Vec::<String>::new(), "a panic left files");
}

/// Runs `knotmap --demo` in a window through `wrapper`, a command that
/// takes the program to run as its arguments; the one line it printed and
/// its status.
fn refusal_in_tmux(wrapper: &[&str], what: &str) -> (String, i32) {
    let sandbox = Sandbox::new();
    let tmp = sandbox.path("tmp");
    let terminal = demo_in_tmux(&sandbox, &tmp, wrapper);
    let code = status(&terminal, what);
    let screen = terminal.screen();
    let lines: Vec<&str> = screen
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("knotmap ended with"))
        .collect();
    assert_eq!(files_in(&tmp), Vec::<String>::new(), "{what} left files");
    (lines.join("\n"), code)
}

#[test]
fn without_a_controlling_terminal_or_with_term_dumb_the_app_says_so() {
    if !tool_present(
        "tmux",
        "without_a_controlling_terminal_or_with_term_dumb_the_app_says_so",
    ) {
        return;
    }
    // setsid starts it in a session of its own, with no controlling
    // terminal, though its output still goes to the window.
    for (wrapper, what, reason) in [
        (
            &["setsid", "-w"][..],
            "setsid",
            "no terminal to read keys from",
        ),
        (&["TERM=dumb"][..], "TERM=dumb", "TERM=dumb"),
    ] {
        let (text, code) = refusal_in_tmux(wrapper, what);
        assert_eq!(code, 2, "{what}: {text}");
        // The window is 100 columns wide: the line wraps, so it is read
        // without its breaks.
        let text = text.replace('\n', "");
        for words in [reason, "knotmap render"] {
            assert!(text.contains(words), "{what}: {text}");
        }
    }
}

/// An export stopped half way by Ctrl-C leaves neither its temporary file
/// nor a half-written file at the target, and exits as SIGINT asks.
#[test]
fn an_export_stopped_half_way_leaves_no_file_behind() {
    let sandbox = Sandbox::new();
    let made = sandbox
        .process()
        .args(["sample-data", "--readings", "100000"])
        .output()
        .unwrap();
    assert!(made.status.success());
    let target = sandbox.path("out.json");
    let mut export = sandbox
        .process()
        .args(["export", "-o"])
        .arg(&target)
        .spawn()
        .unwrap();
    let temporary = || {
        fs::read_dir(sandbox.dir())
            .unwrap()
            .filter_map(Result::ok)
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains("knotmap-tmp"))
            .collect::<Vec<_>>()
    };
    // Wait for the export to be writing its temporary file.
    let mut waited = 0;
    while temporary().is_empty() && waited < 200 {
        std::thread::sleep(Duration::from_millis(10));
        waited += 1;
    }
    assert!(!temporary().is_empty(), "the export never began writing");
    Command::new("kill")
        .args(["-INT", &export.id().to_string()])
        .status()
        .unwrap();
    let status = export.wait().unwrap();
    assert_eq!(status.code(), Some(128 + SIGINT), "{status:?}");
    assert_eq!(temporary(), Vec::<String>::new(), "temporary file left");
    assert!(!target.exists(), "a half-written target");
}

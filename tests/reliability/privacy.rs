//! knotmap keeps a person's pain history on their own machine: it opens no
//! network connection, and it is not built with anything that would.
//!
//! The commands, and the app in a real terminal, run under `strace -f`,
//! which records every socket they and their threads create and every
//! `connect` they make. A local socket (`AF_UNIX`, which the C library may
//! use to ask a name service about a user) would be allowed; a socket of any
//! other family, or a connect to any other kind of address, fails the test.
//! So far nothing has opened a socket of any kind.
//!
//! strace and tmux are installed by CI (`.ci/run`). Elsewhere a test that
//! needs one of them says so and passes without it; with `$CI` set it fails.
//!
//! `cargo test --test reliability privacy:: -- --nocapture` prints what
//! was traced.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{KNOTMAP, Sandbox, tool_present};
use crate::terminal::{Terminal, WINDOW};

/// Crates that speak HTTP, TLS or another network protocol, or run the
/// async I/O such clients are built on. A crate of this name, or whose
/// name starts with it and a dash (`hyper-util`, `rustls-pki-types`), is
/// not to be in Cargo.lock.
const NETWORK_CRATES: &[&str] = &[
    "reqwest",
    "hyper",
    "h2",
    "h3",
    "ureq",
    "curl",
    "isahc",
    "attohttpc",
    "surf",
    "http-body",
    "openssl",
    "rustls",
    "native-tls",
    "tokio",
    "async-std",
    "smol",
    "tungstenite",
    "quinn",
    "trust-dns",
    "hickory",
];

#[test]
fn no_network_client_is_built_in() {
    let lock =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock")).unwrap();
    let names: Vec<&str> = lock
        .lines()
        .filter_map(|line| line.strip_prefix("name = \""))
        .filter_map(|rest| rest.strip_suffix('"'))
        .collect();
    assert!(
        names.contains(&"knotmap") && names.contains(&"rusqlite"),
        "Cargo.lock was not read: {names:?}"
    );
    let network: Vec<&str> = names
        .iter()
        .copied()
        .filter(|name| {
            NETWORK_CRATES.iter().any(|crate_name| {
                *name == *crate_name
                    || name
                        .strip_prefix(crate_name)
                        .is_some_and(|rest| rest.starts_with('-'))
            })
        })
        .collect();
    assert_eq!(network, [] as [&str; 0], "network crates in Cargo.lock");
}

// ------------------------------------------------------------------ helpers

/// `program` with `args` under `strace -f`, which writes the socket and
/// connect calls of it and of every thread and child it starts to `trace`.
fn traced(trace: &Path, program: &str, args: &[String]) -> Command {
    let mut command = Command::new("strace");
    command
        .args(["-f", "-e", "trace=socket,connect", "-o"])
        .arg(trace)
        .arg(program)
        .args(args)
        .stdin(Stdio::null());
    command
}

/// What a trace says about sockets.
#[derive(Debug, Default)]
struct Sockets {
    /// Every socket and connect call, as strace wrote it.
    calls: Vec<String>,
    /// Those that reach beyond the machine: any family but `AF_UNIX`.
    network: Vec<String>,
}

/// Reads a trace `strace -e trace=socket,connect` wrote. It must show the
/// traced program's end, or strace did not follow it.
fn sockets_in(trace: &Path) -> Sockets {
    let text = fs::read_to_string(trace).unwrap();
    assert!(
        text.contains("+++ exited with "),
        "{}: strace did not see the program end:\n{text}",
        trace.display()
    );
    let mut sockets = Sockets::default();
    for line in text.lines() {
        // "1234 socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3", or
        // "1234 connect(3, {sa_family=AF_INET, sin_port=...}, 16) = 0",
        // possibly split around another thread's call as "<unfinished ...>".
        let call = line
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start();
        let family = if let Some(args) = call.strip_prefix("socket(") {
            args.split([',', ' ', ')']).next()
        } else if call.starts_with("connect(") {
            call.split_once("sa_family=")
                .and_then(|(_, rest)| rest.split([',', '}', ' ']).next())
                .or(Some("unknown"))
        } else {
            None
        };
        let Some(family) = family else {
            continue;
        };
        sockets.calls.push(call.to_string());
        if family != "AF_UNIX" {
            sockets.network.push(call.to_string());
        }
    }
    sockets
}

/// A connection, made on purpose, is seen: the check can see one.
#[test]
fn a_network_connection_is_seen_when_there_is_one() {
    if !tool_present("strace", "a_network_connection_is_seen_when_there_is_one") {
        return;
    }
    let sandbox = Sandbox::new();
    let trace = sandbox.path("trace");
    // bash's /dev/tcp opens a TCP socket and connects it: to the machine
    // itself, where the connection may well be refused, which is enough.
    traced(
        &trace,
        "bash",
        &["-c".to_string(), "exec 3<>/dev/tcp/127.0.0.1/9".to_string()],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .status()
    .unwrap();
    let sockets = sockets_in(&trace);
    assert!(
        sockets
            .network
            .iter()
            .any(|call| call.starts_with("socket(AF_INET"))
            && sockets
                .network
                .iter()
                .any(|call| call.starts_with("connect(") && call.contains("AF_INET")),
        "the socket and connect of bash were not both seen: {sockets:?}"
    );
}

// ------------------------------------------------------------------ commands

#[test]
fn no_command_opens_a_network_socket() {
    if !tool_present("strace", "no_command_opens_a_network_socket") {
        return;
    }
    let started = Instant::now();
    let sandbox = Sandbox::new();
    let dir = sandbox.dir();
    let db = dir.join("knotmap.db").display().to_string();
    let copy = dir.join("imported.db").display().to_string();
    let export = dir.join("export.json").display().to_string();
    let report = dir.join("report.html").display().to_string();

    // The main commands, in an order that gives each something to work
    // on, with the exit statuses each may end with (`due` says 1 when
    // nothing is due). The app itself has its own test below.
    let runs: Vec<(Vec<&str>, &[i32])> = vec![
        (vec!["--demo", "knots", "--json"], &[0]),
        (
            vec!["--db", &db, "log", "soleus-left", "6", "--note", "stairs"],
            &[0],
        ),
        (
            vec!["--db", &db, "log", "biceps-right", "4", "--after", "2"],
            &[0],
        ),
        (vec!["--db", &db, "knots"], &[0]),
        (vec!["--db", &db, "show", "1"], &[0]),
        (vec!["--db", &db, "trends"], &[0]),
        (vec!["--db", &db, "recurring"], &[0]),
        (vec!["--db", &db, "due"], &[0, 1]),
        (vec!["--db", &db, "export", "-o", &export], &[0]),
        (vec!["--db", &db, "export", "--format", "csv"], &[0]),
        (vec!["--db", &copy, "import", &export], &[0]),
        (vec!["--db", &db, "report", "-o", &report], &[0]),
        (vec!["--db", &db, "report", "--format", "md"], &[0]),
        (vec!["--db", &db, "render", "--screen", "map"], &[0]),
        (vec!["--db", &db, "render", "--screen", "knot"], &[0]),
        (vec!["--db", &db, "doctor"], &[0]),
    ];
    let count = runs.len();
    let mut calls = 0;
    for (n, (args, codes)) in runs.into_iter().enumerate() {
        let trace = dir.join(format!("trace-{n}"));
        let mut argv = sandbox.env_args();
        argv.push(KNOTMAP.to_string());
        argv.extend(args.iter().map(|arg| arg.to_string()));
        let output = traced(&trace, "env", &argv).output().unwrap();
        assert!(
            output
                .status
                .code()
                .is_some_and(|code| codes.contains(&code)),
            "knotmap {args:?} ended with {:?}: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        let sockets = sockets_in(&trace);
        assert_eq!(
            sockets.network,
            [] as [String; 0],
            "knotmap {args:?} reached for the network"
        );
        calls += sockets.calls.len();
    }
    println!(
        "commands: {count} runs under strace, {calls} socket or connect calls of any kind, \
         none to the network; {:?}",
        started.elapsed()
    );
}

// ------------------------------------------------------------------ the app

/// The app, in a real terminal, saves a reading, moves through its screens
/// and quits, under strace.
#[test]
fn the_app_opens_no_network_socket() {
    let test = "the_app_opens_no_network_socket";
    if !tool_present("strace", test) || !tool_present("tmux", test) {
        return;
    }
    let started = Instant::now();
    let sandbox = Sandbox::new();
    let dir = sandbox.dir();
    let db: PathBuf = dir.join("knotmap.db");
    let trace = dir.join("trace");

    let mut program = vec![
        "strace".to_string(),
        "-f".to_string(),
        "-e".to_string(),
        "trace=socket,connect".to_string(),
        "-o".to_string(),
        trace.display().to_string(),
        "env".to_string(),
    ];
    program.extend(sandbox.env_args());
    program.extend([
        KNOTMAP.to_string(),
        "--db".to_string(),
        db.display().to_string(),
    ]);
    let program: Vec<&str> = program.iter().map(String::as_str).collect();
    let terminal = Terminal::start(dir.join("tmux"), &program, Duration::from_secs(30));
    terminal.wait("its map", || {
        terminal.shows(" knotmap  map  knot  protocol ")
    });
    terminal.tmux(&["send-keys", "-t", WINDOW, "Enter", "6", "Enter"]);
    terminal.wait("its first save", || terminal.shows("Saved 6/10 "));
    for _ in 0..6 {
        terminal.tmux(&["send-keys", "-t", WINDOW, "Tab"]);
    }
    terminal.tmux(&["send-keys", "-t", WINDOW, "q"]);
    // The window's program is strace, which ends with knotmap.
    terminal.wait("its end", || {
        terminal
            .tmux(&["display-message", "-p", "-t", WINDOW, "#{pane_dead}"])
            .trim()
            == "1"
    });
    drop(terminal);
    let text = fs::read_to_string(&trace).unwrap();
    assert!(
        text.trim_end().ends_with("+++ exited with 0 +++"),
        "the app did not quit normally:\n{text}"
    );

    let sockets = sockets_in(&trace);
    assert_eq!(
        sockets.network,
        [] as [String; 0],
        "the app reached for the network"
    );
    println!(
        "app: a save and every screen under strace, {} socket or connect calls of any kind, \
         none to the network; {:?}",
        sockets.calls.len(),
        started.elapsed()
    );
}

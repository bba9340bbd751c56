//! Progress of long work (sample-data, export, import, report --all) is
//! drawn on standard error when it is a terminal, and nothing extra is
//! written when it is not: a script reads what it always read.

use std::process::Command;

use crate::common::{KNOTMAP, Sandbox, tool_present};

/// What each piece of long work prints, run on `db` in the sandbox.
fn long_work(sandbox: &Sandbox) -> Vec<Vec<String>> {
    let db = sandbox.db().display().to_string();
    let export = sandbox.path("history.json").display().to_string();
    let copy = sandbox.path("copy.db").display().to_string();
    vec![
        vec![
            "--db".into(),
            db.clone(),
            "sample-data".into(),
            "--readings".into(),
            "3000".into(),
        ],
        vec![
            "--db".into(),
            db.clone(),
            "export".into(),
            "-o".into(),
            export.clone(),
        ],
        vec![
            "--db".into(),
            db.clone(),
            "export".into(),
            "--format".into(),
            "csv".into(),
        ],
        vec!["--db".into(), copy, "import".into(), export],
        vec!["--db".into(), db, "report".into(), "--all".into()],
    ]
}

#[test]
fn long_work_writes_nothing_extra_when_stderr_is_not_a_terminal() {
    let sandbox = Sandbox::new();
    for args in long_work(&sandbox) {
        let output = sandbox.process().args(&args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {output:?}");
        assert!(
            output.stderr.is_empty(),
            "{args:?} wrote to a standard error that is no terminal: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn long_work_shows_a_bar_with_a_rate_and_an_estimate_in_a_terminal() {
    if !tool_present("script", "long_work_shows_a_bar") {
        return;
    }
    let sandbox = Sandbox::new();
    let db = sandbox.db().display().to_string();
    // `script` gives the command a terminal and keeps what it drew.
    let typescript = sandbox.path("typescript");
    let line = format!("{KNOTMAP} --db {db} sample-data --readings 20000 >/dev/null");
    let status = Command::new("script")
        .args(["-qec", &line])
        .arg(&typescript)
        .envs(
            sandbox
                .env_args()
                .iter()
                .filter_map(|arg| arg.split_once('=')),
        )
        .status()
        .unwrap();
    assert!(status.success());
    let drawn = std::fs::read_to_string(&typescript).unwrap();
    assert!(drawn.contains("Writing"), "{drawn}");
    assert!(drawn.contains("readings"), "{drawn}");
    assert!(drawn.contains("/s"), "no rate: {drawn}");
    assert!(drawn.contains("left"), "no estimate: {drawn}");
}

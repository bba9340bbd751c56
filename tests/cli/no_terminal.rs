//! `knotmap` without a command opens the app, which needs a terminal:
//! with standard output going to a file or a pipe it says so in one line,
//! names what to use instead, and leaves no database behind. (In a terminal without a controlling
//! one, or with `TERM=dumb`: `tests/reliability/signals.rs`.)

use crate::common::Sandbox;

#[test]
fn the_app_with_stdout_redirected_says_it_needs_a_terminal() {
    let sandbox = Sandbox::new();
    for args in [&[][..], &["--demo"][..]] {
        let mut command = sandbox.knotmap();
        command.args(args);
        let line = sandbox.refused_with_code(command, 2);
        for words in ["draws in a terminal", "standard output", "knotmap render"] {
            assert!(line.contains(words), "{args:?}: {line}");
        }
        assert!(!sandbox.db().exists(), "{args:?} created the database");
    }
}

//! `knotmap render`: every screen drawn as text, to fit any frame.

use crate::common::Sandbox;
use crate::support::{
    days_ago, empty_sandbox, refused_args, sandbox_with_a_flare, sandbox_with_a_history,
    sandbox_with_a_knot,
};

impl Sandbox {
    /// `knotmap render` at `width` x `height`; its stdout.
    fn render(&self, width: u16, height: u16) -> String {
        let output = self
            .knotmap()
            .args(["render", "--screen", "map", "--width"])
            .arg(width.to_string())
            .arg("--height")
            .arg(height.to_string())
            .assert()
            .success();
        String::from_utf8(output.get_output().stdout.clone()).unwrap()
    }

    /// `knotmap render --screen SCREEN` at `width` x `height`, with `extra`
    /// arguments; its stdout, checked to fit the frame.
    fn render_screen(&self, screen: &str, width: u16, height: u16, extra: &[&str]) -> String {
        let output = self
            .knotmap()
            .args(["render", "--screen", screen, "--width"])
            .arg(width.to_string())
            .arg("--height")
            .arg(height.to_string())
            .args(extra)
            .assert()
            .success();
        let frame = String::from_utf8(output.get_output().stdout.clone()).unwrap();
        assert_fits(&frame, width, height, screen);
        frame
    }
}

/// `render` prints exactly `height` lines, none wider than `width` characters.
fn assert_frame_fits(width: u16, height: u16) -> String {
    let sandbox = sandbox_with_a_knot();
    let frame = sandbox.render(width, height);
    assert_eq!(
        frame.lines().count(),
        usize::from(height),
        "{width}x{height}: wrong number of lines:\n{frame}"
    );
    for line in frame.lines() {
        assert!(
            line.chars().count() <= usize::from(width),
            "{width}x{height}: line wider than the frame: {line:?}"
        );
    }
    frame
}

#[test]
fn render_fits_every_frame_from_1x1_to_200x60() {
    // Each size with what it must show: at 20x5 that the terminal is too
    // small, at 80x24 both views, labelled.
    for (width, height, shows) in [
        (1, 1, &[][..]),
        (20, 5, &["too small"][..]),
        (80, 24, &["FRONT", "BACK", "their left"][..]),
        (200, 60, &[][..]),
    ] {
        let frame = assert_frame_fits(width, height);
        for label in shows {
            assert!(
                frame.contains(label),
                "{width}x{height} lacks {label}:\n{frame}"
            );
        }
    }
}

/// `frame` has exactly `height` lines, none wider than `width` characters.
fn assert_fits(frame: &str, width: u16, height: u16, what: &str) {
    assert_eq!(
        frame.lines().count(),
        usize::from(height),
        "{what} at {width}x{height}: wrong number of lines:\n{frame}"
    );
    for line in frame.lines() {
        assert!(
            line.chars().count() <= usize::from(width),
            "{what} at {width}x{height}: line wider than the frame: {line:?}"
        );
    }
}

const SCREENS: [&str; 5] = ["map", "knot", "trends", "recurring", "history"];

#[test]
fn render_every_screen_fits_80x24_and_200x60_on_an_empty_database() {
    let sandbox = empty_sandbox();
    for screen in SCREENS {
        for (width, height) in [(80, 24), (200, 60)] {
            sandbox.render_screen(screen, width, height, &[]);
        }
    }
}

#[test]
fn render_every_screen_fits_80x24_and_200x60_on_a_filled_database() {
    let sandbox = sandbox_with_a_history();
    for screen in SCREENS {
        for (width, height) in [(80, 24), (200, 60)] {
            sandbox.render_screen(screen, width, height, &[]);
        }
    }
    for id in ["1", "2", "3", "4"] {
        for (width, height) in [(80, 24), (200, 60)] {
            sandbox.render_screen("knot", width, height, &["--knot", id]);
        }
    }
}

#[test]
fn render_every_screen_fits_tiny_frames() {
    let sandbox = sandbox_with_a_history();
    for screen in SCREENS {
        for (width, height) in [(1, 1), (20, 5), (40, 10)] {
            sandbox.render_screen(screen, width, height, &[]);
        }
    }
}

#[test]
fn render_knot_screen_shows_the_verdict_in_capitals() {
    let sandbox = sandbox_with_a_history();
    let trapezius = sandbox.knot_on("upper-trapezius-left");
    assert_eq!(trapezius["verdict"], "stalled");
    let id = trapezius["id"].to_string();
    for (width, height) in [(80, 24), (200, 60)] {
        let frame = sandbox.render_screen("knot", width, height, &["--knot", &id]);
        assert!(frame.contains("STALLED:"), "{frame}");
        assert!(frame.contains("Upper trapezius, left"), "{frame}");
    }

    let hamstrings = sandbox.knot_on("hamstrings-left");
    assert_eq!(hamstrings["verdict"], "worse");
    let id = hamstrings["id"].to_string();
    let frame = sandbox.render_screen("knot", 80, 24, &["--knot", &id]);
    assert!(frame.contains("WORSE:"), "{frame}");
}

#[test]
fn render_of_an_unknown_knot_is_refused() {
    let sandbox = sandbox_with_a_history();
    for screen in ["knot", "protocol"] {
        let line = refused_args(&sandbox, &["render", "--screen", screen, "--knot", "999"]);
        assert!(line.contains("999"), "--screen {screen}: {line}");
    }
}

#[test]
fn render_recurring_and_history_screens_show_the_history() {
    let sandbox = sandbox_with_a_flare();
    let recurring = sandbox.render_screen("recurring", 80, 24, &[]);
    assert!(recurring.contains("Biceps, left"), "{recurring}");
    let history = sandbox.render_screen("history", 80, 24, &[]);
    assert!(history.contains("Biceps, left"), "{history}");
    assert!(history.contains("6/10"), "{history}");
}

#[test]
fn render_protocol_shows_the_first_phase_with_a_big_countdown() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "6", "--at", &days_ago(1)]);
    let frame = sandbox.render_screen("protocol", 80, 24, &[]);
    assert_eq!(frame.lines().count(), 24, "{frame}");
    assert!(frame.contains("Calm-first protocol"), "{frame}");
    assert!(frame.contains("Find it"), "{frame}");
    assert!(frame.contains("Enter starts"), "{frame}");
    assert!(frame.contains("Biceps, left"), "{frame}");
    let big_rows = frame.lines().filter(|line| line.contains('█')).count();
    assert!(
        big_rows >= 3,
        "the countdown is drawn in big block characters:\n{frame}"
    );
}

#[test]
fn render_protocol_knot_picks_the_knot_shown() {
    let sandbox = Sandbox::new();
    sandbox.log(&["biceps-left", "6", "--at", &days_ago(1)]);
    sandbox.log(&["soleus-right", "4", "--at", &days_ago(1)]);
    for (region, name, other) in [
        ("biceps-left", "Biceps, left", "Soleus, right"),
        ("soleus-right", "Soleus, right", "Biceps, left"),
    ] {
        let id = sandbox.knot_on(region)["id"].to_string();
        let frame = sandbox.render_screen("protocol", 80, 24, &["--knot", &id]);
        assert!(frame.contains(name), "--knot {id}:\n{frame}");
        assert!(!frame.contains(other), "--knot {id}:\n{frame}");
        assert!(frame.contains("Calm-first protocol"), "{frame}");
    }
}

#[test]
fn render_protocol_on_an_empty_database_says_to_log_a_knot_first() {
    let sandbox = empty_sandbox();
    let frame = sandbox.render_screen("protocol", 80, 24, &[]);
    assert!(frame.contains("No knots yet"), "{frame}");
    assert!(frame.contains("Log one"), "{frame}");
    assert!(frame.contains("first"), "{frame}");
    assert!(!frame.contains("Enter starts"), "{frame}");
}

#[test]
fn render_protocol_fits_every_frame_size() {
    let sandbox = sandbox_with_a_history();
    for (width, height) in [(1, 1), (20, 5), (40, 10), (80, 24), (200, 60)] {
        sandbox.render_screen("protocol", width, height, &[]);
    }
    let empty = empty_sandbox();
    for (width, height) in [(1, 1), (20, 5), (200, 60)] {
        empty.render_screen("protocol", width, height, &[]);
    }
}

//! How far a long piece of work has got, on standard error: a bar with
//! the count, the rate and the time left, drawn only when standard error
//! is a terminal. Into a pipe or a file nothing extra is written, so a
//! script reads what it always read.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A piece of work counted in `unit`s ("readings", "knots").
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// Work of `total` units, said as "`doing` ..." ("Exporting").
    pub fn new(doing: &str, unit: &str, total: u64) -> Progress {
        // While the app draws, the terminal is its alone.
        let shown = std::io::stderr().is_terminal() && !crate::signals::is_terminal_taken();
        let target = if shown {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let progress = Progress {
            bar: ProgressBar::with_draw_target(Some(total), target),
        };
        progress.stage(doing, unit, total);
        // Redrawn now and then even when the count stands still, so the
        // time shown keeps moving; a bar nobody sees needs no ticking.
        if shown {
            progress.bar.enable_steady_tick(Duration::from_millis(250));
        }
        progress
    }

    /// Reading `total` bytes, said as "`doing` ..." ("Checking").
    pub fn bytes(doing: &str, total: u64) -> Progress {
        let progress = Progress::new(doing, "", total);
        if let Ok(style) = ProgressStyle::with_template(
            "{msg} {bar:30} {bytes}/{total_bytes}, {bytes_per_sec}, about {eta} left",
        ) {
            progress.bar.set_style(style.progress_chars("=> "));
        }
        progress
    }

    /// A piece of work that shows nothing: for callers that report
    /// progress their own way, or not at all.
    pub fn hidden() -> Progress {
        Progress {
            bar: ProgressBar::hidden(),
        }
    }

    /// `done` more units are done.
    pub fn advance(&self, done: u64) {
        self.bar.inc(done);
    }

    /// Says what is being done now, for work in stages, counted in
    /// `unit`s.
    pub fn stage(&self, doing: &str, unit: &str, total: u64) {
        if let Ok(style) = ProgressStyle::with_template(&template(unit)) {
            self.bar.set_style(style.progress_chars("=> "));
        }
        self.bar.set_message(doing.to_string());
        self.bar.set_length(total);
        self.bar.set_position(0);
        self.bar.reset_eta();
    }

    /// The work is done: the bar is taken off the terminal.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// The bar's line for work counted in `unit`s.
fn template(unit: &str) -> String {
    format!(
        "{{msg}} {{bar:30}} {{human_pos}}/{{human_len}} {unit}, {{per_sec}}, about {{eta}} left"
    )
}

impl Drop for Progress {
    fn drop(&mut self) {
        // Stopped by an error: the error message starts on a clean line.
        if !self.bar.is_finished() {
            self.bar.finish_and_clear();
        }
    }
}

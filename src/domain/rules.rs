//! The numbers the rules use, in one place, so the settings file can
//! change them.

use chrono::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// A pain score at or below this counts as calm; two calm sessions in
    /// a row resolve a knot.
    pub calm_pain: u8,
    /// A reading joins the latest session when that session started no
    /// more than this long before it.
    pub session_span: Duration,
    /// The window in which a treated knot is expected to calm: this many
    /// sessions...
    pub window_sessions: u8,
    /// ...or this many days since its first reading, whichever comes first.
    pub window_days: i64,
    /// A drop counts as meaningful at this many points...
    pub meaningful_points: u8,
    /// ...and this share of the first score. Changes under about two points
    /// on a 0-10 scale are within the noise of the measurement.
    pub meaningful_percent: u8,
    /// A knot is worse when it is this many points above its first score.
    pub worse_points: u8,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            calm_pain: 2,
            session_span: Duration::hours(1),
            window_sessions: 5,
            window_days: 14,
            meaningful_points: 2,
            meaningful_percent: 30,
            worse_points: 2,
        }
    }
}

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
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            calm_pain: 2,
            session_span: Duration::hours(1),
        }
    }
}

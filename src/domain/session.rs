//! Which sitting a reading belongs to.

use chrono::{DateTime, Duration, Utc};

/// A reading joins the latest session when that session started no more
/// than this long before it; otherwise it starts a new one.
pub const SESSION_SPAN: Duration = Duration::hours(1);

/// Whether a reading taken `at` belongs to a session that started at
/// `started_at`.
pub fn joins_session(started_at: DateTime<Utc>, at: DateTime<Utc>) -> bool {
    at >= started_at && at - started_at <= SESSION_SPAN
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn a_reading_within_the_hour_joins_the_session() {
        let start = at("2026-02-01T18:00:00Z");
        assert!(joins_session(start, at("2026-02-01T18:00:00Z")));
        assert!(joins_session(start, at("2026-02-01T19:00:00Z")));
        assert!(!joins_session(start, at("2026-02-01T19:00:01Z")));
        assert!(
            !joins_session(start, at("2026-02-01T17:59:59Z")),
            "before it started"
        );
    }
}

//! Which sitting a reading belongs to.

use chrono::{DateTime, Duration, Utc};

/// Whether a reading taken `at` belongs to a session that started at
/// `started_at`: it does when the session started no more than `span`
/// before it; otherwise the reading starts a new session.
pub fn joins_session(started_at: DateTime<Utc>, at: DateTime<Utc>, span: Duration) -> bool {
    at >= started_at && at - started_at <= span
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
        let hour = Duration::hours(1);
        assert!(joins_session(start, at("2026-02-01T18:00:00Z"), hour));
        assert!(joins_session(start, at("2026-02-01T19:00:00Z"), hour));
        assert!(!joins_session(start, at("2026-02-01T19:00:01Z"), hour));
        assert!(
            !joins_session(start, at("2026-02-01T17:59:59Z"), hour),
            "before it started"
        );
    }
}

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
    /// The window in which a treated knot is expected to calm: from this
    /// session (numbered from 1)...
    pub window_first_session: u8,
    /// ...to this one. After this many sessions...
    pub window_sessions: u8,
    /// ...or this many days since its first reading, whichever comes
    /// first, a knot without a meaningful drop has stalled.
    pub window_days: i64,
    /// The scores a calming knot is expected to be at in that window, from
    /// the lower to the higher: a guide's figure, not a trial's.
    pub expected_band: (u8, u8),
    /// A drop counts as meaningful at this many points...
    pub meaningful_points: u8,
    /// ...and this share of the first score. Changes under about two points
    /// on a 0-10 scale are within the noise of the measurement.
    pub meaningful_percent: u8,
    /// A knot is worse when it is this many points above its first score.
    pub worse_points: u8,
    /// A pain score from which a clinician's view is worth having.
    pub severe_pain: u8,
    /// The usual dose on one area, in minutes; more is flagged.
    pub max_minutes: u16,
    /// Pressure above this is more than the muscle can relax under.
    pub max_pressure: u8,
    /// Days without a meaningful drop after which a clinician should look.
    pub no_progress_days: i64,
    /// A calmed knot treated again sooner than this many days after its
    /// last session is treated more than it needs: about every other day
    /// at most, 2-3 times a week, keeps it calm.
    pub maintenance_gap_days: i64,
    /// A calmed knot is due again this many days after its last treatment
    /// (two or three times a week)...
    pub maintenance_every_days: i64,
    /// ...for this many days after its last reading; a knot calm for longer
    /// is left alone.
    pub maintenance_for_days: i64,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            calm_pain: 2,
            session_span: Duration::hours(1),
            window_first_session: 3,
            window_sessions: 5,
            window_days: 14,
            expected_band: (3, 4),
            meaningful_points: 2,
            meaningful_percent: 30,
            worse_points: 2,
            severe_pain: 8,
            max_minutes: 10,
            max_pressure: 5,
            no_progress_days: 7,
            maintenance_gap_days: 2,
            maintenance_every_days: 3,
            maintenance_for_days: 28,
        }
    }
}

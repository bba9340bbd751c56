-- knotmap schema, version 3: summaries worked out from the readings and
-- kept up to date in the same transaction as every write, so that no
-- screen has to read a whole history to show what it says.

-- What a knot's readings say, boiled down (see src/domain/digest.rs).
-- Filled on first use after this upgrade, and again for every knot whose
-- digest was made with another calm threshold.
CREATE TABLE knot_digests (
    knot_id                   INTEGER PRIMARY KEY REFERENCES knots (id) ON DELETE CASCADE,
    calm_pain                 INTEGER NOT NULL,
    sessions                  INTEGER NOT NULL,
    first_seen                TEXT    NOT NULL,
    first_pain                INTEGER NOT NULL,
    last_seen                 TEXT    NOT NULL,
    latest_pain               INTEGER NOT NULL,
    episode_sessions          INTEGER NOT NULL,
    episode_first_at          TEXT    NOT NULL,
    episode_first_pain        INTEGER NOT NULL,
    episode_last_pain         INTEGER NOT NULL,
    episode_before_last_pain  INTEGER,
    still_marked              INTEGER NOT NULL,
    -- Each time the knot calmed: "calmed_at/flared_at" pairs joined by
    -- ";", with nothing after the "/" while it stays calm.
    calm_spells               TEXT    NOT NULL
) STRICT;

-- Pain per region and calendar month (UTC): the long trends add these up
-- instead of every reading.
CREATE TABLE region_months (
    region       TEXT    NOT NULL,
    month        TEXT    NOT NULL,
    readings     INTEGER NOT NULL,
    pain_sum     INTEGER NOT NULL,
    -- Sessions that logged the region in the month.
    sessions     INTEGER NOT NULL,
    -- The month's last reading (by time, then id) and its score.
    latest_at    TEXT    NOT NULL,
    latest_id    INTEGER NOT NULL,
    latest_pain  INTEGER NOT NULL,
    PRIMARY KEY (region, month)
) STRICT, WITHOUT ROWID;

-- SQLite takes the bare columns from the row that holds the max().
INSERT INTO region_months
SELECT region, month, readings, pain_sum, sessions, latest_at, latest_id, latest_pain
FROM (
    SELECT k.region AS region, substr(r.taken_at, 1, 7) AS month, count(*) AS readings,
           sum(r.pain_before) AS pain_sum, count(DISTINCT r.session_id) AS sessions,
           r.taken_at AS latest_at, r.id AS latest_id, r.pain_before AS latest_pain,
           max(r.taken_at || printf('%020d', r.id))
    FROM readings r JOIN knots k ON k.id = r.knot_id
    GROUP BY k.region, substr(r.taken_at, 1, 7)
);

-- The readings of a stretch of time, with all the short trends need.
CREATE INDEX readings_by_time ON readings (taken_at, knot_id, session_id, pain_before);

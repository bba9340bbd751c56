-- knotmap schema, version 4: every knot's calm spells and every return of
-- a knot kept in tables of their own, so that showing where knots came
-- back reads a few rows instead of working every knot's story out again.

-- The digests lose their calm spells (now a table) and their calm
-- threshold (now kept once, in summaries_state), and say whether the knot
-- is resolved. They are worked out again on first use, with the tables
-- below.
DROP TABLE knot_digests;
CREATE TABLE knot_digests (
    knot_id                   INTEGER PRIMARY KEY REFERENCES knots (id) ON DELETE CASCADE,
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
    -- Whether its verdict is resolved, which does not change with the day.
    resolved                  INTEGER NOT NULL
) STRICT;

-- The knots in play: every unresolved knot, and the resolved ones seen
-- lately.
CREATE INDEX knot_digests_in_play ON knot_digests (resolved, last_seen);

-- Each time a knot was calm: from when, and until the session it hurt
-- again (NULL while it stays calm).
CREATE TABLE calm_spells (
    knot_id    INTEGER NOT NULL REFERENCES knots (id) ON DELETE CASCADE,
    calmed_at  TEXT    NOT NULL,
    flared_at  TEXT,
    PRIMARY KEY (knot_id, calmed_at)
) STRICT, WITHOUT ROWID;

-- Each return of a knot (see src/domain/recurrence.rs): a flare of the
-- same knot, or a new knot beside a calmed one.
CREATE TABLE recurrences (
    knot_id          INTEGER NOT NULL REFERENCES knots (id) ON DELETE CASCADE,
    earlier_knot_id  INTEGER NOT NULL REFERENCES knots (id) ON DELETE CASCADE,
    region           TEXT    NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('flare', 'nearby')),
    calmed_at        TEXT    NOT NULL,
    returned_at      TEXT    NOT NULL,
    interval_days    INTEGER NOT NULL
) STRICT;

-- The newest returns, and how many since a date per region (trends).
CREATE INDEX recurrences_by_time ON recurrences (returned_at, region);
-- A region's newest returns (the recurring screen).
CREATE INDEX recurrences_by_region ON recurrences (region, returned_at);
-- A knot's returns, and the returns that name it as the earlier knot:
-- what a write to that knot must work out again.
CREATE INDEX recurrences_by_knot ON recurrences (knot_id, returned_at);
CREATE INDEX recurrences_by_earlier_knot ON recurrences (earlier_knot_id);

-- How often knots came back to each region, and the days from calm to
-- back added up: the flagged regions without counting every return.
CREATE TABLE region_recurrences (
    region             TEXT    PRIMARY KEY,
    count              INTEGER NOT NULL,
    interval_days_sum  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- The calm threshold the summaries above were worked out with; NULL until
-- they are first worked out. Another threshold means working them all out
-- again.
CREATE TABLE summaries_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    calm_pain  INTEGER
) STRICT;
INSERT INTO summaries_state (id, calm_pain) VALUES (1, NULL);

-- Nearby knots of one region, for finding the calmed knot a new one
-- formed beside.
CREATE INDEX knots_by_spot ON knots (region, view, x, y);
DROP INDEX knots_by_region;

-- The calmed knot each new knot formed beside (`knots --json`).
CREATE INDEX recurrences_nearby ON recurrences (knot_id, earlier_knot_id) WHERE kind = 'nearby';

-- knotmap schema, version 1.
-- Times are RFC 3339 strings in UTC. Every record carries a UUID that stays
-- the same across exports and copies; the integer ids are local to a file.

-- A sitting: everything logged in one go belongs to one session.
CREATE TABLE sessions (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT    NOT NULL UNIQUE,
    started_at  TEXT    NOT NULL,
    minutes     INTEGER CHECK (minutes BETWEEN 0 AND 1440),
    note        TEXT
) STRICT;

-- A knot: one tender spot on one muscle, placed on one of the two drawings.
CREATE TABLE knots (
    id                  INTEGER PRIMARY KEY,
    uuid                TEXT    NOT NULL UNIQUE,
    region              TEXT    NOT NULL,
    view                TEXT    NOT NULL CHECK (view IN ('front', 'back')),
    x                   INTEGER NOT NULL CHECK (x >= 0),
    y                   INTEGER NOT NULL CHECK (y >= 0),
    created_at          TEXT    NOT NULL,
    -- Set when the person says the knot has gone, whatever the readings say.
    marked_resolved_at  TEXT,
    -- The earlier knot this one is a return of, if any.
    recurs_knot_id      INTEGER REFERENCES knots (id) ON DELETE SET NULL,
    note                TEXT
) STRICT;

CREATE INDEX knots_by_region ON knots (region);

-- One pain score for one knot in one session, with how it was treated.
CREATE TABLE readings (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT    NOT NULL UNIQUE,
    knot_id      INTEGER NOT NULL REFERENCES knots (id) ON DELETE CASCADE,
    session_id   INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    taken_at     TEXT    NOT NULL,
    pain_before  INTEGER NOT NULL CHECK (pain_before BETWEEN 0 AND 10),
    pain_after   INTEGER CHECK (pain_after BETWEEN 0 AND 10),
    technique    TEXT,
    tool         TEXT,
    minutes      INTEGER CHECK (minutes BETWEEN 0 AND 600),
    pressure     INTEGER CHECK (pressure BETWEEN 0 AND 10),
    -- Comma-separated symptom slugs, empty when none were noticed.
    symptoms     TEXT    NOT NULL DEFAULT '',
    note         TEXT
) STRICT;

-- A knot's history in time order: charts, summaries, session numbers.
CREATE INDEX readings_by_knot ON readings (knot_id, taken_at);
-- A session's readings: the history screen and session grouping.
CREATE INDEX readings_by_session ON readings (session_id);
-- The latest session, to decide whether a new reading joins it.
CREATE INDEX sessions_by_start ON sessions (started_at);

-- Marks the file as knotmap's ("KNOT"), so a foreign SQLite file is never
-- mistaken for one of ours.
PRAGMA application_id = 1263423316;

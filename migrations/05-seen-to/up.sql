-- knotmap schema, version 5: a knot with a red flag (numbness, a swollen
-- calf, a sharp pain, ...) is on hold until the person says someone has
-- seen to it, and each time they say so is kept with its date.

-- Each time the person said a knot on hold had been seen to by a doctor
-- or physiotherapist. Red flags logged before it no longer hold the knot;
-- one logged after it holds the knot again. Exported and imported with a
-- UUID, like every record.
CREATE TABLE clearings (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT    NOT NULL UNIQUE,
    knot_id     INTEGER NOT NULL REFERENCES knots (id) ON DELETE CASCADE,
    cleared_at  TEXT    NOT NULL
) STRICT;

-- A knot's clearings, newest last: the latest is what counts.
CREATE INDEX clearings_by_knot ON clearings (knot_id, cleared_at);

-- The latest of the knot's clearings, kept beside it in the same
-- transaction as every write to clearings, so that reading a knot never
-- means reading its clearings too.
ALTER TABLE knots ADD COLUMN cleared_at TEXT;

-- What the digests keep of a knot's safety (see src/domain/safety.rs):
-- when its first red flag since it was last seen to was logged, those
-- flags' symptoms as comma-separated slugs, and whether its latest session
-- left it sorer than before.
ALTER TABLE knot_digests ADD COLUMN flagged_at TEXT;
ALTER TABLE knot_digests ADD COLUMN red_symptoms TEXT NOT NULL DEFAULT '';
ALTER TABLE knot_digests ADD COLUMN sore_after INTEGER NOT NULL DEFAULT 0;

-- The digests made before this step know nothing of red flags: work them
-- all out again on first use.
UPDATE summaries_state SET calm_pain = NULL;

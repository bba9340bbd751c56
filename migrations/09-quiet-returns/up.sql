-- knotmap schema, version 9: an everyday write leaves the returns alone.
-- A knot's returns, and its neighbours', follow from where it is, when it
-- was first seen and when it calmed and flared. knotmap compares the last
-- two before and after a write; where a knot is can change without its
-- readings (another program may move it, or write its row again), so
-- that is marked here, in a table of its own: no other trigger writes to
-- it, and a statement's OR REPLACE cannot take the mark back.

CREATE TABLE moved_knots (
    knot_id  INTEGER PRIMARY KEY
) STRICT;

-- A knot marked stale before this step may have moved.
INSERT INTO moved_knots (knot_id) SELECT knot_id FROM stale_knots;

CREATE TRIGGER knotmap_knot_moved AFTER UPDATE OF id, region, view, x, y ON knots
WHEN OLD.id IS NOT NEW.id OR OLD.region IS NOT NEW.region OR OLD.view IS NOT NEW.view
     OR OLD.x IS NOT NEW.x OR OLD.y IS NOT NEW.y
BEGIN
    INSERT OR IGNORE INTO moved_knots (knot_id) VALUES (OLD.id), (NEW.id);
END;

-- A knot written anew, also by REPLACE over a row of the same id.
CREATE TRIGGER knotmap_knot_placed AFTER INSERT ON knots BEGIN
    INSERT OR IGNORE INTO moved_knots (knot_id) VALUES (NEW.id);
END;

-- The regions whose count of returns is to be worked out again: every
-- change to the returns marks its region, also a change no knotmap made,
-- such as the returns a foreign key cascade takes with a knot another
-- program deletes.
CREATE TABLE stale_regions (
    region  TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

CREATE TRIGGER knotmap_return_added AFTER INSERT ON recurrences BEGIN
    INSERT OR IGNORE INTO stale_regions (region) VALUES (NEW.region);
END;

CREATE TRIGGER knotmap_return_changed AFTER UPDATE ON recurrences BEGIN
    INSERT OR IGNORE INTO stale_regions (region) VALUES (OLD.region), (NEW.region);
END;

CREATE TRIGGER knotmap_return_removed AFTER DELETE ON recurrences BEGIN
    INSERT OR IGNORE INTO stale_regions (region) VALUES (OLD.region);
END;

-- The count of returns per region is read from the index, not from every
-- return's row.
DROP INDEX recurrences_by_region;
CREATE INDEX recurrences_by_region ON recurrences (region, returned_at, interval_days);

-- A calm spell that ended the moment it began (sessions logged at one
-- moment) is no longer one: files that kept such a spell have their
-- summaries worked out again at their next use.
UPDATE summaries_state SET calm_pain = NULL
    WHERE EXISTS (SELECT 1 FROM calm_spells WHERE flared_at = calmed_at);

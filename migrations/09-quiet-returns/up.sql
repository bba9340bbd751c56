-- knotmap schema, version 9: an everyday write leaves the returns alone.
-- A knot's returns, and its neighbours', follow from where it is, when it
-- was first seen and when it calmed and flared. knotmap compares the last
-- two before and after a write; where a knot is can change without its
-- readings (another program may move it), so a move is marked here.

ALTER TABLE stale_knots ADD COLUMN moved INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER knotmap_knot_moved AFTER UPDATE OF region, view, x, y ON knots BEGIN
    INSERT INTO stale_knots (knot_id, moved) VALUES (OLD.id, 1), (NEW.id, 1)
        ON CONFLICT (knot_id) DO UPDATE SET moved = 1;
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

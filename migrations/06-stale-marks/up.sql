-- knotmap schema, version 6: whoever writes the readings, sessions or
-- knots (knotmap, the sqlite3 shell, a notebook), these triggers mark the
-- knots and months the write touched as stale, in the same transaction.
-- knotmap works the marked summaries out again before it next reads them,
-- and clears the marks in the transaction that does.

CREATE TABLE stale_knots (
    knot_id  INTEGER PRIMARY KEY
) STRICT;

CREATE TABLE stale_months (
    region  TEXT NOT NULL,
    month   TEXT NOT NULL,
    PRIMARY KEY (region, month)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER knotmap_reading_added AFTER INSERT ON readings BEGIN
    INSERT OR IGNORE INTO stale_knots (knot_id) VALUES (NEW.knot_id);
    INSERT OR IGNORE INTO stale_months (region, month)
        SELECT region, substr(NEW.taken_at, 1, 7) FROM knots WHERE id = NEW.knot_id;
END;

CREATE TRIGGER knotmap_reading_changed AFTER UPDATE ON readings BEGIN
    INSERT OR IGNORE INTO stale_knots (knot_id) VALUES (OLD.knot_id), (NEW.knot_id);
    INSERT OR IGNORE INTO stale_months (region, month)
        SELECT region, substr(OLD.taken_at, 1, 7) FROM knots WHERE id = OLD.knot_id
        UNION SELECT region, substr(NEW.taken_at, 1, 7) FROM knots WHERE id = NEW.knot_id;
END;

CREATE TRIGGER knotmap_reading_removed AFTER DELETE ON readings BEGIN
    INSERT OR IGNORE INTO stale_knots (knot_id) VALUES (OLD.knot_id);
    INSERT OR IGNORE INTO stale_months (region, month)
        SELECT region, substr(OLD.taken_at, 1, 7) FROM knots WHERE id = OLD.knot_id;
END;

CREATE TRIGGER knotmap_knot_added AFTER INSERT ON knots BEGIN
    INSERT OR IGNORE INTO stale_knots (knot_id) VALUES (NEW.id);
END;

-- A knot moved to another region moves its readings' months with it.
CREATE TRIGGER knotmap_knot_changed AFTER UPDATE ON knots BEGIN
    INSERT OR IGNORE INTO stale_knots (knot_id) VALUES (OLD.id), (NEW.id);
    INSERT OR IGNORE INTO stale_months (region, month)
        SELECT OLD.region, substr(taken_at, 1, 7) FROM readings WHERE knot_id IN (OLD.id, NEW.id)
        UNION SELECT NEW.region, substr(taken_at, 1, 7) FROM readings WHERE knot_id IN (OLD.id, NEW.id);
END;

-- Before the delete, while the knot's readings still say which months.
CREATE TRIGGER knotmap_knot_removed BEFORE DELETE ON knots BEGIN
    INSERT OR IGNORE INTO stale_knots (knot_id) VALUES (OLD.id);
    INSERT OR IGNORE INTO stale_months (region, month)
        SELECT OLD.region, substr(taken_at, 1, 7) FROM readings WHERE knot_id = OLD.id;
END;

-- A session's time or removal changes the sessions its knots count.
CREATE TRIGGER knotmap_session_changed AFTER UPDATE ON sessions BEGIN
    INSERT OR IGNORE INTO stale_knots (knot_id)
        SELECT knot_id FROM readings WHERE session_id IN (OLD.id, NEW.id);
    INSERT OR IGNORE INTO stale_months (region, month)
        SELECT k.region, substr(r.taken_at, 1, 7)
        FROM readings r JOIN knots k ON k.id = r.knot_id
        WHERE r.session_id IN (OLD.id, NEW.id);
END;

CREATE TRIGGER knotmap_session_removed BEFORE DELETE ON sessions BEGIN
    INSERT OR IGNORE INTO stale_knots (knot_id)
        SELECT knot_id FROM readings WHERE session_id = OLD.id;
    INSERT OR IGNORE INTO stale_months (region, month)
        SELECT k.region, substr(r.taken_at, 1, 7)
        FROM readings r JOIN knots k ON k.id = r.knot_id
        WHERE r.session_id = OLD.id;
END;

-- A knot seen to, or no longer, is judged again: its hold depends on its
-- latest clearing, kept beside it, whoever wrote the clearing.
CREATE TRIGGER knotmap_clearing_added AFTER INSERT ON clearings BEGIN
    UPDATE knots
        SET cleared_at = (SELECT max(cleared_at) FROM clearings WHERE knot_id = NEW.knot_id)
        WHERE id = NEW.knot_id;
    INSERT OR IGNORE INTO stale_knots (knot_id) VALUES (NEW.knot_id);
END;

CREATE TRIGGER knotmap_clearing_removed AFTER DELETE ON clearings BEGIN
    UPDATE knots
        SET cleared_at = (SELECT max(cleared_at) FROM clearings WHERE knot_id = OLD.knot_id)
        WHERE id = OLD.knot_id;
    INSERT OR IGNORE INTO stale_knots (knot_id) VALUES (OLD.knot_id);
END;

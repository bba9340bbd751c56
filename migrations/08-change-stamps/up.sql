-- knotmap schema, version 8: two computers, one history. Every version of
-- a knot, session, reading or clearing carries a change stamp, and every
-- deletion leaves a tombstone with one, so that merging another
-- computer's records keeps, for each record, the version with the later
-- stamp (see src/domain/stamp.rs and src/store/versions.rs).

-- A stamp's text sorts as the stamps do: milliseconds (13 digits), a
-- counter (6), the device (32 hex digits). Records from before this step
-- are stamped from their own time, with the all-zero device: any change
-- stamped from now on is later than the record it changes.
ALTER TABLE knots ADD COLUMN stamp TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN stamp TEXT NOT NULL DEFAULT '';
ALTER TABLE readings ADD COLUMN stamp TEXT NOT NULL DEFAULT '';
ALTER TABLE clearings ADD COLUMN stamp TEXT NOT NULL DEFAULT '';

UPDATE knots SET stamp = printf('%013d.000000.00000000000000000000000000000000',
    max(0, CAST(strftime('%s', max(created_at, coalesce(marked_resolved_at, created_at))) AS INTEGER)) * 1000);
UPDATE sessions SET stamp = printf('%013d.000000.00000000000000000000000000000000',
    max(0, CAST(strftime('%s', started_at) AS INTEGER)) * 1000);
UPDATE readings SET stamp = printf('%013d.000000.00000000000000000000000000000000',
    max(0, CAST(strftime('%s', taken_at) AS INTEGER)) * 1000);
UPDATE clearings SET stamp = printf('%013d.000000.00000000000000000000000000000000',
    max(0, CAST(strftime('%s', cleared_at) AS INTEGER)) * 1000);

-- What is left of a deleted record: its UUID, its kind and the stamp of
-- the deletion. An older copy of the record, from an export or another
-- computer, does not bring it back; a later version does, and takes the
-- tombstone away.
CREATE TABLE tombstones (
    uuid   TEXT PRIMARY KEY,
    -- Only readings and clearings are ever deleted.
    kind   TEXT NOT NULL CHECK (kind IN ('reading', 'clearing')),
    stamp  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- This database as one of several copies of a history. The device id is
-- minted on the first stamped write and again whenever the file turns out
-- to be another file than the one it was minted for (file_key, the file's
-- device and inode numbers): a database copied to another computer, or
-- restored from a backup, stamps as a device of its own.
CREATE TABLE replica (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    device    TEXT NOT NULL,
    file_key  TEXT NOT NULL,
    -- The latest stamp this database issued or took in: the next stamp
    -- is later.
    clock     TEXT NOT NULL
) STRICT;
INSERT INTO replica (id, device, file_key, clock) VALUES (1, '', '', '');

-- The other devices' sync files taken in whole, each with a digest of its
-- bytes (SHA-256): a file that has not changed since is not read again.
-- Only a shortcut: taking a file in twice changes nothing either.
CREATE TABLE sync_files (
    name    TEXT PRIMARY KEY,
    digest  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

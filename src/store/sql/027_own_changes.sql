-- rolo schema v27: the undo journal records rolo's own changes only. Its triggers record while
-- journal_state.recording = 1, which was so at rest: another program's writes to the file (the
-- sqlite3 shell, a script, a sync tool) went into rolo's last change, and `rolo undo` reverted
-- them with it. Now recording is 0 at rest, and rolo turns it on for the change it opens only
-- (Store::change), off again before its commit.
UPDATE journal_state SET recording = 0;

-- What a change left of each row it journaled, kept at its commit (NULL: the row is gone):
-- `undo` compares it with the row now, and refuses when another program changed since what
-- the change wrote, or keeps what they changed that it did not (store::journal::after).
-- `key` is a setting's key (settings are WITHOUT ROWID, row_id 0), else ''. A change from
-- before has none: undone as before. (A later migration that rewrites journaled rows rewrites
-- these images too, as it does change_ops'.)
DROP TABLE IF EXISTS change_after;
CREATE TABLE change_after(
  change_id INTEGER NOT NULL REFERENCES changes(id) ON DELETE CASCADE,
  tbl       TEXT NOT NULL,
  row_id    INTEGER NOT NULL,
  key       TEXT NOT NULL,
  new       TEXT,
  PRIMARY KEY (change_id, tbl, row_id, key)
) WITHOUT ROWID;

-- The last row a bulk load appended to a table (its `change_ranges` row says the first): `undo`
-- deletes the load's rows up to it, not those another program appended after it. A load from
-- before has none (up to the end, as before).
DROP TABLE IF EXISTS change_range_ends;
CREATE TABLE change_range_ends(
  change_id INTEGER NOT NULL REFERENCES changes(id) ON DELETE CASCADE,
  tbl       TEXT NOT NULL,
  last_id   INTEGER NOT NULL,
  PRIMARY KEY (change_id, tbl)
) WITHOUT ROWID;

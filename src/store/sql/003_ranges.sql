-- rolo schema v3: a bulk load (a large import) journals the rows it appends as one range per
-- table instead of one `change_ops` row each: every row of `tbl` whose rowid is at least
-- `first_id` was inserted by that change (ids only grow, and undo goes newest first), so
-- `rolo undo` deletes them after replaying the change's other ops.
CREATE TABLE change_ranges(
  change_id INTEGER NOT NULL REFERENCES changes(id) ON DELETE CASCADE,
  tbl       TEXT NOT NULL,
  first_id  INTEGER NOT NULL,
  PRIMARY KEY (change_id, tbl)
) WITHOUT ROWID;

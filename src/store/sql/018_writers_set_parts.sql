-- rolo schema v18: rolo's writers set a name's parts, an address's parts and a name's key
-- (with its Latin spelling and pieces) in the same UPDATE as the name or the address, so one
-- edit is one write of the row: one image of it in the undo journal, undone in one step.
-- The triggers that cleared them after the write (v6, v9, v16) made each rename or new
-- address two to five writes, and a writer that kept the parts had to write them back in
-- another UPDATE after the trigger dropped them.
--
-- The parts: a rename without parts, or a new address without them, sets them to NULL itself
-- (store::customer::write). Another tool that renames a row leaves its parts as they were;
-- an export writes a name's parts only where they fit the name (domain::NameParts::fits),
-- and `rolo doctor` drops those that do not.
DROP TRIGGER customers_address_parts_au;
DROP TRIGGER customers_name_parts_au;

-- The key: still emptied (and computed at the commit, see 006_name_key.sql) when a row is
-- renamed and its key left as it was, as another tool does; not when the writer set it, nor
-- when the name changed in ASCII letter case alone, which the key does not tell apart.
DROP TRIGGER customers_name_key_au;
CREATE TRIGGER customers_name_key_au AFTER UPDATE OF name ON customers
  WHEN NEW.name IS NOT OLD.name AND NEW.name_key IS OLD.name_key
   AND lower(NEW.name) IS NOT lower(OLD.name) BEGIN
  UPDATE customers SET name_key = '' WHERE id = NEW.id;
END;

-- When a deal last changed stage, and a follow-up's day or status, to the nanosecond: the
-- nanoseconds past the second `stage_changed_at` and `changed_at` hold (unix seconds, as
-- before), written from the clock of the command that made the change (`Store::set_clock`).
-- A restore that meets a row moved on both sides takes the one moved last, which the second
-- alone could not tell when both moved in the same one. Rows from before have 0: two of them
-- moved in the same second still tie (the restore keeps this side's and says so).
ALTER TABLE deals ADD COLUMN stage_changed_ns INTEGER NOT NULL DEFAULT 0;
ALTER TABLE follow_ups ADD COLUMN changed_ns INTEGER NOT NULL DEFAULT 0;

-- Undo restores a row from its JSON image, every column of it: images taken before this
-- version get the 0 their rows have (a missing key would be NULL, which the column is not).
UPDATE change_ops SET old = json_set(old, '$.stage_changed_ns', 0)
 WHERE tbl = 'deals' AND old IS NOT NULL;
UPDATE change_ops SET old = json_set(old, '$.changed_ns', 0)
 WHERE tbl = 'follow_ups' AND old IS NOT NULL;

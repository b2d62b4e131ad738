-- rolo schema v6: customers sort by `name_key`, their name as domain::text::name_key folds
-- it (lowercase, European accents stripped: `Émile` with the e's, `Łucja` with the l's),
-- instead of `name COLLATE NOCASE`, which put every accented initial after `Zoe`. SQL
-- cannot fold, so the key is written from Rust: by the writers that insert customers, and
-- for any other row by `store::customer::name_key::fill` before each commit, which computes
-- every empty key. An empty key means "to compute": a new column's default, and what the
-- trigger below leaves on a rename by any path (an edit, an undo, another tool).
-- Migration 6 fills the keys of the rows there are in the same transaction (migrate.rs).
ALTER TABLE customers ADD COLUMN name_key TEXT NOT NULL DEFAULT '';

-- Walked in order by name lists, and sought by an exact organization lookup
-- (find_org: equal names case aside have equal keys). The old index served those two
-- queries only, so it goes.
CREATE INDEX customers_name_key ON customers(name_key, name);
DROP INDEX customers_name;

CREATE TRIGGER customers_name_key_au AFTER UPDATE OF name ON customers
  WHEN NEW.name IS NOT OLD.name BEGIN
  UPDATE customers SET name_key = '' WHERE id = NEW.id;
END;

-- Undo restores a row from its JSON image, every column of it: images taken before this
-- version have no key, and get the empty one, computed when the undo commits.
UPDATE change_ops SET old = json_set(old, '$.name_key', '')
 WHERE tbl = 'customers' AND old IS NOT NULL;

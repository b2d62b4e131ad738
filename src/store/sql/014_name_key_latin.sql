-- rolo schema v14: a name in another script sorts by its Latin spelling among the Latin
-- names (`Νίκος Παπαδόπουλος` with the n's, `王伟` with the w's), where it sorted after every
-- one of them: domain::text::name_key now spells it (domain::text::sort_spelling). Keys of
-- names with any letter beyond ASCII are emptied here and computed again by
-- `name_key::fill` in the same transaction (migrate.rs); ASCII names keep theirs. The
-- index `customers_name_key(name_key, name)` holds the new order as it held the old.
UPDATE customers SET name_key = ''
 WHERE length(name) <> length(CAST(name AS BLOB));

-- Undo restores a row from its JSON image: an image's key of the old rule is emptied (an
-- image without one, of the columns a change set, is left as it is), so the key is computed
-- when the undo commits.
UPDATE change_ops SET old = json_replace(old, '$.name_key', '')
 WHERE tbl = 'customers' AND old IS NOT NULL AND json_type(old, '$.name_key') IS NOT NULL;

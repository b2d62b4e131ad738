-- rolo schema v12: names in another script are found by their Latin spelling too (`nikos`
-- finds `Νίκος`, `dmitry` finds `Дмитрий`). `name_latin` holds it, as
-- domain::text::name_latin spells it (empty for a name in Latin letters): computed from Rust
-- with `name_key`, by the writers that insert customers and for a renamed row by
-- `store::customer::name_key::fill` (the rename trigger empties the key; an empty key means
-- both are to compute). The customer search index gets it as a fourth column, `latin`, which
-- name lookups match typed words against in their loose form (domain::text::typed_latin).
-- The index is made again (as in v4) and rebuilt by the migration's second step, after the
-- keys and spellings are computed: the FTS triggers are dropped here (if there: an upgrade
-- drops the derived triggers first) and made again from derived.sql after the last version.
ALTER TABLE customers ADD COLUMN name_latin TEXT NOT NULL DEFAULT '';

DROP TRIGGER IF EXISTS customers_fts_ai;
DROP TRIGGER IF EXISTS customers_fts_bd;
DROP TRIGGER IF EXISTS customers_fts_bu;
DROP TRIGGER IF EXISTS customers_fts_au;
DROP TABLE customers_fts;
DROP VIEW customers_fts_src;
CREATE VIEW customers_fts_src AS SELECT id,
  CASE WHEN length(name) = length(CAST(name AS BLOB)) THEN name
    ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(name, 'ł', 'l'), 'Ł', 'L'), 'ø', 'o'), 'Ø', 'O'), 'ß', 'ss'), 'ẞ', 'SS'), 'æ', 'ae'), 'Æ', 'Ae'), 'œ', 'oe'), 'Œ', 'Oe'), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'þ', 'th'), 'Þ', 'Th'), 'ħ', 'h'), 'Ħ', 'H'), 'ı', 'i'), 'ŀ', 'l'), 'Ŀ', 'L'), 'ŧ', 't'), 'Ŧ', 'T'), 'ŉ', 'n') END AS name,
  CASE WHEN length(notes) = length(CAST(notes AS BLOB)) THEN notes
    ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(notes, 'ł', 'l'), 'Ł', 'L'), 'ø', 'o'), 'Ø', 'O'), 'ß', 'ss'), 'ẞ', 'SS'), 'æ', 'ae'), 'Æ', 'Ae'), 'œ', 'oe'), 'Œ', 'Oe'), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'þ', 'th'), 'Þ', 'Th'), 'ħ', 'h'), 'Ħ', 'H'), 'ı', 'i'), 'ŀ', 'l'), 'Ŀ', 'L'), 'ŧ', 't'), 'Ŧ', 'T'), 'ŉ', 'n') END AS notes,
  CASE WHEN length(needs) = length(CAST(needs AS BLOB)) THEN needs
    ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(needs, 'ł', 'l'), 'Ł', 'L'), 'ø', 'o'), 'Ø', 'O'), 'ß', 'ss'), 'ẞ', 'SS'), 'æ', 'ae'), 'Æ', 'Ae'), 'œ', 'oe'), 'Œ', 'Oe'), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'þ', 'th'), 'Þ', 'Th'), 'ħ', 'h'), 'Ħ', 'H'), 'ı', 'i'), 'ŀ', 'l'), 'Ŀ', 'L'), 'ŧ', 't'), 'Ŧ', 'T'), 'ŉ', 'n') END AS needs,
  name_latin AS latin
FROM customers;
CREATE VIRTUAL TABLE customers_fts USING fts5(
  name, notes, needs, latin,
  content = 'customers_fts_src', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Names beyond ASCII get their key and spelling computed again; ASCII names have none.
UPDATE customers SET name_key = ''
 WHERE length(name) <> length(CAST(name AS BLOB));

-- Undo restores a row from its JSON image, every column of it: images taken before this
-- version have no spelling, and get an empty key, so both are computed when the undo commits.
UPDATE change_ops SET old = json_set(old, '$.name_key', '', '$.name_latin', '')
 WHERE tbl = 'customers' AND old IS NOT NULL;

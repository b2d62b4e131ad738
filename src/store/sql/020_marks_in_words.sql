-- rolo schema v20: a mark inside a word is part of the word when text is folded for matching
-- (domain::text::fold): a Thai tone mark or vowel sign (`น้ำฝน`, `ก่อน` are one word each,
-- where they were cut at the mark), and a combining accent written after its letter is folded
-- away as a precomposed one is (`e` + U+0301 is `e`). The columns computed from a name with
-- that fold (`name_key`, `name_latin`, `name_grams`) are computed again by the migration's
-- second step for every name whose columns differ (`store::customer::name_key::repair`), and
-- the triggers keep the indexes in step.
--
-- Undo restores a row from its JSON image, every column of it: an image's key of a name
-- beyond ASCII is emptied, so that all three are computed again when the undo commits.
UPDATE change_ops SET old = json_replace(old, '$.name_key', '')
 WHERE tbl = 'customers' AND old IS NOT NULL AND json_type(old, '$.name_key') IS NOT NULL
   AND length(json_extract(old, '$.name')) <> length(CAST(json_extract(old, '$.name') AS BLOB));

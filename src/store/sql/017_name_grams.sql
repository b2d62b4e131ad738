-- rolo schema v17: a name in a script written without spaces between words (Chinese,
-- Japanese, Korean, Thai) is found by any of its letters, wherever they fall and however the
-- name is spaced: `小明` and `王` find `王小明`, `山田太郎` finds `山田 太郎` and the other way
-- round, `민준` finds `김민준`. `name_grams` holds the name folded without its spaces, then
-- each two of its letters side by side and its last letter with an end mark
-- (domain::text::name_grams: `王小明 王小 小明 明` and the mark), empty for any other name;
-- computed from Rust with `name_key` and `name_latin` by the writers and, for a renamed row,
-- by `store::customer::name_key::fill`. `name_grams_fts` indexes it, each piece a word: one
-- typed letter starts a word, two are one, more are their pairs, all of which the name must
-- have, and the tight name (the first word) is then checked for the whole. Only the rows with
-- pieces are in it. The migration's second step computes the column for the names beyond
-- ASCII and fills the index.
ALTER TABLE customers ADD COLUMN name_grams TEXT NOT NULL DEFAULT '';

CREATE VIRTUAL TABLE name_grams_fts USING fts5(
  name_grams,
  content = 'customers', content_rowid = 'id',
  detail = none, columnsize = 0
);

-- Undo restores a row from its JSON image, every column of it: images taken before this
-- version have no pieces, and get an empty key, so both are computed when the undo commits.
UPDATE change_ops SET old = json_set(old, '$.name_key', '', '$.name_grams', '')
 WHERE tbl = 'customers' AND old IS NOT NULL AND json_type(old, '$.name_key') IS NOT NULL;

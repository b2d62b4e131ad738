-- rolo schema v22: words in scripts written without spaces (Chinese, Japanese, Korean, Thai)
-- found in notes and history through an index, and Thai words kept whole by the search index.
--
-- 1. `text_grams_fts` holds, for each profile (notes and needs), interaction (summary and
-- notes) and follow-up (its text) whose text has a letter of such a script, each such letter
-- with the character after it (domain::text::text_grams: `会议` and `议。` for `会议。`); rows
-- without one are not in it, so text in other scripts costs nothing. A search for `会议` looks
-- up the rows with the pair `会议` and reads only those (store::search::text_grams), where it
-- read every notes and history text. The table, the views that compute the pairs in SQL for
-- its triggers and the triggers are in derived.sql (an ALTER TABLE checks that every table a
-- trigger names exists, so they are made together, and a file made new has them from v1);
-- this migration's second step makes them, and fills the index in Rust, as bulk loads do
-- (store::search::text_grams).
--
-- 2. The three search indexes again, their tokenizer keeping a mark inside its word as
-- domain::text::fold does since v20 (`ก่อน`, `น้ำฝน` are one word each: unicode61 cut them
-- at the tone mark or vowel sign, so a name lookup for `อน` found `ก่อนดี`); rebuilt from the
-- rows by the second step, which makes the derived triggers again.
DROP TABLE customers_fts;
CREATE VIRTUAL TABLE customers_fts USING fts5(
  name, notes, needs, latin,
  content = 'customers_fts_src', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2 categories ''L* N* Co M*'''
);
DROP TABLE interactions_fts;
CREATE VIRTUAL TABLE interactions_fts USING fts5(
  summary, notes,
  content = 'interactions_fts_src', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2 categories ''L* N* Co M*'''
);
DROP TABLE follow_ups_fts;
CREATE VIRTUAL TABLE follow_ups_fts USING fts5(
  what,
  content = 'follow_ups_fts_src', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2 categories ''L* N* Co M*'''
);

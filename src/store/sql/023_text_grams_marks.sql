-- rolo schema v23: the index of letter pairs of notes and history (`text_grams_fts`, v22)
-- kept up to date by rolo in Rust, its triggers only writing down which rows changed.
--
-- In v22 the triggers worked the pairs out in SQL by walking the text: only its first 2000
-- characters (the walk cost the square of the length), a longer text given the token
-- `xlong` that every search took and read whole; and any program writing customers,
-- interactions or follow-ups reached the index, which an sqlite3 before 3.43 cannot open
-- (`contentless_delete`), so it could not write them at all. Now the triggers (derived.sql)
-- write `(table, id)` into `text_grams_pending`, a plain table; rolo works out the pairs of
-- those rows from their whole text and brings the index up to date before each commit of
-- its own (store::search::text_grams::drain_text_grams), a search reads the rows still
-- pending beside the index's, and `rolo doctor` takes them in too.
--
-- Here the v22 triggers and the views they read go; the second step makes the derived
-- triggers again (with the new ones and `text_grams_pending`) and indexes every text again,
-- whole, in Rust: no row keeps `xlong`.
DROP TRIGGER IF EXISTS customers_grams_fts_ai;
DROP TRIGGER IF EXISTS customers_grams_fts_ad;
DROP TRIGGER IF EXISTS customers_grams_fts_au;
DROP TRIGGER IF EXISTS interactions_grams_fts_ai;
DROP TRIGGER IF EXISTS interactions_grams_fts_ad;
DROP TRIGGER IF EXISTS interactions_grams_fts_au;
DROP TRIGGER IF EXISTS follow_ups_grams_fts_ai;
DROP TRIGGER IF EXISTS follow_ups_grams_fts_ad;
DROP TRIGGER IF EXISTS follow_ups_grams_fts_au;
DROP VIEW IF EXISTS customers_grams_src;
DROP VIEW IF EXISTS interactions_grams_src;
DROP VIEW IF EXISTS follow_ups_grams_src;

-- The objects of schema v22's index of letter pairs as derived.sql made them (its views and
-- triggers working out the pairs in SQL, the first 2000 characters, `xlong` beyond): the
-- migration test of v23 makes a v22 file with them.
-- Letter pairs of text in scripts written without spaces (schema v22, see
-- 022_text_grams.sql): only rows whose text has such letters are in the index; any other row
-- is passed over by the WHEN (a GLOB of those scripts' ranges, as domain::text::
-- is_unspaced_char has them: the views walk a text copying its rest at each letter, so a long
-- one costs the square of its length; the WHEN first let any letter beyond ASCII in, and an
-- 80 KB note in English with one curly quote took 5.7 s to save). And a view walks a text's
-- first 2000 characters only (memory, too, grows with the square): a longer text gets the
-- token `xlong` beside its pairs, which every search of the index also takes
-- (store::search::text_grams::grams_match), and the search reads its text whole. Bulk loads
-- index texts whole, in Rust. One contentless table for the three: a row's rowid is its
-- table's base (customers 1 << 40, interactions 2 << 40, follow-ups 3 << 40) plus its id. The
-- views compute a text's pairs as domain::text::text_grams does (a line break between two
-- texts), for the triggers; bulk loads compute them in Rust (store::search::text_grams).
CREATE VIRTUAL TABLE IF NOT EXISTS text_grams_fts USING fts5(
  grams,
  content = '', contentless_delete = 1, detail = none,
  tokenize = 'ascii'
);

CREATE VIEW IF NOT EXISTS customers_grams_src AS SELECT id, (
  WITH RECURSIVE p(rest) AS (
    SELECT substr(notes || char(10) || needs, 1, 2000)
    UNION ALL SELECT substr(rest, 2) FROM p WHERE rest <> ''
  ), l(c, next) AS (
    SELECT substr(rest, 1, 1), substr(rest, 2, 1) FROM p
     WHERE unicode(rest) >= 3584 AND (unicode(rest) BETWEEN 3584 AND 3839
      OR unicode(rest) BETWEEN 4096 AND 4255
      OR unicode(rest) BETWEEN 4352 AND 4607
      OR unicode(rest) BETWEEN 6016 AND 6143
      OR unicode(rest) BETWEEN 12352 AND 12543
      OR unicode(rest) BETWEEN 12592 AND 12687
      OR unicode(rest) BETWEEN 12784 AND 12799
      OR unicode(rest) BETWEEN 13312 AND 19903
      OR unicode(rest) BETWEEN 19968 AND 40959
      OR unicode(rest) BETWEEN 44032 AND 55215
      OR unicode(rest) BETWEEN 63744 AND 64255
      OR unicode(rest) BETWEEN 65382 AND 65439
      OR unicode(rest) BETWEEN 131072 AND 201551)
  )
  SELECT nullif(ltrim(coalesce(group_concat(DISTINCT c || CASE WHEN next = ''
      OR (unicode(next) < 128 AND next NOT GLOB '[0-9A-Za-z]') THEN char(57344) ELSE next END), '')
    || CASE WHEN length(notes || char(10) || needs) > 2000 THEN ',xlong' ELSE '' END, ','), '')
  FROM l
) AS grams FROM customers;

CREATE VIEW IF NOT EXISTS interactions_grams_src AS SELECT id, (
  WITH RECURSIVE p(rest) AS (
    SELECT substr(summary || char(10) || notes, 1, 2000)
    UNION ALL SELECT substr(rest, 2) FROM p WHERE rest <> ''
  ), l(c, next) AS (
    SELECT substr(rest, 1, 1), substr(rest, 2, 1) FROM p
     WHERE unicode(rest) >= 3584 AND (unicode(rest) BETWEEN 3584 AND 3839
      OR unicode(rest) BETWEEN 4096 AND 4255
      OR unicode(rest) BETWEEN 4352 AND 4607
      OR unicode(rest) BETWEEN 6016 AND 6143
      OR unicode(rest) BETWEEN 12352 AND 12543
      OR unicode(rest) BETWEEN 12592 AND 12687
      OR unicode(rest) BETWEEN 12784 AND 12799
      OR unicode(rest) BETWEEN 13312 AND 19903
      OR unicode(rest) BETWEEN 19968 AND 40959
      OR unicode(rest) BETWEEN 44032 AND 55215
      OR unicode(rest) BETWEEN 63744 AND 64255
      OR unicode(rest) BETWEEN 65382 AND 65439
      OR unicode(rest) BETWEEN 131072 AND 201551)
  )
  SELECT nullif(ltrim(coalesce(group_concat(DISTINCT c || CASE WHEN next = ''
      OR (unicode(next) < 128 AND next NOT GLOB '[0-9A-Za-z]') THEN char(57344) ELSE next END), '')
    || CASE WHEN length(summary || char(10) || notes) > 2000 THEN ',xlong' ELSE '' END, ','), '')
  FROM l
) AS grams FROM interactions;

CREATE VIEW IF NOT EXISTS follow_ups_grams_src AS SELECT id, (
  WITH RECURSIVE p(rest) AS (
    SELECT substr(what, 1, 2000)
    UNION ALL SELECT substr(rest, 2) FROM p WHERE rest <> ''
  ), l(c, next) AS (
    SELECT substr(rest, 1, 1), substr(rest, 2, 1) FROM p
     WHERE unicode(rest) >= 3584 AND (unicode(rest) BETWEEN 3584 AND 3839
      OR unicode(rest) BETWEEN 4096 AND 4255
      OR unicode(rest) BETWEEN 4352 AND 4607
      OR unicode(rest) BETWEEN 6016 AND 6143
      OR unicode(rest) BETWEEN 12352 AND 12543
      OR unicode(rest) BETWEEN 12592 AND 12687
      OR unicode(rest) BETWEEN 12784 AND 12799
      OR unicode(rest) BETWEEN 13312 AND 19903
      OR unicode(rest) BETWEEN 19968 AND 40959
      OR unicode(rest) BETWEEN 44032 AND 55215
      OR unicode(rest) BETWEEN 63744 AND 64255
      OR unicode(rest) BETWEEN 65382 AND 65439
      OR unicode(rest) BETWEEN 131072 AND 201551)
  )
  SELECT nullif(ltrim(coalesce(group_concat(DISTINCT c || CASE WHEN next = ''
      OR (unicode(next) < 128 AND next NOT GLOB '[0-9A-Za-z]') THEN char(57344) ELSE next END), '')
    || CASE WHEN length(what) > 2000 THEN ',xlong' ELSE '' END, ','), '')
  FROM l
) AS grams FROM follow_ups;

CREATE TRIGGER customers_grams_fts_ai AFTER INSERT ON customers
  WHEN (NEW.notes GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*' OR NEW.needs GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*') BEGIN
  INSERT INTO text_grams_fts(rowid, grams)
    SELECT (1 << 40) + id, grams FROM customers_grams_src WHERE id = NEW.id AND grams IS NOT NULL;
END;
CREATE TRIGGER customers_grams_fts_ad AFTER DELETE ON customers
  WHEN (OLD.notes GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*' OR OLD.needs GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*') BEGIN
  DELETE FROM text_grams_fts WHERE rowid = (1 << 40) + OLD.id;
END;
CREATE TRIGGER customers_grams_fts_au AFTER UPDATE OF notes, needs ON customers
  WHEN (OLD.notes GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*' OR OLD.needs GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*'
    OR NEW.notes GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*' OR NEW.needs GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*') BEGIN
  DELETE FROM text_grams_fts WHERE rowid = (1 << 40) + OLD.id;
  INSERT INTO text_grams_fts(rowid, grams)
    SELECT (1 << 40) + id, grams FROM customers_grams_src WHERE id = NEW.id AND grams IS NOT NULL;
END;
CREATE TRIGGER interactions_grams_fts_ai AFTER INSERT ON interactions
  WHEN (NEW.summary GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*' OR NEW.notes GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*') BEGIN
  INSERT INTO text_grams_fts(rowid, grams)
    SELECT (2 << 40) + id, grams FROM interactions_grams_src WHERE id = NEW.id AND grams IS NOT NULL;
END;
CREATE TRIGGER interactions_grams_fts_ad AFTER DELETE ON interactions
  WHEN (OLD.summary GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*' OR OLD.notes GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*') BEGIN
  DELETE FROM text_grams_fts WHERE rowid = (2 << 40) + OLD.id;
END;
CREATE TRIGGER interactions_grams_fts_au AFTER UPDATE OF summary, notes ON interactions
  WHEN (OLD.summary GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*' OR OLD.notes GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*'
    OR NEW.summary GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*' OR NEW.notes GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*') BEGIN
  DELETE FROM text_grams_fts WHERE rowid = (2 << 40) + OLD.id;
  INSERT INTO text_grams_fts(rowid, grams)
    SELECT (2 << 40) + id, grams FROM interactions_grams_src WHERE id = NEW.id AND grams IS NOT NULL;
END;
CREATE TRIGGER follow_ups_grams_fts_ai AFTER INSERT ON follow_ups
  WHEN (NEW.what GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*') BEGIN
  INSERT INTO text_grams_fts(rowid, grams)
    SELECT (3 << 40) + id, grams FROM follow_ups_grams_src WHERE id = NEW.id AND grams IS NOT NULL;
END;
CREATE TRIGGER follow_ups_grams_fts_ad AFTER DELETE ON follow_ups
  WHEN (OLD.what GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*') BEGIN
  DELETE FROM text_grams_fts WHERE rowid = (3 << 40) + OLD.id;
END;
CREATE TRIGGER follow_ups_grams_fts_au AFTER UPDATE OF what ON follow_ups
  WHEN (OLD.what GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*'
    OR NEW.what GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*') BEGIN
  DELETE FROM text_grams_fts WHERE rowid = (3 << 40) + OLD.id;
  INSERT INTO text_grams_fts(rowid, grams)
    SELECT (3 << 40) + id, grams FROM follow_ups_grams_src WHERE id = NEW.id AND grams IS NOT NULL;
END;

-- Triggers that keep derived data in step with its rows, in the same
-- transaction: the FTS indexes and customers.last_contact_at / next_due.
-- Bulk loads drop these, load, recompute (src/store/bulk.rs) and recreate them.

-- The FTS rows are read from the *_fts_src views (folded text, see 001_init.sql), so the
-- old text is removed BEFORE the row changes and the new text added AFTER.
-- (The customers' `latin` column is schema v12's, see 012_name_latin.sql: a database made
-- new creates these at v1 and again at v12, and no customer row changes in between.)
CREATE TRIGGER customers_fts_ai AFTER INSERT ON customers BEGIN
  INSERT INTO customers_fts(rowid, name, notes, needs, latin)
    SELECT id, name, notes, needs, latin FROM customers_fts_src WHERE id = NEW.id;
END;
CREATE TRIGGER customers_fts_bd BEFORE DELETE ON customers BEGIN
  INSERT INTO customers_fts(customers_fts, rowid, name, notes, needs, latin)
    SELECT 'delete', id, name, notes, needs, latin FROM customers_fts_src WHERE id = OLD.id;
END;
CREATE TRIGGER customers_fts_bu BEFORE UPDATE OF name, notes, needs, name_latin ON customers BEGIN
  INSERT INTO customers_fts(customers_fts, rowid, name, notes, needs, latin)
    SELECT 'delete', id, name, notes, needs, latin FROM customers_fts_src WHERE id = OLD.id;
END;
CREATE TRIGGER customers_fts_au AFTER UPDATE OF name, notes, needs, name_latin ON customers BEGIN
  INSERT INTO customers_fts(rowid, name, notes, needs, latin)
    SELECT id, name, notes, needs, latin FROM customers_fts_src WHERE id = NEW.id;
END;

CREATE TRIGGER interactions_fts_ai AFTER INSERT ON interactions BEGIN
  INSERT INTO interactions_fts(rowid, summary, notes)
    SELECT id, summary, notes FROM interactions_fts_src WHERE id = NEW.id;
END;
CREATE TRIGGER interactions_fts_bd BEFORE DELETE ON interactions BEGIN
  INSERT INTO interactions_fts(interactions_fts, rowid, summary, notes)
    SELECT 'delete', id, summary, notes FROM interactions_fts_src WHERE id = OLD.id;
END;
CREATE TRIGGER interactions_fts_bu BEFORE UPDATE OF summary, notes ON interactions BEGIN
  INSERT INTO interactions_fts(interactions_fts, rowid, summary, notes)
    SELECT 'delete', id, summary, notes FROM interactions_fts_src WHERE id = OLD.id;
END;
CREATE TRIGGER interactions_fts_au AFTER UPDATE OF summary, notes ON interactions BEGIN
  INSERT INTO interactions_fts(rowid, summary, notes)
    SELECT id, summary, notes FROM interactions_fts_src WHERE id = NEW.id;
END;

CREATE TRIGGER follow_ups_fts_ai AFTER INSERT ON follow_ups BEGIN
  INSERT INTO follow_ups_fts(rowid, what) SELECT id, what FROM follow_ups_fts_src WHERE id = NEW.id;
END;
CREATE TRIGGER follow_ups_fts_bd BEFORE DELETE ON follow_ups BEGIN
  INSERT INTO follow_ups_fts(follow_ups_fts, rowid, what)
    SELECT 'delete', id, what FROM follow_ups_fts_src WHERE id = OLD.id;
END;
CREATE TRIGGER follow_ups_fts_bu BEFORE UPDATE OF what ON follow_ups BEGIN
  INSERT INTO follow_ups_fts(follow_ups_fts, rowid, what)
    SELECT 'delete', id, what FROM follow_ups_fts_src WHERE id = OLD.id;
END;
CREATE TRIGGER follow_ups_fts_au AFTER UPDATE OF what ON follow_ups BEGIN
  INSERT INTO follow_ups_fts(rowid, what) SELECT id, what FROM follow_ups_fts_src WHERE id = NEW.id;
END;

-- A note to self is not a contact: it does not move last_contact_at. A customer's last
-- contact is the latest of it and its people (an organization's, as its history shows it;
-- schema v21, see 021_org_last_contact.sql): every list, sort and export reads this column.
-- `last_contact_src` says it from scratch, the one place it is written (the triggers below,
-- and store::bulk's recompute and doctor's check, read it): the latest contact of each of
-- the customer and its people, each found by a seek of `interactions_customer_time` from
-- the end, not by reading their history (schema v24, see 024_last_contact_seek.sql).
CREATE VIEW IF NOT EXISTS last_contact_src AS SELECT c.id, (
  SELECT max((SELECT max(occurred_at) FROM interactions
               WHERE customer_id = m.id AND kind <> 'note'))
    FROM customers m WHERE m.id = c.id OR m.org_id = c.id
) AS last_contact_at FROM customers c;

-- The triggers work it out from scratch only where the row changed could have been the
-- latest (its time at or after the stored last contact); an added contact is taken as the
-- later of the two. A `rolo merge` of 5k contacts into a person of an organization with 200
-- people read, before schema v24, every person's latest once per row moved.
CREATE TRIGGER interactions_last_contact_ai AFTER INSERT ON interactions WHEN NEW.kind <> 'note' BEGIN
  UPDATE customers SET last_contact_at = NEW.occurred_at
   WHERE id IN (NEW.customer_id, (SELECT org_id FROM customers WHERE id = NEW.customer_id))
     AND (last_contact_at IS NULL OR last_contact_at < NEW.occurred_at);
END;
CREATE TRIGGER interactions_last_contact_ad AFTER DELETE ON interactions WHEN OLD.kind <> 'note' BEGIN
  UPDATE customers SET last_contact_at =
    (SELECT last_contact_at FROM last_contact_src WHERE id = customers.id)
   WHERE id IN (OLD.customer_id, (SELECT org_id FROM customers WHERE id = OLD.customer_id))
     AND (last_contact_at IS NULL OR last_contact_at <= OLD.occurred_at);
END;
CREATE TRIGGER interactions_last_contact_au AFTER UPDATE OF occurred_at, customer_id, kind ON interactions BEGIN
  UPDATE customers SET last_contact_at =
    (SELECT last_contact_at FROM last_contact_src WHERE id = customers.id)
   WHERE OLD.kind <> 'note'
     AND id IN (OLD.customer_id, (SELECT org_id FROM customers WHERE id = OLD.customer_id))
     AND (last_contact_at IS NULL OR last_contact_at <= OLD.occurred_at);
  UPDATE customers SET last_contact_at = NEW.occurred_at
   WHERE NEW.kind <> 'note'
     AND id IN (NEW.customer_id, (SELECT org_id FROM customers WHERE id = NEW.customer_id))
     AND (last_contact_at IS NULL OR last_contact_at < NEW.occurred_at);
END;
-- A person who joins or leaves an organization takes their contacts with them: the one
-- joined takes the later of the two, the one left works it out again if theirs could have
-- been its latest.
CREATE TRIGGER customers_org_last_contact_au AFTER UPDATE OF org_id ON customers
  WHEN NEW.org_id IS NOT OLD.org_id BEGIN
  UPDATE customers SET last_contact_at =
    (SELECT last_contact_at FROM last_contact_src WHERE id = customers.id)
   WHERE id = OLD.org_id
     AND (last_contact_at IS NULL OR last_contact_at <= (SELECT max(occurred_at) FROM interactions
                                      WHERE customer_id = NEW.id AND kind <> 'note'));
  UPDATE customers SET last_contact_at = (SELECT max(occurred_at) FROM interactions
                                           WHERE customer_id = NEW.id AND kind <> 'note')
   WHERE id = NEW.org_id
     AND (last_contact_at IS NULL OR last_contact_at < (SELECT max(occurred_at) FROM interactions
                                      WHERE customer_id = NEW.id AND kind <> 'note'));
END;
CREATE TRIGGER customers_org_last_contact_ad AFTER DELETE ON customers
  WHEN OLD.org_id IS NOT NULL BEGIN
  UPDATE customers SET last_contact_at =
    (SELECT last_contact_at FROM last_contact_src WHERE id = customers.id)
   WHERE id = OLD.org_id
     AND (last_contact_at IS NULL OR last_contact_at <= OLD.last_contact_at);
END;

-- A customer's next step is the earliest open follow-up of it and its people (an
-- organization's, as its header shows them; schema v25, see 025_org_next_due.sql), as its
-- last contact is theirs: `next_due_src` says it from scratch, the one place it is written
-- (the triggers below, and store::bulk's recompute and doctor's check, read it), each
-- found through `follow_ups_customer`. The triggers work it out again only where the row
-- changed could have been the earliest; an added one is taken as the earlier of the two.
CREATE VIEW IF NOT EXISTS next_due_src AS SELECT c.id, (
  SELECT min((SELECT min(due_date) FROM follow_ups
               WHERE customer_id = m.id AND status = 'open'))
    FROM customers m WHERE m.id = c.id OR m.org_id = c.id
) AS next_due FROM customers c;

CREATE TRIGGER follow_ups_next_due_ai AFTER INSERT ON follow_ups WHEN NEW.status = 'open' BEGIN
  UPDATE customers SET next_due = NEW.due_date
   WHERE id IN (NEW.customer_id, (SELECT org_id FROM customers WHERE id = NEW.customer_id))
     AND (next_due IS NULL OR next_due > NEW.due_date);
END;
CREATE TRIGGER follow_ups_next_due_ad AFTER DELETE ON follow_ups WHEN OLD.status = 'open' BEGIN
  UPDATE customers SET next_due =
    (SELECT next_due FROM next_due_src WHERE id = customers.id)
   WHERE id IN (OLD.customer_id, (SELECT org_id FROM customers WHERE id = OLD.customer_id))
     AND (next_due IS NULL OR next_due >= OLD.due_date);
END;
CREATE TRIGGER follow_ups_next_due_au AFTER UPDATE OF due_date, status, customer_id ON follow_ups BEGIN
  UPDATE customers SET next_due =
    (SELECT next_due FROM next_due_src WHERE id = customers.id)
   WHERE OLD.status = 'open'
     AND id IN (OLD.customer_id, (SELECT org_id FROM customers WHERE id = OLD.customer_id))
     AND (next_due IS NULL OR next_due >= OLD.due_date);
  UPDATE customers SET next_due = NEW.due_date
   WHERE NEW.status = 'open'
     AND id IN (NEW.customer_id, (SELECT org_id FROM customers WHERE id = NEW.customer_id))
     AND (next_due IS NULL OR next_due > NEW.due_date);
END;
-- A person who joins or leaves an organization takes their follow-ups with them: the one
-- joined takes the earlier of the two, the one left works it out again if theirs could have
-- been its earliest.
CREATE TRIGGER customers_org_next_due_au AFTER UPDATE OF org_id ON customers
  WHEN NEW.org_id IS NOT OLD.org_id BEGIN
  UPDATE customers SET next_due =
    (SELECT next_due FROM next_due_src WHERE id = customers.id)
   WHERE id = OLD.org_id
     AND (next_due IS NULL OR next_due >= (SELECT min(due_date) FROM follow_ups
                                            WHERE customer_id = NEW.id AND status = 'open'));
  UPDATE customers SET next_due = (SELECT min(due_date) FROM follow_ups
                                    WHERE customer_id = NEW.id AND status = 'open')
   WHERE id = NEW.org_id
     AND (next_due IS NULL OR next_due > (SELECT min(due_date) FROM follow_ups
                                           WHERE customer_id = NEW.id AND status = 'open'));
END;
-- A person deleted: their follow-ups go with them (their own triggers no longer find the
-- organization), so the organization works it out again if theirs could have been its
-- earliest (their `next_due` is at most their own earliest).
CREATE TRIGGER customers_org_next_due_ad AFTER DELETE ON customers
  WHEN OLD.org_id IS NOT NULL BEGIN
  UPDATE customers SET next_due =
    (SELECT next_due FROM next_due_src WHERE id = customers.id)
   WHERE id = OLD.org_id
     AND (next_due IS NULL OR next_due >= OLD.next_due);
END;

-- The pieces a name in a script written without spaces is found by (schema v17, see
-- 017_name_grams.sql): only rows that have some are in the index.
CREATE TRIGGER name_grams_fts_ai AFTER INSERT ON customers BEGIN
  INSERT INTO name_grams_fts(rowid, name_grams)
    SELECT NEW.id, NEW.name_grams WHERE NEW.name_grams <> '';
END;
CREATE TRIGGER name_grams_fts_bd BEFORE DELETE ON customers BEGIN
  INSERT INTO name_grams_fts(name_grams_fts, rowid, name_grams)
    SELECT 'delete', OLD.id, OLD.name_grams WHERE OLD.name_grams <> '';
END;
CREATE TRIGGER name_grams_fts_bu BEFORE UPDATE OF name_grams ON customers BEGIN
  INSERT INTO name_grams_fts(name_grams_fts, rowid, name_grams)
    SELECT 'delete', OLD.id, OLD.name_grams WHERE OLD.name_grams <> '';
END;
CREATE TRIGGER name_grams_fts_au AFTER UPDATE OF name_grams ON customers BEGIN
  INSERT INTO name_grams_fts(rowid, name_grams)
    SELECT NEW.id, NEW.name_grams WHERE NEW.name_grams <> '';
END;

-- Letter pairs of text in scripts written without spaces (schema v22, see
-- 022_text_grams.sql; kept up to date by rolo itself since v23, see 023_text_grams_marks.sql):
-- one contentless index for the three texts, a row's rowid its table's base (customers
-- 1 << 40, interactions 2 << 40, follow-ups 3 << 40) plus its id, only rows whose text has
-- such letters in it. The triggers only write down which rows changed, in
-- `text_grams_pending` (a plain table: any program that writes the file, an sqlite3 before
-- 3.43 too, which cannot open an index with `contentless_delete`, keeps working); rolo works
-- out their pairs in Rust (domain::text::text_grams, the whole text) and brings the index up
-- to date before each commit of its own (store::search::text_grams::drain_text_grams). A
-- search reads the rows still pending beside those the index finds. The WHEN passes over any
-- row without such letters before or after (a GLOB of those scripts' ranges, as
-- domain::text::is_unspaced_char has them): Latin-only data pays nothing.
CREATE VIRTUAL TABLE IF NOT EXISTS text_grams_fts USING fts5(
  grams,
  content = '', contentless_delete = 1, detail = none,
  tokenize = 'ascii'
);
CREATE TABLE IF NOT EXISTS text_grams_pending (
  source TEXT NOT NULL,
  id INTEGER NOT NULL,
  PRIMARY KEY (source, id)
) WITHOUT ROWID;

-- (A row is written down once: NOT EXISTS rather than OR IGNORE, which the statement that
-- fired the trigger would override with its own conflict rule, `INSERT OR FAIL` of a bulk
-- load among them.)
CREATE TRIGGER customers_grams_mark_ai AFTER INSERT ON customers
  WHEN (NEW.notes GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*' OR NEW.needs GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*') BEGIN
  INSERT INTO text_grams_pending(source, id) SELECT 'customers', NEW.id
   WHERE NOT EXISTS (SELECT 1 FROM text_grams_pending WHERE source = 'customers' AND id = NEW.id);
END;
CREATE TRIGGER customers_grams_mark_ad AFTER DELETE ON customers
  WHEN (OLD.notes GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*' OR OLD.needs GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*') BEGIN
  INSERT INTO text_grams_pending(source, id) SELECT 'customers', OLD.id
   WHERE NOT EXISTS (SELECT 1 FROM text_grams_pending WHERE source = 'customers' AND id = OLD.id);
END;
CREATE TRIGGER customers_grams_mark_au AFTER UPDATE OF notes, needs ON customers
  WHEN (OLD.notes GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*' OR OLD.needs GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*'
    OR NEW.notes GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*' OR NEW.needs GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*') BEGIN
  INSERT INTO text_grams_pending(source, id) SELECT 'customers', NEW.id
   WHERE NOT EXISTS (SELECT 1 FROM text_grams_pending WHERE source = 'customers' AND id = NEW.id);
END;
CREATE TRIGGER interactions_grams_mark_ai AFTER INSERT ON interactions
  WHEN (NEW.summary GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*' OR NEW.notes GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*') BEGIN
  INSERT INTO text_grams_pending(source, id) SELECT 'interactions', NEW.id
   WHERE NOT EXISTS (SELECT 1 FROM text_grams_pending WHERE source = 'interactions' AND id = NEW.id);
END;
CREATE TRIGGER interactions_grams_mark_ad AFTER DELETE ON interactions
  WHEN (OLD.summary GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*' OR OLD.notes GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*') BEGIN
  INSERT INTO text_grams_pending(source, id) SELECT 'interactions', OLD.id
   WHERE NOT EXISTS (SELECT 1 FROM text_grams_pending WHERE source = 'interactions' AND id = OLD.id);
END;
CREATE TRIGGER interactions_grams_mark_au AFTER UPDATE OF summary, notes ON interactions
  WHEN (OLD.summary GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*' OR OLD.notes GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*'
    OR NEW.summary GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*' OR NEW.notes GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*') BEGIN
  INSERT INTO text_grams_pending(source, id) SELECT 'interactions', NEW.id
   WHERE NOT EXISTS (SELECT 1 FROM text_grams_pending WHERE source = 'interactions' AND id = NEW.id);
END;
CREATE TRIGGER follow_ups_grams_mark_ai AFTER INSERT ON follow_ups
  WHEN (NEW.what GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*') BEGIN
  INSERT INTO text_grams_pending(source, id) SELECT 'follow_ups', NEW.id
   WHERE NOT EXISTS (SELECT 1 FROM text_grams_pending WHERE source = 'follow_ups' AND id = NEW.id);
END;
CREATE TRIGGER follow_ups_grams_mark_ad AFTER DELETE ON follow_ups
  WHEN (OLD.what GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*') BEGIN
  INSERT INTO text_grams_pending(source, id) SELECT 'follow_ups', OLD.id
   WHERE NOT EXISTS (SELECT 1 FROM text_grams_pending WHERE source = 'follow_ups' AND id = OLD.id);
END;
CREATE TRIGGER follow_ups_grams_mark_au AFTER UPDATE OF what ON follow_ups
  WHEN (OLD.what GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*' OR NEW.what GLOB '*[฀-໿က-႟ᄀ-ᇿក-៿぀-ヿ㄰-㆏ㇰ-ㇿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𱍏]*') BEGIN
  INSERT INTO text_grams_pending(source, id) SELECT 'follow_ups', NEW.id
   WHERE NOT EXISTS (SELECT 1 FROM text_grams_pending WHERE source = 'follow_ups' AND id = NEW.id);
END;

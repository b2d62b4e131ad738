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
CREATE TRIGGER interactions_last_contact_ai AFTER INSERT ON interactions WHEN NEW.kind <> 'note' BEGIN
  UPDATE customers SET last_contact_at = NEW.occurred_at
   WHERE id IN (NEW.customer_id, (SELECT org_id FROM customers WHERE id = NEW.customer_id))
     AND (last_contact_at IS NULL OR last_contact_at < NEW.occurred_at);
END;
CREATE TRIGGER interactions_last_contact_ad AFTER DELETE ON interactions WHEN OLD.kind <> 'note' BEGIN
  UPDATE customers SET last_contact_at =
    (SELECT max(occurred_at) FROM interactions WHERE kind <> 'note' AND customer_id IN
       (SELECT customers.id UNION ALL SELECT p.id FROM customers p WHERE p.org_id = customers.id))
   WHERE id IN (OLD.customer_id, (SELECT org_id FROM customers WHERE id = OLD.customer_id));
END;
CREATE TRIGGER interactions_last_contact_au AFTER UPDATE OF occurred_at, customer_id, kind ON interactions BEGIN
  UPDATE customers SET last_contact_at =
    (SELECT max(occurred_at) FROM interactions WHERE kind <> 'note' AND customer_id IN
       (SELECT customers.id UNION ALL SELECT p.id FROM customers p WHERE p.org_id = customers.id))
   WHERE id IN (OLD.customer_id, NEW.customer_id)
      OR id IN (SELECT org_id FROM customers WHERE id IN (OLD.customer_id, NEW.customer_id));
END;
-- A person who joins or leaves an organization takes their contacts with them.
CREATE TRIGGER customers_org_last_contact_au AFTER UPDATE OF org_id ON customers
  WHEN NEW.org_id IS NOT OLD.org_id BEGIN
  UPDATE customers SET last_contact_at =
    (SELECT max(occurred_at) FROM interactions WHERE kind <> 'note' AND customer_id IN
       (SELECT customers.id UNION ALL SELECT p.id FROM customers p WHERE p.org_id = customers.id))
   WHERE id IN (OLD.org_id, NEW.org_id);
END;
CREATE TRIGGER customers_org_last_contact_ad AFTER DELETE ON customers
  WHEN OLD.org_id IS NOT NULL BEGIN
  UPDATE customers SET last_contact_at =
    (SELECT max(occurred_at) FROM interactions WHERE kind <> 'note' AND customer_id IN
       (SELECT customers.id UNION ALL SELECT p.id FROM customers p WHERE p.org_id = customers.id))
   WHERE id = OLD.org_id;
END;

CREATE TRIGGER follow_ups_next_due_ai AFTER INSERT ON follow_ups WHEN NEW.status = 'open' BEGIN
  UPDATE customers SET next_due = NEW.due_date
   WHERE id = NEW.customer_id AND (next_due IS NULL OR next_due > NEW.due_date);
END;
CREATE TRIGGER follow_ups_next_due_ad AFTER DELETE ON follow_ups WHEN OLD.status = 'open' BEGIN
  UPDATE customers SET next_due =
    (SELECT min(due_date) FROM follow_ups WHERE customer_id = OLD.customer_id AND status = 'open')
   WHERE id = OLD.customer_id;
END;
CREATE TRIGGER follow_ups_next_due_au AFTER UPDATE OF due_date, status, customer_id ON follow_ups BEGIN
  UPDATE customers SET next_due =
    (SELECT min(due_date) FROM follow_ups WHERE customer_id = customers.id AND status = 'open')
   WHERE id IN (OLD.customer_id, NEW.customer_id);
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

-- rolo schema v1: the whole product's tables. Denormalized columns and the FTS
-- index are kept in step by triggers (src/store/sql/derived.sql); the change
-- journal by generated triggers (src/store/journal.rs).

CREATE TABLE settings(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE customers(
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'org')),
  name             TEXT NOT NULL CHECK (length(trim(name)) > 0),
  org_id           INTEGER REFERENCES customers(id) ON DELETE SET NULL,
  title            TEXT,
  address          TEXT,
  notes            TEXT NOT NULL DEFAULT '',
  needs            TEXT NOT NULL DEFAULT '',
  needs_updated_at INTEGER,
  cadence_days     INTEGER CHECK (cadence_days > 0),
  owner            TEXT,
  birthday         TEXT,
  uid              TEXT NOT NULL UNIQUE,
  created_at       INTEGER NOT NULL,      -- unix seconds, UTC
  updated_at       INTEGER NOT NULL,
  -- denormalized, kept by triggers:
  last_contact_at  INTEGER,               -- latest interaction that is a contact
  next_due         TEXT                   -- earliest open follow-up, YYYY-MM-DD
);
CREATE INDEX customers_name ON customers(name COLLATE NOCASE);
CREATE INDEX customers_org ON customers(org_id) WHERE org_id IS NOT NULL;
CREATE INDEX customers_last_contact ON customers(last_contact_at);
CREATE INDEX customers_next_due ON customers(next_due);

CREATE TABLE contact_points(
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('email', 'phone', 'url', 'other')),
  value       TEXT NOT NULL,
  norm        TEXT NOT NULL,              -- lowercase email, digits of a phone
  label       TEXT,
  position    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX contact_points_customer ON contact_points(customer_id, position);
CREATE INDEX contact_points_norm ON contact_points(kind, norm);

CREATE TABLE tags(
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE customer_tags(
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  tag_id      INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  UNIQUE (customer_id, tag_id)
);
CREATE INDEX customer_tags_tag ON customer_tags(tag_id, customer_id);

CREATE TABLE deals(
  id               INTEGER PRIMARY KEY,
  customer_id      INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  title            TEXT NOT NULL CHECK (length(trim(title)) > 0),
  value_minor      INTEGER NOT NULL CHECK (value_minor >= 0),
  currency         TEXT NOT NULL CHECK (length(currency) = 3),
  stage            TEXT NOT NULL CHECK (stage IN ('lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost')),
  probability      INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
  expected_close   TEXT,                  -- YYYY-MM-DD
  created_at       INTEGER NOT NULL,
  stage_changed_at INTEGER NOT NULL,
  closed_at        INTEGER
);
CREATE INDEX deals_customer ON deals(customer_id, stage);
CREATE INDEX deals_open_close ON deals(expected_close) WHERE closed_at IS NULL;
CREATE INDEX deals_closed_at ON deals(closed_at) WHERE closed_at IS NOT NULL;

CREATE TABLE interactions(
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('call', 'email', 'meeting', 'message', 'visit', 'note')),
  direction   TEXT NOT NULL DEFAULT 'out' CHECK (direction IN ('in', 'out')),
  occurred_at INTEGER NOT NULL,
  summary     TEXT NOT NULL DEFAULT '',
  notes       TEXT NOT NULL DEFAULT '',
  minutes     INTEGER CHECK (minutes >= 0),
  rating      INTEGER CHECK (rating BETWEEN 1 AND 5),
  deal_id     INTEGER REFERENCES deals(id) ON DELETE SET NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX interactions_customer_time ON interactions(customer_id, occurred_at);
CREATE INDEX interactions_time ON interactions(occurred_at);
CREATE INDEX interactions_deal ON interactions(deal_id) WHERE deal_id IS NOT NULL;

CREATE TABLE follow_ups(
  id             INTEGER PRIMARY KEY,
  customer_id    INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  what           TEXT NOT NULL CHECK (length(trim(what)) > 0),
  due_date       TEXT NOT NULL,           -- YYYY-MM-DD, a day
  due_time       TEXT,                    -- HH:MM, local
  original_due   TEXT NOT NULL,           -- first due date, for on-time measures
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  done_at        INTEGER,
  snooze_count   INTEGER NOT NULL DEFAULT 0,
  repeat_rule    TEXT,                    -- e.g. 4w, 10d, 1m
  interaction_id INTEGER REFERENCES interactions(id) ON DELETE SET NULL,
  created_at     INTEGER NOT NULL
);
CREATE INDEX follow_ups_open_due ON follow_ups(due_date) WHERE status = 'open';
CREATE INDEX follow_ups_customer ON follow_ups(customer_id, status, due_date);
CREATE INDEX follow_ups_done_at ON follow_ups(done_at) WHERE done_at IS NOT NULL;

-- What the FTS indexes read: the rows with the letters that unicode61's
-- remove_diacritics keeps (ł ø ß æ œ đ ð þ ħ ı ŀ ŧ ŉ) spelled as domain::text::fold
-- spells them, because rolo folds typed words that way: `lukasz` finds `Łukasz`,
-- and `Łukasz` typed exactly finds it too. The tokenizer strips the other accents.
-- ASCII text (as many characters as bytes) skips the replace() chain: bulk loads
-- rebuild these indexes, and the chain would make that about four times slower.
CREATE VIEW customers_fts_src AS SELECT id,
  CASE WHEN length(name) = length(CAST(name AS BLOB)) THEN name
    ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(name, 'ł', 'l'), 'Ł', 'L'), 'ø', 'o'), 'Ø', 'O'), 'ß', 'ss'), 'ẞ', 'SS'), 'æ', 'ae'), 'Æ', 'Ae'), 'œ', 'oe'), 'Œ', 'Oe'), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'þ', 'th'), 'Þ', 'Th'), 'ħ', 'h'), 'Ħ', 'H'), 'ı', 'i'), 'ŀ', 'l'), 'Ŀ', 'L'), 'ŧ', 't'), 'Ŧ', 'T'), 'ŉ', 'n') END AS name,
  CASE WHEN length(notes) = length(CAST(notes AS BLOB)) THEN notes
    ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(notes, 'ł', 'l'), 'Ł', 'L'), 'ø', 'o'), 'Ø', 'O'), 'ß', 'ss'), 'ẞ', 'SS'), 'æ', 'ae'), 'Æ', 'Ae'), 'œ', 'oe'), 'Œ', 'Oe'), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'þ', 'th'), 'Þ', 'Th'), 'ħ', 'h'), 'Ħ', 'H'), 'ı', 'i'), 'ŀ', 'l'), 'Ŀ', 'L'), 'ŧ', 't'), 'Ŧ', 'T'), 'ŉ', 'n') END AS notes,
  CASE WHEN length(needs) = length(CAST(needs AS BLOB)) THEN needs
    ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(needs, 'ł', 'l'), 'Ł', 'L'), 'ø', 'o'), 'Ø', 'O'), 'ß', 'ss'), 'ẞ', 'SS'), 'æ', 'ae'), 'Æ', 'Ae'), 'œ', 'oe'), 'Œ', 'Oe'), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'þ', 'th'), 'Þ', 'Th'), 'ħ', 'h'), 'Ħ', 'H'), 'ı', 'i'), 'ŀ', 'l'), 'Ŀ', 'L'), 'ŧ', 't'), 'Ŧ', 'T'), 'ŉ', 'n') END AS needs
FROM customers;
CREATE VIEW interactions_fts_src AS SELECT id,
  CASE WHEN length(summary) = length(CAST(summary AS BLOB)) THEN summary
    ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(summary, 'ł', 'l'), 'Ł', 'L'), 'ø', 'o'), 'Ø', 'O'), 'ß', 'ss'), 'ẞ', 'SS'), 'æ', 'ae'), 'Æ', 'Ae'), 'œ', 'oe'), 'Œ', 'Oe'), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'þ', 'th'), 'Þ', 'Th'), 'ħ', 'h'), 'Ħ', 'H'), 'ı', 'i'), 'ŀ', 'l'), 'Ŀ', 'L'), 'ŧ', 't'), 'Ŧ', 'T'), 'ŉ', 'n') END AS summary,
  CASE WHEN length(notes) = length(CAST(notes AS BLOB)) THEN notes
    ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(notes, 'ł', 'l'), 'Ł', 'L'), 'ø', 'o'), 'Ø', 'O'), 'ß', 'ss'), 'ẞ', 'SS'), 'æ', 'ae'), 'Æ', 'Ae'), 'œ', 'oe'), 'Œ', 'Oe'), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'þ', 'th'), 'Þ', 'Th'), 'ħ', 'h'), 'Ħ', 'H'), 'ı', 'i'), 'ŀ', 'l'), 'Ŀ', 'L'), 'ŧ', 't'), 'Ŧ', 'T'), 'ŉ', 'n') END AS notes
FROM interactions;
CREATE VIEW follow_ups_fts_src AS SELECT id,
  CASE WHEN length(what) = length(CAST(what AS BLOB)) THEN what
    ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(what, 'ł', 'l'), 'Ł', 'L'), 'ø', 'o'), 'Ø', 'O'), 'ß', 'ss'), 'ẞ', 'SS'), 'æ', 'ae'), 'Æ', 'Ae'), 'œ', 'oe'), 'Œ', 'Oe'), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'þ', 'th'), 'Þ', 'Th'), 'ħ', 'h'), 'Ħ', 'H'), 'ı', 'i'), 'ŀ', 'l'), 'Ŀ', 'L'), 'ŧ', 't'), 'Ŧ', 'T'), 'ŉ', 'n') END AS what
FROM follow_ups;

CREATE VIRTUAL TABLE customers_fts USING fts5(
  name, notes, needs,
  content = 'customers_fts_src', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);

CREATE VIRTUAL TABLE interactions_fts USING fts5(
  summary, notes,
  content = 'interactions_fts_src', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE VIRTUAL TABLE follow_ups_fts USING fts5(
  what,
  content = 'follow_ups_fts_src', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);

-- The change journal: one `changes` row per user action, its row-level
-- before-images in `change_ops`; `rolo undo` replays them backwards.
CREATE TABLE changes(
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,
  summary TEXT NOT NULL,
  undone  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE change_ops(
  id        INTEGER PRIMARY KEY,
  change_id INTEGER NOT NULL REFERENCES changes(id) ON DELETE CASCADE,
  tbl       TEXT NOT NULL,
  op        TEXT NOT NULL CHECK (op IN ('I', 'U', 'D')),
  row_id    INTEGER NOT NULL,
  old       TEXT                          -- JSON of the row before (U, D)
);
CREATE INDEX change_ops_change ON change_ops(change_id);
CREATE TABLE journal_state(
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  recording INTEGER NOT NULL
);
INSERT INTO journal_state(id, recording) VALUES (1, 1);

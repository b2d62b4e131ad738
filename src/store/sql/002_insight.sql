-- rolo schema v2: caches of computed measures (src/insight). Nothing here is typed by the
-- user: every table is rebuilt by `insight::refresh` from the rows (which rewrites the rows of
-- accounts that changed or disappeared), so none is journaled and none has foreign keys.

-- What the caches were computed from: the day, the configuration, and a cheap signature of
-- the data (highest row ids, latest change of the journal). One row.
CREATE TABLE insight_stamp(
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  today           TEXT NOT NULL,          -- YYYY-MM-DD
  config          TEXT NOT NULL,          -- the parts of the configuration the caches depend on
  max_change      INTEGER NOT NULL,       -- max(changes.id)
  live_change     INTEGER NOT NULL,       -- the latest change not undone
  max_customer    INTEGER NOT NULL,
  max_interaction INTEGER NOT NULL,
  max_deal        INTEGER NOT NULL,
  max_follow_up   INTEGER NOT NULL,
  tier_summary    TEXT NOT NULL           -- JSON of insight::TierSummary
);

-- Accounts with revenue in the tier window (primary currency); tier C for the others is implied.
-- An account is an organization with its people, or a person without one.
CREATE TABLE account_tiers(
  account_id    INTEGER PRIMARY KEY,
  tier          TEXT NOT NULL CHECK (tier IN ('A', 'B', 'C')),
  revenue_minor INTEGER NOT NULL
);
CREATE INDEX account_tiers_revenue ON account_tiers(revenue_minor DESC, account_id);

-- Every customer (account or one of its people) whose account is tier A or B; absent = C.
CREATE TABLE customer_tiers(
  customer_id INTEGER PRIMARY KEY,
  account_id  INTEGER NOT NULL,
  tier        TEXT NOT NULL CHECK (tier IN ('A', 'B'))
);
CREATE INDEX customer_tiers_tier ON customer_tiers(tier, customer_id);
CREATE INDEX customer_tiers_account ON customer_tiers(account_id);

-- Per account, from its whole history; does not depend on the day.
CREATE TABLE account_history(
  account_id     INTEGER PRIMARY KEY,
  contact_days   INTEGER NOT NULL,        -- distinct days with a contact (notes excluded)
  usual_gap_days INTEGER,                 -- median gap of the latest 13 contact days, with >= 4
  ratings        INTEGER NOT NULL,
  rating_avg     REAL,
  rating_recent  REAL,                    -- mean of the latest k ratings, k = min(3, ratings / 2)
  rating_earlier REAL                     -- mean of the k ratings before those
);

-- Accounts at risk or due for review on `insight_stamp.today`; the others have no row.
CREATE TABLE account_risk(
  account_id      INTEGER PRIMARY KEY,
  name            TEXT NOT NULL,          -- copies of the account's, so lists need no join
  kind            TEXT NOT NULL,
  tier            TEXT NOT NULL,
  revenue_minor   INTEGER NOT NULL,
  score           INTEGER NOT NULL,       -- tier base (A 200, B 100, C 0) + risk points 0-99
  cold            INTEGER NOT NULL,
  at_risk         INTEGER NOT NULL,
  review          INTEGER NOT NULL,
  no_next_step    INTEGER NOT NULL,
  last_contact_at INTEGER,
  next_due        TEXT,
  days_since      INTEGER,
  rhythm_days     INTEGER NOT NULL,
  rhythm_source   TEXT NOT NULL,
  sat_from        REAL,
  sat_to          REAL,
  stuck_deal_id   INTEGER,
  stuck_title     TEXT,
  stuck_stage     TEXT,
  stuck_days      INTEGER
);
CREATE INDEX account_risk_cold ON account_risk(score DESC, account_id) WHERE cold = 1;
CREATE INDEX account_risk_at ON account_risk(score DESC, account_id) WHERE at_risk = 1;
CREATE INDEX account_risk_review
  ON account_risk(tier, cold DESC, score DESC, revenue_minor DESC, account_id) WHERE review = 1;

-- The scorecard and the weekly series count contacts by time, kind and direction, and
-- follow-ups done by time against their first due date: covering indexes, no row reads.
CREATE INDEX interactions_time_kind ON interactions(occurred_at, kind, direction);
CREATE INDEX follow_ups_done_due ON follow_ups(done_at, original_due) WHERE status = 'done';

-- Knowledge freshness: needs and preferences not rewritten for a long time.
CREATE INDEX customers_needs_updated ON customers(needs_updated_at) WHERE needs <> '';

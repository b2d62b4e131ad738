-- rolo schema v24: a customer's last contact kept without reading its people's history.
-- The triggers of derived.sql that keep `customers.last_contact_at` (made again after this,
-- store::migrate) work it out from scratch only when the row changed could have been the
-- latest, and then from the view `last_contact_src`, the one place it is written: one seek
-- of `interactions_customer_time` from the end per person. The values are the same, so no
-- row is touched here; the view is made again by derived.sql.
DROP VIEW IF EXISTS last_contact_src;
-- A follow-up's interaction (`follow_ups.interaction_id`, a foreign key set to NULL when the
-- interaction goes): without an index, every interaction deleted, or written back whole by
-- `rolo undo`, made SQLite read every follow-up. Undoing a `rolo merge` that moved 5k
-- interactions read 31k follow-ups 5k times (49 s, debug build, 20k-customer demo).
CREATE INDEX IF NOT EXISTS follow_ups_interaction ON follow_ups(interaction_id) WHERE interaction_id IS NOT NULL;

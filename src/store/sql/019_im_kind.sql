-- rolo schema v19: an address of instant messaging is a contact point of its own kind, `im`
-- (domain::ContactKind::Im), where before it was one of kind `other` whose value started
-- with a messaging URI scheme (`skype:anna.k`, `im:123456789`), and every reader had to
-- tell it by that scheme. The kind is in a CHECK constraint, which SQLite cannot alter: the
-- table is made again with `im` allowed, as SQLite's ALTER TABLE page says (a new table,
-- the rows copied with their ids, the old one dropped, the new one renamed, its indexes
-- made again; the journal triggers are installed after every migration). Which rows of
-- kind `other` are addresses of instant messaging is decided by migrate::im_kind, with the
-- schemes of domain::contact::IM_SCHEMES, in the rows, the undo journal's before-images and
-- the handover records of dossiers (and their images), so an undo or a dossier coming
-- back says `im` too.
CREATE TABLE contact_points_v19(
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('email', 'phone', 'url', 'im', 'other')),
  value       TEXT NOT NULL,
  norm        TEXT NOT NULL,              -- lowercase email, digits of a phone
  label       TEXT,
  position    INTEGER NOT NULL DEFAULT 0
);
INSERT INTO contact_points_v19(id, customer_id, kind, value, norm, label, position)
  SELECT id, customer_id, kind, value, norm, label, position FROM contact_points;
DROP TABLE contact_points;
ALTER TABLE contact_points_v19 RENAME TO contact_points;
CREATE INDEX contact_points_customer ON contact_points(customer_id, position);
CREATE INDEX contact_points_norm ON contact_points(kind, norm);

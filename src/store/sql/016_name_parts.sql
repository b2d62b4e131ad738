-- rolo schema v16: a name read in parts (a vCard's N, the first, middle and last name
-- columns of a contacts export) keeps its parts beside the whole name rolo shows, as a JSON
-- object (domain::NameParts), so a vCard export writes the family name as the family name
-- (`N:Nguyễn;Thị Minh Anh;;;`, not a guess from the last word). The parts stand for that
-- name only: an update that changes the name and leaves the parts as they were (a rename by
-- any path) drops them. Not while the journal is off: an undo puts rows back from their
-- images, parts and all. Rows from before have none (NULL), and so do the undo journal's
-- images of them (a missing key is NULL when a row is restored).
ALTER TABLE customers ADD COLUMN name_parts TEXT;

CREATE TRIGGER customers_name_parts_au AFTER UPDATE OF name ON customers
  WHEN NEW.name IS NOT OLD.name AND NEW.name_parts IS OLD.name_parts
   AND NEW.name_parts IS NOT NULL
   AND (SELECT recording FROM journal_state WHERE id = 1) = 1 BEGIN
  UPDATE customers SET name_parts = NULL WHERE id = NEW.id;
END;

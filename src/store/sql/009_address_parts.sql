-- rolo schema v9: an address read in parts (a vCard's ADR, the street, city and postcode
-- columns of a contacts export) keeps its parts beside the one line rolo shows, as a JSON
-- object (domain::AddressParts), so an export gives them back as parts. The parts stand
-- for that line only: an update that changes the address and leaves the parts as they
-- were (an edit by any path) drops them. Not while the journal is off: an undo puts rows
-- back from their images, parts and all (the edit's own image of the dropping comes back
-- first, then the address with the parts it had). Rows from before have none (NULL), and
-- so do the undo journal's images of them (a missing key is NULL when a row is restored).
ALTER TABLE customers ADD COLUMN address_parts TEXT;

CREATE TRIGGER customers_address_parts_au AFTER UPDATE OF address ON customers
  WHEN NEW.address IS NOT OLD.address AND NEW.address_parts IS OLD.address_parts
   AND NEW.address_parts IS NOT NULL
   AND (SELECT recording FROM journal_state WHERE id = 1) = 1 BEGIN
  UPDATE customers SET address_parts = NULL WHERE id = NEW.id;
END;

-- rolo schema v15: what the last dossier of a customer taken here handed over (their
-- contact points and tags, and the UID and time of that dossier), as JSON
-- (interop::backup::Handover): the base of a three-way merge when a dossier of the customer
-- comes back, so a contact point or tag removed there is removed here too.
ALTER TABLE customers ADD COLUMN handover TEXT;

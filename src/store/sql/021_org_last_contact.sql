-- rolo schema v21: an organization's last contact is the latest of it and its people, as its
-- history shows it, in `customers.last_contact_at` itself: the list, its sort by last contact
-- (on the index `customers_last_contact`), `rolo show --json` and the exports read that column,
-- where the header and `rolo show` alone worked out the organization's from its people.
-- The triggers that keep it (derived.sql) are made again after this (store::migrate); here
-- the organizations with people are brought to it.
UPDATE customers SET last_contact_at =
  (SELECT max(occurred_at) FROM interactions WHERE kind <> 'note' AND customer_id IN
     (SELECT customers.id UNION ALL SELECT p.id FROM customers p WHERE p.org_id = customers.id))
 WHERE id IN (SELECT org_id FROM customers WHERE org_id IS NOT NULL);

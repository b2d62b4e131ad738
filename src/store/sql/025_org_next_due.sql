-- rolo schema v25: an organization's next step is the earliest open follow-up of it or its
-- people, as its last contact is theirs too (schema v21): the list's NEXT column and its
-- marker, the sort by next step, "no next step" and the CSV's `next_due` now agree with the
-- organization's header. A person's is their own, as before. The view `next_due_src` says
-- it from scratch, the one place it is written; the triggers of derived.sql keep it (made
-- again after this, store::migrate, which then works every customer's out again).
DROP VIEW IF EXISTS next_due_src;

-- rolo schema v10: what the iCalendar export needs to keep its promises.
-- series_id: the first follow-up of a repeating series, on each later occurrence (`rolo
-- done` creates it); NULL on a first occurrence and on a follow-up that does not repeat.
-- The export's UID is the series' first id: matching occurrences by text and rule instead
-- gave two series of one customer with the same text and rule one UID. Rows from before
-- are linked by migrate's `then` as far as the data tells (see follow_up::link_series).
-- reschedule_count: how often it was moved other than by a snooze (`rolo reschedule`);
-- with snooze_count, the revisions of its date, which the event's SEQUENCE counts.
-- changed_at: when its date last changed (NULL: not since it was created); the DTSTAMP.
ALTER TABLE follow_ups ADD COLUMN series_id INTEGER;
ALTER TABLE follow_ups ADD COLUMN reschedule_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE follow_ups ADD COLUMN changed_at INTEGER;
CREATE INDEX follow_ups_series ON follow_ups(series_id) WHERE series_id IS NOT NULL;

-- rolo schema v11: a follow-up's calendar event keeps its UID when its customer is merged
-- into another. The iCalendar export's UID is `<customer uid>-<series' first id>@rolo`; a
-- merge moved the follow-ups to a customer of another UID, and a calendar that imported the
-- file again kept the old events beside the new ones. event_uid: the customer UID the
-- event was made under, set by a merge on the follow-ups it moves (NULL: its customer's).
ALTER TABLE follow_ups ADD COLUMN event_uid TEXT;

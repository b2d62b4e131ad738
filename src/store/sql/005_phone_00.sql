-- rolo schema v5: a phone's `norm` drops a leading `00` international prefix, as
-- `ContactPoint::normalized` now computes it, so `0048 601 234 567` matches
-- `+48 601 234 567` in imports, `rolo add` and search. Stored values are brought to the new
-- form here rather than both forms being tried at every lookup: matching stays one index
-- seek on (kind, norm), and every reader of `norm` sees one form. The before-images the
-- undo journal keeps get the same treatment, so undoing an older change restores a row in
-- the form this build matches by.
UPDATE contact_points SET norm = substr(norm, 3)
 WHERE kind = 'phone' AND norm LIKE '00%';
UPDATE change_ops SET old = json_set(old, '$.norm', substr(json_extract(old, '$.norm'), 3))
 WHERE tbl = 'contact_points' AND old IS NOT NULL
   AND json_extract(old, '$.kind') = 'phone'
   AND json_extract(old, '$.norm') LIKE '00%';

-- rolo schema v13: the values of before that are past the limits rolo has kept since v12
-- (domain::deal::MAX_VALUE_MINOR, domain::interaction::MAX_MINUTES,
-- domain::customer::MAX_CADENCE_DAYS) are brought to the limit, in the rows and in the undo
-- journal's before-images (an undo would put one back). An older rolo, or its CSV and vCard
-- imports, stored any number: two deals of 92 233 720 368 547 758.07 EUR made every total
-- fail with an integer overflow, and a rhythm of 4 000 000 000 days made `rolo show` panic
-- adding it to a day. The migration names each one before it runs (migrate::past_limits), and
-- the copy of the file taken first keeps the values as they were. store::migrate's test
-- holds the numbers here to the domain's constants.
UPDATE deals SET value_minor = 1000000000000000 WHERE value_minor > 1000000000000000;
UPDATE interactions SET minutes = 1440 WHERE minutes > 1440;
UPDATE customers SET cadence_days = 3650 WHERE cadence_days > 3650;
UPDATE change_ops SET old = json_set(old, '$.value_minor', 1000000000000000)
 WHERE tbl = 'deals' AND old IS NOT NULL AND json_extract(old, '$.value_minor') > 1000000000000000;
UPDATE change_ops SET old = json_set(old, '$.minutes', 1440)
 WHERE tbl = 'interactions' AND old IS NOT NULL AND json_extract(old, '$.minutes') > 1440;
UPDATE change_ops SET old = json_set(old, '$.cadence_days', 3650)
 WHERE tbl = 'customers' AND old IS NOT NULL AND json_extract(old, '$.cadence_days') > 3650;

-- rolo schema v13: the values of before that are past the limits rolo has kept since v12
-- (domain::deal::MAX_VALUE_MINOR, domain::interaction::MAX_MINUTES,
-- domain::customer::MAX_CADENCE_DAYS) are brought to the limit, in the rows and in the undo
-- journal's before-images (an undo would put one back). An older rolo, or its CSV and vCard
-- imports, stored any number: two deals of 92 233 720 368 547 758.07 EUR made every total
-- fail with an integer overflow, and a rhythm of 4 000 000 000 days made `rolo show` panic
-- adding it to a day. Days past 9999-12-31, which a date like `+2920000d` or a monthly series
-- reaching 9999 stored as `+10021-08-15` (and which sorted before every other day), become
-- 9999-12-31, the last day rolo keeps (domain::when::LAST_DAY); a deal's close date before
-- year 1 (`--close=-2100y` stored `-0074-12-07`) becomes 0001-01-01, the first. The migration names each one
-- before it runs (migrate::past_limits), and
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
UPDATE follow_ups SET due_date = '9999-12-31' WHERE due_date LIKE '+%';
UPDATE follow_ups SET due_date = '0001-01-01' WHERE due_date LIKE '-%';
UPDATE follow_ups SET original_due = '9999-12-31' WHERE original_due LIKE '+%';
UPDATE follow_ups SET original_due = '0001-01-01' WHERE original_due LIKE '-%';
UPDATE deals SET expected_close = '9999-12-31' WHERE expected_close LIKE '+%';
UPDATE deals SET expected_close = '0001-01-01' WHERE expected_close LIKE '-%';
UPDATE change_ops SET old = json_set(old, '$.due_date', '9999-12-31')
 WHERE tbl = 'follow_ups' AND old IS NOT NULL AND json_extract(old, '$.due_date') LIKE '+%';
UPDATE change_ops SET old = json_set(old, '$.due_date', '0001-01-01')
 WHERE tbl = 'follow_ups' AND old IS NOT NULL AND json_extract(old, '$.due_date') LIKE '-%';
UPDATE change_ops SET old = json_set(old, '$.original_due', '9999-12-31')
 WHERE tbl = 'follow_ups' AND old IS NOT NULL AND json_extract(old, '$.original_due') LIKE '+%';
UPDATE change_ops SET old = json_set(old, '$.original_due', '0001-01-01')
 WHERE tbl = 'follow_ups' AND old IS NOT NULL AND json_extract(old, '$.original_due') LIKE '-%';
UPDATE change_ops SET old = json_set(old, '$.expected_close', '9999-12-31')
 WHERE tbl = 'deals' AND old IS NOT NULL AND json_extract(old, '$.expected_close') LIKE '+%';
UPDATE change_ops SET old = json_set(old, '$.expected_close', '0001-01-01')
 WHERE tbl = 'deals' AND old IS NOT NULL AND json_extract(old, '$.expected_close') LIKE '-%';
-- Each customer's next step again (as store::bulk's RECOMPUTE_SQL has it): such a day was
-- taken for the earliest.
UPDATE customers SET next_due = (SELECT min(due_date) FROM follow_ups
                                  WHERE customer_id = customers.id AND status = 'open')
 WHERE next_due IS NOT (SELECT min(due_date) FROM follow_ups
                         WHERE customer_id = customers.id AND status = 'open');

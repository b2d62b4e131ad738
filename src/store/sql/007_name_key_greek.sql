-- rolo schema v7: name keys fold Greek accents and final sigma, and Cyrillic ё, as
-- domain::text::fold now does (`Νίκος` sorts and is found as `νικοσ`). Keys of names with
-- any letter beyond ASCII are emptied here and computed again by `name_key::fill` in the
-- same transaction (migrate.rs); ASCII names keep theirs, which did not change.
UPDATE customers SET name_key = ''
 WHERE length(name) <> length(CAST(name AS BLOB));

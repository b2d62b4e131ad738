-- rolo schema v4: the customer search index without prefix indexes. FTS5 answers a prefix
-- query (`kow*`) from the term index alone; the extra 2- and 3-character indexes made no
-- measurable difference to search at 100,000 customers (`an*`: 24 ms with, 26 ms without;
-- `kow*` 7 ms both) but cost 40% of the index's build time on every bulk load and a
-- third of its size. Same columns, content view and tokenizer; rebuilt from the rows.
DROP TABLE customers_fts;
CREATE VIRTUAL TABLE customers_fts USING fts5(
  name, notes, needs,
  content = 'customers_fts_src', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO customers_fts(customers_fts) VALUES ('rebuild');

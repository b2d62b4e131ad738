#!/usr/bin/env bash
# Import speed against the floor (issue 5): whole-process time of `rolo import` of the
# generator's Google-style CSV into a fresh database, against `sqlite3 .import` of the same
# file into a bare table (no parsing of names, no matching, no indexes, no FTS); and of the
# generator's vdir of vCards (one file per card). Medians of `runs` alternating runs, each
# into a new file; peak memory (max RSS, /usr/bin/time %M) of rolo's runs.
#
# A row for information: sqlite3 itself importing the file and then doing the writes rolo's
# schema needs for the same rows (customers and their organizations, contact points, tags,
# the secondary indexes, the FTS index, one commit) — a floor for rolo's schema, with no
# parsing of names, no matching and no journal.
#
# Usage: benches/import.sh [runs] [customers] [vcards]   e.g.  benches/import.sh 7 100000 10000
# Needs python3, sqlite3 and GNU time (apt-get install sqlite3 time). Builds release.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
n=${2:-100000}
nv=${3:-10000}
gen=$PWD/../shared/bench/gen.py
[ -f "$gen" ] || { echo "no $gen (the shared data generator)" >&2; exit 1; }
# shellcheck source=benches/common.sh
. benches/common.sh
bench_setup
export ROLO_TODAY=2026-11-23 ROLO_CONFIG=$dir/none.toml TZ=UTC
python3 "$gen" "$n" --out "$dir/gen" --today "$ROLO_TODAY" >/dev/null
python3 "$gen" "$nv" --out "$dir/genv" --today "$ROLO_TODAY" --vcards >/dev/null
csv=$dir/gen/customers-$n.csv
vdir=$dir/genv/vcards-$nv

ms() { echo $(( $(once_us "$@") / 1000 )); }
fresh() { rm -f "$dir"/x.db "$dir"/x.db-wal "$dir"/x.db-shm; }

# The writes rolo's schema needs, done by sqlite3 from the imported table `c`. sqlite3 cannot
# fold a name as rolo does for its sort key (domain::text::name_key): lower() stands in. The
# index of CJK/Thai letter pairs in notes (schema v22) gets nothing from this file's rows (all
# its notes are ASCII): the trigger that writes down rows for it (v23) goes, as rolo's bulk
# load sets it aside.
"$bin" --db "$dir/empty.db" list >/dev/null
floor_sql="
PRAGMA synchronous = FULL;
.mode csv
.import --schema temp $csv c
.mode list
BEGIN IMMEDIATE;
DROP TRIGGER journal_customers_i; DROP TRIGGER journal_contact_points_i;
DROP TRIGGER journal_customer_tags_i; DROP TRIGGER journal_tags_i; DROP TRIGGER customers_fts_ai;
DROP TRIGGER customers_grams_mark_ai;
DROP INDEX customers_name_key; DROP INDEX customers_org; DROP INDEX contact_points_norm;
DROP INDEX customer_tags_tag;
INSERT INTO customers(kind, name, name_key, uid, created_at, updated_at)
  SELECT 'org', \"Organization Name\", lower(\"Organization Name\"), printf('%016x%016x', 1, rowid), 1, 1
  FROM temp.c WHERE \"Organization Name\" <> '' GROUP BY \"Organization Name\";
INSERT INTO customers(kind, name, name_key, title, notes, address, uid, created_at, updated_at)
  SELECT 'person', trim(\"First Name\" || ' ' || \"Last Name\"),
         lower(trim(\"First Name\" || ' ' || \"Last Name\")), \"Organization Title\", \"Notes\",
         \"Address 1 - City\", printf('%016x%016x', 2, rowid), 1, 1 FROM temp.c;
INSERT INTO contact_points(customer_id, kind, value, norm, label, position)
  SELECT rowid, 'email', \"E-mail 1 - Value\", lower(\"E-mail 1 - Value\"), 'work', 0
  FROM temp.c WHERE \"E-mail 1 - Value\" <> '';
INSERT INTO contact_points(customer_id, kind, value, norm, label, position)
  SELECT rowid, 'phone', \"Phone 1 - Value\", replace(replace(\"Phone 1 - Value\", ' ', ''), '-', ''),
         'mobile', 1 FROM temp.c WHERE \"Phone 1 - Value\" <> '';
INSERT INTO tags(name) VALUES ('lead'), ('vip');
INSERT INTO customer_tags(customer_id, tag_id) SELECT rowid, 1 FROM temp.c WHERE Labels LIKE '%Lead%';
INSERT INTO customer_tags(customer_id, tag_id) SELECT rowid, 2 FROM temp.c WHERE Labels LIKE '%Vip%';
CREATE INDEX customers_name_key ON customers(name_key, name);
CREATE INDEX customers_org ON customers(org_id) WHERE org_id IS NOT NULL;
CREATE INDEX contact_points_norm ON contact_points(kind, norm);
CREATE INDEX customer_tags_tag ON customer_tags(tag_id);
INSERT INTO customers_fts(customers_fts) VALUES ('rebuild');
COMMIT;"
printf '%s\n' "$floor_sql" >"$dir/floor.sql"
cp "$dir/empty.db" "$dir/check.db"
sqlite3 -bail "$dir/check.db" <"$dir/floor.sql" >/dev/null
[ "$(sqlite3 "$dir/check.db" 'SELECT count(*) > 0 FROM customers_fts_idx')" = 1 ] || {
  echo "the floor SQL did not run" >&2
  exit 1
}

rolo_t=() sq_t=() floor_t=() vcf_t=()
for _ in $(seq "$runs"); do
  fresh; rolo_t+=("$(ms "$bin" --db "$dir/x.db" import "$csv")")
  fresh; sq_t+=("$(ms sqlite3 "$dir/x.db" ".import --csv $csv customers")")
  fresh; cp "$dir/empty.db" "$dir/x.db"
  floor_t+=("$(ms sh -c "sqlite3 -bail '$dir/x.db' < '$dir/floor.sql'")")
  fresh; vcf_t+=("$(ms "$bin" --db "$dir/x.db" import "$vdir")")
done
fresh; rolo_kb=$(peak_kb "$bin" --db "$dir/x.db" import "$csv")
fresh; vcf_kb=$(peak_kb "$bin" --db "$dir/x.db" import "$vdir")
r=$(printf '%s\n' "${rolo_t[@]}" | median)
s=$(printf '%s\n' "${sq_t[@]}" | median)
f=$(printf '%s\n' "${floor_t[@]}" | median)
v=$(printf '%s\n' "${vcf_t[@]}" | median)
printf '%-44s %8s %8s %8s\n' what ms ratio peak_MB
printf '%-44s %8d %8s %8s\n' "sqlite3 .import customers-$n.csv" "$s" 1.00x -
printf '%-44s %8d %7.2fx %8s\n' "sqlite3, rolo's schema writes (floor)" "$f" "$(echo "$f / $s" | bc -l)" -
printf '%-44s %8d %7.2fx %8.1f\n' "rolo import customers-$n.csv" "$r" "$(echo "$r / $s" | bc -l)" "$(echo "$rolo_kb / 1024" | bc -l)"
printf '%-44s %8d %8s %8.1f\n' "rolo import vcards-$nv/ (one file per card)" "$v" - "$(echo "$vcf_kb / 1024" | bc -l)"
